"""Replace client names and matter descriptions with stable pseudonyms in every output.

Client identities are protected by the rules of professional conduct (ABA Model Rule 1.6), so
`--redact` must leave none in a report that is shared, uploaded to code scanning or attached to
a ticket. Every name the snapshot holds for a client (Clio contact and matter client names, QBO
customer names, client sub-account names, in both `Last, First` and `First Last` forms) maps to
one token, `Client-001`, numbered in order of first appearance in the snapshot, so the same client
gets the same token across findings and formats within a run and the tokens reveal nothing
(not even alphabetical order). Matter descriptions become `Matter-001` the same way. Bare family
names and the name part of matter numbers (`00007-Pacific Crest`) become `[client]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ledgerlint.books import Books
from ledgerlint.books.names import name_keys as _name_keys
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Fix
from ledgerlint.models.findings import Notification
from ledgerlint.models.report import Report


class Redactor:
    def __init__(
        self, clients: list[list[str]], family_names: dict[str, int], descriptions: list[str]
    ) -> None:
        """`clients`: each client's name variants, in order of first appearance."""
        self._replacements: dict[str, str] = {}
        parent: dict[str, str] = {}

        def find(key: str) -> str:
            while parent.setdefault(key, key) != key:
                key = parent[key]
            return key

        groups: list[tuple[str, list[str]]] = []
        for variants in clients:
            keys = [k for v in variants for k in _name_keys(v)]
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
                if variant.strip():
                    self._replacements.setdefault(variant.strip().casefold(), token)
        for family in family_names:
            if len(family) >= 3 and family.casefold() not in self._replacements:
                self._replacements[family.casefold()] = "[client]"
        for index, description in enumerate(
            dict.fromkeys(d.strip() for d in descriptions if d.strip())
        ):
            self._replacements.setdefault(description.casefold(), f"Matter-{index + 1:03d}")
        alternatives = sorted(self._replacements, key=len, reverse=True)
        self._pattern = (
            re.compile(
                "|".join(rf"(?<!\w){re.escape(a)}(?!\w)" for a in alternatives), re.IGNORECASE
            )
            if alternatives
            else None
        )

    @classmethod
    def for_books(cls, books: Iterable[Books]) -> Redactor:
        names = ProtectedNames()
        for one in books:
            names.add(one)
        return names.redactor()

    def text(self, value: str) -> str:
        """`value` with every client name and matter description replaced."""
        if self._pattern is None or not value:
            return value
        return self._pattern.sub(lambda m: self._replacements[m.group(0).casefold()], value)

    def value(self, value: Any) -> Any:
        """Like `text`, through nested dicts, lists and tuples."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.value(v) for v in value)
        return value

    def redact_report(self, report: Report) -> Report:
        return replace(
            report,
            findings=tuple(self._finding(f) for f in report.findings),
            notifications=tuple(self._notification(n) for n in report.notifications),
            redacted=True,
        )

    def _finding(self, finding: Finding) -> Finding:
        fix = finding.fix
        if fix is not None:
            fix = Fix(
                description=self.text(fix.description),
                patch=tuple(self.value(dict(op)) for op in fix.patch),
                safety=fix.safety,
                edits=tuple(replace(e, text=self.text(e.text)) for e in fix.edits),
            )
        return replace(
            finding,
            message=self.text(finding.message),
            logical=self.text(finding.logical) if finding.logical else finding.logical,
            fix=fix,
            related=tuple((loc, self.text(label)) for loc, label in finding.related),
            properties=self.value(dict(finding.properties)),
        )

    def _notification(self, note: Notification) -> Notification:
        return replace(note, message=self.text(note.message))


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
            add([contact.name, full])
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
            add([customer.DisplayName, customer.CompanyName, given, customer.FullyQualifiedName])
            family(customer.FamilyName)
        chart = books.chart
        for liability in chart.trust_liabilities:
            for account in chart.subaccounts.get(liability.Id, []):
                add([account.Name])
