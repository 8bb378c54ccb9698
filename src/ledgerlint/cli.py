"""The `ledgerlint` command: parse options, call the library, print, exit.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad input, bad usage,
or a rule that crashed (the run is incomplete).
"""

from __future__ import annotations

import os
import sys
from typing import Any
from typing import ClassVar

import click

from ledgerlint import __version__
from ledgerlint.cli_options import config_option
from ledgerlint.cli_options import jobs_option
from ledgerlint.cli_options import redact_option
from ledgerlint.reporters import FORMATS

FAIL_LEVELS = ("error", "warning", "info", "never")


def _error(message: str) -> None:
    from ledgerlint.reporters.terminal import escape_controls

    click.echo(f"ledgerlint: error: {escape_controls(message)}", err=True)


def _emit(text: str, output: str | None) -> None:
    if output:
        from ledgerlint.atomic import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def _use_colour(choice: str, output: str | None) -> bool:
    if choice != "auto":
        return choice == "always"
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


class _LazyGroup(click.Group):
    """Loads the commands in their own modules only when they are invoked or listed."""

    lazy: ClassVar[dict[str, str]] = {
        "pull": "ledgerlint.pull_cli:pull",
        "auth": "ledgerlint.auth_cli:auth",
        "reconcile": "ledgerlint.reconcile_cli:reconcile",
        "import": "ledgerlint.import_cli:import_exports",
        "diff": "ledgerlint.diff_cli:diff",
        "test": "ledgerlint.casefiles_cli:test",
        "report": "ledgerlint.report_cli:report",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            import importlib

            module_name, attribute = self.lazy[name].split(":")
            try:
                return getattr(importlib.import_module(module_name), attribute)  # type: ignore[no-any-return]
            except (ImportError, AttributeError):
                return None
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ledgerlint")
def cli() -> None:
    """A compliance linter for law-firm books: Clio Manage + QuickBooks Online."""


@cli.command()
@click.argument("snapshots", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="github: workflow-command annotations for GitHub Actions; junit and gitlab for other CI.",
)
@click.option(
    "-o", "--output", type=click.Path(), help="Write the report here (never over an input)."
)
@click.option(
    "--select", multiple=True, help="Rule IDs, prefixes or names to run (comma-separated)."
)
@click.option("--ignore", multiple=True, help="Rule IDs, prefixes or names to leave out.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_LEVELS),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--strict", is_flag=True, help="Also exit 1 when a rule could not run for missing data."
)
@redact_option
@config_option(
    "Configuration file (default: ledgerlint.yaml, .ledgerlint.yaml or pyproject.toml "
    "[tool.ledgerlint], nearest folder first up to the repository root)."
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="A previous JSON or SARIF report: the findings it lists, each in its file, are left out.",
)
@click.option(
    "--fix", is_flag=True, help="Apply safe fixes to the snapshot files, then report what remains."
)
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: apply unsafe fixes too.")
@click.option(
    "--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; write nothing."
)
@click.option(
    "--category",
    help="SARIF automationDetails.id category (default: ledgerlint/); one per job that gates "
    "its own snapshots.",
)
@click.option(
    "--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True
)
@click.option(
    "--rule-timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Stop and report a rule running longer than this on one snapshot (default 60; 0: none).",
)
@click.option(
    "--show-fixes", is_flag=True, help="Text: every step of each finding's fix, not the first."
)
@jobs_option
def check(
    snapshots: tuple[str, ...],
    fmt: str,
    output: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str,
    strict: bool,
    redact: bool,
    config_path: str | None,
    baseline: str | None,
    fix: bool,
    unsafe_fixes: bool,
    show_diff: bool,
    category: str | None,
    color: str,
    rule_timeout: float | None,
    show_fixes: bool,
    jobs: int,
) -> None:
    """Lint snapshot files (JSON or YAML; `-` reads standard input) and folders of them."""
    from ledgerlint.batch import input_messages
    from ledgerlint.batch import lint_paths
    from ledgerlint.batch import refuse_output_over_inputs
    from ledgerlint.config import load_setup
    from ledgerlint.models.findings import Severity
    from ledgerlint.reporters import render

    setup = load_setup(
        config_path=config_path,
        select=select,
        ignore=ignore,
        baseline=baseline,
        rule_timeout=rule_timeout,
        before_reading=lambda read: refuse_output_over_inputs(output, snapshots, read),
    )
    if fix or show_diff:
        _fix(snapshots, setup, unsafe=unsafe_fixes, show_diff=show_diff)
    batch = lint_paths(snapshots, setup.config, jobs=jobs, redact=redact, registry=setup.registry)
    for line in input_messages(batch):
        click.echo(line, err=True)
    if batch.report is None:
        sys.exit(2)
    report = batch.report
    context: dict[str, Any] = {"root": setup.root, "category": category}
    if fmt == "text":
        context |= _text_options(color, output, show_fixes)
    _emit(render(fmt, report, **context), output)
    if report.errors():
        sys.exit(2)
    threshold = None if fail_on == "never" else Severity(fail_on).rank
    failing = threshold is not None and any(f.severity.rank >= threshold for f in report.findings)
    sys.exit(1 if failing or (strict and report.not_run()) else 0)


def _fix(snapshots: tuple[str, ...], setup: Any, *, unsafe: bool, show_diff: bool) -> None:
    """Apply fixes (written atomically), or print them as a diff and exit (1 when there are)."""
    from ledgerlint.fixing import fix_files

    outcome = fix_files(snapshots, setup.config, setup.registry, unsafe=unsafe)
    if show_diff:
        click.echo(outcome.diff(), nl=False)
        sys.exit(1 if outcome.fixed else 0)
    from ledgerlint.atomic import write_atomic

    for path, text in outcome.fixed.items():
        write_atomic(path, text)
    click.echo(outcome.summary(), err=True)


def _text_options(color: str, output: str | None, show_fixes: bool) -> dict[str, Any]:
    """Colour and width for a terminal; 100 columns otherwise, so output is deterministic."""
    import shutil

    terminal = output is None and sys.stdout.isatty()
    width = shutil.get_terminal_size((100, 24)).columns if terminal else 100
    return {"colour": _use_colour(color, output), "width": width, "show_fixes": show_fixes}


@cli.command("rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="markdown prints every rule's full documentation (docs/rules.md is made from it).",
)
def list_rules(fmt: str) -> None:
    """List every rule: ID, name, default severity, where it is defined."""
    from ledgerlint.engine.diagnostics import ENGINE_RULES

    registry = _configured_registry()
    rules = registry.sorted_rules()
    if fmt == "markdown":
        click.echo("# ledgerlint rules\n")
        click.echo("Generated by `ledgerlint rules --format markdown`; do not edit by hand.\n")
        for rule in rules:
            click.echo(rule.meta.markdown().replace("\n## ", "\n### ").replace("# ", "## ", 1))
        click.echo("# Engine diagnostics\n")
        click.echo(
            "Not rules of the catalog: the engine reports them about the configuration "
            "(prefix `LL`, reserved).\n"
        )
        for meta in ENGINE_RULES:
            click.echo(meta.markdown().replace("\n## ", "\n### ").replace("# ", "## ", 1))
        return
    if fmt == "json":
        import json

        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "name": r.meta.name,
                        "severity": r.meta.severity.value,
                        "tags": list(r.meta.tags),
                        "source": _short_source(r.meta.source),
                        "fix_safety": r.meta.fix_safety,
                    }
                    for r in rules
                ],
                indent=2,
            )
        )
        return
    for rule in rules:
        meta = rule.meta
        click.echo(
            f"{meta.id}  {meta.name:<36} {meta.severity.value:<8} {_short_source(meta.source)}"
        )
    from ledgerlint.reporters.terminal import escape_controls

    click.echo("\nEngine diagnostics (about the configuration; not rules):")
    for meta in ENGINE_RULES:
        click.echo(f"{meta.id}  {meta.name:<36} {meta.severity.value:<8} {meta.source}")
    for error in registry.plugin_errors:
        click.echo(f"ledgerlint: warning: {escape_controls(error)}", err=True)


def _short_source(source: str) -> str:
    marker = "/rules/" if "/rules/" in source else "/_rules/"
    if marker in source:
        return "yaml:" + source.split(marker, 1)[1]
    return source


@cli.command("rule")
@click.argument("rule_id")
@click.option("--markdown", is_flag=True, help="Print the Markdown source instead.")
def show_rule(rule_id: str, markdown: bool) -> None:
    """Print the full documentation of one rule (by ID or name), laid out for the terminal."""
    from ledgerlint.engine.diagnostics import engine_rule
    from ledgerlint.engine.lookup import builtin_rule_meta

    # Fast for a built-in rule (reads only that rule); else the rules the configuration adds.
    meta = engine_rule(rule_id) or builtin_rule_meta(rule_id)
    if meta is None:
        meta = _configured_registry().get(rule_id).meta
    text = f"{meta.markdown()}\nSource: {_short_source(meta.source)}\n"
    click.echo(text if markdown else _for_terminal(text), nl=False)


def _configured_registry() -> Any:
    """The rules the configuration in force adds (`rule_dirs`) besides plugins'."""
    from ledgerlint.config import load_setup

    return load_setup(rules_only=True).registry


def _for_terminal(markdown: str) -> str:
    import shutil

    from ledgerlint.reporters.markdown_terminal import render_markdown

    terminal = sys.stdout.isatty()
    width = shutil.get_terminal_size((100, 24)).columns if terminal else 100
    return render_markdown(markdown, colour=_use_colour("auto", None), width=width)


@cli.command()
@click.argument(
    "which",
    type=click.Choice(["snapshot", "rule", "jurisdiction", "config"]),
    default="snapshot",
)
def schema(which: str) -> None:
    """Print the JSON Schema of the snapshot format, a YAML rule file, a jurisdiction file or
    the configuration file."""
    import json

    if which == "snapshot":
        from ledgerlint.api import snapshot_json_schema

        document = snapshot_json_schema()
    elif which == "rule":
        from ledgerlint.engine.yaml_rules import rule_file_schema

        document = rule_file_schema()
    elif which == "jurisdiction":
        from ledgerlint.engine.jurisdictions import jurisdiction_schema

        document = jurisdiction_schema()
    else:
        from ledgerlint.config import config_json_schema

        document = config_json_schema()
    click.echo(json.dumps(document, indent=2, sort_keys=True))


def main() -> None:
    """The console script: a run is one process, so it skips what only a long-lived process
    needs. The garbage collector stays off (a snapshot allocates millions of objects that form
    no cycles; collecting would only rescan them), and the process ends with `os._exit` once
    the output is flushed, instead of freeing every object one by one (a second at 100k
    transactions). Library calls (`ledgerlint.api`) change neither."""
    import gc

    gc.disable()
    code = run()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        code = code or 1
    os._exit(code)


def run(args: list[str] | None = None) -> int:
    """Run the command line (`args`, else `sys.argv[1:]`) and return its exit code, printing
    errors as one line: what `main` does, without ending the process (tests call this)."""
    from ledgerlint.errors import LedgerlintError

    try:
        cli.main(args, standalone_mode=False)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except click.exceptions.Abort:
        click.echo("ledgerlint: aborted", err=True)
        return 130
    except click.ClickException as err:
        err.show()
        return 2
    except LedgerlintError as err:
        _error(str(err))
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # one line, not a traceback; LEDGERLINT_DEBUG shows it
        if os.environ.get("LEDGERLINT_DEBUG"):
            raise
        _error(
            f"internal error: {type(err).__name__}: {err} "
            "(set LEDGERLINT_DEBUG=1 for a traceback; please report it)"
        )
        return 2
    return 0
