"""Owns the PluginManager: built-in rule modules first, then third-party entry points.

`LEDGERLINT_LOAD_PLUGINS` controls which third-party plugins load: unset loads every plugin of
the `ledgerlint` entry-point group; an empty value loads none (what the test suite uses); a
comma-separated list loads only those entry-point names. A plugin that fails to import or
register is reported by name and the rest still load.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from dataclasses import field
from importlib.metadata import entry_points

import pluggy

from ledgerlint.plugins import hookspecs

DEFAULT_PLUGINS = (
    "ledgerlint.builtin.shipped",
    "ledgerlint.builtin.qb_plan",
    "ledgerlint.builtin.qb_income",
    "ledgerlint.builtin.qb_trust",
    "ledgerlint.builtin.qb_commingling",
    "ledgerlint.builtin.qb_ledgers",
    "ledgerlint.builtin.cs",
    "ledgerlint.builtin.cs_sync_start",
    "ledgerlint.builtin.sy",
    "ledgerlint.builtin.jx",
    "ledgerlint.builtin.tr_ledger",
    "ledgerlint.builtin.tr_balances",
    "ledgerlint.builtin.tr_payments",
    "ledgerlint.builtin.tr_invoices",
    "ledgerlint.builtin.tr_movements",
    "ledgerlint.builtin.rc_trust",
    "ledgerlint.builtin.rc_operating",
    "ledgerlint.builtin.rc_schedule",
    "ledgerlint.builtin.ts",
)
ENV_LOAD_PLUGINS = "LEDGERLINT_LOAD_PLUGINS"


@dataclass
class Plugins:
    manager: pluggy.PluginManager
    errors: list[str] = field(default_factory=list)
    """One line per plugin that could not be loaded: `plugin "name": what went wrong`."""


def load_plugins(*, extra: tuple[object, ...] = ()) -> Plugins:
    """A PluginManager with the built-in plugins, the allowed entry points and `extra` objects."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    plugins = Plugins(manager)
    for module_name in DEFAULT_PLUGINS:
        try:
            module = importlib.import_module(module_name)
        except Exception as err:  # even a built-in is reported, not fatal
            plugins.errors.append(f'plugin "{module_name}": cannot load: {_describe(err)}')
            continue
        _register(plugins, module, module_name)
    _load_entry_points(plugins)
    for index, plugin in enumerate(extra):
        _register(plugins, plugin, f"extra-{index}")
    return plugins


def _load_entry_points(plugins: Plugins) -> None:
    wanted = os.environ.get(ENV_LOAD_PLUGINS)
    allowed = None if wanted is None else {n.strip() for n in wanted.split(",") if n.strip()}
    for entry_point in sorted(entry_points(group=hookspecs.PROJECT), key=lambda e: e.name):
        if allowed is not None and entry_point.name not in allowed:
            continue
        try:
            plugin = entry_point.load()
        except Exception as err:  # any plugin bug is reported, not fatal
            plugins.errors.append(f'plugin "{entry_point.name}": cannot load: {_describe(err)}')
            continue
        _register(plugins, plugin, entry_point.name)


def _register(plugins: Plugins, plugin: object, name: str) -> None:
    try:
        plugins.manager.register(plugin, name=name)
    except Exception as err:  # pluggy names the bad hook; keep the rest
        plugins.errors.append(f'plugin "{name}": cannot register: {_describe(err)}')


def _describe(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}".strip().splitlines()[0]
