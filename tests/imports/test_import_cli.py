"""`ledgerlint import` end to end: the sample exports become a snapshot that `check` lints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLES
from conftest import csv_to_xlsx
from conftest import write
from helpers import ROOT
from helpers import run_cli as run

SAMPLE_ARGS = (
    "--qbo-accounts",
    str(SAMPLES / "qbo-account-list.csv"),
    "--qbo-journal",
    str(SAMPLES / "qbo-journal.csv"),
    "--clio-trust-listing",
    str(SAMPLES / "clio-trust-listing.csv"),
    "--clio-trust-ledger",
    str(SAMPLES / "clio-trust-ledger.csv"),
    "--captured-at",
    "2026-11-20T09:00:00Z",
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("import") / "firm.yaml"
    result = run("import", *SAMPLE_ARGS, "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert "left out: Bill (1)" in result.stderr
    return output


def test_import_writes_sources_and_api_shapes(imported: Path) -> None:
    """The snapshot says what it was imported from, and holds API-shaped entities."""
    data = yaml.safe_load(imported.read_text(encoding="utf-8"))
    assert data["sources"] == {
        "qbo": "imported",
        "clio": "imported",
        "exports": [
            "QuickBooks Online: Account List (qbo-account-list.csv)",
            "QuickBooks Online: Journal (qbo-journal.csv, All Dates)",
            "Clio Manage: Trust Listing (clio-trust-listing.csv, All Dates)",
            "Clio Manage: Trust Ledger (clio-trust-ledger.csv, All Dates)",
        ],
    }
    assert set(data["qbo"]) == {
        "Account",
        "Invoice",
        "Deposit",
        "Transfer",
        "JournalEntry",
        "Purchase",
    }
    assert set(data["clio"]) == {"bank_accounts", "contacts", "matters", "bank_transactions"}
    assert "Customer" not in data["qbo"] and "Preferences" not in data["qbo"]


def test_check_lints_the_imported_snapshot(imported: Path) -> None:
    """`check` runs on it: the planted parent-account deposit (TR001) and client difference
    (RC002) are found, and rules needing API-only data say they could not run."""
    result = run("check", str(imported), "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    findings = {(f["rule"], f["message"]) for f in report["findings"]}
    assert any(
        rule == "TR001" and "$32,000.00 for Aiko Tanaka" in message for rule, message in findings
    )
    assert any(
        rule == "RC002" and "Tanaka, Aiko holds $0.00 in QuickBooks" in message
        for rule, message in findings
    )
    not_run = {n["rule"] for n in report["notifications"] if n["kind"] == "not-run"}
    assert {"QB001", "QB015", "QB005", "TR004", "RC001"} <= not_run


def test_check_reads_sources_exports_as_written(imported: Path) -> None:
    """The snapshot lints exactly as `import` wrote it (`sources.exports` included)."""
    result = run("check", str(imported))
    assert result.returncode == 1, result.stderr


def test_import_is_deterministic_and_xlsx_matches_csv(imported: Path, tmp_path: Path) -> None:
    """Two runs give the same bytes; the .xlsx exports give the same snapshot as the CSV."""
    again = tmp_path / "again.yaml"
    assert run("import", *SAMPLE_ARGS, "-o", str(again)).returncode == 0
    assert again.read_bytes() == imported.read_bytes()
    pytest.importorskip("openpyxl")
    accounts = csv_to_xlsx(SAMPLES / "qbo-account-list.csv", tmp_path / "qbo-account-list.xlsx")
    journal = csv_to_xlsx(SAMPLES / "qbo-journal.csv", tmp_path / "qbo-journal.xlsx")
    args = list(SAMPLE_ARGS)
    args[1], args[3] = str(accounts), str(journal)
    from_xlsx = tmp_path / "xlsx.yaml"
    result = run("import", *args, "-o", str(from_xlsx))
    assert result.returncode == 0, result.stderr
    expected = imported.read_text(encoding="utf-8")
    for name in ("qbo-account-list", "qbo-journal"):
        expected = expected.replace(f"{name}.csv", f"{name}.xlsx")
    assert from_xlsx.read_text(encoding="utf-8") == expected


def test_merge_into_keeps_the_hand_written_blocks(tmp_path: Path) -> None:
    """--merge-into replaces qbo/clio/sources and keeps firm, clio_bill_syncing and bank."""
    firm = write(
        tmp_path / "firm.yaml",
        "ledgerlint_snapshot: 1\ncaptured_at: 2026-01-01T00:00:00Z\n"
        "firm: {name: Harbor & Vale LLP, jurisdictions: [CA]}\n"
        "qbo: {Account: []}\n",
    )
    result = run("import", *SAMPLE_ARGS, "--merge-into", str(firm))
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(firm.read_text(encoding="utf-8"))
    assert data["firm"] == {"name": "Harbor & Vale LLP", "jurisdictions": ["CA"]}
    assert str(data["captured_at"]).startswith("2026-11-20")
    assert len(data["qbo"]["Account"]) == 12


def test_bad_export_is_one_line_exit_2_and_no_output(tmp_path: Path) -> None:
    """A bad cell stops the import: one line naming file:line:column, exit 2, nothing written."""
    journal = (SAMPLES / "qbo-journal.csv").read_text(encoding="utf-8")
    bad = write(tmp_path / "journal.csv", journal.replace("03/12/2026", "13/03/2026", 1))
    output = tmp_path / "out.yaml"
    args = list(SAMPLE_ARGS)
    args[3] = str(bad)
    result = run("import", *args, "-o", str(output))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert f"{bad}:11:2: '13/03/2026' is not a MM/DD/YYYY date" in result.stderr
    assert not output.exists()


def test_no_export_is_a_usage_error(tmp_path: Path) -> None:
    """Nothing to import: exit 2 with a one-line reason."""
    result = run("import", "-o", str(tmp_path / "x.yaml"))
    assert result.returncode == 2
    assert "no export to import" in result.stderr


def test_merge_into_with_one_side_keeps_the_other_and_every_comment(tmp_path: Path) -> None:
    """Importing QuickBooks exports alone into a full snapshot keeps its `clio` section (marked
    `carried_over`) and every byte a person wrote: only captured_at, qbo and sources change."""
    original = (ROOT / "examples" / "example-firm.yaml").read_text(encoding="utf-8")
    firm = write(tmp_path / "firm.yaml", original)
    accounts = str(SAMPLES / "qbo-account-list.csv")
    when = "2026-12-01T10:00:00Z"
    result = run(
        "import", "--merge-into", str(firm), "--qbo-accounts", accounts, "--captured-at", when
    )
    assert result.returncode == 0, result.stderr
    merged = firm.read_text(encoding="utf-8")
    before, after = yaml.safe_load(original), yaml.safe_load(merged)
    assert after["clio"] == before["clio"]
    assert after["sources"] == {
        "qbo": "imported",
        "clio": "carried_over",
        "exports": ["QuickBooks Online: Account List (qbo-account-list.csv)"],
    }
    assert len(after["qbo"]["Account"]) == 12
    assert merged.startswith(original[: original.index("captured_at:")])
    assert original[original.index("\nclio:") :] in merged
    assert "captured_at: 2026-12-01T10:00:00Z\n" in merged
    assert run("check", str(firm)).returncode == 1


def test_merge_into_keeps_the_exports_behind_a_carried_over_side(tmp_path: Path) -> None:
    """A second import of QuickBooks exports alone keeps the Clio exports the carried-over
    section came from in `sources.exports`, and names the new QuickBooks ones."""
    firm = tmp_path / "firm.yaml"
    assert run("import", *SAMPLE_ARGS, "-o", str(firm)).returncode == 0
    accounts = str(SAMPLES / "qbo-account-list.csv")
    result = run("import", "--merge-into", str(firm), "--qbo-accounts", accounts)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(firm.read_text(encoding="utf-8"))["sources"] == {
        "qbo": "imported",
        "clio": "carried_over",
        "exports": [
            "Clio Manage: Trust Listing (clio-trust-listing.csv, All Dates)",
            "Clio Manage: Trust Ledger (clio-trust-ledger.csv, All Dates)",
            "QuickBooks Online: Account List (qbo-account-list.csv)",
        ],
    }


def test_merge_into_another_format_writes_the_merged_snapshot_fresh(tmp_path: Path) -> None:
    """`--merge-into firm.yaml -o firm.json`: the merged snapshot in JSON, the YAML untouched."""
    source = ROOT / "examples" / "example-firm.yaml"
    firm = write(tmp_path / "firm.yaml", source.read_text(encoding="utf-8"))
    out = tmp_path / "firm.json"
    accounts = str(SAMPLES / "qbo-account-list.csv")
    result = run("import", "--merge-into", str(firm), "-o", str(out), "--qbo-accounts", accounts)
    assert result.returncode == 0, result.stderr
    assert firm.read_bytes() == source.read_bytes()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["sources"]["clio"] == "carried_over"
    assert data["clio"] == yaml.safe_load(source.read_text(encoding="utf-8"))["clio"]


def test_every_export_title_names_its_side() -> None:
    """A merge keeps the `sources.exports` entries of a carried-over side by their title's
    prefix: every export's title starts with its side's."""
    from ledgerlint.sources.exports import SPECS
    from ledgerlint.sources.merge import EXPORT_TITLE_PREFIX

    for spec in SPECS:
        assert spec.title.startswith(EXPORT_TITLE_PREFIX[spec.kind.split("_")[0]]), spec.kind


def test_merge_into_may_be_written_under_another_name(tmp_path: Path) -> None:
    """The --merge-into file is the one input import may replace, however `-o` spells it."""
    firm = write(
        tmp_path / "firm.yaml", "ledgerlint_snapshot: 1\ncaptured_at: 2026-01-01T00:00:00Z\n"
    )
    (tmp_path / "link.yaml").symlink_to(firm)
    accounts = str(SAMPLES / "qbo-account-list.csv")
    args = (
        "--merge-into",
        str(firm),
        "-o",
        str(tmp_path / "link.yaml"),
        "--qbo-accounts",
        accounts,
    )
    result = run("import", *args)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(firm.read_text(encoding="utf-8"))["sources"]["qbo"] == "imported"


def test_merge_into_a_file_that_is_not_a_snapshot_names_it(tmp_path: Path) -> None:
    """A --merge-into file holding a list: one line naming it, exit 2, the file unchanged."""
    target = write(tmp_path / "list.yaml", "- a\n- b\n")
    accounts = str(SAMPLES / "qbo-account-list.csv")
    result = run("import", "--merge-into", str(target), "--qbo-accounts", accounts)
    assert result.returncode == 2
    assert result.stderr == (
        f"ledgerlint: error: {target}:1: the file to merge into is not a snapshot (not a mapping)\n"
    )
    assert target.read_text(encoding="utf-8") == "- a\n- b\n"
