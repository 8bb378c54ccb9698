"""`ledgerlint pull`: read QuickBooks Online and Clio Manage into a snapshot.

    pull_snapshot ─┬─ qbo.fetch_company  ─┐   one ApiClient per service: its own rate limit,
                   └─ clio.fetch_account ─┴─▶ concurrency cap and TokenManager (oauth.py)
    merge.merge_file(existing, pulled): keep what people wrote, replace what the APIs provide

The snapshot records which sides this pull read in `sources` (see docs/pull.md):
`pulled` (read now, at `captured_at`), `carried_over` (kept from the file merged into, so
possibly older) or `not_pulled` (absent).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from typing import Any

import httpx

from ledgerlint.sources import clio as clio_source
from ledgerlint.sources import qbo as qbo_source
from ledgerlint.sources.clio import ClioTarget
from ledgerlint.sources.http import ApiClient
from ledgerlint.sources.http import ErrorDescriber
from ledgerlint.sources.http import RateLimiter
from ledgerlint.sources.http import RetryPolicy
from ledgerlint.sources.http import gather
from ledgerlint.sources.merge import API_SECTIONS
from ledgerlint.sources.merge import SNAPSHOT_VERSION
from ledgerlint.sources.merge import merge_file
from ledgerlint.sources.merge import merge_snapshot
from ledgerlint.sources.merge import merged_sections
from ledgerlint.sources.oauth import ClientAuth
from ledgerlint.sources.oauth import Credentials
from ledgerlint.sources.oauth import Service
from ledgerlint.sources.oauth import TokenManager
from ledgerlint.sources.oauth import TokenStore
from ledgerlint.sources.output import dump_snapshot
from ledgerlint.sources.output import format_for
from ledgerlint.sources.progress import NullProgress
from ledgerlint.sources.progress import Progress
from ledgerlint.sources.qbo import QboTarget

__all__ = [
    "API_SECTIONS",
    "SNAPSHOT_VERSION",
    "ClioSource",
    "ClioTarget",
    "Credentials",
    "QboSource",
    "QboTarget",
    "RetryPolicy",
    "TokenStore",
    "dump_snapshot",
    "format_for",
    "merge_file",
    "merge_snapshot",
    "merged_sections",
    "pull_snapshot",
]

DEFAULT_TIMEOUT = 30.0


@dataclass
class QboSource:
    """A QuickBooks company to pull and the means to authenticate."""

    target: QboTarget
    credentials: Credentials
    token_url: str = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
    requests_per_minute: int = qbo_source.REQUESTS_PER_MINUTE
    max_concurrency: int = qbo_source.MAX_CONCURRENT


@dataclass
class ClioSource:
    """A Clio account to pull and the means to authenticate."""

    credentials: Credentials
    target: ClioTarget = field(default_factory=ClioTarget)
    requests_per_minute: int = clio_source.REQUESTS_PER_MINUTE
    max_concurrency: int = clio_source.MAX_CONCURRENT

    @property
    def token_url(self) -> str:
        """Clio's token endpoint lives on the same regional host as the API."""
        return f"{self.target.base_url.rstrip('/')}/oauth/token"


def pull_snapshot(
    *,
    qbo: QboSource | None = None,
    clio: ClioSource | None = None,
    client: httpx.Client | None = None,
    store: TokenStore | None = None,
    progress: Progress | None = None,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], Any] | None = None,
    now: Callable[[], datetime] | None = None,
) -> dict[str, Any]:
    """Read the given sides and return a snapshot dict (format 1); raise `PullError` on failure.

    `client` is the test seam (and lets callers set proxies or timeouts); `store` receives
    rotated refresh tokens; `sleep` replaces every back-off and rate-limit wait.
    """
    started = (now or _utc_now)()
    own_client = client is None
    http = client or httpx.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=False)
    shown = progress if progress is not None else NullProgress()
    cancel = threading.Event()
    jobs: dict[str, Callable[[], Any]] = {}
    if qbo is not None:
        extra = {"realm_id": qbo.target.realm_id}
        api = _api(_QBO, qbo, extra, http, store, shown, retry, sleep, cancel)
        jobs["qbo"] = lambda: qbo_source.fetch_company(api, qbo.target, progress=shown)
    if clio is not None:
        extra = {"base_url": clio.target.base_url}
        capi = _api(_CLIO, clio, extra, http, store, shown, retry, sleep, cancel)
        jobs["clio"] = lambda: clio_source.fetch_account(capi, clio.target, progress=shown)
    try:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pull") as pool:
            futures = {side: pool.submit(job) for side, job in jobs.items()}
            sections = gather(futures, cancel)
    finally:
        if own_client:
            http.close()
    snapshot: dict[str, Any] = {
        "ledgerlint_snapshot": SNAPSHOT_VERSION,
        "captured_at": started.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sources": {side: "pulled" if side in sections else "not_pulled" for side in API_SECTIONS},
    }
    snapshot.update(sections)
    return snapshot


@dataclass(frozen=True)
class _Service:
    """What differs between the two APIs' clients; everything else is built the same way."""

    key: Service
    name: str
    client_auth: ClientAuth
    describe_error: ErrorDescriber
    rate_limit_wait: Callable[[int], float] | None = None
    """The wait after a 429 without `Retry-After` (None: the client's default back-off)."""


_QBO = _Service(
    "qbo", qbo_source.SERVICE, "basic", qbo_source.describe_error, qbo_source.throttle_wait
)
_CLIO = _Service("clio", clio_source.SERVICE, "body", clio_source.describe_error)


def _api(
    service: _Service,
    source: QboSource | ClioSource,
    extra: dict[str, Any],
    http: httpx.Client,
    store: TokenStore | None,
    progress: Progress,
    retry: RetryPolicy | None,
    sleep: Callable[[float], Any] | None,
    cancel: threading.Event,
) -> ApiClient:
    """One service's ApiClient with its own TokenManager (`extra`: what the token record keeps
    to name the company or account), rate limit and concurrency cap."""
    tokens = TokenManager(
        service.key,
        source.credentials,
        token_url=source.token_url,
        client=http,
        client_auth=service.client_auth,
        store=store,
        extra=extra,
    )
    return ApiClient(
        http,
        service=service.name,
        tokens=tokens,
        limiter=RateLimiter(source.requests_per_minute),
        max_concurrency=source.max_concurrency,
        describe_error=service.describe_error,
        retry=retry,
        sleep=sleep,
        progress=progress,
        cancel=cancel,
        default_rate_limit_wait=service.rate_limit_wait,
    )


def _utc_now() -> datetime:
    return datetime.now(UTC)
