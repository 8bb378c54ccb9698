"""Rebuilt transactions -> the QuickBooks Online API entities of their types.

The report's `Transaction Type` decides the entity, and each is shaped as the API returns it,
with what the report shows and nothing more:

| report type | entity | from the lines |
|---|---|---|
| Journal Entry | `JournalEntry` | every line: `JournalEntryLineDetail` with `PostingType`, `AccountRef`, `Entity` (the line's Name) |
| Deposit | `Deposit` | the first debit line is `DepositToAccountRef` and `TotalAmt`; the others are `DepositLineDetail` lines (credits positive) |
| Transfer | `Transfer` | `FromAccountRef` (credited), `ToAccountRef` (debited), `Amount` |
| Check, Expense, Cash Expense, Credit Card Expense, Credit Card Credit | `Purchase` | the bank or card line is `AccountRef`/`TotalAmt`, its Name `EntityRef`; the others are `AccountBasedExpenseLineDetail` lines |
| Payment | `Payment` | `DepositToAccountRef` (the debited account), `CustomerRef`, `TotalAmt` |
| Invoice | `Invoice` | `CustomerRef`, `DocNumber`, `TotalAmt` (the receivable debited); no lines (the report shows accounts, not items) |

Other types (Bill, Sales Receipt, Credit Memo, …) have no entity in the snapshot format and are
left out, with a count. Names become references by name only (`{"name": …}`): the reports do
not show customer Ids, and none is made up. Ids are assigned in order (`imp-txn-1`, …).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import Any

from ledgerlint.models.money import ZERO
from ledgerlint.sources.exports.qbo_transactions import Line
from ledgerlint.sources.exports.qbo_transactions import Txn

ENTITY_LISTS = ("Invoice", "Payment", "Deposit", "Transfer", "JournalEntry", "Purchase")
_PURCHASES = {"check", "expense", "cash expense", "credit card expense", "credit card credit"}


@dataclass
class Built:
    entities: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in ENTITY_LISTS}
    )
    left_out: Counter[str] = field(default_factory=Counter)
    """Transactions of types with no snapshot entity, by type."""
    unshaped: list[str] = field(default_factory=list)
    """`file:line` of transactions whose lines do not fit their type's shape (left out)."""


def build_entities(txns: list[Txn]) -> Built:
    built = Built()
    for txn in txns:
        kind = " ".join(txn.kind.split()).casefold()
        if kind in _MAKERS:
            name, make = _MAKERS[kind]
        elif kind in _PURCHASES:
            name, make = "Purchase", _purchase
        else:
            built.left_out[txn.kind or "(no type)"] += 1
            continue
        entity = make(txn, f"imp-txn-{_count(built) + 1}")
        if entity is None:
            built.unshaped.append(txn.where)
            continue
        built.entities[name].append(entity)
    return built


def _count(built: Built) -> int:
    return sum(len(items) for items in built.entities.values())


def _ref(account: dict[str, Any]) -> dict[str, str]:
    return {"value": account["Id"], "name": account["FullyQualifiedName"]}


def _head(txn: Txn, entity_id: str, note: str = "") -> dict[str, Any]:
    head: dict[str, Any] = {"Id": entity_id, "TxnDate": txn.date.isoformat()}
    if txn.num:
        head["DocNumber"] = txn.num
    if note:
        head["PrivateNote"] = note
    return head


def _journal(txn: Txn, entity_id: str) -> dict[str, Any]:
    entity = _head(txn, entity_id)
    entity["TotalAmt"] = sum((line.debit for line in txn.lines if line.debit > 0), ZERO)
    entity["Line"] = []
    for number, line in enumerate(txn.lines, start=1):
        detail: dict[str, Any] = {
            "PostingType": "Debit" if line.debit >= 0 else "Credit",
            "AccountRef": _ref(line.account),
        }
        if line.name:
            detail["Entity"] = {"EntityRef": {"name": line.name}}
        entity["Line"].append(
            _line(number, line, abs(line.debit), "JournalEntryLineDetail", detail)
        )
    return entity


def _line(
    number: int, line: Line, amount: Decimal, detail_type: str, detail: dict[str, Any]
) -> dict[str, Any]:
    shaped: dict[str, Any] = {"Id": str(number)}
    if line.memo:
        shaped["Description"] = line.memo
    shaped.update({"Amount": amount, "DetailType": detail_type, detail_type: detail})
    return shaped


def _deposit(txn: Txn, entity_id: str) -> dict[str, Any] | None:
    into = next((line for line in txn.lines if line.debit > 0), None)
    if into is None:
        return None
    entity = _head(txn, entity_id, into.memo)
    entity["DepositToAccountRef"] = _ref(into.account)
    entity["TotalAmt"] = into.debit
    entity["Line"] = []
    others = [line for line in txn.lines if line is not into]
    for number, line in enumerate(others, start=1):
        detail: dict[str, Any] = {"AccountRef": _ref(line.account)}
        if line.name:
            detail["Entity"] = {"name": line.name}
        entity["Line"].append(_line(number, line, -line.debit, "DepositLineDetail", detail))
    return entity


def _transfer(txn: Txn, entity_id: str) -> dict[str, Any] | None:
    if len(txn.lines) != 2 or txn.balance != 0:
        return None
    to, source = sorted(txn.lines, key=lambda line: line.debit, reverse=True)
    if to.debit <= 0:
        return None
    entity: dict[str, Any] = {"Id": entity_id, "TxnDate": txn.date.isoformat()}
    if to.memo or source.memo:
        entity["PrivateNote"] = source.memo or to.memo
    entity["FromAccountRef"] = _ref(source.account)
    entity["ToAccountRef"] = _ref(to.account)
    entity["Amount"] = to.debit
    return entity


def _purchase(txn: Txn, entity_id: str) -> dict[str, Any] | None:
    credit_card_credit = " ".join(txn.kind.split()).casefold() == "credit card credit"
    sign = -1 if credit_card_credit else 1
    paying = [
        line
        for line in txn.lines
        if line.debit * sign < 0
        and line.account.get("AccountType") in {"Bank", "Credit Card", "Other Current Asset"}
    ]
    if not paying:
        paying = [line for line in txn.lines if line.debit * sign < 0]
    if not paying:
        return None
    payer = paying[0]
    entity = _head(txn, entity_id, payer.memo)
    entity["AccountRef"] = _ref(payer.account)
    if " ".join(txn.kind.split()).casefold() == "check":
        entity["PaymentType"] = "Check"
    elif payer.account.get("AccountType") == "Credit Card":
        entity["PaymentType"] = "CreditCard"
    else:
        entity["PaymentType"] = "Cash"
    if payer.name:
        entity["EntityRef"] = {"name": payer.name}
    if credit_card_credit:
        entity["Credit"] = True
    entity["TotalAmt"] = abs(payer.debit)
    entity["Line"] = []
    others = [line for line in txn.lines if line is not payer]
    for number, line in enumerate(others, start=1):
        detail: dict[str, Any] = {"AccountRef": _ref(line.account)}
        if line.name and line.name != payer.name:
            detail["CustomerRef"] = {"name": line.name}
        shaped = _line(number, line, line.debit * sign, "AccountBasedExpenseLineDetail", detail)
        entity["Line"].append(shaped)
    return entity


def _payment(txn: Txn, entity_id: str) -> dict[str, Any] | None:
    into = next((line for line in txn.lines if line.debit > 0), None)
    if into is None:
        return None
    entity = _head(txn, entity_id, into.memo)
    customer = into.name or next((line.name for line in txn.lines if line.name), "")
    if customer:
        entity["CustomerRef"] = {"name": customer}
    entity["DepositToAccountRef"] = _ref(into.account)
    entity["TotalAmt"] = into.debit
    return entity


def _invoice(txn: Txn, entity_id: str) -> dict[str, Any] | None:
    receivable = [
        line for line in txn.lines if line.account.get("AccountType") == "Accounts Receivable"
    ]
    debited = receivable or [line for line in txn.lines if line.debit > 0]
    entity = _head(txn, entity_id, debited[0].memo if debited else "")
    customer = next((line.name for line in debited + txn.lines if line.name), "")
    if customer:
        entity["CustomerRef"] = {"name": customer}
    entity["TotalAmt"] = sum((line.debit for line in debited), ZERO)
    return entity


_Maker = Callable[[Txn, str], dict[str, Any] | None]
_MAKERS: dict[str, tuple[str, _Maker]] = {
    "journal entry": ("JournalEntry", _journal),
    "deposit": ("Deposit", _deposit),
    "transfer": ("Transfer", _transfer),
    "payment": ("Payment", _payment),
    "receive payment": ("Payment", _payment),
    "invoice": ("Invoice", _invoice),
}
