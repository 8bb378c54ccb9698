"""The three-way reconciliation as Markdown (for a pull request, a wiki or a PDF converter).

Pure: `render(ReconciliationReport) -> str`.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import GapExplanation
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.models.reconciliation import TrustAccountReconciliation
from ledgerlint.reporters.reconcile_text import SIGNATURES
from ledgerlint.reporters.reconcile_text import amount
from ledgerlint.reporters.reconcile_text import as_of_text
from ledgerlint.reporters.reconcile_text import client_caption
from ledgerlint.reporters.reconcile_text import client_totals
from ledgerlint.reporters.reconcile_text import comparison_rows
from ledgerlint.reporters.reconcile_text import figure_lines
from ledgerlint.reporters.reconcile_text import gap_title
from ledgerlint.reporters.reconcile_text import gap_totals
from ledgerlint.reporters.reconcile_text import gap_verdict
from ledgerlint.reporters.reconcile_text import gap_why
from ledgerlint.reporters.reconcile_text import overall
from ledgerlint.reporters.reconcile_text import statement_lines
from ledgerlint.reporters.reconcile_text import status
from ledgerlint.reporters.reconcile_text import title


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(rows: list[tuple[str, Decimal | None]], header: tuple[str, str]) -> list[str]:
    lines = [f"| {header[0]} | {header[1]} |", "|---|---:|"]
    lines += [f"| {_cell(label)} | {amount(value)} |" for label, value in rows]
    return [*lines, ""]


def render(report: ReconciliationReport) -> str:
    lines = [f"# {title(report)}", ""]
    lines.append(f"Snapshot `{report.file}`, captured {report.captured_at.isoformat()}.")
    if report.redacted:
        lines.append("Client names are redacted.")
    lines += ["", f"**{overall(report)}**", ""]
    lines += [f"> {note}" for note in report.notes]
    for account in report.accounts:
        lines += _account(account)
    lines += ["## Signatures", ""]
    for role in SIGNATURES:
        lines += [f"{role}: ______________________________ Date: ____________", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _account(account: TrustAccountReconciliation) -> list[str]:
    when = as_of_text(account)
    lines = [f"## {_cell(account.bank_account)} — as of {when}", "", f"**{status(account)}**", ""]
    lines += ["### Three-way comparison", ""]
    rows = comparison_rows(account)
    lines += _table(rows, ("Balance", "Amount"))
    if account.gap is not None:
        lines += _gap(gap_title("QuickBooks − Clio", account.gap), account.gap)
    lines += ["### Bank", "", *_table(statement_lines(account), ("Item", "Amount"))]
    if account.liability is not None:
        lines += [f"### QuickBooks: {_cell(account.liability.label)} (with sub-accounts)", ""]
        lines += _table(figure_lines(account.liability, when), ("Item", "Amount"))
    if account.clio is not None:
        lines += [f"### Clio: client trust balances in {_cell(account.clio.label)}", ""]
        lines += _table(figure_lines(account.clio, when), ("Item", "Amount"))
    if account.clients is not None:
        lines += _clients(account.clients)
        for row in account.clients.rows:
            if row.gap is not None:
                lines += _gap(gap_title(f"{row.client}'s difference", row.gap), row.gap)
    lines += [f"> Note: {note}" for note in account.notes]
    if account.notes:
        lines.append("")
    return lines


def _gap(title_text: str, gap: GapExplanation) -> list[str]:
    """The movements behind one difference, as a table, then the line that adds them up."""
    lines = [f"### {_cell(title_text)}", ""]
    if gap.items:
        lines += ["| Date | Movement | Why | Amount |", "|---|---|---|---:|"]
        lines += [
            f"| {item.date or '—'} | {_cell(item.description)} | {_cell(gap_why(item))} "
            f"| {amount(item.amount)} |"
            for item in gap.items
        ]
        lines.append("")
    lines += _table(gap_totals(gap), ("Total", "Amount"))
    return [*lines, gap_verdict(gap), ""]


def _clients(table: ClientTable) -> list[str]:
    lines = [f"### {client_caption(table)}", ""]
    if table.unavailable:
        lines += [f"> QuickBooks per-client balances unavailable: {table.unavailable}", ""]
    lines += ["| Client | QuickBooks | Clio | Difference |", "|---|---:|---:|---:|"]
    for row in table.rows:
        lines.append(
            f"| {_cell(row.client)} | {amount(row.qbo_balance)} | {amount(row.clio_balance)} "
            f"| {amount(row.difference)} |"
        )
    qbo, clio, difference = client_totals(table)
    lines.append(f"| **Total** | {amount(qbo)} | {amount(clio)} | {amount(difference)} |")
    if table.unassigned != 0:
        lines.append(f"| Not in any client's ledger | {amount(table.unassigned)} | | |")
    lines.append("")
    for match in table.ambiguous:
        lines += [
            f"> Ambiguous, left out: {_cell(match.client)} matches "
            f"{_cell(', '.join(match.candidates))}",
            "",
        ]
    return lines
