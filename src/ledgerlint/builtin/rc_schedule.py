"""Built-in Python rules, the RC area (dates): RC006-RC007.

Whether the reconciliation is being done at all: trust accounts reconciled too long ago,
statements missing or too old for RC001 to mean anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ledgerlint.books.reconciliation import active_trust_banks
from ledgerlint.books.reconciliation import statements_for
from ledgerlint.models.jurisdiction import Jurisdiction
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule
from ledgerlint.plugins.rule import RuleOutput

DEFAULT_MONTHLY_DAYS = 45
DEFAULT_QUARTERLY_DAYS = 120
DEFAULT_STATEMENT_MAX_DAYS = 45


def _cadence(ctx: RuleContext) -> tuple[str, str]:
    """The strictest cadence among the firm's jurisdictions in the table, and who sets it."""
    table: Mapping[str, Jurisdiction] = ctx.jurisdictions
    known = ctx.books.jurisdictions.known
    if not known and "ABA" in table:
        return table["ABA"].reconcile, "the ABA Model Rules (the default)"
    if not known:
        return "quarterly", "the ABA Model Rules (the default)"
    cadence = "monthly" if any(j.reconcile == "monthly" for j in known) else "quarterly"
    setters = [j.code for j in known if j.reconcile == cadence]
    return cadence, " and ".join(setters)


@rule(
    "RC006",
    "reconciliation-overdue",
    severity="error",
    tags=("trust", "reconciliation", "jurisdiction"),
    requires=("qbo.Account",),
    options=(
        RuleOption(
            "monthly_days",
            DEFAULT_MONTHLY_DAYS,
            "Days allowed since the last reconciliation where a jurisdiction requires monthly.",
            {"type": "integer", "minimum": 1},
        ),
        RuleOption(
            "quarterly_days",
            DEFAULT_QUARTERLY_DAYS,
            "Days allowed where the strictest jurisdiction requires quarterly.",
            {"type": "integer", "minimum": 1},
        ),
    ),
)
def reconciliation_overdue(ctx: RuleContext) -> RuleOutput:
    """A trust bank account's latest `reconciled_at` (over its `bank.statements`) is further
    before `captured_at` than the strictest reconciliation cadence of the firm's jurisdictions
    allows, or there is none.

    The cadence comes from the jurisdiction table for `firm.jurisdictions` (monthly wins over
    quarterly); codes not in the table are ignored (JX003 reports them) and with none known the
    ABA default applies. Monthly allows `monthly_days` (45), quarterly `quarterly_days` (120);
    the limit is exceeded at one day more.

    ## Why it matters
    Regular three-way reconciliation is how a firm catches a shortfall before a client or the
    bar does; most states require it monthly (California, New York, Texas, Florida), the ABA
    model quarterly. An overdue reconciliation is itself a records violation in a random audit.

    ## How to fix
    Reconcile the trust account for every period since the last one: QuickBooks Gear →
    Reconcile (the trust bank account, statement by statement), Clio Accounts → the trust
    account → Reconcile, and `ledgerlint reconcile` for the three-way report to sign. Record
    the date in the snapshot's `bank.statements[].reconciled_at`.

    ## References
    - ABA Model Rules on Client Trust Account Records, Rule 1(e) (quarterly)
    - California Rules of Professional Conduct 1.15, Standard (d)(1)(v) (monthly)
    """
    books = ctx.books
    banks = active_trust_banks(books.chart)
    if not banks:
        ctx.skip("QuickBooks has no trust bank account (QB010 reports a missing one)")
    cadence, setter = _cadence(ctx)
    limit = int(ctx.options[f"{cadence}_days"])
    verb = "require" if " and " in setter or setter.startswith("the ") else "requires"
    rule_text = f"{setter} {verb} {cadence} reconciliation (at most {limit} days)"
    today = ctx.snapshot.captured_at.date()
    for bank in banks:
        dated = [
            (index, s)
            for index, s in statements_for(ctx.snapshot, books.chart, bank)
            if s.reconciled_at is not None
        ]
        if not dated:
            yield Problem(
                message=(
                    f"{bank.full_name} has no recorded reconciliation (no bank statement with "
                    f"`reconciled_at`); {rule_text}."
                ),
                pointer=bank.pointer,
                key=f"{bank.key}/reconciled_at",
                logical=bank.full_name,
                properties={"cadence": cadence, "limit_days": limit},
            )
            continue
        index, latest = max(dated, key=lambda item: item[1].reconciled_at or date.min)
        assert latest.reconciled_at is not None
        days = (today - latest.reconciled_at).days
        if days <= limit:
            continue
        yield Problem(
            message=(
                f"{bank.full_name} was last reconciled on {latest.reconciled_at}, {days} days "
                f"before the snapshot ({today}); {rule_text}."
            ),
            pointer=f"/bank/statements/{index}/reconciled_at",
            key=f"{bank.key}/reconciled_at",
            logical=bank.full_name,
            properties={
                "reconciled_at": str(latest.reconciled_at),
                "days": days,
                "cadence": cadence,
                "limit_days": limit,
            },
        )


@rule(
    "RC007",
    "statement-missing",
    severity="warning",
    tags=("trust", "reconciliation"),
    requires=("qbo.Account",),
    options=(
        RuleOption(
            "max_days",
            DEFAULT_STATEMENT_MAX_DAYS,
            "Days allowed between the latest statement's period_end and captured_at.",
            {"type": "integer", "minimum": 0},
        ),
    ),
)
def statement_missing(ctx: RuleContext) -> RuleOutput:
    """A trust bank account has no bank statement in `bank.statements` (matched by its QuickBooks
    name), or its latest `period_end` is more than `max_days` (45) before `captured_at`, so
    RC001 cannot reconcile it on current figures.

    ## Why it matters
    The three-way reconciliation (RC001) needs the bank's own figure. Without a recent
    statement the books and Clio can only be compared with each other, and an error the bank
    would reveal (a missing deposit, a cleared check never recorded) goes unseen.

    ## How to fix
    Download the latest statement from the bank and add it to the snapshot's `bank.statements`
    (account = the QuickBooks bank account's name, `period_end`, `ending_balance`, and the
    deposits in transit and outstanding checks from the reconciliation).

    ## References
    - ABA Model Rules on Client Trust Account Records, Rule 1(e)
    """
    books = ctx.books
    banks = active_trust_banks(books.chart)
    if not banks:
        ctx.skip("QuickBooks has no trust bank account (QB010 reports a missing one)")
    limit = int(ctx.options["max_days"])
    today = ctx.snapshot.captured_at.date()
    for bank in banks:
        statements = statements_for(ctx.snapshot, books.chart, bank)
        if not statements:
            yield Problem(
                message=(
                    f"{bank.full_name} has no bank statement in the snapshot: RC001 cannot "
                    "reconcile it."
                ),
                pointer="/bank/statements" if ctx.snapshot.bank else bank.pointer,
                key=f"{bank.key}/statement",
                logical=bank.full_name,
            )
            continue
        index, latest = max(statements, key=lambda item: item[1].period_end)
        days = (today - latest.period_end).days
        if days <= limit:
            continue
        yield Problem(
            message=(
                f"The latest bank statement for {bank.full_name} ends {latest.period_end}, "
                f"{days} days before the snapshot ({today}): RC001 cannot reconcile on current "
                f"figures (limit {limit} days)."
            ),
            pointer=f"/bank/statements/{index}/period_end",
            key=f"{bank.key}/statement",
            logical=bank.full_name,
            properties={"period_end": str(latest.period_end), "days": days, "limit_days": limit},
        )


RULES: list[Rule] = [reconciliation_overdue, statement_missing]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
