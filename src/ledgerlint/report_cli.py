"""`ledgerlint report`: the go-live readiness report a consultant hands the firm.

Exit codes: 0 every snapshot is ready (with or without warnings); 1 one is not ready; 2 a file
could not be read or a rule failed (the report of the others is still written).
"""

from __future__ import annotations

import sys

import click

from ledgerlint.cli_options import config_option
from ledgerlint.cli_options import jobs_option
from ledgerlint.cli_options import redact_option

FORMATS = ("markdown", "html", "json")


@click.command()
@click.argument("snapshots", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="markdown",
    show_default=True,
    help="html: one self-contained page that prints well; json: for tools.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write the report here (atomically)."
)
@redact_option
@config_option()
@jobs_option
def report(
    snapshots: tuple[str, ...],
    fmt: str,
    output: str | None,
    redact: bool,
    config_path: str | None,
    jobs: int,
) -> None:
    """Go-live readiness report: verdict, the fix plan in order (system, click-path, value to
    set), findings grouped by cause, money at risk, glossary. Folders are searched for
    snapshots; several snapshots give a portfolio summary, one line per firm."""
    import importlib

    from ledgerlint.batch import input_messages
    from ledgerlint.batch import lint_paths
    from ledgerlint.batch import refuse_output_over_inputs
    from ledgerlint.config import load_setup
    from ledgerlint.readiness.assess import NOT_READY
    from ledgerlint.readiness.assess import assess

    setup = load_setup(
        config_path=config_path,
        use_baseline=False,  # readiness is about the books, not about what changed
        before_reading=lambda read: refuse_output_over_inputs(output, snapshots, read),
    )
    batch = lint_paths(snapshots, setup.config, jobs=jobs, redact=redact, registry=setup.registry)
    for line in input_messages(batch):
        click.echo(line, err=True)
    if batch.report is None:
        sys.exit(2)
    render = importlib.import_module(f"ledgerlint.reporters.readiness_{fmt}").render
    text = render(batch.report)
    if output:
        from ledgerlint.atomic import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    if batch.report.errors():
        sys.exit(2)
    sys.exit(1 if any(a.verdict == NOT_READY for a in assess(batch.report)) else 0)
