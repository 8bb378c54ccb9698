"""Reading snapshot files: JSON or YAML text to plain data, and JSON pointers to line/column."""

from ledgerlint.snapshot.loader import SourceDocument
from ledgerlint.snapshot.loader import load_document
from ledgerlint.snapshot.loader import parse_document

__all__ = ["SourceDocument", "load_document", "parse_document"]
