"""Clio's QuickBooks trust sync as the books show it (rule-catalog "TS — Clio trust sync").

With trust sync on, Clio exports each movement of one trust account, the **primary** one
(`clio_bill_syncing.trust_sync.clio_bank_account`, paired with QuickBooks through its
`trust_accounts` entry), as a QuickBooks JournalEntry between the mapped trust bank and trust
liability accounts. This module finds, once per snapshot:

- `primary`: the primary account's pair (or `problem`: why it cannot be told);
- `entries`: the **synced JournalEntries**, each dated on or after `enabled_at` (any date when
  absent) with exactly two lines of equal amount, one to the primary trust bank and one to its
  trust liability account itself (not a sub-account), in opposite directions. A hand-typed entry
  of that shape does the same job and is treated the same;
- `bill_payments`: each payment of a bill from the primary account (a Clio `allocations` item)
  with the synced entry that takes its amount out of trust (debiting the liability line for
  the bill's client, same amount, within 7 days), paired one to one, nearest date first. TR002
  reads it (its trust-sync reading) and so does TS003;
- `disbursement_twins(window)`: synced entries crediting the trust bank paired one to one with
  a `Purchase` from the same trust bank of the same amount and client (TS002). Entries that pay a
  bill are not disbursements and are left out;
- `transfer_twins(window)`: the bill-payment entries paired one to one with a `Transfer` out of
  the trust bank of the same amount (TS003).

"Paired one to one, nearest date first" is the greedy order of every pairing (`pairing.py`):
date distance, then the earlier date, then the ids (as numbers when they are).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Literal
from typing import NamedTuple

from ledgerlint.books.calendar import day
from ledgerlint.books.clio_accounts import ClioBankAccounts
from ledgerlint.books.names import names_match
from ledgerlint.books.pairing import nearest_one_to_one
from ledgerlint.models.clio import Allocation
from ledgerlint.models.qbo import JournalEntry
from ledgerlint.models.qbo import Purchase
from ledgerlint.models.qbo import Ref
from ledgerlint.models.qbo import Transfer
from ledgerlint.models.settings import TrustSync as TrustSyncSettings

if TYPE_CHECKING:
    from ledgerlint.books import Books
    from ledgerlint.books.reconciliation import TrustPair

APPLICATION_WINDOW_DAYS = 7
"""How far a synced entry may be dated from the Clio payment of a bill it records (catalog)."""
DEFAULT_TWIN_WINDOW_DAYS = 7
"""TS002 and TS003's `window_days` default."""

Direction = Literal["in", "out"]


@dataclass(frozen=True)
class SyncedEntry:
    """A JournalEntry of the trust sync's shape: the primary trust bank against its liability."""

    entry: JournalEntry
    bank_line: int
    liability_line: int
    amount: Decimal
    direction: Direction
    """`in`: debits the trust bank, credits the liability (a deposit); `out`: the reverse."""
    client: str | None
    """The liability line's customer as QuickBooks names it (`Entity`), or None."""

    @property
    def date(self) -> date | None:
        return self.entry.TxnDate

    @property
    def pointer(self) -> str:
        return f"{self.entry.pointer}/Line/{self.liability_line}"


@dataclass(frozen=True)
class BillPayment:
    """A Clio payment of a bill from the primary trust account, and the synced entry that takes
    its amount out of trust (None: no such entry within 7 days)."""

    allocation: Allocation
    client: str | None
    entry: SyncedEntry | None


@dataclass
class TrustSyncBooks:
    settings: TrustSyncSettings | None
    """`clio_bill_syncing.trust_sync` as typed (None: absent)."""
    clio_accounts: ClioBankAccounts
    """Which Clio bank account a reference names."""
    primary: TrustPair | None = None
    problem: str | None = None
    """Why the primary account's QuickBooks pair cannot be told (trust sync on only)."""
    entries: list[SyncedEntry] = field(default_factory=list)
    bill_payments: list[BillPayment] = field(default_factory=list)
    purchases: list[Purchase] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    customer_names: dict[str, str] = field(default_factory=dict)

    @property
    def on(self) -> bool:
        """The catalog's "trust sync": `trust_sync.enabled: true`."""
        return self.settings is not None and self.settings.enabled is True

    @property
    def exports_disbursements(self) -> bool:
        """Unless the firm says the box is off, the synced entries show what Clio exports."""
        export = self.settings.export if self.settings else None
        return not (export is not None and export.trust_disbursements is False)

    def is_primary(self, ref_id: object, ref_name: str | None) -> bool:
        """Whether a Clio bank-account reference names the primary trust account."""
        account = self.primary.clio_account if self.primary else None
        if account is None:
            return False
        return self.clio_accounts.refers_to(account, ref_id, ref_name)

    def disbursement_twins(self, window: int) -> list[tuple[SyncedEntry, Purchase]]:
        """Synced entries crediting the trust bank, each with the Purchase from the same bank
        that records the same disbursement (TS002)."""
        paying = {id(p.entry.entry) for p in self.bill_payments if p.entry is not None}
        entries = [e for e in self.entries if e.direction == "out" and id(e.entry) not in paying]

        def twins(entry: SyncedEntry, purchase: Purchase) -> bool:
            return purchase.TotalAmt == entry.amount and self._same_client(entry, purchase)

        return nearest_one_to_one(
            entries,
            self.purchases,
            window,
            left_key=lambda e: (e.amount, e.date, (e.entry.Id,)),
            right_key=lambda p: (p.TotalAmt, p.TxnDate, (p.Id,)),
            accept=twins,
        )

    def transfer_twins(self, window: int) -> list[tuple[BillPayment, Transfer]]:
        """Bill payments whose synced entry is accompanied by a Transfer out of the trust bank
        of the same amount (TS003)."""
        recorded: list[tuple[BillPayment, SyncedEntry]] = []
        for payment in self.bill_payments:
            if payment.entry is not None:
                recorded.append((payment, payment.entry))
        pairs = nearest_one_to_one(
            recorded,
            self.transfers,
            window,
            left_key=lambda pe: (pe[1].amount, pe[1].date, (pe[1].entry.Id,)),
            right_key=lambda t: (t.Amount, t.TxnDate, (t.Id,)),
        )
        return [(payment, transfer) for (payment, _), transfer in pairs]

    def _same_client(self, entry: SyncedEntry, purchase: Purchase) -> bool:
        if entry.client is None:
            return False
        names = [self._ref_name(purchase.EntityRef)]
        for line in purchase.Line:
            detail = line.AccountBasedExpenseLineDetail
            names.append(self._ref_name(detail.CustomerRef if detail else None))
        return any(name and names_match(name, entry.client) for name in names)

    def _ref_name(self, ref: Ref | None) -> str | None:
        if ref is None:
            return None
        return self.customer_names.get(ref.value or "") or ref.name


def build_trust_sync(books: Books) -> TrustSyncBooks:
    snapshot = books.snapshot
    syncing = snapshot.clio_bill_syncing
    settings = syncing.trust_sync if syncing else None
    result = TrustSyncBooks(settings, books.clio_bank_accounts)
    if not result.on:
        return result
    assert settings is not None
    result.primary, result.problem = _primary(books, settings)
    pair = result.primary
    if pair is None or pair.liability is None:
        return result
    qbo = snapshot.qbo
    customers = (qbo.Customer if qbo else None) or []
    result.customer_names = {c.Id: c.DisplayName for c in customers}
    bank, liability = pair.bank.Id, pair.liability.Id
    for entry in (qbo.JournalEntry if qbo else None) or []:
        synced = _synced(entry, bank, liability, settings.enabled_at, result.customer_names)
        if synced is not None:
            result.entries.append(synced)
    result.purchases = [
        p
        for p in (qbo.Purchase if qbo else None) or []
        if p.AccountRef is not None and p.AccountRef.value == bank and not p.Credit and p.TotalAmt
    ]
    result.transfers = [
        t
        for t in (qbo.Transfer if qbo else None) or []
        if t.FromAccountRef is not None and t.FromAccountRef.value == bank and t.Amount
    ]
    result.bill_payments = _bill_payments(books, result)
    return result


def _primary(books: Books, settings: TrustSyncSettings) -> tuple[TrustPair | None, str | None]:
    pairs = [p for p in books.trust_pairs if p.clio_account is not None]
    name = settings.clio_bank_account
    if name:
        account = books.clio_bank_accounts.named(name)
        found = [p for p in pairs if account is not None and p.clio_account is account]
        if len(found) == 1:
            return found[0], _missing_liability(found[0])
        return None, (
            f"trust_sync.clio_bank_account names {name!r}, which no "
            "clio_bill_syncing.trust_accounts entry pairs with a QuickBooks trust bank account"
        )
    if len(pairs) == 1:
        return pairs[0], _missing_liability(pairs[0])
    return None, (
        "trust_sync.clio_bank_account is not given and the snapshot pairs "
        f"{len(pairs)} trust accounts: name the primary one"
    )


def _missing_liability(pair: TrustPair) -> str | None:
    if pair.liability is not None:
        return None
    return f"the primary trust account {pair.bank.full_name} has no paired trust liability"


class _Side(NamedTuple):
    line: int
    account: str
    debit: bool
    amount: Decimal
    customer: Ref | None


def _synced(
    entry: JournalEntry,
    bank: str,
    liability: str,
    enabled_at: date | None,
    customer_names: dict[str, str],
) -> SyncedEntry | None:
    if enabled_at is not None and (entry.TxnDate is None or entry.TxnDate < enabled_at):
        return None
    if len(entry.Line) != 2:
        return None
    sides = []
    for index, line in enumerate(entry.Line):
        detail = line.JournalEntryLineDetail
        if detail is None or detail.account_id is None:
            return None
        debit = (detail.PostingType or "").lower() == "debit"
        sides.append(_Side(index, detail.account_id, debit, line.Amount, detail.customer()))
    first, second = sides
    if (
        first.amount != second.amount
        or first.amount == 0
        or first.debit == second.debit
        or {first.account, second.account} != {bank, liability}
    ):
        return None
    bank_side, liability_side = (first, second) if first.account == bank else (second, first)
    customer = liability_side.customer
    client = None
    if customer is not None:
        client = customer_names.get(customer.value or "") or customer.name
    return SyncedEntry(
        entry=entry,
        bank_line=bank_side.line,
        liability_line=liability_side.line,
        amount=first.amount,
        direction="in" if bank_side.debit else "out",
        client=client,
    )


def _bill_payments(books: Books, sync: TrustSyncBooks) -> list[BillPayment]:
    clio = books.snapshot.clio
    matching = books.matching
    payments: list[tuple[Allocation, str | None]] = []
    for allocation in (clio.allocations if clio else None) or []:
        source = allocation.source_bank_account
        if source is None or allocation.bill is None or allocation.amount == 0:
            continue
        if not sync.is_primary(source.id, source.name):
            continue
        bill = matching.bill_of(allocation.bill.id, allocation.bill.number)
        ref = (bill.client if bill else None) or allocation.contact
        payments.append((allocation, ref.name if ref else None))
    outgoing = [e for e in sync.entries if e.direction == "out"]

    def records(payment: tuple[Allocation, str | None], entry: SyncedEntry) -> bool:
        allocation, client = payment
        return (
            entry.amount == allocation.amount
            and client is not None
            and entry.client is not None
            and names_match(entry.client, client)
        )

    matched = nearest_one_to_one(
        payments,
        outgoing,
        APPLICATION_WINDOW_DAYS,
        left_key=lambda p: (p[0].amount, day(p[0].date), (p[0].id,)),
        right_key=lambda e: (e.amount, e.date, (e.entry.Id,)),
        accept=records,
    )
    entry_of = {id(payment[0]): entry for payment, entry in matched}
    return [BillPayment(a, client, entry_of.get(id(a))) for a, client in payments]
