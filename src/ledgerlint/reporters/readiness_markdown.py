"""The go-live readiness report as Markdown: verdict, fix plan, findings by cause, glossary,
and a technical appendix. One snapshot, or a portfolio summary followed by each firm."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Severity
from ledgerlint.models.report import Report
from ledgerlint.readiness import Assessment
from ledgerlint.readiness import Item
from ledgerlint.readiness import assess
from ledgerlint.reporters import readiness_common as common

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str) -> str:
    """Text from a snapshot or the table, safe in Markdown (no accidental emphasis, links,
    HTML or table breaks)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render(report: Report) -> str:
    assessments = assess(report)
    unread = common.unreadable(report)
    if len(assessments) == 1 and not unread:
        return "\n".join(_snapshot(assessments[0], level=1)) + "\n"
    lines = portfolio(common.portfolio_rows(report, assessments))
    for assessment in assessments:
        lines += ["", *_snapshot(assessment, level=2)]
    return "\n".join(lines) + "\n"


def portfolio(rows: Sequence[common.PortfolioRow]) -> list[str]:
    """One line per firm: verdict, errors, warnings, money at risk (and each file that could
    not be read)."""
    lines = [
        f"# Go-live readiness: {common.plural(len(rows), 'snapshot')}",
        "",
        "| Verdict | Firm | Errors | Warnings | Accepted | Money at risk | Snapshot |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    lines += [
        f"| {r.verdict} | {md(r.firm)} | {r.errors} | {r.warnings} | {r.accepted} | "
        f"{r.at_risk} | {md(r.file)} |"
        for r in rows
    ]
    return lines


def _snapshot(assessment: Assessment, *, level: int) -> list[str]:
    h = "#" * level
    counts = assessment.counts
    lines = [
        f"{h} {md(common.title(assessment))}",
        "",
        md(common.taken(assessment)),
        "",
        f"**{md(assessment.sentence)}**",
        "",
        "| Errors | Warnings | Notes | Money at risk | Checks run |",
        "|---:|---:|---:|---:|---:|",
        f"| {counts[Severity.ERROR]} | {counts[Severity.WARNING]} | {counts[Severity.INFO]} | "
        f"{common.amount(assessment.at_risk())} | "
        f"{assessment.rules_run} of {assessment.rules_total} |",
    ]
    if assessment.not_run:
        lines += ["", md(common.not_run_text(assessment))]
    if assessment.failures:
        lines += [
            "",
            f"{common.plural(len(assessment.failures), 'check')} failed; see the appendix.",
        ]
    lines += ["", *_plan(assessment, h + "#")]
    lines += ["", *_groups(assessment, h + "#")]
    if assessment.accepted:
        lines += ["", *_accepted(assessment, h + "#")]
    if assessment.glossary:
        lines += ["", f"{h}# Glossary", ""]
        lines += [f"- **{md(e.term)}**: {md(e.means)}" for e in assessment.glossary]
    lines += ["", *_appendix(assessment, h + "#")]
    return lines


def _plan(assessment: Assessment, h: str) -> list[str]:
    lines = [f"{h} Fix plan", ""]
    if not assessment.plan:
        return [*lines, common.no_plan(assessment)]
    lines.append(md(common.PLAN_INTRO))
    phase = None
    for step in assessment.plan:
        if step.phase != phase:
            phase = step.phase
            lines += ["", f"{h}# {md(phase.title)}", "", f"_{md(phase.explain)}_"]
        part = common.step_part(step)
        lines += [
            "",
            f"**{md(common.step_heading(step))}**" + (f" ({part})" if part else ""),
            "",
            f"- System: {common.SYSTEM_NAMES[step.step.system]}",
            *([f"- Click-path: {md(step.step.where())}"] if step.step.path else []),
            f"- Do: {md(step.step.do)}",
        ]
        if len(step.values) == 1:
            lines.append(f"- Set: {md(step.values[0])}")
        elif step.values:
            lines.append("- Set:")
            lines += [f"  - {md(value)}" for value in step.values]
        lines.append(f"- Clears: {common.clears_text(step)}")
    return [*lines, "", md(common.PLAN_END)]


def _groups(assessment: Assessment, h: str) -> list[str]:
    lines = [f"{h} Findings by cause"]
    if not assessment.groups:
        return [*lines, "", common.no_findings(assessment)]
    lines += ["", "Each group is one cause; what it caused is listed under it, indented."]
    for group in assessment.groups:
        at_risk = group.at_risk()
        risk = f" ({common.amount(at_risk)} at risk)" if at_risk else ""
        lines += [
            "",
            f"{h}# {group.letter}. {md(group.remedy.title)}{risk}",
            "",
            md(group.remedy.impact),
            "",
        ]
        for item in group.items:
            lines += _item(item, 0)
    return lines


def _accepted(assessment: Assessment, h: str) -> list[str]:
    lines = [f"{h} {common.ACCEPTED_TITLE}", "", md(common.ACCEPTED_INTRO), ""]
    for accepted in assessment.accepted:
        severity = common.severity_word(accepted.item.finding.severity)
        lines.append(
            f"- **{accepted.ref}** ({severity}{common.accepted_money(accepted)}): "
            f"{md(common.sentence(accepted.item.label))} {md(common.accepted_terms(accepted))}"
        )
    return lines


def _item(item: Item, depth: int) -> list[str]:
    severity = common.severity_word(item.finding.severity)
    cleared = "; cleared by fixing the cause" if item.cleared_by_cause else ""
    line = f"{'  ' * depth}- **{item.ref}** ({severity}{cleared}): {md(item.label)}"
    return [line, *(x for child in item.children for x in _item(child, depth + 1))]


def _code(text: str) -> str:
    if not text:
        return "(document)"
    fence = "``" if "`" in text else "`"
    cell = text.replace("|", "\\|")
    return f"{fence}{cell}{fence}"


def _finding_row(ref: str, f: Finding, *more: str) -> str:
    """One appendix table row: reference, rule, severity, location, message, then `more`."""
    loc = f.location
    where = f"{loc.line}:{loc.column}" if loc.line else "-"
    extra = "".join(f" {md(cell)} |" for cell in more)
    return (
        f"| {ref} | {f.rule_id} {md(f.rule_name)} | {f.severity.value} | "
        f"line {where}, {_code(loc.pointer)} | {md(f.message)} |{extra}"
    )


def _appendix(assessment: Assessment, h: str) -> list[str]:
    lines = [f"{h} Appendix: technical detail", "", md(common.APPENDIX_INTRO)]
    if assessment.items:
        lines += ["", "| Finding | Rule | Severity | Location | Message |", "|---|---|---|---|---|"]
        lines += [_finding_row(item.ref, item.finding) for item in assessment.items]
    if assessment.accepted:
        lines += [
            "",
            "Accepted by an exemption:",
            "",
            "| Finding | Rule | Severity | Location | Message | Exemption |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            _finding_row(accepted.ref, accepted.item.finding, common.exemption_place(accepted))
            for accepted in assessment.accepted
        ]
    if assessment.not_run:
        lines += ["", "Could not run:", ""]
        lines += [f"- {n.rule_id} {md(n.rule_name)}: {md(n.message)}" for n in assessment.not_run]
    if assessment.failures:
        lines += ["", "Failed:", ""]
        lines += [f"- {md(message)}" for message in assessment.failures]
    return lines
