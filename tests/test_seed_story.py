"""The seed article's story, end to end: liability $47,000 above the client sum, deposits to
the parent account, trust-paid bills booked as operating payments, and the movements that make
the $47,000."""

from __future__ import annotations

from helpers import FIXTURES
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


def test_seed_story_tr011_names_the_47000() -> None:
    """TR011 names the two trust payments Clio made and QuickBooks never recorded."""
    report = run(fixture("seed-story.yaml"), ["TR011", "TR012", "TR013"])
    assert [(f.rule_id, f.properties.get("id")) for f in report.findings] == [
        ("TR011", None),
        ("TR011", "6003"),
        ("TR011", "6005"),
    ]
    assert report.findings[0].message == (
        "2 Clio trust transactions totalling $47,000.00 have no QuickBooks trust liability line "
        "($0.00 in, $47,000.00 out): QuickBooks is missing them."
    )


def test_quickbooks_without_trust_lines_leaves_every_clio_movement_to_tr011() -> None:
    """QuickBooks' lists are there but hold no trust liability line: the span is Clio's alone,
    so all five Clio trust movements are TR011's, never a silent pass."""
    data = fixture("seed-story.yaml")
    data["qbo"]["Deposit"] = []
    report = run(data, ["TR011", "TR012", "TR013"])
    assert not report.not_run()
    assert [(f.rule_id, f.properties.get("id")) for f in report.findings] == [
        ("TR011", None),
        *(("TR011", str(6000 + n)) for n in range(1, 6)),
    ]


def test_clio_without_trust_movements_leaves_every_client_line_to_tr012() -> None:
    """The reverse: Clio holds no trust transaction for the account, so the three QuickBooks
    deposits naming a client are TR012's."""
    data = fixture("seed-story.yaml")
    data["clio"]["bank_transactions"] = []
    report = run(data, ["TR011", "TR012", "TR013"])
    assert not report.not_run()
    assert [(f.rule_id, f.properties.get("Id")) for f in report.findings] == [
        ("TR012", "301"),
        ("TR012", "302"),
        ("TR012", "303"),
        ("TR012", None),
    ]


def test_reconcile_attributes_the_47000_to_the_exact_movements() -> None:
    """`reconcile`: the movements behind QuickBooks − Clio are Clio 6003 and 6005, and their
    total is the $47,000.00 difference; each client's difference is explained too."""
    from decimal import Decimal

    from ledgerlint.reconcile_api import reconcile

    (account,) = reconcile(FIXTURES / "seed-story.yaml").accounts
    gap = account.gap
    assert gap is not None
    assert [(i.kind, i.pointer, i.amount, i.rule_id) for i in gap.items] == [
        ("missing-in-books", "/clio/bank_transactions/2", Decimal("30000.00"), "TR011"),
        ("missing-in-books", "/clio/bank_transactions/4", Decimal("17000.00"), "TR011"),
    ]
    assert gap.explained == gap.difference == Decimal("47000.00")
    assert gap.unexplained == 0
    assert account.clients is not None
    explained = {row.client: row.gap for row in account.clients.rows}
    assert {name: g.explained for name, g in explained.items() if g} == {
        "Brooks Holdings LLC": Decimal("-23000.00"),
        "David Chen": Decimal("-20000.00"),
        "Maria Alvarez": Decimal("30000.00"),
    }
    brooks = explained["Brooks Holdings LLC"]
    assert brooks is not None
    assert [(i.kind, i.rule_id, i.amount) for i in brooks.items] == [
        ("not-in-client-ledger", "TR001", Decimal("-40000.00")),
        ("missing-in-books", "TR011", Decimal("17000.00")),
    ]
