"""The base of every snapshot model: API fields kept by name, unknown fields ignored."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from typing import Any

from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict


def _no_float(value: Any) -> Any:
    # Loaders never produce floats; one arriving here came from Python code and would carry
    # binary rounding into the books, so refuse it rather than guess.
    if isinstance(value, float):
        raise ValueError("money must be a decimal string or an exact number, not a float")
    return value


Money = Annotated[Decimal, BeforeValidator(_no_float)]
"""An exact amount: JSON numbers and decimal strings both read as `Decimal`."""


class Model(BaseModel):
    """A snapshot object. Unknown API fields are accepted and ignored (the raw document keeps
    them); the fields named here are those the rules read, spelled exactly as the API does."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=False)


class Entity(Model):
    """An item of an API list: knows its JSON pointer and a stable key for fingerprints."""

    # The pointer is kept in the instance dict, not as a pydantic private attribute: those cost
    # a setup call per instance and a slow lookup per read, 2 s over a 100k-transaction snapshot.
    @property
    def pointer(self) -> str:
        """Where this entity sits in the snapshot (RFC 6901 JSON pointer)."""
        return self.__dict__.get("_pointer", "")  # type: ignore[no-any-return]

    @property
    def key(self) -> str:
        """A stable identity for fingerprints: kind and API id, never a position."""
        raise NotImplementedError
