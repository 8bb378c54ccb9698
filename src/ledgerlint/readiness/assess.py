"""Turn a run's findings into an assessment per snapshot: verdict, cause groups, fix plan.

    findings ──link causes──▶ trees (a cascade under the finding that causes it)
             ──group──▶ one group per rule of the tree roots, with its money at risk
             ──plan──▶ the steps of every rule with findings not cleared by an earlier fix,
                       ordered by phase, then dependencies, then severity and money

Pure: reads the Report (already redacted when `--redact` was given) and the remediation table,
never the snapshot, so every figure is one a finding states in its `properties`.

Readiness is about the books, not about what changed: findings a CI baseline holds are assessed
like the others (a baseline is a gate for change, not an acceptance). Findings an exemption
accepts, with its reason and end date, are listed on their own and do not decide the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Notification
from ledgerlint.models.findings import Severity
from ledgerlint.models.report import Exempted
from ledgerlint.models.report import Report
from ledgerlint.models.rules import RuleMeta
from ledgerlint.readiness.cascades import decimal_of
from ledgerlint.readiness.cascades import link_causes
from ledgerlint.readiness.model import Accepted
from ledgerlint.readiness.model import Assessment
from ledgerlint.readiness.model import Group
from ledgerlint.readiness.model import Item
from ledgerlint.readiness.model import NotRun
from ledgerlint.readiness.plan import plan_steps
from ledgerlint.readiness.plan import rank
from ledgerlint.readiness.table import Cause
from ledgerlint.readiness.table import RemediationTable
from ledgerlint.readiness.table import Remedy
from ledgerlint.readiness.table import load_table
from ledgerlint.readiness.templates import facts
from ledgerlint.readiness.templates import fill

NOT_READY = "not ready"
READY_WITH_WARNINGS = "ready with warnings"
READY = "ready"


def assess(report: Report, table: RemediationTable | None = None) -> tuple[Assessment, ...]:
    """One assessment per snapshot file of the report, in the report's file order."""
    table = table or load_table()
    metas = {meta.id: meta for meta in report.rules}
    infos = {info.file: info for info in report.snapshots}
    result = []
    every = sorted([*report.findings, *report.unchanged], key=Finding.sort_key)
    for file in report.files:
        findings = [f for f in every if f.location.file == file]
        exempted = [x for x in report.exempted if x.finding.location.file == file]
        notes = [n for n in report.notifications if n.file in (file, "")]
        info = infos.get(file)
        assessment = _assess_file(
            file,
            findings,
            notes,
            metas,
            table,
            firm=info.firm if info else None,
            captured_at=info.captured_at if info else None,
            redacted=report.redacted,
            accepted=_accepted(exempted, metas, table),
        )
        result.append(assessment)
    return tuple(result)


def _accepted(
    exempted: list[Exempted], metas: Mapping[str, RuleMeta], table: RemediationTable
) -> tuple[Accepted, ...]:
    ordered = sorted(exempted, key=lambda x: x.finding.sort_key())
    findings = [x.finding for x in ordered]
    remedies = {f.rule_id: remedy_for(f, metas, table) for f in findings}
    refs = {id(f): f"E{n}" for n, f in enumerate(findings, 1)}
    items = _build_items(findings, {}, remedies, refs)
    return tuple(
        Accepted(
            refs[id(x.finding)],
            items[id(x.finding)],
            x.exemption.reason,
            x.exemption.expires.isoformat(),
            x.exemption.origin,
        )
        for x in ordered
    )


def remedy_for(finding: Finding, metas: Mapping[str, RuleMeta], table: RemediationTable) -> Remedy:
    """The table's entry for the finding's rule, or a generic one from its documentation."""
    if finding.rule_id in table.remedies:
        return table.remedies[finding.rule_id]
    meta = metas.get(finding.rule_id)
    return table.remedy(meta) if meta is not None else _unknown_rule(finding, table)


def first_step(finding: Finding, metas: Mapping[str, RuleMeta], table: RemediationTable) -> str:
    """`System: click-path` of the first step fixing this finding (the text output's hint)."""
    remedy = remedy_for(finding, metas, table)
    step = remedy.steps[0]
    value = fill(step.set, facts(finding)) if step.set else None
    text = f"{step.system}: {step.where() or step.do}"
    return f"{text}; set {value}" if value else text


def _unknown_rule(finding: Finding, table: RemediationTable) -> Remedy:
    from ledgerlint.models.rules import RuleDoc

    meta = RuleMeta(
        finding.rule_id, finding.rule_name, finding.severity, RuleDoc(finding.message, "", "")
    )
    return table.remedy(meta)


def _assess_file(
    file: str,
    findings: list[Finding],
    notes: list[Notification],
    metas: Mapping[str, RuleMeta],
    table: RemediationTable,
    *,
    firm: str | None,
    captured_at: str | None,
    redacted: bool,
    accepted: tuple[Accepted, ...] = (),
) -> Assessment:
    remedies = {f.rule_id: remedy_for(f, metas, table) for f in findings}
    refs = {id(f): f"F{n}" for n, f in enumerate(findings, 1)}
    parents = link_causes(findings, remedies)
    items = _build_items(findings, parents, remedies, refs)
    roots = [items[id(f)] for f in findings if id(f) not in parents]
    groups = _group(roots, remedies)
    plan = plan_steps(findings, items, remedies, table)
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    not_run = _not_run(notes, metas)
    failures = tuple(n.message for n in notes if n.kind in ("plugin-error", "input-error"))
    at_risk = sum((g.at_risk() for g in groups), Decimal(0))
    verdict, sentence = _verdict(counts, not_run, failures, at_risk, len(accepted))
    total = len(metas)
    assessment = Assessment(
        file=file,
        firm=firm,
        captured_at=captured_at,
        verdict=verdict,
        sentence=sentence,
        counts=counts,
        rules_run=total - len({n.rule_id for n in not_run}),
        rules_total=total,
        groups=groups,
        plan=plan,
        glossary=(),
        items=tuple(items[id(f)] for f in findings),
        not_run=not_run,
        failures=failures,
        redacted=redacted,
        accepted=accepted,
    )
    return _with_glossary(assessment, table)


# --- cascades --------------------------------------------------------------------------------


# --- items and groups ------------------------------------------------------------------------


def _build_items(
    findings: list[Finding],
    parents: Mapping[int, tuple[Finding, Cause]],
    remedies: Mapping[str, Remedy],
    refs: Mapping[int, str],
) -> dict[int, Item]:
    children: dict[int, list[Finding]] = {}
    for finding in findings:
        if id(finding) in parents:
            children.setdefault(id(parents[id(finding)][0]), []).append(finding)
    items: dict[int, Item] = {}

    def build(finding: Finding) -> Item:
        if id(finding) not in items:
            remedy = remedies[finding.rule_id]
            fields = facts(finding)
            link = parents.get(id(finding))
            items[id(finding)] = Item(
                ref=refs[id(finding)],
                finding=finding,
                label=fill(remedy.finding, fields) or finding.message,
                money=_money(finding, remedy),
                children=tuple(build(c) for c in children.get(id(finding), [])),
                cleared_by_cause=bool(link and link[1].clears),
            )
        return items[id(finding)]

    for finding in findings:
        build(finding)
    return items


def _money(finding: Finding, remedy: Remedy) -> Decimal | None:
    amounts = [decimal_of(finding.properties.get(key)) for key in remedy.money]
    present = [abs(a) for a in amounts if a is not None]
    return max(present) if present else None


def _group(roots: list[Item], remedies: Mapping[str, Remedy]) -> tuple[Group, ...]:
    by_rule: dict[str, list[Item]] = {}
    for item in roots:
        by_rule.setdefault(item.finding.rule_id, []).append(item)
    groups = [
        (remedies[rule_id], items, max((i.finding.severity for i in items), key=rank))
        for rule_id, items in by_rule.items()
    ]
    groups.sort(
        key=lambda g: (
            -rank(g[2]),
            -sum((i.at_risk() for i in g[1]), Decimal(0)),
            -sum(1 for i in g[1] for _ in i.walk()),
            g[0].rule_id,
        )
    )
    return tuple(
        Group(_letter(n), remedy, severity, tuple(items))
        for n, (remedy, items, severity) in enumerate(groups)
    )


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- the plan --------------------------------------------------------------------------------


# --- verdict, notes, glossary ----------------------------------------------------------------


def _not_run(notes: list[Notification], metas: Mapping[str, RuleMeta]) -> tuple[NotRun, ...]:
    return tuple(
        NotRun(
            n.rule_id,
            metas[n.rule_id].name if n.rule_id in metas else "",
            n.message,
            metas[n.rule_id].severity if n.rule_id in metas else Severity.ERROR,
        )
        for n in notes
        if n.kind == "not-run"
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _verdict(
    counts: Mapping[Severity, int],
    not_run: tuple[NotRun, ...],
    failures: tuple[str, ...],
    at_risk: Decimal,
    accepted: int = 0,
) -> tuple[str, str]:
    """Not ready: an error, a failed check, or an error-level check that could not run
    (missing data is never a pass). Ready with warnings: warnings, notes, or only
    warning-level checks that could not run. Ready: every check ran and found nothing the firm
    has not accepted. Accepted findings never change the verdict; the sentence says they are
    there, so a reader of the verdict alone is not told that nothing was found."""
    from ledgerlint.models.money import money

    one = accepted == 1
    also = (
        f"; {accepted} more finding{'' if one else 's'} the firm has accepted "
        f"{'is' if one else 'are'} listed with {'its reason' if one else 'their reasons'}"
        if accepted
        else ""
    )

    errors, warnings, infos = (counts[s] for s in Severity)
    missing = {n.rule_id for n in not_run}
    unverified = (
        f"{_plural(len(missing), 'check')} could not run in full for missing data, so "
        f"{'its area is' if len(missing) == 1 else 'their areas are'} unverified"
    )
    blocking = any(n.severity is Severity.ERROR for n in not_run)
    if errors or failures or blocking:
        parts = [f"{_plural(errors, 'error')} must be fixed first"] if errors else []
        if failures:
            parts.append(f"{_plural(len(failures), 'check')} failed to run")
        if warnings:
            parts.append(f"{_plural(warnings, 'warning')} should be reviewed")
        found = (
            _join(parts) + (f", with {money(at_risk)} at risk" if at_risk else "") if parts else ""
        )
        said = "; ".join(x for x in (found, unverified if missing else "") if x)
        return NOT_READY, f"Not ready for go-live: {said}{also}."
    if warnings or infos or missing:
        parts = []
        if warnings:
            parts.append(_plural(warnings, "warning"))
        if infos:
            parts.append(_plural(infos, "note"))
        review = f"{_join(parts)} should be reviewed" if parts else ""
        said = "; ".join(x for x in (review, unverified if missing else "") if x)
        return READY_WITH_WARNINGS, f"Ready with warnings: no errors, but {said}{also}."
    if accepted:
        return READY, (
            "Ready for go-live: every check ran, and the only "
            f"{'problem found is 1' if one else f'problems found are {accepted}'} the firm has "
            f"accepted (listed with {'its reason' if one else 'their reasons'})."
        )
    return READY, "Ready for go-live: every check ran and none found a problem."


def _join(parts: list[str]) -> str:
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def prose(assessment: Assessment) -> Iterable[str]:
    """The report's text meant for people (what the glossary and the plain-words test read)."""
    yield assessment.sentence
    for group in assessment.groups:
        yield group.remedy.title
        yield group.remedy.impact
        for item in group.items:
            for node in item.walk():
                yield node.label
    for accepted in assessment.accepted:
        yield accepted.item.label
    for step in assessment.plan:
        yield step.title
        yield step.step.where()
        yield step.step.do
        yield from step.values


def _with_glossary(assessment: Assessment, table: RemediationTable) -> Assessment:
    text = "\n".join(prose(assessment))
    used = [entry for entry in table.glossary if entry.pattern().search(text)]
    return replace(assessment, glossary=tuple(sorted(used, key=lambda e: e.term.casefold())))
