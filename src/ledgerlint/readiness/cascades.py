"""Cascades: which finding causes which, from the remediation table's cause edges.

An edge links findings of two rules in the same snapshot when its `match` holds: `file` (any
two), `client` (they name the same client: the `client`, `clients` or `customer` facts),
`amount` (they state the same amount, ignoring sign). Each finding gets at most one cause, the
deepest candidate, so a chain nests as a chain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from ledgerlint.models.findings import Finding
from ledgerlint.readiness.table import Cause
from ledgerlint.readiness.table import Remedy

_CLIENT_KEYS = ("client", "clients", "customer")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def link_causes(
    findings: list[Finding], remedies: Mapping[str, Remedy]
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
        amount = decimal_of(value)
        if amount:
            found.add(abs(amount))
    return found


def decimal_of(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str) and _DECIMAL.match(value):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None
