"""QuickBooks Online's Journal and Transaction Detail by Account reports -> transactions.

Both reports list the lines of transactions; this module rebuilds the transactions, then
`qbo_entities` turns each into the API entity of its type.

- **Journal** (one row per line, `Debit`/`Credit`): a transaction ends at a blank, totals or
  group row (`Total for 25`, `25`), when the date, type or number changes, or when its lines
  balance and another line follows. A line whose date is blank continues the transaction above
  it (the older layout prints the date on the first line only).
- **Transaction Detail by Account** (rows grouped under each account, `Amount` in the
  account's own sign, `Split` naming the other account): rows are turned into debit-signed
  lines with the account's type from the Account List, and grouped by date, type and number.
  When the report leaves out the other side of a row (it was run for some accounts only) and
  `Split` names one account, that side is added; a transaction that still does not balance is
  kept with the lines the report shows (and counted in a warning).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import Any

from ledgerlint.models.money import ZERO
from ledgerlint.sources.exports.qbo_accounts import DELETED_SUFFIX
from ledgerlint.sources.exports.qbo_accounts import Chart
from ledgerlint.sources.exports.table import ExportSpec
from ledgerlint.sources.exports.table import Field
from ledgerlint.sources.exports.table import Row
from ledgerlint.sources.exports.table import Table

_DATE = ("Date", "Transaction date")
_TYPE = ("Transaction type", "Type")
_NUM = ("Num", "No.", "Number", "Ref no.")
_NAME = ("Name",)
_MEMO = ("Memo/Description", "Description", "Memo")

JOURNAL = ExportSpec(
    "qbo_journal",
    "QuickBooks Online: Journal",
    (
        Field("date", _DATE, True),
        Field("txn_type", _TYPE, True),
        Field("num", _NUM),
        Field("name", _NAME),
        Field("memo", _MEMO),
        Field("account", ("Account", "Account name", "Account full name"), True),
        Field("debit", ("Debit",), True),
        Field("credit", ("Credit",), True),
    ),
)

TRANSACTION_DETAIL = ExportSpec(
    "qbo_transaction_detail",
    "QuickBooks Online: Transaction Detail by Account",
    (
        Field("date", _DATE, True),
        Field("txn_type", _TYPE, True),
        Field("num", _NUM),
        Field("name", _NAME),
        Field("memo", _MEMO),
        Field("split", ("Split", "Split account", "Split account full name")),
        Field("amount", ("Amount",), True),
        Field("balance", ("Balance",)),
        Field("account", ("Distribution account", "Account", "Account full name", "Account name")),
    ),
)
SPLIT_MARKERS = frozenset({"-split-", "--split--"})


@dataclass
class Line:
    account: dict[str, Any]
    debit: Decimal
    """Signed: + debit, - credit."""
    name: str = ""
    memo: str = ""


@dataclass
class Txn:
    kind: str
    date: dt.date
    num: str
    where: str
    """`file:line` of its first row, for messages."""
    lines: list[Line] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, dt.date, str]:
        return (self.kind.casefold(), self.date, self.num)

    @property
    def balance(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)


def _account(table: Table, row: Row, name: str, chart: Chart, printed: str) -> dict[str, Any]:
    account = chart.find(printed)
    if account is not None:
        return account
    if printed.strip().endswith(DELETED_SUFFIX):
        return chart.add_deleted(printed)
    raise table.error(
        row, name, f"account {printed!r} is not in the Account List (give it with --qbo-accounts)"
    )


def read_journal(table: Table, chart: Chart) -> list[Txn]:
    txns: list[Txn] = []
    current: Txn | None = None
    for row in table.rows:
        if row.line <= table.header.line:
            continue
        first = row.first_text.casefold()
        if row.blank or first.startswith("total") or first.startswith(("accrual", "cash basis")):
            current = None
            continue
        account_text = table.text(row, "account")
        has_date = bool(table.text(row, "date"))
        debit, credit = table.money(row, "debit"), table.money(row, "credit")
        if not has_date and not account_text:
            current = None  # a group row (`25`) or a transaction's subtotal row
            continue
        if not account_text and debit is None and credit is None:
            continue  # QuickBooks prints some lines with neither account nor amount
        if table.text(row, "date"):
            when = table.date(row, "date")
            key = (table.text(row, "txn_type").casefold(), when, table.text(row, "num"))
            closed = current is not None and current.balance == 0 and _moved(current)
            if current is None or current.key != key or closed:
                current = Txn(
                    table.text(row, "txn_type"),
                    when,
                    table.text(row, "num"),
                    f"{table.path.name}:{row.line}",
                )
                txns.append(current)
        elif current is None:
            raise table.error(row, "date", "a journal line with no date and no transaction above")
        if not account_text:
            raise table.error(row, "account", "a journal line with an amount but no account")
        account = _account(table, row, "account", chart, account_text)
        amount = (debit or ZERO) - (credit or ZERO)
        current.lines.append(
            Line(account, amount, table.text(row, "name"), table.text(row, "memo"))
        )
    return txns


def _moved(txn: Txn) -> bool:
    return any(line.debit for line in txn.lines)


def read_transaction_detail(table: Table, chart: Chart) -> tuple[list[Txn], int]:
    """The transactions, and how many of them the report shows only in part."""
    groups: dict[tuple[str, dt.date, str], Txn] = {}
    splits: dict[tuple[str, dt.date, str], list[tuple[Line, str]]] = {}
    section = ""
    for row in table.data_rows():
        if not table.is_date(row, "date"):
            if row.filled == 1 and table.money(row, "amount") is None:
                section = row.first_text  # the account whose rows follow
            continue  # that, `Beginning Balance` and other rows that are not transactions
        when = table.date(row, "date")
        printed = table.text(row, "account") if table.has("account") else section
        if not printed:
            raise table.error(row, "date", "a row above every account section")
        account = _account(table, row, "account", chart, printed)
        normal = chart.debit_normal(account)
        if normal is None:
            raise table.error(
                row, "account", f"account {printed!r} has no type in the Account List"
            )
        amount = table.money(row, "amount") or ZERO
        line = Line(account, amount if normal else -amount, table.text(row, "name"))
        line.memo = table.text(row, "memo")
        txn_type, num = table.text(row, "txn_type"), table.text(row, "num")
        key = (txn_type.casefold(), when, num)
        if key not in groups:
            groups[key] = Txn(txn_type, when, num, f"{table.path.name}:{row.line}")
        groups[key].lines.append(line)
        splits.setdefault(key, []).append((line, table.text(row, "split")))
    partial = 0
    for key, txn in groups.items():
        if txn.balance != 0:
            _complete(txn, splits[key], chart)
        partial += txn.balance != 0
    return list(groups.values()), partial


def _complete(txn: Txn, rows: list[tuple[Line, str]], chart: Chart) -> None:
    """Add the other side of rows whose `Split` names an account the report left out."""
    present = {id(line.account) for line in txn.lines}
    added: dict[int, Line] = {}
    for line, split in rows:
        if not split or split.casefold() in SPLIT_MARKERS:
            continue
        other = chart.find(split)
        if other is None or id(other) in present:
            continue
        if id(other) not in added:
            added[id(other)] = Line(other, ZERO, line.name, line.memo)
            txn.lines.append(added[id(other)])
        added[id(other)].debit -= line.debit
