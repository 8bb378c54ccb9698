"""Read a baseline: the findings of a previous `--format json` or `--format sarif` report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ledgerlint.errors import ConfigError
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Severity

_SARIF_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "note": Severity.INFO}


def read_baseline(path: str | Path, *, where: str | None = None) -> tuple[Finding, ...]:
    """The findings a report lists (JSON: counted and exempted; SARIF: every result but those
    already `absent`). `where` names the place that asked for the file, for error messages."""
    label = where or str(path)
    try:
        document = json.loads(Path(path).read_text("utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"{label}: no such baseline file {str(path)!r}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{label}: cannot read baseline {str(path)!r}: {err}") from None
    except ValueError as err:
        raise ConfigError(f"{label}: baseline {str(path)!r} is not JSON: {err}") from None
    try:
        if isinstance(document, dict) and "findings" in document:
            entries = [*document["findings"], *document.get("exempted", [])]
            return tuple(_from_json(entry) for entry in entries)
        if isinstance(document, dict) and "runs" in document:
            return tuple(
                _from_sarif(result, run)
                for run in document["runs"]
                for result in run.get("results", [])
                if result.get("baselineState") != "absent"
            )
    except (KeyError, TypeError, ValueError, IndexError) as err:
        raise ConfigError(
            f"{label}: baseline {str(path)!r} is not a ledgerlint report (bad {err})"
        ) from None
    raise ConfigError(f"{label}: {str(path)!r} is not a ledgerlint JSON or SARIF report")


def _from_json(entry: dict[str, Any]) -> Finding:
    location = entry.get("location") or {}
    return Finding(
        rule_id=str(entry["rule"]),
        rule_name=str(entry.get("name", "")),
        severity=Severity(entry.get("severity", "error")),
        message=str(entry.get("message", "")),
        location=Location(
            str(location.get("file", "")),
            str(location.get("pointer", "")),
            location.get("line"),
            location.get("column"),
        ),
        fingerprint=str(entry["fingerprint"]),
        key="",
    )


def _from_sarif(result: dict[str, Any], run: dict[str, Any]) -> Finding:
    physical = (result.get("locations") or [{}])[0].get("physicalLocation", {})
    region = physical.get("region", {})
    rule_id = str(result["ruleId"])
    rules = run.get("tool", {}).get("driver", {}).get("rules", [])
    name = next((r.get("name", "") for r in rules if r.get("id") == rule_id), "")
    return Finding(
        rule_id=rule_id,
        rule_name=str(name),
        severity=_SARIF_LEVELS.get(result.get("level", "warning"), Severity.WARNING),
        message=str(result.get("message", {}).get("text", "")),
        location=Location(
            str(physical.get("artifactLocation", {}).get("uri", "")),
            str(result.get("properties", {}).get("pointer", "")),
            region.get("startLine"),
            region.get("startColumn"),
        ),
        fingerprint=str(result["partialFingerprints"]["ledgerlint/v1"]),
        key="",
    )
