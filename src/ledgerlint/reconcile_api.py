"""The library entry point of `ledgerlint reconcile`: snapshot file -> ReconciliationReport.

    from ledgerlint.reconcile_api import reconcile
    report = reconcile("snapshot.yaml")
    report.agrees  # the bank, QuickBooks and Clio agree for every trust account

The computation is the books' (`ledgerlint.books.reconciliation`, shared with the RC rules); this
module only loads, checks that there is something to reconcile, and redacts on request. The
books are built with the run's rule options, as `check` builds them (`api.Linter`), so the
movement pairing `reconcile` explains a difference with is the one TR011-TR013 report
(TR011's `window_days`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ledgerlint.books import Books
from ledgerlint.engine.registry import Registry
from ledgerlint.engine.registry import build_registry
from ledgerlint.engine.run import resolve_all_options
from ledgerlint.errors import InputError
from ledgerlint.models.config import Config
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.snapshot import SourceDocument
from ledgerlint.snapshot import load_document
from ledgerlint.snapshot import read_snapshot


def reconcile(
    path: str | Path,
    config: Config | None = None,
    *,
    registry: Registry | None = None,
    redact: bool = False,
    as_of: date | None = None,
) -> ReconciliationReport:
    """Reconcile every trust bank account of one snapshot file against its latest statement
    (or the statement ending on `as_of`); raise `InputError` when nothing can be reconciled.
    `config` supplies the rule options the books read (`config.load_setup` reads them from the
    configuration files, as for `check`)."""
    return reconcile_document(
        load_document(path), config, registry=registry, redact=redact, as_of=as_of
    )


def reconcile_document(
    document: SourceDocument,
    config: Config | None = None,
    *,
    registry: Registry | None = None,
    redact: bool = False,
    as_of: date | None = None,
) -> ReconciliationReport:
    config = config or Config()
    registry = registry or build_registry(
        extra_rule_dirs=config.rule_dirs, extra_jurisdiction_dirs=config.jurisdiction_dirs
    )
    # Every rule's options, checked as `check` checks them, before the snapshot is read.
    options = resolve_all_options(registry.sorted_rules(), config, registry.rules)
    snapshot = read_snapshot(document)
    if snapshot.qbo is None or snapshot.qbo.Account is None:
        raise InputError(
            "nothing to reconcile: the snapshot has no `qbo.Account`", path=document.path
        )
    if snapshot.clio is None or snapshot.clio.matters is None:
        raise InputError(
            "nothing to reconcile: the snapshot has no `clio.matters`", path=document.path
        )
    books = Books(snapshot, registry.jurisdictions, options=options)
    report = books.reconciliation(document.path, as_of=as_of)
    if not report.accounts:
        raise InputError(
            "nothing to reconcile: QuickBooks has no trust bank account", path=document.path
        )
    if not any(account.statement for account in report.accounts):
        wanted = f"ending on {as_of}" if as_of else "in `bank.statements`"
        why = "; ".join(note for account in report.accounts for note in account.notes)
        raise InputError(
            f"nothing to reconcile: no trust bank account has a bank statement {wanted}"
            + (f" ({why})" if why else ""),
            path=document.path,
        )
    if redact:
        from ledgerlint.redaction import Redactor

        report = Redactor.for_books([books]).redact_reconciliation(report)
    return report
