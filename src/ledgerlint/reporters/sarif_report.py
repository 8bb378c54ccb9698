"""SARIF 2.1.0, ready for GitHub code scanning: full rule metadata, physical and logical
locations relative to the repository root, fingerprints (ledgerlint's own and GitHub's
`primaryLocationLineHash`), fixes as `artifactChanges`, exemptions as suppressions, baseline
states, and rules that could not run as tool execution notifications."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from pathlib import PurePath
from typing import Any

from ledgerlint import __version__
from ledgerlint.engine.paths import repository_path
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Severity
from ledgerlint.models.report import Report
from ledgerlint.models.rules import RuleMeta
from ledgerlint.reporters.common import first_sentence
from ledgerlint.reporters.common import is_security_rule
from ledgerlint.reporters.common import relative_uri
from ledgerlint.reporters.common import truncate
from ledgerlint.reporters.json_report import to_json

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/ledgerlint/ledgerlint"
FINGERPRINT_KEY = "ledgerlint/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0", Severity.INFO: "2.0"}
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
SRCROOT = "%SRCROOT%"
FULL_NAME = "ledgerlint, a compliance linter for law-firm books (Clio Manage + QuickBooks Online)"
DESCRIPTION_LIMIT = 1024  # GitHub: shortDescription and fullDescription text
MAX_TAGS = 20  # GitHub: tags per rule


class _Artifacts:
    """The files results point at, each with its repository-relative URI and index."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.index: dict[str, int] = {}
        self.entries: list[dict[str, Any]] = []

    def add(self, path: str) -> None:
        if path in self.index:
            return
        self.index[path] = len(self.entries)
        self.entries.append({"location": self._uri(path), "mimeType": _mime(path)})

    def _uri(self, path: str) -> dict[str, Any]:
        relative = repository_path(path, self.root)
        if relative is not None:
            return {"uri": relative_uri(relative), "uriBaseId": SRCROOT}
        return {"uri": Path(os.path.realpath(path)).as_uri()}

    def location(self, path: str) -> dict[str, Any]:
        return {**self.entries[self.index[path]]["location"], "index": self.index[path]}


def _rule(meta: RuleMeta) -> dict[str, Any]:
    tags = set(meta.tags) | {"compliance", "trust-accounting"}
    properties: dict[str, Any] = {
        "precision": "very-high",
        "problem.severity": _PROBLEM_SEVERITY[meta.severity.value],
        "source": meta.source if not meta.source.startswith("/") else PurePath(meta.source).name,
    }
    if is_security_rule(meta):
        tags.add("security")
        properties["security-severity"] = _SECURITY_SEVERITY[meta.severity]
    properties["tags"] = sorted(tags)[:MAX_TAGS]
    if meta.fix_safety:
        properties["fixSafety"] = meta.fix_safety
    if meta.options:
        properties["options"] = {o.name: o.default for o in meta.options}
    return {
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": first_sentence(meta.doc.finds, DESCRIPTION_LIMIT)},
        "fullDescription": {"text": truncate(" ".join(meta.doc.finds.split()), DESCRIPTION_LIMIT)},
        "help": {"text": meta.doc.fix.strip(), "markdown": meta.markdown()},
        "helpUri": meta.help_uri,
        "defaultConfiguration": {"level": _LEVELS[meta.severity]},
        "properties": dict(sorted(properties.items())),
    }


def _region(location: Location) -> dict[str, Any]:
    line, column = location.line or 1, location.column or 1
    return {
        "startLine": line,
        "startColumn": column,
        "endLine": location.end_line or line,
        "endColumn": location.end_column or column + 1,
    }


def _physical(location: Location, artifacts: _Artifacts) -> dict[str, Any]:
    return {"artifactLocation": artifacts.location(location.file), "region": _region(location)}


def _line_hashes(findings: list[Finding]) -> dict[int, str]:
    """GitHub's `primaryLocationLineHash` form (16 hex digits, `:`, occurrence), made from the
    finding's identity (rule and entity) instead of the text around its line: a pull that
    changes a nearby balance keeps the alert."""
    seen: Counter[tuple[str, str]] = Counter()
    hashes = {}
    for finding in findings:
        key = (finding.location.file, finding.fingerprint[:16])
        seen[key] += 1
        hashes[id(finding)] = f"{finding.fingerprint[:16]}:{seen[key]}"
    return hashes


def _result(
    finding: Finding,
    rule_index: dict[str, int],
    artifacts: _Artifacts,
    line_hash: str,
) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": _physical(finding.location, artifacts)}
    logical = {"fullyQualifiedName": finding.location.pointer or "/", "kind": "object"}
    if finding.logical:
        logical["name"] = finding.logical
    location["logicalLocations"] = [logical]
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index[finding.rule_id],
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {
            FINGERPRINT_KEY: finding.fingerprint,
            "primaryLocationLineHash": line_hash,
        },
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": index, "physicalLocation": _physical(loc, artifacts), "message": {"text": label}}
            for index, (loc, label) in enumerate(finding.related, start=1)
        ]
    properties: dict[str, Any] = {"pointer": finding.location.pointer, **finding.properties}
    if finding.fix is not None:
        fix = finding.fix
        properties["fix"] = {"safety": fix.safety, "jsonPatch": [dict(op) for op in fix.patch]}
        if fix.edits:
            result["fixes"] = [
                {
                    "description": {"text": f"{fix.description} ({fix.safety})"},
                    "artifactChanges": [
                        {
                            "artifactLocation": artifacts.location(finding.location.file),
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "startLine": edit.line,
                                        "startColumn": edit.start,
                                        "endLine": edit.line,
                                        "endColumn": edit.end,
                                    },
                                    "insertedContent": {"text": edit.text},
                                }
                                for edit in fix.edits
                            ],
                        }
                    ],
                }
            ]
    result["properties"] = properties
    return result


DEFAULT_CATEGORY = "ledgerlint/"


def category_for(category: str | None) -> str:
    """`automationDetails.id`: `CATEGORY/` (GitHub reads what is before the last `/` as the
    category). The default is the same for every run: GitHub closes an alert only when the next
    analysis of the same category no longer has it, so a category that changed with the set of
    snapshots (one client added) would leave the old alerts open for ever. Jobs that gate
    different snapshots of one repository each pass their own fixed `--category`."""
    category = category or DEFAULT_CATEGORY
    return category if category.endswith("/") else category + "/"


def render(report: Report, *, root: Path | None = None, category: str | None = None) -> str:
    """`root`: the repository root URIs are relative to (default: the working directory).
    `category`: the `automationDetails.id` category (default: `ledgerlint/`)."""
    root = Path(root) if root is not None else Path.cwd()
    findings = [
        *report.findings,
        *(item.finding for item in report.exempted),
        *report.unchanged,
        *report.absent,
    ]
    metas = {meta.id: meta for meta in report.rules}
    if any(f.rule_id not in metas for f in findings):
        from ledgerlint.engine.diagnostics import ENGINE_RULES

        metas.update({meta.id: meta for meta in ENGINE_RULES})
    rules = [metas[rule_id] for rule_id in sorted(metas)]
    rule_index = {meta.id: index for index, meta in enumerate(rules)}
    artifacts = _Artifacts(root)
    for path in report.files:
        artifacts.add(path)
    for finding in findings:
        artifacts.add(finding.location.file)
    notifications = []
    for note in report.notifications:
        entry: dict[str, Any] = {
            "level": "error"
            if note.kind in ("plugin-error", "input-error")
            else ("warning" if note.kind == "not-run" else "note"),
            "message": {"text": f"{note.rule_id} {note.message}"},
            "descriptor": {"id": note.kind},
        }
        if note.rule_id in rule_index:
            entry["associatedRule"] = {"id": note.rule_id, "index": rule_index[note.rule_id]}
        if note.location is not None and note.file in artifacts.index:
            entry["locations"] = [{"physicalLocation": _physical(note.location, artifacts)}]
        notifications.append(entry)
    hashes = _line_hashes(findings)
    exempted = {id(item.finding): item for item in report.exempted}
    states = {id(f): "unchanged" for f in report.unchanged}
    states |= {id(f): "absent" for f in report.absent}
    states |= {id(x.finding): "unchanged" if x.in_baseline else "new" for x in report.exempted}
    results = []
    for finding in sorted(findings, key=Finding.sort_key):
        result = _result(finding, rule_index, artifacts, hashes[id(finding)])
        if id(finding) in exempted:
            item = exempted[id(finding)]
            result["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"{item.exemption.reason} (until "
                    f"{item.exemption.expires.isoformat()})",
                }
            ]
        if report.baselined:
            result["baselineState"] = states.get(id(finding), "new")
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ledgerlint",
                "fullName": FULL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(meta) for meta in rules],
            }
        },
        "automationDetails": {"id": category_for(category)},
        "invocations": [
            {
                "executionSuccessful": not report.errors(),
                "toolExecutionNotifications": notifications,
            }
        ],
        "originalUriBaseIds": {
            SRCROOT: {
                "uri": root.resolve().as_uri().rstrip("/") + "/",
                "description": {"text": "The root of the repository the snapshots are in."},
            }
        },
        "artifacts": artifacts.entries,
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "redacted": report.redacted,
            "suppressed": report.suppressed,
            "exempted": len(report.exempted),
        },
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return to_json(document)


def _mime(path: str) -> str:
    return "application/json" if path.lower().endswith(".json") else "application/yaml"
