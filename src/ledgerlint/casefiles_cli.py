"""`ledgerlint test PATH`: run rule-author case files (see ledgerlint.casefiles)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ledgerlint.cli_options import config_option


@click.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--base",
    type=click.Path(dir_okay=False),
    help="Base snapshot for case files that name none.",
)
@config_option()
@click.option("-v", "--verbose", is_flag=True, help="Name every case, passed or not.")
def test(paths: tuple[str, ...], base: str | None, config_path: str | None, verbose: bool) -> None:
    """Run the rule cases in PATH (case files, or folders searched for them): each patches a
    base snapshot, runs one rule, and compares its findings with the exact ones expected.
    Prints `N passed, M failed` and a diff of expected against actual for each failure."""
    from ledgerlint.casefiles import find_case_files
    from ledgerlint.casefiles import load_case_file
    from ledgerlint.casefiles import run_case
    from ledgerlint.config import load_setup
    from ledgerlint.errors import ConfigError

    registry = load_setup(config_path=config_path, rules_only=True).registry
    files = [file for path in paths for file in find_case_files(Path(path))]
    if not files:
        raise ConfigError(f"no case files (YAML with `rule:` and `cases:`) in {', '.join(paths)}")
    default_base = Path(base) if base else None
    cases = [case for file in files for case in load_case_file(file, default_base=default_base)]
    passed = failed = 0
    for case in cases:
        outcome = run_case(case, registry)
        if outcome.passed:
            passed += 1
            if verbose:
                click.echo(f"PASSED {case.file}::{case.id}")
            continue
        failed += 1
        click.echo(f"FAILED {case.file}::{case.id}")
        click.echo(outcome.explain())
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
