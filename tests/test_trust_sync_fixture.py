"""The trust-sync firm done right (tests/fixtures/trust-sync.yaml) lints clean, adds up, and
with a QuickBooks check duplicating a synced disbursement gets TS002 for that check."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from helpers import fixture
from helpers import run

DUPLICATE_CHECK = {
    "Id": "651",
    "TxnDate": "2026-10-29",
    "PaymentType": "Check",
    "DocNumber": "1107",
    "AccountRef": {"value": "36", "name": "Client Trust Account - IOLTA"},
    "EntityRef": {"value": "5", "name": "Aiko Tanaka", "type": "Customer"},
    "TotalAmt": "19250.00",
    "Line": [
        {
            "Id": "1",
            "Amount": "19250.00",
            "Description": "Settlement proceeds to client, matter 00023-Tanaka",
            "DetailType": "AccountBasedExpenseLineDetail",
            "AccountBasedExpenseLineDetail": {
                "AccountRef": {"value": "40", "name": "Client Trust Liability"},
                "CustomerRef": {"value": "5", "name": "Aiko Tanaka"},
            },
        }
    ],
}
SKIPPED_NOTES = [
    (
        "TR001",
        "did not apply to Client Trust Liability: it has no client sub-accounts (the "
        "single-account layout, client ledgers in Clio)",
    ),
    (
        "TR003",
        "Client Trust Liability has no client sub-accounts: client balances are judged from "
        "Clio matter balances only",
    ),
]


def with_duplicate_check(*, move_balances: bool = True) -> Any:
    """The trust-sync firm after someone also wrote check 1107 in QuickBooks; QuickBooks then
    reports the IOLTA and the liability $19,250.00 lower (unless `move_balances` is False)."""
    data = fixture("trust-sync.yaml")
    data["qbo"]["Purchase"].append(DUPLICATE_CHECK)
    if move_balances:
        for account in data["qbo"]["Account"]:
            if account["Id"] in ("36", "40"):
                for field in ("CurrentBalance", "CurrentBalanceWithSubAccounts"):
                    account[field] = str(Decimal(account[field]) - Decimal("19250.00"))
    return data


def test_trust_sync_firm_lints_clean() -> None:
    """Every rule runs and none fires, CS005 and TR002 included; TR001 and TR003 only note that
    a liability without sub-accounts is not theirs to judge."""
    report = run(fixture("trust-sync.yaml"))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert [(n.rule_id, n.message) for n in report.notifications] == SKIPPED_NOTES


def test_trust_sync_fixture_adds_up() -> None:
    """Re-derived from the raw data: every trust movement is a synced entry, the IOLTA and the
    liability are their sum, and each customer's share is the client's Clio trust balance."""
    data = fixture("trust-sync.yaml")
    accounts = {a["Id"]: Decimal(a["CurrentBalance"]) for a in data["qbo"]["Account"]}
    by_customer: dict[str, Decimal] = defaultdict(Decimal)
    bank = Decimal(0)
    for entry in data["qbo"]["JournalEntry"]:
        (first, second) = entry["Line"]
        details = [first["JournalEntryLineDetail"], second["JournalEntryLineDetail"]]
        assert first["Amount"] == second["Amount"]
        assert {d["AccountRef"]["value"] for d in details} == {"36", "40"}
        assert {d["PostingType"] for d in details} == {"Debit", "Credit"}
        liability = next(d for d in details if d["AccountRef"]["value"] == "40")
        sign = 1 if liability["PostingType"] == "Credit" else -1
        amount = Decimal(first["Amount"])
        bank += sign * amount
        by_customer[liability["Entity"]["EntityRef"]["name"]] += sign * amount
    assert bank == accounts["36"] == accounts["40"] == Decimal("58574.95")
    clio: dict[str, Decimal] = defaultdict(Decimal)
    for matter in data["clio"]["matters"]:
        for entry in matter["account_balances"]:
            clio[matter["client"]["name"]] += Decimal(entry["balance"])
    assert dict(by_customer) == {name: value for name, value in clio.items() if value}
    assert not data["qbo"]["Transfer"]
    assert all(p["AccountRef"]["value"] != "36" for p in data["qbo"]["Purchase"])


def test_duplicate_check_gets_exactly_ts002() -> None:
    """The check Clio's sync already wrote as entry 710: TS002 at the check, and nothing else;
    TR012 leaves the duplicate line to TS002 (the balances as before the check was added)."""
    report = run(with_duplicate_check(move_balances=False))
    assert [(f.rule_id, f.location.pointer, f.message) for f in report.findings] == [
        (
            "TS002",
            "/qbo/Purchase/3",
            "Synced JournalEntry (Id 710) of 2026-10-29 takes $19,250.00 out of Client Trust "
            "Account - IOLTA for Aiko Tanaka, and Purchase 1107 (Id 651) of 2026-10-29, a "
            "payment from the same account for the same client and amount, records the same "
            "disbursement again: trust is reduced twice.",
        )
    ]


def test_duplicate_check_with_its_balances_is_ts002_and_its_consequences() -> None:
    """With QuickBooks' balances moved by the check, the only finding about the check is
    TS002; RC001 and RC002 report what it did to the three-way and to the client's ledger."""
    report = run(with_duplicate_check())
    about_check = [
        f.rule_id
        for f in report.findings
        if f.location.pointer.startswith("/qbo/Purchase/3")
        or any(loc.pointer.startswith("/qbo/Purchase/3") for loc, _ in f.related)
    ]
    assert about_check == ["TS002"]
    assert sorted(f.rule_id for f in report.findings) == ["RC001", "RC002", "TS002"]
    (rc001,) = [f for f in report.findings if f.rule_id == "RC001"]
    assert "QuickBooks − Clio -$19,250.00" in rc001.message
    (rc002,) = [f for f in report.findings if f.rule_id == "RC002"]
    assert "Aiko Tanaka (difference -$19,250.00)" in rc002.message
