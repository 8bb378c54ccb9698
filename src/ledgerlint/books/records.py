"""Transactions named as a person finds them, for the reconciliation report.

The APIs name a transaction by entity (`JournalEntry`, `Purchase`, `bank_transactions`); a
partner or an auditor reads "journal entry", "check", "trust withdrawal". `qbo_record` and
`clio_record` turn a transaction into a `Record` in those plain words, keeping the number a
person sees and the id that finds the record (docs/reconciliation.md, "Words used").
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlint.books.calendar import day
from ledgerlint.models.clio import BankTransaction
from ledgerlint.models.qbo import JournalEntry
from ledgerlint.models.qbo import Purchase
from ledgerlint.models.qbo import Transaction
from ledgerlint.models.qbo import Transfer
from ledgerlint.models.reconciliation import Record

QBO_KINDS = {
    "Deposit": "Deposit",
    "JournalEntry": "Journal entry",
    "Transfer": "Transfer",
    "Payment": "Payment received",
    "Invoice": "Invoice",
    "Purchase": "Expense",
}
"""QuickBooks entities in the words of its own screens (a Purchase: see `PURCHASE_KINDS`)."""
PURCHASE_KINDS = {"Check": "Check", "Cash": "Cash expense", "CreditCard": "Credit card charge"}
"""A QuickBooks Purchase by its `PaymentType`, as the QuickBooks form is titled."""


def qbo_kind(txn: Transaction | Transfer) -> str:
    if isinstance(txn, Purchase):
        if txn.Credit:
            return "Credit card credit"
        return PURCHASE_KINDS.get(txn.PaymentType or "", "Expense")
    if isinstance(txn, JournalEntry) and txn.Adjustment:
        return "Adjusting journal entry"
    return QBO_KINDS.get(txn.list_name, txn.list_name)


def qbo_record(txn: Transaction | Transfer, line: int | None = None) -> Record:
    """A QuickBooks transaction (`line`: the index of one of its lines)."""
    number = None if isinstance(txn, Transfer) else txn.DocNumber
    return Record(
        "QuickBooks",
        qbo_kind(txn),
        str(txn.Id),
        number,
        txn.TxnDate,
        None if line is None else line + 1,
    )


def clio_record(transaction: BankTransaction) -> Record:
    """A Clio trust bank transaction: a deposit or a withdrawal, by the way the money went."""
    signed: Decimal = transaction.signed_amount
    kind = "Trust deposit" if signed > 0 else "Trust withdrawal"
    return Record("Clio", kind, str(transaction.id), None, day(transaction.date))
