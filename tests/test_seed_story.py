"""The seed article's story, end to end: liability $47,000 above the client sum, deposits to
the parent account, trust-paid bills booked as operating payments."""

from __future__ import annotations

from helpers import fixture
from helpers import run


def test_seed_story_yields_rc001_tr001_tr002_with_the_right_figures() -> None:
    """RC001 shows the $47,000.00 gap; TR001 the parent postings; TR002 the phantom cash."""
    report = run(fixture("seed-story.yaml"), ["RC001", "TR001", "TR002"])
    by_rule: dict[str, list[str]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule_id, []).append(finding.message)

    (rc001,) = by_rule["RC001"]
    assert "QuickBooks trust liability (Client Trust Liability) $120,000.00" in rc001
    assert "adjusted bank balance $73,000.00" in rc001
    assert "Clio client trust balances (IOLTA Trust) $73,000.00" in rc001
    assert "QuickBooks − Clio $47,000.00" in rc001

    assert any(
        "2 transactions totalling $60,000.00 are posted to the parent" in m
        for m in by_rule["TR001"]
    )
    assert sum("posts $" in m and "parent trust liability" in m for m in by_rule["TR001"]) == 2

    assert any("2 trust applications totalling $47,000.00" in m for m in by_rule["TR002"])
    assert sum("was paid" in m and "from trust" in m for m in by_rule["TR002"]) == 2
