"""The fix plan: the steps of every rule with a finding no earlier fix clears, ordered by phase,
then dependencies, then severity and money at risk."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Severity
from ledgerlint.readiness.model import Item
from ledgerlint.readiness.model import PlanStep
from ledgerlint.readiness.table import RemediationTable
from ledgerlint.readiness.table import Remedy
from ledgerlint.readiness.table import Step
from ledgerlint.readiness.templates import facts
from ledgerlint.readiness.templates import fill


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


def plan_steps(
    findings: list[Finding],
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
        severity = max((i.finding.severity for i in fixed), key=rank)
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
        return (p.phase, -rank(p.severity), -p.money, p.rule_id, p.index)

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


def rank(severity: Severity) -> int:
    return severity.rank
