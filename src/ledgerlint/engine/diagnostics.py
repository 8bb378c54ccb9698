"""The engine's own diagnostics about the configuration (prefix `LL`, reserved for them).

They are not rules of the catalog: `ledgerlint rules` lists them in a group of their own, and no
snapshot data makes them fire. They are documented like every rule (`ledgerlint rule LL001`).
"""

from __future__ import annotations

from ledgerlint.models.findings import Severity
from ledgerlint.models.rules import RuleDoc
from ledgerlint.models.rules import RuleMeta

RESERVED_PREFIX = "LL"

EXEMPTION_EXPIRED = RuleMeta(
    id="LL001",
    name="exemption-expired",
    severity=Severity.ERROR,
    tags=("configuration", "exemptions"),
    source="engine",
    doc=RuleDoc(
        finds=(
            "An exemption in the configuration whose `expires` date has come: the findings it "
            "accepted count again, and this finding names the exemption and its reason."
        ),
        why=(
            'An exemption is a promise with a date ("waiting for the bank to close the old '
            'account"). When the date passes unnoticed, a known problem becomes a permanent '
            "one; failing the run makes someone look at it again."
        ),
        fix=(
            "Fix the findings the exemption covered (they are reported again in this run), then "
            "delete the exemption; or, if the reason still holds, set a new `expires` date and "
            "say why in `reason`. LL001 cannot be ignored."
        ),
        example=(
            "```yaml\nexemptions:\n  - rule: QB015\n    reason: waiting for the bank to close "
            "the old account\n    expires: 2027-01-31   # from this day on: LL001, exit 1\n```"
        ),
    ),
)

EXEMPTION_UNUSED = RuleMeta(
    id="LL002",
    name="exemption-unused",
    severity=Severity.WARNING,
    tags=("configuration", "exemptions"),
    source="engine",
    doc=RuleDoc(
        finds=(
            "A live exemption that accepted no finding in this run, although its rule ran on "
            "every snapshot."
        ),
        why=(
            "An exemption that no longer matches anything was either made obsolete by a fix, or "
            "its `fingerprint`/`pointer` no longer names the finding; left in place, it would "
            "silently accept the next problem of that rule."
        ),
        fix=(
            "Delete the exemption if the problem is fixed, or correct its `fingerprint` or "
            "`pointer`. Silence this diagnostic with `ignore: [LL002]`."
        ),
    ),
)

ENGINE_RULES: tuple[RuleMeta, ...] = (EXEMPTION_EXPIRED, EXEMPTION_UNUSED)


def engine_rule(rule_id: str) -> RuleMeta | None:
    """An engine diagnostic by ID or name, or None."""
    for meta in ENGINE_RULES:
        if rule_id.upper() == meta.id or rule_id == meta.name:
            return meta
    return None
