"""A jurisdiction's trust-accounting rules, as the shipped data table records them."""

from __future__ import annotations

from typing import Annotated
from typing import Literal

import msgspec

Cadence = Literal["monthly", "quarterly"]


class Jurisdiction(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    code: str
    name: str
    client_ledger_in_books: bool
    retention_years: Annotated[int, msgspec.Meta(ge=1)]
    reconcile: Cadence
    trust_account_title: Annotated[list[str], msgspec.Meta(min_length=1)]
    """Account names must contain one of these (case-insensitive)."""
    title_rule: str
    """The title rule in words, for messages."""
    sources: list[str] = msgspec.field(default_factory=list)
    unverified: list[str] = msgspec.field(default_factory=list)
    """Which values counsel has not yet confirmed against the published rule."""

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return cls.__struct_fields__
