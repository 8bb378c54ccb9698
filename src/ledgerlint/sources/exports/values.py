"""Cell values as the reports print them: money, dates and header names.

Money is read from its text into `Decimal` and never passes through float arithmetic:
`$1,234.56`, `1,234.56`, `(1,234.56)`, `$(1,234.56)`, `-1,234.56`, `-$1,234.56` and `$-1,234.56`
are all accepted (QuickBooks prints the last three forms on totals rows). Dates are
`YYYY-MM-DD`, `MM/DD/YYYY` (or `DD/MM/YYYY` with `date_order: DMY`), and month names
(`Jan 5, 2026`, `January 5, 2026`, `5 Jan 2026`); a two-digit year, or a slash date whose month
would be above 12, is an error rather than a guess (see docs/import.md).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from decimal import InvalidOperation
from typing import Literal

DateOrder = Literal["MDY", "DMY"]
DEFAULT_DATE_ORDER: DateOrder = "MDY"

_MONEY = re.compile(r"^(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d+))?$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d+)$")
_MONTH_FIRST = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d+)$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]+)\.?,?[\s-]+(\d+)$")


class ValueProblem(ValueError):
    """A cell that cannot be read as the value its column holds; the message says why."""


def parse_money(text: str) -> Decimal | None:
    """The amount a money cell prints, or None for an empty cell."""
    raw = text.strip().replace("\u00a0", " ")
    if not raw:
        return None
    negative = False
    body = raw.replace(" ", "")
    if body.startswith("-"):
        negative, body = True, body[1:]
    if body.startswith("$"):
        body = body[1:]
    if body.startswith("-"):
        negative, body = not negative, body[1:]
    if body.startswith("(") and body.endswith(")"):
        negative, body = not negative, body[1:-1]
        body = body.removeprefix("$")
    match = _MONEY.match(body)
    if match is None:
        raise ValueProblem(f"{raw!r} is not an amount (e.g. 1,234.56, (1,234.56) or -$1,234.56)")
    digits = match["number"].replace(",", "")
    if match["cents"] is not None:
        digits += "." + match["cents"]
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValueProblem(f"{raw!r} is not an amount") from None
    return -value if negative else value


def parse_date(text: str, order: DateOrder = DEFAULT_DATE_ORDER) -> date:
    """The date a date cell prints; raises `ValueProblem` naming the accepted forms."""
    raw = text.strip()
    if match := _ISO.match(raw):
        return _make(raw, int(match[1]), int(match[2]), int(match[3]))
    if match := _SLASH.match(raw):
        first, second, year = int(match[1]), int(match[2]), match[3]
        month, day = (first, second) if order == "MDY" else (second, first)
        if month > 12:
            shown = "MM/DD/YYYY" if order == "MDY" else "DD/MM/YYYY"
            other = "DMY" if order == "MDY" else "MDY"
            raise ValueProblem(
                f"{raw!r} is not a {shown} date; if these exports print the "
                f"{'day' if order == 'MDY' else 'month'} first, set `date_order: {other}` "
                "in the --columns file"
            )
        return _make(raw, _year(raw, year), month, day)
    if match := _MONTH_FIRST.match(raw):
        return _make(raw, _year(raw, match[3]), _month(raw, match[1]), int(match[2]))
    if match := _DAY_FIRST.match(raw):
        return _make(raw, _year(raw, match[3]), _month(raw, match[2]), int(match[1]))
    raise ValueProblem(
        f"{raw!r} is not a date (accepted: YYYY-MM-DD, MM/DD/YYYY, Jan 5, 2026, 5 Jan 2026)"
    )


def _year(raw: str, digits: str) -> int:
    if len(digits) != 4:
        raise ValueProblem(f"{raw!r} has a {len(digits)}-digit year; give the full year")
    return int(digits)


def _month(raw: str, name: str) -> int:
    month = _MONTHS.get(name.lower())
    if month is None:
        raise ValueProblem(f"{raw!r}: {name!r} is not a month name")
    return month


def _make(raw: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as err:
        raise ValueProblem(f"{raw!r} is not a calendar date ({err})") from None


def header_key(text: str) -> str:
    """A header as it is compared: case and runs of whitespace ignored."""
    return " ".join(text.split()).casefold()
