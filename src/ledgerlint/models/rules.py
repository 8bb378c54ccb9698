"""Rule metadata: the documentation every rule carries, whether YAML or Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from ledgerlint.models.findings import FixSafety
from ledgerlint.models.findings import Severity

DOCS_BASE_URL = "https://github.com/ledgerlint/ledgerlint/blob/main/docs/rules.md"


@dataclass(frozen=True)
class RuleOption:
    name: str
    default: Any
    description: str
    schema: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleDoc:
    """Ruff's sections: what it finds, why it matters, an example, the fix, references."""

    finds: str
    why: str
    fix: str
    example: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleMeta:
    id: str
    name: str
    severity: Severity
    doc: RuleDoc
    tags: tuple[str, ...] = ()
    fix_safety: FixSafety | None = None
    """The safety of the fixes this rule offers; None when it offers none."""
    options: tuple[RuleOption, ...] = ()
    requires: tuple[str, ...] = ()
    """Snapshot paths the rule reads (`qbo.Account`); absent ones make it report 'not run'."""
    source: str = "builtin"
    """Where it was defined: a YAML file path, or `python:<module>` and the plugin's name."""

    @property
    def help_uri(self) -> str:
        return f"{DOCS_BASE_URL}#{self.id.lower()}-{self.name}"

    def default_options(self) -> dict[str, Any]:
        return {option.name: option.default for option in self.options}

    def markdown(self) -> str:
        """The rule's full documentation, as `ledgerlint rule ID` and SARIF `help` show it."""
        parts = [f"# {self.id} {self.name}", "", f"Severity: `{self.severity.value}`"]
        if self.tags:
            parts.append(f"Tags: {', '.join(self.tags)}")
        parts += ["", "## What it finds", "", self.doc.finds.strip()]
        parts += ["", "## Why it matters", "", self.doc.why.strip()]
        if self.doc.example.strip():
            parts += ["", "## Example", "", self.doc.example.strip()]
        parts += ["", "## How to fix", "", self.doc.fix.strip()]
        safety = {
            None: "This rule offers no automatic fix.",
            "safe": "Fixes are safe: they change only a setting and keep the books' meaning.",
            "unsafe": "Fixes are unsafe: review them; they change what the books say.",
            "display-only": "Fixes are display-only: make the change in Clio or QuickBooks.",
        }[self.fix_safety]
        parts += ["", "## Fix safety", "", safety]
        if self.options:
            parts += ["", "## Options", ""]
            parts += [
                f"- `{o.name}` (default `{o.default}`): {o.description}" for o in self.options
            ]
        if self.doc.references:
            parts += ["", "## References", ""]
            parts += [f"- {ref}" for ref in self.doc.references]
        return "\n".join(parts) + "\n"
