"""QB rules about client ledgers kept in the books (QB013) and the account limit (QB016).

Where a firm jurisdiction keeps client ledgers in the books (the jurisdiction table's
`client_ledger_in_books`), every Clio client holding trust funds needs a sub-account below the
trust liability account. A client's trust funds are the `Trust` entries of
`matters[].account_balances`, summed over the client's matters (`matters[].client`); the
client's name is the Clio contact's `name` (else the name embedded in the matter). A firm
jurisdiction with no table entry is read as the ABA default (JX003 reports it).
"""

from __future__ import annotations

from collections.abc import Iterator

from ledgerlint.books.clients import ClientFunds
from ledgerlint.books.clients import SubaccountGaps
from ledgerlint.builtin.problems import join_words
from ledgerlint.builtin.qb_plan import ADVANCED
from ledgerlint.builtin.qb_plan import plan
from ledgerlint.models.money import money
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

DEFAULT_MAX_ACCOUNTS = 250


def ledger_jurisdictions(ctx: RuleContext) -> list[str]:
    """The firm's jurisdiction codes that keep client ledgers in the books."""
    return list(ctx.books.jurisdictions.keeping_client_ledgers)


def _ambiguity_notices(gaps: SubaccountGaps) -> Iterator[Notice]:
    for funds, candidates in gaps.ambiguous:
        listed = " and ".join(a.full_name for a in candidates)
        yield Notice(
            f"Clio client {funds.name} matches more than one trust sub-account ({listed}): "
            "client skipped, not guessed.",
            funds.pointer,
            kind="ambiguous",
        )
    for account, clients in gaps.shared:
        listed = join_words([f"{funds.name} (id {funds.client_id})" for funds in clients])
        yield Notice(
            f"Trust sub-account {account.full_name} matches more than one Clio client holding "
            f"trust funds ({listed}): clients skipped, not guessed.",
            account.pointer,
            kind="ambiguous",
        )


def _keeps(codes: list[str]) -> str:
    listed = " and ".join([", ".join(codes[:-1]), codes[-1]] if len(codes) > 1 else codes)
    verb = "keep" if len(codes) > 1 else "keeps"
    return f"{listed} {verb} client ledgers in the books"


@rule(
    "QB013",
    "client-subaccounts-missing",
    severity="error",
    tags=("trust", "quickbooks", "jurisdiction", "seed"),
    requires=("firm.jurisdictions", "qbo.Account"),
)
def client_subaccounts_missing(ctx: RuleContext) -> Iterator[Problem | Notice]:
    """A firm jurisdiction keeps client ledgers in the books, and the trust liability account
    has no client sub-accounts, or a Clio client holding trust funds has none.

    Applies only when a code of `firm.jurisdictions` has `client_ledger_in_books` in the
    jurisdiction table (CA, NY, TX, FL, NJ, IL, WA as shipped; unknown codes read as ABA, which
    does not). One finding per active trust liability account with no active sub-account, and
    one per Clio client whose trust balance (the sum of its matters' `Trust` entries) is not
    zero and whose name matches no active client sub-account of any trust liability account
    (names match ignoring case and punctuation, `Last, First` = `First Last`). A name matching
    two sub-accounts is reported as ambiguous and that client skipped; so is a sub-account whose
    name matches two Clio clients holding funds (two clients of one name, one ledger: which of
    them lacks its own cannot be told by name). Without a trust liability account the rule
    cannot run (QB012 reports that). Without `clio.matters` the clients holding funds are
    unknown: a liability without sub-accounts is still reported (and a notice says the clients
    were not checked); with nothing to report the rule could not run.

    ## Why it matters
    These jurisdictions require a ledger per client with a running balance. Booking every trust
    deposit to the parent account keeps the total right and the client detail fiction: in a bar
    audit that surfaces as dozens of client-ledger discrepancies (the seed: 47 of them,
    $31,000 misallocated over eight months) that take weeks to reconstruct.

    ## Example
    `firm.jurisdictions: [CA]`; Clio client Jane Smith holds $5,000.00 in trust; no
    `Client Trust Liability:Smith, Jane` sub-account.

    ## How to fix
    In QuickBooks Online: Settings (gear) → Chart of accounts → New, Account type Other Current
    Liabilities, Detail type Trust accounts - liabilities, "Is sub-account" of the trust
    liability account, named as the client is in Clio (e.g. `Smith, Jane`). Then move the
    client's deposits from the parent to it (edit each deposit line's account).

    ## References
    - California Rules of Professional Conduct 1.15(d)(3) and the State Bar's Handbook on Client
      Trust Accounting (client ledger with running balance)
    - seeds: Clio and QuickBooks Integration for Law Firms ("if your state requires client-level
      ledgers (California, New York, Texas, and Florida all do), you need sub-accounts under that
      liability for each client with funds on deposit")
    """
    codes = ledger_jurisdictions(ctx)
    if not codes:
        return
    chart = ctx.books.chart
    liabilities = [a for a in chart.trust_liabilities if a.Active]
    if not liabilities:
        ctx.skip("QuickBooks has no trust liability account (QB012) to hold client sub-accounts")
    keeps = _keeps(codes)
    fired = False
    for liability in liabilities:
        if any(a.Active for a in chart.subaccounts.get(liability.Id, [])):
            continue
        fired = True
        yield Problem(
            message=(
                f"The trust liability account {liability.full_name} has no client sub-accounts, "
                f"but {keeps}: all client funds ({money(liability.balance_with_subaccounts)}) "
                "sit in one undivided balance."
            ),
            pointer=liability.pointer,
            key=f"{liability.key}:subaccounts",
            properties={
                "account_id": liability.Id,
                "balance": str(liability.balance_with_subaccounts),
                "jurisdictions": ", ".join(codes),
            },
            logical=liability.full_name,
        )
    if ctx.snapshot.clio is None or ctx.snapshot.clio.matters is None:
        # Which clients hold funds is unknown: a finding above already settles the verdict;
        # without one, the absent part could change it.
        if not fired:
            ctx.skip("the snapshot has no `clio.matters`, so clients holding funds are unknown")
        yield Notice(
            "did not check Clio clients holding funds: the snapshot has no `clio.matters`",
            kind="not-run",
        )
        return
    gaps = ctx.books.subaccount_gaps
    yield from _ambiguity_notices(gaps)
    under = " or ".join(a.full_name for a in liabilities)
    for funds in gaps.missing:
        yield Problem(
            message=(
                f"Clio client {funds.name} holds {money(funds.balance)} in trust but has no "
                f"client sub-account under {under} ({keeps})."
            ),
            pointer=funds.pointer,
            key=funds.key,
            related=tuple((m.pointer, m.label) for m in funds.matters),
            properties={
                "client_id": funds.client_id,
                "balance": str(funds.balance),
                "jurisdictions": ", ".join(codes),
            },
            logical=funds.name,
        )


@rule(
    "QB016",
    "account-limit-risk",
    severity="warning",
    tags=("quickbooks", "plan", "trust"),
    requires=("qbo.CompanyInfo", "qbo.Account"),
    options=(
        RuleOption(
            "max_accounts",
            DEFAULT_MAX_ACCOUNTS,
            "How many active accounts the plan allows (QuickBooks Online below Advanced: 250).",
            {"type": "integer", "minimum": 1},
        ),
    ),
)
def account_limit_risk(ctx: RuleContext) -> Iterator[Problem | Notice]:
    """On a plan below Advanced, the active accounts plus the client sub-accounts still needed
    exceed the chart-of-accounts limit (250).

    Counted: every active `Account` (sub-accounts included) and, where a firm jurisdiction keeps
    client ledgers in the books, each Clio client holding trust funds with no client
    sub-account (as QB013 finds them; ambiguous matches are counted as having one). A snapshot
    without `firm.jurisdictions` is read with the ABA default (no client ledgers in the books);
    one that needs client ledgers but has no `clio.matters` still fires when the active accounts
    alone exceed the limit, and otherwise reports that it could not run (the sub-accounts still
    needed could change the verdict); so does a snapshot with no recognised plan.

    ## Why it matters
    QuickBooks Online Simple Start, Essentials and Plus stop at 250 active accounts. A firm that
    keeps one trust sub-account per client reaches it quickly; when it does, new client
    sub-accounts cannot be created and trust deposits end up on the parent account or the wrong
    client.

    ## Example
    Plus, 244 active accounts and 9 clients with trust funds but no sub-account: 253 of 250.

    ## How to fix
    In QuickBooks Online: Settings (gear) → Chart of accounts, make accounts of closed matters
    with a zero balance inactive (they stop counting), merge duplicates (QB009), or upgrade to
    Advanced (Settings → Subscriptions and billing), which has no such limit.

    ## References
    - QuickBooks Online Help: Chart of accounts limits (250 accounts in Simple Start, Essentials
      and Plus)
    """
    current = plan(ctx)
    if current.tier == ADVANCED:
        return
    accounts = [a for a in (ctx.snapshot.qbo.Account or []) if a.Active] if ctx.snapshot.qbo else []
    needed: list[ClientFunds] = []
    unknown = False
    if ledger_jurisdictions(ctx):
        if ctx.snapshot.clio is None or ctx.snapshot.clio.matters is None:
            unknown = True  # the sub-accounts still needed cannot be counted
        else:
            gaps = ctx.books.subaccount_gaps
            yield from _ambiguity_notices(gaps)
            needed = gaps.missing
    limit = int(ctx.options["max_accounts"])
    total = len(accounts) + len(needed)
    if total <= limit:
        if unknown:
            ctx.skip(
                f"{total} active accounts, within the limit of {limit}, but a firm jurisdiction "
                "keeps client ledgers in the books and the snapshot has no `clio.matters` to "
                "count the client sub-accounts still needed"
            )
        return
    if needed:
        detail = (
            f"{len(accounts)} active accounts and {len(needed)} client trust "
            f"sub-account{'' if len(needed) == 1 else 's'} still needed make {total}"
        )
    else:
        detail = f"it has {total} active accounts"
    yield Problem(
        message=(
            f"{current.sku} allows {limit} active accounts; {detail}: new client sub-accounts "
            "cannot be created."
        ),
        pointer="/qbo/Account",
        key="qbo.Account:limit",
        properties={
            "limit": limit,
            "total": total,
            "active_accounts": len(accounts),
            "subaccounts_needed": len(needed),
        },
        logical=current.sku,
    )


RULES: list[Rule] = [client_subaccounts_missing, account_limit_risk]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
