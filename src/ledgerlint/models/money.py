"""Amounts as the books hold them (`Decimal`) and as people read them (`$1,234.50`)."""

from __future__ import annotations

from decimal import Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def money(amount: Decimal) -> str:
    """An amount as findings and reports show it: `$1,234.50`, `-$12.00` (exact, rounded
    half-even to cents)."""
    cents = amount.quantize(CENT)
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents):,.2f}"
