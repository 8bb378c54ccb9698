"""The three-way reconciliation as JSON, for scripts and dashboards.

Pure: `render(ReconciliationReport) -> str`. Amounts are decimal strings (exact), dates ISO.
The shape, and what changed in each version, is documented in docs/reconciliation.md.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import GapExplanation
from ledgerlint.models.reconciliation import OutstandingEntry
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.models.reconciliation import Record
from ledgerlint.models.reconciliation import RolledBalance
from ledgerlint.models.reconciliation import StatementFigures
from ledgerlint.models.reconciliation import TrustAccountReconciliation

FORMAT_VERSION = 2


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _date(value: date | None) -> str | None:
    return str(value) if value else None


def _record(record: Record | None) -> dict[str, Any] | None:
    """A transaction as a person looks it up (`name` is the report's wording of it)."""
    if record is None:
        return None
    return {
        "system": record.system,
        "kind": record.kind,
        "number": record.number,
        "id": record.id,
        "date": _date(record.date),
        "line": record.line,
        "name": record.name,
    }


def _balance(balance: RolledBalance | None) -> dict[str, Any] | None:
    if balance is None:
        return None
    return {
        "label": balance.label,
        "current": _money(balance.current),
        "rolled_back": [
            {
                "date": _date(a.date),
                "description": a.description,
                "record": _record(a.record),
                "amount": _money(a.amount),
            }
            for a in balance.later
        ],
        "as_of": _money(balance.as_of),
    }


def _items(items: tuple[OutstandingEntry, ...], party: str) -> list[dict[str, Any]]:
    return [
        {
            "date": _date(item.date),
            "number": item.number,
            party: item.party,
            "amount": _money(item.amount),
        }
        for item in items
    ]


def _statement(statement: StatementFigures | None) -> dict[str, Any] | None:
    if statement is None:
        return None
    itemised = statement.itemised
    return {
        "bank_name": statement.bank_name,
        "account_number_masked": statement.masked_account,
        "period_start": _date(statement.period_start),
        "period_end": str(statement.period_end),
        "ending_balance": _money(statement.ending_balance),
        "deposits_in_transit": _money(statement.deposits_in_transit),
        "outstanding_checks": _money(statement.outstanding_checks),
        "adjusted": _money(statement.adjusted),
        "reconciled_at": _date(statement.reconciled_at),
        "itemised": itemised,
        "outstanding_check_items": _items(statement.checks, "payee") if itemised else None,
        "deposit_in_transit_items": _items(statement.deposits, "description") if itemised else None,
    }


def _gap(gap: GapExplanation | None) -> dict[str, Any] | None:
    """The movements behind a difference (QuickBooks − Clio); amounts are what each adds."""
    if gap is None:
        return None
    return {
        "difference": _money(gap.difference),
        "movements": [
            {
                "kind": item.kind,
                "date": str(item.date) if item.date else None,
                "description": item.description,
                "reason": item.reason,
                "rule": item.rule_id,
                "pointer": item.pointer,
                "records": [_record(record) for record in item.records],
                "amount": _money(item.amount),
            }
            for item in gap.items
        ],
        "explained": _money(gap.explained),
        "unexplained": _money(gap.unexplained),
        "qbo_unexplained": _money(gap.qbo_unexplained),
        "clio_unexplained": _money(gap.clio_unexplained),
        "note": gap.note,
    }


def _clients(table: ClientTable | None) -> dict[str, Any] | None:
    if table is None:
        return None
    qbo_total, clio_total = table.totals
    return {
        "basis": table.basis,
        "as_of": _date(table.as_of),
        "rows": [
            {
                "client": row.client,
                "qbo_account": row.qbo_account,
                "qbo_balance": _money(row.qbo_balance),
                "clio_balance": _money(row.clio_balance),
                "difference": _money(row.difference),
                "running_qbo": _money(qbo),
                "running_clio": _money(clio),
                "gap": _gap(row.gap),
            }
            for row, (qbo, clio) in zip(table.rows, table.running_totals(), strict=True)
        ],
        "total_qbo": _money(qbo_total),
        "total_clio": _money(clio_total),
        "unassigned": _money(table.unassigned),
        "ambiguous": [
            {"client": m.client, "candidates": list(m.candidates)} for m in table.ambiguous
        ],
        "unavailable": table.unavailable,
    }


def _now(account: TrustAccountReconciliation) -> dict[str, Any] | None:
    """The balances as the snapshot found them: what `ledgerlint check` reads."""
    if account.statement is None:
        return None
    liability, clio = account.liability, account.clio
    differences = {name: _money(value) for name, value in account.differences_now.items()}
    return {
        "captured_on": _date(account.captured_on),
        "qbo_bank_books": _money(account.books.current),
        "qbo_liability": _money(liability.current) if liability else None,
        "clio": _money(clio.current) if clio else None,
        "differences": differences,
        "later_transactions": account.later_transactions,
        "clients": _clients(account.clients_now),
    }


def _account(account: TrustAccountReconciliation) -> dict[str, Any]:
    statement = account.statement
    return {
        "bank_account": account.bank_account,
        "liability_account": account.liability_account,
        "clio_account": account.clio_account,
        "as_of": str(statement.period_end) if statement else None,
        "agrees": account.agrees,
        "statement": _statement(statement),
        "qbo_liability": _balance(account.liability),
        "clio": _balance(account.clio),
        "qbo_bank_books": _balance(account.books),
        "differences": {name: _money(value) for name, value in account.differences.items()},
        "gap": _gap(account.gap),
        "clients": _clients(account.clients),
        "now": _now(account),
        "notes": list(account.notes),
    }


def render(report: ReconciliationReport) -> str:
    document = {
        "ledgerlint_reconciliation": FORMAT_VERSION,
        "file": report.file,
        "firm": report.firm,
        "captured_at": report.captured_at.isoformat(),
        "agrees": report.agrees,
        "redacted": report.redacted,
        "accounts": [_account(account) for account in report.accounts],
        "notes": list(report.notes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
