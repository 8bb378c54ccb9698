"""`ledgerlint import`: a snapshot from the report exports a firm without API access can give.

    ExportFiles ─▶ read_rows ─▶ locate (header) ─┬─ qbo_accounts      Account List    ─▶ qbo.Account
                                                 ├─ qbo_transactions  Journal, Transaction Detail
                                                 │   └─ qbo_entities  ─▶ qbo.Deposit, JournalEntry, …
                                                 └─ clio_trust        Trust Listing, Trust Ledger ─▶ clio.*
                  ─▶ snapshot dict (format 1) with `sources: {qbo, clio: imported, exports: […]}`

What each export maps to, and what is therefore missing, is in docs/import.md. Nothing is
invented: a field no export shows is left out, so the rules that need it say they could not run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerlint.errors import InputError
from ledgerlint.sources.exports.clio_trust import TRUST_LEDGER
from ledgerlint.sources.exports.clio_trust import TRUST_LISTING
from ledgerlint.sources.exports.clio_trust import ClioExports
from ledgerlint.sources.exports.clio_trust import clio_section
from ledgerlint.sources.exports.clio_trust import read_trust_ledger
from ledgerlint.sources.exports.clio_trust import read_trust_listing
from ledgerlint.sources.exports.columns import ColumnConfig
from ledgerlint.sources.exports.columns import load_columns
from ledgerlint.sources.exports.qbo_accounts import SPEC as ACCOUNT_LIST
from ledgerlint.sources.exports.qbo_accounts import read_account_list
from ledgerlint.sources.exports.qbo_entities import ENTITY_LISTS
from ledgerlint.sources.exports.qbo_entities import build_entities
from ledgerlint.sources.exports.qbo_transactions import JOURNAL
from ledgerlint.sources.exports.qbo_transactions import TRANSACTION_DETAIL
from ledgerlint.sources.exports.qbo_transactions import Txn
from ledgerlint.sources.exports.qbo_transactions import read_journal
from ledgerlint.sources.exports.qbo_transactions import read_transaction_detail
from ledgerlint.sources.exports.table import ExportSpec
from ledgerlint.sources.exports.table import Table
from ledgerlint.sources.exports.table import locate
from ledgerlint.sources.exports.table import read_rows

__all__ = [
    "SPECS",
    "ColumnConfig",
    "ExportFiles",
    "Imported",
    "import_snapshot",
    "load_columns",
]

SNAPSHOT_VERSION = 1
SPECS: tuple[ExportSpec, ...] = (
    ACCOUNT_LIST,
    JOURNAL,
    TRANSACTION_DETAIL,
    TRUST_LISTING,
    TRUST_LEDGER,
)
_PERIOD = re.compile(r"\b(19|20)\d\d\b|^all dates$", re.IGNORECASE)


@dataclass(frozen=True)
class ExportFiles:
    """The export files to read, by kind: several of each, but one Account List."""

    qbo_account_list: Path | None = None
    qbo_journal: tuple[Path, ...] = ()
    qbo_transaction_detail: tuple[Path, ...] = ()
    clio_trust_listing: tuple[Path, ...] = ()
    clio_trust_ledger: tuple[Path, ...] = ()

    @property
    def qbo(self) -> bool:
        return bool(self.qbo_account_list or self.qbo_journal or self.qbo_transaction_detail)

    @property
    def clio(self) -> bool:
        return bool(self.clio_trust_listing or self.clio_trust_ledger)


@dataclass
class Imported:
    snapshot: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    """What the exports could not give, for the person running the import."""


def import_snapshot(
    files: ExportFiles,
    *,
    columns: ColumnConfig | None = None,
    captured_at: datetime | None = None,
    clio_trust_account: str | None = None,
) -> Imported:
    """Read the exports and return the snapshot (format 1) they make; `InputError` on bad input."""
    if not (files.qbo or files.clio):
        raise InputError("no export to import: give at least one export file")
    config = columns or ColumnConfig()
    when = (captured_at or datetime.now(UTC)).astimezone(UTC)
    exports: list[str] = []
    warnings: list[str] = []

    def table(path: Path, spec: ExportSpec) -> Table:
        found = locate(
            path, read_rows(path), spec, config.names(spec), date_order=config.date_order
        )
        period = next((t for t in reversed(found.title) if _PERIOD.search(t)), None)
        exports.append(f"{spec.title} ({path.name}{', ' + period if period else ''})")
        return found

    snapshot: dict[str, Any] = {
        "ledgerlint_snapshot": SNAPSHOT_VERSION,
        "captured_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sources": {},
    }
    if files.qbo:
        snapshot["qbo"] = _qbo(files, table, warnings)
    if files.clio:
        clio = ClioExports()
        for path in files.clio_trust_listing:
            read_trust_listing(table(path, TRUST_LISTING), clio, clio_trust_account)
        listed = {holding.account for holding in clio.holdings}
        default = clio_trust_account or (listed.pop() if len(listed) == 1 else None)
        for path in files.clio_trust_ledger:
            read_trust_ledger(table(path, TRUST_LEDGER), clio, default)
        snapshot["clio"] = clio_section(clio)
        warnings += clio.warnings
    snapshot["sources"] = {
        "qbo": "imported" if files.qbo else "not_pulled",
        "clio": "imported" if files.clio else "not_pulled",
        "exports": exports,
    }
    return Imported(_unshared(snapshot), warnings)


def _unshared(value: Any) -> Any:
    """A copy in which no Decimal object appears twice (the YAML writer would anchor it)."""
    if isinstance(value, dict):
        return {key: _unshared(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unshared(item) for item in value]
    if isinstance(value, Decimal):
        return Decimal(str(value))
    return value


def _qbo(
    files: ExportFiles, table: Callable[[Path, ExportSpec], Table], warnings: list[str]
) -> dict[str, Any]:
    if files.qbo_account_list is None:
        raise InputError(
            "the QuickBooks transaction reports name accounts whose types only the Account "
            "List gives: add --qbo-accounts"
        )
    chart = read_account_list(table(files.qbo_account_list, ACCOUNT_LIST))
    txns: list[Txn] = []
    for path in files.qbo_journal:
        txns += read_journal(table(path, JOURNAL), chart)
    for path in files.qbo_transaction_detail:
        found, partial = read_transaction_detail(table(path, TRANSACTION_DETAIL), chart)
        txns += found
        if partial:
            warnings.append(
                f"{path.name}: {partial} transaction(s) are shown only in part (the report was "
                "run for some accounts); they are kept with the lines it shows"
            )
    built = build_entities(txns)
    if built.left_out:
        kinds = ", ".join(f"{kind} ({n})" for kind, n in sorted(built.left_out.items()))
        warnings.append(
            f"QuickBooks transactions of types the snapshot format has no entity for were "
            f"left out: {kinds}"
        )
    if built.unshaped:
        warnings.append(
            "QuickBooks transactions whose lines do not fit their type were left out: "
            + ", ".join(built.unshaped)
        )
    section: dict[str, Any] = {"Account": chart.accounts}
    for name in ENTITY_LISTS:
        if built.entities[name]:
            section[name] = built.entities[name]
    return section
