"""The three-way reconciliation as plain text, and the wording every reconcile format shares.

Pure: `render(ReconciliationReport) -> str`. The helpers below (`amount`, `status`,
`figure_lines`, `SIGNATURES`) keep the four formats saying the same thing.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlint.models.money import ZERO
from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import GapExplanation
from ledgerlint.models.reconciliation import GapItem
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.models.reconciliation import RolledBalance
from ledgerlint.models.reconciliation import TrustAccountReconciliation
from ledgerlint.reporters.terminal import escape_controls

TITLE = "Three-way trust reconciliation"
SIGNATURES = (
    "Prepared by",
    "Reviewed and approved by (responsible lawyer)",
)


def amount(value: Decimal | None) -> str:
    """`$1,234.50`, `-$12.00`; an em dash for no record."""
    if value is None:
        return "—"
    cents = value.quantize(Decimal("0.01"))
    return f"{'-' if cents < 0 else ''}${abs(cents):,.2f}"


def title(report: ReconciliationReport) -> str:
    return f"{TITLE} — {report.firm}" if report.firm else TITLE


def status(account: TrustAccountReconciliation) -> str:
    if account.agrees:
        return "RECONCILED: the three balances agree"
    if not account.complete:
        return "NOT RECONCILED: a balance is missing"
    return "DOES NOT RECONCILE: the three balances differ"


def overall(report: ReconciliationReport) -> str:
    if report.agrees:
        return "Every trust account reconciles."
    return "At least one trust account does not reconcile."


def as_of_text(account: TrustAccountReconciliation) -> str:
    return str(account.statement.period_end) if account.statement else "no statement"


def three_way(account: TrustAccountReconciliation) -> list[tuple[str, Decimal | None]]:
    """The three figures, labelled."""
    return [
        ("Adjusted bank balance", account.statement.adjusted if account.statement else None),
        (
            f"QuickBooks trust liability ({account.liability_account or 'not paired'})",
            account.liability.as_of if account.liability else None,
        ),
        (
            f"Clio client trust balances ({account.clio_account or 'not paired'})",
            account.clio.as_of if account.clio else None,
        ),
    ]


def comparison_rows(account: TrustAccountReconciliation) -> list[tuple[str, Decimal | None]]:
    """The three figures, their differences, and the trust bank's book balance for reference."""
    rows = three_way(account)
    rows += [(DIFFERENCE_LABELS[name], value) for name, value in account.differences.items()]
    rows.append((f"For reference: QuickBooks {account.bank_account} (books)", account.books.as_of))
    return rows


DIFFERENCE_LABELS = {
    "liability_minus_bank": "QuickBooks − bank",
    "clio_minus_bank": "Clio − bank",
    "liability_minus_clio": "QuickBooks − Clio",
}


def statement_lines(account: TrustAccountReconciliation) -> list[tuple[str, Decimal | None]]:
    statement = account.statement
    if statement is None:
        return [("No bank statement in the snapshot", None)]
    return [
        (f"Ending balance per statement ({statement.period_end})", statement.ending_balance),
        ("Add: deposits in transit", statement.deposits_in_transit),
        ("Less: outstanding checks", -statement.outstanding_checks),
        ("Adjusted bank balance", statement.adjusted),
    ]


def figure_lines(balance: RolledBalance, as_of: str) -> list[tuple[str, Decimal | None]]:
    """Current balance, each later transaction reversed (the amount that reverses it), the
    balance as of the statement."""
    lines: list[tuple[str, Decimal | None]] = [("Balance now", balance.current)]
    for adjustment in balance.later:
        lines.append((f"Reverse {adjustment.date} {adjustment.description}", -adjustment.amount))
    lines.append((f"Balance as of {as_of}", balance.as_of))
    return lines


def client_totals(table: ClientTable) -> tuple[Decimal, Decimal, Decimal]:
    qbo = sum((r.qbo_balance or ZERO for r in table.rows), ZERO)
    clio = sum((r.clio_balance or ZERO for r in table.rows), ZERO)
    return qbo, clio, qbo - clio


def client_caption(table: ClientTable) -> str:
    when = f"as of {table.as_of}" if table.as_of else "current balances"
    basis = (
        "QuickBooks client sub-accounts"
        if table.basis == "sub-accounts"
        else "QuickBooks postings to the trust liability by customer"
    )
    return f"Client ledgers ({basis} beside Clio, {when})"


# --- the movements behind a difference (shared by every format) ----------------------------------


def gap_title(subject: str, gap: GapExplanation) -> str:
    """`Movements behind QuickBooks − Clio ($47,000.00)`."""
    return f"Movements behind {subject} ({amount(gap.difference)})"


def gap_why(item: GapItem) -> str:
    """Why the movement makes a difference, and the rule that reports it."""
    return f"{item.reason} ({item.rule_id})" if item.rule_id else item.reason


def gap_totals(gap: GapExplanation) -> list[tuple[str, Decimal | None]]:
    """The line showing the movements add up to the difference (or what they leave)."""
    rows: list[tuple[str, Decimal | None]] = [
        ("Total of these movements", gap.explained),
        ("Difference, QuickBooks − Clio", gap.difference),
    ]
    if gap.unexplained:
        rows.append(("Not explained by any movement", gap.unexplained))
    return rows


def gap_verdict(gap: GapExplanation) -> str:
    """One plain sentence: explained in full, or what remains and where it sits."""
    if gap.note:
        return f"Not explained movement by movement: {gap.note}."
    if not gap.unexplained:
        if not gap.items:
            return "No movement differs between the two systems."
        return "These movements account for the whole difference."
    parts = []
    if gap.qbo_unexplained:
        parts.append(
            f"the QuickBooks balance exceeds the trust lines the snapshot holds by "
            f"{amount(gap.qbo_unexplained)}"
        )
    if gap.clio_unexplained:
        parts.append(
            f"the Clio balances exceed the Clio bank transactions the snapshot holds by "
            f"{amount(gap.clio_unexplained)}"
        )
    where = f" ({'; '.join(parts)})" if parts else ""
    return (
        f"{amount(gap.unexplained)} is not explained by any movement the snapshot holds{where}: "
        "opening balances, or history before the snapshot."
    )


def render(report: ReconciliationReport) -> str:
    lines = [title(report), "=" * len(title(report)), ""]
    lines.append(f"Snapshot: {report.file} (captured {report.captured_at.isoformat()})")
    if report.redacted:
        lines.append("Client names are redacted.")
    lines += [overall(report), ""]
    for note in report.notes:
        lines.append(f"Note: {note}")
    for account in report.accounts:
        lines += _account(account)
    lines += ["Signatures", "----------"]
    for role in SIGNATURES:
        lines.append(f"{role}: ______________________________   Date: ____________")
    # Every line is escaped whole: names, memos and notes all come from the snapshot.
    return "\n".join(escape_controls(line) for line in lines) + "\n"


def _table(rows: list[tuple[str, Decimal | None]], indent: str = "  ") -> list[str]:
    width = max((len(label) for label, _ in rows), default=0)
    return [f"{indent}{label:<{width}}  {amount(value):>16}" for label, value in rows]


def _account(account: TrustAccountReconciliation) -> list[str]:
    heading = f"{account.bank_account} — as of {as_of_text(account)}"
    lines = [heading, "-" * len(heading), status(account), ""]
    lines += ["Bank", *_table(statement_lines(account)), ""]
    when = as_of_text(account)
    if account.liability is not None:
        lines += [f"QuickBooks: {account.liability.label} (with sub-accounts)"]
        lines += [*_table(figure_lines(account.liability, when)), ""]
    if account.clio is not None:
        lines += [f"Clio: client trust balances in {account.clio.label}"]
        lines += [*_table(figure_lines(account.clio, when)), ""]
    lines += ["Three-way comparison", *_table(comparison_rows(account)), ""]
    if account.gap is not None:
        lines += _gap(gap_title("QuickBooks − Clio", account.gap), account.gap)
    if account.clients is not None:
        lines += _clients(account.clients)
        for row in account.clients.rows:
            if row.gap is not None:
                lines += _gap(gap_title(f"{row.client}'s difference", row.gap), row.gap)
    for note in account.notes:
        lines.append(f"Note: {note}")
    if account.notes:
        lines.append("")
    return lines


def _gap(title_text: str, gap: GapExplanation) -> list[str]:
    """The movements behind one difference: each with why and how much, then the total."""
    lines = [title_text]
    for item in gap.items:
        lines.append(f"  {item.date or 'no date'}  {item.description}")
        lines.append(f"              {gap_why(item)}: {amount(item.amount)}")
    lines += _table(gap_totals(gap))
    lines += [f"  {gap_verdict(gap)}", ""]
    return lines


def _clients(table: ClientTable) -> list[str]:
    lines = [client_caption(table)]
    if table.unavailable:
        lines.append(f"  QuickBooks per-client balances unavailable: {table.unavailable}")
    rows = [
        (r.client, amount(r.qbo_balance), amount(r.clio_balance), amount(r.difference))
        for r in table.rows
    ]
    qbo, clio, difference = client_totals(table)
    rows.append(("Total", amount(qbo), amount(clio), amount(difference)))
    if table.unassigned != 0:
        rows.append(("Not in any client's ledger", amount(table.unassigned), "", ""))
    header = ("Client", "QuickBooks", "Clio", "Difference")
    width = max(len(r[0]) for r in [*rows, header])
    for row in [header, *rows]:
        lines.append(f"  {row[0]:<{width}}  {row[1]:>14}  {row[2]:>14}  {row[3]:>14}".rstrip())
    for match in table.ambiguous:
        lines.append(f"  Ambiguous, left out: {match.client} matches {', '.join(match.candidates)}")
    lines.append("")
    return lines
