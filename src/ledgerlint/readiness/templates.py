"""Fill the remediation table's templates from a finding's facts.

A template is `str.format` text: `{client}`, `{amount:money}`. The fields are the finding's
`properties`, plus `subject` (what the finding is about) and `record` (the kind of entry its
location points at, in words: "deposit", "journal entry"). A template naming a field the
finding lacks, or holds empty, is skipped, so a rule lists its templates from the most specific
to the most general.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from collections.abc import Mapping
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from ledgerlint.models.findings import Finding
from ledgerlint.models.money import money

SPECS = ("", "money", "nonzero", "hide", "plural:…")

_RECORDS = {
    "Deposit": "deposit",
    "JournalEntry": "journal entry",
    "Transfer": "transfer",
    "Purchase": "check or expense",
    "Payment": "payment",
    "Invoice": "invoice",
    "Account": "account",
    "bank_transactions": "Clio trust transaction",
    "bills": "Clio bill",
    "matters": "Clio matter",
}
_ENTITY = re.compile(r"^/(?:qbo|clio)/([^/]+)/")


class _Missing(Exception):
    """A field the finding lacks: the template does not apply."""


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _Missing from None


class _Formatter(string.Formatter):
    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        value = kwargs.get(str(key))
        if value is None or value == "" or value == [] or value == ():
            raise _Missing
        return value

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "hide":
            return ""
        if format_spec == "money":
            return money(_amount(value))
        if format_spec == "nonzero":
            amount = _amount(value)
            if amount == 0:
                raise _Missing
            return money(amount)
        if format_spec.startswith("plural:"):
            one, _, many = format_spec.removeprefix("plural:").partition("/")
            return f"{value} {one if str(value) == '1' else (many or one + 's')}"
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return str(value)


_FORMATTER = _Formatter()


def facts(finding: Finding) -> dict[str, Any]:
    """The fields a template may use for this finding."""
    fields: dict[str, Any] = dict(finding.properties)
    if finding.logical:
        fields["subject"] = finding.logical
    match = _ENTITY.match(finding.location.pointer)
    if match and match.group(1) in _RECORDS:
        fields["record"] = _RECORDS[match.group(1)]
    return fields


def fill(templates: Iterable[str], fields: Mapping[str, Any]) -> str | None:
    """The first template whose fields are all present, filled in; None if none applies."""
    for template in templates:
        try:
            text = _FORMATTER.vformat(template, (), fields)
        except _Missing:
            continue
        return text[:1].upper() + text[1:]
    return None


def template_fields(template: str) -> list[tuple[str, str]]:
    """(field, format spec) of each placeholder; raises ValueError on a malformed template."""
    return [
        (name, spec or "")
        for _, name, spec, _ in string.Formatter().parse(template)
        if name is not None
    ]
