"""The three-way reconciliation as JSON, for scripts and dashboards.

Pure: `render(ReconciliationReport) -> str`. Amounts are decimal strings (exact), dates ISO.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import GapExplanation
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.models.reconciliation import RolledBalance
from ledgerlint.models.reconciliation import TrustAccountReconciliation

FORMAT_VERSION = 1


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _balance(balance: RolledBalance | None) -> dict[str, Any] | None:
    if balance is None:
        return None
    return {
        "label": balance.label,
        "current": _money(balance.current),
        "rolled_back": [
            {
                "date": str(a.date) if a.date else None,
                "description": a.description,
                "amount": _money(a.amount),
            }
            for a in balance.later
        ],
        "as_of": _money(balance.as_of),
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
    return {
        "basis": table.basis,
        "as_of": str(table.as_of) if table.as_of else None,
        "rows": [
            {
                "client": row.client,
                "qbo_account": row.qbo_account,
                "qbo_balance": _money(row.qbo_balance),
                "clio_balance": _money(row.clio_balance),
                "difference": _money(row.difference),
                "gap": _gap(row.gap),
            }
            for row in table.rows
        ],
        "unassigned": _money(table.unassigned),
        "ambiguous": [
            {"client": m.client, "candidates": list(m.candidates)} for m in table.ambiguous
        ],
        "unavailable": table.unavailable,
    }


def _account(account: TrustAccountReconciliation) -> dict[str, Any]:
    statement = account.statement
    return {
        "bank_account": account.bank_account,
        "liability_account": account.liability_account,
        "clio_account": account.clio_account,
        "as_of": str(statement.period_end) if statement else None,
        "agrees": account.agrees,
        "statement": None
        if statement is None
        else {
            "period_end": str(statement.period_end),
            "ending_balance": _money(statement.ending_balance),
            "deposits_in_transit": _money(statement.deposits_in_transit),
            "outstanding_checks": _money(statement.outstanding_checks),
            "adjusted": _money(statement.adjusted),
            "reconciled_at": str(statement.reconciled_at) if statement.reconciled_at else None,
        },
        "qbo_liability": _balance(account.liability),
        "clio": _balance(account.clio),
        "qbo_bank_books": _balance(account.books),
        "differences": {name: _money(value) for name, value in account.differences.items()},
        "gap": _gap(account.gap),
        "clients": _clients(account.clients),
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
