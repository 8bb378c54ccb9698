"""Plugins and rules cannot take the run down: a corpus of bad plugins (tests/data/safety/
plugins), each reported by name while every other rule runs."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from helpers import ROOT
from helpers import TESTS
from helpers import registry

from ledgerlint.api import lint
from ledgerlint.engine.registry import build_registry
from ledgerlint.models.config import Config
from ledgerlint.models.report import Report

CORPUS = TESTS / "data" / "safety" / "plugins"
EXAMPLE = ROOT / "examples" / "example-firm.yaml"
PLUGIN = "extra-0"  # the name `build_registry(extra_plugins=…)` registers a plugin under


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bad_plugin_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _builtin_findings() -> list[tuple[str, str, str]]:
    return _findings(lint([EXAMPLE], registry=registry()))


def _findings(report: Report) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.location.pointer, f.message) for f in report.findings]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.py")), ids=lambda p: p.stem)
def test_a_bad_plugin_is_reported_by_name_and_the_rest_runs(path: Path) -> None:
    """Exactly the expected plugin errors; every built-in finding as without the plugin; the
    plugin's good rules ran."""
    module = _load(path)
    custom = build_registry(extra_plugins=(module,))
    config: dict[str, Any] = getattr(module, "CONFIG", {})
    report = lint([EXAMPLE], Config(**config), registry=custom)
    errors = sorted(
        n.message if n.rule_id == "plugins" else f"{n.rule_id}: {n.message}"
        for n in report.errors()
    )
    expected = sorted(
        line.format(plugin=PLUGIN, files=CORPUS / "files", module=module.__name__)
        for line in module.EXPECTED
    )
    assert errors == expected
    builtin_ids = set(registry().rules)
    assert [f for f in _findings(report) if f[0] in builtin_ids] == _builtin_findings()
    ran = {f.rule_id for f in report.findings} - builtin_ids
    assert ran == set(getattr(module, "RUNS", []))


def test_the_time_budget_is_configurable_and_can_be_switched_off(tmp_path: Path) -> None:
    """`rule_timeout` from the config file or `--rule-timeout`; 0 means no limit; negative or
    non-numeric values are configuration errors."""
    from ledgerlint.config import load_setup
    from ledgerlint.errors import ConfigError

    (tmp_path / ".git").mkdir()
    assert load_setup(cwd=tmp_path).config.rule_timeout == 60.0
    (tmp_path / "ledgerlint.yaml").write_text("rule_timeout: 5\n")
    assert load_setup(cwd=tmp_path).config.rule_timeout == 5.0
    assert load_setup(cwd=tmp_path, rule_timeout=0).config.rule_timeout == 0.0
    for bad in ("-1", "60s", "true"):
        (tmp_path / "ledgerlint.yaml").write_text(f"rule_timeout: {bad}\n")
        with pytest.raises(ConfigError, match="rule_timeout"):
            load_setup(cwd=tmp_path)


def test_a_rule_within_budget_keeps_its_findings_when_no_signal_can_stop_it() -> None:
    """Outside the main thread (no SIGALRM), an overrun is still reported after the fact."""
    import threading
    import time

    from ledgerlint.engine.guard import within_budget
    from ledgerlint.models.findings import Problem

    def slow(ctx: Any) -> Any:
        time.sleep(0.2)
        yield Problem("done", "", "k")

    results: list[Any] = []
    worker = threading.Thread(
        target=lambda: results.append(within_budget(slow, None, seconds=0.05))
    )  # type: ignore[arg-type]
    worker.start()
    worker.join()
    [items] = results
    assert items[0].message == "done"
    assert (
        items[1].kind == "plugin-error" and "took 0 s and could not be stopped" in items[1].message
    )
