"""Rules that yield what is not a Problem or Notice, or Problems with wrong-typed fields.
Their valid findings are kept; each rule's first invalid item is reported with a count."""

import datetime

from ledgerlint.models.findings import Fix
from ledgerlint.models.findings import Notice
from ledgerlint.models.findings import Problem
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

EXPECTED = [
    'XF201: plugin "{plugin}": the rule yielded 2 invalid items, left out of the report; '
    "the first: a str, not a Problem or Notice",
    'XF202: plugin "{plugin}": the rule yielded 1 invalid item, left out of the report; '
    "the first: Problem.message is an int, not text",
    'XF203: plugin "{plugin}": the rule yielded 1 invalid item, left out of the report; '
    "the first: Problem.pointer 'qbo/Account/0' is not a JSON pointer",
    'XF204: plugin "{plugin}": the rule yielded 1 invalid item, left out of the report; '
    "the first: Problem.properties.when holds a date, which JSON cannot hold",
    'XF205: plugin "{plugin}": the rule yielded 1 invalid item, left out of the report; '
    "the first: Fix.patch holds {{'op': 'explode', 'path': '/firm'}}, not a JSON Patch operation",
    'XF206: plugin "{plugin}": the rule yielded 1 invalid item, left out of the report; '
    "the first: Notice.kind 'shrug' is not one of not-run, skipped, ambiguous, plugin-error",
    'XF207: plugin "{plugin}": the rule yielded 1 invalid item, left out of the report; '
    "the first: Problem.related is not a sequence of (JSON pointer, label) pairs",
    'XF208: plugin "{plugin}": the rule returned an int, not an iterable of Problem and Notice',
]
RUNS = ["XF201"]

_DOC = """Yields something wrong.

## Why it matters
Tests.

## How to fix
Nothing.
"""


def _rule(rule_id, items):
    def check(ctx):
        yield from items

    check.__doc__ = _DOC
    return rule(rule_id, f"firm-{rule_id.lower()}", severity="warning")(check)


def returns_int(ctx):
    return 42


returns_int.__doc__ = _DOC


@hookimpl
def ledgerlint_rules():
    good = Problem("a valid finding among bad ones", "/firm", "firm")
    return [
        _rule("XF201", ["a string", good, {"message": "a dict"}]),
        _rule("XF202", [Problem(42, "", "k")]),
        _rule("XF203", [Problem("m", "qbo/Account/0", "k")]),
        _rule("XF204", [Problem("m", "", "k", properties={"when": datetime.date(2026, 1, 1)})]),
        _rule(
            "XF205", [Problem("m", "", "k", fix=Fix("d", ({"op": "explode", "path": "/firm"},)))]
        ),
        _rule("XF206", [Notice("m", None, "shrug")]),
        _rule("XF207", [Problem("m", "", "k", related=("/firm",))]),
        rule("XF208", "firm-returns-int", severity="info")(returns_int),
    ]
