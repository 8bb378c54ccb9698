"""GitHub Actions workflow commands: annotations on the pull request without code scanning
(which private repositories only have with GitHub Advanced Security)."""

from __future__ import annotations

from ledgerlint.models.findings import Severity
from ledgerlint.models.report import Report
from ledgerlint.reporters.terminal import escape_controls

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    # Control and bidi characters shown as escapes (the Actions log renders ANSI sequences);
    # line breaks are the workflow command encoding's own, %0D and %0A.
    text = escape_controls(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for finding in report.findings:
        loc = finding.location
        properties = [f"file={_escape_property(loc.file)}"]
        if loc.line:
            properties += [f"line={loc.line}", f"col={loc.column or 1}"]
        properties.append(f"title={_escape_property(f'{finding.rule_id} {finding.rule_name}')}")
        lines.append(
            f"::{_COMMANDS[finding.severity]} {','.join(properties)}::{_escape_data(finding.message)}"
        )
    for note in report.notifications:
        where = f"file={_escape_property(note.file)}," if note.file else ""
        title = _escape_property(f"{note.rule_id} {note.kind}")
        command = "error" if note.kind in ("plugin-error", "input-error") else "notice"
        lines.append(f"::{command} {where}title={title}::{_escape_data(note.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
