"""Prove new tokens work before they are stored: one read each service answers cheaply.

QuickBooks: `CompanyInfo` of the company the token is for, which also catches a refresh token
imported with the wrong `--realm-id` (or one from the other environment's keys). Clio: the user
the token acts for (`users/who_am_i`), on the region's host.
"""

from __future__ import annotations

from typing import Any

import httpx
import msgspec

from ledgerlint.sources import clio as clio_source
from ledgerlint.sources import qbo as qbo_source
from ledgerlint.sources.http import pull_error
from ledgerlint.sources.oauth import ClientAuth
from ledgerlint.sources.oauth import Credentials
from ledgerlint.sources.oauth import Service
from ledgerlint.sources.oauth import exchange


def refresh_once(
    client: httpx.Client, token_url: str, credentials: Credentials, service: Service
) -> dict[str, Any]:
    """Swap a refresh token for an access token (and, for QuickBooks, a rotated refresh token)."""
    form = {"grant_type": "refresh_token", "refresh_token": credentials.refresh_token or ""}
    client_auth: ClientAuth = "basic" if service == "qbo" else "body"
    body = exchange(client, token_url, form, credentials, client_auth, service)
    body.setdefault("refresh_token", credentials.refresh_token)  # Clio Manage keeps the old one
    return body


def qbo_company_name(client: httpx.Client, base_url: str, realm_id: str, access_token: str) -> str:
    """The company's name, read with the new token; a one-line error when it is refused."""
    target = qbo_source.QboTarget(realm_id=realm_id, base_url=base_url)
    body = _get(
        client,
        target.url(f"companyinfo/{realm_id}"),
        {"minorversion": str(target.minor_version)},
        access_token,
        qbo_source.SERVICE,
        f"company {realm_id}",
        qbo_source.describe_error,
        refused=(
            f"the token does not give access to company {realm_id}: check --realm-id (the "
            "company ID), and that the app's keys and --environment match that company "
            "(sandbox or production)"
        ),
    )
    info = body.get("CompanyInfo") if isinstance(body, dict) else None
    if not isinstance(info, dict):
        raise pull_error(f"QuickBooks company {realm_id}: the response has no CompanyInfo")
    return str(info.get("CompanyName") or info.get("LegalName") or "")


def clio_user_name(client: httpx.Client, base_url: str, access_token: str) -> str:
    """The name of the Clio user the token acts for."""
    url = clio_source.ClioTarget(base_url=base_url).url("users/who_am_i")
    body = _get(
        client,
        url,
        {"fields": "id,name"},
        access_token,
        clio_source.SERVICE,
        "users/who_am_i",
        clio_source.describe_error,
        refused=f"the token does not work on {base_url}: check --clio-region",
    )
    data = body.get("data") if isinstance(body, dict) else None
    return str(data.get("name") or "") if isinstance(data, dict) else ""


def _get(
    client: httpx.Client,
    url: str,
    params: dict[str, str],
    token: str,
    service: str,
    what: str,
    describe: Any,
    *,
    refused: str,
) -> Any:
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    failure = None
    try:
        response = client.get(url, params=params, headers=headers)
    except httpx.HTTPError as err:
        failure = f"{service} {what}: cannot reach the API ({type(err).__name__})"
    del headers
    if failure is not None:
        raise pull_error(failure)
    try:
        body = msgspec.json.decode(response.content)
    except msgspec.DecodeError:
        body = None
    detail = describe(body) or f"HTTP {response.status_code}"
    if response.status_code in (401, 403):
        raise pull_error(f"{service}: {refused} ({detail}); nothing was stored")
    if response.status_code != 200 or describe(body):
        raise pull_error(f"{service} {what}: {detail}; nothing was stored")
    return body
