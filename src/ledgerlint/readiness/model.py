"""The values an assessment is made of: findings in plain words (nested by cause), groups,
plan steps, and the assessment of one snapshot."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Severity
from ledgerlint.readiness.table import GlossaryEntry
from ledgerlint.readiness.table import Phase
from ledgerlint.readiness.table import Remedy
from ledgerlint.readiness.table import Step


@dataclass(frozen=True)
class Item:
    """A finding in plain words, with the findings it causes nested under it."""

    ref: str
    """`F3`: the finding's number in this snapshot's report (in file order)."""
    finding: Finding
    label: str
    money: Decimal | None
    """The money at risk this finding states itself (None: it states none)."""
    children: tuple[Item, ...] = ()
    cleared_by_cause: bool = False
    """Fixing the finding it is nested under clears it too."""

    def at_risk(self) -> Decimal:
        """Its own money, or else what its consequences state (never both: they restate it)."""
        if self.money is not None:
            return self.money
        return sum((child.at_risk() for child in self.children), Decimal(0))

    def walk(self) -> Iterable[Item]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Group:
    """The findings of one rule that nothing else explains, with their consequences."""

    letter: str
    remedy: Remedy
    severity: Severity
    items: tuple[Item, ...]

    def at_risk(self) -> Decimal:
        return sum((item.at_risk() for item in self.items), Decimal(0))


@dataclass(frozen=True)
class PlanStep:
    number: int
    rule_id: str
    title: str
    phase: Phase
    step: Step
    severity: Severity
    values: tuple[str, ...]
    """The value to set, filled in for each finding the step fixes."""
    clears: tuple[str, ...]
    """The findings (refs) this rule's steps fix."""
    also_clears: tuple[str, ...]
    """Their consequences, cleared by the same fix."""
    together_with: tuple[int, ...] = ()
    """The other steps of the same rule: the findings clear once all are done."""


@dataclass(frozen=True)
class NotRun:
    rule_id: str
    rule_name: str
    message: str
    severity: Severity
    """The rule's default severity: what it might have found."""


@dataclass(frozen=True)
class Accepted:
    """A finding the firm has accepted for a while, with a reason (an exemption in the
    configuration): listed, not planned, and not in the verdict while the exemption lasts."""

    ref: str
    """`E1`: its number among the snapshot's accepted findings (in file order)."""
    item: Item
    reason: str
    expires: str
    """The date (YYYY-MM-DD) from which the exemption no longer applies."""
    where: Location | None
    """Where the exemption is written (configuration file, line)."""


@dataclass(frozen=True)
class Assessment:
    file: str
    firm: str | None
    captured_at: str | None
    verdict: str
    sentence: str
    counts: Mapping[Severity, int]
    rules_run: int
    rules_total: int
    groups: tuple[Group, ...]
    plan: tuple[PlanStep, ...]
    glossary: tuple[GlossaryEntry, ...]
    items: tuple[Item, ...]
    """Every finding once, in file order (the appendix)."""
    not_run: tuple[NotRun, ...]
    failures: tuple[str, ...]
    """Rules or plugins that failed: the run is incomplete."""
    redacted: bool
    accepted: tuple[Accepted, ...] = ()
    """Findings accepted by an exemption, in file order: listed with the reason."""

    def at_risk(self) -> Decimal:
        """What the findings to fix state; accepted findings state theirs in their own list."""
        return sum((group.at_risk() for group in self.groups), Decimal(0))
