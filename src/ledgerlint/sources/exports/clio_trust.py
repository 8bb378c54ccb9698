"""Clio Manage's Trust Listing and Trust Ledger report exports (CSV) -> the `clio` section.

- **Trust Listing** (Reports > Client > Trust listing): one row per client (and, when the
  export has a Matter column, per matter) with the trust account and the balance held.
- **Trust Ledger** (Reports > Client > Trust ledger): each trust movement under its client
  (a section row naming the client, unless the export has a Client column), with the matter,
  source/recipient, reference, funds in and funds out.

They become `bank_accounts` (`type: Trust`), `contacts` (the clients), `matters` (by the
display number the reports print, with `account_balances` entries of `type: Trust`) and
`bank_transactions`. A matter's balance is the Trust Listing's when it lists matters; otherwise
the sum of its movements in a Trust Ledger that starts from the first transaction (no opening
balance row), checked against the Trust Listing's client total when both are given. When the
balances cannot be known, `matters` is left out (the reconciliation rules then say they could
not run) and a warning says why: a zero balance is never assumed. Ids are assigned in order
(`imp-contact-1`, …).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerlint.models.money import ZERO
from ledgerlint.sources.exports.table import ExportSpec
from ledgerlint.sources.exports.table import Field
from ledgerlint.sources.exports.table import Row
from ledgerlint.sources.exports.table import Table

_ACCOUNT = ("Account name", "Account", "Bank account", "Trust account")
TRUST_LISTING = ExportSpec(
    "clio_trust_listing",
    "Clio Manage: Trust Listing",
    (
        Field("client", ("Client", "Client name", "Contact"), True),
        Field("matter", ("Matter",)),
        Field("account", _ACCOUNT),
        Field("last_activity", ("Last activity date", "Last activity")),
        Field("balance", ("Client balance", "Balance", "Trust balance", "Trust funds"), True),
    ),
)
TRUST_LEDGER = ExportSpec(
    "clio_trust_ledger",
    "Clio Manage: Trust Ledger",
    (
        Field("date", ("Date", "Transaction date"), True),
        Field("client", ("Client", "Contact")),
        Field("matter", ("Matter",)),
        Field("source", ("Source/Recipient", "Source / Recipient", "Source", "Recipient")),
        Field("reference", ("Reference", "Ref")),
        Field("description", ("Description", "Memo")),
        Field("funds_out", ("Funds out",), True),
        Field("funds_in", ("Funds in",), True),
        Field("balance", ("Balance",)),
        Field("account", _ACCOUNT),
    ),
)
_END_OF_DATA = "balance summary"
_OPENING = "opening balance"


@dataclass(frozen=True)
class Holding:
    client: str
    matter: str
    account: str
    balance: Decimal


@dataclass(frozen=True)
class Movement:
    when: date
    client: str
    matter: str
    account: str
    funds_in: Decimal
    funds_out: Decimal
    description: str
    reference: str


@dataclass
class ClioExports:
    holdings: list[Holding] = field(default_factory=list)
    listing_has_matters: bool = False
    listing_given: bool = False
    movements: list[Movement] = field(default_factory=list)
    opening: set[tuple[str, str]] = field(default_factory=set)
    """(client, account) pairs whose ledger starts from an opening balance."""
    ledger_given: bool = False
    warnings: list[str] = field(default_factory=list)


def _account(table: Table, row: Row, default: str | None) -> str:
    account = table.text(row, "account") or (default or "")
    if not account:
        raise table.error(
            row,
            "account",
            "no trust account for this row: the export has no Account column; "
            "name the account with --clio-trust-account",
        )
    return account


def read_trust_listing(table: Table, into: ClioExports, default_account: str | None) -> None:
    into.listing_given = True
    into.listing_has_matters = into.listing_has_matters or table.has("matter")
    for row in table.data_rows():
        if row.first_text.casefold().startswith(_END_OF_DATA):
            break
        balance = table.money(row, "balance")
        client = table.text(row, "client")
        if balance is None:
            continue  # a section or note row
        if not client:
            into.warnings.append(
                f"{table.path.name}:{row.line}: a trust balance of {balance:,.2f} not "
                "associated with a client is not in the snapshot (it has no place there)"
            )
            continue
        account = _account(table, row, default_account)
        into.holdings.append(Holding(client, table.text(row, "matter"), account, balance))


def read_trust_ledger(table: Table, into: ClioExports, default_account: str | None) -> None:
    into.ledger_given = True
    section = ""
    for row in table.data_rows():
        first = row.first_text.casefold()
        if first.startswith(_END_OF_DATA):
            break
        if _OPENING in " ".join(row.texts()).casefold():
            client = table.text(row, "client") or section
            opening = table.money(row, "balance") or table.money(row, "funds_in") or ZERO
            if opening:
                into.opening.add((client, _account(table, row, default_account)))
            continue
        if not table.is_date(row, "date"):
            if row.filled == 1 and not table.has("client"):
                section = row.first_text  # the client whose movements follow
            continue
        when = table.date(row, "date")
        client = table.text(row, "client") if table.has("client") else section
        if not client:
            raise table.error(row, "client", "a trust movement that names no client")
        funds_in = table.money(row, "funds_in") or ZERO
        funds_out = table.money(row, "funds_out") or ZERO
        if funds_in < 0 or funds_out < 0:
            raise table.error(
                row,
                "funds_in" if funds_in < 0 else "funds_out",
                "funds in and funds out are amounts, never negative",
            )
        into.movements.append(
            Movement(
                when,
                client,
                table.text(row, "matter"),
                _account(table, row, default_account),
                funds_in,
                funds_out,
                table.text(row, "description") or table.text(row, "source"),
                table.text(row, "reference"),
            )
        )


class _Ids:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.ids: dict[Any, str] = {}

    def __call__(self, key: Any) -> str:
        if key not in self.ids:
            self.ids[key] = f"imp-{self.prefix}-{len(self.ids) + 1}"
        return self.ids[key]


def clio_section(exports: ClioExports) -> dict[str, Any]:
    """The `clio` section: bank accounts, contacts, matters (when balances are known), movements."""
    accounts, contacts, matters = _Ids("ba"), _Ids("contact"), _Ids("matter")
    items: list[Holding | Movement] = [*exports.holdings, *exports.movements]
    for item in items:
        accounts(item.account)
        contacts(item.client)
        if item.matter:
            matters((item.client, item.matter))
    section: dict[str, Any] = {
        "bank_accounts": [
            {"id": account_id, "name": name, "type": "Trust"}
            for name, account_id in accounts.ids.items()
        ],
        "contacts": [{"id": cid, "name": name} for name, cid in contacts.ids.items()],
    }
    balances = _matter_balances(exports)
    if balances is not None:
        section["matters"] = []
        for (client, matter), matter_id in matters.ids.items():
            entries = [
                {"id": accounts(account), "balance": amount, "type": "Trust", "name": account}
                for (c, m, account), amount in balances.items()
                if (c, m) == (client, matter)
            ]
            section["matters"].append(
                {
                    "id": matter_id,
                    "display_number": matter,
                    "client": {"id": contacts(client), "name": client},
                    "account_balances": entries,
                }
            )
    if exports.ledger_given:
        section["bank_transactions"] = [
            _transaction(f"imp-bt-{n}", move, accounts, contacts, matters)
            for n, move in enumerate(exports.movements, start=1)
        ]
    return section


def _transaction(
    transaction_id: str, move: Movement, accounts: _Ids, contacts: _Ids, matters: _Ids
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": transaction_id,
        "date": move.when.isoformat(),
        "amount": move.funds_in - move.funds_out,
        "funds_in": move.funds_in,
        "funds_out": move.funds_out,
        "bank_account": {"id": accounts(move.account), "name": move.account, "type": "Trust"},
    }
    if move.matter:
        matter_id = matters((move.client, move.matter))
        item["matter"] = {"id": matter_id, "display_number": move.matter}
    item["client"] = {"id": contacts(move.client), "name": move.client}
    if move.description:
        item["description"] = move.description
    if move.reference:
        item["reference"] = move.reference
    return item


def _matter_balances(exports: ClioExports) -> dict[tuple[str, str, str], Decimal] | None:
    """Each matter's trust balance per account, or None (with a warning) when unknowable."""
    ledger_sums: dict[tuple[str, str, str], Decimal] = {}
    for move in exports.movements:
        key = (move.client, move.matter, move.account)
        ledger_sums[key] = ledger_sums.get(key, ZERO) + move.funds_in - move.funds_out
    complete_ledger = exports.ledger_given and not exports.opening
    if exports.listing_has_matters:
        listed = {(h.client, h.matter, h.account): h.balance for h in exports.holdings}
        client_level = {k: v for k, v in listed.items() if not k[1] and v}
        if client_level and not complete_ledger:
            return _unknowable(
                exports,
                "the Trust Listing shows funds held for clients but no matter, which only a "
                "Trust Ledger from the first transaction can place",
            )
        matter_level = {k: v for k, v in listed.items() if k[1]}
        for key in ledger_sums:
            if key[1]:
                matter_level.setdefault(key, ZERO)
        return matter_level
    if not exports.ledger_given:
        if exports.listing_given:
            return _unknowable(
                exports,
                "the Trust Listing gives client totals, not matter balances; give the Trust "
                "Ledger too (from the first transaction), or a Trust Listing with a Matter column",
            )
        return None
    if exports.opening:
        starts = ", ".join(sorted(client for client, _ in exports.opening))
        return _unknowable(
            exports,
            f"the Trust Ledger starts from an opening balance for {starts}; run it for all "
            "dates so that matter balances can be added up",
        )
    if exports.listing_given:
        listed_totals: dict[tuple[str, str], Decimal] = {}
        for h in exports.holdings:
            listed_totals[(h.client, h.account)] = (
                listed_totals.get((h.client, h.account), ZERO) + h.balance
            )
        ledger_totals: dict[tuple[str, str], Decimal] = {}
        for (client, _, account), amount in ledger_sums.items():
            ledger_totals[(client, account)] = ledger_totals.get((client, account), ZERO) + amount
        for pair in sorted(set(listed_totals) | set(ledger_totals)):
            listed_total = listed_totals.get(pair, ZERO)
            ledger_total = ledger_totals.get(pair, ZERO)
            if listed_total != ledger_total:
                return _unknowable(
                    exports,
                    f"{pair[0]} holds {listed_total:,.2f} in {pair[1]} by the Trust Listing but "
                    f"{ledger_total:,.2f} by the Trust Ledger; export both for the same dates",
                )
    return {key: amount for key, amount in ledger_sums.items() if key[1]}


def _unknowable(exports: ClioExports, why: str) -> dict[tuple[str, str, str], Decimal] | None:
    """Record why matter balances cannot be known; None, so that `matters` is left out."""
    exports.warnings.append(f"Clio matter trust balances left out: {why}")
    return None
