"""The result of a run: every finding and notification, sorted, with the rules that ran."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ledgerlint.models.config import Exemption
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Notification
from ledgerlint.models.findings import Severity
from ledgerlint.models.rules import RuleMeta


@dataclass(frozen=True)
class Exempted:
    """A finding that a live exemption accepts: reported as suppressed, never counted."""

    finding: Finding
    exemption: Exemption
    in_baseline: bool = False
    """The baseline holds it too (SARIF `baselineState: unchanged`)."""


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
    """The findings that count (exit code, summary): neither exempted nor in the baseline."""
    notifications: tuple[Notification, ...]
    exempted: tuple[Exempted, ...] = ()
    unchanged: tuple[Finding, ...] = ()
    """Findings the baseline already holds: left out of the count."""
    absent: tuple[Finding, ...] = ()
    """Findings of the baseline that this run no longer finds (fixed)."""
    baselined: bool = False
    """A baseline was given (SARIF then marks every result's `baselineState`)."""
    redacted: bool = False
    snapshots: tuple[SnapshotInfo, ...] = ()
    """One per file read, in `files` order."""

    @property
    def suppressed(self) -> int:
        """Findings left out because the baseline holds them."""
        return len(self.unchanged)

    def counts(self) -> dict[Severity, int]:
        tally = Counter(f.severity for f in self.findings)
        return {severity: tally.get(severity, 0) for severity in Severity}

    def not_run(self) -> tuple[Notification, ...]:
        return tuple(n for n in self.notifications if n.kind == "not-run")

    def errors(self) -> tuple[Notification, ...]:
        return tuple(n for n in self.notifications if n.kind in ("plugin-error", "input-error"))
