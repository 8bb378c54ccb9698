"""The one-shot HTTP listener that receives an OAuth redirect on this machine (RFC 8252 §7.3).

Why two sockets: a redirect URI that says `localhost` may be resolved by the browser to
127.0.0.1 or to ::1, and a listener on only one of them leaves the other browser with
"connection refused". So `localhost` is served on both (whichever exists on this machine); a
literal `127.0.0.1` or `[::1]` on that address alone. Only the callback path is answered, and
the first request that carries a `state` ends the wait: the right one with its parameters, a
wrong one with an error (an old browser tab, or a page trying to plant its own code).
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import http.server
import socket
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlsplit

from ledgerlint.sources.http import pull_error
from ledgerlint.sources.http import register_secret

_PAGE_OK = "ledgerlint: authorization received. You can close this tab."
_PAGE_WRONG_STATE = "ledgerlint: this is not the authorization ledgerlint is waiting for."


def listen_addresses(host: str) -> list[str]:
    """The addresses to listen on for a redirect URI's host."""
    if host == "localhost":
        return ["127.0.0.1", "::1"]
    return [host]


def mismatched_state(name: str, service: str) -> str:
    """The one-line error for a redirect that answers some other authorization request."""
    return (
        f"{name}: the redirect carries a different `state` than this authorization request "
        "(an older browser tab or another run, or a page trying to plant its own code); "
        f"nothing was stored; run `ledgerlint auth {service}` again"
    )


def same_state(received: str | None, expected: str) -> bool:
    """Constant-time comparison of the returned `state` with ours."""
    return received is not None and hmac.compare_digest(received.encode(), expected.encode())


def receive_callback(
    redirect_uri: str,
    *,
    state: str,
    name: str,
    service: str,
    timeout: float,
    on_ready: Callable[[], Any],
) -> dict[str, str]:
    """Listen where `redirect_uri` points, call `on_ready` (open the browser), and return the
    query parameters of the first request to the callback path that carries a `state`; raise
    if that `state` is not ours."""
    target = urlsplit(redirect_uri)
    path = target.path or "/"
    port = target.port or 80
    received: dict[str, str] = {}
    done = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path != path or "state" not in query or done.is_set():
                self._reply(404, "Not the ledgerlint callback.")
                return
            received.update(query)
            done.set()
            if same_state(query.get("state"), state):
                self._reply(200, _PAGE_OK)
            else:
                self._reply(400, _PAGE_WRONG_STATE)

        def _reply(self, status: int, text: str) -> None:
            payload = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: the request line carries the authorization code."""

    servers = _bind(listen_addresses(target.hostname or "localhost"), port, Handler, name)
    threads = [
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        for server in servers
    ]
    for thread in threads:
        thread.start()
    try:
        on_ready()
        if not done.wait(timeout):
            raise pull_error(f"{name}: no authorization received within {int(timeout)} s")
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            with contextlib.suppress(RuntimeError):
                thread.join(timeout=5)
    register_secret(received.get("code"))
    if not same_state(received.get("state"), state):
        raise pull_error(mismatched_state(name, service))
    return received


def _bind(
    addresses: list[str], port: int, handler: type[http.server.BaseHTTPRequestHandler], name: str
) -> list[http.server.ThreadingHTTPServer]:
    servers: list[http.server.ThreadingHTTPServer] = []
    failures: list[str] = []
    taken = False
    for address in addresses:
        server_class = _IPv6Server if ":" in address else http.server.ThreadingHTTPServer
        try:
            servers.append(server_class((address, port), handler))
        except OSError as err:
            failures.append(f"{address}: {err.strerror or type(err).__name__}")
            taken = taken or err.errno == errno.EADDRINUSE
    # One family missing (IPv6 switched off) is fine as long as the other listens; a port
    # already taken is not, because the browser may reach the other program instead.
    if not servers or taken:
        for server in servers:
            server.server_close()
        shown = "; ".join(failures)
        raise pull_error(f"{name}: cannot listen on port {port} for the redirect ({shown})")
    return servers


class _IPv6Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6

    def server_bind(self) -> None:
        # Only ::1: the IPv4 side has its own socket, and the same port must not clash.
        with contextlib.suppress(AttributeError, OSError):
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()
