"""The reconciliation's client ledgers and the movements behind each difference, as blocks.

Part of the report `reconcile_layout` puts together: the per-client table with running totals,
the clients that differ, and for a difference (an account's or a client's) the movements that
make it, with a line showing they add up to it or a sentence saying what no movement explains.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlint.models.reconciliation import ClientBalance
from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import GapExplanation
from ledgerlint.models.reconciliation import GapItem
from ledgerlint.reporters.reconcile_blocks import Block
from ledgerlint.reporters.reconcile_blocks import Column
from ledgerlint.reporters.reconcile_blocks import Heading
from ledgerlint.reporters.reconcile_blocks import Para
from ledgerlint.reporters.reconcile_blocks import Row
from ledgerlint.reporters.reconcile_blocks import RowStyle
from ledgerlint.reporters.reconcile_blocks import Table
from ledgerlint.reporters.reconcile_blocks import amount
from ledgerlint.reporters.reconcile_blocks import figures

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


def gap_blocks(subject: str, gap: GapExplanation) -> list[Block]:
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


def client_blocks(table: ClientTable) -> list[Block]:
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
            blocks += gap_blocks(f"{row.client}'s difference", row.gap)
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


def differing_rows(rows: tuple[ClientBalance, ...]) -> Table:
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
