"""What the readiness formats (Markdown, HTML, text portfolio) say the same way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ledgerlint.models.findings import Severity
from ledgerlint.models.money import money
from ledgerlint.models.report import Report
from ledgerlint.readiness import Accepted
from ledgerlint.readiness import Assessment
from ledgerlint.readiness import PlanStep

SYSTEM_NAMES = {
    "QuickBooks": "QuickBooks Online",
    "Clio": "Clio Manage",
    "Bank": "The bank",
    "Firm": "Firm policy",
    "ledgerlint": "ledgerlint snapshot",
}
PLAN_INTRO = (
    "Work through the steps in order: each relies on the ones before it (the chart of accounts "
    "before the mapping, the mapping before the sync, the sync before reconciling). F-numbers "
    "refer to the findings listed after the plan."
)
PLAN_END = (
    "When every step is done, take a new snapshot and run the check again: the findings each "
    "step clears should be gone."
)
NO_PLAN = "Nothing to fix: no check found a problem."
NO_PLAN_BUT_ACCEPTED = "Nothing to fix now: every problem found is accepted (listed below)."
NO_FINDINGS = "No findings."
ONLY_ACCEPTED = "No findings to fix; the accepted ones are listed next."


def no_plan(assessment: Assessment) -> str:
    return NO_PLAN_BUT_ACCEPTED if assessment.accepted else NO_PLAN


def no_findings(assessment: Assessment) -> str:
    return ONLY_ACCEPTED if assessment.accepted else NO_FINDINGS


APPENDIX_INTRO = (
    "For the bookkeeper or consultant: each finding as ledgerlint reports it, with its place in "
    'the snapshot file. The command "ledgerlint rule" followed by the rule\'s ID explains a '
    "rule in full."
)


ACCEPTED_TITLE = "Accepted findings"
ACCEPTED_INTRO = (
    "Problems the firm has accepted for a time, each with the reason it gave (an exemption in "
    "the ledgerlint configuration). They are not in the fix plan and do not change the verdict "
    "or the money at risk until the exemption ends; from that date they count again. "
    "E-numbers refer to the appendix."
)


def accepted_terms(accepted: Accepted) -> str:
    """`Accepted until DATE, with the reason: "…"` (the date from which it counts again)."""
    return f'Accepted until {accepted.expires}, with the reason: "{accepted.reason}"'


def sentence(text: str) -> str:
    """`text` ending with a full stop (a label the table wrote without one)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def accepted_money(accepted: Accepted) -> str:
    money_stated = accepted.item.money
    return f", {money(money_stated)} at risk" if money_stated else ""


def exemption_place(accepted: Accepted) -> str:
    """Where the exemption is written: `ledgerlint.yaml line 4`."""
    where = accepted.where
    if where is None:
        return "the configuration"
    return f"{where.file} line {where.line}" if where.line else where.file


def title(assessment: Assessment) -> str:
    return f"Go-live readiness: {assessment.firm or assessment.file}"


def taken(assessment: Assessment) -> str:
    date = f", taken {assessment.captured_at}" if assessment.captured_at else ""
    redacted = "; client names are replaced by pseudonyms" if assessment.redacted else ""
    return f"Snapshot {assessment.file}{date}{redacted}."


def amount(value: Decimal) -> str:
    return money(value) if value else "none stated"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def refs(values: Sequence[str]) -> str:
    return ", ".join(values)


def step_heading(step: PlanStep) -> str:
    return f"{step.number}. {step.title}"


def step_part(step: PlanStep) -> str:
    """`part 1 of 3, with steps 4 and 8` for a rule fixed in several steps."""
    if not step.together_with:
        return ""
    numbers = sorted([step.number, *step.together_with])
    part = numbers.index(step.number) + 1
    others = [str(n) for n in numbers if n != step.number]
    joined = others[0] if len(others) == 1 else f"{', '.join(others[:-1])} and {others[-1]}"
    return f"part {part} of {len(numbers)}, with step{'s' if len(others) > 1 else ''} {joined}"


def clears_text(step: PlanStep) -> str:
    text = refs(step.clears)
    if step.also_clears:
        text += f", and with them {refs(step.also_clears)}"
    if step.together_with:
        text += " (once all its parts are done)"
    return text


def not_run_text(assessment: Assessment) -> str:
    count = len({n.rule_id for n in assessment.not_run})
    return (
        f"{plural(count, 'check')} could not run in full because the snapshot lacks the data "
        f"{'it needs' if count == 1 else 'they need'}: missing data is never a pass, so "
        f"{'that area is' if count == 1 else 'those areas are'} unverified. The appendix says "
        "what is missing."
    )


def severity_word(severity: Severity) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}[severity.value]


UNREAD = "could not be read"


@dataclass(frozen=True)
class PortfolioRow:
    """One line of a portfolio summary; a file that could not be read has only its verdict."""

    file: str
    verdict: str
    firm: str = ""
    errors: str = ""
    warnings: str = ""
    at_risk: str = ""
    accepted: str = ""


def portfolio_rows(report: Report, assessments: Sequence[Assessment]) -> list[PortfolioRow]:
    """One row per snapshot of the run, read or not, in path order."""
    rows = [
        PortfolioRow(
            a.file,
            a.verdict,
            a.firm or "(no firm name)",
            str(a.counts[Severity.ERROR]),
            str(a.counts[Severity.WARNING]),
            money(a.at_risk()),
            str(len(a.accepted)),
        )
        for a in assessments
    ]
    rows += [PortfolioRow(file, UNREAD) for file in unreadable(report)]
    return sorted(rows, key=lambda row: row.file)


def unreadable(report: Report) -> list[str]:
    """The files of the run that could not be read (a portfolio lists them too)."""
    return sorted({n.file for n in report.notifications if n.kind == "input-error"})
