"""`ledgerlint auth qbo|clio`: connect ledgerlint to a QuickBooks company or a Clio account.

Three ways, chosen by the options (docs/pull.md, "Authorize"):
  loopback     --redirect-uri http://localhost:PORT/… (Intuit sandbox) or http://127.0.0.1:PORT/…
               (Clio): a listener here receives the browser's redirect
  paste-back   --redirect-uri https://…: the person pastes the address the browser was sent to
               (production Intuit apps, SSH sessions, containers)
  import       --refresh-token-stdin: a refresh token obtained elsewhere, checked by one refresh
               and one read, never taken as an argument (shell history, process lists)
Every way ends the same: the tokens are checked with one API read and stored, mode 0600.
"""

from __future__ import annotations

import os
import sys
import webbrowser
from pathlib import Path
from typing import Any

import click
import httpx

from ledgerlint.errors import ConfigError
from ledgerlint.errors import LedgerlintError
from ledgerlint.pull_cli import EXIT_INTERRUPTED
from ledgerlint.pull_cli import fail
from ledgerlint.sources import Credentials
from ledgerlint.sources import TokenStore
from ledgerlint.sources.authorize import INTUIT_RULE
from ledgerlint.sources.authorize import QBO_AUTHORIZE_URL
from ledgerlint.sources.authorize import Environment
from ledgerlint.sources.authorize import authorize
from ledgerlint.sources.authorize import clio_app
from ledgerlint.sources.authorize import default_redirect_uri
from ledgerlint.sources.authorize import qbo_app
from ledgerlint.sources.authorize import redirect_mode
from ledgerlint.sources.clio import REGIONS
from ledgerlint.sources.http import register_secret
from ledgerlint.sources.oauth import QBO_TOKEN_URL
from ledgerlint.sources.oauth import Service
from ledgerlint.sources.oauth import token_fields
from ledgerlint.sources.qbo import PRODUCTION_URL
from ledgerlint.sources.qbo import SANDBOX_URL
from ledgerlint.sources.verify import clio_user_name
from ledgerlint.sources.verify import qbo_company_name
from ledgerlint.sources.verify import refresh_once

_ENV = "LEDGERLINT_"
QBO_API_URLS: dict[str, str] = {"production": PRODUCTION_URL, "sandbox": SANDBOX_URL}


@click.command()
@click.argument("service", type=click.Choice(["qbo", "clio"]))
@click.option(
    "--environment",
    type=click.Choice(["production", "sandbox"]),
    envvar=_ENV + "QBO_ENVIRONMENT",
    show_envvar=True,
    help="QuickBooks only: the app's Production keys and a real company (default), or its "
    "Development keys and a sandbox company.",
)
@click.option(
    "--production", "as_production", is_flag=True, help="Same as --environment production."
)
@click.option("--sandbox", "as_sandbox", is_flag=True, help="Same as --environment sandbox.")
@click.option(
    "--redirect-uri",
    help="A redirect URI registered on the app. http://localhost:PORT/… or "
    "http://127.0.0.1:PORT/…: received here; https://…: paste the address back. Default: "
    "http://localhost:8765/callback (QuickBooks sandbox), http://127.0.0.1:8765/callback (Clio); "
    "production QuickBooks needs an https one.",
)
@click.option(
    "--refresh-token-stdin",
    is_flag=True,
    help="Import a refresh token read from standard input (e.g. from Intuit's OAuth 2.0 "
    "Playground) instead of opening a browser.",
)
@click.option(
    "--realm-id",
    envvar=_ENV + "QBO_REALM_ID",
    show_envvar=True,
    help="QuickBooks company ID for --refresh-token-stdin.",
)
@click.option("--client-id", help="Default: LEDGERLINT_QBO_CLIENT_ID / LEDGERLINT_CLIO_CLIENT_ID.")
@click.option(
    "--client-secret",
    help="Default: LEDGERLINT_QBO_CLIENT_SECRET / ..._CLIO_... (prefer the variable).",
)
@click.option(
    "--clio-region",
    type=click.Choice(sorted(REGIONS)),
    default="us",
    envvar=_ENV + "CLIO_REGION",
    show_envvar=True,
    show_default=True,
)
@click.option("--no-browser", is_flag=True, help="Print the address instead of opening a browser.")
@click.option(
    "--token-store",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=_ENV + "TOKEN_STORE",
    show_envvar=True,
)
@click.option(
    "--timeout",
    type=float,
    default=300.0,
    show_default=True,
    help="Seconds to wait for the browser to come back (loopback).",
)
def auth(service: Service, **opts: Any) -> None:
    """Authorize ledgerlint with QuickBooks or Clio and store the tokens (mode 0600)."""
    environment = _environment(service, opts)
    prefix = f"{_ENV}{service.upper()}_"
    creds = Credentials(
        client_id=opts["client_id"] or os.environ.get(prefix + "CLIENT_ID"),
        client_secret=opts["client_secret"] or os.environ.get(prefix + "CLIENT_SECRET"),
    )
    if not (creds.client_id and creds.client_secret):
        fail(f"give --client-id and --client-secret (or {prefix}CLIENT_ID/_SECRET)")
    api_url = _api_url(service, environment, opts)
    store = TokenStore(opts["token_store"])
    try:
        with httpx.Client(timeout=30.0) as client:
            if opts["refresh_token_stdin"]:
                body = _import(service, creds, opts, client)
            else:
                body = _authorize(service, environment, creds, opts, client, api_url)
            owner = _check(service, client, api_url, body)
        entry = {
            **token_fields(body),
            "client_id": creds.client_id,
            "client_secret": creds.client_secret,
            "realm_id": body.get("realm_id"),
            "base_url": api_url,
            "environment": environment if service == "qbo" else None,
        }
        store.update(service, entry)
    except LedgerlintError as err:
        fail(str(err))
    except KeyboardInterrupt:
        fail("authorization interrupted; nothing was stored", EXIT_INTERRUPTED)
    except OSError as err:
        fail(f"cannot write the token store {store.path} ({err.strerror}); nothing was stored")
    company = f" for company {body['realm_id']}" if body.get("realm_id") else ""
    named = f" ({owner})" if owner else ""
    click.echo(f"stored {service} tokens{company}{named} in {store.path}", err=True)


def _environment(service: Service, opts: dict[str, Any]) -> Environment:
    chosen = {opts["environment"]} - {None}
    chosen |= {"production"} if opts["as_production"] else set()
    chosen |= {"sandbox"} if opts["as_sandbox"] else set()
    if len(chosen) > 1:
        raise click.UsageError("choose one of --environment production and sandbox")
    if chosen and service != "qbo":
        raise click.UsageError("--environment is for QuickBooks; Clio has --clio-region")
    return "sandbox" if chosen == {"sandbox"} else "production"


def _api_url(service: Service, environment: Environment, opts: dict[str, Any]) -> str:
    if service == "qbo":
        return os.environ.get(_ENV + "QBO_BASE_URL") or QBO_API_URLS[environment]
    return os.environ.get(_ENV + "CLIO_BASE_URL") or REGIONS[opts["clio_region"]]


def _authorize(
    service: Service,
    environment: Environment,
    creds: Credentials,
    opts: dict[str, Any],
    client: httpx.Client,
    api_url: str,
) -> dict[str, Any]:
    redirect_uri = opts["redirect_uri"] or default_redirect_uri(service, environment)
    if redirect_uri is None:
        raise ConfigError(
            f"QuickBooks production needs --redirect-uri https://… registered on the app's "
            f"Production keys ({INTUIT_RULE}); or pass --environment sandbox for a sandbox company"
        )
    mode = redirect_mode(service, environment, redirect_uri)  # before any browser opens
    if service == "qbo":
        token_url = os.environ.get(_ENV + "QBO_TOKEN_URL") or QBO_TOKEN_URL
        authorize_url = os.environ.get(_ENV + "QBO_AUTHORIZE_URL") or QBO_AUTHORIZE_URL
        app = qbo_app(token_url, authorize_url)
    else:
        app = clio_app(api_url)

    def open_url(url: str) -> None:
        click.echo(
            f"Open this address in a browser to authorize ledgerlint:\n\n  {url}\n", err=True
        )
        if mode == "paste":
            click.echo(
                f"After you approve, the browser goes to {redirect_uri}?code=… (the page itself "
                "need not load). Copy the whole address from the address bar and paste it here.",
                err=True,
            )
        if not opts["no_browser"] and _can_open_browser():
            webbrowser.open(url)

    return authorize(
        app,
        creds,
        client=client,
        open_url=open_url,
        redirect_uri=redirect_uri,
        environment=environment,
        read_pasted=lambda: _read_line("Address"),
        timeout=opts["timeout"],
    )


def _import(
    service: Service, creds: Credentials, opts: dict[str, Any], client: httpx.Client
) -> dict[str, Any]:
    if opts["redirect_uri"]:
        raise click.UsageError("--refresh-token-stdin opens no browser: drop --redirect-uri")
    if service == "qbo" and not opts["realm_id"]:
        raise click.UsageError(
            "--refresh-token-stdin needs --realm-id: the company the token is for"
        )
    token = _read_line("Refresh token", hide=True)
    if not token:
        raise click.UsageError("no refresh token on standard input")
    register_secret(token)
    creds.refresh_token = token
    if service == "qbo":
        token_url = os.environ.get(_ENV + "QBO_TOKEN_URL") or QBO_TOKEN_URL
    else:
        token_url = _api_url(service, "production", opts).rstrip("/") + "/oauth/token"
    body = refresh_once(client, token_url, creds, service)
    if service == "qbo":
        body["realm_id"] = str(opts["realm_id"])
    return body


def _check(service: Service, client: httpx.Client, api_url: str, body: dict[str, Any]) -> str:
    """One read with the new access token: the company's or the user's name."""
    if service == "qbo":
        return qbo_company_name(client, api_url, str(body["realm_id"]), body["access_token"])
    return clio_user_name(client, api_url, body["access_token"])


def _read_line(prompt: str, *, hide: bool = False) -> str:
    """One line from standard input; on a terminal, prompted (and not echoed when `hide`)."""
    if sys.stdin.isatty():
        return str(click.prompt(prompt, hide_input=hide, err=True, default="", show_default=False))
    return sys.stdin.readline().strip()


def _can_open_browser() -> bool:
    """False where `webbrowser` could only start a text browser in this terminal (SSH, no
    display): the address is printed instead, to open on any machine."""
    env = os.environ
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return False
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return True
