"""Rule cases: a rule's examples as its tests (sqlfluff's rule fixtures, Semgrep's `--test`).

A case file names a rule and lists cases; each patches a base snapshot with a JSON Patch, runs
that one rule, and states exactly what it must report:

    rule: XF001
    base: ../firm.yaml               # the snapshot the cases patch (relative to this file)
    cases:
      - name: silent on the base snapshot
      - name: fires above the limit
        options: {XF001: {limit: "5000.00"}}
        patch: [{op: replace, path: /qbo/Purchase/0/TotalAmt, value: "7500.00"}]
        expect:
          - message: "Purchase 1106 (Id 601) pays $7,500.00 …"   # exact text
            pointer: /qbo/Purchase/0/TotalAmt                    # optional, like fix, properties
      - name: not run without purchases
        patch: [{op: remove, path: /qbo/Purchase}]
        not_run: qbo.Purchase         # true, or a part of the notice

`ledgerlint test PATH` and the project's own tests (tests/rules/test_rule_cases.py) both run
cases through `run_case`. Documented for rule authors in docs/developing-rules.md.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from ledgerlint.engine.registry import Registry
from ledgerlint.errors import ConfigError
from ledgerlint.models.findings import Finding
from ledgerlint.models.report import Report

_FINDING = {
    "type": "object",
    "additionalProperties": False,
    "required": ["message"],
    "properties": {
        "message": {"type": "string"},
        "pointer": {"type": "string"},
        "fix": {"type": "array", "items": {"type": "object"}},
        "properties": {"type": "object"},
    },
}
_MESSAGES = {"type": "array", "items": {"type": "string"}}
CASE_FILE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "ledgerlint rule case file",
    "type": "object",
    "additionalProperties": False,
    "required": ["rule", "cases"],
    "properties": {
        "rule": {"type": "string", "minLength": 1},
        "base": {"type": "string", "minLength": 1},
        "cases": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "base": {"type": "string", "minLength": 1},
                    "options": {"type": "object"},
                    "patch": {"type": "array", "items": {"type": "object"}},
                    "expect": {"type": "array", "items": _FINDING},
                    "not_run": {"type": ["boolean", "string"]},
                    "skipped": _MESSAGES,
                    "ambiguous": _MESSAGES,
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    index: int
    file: Path
    base: Path
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.index}-{self.name}"


@dataclass(frozen=True)
class Outcome:
    case: Case
    passed: bool
    expected: Any
    actual: Any

    def explain(self) -> str:
        """Expected against actual, as a unified diff of their YAML."""
        import yaml

        def dump(value: Any) -> list[str]:
            text = yaml.safe_dump(_plain(value), sort_keys=False, allow_unicode=True, width=100_000)
            return text.splitlines(keepends=True)

        return "".join(
            difflib.unified_diff(dump(self.expected), dump(self.actual), "expected", "actual")
        )


def find_case_files(path: Path) -> list[Path]:
    """`path` itself, or every YAML file below it that is a case file (has `rule` and `cases`)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ConfigError(f"{path}: no such file or folder")
    import re

    found = []
    for candidate in sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")]):
        if any(part.startswith(".") for part in candidate.relative_to(path).parts):
            continue
        head = candidate.read_text("utf-8", errors="replace")
        if re.search(r"^cases:", head, re.MULTILINE) and re.search(r"^rule:", head, re.MULTILINE):
            found.append(candidate)
    return found


def load_case_file(path: Path, *, default_base: Path | None = None) -> list[Case]:
    """The cases of one file; a malformed file is one error naming the file and the field."""
    from jsonschema import Draft202012Validator

    from ledgerlint.snapshot import load_document

    spec = load_document(path).plain()  # as a snapshot: amounts in cases are Decimal too
    error = next(iter(Draft202012Validator(CASE_FILE_SCHEMA).iter_errors(spec)), None)
    if error is not None:
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        raise ConfigError(
            f"{path}: invalid case file: {field.lstrip('.') or 'file'}: {error.message}"
        )
    file_base = path.parent / spec["base"] if "base" in spec else default_base
    cases = []
    for index, case in enumerate(spec["cases"]):
        base = path.parent / case["base"] if "base" in case else file_base
        if base is None:
            raise ConfigError(
                f"{path}: invalid case file: cases[{index}] has no base snapshot (add `base:`)"
            )
        cases.append(Case(spec["rule"], case["name"], index, path, base, case))
    return cases


@lru_cache(maxsize=8)
def _base_data(path: Path) -> Any:
    from ledgerlint.snapshot import load_document

    return load_document(path).plain()


def run_case(case: Case, registry: Registry) -> Outcome:
    """Patch the base, run the one rule, compare what it reports with what the case expects."""
    import copy

    from ledgerlint.api import lint_documents
    from ledgerlint.models.config import Config
    from ledgerlint.snapshot import parse_document

    if case.rule not in registry.rules:
        return Outcome(
            case,
            False,
            {"rule": case.rule},
            {"rule": f"no rule {case.rule} (is its plugin installed, or its folder in rule_dirs?)"},
        )
    data = copy.deepcopy(_base_data(case.base))
    patch = case.spec.get("patch") or []
    if patch:
        import jsonpath

        try:
            data = jsonpath.patch.apply(patch, data)
        except Exception as err:  # a patch that does not apply is the case's failure
            return Outcome(
                case, False, {"patch": "applies"}, {"patch": f"{type(err).__name__}: {err}"}
            )
    document = parse_document(to_json_bytes(data), case.base.name, "json")
    config = Config(select=(case.rule,), options=case.spec.get("options") or {})
    report = lint_documents([document], config, registry=registry)
    expected, actual = _views(case, report)
    return Outcome(case, expected == actual, expected, actual)


def _views(case: Case, report: Report) -> tuple[dict[str, Any], dict[str, Any]]:
    spec = case.spec
    notes = [n for n in report.notifications if n.rule_id == case.rule]
    expected: dict[str, Any] = {}
    actual: dict[str, Any] = {}
    crashed = [n.message for n in notes if n.kind == "plugin-error"]
    if crashed:
        actual["crashed"] = crashed
    not_run = [n.message for n in notes if n.kind == "not-run"]
    wanted = spec.get("not_run")
    if wanted:
        expected["not_run"] = wanted
        if wanted is True:
            actual["not_run"] = bool(not_run) or "it ran"
        else:
            hit = any(str(wanted) in message for message in not_run)
            actual["not_run"] = wanted if hit else (not_run or "it ran")
        if "expect" not in spec:
            return expected, actual
    elif not_run:
        actual["not_run"] = not_run
    found = [f for f in report.findings if f.rule_id == case.rule]
    wanted_findings = spec.get("expect") or []
    expected["findings"] = [_expected(item) for item in wanted_findings]
    actual["findings"] = [
        _actual(f, wanted_findings[i] if i < len(wanted_findings) else None)
        for i, f in enumerate(found)
    ]
    for kind in ("skipped", "ambiguous"):
        if kind in spec:
            expected[kind] = spec[kind]
            actual[kind] = [n.message for n in notes if n.kind == kind]
    return expected, actual


def _expected(item: dict[str, Any]) -> dict[str, Any]:
    view = dict(item)
    if "properties" in view:
        view["properties"] = {k: str(v) for k, v in view["properties"].items()}
    return view


def _actual(finding: Finding, wanted: dict[str, Any] | None) -> dict[str, Any]:
    keys = list(wanted) if wanted is not None else ["message", "pointer"]
    view: dict[str, Any] = {}
    for key in keys:
        if key == "message":
            view["message"] = finding.message
        elif key == "pointer":
            view["pointer"] = finding.location.pointer
        elif key == "fix":
            view["fix"] = [dict(op) for op in finding.fix.patch] if finding.fix else None
        elif key == "properties":
            view["properties"] = {k: str(v) for k, v in finding.properties.items()}
    return view


def to_json_bytes(data: Any) -> bytes:
    """Snapshot data as JSON, Decimals as JSON numbers with their exact digits."""
    import msgspec

    return msgspec.json.format(msgspec.json.Encoder(decimal_format="number").encode(data), indent=2)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
