"""Render a Report as text. Each reporter is a pure function: Report -> str."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ledgerlint.models.report import Report

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")


def renderer(name: str) -> Callable[..., str]:
    """The `render` function of a reporter, imported only when asked for."""
    import importlib

    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"ledgerlint.reporters.{name}_report")
    return module.render  # type: ignore[no-any-return]


def render(name: str, report: Report, **context: Any) -> str:
    """Render with the reporter `name`, handing it only the context it takes (`colour` for text;
    `root` and `category` for SARIF; `root` for GitLab)."""
    import inspect

    function = renderer(name)
    accepted = inspect.signature(function).parameters
    return function(report, **{k: v for k, v in context.items() if k in accepted})


__all__ = ["FORMATS", "Report", "render", "renderer"]
