"""`ledgerlint auth`: loopback and paste-back with PKCE and state, refresh-token import, refusals.

The fake providers run a consent endpoint that answers 302 to the redirect URI and a token
endpoint that redeems a code only with the PKCE verifier of its challenge (pull_fakes.py).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from pull_fakes import ALL_SECRETS
from pull_fakes import CLIO_CLIENT_ID
from pull_fakes import CLIO_REFRESH
from pull_fakes import CLIO_SECRET
from pull_fakes import QBO_CLIENT_ID
from pull_fakes import QBO_REFRESH
from pull_fakes import QBO_SECRET
from pull_fakes import REALM

from ledgerlint.auth_cli import auth
from ledgerlint.errors import PullError
from ledgerlint.pull_cli import pull
from ledgerlint.sources import Credentials
from ledgerlint.sources.authorize import authorize
from ledgerlint.sources.authorize import clio_app
from ledgerlint.sources.authorize import finish
from ledgerlint.sources.authorize import parse_redirect
from ledgerlint.sources.authorize import qbo_app
from ledgerlint.sources.authorize import redirect_mode
from ledgerlint.sources.authorize import start

ROOT = Path(__file__).resolve().parents[2]
_PASTE_URI = "https://example.invalid/cb"


def _qbo(server):
    return qbo_app(
        token_url=f"{server.url}/oauth2/v1/tokens/bearer",
        authorize_url=f"{server.url}/connect/oauth2",
    )


def _creds(service: str) -> Credentials:
    if service == "qbo":
        return Credentials(client_id=QBO_CLIENT_ID, client_secret=QBO_SECRET)
    return Credentials(client_id=CLIO_CLIENT_ID, client_secret=CLIO_SECRET)


def _consent(url: str) -> str:
    """The provider's answer to the consent page: where it sends the browser."""
    response = httpx.get(url)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def _browser(host: str | None = None):
    """A browser that approves and follows the redirect (to `host` instead, if given)."""

    def open_url(url: str) -> None:
        target = httpx.URL(_consent(url))
        if host:
            target = target.copy_with(host=host)
        threading.Thread(target=httpx.get, args=(str(target),)).start()

    return open_url


def _clean(text: str) -> None:
    for secret in ALL_SECRETS:
        assert secret not in text, secret


def _free_port(family: int = socket.AF_INET, host: str = "127.0.0.1") -> int:
    with socket.socket(family) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _ipv6() -> bool:
    try:
        _free_port(socket.AF_INET6, "::1")
    except OSError:
        return False
    return True


# --- the flow, as a library ------------------------------------------------------------------


def test_loopback_sends_pkce_and_the_fake_verifies_it(qbo_server, client, unused_port):
    """Sandbox loopback: the code comes back to localhost and is redeemed with the verifier."""
    body = authorize(
        _qbo(qbo_server),
        _creds("qbo"),
        client=client,
        open_url=_browser(),
        redirect_uri=f"http://localhost:{unused_port}/callback",
        environment="sandbox",
        timeout=5,
    )
    assert body["realm_id"] == REALM
    assert qbo_server.app.consent.pkce_verified == 1


@pytest.mark.skipif(not _ipv6(), reason="no IPv6 loopback on this machine")
def test_localhost_is_served_on_ipv6_too(qbo_server, client):
    """A browser that resolves `localhost` to ::1 reaches the listener as well."""
    port = _free_port(socket.AF_INET6, "::1")
    body = authorize(
        _qbo(qbo_server),
        _creds("qbo"),
        client=client,
        open_url=_browser(host="::1"),
        redirect_uri=f"http://localhost:{port}/callback",
        environment="sandbox",
        timeout=5,
    )
    assert body["realm_id"] == REALM and qbo_server.app.consent.pkce_verified == 1


def test_clio_loopback_on_the_literal_ip(clio_server, client, unused_port):
    """Clio: http://127.0.0.1:PORT (RFC 8252 §7.3), client authenticated in the form body."""
    body = authorize(
        clio_app(clio_server.url),
        _creds("clio"),
        client=client,
        open_url=_browser(),
        redirect_uri=f"http://127.0.0.1:{unused_port}/cb",
        timeout=5,
    )
    assert body["access_token"].startswith("CLIO-ACCESS-RENEWED")
    assert clio_server.app.consent.pkce_verified == 1


def test_a_redirect_with_another_state_fails_at_once(clio_server, client, unused_port):
    """A stale or forged redirect ends the wait with one line, and gets no code redeemed."""

    def forged(url: str) -> None:
        target = httpx.URL(_consent(url)).copy_merge_params({"state": "forged"})
        threading.Thread(target=httpx.get, args=(str(target),)).start()

    with pytest.raises(PullError, match=r"^Clio: the redirect carries a different `state`"):
        authorize(
            clio_app(clio_server.url),
            _creds("clio"),
            client=client,
            open_url=forged,
            redirect_uri=f"http://127.0.0.1:{unused_port}/cb",
            timeout=30,
        )
    assert not any(r.path == "/oauth/token" for r in clio_server.requests)


def test_paste_back(qbo_server, client):
    """Production: the pasted address yields code and realmId, redeemed with the verifier."""
    shown: list[str] = []
    body = authorize(
        _qbo(qbo_server),
        _creds("qbo"),
        client=client,
        open_url=shown.append,
        redirect_uri="https://example.invalid/cb",
        read_pasted=lambda: "  " + _consent(shown[0]) + "\n",
    )
    assert body["realm_id"] == REALM and qbo_server.app.consent.pkce_verified == 1


@pytest.mark.parametrize(
    ("paste", "message"),
    [
        ("", "no address was pasted"),
        ("https://other.invalid/cb?code=x&state=y", "does not start with the redirect URI"),
        ("https://example.invalid/cb?code=x&state=stale", "different `state`"),
    ],
)
def test_paste_back_refuses_what_does_not_answer_this_request(qbo_server, paste, message):
    """An empty paste, another address or another attempt's `state`: one line, nothing sent."""
    request = start(_qbo(qbo_server), QBO_CLIENT_ID, "https://example.invalid/cb")
    with pytest.raises(PullError, match=message):
        parse_redirect(request, paste)


def test_the_token_endpoint_checks_the_verifier(qbo_server, client):
    """A code redeemed with another verifier is refused: the fake really checks PKCE."""
    app = _qbo(qbo_server)
    request = start(app, QBO_CLIENT_ID, "https://example.invalid/cb")
    callback = parse_redirect(request, _consent(request.url))
    other = start(app, QBO_CLIENT_ID, "https://example.invalid/cb")
    forged = type(request)(app, request.redirect_uri, request.url, request.state, other.verifier)
    with pytest.raises(PullError, match=r"authorization code has expired or was already used"):
        finish(forged, callback, _creds("qbo"), client=client)
    assert qbo_server.app.consent.pkce_failures == 1


def test_an_expired_code_is_one_line(qbo_server, client):
    """invalid_grant on the code: expired or used, and what to do."""
    qbo_server.app.consent.codes_expire = True
    request = start(_qbo(qbo_server), QBO_CLIENT_ID, "https://example.invalid/cb")
    callback = parse_redirect(request, _consent(request.url))
    with pytest.raises(PullError) as caught:
        finish(request, callback, _creds("qbo"), client=client)
    message = str(caught.value)
    assert "\n" not in message and "expired" in message and "ledgerlint auth qbo" in message
    _clean(message)


def test_a_refused_consent_is_one_line(qbo_server, client):
    """The person clicked Deny: the provider's `error` is reported."""
    request = start(_qbo(qbo_server), QBO_CLIENT_ID, "https://example.invalid/cb")
    callback = parse_redirect(
        request, f"https://example.invalid/cb?error=access_denied&state={request.state}"
    )
    with pytest.raises(PullError, match="authorization refused: access_denied"):
        finish(request, callback, _creds("qbo"), client=client)


@pytest.mark.parametrize(
    ("service", "environment", "uri", "expected"),
    [
        ("qbo", "production", "https://example.invalid/cb", "paste"),
        ("qbo", "sandbox", "http://localhost:8765/callback", "loopback"),
        ("qbo", "sandbox", "https://example.invalid/cb", "paste"),
        ("clio", "production", "http://127.0.0.1:8765/callback", "loopback"),
        ("clio", "production", "http://[::1]:8765/callback", "loopback"),
        ("clio", "production", "http://localhost:8765/callback", "loopback"),
        ("clio", "production", "https://firm.example/clio", "paste"),
        ("qbo", "production", "http://localhost:8765/callback", "only to https"),
        ("qbo", "production", "https://localhost:8443/cb", "only to https"),
        ("qbo", "production", "https://203.0.113.5/cb", "only to https"),
        ("qbo", "sandbox", "http://127.0.0.1:8765/callback", "no IP address"),
        ("qbo", "sandbox", "http://example.com/cb", "unencrypted"),
        ("clio", "production", "http://firm.example/cb", "unencrypted"),
        ("qbo", "sandbox", "http://localhost/callback", "needs a port"),
        ("clio", "production", "ftp://x/cb", "must be an http"),
    ],
)
def test_redirect_uri_rules(service, environment, uri, expected):
    """Intuit's documented rules (https only in production, no IP, localhost for sandbox) and
    plain-http only on this machine; each refusal names the rule and the fix."""
    if expected in ("paste", "loopback"):
        assert redirect_mode(service, environment, uri) == expected
    else:
        with pytest.raises(PullError, match=expected):
            redirect_mode(service, environment, uri)


# --- the command -----------------------------------------------------------------------------


@pytest.fixture
def auth_env(env, qbo_server):
    """`env` plus the fake consent endpoint; no display (as over SSH)."""
    return {
        **env,
        "LEDGERLINT_QBO_AUTHORIZE_URL": f"{qbo_server.url}/connect/oauth2",
        "LEDGERLINT_QBO_ACCESS_TOKEN": None,
        "LEDGERLINT_QBO_REFRESH_TOKEN": None,
        "DISPLAY": None,
        "WAYLAND_DISPLAY": None,
        "SSH_CONNECTION": None,
        "SSH_TTY": None,
    }


def _store(env) -> Path:
    return Path(env["LEDGERLINT_TOKEN_STORE"])


def test_done_when_paste_back_over_a_pipe_stores_a_0600_file(auth_env, qbo_server):
    """Issue 12, done when #1: `ledgerlint auth qbo --redirect-uri https://example.invalid/cb`
    run as a process with no display: it prints the address, reads the pasted redirect on
    stdin, redeems the code with PKCE (checked by the fake) and stores a 0600 token file."""
    env = {k: v for k, v in {**os.environ, **auth_env}.items() if v is not None}
    process = subprocess.Popen(
        [*(sys.executable, "-m", "ledgerlint", "auth", "qbo"), "--redirect-uri", _PASTE_URI],
        env=env,
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stderr is not None and process.stdin is not None
    shown = []
    for line in process.stderr:
        shown.append(line)
        if line.strip().startswith("http"):
            break
    process.stdin.write(_consent(line.strip()) + "\n")
    process.stdin.close()
    rest = process.stderr.read()
    assert process.wait(timeout=30) == 0, "".join(shown) + rest
    assert qbo_server.app.consent.pkce_verified == 1
    store = _store(auth_env)
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    saved = json.loads(store.read_text())["qbo"]
    assert saved["realm_id"] == REALM and saved["environment"] == "production"
    assert saved["refresh_token"] == qbo_server.app.refresh_token
    assert f"stored qbo tokens for company {REALM} (Example Law LLP)" in rest
    _clean("".join(shown) + rest)


def test_done_when_production_refuses_a_localhost_redirect_before_any_browser(
    auth_env, qbo_server, monkeypatch
):
    """Issue 12, done when #2: `--redirect-uri http://localhost:8765/callback --production`
    fails before a browser opens, naming Intuit's https rule."""
    opened: list[str] = []
    monkeypatch.setattr("ledgerlint.auth_cli.webbrowser.open", opened.append)
    env = {**auth_env, "DISPLAY": ":0"}
    args = ["qbo", "--redirect-uri", "http://localhost:8765/callback", "--production"]
    result = CliRunner().invoke(auth, args, env=env)
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and "only to https" in line and "Set app redirect URIs" in line
    assert "--redirect-uri https://" in line
    assert opened == [] and qbo_server.requests == []
    assert not _store(auth_env).exists()


def test_production_without_a_redirect_uri_says_what_to_register(auth_env):
    """Plain `auth qbo` (production by default) asks for an https redirect URI, or --sandbox."""
    result = CliRunner().invoke(auth, ["qbo"], env=auth_env)
    assert result.exit_code == 2
    assert "needs --redirect-uri https://" in result.output and "sandbox" in result.output


def test_sandbox_loopback_command(auth_env, qbo_server, monkeypatch, unused_port):
    """`auth qbo --sandbox` with a display: the browser is opened and the loopback receives it;
    the sandbox API host is stored for `pull`."""
    monkeypatch.setattr("ledgerlint.auth_cli.webbrowser.open", _browser())
    env = {**auth_env, "DISPLAY": ":0"}
    args = ["qbo", "--sandbox", "--redirect-uri", f"http://localhost:{unused_port}/callback"]
    result = CliRunner().invoke(auth, [*args, "--timeout", "5"], env=env)
    assert result.exit_code == 0, result.output
    saved = json.loads(_store(auth_env).read_text())["qbo"]
    assert saved["environment"] == "sandbox" and saved["base_url"] == qbo_server.url
    _clean(result.output)


def test_import_a_refresh_token_from_stdin(auth_env, qbo_server):
    """`--refresh-token-stdin --realm-id`: one refresh, one CompanyInfo read, the rotated token
    stored (0600); the token never appears in the output."""
    args = ["qbo", "--refresh-token-stdin", "--realm-id", REALM]
    result = CliRunner().invoke(auth, args, env=auth_env, input=QBO_REFRESH + "\n")
    assert result.exit_code == 0, result.output
    store = _store(auth_env)
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    saved = json.loads(store.read_text())["qbo"]
    assert saved["refresh_token"] == qbo_server.app.refresh_token != QBO_REFRESH
    assert saved["realm_id"] == REALM and qbo_server.app.refresh_calls == 1
    assert "(Example Law LLP)" in result.output
    _clean(result.output)


def test_import_for_the_wrong_company_stores_nothing(auth_env):
    """A token that works, but not for --realm-id: one line naming the company, no store."""
    args = ["qbo", "--refresh-token-stdin", "--realm-id", "123"]
    result = CliRunner().invoke(auth, args, env=auth_env, input=QBO_REFRESH + "\n")
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line
    assert "does not give access to company 123" in line and "nothing was stored" in line
    assert not _store(auth_env).exists()
    _clean(result.output)


def test_import_of_a_revoked_token_is_one_line(auth_env):
    """invalid_grant on the imported token: revoked, expired or replaced."""
    args = ["qbo", "--refresh-token-stdin", "--realm-id", REALM]
    result = CliRunner().invoke(auth, args, env=auth_env, input="QBO-REFRESH-REVOKED-FAKE\n")
    assert result.exit_code == 2
    assert "the refresh token was revoked" in result.output
    assert "REVOKED-FAKE" not in result.output


def test_import_needs_a_realm_and_no_token_argument(auth_env):
    """No --realm-id: usage error. There is no option that takes the token itself."""
    env = {**auth_env, "LEDGERLINT_QBO_REALM_ID": None}
    result = CliRunner().invoke(auth, ["qbo", "--refresh-token-stdin"], env=env, input="x\n")
    assert result.exit_code == 2 and "--realm-id" in result.output
    assert "--refresh-token " not in CliRunner().invoke(auth, ["--help"]).output


def test_import_a_clio_refresh_token(auth_env, clio_server):
    """Clio: the refresh token is checked against the region's host and kept (Clio Manage
    does not rotate it)."""
    env = {**auth_env, "LEDGERLINT_CLIO_ACCESS_TOKEN": None}
    result = CliRunner().invoke(
        auth, ["clio", "--refresh-token-stdin"], env=env, input=CLIO_REFRESH + "\n"
    )
    assert result.exit_code == 0, result.output
    saved = json.loads(_store(auth_env).read_text())["clio"]
    assert saved["refresh_token"] == CLIO_REFRESH and saved["base_url"] == clio_server.url
    assert "(Ann Lawyer)" in result.output


def test_pull_uses_the_stored_sandbox_host(auth_env, qbo_server, tmp_path):
    """After `auth qbo --sandbox`, `pull` reads from the host stored with the tokens."""
    result = CliRunner().invoke(
        auth,
        ["qbo", "--sandbox", "--refresh-token-stdin", "--realm-id", REALM],
        env=auth_env,
        input=QBO_REFRESH + "\n",
    )
    assert result.exit_code == 0, result.output
    keep = ("LEDGERLINT_TOKEN_STORE", "LEDGERLINT_PULL_MAX_WAIT")
    env = {k: (v if k in keep else None) for k, v in auth_env.items()}
    out = tmp_path / "s.json"
    result = CliRunner().invoke(pull, ["-o", str(out), "--only", "qbo"], env=env)
    assert result.exit_code == 0, result.output
