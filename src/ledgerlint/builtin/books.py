"""The QuickBooks chart of accounts as the trust rules see it (rule-catalog "Names used below").

- trust bank account: `Bank` + `TrustAccounts`, or declared in `trust_accounts[].qbo_bank_account`;
- operating bank account: any other active `Bank` account;
- trust liability account: top-level, `TrustAccountsLiabilities` or declared in
  `trust_accounts[].qbo_liability_account`; its client sub-accounts are every account below it.
Its balance is `CurrentBalanceWithSubAccounts` (sub-accounts are never added again).

It also holds the few helpers every rule area shares: `money` (amounts as findings show them),
`join_words` (`a, b and c`), `day` (a date as the two APIs spell it) and `SUMMARY_MIN` (from how
many findings a rule adds a summary finding).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from decimal import Decimal

from ledgerlint.models.qbo import Account
from ledgerlint.models.snapshot import Snapshot
from ledgerlint.plugins.rule import RuleContext

LIABILITY_TYPES = ("Other Current Liability", "Long Term Liability")
SUMMARY_MIN = 2
"""A rule adds a summary finding only from this many findings on: one finding needs none."""


@dataclass
class Books:
    accounts: list[Account]
    by_id: dict[str, Account] = field(default_factory=dict)
    trust_banks: list[Account] = field(default_factory=list)
    operating_banks: list[Account] = field(default_factory=list)
    trust_liabilities: list[Account] = field(default_factory=list)
    subaccounts: dict[str, list[Account]] = field(default_factory=dict)
    """Trust liability Id -> every active or inactive account below it."""
    children: dict[str, list[Account]] = field(default_factory=dict)
    by_full_name: dict[str, Account] = field(default_factory=dict)
    """`FullyQualifiedName` (else `Name`) -> the first account that has it."""
    by_name: dict[str, list[Account]] = field(default_factory=dict)

    def find(self, name: str | None) -> Account | None:
        """An account by `FullyQualifiedName`, else by a unique `Name` (as people type it)."""
        if not name:
            return None
        exact = self.by_full_name.get(name)
        if exact is not None:
            return exact
        by_name = self.by_name.get(name, [])
        return by_name[0] if len(by_name) == 1 else None

    def descendants(self, account_id: str) -> list[Account]:
        """Every account below this one, breadth first."""
        found: list[Account] = []
        queue = deque(self.children.get(account_id, []))
        while queue:
            account = queue.popleft()
            found.append(account)
            queue.extend(self.children.get(account.Id, []))
        return found

    def liability_of(self, account_id: str | None) -> Account | None:
        """The trust liability account an account is, or sits below; None if neither."""
        if account_id is None:
            return None
        account = self.by_id.get(account_id)
        seen: set[str] = set()
        while account is not None and account.Id not in seen:
            seen.add(account.Id)
            if any(account.Id == liability.Id for liability in self.trust_liabilities):
                return account
            parent = account.ParentRef.value if account.ParentRef else None
            account = self.by_id.get(parent) if parent else None
        return None

    def iter_trust_accounts(self) -> Iterator[Account]:
        yield from self.trust_banks
        yield from self.trust_liabilities


def _declared(snapshot: Snapshot, attribute: str) -> set[str]:
    syncing = snapshot.clio_bill_syncing
    if syncing is None or not syncing.trust_accounts:
        return set()
    return {getattr(m, attribute) for m in syncing.trust_accounts if getattr(m, attribute)}


def build_books(snapshot: Snapshot) -> Books:
    accounts = list((snapshot.qbo.Account if snapshot.qbo else None) or [])
    books = Books(accounts, by_id={a.Id: a for a in accounts})
    declared_banks = _declared(snapshot, "qbo_bank_account")
    declared_liabilities = _declared(snapshot, "qbo_liability_account")
    for account in accounts:
        books.by_full_name.setdefault(account.full_name, account)
        books.by_name.setdefault(account.Name, []).append(account)
        if account.ParentRef and account.ParentRef.value:
            books.children.setdefault(account.ParentRef.value, []).append(account)
        if account.AccountType == "Bank":
            is_trust = (
                account.AccountSubType == "TrustAccounts"
                or account.full_name in declared_banks
                or account.Name in declared_banks
            )
            if is_trust:
                books.trust_banks.append(account)
            elif account.Active:
                books.operating_banks.append(account)
        top_level = account.ParentRef is None or not account.ParentRef.value
        if top_level and (
            account.AccountSubType == "TrustAccountsLiabilities"
            or account.full_name in declared_liabilities
            or account.Name in declared_liabilities
        ):
            books.trust_liabilities.append(account)
    for liability in books.trust_liabilities:
        books.subaccounts[liability.Id] = books.descendants(liability.Id)
    return books


def books(ctx: RuleContext) -> Books:
    """The analysed chart of accounts, computed once per snapshot and shared by the rules."""
    return ctx.memoized("books", lambda: build_books(ctx.snapshot))  # type: ignore[no-any-return]


def money(amount: Decimal) -> str:
    """An amount as findings show it: `$1,234.50`, `-$12.00` (exact, rounded half-even to cents)."""
    cents = amount.quantize(Decimal("0.01"))
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents):,.2f}"


def join_words(words: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def day(value: date | datetime | str | None) -> date | None:
    """A calendar day from an API date (`"2026-11-06"`), timestamp or date; None if unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None
