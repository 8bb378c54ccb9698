"""Typos are errors, not silence: which keys a snapshot may hold, and the nearest known one.

Everything a person types (the header, `firm`, `clio_bill_syncing`, `bank`, `sources`) is
checked key by key against the models, at any depth; keys starting `x-` are a person's own
notes, kept and ignored everywhere. Under `qbo` and `clio` the entity lists are checked by
name: the ones ledgerlint models, and every other entity QuickBooks Online Accounting API v3 or
resource Clio Manage API v4 has (accepted and ignored). Inside API entities any field is
accepted: the APIs add fields, and a snapshot keeps what they send.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import msgspec
from msgspec import inspect

EXTENSION_PREFIX = "x-"

# QuickBooks Online Accounting API v3 entity names (API reference, "Entities"), and the two
# singletons the snapshot also holds. Spelled as the API spells them in QueryResponse.
QBO_API_ENTITIES = frozenset(
    {
        "Account", "Attachable", "Bill", "BillPayment", "Budget", "Class", "CompanyCurrency",
        "CompanyInfo", "CreditCardPayment", "CreditMemo", "Currency", "Customer",
        "CustomerType", "Department", "Deposit", "Employee", "Entitlements", "Estimate",
        "ExchangeRate", "Exchangerate", "InventoryAdjustment", "Invoice", "Item",
        "JournalCode", "JournalEntry", "Payment", "PaymentMethod", "Preferences", "Purchase",
        "PurchaseOrder", "RecurringTransaction", "RefundReceipt", "ReimburseCharge",
        "SalesReceipt", "TaxAgency", "TaxClassification", "TaxCode", "TaxPayment", "TaxRate",
        "TaxService", "Term", "TimeActivity", "Transfer", "Vendor", "VendorCredit",
    }
)  # fmt: skip

# Clio Manage API v4 resources (API reference, "Resources"), as `/api/v4/<resource>.json`.
CLIO_API_RESOURCES = frozenset(
    {
        "activities", "activity_descriptions", "activity_rates", "allocations",
        "bank_accounts", "bank_transactions", "bank_transfers", "bill_themes",
        "billable_clients", "billable_matters", "bills", "calendar_entries",
        "calendar_entry_event_types", "calendars", "clio_payments_links",
        "clio_payments_payments", "comments", "communications", "contacts",
        "conversation_messages", "conversations", "credit_memos", "currencies",
        "custom_actions", "custom_field_sets", "custom_fields", "damages", "document_archives",
        "document_automations", "document_categories", "document_templates", "documents",
        "expense_categories", "folders", "grant_funding_sources", "grants", "groups",
        "interest_charges", "jurisdictions", "jurisdictions_to_triggers", "line_items",
        "log_entries", "matter_contacts", "matter_dockets", "matter_stages", "matters",
        "medical_bills", "medical_records", "medical_records_details", "my_events", "notes",
        "outstanding_client_balances", "payment_profiles", "phone_communications",
        "practice_areas", "relationships", "reminders", "report_presets", "reports",
        "services", "task_template_lists", "task_templates", "task_types", "tasks",
        "text_snippets", "timers", "trust_line_items", "trust_requests", "users", "webhooks",
    }
)  # fmt: skip


@dataclass(frozen=True)
class UnknownKey:
    """A key the format does not know, where it is, and the nearest key it does know."""

    pointer: str
    """The pointer of the key's member (its position is the key's)."""
    key: str
    suggestion: str | None

    def message(self) -> str:
        hint = f' (did you mean "{self.suggestion}"?)' if self.suggestion else ""
        return f'unknown key "{self.key}"{hint}'


def nearest(key: str, known: Iterable[str]) -> str | None:
    """The known key a typo most likely meant, if any is close enough."""
    candidates = sorted(known)
    folded = {c.casefold(): c for c in candidates}
    if key.casefold() in folded:
        return folded[key.casefold()]
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    if close:
        return close[0]
    prefixed = [c for c in candidates if c.startswith(key) or key.startswith(c)]
    return prefixed[0] if len(prefixed) == 1 else None


def is_extension(key: str) -> bool:
    return key.startswith(EXTENSION_PREFIX)


def unknown_keys(data: Any, model: Any, pointer: str = "") -> Iterator[UnknownKey]:
    """Every key in plain `data` (a hand-written section) that the `model` type does not name,
    at any depth, in document order."""
    yield from _walk(data, inspect.type_info(model), pointer)


def _walk(data: Any, info: Any, pointer: str) -> Iterator[UnknownKey]:
    if isinstance(info, inspect.UnionType):
        # Optional[X] and the like: check against the one member that fits the data's shape.
        for member in info.types:
            if _fits(data, member):
                yield from _walk(data, member, pointer)
                return
        return
    if isinstance(info, inspect.StructType) and isinstance(data, dict):
        fields = {f.encode_name: f for f in info.fields if not f.encode_name.startswith("@")}
        for key, value in data.items():
            child = f"{pointer}/{_escape(str(key))}"
            if isinstance(key, str) and is_extension(key):
                continue
            field = fields.get(key) if isinstance(key, str) else None
            if field is None:
                yield UnknownKey(child, str(key), nearest(str(key), fields))
                continue
            yield from _walk(value, field.type, child)
    elif isinstance(info, inspect.ListType) and isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, info.item_type, f"{pointer}/{index}")
    elif isinstance(info, inspect.DictType) and isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, info.value_type, f"{pointer}/{_escape(str(key))}")


def _fits(data: Any, info: Any) -> bool:
    if isinstance(info, (inspect.StructType, inspect.DictType)):
        return isinstance(data, dict)
    if isinstance(info, inspect.ListType):
        return isinstance(data, list)
    return False


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def api_entity_names(section: str) -> frozenset[str]:
    """The entity (QuickBooks) or resource (Clio) names an API section may hold."""
    return QBO_API_ENTITIES if section == "qbo" else CLIO_API_RESOURCES


def struct_keys(model: type[msgspec.Struct]) -> list[str]:
    """The wire names of a model's fields."""
    return [f.encode_name for f in inspect.type_info(model).fields]  # type: ignore[attr-defined]
