"""Movement pairing (`books/movements.py`, `books/pairing.py`): the catalog's order, its window,
one to one, the three passes, the span, and its cost at scale."""

from __future__ import annotations

import random
import time
from datetime import date
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from helpers import fixture
from helpers import snapshot_of

from ledgerlint.books import Books
from ledgerlint.books.movements import AccountMovements
from ledgerlint.books.pairing import nearest_one_to_one

DAY = date(2026, 11, 10)


def _movements(data: Any, window: int | None = None) -> AccountMovements:
    options = {"TR011": {"window_days": window}} if window is not None else None
    (account,) = Books(snapshot_of(data), options=options).movements.accounts
    return account


def _item(name: str, when: date | None, *ids: object, bucket: object = "b") -> Any:
    return (name, (bucket, when, ids))


def _pair(left: list[Any], right: list[Any], window: int = 3) -> list[tuple[str, str]]:
    pairs = nearest_one_to_one(
        left, right, window, left_key=lambda item: item[1], right_key=lambda item: item[1]
    )
    return [(a[0], b[0]) for a, b in pairs]


@pytest.mark.parametrize("window", [0, 3, 7])
def test_window_boundary_n_days_pair_n_plus_one_do_not(window: int) -> None:
    """A QuickBooks line dated N days after the Clio transaction pairs; N+1 days does not."""
    for offset, paired in ((window, True), (window + 1, False)):
        data = fixture()
        data["qbo"]["Deposit"][7]["TxnDate"] = str(DAY + timedelta(days=offset))
        account = _movements(data, window)
        assert [m.transaction.id for m in account.missing_in_books] == ([] if paired else [6011])
        assert [line.posting.txn.Id for line in account.missing_in_clio] == (
            [] if paired else ["308"]
        )


def test_window_counts_days_both_ways() -> None:
    """A QuickBooks line dated before the Clio transaction pairs within the window too."""
    data = fixture()
    data["qbo"]["Deposit"][7]["TxnDate"] = str(DAY - timedelta(days=3))
    assert not _movements(data).missing_in_books


def test_equal_amounts_pair_one_to_one() -> None:
    """Two Clio deposits of one amount, one client, one day, and one QuickBooks line: one pair,
    the lower Clio id; the other is left for TR011."""
    data = fixture()
    twin = dict(data["clio"]["bank_transactions"][10], id=6012)
    data["clio"]["bank_transactions"].append(twin)
    account = _movements(data)
    paired = [p.clio.transaction.id for p in account.pairs if p.line.posting.txn.Id == "308"]
    assert paired == [6011]
    assert [m.transaction.id for m in account.missing_in_books] == [6012]


def test_nearest_date_is_taken_before_lower_id() -> None:
    """Date distance decides first: the Clio transaction dated like the line gets it."""
    assert _pair(
        [_item("c1", DAY, 1), _item("c2", DAY + timedelta(days=2), 2)],
        [_item("q", DAY + timedelta(days=2), "9")],
    ) == [("c2", "q")]


def test_ties_break_by_clio_date_then_clio_id_then_qbo_ids() -> None:
    """Equal distances: the earlier Clio date, then the lower Clio id, then QuickBooks Id and
    line Id (ids compare as numbers: "95" before "301")."""
    day2 = DAY + timedelta(days=2)
    assert _pair(
        [_item("late", day2, 1), _item("early", DAY, 2)],
        [_item("q-mid", DAY + timedelta(days=1), "5")],
    ) == [("early", "q-mid")]
    assert _pair([_item("c7", DAY, 7), _item("c3", DAY, 3)], [_item("q", DAY, "1")]) == [
        ("c3", "q")
    ]
    assert _pair(
        [_item("c", DAY, 1)], [_item("q301", DAY, "301", "1"), _item("q95", DAY, "95", "2")]
    ) == [("c", "q95")]
    assert _pair(
        [_item("c", DAY, 1)], [_item("line2", DAY, "95", "2"), _item("line1", DAY, "95", "1")]
    ) == [("c", "line1")]


def test_buckets_never_mix_and_undated_items_never_pair() -> None:
    """Only items of one bucket (direction, amount, client) pair; undated ones never do."""
    assert _pair([_item("c", DAY, 1, bucket="a")], [_item("q", DAY, "1", bucket="b")]) == []
    assert _pair([_item("c", None, 1)], [_item("q", DAY, "1")]) == []


def test_same_client_first_then_other_clients_then_no_client() -> None:
    """Pass 1 pairs the same client even when another client's line is nearer; pass 2 pairs
    what is left across clients (TR013); pass 3 gives lines naming no client what remains."""
    data = fixture()
    deposits = data["qbo"]["Deposit"]
    # Tanaka's line for O'Connor's 1,200.00 on the same day; O'Connor's own a day later.
    nearer = {
        "Entity": {"value": "5", "name": "Aiko Tanaka", "type": "CUSTOMER"},
        "AccountRef": {"value": "44", "name": "Client Trust Liability:Tanaka, Aiko"},
    }
    other = dict(
        deposits[6], Id="309", Line=[dict(deposits[6]["Line"][0], DepositLineDetail=nearer)]
    )
    deposits[6]["TxnDate"] = "2026-11-01"
    deposits.append(other)
    account = _movements(data)
    stages = {(p.clio.transaction.id, p.line.posting.txn.Id): p.stage for p in account.pairs}
    assert stages[(6009, "307")] == "same-client"
    assert [line.posting.txn.Id for line in account.missing_in_clio] == ["309"]

    # Without O'Connor's own line the cross-client line pairs in pass 2.
    del deposits[6]
    account = _movements(data)
    assert [(p.clio.transaction.id, p.line.posting.txn.Id) for p in account.wrong_client] == [
        (6009, "309")
    ]

    # A line naming nobody pairs in pass 3 and is nobody's finding here (TR009 reports it).
    deposits[-1]["Line"][0]["DepositLineDetail"] = {
        "AccountRef": {"value": "40", "name": "Client Trust Liability"}
    }
    account = _movements(data)
    assert [p.stage for p in account.pairs if p.clio.transaction.id == 6009] == ["no-client"]
    assert not account.missing_in_books and not account.missing_in_clio


def test_only_the_span_both_systems_cover_is_judged() -> None:
    """From the later of the two earliest dates: older history on one side is not judged."""
    data = fixture()
    data["qbo"]["Deposit"] = data["qbo"]["Deposit"][1:]  # QuickBooks starts 2026-05-04
    account = _movements(data)
    assert account.span_start == date(2026, 5, 4)
    assert not account.missing_in_books  # Clio 6001 (2026-03-12) lies before the span


def test_a_side_with_nothing_dated_leaves_the_span_to_the_other() -> None:
    """QuickBooks holding no trust line: the span is Clio's, so every Clio movement is judged
    (and missing); with nothing on either side there is no span and nothing to judge."""
    data = fixture()
    for name in ("Deposit", "JournalEntry", "Transfer", "Purchase"):
        data["qbo"][name] = []
    account = _movements(data)
    assert account.span_start == date(2026, 3, 12)
    assert len(account.missing_in_books) == len(data["clio"]["bank_transactions"])
    data["clio"]["bank_transactions"] = []
    account = _movements(data)
    assert account.span_start is None
    assert not account.missing_in_books and not account.open_in_books


def test_duplicate_purchases_are_left_to_ts002() -> None:
    """With trust sync on, a check duplicating a synced disbursement is not a TR012 line: the
    synced entry pairs with Clio's transaction and the check waits for TS002."""
    from test_trust_sync_fixture import with_duplicate_check

    account = _movements(with_duplicate_check())
    assert [line.posting.txn.Id for line in account.duplicates] == ["651"]
    assert not account.missing_in_clio and not account.missing_in_books
    (pair,) = [p for p in account.pairs if p.clio.transaction.id == 6008]
    assert pair.line.posting.txn.Id == "710"


def test_pairing_scales_by_buckets_not_all_pairs() -> None:
    """40,000 items a side in 400 amounts over two years pair in a fraction of a second (all
    pairs would be 1.6 billion comparisons)."""
    rng = random.Random(1)
    start = date(2025, 1, 1)
    items = []
    for index in range(40_000):
        bucket = ("in", Decimal(rng.randrange(400)))
        items.append((str(index), (bucket, start + timedelta(days=rng.randrange(700)), (index,))))
    began = time.perf_counter()
    pairs = nearest_one_to_one(
        items, items, 3, left_key=lambda item: item[1], right_key=lambda item: item[1]
    )
    assert len(pairs) == len(items)
    assert time.perf_counter() - began < 10
