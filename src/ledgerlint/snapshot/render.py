"""Render snapshot values as JSON or YAML text without changing a single digit of any amount.

Why custom: the APIs send amounts like `100.00`; they are parsed as `Decimal` and must be
written back with the same digits. JSON goes through msgspec (`decimal_format="number"`), YAML
through a safe dumper that writes a Decimal as a plain YAML number scalar (`100.00`) and keeps
timestamp-looking strings unquoted, as a person would write them. ledgerlint's loader reads both
back identically (numbers as Decimal, timestamps as text).

`pull` writes whole files with `dump_document`; `roundtrip.py` renders single values with
`yaml_flow`, `yaml_block` and `json_value` to splice them into a file a person has edited.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from typing import Literal

import msgspec
import yaml

Format = Literal["json", "yaml"]
_JSON = msgspec.json.Encoder(decimal_format="number")
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_WIDE = 1 << 20  # never fold a long line: a folded scalar would move text onto new lines


def dump_document(document: Any, fmt: Format) -> bytes:
    """The file bytes for a whole document: deterministic, UTF-8, indented, newline-terminated."""
    if fmt == "json":
        return msgspec.json.format(_JSON.encode(document), indent=2) + b"\n"
    return yaml_block(document).encode("utf-8")


def yaml_block(value: Any, *, indented_sequences: bool = False, indent: int = 2) -> str:
    """Block-style YAML for `value`, newline-terminated (collections; scalars end in `...`).

    `indented_sequences` writes `key:\\n  - item` instead of PyYAML's `key:\\n- item`, to match
    a file written that way.
    """
    dumper = _IndentedDumper if indented_sequences else _ExactDumper
    return yaml.dump(
        value,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
        indent=indent,
    )


def yaml_flow(value: Any, *, in_flow: bool = False) -> str:
    """`value` as YAML on one line: a plain or quoted scalar, or a flow collection.

    `in_flow`: the text goes inside `[...]` or `{...}`, where a plain `a, b` would split in two
    and `a:b` is ambiguous; it is then rendered as the item of a flow sequence, which quotes
    what needs quoting there.
    """
    text = yaml.dump(
        [value] if in_flow else value,
        Dumper=_OneLineDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=True,
        width=_WIDE,
    )
    if in_flow:
        return text.strip()[1:-1]
    return text.removesuffix("\n").removesuffix("\n...").rstrip("\n")


def json_value(value: Any, *, unit: str | None, base: str = "", colon: str = ": ") -> str:
    """`value` as JSON; `unit` is one level of indentation (None: all on one line) and `base` the
    indentation of the line the value starts on, so nested lines line up with the file's own."""
    if isinstance(value, dict) and value:
        if unit is None:
            inner = ", ".join(
                f"{json_value(k, unit=None)}{colon}{_one(v, colon)}" for k, v in value.items()
            )
            return "{" + inner + "}"
        pad = base + unit
        members = [
            f"{pad}{json_value(str(k), unit=None)}{colon}{json_value(v, unit=unit, base=pad, colon=colon)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(members) + "\n" + base + "}"
    if isinstance(value, list | tuple) and value:
        if unit is None:
            return "[" + ", ".join(_one(v, colon) for v in value) + "]"
        pad = base + unit
        items = [f"{pad}{json_value(v, unit=unit, base=pad, colon=colon)}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + base + "]"
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list | tuple):
        return "[]"
    return _JSON.encode(value).decode("utf-8")


def _one(value: Any, colon: str) -> str:
    return json_value(value, unit=None, colon=colon)


_BASE_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _ExactDumper(_BASE_DUMPER):  # type: ignore[misc,valid-type]  # base chosen at import
    """Safe dumper with exact decimals and natural timestamps."""


class _IndentedDumper(yaml.SafeDumper):
    """Like `_ExactDumper`, but block sequences are indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


class _OneLineDumper(yaml.SafeDumper):
    """Flow style, and strings with line breaks double-quoted (escaped), so the text stays on
    one line wherever it is spliced in."""


def _represent_decimal(dumper: Any, value: Decimal) -> Any:
    # Tagged as float so the scalar stays a number; if the digits do not look like a YAML 1.1
    # float (e.g. `1E+5`), the emitter adds an explicit `!!float` tag rather than quoting it.
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


def _represent_str(dumper: Any, value: str) -> Any:
    resolved = dumper.resolve(yaml.ScalarNode, value, (True, False))
    if resolved == _TIMESTAMP_TAG:
        return dumper.represent_scalar(_TIMESTAMP_TAG, value)
    return dumper.represent_str(value)


def _represent_block_str(dumper: Any, value: str) -> Any:
    # A note with line breaks reads best as a literal block; the emitter falls back to quotes
    # on its own where a literal cannot hold the text exactly (trailing spaces, tabs, ...).
    if "\n" in value.rstrip("\n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return _represent_str(dumper, value)


def _represent_one_line_str(dumper: Any, value: str) -> Any:
    if any(char in value for char in "\n\r\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return _represent_str(dumper, value)


for _dumper in (_ExactDumper, _IndentedDumper, _OneLineDumper):
    _dumper.add_representer(Decimal, _represent_decimal)
    _dumper.add_representer(str, _represent_block_str)
_OneLineDumper.add_representer(str, _represent_one_line_str)
