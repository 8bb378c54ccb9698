"""Calendar days as the two APIs spell them (`"2026-11-06"`, timestamps, dates)."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from functools import lru_cache


def day(value: date | datetime | str | None) -> date | None:
    """A calendar day from an API date (`"2026-11-06"`), timestamp or date; None if unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _parse(value)


@lru_cache(maxsize=1 << 14)
def _parse(text: str) -> date | None:
    # A firm's transactions fall on a few thousand distinct days; the rules read the same
    # dates many times over.
    try:
        return date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        return None
