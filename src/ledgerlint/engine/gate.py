"""The CI gate: which findings count, after exemptions and the baseline.

    findings ──live exemption?──▶ exempted (reported as suppressed, never counted)
             ──in the baseline?─▶ unchanged (left out of the count)
             ──otherwise───────▶ counted (exit code, summary)

An expired exemption accepts nothing and becomes an LL001 finding at the place it is written; a
live one that accepted nothing, while its rule ran on every snapshot, an LL002 finding. Baseline
findings this run no longer finds are listed as `absent`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ledgerlint.engine.diagnostics import EXEMPTION_EXPIRED
from ledgerlint.engine.diagnostics import EXEMPTION_UNUSED
from ledgerlint.engine.selection import is_selected
from ledgerlint.engine.selection import severity_for
from ledgerlint.models.config import Config
from ledgerlint.models.config import Exemption
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import fingerprint
from ledgerlint.models.report import Exempted
from ledgerlint.models.report import Report
from ledgerlint.models.rules import RuleMeta


def apply_gate(report: Report, config: Config) -> Report:
    """Sort the report's findings into counted, exempted and unchanged; add LL diagnostics."""
    today = config.today or date.today()
    live = [e for e in config.exemptions if e.is_live(today)]
    known = config.baseline_fingerprints()
    counted: list[Finding] = []
    exempted: list[Exempted] = []
    unchanged: list[Finding] = []
    for finding in report.findings:
        exemption = next((e for e in live if e.matches(finding)), None)
        if exemption is not None:
            exempted.append(Exempted(finding, exemption, finding.fingerprint in known))
        elif finding.fingerprint in known:
            unchanged.append(finding)
        else:
            counted.append(finding)
    counted += _diagnostics(report, config, today, exempted)
    seen = {f.fingerprint for f in report.findings}
    ran = _rules_that_ran(report)
    absent = [
        _absent(f)
        for f in config.baseline_findings
        if f.fingerprint not in seen and f.rule_id in ran  # an unchecked rule fixed nothing
    ]
    return replace(
        report,
        findings=tuple(sorted(counted, key=Finding.sort_key)),
        exempted=tuple(exempted),
        unchanged=tuple(unchanged),
        absent=tuple(sorted(absent, key=Finding.sort_key)),
        baselined=config.has_baseline,
    )


def _diagnostics(
    report: Report, config: Config, today: date, exempted: list[Exempted]
) -> list[Finding]:
    found: list[Finding] = []
    for exemption in config.exemptions:
        if not exemption.is_live(today):
            matched = sum(1 for f in report.findings if exemption.matches(f))
            counted = f"its {matched} finding{'s count' if matched != 1 else ' counts'} again"
            found.append(
                _finding(
                    EXEMPTION_EXPIRED,
                    config,
                    exemption,
                    f"The exemption of {_subject(exemption)} expired on "
                    f'{exemption.expires.isoformat()} ("{exemption.reason}"): {counted}.',
                )
            )
    if not is_selected(EXEMPTION_UNUSED, ("ALL", *config.select), config.ignore):
        return found
    used = {id(item.exemption) for item in exempted}
    ran = _rules_that_ran(report)
    for exemption in config.exemptions:
        if exemption.is_live(today) and id(exemption) not in used and exemption.rule in ran:
            found.append(
                _finding(
                    EXEMPTION_UNUSED,
                    config,
                    exemption,
                    f"The exemption of {_subject(exemption)} (until "
                    f"{exemption.expires.isoformat()}) accepted no finding: delete it if the "
                    "problem is fixed, or correct its fingerprint or pointer.",
                )
            )
    return found


def _rules_that_ran(report: Report) -> set[str]:
    """Rules selected in this run that ran on every snapshot (none said it could not run)."""
    return {meta.id for meta in report.rules} - {n.rule_id for n in report.not_run()}


def _subject(exemption: Exemption) -> str:
    subject = exemption.rule
    if exemption.pointer is not None:
        subject += f" at {exemption.pointer}"
    if exemption.fingerprint is not None:
        subject += f" (fingerprint {exemption.fingerprint})"
    return subject


def _finding(meta: RuleMeta, config: Config, exemption: Exemption, message: str) -> Finding:
    key = "|".join(
        [
            exemption.rule,
            exemption.fingerprint or "",
            exemption.pointer or "",
            exemption.expires.isoformat(),
        ]
    )
    return Finding(
        rule_id=meta.id,
        rule_name=meta.name,
        severity=severity_for(meta, config.severity),
        message=message,
        location=exemption.origin or Location("<config>", ""),
        fingerprint=fingerprint(meta.id, key),
        key=key,
        properties={"rule": exemption.rule, "expires": exemption.expires.isoformat()},
    )


def _absent(finding: Finding) -> Finding:
    """A baseline finding no longer found. Its old message is not repeated: it may name a client
    who is no longer in the snapshot, where redaction could not recognise the name."""
    message = (
        f"{finding.rule_id} {finding.rule_name} at {finding.location.pointer or '/'} "
        "is no longer found (fixed since the baseline)."
    )
    return replace(finding, message=message, logical=None, related=(), properties={}, fix=None)
