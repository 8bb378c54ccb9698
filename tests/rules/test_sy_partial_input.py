"""SY002 judges each half whose input the snapshot holds: a missing sync log must not hide a
stale sync, nor a missing sync time the errors in the log. A case file cannot express a finding
and a "could not run" notice together, hence this module."""

from __future__ import annotations

from helpers import fixture
from helpers import run


def _sy002(data: dict) -> tuple[list[str], list[str]]:
    report = run(data, "SY002")
    findings = [f.message for f in report.findings if f.rule_id == "SY002"]
    not_run = [
        n.message for n in report.notifications if n.rule_id == "SY002" and n.kind == "not-run"
    ]
    return findings, not_run


def test_stale_sync_reported_without_a_sync_log() -> None:
    data = fixture()
    del data["clio_bill_syncing"]["sync_errors"]
    data["clio_bill_syncing"]["last_successful_sync_at"] = "2026-10-01T09:00:00Z"
    findings, not_run = _sy002(data)
    assert findings == [
        "Bill syncing last succeeded on 2026-10-01, 50 days before the snapshot (2026-11-20), "
        "more than the 7 allowed: bills and payments recorded in Clio since then are missing "
        "from QuickBooks."
    ]
    assert not_run == [
        "could not run: the snapshot has no `clio_bill_syncing.sync_errors`, so the sync log "
        "was not judged"
    ]


def test_sync_errors_reported_without_a_last_sync_time() -> None:
    data = fixture()
    data["clio_bill_syncing"]["last_successful_sync_at"] = None
    data["clio_bill_syncing"]["sync_errors"] = [{"message": "Item Mediation Services not found"}]
    findings, not_run = _sy002(data)
    assert findings == [
        'Clio\'s sync log holds 1 error; the latest: "Item Mediation Services not found". '
        "Bills or payments behind them have not reached QuickBooks."
    ]
    assert not_run == [
        "could not run: the snapshot has no `clio_bill_syncing.last_successful_sync_at`, so the "
        "staleness was not judged"
    ]


def test_not_run_without_either_input() -> None:
    data = fixture()
    del data["clio_bill_syncing"]["sync_errors"]
    del data["clio_bill_syncing"]["last_successful_sync_at"]
    findings, not_run = _sy002(data)
    assert findings == []
    assert len(not_run) == 1
    assert "last_successful_sync_at" in not_run[0] and "sync_errors" in not_run[0]
