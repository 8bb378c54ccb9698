"""OAuth 2.0 for QuickBooks and Clio: tokens, their refresh, and the token store.

Why here and not in each source: both services use the same grant types and differ only in
how the client authenticates at the token endpoint (QuickBooks: HTTP Basic; Clio: form fields)
and in what else the callback carries (QuickBooks adds `realmId`; see authorize.py for the
authorization-code flow). QuickBooks refresh tokens
rotate: the new one is written to the store *before* the new access token is used, so a crash
right after a refresh cannot strand the user with a spent refresh token.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any
from typing import Literal

import httpx
import platformdirs

from ledgerlint.atomic import write_atomic
from ledgerlint.errors import PullError
from ledgerlint.sources.http import LOGGER
from ledgerlint.sources.http import pull_error
from ledgerlint.sources.http import register_secret

Service = Literal["qbo", "clio"]
ClientAuth = Literal["basic", "body"]

QBO_TOKEN_URL = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
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
    *,
    minutes: int = 0,
) -> dict[str, Any]:
    """POST to a token endpoint; return its JSON or raise a one-line `PullError`.

    `minutes`: how long ago the person approved, for an authorization code refused as expired.
    """
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
        error = str(body.get("error") or "") if isinstance(body, dict) else ""
        detail = str(body.get("error_description") or "") if isinstance(body, dict) else ""
        raise pull_error(
            _refusal(
                name, service, form["grant_type"], error, detail, response.status_code, minutes
            )
        )
    register_secret(body.get("access_token"))
    register_secret(body.get("refresh_token"))
    return body


def _refusal(
    name: str, service: str, grant: str, error: str, detail: str, status: int, minutes: int
) -> str:
    """What a refused token request means, and what to do, in one line."""
    again = f"run `ledgerlint auth {service}`"
    reason = f"{error}: {detail}" if error and detail else error or detail or f"HTTP {status}"
    if error == "invalid_grant" and grant == "authorization_code":
        waited = f" ({minutes} min after the consent page opened)" if minutes else ""
        return (
            f"{name}: token request refused ({reason}): the authorization code has expired or "
            f"was already used{waited}; codes last minutes and work once, with the redirect "
            f"URI they were issued for; {again} again and paste the address right away"
        )
    if error == "invalid_grant":
        return (
            f"{name}: token request refused ({reason}): the refresh token was revoked, has "
            f"expired, or was replaced by a newer one; {again}"
        )
    if error == "invalid_client":
        return (
            f"{name}: token request refused ({reason}): the client id or secret is wrong, or "
            f"belongs to the other environment's keys; {again} with the app's keys"
        )
    return f"{name}: token request refused ({reason}); {again}"


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
