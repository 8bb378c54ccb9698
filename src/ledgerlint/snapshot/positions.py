"""Resolve JSON pointers (RFC 6901) to 1-based line/column positions in the source text.

Only the pointers a report shows are resolved, in one pass. For JSON, the walk descends only
into the members and items on the way to a wanted pointer and skips every other value with the
C scanner of the standard library's `json` module, so the cost is at most one C-speed scan of
the file, paid only when there are findings to place. For YAML (hand-written, configuration
sized) the document is composed into nodes, which carry their marks.

A member's position is that of its key (the line a reader looks for); an array item's is the
start of the item. A pointer that is absent resolves to its nearest present ancestor.
"""

from __future__ import annotations

import json
import re
from typing import Any

Position = tuple[int, int]
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def split_pointer(pointer: str) -> list[str]:
    """The unescaped reference tokens of a JSON pointer ('' is the whole document)."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


class _Trie:
    __slots__ = ("children", "pointers")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.pointers: list[str] = []


def _build_trie(pointers: list[str]) -> _Trie:
    root = _Trie()
    for pointer in pointers:
        node = root
        for token in split_pointer(pointer):
            node = node.children.setdefault(token, _Trie())
        node.pointers.append(pointer)
    return root


def resolve_positions(raw: bytes, fmt: str, pointers: list[str]) -> dict[str, Position]:
    """Positions for `pointers` in a document of format `fmt` ('json' or 'yaml')."""
    text = raw.decode("utf-8", errors="replace")
    if fmt == "json":
        offsets = _JsonWalker(text).resolve(pointers)
        return _offsets_to_positions(text, offsets)
    return _resolve_yaml(text, pointers)


def _offsets_to_positions(text: str, offsets: dict[str, int]) -> dict[str, Position]:
    result: dict[str, Position] = {}
    line, line_start, cursor = 1, 0, 0
    for pointer, offset in sorted(offsets.items(), key=lambda item: item[1]):
        newlines = text.count("\n", cursor, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", cursor, offset) + 1
        cursor = offset
        result[pointer] = (line, offset - line_start + 1)
    return result


class _JsonWalker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.scan_value = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[attr-defined]
        self.offsets: dict[str, int] = {}

    def resolve(self, pointers: list[str]) -> dict[str, int]:
        trie = _build_trie(pointers)
        start = self._skip_ws(0)
        self._record(trie, start)
        if start < len(self.text):
            self._walk(start, trie)
        return self.offsets

    def _record(self, node: _Trie, offset: int) -> None:
        # Everything below takes this place until (unless) the walk finds it deeper.
        stack = [node]
        while stack:
            current = stack.pop()
            for pointer in current.pointers:
                self.offsets[pointer] = offset
            stack.extend(current.children.values())

    def _skip_ws(self, index: int) -> int:
        return _WHITESPACE.match(self.text, index).end()  # type: ignore[union-attr]

    def _skip_value(self, index: int) -> int:
        return int(self.scan_value(self.text, index)[1])

    def _walk(self, index: int, node: _Trie) -> int:
        """Walk the value at `index` (no leading whitespace); return the index after it."""
        if not node.children:
            return self._skip_value(index)
        char = self.text[index]
        if char == "{":
            return self._walk_object(index, node)
        if char == "[":
            return self._walk_array(index, node)
        return self._skip_value(index)

    def _walk_object(self, index: int, node: _Trie) -> int:
        text = self.text
        index = self._skip_ws(index + 1)
        if text[index] == "}":
            return index + 1
        while True:
            key_start = index
            key, index = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
            index = self._skip_ws(self._skip_ws(index) + 1)  # past ':'
            child = node.children.get(key)
            if child is None:
                index = self._skip_value(index)
            else:
                self._record(child, key_start)
                index = self._walk(index, child)
            index = self._skip_ws(index)
            if text[index] == "}":
                return index + 1
            index = self._skip_ws(index + 1)  # past ','

    def _walk_array(self, index: int, node: _Trie) -> int:
        text = self.text
        index = self._skip_ws(index + 1)
        if text[index] == "]":
            return index + 1
        position = 0
        while True:
            child = node.children.get(str(position))
            if child is None:
                index = self._skip_value(index)
            else:
                self._record(child, index)
                index = self._walk(index, child)
            position += 1
            index = self._skip_ws(index)
            if text[index] == "]":
                return index + 1
            index = self._skip_ws(index + 1)


def _resolve_yaml(text: str, pointers: list[str]) -> dict[str, Position]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = yaml.compose(text, Loader=loader)
    result: dict[str, Position] = {}
    for pointer in pointers:
        node: Any = root
        mark = root.start_mark if root is not None else None
        for token in split_pointer(pointer):
            found = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == token:
                        found, mark = value_node, key_node.start_mark
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and token.isdigit()
                and int(token) < len(node.value)
            ):
                found = node.value[int(token)]
                mark = found.start_mark
            if found is None:
                break
            node = found
        result[pointer] = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return result
