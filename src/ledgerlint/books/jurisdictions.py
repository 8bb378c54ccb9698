"""The firm's jurisdictions, read once: `firm.jurisdictions` against the jurisdiction table.

Codes are compared case-insensitively; the ABA defaults stand in when the firm names none, or
for a code the table lacks (JX003 reports both).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ledgerlint.models.jurisdiction import Jurisdiction
from ledgerlint.models.snapshot import Snapshot

DEFAULT_CODE = "ABA"
"""The table entry that stands in for an unknown or absent jurisdiction."""


@dataclass(frozen=True)
class FirmJurisdictions:
    """The firm's jurisdictions as the rules apply them."""

    listed: tuple[str, ...]
    """The codes of `firm.jurisdictions`, upper-cased, duplicates dropped, in order."""
    unknown: tuple[str, ...]
    """Listed codes with no table entry."""
    applied: tuple[Jurisdiction, ...]
    """The table entries of the known codes, plus ABA when a code is unknown or none is listed."""
    known: tuple[Jurisdiction, ...]
    """The table entries of the listed codes the table has (no default added)."""
    keeping_client_ledgers: tuple[str, ...]
    """Listed codes whose rules keep client ledgers in the books (an unknown code reads as the
    ABA default, which does not)."""


def resolve(snapshot: Snapshot, table: Mapping[str, Jurisdiction]) -> FirmJurisdictions:
    firm = snapshot.firm
    listed: list[str] = []
    for code in (firm.jurisdictions if firm else None) or []:
        code = str(code).strip().upper()
        if code and code not in listed:
            listed.append(code)
    unknown = tuple(code for code in listed if code not in table)
    known = [table[code] for code in listed if code in table]
    applied = list(known)
    default = table.get(DEFAULT_CODE)
    if (unknown or not applied) and default is not None and default not in applied:
        applied.append(default)
    keeping = tuple(
        code
        for code in listed
        if (entry := table.get(code, default)) is not None and entry.client_ledger_in_books
    )
    return FirmJurisdictions(tuple(listed), unknown, tuple(applied), tuple(known), keeping)
