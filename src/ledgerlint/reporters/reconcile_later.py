"""After the statement date: why `ledgerlint check` can differ from the reconciliation.

The reconciliation is as of the statement date; `check` reads the balances as the snapshot
found them and every transaction. When something was recorded after the statement date, the
report names it with its total, shows the balances `check` compares, and lists the client
ledgers that differ then with the movements behind them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledgerlint.models.money import ZERO
from ledgerlint.models.reconciliation import Adjustment
from ledgerlint.models.reconciliation import TrustAccountReconciliation
from ledgerlint.reporters.reconcile_blocks import Block
from ledgerlint.reporters.reconcile_blocks import Heading
from ledgerlint.reporters.reconcile_blocks import Para
from ledgerlint.reporters.reconcile_blocks import RowStyle
from ledgerlint.reporters.reconcile_blocks import figures
from ledgerlint.reporters.reconcile_blocks import signed_amount
from ledgerlint.reporters.reconcile_clients import differing_rows
from ledgerlint.reporters.reconcile_clients import gap_blocks

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
    liability, clio, gaps = account.liability, account.clio, account.differences_now
    if liability is not None:
        rows.append(("QuickBooks trust liability", liability.current, ""))
        gap = gaps["bank_books_minus_liability"]
        rows.append(("Difference: trust bank account − trust liability", gap, _flag(gap)))
    if clio is not None:
        rows.append(("Clio client trust balances", clio.current, ""))
    if "liability_minus_clio" in gaps:
        gap = gaps["liability_minus_clio"]
        rows.append(("Difference: QuickBooks − Clio", gap, _flag(gap)))
    return rows


def _flag(value: Decimal) -> RowStyle:
    return "differs" if value else ""


def after_statement(account: TrustAccountReconciliation) -> list[Block]:
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
        blocks.append(differing_rows(differing))
        for row in differing:
            if row.gap is not None:
                blocks += gap_blocks(f"{row.client}'s difference on {taken}", row.gap)
    elif not now.unavailable:
        blocks.append(Para(f"On {taken}, every client ledger agrees between QuickBooks and Clio."))
    return blocks
