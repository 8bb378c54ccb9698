"""Every rule's examples are its tests: `cases/<ID>.yaml` holds patches to a base fixture and
the findings each must produce (exact messages), run by this one parametrized test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import FIXTURES
from helpers import fixture
from helpers import run

CASES_DIR = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text("utf-8"))
        for index, case in enumerate(spec["cases"]):
            case_id = f"{spec['rule']}-{index}-{case['name']}"
            params.append(pytest.param(spec["rule"], case, id=case_id))
    return params


def _apply(data: Any, patch: list[dict[str, Any]]) -> Any:
    import jsonpath

    from ledgerlint.snapshot.loader import parse_document

    if not patch:
        return data
    # Values written in the case file go through the snapshot's YAML loader, so amounts are Decimal.
    exact = parse_document(yaml.safe_dump(patch).encode(), "patch.yaml", "yaml").plain()
    return jsonpath.patch.apply(exact, data)


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(rule_id: str, case: dict[str, Any]) -> None:
    """Each case: patch the base fixture, run the rule, compare findings and notices."""
    data = _apply(fixture(case.get("base", "clean.yaml")), case.get("patch", []))
    report = run(data, rule_id, options=case.get("options"))
    notes = [n for n in report.notifications if n.rule_id == rule_id]
    crashed = [n.message for n in notes if n.kind == "plugin-error"]
    assert not crashed, crashed
    not_run = [n.message for n in notes if n.kind == "not-run"]
    if case.get("not_run"):
        assert not_run, "expected the rule to report that it could not run"
        expected = case["not_run"]
        if isinstance(expected, str):
            assert any(expected in message for message in not_run), not_run
        return
    assert not not_run, f"rule did not run: {not_run}"
    found = [f for f in report.findings if f.rule_id == rule_id]
    expected_findings = case.get("expect", [])
    assert len(found) == len(expected_findings), [f.message for f in found]
    for finding, expected in zip(found, expected_findings, strict=True):
        assert finding.message == expected["message"]
        if "pointer" in expected:
            assert finding.location.pointer == expected["pointer"]
        if "fix" in expected:
            assert finding.fix is not None
            assert [dict(op) for op in finding.fix.patch] == expected["fix"]
        if "properties" in expected:
            assert {k: str(v) for k, v in finding.properties.items()} == {
                k: str(v) for k, v in expected["properties"].items()
            }
    for kind in ("ambiguous", "skipped"):
        if kind in case:
            messages = [n.message for n in notes if n.kind == kind]
            assert messages == case[kind]


def test_fixtures_exist() -> None:
    """The shared base fixture is present."""
    assert (FIXTURES / "clean.yaml").is_file()
