"""Turn a JSON Patch into text edits of the snapshot file, where that is simple and certain.

Handled: `replace` (or `add` over an existing member) of a scalar that sits on one line after
its key, in JSON or YAML. Anything else yields no edit; the JSON Patch still describes the fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ledgerlint.models.findings import TextEdit
from ledgerlint.snapshot.loader import SourceDocument
from ledgerlint.snapshot.positions import split_pointer

_YAML_SCALAR = re.compile(r"""\s*('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^#\n]*?)\s*(?:#.*)?$""")


def text_edits(
    document: SourceDocument, patch: tuple[Mapping[str, Any], ...]
) -> tuple[TextEdit, ...]:
    edits = []
    for operation in patch:
        edit = _edit_for(document, operation)
        if edit is None:
            return ()
        edits.append(edit)
    return tuple(edits)


def _edit_for(document: SourceDocument, operation: Mapping[str, Any]) -> TextEdit | None:
    if operation.get("op") not in ("replace", "add"):
        return None
    value = operation.get("value")
    if isinstance(value, (dict, list)):
        return None
    pointer = operation.get("path", "")
    tokens = split_pointer(pointer)
    parent: Any = document.plain([tuple(tokens[:2])]) if tokens else None
    for token in tokens[:-1]:
        parent = parent.get(token) if isinstance(parent, dict) else None
    if not tokens or not isinstance(parent, dict) or tokens[-1] not in parent:
        return None
    if isinstance(parent[tokens[-1]], (dict, list)):
        return None
    line, column = document.positions([pointer])[pointer]
    text = document.line_text(line)
    colon = _after_key(text, column - 1, document.format)
    if colon is None:
        return None
    if document.format == "json":
        rest = text[colon:]
        stripped = rest.lstrip()
        start = colon + len(rest) - len(stripped)
        try:
            _, length = json.JSONDecoder().raw_decode(stripped)
        except ValueError:
            return None
        return TextEdit(line, start + 1, start + length + 1, json.dumps(_plain(value)))
    match = _YAML_SCALAR.match(text, colon)
    if match is None or not match.group(1):
        return None
    import yaml

    rendered = yaml.safe_dump(_plain(value), default_flow_style=True).strip()
    rendered = rendered.removesuffix("\n...").removesuffix("...").strip()
    return TextEdit(line, match.start(1) + 1, match.end(1) + 1, rendered)


def _after_key(text: str, key_start: int, fmt: str) -> int | None:
    """The index just after the `:` that follows the key starting at `key_start`."""
    if fmt == "json":
        try:
            _, end = json.decoder.scanstring(text, key_start + 1)  # type: ignore[attr-defined]
        except (ValueError, IndexError):
            return None
        colon = text.find(":", end)
    else:
        colon = text.find(":", key_start)
    return colon + 1 if colon >= 0 else None


def _plain(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value
