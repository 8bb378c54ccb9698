"""QB rules about the trust structure of the chart of accounts (QB010, QB011, QB012, QB014).

Which accounts are trust bank accounts, operating bank accounts and trust liability accounts is
decided once, in `ledgerlint.builtin.books` (the catalog's "Names used below").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterator
from decimal import Decimal

from ledgerlint.builtin.books import LIABILITY_TYPES
from ledgerlint.builtin.books import Books
from ledgerlint.builtin.books import books
from ledgerlint.builtin.books import money
from ledgerlint.models.qbo import Account
from ledgerlint.models.settings import TrustAccountMapping
from ledgerlint.plugins import Fix
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import rule

TRUST_BANK_SUBTYPE = "TrustAccounts"
TRUST_LIABILITY_SUBTYPE = "TrustAccountsLiabilities"
_TRUST_WORDS = re.compile(r"\b(trust|iolta|escrow)\b", re.IGNORECASE)


def _active_trust_banks(analysis: Books) -> list[Account]:
    return [a for a in analysis.trust_banks if a.Active]


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


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
    matters).

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
    analysis = books(ctx)
    if _active_trust_banks(analysis):
        return
    clio = ctx.snapshot.clio
    clio_trust = [b for b in ((clio.bank_accounts if clio else None) or []) if b.is_trust]
    held = sum(
        (
            entry.balance
            for matter in ((clio.matters if clio else None) or [])
            for entry in matter.account_balances or []
            if entry.is_trust
        ),
        Decimal(0),
    )
    if not clio_trust and held == 0:
        return
    if clio_trust:
        names = _join([b.name for b in clio_trust])
        plural = "accounts" if len(clio_trust) > 1 else "account"
        cause = f"Clio has the trust bank {plural} {names}"
    else:
        cause = f"Clio clients hold {money(held)} in trust"
    yield Problem(
        message=(
            f"{cause} but QuickBooks has no trust bank account (a Bank account with detail type "
            "TrustAccounts): client funds are missing from the books or mixed into operating."
        ),
        pointer=clio_trust[0].pointer if clio_trust else "/qbo/Account",
        key="qbo.Account:trust-bank",
        related=tuple((b.pointer, f"Clio trust account {b.name}") for b in clio_trust[1:]),
        properties={"clio_trust_accounts": ", ".join(b.name for b in clio_trust), "held": held},
    )


@rule(
    "QB011",
    "trust-and-operating-combined",
    severity="error",
    tags=("trust", "quickbooks", "seed"),
    requires=("clio_bill_syncing.trust_accounts", "qbo.Account"),
)
def trust_and_operating_combined(ctx: RuleContext) -> Iterator[Problem]:
    """One QuickBooks bank account serves both trust and operating money.

    Three ways, each its own finding:
    - a `trust_accounts[].qbo_bank_account` is also the `qbo_deposit_account` of a payment
      method of `kind: operating` (read when `payment_methods` is present);
    - a `trust_accounts[].qbo_bank_account` whose detail type is not `TrustAccounts` also
      receives operating deposits: a non-void `Payment` deposited to it, or a `Deposit` into it
      with a line that is not to a trust liability account or its client sub-accounts;
    - `trust_accounts` pairs a Clio `Operating` account and a Clio `Trust` account with the same
      QuickBooks account (read when `clio.bank_accounts` is present; the format pairs Clio
      accounts with QuickBooks accounts only there).

    ## Why it matters
    Trust money must stay apart from the firm's money. A combined account commingles client
    funds with operating receipts, makes three-way reconciliation impossible, and is a
    disciplinary violation in every US jurisdiction.

    ## Example
    The `Check` payment method (operating) deposits into `Client Trust Account - IOLTA`, the
    account paired with Clio's `IOLTA Trust`.

    ## How to fix
    Open a separate operating account if needed. In Clio: Settings → Bill Syncing → QuickBooks
    Online → Configure Sync Settings → payment methods, send operating payment methods to
    Undeposited Funds or the operating bank account, never the trust account; pair only Clio
    trust accounts with the QuickBooks trust account. In QuickBooks Online: move operating
    deposits out of the trust account (edit each deposit's account) and set the trust
    account's detail type to Trust account.

    ## References
    - ABA Model Rule 1.15(a) (no commingling)
    - seeds: Clio and QuickBooks Integration for Law Firms ("You need separate bank accounts for
      operating and IOLTA - obvious, but I have seen them combined")
    """
    snapshot = ctx.snapshot
    analysis = books(ctx)
    syncing = snapshot.clio_bill_syncing
    mappings = list((syncing.trust_accounts if syncing else None) or [])
    methods = list((syncing.payment_methods if syncing else None) or [])

    def identity(name: str | None) -> str | None:
        account = analysis.find(name)
        return account.Id if account else (f"name:{name}" if name else None)

    trust_targets: dict[str, tuple[str, str]] = {}
    for mapping in mappings:
        target = identity(mapping.qbo_bank_account)
        if target and target not in trust_targets:
            trust_targets[target] = (mapping.qbo_bank_account or "", mapping.clio_bank_account)

    for index, method in enumerate(methods):
        target = identity(method.qbo_deposit_account)
        if method.kind != "operating" or target not in trust_targets:
            continue
        qbo_name, clio_name = trust_targets[target]
        yield Problem(
            message=(
                f"Operating payment method {method.name} deposits into {qbo_name}, the QuickBooks "
                f"bank account paired with Clio trust account {clio_name}: operating receipts "
                "land in trust."
            ),
            pointer=f"/clio_bill_syncing/payment_methods/{index}/qbo_deposit_account",
            key=f"clio_bill_syncing.payment_methods:{method.name}",
            properties={"payment_method": method.name, "qbo_bank_account": qbo_name},
            logical=qbo_name,
        )

    for target, (_qbo_name, clio_name) in trust_targets.items():
        account = analysis.by_id.get(target)
        if account is None or account.AccountSubType == TRUST_BANK_SUBTYPE:
            continue
        receipts = _operating_receipts(ctx, analysis, account)
        if not receipts:
            continue
        yield Problem(
            message=(
                f"QuickBooks bank account {account.full_name} holds Clio trust account "
                f"{clio_name}'s funds but its detail type is {account.AccountSubType or 'not set'}"
                f", not TrustAccounts, and it receives operating deposits "
                f"({_join(receipts[:3])}{' and more' if len(receipts) > 3 else ''}): trust and "
                "operating money share one account."
            ),
            pointer=account.pointer,
            key=account.key,
            properties={"operating_receipts": ", ".join(receipts)},
            logical=account.full_name,
        )

    yield from _operating_and_trust_paired(ctx, mappings, identity)


def _operating_receipts(ctx: RuleContext, analysis: Books, account: Account) -> list[str]:
    """Labels of the operating Payments and Deposits that land in `account`."""
    qbo = ctx.snapshot.qbo
    found: list[str] = []
    for payment in (qbo.Payment if qbo else None) or []:
        ref = payment.DepositToAccountRef
        if ref and ref.value == account.Id and not payment.voided and payment.TotalAmt != 0:
            found.append(payment.label)
    for deposit in (qbo.Deposit if qbo else None) or []:
        ref = deposit.DepositToAccountRef
        if ref is None or ref.value != account.Id:
            continue
        for line in deposit.Line:
            detail = line.detail
            target = detail.AccountRef.value if detail and detail.AccountRef else None
            if line.LinkedTxn or analysis.liability_of(target) is None:
                found.append(deposit.label)
                break
    return found


def _operating_and_trust_paired(
    ctx: RuleContext,
    mappings: list[TrustAccountMapping],
    identity: Callable[[str | None], str | None],
) -> Iterator[Problem]:
    clio = ctx.snapshot.clio
    accounts = (clio.bank_accounts if clio else None) or []
    if not accounts:
        return
    by_name = {b.name: b for b in accounts}
    groups: dict[str, list[int]] = {}
    for index, mapping in enumerate(mappings):
        target = identity(mapping.qbo_bank_account)
        if target:
            groups.setdefault(target, []).append(index)
    for indexes in groups.values():
        kinds = {
            i: (by_name[mappings[i].clio_bank_account].type or "").lower()
            for i in indexes
            if mappings[i].clio_bank_account in by_name
        }
        trust = [i for i, kind in kinds.items() if kind == "trust"]
        operating = [i for i, kind in kinds.items() if kind == "operating"]
        if not trust:
            continue
        for index in operating:
            mapping = mappings[index]
            yield Problem(
                message=(
                    f"Clio operating account {mapping.clio_bank_account} and trust account "
                    f"{mappings[trust[0]].clio_bank_account} both map to the QuickBooks account "
                    f"{mapping.qbo_bank_account}: trust and operating money share one account."
                ),
                pointer=f"/clio_bill_syncing/trust_accounts/{index}/clio_bank_account",
                key=f"clio_bill_syncing.trust_accounts:{mapping.clio_bank_account}",
                properties={
                    "clio_operating_account": mapping.clio_bank_account,
                    "clio_trust_account": mappings[trust[0]].clio_bank_account,
                    "qbo_bank_account": mapping.qbo_bank_account or "",
                },
                logical=mapping.qbo_bank_account,
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
    analysis = books(ctx)
    banks = _active_trust_banks(analysis)
    if not banks or any(a.Active for a in analysis.trust_liabilities):
        return
    listed = _join([a.full_name for a in banks])
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
    analysis = books(ctx)
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


def _is_client_subaccount(analysis: Books, account: Account) -> bool:
    owner = analysis.liability_of(account.Id)
    return owner is not None and owner.Id != account.Id


RULES: list[Rule] = [
    no_trust_bank_account,
    trust_and_operating_combined,
    no_trust_liability_account,
    trust_account_wrong_detail_type,
]
