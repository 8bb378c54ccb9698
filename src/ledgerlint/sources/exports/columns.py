"""The `--columns` file: a firm's own header names for the exports, and their date order.

    date_order: DMY                 # optional: MDY (default) or DMY, for slash dates
    qbo_journal:                    # an export kind
      debit: Debit amount           # a column: the header it has in this firm's export
      account: [Account, Account full name]   # or several names, tried in order

A name given here replaces the built-in names of that column. Everything is validated: an
unknown export kind or column, a duplicate key or a value of the wrong type is an error naming
the file, line and column (and the nearest known name).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any
from typing import cast

import yaml

from ledgerlint.errors import InputError
from ledgerlint.sources.exports.table import ExportSpec
from ledgerlint.sources.exports.values import DEFAULT_DATE_ORDER
from ledgerlint.sources.exports.values import DateOrder

DATE_ORDERS = ("MDY", "DMY")


@dataclass(frozen=True)
class ColumnConfig:
    overrides: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    date_order: DateOrder = DEFAULT_DATE_ORDER

    def names(self, spec: ExportSpec) -> dict[str, tuple[str, ...]]:
        """Per column of `spec`, the header names to look for."""
        mine = self.overrides.get(spec.kind, {})
        return {f.name: mine.get(f.name, f.aliases) for f in spec.fields}


def load_columns(path: Path, specs: Iterable[ExportSpec]) -> ColumnConfig:
    """Read and validate a --columns file against the export kinds `specs`."""
    by_kind = {spec.kind: spec for spec in specs}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(f"cannot read the columns file ({err.strerror})", path=path) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(
            f"not valid YAML: {err.problem or err}", path=path, line=line, column=column
        ) from None
    if root is None:
        return ColumnConfig()
    overrides: dict[str, dict[str, tuple[str, ...]]] = {}
    date_order: DateOrder = DEFAULT_DATE_ORDER
    for key_node, value_node in _mapping(path, root, "the columns file"):
        key = key_node.value
        if key == "date_order":
            order = _scalar(path, value_node, "date_order").upper()
            if order not in DATE_ORDERS:
                raise _at(path, value_node, f"date_order must be MDY or DMY, not {order!r}")
            date_order = cast(DateOrder, order)
            continue
        spec = by_kind.get(key)
        if spec is None:
            raise _at(path, key_node, _unknown("export kind", key, ["date_order", *by_kind]))
        known = [f.name for f in spec.fields]
        columns: dict[str, tuple[str, ...]] = {}
        for column_node, names_node in _mapping(path, value_node, key):
            column = column_node.value
            if column not in known:
                raise _at(path, column_node, _unknown(f"column of {key}", column, known))
            columns[column] = _names(path, names_node, f"{key}.{column}")
        overrides[key] = columns
    return ColumnConfig(overrides, date_order)


def _mapping(path: Path, node: Any, what: str) -> list[tuple[Any, Any]]:
    if not isinstance(node, yaml.MappingNode):
        raise _at(path, node, f"{what} must be a mapping")
    seen: set[str] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _at(path, key_node, f"the keys of {what} must be names")
        if key_node.value in seen:
            raise _at(path, key_node, f"duplicate key {key_node.value!r} in {what}")
        seen.add(key_node.value)
    return list(node.value)


def _scalar(path: Path, node: Any, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise _at(path, node, f"{what} must be a non-empty text")
    return str(node.value).strip()


def _names(path: Path, node: Any, what: str) -> tuple[str, ...]:
    if isinstance(node, yaml.SequenceNode):
        if not node.value:
            raise _at(path, node, f"{what} must name at least one header")
        return tuple(_scalar(path, item, what) for item in node.value)
    return (_scalar(path, node, what),)


def _unknown(what: str, name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
    return f"unknown {what} {name!r} ({hint})"


def _at(path: Path, node: Any, message: str) -> InputError:
    mark = node.start_mark
    return InputError(message, path=path, line=mark.line + 1, column=mark.column + 1)
