"""Reading snapshots: exact money, both formats alike, and errors with file:line:col."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ledgerlint.api import read_snapshot
from ledgerlint.errors import InputError
from ledgerlint.errors import SnapshotFormatError
from ledgerlint.snapshot import load_document
from ledgerlint.snapshot import parse_document

HEADER = "ledgerlint_snapshot: 1\ncaptured_at: 2026-11-20T09:00:00Z\n"


def test_json_numbers_are_decimal_never_float() -> None:
    """0.1 + 0.2 is exactly 0.3 when read from JSON: no float on the way."""
    doc = parse_document(
        b'{"a": 0.1, "b": 0.2, "c": 12, "d": 1234567890123456.78}', "x.json", "json"
    )
    assert doc.plain()["a"] + doc.plain()["b"] == Decimal("0.3")
    assert doc.plain()["d"] == Decimal("1234567890123456.78")
    assert doc.plain()["c"] == 12


def test_yaml_floats_are_decimal_and_timestamps_text() -> None:
    """YAML reads like JSON: floats become Decimal, timestamps stay strings."""
    doc = parse_document(b"a: 0.10\nb: 2026-11-20T09:00:00Z\nc: 2026-10-31\n", "x.yaml", "yaml")
    assert doc.plain() == {"a": Decimal("0.10"), "b": "2026-11-20T09:00:00Z", "c": "2026-10-31"}


def test_malformed_json_names_line_and_column() -> None:
    """A syntax error points at the line and column where the parser stopped."""
    with pytest.raises(InputError) as caught:
        parse_document(b'{\n  "a": 1,\n  "b": ]\n}', "bad.json", "json")
    assert (caught.value.line, caught.value.column) == (3, 8)
    assert str(caught.value).startswith("bad.json:3:8: invalid JSON")


def test_malformed_yaml_names_line_and_column() -> None:
    """PyYAML's mark becomes a 1-based line and column."""
    with pytest.raises(InputError) as caught:
        parse_document(b"a: 1\nb: [1, 2\nc: 3\n", "bad.yaml", "yaml")
    assert caught.value.line == 3
    assert str(caught.value).startswith("bad.yaml:3:")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    """A missing path is reported, not a traceback."""
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "nope.json")


def test_wrong_format_version_points_at_the_header() -> None:
    """A future format version is refused with the header's position."""
    doc = parse_document(
        b"captured_at: 2026-11-20T09:00:00Z\nledgerlint_snapshot: 2\n", "s.yaml", "yaml"
    )
    with pytest.raises(SnapshotFormatError) as caught:
        read_snapshot(doc)
    assert (caught.value.line, caught.value.column) == (2, 1)
    assert "unsupported snapshot format 2" in str(caught.value)


def test_missing_header_is_refused() -> None:
    """A YAML document without the header is not a snapshot."""
    doc = parse_document(b"qbo: {}\n", "s.yaml", "yaml")
    with pytest.raises(SnapshotFormatError, match="header"):
        read_snapshot(doc)


def test_wrong_type_names_the_field_and_its_place() -> None:
    """A model validation error carries the field path and its line/column."""
    text = HEADER + "clio_bill_syncing:\n  sync_timing: sometimes\n"
    doc = parse_document(text.encode(), "s.yaml", "yaml")
    with pytest.raises(SnapshotFormatError) as caught:
        read_snapshot(doc)
    assert (caught.value.line, caught.value.column) == (4, 3)
    assert "clio_bill_syncing.sync_timing" in str(caught.value)


def test_unknown_fields_are_kept_and_ignored() -> None:
    """API fields the models do not name are accepted."""
    text = HEADER + "qbo:\n  Account:\n    - {Id: '1', Name: Cash, SomethingNew: {x: 1}}\n"
    snapshot = read_snapshot(parse_document(text.encode(), "s.yaml", "yaml"))
    assert snapshot.qbo is not None and snapshot.qbo.Account is not None
    assert snapshot.qbo.Account[0].pointer == "/qbo/Account/0"


def test_a_large_json_file_is_mapped_and_reads_the_same(tmp_path: Path) -> None:
    """Past 8 MB a JSON file is mapped, not read; findings and their positions are the same."""
    import mmap

    from helpers import fixture
    from helpers import registry
    from helpers import to_json_bytes

    from ledgerlint.api import lint_documents
    from ledgerlint.reporters import renderer

    data = fixture()
    data["x-padding"] = "x" * 9_000_000  # pushes what follows past the threshold
    data["clio_bill_syncing"]["sync_timing"] = "real_time"  # CS001, after the padding
    raw = to_json_bytes(data)
    path = tmp_path / "big.json"
    path.write_bytes(raw)
    mapped = load_document(path)
    assert isinstance(mapped.raw, mmap.mmap)
    read = parse_document(raw, str(path), "json")
    reports = [
        renderer("json")(lint_documents([doc], registry=registry())) for doc in (mapped, read)
    ]
    assert reports[0] == reports[1]
    assert '"rule": "CS001"' in reports[0]
