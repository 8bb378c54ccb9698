"""Patterns in YAML rules cannot backtrack catastrophically on snapshot data (RE2)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import findings
from helpers import fixture
from helpers import to_json_bytes

from ledgerlint.api import lint_documents
from ledgerlint.engine.registry import build_registry
from ledgerlint.engine.safe_patterns import compile_pattern
from ledgerlint.engine.safe_patterns import ecma_to_re2
from ledgerlint.engine.yaml_rules import load_yaml_rule
from ledgerlint.errors import RuleFileError
from ledgerlint.models.config import Config
from ledgerlint.snapshot import parse_document

EVIL = "a" * 40 + "!"  # `^(a+)+$` on this takes Python's re about 2^40 steps


def _rule(tmp_path: Path, rule_id: str, body: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    path = folder / f"{rule_id}-test.yaml"
    path.write_text(
        f"id: {rule_id}\nname: test-{rule_id.lower()}\nseverity: error\n"
        "doc: {finds: a, why: b, fix: c}\n" + body
    )
    return path


def _run(tmp_path: Path, data: dict[str, object], select: str) -> list[str]:
    registry = build_registry(extra_rule_dirs=(tmp_path / "rules",))
    document = parse_document(to_json_bytes(data), "s.json", "json")
    report = lint_documents([document], Config(select=(select,)), registry=registry)
    assert not report.errors() and not report.not_run(), report.notifications
    return [f.message for f in report.findings]


@pytest.mark.parametrize(
    ("pattern", "translated"),
    [
        (r"\S", r"[^\t-\r\p{Z}\x{FEFF}]"),
        (r"^\s*$", r"^[\t-\r\p{Z}\x{FEFF}]*$"),
        (r"[\s,]", r"[\t-\r\p{Z}\x{FEFF},]"),
        (r"\\s", r"\\s"),  # an escaped backslash, then a letter s
        (r"[]\s]", r"[\]\t-\r\p{Z}\x{FEFF}]"),
        (r"[[:alpha:]\s]", r"[[:alpha:]\t-\r\p{Z}\x{FEFF}]"),
        (r"^[A-Z]{2}\d{3}$", r"^[A-Z]{2}\d{3}$"),
    ],
)
def test_ecma_whitespace_is_translated_for_re2(pattern: str, translated: str) -> None:
    """ECMA-262 `\\s` includes Unicode spaces, RE2's does not: the translation keeps ECMA."""
    assert ecma_to_re2(pattern) == translated
    compile_pattern(pattern)


def test_a_catastrophic_schema_pattern_runs_in_linear_time(tmp_path: Path) -> None:
    """`^(a+)+$` against a hostile value finishes at once and still finds the mismatch."""
    _rule(
        tmp_path,
        "XF901",
        "assert: [{given: $.firm, field: name, check: {pattern: '^(a+)+$'},"
        " message: 'name {value} is not all a'}]\n",
    )
    data = fixture()
    data["firm"]["name"] = EVIL
    started = time.perf_counter()
    assert _run(tmp_path, data, "XF901") == [f"name {EVIL} is not all a"]
    data["firm"]["name"] = "a" * 100_000
    assert _run(tmp_path, data, "XF901") == []
    assert time.perf_counter() - started < 5


def test_jsonpath_match_and_search_run_on_re2(tmp_path: Path) -> None:
    """RFC 9535 `match()` (whole value) and `search()`, even with a pattern taken from the
    snapshot itself, are linear; `.` does not match a line break (I-Regexp)."""
    _rule(
        tmp_path,
        "XF902",
        "assert:\n"
        "  - given: \"$.qbo.Customer[?match(@.DisplayName, '(a+)+')]\"\n"
        "    check: {not: {}}\n"
        "    message: 'all-a customer'\n"
        "  - given: '$.qbo.Customer[?search(@.DisplayName, @.Notes)]'\n"
        "    check: {not: {}}\n"
        "    message: 'name matches its own notes'\n"
        "  - given: \"$.qbo.Customer[?match(@.DisplayName, 'x.y')]\"\n"
        "    check: {not: {}}\n"
        "    message: 'x.y'\n",
    )
    data = fixture()
    customers = data["qbo"]["Customer"]
    customers[0]["DisplayName"] = EVIL
    customers[0]["Notes"] = "^(a+)+$"
    customers[1]["DisplayName"] = "aaaa"
    customers[2]["DisplayName"] = "x\ny"
    started = time.perf_counter()
    assert _run(tmp_path, data, "XF902") == ["all-a customer"]
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("check", "reason"),
    [
        ("{pattern: '^(?=a)'}", "invalid perl operator"),
        ("{pattern: '(a)\\1'}", "invalid escape sequence"),
        ("{patternProperties: {'(?!x)': {}}}", "invalid perl operator"),
        (
            "{patternProperties: {'^a': {}}, unevaluatedProperties: false}",
            "cannot be combined with unevaluatedProperties",
        ),
    ],
)
def test_a_pattern_re2_cannot_run_is_a_rule_file_error(
    tmp_path: Path, check: str, reason: str
) -> None:
    """Lookaround and backreferences are refused when the rule loads, naming the field."""
    path = _rule(tmp_path, "XF903", f"assert: [{{given: $.firm, check: {check}, message: m}}]\n")
    with pytest.raises(RuleFileError, match=r'field "assert\[0\]\.check": invalid pattern') as e:
        load_yaml_rule(path)
    assert reason in str(e.value)


def test_pattern_properties_and_additional_properties_use_re2(tmp_path: Path) -> None:
    """Keys are matched by RE2 too, and additionalProperties sees which keys the patterns took."""
    _rule(
        tmp_path,
        "XF904",
        "assert: [{given: $.firm, check: {patternProperties: {'^(n|j)': {}},"
        " additionalProperties: false}, message: 'unexpected key'}]\n",
    )
    data = fixture()
    data["firm"] = {"name": "Firm", "jurisdictions": ["NY"]}
    assert _run(tmp_path, data, "XF904") == []
    data["firm"]["x-plan"] = "x"  # an x- key: kept in the document, ignored by the models
    assert _run(tmp_path, data, "XF904") == ["unexpected key"]


def test_a_class_of_non_breaking_spaces_is_still_empty() -> None:
    """QB003's `pattern: "\\\\S"` keeps ECMA-262 meaning on RE2: NBSPs are blank."""
    data = fixture()
    data["clio_bill_syncing"]["firm_users_class"] = "\u00a0\u2003"
    [finding] = findings(data, "QB003")
    assert "firm_users_class is empty" in finding.message
