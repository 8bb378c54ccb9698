"""Pydantic models of the snapshot, and the values rules produce. No I/O here."""
