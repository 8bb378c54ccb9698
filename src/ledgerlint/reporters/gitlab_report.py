"""GitLab Code Quality JSON (the `codequality` report artifact): one issue per finding, with
the path relative to the repository root and a fingerprint unique per file and finding."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ledgerlint.engine.paths import repository_path
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Severity
from ledgerlint.models.report import Report
from ledgerlint.models.rules import RuleMeta
from ledgerlint.reporters.common import is_security_rule
from ledgerlint.reporters.json_report import to_json

_SEVERITIES = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}


def _issue(finding: Finding, meta: RuleMeta | None, root: Path | None) -> dict[str, Any]:
    path = repository_path(finding.location.file, root) or finding.location.file
    severity = _SEVERITIES[finding.severity]
    security = meta is not None and is_security_rule(meta)
    if security and finding.severity is Severity.ERROR:
        severity = "critical"
    identity = f"{path}\x00{finding.fingerprint}".encode()
    return {
        "type": "issue",
        "check_name": finding.rule_id,
        "description": f"{finding.rule_id} {finding.message}",
        "content": {"body": f"{finding.rule_name}: {meta.help_uri}" if meta else finding.rule_name},
        "categories": ["Security"] if security else ["Bug Risk"],
        "severity": severity,
        "fingerprint": hashlib.sha256(identity).hexdigest()[:32],
        "location": {"path": path, "lines": {"begin": finding.location.line or 1}},
    }


def render(report: Report, *, root: Path | None = None) -> str:
    metas = {meta.id: meta for meta in report.rules}
    return to_json([_issue(f, metas.get(f.rule_id), root) for f in report.findings])
