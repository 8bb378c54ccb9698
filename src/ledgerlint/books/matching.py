"""Joins across Clio and QuickBooks, built once per snapshot and shared by the TR and RC rules.

The joins the catalog relies on, and only those:

- **bill ↔ invoice by number**: Clio `bills[].number` = QBO `Invoice.DocNumber` (Clio sends its
  bill number as the invoice number). `bill_invoices`/`invoices_for_bill` (when invoices of
  several customers share the number, the bill client's, by name; else ambiguous),
  `bills_for_invoice`; a number held by
  two or more QBO invoices, or by two or more Clio bills, is listed in `duplicate_invoice_numbers`
  / `duplicate_bill_numbers` so a rule can say so instead of picking one;
- **payments linked to an invoice**: `applications(invoice)` lists each Payment line whose
  `LinkedTxn` names the invoice, with the line's amount (the catalog's "amount applied");
  `deposits_of(payment)` lists the Deposit lines that bank that Payment
  (`LinkedTxn TxnType: Payment`);
- **Clio contact ↔ QBO Customer** by `DisplayName`, with the catalog's name matching
  (`ledgerlint.books.names`): `customers` (ambiguous when two customers match).

Everything is indexed, so a 100,000-transaction snapshot costs one pass per list. Rules reach it
as `ctx.books.matching`, built once per snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import NamedTuple

from ledgerlint.books.chart import Chart
from ledgerlint.books.names import NameIndex
from ledgerlint.books.names import names_match
from ledgerlint.models.clio import Bill
from ledgerlint.models.qbo import Account
from ledgerlint.models.qbo import Customer
from ledgerlint.models.qbo import Deposit
from ledgerlint.models.qbo import Invoice
from ledgerlint.models.qbo import Payment
from ledgerlint.models.snapshot import Snapshot


class Application(NamedTuple):
    """One Payment line applied to an invoice: `payment.Line[line]`, for `amount`."""

    payment: Payment
    line: int
    amount: Decimal

    @property
    def pointer(self) -> str:
        return f"{self.payment.pointer}/Line/{self.line}"


class Banking(NamedTuple):
    """One Deposit line that banks a Payment: `deposit.Line[line]`."""

    deposit: Deposit
    line: int
    amount: Decimal

    @property
    def pointer(self) -> str:
        return f"{self.deposit.pointer}/Line/{self.line}"


@dataclass
class Matching:
    chart: Chart
    invoices_by_id: dict[str, Invoice] = field(default_factory=dict)
    invoices_by_number: dict[str, list[Invoice]] = field(default_factory=dict)
    bills_by_id: dict[str, Bill] = field(default_factory=dict)
    bills_by_number: dict[str, list[Bill]] = field(default_factory=dict)
    applications_by_invoice: dict[str, list[Application]] = field(default_factory=dict)
    bankings_by_payment: dict[str, list[Banking]] = field(default_factory=dict)
    customers: NameIndex[Customer] = field(default_factory=lambda: NameIndex([]))
    customers_by_id: dict[str, Customer] = field(default_factory=dict)

    # --- bill <-> invoice ---------------------------------------------------------------------
    def invoices_for_bill(self, bill: Bill) -> list[Invoice]:
        """The bill's QBO invoices (voided ones included), as `bill_invoices` tells them; none
        when that is ambiguous."""
        client = bill.client.name if bill.client else None
        return self.bill_invoices(bill.number, client)[0]

    def bill_invoices(
        self, number: str | None, client: str | None
    ) -> tuple[list[Invoice], list[Invoice]]:
        """A Clio bill's QBO invoices: those whose `DocNumber` is its number (voided included).

        QuickBooks lets two customers' invoices share a number (a hand-keyed invoice, another
        numbering series). When invoices of more than one customer carry it, the bill's are
        those whose customer matches the bill's client by name. Returns `(invoices, [])`, or
        `([], candidates)` when that cannot be told (no client name; no customer, or several,
        match): ambiguous, for the rule to report, not guess.
        """
        found = list(self.invoices_by_number.get(doc_number(number), [])) if number else []
        if len({self._customer_key(i) for i in found}) <= 1:
            return found, []
        if client:
            mine = [i for i in found if names_match(self.invoice_customer_name(i), client)]
            if mine and len({self._customer_key(i) for i in mine}) == 1:
                return mine, []
        return [], found

    def invoice_customer_name(self, invoice: Invoice) -> str:
        """The invoice's customer as QuickBooks shows it (`DisplayName`, else the ref's name)."""
        ref = invoice.CustomerRef
        customer = self.customers_by_id.get(ref.value) if ref and ref.value else None
        if customer is not None:
            return customer.DisplayName
        return (ref.name or "") if ref else ""

    @staticmethod
    def _customer_key(invoice: Invoice) -> str:
        ref = invoice.CustomerRef
        return (ref.value or f"name:{ref.name}") if ref else ""

    def bills_for_invoice(self, invoice: Invoice) -> list[Bill]:
        """Every Clio bill whose number is the invoice's `DocNumber`."""
        if not invoice.DocNumber:
            return []
        return list(self.bills_by_number.get(doc_number(invoice.DocNumber), []))

    def bill_of(self, ref_id: int | str | None, number: str | None = None) -> Bill | None:
        """A Clio bill by id (as an allocation or trust line embeds it), else by a unique number."""
        if ref_id is not None and str(ref_id) in self.bills_by_id:
            return self.bills_by_id[str(ref_id)]
        candidates = self.bills_by_number.get(doc_number(number), []) if number else []
        return candidates[0] if len(candidates) == 1 else None

    # --- payments -----------------------------------------------------------------------------
    def applications(self, invoice: Invoice) -> list[Application]:
        """The Payment lines applied to this invoice, in snapshot order."""
        return list(self.applications_by_invoice.get(invoice.Id, []))

    def deposits_of(self, payment: Payment) -> list[Banking]:
        """The Deposit lines that bank this Payment (out of Undeposited Funds, typically)."""
        return list(self.bankings_by_payment.get(payment.Id, []))

    def landing_account(self, payment: Payment) -> Account | None:
        """Where a Payment's money lands: `DepositToAccountRef`, else Undeposited Funds, as
        QuickBooks does (None if the snapshot holds no such account)."""
        if payment.DepositToAccountRef and payment.DepositToAccountRef.value:
            return self.chart.by_id.get(payment.DepositToAccountRef.value)
        return self.chart.undeposited_funds


def doc_number(value: str | None) -> str:
    # QuickBooks keeps DocNumber as typed; Clio's numbers are strings too. Only surrounding
    # whitespace is ignored: "0104" and "104" are different invoices.
    return (value or "").strip()


def build_matching(snapshot: Snapshot, chart: Chart) -> Matching:
    qbo, clio = snapshot.qbo, snapshot.clio
    result = Matching(chart)
    for invoice in (qbo.Invoice if qbo else None) or []:
        result.invoices_by_id[invoice.Id] = invoice
        if number := doc_number(invoice.DocNumber):
            result.invoices_by_number.setdefault(number, []).append(invoice)
    for bill in (clio.bills if clio else None) or []:
        result.bills_by_id[str(bill.id)] = bill
        if number := doc_number(bill.number):
            result.bills_by_number.setdefault(number, []).append(bill)
    for payment in (qbo.Payment if qbo else None) or []:
        for index, line in enumerate(payment.Line):
            for linked in line.LinkedTxn:
                if linked.TxnType == "Invoice" and linked.TxnId:
                    application = Application(payment, index, line.Amount)
                    result.applications_by_invoice.setdefault(linked.TxnId, []).append(application)
    for deposit in (qbo.Deposit if qbo else None) or []:
        for index, line in enumerate(deposit.Line):
            for linked in line.LinkedTxn:
                if linked.TxnType == "Payment" and linked.TxnId:
                    banking = Banking(deposit, index, line.Amount)
                    result.bankings_by_payment.setdefault(linked.TxnId, []).append(banking)
    customers = (qbo.Customer if qbo else None) or []
    result.customers = NameIndex((c.DisplayName, c) for c in customers)
    result.customers_by_id = {c.Id: c for c in customers}
    return result
