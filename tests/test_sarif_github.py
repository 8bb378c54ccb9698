"""SARIF as GitHub code scanning documents it ("SARIF support for code scanning", and its upload
limits): every requirement written down as a check, run on real output."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT
from helpers import fixture
from helpers import registry
from helpers import run_cli as ledgerlint
from helpers import to_json_bytes
from test_reporters import example_report
from test_reporters import rendered

from ledgerlint.models.report import Report
from ledgerlint.reporters import render
from ledgerlint.reporters.common import SECURITY_RULES

LIMITS = {  # GitHub's upload limits (docs: "Validating your SARIF file")
    "gzip_bytes": 10 * 1024 * 1024,
    "runs": 20,
    "results_per_run": 25_000,
    "rules_per_run": 25_000,
    "locations_per_result": 1_000,
    "tags_per_rule": 20,
    "description_chars": 1024,  # shortDescription.text and fullDescription.text
    "rule_name_chars": 255,
}
PRECISIONS = {"very-high", "high", "medium", "low"}
PROBLEM_SEVERITIES = {"error", "warning", "recommendation"}
LEVELS = {"note", "warning", "error"}
LINE_HASH = re.compile(r"^[0-9a-f]{1,16}:[1-9][0-9]*$")


def github_problems(text: str) -> list[str]:
    """Every way `text` (a SARIF log) falls short of GitHub's documented requirements."""
    problems: list[str] = []

    def need(condition: object, problem: str) -> None:
        if not condition:
            problems.append(problem)

    need(len(gzip.compress(text.encode())) <= LIMITS["gzip_bytes"], "over 10 MB gzipped")
    log = json.loads(text)
    need(log.get("$schema"), "sarifLog.$schema is required")
    need(log.get("version") == "2.1.0", "only SARIF 2.1.0 is supported")
    runs = log.get("runs") or []
    need(1 <= len(runs) <= LIMITS["runs"], "1 to 20 runs")
    for run in runs:
        driver = run.get("tool", {}).get("driver", {})
        need(driver.get("name"), "tool.driver.name is required")
        need(driver.get("fullName"), "tool.driver.fullName (ours: always given)")
        rules = driver.get("rules")
        need(isinstance(rules, list), "tool.driver.rules is required")
        rules = rules or []
        need(len(rules) <= LIMITS["rules_per_run"], "too many rules")
        ids = [rule.get("id") for rule in rules]
        for rule in rules:
            rid = rule.get("id")
            need(rid, "rule id is required")
            need(len(rule.get("name", "")) <= LIMITS["rule_name_chars"], f"{rid}: name too long")
            for field in ("shortDescription", "fullDescription"):
                value = rule.get(field, {}).get("text", "")
                need(value.strip(), f"{rid}: {field}.text is required (not empty)")
                need(len(value) <= LIMITS["description_chars"], f"{rid}: {field} over 1024")
            short = rule.get("shortDescription", {}).get("text", "")
            need(
                re.fullmatch(r"[^\n]+[.!?…]", short) and not short.startswith(f"{rid} "),
                f"{rid}: shortDescription is not one sentence: {short!r}",
            )
            need(rule.get("help", {}).get("text", "").strip(), f"{rid}: help.text is required")
            need(
                rule.get("defaultConfiguration", {}).get("level", "warning") in LEVELS,
                f"{rid}: bad defaultConfiguration.level",
            )
            properties = rule.get("properties", {})
            tags = properties.get("tags", [])
            need(len(tags) <= LIMITS["tags_per_rule"], f"{rid}: over 20 tags")
            need(properties.get("precision") in PRECISIONS, f"{rid}: precision")
            need(
                properties.get("problem.severity") in PROBLEM_SEVERITIES,
                f"{rid}: problem.severity on every rule",
            )
            security = properties.get("security-severity")
            need(
                (security is not None) == ("security" in tags),
                f"{rid}: security-severity exactly on rules tagged security",
            )
            if security is not None:
                need(0.0 < float(security) <= 10.0, f"{rid}: security-severity out of range")
        automation = run.get("automationDetails", {}).get("id", "")
        need(automation.endswith("/") and len(automation) > 1, "automationDetails.id category/")
        base = run.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "")
        need(base.startswith("file:///") and base.endswith("/"), "%SRCROOT% absolute, ends in /")
        results = run.get("results")
        need(isinstance(results, list), "run.results is required")
        results = results or []
        need(len(results) <= LIMITS["results_per_run"], "too many results")
        hashes: set[tuple[str, str]] = set()
        for result in results:
            rid = result.get("ruleId")
            need(rid in ids, f"result rule {rid} not in rules")
            if "ruleIndex" in result:
                need(ids[result["ruleIndex"]] == rid, f"{rid}: ruleIndex points elsewhere")
            need(result.get("message", {}).get("text", "").strip(), f"{rid}: message.text")
            locations = result.get("locations") or []
            need(1 <= len(locations) <= LIMITS["locations_per_result"], f"{rid}: locations")
            line_hash = result.get("partialFingerprints", {}).get("primaryLocationLineHash", "")
            need(LINE_HASH.match(line_hash), f"{rid}: primaryLocationLineHash form {line_hash!r}")
            physicals = [loc.get("physicalLocation", {}) for loc in locations]
            physicals += [r.get("physicalLocation", {}) for r in result.get("relatedLocations", [])]
            for physical in physicals:
                artifact = physical.get("artifactLocation", {})
                uri = artifact.get("uri", "")
                need(uri, f"{rid}: artifactLocation.uri is required")
                need(
                    "://" not in uri and not uri.startswith(("/", "../")),
                    f"{rid}: {uri} is not relative to the repository root",
                )
                need(artifact.get("uriBaseId") == "%SRCROOT%", f"{rid}: uriBaseId %SRCROOT%")
                region = physical.get("region", {})
                for key in ("startLine", "startColumn", "endLine", "endColumn"):
                    need(isinstance(region.get(key), int), f"{rid}: region.{key} is required")
                if all(isinstance(region.get(k), int) for k in ("startLine", "endLine")):
                    need(region["endLine"] >= region["startLine"], f"{rid}: region ends early")
                    if region["endLine"] == region["startLine"]:
                        need(region["endColumn"] > region["startColumn"], f"{rid}: empty region")
            if physicals:
                key = (physicals[0].get("artifactLocation", {}).get("uri", ""), line_hash)
                need(key not in hashes, f"{rid}: primaryLocationLineHash repeated in one file")
                hashes.add(key)
    return problems


def test_the_example_meets_github_requirements() -> None:
    """The pinned example's SARIF passes every documented check."""
    assert github_problems(rendered("sarif")) == []


def test_the_checker_catches_what_issue_9_found() -> None:
    """The checks fail on the shapes GitHub rejects or misreads (they are not vacuous)."""
    log = json.loads(rendered("sarif"))
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    rule["shortDescription"]["text"] = f"{rule['id']} {rule['name']}"
    rule["fullDescription"]["text"] = "x" * 1025
    rule["properties"]["security-severity"] = "8.0"
    result = log["runs"][0]["results"][0]
    result["partialFingerprints"] = {"ledgerlint/v1": "0" * 32}
    physical = result["locations"][0]["physicalLocation"]
    physical["artifactLocation"] = {"uri": "../firm.yaml"}
    del physical["region"]["endLine"]
    problems = github_problems(json.dumps(log))
    assert len(problems) == 7, problems


def test_every_rule_fits_github_descriptions() -> None:
    """RC001 and TR002 used to exceed 1,024 characters; no rule does now."""
    report = Report(
        files=(),
        rules=tuple(r.meta for r in registry().sorted_rules()),
        findings=(),
        notifications=(),
    )
    assert github_problems(render("sarif", report, root=ROOT)) == []


def test_security_rules_are_the_documented_ones() -> None:
    """`security` (and security-severity) on the trust-money rules only; docs list the same."""
    rules = json.loads(
        render(
            "sarif", Report((), tuple(r.meta for r in registry().sorted_rules()), (), ()), root=ROOT
        )
    )["runs"][0]["tool"]["driver"]["rules"]
    tagged = {rule["id"] for rule in rules if "security" in rule["properties"]["tags"]}
    assert tagged == SECURITY_RULES
    documented = (ROOT / "docs" / "output-formats.md").read_text()
    section = documented.split("### Security rules", 1)[1].split("\n#", 1)[0]
    assert set(re.findall(r"\b[A-Z]{2}\d{3}\b", section)) == SECURITY_RULES


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository with snapshots/firm.json (the example firm) and a tools/ subfolder."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "tools").mkdir()
    (tmp_path / "snapshots" / "firm.json").write_bytes(
        to_json_bytes(fixture("../../examples/example-firm.yaml"))
    )
    return tmp_path


def test_from_a_subfolder_sarif_is_relative_to_the_repository(repository: Path) -> None:
    """Done-when 1: the repository's config is found and URIs are `snapshots/firm.json`."""
    (repository / "ledgerlint.yaml").write_text("severity: {CS001: error}\nignore: [CS007]\n")
    result = ledgerlint(
        "check", "--format", "sarif", "../snapshots/firm.json", cwd=repository / "tools"
    )
    assert result.returncode == 1, result.stderr
    assert github_problems(result.stdout) == []
    run = json.loads(result.stdout)["runs"][0]
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in run["results"]
        for loc in r["locations"]
    }
    assert uris == {"snapshots/firm.json"}
    assert [a["location"] for a in run["artifacts"]] == [
        {"uri": "snapshots/firm.json", "uriBaseId": "%SRCROOT%"}
    ]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repository.resolve().as_uri() + "/"
    assert run["automationDetails"]["id"] == "ledgerlint/"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["CS001"] == "error"  # the config was found and applied
    assert "CS007" not in levels
    from test_reporters import _sarif_validator

    assert [e.message for e in _sarif_validator().iter_errors(json.loads(result.stdout))] == []


def test_default_category_does_not_change_when_a_snapshot_is_added(repository: Path) -> None:
    """The default category is the same for any set of snapshots: adding a client's snapshot to
    `snapshots/*.json` keeps one analysis, so GitHub closes the alerts that are fixed."""
    one = ledgerlint("check", "--format", "sarif", "snapshots/firm.json", cwd=repository)
    (repository / "snapshots" / "other.json").write_bytes(
        (repository / "snapshots" / "firm.json").read_bytes()
    )
    two = ledgerlint(
        "check", "--format", "sarif", "snapshots/firm.json", "snapshots/other.json", cwd=repository
    )
    folder = ledgerlint("check", "--format", "sarif", "snapshots", cwd=repository)
    ids = {json.loads(r.stdout)["runs"][0]["automationDetails"]["id"] for r in (one, two, folder)}
    assert ids == {"ledgerlint/"}


def test_category_option_sets_the_automation_id(repository: Path) -> None:
    """--category names the analysis (several snapshots gated separately stay apart)."""
    result = ledgerlint(
        "check",
        "--format",
        "sarif",
        "--category",
        "nightly/firm",
        "snapshots/firm.json",
        cwd=repository,
    )
    assert json.loads(result.stdout)["runs"][0]["automationDetails"]["id"] == "nightly/firm/"


def test_line_hash_is_stable_when_nearby_data_changes() -> None:
    """The entity-based line hash survives a pull that moves lines and changes amounts."""
    data = fixture("../../examples/example-firm.yaml")
    from ledgerlint.api import lint_documents
    from ledgerlint.models.config import Config
    from ledgerlint.snapshot import parse_document

    def hashes(snapshot: Any) -> dict[str, str]:
        document = parse_document(to_json_bytes(snapshot), "firm.json", "json")
        report = lint_documents([document], Config(), registry=registry())
        results = json.loads(render("sarif", report, root=ROOT))["runs"][0]["results"]
        return {
            r["partialFingerprints"]["ledgerlint/v1"]: r["partialFingerprints"][
                "primaryLocationLineHash"
            ]
            for r in results
        }

    before = hashes(data)
    data["qbo"]["Account"].insert(
        0,
        {
            "Id": "999",
            "Name": "Petty Cash",
            "AccountType": "Bank",
            "AccountSubType": "CashOnHand",
            "Active": True,
            "CurrentBalance": "12.00",
        },
    )
    after = hashes(data)
    assert before and before == after


def test_example_report_is_unchanged_by_the_checks() -> None:
    """The cached example report still has its findings (the checker does not mutate)."""
    assert example_report().findings
