"""`ledgerlint report`: the Markdown is pinned, the HTML is self-contained and says the same
things (and renders in a real browser), the JSON carries the structure, exit codes hold."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT
from helpers import registry
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


def ledgerlint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEDGERLINT_LOAD_PLUGINS": "", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "ledgerlint", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


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
