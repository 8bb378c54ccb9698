"""The go-live readiness report as one self-contained HTML page that prints well.

No script, no external file: the styles are inline, so the page can be mailed or attached as
is. Printed (or saved as PDF from a browser), each plan step and each finding stays on one page,
headings stay with what follows them, and the appendix starts on a new page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Severity
from ledgerlint.models.report import Report
from ledgerlint.readiness import Assessment
from ledgerlint.readiness import Group
from ledgerlint.readiness import Item
from ledgerlint.readiness import PlanStep
from ledgerlint.readiness import assess
from ledgerlint.reporters import readiness_common as common

_STYLE = """
:root { --ink: #1d2329; --muted: #5b6670; --line: #d5dbe1; --error: #b42318;
  --warning: #9a6700; --info: #0b6e99; --ok: #1a7f37; --paper: #ffffff; --tint: #f5f7f9; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 56rem; padding: 2rem 1.5rem 3rem; color: var(--ink);
  background: var(--paper); font: 15px/1.5 "Segoe UI", system-ui, -apple-system, Helvetica,
  Arial, sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .3rem; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: .4rem 0; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.verdict { border-radius: 6px; padding: .8rem 1rem; font-weight: 600; font-size: 1.05rem;
  border-left: 6px solid; background: var(--tint); }
.verdict.not-ready { border-color: var(--error); }
.verdict.ready-with-warnings { border-color: var(--warning); }
.verdict.ready { border-color: var(--ok); }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.figures td { font-size: 1.15rem; font-weight: 600; }
.phase-explain { color: var(--muted); font-style: italic; margin-top: 0; }
.step { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem .7rem;
  margin: .7rem 0; break-inside: avoid; page-break-inside: avoid; }
.step h4 { margin: 0 0 .4rem; font-size: 1rem; }
.step .no { display: inline-block; min-width: 1.8rem; padding: 0 .4rem; margin-right: .4rem;
  border-radius: 4px; background: var(--ink); color: #fff; text-align: center; }
.step .part { color: var(--muted); font-weight: normal; font-size: .85rem; }
.step dl { display: grid; grid-template-columns: 7rem 1fr; gap: .15rem .8rem; margin: 0; }
.step dt { color: var(--muted); font-size: .85rem; padding-top: .1rem; }
.step dd { margin: 0; }
.step ul { margin: 0; padding-left: 1.1rem; }
.system { display: inline-block; padding: 0 .45rem; border-radius: 4px; font-size: .85rem;
  font-weight: 600; border: 1px solid var(--line); background: var(--tint); }
.path { font-weight: 600; }
.path .sep { color: var(--muted); font-weight: normal; padding: 0 .25rem; }
.sev { font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.sev.error { color: var(--error); }
.sev.warning { color: var(--warning); }
.sev.info { color: var(--info); }
.group { break-inside: avoid-page; }
.group .impact { color: var(--muted); }
.risk { font-weight: normal; color: var(--error); font-size: .95rem; }
ul.findings { list-style: none; padding-left: 0; margin: .3rem 0; }
ul.findings ul { list-style: none; padding-left: 1.4rem; border-left: 2px solid var(--line);
  margin: .2rem 0 .2rem .4rem; }
ul.findings li { margin: .3rem 0; break-inside: avoid; page-break-inside: avoid; }
.ref { font-weight: 700; margin-right: .3rem; }
.cleared { color: var(--ok); font-size: .85rem; }
dl.glossary dt { font-weight: 600; margin-top: .5rem; }
dl.glossary dd { margin: 0 0 0 1rem; }
.appendix { break-before: page; page-break-before: always; }
.appendix table { font-size: .8rem; table-layout: fixed; }
.appendix th:nth-child(1) { width: 4rem; }
.appendix th:nth-child(2) { width: 10rem; }
.appendix th:nth-child(3) { width: 4.5rem; }
.appendix th:nth-child(4) { width: 10rem; }
.appendix code { font-size: .75rem; word-break: break-all; }
.firm { break-before: page; page-break-before: always; }
@page { size: letter; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; line-height: 1.4; }
  h2 { margin-top: 1.4rem; }
  .step { padding: .35rem .7rem .45rem; margin: .45rem 0; }
  .step dl { grid-template-columns: 5.5rem 1fr; gap: 0 .6rem; }
  .appendix table { font-size: 7.5pt; }
  .verdict, .step .no, .system { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render(report: Report) -> str:
    assessments = assess(report)
    unread = common.unreadable(report)
    if len(assessments) == 1 and not unread:
        page_title = common.title(assessments[0])
        body = _snapshot(assessments[0], level=1)
    else:
        rows = common.portfolio_rows(report, assessments)
        page_title = f"Go-live readiness: {common.plural(len(rows), 'snapshot')}"
        body = _portfolio(rows, page_title)
        for assessment in assessments:
            body += f'<section class="firm">{_snapshot(assessment, level=2)}</section>\n'
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="ledgerlint">\n'
        f"<title>{escape(page_title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"{body}</body>\n</html>\n"
    )


def _portfolio(rows: Sequence[common.PortfolioRow], heading: str) -> str:
    cells = "".join(
        f"<tr><td>{escape(r.verdict)}</td><td>{escape(r.firm)}</td><td class=num>{r.errors}</td>"
        f"<td class=num>{r.warnings}</td><td class=num>{r.accepted}</td>"
        f"<td class=num>{escape(r.at_risk)}</td>"
        f"<td>{escape(r.file)}</td></tr>\n"
        for r in rows
    )
    return (
        f"<h1>{escape(heading)}</h1>\n<table class=portfolio><thead><tr><th>Verdict</th>"
        "<th>Firm</th><th class=num>Errors</th><th class=num>Warnings</th>"
        "<th class=num>Accepted</th><th class=num>Money at risk</th><th>Snapshot</th></tr></thead>\n"
        f"<tbody>\n{cells}</tbody></table>\n"
    )


def _snapshot(assessment: Assessment, *, level: int) -> str:
    h1, h2, h3 = (f"h{min(level + n, 6)}" for n in range(3))
    counts = assessment.counts
    verdict_class = assessment.verdict.replace(" ", "-")
    parts = [
        f"<{h1}>{escape(common.title(assessment))}</{h1}>",
        f'<p class="meta">{escape(common.taken(assessment))}</p>',
        f'<p class="verdict {verdict_class}">{escape(assessment.sentence)}</p>',
        '<table class="figures"><thead><tr><th class=num>Errors</th><th class=num>Warnings'
        "</th><th class=num>Notes</th><th class=num>Money at risk</th><th class=num>Checks run"
        "</th></tr></thead><tbody><tr>"
        f"<td class=num>{counts[Severity.ERROR]}</td><td class=num>{counts[Severity.WARNING]}</td>"
        f"<td class=num>{counts[Severity.INFO]}</td>"
        f"<td class=num>{escape(common.amount(assessment.at_risk()))}</td>"
        f"<td class=num>{assessment.rules_run} of {assessment.rules_total}</td>"
        "</tr></tbody></table>",
    ]
    if assessment.not_run:
        parts.append(f"<p>{escape(common.not_run_text(assessment))}</p>")
    if assessment.failures:
        failed = common.plural(len(assessment.failures), "check")
        parts.append(f"<p>{failed} failed; see the appendix.</p>")
    parts.append(_plan(assessment, h2, h3))
    parts.append(_groups(assessment, h2, h3))
    if assessment.accepted:
        parts.append(_accepted(assessment, h2))
    if assessment.glossary:
        entries = "".join(
            f"<dt>{escape(e.term)}</dt><dd>{escape(e.means)}</dd>" for e in assessment.glossary
        )
        parts.append(f'<{h2}>Glossary</{h2}>\n<dl class="glossary">{entries}</dl>')
    parts.append(_appendix(assessment, h2))
    return "\n".join(parts) + "\n"


def _plan(assessment: Assessment, h2: str, h3: str) -> str:
    parts = [f"<{h2}>Fix plan</{h2}>"]
    if not assessment.plan:
        return "\n".join([*parts, f"<p>{escape(common.no_plan(assessment))}</p>"])
    parts.append(f"<p>{escape(common.PLAN_INTRO)}</p>")
    phase = None
    for step in assessment.plan:
        if step.phase != phase:
            phase = step.phase
            parts.append(f"<{h3}>{escape(phase.title)}</{h3}>")
            parts.append(f'<p class="phase-explain">{escape(phase.explain)}</p>')
        parts.append(_step(step))
    parts.append(f"<p>{escape(common.PLAN_END)}</p>")
    return "\n".join(parts)


def _step(step: PlanStep) -> str:
    part = common.step_part(step)
    part_html = f' <span class="part">({escape(part)})</span>' if part else ""
    path = '<span class="sep">→</span>'.join(escape(p) for p in step.step.path)
    rows = [
        ("System", f'<span class="system">{escape(common.SYSTEM_NAMES[step.step.system])}</span>'),
        *([("Click-path", f'<span class="path">{path}</span>')] if step.step.path else []),
        ("Do", escape(step.step.do)),
    ]
    if len(step.values) == 1:
        rows.append(("Set", escape(step.values[0])))
    elif step.values:
        rows.append(
            ("Set", "<ul>" + "".join(f"<li>{escape(v)}</li>" for v in step.values) + "</ul>")
        )
    rows.append(("Clears", escape(common.clears_text(step))))
    cells = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    severity = step.severity.value
    return (
        f'<section class="step" id="step-{step.number}"><h4><span class="no">{step.number}</span>'
        f"{escape(step.title)}{part_html} "
        f'<span class="sev {severity}">{common.severity_word(step.severity)}</span></h4>'
        f"<dl>{cells}</dl></section>"
    )


def _groups(assessment: Assessment, h2: str, h3: str) -> str:
    parts = [f"<{h2}>Findings by cause</{h2}>"]
    if not assessment.groups:
        return "\n".join([*parts, f"<p>{escape(common.no_findings(assessment))}</p>"])
    parts.append("<p>Each group is one cause; what it caused is listed under it, indented.</p>")
    parts += [_group(group, h3) for group in assessment.groups]
    return "\n".join(parts)


def _group(group: Group, h3: str) -> str:
    at_risk = group.at_risk()
    risk = f' <span class="risk">{escape(common.amount(at_risk))} at risk</span>' if at_risk else ""
    items = "".join(_item(item) for item in group.items)
    return (
        f'<section class="group"><{h3}>{group.letter}. {escape(group.remedy.title)}{risk}'
        f'</{h3}>\n<p class="impact">{escape(group.remedy.impact)}</p>\n'
        f'<ul class="findings">{items}</ul></section>'
    )


def _accepted(assessment: Assessment, h2: str) -> str:
    items = "".join(
        f'<li id="{a.ref}"><span class="ref">{a.ref}</span>'
        f'<span class="sev {a.item.finding.severity.value}">'
        f"{common.severity_word(a.item.finding.severity)}</span> "
        f"{escape(common.sentence(a.item.label))} {escape(common.accepted_terms(a))}"
        f"{escape(common.accepted_money(a))}</li>"
        for a in assessment.accepted
    )
    return (
        f'<section class="accepted"><{h2}>{common.ACCEPTED_TITLE}</{h2}>\n'
        f"<p>{escape(common.ACCEPTED_INTRO)}</p>\n"
        f'<ul class="findings">{items}</ul></section>'
    )


def _item(item: Item) -> str:
    severity = item.finding.severity.value
    cleared = (
        ' <span class="cleared">cleared by fixing the cause</span>' if item.cleared_by_cause else ""
    )
    children = "".join(_item(child) for child in item.children)
    nested = f"<ul>{children}</ul>" if children else ""
    return (
        f'<li id="{item.ref}"><span class="ref">{item.ref}</span>'
        f'<span class="sev {severity}">{common.severity_word(item.finding.severity)}</span> '
        f"{escape(item.label)}{cleared}{nested}</li>"
    )


def _finding_row(ref: str, f: Finding, *more: str) -> str:
    """One appendix table row: reference, rule, severity, location, message, then `more`."""
    loc = f.location
    where = f"{loc.line}:{loc.column}" if loc.line else "-"
    extra = "".join(f"<td>{escape(cell)}</td>" for cell in more)
    return (
        f"<tr><td>{ref}</td><td>{escape(f.rule_id)} {escape(f.rule_name)}</td>"
        f"<td>{f.severity.value}</td><td>line {where}<br><code>{escape(loc.pointer)}"
        f"</code></td><td>{escape(f.message)}</td>{extra}</tr>"
    )


def _appendix(assessment: Assessment, h2: str) -> str:
    parts = [
        f'<section class="appendix"><{h2}>Appendix: technical detail</{h2}>',
        f"<p>{escape(common.APPENDIX_INTRO)}</p>",
    ]
    if assessment.items:
        rows = [_finding_row(item.ref, item.finding) for item in assessment.items]
        parts.append(
            "<table><thead><tr><th>Finding</th><th>Rule</th><th>Severity</th><th>Location</th>"
            f"<th>Message</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    if assessment.accepted:
        rows = [
            _finding_row(accepted.ref, accepted.item.finding, common.exemption_place(accepted))
            for accepted in assessment.accepted
        ]
        parts.append(
            "<p>Accepted by an exemption:</p><table><thead><tr><th>Finding</th><th>Rule</th>"
            "<th>Severity</th><th>Location</th><th>Message</th><th>Exemption</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    if assessment.not_run:
        notes = "".join(
            f"<li>{escape(n.rule_id)} {escape(n.rule_name)}: {escape(n.message)}</li>"
            for n in assessment.not_run
        )
        parts.append(f"<p>Could not run:</p><ul>{notes}</ul>")
    if assessment.failures:
        failed = "".join(f"<li>{escape(m)}</li>" for m in assessment.failures)
        parts.append(f"<p>Failed:</p><ul>{failed}</ul>")
    parts.append("</section>")
    return "\n".join(parts)
