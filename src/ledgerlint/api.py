"""The library's front door: `lint()` reads snapshots, runs the rules and returns a Report.

load snapshot -> models -> rules -> findings -> (positions, baseline, redaction) -> Report
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ledgerlint.engine.gate import apply_gate
from ledgerlint.engine.registry import Registry
from ledgerlint.engine.registry import build_registry
from ledgerlint.engine.run import evaluate
from ledgerlint.engine.run import resolve_all_options
from ledgerlint.engine.selection import check_selectors
from ledgerlint.engine.selection import is_selected
from ledgerlint.errors import SnapshotFormatError
from ledgerlint.models.config import Config
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Notification
from ledgerlint.models.report import Report
from ledgerlint.models.snapshot import FORMAT_VERSION
from ledgerlint.models.snapshot import Snapshot
from ledgerlint.snapshot import SourceDocument
from ledgerlint.snapshot import load_document
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
    options = resolve_all_options(rules, config, registry.rules)

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
        snapshot = read_snapshot(document)
        if protected is not None:
            protected.add(snapshot)
        files.append(document.path)
        result = evaluate(
            file=document.path,
            data=document.data,
            snapshot=snapshot,
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


def read_snapshot(document: SourceDocument) -> Snapshot:
    """Check the header and validate the document into models; errors name file:line:col."""
    from pydantic import ValidationError

    data = document.data
    if not isinstance(data, dict):
        raise SnapshotFormatError(
            "a snapshot is a mapping (JSON object)", path=document.path, line=1, column=1
        )
    if "ledgerlint_snapshot" not in data:
        raise SnapshotFormatError(
            "not a ledgerlint snapshot: the header `ledgerlint_snapshot: 1` is missing",
            path=document.path,
            line=1,
            column=1,
        )
    if data["ledgerlint_snapshot"] != FORMAT_VERSION or isinstance(
        data["ledgerlint_snapshot"], bool
    ):
        line, column = document.positions(["/ledgerlint_snapshot"])["/ledgerlint_snapshot"]
        raise SnapshotFormatError(
            f"unsupported snapshot format {data['ledgerlint_snapshot']!r} (this ledgerlint reads format {FORMAT_VERSION})",
            path=document.path,
            line=line,
            column=column,
        )
    import gc

    enabled = gc.isenabled()
    gc.disable()  # validation allocates millions of objects; collecting mid-way only rescans them
    try:
        snapshot = Snapshot.from_data(data)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        pointer = "".join(f"/{part}" for part in first["loc"])
        line, column = document.positions([pointer])[pointer]
        dotted = ".".join(str(part) for part in first["loc"]) or "(document)"
        raise SnapshotFormatError(
            f"{dotted}: {first['msg']}", path=document.path, line=line, column=column
        ) from None
    finally:
        if enabled:
            gc.enable()
    # The snapshot lives for the whole run: move it out of the collector's sight, so the
    # garbage the rules make is collected without rescanning a million snapshot objects.
    gc.freeze()
    return snapshot


def place_findings(document: SourceDocument, findings: list[Finding]) -> list[Finding]:
    """Fill in line and column, resolving only the pointers these findings name."""
    if not findings:
        return []
    pointers = {f.location.pointer for f in findings}
    pointers |= {loc.pointer for f in findings for loc, _ in f.related}
    positions = document.positions(pointers)

    def placed(location: Location) -> Location:
        line, column = positions[location.pointer]
        return Location(location.file, location.pointer, line, column)

    from dataclasses import replace

    from ledgerlint.snapshot.edits import text_edits

    result = []
    for finding in findings:
        fix = finding.fix
        if fix is not None:
            fix = replace(fix, edits=text_edits(document, fix.patch))
        result.append(
            replace(
                finding,
                location=placed(finding.location),
                related=tuple((placed(loc), label) for loc, label in finding.related),
                fix=fix,
            )
        )
    return result


def place_notifications(document: SourceDocument, notes: list[Notification]) -> list[Notification]:
    pointers = [n.location.pointer for n in notes if n.location is not None]
    positions = document.positions(pointers) if pointers else {}
    placed: list[Notification] = []
    for note in notes:
        if note.location is not None:
            line, column = positions[note.location.pointer]
            note = Notification(
                note.rule_id,
                note.message,
                note.kind,
                note.file,
                Location(note.file, note.location.pointer, line, column),
            )
        placed.append(note)
    return placed


def snapshot_json_schema() -> dict[str, Any]:
    """The JSON Schema of the snapshot format (for editors and for validation elsewhere)."""
    schema = Snapshot.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://ledgerlint.dev/schema/snapshot-1.json"
    schema["title"] = "ledgerlint snapshot, format 1"
    return schema
