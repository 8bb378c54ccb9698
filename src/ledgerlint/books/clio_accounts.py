"""Which Clio bank account a reference names: one rule for every part of the books.

Clio API v4 embeds a bank account in other resources as `{"id": 502, "name": "IOLTA Trust",
"type": "Trust"}` (`bank_transactions[].bank_account`, `allocations[].source_bank_account`,
`matters[].account_balances[]`). The id identifies the account; the name is a label. So:

- a reference that carries an id names the account with that id, whatever its name says;
- a reference without one (hand-written snapshots, and the sections people fill in, where
  snapshot-format.md names a Clio bank account by its `name`) names the account of exactly that
  name, else the one account whose name matches ignoring case. Two accounts matching ignoring
  case and none exactly is no match: never guessed.

Movement pairing, the client ledgers, the trust sync's primary account and the trust-account
pairing all read references through `ClioBankAccounts`, so a reference counts the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from ledgerlint.models.clio import BankAccount


class ClioBankAccounts:
    """The snapshot's Clio bank accounts, by id and by name."""

    def __init__(self, accounts: Iterable[BankAccount]) -> None:
        self.accounts = tuple(accounts)
        self._exact: dict[str, BankAccount] = {}
        folded: dict[str, list[BankAccount]] = {}
        for account in self.accounts:
            self._exact.setdefault(account.name, account)
            folded.setdefault(account.name.casefold(), []).append(account)
        self._folded = {name: found[0] for name, found in folded.items() if len(found) == 1}

    def named(self, name: str | None) -> BankAccount | None:
        """The account of exactly this name, else the only one matching it ignoring case."""
        if not name:
            return None
        return self._exact.get(name) or self._folded.get(name.casefold())

    def refers_to(self, account: BankAccount, ref_id: object, ref_name: str | None) -> bool:
        """Whether a reference (its id, else its name) names `account`."""
        if ref_id is not None:
            return str(ref_id) == str(account.id)
        return self.named(ref_name) is account
