"""The three-way trust reconciliation, computed once for the RC rules and `ledgerlint reconcile`.

For each trust bank account (rule-catalog "Names used below"), as of its statement's
`period_end`:

1. **bank**: the statement's adjusted balance, ending + deposits in transit - outstanding checks;
2. **QuickBooks**: the paired trust liability's `CurrentBalanceWithSubAccounts`, minus what the
   postings dated after `period_end` to it or any account below it added (see `postings.py`
   for how each transaction moves an account);
3. **Clio**: the client trust balances held in the paired Clio bank account (the `Trust` entries
   of `matters[].account_balances` for it, plus client-level funds: see `clio_clients` in
   `client_ledgers.py`), minus the Clio `bank_transactions` of that account dated after
   `period_end` (signed amounts).

Pairs come from `clio_bill_syncing.trust_accounts` (QBO bank ↔ QBO liability ↔ Clio account);
without a mapping entry, a pair is made only where there is exactly one candidate of a kind.
The per-client table (`client_table`, built in `client_ledgers.py`) puts each client's
QuickBooks balance (their sub-account; or, when the liability has no sub-accounts, the postings
naming them as customer) beside Clio's. A client whose name matches two candidates is reported
as ambiguous and left out, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from ledgerlint.books.chart import Chart
from ledgerlint.books.client_ledgers import compare_clients
from ledgerlint.books.clio_accounts import ClioBankAccounts
from ledgerlint.books.gaps import account_gap
from ledgerlint.books.gaps import client_gaps
from ledgerlint.books.movements import TRANSACTION_LISTS
from ledgerlint.books.movements import AccountMovements
from ledgerlint.books.postings import rolled_account
from ledgerlint.models.clio import BankAccount
from ledgerlint.models.money import ZERO
from ledgerlint.models.qbo import Account
from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import OutstandingEntry
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.models.reconciliation import StatementFigures
from ledgerlint.models.reconciliation import TrustAccountReconciliation
from ledgerlint.models.settings import OutstandingItem
from ledgerlint.models.settings import Statement
from ledgerlint.models.snapshot import Snapshot

if TYPE_CHECKING:
    from ledgerlint.books import Books


@dataclass(frozen=True)
class TrustPair:
    """A QBO trust bank account with the liability and Clio account that mirror it."""

    bank: Account
    liability: Account | None
    clio_account: BankAccount | None
    notes: tuple[str, ...] = ()


# --- pairing -----------------------------------------------------------------------------------


def active_trust_banks(chart: Chart) -> list[Account]:
    """Trust bank accounts that are active or still hold money."""
    return [a for a in chart.trust_banks if a.Active or a.CurrentBalance != 0]


def trust_pairs(
    snapshot: Snapshot, chart: Chart, clio_accounts: ClioBankAccounts
) -> list[TrustPair]:
    """One pair per trust bank account (active or holding money), through
    `clio_bill_syncing.trust_accounts`, else by sole candidates; notes say what is missing."""
    syncing = snapshot.clio_bill_syncing
    mappings = (syncing.trust_accounts if syncing else None) or []
    banks = active_trust_banks(chart)
    clio_trust = [a for a in clio_accounts.accounts if a.is_trust]
    pairs = []
    for bank in banks:
        notes: list[str] = []
        mapping = next((m for m in mappings if chart.find(m.qbo_bank_account) is bank), None)
        if mapping is not None:
            liability = chart.find(mapping.qbo_liability_account)
            clio = clio_accounts.named(mapping.clio_bank_account)
            if liability is None:
                notes.append(
                    f"clio_bill_syncing.trust_accounts names no existing QuickBooks liability for {bank.full_name}"
                )
            if clio is None:
                notes.append(
                    f"clio_bill_syncing.trust_accounts names Clio account {mapping.clio_bank_account!r}, which the snapshot does not hold"
                )
        else:
            sole = len(banks) == 1
            liability = (
                chart.trust_liabilities[0] if sole and len(chart.trust_liabilities) == 1 else None
            )
            clio = clio_trust[0] if sole and len(clio_trust) == 1 else None
            if liability is None:
                notes.append(
                    f"no trust liability account is paired with {bank.full_name} (map it in clio_bill_syncing.trust_accounts)"
                )
            if clio is None:
                notes.append(
                    f"no Clio trust bank account is paired with {bank.full_name} (map it in clio_bill_syncing.trust_accounts)"
                )
        pairs.append(TrustPair(bank, liability, clio, tuple(notes)))
    return pairs


# --- statements --------------------------------------------------------------------------------


def statements_for(
    snapshot: Snapshot, chart: Chart, account: Account
) -> list[tuple[int, Statement]]:
    """The account's bank statements, with their index in `bank.statements`."""
    statements = (snapshot.bank.statements if snapshot.bank else None) or []
    return [(i, s) for i, s in enumerate(statements) if chart.find(s.account) is account]


def choose_statement(
    snapshot: Snapshot, chart: Chart, account: Account, as_of: date | None = None
) -> tuple[tuple[int, Statement] | None, str | None]:
    """The account's statement ending on `as_of` (None: its latest `period_end`), and a note
    when it cannot be chosen: two statements of that period with different figures are
    reported, never guessed (identical repeats are harmless; the first is used)."""
    found = statements_for(snapshot, chart, account)
    if not found:
        return None, None
    end = as_of if as_of is not None else max(s.period_end for _, s in found)
    same = [item for item in found if item[1].period_end == end]
    if not same:
        return None, None
    figures = {
        (f.ending_balance, f.deposits_in_transit, f.outstanding_checks)
        for f in (statement_figures(index, s) for index, s in same)
    }
    if len(figures) > 1:
        pointers = ", ".join(f"/bank/statements/{index}" for index, _ in same)
        return None, (
            f"{len(same)} bank statements for {account.full_name} end on {end} with different "
            f"figures ({pointers}): keep the right one (not guessed)"
        )
    return same[0], None


def latest_statement(
    snapshot: Snapshot, chart: Chart, account: Account
) -> tuple[int, Statement] | None:
    """The account's latest statement (None if it has none or its latest is in conflict:
    `choose_statement` says why)."""
    return choose_statement(snapshot, chart, account)[0]


def statement_figures(index: int, statement: Statement) -> StatementFigures:
    """A statement's figures; totals not given are the sums of its itemised `outstanding`
    (the decoder has checked that totals given with items equal their sums)."""
    in_transit = statement.deposits_in_transit
    if in_transit is None:
        in_transit = statement.outstanding_total("deposit")
    outstanding = statement.outstanding_checks
    if outstanding is None:
        outstanding = statement.outstanding_total("check")
    items = [_outstanding(item) for item in statement.outstanding or ()]
    return StatementFigures(
        account=statement.account,
        period_end=statement.period_end,
        ending_balance=statement.ending_balance,
        deposits_in_transit=in_transit if in_transit is not None else ZERO,
        outstanding_checks=outstanding if outstanding is not None else ZERO,
        reconciled_at=statement.reconciled_at,
        pointer=f"/bank/statements/{index}",
        period_start=statement.period_start,
        bank_name=statement.bank_name,
        account_last4=last4(statement.account_number_last4),
        itemised=statement.outstanding is not None,
        checks=tuple(_in_order(item for item in items if item.kind == "check")),
        deposits=tuple(_in_order(item for item in items if item.kind == "deposit")),
    )


def last4(number: str | None) -> str | None:
    """The last four characters of an account number, spaces and dashes dropped: the format
    asks for four, and a full number pasted by mistake is still never shown."""
    if not number:
        return None
    kept = "".join(char for char in number if char not in " -")
    return kept[-4:] or None


def _outstanding(item: OutstandingItem) -> OutstandingEntry:
    if item.kind == "check":
        party = item.payee or item.description
    else:
        party = item.description or item.payee
    return OutstandingEntry(item.kind, item.amount, item.date, item.number, party)


def _in_order(items: Iterable[OutstandingEntry]) -> list[OutstandingEntry]:
    """By date, then number (as the bank lists them); undated last. Stable for equal keys."""
    return sorted(items, key=lambda item: (item.date or date.max, _number_key(item.number)))


def _number_key(number: str | None) -> tuple[int, int, str]:
    if number is None:
        return (1, 0, "")
    return (0, int(number), "") if number.isdigit() else (0, 0, number)


# --- the per-client table ----------------------------------------------------------------------


def client_table(books: Books, pair: TrustPair, end: date | None) -> ClientTable | None:
    """QuickBooks and Clio per client, rolled back to `end` (None: current balances)."""
    liability, account = pair.liability, pair.clio_account
    clio = books.snapshot.clio
    if liability is None or account is None or clio is None or clio.matters is None:
        return None
    clio_side, _ = books.clio_clients(account, end)
    return compare_clients(books.snapshot, books.chart, books.ledger, liability, clio_side, end)


# --- one account, and the whole report ---------------------------------------------------------


def reconcile_pair(
    books: Books,
    pair: TrustPair,
    statement: tuple[int, Statement] | None,
    conflict: str | None = None,
) -> TrustAccountReconciliation:
    """One trust account's three figures; `conflict` says why no statement could be chosen."""
    figures = statement_figures(*statement) if statement else None
    end = figures.period_end if figures else None
    chart, ledger = books.chart, books.ledger
    notes = list(pair.notes)
    if conflict:
        notes.append(conflict)
    elif figures is None:
        notes.append(f"no bank statement for {pair.bank.full_name}: the bank side is unknown")
    liability = (
        rolled_account(ledger, chart, pair.liability, end, with_subaccounts=True)
        if pair.liability
        else None
    )
    clio = None
    has_matters = books.snapshot.clio is not None and books.snapshot.clio.matters is not None
    if pair.clio_account is not None and has_matters:
        _, clio = books.clio_clients(pair.clio_account, end)
    elif not has_matters:
        notes.append("the snapshot has no `clio.matters`")
    return TrustAccountReconciliation(
        bank_account=pair.bank.full_name,
        bank_pointer=pair.bank.pointer,
        bank_key=pair.bank.key,
        liability_account=pair.liability.full_name if pair.liability else None,
        clio_account=pair.clio_account.name if pair.clio_account else None,
        statement=figures,
        books=rolled_account(ledger, chart, pair.bank, end, with_subaccounts=False),
        liability=liability,
        clio=clio,
        clients=client_table(books, pair, end),
        notes=tuple(notes),
        liability_pointer=pair.liability.pointer if pair.liability else None,
        clio_pointer=pair.clio_account.pointer if pair.clio_account else None,
        captured_on=books.snapshot.captured_at.date(),
    )


def explain(
    books: Books, pair: TrustPair, account: TrustAccountReconciliation
) -> TrustAccountReconciliation:
    """The account with the movements behind its differences (`gaps.py`): QuickBooks − Clio
    when the three do not agree, and every client row that differs."""
    if account.statement is None:
        return account
    end = account.statement.period_end
    movements, why_not = _movements_for(books, pair)
    if account.complete and not account.agrees:
        assert account.liability is not None and account.clio is not None
        gap = account_gap(movements, account.liability.as_of, account.clio.as_of, end, why_not)
        account = replace(account, gap=gap)
    if (
        account.clients is not None
        and account.clients.mismatched
        and not account.clients.unavailable
    ):
        account = replace(account, clients=client_gaps(movements, account.clients, end))
    return replace(account, clients_now=_clients_now(books, pair, movements))


def _clients_now(
    books: Books, pair: TrustPair, movements: AccountMovements | None
) -> ClientTable | None:
    """The per-client table as the snapshot found it, each differing row explained as of the
    day it was taken: what RC002 and the TR rules of `ledgerlint check` read."""
    table = client_table(books, pair, None)
    if table is None or not table.mismatched or table.unavailable:
        return table
    return client_gaps(movements, table, books.snapshot.captured_at.date())


def _movements_for(books: Books, pair: TrustPair) -> tuple[AccountMovements | None, str | None]:
    found = books.movements
    if not found.has_clio:
        return None, "the snapshot has no `clio.bank_transactions` to pair with QuickBooks"
    if len(found.missing_lists) == len(TRANSACTION_LISTS):
        return None, "the snapshot has no QuickBooks transactions to pair with Clio"
    return found.for_bank(pair.bank.Id), None


def build_report(books: Books, file: str, *, as_of: date | None = None) -> ReconciliationReport:
    """Reconcile every trust bank account against its latest statement (or the one ending on
    `as_of`), with the movements that explain each difference."""
    snapshot = books.snapshot
    accounts = []
    notes: list[str] = []
    for pair in books.trust_pairs:
        statement, conflict = choose_statement(snapshot, books.chart, pair.bank, as_of)
        accounts.append(explain(books, pair, reconcile_pair(books, pair, statement, conflict)))
    if not books.trust_pairs:
        notes.append("QuickBooks has no trust bank account: there is nothing to reconcile")
    return ReconciliationReport(
        file=file,
        firm=snapshot.firm.name if snapshot.firm else None,
        captured_at=snapshot.captured_at,
        accounts=tuple(accounts),
        notes=tuple(notes),
    )
