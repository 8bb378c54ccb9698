"""What the reconciliation report says, in order, for the text, Markdown and HTML formats.

`layout(report)` turns a `ReconciliationReport` into `Section`s of blocks (`reconcile_blocks`):
an introduction; per trust account its facts (bank, masked account number, statement period),
the three-way summary, the adjusted bank balance built line by line with the outstanding items,
the QuickBooks and Clio balances rolled back line by line, the movements behind each
difference, the per-client table with running totals, and what happened after the statement
date (why `ledgerlint check` can differ); last, the sign-off: the totals with the signature
lines. The client tables and movements are `reconcile_clients`'s, the part after the statement
date `reconcile_later`'s. The words follow docs/reconciliation.md ("Words used in the report").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledgerlint.models.money import ZERO
from ledgerlint.models.reconciliation import Adjustment
from ledgerlint.models.reconciliation import OutstandingEntry
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.models.reconciliation import RolledBalance
from ledgerlint.models.reconciliation import StatementFigures
from ledgerlint.models.reconciliation import TrustAccountReconciliation
from ledgerlint.reporters.reconcile_blocks import Block
from ledgerlint.reporters.reconcile_blocks import Column
from ledgerlint.reporters.reconcile_blocks import Heading
from ledgerlint.reporters.reconcile_blocks import Para
from ledgerlint.reporters.reconcile_blocks import Row
from ledgerlint.reporters.reconcile_blocks import RowStyle
from ledgerlint.reporters.reconcile_blocks import Section
from ledgerlint.reporters.reconcile_blocks import Signatures
from ledgerlint.reporters.reconcile_blocks import Table
from ledgerlint.reporters.reconcile_blocks import amount
from ledgerlint.reporters.reconcile_blocks import facts
from ledgerlint.reporters.reconcile_blocks import figures
from ledgerlint.reporters.reconcile_clients import client_blocks
from ledgerlint.reporters.reconcile_clients import gap_blocks
from ledgerlint.reporters.reconcile_later import after_statement

TITLE = "Three-way trust reconciliation"
SIGNATURES = (
    "Prepared by",
    "Reviewed and approved by (responsible lawyer)",
)
DIFFERENCE_LABELS = {
    "liability_minus_bank": "Difference: QuickBooks − bank",
    "clio_minus_bank": "Difference: Clio − bank",
    "liability_minus_clio": "Difference: QuickBooks − Clio",
}


def title(report: ReconciliationReport) -> str:
    return f"{TITLE} — {report.firm}" if report.firm else TITLE


def overall(report: ReconciliationReport) -> str:
    if report.agrees:
        return "Every trust account reconciles as of its statement date."
    return "At least one trust account does not reconcile."


def status(account: TrustAccountReconciliation) -> str:
    when = f" as of {account.statement.period_end}" if account.statement else ""
    if account.agrees:
        return f"RECONCILED: the three balances agree{when}."
    if not account.complete:
        return "NOT RECONCILED: a balance is missing (see the notes)."
    return f"DOES NOT RECONCILE: the three balances differ{when}."


def period(statement: StatementFigures | None) -> str:
    if statement is None:
        return "no bank statement"
    if statement.period_start is None:
        return f"ending {statement.period_end}"
    return f"{statement.period_start} to {statement.period_end}"


def layout(report: ReconciliationReport) -> tuple[Section, ...]:
    return (
        _intro(report),
        *(Section("account", tuple(_account(account))) for account in report.accounts),
        _signoff(report),
    )


def _intro(report: ReconciliationReport) -> Section:
    blocks: list[Block] = [
        Heading(1, title(report)),
        Para(f"Snapshot {report.file}, taken {report.captured_at.isoformat()}."),
    ]
    if report.redacted:
        blocks.append(Para("Client names are redacted.", "note"))
    blocks.append(Para(overall(report), "agrees" if report.agrees else "differs"))
    blocks += [Para(note, "note") for note in report.notes]
    return Section("intro", tuple(blocks))


def _account(account: TrustAccountReconciliation) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, f"{account.bank_account}: statement {period(account.statement)}"),
        Para(status(account), "agrees" if account.agrees else "differs"),
        _facts(account),
        Heading(3, "Summary"),
        figures(_summary(account)),
    ]
    blocks += _bank(account.statement)
    when = str(account.statement.period_end) if account.statement else None
    if account.liability is not None and when:
        blocks += [
            Heading(3, f"QuickBooks trust liability rolled back to {when}"),
            Para(f"{account.liability.label}, with its client sub-accounts."),
            figures(_rolled(account.liability, when, account.captured_on)),
        ]
    if account.clio is not None and when:
        blocks += [
            Heading(3, f"Clio client trust balances rolled back to {when}"),
            Para(f"Client trust funds held in {account.clio.label}."),
            figures(_rolled(account.clio, when, account.captured_on)),
        ]
    if account.gap is not None:
        blocks += gap_blocks("the difference between QuickBooks and Clio", account.gap)
    if account.clients is not None:
        blocks += client_blocks(account.clients)
    blocks += after_statement(account)
    blocks += [Para(f"Note: {note}", "note") for note in account.notes]
    return blocks


def _facts(account: TrustAccountReconciliation) -> Table:
    statement = account.statement
    bank = "not given by the statement (add bank_name and account_number_last4)"
    if statement is not None and (statement.bank_name or statement.masked_account):
        parts = [statement.bank_name or "bank not named"]
        if statement.masked_account:
            parts.append(f"account {statement.masked_account}")
        bank = ", ".join(parts)
    reconciled = statement.reconciled_at if statement else None
    return facts(
        [
            ("Bank", bank),
            ("Statement period", period(statement)),
            ("QuickBooks trust bank account", account.bank_account),
            ("QuickBooks trust liability", account.liability_account or "not paired"),
            ("Clio trust bank account", account.clio_account or "not paired"),
            ("Reconciled by the firm on", str(reconciled) if reconciled else "not recorded"),
        ]
    )


def _summary(account: TrustAccountReconciliation) -> list[tuple[str, Decimal | None, RowStyle]]:
    """The three balances as of the statement date, their differences, and the QuickBooks
    trust bank account's own balance for reference."""
    rows: list[tuple[str, Decimal | None, RowStyle]] = [
        ("Adjusted bank balance", account.statement.adjusted if account.statement else None, ""),
        (
            "QuickBooks trust liability",
            account.liability.as_of if account.liability else None,
            "",
        ),
        ("Clio client trust balances", account.clio.as_of if account.clio else None, ""),
    ]
    for name, value in account.differences.items():
        rows.append((DIFFERENCE_LABELS[name], value, "differs" if value else ""))
    rows.append(
        (
            "For reference: the QuickBooks trust bank account's own balance",
            account.books.as_of,
            "",
        )
    )
    return rows


# --- the bank ------------------------------------------------------------------------------------


def _bank(statement: StatementFigures | None) -> list[Block]:
    if statement is None:
        return [Heading(3, "Bank"), Para("No bank statement in the snapshot.", "note")]
    checks, deposits = len(statement.checks), len(statement.deposits)
    listed = statement.itemised
    blocks: list[Block] = [
        Heading(3, "Adjusted bank balance"),
        figures(
            [
                (
                    f"Balance per bank statement on {statement.period_end}",
                    statement.ending_balance,
                    "",
                ),
                (
                    "Add: deposits in transit" + (f" ({deposits}, listed below)" if listed else ""),
                    statement.deposits_in_transit,
                    "",
                ),
                (
                    "Less: outstanding checks" + (f" ({checks}, listed below)" if listed else ""),
                    -statement.outstanding_checks,
                    "",
                ),
                ("Adjusted bank balance", statement.adjusted, "total"),
            ]
        ),
    ]
    if not listed:
        blocks.append(
            Para(
                "The statement gives the totals of deposits in transit and outstanding checks "
                "only, not the items behind them (list them under `outstanding` in the "
                "snapshot's statement).",
                "note",
            )
        )
        return blocks
    blocks += _outstanding("Outstanding checks", "Payee", statement.checks)
    blocks += _outstanding("Deposits in transit", "Description", statement.deposits)
    return blocks


def _outstanding(heading: str, party: str, items: tuple[OutstandingEntry, ...]) -> list[Block]:
    if not items:
        return [Heading(3, heading), Para(f"None: the statement lists no {heading.lower()}.")]
    rows = [
        Row(
            (
                str(item.date) if item.date else "—",
                item.number or "—",
                item.party or "—",
                amount(item.amount),
            )
        )
        for item in items
    ]
    total = sum((item.amount for item in items), ZERO)
    rows.append(Row(("", "", f"Total {heading.lower()} ({len(items)})", amount(total)), "total"))
    columns = (
        Column("Date", date=True),
        Column("Number"),
        Column(party),
        Column("Amount", numeric=True),
    )
    return [Heading(3, heading), Table("outstanding", columns, tuple(rows))]


# --- QuickBooks and Clio, rolled back ------------------------------------------------------------


def _rolled(
    balance: RolledBalance, when: str, captured: date | None
) -> list[tuple[str, Decimal | None, RowStyle]]:
    """The balance when the snapshot was taken, each later transaction undone, the balance
    as of the statement."""
    taken = f" ({captured})" if captured else ""
    rows: list[tuple[str, Decimal | None, RowStyle]] = [
        (f"Balance when the snapshot was taken{taken}", balance.current, "")
    ]
    for later in balance.later:
        rows.append((undo_label(later), -later.amount, ""))
    rows.append((f"Balance as of {when}", balance.as_of, "total"))
    return rows


def undo_label(later: Adjustment) -> str:
    """`Less: Deposit of 2026-11-10 (QuickBooks Id 308)`: a transaction after the statement,
    taken out of the balance (`Add back:` when it had lowered it)."""
    verb = "Less" if later.amount > 0 else "Add back"
    return f"{verb}: {later.name}"


# --- the sign-off --------------------------------------------------------------------------------


def _signoff(report: ReconciliationReport) -> Section:
    """The totals of every account with the signature lines: one block that is signed."""
    columns = (
        Column("Trust account"),
        Column("Statement date", date=True),
        Column("Adjusted bank balance", numeric=True),
        Column("QuickBooks trust liability", numeric=True),
        Column("Clio client balances", numeric=True),
        Column("Result"),
    )
    rows = []
    for account in report.accounts:
        statement = account.statement
        rows.append(
            Row(
                (
                    account.bank_account,
                    str(statement.period_end) if statement else "—",
                    amount(statement.adjusted if statement else None),
                    amount(account.liability.as_of if account.liability else None),
                    amount(account.clio.as_of if account.clio else None),
                    status(account).split(":")[0].capitalize(),
                ),
                "" if account.agrees else "differs",
            )
        )
    return Section(
        "signoff",
        (
            Heading(2, "Sign-off"),
            Para(
                "The totals of this reconciliation, as of each statement date. By signing, "
                "the preparer and the reviewer confirm them and the detail above."
            ),
            Table("totals", columns, tuple(rows)),
            Signatures(SIGNATURES),
        ),
    )
