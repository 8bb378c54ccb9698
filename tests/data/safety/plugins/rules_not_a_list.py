"""`ledgerlint_rules` returns a dict instead of a list."""

from ledgerlint.plugins import hookimpl

EXPECTED = ['plugin "{plugin}": ledgerlint_rules returned a dict, not a list of rules']


@hookimpl
def ledgerlint_rules():
    return {"XF001": "not a rule"}
