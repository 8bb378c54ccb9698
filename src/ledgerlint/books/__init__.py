"""The domain model of a firm's books, built once per snapshot and shared by every rule,
`ledgerlint reconcile`, redaction and plugins (rules reach it as `ctx.books`).

    Books(snapshot)
     ├── jurisdictions    the firm's jurisdictions read against the table (jurisdictions.py)
     ├── chart            the chart of accounts: trust banks, trust liabilities, client
     │                    sub-accounts, operating banks (chart.py)
     ├── ledger           every QuickBooks posting, by account, signed as debits (postings.py)
     ├── matching         Clio bills ↔ QuickBooks invoices, payments ↔ invoices, deposits ↔
     │                    payments, Clio contacts ↔ QuickBooks customers (matching.py)
     ├── clients_holding_funds, subaccount_gaps
     │                    Clio clients with trust funds, and their client sub-accounts (clients.py)
     ├── clio_bank_accounts
     │                    which Clio bank account a reference names: by id, else by name
     │                    (clio_accounts.py)
     ├── trust_pairs      each trust bank with its liability and Clio account (reconciliation.py)
     ├── trust_sync       Clio's trust sync: the primary account, synced journal entries, bill
     │                    payments and their twins (trust_sync.py)
     ├── movements        each Clio trust movement paired with its QuickBooks trust liability
     │                    line, or left unpaired (movements.py, pairing.py)
     ├── clio_clients()   each client's trust funds in one Clio account (client_ledgers.py)
     └── reconciliation() the three-way reconciliation of every trust account (reconciliation.py)

Each part is computed the first time it is asked for, from the parts before it; nothing is
computed twice. `options` are the run's resolved rule options by rule ID: a shared part governed
by a rule's option (movement pairing by TR011's `window_days`) reads it with `option()`, so
every rule sees the same pairing. Names match by the catalog's rule (`names.py`); amounts are
`Decimal` (`ledgerlint.models.money`); dates from the APIs are read by `calendar.day`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING
from typing import Any

from ledgerlint.models.jurisdiction import Jurisdiction
from ledgerlint.models.snapshot import Snapshot

if TYPE_CHECKING:
    from ledgerlint.books.chart import Chart
    from ledgerlint.books.client_ledgers import ClioClient
    from ledgerlint.books.clients import ClientFunds
    from ledgerlint.books.clients import SubaccountGaps
    from ledgerlint.books.clio_accounts import ClioBankAccounts
    from ledgerlint.books.jurisdictions import FirmJurisdictions
    from ledgerlint.books.matching import Matching
    from ledgerlint.books.movements import Movements
    from ledgerlint.books.postings import Ledger
    from ledgerlint.books.reconciliation import TrustPair
    from ledgerlint.books.trust_sync import TrustSyncBooks
    from ledgerlint.models.clio import BankAccount
    from ledgerlint.models.reconciliation import ReconciliationReport
    from ledgerlint.models.reconciliation import RolledBalance


class Books:
    """One snapshot's books; every part is built on first use and kept."""

    def __init__(
        self,
        snapshot: Snapshot,
        jurisdiction_table: Mapping[str, Jurisdiction] | None = None,
        *,
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.jurisdiction_table: Mapping[str, Jurisdiction] = jurisdiction_table or {}
        self.options: Mapping[str, Mapping[str, Any]] = options or {}
        self._clio_clients: dict[
            tuple[str, date | None], tuple[dict[str, ClioClient], RolledBalance]
        ] = {}

    @cached_property
    def jurisdictions(self) -> FirmJurisdictions:
        """`firm.jurisdictions` read against the jurisdiction table."""
        from ledgerlint.books.jurisdictions import resolve

        return resolve(self.snapshot, self.jurisdiction_table)

    @cached_property
    def chart(self) -> Chart:
        """The chart of accounts as the trust rules see it."""
        from ledgerlint.books.chart import build_chart

        return build_chart(self.snapshot)

    @cached_property
    def ledger(self) -> Ledger:
        """Every posting of the QuickBooks transactions, by account."""
        from ledgerlint.books.postings import build_ledger

        return build_ledger(self.snapshot, self.chart)

    @cached_property
    def matching(self) -> Matching:
        """The joins across Clio and QuickBooks."""
        from ledgerlint.books.matching import build_matching

        return build_matching(self.snapshot, self.chart)

    @cached_property
    def clients_holding_funds(self) -> list[ClientFunds]:
        """Every Clio client with a non-zero trust balance, in the order of their first matter."""
        from ledgerlint.books.clients import clients_holding_funds

        return clients_holding_funds(self.snapshot)

    @cached_property
    def subaccount_gaps(self) -> SubaccountGaps:
        """Which clients holding trust funds have no client sub-account."""
        from ledgerlint.books.clients import subaccount_gaps

        return subaccount_gaps(self.chart, self.clients_holding_funds)

    @cached_property
    def clio_bank_accounts(self) -> ClioBankAccounts:
        """Clio's bank accounts, and which one a reference names."""
        from ledgerlint.books.clio_accounts import ClioBankAccounts

        clio = self.snapshot.clio
        return ClioBankAccounts((clio.bank_accounts if clio else None) or [])

    @cached_property
    def trust_pairs(self) -> list[TrustPair]:
        """Each trust bank account (active or holding money) with its liability and Clio
        account."""
        from ledgerlint.books.reconciliation import trust_pairs

        return trust_pairs(self.snapshot, self.chart, self.clio_bank_accounts)

    def option(self, rule_id: str, name: str, default: Any) -> Any:
        """A rule's configured option for this run (its default when not configured)."""
        return (self.options.get(rule_id) or {}).get(name, default)

    @cached_property
    def trust_sync(self) -> TrustSyncBooks:
        """Clio's trust sync as the books show it (`clio_bill_syncing.trust_sync`)."""
        from ledgerlint.books.trust_sync import build_trust_sync

        return build_trust_sync(self)

    @cached_property
    def movements(self) -> Movements:
        """Each trust account's Clio movements paired with its QuickBooks liability lines."""
        from ledgerlint.books.movements import build_movements

        return build_movements(self)

    def clio_clients(
        self, account: BankAccount, end: date | None
    ) -> tuple[dict[str, ClioClient], RolledBalance]:
        """Each client's trust funds in one Clio bank account and the account's total, rolled
        back to `end` (None: current), computed once per account and date (do not modify)."""
        from ledgerlint.books.client_ledgers import clio_clients

        key = (account.pointer, end)
        if key not in self._clio_clients:
            self._clio_clients[key] = clio_clients(
                self.snapshot, account, end, self.clio_bank_accounts
            )
        return self._clio_clients[key]

    def reconciliation(self, file: str, *, as_of: date | None = None) -> ReconciliationReport:
        """The three-way reconciliation of every trust bank account, as of its latest statement
        (or the one ending on `as_of`)."""
        from ledgerlint.books.reconciliation import build_report

        return build_report(self, file, as_of=as_of)


__all__ = ["Books"]
