"""RC001/RC002 on a single trust liability account (no client sub-accounts): per-client balances
are derived from the postings naming each customer, which a case file's patch cannot set up."""

from __future__ import annotations

from typing import Any

from helpers import findings
from helpers import fixture
from helpers import notes

SUBACCOUNTS = {"41", "42", "43", "44", "45"}


def single_account() -> Any:
    """The clean fixture with every client sub-account folded into `Client Trust Liability`."""
    data = fixture()
    qbo = data["qbo"]
    qbo["Account"] = [a for a in qbo["Account"] if a["Id"] not in SUBACCOUNTS]
    liability = next(a for a in qbo["Account"] if a["Id"] == "40")
    liability["CurrentBalance"] = liability["CurrentBalanceWithSubAccounts"]

    def repoint(ref: dict[str, Any] | None) -> None:
        if ref and ref.get("value") in SUBACCOUNTS:
            ref.update(value="40", name="Client Trust Liability")

    for deposit in qbo["Deposit"]:
        for line in deposit["Line"]:
            repoint(line["DepositLineDetail"].get("AccountRef"))
    for entry in qbo["JournalEntry"]:
        for line in entry["Line"]:
            repoint(line["JournalEntryLineDetail"]["AccountRef"])
    for purchase in qbo["Purchase"]:
        for line in purchase["Line"]:
            repoint(line["AccountBasedExpenseLineDetail"]["AccountRef"])
    return data


def test_single_account_layout_is_silent_when_postings_agree() -> None:
    """Postings by customer equal the Clio balances: RC001 and RC002 are silent."""
    data = single_account()
    assert findings(data, "RC002") == []
    assert findings(data, "RC001") == []


def test_single_account_layout_compares_by_customer() -> None:
    """A Clio balance that differs from the customer's postings is a finding."""
    data = single_account()
    data["clio"]["matters"][8]["account_balances"][0]["balance"] = "10000.00"
    messages = [f.message for f in findings(data, "RC002")]
    assert messages == [
        "Client Trust Liability (customer Northwind Dental Group) holds $10,687.45 in QuickBooks, "
        "but Clio holds $10,000.00 for Northwind Dental Group (difference $687.45).",
    ]


def test_single_account_layout_needs_the_whole_history() -> None:
    """With postings missing, per-client balances cannot be derived: RC002 could not run."""
    data = single_account()
    del data["qbo"]["Deposit"][0]
    (note,) = [n for n in notes(data, "RC002") if n.kind == "not-run"]
    assert "add up to 48,574.95, not its balance 58,574.95" in note.message


def test_posting_without_customer_is_unassigned() -> None:
    """A posting naming no customer belongs to no client; the summary says how much."""
    data = single_account()
    del data["qbo"]["Deposit"][7]["Line"][0]["DepositLineDetail"]["Entity"]
    messages = [f.message for f in findings(data, "RC002")]
    assert messages[0] == (
        "1 client trust ledger differs between QuickBooks (Client Trust Liability) and Clio "
        "(IOLTA Trust); total of the absolute differences $3,187.45 ($3,187.45 more is held in "
        "Client Trust Liability itself, in no client's ledger)."
    )
