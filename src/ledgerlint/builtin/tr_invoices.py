"""Built-in Python rules, TR area, QuickBooks invoices against Clio bills: TR005, TR006, TR008.

- TR005: a voided or deleted Clio bill whose invoice is still active;
- TR006: duplicate invoices (same customer and number, or amount and date);
- TR008: an unapproved Clio bill that already has an invoice.

Bills and invoices are joined by number through `ctx.books.matching`. Where payments land
(TR002, TR004, TR007) is judged in `tr_payments.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from ledgerlint.books.matching import Matching
from ledgerlint.builtin.problems import VOID_STATES
from ledgerlint.builtin.problems import ambiguous_bill_invoices
from ledgerlint.builtin.problems import bill_client
from ledgerlint.builtin.problems import invoice_customer
from ledgerlint.builtin.problems import summary

# TR007 moved to tr_payments.py; re-exported because callers import it from here.
from ledgerlint.builtin.tr_payments import bank_feed_double_booking as bank_feed_double_booking
from ledgerlint.models.clio import Bill
from ledgerlint.models.money import money
from ledgerlint.models.qbo import Invoice
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule
from ledgerlint.plugins.rule import RuleOutput

UNAPPROVED_STATES = ("draft", "awaiting_approval")


# --- TR005 ------------------------------------------------------------------------------------


@rule(
    "TR005",
    "void-not-synced",
    severity="error",
    tags=("bill-syncing", "seed"),
    requires=("clio.bills", "qbo.Invoice"),
)
def void_not_synced(ctx: RuleContext) -> RuleOutput:
    """A Clio bill in state `void` or `deleted` whose QuickBooks Invoice (same `DocNumber` as
    the bill `number`) is still active (not voided) with a non-zero total.

    When invoices of several customers carry the number, only those whose customer matches
    the bill's client by name are the bill's; if that cannot be told, an `ambiguous` notice
    names them and the bill is skipped.

    ## Why it matters
    Clio does not always push voids and deletions: the invoice stays in QuickBooks as revenue
    and a receivable nobody will pay, and the books overstate income until someone notices.

    ## How to fix
    QuickBooks: open the invoice (Sales → All sales → the invoice number) → More → Void. Check
    that no Payment is applied to it first (TR004).

    ## References
    - Clio Help: QuickBooks Online sync (voided and deleted bills)
    """
    joins = ctx.books.matching
    for bill in (ctx.snapshot.clio.bills or []) if ctx.snapshot.clio else []:
        if bill.state not in VOID_STATES:
            continue
        invoices, candidates = joins.bill_invoices(bill.number, _client(bill))
        if candidates:
            yield _ambiguous(joins, bill, candidates)
        for invoice in invoices:
            if invoice.voided or invoice.TotalAmt == 0:
                continue
            yield Problem(
                message=(
                    f"Clio bill {bill.number} ({bill_client(bill)}) is {bill.state}, but "
                    f"QuickBooks {invoice.label} for {invoice_customer(invoice)} is still active: total "
                    f"{money(invoice.TotalAmt)}, balance {money(invoice.Balance)}."
                ),
                pointer=invoice.pointer,
                key=f"{invoice.key}:bill:{bill.id}",
                related=((bill.pointer, f"the {bill.state} Clio bill"),),
                properties={
                    "invoice_id": invoice.Id,
                    "DocNumber": invoice.DocNumber or "",
                    "bill_id": str(bill.id),
                    "state": bill.state or "",
                    "total": str(invoice.TotalAmt),
                },
                logical=invoice_customer(invoice),
            )


# --- TR006 ------------------------------------------------------------------------------------


@rule(
    "TR006",
    "duplicate-invoice",
    severity="error",
    tags=("bill-syncing", "seed"),
    requires=("qbo.Invoice",),
)
def duplicate_invoice(ctx: RuleContext) -> RuleOutput:
    """Two or more active (not voided) QuickBooks Invoices with the same customer and
    `DocNumber`, or the same customer, `TotalAmt` and `TxnDate`.

    Invoices linked by either criterion form one group, so a pair that matches both is reported
    once: one finding per group, at the latest invoice (by date, then Id), the others related.
    Zero-total invoices are not paired by amount and date. A summary gives the count and the
    total of the duplicates (every invoice of a group but the earliest) when there are several.

    ## Why it matters
    A bill keyed in by hand and then synced, or synced twice, doubles revenue and the client's
    receivable. The seed firm reported $180,000 of revenue when $90,000 was real.

    ## How to fix
    QuickBooks: keep the invoice Clio created (it carries the sync link), move any Payment from
    the duplicate to it, then void the duplicate (More → Void). Turn on custom transaction
    numbers (QB015) so Clio's numbers are kept.

    ## References
    - Clio Help: QuickBooks Online sync (duplicate invoices)
    """
    active = [i for i in ctx.snapshot.qbo.Invoice or [] if not i.voided] if ctx.snapshot.qbo else []
    parent = list(range(len(active)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_seen: dict[tuple[str, ...], int] = {}
    for position, invoice in enumerate(active):
        customer = invoice.CustomerRef.value if invoice.CustomerRef else None
        if not customer:
            continue
        keys: list[tuple[str, ...]] = []
        if invoice.DocNumber and invoice.DocNumber.strip():
            keys.append(("number", customer, invoice.DocNumber.strip()))
        if invoice.TotalAmt != 0 and invoice.TxnDate is not None:
            keys.append(("amount", customer, str(invoice.TotalAmt), str(invoice.TxnDate)))
        for key in keys:
            if key in first_seen:
                parent[root(position)] = root(first_seen[key])
            else:
                first_seen[key] = position
    groups: dict[int, list[Invoice]] = {}
    for position, invoice in enumerate(active):
        groups.setdefault(root(position), []).append(invoice)
    found: list[Problem] = []
    extra: list[Decimal] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        problem, duplicated = _tr006(members)
        found.append(problem)
        extra.append(duplicated)
    yield from found
    total = summary(
        "TR006",
        found,
        extra,
        message="{count} groups of duplicate invoices overstate revenue and A/R by {total}.",
        pointer="/qbo/Invoice",
    )
    if total is not None:
        yield total


def _order(invoice: Invoice) -> tuple[date, int, str]:
    numeric = int(invoice.Id) if invoice.Id.isdigit() else 0
    return (invoice.TxnDate or date.min, numeric, invoice.Id)


def _tr006(members: list[Invoice]) -> tuple[Problem, Decimal]:
    members = sorted(members, key=_order)
    earliest, latest = members[0], members[-1]
    others = members[:-1]
    same = []
    if all(m.DocNumber == latest.DocNumber for m in others):
        same.append("DocNumber")
    if all(m.TotalAmt == latest.TotalAmt and m.TxnDate == latest.TxnDate for m in others):
        same += ["TotalAmt", "TxnDate"]
    duplicated = sum((m.TotalAmt for m in members[1:]), Decimal(0))

    def described(invoice: Invoice) -> str:
        number = f" {invoice.DocNumber}" if invoice.DocNumber else ""
        return f"Invoice{number} (Id {invoice.Id}, {money(invoice.TotalAmt)}, {invoice.TxnDate})"

    listed = ", ".join(described(m) for m in others)
    basis = (
        ", ".join(["same customer", *same])
        if same
        else "same customer; DocNumber, or TotalAmt and TxnDate"
    )
    return (
        Problem(
            message=(
                f"{described(latest)} for {invoice_customer(latest)} duplicates {listed} ({basis}): "
                f"revenue and A/R are overstated by {money(duplicated)}."
            ),
            pointer=latest.pointer,
            key=f"{earliest.key}:duplicates",
            related=tuple((m.pointer, f"duplicate {m.label}") for m in others),
            properties={
                "invoice_ids": [m.Id for m in members],
                "customer": invoice_customer(latest),
                "overstated": str(duplicated),
            },
            logical=invoice_customer(latest),
        ),
        duplicated,
    )


# --- TR008 ------------------------------------------------------------------------------------


@rule(
    "TR008",
    "draft-bill-synced",
    severity="error",
    tags=("bill-syncing", "seed"),
    requires=("clio.bills", "qbo.Invoice"),
)
def draft_bill_synced(ctx: RuleContext) -> RuleOutput:
    """A Clio bill in `draft` or `awaiting_approval` has a QuickBooks Invoice with the same
    number (`DocNumber`). A voided invoice is no longer on the books and is not reported.
    When invoices of several customers carry the number, only the bill client's count (by
    name); if that cannot be told, an `ambiguous` notice names them and the bill is skipped.

    ## Why it matters
    An unapproved bill is still being edited: once it is in QuickBooks it counts as revenue and
    a receivable at a figure that will change, and later edits or a deletion in Clio may not
    follow (seed: real-time sync pushes half-finished invoices).

    ## How to fix
    QuickBooks: void the invoice; Clio: finish and approve the bill so that it syncs again.
    Clio: Settings → Bill Syncing → set sync timing to batch (CS001) and export approved bills
    only.

    ## References
    - Clio Help: QuickBooks Online sync settings
    """
    joins = ctx.books.matching
    for bill in (ctx.snapshot.clio.bills or []) if ctx.snapshot.clio else []:
        if bill.state not in UNAPPROVED_STATES:
            continue
        invoices, candidates = joins.bill_invoices(bill.number, _client(bill))
        if candidates:
            yield _ambiguous(joins, bill, candidates)
        for invoice in _active(invoices):
            yield Problem(
                message=(
                    f"Clio bill {bill.number} ({bill_client(bill)}) is still "
                    f"{bill.state.replace('_', ' ') if bill.state else ''}, yet QuickBooks has "
                    f"{invoice.label} for {invoice_customer(invoice)}: {money(invoice.TotalAmt)}."
                ),
                pointer=invoice.pointer,
                key=f"{invoice.key}:bill:{bill.id}",
                related=((bill.pointer, "the unapproved Clio bill"),),
                properties={
                    "invoice_id": invoice.Id,
                    "DocNumber": invoice.DocNumber or "",
                    "bill_id": str(bill.id),
                    "state": bill.state or "",
                    "total": str(invoice.TotalAmt),
                },
                logical=invoice_customer(invoice),
            )


def _client(bill: Bill) -> str | None:
    return bill.client.name if bill.client else None


def _ambiguous(joins: Matching, bill: Bill, candidates: list[Invoice]) -> Notice:
    return ambiguous_bill_invoices(
        bill.number, bill_client(bill), candidates, joins.invoice_customer_name, bill.pointer
    )


def _active(invoices: Iterable[Invoice]) -> list[Invoice]:
    return [i for i in invoices if not i.voided]


RULES: list[Rule] = [
    void_not_synced,
    duplicate_invoice,
    draft_bill_synced,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
