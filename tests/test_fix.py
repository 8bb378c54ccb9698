"""`check --fix`: the safe fixes applied to the file, every other byte as it was."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT
from helpers import fixture
from helpers import run_cli as ledgerlint
from helpers import to_json_bytes

EXAMPLE = ROOT / "examples" / "example-firm.yaml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "firm.yaml")
    return tmp_path / "firm.yaml"


def _comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def test_fix_changes_only_the_lines_it_must_and_keeps_every_comment(example: Path) -> None:
    """Done-when 4: on the bundled example, the four safe fixes and nothing else."""
    before = example.read_text()
    result = ledgerlint("check", "--fix", "firm.yaml", cwd=example.parent)
    after = example.read_text()
    assert "fixed 4 problems: firm.yaml (4)" in result.stderr
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-  sync_timing: real_time            # PLANTED CS001",
        "+  sync_timing: batch            # PLANTED CS001",
        "-  contact_sync_direction: bidirectional   # PLANTED CS002",
        "+  contact_sync_direction: clio_to_qbo   # PLANTED CS002",
        "-    - {name: Trust Application, kind: trust_application, qbo_posting: payment, qbo_deposit_account: Operating Checking}",
        "+    - {name: Trust Application, kind: trust_application, qbo_posting: transfer, qbo_deposit_account: Operating Checking}",
        "-    - {system: clio, account: IOLTA Trust}    # PLANTED CS003: the same IOLTA, fed into Clio too",
    ]
    removed_line = changed[-1]
    kept = [c for c in _comments(before) if c != removed_line[removed_line.index("#") :]]
    assert kept == _comments(after)  # every comment but the removed feed's own
    for rule in ("CS001", "CS002", "CS003", "CS005"):
        assert f" {rule} " not in result.stdout
    assert "JX001" in result.stdout and "TR001" in result.stdout  # unsafe and display-only stay
    assert result.returncode == 1  # errors remain


def test_diff_shows_the_fixes_and_writes_nothing(example: Path) -> None:
    """--diff prints a unified diff and exits 1 when there is something to fix."""
    before = example.read_bytes()
    result = ledgerlint("check", "--diff", "firm.yaml", cwd=example.parent)
    assert result.returncode == 1
    assert result.stdout.startswith("--- a/firm.yaml\n+++ b/firm.yaml\n")
    assert "+  sync_timing: batch" in result.stdout
    assert example.read_bytes() == before
    clean = ledgerlint(
        "check", "--diff", str(ROOT / "tests" / "fixtures" / "clean.yaml"), cwd=example.parent
    )
    assert (clean.returncode, clean.stdout) == (0, "")


def test_unsafe_fixes_only_on_request(example: Path) -> None:
    """JX001's fix changes what the books say: applied with --unsafe-fixes only."""
    ledgerlint("check", "--fix", "firm.yaml", cwd=example.parent)
    safe = example.read_text()
    assert "record_retention_years: 4" in safe
    ledgerlint("check", "--fix", "--unsafe-fixes", "firm.yaml", cwd=example.parent)
    changed = [
        line
        for line in difflib.ndiff(safe.splitlines(), example.read_text().splitlines())
        if line[:1] in "+-"
    ]
    assert len(changed) == 2 and "record_retention_years: 5" in changed[1]  # TR001's never


def test_fix_keeps_json_indentation_and_file_mode(tmp_path: Path) -> None:
    """A JSON snapshot keeps its layout; the file keeps its permissions (atomic replace)."""
    data = fixture()
    data["clio_bill_syncing"]["sync_timing"] = "real_time"
    path = tmp_path / "firm.json"
    path.write_bytes(to_json_bytes(data))
    path.chmod(0o640)
    before = path.read_text()
    result = ledgerlint("check", "--fix", "firm.json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    after = path.read_text()
    diff = [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"
    ]
    assert diff == ['-     "sync_timing": "real_time",', '+     "sync_timing": "batch",']
    assert json.loads(after)["clio_bill_syncing"]["sync_timing"] == "batch"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["firm.json"]  # no temporary file left


def test_exempted_findings_are_not_fixed(example: Path) -> None:
    """A finding the firm accepted (a live exemption) is left as it is."""
    (example.parent / "ledgerlint.yaml").write_text(
        "exemptions: [{rule: CS001, reason: switching after month end, expires: 2099-01-01}]\n"
    )
    ledgerlint("check", "--fix", "firm.yaml", cwd=example.parent)
    assert "sync_timing: real_time" in example.read_text()
    assert "contact_sync_direction: clio_to_qbo" in example.read_text()


def test_fix_refuses_standard_input(tmp_path: Path) -> None:
    """Nothing to write back to: exit 2 with one line."""
    result = ledgerlint("check", "--fix", "-", cwd=tmp_path, stdin=EXAMPLE.read_text())
    assert result.returncode == 2
    assert "need snapshot files, not standard input" in result.stderr


def test_fixing_twice_changes_nothing(example: Path) -> None:
    """The second run finds nothing left to fix (a fixed point)."""
    ledgerlint("check", "--fix", "firm.yaml", cwd=example.parent)
    once = example.read_bytes()
    second = ledgerlint("check", "--fix", "firm.yaml", cwd=example.parent)
    assert example.read_bytes() == once
    assert "nothing to fix" in second.stderr


def test_fix_and_diff_take_folders_as_check_does(example: Path) -> None:
    """`check FOLDER --fix` fixes every snapshot found in it (as `check FOLDER` lints them);
    other YAML files there are not snapshots and stay as they were."""
    root = example.parent
    (root / "firms").mkdir()
    firm = example.rename(root / "firms" / "firm.yaml")
    other = root / "firms" / "notes.yaml"
    other.write_text("sync_timing: real_time\n")
    shown = ledgerlint("check", "--diff", "firms", cwd=root)
    assert shown.returncode == 1, shown.stderr
    assert shown.stdout.startswith("--- a/firms/firm.yaml\n+++ b/firms/firm.yaml\n")
    result = ledgerlint("check", "--fix", "firms", cwd=root)
    assert "fixed 4 problems: firms/firm.yaml (4)" in result.stderr
    assert "sync_timing: batch" in firm.read_text()
    assert other.read_text() == "sync_timing: real_time\n"


def test_fixing_does_not_load_the_rule_test_cases(example: Path) -> None:
    """`check --fix` reads a document's plain data itself: the module of `ledgerlint test`
    (rule test cases) is never imported by it."""
    code = (
        "import sys\n"
        "from ledgerlint.cli import run\n"
        "try:\n"
        "    run(['check', '--fix', 'firm.yaml'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('ledgerlint.casefiles' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=example.parent,
        env={**os.environ, "LEDGERLINT_LOAD_PLUGINS": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "fixed 4 problems" in result.stderr
    assert result.stderr.rstrip().endswith("False")
