"""The engine decides selection, severity, options and suppression; rules only yield."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import registry
from helpers import run

from ledgerlint.engine.registry import build_registry
from ledgerlint.engine.selection import is_selected
from ledgerlint.engine.yaml_rules import load_yaml_rule
from ledgerlint.errors import ConfigError
from ledgerlint.errors import RuleFileError
from ledgerlint.models.config import Config
from ledgerlint.models.findings import Severity
from ledgerlint.plugins import Problem
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

REAL_TIME = {
    "ledgerlint_snapshot": 1,
    "captured_at": "2026-11-20T09:00:00Z",
    "clio_bill_syncing": {"sync_timing": "real_time"},
}


def _meta(rule_id: str) -> object:
    return registry().rules[rule_id].meta


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (["ALL"], [], True),
        (["CS"], [], True),
        (["TR"], [], False),
        (["CS"], ["CS001"], False),
        (["CS001"], ["CS"], True),
        (["ALL"], ["real-time-sync"], False),
        (["CS00"], ["CS00"], False),
    ],
)
def test_most_specific_selector_wins(select: list[str], ignore: list[str], expected: bool) -> None:
    """Ruff's rule: the longest matching selector decides; on a tie, ignore wins."""
    assert is_selected(_meta("CS001"), select, ignore) is expected  # type: ignore[arg-type]


def test_severity_override_is_applied_by_the_engine() -> None:
    """Configuration changes a rule's severity without the rule knowing."""
    from helpers import to_json_bytes

    from ledgerlint.api import lint_documents
    from ledgerlint.snapshot import parse_document

    doc = parse_document(to_json_bytes(REAL_TIME), "s.json", "json")
    report = lint_documents(
        [doc], Config(select=("CS001",), severity={"CS": Severity.ERROR}), registry=registry()
    )
    assert [f.severity for f in report.findings] == [Severity.ERROR]


def test_unknown_option_and_bad_option_value_are_config_errors() -> None:
    """Options are checked against their schema; errors name the option and rule."""
    from helpers import registry as reg

    sy = next((r for r in reg().rules.values() if r.meta.options), None)
    if sy is None:
        pytest.skip("no rule with options yet")
    with pytest.raises(ConfigError, match='has no option "nope"'):
        run(REAL_TIME, sy.id, options={sy.id: {"nope": 1}})


def test_baseline_suppresses_known_findings() -> None:
    """Findings the baseline holds (same file, same fingerprint) are left out and counted."""
    from helpers import to_json_bytes

    from ledgerlint.api import lint_documents
    from ledgerlint.snapshot import parse_document

    doc = parse_document(to_json_bytes(REAL_TIME), "s.json", "json")
    first = lint_documents([doc], Config(select=("CS001",)), registry=registry())
    second = lint_documents(
        [doc], Config(select=("CS001",), baseline_findings=first.findings), registry=registry()
    )
    assert (len(second.findings), second.suppressed) == (0, 1)


def test_fingerprints_ignore_position() -> None:
    """Moving a setting to another line keeps the finding's fingerprint."""
    a = run(REAL_TIME, "CS001").findings[0]
    moved = {"clio_bill_syncing": {"connected": True, "sync_timing": "real_time"}, **REAL_TIME}
    moved["clio_bill_syncing"] = {"connected": True, "sync_timing": "real_time"}
    b = run(moved, "CS001").findings[0]
    assert a.location.line != b.location.line
    assert a.fingerprint == b.fingerprint


@pytest.mark.parametrize(
    ("content", "field", "message"),
    [
        (
            "id: CS901\nname: x\nseverity: fatal\ndoc: {finds: a, why: b, fix: c}\nassert: [{given: $.a, check: {}, message: m}]\n",
            "severity",
            "is not one of",
        ),
        (
            "id: CS901\nname: x\nseverity: error\ndoc: {finds: a, why: b, fix: c}\nassert: [{given: '$.a[?', check: {}, message: m}]\n",
            "assert[0].given",
            "invalid JSONPath",
        ),
        (
            "id: CS901\nname: x\nseverity: error\ndoc: {finds: a, why: b, fix: c}\nassert: [{given: $.a, check: {type: 12}, message: m}]\n",
            "assert[0].check",
            "invalid JSON Schema",
        ),
        (
            "id: CS901\nname: x\nseverity: error\ndoc: {finds: a, why: b, fix: c}\nassert: [{given: $.a, check: {}, message: '{nope}'}]\n",
            "assert[0].message",
            "unknown placeholder",
        ),
        (
            "id: CS901\nname: x\nseverity: error\nassert: [{given: $.a, check: {}, message: m}]\n",
            None,
            "'doc' is a required property",
        ),
    ],
)
def test_malformed_rule_file_names_file_and_field(
    tmp_path: Path, content: str, field: str | None, message: str
) -> None:
    """A broken YAML rule is a clear error naming the file and the field."""
    path = tmp_path / "CS901-x.yaml"
    path.write_text(content)
    with pytest.raises(RuleFileError) as caught:
        load_yaml_rule(path)
    text = str(caught.value)
    assert str(path) in text and message in text
    if field:
        assert f'field "{field}"' in text


def test_every_shipped_rule_file_validates() -> None:
    """The shipped YAML rules load without validation at start-up, so they are validated here:
    the file schema, the JSON Schemas they hold and their patterns."""
    from ledgerlint.builtin.shipped import ledgerlint_rule_paths

    paths = sorted(p for folder in ledgerlint_rule_paths() for p in folder.rglob("*.yaml"))
    assert len(paths) >= 10
    for path in paths:
        checked, trusted = load_yaml_rule(path), load_yaml_rule(path, validate=False)
        assert checked.meta == trusted.meta


def test_malformed_rule_file_exits_2_via_cli(tmp_path: Path) -> None:
    """A malformed rule in a plugin's rule directory is reported against the plugin in the
    report, every other rule still runs, and the exit code is 2 (the run is incomplete)."""
    from test_cli import ledgerlint

    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "XF001-bad.yaml").write_text("id: XF001\nname: bad\n")
    plugin = tmp_path / "firm_plugin.py"
    plugin.write_text(
        "from pathlib import Path\nfrom ledgerlint.plugins import hookimpl\n"
        "@hookimpl\ndef ledgerlint_rule_paths():\n    return [Path(__file__).parent / 'rules']\n"
    )
    dist = tmp_path / "firm_plugin-0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: firm-plugin\nVersion: 0\n")
    (dist / "entry_points.txt").write_text("[ledgerlint]\nfirm = firm_plugin\n")
    import os
    import subprocess
    import sys

    from helpers import ROOT

    env = {**os.environ, "PYTHONPATH": str(tmp_path), "LEDGERLINT_LOAD_PLUGINS": "firm"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ledgerlint",
            "check",
            str(ROOT / "tests/fixtures/clean.yaml"),
            "--format",
            "json",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    [note] = [n for n in report["notifications"] if "XF001-bad.yaml" in n["message"]]
    assert note["kind"] == "plugin-error"
    assert note["message"].startswith('plugin "firm": invalid rule file ')
    assert note["message"].endswith("'severity' is a required property")
    assert report["summary"]["findings"] == 0  # the other rules all ran, and found nothing
    del ledgerlint


class _Plugins:
    """Third-party style plugins registered in-process."""

    class Good:
        @staticmethod
        @hookimpl
        def ledgerlint_rules() -> list[object]:
            @rule("XF100", "firm-always", severity="info")
            def always(ctx: RuleContext):  # type: ignore[no-untyped-def]
                """Fires once, to prove plugin rules run.

                ## Why it matters
                Tests.

                ## How to fix
                Nothing.
                """
                yield Problem(message="firm rule ran", pointer="", key="firm")

            @rule("XF101", "firm-crashes", severity="error")
            def crashes(ctx: RuleContext):  # type: ignore[no-untyped-def]
                """Raises, to prove one broken rule does not stop the others.

                ## Why it matters
                Tests.

                ## How to fix
                Nothing.
                """
                raise ValueError("boom")
                yield

            return [always, crashes]

    class Broken:
        @staticmethod
        @hookimpl
        def ledgerlint_rules() -> list[object]:
            raise RuntimeError("plugin exploded")


def test_plugin_rules_run_and_failures_are_reported_by_name() -> None:
    """A plugin's rules run like built-ins; a crashing rule or plugin is named, the rest run."""
    custom = build_registry(extra_plugins=(_Plugins.Good(), _Plugins.Broken()))
    assert any("plugin exploded" in e for e in custom.plugin_errors)
    from helpers import to_json_bytes

    from ledgerlint.api import lint_documents
    from ledgerlint.snapshot import parse_document

    doc = parse_document(to_json_bytes(REAL_TIME), "s.json", "json")
    report = lint_documents([doc], Config(select=("XF", "CS001")), registry=custom)
    assert sorted(f.rule_id for f in report.findings) == ["CS001", "XF100"]
    errors = [n.message for n in report.errors()]
    assert any("XF101" in n.rule_id for n in report.errors())
    assert any("ValueError: boom" in m for m in errors)
    assert any("plugin exploded" in m for m in errors)


def test_fix_template_placeholders_are_checked_when_the_rule_loads(tmp_path: Path) -> None:
    """A typo in a fix's description or patch path is a rule-file error, not a crash later."""
    path = tmp_path / "CS902-y.yaml"
    path.write_text(
        "id: CS902\nname: y\nseverity: error\ndoc: {finds: a, why: b, fix: c}\n"
        "assert: [{given: $.a, check: {}, message: m,"
        " fix: {description: d, patch: [{op: remove, path: '{pointr}'}]}}]\n"
    )
    with pytest.raises(RuleFileError, match=r'field "assert\[0\]\.fix\.patch\[0\]\.path"'):
        load_yaml_rule(path)
