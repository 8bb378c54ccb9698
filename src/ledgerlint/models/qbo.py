"""QuickBooks Online Accounting API v3 entities, as `select * from <Entity>` returns them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from typing import ClassVar

from ledgerlint.models.base import Entity
from ledgerlint.models.base import Model
from ledgerlint.models.base import Money
from ledgerlint.models.money import ZERO


class Ref(Model):
    """A ReferenceType: `{"value": "<Id>", "name": "…"}` (deposit entities also carry `type`)."""

    value: str | None = None
    name: str | None = None
    type: str | None = None


class QboEntity(Entity, kw_only=True):
    section: ClassVar[str] = "qbo"
    Id: str

    @property
    def kind(self) -> str:
        """The QuickBooks entity name: `Invoice`, `Account`…"""
        return self.list_name

    @property
    def key(self) -> str:
        return f"qbo.{self.list_name}:{self.Id}"


class Account(QboEntity, kw_only=True):
    list_name: ClassVar[str] = "Account"
    Name: str
    FullyQualifiedName: str | None = None
    Active: bool = True
    Classification: str | None = None
    AccountType: str | None = None
    AccountSubType: str | None = None
    SubAccount: bool = False
    ParentRef: Ref | None = None
    CurrentBalance: Money = Decimal(0)
    CurrentBalanceWithSubAccounts: Money | None = None

    @property
    def full_name(self) -> str:
        return self.FullyQualifiedName or self.Name

    @property
    def parent_id(self) -> str | None:
        return self.ParentRef.value if self.ParentRef and self.ParentRef.value else None

    @property
    def balance_with_subaccounts(self) -> Decimal:
        if self.CurrentBalanceWithSubAccounts is not None:
            return self.CurrentBalanceWithSubAccounts
        return self.CurrentBalance


class Class(QboEntity, kw_only=True):
    list_name: ClassVar[str] = "Class"
    Name: str
    FullyQualifiedName: str | None = None
    Active: bool = True
    SubClass: bool = False
    ParentRef: Ref | None = None


class Department(QboEntity, kw_only=True):
    list_name: ClassVar[str] = "Department"
    Name: str
    FullyQualifiedName: str | None = None
    Active: bool = True
    SubDepartment: bool = False
    ParentRef: Ref | None = None


class Customer(QboEntity, kw_only=True):
    list_name: ClassVar[str] = "Customer"
    DisplayName: str
    FullyQualifiedName: str | None = None
    CompanyName: str | None = None
    GivenName: str | None = None
    FamilyName: str | None = None
    Active: bool = True
    Job: bool = False
    ParentRef: Ref | None = None
    Balance: Money | None = None


class Item(QboEntity, kw_only=True):
    list_name: ClassVar[str] = "Item"
    Name: str
    FullyQualifiedName: str | None = None
    Active: bool = True
    Type: str | None = None
    IncomeAccountRef: Ref | None = None

    @property
    def full_name(self) -> str:
        return self.FullyQualifiedName or self.Name


class PaymentMethod(QboEntity, kw_only=True):
    list_name: ClassVar[str] = "PaymentMethod"
    Name: str
    Active: bool = True
    Type: str | None = None


class LinkedTxn(Model):
    TxnId: str | None = None
    TxnType: str | None = None


class LineEntity(Model):
    """A line's `Entity`, in either of QuickBooks' two shapes: a JournalEntry line's
    `{"Type": "Customer", "EntityRef": {...}}`, or a Deposit line's ReferenceType
    `{"value": "…", "name": "…", "type": "CUSTOMER"}`."""

    Type: str | None = None
    EntityRef: Ref | None = None
    value: str | None = None
    name: str | None = None
    type: str | None = None

    def ref(self) -> Ref | None:
        """The entity named, as a reference with its type, whichever the shape."""
        if self.EntityRef is not None:
            ref = self.EntityRef
            return Ref(value=ref.value, name=ref.name, type=self.Type or ref.type)
        if self.value is None and self.name is None:
            return None
        return Ref(value=self.value, name=self.name, type=self.type or self.Type)


class LineDetail(Model):
    """The union of the line-detail shapes the rules read; absent parts stay None."""

    AccountRef: Ref | None = None
    PostingType: str | None = None
    Entity: LineEntity | None = None
    CustomerRef: Ref | None = None
    """`AccountBasedExpenseLineDetail.CustomerRef`: the customer an expense line is for."""

    @property
    def account_id(self) -> str | None:
        return self.AccountRef.value if self.AccountRef and self.AccountRef.value else None

    def entity_ref(self) -> Ref | None:
        """The customer (or other entity) a line names, in either of QBO's two shapes."""
        return self.Entity.ref() if self.Entity is not None else None

    def customer(self) -> Ref | None:
        """The customer a Deposit or JournalEntry line names; None for no entity or a vendor."""
        ref = self.entity_ref()
        if ref is None or not (ref.value or ref.name):
            return None
        if ref.type and ref.type.lower() != "customer":
            return None
        return ref


class Line(Model):
    """A line of a Payment, Deposit, JournalEntry or Purchase, with what the rules read. (Invoice
    lines carry only items and classes, which no rule reads: they are not decoded at all.)"""

    Id: str | None = None
    Amount: Money = Decimal(0)
    LinkedTxn: tuple[LinkedTxn, ...] = ()
    DepositLineDetail: LineDetail | None = None
    JournalEntryLineDetail: LineDetail | None = None
    AccountBasedExpenseLineDetail: LineDetail | None = None

    @property
    def detail(self) -> LineDetail | None:
        return (
            self.DepositLineDetail
            or self.JournalEntryLineDetail
            or self.AccountBasedExpenseLineDetail
        )


class Transaction(QboEntity, kw_only=True):
    """What every QuickBooks transaction has: its date, number, note and total."""

    TxnDate: date | None = None
    DocNumber: str | None = None
    PrivateNote: str | None = None
    TotalAmt: Money = Decimal(0)

    @property
    def label(self) -> str:
        """How a person would name this transaction: `Invoice 1043 (Id 17)`."""
        number = f" {self.DocNumber}" if self.DocNumber else ""
        return f"{self.list_name}{number} (Id {self.Id})"

    @property
    def voided(self) -> bool:
        """QBO voids keep the record with every amount 0 and a `Voided` private note."""
        note = (self.PrivateNote or "").lstrip().lower()
        return note.startswith("voided") and not self.TotalAmt


class LinedTransaction(Transaction, kw_only=True):
    """A transaction whose lines post to accounts: Payment, Deposit, JournalEntry, Purchase."""

    Line: tuple[Line, ...] = ()


class Invoice(Transaction, kw_only=True):
    list_name: ClassVar[str] = "Invoice"
    CustomerRef: Ref | None = None
    Balance: Money = Decimal(0)


class Payment(LinedTransaction, kw_only=True):
    list_name: ClassVar[str] = "Payment"
    CustomerRef: Ref | None = None
    DepositToAccountRef: Ref | None = None


class Deposit(LinedTransaction, kw_only=True):
    list_name: ClassVar[str] = "Deposit"
    DepositToAccountRef: Ref | None = None
    TotalAmt: Money | None = None  # type: ignore[assignment]  # absent: the lines' sum

    @property
    def total(self) -> Decimal:
        """What reached the bank: `TotalAmt`, or the sum of the lines when it is absent."""
        if self.TotalAmt is not None:
            return self.TotalAmt
        return sum((line.Amount for line in self.Line), ZERO)


class Transfer(QboEntity, kw_only=True):
    list_name: ClassVar[str] = "Transfer"
    TxnDate: date | None = None
    PrivateNote: str | None = None
    FromAccountRef: Ref | None = None
    ToAccountRef: Ref | None = None
    Amount: Money = Decimal(0)

    @property
    def label(self) -> str:
        return f"Transfer (Id {self.Id})"


class JournalEntry(LinedTransaction, kw_only=True):
    list_name: ClassVar[str] = "JournalEntry"
    Adjustment: bool = False


class Purchase(LinedTransaction, kw_only=True):
    list_name: ClassVar[str] = "Purchase"
    AccountRef: Ref | None = None
    PaymentType: str | None = None
    EntityRef: Ref | None = None
    Credit: bool = False
    """A refund (credit card credit): the money flows back into `AccountRef`."""


class Qbo(Model):
    """The `qbo` section. A list that is absent (None) differs from one that is empty."""

    CompanyInfo: dict[str, Any] | None = None
    Preferences: dict[str, Any] | None = None
    Account: list[Account] | None = None
    Class: list[Class] | None = None
    Department: list[Department] | None = None
    Customer: list[Customer] | None = None
    Item: list[Item] | None = None
    PaymentMethod: list[PaymentMethod] | None = None
    Invoice: list[Invoice] | None = None
    Payment: list[Payment] | None = None
    Deposit: list[Deposit] | None = None
    Transfer: list[Transfer] | None = None
    JournalEntry: list[JournalEntry] | None = None
    Purchase: list[Purchase] | None = None

    @property
    def plan_sku(self) -> tuple[str, str] | None:
        """`CompanyInfo.NameValue[Name=OfferingSku].Value` (e.g. `QuickBooks Online Plus`) and
        the JSON pointer of that value; None when the snapshot does not say."""
        pairs = (self.CompanyInfo or {}).get("NameValue")
        for index, pair in enumerate(pairs if isinstance(pairs, list) else []):
            if isinstance(pair, dict) and pair.get("Name") == "OfferingSku" and pair.get("Value"):
                return str(pair["Value"]), f"/qbo/CompanyInfo/NameValue/{index}/Value"
        return None


QBO_ENTITY_TYPES: dict[str, type[QboEntity]] = {
    cls.list_name: cls
    for cls in (
        Account,
        Class,
        Department,
        Customer,
        Item,
        PaymentMethod,
        Invoice,
        Payment,
        Deposit,
        Transfer,
        JournalEntry,
        Purchase,
    )
}
"""The entity lists ledgerlint reads, by their QuickBooks name."""
