"""The resilient HTTP client both sources share: limits, retries, refresh, masked logging.

Why one client: QuickBooks and Clio fail in the same ways (expired tokens, 429s, 5xx, dropped
connections, truncated bodies), and a pull must survive all of them without ever printing a
credential. Each source only says how to read its error bodies; everything else lives here.

    request ──▶ cancelled? ──▶ rate limiter (per token/company) ──▶ concurrency cap ──▶ httpx
      ▲   401 ─▶ refresh the token once, retry
      └── 429 ─▶ wait Retry-After / X-RateLimit-Reset / back-off, retry (bounded)
          5xx, timeout, dropped or truncated body ─▶ exponential back-off with jitter (bounded)
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from collections.abc import Mapping
from concurrent.futures import FIRST_EXCEPTION
from concurrent.futures import Future
from concurrent.futures import wait
from dataclasses import dataclass
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any
from typing import Protocol
from urllib.parse import urlencode

import httpx
import msgspec

from ledgerlint.errors import PullError
from ledgerlint.sources.redact import LOGGER
from ledgerlint.sources.redact import mask_url
from ledgerlint.sources.redact import pull_error
from ledgerlint.sources.redact import redact
from ledgerlint.sources.redact import register_secret

__all__ = [
    "LOGGER",
    "ApiClient",
    "Cancelled",
    "RateLimiter",
    "RetryPolicy",
    "gather",
    "mask_url",
    "pull_error",
    "redact",
    "register_secret",
    "repeats",
]

DEFAULT_MAX_RETRIES = 5
DEFAULT_MAX_RATE_LIMIT_WAITS = 8
DEFAULT_BASE_DELAY = 1.0
DEFAULT_MAX_DELAY = 60.0
DEFAULT_MAX_WAIT = 120.0
_DECODER = msgspec.json.Decoder(float_hook=Decimal)


class Cancelled(PullError):
    """This part of the pull stopped because another part failed (or the user interrupted)."""


def gather(futures: Mapping[str, Future[Any]], cancel: threading.Event) -> dict[str, Any]:
    """Results by key; on the first failure, stop the rest and raise the *cause*, not a
    `Cancelled` of some sibling that merely noticed it."""
    try:
        done, _ = wait(futures.values(), return_when=FIRST_EXCEPTION)
        if any(future.exception() is not None for future in done):
            cancel.set()
            wait(futures.values())
            errors = [e for f in futures.values() if (e := f.exception()) is not None]
            raise next((e for e in errors if not isinstance(e, Cancelled)), errors[0])
    except BaseException:
        cancel.set()
        raise
    return {key: future.result() for key, future in futures.items()}


def repeats(records: list[Any], key: str) -> int:
    """How many records repeat the `key` (`Id`, `id`) of an earlier one in a paged read.

    Both APIs page over a list that may change while it is read: a record that moves between
    two pages arrives twice and another not at all, with the total still right.
    """
    present = [r.get(key) for r in records if isinstance(r, dict) and r.get(key) is not None]
    return len(present) - len(set(map(str, present)))


# --- limits ----------------------------------------------------------------------------------


class RateLimiter:
    """At most `max_requests` starts in any `period` seconds (a sliding window), plus pauses.

    A sliding window rather than a token bucket because both APIs count requests per minute:
    a full bucket would allow a burst that the server counts against the next minute too.
    """

    def __init__(
        self,
        max_requests: int,
        period: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        self.max_requests = max_requests
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque()
        self._blocked_until = 0.0
        self._lock = threading.Lock()

    def acquire(
        self,
        on_wait: Callable[[float], None] | None = None,
        *,
        cancel: threading.Event | None = None,
    ) -> float:
        """Block until a request may start; return the seconds waited.

        With `cancel`, a wait ends as soon as it is set, and the call returns without taking a
        place in the window: the caller must check `cancel` before sending anything.
        """
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                while self._starts and now - self._starts[0] >= self.period:
                    self._starts.popleft()
                wait = max(self._blocked_until - now, 0.0)
                if not wait and len(self._starts) < self.max_requests:
                    self._starts.append(now)
                    return waited
                if not wait:
                    wait = self.period - (now - self._starts[0])
            if on_wait is not None:
                on_wait(wait)
            if cancel is not None:
                if cancel.wait(wait):
                    return waited
            else:
                self._sleep(wait)
            waited += wait

    def pause(self, seconds: float) -> None:
        """Hold every request for `seconds` (the server said its window is spent)."""
        with self._lock:
            self._blocked_until = max(self._blocked_until, self._clock() + seconds)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try; tests shrink `max_wait` (or inject `sleep`) to stay fast."""

    max_retries: int = DEFAULT_MAX_RETRIES
    max_rate_limit_waits: int = DEFAULT_MAX_RATE_LIMIT_WAITS
    base_delay: float = DEFAULT_BASE_DELAY
    max_delay: float = DEFAULT_MAX_DELAY
    max_wait: float = DEFAULT_MAX_WAIT

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Exponential back-off with "equal jitter": half fixed, half random, capped."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(attempt - 1, 0))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


class TokenSource(Protocol):
    """What the client needs from OAuth: the current token, and a way to renew it."""

    def access_token(self) -> str: ...

    def refresh(self, stale: str) -> str: ...


class ProgressSink(Protocol):
    """The part of the progress display the client reports waits to."""

    def waiting(self, service: str, seconds: float, reason: str) -> None: ...


ErrorDescriber = Callable[[Any], str | None]


class _Retry(Exception):
    """Internal: this attempt failed in a way worth another try."""

    def __init__(self, reason: str, delay: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delay = delay


# --- the client ------------------------------------------------------------------------------


class ApiClient:
    """GET JSON from one API for one token, politely and persistently.

    `describe_error` turns a parsed error body into the API's own message (a QuickBooks `Fault`,
    a Clio `error`); it is also applied to 2xx bodies, because QuickBooks reports some query
    errors as a `Fault` inside a 200.
    """

    def __init__(
        self,
        client: httpx.Client,
        *,
        service: str,
        tokens: TokenSource,
        limiter: RateLimiter,
        max_concurrency: int,
        describe_error: ErrorDescriber,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Any] | None = None,
        progress: ProgressSink | None = None,
        cancel: threading.Event | None = None,
        rng: random.Random | None = None,
        default_rate_limit_wait: Callable[[int], float] | None = None,
    ) -> None:
        self.client = client
        self.service = service
        self.tokens = tokens
        self.limiter = limiter
        self.describe_error = describe_error
        self.retry = retry or RetryPolicy()
        self.cancel = cancel or threading.Event()
        self._sleep = sleep if sleep is not None else self.cancel.wait
        self._progress = progress
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._rng = rng or random.Random()
        self._rate_limit_wait = default_rate_limit_wait
        self.request_count = 0
        self._count_lock = threading.Lock()

    def get_json(self, url: str, params: Mapping[str, Any] | None, *, what: str) -> Any:
        """The parsed JSON body of a successful GET (numbers with fractions as Decimal)."""
        refreshed = False
        failures = 0
        rate_waits = 0
        last_reason = ""
        while True:
            self._check_cancelled()
            token = self.tokens.access_token()
            try:
                return self._attempt(url, params, token, what)
            except _Unauthorized as unauthorized:
                if refreshed:
                    raise pull_error(
                        f"{self.service} {what}: the API rejected the renewed access token "
                        f"({unauthorized.reason}); run `ledgerlint auth {self._auth_name()}`"
                    ) from None
                refreshed = True
                self.tokens.refresh(token)
            except _RateLimited as limited:
                rate_waits += 1
                if rate_waits > self.retry.max_rate_limit_waits:
                    raise pull_error(
                        f"{self.service} {what}: still rate-limited after {rate_waits - 1} "
                        "waits; try again later"
                    ) from None
                delay = limited.delay
                if delay is None:
                    delay = self._default_rate_limit_delay(rate_waits)
                self._wait(delay, "rate limit")
            except _Retry as transient:
                failures += 1
                last_reason = transient.reason
                if failures > self.retry.max_retries:
                    raise pull_error(
                        f"{self.service} {what}: gave up after {failures} attempts ({last_reason})"
                    ) from None
                delay = self.retry.backoff(failures, self._rng)
                if transient.delay is not None:  # a 503's Retry-After: never ask sooner
                    delay = max(delay, transient.delay)
                self._wait(delay, last_reason)

    # -- one attempt --

    def _attempt(self, url: str, params: Mapping[str, Any] | None, token: str, what: str) -> Any:
        with self._slots:
            # The window is taken only once a slot is free, so that the time recorded is the
            # time the request really starts (the server counts it from then, too).
            self.limiter.acquire(
                on_wait=lambda s: self._report_wait(s, "request budget"), cancel=self.cancel
            )
            self._check_cancelled()
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            started = time.monotonic()
            # An httpx error carries the request, Authorization header included: it is turned
            # into a reason string and dropped, and the retry is raised *outside* the except
            # clause so that not even `__context__` keeps a reference to it.
            failure: _Retry | None = None
            try:
                response = self.client.get(url, params=params, headers=headers)
            except httpx.TimeoutException:
                failure = _Retry("timed out")
            except httpx.TransportError as err:
                failure = _Retry(f"connection failed: {type(err).__name__}")
            except httpx.RequestError as err:  # DecodingError, TooManyRedirects, ...
                failure = _Retry(f"unreadable response: {type(err).__name__}")
            del headers
            if failure is not None:
                self._log("GET", url, params, failure.reason, started)
                raise failure
        with self._count_lock:
            self.request_count += 1
        self._log("GET", response.request.url, None, str(response.status_code), started)
        self._note_rate_headers(response)
        return self._interpret(response, what)

    def _interpret(self, response: httpx.Response, what: str) -> Any:
        status = response.status_code
        body = self._parse(response.content)
        if status == 401:
            raise _Unauthorized(self._message(body) or "401 Unauthorized")
        if status == 429:
            raise _RateLimited("rate limited", self._server_delay(response))
        if status >= 500:
            raise _Retry(f"HTTP {status}", self._retry_after(response))
        if status >= 400:
            detail = self._message(body) or response.reason_phrase or "request refused"
            raise pull_error(f"{self.service} {what}: {detail} (HTTP {status})")
        if body is _INVALID:
            raise _Retry("incomplete or invalid JSON body")
        fault = self._message(body)
        if fault:
            raise pull_error(f"{self.service} {what}: {fault}")
        return body

    @staticmethod
    def _parse(content: bytes) -> Any:
        if not content:
            return _INVALID
        try:
            return _DECODER.decode(content)
        except msgspec.DecodeError:
            return _INVALID

    def _message(self, body: Any) -> str | None:
        if body is _INVALID:
            return None
        return self.describe_error(body)

    # -- waits --

    def _server_delay(self, response: httpx.Response) -> float | None:
        after = self._retry_after(response)
        if after is not None:
            return after
        reset = response.headers.get("X-RateLimit-Reset")
        if reset is not None:
            try:
                return max(float(reset) - time.time(), 0.0)
            except ValueError:
                return None
        return None

    @staticmethod
    def _retry_after(response: httpx.Response) -> float | None:
        value = response.headers.get("Retry-After")
        if value is None:
            return None
        try:
            return max(float(value), 0.0)
        except ValueError:
            pass
        try:
            return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
        except (TypeError, ValueError):
            return None

    def _note_rate_headers(self, response: httpx.Response) -> None:
        """Clio tells us the window is spent before we hit it: pause instead of earning a 429."""
        remaining = response.headers.get("X-RateLimit-Remaining")
        reset = response.headers.get("X-RateLimit-Reset")
        if remaining == "0" and reset is not None and response.status_code != 429:
            try:
                seconds = float(reset) - time.time()
            except ValueError:
                return
            if seconds > 0:
                self.limiter.pause(min(seconds, self.retry.max_wait))

    def _default_rate_limit_delay(self, attempt: int) -> float:
        if self._rate_limit_wait is not None:
            return self._rate_limit_wait(attempt)
        return self.retry.backoff(attempt + 1, self._rng)

    def _wait(self, seconds: float, reason: str) -> None:
        seconds = min(seconds, self.retry.max_wait)
        self._report_wait(seconds, reason)
        self._sleep(seconds)
        self._check_cancelled()

    def _report_wait(self, seconds: float, reason: str) -> None:
        if self._progress is not None:
            self._progress.waiting(self.service, seconds, reason)
        LOGGER.info("%s: waiting %.1fs (%s)", self.service, seconds, reason)

    def _check_cancelled(self) -> None:
        if self.cancel.is_set():
            raise Cancelled(f"{self.service}: pull cancelled")

    def _log(
        self,
        method: str,
        url: str | httpx.URL,
        params: Mapping[str, Any] | None,
        outcome: str,
        started: float,
    ) -> None:
        if LOGGER.isEnabledFor(logging.DEBUG):
            shown = str(url) + (f"?{urlencode(dict(params))}" if params else "")
            elapsed = time.monotonic() - started
            LOGGER.debug("%s %s %s %.3fs", method, mask_url(shown), outcome, elapsed)

    def _auth_name(self) -> str:
        return "qbo" if self.service == "QuickBooks" else "clio"


class _Unauthorized(_Retry):
    """401: the access token was refused."""


class _RateLimited(_Retry):
    """429: wait `delay` seconds (None: the service's own back-off)."""


_INVALID: Any = object()
