"""`--redact` leaves no client name or matter description in any output format."""

from __future__ import annotations

import importlib

import pytest
from helpers import ROOT
from helpers import registry

from ledgerlint.api import lint
from ledgerlint.books import Books
from ledgerlint.models.report import Report
from ledgerlint.redaction import Redactor
from ledgerlint.reporters import FORMATS
from ledgerlint.reporters import renderer
from ledgerlint.snapshot import load_document
from ledgerlint.snapshot import read_snapshot

EXAMPLE = ROOT / "examples" / "example-firm.yaml"


def _protected_names() -> set[str]:
    data = load_document(EXAMPLE).plain()
    names = set()
    for contact in data["clio"]["contacts"]:
        names.add(contact["name"])
        if contact.get("last_name"):
            names.add(contact["last_name"])
    for customer in data["qbo"]["Customer"]:
        names.add(customer["DisplayName"])
    for matter in data["clio"]["matters"]:
        if matter.get("description"):
            names.add(matter["description"])
        if "-" in matter.get("display_number", ""):
            names.add(matter["display_number"].split("-", 1)[1])
    return names


REPORT_FORMATS = ["readiness_markdown", "readiness_html", "readiness_json"]


def _render(fmt: str, report: Report) -> str:
    if fmt in REPORT_FORMATS:  # `ledgerlint report`
        return str(importlib.import_module(f"ledgerlint.reporters.{fmt}").render(report))
    return renderer(fmt)(report)


@pytest.mark.parametrize("fmt", [*FORMATS, *REPORT_FORMATS])
def test_redacted_output_holds_no_client_name(fmt: str) -> None:
    """Search every format's output for every client name: none may appear."""
    report = lint([EXAMPLE], registry=registry(), redact=True)
    output = _render(fmt, report).casefold()
    leaked = sorted(name for name in _protected_names() if name.casefold() in output)
    assert leaked == []
    assert report.redacted


@pytest.mark.parametrize("fmt", ["json", *REPORT_FORMATS])
def test_unredacted_output_does_name_clients(fmt: str) -> None:
    """The search above can fail: without --redact the names are there."""
    output = _render(fmt, lint([EXAMPLE], registry=registry()))
    assert any(name in output for name in _protected_names())


def test_same_client_same_token_across_name_forms() -> None:
    """`Last, First` and `First Last` of one client get one pseudonym."""
    snapshot = read_snapshot(load_document(EXAMPLE))
    redactor = Redactor.for_books([Books(snapshot)])
    contact = next(c for c in snapshot.clio.contacts if c.first_name and c.last_name)  # type: ignore[union-attr]
    first_last = redactor.text(f"{contact.first_name} {contact.last_name}")
    last_first = redactor.text(f"{contact.last_name}, {contact.first_name}")
    assert first_last == last_first and first_last.startswith("Client-")


RECONCILE_FORMATS = ("text", "markdown", "html", "json")


@pytest.mark.parametrize("fmt", RECONCILE_FORMATS)
def test_redacted_reconciliation_holds_no_client_name(fmt: str) -> None:
    """`reconcile --redact` in every format, on the example firm with an itemised statement:
    no client name anywhere, not in the outstanding checks' payees (check 1107 pays Aiko
    Tanaka), a deposit's description, the roll-back, the movements or the current table."""
    import importlib

    from test_reconcile_statement import example

    plain = importlib.import_module(f"ledgerlint.reporters.reconcile_{fmt}").render(example())
    assert "Aiko Tanaka" in plain and "Connor" in plain  # the search below can fail
    output = importlib.import_module(f"ledgerlint.reporters.reconcile_{fmt}").render(
        example(redact=True)
    )
    folded = output.casefold()
    leaked = sorted(name for name in _protected_names() if name.casefold() in folded)
    assert leaked == []
    assert "Client-0" in output and "1107" in output


def test_redacted_current_table_is_sorted_by_pseudonym() -> None:
    """The table as the snapshot found it is re-sorted like the October one."""
    from test_reconcile_statement import example

    (account,) = example(redact=True).accounts
    for table in (account.clients, account.clients_now):
        assert table is not None
        names = [row.client for row in table.rows]
        assert names == sorted(names, key=str.casefold)
