"""Built-in Python rules, TR area, postings to the trust liability account: TR001, TR009.

- TR001: a Deposit, JournalEntry or Transfer posted to the parent account, not a client's;
- TR009: a trust liability line that names no client.

Client trust balances (TR003, TR010) are judged in `tr_balances.py`. Two ledger layouts exist
and each rule says which it judges:
- **sub-account layout**: the trust liability account has client sub-accounts (the seed's
  advice, and what CA, NY, TX and FL expect);
- **single-account layout**: one trust liability account; client ledgers live in Clio and the
  QuickBooks lines name the client as their customer `Entity`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ledgerlint.builtin.books import Books
from ledgerlint.builtin.books import books
from ledgerlint.builtin.books import money
from ledgerlint.builtin.names import NameIndex
from ledgerlint.builtin.tr import line_customer
from ledgerlint.builtin.tr import qbo_lists
from ledgerlint.builtin.tr import summary
from ledgerlint.models.qbo import Account
from ledgerlint.models.qbo import Line
from ledgerlint.models.qbo import LineDetail
from ledgerlint.models.qbo import Transaction
from ledgerlint.plugins import Fix
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
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
    Zero-amount lines and transfers (a voided transaction keeps them at 0) move no money and
    are not reported.

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
        # A zero line (a voided transaction keeps its lines at 0) moves no money.
        if posting.account_id in parents and posting.line.Amount != 0:
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
        if not sides or transfer.Amount == 0:
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
    TR001's when they hit the parent. A zero-amount line (a voided transaction keeps its lines
    at 0) moves no money and is not reported. One summary adds the count and total when there
    are several.

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
        if posting.line.Amount == 0:  # a voided transaction keeps its lines at 0: no money moved
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


RULES: list[Rule] = [
    trust_posting_to_parent_account,
    trust_deposit_without_client,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
