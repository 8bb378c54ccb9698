"""`ledgerlint import`: parse options, call `ledgerlint.sources.exports`, write the snapshot.

Exit codes: 0 written (warnings say what the exports could not give); 2 bad input (one line
`file:line:column: message`) or bad usage. The snapshot is written atomically, and only at the end.
"""

from __future__ import annotations

import sys
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from typing import NoReturn

import click

from ledgerlint.atomic import write_atomic
from ledgerlint.errors import LedgerlintError
from ledgerlint.sources.exports import SPECS
from ledgerlint.sources.exports import ExportFiles
from ledgerlint.sources.exports import import_snapshot
from ledgerlint.sources.exports import load_columns
from ledgerlint.sources.merge import merge_file
from ledgerlint.sources.output import dump_snapshot
from ledgerlint.sources.output import format_for

if TYPE_CHECKING:
    from ledgerlint.snapshot.loader import SourceDocument

_FILE = click.Path(dir_okay=False, exists=True, path_type=Path)


@click.command("import")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Snapshot file to write (.json, .yaml or .yml); defaults to --merge-into.",
)
@click.option(
    "--merge-into",
    type=_FILE,
    help="Existing snapshot to update: the sides imported are replaced, everything else kept.",
)
@click.option("--qbo-accounts", type=_FILE, help="QuickBooks Online Account List (CSV or .xlsx).")
@click.option("--qbo-journal", type=_FILE, multiple=True, help="QuickBooks Online Journal report.")
@click.option(
    "--qbo-transactions",
    type=_FILE,
    multiple=True,
    help="QuickBooks Online Transaction Detail by Account report.",
)
@click.option(
    "--clio-trust-listing", type=_FILE, multiple=True, help="Clio Trust Listing report (CSV)."
)
@click.option(
    "--clio-trust-ledger", type=_FILE, multiple=True, help="Clio Trust Ledger report (CSV)."
)
@click.option(
    "--columns",
    "columns_file",
    type=_FILE,
    help="YAML file naming the columns where a firm's exports differ (see docs/import.md).",
)
@click.option(
    "--clio-trust-account",
    metavar="NAME",
    help="The Clio trust account of exports that have no account column.",
)
@click.option(
    "--captured-at",
    metavar="TIMESTAMP",
    help="When the reports were run (ISO 8601, e.g. 2026-11-20T09:00:00Z); default: now.",
)
def import_exports(**opts: Any) -> None:
    """Build a snapshot from QuickBooks Online and Clio report exports (no API access needed)."""
    output: Path | None = opts["output"] or opts["merge_into"]
    if output is None:
        raise click.UsageError("give --output (or --merge-into to update a snapshot in place)")
    try:
        _refuse_output_over_inputs(output, opts)
        fmt = format_for(output)
        columns = load_columns(opts["columns_file"], SPECS) if opts["columns_file"] else None
        files = ExportFiles(
            qbo_account_list=opts["qbo_accounts"],
            qbo_journal=opts["qbo_journal"],
            qbo_transaction_detail=opts["qbo_transactions"],
            clio_trust_listing=opts["clio_trust_listing"],
            clio_trust_ledger=opts["clio_trust_ledger"],
        )
        imported = import_snapshot(
            files,
            columns=columns,
            captured_at=_timestamp(opts["captured_at"]),
            clio_trust_account=opts["clio_trust_account"],
        )
        if opts["merge_into"]:
            existing = _load_existing(opts["merge_into"])
            text = merge_file(existing, imported.snapshot, fmt, read_as="imported")
        else:
            text = dump_snapshot(imported.snapshot, fmt)
        write_atomic(output, text)
    except LedgerlintError as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"{output}: cannot write the snapshot ({err.strerror})")
    for warning in imported.warnings:
        click.echo(f"ledgerlint: warning: {warning}", err=True)
    click.echo(f"wrote {output}", err=True)


def _timestamp(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not an ISO 8601 timestamp", param_hint="--captured-at"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _refuse_output_over_inputs(output: Path, opts: dict[str, Any]) -> None:
    """Never write over a file import reads: an export or the columns file. The --merge-into
    file is the one input it may replace: updating it is what the option is for."""
    from ledgerlint.batch import refuse_output_over_inputs

    exports = [opts["qbo_accounts"], opts["columns_file"]]
    for kind in ("qbo_journal", "qbo_transactions", "clio_trust_listing", "clio_trust_ledger"):
        exports += opts[kind]
    refuse_output_over_inputs(output, [], [path for path in exports if path is not None])


def _load_existing(path: Path) -> SourceDocument:
    from ledgerlint.snapshot.loader import load_document

    return load_document(path)


def _fail(message: str) -> NoReturn:
    click.echo(f"ledgerlint: error: {message}", err=True)
    sys.exit(2)
