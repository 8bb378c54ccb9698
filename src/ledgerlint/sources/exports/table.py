"""A report export as rows of cells, each knowing its line and column, and its header row found.

    read_rows(path) ─▶ [Row]          CSV (UTF-8, BOM or not; Windows-1252 as a fallback) or
                                      .xlsx (first sheet, openpyxl, an optional extra)
    locate(rows, spec, names) ─▶ Table  the header row: the first of the top rows naming every
                                      required column; the rows above it are the report's title

Report exports carry a title block (company, report name, date range), section rows (an
account or client name alone in the first cell), totals (`Total for …`, `TOTAL`) and a footer
(`Accrual Basis Tuesday, …`); `Table.data_rows` leaves out blank rows and totals, and each
parser decides what a section row means. Positions are 1-based: the line (CSV) or row (.xlsx)
and the column (the field's position), as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from decimal import ROUND_HALF_EVEN
from decimal import Context
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerlint.errors import InputError
from ledgerlint.sources.exports.values import DEFAULT_DATE_ORDER
from ledgerlint.sources.exports.values import DateOrder
from ledgerlint.sources.exports.values import ValueProblem
from ledgerlint.sources.exports.values import header_key
from ledgerlint.sources.exports.values import parse_date
from ledgerlint.sources.exports.values import parse_money

HEADER_SEARCH_ROWS = 30
_NOISE_DIGITS = 15
_CENTS = 2
# Parts of an Excel number format that print text, not digits: "quoted", \escaped, [colour or
# condition], _ (a space as wide as the next character), * (fill with the next character).
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_FOOTER_PREFIXES = ("accrual basis", "cash basis")


@dataclass(frozen=True)
class Cell:
    text: str
    value: Decimal | date | None = None
    """What a typed .xlsx cell holds (a number as Decimal, a date); None for text and CSV."""


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[Cell, ...]

    def texts(self) -> list[str]:
        return [c.text.strip() for c in self.cells]

    @property
    def blank(self) -> bool:
        return not any(self.texts())

    @property
    def first_text(self) -> str:
        return next((t for t in self.texts() if t), "")

    @property
    def filled(self) -> int:
        return sum(1 for t in self.texts() if t)


@dataclass(frozen=True)
class Field:
    """A column a parser reads, and the header names it is known by in real exports."""

    name: str
    aliases: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class ExportSpec:
    kind: str
    """The key of this export in the --columns file, e.g. `qbo_account_list`."""
    title: str
    """How `sources.exports` names it, e.g. `QuickBooks Online: Account List`."""
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Table:
    path: Path
    rows: list[Row]
    header: Row
    columns: dict[str, int]
    """Field name -> 0-based position in the row."""
    date_order: DateOrder = DEFAULT_DATE_ORDER
    title: list[str] = field(default_factory=list)
    """The title rows above the header (company, report name, date range), as printed."""

    def data_rows(self) -> Iterator[Row]:
        """Rows below the header, without blank, totals and footer rows."""
        for row in self.rows:
            if row.line <= self.header.line or row.blank:
                continue
            first = row.first_text.casefold()
            if first.startswith("total") or first.startswith(_FOOTER_PREFIXES):
                continue
            yield row

    def has(self, name: str) -> bool:
        return name in self.columns

    def cell(self, row: Row, name: str) -> Cell:
        index = self.columns.get(name)
        if index is None or index >= len(row.cells):
            return Cell("")
        return row.cells[index]

    def text(self, row: Row, name: str) -> str:
        return self.cell(row, name).text.strip()

    def error(self, row: Row, name: str | None, message: str) -> InputError:
        column = self.columns[name] + 1 if name in self.columns else 1
        return InputError(message, path=self.path, line=row.line, column=column)

    def money(self, row: Row, name: str) -> Decimal | None:
        cell = self.cell(row, name)
        if isinstance(cell.value, Decimal):
            return cell.value
        try:
            return parse_money(cell.text)
        except ValueProblem as err:
            raise self.error(row, name, str(err)) from None

    def date(self, row: Row, name: str) -> date:
        cell = self.cell(row, name)
        if isinstance(cell.value, date):
            return cell.value
        try:
            return parse_date(cell.text, self.date_order)
        except ValueProblem as err:
            raise self.error(row, name, str(err)) from None

    def is_date(self, row: Row, name: str) -> bool:
        """Whether the cell holds something meant as a date (starts with a digit, or is typed)."""
        cell = self.cell(row, name)
        return isinstance(cell.value, date) or cell.text.strip()[:1].isdigit()


def read_rows(path: Path) -> list[Row]:
    """Every row of a CSV or .xlsx export, blank ones included (they keep line numbers true)."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _xlsx_rows(path)
    if path.suffix.lower() == ".xls":
        raise InputError(
            "legacy .xls workbooks are not read; export as .xlsx or CSV", path=path, line=1
        )
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the export ({err.strerror})", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    line = 1
    try:
        for record in reader:
            rows.append(Row(line, tuple(Cell(value) for value in record)))
            line = reader.line_num + 1
    except csv.Error as err:
        raise InputError(f"not a readable CSV file ({err})", path=path, line=line) from None
    return rows


def _xlsx_rows(path: Path) -> list[Row]:
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            "reading .xlsx needs openpyxl: pip install 'ledgerlint[xlsx]' (or export as CSV)",
            path=path,
        ) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise InputError(
            f"not a readable .xlsx workbook ({type(err).__name__})", path=path
        ) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for index, cells in enumerate(sheet.iter_rows(), start=1):
            line = next((c.row for c in cells if getattr(c, "row", None)), index)
            rows.append(Row(line, tuple(_xlsx_cell(c) for c in cells)))
        return rows
    finally:
        book.close()


def _xlsx_cell(cell: Any) -> Cell:
    """A cell's value: text as the sheet shows it, a date, or a number as its exact Decimal
    (`xlsx_number`), whatever the cell's format rounds it to for display."""
    value = getattr(cell, "value", None)
    if value is None:
        return Cell("")
    if isinstance(value, bool):
        return Cell(str(value).upper())
    if isinstance(value, datetime):
        return Cell(value.date().isoformat(), value.date())
    if isinstance(value, date):
        return Cell(value.isoformat(), value)
    if isinstance(value, int | float) and math.isfinite(value):
        number = xlsx_number(value, getattr(cell, "number_format", None) or "General")
        return Cell(str(number), number)
    return Cell(str(value))


def xlsx_number(value: int | float, number_format: str) -> Decimal:
    """The exact Decimal of a number a workbook stores; no arithmetic is done on the float.

    A float is taken as `repr(value)`, the shortest decimal text that reads back as the same
    double: for any number of up to 15 significant digits, the number as typed (Excel writes
    19.99 as `19.989999999999998`, the same double), so 1234.56 is 1234.56 even when its format
    shows `1,235`. It is never given fewer places than
    that text has; it is padded to the places its format shows (`1234.5` in `#,##0.00` is
    1234.50, as a CSV export of the cell prints it). The one exception is binary noise from
    arithmetic in the spreadsheet (`0.1 + 0.2` is 0.30000000000000004): a shortest text of 15
    or more significant digits with more than two decimal places is no amount anyone typed or
    any book keeps, and is rounded to cents, or to the format's places when it shows more.
    """
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    _, digits, exponent = number.as_tuple()
    stored = max(0, -int(exponent))
    shown = _displayed_places(number_format) or 0
    noise = isinstance(value, float) and len(digits) >= _NOISE_DIGITS and stored > _CENTS
    places = max(shown, _CENTS) if noise else max(stored, shown)
    precision = max(28, number.adjusted() + places + 2)
    return number.quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN, context=Context(prec=precision)
    )


def _displayed_places(number_format: str) -> int | None:
    """Decimal places of the value a number format shows (`#,##0.00` -> 2, `0.0%` -> 3); None
    when it shows no places of a number: `General`, text (`@`), scientific, no digit at all."""
    section = _FORMAT_LITERALS.sub("", number_format).split(";")[0].strip()
    lowered = section.lower()
    if lowered == "general" or "@" in section or "e+" in lowered or "e-" in lowered:
        return None
    if not any(placeholder in section for placeholder in "0#?"):
        return None
    places = 0
    if "." in section:
        decimals = section.split(".", 1)[1]
        places = len(decimals) - len(decimals.lstrip("0#?"))
    return places + 2 * section.count("%")


def locate(
    path: Path,
    rows: list[Row],
    spec: ExportSpec,
    names: dict[str, tuple[str, ...]],
    *,
    date_order: DateOrder = DEFAULT_DATE_ORDER,
) -> Table:
    """The table below the header row of `spec`'s export; an error naming what is missing.

    `names` gives, per field, the header names to look for (the defaults, or those of the
    --columns file). The header is the first of the top rows that names every required field.
    """
    wanted = {f.name: {header_key(n) for n in names[f.name]} for f in spec.fields}
    required = [f.name for f in spec.fields if f.required]
    best: tuple[int, Row, dict[str, int]] | None = None
    for row in rows[:HEADER_SEARCH_ROWS]:
        columns, clash = _columns(row, wanted)
        found = sum(1 for name in required if name in columns)
        if found == len(required):
            if clash is not None:
                name, index = clash
                raise InputError(
                    f"two columns of the header row map to {name!r} "
                    f"({row.cells[columns[name]].text.strip()!r} and "
                    f"{row.cells[index].text.strip()!r})",
                    path=path,
                    line=row.line,
                    column=index + 1,
                )
            title = [r.first_text for r in rows if r.line < row.line and not r.blank]
            return Table(path, rows, row, columns, date_order, title)
        if found and (best is None or found > best[0]):
            best = (found, row, columns)
    if best is None:
        looked = "; ".join(f"{name}: {' / '.join(names[name])}" for name in required)
        raise InputError(
            f"no header row of a {spec.title} export in the first {HEADER_SEARCH_ROWS} rows "
            f"(looked for {looked}); map other names with --columns",
            path=path,
            line=1,
            column=1,
        )
    _, row, columns = best
    missing = next(name for name in required if name not in columns)
    shown = ", ".join(t for t in row.texts() if t)
    raise InputError(
        f"the header row has no {missing!r} column (looked for "
        f"{' / '.join(names[missing])}; found: {shown}); map it with --columns",
        path=path,
        line=row.line,
        column=len(row.cells) + 1,
    )


def _columns(
    row: Row, wanted: dict[str, set[str]]
) -> tuple[dict[str, int], tuple[str, int] | None]:
    """Field -> position for the cells of `row` that name a field, and the first clash."""
    columns: dict[str, int] = {}
    clash = None
    for index, cell in enumerate(row.cells):
        key = header_key(cell.text)
        for name, keys in wanted.items():
            if key and key in keys:
                if name in columns:
                    clash = clash or (name, index)
                else:
                    columns[name] = index
    return columns, clash
