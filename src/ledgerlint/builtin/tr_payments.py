"""Built-in Python rules, TR area, where payments land: TR002, TR004, TR007.

- TR002: a bill paid from trust whose QuickBooks invoice got an operating Payment;
- TR004: a Payment applied to a voided, missing or Clio-voided invoice;
- TR007: a bank-feed deposit that books a synced Payment's money a second time.

TR002 and TR004 join Clio bills to QuickBooks invoices by number and payments to the invoices
they are applied to, through `ctx.books.matching`. The invoices themselves (TR005, TR006,
TR008) are judged in `tr_invoices.py`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledgerlint.books.calendar import day
from ledgerlint.books.matching import Application
from ledgerlint.books.matching import Matching
from ledgerlint.books.trust_sync import APPLICATION_WINDOW_DAYS
from ledgerlint.builtin.problems import VOID_STATES
from ledgerlint.builtin.problems import ambiguous_bill_invoices
from ledgerlint.builtin.problems import bill_client
from ledgerlint.builtin.problems import invoice_customer
from ledgerlint.builtin.problems import summary
from ledgerlint.models.clio import Allocation
from ledgerlint.models.clio import Bill
from ledgerlint.models.clio import ClioRef
from ledgerlint.models.money import money
from ledgerlint.models.qbo import Invoice
from ledgerlint.models.qbo import Payment
from ledgerlint.models.qbo import Transfer
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule
from ledgerlint.plugins.rule import RuleOutput

TRANSFER_WINDOW_DAYS = 7
"""How far apart a trust application and its Transfer may be dated and still be paired."""


def _matter_label(ctx: RuleContext, bill: Bill | None, allocation: Allocation | None) -> str:
    """The matter's display number, from the bill or the allocation, via `clio.matters`."""
    ids = [m.id for m in bill.matters] if bill else []
    if not ids and allocation and allocation.matter:
        ids = [allocation.matter.id]
    by_id = {str(m.id): m for m in (ctx.snapshot.clio.matters or [])} if ctx.snapshot.clio else {}
    labels = []
    for matter_id in ids:
        matter = by_id.get(str(matter_id))
        labels.append(str(matter.display_number or matter.id) if matter else str(matter_id))
    return ", ".join(labels)


# --- TR002 ------------------------------------------------------------------------------------


@rule(
    "TR002",
    "trust-payment-booked-as-operating",
    severity="error",
    tags=("trust", "bill-syncing", "seed"),
    requires=("clio.allocations", "qbo.Invoice", "qbo.Payment", "qbo.Account"),
)
def trust_payment_booked_as_operating(ctx: RuleContext) -> RuleOutput:
    """A Clio bill paid from trust (an allocation whose `source_bank_account` is a Trust account)
    has, for its QuickBooks Invoice (`DocNumber` = bill number), a Payment of non-zero amount
    into an operating bank account or Undeposited Funds (also when a Deposit then banks that
    Payment into an operating account). One finding per Payment and invoice; a summary with the
    count and total when there are several.

    When QuickBooks invoices of several customers carry the bill's number, only those whose
    customer matches the bill's client by name are the bill's; if that cannot be told, an
    `ambiguous` notice names them and the bill is skipped. The amount is the Payment line
    applied to the invoice. A Payment is judged by the money that
    lands: `TotalAmt` and the line must be non-zero (QuickBooks applies a journal entry's A/R
    credit with a $0 Payment; that is not a finding), and a Payment without
    `DepositToAccountRef` lands in Undeposited Funds. A Transfer from a trust bank of the same
    amount dated within 7 days of the allocation is named: then the cash is counted twice;
    without one the trust bank is overstated.

    **With trust sync on** (`clio_bill_syncing.trust_sync.enabled: true`), a bill paid from the
    primary trust account arrives by design as a Payment into Undeposited Funds plus a synced
    JournalEntry taking the amount out of trust. For such a bill the rule fires only when no
    synced JournalEntry debits the liability for the bill's client with the allocation's amount
    within 7 days of the allocation (entries and allocations paired one to one, nearest date
    first): the cash is then counted in operating while the trust bank still holds it. A
    Transfer recording the removal a second time is TS003's. Bills paid from other trust
    accounts read the rule as above; if the primary account cannot be told, the rule could not
    run (docs/trust-sync.md).

    ## Why it matters
    The trust application went through the standard payment path: the operating account (or
    Undeposited Funds) shows cash that never arrived, while the trust bank and the client's
    ledger still show money that was already spent. The seed firm found $23,000 of phantom
    operating cash this way.

    ## How to fix
    QuickBooks: delete the Payment (and its Deposit, if it was banked), then record the trust
    application as a Transfer from the trust bank to the operating bank plus a journal entry
    debiting the client's trust sub-account and crediting Accounts Receivable for the invoice.
    Clio: Settings → Bill Syncing → payment methods: map Trust Application to a transfer
    (CS005), so it does not happen again.

    ## References
    - ABA Model Rule 1.15(a)
    - Clio Help: QuickBooks Online trust accounting configuration
    - Clio Help: "How are Trust Transactions Displayed in QuickBooks Online?" (trust sync)
    """
    joins = ctx.books.matching
    sync = ctx.books.trust_sync
    if sync.on and sync.primary is None:
        ctx.skip(f"trust sync is on, but {sync.problem}")
    recorded = {id(p.allocation): p.entry is not None for p in sync.bill_payments}
    clio = ctx.snapshot.clio
    trust_ids = {str(a.id) for a in ((clio.bank_accounts if clio else None) or []) if a.is_trust}
    transfers = (ctx.snapshot.qbo.Transfer if ctx.snapshot.qbo else None) or []
    trust_bank_ids = {a.Id for a in joins.chart.trust_banks}
    seen: set[str] = set()
    ambiguous: set[str | None] = set()
    found: list[Problem] = []
    amounts: list[Decimal] = []
    for allocation in (clio.allocations if clio else None) or []:
        source = allocation.source_bank_account
        if source is None:
            continue
        from_trust = (source.type or "").lower() == "trust" or str(source.id) in trust_ids
        if not from_trust or allocation.bill is None:
            continue
        bill = joins.bill_of(allocation.bill.id, allocation.bill.number)
        number = bill.number if bill else allocation.bill.number
        client = ((bill.client if bill else allocation.contact) or ClioRef()).name
        invoices, candidates = joins.bill_invoices(number, client)
        if candidates and number not in ambiguous:
            ambiguous.add(number)
            yield ambiguous_bill_invoices(
                number,
                client or "no client",
                candidates,
                joins.invoice_customer_name,
                bill.pointer if bill else allocation.pointer,
            )
        synced = sync.on and sync.is_primary(source.id, source.name)
        if synced and recorded.get(id(allocation)):
            continue  # the sync took it out of trust: the Payment is how it records the rest
        for invoice in invoices:
            for application in joins.applications(invoice):
                problem = _tr002(
                    ctx,
                    joins,
                    allocation,
                    bill,
                    invoice,
                    application,
                    [] if synced else transfers,
                    trust_bank_ids,
                    synced=synced,
                )
                if problem is not None and problem.key not in seen:
                    seen.add(problem.key)
                    found.append(problem)
                    amounts.append(application.amount)
    yield from found
    total = summary(
        "TR002",
        found,
        amounts,
        message=(
            "{count} trust applications totalling {total} were booked as operating payments: "
            "that much operating cash is phantom."
        ),
        pointer=_trust_application_pointer(ctx),
    )
    if total is not None:
        yield total


def _tr002(
    ctx: RuleContext,
    joins: Matching,
    allocation: Allocation,
    bill: Bill | None,
    invoice: Invoice,
    application: Application,
    transfers: list[Transfer],
    trust_bank_ids: set[str],
    *,
    synced: bool = False,
) -> Problem | None:
    payment = application.payment
    if payment.TotalAmt == 0 or application.amount == 0:
        return None
    landing = joins.landing_account(payment)
    operating_ids = {a.Id for a in joins.chart.operating_banks}
    undeposited = (
        payment.DepositToAccountRef is None
        or not payment.DepositToAccountRef.value
        or (landing is not None and landing.AccountSubType == "UndepositedFunds")
    )
    if landing is not None and landing.Id in operating_ids:
        where = f"into the operating account {landing.full_name}"
    elif undeposited:
        where = "into Undeposited Funds"
    else:
        return None
    related: list[tuple[str, str]] = [
        (allocation.pointer, "the Clio payment from trust"),
        (invoice.pointer, "the QuickBooks invoice"),
    ]
    if bill is not None:
        related.append((bill.pointer, "the Clio bill"))
    for banking in joins.deposits_of(payment):
        target = banking.deposit.DepositToAccountRef
        if target and target.value in operating_ids:
            name = joins.chart.by_id[target.value].full_name
            where += f", banked into {name} by {banking.deposit.label}"
            related.append((banking.pointer, "the deposit that banks the payment"))
    transfer = _matching_transfer(transfers, trust_bank_ids, application.amount, allocation)
    if synced:
        consequence = (
            f"trust sync is on, but no synced journal entry takes it out of trust within "
            f"{APPLICATION_WINDOW_DAYS} days: the cash is counted in operating while the trust "
            "bank still holds it"
        )
    elif transfer is not None:
        consequence = f"{transfer.label} also moved it out of trust: the cash is counted twice"
        related.append((transfer.pointer, "the transfer from trust"))
    else:
        consequence = "no Transfer from the trust bank is recorded: the trust bank is overstated"
    client = bill_client(bill) if bill else invoice_customer(invoice)
    matter = _matter_label(ctx, bill, allocation)
    number = bill.number if bill else (allocation.bill.number if allocation.bill else None)
    bill_name = f"Clio bill {number or '(unknown number)'}"
    return Problem(
        message=(
            f"{bill_name} ({client}, matter {matter or 'unknown'}) was paid "
            f"{money(allocation.amount)} from trust (allocation {allocation.id}), but "
            f"{payment.label} applies {money(application.amount)} to {invoice.label} "
            f"{where}; {consequence}."
        ),
        pointer=application.pointer,
        key=f"{payment.key}:{invoice.key}",
        related=tuple(related),
        properties={
            "payment_id": payment.Id,
            "invoice_id": invoice.Id,
            "DocNumber": invoice.DocNumber or "",
            "bill_id": str(bill.id) if bill else "",
            "allocation_id": str(allocation.id),
            "amount": str(application.amount),
            "transfer_id": transfer.Id if transfer else "",
        },
        logical=client,
    )


def _matching_transfer(
    transfers: list[Transfer], trust_bank_ids: set[str], amount: Decimal, allocation: Allocation
) -> Transfer | None:
    when = day(allocation.date)
    for transfer in transfers:
        source = transfer.FromAccountRef.value if transfer.FromAccountRef else None
        if source not in trust_bank_ids or transfer.Amount != amount:
            continue
        moved = day(transfer.TxnDate)
        if when is None or moved is None or abs((moved - when).days) <= TRANSFER_WINDOW_DAYS:
            return transfer
    return None


def _trust_application_pointer(ctx: RuleContext) -> str:
    syncing = ctx.snapshot.clio_bill_syncing
    for index, method in enumerate((syncing.payment_methods if syncing else None) or []):
        if method.kind == "trust_application":
            return f"/clio_bill_syncing/payment_methods/{index}"
    return "/qbo/Payment"


# --- TR004 ------------------------------------------------------------------------------------


@rule(
    "TR004",
    "payment-on-voided-invoice",
    severity="error",
    tags=("bill-syncing", "seed"),
    requires=("qbo.Payment", "qbo.Invoice"),
)
def payment_on_voided_invoice(ctx: RuleContext) -> RuleOutput:
    """A Payment line linked (`Line[].LinkedTxn`) to a voided Invoice, to an Invoice that no
    longer exists, or to an Invoice whose Clio bill (same number) is `void` or `deleted`.

    A voided Payment, and a line of zero amount, move no money and are not judged. An invoice
    of another customer that only shares a void bill's number is not that bill's (see
    `Matching.bill_invoices`). Without
    `clio.bills` the Clio half is not checked, and a notice says so.

    ## Why it matters
    The money was received against a bill that no longer stands: it sits as a payment on
    nothing (an unapplied credit or a phantom receipt), A/R and revenue disagree with Clio, and
    the client may be owed a refund or a re-issued bill.

    ## How to fix
    QuickBooks: open the Payment (Sales → All sales → filter Payments), un-apply it from the
    voided invoice and apply it to the bill that replaced it, or refund it; then re-sync from
    Clio (Settings → Bill Syncing → Sync now). Void a payment only together with its bill.

    ## References
    - Clio Help: QuickBooks Online sync (voided and deleted bills)
    """
    joins = ctx.books.matching
    bills = ctx.snapshot.clio.bills if ctx.snapshot.clio else None
    if bills is None:
        yield Notice(
            "did not check Clio bill states: the snapshot has no `clio.bills`", kind="not-run"
        )
    for payment in (ctx.snapshot.qbo.Payment or []) if ctx.snapshot.qbo else []:
        if payment.voided:
            continue
        for index, line in enumerate(payment.Line):
            if line.Amount == 0:
                continue
            for linked in line.LinkedTxn:
                if linked.TxnType != "Invoice" or not linked.TxnId:
                    continue
                problem = _tr004(joins, payment, index, line.Amount, linked.TxnId)
                if problem is not None:
                    yield problem


def _tr004(
    joins: Matching, payment: Payment, index: int, amount: Decimal, invoice_id: str
) -> Problem | None:
    invoice = joins.invoices_by_id.get(invoice_id)
    related: list[tuple[str, str]] = []
    if invoice is None:
        target, why = f"invoice Id {invoice_id}", "which no longer exists in QuickBooks"
    elif invoice.voided:
        target, why = invoice.label, "which is voided in QuickBooks"
        related.append((invoice.pointer, "the voided invoice"))
    else:
        void_bills = [
            b
            for b in joins.bills_for_invoice(invoice)
            if b.state in VOID_STATES and any(i is invoice for i in joins.invoices_for_bill(b))
        ]
        if not void_bills:
            return None
        bill = void_bills[0]
        target, why = invoice.label, f"whose Clio bill {bill.number} is {bill.state}"
        related += [(invoice.pointer, "the invoice"), (bill.pointer, "the Clio bill")]
    customer = payment.CustomerRef.name if payment.CustomerRef else None
    return Problem(
        message=(
            f"{payment.label} of {payment.TxnDate}"
            f"{f' from {customer}' if customer else ''} applies {money(amount)} to {target}, "
            f"{why}."
        ),
        pointer=f"{payment.pointer}/Line/{index}",
        key=f"{payment.key}:Invoice:{invoice_id}",
        related=tuple(related),
        properties={
            "payment_id": payment.Id,
            "invoice_id": invoice_id,
            "DocNumber": (invoice.DocNumber or "") if invoice else "",
            "amount": str(amount),
        },
        logical=customer,
    )


# --- TR007 ------------------------------------------------------------------------------------

DEFAULT_WINDOW_DAYS = 7
_INCOME_TYPES = ("Income", "Other Income", "Accounts Receivable")


@rule(
    "TR007",
    "bank-feed-double-booking",
    severity="error",
    tags=("bank-feed", "seed"),
    requires=("qbo.Deposit", "qbo.Payment", "qbo.Account"),
    options=(
        RuleOption(
            "window_days",
            DEFAULT_WINDOW_DAYS,
            "How many days apart a bank-feed deposit and a synced Payment may be dated and "
            "still be the same money.",
            {"type": "integer", "minimum": 0},
        ),
    ),
)
def bank_feed_double_booking(ctx: RuleContext) -> RuleOutput:
    """A Deposit line categorised straight to an income or Accounts Receivable account (no
    `LinkedTxn`) with the same amount and customer as a synced Payment (`TotalAmt`, non-voided)
    dated within `window_days` (7) days. One finding per deposit line, naming every matching
    Payment; a summary with the count and total when there are several.

    The customer is the line's customer `Entity`; a line without one cannot be matched and is
    not judged.

    ## Why it matters
    Clio synced the payment, and the bank feed then added the same money again as a new
    deposit instead of matching it: revenue and cash are counted twice, and Undeposited Funds
    keeps a payment that will never be banked.

    ## How to fix
    QuickBooks: delete the categorised deposit, then in Banking → Bank transactions match the
    bank line to the synced Payment (Match / Find other records) instead of categorising it.

    ## References
    - QuickBooks Online Help: match bank transactions to existing records
    """
    window = int(ctx.options["window_days"])
    chart = ctx.books.chart
    qbo = ctx.snapshot.qbo
    targets = {a.Id for a in chart.accounts if a.AccountType in _INCOME_TYPES}
    payments: dict[tuple[str, Decimal], list[tuple[date, Payment]]] = {}
    for payment in (qbo.Payment or []) if qbo else []:
        customer = payment.CustomerRef.value if payment.CustomerRef else None
        when = day(payment.TxnDate)
        if payment.voided or payment.TotalAmt == 0 or not customer or when is None:
            continue
        payments.setdefault((customer, payment.TotalAmt), []).append((when, payment))
    found: list[Problem] = []
    amounts: list[Decimal] = []
    for deposit in (qbo.Deposit or []) if qbo else []:
        when = day(deposit.TxnDate)
        for index, line in enumerate(deposit.Line):
            detail = line.DepositLineDetail
            if line.LinkedTxn or detail is None or detail.AccountRef is None:
                continue
            if detail.AccountRef.value not in targets:
                continue
            named = detail.customer()
            if named is None or not named.value or when is None:
                continue
            matches = [
                p
                for paid, p in payments.get((named.value, line.Amount), [])
                if abs((paid - when).days) <= window
            ]
            if not matches:
                continue
            account = chart.by_id[detail.AccountRef.value].full_name
            listed = ", ".join(f"{p.label} of {p.TxnDate}" for p in matches)
            found.append(
                Problem(
                    message=(
                        f"{deposit.label} of {deposit.TxnDate} line {index + 1} records "
                        f"{money(line.Amount)} from {named.name or named.value} straight "
                        f"to {account}, the same money as synced {listed}: counted twice."
                    ),
                    pointer=f"{deposit.pointer}/Line/{index}",
                    key=f"{deposit.key}:Line:{line.Id or index}",
                    related=tuple((p.pointer, f"the synced {p.label}") for p in matches),
                    properties={
                        "deposit_id": deposit.Id,
                        "payment_ids": [p.Id for p in matches],
                        "customer": named.name or named.value,
                        "amount": str(line.Amount),
                    },
                    logical=named.name or named.value,
                )
            )
            amounts.append(line.Amount)
    yield from found
    total = summary(
        "TR007",
        found,
        amounts,
        message="{count} bank-feed deposits totalling {total} duplicate synced payments.",
        pointer="/qbo/Deposit",
    )
    if total is not None:
        yield total


RULES: list[Rule] = [
    trust_payment_booked_as_operating,
    payment_on_voided_invoice,
    bank_feed_double_booking,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
