"""`ledgerlint diff OLD NEW`: the findings a change to a snapshot introduces and fixes."""

from __future__ import annotations

import os
import sys

import click

from ledgerlint.cli_options import config_option
from ledgerlint.cli_options import redact_option


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="markdown: for a pull-request comment.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="error",
    show_default=True,
    help="Lowest severity of an introduced finding that makes the exit code 1.",
)
@click.option("--select", multiple=True, help="Rule IDs, prefixes or names to run.")
@click.option("--ignore", multiple=True, help="Rule IDs, prefixes or names to leave out.")
@config_option()
@redact_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically).")
def diff(
    old: str,
    new: str,
    fmt: str,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
    redact: bool,
    output: str | None,
) -> None:
    """Lint OLD and NEW and print the findings introduced and fixed (exit 1 when something at
    or above --fail-on was introduced). The configuration applies to both; no baseline."""
    from ledgerlint.api import lint_documents
    from ledgerlint.batch import refuse_output_over_inputs
    from ledgerlint.config import load_setup
    from ledgerlint.engine.compare import compare
    from ledgerlint.errors import ConfigError
    from ledgerlint.models.findings import Severity
    from ledgerlint.reporters.diff_report import render
    from ledgerlint.snapshot import load_document

    if old == new or _same_file(old, new):
        names = old if old == new else f"{old} and {new}"
        raise ConfigError(f"diff: OLD and NEW are the same file ({names})")
    setup = load_setup(
        config_path=config_path,
        select=select,
        ignore=ignore,
        use_baseline=False,
        before_reading=lambda read: refuse_output_over_inputs(output, [old, new], read),
    )
    config = setup.config
    documents = [load_document(old), load_document(new)]
    report = lint_documents(documents, config, registry=setup.registry, redact=redact)
    result = compare(report, old, new)
    text = render(result, fmt)
    if output:
        from ledgerlint.atomic import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    if result.errors():
        sys.exit(2)
    threshold = None if fail_on == "never" else Severity(fail_on).rank
    failing = threshold is not None and any(f.severity.rank >= threshold for f in result.introduced)
    sys.exit(1 if failing else 0)


def _same_file(old: str, new: str) -> bool:
    """Whether the two paths name one file (`a.yaml` and `./a.yaml`, a link); a missing one is
    reported when it is read."""
    try:
        return os.path.samefile(old, new)
    except OSError:
        return False
