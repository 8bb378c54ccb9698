"""Every catalog rule ships under its stable ID, name and severity, documented, and the
guarantees that hold for all rules: silent on the clean snapshot, never a silent pass."""

from __future__ import annotations

import pytest
from helpers import TESTS
from helpers import fixture
from helpers import registry
from helpers import run

CATALOG = [line.split("\t") for line in (TESTS / "data" / "catalog.tsv").read_text().splitlines()]
HEADER_ONLY = {"ledgerlint_snapshot": 1, "captured_at": "2026-11-20T09:00:00Z"}


def _shipped() -> set[str]:
    return set(registry().rules)


@pytest.mark.parametrize(("rule_id", "name", "severity"), CATALOG, ids=[c[0] for c in CATALOG])
def test_catalog_rule_ships(rule_id: str, name: str, severity: str) -> None:
    """The rule exists with the catalog's name and default severity, and is fully documented."""
    if rule_id not in _shipped():
        pytest.fail(f"{rule_id} {name} is not implemented")
    meta = registry().rules[rule_id].meta
    assert (meta.name, meta.severity.value) == (name, severity)
    assert meta.doc.finds and meta.doc.why and meta.doc.fix
    markdown = meta.markdown()
    for section in ("## What it finds", "## Why it matters", "## How to fix", "## Fix safety"):
        assert section in markdown


def test_every_rule_is_silent_and_runs_on_the_clean_snapshot() -> None:
    """On a correct firm's snapshot no rule fires and every rule has what it needs."""
    report = run(fixture("clean.yaml"))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert [(n.rule_id, n.message) for n in report.notifications] == []


def test_missing_data_is_never_a_pass() -> None:
    """On a snapshot with only the header, every rule either fires or says it could not run."""
    report = run(HEADER_ONLY)
    spoke = {f.rule_id for f in report.findings} | {
        n.rule_id for n in report.notifications if n.kind == "not-run"
    }
    silent = sorted(set(registry().rules) - spoke)
    assert silent == [], f"rules that passed silently on an empty snapshot: {silent}"
    assert not report.errors()


def test_rule_names_and_ids_are_unique() -> None:
    """IDs and names are stable handles for --select/--ignore; neither may repeat."""
    metas = [rule.meta for rule in registry().rules.values()]
    assert len({m.name for m in metas}) == len(metas)
