"""How a run is configured: which rules, at what severity, with what options, what is accepted."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Severity


@dataclass(frozen=True)
class Exemption:
    """A finding accepted for a while, with a reason: `exemptions:` in the configuration.

    It matches the findings of `rule`, narrowed by `fingerprint` (one finding), `pointer` (a
    JSON pointer prefix, whole segments) and `file` (the snapshots it covers) when given. From
    `expires` on it no longer applies.
    """

    rule: str
    reason: str
    expires: date
    fingerprint: str | None = None
    pointer: str | None = None
    origin: Location | None = None
    """Where it is written (the config file, line and column): expiry findings point there."""
    file: str | None = None
    """Only findings in the snapshot files this glob matches: an absolute path with `/`
    separators (the configuration's `file`, joined to the folder of the file holding it), where
    `*` and `?` stay within one folder and `**` spans folders. None: every snapshot."""

    def matches(self, finding: Finding, path: str | None = None) -> bool:
        """`path`: the finding's file as an absolute real path (`file` is compared with it);
        by default its `location.file` as written."""
        if finding.rule_id != self.rule:
            return False
        if self.fingerprint is not None and finding.fingerprint != self.fingerprint:
            return False
        if not self.covers(path if path is not None else finding.location.file):
            return False
        if self.pointer is not None:
            prefix = self.pointer.rstrip("/")
            pointer = finding.location.pointer
            return pointer == prefix or pointer.startswith(prefix + "/")
        return True

    def covers(self, path: str) -> bool:
        """Whether it applies to the snapshot at `path` (an absolute real path)."""
        return self.file is None or _glob(self.file).fullmatch(path) is not None

    def is_live(self, today: date) -> bool:
        """Live before the `expires` date; from that day on it has expired."""
        return today < self.expires


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    """Rule IDs, ID prefixes (`TR`, `QB00`) or rule names to run; `ALL` is every rule."""
    ignore: tuple[str, ...] = ()
    """Likewise, to leave out. The most specific match of select and ignore wins."""
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Per rule ID (or prefix): a severity replacing the rule's default."""
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Per rule ID: option values replacing the defaults."""
    baseline_findings: tuple[Finding, ...] = ()
    """The findings of a previous report: the same finding (fingerprint) in the same file does
    not count (SARIF marks it `unchanged`); one no longer found in a file of the run is fixed
    (`absent`). Relative file paths are relative to the working directory."""
    root: Path | None = None
    """The repository root: files are matched by their path relative to it, however they were
    written (None: the working directory)."""
    exemptions: tuple[Exemption, ...] = ()
    rule_timeout: float = 60.0
    """Seconds one rule may run on one snapshot before it is stopped and reported; 0: no limit."""
    today: date | None = None
    """The date exemptions are judged on; None is the local date when the run starts."""
    rule_dirs: tuple[Path, ...] = ()
    """Folders of YAML rules the configuration adds (the registry is built with them)."""
    jurisdiction_dirs: tuple[Path, ...] = ()
    """Folders of jurisdiction files the configuration adds."""

    @property
    def has_baseline(self) -> bool:
        return bool(self.baseline_findings)


@cache
def _glob(pattern: str) -> re.Pattern[str]:
    """A path glob as a regular expression: `**/` any folders (or none), `**` anything, `*`
    and `?` within one folder; everything else literal."""
    parts = []
    for token in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
        parts.append(_GLOB_TOKENS.get(token, re.escape(token)))
    return re.compile("".join(parts))


_GLOB_TOKENS = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
