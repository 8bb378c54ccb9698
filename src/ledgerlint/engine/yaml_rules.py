"""Declarative rules: one YAML file per rule, checked against `rule_schema.json`.

A rule selects values with RFC 9535 JSONPath (`given`), optionally narrows them with a JSON
Schema (`when`), and checks each one (`check`), or the number of them (`count`), against a JSON
Schema. The engine adds a few constructs JSON Schema cannot express: a document-level `gate`,
`let` lists gathered from elsewhere in the snapshot, and `{"$option": name}` / `{"$let": name}`
placeholders inside schemas. Everything is compiled when the file is loaded; per snapshot only
the `let` lists are gathered and substituted. YAML rules are meant for configuration-sized
selections: logic over transactions belongs in a Python rule.

A rule sees plain data holding only what its selectors and gate name (`sections.py`): a rule on
`$.clio_bill_syncing` never causes a large snapshot's transactions to be built as dicts.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ledgerlint.engine.run import missing_inputs
from ledgerlint.engine.sections import jsonpath_sections
from ledgerlint.engine.sections import merge_sections
from ledgerlint.engine.sections import schema_sections
from ledgerlint.engine.yaml_meta import yaml_rule_meta
from ledgerlint.errors import RuleFileError
from ledgerlint.models.findings import Fix
from ledgerlint.models.findings import Notice
from ledgerlint.models.findings import Problem
from ledgerlint.plugins.rule import Rule
from ledgerlint.plugins.rule import RuleContext
from ledgerlint.plugins.rule import RuleOutput


@lru_cache(maxsize=1)
def rule_file_schema() -> dict[str, Any]:
    text = resources.files("ledgerlint.engine").joinpath("rule_schema.json").read_text("utf-8")
    return dict(json.loads(text))


@lru_cache(maxsize=1)
def _jsonpath_env() -> Any:
    import jsonpath

    from ledgerlint.engine.safe_patterns import install_jsonpath_functions

    env = jsonpath.JSONPathEnvironment(strict=True)
    install_jsonpath_functions(env)
    return env


def load_yaml_rule(path: Path, *, validate: bool = True) -> Rule:
    """Read, validate and compile one rule file; raise `RuleFileError` naming file and field.

    `validate=False` skips the JSON Schema checks of the file and of the schemas it holds, for
    the rule files shipped inside ledgerlint (tests/test_engine.py validates every one of them):
    checking them again at every start-up cost about 10 ms, and `rules` would import jsonschema."""
    import yaml

    from ledgerlint.snapshot.loader import safe_yaml

    try:
        spec = safe_yaml(path.read_text("utf-8"))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise RuleFileError(path, f"invalid YAML{where}: {err.problem}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(path, f"cannot read: {err}") from None
    errors = sorted(
        _file_errors(spec) if validate else (),
        key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))),
    )
    if errors:
        error = errors[0]
        field = _field_name(error.absolute_path) or None
        raise RuleFileError(path, error.message, field=field)
    return _compile(spec, path, validate=validate)


def _file_errors(spec: Any) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(rule_file_schema()).iter_errors(spec)


def _field_name(parts: Any) -> str:
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _compile(spec: dict[str, Any], path: Path, *, validate: bool = True) -> Rule:
    compiled = _CompiledRule(spec, path, validate=validate)
    return Rule(meta=yaml_rule_meta(spec, path), check=compiled.run)


class _CompiledRule:
    def __init__(self, spec: dict[str, Any], path: Path, *, validate: bool = True) -> None:
        self.path = path
        self.spec = spec
        self.validate = validate
        env = _jsonpath_env()
        defaults = {
            "options": {name: o["default"] for name, o in (spec.get("options") or {}).items()},
            "let": {name: [] for name in spec.get("let") or {}},
        }
        self.lets = {}
        for name, expr in (spec.get("let") or {}).items():
            self.lets[name] = self._compile_path(expr, f"let.{name}", env)
        self.assertions = []
        self._validators: dict[str, Any] = {}
        for index, assertion in enumerate(spec["assert"]):
            where = f"assert[{index}]"
            self.assertions.append(
                (assertion, self._compile_path(assertion["given"], f"{where}.given", env))
            )
            for key in ("when", "check", "count"):
                if key in assertion:
                    self._check_schema(assertion[key], f"{where}.{key}", defaults)
            self._check_template(assertion["message"], f"{where}.message")
            if "fix" in assertion:
                self._check_template(assertion["fix"]["description"], f"{where}.fix.description")
                for number, operation in enumerate(assertion["fix"]["patch"]):
                    for key in ("path", "from"):
                        if isinstance(operation.get(key), str):
                            self._check_template(
                                operation[key], f"{where}.fix.patch[{number}].{key}"
                            )
        if "gate" in spec:
            self._check_schema(spec["gate"], "gate", defaults)
        expressions = [*(spec.get("let") or {}).values(), *(a["given"] for a in spec["assert"])]
        self.sections = merge_sections(
            [
                *(jsonpath_sections(expr) for expr in expressions),
                schema_sections(spec["gate"]) if "gate" in spec else set(),
            ]
        )
        """The parts of the snapshot this rule reads (None: all of it)."""

    def _compile_path(self, expr: str, field: str, env: Any) -> Any:
        from jsonpath import JSONPathError

        try:
            return env.compile(expr)
        except JSONPathError as err:
            raise RuleFileError(self.path, f"invalid JSONPath: {err}", field=field) from None

    def _check_schema(self, schema: Any, field: str, defaults: dict[str, Any]) -> None:
        if not self.validate:
            return
        from jsonschema.exceptions import SchemaError

        from ledgerlint.engine.safe_patterns import PatternError
        from ledgerlint.engine.safe_patterns import check_schema_patterns
        from ledgerlint.engine.safe_patterns import validator_class

        try:
            concrete = _substitute(schema, defaults)
            validator_class().check_schema(concrete)
            check_schema_patterns(concrete)
        except KeyError as err:
            raise RuleFileError(self.path, f"unknown placeholder {err}", field=field) from None
        except SchemaError as err:
            raise RuleFileError(
                self.path, f"invalid JSON Schema: {err.message}", field=field
            ) from None
        except PatternError as err:
            raise RuleFileError(self.path, f"invalid pattern: {err}", field=field) from None

    def _check_template(self, template: str, field: str) -> None:
        allowed = {"value", "pointer", "count", "options", "let", "subject", "field"}
        try:
            names = {
                name.split("[")[0].split(".")[0]
                for _, name, _, _ in string.Formatter().parse(template)
                if name
            }
        except ValueError as err:
            raise RuleFileError(
                self.path, f"invalid message template: {err}", field=field
            ) from None
        unknown = names - allowed
        if unknown:
            raise RuleFileError(
                self.path, f"unknown placeholder {{{sorted(unknown)[0]}}}", field=field
            )

    def _validator(self, schema: Any, values: Mapping[str, Any]) -> Any:
        """A compiled validator per distinct schema (after placeholders), made once and reused;
        its patterns run on RE2 (see `safe_patterns`)."""
        from ledgerlint.engine.safe_patterns import validator_class

        concrete = _substitute(schema, values)
        cache_key = json.dumps(concrete, sort_keys=True, default=str)
        if cache_key not in self._validators:
            self._validators[cache_key] = validator_class()(concrete)
        return self._validators[cache_key]

    def run(self, ctx: RuleContext) -> RuleOutput:
        data = ctx.plain(self.sections)
        lets = {name: list(path.findall(data)) for name, path in self.lets.items()}
        values = {"options": dict(ctx.options), "let": lets}
        if "gate" in self.spec and not self._validator(self.spec["gate"], values).is_valid(data):
            return
        for assertion, given in self.assertions:
            yield from self._run_assertion(ctx, assertion, given, data, values)

    def _run_assertion(
        self,
        ctx: RuleContext,
        assertion: dict[str, Any],
        given: Any,
        data: Any,
        values: dict[str, Any],
    ) -> Iterator[Problem | Notice]:
        when = self._validator(assertion["when"], values) if "when" in assertion else None
        subjects = [
            (str(match.pointer()), match.obj)
            for match in given.finditer(data)
            if when is None or when.is_valid(match.obj)
        ]
        missing = missing_inputs(ctx.snapshot, assertion.get("requires", ()))
        if subjects and missing:
            listed = ", ".join(f"`{m}`" for m in missing)
            yield Notice(
                f"could not check part of the rule: the snapshot has no {listed}", None, "not-run"
            )
            return
        if "count" in assertion:
            if self._validator(assertion["count"], values).is_valid(len(subjects)):
                return
            pointer = assertion.get("at", "")
            yield self._problem(assertion, pointer, pointer, None, {}, values, len(subjects), data)
            return
        check = self._validator(assertion["check"], values)
        field = assertion.get("field")
        for subject_pointer, subject in subjects:
            value = _member(subject, field) if field else subject
            if check.is_valid(value):
                continue
            pointer = f"{subject_pointer}/{field}" if field else subject_pointer
            yield self._problem(
                assertion, pointer, subject_pointer, value, subject, values, len(subjects), data
            )

    def _problem(
        self,
        assertion: dict[str, Any],
        pointer: str,
        subject_pointer: str,
        value: Any,
        subject: Any,
        values: dict[str, Any],
        count: int,
        data: Any,
    ) -> Problem:
        fields = {
            "value": _show(value),
            "pointer": pointer,
            "count": count,
            "options": values["options"],
            "let": {k: ", ".join(map(_show, v)) or "(none)" for k, v in values["let"].items()},
            "subject": _ShowDict(subject if isinstance(subject, dict) else {}),
            "field": assertion.get("field", ""),
        }
        message = assertion["message"].format(**fields)
        fix = None
        if "fix" in assertion:
            spec = assertion["fix"]
            patch = tuple(
                {
                    k: (v.format(**fields) if isinstance(v, str) and k in ("path", "from") else v)
                    for k, v in op.items()
                }
                for op in spec["patch"]
            )
            fix = Fix(spec["description"].format(**fields), patch, spec.get("safety", "safe"))
        return Problem(
            message=message,
            pointer=pointer,
            key=stable_key(data, pointer),
            fix=fix,
        )


class _ShowDict(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "(none)"

    def __getitem__(self, key: str) -> str:
        return _show(super().get(key)) if key in self else "(none)"


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _member(subject: Any, field: str) -> Any:
    for part in field.split("/"):
        if not isinstance(subject, dict):
            return None
        subject = subject.get(part)
    return subject


def stable_key(data: Any, pointer: str) -> str:
    """A pointer with array indexes replaced by the item's `Id`, `id` or `name` where it has one,
    so that fingerprints survive items being added or reordered."""
    from ledgerlint.snapshot.positions import split_pointer

    key = ""
    node = data
    for token in split_pointer(pointer):
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
            ident = next(
                (
                    f"{k}={node[k]}"
                    for k in ("Id", "id", "name", "Name", "account")
                    if isinstance(node, dict) and k in node
                ),
                token,
            )
            key += f"/[{ident}]"
        else:
            node = node.get(token) if isinstance(node, dict) else None
            key += f"/{token}"
    return key


def _substitute(schema: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(schema, dict):
        if len(schema) == 1 and "$option" in schema:
            return values["options"][schema["$option"]]
        if len(schema) == 1 and "$let" in schema:
            return values["let"][schema["$let"]]
        return {k: _substitute(v, values) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_substitute(item, values) for item in schema]
    return schema


def load_rule_dir(directory: Path) -> list[Rule]:
    return [load_yaml_rule(path) for path in sorted(directory.rglob("*.yaml"))]
