"""`ledgerlint diff OLD NEW`: introduced and fixed findings, exit codes, three formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import fixture
from helpers import run_cli as ledgerlint
from helpers import to_json_bytes
from test_reporters import JsonSnapshot
from test_reporters import TextSnapshot

from ledgerlint import __version__


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """clean.json and broken.json: broken turns custom transaction numbers off and sync to
    real time; it also fixes nothing clean had."""
    folder = tmp_path_factory.mktemp("diff")
    (folder / ".git").mkdir()
    clean = fixture()
    broken = fixture()
    broken["qbo"]["Preferences"]["SalesFormsPrefs"]["CustomTxnNumbers"] = False
    broken["clio_bill_syncing"]["sync_timing"] = "real_time"
    (folder / "clean.json").write_bytes(to_json_bytes(clean))
    (folder / "broken.json").write_bytes(to_json_bytes(broken))
    return folder


def test_introduced_findings_fail(pair: Path) -> None:
    """clean -> broken: exit 1, naming what was introduced."""
    result = ledgerlint("diff", "clean.json", "broken.json", cwd=pair)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("Introduced in broken.json (2):\n")
    assert "QB015" in result.stdout and "CS001" in result.stdout
    assert result.stdout.rstrip().endswith(
        "2 introduced (1 error, 1 warning), 0 fixed, 0 unchanged."
    )


def test_fixed_findings_pass(pair: Path) -> None:
    """broken -> clean: exit 0, naming what was fixed."""
    result = ledgerlint("diff", "broken.json", "clean.json", cwd=pair)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Fixed since broken.json (2):\n")
    assert "QB015" in result.stdout


def test_fail_on_moves_the_threshold(pair: Path) -> None:
    """Only a warning introduced: exit 0 at --fail-on error, 1 at warning."""
    args = ("diff", "clean.json", "broken.json", "--select", "CS001")
    assert ledgerlint(*args, cwd=pair).returncode == 0
    assert ledgerlint(*args, "--fail-on", "warning", cwd=pair).returncode == 1


def test_unchanged_findings_are_not_introduced(pair: Path) -> None:
    """The same problem on both sides is unchanged, wherever its line moved."""
    result = ledgerlint("diff", "broken.json", "broken.json", cwd=pair)
    assert result.returncode == 2 and "same file" in result.stderr
    moved = json.loads((pair / "broken.json").read_text())
    moved["qbo"]["Account"].insert(
        0,
        {
            "Id": "900",
            "Name": "Petty Cash",
            "AccountType": "Bank",
            "AccountSubType": "CashOnHand",
            "Active": True,
        },
    )
    (pair / "moved.json").write_bytes(to_json_bytes(moved))
    result = ledgerlint("diff", "broken.json", "moved.json", "--format", "json", cwd=pair)
    summary = json.loads(result.stdout)["summary"]
    assert (summary["introduced"], summary["fixed"], summary["unchanged"]) == (0, 0, 2)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diff_formats_are_pinned(pair: Path, fmt: str, snapshot: Any) -> None:
    """Each diff format, byte for byte."""
    result = ledgerlint("diff", "clean.json", "broken.json", "--format", fmt, cwd=pair)
    text = result.stdout.replace(f'"version": "{__version__}"', '"version": "[VERSION]"')
    extension = JsonSnapshot if fmt == "json" else TextSnapshot
    assert text == snapshot(extension_class=extension)


def test_markdown_cells_cannot_break_the_table() -> None:
    """Pipes, newlines and markup in snapshot text are escaped in the comment."""
    from ledgerlint.reporters.diff_report import _cell

    assert _cell("a|b\nc *d* <script>") == "a\\|b c \\*d\\* \\<script\\>"


def test_diff_is_redacted(tmp_path: Path) -> None:
    """--redact: no client name on either side (one pseudonym per client for both)."""
    from helpers import ROOT
    from test_redaction import _protected_names

    example = ROOT / "examples" / "example-firm.yaml"
    clean = ROOT / "tests" / "fixtures" / "clean.yaml"
    for fmt in ("text", "json", "markdown"):
        result = ledgerlint(
            "diff", str(example), str(clean), "--redact", "--format", fmt, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert "Fixed" in result.stdout or '"fixed": 17' in result.stdout
        output = result.stdout.casefold()
        assert [n for n in _protected_names() if n.casefold() in output] == []
