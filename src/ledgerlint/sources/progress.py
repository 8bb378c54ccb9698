"""Progress of a pull on stderr: one status line when stderr is a terminal, nothing otherwise.

Why silent off a terminal: a nightly CI job's log should hold the result, not hundreds of
carriage-return frames. `--verbose` (the request log) is the tool for a log file.
"""

from __future__ import annotations

import threading
from typing import Protocol
from typing import TextIO


class Progress(Protocol):
    """Events a pull reports; every method must be thread-safe and cheap."""

    def page(self, service: str, entity: str, records: int) -> None: ...

    def done(self, service: str, entity: str, records: int) -> None: ...

    def waiting(self, service: str, seconds: float, reason: str) -> None: ...

    def close(self) -> None: ...


class NullProgress:
    """Reports nothing (stderr is not a terminal, or a library caller wants quiet)."""

    def page(self, service: str, entity: str, records: int) -> None:
        """Ignore."""

    def done(self, service: str, entity: str, records: int) -> None:
        """Ignore."""

    def waiting(self, service: str, seconds: float, reason: str) -> None:
        """Ignore."""

    def close(self) -> None:
        """Ignore."""


class TerminalProgress:
    """Rewrites one status line: entities done, pages read, and any wait in progress."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._pages = 0
        self._done: list[str] = []
        self._last = ""

    def page(self, service: str, entity: str, records: int) -> None:
        """One page arrived; `records` is the running total for the entity."""
        with self._lock:
            self._pages += 1
            self._show(f"{service} {entity}: {records} records")

    def done(self, service: str, entity: str, records: int) -> None:
        """An entity is complete."""
        with self._lock:
            self._done.append(entity)
            self._show(f"{service} {entity}: done ({records})")

    def waiting(self, service: str, seconds: float, reason: str) -> None:
        """The client is about to sleep for a rate limit or a back-off."""
        with self._lock:
            self._show(f"{service}: waiting {seconds:.0f}s ({reason})")

    def close(self) -> None:
        """End the status line so the next output starts clean."""
        with self._lock:
            if self._last:
                self._stream.write("\r\x1b[K")
                self._stream.write(f"pulled {len(self._done)} entities in {self._pages} pages\n")
                self._stream.flush()
                self._last = ""

    def _show(self, detail: str) -> None:
        line = f"[{len(self._done)} done, {self._pages} pages] {detail}"
        self._last = line
        self._stream.write(f"\r\x1b[K{line}")
        self._stream.flush()


def progress_for(stream: TextIO) -> Progress:
    """A terminal display for a TTY, silence for anything else."""
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        return TerminalProgress(stream)
    return NullProgress()
