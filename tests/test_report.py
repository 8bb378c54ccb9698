"""`ledgerlint report`: the Markdown is pinned, the HTML is self-contained and says the same
things (and renders in a real browser), the JSON carries the structure, exit codes hold."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT
from helpers import registry
from helpers import run_cli as ledgerlint
from syrupy.extensions.single_file import SingleFileSnapshotExtension
from syrupy.extensions.single_file import WriteMode

from ledgerlint import __version__
from ledgerlint.api import lint
from ledgerlint.models.report import Report
from ledgerlint.reporters import readiness_html
from ledgerlint.reporters import readiness_json
from ledgerlint.reporters import readiness_markdown

EXAMPLE = "examples/example-firm.yaml"
CLEAN = "tests/fixtures/clean.yaml"


class MarkdownSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "md"


@lru_cache(maxsize=4)
def report_of(*paths: str) -> Report:
    cwd = os.getcwd()
    os.chdir(ROOT)  # relative paths in the report, as a user running from the repo sees them
    try:
        return lint(list(paths), registry=registry())
    finally:
        os.chdir(cwd)


def test_markdown_is_pinned(snapshot: Any) -> None:
    """The example's readiness report in Markdown, byte for byte."""
    text = readiness_markdown.render(report_of(EXAMPLE))
    assert text == snapshot(extension_class=MarkdownSnapshot)


def test_portfolio_markdown_is_pinned(snapshot: Any) -> None:
    """Two snapshots: the portfolio table (one line per firm), then each firm's report."""
    text = readiness_markdown.render(report_of(EXAMPLE, CLEAN))
    head = text.split("\n## ", 1)[0]
    assert head == snapshot(extension_class=MarkdownSnapshot)
    assert text.count("\n## Go-live readiness: ") == 2


@pytest.mark.parametrize("module", [readiness_markdown, readiness_html, readiness_json])
def test_reports_are_deterministic(module: Any) -> None:
    """Two runs over the same input give byte-identical reports."""
    first = module.render(lint([ROOT / EXAMPLE], registry=registry()))
    second = module.render(lint([ROOT / EXAMPLE], registry=registry()))
    assert first == second


@pytest.mark.parametrize("module", [readiness_markdown, readiness_html])
def test_rendered_prose_has_no_pointers_or_field_names(module: Any) -> None:
    """Everything before the appendix, as rendered, speaks plain words; the appendix does
    carry the pointers (so the search can fail)."""
    from test_readiness import _plain_words_problems

    text = module.render(report_of(EXAMPLE))
    if module is readiness_html:
        text = _text(text)
    prose, appendix = text.split("Appendix: technical detail", 1)
    assert _plain_words_problems(prose.replace("\\_", "_")) == []
    assert "/qbo/" in _plain_words_problems(appendix.replace("\\_", "_"))


def _text(html: str) -> str:
    import html as html_module

    body = re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", body))


def test_html_is_self_contained_and_says_what_the_markdown_says() -> None:
    """No script or external resource; the verdict, every plan step (number, system,
    click-path, value), every finding reference and the glossary are in the page."""
    from ledgerlint.readiness import assess

    report = report_of(EXAMPLE)
    html = readiness_html.render(report)
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", html)
    assert "@media print" in html and "break-inside: avoid" in html
    assert "Harbor &amp; Vale LLP" in html  # escaped
    text = " ".join(_text(html).split())
    (assessment,) = assess(report)
    assert assessment.sentence in text
    for step in assessment.plan:
        assert f'id="step-{step.number}"' in html
        assert " → ".join(step.step.path) in text
        for value in step.values:
            assert value in text
    for item in assessment.items:
        assert f'id="{item.ref}"' in html and " ".join(item.label.split()) in text
    for entry in assessment.glossary:
        assert entry.term in text


def test_html_phases_come_in_plan_order() -> None:
    """The first steps of the printed plan are in dependency order, each naming its system."""
    html = readiness_html.render(report_of(EXAMPLE))
    steps = re.findall(r'<section class="step" id="step-(\d+)">(.*?)</section>', html)
    assert [int(n) for n, _ in steps] == list(range(1, len(steps) + 1))
    first_systems = [re.search(r'class="system">([^<]+)<', body).group(1) for _, body in steps[:3]]  # type: ignore[union-attr]
    assert first_systems == ["Firm policy", "QuickBooks Online", "QuickBooks Online"]
    headings = re.findall(r"<h3>([^<]+)</h3>", html.split("Findings by cause")[0])
    assert headings[:4] == [
        "Firm decisions",
        "Chart of accounts",
        "Clio–QuickBooks mapping",
        "The sync and the bank feeds",
    ]


def test_json_report_structure() -> None:
    """Versioned; portfolio and per-snapshot verdict, groups with nested causes, the plan."""
    document = json.loads(readiness_json.render(report_of(EXAMPLE)))
    assert document["version"] == 1 and document["tool"]["version"] == __version__
    (summary,) = document["portfolio"]
    assert summary["verdict"] == "not ready" and summary["money_at_risk"] == "16874.95"
    (snapshot,) = document["snapshots"]
    group = snapshot["groups"][0]
    assert group["rule"] == "CS005" and group["findings"][0]["caused"]
    step = snapshot["plan"][0]
    assert set(step) >= {"step", "system", "path", "do", "set", "clears", "phase"}
    refs = {f["ref"] for f in snapshot["findings"]}
    assert all(set(s["clears"]) <= refs for s in snapshot["plan"])


def test_cli_report_html_and_exit_codes(tmp_path: Path) -> None:
    """`report --format html` prints the page and exits 1 (not ready); a clean firm exits 0."""
    result = ledgerlint("report", EXAMPLE, "--format", "html")
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert ">1</span>The firm&#x27;s record-retention period is too short" in result.stdout
    clean = ledgerlint("report", CLEAN, "-o", str(tmp_path / "r.md"))
    assert clean.returncode == 0 and clean.stdout == ""
    assert "Ready for go-live" in (tmp_path / "r.md").read_text()


def test_cli_report_bad_file_is_one_line_exit_2(tmp_path: Path) -> None:
    """A file that cannot be read: one line with its location, exit 2, no report."""
    (tmp_path / "bad.json").write_text('{\n  "ledgerlint_snapshot": 1,\n  "captured_at": ]\n}\n')
    result = ledgerlint("report", "bad.json", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "ledgerlint: error: bad.json:3:18: invalid JSON: invalid character"
    ]


@pytest.fixture
def firm_repo(tmp_path: Path) -> Path:
    """A repository with the example firm (12 errors) as firm.yaml and the clean firm with one
    error (QB015, custom transaction numbers off) as other.yaml."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "firm.yaml").write_text((ROOT / EXAMPLE).read_text())
    clean = (ROOT / CLEAN).read_text()
    (tmp_path / "other.yaml").write_text(
        clean.replace("CustomTxnNumbers: true", "CustomTxnNumbers: false")
    )
    return tmp_path


def test_a_baseline_does_not_make_a_firm_ready(firm_repo: Path) -> None:
    """The CI baseline is a gate for change, not an acceptance: `report` assesses the findings
    it holds like any other (one file and the portfolio)."""
    made = ledgerlint("check", ".", "--format", "json", "-o", "base.json", cwd=firm_repo)
    assert made.returncode == 1, made.stderr
    (firm_repo / "ledgerlint.yaml").write_text("baseline: base.json\n")
    assert ledgerlint("check", ".", cwd=firm_repo).returncode == 0  # the gate: nothing new
    one = ledgerlint("report", "firm.yaml", cwd=firm_repo)
    assert one.returncode == 1, one.stdout + one.stderr
    assert "**Not ready for go-live: 12 errors must be fixed first" in one.stdout
    both = ledgerlint("report", ".", "--format", "json", cwd=firm_repo)
    assert both.returncode == 1
    verdicts = {s["file"]: s["verdict"] for s in json.loads(both.stdout)["portfolio"]}
    assert verdicts == {"firm.yaml": "not ready", "other.yaml": "not ready"}


EXEMPTION = (
    "exemptions:\n"
    "  - rule: QB015\n"
    "    reason: the firm numbers its own invoices until the 2027 migration\n"
    "    expires: 2099-01-31\n"
    "    file: other.yaml\n"
)


def test_accepted_findings_are_listed_with_their_reason_and_do_not_block(
    firm_repo: Path,
) -> None:
    """An exempted finding is shown as accepted, with the reason and the end date, in every
    format; the firm whose only problem is accepted is ready, and the sentence says so."""
    (firm_repo / "ledgerlint.yaml").write_text(EXEMPTION)
    result = ledgerlint("report", "other.yaml", cwd=firm_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    text = result.stdout
    assert (
        "**Ready for go-live: every check ran, and the only problem found is 1 the firm has "
        "accepted (listed with its reason).**" in text
    )
    section = text.split("## Accepted findings", 1)[1].split("\n## ", 1)[0]
    assert "**E1** (error)" in section
    assert "the firm numbers its own invoices until the 2027 migration" in section
    assert "until 2099-01-31" in section
    appendix = text.split("## Appendix: technical detail", 1)[1]
    assert "| E1 | QB015 " in appendix and "ledgerlint.yaml line 2" in appendix
    html = ledgerlint("report", "other.yaml", "--format", "html", cwd=firm_repo).stdout
    assert "Accepted findings" in html and "the 2027 migration" in html
    document = json.loads(
        ledgerlint("report", "other.yaml", "--format", "json", cwd=firm_repo).stdout
    )
    (accepted,) = document["snapshots"][0]["accepted"]
    assert accepted["rule"] == "QB015" and accepted["expires"] == "2099-01-31"
    assert accepted["reason"] == "the firm numbers its own invoices until the 2027 migration"
    assert document["portfolio"][0]["accepted"] == 1


def test_accepted_markdown_is_pinned(firm_repo: Path, snapshot: Any) -> None:
    """The accepted section and its appendix table, byte for byte."""
    (firm_repo / "ledgerlint.yaml").write_text(EXEMPTION)
    result = ledgerlint("report", "other.yaml", cwd=firm_repo)
    assert result.stdout == snapshot(extension_class=MarkdownSnapshot)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium(page: Path, profile: Path, *args: str) -> None:
    assert CHROMIUM
    subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_html_renders_and_prints_in_headless_chromium(tmp_path: Path) -> None:
    """A real browser renders the page to a screenshot and prints it to a PDF of a few
    Letter pages (the appendix starts a page of its own)."""
    page = tmp_path / "report.html"
    page.write_text(readiness_html.render(report_of(EXAMPLE)), encoding="utf-8")
    profile = tmp_path / "profile"
    profile.mkdir()
    chromium(page, profile, "--window-size=1000,1400", f"--screenshot={tmp_path / 'shot.png'}")
    chromium(page, profile, "--no-pdf-header-footer", f"--print-to-pdf={tmp_path / 'r.pdf'}")
    png = (tmp_path / "shot.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    pdf = (tmp_path / "r.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pdf.startswith(b"%PDF") and 3 <= pages <= 16, pages
