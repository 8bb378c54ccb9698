"""A rule that raises: reported against the plugin, the other rules run."""

from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

EXPECTED = [
    "XF301: plugin \"{plugin}\": rule failed (python:{module}.explodes): KeyError: 'Balance'"
]


@rule("XF301", "firm-explodes", severity="error")
def explodes(ctx):
    """Raises.

    ## Why it matters
    Tests.

    ## How to fix
    Nothing.
    """
    yield from ()
    raise KeyError("Balance")


@hookimpl
def ledgerlint_rules():
    return [explodes]
