"""What the built-in rules share when they word their findings.

- `summary`: a rule that can report many transactions also yields one `summary:<ID>` problem
  with the count and the exact total, because "47 deposits, $31,000" is what a partner reads
  (from `SUMMARY_MIN` findings on);
- how an invoice's customer and a bill's client are named in messages, and the notice for a
  bill number QuickBooks invoices of several customers share;
- `join_words` (`a, b and c`);
- `qbo_lists`: the transaction lists a rule reads, with a notice for each one the snapshot lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Generator
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ledgerlint.models.clio import Bill
from ledgerlint.models.findings import Notice
from ledgerlint.models.findings import Problem
from ledgerlint.models.money import money
from ledgerlint.models.qbo import Invoice
from ledgerlint.plugins.rule import RuleContext

VOID_STATES = ("void", "deleted")
"""Clio bill states in which the bill no longer stands."""
SUMMARY_MIN = 2
"""A rule adds a summary finding only from this many findings on: one finding needs none."""


def join_words(words: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


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


def invoice_customer(invoice: Invoice) -> str:
    """The customer an invoice is for, as a message names it."""
    ref = invoice.CustomerRef
    return (ref.name or f"customer {ref.value}") if ref else "no customer"


def bill_client(bill: Bill) -> str:
    """The client a Clio bill is for, as a message names it."""
    return bill.client.name if bill.client and bill.client.name else "no client"


def ambiguous_bill_invoices(
    bill_number: str | None,
    client: str,
    candidates: list[Invoice],
    customer_of: Callable[[Invoice], str],
    pointer: str,
) -> Notice:
    """The notice for a bill whose number is carried by invoices of several customers, none
    (or several) of them the bill's client: reported, not guessed (`Matching.bill_invoices`)."""
    listed = ", ".join(
        f"{invoice.label} for {customer_of(invoice) or 'no customer'}" for invoice in candidates
    )
    return Notice(
        f"Clio bill {bill_number or '(no number)'} ({client}): QuickBooks invoices of several "
        f"customers carry its number ({listed}) and none or several match the client; "
        "skipped, not guessed",
        pointer,
        kind="ambiguous",
    )


def qbo_lists(
    ctx: RuleContext, names: tuple[str, ...]
) -> Generator[Notice, None, dict[str, list[Any]]]:
    """The QBO transaction lists a rule reads. Each absent one is announced as a `not-run`
    notice (the rule ran on the others, but not in full); if all are absent it cannot run."""
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
            yield Notice(
                f"did not check {name} transactions: the snapshot has no `qbo.{name}`",
                kind="not-run",
            )
    return found
