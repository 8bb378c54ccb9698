"""Output never destroys anything: same-file refusal, devices, FIFOs, symlinks, full disks,
signals mid-write, and one clean line for every bad input or output path."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import FIXTURES
from helpers import ROOT
from helpers import TESTS

from ledgerlint import atomic
from ledgerlint.errors import OutputError

CORPUS = yaml.safe_load((TESTS / "data" / "safety" / "outputs.yaml").read_text("utf-8"))


def run_main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """`ledgerlint ARGS` in this process (fast); returns the exit code."""
    from ledgerlint.cli import run

    monkeypatch.setenv("NO_COLOR", "1")
    return run(args)


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:  # not Path.read_bytes: a case may make that fail
        return hashlib.sha256(handle.read()).hexdigest()


def _fingerprints(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): _digest(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    shutil.copy(FIXTURES / "clean.yaml", tmp_path / "clean.yaml")
    (tmp_path / "reports").mkdir()
    (tmp_path / "cfg.yaml").write_text("select: [ALL]\n")
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def _fault(monkeypatch: pytest.MonkeyPatch, call: str, number: int) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(number, os.strerror(number))

    def half_then_fail(fd: int, payload: bytes) -> None:
        os.write(fd, payload[: len(payload) // 2])
        fail()

    def unreadable(self: Path) -> bytes:
        if self.name == "clean.yaml":
            fail()
        return original_read_bytes(self)

    original_read_bytes = Path.read_bytes
    if call == "_write_all":
        monkeypatch.setattr(atomic, "_write_all", half_then_fail)
    elif call == "mkstemp":
        monkeypatch.setattr(atomic.tempfile, "mkstemp", fail)
    elif call == "replace":
        monkeypatch.setattr(atomic.os, "replace", fail)
    elif call == "read_bytes":
        monkeypatch.setattr(Path, "read_bytes", unreadable)
    else:
        raise AssertionError(f"unknown fault {call}")


@pytest.mark.parametrize("case", CORPUS, ids=[case["name"] for case in CORPUS])
def test_bad_output_or_input_path_is_one_line_and_destroys_nothing(
    case: dict[str, Any],
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each corpus case: exit 2, exactly its one line on stderr, nothing on stdout, every file
    as it was and no temporary file left."""
    setup = case.get("setup") or {}
    for name, content in (setup.get("file") or {}).items():
        (workdir / name).write_text(content)
    for name, existing in (setup.get("hardlink") or {}).items():
        os.link(workdir / existing, workdir / name)
    for name, existing in (setup.get("symlink") or {}).items():
        (workdir / name).symlink_to(existing)
    sockets = []
    for name in setup.get("socket") or []:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(workdir / name))
        sockets.append(server)
    before = _fingerprints(workdir)
    if "fault" in case:
        _fault(monkeypatch, case["fault"]["call"], getattr(errno, case["fault"]["errno"]))
    try:
        code = run_main(case["args"], monkeypatch)
    finally:
        for server in sockets:
            server.close()
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err == f"ledgerlint: error: {case['error']}\n"
    assert _fingerprints(workdir) == before
    assert not [p for p in workdir.rglob("*.tmp")]


def _ledgerlint(*args: str, cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LEDGERLINT_LOAD_PLUGINS": "", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "ledgerlint", *args],
        cwd=cwd,
        env=env,
        capture_output=kwargs.pop("capture_output", True),
        check=False,
        **kwargs,
    )


def test_standard_input_redirected_from_the_output_is_refused(workdir: Path) -> None:
    """`check - -o firm.yaml < firm.yaml` would replace the snapshot: refused, file kept."""
    before = (workdir / "clean.yaml").read_bytes()
    with open(workdir / "clean.yaml", "rb") as stdin:
        result = _ledgerlint("check", "-", "-o", "clean.yaml", cwd=workdir, stdin=stdin)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "ledgerlint: error: clean.yaml: is the same file as the standard input; "
        "refusing to overwrite it (choose another output)\n"
    )
    assert (workdir / "clean.yaml").read_bytes() == before


def test_closed_standard_input_is_one_line(workdir: Path) -> None:
    """`check -` with standard input closed (`<&-`): one line, not an internal error."""
    result = _ledgerlint("check", "-", cwd=workdir, preexec_fn=lambda: os.close(0))
    assert result.returncode == 2
    assert result.stderr.decode() == "ledgerlint: error: <stdin>: standard input is closed\n"


def test_dev_null_stays_a_device(workdir: Path) -> None:
    """`-o /dev/null` writes into the device; it is never replaced by a regular file (as root,
    a rename over it would succeed)."""
    result = _ledgerlint("check", "clean.yaml", "-o", "/dev/null", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_stdout_prints_the_report(workdir: Path) -> None:
    """`-o /dev/stdout` prints the report on standard output; the link is left alone."""
    result = _ledgerlint("check", "clean.yaml", "-o", "/dev/stdout", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().endswith("No problems found in 1 file.\n")
    assert os.path.islink("/dev/stdout")


def test_dev_stdout_appends_when_the_shell_appends(workdir: Path) -> None:
    """`>> log` with `-o /dev/stdout`: the report is appended, the log's start is kept."""
    log = workdir / "log.txt"
    log.write_text("earlier line\n")
    with open(log, "ab") as out:
        result = _ledgerlint(
            "check",
            "clean.yaml",
            "-o",
            "/dev/stdout",
            cwd=workdir,
            capture_output=False,
            stdout=out,
            stderr=subprocess.PIPE,
        )
    assert result.returncode == 0, result.stderr
    text = log.read_text()
    assert text.startswith("earlier line\n") and text.endswith("No problems found in 1 file.\n")


def test_fifo_is_written_not_replaced(workdir: Path) -> None:
    """A named pipe receives the report and stays a pipe."""
    fifo = workdir / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic.write_atomic(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_symlink_to_a_file_replaces_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    """The link stays a link; the file it points to gets the new content, atomically."""
    target = tmp_path / "real" / "report.txt"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "report.txt"
    link.symlink_to(target)
    atomic.write_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.txt"]


def test_symlink_to_a_device_writes_the_device(tmp_path: Path) -> None:
    """A symlink to /dev/null stays a symlink to /dev/null."""
    link = tmp_path / "sink"
    link.symlink_to("/dev/null")
    atomic.write_atomic(link, "discarded\n")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_replaced_file_keeps_its_mode_and_the_folder_is_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mode bits survive the replace; after the rename the folder itself is fsynced."""
    target = tmp_path / "report.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", recording_fsync)
    atomic.write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert synced == ["file", "folder"]


def test_output_error_is_also_an_os_error(tmp_path: Path) -> None:
    """Callers that catch OSError (the token store) still catch a failed write."""
    with pytest.raises(OSError) as caught:
        atomic.write_atomic(tmp_path / "missing" / "x", "data")
    assert isinstance(caught.value, OutputError) and caught.value.errno == errno.ENOENT


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs, where the machine lets us mount one (root with CAP_SYS_ADMIN)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_really_full_disk_leaves_the_old_file(tiny_tmpfs: Path) -> None:
    """On a real full file system: ENOSPC, one line, the old report intact, no temp file."""
    target = tiny_tmpfs / "report.txt"
    target.write_text("the previous report\n")
    with pytest.raises(OutputError, match=r"report\.txt: cannot write: no space left on device"):
        atomic.write_atomic(target, "x" * 200_000)
    assert target.read_text() == "the previous report\n"
    assert [p.name for p in tiny_tmpfs.iterdir()] == ["report.txt"]


_SLOW_WRITER = """
import signal, sys, time
from ledgerlint import atomic

# As in an interactive shell, whatever the test runner's parent ignores (a non-interactive
# shell ignores SIGINT in background jobs).
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGTERM, signal.SIG_DFL)

real = atomic._write_all


def slow(fd, payload):
    real(fd, payload[:10])
    print("writing", flush=True)
    time.sleep(30)
    real(fd, payload[10:])


atomic._write_all = slow
sys.argv = ["ledgerlint", "check", sys.argv[1], "-o", sys.argv[2]]
from ledgerlint.cli import main

main()
"""


@pytest.mark.parametrize(
    ("signum", "returncode"), [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGINT, 130)]
)
def test_signal_mid_write_leaves_the_target_and_no_temporary_file(
    tmp_path: Path, signum: int, returncode: int
) -> None:
    """Killed while the report is half written: the old report is intact and no temporary file
    is left; SIGTERM still ends the process by the signal, SIGINT with exit 130."""
    target = tmp_path / "report.txt"
    target.write_text("the previous report\n")
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(ROOT / "tests/fixtures/clean.yaml"), str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "LEDGERLINT_LOAD_PLUGINS": ""},
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"writing\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # mid-write
    process.send_signal(signum)
    process.wait(timeout=20)
    assert process.returncode == returncode
    assert target.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]
