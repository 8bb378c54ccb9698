"""One built-in rule's metadata without building the registry (for `ledgerlint rule ID`).

The registry loads every plugin, validates and compiles every YAML rule file (JSON Schema,
JSONPath) and reads the jurisdiction table: right for a run, wasted on showing one rule's
documentation. A shipped YAML rule is found by its file name (`QB001-class-tracking-off.yaml`)
and only its documentation is read; a built-in Python rule is found by importing only the
rule modules of its area (`QB` → `ledgerlint.builtin.qb`). Anything else (a plugin's rule, a
name not found this way) returns None: the caller falls back to the registry, which a
plugin cannot shadow (a plugin reusing a built-in ID is an error there).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

from ledgerlint.models.rules import RuleMeta

_ID = re.compile(r"^[A-Za-z]+[0-9]+$")


def builtin_rule_meta(wanted: str) -> RuleMeta | None:
    """The documentation of the built-in rule with this ID or name, or None."""
    try:
        return _from_yaml(wanted) or _from_python(wanted)
    except Exception:  # a broken file or module: the registry reports it properly
        return None


def _rules_dir() -> Path:
    from importlib import resources

    packaged = Path(str(resources.files("ledgerlint"))) / "_rules"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "rules"


def _from_yaml(wanted: str) -> RuleMeta | None:
    pattern = f"{wanted.upper()}-*.yaml" if _ID.match(wanted) else f"*-{wanted}.yaml"
    for path in sorted(_rules_dir().glob(f"*/{pattern}")):
        spec = _read_yaml(path)
        if isinstance(spec, dict) and wanted.upper() in (
            spec.get("id"),
            str(spec.get("name")).upper(),
        ):
            from ledgerlint.engine.yaml_meta import yaml_rule_meta

            return yaml_rule_meta(spec, path)
    return None


def _read_yaml(path: Path) -> Any:
    import yaml

    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _from_python(wanted: str) -> RuleMeta | None:
    from ledgerlint.plugins.manager import DEFAULT_PLUGINS

    prefix = re.match(r"[A-Za-z]*", wanted).group(0).lower() if _ID.match(wanted) else ""  # type: ignore[union-attr]
    for module_name in DEFAULT_PLUGINS:
        area = module_name.rsplit(".", 1)[-1]
        if area == "shipped" or not area.startswith(prefix):
            continue
        for rule in getattr(importlib.import_module(module_name), "RULES", ()):
            if rule.id == wanted.upper() or rule.meta.name == wanted:
                return rule.meta  # type: ignore[no-any-return]
    return None
