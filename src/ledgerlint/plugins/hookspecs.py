"""The hooks a ledgerlint plugin may implement. Signatures and contracts only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from ledgerlint.plugins.rule import Rule

PROJECT = "ledgerlint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def ledgerlint_rules() -> list[Rule]:
    """Return the Python rules this plugin provides (functions decorated with `@rule`).

    Rule IDs must be unique across all plugins; a firm's own rules should use a prefix of
    their own (e.g. `XF001`) so they never collide with the built-in areas.
    """


@hookspec
def ledgerlint_rule_paths() -> list[Path]:
    """Return directories of declarative YAML rules (searched recursively for `*.yaml`)."""


@hookspec
def ledgerlint_jurisdiction_paths() -> list[Path]:
    """Return directories of jurisdiction files (`<CODE>.yaml`); later ones override earlier."""
