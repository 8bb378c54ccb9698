"""The three-way reconciliation as Markdown (for a pull request, a wiki or a PDF converter).

Pure: `render(ReconciliationReport) -> str`. What it says is `reconcile_layout`'s; a
highlighted row is bold and marked `(DIFFERS)`, a total row bold.
"""

from __future__ import annotations

from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.reporters.reconcile_blocks import FLAG
from ledgerlint.reporters.reconcile_blocks import Block
from ledgerlint.reporters.reconcile_blocks import Heading
from ledgerlint.reporters.reconcile_blocks import Para
from ledgerlint.reporters.reconcile_blocks import Row
from ledgerlint.reporters.reconcile_blocks import Signatures
from ledgerlint.reporters.reconcile_blocks import Table
from ledgerlint.reporters.reconcile_layout import layout
from ledgerlint.reporters.terminal import escape_controls


def _cell(text: str) -> str:
    return escape_controls(text).replace("|", "\\|")


def render(report: ReconciliationReport) -> str:
    lines: list[str] = []
    for section in layout(report):
        for block in section.blocks:
            lines += _block(block)
    return "\n".join(lines).rstrip("\n") + "\n"


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * block.level} {_cell(block.text)}", ""]
    if isinstance(block, Para):
        text = escape_controls(block.text)
        if block.style in ("agrees", "differs"):
            text = f"**{text}**"
        elif block.style == "note":
            text = f"> {text}"
        return [text, ""]
    if isinstance(block, Table):
        return [*_table(block), ""]
    return _signatures(block)


def _signatures(block: Signatures) -> list[str]:
    lines = []
    for role in block.roles:
        lines += [
            f"**{role}:** Signature ______________________ Name ______________________ "
            "Date ____________",
            "",
        ]
    return lines


def _table(table: Table) -> list[str]:
    titles = [column.title if table.header else " " for column in table.columns]
    aligns = ["---:" if column.numeric else "---" for column in table.columns]
    lines = [f"| {' | '.join(titles)} |", f"|{'|'.join(aligns)}|"]
    lines += [f"| {' | '.join(_row(row))} |" for row in table.rows]
    return lines


def _row(row: Row) -> list[str]:
    cells = [_cell(cell) for cell in row.cells]
    if row.style == "differs":
        cells[0] = f"{cells[0]} ({FLAG})"
    if row.style:
        cells = [f"**{cell}**" if cell else "" for cell in cells]
    return cells
