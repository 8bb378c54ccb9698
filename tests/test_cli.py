"""The command line: exit codes, one-line errors with locations, atomic output, selection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT
from helpers import run_cli as ledgerlint

EXAMPLE = "examples/example-firm.yaml"
CLEAN = "tests/fixtures/clean.yaml"


def test_example_has_findings_and_exits_1() -> None:
    """The bundled example is a firm with problems: findings and exit 1."""
    result = ledgerlint("check", EXAMPLE)
    assert result.returncode == 1, result.stderr
    assert "CS001" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("Found ")


def test_clean_snapshot_exits_0() -> None:
    """A clean snapshot: no findings, exit 0."""
    result = ledgerlint("check", CLEAN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found in 1 file" in result.stdout


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (
            '{\n  "ledgerlint_snapshot": 1,\n  "captured_at": ]\n}\n',
            "bad.json",
            "bad.json:3:18: invalid JSON",
        ),
        ("ledgerlint_snapshot: 1\ncaptured_at: [\n", "bad.yaml", "bad.yaml:3:1: invalid YAML"),
        (
            "ledgerlint_snapshot: 7\ncaptured_at: 2026-11-20T09:00:00Z\n",
            "v7.yaml",
            "v7.yaml:1:1: unsupported snapshot format 7",
        ),
        (
            "captured_at: 2026-11-20T09:00:00Z\n",
            "nohead.yaml",
            "nohead.yaml:1:1: not a ledgerlint snapshot",
        ),
    ],
)
def test_bad_input_is_one_line_with_location_and_exit_2(
    tmp_path: Path, content: str, name: str, expected: str
) -> None:
    """Malformed JSON/YAML or a wrong header: exit 2, one line naming file:line:col, no traceback."""
    (tmp_path / name).write_text(content)
    result = ledgerlint("check", name, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"ledgerlint: error: {expected}"), lines[0]


def test_unknown_selector_is_a_usage_error() -> None:
    """--select of a code that matches no rule is refused (exit 2)."""
    result = ledgerlint("check", CLEAN, "--select", "ZZ9")
    assert result.returncode == 2
    assert "--select: 'ZZ9' matches no rule" in result.stderr


def test_output_file_is_written_and_stdout_stays_empty(tmp_path: Path) -> None:
    """--output writes the report (atomically) and prints nothing."""
    target = tmp_path / "report.sarif"
    result = ledgerlint("check", EXAMPLE, "--format", "sarif", "--output", str(target))
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]


def test_failed_run_leaves_existing_output_untouched(tmp_path: Path) -> None:
    """Bad input never half-writes: the previous report stays byte-identical."""
    target = tmp_path / "report.json"
    target.write_text("previous\n")
    (tmp_path / "bad.json").write_text("{")
    result = ledgerlint("check", str(tmp_path / "bad.json"), "--output", str(target))
    assert result.returncode == 2
    assert target.read_text() == "previous\n"


def test_fail_on_never_and_warning() -> None:
    """--fail-on moves the threshold; never always exits 0."""
    assert ledgerlint("check", EXAMPLE, "--fail-on", "never").returncode == 0
    only_warning = ledgerlint("check", EXAMPLE, "--select", "CS001", "--fail-on", "error")
    assert only_warning.returncode == 0
    assert ledgerlint("check", EXAMPLE, "--select", "CS001", "--fail-on", "warning").returncode == 1


def test_rules_lists_ids_and_rule_prints_docs() -> None:
    """`rules` lists every rule; `rule ID` prints its documentation."""
    listed = ledgerlint("rules")
    assert listed.returncode == 0 and "CS001  real-time-sync" in listed.stdout
    shown = ledgerlint("rule", "CS001")
    assert shown.returncode == 0
    assert "\nWhy it matters\n--------------\n" in shown.stdout and "\nHow to fix\n" in shown.stdout
    raw = ledgerlint("rule", "CS001", "--markdown")
    assert "## Why it matters" in raw.stdout and "## How to fix" in raw.stdout
    assert ledgerlint("rule", "XX999").returncode == 2


def test_schema_command_prints_json_schema() -> None:
    """`schema` prints the snapshot JSON Schema; `schema rule` the rule-file schema."""
    snapshot_schema = json.loads(ledgerlint("schema").stdout)
    assert snapshot_schema["title"] == "ledgerlint snapshot, format 1"
    assert "ledgerlint_snapshot" in snapshot_schema["required"]
    rule_schema = json.loads(ledgerlint("schema", "rule").stdout)
    assert rule_schema["title"] == "ledgerlint declarative rule"


def test_published_schema_file_is_current() -> None:
    """schema/snapshot.schema.json (referenced by editors) equals `ledgerlint schema`."""
    published = json.loads((ROOT / "schema" / "snapshot.schema.json").read_text())
    assert published == json.loads(ledgerlint("schema").stdout)
    for which in ("rule", "jurisdiction", "config"):
        published = json.loads((ROOT / "schema" / f"{which}.schema.json").read_text())
        assert published == json.loads(ledgerlint("schema", which).stdout)
        assert published["$id"] == f"https://ledgerlint.dev/schema/{which}-1.json"


def test_start_up_is_light() -> None:
    """`--version` imports neither pydantic nor the rules (lazy imports keep start-up fast)."""
    code = "import sys, ledgerlint.cli; print(sorted(m for m in ('pydantic','yaml','jsonschema','httpx') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_rules_reference_is_current() -> None:
    """docs/rules.md (where SARIF helpUri points) equals `ledgerlint rules --format markdown`."""
    generated = ledgerlint("rules", "--format", "markdown").stdout
    assert (ROOT / "docs" / "rules.md").read_text() == generated


def test_standard_input_is_read_for_dash() -> None:
    """`ledgerlint check -` reads the snapshot from standard input and names it <stdin>."""
    env = {**os.environ, "LEDGERLINT_LOAD_PLUGINS": "", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "ledgerlint", "check", "-", "--select", "CS001"],
        input=(ROOT / EXAMPLE).read_text(),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<stdin>\n") and "CS001" in result.stdout


def test_a_rule_that_ran_on_part_of_its_input_fails_strict(tmp_path: Path) -> None:
    """A QuickBooks list TR012 reads is absent: the rule judged the others and says it could not
    run in full, which `--strict` counts (a partial check is never a green)."""
    import yaml

    data = yaml.safe_load((ROOT / "tests" / "fixtures" / "seed-story.yaml").read_text())
    del data["qbo"]["Purchase"]
    snapshot = tmp_path / "no-purchases.yaml"
    snapshot.write_text(yaml.safe_dump(data))
    relaxed = ledgerlint("check", str(snapshot), "--select", "TR012")
    strict = ledgerlint("check", str(snapshot), "--select", "TR012", "--strict")
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    assert strict.returncode == 1
    words = " ".join(strict.stdout.split())
    assert "TR012 did not check Purchase transactions" in words
    assert "only 0 of 1 rules ran in full" in words
