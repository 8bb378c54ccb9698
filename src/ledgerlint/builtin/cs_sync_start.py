"""Built-in Python rule CS008: bills Clio will never sync because of the sync's start date.

Clio's Bill Syncing setting "Sync bills issued on or after" (`clio_bill_syncing.
sync_bills_issued_on_or_after`) leaves every older bill out of QuickBooks. That is right for
bills the old books already hold, and a silent hole for the rest: this rule joins the setting
with Clio's bills and QuickBooks' invoices, which a declarative rule cannot do.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlint.books.calendar import day
from ledgerlint.builtin.problems import bill_client
from ledgerlint.builtin.problems import summary
from ledgerlint.builtin.rc_operating import ISSUED_STATES
from ledgerlint.models.clio import Bill
from ledgerlint.models.money import money
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule
from ledgerlint.plugins.rule import RuleOutput

SETTING = "/clio_bill_syncing/sync_bills_issued_on_or_after"


@rule(
    "CS008",
    "bills-before-sync-start",
    severity="warning",
    tags=("bill-syncing", "sync"),
    requires=("clio.bills",),
)
def bills_before_sync_start(ctx: RuleContext) -> RuleOutput:
    """`sync_bills_issued_on_or_after` is later than the `issued_at` of a Clio bill in
    `awaiting_payment` or `paid` that has no QuickBooks Invoice with its number (voided or
    not): Clio will never sync it. One finding per bill and a summary with the count and total.

    A bill has an invoice when a QuickBooks Invoice carries its number as `DocNumber` (when
    invoices of several customers share the number, one of the bill client's). The rule decides
    with what it has: without the setting or without `qbo.Invoice` it could not run only when
    that could change the verdict (an issued bill without an invoice, or one issued before the
    date); a bill whose `issued_at` cannot be read is named as not checked (could not run in
    full).

    ## Why it matters
    Clio syncs only bills issued on or after the date; an older bill that is still owed or was
    paid after the switch never reaches QuickBooks, so its revenue, receivable and payment are
    missing from the books. RC005 counts bills from the first synced invoice on and cannot see
    them either: nothing else reports them.

    ## Example
    `sync_bills_issued_on_or_after: 2026-06-01` and bill 1043, issued 2026-05-31 and paid in
    June, with no QuickBooks Invoice 1043.

    ## How to fix
    Decide per bill. If the old books should hold it, enter the invoice in QuickBooks with the
    bill's number (+ New → Invoice) and its payment. Or set the start date in Clio to the
    earliest such bill (Settings → Bill Syncing → QuickBooks Online → Sync bills issued on or
    after) so Clio syncs them, after checking that none of them is already in QuickBooks under
    another number. Then update `sync_bills_issued_on_or_after` in the snapshot.

    ## References
    - Clio Help: "My Bill In Clio Is Not Syncing to QuickBooks Online" (step 3: the "Sync bills issued on or after" date must be before the bill's issue date)
    - Clio Help: "QuickBooks Online: Setting up Your QuickBooks Online Integration" (Bill Syncing settings)
    """
    clio, qbo = ctx.snapshot.clio, ctx.snapshot.qbo
    syncing = ctx.snapshot.clio_bill_syncing
    start = syncing.sync_bills_issued_on_or_after if syncing else None
    issued = [b for b in (clio.bills if clio else None) or [] if b.state in ISSUED_STATES]
    if start is not None:
        before: list[Bill] = []
        for bill in issued:
            when = day(bill.issued_at)
            if when is None:
                yield Notice(
                    f"did not check Clio bill {bill.number or bill.id}: its `issued_at` cannot "
                    "be read",
                    bill.pointer,
                    kind="not-run",
                )
            elif when < start:
                before.append(bill)
        issued = before
    if not issued:
        return
    if qbo is None or qbo.Invoice is None:
        which = f"bills issued before {start}" if start is not None else "issued bills"
        ctx.skip(f"the snapshot has no `qbo.Invoice`, and {len(issued)} Clio {which} may lack one")
    unsynced = [b for b in issued if not _has_invoice(ctx, b)]
    if not unsynced:
        return
    if start is None:
        count = len(unsynced)
        ctx.skip(
            f"{count} issued Clio bill{'s have' if count > 1 else ' has'} no QuickBooks "
            "invoice, and the snapshot has no `clio_bill_syncing.sync_bills_issued_on_or_after` "
            "to tell whether Clio will sync them"
        )
    found = [_problem(bill, str(start)) for bill in unsynced]
    yield from found
    total = summary(
        "CS008",
        found,
        [bill.total or Decimal(0) for bill in unsynced],
        message=(
            "{count} Clio bills totalling {total} were issued before the sync start date "
            f"{start} and will never reach QuickBooks."
        ),
        pointer=SETTING,
    )
    if total is not None:
        yield total


def _has_invoice(ctx: RuleContext, bill: Bill) -> bool:
    """Whether a QuickBooks Invoice carries the bill's number (voided or not)."""
    client = bill.client.name if bill.client else None
    found, candidates = ctx.books.matching.bill_invoices(bill.number, client)
    return bool(found or candidates)


def _problem(bill: Bill, start: str) -> Problem:
    total = f", {money(bill.total)}" if bill.total is not None else ""
    return Problem(
        message=(
            f"Clio bill {bill.number or bill.id} ({bill_client(bill)}, {bill.state}{total}) was "
            f"issued on {day(bill.issued_at)}, before the sync start date {start} "
            "(sync_bills_issued_on_or_after), and has no QuickBooks invoice: Clio will never "
            "sync it, and RC005 cannot see it."
        ),
        pointer=bill.pointer,
        key=bill.key,
        logical=bill_client(bill),
        related=((SETTING, "the sync start date"),),
        properties={
            "number": bill.number or "",
            "issued_at": str(day(bill.issued_at)),
            "state": bill.state or "",
            "total": str(bill.total) if bill.total is not None else "",
        },
    )


RULES: list[Rule] = [bills_before_sync_start]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
