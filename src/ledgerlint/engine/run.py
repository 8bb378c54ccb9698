"""Evaluate the selected rules over one snapshot: problems in, findings out."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ledgerlint.books import Books
from ledgerlint.engine.guard import within_budget
from ledgerlint.engine.selection import severity_for
from ledgerlint.errors import ConfigError
from ledgerlint.models.config import Config
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Notice
from ledgerlint.models.findings import Notification
from ledgerlint.models.findings import Problem
from ledgerlint.models.findings import fingerprint
from ledgerlint.models.jurisdiction import Jurisdiction
from ledgerlint.plugins.rule import Rule
from ledgerlint.plugins.rule import RuleContext
from ledgerlint.plugins.rule import RuleSkipped
from ledgerlint.snapshot.loader import SourceDocument


@dataclass
class Evaluation:
    findings: list[Finding]
    notifications: list[Notification]


def resolve_options(rule: Rule, overrides: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The rule's option defaults with the configured values, each checked against its schema."""
    from jsonschema import Draft202012Validator

    options = rule.meta.default_options()
    known = {option.name: option for option in rule.meta.options}
    for name, value in (overrides.get(rule.id) or {}).items():
        if name not in known:
            raise ConfigError(f'invalid config: {rule.id} has no option "{name}"')
        error = next(Draft202012Validator(known[name].schema).iter_errors(value), None)
        if error is not None:
            raise ConfigError(f'invalid config: option "{name}" of {rule.id} {error.message}')
        options[name] = value
    return options


def resolve_all_options(
    rules: Iterable[Rule], config: Config, known: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Options for every selected rule, checked once per run, before any snapshot is read."""
    known_ids = set(known)
    for rule_id in config.options:
        if rule_id not in known_ids:
            raise ConfigError(f'invalid config: options for unknown rule "{rule_id}"')
    return {rule.id: resolve_options(rule, config.options) for rule in rules}


def missing_inputs(snapshot: Any, requires: Iterable[str]) -> list[str]:
    """The dotted paths among `requires` that the snapshot does not hold (absent or null).

    Paths follow the snapshot's keys: model fields, then mapping keys (`qbo.Preferences.X`)."""
    missing = []
    for path in requires:
        node = snapshot
        for part in path.split("."):
            if node is None:
                break
            node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            missing.append(path)
    return missing


def evaluate(
    *,
    document: SourceDocument,
    books: Books,
    rules: Iterable[Rule],
    config: Config,
    options: Mapping[str, Mapping[str, Any]],
    jurisdictions: Mapping[str, Jurisdiction],
) -> Evaluation:
    """Run each rule over one snapshot; `options` are the resolved option values per rule ID
    (`resolve_all_options`, checked once per run)."""
    file = document.path
    snapshot = books.snapshot
    result = Evaluation([], [])
    for rule in rules:
        meta = rule.meta
        missing = missing_inputs(snapshot, meta.requires)
        if missing:
            listed = ", ".join(f"`{m}`" for m in missing)
            result.notifications.append(
                Notification(
                    meta.id, f"could not run: the snapshot has no {listed}", "not-run", file
                )
            )
            continue
        severity = severity_for(meta, config.severity)
        ctx = RuleContext(snapshot, books, options[rule.id], jurisdictions, document)
        try:
            for item in within_budget(rule.check, ctx, seconds=config.rule_timeout):
                if isinstance(item, Problem):
                    result.findings.append(_finding(rule, severity, file, item))
                elif isinstance(item, Notice):
                    location = Location(file, item.pointer) if item.pointer is not None else None
                    result.notifications.append(
                        Notification(meta.id, item.message, item.kind, file, location)
                    )
        except RuleSkipped as skipped:
            result.notifications.append(
                Notification(meta.id, f"could not run: {skipped}", "not-run", file)
            )
        except Exception as err:  # one broken rule must not stop the others
            result.notifications.append(
                Notification(
                    meta.id,
                    f"rule failed ({meta.source}): {type(err).__name__}: {err}",
                    "plugin-error",
                    file,
                )
            )
    return result


def _finding(rule: Rule, severity: Any, file: str, problem: Problem) -> Finding:
    return Finding(
        rule_id=rule.id,
        rule_name=rule.meta.name,
        severity=severity,
        message=problem.message,
        location=Location(file, problem.pointer),
        fingerprint=fingerprint(rule.id, problem.key),
        key=problem.key,
        fix=problem.fix,
        related=tuple((Location(file, pointer), label) for pointer, label in problem.related),
        properties=problem.properties,
        logical=problem.logical,
    )
