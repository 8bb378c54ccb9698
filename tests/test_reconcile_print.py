"""The printed reconciliation: the HTML rendered to PDF by headless Chromium, read page by page.

Skipped where Chromium is not installed (CI need not have it; `apt-get install chromium`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from helpers import fixture
from test_reconcile_statement import EXAMPLE
from test_reconcile_statement import itemised
from test_reconcile_statement import reconciled

from ledgerlint.reporters import reconcile_html

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
SIGNOFF = '<section class="signoff">'
PAGE_BODY_MM = 279.4 - 16 - 18
"""The height a letter page leaves for content under the report's `@page` margins."""


def pdf_pages(html: str, folder: Path) -> list[str]:
    """Each printed page's text, its whitespace collapsed."""
    pypdf = pytest.importorskip("pypdf")
    assert CHROMIUM is not None
    source, pdf, profile = folder / "report.html", folder / "report.pdf", folder / "profile"
    source.write_text(html, "utf-8")
    profile.mkdir()
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            source.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    reader = pypdf.PdfReader(pdf)
    # NFKC: the PDF's ligatures (`ﬀ` in `Sign-off`) read as their letters.
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split())
        for page in reader.pages
    ]


def page_of(pages: list[str], text: str) -> int:
    (found,) = [number for number, page in enumerate(pages, 1) if text in page]
    return found


def test_outstanding_checks_print_line_by_line_and_sign_beside_the_totals(
    tmp_path: Path,
) -> None:
    """The example firm's statement with 13 outstanding checks: every check is printed on its
    own line, and the signature lines share a page with the totals they sign."""
    report = reconciled(itemised(fixture(EXAMPLE), extra_checks=12))
    pages = pdf_pages(reconcile_html.render(report), tmp_path)
    assert 2 <= len(pages) <= 5, len(pages)
    text = " ".join(pages)
    for number in [1107, *range(1110, 1122)]:
        assert re.search(rf"2026-10-\d\d {number} \S", text), number
    assert "Total outstanding checks (13) $20,450.00" in text
    signed = page_of(pages, "Reviewed and approved by")
    assert page_of(pages, "Prepared by") == signed
    assert page_of(pages, "Sign-off") == signed
    assert "$57,137.50 $57,137.50 $57,137.50 Reconciled" in pages[signed - 1]


def _near_page_end(style: str) -> str:
    """The sign-off alone, pushed down by a spacer so that it starts 40 mm above the end of
    the first page: too little room for the whole block, enough for its first lines."""
    html = reconcile_html.render(reconciled(fixture(EXAMPLE)))
    head, _, rest = html.partition("<body>")
    signoff = rest[rest.index(SIGNOFF) :]
    spacer = f'<div style="height: {PAGE_BODY_MM - 40}mm"></div>'
    return head.replace(reconcile_html.STYLE, style) + "<body>" + spacer + signoff


def test_the_signoff_is_never_split(tmp_path: Path) -> None:
    """Where the sign-off would straddle a page break, all of it moves to the next page."""
    pages = pdf_pages(_near_page_end(reconcile_html.STYLE), tmp_path)
    assert len(pages) == 2
    assert "Sign-off" not in pages[0] and "Prepared by" not in pages[0]
    assert "Sign-off" in pages[1] and "Reviewed and approved by" in pages[1]
    assert "$57,137.50" in pages[1]


def test_without_the_print_rule_the_signoff_splits(tmp_path: Path) -> None:
    """The check above can fail: without `break-inside: avoid` the same page splits the
    totals from the signatures."""
    rule = "section.signoff { break-inside: avoid; page-break-inside: avoid;"
    assert rule in reconcile_html.STYLE
    pages = pdf_pages(
        _near_page_end(reconcile_html.STYLE.replace(rule, "section.signoff {")), tmp_path
    )
    assert page_of(pages, "Sign-off") == 1
    assert page_of(pages, "Reviewed and approved by") == 2
