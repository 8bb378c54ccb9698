"""The whole snapshot, format 1: the header and the optional sections."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from typing import Literal

from pydantic import Field

from ledgerlint.models.base import Entity
from ledgerlint.models.base import Model
from ledgerlint.models.clio import Clio
from ledgerlint.models.qbo import Qbo
from ledgerlint.models.settings import Bank
from ledgerlint.models.settings import BillSyncing
from ledgerlint.models.settings import Firm

FORMAT_VERSION = 1


class Snapshot(Model):
    """A point-in-time picture of one firm's Clio account, sync settings, QBO file and bank."""

    ledgerlint_snapshot: Literal[1]
    captured_at: datetime
    firm: Firm | None = None
    qbo: Qbo | None = None
    clio: Clio | None = None
    clio_bill_syncing: BillSyncing | None = None
    bank: Bank | None = None
    sources: dict[str, str] | None = Field(
        default=None, description="What `pull` fetched: {qbo|clio: pulled|not_pulled}."
    )

    @classmethod
    def from_data(cls, data: Any) -> Snapshot:
        """Validate plain data and give every API entity its JSON pointer."""
        snapshot = cls.model_validate(data)
        snapshot._assign_pointers()
        return snapshot

    def _assign_pointers(self) -> None:
        for section_name in ("qbo", "clio"):
            section = getattr(self, section_name)
            if section is None:
                continue
            for list_name in type(section).model_fields:
                items = getattr(section, list_name)
                if not isinstance(items, list):
                    continue
                prefix = f"/{section_name}/{list_name}/"
                for index, item in enumerate(items):
                    if isinstance(item, Entity):
                        item.__dict__["_pointer"] = f"{prefix}{index}"
