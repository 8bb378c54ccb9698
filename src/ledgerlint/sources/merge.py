"""`--merge-into` for `pull` and `import`: swap freshly read API sections into a snapshot file.

    merged_sections(existing, fresh, read_as)   only the top-level keys a merge changes
    merge_snapshot(existing, fresh, read_as)    the whole merged snapshot, as plain data
    merge_file(document, fresh, fmt, read_as)   the merged file's bytes: spliced into the
                                                 existing text, or written fresh in another format

What a person wrote (`firm`, `clio_bill_syncing`, `bank`, `x-` keys, comments) is never lost,
and neither is a side this run did not read: it is kept and marked `carried_over`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal

from ledgerlint.errors import SnapshotFormatError
from ledgerlint.snapshot.render import Format
from ledgerlint.snapshot.render import dump_document

if TYPE_CHECKING:
    from ledgerlint.snapshot.loader import SourceDocument

__all__ = ["API_SECTIONS", "SNAPSHOT_VERSION", "merge_file", "merge_snapshot", "merged_sections"]

SNAPSHOT_VERSION = 1
API_SECTIONS = ("qbo", "clio")
ReadAs = Literal["pulled", "imported"]
"""How the run that made the fresh snapshot read a side: `pull` reads the APIs, `import` exports."""
EXPORT_TITLE_PREFIX = {"qbo": "QuickBooks Online: ", "clio": "Clio Manage: "}
"""How a `sources.exports` entry (an export's title) names the side it fed."""


def merge_file(
    existing: SourceDocument, fresh: Mapping[str, Any], fmt: Format, *, read_as: ReadAs
) -> bytes:
    """The merged file: the existing one with only the changed sections spliced in (comments,
    order, quoting and layout of everything else kept byte for byte); a fresh file when the
    output is in the other format."""
    plain = existing.plain()
    if existing.format != fmt:
        merged = merge_snapshot(plain, fresh, read_as=read_as, path=existing.path)
        return dump_document(merged, fmt)
    from ledgerlint.snapshot.roundtrip import replace_sections

    changes = merged_sections(plain, fresh, read_as=read_as, path=existing.path)
    return replace_sections(bytes(existing.raw), fmt, changes)


def merge_snapshot(
    existing: Mapping[str, Any],
    fresh: Mapping[str, Any],
    *,
    read_as: ReadAs = "pulled",
    path: str | None = None,
) -> dict[str, Any]:
    """`existing` with the fresh API sections swapped in; every other block kept as it was.

    A side this run did not read keeps its old section (and is marked `carried_over`), so a
    `--only qbo` refresh never deletes the Clio data of an earlier pull.
    """
    changes = merged_sections(existing, fresh, read_as=read_as, path=path)
    merged: dict[str, Any] = {
        "ledgerlint_snapshot": SNAPSHOT_VERSION,
        "captured_at": changes["captured_at"],
        "sources": changes["sources"],
    }
    for key, value in existing.items():
        if key not in merged:
            merged[key] = changes.get(key, value)
    for side in API_SECTIONS:
        if side in changes and side not in merged:
            merged[side] = changes[side]
    return merged


def merged_sections(
    existing: Mapping[str, Any],
    fresh: Mapping[str, Any],
    *,
    read_as: ReadAs = "pulled",
    path: str | None = None,
) -> dict[str, Any]:
    """Only the top-level keys a merge changes: `captured_at`, `sources`, the sides this run
    read (and the format header if the file lacks it). `--merge-into` splices just these into
    the file (`ledgerlint.snapshot.roundtrip.replace_sections`), so that every comment and line
    a person wrote elsewhere stays as it was.

    The sides read are those the fresh snapshot's `sources` marks `read_as`. `sources.exports`
    keeps the entries of the file's carried-over sides (the exports their data came from) and
    adds the fresh ones; `x-` keys a person put in `sources` are kept. `path` names the file
    in the error raised when it is not a format 1 snapshot.
    """
    if not isinstance(existing, Mapping):
        raise SnapshotFormatError(
            "the file to merge into is not a snapshot (not a mapping)", path=path, line=1
        )
    version = existing.get("ledgerlint_snapshot", SNAPSHOT_VERSION)
    if version != SNAPSHOT_VERSION:
        raise SnapshotFormatError(
            f"cannot merge into a format {version!r} snapshot; this ledgerlint writes format 1",
            path=path,
        )
    fresh_sources = fresh.get("sources", {})
    read = [side for side in API_SECTIONS if fresh_sources.get(side) == read_as]
    sources: dict[str, Any] = {}
    for side in API_SECTIONS:
        if side in read:
            sources[side] = read_as
        else:
            sources[side] = "carried_over" if side in existing else "not_pulled"
    old_sources = existing.get("sources")
    old_sources = old_sources if isinstance(old_sources, Mapping) else {}
    carried = [side for side in API_SECTIONS if sources[side] == "carried_over"]
    exports = [*_exports_of(old_sources, carried), *fresh_sources.get("exports", [])]
    if exports:
        sources["exports"] = exports
    sources.update({k: v for k, v in old_sources.items() if str(k).startswith("x-")})
    changes: dict[str, Any] = {}
    if "ledgerlint_snapshot" not in existing:
        changes["ledgerlint_snapshot"] = SNAPSHOT_VERSION
    changes["captured_at"] = fresh["captured_at"]
    changes["sources"] = sources
    changes.update({side: fresh[side] for side in read})
    return changes


def _exports_of(sources: Mapping[str, Any], sides: list[str]) -> list[str]:
    """The `exports` entries of `sources` that fed one of `sides`."""
    entries = sources.get("exports")
    if not isinstance(entries, list):
        return []
    prefixes = tuple(EXPORT_TITLE_PREFIX[side] for side in sides)
    return [e for e in entries if isinstance(e, str) and prefixes and e.startswith(prefixes)]
