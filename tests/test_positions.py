"""JSON pointers resolve to the line and column a reader looks for, in JSON and YAML."""

from __future__ import annotations

from ledgerlint.snapshot.positions import resolve_positions

JSON = b'{\n  "qbo": {\n    "Invoice": [\n      {"Id": "1"},\n      {"Id": "2", "DocNumber": "10"}\n    ]\n  },\n  "a~b": {"c/d": true}\n}\n'
YAML = b"qbo:\n  Invoice:\n    - Id: '1'\n    - Id: '2'\n      DocNumber: '10'\na~b:\n  c/d: true\n"


def test_json_members_point_at_their_keys_and_items_at_their_start() -> None:
    """Members resolve to the key, array items to the item."""
    found = resolve_positions(
        JSON, "json", ["/qbo/Invoice/1/DocNumber", "/qbo/Invoice/0", "/a~0b/c~1d", ""]
    )
    assert found == {
        "/qbo/Invoice/1/DocNumber": (5, 19),
        "/qbo/Invoice/0": (4, 7),
        "/a~0b/c~1d": (8, 11),
        "": (1, 1),
    }


def test_yaml_positions() -> None:
    """The same pointers in YAML."""
    found = resolve_positions(
        YAML, "yaml", ["/qbo/Invoice/1/DocNumber", "/qbo/Invoice/0", "/a~0b/c~1d"]
    )
    assert found == {
        "/qbo/Invoice/1/DocNumber": (5, 7),
        "/qbo/Invoice/0": (3, 7),
        "/a~0b/c~1d": (7, 3),
    }


def test_absent_pointer_falls_back_to_nearest_ancestor() -> None:
    """A finding about a missing member points at the object that should hold it."""
    assert resolve_positions(JSON, "json", ["/qbo/Invoice/1/Missing"]) == {
        "/qbo/Invoice/1/Missing": (5, 7)
    }
    assert resolve_positions(YAML, "yaml", ["/qbo/Nothing/here"]) == {"/qbo/Nothing/here": (1, 1)}


def test_unicode_columns_count_characters() -> None:
    """Columns count characters, not bytes (SARIF columnKind unicodeCodePoints)."""
    raw = '{"név": "é", "x": 1}'.encode()
    assert resolve_positions(raw, "json", ["/x"]) == {"/x": (1, 14)}
