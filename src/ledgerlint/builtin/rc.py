"""Built-in Python rules: the RC area of the catalog."""

from __future__ import annotations

from ledgerlint.plugins import Rule
from ledgerlint.plugins import hookimpl

RULES: list[Rule] = []


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
