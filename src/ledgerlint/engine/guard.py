"""Plugins and rules cannot take the run down: everything they hand over is checked, every
failure is reported against the plugin by name, and every rule runs within a time budget.

- `collect(hook, builtin)`: the rules, YAML rule files and jurisdiction files the plugins'
  hooks return, each checked (a hook returning a non-list, a non-Rule, a bad rule ID, a
  malformed YAML rule or jurisdiction file, a rule ID already taken: the built-in wins). What
  fails is an error line `plugin "name": …`; everything else still loads.
- `adopt(rule, plugin)`: wraps a rule so that what it yields is checked (a Problem or Notice
  with fields of the right types); what is not becomes a `plugin-error` notice naming the
  plugin, and the rule's valid findings are kept.
- `within_budget(check, ctx, seconds=…)`: runs a rule to completion or stops it when it
  overruns its time budget (SIGALRM; see docs/safety.md for the fallback without signals).
"""

from __future__ import annotations

import math
import re
import signal
import threading
import time
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerlint.errors import RuleFileError
from ledgerlint.models.findings import Fix
from ledgerlint.models.findings import Notice
from ledgerlint.models.findings import Problem
from ledgerlint.models.findings import Severity
from ledgerlint.models.jurisdiction import Jurisdiction
from ledgerlint.models.rules import RuleMeta
from ledgerlint.plugins.rule import Rule
from ledgerlint.plugins.rule import RuleContext
from ledgerlint.plugins.rule import RuleOutput
from ledgerlint.plugins.rule import RuleSkipped

DEFAULT_RULE_TIMEOUT = 60.0
RULE_ID = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
_NOTICE_KINDS = ("not-run", "skipped", "ambiguous", "plugin-error")
_PATCH_OPS = ("add", "remove", "replace", "move", "copy", "test")
_FIX_SAFETIES = ("safe", "unsafe", "display-only")
_MAX_DEPTH = 64


@dataclass
class Collected:
    """What the plugins provided, after checking."""

    rules: dict[str, Rule] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    """Rule ID -> the plugin that defined it."""
    jurisdiction_files: list[tuple[str, Path]] = field(default_factory=list)
    """(plugin, file) in load order: later files override earlier ones with the same code."""
    errors: list[str] = field(default_factory=list)


def collect(hook: Any, builtin: Iterable[str]) -> Collected:
    """Call each plugin's hooks on its own (built-ins first, then plugins by name) and keep
    what passes the checks. `hook` is a pluggy `PluginManager.hook`."""
    builtin_order = {name: index for index, name in enumerate(builtin)}
    found = Collected()

    def who(plugin: str) -> str:
        return "a built-in rule" if plugin in builtin_order else f'plugin "{plugin}"'

    def add(rule: Rule, plugin: str) -> None:
        fault = _rule_fault(rule)
        if fault is not None:
            found.errors.append(f'plugin "{plugin}": {fault}')
            return
        if rule.id in found.rules:
            found.errors.append(
                f'plugin "{plugin}": rule {rule.id} is already defined by '
                f"{who(found.owners[rule.id])}; this plugin's {rule.id} is not used"
            )
            return
        found.rules[rule.id] = adopt(rule, plugin, builtin=plugin in builtin_order)
        found.owners[rule.id] = plugin

    # Plugin by plugin, built-ins first: whoever comes first keeps a rule ID, whatever the
    # order pluggy would call the hooks in (a plugin can ask for `tryfirst`).
    hooks = ("ledgerlint_rules", "ledgerlint_rule_paths", "ledgerlint_jurisdiction_paths")
    impls: dict[str, dict[str, Any]] = {}
    for name in hooks:
        for impl in getattr(hook, name).get_hookimpls():
            impls.setdefault(impl.plugin_name, {})[name] = impl
    order = sorted(impls, key=lambda p: (p not in builtin_order, builtin_order.get(p, 0), p))
    for plugin in order:
        rules_impl = impls[plugin].get("ledgerlint_rules")
        if rules_impl is not None:
            provided = _call(rules_impl, found.errors)
            for item in _as_list(provided, rules_impl, "rules", found.errors):
                if isinstance(item, Rule):
                    add(item, plugin)
                else:
                    found.errors.append(
                        f'plugin "{plugin}": ledgerlint_rules returned {_kind(item)} among '
                        "its rules, not a Rule (decorate it with @rule)"
                    )
        paths_impl = impls[plugin].get("ledgerlint_rule_paths")
        for directory in _directories(paths_impl, found.errors) if paths_impl else ():
            for path in sorted(directory.rglob("*.yaml")):
                trusted = plugin in builtin_order  # shipped and validated by the tests
                rule = _load_rule_file(path, plugin, found.errors, validate=not trusted)
                if rule is not None:
                    add(rule, plugin)
    for plugin in order:
        jurisdictions_impl = impls[plugin].get("ledgerlint_jurisdiction_paths")
        if jurisdictions_impl is not None:
            for directory in _directories(jurisdictions_impl, found.errors):
                for path in sorted(directory.glob("*.yaml")):
                    found.jurisdiction_files.append((plugin, path))
    return found


def load_jurisdiction_table(
    files: Iterable[tuple[str, Path]], errors: list[str]
) -> dict[str, Jurisdiction]:
    """The jurisdiction table from `collect`'s files; a malformed file is reported against its
    plugin and left out (the shipped file of that code, if any, stays)."""
    from ledgerlint.engine.jurisdictions import DEFAULT_CODE
    from ledgerlint.engine.jurisdictions import load_jurisdiction

    table: dict[str, Jurisdiction] = {}
    for plugin, path in files:
        try:
            jurisdiction = load_jurisdiction(path)
        except RuleFileError as err:
            errors.append(f'plugin "{plugin}": {err}')
            continue
        except Exception as err:  # whatever else a file does to the loader
            errors.append(f'plugin "{plugin}": invalid jurisdiction file {path}: {_err(err)}')
            continue
        table[jurisdiction.code] = jurisdiction
    if DEFAULT_CODE not in table:
        raise RuleFileError(Path("."), "the ABA default jurisdiction is missing")
    return table


def _load_rule_file(path: Path, plugin: str, errors: list[str], *, validate: bool) -> Rule | None:
    from ledgerlint.engine.yaml_rules import load_yaml_rule

    try:
        return load_yaml_rule(path, validate=validate)
    except RuleFileError as err:
        errors.append(f'plugin "{plugin}": {err}')
    except Exception as err:  # whatever else a file does to the loader
        errors.append(f'plugin "{plugin}": invalid rule file {path}: {_err(err)}')
    return None


def _call(impl: Any, errors: list[str]) -> Any:
    try:
        return impl.function()
    except Exception as err:  # a broken plugin is reported, the others load
        errors.append(f'plugin "{impl.plugin_name}": {impl.function.__name__} failed: {_err(err)}')
        return None


def _as_list(provided: Any, impl: Any, what: str, errors: list[str]) -> list[Any]:
    if provided is None:
        return []
    if isinstance(provided, (list, tuple)):
        return list(provided)
    errors.append(
        f'plugin "{impl.plugin_name}": {impl.function.__name__} returned {_kind(provided)}, '
        f"not a list of {what}"
    )
    return []


def _directories(impl: Any, errors: list[str]) -> Iterator[Path]:
    for item in _as_list(_call(impl, errors), impl, "directories", errors):
        if not isinstance(item, (str, Path)):
            errors.append(
                f'plugin "{impl.plugin_name}": {impl.function.__name__} returned '
                f"{_kind(item)} among its directories, not a path"
            )
        elif not Path(item).is_dir():
            errors.append(
                f'plugin "{impl.plugin_name}": {impl.function.__name__} returned {item}, '
                "which is not a directory"
            )
        else:
            yield Path(item)


def _rule_fault(rule: Rule) -> str | None:
    meta = rule.meta
    if not isinstance(meta, RuleMeta):
        return f"a rule's meta is {_kind(meta)}, not a RuleMeta (use @rule)"
    if not isinstance(meta.id, str) or not RULE_ID.match(meta.id):
        return f"rule ID {meta.id!r} is not 2 to 4 capital letters and 3 digits (e.g. XF001)"
    if not callable(rule.check):
        return f"rule {meta.id} has no check function"
    if not isinstance(meta.name, str) or not meta.name:
        return f"rule {meta.id} has no name"
    if not isinstance(meta.severity, Severity):
        return f"rule {meta.id}: severity {meta.severity!r} is not error, warning or info"
    return None


def adopt(rule: Rule, plugin: str, *, builtin: bool = False) -> Rule:
    """`rule` with its check wrapped by `_Checked` (see the module docstring)."""
    return Rule(meta=rule.meta, check=_Checked(rule.check, plugin, rule.meta.source, builtin))


class _Checked:
    """A rule's check whose output is validated and whose failures name the plugin."""

    def __init__(
        self, check: Callable[[RuleContext], RuleOutput], plugin: str, source: str, builtin: bool
    ) -> None:
        self.check = check
        self.plugin = plugin
        self.source = source
        self.prefix = "" if builtin else f'plugin "{plugin}": '

    def __call__(self, ctx: RuleContext) -> Iterator[Problem | Notice]:
        invalid = 0
        first = ""
        try:
            produced = self.check(ctx)
            if produced is None:
                return
            if isinstance(produced, (str, bytes, Mapping)) or not isinstance(produced, Iterable):
                yield self._error(
                    f"the rule returned {_kind(produced)}, not an iterable of Problem and Notice"
                )
                return
            for item in produced:
                fault = output_fault(item)
                if fault is None:
                    yield item
                else:
                    invalid += 1
                    first = first or fault
        except RuleSkipped:
            raise
        except Exception as err:  # reported against the plugin; the other rules run
            yield self._error(f"rule failed ({self.source}): {_err(err)}")
        if invalid:
            yield self._error(
                f"the rule yielded {invalid} invalid item{'s' if invalid != 1 else ''}, "
                f"left out of the report; the first: {first}"
            )

    def _error(self, message: str) -> Notice:
        return Notice(self.prefix + message, None, "plugin-error")


def output_fault(item: Any) -> str | None:
    """Why `item` is not something a rule may yield, or None when it is."""
    if isinstance(item, Problem):
        return _problem_fault(item)
    if isinstance(item, Notice):
        if not isinstance(item.message, str):
            return f"Notice.message is {_kind(item.message)}, not text"
        if item.pointer is not None and not _is_pointer(item.pointer):
            return f"Notice.pointer {item.pointer!r} is not a JSON pointer"
        if item.kind not in _NOTICE_KINDS:
            return f"Notice.kind {item.kind!r} is not one of {', '.join(_NOTICE_KINDS)}"
        return None
    return f"{_kind(item)}, not a Problem or Notice"


def _problem_fault(problem: Problem) -> str | None:
    if not isinstance(problem.message, str) or not problem.message:
        return f"Problem.message is {_kind(problem.message)}, not text"
    if not _is_pointer(problem.pointer):
        return f"Problem.pointer {problem.pointer!r} is not a JSON pointer"
    if not isinstance(problem.key, str):
        return f"Problem.key is {_kind(problem.key)}, not text"
    if problem.logical is not None and not isinstance(problem.logical, str):
        return f"Problem.logical is {_kind(problem.logical)}, not text"
    if not isinstance(problem.related, (tuple, list)) or not all(
        isinstance(pair, tuple)
        and len(pair) == 2
        and _is_pointer(pair[0])
        and isinstance(pair[1], str)
        for pair in problem.related
    ):
        return "Problem.related is not a sequence of (JSON pointer, label) pairs"
    if not isinstance(problem.properties, Mapping):
        return f"Problem.properties is {_kind(problem.properties)}, not a mapping"
    fault = _json_fault(problem.properties, "Problem.properties", 0)
    if fault is not None:
        return fault
    if problem.fix is not None:
        return _fix_fault(problem.fix)
    return None


def _fix_fault(fix: Any) -> str | None:
    if not isinstance(fix, Fix):
        return f"Problem.fix is {_kind(fix)}, not a Fix"
    if not isinstance(fix.description, str):
        return f"Fix.description is {_kind(fix.description)}, not text"
    if fix.safety not in _FIX_SAFETIES:
        return f"Fix.safety {fix.safety!r} is not one of {', '.join(_FIX_SAFETIES)}"
    if not isinstance(fix.patch, (tuple, list)):
        return f"Fix.patch is {_kind(fix.patch)}, not a sequence of JSON Patch operations"
    for operation in fix.patch:
        if (
            not isinstance(operation, Mapping)
            or operation.get("op") not in _PATCH_OPS
            or not _is_pointer(operation.get("path"))
        ):
            return f"Fix.patch holds {operation!r:.80}, not a JSON Patch operation"
        fault = _json_fault(operation, "Fix.patch", 0)
        if fault is not None:
            return fault
    if fix.edits:
        return "Fix.edits are made by ledgerlint from the patch; a rule leaves them empty"
    return None


def _json_fault(value: Any, where: str, depth: int) -> str | None:
    """Reporters write properties and patches as JSON: only JSON-like values, finite numbers."""
    if depth > _MAX_DEPTH:
        return f"{where} is nested too deeply (or refers to itself)"
    if value is None or isinstance(value, (str, bool, int, Decimal)):
        if isinstance(value, Decimal) and not value.is_finite():
            return f"{where} holds {value}, not a finite number"
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where} holds {value}, not a finite number"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where} has a key {key!r}, not text"
            fault = _json_fault(item, f"{where}.{key}", depth + 1)
            if fault is not None:
                return fault
        return None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            fault = _json_fault(item, f"{where}[{index}]", depth + 1)
            if fault is not None:
                return fault
        return None
    return f"{where} holds {_kind(value)}, which JSON cannot hold"


def _is_pointer(value: Any) -> bool:
    return isinstance(value, str) and (value == "" or value.startswith("/"))


def _kind(value: Any) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _err(err: BaseException) -> str:
    text = f"{type(err).__name__}: {err}".strip()
    return text.splitlines()[0] if text else type(err).__name__


# --- the time budget ---------------------------------------------------------------------------


class _Expired(BaseException):
    """Raised inside a rule that overran its budget. A BaseException, so that a rule's own
    `except Exception` cannot swallow it; re-raised every second until the rule gives up."""


def within_budget(
    check: Callable[[RuleContext], RuleOutput],
    ctx: RuleContext,
    *,
    seconds: float = DEFAULT_RULE_TIMEOUT,
) -> list[Problem | Notice]:
    """Everything the rule yields, or, if it runs longer than `seconds` (0: no limit), only a
    `plugin-error` notice saying it was stopped. Its partial output is dropped: half a rule's
    findings would read as the whole."""
    if not seconds:
        return list(check(ctx) or ())
    if not _can_interrupt():
        started = time.monotonic()
        items = list(check(ctx) or ())
        took = time.monotonic() - started
        if took > seconds:
            items.append(_overrun(seconds, f"took {took:.0f} s and could not be stopped"))
        return items
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        return list(check(ctx) or ())
    except _Expired:
        return [_overrun(seconds, "stopped")]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _can_interrupt() -> bool:
    """SIGALRM can stop a rule only in the main thread, where the platform has setitimer, and
    only when no one else (a host program, a test runner) is using the real-time timer."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


def _expire(signum: int, frame: object) -> None:
    raise _Expired()


def _overrun(seconds: float, what: str) -> Notice:
    return Notice(
        f"{what}: over the rule time budget of {seconds:g} s "
        "(raise it with --rule-timeout or `rule_timeout:` in the configuration; 0 is no limit)",
        None,
        "plugin-error",
    )
