"""Pulling a QuickBooks company: completeness, exact values, name lists, faults."""

from __future__ import annotations

import httpx
import msgspec
import pytest
from pull_fakes import FakeServer
from pull_fakes import Reply
from pull_fakes import Sleeps
from pull_fakes import make_qbo

from ledgerlint.errors import PullError
from ledgerlint.sources import RetryPolicy
from ledgerlint.sources import pull_snapshot
from ledgerlint.sources.qbo import ENTITIES

_EXACT = msgspec.json.Encoder(decimal_format="number").encode


def _pull(server: FakeServer, client: httpx.Client, sleeps: Sleeps, retry: RetryPolicy) -> dict:
    return pull_snapshot(qbo=make_qbo(server), client=client, sleep=sleeps, retry=retry)


def test_snapshot_equals_served_data(qbo_server, client, sleeps, retry):
    """Every entity, CompanyInfo and Preferences equal the served data digit for digit."""
    section = _pull(qbo_server, client, sleeps, retry)["qbo"]
    assert list(section) == ["CompanyInfo", "Preferences", *ENTITIES]
    for key, value in section.items():
        assert _EXACT(value) == _EXACT(qbo_server.app.served(key)), key


def test_inactive_name_list_records_are_included(qbo_server, client, sleeps, retry):
    """Name lists are queried with `Active in (true, false)`, so inactive records arrive."""
    section = _pull(qbo_server, client, sleeps, retry)["qbo"]
    assert [a["Active"] for a in section["Account"]] == [True, True, False]
    queries = [r.query["query"] for r in qbo_server.requests if "query" in r.query]
    assert "select count(*) from Account where Active in (true, false)" in queries
    assert "select count(*) from Invoice" in queries


def test_multi_page_entity_uses_startposition(qbo_server, client, sleeps, retry):
    """1,001 invoices arrive in two pages of at most 1000."""
    section = _pull(qbo_server, client, sleeps, retry)["qbo"]
    assert len(section["Invoice"]) == 1001
    pages = [r.query["query"] for r in qbo_server.requests if "* from Invoice" in r.target]
    assert pages == [f"select * from Invoice STARTPOSITION {n} MAXRESULTS 1000" for n in (1, 1001)]


def test_empty_entity_without_key_is_an_empty_list(qbo_server, client, sleeps, retry):
    """A `QueryResponse` with no entity key means no records."""
    assert _pull(qbo_server, client, sleeps, retry)["qbo"]["Transfer"] == []


def test_requests_ask_for_json_with_minorversion(qbo_server, client, sleeps, retry):
    """Every API request sends `Accept: application/json` and `minorversion`."""
    _pull(qbo_server, client, sleeps, retry)
    api = [r for r in qbo_server.requests if r.path.startswith("/v3/")]
    assert all(r.headers["accept"] == "application/json" for r in api)
    assert all(r.query["minorversion"] == "75" for r in api)


def test_amount_digits_survive(qbo_server, client, sleeps, retry):
    """Trailing zeros and exponents are kept (`0.00`, `1E+2`), never rounded through float."""
    section = _pull(qbo_server, client, sleeps, retry)["qbo"]
    assert b'"CurrentBalance":0.00' in _EXACT(section["Account"][2])
    assert b'"TotalAmt":1E+2' in _EXACT(section["Payment"][0])


def test_fault_body_becomes_one_line(qbo_server, client, sleeps, retry):
    """A `Fault` names the entity and the API's message."""
    fault = {
        "Fault": {
            "Error": [{"Message": "Invalid query", "Detail": "bad column", "code": "4000"}],
            "type": "ValidationFault",
        }
    }
    qbo_server.fail("from Deposit", Reply(400, fault))
    with pytest.raises(PullError) as caught:
        _pull(qbo_server, client, sleeps, retry)
    message = str(caught.value)
    assert (
        message
        == "QuickBooks Deposit: ValidationFault: Invalid query: bad column (code 4000) (HTTP 400)"
    )
    assert "\n" not in message


def test_fault_inside_a_200_is_an_error(qbo_server, client, sleeps, retry):
    """QuickBooks sometimes wraps a Fault in HTTP 200; it still fails the pull."""
    fault = {"Fault": {"Error": [{"Message": "Stale"}], "type": "SystemFault"}}
    qbo_server.fail("from Item", Reply(200, fault))
    with pytest.raises(PullError, match=r"^QuickBooks Item: SystemFault: Stale$"):
        _pull(qbo_server, client, sleeps, retry)


def test_short_page_is_read_again(qbo_server, client, sleeps, retry):
    """A page missing a record is caught by the count and the entity is re-read."""
    qbo_server.fail("select * from Invoice STARTPOSITION 1001", "short_page")
    section = _pull(qbo_server, client, sleeps, retry)["qbo"]
    assert _EXACT(section["Invoice"]) == _EXACT(qbo_server.app.served("Invoice"))


def test_persistent_count_mismatch_fails(qbo_server, client, sleeps, retry):
    """If the count never matches, the pull fails naming the entity and both numbers."""
    qbo_server.fail("select * from Class", "short_page", times=5)
    with pytest.raises(PullError, match=r"QuickBooks Class: read 1 records but the count"):
        _pull(qbo_server, client, sleeps, retry)


def test_repeated_record_is_caught_and_read_again(qbo_server, client, sleeps, retry):
    """A page where one record repeats (and so one is missing) has the right count but is
    still incomplete: the entity is read again."""
    qbo_server.fail("select * from Invoice STARTPOSITION 1 ", "duplicate")
    section = _pull(qbo_server, client, sleeps, retry)["qbo"]
    assert _EXACT(section["Invoice"]) == _EXACT(qbo_server.app.served("Invoice"))
