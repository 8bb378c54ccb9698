"""A jurisdiction's trust-accounting rules, as the shipped data table records them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ledgerlint.models.base import Model

Cadence = Literal["monthly", "quarterly"]


class Jurisdiction(Model):
    code: str
    name: str
    client_ledger_in_books: bool
    retention_years: int = Field(ge=1)
    reconcile: Cadence
    trust_account_title: list[str] = Field(min_length=1)
    """Account names must contain one of these (case-insensitive)."""
    title_rule: str
    """The title rule in words, for messages."""
    sources: list[str] = Field(default_factory=list)
    unverified: list[str] = Field(default_factory=list)
    """Which values counsel has not yet confirmed against the published rule."""
