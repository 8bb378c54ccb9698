"""Which Clio bank account a reference names (`books/clio_accounts.py`): by id, else by name,
and the same answer for movement pairing, the client ledgers and the trust sync."""

from __future__ import annotations

from datetime import date

from helpers import fixture
from helpers import snapshot_of

from ledgerlint.books import Books
from ledgerlint.books.clio_accounts import ClioBankAccounts
from ledgerlint.models.clio import BankAccount

IOLTA = BankAccount(id=502, name="IOLTA Trust", type="Trust")
OPERATING = BankAccount(id=501, name="Operating Account", type="Operating")
ACCOUNTS = ClioBankAccounts([OPERATING, IOLTA])


def test_an_id_names_the_account_whatever_the_name_says() -> None:
    """Clio API v4 embeds `{id, name}`: the id decides, as a number or as text."""
    assert ACCOUNTS.refers_to(IOLTA, 502, "Operating Account")
    assert ACCOUNTS.refers_to(IOLTA, "502", None)
    assert not ACCOUNTS.refers_to(OPERATING, 502, "Operating Account")


def test_without_an_id_the_name_decides_exact_first_then_ignoring_case() -> None:
    """A name-only reference: the exact name, else the only account matching ignoring case."""
    assert ACCOUNTS.refers_to(IOLTA, None, "IOLTA Trust")
    assert ACCOUNTS.refers_to(IOLTA, None, "iolta trust")
    assert not ACCOUNTS.refers_to(IOLTA, None, "IOLTA")
    assert not ACCOUNTS.refers_to(IOLTA, None, None)


def test_two_accounts_matching_ignoring_case_are_not_guessed_between() -> None:
    """`Iolta Trust` and `IOLTA TRUST`: `iolta trust` names neither; each exact name its own."""
    first = BankAccount(id=1, name="Iolta Trust", type="Trust")
    second = BankAccount(id=2, name="IOLTA TRUST", type="Trust")
    accounts = ClioBankAccounts([first, second])
    assert accounts.named("iolta trust") is None
    assert accounts.named("IOLTA TRUST") is second


def test_a_name_only_reference_counts_the_same_everywhere() -> None:
    """A Clio transaction naming its account by name alone, in another case, belongs to that
    account for movement pairing, for the client ledgers' roll-back and for the trust sync."""
    data = fixture("trust-sync.yaml")
    transactions = data["clio"]["bank_transactions"]
    index = next(i for i, t in enumerate(transactions) if t["bank_account"].get("id") == 502)
    moved = transactions[index]
    moved["bank_account"] = {"name": "iolta trust", "type": "Trust"}
    books = Books(snapshot_of(data))
    (movements,) = books.movements.accounts
    assert moved["id"] in [m.transaction.id for m in movements.clio]
    account = movements.pair.clio_account
    assert account is not None
    _, rolled = books.clio_clients(account, date(2000, 1, 1))
    assert f"Clio bank transaction {moved['id']}" in [a.description for a in rolled.later]
    assert books.trust_sync.is_primary(None, "iolta trust")
