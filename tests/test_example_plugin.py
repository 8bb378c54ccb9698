"""The example firm plugin works as a third-party plugin: found by entry point, rules run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

PLUGIN = ROOT / "plugins" / "ledgerlint-example-firm"


def _install_entry_point(tmp_path: Path) -> dict[str, str]:
    """Make the plugin importable and visible in the `ledgerlint` entry-point group."""
    dist = tmp_path / "ledgerlint_example_firm-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ledgerlint-example-firm\nVersion: 0.1.0\n"
    )
    (dist / "entry_points.txt").write_text("[ledgerlint]\nexample_firm = ledgerlint_example_firm\n")
    path = os.pathsep.join([str(tmp_path), str(PLUGIN / "src")])
    return {**os.environ, "PYTHONPATH": path, "LEDGERLINT_LOAD_PLUGINS": "example_firm"}


def _ledgerlint(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ledgerlint", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_plugin_rules_are_listed_and_run(tmp_path: Path) -> None:
    """`rules` lists XF001/XF002; `check` runs them with options from the command line config."""
    env = _install_entry_point(tmp_path)
    listed = _ledgerlint(env, "rules")
    assert "XF001  large-trust-disbursement" in listed.stdout
    assert "XF002  firm-name-missing" in listed.stdout
    config = tmp_path / "ledgerlint.yaml"
    config.write_text('options: {XF001: {limit: "15000.00"}}\n')
    result = _ledgerlint(
        env, "check", "tests/fixtures/clean.yaml", "--select", "XF", "--config", str(config)
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())  # the text output wraps long lines
    assert (
        "XF001 Purchase 1107 (Id 602) pays $19,250.00 from trust to Aiko Tanaka, above the $15,000.00"
        in text
    )
    assert "first step: " in text  # a plugin rule gets a generic step from its own docs


def test_plugin_rules_stay_silent_within_the_limit(tmp_path: Path) -> None:
    """With the default limit raised above every disbursement, nothing fires."""
    env = _install_entry_point(tmp_path)
    config = tmp_path / "ledgerlint.yaml"
    config.write_text('options: {XF001: {limit: "20000.00"}}\n')
    result = _ledgerlint(
        env, "check", "tests/fixtures/clean.yaml", "--select", "XF", "--config", str(config)
    )
    assert result.returncode == 0 and "No problems found" in result.stdout, (
        result.stdout + result.stderr
    )


def test_ledgerlint_test_runs_the_plugins_cases(tmp_path: Path) -> None:
    """`ledgerlint test plugins/ledgerlint-example-firm` runs its shipped cases: all pass."""
    env = _install_entry_point(tmp_path)
    result = _ledgerlint(env, "test", "plugins/ledgerlint-example-firm")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "8 passed, 0 failed"
    readme = (PLUGIN / "README.md").read_text()
    assert "ledgerlint test plugins/ledgerlint-example-firm" in readme
