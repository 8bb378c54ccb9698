"""Keep credentials out of every message, log line and error a pull produces.

Why a registry: a token can surface in places no code path intends (an API echoing a header
in its error text, a URL in a log line). Every credential ledgerlint learns is registered here,
and every `PullError` and every record of the pull logger passes through `redact`.
"""

from __future__ import annotations

import logging
import threading
from urllib.parse import parse_qsl
from urllib.parse import urlencode
from urllib.parse import urlsplit

import httpx

from ledgerlint.errors import PullError

LOGGER = logging.getLogger("ledgerlint.pull")
_MIN_SECRET_LENGTH = 6
_SENSITIVE_PARAMS = frozenset({"code", "auth", "key", "sig"})
_SENSITIVE_WORDS = (
    *("token", "secret", "password", "passwd", "apikey", "api_key", "signature"),
    *("assertion", "credential", "session"),
)
_HARMLESS_PARAMS = frozenset({"page_token"})  # Clio's paging cursor: not a credential

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Remember a credential so `redact` masks it wherever it might surface."""
    if value and len(value) >= _MIN_SECRET_LENGTH:
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """Replace every registered credential in `text` with `***`."""
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, "***")
    return text


def pull_error(message: str) -> PullError:
    """A `PullError` whose message has passed through `redact` (the only way we build one)."""
    return PullError(redact(message))


class _RedactingFilter(logging.Filter):
    """Last line of defence: no record of the pull logger may carry a known credential."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


LOGGER.addFilter(_RedactingFilter())


def mask_url(url: str | httpx.URL) -> str:
    """Path and query of `url`, with credential-like parameters masked, for the verbose log."""
    parts = urlsplit(str(url))
    query = [
        (name, "***" if _sensitive(name) else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    shown = parts.path + (f"?{urlencode(query, safe='(){},*')}" if query else "")
    return redact(shown)


def _sensitive(name: str) -> bool:
    """Whether a URL parameter name looks like it carries a credential."""
    lowered = name.lower()
    if lowered in _HARMLESS_PARAMS:
        return False
    return lowered in _SENSITIVE_PARAMS or any(word in lowered for word in _SENSITIVE_WORDS)
