"""`ledgerlint check --fix`: apply the findings' fixes to the snapshot files, changing only the
text each fix must change (comments, key order, quoting and indentation stay as written: see
`snapshot/roundtrip.py`).

Like Ruff, fixing runs to a fixed point: lint, apply the fixes that do not touch each other,
lint again, until nothing fixable is left (at most `MAX_PASSES` times). A fix that removes or
inserts an array item moves the indexes after it, so only one such fix is applied per pass and
the next pass works from fresh pointers. Fixes are taken from an unredacted run (a redacted
patch would write pseudonyms into the books); exempted findings are left alone.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from ledgerlint.engine.registry import Registry
from ledgerlint.errors import ConfigError
from ledgerlint.models.config import Config
from ledgerlint.models.findings import Fix

MAX_PASSES = 10
SAFETY_LEVELS = {False: frozenset({"safe"}), True: frozenset({"safe", "unsafe"})}


@dataclass
class FixOutcome:
    originals: dict[str, bytes] = field(default_factory=dict)
    fixed: dict[str, bytes] = field(default_factory=dict)
    """The new content of each file a fix changed."""
    applied: dict[str, int] = field(default_factory=dict)
    """Per file, how many findings had their fix applied."""

    def diff(self) -> str:
        """A unified diff of every changed file (`--diff`)."""
        chunks: list[str] = []
        for path, new in self.fixed.items():
            old_lines = self.originals[path].decode("utf-8").splitlines(keepends=True)
            new_lines = new.decode("utf-8").splitlines(keepends=True)
            chunks += difflib.unified_diff(old_lines, new_lines, f"a/{path}", f"b/{path}")
        return "".join(chunks)

    def summary(self) -> str:
        total = sum(self.applied.values())
        if not total:
            return "ledgerlint: nothing to fix"
        files = ", ".join(f"{path} ({n})" for path, n in self.applied.items() if n)
        return f"ledgerlint: fixed {total} problem{'s' if total != 1 else ''}: {files}"


def fix_files(
    paths: Sequence[str], config: Config, registry: Registry, *, unsafe: bool = False
) -> FixOutcome:
    """Fix each snapshot `paths` name (folders searched as `check` searches them) in memory;
    nothing is written here (the caller writes, or shows a diff)."""
    from ledgerlint.batch import STDIN
    from ledgerlint.batch import expand
    from ledgerlint.snapshot import load_document

    if STDIN in paths:
        raise ConfigError("--fix and --diff need snapshot files, not standard input")
    outcome = FixOutcome()
    allowed = SAFETY_LEVELS[unsafe]
    for source in expand(paths, read_stdin=False).sources:
        path = source.path
        document = load_document(path)
        raw = bytes(document.raw)  # a large file is mapped: the fixed text is a new one anyway
        outcome.originals[path] = raw
        text, fixed = _fix_one(raw, path, document.format, config, registry, allowed)
        outcome.applied[path] = fixed
        if text != raw:
            outcome.fixed[path] = text
    return outcome


def _fix_one(
    raw: bytes,
    path: str,
    fmt: Any,
    config: Config,
    registry: Registry,
    allowed: frozenset[str],
) -> tuple[bytes, int]:
    from ledgerlint.api import lint_documents
    from ledgerlint.errors import PatchError
    from ledgerlint.snapshot import parse_document
    from ledgerlint.snapshot.roundtrip import apply_patch

    fixed: set[str] = set()
    current = raw
    for _ in range(MAX_PASSES):
        document = parse_document(current, path, fmt)
        report = lint_documents([document], config, registry=registry)
        candidates = [
            f
            for f in (*report.findings, *report.unchanged)
            if f.fix is not None and f.fix.safety in allowed and f.fingerprint not in fixed
        ]
        chosen = _independent([f.fix for f in candidates if f.fix], document.plain())
        new = current
        for finding in candidates:
            if finding.fix not in chosen:
                continue
            try:
                new = apply_patch(new, fmt, [dict(op) for op in finding.fix.patch])
            except PatchError:  # e.g. its `test` no longer holds: leave it for the report
                continue
            fixed.add(finding.fingerprint)
        if new == current:
            break
        current = new
    return current, len(fixed)


def _independent(fixes: list[Fix], data: Any) -> list[Fix]:
    """Fixes that touch no path another chosen fix touches, with at most one that moves array
    indexes (a remove or an insert into a list)."""
    chosen: list[Fix] = []
    touched: list[tuple[str, ...]] = []
    moved = False
    for fix in fixes:
        paths = [_tokens(op) for op in fix.patch]
        if any(_overlaps(p, q) for p in paths for q in touched):
            continue
        shifts = any(_shifts_indexes(op, data) for op in fix.patch)
        if shifts and moved:
            continue
        moved = moved or shifts
        chosen.append(fix)
        touched += paths
    return chosen


def _tokens(op: Mapping[str, Any]) -> tuple[str, ...]:
    pointer = str(op.get("path", ""))
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:])


def _overlaps(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _shifts_indexes(op: Mapping[str, Any], data: Any) -> bool:
    if op.get("op") in ("move", "copy"):
        return True
    if op.get("op") not in ("add", "remove"):
        return False
    parent = data
    for token in _tokens(op)[:-1]:
        if isinstance(parent, dict):
            parent = parent.get(token)
        elif isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
            parent = parent[int(token)]
        else:
            return True  # unknown shape: be careful
    return isinstance(parent, list)
