"""QuickBooks Online Accounting API v3 entities, as `select * from <Entity>` returns them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from typing import ClassVar

from pydantic import Field

from ledgerlint.models.base import Entity
from ledgerlint.models.base import Model
from ledgerlint.models.base import Money


class Ref(Model):
    """A ReferenceType: `{"value": "<Id>", "name": "…"}` (deposit entities also carry `type`)."""

    value: str | None = None
    name: str | None = None
    type: str | None = None


class QboEntity(Entity):
    kind: ClassVar[str] = ""
    Id: str

    @property
    def key(self) -> str:
        return f"qbo.{self.kind}:{self.Id}"


class Account(QboEntity):
    kind: ClassVar[str] = "Account"
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
    def balance_with_subaccounts(self) -> Decimal:
        if self.CurrentBalanceWithSubAccounts is not None:
            return self.CurrentBalanceWithSubAccounts
        return self.CurrentBalance


class Class(QboEntity):
    kind: ClassVar[str] = "Class"
    Name: str
    FullyQualifiedName: str | None = None
    Active: bool = True
    SubClass: bool = False
    ParentRef: Ref | None = None


class Department(QboEntity):
    kind: ClassVar[str] = "Department"
    Name: str
    FullyQualifiedName: str | None = None
    Active: bool = True
    SubDepartment: bool = False
    ParentRef: Ref | None = None


class Customer(QboEntity):
    kind: ClassVar[str] = "Customer"
    DisplayName: str
    FullyQualifiedName: str | None = None
    CompanyName: str | None = None
    GivenName: str | None = None
    FamilyName: str | None = None
    Active: bool = True
    Job: bool = False
    ParentRef: Ref | None = None
    Balance: Money | None = None


class Item(QboEntity):
    kind: ClassVar[str] = "Item"
    Name: str
    FullyQualifiedName: str | None = None
    Active: bool = True
    Type: str | None = None
    IncomeAccountRef: Ref | None = None

    @property
    def full_name(self) -> str:
        return self.FullyQualifiedName or self.Name


class PaymentMethod(QboEntity):
    kind: ClassVar[str] = "PaymentMethod"
    Name: str
    Active: bool = True
    Type: str | None = None


class LinkedTxn(Model):
    TxnId: str | None = None
    TxnType: str | None = None
    TxnLineId: str | None = None


class JournalEntity(Model):
    """`JournalEntryLineDetail.Entity`: `{"Type": "Customer", "EntityRef": {...}}`."""

    Type: str | None = None
    EntityRef: Ref | None = None


class LineDetail(Model):
    """The union of the line-detail shapes the rules read; absent parts stay None."""

    AccountRef: Ref | None = None
    ClassRef: Ref | None = None
    ItemRef: Ref | None = None
    PostingType: str | None = None
    Entity: JournalEntity | Ref | None = None
    PaymentMethodRef: Ref | None = None
    CustomerRef: Ref | None = None
    """`AccountBasedExpenseLineDetail.CustomerRef`: the customer an expense line is for."""

    def entity_ref(self) -> Ref | None:
        """The customer (or other entity) a line names, in either of QBO's two shapes."""
        if isinstance(self.Entity, JournalEntity):
            return self.Entity.EntityRef
        return self.Entity


_LinkedTxns = list[LinkedTxn]  # field names below shadow the class names inside class bodies


class Line(Model):
    Id: str | None = None
    LineNum: int | None = None
    Description: str | None = None
    Amount: Money = Decimal(0)
    DetailType: str | None = None
    LinkedTxn: _LinkedTxns = Field(default_factory=list)
    SalesItemLineDetail: LineDetail | None = None
    DepositLineDetail: LineDetail | None = None
    JournalEntryLineDetail: LineDetail | None = None
    AccountBasedExpenseLineDetail: LineDetail | None = None

    @property
    def detail(self) -> LineDetail | None:
        return (
            self.SalesItemLineDetail
            or self.DepositLineDetail
            or self.JournalEntryLineDetail
            or self.AccountBasedExpenseLineDetail
        )


_Lines = list[Line]


class Transaction(QboEntity):
    TxnDate: date | None = None
    DocNumber: str | None = None
    PrivateNote: str | None = None
    TotalAmt: Money = Decimal(0)
    Line: _Lines = Field(default_factory=list)

    @property
    def label(self) -> str:
        """How a person would name this transaction: `Invoice 1043 (Id 17)`."""
        number = f" {self.DocNumber}" if self.DocNumber else ""
        return f"{self.kind}{number} (Id {self.Id})"


class Invoice(Transaction):
    kind: ClassVar[str] = "Invoice"
    CustomerRef: Ref | None = None
    Balance: Money = Decimal(0)
    LinkedTxn: _LinkedTxns = Field(default_factory=list)

    @property
    def voided(self) -> bool:
        """QBO voids keep the record with every amount 0 and a `Voided` private note."""
        note = (self.PrivateNote or "").lstrip().lower()
        return note.startswith("voided") and self.TotalAmt == 0


class Payment(Transaction):
    kind: ClassVar[str] = "Payment"
    CustomerRef: Ref | None = None
    DepositToAccountRef: Ref | None = None
    PaymentMethodRef: Ref | None = None
    PaymentRefNum: str | None = None
    UnappliedAmt: Money | None = None

    @property
    def voided(self) -> bool:
        note = (self.PrivateNote or "").lstrip().lower()
        return note.startswith("voided") and self.TotalAmt == 0

    def amount_applied_to(self, invoice_id: str) -> Decimal:
        """The amount of this payment's lines linked to one invoice."""
        return sum(
            (
                line.Amount
                for line in self.Line
                if any(t.TxnId == invoice_id and t.TxnType == "Invoice" for t in line.LinkedTxn)
            ),
            Decimal(0),
        )


class Deposit(Transaction):
    kind: ClassVar[str] = "Deposit"
    DepositToAccountRef: Ref | None = None


class Transfer(QboEntity):
    kind: ClassVar[str] = "Transfer"
    TxnDate: date | None = None
    PrivateNote: str | None = None
    FromAccountRef: Ref | None = None
    ToAccountRef: Ref | None = None
    Amount: Money = Decimal(0)

    @property
    def label(self) -> str:
        return f"Transfer (Id {self.Id})"


class JournalEntry(Transaction):
    kind: ClassVar[str] = "JournalEntry"
    Adjustment: bool = False


class Purchase(Transaction):
    kind: ClassVar[str] = "Purchase"
    AccountRef: Ref | None = None
    PaymentType: str | None = None
    EntityRef: Ref | None = None
    Credit: bool = False
    """A refund (credit card credit): the money flows back into `AccountRef`."""


_Accounts = list[Account]
_Classs = list[Class]
_Departments = list[Department]
_Customers = list[Customer]
_Items = list[Item]
_PaymentMethods = list[PaymentMethod]
_Invoices = list[Invoice]
_Payments = list[Payment]
_Deposits = list[Deposit]
_Transfers = list[Transfer]
_JournalEntrys = list[JournalEntry]
_Purchases = list[Purchase]


class Qbo(Model):
    """The `qbo` section. A list that is absent (None) differs from one that is empty."""

    CompanyInfo: dict[str, Any] | None = None
    Preferences: dict[str, Any] | None = None
    Account: _Accounts | None = None
    Class: _Classs | None = None
    Department: _Departments | None = None
    Customer: _Customers | None = None
    Item: _Items | None = None
    PaymentMethod: _PaymentMethods | None = None
    Invoice: _Invoices | None = None
    Payment: _Payments | None = None
    Deposit: _Deposits | None = None
    Transfer: _Transfers | None = None
    JournalEntry: _JournalEntrys | None = None
    Purchase: _Purchases | None = None

    @property
    def plan(self) -> str | None:
        """`CompanyInfo.NameValue[Name=OfferingSku].Value`, e.g. `QuickBooks Online Plus`."""
        for pair in (self.CompanyInfo or {}).get("NameValue") or []:
            if isinstance(pair, dict) and pair.get("Name") == "OfferingSku":
                value = pair.get("Value")
                return str(value) if value is not None else None
        return None
