"""The go-live readiness report as JSON (version 1), for tools: the same verdict, groups, plan
and glossary as the Markdown, with finding references resolved to fingerprints."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ledgerlint import __version__
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Severity
from ledgerlint.models.money import CENT
from ledgerlint.models.report import Report
from ledgerlint.readiness import Assessment
from ledgerlint.readiness import Item
from ledgerlint.readiness import PlanStep
from ledgerlint.readiness import assess


def render(report: Report) -> str:
    assessments = assess(report)
    document = {
        "version": 1,
        "tool": {"name": "ledgerlint", "version": __version__},
        "redacted": report.redacted,
        "portfolio": [_summary(a) for a in assessments],
        "snapshots": [_snapshot(a) for a in assessments],
        "unreadable": [
            {"file": n.file, "message": n.message}
            for n in report.notifications
            if n.kind == "input-error"
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT))


def _summary(assessment: Assessment) -> dict[str, Any]:
    return {
        "file": assessment.file,
        "firm": assessment.firm,
        "captured_at": assessment.captured_at,
        "verdict": assessment.verdict,
        "errors": assessment.counts[Severity.ERROR],
        "warnings": assessment.counts[Severity.WARNING],
        "infos": assessment.counts[Severity.INFO],
        "money_at_risk": _amount(assessment.at_risk()),
        "accepted": len(assessment.accepted),
    }


def _snapshot(assessment: Assessment) -> dict[str, Any]:
    return {
        **_summary(assessment),
        "sentence": assessment.sentence,
        "rules_run": assessment.rules_run,
        "rules_total": assessment.rules_total,
        "groups": [
            {
                "id": group.letter,
                "rule": group.remedy.rule_id,
                "title": group.remedy.title,
                "impact": group.remedy.impact,
                "severity": group.severity.value,
                "money_at_risk": _amount(group.at_risk()),
                "findings": [_item(item) for item in group.items],
            }
            for group in assessment.groups
        ],
        "plan": [_step(step) for step in assessment.plan],
        "glossary": [{"term": e.term, "means": e.means} for e in assessment.glossary],
        "findings": [
            {
                "ref": item.ref,
                "rule": item.finding.rule_id,
                "name": item.finding.rule_name,
                "severity": item.finding.severity.value,
                "message": item.finding.message,
                "file": item.finding.location.file,
                "line": item.finding.location.line,
                "column": item.finding.location.column,
                "pointer": item.finding.location.pointer,
                "fingerprint": item.finding.fingerprint,
            }
            for item in assessment.items
        ],
        "accepted": [
            {
                "ref": a.ref,
                "rule": a.item.finding.rule_id,
                "name": a.item.finding.rule_name,
                "severity": a.item.finding.severity.value,
                "label": a.item.label,
                "money_at_risk": _amount(a.item.money),
                "message": a.item.finding.message,
                "file": a.item.finding.location.file,
                "line": a.item.finding.location.line,
                "column": a.item.finding.location.column,
                "pointer": a.item.finding.location.pointer,
                "fingerprint": a.item.finding.fingerprint,
                "reason": a.reason,
                "expires": a.expires,
                "exemption": _place(a.where),
            }
            for a in assessment.accepted
        ],
        "not_run": [{"rule": n.rule_id, "message": n.message} for n in assessment.not_run],
        "failures": list(assessment.failures),
    }


def _place(where: Location | None) -> dict[str, Any] | None:
    if where is None:
        return None
    return {"file": where.file, "line": where.line, "column": where.column}


def _item(item: Item) -> dict[str, Any]:
    return {
        "ref": item.ref,
        "rule": item.finding.rule_id,
        "severity": item.finding.severity.value,
        "label": item.label,
        "money_at_risk": _amount(item.money),
        "cleared_by_cause": item.cleared_by_cause,
        "fingerprint": item.finding.fingerprint,
        "caused": [_item(child) for child in item.children],
    }


def _step(step: PlanStep) -> dict[str, Any]:
    return {
        "step": step.number,
        "rule": step.rule_id,
        "title": step.title,
        "phase": step.phase.id,
        "phase_title": step.phase.title,
        "system": step.step.system,
        "path": list(step.step.path),
        "do": step.step.do,
        "set": list(step.values),
        "severity": step.severity.value,
        "clears": list(step.clears),
        "also_clears": list(step.also_clears),
        "together_with": list(step.together_with),
    }
