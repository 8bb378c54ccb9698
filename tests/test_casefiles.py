"""The rule-case harness behind `ledgerlint test`: it fails when it should, and says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES
from helpers import ROOT
from helpers import registry
from helpers import run_cli as _ledgerlint

from ledgerlint.casefiles import find_case_files
from ledgerlint.casefiles import load_case_file
from ledgerlint.casefiles import run_case
from ledgerlint.errors import ConfigError

CLEAN = FIXTURES / "clean.yaml"
GOOD = """\
rule: QB015
base: {base}
cases:
  - name: silent on the clean snapshot
  - name: fires when custom numbers are off
    patch:
      - {{op: replace, path: /qbo/Preferences/SalesFormsPrefs/CustomTxnNumbers, value: false}}
    expect:
      - message: "{message}"
        pointer: /qbo/Preferences/SalesFormsPrefs/CustomTxnNumbers
  - name: not run without sales form preferences
    patch:
      - {{op: remove, path: /qbo/Preferences/SalesFormsPrefs}}
    not_run: {not_run}
"""
MESSAGE = (
    "Custom transaction numbers are off in QuickBooks (CustomTxnNumbers is false): QuickBooks "
    "numbers invoices itself, so Clio's bill numbers collide with or duplicate QuickBooks' own."
)


def _write(tmp_path: Path, **values: str) -> Path:
    path = tmp_path / "cases" / "QB015.yaml"
    path.parent.mkdir(exist_ok=True)
    fields = {"base": str(CLEAN), "message": MESSAGE, "not_run": "SalesFormsPrefs", **values}
    path.write_text(GOOD.format(**fields))
    return path


def test_passing_cases_pass(tmp_path: Path) -> None:
    """A correct case file: every case passes."""
    outcomes = [run_case(c, registry()) for c in load_case_file(_write(tmp_path))]
    assert [o.passed for o in outcomes] == [True, True, True]


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        ({"message": "Something else."}, "\n-- message: Something else.\n"),
        ({"not_run": "qbo.Bill"}, "\n-not_run: qbo.Bill\n+not_run:\n+- 'could not run"),
    ],
)
def test_failing_cases_fail_with_a_diff(tmp_path: Path, change: dict[str, str], shown: str) -> None:
    """A wrong expectation fails, and the diff shows expected against actual."""
    outcomes = [run_case(c, registry()) for c in load_case_file(_write(tmp_path, **change))]
    failed = [o for o in outcomes if not o.passed]
    assert len(failed) == 1
    explained = failed[0].explain()
    assert explained.startswith("--- expected\n+++ actual\n")
    assert shown in explained, explained


def test_an_unexpected_finding_fails(tmp_path: Path) -> None:
    """A case expecting silence fails when the rule fires."""
    path = tmp_path / "QB015.yaml"
    path.write_text(
        f"rule: QB015\nbase: {CLEAN}\ncases:\n  - name: wrongly silent\n    patch:\n"
        "      - {op: replace, path: /qbo/Preferences/SalesFormsPrefs/CustomTxnNumbers, value: false}\n"
    )
    (case,) = load_case_file(path)
    outcome = run_case(case, registry())
    assert not outcome.passed and "+- message: 'Custom transaction numbers" in outcome.explain()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rule: QB015\ncases:\n  - name: x\n    expects: []\n", "Additional properties"),
        ("rule: QB015\ncases: []\n", "should be non-empty"),
        ("cases:\n  - name: x\n", "'rule' is a required property"),
        ("rule: QB015\ncases:\n  - name: x\n", "has no base snapshot"),
    ],
)
def test_malformed_case_files_are_one_error(tmp_path: Path, text: str, message: str) -> None:
    """A typo such as `expects:` is an error, never a case that passes by checking nothing."""
    path = tmp_path / "QB015.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_case_file(path)


def test_case_files_are_found_in_folders(tmp_path: Path) -> None:
    """Folders are searched for YAML with `rule:` and `cases:`; other YAML is left alone."""
    _write(tmp_path)
    (tmp_path / "cases" / "snapshot.yaml").write_text(CLEAN.read_text())
    assert [p.name for p in find_case_files(tmp_path)] == ["QB015.yaml"]


def test_cli_prints_counts_and_exits_by_result(tmp_path: Path) -> None:
    """`ledgerlint test`: `N passed, M failed`, exit 0 or 1; --base for files naming none."""
    _write(tmp_path)
    good = _ledgerlint("test", "cases", cwd=tmp_path)
    assert (good.returncode, good.stdout) == (0, "3 passed, 0 failed\n")
    _write(tmp_path, message="Wrong.")
    bad = _ledgerlint("test", "cases", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[0].startswith("FAILED cases/QB015.yaml::QB015-1-fires")
    assert bad.stdout.splitlines()[-1] == "2 passed, 1 failed"
    project = _ledgerlint(
        "test", "tests/rules/cases/QB001.yaml", "--base", "tests/fixtures/clean.yaml", cwd=ROOT
    )
    assert project.returncode == 0 and project.stdout.endswith(" passed, 0 failed\n")
    none = _ledgerlint("test", str(tmp_path / "nothing"), cwd=tmp_path)
    assert none.returncode == 2 and "no such file or folder" in none.stderr
