"""Greedy one-to-one pairing by nearest date, the order every pairing of the books uses.

Movement pairing (`movements.py`) and the trust sync's twins (`trust_sync.py`) pair two lists
the same way (rule-catalog "Movement pairing"): candidate pairs are those in the same bucket
(same direction and amount, and whatever else the caller puts in the key) dated at most
`window` days apart; they are taken greedily, one to one, in order of date distance, then the
left item's date, then its ids, then the right item's ids. Ids compare as numbers when they
are numbers (`natural`), so QuickBooks Id "95" comes before "301".

Scale: only items of one bucket are compared, and within a bucket only those whose dates are
within the window (found by bisection over the right items sorted by date), so a firm with
100,000 movements costs about one sort of its candidates, never all pairs.
"""

from __future__ import annotations

from bisect import bisect_left
from bisect import bisect_right
from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Iterable
from datetime import date
from typing import TypeVar

L = TypeVar("L")
R = TypeVar("R")


def natural(value: object) -> tuple[int, int, str]:
    """An id as a sort key: numbers in numeric order, before any other text."""
    text = "" if value is None else str(value)
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def nearest_one_to_one(
    left: Iterable[L],
    right: Iterable[R],
    window: int,
    *,
    left_key: Callable[[L], tuple[Hashable, date | None, tuple[object, ...]]],
    right_key: Callable[[R], tuple[Hashable, date | None, tuple[object, ...]]],
    accept: Callable[[L, R], bool] | None = None,
) -> list[tuple[L, R]]:
    """Pair `left` with `right` greedily, one to one, nearest date first.

    `left_key`/`right_key` give each item's bucket (only items of equal buckets can pair), its
    date (undated items never pair) and its ids (the tie-breakers). `accept` may refuse a
    candidate pair (e.g. "different clients only"). Buckets never compete for an item, so each
    is paired on its own; a bucket of one item a side (the common case) needs no sorting.
    """
    lefts: dict[Hashable, list[tuple[int, tuple[object, ...], L]]] = {}
    for item in left:
        bucket, when, ids = left_key(item)
        if when is not None:
            lefts.setdefault(bucket, []).append((when.toordinal(), ids, item))
    rights: dict[Hashable, list[tuple[int, tuple[object, ...], R]]] = {}
    for other in right:
        bucket, when, ids = right_key(other)
        if when is not None and bucket in lefts:
            rights.setdefault(bucket, []).append((when.toordinal(), ids, other))
    pairs: list[tuple[L, R]] = []
    for bucket, found in rights.items():
        mine = lefts[bucket]
        if len(mine) == 1 and len(found) == 1:
            (ordinal, _, item), (other_ordinal, _, other) = mine[0], found[0]
            if abs(other_ordinal - ordinal) <= window and (accept is None or accept(item, other)):
                pairs.append((item, other))
            continue
        pairs += _greedy(mine, found, window, accept)
    return pairs


def _greedy(
    left: list[tuple[int, tuple[object, ...], L]],
    right: list[tuple[int, tuple[object, ...], R]],
    window: int,
    accept: Callable[[L, R], bool] | None,
) -> list[tuple[L, R]]:
    """One bucket: every candidate within the window, taken in the catalog's order."""
    ordered = sorted(
        ((ordinal, tuple(map(natural, ids)), other) for ordinal, ids, other in right),
        key=lambda entry: entry[:2],
    )
    dates = [entry[0] for entry in ordered]
    candidates = []
    for index, (ordinal, ids, item) in enumerate(left):
        low = bisect_left(dates, ordinal - window)
        high = bisect_right(dates, ordinal + window)
        natural_ids = tuple(map(natural, ids))
        for other_index in range(low, high):
            other_ordinal, other_ids, other = ordered[other_index]
            if accept is not None and not accept(item, other):
                continue
            distance = abs(other_ordinal - ordinal)
            key = (distance, ordinal, natural_ids, other_ids, index, other_index)
            candidates.append((key, item, other))
    candidates.sort(key=lambda candidate: candidate[0])
    taken_left: set[int] = set()
    taken_right: set[int] = set()
    pairs = []
    for key, item, other in candidates:
        left_index, right_index = key[4], key[5]
        if left_index in taken_left or right_index in taken_right:
            continue
        taken_left.add(left_index)
        taken_right.add(right_index)
        pairs.append((item, other))
    return pairs
