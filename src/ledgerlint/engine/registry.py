"""Collect every rule and jurisdiction the plugins provide, once per process."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import cast

from ledgerlint.engine.jurisdictions import load_jurisdictions
from ledgerlint.engine.yaml_rules import load_rule_dir
from ledgerlint.errors import ConfigError
from ledgerlint.models.jurisdiction import Jurisdiction
from ledgerlint.plugins.manager import load_plugins
from ledgerlint.plugins.rule import Rule


@dataclass
class Registry:
    rules: dict[str, Rule]
    jurisdictions: dict[str, Jurisdiction]
    plugin_errors: list[str] = field(default_factory=list)

    def sorted_rules(self) -> list[Rule]:
        return [self.rules[rule_id] for rule_id in sorted(self.rules)]

    def get(self, rule_id: str) -> Rule:
        wanted = rule_id.upper()
        for rule in self.rules.values():
            if rule.id == wanted or rule.meta.name == rule_id:
                return rule
        raise ConfigError(f"no rule {rule_id!r} (see `ledgerlint rules`)")


def build_registry(
    *,
    extra_plugins: tuple[object, ...] = (),
    extra_rule_dirs: tuple[Path, ...] = (),
    extra_jurisdiction_dirs: tuple[Path, ...] = (),
) -> Registry:
    """Every rule and jurisdiction: plugins' (built-ins included), then the extra folders of the
    configuration (`rule_dirs`, `jurisdiction_dirs`; later jurisdiction folders override)."""
    plugins = load_plugins(extra=extra_plugins)
    hook = plugins.manager.hook
    errors = list(plugins.errors)
    rules: dict[str, Rule] = {}

    def add(rule: Rule, origin: str) -> None:
        if not isinstance(rule, Rule):
            errors.append(f"plugin {origin}: returned {type(rule).__name__}, not a Rule")
            return
        if rule.id in rules:
            raise ConfigError(
                f"rule {rule.id} is defined twice: {rules[rule.id].meta.source} and {rule.meta.source}"
            )
        rules[rule.id] = rule

    for impl in hook.ledgerlint_rules.get_hookimpls():
        try:
            provided = impl.function()
        except Exception as err:  # a broken plugin is reported, the rest run
            errors.append(
                f'plugin "{impl.plugin_name}": ledgerlint_rules failed: {type(err).__name__}: {err}'
            )
            continue
        for rule in cast(list[Rule], provided or []):
            add(rule, f'"{impl.plugin_name}"')
    for directories in hook.ledgerlint_rule_paths():
        for directory in directories or []:
            for rule in load_rule_dir(Path(directory)):
                add(rule, str(directory))
    for directory in extra_rule_dirs:
        for rule in load_rule_dir(directory):
            add(rule, str(directory))
    jurisdiction_dirs = [
        Path(d) for dirs in reversed(hook.ledgerlint_jurisdiction_paths()) for d in dirs or []
    ] + list(extra_jurisdiction_dirs)
    return Registry(rules, load_jurisdictions(jurisdiction_dirs), errors)
