"""Pulling a Clio account: fields, cursor pagination, totals, regions, error bodies."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest
from pull_fakes import Reply
from pull_fakes import make_clio

from ledgerlint.errors import PullError
from ledgerlint.sources import pull_snapshot
from ledgerlint.sources.clio import REGIONS
from ledgerlint.sources.clio import RESOURCES

_EXACT = msgspec.json.Encoder(decimal_format="number").encode


def _pull(server, client, sleeps, retry) -> dict:
    return pull_snapshot(clio=make_clio(server), client=client, sleep=sleeps, retry=retry)


def test_snapshot_equals_served_data(clio_server, client, sleeps, retry):
    """Every resource equals what the server serves for the requested fields."""
    section = _pull(clio_server, client, sleeps, retry)["clio"]
    assert list(section) == list(RESOURCES)
    for name, records in section.items():
        assert _EXACT(records) == _EXACT(clio_server.app.served(name)), name


def test_matters_carry_account_balances(clio_server, client, sleeps, retry):
    """`account_balances{id,balance,type,name}` is requested, so trust balances arrive."""
    matters = _pull(clio_server, client, sleeps, retry)["clio"]["matters"]
    assert matters[0]["account_balances"] == [
        {"id": 11, "balance": Decimal("100.00"), "type": "Trust", "name": "IOLTA Trust"}
    ]
    assert b'"balance":100.00' in _EXACT(matters[0])


def test_bank_account_numbers_are_masked(clio_server, client, sleeps, retry):
    """Only the last four digits of a bank account number reach the snapshot."""
    accounts = _pull(clio_server, client, sleeps, retry)["clio"]["bank_accounts"]
    assert [a["account_number"] for a in accounts] == ["****0123", "****4821"]
    assert b"9876504821" not in _EXACT(accounts)
    assert all("swift" not in a for a in accounts)  # not requested, so not sent


def test_the_fields_reports_and_reconciliations_show_arrive(clio_server, client, sleeps, retry):
    """Institution, practice area, billing method, memo, user rate, running balance: asked for
    by name (Clio returns only the fields a request names)."""
    clio = _pull(clio_server, client, sleeps, retry)["clio"]
    assert clio["bank_accounts"][1]["institution"] == "Pacific Coast Bank"
    assert clio["matters"][0]["practice_area"] == {"id": 3, "name": "Litigation", "code": "LIT"}
    assert clio["matters"][1]["billing_method"] == "flat"
    assert clio["bills"][0]["memo"] and clio["bills"][0]["client"]["name"] == "Contact 1"
    assert clio["users"][0]["rate"] == Decimal("350.00")
    assert clio["bank_transactions"][1]["current_account_balance"] == Decimal("300.00")
    assert clio["contacts"][0]["account_balances"][0]["type"] == "Trust"
    for resource in clio:
        assert _EXACT(clio[resource]) == _EXACT(clio_server.app.served(resource)), resource


def test_cursor_pagination_follows_next(clio_server, client, sleeps, retry):
    """Seven contacts arrive in pages of three through `meta.paging.next`, ordered by id."""
    contacts = _pull(clio_server, client, sleeps, retry)["clio"]["contacts"]
    assert [c["id"] for c in contacts] == list(range(1, 8))
    pages = [r for r in clio_server.requests if r.path == "/api/v4/contacts.json"]
    assert [r.query.get("page_token") for r in pages] == [None, "cur-3", "cur-6"]
    assert all(r.query["order"] == "id(asc)" and r.query["fields"] for r in pages)


def test_empty_resource(clio_server, client, sleeps, retry):
    """A resource with no records is an empty list."""
    clio_server.app.data["bank_transactions"] = []
    assert _pull(clio_server, client, sleeps, retry)["clio"]["bank_transactions"] == []


def test_error_body_becomes_one_line(clio_server, client, sleeps, retry):
    """A Clio error body names the resource and Clio's message."""
    body = {"error": {"type": "Forbidden", "message": "This user cannot view bills"}}
    clio_server.fail("/api/v4/bills.json", Reply(403, body))
    with pytest.raises(PullError) as caught:
        _pull(clio_server, client, sleeps, retry)
    assert str(caught.value) == "Clio bills: Forbidden: This user cannot view bills (HTTP 403)"


def test_missing_page_is_read_again(clio_server, client, sleeps, retry):
    """A page short of a record is caught by `meta.records` and the resource re-read."""
    clio_server.fail("page_token=cur-3", "short_page")
    section = _pull(clio_server, client, sleeps, retry)["clio"]
    assert _EXACT(section["contacts"]) == _EXACT(clio_server.app.served("contacts"))


def test_next_link_to_another_host_is_refused(clio_server, client, sleeps, retry):
    """The token is never sent to a host other than the API's."""
    clio_server.app.next_host = "http://127.0.0.2:9"
    with pytest.raises(PullError, match="paging link points to another host"):
        _pull(clio_server, client, sleeps, retry)


def test_regions_map_to_hosts():
    """Each `--clio-region` has its documented host."""
    assert REGIONS == {
        "us": "https://app.clio.com",
        "eu": "https://eu.app.clio.com",
        "ca": "https://ca.app.clio.com",
        "au": "https://au.app.clio.com",
    }


def test_repeated_record_is_caught_and_read_again(clio_server, client, sleeps, retry):
    """A page repeating a record (so missing another) matches `meta.records` but is re-read."""
    clio_server.fail("page_token=cur-3", "duplicate")
    section = _pull(clio_server, client, sleeps, retry)["clio"]
    assert _EXACT(section["contacts"]) == _EXACT(clio_server.app.served("contacts"))


def test_docs_list_the_fields_requested():
    """docs/pull.md shows exactly the `fields=` list of each resource."""
    from pathlib import Path

    from ledgerlint.sources.clio import FIELDS

    docs = (Path(__file__).resolve().parents[2] / "docs" / "pull.md").read_text()
    for resource, fields in FIELDS.items():
        assert f"| `{resource}` | `{fields}` |" in docs, resource
