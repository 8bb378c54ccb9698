"""Built-in Python rules: the QB area of the catalog (the QuickBooks company file).

The rules live in modules by topic; this module registers them all as one plugin:
- `qb_plan`: the plan and its class limit (QB004, QB005, QB006);
- `qb_income`: billing categories, items and income accounts (QB007, QB008, QB009);
- `qb_trust`: trust bank and liability accounts (QB010, QB012, QB014);
- `qb_commingling`: one bank account for trust and operating money (QB011);
- `qb_ledgers`: client sub-accounts and the account limit (QB013, QB016).
QB001, QB002, QB003 and QB015 are plain settings checks: YAML rules in `rules/qb/`.
"""

from __future__ import annotations

from ledgerlint.builtin import qb_commingling
from ledgerlint.builtin import qb_income
from ledgerlint.builtin import qb_ledgers
from ledgerlint.builtin import qb_plan
from ledgerlint.builtin import qb_trust
from ledgerlint.plugins import Rule
from ledgerlint.plugins import hookimpl

RULES: list[Rule] = [
    *qb_plan.RULES,
    *qb_income.RULES,
    *qb_trust.RULES,
    *qb_commingling.RULES,
    *qb_ledgers.RULES,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
