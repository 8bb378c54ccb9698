"""The terminal report: findings grouped by file, in file order, then what could not run."""

from __future__ import annotations

from itertools import groupby

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Severity
from ledgerlint.models.report import Report
from ledgerlint.reporters.terminal import escape_controls as safe

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def render(report: Report, *, colour: bool = False) -> str:
    lines: list[str] = []
    for file, group in groupby(report.findings, key=lambda f: f.location.file):
        lines.append(_paint(safe(file), "1;4", colour))
        for finding in group:
            lines += _finding_lines(finding, colour)
        lines.append("")
    not_run = report.not_run()
    others = [n for n in report.notifications if n.kind != "not-run"]
    if others:
        lines.append(_paint("Notes:", "1", colour))
        for note in others:
            where = f"{safe(note.file)}: " if note.file else ""
            lines.append(f"  {where}{safe(note.rule_id)} {note.kind}: {safe(note.message)}")
        lines.append("")
    if not_run:
        lines.append(_paint("Could not run (missing data is never a pass):", "1", colour))
        for note in not_run:
            lines.append(f"  {safe(note.file)}: {safe(note.rule_id)} {safe(note.message)}")
        lines.append("")
    lines.append(_summary(report, colour))
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding, colour: bool) -> list[str]:
    loc = finding.location
    where = f"{loc.line}:{loc.column}" if loc.line else "-"
    severity = _paint(f"{finding.severity.value:<7}", _COLOURS[finding.severity], colour)
    rule = _paint(safe(finding.rule_id), "1", colour)
    message = safe(finding.message)
    lines = [f"  {where:>8}  {severity}  {rule} {message}  [{safe(finding.rule_name)}]"]
    if finding.fix is not None:
        lines.append(f"{'':12}fix ({finding.fix.safety}): {safe(finding.fix.description)}")
    return lines


def _summary(report: Report, colour: bool) -> str:
    counts = report.counts()
    total = sum(counts.values())
    files = len(report.files)
    parts = [
        f"{counts[s]} {s.value if counts[s] == 1 else s.value + 's'}" for s in Severity if counts[s]
    ]
    if total:
        fixable = sum(1 for f in report.findings if f.fix is not None)
        text = f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)})"
        text += f" in {files} file{'s' if files != 1 else ''}"
        if fixable:
            text += f"; {fixable} with a fix"
    else:
        text = f"No problems found in {files} file{'s' if files != 1 else ''}"
    extras = []
    if report.not_run():
        n = len({(x.file, x.rule_id) for x in report.not_run()})
        extras.append(f"{n} rule{'s' if n != 1 else ''} could not run")
    if report.exempted:
        extras.append(f"{len(report.exempted)} exempted")
    if report.suppressed:
        extras.append(f"{report.suppressed} in the baseline")
    if report.absent:
        extras.append(f"{len(report.absent)} fixed since the baseline")
    if report.redacted:
        extras.append("client names redacted")
    if extras:
        text += f" ({'; '.join(extras)})"
    code = "1;31" if counts[Severity.ERROR] else ("1;33" if total else "1;32")
    return _paint(text + ".", code, colour)
