"""A `SourceDocument` to a typed `Snapshot`, strictly, with every error located.

JSON is decoded from its bytes straight into the models, one section (and under `qbo` and
`clio`, one entity list) at a time, with msgspec: there is never a dict tree of the whole file.
YAML, already plain data, is converted with the same models. Either way the same checks run:

1. the document is a mapping with no repeated keys at any level a person writes (the JSON API
   lists are machine-written and are checked at the levels above their entities; see
   docs/input.md), and every key is one the format knows (`known_keys.py`), `x-` keys aside;
2. the header: `ledgerlint_snapshot: 1` and `captured_at`;
3. every section into its model; a wrong type names the field;
4. every amount is exact and sane (`amounts.py`).

Errors are `SnapshotFormatError`s naming file, line and column.
"""

from __future__ import annotations

import re
from datetime import UTC
from datetime import datetime
from decimal import Decimal
from typing import Any

import msgspec

from ledgerlint.errors import SnapshotFormatError
from ledgerlint.models.clio import CLIO_ENTITY_TYPES
from ledgerlint.models.clio import Clio
from ledgerlint.models.qbo import QBO_ENTITY_TYPES
from ledgerlint.models.qbo import Qbo
from ledgerlint.models.settings import Bank
from ledgerlint.models.settings import BillSyncing
from ledgerlint.models.settings import Firm
from ledgerlint.models.settings import Sources
from ledgerlint.models.snapshot import FORMAT_VERSION
from ledgerlint.models.snapshot import Snapshot
from ledgerlint.snapshot import json_scan
from ledgerlint.snapshot.known_keys import api_entity_names
from ledgerlint.snapshot.known_keys import is_extension
from ledgerlint.snapshot.known_keys import nearest
from ledgerlint.snapshot.known_keys import unknown_keys
from ledgerlint.snapshot.loader import SourceDocument
from ledgerlint.snapshot.loader import gc_paused
from ledgerlint.snapshot.loader import json_syntax_error
from ledgerlint.snapshot.loader import line_column
from ledgerlint.snapshot.loader import release
from ledgerlint.snapshot.plain import decode_plain
from ledgerlint.snapshot.positions import join_pointer

HEADER = ("ledgerlint_snapshot", "captured_at")
SECTION_MODELS: dict[str, type[msgspec.Struct]] = {
    "firm": Firm,
    "clio_bill_syncing": BillSyncing,
    "bank": Bank,
    "sources": Sources,
}
API_MODELS: dict[str, tuple[type[msgspec.Struct], dict[str, type[Any]]]] = {
    "qbo": (Qbo, dict(QBO_ENTITY_TYPES)),
    "clio": (Clio, dict(CLIO_ENTITY_TYPES)),
}
_OPAQUE_QBO = ("CompanyInfo", "Preferences")
"""Kept as plain mappings: rules read a few settings of the many these objects carry."""
TOP_LEVEL_KEYS = (*HEADER, *SECTION_MODELS, *API_MODELS)

_PATH_TOKEN = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}


def read_snapshot(document: SourceDocument) -> Snapshot:
    """Check and decode a document into the typed snapshot; errors name file:line:col."""
    reader = _JsonReader(document) if document.format == "json" else _YamlReader(document)
    try:
        with gc_paused():
            snapshot = _decode(reader)
    except RecursionError:
        raise SnapshotFormatError(
            "nesting too deep to read (no snapshot nests that deep)",
            path=document.path,
            line=1,
            column=1,
        ) from None
    from ledgerlint.snapshot.amounts import check_amounts

    problem = check_amounts(snapshot) or _statement_totals(snapshot)
    if problem is not None:
        pointer, message = problem
        reader.fail(message, pointer)
    return snapshot


def _statement_totals(snapshot: Snapshot) -> tuple[str, str] | None:
    """A statement that itemises its outstanding checks and deposits and also gives their
    totals must give the sums (snapshot-format.md): two figures for one thing is an error."""
    from ledgerlint.models.money import money

    statements = (snapshot.bank.statements if snapshot.bank else None) or []
    for index, statement in enumerate(statements):
        for field, kind, label in (
            ("deposits_in_transit", "deposit", "deposits"),
            ("outstanding_checks", "check", "checks"),
        ):
            given = getattr(statement, field)
            itemised = statement.outstanding_total(kind)  # type: ignore[arg-type]
            if given is not None and itemised is not None and given != itemised:
                return (
                    f"/bank/statements/{index}/{field}",
                    f"{field} is {money(given)} but the itemised outstanding {label} add up to "
                    f"{money(itemised)}: give one figure (or correct the items)",
                )
    return None


def _decode(reader: _Reader) -> Snapshot:
    top = reader.top()
    if "ledgerlint_snapshot" not in top:
        reader.fail("not a ledgerlint snapshot: the header `ledgerlint_snapshot: 1` is missing", "")
    version = reader.plain(top["ledgerlint_snapshot"])
    if version != FORMAT_VERSION or isinstance(version, bool):
        shown = str(version).lower() if isinstance(version, bool) else repr(version)
        reader.fail(
            f"unsupported snapshot format {shown} (this ledgerlint reads format {FORMAT_VERSION})",
            "/ledgerlint_snapshot",
        )
    for key in top:
        if key not in TOP_LEVEL_KEYS and not is_extension(key):
            suggestion = nearest(key, TOP_LEVEL_KEYS)
            hint = f' (did you mean "{suggestion}"?)' if suggestion else ""
            reader.fail(f'unknown key "{key}"{hint}', join_pointer([key]))
    if "captured_at" not in top:
        reader.fail("captured_at: missing (when the data was read; time-based rules need it)", "")
    values: dict[str, Any] = {
        "ledgerlint_snapshot": FORMAT_VERSION,
        "captured_at": _timestamp(reader, reader.plain(top["captured_at"]), "/captured_at"),
    }
    for name, model in SECTION_MODELS.items():
        if name in top:
            values[name] = _hand_written(reader, name, top[name], model)
    for name, (model, entity_types) in API_MODELS.items():
        if name in top:
            values[name] = _api_section(reader, name, top[name], model, entity_types)
    snapshot = Snapshot(**values)
    _fix_timestamps(reader, snapshot)
    return snapshot


def _hand_written(reader: _Reader, name: str, handle: Any, model: type[Any]) -> Any:
    plain = reader.plain(handle, check_duplicates=True)
    if plain is None:
        return None
    for unknown in unknown_keys(plain, model, f"/{name}"):
        reader.fail(unknown.message(), unknown.pointer)
        break
    return reader.convert(plain, model, f"/{name}")


def _api_section(
    reader: _Reader,
    name: str,
    handle: Any,
    model: type[Any],
    entity_types: dict[str, type[Any]],
) -> Any:
    members = reader.members(handle, f"/{name}")
    if members is None:
        return None
    known = api_entity_names(name)
    values: dict[str, Any] = {}
    for key, item in members.items():
        pointer = join_pointer([name, key])
        if key in entity_types:
            entities = reader.typed(item, list[entity_types[key]] | None, pointer)  # type: ignore[valid-type]
            for index, entity in enumerate(entities or ()):
                entity.list_index = index
            values[key] = entities
        elif name == "qbo" and key in _OPAQUE_QBO:
            value = reader.plain(item, check_duplicates=True)
            if value is not None and not isinstance(value, dict):
                reader.fail(f"expected a mapping, got {_kind(value)}", pointer)
            values[key] = value
        elif key not in known and not is_extension(key):
            suggestion = nearest(key, [*entity_types, *known])
            hint = f' (did you mean "{suggestion}"?)' if suggestion else ""
            what = "QuickBooks Online entity" if name == "qbo" else "Clio resource"
            reader.fail(f'unknown key "{key}": no {what} has that name{hint}', pointer)
    return model(**values)


def _timestamp(reader: _Reader, value: Any, pointer: str) -> datetime:
    if isinstance(value, datetime):
        return value
    when = reader.convert(value, datetime, pointer)
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _fix_timestamps(reader: _Reader, snapshot: Snapshot) -> None:
    """A timestamp without a zone is read as UTC (docs/input.md), so that comparing it with
    one that has a zone never fails."""
    syncing = snapshot.clio_bill_syncing
    if syncing is None:
        return
    if syncing.last_successful_sync_at and syncing.last_successful_sync_at.tzinfo is None:
        syncing.last_successful_sync_at = syncing.last_successful_sync_at.replace(tzinfo=UTC)
    for error in syncing.sync_errors or []:
        if error.at is not None and error.at.tzinfo is None:
            error.at = error.at.replace(tzinfo=UTC)


# --- the two formats ---------------------------------------------------------------------------


class _Reader:
    """What decoding needs from a document, whichever its format."""

    def __init__(self, document: SourceDocument) -> None:
        self.document = document

    def fail(self, message: str, pointer: str, *, offset: int | None = None) -> Any:
        if offset is not None:
            line, column = line_column(self.document.raw, offset)
        else:
            line, column = self.document.positions([pointer])[pointer]
        raise SnapshotFormatError(message, path=self.document.path, line=line, column=column)

    def top(self) -> dict[str, Any]:
        raise NotImplementedError

    def members(self, handle: Any, pointer: str) -> dict[str, Any] | None:
        raise NotImplementedError

    def plain(self, handle: Any, *, check_duplicates: bool = False) -> Any:
        raise NotImplementedError

    def typed(self, handle: Any, model: Any, pointer: str) -> Any:
        raise NotImplementedError

    def convert(self, plain: Any, model: Any, pointer: str) -> Any:
        try:
            return msgspec.convert(plain, model)
        except msgspec.ValidationError as err:
            self._invalid(err, model, pointer)

    def _invalid(self, err: msgspec.ValidationError, model: Any, pointer: str) -> Any:
        message, path = _split_error(str(err))
        tokens = [m.group(1) or m.group(2) for m in _PATH_TOKEN.finditer(path)]
        if "..." in tokens:  # msgspec does not name mapping keys: point at the mapping
            tokens = tokens[: tokens.index("...")]
        where = pointer + join_pointer(list(tokens))
        allowed = _allowed_values(model, tokens) if message.startswith("Invalid enum") else None
        text = _friendly(message)
        if allowed:
            text += f" (expected one of: {', '.join(allowed)})"
        self.fail(f"{_dotted(where)}: {text}", where)


class _JsonReader(_Reader):
    def top(self) -> dict[str, Any]:
        members = self.document.top_members
        if members is None:
            self.fail("a snapshot is a mapping (JSON object)", "", offset=0)
        return {m.key: m for m in members}

    def members(self, handle: Any, pointer: str) -> dict[str, Any] | None:
        raw = self.document.raw
        if json_scan.value_kind(raw, handle.start) != "object":
            if raw[handle.start : handle.start + 4] == b"null":
                return None
            self.fail(f"expected a mapping, got {self._kind_at(handle.start)}", pointer)
        try:
            found = self.document.scanner.members(handle.start, handle.end)
        except msgspec.DecodeError as err:
            self._malformed(err, handle.start)
        except json_scan.DuplicateKeyError as err:
            self.fail(str(err), "", offset=err.offset)
        return {m.key: m for m in found}

    def plain(self, handle: Any, *, check_duplicates: bool = False) -> Any:
        raw = self.document.raw
        try:
            if check_duplicates:
                json_scan.check_no_duplicates(raw, handle.start, handle.end)
            return decode_plain(raw, handle.start, handle.end)
        except json_scan.DuplicateKeyError as err:
            self.fail(str(err), "", offset=err.offset)
        except msgspec.DecodeError as err:
            self._malformed(err, handle.start)

    def typed(self, handle: Any, model: Any, pointer: str) -> Any:
        decoder = _decoders.get(model)
        if decoder is None:
            decoder = _decoders[model] = msgspec.json.Decoder(model, float_hook=Decimal)
        try:
            decoded = decoder.decode(memoryview(self.document.raw)[handle.start : handle.end])
            release(self.document.raw, handle.start, handle.end)
            return decoded
        except msgspec.ValidationError as err:
            self._invalid(err, model, pointer)
        except msgspec.DecodeError as err:
            self._malformed(err, handle.start)

    def _malformed(self, err: msgspec.DecodeError, base: int) -> Any:
        raise json_syntax_error(err, self.document.raw, base, self.document.path) from None

    def _kind_at(self, start: int) -> str:
        first = self.document.raw[start : start + 1]
        return {b"[": "a list", b'"': "a string", b"t": "a boolean", b"f": "a boolean"}.get(
            first, "a number"
        )


class _YamlReader(_Reader):
    def top(self) -> dict[str, Any]:
        data = self.document.yaml_data
        if not isinstance(data, dict):
            self.fail("a snapshot is a mapping (YAML mapping of keys to values)", "")
        return {str(k): v for k, v in data.items()}

    def members(self, handle: Any, pointer: str) -> dict[str, Any] | None:
        if handle is None:
            return None
        if not isinstance(handle, dict):
            self.fail(f"expected a mapping, got {_kind(handle)}", pointer)
        return {str(k): v for k, v in handle.items()}

    def plain(self, handle: Any, *, check_duplicates: bool = False) -> Any:
        return handle  # the strict YAML loader has refused duplicates already

    def typed(self, handle: Any, model: Any, pointer: str) -> Any:
        return self.convert(handle, model, pointer)


# --- messages ----------------------------------------------------------------------------------

_TYPE_WORDS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "decimal": "a number",
    "bool": "a boolean",
    "null": "null",
    "object": "a mapping",
    "array": "a list",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a timestamp (YYYY-MM-DDTHH:MM:SSZ)",
}


def _dotted(pointer: str) -> str:
    """`/qbo/Invoice/3/Id` as `qbo.Invoice[3].Id`."""
    text = ""
    for token in pointer.strip("/").split("/") if pointer.strip("/") else []:
        text += f"[{token}]" if token.isdigit() else (f".{token}" if text else token)
    return text or "(document)"


def _allowed_values(model: Any, tokens: list[str]) -> list[str] | None:
    """The values a Literal field at this path allows (for a wrong setting's message)."""
    from msgspec import inspect

    info = inspect.type_info(model)
    for token in tokens:
        info = _unwrap(info)
        if isinstance(info, inspect.StructType):
            field = next((f for f in info.fields if f.encode_name == token), None)
            if field is None:
                return None
            info = field.type
        elif isinstance(info, inspect.ListType) and token.isdigit():
            info = info.item_type
        else:
            return None
    info = _unwrap(info)
    if isinstance(info, inspect.LiteralType):
        return [str(v) for v in info.values]
    return None


def _unwrap(info: Any) -> Any:
    from msgspec import inspect

    if isinstance(info, inspect.UnionType):
        members = [t for t in info.types if not isinstance(t, inspect.NoneType)]
        return members[0] if len(members) == 1 else info
    return info


def _split_error(text: str) -> tuple[str, str]:
    if " - at `" in text:
        message, _, path = text.rpartition(" - at `")
        return message, path.rstrip("`")
    return text, "$"


def _friendly(message: str) -> str:
    """msgspec's wording, in the words a bookkeeper reads."""

    def words(match: re.Match[str]) -> str:
        names = [n.strip().strip("`") for n in match.group(1).split("|")]
        return " or ".join(_TYPE_WORDS.get(n, n) for n in names)

    expected = re.match(r"Expected `([^`]+)`, got `([^`]+)`", message)
    if expected:
        wanted = " or ".join(
            _TYPE_WORDS.get(n.strip(), n.strip()) for n in expected.group(1).split("|")
        )
        got = _TYPE_WORDS.get(expected.group(2), expected.group(2))
        return f"expected {wanted}, got {got}"
    missing = re.match(r"Object missing required field `([^`]+)`", message)
    if missing:
        return f"missing required field `{missing.group(1)}`"
    enum = re.match(r"Invalid enum value (.+)", message)
    if enum:
        return f"invalid value {enum.group(1)}"
    if message.startswith("Invalid RFC3339 encoded date"):
        wanted = "datetime" if "datetime" in message else "date"
        return f"expected {_TYPE_WORDS[wanted]}"
    return message[:1].lower() + message[1:]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, Decimal)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "null"
