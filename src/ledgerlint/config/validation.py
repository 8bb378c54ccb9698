"""Check a configuration file against its JSON Schema and the rules that exist; every error
names the file, line and column of the offending key or value (yamllint's style of message)."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from ledgerlint.config.sources import ConfigFile
from ledgerlint.config.sources import escape
from ledgerlint.engine.selection import matches_any
from ledgerlint.engine.selection import matches_specifically
from ledgerlint.models.rules import RuleMeta

_JSON_TYPES = {
    "array": "a list",
    "object": "a mapping",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing (null)",
}


@lru_cache(maxsize=1)
def config_json_schema() -> dict[str, Any]:
    text = resources.files("ledgerlint.config").joinpath("schema.json").read_text("utf-8")
    return dict(json.loads(text))


def check_schema(config: ConfigFile) -> None:
    """Raise the first schema error (in file order) as one located line."""
    from jsonschema import Draft202012Validator

    errors = list(Draft202012Validator(config_json_schema()).iter_errors(config.data))
    if not errors:
        return
    located = [_located(config, error) for error in errors]
    _, pointer, message, key = min(located, key=lambda item: item[0])
    raise config.error(pointer, message, key=key)


def _located(config: ConfigFile, error: Any) -> tuple[tuple[int, int], str, str, bool]:
    parts = list(error.absolute_path)
    pointer = "".join(f"/{escape(str(part))}" for part in parts)
    where: str = _dotted(parts)
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(known))[0]
        child = f"{pointer}/{escape(extra)}"
        close = difflib.get_close_matches(extra, known, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else f" (known: {', '.join(known)})"
        inside = f" in {where}" if where else ""
        message = f'unknown key "{extra}"{inside}{hint}'
        return config.position(child, key=True), child, message, True
    if error.validator == "type":
        wanted = error.validator_value
        expected = " or ".join(
            _JSON_TYPES[t] for t in ([wanted] if isinstance(wanted, str) else wanted)
        )
        message = f"{where} should be {expected}, not {_describe(error.instance)}"
        if wanted == "array" and isinstance(error.instance, str):
            message += f" (write [{error.instance}])"
    elif error.validator == "required":
        missing = error.message.split("'")[1]
        message = f'{where or "the exemption"} is missing "{missing}"'
        if where.startswith("exemptions["):
            message += " (every exemption needs rule, reason and expires)"
    elif error.validator == "enum":
        choices = ", ".join(map(str, error.validator_value))
        message = f"{where} should be one of {choices}, not {_describe(error.instance)}"
    elif error.validator in ("pattern", "minLength"):
        message = f"{where} {_pattern_hint(parts)}, not {_describe(error.instance)}"
    else:
        message = f"{where or 'the configuration'}: {error.message}"
    return config.position(pointer), pointer, message, False


def _pattern_hint(parts: list[Any]) -> str:
    last = str(parts[-1]) if parts else ""
    return {
        "expires": "should be a date written YYYY-MM-DD",
        "rule": "should be a rule ID such as QB015",
        "reason": "should say why (it cannot be empty)",
        "fingerprint": "should be a finding's 32-character fingerprint",
        "pointer": "should be a JSON pointer starting with /",
    }.get(last, "should not be empty")


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f'the string "{value}"'
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {value}"


def _dotted(parts: list[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def check_rules(config: ConfigFile, metas: Iterable[RuleMeta], options_of: Any) -> None:
    """Rule IDs, selectors and option values of one file against the rules that exist.

    `options_of(rule_id)` gives a rule's `RuleOption`s, or None for an unknown rule.
    """
    from jsonschema import Draft202012Validator

    from ledgerlint.engine.diagnostics import EXEMPTION_EXPIRED

    rules = list(metas)
    ids = {meta.id for meta in rules}
    data = config.data
    for name in ("select", "ignore"):
        for index, selector in enumerate(data.get(name) or []):
            if not matches_any(selector, rules):
                raise config.error(
                    f"/{name}/{index}",
                    f'{name}: "{selector}" matches no rule{_suggest(selector, rules)}',
                )
            if name == "ignore" and matches_specifically(selector, EXEMPTION_EXPIRED):
                raise config.error(
                    f"/ignore/{index}",
                    "LL001 (exemption-expired) cannot be ignored: renew or remove the exemption",
                )
    for selector in data.get("severity") or {}:
        if not matches_any(selector, rules):
            raise config.error(
                f"/severity/{escape(selector)}",
                f'severity: "{selector}" matches no rule{_suggest(selector, rules)}',
                key=True,
            )
    for rule_id, values in (data.get("options") or {}).items():
        pointer = f"/options/{escape(rule_id)}"
        options = options_of(rule_id)
        if options is None:
            raise config.error(
                pointer, f'options for unknown rule "{rule_id}"{_suggest(rule_id, rules)}', key=True
            )
        known = {option.name: option for option in options}
        for name, value in values.items():
            if name not in known:
                listed = ", ".join(sorted(known)) or "none"
                raise config.error(
                    f"{pointer}/{escape(name)}",
                    f'{rule_id} has no option "{name}" (its options: {listed})',
                    key=True,
                )
            error = next(Draft202012Validator(known[name].schema).iter_errors(value), None)
            if error is not None:
                raise config.error(
                    f"{pointer}/{escape(name)}", f'option "{name}" of {rule_id}: {error.message}'
                )
    for index, exemption in enumerate(data.get("exemptions") or []):
        if exemption["rule"] not in ids:
            raise config.error(
                f"/exemptions/{index}/rule",
                f'exemption for unknown rule "{exemption["rule"]}"'
                f"{_suggest(exemption['rule'], rules)}",
            )


def _suggest(selector: str, rules: list[RuleMeta]) -> str:
    names = [meta.id for meta in rules] + [meta.name for meta in rules]
    close = difflib.get_close_matches(selector, names, n=1)
    return f' (did you mean "{close[0]}"?)' if close else " (see `ledgerlint rules`)"
