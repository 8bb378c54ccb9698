"""A YAML rule's metadata from its parsed file: shared by the engine (which also validates and
compiles the checks) and `ledgerlint rule ID` (which only shows the documentation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ledgerlint.models.findings import Severity
from ledgerlint.models.rules import RuleDoc
from ledgerlint.models.rules import RuleMeta
from ledgerlint.models.rules import RuleOption


def yaml_rule_meta(spec: dict[str, Any], path: Path) -> RuleMeta:
    options = tuple(
        RuleOption(name, o["default"], o["description"], o.get("schema", {}))
        for name, o in sorted((spec.get("options") or {}).items())
    )
    doc = spec["doc"]
    return RuleMeta(
        id=spec["id"],
        name=spec["name"],
        severity=Severity(spec["severity"]),
        doc=RuleDoc(
            finds=doc["finds"],
            why=doc["why"],
            fix=doc["fix"],
            example=doc.get("example", ""),
            references=tuple(doc.get("references", ())),
        ),
        tags=tuple(spec.get("tags", ())),
        fix_safety=spec.get("fix_safety"),
        options=options,
        requires=tuple(spec.get("requires", ())),
        source=str(path),
    )
