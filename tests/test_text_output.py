"""The text output for people: each finding with its first fix step (or its cause), long lines
wrapped with a hanging indent, what to run next, and a summary that never calls a partial
run clean."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import lru_cache

import pytest
from helpers import ROOT
from helpers import fixture
from helpers import registry
from helpers import run

from ledgerlint.api import lint
from ledgerlint.models.report import Report
from ledgerlint.reporters.text_report import render

EXAMPLE = "examples/example-firm.yaml"


@lru_cache(maxsize=2)
def example(*paths: str) -> Report:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return lint(list(paths or (EXAMPLE,)), registry=registry())
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_lines_wrap_to_the_width_with_a_hanging_indent(width: int) -> None:
    """No line is longer than the width (unless one word is), and continuation lines are
    indented under the text they continue."""
    lines = render(example(), width=width).splitlines()
    for line in lines[:-1]:  # the summary line is never wrapped (scripts read it whole)
        assert len(line) <= width or len(line.split()[-1]) > width // 3, line
    first = next(n for n, line in enumerate(lines) if "RC002 1 client trust ledger" in line)
    continuation = lines[first + 1]
    assert continuation.startswith(" " * 21) and not continuation.startswith(" " * 22)


def test_narrow_terminals_get_sixty_columns() -> None:
    """A width below 60 would leave no room after the indent: 60 is the minimum."""
    assert render(example(), width=20) == render(example(), width=60)


def test_every_finding_shows_its_first_step_or_its_cause() -> None:
    """Under each finding: `first step: System: click-path; set value`, or, for a finding
    another one's fix clears, `caused by: RULE at line:col`."""
    text = render(example())
    assert "first step: Clio: Settings → Bill Syncing → QuickBooks Online → Configure Sync" in text
    assert "caused by: TR002 at 373:15; fixing it clears this too" in text
    assert "caused by: TR001 at 458:11; fixing it clears this too" in text
    steps = text.count("first step: ") + text.count("fixing it clears this too")
    assert steps == len(example().findings)


def test_show_fixes_lists_every_step_with_what_to_do_and_the_value() -> None:
    """`--show-fixes`: numbered steps, each with system, click-path, instruction and value."""
    text = render(example(), show_fixes=True)
    assert "first step:" not in text and "how to fix:" in text
    flat = " ".join(text.split())
    assert "1. Clio: Settings → Billing → Payment methods" in flat
    assert (
        "2. Clio: Settings → Bill Syncing → QuickBooks Online → Configure Sync Settings → Payment methods"
        in flat
    )
    assert "set: Trust Application: post as a transfer" in flat


def test_summary_suggests_the_rule_and_the_report() -> None:
    """With findings, the lines before the summary say what to run next."""
    lines = render(example()).splitlines()
    assert lines[-3] == "Next: `ledgerlint rule JX001` explains a rule and how to fix it;"
    assert lines[-2].strip().startswith(f"`ledgerlint report {EXAMPLE}`")
    assert lines[-1].startswith("Found 17 problems")
    clean = render(run(fixture("clean.yaml")))
    assert "Next:" not in clean


def test_partial_run_is_never_a_green_no_problems() -> None:
    """Rules that could not run: the summary says how many ran and which input was missing,
    in yellow, not "No problems found" in green."""
    data = fixture("clean.yaml")
    del data["clio_bill_syncing"]["sync_expenses"], data["bank"]["feeds"]
    report = run(data)
    assert not report.findings and report.not_run()
    summary = render(report, colour=True).splitlines()[-1]
    assert summary.startswith("\x1b[1;33m") and "\x1b[1;32m" not in summary
    ran = len(report.rules) - len({n.rule_id for n in report.not_run()})
    assert summary == (
        f"\x1b[1;33mNo problems found in 1 file, but only {ran} of {len(report.rules)} rules ran in full; "
        "missing input: `bank.feeds`, `clio_bill_syncing.sync_expenses`.\x1b[0m"
    )
    complete = render(run(fixture("clean.yaml")), colour=True).splitlines()[-1]
    assert complete == "\x1b[1;32mNo problems found in 1 file.\x1b[0m"


def test_several_files_get_a_portfolio_line_each() -> None:
    """One line per firm: verdict, errors, warnings, money at risk, firm and file."""
    text = render(example(EXAMPLE, "tests/fixtures/clean.yaml"))
    portfolio = text.split("Portfolio (2 snapshots):\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert portfolio == [
        "  not ready            12 errors  5 warnings  $16,874.95 at risk  Harbor & Vale LLP "
        "(examples/example-firm.yaml)",
        "  ready                 0 errors  0 warnings       $0.00 at risk  Harbor & Vale LLP "
        "(tests/fixtures/clean.yaml)",
    ]


def test_output_is_100_columns_when_not_a_terminal() -> None:
    """COLUMNS does not change piped output: it stays byte-identical everywhere."""
    env = {**os.environ, "LEDGERLINT_LOAD_PLUGINS": "", "NO_COLOR": "1", "COLUMNS": "50"}
    result = subprocess.run(
        [sys.executable, "-m", "ledgerlint", "check", EXAMPLE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == render(example())
