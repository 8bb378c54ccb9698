"""Built-in Python rules, the RC area (the trust three-way): RC001-RC003.

Each compares balances that must agree, computed by `books/reconciliation.py` (three-way
reconciliation) with the posting conventions of `books/postings.py`. RC004-RC005 (operating
side) live in `rc_operating.py`, RC006-RC007 (dates) in `rc_schedule.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ledgerlint.books.reconciliation import TrustPair
from ledgerlint.books.reconciliation import choose_statement
from ledgerlint.books.reconciliation import client_table
from ledgerlint.books.reconciliation import reconcile_pair
from ledgerlint.builtin.problems import SUMMARY_MIN
from ledgerlint.models.money import ZERO
from ledgerlint.models.money import money
from ledgerlint.models.reconciliation import ClientBalance
from ledgerlint.models.reconciliation import ClientTable
from ledgerlint.models.reconciliation import TrustAccountReconciliation
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule
from ledgerlint.plugins.rule import RuleOutput


def _pairs(ctx: RuleContext) -> list[TrustPair]:
    pairs = ctx.books.trust_pairs
    if not pairs:
        ctx.skip("QuickBooks has no trust bank account (QB010 reports a missing one)")
    return pairs


@rule(
    "RC001",
    "three-way-mismatch",
    severity="error",
    tags=("trust", "reconciliation", "seed"),
    requires=("qbo.Account", "bank.statements"),
)
def three_way_mismatch(ctx: RuleContext) -> RuleOutput:
    """A trust bank account's three-way reconciliation does not agree as of its latest statement:
    the adjusted bank balance (ending balance + deposits in transit - outstanding checks), the
    QuickBooks trust liability balance (`CurrentBalanceWithSubAccounts`) and the sum of Clio's
    client trust balances for the paired Clio account are not all equal.

    QuickBooks and Clio balances are current balances rolled back to the statement's
    `period_end` by the transactions the snapshot holds dated after it (QuickBooks postings to
    the liability and its sub-accounts; Clio `bank_transactions` of the account, signed). Clio's
    client balances are the `Trust` entries of `matters[].account_balances` for the account,
    plus client-level funds, read as the account's `bank_transactions` naming a client and no
    matter (the snapshot format has no client-level balance; see docs/reconciliation.md).
    Accounts are paired through `clio_bill_syncing.trust_accounts`; without an entry, only a
    sole trust bank, liability and Clio trust account are paired. An account that cannot be
    paired or has no statement could not be reconciled, and the rule says so (could not run in
    full; CS006 and RC007 report the cause), and so is one with two statements for its latest
    period whose figures differ (not guessed). When one figure cannot be read (no
    `clio.matters`, no liability paired), two known figures that differ still settle it: the
    three cannot agree, and the finding names the figure missing; two that agree do not, and
    the account could not be reconciled (with no `clio.matters` at all and nothing settled,
    the rule could not run).

    ## Why it matters
    The bank, the books and the client ledgers must agree every period (ABA Model Rules on
    Client Trust Account Records, Rule 1(e); CA Rule 1.15 and Standard (d)). A difference means
    client money is missing, double-counted or in the wrong ledger. In the seed, the trust
    liability in QuickBooks stood $47,000 above the sum of the client balances in Clio after
    eighteen months of trust payments had credited the wrong accounts, and nobody noticed
    because the sync kept running without errors.

    ## How to fix
    Run `ledgerlint reconcile SNAPSHOT` for the full report: the three figures, the later
    transactions rolled back and the per-client table. Find the difference's source: deposits
    posted to the parent liability instead of a client sub-account (TR001), trust-paid bills
    booked as operating payments (TR002), client ledgers that differ (RC002). Correct them in
    QuickBooks (Gear → Chart of accounts → the account → View register) or in Clio
    (Matters → the matter → Transactions → Trust), then reconcile again (QuickBooks: Gear →
    Reconcile; Clio: Accounts → the trust account → Reconcile).

    ## References
    - ABA Model Rule 1.15(a); ABA Model Rules on Client Trust Account Records, Rule 1
    - California Rules of Professional Conduct 1.15(d)(3) and the State Bar's Handbook on Client Trust Accounting
    """
    undecided: list[Notice] = []
    fired = False
    for pair in _pairs(ctx):
        books = ctx.books
        statement, conflict = choose_statement(ctx.snapshot, books.chart, pair.bank)
        account = reconcile_pair(books, pair, statement, conflict)
        if not account.complete:
            partial = _two_figures_differ(account)
            if partial is not None:
                fired = True
                yield partial
                continue
            reasons = "; ".join(account.notes) or "a figure is missing"
            undecided.append(
                Notice(
                    f"did not reconcile {pair.bank.full_name}: {reasons}",
                    pair.bank.pointer,
                    kind="not-run",
                )
            )
            continue
        if account.agrees:
            continue
        assert account.statement and account.liability and account.clio
        fired = True
        differences = account.differences
        bank, liability, clio = (
            account.statement.adjusted,
            account.liability.as_of,
            account.clio.as_of,
        )
        yield Problem(
            message=(
                f"{account.bank_account} does not reconcile as of {account.statement.period_end}: "
                f"adjusted bank balance {money(bank)}, QuickBooks trust liability "
                f"({account.liability_account}) {money(liability)}, Clio client trust balances "
                f"({account.clio_account}) {money(clio)}; differences: QuickBooks − bank "
                f"{money(differences['liability_minus_bank'])}, Clio − bank "
                f"{money(differences['clio_minus_bank'])}, QuickBooks − Clio "
                f"{money(differences['liability_minus_clio'])}."
            ),
            pointer=account.statement.pointer,
            key=f"{account.bank_key}/statement:{account.statement.period_end}",
            logical=account.bank_account,
            related=_related(account),
            properties={
                "period_end": str(account.statement.period_end),
                "bank_adjusted": str(bank),
                "qbo_liability": str(liability),
                "clio_clients": str(clio),
                **{name: str(value) for name, value in differences.items()},
            },
        )
    clio_section = ctx.snapshot.clio
    if undecided and not fired and (clio_section is None or clio_section.matters is None):
        ctx.skip(
            "the snapshot has no `clio.matters` (Clio's client trust balances), and the figures "
            "present do not settle the reconciliation"
        )
    yield from undecided


def _related(account: TrustAccountReconciliation) -> tuple[tuple[str, str], ...]:
    """The three accounts a reconciliation compares, where the snapshot has them."""
    places = (
        (account.liability_pointer, "QuickBooks trust liability"),
        (account.clio_pointer, "Clio trust bank account"),
        (account.bank_pointer, "QuickBooks trust bank account"),
    )
    return tuple((pointer, label) for pointer, label in places if pointer)


def _two_figures_differ(account: TrustAccountReconciliation) -> Problem | None:
    """With one of the three figures unknown, two known figures that differ already settle the
    verdict: the three cannot all agree (catalog: partly missing input)."""
    if account.statement is None:
        return None
    known = [("adjusted bank balance", "bank_adjusted", account.statement.adjusted)]
    if account.liability is not None:
        label = f"QuickBooks trust liability ({account.liability_account})"
        known.append((label, "qbo_liability", account.liability.as_of))
    if account.clio is not None:
        label = f"Clio client trust balances ({account.clio_account})"
        known.append((label, "clio_clients", account.clio.as_of))
    if len(known) < 2 or len({value for _, _, value in known}) == 1:
        return None
    (first, first_key, first_value), (second, second_key, second_value) = known[:2]
    missing = (
        "the Clio client trust balances" if account.clio is None else "the QuickBooks liability"
    )
    why = "; ".join(account.notes) or "it is not in the snapshot"
    return Problem(
        message=(
            f"{account.bank_account} does not reconcile as of {account.statement.period_end}: "
            f"{first} {money(first_value)}, {second} {money(second_value)} (difference "
            f"{money(second_value - first_value)}); {missing} could not be read: {why}."
        ),
        pointer=account.statement.pointer,
        key=f"{account.bank_key}/statement:{account.statement.period_end}",
        logical=account.bank_account,
        related=_related(account),
        properties={
            "period_end": str(account.statement.period_end),
            first_key: str(first_value),
            second_key: str(second_value),
            "difference": str(second_value - first_value),
            "unknown": missing,
        },
    )


@rule(
    "RC002",
    "client-ledger-mismatch",
    severity="error",
    tags=("trust", "reconciliation", "seed"),
    requires=("qbo.Account", "clio.matters"),
)
def client_ledger_mismatch(ctx: RuleContext) -> RuleOutput:
    """A client's trust balance in QuickBooks differs from the sum of that client's trust
    balances in Clio (current balances); one finding per client and, when two or more clients
    differ or money sits on the parent account itself, a summary with the count and the total
    of the absolute differences.

    The QuickBooks balance is the client's sub-account under the trust liability
    (`CurrentBalanceWithSubAccounts`), matched to the Clio client by name (case, punctuation
    and whitespace ignored; `Last, First` matches `First Last`). When the liability has no
    sub-accounts (one trust liability account), it is the sum of the postings to the liability
    naming the client as customer, and only when those postings add up to the account's
    balance (a partial history cannot give per-client balances: the rule then reports it could
    not run). A client with funds in Clio and no sub-account, or a sub-account with funds and
    no Clio client, differs by the whole amount. An ambiguous name match is a notification and
    that client is left out.

    ## Why it matters
    Each client's money must be accounted for separately (ABA Model Rule 1.15(a); California,
    New York, Texas and Florida expect client ledgers in the books). In the seed, 47 client
    ledgers disagreed by $31,000 in all: the firm could not say whose money it was holding.

    ## How to fix
    For each client listed, compare QuickBooks (Reports → Transaction Detail by Account,
    filtered to the client's sub-account) with Clio (Matters → the matter → Transactions →
    Trust) and correct the wrong side: recategorise a deposit from the parent account to the
    client's sub-account, add the missing journal entry for a trust application, or create the
    client's sub-account (Gear → Chart of accounts → New → Other Current Liability → Trust
    accounts - liabilities, Is sub-account of the trust liability).

    ## References
    - ABA Model Rule 1.15(a); ABA Model Rules on Client Trust Account Records, Rule 1(b)
    - California Rules of Professional Conduct 1.15(d)(3), Standard (d)(1)(ii): client ledgers
    """
    books = ctx.books
    ran = False
    reasons: list[str] = []
    for pair in _pairs(ctx):
        table = client_table(books, pair, None)
        if table is None or pair.liability is None:
            reasons.append("; ".join(pair.notes) or f"{pair.bank.full_name} is not paired")
            continue
        for ambiguous in table.ambiguous:
            yield Notice(
                f"{ambiguous.client} matches {len(ambiguous.candidates)} candidates "
                f"({', '.join(ambiguous.candidates)}); skipped, not guessed",
                ambiguous.pointer,
                kind="ambiguous",
            )
        if table.unavailable:
            reasons.append(table.unavailable)
            continue
        ran = True
        yield from _client_findings(table, pair)
    if not ran:
        ctx.skip("; ".join(reasons) or "no trust account could be compared")


def _client_findings(table: ClientTable, pair: TrustPair) -> Iterator[Problem]:
    assert pair.liability is not None
    liability = pair.liability
    clio_name = pair.clio_account.name if pair.clio_account else "Clio"
    mismatched = table.mismatched
    for row in mismatched:
        yield Problem(
            message=_client_message(row, table, liability.full_name, clio_name),
            pointer=row.qbo_pointer or row.clio_pointer or liability.pointer,
            key=row.qbo_key or row.clio_key or f"{liability.key}/client:{row.client}",
            logical=row.client,
            related=((row.clio_pointer, "Clio client"),)
            if row.clio_pointer and row.qbo_pointer
            else (),
            properties={
                "client": row.client,
                "qbo_account": row.qbo_account or "",
                "qbo_balance": str(row.qbo_balance if row.qbo_balance is not None else ZERO),
                "clio_balance": str(row.clio_balance if row.clio_balance is not None else ZERO),
                "difference": str(row.difference),
            },
        )
    # One differing client needs no summary, unless money also sits on the parent account:
    # that is in no per-client finding.
    if mismatched and (len(mismatched) >= SUMMARY_MIN or table.unassigned != 0):
        total = sum((abs(row.difference) for row in mismatched), ZERO)
        count = len(mismatched)
        ledgers = "client trust ledger differs" if count == 1 else "client trust ledgers differ"
        parent = ""
        if table.unassigned != 0:
            parent = (
                f" ({money(table.unassigned)} more is held in {liability.full_name} itself, "
                "in no client's ledger)"
            )
        yield Problem(
            message=(
                f"{count} {ledgers} between QuickBooks ({liability.full_name}) and Clio "
                f"({clio_name}); total of the absolute differences {money(total)}{parent}."
            ),
            pointer=liability.pointer,
            key=f"{liability.key}/client-ledgers",
            logical=liability.full_name,
            properties={
                "count": count,
                "total_absolute_difference": str(total),
                "unassigned": str(table.unassigned),
            },
        )


def _client_message(row: ClientBalance, table: ClientTable, liability: str, clio: str) -> str:
    difference = money(row.difference)
    if row.qbo_balance is None:
        where = (
            f"no client sub-account under {liability}"
            if table.basis == "sub-accounts"
            else f"no posting to {liability} naming them"
        )
        return (
            f"Clio holds {money(row.clio_balance or ZERO)} in trust for {row.client} ({clio}), "
            f"but QuickBooks has {where} (difference {difference})."
        )
    if row.clio_balance is None:
        return (
            f"{row.qbo_account} holds {money(row.qbo_balance)} in QuickBooks, but Clio holds no "
            f"trust funds for {row.client} in {clio} (difference {difference})."
        )
    return (
        f"{row.qbo_account} holds {money(row.qbo_balance)} in QuickBooks, but Clio holds "
        f"{money(row.clio_balance)} for {row.client} (difference {difference})."
    )


@rule(
    "RC003",
    "trust-bank-liability-mismatch",
    severity="error",
    tags=("trust", "reconciliation"),
    requires=("qbo.Account",),
)
def trust_bank_liability_mismatch(ctx: RuleContext) -> RuleOutput:
    """A QuickBooks trust bank account's balance differs from its trust liability balance (with
    sub-accounts), both current.

    The liability is the one paired with the bank account in
    `clio_bill_syncing.trust_accounts`, or the only trust liability when there is one trust
    bank account and no mapping. An unpaired account could not be compared: the rule says it
    could not run in full.

    ## Why it matters
    Every dollar in the trust bank account belongs to a client, so the trust bank balance and
    the liability to clients must be equal in the books at every moment. A difference is money
    posted to only one side: a deposit categorised to income, a disbursement charged to an
    expense, a transfer recorded without the liability entry, or firm money left in trust
    (commingling, ABA Model Rule 1.15(a)-(b)).

    ## How to fix
    In QuickBooks open both registers (Gear → Chart of accounts → the account → View register)
    for the same dates, find the transaction posted to one and not the other, and correct its
    category. Trust money should only ever move between the trust bank and a client
    sub-account.

    ## References
    - ABA Model Rule 1.15(a), (b)
    """
    for pair in _pairs(ctx):
        if pair.liability is None:
            yield Notice(
                f"did not compare {pair.bank.full_name}: {'; '.join(pair.notes)}",
                pair.bank.pointer,
                kind="not-run",
            )
            continue
        bank = pair.bank.CurrentBalance
        liability = pair.liability.balance_with_subaccounts
        if bank == liability:
            continue
        yield Problem(
            message=(
                f"QuickBooks trust bank account {pair.bank.full_name} holds {money(bank)}, but its "
                f"trust liability {pair.liability.full_name} (with sub-accounts) is "
                f"{money(liability)}: difference {money(bank - liability)}."
            ),
            pointer=pair.bank.pointer,
            key=f"{pair.bank.key}/liability:{pair.liability.key}",
            logical=pair.bank.full_name,
            related=((pair.liability.pointer, "trust liability account"),),
            properties={
                "bank_balance": str(bank),
                "liability_balance": str(liability),
                "difference": str(bank - liability),
            },
        )


RULES: list[Rule] = [
    three_way_mismatch,
    client_ledger_mismatch,
    trust_bank_liability_mismatch,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
