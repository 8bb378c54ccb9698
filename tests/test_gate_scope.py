"""The gate file by file: a baseline accepts findings only in the snapshot it listed them for,
and an exemption with `file` only in the snapshots it names (a bookkeeping practice checks many
firms in one run, and settings findings have the same fingerprint in every firm)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from helpers import ROOT
from helpers import registry
from helpers import run_cli as ledgerlint

from ledgerlint.api import lint_documents
from ledgerlint.config import read_baseline
from ledgerlint.errors import ConfigError
from ledgerlint.models.config import Config
from ledgerlint.models.config import Exemption
from ledgerlint.snapshot import parse_document

CLEAN = ROOT / "tests" / "fixtures" / "clean.yaml"
QB015 = CLEAN.read_text().replace("CustomTxnNumbers: true", "CustomTxnNumbers: false")
"""A firm with one error, QB015 (custom transaction numbers off): a settings finding, whose
fingerprint is the same in every firm that has it."""


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    """A bookkeeping practice's repository: clients/a.yaml and clients/b.yaml, one QB015 each."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "clients").mkdir()
    (tmp_path / "tools").mkdir()
    for name in ("a", "b"):
        (tmp_path / "clients" / f"{name}.yaml").write_text(QB015)
    return tmp_path


def _sarif_states(stdout: str) -> list[tuple[str, str, str]]:
    results = json.loads(stdout)["runs"][0]["results"]
    return sorted(
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["ruleId"],
            r["baselineState"],
        )
        for r in results
    )


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_one_firms_baseline_does_not_hide_another_firms_findings(practice: Path, fmt: str) -> None:
    """The same finding in b.yaml is new although a.yaml's baseline holds its fingerprint."""
    base = ledgerlint("check", "clients/a.yaml", "--format", fmt, "-o", f"a.{fmt}", cwd=practice)
    assert base.returncode == 1, base.stderr
    run = ledgerlint("check", "clients", "--baseline", f"a.{fmt}", cwd=practice)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "clients/b.yaml" in run.stdout
    assert run.stdout.rstrip().endswith("(1 in the baseline).")
    sarif = ledgerlint(
        "check", "clients", "--baseline", f"a.{fmt}", "--format", "sarif", cwd=practice
    )
    assert _sarif_states(sarif.stdout) == [
        ("clients/a.yaml", "QB015", "unchanged"),
        ("clients/b.yaml", "QB015", "new"),
    ]


def test_a_baseline_entry_is_absent_only_for_a_file_of_this_run(practice: Path) -> None:
    """Checking a.yaml alone does not call b.yaml's baseline findings fixed; fixing a.yaml
    makes a.yaml's entry absent, b.yaml's stays out of the run."""
    ledgerlint("check", "clients", "--format", "json", "-o", "both.json", cwd=practice)
    alone = ledgerlint(
        "check", "clients/a.yaml", "--baseline", "both.json", "--format", "json", cwd=practice
    )
    summary = json.loads(alone.stdout)["summary"]
    assert (summary["findings"], summary["suppressed"], summary["fixed"]) == (0, 1, 0)
    (practice / "clients" / "a.yaml").write_text(CLEAN.read_text())
    fixed = ledgerlint(
        "check", "clients/a.yaml", "--baseline", "both.json", "--format", "sarif", cwd=practice
    )
    assert _sarif_states(fixed.stdout) == [("clients/a.yaml", "QB015", "absent")]


def test_paths_match_however_they_are_written(practice: Path) -> None:
    """`./clients/a.yaml`, an absolute path, and a SARIF baseline used from a subfolder all name
    the same file as `clients/a.yaml`."""
    ledgerlint("check", "./clients/a.yaml", "--format", "json", "-o", "a.json", cwd=practice)
    absolute = str(practice / "clients" / "a.yaml")
    again = ledgerlint("check", absolute, "--baseline", "a.json", cwd=practice)
    assert again.returncode == 0, again.stdout + again.stderr
    ledgerlint("check", "clients/a.yaml", "--format", "sarif", "-o", "a.sarif", cwd=practice)
    below = ledgerlint(
        "check", "../clients/a.yaml", "--baseline", "../a.sarif", cwd=practice / "tools"
    )
    assert below.returncode == 0, below.stdout + below.stderr
    other = ledgerlint(
        "check", "../clients/b.yaml", "--baseline", "../a.sarif", cwd=practice / "tools"
    )
    assert other.returncode == 1


def test_standard_input_is_a_file_of_its_own(practice: Path) -> None:
    """A baseline written from `check -` accepts findings read from standard input, and only
    those; a file's baseline does not accept them."""
    piped = ledgerlint(
        "check", "-", "--format", "json", "-o", "stdin.json", stdin=QB015, cwd=practice
    )
    assert piped.returncode == 1, piped.stderr
    assert (
        ledgerlint("check", "-", "--baseline", "stdin.json", stdin=QB015, cwd=practice).returncode
        == 0
    )
    assert (
        ledgerlint("check", "clients/a.yaml", "--baseline", "stdin.json", cwd=practice).returncode
        == 1
    )
    ledgerlint("check", "clients/a.yaml", "--format", "json", "-o", "a.json", cwd=practice)
    assert (
        ledgerlint("check", "-", "--baseline", "a.json", stdin=QB015, cwd=practice).returncode == 1
    )


def test_a_baseline_entry_without_a_file_is_refused(tmp_path: Path) -> None:
    """An entry that names no file could belong to any firm: the baseline is refused, not
    applied everywhere."""
    path = tmp_path / "old.json"
    entry = {"rule": "QB015", "fingerprint": "0" * 32, "location": {"pointer": "/qbo"}}
    path.write_text(json.dumps({"findings": [entry]}))
    with pytest.raises(ConfigError, match=r"finding 1 \(QB015\) names no file"):
        read_baseline(path)


_SARIF_RESULT = {
    "ruleId": "QB015",
    "partialFingerprints": {"ledgerlint/v1": "0" * 32},
    "locations": [{"physicalLocation": {"artifactLocation": {"index": 0}}}],
}


@pytest.mark.parametrize(
    "document",
    [
        {"findings": ["QB015"]},
        {"findings": [{"rule": "QB015", "fingerprint": "0" * 32, "location": ["a.yaml"]}]},
        {
            "findings": [
                {"rule": "QB015", "fingerprint": "0" * 32, "location": {"file": "a", "line": "x"}}
            ]
        },
        {"runs": [{"artifacts": ["clients/a.yaml"], "results": [_SARIF_RESULT]}]},
        {"runs": [{"results": ["QB015"]}]},
    ],
    ids=["entry-a-string", "location-a-list", "line-not-a-number", "artifact-a-string", "sarif"],
)
def test_a_malformed_baseline_is_one_line_not_a_crash(tmp_path: Path, document: object) -> None:
    """Any shape but a report's is a configuration error naming the file, never a traceback."""
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ConfigError, match="is not a ledgerlint report"):
        read_baseline(path)


def test_exemption_with_a_file_accepts_only_that_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`file` narrows an exemption to the snapshots it names: a path or a glob (`*` within a
    folder, `**` across folders); without it, every snapshot."""
    monkeypatch.chdir(tmp_path)
    root = os.path.realpath(tmp_path)
    cases = [
        (None, ["a.yaml", "sub/b.yaml"]),
        (f"{root}/a.yaml", ["a.yaml"]),
        (f"{root}/*.yaml", ["a.yaml"]),
        (f"{root}/**/*.yaml", ["a.yaml", "sub/b.yaml"]),
        (f"{root}/c.yaml", []),
    ]
    for file, accepted in cases:
        exemption = Exemption("QB015", "r", date(2030, 1, 1), file=file)
        config = Config(select=("QB015",), exemptions=(exemption,), today=date(2029, 1, 1))
        documents = [
            parse_document(QB015.encode(), name, "yaml") for name in ("a.yaml", "sub/b.yaml")
        ]
        report = lint_documents(documents, config, registry=registry())
        assert sorted(x.finding.location.file for x in report.exempted) == accepted, file
        assert len(report.findings) == 2 - len(accepted)


EXEMPT_A = (
    "exemptions:\n"
    "  - rule: QB015\n"
    "    reason: the bank is closing the old account\n"
    "    expires: 2099-01-31\n"
    "    file: clients/a.yaml\n"
)


def test_exemption_file_in_the_configuration(practice: Path) -> None:
    """`file` is relative to the configuration file, from any working directory; the other
    firm's same finding still counts."""
    (practice / "ledgerlint.yaml").write_text(EXEMPT_A)
    for cwd, folder in ((practice, "clients"), (practice / "tools", "../clients")):
        result = ledgerlint("check", folder, "--format", "json", cwd=cwd)
        assert result.returncode == 1, result.stderr
        report = json.loads(result.stdout)
        assert [f["location"]["file"] for f in report["exempted"]] == [f"{folder}/a.yaml"]
        assert [(f["rule"], f["location"]["file"]) for f in report["findings"]] == [
            ("QB015", f"{folder}/b.yaml")
        ]


def test_unused_exemption_is_judged_only_on_the_snapshots_it_covers(practice: Path) -> None:
    """LL002 needs a run over a file the exemption covers: checking b.yaml alone says nothing
    about a.yaml's exemption; checking a.yaml once fixed does."""
    (practice / "ledgerlint.yaml").write_text(EXEMPT_A)
    (practice / "clients" / "b.yaml").write_text(CLEAN.read_text())
    other = ledgerlint("check", "clients/b.yaml", cwd=practice)
    assert other.returncode == 0 and "LL002" not in other.stdout, other.stdout
    (practice / "clients" / "a.yaml").write_text(CLEAN.read_text())
    fixed = ledgerlint("check", "clients", cwd=practice)
    words = " ".join(fixed.stdout.split())
    assert "LL002 The exemption of QB015 in clients/a.yaml (until 2099-01-31)" in words


def test_a_rule_that_failed_on_a_file_fixed_nothing_there() -> None:
    """A baseline finding is not `absent` from a file where its rule crashed or could not run."""
    from ledgerlint.engine.gate import apply_gate
    from ledgerlint.models.findings import Finding
    from ledgerlint.models.findings import Location
    from ledgerlint.models.findings import Notification
    from ledgerlint.models.findings import Severity
    from ledgerlint.models.report import Report

    meta = registry().rules["QB015"].meta
    known = Finding(
        "QB015", meta.name, Severity.ERROR, "m", Location("a.yaml", "/qbo"), "f" * 32, ""
    )
    config = Config(baseline_findings=(known,))
    clean = Report(files=("a.yaml",), rules=(meta,), findings=(), notifications=())
    assert [f.rule_id for f in apply_gate(clean, config).absent] == ["QB015"]
    for kind in ("plugin-error", "not-run"):
        note = Notification("QB015", "rule failed", kind, "a.yaml")
        failed = Report(files=("a.yaml",), rules=(meta,), findings=(), notifications=(note,))
        assert apply_gate(failed, config).absent == ()


def test_only_check_reads_the_configured_baseline(practice: Path) -> None:
    """A baseline is a CI artefact for `check`: `report`, `reconcile` and `diff` never read it,
    so one absent on a laptop stops only `check` (which needs it)."""
    (practice / "ledgerlint.yaml").write_text("baseline: ci/ledgerlint-baseline.json\n")
    example = str(ROOT / "examples" / "example-firm.yaml")
    check = ledgerlint("check", "clients/a.yaml", cwd=practice)
    assert check.returncode == 2 and "no such baseline file" in check.stderr
    for args in (
        ("report", "clients/a.yaml"),
        ("reconcile", example),
        ("diff", "clients/a.yaml", "clients/b.yaml"),
    ):
        result = ledgerlint(*args, cwd=practice)
        assert result.returncode in (0, 1), (args, result.stderr)
        assert "baseline" not in result.stderr
