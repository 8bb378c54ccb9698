"""What the reconciliation report says, in order, for the text, Markdown and HTML formats.

`layout(report)` turns a `ReconciliationReport` into `Section`s of blocks (`reconcile_blocks`):
an introduction; per trust account its facts (bank, masked account number, statement period),
the three-way summary, the adjusted bank balance built line by line with the outstanding items,
the QuickBooks and Clio balances rolled back line by line, the movements behind each
difference, the per-client table with running totals, and what happened after the statement
date (why `ledgerlint check` can differ); last, the sign-off: the totals with the signature
lines. The words follow docs/reconciliation.md ("Words used in the report").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledgerlint.models.money import ZERO
from ledgerlint.models.reconciliation import Adjustment
from ledgerlint.models.reconciliation import ClientBalance
from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import GapExplanation
from ledgerlint.models.reconciliation import GapItem
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
from ledgerlint.reporters.reconcile_blocks import signed_amount

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
        blocks += _gap("the difference between QuickBooks and Clio", account.gap)
    if account.clients is not None:
        blocks += _clients(account.clients)
    blocks += _after_statement(account)
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


# --- the movements behind a difference -----------------------------------------------------------


def gap_why(item: GapItem) -> str:
    """Why the movement makes a difference, and the `ledgerlint check` rule that reports it."""
    return f"{item.reason} (ledgerlint check: {item.rule_id})" if item.rule_id else item.reason


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


def _gap(subject: str, gap: GapExplanation) -> list[Block]:
    blocks: list[Block] = [Heading(3, f"Movements behind {subject} ({amount(gap.difference)})")]
    if gap.items:
        columns = (
            Column("Date", date=True),
            Column("Movement"),
            Column("Why it makes a difference"),
            Column("Amount", numeric=True),
        )
        rows = tuple(
            Row((str(item.date or "—"), item.description, gap_why(item), amount(item.amount)))
            for item in gap.items
        )
        blocks.append(Table("movements", columns, rows))
    totals: list[tuple[str, Decimal | None, RowStyle]] = [
        ("Total of these movements", gap.explained, ""),
        ("Difference, QuickBooks − Clio", gap.difference, "total"),
    ]
    if gap.unexplained:
        totals.append(("Not explained by any movement", gap.unexplained, "differs"))
    blocks += [figures(totals), Para(gap_verdict(gap))]
    return blocks


# --- clients -------------------------------------------------------------------------------------


def client_caption(table: ClientTable) -> str:
    when = f"as of {table.as_of}" if table.as_of else "as the snapshot found them"
    basis = (
        "QuickBooks client sub-accounts"
        if table.basis == "sub-accounts"
        else "QuickBooks postings to the trust liability by customer"
    )
    return f"Client ledgers {when} ({basis} beside Clio)"


def _clients(table: ClientTable) -> list[Block]:
    blocks: list[Block] = [Heading(3, client_caption(table))]
    if table.unavailable:
        blocks.append(
            Para(f"QuickBooks per-client balances unavailable: {table.unavailable}", "note")
        )
    blocks.append(_client_rows(table))
    blocks += [
        Para(f"Ambiguous, left out: {m.client} matches {', '.join(m.candidates)}", "note")
        for m in table.ambiguous
    ]
    for row in table.rows:
        if row.gap is not None:
            blocks += _gap(f"{row.client}'s difference", row.gap)
    return blocks


def _client_rows(table: ClientTable) -> Table:
    """Each client with its difference and the running totals of both sides, then the
    totals and what no client's ledger holds."""
    columns = (
        Column("Client"),
        Column("QuickBooks", numeric=True),
        Column("Clio", numeric=True),
        Column("Difference", numeric=True),
        Column("Running QuickBooks", numeric=True),
        Column("Running Clio", numeric=True),
    )
    rows = [
        Row(
            (
                row.client,
                amount(row.qbo_balance),
                amount(row.clio_balance),
                amount(row.difference),
                amount(qbo),
                amount(clio),
            ),
            "differs" if row.difference else "",
        )
        for row, (qbo, clio) in zip(table.rows, table.running_totals(), strict=True)
    ]
    qbo, clio = table.totals
    rows.append(Row(("Total", amount(qbo), amount(clio), amount(qbo - clio), "", ""), "total"))
    if table.unassigned != 0:
        rows.append(Row(("Not in any client's ledger", amount(table.unassigned), "", "", "", "")))
    return Table("clients", columns, tuple(rows))


def _differing_rows(rows: tuple[ClientBalance, ...]) -> Table:
    """Only the clients whose two ledgers differ (no running totals: the rows are a part)."""
    columns = (
        Column("Client"),
        Column("QuickBooks", numeric=True),
        Column("Clio", numeric=True),
        Column("Difference", numeric=True),
    )
    return Table(
        "clients",
        columns,
        tuple(
            Row(
                (
                    row.client,
                    amount(row.qbo_balance),
                    amount(row.clio_balance),
                    amount(row.difference),
                ),
                "differs",
            )
            for row in rows
        ),
    )


# --- after the statement date: why `ledgerlint check` can differ --------------------------------


def later_sentence(system: str, what: str, later: tuple[Adjustment, ...], end: date) -> str:
    """`After 2026-10-31, QuickBooks records 2 transactions on the trust liability, together
    +$1,437.45: …`."""
    total = sum((item.amount for item in later), ZERO)
    count = f"{len(later)} transaction{'s' if len(later) != 1 else ''}"
    listed = "; ".join(f"{item.name}, {signed_amount(item.amount)}" for item in later)
    return (
        f"After {end}, {system} records {count} {what}, together {signed_amount(total)}: {listed}."
    )


def now_figures(account: TrustAccountReconciliation) -> list[tuple[str, Decimal, RowStyle]]:
    """The balances as the snapshot found them, and the differences `check` compares (RC003:
    the trust bank account against the liability; and QuickBooks against Clio)."""
    rows: list[tuple[str, Decimal, RowStyle]] = [
        ("QuickBooks trust bank account", account.books.current, "")
    ]
    liability, clio = account.liability, account.clio
    if liability is not None:
        rows.append(("QuickBooks trust liability", liability.current, ""))
        gap = account.books.current - liability.current
        rows.append(("Difference: trust bank account − trust liability", gap, _flag(gap)))
    if clio is not None:
        rows.append(("Clio client trust balances", clio.current, ""))
    if liability is not None and clio is not None:
        gap = liability.current - clio.current
        rows.append(("Difference: QuickBooks − Clio", gap, _flag(gap)))
    return rows


def _flag(value: Decimal) -> RowStyle:
    return "differs" if value else ""


def _after_statement(account: TrustAccountReconciliation) -> list[Block]:
    """Shown when something was recorded after the statement date: only then can `check`
    (which reads the balances as the snapshot found them) see anything this report does not."""
    statement, taken = account.statement, account.captured_on
    if statement is None or not account.later_transactions:
        return []
    now = account.clients_now
    differing = now.mismatched if now is not None and not now.unavailable else ()
    end = statement.period_end
    blocks: list[Block] = [
        Heading(3, "After the statement date: why `ledgerlint check` can differ"),
        Para(
            f"This reconciliation is as of the statement date, {end}. `ledgerlint check` reads "
            f"the balances as the snapshot found them on {taken} and every transaction up to "
            "then (RC002 and RC003 compare those balances; the TR rules read every "
            "transaction), so its findings can differ from this report."
        ),
    ]
    for system, what, balance in (
        ("QuickBooks", "on the trust liability", account.liability),
        ("Clio", "in the client trust balances", account.clio),
    ):
        if balance is not None and balance.later:
            blocks.append(Para(later_sentence(system, what, balance.later, end)))
    blocks += [
        Heading(3, f"Balances as the snapshot found them ({taken})"),
        figures(now_figures(account)),
    ]
    if now is None:
        return blocks
    if differing:
        count = (
            "1 client ledger differs"
            if len(differing) == 1
            else f"{len(differing)} client ledgers differ"
        )
        blocks.append(
            Para(
                f"On {taken}, {count} between QuickBooks and Clio (what RC002 reports):", "differs"
            )
        )
        blocks.append(_differing_rows(differing))
        for row in differing:
            if row.gap is not None:
                blocks += _gap(f"{row.client}'s difference on {taken}", row.gap)
    elif not now.unavailable:
        blocks.append(Para(f"On {taken}, every client ledger agrees between QuickBooks and Clio."))
    return blocks


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
