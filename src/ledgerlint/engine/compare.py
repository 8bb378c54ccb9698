"""Compare the findings of two snapshots by fingerprint (rule and entity, never a line)."""

from __future__ import annotations

from ledgerlint.models.diff import SnapshotDiff
from ledgerlint.models.report import Report


def compare(report: Report, old: str, new: str) -> SnapshotDiff:
    """`report` is one run over both snapshots (one redactor, so one client keeps one
    pseudonym on both sides); its findings are split by file."""
    before = [f for f in report.findings if f.location.file == old]
    after = [f for f in report.findings if f.location.file == new]
    old_keys = {f.fingerprint for f in before}
    new_keys = {f.fingerprint for f in after}
    return SnapshotDiff(
        old=old,
        new=new,
        introduced=tuple(f for f in after if f.fingerprint not in old_keys),
        fixed=tuple(f for f in before if f.fingerprint not in new_keys),
        unchanged=len(new_keys & old_keys),
        notifications=report.notifications,
        redacted=report.redacted,
    )
