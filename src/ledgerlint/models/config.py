"""How a run is configured: which rules, at what severity, with what options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from ledgerlint.models.findings import Severity


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
    baseline: frozenset[str] = frozenset()
    """Fingerprints of known findings to leave out of the report."""
    rule_timeout: float = 60.0
    """Seconds one rule may run on one snapshot before it is stopped and reported; 0: no limit."""
