"""Who a trust movement is for, on either side: a Clio contact, a client sub-account or a
QuickBooks customer, grouped by the catalog's name rule.

Movement pairing (`movements.py`) compares clients across the two systems by name (`names.py`:
case, punctuation and whitespace ignored, `Last, First` = `First Last`). `NameGroups` puts every
party whose names match, directly or through another, in one group. A group holding two Clio
contacts, two sub-accounts or two customers cannot be told apart by name: it is ambiguous, and
the pairing leaves its movements out and reports it, never guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ledgerlint.books.names import name_keys

PartyKind = Literal["clio", "sub-account", "customer"]
KINDS: tuple[PartyKind, ...] = ("clio", "sub-account", "customer")
_WORDS = {
    "clio": "Clio contact",
    "sub-account": "QuickBooks sub-account",
    "customer": "QuickBooks customer",
}


@dataclass(frozen=True, slots=True)
class Party:
    """A client as one system names it."""

    key: str
    """The entity's key (`clio.contacts:2001`, `qbo.Account:41`, `qbo.Customer:5`)."""
    name: str
    kind: PartyKind
    pointer: str | None = None


class NameGroups:
    """Parties grouped by matching names (a union of their name keys)."""

    def __init__(self, parties: Iterable[Party]) -> None:
        self._parent: dict[str, str] = {}
        members: dict[str, Party] = {}
        for party in parties:
            if party.key in members:
                continue
            members[party.key] = party
            for name_key in name_keys(party.name):
                self._union(f"party:{party.key}", f"name:{name_key}")
        by_group: dict[str, list[Party]] = {}
        for party in members.values():
            by_group.setdefault(self.group(party), []).append(party)
        self.ambiguous: dict[str, tuple[Party, ...]] = {
            root: tuple(group)
            for root, group in by_group.items()
            if any(sum(p.kind == kind for p in group) > 1 for kind in KINDS)
        }
        """Group -> its members, for the groups that hold two parties of one kind."""

    def group(self, party: Party) -> str:
        """The party's group (its own when no name of it matches another's)."""
        return self._find(f"party:{party.key}")

    def _find(self, key: str) -> str:
        parent = self._parent
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def _union(self, left: str, right: str) -> None:
        self._parent[self._find(left)] = self._find(right)


def describe(members: Iterable[Party]) -> tuple[str, ...]:
    """`Clio contact Jane Smith`, `QuickBooks sub-account Smith, Jane`…, in a stable order."""
    order = {kind: index for index, kind in enumerate(KINDS)}
    return tuple(
        f"{_WORDS[p.kind]} {p.name}"
        for p in sorted(members, key=lambda p: (order[p.kind], p.name.casefold(), p.key))
    )
