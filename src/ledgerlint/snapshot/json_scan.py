"""Find the members and items of a JSON value in its bytes, without decoding what lies inside.

msgspec decodes a JSON object into `{key: Raw}` (or an array into `[Raw]`) at C speed: each Raw
is the exact bytes of a member's value, unparsed. Walking the object's text with those lengths
gives every member's offset in the file, so a caller can descend into one member of a 200 MB
document by skipping the others in constant time per member. The same walk proves there is no
duplicate key: the i-th key found in the text must be the i-th key of the decoded mapping, which
holds each key once (the last value wins in every JSON parser, so a duplicate would silently
change a verdict).

Offsets are byte offsets into the buffer the caller passes (a whole file as `bytes` or a
`memoryview`).
"""

from __future__ import annotations

import json
import mmap
import re
from typing import Any
from typing import NamedTuple

import msgspec

_WHITESPACE = re.compile(rb"[ \t\n\r]*")
_SEPARATOR = re.compile(rb"[ \t\n\r]*,?[ \t\n\r]*")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])

Buffer = bytes | memoryview | mmap.mmap


class DuplicateKeyError(ValueError):
    """A JSON object names the same key twice."""

    def __init__(self, key: str, offset: int) -> None:
        super().__init__(f'duplicate key "{key}" (the last one would silently win)')
        self.key = key
        self.offset = offset


class Member(NamedTuple):
    key: str
    key_offset: int
    """Where the key's opening quote is."""
    start: int
    """Where the value starts."""
    end: int
    """Just after the value."""


class Item(NamedTuple):
    start: int
    end: int


def skip_whitespace(buffer: Buffer, index: int) -> int:
    return _WHITESPACE.match(buffer, index).end()  # type: ignore[union-attr]


def object_members(buffer: Buffer, start: int, end: int) -> list[Member]:
    """The members of the JSON object at `buffer[start:end]`, in text order.

    Raises `msgspec.DecodeError` (a malformed or non-object value, with offsets relative to
    `start`) and `DuplicateKeyError`.
    """
    view = memoryview(buffer)
    decoded = _OBJECT.decode(view[start:end])
    index = skip_whitespace(view, start) + 1  # past '{'
    members: list[Member] = []
    for key, raw in decoded.items():
        index = skip_whitespace(view, index)
        match = _STRING.match(view, index)
        if match is None or _key_text(match.group()) != key:
            raise _duplicate(view, start, end)
        colon = skip_whitespace(view, match.end())
        if view[colon : colon + 1] != b":":
            raise _duplicate(view, start, end)
        value_start = skip_whitespace(view, colon + 1)
        value_end = value_start + memoryview(raw).nbytes
        members.append(Member(key, index, value_start, value_end))
        index = skip_whitespace(view, value_end)
        if view[index : index + 1] == b",":
            index += 1
    index = skip_whitespace(view, index)
    if view[index : index + 1] != b"}" or skip_whitespace(view, index + 1) < end:
        raise _duplicate(view, start, end)
    return members


def array_items(buffer: Buffer, start: int, end: int) -> list[Item]:
    """The items of the JSON array at `buffer[start:end]`, in order (offsets, not values)."""
    view = memoryview(buffer)
    lengths = [memoryview(raw).nbytes for raw in _ARRAY.decode(view[start:end])]
    index = skip_whitespace(view, skip_whitespace(view, start) + 1)  # past '['
    items: list[Item] = []
    separator = _SEPARATOR.match
    for length in lengths:
        items.append(Item(index, index + length))
        index = separator(view, index + length).end()  # type: ignore[union-attr]
    return items


class Scanner:
    """`object_members` and `array_items` of one buffer, each container scanned once.

    Decoding, plain data for YAML rules and placing findings all descend through the same few
    containers (the document, `qbo`, a large entity list); scanning a 60 MB list again for each
    of them would cost more than decoding it."""

    def __init__(self, buffer: bytes | mmap.mmap) -> None:
        self.buffer = buffer
        self._members: dict[tuple[int, int], list[Member]] = {}
        self._items: dict[tuple[int, int], list[Item]] = {}

    def members(self, start: int, end: int) -> list[Member]:
        key = (start, end)
        if key not in self._members:
            self._members[key] = object_members(self.buffer, start, end)
            _release(self.buffer, start, end)
        return self._members[key]

    def items(self, start: int, end: int) -> list[Item]:
        key = (start, end)
        if key not in self._items:
            self._items[key] = array_items(self.buffer, start, end)
            _release(self.buffer, start, end)
        return self._items[key]

    def kind(self, start: int) -> str:
        return value_kind(self.buffer, start)


def _release(buffer: Buffer, start: int, end: int) -> None:
    from ledgerlint.snapshot.loader import release

    if isinstance(buffer, mmap.mmap):
        release(buffer, start, end)


def value_kind(buffer: Buffer, start: int) -> str:
    """`object`, `array` or `scalar`, from the first byte of the value at `start`."""
    first = bytes(memoryview(buffer)[start : start + 1])
    return {b"{": "object", b"[": "array"}.get(first, "scalar")


def has_duplicate_keys(buffer: bytes) -> bool:
    """Whether any object in a JSON document repeats a key (the C scanner of the standard
    library, about 60 MB/s: for hand-editable documents; `check_no_duplicates` locates it)."""

    def hook(pairs: list[tuple[str, Any]]) -> None:
        if len(pairs) > 1 and len({key for key, _ in pairs}) != len(pairs):
            raise _Repeated
        return None

    try:
        json.loads(buffer, object_pairs_hook=hook, parse_float=_ignore, parse_int=_ignore)
    except _Repeated:
        return True
    return False


class _Repeated(Exception):
    pass


def _ignore(_: str) -> None:
    return None


def check_no_duplicates(buffer: Buffer, start: int, end: int) -> None:
    """Raise `DuplicateKeyError` if any object inside `buffer[start:end]` repeats a key.

    Walks every object and array: meant for configuration-sized values (the hand-written
    sections), not for megabytes of API entities.
    """
    stack = [(start, end)]
    while stack:
        begin, finish = stack.pop()
        kind = value_kind(buffer, begin)
        if kind == "object":
            stack.extend((m.start, m.end) for m in object_members(buffer, begin, finish))
        elif kind == "array":
            stack.extend((i.start, i.end) for i in array_items(buffer, begin, finish))


def _key_text(token: bytes) -> str:
    if b"\\" not in token:
        return token[1:-1].decode("utf-8")
    return str(json.loads(token))


def _duplicate(view: memoryview, start: int, end: int) -> DuplicateKeyError:
    """The first repeated key of the object at view[start:end] (the slow, exact way: this only
    runs when the fast walk has already seen that the keys do not line up)."""
    text = bytes(view[start:end]).decode("utf-8")
    decoder = json.JSONDecoder()
    seen: set[str] = set()
    index = _skip_text(text, text.index("{") + 1)
    while text[index] != "}":
        key, after = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
        if key in seen:
            offset = start + len(text[:index].encode("utf-8"))
            return DuplicateKeyError(key, offset)
        seen.add(key)
        index = _skip_text(text, _skip_text(text, after) + 1)
        _, index = decoder.raw_decode(text, index)
        index = _skip_text(text, index)
        if text[index] == ",":
            index = _skip_text(text, index + 1)
    raise AssertionError("object keys did not line up, yet no key repeats")  # a bug, not input


def _skip_text(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\n\r":
        index += 1
    return index
