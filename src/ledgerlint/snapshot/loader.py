"""Read a snapshot file (JSON or YAML) into a `SourceDocument`: its bytes, format and, for YAML,
its plain data. Nothing here knows the snapshot format; `decode.py` turns a document into models.

JSON is not parsed here at all: `decode.py` decodes it straight into the models, section by
section, and the few plain values the YAML rules need are decoded on request
(`SourceDocument.plain`), so the raw dict tree of a large snapshot is never built.

YAML (hand-written, configuration-sized) is read with PyYAML's safe loader (the C one when
present), strictly: plain data only (mappings, sequences, strings, numbers, booleans, null;
`!!set`, `!!binary`, `!!omap`, `!!pairs` and custom tags are refused), no duplicate keys, floats
read as `Decimal`, timestamps kept as the text they are, integers of absurd length refused. A
UTF-8 byte-order mark before either format is accepted (Windows tools write one).

A large JSON file is mapped into memory rather than read (`mmap`), and the decoder hands each
part's pages back to the kernel once it has been decoded: the file's bytes are never held in
memory beside the models built from them (docs/input.md).

Every error is an `InputError` naming the file, line and column.
"""

from __future__ import annotations

import gc
import mmap
import os
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
Buffer = bytes | mmap.mmap
"""A document's bytes: read, or (large JSON files) mapped."""

BOM = b"\xef\xbb\xbf"
MAP_THRESHOLD = 8_000_000
"""JSON files larger than this are mapped, not read."""
_CHUNK = 1 << 24
DUPLICATE_CHECK_LIMIT = 8_000_000
"""JSON files up to this size (hand-editable) have every object checked for repeated keys;
larger ones are machine-written (`pull`, `import`) and are checked at every level a person
writes and above the API entities, but not inside each entity: that walk would cost more than
the whole check (docs/input.md)."""
MAX_INTEGER_DIGITS = 40
"""Longer integers are no amount, id or count: refused rather than converted."""


@dataclass
class SourceDocument:
    """One snapshot file: where it came from, its bytes and its format.

    `raw` is the file without a byte-order mark. `yaml_data` is the plain data of a YAML file;
    a JSON file has none (its plain values are decoded on request by `plain`).
    """

    path: str
    format: Format
    raw: Buffer
    yaml_data: Any = None
    top_members: Any = None
    """JSON: the top-level members (`json_scan.Member`s) when the document is an object."""
    scanner: Any = None
    """JSON: the `json_scan.Scanner` of `raw`, shared by decoding, plain data and positions."""
    _positions: dict[str, Position] = field(default_factory=dict, repr=False)
    _plain: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False)
    _line_starts: dict[int, int] = field(default_factory=dict, repr=False)
    """Byte offset of each line start found so far (placing finds them; regions reuse them)."""

    def positions(self, pointers: Iterable[str]) -> dict[str, Position]:
        """Map each JSON pointer to the 1-based (line, column) of its place in the file.

        A pointer to something absent maps to its nearest present ancestor (a missing setting
        points at the block that should hold it). Results are cached, so asking twice is free.
        """
        from ledgerlint.snapshot.positions import resolve_positions

        pointers = list(pointers)
        wanted = sorted({p for p in pointers if p not in self._positions})
        if wanted:
            found = resolve_positions(
                self.raw, self.format, wanted, self.scanner, self._line_starts
            )
            self._positions.update(found)
        return {p: self._positions[p] for p in pointers}

    def line_starts(self, lines: Iterable[int]) -> dict[int, int]:
        """Byte offset of the start of each wanted 1-based line (lines past the end left out);
        cached, and seeded by `positions`, so a large file is counted through once."""
        wanted = set(lines)
        missing = wanted - self._line_starts.keys()
        if missing:
            self._line_starts.update(line_starts(self.raw, missing))
        return {line: self._line_starts[line] for line in wanted if line in self._line_starts}

    def line_text(self, line: int) -> str:
        """The text of one line of the file (1-based), without its line break."""
        start = self.line_starts([line]).get(line, len(self.raw))
        end = self.raw.find(b"\n", start)
        chunk = self.raw[start : end if end >= 0 else len(self.raw)]
        return bytes(chunk).decode("utf-8", errors="replace").rstrip("\r")

    def plain(self, paths: Iterable[tuple[str, ...]] | None = None) -> Any:
        """The document as plain data (dicts, lists, `Decimal` numbers), holding only what lies
        under `paths` (tuples of keys from the top; None: everything).

        For JSON the values are decoded from the file's bytes on demand and cached, so rules
        that read `qbo.Preferences` never cause the transactions to be built as dicts.
        """
        if self.format == "yaml":
            return self.yaml_data
        from ledgerlint.snapshot.plain import partial_document

        return partial_document(self.scanner, paths, self._plain)


def load_document(path: str | Path) -> SourceDocument:
    """Read a snapshot file; raise `InputError` naming the file when it cannot be read."""
    display = str(path)
    try:
        raw = _mapped(path) or Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=display) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a snapshot file", path=display) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=display) from None
    return parse_document(raw, display, format_for(display, raw))


def _mapped(path: str | Path) -> mmap.mmap | None:
    """A large JSON file mapped read-only (None: read it instead). Only JSON: YAML is parsed as
    text; and only without a byte-order mark, which a mapping cannot skip."""
    size = os.stat(path).st_size
    if size <= MAP_THRESHOLD or Path(path).suffix.lower() not in (".json", ""):
        return None
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[:3] == BOM or mapped[:64].lstrip()[:1] not in (b"{", b"["):
        mapped.close()
        return None
    return mapped


def release(raw: Buffer, start: int, end: int) -> None:
    """Hand the pages of `raw[start:end]` back to the kernel when `raw` is a mapped file and the
    part is large: they were decoded, and are read again from the file if ever needed."""
    if not isinstance(raw, mmap.mmap) or end - start < MAP_THRESHOLD // 8:
        return
    madvise = getattr(raw, "madvise", None)
    if madvise is None or not hasattr(mmap, "MADV_DONTNEED"):
        return
    first = start - start % mmap.PAGESIZE
    madvise(mmap.MADV_DONTNEED, first, end - first)


def count_newlines(raw: Buffer, start: int, end: int) -> int:
    """How many line breaks `raw[start:end]` holds (a mapped file in chunks: it has no count)."""
    if isinstance(raw, bytes):
        return raw.count(b"\n", start, end)
    total = 0
    for chunk in range(start, end, _CHUNK):
        total += raw[chunk : min(chunk + _CHUNK, end)].count(b"\n")
        release(raw, chunk, min(chunk + _CHUNK, end))
    return total


def line_starts(raw: Buffer, lines: Iterable[int]) -> dict[int, int]:
    """Byte offset of the start of each wanted 1-based line (lines past the end are left out).
    Newlines are counted in large chunks (C speed): a dozen lines of a 200 MB file cost
    milliseconds."""
    starts: dict[int, int] = {}
    line, offset = 1, 0
    for wanted in sorted(set(lines)):
        while line < wanted:
            chunk_end = min(offset + _LINE_CHUNK, len(raw))
            newlines = count_newlines(raw, offset, chunk_end)
            if line + newlines < wanted:
                if chunk_end == len(raw):
                    return starts
                line, offset = line + newlines, chunk_end
                continue
            while line < wanted:  # it starts in this chunk: step there line by line
                offset = raw.find(b"\n", offset) + 1
                line += 1
        starts[wanted] = offset
    return starts


_LINE_CHUNK = 1 << 16


def parse_document(raw: Buffer, path: str, fmt: Format | None = None) -> SourceDocument:
    """A document from bytes already read (or a mapped file); `path` is only for messages.
    `fmt` None guesses from the content (JSON when it starts with `{` or `[`)."""
    if isinstance(raw, bytes):
        raw = raw.removeprefix(BOM)
    if fmt is None:
        fmt = "json" if raw[:64].lstrip()[:1] in (b"{", b"[") else "yaml"
    if fmt == "json":
        from ledgerlint.snapshot.json_scan import Scanner

        scanner = Scanner(raw)
        return SourceDocument(
            path=path,
            format="json",
            raw=raw,
            top_members=_scan_json(scanner, path),
            scanner=scanner,
        )
    assert isinstance(raw, bytes)  # only JSON files are mapped
    return SourceDocument(path=path, format="yaml", raw=raw, yaml_data=_parse_yaml(raw, path))


def _scan_json(scanner: Any, path: str) -> Any:
    """Check the JSON's syntax (at C speed, without building it) and find its top-level members;
    None when it is valid JSON but not an object (decoding then says what a snapshot is)."""
    import json

    import msgspec

    from ledgerlint.snapshot import json_scan

    raw = scanner.buffer
    try:
        start = json_scan.skip_whitespace(raw, 0)
        if json_scan.value_kind(raw, start) == "object":
            members = scanner.members(0, len(raw))
            if len(raw) <= DUPLICATE_CHECK_LIMIT and json_scan.has_duplicate_keys(bytes(raw)):
                json_scan.check_no_duplicates(raw, 0, len(raw))
            release(raw, 0, len(raw))
            return members
        msgspec.json.decode(raw)
        return None
    except json_scan.DuplicateKeyError as err:
        line, column = line_column(raw, err.offset)
        raise InputError(str(err), path=path, line=line, column=column) from None
    except UnicodeDecodeError as err:
        line, column = line_column(raw, err.start)
        raise InputError("not valid UTF-8", path=path, line=line, column=column) from None
    except json.JSONDecodeError as err:  # the standard library is stricter than msgspec here
        raise InputError(
            f"invalid JSON: {err.msg}", path=path, line=err.lineno, column=err.colno
        ) from None
    except msgspec.DecodeError as err:
        raise json_syntax_error(err, raw, 0, path) from None
    except RecursionError:
        raise InputError(
            "nesting too deep to read (no snapshot nests that deep)", path=path, line=1, column=1
        ) from None


def json_syntax_error(err: Exception, raw: Buffer, base: int, path: str) -> InputError:
    """msgspec's decode error for `raw[base:…]` as one located line."""
    import re

    message = str(err)
    match = re.search(r"\(byte (\d+)\)", message)
    offset = base + int(match.group(1)) if match else base
    if "truncated" in message:
        offset = len(bytes(raw[-4096:]).rstrip()) + max(len(raw) - 4096, 0)
    message = re.sub(r"\s*\(byte \d+\)", "", message).replace("JSON is malformed: ", "")
    if "Integer value out of range" in message:
        message = "integer too long: no amount, id or count is that long"
    line, column = line_column(raw, offset)
    return InputError(f"invalid JSON: {message}", path=path, line=line, column=column)


def format_for(path: str, raw: Buffer) -> Format:
    """The format a file name says, else the one its content looks like."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    return "json" if bytes(raw[:64]).removeprefix(BOM).lstrip()[:1] in (b"{", b"[") else "yaml"


@contextmanager
def gc_paused() -> Any:
    """Pause the garbage collector: a large snapshot allocates millions of objects and the
    collector would otherwise rescan them over and over, finding nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def line_column(raw: Buffer, byte_offset: int) -> Position:
    """1-based line and column (in characters) of a byte offset."""
    byte_offset = max(0, min(byte_offset, len(raw)))
    line_start = raw.rfind(b"\n", 0, byte_offset) + 1
    line = count_newlines(raw, 0, byte_offset) + 1
    column = len(bytes(raw[line_start:byte_offset]).decode("utf-8", errors="replace")) + 1
    return line, column


def safe_yaml(text: str) -> Any:
    """Plain YAML safe loading for configuration files (rules, jurisdictions, config), with the C
    loader when PyYAML has it (about ten times faster than the pure-Python one)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# --- strict YAML -------------------------------------------------------------------------------

_LOADER: Any = None


def strict_yaml_loader() -> Any:
    """The safe loader, made strict and exact (built once)."""
    global _LOADER
    if _LOADER is None:
        _LOADER = _build_loader()
    return _LOADER


def _build_loader() -> Any:
    import yaml
    from yaml.constructor import ConstructorError

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[valid-type,misc]  # base is chosen at run time
        """Safe loader: plain data only, no duplicate keys, floats as Decimal, timestamps as
        text."""

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        loader.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, bool, type(None), Decimal)):
                raise ConstructorError(
                    None, None, "a mapping key must be a plain scalar", key_node.start_mark
                )
            if key in mapping:
                raise ConstructorError(
                    None,
                    None,
                    f'duplicate key "{key}" (the last one would silently win)',
                    key_node.start_mark,
                )
            mapping[key] = loader.construct_object(value_node, deep=deep)
        return mapping

    def construct_decimal(loader: Any, node: Any) -> Decimal:
        text = loader.construct_scalar(node).replace("_", "")
        special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
        try:
            return Decimal(special.get(text.lower(), text))
        except InvalidOperation:
            raise ConstructorError(None, None, f"not a number: {text!r}", node.start_mark) from None

    def construct_int(loader: Any, node: Any) -> int:
        text = str(loader.construct_scalar(node))
        if sum(c.isdigit() for c in text) > MAX_INTEGER_DIGITS:
            raise ConstructorError(
                None,
                None,
                f"integer too long ({len(text)} characters): no amount, id or count is that long",
                node.start_mark,
            )
        return int(yaml.constructor.SafeConstructor.construct_yaml_int(loader, node))

    def construct_text(loader: Any, node: Any) -> str:
        return str(loader.construct_scalar(node))

    def refuse(loader: Any, tag_suffix: Any, node: Any = None) -> Any:
        if node is None:  # registered for one tag: (loader, node)
            node, tag = tag_suffix, None
        else:
            tag = tag_suffix
        name = str(tag or node.tag).replace("tag:yaml.org,2002:", "!!")
        raise ConstructorError(
            None,
            None,
            f"the YAML tag {name} is not plain data (a snapshot holds mappings, lists, text, "
            "numbers, booleans and null)",
            node.start_mark,
        )

    StrictLoader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    StrictLoader.add_constructor("tag:yaml.org,2002:float", construct_decimal)
    StrictLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
    StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_text)
    for tag in ("set", "binary", "omap", "pairs"):
        StrictLoader.add_constructor(f"tag:yaml.org,2002:{tag}", refuse)
    StrictLoader.add_multi_constructor("", refuse)
    StrictLoader.add_multi_constructor("!", refuse)
    StrictLoader.add_multi_constructor("tag:", refuse)
    return StrictLoader


def _parse_yaml(raw: bytes, path: str) -> Any:
    import yaml

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = line_column(raw, err.start)
        raise InputError("not valid UTF-8", path=path, line=line, column=column) from None
    try:
        with gc_paused():
            return yaml.load(text, Loader=strict_yaml_loader())  # a SafeLoader subclass
    except yaml.reader.ReaderError as err:
        line, column = _text_line_column(text, err.position)
        what = f"#x{err.character:04x}" if isinstance(err.character, int) else "character"
        raise InputError(
            f"invalid YAML: unacceptable character {what}: {err.reason}",
            path=path,
            line=line,
            column=column,
        ) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = err.problem or err.context or "invalid YAML"
        yaml_line: int | None = mark.line + 1 if mark else None
        yaml_column: int | None = mark.column + 1 if mark else None
        prefix = "" if "duplicate key" in problem or "YAML tag" in problem else "invalid YAML: "
        raise InputError(
            f"{prefix}{problem}", path=path, line=yaml_line, column=yaml_column
        ) from None
    except yaml.YAMLError as err:
        raise InputError(f"invalid YAML: {err}", path=path) from None
    except RecursionError:
        raise InputError(
            "nesting too deep to read (no snapshot nests that deep)", path=path, line=1, column=1
        ) from None


def _text_line_column(text: str, position: int) -> Position:
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1
