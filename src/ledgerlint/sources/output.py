"""Serialise a pulled snapshot to JSON or YAML (see `ledgerlint.snapshot.render` for why the
rendering is custom: amounts keep every digit the API sent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ledgerlint.errors import ConfigError
from ledgerlint.snapshot.render import Format
from ledgerlint.snapshot.render import dump_document

__all__ = ["Format", "dump_snapshot", "format_for"]


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
    return dump_document(snapshot, fmt)
