"""Built-in Python rules, TR area, client trust balances: TR003, TR010.

- TR003: a client or matter trust balance below zero (QuickBooks sub-account or Clio matter);
- TR010: trust funds left on a closed matter, or a client balance with no recent activity.

Postings to the trust liability account (TR001, TR009) are judged in `tr_ledger.py`. In the
single-account layout (one trust liability account, client ledgers in Clio) QuickBooks has no
client balances, and only Clio's are judged.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledgerlint.books.calendar import day
from ledgerlint.books.chart import Chart
from ledgerlint.books.names import NameIndex
from ledgerlint.models.clio import Matter
from ledgerlint.models.money import money
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule
from ledgerlint.plugins.rule import RuleOutput

# --- TR003 ------------------------------------------------------------------------------------


@rule(
    "TR003",
    "negative-client-trust-balance",
    severity="error",
    tags=("trust", "client-ledger"),
)
def negative_client_trust_balance(ctx: RuleContext) -> RuleOutput:
    """A client or matter trust balance below zero: a QuickBooks client sub-account with a debit
    balance, or a Clio matter whose `Trust` balance is below zero.

    QuickBooks reports a liability's `CurrentBalance` positive while it holds funds (a credit
    balance), so a negative balance is a debit: more was paid out for the client than held.
    A sub-account is judged with its own sub-accounts (`CurrentBalanceWithSubAccounts`).
    In the single-account layout QuickBooks has no client ledgers, so only Clio's matter
    balances are judged (and a `skipped` notice says so). Either half whose input is absent is
    announced (could not run in full); with neither the rule cannot run.

    ## Why it matters
    A negative client balance means one client's money paid another client's obligations (or
    the firm's): conversion of client funds, the core violation of Rule 1.15, even when the
    account as a whole still looks funded.

    ## How to fix
    Find the disbursement that overdrew the client (QuickBooks: Reports → Transaction Detail by
    Account, filtered to the sub-account; Clio: the matter's Transactions tab → Trust). If it
    was mis-posted, move it to the right client; if it was real, replace the shortfall from
    firm funds at once and document it.

    ## References
    - ABA Model Rule 1.15(a)
    """
    qbo_accounts = ctx.snapshot.qbo.Account if ctx.snapshot.qbo else None
    matters = ctx.snapshot.clio.matters if ctx.snapshot.clio else None
    if qbo_accounts is None and matters is None:
        ctx.skip("the snapshot has no `qbo.Account` and no `clio.matters`")
    if qbo_accounts is None:
        yield Notice(
            "did not check QuickBooks client sub-accounts: the snapshot has no `qbo.Account`",
            kind="not-run",
        )
    else:
        yield from _negative_subaccounts(ctx.books.chart)
    if matters is None:
        yield Notice(
            "did not check Clio matter balances: the snapshot has no `clio.matters`",
            kind="not-run",
        )
    else:
        yield from _negative_matters(matters)


def _negative_subaccounts(chart: Chart) -> RuleOutput:
    for liability in chart.trust_liabilities:
        subaccounts = chart.subaccounts.get(liability.Id) or []
        if not subaccounts:
            yield Notice(
                f"{liability.full_name} has no client sub-accounts: client balances are judged "
                "from Clio matter balances only",
                pointer=liability.pointer,
                kind="skipped",
            )
        for account in subaccounts:
            balance = account.balance_with_subaccounts
            if balance >= 0:
                continue
            yield Problem(
                message=(
                    f"Client sub-account {account.full_name} has a debit balance of "
                    f"{money(balance)}: more was paid out for this client than the trust "
                    "account holds for them."
                ),
                pointer=account.pointer,
                key=account.key,
                properties={"Id": account.Id, "balance": str(balance)},
                logical=account.full_name,
                related=((liability.pointer, "the trust liability account"),),
            )


def _negative_matters(matters: list[Matter]) -> RuleOutput:
    for matter in matters:
        for index, entry in enumerate(matter.account_balances or []):
            if not entry.is_trust or entry.balance >= 0:
                continue
            client = _client_name(matter)
            account = entry.name or f"bank account {entry.id}"
            yield Problem(
                message=(
                    f"Clio matter {matter.display_number or matter.id} ({client}) has a "
                    f"negative trust balance in {account}: {money(entry.balance)}."
                ),
                pointer=f"{matter.pointer}/account_balances/{index}/balance",
                key=f"{matter.key}:trust:{entry.id}",
                properties={
                    "matter_id": str(matter.id),
                    "client": client,
                    "bank_account_id": str(entry.id),
                    "balance": str(entry.balance),
                },
                logical=f"{client} / {matter.display_number or matter.id}",
            )


# --- TR010 ------------------------------------------------------------------------------------

DEFAULT_STALE_DAYS = 365


@rule(
    "TR010",
    "stale-trust-balance",
    severity="warning",
    tags=("trust", "client-ledger"),
    requires=("clio.matters",),
    options=(
        RuleOption(
            "days",
            DEFAULT_STALE_DAYS,
            "A non-zero client trust balance with no activity for more than this many days "
            "before `captured_at` is stale.",
            {"type": "integer", "minimum": 0},
        ),
    ),
)
def stale_trust_balance(ctx: RuleContext) -> RuleOutput:
    """A closed Clio matter (`status: Closed`) still holds trust funds, or a client's non-zero
    trust balance has seen no activity for more than `days` (365) days before `captured_at`.

    A client's balance is the sum of its matters' `Trust` balances in Clio, or its QuickBooks
    client sub-account (matched by name) when Clio has no balance for it. Its latest activity is
    the latest of the Clio `bank_transactions` of its matters and the QuickBooks postings to its
    sub-account (Deposit, JournalEntry and Purchase lines, Transfers). A client with no activity
    in the snapshot is not judged (the snapshot may simply not reach back that far). A
    sub-account whose name matches two Clio clients is reported as ambiguous and skipped.

    ## Why it matters
    Funds left in trust after the matter ended must be returned or, when the owner cannot be
    found, handled as unclaimed property; stale balances are what auditors sample first and
    where misappropriation hides.

    ## How to fix
    Clio: open the matter → Transactions → Trust, refund the balance to the client (or apply it
    to a final bill with the client's consent) and close the matter; for unclaimed funds follow
    the state's unclaimed-property procedure. QuickBooks follows through the sync or a
    matching disbursement from the client's sub-account.

    ## References
    - ABA Model Rule 1.15(d) (promptly deliver funds the client is entitled to)
    - ABA Model Rule 1.16(d)
    """
    days = int(ctx.options["days"])
    today = ctx.snapshot.captured_at.date()
    matters = (ctx.snapshot.clio.matters or []) if ctx.snapshot.clio else []
    for matter in matters:
        held = _trust_total(matter)
        if (matter.status or "").lower() == "closed" and held > 0:
            client = _client_name(matter)
            yield Problem(
                message=(
                    f"Closed Clio matter {matter.display_number or matter.id} ({client}) still "
                    f"holds {money(held)} in trust."
                ),
                pointer=matter.pointer,
                key=f"{matter.key}:closed",
                properties={"matter_id": str(matter.id), "client": client, "balance": str(held)},
                logical=f"{client} / {matter.display_number or matter.id}",
            )
    yield from _stale_clients(ctx, matters, days, today)


@dataclass
class _Client:
    name: str
    pointer: str
    key: str
    balance: Decimal = Decimal(0)
    latest: date | None = None
    matters: tuple[str, ...] = ()

    def saw(self, when: date | None) -> None:
        if when is not None and (self.latest is None or when > self.latest):
            self.latest = when


def _client_name(matter: Matter) -> str:
    return matter.client.name if matter.client and matter.client.name else "no client"


def _trust_total(matter: Matter) -> Decimal:
    return sum((e.balance for e in matter.account_balances or [] if e.is_trust), Decimal(0))


def _stale_clients(ctx: RuleContext, matters: list[Matter], days: int, today: date) -> RuleOutput:
    clio = ctx.snapshot.clio
    transactions = clio.bank_transactions if clio else None
    clients: dict[str, _Client] = {}
    client_of_matter: dict[str, _Client] = {}
    for matter in matters:
        client_id = str(matter.client.id) if matter.client and matter.client.id else None
        name = matter.client.name if matter.client and matter.client.name else None
        group = f"client:{client_id}" if client_id else f"matter:{matter.id}"
        client = clients.get(group)
        if client is None:
            client = clients[group] = _Client(
                name or f"matter {matter.display_number or matter.id}",
                matter.pointer,
                f"clio.contacts:{client_id}" if client_id else matter.key,
            )
        client.balance += _trust_total(matter)
        client.matters += (str(matter.display_number or matter.id),)
        client_of_matter[str(matter.id)] = client
    for item in transactions or []:
        owner = None
        if item.matter and item.matter.id is not None:
            owner = client_of_matter.get(str(item.matter.id))
        if owner is None and item.client and item.client.id is not None:
            owner = clients.get(f"client:{item.client.id}")
        if owner is not None:
            owner.saw(day(item.date))
    qbo_judged = yield from _qbo_activity(ctx, clients)
    if transactions is None and not qbo_judged:
        yield Notice(
            "did not judge stale balances: the snapshot has no `clio.bank_transactions` and no "
            "QuickBooks postings to client sub-accounts",
            kind="not-run",
        )
        return
    for client in clients.values():
        if client.balance == 0 or client.latest is None:
            continue
        idle = (today - client.latest).days
        if idle <= days:
            continue
        yield Problem(
            message=(
                f"{client.name} holds {money(client.balance)} in trust with no activity since "
                f"{client.latest} ({idle} days before the snapshot, limit {days})."
            ),
            pointer=client.pointer,
            key=f"{client.key}:stale",
            properties={
                "client": client.name,
                "balance": str(client.balance),
                "latest_activity": str(client.latest),
                "days": idle,
                "matters": list(client.matters),
            },
            logical=client.name,
        )


def _qbo_activity(ctx: RuleContext, clients: dict[str, _Client]) -> Generator[Notice, None, bool]:
    """Add QuickBooks postings to each client's sub-account as activity (generator: it yields
    ambiguity notices and returns whether any sub-account was seen)."""
    qbo = ctx.snapshot.qbo
    if qbo is None or qbo.Account is None:
        return False
    chart = ctx.books.chart
    subaccounts = [a for lid in chart.subaccounts for a in chart.subaccounts[lid]]
    if not subaccounts:
        return False
    ledger = ctx.books.ledger
    index = NameIndex((c.name, c) for c in clients.values())
    for account in subaccounts:
        match = index.lookup(account.Name)
        if match.ambiguous:
            names = ", ".join(sorted(c.name for c in match.candidates))
            yield Notice(
                f"sub-account {account.full_name} matches several Clio clients ({names}): skipped",
                pointer=account.pointer,
                kind="ambiguous",
            )
            continue
        client = match.found
        if client is None:
            client = clients[f"qbo:{account.Id}"] = _Client(
                account.full_name, account.pointer, account.key
            )
        if client.balance == 0:
            client.balance = account.balance_with_subaccounts
        client.saw(ledger.latest(account.Id))
    return True


RULES: list[Rule] = [
    negative_client_trust_balance,
    stale_trust_balance,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
