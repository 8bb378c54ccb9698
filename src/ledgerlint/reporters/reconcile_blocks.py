"""The building blocks of the reconciliation report, shared by its text, Markdown and HTML forms.

`reconcile_layout` says what the report holds, once, as a tuple of `Section`s made of
headings, paragraphs, tables and the signature lines; each format only draws these blocks. So
the three formats cannot drift apart in what they say, and a change of wording is made once.
Every cell is already text (amounts formatted): a format escapes, aligns and styles it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ledgerlint.models.money import money

RowStyle = Literal["", "total", "differs"]
"""`total`: a line that sums the rows above it; `differs`: a difference that is not zero (or an
account that does not reconcile), highlighted in every format."""
ParaStyle = Literal["", "agrees", "differs", "note"]
SectionKind = Literal["intro", "account", "signoff"]
"""`signoff` holds the totals and the signature lines: HTML keeps it on one printed page."""


@dataclass(frozen=True)
class Heading:
    level: int
    """1: the report; 2: an account or the sign-off; 3: a part of one."""
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    style: ParaStyle = ""


@dataclass(frozen=True)
class Column:
    title: str
    numeric: bool = False
    """An amount: aligned to the right."""
    date: bool = False
    """A date: never broken across lines."""


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    style: RowStyle = ""


@dataclass(frozen=True)
class Table:
    name: str
    """What the table is (`figures`, `facts`, `outstanding`, `clients`, `movements`,
    `totals`): HTML's class for it."""
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    header: bool = True
    """False for a list of label and value (`facts`): no column titles are shown."""


@dataclass(frozen=True)
class Signatures:
    roles: tuple[str, ...]


Block = Heading | Para | Table | Signatures


@dataclass(frozen=True)
class Section:
    kind: SectionKind
    blocks: tuple[Block, ...]


FLAG = "DIFFERS"
"""The word that marks a highlighted row in the text and Markdown forms (HTML styles it too)."""


def amount(value: Decimal | None) -> str:
    """`$1,234.50`, `-$12.00` as every finding writes money (`models.money.money`); an em dash
    for no record."""
    return "—" if value is None else money(value)


def signed_amount(value: Decimal) -> str:
    """`+$1,437.45`, `-$1,750.00`: a change, with its sign always shown."""
    return amount(value) if value < 0 else f"+{amount(value)}"


def figures(rows: Sequence[tuple[str, Decimal | None, RowStyle]], name: str = "figures") -> Table:
    """A two-column table of labelled amounts, as the build-up of a balance is shown."""
    return Table(
        name,
        (Column("Item"), Column("Amount", numeric=True)),
        tuple(Row((label, amount(value)), style) for label, value, style in rows),
    )


def facts(rows: list[tuple[str, str]]) -> Table:
    """Label and value, without column titles."""
    return Table(
        "facts",
        (Column("Item"), Column("Value")),
        tuple(Row((label, value)) for label, value in rows),
        header=False,
    )
