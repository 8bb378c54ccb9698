"""Where each value of a JSON or YAML document sits in its text: the map `roundtrip.py` edits by.

A `Node` is one value with the character range of its *content* (`start`..`end`): for a block
collection that ends with its last item's content, so the comments and blank lines that follow
it are never taken as part of it. Map items know where their key starts and where the `:` ends;
sequence items where their `-` is. YAML is composed with ruamel.yaml's round-trip composer (the
parser that keeps comments, so a `#` inside a quoted or block scalar is never mistaken for
one); JSON with a small scanner, because no JSON parser reports positions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import Any
from typing import Literal

Kind = Literal["map", "seq", "scalar"]


@dataclass
class Item:
    """One entry of a map (`key` set) or one item of a sequence (`key` None)."""

    key: str | None
    start: int
    """Where the entry begins: its key, its `-` (block sequence) or its value (flow sequence)."""
    after_indicator: int
    """Just past the `:` of a map entry or the `-` of a block sequence item."""
    value: Node


@dataclass
class Node:
    """One value and the range of its content in the text."""

    kind: Kind
    start: int
    end: int
    block: bool = False
    items: list[Item] = field(default_factory=list)
    scalar: Any = None

    def child(self, token: str) -> Item | None:
        """The item a JSON Pointer token names, or None."""
        if self.kind == "map":
            return next((item for item in self.items if item.key == token), None)
        if self.kind == "seq" and re.fullmatch(r"0|[1-9][0-9]*", token):
            index = int(token)
            return self.items[index] if index < len(self.items) else None
        return None

    def plain(self) -> Any:
        """The value as plain data (numbers with a fraction as Decimal, timestamps as text)."""
        if self.kind == "map":
            return {item.key: item.value.plain() for item in self.items}
        if self.kind == "seq":
            return [item.value.plain() for item in self.items]
        return self.scalar


# --- YAML ------------------------------------------------------------------------------------

_YAML_TAGS = "tag:yaml.org,2002:"


def yaml_tree(text: str) -> Node | None:
    """The node tree of a YAML document (None for an empty one)."""
    from ruamel.yaml import YAML

    root = YAML(typ="rt", pure=True).compose(text)
    if root is None:
        return None
    return _yaml_node(root, text, {})


def _yaml_node(node: Any, text: str, seen: dict[int, Node]) -> Node:
    # An alias is the same node object as its anchor: edit it there, once.
    if id(node) in seen:
        return seen[id(node)]
    kind = type(node).__name__
    start = node.start_mark.index
    if kind == "ScalarNode":
        result = Node("scalar", start, _scalar_end(node, text), scalar=_yaml_scalar(node))
        if node.value == "" and node.style is None:
            result.end = result.start
        seen[id(node)] = result
        return result
    block = not node.flow_style
    result = Node("map" if kind == "MappingNode" else "seq", start, node.end_mark.index, block)
    seen[id(node)] = result
    if kind == "MappingNode":
        for key, value in node.value:
            colon = _colon_after(text, key.end_mark.index)
            child = _yaml_node(value, text, seen)
            if _is_empty(value):
                child.start = child.end = colon
            result.items.append(Item(str(key.value), key.start_mark.index, colon, child))
    else:
        for value in node.value:
            child = _yaml_node(value, text, seen)
            begin = child.start
            dash = _dash_before(text, begin) if block else None
            if dash is not None and _is_empty(value):
                child.start = child.end = dash + 1
            item_start = dash if dash is not None else child.start
            after = dash + 1 if dash is not None else child.start
            result.items.append(Item(None, item_start, after, child))
    if block:
        result.end = _content_end(result)
    return result


def _is_empty(node: Any) -> bool:
    return type(node).__name__ == "ScalarNode" and node.value == "" and node.style is None


def _scalar_end(node: Any, text: str) -> int:
    end = node.end_mark.index
    if node.style in ("|", ">"):  # a block scalar's mark runs past its trailing line breaks
        while end > node.start_mark.index and text[end - 1] in " \t\r\n":
            end -= 1
    return end


def _content_end(node: Node) -> int:
    if node.kind == "scalar" or not node.items:
        return node.end
    last = node.items[-1]
    if last.value.kind != "scalar" and last.value.block:
        return _content_end(last.value)
    return max(last.value.end, last.after_indicator)


def _colon_after(text: str, index: int) -> int:
    """Just past the `:` that follows a key ending at `index`."""
    while index < len(text) and text[index] in " \t":
        index += 1
    if index < len(text) and text[index] == ":":
        return index + 1
    return index


def _dash_before(text: str, index: int) -> int | None:
    """The `-` of the block sequence item whose value starts at `index`."""
    index -= 1
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1
    return index if index >= 0 and text[index] == "-" else None


def _yaml_scalar(node: Any) -> Any:
    tag = str(getattr(node.tag, "value", node.tag) or "")
    value = node.value
    if node.style is not None or tag == _YAML_TAGS + "str":
        return value
    if tag == _YAML_TAGS + "null":
        return None
    if tag == _YAML_TAGS + "bool":
        return value.lower() in ("true", "yes", "on")
    if tag == _YAML_TAGS + "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == _YAML_TAGS + "float":
        try:
            return Decimal(value.replace("_", ""))
        except ArithmeticError:
            return value
    return value


# --- JSON ------------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}


class JsonSyntaxError(ValueError):
    """The text is not one JSON value; `index` is where reading stopped."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


def json_tree(text: str) -> Node:
    """The node tree of a JSON document."""
    node, end = _json_value(text, _skip(text, 0))
    if _skip(text, end) != len(text):
        raise JsonSyntaxError("extra data after the JSON value", end)
    return node


def _skip(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


def _json_value(text: str, index: int) -> tuple[Node, int]:
    char = text[index : index + 1]
    if char == "{":
        return _json_container(text, index, "map")
    if char == "[":
        return _json_container(text, index, "seq")
    if char == '"':
        value, end = _json_string(text, index)
        return Node("scalar", index, end, scalar=value), end
    for word, literal in _LITERALS.items():
        if text.startswith(word, index):
            return Node("scalar", index, index + len(word), scalar=literal), index + len(word)
    match = _NUMBER.match(text, index)
    if match and match.end() > index:
        digits = match.group(0)
        number: Any = Decimal(digits) if match.group(1) or match.group(2) else int(digits)
        return Node("scalar", index, match.end(), scalar=number), match.end()
    raise JsonSyntaxError("expected a JSON value", index)


def _json_string(text: str, index: int) -> tuple[str, int]:
    try:
        value, end = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]  # public since 2.6, untyped
    except ValueError as err:
        raise JsonSyntaxError(str(err), index) from None
    return str(value), int(end)


def _json_container(text: str, index: int, kind: Kind) -> tuple[Node, int]:
    close = "}" if kind == "map" else "]"
    node = Node(kind, index, index)
    position = _skip(text, index + 1)
    if text[position : position + 1] == close:
        node.end = position + 1
        return node, node.end
    while True:
        start = position
        key: str | None = None
        after = position
        if kind == "map":
            if text[position : position + 1] != '"':
                raise JsonSyntaxError("expected a member name", position)
            key, position = _json_string(text, position)
            position = _skip(text, position)
            if text[position : position + 1] != ":":
                raise JsonSyntaxError("expected ':'", position)
            after = position + 1
            position = _skip(text, after)
        value, position = _json_value(text, position)
        node.items.append(Item(key, start, after, value))
        position = _skip(text, position)
        char = text[position : position + 1]
        if char == close:
            node.end = position + 1
            return node, node.end
        if char != ",":
            raise JsonSyntaxError(f"expected ',' or '{close}'", position)
        position = _skip(text, position + 1)
