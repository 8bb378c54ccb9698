"""Which parts of a snapshot a YAML rule reads, from its JSONPath selectors and its gate schema.

A part is a tuple of keys from the top: `("clio_bill_syncing",)` for a whole section, or
`("qbo", "Class")` for one entity list of an API section (the only sections large enough to be
worth splitting). None means the whole document: a selector that starts with a wildcard or a
recursive descent, or a gate that ranges over every key, reads everything, and gets it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

Sections = set[tuple[str, ...]] | None

SPLIT_SECTIONS = ("qbo", "clio")
_NAME = re.compile(r"""\.([A-Za-z_][\w-]*)|\[\s*(?:'([^']*)'|"([^"]*)")\s*\]""")
_ROOT = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\$""")
_ALL_KEYS = (
    "additionalProperties",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "minProperties",
    "maxProperties",
    "$ref",
    "$dynamicRef",
    "enum",
    "const",
)
_APPLICATORS = ("allOf", "anyOf", "oneOf")
_CONDITIONALS = ("not", "if", "then", "else")


def jsonpath_sections(expression: str) -> Sections:
    """The parts an RFC 9535 JSONPath expression reads, from every root `$` in it (filters may
    name other parts of the document)."""
    found: set[tuple[str, ...]] = set()
    for token in _ROOT.finditer(expression):
        if token.group() != "$":
            continue  # a string literal
        names: list[str] = []
        index = token.end()
        while len(names) < 2:
            match = _NAME.match(expression, index)
            if match is None:
                break
            names.append(next(g for g in match.groups() if g is not None))
            index = match.end()
        if not names:
            return None
        if names[0] in SPLIT_SECTIONS and len(names) == 2:
            found.add((names[0], names[1]))
        else:
            found.add((names[0],))
    return found


def schema_sections(schema: Any) -> Sections:
    """The parts a JSON Schema applied to the whole document reads."""
    top = _named_keys(schema)
    if top is None:
        return None
    found: set[tuple[str, ...]] = set()
    for key, subschemas in top.items():
        if key not in SPLIT_SECTIONS:
            found.add((key,))
            continue
        inner: dict[str, list[Any]] | None = {}
        for subschema in subschemas:
            named = _named_keys(subschema)
            if named is None or inner is None:
                inner = None
                continue
            for name, more in named.items():
                inner.setdefault(name, []).extend(more)
        if inner is None or not inner:
            found.add((key,))
        else:
            found |= {(key, name) for name in inner}
    return found


def _named_keys(schema: Any) -> dict[str, list[Any]] | None:
    """The member names a schema reads at the level it applies to, with the subschemas applied
    to each; None when it reads every member (or is not an object schema we can follow)."""
    if isinstance(schema, bool):
        return {}
    if not isinstance(schema, dict):
        return None
    if any(keyword in schema for keyword in _ALL_KEYS):
        return None
    named: dict[str, list[Any]] = {}
    for name, subschema in (schema.get("properties") or {}).items():
        named.setdefault(name, []).append(subschema)
    for name in schema.get("required") or []:
        named.setdefault(name, [])
    for name, needed in (schema.get("dependentRequired") or {}).items():
        for other in [name, *needed]:
            named.setdefault(other, [])
    for name, subschema in (schema.get("dependentSchemas") or {}).items():
        named.setdefault(name, [])
        if not _merge(named, _named_keys(subschema)):
            return None
    nested = [s for key in _APPLICATORS for s in schema.get(key) or []]
    nested += [schema[key] for key in _CONDITIONALS if key in schema]
    for subschema in nested:
        if not _merge(named, _named_keys(subschema)):
            return None
    return named


def _merge(into: dict[str, list[Any]], more: dict[str, list[Any]] | None) -> bool:
    if more is None:
        return False
    for name, subschemas in more.items():
        into.setdefault(name, []).extend(subschemas)
    return True


def merge_sections(parts: Iterable[Sections]) -> Sections:
    """The union of several parts' sets (None wins: everything)."""
    merged: set[tuple[str, ...]] = set()
    for part in parts:
        if part is None:
            return None
        merged |= part
    # A whole section covers its lists.
    wholes = {p[0] for p in merged if len(p) == 1}
    return {p for p in merged if len(p) == 1 or p[0] not in wholes}
