"""The machine report, format version 1 (documented in docs/output-formats.md)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ledgerlint import __version__
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Fix
from ledgerlint.models.findings import Location
from ledgerlint.models.report import Report

JSON_REPORT_VERSION = 1


def _location(location: Location) -> dict[str, Any]:
    return {
        "file": location.file,
        "line": location.line,
        "column": location.column,
        "pointer": location.pointer,
    }


def _fix(fix: Fix) -> dict[str, Any]:
    return {
        "description": fix.description,
        "safety": fix.safety,
        "patch": [dict(op) for op in fix.patch],
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "name": finding.rule_name,
        "severity": finding.severity.value,
        "message": finding.message,
        "location": _location(finding.location),
        "subject": finding.logical,
        "fingerprint": finding.fingerprint,
        "fix": _fix(finding.fix) if finding.fix else None,
        "related": [{"label": label, **_location(loc)} for loc, label in finding.related],
        "properties": dict(finding.properties),
    }


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(document: Any) -> str:
    """The house JSON layout: indented, UTF-8 as is, amounts as exact decimal strings."""
    return json.dumps(document, indent=2, ensure_ascii=False, default=_default) + "\n"


def render(report: Report) -> str:
    counts = report.counts()
    document: dict[str, Any] = {
        "version": JSON_REPORT_VERSION,
        "tool": {"name": "ledgerlint", "version": __version__},
        "files": list(report.files),
        "redacted": report.redacted,
    }
    document["summary"] = {
        "findings": len(report.findings),
        **{f"{severity.value}": n for severity, n in counts.items()},
        "fixable": sum(1 for f in report.findings if f.fix is not None),
        "suppressed": report.suppressed,
        "exempted": len(report.exempted),
        "fixed": len(report.absent),
        "rules_run": len(report.rules),
        "rules_not_run": len({(n.file, n.rule_id) for n in report.not_run()}),
    }
    document["findings"] = [finding_dict(f) for f in report.findings]
    document["exempted"] = [
        {
            **finding_dict(item.finding),
            "exemption": {
                "rule": item.exemption.rule,
                "reason": item.exemption.reason,
                "expires": item.exemption.expires.isoformat(),
                "fingerprint": item.exemption.fingerprint,
                "pointer": item.exemption.pointer,
                "where": _location(item.exemption.origin) if item.exemption.origin else None,
            },
        }
        for item in report.exempted
    ]
    document["notifications"] = [
        {
            "rule": n.rule_id,
            "kind": n.kind,
            "message": n.message,
            "file": n.file,
            "location": _location(n.location) if n.location else None,
        }
        for n in report.notifications
    ]
    return to_json(document)
