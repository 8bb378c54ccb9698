"""The shipped jurisdiction table: every file loads, its values are the catalog's, and a firm's
plugin can add or override jurisdictions through `ledgerlint_jurisdiction_paths`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import ROOT
from helpers import fixture
from helpers import to_json_bytes

from ledgerlint.api import lint_documents
from ledgerlint.builtin.jx import title_matches
from ledgerlint.engine.jurisdictions import load_jurisdictions
from ledgerlint.engine.registry import build_registry
from ledgerlint.errors import RuleFileError
from ledgerlint.models.config import Config
from ledgerlint.models.jurisdiction import Jurisdiction
from ledgerlint.plugins import hookimpl
from ledgerlint.snapshot import parse_document

SHIPPED = ROOT / "rules" / "jurisdictions"

# The catalog's JX table (rule-catalog.md): code -> (client ledger in books, retention years,
# reconcile, title phrases). A change here is a change of the catalog, not of a file.
CATALOG = {
    "ABA": (False, 5, "quarterly", ["trust", "escrow", "iolta"]),
    "CA": (True, 5, "monthly", ["trust"]),
    "NY": (
        True,
        7,
        "monthly",
        ["attorney special account", "attorney trust account", "attorney escrow account"],
    ),
    "TX": (True, 5, "monthly", ["trust", "escrow"]),
    "FL": (True, 6, "monthly", ["trust"]),
    "NJ": (True, 7, "monthly", ["attorney trust account"]),
    "IL": (True, 7, "quarterly", ["trust"]),
    "WA": (True, 7, "monthly", ["trust"]),
}


@pytest.fixture(scope="module")
def table() -> dict[str, Jurisdiction]:
    return load_jurisdictions([SHIPPED])


def test_every_file_loads_and_is_named_for_its_code(table: dict[str, Jurisdiction]) -> None:
    """Each `<CODE>.yaml` validates and the table holds exactly the catalog's codes."""
    assert sorted(path.stem for path in SHIPPED.glob("*.yaml")) == sorted(CATALOG)
    assert sorted(table) == sorted(CATALOG)


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_values_match_the_catalog(table: dict[str, Jurisdiction], code: str) -> None:
    """Ledger-in-books, retention, cadence and title phrases are the catalog's."""
    jurisdiction = table[code]
    ledger, years, cadence, phrases = CATALOG[code]
    assert jurisdiction.client_ledger_in_books is ledger
    assert jurisdiction.retention_years == years
    assert jurisdiction.reconcile == cadence
    assert [p.lower() for p in jurisdiction.trust_account_title] == phrases


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_file_cites_sources_and_lists_what_is_unverified(
    table: dict[str, Jurisdiction], code: str
) -> None:
    """Counsel can review each file: it cites its sources and names its unverified values."""
    jurisdiction = table[code]
    assert jurisdiction.sources
    assert jurisdiction.title_rule
    raw = yaml.safe_load((SHIPPED / f"{code}.yaml").read_text("utf-8"))
    assert "unverified" in raw, "say which values are unverified (an empty list if none)"
    fields = set(Jurisdiction.field_names())
    for note in jurisdiction.unverified:
        assert note.split(" ", 1)[0] in fields, f"{code}: {note!r} should start with a field"


@pytest.mark.parametrize(
    ("code", "name", "matches"),
    [
        ("NY", "Attorney Trust Account", True),
        ("NY", "Harbor & Vale LLP - ATTORNEY ESCROW ACCOUNT", True),
        ("NY", "attorney  special account (IOLA)", True),
        ("NY", "Client Trust Account - IOLTA", False),
        ("NY", "Attorney Trust", False),
        ("NJ", "IOLTA Attorney Trust Account", True),
        ("NJ", "Attorney-Trust-Account", True),
        ("NJ", "Client Trust Account", False),
        ("CA", "Client Trust Account - IOLTA", True),
        ("CA", "Entrusted Funds", False),
        ("TX", "IOLTA Escrow", True),
        ("ABA", "IOLTA", True),
        ("ABA", "Chase 1234", False),
    ],
)
def test_title_rule_containment(
    table: dict[str, Jurisdiction], code: str, name: str, matches: bool
) -> None:
    """A name must contain one listed phrase as whole words, ignoring case and punctuation."""
    assert title_matches(name, table[code]) is matches


def _write(directory: Path, code: str, **values: object) -> None:
    data = {
        "code": code,
        "name": f"{code} (firm file)",
        "client_ledger_in_books": True,
        "retention_years": 10,
        "reconcile": "monthly",
        "trust_account_title": ["trust"],
        "title_rule": "the title names it a trust account",
        "sources": ["the firm's counsel"],
        "unverified": [],
    }
    data.update(values)
    (directory / f"{code}.yaml").write_text(yaml.safe_dump(data), "utf-8")


class _FirmPlugin:
    """A firm's plugin, as it would ship in its own package."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @hookimpl
    def ledgerlint_jurisdiction_paths(self) -> list[Path]:
        return [self.directory]


def test_a_plugin_adds_and_overrides_jurisdictions(tmp_path: Path) -> None:
    """A plugin's directory adds new codes and, loaded later, overrides the shipped ones."""
    _write(tmp_path, "OR", retention_years=5)
    _write(tmp_path, "CA", retention_years=8)
    registry = build_registry(extra_plugins=(_FirmPlugin(tmp_path),))
    assert registry.jurisdictions["OR"].name == "OR (firm file)"
    assert registry.jurisdictions["CA"].retention_years == 8
    assert registry.jurisdictions["NY"].retention_years == 7

    data = fixture()
    data["firm"]["jurisdictions"] = ["CA", "OR"]
    document = parse_document(to_json_bytes(data), "snapshot.json", "json")
    report = lint_documents([document], Config(select=("JX001", "JX003")), registry=registry)
    messages = [f.message for f in report.findings]
    assert messages == [
        "The firm keeps trust account records for 7 years; CA requires 8 "
        "(the longest of CA 8, OR 5)."
    ]


def test_a_bad_firm_file_is_reported_by_name(tmp_path: Path) -> None:
    """A malformed jurisdiction file is an error naming the file and the field."""
    _write(tmp_path, "OR", reconcile="weekly")
    with pytest.raises(RuleFileError) as raised:
        load_jurisdictions([SHIPPED, tmp_path])
    assert "OR.yaml" in str(raised.value)
    assert "reconcile" in str(raised.value)
