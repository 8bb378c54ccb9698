"""The --columns file: a firm's own header names, validated with positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from ledgerlint.errors import InputError
from ledgerlint.sources.exports import SPECS
from ledgerlint.sources.exports import ExportFiles
from ledgerlint.sources.exports import import_snapshot
from ledgerlint.sources.exports import load_columns


def test_override_maps_other_header_names(tmp_path: Path) -> None:
    """A firm's export with its own names reads once the names are mapped; DMY dates too."""
    columns = write(
        tmp_path / "columns.yaml",
        "date_order: DMY\nclio_trust_listing:\n  client: Customer\n  balance: [Held, Amount held]\n",
    )
    listing = write(
        tmp_path / "listing.csv",
        "Customer,Matter,Account,Last activity date,Amount held\n"
        "Jane Doe,00001-Doe,IOLTA,13/02/2026,10.00\n",
    )
    config = load_columns(columns, SPECS)
    assert config.date_order == "DMY"
    snapshot = import_snapshot(ExportFiles(clio_trust_listing=(listing,)), columns=config).snapshot
    assert snapshot["clio"]["contacts"] == [{"id": "imp-contact-1", "name": "Jane Doe"}]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "qbo_jornal:\n  debit: Dr\n",
            "1:1",
            "unknown export kind 'qbo_jornal' (did you mean 'qbo_journal'?)",
        ),
        (
            "qbo_journal:\n  debt: Dr\n",
            "2:3",
            "unknown column of qbo_journal 'debt' (did you mean 'debit'?)",
        ),
        ("qbo_journal:\n  debit: []\n", "2:10", "must name at least one header"),
        ("qbo_journal:\n  debit: {a: b}\n", "2:10", "must be a non-empty text"),
        ("qbo_journal: [debit]\n", "1:14", "qbo_journal must be a mapping"),
        ("date_order: YMD\n", "1:13", "date_order must be MDY or DMY"),
        ("qbo_journal:\n  debit: Dr\n  debit: Db\n", "3:3", "duplicate key 'debit'"),
        ("qbo_journal:\n  debit: [Dr\n", "3:1", "not valid YAML"),
    ],
)
def test_bad_columns_file_names_line_and_column(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    """Every mistake is one line: file, line, column and what is wrong."""
    path = write(tmp_path / "columns.yaml", text)
    with pytest.raises(InputError) as caught:
        load_columns(path, SPECS)
    assert str(caught.value).startswith(f"{path}:{where}: ")
    assert message in str(caught.value)
