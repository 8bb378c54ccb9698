"""The whole snapshot, format 1: the header and the optional sections."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ledgerlint.models.base import Model
from ledgerlint.models.clio import Clio
from ledgerlint.models.qbo import Qbo
from ledgerlint.models.settings import Bank
from ledgerlint.models.settings import BillSyncing
from ledgerlint.models.settings import Firm
from ledgerlint.models.settings import Sources

FORMAT_VERSION = 1


class Snapshot(Model, kw_only=True):
    """A point-in-time picture of one firm's Clio account, sync settings, QBO file and bank."""

    ledgerlint_snapshot: Literal[1]
    captured_at: datetime
    firm: Firm | None = None
    qbo: Qbo | None = None
    clio: Clio | None = None
    clio_bill_syncing: BillSyncing | None = None
    bank: Bank | None = None
    sources: Sources | None = None


HAND_WRITTEN_SECTIONS = ("firm", "clio_bill_syncing", "bank", "sources")
"""Sections a person types (or `pull` writes for them): every key in them must be known."""
API_SECTIONS = ("qbo", "clio")
"""Sections holding API entities as the APIs return them."""
