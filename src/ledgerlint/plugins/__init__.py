"""The plugin API: what a rule plugin imports.

    from ledgerlint.plugins import Problem, RuleContext, hookimpl, rule

A plugin module defines rules with `@rule(...)` and returns them from a `ledgerlint_rules`
hook implementation; it is found through the `ledgerlint` entry-point group. The built-in
rules are registered exactly the same way.
"""

from ledgerlint.models.findings import Fix
from ledgerlint.models.findings import Notice
from ledgerlint.models.findings import Problem
from ledgerlint.models.rules import RuleOption
from ledgerlint.plugins.hookspecs import hookimpl
from ledgerlint.plugins.rule import Rule
from ledgerlint.plugins.rule import RuleContext
from ledgerlint.plugins.rule import RuleSkipped
from ledgerlint.plugins.rule import rule

__all__ = [
    "Fix",
    "Notice",
    "Problem",
    "Rule",
    "RuleContext",
    "RuleOption",
    "RuleSkipped",
    "hookimpl",
    "rule",
]
