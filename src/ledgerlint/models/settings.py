"""The blocks people fill in: `firm`, `clio_bill_syncing` and `bank` (snapshot-format.md)."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import Literal

from pydantic import Field

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


class PaymentMethodMapping(Model):
    name: str
    kind: Literal["operating", "trust_application"]
    qbo_posting: Literal["payment", "transfer"]
    qbo_deposit_account: str | None = None


class TrustAccountMapping(Model):
    clio_bank_account: str
    qbo_bank_account: str | None = None
    qbo_liability_account: str | None = None


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


class Statement(Model):
    account: str
    period_end: date
    ending_balance: Money
    deposits_in_transit: Money | None = None
    outstanding_checks: Money | None = None
    reconciled_at: date | None = None


class Feed(Model):
    system: Literal["qbo", "clio"]
    account: str


class Bank(Model):
    statements: list[Statement] | None = None
    feeds: list[Feed] | None = Field(default=None)
