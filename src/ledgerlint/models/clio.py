"""Clio Manage API v4 resources, as the `data` items of `/api/v4/<resource>.json`."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from ledgerlint.models.base import Entity
from ledgerlint.models.base import Model
from ledgerlint.models.base import Money
from ledgerlint.models.money import ZERO


class ClioRef(Model):
    """A nested resource as Clio embeds it: `{"id": 7, "name": "…", "type": "…"}`."""

    id: int | str | None = None
    name: str | None = None
    type: str | None = None
    number: str | None = None


class ClioEntity(Entity, kw_only=True):
    section: ClassVar[str] = "clio"
    id: int | str

    @property
    def key(self) -> str:
        return f"clio.{self.list_name}:{self.id}"


class BankAccount(ClioEntity, kw_only=True):
    list_name: ClassVar[str] = "bank_accounts"
    name: str
    type: str | None = None
    currency: str | None = None
    balance: Money | None = None

    @property
    def is_trust(self) -> bool:
        return (self.type or "").lower() == "trust"


class User(ClioEntity, kw_only=True):
    list_name: ClassVar[str] = "users"
    name: str | None = None
    enabled: bool = True


class Contact(ClioEntity, kw_only=True):
    list_name: ClassVar[str] = "contacts"
    name: str | None = None
    type: str | None = None
    first_name: str | None = None
    last_name: str | None = None


class AccountBalance(Model):
    """`matters[].account_balances[]`: the entries with `type: Trust` are trust funds."""

    id: int | str | None = None
    balance: Money = Decimal(0)
    type: str | None = None
    name: str | None = None

    @property
    def is_trust(self) -> bool:
        return (self.type or "").lower() == "trust"


class Matter(ClioEntity, kw_only=True):
    list_name: ClassVar[str] = "matters"
    display_number: str | None = None
    description: str | None = None
    status: str | None = None
    client: ClioRef | None = None
    account_balances: list[AccountBalance] | None = None

    @property
    def label(self) -> str:
        return f"matter {self.display_number or self.id}"


class ActivityDescription(ClioEntity, kw_only=True):
    list_name: ClassVar[str] = "activity_descriptions"
    name: str


class Bill(ClioEntity, kw_only=True):
    list_name: ClassVar[str] = "bills"
    number: str | None = None
    state: str | None = None
    issued_at: str | None = None
    total: Money | None = None
    balance: Money | None = None
    client: ClioRef | None = None
    matters: tuple[ClioRef, ...] = ()

    @property
    def label(self) -> str:
        return f"bill {self.number or '#' + str(self.id)}"


class Allocation(ClioEntity, kw_only=True):
    list_name: ClassVar[str] = "allocations"
    amount: Money = Decimal(0)
    date: str | None = None
    bill: ClioRef | None = None
    source_bank_account: ClioRef | None = None
    matter: ClioRef | None = None
    contact: ClioRef | None = None


class BankTransaction(ClioEntity, kw_only=True):
    list_name: ClassVar[str] = "bank_transactions"
    date: str | None = None
    amount: Money = Decimal(0)
    bank_account: ClioRef | None = None
    matter: ClioRef | None = None
    client: ClioRef | None = None
    description: str | None = None
    type: str | None = None
    funds_in: Money | None = None
    funds_out: Money | None = None

    @property
    def signed_amount(self) -> Decimal:
        """Money in > 0, out < 0. Clio gives `funds_in`/`funds_out` beside `amount`; where
        either is non-zero they decide the direction, so an unsigned `amount` cannot turn a
        withdrawal into a deposit. Without them, `amount` as given (signed)."""
        money_in, money_out = self.funds_in or ZERO, self.funds_out or ZERO
        if money_in or money_out:
            return money_in - money_out
        return self.amount


class TrustLineItem(ClioEntity, kw_only=True):
    list_name: ClassVar[str] = "trust_line_items"
    date: str | None = None
    total: Money = Decimal(0)
    matter: ClioRef | None = None
    bill: ClioRef | None = None


class Clio(Model):
    """The `clio` section. A list that is absent (None) differs from one that is empty."""

    bank_accounts: list[BankAccount] | None = None
    users: list[User] | None = None
    contacts: list[Contact] | None = None
    matters: list[Matter] | None = None
    activity_descriptions: list[ActivityDescription] | None = None
    bills: list[Bill] | None = None
    allocations: list[Allocation] | None = None
    bank_transactions: list[BankTransaction] | None = None
    trust_line_items: list[TrustLineItem] | None = None


CLIO_ENTITY_TYPES: dict[str, type[ClioEntity]] = {
    cls.list_name: cls
    for cls in (
        BankAccount,
        User,
        Contact,
        Matter,
        ActivityDescription,
        Bill,
        Allocation,
        BankTransaction,
        TrustLineItem,
    )
}
"""The resources ledgerlint reads, by their Clio name."""
