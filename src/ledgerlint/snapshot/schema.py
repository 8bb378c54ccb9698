"""The JSON Schema of the snapshot format, generated from the models (`ledgerlint schema`).

It says what the decoder accepts: amounts as JSON numbers or decimal strings; hand-written
objects closed to unknown keys except `x-` ones; `qbo` and `clio` open only to the entity and
resource names the two APIs have; API entities open to any field the API adds.
"""

from __future__ import annotations

from typing import Any

import msgspec

from ledgerlint.models.base import INDEX_FIELD
from ledgerlint.models.settings import Bank
from ledgerlint.models.settings import BillSyncing
from ledgerlint.models.settings import Firm
from ledgerlint.models.settings import Sources
from ledgerlint.models.snapshot import Snapshot
from ledgerlint.snapshot.known_keys import CLIO_API_RESOURCES
from ledgerlint.snapshot.known_keys import EXTENSION_PREFIX
from ledgerlint.snapshot.known_keys import QBO_API_ENTITIES

SCHEMA_ID = "https://ledgerlint.dev/schema/snapshot-1.json"
_AMOUNT = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"},
    ],
    "description": "An exact amount: a JSON number or a decimal string, read as Decimal.",
}
_EXTENSIONS = {f"^{EXTENSION_PREFIX}": {"description": "A person's own note: kept, ignored."}}


def snapshot_schema() -> dict[str, Any]:
    """The snapshot format's JSON Schema (draft 2020-12)."""
    _, components = msgspec.json.schema_components([Snapshot], ref_template="#/$defs/{name}")
    definitions = {name: _clean(value) for name, value in components.items()}
    closed = {"Snapshot"} | _closed_definitions(definitions)
    for name in closed:
        definitions[name]["additionalProperties"] = False
        definitions[name]["patternProperties"] = dict(_EXTENSIONS)
    for name, api_names in (("Qbo", QBO_API_ENTITIES), ("Clio", CLIO_API_RESOURCES)):
        modelled = set(definitions[name]["properties"])
        definitions[name]["propertyNames"] = {
            "anyOf": [
                {"enum": sorted(modelled | set(api_names))},
                {"pattern": f"^{EXTENSION_PREFIX}"},
            ]
        }
    schema = dict(definitions.pop("Snapshot"))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ledgerlint snapshot, format 1",
        **{k: v for k, v in schema.items() if k != "title"},
        "$defs": dict(sorted(definitions.items())),
    }


def _closed_definitions(definitions: dict[str, Any]) -> set[str]:
    """Every object definition reachable from the hand-written sections."""
    roots = [m.__name__ for m in (Firm, BillSyncing, Bank, Sources)]
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen or name not in definitions:
            continue
        seen.add(name)
        pending += _references(definitions[name])
    return {name for name in seen if definitions[name].get("type") == "object"}


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = []
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.append(ref.rsplit("/", 1)[-1])
        for value in node.values():
            found += _references(value)
        return found
    if isinstance(node, list):
        return [name for item in node for name in _references(item)]
    return []


def _clean(node: Any) -> Any:
    """Amounts as numbers or strings; the decoder's own index field left out."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "decimal":
            return dict(_AMOUNT)
        cleaned = {k: _clean(v) for k, v in node.items()}
        if isinstance(cleaned.get("properties"), dict):
            cleaned["properties"].pop(INDEX_FIELD, None)
        return cleaned
    if isinstance(node, list):
        return [_clean(item) for item in node]
    return node
