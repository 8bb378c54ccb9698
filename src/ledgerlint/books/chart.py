"""The QuickBooks chart of accounts as the trust rules see it (rule-catalog "Names used below").

- trust bank account: `Bank` + `TrustAccounts`, or declared in `trust_accounts[].qbo_bank_account`;
- operating bank account: any other active `Bank` account;
- trust liability account: top-level, `TrustAccountsLiabilities` or declared in
  `trust_accounts[].qbo_liability_account`; its client sub-accounts are every account below it.
Its balance is `CurrentBalanceWithSubAccounts` (sub-accounts are never added again).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from dataclasses import field

from ledgerlint.books.names import NameIndex
from ledgerlint.models.qbo import Account
from ledgerlint.models.snapshot import Snapshot

LIABILITY_TYPES = ("Other Current Liability", "Long Term Liability")
TRUST_BANK_SUBTYPE = "TrustAccounts"
TRUST_LIABILITY_SUBTYPE = "TrustAccountsLiabilities"
UNDEPOSITED_FUNDS_SUBTYPE = "UndepositedFunds"


@dataclass
class Chart:
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
    undeposited_funds: Account | None = None
    """The account QuickBooks uses for payments received but not yet banked."""
    _subaccount_names: dict[str, NameIndex[Account]] = field(default_factory=dict, repr=False)

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
        liabilities = {liability.Id for liability in self.trust_liabilities}
        account = self.by_id.get(account_id)
        seen: set[str] = set()
        while account is not None and account.Id not in seen:
            seen.add(account.Id)
            if account.Id in liabilities:
                return account
            parent = account.parent_id
            account = self.by_id.get(parent) if parent else None
        return None

    def subaccount_names(self, liability_id: str) -> NameIndex[Account]:
        """The client sub-accounts of a trust liability, indexed by name (built once)."""
        if liability_id not in self._subaccount_names:
            self._subaccount_names[liability_id] = NameIndex(
                (a.Name, a) for a in self.subaccounts.get(liability_id, [])
            )
        return self._subaccount_names[liability_id]


def _declared(snapshot: Snapshot, attribute: str) -> set[str]:
    syncing = snapshot.clio_bill_syncing
    if syncing is None or not syncing.trust_accounts:
        return set()
    return {getattr(m, attribute) for m in syncing.trust_accounts if getattr(m, attribute)}


def build_chart(snapshot: Snapshot) -> Chart:
    accounts = list((snapshot.qbo.Account if snapshot.qbo else None) or [])
    chart = Chart(accounts, by_id={a.Id: a for a in accounts})
    declared_banks = _declared(snapshot, "qbo_bank_account")
    declared_liabilities = _declared(snapshot, "qbo_liability_account")
    for account in accounts:
        chart.by_full_name.setdefault(account.full_name, account)
        chart.by_name.setdefault(account.Name, []).append(account)
        if account.parent_id:
            chart.children.setdefault(account.parent_id, []).append(account)
        if account.AccountSubType == UNDEPOSITED_FUNDS_SUBTYPE and chart.undeposited_funds is None:
            chart.undeposited_funds = account
        if account.AccountType == "Bank":
            is_trust = (
                account.AccountSubType == TRUST_BANK_SUBTYPE
                or account.full_name in declared_banks
                or account.Name in declared_banks
            )
            if is_trust:
                chart.trust_banks.append(account)
            elif account.Active:
                chart.operating_banks.append(account)
        if account.parent_id is None and (
            account.AccountSubType == TRUST_LIABILITY_SUBTYPE
            or account.full_name in declared_liabilities
            or account.Name in declared_liabilities
        ):
            chart.trust_liabilities.append(account)
    for liability in chart.trust_liabilities:
        chart.subaccounts[liability.Id] = chart.descendants(liability.Id)
    return chart
