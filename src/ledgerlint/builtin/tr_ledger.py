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

from decimal import Decimal
from typing import Any

from ledgerlint.books.chart import Chart
from ledgerlint.books.postings import Posting
from ledgerlint.builtin.problems import qbo_lists
from ledgerlint.builtin.problems import summary
from ledgerlint.models.money import money
from ledgerlint.models.qbo import Account
from ledgerlint.models.qbo import LinedTransaction
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


def _liabilities(ctx: RuleContext) -> Chart:
    chart = ctx.books.chart
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
    yield from qbo_lists(ctx, (*LEDGER_LISTS, "Transfer"))
    ledger = ctx.books.ledger
    found: list[Problem] = []
    amounts: list[Decimal] = []
    by_txn: dict[str, list[Posting]] = {}
    for kind in LEDGER_LISTS:
        for parent_id in parents:
            for posting in ledger.lines_to(parent_id, (kind,)):
                # A zero line (a voided transaction keeps its lines at 0) moves no money.
                if _line_amount(posting) != 0:
                    by_txn.setdefault(posting.txn.key, []).append(posting)
    for lines in by_txn.values():
        problem, amount = _tr001_lines(lines, parents, chart)
        found.append(problem)
        amounts.append(amount)
    for transfer in (ctx.snapshot.qbo.Transfer or []) if ctx.snapshot.qbo else []:
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


def _line_amount(posting: Posting) -> Decimal:
    line = posting.line_item
    return line.Amount if line is not None else Decimal(0)


def _tr001_lines(
    lines: list[Posting], parents: dict[str, Account], chart: Chart
) -> tuple[Problem, Decimal]:
    txn = lines[0].txn
    assert isinstance(txn, LinedTransaction)  # Deposit and JournalEntry lines
    parent = parents[lines[0].account_id]
    amount = sum((_line_amount(p) for p in lines), Decimal(0))
    clients = sorted({ref.name or ref.value or "" for p in lines if (ref := p.customer)})
    named = f" for {', '.join(clients)}" if clients else " naming no client"
    patch: list[dict[str, Any]] = []
    for posting in lines:
        ref = posting.customer
        index = chart.subaccount_names(posting.account_id)
        target = index.lookup(ref.name).found if ref and ref.name else None
        if target is None:
            patch = []
            break
        patch.append(
            {
                "op": "replace",
                "path": f"{posting.pointer}/{txn.list_name}LineDetail/AccountRef",
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
    yield from qbo_lists(ctx, LEDGER_LISTS)
    ledger = ctx.books.ledger
    found: list[Problem] = []
    amounts: list[Decimal] = []
    for kind in LEDGER_LISTS:
        for liability in chart.trust_liabilities:
            for posting in ledger.lines_to(liability.Id, (kind,)):
                problem = _tr009(chart, liability, posting)
                if problem is not None:
                    found.append(problem)
                    amounts.append(_line_amount(posting))
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


def _tr009(chart: Chart, liability: Account, posting: Posting) -> Problem | None:
    amount = _line_amount(posting)
    # A voided transaction keeps its lines at 0: no money moved.
    if posting.customer is not None or amount == 0:
        return None
    layout = (
        "neither a client sub-account nor a customer"
        if chart.subaccounts.get(liability.Id)
        else "no customer"
    )
    txn = posting.txn
    return Problem(
        message=(
            f"{txn.label} of {txn.TxnDate} line {(posting.line or 0) + 1} posts "
            f"{money(amount)} to the trust liability account "
            f"{liability.full_name} naming no client ({layout})."
        ),
        pointer=posting.pointer,
        key=posting.key,
        properties={
            "Id": txn.Id,
            "DocNumber": (txn.DocNumber if isinstance(txn, Transaction) else None) or "",
            "line": posting.line,
            "amount": str(amount),
        },
        logical=liability.full_name,
    )


RULES: list[Rule] = [
    trust_posting_to_parent_account,
    trust_deposit_without_client,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
