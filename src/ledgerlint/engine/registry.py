"""Collect every rule and jurisdiction the plugins provide, once per process."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from ledgerlint.engine.guard import collect
from ledgerlint.engine.guard import load_jurisdiction_table
from ledgerlint.engine.jurisdictions import load_jurisdiction
from ledgerlint.engine.yaml_rules import load_rule_dir
from ledgerlint.errors import ConfigError
from ledgerlint.models.jurisdiction import Jurisdiction
from ledgerlint.plugins.manager import DEFAULT_PLUGINS
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
    """Every rule and jurisdiction: plugins' (built-ins included, each checked by
    `engine.guard`: what a plugin gets wrong is a line in `plugin_errors` and the rest loads),
    then the configuration's own folders (`rule_dirs`, `jurisdiction_dirs`), which are strict: a
    malformed file there raises `RuleFileError`; later jurisdiction folders override."""
    plugins = load_plugins(extra=extra_plugins)
    found = collect(plugins.manager.hook, DEFAULT_PLUGINS)
    errors = list(plugins.errors) + found.errors
    rules = found.rules
    for directory in extra_rule_dirs:
        for rule in load_rule_dir(directory):
            if rule.id in rules:
                raise ConfigError(
                    f"rule {rule.id} is defined twice: {rules[rule.id].meta.source} and {rule.meta.source}"
                )
            rules[rule.id] = rule
    jurisdictions = load_jurisdiction_table(found.jurisdiction_files, errors)
    for directory in extra_jurisdiction_dirs:
        for path in sorted(Path(directory).glob("*.yaml")):
            jurisdiction = load_jurisdiction(path)
            jurisdictions[jurisdiction.code] = jurisdiction
    return Registry(rules, jurisdictions, errors)
