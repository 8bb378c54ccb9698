"""Format-preserving edits of snapshot files: only the text that must change changes."""

from __future__ import annotations

import difflib
from decimal import Decimal

import pytest

from ledgerlint.errors import InputError
from ledgerlint.errors import LedgerlintError
from ledgerlint.errors import PatchError
from ledgerlint.snapshot import parse_document
from ledgerlint.snapshot.roundtrip import apply_patch
from ledgerlint.snapshot.roundtrip import replace_sections

HAND_WRITTEN = """\
# yaml-language-server: $schema=./ledgerlint-snapshot.schema.json
# Example Law LLP: reviewed by J. Doe before go-live.
ledgerlint_snapshot: 1
captured_at: 2026-01-01T00:00:00Z   # overwritten by every pull

firm:
  name: 'Example Law LLP'
  jurisdictions: [CA, NY]           # both offices
  x-reviewer-notes: "keep an eye on the retainer"

clio_bill_syncing:
  connected: true
  category_mapping: {Litigation: Litigation Services}
  sync_bills_issued_on_or_after: 2025-01-01   # typed by the consultant
  trust_sync:
    enabled: true
    clio_bank_account: IOLTA Trust
bank:
  statements:
    - account: IOLTA Trust
      period_end: 2026-10-31
      ending_balance: "152340.18"
      outstanding:
        - {kind: check, number: "1043", amount: "1200.00"}
x-firm-note: kept as is
qbo: {Account: []}
"""


def _yaml(text: str) -> bytes:
    return text.encode()


def _data(raw: bytes, fmt: str = "yaml"):
    return parse_document(raw, "t", fmt).data  # type: ignore[arg-type]


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    """The original lines that a diff shows as replaced or deleted."""
    old = before.decode().splitlines()
    new = after.decode().splitlines()
    changed: list[str] = []
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            changed += old[i1:i2]
    return changed


def test_replace_sections_keeps_every_hand_written_line():
    """Only `captured_at` and `qbo` change; every comment and hand-written line is kept."""
    raw = _yaml(HAND_WRITTEN)
    sections = {
        "captured_at": "2026-11-20T09:00:00Z",
        "qbo": {
            "Account": [{"Id": "35", "Name": "IOLTA Trust", "CurrentBalance": Decimal("1.50")}]
        },
    }
    out = replace_sections(raw, "yaml", sections)
    assert _changed_lines(raw, out) == [
        "captured_at: 2026-01-01T00:00:00Z   # overwritten by every pull",
        "qbo: {Account: []}",
    ]
    text = out.decode()
    assert "captured_at: 2026-11-20T09:00:00Z   # overwritten by every pull\n" in text
    assert text.endswith(
        "qbo:\n  Account:\n    - Id: '35'\n      Name: IOLTA Trust\n      CurrentBalance: 1.50\n"
    )
    data = _data(out)
    assert data["qbo"]["Account"][0]["CurrentBalance"] == Decimal("1.50")
    assert str(data["qbo"]["Account"][0]["CurrentBalance"]) == "1.50"


def test_replace_sections_appends_missing_keys_after_the_rest():
    """A key the file lacks is added at the end; the file's last line is untouched."""
    raw = _yaml(HAND_WRITTEN)
    out = replace_sections(raw, "yaml", {"sources": {"qbo": "pulled", "clio": "not_pulled"}})
    assert out.startswith(raw)
    assert out[len(raw) :] == b"sources:\n  qbo: pulled\n  clio: not_pulled\n"


def test_replace_sections_without_final_newline():
    """A file that ends without a line break still gets a well-formed new entry."""
    out = replace_sections(b"a: 1  # one", "yaml", {"b": [1, 2]})
    assert out == b"a: 1  # one\nb:\n- 1\n- 2"
    assert _data(out) == {"a": 1, "b": [1, 2]}


@pytest.mark.parametrize("unit", ["  ", "    ", "\t"])
def test_json_keeps_its_indentation(unit):
    """New JSON members are indented with the file's own unit (spaces or tabs)."""
    raw = (
        "{\n"
        + unit
        + '"firm": {\n'
        + unit * 2
        + '"name": "X"\n'
        + unit
        + "},\n"
        + unit
        + '"qbo": {}\n}\n'
    ).encode()
    out = replace_sections(
        raw, "json", {"qbo": {"Account": [{"Id": "1"}]}, "sources": {"qbo": "pulled"}}
    )
    assert out.decode().startswith(
        "{\n" + unit + '"firm": {\n' + unit * 2 + '"name": "X"\n' + unit + "},\n"
    )
    for line in out.decode().splitlines()[1:-1]:
        indent = line[: len(line) - len(line.lstrip())]
        assert indent and indent == unit * (len(indent) // len(unit)), repr(line)
    assert _data(out, "json")["qbo"] == {"Account": [{"Id": "1"}]}


def test_compact_json_stays_compact():
    """A one-line JSON file gets one-line additions."""
    out = apply_patch(
        b'{"a": [1, 2], "b": {}}',
        "json",
        [{"op": "add", "path": "/b/c", "value": [Decimal("2.50")]}],
    )
    assert out == b'{"a": [1, 2], "b": {"c": [2.50]}}'


def test_replace_a_scalar_keeps_quoting_and_comments_elsewhere():
    """Replacing one value touches only that value's characters."""
    raw = _yaml(HAND_WRITTEN)
    out = apply_patch(
        raw, "yaml", [{"op": "replace", "path": "/firm/name", "value": "Example Law LLP (CA)"}]
    )
    assert _changed_lines(raw, out) == ["  name: 'Example Law LLP'"]
    assert "  name: Example Law LLP (CA)\n" in out.decode()


def test_replace_keeps_a_trailing_comment_on_the_same_line():
    """`key: value  # note` keeps its note."""
    raw = _yaml(HAND_WRITTEN)
    ops = [
        {
            "op": "replace",
            "path": "/clio_bill_syncing/sync_bills_issued_on_or_after",
            "value": "2025-06-01",
        }
    ]
    out = apply_patch(raw, "yaml", ops).decode()
    assert "  sync_bills_issued_on_or_after: 2025-06-01   # typed by the consultant\n" in out


def test_flow_collections_stay_flow():
    """Adding to `[CA, NY]` and `{Litigation: ...}` keeps them on their line."""
    ops = [
        {"op": "add", "path": "/firm/jurisdictions/-", "value": "TX"},
        {"op": "add", "path": "/firm/jurisdictions/0", "value": "AZ"},
        {
            "op": "add",
            "path": "/clio_bill_syncing/category_mapping/Probate",
            "value": "Probate Services",
        },
    ]
    out = apply_patch(_yaml(HAND_WRITTEN), "yaml", ops).decode()
    assert "  jurisdictions: [AZ, CA, NY, TX]           # both offices\n" in out
    assert (
        "  category_mapping: {Litigation: Litigation Services, Probate: Probate Services}\n" in out
    )


def test_block_additions_line_up_with_their_siblings():
    """A new map entry and a new list item take their siblings' indentation."""
    ops = [
        {
            "op": "add",
            "path": "/clio_bill_syncing/trust_sync/export",
            "value": {"trust_deposits": True},
        },
        {
            "op": "add",
            "path": "/bank/statements/-",
            "value": {"account": "Operating", "ending_balance": "10.00"},
        },
    ]
    raw = _yaml(HAND_WRITTEN)
    out = apply_patch(raw, "yaml", ops)
    assert _changed_lines(raw, out) == []
    text = out.decode()
    assert (
        "    clio_bank_account: IOLTA Trust\n    export:\n      trust_deposits: true\nbank:\n"
        in text
    )
    assert (
        '        - {kind: check, number: "1043", amount: "1200.00"}\n    - account: Operating\n      ending_balance: \'10.00\'\nx-firm-note'
        in text
    )


def test_remove_deletes_only_the_entry():
    """Removing a map entry, a list item and a flow member leaves the rest alone."""
    raw = _yaml(HAND_WRITTEN)
    ops = [
        {"op": "remove", "path": "/firm/x-reviewer-notes"},
        {"op": "remove", "path": "/firm/jurisdictions/1"},
        {"op": "remove", "path": "/bank/statements/0/outstanding/0/number"},
    ]
    out = apply_patch(raw, "yaml", ops)
    assert _changed_lines(raw, out) == [
        "  jurisdictions: [CA, NY]           # both offices",
        '  x-reviewer-notes: "keep an eye on the retainer"',
        '        - {kind: check, number: "1043", amount: "1200.00"}',
    ]
    data = _data(out)
    assert data["firm"] == {"name": "Example Law LLP", "jurisdictions": ["CA"]}


def test_removing_the_last_item_leaves_an_empty_collection():
    """A block map emptied by `remove` becomes `{}`, not null."""
    out = apply_patch(_yaml(HAND_WRITTEN), "yaml", [{"op": "remove", "path": "/bank/statements/0"}])
    assert "bank:\n  statements: []\nx-firm-note" in out.decode()
    assert _data(out)["bank"] == {"statements": []}


def test_move_copy_and_test():
    """`move`, `copy` and `test` behave as RFC 6902 says."""
    ops = [
        {"op": "test", "path": "/bank/statements/0/ending_balance", "value": "152340.18"},
        {"op": "copy", "from": "/firm/jurisdictions", "path": "/firm/x-offices"},
        {"op": "move", "from": "/x-firm-note", "path": "/firm/x-note"},
    ]
    data = _data(apply_patch(_yaml(HAND_WRITTEN), "yaml", ops))
    assert data["firm"]["x-offices"] == ["CA", "NY"]
    assert data["firm"]["x-note"] == "kept as is" and "x-firm-note" not in data


def test_a_missing_path_is_a_patch_error():
    """A path that does not exist names itself, and is a LedgerlintError (exit 2, one line)."""
    with pytest.raises(PatchError, match=r"^operation 1: no value at /firm/nme$") as caught:
        apply_patch(
            _yaml(HAND_WRITTEN), "yaml", [{"op": "replace", "path": "/firm/nme", "value": 1}]
        )
    assert isinstance(caught.value, LedgerlintError)
    with pytest.raises(PatchError, match="no value at /bank/statements/5"):
        apply_patch(
            _yaml(HAND_WRITTEN), "yaml", [{"op": "add", "path": "/bank/statements/5", "value": 1}]
        )
    with pytest.raises(PatchError, match="test failed at /firm/name"):
        apply_patch(
            _yaml(HAND_WRITTEN), "yaml", [{"op": "test", "path": "/firm/name", "value": "X"}]
        )
    with pytest.raises(PatchError, match="no value at /a/b"):
        apply_patch(b'{"a": {}}', "json", [{"op": "remove", "path": "/a/b"}])


def test_unreadable_input_is_an_input_error():
    """Broken JSON or YAML is reported, not edited."""
    with pytest.raises(InputError):
        apply_patch(b'{"a": ', "json", [{"op": "add", "path": "/b", "value": 1}])
    with pytest.raises(InputError):
        apply_patch(b"a: [1,\n", "yaml", [{"op": "add", "path": "/b", "value": 1}])


def test_byte_order_mark_and_unicode_survive():
    """A BOM and non-ASCII text outside the edit are kept byte for byte."""
    raw = "\ufeff# Café Law\nfirm: {name: Müller & Söhne}\nn: 1\n".encode()
    out = apply_patch(raw, "yaml", [{"op": "replace", "path": "/n", "value": Decimal("2.10")}])
    assert out == "\ufeff# Café Law\nfirm: {name: Müller & Söhne}\nn: 2.10\n".encode()


def test_block_value_replaced_by_a_scalar_and_back():
    """A block map can become a scalar and a scalar a block map, both valid YAML."""
    raw = b"a:\n  b: 1  # note\n  c: 2\nd: x\n"
    out = apply_patch(raw, "yaml", [{"op": "replace", "path": "/a", "value": None}])
    assert out == b"a: null\nd: x\n"
    back = apply_patch(out, "yaml", [{"op": "replace", "path": "/a", "value": {"b": 1}}])
    assert back == b"a:\n  b: 1\nd: x\n"
