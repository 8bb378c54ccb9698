"""Write an output file without ever destroying anything: the one module every writer uses
(`check -o`, `reconcile -o`, `pull`, the token store).

What a path is decides how it is written (see docs/safety.md):

- a regular file, a new file, or a symlink to either: a temporary file beside the target is
  written, fsynced and renamed over it, then the folder is fsynced. Readers see the old content
  or the new, never half. A symlink stays a symlink: the file it points to is replaced.
- this process's own standard output or error (`/dev/stdout`, `/proc/self/fd/2`, or any path to
  the same file): written to that stream, so `>>` appends and a pipe receives it.
- a character device or a FIFO (`/dev/null`, `/dev/tty`, a named pipe), or a symlink to one:
  opened and written, as a shell redirection does. These cannot be replaced, only written.
- a directory, a block device or a socket: refused.

Every failure is an `OutputError` naming the path (one line, exit 2). SIGINT, SIGTERM or SIGHUP
while a regular file is written remove the temporary file and leave the target as it was;
then the signal takes its usual course (exit 130, or death by the signal).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterable
from collections.abc import Iterator
from pathlib import Path

from ledgerlint.errors import OutputError

_REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOENT: "no such file or folder",
    errno.EPIPE: "the reader closed the pipe",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENXIO: "no reader on the other end",
}


def write_atomic(path: str | Path, data: bytes | str, *, mode: int | None = None) -> None:
    """Write `data` to `path` as the module docstring says; raise `OutputError` on failure.

    `mode` sets the permission bits of a new or replaced regular file (0o600 for token stores);
    without it a replaced file keeps its mode (and, when run as root, its owner), and a new one
    gets the umask default.
    """
    display = str(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        current: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        current = None
    except OSError as err:
        raise _error(display, err) from None
    if current is None or stat.S_ISREG(current.st_mode):
        stream = _standard_stream(current) if current is not None else None
        if stream is not None:
            _write_stream(display, stream, payload)
            return
        # A symlink's target is replaced, never the link (nor a dangling link's name).
        _replace(display, Path(os.path.realpath(path)), payload, mode, current)
        return
    stream = _standard_stream(current)
    if stream is not None:
        _write_stream(display, stream, payload)
    elif stat.S_ISCHR(current.st_mode) or stat.S_ISFIFO(current.st_mode):
        _write_device(display, path, payload)
    elif stat.S_ISDIR(current.st_mode):
        raise OutputError(display, errno.EISDIR, "is a directory")
    else:
        kind = "a block device" if stat.S_ISBLK(current.st_mode) else "a socket"
        raise OutputError(
            display,
            errno.EINVAL,
            f"is {kind}; ledgerlint writes only files, character devices and pipes",
        )


def refuse_same_file(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise `OutputError` when `output` is one of `inputs` (`-` is standard input), compared by
    device and inode: a hard link, a symlink or `./x` of an input is that input too.

    Only a regular output file is compared: a terminal can be read and written at once.
    """
    try:
        out = os.stat(output)
    except OSError:
        return  # absent or unreachable: the write itself will say so
    if not stat.S_ISREG(out.st_mode):
        return
    for name in inputs:
        try:
            seen = os.fstat(0) if str(name) == "-" else os.stat(name)
        except OSError:
            continue
        if (seen.st_dev, seen.st_ino) == (out.st_dev, out.st_ino):
            what = "standard input" if str(name) == "-" else f"input {name}"
            raise OutputError(
                str(output),
                errno.EEXIST,
                f"is the same file as the {what}; refusing to overwrite it (choose another output)",
            )


def _error(display: str, err: OSError) -> OutputError:
    if isinstance(err, OutputError):
        return err
    number = err.errno or 0
    reason = _REASONS.get(number) or (err.strerror or type(err).__name__).lower()
    return OutputError(display, number, f"cannot write: {reason}")


def _standard_stream(current: os.stat_result | None) -> int | None:
    """1 or 2 when `current` is the file this process's standard output or error is open on."""
    if current is None:
        return None
    for fd in (1, 2):
        try:
            seen = os.fstat(fd)
        except OSError:
            continue
        if (seen.st_dev, seen.st_ino) == (current.st_dev, current.st_ino):
            return fd
    return None


def _write_stream(display: str, fd: int, payload: bytes) -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    try:
        _write_all(fd, payload)
    except OSError as err:
        raise _error(display, err) from None


def _write_device(display: str, path: str | Path, payload: bytes) -> None:
    # No O_CREAT: if the device vanished since it was looked at, fail rather than create a file.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY)
    except OSError as err:
        raise _error(display, err) from None
    try:
        _write_all(fd, payload)
    except OSError as err:
        raise _error(display, err) from None
    finally:
        os.close(fd)


def _write_all(fd: int, payload: bytes) -> None:
    """`os.write` until everything is written (pipes and devices may take part of it)."""
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _replace(
    display: str, target: Path, payload: bytes, mode: int | None, current: os.stat_result | None
) -> None:
    folder = target.parent
    if not folder.is_dir():
        given = os.path.dirname(display) or "."
        shown = given if os.path.realpath(given) == str(folder) else str(folder)
        reason = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(display, errno.ENOENT, f"cannot write: the folder {shown} {reason}")
    temporary: str | None = None
    with _signals_raise():
        try:
            fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            try:
                _write_all(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            _set_permissions(temporary, mode, current)
            os.replace(temporary, target)
            temporary = None
            _fsync_folder(folder)
        except BaseException as err:
            if temporary is not None:
                with _signals_blocked(), contextlib.suppress(OSError):
                    os.unlink(temporary)
            if isinstance(err, OSError):
                raise _error(display, err) from None
            raise


def _set_permissions(temporary: str, mode: int | None, current: os.stat_result | None) -> None:
    if mode is not None:
        os.chmod(temporary, mode)
        return
    if current is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        return
    os.chmod(temporary, current.st_mode & 0o7777)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        with contextlib.suppress(OSError):  # keep the owner of a file root rewrites
            os.chown(temporary, current.st_uid, current.st_gid)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable. Some file systems cannot fsync a folder: the data is written."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while writing (BaseException: no `except Exception` eats it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_TERMINATING = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP into an exception for the duration (SIGINT already raises
    KeyboardInterrupt), so the temporary file is removed; then let the signal end the process
    as it would have. Signals a host program handles or ignores are left to it; outside the
    main thread Python cannot install handlers, and the temporary file may then be left."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    installed = []
    for signum in _TERMINATING:
        if signal.getsignal(signum) == signal.SIG_DFL:
            signal.signal(signum, _raise_terminated)
            installed.append(signum)
    try:
        yield
    except _Terminated as stop:
        for signum in installed:
            signal.signal(signum, signal.SIG_DFL)
        installed = []
        os.kill(os.getpid(), stop.signum)  # dies here, as the signal would have made it
        raise
    finally:
        for signum in installed:
            signal.signal(signum, signal.SIG_DFL)


def _raise_terminated(signum: int, frame: object) -> None:
    raise _Terminated(signum)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP back while cleaning up, so a second signal cannot interrupt."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, *_TERMINATING}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
