"""Reading snapshot files: bytes to a `SourceDocument`, a document to the typed `Snapshot`, and
JSON pointers back to line and column for the report."""

from ledgerlint.snapshot.decode import read_snapshot
from ledgerlint.snapshot.loader import SourceDocument
from ledgerlint.snapshot.loader import load_document
from ledgerlint.snapshot.loader import parse_document
from ledgerlint.snapshot.placing import place_findings
from ledgerlint.snapshot.placing import place_notifications

__all__ = [
    "SourceDocument",
    "load_document",
    "parse_document",
    "place_findings",
    "place_notifications",
    "read_snapshot",
]
