"""Edit a snapshot file a person wrote, changing only the text that must change.

    replace_sections(raw, fmt, {"qbo": ..., "sources": ...})   `pull --merge-into`
    apply_patch(raw, fmt, [{"op": "replace", "path": "/firm/name", "value": ...}])   `check --fix`

Why splice text instead of load-and-dump: a dump rewrites every byte (comments, key order,
quoting, flow style, indentation, blank lines), and even ruamel.yaml's round-trip dump
normalises indentation and spacing. Here the file is parsed only to learn where each value sits
(`spans.py`: ruamel.yaml's round-trip composer for YAML, a scanner for JSON); each operation
then replaces, inserts or deletes one range of characters, and the file is read again before the
next one. Every byte outside those ranges is the original byte. New values are rendered as
`pull` renders them (`render.py`: exact decimals, plain timestamps), indented like their
neighbours; in JSON with the file's own indentation unit.

Limits, by design: a replaced collection is rewritten whole (comments inside it go with it: patch
deeper to keep them); a key on the same line as a sequence dash (`- name: x`) keeps its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from typing import Literal

from ledgerlint.errors import InputError
from ledgerlint.errors import PatchError
from ledgerlint.snapshot.render import json_value
from ledgerlint.snapshot.render import yaml_block
from ledgerlint.snapshot.render import yaml_flow
from ledgerlint.snapshot.spans import Item
from ledgerlint.snapshot.spans import JsonSyntaxError
from ledgerlint.snapshot.spans import Node
from ledgerlint.snapshot.spans import json_tree
from ledgerlint.snapshot.spans import yaml_tree

__all__ = ["apply_patch", "replace_sections"]

Format = Literal["json", "yaml"]
_BOM = "\ufeff"


def replace_sections(raw: bytes, fmt: Format, sections: Mapping[str, Any]) -> bytes:
    """Replace (or append) the given top-level keys' values; every other byte stays as it was."""
    ops = [
        {"op": "add", "path": "/" + _escape(key), "value": value} for key, value in sections.items()
    ]
    return _apply(raw, fmt, ops, sections=True)


def apply_patch(raw: bytes, fmt: Format, ops: Sequence[Mapping[str, Any]]) -> bytes:
    """Apply RFC 6902 operations (`add`, `replace`, `remove`, `test`, `move`, `copy`).

    Raises `PatchError` for a path that does not exist, a failed `test`, or a malformed
    operation; `InputError` when `raw` is not a readable document.
    """
    return _apply(raw, fmt, ops, sections=False)


def _apply(raw: bytes, fmt: Format, ops: Sequence[Mapping[str, Any]], *, sections: bool) -> bytes:
    text = _decode(raw)
    bom = _BOM if text.startswith(_BOM) else ""
    text = text[len(bom) :]
    for number, op in enumerate(ops, 1):
        text = _Editor(text, fmt, sections=sections).apply(op, number)
    return (bom + text).encode("utf-8")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 (byte {err.start})") from None


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _tokens(pointer: Any, number: int) -> list[str]:
    if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
        raise PatchError(f"operation {number}: {pointer!r} is not a JSON Pointer")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


class _Editor:
    """One parse of the text, and the single edit one operation makes to it."""

    def __init__(self, text: str, fmt: Format, *, sections: bool = False) -> None:
        self.text = text
        self.fmt = fmt
        # Whole sections written by `pull` are laid out as `pull` writes them (block style),
        # whatever style the hand-made stand-in they replace had.
        self.sections = sections
        try:
            root = json_tree(text) if fmt == "json" else yaml_tree(text)
        except JsonSyntaxError as err:
            raise InputError(f"not valid JSON ({err}) at character {err.index}") from None
        except Exception as err:  # ruamel.yaml's parser errors share no public base class
            raise InputError(f"not valid YAML ({type(err).__name__})") from None
        self.root = root

    # -- operations --

    def apply(self, op: Mapping[str, Any], number: int) -> str:
        kind = op.get("op")
        path = _tokens(op.get("path"), number)
        if kind == "test":
            self._test(path, op, number)
            return self.text
        if kind in ("move", "copy"):
            source = _tokens(op.get("from"), number)
            value = self._locate(source, number).plain()
            if kind == "move":
                if path[: len(source)] == source and path != source:
                    raise PatchError(f"operation {number}: cannot move a value into itself")
                text = self._splice(self._remove(source, number))
                return _Editor(text, self.fmt, sections=self.sections).apply(
                    {"op": "add", "path": op["path"], "value": value}, number
                )
            return self._splice(self._add(path, value, number))
        if kind not in ("add", "replace", "remove"):
            raise PatchError(f"operation {number}: unknown op {kind!r}")
        if kind == "remove":
            return self._splice(self._remove(path, number))
        if "value" not in op:
            raise PatchError(f"operation {number}: `{kind}` needs a value")
        if kind == "replace":
            return self._splice(self._replace_at(path, op["value"], number))
        return self._splice(self._add(path, op["value"], number))

    def _test(self, path: list[str], op: Mapping[str, Any], number: int) -> None:
        actual = self._locate(path, number).plain()
        if not _same(actual, op.get("value")):
            raise PatchError(f"operation {number}: test failed at {_pointer(path)}")

    def _splice(self, edit: _Edit) -> str:
        return self.text[: edit.start] + edit.text + self.text[edit.end :]

    # -- navigation --

    def _locate(self, path: list[str], number: int) -> Node:
        node = self._root(number)
        for depth, token in enumerate(path):
            item = node.child(token)
            if item is None:
                raise PatchError(f"operation {number}: no value at {_pointer(path[: depth + 1])}")
            node = item.value
        return node

    def _root(self, number: int) -> Node:
        if self.root is None:
            raise PatchError(f"operation {number}: the document is empty")
        return self.root

    # -- add / replace --

    def _add(self, path: list[str], value: Any, number: int) -> _Edit:
        if not path:
            return _Edit(0, len(self.text), self._document(value))
        parent = self._locate(path[:-1], number)
        token = path[-1]
        if parent.kind == "scalar":
            raise PatchError(f"operation {number}: {_pointer(path[:-1])} is not a container")
        existing = parent.child(token) if parent.kind == "map" or token != "-" else None
        if parent.kind == "map" and existing is not None:
            return self._replace(parent, existing, value)
        if parent.kind == "map":
            return self._insert(parent, len(parent.items), token, value)
        index = len(parent.items) if token == "-" else _index(token, path, number)
        if index > len(parent.items):
            raise PatchError(f"operation {number}: no value at {_pointer(path)}")
        return self._insert(parent, index, None, value)

    def _replace_at(self, path: list[str], value: Any, number: int) -> _Edit:
        if not path:
            return _Edit(0, len(self.text), self._document(value))
        self._locate(path, number)
        parent = self._locate(path[:-1], number)
        item = parent.child(path[-1])
        assert item is not None
        return self._replace(parent, item, value)

    def _replace(self, parent: Node, item: Item, value: Any) -> _Edit:
        """A new value for an existing entry or item (`add` over a member replaces it, too)."""
        old = item.value
        if self.fmt == "json":
            return _Edit(
                old.start, old.end, self._json(value, self._line_indent(item.start), parent)
            )
        # Flow stays flow; a scalar or an empty `{}`/`[]` in a block becomes a block when it
        # gets items, as `pull` would have written it.
        old_flow = old.kind != "scalar" and not old.block and bool(old.items)
        old_flow = old_flow and not (self.sections and parent is self.root)
        if not parent.block or old_flow or not _is_nonempty_collection(value):
            rendered = yaml_flow(value, in_flow=not parent.block)
            if old.kind != "scalar" and old.block:  # block collection -> one-line value
                return _Edit(item.after_indicator, old.end, " " + rendered)
            if old.start == old.end:  # `key:` with nothing after it
                return _Edit(item.after_indicator, item.after_indicator, " " + rendered)
            return _Edit(old.start, old.end, rendered)
        column = self._column(item.start)
        if item.key is None:
            rendered = self._yaml_item(value, column)
        else:
            rendered = self._yaml_entry(item.key, value, column)
        lines = rendered.rstrip("\n").split("\n")
        comment = self._key_line_comment(item)
        if comment and lines[0].endswith(":"):
            lines[0] += comment
        return _Edit(item.start, old.end, "\n".join(lines).lstrip(" "))

    def _insert(self, parent: Node, index: int, key: str | None, value: Any) -> _Edit:
        if self.fmt == "yaml" and parent.block:
            return self._insert_block(parent, index, key, value)
        return self._insert_flow(parent, index, key, value)

    def _insert_block(self, parent: Node, index: int, key: str | None, value: Any) -> _Edit:
        anchor = parent.items[min(index, len(parent.items) - 1)]
        column = self._column(anchor.start)
        if key is not None:
            text = self._yaml_entry(key, value, column)
        else:
            text = self._yaml_item(value, column)
        if index < len(parent.items) and self._starts_line(anchor.start):
            where = self._line_start(anchor.start)
            return _Edit(where, where, text)
        if index < len(parent.items):  # `- - a`: the item shares its line with an outer dash
            return _Edit(anchor.start, anchor.start, text.lstrip(" ") + " " * column)
        where = self._line_end(parent.end)
        if where == len(self.text) and not self.text.endswith("\n"):
            return _Edit(where, where, "\n" + text.rstrip("\n"))
        return _Edit(where + 1, where + 1, text)

    def _insert_flow(self, parent: Node, index: int, key: str | None, value: Any) -> _Edit:
        items = parent.items
        if not items:
            return _Edit(parent.start + 1, parent.end - 1, self._flow_first(parent, key, value))
        base = self._line_indent(items[min(index, len(items) - 1)].start)
        entry = self._flow_entry(key, value, base, parent)
        if index < len(items):
            return _Edit(
                items[index].start, items[index].start, entry + self._separator(parent, index)
            )
        return _Edit(
            items[-1].value.end,
            items[-1].value.end,
            self._separator(parent, len(items) - 1) + entry,
        )

    def _flow_first(self, parent: Node, key: str | None, value: Any) -> str:
        if self.fmt == "yaml":
            return self._flow_entry(key, value, "", parent)
        base = self._line_indent(parent.start)
        unit = self._json_unit()
        if unit is None:
            return self._flow_entry(key, value, base, None)
        inner = base + unit
        return "\n" + inner + self._flow_entry(key, value, inner, None) + "\n" + base

    def _flow_entry(self, key: str | None, value: Any, base: str, parent: Node | None) -> str:
        if self.fmt == "json":
            rendered = self._json(value, base, parent)
            return (
                rendered
                if key is None
                else f"{json_value(key, unit=None)}{self._json_colon()}{rendered}"
            )
        rendered = yaml_flow(value, in_flow=True)
        return rendered if key is None else f"{yaml_flow(key, in_flow=True)}: {rendered}"

    def _separator(self, parent: Node, index: int) -> str:
        """The text between item `index` and the next, copied from the file where it can be."""
        items = parent.items
        if len(items) > 1:
            i = min(index, len(items) - 2)
            gap = self.text[items[i].value.end : items[i + 1].start]
            if "#" not in gap:
                return gap
        opening = self.text[parent.start + 1 : items[0].start]
        if "\n" in opening and "#" not in opening:
            return "," + opening
        return ", "

    # -- remove --

    def _remove(self, path: list[str], number: int) -> _Edit:
        if not path:
            raise PatchError(f"operation {number}: cannot remove the whole document")
        parent = self._locate(path[:-1], number)
        item = parent.child(path[-1])
        if item is None:
            raise PatchError(f"operation {number}: no value at {_pointer(path)}")
        index = parent.items.index(item)
        if len(parent.items) == 1:
            return self._empty(parent, path[:-1], number)
        if self.fmt == "yaml" and parent.block:
            if self._starts_line(item.start):
                return _Edit(self._line_start(item.start), self._line_end(item.value.end) + 1, "")
            # `- a: 1` / `- - x`: the next entry moves up beside the dash; comment lines
            # between the two move above the dash's line.
            following = parent.items[index + 1]
            line = self._line_start(item.start)
            gap_start = min(self._line_end(item.value.end) + 1, following.start)
            gap = self.text[gap_start : self._line_start(following.start)]
            return _Edit(line, following.start, gap + self.text[line : item.start])
        if index > 0:
            return _Edit(parent.items[index - 1].value.end, item.value.end, "")
        return _Edit(item.start, parent.items[1].start, "")

    def _empty(self, container: Node, path: list[str], number: int) -> _Edit:
        """Remove the only item: the container becomes `{}` or `[]` where it stands."""
        empty = "{}" if container.kind == "map" else "[]"
        if not (self.fmt == "yaml" and container.block):
            return _Edit(container.start + 1, container.end - 1, "")
        if not path:  # the whole document: its comments stay around the `{}`
            first = self._line_start(container.items[0].start)
            return _Edit(first, self._line_end(container.end), empty)
        grand = self._locate(path[:-1], number)
        holder = grand.child(path[-1])
        assert holder is not None
        # `key: []` on the key's line; the rest of that line and the comment lines before the
        # removed item stay, the item's own lines go.
        first = self._line_start(container.items[0].start)
        kept = self.text[holder.after_indicator : first] if first > holder.after_indicator else "\n"
        end = min(self._line_end(container.end) + 1, len(self.text))
        if end == len(self.text) and not self.text.endswith("\n"):
            kept = kept.removesuffix("\n")
        return _Edit(holder.after_indicator, end, " " + empty + kept)

    # -- rendering --

    def _document(self, value: Any) -> str:
        if self.fmt == "json":
            return self._json(value, "") + "\n"
        return yaml_block(value, indented_sequences=self._indented_sequences())

    def _yaml_entry(self, key: str | None, value: Any, column: int) -> str:
        text = yaml_block({key: value}, indented_sequences=self._indented_sequences())
        return _indent(text, column)

    def _yaml_item(self, value: Any, column: int) -> str:
        text = yaml_block([value], indented_sequences=self._indented_sequences())
        return _indent(text, column)

    def _json(self, value: Any, base: str, parent: Node | None = None) -> str:
        """JSON for `value`; inside a container written on one line, on one line too."""
        one_line = parent is not None and self._one_line(parent)
        unit = None if one_line else self._json_unit()
        return json_value(value, unit=unit, base=base, colon=self._json_colon())

    def _one_line(self, node: Node) -> bool:
        return "\n" not in self.text[node.start : node.end]

    def _json_unit(self) -> str | None:
        """One level of the file's indentation (None: the file is written on one line)."""
        match = re.search(r"[\[{][ \t]*\r?\n([ \t]+)\S", self.text)
        if match is None:
            return None
        line_start = self._line_start(match.start())
        outer = self._line_indent(line_start)
        inner = match.group(1)
        return inner[len(outer) :] if inner.startswith(outer) and len(inner) > len(outer) else inner

    def _json_colon(self) -> str:
        match = re.search(r'"\s*:(\s?)', self.text)
        return ":" + (match.group(1) if match else " ")

    def _indented_sequences(self) -> bool:
        """Whether the file writes `key:\\n  - item` (else PyYAML's `key:\\n- item`)."""
        match = re.search(
            r"^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)- ",
            self.text,
            re.M,
        )
        return match is not None and len(match.group(2)) > len(match.group(1))

    # -- text positions --

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _line_end(self, index: int) -> int:
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end

    def _column(self, index: int) -> int:
        return index - self._line_start(index)

    def _line_indent(self, index: int) -> str:
        start = self._line_start(index)
        match = re.match(r"[ \t]*", self.text[start:index])
        return match.group(0) if match else ""

    def _starts_line(self, index: int) -> bool:
        return not self.text[self._line_start(index) : index].strip()

    def _key_line_comment(self, item: Item) -> str:
        """`  # note` after `key:` when the value starts on a later line."""
        line_end = self._line_end(item.after_indicator)
        rest = self.text[item.after_indicator : line_end]
        if rest.strip().startswith("#") and item.value.start > line_end:
            return rest.rstrip()
        return ""


def _indent(text: str, column: int) -> str:
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def _is_nonempty_collection(value: Any) -> bool:
    return isinstance(value, dict | list | tuple) and bool(value)


def _index(token: str, path: list[str], number: int) -> int:
    if not re.fullmatch(r"0|[1-9][0-9]*", token):
        raise PatchError(f"operation {number}: {_pointer(path)} is not an array index")
    return int(token)


def _pointer(path: list[str]) -> str:
    return "".join("/" + _escape(token) for token in path) or '""'


def _same(a: Any, b: Any) -> bool:
    """JSON equality: numbers by value (1.50 == 1.5), never bool == 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
