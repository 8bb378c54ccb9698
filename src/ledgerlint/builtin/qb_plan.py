"""QB rules about the QuickBooks plan and its class limits (QB004, QB005, QB006).

The plan is `CompanyInfo` `OfferingSku` (e.g. `QuickBooks Online Plus`). Intuit has spelled the
SKU several ways over the years, so a plan is recognised by a case-insensitive keyword, not an
exact string. A rule that depends on the plan reports that it could not run when the snapshot
has no plan, or one it does not recognise: it never passes on a guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ledgerlint.books import names
from ledgerlint.models.qbo import Class
from ledgerlint.plugins import Notice
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule

SELF_EMPLOYED = "self-employed"
SIMPLE_START = "simple-start"
ESSENTIALS = "essentials"
PLUS = "plus"
ADVANCED = "advanced"

# Checked in this order: the first keyword found in the SKU decides the tier.
_TIER_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Solopreneur replaced Self-Employed in 2024: no classes either, and Clio does not support it.
    (SELF_EMPLOYED, ("self-employed", "self employed", "selfemployed", "solopreneur")),
    (SIMPLE_START, ("simple start", "simplestart", "simple-start")),
    (ESSENTIALS, ("essentials",)),
    (ADVANCED, ("advanced",)),
    (PLUS, ("plus",)),
)
PLAN_KEY = "qbo.CompanyInfo:OfferingSku"
DEFAULT_MAX_CLASSES = 40


@dataclass(frozen=True)
class Plan:
    sku: str
    tier: str
    pointer: str
    """The JSON pointer of the `OfferingSku` value."""


def plan_tier(sku: str) -> str | None:
    """The plan tier a SKU string names (`QuickBooks Online Plus` -> `plus`), or None."""
    text = " ".join(sku.casefold().split())
    for tier, keywords in _TIER_KEYWORDS:
        if any(keyword in text for keyword in keywords):
            return tier
    return None


def plan(ctx: RuleContext) -> Plan:
    """The company's plan; skips the rule (not run) when it is absent or not recognised."""
    qbo = ctx.snapshot.qbo
    if qbo is None or qbo.CompanyInfo is None:
        ctx.skip("the snapshot has no `qbo.CompanyInfo`, so the QuickBooks plan is unknown")
    found = qbo.plan_sku
    if found is None:
        ctx.skip("`qbo.CompanyInfo` has no OfferingSku, so the QuickBooks plan is unknown")
    sku, pointer = found
    tier = plan_tier(sku)
    if tier is None:
        ctx.skip(f"the QuickBooks plan {sku!r} (OfferingSku) is not one ledgerlint knows")
    return Plan(sku, tier, pointer)


@rule(
    "QB005",
    "plan-simple-start",
    severity="error",
    tags=("quickbooks", "plan", "seed"),
    requires=("qbo.CompanyInfo",),
)
def plan_simple_start(ctx: RuleContext) -> Iterator[Problem]:
    """The QuickBooks plan (`CompanyInfo` `OfferingSku`) is Simple Start or Self-Employed.

    The plan is matched case-insensitively on the words "Simple Start" or "Self-Employed"
    (or "Solopreneur", Self-Employed's successor).
    A snapshot without a plan, or with one ledgerlint does not recognise, reports that the rule
    could not run.

    ## Why it matters
    Simple Start and Self-Employed have no class or project tracking, so Clio's "Track firm
    users on bills" and any matter-level or practice-area reporting are impossible, and neither
    plan offers the Accountant user role a law-firm bookkeeper needs. Clio requires Essentials
    or higher for its QuickBooks integration.

    ## Example
    `NameValue: [{Name: OfferingSku, Value: QuickBooks Online Simple Start}]`

    ## How to fix
    In QuickBooks Online: Settings (gear) → Subscriptions and billing → Upgrade, choose Plus
    (or Advanced); Plus is the minimum that gives class tracking and accountant access.
    Then re-pull the snapshot.

    ## References
    - seeds: Clio and QuickBooks Integration for Law Firms ("Simple Start lacks class and
      project tracking", "does not support the Accountant User role", "Clio requires QBO
      Essentials or higher")
    """
    current = plan(ctx)
    if current.tier not in (SIMPLE_START, SELF_EMPLOYED):
        return
    yield Problem(
        message=(
            f"The QuickBooks plan is {current.sku}: it has no class or project tracking and no "
            "accountant user, and Clio's QuickBooks integration requires Essentials or higher "
            "(Plus for class tracking)."
        ),
        pointer=current.pointer,
        key=PLAN_KEY,
        properties={"plan": current.sku, "tier": current.tier},
        logical=current.sku,
    )


@rule(
    "QB006",
    "plan-without-class-tracking",
    severity="warning",
    tags=("quickbooks", "plan", "seed"),
    requires=("qbo.CompanyInfo",),
)
def plan_without_class_tracking(ctx: RuleContext) -> Iterator[Problem]:
    """The QuickBooks plan (`CompanyInfo` `OfferingSku`) is Essentials.

    Matched case-insensitively on the word "Essentials". A snapshot without a recognised plan
    reports that the rule could not run.

    ## Why it matters
    Essentials supports Clio's integration but has no class or project tracking: synced
    invoices cannot carry the per-timekeeper sub-classes, and revenue cannot be reported by
    matter or practice area. Firms are recommended to run Plus or Advanced.

    ## Example
    `NameValue: [{Name: OfferingSku, Value: QuickBooks Online Essentials}]`

    ## How to fix
    In QuickBooks Online: Settings (gear) → Subscriptions and billing → Upgrade to Plus or
    Advanced, then turn on class tracking (QB001) and re-pull the snapshot.

    ## References
    - seeds: Clio and QuickBooks Integration for Law Firms ("Plus or Advanced gives you the
      class and project tracking most law firms need for matter-level reporting")
    """
    current = plan(ctx)
    if current.tier != ESSENTIALS:
        return
    yield Problem(
        message=(
            f"The QuickBooks plan is {current.sku}: it has no class or project tracking, so "
            "revenue cannot be reported by timekeeper, matter or practice area; Plus or "
            "Advanced is recommended."
        ),
        pointer=current.pointer,
        key=PLAN_KEY,
        properties={"plan": current.sku, "tier": current.tier},
        logical=current.sku,
    )


def _is_under(item: Class, parent_name: str, classes: list[Class]) -> bool:
    """Whether a class sits (at any depth) below the class whose full name is `parent_name`."""
    if item.FullyQualifiedName:
        return item.FullyQualifiedName.startswith(parent_name + ":")
    by_id = {c.Id: c for c in classes}
    seen: set[str] = set()
    current = item
    while current.ParentRef and current.ParentRef.value and current.Id not in seen:
        seen.add(current.Id)
        parent = by_id.get(current.ParentRef.value)
        if parent is None:
            return False
        if (parent.FullyQualifiedName or parent.Name) == parent_name:
            return True
        current = parent
    return False


@rule(
    "QB004",
    "subclass-limit-exceeded",
    severity="error",
    tags=("quickbooks", "classes", "plan", "seed"),
    requires=("qbo.CompanyInfo",),
    options=(
        RuleOption(
            "max_classes",
            DEFAULT_MAX_CLASSES,
            "How many classes and locations together the plan allows (QuickBooks Online Plus: 40).",
            {"type": "integer", "minimum": 1},
        ),
    ),
)
def subclass_limit_exceeded(ctx: RuleContext) -> Iterator[Problem | Notice]:
    """On QuickBooks Online Plus, the classes and locations, with the per-user sub-classes
    Clio still has to create, exceed the plan's limit (40).

    Counted: active `Class` entries, active `Department` (location) entries and, when
    `track_firm_users_on_bills` is on with a `firm_users_class`, every enabled Clio user with
    no active sub-class under that class (matched by name, as client names are). Inactive
    classes and locations do not count. Only the Plus plan is checked (Simple Start and
    Essentials have no classes; Advanced has no such limit); a snapshot without a recognised
    plan reports that the rule could not run. Each part only adds to the count, so an absent
    part (`qbo.Class`, `qbo.Department`, or `clio.users` when firm users are tracked) does not
    stop the rule when what is present already exceeds the limit ("at least N", naming what was
    not counted); only when it does not is the rule reported as not run.

    ## Why it matters
    Clio creates one sub-class per firm user under the chosen class. On Plus, QuickBooks stops
    at 40 classes and locations together: the sub-classes beyond the limit are never created,
    and bills of those timekeepers fail to sync or lose their class.

    ## Example
    37 active classes, 2 locations and 3 new timekeepers in Clio: 42 of 40.

    ## How to fix
    In QuickBooks Online: Settings (gear) → All Lists → Classes, make unused classes inactive
    (and Locations likewise under Settings → All Lists → Locations), or upgrade to Advanced
    (Settings → Subscriptions and billing). In Clio: disable departed users.

    ## References
    - seeds: Clio Help Center, How do I create classes within my QuickBooks Online account?
      ("When using a QuickBooks Online Plus Plan, there is a limit of 40 subclasses")
    """
    current = plan(ctx)
    if current.tier != PLUS:
        return
    snapshot = ctx.snapshot
    qbo = snapshot.qbo
    # Each part can only add to the count: what is present may already exceed the limit, and
    # only when it does not can an absent part change the verdict (catalog: partly missing
    # input).
    missing = [f"`qbo.{n}`" for n in ("Class", "Department") if getattr(qbo, n, None) is None]
    active_classes = [c for c in (qbo.Class if qbo else None) or [] if c.Active]
    active_departments = [d for d in (qbo.Department if qbo else None) or [] if d.Active]
    # Without the classes, which users still need a sub-class is unknown: none are counted.
    pending = _users_without_subclass(ctx, active_classes) if qbo and qbo.Class is not None else []
    if pending is None:
        missing.append("`clio.users` (firm users are tracked on bills)")
        pending = []
    limit = int(ctx.options["max_classes"])
    total = len(active_classes) + len(active_departments) + len(pending)
    if total <= limit:
        if missing:
            ctx.skip(
                f"{total} classes, locations and pending sub-classes counted, within the "
                f"limit of {limit}, but the snapshot has no {' or '.join(missing)}"
            )
        return
    parts = [
        _count(len(active_classes), "active class", "active classes"),
        _count(len(active_departments), "active location", "active locations"),
    ]
    if pending:
        parts.append(
            _count(len(pending), "sub-class", "sub-classes")
            + f" Clio must still create for firm users ({', '.join(pending)})"
        )
    needs = f"at least {total}" if missing else str(total)
    uncounted = f" (not counted: the snapshot has no {' or '.join(missing)})" if missing else ""
    yield Problem(
        message=(
            f"{current.sku} allows {limit} classes and locations together; this file needs "
            f"{needs}: {', '.join(parts[:-1])} and {parts[-1]}{uncounted}."
        ),
        pointer="/qbo/Class" if qbo is not None and qbo.Class is not None else "/qbo",
        key="qbo.Class:limit",
        properties={
            "limit": limit,
            "total": total,
            "classes": len(active_classes),
            "locations": len(active_departments),
            "pending_users": ", ".join(pending),
            "not_counted": ", ".join(missing),
        }
        if missing
        else {
            "limit": limit,
            "total": total,
            "classes": len(active_classes),
            "locations": len(active_departments),
            "pending_users": ", ".join(pending),
        },
        logical=current.sku,
    )


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _users_without_subclass(ctx: RuleContext, active_classes: list[Class]) -> list[str] | None:
    """Names of enabled Clio users Clio would still create a sub-class for (None: firm users
    are tracked but the snapshot has no `clio.users`, so they cannot be counted)."""
    syncing = ctx.snapshot.clio_bill_syncing
    parent = (syncing.firm_users_class or "").strip() if syncing else ""
    if syncing is None or not syncing.track_firm_users_on_bills or not parent:
        return []
    users = ctx.snapshot.clio.users if ctx.snapshot.clio else None
    if users is None:
        return None
    index = names.NameIndex(
        (c.Name, c) for c in active_classes if _is_under(c, parent, active_classes)
    )
    return [
        user.name
        for user in users
        if user.enabled and user.name and not index.lookup(user.name).candidates
    ]


RULES: list[Rule] = [subclass_limit_exceeded, plan_simple_start, plan_without_class_tracking]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
