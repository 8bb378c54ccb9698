"""Registers the YAML rules and jurisdiction files shipped with ledgerlint."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ledgerlint.plugins import hookimpl


def shipped_rules_dir() -> Path:
    """`ledgerlint/_rules` in an installed wheel; the repository's `rules/` in a checkout."""
    packaged = Path(str(resources.files("ledgerlint"))) / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


@hookimpl
def ledgerlint_rule_paths() -> list[Path]:
    return [
        path
        for path in sorted(shipped_rules_dir().iterdir())
        if path.is_dir() and path.name != "jurisdictions"
    ]


@hookimpl
def ledgerlint_jurisdiction_paths() -> list[Path]:
    return [shipped_rules_dir() / "jurisdictions"]
