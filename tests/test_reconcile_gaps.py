"""`reconcile` explains each difference movement by movement (books/gaps.py), in every format,
and says plainly what no movement explains."""

from __future__ import annotations

import importlib
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from helpers import FIXTURES
from helpers import fixture
from helpers import snapshot_of
from helpers import to_json_bytes
from test_trust_sync_fixture import with_duplicate_check

from ledgerlint.books import Books
from ledgerlint.books.gaps import account_gap
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.models.reconciliation import TrustAccountReconciliation
from ledgerlint.reconcile_api import reconcile
from ledgerlint.reconcile_api import reconcile_document
from ledgerlint.snapshot import parse_document

FORMATS = ("text", "markdown", "html", "json")


def _reconcile(data: Any) -> ReconciliationReport:
    return reconcile_document(parse_document(to_json_bytes(data), "snapshot.json", "json"))


def _account(data: Any) -> TrustAccountReconciliation:
    (account,) = _reconcile(data).accounts
    return account


def _render(fmt: str, report: ReconciliationReport) -> str:
    module = importlib.import_module(f"ledgerlint.reporters.reconcile_{fmt}")
    return module.render(report)  # type: ignore[no-any-return]


def test_a_reconciled_account_has_nothing_to_explain() -> None:
    """The clean fixture agrees: no explanation is attached to the account or a client."""
    (account,) = reconcile(FIXTURES / "clean.yaml").accounts
    assert account.gap is None
    assert account.clients is not None
    assert all(row.gap is None for row in account.clients.rows)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_lists_the_movements_and_their_total(fmt: str) -> None:
    """The seed story in each format: both movements, their total and the difference."""
    output = _render(fmt, reconcile(FIXTURES / "seed-story.yaml"))
    for expected in ("6003", "6005", "in Clio, not in QuickBooks"):
        assert expected in output
    if fmt == "json":
        gap = json.loads(output)["accounts"][0]["gap"]
        assert gap["explained"] == gap["difference"] == "47000.00"
        assert gap["unexplained"] == "0.00"
        assert [m["amount"] for m in gap["movements"]] == ["30000.00", "17000.00"]
        assert [m["rule"] for m in gap["movements"]] == ["TR011", "TR011"]
        rows = json.loads(output)["accounts"][0]["clients"]["rows"]
        assert {r["client"]: r["gap"]["explained"] for r in rows} == {
            "Brooks Holdings LLC": "-23000.00",
            "David Chen": "-20000.00",
            "Maria Alvarez": "30000.00",
        }
    else:
        assert "Total of these movements" in output
        assert "These movements account for the whole difference." in output


def test_a_duplicate_check_is_the_synced_firms_difference() -> None:
    """The trust-sync firm with a QuickBooks check duplicating a synced disbursement: the check
    (TS002) is the whole of the three-way and of the client's difference."""
    account = _account(with_duplicate_check())
    assert account.gap is not None
    assert [(i.kind, i.rule_id, i.amount) for i in account.gap.items] == [
        ("entered-twice", "TS002", Decimal("-19250.00"))
    ]
    assert account.gap.difference == Decimal("-19250.00") and not account.gap.unexplained
    assert account.clients is not None
    (row,) = account.clients.mismatched
    assert row.client == "Aiko Tanaka" and row.gap is not None
    assert row.gap.explained == row.difference == Decimal("-19250.00")


def test_timing_pairs_either_side_of_the_statement_date() -> None:
    """A deposit Clio dates on the statement date and QuickBooks two days later pairs, and
    still explains the difference as of the statement."""
    data = fixture()
    data["qbo"]["Deposit"][6]["TxnDate"] = "2026-11-02"
    account = _account(data)
    assert account.gap is not None
    (item,) = account.gap.items
    assert item.kind == "timing" and item.amount == Decimal("-1200.00")
    assert item.reason == (
        "recorded on 2026-10-31 in Clio and 2026-11-02 in QuickBooks, either side of 2026-10-31"
    )
    assert account.gap.explained == account.gap.difference


def test_quickbooks_without_trust_lines_explains_the_gap_by_clios_movements() -> None:
    """QuickBooks holds no trust liability line: the span is Clio's, so each Clio movement is
    TR011's "in Clio, not in QuickBooks" (as `check` says), not left out of a span."""
    data = fixture("seed-story.yaml")
    data["qbo"]["Deposit"] = []
    account = _account(data)
    assert account.gap is not None
    assert [(i.kind, i.rule_id, i.reason) for i in account.gap.items] == [
        ("missing-in-books", "TR011", "in Clio, not in QuickBooks")
    ] * 5


def test_an_undated_line_leaves_the_clio_movement_it_may_record_unjudged() -> None:
    """A QuickBooks line without a date never pairs: the Clio movement it may record is not
    called missing, and the report says why (as `check` says it could not run)."""
    data = fixture()
    del data["qbo"]["Deposit"][6]["TxnDate"]
    (movements,) = Books(snapshot_of(data)).movements.accounts
    gap = account_gap(movements, Decimal("1200.00"), Decimal(0), date(2026, 11, 30))
    assert [(i.kind, i.rule_id, i.reason) for i in gap.items] == [
        ("not-judged", None, "undated: not judged"),
        (
            "not-judged",
            None,
            "an undated QuickBooks line of the same amount may record it: not judged",
        ),
    ]


def test_what_no_movement_explains_is_said_plainly() -> None:
    """A QuickBooks balance with money no transaction in the snapshot put there: nothing is
    listed, and the report says how much and on which side."""
    data = fixture()
    for account in data["qbo"]["Account"]:
        if account["Id"] in ("40", "45"):
            field = "CurrentBalanceWithSubAccounts"
            account[field] = str(Decimal(account[field]) + Decimal("500.00"))
            if account["Id"] == "45":
                account["CurrentBalance"] = account[field]
    report = _reconcile(data)
    (account,) = report.accounts
    assert account.gap is not None
    assert account.gap.items == ()
    assert account.gap.unexplained == account.gap.qbo_unexplained == Decimal("500.00")
    text = " ".join(_render("text", report).split())
    assert (
        "$500.00 is not explained by any movement the snapshot holds (the QuickBooks balance "
        "exceeds the trust lines the snapshot holds by $500.00): opening balances, or history "
        "before the snapshot." in text
    )
    assert "Not explained by any movement" in text


def test_without_clio_transactions_the_report_says_why_not() -> None:
    """No Clio bank transactions: no pairing, and the report says so instead of guessing."""
    data = fixture()
    data["clio"].pop("bank_transactions")
    report = _reconcile(data)
    (account,) = report.accounts
    assert account.gap is not None and account.gap.items == ()
    assert account.gap.note == (
        "the snapshot has no `clio.bank_transactions` to pair with QuickBooks"
    )
    assert "Not explained movement by movement: the snapshot has no" in _render("text", report)


@pytest.mark.parametrize("fmt", FORMATS)
def test_redacted_explanations_name_no_client(fmt: str) -> None:
    """`--redact` reaches the movement descriptions and reasons."""
    output = _render(fmt, reconcile(FIXTURES / "seed-story.yaml", redact=True))
    for name in ("Maria Alvarez", "Brooks Holdings", "David Chen", "Alvarez"):
        assert name not in output
    assert "6003" in output
