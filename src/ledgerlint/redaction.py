"""Replace client names and matter descriptions with stable pseudonyms in every output.

Client identities are protected by the rules of professional conduct (ABA Model Rule 1.6), so
`--redact` must leave none in a report that is shared, uploaded to code scanning or attached to
a ticket. Every name the snapshot holds for a client (Clio contact and matter client names, QBO
customer names, client sub-account names, in both `Last, First` and `First Last` forms) maps to
one token, `Client-001`, numbered in order of first appearance in the snapshot, so the same client
gets the same token across findings and formats within a run and the tokens reveal nothing
(not even alphabetical order). Matter descriptions become `Matter-001` the same way. Bare family
names and the name part of matter numbers (`00007-Pacific Crest`) become `[client]`.

Names are matched in folded form (`fold`): compatibility-decomposed, fully case-folded, accents
and invisible format characters dropped, punctuation and spaces as one space; so `WEISS`,
`Weiss` and `Weiß`, `Griffin` and `Griﬃn`, `ILAYDA` and `İlayda`, `O'Connor` and `O’Connor` are
one name. Folding changes lengths, so matches are found in the folded text and mapped back to
the original characters (`_Folded`). Every text field of a report is redacted except the few
that never hold snapshot text (`_KEPT_FIELDS`): a new field is covered without being listed.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import replace
from enum import Enum
from functools import lru_cache
from itertools import pairwise
from typing import Any

from ledgerlint.books import Books
from ledgerlint.books.names import name_keys as _name_keys
from ledgerlint.models.findings import Notification
from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import ReconciliationReport
from ledgerlint.models.report import Report

# Fields that never hold snapshot text (identifiers, enumerations, paths the user chose), and
# the rules' own documentation. Every other text field of a report is redacted: a new field is
# covered without anyone remembering to add it.
_KEPT_FIELDS = frozenset(
    {
        "rule_id",
        "rule_name",
        "severity",
        "fingerprint",
        "key",
        "kind",
        "safety",
        "basis",
        "file",
        "files",
        "rules",
        "pointer",
        "firm",  # the law firm's own name, not a client's
    }
)
_KEPT_SUFFIXES = ("_pointer", "_key")
_WORD = re.compile(r"\w+")
_TRAILING = re.compile(r"[^\w\s]+$")
_FOLDED_LETTERS = {"\u0131": "i"}  # Turkish dotless ı: `YILMAZ` casefolds to `yilmaz`


def _trailing_punctuation(name: str) -> str:
    found = _TRAILING.search(name.strip())
    return found.group(0) if found else ""


@lru_cache(maxsize=65536)
def _fold_piece(piece: str) -> str:
    """One character with its combining marks, folded: compatibility decomposition (ligatures
    apart, full-width to ASCII), full case folding (`ß` to `ss`), marks dropped (`é` to `e`, the
    dot of `İ`), punctuation and spaces to one space, invisible format characters to nothing."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", piece).casefold())
    out = []
    for char in folded:
        category = unicodedata.category(char)
        if category[0] == "M" or category == "Cf":
            continue
        if category[0] in "PZ" or char.isspace():
            out.append(" ")
        else:
            out.append(_FOLDED_LETTERS.get(char, char))
    return "".join(out)


def fold(text: str) -> str:
    """The form protected names are compared in: the words of `text` after `_fold_piece`."""
    return " ".join(_words(text))


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_Folded(text).text))


class _Folded:
    """`text` folded for matching, with each folded character's span in the original text, so
    that a match maps back to exactly the original characters it came from (folding changes
    lengths: `Weiß` is 4 characters, `weiss` 5; `ﬃ` is 1, `ffi` 3)."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        index = 0
        while index < len(text):
            end = index + 1
            while end < len(text) and unicodedata.category(text[end])[0] == "M":
                end += 1  # a base character and its combining marks fold together
            piece = _fold_piece(text[index:end])
            if not piece and self.ends:
                self.ends[-1] = end  # an invisible character joins the one on its left
            for char in piece:
                if char == " " and chars and chars[-1] == " ":
                    self.ends[-1] = end  # a run of spaces and punctuation is one space
                    continue
                chars.append(char)
                self.starts.append(index)
                self.ends.append(end)
            index = end
        self.text = "".join(chars)


class Redactor:
    def __init__(
        self, clients: list[list[str]], family_names: dict[str, int], descriptions: list[str]
    ) -> None:
        """`clients`: each client's name variants, in order of first appearance."""
        self._replacements: dict[tuple[str, ...], str] = {}
        self._trailing: dict[tuple[str, ...], str] = {}
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        parent: dict[str, str] = {}

        def find(key: str) -> str:
            while parent.setdefault(key, key) != key:
                key = parent[key]
            return key

        groups: list[tuple[str, tuple[str, ...]]] = []
        for variants in dict.fromkeys(tuple(v for v in names if v) for names in clients):
            # The catalog's keys (`Last, First` = `First Last`), folded like the text is.
            keys = [fold(k) for v in variants for k in _name_keys(v)]
            if not keys:
                continue
            for key in keys[1:]:
                parent[find(key)] = find(keys[0])
            groups.append((keys[0], variants))
        tokens: dict[str, str] = {}
        for first_key, variants in groups:
            root = find(first_key)
            token = tokens.setdefault(root, f"Client-{len(tokens) + 1:03d}")
            for variant in variants:
                # `Inc.`: the folded name ends before its final punctuation; that goes too.
                self._protect(variant, token, _trailing_punctuation(variant))
        for family in family_names:
            if len(fold(family)) >= 3:
                self._protect(family, "[client]")
        matters: dict[tuple[str, ...], str] = {}
        for description in descriptions:
            words = _words(description)
            if words and words not in matters:
                matters[words] = f"Matter-{len(matters) + 1:03d}"
                self._protect(description, matters[words])
        # Longest first, so `Weiß, Anna` wins over `Weiß` where both match.
        for candidates in self._by_first.values():
            candidates.sort(key=lambda words: -len(words))

    def _protect(self, name: str, token: str, trailing: str = "") -> None:
        words = _words(name)
        if not words or words in self._replacements:
            return
        self._replacements[words] = token
        self._trailing[words] = trailing
        self._by_first.setdefault(words[0], []).append(words)

    @classmethod
    def for_books(cls, books: Iterable[Books]) -> Redactor:
        names = ProtectedNames()
        for one in books:
            names.add(one)
        return names.redactor()

    def text(self, value: str) -> str:
        """`value` with every client name and matter description replaced, matched as whole
        words in folded form (see `fold`) and replaced in the original text."""
        if not self._replacements or not value:
            return value
        folded = _Folded(value)
        words = list(_WORD.finditer(folded.text))
        out: list[str] = []
        done = 0
        index = 0
        while index < len(words):
            found = self._match_at(folded.text, words, index)
            if found is None:
                index += 1
                continue
            last = words[index + len(found) - 1]
            start, end = folded.starts[words[index].start()], folded.ends[last.end() - 1]
            index += len(found)
            if start < done:
                continue  # inside a character already replaced (a ligature split by a match)
            trailing = self._trailing[found]
            if trailing and value.startswith(trailing, end):
                end += len(trailing)
            out += [value[done:start], self._replacements[found]]
            done = end
        if not out:
            return value
        return "".join(out) + value[done:]

    def _match_at(
        self, text: str, words: list[re.Match[str]], index: int
    ) -> tuple[str, ...] | None:
        """The longest protected name whose words start at `words[index]`, each separated from
        the next by exactly one space in the folded text."""
        for candidate in self._by_first.get(words[index].group(), ()):
            size = len(candidate)
            if index + size > len(words):
                continue
            span = words[index : index + size]
            if all(w.group() == c for w, c in zip(span, candidate, strict=True)) and all(
                text[a.end() : b.start()] == " " for a, b in pairwise(span)
            ):
                return candidate
        return None

    def value(self, value: Any) -> Any:
        """Every text in `value` redacted: strings, the keys and values of mappings, the items
        of lists and tuples, and the fields of dataclasses but those in `_KEPT_FIELDS`."""
        if isinstance(value, Enum):
            return value
        if isinstance(value, str):
            return self.text(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: self.value(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.name not in _KEPT_FIELDS and not f.name.endswith(_KEPT_SUFFIXES)
            }
            return replace(value, **changes)
        if isinstance(value, Mapping):
            return {self.value(k): self.value(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.value(v) for v in value)
        return value

    def redact_report(self, report: Report) -> Report:
        redacted = self.value(report)
        # Re-sorted by the new text: the old order would hint at the real names.
        notifications = tuple(sorted(redacted.notifications, key=Notification.sort_key))
        return replace(redacted, notifications=notifications, redacted=True)

    def redact_reconciliation(self, report: ReconciliationReport) -> ReconciliationReport:
        redacted = self.value(report)
        accounts = tuple(
            replace(
                account,
                clients=_by_pseudonym(account.clients),
                clients_now=_by_pseudonym(account.clients_now),
            )
            for account in redacted.accounts
        )
        return replace(redacted, accounts=accounts, redacted=True)


def _by_pseudonym(table: ClientTable | None) -> ClientTable | None:
    """A client table re-sorted by the new names: the old order would hint at the real ones."""
    if table is None:
        return None
    return replace(table, rows=tuple(sorted(table.rows, key=lambda r: r.client.casefold())))


class ProtectedNames:
    """The protected names of snapshots read one after another, so a multi-file run need not
    keep every snapshot in memory until the report is redacted."""

    def __init__(self) -> None:
        self.clients: list[list[str]] = []
        self.families: dict[str, int] = {}
        self.descriptions: list[str] = []

    def add(self, books: Books) -> None:
        _collect(books, self.clients, self.families, self.descriptions)

    def merge(self, other: ProtectedNames) -> None:
        """Add names collected elsewhere (a worker process), as if added here in turn."""
        self.clients += other.clients
        for family, count in other.families.items():
            self.families[family] = self.families.get(family, 0) + count
        self.descriptions += other.descriptions

    def redactor(self) -> Redactor:
        return Redactor(self.clients, self.families, self.descriptions)


def _collect(
    books: Books, clients: list[list[str]], families: dict[str, int], descriptions: list[str]
) -> None:
    def add(names: Iterable[str | None]) -> None:
        clients.append([n for n in names if n])

    def family(name: str | None) -> None:
        if name:
            families[name] = families.get(name, 0) + 1

    snapshot = books.snapshot
    clio = snapshot.clio
    if clio is not None:
        for contact in clio.contacts or []:
            full = " ".join(p for p in (contact.first_name, contact.last_name) if p)
            reverse = ", ".join(p for p in (contact.last_name, contact.first_name) if p)
            add([contact.name, full, reverse])
            family(contact.last_name)
        for matter in clio.matters or []:
            if matter.client:
                add([matter.client.name])
            if matter.description:
                descriptions.append(matter.description)
            # Clio's default matter numbers end in the client's name: `00007-Pacific Crest`.
            number = matter.display_number or ""
            if "-" in number and any(c.isalpha() for c in number.split("-", 1)[1]):
                family(number.split("-", 1)[1].strip())
        for bill in clio.bills or []:
            if bill.client:
                add([bill.client.name])
        for transaction in clio.bank_transactions or []:
            if transaction.client:
                add([transaction.client.name])
    qbo = snapshot.qbo
    if qbo is not None:
        for customer in qbo.Customer or []:
            given = " ".join(p for p in (customer.GivenName, customer.FamilyName) if p)
            reverse = ", ".join(p for p in (customer.FamilyName, customer.GivenName) if p)
            names = [customer.DisplayName, customer.CompanyName, given, reverse]
            add([*names, customer.FullyQualifiedName])
            family(customer.FamilyName)
        chart = books.chart
        for liability in chart.trust_liabilities:
            for account in chart.subaccounts.get(liability.Id, []):
                add([account.Name])
