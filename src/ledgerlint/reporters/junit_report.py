"""JUnit XML, the test report GitLab, Jenkins and Azure DevOps read: one testsuite per snapshot,
one testcase per rule that ran on it. A rule with findings fails (each finding a line of the
failure), a rule that could not run is skipped (missing data is never a pass), a rule that
crashed is an error."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Notification
from ledgerlint.models.report import Report
from ledgerlint.models.rules import RuleMeta

# Characters XML 1.0 cannot hold (snapshot text may carry them): replaced, never written raw.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _finding_line(finding: Finding) -> str:
    loc = finding.location
    where = f"{loc.file}:{loc.line}:{loc.column}" if loc.line else loc.file
    line = f"{where}: {finding.severity.value}: {finding.message}"
    if finding.fix is not None:
        line += f"\n    fix ({finding.fix.safety}): {finding.fix.description}"
    return line


def _case(
    suite: ET.Element,
    file: str,
    meta_id: str,
    name: str,
    findings: list[Finding],
    notes: list[Notification],
) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        {"classname": _text(file), "name": _text(f"{meta_id} {name}"), "file": _text(file)},
    )
    crashed = [n for n in notes if n.kind == "plugin-error"]
    not_run = [n for n in notes if n.kind == "not-run"]
    if crashed:
        error = ET.SubElement(
            case, "error", {"message": _text(crashed[0].message), "type": "plugin-error"}
        )
        error.text = _text("\n".join(n.message for n in crashed))
    elif findings:
        worst = max(findings, key=lambda f: f.severity.rank).severity.value
        count = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
        failure = ET.SubElement(case, "failure", {"message": count, "type": worst})
        failure.text = _text("\n".join(_finding_line(f) for f in findings))
    elif not_run:
        ET.SubElement(case, "skipped", {"message": _text(not_run[0].message)})
    others = [n for n in notes if n.kind not in ("plugin-error", "not-run")]
    if others:
        output = ET.SubElement(case, "system-out")
        output.text = _text("\n".join(f"{n.kind}: {n.message}" for n in others))


def _tally(element: ET.Element) -> None:
    cases = element.iter("testcase")
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for case in cases:
        counts["tests"] += 1
        counts["failures"] += case.find("failure") is not None
        counts["errors"] += case.find("error") is not None
        counts["skipped"] += case.find("skipped") is not None
    for key, value in counts.items():
        element.set(key, str(value))


def render(report: Report) -> str:
    root = ET.Element("testsuites", {"name": "ledgerlint"})
    rules: list[RuleMeta] = list(report.rules)
    by_file = {
        file: list(group) for file, group in groupby(report.findings, key=lambda f: f.location.file)
    }
    notes_by_file = {
        file: list(group)
        for file, group in groupby(
            sorted(report.notifications, key=lambda n: n.file), key=lambda n: n.file
        )
    }
    for file in report.files:
        suite = ET.SubElement(root, "testsuite", {"name": _text(file)})
        findings = by_file.get(file, [])
        notes = notes_by_file.get(file, [])
        for meta in rules:
            _case(
                suite,
                file,
                meta.id,
                meta.name,
                [f for f in findings if f.rule_id == meta.id],
                [n for n in notes if n.rule_id == meta.id],
            )
        _tally(suite)
    elsewhere = sorted(set(by_file) - set(report.files))  # the configuration's LL diagnostics
    for file in elsewhere:
        suite = ET.SubElement(root, "testsuite", {"name": _text(file)})
        for rule_id, group in groupby(by_file[file], key=lambda f: f.rule_id):
            found = list(group)
            _case(suite, file, rule_id, found[0].rule_name, found, [])
        _tally(suite)
    unplaced = [n for n in report.notifications if not n.file]
    if unplaced:
        suite = ET.SubElement(root, "testsuite", {"name": "plugins"})
        for note in unplaced:
            _case(suite, "plugins", note.rule_id, "", [], [note])
        _tally(suite)
    _tally(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
