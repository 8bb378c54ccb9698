"""No rule crashes on odd but valid input: snapshots with parts removed, nulled or emptied.

A crashing rule is reported as a plugin error and the run exits 2; this property test mutates the
clean fixture at random (removing members, emptying lists, nulling optional values) and asserts
that every rule still either runs or says it could not run.
"""

from __future__ import annotations

import copy
from typing import Any

from helpers import fixture
from helpers import run
from helpers import snapshot_of
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ledgerlint.errors import SnapshotFormatError

CLEAN = fixture("clean.yaml")


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*prefix, key))
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*prefix, index))
            found += _paths(value, (*prefix, index))
    return found


PATHS = [p for p in _paths(CLEAN) if p[0] not in ("ledgerlint_snapshot", "captured_at")]


def _mutate(data: Any, path: tuple[Any, ...], how: str) -> None:
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "remove":
        del parent[last]
    elif how == "null":
        parent[last] = None
    elif how == "empty" and isinstance(parent[last], (list, dict)):
        parent[last] = type(parent[last])()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(PATHS), st.sampled_from(["remove", "null", "empty"])),
        min_size=1,
        max_size=6,
    )
)
def test_no_rule_crashes_on_mutated_snapshots(mutations: list[tuple[tuple[Any, ...], str]]) -> None:
    """Whatever the mutation, the run has no plugin errors (invalid snapshots are refused upfront)."""
    data = copy.deepcopy(CLEAN)
    for path, how in mutations:
        try:
            _mutate(data, path, how)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the parent
    try:
        snapshot_of(data)
    except SnapshotFormatError:
        return  # refused with a located error before any rule runs (tested elsewhere)
    try:
        report = run(data)
    except SnapshotFormatError:
        return
    crashes = [(n.rule_id, n.message) for n in report.errors()]
    assert crashes == [], (mutations, crashes)
