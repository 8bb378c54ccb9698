"""Helpers for the `ledgerlint import` tests: sample exports, writing exports, running the CLI."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

from helpers import ROOT

SAMPLES = ROOT / "tests" / "data" / "exports" / "harbor-vale"
_MONEY = re.compile(r"^-?\$?\(?-?\$?[\d,]+\.\d\d\)?$")
_DATE = re.compile(r"^\d\d/\d\d/\d{4}$")


def write(path: Path, text: str) -> Path:
    """An export file with the given text (dedented by the caller)."""
    path.write_text(text, encoding="utf-8")
    return path


def csv_to_xlsx(source: Path, target: Path) -> Path:
    """An .xlsx holding the CSV's cells as QuickBooks' Excel export types them: amounts as
    numbers with a two-decimal format (negatives in parentheses), dates as dates."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for record in csv.reader(io.StringIO(source.read_text(encoding="utf-8"))):
        row = []
        for text in record:
            value: object = text
            if _MONEY.match(text.strip()):
                cleaned = text.strip().replace("$", "").replace(",", "")
                negative = cleaned.startswith("(") or cleaned.startswith("-")
                number = float(cleaned.strip("()-"))  # what Excel stores: a double
                value = -number if negative else number
            elif _DATE.match(text.strip()):
                value = datetime.strptime(text.strip(), "%m/%d/%Y")
            row.append(value)
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00;(#,##0.00)"
            elif isinstance(cell.value, datetime):
                cell.number_format = "mm/dd/yyyy"
    book.save(target)
    return target
