"""Close each placed location's region: it runs from the start to the end of that line's text.

Code scanning wants `endLine`/`endColumn`; a finding's place is a key or a value (`key: value`,
`"key": value,`, a list item), so the rest of its line is what a reader should see highlighted.
Only the lines findings name are looked at, and their starts were already found while placing
the findings (`SourceDocument.line_starts`), so a large file is not counted through twice.
"""

from __future__ import annotations

from dataclasses import replace

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.snapshot.loader import SourceDocument


def close_regions(document: SourceDocument, findings: list[Finding]) -> list[Finding]:
    """The findings with `end_line`/`end_column` set on their location and related locations."""
    placed = [f.location for f in findings] + [loc for f in findings for loc, _ in f.related]
    starts = document.line_starts(loc.line for loc in placed if loc.line)
    ends: dict[int, int] = {}
    for line, start in starts.items():
        stop = document.raw.find(b"\n", start)
        text = document.raw[start : stop if stop >= 0 else len(document.raw)]
        ends[line] = len(text.decode("utf-8", errors="replace").rstrip()) + 1

    def closed(location: Location) -> Location:
        if location.line is None or location.line not in ends:
            return location
        column = location.column or 1
        return replace(
            location, end_line=location.line, end_column=max(ends[location.line], column + 1)
        )

    return [
        replace(
            finding,
            location=closed(finding.location),
            related=tuple((closed(loc), label) for loc, label in finding.related),
        )
        for finding in findings
    ]
