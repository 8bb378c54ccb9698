"""Text from snapshot data, made safe to print: no terminal control sequences, no bidi tricks.

A snapshot is data from QuickBooks and Clio, typed by anyone with access to them. Printed as
is, an ESC byte in a memo can recolour, move the cursor or rewrite earlier lines of a CI log,
and a right-to-left override (U+202E) can make `Smith 0.00$` read as something else (the
"Trojan Source" trick). Every text format routes snapshot text through `escape_controls`.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls; the bidirectional embeddings, overrides, isolates and marks;
# the Unicode line and paragraph separators (some terminals break lines on them).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, keep: str = "") -> str:
    """`text` with each control or bidi character shown as an escape (`\\x1b`, `\\u202e`);
    characters in `keep` (e.g. newlines a format encodes itself) are left alone."""
    if not _UNSAFE.search(text):
        return text
    if keep:
        return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) in keep else _escaped(m), text)
    return _UNSAFE.sub(_escaped, text)
