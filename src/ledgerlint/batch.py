"""Many snapshots in one run: folders expanded, files linted in worker processes, one report.

    paths ──expand──▶ snapshot files (folders searched recursively; by extension and header)
          ──lint, --jobs N worker processes──▶ FileResult per file, or its one-line error
          ──merge in path order (Linter.report)──▶ one Report, byte-identical to a serial run

A bad file is reported (its one-line error, as an `input-error` notification and on the
caller's error stream) and the others still run. Between `cli` and `api`: the CLI calls it, it
calls the library; nothing here prints.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ledgerlint.api import FileResult
from ledgerlint.api import Linter
from ledgerlint.atomic import refuse_same_file
from ledgerlint.engine.registry import Registry
from ledgerlint.errors import InputError
from ledgerlint.models.config import Config
from ledgerlint.models.findings import Notification
from ledgerlint.models.report import Report
from ledgerlint.snapshot import SourceDocument
from ledgerlint.snapshot import load_document
from ledgerlint.snapshot import parse_document

SNAPSHOT_SUFFIXES = (".json", ".yaml", ".yml")
STDIN = "-"
_HEADER = re.compile(rb"""(?m)^["']?ledgerlint_snapshot["']?[ \t]*:|"ledgerlint_snapshot"\s*:""")
_SNIFF_CHUNK = 1 << 16


@dataclass(frozen=True)
class Source:
    """A snapshot to lint: a file path, or standard input (`-`) with the bytes already read."""

    path: str
    data: bytes | None = None


@dataclass(frozen=True)
class Inputs:
    sources: tuple[Source, ...]
    skipped: tuple[str, ...]
    """Files in folders with a snapshot extension but no `ledgerlint_snapshot` header."""


@dataclass(frozen=True)
class BadInput:
    path: str
    message: str
    """The one-line error, `file:line:col: message`."""


@dataclass(frozen=True)
class Batch:
    report: Report | None
    """None when no file could be read."""
    bad: tuple[BadInput, ...]
    skipped: tuple[str, ...]


def input_messages(batch: Batch) -> list[str]:
    """What the CLI says on standard error: each file that could not be read (its one-line
    error) and how many files in folders were not snapshots."""
    lines = [f"ledgerlint: error: {bad.message}" for bad in batch.bad]
    if batch.skipped:
        count = len(batch.skipped)
        lines.append(
            f"ledgerlint: skipped {count} file{'s' if count != 1 else ''} in folders without a "
            "ledgerlint_snapshot header (not snapshots)"
        )
    return lines


def expand(paths: Iterable[str], *, read_stdin: bool = True) -> Inputs:
    """Files as given (a missing one is reported when read); folders searched recursively for
    snapshot files, in path order, skipping hidden folders and files."""
    sources: list[Source] = []
    skipped: list[str] = []
    for path in paths:
        if path == STDIN:
            sources.append(Source(STDIN, _read_stdin() if read_stdin else None))
        elif Path(path).is_dir():
            for found in _walk(Path(path)):
                if looks_like_snapshot(found):
                    sources.append(Source(str(found)))
                else:
                    skipped.append(str(found))
        else:
            sources.append(Source(path))
    return Inputs(tuple(sources), tuple(skipped))


def refuse_output_over_inputs(
    output: str | Path | None, paths: Iterable[str | Path], also: Iterable[str | Path] = ()
) -> None:
    """Raise `OutputError` when `output` would overwrite an input: one of `paths` (standard
    input `-` included), a snapshot found in a folder among them, or one of `also` (the
    configuration files, the baseline, the files `import` reads). Compared by file identity
    (`atomic.refuse_same_file`), so `./x`, a hard link or a symlink of an input is caught. The
    one guard of every command with `-o` (docs/safety.md)."""
    if not output or not os.path.isfile(output):
        return  # nothing there to overwrite (a device or a stream is written, not replaced)
    given = [str(path) for path in paths]
    found = [source.path for source in expand(given, read_stdin=False).sources]
    refuse_same_file(output, [*given, *found, *also])


def _walk(top: Path) -> Iterator[Path]:
    found: list[Path] = []
    for directory, folders, files in os.walk(top):
        folders[:] = [f for f in folders if not f.startswith(".")]
        base = Path(directory)
        found += [
            base / name
            for name in files
            if not name.startswith(".") and name.lower().endswith(SNAPSHOT_SUFFIXES)
        ]
    yield from sorted(found, key=lambda p: p.relative_to(top).as_posix())


def looks_like_snapshot(path: Path) -> bool:
    """Whether a file declares `ledgerlint_snapshot` (read in chunks until found; a snapshot
    written by `pull` has it first). An unreadable file counts as one, to be reported."""
    tail = b""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_SNIFF_CHUNK):
                if _HEADER.search(tail + chunk.removeprefix(b"\xef\xbb\xbf")):
                    return True
                tail = chunk[-64:]
    except OSError:
        return True
    return False


def _read_stdin() -> bytes:
    import sys

    if sys.stdin is None:
        raise InputError("standard input is closed", path="<stdin>")
    try:
        return sys.stdin.buffer.read()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path="<stdin>") from None


def read_source(source: Source) -> SourceDocument:
    if source.path != STDIN:
        return load_document(source.path)
    raw = source.data or b""
    return parse_document(raw, "<stdin>", "json" if raw.lstrip()[:1] == b"{" else "yaml")


def lint_paths(
    paths: Iterable[str],
    config: Config | None = None,
    *,
    jobs: int = 1,
    redact: bool = False,
    registry: Registry | None = None,
) -> Batch:
    """Lint every snapshot the paths name; `jobs` > 1 lints files in that many processes.
    Forked workers share `registry`; spawned ones rebuild the registry the configuration
    describes (its rule and jurisdiction folders), so plugins added in code reach only forks."""
    linter = Linter(config, registry=registry)
    inputs = expand(paths)
    if not inputs.sources:
        where = ", ".join(paths)
        raise InputError(
            f"no snapshot files found ({len(inputs.skipped)} other .json/.yaml files skipped)",
            path=where,
        )
    outcomes = _run(inputs.sources, linter, jobs=jobs, redact=redact)
    results = [o for o in outcomes if isinstance(o, FileResult)]
    bad = tuple(o for o in outcomes if isinstance(o, BadInput))
    if not results:
        return Batch(None, bad, inputs.skipped)
    notes = [Notification("input", b.message, "input-error", b.path) for b in bad]
    report = linter.report(results, redact=redact, extra=notes)
    return Batch(report, bad, inputs.skipped)


def _run(
    sources: tuple[Source, ...], linter: Linter, *, jobs: int, redact: bool
) -> list[FileResult | BadInput]:
    if jobs <= 1 or len(sources) == 1:
        return [_lint_one(linter, source, redact) for source in sources]
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER
    _WORKER = linter  # inherited by forked workers; others build their own (_start_worker)
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(sources)),
        initializer=_start_worker,
        initargs=(linter.config,),
    ) as pool:
        return list(pool.map(_worker_lint, sources, [redact] * len(sources)))


def _lint_one(linter: Linter, source: Source, redact: bool) -> FileResult | BadInput:
    try:
        return linter.lint_document(read_source(source), names=redact)
    except InputError as err:
        return BadInput("<stdin>" if source.path == STDIN else source.path, str(err))


_WORKER: Linter | None = None


def _start_worker(config: Config) -> None:
    global _WORKER
    if _WORKER is None or _WORKER.config != config:
        _WORKER = Linter(config)


def _worker_lint(source: Source, redact: bool) -> FileResult | BadInput:
    assert _WORKER is not None, "the pool initializer builds it"
    return _lint_one(_WORKER, source, redact)
