"""Many snapshots: folders searched by extension and header, files linted in worker processes
with output byte-identical to a serial run, one bad file reported while the others run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ROOT
from helpers import fixture
from helpers import registry
from helpers import run_cli as ledgerlint
from helpers import to_json_bytes

from ledgerlint.batch import expand
from ledgerlint.batch import input_messages
from ledgerlint.batch import lint_paths
from ledgerlint.batch import looks_like_snapshot
from ledgerlint.errors import InputError
from ledgerlint.reporters import renderer

EXAMPLE = ROOT / "examples" / "example-firm.yaml"
CLEAN = ROOT / "tests" / "fixtures" / "clean.yaml"
BAD_JSON = '{\n  "ledgerlint_snapshot": 1,\n  "captured_at": ]\n}\n'


def practice(root: Path) -> Path:
    """A bookkeeping practice's folder: snapshots of several firms in sub-folders, next to
    files that are not snapshots (which must be skipped, not reported)."""
    clients = root / "clients"
    for index, name in enumerate(["acme", "bayview", "cedar", "dunmore"]):
        folder = clients / ("east" if index % 2 else "west") / name
        folder.mkdir(parents=True)
        shutil.copy(EXAMPLE if index % 2 else CLEAN, folder / "snapshot.yaml")
    data = fixture("clean.yaml")
    data["firm"]["name"] = "Elm & Fir LLP"
    data["clio_bill_syncing"]["sync_timing"] = "real_time"
    (clients / "west" / "elm.json").write_bytes(to_json_bytes(data))
    (clients / "west" / "settings.yaml").write_text("select: [ALL]\n")
    (clients / "east" / "package.json").write_text('{"name": "not-a-snapshot"}\n')
    (clients / "east" / "notes.txt").write_text("ledgerlint_snapshot: 1\n")
    hidden = clients / ".git"
    hidden.mkdir()
    shutil.copy(CLEAN, hidden / "old.yaml")
    return clients


def test_folders_are_searched_by_extension_and_header(tmp_path: Path) -> None:
    """Snapshot files in path order; other .json/.yaml files skipped and counted; other
    extensions and hidden folders ignored."""
    clients = practice(tmp_path)
    inputs = expand([str(clients)])
    found = [Path(s.path).relative_to(clients).as_posix() for s in inputs.sources]
    assert found == [
        "east/bayview/snapshot.yaml",
        "east/dunmore/snapshot.yaml",
        "west/acme/snapshot.yaml",
        "west/cedar/snapshot.yaml",
        "west/elm.json",
    ]
    skipped = sorted(Path(p).name for p in inputs.skipped)
    assert skipped == ["package.json", "settings.yaml"]


def test_header_is_found_wherever_it_is(tmp_path: Path) -> None:
    """After a byte-order mark, in quotes, or after a megabyte of sorted keys."""
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfledgerlint_snapshot: 1\n")
    late = tmp_path / "late.json"
    late.write_text('{"a": "' + "x" * 1_000_000 + '",\n "ledgerlint_snapshot": 1}')
    quoted = tmp_path / "quoted.yaml"
    quoted.write_text("# comment\n'ledgerlint_snapshot': 1\n")
    nested = tmp_path / "nested.yaml"
    nested.write_text("config:\n  mentions: ledgerlint_snapshot is a key\n")
    assert all(looks_like_snapshot(p) for p in (bom, late, quoted))
    assert not looks_like_snapshot(nested)


def test_parallel_output_is_byte_identical_to_serial(tmp_path: Path) -> None:
    """--jobs 2 and --jobs 1 give the same report in every format, redacted or not."""
    clients = practice(tmp_path)
    for redact in (False, True):
        serial = lint_paths([str(clients)], jobs=1, redact=redact)
        parallel = lint_paths([str(clients)], jobs=2, redact=redact)
        assert serial.report is not None and parallel.report is not None
        for fmt in ("text", "json", "sarif"):
            assert renderer(fmt)(parallel.report) == renderer(fmt)(serial.report)
        assert len(serial.report.files) == 5


def test_batch_equals_one_run_over_the_same_files(tmp_path: Path) -> None:
    """The batch merge is the library's own `lint` over the files in the same order."""
    from ledgerlint.api import lint

    clients = practice(tmp_path)
    files = [s.path for s in expand([str(clients)]).sources]
    batch = lint_paths(files, registry=registry(), redact=True)
    assert batch.report == lint(files, registry=registry(), redact=True)


def test_one_bad_file_is_reported_and_the_others_run(tmp_path: Path) -> None:
    """The bad file: its one-line error, an `input-error` notification; the rest are linted."""
    clients = practice(tmp_path)
    (clients / "west" / "broken.json").write_text(BAD_JSON)
    batch = lint_paths([str(clients)], jobs=2)
    assert batch.report is not None and len(batch.report.files) == 5
    (bad,) = batch.bad
    assert bad.message == f"{clients}/west/broken.json:3:18: invalid JSON: invalid character"
    (note,) = [n for n in batch.report.notifications if n.kind == "input-error"]
    assert note.file.endswith("broken.json") and batch.report.errors() == (note,)
    run = json.loads(renderer("sarif")(batch.report))["runs"][0]
    assert not run["invocations"][0]["executionSuccessful"]
    levels = [
        n["level"]
        for n in run["invocations"][0]["toolExecutionNotifications"]
        if n["descriptor"]["id"] == "input-error"
    ]
    assert levels == ["error"]
    assert f"::error file={note.file}," in renderer("github")(batch.report)
    assert input_messages(batch) == [
        f"ledgerlint: error: {bad.message}",
        "ledgerlint: skipped 2 files in folders without a ledgerlint_snapshot header "
        "(not snapshots)",
    ]


def test_a_folder_without_snapshots_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text("{}")
    with pytest.raises(InputError, match="no snapshot files found"):
        lint_paths([str(tmp_path)])


def test_cli_check_folder_with_jobs(tmp_path: Path) -> None:
    """`check DIR --jobs 4` prints exactly what `--jobs 1` prints, with a portfolio line per
    firm; a bad file makes the exit code 2 and is named on standard error."""
    practice(tmp_path)
    serial = ledgerlint("check", "clients", "--jobs", "1", cwd=tmp_path)
    parallel = ledgerlint("check", "clients", "--jobs", "4", cwd=tmp_path)
    assert serial.returncode == parallel.returncode == 1
    assert parallel.stdout == serial.stdout
    assert "Portfolio (5 snapshots):" in serial.stdout
    assert "  ready with warnings   0 errors  1 warning " in serial.stdout
    (tmp_path / "clients" / "broken.yaml").write_text("ledgerlint_snapshot: 1\ncaptured_at: [\n")
    broken = ledgerlint("check", "clients", "--jobs", "2", "--format", "json", cwd=tmp_path)
    assert broken.returncode == 2
    assert broken.stderr.startswith(
        "ledgerlint: error: clients/broken.yaml:3:1: invalid YAML: did not find expected node"
    )
    document = json.loads(broken.stdout)
    assert len(document["files"]) == 5
    (note,) = [n for n in document["notifications"] if n["kind"] == "input-error"]
    assert note["file"] == "clients/broken.yaml"
    text = ledgerlint("check", "clients", cwd=tmp_path).stdout
    assert "  could not be read    clients/broken.yaml\n" in text
    assert text.rstrip().endswith("(1 file could not be read).")


def test_cli_report_folder_has_a_portfolio(tmp_path: Path) -> None:
    """`report DIR`: one line per firm first, then each firm's report; exit 1 (not ready)."""
    practice(tmp_path)
    result = ledgerlint("report", "clients", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "# Go-live readiness: 5 snapshots"
    assert (
        lines[4]
        == ("| ready | Harbor & Vale LLP | 0 | 0 | $0.00 | clients/east/bayview/snapshot.yaml |")
        or "| not ready |" in lines[4]
    )
    assert result.stdout.count("\n## Go-live readiness: ") == 5
