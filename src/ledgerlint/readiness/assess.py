"""Turn a run's findings into an assessment per snapshot: verdict, cause groups, fix plan.

    findings ──link causes──▶ trees (a cascade under the finding that causes it)
             ──group──▶ one group per rule of the tree roots, with its money at risk
             ──plan──▶ the steps of every rule with findings not cleared by an earlier fix,
                       ordered by phase, then dependencies, then severity and money

Pure: reads the Report (already redacted when `--redact` was given) and the remediation table,
never the snapshot, so every figure is one a finding states in its `properties`.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Notification
from ledgerlint.models.findings import Severity
from ledgerlint.models.report import Report
from ledgerlint.models.rules import RuleMeta
from ledgerlint.readiness.table import Cause
from ledgerlint.readiness.table import GlossaryEntry
from ledgerlint.readiness.table import Phase
from ledgerlint.readiness.table import RemediationTable
from ledgerlint.readiness.table import Remedy
from ledgerlint.readiness.table import Step
from ledgerlint.readiness.table import load_table
from ledgerlint.readiness.templates import facts
from ledgerlint.readiness.templates import fill

NOT_READY = "not ready"
READY_WITH_WARNINGS = "ready with warnings"
READY = "ready"

_CLIENT_KEYS = ("client", "clients", "customer")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


@dataclass(frozen=True)
class Item:
    """A finding in plain words, with the findings it causes nested under it."""

    ref: str
    """`F3`: the finding's number in this snapshot's report (in file order)."""
    finding: Finding
    label: str
    money: Decimal | None
    """The money at risk this finding states itself (None: it states none)."""
    children: tuple[Item, ...] = ()
    cleared_by_cause: bool = False
    """Fixing the finding it is nested under clears it too."""

    def at_risk(self) -> Decimal:
        """Its own money, or else what its consequences state (never both: they restate it)."""
        if self.money is not None:
            return self.money
        return sum((child.at_risk() for child in self.children), Decimal(0))

    def walk(self) -> Iterable[Item]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Group:
    """The findings of one rule that nothing else explains, with their consequences."""

    letter: str
    remedy: Remedy
    severity: Severity
    items: tuple[Item, ...]

    def at_risk(self) -> Decimal:
        return sum((item.at_risk() for item in self.items), Decimal(0))


@dataclass(frozen=True)
class PlanStep:
    number: int
    rule_id: str
    title: str
    phase: Phase
    step: Step
    severity: Severity
    values: tuple[str, ...]
    """The value to set, filled in for each finding the step fixes."""
    clears: tuple[str, ...]
    """The findings (refs) this rule's steps fix."""
    also_clears: tuple[str, ...]
    """Their consequences, cleared by the same fix."""
    together_with: tuple[int, ...] = ()
    """The other steps of the same rule: the findings clear once all are done."""


@dataclass(frozen=True)
class NotRun:
    rule_id: str
    rule_name: str
    message: str
    severity: Severity
    """The rule's default severity: what it might have found."""


@dataclass(frozen=True)
class Assessment:
    file: str
    firm: str | None
    captured_at: str | None
    verdict: str
    sentence: str
    counts: Mapping[Severity, int]
    rules_run: int
    rules_total: int
    groups: tuple[Group, ...]
    plan: tuple[PlanStep, ...]
    glossary: tuple[GlossaryEntry, ...]
    items: tuple[Item, ...]
    """Every finding once, in file order (the appendix)."""
    not_run: tuple[NotRun, ...]
    failures: tuple[str, ...]
    """Rules or plugins that failed: the run is incomplete."""
    redacted: bool

    def at_risk(self) -> Decimal:
        return sum((group.at_risk() for group in self.groups), Decimal(0))


def assess(report: Report, table: RemediationTable | None = None) -> tuple[Assessment, ...]:
    """One assessment per snapshot file of the report, in the report's file order."""
    table = table or load_table()
    metas = {meta.id: meta for meta in report.rules}
    infos = {info.file: info for info in report.snapshots}
    result = []
    for file in report.files:
        findings = [f for f in report.findings if f.location.file == file]
        notes = [n for n in report.notifications if n.file in (file, "")]
        info = infos.get(file)
        result.append(
            _assess_file(
                file,
                findings,
                notes,
                metas,
                table,
                firm=info.firm if info else None,
                captured_at=info.captured_at if info else None,
                redacted=report.redacted,
            )
        )
    return tuple(result)


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
) -> Assessment:
    remedies = {f.rule_id: remedy_for(f, metas, table) for f in findings}
    refs = {id(f): f"F{n}" for n, f in enumerate(findings, 1)}
    parents = _link_causes(findings, remedies, table)
    items = _build_items(findings, parents, remedies, refs)
    roots = [items[id(f)] for f in findings if id(f) not in parents]
    groups = _group(roots, remedies)
    plan = _plan(findings, parents, items, remedies, table)
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    not_run = _not_run(notes, metas)
    failures = tuple(n.message for n in notes if n.kind in ("plugin-error", "input-error"))
    at_risk = sum((g.at_risk() for g in groups), Decimal(0))
    verdict, sentence = _verdict(counts, not_run, failures, at_risk)
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
    )
    return _with_glossary(assessment, table)


# --- cascades --------------------------------------------------------------------------------


def _link_causes(
    findings: list[Finding], remedies: Mapping[str, Remedy], table: RemediationTable
) -> dict[int, tuple[Finding, Cause]]:
    """For each finding another one causes: that cause (the deepest candidate, so a cascade
    nests under its nearest cause), and the edge that links them."""
    edges: dict[str, list[tuple[str, Cause]]] = {}
    for rule_id, remedy in remedies.items():
        for cause in remedy.causes:
            edges.setdefault(cause.rule, []).append((rule_id, cause))
    order = _cause_order(remedies)
    ordered = sorted(findings, key=lambda f: order.get(f.rule_id, len(order)))
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    position = {id(f): n for n, f in enumerate(findings)}
    parents: dict[int, tuple[Finding, Cause]] = {}
    depth: dict[int, int] = {}
    for finding in ordered:
        candidates = [
            (candidate, cause)
            for cause_rule, cause in edges.get(finding.rule_id, [])
            for candidate in by_rule.get(cause_rule, [])
            if _matches(candidate, finding, cause.match)
        ]
        if candidates:
            parent, cause = max(
                candidates, key=lambda c: (depth.get(id(c[0]), 0), -position[id(c[0])])
            )
            parents[id(finding)] = (parent, cause)
            depth[id(finding)] = depth.get(id(parent), 0) + 1
    return parents


def _cause_order(remedies: Mapping[str, Remedy]) -> dict[str, int]:
    """Rule IDs, causes before what they cause (the table's cause graph is acyclic)."""
    incoming: dict[str, set[str]] = {rule_id: set() for rule_id in remedies}
    for rule_id, remedy in remedies.items():
        for cause in remedy.causes:
            if cause.rule in incoming:
                incoming[cause.rule].add(rule_id)
    order: dict[str, int] = {}
    ready = sorted(r for r, sources in incoming.items() if not sources)
    while ready:
        rule_id = ready.pop(0)
        order[rule_id] = len(order)
        for cause in remedies[rule_id].causes:
            waiting = incoming.get(cause.rule)
            if waiting is not None and rule_id in waiting:
                waiting.discard(rule_id)
                if not waiting and cause.rule not in order:
                    ready.append(cause.rule)
                    ready.sort()
    for rule_id in sorted(incoming):  # a cycle (the table test forbids one) still terminates
        order.setdefault(rule_id, len(order))
    return order


def _matches(cause: Finding, effect: Finding, how: tuple[str, ...]) -> bool:
    if "file" in how:
        return True
    if "client" in how and _clients(cause) & _clients(effect):
        return True
    return "amount" in how and bool(_amounts(cause) & _amounts(effect))


def _clients(finding: Finding) -> set[str]:
    names: set[str] = set()
    for key in _CLIENT_KEYS:
        value = finding.properties.get(key)
        values = value if isinstance(value, (list, tuple)) else [value]
        names.update(" ".join(str(v).split()).casefold() for v in values if v)
    return names


def _amounts(finding: Finding) -> set[Decimal]:
    found = set()
    for value in finding.properties.values():
        amount = _decimal(value)
        if amount:
            found.add(abs(amount))
    return found


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str) and _DECIMAL.match(value):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


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
    amounts = [_decimal(finding.properties.get(key)) for key in remedy.money]
    present = [abs(a) for a in amounts if a is not None]
    return max(present) if present else None


def _group(roots: list[Item], remedies: Mapping[str, Remedy]) -> tuple[Group, ...]:
    by_rule: dict[str, list[Item]] = {}
    for item in roots:
        by_rule.setdefault(item.finding.rule_id, []).append(item)
    groups = [
        (remedies[rule_id], items, max((i.finding.severity for i in items), key=_rank))
        for rule_id, items in by_rule.items()
    ]
    groups.sort(
        key=lambda g: (
            -_rank(g[2]),
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


def _rank(severity: Severity) -> int:
    return severity.rank


# --- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pending:
    rule_id: str
    index: int
    step: Step
    phase: int
    severity: Severity
    money: Decimal
    values: tuple[str, ...]
    clears: tuple[str, ...]
    also_clears: tuple[str, ...]


def _plan(
    findings: list[Finding],
    parents: Mapping[int, tuple[Finding, Cause]],
    items: Mapping[int, Item],
    remedies: Mapping[str, Remedy],
    table: RemediationTable,
) -> tuple[PlanStep, ...]:
    """Steps for every rule with a finding no earlier fix clears, in dependency order."""
    to_fix: dict[str, list[Item]] = {}
    for finding in findings:
        if not items[id(finding)].cleared_by_cause:
            to_fix.setdefault(finding.rule_id, []).append(items[id(finding)])
    pending: list[_Pending] = []
    for rule_id, fixed in to_fix.items():
        remedy = remedies[rule_id]
        cleared = tuple(child.ref for item in fixed for child in _cleared_consequences(item))
        severity = max((i.finding.severity for i in fixed), key=_rank)
        money = sum((i.at_risk() for i in fixed), Decimal(0))
        for index, step in enumerate(remedy.steps):
            values = tuple(
                dict.fromkeys(
                    v for i in fixed if (v := fill(step.set, facts(i.finding))) is not None
                )
            )
            pending.append(
                _Pending(
                    rule_id,
                    index,
                    step,
                    table.phase_index(step.phase),
                    severity,
                    money,
                    values,
                    tuple(i.ref for i in fixed),
                    cleared,
                )
            )
    ordered = _order(pending, remedies)
    numbers = {(p.rule_id, p.index): n for n, p in enumerate(ordered, 1)}
    return tuple(
        PlanStep(
            number=numbers[(p.rule_id, p.index)],
            rule_id=p.rule_id,
            title=remedies[p.rule_id].title,
            phase=table.phases[p.phase],
            step=p.step,
            severity=p.severity,
            values=p.values,
            clears=p.clears,
            also_clears=p.also_clears,
            together_with=tuple(
                numbers[(p.rule_id, i)]
                for i in range(len(remedies[p.rule_id].steps))
                if i != p.index
            ),
        )
        for p in ordered
    )


def _cleared_consequences(item: Item) -> Iterable[Item]:
    for child in item.children:
        if child.cleared_by_cause:
            yield child
            yield from _cleared_consequences(child)


def _order(pending: list[_Pending], remedies: Mapping[str, Remedy]) -> list[_Pending]:
    """Kahn's algorithm, always taking the available step of the earliest phase, then the
    most severe, the most money, the rule ID. A step waits for the earlier steps of its own
    rule and for the steps of the rules it depends on that are in the same or an earlier
    phase (a dependency in a later phase cannot be honoured and is ignored)."""
    waits: dict[int, set[int]] = {n: set() for n in range(len(pending))}
    by_rule: dict[str, list[int]] = {}
    for n, p in enumerate(pending):
        by_rule.setdefault(p.rule_id, []).append(n)
    for n, p in enumerate(pending):
        for m in by_rule[p.rule_id]:
            if pending[m].index < p.index:
                waits[n].add(m)
        for dependency in remedies[p.rule_id].depends_on:
            for m in by_rule.get(dependency, []):
                if pending[m].phase <= p.phase:
                    waits[n].add(m)
    for n, p in enumerate(pending):  # a step never waits on a later one of its own rule
        waits[n] = {m for m in waits[n] if not _own_later(pending, m, p)}

    def key(n: int) -> tuple[Any, ...]:
        p = pending[n]
        return (p.phase, -_rank(p.severity), -p.money, p.rule_id, p.index)

    heap = [(key(n), n) for n, deps in waits.items() if not deps]
    heapq.heapify(heap)
    done: list[int] = []
    placed: set[int] = set()
    while heap:
        _, n = heapq.heappop(heap)
        done.append(n)
        placed.add(n)
        for m, deps in waits.items():
            if n in deps:
                deps.discard(n)
                if not deps and m not in placed:
                    heapq.heappush(heap, (key(m), m))
    left = sorted((n for n in waits if n not in placed), key=key)  # only after a cycle
    return [pending[n] for n in [*done, *left]]


def _own_later(pending: list[_Pending], m: int, p: _Pending) -> bool:
    other = pending[m]
    return other.rule_id == p.rule_id and other.index > p.index


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
) -> tuple[str, str]:
    """Not ready: an error, a failed check, or an error-level check that could not run
    (missing data is never a pass). Ready with warnings: warnings, notes, or only
    warning-level checks that could not run. Ready: every check ran and found nothing."""
    from ledgerlint.models.money import money

    errors, warnings, infos = (counts[s] for s in Severity)
    missing = {n.rule_id for n in not_run}
    unverified = (
        f"{_plural(len(missing), 'check')} could not run for missing data, so "
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
        return NOT_READY, f"Not ready for go-live: {said}."
    if warnings or infos or missing:
        parts = []
        if warnings:
            parts.append(_plural(warnings, "warning"))
        if infos:
            parts.append(_plural(infos, "note"))
        review = f"{_join(parts)} should be reviewed" if parts else ""
        said = "; ".join(x for x in (review, unverified if missing else "") if x)
        return READY_WITH_WARNINGS, f"Ready with warnings: no errors, but {said}."
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
    for step in assessment.plan:
        yield step.title
        yield step.step.where()
        yield step.step.do
        yield from step.values


def _with_glossary(assessment: Assessment, table: RemediationTable) -> Assessment:
    from dataclasses import replace

    text = "\n".join(prose(assessment))
    used = [entry for entry in table.glossary if entry.pattern().search(text)]
    return replace(assessment, glossary=tuple(sorted(used, key=lambda e: e.term.casefold())))
