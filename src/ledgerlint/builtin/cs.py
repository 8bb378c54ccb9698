"""Built-in Python rules: the CS area of the catalog (Clio bill-syncing settings).

The settings-sized CS rules are YAML (`rules/cs/`); the two here join the settings with the
bank-feed list and with both systems' accounts, which a declarative rule cannot do.
"""

from __future__ import annotations

from collections.abc import Iterator

from ledgerlint.books.chart import LIABILITY_TYPES
from ledgerlint.books.chart import Chart
from ledgerlint.models.findings import Fix
from ledgerlint.models.findings import Problem
from ledgerlint.models.settings import TrustAccountMapping
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule


@rule(
    "CS003",
    "dual-bank-feeds",
    severity="error",
    tags=("bill-syncing", "bank-feeds", "seed"),
    requires=("bank.feeds",),
    fix_safety="safe",
)
def dual_bank_feeds(ctx: RuleContext) -> Iterator[Problem]:
    """The same bank account has a live bank feed in both QuickBooks and Clio.

    A `system: qbo` feed names the QuickBooks bank account, a `system: clio` feed the Clio bank
    account (each system's own name). A Clio feed and a QuickBooks feed are the same account when
    `clio_bill_syncing.trust_accounts` pairs them (`clio_bank_account` ↔ `qbo_bank_account`), or
    when both name the same account (the same text, or names QuickBooks resolves to one
    account). One finding per Clio feed, at that feed.

    ## Why it matters
    Each system imports every bank transaction from its own feed, and the integration then syncs
    Clio's records into QuickBooks, where the QuickBooks feed already brought them in: every
    deposit and check exists twice, and untangling the duplicates takes hours. On a trust account
    the duplicates also break the three-way reconciliation.

    ## How to fix
    Keep the feed in QuickBooks only. In Clio, disconnect the bank feed of that account (in the
    bank-feed settings of the account where the feed was connected). In QuickBooks, match synced Clio payments against the
    bank-feed lines (Banking → For review → Match) instead of adding them again. In the snapshot:
    remove the `system: clio` entry from `bank.feeds`. The fix only records the disconnected feed;
    duplicates already imported must be removed by hand.

    ## References
    - seeds: Clio and QuickBooks Integration (Trust Accounting Configuration): "bank feeds in QuickBooks only"
    """
    feeds = (ctx.snapshot.bank.feeds if ctx.snapshot.bank else None) or []
    chart = ctx.books.chart
    mappings = _trust_mappings(ctx)
    qbo_feeds = [(i, feed) for i, feed in enumerate(feeds) if feed.system == "qbo"]
    for index, clio_feed in enumerate(feeds):
        if clio_feed.system != "clio":
            continue
        pairs = _qbo_names_for(clio_feed.account, mappings)
        wanted = {_identity(chart, name) for name in pairs}
        twin = next(
            ((i, feed) for i, feed in qbo_feeds if _identity(chart, feed.account) in wanted),
            None,
        )
        if twin is None:
            continue
        qbo_index, qbo_feed = twin
        pointer = f"/bank/feeds/{index}"
        there = ""
        if qbo_feed.account != clio_feed.account:
            mapped = {_identity(chart, name) for name in pairs - {clio_feed.account}}
            how = (
                ", paired in clio_bill_syncing.trust_accounts"
                if _identity(chart, qbo_feed.account) in mapped
                else ""
            )
            there = f" (in Clio as {clio_feed.account}{how})"
        yield Problem(
            message=(
                f"The bank account {qbo_feed.account} has a live bank feed in both QuickBooks "
                f"and Clio{there}: every transaction is imported twice."
            ),
            pointer=pointer,
            key=f"bank.feeds:clio:{clio_feed.account}",
            logical=qbo_feed.account,
            related=((f"/bank/feeds/{qbo_index}", "the QuickBooks feed of the same account"),),
            properties={"clio_account": clio_feed.account, "qbo_account": qbo_feed.account},
            fix=Fix(
                description=f"Remove the Clio bank feed of {clio_feed.account}",
                patch=(
                    {"op": "test", "path": f"{pointer}/account", "value": clio_feed.account},
                    {"op": "remove", "path": pointer},
                ),
                safety="safe",
            ),
        )


def _trust_mappings(ctx: RuleContext) -> list[TrustAccountMapping]:
    syncing = ctx.snapshot.clio_bill_syncing
    return list((syncing.trust_accounts if syncing else None) or [])


def _qbo_names_for(clio_name: str, mappings: list[TrustAccountMapping]) -> set[str]:
    """The QuickBooks names that denote the same bank account as the Clio account `clio_name`."""
    names = {clio_name}
    for mapping in mappings:
        if mapping.clio_bank_account == clio_name and mapping.qbo_bank_account:
            names.add(mapping.qbo_bank_account)
    return names


def _identity(chart: Chart, name: str) -> str:
    """A QuickBooks account's Id where the name resolves to one, else the name itself."""
    account = chart.find(name)
    return f"id:{account.Id}" if account is not None else f"name:{name}"


@rule(
    "CS006",
    "trust-sync-mapping-wrong",
    severity="error",
    tags=("bill-syncing", "trust"),
    requires=("clio.bank_accounts", "qbo.Account", "clio_bill_syncing.trust_accounts"),
)
def trust_sync_mapping_wrong(ctx: RuleContext) -> Iterator[Problem]:
    """A Clio trust bank account is not mapped, or is mapped to the wrong QuickBooks accounts.

    For each Clio bank account of `type: Trust`: it has no `clio_bill_syncing.trust_accounts`
    entry (matched by its exact Clio `name`); or its entry's `qbo_bank_account` or
    `qbo_liability_account` is missing, names no QuickBooks account (by `FullyQualifiedName`, or
    a `Name` only one account has), names an inactive one, or names one of the wrong type: the
    bank side must be `AccountType: Bank`, the liability side `Other Current Liability` or
    `Long Term Liability`. Wrong detail types (`TrustAccounts`, `TrustAccountsLiabilities`) are
    QB014's to report, not this rule's. A name that matches a QuickBooks account only when case
    is ignored is still reported (the other rules read the mapping by its exact name), with the
    account it was meant to name.

    ## Why it matters
    The mapping is how the firm (and ledgerlint) knows which QuickBooks bank account holds a Clio
    trust account's money and which liability account owes it to the clients. Without it, or with
    a stale one, trust applications and deposits are booked against the wrong accounts, and the
    three-way reconciliation compares the wrong figures: the trust liability can drift from the
    client balances for months with nothing reported.

    ## How to fix
    In QuickBooks: create or reactivate the IOLTA bank account (Bank, detail type Trust account)
    and the trust liability account (Other Current Liability, detail type Trust accounts -
    liabilities) under Accounting → Chart of accounts. In Clio: Settings → Bill Syncing →
    QuickBooks Online, map each trust bank account to that QuickBooks bank account and liability
    account. In the snapshot: one `clio_bill_syncing.trust_accounts` entry per Clio trust account,
    naming both QuickBooks accounts as QuickBooks shows them (`FullyQualifiedName`). No automatic
    fix: which account is right is the firm's decision.

    ## References
    - ABA Model Rule 1.15(a) (complete records of client funds)
    - seeds: Clio and QuickBooks Integration for Law Firms: Trust Accounting Configuration
    """
    clio = ctx.snapshot.clio
    chart = ctx.books.chart
    mappings = _trust_mappings(ctx)
    for account in (clio.bank_accounts if clio else None) or []:
        if not account.is_trust:
            continue
        index = next(
            (i for i, m in enumerate(mappings) if m.clio_bank_account == account.name), None
        )
        if index is None:
            yield Problem(
                message=(
                    f"Clio trust bank account {account.name} has no clio_bill_syncing."
                    "trust_accounts entry: nothing says which QuickBooks bank and liability "
                    "accounts hold and owe its funds."
                ),
                pointer=account.pointer,
                key=account.key,
                logical=account.name,
                properties={"clio_bank_account": account.name},
            )
            continue
        mapping = mappings[index]
        for side, wanted, label in (
            ("qbo_bank_account", ("Bank",), "a Bank account"),
            ("qbo_liability_account", LIABILITY_TYPES, "a liability account"),
        ):
            fault = _mapping_fault(chart, getattr(mapping, side), wanted, label)
            if fault is None:
                continue
            yield Problem(
                message=f"The trust mapping of Clio account {account.name}: {side} {fault}.",
                pointer=f"/clio_bill_syncing/trust_accounts/{index}/{side}",
                key=f"clio_bill_syncing.trust_accounts[{account.name}].{side}",
                logical=account.name,
                properties={
                    "clio_bank_account": account.name,
                    "field": side,
                    "qbo_account": getattr(mapping, side) or "",
                },
            )


def _mapping_fault(
    chart: Chart, name: str | None, wanted: tuple[str, ...], label: str
) -> str | None:
    """What is wrong with one side of a trust mapping, or None when it names a fitting account."""
    if not name:
        return "is empty: it must name the QuickBooks account"
    account = chart.find(name)
    if account is None:
        same_name = [a for a in chart.accounts if a.Name == name]
        if len(same_name) > 1:
            names = ", ".join(sorted(a.full_name for a in same_name))
            return (
                f"names {name}, which matches more than one QuickBooks account ({names}): "
                "use the full name"
            )
        folded = name.strip().casefold()
        near = sorted(
            {
                a.full_name
                for a in chart.accounts
                if folded in (a.full_name.casefold(), a.Name.casefold())
            }
        )
        if near:
            return (
                f"names {name}, which is not a QuickBooks account (QuickBooks has "
                f"{' and '.join(near)}: write the name exactly as QuickBooks shows it)"
            )
        return f"names {name}, which is not a QuickBooks account"
    if not account.Active:
        return f"names {account.full_name}, which is inactive"
    if account.AccountType not in wanted:
        kind = account.AccountType or "no type"
        return f"names {account.full_name}, of type {kind}, which is not {label}"
    return None


RULES: list[Rule] = [dual_bank_feeds, trust_sync_mapping_wrong]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
