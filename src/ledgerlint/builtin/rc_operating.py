"""Built-in Python rules, the RC area (operating side): RC004-RC005.

What the sync does to the firm's own money: cash in the books the bank does not hold, and
bills that never reached QuickBooks.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledgerlint.books.calendar import day
from ledgerlint.books.matching import doc_number
from ledgerlint.books.postings import rolled_account
from ledgerlint.books.reconciliation import choose_statement
from ledgerlint.books.reconciliation import statement_figures
from ledgerlint.models.money import money
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule
from ledgerlint.plugins.rule import RuleOutput

ISSUED_STATES = ("awaiting_payment", "paid")
_LISTED = 10


@rule(
    "RC004",
    "phantom-operating-cash",
    severity="error",
    tags=("operating", "reconciliation", "seed"),
    requires=("qbo.Account", "bank.statements"),
)
def phantom_operating_cash(ctx: RuleContext) -> RuleOutput:
    """An operating bank account's QuickBooks balance as of its latest statement's `period_end`
    is above that statement's adjusted balance (ending + deposits in transit - outstanding
    checks).

    The QuickBooks balance is `CurrentBalance` rolled back by the snapshot's postings to the
    account dated after `period_end`: Deposits, Payments deposited to it
    (`DepositToAccountRef`), Transfers, Purchases (money out) and JournalEntry lines (see
    docs/reconciliation.md). Chart below the bank are not this rule's concern (usually an
    unrecorded deposit). The rule reports it could not run when no operating account has a
    statement; an account with two statements for its latest period whose figures differ is
    noted as skipped (not guessed).

    ## Why it matters
    The books show cash the bank does not hold, so the firm spends money it does not have.
    The seed's case: Clio pushed trust applications as standard A/R payments into operating,
    on top of the trust transfer, and operating showed $23,000 of phantom cash.

    ## How to fix
    Reconcile the account in QuickBooks (Gear → Reconcile) against the statement and find the
    entries with no bank line. A Payment for a bill that was paid from trust (TR002) should be
    deleted, since the Transfer already moved the money; a duplicate deposit should be
    removed. Then set the trust application payment method to post as a transfer (CS005).

    ## References
    - Seed: "your operating account will show cash that is not there"
    """
    books = ctx.books
    judged = 0
    for account in books.chart.operating_banks:
        statement, conflict = choose_statement(ctx.snapshot, books.chart, account)
        if conflict:
            judged += 1
            yield Notice(
                f"did not reconcile {account.full_name}: {conflict}",
                account.pointer,
                kind="not-run",
            )
            continue
        if statement is None:
            continue
        judged += 1
        figures = statement_figures(*statement)
        rolled = rolled_account(
            books.ledger, books.chart, account, figures.period_end, with_subaccounts=False
        )
        excess: Decimal = rolled.as_of - figures.adjusted
        if excess <= 0:
            continue
        yield Problem(
            message=(
                f"{account.full_name} shows {money(rolled.as_of)} in QuickBooks as of "
                f"{figures.period_end} (now {money(rolled.current)}), but the bank statement's "
                f"adjusted balance is {money(figures.adjusted)}: {money(excess)} of cash the "
                "bank does not hold."
            ),
            pointer=figures.pointer,
            key=f"{account.key}/statement:{figures.period_end}",
            logical=account.full_name,
            related=((account.pointer, "QuickBooks bank account"),),
            properties={
                "period_end": str(figures.period_end),
                "books_as_of": str(rolled.as_of),
                "books_now": str(rolled.current),
                "bank_adjusted": str(figures.adjusted),
                "excess": str(excess),
                "rolled_back": [f"{a.date} {a.description} {a.amount}" for a in rolled.later],
            },
        )
    if not judged:
        ctx.skip("no bank statement for an operating bank account in `bank.statements`")


@rule(
    "RC005",
    "invoice-count-mismatch",
    severity="warning",
    tags=("sync", "seed"),
    requires=("clio.bills", "qbo.Invoice"),
)
def invoice_count_mismatch(ctx: RuleContext) -> RuleOutput:
    """Clio has issued more bills since the first synced invoice than QuickBooks has matching
    Invoices: a silent sync failure.

    Issued bills are those in state `awaiting_payment` or `paid`. The first synced invoice is
    the earliest (by `TxnDate`) non-voided QuickBooks Invoice whose `DocNumber` is an issued
    bill's `number`; bills issued on or after its date are counted. A bill matches when a
    non-voided Invoice carries its number, so duplicates (TR006) do not hide a missing one.
    With no Invoice matching any bill the start of the sync cannot be told and the rule
    reports it could not run. One finding, naming the first ten bills missing.

    ## Why it matters
    The sync fails silently: expired authorisations and rejected records leave bills in Clio
    that never reach QuickBooks, so revenue and receivables are understated and nobody is told.
    The seed's advice is a weekly invoice-count comparison between the two systems.

    ## How to fix
    In Clio open Settings → Bill Syncing, check the connection and the sync log, and re-sync
    the bills listed (Billing → the bill → Sync to QuickBooks Online). Confirm each appears in
    QuickBooks (Sales → Invoices, search by number).

    ## References
    - Seed: "compare invoice counts between Clio and QuickBooks to catch silent sync failures"
    """
    clio, qbo = ctx.snapshot.clio, ctx.snapshot.qbo
    assert clio is not None and qbo is not None
    issued = [b for b in clio.bills or [] if b.state in ISSUED_STATES]
    numbers = {doc_number(b.number) for b in issued if doc_number(b.number)}
    invoices = [i for i in qbo.Invoice or [] if not i.voided]
    synced = [i for i in invoices if doc_number(i.DocNumber) in numbers and i.TxnDate is not None]
    if not synced:
        ctx.skip("no QuickBooks Invoice carries the number of an issued Clio bill")
    first = min(synced, key=lambda i: (i.TxnDate, i.Id))
    assert first.TxnDate is not None
    since = [b for b in issued if (day(b.issued_at) or date.max) >= first.TxnDate]
    on_books = {doc_number(i.DocNumber) for i in invoices}
    missing = [b for b in since if not doc_number(b.number) or doc_number(b.number) not in on_books]
    if not missing:
        return
    matched = len(since) - len(missing)
    names = ", ".join(b.number or f"#{b.id}" for b in missing[:_LISTED])
    more = f" and {len(missing) - _LISTED} more" if len(missing) > _LISTED else ""
    yield Problem(
        message=(
            f"Clio issued {len(since)} bills since the first synced invoice ({first.DocNumber}, "
            f"{first.TxnDate}), but QuickBooks has {matched} matching invoices; missing: "
            f"{names}{more}."
        ),
        pointer=missing[0].pointer,
        key="clio.bills/invoice-count",
        properties={
            "since": str(first.TxnDate),
            "clio_bills": len(since),
            "qbo_invoices": matched,
            "missing": [b.number or str(b.id) for b in missing],
        },
        related=((first.pointer, "first synced invoice"),),
    )


RULES: list[Rule] = [phantom_operating_cash, invoice_count_mismatch]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
