"""What changed between two snapshots: findings introduced and fixed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Notification
from ledgerlint.models.findings import Severity


@dataclass(frozen=True)
class SnapshotDiff:
    old: str
    new: str
    introduced: tuple[Finding, ...]
    """In NEW, not in OLD (by fingerprint: rule and entity), placed in NEW."""
    fixed: tuple[Finding, ...]
    """In OLD, not in NEW, placed in OLD."""
    unchanged: int
    notifications: tuple[Notification, ...] = ()
    redacted: bool = False

    def counts(self) -> dict[Severity, int]:
        tally = Counter(f.severity for f in self.introduced)
        return {severity: tally.get(severity, 0) for severity in Severity}

    def errors(self) -> tuple[Notification, ...]:
        return tuple(n for n in self.notifications if n.kind == "plugin-error")
