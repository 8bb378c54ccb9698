"""Built-in Python rules: the SY area of the catalog (sync health).

SY001 (the connection is down) is a YAML rule; SY002 counts calendar days, which YAML cannot.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime

from ledgerlint.models.settings import SyncError
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

DEFAULT_MAX_DAYS = 7


@rule(
    "SY002",
    "sync-stale",
    severity="warning",
    tags=("sync-health", "seed"),
    requires=("clio_bill_syncing",),
    options=(
        RuleOption(
            "max_days",
            DEFAULT_MAX_DAYS,
            "Days the last successful sync may lie before the snapshot's capture.",
            {"type": "integer", "minimum": 0},
        ),
    ),
)
def sync_stale(ctx: RuleContext) -> Iterator[Problem | Notice]:
    """The last successful sync is too old, or Clio's sync log holds errors.

    Two findings, each at most once: the last successful sync lies more than `max_days` whole
    calendar days before `captured_at` (dates compared in the snapshot's time zone; a limit of 7
    is exceeded at 8), and `sync_errors` is not empty (one finding giving the count and the
    latest error, by `at`, with its message). Each half is judged when its input is in the
    snapshot; a missing `last_successful_sync_at` or `sync_errors` is reported as "could not
    run" for that half, without hiding what the other half finds.

    ## Why it matters
    Syncs fail silently: Clio keeps working while bills and payments stop reaching QuickBooks, and
    the books fall behind without anyone noticing (receivables, revenue and the operating
    balance understated, invoice counts drifting apart). Errors in the sync log are bills or
    payments that did not cross at all and will not be retried on their own.

    ## How to fix
    In Clio: Settings → Bill Syncing → QuickBooks Online, check the connection (SY001) and open the
    sync log; resolve each error (usually a customer, item or account the sync cannot find in
    QuickBooks), then run the sync again and compare the invoice counts of both systems for the
    gap (RC005). Make the review weekly. In the snapshot: update `last_successful_sync_at` and
    clear `sync_errors` once resolved. No automatic fix.

    ## References
    - seeds: Clio and QuickBooks Integration (Trust Accounting Configuration): "syncs fail silently"
    """
    syncing = ctx.snapshot.clio_bill_syncing
    if syncing is None:
        ctx.skip("the snapshot has no `clio_bill_syncing`")
    missing = [
        f"`clio_bill_syncing.{name}`"
        for name in ("last_successful_sync_at", "sync_errors")
        if getattr(syncing, name) is None
    ]
    if len(missing) == 2:
        ctx.skip(f"the snapshot has no {missing[0]} and no {missing[1]}")
    max_days = int(ctx.options["max_days"])
    captured = ctx.snapshot.captured_at
    last = syncing.last_successful_sync_at
    days = (captured.date() - _local_date(last, captured)).days if last is not None else 0
    if last is not None and days > max_days:
        yield Problem(
            message=(
                f"Bill syncing last succeeded on {_local_date(last, captured).isoformat()}, "
                f"{days} days before the snapshot ({captured.date().isoformat()}), more than "
                f"the {max_days} allowed: bills and payments recorded in Clio since then are "
                "missing from QuickBooks."
            ),
            pointer="/clio_bill_syncing/last_successful_sync_at",
            key="clio_bill_syncing.last_successful_sync_at",
            properties={
                "last_successful_sync_at": last.isoformat(),
                "days": days,
                "max_days": max_days,
            },
        )
    errors = syncing.sync_errors or []
    if errors:
        latest = _latest(errors)
        when = f" ({latest.at.isoformat()})" if latest.at is not None else ""
        text = latest.message or "no message recorded"
        count = f"{len(errors)} error" + ("s" if len(errors) != 1 else "")
        yield Problem(
            message=(
                f'Clio\'s sync log holds {count}; the latest{when}: "{text}". Bills or payments '
                "behind them have not reached QuickBooks."
            ),
            pointer="/clio_bill_syncing/sync_errors",
            key="clio_bill_syncing.sync_errors",
            properties={
                "count": len(errors),
                "latest_at": latest.at.isoformat() if latest.at is not None else "",
                "latest_message": latest.message or "",
            },
        )
    if missing:
        # The half that had its input was judged above; the other is reported, never passed.
        half = "staleness" if syncing.last_successful_sync_at is None else "sync log"
        yield Notice(
            f"could not run: the snapshot has no {missing[0]}, so the {half} was not judged",
            "/clio_bill_syncing",
            kind="not-run",
        )


def _local_date(moment: datetime, captured: datetime) -> date:
    """`moment`'s calendar date in the capture's time zone (both aware), else as written."""
    if moment.tzinfo is not None and captured.tzinfo is not None:
        return moment.astimezone(captured.tzinfo).date()
    return moment.date()


def _latest(errors: list[SyncError]) -> SyncError:
    """The newest error by `at`; errors without a time count as older, the list order breaks ties."""
    dated = [(error.at, index) for index, error in enumerate(errors) if error.at is not None]
    if not dated:
        return errors[-1]
    _, index = max(dated, key=lambda pair: (_comparable(pair[0]), pair[1]))
    return errors[index]


def _comparable(moment: datetime) -> float:
    # Naive and aware timestamps cannot be compared directly; a naive one is read as UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


RULES: list[Rule] = [sync_stale]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
