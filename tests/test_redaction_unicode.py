"""Redaction holds for every name: Unicode forms (ß/SS, ligatures, dotted İ, curly quotes) in
every output of `check` and `reconcile`; text outputs escape control and bidi characters."""

from __future__ import annotations

import html
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from helpers import fixture
from helpers import registry
from helpers import to_json_bytes

from ledgerlint.api import lint
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Fix
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Notification
from ledgerlint.models.findings import Severity
from ledgerlint.models.findings import TextEdit
from ledgerlint.models.report import Report
from ledgerlint.reconcile_api import reconcile
from ledgerlint.redaction import Redactor
from ledgerlint.redaction import fold
from ledgerlint.reporters import renderer

RENAMES = [
    ("Martinez, Elena", "Weiß, Anna"),
    ("Elena Martinez", "Anna Weiß"),
    ("Martinez", "Weiß"),
    ("Elena", "Anna"),
    ("Tanaka, Aiko", "Yılmaz, İlayda"),
    ("Aiko Tanaka", "İlayda Yılmaz"),
    ("Tanaka", "Yılmaz"),
    ("Aiko", "İlayda"),
    ("Pacific Crest Builders, Inc.", "Griﬃn Builders, Inc."),  # an ffi ligature
    ("Pacific Crest", "Griﬃn"),
    ("O'Connor", "O’Connor"),  # a typographic apostrophe
    ("IOLTA Trust", "IOLTA Trust\x1b[2J\u202eevil"),  # terminal and bidi controls
]
# QuickBooks spells the client sub-accounts differently from Clio (upper case, no ligature,
# ASCII), and each one differs in balance, so the findings quote both spellings.
SUB_ACCOUNTS = {
    "41": "WEISS, Anna",
    "42": "Griffin Builders, Inc.",
    "43": "O'Connor, James",
    "44": "YILMAZ, ILAYDA",
}
# Every name of every client as the snapshot spells it anywhere, and the family names.
PROTECTED = [
    "Anna Weiß",
    "Weiß, Anna",
    "WEISS, Anna",
    "Weiß",
    "İlayda Yılmaz",
    "Yılmaz, İlayda",
    "YILMAZ, ILAYDA",
    "Yılmaz",
    "Griﬃn Builders, Inc.",
    "Griffin Builders, Inc.",
    "James O’Connor",
    "O'Connor, James",
    "O’Connor",
]


def _rename(value: Any) -> Any:
    if isinstance(value, str):
        for old, new in RENAMES:
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {k: _rename(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v) for v in value]
    return value


@pytest.fixture(scope="module")
def snapshot_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = _rename(fixture())
    for account in data["qbo"]["Account"]:
        if account["Id"] in SUB_ACCOUNTS:
            account["Name"] = SUB_ACCOUNTS[account["Id"]]
            account["FullyQualifiedName"] = f"Client Trust Liability:{account['Name']}"
    for matter in data["clio"]["matters"]:
        for balance in matter.get("account_balances") or []:
            if Decimal(balance["balance"]) and matter["status"] == "Open":
                balance["balance"] = str(Decimal(balance["balance"]) - Decimal("10.00"))
    path = tmp_path_factory.mktemp("unicode") / "firm.json"
    path.write_bytes(to_json_bytes(data))
    return path


def _forms(name: str) -> set[str]:
    """The name as typed, in each case and normal form, and without accents."""
    forms = {name, name.upper(), name.lower(), name.casefold()}
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        forms.add(unicodedata.normalize(form, name))
        forms.add(unicodedata.normalize(form, name).casefold())
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return forms | {bare, bare.casefold()}


def _leaks(output: str) -> list[str]:
    """Protected names found in `output`, in any form, as text or as folded words."""
    plain = html.unescape(unquote(output))
    lowered = plain.casefold()
    folded = fold(plain)
    found = set()
    for name in PROTECTED:
        if any(form in plain or form.casefold() in lowered for form in _forms(name)):
            found.add(name)
        if re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded):
            found.add(name)
    return sorted(found)


def _outputs(path: Path, *, redact: bool) -> dict[str, str]:
    import importlib

    report = lint([path], registry=registry(), redact=redact)
    outputs = {f"check {fmt}": renderer(fmt)(report) for fmt in ("text", "json", "sarif", "github")}
    reconciliation = reconcile(path, redact=redact)
    for fmt in ("text", "markdown", "html", "json"):
        module = importlib.import_module(f"ledgerlint.reporters.reconcile_{fmt}")
        outputs[f"reconcile {fmt}"] = module.render(reconciliation)
    return outputs


def test_every_output_names_the_clients_without_redaction(snapshot_file: Path) -> None:
    """The search below can fail: unredacted, every format holds every client, in both the
    Clio and the QuickBooks spelling."""
    for fmt, output in _outputs(snapshot_file, redact=False).items():
        families = {fold(n) for n in ("Weiß", "Yılmaz", "Griffin Builders", "O’Connor")}
        missing = [f for f in families if f not in fold(html.unescape(unquote(output)))]
        assert missing == [], fmt


def test_redacted_outputs_hold_no_protected_name_in_any_form(snapshot_file: Path) -> None:
    """`--redact`: no format of check or reconcile holds any client name in any case or
    normal form (ß/SS, the ffi ligature, dotted and dotless i, curly apostrophes)."""
    for fmt, output in _outputs(snapshot_file, redact=True).items():
        assert _leaks(output) == [], fmt
        assert "Client-00" in output, fmt


def test_same_client_same_token_across_spellings() -> None:
    """Each spelling of a client maps to its one token; folding never merges two clients."""
    redactor = Redactor(
        [["Anna Weiß", "Weiß, Anna"], ["İlayda Yılmaz"], ["Griﬃn Builders, Inc."], ["Anna Weiss"]],
        {"Weiß": 1, "Yılmaz": 1},
        ["Estate of Müller"],
    )
    same = {
        "Client-001": [
            "ANNA WEISS",
            "Weiss, Anna",
            "anna weiß",
            "Wei\u200bß, Anna",
            "ＡＮＮＡ ＷＥＩＳＳ",
        ],
        "Client-002": ["ILAYDA YILMAZ", "i̇layda yılmaz", "Ilayda Yilmaz", "İLAYDA YILMAZ"],
        "Client-003": ["GRIFFIN BUILDERS, INC.", "Griffin Builders Inc", "griﬃn builders  inc."],
        "Matter-001": ["ESTATE OF MULLER", "Estate of Mu\u0308ller"],
        "[client]": ["WEISS", "Yilmaz"],
    }
    for token, spellings in same.items():
        for spelling in spellings:
            assert redactor.text(spelling) == token, spelling
    assert redactor.text("Weißbier and Weissman") == "Weißbier and Weissman"  # whole words only


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Client Trust Liability:Weiß, Anna", "Client Trust Liability:Client-001"),
        ("Refund to WEISS, ANNA (memo)", "Refund to Client-001 (memo)"),
        ("Griﬃn Builders, Inc. paid", "Client-003 paid"),  # with the name's final period
        ("from İlayda Yılmaz.", "from Client-002."),
        ("Weiß; Yılmaz", "[client]; [client]"),
    ],
)
def test_a_match_maps_back_to_the_original_span(text: str, expected: str) -> None:
    """Folding changes lengths (ß→ss, ﬃ→ffi, İ→i̇): the replacement covers exactly the
    original characters, the text around them is kept byte for byte."""
    redactor = Redactor(
        [["Anna Weiß", "Weiß, Anna"], ["İlayda Yılmaz"], ["Griﬃn Builders, Inc."]],
        {"Weiß": 1, "Yılmaz": 1},
        [],
    )
    assert redactor.text(text) == expected


def test_every_text_field_of_a_report_is_redacted() -> None:
    """A finding with a client's name in every field that can hold text — message, subject
    (SARIF logical location), related labels, property keys and values, the fix's description,
    patch and edits, notifications — comes out of every format without it."""
    name = "Anna Weiß"
    location = Location("firm.yaml", "/qbo/Account/3", 4, 7)
    finding = Finding(
        rule_id="RC002",
        rule_name="client-ledger-mismatch",
        severity=Severity.ERROR,
        message=f"Memo quotes {name.upper()}",
        location=location,
        fingerprint="0" * 32,
        key="/qbo/Account/[Id=41]",
        fix=Fix(
            description=f"Rename to {name}",
            patch=({"op": "replace", "path": "/qbo/Account/3/Name", "value": f"WEISS, {name}"},),
            edits=(TextEdit(4, 7, 12, f"'{name}'"),),
        ),
        related=((location, "the sub-account of Weiss, Anna"),),
        properties={"client": name, "balances": {name: "10.00"}, "names": [name]},
        logical="Client Trust Liability:Weiß, Anna",
    )
    note = Notification("RC002", f"ambiguous: {name} or {name}", "ambiguous", "firm.yaml")
    report = Report(("firm.yaml",), (registry().rules["RC002"].meta,), (finding,), (note,))
    redacted = Redactor([[name, "Weiß, Anna"]], {"Weiß": 1}, []).redact_report(report)
    assert redacted.findings[0].location == location
    assert redacted.findings[0].fingerprint == finding.fingerprint
    for fmt in ("text", "json", "sarif", "github"):
        output = renderer(fmt)(redacted)
        assert "weiss" not in fold(output), fmt
        assert "Client-001" in output, fmt


def test_text_outputs_escape_control_and_bidi_characters(snapshot_file: Path) -> None:
    """An ESC sequence or a right-to-left override from the snapshot is shown as an escape in
    check text, reconcile text and the github format: it never reaches the terminal raw."""
    report = lint([snapshot_file], registry=registry())
    reconciliation = reconcile(snapshot_file)
    from ledgerlint.reporters import reconcile_text

    outputs = {
        "check text": renderer("text")(report),
        "check github": renderer("github")(report),
        "reconcile text": reconcile_text.render(reconciliation),
    }
    for fmt, output in outputs.items():
        assert "IOLTA Trust\\x1b[2J\\u202eevil" in output, fmt
        assert "\x1b" not in output and "\u202e" not in output, fmt


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b[31mb", "a\\x1b[31mb"),
        ("line\nbreak\r", "line\\x0abreak\\x0d"),
        ("\u202eSmith\u2066\u200f", "\\u202eSmith\\u2066\\u200f"),
        ("\x7f\x9b", "\\x7f\\x9b"),
        ("Weiß, Anna\tok", "Weiß, Anna\\x09ok"),
    ],
)
def test_escape_controls(raw: str, shown: str) -> None:
    """C0, DEL, C1 and bidi controls become visible escapes; other text is untouched."""
    from ledgerlint.reporters.terminal import escape_controls

    assert escape_controls(raw) == shown


def test_every_text_field_of_a_reconciliation_is_redacted() -> None:
    """Account names (bank, liability, Clio, statement), balance labels, later transactions'
    descriptions, client rows in either layout, ambiguous candidates and notes: every
    reconcile format leaves none of a client's names."""
    import importlib
    from datetime import date
    from datetime import datetime

    from ledgerlint.models.reconciliation import Adjustment
    from ledgerlint.models.reconciliation import AmbiguousMatch
    from ledgerlint.models.reconciliation import ClientBalance
    from ledgerlint.models.reconciliation import ClientTable
    from ledgerlint.models.reconciliation import ReconciliationReport
    from ledgerlint.models.reconciliation import RolledBalance
    from ledgerlint.models.reconciliation import StatementFigures
    from ledgerlint.models.reconciliation import TrustAccountReconciliation

    later = (Adjustment(date(2026, 11, 2), "Deposit memo: retainer from ANNA WEISS", Decimal(5)),)
    statement = StatementFigures(
        "IOLTA Weiß", date(2026, 10, 31), Decimal(100), Decimal(0), Decimal(0), None, "/bank"
    )

    def account(basis: Any) -> TrustAccountReconciliation:
        return TrustAccountReconciliation(
            bank_account="IOLTA Weiß",
            bank_pointer="/qbo/Account/1",
            bank_key="/qbo/Account/[Id=1]",
            liability_account="Client Trust Liability:Weiß, Anna",
            clio_account="Weiß Estate trust",
            statement=statement,
            books=RolledBalance("IOLTA Weiß", Decimal(100), later),
            liability=RolledBalance("Client Trust Liability:Weiß, Anna", Decimal(100), later),
            clio=RolledBalance("Weiß Estate trust", Decimal(100), later),
            clients=ClientTable(
                basis=basis,
                as_of=date(2026, 10, 31),
                rows=(ClientBalance("Anna Weiß", "WEISS, Anna", Decimal(100), Decimal(90)),),
                ambiguous=(AmbiguousMatch("Weiss, Anna", ("Anna Weiß", "A. Weiß")),),
                unavailable="the customer Anna Weiß has no postings",
            ),
            notes=("note about Weiß, Anna",),
        )

    report = ReconciliationReport(
        file="firm.yaml",
        firm="Harbor & Vale LLP",
        captured_at=datetime(2026, 11, 20, 9, 0),
        accounts=(account("sub-accounts"), account("customers")),
        notes=("Weiß: one more note",),
    )
    redacted = Redactor([["Anna Weiß", "Weiß, Anna"]], {"Weiß": 1}, []).redact_reconciliation(
        report
    )
    assert redacted.redacted and redacted.accounts[1].clients.basis == "customers"  # type: ignore[union-attr]
    for fmt in ("text", "markdown", "html", "json"):
        output = importlib.import_module(f"ledgerlint.reporters.reconcile_{fmt}").render(redacted)
        assert "weiss" not in fold(html.unescape(output)), fmt
        assert "Client-001" in output, fmt
