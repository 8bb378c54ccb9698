"""No token, client secret or Authorization header in any output, log, file or error."""

from __future__ import annotations

import logging

from click.testing import CliRunner
from pull_fakes import ALL_SECRETS
from pull_fakes import Reply

from ledgerlint.pull_cli import pull
from ledgerlint.sources import Credentials
from ledgerlint.sources.http import mask_url
from ledgerlint.sources.http import redact


def _assert_clean(text: str) -> None:
    for secret in ALL_SECRETS:
        assert secret not in text, secret
    assert "Bearer" not in text and "Basic " not in text


def test_verbose_pull_through_every_fault_leaks_nothing(
    env, tmp_path, qbo_server, clio_server, caplog
):
    """Refresh, rotation, 429, 5xx, truncation: stderr, logs and snapshot stay clean."""
    qbo_server.fail("/v3/", "expire")
    qbo_server.fail("from Payment", Reply(429, None, {"Retry-After": "1"}))
    qbo_server.fail("from Customer", Reply(503, None))
    clio_server.fail("/api/v4/matters.json", "expire")
    clio_server.fail("/api/v4/bills.json", "truncate")
    out = tmp_path / "snap.yaml"
    with caplog.at_level(logging.DEBUG, logger="ledgerlint"):
        result = CliRunner().invoke(pull, ["-o", str(out), "--verbose"], env=env)
    assert result.exit_code == 0, result.output
    assert "GET /v3/company/" in result.output and " 200 " in result.output
    assert qbo_server.app.refresh_calls == 1 and clio_server.app.refresh_calls == 1
    _assert_clean(result.output)
    _assert_clean(caplog.text)
    _assert_clean(out.read_text())


def test_failed_pull_error_leaks_nothing(env, tmp_path, clio_server, caplog):
    """An error that echoes the token back is masked before it is printed."""
    echo = {
        "error": {
            "type": "Forbidden",
            "message": f"token {env['LEDGERLINT_CLIO_ACCESS_TOKEN']} may not read users",
        }
    }
    clio_server.fail("/api/v4/users.json", Reply(403, echo))
    with caplog.at_level(logging.DEBUG, logger="ledgerlint"):
        result = CliRunner().invoke(pull, ["-o", str(tmp_path / "s.json"), "-v"], env=env)
    assert result.exit_code == 2
    assert "ledgerlint: error: Clio users: Forbidden: token *** may not read users" in result.output
    _assert_clean(result.output)
    _assert_clean(caplog.text)


def test_credentials_repr_hides_secrets():
    """A traceback showing the credentials object shows no secret."""
    creds = Credentials(
        access_token="ACCESS-REPR-FAKE",
        refresh_token="REFRESH-REPR-FAKE",
        client_id="id",
        client_secret="SECRET-REPR-FAKE",
    )
    assert "FAKE" not in repr(creds)


def test_mask_url_hides_credential_parameters():
    """Credential-like query parameters are masked in the request log."""
    shown = mask_url("https://x.test/oauth?code=abc123&state=s&client_secret=zzz&fields=id")
    assert "abc123" not in shown and "zzz" not in shown and "fields=id" in shown


def test_redact_masks_registered_secrets():
    """Every credential the pull learned is masked wherever it appears."""
    Credentials(access_token="REGISTERED-TOKEN-FAKE")
    assert redact("x REGISTERED-TOKEN-FAKE y") == "x *** y"


def test_no_httpx_error_in_the_exception_chain(qbo_server, client, sleeps, retry):
    """httpx errors hold the request, Authorization header included: none may be reachable
    from the error a failed pull raises (neither as cause nor as context)."""
    import httpx
    import pytest
    from pull_fakes import make_qbo

    from ledgerlint.errors import PullError
    from ledgerlint.sources import pull_snapshot

    qbo_server.fail("from Invoice STARTPOSITION 1001", "drop", times=100)
    with pytest.raises(PullError) as caught:
        pull_snapshot(qbo=make_qbo(qbo_server), client=client, sleep=sleeps, retry=retry)
    chain: list[BaseException] = []
    error: BaseException | None = caught.value
    while error is not None and len(chain) < 20:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert not any(isinstance(e, httpx.HTTPError) for e in chain), chain
    _assert_clean(" ".join(repr(e) for e in chain))


def test_mask_url_hides_credential_like_parameter_names():
    """Names merely *containing* a credential word are masked too; the Clio cursor is not."""
    shown = mask_url(
        "https://x.test/a?apiKey=k1&X-Amz-Signature=s1&client_assertion=a1&AccessToken=t1"
        "&page_token=cur-3&fields=id"
    )
    for value in ("k1", "s1", "a1", "t1"):
        assert f"={value}" not in shown, shown
    assert "page_token=cur-3" in shown and "fields=id" in shown
