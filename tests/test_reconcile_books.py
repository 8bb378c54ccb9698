"""The books' side of the auditor's reconciliation: transactions named in plain words, the
statement's facts and outstanding items, and the per-client table as the snapshot found it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from helpers import FIXTURES
from helpers import fixture
from helpers import to_json_bytes

from ledgerlint.books.reconciliation import last4
from ledgerlint.models.reconciliation import Record
from ledgerlint.models.reconciliation import TrustAccountReconciliation
from ledgerlint.reconcile_api import reconcile
from ledgerlint.reconcile_api import reconcile_document
from ledgerlint.snapshot import parse_document


def _account(data: object) -> TrustAccountReconciliation:
    document = parse_document(to_json_bytes(data), "snapshot.json", "json")
    (account,) = reconcile_document(document).accounts
    return account


def test_later_transactions_are_named_in_plain_words() -> None:
    """The roll-back's transactions carry a record a person can look up."""
    (account,) = reconcile(FIXTURES / "clean.yaml").accounts
    assert account.liability is not None and account.clio is not None
    assert [a.name for a in account.liability.later] == [
        "Journal entry TA-1049 of 2026-11-06 (QuickBooks Id 502)",
        "Deposit of 2026-11-10 (QuickBooks Id 308)",
    ]
    assert [a.name for a in account.clio.later] == [
        "Trust withdrawal of 2026-11-06 (Clio Id 6010)",
        "Trust deposit of 2026-11-10 (Clio Id 6011)",
    ]
    assert [a.name for a in account.books.later] == [
        "Transfer of 2026-11-06 (QuickBooks Id 402)",
        "Deposit of 2026-11-10 (QuickBooks Id 308)",
    ]
    assert account.later_transactions


def test_record_names() -> None:
    """Number, date and line are each shown when known."""
    check = Record("QuickBooks", "Check", "602", "1107", date(2026, 10, 29), 1)
    assert check.name == "Check 1107 of 2026-10-29, line 1 (QuickBooks Id 602)"
    assert Record("Clio", "Trust deposit", "9").name == "Trust deposit (no date) (Clio Id 9)"


def test_a_check_and_an_adjusting_entry_are_called_so() -> None:
    """A Purchase paid by check is a check; an adjusting journal entry says so."""
    data = fixture()
    data["qbo"]["JournalEntry"][-1]["Adjustment"] = True
    account = _account(data)
    assert account.liability is not None
    assert account.liability.later[0].name.startswith("Adjusting journal entry TA-1049 of")
    from ledgerlint.books.records import qbo_record
    from ledgerlint.snapshot import read_snapshot

    snapshot = read_snapshot(parse_document(to_json_bytes(fixture()), "s.json", "json"))
    assert snapshot.qbo is not None and snapshot.qbo.Purchase
    purchase = next(p for p in snapshot.qbo.Purchase if p.DocNumber == "1107")
    assert qbo_record(purchase).name == "Check 1107 of 2026-10-29 (QuickBooks Id 602)"


def test_statement_facts_and_items() -> None:
    """Bank name, last four digits, period start and the items, sorted by date and number."""
    data = fixture()
    statement = data["bank"]["statements"][0]
    del statement["deposits_in_transit"], statement["outstanding_checks"]
    statement.update(
        period_start="2026-10-01",
        bank_name="Pacific Coast Bank",
        account_number_last4="4821",
        outstanding=[
            {
                "kind": "deposit",
                "date": "2026-10-31",
                "description": "Retainer",
                "amount": "1200.00",
            },
            {
                "kind": "check",
                "date": "2026-10-29",
                "number": "1107",
                "payee": "Aiko Tanaka",
                "amount": "19000.00",
            },
            {
                "kind": "check",
                "date": "2026-10-29",
                "number": "998",
                "payee": "Court Reporting Inc",
                "amount": "250.00",
            },
        ],
    )
    account = _account(data)
    figures = account.statement
    assert figures is not None and figures.itemised and account.agrees
    assert (figures.bank_name, figures.masked_account) == ("Pacific Coast Bank", "****4821")
    assert figures.period_start == date(2026, 10, 1)
    assert [c.number for c in figures.checks] == ["998", "1107"]
    assert figures.outstanding_checks == Decimal("19250.00")
    assert [d.party for d in figures.deposits] == ["Retainer"]


def test_totals_only_statement_is_not_itemised() -> None:
    (account,) = reconcile(FIXTURES / "clean.yaml").accounts
    assert account.statement is not None and not account.statement.itemised
    assert account.statement.checks == () and account.statement.masked_account is None


def test_last4_never_keeps_more() -> None:
    assert last4("4821") == "4821"
    assert last4("1234 5678-9012 4821") == "4821"
    assert last4("21") == "21"
    assert last4("") is None and last4(None) is None


def test_clients_now_explains_the_later_deposit() -> None:
    """The example firm: Northwind differs now by the deposit of November 10, posted to the
    parent account, while the October table agrees."""
    (account,) = reconcile(FIXTURES / "../../examples/example-firm.yaml").accounts
    assert account.clients is not None and not account.clients.mismatched
    assert account.clients_now is not None
    (row,) = account.clients_now.mismatched
    assert row.client == "Northwind Dental Group" and row.difference == Decimal("-3187.45")
    assert row.gap is not None
    (item,) = row.gap.items
    assert (item.kind, item.rule_id) == ("not-in-client-ledger", "TR001")
    assert [r.name for r in item.records] == [
        "Trust deposit of 2026-11-10 (Clio Id 6011)",
        "Deposit of 2026-11-10, line 1 (QuickBooks Id 308)",
    ]
    assert account.captured_on == date(2026, 11, 20)


def test_differences_now_are_the_books_not_the_reporters() -> None:
    """The balances as the snapshot found them give the differences `check` compares, on the
    account itself (both reconcile reporters read them): the seed story's $47,000.00."""
    (account,) = reconcile(FIXTURES / "seed-story.yaml").accounts
    assert account.differences_now == {
        "bank_books_minus_liability": Decimal("0.00"),
        "liability_minus_clio": Decimal("47000.00"),
    }
    data = fixture("seed-story.yaml")
    data["clio_bill_syncing"]["trust_accounts"][0]["clio_bank_account"] = "No Such Account"
    assert _account(data).differences_now == {"bank_books_minus_liability": Decimal("0.00")}
