"""The CI gate: exemptions with expiry (LL001/LL002), baselines with SARIF baselineState."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers import ROOT
from helpers import registry
from helpers import run_cli as ledgerlint
from helpers import to_json_bytes

from ledgerlint.api import lint_documents
from ledgerlint.models.config import Config
from ledgerlint.models.config import Exemption
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.report import Report
from ledgerlint.reporters import render
from ledgerlint.snapshot import parse_document

CLEAN = ROOT / "tests" / "fixtures" / "clean.yaml"
EXEMPTION = (
    "exemptions:\n"
    "  - rule: QB015\n"
    "    reason: waiting for the bank to close the old account\n"
    "    expires: {expires}\n"
)


@pytest.fixture
def firm(tmp_path: Path) -> Path:
    """A repository whose snapshot has one error: QB015 (custom transaction numbers off)."""
    (tmp_path / ".git").mkdir()
    text = CLEAN.read_text().replace("CustomTxnNumbers: true", "CustomTxnNumbers: false")
    (tmp_path / "firm.yaml").write_text(text)
    return tmp_path


def test_live_exemption_passes_with_a_sarif_suppression(firm: Path) -> None:
    """Before `expires`: exit 0, the result kept with a suppression carrying the reason."""
    (firm / "ledgerlint.yaml").write_text(EXEMPTION.format(expires="2099-01-31"))
    result = ledgerlint("check", "firm.yaml", "--format", "sarif", cwd=firm)
    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["QB015"]
    assert results[0]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "waiting for the bank to close the old account (until 2099-01-31)",
        }
    ]
    text = ledgerlint("check", "firm.yaml", cwd=firm)
    assert text.returncode == 0
    assert text.stdout.rstrip().endswith("No problems found in 1 file (1 exempted).")
    listed = json.loads(ledgerlint("check", "firm.yaml", "--format", "json", cwd=firm).stdout)
    assert listed["findings"] == [] and listed["summary"]["exempted"] == 1
    exempted = listed["exempted"][0]
    assert exempted["rule"] == "QB015"
    assert exempted["exemption"]["reason"] == "waiting for the bank to close the old account"
    assert exempted["exemption"]["where"]["line"] == 2


def test_expired_exemption_fails_and_says_so(firm: Path) -> None:
    """From `expires` on: the finding counts again and LL001 names the exemption; exit 1."""
    (firm / "ledgerlint.yaml").write_text(EXEMPTION.format(expires="2020-01-31"))
    result = ledgerlint("check", "firm.yaml", cwd=firm)
    assert result.returncode == 1
    assert "QB015" in result.stdout
    words = " ".join(result.stdout.split())  # the text report wraps long lines
    assert (
        '2:5 error LL001 The exemption of QB015 expired on 2020-01-31 ("waiting for the '
        'bank to close the old account"): its 1 finding counts again.' in words
    )
    sarif = json.loads(ledgerlint("check", "firm.yaml", "--format", "sarif", cwd=firm).stdout)
    run = sarif["runs"][0]
    ll001 = next(r for r in run["results"] if r["ruleId"] == "LL001")
    location = ll001["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "ledgerlint.yaml"
    assert location["region"]["startLine"] == 2
    assert "LL001" in [rule["id"] for rule in run["tool"]["driver"]["rules"]]


def _run(config: Config) -> Report:
    text = CLEAN.read_text().replace("CustomTxnNumbers: true", "CustomTxnNumbers: false")
    document = parse_document(text.encode(), "firm.yaml", "yaml")
    return lint_documents([document], config, registry=registry())


def _exemption(**kwargs: object) -> Exemption:
    values: dict[str, object] = {"rule": "QB015", "reason": "r", "expires": date(2030, 1, 1)}
    values.update(kwargs)
    return Exemption(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("exemption", "accepted"),
    [
        (_exemption(), True),
        (_exemption(pointer="/qbo/Preferences"), True),
        (_exemption(pointer="/qbo/Preferences/SalesFormsPrefs/CustomTxnNumbers"), True),
        (_exemption(pointer="/qbo/Pref"), False),  # whole segments only
        (_exemption(pointer="/qbo/Account"), False),
        (_exemption(fingerprint="0" * 32), False),
    ],
)
def test_exemption_narrows_by_pointer_and_fingerprint(exemption: Exemption, accepted: bool) -> None:
    """`pointer` is a prefix of whole segments; `fingerprint` names one finding."""
    report = _run(Config(select=("QB015",), exemptions=(exemption,), today=date(2029, 1, 1)))
    assert [x.finding.rule_id for x in report.exempted] == (["QB015"] if accepted else [])


def test_expiry_is_at_the_start_of_the_expires_date() -> None:
    """Live the day before `expires`, expired on it."""
    exemption = _exemption(expires=date(2027, 1, 31))
    assert exemption.is_live(date(2027, 1, 30)) and not exemption.is_live(date(2027, 1, 31))


def test_unused_exemption_is_a_warning_unless_ignored() -> None:
    """A live exemption that accepted nothing while its rule ran: LL002 (warning)."""
    unused = _exemption(rule="CS001")
    report = _run(Config(select=("QB015", "CS001"), exemptions=(unused,), today=date(2029, 1, 1)))
    ll002 = [f for f in report.findings if f.rule_id == "LL002"]
    assert len(ll002) == 1 and ll002[0].severity.value == "warning"
    quiet = _run(
        Config(
            select=("QB015", "CS001"),
            ignore=("LL002",),
            exemptions=(unused,),
            today=date(2029, 1, 1),
        )
    )
    assert not [f for f in quiet.findings if f.rule_id == "LL002"]
    not_run = _run(Config(select=("QB015",), exemptions=(unused,), today=date(2029, 1, 1)))
    assert not [f for f in not_run.findings if f.rule_id == "LL002"]


def test_missing_required_exemption_field_exits_2(firm: Path) -> None:
    """rule, reason and expires are required."""
    (firm / "ledgerlint.yaml").write_text("exemptions:\n  - {rule: QB015, expires: 2099-01-01}\n")
    result = ledgerlint("check", "firm.yaml", cwd=firm)
    assert result.returncode == 2
    assert 'ledgerlint.yaml:2:5: invalid config: exemptions[0] is missing "reason"' in result.stderr


def test_exemption_reason_is_redacted(firm: Path) -> None:
    """A reason naming a client is redacted like every other output."""
    (firm / "ledgerlint.yaml").write_text(
        "exemptions:\n  - {rule: QB015, reason: Elena Martinez asked us to wait, "
        "expires: 2099-01-01}\n"
    )
    for fmt in ("sarif", "json"):
        result = ledgerlint("check", "firm.yaml", "--format", fmt, "--redact", cwd=firm)
        assert result.returncode == 0
        assert "Martinez" not in result.stdout


def _finding(rule_id: str, fingerprint: str, file: str = "firm.yaml") -> Finding:
    return Finding(rule_id, "x", "error", "m", Location(file, "/qbo"), fingerprint, "")  # type: ignore[arg-type]


def test_baseline_marks_new_unchanged_and_absent() -> None:
    """Only new findings count; SARIF says new / unchanged / absent."""
    first = _run(Config(select=("QB015", "CS005")))
    known = first.findings[0]
    gone = _finding("CS005", "f" * 32)
    unchecked = _finding("TR001", "e" * 32)  # its rule did not run: not "fixed"
    elsewhere = _finding("CS005", "d" * 32, "other.yaml")  # not checked in this run
    baseline = (known, gone, unchecked, elsewhere)
    report = _run(Config(select=("QB015", "CS005"), baseline_findings=baseline))
    assert report.findings == () and report.suppressed == 1
    assert [f.rule_id for f in report.absent] == ["CS005"]
    results = json.loads(render("sarif", report, root=ROOT))["runs"][0]["results"]
    assert sorted((r["ruleId"], r["baselineState"]) for r in results) == [
        ("CS005", "absent"),
        ("QB015", "unchanged"),
    ]
    fresh = _run(Config(select=("QB015",), baseline_findings=(gone,)))
    states = [r["baselineState"] for r in json.loads(render("sarif", fresh))["runs"][0]["results"]]
    assert states == ["new"]


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_baseline_from_a_previous_report_via_cli(firm: Path, fmt: str) -> None:
    """`--baseline report.{json,sarif}` keeps today's exit code meaning: only new findings."""
    previous = ledgerlint("check", "firm.yaml", "--format", fmt, cwd=firm)
    assert previous.returncode == 1
    (firm / f"baseline.{fmt}").write_text(previous.stdout)
    again = ledgerlint("check", "firm.yaml", "--baseline", f"baseline.{fmt}", cwd=firm)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "(1 in the baseline)" in again.stdout
    worse = (firm / "firm.yaml").read_text().replace("sync_timing: batch", "sync_timing: real_time")
    (firm / "firm.yaml").write_text(worse)
    sarif = ledgerlint(
        "check", "firm.yaml", "--baseline", f"baseline.{fmt}", "--format", "sarif", cwd=firm
    )
    states = {
        r["ruleId"]: r["baselineState"] for r in json.loads(sarif.stdout)["runs"][0]["results"]
    }
    assert states == {"QB015": "unchanged", "CS001": "new"}


def test_baseline_data_is_read_as_findings(tmp_path: Path) -> None:
    """A JSON baseline keeps rule, message and place (for the absent list)."""
    from ledgerlint.config import read_baseline

    report = _run(Config(select=("QB015",)))
    path = tmp_path / "baseline.json"
    path.write_bytes(to_json_bytes(json.loads(render("json", report))))
    (entry,) = read_baseline(path)
    assert (entry.rule_id, entry.location.pointer) == (
        "QB015",
        "/qbo/Preferences/SalesFormsPrefs/CustomTxnNumbers",
    )
