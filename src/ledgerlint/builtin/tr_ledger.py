"""Built-in Python rules, TR area, the client trust ledgers: TR001, TR003, TR009, TR010.

Two ledger layouts exist and each rule says which it judges:
- **sub-account layout**: the trust liability account has client sub-accounts (the seed's
  advice, and what CA, NY, TX and FL expect);
- **single-account layout**: one trust liability account; client ledgers live in Clio and the
  QuickBooks lines name the client as their customer `Entity`.
"""

from __future__ import annotations

from collections.abc import Generator
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerlint.builtin.books import Books
from ledgerlint.builtin.books import books
from ledgerlint.builtin.books import money
from ledgerlint.builtin.names import NameIndex
from ledgerlint.builtin.tr import day
from ledgerlint.builtin.tr import line_customer
from ledgerlint.builtin.tr import qbo_lists
from ledgerlint.builtin.tr import summary
from ledgerlint.models.clio import Matter
from ledgerlint.models.qbo import Account
from ledgerlint.models.qbo import Line
from ledgerlint.models.qbo import LineDetail
from ledgerlint.models.qbo import Transaction
from ledgerlint.plugins import Fix
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule
from ledgerlint.plugins.rule import RuleOutput

LEDGER_LISTS = ("Deposit", "JournalEntry")


@dataclass(frozen=True)
class Posting:
    """One Deposit or JournalEntry line that posts to an account."""

    txn: Transaction
    index: int
    line: Line
    detail: LineDetail
    detail_name: str

    @property
    def pointer(self) -> str:
        return f"{self.txn.pointer}/Line/{self.index}"

    @property
    def key(self) -> str:
        return f"{self.txn.key}:Line:{self.line.Id or self.index}"

    @property
    def account_id(self) -> str | None:
        return self.detail.AccountRef.value if self.detail.AccountRef else None


def postings(lists: dict[str, list[Any]]) -> Iterator[Posting]:
    """Every account-posting line of the Deposits and JournalEntries given."""
    for txn in lists.get("Deposit", []):
        for index, line in enumerate(txn.Line):
            if line.DepositLineDetail is not None:
                yield Posting(txn, index, line, line.DepositLineDetail, "DepositLineDetail")
    for txn in lists.get("JournalEntry", []):
        for index, line in enumerate(txn.Line):
            if line.JournalEntryLineDetail is not None:
                yield Posting(
                    txn, index, line, line.JournalEntryLineDetail, "JournalEntryLineDetail"
                )


def _liabilities(ctx: RuleContext) -> Books:
    chart = books(ctx)
    if not chart.trust_liabilities:
        ctx.skip(
            "the snapshot has no trust liability account (`TrustAccountsLiabilities`, or "
            "`clio_bill_syncing.trust_accounts[].qbo_liability_account`)"
        )
    return chart


# --- TR001 ------------------------------------------------------------------------------------


@rule(
    "TR001",
    "trust-posting-to-parent-account",
    severity="error",
    tags=("trust", "client-ledger", "seed"),
    requires=("qbo.Account",),
    fix_safety="display-only",
)
def trust_posting_to_parent_account(ctx: RuleContext) -> RuleOutput:
    """The trust liability account has client sub-accounts, yet a Deposit line, JournalEntry
    line or Transfer posts to the parent account itself (one finding per transaction, and one
    summary with the count and total when there are several).

    Applies only to the sub-account layout: a trust liability account without sub-accounts
    keeps its client ledgers in Clio, and the rule says it did not apply to it (a `skipped`
    notice) rather than passing. A transaction list missing from the snapshot is announced.

    ## Why it matters
    Money posted to the parent belongs to no client: every client sub-account is understated
    and the client ledgers no longer add up to the liability. The seed firm had $31,000 sitting
    on the parent across 47 client ledgers, found only when RC002's per-client comparison was
    done by hand.

    ## Example
    A retainer deposit for Jane Smith whose `DepositLineDetail.AccountRef` is
    `Client Trust Liability` instead of `Client Trust Liability:Smith, Jane`.

    ## How to fix
    QuickBooks: open the transaction (Sales / Bank register → the deposit or journal entry),
    change the line's account from `Client Trust Liability` to the client's sub-account
    (`Client Trust Liability:<client>`), save. For a Transfer, re-enter it against the client's
    sub-account. Then check RC002 for that client. The fix shown (where the line names a
    customer whose sub-account exists) is display-only: it shows the corrected line.

    ## References
    - ABA Model Rule 1.15(a) (complete records of client trust funds)
    - Clio Help: QuickBooks Online trust accounting configuration (client sub-accounts)
    """
    chart = _liabilities(ctx)
    parents: dict[str, Account] = {}
    for liability in chart.trust_liabilities:
        if chart.subaccounts.get(liability.Id):
            parents[liability.Id] = liability
        else:
            yield Notice(
                f"did not apply to {liability.full_name}: it has no client sub-accounts (the "
                "single-account layout, client ledgers in Clio)",
                pointer=liability.pointer,
                kind="skipped",
            )
    if not parents:
        return
    lists = yield from qbo_lists(ctx, (*LEDGER_LISTS, "Transfer"))
    sub_index = {
        parent_id: NameIndex((a.Name, a) for a in chart.subaccounts[parent_id])
        for parent_id in parents
    }
    found: list[Problem] = []
    amounts: list[Decimal] = []
    by_txn: dict[str, list[Posting]] = {}
    for posting in postings(lists):
        if posting.account_id in parents:
            by_txn.setdefault(posting.txn.key, []).append(posting)
    for lines in by_txn.values():
        problem, amount = _tr001_lines(lines, parents, sub_index)
        found.append(problem)
        amounts.append(amount)
    for transfer in lists.get("Transfer", []):
        sides = [
            (side, ref.value)
            for side, ref in (("from", transfer.FromAccountRef), ("to", transfer.ToAccountRef))
            if ref is not None and ref.value in parents
        ]
        if not sides:
            continue
        side, parent_id = sides[0]
        parent = parents[parent_id]
        found.append(
            Problem(
                message=(
                    f"{transfer.label} of {transfer.TxnDate} moves {money(transfer.Amount)} "
                    f"{side} the parent trust liability account {parent.full_name}, not a "
                    "client sub-account: no client's ledger records it."
                ),
                pointer=transfer.pointer,
                key=transfer.key,
                properties={"Id": transfer.Id, "amount": str(transfer.Amount), "side": side},
                logical=parent.full_name,
                related=((parent.pointer, "the parent trust liability account"),),
            )
        )
        amounts.append(transfer.Amount)
    yield from found
    first_parent = next(iter(parents.values()))
    total = summary(
        "TR001",
        found,
        amounts,
        message=(
            "{count} transactions totalling {total} are posted to the parent trust liability "
            f"account {first_parent.full_name} instead of client sub-accounts."
        ),
        pointer=first_parent.pointer,
        logical=first_parent.full_name,
    )
    if total is not None:
        yield total


def _tr001_lines(
    lines: list[Posting], parents: dict[str, Account], sub_index: dict[str, NameIndex[Account]]
) -> tuple[Problem, Decimal]:
    txn = lines[0].txn
    parent = parents[lines[0].account_id or ""]
    amount = sum((p.line.Amount for p in lines), Decimal(0))
    clients = sorted(
        {ref.name or ref.value or "" for p in lines if (ref := line_customer(p.detail))}
    )
    named = f" for {', '.join(clients)}" if clients else " naming no client"
    patch: list[dict[str, Any]] = []
    for posting in lines:
        ref = line_customer(posting.detail)
        parent_id = posting.account_id or ""
        target = sub_index[parent_id].lookup(ref.name).found if ref and ref.name else None
        if target is None:
            patch = []
            break
        patch.append(
            {
                "op": "replace",
                "path": f"{posting.pointer}/{posting.detail_name}/AccountRef",
                "value": {"value": target.Id, "name": target.full_name},
            }
        )
    fix = (
        Fix(
            "Post the line to the client's sub-account (in QuickBooks)",
            tuple(patch),
            "display-only",
        )
        if patch
        else None
    )
    lines_text = "" if len(lines) == 1 else f" in {len(lines)} lines"
    return (
        Problem(
            message=(
                f"{txn.label} of {txn.TxnDate} posts {money(amount)}{named} to the parent "
                f"trust liability account {parent.full_name}{lines_text}, not to a client "
                "sub-account."
            ),
            pointer=lines[0].pointer,
            key=txn.key,
            fix=fix,
            related=(
                *((p.pointer, "another line posted to the parent") for p in lines[1:]),
                (parent.pointer, "the parent trust liability account"),
            ),
            properties={
                "Id": txn.Id,
                "DocNumber": txn.DocNumber or "",
                "amount": str(amount),
                "clients": clients,
            },
            logical=parent.full_name,
        ),
        amount,
    )


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
    announced; with neither the rule cannot run.

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
            "did not check QuickBooks client sub-accounts: the snapshot has no `qbo.Account`"
        )
    else:
        yield from _negative_subaccounts(books(ctx))
    if matters is None:
        yield Notice("did not check Clio matter balances: the snapshot has no `clio.matters`")
    else:
        yield from _negative_matters(matters)


def _negative_subaccounts(chart: Books) -> RuleOutput:
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
            client = matter.client.name if matter.client and matter.client.name else "no client"
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


# --- TR009 ------------------------------------------------------------------------------------


@rule(
    "TR009",
    "trust-deposit-without-client",
    severity="error",
    tags=("trust", "client-ledger"),
    requires=("qbo.Account",),
)
def trust_deposit_without_client(ctx: RuleContext) -> RuleOutput:
    """A Deposit or JournalEntry line to a trust liability account names no client: it is not
    posted to a client sub-account and carries no customer `Entity`.

    In the sub-account layout that is a line to the parent account with no customer; in the
    single-account layout (client ledgers in Clio) it is any line to the liability without a
    customer. A vendor `Entity` is not a client. Transfers carry no entity at all and are
    TR001's when they hit the parent. One summary adds the count and total when there are
    several.

    ## Why it matters
    Every trust dollar must belong to a named client (Rule 1.15 client ledgers). A line that
    names nobody cannot be put on any client's ledger, so the three-way reconciliation can
    balance in total while no one can say whose money it is.

    ## How to fix
    QuickBooks: open the deposit or journal entry and pick the client in the line's
    `Received from` (deposit) or `Name` (journal entry) column, and post it to the client's
    sub-account where the firm keeps them. Then compare with the client's ledger in Clio.

    ## References
    - ABA Model Rule 1.15(a); ABA Model Rules for Client Trust Account Records, Rule 1(b)
    """
    chart = _liabilities(ctx)
    lists = yield from qbo_lists(ctx, LEDGER_LISTS)
    liabilities = {liability.Id: liability for liability in chart.trust_liabilities}
    found: list[Problem] = []
    amounts: list[Decimal] = []
    for posting in postings(lists):
        liability = liabilities.get(posting.account_id or "")
        if liability is None or line_customer(posting.detail) is not None:
            continue
        layout = (
            "neither a client sub-account nor a customer"
            if chart.subaccounts.get(liability.Id)
            else "no customer"
        )
        txn = posting.txn
        found.append(
            Problem(
                message=(
                    f"{txn.label} of {txn.TxnDate} line {posting.index + 1} posts "
                    f"{money(posting.line.Amount)} to the trust liability account "
                    f"{liability.full_name} naming no client ({layout})."
                ),
                pointer=posting.pointer,
                key=posting.key,
                properties={
                    "Id": txn.Id,
                    "DocNumber": txn.DocNumber or "",
                    "line": posting.index,
                    "amount": str(posting.line.Amount),
                },
                logical=liability.full_name,
            )
        )
        amounts.append(posting.line.Amount)
    yield from found
    first = chart.trust_liabilities[0]
    total = summary(
        "TR009",
        found,
        amounts,
        message="{count} trust liability lines totalling {total} name no client.",
        pointer=first.pointer,
        logical=first.full_name,
    )
    if total is not None:
        yield total


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
            client = matter.client.name if matter.client and matter.client.name else "no client"
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
            "QuickBooks postings to client sub-accounts"
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
    chart = books(ctx)
    subaccounts = [a for lid in chart.subaccounts for a in chart.subaccounts[lid]]
    if not subaccounts:
        return False
    latest = _latest_postings(ctx)
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
        client.saw(latest.get(account.Id))
    return True


def _latest_postings(ctx: RuleContext) -> dict[str, date]:
    """Account Id -> the latest TxnDate of a QuickBooks posting to it."""
    qbo = ctx.snapshot.qbo
    latest: dict[str, date] = {}

    def saw(account_id: str | None, when: date | None) -> None:
        if account_id and when and (account_id not in latest or when > latest[account_id]):
            latest[account_id] = when

    if qbo is None:
        return latest
    for txn in [*(qbo.Deposit or []), *(qbo.JournalEntry or []), *(qbo.Purchase or [])]:
        for line in txn.Line:
            detail = line.detail
            if detail is not None and detail.AccountRef is not None:
                saw(detail.AccountRef.value, txn.TxnDate)
    for transfer in qbo.Transfer or []:
        for ref in (transfer.FromAccountRef, transfer.ToAccountRef):
            saw(ref.value if ref else None, transfer.TxnDate)
    return latest


RULES: list[Rule] = [
    trust_posting_to_parent_account,
    negative_client_trust_balance,
    trust_deposit_without_client,
    stale_trust_balance,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
