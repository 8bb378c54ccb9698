"""Built-in Python rules: the JX area of the catalog (jurisdiction rules).

The rules read the jurisdiction table (`rules/jurisdictions/*.yaml`, plus any directory a plugin
returns from `ledgerlint_jurisdiction_paths`). `ctx.books.jurisdictions` is the one reading of
`firm.jurisdictions` for every rule that depends on it: codes compared case-insensitively, and
the ABA defaults standing in when the firm names none, or for a code the table lacks (JX003
reports both).
"""

from __future__ import annotations

from collections.abc import Iterator

from ledgerlint.books.jurisdictions import DEFAULT_CODE
from ledgerlint.books.jurisdictions import FirmJurisdictions
from ledgerlint.books.names import normalize
from ledgerlint.builtin.problems import join_words
from ledgerlint.models.jurisdiction import Jurisdiction
from ledgerlint.plugins import Fix
from ledgerlint.plugins import Problem
from ledgerlint.plugins import Rule
from ledgerlint.plugins import RuleContext
from ledgerlint.plugins import hookimpl
from ledgerlint.plugins import rule


def firm_jurisdictions(ctx: RuleContext) -> FirmJurisdictions:
    """`firm.jurisdictions` resolved against the table (the books read it once)."""
    return ctx.books.jurisdictions


def _label(jurisdiction: Jurisdiction, firm: FirmJurisdictions) -> str:
    if jurisdiction.code == DEFAULT_CODE and DEFAULT_CODE not in firm.listed:
        return f"{DEFAULT_CODE} (default)"
    return jurisdiction.code


@rule(
    "JX001",
    "retention-too-short",
    severity="error",
    tags=("jurisdiction", "records"),
    requires=("firm.record_retention_years",),
    fix_safety="unsafe",
)
def retention_too_short(ctx: RuleContext) -> Iterator[Problem]:
    """The firm's record-retention policy is shorter than a jurisdiction of the firm requires.

    Compares `firm.record_retention_years` with the longest `retention_years` among the firm's
    jurisdictions (the ABA default of five years when the firm names none, or for a code the
    table lacks). `record_retention_years` is optional in the snapshot: without it the rule
    reports that it could not run rather than guess the firm's policy.

    ## Why it matters
    Trust account records (journals, client ledgers, bank statements, reconciliations) must be
    kept for the period the bar's rule sets after the representation ends: five years under the
    ABA Model Rule, six in Florida, seven in New York, New Jersey, Illinois and Washington. A firm
    that destroys them earlier cannot answer a random audit or a client's claim, and the missing
    records are themselves a violation.

    ## How to fix
    Adopt a written retention policy at least as long as the longest rule that binds the firm,
    and set the retention of QuickBooks and Clio exports, bank statements and reconciliation
    reports to match (document storage, not a QuickBooks setting). In the snapshot:
    `firm.record_retention_years`. The fix is unsafe: it writes the required number into the
    snapshot, which is right only once the firm has actually adopted that policy.

    ## References
    - ABA Model Rule 1.15(a) (five years)
    - the `sources` of each jurisdiction file (docs/jurisdictions.md)
    """
    firm = ctx.snapshot.firm
    years = firm.record_retention_years if firm else None
    if years is None:
        ctx.skip("the snapshot has no `firm.record_retention_years`")
    resolved = firm_jurisdictions(ctx)
    longest = max(j.retention_years for j in resolved.applied)
    if years >= longest:
        return
    strictest = [_label(j, resolved) for j in resolved.applied if j.retention_years == longest]
    verb = "requires" if len(strictest) == 1 else "require"
    message = (
        f"The firm keeps trust account records for {years} years; "
        f"{join_words(strictest)} {verb} {longest}"
    )
    if len(resolved.applied) > 1:
        all_of = ", ".join(f"{_label(j, resolved)} {j.retention_years}" for j in resolved.applied)
        message += f" (the longest of {all_of})"
    pointer = "/firm/record_retention_years"
    yield Problem(
        message=message + ".",
        pointer=pointer,
        key="firm.record_retention_years",
        properties={
            "record_retention_years": years,
            "required_years": longest,
            "jurisdictions": ",".join(j.code for j in resolved.applied),
        },
        fix=Fix(
            description=f"Keep records for {longest} years",
            patch=({"op": "replace", "path": pointer, "value": longest},),
            safety="unsafe",
        ),
    )


def title_matches(name: str, jurisdiction: Jurisdiction) -> bool:
    """Whether an account name contains one of the jurisdiction's title phrases.

    Both sides are compared ignoring case and punctuation, with whitespace collapsed, and a
    phrase must appear as whole words: `Attorney Trust Account` matches
    `IOLTA Attorney Trust Account` and `attorney-trust account`, `trust` matches
    `Client Trust Account - IOLTA` but not `Entrusted Funds`.
    """
    padded = f" {normalize(name)} "
    return any(f" {normalize(phrase)} " in padded for phrase in jurisdiction.trust_account_title)


@rule(
    "JX002",
    "trust-account-title",
    severity="warning",
    tags=("jurisdiction", "trust"),
    requires=("qbo.Account",),
)
def trust_account_title(ctx: RuleContext) -> Iterator[Problem]:
    """A trust bank account's name does not meet the title rule of a firm jurisdiction.

    Every active trust bank account (`AccountType: Bank` with `AccountSubType: TrustAccounts`, or
    declared in `clio_bill_syncing.trust_accounts`) is checked against every jurisdiction of the
    firm (the ABA default when it names none): its QuickBooks `Name` must contain one of the
    jurisdiction's title phrases as whole words, ignoring case, punctuation and spacing. For New
    York any one of "Attorney Special Account", "Attorney Trust Account" or "Attorney Escrow
    Account" suffices; a bare "Trust" does not. One finding per account and jurisdiction.

    ## Why it matters
    Bar rules require the bank account holding client money to be titled as such (California:
    "Trust Account" or words of similar import; New York: "Attorney Special/Trust/Escrow
    Account"; New Jersey: "Attorney Trust Account"), so the bank, creditors and auditors know the
    funds are not the firm's. The QuickBooks name is ledgerlint's view of that title: a name that
    does not carry it usually means the bank title does not either, or that an operating account
    was marked as trust.

    ## How to fix
    Confirm with the bank that the account's title carries the required words (the title on
    statements and checks is what the rule judges). Then rename the account in QuickBooks to
    match: Accounting → Chart of accounts → the account → Edit → Name. In the snapshot: the
    account's `Name` (and `FullyQualifiedName`). No automatic fix: renaming in QuickBooks does not
    retitle the bank account.

    ## References
    - California Rules of Professional Conduct, rule 1.15(a)
    - New York Rules of Professional Conduct (22 NYCRR 1200.0), Rule 1.15(b)(2)
    - New Jersey Court Rules, R. 1:21-6(a)
    - the `sources` of each jurisdiction file (docs/jurisdictions.md)
    """
    resolved = firm_jurisdictions(ctx)
    for account in ctx.books.chart.trust_banks:
        if not account.Active:
            continue
        for jurisdiction in resolved.applied:
            if title_matches(account.Name, jurisdiction):
                continue
            label = _label(jurisdiction, resolved)
            yield Problem(
                message=(
                    f"Trust bank account {account.Name} does not meet the title rule of "
                    f"{label}: {jurisdiction.title_rule}."
                ),
                pointer=f"{account.pointer}/Name",
                key=f"{account.key}/title/{jurisdiction.code}",
                logical=account.full_name,
                properties={
                    "account_id": account.Id,
                    "jurisdiction": jurisdiction.code,
                    "phrases": "; ".join(jurisdiction.trust_account_title),
                },
            )


@rule("JX003", "jurisdiction-unknown", severity="warning", tags=("jurisdiction",))
def jurisdiction_unknown(ctx: RuleContext) -> Iterator[Problem]:
    """`firm.jurisdictions` is empty or absent, or names a code the jurisdiction table lacks.

    Codes are compared case-insensitively. An absent list counts as empty: the missing input is
    exactly what this rule reports, so it never reports "could not run". One finding names all
    unknown codes.

    ## Why it matters
    The jurisdiction decides how long records are kept (JX001), how often the trust account is
    reconciled (RC006), whether client ledgers belong in the books (QB013, QB016) and how the
    trust account must be titled (JX002). For an unknown code ledgerlint can only apply the ABA
    Model Rule defaults (five years, quarterly reconciliation, no client sub-accounts required),
    which are weaker than most state rules: the firm may pass checks its bar would fail.

    ## How to fix
    List the US state or DC postal codes whose trust rules bind the firm in the snapshot:
    `firm.jurisdictions: [CA]`. For a jurisdiction ledgerlint does not ship, add a file
    `<CODE>.yaml` with its values and sources in a directory returned by a plugin's
    `ledgerlint_jurisdiction_paths` hook (docs/jurisdictions.md), and have counsel review it.

    ## References
    - docs/jurisdictions.md (the shipped table and how to add a jurisdiction)
    - ABA Model Rule 1.15
    """
    resolved = firm_jurisdictions(ctx)
    default = ctx.jurisdictions[DEFAULT_CODE]
    defaults = (
        f"records kept {default.retention_years} years, {default.reconcile} reconciliation, "
        f"client ledgers in the books {'required' if default.client_ledger_in_books else 'not required'}"
    )
    pointer = _jurisdictions_pointer(ctx)
    if not resolved.listed:
        yield Problem(
            message=(
                "The firm names no jurisdiction (firm.jurisdictions is empty or absent): only "
                f"the ABA defaults apply ({defaults})."
            ),
            pointer=pointer,
            key="firm.jurisdictions",
        )
        return
    if resolved.unknown:
        codes = join_words(list(resolved.unknown))
        has = "has" if len(resolved.unknown) == 1 else "have"
        them = "it" if len(resolved.unknown) == 1 else "them"
        known = ", ".join(sorted(ctx.jurisdictions))
        yield Problem(
            message=(
                f"firm.jurisdictions names {codes}, which {has} no jurisdiction file: for "
                f"{them} only the ABA defaults apply ({defaults}). Known codes: {known}."
            ),
            pointer=pointer,
            key="firm.jurisdictions",
            properties={"unknown": ",".join(resolved.unknown)},
        )


def _jurisdictions_pointer(ctx: RuleContext) -> str:
    """`/firm/jurisdictions` where it exists, else the nearest place that does."""
    firm = ctx.snapshot.firm
    if firm is not None:
        return "/firm/jurisdictions" if firm.jurisdictions is not None else "/firm"
    return ""


RULES: list[Rule] = [retention_too_short, trust_account_title, jurisdiction_unknown]


@hookimpl
def ledgerlint_rules() -> list[Rule]:
    return RULES
