"""`ledgerlint_rules` raises."""

from ledgerlint.plugins import hookimpl

EXPECTED = [
    'plugin "{plugin}": ledgerlint_rules failed: RuntimeError: cannot reach the firm\'s wiki'
]


@hookimpl
def ledgerlint_rules():
    raise RuntimeError("cannot reach the firm's wiki")
