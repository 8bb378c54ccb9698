"""Built-in Python rules, TR area, trust movements across the two systems: TR011-TR013.

All three read one movement pairing (`ctx.books.movements`, `books/movements.py`): each Clio
trust `bank_transactions` item paired with the QuickBooks trust liability line that records
it. TR011 reports the Clio movements left unpaired, TR012 the QuickBooks lines naming a client
left unpaired, TR013 the pairs whose two sides name different clients. Together they name,
transaction by transaction, what RC001 and RC002 only total. The pairing's window is TR011's
`window_days` option; TR012 and TR013 follow it (docs/trust-sync.md).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from decimal import Decimal

from ledgerlint.books.movements import DEFAULT_WINDOW_DAYS
from ledgerlint.books.movements import AccountMovements
from ledgerlint.books.movements import BookLine
from ledgerlint.books.movements import ClioMovement
from ledgerlint.books.movements import MovementPair
from ledgerlint.books.movements import Movements
from ledgerlint.books.movements import OpenReason
from ledgerlint.builtin.problems import join_words
from ledgerlint.builtin.problems import summary
from ledgerlint.models.money import money
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule
from ledgerlint.plugins.rule import RuleOutput

REQUIRES = ("qbo.Account", "clio.bank_transactions")
TAGS = ("trust", "reconciliation", "movements")


def _movements(ctx: RuleContext) -> Movements:
    movements = ctx.books.movements
    if not movements.accounts:
        reasons = movements.skipped or [
            "QuickBooks has no trust bank account (QB010 reports a missing one)"
        ]
        ctx.skip("no trust account can be paired: " + "; ".join(reasons))
    if len(movements.missing_lists) == 4:
        ctx.skip(
            "the snapshot has none of `qbo.Deposit`, `qbo.JournalEntry`, `qbo.Transfer`, "
            "`qbo.Purchase`"
        )
    return movements


def _notices(movements: Movements, *, lists: bool) -> Iterator[Notice]:
    """What the pairing could not judge: unpaired accounts, ambiguous clients, and (`lists`)
    the QuickBooks transaction lists the snapshot lacks."""
    for reason in movements.skipped:
        yield Notice(f"did not pair {reason}", kind="not-run")
    if lists:
        for name in movements.missing_lists:
            yield Notice(
                f"did not check {name} transactions: the snapshot has no `qbo.{name}`",
                kind="not-run",
            )
    for account in movements.accounts:
        for ambiguous in account.ambiguous:
            yield Notice(
                f"{join_words(list(ambiguous.names))} match one another by name and cannot be "
                f"told apart: their {ambiguous.movements} trust movements are left out of the "
                "pairing, not guessed",
                ambiguous.pointer,
                kind="ambiguous",
            )


OPEN_LISTED = 5
"""How many items a could-not-run notice names before it counts the rest."""


def _open(
    account: AccountMovements,
    items: Sequence[ClioMovement | BookLine],
    why: Callable[[OpenReason | None, bool], str],
) -> Iterator[Notice]:
    """One `not-run` notice per reason for the items pairing cannot settle (undated, or an
    undated item of the other side may be their record): an open verdict is never a pass.
    `why(reason, several)` words the reason for one item or several."""
    groups: dict[OpenReason | None, list[ClioMovement | BookLine]] = {}
    for item in items:
        groups.setdefault(account.open_reason(item), []).append(item)
    for reason, group in groups.items():
        labels = [item.label for item in group[:OPEN_LISTED]]
        if len(group) > OPEN_LISTED:
            labels.append(f"{len(group) - OPEN_LISTED} more")
        yield Notice(
            f"could not run for {join_words(labels)} ({account.pair.bank.full_name}): "
            + why(reason, len(group) > 1),
            group[0].pointer,
            kind="not-run",
        )


def _where(movement: ClioMovement, account: AccountMovements) -> str:
    clio_name = account.pair.clio_account.name if account.pair.clio_account else "Clio"
    way = "into" if movement.direction == "in" else "out of"
    whose = movement.client.name if movement.client else "no client"
    matter = f", matter {movement.matter}" if movement.matter else ""
    return f"{money(movement.amount)} {way} {clio_name} for {whose}{matter}"


def _line_where(line: BookLine) -> str:
    way = "into" if line.direction == "in" else "out of"
    account = line.account.full_name if line.account else line.posting.account_id
    whose = f" for {line.customer.name}" if line.subaccount is None and line.customer else ""
    return f"{money(line.amount)} {way} {account}{whose}"


def _window_option() -> RuleOption:
    return RuleOption(
        "window_days",
        DEFAULT_WINDOW_DAYS,
        "How many days apart a Clio trust transaction and the QuickBooks line that records it "
        "may be dated. It governs the one movement pairing that TR012, TR013 and `reconcile` "
        "read too.",
        {"type": "integer", "minimum": 0},
    )


# --- TR011 ------------------------------------------------------------------------------------


@rule(
    "TR011",
    "trust-movement-missing-in-books",
    severity="error",
    tags=(*TAGS, "seed"),
    requires=REQUIRES,
    options=(_window_option(),),
)
def trust_movement_missing_in_books(ctx: RuleContext) -> RuleOutput:
    """A non-zero Clio trust `bank_transactions` item that movement pairing leaves unpaired:
    QuickBooks has no trust liability line recording it (same direction and amount, dated at
    most `window_days` (3) days apart, one to one). One finding per transaction and a summary
    with the count and total.

    Movement pairing (docs/trust-sync.md) works per trust account paired in
    `clio_bill_syncing.trust_accounts`: the Clio account's transactions against the lines of
    Deposits, JournalEntries, Purchases and Transfers posting to its trust liability account or
    a client sub-account. It pairs the same client first (by the catalog's name rule), then
    different clients (TR013), then lines naming no client. Only the span both systems cover is
    judged: from the later of the earliest Clio transaction and the earliest QuickBooks trust
    liability line, or, when one side holds nothing dated for the account, from the other
    side's earliest (with the QuickBooks lists present but holding no trust line, every Clio
    transaction is missing). A transaction without a date cannot be paired: for it, and for one
    an undated QuickBooks line of the same amount may record (while such transactions are no
    more than the undated lines), the rule says it could not run. A
    client whose name matches two candidates is left out and reported as ambiguous. When a
    QuickBooks transaction list is missing from the snapshot and a transaction is left unpaired,
    the rule cannot tell (the line may be in the missing list) and says it could not run.

    ## Why it matters
    Every trust movement must be in both the client ledger and the books (ABA Model Rule
    1.15(a); Model Rules for Client Trust Account Records, Rule 1). With the manual workflow,
    each one is typed into QuickBooks by hand, and the ones nobody typed are exactly the gap
    RC001 and RC002 total: this rule names them. In the seed, two bills paid from trust in Clio
    never reached the QuickBooks trust ledger, and the liability stood $47,000 too high.

    ## Example
    Clio trust transaction 6003, $30,000.00 out of IOLTA Trust for Maria Alvarez (paying bill
    2001), with no debit to `Client Trust Liability:Alvarez, Maria` within 3 days.

    ## How to fix
    QuickBooks: record the movement against the client's ledger: a deposit into the trust bank
    account (+ New → Bank deposit, the client's sub-account as the account and the client in
    `Received from`), a check from the trust bank account for a disbursement (+ New → Check),
    or for a bill paid from trust a Transfer to operating (+ New → Transfer) and a journal entry
    debiting the client's trust sub-account and crediting Accounts Receivable. If the Clio
    transaction is the mistake, correct it in Clio (Matters → the matter → Transactions →
    Trust, or Accounts → the trust account). Then reconcile again.

    ## References
    - ABA Model Rule 1.15(a); ABA Model Rules for Client Trust Account Records, Rule 1
    - Seed: "every trust transaction in QuickBooks requires manual entry"
    - Clio Help: "How Does the QuickBooks Trust Accounting Sync Work?"
    """
    movements = _movements(ctx)
    yield from _notices(movements, lists=False)
    unpaired = [(a, m) for a in movements.accounts for m in a.missing_in_books]
    unsettled = sum(len(a.open_in_books) for a in movements.accounts)
    if (unpaired or unsettled) and movements.missing_lists:
        listed = ", ".join(f"`qbo.{name}`" for name in movements.missing_lists)
        count = len(unpaired) + unsettled
        ctx.skip(
            f"{count} Clio trust transaction{'s have' if count > 1 else ' has'} no QuickBooks "
            f"line, but the snapshot has no {listed}, which may hold it"
        )
    for account in movements.accounts:
        yield from _open(account, account.open_in_books, _recorded_by("QuickBooks"))
    found: list[Problem] = []
    for account, movement in unpaired:
        liability = account.pair.liability
        assert liability is not None
        found.append(
            Problem(
                message=(
                    f"{movement.label} of {movement.date} ({_where(movement, account)}) has no "
                    f"QuickBooks line on {liability.full_name} within {account.window_days} "
                    "days: QuickBooks never recorded it."
                ),
                pointer=movement.pointer,
                key=movement.key,
                logical=movement.client.name if movement.client else None,
                related=((liability.pointer, "the QuickBooks trust liability account"),),
                properties={
                    "id": str(movement.transaction.id),
                    "date": str(movement.date),
                    "direction": movement.direction,
                    "amount": str(movement.amount),
                    "client": movement.client.name if movement.client else "",
                },
            )
        )
    yield from found
    yield from _summary(
        "TR011",
        found,
        [m for _, m in unpaired],
        "{count} Clio trust transactions totalling {total} have no QuickBooks trust liability "
        "line{split}: QuickBooks is missing them.",
        movements,
    )


def _recorded_by(system: str) -> Callable[[OpenReason | None, bool], str]:
    """The wording of TR011's (system QuickBooks) and TR012's (Clio) open items."""
    record = (
        "QuickBooks trust liability line" if system == "QuickBooks" else "Clio trust transaction"
    )

    def why(reason: OpenReason | None, several: bool) -> str:
        it = "them" if several else "it"
        if reason == "undated-other-side":
            return f"an undated {record} of the same amount may record {it}"
        has = "they have" if several else "it has"
        return f"{has} no date, so movement pairing cannot tell whether {system} recorded {it}"

    return why


def _summary(
    rule_id: str,
    found: list[Problem],
    items: list[ClioMovement] | list[BookLine],
    message: str,
    movements: Movements,
) -> Iterator[Problem]:
    money_in = sum((i.amount for i in items if i.direction == "in"), Decimal(0))
    money_out = sum((i.amount for i in items if i.direction == "out"), Decimal(0))
    split = f" ({money(money_in)} in, {money(money_out)} out)"
    first = movements.accounts[0].pair
    pointer = first.clio_account.pointer if first.clio_account else first.bank.pointer
    total = summary(
        rule_id,
        found,
        [i.amount for i in items],
        message=message.replace("{split}", split),
        pointer=pointer,
        logical=first.bank.full_name,
    )
    if total is not None:
        yield total


# --- TR012 ------------------------------------------------------------------------------------


@rule(
    "TR012",
    "trust-movement-missing-in-clio",
    severity="error",
    tags=(*TAGS, "seed"),
    requires=REQUIRES,
)
def trust_movement_missing_in_clio(ctx: RuleContext) -> RuleOutput:
    """A non-zero QuickBooks trust liability line naming a client that movement pairing leaves
    unpaired: Clio has no trust transaction for it (the reverse of TR011). One finding per line
    and a summary with the count and total.

    A line's client is its client sub-account, else its customer (`Entity`, `CustomerRef`).
    Lines naming no client are TR009's. The pairing, its window (TR011's `window_days`), the
    span judged (with Clio holding no trust transaction for the account, every such line is
    missing) and the handling of ambiguous names and undated items are TR011's
    (docs/trust-sync.md). With trust sync on, a Purchase duplicating a synced disbursement is
    TS002's, not this rule's. A QuickBooks transaction list missing from the snapshot is
    announced.

    ## Why it matters
    Money recorded in the books and not in the client's trust ledger in Clio means Clio's
    client balances (what the firm tells the client and the bar) are wrong, or QuickBooks holds
    an entry that never happened at the bank. In the seed, $47,000 sat in QuickBooks only.

    ## Example
    Deposit 302, $40,000.00 into `Client Trust Liability` for Brooks Holdings LLC, with no
    matching deposit in Clio's IOLTA Trust within 3 days.

    ## How to fix
    Find the movement at the bank. If it happened, record it in Clio (Matters → the matter →
    Transactions → New → Trust deposit or withdrawal, or Accounts → the trust account → New
    transaction) for the client and matter. If it did not, void the QuickBooks entry (open it
    from the client's sub-account register: Gear → Chart of accounts → View register → the
    transaction → More → Void). Then reconcile again.

    ## References
    - ABA Model Rule 1.15(a); ABA Model Rules for Client Trust Account Records, Rule 1(b)
    - Seed: "$47,000 more than the sum of client balances in Clio"
    """
    movements = _movements(ctx)
    yield from _notices(movements, lists=True)
    for account in movements.accounts:
        yield from _open(account, account.open_in_clio, _recorded_by("Clio"))
    unpaired = [(a, line) for a in movements.accounts for line in a.missing_in_clio]
    found: list[Problem] = []
    for account, line in unpaired:
        clio_name = account.pair.clio_account.name if account.pair.clio_account else "Clio"
        found.append(
            Problem(
                message=(
                    f"{line.label} of {line.date} ({_line_where(line)}) has no Clio trust "
                    f"transaction in {clio_name} within {account.window_days} days: Clio never "
                    "recorded it, or QuickBooks recorded it in error."
                ),
                pointer=line.pointer,
                key=line.key,
                logical=line.client.name if line.client else None,
                related=((account.pair.clio_account.pointer, "the Clio trust bank account"),)
                if account.pair.clio_account
                else (),
                properties={
                    "Id": line.posting.txn.Id,
                    "date": str(line.date),
                    "direction": line.direction,
                    "amount": str(line.amount),
                    "client": line.client.name if line.client else "",
                },
            )
        )
    yield from found
    yield from _summary(
        "TR012",
        found,
        [line for _, line in unpaired],
        "{count} QuickBooks trust liability lines totalling {total} have no Clio trust "
        "transaction{split}: Clio is missing them.",
        movements,
    )


# --- TR013 ------------------------------------------------------------------------------------


@rule(
    "TR013",
    "trust-movement-wrong-client",
    severity="error",
    tags=(*TAGS, "client-ledger", "seed"),
    requires=REQUIRES,
)
def trust_movement_wrong_client(ctx: RuleContext) -> RuleOutput:
    """A Clio trust transaction and the QuickBooks trust liability line that records it agree
    on direction, amount and date (within TR011's `window_days`) but name different clients:
    a pair made by the second pass of movement pairing. One finding naming both clients and the
    amount, instead of a TR011 and a TR012.

    The first pass pairs each movement with a line of the same client; only what it leaves,
    where both sides name a client, can pair across clients (docs/trust-sync.md). A line's
    client is its client sub-account, else its customer. An undated movement cannot be paired:
    when the other system holds an unpaired record of the same amount for another client, the
    rule says it could not run for it.

    ## Why it matters
    The totals agree, so the three-way reconciliation balances, while two client ledgers are
    wrong by the amount: one client is credited with another's money (ABA Model Rule 1.15(a)).
    The seed's firm had $31,000 misallocated over 47 client ledgers, found only in a bar audit.

    ## Example
    Clio records a $20,000.00 deposit for David Chen on 2026-06-15; QuickBooks records the
    same deposit on `Client Trust Liability:Brooks Holdings LLC`.

    ## How to fix
    Find which system is right from the deposit slip or check. In QuickBooks, open the line
    (Gear → Chart of accounts → the sub-account → View register → the transaction) and change
    its account to the right client's sub-account and its customer to the right client. In
    Clio, edit the transaction's matter (Matters → the matter → Transactions → Trust → Edit),
    or record a matter-to-matter transfer if the money itself moved between clients.

    ## References
    - ABA Model Rule 1.15(a); ABA Model Rules for Client Trust Account Records, Rule 1(b)
    - Seed: "47 client ledger discrepancies totaling $31,000 in misallocations"
    """
    movements = _movements(ctx)
    yield from _notices(movements, lists=True)
    for account in movements.accounts:
        yield from _open(account, account.open_across_clients, _other_client)
        for pair in account.wrong_client:
            yield _tr013(account, pair)


def _other_client(reason: OpenReason | None, several: bool) -> str:
    has, its = ("they have", "their") if several else ("it has", "its")
    return (
        f"{has} no date, and the other system holds an unpaired record of the same amount "
        f"for another client that may be {its} counterpart: the money may be on the wrong "
        "client's ledger"
    )


def _tr013(account: AccountMovements, pair: MovementPair) -> Problem:
    movement, line = pair.clio, pair.line
    clio_client = movement.client.name if movement.client else "no client"
    qbo_client = line.client.name if line.client else "no client"
    clio_name = account.pair.clio_account.name if account.pair.clio_account else "Clio"
    way = "into" if movement.direction == "in" else "out of"
    return Problem(
        message=(
            f"{movement.label} of {movement.date} ({money(movement.amount)} {way} {clio_name}) "
            f"is for {clio_client}, but the QuickBooks line that records it, {line.label} of "
            f"{line.date}, is for {qbo_client}: the money is on the wrong client's ledger in "
            "one of the two systems."
        ),
        pointer=line.pointer,
        key=f"{line.key}|{movement.key}",
        logical=clio_client,
        related=((movement.pointer, "the Clio trust transaction"),),
        properties={
            "amount": str(movement.amount),
            "direction": movement.direction,
            "clio_client": clio_client,
            "qbo_client": qbo_client,
            "clio_id": str(movement.transaction.id),
            "Id": line.posting.txn.Id,
        },
    )


RULES: list[Rule] = [
    trust_movement_missing_in_books,
    trust_movement_missing_in_clio,
    trust_movement_wrong_client,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
