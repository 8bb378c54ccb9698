"""The three-way reconciliation as one self-contained HTML page, made to be printed and signed.

Pure: `render(ReconciliationReport) -> str`. What it says is `reconcile_layout`'s. No scripts,
no external assets. Printing (letter paper): each trust account starts a page; the sign-off
section, which holds the totals and the signature lines, is never split across pages
(`break-inside: avoid`), so the signatures always share a page with the totals they sign. A
difference is bold, boxed and flagged `DIFFERS`, so it shows on a black-and-white printout too.
"""

from __future__ import annotations

import re
from html import escape

from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.reporters.reconcile_blocks import FLAG
from ledgerlint.reporters.reconcile_blocks import Block
from ledgerlint.reporters.reconcile_blocks import Heading
from ledgerlint.reporters.reconcile_blocks import Para
from ledgerlint.reporters.reconcile_blocks import Row
from ledgerlint.reporters.reconcile_blocks import Section
from ledgerlint.reporters.reconcile_blocks import Signatures
from ledgerlint.reporters.reconcile_blocks import Table
from ledgerlint.reporters.reconcile_layout import layout
from ledgerlint.reporters.reconcile_layout import title

STYLE = """
@page { size: letter; margin: 16mm 15mm 18mm; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 66em; color: #111;
       padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #111; margin: 1.6em 0 .5em; }
h3 { font-size: 1.05em; margin: 1.1em 0 .35em; }
p { margin: .35em 0 .6em; }
code { font-size: .95em; }
table { border-collapse: collapse; width: 100%; margin-bottom: .7em; }
th, td { border-bottom: 1px solid #ccc; padding: .2em .45em; text-align: left;
         vertical-align: top; }
th { border-bottom: 1.5px solid #111; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; }
td.date { white-space: nowrap; }
table.figures, table.totals { width: auto; min-width: 60%; }
table.facts { width: auto; }
table.facts td { border: none; padding: .05em .9em .05em 0; }
table.facts td:first-child { color: #444; }
tr.total td { font-weight: 700; border-top: 1.5px solid #111; }
tr.differs td { font-weight: 700; border-top: 2px solid #000; border-bottom: 2px solid #000;
                background: #fdecea; }
.flag { display: inline-block; margin-left: .5em; padding: 0 .3em; border: 1.5px solid #000;
        font-size: .75em; font-weight: 700; letter-spacing: .04em; }
p.agrees, p.differs { font-weight: 700; display: inline-block; padding: .25em .6em; }
p.agrees { border: 1.5px solid #0b5d1e; color: #0b5d1e; background: #e6f4ea; }
p.differs { border: 2px solid #000; color: #8a1c12; background: #fdecea; }
p.note { color: #444; font-style: italic; }
section.signoff { break-inside: avoid; page-break-inside: avoid; margin-top: 2em; }
.signature { display: grid; grid-template-columns: 2fr 2fr 1fr; gap: 0 1.5em; margin: 1.4em 0 0; }
.signature .role { grid-column: 1 / -1; font-weight: 700; margin-bottom: 1.8em; }
.signature .line { border-top: 1px solid #000; padding-top: .15em; font-size: .85em; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  section.account + section.account { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, tr { break-inside: avoid; page-break-inside: avoid; }
  p.agrees, p.differs, tr.differs td { background: none; color: #000; }
  p.agrees { border-color: #000; }
}
"""
_CODE = re.compile(r"`([^`]+)`")


def render(report: ReconciliationReport) -> str:
    sections = layout(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title(report))}</title>",
        f"<style>{STYLE}</style></head><body>",
        *(_section(section) for section in sections),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _section(section: Section) -> str:
    tag = "header" if section.kind == "intro" else "section"
    css = "" if section.kind == "intro" else f' class="{section.kind}"'
    body = "\n".join(_block(block) for block in section.blocks)
    return f"<{tag}{css}>\n{body}\n</{tag}>"


def _text(text: str) -> str:
    """Escaped, with `backticks` shown as code."""
    return _CODE.sub(r"<code>\1</code>", escape(text))


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_text(block.text)}</h{block.level}>"
    if isinstance(block, Para):
        css = f' class="{block.style}"' if block.style else ""
        return f"<p{css}>{_text(block.text)}</p>"
    if isinstance(block, Table):
        return _table(block)
    return _signatures(block)


def _signatures(block: Signatures) -> str:
    return (
        '<div class="signatures">\n'
        + "\n".join(
            f'<div class="signature"><div class="role">{escape(role)}</div>'
            '<div class="line">Signature</div><div class="line">Name</div>'
            '<div class="line">Date</div></div>'
            for role in block.roles
        )
        + "\n</div>"
    )


def _table(table: Table) -> str:
    parts = [f'<table class="{table.name}">']
    if table.header:
        cells = "".join(
            f"<th{' class=num' if column.numeric else ''}>{escape(column.title)}</th>"
            for column in table.columns
        )
        parts.append(f"<thead><tr>{cells}</tr></thead>")
    parts.append("<tbody>")
    parts += [_row(table, row) for row in table.rows]
    parts.append("</tbody></table>")
    return "\n".join(parts)


def _row(table: Table, row: Row) -> str:
    cells = []
    for index, (cell, column) in enumerate(zip(row.cells, table.columns, strict=True)):
        text = escape(cell)
        if index == 0 and row.style == "differs":
            text += f' <span class="flag">{FLAG}</span>'
        css = " class=num" if column.numeric else " class=date" if column.date else ""
        cells.append(f"<td{css}>{text}</td>")
    css = f' class="{row.style}"' if row.style else ""
    return f"<tr{css}>{''.join(cells)}</tr>"
