"""The library's front door: `lint()` reads snapshots, runs the rules and returns a Report.

select rules (Linter) -> for each file: read -> decode -> evaluate -> place (FileResult)
-> merge, sort, redact (Linter.report) -> Report
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
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
from ledgerlint.models.report import SnapshotInfo
from ledgerlint.snapshot import SourceDocument
from ledgerlint.snapshot import load_document
from ledgerlint.snapshot import place_findings
from ledgerlint.snapshot import place_notifications
from ledgerlint.snapshot import read_snapshot
from ledgerlint.snapshot.regions import close_regions

if TYPE_CHECKING:
    from ledgerlint.redaction import ProtectedNames


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
    linter = Linter(config, registry=registry)
    return linter.report((linter.lint_document(d, names=redact) for d in documents), redact=redact)


@dataclass(frozen=True)
class FileResult:
    """One snapshot linted: what `Linter.report` merges. Plain picklable data, so `batch` can
    lint files in worker processes and merge in the parent."""

    path: str
    findings: tuple[Finding, ...]
    notifications: tuple[Notification, ...]
    snapshot: SnapshotInfo
    names: ProtectedNames | None = None
    """The client names to redact (collected when asked for)."""


class Linter:
    """The rules selected for a run, checked once, ready to lint one document at a time."""

    def __init__(self, config: Config | None = None, *, registry: Registry | None = None) -> None:
        self.config = config = config or Config()
        self.registry = registry = registry or build_registry(
            extra_rule_dirs=config.rule_dirs, extra_jurisdiction_dirs=config.jurisdiction_dirs
        )
        metas = [rule.meta for rule in registry.sorted_rules()]
        check_selectors(config.select, metas, "--select")
        check_selectors(config.ignore, metas, "--ignore")
        self.rules = [
            r for r in registry.sorted_rules() if is_selected(r.meta, config.select, config.ignore)
        ]
        # Every rule's options, selected or not: shared parts of the books read them (movement
        # pairing follows TR011's window even when only TR012 is selected).
        self.options = resolve_all_options(registry.sorted_rules(), config, registry.rules)

    def lint_document(self, document: SourceDocument, *, names: bool = False) -> FileResult:
        """Read, decode, evaluate and place one snapshot; `names`: also collect the client
        names `--redact` must hide."""
        books = Books(read_snapshot(document), self.registry.jurisdictions, options=self.options)
        protected = None
        if names:
            from ledgerlint.redaction import ProtectedNames

            protected = ProtectedNames()
            protected.add(books)
        result = evaluate(
            document=document,
            books=books,
            rules=self.rules,
            config=self.config,
            options=self.options,
            jurisdictions=self.registry.jurisdictions,
        )
        snapshot = books.snapshot
        return FileResult(
            path=document.path,
            findings=tuple(close_regions(document, place_findings(document, result.findings))),
            notifications=tuple(place_notifications(document, result.notifications)),
            snapshot=SnapshotInfo(
                document.path,
                snapshot.firm.name if snapshot.firm else None,
                snapshot.captured_at.date().isoformat(),
            ),
            names=protected,
        )

    def report(
        self,
        results: Iterable[FileResult],
        *,
        redact: bool = False,
        extra: Iterable[Notification] = (),
    ) -> Report:
        """One sorted, deterministic Report of the files in the order given; `redact` hides
        the names the results collected; `extra`: notes about the run (files not read)."""
        files: list[str] = []
        snapshots: list[SnapshotInfo] = []
        findings: list[Finding] = []
        notifications = [
            Notification("plugins", error, "plugin-error", "")
            for error in self.registry.plugin_errors
        ]
        notifications += extra
        protected = None
        if redact:
            from ledgerlint.redaction import ProtectedNames

            protected = ProtectedNames()
        for result in results:
            files.append(result.path)
            snapshots.append(result.snapshot)
            findings += result.findings
            notifications += result.notifications
            if protected is not None and result.names is not None:
                protected.merge(result.names)
        report = Report(
            files=tuple(files),
            rules=tuple(rule.meta for rule in self.rules),
            findings=tuple(sorted(findings, key=Finding.sort_key)),
            notifications=tuple(sorted(notifications, key=Notification.sort_key)),
            snapshots=tuple(snapshots),
        )
        # Exemptions and the baseline, over every file at once (a baseline finding is `absent`
        # only when no file still has it).
        report = apply_gate(report, self.config)
        if protected is not None:
            report = protected.redactor().redact_report(report)
        return report


def snapshot_json_schema() -> dict[str, Any]:
    """The JSON Schema of the snapshot format (for editors and for validation elsewhere)."""
    from ledgerlint.snapshot.schema import snapshot_schema

    return snapshot_schema()
