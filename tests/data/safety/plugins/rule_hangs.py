"""Rules that never finish, one of them swallowing every Exception: both are stopped by the
time budget and reported; their partial findings are dropped."""

from ledgerlint.models.findings import Problem
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

CONFIG = {"rule_timeout": 0.3}
EXPECTED = [
    "XF401: stopped: over the rule time budget of 0.3 s (raise it with --rule-timeout or "
    "`rule_timeout:` in the configuration; 0 is no limit)",
    "XF402: stopped: over the rule time budget of 0.3 s (raise it with --rule-timeout or "
    "`rule_timeout:` in the configuration; 0 is no limit)",
]


@rule("XF401", "firm-hangs", severity="error")
def hangs(ctx):
    """Loops forever.

    ## Why it matters
    Tests.

    ## How to fix
    Nothing.
    """
    yield Problem("a partial finding", "", "partial")
    while True:
        pass


@rule("XF402", "firm-hangs-stubbornly", severity="error")
def hangs_stubbornly(ctx):
    """Loops forever and catches every Exception.

    ## Why it matters
    Tests.

    ## How to fix
    Nothing.
    """
    while True:
        try:
            sum(range(10_000))
        except Exception:  # the point of the test: it swallows everything it can
            continue
    yield


@hookimpl
def ledgerlint_rules():
    return [hangs, hangs_stubbornly]
