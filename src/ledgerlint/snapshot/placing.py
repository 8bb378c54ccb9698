"""Put findings and notifications in their place: line and column in the snapshot file, and the
text edits that carry a fix to the file. Only the pointers reported are resolved, in one pass."""

from __future__ import annotations

from dataclasses import replace

from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Notification
from ledgerlint.snapshot.loader import SourceDocument


def place_findings(document: SourceDocument, findings: list[Finding]) -> list[Finding]:
    """Fill in line and column, resolving only the pointers these findings name."""
    if not findings:
        return []
    from ledgerlint.snapshot.edits import text_edits

    pointers = {f.location.pointer for f in findings}
    pointers |= {loc.pointer for f in findings for loc, _ in f.related}
    positions = document.positions(pointers)

    def placed(location: Location) -> Location:
        line, column = positions[location.pointer]
        return Location(location.file, location.pointer, line, column)

    result = []
    for finding in findings:
        fix = finding.fix
        if fix is not None:
            fix = replace(fix, edits=text_edits(document, fix.patch))
        result.append(
            replace(
                finding,
                location=placed(finding.location),
                related=tuple((placed(loc), label) for loc, label in finding.related),
                fix=fix,
            )
        )
    return result


def place_notifications(document: SourceDocument, notes: list[Notification]) -> list[Notification]:
    """Fill in line and column of the notifications that point somewhere."""
    pointers = [n.location.pointer for n in notes if n.location is not None]
    positions = document.positions(pointers) if pointers else {}
    placed: list[Notification] = []
    for note in notes:
        if note.location is not None:
            line, column = positions[note.location.pointer]
            note = replace(note, location=Location(note.file, note.location.pointer, line, column))
        placed.append(note)
    return placed
