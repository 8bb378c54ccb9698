"""Money and dates as the reports print them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledgerlint.sources.exports.values import ValueProblem
from ledgerlint.sources.exports.values import parse_date
from ledgerlint.sources.exports.values import parse_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.56", "1234.56"),
        ("$1,234.56", "1234.56"),
        ("(1,234.56)", "-1234.56"),
        ("$(1,234.56)", "-1234.56"),
        ("-1,234.56", "-1234.56"),
        ("-$53,277.15", "-53277.15"),
        ("$-100.00", "-100.00"),
        ("0.00", "0.00"),
        ("12", "12"),
        (" 1,000,000.10 ", "1000000.10"),
    ],
)
def test_money_forms(text: str, expected: str) -> None:
    """Every form QuickBooks and Clio print reads as the exact Decimal."""
    value = parse_money(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    assert str(value) == expected


def test_empty_money_is_none() -> None:
    """An empty amount cell is no amount, not zero."""
    assert parse_money("  ") is None


@pytest.mark.parametrize("text", ["12,34.00", "1.234,56", "abc", "$", "(12.00", "1e5"])
def test_bad_money_is_an_error(text: str) -> None:
    """Anything else is a problem naming the text, never a guess."""
    with pytest.raises(ValueProblem, match="not an amount"):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-12", date(2026, 3, 12)),
        ("03/12/2026", date(2026, 3, 12)),
        ("3/2/2026", date(2026, 3, 2)),
        ("Mar 12, 2026", date(2026, 3, 12)),
        ("March 12, 2026", date(2026, 3, 12)),
        ("12 Mar 2026", date(2026, 3, 12)),
    ],
)
def test_date_forms(text: str, expected: date) -> None:
    """ISO, US month-first and month-name dates are read."""
    assert parse_date(text) == expected


def test_day_first_needs_the_setting() -> None:
    """13/02/2026 is not month-first: an error pointing at date_order, not a guess."""
    with pytest.raises(ValueProblem, match="date_order: DMY"):
        parse_date("13/02/2026")
    assert parse_date("13/02/2026", "DMY") == date(2026, 2, 13)
    assert parse_date("02/03/2026", "DMY") == date(2026, 3, 2)


@pytest.mark.parametrize("text", ["03/12/26", "2026-02-30", "Foo 3, 2026", "soon"])
def test_bad_dates_are_errors(text: str) -> None:
    """Two-digit years, impossible dates and words are errors."""
    with pytest.raises(ValueProblem):
        parse_date(text)
