"""A rule ID that selection could not tell apart from a prefix or a name."""

from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

EXPECTED = [
    "plugin \"{plugin}\": rule ID 'firm-1' is not 2 to 4 capital letters and 3 digits (e.g. XF001)"
]


@rule("firm-1", "firm-lowercase", severity="info")
def lowercase(ctx):
    """Has a bad ID.

    ## Why it matters
    Tests.

    ## How to fix
    Nothing.
    """
    return []


@hookimpl
def ledgerlint_rules():
    return [lowercase]
