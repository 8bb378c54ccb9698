"""The blocks people fill in: `firm`, `clio_bill_syncing` and `bank` (snapshot-format.md).

No API exposes these, so a typo here is silence in the rules: the decoder rejects any key these
models do not name (keys starting `x-` excepted, for a person's own notes).
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Literal

from ledgerlint.models.base import Model
from ledgerlint.models.base import Money


class Firm(Model):
    name: str | None = None
    jurisdictions: list[str] | None = None
    lawyers: int | None = None
    record_retention_years: int | None = None


class SyncError(Model):
    at: datetime | None = None
    message: str | None = None


class PaymentMethodMapping(Model, kw_only=True):
    name: str
    kind: Literal["operating", "trust_application"]
    qbo_posting: Literal["payment", "transfer"]
    qbo_deposit_account: str | None = None


class TrustAccountMapping(Model, kw_only=True):
    clio_bank_account: str
    qbo_bank_account: str | None = None
    qbo_liability_account: str | None = None


class TrustSyncExport(Model):
    """The boxes under "Export trust transactions"; an absent box is unknown (None)."""

    trust_deposits: bool | None = None
    trust_disbursements: bool | None = None
    trust_transfers: bool | None = None
    """Matter-to-matter transfers and payments of bills from trust."""


class TrustSync(Model):
    """Clio's QuickBooks trust sync ("Export trust transactions") for the primary trust
    account; `enabled: false` means the firm enters trust by hand."""

    enabled: bool | None = None
    enabled_at: date | None = None
    clio_bank_account: str | None = None
    """The primary trust account, the only one Clio syncs (its `trust_accounts` entry pairs it)."""
    export: TrustSyncExport | None = None


class BillSyncing(Model):
    connected: bool | None = None
    connection_status: Literal["connected", "authorization_expired", "error"] | None = None
    last_successful_sync_at: datetime | None = None
    sync_errors: list[SyncError] | None = None
    sync_timing: Literal["real_time", "batch"] | None = None
    export_approved_bills_and_recorded_payments: bool | None = None
    track_firm_users_on_bills: bool | None = None
    firm_users_class: str | None = None
    contact_sync_direction: Literal["clio_to_qbo", "bidirectional"] | None = None
    sync_expenses: bool | None = None
    import_hard_costs: bool | None = None
    category_mapping: dict[str, str | None] | None = None
    payment_methods: list[PaymentMethodMapping] | None = None
    trust_accounts: list[TrustAccountMapping] | None = None
    sync_bills_issued_on_or_after: date | None = None
    """Clio's "Sync bills issued on or after": older bills never reach QuickBooks."""
    trust_sync: TrustSync | None = None

    @property
    def trust_sync_on(self) -> bool:
        """The catalog's "trust sync": `trust_sync.enabled: true`."""
        return self.trust_sync is not None and self.trust_sync.enabled is True


class OutstandingItem(Model, kw_only=True):
    """A check or deposit the bank had not cleared by the statement's end."""

    kind: Literal["check", "deposit"]
    amount: Money
    date: date | None = None
    number: str | None = None
    payee: str | None = None
    description: str | None = None


class Statement(Model, kw_only=True):
    account: str
    period_end: date
    ending_balance: Money
    deposits_in_transit: Money | None = None
    outstanding_checks: Money | None = None
    reconciled_at: date | None = None
    period_start: date | None = None
    bank_name: str | None = None
    account_number_last4: str | None = None
    outstanding: list[OutstandingItem] | None = None

    def outstanding_total(self, kind: Literal["check", "deposit"]) -> Decimal | None:
        """The sum of the itemised `outstanding` items of a kind (None when not itemised)."""
        if self.outstanding is None:
            return None
        return sum((item.amount for item in self.outstanding if item.kind == kind), Decimal(0))


class Feed(Model, kw_only=True):
    system: Literal["qbo", "clio"]
    account: str


class Bank(Model):
    statements: list[Statement] | None = None
    feeds: list[Feed] | None = None


SourceState = Literal["pulled", "not_pulled", "carried_over", "imported"]


class Sources(Model):
    """Where each API section came from (`pull` and `import` write it)."""

    qbo: SourceState | None = None
    clio: SourceState | None = None
    exports: list[str] | None = None
    """The report exports `import` read, e.g. `QuickBooks Online: Account List (accounts.csv)`."""
