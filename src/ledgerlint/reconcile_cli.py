"""`ledgerlint reconcile`: the three-way trust reconciliation report.

Exit codes: 0 every trust account reconciles; 1 one does not (or lacks a figure); 2 bad input
(the `LedgerlintError` is printed by `cli.main`).
"""

from __future__ import annotations

import sys

import click

from ledgerlint.cli_options import config_option
from ledgerlint.cli_options import redact_option

FORMATS = ("text", "markdown", "html", "json")


@click.command()
@click.argument("snapshot", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(), help="Write the report here (never over the input)."
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Use the statements ending on this date (YYYY-MM-DD) instead of the latest.",
)
@redact_option
@config_option(
    "Configuration file, found as for `check` by default; its rule options shape the books "
    "(TR011's window_days pairs the movements that explain a difference)."
)
def reconcile(
    snapshot: str,
    fmt: str,
    output: str | None,
    as_of: object,
    redact: bool,
    config_path: str | None,
) -> None:
    """Three-way trust reconciliation: bank statement, QuickBooks trust liability, Clio client
    balances, as of each trust account's statement date, with the per-client table."""
    import importlib
    from datetime import datetime

    from ledgerlint.batch import refuse_output_over_inputs
    from ledgerlint.config import load_setup
    from ledgerlint.reconcile_api import reconcile as build

    day = as_of.date() if isinstance(as_of, datetime) else None

    setup = load_setup(
        config_path=config_path,
        use_baseline=False,
        before_reading=lambda read: refuse_output_over_inputs(output, [snapshot], read),
    )
    report = build(snapshot, setup.config, registry=setup.registry, redact=redact, as_of=day)
    render = importlib.import_module(f"ledgerlint.reporters.reconcile_{fmt}").render
    text = render(report)
    if output:
        from ledgerlint.atomic import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    sys.exit(0 if report.agrees else 1)
