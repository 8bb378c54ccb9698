"""QB rules about the trust accounts of the chart of accounts (QB010, QB012, QB014): that they
exist and are typed as trust accounts. One account serving trust and operating money (QB011)
is judged in `qb_commingling.py`.

Which accounts are trust bank accounts, operating bank accounts and trust liability accounts is
decided once, in `ledgerlint.books.chart` (the catalog's "Names used below").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ledgerlint.books.chart import LIABILITY_TYPES
from ledgerlint.books.chart import Chart
from ledgerlint.builtin.problems import join_words
from ledgerlint.models.money import money
from ledgerlint.models.qbo import Account
from ledgerlint.plugins import Fix
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

TRUST_BANK_SUBTYPE = "TrustAccounts"
TRUST_LIABILITY_SUBTYPE = "TrustAccountsLiabilities"
_TRUST_WORDS = re.compile(r"\b(trust|iolta|escrow)\b", re.IGNORECASE)


def _active_trust_banks(analysis: Chart) -> list[Account]:
    return [a for a in analysis.trust_banks if a.Active]


@rule(
    "QB010",
    "no-trust-bank-account",
    severity="error",
    tags=("trust", "quickbooks"),
    requires=("qbo.Account", "clio.bank_accounts"),
)
def no_trust_bank_account(ctx: RuleContext) -> Iterator[Problem]:
    """Clio has a Trust bank account, or Clio clients hold trust funds, and QuickBooks has no
    active trust bank account.

    A trust bank account is an active `Bank` account with detail type `TrustAccounts`, or one
    named in `clio_bill_syncing.trust_accounts[].qbo_bank_account`. "Holds client funds" means
    a non-zero `Trust` entry in `clio.matters[].account_balances` (read when the snapshot has
    matters); the amount shown is the sum of the positive entries, so an overdrawn matter does
    not net the others away.

    ## Why it matters
    Client money must be kept in a separate trust account (IOLTA), and the books must show it.
    With no trust bank account in QuickBooks, trust deposits are either missing from the books
    or booked into operating accounts: commingling, and no three-way reconciliation possible.

    ## Example
    Clio has `IOLTA Trust` (`type: Trust`); QuickBooks has only `Operating Checking`.

    ## How to fix
    In QuickBooks Online: Settings (gear) → Chart of accounts → New → Account type Bank, Detail
    type Trust account, named as your bar requires (e.g. "Client Trust Account - IOLTA"). Then in
    Clio: Settings → Bill Syncing → QuickBooks Online, pair the Clio trust account with it (in
    the snapshot: `clio_bill_syncing.trust_accounts`).

    ## References
    - ABA Model Rule 1.15(a) (client property held separate from the lawyer's own)
    - seeds: Clio and QuickBooks Integration for Law Firms ("You need separate bank accounts for
      operating and IOLTA")
    """
    analysis = ctx.books.chart
    if _active_trust_banks(analysis):
        return
    clio = ctx.snapshot.clio
    clio_trust = [b for b in ((clio.bank_accounts if clio else None) or []) if b.is_trust]
    balances = [
        entry.balance
        for matter in ((clio.matters if clio else None) or [])
        for entry in matter.account_balances or []
        if entry.is_trust and entry.balance != 0
    ]
    # Funds held are the credit balances: an overdrawn matter must not net them away.
    held = sum((b for b in balances if b > 0), Decimal(0))
    if not clio_trust and not balances:
        return
    if clio_trust:
        names = join_words([b.name for b in clio_trust])
        plural = "accounts" if len(clio_trust) > 1 else "account"
        cause = f"Clio has the trust bank {plural} {names}"
    elif held:
        cause = f"Clio clients hold {money(held)} in trust"
    else:
        cause = f"Clio matters show trust balances ({money(sum(balances, Decimal(0)))})"
    yield Problem(
        message=(
            f"{cause} but QuickBooks has no trust bank account (a Bank account with detail type "
            "TrustAccounts): client funds are missing from the books or mixed into operating."
        ),
        pointer=clio_trust[0].pointer if clio_trust else "/qbo/Account",
        key="qbo.Account:trust-bank",
        related=tuple((b.pointer, f"Clio trust account {b.name}") for b in clio_trust[1:]),
        properties={
            "clio_trust_accounts": ", ".join(b.name for b in clio_trust),
            "held": str(held),
        },
    )


@rule(
    "QB012",
    "no-trust-liability-account",
    severity="error",
    tags=("trust", "quickbooks", "seed"),
    requires=("qbo.Account",),
)
def no_trust_liability_account(ctx: RuleContext) -> Iterator[Problem]:
    """An active trust bank account exists and no active trust liability account does.

    A trust liability account is a top-level account with detail type
    `TrustAccountsLiabilities` or one named in `trust_accounts[].qbo_liability_account`.

    ## Why it matters
    Money in the trust bank account belongs to clients. Without a liability account balancing
    it, QuickBooks shows client funds as the firm's own equity or income, the balance sheet
    overstates what the firm owns, and there is no trust ledger to reconcile against the bank
    and Clio.

    ## Example
    `Client Trust Account - IOLTA` (Bank, TrustAccounts) and no account with detail type
    `TrustAccountsLiabilities`.

    ## How to fix
    In QuickBooks Online: Settings (gear) → Chart of accounts → New → Account type Other Current
    Liabilities, Detail type Trust accounts - liabilities, named e.g. "Client Trust Liability";
    book every trust deposit to it (or its client sub-accounts). Pair it in
    `clio_bill_syncing.trust_accounts[].qbo_liability_account`.

    ## References
    - ABA Model Rule 1.15(a)
    - seeds: Clio and QuickBooks Integration for Law Firms ("You need a trust liability account")
    """
    analysis = ctx.books.chart
    banks = _active_trust_banks(analysis)
    if not banks or any(a.Active for a in analysis.trust_liabilities):
        return
    listed = join_words([a.full_name for a in banks])
    yield Problem(
        message=(
            f"QuickBooks has the trust bank account {listed} but no trust liability account "
            "(an account with detail type TrustAccountsLiabilities): the client funds it holds "
            "appear as the firm's own money."
        ),
        pointer=banks[0].pointer,
        key="qbo.Account:trust-liability",
        related=tuple((a.pointer, f"Account {a.full_name}") for a in banks[1:]),
        properties={"trust_bank_accounts": ", ".join(a.Id for a in banks)},
        logical=banks[0].full_name,
    )


@rule(
    "QB014",
    "trust-account-wrong-detail-type",
    severity="warning",
    tags=("trust", "quickbooks"),
    requires=("qbo.Account",),
    fix_safety="unsafe",
)
def trust_account_wrong_detail_type(ctx: RuleContext) -> Iterator[Problem]:
    """An active trust account whose detail type (`AccountSubType`) is not the trust one:
    a `Bank` account not `TrustAccounts`, or a liability (`Other Current Liability`,
    `Long Term Liability`) not `TrustAccountsLiabilities`.

    A trust account here is one whose `Name` contains the word trust, IOLTA or escrow, or one
    named in `clio_bill_syncing.trust_accounts` (`qbo_bank_account`, `qbo_liability_account`).
    Accounts of other types (an income account "Trust Administration Fees") and client
    sub-accounts below a trust liability account (a client may be a family trust) are not
    checked.

    ## Why it matters
    QuickBooks and Clio recognise trust accounts by their detail type: an IOLTA set up as
    Checking is offered for operating deposits and payments, shows up in operating cash
    reports, and a trust liability set up as a generic liability is missed by the trust
    reports and by ledgerlint's own trust checks.

    ## Example
    `Client Trust Account - IOLTA` with `AccountType: Bank`, `AccountSubType: Checking`.

    ## How to fix
    In QuickBooks Online: Settings (gear) → Chart of accounts → Edit the account → Detail type:
    Trust account (bank) or Trust accounts - liabilities (liability). If the account is not a
    trust account at all, rename it. The snapshot fix sets `AccountSubType`; it is unsafe
    because it changes which accounts ledgerlint treats as trust accounts.

    ## References
    - ABA Model Rule 1.15(a)
    - QuickBooks Online Accounting API v3, Account: AccountSubType `TrustAccounts`,
      `TrustAccountsLiabilities`
    """
    syncing = ctx.snapshot.clio_bill_syncing
    declared: set[str] = set()
    for mapping in (syncing.trust_accounts if syncing else None) or []:
        declared.update(n for n in (mapping.qbo_bank_account, mapping.qbo_liability_account) if n)
    analysis = ctx.books.chart
    for account in analysis.accounts:
        if not account.Active:
            continue
        if account.AccountType == "Bank":
            expected, kind = TRUST_BANK_SUBTYPE, "bank"
        elif account.AccountType in LIABILITY_TYPES:
            expected, kind = TRUST_LIABILITY_SUBTYPE, "liability"
        else:
            continue
        if account.AccountSubType == expected or _is_client_subaccount(analysis, account):
            continue
        if account.full_name in declared or account.Name in declared:
            why = "is paired with a Clio trust account in trust_accounts"
        elif _TRUST_WORDS.search(account.Name):
            why = "is named like a trust account"
        else:
            continue
        current = account.AccountSubType
        yield Problem(
            message=(
                f"The {kind} account {account.full_name} {why} but its detail type is "
                f"{current or 'not set'}, not {expected}: QuickBooks and Clio do not treat it "
                "as a trust account."
            ),
            pointer=f"{account.pointer}/AccountSubType" if current else account.pointer,
            key=account.key,
            fix=Fix(
                f"Set the detail type of {account.full_name} to {expected}",
                ({"op": "add", "path": f"{account.pointer}/AccountSubType", "value": expected},),
                "unsafe",
            ),
            properties={
                "account_id": account.Id,
                "detail_type": current or "",
                "expected": expected,
            },
            logical=account.full_name,
        )


def _is_client_subaccount(analysis: Chart, account: Account) -> bool:
    owner = analysis.liability_of(account.Id)
    return owner is not None and owner.Id != account.Id


RULES: list[Rule] = [
    no_trust_bank_account,
    no_trust_liability_account,
    trust_account_wrong_detail_type,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
