"""What the TR (trust ledger integrity) rules share; the rules are in `tr_ledger.py` (TR001,
TR003, TR009, TR010) and `tr_invoices.py` (TR002, TR004–TR008).

- summaries: a rule that can report many transactions also yields one `summary:<ID>` problem
  with the count and the exact total, because "47 deposits, $31,000" is what a partner reads;
- which customer a QBO line names, in either of QuickBooks' two entity shapes;
- dates as the two APIs spell them;
- the transaction lists a rule reads, with a notice for each one the snapshot lacks.
"""

from __future__ import annotations

from collections.abc import Generator
from collections.abc import Iterable
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from ledgerlint.builtin.books import money
from ledgerlint.models.findings import Notice
from ledgerlint.models.findings import Problem
from ledgerlint.models.qbo import JournalEntity
from ledgerlint.models.qbo import LineDetail
from ledgerlint.models.qbo import Ref
from ledgerlint.plugins.rule import RuleContext

SUMMARY_MIN = 2
"""A summary is yielded only from this many findings on: one finding needs no summary."""


def summary(
    rule_id: str,
    problems: list[Problem],
    totals: Iterable[Decimal],
    *,
    message: str,
    pointer: str,
    logical: str | None = None,
) -> Problem | None:
    """One problem that counts and totals the findings of a rule, or None below SUMMARY_MIN.

    `message` is formatted with `{count}` and `{total}` (the exact sum, as money).
    """
    if len(problems) < SUMMARY_MIN:
        return None
    total = sum(totals, Decimal(0))
    return Problem(
        message=message.format(count=len(problems), total=money(total)),
        pointer=pointer,
        key=f"summary:{rule_id}",
        properties={"summary": True, "count": len(problems), "total": str(total)},
        logical=logical,
    )


def line_customer(detail: LineDetail | None) -> Ref | None:
    """The customer a Deposit or JournalEntry line names, or None (no entity, or a vendor)."""
    if detail is None or detail.Entity is None:
        return None
    if isinstance(detail.Entity, JournalEntity):
        kind, ref = detail.Entity.Type, detail.Entity.EntityRef
    else:
        kind, ref = detail.Entity.type, detail.Entity
    if ref is None or not (ref.value or ref.name):
        return None
    if kind and kind.lower() != "customer":
        return None
    return ref


def day(value: date | datetime | str | None) -> date | None:
    """A calendar day from an API date (`"2026-11-06"`), timestamp or date; None if unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def qbo_lists(
    ctx: RuleContext, names: tuple[str, ...]
) -> Generator[Notice, None, dict[str, list[Any]]]:
    """The QBO transaction lists a rule reads. Each absent one is announced as a `skipped`
    notice (a partial check is said, not hidden); if all are absent the rule cannot run."""
    qbo = ctx.snapshot.qbo
    found = {
        name: items
        for name in names
        if (items := getattr(qbo, name) if qbo is not None else None) is not None
    }
    if not found:
        listed = ", ".join(f"`qbo.{name}`" for name in names)
        ctx.skip(f"the snapshot has none of {listed}")
    for name in names:
        if name not in found:
            yield Notice(f"did not check {name} transactions: the snapshot has no `qbo.{name}`")
    return found
