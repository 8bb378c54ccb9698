"""Read a QuickBooks Online company through the Accounting API v3 query endpoint.

Why the query endpoint and counts: it is the only way to list every entity, it pages by
`STARTPOSITION`/`MAXRESULTS`, and nothing in a page says whether more follow. So each entity is
read until a short page and then checked against `select count(*)`: a short page in the middle
(the API does this under load) or records added mid-pull show up as a mismatch, and the entity
is read once more before the pull fails. Name lists hide inactive records unless asked.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

from ledgerlint.sources.http import ApiClient
from ledgerlint.sources.http import gather
from ledgerlint.sources.http import pull_error
from ledgerlint.sources.http import repeats
from ledgerlint.sources.progress import NullProgress
from ledgerlint.sources.progress import Progress

SERVICE = "QuickBooks"
PRODUCTION_URL = "https://quickbooks.api.intuit.com"
SANDBOX_URL = "https://sandbox-quickbooks.api.intuit.com"
DEFAULT_MINOR_VERSION = 75
DEFAULT_PAGE_SIZE = 1000
REQUESTS_PER_MINUTE = 500
MAX_CONCURRENT = 10
DEFAULT_WORKERS = 4
# Documented QuickBooks throttling: limits are per minute, so a 429 without Retry-After waits
# out a growing share of that minute rather than hammering the company again.
THROTTLE_BACKOFF = (5.0, 15.0, 30.0, 60.0)

NAME_LISTS = ("Account", "Class", "Department", "Customer", "Item", "PaymentMethod")
TRANSACTIONS = ("Invoice", "Payment", "Deposit", "Transfer", "JournalEntry", "Purchase")
ENTITIES = NAME_LISTS + TRANSACTIONS
_BOTH_ACTIVE = " where Active in (true, false)"


@dataclass(frozen=True)
class QboTarget:
    """Which company to read and how."""

    realm_id: str
    base_url: str = PRODUCTION_URL
    minor_version: int = DEFAULT_MINOR_VERSION
    page_size: int = DEFAULT_PAGE_SIZE
    workers: int = DEFAULT_WORKERS

    def url(self, path: str) -> str:
        """The full URL of a company-relative path."""
        return f"{self.base_url.rstrip('/')}/v3/company/{self.realm_id}/{path}"


def throttle_wait(attempt: int) -> float:
    """QuickBooks' back-off for a 429 that names no delay."""
    return THROTTLE_BACKOFF[min(attempt, len(THROTTLE_BACKOFF)) - 1]


def describe_error(body: Any) -> str | None:
    """A QuickBooks `Fault` body as one line: type, message, detail and code."""
    if not isinstance(body, dict):
        return None
    fault = body.get("Fault") or body.get("fault")
    if not isinstance(fault, dict):
        return None
    errors = fault.get("Error") or fault.get("error") or []
    parts = []
    for error in errors if isinstance(errors, list) else []:
        if not isinstance(error, dict):
            continue
        text = str(error.get("Message") or error.get("message") or "error")
        detail = error.get("Detail") or error.get("detail")
        if detail and detail != text:
            text += f": {detail}"
        code = error.get("code")
        if code:
            text += f" (code {code})"
        parts.append(text)
    kind = fault.get("type") or "Fault"
    return f"{kind}: " + ("; ".join(parts) or "no detail given")


def fetch_company(
    api: ApiClient,
    target: QboTarget,
    *,
    progress: Progress | None = None,
    entities: tuple[str, ...] = ENTITIES,
) -> dict[str, Any]:
    """`CompanyInfo`, `Preferences` and every entity array, keyed as in the snapshot format."""
    shown = progress if progress is not None else NullProgress()
    jobs: dict[str, Callable[[], Any]] = {
        "CompanyInfo": lambda: _read_object(
            api, target, f"companyinfo/{target.realm_id}", "CompanyInfo", shown
        ),
        "Preferences": lambda: _read_object(api, target, "preferences", "Preferences", shown),
    }
    for name in entities:
        jobs[name] = partial(fetch_entity, api, target, name, progress=shown)
    with ThreadPoolExecutor(max_workers=target.workers, thread_name_prefix="qbo") as pool:
        futures = {key: pool.submit(job) for key, job in jobs.items()}
        return gather(futures, api.cancel)


def fetch_entity(
    api: ApiClient, target: QboTarget, name: str, *, progress: Progress | None = None
) -> list[Any]:
    """Every record of one entity, exactly as returned, verified against the count query."""
    shown = progress if progress is not None else NullProgress()
    condition = _BOTH_ACTIVE if name in NAME_LISTS else ""
    records: list[Any] = []
    expected = -1
    repeated = 0
    for _ in range(2):
        expected = _count(api, target, name, condition)
        records = _read_pages(api, target, name, condition, shown)
        # The right number is not enough: a record that moved between two pages while they
        # were read is counted twice and another one not at all.
        repeated = repeats(records, "Id")
        if len(records) == expected and not repeated:
            shown.done(SERVICE, name, len(records))
            return records
    if repeated:
        raise pull_error(
            f"{SERVICE} {name}: {repeated} records arrived twice (twice); the company may be "
            "changing during the pull, try again"
        )
    raise pull_error(
        f"{SERVICE} {name}: read {len(records)} records but the count query reports {expected} "
        "(twice); the company may be changing during the pull, try again"
    )


def _read_pages(
    api: ApiClient, target: QboTarget, name: str, condition: str, progress: Progress
) -> list[Any]:
    records: list[Any] = []
    position = 1
    while True:
        query = (
            f"select * from {name}{condition} "
            f"STARTPOSITION {position} MAXRESULTS {target.page_size}"
        )
        page = _query(api, target, name, query).get(name, [])
        if not isinstance(page, list):
            raise pull_error(f"{SERVICE} {name}: QueryResponse.{name} is not a list")
        records.extend(page)
        progress.page(SERVICE, name, len(records))
        if len(page) < target.page_size:
            return records
        position += target.page_size


def _count(api: ApiClient, target: QboTarget, name: str, condition: str) -> int:
    response = _query(api, target, name, f"select count(*) from {name}{condition}")
    total = response.get("totalCount", 0)
    if not isinstance(total, int):
        raise pull_error(f"{SERVICE} {name}: the count query returned no totalCount")
    return total


def _query(api: ApiClient, target: QboTarget, name: str, query: str) -> dict[str, Any]:
    params = {"query": query, "minorversion": str(target.minor_version)}
    body = api.get_json(target.url("query"), params, what=name)
    response = body.get("QueryResponse") if isinstance(body, dict) else None
    if not isinstance(response, dict):
        raise pull_error(f"{SERVICE} {name}: the response has no QueryResponse")
    return response


def _read_object(api: ApiClient, target: QboTarget, path: str, key: str, progress: Progress) -> Any:
    params = {"minorversion": str(target.minor_version)}
    body = api.get_json(target.url(path), params, what=key)
    if not isinstance(body, dict) or not isinstance(body.get(key), dict):
        raise pull_error(f"{SERVICE} {key}: the response has no {key} object")
    progress.done(SERVICE, key, 1)
    return body[key]
