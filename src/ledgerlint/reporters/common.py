"""What several reporters share: URIs, one-sentence summaries, and which rules are security
rules for code scanning."""

from __future__ import annotations

import re
from urllib.parse import quote

from ledgerlint.models.rules import RuleMeta

SECURITY_RULES = frozenset({"CS005", "QB011", "RC001", "RC002", "RC003", "TR002", "TR003"})
"""Rules whose finding means client money held in trust may be missing, used for another
client, or mixed with the firm's own (ABA Model Rule 1.15: safekeeping, misappropriation,
commingling). Code scanning ranks them as security alerts. Why these and not the others:
docs/output-formats.md, "Security rules". A plugin's rule joins them by carrying the tag
`security`."""

_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bNo)[.!?](?=\s|$)")


def is_security_rule(meta: RuleMeta) -> bool:
    return meta.id in SECURITY_RULES or "security" in meta.tags


def relative_uri(path: str) -> str:
    """A relative path as a URI reference (percent-encoded, `/` kept)."""
    return quote(path, safe="/")


def first_sentence(text: str, limit: int = 1024) -> str:
    """The first sentence of a rule's `finds` text, on one line, at most `limit` characters."""
    flat = " ".join(text.replace("`", "").split())
    end = _SENTENCE_END.search(flat)
    sentence = flat[: end.end()] if end else flat
    return truncate(sentence, limit)


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, cut after a whole sentence or word, marked with `…`."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    sentence = max(cut.rfind(". "), cut.rfind(".\n"))
    if sentence > limit // 2:
        return cut[: sentence + 1] + " …"[: limit - sentence - 1]
    return cut.rsplit(" ", 1)[0] + "…"
