"""`ledgerlint pull`: parse options, call `ledgerlint.sources`, write (`auth` is auth_cli.py).

Exit codes: 0 done; 2 anything that stopped the pull or the authorization (bad options, no
credentials, an API error, an interrupted connection); 130 interrupted by Ctrl-C. On any failure
the output file is left exactly as it was: the snapshot is written atomically, and only at the end.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from typing import NoReturn

import click
import httpx

from ledgerlint.atomic import write_atomic
from ledgerlint.errors import LedgerlintError
from ledgerlint.errors import PullError
from ledgerlint.sources import ClioSource
from ledgerlint.sources import Credentials
from ledgerlint.sources import QboSource
from ledgerlint.sources import RetryPolicy
from ledgerlint.sources import TokenStore
from ledgerlint.sources import dump_snapshot
from ledgerlint.sources import format_for
from ledgerlint.sources import merge_file
from ledgerlint.sources import pull_snapshot
from ledgerlint.sources.clio import REGIONS
from ledgerlint.sources.clio import ClioTarget
from ledgerlint.sources.http import DEFAULT_MAX_WAIT
from ledgerlint.sources.http import LOGGER
from ledgerlint.sources.http import redact
from ledgerlint.sources.oauth import QBO_TOKEN_URL
from ledgerlint.sources.progress import progress_for
from ledgerlint.sources.qbo import DEFAULT_MINOR_VERSION
from ledgerlint.sources.qbo import PRODUCTION_URL
from ledgerlint.sources.qbo import QboTarget

EXIT_FAILED = 2
EXIT_INTERRUPTED = 130
_ENV = "LEDGERLINT_"


def _secret_option(name: str, env: str, what: str) -> Any:
    return click.option(name, envvar=_ENV + env, show_envvar=True, default=None, help=what)


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Snapshot file to write (.json, .yaml or .yml); defaults to --merge-into.",
)
@click.option(
    "--merge-into",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Existing snapshot whose hand-written blocks (firm, clio_bill_syncing, bank, "
    "...) are kept; only the API sections are replaced.",
)
@click.option("--only", type=click.Choice(["qbo", "clio"]), help="Pull one side only.")
@click.option(
    "--clio-region",
    type=click.Choice(sorted(REGIONS)),
    default=None,
    envvar=_ENV + "CLIO_REGION",
    show_envvar=True,
    help="Default: the region `ledgerlint auth clio` stored, else us.",
)
@click.option(
    "--qbo-realm-id",
    envvar=_ENV + "QBO_REALM_ID",
    show_envvar=True,
    help="QuickBooks company id (realmId).",
)
@_secret_option("--qbo-access-token", "QBO_ACCESS_TOKEN", "Prefer the variable to the option.")
@_secret_option("--qbo-refresh-token", "QBO_REFRESH_TOKEN", "Prefer the variable to the option.")
@click.option("--qbo-client-id", envvar=_ENV + "QBO_CLIENT_ID", show_envvar=True)
@_secret_option("--qbo-client-secret", "QBO_CLIENT_SECRET", "Prefer the variable to the option.")
@_secret_option("--clio-access-token", "CLIO_ACCESS_TOKEN", "Prefer the variable to the option.")
@_secret_option("--clio-refresh-token", "CLIO_REFRESH_TOKEN", "Prefer the variable to the option.")
@click.option("--clio-client-id", envvar=_ENV + "CLIO_CLIENT_ID", show_envvar=True)
@_secret_option("--clio-client-secret", "CLIO_CLIENT_SECRET", "Prefer the variable to the option.")
@click.option(
    "--qbo-base-url",
    envvar=_ENV + "QBO_BASE_URL",
    show_envvar=True,
    help="Default: the host `ledgerlint auth qbo` stored for its environment, else "
    "https://quickbooks.api.intuit.com (sandbox: https://sandbox-quickbooks.api.intuit.com).",
)
@click.option(
    "--qbo-token-url",
    envvar=_ENV + "QBO_TOKEN_URL",
    show_envvar=True,
    default=QBO_TOKEN_URL,
    show_default=True,
)
@click.option(
    "--clio-base-url",
    envvar=_ENV + "CLIO_BASE_URL",
    show_envvar=True,
    help="Overrides the host chosen by --clio-region.",
)
@click.option("--qbo-minor-version", type=int, default=DEFAULT_MINOR_VERSION, show_default=True)
@click.option(
    "--token-store",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=_ENV + "TOKEN_STORE",
    show_envvar=True,
    help="Token file written by `ledgerlint auth` (default: user config directory).",
)
@click.option(
    "--timeout",
    type=float,
    default=30.0,
    show_default=True,
    help="Seconds to wait for one response.",
)
@click.option(
    "--max-wait",
    type=float,
    default=DEFAULT_MAX_WAIT,
    show_default=True,
    envvar=_ENV + "PULL_MAX_WAIT",
    show_envvar=True,
    help="Longest single wait for a rate limit or back-off, in seconds.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log each request (credentials masked).")
def pull(**opts: Any) -> None:
    """Read QuickBooks Online and Clio Manage into a ledgerlint snapshot."""
    with _verbose_logging(opts["verbose"]):
        _pull(opts)


def _pull(opts: dict[str, Any]) -> None:
    output: Path | None = opts["output"] or opts["merge_into"]
    if output is None:
        raise click.UsageError("give --output (or --merge-into to update a snapshot in place)")
    try:
        fmt = format_for(output)
        store = TokenStore(opts["token_store"])
        _refuse_output_over_inputs(output, store.path)
        qbo = None if opts["only"] == "clio" else _qbo_source(opts, store)
        clio = None if opts["only"] == "qbo" else _clio_source(opts, store)
        existing = _load_existing(opts["merge_into"]) if opts["merge_into"] else None
        progress = progress_for(sys.stderr)
        try:
            with httpx.Client(timeout=opts["timeout"], follow_redirects=False) as client:
                snapshot = pull_snapshot(
                    qbo=qbo,
                    clio=clio,
                    client=client,
                    store=store,
                    progress=progress,
                    retry=RetryPolicy(max_wait=opts["max_wait"]),
                )
        finally:
            progress.close()
        if existing is None:
            write_atomic(output, dump_snapshot(snapshot, fmt))
        else:
            write_atomic(output, merge_file(existing, snapshot, fmt, read_as="pulled"))
    except LedgerlintError as err:
        fail(str(err))
    except KeyboardInterrupt:
        fail("pull interrupted; the output file was not changed", EXIT_INTERRUPTED)
    except OSError as err:
        fail(f"{output}: cannot write the snapshot ({err.strerror})")
    click.echo(f"wrote {output}", err=True)


def _qbo_source(opts: dict[str, Any], store: TokenStore) -> QboSource:
    saved = store.entry("qbo")
    creds = _credentials(opts, "qbo", saved)
    realm = opts["qbo_realm_id"] or saved.get("realm_id")
    if not creds.usable or not realm:
        raise PullError(
            "no QuickBooks credentials: set LEDGERLINT_QBO_REALM_ID and "
            "LEDGERLINT_QBO_ACCESS_TOKEN (or _REFRESH_TOKEN with _CLIENT_ID/_SECRET), "
            "run `ledgerlint auth qbo`, or pass --only clio"
        )
    # Sandbox tokens only work on the sandbox host: after `auth qbo --environment sandbox`, a
    # plain `pull` must not send them to the production one.
    base_url = opts["qbo_base_url"] or saved.get("base_url") or PRODUCTION_URL
    target = QboTarget(
        realm_id=str(realm), base_url=str(base_url), minor_version=opts["qbo_minor_version"]
    )
    return QboSource(target=target, credentials=creds, token_url=opts["qbo_token_url"])


def _clio_source(opts: dict[str, Any], store: TokenStore) -> ClioSource:
    saved = store.entry("clio")
    creds = _credentials(opts, "clio", saved)
    if not creds.usable:
        raise PullError(
            "no Clio credentials: set LEDGERLINT_CLIO_ACCESS_TOKEN (or _REFRESH_TOKEN with "
            "_CLIENT_ID/_SECRET), run `ledgerlint auth clio`, or pass --only qbo"
        )
    # A Clio token only works on its own region's host: after `auth clio --clio-region eu`,
    # a plain `pull` must not send it (and its refresh) to app.clio.com.
    if opts["clio_base_url"]:
        base_url = opts["clio_base_url"]
    elif opts["clio_region"]:
        base_url = REGIONS[opts["clio_region"]]
    else:
        base_url = saved.get("base_url") or REGIONS["us"]
    return ClioSource(credentials=creds, target=ClioTarget(base_url=str(base_url)))


def _credentials(opts: dict[str, Any], side: str, saved: dict[str, Any]) -> Credentials:
    """Options and variables win; the token store fills what they leave out."""
    given = {
        k: opts[f"{side}_{k}"]
        for k in ("access_token", "refresh_token", "client_id", "client_secret")
    }
    if given["access_token"] or given["refresh_token"]:
        tokens = {k: given[k] for k in ("access_token", "refresh_token")}
    else:
        tokens = {k: saved.get(k) for k in ("access_token", "refresh_token")}
    return Credentials(
        **tokens,
        client_id=given["client_id"] or saved.get("client_id"),
        client_secret=given["client_secret"] or saved.get("client_secret"),
    )


def _refuse_output_over_inputs(output: Path, token_store: Path) -> None:
    """The snapshot must not replace the token store (a rotated refresh token would be lost);
    the --merge-into file is the one input it may replace."""
    from ledgerlint.batch import refuse_output_over_inputs

    refuse_output_over_inputs(output, [], [token_store])


def _load_existing(path: Path) -> Any:
    from ledgerlint.snapshot.loader import load_document

    return load_document(path)


class _StderrHandler(logging.Handler):
    """Writes to whatever `sys.stderr` is at the time (so test runners capture it)."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


@contextmanager
def _verbose_logging(verbose: bool) -> Iterator[None]:
    if not verbose:
        yield
        return
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    previous = LOGGER.level
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.setLevel(previous)


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Print one line (credentials masked) and exit; shared with `auth`."""
    click.echo(f"ledgerlint: error: {redact(message)}", err=True)
    sys.exit(code)
