"""The remediation table (`remediation.yaml`) as typed values, with a generic entry for rules
it does not list.

The file ships with ledgerlint and is validated against `remediation.schema.json` by the test
suite, not on every run (that would put `jsonschema` on the start-up path of `check`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ledgerlint.models.rules import RuleMeta

SYSTEMS = ("QuickBooks", "Clio", "Bank", "Firm", "ledgerlint")
MATCHES = ("file", "client", "amount")


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    explain: str


@dataclass(frozen=True)
class Step:
    """One thing to do in one system: where (the click-path), what, and the value to set."""

    phase: str
    system: str
    path: tuple[str, ...]
    do: str
    set: tuple[str, ...] = ()
    """Templates of the value to set, filled per finding."""

    def where(self) -> str:
        return " → ".join(self.path)


@dataclass(frozen=True)
class Cause:
    """Findings of `rule` that this rule's findings cause, and whether fixing it clears them."""

    rule: str
    match: tuple[str, ...]
    clears: bool = False


@dataclass(frozen=True)
class Remedy:
    rule_id: str
    title: str
    impact: str
    finding: tuple[str, ...]
    steps: tuple[Step, ...]
    money: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    causes: tuple[Cause, ...] = ()
    generic: bool = False
    """Built from the rule's documentation because the table does not list the rule."""


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    means: str
    match: tuple[str, ...]

    def pattern(self) -> re.Pattern[str]:
        words = "|".join(re.escape(m) for m in sorted(self.match, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class RemediationTable:
    phases: tuple[Phase, ...]
    default_phase: dict[str, str]
    glossary: tuple[GlossaryEntry, ...]
    remedies: dict[str, Remedy]

    def phase_index(self, phase: str) -> int:
        return next(i for i, p in enumerate(self.phases) if p.id == phase)

    def phase(self, phase: str) -> Phase:
        return self.phases[self.phase_index(phase)]

    def remedy(self, meta: RuleMeta) -> Remedy:
        """The rule's entry, or a generic one built from its documentation."""
        return self.remedies.get(meta.id) or generic_remedy(meta, self._default_phase(meta.id))

    def _default_phase(self, rule_id: str) -> str:
        prefix = re.match(r"[A-Z]*", rule_id)
        return self.default_phase.get(prefix.group(0) if prefix else "", self.default_phase["*"])


def table_text() -> str:
    return resources.files("ledgerlint.readiness").joinpath("remediation.yaml").read_text("utf-8")


def table_schema() -> dict[str, Any]:
    import json

    text = resources.files("ledgerlint.readiness").joinpath("remediation.schema.json")
    return dict(json.loads(text.read_text("utf-8")))


@lru_cache(maxsize=1)
def load_table() -> RemediationTable:
    """The shipped table, read once per process."""
    from ledgerlint.snapshot.loader import safe_yaml

    return parse_table(safe_yaml(table_text()))


def parse_table(data: dict[str, Any]) -> RemediationTable:
    remedies = {
        rule_id: Remedy(
            rule_id=rule_id,
            title=entry["title"].strip(),
            impact=entry["impact"].strip(),
            finding=tuple(entry["finding"]),
            steps=tuple(
                Step(
                    phase=step["phase"],
                    system=step["system"],
                    path=tuple(step["path"]),
                    do=step["do"].strip(),
                    set=tuple(step.get("set") or ()),
                )
                for step in entry["steps"]
            ),
            money=tuple(entry.get("money") or ()),
            depends_on=tuple(entry.get("depends_on") or ()),
            causes=tuple(
                Cause(c["rule"], tuple(c["match"]), bool(c.get("clears", False)))
                for c in entry.get("causes") or ()
            ),
        )
        for rule_id, entry in data["rules"].items()
    }
    return RemediationTable(
        phases=tuple(Phase(p["id"], p["title"], p["explain"].strip()) for p in data["phases"]),
        default_phase=dict(data["default_phase"]),
        glossary=tuple(
            GlossaryEntry(g["term"], g["means"].strip(), tuple(g["match"]))
            for g in data["glossary"]
        ),
        remedies=remedies,
    )


# --- rules the table does not list -----------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_SYSTEM_WORDS = (("QuickBooks", "QuickBooks"), ("Clio", "Clio"), ("bank", "Bank"))


def generic_remedy(meta: RuleMeta, phase: str) -> Remedy:
    """One step from the rule's "How to fix": its sentences that name no snapshot field (those
    in backticks) and do not speak of the snapshot file; the system is the first one named."""
    text = " ".join(meta.doc.fix.split())
    sentences = [
        s for s in _SENTENCE.split(text) if "`" not in s and "snapshot" not in s.casefold()
    ]
    instruction = " ".join(sentences) or "Follow the rule's documentation."
    named = [
        (match.start(), name)
        for word, name in _SYSTEM_WORDS
        if (match := re.search(rf"\b{word}\b", instruction))
    ]
    system = min(named)[1] if named else "ledgerlint"
    path = _click_path(instruction)  # empty when the docs give none
    finds = " ".join(meta.doc.finds.split("\n\n", 1)[0].split())
    title = finds if "`" not in finds else meta.name.replace("-", " ").capitalize()
    return Remedy(
        rule_id=meta.id,
        title=title.rstrip("."),
        impact=_first_sentence(meta.doc.why),
        finding=("{subject}",),
        steps=(Step(phase=phase, system=system, path=path, do=instruction),),
        generic=True,
    )


def _click_path(text: str) -> tuple[str, ...]:
    """The first `A → B → C` run in the text, as its segments."""
    match = re.search(r"([\w()'&/ -]+(?:\s*→\s*[\w()'&/ -]+)+)", text)
    if not match:
        return ()
    parts = [p.strip(" ,.;:") for p in match.group(1).split("→")]
    first = re.split(r":\s*", parts[0])[-1]
    first = re.sub(
        r"^(?:In|in|Open|open|Go to|go to)\s+(?:QuickBooks Online|QuickBooks|Clio)?\s*", "", first
    )
    return tuple(p for p in [first.strip(), *parts[1:]] if p)


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    sentence = _SENTENCE.split(flat, 1)[0]
    return sentence if "`" not in sentence else "See the rule's documentation."
