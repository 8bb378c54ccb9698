"""An example firm plugin: a Python rule and a directory of YAML rules, through ledgerlint's hooks."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from ledgerlint.models.money import money
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import RuleOption
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule


@rule(
    "XF001",
    "large-trust-disbursement",
    severity="warning",
    tags=("trust", "firm-policy"),
    requires=("qbo.Account", "qbo.Purchase"),
    options=(
        RuleOption(
            "limit",
            "10000.00",
            "Disbursements above this amount need a second signature.",
            {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"},
        ),
    ),
)
def large_trust_disbursement(ctx: RuleContext) -> Iterator[Problem]:
    """A payment out of a trust bank account above the firm's dual-signature limit.

    ## Why it matters
    The firm's trust policy requires two signatures on large disbursements from trust; a single
    signature on a large check is the pattern behind most trust-account thefts.

    ## How to fix
    Confirm the second signature on the check or transfer authorization and file it with the
    matter's trust records; in QuickBooks add a memo with the approver's name.

    ## References
    - The firm's trust account policy, section 4 (dual signatures)
    """
    limit = Decimal(ctx.options["limit"])
    trust_ids = {account.Id for account in ctx.books.chart.trust_banks}
    for purchase in ctx.snapshot.qbo.Purchase or []:  # type: ignore[union-attr]
        paid_from = purchase.AccountRef.value if purchase.AccountRef else None
        if paid_from in trust_ids and not purchase.Credit and purchase.TotalAmt > limit:
            payee = (
                purchase.EntityRef.name if purchase.EntityRef and purchase.EntityRef.name else "?"
            )
            yield Problem(
                message=(
                    f"{purchase.label} pays {money(purchase.TotalAmt)} from trust to {payee}, above "
                    f"the {money(limit)} dual-signature limit: confirm the second signature."
                ),
                pointer=f"{purchase.pointer}/TotalAmt",
                key=purchase.key,
                properties={"amount": str(purchase.TotalAmt), "limit": str(limit)},
            )


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return [large_trust_disbursement]


@hookimpl
def ledgerlint_rule_paths() -> list[Path]:
    return [Path(__file__).parent / "rules"]
