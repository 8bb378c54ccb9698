"""The result of a run: every finding and notification, sorted, with the rules that ran."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Notification
from ledgerlint.models.findings import Severity
from ledgerlint.models.rules import RuleMeta


@dataclass(frozen=True)
class SnapshotInfo:
    """Whose books a snapshot holds and when it was taken (reports name the firm and date)."""

    file: str
    firm: str | None = None
    captured_at: str | None = None
    """The date part of `captured_at` (YYYY-MM-DD)."""


@dataclass(frozen=True)
class Report:
    files: tuple[str, ...]
    rules: tuple[RuleMeta, ...]
    """The rules selected for this run, sorted by ID."""
    findings: tuple[Finding, ...]
    notifications: tuple[Notification, ...]
    suppressed: int = 0
    """Findings left out because the baseline holds them."""
    redacted: bool = False
    snapshots: tuple[SnapshotInfo, ...] = ()
    """One per file read, in `files` order."""

    def counts(self) -> dict[Severity, int]:
        tally = Counter(f.severity for f in self.findings)
        return {severity: tally.get(severity, 0) for severity in Severity}

    def not_run(self) -> tuple[Notification, ...]:
        return tuple(n for n in self.notifications if n.kind == "not-run")

    def errors(self) -> tuple[Notification, ...]:
        return tuple(n for n in self.notifications if n.kind in ("plugin-error", "input-error"))
