"""What rules produce and reporters render: findings, fixes, notifications. Frozen values."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from enum import StrEnum
from typing import Any
from typing import Literal


class Severity(StrEnum):
    """Ordered: `error` > `warning` > `info`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


FixSafety = Literal["safe", "unsafe", "display-only"]


@dataclass(frozen=True, slots=True)
class TextEdit:
    """The fix as text: replace `line` (1-based) columns `start`..`end` (end exclusive)."""

    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A change to the snapshot that resolves a finding.

    `patch` is an RFC 6902 JSON Patch against the snapshot document. `safety` says whether a tool
    may apply it unattended (`safe`), only on request (`unsafe`: it changes meaning, e.g. money),
    or never (`display-only`: the real fix is done in Clio or QuickBooks; the patch only shows it).
    """

    description: str
    patch: tuple[Mapping[str, Any], ...]
    safety: FixSafety = "safe"
    edits: tuple[TextEdit, ...] = ()
    """The same change as text edits of the file, where one can be made (filled in after the
    rules run; SARIF `artifactChanges` need them)."""


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a snapshot file; `line`/`column` are 1-based, filled in after the rules run.

    `end_line`/`end_column` close the region (the column just after its last character).
    """

    file: str
    pointer: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule yields: the engine turns it into a `Finding` (adding ID, severity, file)."""

    message: str
    pointer: str
    key: str
    fix: Fix | None = None
    related: tuple[tuple[str, str], ...] = ()
    """Other places involved: (pointer, what it is)."""
    properties: Mapping[str, Any] = field(default_factory=dict)
    """Machine-readable facts (amounts as strings, ids) for JSON and SARIF `properties`."""
    logical: str | None = None
    """A human name for the subject, e.g. `Client Trust Liability:Smith, Jane`."""


@dataclass(frozen=True, slots=True)
class Notice:
    """A rule's note that is not a finding: it could not run, or it skipped something."""

    message: str
    pointer: str | None = None
    kind: Literal["not-run", "skipped", "ambiguous", "plugin-error"] = "skipped"


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    location: Location
    fingerprint: str
    key: str
    fix: Fix | None = None
    related: tuple[tuple[Location, str], ...] = ()
    properties: Mapping[str, Any] = field(default_factory=dict)
    logical: str | None = None

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (loc.file, loc.line or 0, loc.column or 0, self.rule_id, loc.pointer, self.key)

    def with_location(self, location: Location) -> Finding:
        return replace(self, location=location)


@dataclass(frozen=True, slots=True)
class Notification:
    """A notice from a rule, with the rule and file it came from."""

    rule_id: str
    message: str
    kind: str
    file: str
    location: Location | None = None

    def sort_key(self) -> tuple[Any, ...]:
        return (self.file, self.rule_id, self.kind, self.message)


def fingerprint(rule_id: str, key: str) -> str:
    """A stable identity for a finding: the rule and the entity, never a line number."""
    return hashlib.sha256(f"{rule_id}\x00{key}".encode()).hexdigest()[:32]
