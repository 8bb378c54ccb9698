"""The library entry point of `ledgerlint reconcile`: snapshot file -> ReconciliationReport.

    from ledgerlint.reconcile_api import reconcile
    report = reconcile("snapshot.yaml")
    report.agrees  # the bank, QuickBooks and Clio agree for every trust account

The computation is the books' (`ledgerlint.books.reconciliation`, shared with the RC rules); this
module only loads, checks that there is something to reconcile, and redacts on request.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ledgerlint.books import Books
from ledgerlint.errors import InputError
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.snapshot import SourceDocument
from ledgerlint.snapshot import load_document
from ledgerlint.snapshot import read_snapshot


def reconcile(
    path: str | Path, *, redact: bool = False, as_of: date | None = None
) -> ReconciliationReport:
    """Reconcile every trust bank account of one snapshot file against its latest statement
    (or the statement ending on `as_of`); raise `InputError` when nothing can be reconciled."""
    return reconcile_document(load_document(path), redact=redact, as_of=as_of)


def reconcile_document(
    document: SourceDocument, *, redact: bool = False, as_of: date | None = None
) -> ReconciliationReport:
    snapshot = read_snapshot(document)
    if snapshot.qbo is None or snapshot.qbo.Account is None:
        raise InputError(
            "nothing to reconcile: the snapshot has no `qbo.Account`", path=document.path
        )
    if snapshot.clio is None or snapshot.clio.matters is None:
        raise InputError(
            "nothing to reconcile: the snapshot has no `clio.matters`", path=document.path
        )
    books = Books(snapshot)
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
