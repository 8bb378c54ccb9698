"""SARIF 2.1.0, ready for GitHub code scanning: full rule metadata, physical and logical
locations, `partialFingerprints`, fixes as `artifactChanges`, and rules that could not run as
tool execution notifications."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from ledgerlint import __version__
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Severity
from ledgerlint.models.report import Report
from ledgerlint.models.rules import RuleMeta
from ledgerlint.reporters.json_report import to_json

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/ledgerlint/ledgerlint"
FINGERPRINT_KEY = "ledgerlint/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0", Severity.INFO: "2.0"}


def _uri(path: str) -> str:
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return pure.as_posix().replace("%", "%25").replace(" ", "%20").replace("#", "%23")


def _rule(meta: RuleMeta) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "tags": sorted(set(meta.tags) | {"compliance", "trust-accounting"}),
        "precision": "very-high",
        "problem.severity": {"error": "error", "warning": "warning", "info": "recommendation"}[
            meta.severity.value
        ],
        "security-severity": _SECURITY_SEVERITY[meta.severity],
        "source": meta.source if not meta.source.startswith("/") else PurePath(meta.source).name,
    }
    if meta.fix_safety:
        properties["fixSafety"] = meta.fix_safety
    if meta.options:
        properties["options"] = {o.name: o.default for o in meta.options}
    return {
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": f"{meta.id} {meta.name}"},
        "fullDescription": {"text": meta.doc.finds.strip()},
        "help": {"text": meta.doc.fix.strip(), "markdown": meta.markdown()},
        "helpUri": meta.help_uri,
        "defaultConfiguration": {"level": _LEVELS[meta.severity]},
        "properties": properties,
    }


def _region(location: Location) -> dict[str, Any]:
    return {"startLine": location.line or 1, "startColumn": location.column or 1}


def _physical(location: Location, artifacts: dict[str, int]) -> dict[str, Any]:
    return {
        "artifactLocation": {"uri": _uri(location.file), "index": artifacts[location.file]},
        "region": _region(location),
    }


def _result(
    finding: Finding, rule_index: dict[str, int], artifacts: dict[str, int]
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
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
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
            uri = {"uri": _uri(finding.location.file), "index": artifacts[finding.location.file]}
            result["fixes"] = [
                {
                    "description": {"text": f"{fix.description} ({fix.safety})"},
                    "artifactChanges": [
                        {
                            "artifactLocation": uri,
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


def render(report: Report) -> str:
    rules = sorted(report.rules, key=lambda meta: meta.id)
    rule_index = {meta.id: index for index, meta in enumerate(rules)}
    artifacts = {path: index for index, path in enumerate(report.files)}
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
        if note.location is not None and note.file in artifacts:
            entry["locations"] = [{"physicalLocation": _physical(note.location, artifacts)}]
        notifications.append(entry)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ledgerlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(meta) for meta in rules],
            }
        },
        "invocations": [
            {
                "executionSuccessful": not report.errors(),
                "toolExecutionNotifications": notifications,
            }
        ],
        "artifacts": [
            {"location": {"uri": _uri(path)}, "mimeType": _mime(path)} for path in report.files
        ],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rule_index, artifacts) for f in report.findings],
        "properties": {"redacted": report.redacted, "suppressed": report.suppressed},
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return to_json(document)


def _mime(path: str) -> str:
    return "application/json" if path.lower().endswith(".json") else "application/yaml"
