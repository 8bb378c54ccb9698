"""Serialise a snapshot to JSON or YAML without changing a single digit of any amount.

Why custom: the APIs send amounts like `100.00`; they are parsed as `Decimal` and must be
written back with the same digits. JSON goes through msgspec (`decimal_format="number"`), YAML
through a safe dumper that writes a Decimal as a plain YAML number scalar (`100.00`) and keeps
timestamp-looking strings unquoted, as a person would write them. ledgerlint's own loader reads
both back identically (numbers as Decimal, timestamps as text).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any
from typing import Literal

import msgspec
import yaml

from ledgerlint.errors import ConfigError

Format = Literal["json", "yaml"]
_JSON = msgspec.json.Encoder(decimal_format="number")
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def format_for(path: str | Path) -> Format:
    """The output format named by a file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    raise ConfigError(f"{path}: the snapshot file name must end in .json, .yaml or .yml")


def dump_snapshot(snapshot: Any, fmt: Format) -> bytes:
    """The file bytes for a snapshot: deterministic, UTF-8, indented, newline-terminated."""
    if fmt == "json":
        return msgspec.json.format(_JSON.encode(snapshot), indent=2) + b"\n"
    text = yaml.dump(
        snapshot,
        Dumper=_ExactDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
    return text.encode("utf-8")


_BASE_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _ExactDumper(_BASE_DUMPER):  # type: ignore[misc,valid-type]  # base chosen at import
    """Safe dumper with exact decimals and natural timestamps."""


def _represent_decimal(dumper: Any, value: Decimal) -> Any:
    # Tagged as float so the scalar stays a number; if the digits do not look like a YAML 1.1
    # float (e.g. `1E+5`), the emitter adds an explicit `!!float` tag rather than quoting it.
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


def _represent_str(dumper: Any, value: str) -> Any:
    resolved = dumper.resolve(yaml.ScalarNode, value, (True, False))
    if resolved == _TIMESTAMP_TAG:
        return dumper.represent_scalar(_TIMESTAMP_TAG, value)
    return dumper.represent_str(value)


_ExactDumper.add_representer(Decimal, _represent_decimal)
_ExactDumper.add_representer(str, _represent_str)
