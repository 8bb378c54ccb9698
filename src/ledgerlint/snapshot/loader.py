"""Read a snapshot file (JSON or YAML) into plain Python data, with money kept exact.

JSON is parsed with msgspec, every JSON number with a fraction or exponent handed to `Decimal`
(never through float), with the garbage collector paused: a 160 MB snapshot allocates millions
of containers and the collector would otherwise rescan them over and over. YAML uses PyYAML's
safe loader (the C one when present) with floats read as `Decimal` and timestamps kept as the
strings they are, so both formats yield the same data for the same snapshot.

Positions are not computed here: `SourceDocument.positions()` resolves only the pointers a
report actually shows (see `positions.py`).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from decimal import InvalidOperation
from pathlib import Path
from typing import Any
from typing import Literal

from ledgerlint.errors import InputError

Format = Literal["json", "yaml"]
Position = tuple[int, int]

_BYTE_OFFSET = re.compile(r"\(byte (\d+)\)")


@dataclass
class SourceDocument:
    """One parsed snapshot file: where it came from, its text, and its data."""

    path: str
    format: Format
    raw: bytes
    data: Any
    _positions: dict[str, Position] = field(default_factory=dict, repr=False)

    def positions(self, pointers: Iterable[str]) -> dict[str, Position]:
        """Map each JSON pointer to the 1-based (line, column) of its place in the file.

        A pointer to something absent maps to its nearest present ancestor (a missing setting
        points at the block that should hold it). Results are cached, so asking twice is free.
        """
        from ledgerlint.snapshot.positions import resolve_positions

        wanted = sorted({p for p in pointers if p not in self._positions})
        if wanted:
            self._positions.update(resolve_positions(self.raw, self.format, wanted))
        return {p: self._positions[p] for p in pointers}


def load_document(path: str | Path) -> SourceDocument:
    """Read and parse a snapshot file; raise `InputError` naming file, line and column."""
    display = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=display) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a snapshot file", path=display) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=display) from None
    return parse_document(raw, display, _format_for(display, raw))


def parse_document(raw: bytes, path: str, fmt: Format) -> SourceDocument:
    """Parse bytes already read; `path` is only for messages."""
    data = _parse_json(raw, path) if fmt == "json" else _parse_yaml(raw, path)
    return SourceDocument(path=path, format=fmt, raw=raw, data=data)


def _format_for(path: str, raw: bytes) -> Format:
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    return "json" if raw.lstrip()[:1] in (b"{", b"[") else "yaml"


@contextmanager
def _gc_paused() -> Any:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_json(raw: bytes, path: str) -> Any:
    import msgspec

    decoder = msgspec.json.Decoder(float_hook=Decimal)
    try:
        with _gc_paused():
            return decoder.decode(raw)
    except msgspec.DecodeError as err:
        message = str(err)
        match = _BYTE_OFFSET.search(message)
        line: int | None = None
        column: int | None = None
        if match:
            line, column = line_column(raw, int(match.group(1)))
            message = _BYTE_OFFSET.sub("", message).strip()
        message = message.replace("JSON is malformed: ", "invalid JSON: ")
        raise InputError(message, path=path, line=line, column=column) from None


def line_column(raw: bytes, byte_offset: int) -> Position:
    """1-based line and column (in characters) of a byte offset."""
    byte_offset = min(byte_offset, len(raw))
    line_start = raw.rfind(b"\n", 0, byte_offset) + 1
    line = raw.count(b"\n", 0, byte_offset) + 1
    column = len(raw[line_start:byte_offset].decode("utf-8", errors="replace")) + 1
    return line, column


def safe_yaml(text: str) -> Any:
    """Plain YAML safe loading for configuration files (rules, jurisdictions, config), with the C
    loader when PyYAML has it (about ten times faster than the pure-Python one)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _yaml_loader() -> type:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class ExactLoader(base):  # type: ignore[valid-type,misc]  # base is chosen at run time
        """Safe loader that reads floats as Decimal and keeps timestamps as text."""

    def construct_decimal(loader: Any, node: Any) -> Decimal:
        text = loader.construct_scalar(node).replace("_", "")
        special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
        try:
            return Decimal(special.get(text.lower(), text))
        except InvalidOperation:
            raise yaml.constructor.ConstructorError(
                None, None, f"not a number: {text!r}", node.start_mark
            ) from None

    def construct_text(loader: Any, node: Any) -> str:
        return str(loader.construct_scalar(node))

    ExactLoader.add_constructor("tag:yaml.org,2002:float", construct_decimal)
    ExactLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_text)
    return ExactLoader


def _parse_yaml(raw: bytes, path: str) -> Any:
    import yaml

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = line_column(raw, err.start)
        raise InputError("not valid UTF-8", path=path, line=line, column=column) from None
    try:
        with _gc_paused():
            return yaml.load(text, Loader=_yaml_loader())  # a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = err.problem or err.context or "invalid YAML"
        yaml_line: int | None = mark.line + 1 if mark else None
        yaml_column: int | None = mark.column + 1 if mark else None
        raise InputError(
            f"invalid YAML: {problem}", path=path, line=yaml_line, column=yaml_column
        ) from None
    except yaml.YAMLError as err:
        raise InputError(f"invalid YAML: {err}", path=path) from None
