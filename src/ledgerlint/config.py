"""Read a configuration file (`.ledgerlint.yaml`) into a `Config`.

select: [ALL]              # rule IDs, prefixes or names
ignore: [CS007]
severity: {QB007: error}   # per rule ID or prefix
options: {QB004: {max_classes: 40}}
baseline: ledgerlint-baseline.json
rule_timeout: 60                # seconds per rule and snapshot; 0: no limit
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ledgerlint.errors import ConfigError
from ledgerlint.models.config import Config
from ledgerlint.models.findings import Severity

DEFAULT_CONFIG_FILE = ".ledgerlint.yaml"
_KEYS = {"select", "ignore", "severity", "options", "baseline", "rule_timeout"}


def load_config_file(path: str | Path) -> dict[str, Any]:
    import yaml

    from ledgerlint.snapshot.loader import safe_yaml

    try:
        data = safe_yaml(Path(path).read_text("utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {err.problem}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: invalid config: expected a mapping")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f'{path}: invalid config: unknown key "{unknown[0]}"')
    return data


def build_config(
    file_values: dict[str, Any],
    *,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    baseline: str | None = None,
    base_dir: Path = Path("."),
    rule_timeout: float | None = None,
) -> Config:
    """Command-line values replace the file's `select`; `ignore` adds to it."""
    try:
        severity = {k: Severity(v) for k, v in (file_values.get("severity") or {}).items()}
    except ValueError as err:
        raise ConfigError(f"invalid config: severity {err}") from None
    chosen_select = tuple(_split(select)) or tuple(file_values.get("select") or ("ALL",))
    chosen_ignore = tuple(file_values.get("ignore") or ()) + tuple(_split(ignore))
    baseline_path = baseline or (
        str(base_dir / file_values["baseline"]) if file_values.get("baseline") else None
    )
    timeout = file_values.get("rule_timeout", Config.rule_timeout)
    if rule_timeout is not None:
        timeout = rule_timeout
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout >= 0:
        raise ConfigError(
            f"invalid config: rule_timeout should be a number of seconds (0: no limit), not {timeout!r}"
        )
    return Config(
        rule_timeout=float(timeout),
        select=chosen_select,
        ignore=chosen_ignore,
        severity=severity,
        options={str(k): dict(v or {}) for k, v in (file_values.get("options") or {}).items()},
        baseline=read_baseline(baseline_path) if baseline_path else frozenset(),
    )


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def read_baseline(path: str) -> frozenset[str]:
    """Fingerprints from a previous `--format json` (or SARIF) report."""
    import json

    try:
        document = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such baseline file") from None
    except ValueError as err:
        raise ConfigError(f"{path}: baseline is not JSON: {err}") from None
    if isinstance(document, dict) and "findings" in document:
        return frozenset(f["fingerprint"] for f in document["findings"])
    if isinstance(document, dict) and "runs" in document:
        return frozenset(
            r["partialFingerprints"]["ledgerlint/v1"]
            for run in document["runs"]
            for r in run.get("results", [])
        )
    raise ConfigError(f"{path}: not a ledgerlint JSON or SARIF report")
