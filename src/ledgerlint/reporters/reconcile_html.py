"""The three-way reconciliation as one self-contained HTML page, made to be printed and signed.

Pure: `render(ReconciliationReport) -> str`. No scripts, no external assets; `@media print`
keeps each account on its own page and the signature block together.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

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

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #111; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #999; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: .8rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .5rem; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 2px solid #333; }
tr.differs td { background: #fdecea; }
.status { font-weight: 700; padding: .3rem .6rem; display: inline-block; }
.agrees { background: #e6f4ea; color: #0b5d1e; }
.differs { background: #fdecea; color: #8a1c12; }
.note { color: #444; font-style: italic; }
.signatures { margin-top: 3rem; }
.signature { display: flex; gap: 2rem; margin: 2.5rem 0 0; }
.signature .line { flex: 3; border-top: 1px solid #000; padding-top: .2rem; }
.signature .date { flex: 1; border-top: 1px solid #000; padding-top: .2rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  section.account { page-break-after: always; break-after: page; }
  table, .signatures { page-break-inside: avoid; break-inside: avoid; }
  .status { border: 1px solid #000; background: none; color: #000; }
  tr.differs td { background: none; font-weight: 600; }
}
"""


def _table(rows: list[tuple[str, Decimal | None]], header: tuple[str, str]) -> str:
    body = "".join(
        f"<tr><td>{escape(label)}</td><td class=num>{escape(amount(value))}</td></tr>"
        for label, value in rows
    )
    return (
        f"<table><thead><tr><th>{escape(header[0])}</th><th class=num>{escape(header[1])}</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def render(report: ReconciliationReport) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title(report))}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{escape(title(report))}</h1>",
        f"<p>Snapshot <code>{escape(report.file)}</code>, captured "
        f"{escape(report.captured_at.isoformat())}.</p>",
    ]
    if report.redacted:
        parts.append("<p class=note>Client names are redacted.</p>")
    css = "agrees" if report.agrees else "differs"
    parts.append(f'<p class="status {css}">{escape(overall(report))}</p>')
    parts += [f"<p class=note>{escape(note)}</p>" for note in report.notes]
    parts += [_account(account) for account in report.accounts]
    parts.append('<section class="signatures"><h2>Signatures</h2>')
    for role in SIGNATURES:
        parts.append(
            f'<div class="signature"><div class="line">{escape(role)}</div>'
            '<div class="date">Date</div></div>'
        )
    parts.append("</section></body></html>")
    return "\n".join(parts) + "\n"


def _account(account: TrustAccountReconciliation) -> str:
    when = as_of_text(account)
    css = "agrees" if account.agrees else "differs"
    parts = [
        '<section class="account">',
        f"<h2>{escape(account.bank_account)} — as of {escape(when)}</h2>",
        f'<p class="status {css}">{escape(status(account))}</p>',
        "<h3>Three-way comparison</h3>",
    ]
    rows = comparison_rows(account)
    parts.append(_table(rows, ("Balance", "Amount")))
    if account.gap is not None:
        parts.append(_gap(gap_title("QuickBooks − Clio", account.gap), account.gap))
    parts += ["<h3>Bank</h3>", _table(statement_lines(account), ("Item", "Amount"))]
    if account.liability is not None:
        parts.append(f"<h3>QuickBooks: {escape(account.liability.label)} (with sub-accounts)</h3>")
        parts.append(_table(figure_lines(account.liability, when), ("Item", "Amount")))
    if account.clio is not None:
        parts.append(f"<h3>Clio: client trust balances in {escape(account.clio.label)}</h3>")
        parts.append(_table(figure_lines(account.clio, when), ("Item", "Amount")))
    if account.clients is not None:
        parts.append(_clients(account.clients))
        for row in account.clients.rows:
            if row.gap is not None:
                parts.append(_gap(gap_title(f"{row.client}'s difference", row.gap), row.gap))
    parts += [f"<p class=note>Note: {escape(note)}</p>" for note in account.notes]
    parts.append("</section>")
    return "\n".join(parts)


def _gap(title_text: str, gap: GapExplanation) -> str:
    """The movements behind one difference, as a table, then the line that adds them up."""
    parts = [f"<h3>{escape(title_text)}</h3>"]
    if gap.items:
        parts.append(
            '<table class="gap"><thead><tr><th>Date</th><th>Movement</th><th>Why</th>'
            "<th class=num>Amount</th></tr></thead><tbody>"
        )
        for item in gap.items:
            parts.append(
                f"<tr><td>{escape(str(item.date or '—'))}</td><td>{escape(item.description)}</td>"
                f"<td>{escape(gap_why(item))}</td>"
                f"<td class=num>{escape(amount(item.amount))}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append(_table(gap_totals(gap), ("Total", "Amount")))
    parts.append(f"<p>{escape(gap_verdict(gap))}</p>")
    return "\n".join(parts)


def _clients(table: ClientTable) -> str:
    parts = [f"<h3>{escape(client_caption(table))}</h3>"]
    if table.unavailable:
        parts.append(
            f"<p class=note>QuickBooks per-client balances unavailable: {escape(table.unavailable)}</p>"
        )
    parts.append(
        '<table class="clients"><thead><tr><th>Client</th><th class=num>QuickBooks</th>'
        "<th class=num>Clio</th><th class=num>Difference</th></tr></thead><tbody>"
    )
    for row in table.rows:
        css = ' class="differs"' if row.difference != 0 else ""
        parts.append(
            f"<tr{css}><td>{escape(row.client)}</td><td class=num>{escape(amount(row.qbo_balance))}</td>"
            f"<td class=num>{escape(amount(row.clio_balance))}</td>"
            f"<td class=num>{escape(amount(row.difference))}</td></tr>"
        )
    qbo, clio, difference = client_totals(table)
    parts.append(
        f'<tr class="total"><td>Total</td><td class=num>{escape(amount(qbo))}</td>'
        f"<td class=num>{escape(amount(clio))}</td><td class=num>{escape(amount(difference))}</td></tr>"
    )
    if table.unassigned != 0:
        parts.append(
            f"<tr><td>Not in any client's ledger</td><td class=num>{escape(amount(table.unassigned))}"
            "</td><td></td><td></td></tr>"
        )
    parts.append("</tbody></table>")
    for match in table.ambiguous:
        parts.append(
            f"<p class=note>Ambiguous, left out: {escape(match.client)} matches "
            f"{escape(', '.join(match.candidates))}</p>"
        )
    return "\n".join(parts)
