"""Read a Clio Manage account through API v4 list endpoints with cursor pagination.

Why explicit `fields`: without it Clio returns only `id` and `etag`. Why `order=id(asc)` and
`meta.paging.next`: that is Clio's cursor pagination, the only kind that reaches past 10,000
records and stays stable while records are added. `meta.records` (the total) is checked when
present; a mismatch means a page went missing, and the resource is read once more.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from urllib.parse import urlsplit

from ledgerlint.sources.http import ApiClient
from ledgerlint.sources.http import gather
from ledgerlint.sources.http import pull_error
from ledgerlint.sources.http import repeats
from ledgerlint.sources.progress import NullProgress
from ledgerlint.sources.progress import Progress

SERVICE = "Clio"
REGIONS: dict[str, str] = {
    "us": "https://app.clio.com",
    "eu": "https://eu.app.clio.com",
    "ca": "https://ca.app.clio.com",
    "au": "https://au.app.clio.com",
}
DEFAULT_PAGE_SIZE = 200
REQUESTS_PER_MINUTE = 50
MAX_CONCURRENT = 4
DEFAULT_WORKERS = 3

_CONTACT = "{id,name,type}"
_MATTER = "{id,display_number,description}"
_BANK = "{id,name,type}"
_BILL = "{id,number}"
_USER = "{id,name}"
#: The fields requested per resource (Clio API v4 names): every field a rule, report or
#: reconciliation reads or shows, plus identity and timestamps. Listed in docs/pull.md.
FIELDS: dict[str, str] = {
    "bank_accounts": (
        "id,etag,name,type,currency,balance,default_account,controlled_account,"
        "general_ledger_number,institution,domicile_branch,holder,account_number,"
        "created_at,updated_at,user" + _USER
    ),
    "users": (
        "id,etag,name,first_name,last_name,initials,email,enabled,rate,subscription_type,roles,"
        "created_at,updated_at"
    ),
    "contacts": (
        "id,etag,name,first_name,last_name,type,is_client,primary_email_address,"
        "created_at,updated_at,account_balances{id,balance,type,name}"
    ),
    "matters": (
        "id,etag,display_number,number,description,status,billable,billing_method,open_date,"
        "close_date,pending_date,created_at,updated_at,client"
        + _CONTACT
        + ",practice_area{id,name,code}"
        + ",responsible_attorney"
        + _USER
        + ",originating_attorney"
        + _USER
        + ",account_balances{id,balance,type,name}"
    ),
    "activity_descriptions": (
        "id,etag,name,type,default,category_type,visible_to_co_counsel,created_at,updated_at,"
        "rate{amount,non_billable_amount,type}"
    ),
    "bills": (
        "id,etag,number,kind,type,state,subject,memo,issued_at,due_at,paid_at,start_at,end_at,"
        "created_at,updated_at,total,sub_total,tax_sum,balance,paid,pending,due,"
        "credits_issued,client"
        + _CONTACT
        + ",matters"
        + _MATTER
        + ",user"
        + _USER
        + ",destination_account"
        + _BANK
    ),
    "allocations": (
        "id,etag,date,amount,interest,description,payment_type,voided_at,created_at,updated_at,"
        "bill"
        + _BILL
        + ",matter"
        + _MATTER
        + ",contact"
        + _CONTACT
        + ",source_bank_account"
        + _BANK
        + ",destination_bank_account"
        + _BANK
        + ",parent{id,type}"
    ),
    "bank_transactions": (
        "id,etag,type,date,amount,currency,description,transaction_type,source,confirmation,"
        "funds_in,funds_out,current_account_balance,bank_account_id,created_at,updated_at,client"
        + _CONTACT
        + ",matter"
        + _MATTER
        + ",bank_account"
        + _BANK
        + ",bill"
        + _BILL
        + ",allocation{id}"
    ),
    "trust_line_items": (
        "id,etag,date,total,note,created_at,updated_at,bill"
        + _BILL
        + ",matter"
        + _MATTER
        + ",client"
        + _CONTACT
    ),
}
RESOURCES = tuple(FIELDS)


@dataclass(frozen=True)
class ClioTarget:
    """Which Clio region to read and how."""

    base_url: str = REGIONS["us"]
    page_size: int = DEFAULT_PAGE_SIZE
    workers: int = DEFAULT_WORKERS
    fields: Mapping[str, str] = field(default_factory=lambda: dict(FIELDS))

    def url(self, resource: str) -> str:
        """The list endpoint of a resource."""
        return f"{self.base_url.rstrip('/')}/api/v4/{resource}.json"


def describe_error(body: Any) -> str | None:
    """A Clio error body (`{"error": {"type", "message"}}`) as one line."""
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if isinstance(error, dict):
        message = str(error.get("message") or "error")
        kind = error.get("type")
        return f"{kind}: {message}" if kind else message
    if isinstance(error, str):
        return str(body.get("error_description") or error)
    return None


def mask_account_number(value: Any) -> Any:
    """`****4821`: the last four characters of a bank account number, the rest hidden.

    The one change `pull` makes to what Clio sends: a reconciliation shows the masked number
    (as on a bank statement), and the full one must never land in a snapshot that is kept in
    git or sent to a consultant. Four characters or fewer are hidden entirely.
    """
    if not isinstance(value, str) or not value:
        return value
    digits = value.strip()
    return "****" + (digits[-4:] if len(digits) > 4 else "")


def fetch_account(
    api: ApiClient,
    target: ClioTarget,
    *,
    progress: Progress | None = None,
    resources: tuple[str, ...] = RESOURCES,
) -> dict[str, list[Any]]:
    """Every listed resource, keyed as in the snapshot format."""
    shown = progress if progress is not None else NullProgress()
    with ThreadPoolExecutor(max_workers=target.workers, thread_name_prefix="clio") as pool:
        futures = {
            name: pool.submit(fetch_resource, api, target, name, progress=shown)
            for name in resources
        }
        return gather(futures, api.cancel)


def fetch_resource(
    api: ApiClient, target: ClioTarget, name: str, *, progress: Progress | None = None
) -> list[Any]:
    """Every record of one resource, following `meta.paging.next` to the end."""
    shown = progress if progress is not None else NullProgress()
    records: list[Any] = []
    expected: int | None = None
    repeated = 0
    for _ in range(2):
        records, expected = _read_pages(api, target, name, shown)
        repeated = repeats(records, "id")
        if (expected is None or len(records) == expected) and not repeated:
            shown.done(SERVICE, name, len(records))
            if name == "bank_accounts":
                for record in records:
                    if isinstance(record, dict) and "account_number" in record:
                        record["account_number"] = mask_account_number(record["account_number"])
            return records
    if repeated:
        raise pull_error(
            f"{SERVICE} {name}: {repeated} records arrived twice (twice); the account may be "
            "changing during the pull, try again"
        )
    raise pull_error(
        f"{SERVICE} {name}: read {len(records)} records but Clio reports {expected} (twice); "
        "the account may be changing during the pull, try again"
    )


def _read_pages(
    api: ApiClient, target: ClioTarget, name: str, progress: Progress
) -> tuple[list[Any], int | None]:
    url: str | None = target.url(name)
    params: dict[str, Any] | None = {
        "fields": target.fields[name],
        "order": "id(asc)",
        "limit": target.page_size,
    }
    records: list[Any] = []
    expected: int | None = None
    while url:
        body = api.get_json(url, params, what=name)
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            raise pull_error(f"{SERVICE} {name}: the response has no data list")
        records.extend(data)
        progress.page(SERVICE, name, len(records))
        meta = _mapping(body.get("meta"))
        if expected is None and isinstance(meta.get("records"), int):
            expected = meta["records"]
        url = _mapping(meta.get("paging")).get("next") or None
        if url is not None:
            _check_same_origin(url, target, name)
        params = None  # the next URL carries every parameter, cursor included
    return records, expected


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _check_same_origin(url: str, target: ClioTarget, name: str) -> None:
    """Never follow a `next` link, and send the token, to a host other than the API's."""
    want = urlsplit(target.base_url)
    got = urlsplit(url)
    if (got.scheme, got.netloc) != (want.scheme, want.netloc):
        raise pull_error(f"{SERVICE} {name}: paging link points to another host ({got.netloc})")
