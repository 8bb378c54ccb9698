"""OAuth 2.0 for QuickBooks and Clio: refresh, the authorization-code flow, and the token store.

Why here and not in each source: both services use the same grant types and differ only in
how the client authenticates at the token endpoint (QuickBooks: HTTP Basic; Clio: form fields)
and in what else the callback carries (QuickBooks adds `realmId`). QuickBooks refresh tokens
rotate: the new one is written to the store *before* the new access token is used, so a crash
right after a refresh cannot strand the user with a spent refresh token.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any
from typing import Literal
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlsplit

import httpx
import platformdirs

from ledgerlint.atomic import write_atomic
from ledgerlint.errors import PullError
from ledgerlint.sources.http import LOGGER
from ledgerlint.sources.http import pull_error
from ledgerlint.sources.http import register_secret

Service = Literal["qbo", "clio"]
ClientAuth = Literal["basic", "body"]

QBO_AUTHORIZE_URL = "https://appcenter.intuit.com/connect/oauth2"
QBO_TOKEN_URL = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
QBO_SCOPE = "com.intuit.quickbooks.accounting"
DEFAULT_REDIRECT_URI = "http://localhost:8765/callback"
DEFAULT_AUTH_TIMEOUT = 300.0
SERVICE_NAMES: dict[str, str] = {"qbo": "QuickBooks", "clio": "Clio"}


def default_store_path() -> Path:
    """Where `auth` keeps tokens: the per-user config directory (platformdirs)."""
    return Path(platformdirs.user_config_dir("ledgerlint")) / "tokens.json"


@dataclass
class Credentials:
    """What one service needs to authenticate; secrets never appear in `repr`."""

    access_token: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for value in (self.access_token, self.refresh_token, self.client_secret):
            register_secret(value)

    @property
    def usable(self) -> bool:
        """An access token, or the means to get one."""
        return bool(self.access_token or (self.refresh_token and self.client_id))


class TokenStore:
    """`tokens.json`: one entry per service, mode 0600, replaced atomically on every change."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_store_path()
        self._lock = threading.Lock()

    def load(self) -> dict[str, Any]:
        """All entries, or `{}` when there is no store yet."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            raise pull_error(f"cannot read the token store {self.path}") from None
        if not isinstance(data, dict):
            raise pull_error(f"the token store {self.path} is not a JSON object")
        for entry in data.values():
            if isinstance(entry, dict):
                for key in ("access_token", "refresh_token", "client_secret"):
                    register_secret(entry.get(key))
        return data

    def entry(self, service: Service) -> dict[str, Any]:
        """One service's entry (empty when absent)."""
        value = self.load().get(service)
        return value if isinstance(value, dict) else {}

    def update(self, service: Service, changes: dict[str, Any]) -> None:
        """Merge `changes` into a service's entry and write the store atomically, mode 0600."""
        with self._lock:
            data = self.load()
            current = data.get(service)
            entry = current if isinstance(current, dict) else {}
            data[service] = {**entry, **{k: v for k, v in changes.items() if v is not None}}
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            text = json.dumps(data, indent=2, sort_keys=True) + "\n"
            write_atomic(self.path, text, mode=0o600)


class TokenManager:
    """The current access token of one service, renewed at most once per stale token.

    Threads share one manager: when several requests see a 401 together, the first refreshes
    and the others find a token newer than the one that failed and just retry with it.
    """

    def __init__(
        self,
        service: Service,
        credentials: Credentials,
        *,
        token_url: str,
        client: httpx.Client,
        client_auth: ClientAuth,
        store: TokenStore | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.service = service
        self.credentials = credentials
        self.token_url = token_url
        self.client = client
        self.client_auth = client_auth
        self.store = store
        self.extra = extra or {}
        self._lock = threading.Lock()
        self._refused: PullError | None = None
        self.refresh_count = 0

    def access_token(self) -> str:
        """The token to send now; obtained with the refresh token when none was given."""
        with self._lock:
            if not self.credentials.access_token:
                self._refresh_locked()
            assert self.credentials.access_token is not None
            return self.credentials.access_token

    def refresh(self, stale: str) -> str:
        """Renew the access token unless another thread already replaced `stale`."""
        with self._lock:
            if self.credentials.access_token == stale:
                self._refresh_locked()
            assert self.credentials.access_token is not None
            return self.credentials.access_token

    def _refresh_locked(self) -> None:
        # Threads queued behind a refused refresh get the same answer: sending the same spent
        # or revoked refresh token again cannot succeed, and only adds noise to Intuit's logs.
        if self._refused is not None:
            raise pull_error(str(self._refused))
        try:
            self._renew_locked()
        except PullError as err:
            self._refused = err
            raise

    def _renew_locked(self) -> None:
        name = SERVICE_NAMES[self.service]
        creds = self.credentials
        if not (creds.refresh_token and creds.client_id and creds.client_secret):
            raise pull_error(
                f"{name}: the access token is missing or expired and there is no refresh token "
                f"with client id and secret to renew it; run `ledgerlint auth {self.service}`"
            )
        form = {"grant_type": "refresh_token", "refresh_token": creds.refresh_token}
        body = exchange(self.client, self.token_url, form, creds, self.client_auth, self.service)
        new_refresh = body.get("refresh_token") or creds.refresh_token
        register_secret(body["access_token"])
        register_secret(new_refresh)
        if self.store is not None:
            # Persist first: a rotated refresh token that only lives in memory is lost on crash.
            try:
                self.store.update(
                    self.service,
                    {**token_fields(body), "refresh_token": new_refresh, **self.extra},
                )
            except OSError as err:
                # Stop before the unsaved token is used; say where, not "cannot write the
                # snapshot" (what an OSError means to the CLI).
                raise pull_error(
                    f"{name}: cannot save the renewed tokens to {self.store.path} "
                    f"({err.strerror or type(err).__name__}); if the next pull is refused, run "
                    f"`ledgerlint auth {self.service}`"
                ) from None
        creds.access_token = body["access_token"]
        creds.refresh_token = new_refresh
        self.refresh_count += 1
        LOGGER.info("%s: access token renewed", name)


def exchange(
    client: httpx.Client,
    token_url: str,
    form: dict[str, str],
    creds: Credentials,
    client_auth: ClientAuth,
    service: Service,
) -> dict[str, Any]:
    """POST to a token endpoint; return its JSON or raise a one-line `PullError`."""
    name = SERVICE_NAMES[service]
    headers = {"Accept": "application/json"}
    data = dict(form)
    auth: httpx.Auth | Any = httpx.USE_CLIENT_DEFAULT
    if client_auth == "basic":
        auth = httpx.BasicAuth(creds.client_id or "", creds.client_secret or "")
    else:
        data.update(client_id=creds.client_id or "", client_secret=creds.client_secret or "")
    try:
        response = client.post(token_url, data=data, headers=headers, auth=auth)
    except httpx.HTTPError as err:
        raise pull_error(
            f"{name}: cannot reach the token endpoint ({type(err).__name__})"
        ) from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or not isinstance(body, dict) or "access_token" not in body:
        reason = ""
        if isinstance(body, dict):
            reason = str(body.get("error_description") or body.get("error") or "")
        reason = reason or f"HTTP {response.status_code}"
        raise pull_error(
            f"{name}: token request refused: {reason}; run `ledgerlint auth {service}`"
        )
    return body


def token_fields(body: dict[str, Any]) -> dict[str, Any]:
    """The parts of a token response worth storing, with expiry as absolute epoch seconds."""
    now = time.time()
    fields: dict[str, Any] = {"access_token": body["access_token"]}
    if body.get("refresh_token"):
        fields["refresh_token"] = body["refresh_token"]
    if isinstance(body.get("expires_in"), int | float):
        fields["expires_at"] = int(now + body["expires_in"])
    if isinstance(body.get("x_refresh_token_expires_in"), int | float):
        fields["refresh_expires_at"] = int(now + body["x_refresh_token_expires_in"])
    return fields


# --- the authorization-code flow -------------------------------------------------------------


@dataclass(frozen=True)
class AuthApp:
    """One developer app: where to send the user, where to swap the code, how to log in."""

    service: Service
    authorize_url: str
    token_url: str
    client_auth: ClientAuth
    scope: str | None = None


def qbo_app(token_url: str = QBO_TOKEN_URL, authorize_url: str = QBO_AUTHORIZE_URL) -> AuthApp:
    """The Intuit app endpoints (sandbox companies use the same ones)."""
    return AuthApp("qbo", authorize_url, token_url, "basic", QBO_SCOPE)


def clio_app(base_url: str) -> AuthApp:
    """The Clio app endpoints of one region (`base_url` like https://eu.app.clio.com)."""
    base = base_url.rstrip("/")
    return AuthApp("clio", f"{base}/oauth/authorize", f"{base}/oauth/token", "body")


def authorize(
    app: AuthApp,
    credentials: Credentials,
    *,
    client: httpx.Client,
    open_url: Callable[[str], Any],
    redirect_uri: str = DEFAULT_REDIRECT_URI,
    timeout: float = DEFAULT_AUTH_TIMEOUT,
) -> dict[str, Any]:
    """Run the authorization-code flow; return the token response plus `realm_id` for QBO.

    A one-shot HTTP server on 127.0.0.1 receives the redirect. `state` is checked so that no
    other page can feed us a code; the server answers only the configured callback path.
    """
    name = SERVICE_NAMES[app.service]
    target = urlsplit(redirect_uri)
    if target.hostname not in {"localhost", "127.0.0.1"} or not target.port:
        raise pull_error(f"{name}: the redirect URI must be http://localhost:PORT/PATH")
    state = secrets.token_urlsafe(24)
    params = {
        "client_id": credentials.client_id or "",
        "response_type": "code",
        "redirect_uri": redirect_uri,
        "state": state,
    }
    if app.scope:
        params["scope"] = app.scope
    callback = _receive_callback(
        target.port,
        target.path or "/",
        state,
        timeout,
        name,
        open_url,
        f"{app.authorize_url}?{urlencode(params)}",
    )
    form = {
        "grant_type": "authorization_code",
        "code": callback["code"],
        "redirect_uri": redirect_uri,
    }
    body = exchange(client, app.token_url, form, credentials, app.client_auth, app.service)
    register_secret(body.get("access_token"))
    register_secret(body.get("refresh_token"))
    if "realmId" in callback:
        body["realm_id"] = callback["realmId"]
    return body


def _receive_callback(
    port: int,
    path: str,
    state: str,
    timeout: float,
    name: str,
    open_url: Callable[[str], Any],
    url: str,
) -> dict[str, str]:
    received: dict[str, str] = {}
    done = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path != path or query.get("state") != state:
                self._reply(404, "Not the ledgerlint callback.")
                return
            received.update(query)
            done.set()
            self._reply(200, "ledgerlint: authorization received. You can close this tab.")

        def _reply(self, status: int, text: str) -> None:
            payload = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: the request line carries the authorization code."""

    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    except OSError as err:
        raise pull_error(f"{name}: cannot listen on 127.0.0.1:{port} ({err.strerror})") from None
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        open_url(url)
        if not done.wait(timeout):
            raise pull_error(f"{name}: no authorization received within {int(timeout)} s")
    finally:
        server.shutdown()
        server.server_close()
        with contextlib.suppress(RuntimeError):
            thread.join(timeout=5)
    if "error" in received:
        raise pull_error(f"{name}: authorization refused: {received['error']}")
    if "code" not in received:
        raise pull_error(f"{name}: the callback carried no authorization code")
    register_secret(received["code"])
    return received
