"""JUnit XML and GitLab Code Quality: well-formed, complete, and as their consumers read them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import ROOT
from helpers import fixture
from helpers import run
from test_reporters import example_report
from test_reporters import rendered

from ledgerlint.models.findings import Notification
from ledgerlint.models.report import Report
from ledgerlint.reporters import render

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def test_junit_has_one_testcase_per_rule_and_snapshot() -> None:
    """Every rule that ran is a testcase; rules with findings fail, with each finding listed."""
    report = example_report()
    root = ET.fromstring(rendered("junit"))
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name", "").split()[0] for c in cases] == [m.id for m in report.rules]
    failed = {c.get("name", "").split()[0] for c in cases if c.find("failure") is not None}
    assert failed == {f.rule_id for f in report.findings}
    assert root.get("failures") == str(len(failed)) and root.get("tests") == str(len(cases))
    cs001 = next(c for c in cases if c.get("name") == "CS001 real-time-sync")
    failure = cs001.find("failure")
    assert failure is not None and failure.get("type") == "warning"
    assert (failure.text or "").startswith("examples/example-firm.yaml:")


def test_junit_skips_rules_that_could_not_run_and_errors_on_crashes() -> None:
    """Missing data is a skipped test, never a pass; a crashed rule is an error."""
    data = fixture()
    del data["bank"]
    report = run(data, ["RC001", "CS001"])
    crashed = Notification("CS001", "rule failed: boom", "plugin-error", "snapshot.json")
    report = Report(report.files, report.rules, report.findings, (*report.notifications, crashed))
    root = ET.fromstring(render("junit", report))
    cases = {c.get("name", "").split()[0]: c for c in root.iter("testcase")}
    assert cases["RC001"].find("skipped") is not None
    assert cases["CS001"].find("error") is not None
    assert (root.get("skipped"), root.get("errors")) == ("1", "1")


def test_junit_survives_control_characters_in_snapshot_text() -> None:
    """Text XML cannot hold (an escape character in a memo) is replaced, so the file parses."""
    data = fixture()
    data["clio_bill_syncing"]["sync_timing"] = "real_time"
    data["firm"]["name"] = "Evil\x1b[31m Firm"
    report = run(data, "CS001")
    from dataclasses import replace

    finding = replace(report.findings[0], message="memo \x1b[2J and \x00 here")
    ET.fromstring(render("junit", replace(report, findings=(finding,))))


def test_gitlab_code_quality_fields() -> None:
    """Each issue has what GitLab requires, with a valid severity and a unique fingerprint."""
    issues = json.loads(rendered("gitlab"))
    assert len(issues) == len(example_report().findings)
    for issue in issues:
        assert issue["description"] and issue["check_name"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["location"]["path"] == "examples/example-firm.yaml"
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    severities = {i["check_name"]: i["severity"] for i in issues}
    assert severities["RC002"] == "critical"  # a security rule's error
    assert severities["JX001"] == "major" and severities["CS001"] == "minor"


def test_gitlab_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    """Run from a subfolder, the path is still the repository-relative one."""
    report = example_report()
    issues = json.loads(render("gitlab", report, root=ROOT.parent))
    assert issues[0]["location"]["path"] == f"{ROOT.name}/examples/example-firm.yaml"
