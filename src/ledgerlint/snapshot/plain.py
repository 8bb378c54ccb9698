"""Plain data (dicts, lists, `Decimal` numbers) for the parts of a JSON snapshot that are asked for.

YAML rules select with JSONPath and check with JSON Schema, so they need plain data; but most
select a settings block (`clio_bill_syncing`, `qbo.Preferences`), and building the plain tree of
a 200 MB file's transactions for them would double the memory. `partial_document` returns a
document that holds, under the top-level keys, only the paths asked for: a top-level section
whole (`("firm",)`), or an API section with only some of its lists (`("qbo", "Class")`). Every
top-level key and every key of a partly wanted section is decoded from the file's bytes the
first time it is wanted, and kept for the next rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import msgspec

from ledgerlint.snapshot.json_scan import Buffer
from ledgerlint.snapshot.json_scan import Scanner

_PLAIN = msgspec.json.Decoder(float_hook=Decimal)
_WHOLE: tuple[str, ...] = ()


def decode_plain(raw: Buffer, start: int, end: int) -> Any:
    """The plain value of `raw[start:end]`, every JSON number with a fraction as Decimal."""
    return _PLAIN.decode(memoryview(raw)[start:end])


def partial_document(
    scanner: Scanner, paths: Iterable[tuple[str, ...]] | None, cache: dict[tuple[str, ...], Any]
) -> Any:
    """The document with only `paths` (None: everything) decoded; `cache` keeps what was built."""
    raw = scanner.buffer
    if paths is None:
        if _WHOLE not in cache:
            cache[_WHOLE] = decode_plain(raw, 0, len(raw))
        return cache[_WHOLE]
    if _WHOLE in cache:
        return cache[_WHOLE]
    members = {m.key: m for m in scanner.members(0, len(raw))}
    document: dict[str, Any] = {}
    wanted: dict[str, set[str] | None] = {}
    for path in paths:
        if not path or path[0] not in members:
            continue
        top, rest = path[0], path[1:]
        if not rest:
            wanted[top] = None
        elif wanted.get(top, set()) is not None:
            wanted.setdefault(top, set()).add(rest[0])  # type: ignore[union-attr]
    for key, member in members.items():
        if key not in wanted:
            continue
        names = wanted[key]
        if names is None or scanner.kind(member.start) != "object":
            if (key,) not in cache:
                cache[(key,)] = decode_plain(raw, member.start, member.end)
            document[key] = cache[(key,)]
            continue
        section: dict[str, Any] = {}
        for inner in scanner.members(member.start, member.end):
            if inner.key in names:
                if (key, inner.key) not in cache:
                    cache[(key, inner.key)] = decode_plain(raw, inner.start, inner.end)
                section[inner.key] = cache[(key, inner.key)]
        document[key] = section
    # Keys nobody asked for stay out: a rule only ever sees the parts its selectors name.
    return document
