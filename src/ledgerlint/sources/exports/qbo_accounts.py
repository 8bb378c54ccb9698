"""QuickBooks Online's Account List report (Chart of accounts > Run report) -> `qbo.Account`.

Each row becomes an `Account` as the API returns it: `Name` (the last part of the full name),
`FullyQualifiedName` (`Parent:Child`), `SubAccount` and `ParentRef` from the colons,
`AccountType` in the API's display spelling (`Other Current Liability`), `Classification`
(which the type decides), `AccountSubType` in the API's CamelCase (`TrustAccountsLiabilities`
from the detail type `Trust accounts - liabilities`), `AcctNum`, `Description`, and the balance.
The report prints one balance per account, the chart of accounts' balance, which for a parent
includes its sub-accounts: it becomes `CurrentBalanceWithSubAccounts`, and `CurrentBalance` is
that less the direct sub-accounts' balances. Ids are assigned in file order (`imp-acct-1`, …): the
report does not show QuickBooks' own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import Any

from ledgerlint.sources.exports.table import ExportSpec
from ledgerlint.sources.exports.table import Field
from ledgerlint.sources.exports.table import Table

SPEC = ExportSpec(
    "qbo_account_list",
    "QuickBooks Online: Account List",
    (
        Field("account", ("Account", "Full name", "Account full name", "Account name"), True),
        Field("type", ("Type", "Account type"), True),
        Field("detail_type", ("Detail type", "Detail account type")),
        Field("description", ("Description", "Account description")),
        Field("balance", ("Balance", "QuickBooks balance", "Total balance")),
        Field("number", ("Account #", "Number", "Account number", "Acct #")),
    ),
)

# The Account List's "Type" column -> the API's AccountType and Classification.
_TYPES: dict[str, tuple[str, str]] = {
    "bank": ("Bank", "Asset"),
    "accounts receivable": ("Accounts Receivable", "Asset"),
    "other current asset": ("Other Current Asset", "Asset"),
    "fixed asset": ("Fixed Asset", "Asset"),
    "property, plant and equipment": ("Fixed Asset", "Asset"),
    "other asset": ("Other Asset", "Asset"),
    "accounts payable": ("Accounts Payable", "Liability"),
    "credit card": ("Credit Card", "Liability"),
    "other current liability": ("Other Current Liability", "Liability"),
    "long term liability": ("Long Term Liability", "Liability"),
    "equity": ("Equity", "Equity"),
    "income": ("Income", "Revenue"),
    "other income": ("Other Income", "Revenue"),
    "cost of goods sold": ("Cost of Goods Sold", "Expense"),
    "expense": ("Expense", "Expense"),
    "other expense": ("Other Expense", "Expense"),
}
DEBIT_NORMAL = frozenset({"Asset", "Expense"})
DELETED_SUFFIX = " (deleted)"


def account_type(printed: str) -> tuple[str, str] | None:
    """(AccountType, Classification) for the type as the report prints it, or None."""
    key = re.sub(r"\s*\((a/r|a/p)\)\s*$", "", " ".join(printed.lower().split()))
    key = key.replace("long-term", "long term")
    for candidate in (key, key.removesuffix("s"), re.sub(r"ies$", "y", key)):
        if candidate in _TYPES:
            return _TYPES[candidate]
    return None


def sub_type(detail_type: str) -> str:
    """The API's AccountSubType for a detail type as QuickBooks shows it.

    Parenthesised abbreviations and apostrophes go, each word is capitalised, and the words are
    joined: `Trust accounts - liabilities` -> `TrustAccountsLiabilities`, `Accounts Receivable
    (A/R)` -> `AccountsReceivable`, `Partner's equity` -> `PartnersEquity`.
    """
    text = re.sub(r"\([^)]*\)", " ", detail_type).replace("'", "").replace("\u2019", "")
    return "".join(word.capitalize() for word in re.split(r"[^0-9A-Za-z]+", text) if word)


@dataclass
class Chart:
    """The accounts read, and how transaction reports name them."""

    accounts: list[dict[str, Any]] = field(default_factory=list)
    by_name: dict[str, dict[str, Any]] = field(default_factory=dict)

    def find(self, printed: str) -> dict[str, Any] | None:
        """The account a transaction report names: full name, with or without numbers."""
        return self.by_name.get(_name_key(printed))

    def debit_normal(self, account: dict[str, Any]) -> bool | None:
        classification = account.get("Classification")
        return None if classification is None else classification in DEBIT_NORMAL

    def add_deleted(self, printed: str) -> dict[str, Any]:
        """An account the transactions name but the list does not: a deleted one."""
        name = printed.strip().removesuffix(DELETED_SUFFIX).strip()
        account = {
            "Id": f"imp-acct-{len(self.accounts) + 1}",
            "Name": name.rsplit(":", 1)[-1],
            "FullyQualifiedName": name,
            "Active": False,
        }
        self.accounts.append(account)
        self.by_name[_name_key(printed)] = account
        return account


def _name_key(printed: str) -> str:
    return " ".join(printed.split()).casefold()


def read_account_list(table: Table) -> Chart:
    chart = Chart()
    balances: dict[str, Decimal] = {}
    for row in table.data_rows():
        full_name = table.text(row, "account")
        printed_type = table.text(row, "type")
        if not printed_type:
            continue  # a section or note row: every account has a type
        types = account_type(printed_type)
        if types is None:
            known = ", ".join(sorted({t for t, _ in _TYPES.values()}))
            raise table.error(
                row, "type", f"unknown account type {printed_type!r} (known: {known})"
            )
        if not full_name:
            raise table.error(row, "account", "this account row has no account name")
        active = not full_name.endswith(DELETED_SUFFIX)
        full_name = full_name.removesuffix(DELETED_SUFFIX).strip()
        if _name_key(full_name) in chart.by_name:
            raise table.error(row, "account", f"account {full_name!r} is listed twice")
        account: dict[str, Any] = {"Id": f"imp-acct-{len(chart.accounts) + 1}"}
        parent_name, _, name = full_name.rpartition(":")
        account["Name"] = name.strip()
        if table.text(row, "number"):
            account["AcctNum"] = table.text(row, "number")
        account["FullyQualifiedName"] = full_name
        account["Active"] = active
        account["SubAccount"] = bool(parent_name)
        if parent_name:
            parent = chart.by_name.get(_name_key(parent_name))
            if parent is None:
                raise table.error(
                    row, "account", f"the parent account {parent_name!r} is not listed above it"
                )
            account["ParentRef"] = {"value": parent["Id"], "name": parent["FullyQualifiedName"]}
        account["Classification"] = types[1]
        account["AccountType"] = types[0]
        if table.text(row, "detail_type"):
            account["AccountSubType"] = sub_type(table.text(row, "detail_type"))
        if table.text(row, "description"):
            account["Description"] = table.text(row, "description")
        if table.has("balance"):
            balance = table.money(row, "balance")
            if balance is not None:
                balances[account["Id"]] = balance
        chart.accounts.append(account)
        for key in _names(account):
            chart.by_name.setdefault(key, account)
    _set_balances(chart.accounts, balances)
    return chart


def _names(account: dict[str, Any]) -> list[str]:
    """Every way a transaction report may print the account: `Name`, `1010 Name`."""
    names = [account["FullyQualifiedName"]]
    if account.get("AcctNum"):
        names.append(f"{account['AcctNum']} {account['FullyQualifiedName']}")
    return [_name_key(n) for n in names]


def _set_balances(accounts: list[dict[str, Any]], balances: dict[str, Decimal]) -> None:
    children: dict[str, Decimal] = {}
    for account in accounts:
        parent = account.get("ParentRef", {}).get("value")
        if parent is not None and account["Id"] in balances:
            children[parent] = children.get(parent, Decimal(0)) + balances[account["Id"]]
    for account in accounts:
        total = balances.get(account["Id"])
        if total is None:
            continue
        account["CurrentBalance"] = total - children.get(account["Id"], Decimal(0))
        account["CurrentBalanceWithSubAccounts"] = total
