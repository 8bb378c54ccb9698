"""Shared test helpers: fixtures as data, and running rules on data in memory."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from functools import cache
from functools import lru_cache
from pathlib import Path
from typing import Any

from ledgerlint.api import lint_documents
from ledgerlint.engine.registry import Registry
from ledgerlint.engine.registry import build_registry
from ledgerlint.models.config import Config
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Notification
from ledgerlint.models.report import Report
from ledgerlint.models.snapshot import Snapshot
from ledgerlint.snapshot import load_document
from ledgerlint.snapshot import parse_document
from ledgerlint.snapshot import read_snapshot

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
ROOT = TESTS.parent


@cache
def _fixture_data(name: str) -> Any:
    return load_document(FIXTURES / name).plain()


def fixture(name: str = "clean.yaml") -> Any:
    """A deep copy of a fixture's data (Decimal amounts), safe to modify."""
    return copy.deepcopy(_fixture_data(name))


@lru_cache(maxsize=1)
def registry() -> Registry:
    return build_registry()


def to_json_bytes(data: Any) -> bytes:
    """Serialise snapshot data as JSON, Decimals as JSON numbers with their exact digits."""
    import msgspec

    return msgspec.json.format(msgspec.json.Encoder(decimal_format="number").encode(data), indent=2)


def snapshot_of(data: Any, name: str = "snapshot.json") -> Snapshot:
    """Snapshot data decoded into the models as `ledgerlint check` would (errors included)."""
    return read_snapshot(parse_document(to_json_bytes(data), name, "json"))


def run(
    data: Any,
    select: str | list[str] = "ALL",
    *,
    options: dict[str, Any] | None = None,
    name: str = "snapshot.json",
    redact: bool = False,
) -> Report:
    """Lint snapshot data in memory with the given rules selected."""
    selectors = (select,) if isinstance(select, str) else tuple(select)
    document = parse_document(to_json_bytes(data), name, "json")
    config = Config(select=selectors, options=options or {})
    return lint_documents([document], config, registry=registry(), redact=redact)


def findings(data: Any, rule_id: str, **kwargs: Any) -> list[Finding]:
    """The findings of one rule; fails the test if the rule could not run or crashed."""
    report = run(data, rule_id, **kwargs)
    problems = [n for n in report.notifications if n.kind in ("not-run", "plugin-error")]
    assert not problems, f"{rule_id} did not run: {problems}"
    return [f for f in report.findings if f.rule_id == rule_id]


def notes(data: Any, rule_id: str, **kwargs: Any) -> list[Notification]:
    """The notifications of one rule (not-run, skipped, ambiguous, plugin-error)."""
    return [n for n in run(data, rule_id, **kwargs).notifications if n.rule_id == rule_id]


def run_cli(
    *args: str, cwd: Path = ROOT, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m ledgerlint ARGS` in a fresh process: no third-party plugins, no colour."""
    env = {**os.environ, "LEDGERLINT_LOAD_PLUGINS": "", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "ledgerlint", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
