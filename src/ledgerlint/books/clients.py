"""The Clio clients holding trust funds, and whether each has a client sub-account in the books.

A client's trust funds are the `Trust` entries of `matters[].account_balances`, summed over the
client's matters (`matters[].client`); the client's name is the Clio contact's `name` (else the
name embedded in the matter). A client is matched to the active client sub-accounts of the
active trust liability accounts by the catalog's name rule; a name matching two sub-accounts,
or a sub-account matching two clients holding funds, is ambiguous and never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from ledgerlint.books.chart import Chart
from ledgerlint.books.names import NameIndex
from ledgerlint.models.clio import Matter
from ledgerlint.models.qbo import Account
from ledgerlint.models.snapshot import Snapshot


@dataclass
class ClientFunds:
    """One Clio client's trust funds, over all of its matters."""

    client_id: str
    name: str
    balance: Decimal = Decimal(0)
    matters: list[Matter] = field(default_factory=list)
    pointer: str = ""
    key: str = ""


@dataclass
class SubaccountGaps:
    """Clients holding trust funds, matched to the trust liability's client sub-accounts."""

    subaccounts: list[Account]
    missing: list[ClientFunds] = field(default_factory=list)
    ambiguous: list[tuple[ClientFunds, tuple[Account, ...]]] = field(default_factory=list)
    shared: list[tuple[Account, list[ClientFunds]]] = field(default_factory=list)
    """Sub-accounts whose name matches two or more Clio clients holding funds: ambiguous too."""


def clients_holding_funds(snapshot: Snapshot) -> list[ClientFunds]:
    """Every Clio client with a non-zero trust balance, in the order of their first matter."""
    clio = snapshot.clio
    contacts = {str(c.id): c for c in ((clio.contacts if clio else None) or [])}
    by_client: dict[str, ClientFunds] = {}
    for matter in (clio.matters if clio else None) or []:
        held = sum((e.balance for e in matter.account_balances or [] if e.is_trust), Decimal(0))
        client = matter.client
        if client is None or (client.id is None and not client.name):
            continue
        client_id = str(client.id) if client.id is not None else f"name:{client.name}"
        contact = contacts.get(client_id)
        if client_id not in by_client:
            by_client[client_id] = ClientFunds(
                client_id,
                (contact.name if contact and contact.name else None) or client.name or client_id,
                pointer=contact.pointer if contact else matter.pointer,
                key=contact.key if contact else f"clio.contacts:{client_id}",
            )
        funds = by_client[client_id]
        funds.balance += held
        if held != 0:
            funds.matters.append(matter)
    return [funds for funds in by_client.values() if funds.balance != 0]


def subaccount_gaps(chart: Chart, clients: list[ClientFunds]) -> SubaccountGaps:
    """Which clients holding trust funds have no client sub-account."""
    subaccounts = [
        account
        for liability in chart.trust_liabilities
        if liability.Active
        for account in chart.subaccounts.get(liability.Id, [])
        if account.Active
    ]
    gaps = SubaccountGaps(subaccounts)
    index = NameIndex((account.Name, account) for account in subaccounts)
    matched: dict[str, list[ClientFunds]] = {}
    for funds in clients:
        match = index.lookup(funds.name)
        if match.ambiguous:
            gaps.ambiguous.append((funds, match.candidates))
        elif match.found is None:
            gaps.missing.append(funds)
        else:
            matched.setdefault(match.found.Id, []).append(funds)
    # Two Clio clients of the same name and one sub-account: one of them has no ledger, and
    # which one cannot be told by name. Reported as ambiguous, never passed as matched.
    by_id = {account.Id: account for account in subaccounts}
    gaps.shared = [(by_id[i], clients) for i, clients in matched.items() if len(clients) > 1]
    return gaps
