"""OAuth during a pull: refresh once on 401, rotating refresh tokens, the token store."""

from __future__ import annotations

import stat

import pytest
from pull_fakes import QBO_REFRESH
from pull_fakes import REALM
from pull_fakes import make_clio
from pull_fakes import make_qbo

from ledgerlint.errors import PullError
from ledgerlint.sources import pull_snapshot


def test_expired_access_token_is_refreshed_once(qbo_server, client, store, sleeps, retry):
    """Many concurrent 401s lead to a single refresh, and the pull completes."""
    qbo_server.fail("/v3/", "expire")
    snap = pull_snapshot(
        qbo=make_qbo(qbo_server), client=client, store=store, sleep=sleeps, retry=retry
    )
    assert qbo_server.app.refresh_calls == 1
    assert len(snap["qbo"]["Invoice"]) == 1001


def test_rotated_refresh_token_is_persisted_0600(qbo_server, client, store, sleeps, retry):
    """The new refresh token is in the store (mode 0600) and the old one is spent."""
    qbo_server.fail("/v3/", "expire")
    pull_snapshot(qbo=make_qbo(qbo_server), client=client, store=store, sleep=sleeps, retry=retry)
    saved = store.entry("qbo")
    assert saved["refresh_token"] == qbo_server.app.refresh_token != QBO_REFRESH
    assert saved["realm_id"] == REALM
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_rotated_token_is_stored_before_it_is_used(qbo_server, client, store, sleeps, retry):
    """When the renewed access token is first sent, the store already holds the new pair."""
    qbo_server.fail("/v3/", "expire")
    seen: list[str | None] = []
    original = qbo_server.app.handle

    def spy(request, handler):
        if "RENEWED" in request.headers.get("authorization", ""):
            seen.append(store.entry("qbo").get("refresh_token"))
        return original(request, handler)

    qbo_server.app.handle = spy
    pull_snapshot(qbo=make_qbo(qbo_server), client=client, store=store, sleep=sleeps, retry=retry)
    assert seen and all(token == qbo_server.app.refresh_token for token in seen)


def test_refresh_token_alone_is_enough(clio_server, client, store, sleeps, retry):
    """Without an access token, one is obtained from the refresh token first."""
    snap = pull_snapshot(
        clio=make_clio(clio_server, access_token=None),
        client=client,
        store=store,
        sleep=sleeps,
        retry=retry,
    )
    assert clio_server.app.refresh_calls == 1
    assert snap["clio"]["users"] == clio_server.app.served("users")


def test_second_401_fails_with_auth_hint(clio_server, client, sleeps, retry):
    """A token rejected even after renewal fails the pull and points at `auth`."""
    clio_server.fail("/api/v4/users.json", "expire", times=2)
    with pytest.raises(
        PullError, match=r"^Clio \w+: the API rejected the renewed .*run `ledgerlint auth clio`$"
    ):
        pull_snapshot(clio=make_clio(clio_server), client=client, sleep=sleeps, retry=retry)


def test_refused_refresh_is_one_line(qbo_server, client, sleeps, retry):
    """A revoked refresh token gives the endpoint's reason and the way out."""
    qbo_server.fail("/v3/", "expire")
    source = make_qbo(qbo_server, refresh_token="QBO-REFRESH-REVOKED-FAKE")
    with pytest.raises(
        PullError, match=r"^QuickBooks: token request refused \(invalid_grant\): the refresh token"
    ):
        pull_snapshot(qbo=source, client=client, sleep=sleeps, retry=retry)


def test_401_without_refresh_token_fails(qbo_server, client, sleeps, retry):
    """An expired access token with nothing to renew it is a clear error."""
    qbo_server.fail("/v3/", "expire")
    with pytest.raises(PullError, match="there is no refresh token"):
        pull_snapshot(
            qbo=make_qbo(qbo_server, refresh_token=None), client=client, sleep=sleeps, retry=retry
        )


def test_unsavable_rotated_token_stops_with_a_clear_error(
    qbo_server, client, store, sleeps, retry, monkeypatch
):
    """If the renewed refresh token cannot be stored, the pull says so (not "cannot write
    the snapshot") and never uses the unsaved token."""

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ledgerlint.sources.oauth.write_atomic", full_disk)
    qbo_server.fail("/v3/", "expire")
    with pytest.raises(PullError, match=r"^QuickBooks: cannot save the renewed tokens to .*"):
        pull_snapshot(
            qbo=make_qbo(qbo_server), client=client, store=store, sleep=sleeps, retry=retry
        )
    renewed = [r for r in qbo_server.requests if "RENEWED" in r.headers.get("authorization", "")]
    assert renewed == []


def test_refused_refresh_is_not_repeated_by_every_thread(qbo_server, client, sleeps, retry):
    """Concurrent 401s share one refresh: when it is refused, the other threads take that
    answer instead of each sending the spent refresh token again."""
    qbo_server.fail("/v3/", "expire")
    source = make_qbo(qbo_server, refresh_token="QBO-REFRESH-REVOKED-FAKE")
    original = qbo_server.app.handle

    def slow_token(request, handler):
        if request.path == "/oauth2/v1/tokens/bearer":
            import time

            time.sleep(0.2)  # let the other workers queue up behind the refresh
        return original(request, handler)

    qbo_server.app.handle = slow_token
    with pytest.raises(PullError, match="token request refused"):
        pull_snapshot(qbo=source, client=client, sleep=sleeps, retry=retry)
    posts = [r for r in qbo_server.requests if r.path == "/oauth2/v1/tokens/bearer"]
    assert len(posts) == 1
