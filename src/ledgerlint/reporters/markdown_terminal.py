"""A rule's Markdown documentation laid out for a terminal: headings, paragraphs and lists
re-wrapped to the width, inline code and bold set off.

Only what rule documentation uses: ATX headings, paragraphs, `-`/`*`/`1.` lists (continuation
lines indented), fenced code blocks, `code` and **bold**. With colour, headings are bold (the
first underlined), code cyan and the Markdown marks dropped; without (not a terminal, or
`NO_COLOR`), the same layout in plain text: headings underlined with `=` or `-`, code kept in
backticks so it still stands out. Pure and small, so `ledgerlint rule` stays fast (no Markdown
library on the start-up path).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

DEFAULT_WIDTH = 100
_LIST = re.compile(r"^(\s*)([-*]|\d+[.)])\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")
_FIELD = re.compile(r"^[A-Z][\w-]{0,24}: \S")
"""`Severity: error`: consecutive lines like this stay lines, not one paragraph."""
_GLUE_UP_TO = 40
"""Code spans up to this long are never split across lines."""


@dataclass(frozen=True)
class _Block:
    kind: str
    """heading, code, item, field (a `Key: value` line) or paragraph."""
    text: str = ""
    level: int = 0
    marker: str = ""
    lines: tuple[str, ...] = ()


def render_markdown(text: str, *, colour: bool = False, width: int = DEFAULT_WIDTH) -> str:
    width = max(width, 40)
    out: list[str] = []
    previous = ""
    for block in _blocks(text.splitlines()):
        if out and not (block.kind == previous and block.kind in ("item", "field")):
            out.append("")
        previous = block.kind
        if block.kind == "heading":
            out += _heading(block.level, block.text, colour)
        elif block.kind == "code":
            out += [_paint("    " + line, "36", colour) for line in block.lines]
        elif block.kind == "item":
            out += _wrapped(block.text, width, f"  {block.marker} ", colour)
        else:
            out += _wrapped(block.text, width, "", colour)
    return "\n".join(out) + "\n"


def _blocks(lines: list[str]) -> Iterator[_Block]:
    """Headings, code blocks, list items and paragraphs, in order."""
    index = 0
    paragraph: list[str] = []
    item: list[str] | None = None
    marker = ""

    def flush() -> Iterator[_Block]:
        nonlocal paragraph, item
        if item is not None:
            yield _Block("item", " ".join(item), marker=marker)
            item = None
        if paragraph:
            yield _Block("paragraph", " ".join(paragraph))
            paragraph = []

    while index < len(lines):
        line = lines[index]
        index += 1
        if line.strip().startswith("```"):
            yield from flush()
            code = []
            while index < len(lines) and not lines[index].strip().startswith("```"):
                code.append(lines[index])
                index += 1
            index += 1
            yield _Block("code", lines=tuple(code))
        elif heading := _HEADING.match(line):
            yield from flush()
            yield _Block("heading", heading.group(2), level=len(heading.group(1)))
        elif listed := _LIST.match(line):
            yield from flush()
            raw = listed.group(2)
            marker = raw if raw[0].isdigit() else "•"
            item = [listed.group(3).strip()]
        elif not line.strip():
            yield from flush()
            if item is None and paragraph == []:
                continue
        elif item is not None and line.startswith((" ", "\t")):
            item.append(line.strip())
        elif _FIELD.match(line) and not paragraph and item is None:
            yield _Block("field", line.strip())
        else:
            if item is not None:
                yield from flush()
            paragraph.append(line.strip())
    yield from flush()


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour and text.strip() else text


def _heading(level: int, title: str, colour: bool) -> list[str]:
    plain = _inline(title, colour=False)
    if colour:
        return [_paint(plain, "1;4" if level == 1 else "1", True)]
    if level <= 2:
        return [plain, ("=" if level == 1 else "-") * len(plain)]
    return [plain]


def _inline(text: str, *, colour: bool) -> str:
    text = _BOLD.sub(lambda m: _paint(m.group(1), "1", colour), text)
    if colour:
        return _CODE.sub(lambda m: _paint(m.group(1), "36", True), text)
    return text


def _wrapped(text: str, width: int, lead: str, colour: bool) -> list[str]:
    """Wrap the plain text (so colour codes never count towards the width), then set off
    code and bold in each line."""
    glued = _CODE.sub(
        lambda m: m.group(0).replace(" ", "\0") if len(m.group(0)) <= _GLUE_UP_TO else m.group(0),
        text,
    )
    lines = textwrap.wrap(
        glued,
        width=width,
        initial_indent=lead,
        subsequent_indent=" " * len(lead),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [_inline(line.replace("\0", " "), colour=colour) for line in lines]
