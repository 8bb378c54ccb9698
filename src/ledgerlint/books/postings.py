"""How each QuickBooks transaction moves the accounts it touches, defined once.

The reconciliation rules roll current balances back to a statement date by undoing the
postings dated after it, and derive per-client trust balances from postings by customer, so they
must agree on what every transaction does to every account. The conventions (also in
docs/reconciliation.md):

- A `Posting` is signed as a **debit**: `+` debits the account, `-` credits it.
- QuickBooks reports balances in each account's **natural** sign: asset and expense accounts
  positive for a debit balance (a bank account holding cash), liability, equity and income
  accounts positive for a credit balance (a trust liability holding client funds). So a
  posting changes an account's reported balance by `debit × balance_sign(account)`.
- Deposit: debits `DepositToAccountRef` by `TotalAmt` (the money that reached the bank); credits
  each line's `DepositLineDetail.AccountRef` by the line amount. A line with no account that
  links a Payment credits the account that Payment went to (Undeposited Funds by default).
- Payment: debits `DepositToAccountRef`, or Undeposited Funds when absent (as QuickBooks does),
  by `TotalAmt`; credits Accounts Receivable.
- Transfer: credits `FromAccountRef`, debits `ToAccountRef`, by `Amount`.
- JournalEntry: each line debits or credits its `AccountRef` by `PostingType`.
- Purchase (check, cash, card): credits `AccountRef` (the bank or card paid from) by `TotalAmt`;
  debits each `AccountBasedExpenseLineDetail.AccountRef` (a client sub-account when trust
  money is paid out for a client). `Credit: true` (a refund) reverses both.
- Invoices post to A/R and income only and never move a bank or trust liability account.

`rolled_account` rolls an account's current balance back to a date by undoing the postings
dated after it (a posting without a date stays in: it cannot be placed after the date).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from ledgerlint.books.chart import UNDEPOSITED_FUNDS_SUBTYPE
from ledgerlint.books.chart import Chart
from ledgerlint.books.records import qbo_record
from ledgerlint.models.money import ZERO
from ledgerlint.models.qbo import Account
from ledgerlint.models.qbo import Deposit
from ledgerlint.models.qbo import JournalEntry
from ledgerlint.models.qbo import Line
from ledgerlint.models.qbo import LinedTransaction
from ledgerlint.models.qbo import Payment
from ledgerlint.models.qbo import Purchase
from ledgerlint.models.qbo import Ref
from ledgerlint.models.qbo import Transaction
from ledgerlint.models.qbo import Transfer
from ledgerlint.models.reconciliation import Adjustment
from ledgerlint.models.reconciliation import RolledBalance
from ledgerlint.models.snapshot import Snapshot

DEBIT_NORMAL_CLASSIFICATIONS = frozenset({"Asset", "Expense"})
DEBIT_NORMAL_TYPES = frozenset(
    {
        "Bank",
        "Other Current Asset",
        "Accounts Receivable",
        "Fixed Asset",
        "Other Asset",
        "Expense",
        "Other Expense",
        "Cost of Goods Sold",
    }
)


def balance_sign(account: Account | None) -> int:
    """+1 where QuickBooks shows a debit balance as positive (assets, expenses), -1 otherwise.

    `Classification` decides; without it, `AccountType`; an unknown account counts as an asset.
    """
    if account is None:
        return 1
    if account.Classification:
        return 1 if account.Classification in DEBIT_NORMAL_CLASSIFICATIONS else -1
    if account.AccountType:
        return 1 if account.AccountType in DEBIT_NORMAL_TYPES else -1
    return 1


class Posting(NamedTuple):
    """What one transaction (or one of its lines) does to one account."""

    account_id: str
    debit: Decimal
    """Signed: + debit, - credit."""
    txn: Transaction | Transfer
    line: int | None
    """The index of the line that posts (None: the transaction's own side: the bank a Deposit
    or Payment lands in, a Transfer's accounts, the account a Purchase is paid from)."""
    customer: Ref | None = None
    """The customer the line names (Deposit/JournalEntry `Entity`, expense `CustomerRef`, a
    Purchase's customer payee)."""

    @property
    def date(self) -> datetime.date | None:
        return self.txn.TxnDate

    @property
    def source(self) -> str:
        """The transaction, as a person names it: `Deposit (Id 308)`."""
        return self.txn.label

    @property
    def pointer(self) -> str:
        if self.line is None:
            return self.txn.pointer
        return f"{self.txn.pointer}/Line/{self.line}"

    @property
    def key(self) -> str:
        """A stable identity: the transaction and the line's `Id` (else its index)."""
        if self.line is None:
            return self.txn.key
        line_id = self.txn.Line[self.line].Id if isinstance(self.txn, LinedTransaction) else None
        return f"{self.txn.key}:Line:{line_id or self.line}"

    @property
    def line_item(self) -> Line | None:
        """The transaction line that posts (None for the transaction's own side)."""
        if self.line is None or not isinstance(self.txn, LinedTransaction):
            return None
        return self.txn.Line[self.line]


@dataclass
class Ledger:
    """Every posting of the snapshot's QuickBooks transactions, by account."""

    accounts: dict[str, Account]
    by_account: dict[str, list[Posting]] = field(default_factory=dict)

    def to(self, account_ids: set[str]) -> Iterator[Posting]:
        for account_id in sorted(account_ids):
            yield from self.by_account.get(account_id, [])

    def lines_to(self, account_id: str, kinds: tuple[str, ...]) -> list[Posting]:
        """The lines of transactions of these kinds (`Deposit`, `JournalEntry`…) that post to
        one account, in snapshot order."""
        return [
            p
            for p in self.by_account.get(account_id, [])
            if p.line is not None and p.txn.list_name in kinds
        ]

    def change_after(self, account_ids: set[str], end: date) -> Decimal:
        """How much the postings to these accounts dated after `end` moved their balances."""
        total = ZERO
        for account_id in account_ids:
            sign = balance_sign(self.accounts.get(account_id))
            for posting in self.by_account.get(account_id, ()):
                when = posting.txn.TxnDate
                if when is not None and when > end:
                    total += posting.debit * sign
        return total

    def latest(self, account_id: str) -> date | None:
        """The latest date of a posting to an account (None: no dated posting)."""
        dates = [p.txn.TxnDate for p in self.by_account.get(account_id, ())]
        return max((d for d in dates if d is not None), default=None)

    def change(self, posting: Posting) -> Decimal:
        """How much the posting moved its account's balance as QuickBooks reports it."""
        return posting.debit * balance_sign(self.accounts.get(posting.account_id))


# tuple.__new__ is four times faster than a NamedTuple's generated __new__, and a 100k
# transaction snapshot makes 300k postings.
_posting: Callable[[tuple[str, Decimal, Transaction | Transfer, int | None, Ref | None]], Posting]
_posting = partial(tuple.__new__, Posting)  # type: ignore[assignment]


def _id(ref: Ref | None) -> str | None:
    return ref.value if ref is not None and ref.value else None


def build_ledger(snapshot: Snapshot, chart: Chart) -> Ledger:
    qbo = snapshot.qbo
    ledger = Ledger(chart.by_id)
    if qbo is None:
        return ledger
    undeposited = next(
        (a.Id for a in chart.accounts if a.AccountSubType == UNDEPOSITED_FUNDS_SUBTYPE), None
    )
    receivables = [a.Id for a in chart.accounts if a.AccountType == "Accounts Receivable"]
    receivable = receivables[0] if len(receivables) == 1 else None
    payments = {p.Id: p for p in qbo.Payment or []}
    postings: list[Posting] = []
    for payment in qbo.Payment or []:
        postings += _payment(payment, undeposited, receivable)
    for deposit in qbo.Deposit or []:
        postings += _deposit(deposit, payments, undeposited)
    for transfer in qbo.Transfer or []:
        postings += _transfer(transfer)
    for entry in qbo.JournalEntry or []:
        postings += _journal(entry)
    for purchase in qbo.Purchase or []:
        postings += _purchase(purchase)
    by_account = ledger.by_account
    for posting in postings:
        found = by_account.get(posting.account_id)
        if found is None:
            by_account[posting.account_id] = [posting]
        else:
            found.append(posting)
    return ledger


def _payment(payment: Payment, undeposited: str | None, receivable: str | None) -> list[Posting]:
    into = _id(payment.DepositToAccountRef) or undeposited
    found = []
    if into:
        found.append(_posting((into, payment.TotalAmt, payment, None, payment.CustomerRef)))
    if receivable:
        found.append(_posting((receivable, -payment.TotalAmt, payment, None, payment.CustomerRef)))
    return found


def _deposit(
    deposit: Deposit, payments: dict[str, Payment], undeposited: str | None
) -> list[Posting]:
    found = []
    into = _id(deposit.DepositToAccountRef)
    if into:
        found.append(_posting((into, deposit.total, deposit, None, None)))
    for index, line in enumerate(deposit.Line):
        detail = line.DepositLineDetail
        source = detail.account_id if detail else None
        if source is None:
            for link in line.LinkedTxn:
                linked = payments.get(link.TxnId or "") if link.TxnType == "Payment" else None
                if linked is not None:
                    source = _id(linked.DepositToAccountRef) or undeposited
        if source:
            customer = detail.customer() if detail else None
            found.append(_posting((source, -line.Amount, deposit, index, customer)))
    return found


def _transfer(transfer: Transfer) -> list[Posting]:
    found = []
    if source := _id(transfer.FromAccountRef):
        found.append(_posting((source, -transfer.Amount, transfer, None, None)))
    if target := _id(transfer.ToAccountRef):
        found.append(_posting((target, transfer.Amount, transfer, None, None)))
    return found


def _journal(entry: JournalEntry) -> list[Posting]:
    found = []
    for index, line in enumerate(entry.Line):
        detail = line.JournalEntryLineDetail
        account = detail.account_id if detail else None
        if detail is None or account is None:
            continue
        sign = -1 if (detail.PostingType or "").lower() == "credit" else 1
        found.append(_posting((account, sign * line.Amount, entry, index, detail.customer())))
    return found


def _purchase(purchase: Purchase) -> list[Posting]:
    sign = -1 if purchase.Credit else 1
    payee = purchase.EntityRef
    customer = payee if payee is not None and (payee.type or "").lower() == "customer" else None
    found = []
    if paid_from := _id(purchase.AccountRef):
        found.append(_posting((paid_from, -sign * purchase.TotalAmt, purchase, None, customer)))
    for index, line in enumerate(purchase.Line):
        detail = line.AccountBasedExpenseLineDetail
        account = detail.account_id if detail else None
        if detail is None or account is None:
            continue
        found.append(
            _posting((account, sign * line.Amount, purchase, index, detail.CustomerRef or customer))
        )
    return found


def after(day: date | None, end: date) -> bool:
    """Whether a transaction dated `day` falls after `end`."""
    # A transaction without a date cannot be placed after the statement; it stays in.
    return day is not None and day > end


def later_postings(ledger: Ledger, account_ids: set[str], end: date) -> tuple[Adjustment, ...]:
    """The postings to these accounts dated after `end`, one per transaction, in date order."""
    totals: dict[tuple[date | None, str], Decimal] = {}
    txns: dict[tuple[date | None, str], Transaction | Transfer] = {}
    for posting in ledger.to(account_ids):
        if after(posting.date, end):
            key = (posting.date, posting.source)
            totals[key] = totals.get(key, ZERO) + ledger.change(posting)
            txns[key] = posting.txn
    return tuple(
        Adjustment(key[0], key[1], amount, qbo_record(txns[key]))
        for key, amount in sorted(totals.items(), key=lambda kv: (str(kv[0][0]), kv[0][1]))
        if amount != 0
    )


def rolled_account(
    ledger: Ledger, chart: Chart, account: Account, end: date | None, *, with_subaccounts: bool
) -> RolledBalance:
    ids = {account.Id}
    current = account.CurrentBalance
    if with_subaccounts:
        ids |= {a.Id for a in chart.descendants(account.Id)}
        current = account.balance_with_subaccounts
    later = later_postings(ledger, ids, end) if end is not None else ()
    return RolledBalance(account.full_name, current, later)
