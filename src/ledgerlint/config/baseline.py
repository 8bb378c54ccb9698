"""Read a baseline: the findings of a previous `--format json` or `--format sarif` report, each
with the file it was found in, as an absolute path (the gate matches file and fingerprint).

Where the file paths are relative to: a JSON report names files as the command that wrote it
was given them, so they are read relative to the working directory (write and use a JSON
baseline from the same folder, as CI does from the repository root); a SARIF report names them
relative to the repository root (`%SRCROOT%`), so it works from any folder of the repository.
`<stdin>` (a snapshot read from standard input) is a file name of its own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ledgerlint.engine.paths import STDIN
from ledgerlint.errors import ConfigError
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Severity

_SARIF_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "note": Severity.INFO}


def read_baseline(
    path: str | Path,
    *,
    where: str | None = None,
    cwd: Path | None = None,
    root: Path | None = None,
) -> tuple[Finding, ...]:
    """The findings a report lists (JSON: counted and exempted; SARIF: every result but those
    already `absent`). `where` names the place that asked for the file, for error messages;
    `cwd` is what a JSON report's paths are relative to and `root` a SARIF report's (both the
    working directory by default). An entry that names no file is an error: it could belong to
    any snapshot, and accepting it in every one is how one firm's baseline hid another's."""
    label = where or str(path)
    cwd = cwd or Path.cwd()
    try:
        document = json.loads(Path(path).read_text("utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"{label}: no such baseline file {str(path)!r}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{label}: cannot read baseline {str(path)!r}: {err}") from None
    except ValueError as err:
        raise ConfigError(f"{label}: baseline {str(path)!r} is not JSON: {err}") from None
    try:
        findings = _findings(document, cwd, root or cwd)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as err:
        # Any shape but a report's (a string where an object belongs, a list for a location)
        # lands here: one line, never a traceback.
        raise ConfigError(
            f"{label}: baseline {str(path)!r} is not a ledgerlint report (bad {err})"
        ) from None
    if findings is None:
        raise ConfigError(f"{label}: {str(path)!r} is not a ledgerlint JSON or SARIF report")
    for number, finding in enumerate(findings, start=1):
        if not finding.location.file:
            raise ConfigError(
                f"{label}: baseline {str(path)!r}: finding {number} ({finding.rule_id}) names "
                "no file, so it could be any snapshot's; write the baseline again with "
                "`ledgerlint check SNAPSHOTS --format json -o FILE`"
            )
    return findings


def _findings(document: Any, cwd: Path, root: Path) -> tuple[Finding, ...] | None:
    if isinstance(document, dict) and "findings" in document:
        entries = [*document["findings"], *document.get("exempted", [])]
        return tuple(_from_json(entry, cwd) for entry in entries)
    if isinstance(document, dict) and "runs" in document:
        return tuple(
            _from_sarif(result, run, root)
            for run in document["runs"]
            for result in run.get("results", [])
            if result.get("baselineState") != "absent"
        )
    return None


def _from_json(entry: dict[str, Any], cwd: Path) -> Finding:
    location = entry.get("location") or {}
    file = str(location.get("file") or "")
    return Finding(
        rule_id=str(entry["rule"]),
        rule_name=str(entry.get("name", "")),
        severity=Severity(entry.get("severity", "error")),
        message=str(entry.get("message", "")),
        location=Location(
            _absolute(file, cwd),
            str(location.get("pointer", "")),
            _position(location.get("line")),
            _position(location.get("column")),
        ),
        fingerprint=str(entry["fingerprint"]),
        key="",
    )


def _from_sarif(result: dict[str, Any], run: dict[str, Any], root: Path) -> Finding:
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
            _sarif_file(physical.get("artifactLocation", {}), run, root),
            str(result.get("properties", {}).get("pointer", "")),
            _position(region.get("startLine")),
            _position(region.get("startColumn")),
        ),
        fingerprint=str(result["partialFingerprints"]["ledgerlint/v1"]),
        key="",
    )


def _position(value: Any) -> int | None:
    """A line or column: a whole number, or absent."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError(f"line or column {value!r}")


def _absolute(file: str, base: Path) -> str:
    """`file` joined to `base` unless absolute; `<stdin>` and no file stay as they are."""
    if not file or file == STDIN:
        return file
    return os.path.join(base, file)


def _sarif_file(artifact: dict[str, Any], run: dict[str, Any], root: Path) -> str:
    """The artifact's file: a URI relative to the repository root (`%SRCROOT%`, which is this
    run's root, wherever the report was written), or an absolute `file:` URI. An `index` into
    `run.artifacts` stands for the artifact's own location."""
    uri = artifact.get("uri")
    if uri is None and isinstance(artifact.get("index"), int):
        uri = run.get("artifacts", [])[artifact["index"]].get("location", {}).get("uri")
    if not uri:
        return ""
    parts = urlsplit(str(uri))
    if parts.scheme == "file":
        return url2pathname(parts.path)
    if parts.scheme:
        return ""  # not a file: no snapshot can be matched to it
    return _absolute(unquote(parts.path), root)
