"""Every output format is pinned (syrupy), deterministic, and SARIF validates against OASIS."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import pytest
from helpers import ROOT
from helpers import TESTS
from helpers import registry
from syrupy.extensions.single_file import SingleFileSnapshotExtension
from syrupy.extensions.single_file import WriteMode

from ledgerlint import __version__
from ledgerlint.api import lint
from ledgerlint.models.report import Report
from ledgerlint.reporters import FORMATS
from ledgerlint.reporters import render
from ledgerlint.reporters import renderer

EXAMPLE = "examples/example-firm.yaml"


class TextSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "txt"


class JsonSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "json"


@lru_cache(maxsize=2)
def example_report(redact: bool = False) -> Report:
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)  # relative paths in the report, as a user running from the repo sees them
    try:
        return lint([EXAMPLE], registry=registry(), redact=redact)
    finally:
        os.chdir(cwd)


def masked(text: str) -> str:
    """Volatile values masked, as Ruff does with [VERSION] in its SARIF snapshot."""
    return text.replace(f'"{__version__}"', '"[VERSION]"').replace(ROOT.as_uri(), "file://[ROOT]")


def rendered(fmt: str, report: Report | None = None) -> str:
    """A report (the example's by default) in a format, paths relative to the repository."""
    return render(fmt, report or example_report(), root=ROOT)


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_format_is_pinned(fmt: str, snapshot: Any) -> None:
    """The example's report in each format, byte for byte."""
    extension = TextSnapshot if fmt in ("text", "github", "junit") else JsonSnapshot
    assert masked(rendered(fmt)) == snapshot(extension_class=extension)


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(fmt: str) -> None:
    """Two runs over the same input give byte-identical output."""
    first = rendered(fmt, lint([ROOT / EXAMPLE], registry=registry()))
    second = rendered(fmt, lint([ROOT / EXAMPLE], registry=registry()))
    assert first == second


def test_text_colour_only_when_asked() -> None:
    """ANSI colour appears only with colour on (the CLI turns it on for a TTY)."""
    render = renderer("text")
    assert "\x1b[" not in render(example_report())
    assert "\x1b[" in render(example_report(), colour=True)


def _sarif_validator() -> Any:
    from jsonschema import FormatChecker
    from jsonschema.validators import validator_for

    schema = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text())
    return validator_for(schema)(schema, format_checker=FormatChecker())


def test_sarif_validates_against_the_oasis_schema() -> None:
    """The SARIF output is valid SARIF 2.1.0, format checks on."""
    document = json.loads(rendered("sarif"))
    errors = sorted(_sarif_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_sarif_carries_rules_fingerprints_locations_and_notifications() -> None:
    """Full rule metadata, partialFingerprints, physical+logical locations, fixes, not-run notes."""
    report = example_report()
    run = json.loads(rendered("sarif", report))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    for rule in rules:
        assert rule["fullDescription"]["text"] and rule["help"]["markdown"] and rule["helpUri"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["ledgerlint/v1"])
        location = result["locations"][0]
        assert location["physicalLocation"]["region"]["startLine"] >= 1
        assert location["logicalLocations"][0]["fullyQualifiedName"].startswith("/")
    fixed = [r for r in run["results"] if "fixes" in r]
    assert fixed, "the example has settings with safe fixes"
    change = fixed[0]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == EXAMPLE
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == len(report.notifications)


def test_sarif_fix_replaces_the_right_text() -> None:
    """Applying a SARIF replacement to the file yields the patched value."""
    report = example_report()
    finding = next(f for f in report.findings if f.rule_id == "CS001")
    assert finding.fix is not None and len(finding.fix.edits) == 1
    edit = finding.fix.edits[0]
    line = (ROOT / EXAMPLE).read_text().splitlines()[edit.line - 1]
    fixed = line[: edit.start - 1] + edit.text + line[edit.end - 1 :]
    assert re.match(r"\s*sync_timing: batch\b", fixed), fixed


def test_json_report_shape() -> None:
    """The JSON report is versioned and carries the summary the docs promise."""
    document = json.loads(renderer("json")(example_report()))
    assert document["version"] == 1
    assert set(document["summary"]) == {
        "findings",
        "error",
        "warning",
        "info",
        "fixable",
        "suppressed",
        "exempted",
        "fixed",
        "rules_run",
        "rules_not_run",
    }
    finding = document["findings"][0]
    assert set(finding) == {
        "rule",
        "name",
        "severity",
        "message",
        "location",
        "subject",
        "fingerprint",
        "fix",
        "related",
        "properties",
    }


def test_github_annotations_escape_and_locate() -> None:
    """One workflow command per finding, with file/line/col and escaped text."""
    lines = renderer("github")(example_report()).splitlines()
    assert len(
        [line for line in lines if line.startswith(("::error file", "::warning file"))]
    ) == len(example_report().findings)
    first = lines[0]
    assert first.startswith(
        "::error file=examples/example-firm.yaml,line=31,col=3,title=JX001 retention-too-short::"
    )


def test_reporters_write_money_one_way() -> None:
    """Every reporter shows amounts with `models.money.money` ($1,234.50, half-even to cents):
    none formats an amount itself, so no two reports can round or sign it differently."""
    own = [
        path.name
        for path in sorted((ROOT / "src" / "ledgerlint" / "reporters").glob("*.py"))
        if re.search(r":,\.2f|quantize\(", path.read_text("utf-8"))
    ]
    # The JSON reports write the bare decimal ("1234.50"), not money.
    assert own == ["readiness_json.py", "reconcile_json.py"]
