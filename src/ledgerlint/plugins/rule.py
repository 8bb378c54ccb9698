"""Python rules: the `@rule` decorator, the context a rule receives, and how it says 'not run'."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from typing import NoReturn

from ledgerlint.books import Books
from ledgerlint.models.findings import FixSafety
from ledgerlint.models.findings import Notice
from ledgerlint.models.findings import Problem
from ledgerlint.models.findings import Severity
from ledgerlint.models.jurisdiction import Jurisdiction
from ledgerlint.models.rules import RuleDoc
from ledgerlint.models.rules import RuleMeta
from ledgerlint.models.rules import RuleOption
from ledgerlint.models.snapshot import Snapshot
from ledgerlint.snapshot.loader import SourceDocument

RuleOutput = Iterable[Problem | Notice]


class RuleSkipped(Exception):
    """Raised by a rule whose input is absent: it is reported as 'could not run', not a pass."""


@dataclass
class RuleContext:
    """What a rule sees: the typed snapshot, the books built from it (shared by every rule of
    the snapshot), its options and the jurisdiction table."""

    snapshot: Snapshot
    books: Books
    options: Mapping[str, Any]
    jurisdictions: Mapping[str, Jurisdiction]
    document: SourceDocument | None = None
    """The file the snapshot was read from (YAML rules read plain data from it)."""

    def skip(self, reason: str) -> NoReturn:
        raise RuleSkipped(reason)

    def plain(self, paths: Iterable[tuple[str, ...]] | None = None) -> Any:
        """The snapshot as plain data (dicts, lists, Decimal), holding only what lies under
        `paths` (tuples of keys from the top; None: everything). Decoded from the file on
        demand: for JSON, only the parts asked for are ever built."""
        if self.document is not None:
            return self.document.plain(paths)
        import msgspec

        return msgspec.to_builtins(self.snapshot)


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    check: Callable[[RuleContext], RuleOutput]

    @property
    def id(self) -> str:
        return self.meta.id


_SECTION = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)
_SECTION_NAMES = {
    "why it matters": "why",
    "how to fix": "fix",
    "use instead": "fix",
    "example": "example",
    "references": "references",
}


def parse_docstring(text: str) -> RuleDoc:
    """Split a rule docstring into Ruff-style sections (`## Why it matters`, `## How to fix`…).

    The text before the first section is what the rule finds.
    """
    text = inspect.cleandoc(text or "")
    pieces = _SECTION.split(text)
    sections: dict[str, str] = {"finds": pieces[0].strip()}
    for title, body in zip(pieces[1::2], pieces[2::2], strict=True):
        sections[_SECTION_NAMES.get(title.strip().lower(), title.strip().lower())] = body.strip()
    references = tuple(
        line.lstrip("-* ").strip()
        for line in sections.get("references", "").splitlines()
        if line.strip()
    )
    missing = [name for name in ("why", "fix") if not sections.get(name)]
    if not sections["finds"] or missing:
        raise ValueError(f"rule docstring lacks: {', '.join(missing or ['summary'])}")
    return RuleDoc(
        finds=sections["finds"],
        why=sections["why"],
        fix=sections["fix"],
        example=sections.get("example", ""),
        references=references,
    )


def rule(
    id: str,  # the catalog's word
    name: str,
    *,
    severity: str,
    tags: Iterable[str] = (),
    requires: Iterable[str] = (),
    options: Iterable[RuleOption] = (),
    fix_safety: FixSafety | None = None,
) -> Callable[[Callable[[RuleContext], RuleOutput]], Rule]:
    """Declare a Python rule; its docstring is its documentation (see `parse_docstring`)."""

    def decorate(function: Callable[[RuleContext], RuleOutput]) -> Rule:
        meta = RuleMeta(
            id=id,
            name=name,
            severity=Severity(severity),
            doc=parse_docstring(function.__doc__ or ""),
            tags=tuple(tags),
            fix_safety=fix_safety,
            options=tuple(options),
            requires=tuple(requires),
            source=f"python:{function.__module__}.{function.__name__}",
        )
        return Rule(meta=meta, check=function)

    return decorate
