"""Which rules run, and at what severity: the engine decides, never the rule.

Selectors are rule IDs, ID prefixes (`TR`, `QB00`), rule names or `ALL`. As in Ruff, the most
specific matching selector wins, so `--select TR --ignore TR001` runs every TR rule but TR001,
and `--ignore TR --select TR001` runs only TR001 of them; on a tie, ignore wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping

from ledgerlint.errors import ConfigError
from ledgerlint.models.findings import Severity
from ledgerlint.models.rules import RuleMeta

ALL = "ALL"


def _specificity(selector: str, meta: RuleMeta) -> int:
    """How closely a selector matches a rule: -1 for no match, higher for closer."""
    if selector == ALL:
        return 0
    if selector == meta.name or selector == meta.id:
        return 100
    if meta.id.startswith(selector):
        return len(selector)
    return -1


def matches_any(selector: str, rules: Iterable[RuleMeta]) -> bool:
    """Whether a selector matches one of the rules or one of the engine's diagnostics (LL)."""
    from ledgerlint.engine.diagnostics import ENGINE_RULES

    return any(_specificity(selector, meta) >= 0 for meta in (*rules, *ENGINE_RULES))


def check_selectors(selectors: Iterable[str], rules: Iterable[RuleMeta], what: str) -> None:
    metas = list(rules)
    for selector in selectors:
        if not matches_any(selector, metas):
            raise ConfigError(f"{what}: {selector!r} matches no rule (see `ledgerlint rules`)")


def matches_specifically(selector: str, meta: RuleMeta) -> bool:
    """Whether a selector names this rule, its name or a prefix of its ID (not `ALL`)."""
    return _specificity(selector, meta) > 0


def is_selected(meta: RuleMeta, select: Iterable[str], ignore: Iterable[str]) -> bool:
    best_select = max((_specificity(s, meta) for s in select), default=-1)
    best_ignore = max((_specificity(s, meta) for s in ignore), default=-1)
    return best_select >= 0 and best_select > best_ignore


def severity_for(meta: RuleMeta, overrides: Mapping[str, Severity]) -> Severity:
    best, chosen = -1, meta.severity
    for selector, severity in overrides.items():
        specificity = _specificity(selector, meta)
        if specificity > best:
            best, chosen = specificity, severity
    return chosen
