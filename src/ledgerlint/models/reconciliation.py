"""The three-way trust reconciliation as reporters render it: frozen values, no I/O.

One `TrustAccountReconciliation` per trust bank account: the bank statement's adjusted balance
(with its outstanding items), the QuickBooks trust liability and the Clio client trust balances,
each rolled back to the statement's `period_end`, the per-client table, and the per-client
table as it stands now (what `ledgerlint check` reads). `books/reconciliation.py` computes it;
`ledgerlint reconcile` and the RC rules read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Literal

from ledgerlint.models.money import ZERO

System = Literal["QuickBooks", "Clio"]


@dataclass(frozen=True)
class Record:
    """A transaction as a person looks it up: where it is, what it is, its number and id.

    `kind` is in plain words (`Journal entry`, `Check`, `Trust deposit`: the vocabulary of
    docs/reconciliation.md), not the API's entity name."""

    system: System
    kind: str
    id: str
    number: str | None = None
    """The number a person sees (QuickBooks `DocNumber`: a check or journal number)."""
    date: date | None = None
    line: int | None = None
    """The line meant, counted from 1 (None: the whole transaction)."""

    @property
    def name(self) -> str:
        """`Journal entry TA-1049 of 2026-11-06, line 2 (QuickBooks Id 502)`."""
        number = f" {self.number}" if self.number else ""
        when = f" of {self.date}" if self.date else " (no date)"
        line = f", line {self.line}" if self.line is not None else ""
        return f"{self.kind}{number}{when}{line} ({self.system} Id {self.id})"


@dataclass(frozen=True)
class Adjustment:
    """A transaction dated after `period_end`: how much it changed the balance since then."""

    date: date | None
    description: str
    """The transaction as the API names it (`JournalEntry TA-1049 (Id 502)`), for tools."""
    amount: Decimal
    record: Record | None = None
    """The transaction in plain words, for people."""

    @property
    def name(self) -> str:
        return self.record.name if self.record else self.description


@dataclass(frozen=True)
class RolledBalance:
    """A current balance and the later transactions that take it back to the statement date."""

    label: str
    """What the balance is of, e.g. the account's name."""
    current: Decimal
    later: tuple[Adjustment, ...] = ()

    @property
    def as_of(self) -> Decimal:
        return self.current - sum((a.amount for a in self.later), ZERO)


@dataclass(frozen=True)
class OutstandingEntry:
    """A check the bank had not paid, or a deposit it had not credited, by the statement's end."""

    kind: Literal["check", "deposit"]
    amount: Decimal
    date: date | None = None
    number: str | None = None
    party: str | None = None
    """The payee of a check; the description of a deposit (either may name a client)."""


@dataclass(frozen=True)
class StatementFigures:
    """The bank's side: a statement's ending balance, adjusted for items not yet cleared."""

    account: str
    period_end: date
    ending_balance: Decimal
    deposits_in_transit: Decimal
    outstanding_checks: Decimal
    reconciled_at: date | None
    pointer: str
    period_start: date | None = None
    bank_name: str | None = None
    account_last4: str | None = None
    """At most the last four characters of the account number (never more is kept)."""
    itemised: bool = False
    """The statement lists its outstanding items; False: it gives the two totals only."""
    checks: tuple[OutstandingEntry, ...] = ()
    deposits: tuple[OutstandingEntry, ...] = ()

    @property
    def adjusted(self) -> Decimal:
        return self.ending_balance + self.deposits_in_transit - self.outstanding_checks

    @property
    def masked_account(self) -> str | None:
        """`****4821`: the account number as a statement may be shown."""
        return f"****{self.account_last4}" if self.account_last4 else None


GapKind = Literal[
    "missing-in-books",
    "missing-in-clio",
    "wrong-client",
    "not-in-client-ledger",
    "no-client",
    "entered-twice",
    "timing",
    "not-judged",
]
"""Why a movement stands between QuickBooks and Clio (docs/reconciliation.md):

- `missing-in-books`: in Clio, no QuickBooks line (TR011);
- `missing-in-clio`: a QuickBooks line naming a client, no Clio transaction (TR012);
- `wrong-client`: paired, but the two systems name different clients (TR013);
- `not-in-client-ledger`: paired, but QuickBooks posts it to the parent account or another
  client's sub-account (TR001 for the parent);
- `no-client`: a QuickBooks line naming no client (TR009);
- `entered-twice`: a QuickBooks duplicate of a synced disbursement (TS002);
- `timing`: paired, but dated on opposite sides of the statement date;
- `not-judged`: outside the span both systems cover, undated, possibly recorded by an undated
  item of the other side, or of an ambiguous client.
"""


@dataclass(frozen=True)
class GapItem:
    """One movement behind a difference, and how much it accounts for."""

    kind: GapKind
    date: date | None
    description: str
    """The movement in plain words (both sides for a pair): `Trust withdrawal of 2026-06-05
    (Clio Id 6003) for Maria Alvarez, matter 00031-Alvarez: $30,000.00 out`."""
    reason: str
    """Why it makes a difference, in words: `in Clio, not in QuickBooks`."""
    amount: Decimal
    """What it contributes to the difference (QuickBooks − Clio)."""
    rule_id: str | None = None
    """The rule that reports it, if one does."""
    pointer: str | None = None
    records: tuple[Record, ...] = ()
    """The transactions it is made of (Clio's first for a pair), to look them up."""


@dataclass(frozen=True)
class GapExplanation:
    """A difference (QuickBooks − Clio) and the movements that account for it."""

    difference: Decimal
    items: tuple[GapItem, ...] = ()
    qbo_unexplained: Decimal | None = None
    """What QuickBooks' balance holds beyond the trust lines the snapshot has (opening
    balances, history before the snapshot); None when movements could not be paired."""
    clio_unexplained: Decimal | None = None
    """What Clio's client balances hold beyond its bank transactions in the snapshot."""
    note: str | None = None
    """Why there is no movement-level explanation, when there is none."""

    @property
    def explained(self) -> Decimal:
        return sum((item.amount for item in self.items), ZERO)

    @property
    def unexplained(self) -> Decimal:
        """The part of the difference no listed movement accounts for."""
        return self.difference - self.explained


@dataclass(frozen=True)
class ClientBalance:
    """One client's trust funds in QuickBooks beside Clio's; None where a side has no record."""

    client: str
    qbo_account: str | None
    """The client sub-account (`Client Trust Liability:Smith, Jane`) or, in the single-account
    layout, the QBO customer whose postings make the balance."""
    qbo_balance: Decimal | None
    clio_balance: Decimal | None
    qbo_pointer: str | None = None
    qbo_key: str | None = None
    clio_pointer: str | None = None
    clio_key: str | None = None
    gap: GapExplanation | None = None
    """The movements behind the difference (reconcile fills it for rows that differ)."""

    @property
    def difference(self) -> Decimal:
        """QuickBooks minus Clio (a missing side counts as zero)."""
        return (self.qbo_balance or ZERO) - (self.clio_balance or ZERO)


@dataclass(frozen=True)
class AmbiguousMatch:
    """A client whose name matches several QuickBooks candidates: reported, never guessed."""

    client: str
    candidates: tuple[str, ...]
    pointer: str | None = None


@dataclass(frozen=True)
class ClientTable:
    basis: Literal["sub-accounts", "customers"]
    """`sub-accounts`: balances of the liability's client sub-accounts; `customers`: one
    liability account, balances derived from its postings by customer."""
    as_of: date | None
    """The date the balances are rolled back to; None for current balances."""
    rows: tuple[ClientBalance, ...] = ()
    unassigned: Decimal = ZERO
    """Trust liability tied to no client: posted to the parent account, or with no customer."""
    ambiguous: tuple[AmbiguousMatch, ...] = ()
    unavailable: str | None = None
    """Why per-client QuickBooks balances could not be read (then `rows` holds Clio only)."""

    @property
    def mismatched(self) -> tuple[ClientBalance, ...]:
        return tuple(row for row in self.rows if row.difference != 0)

    @property
    def totals(self) -> tuple[Decimal, Decimal]:
        """QuickBooks and Clio, summed over the rows."""
        running = self.running_totals()
        return running[-1] if running else (ZERO, ZERO)

    def running_totals(self) -> list[tuple[Decimal, Decimal]]:
        """QuickBooks and Clio summed down the rows in their order, one pair per row (the
        order is the table's: redaction re-sorts the rows, so this is never stored)."""
        qbo, clio = ZERO, ZERO
        running = []
        for row in self.rows:
            qbo += row.qbo_balance or ZERO
            clio += row.clio_balance or ZERO
            running.append((qbo, clio))
        return running


@dataclass(frozen=True)
class TrustAccountReconciliation:
    bank_account: str
    bank_pointer: str
    bank_key: str
    liability_account: str | None
    clio_account: str | None
    statement: StatementFigures | None
    books: RolledBalance
    """The QuickBooks trust bank account's own balance (shown for reference)."""
    liability: RolledBalance | None
    clio: RolledBalance | None
    clients: ClientTable | None
    notes: tuple[str, ...] = ()
    liability_pointer: str | None = None
    clio_pointer: str | None = None
    gap: GapExplanation | None = None
    """The movements behind QuickBooks − Clio, when the three do not agree."""
    clients_now: ClientTable | None = None
    """The per-client table as the snapshot found it (no roll-back), with the movements behind
    each row that differs: what `ledgerlint check` reads (RC002), shown when it differs from the
    reconciliation's."""
    captured_on: date | None = None
    """The day the snapshot was taken: "now" for `clients_now` and the current balances."""

    @property
    def later_transactions(self) -> bool:
        """Something was recorded after the statement date, in QuickBooks or in Clio."""
        balances = (self.books, self.liability, self.clio)
        return any(balance is not None and balance.later for balance in balances)

    @property
    def complete(self) -> bool:
        """All three figures are known, so the three-way comparison can be made."""
        return self.statement is not None and self.liability is not None and self.clio is not None

    @property
    def differences(self) -> dict[str, Decimal]:
        """`liability_minus_bank`, `clio_minus_bank`, `liability_minus_clio` (when complete)."""
        if not self.complete:
            return {}
        assert self.statement and self.liability and self.clio
        bank, liability, clio = self.statement.adjusted, self.liability.as_of, self.clio.as_of
        return {
            "liability_minus_bank": liability - bank,
            "clio_minus_bank": clio - bank,
            "liability_minus_clio": liability - clio,
        }

    @property
    def differences_now(self) -> dict[str, Decimal]:
        """The differences `ledgerlint check` compares, on the balances as the snapshot found
        them (no roll-back): `bank_books_minus_liability` (RC003: the trust bank account
        against the liability) and `liability_minus_clio`, each when its figures are known."""
        if self.liability is None:
            return {}
        liability = self.liability.current
        found = {"bank_books_minus_liability": self.books.current - liability}
        if self.clio is not None:
            found["liability_minus_clio"] = liability - self.clio.current
        return found

    @property
    def agrees(self) -> bool:
        return self.complete and not any(self.differences.values())


@dataclass(frozen=True)
class ReconciliationReport:
    file: str
    firm: str | None
    captured_at: datetime
    accounts: tuple[TrustAccountReconciliation, ...]
    notes: tuple[str, ...] = ()
    redacted: bool = False

    @property
    def agrees(self) -> bool:
        """Every trust account reconciles (and there is at least one)."""
        return bool(self.accounts) and all(a.agrees for a in self.accounts)


__all__ = [
    "ZERO",
    "Adjustment",
    "AmbiguousMatch",
    "ClientBalance",
    "ClientTable",
    "GapExplanation",
    "GapItem",
    "GapKind",
    "OutstandingEntry",
    "ReconciliationReport",
    "Record",
    "RolledBalance",
    "StatementFigures",
    "System",
    "TrustAccountReconciliation",
]
