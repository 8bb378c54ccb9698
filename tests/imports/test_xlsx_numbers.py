"""`.xlsx` numbers read as exact money: what the workbook stores, never what a cell's format
rounds it to for display; only binary noise from spreadsheet arithmetic is rounded away."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from ledgerlint.sources.exports.table import read_rows
from ledgerlint.sources.exports.table import xlsx_number

openpyxl = pytest.importorskip("openpyxl")

CASES = [
    # (stored value, number format, Decimal read)
    (1234.56, "#,##0", "1234.56"),  # shown as 1,235: the stored cents are kept
    (1234.56, "@", "1234.56"),  # text format on a number: no places
    (1234.56, "0.0", "1234.56"),  # never fewer places than the stored value has
    (1234.56, '"USD "#,##0', "1234.56"),
    (1234.5, "#,##0.00;(#,##0.00)", "1234.50"),  # padded to the places shown, as the CSV
    (-1234.5, "$#,##0.00_);[Red]($#,##0.00)", "-1234.50"),
    (100, "#,##0.00", "100.00"),  # an int
    (100, "General", "100"),
    (0.1 + 0.2, "General", "0.30"),  # 0.30000000000000004: noise, rounded to cents
    (0.1 + 0.2, "#,##0.00", "0.30"),
    (0.1 + 0.2, "@", "0.30"),
    (0.1 + 0.2, "#,##0", "0.30"),  # noise is rounded to cents, never to fewer places
    (0.1 + 0.2, "0.0000", "0.3000"),  # ... or to more when the format shows more
    (1234.56 + 0.07, "General", "1234.63"),  # 1234.6299999999999
    (100.1 + 200.2, "#,##0.00", "300.30"),  # 300.29999999999995
    (1234.56 - 1234.55, "General", "0.01"),  # 0.009999999999990905
    (0.125, "#,##0.00", "0.125"),  # three places stored (few digits): a real value, kept
    (12.3456, "General", "12.3456"),
    (0.5, "0.00%", "0.5000"),  # 50.00%: the value has four places
    (1234.56, ";;;", "1234.56"),  # hidden: no places
]


def _write_doubles_as_excel_does(path: Path, doubles: dict[str, float]) -> None:
    """Store each cell's double with 17 significant digits, as Excel writes it (a typed 19.99 is
    `19.989999999999998`, 0.1 + 0.2 `0.30000000000000004`); openpyxl writes 16 (`%.16g`), which
    would hide the noise."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"

    def excel(match: re.Match[bytes]) -> bytes:
        double = doubles.get(match[2].decode())
        return match[0] if double is None else match[1] + b"%.17g</v>" % double

    parts[sheet] = re.sub(rb'(<c r="([A-Z]+\d+)"[^>]*><v>)[^<]*</v>', excel, parts[sheet])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> list[Decimal | None]:
    """The cells of one real workbook holding every case, read back as import reads them."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row, (value, number_format, _) in enumerate(CASES, start=1):
        sheet.cell(row=row, column=1, value=value).number_format = number_format
    path = tmp_path_factory.mktemp("xlsx") / "numbers.xlsx"
    book.save(path)
    doubles = {f"A{row}": v for row, (v, _, _) in enumerate(CASES, start=1) if type(v) is float}
    _write_doubles_as_excel_does(path, doubles)
    return [row.cells[0].value for row in read_rows(path)]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("index", "number_format", "expected"),
    [(i, fmt, want) for i, (_, fmt, want) in enumerate(CASES)],
    ids=[f"{value!r} {fmt}" for value, fmt, _ in CASES],
)
def test_xlsx_number_is_exact_money(
    read: list[Decimal | None], index: int, number_format: str, expected: str
) -> None:
    """The Decimal (and its places) each stored number and number format give."""
    value = read[index]
    assert isinstance(value, Decimal)
    assert str(value) == expected


def test_the_cell_text_is_the_decimal(tmp_path: Path) -> None:
    """A typed cell's text is its exact Decimal too (what a parser that reads text sees)."""
    book = openpyxl.Workbook()
    book.active.cell(row=1, column=1, value=1234.56).number_format = "#,##0"
    book.save(tmp_path / "one.xlsx")
    (row,) = read_rows(tmp_path / "one.xlsx")
    assert row.cells[0].text == "1234.56"


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (1e16, "General", "10000000000000000"),  # no exponent in the text
        (1.5e300, "#,##0.00", "15" + "0" * 299 + ".00"),  # beyond the default precision
        (2.5, "0.00E+00", "2.5"),  # scientific: no places
        (1234.5, '[$-409]#,##0.00 "USD"', "1234.50"),
    ],
)
def test_xlsx_number_edges(value: float, number_format: str, expected: str) -> None:
    """Numbers no exported amount should be, still read exactly and written without exponent."""
    assert str(xlsx_number(value, number_format)) == expected
