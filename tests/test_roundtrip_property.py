"""Properties of format-preserving edits, for any document and any operation (hypothesis).

For each generated document (YAML in several hand-written styles with comments, or JSON with
any indentation) and each operation: the result reads back as the patched data, every top-level
entry the operation does not touch is byte-identical, and no comment is lost unless it sat
inside the value that was replaced or removed.
"""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ledgerlint.snapshot import parse_document
from ledgerlint.snapshot.render import _ExactDumper
from ledgerlint.snapshot.render import _IndentedDumper
from ledgerlint.snapshot.roundtrip import apply_patch
from ledgerlint.snapshot.roundtrip import replace_sections

_WORD = st.text(alphabet="abcdefgxyz-_ 0123", min_size=1, max_size=6)
_KEYS = _WORD.filter(lambda k: k.strip() == k)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False)
    | st.text(alphabet="abcXYZ 09:#-'\".,é", max_size=10)
    | st.sampled_from(["2026-10-31", "2026-11-20T09:00:00Z", "yes", "1.50", "null", ""])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=12,
)
_DOCUMENTS = st.dictionaries(_KEYS.map(lambda k: "k" + k), _VALUES, min_size=1, max_size=5)


def _pointers(value: Any, prefix: str = "") -> list[str]:
    found = []
    if isinstance(value, dict):
        for key, child in value.items():
            pointer = prefix + "/" + key.replace("~", "~0").replace("/", "~1")
            found += [pointer, *_pointers(child, pointer)]
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += [f"{prefix}/{index}", *_pointers(child, f"{prefix}/{index}")]
    return found


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _reference_patch(document: Any, op: dict[str, Any]) -> Any:
    """RFC 6902 on plain data: what the edited file must read back as."""
    result = copy.deepcopy(document)
    *parents, last = _tokens(op["path"])
    target = result
    for token in parents:
        target = target[int(token)] if isinstance(target, list) else target[token]
    if op["op"] == "remove":
        del target[int(last) if isinstance(target, list) else last]
    elif isinstance(target, list):
        index = len(target) if last == "-" else int(last)
        if op["op"] == "add":
            target.insert(index, op["value"])
        else:
            target[index] = op["value"]
    else:
        target[last] = op["value"]
    return result


@st.composite
def _operations(draw: Any, document: dict[str, Any]) -> dict[str, Any]:
    pointers = _pointers(document)
    pointer = draw(st.sampled_from(pointers))
    kind = draw(st.sampled_from(["replace", "remove", "add"]))
    value = draw(_VALUES)
    if kind != "add":
        return {"op": kind, "path": pointer, "value": value}
    container = [p for p in ["", *pointers] if isinstance(_at(document, p), dict | list)]
    parent = draw(st.sampled_from(container))
    held = _at(document, parent)
    if isinstance(held, list):
        token = draw(st.sampled_from(["-", *map(str, range(len(held) + 1))]))
    else:
        token = draw(_KEYS)
    return {
        "op": "add",
        "path": f"{parent}/{token.replace('~', '~0').replace('/', '~1')}",
        "value": value,
    }


def _at(document: Any, pointer: str) -> Any:
    for token in _tokens(pointer):
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


def _commented_yaml(document: dict[str, Any], indented: bool, flow: bool, seed: int) -> str:
    """The document as a person might write it: block or mixed flow, with comments between
    lines and after values."""
    text = yaml.dump(
        document,
        Dumper=_IndentedDumper if indented else _ExactDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None if flow else False,
        width=4096,
    )
    lines = []
    for number, line in enumerate(text.splitlines()):
        if (number + seed) % 3 == 0:
            lines.append(f"# c{number}")
        if (number + seed) % 4 == 1 and not line.rstrip().endswith(("|", "|-", ">")):
            line += f"  # t{number}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _top_level_blocks(text: str) -> dict[str, str]:
    """Each top-level entry's lines, keyed by the line that opens it."""
    blocks: dict[str, str] = {}
    current = None
    for line in text.splitlines(keepends=True):
        if re.match(r"[^\s#-]", line):
            current = line
            blocks[current] = ""
        if current is not None:
            blocks[current] += line
    return blocks


def _read(raw: bytes, fmt: str) -> Any:
    return parse_document(raw, "t", fmt).data  # type: ignore[arg-type]


@settings(max_examples=120, deadline=None)
@given(st.data(), _DOCUMENTS, st.booleans(), st.booleans(), st.integers(0, 11))
def test_yaml_edits_are_exact_and_local(data, document, indented, flow, seed):
    """Any op: the file reads back as the patched data; other top-level entries are unchanged;
    comments outside the changed value survive."""
    source = _commented_yaml(document, indented, flow, seed)
    raw = source.encode()
    assert _read(raw, "yaml") == document
    op = data.draw(_operations(document))
    out = apply_patch(raw, "yaml", [op])
    assert _read(out, "yaml") == _reference_patch(document, op)
    top = _tokens(op["path"])[0]
    before, after = _top_level_blocks(source), _top_level_blocks(out.decode())
    for opening, block in before.items():
        if not opening.startswith(yaml.dump({top: None}, Dumper=_ExactDumper).split(":")[0] + ":"):
            assert after.get(opening, block) == block or block in out.decode()
    touched = _at(document, op["path"]) if op["op"] != "add" else None
    if op["op"] == "add" or not isinstance(touched, dict | list):
        # A removed entry may take the comment at the end of its own line with it.
        kept = r"# c\d+" if op["op"] == "remove" else r"# [ct]\d+"
        for comment in re.findall(kept, source):
            assert comment in out.decode(), (comment, op)


@settings(max_examples=80, deadline=None)
@given(_DOCUMENTS, _DOCUMENTS, st.booleans(), st.integers(0, 11))
def test_replace_sections_keeps_the_other_sections(document, sections, indented, seed):
    """Replacing sections leaves every other top-level entry byte-identical."""
    source = _commented_yaml(document, indented, False, seed)
    out = replace_sections(source.encode(), "yaml", sections)
    assert _read(out, "yaml") == {**document, **sections}
    kept = [key for key in document if key not in sections]
    for opening, block in _top_level_blocks(source).items():
        key = yaml.safe_load(opening.split("  #")[0]) if ":" in opening else None
        if isinstance(key, dict) and next(iter(key)) in kept:
            assert block.rstrip("\n").split("\n# c")[0] in out.decode()


@settings(max_examples=120, deadline=None)
@given(st.data(), _DOCUMENTS, st.sampled_from([None, 1, 2, 4, "\t"]))
def test_json_edits_are_exact_and_keep_the_indentation(data, document, indent):
    """Any op on JSON: exact read-back, and every line indented in the file's own unit."""
    source = json.dumps(document, indent=indent, ensure_ascii=False, default=str)
    plain = json.loads(source, parse_float=Decimal)
    op = data.draw(_operations(plain))
    out = apply_patch(source.encode(), "json", [op])
    assert _read(out, "json") == _reference_patch(plain, op)
    if indent is None:
        assert "\n" not in out.decode()
        return
    unit = indent if isinstance(indent, str) else " " * indent
    for line in out.decode().splitlines():
        pad = line[: len(line) - len(line.lstrip(" \t"))]
        assert pad == unit * (len(pad) // len(unit)), (repr(line), op)
