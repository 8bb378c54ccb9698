"""The three-way trust reconciliation, computed once for the RC rules and `ledgerlint reconcile`.

For each trust bank account (rule-catalog "Names used below"), as of its statement's
`period_end`:

1. **bank**: the statement's adjusted balance, ending + deposits in transit - outstanding checks;
2. **QuickBooks**: the paired trust liability's `CurrentBalanceWithSubAccounts`, minus what the
   postings dated after `period_end` to it or any account below it added (see `postings.py`
   for how each transaction moves an account);
3. **Clio**: the client trust balances held in the paired Clio bank account (the `Trust` entries
   of `matters[].account_balances` for it, plus client-level funds: see `clio_clients`), minus
   the Clio `bank_transactions` of that account dated after `period_end` (signed amounts).

Pairs come from `clio_bill_syncing.trust_accounts` (QBO bank ↔ QBO liability ↔ Clio account);
without a mapping entry, a pair is made only where there is exactly one candidate of a kind.
The per-client table puts each client's QuickBooks balance (their sub-account; or, when the
liability has no sub-accounts, the postings naming them as customer) beside Clio's. A client
whose name matches two candidates is reported as ambiguous and left out, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal

from ledgerlint.builtin.books import Books
from ledgerlint.builtin.books import build_books
from ledgerlint.builtin.names import NameIndex
from ledgerlint.builtin.postings import Ledger
from ledgerlint.builtin.postings import build_ledger
from ledgerlint.models.clio import BankAccount
from ledgerlint.models.clio import ClioRef
from ledgerlint.models.qbo import Account
from ledgerlint.models.reconciliation import ZERO
from ledgerlint.models.reconciliation import Adjustment
from ledgerlint.models.reconciliation import AmbiguousMatch
from ledgerlint.models.reconciliation import ClientBalance
from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.models.reconciliation import RolledBalance
from ledgerlint.models.reconciliation import StatementFigures
from ledgerlint.models.reconciliation import TrustAccountReconciliation
from ledgerlint.models.settings import Statement
from ledgerlint.models.snapshot import Snapshot
from ledgerlint.plugins.rule import RuleContext


@dataclass(frozen=True)
class TrustPair:
    """A QBO trust bank account with the liability and Clio account that mirror it."""

    bank: Account
    liability: Account | None
    clio_account: BankAccount | None
    notes: tuple[str, ...] = ()


@dataclass
class Analysis:
    """What the RC rules share, computed once per snapshot."""

    snapshot: Snapshot
    books: Books
    ledger: Ledger
    pairs: list[TrustPair] = field(default_factory=list)


def analysis(ctx: RuleContext) -> Analysis:
    return ctx.memoized("reconciliation", lambda: analyse(ctx.snapshot))  # type: ignore[no-any-return]


def analyse(snapshot: Snapshot) -> Analysis:
    books = build_books(snapshot)
    result = Analysis(snapshot, books, build_ledger(snapshot))
    result.pairs = trust_pairs(snapshot, books)
    return result


# --- dates -------------------------------------------------------------------------------------


def parse_day(value: object) -> date | None:
    """A Clio date (`2026-11-06` or an ISO timestamp) as a date; None when unreadable."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _after(day: date | None, end: date) -> bool:
    # A transaction without a date cannot be placed after the statement; it stays in.
    return day is not None and day > end


# --- pairing -----------------------------------------------------------------------------------


def active_trust_banks(books: Books) -> list[Account]:
    """Trust bank accounts that are active or still hold money."""
    return [a for a in books.trust_banks if a.Active or a.CurrentBalance != 0]


def _clio_account(snapshot: Snapshot, name: str | None) -> BankAccount | None:
    accounts = (snapshot.clio.bank_accounts if snapshot.clio else None) or []
    if not name:
        return None
    exact = [a for a in accounts if a.name == name]
    if exact:
        return exact[0]
    folded = [a for a in accounts if a.name.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def trust_pairs(snapshot: Snapshot, books: Books) -> list[TrustPair]:
    syncing = snapshot.clio_bill_syncing
    mappings = (syncing.trust_accounts if syncing else None) or []
    banks = active_trust_banks(books)
    clio_trust = [a for a in (snapshot.clio.bank_accounts if snapshot.clio else None) or []]
    clio_trust = [a for a in clio_trust if a.is_trust]
    pairs = []
    for bank in banks:
        notes: list[str] = []
        mapping = next((m for m in mappings if books.find(m.qbo_bank_account) is bank), None)
        if mapping is not None:
            liability = books.find(mapping.qbo_liability_account)
            clio = _clio_account(snapshot, mapping.clio_bank_account)
            if liability is None:
                notes.append(
                    f"clio_bill_syncing.trust_accounts names no existing QuickBooks liability for {bank.full_name}"
                )
            if clio is None:
                notes.append(
                    f"clio_bill_syncing.trust_accounts names Clio account {mapping.clio_bank_account!r}, which the snapshot does not hold"
                )
        else:
            sole = len(banks) == 1
            liability = (
                books.trust_liabilities[0] if sole and len(books.trust_liabilities) == 1 else None
            )
            clio = clio_trust[0] if sole and len(clio_trust) == 1 else None
            if liability is None:
                notes.append(
                    f"no trust liability account is paired with {bank.full_name} (map it in clio_bill_syncing.trust_accounts)"
                )
            if clio is None:
                notes.append(
                    f"no Clio trust bank account is paired with {bank.full_name} (map it in clio_bill_syncing.trust_accounts)"
                )
        pairs.append(TrustPair(bank, liability, clio, tuple(notes)))
    return pairs


# --- statements --------------------------------------------------------------------------------


def statements_for(
    snapshot: Snapshot, books: Books, account: Account
) -> list[tuple[int, Statement]]:
    statements = (snapshot.bank.statements if snapshot.bank else None) or []
    return [(i, s) for i, s in enumerate(statements) if books.find(s.account) is account]


def latest_statement(
    snapshot: Snapshot, books: Books, account: Account
) -> tuple[int, Statement] | None:
    found = statements_for(snapshot, books, account)
    return max(found, key=lambda item: item[1].period_end) if found else None


def statement_figures(index: int, statement: Statement) -> StatementFigures:
    return StatementFigures(
        account=statement.account,
        period_end=statement.period_end,
        ending_balance=statement.ending_balance,
        deposits_in_transit=statement.deposits_in_transit or ZERO,
        outstanding_checks=statement.outstanding_checks or ZERO,
        reconciled_at=statement.reconciled_at,
        pointer=f"/bank/statements/{index}",
    )


# --- QuickBooks balances -----------------------------------------------------------------------


def later_postings(ledger: Ledger, account_ids: set[str], end: date) -> tuple[Adjustment, ...]:
    """The postings to these accounts dated after `end`, one per transaction, in date order."""
    totals: dict[tuple[date | None, str], Decimal] = {}
    for posting in ledger.to(account_ids):
        if _after(posting.date, end):
            key = (posting.date, posting.source)
            totals[key] = totals.get(key, ZERO) + ledger.change(posting)
    return tuple(
        Adjustment(day, source, amount)
        for (day, source), amount in sorted(
            totals.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])
        )
        if amount != 0
    )


def rolled_account(
    ledger: Ledger, books: Books, account: Account, end: date | None, *, with_subaccounts: bool
) -> RolledBalance:
    ids = {account.Id}
    current = account.CurrentBalance
    if with_subaccounts:
        ids |= {a.Id for a in books.descendants(account.Id)}
        current = account.balance_with_subaccounts
    later = later_postings(ledger, ids, end) if end is not None else ()
    return RolledBalance(account.full_name, current, later)


# --- Clio balances -----------------------------------------------------------------------------


def _holds(entry_id: object, entry_name: str | None, account: BankAccount) -> bool:
    if entry_id is not None:
        return str(entry_id) == str(account.id)
    return entry_name == account.name


@dataclass
class ClioClient:
    key: str
    name: str
    pointer: str
    entity_key: str
    current: Decimal = ZERO
    later: Decimal = ZERO

    def balance(self, rolled: bool) -> Decimal:
        return self.current - self.later if rolled else self.current


def _client_key(ref: ClioRef | None) -> str | None:
    if ref is None:
        return None
    if ref.id is not None:
        return f"id:{ref.id}"
    return f"name:{ref.name}" if ref.name else None


def clio_clients(
    snapshot: Snapshot, account: BankAccount, end: date | None
) -> tuple[dict[str, ClioClient], RolledBalance]:
    """Each client's trust funds in one Clio bank account, and the account's total.

    Matter funds are the `Trust` entries of `matters[].account_balances` for the account.
    Client-level funds (Clio lets a firm hold trust money for a contact, not a matter) have no
    balance resource in the snapshot format, so they are read as the sum of the account's
    `bank_transactions` that name a client and no matter.
    """
    clio = snapshot.clio
    assert clio is not None
    contacts = {str(c.id): c for c in clio.contacts or []}
    matters = {str(m.id): m for m in clio.matters or []}
    clients: dict[str, ClioClient] = {}

    def client(ref: ClioRef | None, fallback_pointer: str) -> ClioClient | None:
        key = _client_key(ref)
        if key is None or ref is None:
            return None
        if key not in clients:
            contact = contacts.get(str(ref.id)) if ref.id is not None else None
            name = (contact.name if contact else None) or ref.name or f"Clio contact {ref.id}"
            pointer = contact.pointer if contact else fallback_pointer
            entity_key = contact.key if contact else f"clio.contacts:{ref.id or ref.name}"
            clients[key] = ClioClient(key, name, pointer, entity_key)
        return clients[key]

    total = ZERO
    for matter in clio.matters or []:
        for entry in matter.account_balances or []:
            if entry.is_trust and _holds(entry.id, entry.name, account):
                total += entry.balance
                holder = client(matter.client, matter.pointer)
                if holder is not None:
                    holder.current += entry.balance
    later: list[Adjustment] = []
    for transaction in clio.bank_transactions or []:
        ref = transaction.bank_account
        if ref is None or not _holds(ref.id, ref.name, account):
            continue
        of_matter = matters.get(str(transaction.matter.id)) if transaction.matter else None
        owner = transaction.client or (of_matter.client if of_matter else None)
        if transaction.matter is None and transaction.client is not None:
            total += transaction.amount
            holder = client(transaction.client, transaction.pointer)
            if holder is not None:
                holder.current += transaction.amount
        day = parse_day(transaction.date)
        if end is not None and _after(day, end):
            later.append(
                Adjustment(day, f"Clio bank transaction {transaction.id}", transaction.amount)
            )
            holder = client(owner, transaction.pointer)
            if holder is not None:
                holder.later += transaction.amount
    later.sort(key=lambda a: (str(a.date), a.description))
    return clients, RolledBalance(account.name, total, tuple(later))


# --- the per-client table ----------------------------------------------------------------------


@dataclass
class QboClient:
    key: str
    name: str
    label: str
    pointer: str
    entity_key: str
    current: Decimal
    later: Decimal

    def balance(self, rolled: bool) -> Decimal:
        return self.current - self.later if rolled else self.current


def _subaccount_clients(
    ledger: Ledger, books: Books, liability: Account, end: date | None
) -> tuple[list[QboClient], Decimal]:
    entries = []
    for child in books.children.get(liability.Id, []):
        rolled = rolled_account(ledger, books, child, end, with_subaccounts=True)
        later = rolled.current - rolled.as_of
        entries.append(
            QboClient(
                child.Id,
                child.Name,
                child.full_name,
                child.pointer,
                child.key,
                rolled.current,
                later,
            )
        )
    own = rolled_account(ledger, books, liability, end, with_subaccounts=False)
    return entries, own.as_of if end is not None else own.current


def _customer_clients(
    snapshot: Snapshot, ledger: Ledger, liability: Account, end: date | None
) -> tuple[list[QboClient], Decimal, str | None]:
    customers = {c.Id: c for c in (snapshot.qbo.Customer if snapshot.qbo else None) or []}
    by_customer: dict[str, QboClient] = {}
    unassigned = ZERO
    total = ZERO
    for posting in ledger.to({liability.Id}):
        change = ledger.change(posting)
        total += change
        later = change if end is not None and _after(posting.date, end) else ZERO
        ref = posting.customer
        if ref is None or not (ref.value or ref.name):
            unassigned += change - later
            continue
        key = ref.value or f"name:{ref.name}"
        if key not in by_customer:
            customer = customers.get(ref.value or "")
            name = customer.DisplayName if customer else ref.name or f"customer {ref.value}"
            pointer = customer.pointer if customer else posting.pointer
            entity_key = customer.key if customer else f"qbo.Customer:{key}"
            label = f"{liability.full_name} (customer {name})"
            by_customer[key] = QboClient(key, name, label, pointer, entity_key, ZERO, ZERO)
        by_customer[key].current += change
        by_customer[key].later += later
    unavailable = None
    if total != liability.CurrentBalance:
        unavailable = (
            f"{liability.full_name} has no client sub-accounts, and the postings the snapshot holds "
            f"for it add up to {total:,.2f}, not its balance {liability.CurrentBalance:,.2f}: "
            "per-client balances cannot be derived from an incomplete history"
        )
    return list(by_customer.values()), unassigned, unavailable


def client_table(analysis: Analysis, pair: TrustPair, end: date | None) -> ClientTable | None:
    """QuickBooks and Clio per client, rolled back to `end` (None: current balances)."""
    liability, account = pair.liability, pair.clio_account
    if liability is None or account is None or analysis.snapshot.clio is None:
        return None
    rolled = end is not None
    clio_side, _ = clio_clients(analysis.snapshot, account, end)
    if analysis.books.children.get(liability.Id):
        qbo_side, unassigned = _subaccount_clients(analysis.ledger, analysis.books, liability, end)
        basis = "sub-accounts"
        unavailable = None
    else:
        qbo_side, unassigned, unavailable = _customer_clients(
            analysis.snapshot, analysis.ledger, liability, end
        )
        basis = "customers"
    if unavailable:
        qbo_side = []
    index = NameIndex((q.name, q) for q in qbo_side)
    rows: list[ClientBalance] = []
    ambiguous: list[AmbiguousMatch] = []
    claims: dict[str, list[ClioClient]] = {}
    involved: set[str] = set()
    for clio_client in sorted(clio_side.values(), key=lambda c: c.name.casefold()):
        match = index.lookup(clio_client.name)
        if match.ambiguous:
            involved |= {q.key for q in match.candidates}
            ambiguous.append(
                AmbiguousMatch(
                    clio_client.name,
                    tuple(q.label for q in match.candidates),
                    clio_client.pointer,
                )
            )
        elif match.found is not None:
            claims.setdefault(match.found.key, []).append(clio_client)
        elif clio_client.balance(rolled) != 0 or unavailable:
            rows.append(_row(clio_client, None, rolled))
    by_key = {q.key: q for q in qbo_side}
    for key, claimants in claims.items():
        qbo_client = by_key[key]
        involved.add(key)
        if len(claimants) > 1:
            ambiguous.append(
                AmbiguousMatch(
                    qbo_client.label, tuple(c.name for c in claimants), qbo_client.pointer
                )
            )
            continue
        rows.append(_row(claimants[0], qbo_client, rolled))
    for qbo_client in qbo_side:
        if qbo_client.key not in involved and qbo_client.balance(rolled) != 0:
            rows.append(_row(None, qbo_client, rolled))
    rows.sort(key=lambda r: r.client.casefold())
    return ClientTable(
        basis=basis,  # type: ignore[arg-type]
        as_of=end,
        rows=tuple(rows),
        unassigned=unassigned,
        ambiguous=tuple(ambiguous),
        unavailable=unavailable,
    )


def _row(clio: ClioClient | None, qbo: QboClient | None, rolled: bool) -> ClientBalance:
    name = clio.name if clio is not None else qbo.name if qbo is not None else "?"
    return ClientBalance(
        client=name,
        qbo_account=qbo.label if qbo else None,
        qbo_balance=qbo.balance(rolled) if qbo else None,
        clio_balance=clio.balance(rolled) if clio else None,
        qbo_pointer=qbo.pointer if qbo else None,
        qbo_key=qbo.entity_key if qbo else None,
        clio_pointer=clio.pointer if clio else None,
        clio_key=clio.entity_key if clio else None,
    )


# --- one account, and the whole report ---------------------------------------------------------


def reconcile_pair(
    analysis: Analysis, pair: TrustPair, statement: tuple[int, Statement] | None
) -> TrustAccountReconciliation:
    figures = statement_figures(*statement) if statement else None
    end = figures.period_end if figures else None
    books, ledger = analysis.books, analysis.ledger
    notes = list(pair.notes)
    if figures is None:
        notes.append(f"no bank statement for {pair.bank.full_name}: the bank side is unknown")
    liability = (
        rolled_account(ledger, books, pair.liability, end, with_subaccounts=True)
        if pair.liability
        else None
    )
    clio = None
    if pair.clio_account is not None and analysis.snapshot.clio is not None:
        _, clio = clio_clients(analysis.snapshot, pair.clio_account, end)
    return TrustAccountReconciliation(
        bank_account=pair.bank.full_name,
        bank_pointer=pair.bank.pointer,
        bank_key=pair.bank.key,
        liability_account=pair.liability.full_name if pair.liability else None,
        clio_account=pair.clio_account.name if pair.clio_account else None,
        statement=figures,
        books=rolled_account(ledger, books, pair.bank, end, with_subaccounts=False),
        liability=liability,
        clio=clio,
        clients=client_table(analysis, pair, end),
        notes=tuple(notes),
        liability_pointer=pair.liability.pointer if pair.liability else None,
        clio_pointer=pair.clio_account.pointer if pair.clio_account else None,
    )


def build_report(
    snapshot: Snapshot, file: str, *, as_of: date | None = None
) -> ReconciliationReport:
    """Reconcile every trust bank account against its latest statement (or the one ending on
    `as_of`)."""
    found = analyse(snapshot)
    accounts = []
    notes: list[str] = []
    for pair in found.pairs:
        if as_of is None:
            statement = latest_statement(snapshot, found.books, pair.bank)
        else:
            chosen = [
                item
                for item in statements_for(snapshot, found.books, pair.bank)
                if item[1].period_end == as_of
            ]
            statement = chosen[-1] if chosen else None
        accounts.append(reconcile_pair(found, pair, statement))
    if not found.pairs:
        notes.append("QuickBooks has no trust bank account: there is nothing to reconcile")
    return ReconciliationReport(
        file=file,
        firm=snapshot.firm.name if snapshot.firm else None,
        captured_at=snapshot.captured_at,
        accounts=tuple(accounts),
        notes=tuple(notes),
    )


__all__: Sequence[str] = (
    "Analysis",
    "TrustPair",
    "analyse",
    "analysis",
    "build_report",
    "client_table",
    "clio_clients",
    "latest_statement",
    "parse_day",
    "reconcile_pair",
    "rolled_account",
    "statements_for",
    "trust_pairs",
)
