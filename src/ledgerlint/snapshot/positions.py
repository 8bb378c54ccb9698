"""Resolve JSON pointers (RFC 6901) to 1-based line/column positions in the source text.

Only the pointers a report shows are resolved, in one pass. For JSON, the walk descends only
into the members and items on the way to a wanted pointer, finding their offsets with
`json_scan` (msgspec splits a container into raw, undecoded values at C speed), so placing a
finding 190 MB into a file costs a few container scans, not a parse. For YAML (hand-written,
configuration sized) the document is composed into nodes, which carry their marks.

A member's position is that of its key (the line a reader looks for); an array item's is the
start of the item. A pointer that is absent resolves to its nearest present ancestor.
"""

from __future__ import annotations

from typing import Any

Position = tuple[int, int]


def split_pointer(pointer: str) -> list[str]:
    """The unescaped reference tokens of a JSON pointer ('' is the whole document)."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def join_pointer(tokens: list[str | int]) -> str:
    """The JSON pointer of these reference tokens."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


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


def resolve_positions(
    raw: Any,
    fmt: str,
    pointers: list[str],
    scanner: Any = None,
    line_starts: dict[int, int] | None = None,
) -> dict[str, Position]:
    """Positions for `pointers` in a document of format `fmt` ('json' or 'yaml'); a JSON
    document's `json_scan.Scanner` reuses the containers already scanned, and the start offset
    of each line a JSON position falls on is added to `line_starts`."""
    if fmt == "json":
        from ledgerlint.snapshot.json_scan import Scanner

        offsets = _json_offsets(scanner or Scanner(raw), pointers)
        return offsets_to_positions(raw, offsets, line_starts)
    return _resolve_yaml(bytes(raw).decode("utf-8", errors="replace"), pointers)


def offsets_to_positions(
    raw: Any, offsets: dict[str, int], line_starts: dict[int, int] | None = None
) -> dict[str, Position]:
    """1-based (line, column) of byte offsets in `raw` (bytes or a mapped file); columns count
    characters, not bytes. The start offset of each line met is added to `line_starts`."""
    from ledgerlint.snapshot.loader import count_newlines
    from ledgerlint.snapshot.loader import release

    result: dict[str, Position] = {}
    line, line_start, cursor = 1, 0, 0
    for name, offset in sorted(offsets.items(), key=lambda item: item[1]):
        newlines = count_newlines(raw, cursor, offset)
        if newlines:
            line += newlines
            line_start = raw.rfind(b"\n", cursor, offset) + 1
        cursor = offset
        column = len(bytes(raw[line_start:offset]).decode("utf-8", errors="replace")) + 1
        result[name] = (line, column)
        if line_starts is not None:
            line_starts[line] = line_start
    release(raw, 0, cursor)  # counting the lines read every page up to the last offset
    return result


def _json_offsets(scanner: Any, pointers: list[str]) -> dict[str, int]:
    from ledgerlint.snapshot.json_scan import skip_whitespace

    raw = scanner.buffer
    offsets: dict[str, int] = {}

    def record(node: _Trie, offset: int) -> None:
        # Everything below takes this place until (unless) the walk finds it deeper.
        stack = [node]
        while stack:
            current = stack.pop()
            for pointer in current.pointers:
                offsets[pointer] = offset
            stack.extend(current.children.values())

    root = _build_trie(pointers)
    start = skip_whitespace(raw, 0)
    record(root, start)
    pending = [(root, start, len(raw))]
    while pending:
        node, begin, end = pending.pop()
        if not node.children:
            continue
        kind = scanner.kind(begin)
        if kind == "object":
            for member in scanner.members(begin, end):
                child = node.children.get(member.key)
                if child is not None:
                    record(child, member.key_offset)
                    pending.append((child, member.start, member.end))
        elif kind == "array":
            items = scanner.items(begin, end)
            for token, child in node.children.items():
                if token.isdigit() and int(token) < len(items):
                    item = items[int(token)]
                    record(child, item.start)
                    pending.append((child, item.start, item.end))
    return offsets


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
