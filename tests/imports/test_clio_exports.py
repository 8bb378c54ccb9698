"""Clio exports: the Trust Listing and the Trust Ledger."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SAMPLES
from conftest import write

from ledgerlint.errors import InputError
from ledgerlint.sources.exports import ExportFiles
from ledgerlint.sources.exports import Imported
from ledgerlint.sources.exports import import_snapshot

LEDGER = (SAMPLES / "clio-trust-ledger.csv").read_text(encoding="utf-8")
LISTING = (SAMPLES / "clio-trust-listing.csv").read_text(encoding="utf-8")


def _clio(tmp_path: Path, *, listing: str | None = None, ledger: str | None = None) -> Imported:
    files = ExportFiles(
        clio_trust_listing=(write(tmp_path / "listing.csv", listing),) if listing else (),
        clio_trust_ledger=(write(tmp_path / "ledger.csv", ledger),) if ledger else (),
    )
    return import_snapshot(files, clio_trust_account=None if listing else "IOLTA Trust")


def test_ledger_sections_name_the_clients(tmp_path: Path) -> None:
    """Client section rows, totals and title rows: each movement gets its client and matter."""
    clio = _clio(tmp_path, listing=LISTING, ledger=LEDGER).snapshot["clio"]
    moves = [
        (t["client"]["name"], t["matter"]["display_number"], t["amount"], t["date"])
        for t in clio["bank_transactions"]
    ]
    assert moves[:2] == [
        ("Aiko Tanaka", "00023-Tanaka", Decimal("32000.00"), "2026-10-27"),
        ("Elena Martinez", "00012-Martinez", Decimal("10000.00"), "2026-03-12"),
    ]
    outgoing = clio["bank_transactions"][3]
    assert (outgoing["funds_out"], outgoing["amount"]) == (Decimal("1000.00"), Decimal("-1000.00"))
    assert clio["bank_accounts"] == [{"id": "imp-ba-1", "name": "IOLTA Trust", "type": "Trust"}]


def test_matter_balances_come_from_a_complete_ledger(tmp_path: Path) -> None:
    """A ledger from the first transaction adds up to each matter's balance, checked against the listing."""
    imported = _clio(tmp_path, listing=LISTING, ledger=LEDGER)
    matters = {
        m["display_number"]: m["account_balances"] for m in imported.snapshot["clio"]["matters"]
    }
    assert matters["00007-Pacific Crest"] == [
        {"id": "imp-ba-1", "balance": Decimal("18187.50"), "type": "Trust", "name": "IOLTA Trust"}
    ]
    assert imported.warnings == []


def test_ledger_with_opening_balance_leaves_matters_out(tmp_path: Path) -> None:
    """An opening balance hides part of the history: matters are left out, never zeroed."""
    ledger = LEDGER.replace(
        "Elena Martinez,,,,,,,\n",
        'Elena Martinez,,,,,,,\n,Opening balance,,,,,,"$2,000.00"\n',
    )
    imported = _clio(tmp_path, ledger=ledger)
    assert "matters" not in imported.snapshot["clio"]
    assert any("opening balance for Elena Martinez" in w for w in imported.warnings)


def test_listing_disagreeing_with_ledger_leaves_matters_out(tmp_path: Path) -> None:
    """Listing and ledger of different dates disagree: said, and no balance is picked."""
    listing = LISTING.replace(
        'Elena Martinez,IOLTA Trust,03/12/2026,"$10,000.00"',
        'Elena Martinez,IOLTA Trust,03/12/2026,"$9,000.00"',
    )
    imported = _clio(tmp_path, listing=listing, ledger=LEDGER)
    assert "matters" not in imported.snapshot["clio"]
    assert any("9,000.00 in IOLTA Trust by the Trust Listing" in w for w in imported.warnings)


def test_listing_with_matter_column_gives_balances(tmp_path: Path) -> None:
    """A Trust Listing that lists matters is enough for matter balances."""
    listing = """\
Trust Listing
Example Law LLP

Client,Matter,Account Name,Last Activity Date,Balance
Jane Doe,00001-Doe,IOLTA,01/05/2026,($25.00)
Jane Doe,00002-Doe,IOLTA,01/06/2026,"$1,025.00"
Total,,,,"$1,000.00"
"""
    imported = _clio(tmp_path, listing=listing)
    matters = imported.snapshot["clio"]["matters"]
    assert [(m["display_number"], m["account_balances"][0]["balance"]) for m in matters] == [
        ("00001-Doe", Decimal("-25.00")),
        ("00002-Doe", Decimal("1025.00")),
    ]
    assert "bank_transactions" not in imported.snapshot["clio"]


def test_listing_without_matters_alone_gives_no_balances(tmp_path: Path) -> None:
    """Client totals cannot become matter balances: matters are left out, with the reason."""
    imported = _clio(tmp_path, listing=LISTING)
    assert "matters" not in imported.snapshot["clio"]
    assert imported.snapshot["clio"]["contacts"][0]["name"] == "Aiko Tanaka"
    assert any("client totals, not matter balances" in w for w in imported.warnings)


def test_negative_funds_in_is_an_error(tmp_path: Path) -> None:
    """Funds in and out are amounts: a negative one is an error at its cell."""
    ledger = LEDGER.replace(',,"$32,000.00","$32,000.00"', ',,"($32,000.00)","$32,000.00"')
    with pytest.raises(InputError, match=r"ledger\.csv:7:7: funds in and funds out"):
        _clio(tmp_path, ledger=ledger)


def test_ledger_without_account_needs_one(tmp_path: Path) -> None:
    """No account column, no listing naming one account, no --clio-trust-account: an error."""
    files = ExportFiles(clio_trust_ledger=(write(tmp_path / "ledger.csv", LEDGER),))
    with pytest.raises(InputError, match="--clio-trust-account"):
        import_snapshot(files)
