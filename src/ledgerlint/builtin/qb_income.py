"""QB rules about where revenue lands: billing categories, items, income accounts (QB007-QB009).

A Clio billing category (`activity_descriptions[].name`) reaches QuickBooks through
`clio_bill_syncing.category_mapping` (category -> QBO Item name, as QuickBooks shows it) and the
Item's `IncomeAccountRef`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field

from ledgerlint.books import names
from ledgerlint.builtin.problems import join_words
from ledgerlint.models.qbo import Account
from ledgerlint.models.qbo import Item
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

DEFAULT_CATCH_ALL_NAMES = (
    "Legal Services",
    "Legal Fees",
    "Professional Fees",
    "Fees",
    "Services",
    "Sales",
    "Income",
)


def find_item(items: list[Item], name: str) -> Item | None:
    """An Item by `FullyQualifiedName`, else by `Name`; an active one preferred. Failing an
    exact match, the same comparisons ignoring case and surrounding spaces: QuickBooks refuses
    two items whose names differ only in case, so such a name still denotes one item."""
    folded = name.strip().casefold()
    for candidates in (
        [i for i in items if i.full_name == name],
        [i for i in items if i.Name == name],
        [i for i in items if i.full_name.strip().casefold() == folded],
        [i for i in items if i.Name.strip().casefold() == folded],
    ):
        if candidates:
            active = [i for i in candidates if i.Active]
            return active[0] if active else candidates[0]
    return None


def _all(listed: list[str]) -> str:
    return "Both" if len(listed) == 2 else f"All {len(listed)}"


@dataclass
class _Destination:
    account_id: str
    account_name: str
    categories: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@rule(
    "QB007",
    "catch-all-income-account",
    severity="warning",
    tags=("quickbooks", "income", "seed"),
    requires=("qbo.Item", "qbo.Account"),
    options=(
        RuleOption(
            "catch_all_names",
            list(DEFAULT_CATCH_ALL_NAMES),
            "Income account names that say nothing about the revenue mix (compared ignoring "
            "case, punctuation and whitespace).",
            {"type": "array", "items": {"type": "string"}},
        ),
    ),
)
def catch_all_income_account(ctx: RuleContext) -> Iterator[Problem]:
    """All revenue lands in one income account.

    Fires, once per account, when
    - two or more Clio billing categories are mapped (`category_mapping` → active Item →
      `IncomeAccountRef`) and all of them land in the same income account; or
    - two or more active service Items (`Type: Service`) exist and all post to one income
      account; or
    - every mapped category lands in one income account whose name is generic (option
      `catch_all_names`; a sub-account's own name counts, `Revenue:Legal Services` is generic),
      even if only one category is mapped.

    Categories whose mapping leads nowhere (no entry, no active Item, no income account) do not
    count: QB008 reports them. Without `category_mapping` only the Items are compared.

    ## Why it matters
    A single catch-all account such as "Legal Services" tells the firm nothing about its revenue
    mix: profitability by practice area, and any comparison with Clio's billing categories, is
    lost for every synced invoice.

    ## Example
    Litigation, Estate Planning and Real Estate all map to Items whose income account is
    `Legal Services`.

    ## How to fix
    In QuickBooks Online: Settings (gear) → Chart of accounts → New, add one Income account per
    practice area; then Settings → Products and services → Edit each service Item and set its
    Income account. In Clio: Settings → Bill Syncing → QuickBooks Online → Configure Sync
    Settings, map each billing category to its own Item.

    ## References
    - seeds: Clio and QuickBooks Integration for Law Firms ("not a single 'Legal Services'
      catch-all that tells you nothing about your revenue mix")
    """
    snapshot = ctx.snapshot
    items = list(snapshot.qbo.Item or []) if snapshot.qbo else []
    accounts = {a.Id: a for a in (snapshot.qbo.Account or [])} if snapshot.qbo else {}
    generic = {names.normalize(n) for n in ctx.options["catch_all_names"]}

    by_category = _destinations_of_categories(ctx, items, accounts)
    by_item: dict[str, _Destination] = {}
    for item in items:
        if item.Active and (item.Type or "").lower() == "service" and _income_id(item):
            destination = _destination(by_item, item, accounts)
            destination.items.append(item)

    def is_generic(destination: _Destination) -> bool:
        # The account's own name counts, so `Revenue:Legal Services` is as generic as its leaf.
        account = accounts.get(destination.account_id)
        candidates = {destination.account_name, account.Name if account else ""}
        candidates.add(destination.account_name.rsplit(":", 1)[-1])
        return any(names.normalize(n) in generic for n in candidates if n)

    reported: set[str] = set()
    category_count = sum(len(d.categories) for d in by_category.values())
    if len(by_category) == 1:
        only = next(iter(by_category.values()))
        generic_name = is_generic(only)
        if category_count >= 2 or generic_name:
            reported.add(only.account_id)
            yield _catch_all(only, accounts, generic_name, "categories")
    item_count = sum(len(d.items) for d in by_item.values())
    if len(by_item) == 1 and item_count >= 2:
        only = next(iter(by_item.values()))
        if only.account_id not in reported:
            yield _catch_all(only, accounts, is_generic(only), "items")


def _income_id(item: Item) -> str | None:
    return item.IncomeAccountRef.value if item.IncomeAccountRef else None


def _destination(
    table: dict[str, _Destination], item: Item, accounts: dict[str, Account]
) -> _Destination:
    account_id = _income_id(item) or ""
    if account_id not in table:
        account = accounts.get(account_id)
        fallback = (item.IncomeAccountRef.name if item.IncomeAccountRef else None) or account_id
        table[account_id] = _Destination(account_id, account.full_name if account else fallback)
    return table[account_id]


def _destinations_of_categories(
    ctx: RuleContext, items: list[Item], accounts: dict[str, Account]
) -> dict[str, _Destination]:
    syncing = ctx.snapshot.clio_bill_syncing
    mapping = (syncing.category_mapping if syncing else None) or {}
    table: dict[str, _Destination] = {}
    for category, item_name in mapping.items():
        item = find_item(items, item_name) if item_name else None
        if item is None or not item.Active or not _income_id(item):
            continue
        destination = _destination(table, item, accounts)
        destination.categories.append(category)
        if all(existing is not item for existing in destination.items):
            destination.items.append(item)
    return table


def _catch_all(
    destination: _Destination, accounts: dict[str, Account], is_generic: bool, basis: str
) -> Problem:
    account = accounts.get(destination.account_id)
    name = destination.account_name
    suffix = ", a catch-all name" if is_generic else ""
    if basis == "categories":
        listed = sorted(destination.categories)
        if len(listed) == 1:
            subject = f"The only mapped Clio billing category ({listed[0]}) posts"
        else:
            subject = f"{_all(listed)} mapped Clio billing categories ({join_words(listed)}) post"
    else:
        listed = sorted(i.full_name for i in destination.items)
        subject = f"{_all(listed)} active service items ({join_words(listed)}) post"
    return Problem(
        message=(
            f"{subject} to one income account, {name}{suffix}: QuickBooks cannot show "
            "revenue by practice area."
        ),
        pointer=account.pointer if account else "/qbo/Item",
        key=account.key if account else f"qbo.Account:{destination.account_id}",
        related=tuple((i.pointer, f"Item {i.full_name}") for i in destination.items),
        properties={
            "account_id": destination.account_id,
            "categories": ", ".join(sorted(destination.categories)),
            "items": ", ".join(sorted(i.full_name for i in destination.items)),
        },
        logical=name,
    )


@rule(
    "QB008",
    "billing-category-unmapped",
    severity="error",
    tags=("bill-syncing", "income", "seed"),
    requires=("clio.activity_descriptions", "clio_bill_syncing.category_mapping"),
)
def billing_category_unmapped(ctx: RuleContext) -> Iterator[Problem | Notice]:
    """A Clio billing category has no destination in QuickBooks.

    For each `clio.activity_descriptions[].name`: it has no `category_mapping` entry (or an
    empty one), or the Item it names does not exist or is inactive in QuickBooks (Items are
    named as QuickBooks shows them: `FullyQualifiedName`, else `Name`; failing an exact match,
    ignoring case, as QuickBooks does when it keeps names unique), or that Item
    has no `IncomeAccountRef`, or (when the snapshot has `qbo.Account`) its income account does
    not exist or is inactive. One finding per category. Without `qbo.Item` a category with no
    mapping is still reported; the mapped ones cannot be checked (a notice says so, and with
    nothing to report the rule could not run).

    ## Why it matters
    A category without a destination either blocks the bill export or lands its revenue in
    whatever default QuickBooks picks, so the revenue mix in QuickBooks no longer matches the
    work billed in Clio. Every category needs a destination.

    ## Example
    Clio has the billing category `Mediation`; `category_mapping` has no `Mediation` entry.

    ## How to fix
    In QuickBooks Online: Settings (gear) → Products and services → New → Service, with the
    right Income account (or reactivate the Item). In Clio: Settings → Bill Syncing →
    QuickBooks Online → Configure Sync Settings, map the category to that Item. In the
    snapshot: add `category: Item name` to `clio_bill_syncing.category_mapping`.

    ## References
    - seeds: Clio and QuickBooks Integration for Law Firms ("Every category needs a
      destination")
    """
    snapshot = ctx.snapshot
    syncing = snapshot.clio_bill_syncing
    mapping = (syncing.category_mapping if syncing else None) or {}
    normalized = {names.normalize(k): v for k, v in mapping.items()}
    item_list = snapshot.qbo.Item if snapshot.qbo else None
    items = list(item_list or [])
    account_list = snapshot.qbo.Account if snapshot.qbo else None
    accounts = {a.Id: a for a in account_list} if account_list is not None else None
    categories = snapshot.clio.activity_descriptions if snapshot.clio else None
    unchecked: list[str] = []
    fired = False
    for category in categories or []:
        if category.name in mapping:
            item_name = mapping[category.name]
        else:
            item_name = normalized.get(names.normalize(category.name))
        if item_list is None and item_name and item_name.strip():
            unchecked.append(category.name)  # mapped, but the Items are not in the snapshot
            continue
        problem = _mapping_problem(category.name, item_name, items, accounts)
        if problem is None:
            continue
        fired = True
        yield Problem(
            message=f"Clio billing category {category.name} {problem}: its revenue has no "
            "destination in QuickBooks.",
            pointer=category.pointer,
            key=category.key,
            properties={"category": category.name, "item": item_name or ""},
            logical=category.name,
        )
    if unchecked:
        listed = join_words(unchecked)
        if not fired:
            ctx.skip(f"the snapshot has no `qbo.Item`, so the Items of {listed} are unknown")
        yield Notice(
            f"did not check the Items of {listed}: the snapshot has no `qbo.Item`", kind="not-run"
        )


def _mapping_problem(
    category: str,
    item_name: str | None,
    items: list[Item],
    accounts: dict[str, Account] | None,
) -> str | None:
    if not item_name or not item_name.strip():
        return "has no QuickBooks item in category_mapping"
    item = find_item(items, item_name)
    if item is None:
        return f"maps to the QuickBooks item {item_name}, which does not exist"
    if not item.Active:
        return f"maps to the QuickBooks item {item_name}, which is inactive"
    ref = item.IncomeAccountRef
    if ref is None or not ref.value:
        return f"maps to the QuickBooks item {item_name}, which has no income account"
    if accounts is not None:
        account = accounts.get(ref.value)
        if account is None:
            return (
                f"maps to the QuickBooks item {item_name}, whose income account "
                f"(Id {ref.value}) does not exist"
            )
        if not account.Active:
            return (
                f"maps to the QuickBooks item {item_name}, whose income account "
                f"{account.full_name} is inactive"
            )
    return None


_APOSTROPHES = re.compile(r"['\u2019\u02bc`]")
_NOT_WORD = re.compile(r"[^\w\s]|_")


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def fold_account_name(name: str) -> str:
    """An account name folded for duplicate detection: case, punctuation, whitespace and
    plurals (`Legal Fees`, `Legal fee`, `LEGAL-FEES` -> `legal fee`). The `:` between a parent
    and a sub-account is kept, so `Litigation:Fees` and `Estate:Fees` stay different."""
    parts = []
    for segment in name.split(":"):
        text = unicodedata.normalize("NFKC", segment).casefold()
        text = _NOT_WORD.sub(" ", _APOSTROPHES.sub("", text))
        parts.append(" ".join(_singular(w) for w in text.split()))
    return ":".join(parts)


@rule(
    "QB009",
    "duplicate-income-accounts",
    severity="warning",
    tags=("quickbooks", "income", "seed"),
    requires=("qbo.Account",),
)
def duplicate_income_accounts(ctx: RuleContext) -> Iterator[Problem]:
    """Two or more active Income accounts whose names are the same after folding case,
    punctuation, whitespace and plurals (`Legal Fees`, `Legal fee`, `LEGAL-FEES`).

    Names are compared by `FullyQualifiedName`, one segment at a time, so sub-accounts with the
    same name under different parents are not duplicates. One finding per group of duplicates,
    at the first account of the group.

    ## Why it matters
    Years of ad-hoc additions leave revenue split across look-alike accounts: the sync works,
    but the income statement spreads one kind of revenue over several lines and nobody can
    tell which one Clio's categories post to.

    ## Example
    Active Income accounts `Legal Fees` (Id 54) and `Legal fee` (Id 55).

    ## How to fix
    In QuickBooks Online: Settings (gear) → Chart of accounts, keep one account and merge the
    others into it (edit the duplicate and rename it to exactly the kept name; QuickBooks offers
    to merge), or make the unused ones inactive. Re-check the Items' income accounts after.

    ## References
    - seeds: Clio and QuickBooks Integration for Law Firms ("seventeen different income
      accounts, half of them duplicates")
    """
    accounts = ctx.snapshot.qbo.Account if ctx.snapshot.qbo else None
    groups: dict[str, list[Account]] = {}
    for account in accounts or []:
        if account.Active and account.AccountType == "Income":
            groups.setdefault(fold_account_name(account.full_name), []).append(account)
    for folded, group in groups.items():
        if len(group) < 2:
            continue
        first = group[0]
        listed = join_words([f"{a.full_name} (Id {a.Id})" for a in group])
        yield Problem(
            message=(
                f"Income accounts {listed} are duplicates (the same name after case, "
                "punctuation and plural folding): revenue is split between them."
            ),
            pointer=first.pointer,
            key=f"qbo.Account:income:{folded}",
            related=tuple((a.pointer, f"Account {a.full_name}") for a in group[1:]),
            properties={"account_ids": ", ".join(a.Id for a in group), "folded_name": folded},
            logical=first.full_name,
        )


RULES: list[Rule] = [catch_all_income_account, billing_category_unmapped, duplicate_income_accounts]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
