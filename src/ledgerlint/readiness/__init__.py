"""Go-live readiness: what a run's findings mean for the firm, and the plan that fixes them.

    Report ──assess──▶ Assessment per snapshot: verdict, findings grouped by cause (cascades
                       nested under the finding that causes them), the ordered fix plan, money
                       at risk, glossary ──reporters──▶ Markdown / HTML / JSON / text

The knowledge is data: `remediation.yaml` (validated by `remediation.schema.json`) gives each
rule its plain-language title, the steps that fix it (system, click-path, value to set, plan
phase), the rules whose steps must come first, and the findings it causes downstream. A rule
it does not list gets one generic step from the rule's own documentation.
"""

from __future__ import annotations

from ledgerlint.readiness.assess import assess
from ledgerlint.readiness.model import Accepted
from ledgerlint.readiness.model import Assessment
from ledgerlint.readiness.model import Group
from ledgerlint.readiness.model import Item
from ledgerlint.readiness.model import PlanStep
from ledgerlint.readiness.table import RemediationTable
from ledgerlint.readiness.table import Remedy
from ledgerlint.readiness.table import Step
from ledgerlint.readiness.table import load_table

__all__ = [
    "Accepted",
    "Assessment",
    "Group",
    "Item",
    "PlanStep",
    "RemediationTable",
    "Remedy",
    "Step",
    "assess",
    "load_table",
]
