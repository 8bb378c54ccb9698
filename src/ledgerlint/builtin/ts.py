"""Built-in Python rules, the TS area: Clio's QuickBooks trust sync, TS001-TS004.

With trust sync on (`clio_bill_syncing.trust_sync.enabled: true`), Clio writes each movement of
the primary trust account into QuickBooks as a JournalEntry between the mapped trust bank and
trust liability accounts. These rules find the failure modes of that set-up: a liability with
client sub-accounts the sync never posts to (TS001), a disbursement or a bill payment recorded
a second time by hand (TS002, TS003), and a partial export (TS004). The books' reading of the
sync (the primary account, the synced entries, their twins) is `books/trust_sync.py`.

`trust_sync` absent: every TS rule reports that it could not run (say `enabled: false` for a
firm that enters trust by hand). `enabled: false`: they do not apply, and stay silent.
"""

from __future__ import annotations

from ledgerlint.books.trust_sync import DEFAULT_TWIN_WINDOW_DAYS
from ledgerlint.books.trust_sync import TrustSyncBooks
from ledgerlint.builtin.problems import join_words
from ledgerlint.models.money import money
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule
from ledgerlint.plugins.rule import RuleOutput

TRUST_SYNC = "clio_bill_syncing.trust_sync"
TAGS = ("trust", "trust-sync", "bill-syncing")
_LISTED = 5


def _synced(ctx: RuleContext) -> TrustSyncBooks | None:
    """The trust sync when it is on and its primary account is known; None when it is off;
    'could not run' when the primary account's QuickBooks pair cannot be told."""
    sync = ctx.books.trust_sync
    if not sync.on:
        return None
    if sync.primary is None or sync.problem:
        ctx.skip(sync.problem or "the primary trust account cannot be told")
    return sync


def _needs(ctx: RuleContext, *lists: str) -> None:
    qbo = ctx.snapshot.qbo
    missing = [name for name in lists if qbo is None or getattr(qbo, name) is None]
    if missing:
        ctx.skip("the snapshot has no " + ", ".join(f"`qbo.{name}`" for name in missing))


def _window(description: str) -> RuleOption:
    return RuleOption(
        "window_days",
        DEFAULT_TWIN_WINDOW_DAYS,
        description,
        {"type": "integer", "minimum": 0},
    )


# --- TS001 ------------------------------------------------------------------------------------


@rule(
    "TS001",
    "trust-sync-with-client-subaccounts",
    severity="error",
    tags=(*TAGS, "client-ledger"),
    requires=(TRUST_SYNC, "qbo.Account"),
)
def trust_sync_with_client_subaccounts(ctx: RuleContext) -> RuleOutput:
    """Trust sync is on and the primary account's QuickBooks trust liability account has
    client sub-accounts (active, or holding money). One finding per liability account.

    The sync posts every movement to the liability account itself, with the client as the
    line's customer (`Entity`), never to a sub-account; so from `enabled_at` on the sub-account
    ledgers stop moving while Clio's client ledgers do.

    ## Why it matters
    A firm keeps client sub-accounts because its rules want client ledgers in the books (CA,
    NY, TX, FL and others). With the sync on, those ledgers silently go stale: deposits,
    disbursements and bill payments all land on the parent (TR001 cannot help: the sync's
    entries name the client as customer), and RC002 finds every client that moved since the
    sync was switched on.

    ## Example
    `trust_sync: {enabled: true, clio_bank_account: IOLTA Trust}` with
    `Client Trust Liability:Smith, Jane` and four other sub-accounts below the mapped
    liability.

    ## How to fix
    Choose one layout. Where a firm jurisdiction keeps client ledgers in the books: keep the
    sub-accounts and switch the sync off (Clio: Settings → Bill Syncing → QuickBooks Online →
    Configure sync settings → Export trust transactions: clear the boxes), then enter trust by
    hand to the sub-accounts; move what the sync posted to the parent onto the sub-accounts
    (edit each journal entry's liability line). Where none does: keep the single-account layout
    with the client as the line's customer, and make the sub-accounts inactive once their
    balances are moved to the parent (QuickBooks: Gear → Chart of accounts → the sub-account →
    Make inactive).

    ## References
    - Clio Help: "How are Trust Transactions Displayed in QuickBooks Online?"
    - Clio Help: "How Does the QuickBooks Trust Accounting Sync Work?"
    - California Rules of Professional Conduct 1.15(d)(3) (client ledgers)
    """
    sync = _synced(ctx)
    if sync is None or sync.primary is None or sync.primary.liability is None:
        return
    liability = sync.primary.liability
    chart = ctx.books.chart
    subaccounts = [
        a for a in chart.subaccounts.get(liability.Id, []) if a.Active or a.CurrentBalance != 0
    ]
    if not subaccounts:
        return
    names = [a.Name for a in subaccounts[:_LISTED]]
    if len(subaccounts) > _LISTED:
        names.append(f"{len(subaccounts) - _LISTED} more")
    settings = sync.settings
    since = f" since {settings.enabled_at}" if settings and settings.enabled_at else ""
    clio_name = sync.primary.clio_account.name if sync.primary.clio_account else "Clio"
    codes = ctx.books.jurisdictions.keeping_client_ledgers
    if codes:
        advice = (
            f"{join_words(list(codes))} keep{'s' if len(codes) == 1 else ''} client ledgers in "
            "the books: keep the sub-accounts and switch trust sync off"
        )
    else:
        advice = (
            "no firm jurisdiction keeps client ledgers in the books: keep one liability "
            "account with the client as customer, or switch trust sync off"
        )
    count = len(subaccounts)
    yield Problem(
        message=(
            f"Trust sync is on for {clio_name}{since}, but its QuickBooks trust liability "
            f"{liability.full_name} has {count} client sub-account{'s' if count != 1 else ''} "
            f"({join_words(names)}): every synced movement lands on the parent, so the "
            f"sub-account ledgers drift from Clio ({advice})."
        ),
        pointer=liability.pointer,
        key=f"{liability.key}:trust-sync-subaccounts",
        logical=liability.full_name,
        related=(("/clio_bill_syncing/trust_sync", "the trust sync settings"),),
        properties={"subaccounts": count, "jurisdictions": ", ".join(codes)},
    )


# --- TS002 ------------------------------------------------------------------------------------


@rule(
    "TS002",
    "trust-disbursement-entered-twice",
    severity="error",
    tags=TAGS,
    requires=(TRUST_SYNC,),
    options=(
        _window(
            "How many days apart a synced disbursement and a QuickBooks check for it may be "
            "dated and still be one disbursement."
        ),
    ),
)
def trust_disbursement_entered_twice(ctx: RuleContext) -> RuleOutput:
    """Trust sync exports disbursements, and a synced JournalEntry crediting the primary trust
    bank has a twin `Purchase` (a check or expense) paid from the same trust bank, of the same
    amount and client (the Purchase's `EntityRef` or a line's customer), dated within
    `window_days` (7) days. One finding per pair, at the Purchase; pairs are taken one to one,
    nearest date first.

    A synced JournalEntry has exactly two lines of equal amount, one to the trust bank and one
    to the trust liability itself, dated on or after `enabled_at` (a hand-typed entry of that
    shape counts too). Entries that record the payment of a bill from trust (TS003's) are not
    disbursements. With `export.trust_disbursements: false` the sync does not export them and
    the rule does not apply; an absent box reads as exporting, which the synced entries show.
    The Purchase's lines are this rule's, not TR012's.

    ## Why it matters
    Clio already wrote the disbursement into QuickBooks; the check written in QuickBooks writes
    it again. The trust bank and the liability both drop twice, the client's ledger in the
    books shows less than Clio, and the three-way reconciliation fails by the amount.

    ## Example
    A $19,250.00 settlement disbursement to Jane Smith synced as a JournalEntry on 2026-10-29,
    and check 1107 for $19,250.00 to Jane Smith from the IOLTA the same day.

    ## How to fix
    QuickBooks: delete the check (open it from the trust bank register → More → Delete), or
    delete the synced entry and keep the check, not both. To print trust checks from QuickBooks,
    record the disbursement in Clio with "Print check via QuickBooks Online" so the sync sends
    a check instead of a journal entry, or clear Clio's "Trust disbursements" export box
    (Settings → Bill Syncing → QuickBooks Online → Export trust transactions) and write the
    checks in QuickBooks only.

    ## References
    - Clio Help: "A Double-Entry is Created When I Create a Check in QuickBooks With the Trust Sync Feature"
    - Clio Help: "How are Trust Transactions Displayed in QuickBooks Online?"
    """
    sync = _synced(ctx)
    if sync is None or not sync.exports_disbursements:
        return
    _needs(ctx, "JournalEntry", "Purchase")
    assert sync.primary is not None
    bank = sync.primary.bank
    for entry, purchase in sync.disbursement_twins(int(ctx.options["window_days"])):
        client = entry.client or "no client"
        yield Problem(
            message=(
                f"Synced {entry.entry.label} of {entry.date} takes {money(entry.amount)} out of "
                f"{bank.full_name} for {client}, and {purchase.label} of {purchase.TxnDate}, a "
                "payment from the same account for the same client and amount, records the "
                "same disbursement again: trust is reduced twice."
            ),
            pointer=purchase.pointer,
            key=f"{purchase.key}|{entry.entry.key}",
            logical=client,
            related=((entry.pointer, "the synced journal entry"),),
            properties={
                "amount": str(entry.amount),
                "client": client,
                "journal_entry_id": entry.entry.Id,
                "purchase_id": purchase.Id,
            },
        )


# --- TS003 ------------------------------------------------------------------------------------


@rule(
    "TS003",
    "trust-transfer-entered-twice",
    severity="error",
    tags=(*TAGS, "seed"),
    requires=(TRUST_SYNC,),
    options=(
        _window(
            "How many days apart the synced entry of a bill paid from trust and a Transfer out "
            "of the trust bank may be dated and still be one movement."
        ),
    ),
)
def trust_transfer_entered_twice(ctx: RuleContext) -> RuleOutput:
    """Trust sync is on and, for a bill paid from the primary trust account (a Clio
    `allocations` item from it), the synced JournalEntry that takes the amount out of trust is
    accompanied by a `Transfer` out of the same trust bank of the same amount, dated within
    `window_days` (7) days of that entry. One finding per pair, at the Transfer.

    The synced entry is the one debiting the liability for the bill's client with the
    allocation's amount within 7 days of the allocation (TR002's trust-sync reading finds the
    same one). Transfers name no client, so they are paired with those entries one to one,
    nearest date first.

    ## Why it matters
    With the sync, a bill paid from trust arrives as a journal entry out of trust plus a
    Payment into Undeposited Funds that is then deposited to operating. A Transfer from trust
    to operating recorded as in the manual workflow moves the money a second time: the trust
    bank is reduced twice and operating shows the cash twice (the seed's phantom cash, sync
    variant).

    ## Example
    Bill 1047 paid $6,812.50 from trust on 2026-10-09: synced JournalEntry 711 credits the IOLTA,
    and Transfer 401 moves $6,812.50 from the IOLTA to Operating Checking the same day.

    ## How to fix
    QuickBooks: delete the Transfer (open it from the trust bank register → More → Delete); the
    synced entry and the deposit of the synced Payment already record the movement. Stop
    recording trust-to-operating transfers by hand while the sync exports bill payments.

    ## References
    - Clio Help: "With Trust Syncing Turned On, Will QuickBooks Online Move Trust Funds From the Trust Account to An Operating Account?"
    - Clio Help: "How are Trust Transactions Displayed in QuickBooks Online?"
    - Seed: "$23,000 in phantom cash"
    """
    sync = _synced(ctx)
    if sync is None:
        return
    _needs(ctx, "JournalEntry", "Transfer")
    if ctx.snapshot.clio is None or ctx.snapshot.clio.allocations is None:
        ctx.skip("the snapshot has no `clio.allocations`")
    assert sync.primary is not None
    bank = sync.primary.bank
    matching = ctx.books.matching
    for payment, transfer in sync.transfer_twins(int(ctx.options["window_days"])):
        entry = payment.entry
        assert entry is not None
        allocation = payment.allocation
        ref = allocation.bill
        bill = matching.bill_of(ref.id, ref.number) if ref else None
        number = (bill.number if bill else None) or (ref.number if ref else None) or "?"
        client = payment.client or "no client"
        yield Problem(
            message=(
                f"Clio bill {number} ({client}) was paid {money(allocation.amount)} from trust "
                f"(allocation {allocation.id}); synced {entry.entry.label} of {entry.date} takes "
                f"it out of {bank.full_name}, and {transfer.label} of {transfer.TxnDate} moves "
                "the same amount out of it again: trust is reduced twice and operating shows "
                "the cash twice."
            ),
            pointer=transfer.pointer,
            key=f"{transfer.key}|{entry.entry.key}",
            logical=client,
            related=(
                (entry.pointer, "the synced journal entry"),
                (allocation.pointer, "the Clio payment from trust"),
            ),
            properties={
                "amount": str(entry.amount),
                "bill": number,
                "journal_entry_id": entry.entry.Id,
                "transfer_id": transfer.Id,
            },
        )


# --- TS004 ------------------------------------------------------------------------------------

BOXES = (
    ("trust_deposits", "trust deposits"),
    ("trust_disbursements", "trust disbursements"),
    ("trust_transfers", "trust transfers"),
)


@rule(
    "TS004",
    "trust-sync-partial-export",
    severity="warning",
    tags=TAGS,
    requires=(TRUST_SYNC,),
)
def trust_sync_partial_export(ctx: RuleContext) -> RuleOutput:
    """Trust sync is on and at least one of `export.trust_deposits`,
    `export.trust_disbursements`, `export.trust_transfers` is false while another is true: part
    of the trust activity syncs and part must be typed into QuickBooks by hand.

    A box absent from `export` is unknown. With none given the rule could not run; with some
    given, it could not run only when an unknown box could change the verdict (all given ones
    agree).

    ## Why it matters
    Half-automatic is the riskiest mix: whoever enters trust by hand must remember which kinds
    the sync already sends. Forgotten entries are TR011's omissions, entries typed on top of the
    sync are TS002's duplicates.

    ## Example
    `export: {trust_deposits: true, trust_disbursements: false, trust_transfers: true}`.

    ## How to fix
    In Clio: Settings → Bill Syncing → QuickBooks Online → Configure sync settings → Export trust
    transactions, tick all three boxes (or none, and switch trust sync off) and save; in the
    snapshot, set the three boxes to what Clio shows. If checks must be printed from
    QuickBooks, use Clio's "Print check via QuickBooks Online" rather than clearing the
    disbursements box.

    ## References
    - Clio Help: "Syncing Trust Transactions with QuickBooks Online"
    - Clio Help: "A Double-Entry is Created When I Create a Check in QuickBooks With the Trust Sync Feature"
    """
    sync = ctx.books.trust_sync
    if not sync.on:
        return
    export = sync.settings.export if sync.settings else None
    given = {
        name: value
        for name, _ in BOXES
        if (value := getattr(export, name) if export is not None else None) is not None
    }
    if not given:
        ctx.skip("`clio_bill_syncing.trust_sync.export` gives none of the three boxes")
    on = [words for name, words in BOXES if given.get(name) is True]
    off = [words for name, words in BOXES if given.get(name) is False]
    if not (on and off):
        if len(given) < len(BOXES):
            unknown = [f"`{name}`" for name, _ in BOXES if name not in given]
            ctx.skip(f"`trust_sync.export` does not give {join_words(unknown)}")
        return
    yield Problem(
        message=(
            f"Trust sync exports {join_words(on)} but not {join_words(off)}: part of the trust "
            "activity must be typed into QuickBooks by hand, the mix that breeds omissions "
            "(TR011) and duplicates (TS002)."
        ),
        pointer="/clio_bill_syncing/trust_sync/export",
        key="clio_bill_syncing.trust_sync.export",
        properties={"exported": ", ".join(on), "not_exported": ", ".join(off)},
    )


RULES: list[Rule] = [
    trust_sync_with_client_subaccounts,
    trust_disbursement_entered_twice,
    trust_transfer_entered_twice,
    trust_sync_partial_export,
]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
