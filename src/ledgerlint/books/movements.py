"""Movement pairing: each Clio trust movement with the QuickBooks line that records it.

Computed once per snapshot (`Books.movements`) and read by TR011-TR013, and by `reconcile` to
explain a difference movement by movement. The rule catalog defines it ("Trust liability
lines", "Movement pairing"); per trust account (a `TrustPair`: QuickBooks trust bank, its
liability, its Clio account):

- **Clio movements**: the account's `bank_transactions` of non-zero amount; money in when
  `funds_in − funds_out` (else `amount`) is positive. Its client is the transaction's `client`,
  else its matter's client.
- **QuickBooks trust liability lines**: the lines of Deposits, JournalEntries and Purchases, and
  the Transfers, that post to the liability or one of its client sub-accounts, of non-zero
  amount; a credit is money in. A line's client is its client sub-account (the account directly
  below the liability it posts to, or under), else its customer (`Entity`, `CustomerRef`); a
  Transfer names no customer. Lines of a Purchase that duplicates a synced disbursement
  (TS002, trust sync on) are left out: TS002 reports them, and the synced entry is the record.
- **Client identity** follows the catalog's name rule (`parties.py`): every client named on
  either side is grouped with the others whose names match. A group holding two Clio clients,
  two sub-accounts or two customers is ambiguous: its movements are left out of the pairing and
  reported (`ambiguous`), never guessed.
- **Pairing** (`pairing.py`): same direction and amount, dated at most `window_days` apart,
  greedily one to one by date distance, then Clio date, then Clio id, then QuickBooks Id and
  line Id. Pass 1 pairs the same client; pass 2 pairs, among the leftovers that both name a
  client, different clients (TR013); pass 3 pairs the lines naming no client with whatever Clio
  movement is left (TR009 reports those lines).
- **Span**: only what lies within the span both systems cover is judged: from the later of the
  earliest Clio movement and the earliest trust liability line, with no end. A side with no
  dated item for the account does not bound it: the span is then the other side's, so Clio
  movements QuickBooks never recorded are TR011's even when QuickBooks holds no trust line at
  all (and the reverse TR012's). Everything else left unpaired is TR011's (Clio) or TR012's
  (QuickBooks, naming a client).
- **Open items**: an undated item never pairs, so pairing cannot settle it, nor the dated items
  of the other side (same direction and amount) it might record. Those are `unsettled`, with
  the reason (`OpenReason`): the rules say they could not judge them, never pass them.

The window is TR011's `window_days` option (default 3 days), shared by TR012 and TR013 and by
`reconcile`, because one pairing serves them all (docs/trust-sync.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from collections.abc import Hashable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Literal

from ledgerlint.books.calendar import day
from ledgerlint.books.pairing import nearest_one_to_one
from ledgerlint.books.parties import NameGroups
from ledgerlint.books.parties import Party
from ledgerlint.books.parties import describe
from ledgerlint.books.postings import Posting
from ledgerlint.books.records import clio_record
from ledgerlint.books.records import qbo_record
from ledgerlint.books.trust_sync import DEFAULT_TWIN_WINDOW_DAYS
from ledgerlint.models.clio import BankTransaction
from ledgerlint.models.clio import ClioRef
from ledgerlint.models.clio import Contact
from ledgerlint.models.clio import Matter
from ledgerlint.models.money import money
from ledgerlint.models.qbo import Account
from ledgerlint.models.qbo import Customer
from ledgerlint.models.qbo import Ref
from ledgerlint.models.reconciliation import Record

if TYPE_CHECKING:
    from ledgerlint.books import Books
    from ledgerlint.books.reconciliation import TrustPair

DEFAULT_WINDOW_DAYS = 3
"""TR011's `window_days`: how many days apart the two records of one movement may be dated."""
LINE_KINDS = ("Deposit", "JournalEntry", "Purchase")
TRANSACTION_LISTS = ("Deposit", "JournalEntry", "Transfer", "Purchase")

Direction = Literal["in", "out"]
OpenReason = Literal["undated", "undated-other-side"]
"""Why pairing cannot settle an unpaired item: it has no date, or an undated item of the other
side (same direction and amount) may be its record."""
Stage = Literal["same-client", "other-client", "no-client"]


@dataclass(slots=True)
class ClioMovement:
    """One Clio trust `bank_transactions` item."""

    transaction: BankTransaction
    date: date | None
    amount: Decimal
    """Always positive; `direction` says which way."""
    direction: Direction
    client: Party | None
    matter: str | None
    identity: str | None = None
    """The client's name group (None: names no client)."""
    ambiguous: bool = False

    @property
    def signed(self) -> Decimal:
        """What it did to the Clio balance: + money in, − money out."""
        return self.amount if self.direction == "in" else -self.amount

    @property
    def pointer(self) -> str:
        return self.transaction.pointer

    @property
    def key(self) -> str:
        return self.transaction.key

    @property
    def label(self) -> str:
        return f"Clio trust transaction {self.transaction.id}"

    @property
    def record(self) -> Record:
        return clio_record(self.transaction)

    def describe(self) -> str:
        """In the report's words: `Trust withdrawal of 2026-06-05 (Clio Id 6003): $30,000.00
        out, for Maria Alvarez, matter 00031-Alvarez`."""
        whose = self.client.name if self.client else "no client"
        if self.matter:
            whose += f", matter {self.matter}"
        return f"{self.record.name}: {money(self.amount)} {self.direction}, for {whose}"


@dataclass(slots=True)
class BookLine:
    """One QuickBooks trust liability line."""

    posting: Posting
    date: date | None
    amount: Decimal
    direction: Direction
    subaccount: Party | None
    """The client sub-account it posts to (or below), None for the liability itself."""
    customer: Party | None
    """The customer it names (None for a Transfer, or a line without one)."""
    account: Account | None
    identity: str | None = None
    ambiguous: bool = False

    @property
    def client(self) -> Party | None:
        """The catalog's "client" of a line: its sub-account, else its customer."""
        return self.subaccount or self.customer

    @property
    def signed(self) -> Decimal:
        """What it did to the liability's balance: + money in (a credit), − money out."""
        return self.amount if self.direction == "in" else -self.amount

    @property
    def pointer(self) -> str:
        if self.posting.line is None:
            side = "ToAccountRef" if self.posting.debit > 0 else "FromAccountRef"
            return f"{self.posting.txn.pointer}/{side}"
        return self.posting.pointer

    @property
    def key(self) -> str:
        if self.posting.line is None:
            side = "to" if self.posting.debit > 0 else "from"
            return f"{self.posting.txn.key}:{side}"
        return self.posting.key

    @property
    def label(self) -> str:
        txn = self.posting.txn
        if self.posting.line is None:
            return txn.label
        return f"{txn.label} line {self.posting.line + 1}"

    @property
    def ids(self) -> tuple[object, ...]:
        txn = self.posting.txn
        line_id: object = ""
        line = self.posting.line_item
        if line is not None and self.posting.line is not None:
            line_id = line.Id or self.posting.line
        return (txn.Id, line_id, self.posting.account_id)

    @property
    def record(self) -> Record:
        return qbo_record(self.posting.txn, self.posting.line)

    def describe(self) -> str:
        """In the report's words: `Deposit of 2026-04-10, line 1 (QuickBooks Id 302):
        $40,000.00 into Client Trust Liability, for Brooks Holdings LLC`."""
        where = self.account.full_name if self.account else f"account {self.posting.account_id}"
        way = "into" if self.direction == "in" else "out of"
        whose = self.client.name if self.client else "no client"
        return f"{self.record.name}: {money(self.amount)} {way} {where}, for {whose}"


@dataclass(frozen=True, slots=True)
class MovementPair:
    clio: ClioMovement
    line: BookLine
    stage: Stage


@dataclass(frozen=True, slots=True)
class AmbiguousClient:
    """A name group holding several clients of one kind: its movements are left out."""

    names: tuple[str, ...]
    """`Clio: Jane Smith (contact 7)`, `QuickBooks sub-account: Smith, Jane`…"""
    movements: int
    pointer: str | None


@dataclass
class AccountMovements:
    """The pairing of one trust account's movements."""

    pair: TrustPair
    window_days: int
    clio: list[ClioMovement] = field(default_factory=list)
    lines: list[BookLine] = field(default_factory=list)
    duplicates: list[BookLine] = field(default_factory=list)
    """Lines of Purchases that duplicate a synced disbursement (TS002), left out."""
    pairs: list[MovementPair] = field(default_factory=list)
    ambiguous: list[AmbiguousClient] = field(default_factory=list)
    span_start: date | None = None
    unsettled: dict[int, OpenReason] = field(default_factory=dict, repr=False)
    """Why pairing cannot settle an unpaired item (by `id()`): `open_reason` reads it."""
    _paired_clio: dict[int, MovementPair] = field(default_factory=dict, repr=False)
    _paired_lines: dict[int, MovementPair] = field(default_factory=dict, repr=False)

    def judged(self, when: date | None) -> bool:
        """Whether a movement of this date lies in the span both systems cover."""
        return when is not None and self.span_start is not None and when >= self.span_start

    def open_reason(self, item: ClioMovement | BookLine) -> OpenReason | None:
        """Why pairing cannot settle this unpaired item (undated, or an undated item of the
        other side may record it); None when it is settled."""
        return self.unsettled.get(id(item))

    def pair_of_clio(self, movement: ClioMovement) -> MovementPair | None:
        return self._paired_clio.get(id(movement))

    def pair_of_line(self, line: BookLine) -> MovementPair | None:
        return self._paired_lines.get(id(line))

    def _in_question(self, item: ClioMovement | BookLine) -> bool:
        """Of a client that can be told apart, and dated in the span or undated (the callers
        check that it is unpaired)."""
        return not item.ambiguous and (item.date is None or self.judged(item.date))

    @property
    def missing_in_books(self) -> list[ClioMovement]:
        """TR011: Clio movements left unpaired, within the span (ambiguous ones left out)."""
        return [
            c
            for c in self.clio
            if id(c) not in self._paired_clio
            and self._in_question(c)
            and id(c) not in self.unsettled
        ]

    @property
    def missing_in_clio(self) -> list[BookLine]:
        """TR012: lines naming a client left unpaired, within the span."""
        return [
            line
            for line in self.lines
            if id(line) not in self._paired_lines
            and line.client is not None
            and self._in_question(line)
            and id(line) not in self.unsettled
        ]

    @property
    def open_in_books(self) -> list[ClioMovement]:
        """What TR011 cannot judge: unpaired Clio movements pairing cannot settle."""
        return [c for c in self.clio if id(c) in self.unsettled and self._in_question(c)]

    @property
    def open_in_clio(self) -> list[BookLine]:
        """What TR012 cannot judge: unpaired lines naming a client pairing cannot settle."""
        return [
            line
            for line in self.lines
            if id(line) in self.unsettled and line.client is not None and self._in_question(line)
        ]

    @property
    def open_across_clients(self) -> list[ClioMovement | BookLine]:
        """What TR013 cannot judge: undated items naming a client that an unpaired item of the
        other side, of another client, same direction and amount, might be the record of."""
        clio = [c for c in self.clio if id(c) not in self._paired_clio and c.identity is not None]
        lines = [
            line
            for line in self.lines
            if id(line) not in self._paired_lines and line.identity is not None
        ]
        found: list[ClioMovement | BookLine] = []
        for items, others in ((clio, lines), (lines, clio)):
            for item in items:
                if item.date is None and not item.ambiguous and _across(item, others):
                    found.append(item)
        return found

    @property
    def wrong_client(self) -> list[MovementPair]:
        """TR013: pairs made by the second pass."""
        return [p for p in self.pairs if p.stage == "other-client"]

    def add(self, pair: MovementPair) -> None:
        self.pairs.append(pair)
        self._paired_clio[id(pair.clio)] = pair
        self._paired_lines[id(pair.line)] = pair


@dataclass
class Movements:
    """The movement pairing of every trust account."""

    accounts: list[AccountMovements] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Trust accounts that cannot be paired (no liability or Clio account), and why."""
    missing_lists: tuple[str, ...] = ()
    """QuickBooks transaction lists the snapshot does not hold (`Purchase`…)."""
    has_clio: bool = False
    """Whether the snapshot holds `clio.bank_transactions` at all."""

    def for_bank(self, bank_id: str) -> AccountMovements | None:
        return next((a for a in self.accounts if a.pair.bank.Id == bank_id), None)


def build_movements(books: Books) -> Movements:
    snapshot = books.snapshot
    qbo, clio = snapshot.qbo, snapshot.clio
    result = Movements(
        missing_lists=tuple(
            name for name in TRANSACTION_LISTS if qbo is None or getattr(qbo, name) is None
        ),
        has_clio=clio is not None and clio.bank_transactions is not None,
    )
    window = int(books.option("TR011", "window_days", DEFAULT_WINDOW_DAYS))
    for pair in books.trust_pairs:
        if pair.liability is None or pair.clio_account is None:
            result.skipped.append(
                f"{pair.bank.full_name}: " + ("; ".join(pair.notes) or "not paired")
            )
            continue
        account = AccountMovements(pair, window)
        _gather(books, account)
        _resolve_clients(account)
        _pair(account)
        result.accounts.append(account)
    return result


# --- gathering ---------------------------------------------------------------------------------


def _gather(books: Books, account: AccountMovements) -> None:
    snapshot, chart = books.snapshot, books.chart
    pair = account.pair
    assert pair.liability is not None and pair.clio_account is not None
    clio = snapshot.clio
    contacts: dict[str, Contact] = {str(c.id): c for c in ((clio.contacts if clio else None) or [])}
    matters: dict[str, Matter] = {str(m.id): m for m in ((clio.matters if clio else None) or [])}
    target = pair.clio_account
    accounts = books.clio_bank_accounts
    parties: dict[object, Party | None] = {}
    for transaction in (clio.bank_transactions if clio else None) or []:
        ref = transaction.bank_account
        if ref is None or not accounts.refers_to(target, ref.id, ref.name):
            continue
        signed = transaction.signed_amount
        if signed == 0:
            continue
        matter = matters.get(str(transaction.matter.id)) if transaction.matter else None
        owner = transaction.client or (matter.client if matter else None)
        owner_key = (owner.id, owner.name) if owner else None
        if owner_key not in parties:
            parties[owner_key] = _clio_party(owner, contacts)
        account.clio.append(
            ClioMovement(
                transaction=transaction,
                date=day(transaction.date),
                amount=abs(signed),
                direction="in" if signed > 0 else "out",
                client=parties[owner_key],
                matter=_matter_label(transaction.matter, matter),
            )
        )

    liability = pair.liability
    top: dict[str, Account] = {}
    for child in chart.children.get(liability.Id, []):
        for below in (child, *chart.descendants(child.Id)):
            top[below.Id] = child
    customers = {c.Id: c for c in ((snapshot.qbo.Customer if snapshot.qbo else None) or [])}
    twins = _duplicate_purchases(books, pair)
    ledger = books.ledger
    holders = {a.Id: Party(a.key, a.Name, "sub-account", a.pointer) for a in top.values()}
    named: dict[object, Party | None] = {}
    for account_id in (liability.Id, *top):
        for posting in ledger.by_account.get(account_id, ()):
            kind = posting.txn.list_name
            if not (kind == "Transfer" or (kind in LINE_KINDS and posting.line is not None)):
                continue
            if posting.debit == 0:
                continue
            holder = top.get(account_id)
            customer = posting.customer
            ref_key = (customer.value, customer.name) if customer else None
            if ref_key not in named:
                named[ref_key] = _customer_party(customer, customers)
            line = BookLine(
                posting=posting,
                date=posting.date,
                amount=abs(posting.debit),
                direction="in" if posting.debit < 0 else "out",
                subaccount=holders[holder.Id] if holder else None,
                customer=named[ref_key],
                account=chart.by_id.get(account_id),
            )
            if id(posting.txn) in twins:
                account.duplicates.append(line)
            else:
                account.lines.append(line)
    clio_dates = [c.date for c in account.clio if c.date is not None]
    line_dates = [line.date for line in account.lines if line.date is not None]
    # A side with nothing dated does not bound the span: what the other holds is all judged.
    starts = [min(dates) for dates in (clio_dates, line_dates) if dates]
    account.span_start = max(starts) if starts else None


def _clio_party(ref: ClioRef | None, contacts: dict[str, Contact]) -> Party | None:
    if ref is None or (ref.id is None and not ref.name):
        return None
    contact = contacts.get(str(ref.id)) if ref.id is not None else None
    if contact is not None:
        return Party(contact.key, contact.name or ref.name or str(ref.id), "clio", contact.pointer)
    name = ref.name or f"Clio contact {ref.id}"
    return Party(f"clio.contacts:{ref.id if ref.id is not None else ref.name}", name, "clio")


def _matter_label(ref: ClioRef | None, matter: Matter | None) -> str | None:
    if matter is not None:
        return str(matter.display_number or matter.id)
    if ref is None:
        return None
    return ref.number or (str(ref.id) if ref.id is not None else ref.name)


def _customer_party(ref: Ref | None, customers: dict[str, Customer]) -> Party | None:
    if ref is None or not (ref.value or ref.name):
        return None
    customer = customers.get(ref.value or "")
    if customer is not None:
        return Party(customer.key, customer.DisplayName, "customer", customer.pointer)
    key = ref.value or f"name:{ref.name}"
    return Party(f"qbo.Customer:{key}", ref.name or f"customer {ref.value}", "customer")


def _duplicate_purchases(books: Books, pair: TrustPair) -> set[int]:
    """The Purchases TS002 reports as duplicates of synced disbursements (trust sync on, and
    this is the primary account): their lines are that rule's, not TR012's."""
    sync = books.trust_sync
    if not sync.on or sync.primary is not pair or not sync.exports_disbursements:
        return set()
    window = int(books.option("TS002", "window_days", DEFAULT_TWIN_WINDOW_DAYS))
    return {id(purchase) for _, purchase in sync.disbursement_twins(window)}


# --- who is who ----------------------------------------------------------------------------------


def _resolve_clients(account: AccountMovements) -> None:
    """Give every movement its client's name group; leave out groups that are ambiguous."""
    # A line's client is its sub-account when it has one; its customer then says nothing about
    # who it is (a duplicate QuickBooks customer must not make the client ambiguous).
    parties = [m.client for m in account.clio if m.client is not None]
    parties += [line.client for line in account.lines if line.client is not None]
    groups = NameGroups(parties)
    counts: dict[str, int] = {}
    items: list[ClioMovement | BookLine] = [*account.clio, *account.lines]
    for item in items:
        client = item.client
        if client is not None:
            identity = groups.group(client)
            item.identity = identity
            item.ambiguous = identity in groups.ambiguous
            if item.ambiguous:
                counts[identity] = counts.get(identity, 0) + 1
    for root, members in groups.ambiguous.items():
        first = next((m.pointer for m in members if m.pointer), None)
        account.ambiguous.append(AmbiguousClient(describe(members), counts.get(root, 0), first))
    account.ambiguous.sort(key=lambda a: a.names)


def _across(item: ClioMovement | BookLine, others: list[ClioMovement] | list[BookLine]) -> bool:
    return any(
        not other.ambiguous
        and other.identity != item.identity
        and (other.direction, other.amount) == (item.direction, item.amount)
        for other in others
    )


# --- pairing -------------------------------------------------------------------------------------


def _pair(account: AccountMovements) -> None:
    """The three passes of the catalog, each greedy over what the passes before left."""
    clio = [m for m in account.clio if not m.ambiguous]
    lines = [line for line in account.lines if not line.ambiguous]
    named_clio = [m for m in clio if m.identity is not None]
    named_lines = [line for line in lines if line.identity is not None]
    anonymous_lines = [line for line in lines if line.identity is None]
    _pass(account, "same-client", named_clio, named_lines, _clio_by_client, _line_by_client)
    _pass(account, "other-client", named_clio, named_lines, _clio_by_amount, _line_by_amount)
    _pass(account, "no-client", clio, anonymous_lines, _clio_by_amount, _line_by_amount)
    _mark_unsettled(account)


def _mark_unsettled(account: AccountMovements) -> None:
    """Undated items never pair: mark them as beyond what pairing can settle, and with them the
    dated unpaired items of the other side (same direction and amount) they might record, but
    only while those are no more than the undated ones: one undated item records at most one
    movement, so with more dated items than undated ones at least the excess is missing, and
    all of them stay findings (which ones are missing cannot be told)."""
    clio = [m for m in account.clio if account.pair_of_clio(m) is None and not m.ambiguous]
    lines = [x for x in account.lines if account.pair_of_line(x) is None and not x.ambiguous]
    for side, other in ((clio, lines), (lines, clio)):
        undated = Counter((x.direction, x.amount) for x in other if x.date is None)
        dated = Counter((x.direction, x.amount) for x in side if x.date is not None)
        for item in side:
            key = (item.direction, item.amount)
            if item.date is None:
                account.unsettled[id(item)] = "undated"
            elif dated[key] <= undated[key]:
                account.unsettled[id(item)] = "undated-other-side"


def _pass(
    account: AccountMovements,
    stage: Stage,
    clio: list[ClioMovement],
    lines: list[BookLine],
    clio_key: Callable[[ClioMovement], tuple[Hashable, date | None, tuple[object, ...]]],
    line_key: Callable[[BookLine], tuple[Hashable, date | None, tuple[object, ...]]],
) -> None:
    left = [m for m in clio if account.pair_of_clio(m) is None]
    right = [line for line in lines if account.pair_of_line(line) is None]
    accept = _different_clients if stage == "other-client" else None
    pairs = nearest_one_to_one(
        left, right, account.window_days, left_key=clio_key, right_key=line_key, accept=accept
    )
    for movement, line in pairs:
        account.add(MovementPair(movement, line, stage))


def _different_clients(movement: ClioMovement, line: BookLine) -> bool:
    return movement.identity != line.identity


def _clio_by_client(m: ClioMovement) -> tuple[Hashable, date | None, tuple[object, ...]]:
    return (m.identity, m.direction, m.amount), m.date, (m.transaction.id,)


def _clio_by_amount(m: ClioMovement) -> tuple[Hashable, date | None, tuple[object, ...]]:
    return (m.direction, m.amount), m.date, (m.transaction.id,)


def _line_by_client(line: BookLine) -> tuple[Hashable, date | None, tuple[object, ...]]:
    return (line.identity, line.direction, line.amount), line.date, line.ids


def _line_by_amount(line: BookLine) -> tuple[Hashable, date | None, tuple[object, ...]]:
    return (line.direction, line.amount), line.date, line.ids
