"""QB rule about commingling (QB011): one QuickBooks bank account serving trust and operating
money, through the payment methods, the deposits it receives or the Clio account mappings.

The trust accounts themselves (QB010, QB012, QB014) are judged in `qb_trust.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator

from ledgerlint.books.chart import Chart
from ledgerlint.builtin.problems import join_words
from ledgerlint.builtin.qb_trust import TRUST_BANK_SUBTYPE
from ledgerlint.models.qbo import Account
from ledgerlint.models.settings import TrustAccountMapping
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule


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
    analysis = ctx.books.chart
    syncing = snapshot.clio_bill_syncing
    mappings = list((syncing.trust_accounts if syncing else None) or [])
    methods = list((syncing.payment_methods if syncing else None) or [])

    def identity(name: str | None) -> str | None:
        account = analysis.find(name)
        return account.Id if account else (f"name:{name}" if name else None)

    # Each QuickBooks trust target is labelled with the Clio account it holds; where a Clio
    # operating account is (wrongly) paired with it too, the Clio trust account names it.
    clio = snapshot.clio
    clio_types = {
        b.name: (b.type or "").lower() for b in ((clio.bank_accounts if clio else None) or [])
    }
    trust_targets: dict[str, tuple[str, str]] = {}
    for mapping in sorted(mappings, key=lambda m: clio_types.get(m.clio_bank_account) != "trust"):
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
                f"({join_words(receipts[:3])}{' and more' if len(receipts) > 3 else ''}): trust and "
                "operating money share one account."
            ),
            pointer=account.pointer,
            key=account.key,
            properties={"operating_receipts": ", ".join(receipts)},
            logical=account.full_name,
        )

    yield from _operating_and_trust_paired(ctx, mappings, identity)


def _operating_receipts(ctx: RuleContext, analysis: Chart, account: Account) -> list[str]:
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


RULES: list[Rule] = [trust_and_operating_combined]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
