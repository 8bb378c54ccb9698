"""A plugin rule reuses the built-in ID QB001: the built-in wins, the plugin is reported."""

from ledgerlint.models.findings import Problem
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

EXPECTED = [
    'plugin "{plugin}": rule QB001 is already defined by a built-in rule; '
    "this plugin's QB001 is not used"
]


@rule("QB001", "firm-shadow", severity="error")
def shadow(ctx):
    """Would replace the built-in QB001.

    ## Why it matters
    Tests.

    ## How to fix
    Nothing.
    """
    yield Problem("the shadow ran", "", "shadow")


@hookimpl
def ledgerlint_rules():
    return [shadow]
