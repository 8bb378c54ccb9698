"""Property: for any JSON document, a resolved pointer lands on its member's key or item's value."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ledgerlint.snapshot.positions import resolve_positions

keys = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)
scalars = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=8)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25,
)


def _pointers(node: Any, prefix: str = "") -> list[tuple[str, Any, str | None]]:
    """Every (pointer, value, member key or None) in the document."""
    found: list[tuple[str, Any, str | None]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            pointer = f"{prefix}/{key.replace('~', '~0').replace('/', '~1')}"
            found.append((pointer, value, key))
            found += _pointers(value, pointer)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            pointer = f"{prefix}/{index}"
            found.append((pointer, value, None))
            found += _pointers(value, pointer)
    return found


@settings(max_examples=150, deadline=None)
@given(documents, st.sampled_from([None, 1, 2]), st.booleans())
def test_json_pointer_positions(document: Any, indent: int | None, ascii_only: bool) -> None:
    """The line/column of each pointer starts the member's key (as JSON) or the item's value."""
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    targets = _pointers(document)
    positions = resolve_positions(text.encode(), "json", [p for p, _, _ in targets])
    lines = text.split("\n")
    for pointer, value, key in targets:
        line, column = positions[pointer]
        rest = lines[line - 1][column - 1 :]
        expected = (
            json.dumps(key, ensure_ascii=ascii_only)
            if key is not None
            else json.dumps(value, ensure_ascii=ascii_only)
        )
        if key is None and isinstance(value, (dict, list)):
            expected = expected[:1]
        assert rest.startswith(expected), (pointer, rest)
