"""The auditor's reconciliation: the statement's facts and itemised outstanding items, balances
rolled back in plain words, running totals, the sign-off with the totals, and what happened
after the statement date (why `check` can differ), in every format."""

from __future__ import annotations

import html
import importlib
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from helpers import fixture
from helpers import to_json_bytes

from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.reconcile_api import reconcile_document
from ledgerlint.snapshot import parse_document

FORMATS = ("text", "markdown", "html", "json")
EXAMPLE = "../../examples/example-firm.yaml"
CHECK_1107 = {
    "kind": "check",
    "date": "2026-10-29",
    "number": "1107",
    "payee": "Aiko Tanaka",
    "amount": "19250.00",
}
DEPOSIT_1163 = {
    "kind": "deposit",
    "date": "2026-10-31",
    "description": "Expert witness deposit from James O'Connor, check 1163",
    "amount": "1200.00",
}


def itemised(data: Any, *, extra_checks: int = 0) -> Any:
    """The October trust statement of the clean fixture or the example firm with its items
    listed instead of the two totals, and the bank's name, account number and period. The
    fixture's own items are check 1107 (settlement proceeds to Aiko Tanaka, a client) and
    O'Connor's expert witness deposit; `extra_checks` adds that many more outstanding checks
    (and raises the ending balance by as much, so the account still reconciles), for layouts
    that need a long list."""
    statement = data["bank"]["statements"][0]
    assert statement["account"] == "Client Trust Account - IOLTA"
    del statement["deposits_in_transit"], statement["outstanding_checks"]
    extra = [
        {
            "kind": "check",
            "date": f"2026-10-{10 + n % 20:02d}",
            "number": str(1110 + n),
            "payee": f"Vendor {n + 1} Court Services",
            "amount": "100.00",
        }
        for n in range(extra_checks)
    ]
    statement.update(
        period_start="2026-10-01",
        bank_name="Pacific Coast Bank",
        account_number_last4="4821",
        outstanding=[dict(DEPOSIT_1163), *extra, dict(CHECK_1107)],
    )
    ending = Decimal(str(statement["ending_balance"])) + Decimal("100.00") * extra_checks
    statement["ending_balance"] = str(ending)
    return data


def reconciled(
    data: Any, *, redact: bool = False, name: str = "snapshot.json"
) -> ReconciliationReport:
    document = parse_document(to_json_bytes(data), name, "json")
    return reconcile_document(document, redact=redact)


def render(fmt: str, report: ReconciliationReport) -> str:
    module = importlib.import_module(f"ledgerlint.reporters.reconcile_{fmt}")
    return module.render(report)  # type: ignore[no-any-return]


def words(fmt: str, output: str) -> str:
    """The output's words, without HTML tags, entities or line breaks."""
    if fmt == "html":
        output = html.unescape(re.sub(r"<[^>]+>", "", output))
    return " ".join(output.split())


def example(**kwargs: Any) -> ReconciliationReport:
    return reconciled(itemised(fixture(EXAMPLE)), name="example-firm.json", **kwargs)


def test_itemised_statement_figures() -> None:
    """The totals are the items' sums; items keep their order by date then number."""
    (account,) = example().accounts
    statement = account.statement
    assert statement is not None and statement.itemised
    assert statement.outstanding_checks == Decimal("19250.00")
    assert statement.deposits_in_transit == Decimal("1200.00")
    assert statement.adjusted == Decimal("57137.50")
    assert [(c.number, c.party) for c in statement.checks] == [("1107", "Aiko Tanaka")]
    assert statement.masked_account == "****4821"
    assert account.agrees


def test_account_number_is_never_shown_in_full() -> None:
    """A full account number pasted into `account_number_last4` shows as its last four."""
    data = itemised(fixture(EXAMPLE))
    data["bank"]["statements"][0]["account_number_last4"] = "1234-5678-4821"
    report = reconciled(data)
    assert report.accounts[0].statement is not None
    assert report.accounts[0].statement.masked_account == "****4821"
    for fmt in FORMATS:
        output = render(fmt, report)
        assert "****4821" in output and "5678" not in output, fmt


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_lists_the_outstanding_items(fmt: str) -> None:
    """Bank, masked number, period, each outstanding item with its totals, the build-up."""
    output = render(fmt, example())
    for expected in (
        "Pacific Coast Bank, account ****4821",
        "2026-10-01 to 2026-10-31",
        "Outstanding checks",
        "Deposits in transit",
        "1107",
        "Aiko Tanaka",
        "Expert witness deposit from James O",
        "Total outstanding checks (1)",
        "$19,250.00",
        "Balance per bank statement on 2026-10-31",
        "Add: deposits in transit (1, listed below)",
        "Less: outstanding checks (1, listed below)",
        "-$19,250.00",
    ):
        assert expected in output, expected


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_totals_only_statement_says_so(fmt: str) -> None:
    """Without `outstanding`, the report says the items are not listed."""
    output = render(fmt, reconciled(fixture(EXAMPLE)))
    assert "gives the totals of deposits in transit and outstanding checks only" in output
    assert "Outstanding checks" not in output


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_roll_back_in_plain_words(fmt: str) -> None:
    """No entity jargon: later transactions are named as a person finds them."""
    output = render(fmt, example())
    assert "Add back: Journal entry TA-1049 of 2026-11-06 (QuickBooks Id 502)" in output
    assert "Less: Deposit of 2026-11-10 (QuickBooks Id 308)" in output
    assert "Add back: Trust withdrawal of 2026-11-06 (Clio Id 6010)" in output
    for jargon in ("JournalEntry", "Reverse ", "(Id 502)", "bank transaction 6010"):
        assert jargon not in output, jargon


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_why_check_differs_is_said(fmt: str) -> None:
    """The example firm reconciles as of October 31, while `check` flags Northwind's
    $3,187.45 deposited on November 10: the report names that deposit and its total, and
    the client ledger that differs now."""
    output = render(fmt, example())
    text = words(fmt, output)
    assert "why ledgerlint check can differ" in text.replace("`", "")
    assert (
        "After 2026-10-31, QuickBooks records 2 transactions on the trust liability, together "
        "+$1,437.45: Journal entry TA-1049 of 2026-11-06 (QuickBooks Id 502), -$1,750.00; "
        "Deposit of 2026-11-10 (QuickBooks Id 308), +$3,187.45." in text
    )
    assert "1 client ledger differs between QuickBooks and Clio" in text
    assert "-$3,187.45" in output and "TR001" in output


def test_nothing_after_the_statement_means_no_paragraph() -> None:
    """The seed story records nothing after its statement: `check` reads the same balances,
    and no such section is printed."""
    report = reconciled(fixture("seed-story.yaml"))
    assert not report.accounts[0].later_transactions
    assert "ledgerlint check` can differ" not in render("text", report)
    assert "ledgerlint check` can differ" in render("text", example())


def test_differences_are_marked() -> None:
    """A difference is marked in text (`<< DIFFERS`) and Markdown, and boxed in HTML."""
    report = reconciled(fixture("seed-story.yaml"))
    text = render("text", report)
    assert "Difference: QuickBooks − bank" in text
    line = next(x for x in text.splitlines() if "Difference: QuickBooks − bank" in x)
    assert line.endswith("<< DIFFERS")
    assert "**Difference: QuickBooks − bank (DIFFERS)**" in render("markdown", report)
    html = render("html", report)
    assert '<tr class="differs"><td>Difference: QuickBooks − bank <span class="flag">' in html
    assert "tr.differs td { font-weight: 700; border-top: 2px solid #000;" in html


def test_running_totals_follow_the_rows() -> None:
    """Each row's running totals add the rows above it; the last equals the total."""
    (account,) = reconciled(fixture("seed-story.yaml")).accounts
    assert account.clients is not None
    running = account.clients.running_totals()
    assert running[-1] == account.clients.totals == (Decimal("60000.00"), Decimal("73000.00"))
    assert running[0] == (Decimal("0.00"), Decimal("23000.00"))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_signoff_holds_the_totals(fmt: str) -> None:
    """The sign-off restates every account's totals above the two signature lines."""
    output = render(fmt, example())
    signoff = output[output.index("Sign-off") :]
    for expected in ("$57,137.50", "Reconciled", "Prepared by", "Reviewed and approved by"):
        assert expected in signoff


def test_json_carries_the_new_information() -> None:
    """JSON (version 2): statement facts and items, records, running totals, now."""
    document = json.loads(render("json", example()))
    assert document["ledgerlint_reconciliation"] == 2
    (account,) = document["accounts"]
    statement = account["statement"]
    assert statement["bank_name"] == "Pacific Coast Bank"
    assert statement["account_number_masked"] == "****4821"
    assert statement["period_start"] == "2026-10-01"
    assert statement["itemised"] is True
    assert statement["outstanding_check_items"] == [
        {"date": "2026-10-29", "number": "1107", "payee": "Aiko Tanaka", "amount": "19250.00"}
    ]
    assert statement["deposit_in_transit_items"][0]["description"].startswith("Expert witness")
    later = account["qbo_liability"]["rolled_back"][1]
    assert later["record"] == {
        "system": "QuickBooks",
        "kind": "Deposit",
        "number": None,
        "id": "308",
        "date": "2026-11-10",
        "line": None,
        "name": "Deposit of 2026-11-10 (QuickBooks Id 308)",
    }
    assert later["amount"] == "3187.45"
    rows = account["clients"]["rows"]
    assert rows[-1]["running_qbo"] == account["clients"]["total_qbo"] == "57137.50"
    now = account["now"]
    assert now["captured_on"] == "2026-11-20" and now["later_transactions"] is True
    assert now["differences"] == {
        "bank_books_minus_liability": "0.00",
        "liability_minus_clio": "0.00",
    }
    (northwind,) = [r for r in now["clients"]["rows"] if r["difference"] != "0.00"]
    assert northwind["difference"] == "-3187.45"
    (movement,) = northwind["gap"]["movements"]
    assert movement["rule"] == "TR001"
    assert [r["system"] for r in movement["records"]] == ["Clio", "QuickBooks"]


def test_json_totals_only_statement() -> None:
    """A statement with totals only: `itemised` false and no item lists."""
    document = json.loads(render("json", reconciled(fixture(EXAMPLE))))
    statement = document["accounts"][0]["statement"]
    assert statement["itemised"] is False
    assert statement["outstanding_check_items"] is None
    assert statement["bank_name"] is None and statement["account_number_masked"] is None


def test_text_report_pinned(snapshot) -> None:  # type: ignore[no-untyped-def]
    """The text report of the example firm with an itemised statement, pinned."""
    assert render("text", example()) == snapshot


def test_markdown_report_pinned(snapshot) -> None:  # type: ignore[no-untyped-def]
    """The Markdown report of the example firm with an itemised statement, pinned."""
    assert render("markdown", example()) == snapshot


def test_an_empty_list_of_items_says_none() -> None:
    """`outstanding: []`: itemised, nothing outstanding, and the report says so."""
    data = itemised(fixture(EXAMPLE))
    data["bank"]["statements"][0]["outstanding"] = []
    report = reconciled(data)
    statement = report.accounts[0].statement
    assert statement is not None and statement.itemised and not statement.checks
    text = render("text", report)
    assert "None: the statement lists no outstanding checks." in text
    assert "None: the statement lists no deposits in transit." in text
    assert "Add: deposits in transit (0, listed below)" in text
