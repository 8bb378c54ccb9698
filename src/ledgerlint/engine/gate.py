"""The CI gate: which findings count, after exemptions and the baseline.

    findings ──live exemption?──▶ exempted (reported as suppressed, never counted)
             ──in the baseline?─▶ unchanged (left out of the count)
             ──otherwise───────▶ counted (exit code, summary)

The baseline holds findings of a previous report, each in its file: a finding is in the
baseline when the same file (by its path relative to the repository root, however either run
wrote it) has a finding with the same fingerprint. So one firm's baseline never accepts another
firm's finding, though a settings finding has the same fingerprint in every firm. Baseline
findings of a file of this run that this run no longer finds, by a rule that ran on that file,
are listed as `absent`; files the run did not check are left alone.

An exemption accepts the findings of its rule (narrowed by pointer, fingerprint and the snapshot
files it covers). An expired one accepts nothing and becomes an LL001 finding at the place it is
written; a live one that accepted nothing, while its rule ran on every snapshot of the run it
covers, an LL002 finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from ledgerlint.engine.diagnostics import EXEMPTION_EXPIRED
from ledgerlint.engine.diagnostics import EXEMPTION_UNUSED
from ledgerlint.engine.paths import real_path
from ledgerlint.engine.paths import scope_path
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
    scope = _Scope(config)
    known = {scope.identity(f) for f in config.baseline_findings}
    counted: list[Finding] = []
    exempted: list[Exempted] = []
    unchanged: list[Finding] = []
    for finding in report.findings:
        path = scope.real(finding.location.file)
        exemption = next((e for e in live if e.matches(finding, path)), None)
        in_baseline = scope.identity(finding) in known
        if exemption is not None:
            exempted.append(Exempted(finding, exemption, in_baseline))
        elif in_baseline:
            unchanged.append(finding)
        else:
            counted.append(finding)
    counted += _diagnostics(report, config, today, exempted, scope)
    return replace(
        report,
        findings=tuple(sorted(counted, key=Finding.sort_key)),
        exempted=tuple(exempted),
        unchanged=tuple(unchanged),
        absent=tuple(sorted(_absent(report, config, scope), key=Finding.sort_key)),
        baselined=config.has_baseline,
    )


class _Scope:
    """Which file a finding is in, named the same way for this run and for the baseline."""

    def __init__(self, config: Config) -> None:
        self.root = config.root
        self.names: dict[str, str] = {}
        self.reals: dict[str, str] = {}

    def real(self, path: str) -> str:
        """The absolute real path exemptions' `file` globs are matched against."""
        if path not in self.reals:
            self.reals[path] = real_path(path)
        return self.reals[path]

    def file(self, path: str) -> str:
        if path not in self.names:
            self.names[path] = scope_path(path, self.root)
        return self.names[path]

    def identity(self, finding: Finding) -> tuple[str, str]:
        return self.file(finding.location.file), finding.fingerprint


def _absent(report: Report, config: Config, scope: _Scope) -> list[Finding]:
    """The baseline's findings in files of this run that the run no longer finds: fixed. Not
    a file the run did not check, nor a rule that did not run on the file (it fixed nothing)."""
    files = {scope.file(path): path for path in report.files}
    seen = {scope.identity(f) for f in report.findings}
    ran = _rules_that_ran_in(report)
    absent = []
    for finding in config.baseline_findings:
        file = files.get(scope.file(finding.location.file))
        if file is None or scope.identity(finding) in seen:
            continue
        if finding.rule_id in ran[file]:
            absent.append(_as_absent(finding, file))
    return absent


def _rules_that_ran_in(report: Report) -> Mapping[str, set[str]]:
    """Per file of the run: the selected rules that ran to the end on it (no note says it
    could not run or failed)."""
    selected = {meta.id for meta in report.rules}
    stopped = [n for n in report.notifications if n.kind in ("not-run", "plugin-error")]
    return {
        file: selected - {n.rule_id for n in stopped if n.file in (file, "")}
        for file in report.files
    }


def _diagnostics(
    report: Report, config: Config, today: date, exempted: list[Exempted], scope: _Scope
) -> list[Finding]:
    found: list[Finding] = []
    for exemption in config.exemptions:
        if not exemption.is_live(today):
            matched = sum(
                1 for f in report.findings if exemption.matches(f, scope.real(f.location.file))
            )
            counted = f"its {matched} finding{'s count' if matched != 1 else ' counts'} again"
            found.append(
                _finding(
                    EXEMPTION_EXPIRED,
                    config,
                    exemption,
                    f"The exemption of {_subject(exemption, config)} expired on "
                    f'{exemption.expires.isoformat()} ("{exemption.reason}"): {counted}.',
                )
            )
    if not is_selected(EXEMPTION_UNUSED, ("ALL", *config.select), config.ignore):
        return found
    used = {id(item.exemption) for item in exempted}
    ran = _rules_that_ran_in(report)
    for exemption in config.exemptions:
        if not exemption.is_live(today) or id(exemption) in used:
            continue
        # Judged only where it could have accepted something: its rule ran to the end on
        # every snapshot of the run it covers, and it covers one at least.
        covered = [f for f in report.files if exemption.covers(scope.real(f))]
        if covered and all(exemption.rule in ran[f] for f in covered):
            found.append(
                _finding(
                    EXEMPTION_UNUSED,
                    config,
                    exemption,
                    f"The exemption of {_subject(exemption, config)} (until "
                    f"{exemption.expires.isoformat()}) accepted no finding: delete it if the "
                    "problem is fixed, or correct its fingerprint, pointer or file.",
                )
            )
    return found


def _subject(exemption: Exemption, config: Config) -> str:
    subject = exemption.rule
    if exemption.pointer is not None:
        subject += f" at {exemption.pointer}"
    if exemption.file is not None:
        subject += f" in {_shown(exemption.file, config)}"
    if exemption.fingerprint is not None:
        subject += f" (fingerprint {exemption.fingerprint})"
    return subject


def _shown(pattern: str, config: Config) -> str:
    """An exemption's `file` relative to the repository root, as people write paths."""
    root = real_path(str(config.root or Path.cwd()))
    return pattern[len(root) + 1 :] if pattern.startswith(root + "/") else pattern


def _finding(meta: RuleMeta, config: Config, exemption: Exemption, message: str) -> Finding:
    key = "|".join(
        [
            exemption.rule,
            exemption.fingerprint or "",
            exemption.pointer or "",
            exemption.expires.isoformat(),
            *([_shown(exemption.file, config)] if exemption.file is not None else []),
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


def _as_absent(finding: Finding, file: str) -> Finding:
    """A baseline finding no longer found, in `file` as this run names it. Its old message is
    not repeated: it may name a client who is no longer in the snapshot, where redaction could
    not recognise the name."""
    message = (
        f"{finding.rule_id} {finding.rule_name} at {finding.location.pointer or '/'} "
        "is no longer found (fixed since the baseline)."
    )
    return replace(
        finding,
        message=message,
        location=replace(finding.location, file=file),
        logical=None,
        related=(),
        properties={},
        fix=None,
    )
