"""`ledgerlint diff` as text, JSON or Markdown (for a pull-request comment)."""

from __future__ import annotations

from typing import Any

from ledgerlint import __version__
from ledgerlint.models.diff import SnapshotDiff
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Severity
from ledgerlint.reporters.json_report import finding_dict
from ledgerlint.reporters.json_report import to_json

DIFF_FORMATS = ("text", "json", "markdown")


def render(diff: SnapshotDiff, fmt: str) -> str:
    return {"text": _text, "json": _json, "markdown": _markdown}[fmt](diff)


def _summary(diff: SnapshotDiff) -> str:
    counts = diff.counts()
    parts = [f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    introduced = f"{len(diff.introduced)} introduced"
    if parts:
        introduced += f" ({', '.join(parts)})"
    text = f"{introduced}, {len(diff.fixed)} fixed, {diff.unchanged} unchanged"
    return text + (" (client names redacted)." if diff.redacted else ".")


def _where(finding: Finding) -> str:
    loc = finding.location
    return f"{loc.file}:{loc.line}:{loc.column}" if loc.line else loc.file


def _text(diff: SnapshotDiff) -> str:
    lines: list[str] = []
    for title, findings in (
        (f"Introduced in {diff.new}", diff.introduced),
        (f"Fixed since {diff.old}", diff.fixed),
    ):
        if findings:
            lines.append(f"{title} ({len(findings)}):")
            lines += [
                f"  {_where(f)}  {f.severity.value:<7}  {f.rule_id} {f.message}  [{f.rule_name}]"
                for f in findings
            ]
            lines.append("")
    for note in diff.errors():
        lines.append(f"{note.file}: {note.rule_id} {note.kind}: {note.message}")
    lines.append(_summary(diff))
    return "\n".join(lines) + "\n"


def _json(diff: SnapshotDiff) -> str:
    document: dict[str, Any] = {
        "version": 1,
        "tool": {"name": "ledgerlint", "version": __version__},
        "old": diff.old,
        "new": diff.new,
        "redacted": diff.redacted,
        "summary": {
            "introduced": len(diff.introduced),
            **{s.value: n for s, n in diff.counts().items()},
            "fixed": len(diff.fixed),
            "unchanged": diff.unchanged,
        },
        "introduced": [finding_dict(f) for f in diff.introduced],
        "fixed": [finding_dict(f) for f in diff.fixed],
        "errors": [
            {"rule": n.rule_id, "file": n.file, "message": n.message} for n in diff.errors()
        ],
    }
    return to_json(document)


def _cell(text: str) -> str:
    """Table-cell text: no line breaks, pipes escaped, Markdown and HTML specials neutralised."""
    flat = " ".join(text.split())
    for special in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        flat = flat.replace(special, "\\" + special)
    return flat


def _code(text: str) -> str:
    """Text for a code span: it shows as is, so only backticks and line breaks must go."""
    return " ".join(text.split()).replace("`", "'")


_MARKS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def _markdown(diff: SnapshotDiff) -> str:
    introduced = len(diff.introduced)
    head = "introduces problems" if introduced else "introduces no problems"
    lines = [
        f"### ledgerlint: this change {head}",
        "",
        f"`{_code(diff.old)}` → `{_code(diff.new)}`: **{_summary(diff)}**",
    ]
    for title, findings in (("Introduced", diff.introduced), ("Fixed", diff.fixed)):
        if not findings:
            continue
        lines += [
            "",
            f"#### {title}",
            "",
            "| Severity | Rule | Where | Finding |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {_MARKS[f.severity]} | {f.rule_id} {_cell(f.rule_name)} | "
            f"{_cell(_where(f))} | {_cell(f.message)} |"
            for f in findings
        ]
    for note in diff.errors():
        lines += ["", f"> **{note.rule_id} failed:** {_cell(note.message)}"]
    return "\n".join(lines) + "\n"
