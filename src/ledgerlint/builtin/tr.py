"""What the TR (trust ledger integrity) rules share. The rules are in `tr_ledger.py` (TR001,
TR009: postings to the trust liability), `tr_balances.py` (TR003, TR010: client trust
balances), `tr_payments.py` (TR002, TR004, TR007: where payments land) and `tr_invoices.py`
(TR005, TR006, TR008: invoices against Clio bills).

- summaries: a rule that can report many transactions also yields one `summary:<ID>` problem
  with the count and the exact total, because "47 deposits, $31,000" is what a partner reads
  (from `SUMMARY_MIN` findings on, shared with RC002 through `ledgerlint.builtin.books`);
- which customer a QBO line names, in either of QuickBooks' two entity shapes, and how an
  invoice's customer and a bill's client are named in messages;
- the transaction lists a rule reads, with a notice for each one the snapshot lacks.
Dates as the two APIs spell them are read by `ledgerlint.builtin.books.day`.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Generator
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ledgerlint.builtin.books import SUMMARY_MIN
from ledgerlint.builtin.books import money
from ledgerlint.models.clio import Bill
from ledgerlint.models.findings import Notice
from ledgerlint.models.findings import Problem
from ledgerlint.models.qbo import Invoice
from ledgerlint.models.qbo import JournalEntity
from ledgerlint.models.qbo import LineDetail
from ledgerlint.models.qbo import Ref
from ledgerlint.plugins.rule import RuleContext

VOID_STATES = ("void", "deleted")
"""Clio bill states in which the bill no longer stands."""


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
