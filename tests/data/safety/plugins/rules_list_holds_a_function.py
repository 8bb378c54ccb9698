"""`ledgerlint_rules` returns an undecorated function among its rules; the good one still runs."""

from ledgerlint.models.findings import Problem
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

EXPECTED = [
    'plugin "{plugin}": ledgerlint_rules returned a function among its rules, not a Rule '
    "(decorate it with @rule)"
]
RUNS = ["XF102"]


def forgot_the_decorator(ctx):
    yield Problem("never runs", "", "x")


@rule("XF102", "firm-good", severity="info")
def good(ctx):
    """Fires once.

    ## Why it matters
    Tests.

    ## How to fix
    Nothing.
    """
    yield Problem("the good rule ran", "", "good")


@hookimpl
def ledgerlint_rules():
    return [forgot_the_decorator, good]
