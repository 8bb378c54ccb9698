"""Surviving API faults: 429s, 5xx, timeouts, dropped and truncated responses."""

from __future__ import annotations

import random
import time

import httpx
import msgspec
import pytest
from pull_fakes import Reply
from pull_fakes import make_clio
from pull_fakes import make_qbo

from ledgerlint.errors import PullError
from ledgerlint.sources import RetryPolicy
from ledgerlint.sources import pull_snapshot
from ledgerlint.sources.http import RateLimiter

_EXACT = msgspec.json.Encoder(decimal_format="number").encode


def _qbo(server, client, sleeps, retry) -> dict:
    return pull_snapshot(qbo=make_qbo(server), client=client, sleep=sleeps, retry=retry)["qbo"]


def _clio(server, client, sleeps, retry) -> dict:
    return pull_snapshot(clio=make_clio(server), client=client, sleep=sleeps, retry=retry)["clio"]


def test_429_with_retry_after_waits_that_long(qbo_server, client, sleeps, retry):
    """`Retry-After: 7` means a 7-second wait, then the same request succeeds."""
    qbo_server.fail("from Payment", Reply(429, None, {"Retry-After": "7"}))
    section = _qbo(qbo_server, client, sleeps, retry)
    assert sleeps == [7.0]
    assert _EXACT(section["Payment"]) == _EXACT(qbo_server.app.served("Payment"))


def test_qbo_429_without_retry_after_uses_throttle_backoff(qbo_server, client, sleeps, retry):
    """Without `Retry-After`, QuickBooks throttling waits 5 s, then 15 s."""
    qbo_server.fail("from Deposit", Reply(429, {"Fault": {"type": "ThrottleExceeded"}}), times=2)
    section = _qbo(qbo_server, client, sleeps, retry)
    assert sleeps == [5.0, 15.0]
    assert _EXACT(section["Deposit"]) == _EXACT(qbo_server.app.served("Deposit"))


def test_clio_429_uses_ratelimit_reset(clio_server, client, sleeps, retry):
    """Clio's `X-RateLimit-Reset` (epoch seconds) sets the wait when `Retry-After` is absent."""
    reset = str(int(time.time()) + 30)
    clio_server.fail("/api/v4/users.json", Reply(429, None, {"X-RateLimit-Reset": reset}))
    section = _clio(clio_server, client, sleeps, retry)
    assert len(sleeps) == 1 and 27 <= sleeps[0] <= 30
    assert section["users"] == clio_server.app.served("users")


def test_waits_are_capped_by_max_wait(qbo_server, client, sleeps):
    """`max_wait` bounds any single wait, whatever the server asks."""
    qbo_server.fail("from Payment", Reply(429, None, {"Retry-After": "3600"}))
    _qbo(qbo_server, client, sleeps, RetryPolicy(max_wait=2.0))
    assert sleeps == [2.0]


def test_5xx_then_success(qbo_server, clio_server, client, sleeps, retry):
    """Server errors are retried with back-off until the request succeeds."""
    qbo_server.fail("from Customer", Reply(503, None), times=2)
    clio_server.fail("/api/v4/matters.json", Reply(500, {"error": "boom"}), times=3)
    snap = pull_snapshot(
        qbo=make_qbo(qbo_server),
        clio=make_clio(clio_server),
        client=client,
        sleep=sleeps,
        retry=retry,
    )
    assert _EXACT(snap["qbo"]["Customer"]) == _EXACT(qbo_server.app.served("Customer"))
    assert _EXACT(snap["clio"]["matters"]) == _EXACT(clio_server.app.served("matters"))
    assert len(sleeps) == 5 and all(0 < s <= 0.05 for s in sleeps)


def test_truncated_body_is_retried(qbo_server, clio_server, client, sleeps, retry):
    """A body cut off mid-way (connection closed early) is fetched again."""
    qbo_server.fail("from JournalEntry STARTPOSITION", "truncate")
    clio_server.fail("/api/v4/bills.json", "truncate")
    snap = pull_snapshot(
        qbo=make_qbo(qbo_server),
        clio=make_clio(clio_server),
        client=client,
        sleep=sleeps,
        retry=retry,
    )
    assert _EXACT(snap["qbo"]["JournalEntry"]) == _EXACT(qbo_server.app.served("JournalEntry"))
    assert _EXACT(snap["clio"]["bills"]) == _EXACT(clio_server.app.served("bills"))


def test_timeout_is_retried(clio_server, sleeps, retry):
    """A response slower than the timeout counts as a transient failure."""
    clio_server.fail("/api/v4/users.json", Reply(200, {"data": []}, delay=0.5))
    with httpx.Client(timeout=0.2) as client:
        section = _clio(clio_server, client, sleeps, retry)
    assert section["users"] == clio_server.app.served("users")
    assert len(sleeps) == 1


def test_persistent_drop_gives_up_with_clear_message(qbo_server, client, sleeps, retry):
    """A server that keeps dropping the connection fails the pull after bounded retries."""
    qbo_server.fail("from Invoice STARTPOSITION 1001", "drop", times=100)
    with pytest.raises(PullError) as caught:
        _qbo(qbo_server, client, sleeps, retry)
    assert str(caught.value) == (
        "QuickBooks Invoice: gave up after 6 attempts (connection failed: RemoteProtocolError)"
    )
    assert len(sleeps) == 5


def test_backoff_grows_with_jitter_and_is_bounded():
    """Equal jitter: attempt n waits between half and all of min(max, base·2^(n-1))."""
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    rng = random.Random(4)
    for attempt, ceiling in [(1, 1), (2, 2), (3, 4), (4, 8), (9, 8)]:
        delay = policy.backoff(attempt, rng)
        assert ceiling / 2 <= delay <= ceiling


def test_rate_limiter_keeps_a_sliding_window():
    """The 4th request in a 3-per-minute window waits until the first leaves it."""
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(3, 60.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        assert limiter.acquire() == 0
        now[0] += 1
    assert limiter.acquire() == 57.0
    assert waits == [57.0]


def test_rate_limiter_pause_holds_requests():
    """`pause` (Clio's X-RateLimit-Remaining: 0) delays the next request."""
    now = [100.0]
    limiter = RateLimiter(50, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    limiter.pause(12.0)
    assert limiter.acquire() == 12.0


def test_concurrency_stays_under_the_cap(qbo_server, client, sleeps, retry):
    """No more requests run at once than the QuickBooks cap allows."""
    source = make_qbo(qbo_server)
    source.max_concurrency = 2
    active = [0, 0]
    original = qbo_server.app.handle

    def counting(request, handler):
        active[0] += 1
        active[1] = max(active[1], active[0])
        time.sleep(0.01)
        try:
            return original(request, handler)
        finally:
            active[0] -= 1

    qbo_server.app.handle = counting
    pull_snapshot(qbo=source, client=client, sleep=sleeps, retry=retry)
    assert 1 <= active[1] <= 2


def test_5xx_retry_after_is_honoured(qbo_server, client, sleeps, retry):
    """A 503 that names its own delay waits that long, not the (shorter) back-off."""
    qbo_server.fail("from Payment", Reply(503, None, {"Retry-After": "3"}))
    section = _qbo(qbo_server, client, sleeps, retry)
    assert sleeps == [3.0]
    assert _EXACT(section["Payment"]) == _EXACT(qbo_server.app.served("Payment"))


def test_undecodable_body_is_retried_not_a_crash(clio_server, client, sleeps, retry):
    """A body that cannot be decoded (a broken gzip stream) is a transient fault."""
    broken = Reply(200, b"\x1f\x8b not gzip", {"Content-Encoding": "gzip"}, mode="raw")
    clio_server.fail("/api/v4/users.json", broken)
    section = _clio(clio_server, client, sleeps, retry)
    assert section["users"] == clio_server.app.served("users")
    assert len(sleeps) == 1


def test_a_failure_wakes_requests_waiting_for_the_rate_limit(clio_server, client, sleeps, retry):
    """When one resource fails, the others stop at once instead of sitting out the window."""
    source = make_clio(clio_server)
    source.requests_per_minute = 2  # the third request must wait ~60 s for the window
    forbidden = {"error": {"type": "Forbidden", "message": "not allowed"}}
    clio_server.fail("/api/v4/", Reply(403, forbidden))
    started = time.monotonic()
    with pytest.raises(PullError, match="Forbidden: not allowed"):
        pull_snapshot(clio=source, client=client, sleep=sleeps, retry=retry)
    assert time.monotonic() - started < 5


def test_rate_limiter_wait_ends_when_cancelled():
    """A cancelled pull does not sleep out the rate-limit window."""
    import threading

    cancel = threading.Event()
    limiter = RateLimiter(1, 60.0)
    limiter.acquire(cancel=cancel)
    threading.Timer(0.1, cancel.set).start()
    started = time.monotonic()
    limiter.acquire(cancel=cancel)
    assert time.monotonic() - started < 2
