"""The library's front door: `lint()` reads snapshots, runs the rules and returns a Report.

select rules -> for each file: read -> decode -> evaluate -> place -> sort, redact -> Report
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ledgerlint.books import Books
from ledgerlint.engine.gate import apply_gate
from ledgerlint.engine.registry import Registry
from ledgerlint.engine.registry import build_registry
from ledgerlint.engine.run import evaluate
from ledgerlint.engine.run import resolve_all_options
from ledgerlint.engine.selection import check_selectors
from ledgerlint.engine.selection import is_selected
from ledgerlint.models.config import Config
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Notification
from ledgerlint.models.report import Report
from ledgerlint.snapshot import SourceDocument
from ledgerlint.snapshot import load_document
from ledgerlint.snapshot import place_findings
from ledgerlint.snapshot import place_notifications
from ledgerlint.snapshot import read_snapshot
from ledgerlint.snapshot.regions import close_regions


def lint(
    paths: Iterable[str | Path],
    config: Config | None = None,
    *,
    registry: Registry | None = None,
    redact: bool = False,
) -> Report:
    """Lint each snapshot file and return one sorted, deterministic Report."""
    return lint_documents(
        (load_document(path) for path in paths), config, registry=registry, redact=redact
    )


def lint_documents(
    documents: Iterable[SourceDocument],
    config: Config | None = None,
    *,
    registry: Registry | None = None,
    redact: bool = False,
) -> Report:
    """`lint()` over documents already read (tests and `pull | check` pipelines use this)."""
    config = config or Config()
    registry = registry or build_registry()
    metas = [rule.meta for rule in registry.sorted_rules()]
    check_selectors(config.select, metas, "--select")
    check_selectors(config.ignore, metas, "--ignore")
    rules = [
        r for r in registry.sorted_rules() if is_selected(r.meta, config.select, config.ignore)
    ]
    # Every rule's options, selected or not: shared parts of the books read them (movement
    # pairing follows TR011's window even when only TR012 is selected).
    options = resolve_all_options(registry.sorted_rules(), config, registry.rules)

    files: list[str] = []
    findings: list[Finding] = []
    notifications = [
        Notification("plugins", error, "plugin-error", "") for error in registry.plugin_errors
    ]
    protected = None
    if redact:
        from ledgerlint.redaction import ProtectedNames

        protected = ProtectedNames()
    for document in documents:
        books = Books(read_snapshot(document), registry.jurisdictions, options=options)
        if protected is not None:
            protected.add(books)
        files.append(document.path)
        result = evaluate(
            document=document,
            books=books,
            rules=rules,
            config=config,
            options=options,
            jurisdictions=registry.jurisdictions,
        )
        findings += close_regions(document, place_findings(document, result.findings))
        notifications += place_notifications(document, result.notifications)
    report = Report(
        files=tuple(files),
        rules=tuple(rule.meta for rule in rules),
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        notifications=tuple(sorted(notifications, key=Notification.sort_key)),
    )
    report = apply_gate(report, config)  # exemptions and the baseline
    if protected is not None:
        report = protected.redactor().redact_report(report)
    return report


def snapshot_json_schema() -> dict[str, Any]:
    """The JSON Schema of the snapshot format (for editors and for validation elsewhere)."""
    from ledgerlint.snapshot.schema import snapshot_schema

    return snapshot_schema()
