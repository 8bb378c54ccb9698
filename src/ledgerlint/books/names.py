"""Matching client names across Clio and QuickBooks, as the rule catalog defines it.

Names match ignoring case and punctuation and collapsing whitespace, and `Last, First` also
matches `First Last`. A name that matches two different candidates is ambiguous: the rules
report it as a notification naming the candidates and skip that client, never guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic
from typing import TypeVar

T = TypeVar("T")
_NOT_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


def normalize(name: str) -> str:
    """Lower case, punctuation removed, whitespace collapsed (accents kept as they are)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()


@lru_cache(maxsize=1 << 16)
def name_keys(name: str) -> frozenset[str]:
    """Every form under which `name` matches: itself, and `First Last` for `Last, First`."""
    keys = {normalize(name)}
    if "," in name:
        last, first = name.split(",", 1)
        keys.add(normalize(f"{first} {last}"))
    keys.discard("")
    return frozenset(keys)


def names_match(left: str, right: str) -> bool:
    return bool(name_keys(left) & name_keys(right))


@dataclass(frozen=True)
class Match(Generic[T]):
    """The result of a lookup: one candidate, none, or several (ambiguous)."""

    candidates: tuple[T, ...]

    @property
    def found(self) -> T | None:
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


class NameIndex(Generic[T]):
    """Candidates indexed by every key of their name, for O(1) matching."""

    def __init__(self, items: Iterable[tuple[str, T]]) -> None:
        self._by_key: dict[str, list[T]] = {}
        for name, item in items:
            for key in name_keys(name):
                bucket = self._by_key.setdefault(key, [])
                if not any(existing is item for existing in bucket):
                    bucket.append(item)

    def lookup(self, name: str) -> Match[T]:
        found: list[T] = []
        for key in sorted(name_keys(name)):
            for item in self._by_key.get(key, []):
                if not any(existing is item for existing in found):
                    found.append(item)
        return Match(tuple(found))
