"""Regular expressions in YAML rules run on RE2: time linear in the text, whatever the pattern.

A rule's `pattern`/`patternProperties` (JSON Schema) and the `match()`/`search()` functions of
its JSONPath run on snapshot data, which may be large or hostile; a backtracking engine (Python's
`re`, used by jsonschema and python-jsonpath) can take exponential time on a pattern such as
`^(a+)+$`. RE2 has no backtracking, hence no lookaround or backreferences: a pattern RE2 cannot
run is a rule-file error when the rule loads. See docs/safety.md for the decision.

Dialects: JSON Schema patterns are ECMA-262 regular expressions. RE2 agrees with ECMA-262 on
`\\d`, `\\w` and `\\b` (ASCII), but its `\\s` is ASCII while ECMA-262's includes Unicode spaces
(NBSP, U+2000…): `\\s` and `\\S` are translated, so `pattern: "\\\\S"` still rejects a string of
non-breaking spaces. JSONPath `match()`/`search()` take RFC 9485 I-Regexp, where `.` is any
character but `\\n` and `\\r`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

_ECMA_SPACE = r"\t-\r\p{Z}\x{FEFF}"
"""ECMA-262 `\\s`: tab to carriage return, the Unicode space separators, and the BOM."""
_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})


class PatternError(ValueError):
    """A pattern RE2 cannot run (lookaround, backreferences, a syntax error, too large)."""


def ecma_to_re2(pattern: str) -> str:
    """An ECMA-262 pattern in RE2 syntax: `\\s`/`\\S` widened to ECMA-262's Unicode spaces."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            if escaped == "s":
                out.append(_ECMA_SPACE if in_class else f"[{_ECMA_SPACE}]")
            elif escaped == "S":
                if in_class:
                    raise PatternError(
                        f"{pattern!r}: \\S inside [...] is not supported; write [^...] with \\s"
                    )
                out.append(f"[^{_ECMA_SPACE}]")
            else:
                out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class and pattern.startswith("[:", index):  # a POSIX class such as [:alpha:]
            end = pattern.find(":]", index + 2)
            if end != -1:
                out.append(pattern[index : end + 2])
                index = end + 2
                continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            index += 1
            if pattern.startswith("^", index):
                out.append("^")
                index += 1
            if pattern.startswith("]", index):  # a leading ] is a literal
                out.append("\\]")
                index += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def iregexp_to_re2(pattern: str) -> str:
    """An RFC 9485 I-Regexp in RE2 syntax: `.` outside a class excludes `\\n` and `\\r`."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "." and not in_class:
            out.append(r"[^\n\r]")
        else:
            out.append(char)
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        index += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    """A compiled RE2 pattern for an ECMA-262 `pattern`; `PatternError` if RE2 cannot run it."""
    return _compile(ecma_to_re2(pattern), pattern)


@lru_cache(maxsize=1024)
def _compile_iregexp(pattern: str) -> Any:
    try:
        return _compile(iregexp_to_re2(pattern), pattern)
    except PatternError:
        return None  # RFC 9535: a pattern that is not valid matches nothing


def _compile(translated: str, original: str) -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print to stderr; the error is raised instead
    try:
        return re2.compile(translated, options)
    except re2.error as err:
        reason = err.args[0] if err.args else err
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(
            f"{original!r} cannot run in linear time (RE2: {reason}); lookaround and "
            "backreferences are not supported"
        ) from None


def check_schema_patterns(schema: Any) -> None:
    """Compile every pattern of a JSON Schema now (so a bad one is a rule-file error at load),
    and refuse `unevaluatedProperties` beside `patternProperties` (jsonschema would evaluate
    those patterns with Python's backtracking `re`)."""
    pattern_properties = False
    unevaluated = False
    for key, value in _keywords(schema):
        if key == "pattern" and isinstance(value, str):
            compile_pattern(value)
        elif key == "patternProperties" and isinstance(value, dict):
            pattern_properties = True
            for pattern in value:
                compile_pattern(pattern)
        elif key == "unevaluatedProperties":
            unevaluated = True
    if pattern_properties and unevaluated:
        raise PatternError(
            "patternProperties cannot be combined with unevaluatedProperties in a rule; "
            "use additionalProperties"
        )


def _keywords(schema: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            yield key, value
            if key not in _DATA_KEYWORDS:
                yield from _keywords(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _keywords(item)


@lru_cache(maxsize=1)
def validator_class() -> Any:
    """Draft 2020-12 with `pattern`, `patternProperties` and `additionalProperties` on RE2."""
    from jsonschema import Draft202012Validator
    from jsonschema import validators
    from jsonschema.exceptions import ValidationError

    base_additional = Draft202012Validator.VALIDATORS["additionalProperties"]

    def pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "string") and not compile_pattern(patrn).search(instance):
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    def pattern_properties(
        validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
    ) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        for patrn, subschema in patterns.items():
            compiled = compile_pattern(patrn)
            for key, value in instance.items():
                if compiled.search(key):
                    yield from validator.descend(value, subschema, path=key, schema_path=patrn)

    def additional_properties(
        validator: Any, additional: Any, instance: Any, schema: Any
    ) -> Iterator[Any]:
        if "patternProperties" not in schema:
            yield from base_additional(validator, additional, instance, schema)
            return
        if not validator.is_type(instance, "object"):
            return
        compiled = [compile_pattern(p) for p in schema["patternProperties"]]
        known = schema.get("properties", {})
        extras = sorted(
            key for key in instance if key not in known and not any(c.search(key) for c in compiled)
        )
        if validator.is_type(additional, "object"):
            for extra in extras:
                yield from validator.descend(instance[extra], additional, path=extra)
        elif additional is False and extras:
            verb = "does" if len(extras) == 1 else "do"
            patterns = ", ".join(repr(p) for p in sorted(schema["patternProperties"]))
            yield ValidationError(
                f"{', '.join(map(repr, extras))} {verb} not match any of the regexes: {patterns}"
            )

    return validators.extend(
        Draft202012Validator,
        {
            "pattern": pattern,
            "patternProperties": pattern_properties,
            "additionalProperties": additional_properties,
        },
    )


def install_jsonpath_functions(env: Any) -> None:
    """Replace a python-jsonpath environment's `match` and `search` with RE2 versions."""
    from jsonpath.function_extensions import ExpressionType
    from jsonpath.function_extensions import FilterFunction

    class _Re2Function(FilterFunction):
        arg_types = [ExpressionType.VALUE, ExpressionType.VALUE]  # noqa: RUF012 - the library API
        return_type = ExpressionType.LOGICAL

        def __init__(self, *, whole: bool) -> None:
            self.whole = whole

        def __call__(self, value: object, pattern: object) -> bool:
            if not isinstance(value, str) or not isinstance(pattern, str):
                return False
            compiled = _compile_iregexp(pattern)
            if compiled is None:
                return False
            found = compiled.fullmatch(value) if self.whole else compiled.search(value)
            return found is not None

    env.function_extensions["match"] = _Re2Function(whole=True)
    env.function_extensions["search"] = _Re2Function(whole=False)
