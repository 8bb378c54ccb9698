"""The base of every snapshot model: msgspec Structs, API fields kept by name.

A snapshot is decoded straight from its bytes into these Structs (`ledgerlint.snapshot.decode`):
no second copy of the data as dicts is ever built. Unknown fields inside API entities are
skipped (the file keeps them); every amount is a `Decimal`, read from the JSON number or string
digits as they are, never through float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import msgspec

Money = Decimal
"""An exact amount: JSON numbers and decimal strings both read as `Decimal`."""

INDEX_FIELD = "@ledgerlint:index"
"""The wire name of `Entity.list_index`: no API sends it; the decoder sets it."""


class Model(msgspec.Struct, kw_only=True, gc=False):
    """A snapshot object. The fields named are those the rules read, spelled as the API does.

    `gc=False`: snapshot objects hold no reference cycles, so the garbage collector need not
    track (and rescan) the million objects of a large snapshot.
    """


class Entity(Model, kw_only=True):
    """An item of an API list: knows where it sits and a stable key for fingerprints."""

    section: ClassVar[str] = ""
    """`qbo` or `clio`."""
    list_name: ClassVar[str] = ""
    """The entity list it belongs to: `Invoice`, `bank_accounts`…"""

    list_index: int = msgspec.field(default=-1, name=INDEX_FIELD)
    """Its position in that list, set by the decoder."""

    @property
    def pointer(self) -> str:
        """Where this entity sits in the snapshot (RFC 6901 JSON pointer)."""
        return f"/{self.section}/{self.list_name}/{self.list_index}"

    @property
    def key(self) -> str:
        """A stable identity for fingerprints: kind and API id, never a position."""
        raise NotImplementedError
