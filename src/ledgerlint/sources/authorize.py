"""The OAuth 2.0 authorization-code flow for `ledgerlint auth`: loopback or paste-back, with PKCE.

    redirect_mode(): is the redirect URI one the provider accepts, and who receives it?
      http://localhost:PORT/…, http://127.0.0.1:PORT/…  ─▶ loopback: a listener on this machine
      https://…                                         ─▶ paste-back: the person copies the
                                                           address the browser was sent to
    start() ─▶ authorization URL with `state` and a PKCE S256 challenge (RFC 7636)
    finish() ─▶ check `state`, take `code` (and QuickBooks' `realmId`), swap it with the verifier

Why paste-back: Intuit lets production apps redirect only to https addresses that are neither
localhost nor an IP ("Set app redirect URIs"), so no program on the consultant's laptop can
receive the code. The code travels in the URL, so any https page the firm controls will do: the
browser shows its address, the person pastes it back. Works over SSH and in containers.

PKCE is sent to both providers as RFC 9700 (OAuth 2.0 Security BCP, §2.1.1) asks of every
client. Neither Intuit nor Clio Manage documents it; an authorization server that does not
implement it ignores the parameters (RFC 6749 §3.1), so it protects wherever it is checked, and
`state` is always checked here.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Literal
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlsplit

import httpx

from ledgerlint.sources.http import pull_error
from ledgerlint.sources.http import register_secret
from ledgerlint.sources.loopback import mismatched_state
from ledgerlint.sources.loopback import receive_callback
from ledgerlint.sources.loopback import same_state
from ledgerlint.sources.oauth import SERVICE_NAMES
from ledgerlint.sources.oauth import ClientAuth
from ledgerlint.sources.oauth import Credentials
from ledgerlint.sources.oauth import Service
from ledgerlint.sources.oauth import exchange

Environment = Literal["production", "sandbox"]
Mode = Literal["loopback", "paste"]

QBO_AUTHORIZE_URL = "https://appcenter.intuit.com/connect/oauth2"
QBO_TOKEN_URL = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
QBO_SCOPE = "com.intuit.quickbooks.accounting"
QBO_SANDBOX_REDIRECT_URI = "http://localhost:8765/callback"
#: RFC 8252 §7.3 prefers the literal loopback IP to `localhost`; Clio accepts it, Intuit does not.
CLIO_REDIRECT_URI = "http://127.0.0.1:8765/callback"
DEFAULT_AUTH_TIMEOUT = 300.0
INTUIT_RULE = (
    "Intuit redirects production apps only to https addresses that are neither localhost nor "
    "an IP address (developer.intuit.com, 'Set app redirect URIs')"
)


@dataclass(frozen=True)
class AuthApp:
    """One developer app: where to send the user, where to swap the code, how to log in."""

    service: Service
    authorize_url: str
    token_url: str
    client_auth: ClientAuth
    scope: str | None = None


def qbo_app(token_url: str = QBO_TOKEN_URL, authorize_url: str = QBO_AUTHORIZE_URL) -> AuthApp:
    """The Intuit app endpoints (sandbox and production companies use the same ones)."""
    return AuthApp("qbo", authorize_url, token_url, "basic", QBO_SCOPE)


def clio_app(base_url: str) -> AuthApp:
    """The Clio app endpoints of one region (`base_url` like https://eu.app.clio.com)."""
    base = base_url.rstrip("/")
    return AuthApp("clio", f"{base}/oauth/authorize", f"{base}/oauth/token", "body")


def default_redirect_uri(service: Service, environment: Environment) -> str | None:
    """The redirect URI to use when none is given (None: production QuickBooks has none)."""
    if service == "clio":
        return CLIO_REDIRECT_URI
    return QBO_SANDBOX_REDIRECT_URI if environment == "sandbox" else None


def redirect_mode(service: Service, environment: Environment, redirect_uri: str) -> Mode:
    """How the redirect comes back, after refusing a URI the provider would refuse at its
    consent screen (so no browser opens for nothing). One line each: the rule and the fix."""
    name = SERVICE_NAMES[service]
    parts = urlsplit(redirect_uri)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise pull_error(f"{name}: the redirect URI must be an http(s) URL, not {redirect_uri!r}")
    is_ip = _is_ip(host)
    loopback = host == "localhost" or (is_ip and ipaddress.ip_address(host).is_loopback)
    if (
        service == "qbo"
        and environment == "production"
        and (parts.scheme != "https" or is_ip or host == "localhost" or host.endswith(".localhost"))
    ):
        raise pull_error(
            f"{name}: {redirect_uri} will be refused: {INTUIT_RULE}. Register an https page you "
            "control on the app's Production keys (an empty page is enough: ledgerlint reads the "
            "address you paste back) and pass it, e.g. --redirect-uri "
            "https://example.com/ledgerlint/callback; or use --environment sandbox for a "
            "sandbox company"
        )
    if service == "qbo" and is_ip:
        raise pull_error(
            f"{name}: {redirect_uri} will be refused: Intuit allows no IP address in redirect "
            f"URIs; use {QBO_SANDBOX_REDIRECT_URI} (sandbox companies only)"
        )
    if parts.scheme == "http" and not loopback:
        raise pull_error(
            f"{name}: {redirect_uri} would send the authorization code unencrypted; use an "
            "https address, or http only on this machine (localhost or 127.0.0.1)"
        )
    if parts.scheme == "https" or not loopback:
        return "paste"
    if not parts.port:
        raise pull_error(
            f"{name}: the loopback redirect URI needs a port that ledgerlint can listen on, "
            f"e.g. {default_redirect_uri(service, 'sandbox')}"
        )
    return "loopback"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class AuthRequest:
    """One authorization attempt: the URL to open and what must come back with it."""

    app: AuthApp
    redirect_uri: str
    url: str
    state: str = field(repr=False)
    verifier: str = field(repr=False)
    started: float = field(default_factory=time.monotonic)


def start(app: AuthApp, client_id: str, redirect_uri: str) -> AuthRequest:
    """A fresh `state` and PKCE verifier, and the authorization URL that carries them."""
    state = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(64)  # 86 characters, within RFC 7636's 43..128
    register_secret(verifier)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    params = {
        "client_id": client_id,
        "response_type": "code",
        "redirect_uri": redirect_uri,
        "state": state,
        "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    if app.scope:
        params["scope"] = app.scope
    url = f"{app.authorize_url}?{urlencode(params)}"
    return AuthRequest(app, redirect_uri, url, state, verifier)


def authorize(
    app: AuthApp,
    credentials: Credentials,
    *,
    client: httpx.Client,
    open_url: Callable[[str], Any],
    redirect_uri: str,
    environment: Environment = "production",
    read_pasted: Callable[[], str] | None = None,
    timeout: float = DEFAULT_AUTH_TIMEOUT,
) -> dict[str, Any]:
    """Run the whole flow; return the token response, plus `realm_id` for QuickBooks.

    Loopback redirect URIs are received by a listener here; for any other, `open_url` shows the
    address and `read_pasted` returns the address the browser ended up at.
    """
    mode = redirect_mode(app.service, environment, redirect_uri)
    request = start(app, credentials.client_id or "", redirect_uri)
    name = SERVICE_NAMES[app.service]
    if mode == "loopback":
        callback = receive_callback(
            redirect_uri,
            state=request.state,
            name=name,
            service=app.service,
            timeout=timeout,
            on_ready=lambda: open_url(request.url),
        )
    else:
        if read_pasted is None:
            raise pull_error(f"{name}: a paste-back redirect URI needs the address pasted back")
        open_url(request.url)
        callback = parse_redirect(request, read_pasted())
    return finish(request, callback, credentials, client=client)


def parse_redirect(request: AuthRequest, pasted: str) -> dict[str, str]:
    """The parameters of the address the browser was sent to, once it is known to answer
    `request`: same redirect URI, same `state`."""
    name = SERVICE_NAMES[request.app.service]
    text = pasted.strip().strip("<>\"'")
    if not text:
        raise pull_error(f"{name}: no address was pasted; nothing was stored")
    got, want = urlsplit(text), urlsplit(request.redirect_uri)
    same_place = (got.scheme, got.netloc.lower(), got.path or "/") == (
        want.scheme,
        want.netloc.lower(),
        want.path or "/",
    )
    query = {k: v[0] for k, v in parse_qs(got.query).items()}
    register_secret(query.get("code"))
    if not same_place:
        raise pull_error(
            f"{name}: the pasted address does not start with the redirect URI "
            f"{request.redirect_uri}; copy the whole address from the browser's address bar"
        )
    if not same_state(query.get("state"), request.state):
        raise pull_error(mismatched_state(name, request.app.service))
    return query


def finish(
    request: AuthRequest,
    callback: dict[str, str],
    credentials: Credentials,
    *,
    client: httpx.Client,
) -> dict[str, Any]:
    """Swap the code for tokens (with the PKCE verifier)."""
    app = request.app
    name = SERVICE_NAMES[app.service]
    if "error" in callback:
        reason = callback.get("error_description") or callback["error"]
        raise pull_error(f"{name}: authorization refused: {reason}; nothing was stored")
    code = callback.get("code")
    if not code:
        raise pull_error(f"{name}: the redirect carried no authorization code")
    realm = callback.get("realmId")
    if app.service == "qbo" and not realm:
        raise pull_error(f"{name}: the redirect carried no realmId (company id)")
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": request.redirect_uri,
        "code_verifier": request.verifier,
    }
    minutes = int((time.monotonic() - request.started) // 60)
    body = exchange(
        client, app.token_url, form, credentials, app.client_auth, app.service, minutes=minutes
    )
    if realm:
        body["realm_id"] = realm
    return body
