"""Input that must be refused with one located line, and odd input that must be accepted.

`tests/data/bad-snapshots/expected.yaml` lists each bad file with the exact message that follows
its path: unknown keys with a suggestion, duplicate keys, nesting too deep, absurd amounts,
integers too long, control characters, YAML tags that are not plain data, wrong types and
values. `tests/data/odd-but-valid/` holds files that must be read. A property test then corrupts
a valid snapshot byte by byte: the answer is always a located error or a run, never a crash.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import ROOT
from helpers import TESTS
from helpers import registry
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ledgerlint.api import lint_documents
from ledgerlint.errors import InputError
from ledgerlint.snapshot import load_document
from ledgerlint.snapshot import parse_document
from ledgerlint.snapshot import read_snapshot

BAD = TESTS / "data" / "bad-snapshots"
ODD = TESTS / "data" / "odd-but-valid"
EXPECTED: dict[str, str] = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))
CLEAN_JSON = (TESTS / "fixtures" / "clean.yaml").read_bytes()


def _read(path: Path) -> None:
    read_snapshot(load_document(path))


def test_every_bad_file_has_an_expected_message() -> None:
    """The corpus and its expectations list the same files."""
    files = {p.name for p in BAD.iterdir() if p.name != "expected.yaml"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_snapshot_is_refused_with_one_located_line(name: str) -> None:
    """Refused with `file:line:col: message`, the message as expected."""
    path = BAD / name
    with pytest.raises(InputError) as caught:
        _read(path)
    assert str(caught.value) == f"{path}:{EXPECTED[name]}"
    assert caught.value.line is not None and caught.value.column is not None


@pytest.mark.parametrize("name", sorted(p.name for p in ODD.iterdir() if p.suffix != ".md"))
def test_odd_but_valid_snapshot_is_read(name: str) -> None:
    """A byte-order mark, `x-` keys, unread API entities and unknown API fields are accepted."""
    _read(ODD / name)


@pytest.mark.parametrize("name", ["top-level-typo.yaml", "duplicate-entity-field.json"])
def test_the_command_line_says_it_in_one_line_and_exits_2(name: str) -> None:
    """Through the CLI: exit 2, nothing on stdout, one line on stderr, no traceback."""
    env = {**os.environ, "LEDGERLINT_LOAD_PLUGINS": "", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "ledgerlint", "check", str(BAD / name)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"ledgerlint: error: {BAD / name}:{EXPECTED[name]}\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["yaml", "json"]),
)
def test_corrupted_bytes_never_crash(edits: list[tuple[int, int]], fmt: str) -> None:
    """Whatever bytes are overwritten, reading gives an `InputError`, or a snapshot on which every
    rule runs or says it could not: never a crash."""
    raw = bytearray(CLEAN_JSON if fmt == "yaml" else _clean_as_json())
    for position, value in edits:
        raw[position % len(raw)] = value
    try:
        document = parse_document(bytes(raw), f"corrupt.{fmt}", fmt)  # type: ignore[arg-type]
        report = lint_documents([document], registry=registry())
    except InputError as err:
        assert err.path == f"corrupt.{fmt}"
        return
    assert [n.message for n in report.errors()] == []


_JSON_CACHE: list[bytes] = []


def _clean_as_json() -> bytes:
    if not _JSON_CACHE:
        from helpers import fixture
        from helpers import to_json_bytes

        _JSON_CACHE.append(to_json_bytes(fixture("clean.yaml")))
    return _JSON_CACHE[0]
