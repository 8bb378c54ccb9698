"""The three-way reconciliation as plain text (a terminal, an e-mail, a printout in monospace).

Pure: `render(ReconciliationReport) -> str`. What it says is `reconcile_layout`'s; this module
only draws the blocks: tables aligned in columns (a long text column wraps so a table fits in
`WIDTH`), highlighted rows marked `<< DIFFERS`, snapshot text escaped for the terminal.
"""

from __future__ import annotations

import textwrap

from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.reporters.reconcile_blocks import FLAG
from ledgerlint.reporters.reconcile_blocks import Block
from ledgerlint.reporters.reconcile_blocks import Heading
from ledgerlint.reporters.reconcile_blocks import Para
from ledgerlint.reporters.reconcile_blocks import Signatures
from ledgerlint.reporters.reconcile_blocks import Table
from ledgerlint.reporters.reconcile_layout import layout
from ledgerlint.reporters.terminal import escape_controls

WIDTH = 100
"""The widest a table may be before its longest text column wraps."""
NARROWEST = 16
"""A text column is never wrapped narrower than this."""
MARK = f"  << {FLAG}"
UNDERLINE = {1: "=", 2: "-"}


def render(report: ReconciliationReport) -> str:
    lines: list[str] = []
    for section in layout(report):
        for block in section.blocks:
            lines += _block(block)
    # Every line is escaped whole: names, memos and notes all come from the snapshot.
    return "\n".join(escape_controls(line) for line in lines).rstrip("\n") + "\n"


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        underline = UNDERLINE.get(block.level)
        return [block.text, underline * len(block.text), ""] if underline else [block.text]
    if isinstance(block, Para):
        return [*_wrap(block.text, WIDTH), ""]
    if isinstance(block, Table):
        return [*_table(block), ""]
    return _signatures(block)


def _signatures(block: Signatures) -> list[str]:
    lines = []
    for role in block.roles:
        lines += [
            f"{role}:",
            "  Signature: ______________________________   Name: ____________________",
            "  Date: ____________",
            "",
        ]
    return lines


def _table(table: Table) -> list[str]:
    """Columns aligned (numbers to the right), two spaces apart. A column title wraps at its
    spaces rather than widen its column; when the table is wider than `WIDTH`, its widest text
    columns wrap onto more lines (down to `NARROWEST`)."""
    header = tuple(column.title for column in table.columns)
    widths = _widths(table)
    lines = []
    if table.header:
        lines.append(_line(table, header, widths))
    for row in table.rows:
        wrapped = _line(table, row.cells, widths)
        if row.style == "differs":
            first, _, rest = wrapped.partition("\n")
            wrapped = first + MARK + (f"\n{rest}" if rest else "")
        lines.append(wrapped)
    return "\n".join(lines).split("\n")


def _widths(table: Table) -> list[int]:
    widths = []
    for index, column in enumerate(table.columns):
        cells = [len(row.cells[index]) for row in table.rows]
        title = max((len(word) for word in column.title.split()), default=0)
        widths.append(max([*cells, title if table.header else 0]))
    texts = [i for i, column in enumerate(table.columns) if not column.numeric]
    excess = sum(widths) + 2 * len(widths) - WIDTH
    while excess > 0:
        widest = max(texts, key=lambda i: widths[i], default=None)
        if widest is None or widths[widest] <= NARROWEST:
            break
        widths[widest] -= 1
        excess -= 1
    return widths


def _line(table: Table, cells: tuple[str, ...], widths: list[int]) -> str:
    """One row, as one or more lines (a wrapped cell continues below itself)."""
    pieces = [
        _wrap(cell, width) or [""] if len(cell) > width else [cell]
        for cell, width in zip(cells, widths, strict=True)
    ]
    height = max(len(piece) for piece in pieces)
    lines = []
    for index in range(height):
        parts = []
        for piece, width, column in zip(pieces, widths, table.columns, strict=True):
            text = piece[index] if index < len(piece) else ""
            parts.append(text.rjust(width) if column.numeric else text.ljust(width))
        lines.append(("  " + "  ".join(parts)).rstrip())
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    # Never at a hyphen: dates and matter numbers (`2026-11-10`, `00025-Northwind`) stay whole.
    return textwrap.wrap(text, width, break_on_hyphens=False)
