"""`ledgerlint reconcile`: the three-way report in every format, redaction, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES
from helpers import ROOT
from helpers import fixture
from helpers import run_cli
from helpers import to_json_bytes

from ledgerlint.errors import InputError
from ledgerlint.models.config import Config
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.reconcile_api import reconcile
from ledgerlint.reconcile_api import reconcile_document
from ledgerlint.snapshot import parse_document

FORMATS = ("text", "markdown", "html", "json")
SEED = FIXTURES / "seed-story.yaml"
CLEAN = FIXTURES / "clean.yaml"


def _render(fmt: str, report: ReconciliationReport) -> str:
    import importlib

    return importlib.import_module(f"ledgerlint.reporters.reconcile_{fmt}").render(report)  # type: ignore[no-any-return]


def _seed(*, redact: bool = False) -> ReconciliationReport:
    # A fixed display name keeps the pinned output independent of the working directory.
    document = parse_document(SEED.read_bytes(), "seed-story.yaml", "yaml")
    return reconcile_document(document, redact=redact)


def ledgerlint(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEDGERLINT_LOAD_PLUGINS": ""}
    return subprocess.run(
        [sys.executable, "-m", "ledgerlint", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_clean_snapshot_reconciles() -> None:
    """All three figures of the clean fixture are 57,137.50 as of 2026-10-31."""
    report = reconcile(CLEAN)
    assert report.agrees
    (account,) = report.accounts
    assert account.statement is not None and account.liability and account.clio
    assert account.statement.adjusted == Decimal("57137.50")
    assert account.liability.as_of == account.clio.as_of == Decimal("57137.50")
    assert account.liability.current == Decimal("58574.95")
    assert account.clients is not None
    assert not account.clients.mismatched


def test_seed_story_shows_the_47000_difference() -> None:
    """The seed: the QuickBooks liability is $47,000.00 above the bank and the Clio clients."""
    report = _seed()
    assert not report.agrees
    (account,) = report.accounts
    assert account.differences == {
        "liability_minus_bank": Decimal("47000.00"),
        "clio_minus_bank": Decimal("0.00"),
        "liability_minus_clio": Decimal("47000.00"),
    }
    assert account.clients is not None
    assert account.clients.unassigned == Decimal("60000.00")
    by_client = {row.client: row.difference for row in account.clients.rows}
    assert by_client == {
        "Brooks Holdings LLC": Decimal("-23000.00"),
        "David Chen": Decimal("-20000.00"),
        "Maria Alvarez": Decimal("30000.00"),
    }


def test_seed_story_rc001_message() -> None:
    """RC001 reports the seed's $47,000.00 with all three figures."""
    from helpers import findings

    (finding,) = findings(fixture("seed-story.yaml"), "RC001")
    assert finding.message == (
        "Client Trust Account - IOLTA does not reconcile as of 2026-10-31: adjusted bank balance "
        "$73,000.00, QuickBooks trust liability (Client Trust Liability) $120,000.00, Clio client "
        "trust balances (IOLTA Trust) $73,000.00; differences: QuickBooks − bank $47,000.00, "
        "Clio − bank $0.00, QuickBooks − Clio $47,000.00."
    )


def test_text_report() -> None:
    """The text report gives the three figures, the differences and the client table."""
    text = _render("text", _seed())
    assert "DOES NOT RECONCILE" in text
    for expected in ("$73,000.00", "$120,000.00", "QuickBooks − bank", "$47,000.00"):
        assert expected in text
    assert "Brooks Holdings LLC" in text
    assert "Not in any client's ledger" in text


def test_html_report_content() -> None:
    """HTML: title, the three balances, differences, client table, signatures, print CSS."""
    html = _render("html", _seed())
    assert "<title>Three-way trust reconciliation — Seaside Legal Group LLP</title>" in html
    assert "Adjusted bank balance" in html and "$73,000.00" in html
    assert "QuickBooks trust liability" in html and "$120,000.00" in html
    assert "<td>Client Trust Liability</td>" in html and "<td>IOLTA Trust</td>" in html
    assert "Difference: QuickBooks − bank" in html and "$47,000.00" in html
    assert '<table class="clients">' in html
    for client in ("Maria Alvarez", "Brooks Holdings LLC"):
        assert f'<td>{client} <span class="flag">DIFFERS</span></td>' in html
    assert '<tr class="differs"><td>David Chen <span class="flag">DIFFERS</span></td>' in html
    assert '<section class="signoff">' in html and "Reviewed and approved by" in html
    assert "@media print" in html
    assert "<script" not in html


def test_html_escapes_names() -> None:
    """Names from the snapshot are escaped in HTML."""
    data = fixture("seed-story.yaml")
    data["clio"]["contacts"][2]["name"] = "David <b>Chen</b>"
    document = parse_document(to_json_bytes(data), "x.json", "json")
    html = _render("html", reconcile_document(document))
    assert "David &lt;b&gt;Chen&lt;/b&gt;" in html
    assert "<b>Chen</b>" not in html


def test_markdown_report(snapshot) -> None:  # type: ignore[no-untyped-def]
    """The Markdown report of the seed story, pinned."""
    assert _render("markdown", _seed()) == snapshot


def test_json_report() -> None:
    """JSON: exact decimal strings, the differences and the client rows."""
    document = json.loads(_render("json", _seed()))
    assert document["agrees"] is False
    (account,) = document["accounts"]
    assert account["differences"] == {
        "liability_minus_bank": "47000.00",
        "clio_minus_bank": "0.00",
        "liability_minus_clio": "47000.00",
    }
    assert account["statement"]["adjusted"] == "73000.00"
    assert account["qbo_liability"]["as_of"] == "120000.00"
    assert {row["client"] for row in account["clients"]["rows"]} == {
        "Maria Alvarez",
        "Brooks Holdings LLC",
        "David Chen",
    }


def test_rolled_back_transactions_are_listed() -> None:
    """The clean fixture's November postings appear as the roll-back to October 31."""
    (account,) = reconcile(CLEAN).accounts
    assert account.liability is not None and account.clio is not None
    assert [a.description for a in account.liability.later] == [
        "JournalEntry TA-1049 (Id 502)",
        "Deposit (Id 308)",
    ]
    assert [a.amount for a in account.clio.later] == [Decimal("-1750.00"), Decimal("3187.45")]


def _client_names(name: str) -> set[str]:
    data = fixture(name)
    names = {c["name"] for c in data["clio"]["contacts"]}
    names |= {c["DisplayName"] for c in data["qbo"]["Customer"]}
    names |= {a["Name"] for a in data["qbo"]["Account"] if a.get("ParentRef")}
    names |= {m["description"] for m in data["clio"]["matters"]}
    return names


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["seed-story.yaml", "clean.yaml"])
def test_redacted_output_has_no_client_names(fmt: str, name: str) -> None:
    """`--redact`: no client name or matter description in any format."""
    path = FIXTURES / name
    report = reconcile(path, redact=True)
    output = _render(fmt, report)
    leaked = [n for n in _client_names(name) if n.casefold() in output.casefold()]
    assert not leaked, leaked
    assert "Client-00" in output


def test_redacted_report_keeps_the_figures() -> None:
    """Redaction changes names, never amounts."""
    plain, redacted = _seed(), _seed(redact=True)
    assert redacted.redacted
    assert [a.differences for a in redacted.accounts] == [a.differences for a in plain.accounts]


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_exit_1_when_the_three_differ(fmt: str, tmp_path: Path) -> None:
    """Exit 1 on the seed story; --output writes the report atomically."""
    target = tmp_path / f"report.{fmt}"
    result = ledgerlint("reconcile", str(SEED), "--format", fmt, "--output", str(target))
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert "47,000.00" in target.read_text("utf-8") or "47000.00" in target.read_text("utf-8")


def test_cli_exit_0_when_they_agree() -> None:
    """Exit 0 on the clean fixture."""
    result = ledgerlint("reconcile", str(CLEAN))
    assert result.returncode == 0, result.stderr
    assert "RECONCILED" in result.stdout


def test_cli_redact() -> None:
    """`--redact` on the command line."""
    result = ledgerlint("reconcile", str(SEED), "--redact", "--format", "markdown")
    assert result.returncode == 1
    assert "Maria Alvarez" not in result.stdout and "Client-001" in result.stdout


def test_cli_as_of_picks_the_statement() -> None:
    """`--as-of` with no statement ending that day is bad input: exit 2, one line."""
    result = ledgerlint("reconcile", str(CLEAN), "--as-of", "2026-09-30")
    assert result.returncode == 2
    assert "no trust bank account has a bank statement ending on 2026-09-30" in result.stderr
    assert ledgerlint("reconcile", str(CLEAN), "--as-of", "2026-10-31").returncode == 0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["bank"].pop("statements"), "no trust bank account has a bank statement"),
        (lambda d: d["qbo"].pop("Account"), "the snapshot has no `qbo.Account`"),
        (lambda d: d["clio"].pop("matters"), "the snapshot has no `clio.matters`"),
        (
            lambda d: d["qbo"].update(Account=[a for a in d["qbo"]["Account"] if a["Id"] != "36"]),
            "QuickBooks has no trust bank account",
        ),
    ],
)
def test_cli_exit_2_on_bad_input(edit, message: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Nothing to reconcile is bad input: exit 2 and a one-line message."""
    data = fixture("clean.yaml")
    edit(data)
    path = tmp_path / "snapshot.json"
    path.write_bytes(to_json_bytes(data))
    result = ledgerlint("reconcile", str(path))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_missing_file_exits_2() -> None:
    """A missing snapshot file: exit 2."""
    result = ledgerlint("reconcile", "no-such-file.yaml")
    assert result.returncode == 2
    assert "no such file" in result.stderr


def _moved_clio_deposit(tmp_path: Path) -> Path:
    """The seed story with Clio's deposit 6004 dated five days after QuickBooks' Deposit 303."""
    data = fixture("seed-story.yaml")
    data["clio"]["bank_transactions"][3]["date"] = "2026-06-20"
    path = tmp_path / "snapshot.json"
    path.write_bytes(to_json_bytes(data))
    return path


def _gap_rules(output: str) -> list[tuple[str, str]]:
    gap = json.loads(output)["accounts"][0]["gap"]
    return [(m["rule"], m["description"].split(":")[0]) for m in gap["movements"]]


def test_reconcile_pairs_with_the_configured_window(tmp_path: Path) -> None:
    """TR011's `window_days` governs `reconcile` too: with 7 days the moved deposit pairs, as
    in `check`; with the default 3 it is listed unpaired on both sides."""
    path = _moved_clio_deposit(tmp_path)
    default = reconcile(path).accounts[0].gap
    wide = reconcile(path, config=Config(options={"TR011": {"window_days": 7}})).accounts[0].gap
    assert default is not None and wide is not None
    assert ("TR011", "/clio/bank_transactions/3") in [(i.rule_id, i.pointer) for i in default.items]
    assert [(i.rule_id, i.pointer) for i in wide.items] == [
        ("TR011", "/clio/bank_transactions/2"),
        ("TR011", "/clio/bank_transactions/4"),
    ]


def test_cli_reads_the_configuration_like_check(tmp_path: Path) -> None:
    """`reconcile` finds ledgerlint.yaml as `check` does, or takes `--config`: the auditor's
    report cites no unpaired movement that `check` pairs."""
    path = _moved_clio_deposit(tmp_path)
    (tmp_path / "ledgerlint.yaml").write_text("options: {TR011: {window_days: 7}}\n")
    for args, cwd in (
        ((), tmp_path),
        (("--config", str(tmp_path / "ledgerlint.yaml")), ROOT),
    ):
        check = run_cli("check", str(path), "--select", "TR011", "--format", "json", *args, cwd=cwd)
        messages = [f["message"] for f in json.loads(check.stdout)["findings"]]
        assert len(messages) == 3 and not any("6004" in m for m in messages)
        result = run_cli("reconcile", str(path), "--format", "json", *args, cwd=cwd)
        assert result.returncode == 1, result.stderr
        assert _gap_rules(result.stdout) == [
            ("TR011", "Trust withdrawal of 2026-06-05 (Clio Id 6003)"),
            ("TR011", "Trust withdrawal of 2026-08-05 (Clio Id 6005)"),
        ]


def test_cli_rejects_a_bad_configuration(tmp_path: Path) -> None:
    """An invalid option is bad input for `reconcile` as for `check`: exit 2, one line."""
    path = _moved_clio_deposit(tmp_path)
    config = tmp_path / "ledgerlint.yaml"
    config.write_text("options: {TR011: {window_days: -1}}\n")
    result = run_cli("reconcile", str(path), "--config", str(config))
    assert result.returncode == 2
    assert "window_days" in result.stderr and "Traceback" not in result.stderr


def _with_conflicting_statement() -> Any:
    data = fixture("clean.yaml")
    statement = dict(data["bank"]["statements"][0], ending_balance="75000.00")
    data["bank"]["statements"].append(statement)
    return data


@pytest.mark.parametrize("as_of", [None, date(2026, 10, 31)])
def test_conflicting_statements_are_reported_not_guessed(as_of: date | None) -> None:
    """Two statements of one account and period with different figures: with or without
    `--as-of`, the report names the conflict instead of picking one of them."""
    data = _with_conflicting_statement()
    document = parse_document(to_json_bytes(data), "snapshot.json", "json")
    with pytest.raises(InputError) as raised:
        reconcile_document(document, as_of=as_of)
    assert (
        "2 bank statements for Client Trust Account - IOLTA end on 2026-10-31 with different "
        "figures (/bank/statements/0, /bank/statements/2)" in str(raised.value)
    )
