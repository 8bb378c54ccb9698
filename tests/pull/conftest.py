"""Fixtures for the pull tests: fake servers on 127.0.0.1 and ready-made sources."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pull_fakes import CLIO_ACCESS
from pull_fakes import CLIO_CLIENT_ID
from pull_fakes import CLIO_REFRESH
from pull_fakes import CLIO_SECRET
from pull_fakes import QBO_ACCESS
from pull_fakes import QBO_CLIENT_ID
from pull_fakes import QBO_REFRESH
from pull_fakes import QBO_SECRET
from pull_fakes import REALM
from pull_fakes import FakeClio
from pull_fakes import FakeQbo
from pull_fakes import FakeServer
from pull_fakes import Sleeps

from ledgerlint.sources import RetryPolicy
from ledgerlint.sources import TokenStore


@pytest.fixture
def qbo_server() -> Iterator[FakeServer]:
    """A fake QuickBooks company."""
    server = FakeServer(FakeQbo())
    yield server
    server.close()


@pytest.fixture
def clio_server() -> Iterator[FakeServer]:
    """A fake Clio account (pages of 3)."""
    server = FakeServer(FakeClio())
    server.app.base_url = server.url
    yield server
    server.close()


@pytest.fixture
def sleeps() -> Sleeps:
    """Recorded back-off and rate-limit waits."""
    return Sleeps()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    """The httpx client handed to the sources (short timeout)."""
    with httpx.Client(timeout=2.0) as http:
        yield http


@pytest.fixture
def store(tmp_path: Path) -> TokenStore:
    """A token store in a temporary directory."""
    return TokenStore(tmp_path / "config" / "tokens.json")


@pytest.fixture
def retry() -> RetryPolicy:
    """Retry policy with short delays."""
    return RetryPolicy(base_delay=0.01, max_delay=0.05)


@pytest.fixture
def env(qbo_server: FakeServer, clio_server: FakeServer, tmp_path: Path) -> dict[str, str]:
    """Environment variables for `ledgerlint pull` against both fakes."""
    return {
        "LEDGERLINT_QBO_REALM_ID": REALM,
        "LEDGERLINT_QBO_ACCESS_TOKEN": QBO_ACCESS,
        "LEDGERLINT_QBO_REFRESH_TOKEN": QBO_REFRESH,
        "LEDGERLINT_QBO_CLIENT_ID": QBO_CLIENT_ID,
        "LEDGERLINT_QBO_CLIENT_SECRET": QBO_SECRET,
        "LEDGERLINT_QBO_BASE_URL": qbo_server.url,
        "LEDGERLINT_QBO_TOKEN_URL": f"{qbo_server.url}/oauth2/v1/tokens/bearer",
        "LEDGERLINT_CLIO_ACCESS_TOKEN": CLIO_ACCESS,
        "LEDGERLINT_CLIO_REFRESH_TOKEN": CLIO_REFRESH,
        "LEDGERLINT_CLIO_CLIENT_ID": CLIO_CLIENT_ID,
        "LEDGERLINT_CLIO_CLIENT_SECRET": CLIO_SECRET,
        "LEDGERLINT_CLIO_BASE_URL": clio_server.url,
        "LEDGERLINT_TOKEN_STORE": str(tmp_path / "config" / "tokens.json"),
        "LEDGERLINT_PULL_MAX_WAIT": "0",
    }


@pytest.fixture
def unused_port() -> int:
    """A free TCP port on 127.0.0.1 for the OAuth loopback redirect."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
