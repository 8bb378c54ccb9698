"""Each client's trust funds on both sides of the reconciliation, and the table comparing them.

- **Clio** (`clio_clients`): per client, the `Trust` entries of `matters[].account_balances`
  for one Clio bank account, plus client-level funds (the account's `bank_transactions` that
  name a client and no matter), with what came in after the statement date;
- **QuickBooks**: per client, their sub-account under the trust liability; or, when the
  liability has no sub-accounts, the postings to it naming them as customer (only when those
  postings add up to its balance: a partial history cannot give per-client balances);
- `compare_clients` puts the two side by side, matching names with `ledgerlint.books.names`.
  A client whose name matches two candidates is reported as ambiguous and left out, never
  guessed.

`ledgerlint.builtin.reconciliation` computes the Clio side once per account and date
(`Analysis.clio_clients`) and builds the table for a trust account (`client_table`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledgerlint.books.calendar import day
from ledgerlint.books.chart import Chart
from ledgerlint.books.clio_accounts import ClioBankAccounts
from ledgerlint.books.names import NameIndex
from ledgerlint.books.postings import Ledger
from ledgerlint.books.postings import after
from ledgerlint.books.postings import rolled_account
from ledgerlint.books.records import clio_record
from ledgerlint.models.clio import BankAccount
from ledgerlint.models.clio import ClioRef
from ledgerlint.models.money import ZERO
from ledgerlint.models.qbo import Account
from ledgerlint.models.reconciliation import Adjustment
from ledgerlint.models.reconciliation import AmbiguousMatch
from ledgerlint.models.reconciliation import ClientBalance
from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import RolledBalance
from ledgerlint.models.snapshot import Snapshot

# --- Clio ------------------------------------------------------------------------------------------


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
    snapshot: Snapshot, account: BankAccount, end: date | None, accounts: ClioBankAccounts
) -> tuple[dict[str, ClioClient], RolledBalance]:
    """Each client's trust funds in one Clio bank account, and the account's total (`accounts`
    tells which entries and transactions are the account's).

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
            if entry.is_trust and accounts.refers_to(account, entry.id, entry.name):
                total += entry.balance
                holder = client(matter.client, matter.pointer)
                if holder is not None:
                    holder.current += entry.balance
    later: list[Adjustment] = []
    for transaction in clio.bank_transactions or []:
        ref = transaction.bank_account
        if ref is None or not accounts.refers_to(account, ref.id, ref.name):
            continue
        of_matter = matters.get(str(transaction.matter.id)) if transaction.matter else None
        owner = transaction.client or (of_matter.client if of_matter else None)
        if transaction.matter is None and transaction.client is not None:
            total += transaction.signed_amount
            holder = client(transaction.client, transaction.pointer)
            if holder is not None:
                holder.current += transaction.signed_amount
        when = day(transaction.date)
        if end is not None and after(when, end):
            later.append(
                Adjustment(
                    when,
                    f"Clio bank transaction {transaction.id}",
                    transaction.signed_amount,
                    clio_record(transaction),
                )
            )
            holder = client(owner, transaction.pointer)
            if holder is not None:
                holder.later += transaction.signed_amount
    later.sort(key=lambda a: (str(a.date), a.description))
    return clients, RolledBalance(account.name, total, tuple(later))


# --- QuickBooks, and the table ------------------------------------------------------------------


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
    ledger: Ledger, chart: Chart, liability: Account, end: date | None
) -> tuple[list[QboClient], Decimal]:
    entries = []
    for child in chart.children.get(liability.Id, []):
        later = ZERO
        if end is not None:
            ids = {child.Id} | {a.Id for a in chart.descendants(child.Id)}
            later = ledger.change_after(ids, end)
        entries.append(
            QboClient(
                child.Id,
                child.Name,
                child.full_name,
                child.pointer,
                child.key,
                child.balance_with_subaccounts,
                later,
            )
        )
    own = rolled_account(ledger, chart, liability, end, with_subaccounts=False)
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
        later = change if end is not None and after(posting.date, end) else ZERO
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


def compare_clients(
    snapshot: Snapshot,
    chart: Chart,
    ledger: Ledger,
    liability: Account,
    clio_side: dict[str, ClioClient],
    end: date | None,
) -> ClientTable:
    """QuickBooks (below `liability`) and Clio (`clio_side`, from `clio_clients`) per client,
    rolled back to `end` (None: current balances)."""
    rolled = end is not None
    if chart.children.get(liability.Id):
        qbo_side, unassigned = _subaccount_clients(ledger, chart, liability, end)
        basis = "sub-accounts"
        unavailable = None
    else:
        qbo_side, unassigned, unavailable = _customer_clients(snapshot, ledger, liability, end)
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
