"""Command-line options several commands share, declared once so they read and behave alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

redact_option = click.option(
    "--redact", is_flag=True, help="Replace client names and matter descriptions with pseudonyms."
)

jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Snapshots linted in parallel (processes); the output is the same for any number.",
)


def config_option(
    help: str = "Configuration file (default: found walking up to the repository root).",
) -> Callable[[Any], Any]:
    """`--config FILE`, passed to the command as `config_path`."""
    return click.option("--config", "config_path", type=click.Path(dir_okay=False), help=help)
