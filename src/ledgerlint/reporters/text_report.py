"""The terminal report: findings grouped by file, in file order, each with the first step of its
fix; then notes, what could not run, a portfolio line per firm (several files), what to run
next, and the summary. Long lines wrap with a hanging indent at `width` columns."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from itertools import groupby

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Severity
from ledgerlint.models.report import Report
from ledgerlint.models.rules import RuleMeta
from ledgerlint.readiness import Item
from ledgerlint.readiness import RemediationTable
from ledgerlint.readiness import assess
from ledgerlint.readiness import load_table
from ledgerlint.readiness.assess import first_step
from ledgerlint.readiness.assess import remedy_for
from ledgerlint.readiness.templates import facts
from ledgerlint.readiness.templates import fill
from ledgerlint.reporters.terminal import escape_controls as safe

DEFAULT_WIDTH = 100
"""Columns when standard output is not a terminal, so output is the same everywhere."""
MIN_WIDTH = 60
_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_HEAD = 21  # "  LLLL:CC  severity  " before the rule ID
_SUB = 12  # where a finding's fix and step lines start
_GLUE = "\0"  # joins the words of a command so that wrapping never splits it


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def render(
    report: Report, *, colour: bool = False, width: int = DEFAULT_WIDTH, show_fixes: bool = False
) -> str:
    width = max(width, MIN_WIDTH)
    table = load_table()
    metas = {meta.id: meta for meta in report.rules}
    causes = _causes(report, table)
    lines: list[str] = []
    for file, group in groupby(report.findings, key=lambda f: f.location.file):
        lines.append(_paint(safe(file), "1;4", colour))
        for finding in group:
            lines += _finding_lines(finding, colour, width)
            cause = causes.get(id(finding))
            lines += _fix_lines(finding, metas, table, width, show_fixes, cause)
        lines.append("")
    lines += _notes(report, colour, width)
    lines += _not_run(report, colour, width)
    if len(report.files) > 1:
        lines += _portfolio(report, colour)
    lines += _next(report, width)
    lines.append(_summary(report, colour))
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int, first: int, rest: int) -> list[str]:
    """`text` wrapped to `width`: the first line without the `first` columns the caller puts
    before it, the others indented by `rest` (words are never split, so a long path or name
    may overrun)."""
    lines = textwrap.wrap(
        safe(text, keep=_GLUE),  # snapshot text may hold terminal controls: shown, never obeyed
        width=width,
        initial_indent=" " * first,
        subsequent_indent=" " * rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [" " * first]
    return [lines[0][first:], *lines[1:]]


def _finding_lines(finding: Finding, colour: bool, width: int) -> list[str]:
    loc = finding.location
    where = f"{loc.line}:{loc.column}" if loc.line else "-"
    severity = _paint(f"{finding.severity.value:<7}", _COLOURS[finding.severity], colour)
    rule_id = safe(finding.rule_id)
    text = f"{rule_id} {safe(finding.message)}  [{safe(finding.rule_name)}]"
    wrapped = _wrap(text, width, _HEAD, _HEAD)
    rule = _paint(rule_id, "1", colour)
    wrapped[0] = rule + wrapped[0][len(rule_id) :]
    return [f"  {where:>8}  {severity}  {wrapped[0]}", *wrapped[1:]]


def _sub_line(label: str, text: str, width: int, hang: int = 2) -> list[str]:
    """A line under a finding; its continuation lines indented `hang` more."""
    lines = _wrap(f"{label}{text}", width, _SUB, _SUB + hang)
    return [" " * _SUB + lines[0], *lines[1:]]


def _causes(report: Report, table: RemediationTable) -> dict[int, Item]:
    """The finding that causes each finding (by `id`), as the readiness report nests them."""
    caused: dict[int, Item] = {}
    for assessment in assess(report, table):
        for item in assessment.items:
            for child in item.children:
                caused[id(child.finding)] = item
    return caused


def _where(finding: Finding) -> str:
    loc = finding.location
    return f"{loc.line}:{loc.column}" if loc.line else loc.pointer


def _fix_lines(
    finding: Finding,
    metas: Mapping[str, RuleMeta],
    table: RemediationTable,
    width: int,
    show_fixes: bool,
    cause: Item | None = None,
) -> list[str]:
    """The snapshot fix (when the rule offers one), the finding that causes this one, then
    the first step in Clio or QuickBooks, or with `show_fixes` every step with what to do and
    the value to set. A finding its cause's fix clears gets no step of its own."""
    lines: list[str] = []
    if finding.fix is not None:
        lines += _sub_line(f"fix ({finding.fix.safety}): ", finding.fix.description, width)
    if cause is not None:
        cleared = _cleared_by(cause, finding)
        said = "; fixing it clears this too" if cleared else ""
        lines += _sub_line(
            "caused by: ", f"{cause.finding.rule_id} at {_where(cause.finding)}{said}", width
        )
        if cleared:
            return lines
    if not show_fixes:
        return lines + _sub_line("first step: ", first_step(finding, metas, table), width)
    steps = remedy_for(finding, metas, table).steps
    fields = facts(finding)
    lines.append(" " * _SUB + "how to fix:")
    for number, step in enumerate(steps, 1):
        where = step.where() or "(no click-path given)"
        lines += _sub_line(f"  {number}. ", f"{step.system}: {where}", width, hang=5)
        lines += _sub_line("     ", step.do, width, hang=5)
        value = fill(step.set, fields) if step.set else None
        if value:
            lines += _sub_line("     set: ", value, width, hang=10)
    return lines


def _cleared_by(cause: Item, finding: Finding) -> bool:
    return any(c.finding is finding and c.cleared_by_cause for c in cause.children)


def _notes(report: Report, colour: bool, width: int) -> list[str]:
    others = [n for n in report.notifications if n.kind != "not-run"]
    if not others:
        return []
    lines = [_paint("Notes:", "1", colour)]
    for note in others:
        if note.kind == "input-error":  # the message names the file, line and column
            lines += _wrap(f"  could not read {note.message}", width, 0, 4)
            continue
        where = f"{note.file}: " if note.file else ""
        lines += _wrap(f"  {where}{note.rule_id} {note.kind}: {note.message}", width, 0, 4)
    return [*lines, ""]


def _not_run(report: Report, colour: bool, width: int) -> list[str]:
    not_run = report.not_run()
    if not not_run:
        return []
    lines = [_paint("Could not run, or not in full (missing data is never a pass):", "1", colour)]
    for note in not_run:
        lines += _wrap(f"  {note.file}: {note.rule_id} {note.message}", width, 0, 4)
    return [*lines, ""]


def _portfolio(report: Report, colour: bool) -> list[str]:
    """One line per snapshot: verdict, errors, warnings, money at risk, firm and file."""
    from ledgerlint.reporters.readiness_common import portfolio_rows

    rows = portfolio_rows(report, assess(report))
    errors, warnings, money = (
        max(len(getattr(r, name)) for r in rows) for name in ("errors", "warnings", "at_risk")
    )
    lines = [_paint(f"Portfolio ({len(rows)} snapshots):", "1", colour)]
    for r in rows:
        if not r.firm:  # could not be read
            lines.append(f"  {r.verdict:<19}  {safe(r.file)}")
            continue
        lines.append(
            f"  {r.verdict:<19}  {r.errors:>{errors}} error{'s' if r.errors != '1' else ' '}  "
            f"{r.warnings:>{warnings}} warning{'s' if r.warnings != '1' else ' '}  "
            f"{r.at_risk:>{money}} at risk  {safe(r.firm)} ({safe(r.file)})"
        )
    return [*lines, ""]


def _next(report: Report, width: int) -> list[str]:
    """What to run next: one rule's full documentation, and the fix plan in order. Wrapped
    like the rest, but never inside a command."""
    if not report.findings:
        return []
    worst = max(report.findings, key=lambda f: f.severity.rank)
    target = report.files[0] if len(report.files) == 1 else "SNAPSHOTS"
    lines: list[str] = []
    for lead, sentence in (
        ("Next: ", f"`ledgerlint rule {worst.rule_id}` explains a rule and how to fix it;"),
        ("      ", f"`ledgerlint report {target}` writes the fix plan, every step in order."),
    ):
        glued = re.sub(r"`[^`]+`", lambda m: m.group(0).replace(" ", _GLUE), sentence)
        wrapped = _wrap(lead + glued, width, 0, 6)
        lines += [line.replace(_GLUE, " ") for line in wrapped]
    return lines


_BACKTICKED = re.compile(r"`([^`]+)`")


def _coverage(report: Report) -> str:
    """How many rules ran, and the input the others lacked."""
    runs = {(n.file, n.rule_id) for n in report.not_run()}
    total, files = len(report.rules), len(report.files)
    if files == 1:
        ran = f"only {total - len(runs)} of {total} rules ran in full"
    else:
        hit = len({file for file, _ in runs})
        ran = f"{len(runs)} rule runs could not run in full in {hit} of {files} files"
    missing = sorted({m for n in report.not_run() for m in _BACKTICKED.findall(n.message)})
    if not missing:
        return f"{ran} (see above)"
    shown = ", ".join(f"`{m}`" for m in missing[:4])
    more = f" and {len(missing) - 4} more" if len(missing) > 4 else ""
    return f"{ran}; missing input: {shown}{more}"


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
    elif report.not_run():
        text = f"No problems found in {files} file{'s' if files != 1 else ''}, but "
        text += _coverage(report)
    else:
        text = f"No problems found in {files} file{'s' if files != 1 else ''}"
    extras = []
    if report.not_run() and total:
        extras.append(_coverage(report))
    unread = sum(1 for n in report.notifications if n.kind == "input-error")
    if unread:
        extras.append(f"{unread} file{'s' if unread != 1 else ''} could not be read")
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
    incomplete = bool(report.not_run() or report.errors())
    code = "1;31" if counts[Severity.ERROR] else ("1;33" if total or incomplete else "1;32")
    return _paint(text + ".", code, colour)
