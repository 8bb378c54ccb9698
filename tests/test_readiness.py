"""The remediation table is complete and consistent; the assessment of the example groups its
findings by cause, orders the fix plan by dependency and speaks plain words."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import pytest
from helpers import ROOT
from helpers import fixture
from helpers import registry
from helpers import run

from ledgerlint.api import lint
from ledgerlint.models.rules import RuleDoc
from ledgerlint.models.rules import RuleMeta
from ledgerlint.readiness import Assessment
from ledgerlint.readiness import assess
from ledgerlint.readiness import load_table
from ledgerlint.readiness.assess import NOT_READY
from ledgerlint.readiness.assess import READY
from ledgerlint.readiness.assess import READY_WITH_WARNINGS
from ledgerlint.readiness.assess import first_step
from ledgerlint.readiness.assess import prose
from ledgerlint.readiness.table import SYSTEMS
from ledgerlint.readiness.table import table_schema
from ledgerlint.readiness.table import table_text
from ledgerlint.readiness.templates import SPECS
from ledgerlint.readiness.templates import template_fields

EXAMPLE = ROOT / "examples" / "example-firm.yaml"


@lru_cache(maxsize=1)
def example() -> Assessment:
    (assessment,) = assess(lint([EXAMPLE], registry=registry()))
    return assessment


# --- the table --------------------------------------------------------------------------------


def test_table_validates_against_its_schema() -> None:
    """remediation.yaml is valid against remediation.schema.json."""
    from jsonschema import Draft202012Validator

    from ledgerlint.snapshot.loader import safe_yaml

    errors = list(Draft202012Validator(table_schema()).iter_errors(safe_yaml(table_text())))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_every_builtin_rule_has_an_entry_and_every_entry_a_rule() -> None:
    """A new built-in rule needs its remediation; a removed one leaves no stale entry."""
    from ledgerlint.engine.diagnostics import ENGINE_RULES

    builtin = {rule.id for rule in registry().sorted_rules()} | {m.id for m in ENGINE_RULES}
    listed = set(load_table().remedies)
    assert sorted(builtin - listed) == [], "add these rules to readiness/remediation.yaml"
    assert sorted(listed - builtin) == []


def test_references_phases_systems_and_templates_are_valid() -> None:
    """Every phase, system, referenced rule and template field spec is one the code knows."""
    table = load_table()
    phases = {p.id for p in table.phases}
    assert set(table.default_phase.values()) <= phases
    for rule_id, remedy in table.remedies.items():
        for step in remedy.steps:
            assert step.phase in phases, (rule_id, step.phase)
            assert step.system in SYSTEMS
        for target in [*remedy.depends_on, *(c.rule for c in remedy.causes)]:
            assert target in table.remedies and target != rule_id, (rule_id, target)
        templates = [*remedy.finding, *(t for s in remedy.steps for t in s.set)]
        for template in templates:
            for name, spec in template_fields(template):
                assert name and (spec in SPECS or spec.startswith("plural:")), (rule_id, template)


def _acyclic(edges: dict[str, set[str]]) -> bool:
    state: dict[str, int] = {}

    def visit(node: str) -> bool:
        if state.get(node) == 1:
            return False
        if state.get(node) == 2:
            return True
        state[node] = 1
        ok = all(visit(n) for n in edges.get(node, ()))
        state[node] = 2
        return ok

    return all(visit(node) for node in edges)


def test_dependency_and_cause_graphs_are_acyclic() -> None:
    """No rule waits on itself through others, and no cascade loops."""
    table = load_table()
    depends = {r: set(m.depends_on) for r, m in table.remedies.items()}
    causes = {r: {c.rule for c in m.causes} for r, m in table.remedies.items()}
    assert _acyclic(depends) and _acyclic(causes)


def test_dependencies_point_to_the_same_or_an_earlier_phase() -> None:
    """A rule's first step never comes in an earlier phase than all of a dependency's steps."""
    table = load_table()
    for rule_id, remedy in table.remedies.items():
        first = min(table.phase_index(s.phase) for s in remedy.steps)
        for dependency in remedy.depends_on:
            theirs = min(table.phase_index(s.phase) for s in table.remedies[dependency].steps)
            assert theirs <= first, (rule_id, dependency)


def test_a_rule_the_table_lacks_gets_a_generic_step_from_its_docs() -> None:
    """A plugin rule (or one added on another branch) still gets a step: its doc's fix."""
    meta = RuleMeta(
        id="TS999",  # a rule the table lacks (its area, TS, gives the phase)
        name="trust-sync-partial-export",
        severity=registry().get("CS001").meta.severity,
        doc=RuleDoc(
            finds="Part of the trust activity syncs and part must be typed by hand.",
            why="The mix breeds omissions and duplicates. It matters.",
            fix=(
                "In Clio: Settings → Bill Syncing → QuickBooks Online → Trust, tick every box "
                "under Export trust transactions. In the snapshot: `trust_sync.export`."
            ),
        ),
    )
    remedy = load_table().remedy(meta)
    assert remedy.generic and remedy.steps[0].phase == "sync"
    step = remedy.steps[0]
    assert step.system == "Clio"
    assert step.path == ("Settings", "Bill Syncing", "QuickBooks Online", "Trust")
    assert "`" not in step.do and "snapshot" not in step.do
    other = RuleMeta("ACME001", "house-rule", meta.severity, RuleDoc("x", "y", "Ask the partner."))
    (step,) = load_table().remedy(other).steps
    assert (step.phase, step.path, step.do) == ("other", (), "Ask the partner.")


# --- the assessment of the example ------------------------------------------------------------


def test_example_is_not_ready_with_money_at_risk() -> None:
    """Errors make the verdict "not ready"; one sentence says it with the money at risk."""
    assessment = example()
    assert assessment.verdict == NOT_READY
    assert assessment.sentence.startswith("Not ready for go-live: 12 errors must be fixed first")
    assert assessment.sentence.count(".") == 2  # one sentence (and the cents' point)
    assert assessment.at_risk() == Decimal("16874.95")
    assert (assessment.firm, assessment.captured_at) == ("Harbor & Vale LLP", "2026-11-20")


def test_cascades_nest_under_their_cause() -> None:
    """CS005 explains the TR002 payments; the phantom cash (RC004) sits under the payment of
    the same amount; the RC002 mismatches sit under the deposit posted to the parent (TR001)."""
    groups = {g.remedy.rule_id: g for g in example().groups}
    (mapping,) = groups["CS005"].items
    tr002 = [c for c in mapping.children if c.finding.rule_id == "TR002"]
    assert len(tr002) == 3
    pacific = next(c for c in tr002 if c.finding.properties.get("amount") == "6812.50")
    assert [c.finding.rule_id for c in pacific.children] == ["RC004"]
    assert pacific.children[0].cleared_by_cause and not pacific.cleared_by_cause
    (deposit,) = groups["TR001"].items
    assert sorted(c.finding.rule_id for c in deposit.children) == ["RC002", "RC002"]
    assert "RC002" not in groups and "RC004" not in groups and "TR002" not in groups
    assert groups["CS005"].at_risk() == Decimal("8562.50")
    assert groups["TR001"].at_risk() == Decimal("3187.45")


def test_plan_follows_phases_and_dependencies() -> None:
    """Phases never go backwards; a rule's dependencies come first; each step has a system and
    a click-path; findings cleared by a cause's fix get no step of their own."""
    table = load_table()
    plan = example().plan
    assert [s.number for s in plan] == list(range(1, len(plan) + 1))
    phases = [table.phase_index(s.phase.id) for s in plan]
    assert phases == sorted(phases)
    position = {}
    for step in plan:
        position.setdefault(step.rule_id, step.number)
        assert step.step.system and step.step.path and step.step.do
    for step in plan:
        for dependency in table.remedies[step.rule_id].depends_on:
            if dependency in position:
                assert position[dependency] < step.number, (step.rule_id, dependency)
    rules = [s.rule_id for s in plan]
    assert "RC004" not in rules and "RC002" not in rules
    assert rules[:3] == ["JX001", "QB009", "QB007"]
    assert rules.index("QB008") < rules.index("CS005") < rules.index("CS003")
    assert rules.index("CS001") < rules.index("TR002")
    tr002 = next(s for s in plan if s.rule_id == "TR002")
    assert tr002.also_clears and set(tr002.clears) >= {"F7", "F8"}


def test_plan_steps_say_the_exact_value_to_set() -> None:
    """Values come from the findings' facts: the required years, the category, the amount."""
    values = {s.rule_id: s.values for s in example().plan}
    assert values["JX001"] == ("Retention period: at least 5 years",)
    assert any("Mediation" in v for v in values["QB008"])
    assert any("$6,812.50" in v and "1047" in v for v in values["TR002"])
    assert values["CS001"] == ("Sync timing: batch",)


_POINTER = re.compile(r"(?<![\w.])/(?:qbo|clio|firm|bank|clio_bill_syncing|sources)/")


@lru_cache(maxsize=1)
def api_field_names() -> frozenset[str]:
    """Field names of the snapshot models that look like identifiers (an underscore or an
    inner capital: `DocNumber`, `sync_timing`), which plain prose never contains."""
    import msgspec

    from ledgerlint.models import clio
    from ledgerlint.models import qbo
    from ledgerlint.models import settings
    from ledgerlint.models import snapshot

    names = set()
    for module in (clio, qbo, settings, snapshot):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, msgspec.Struct):
                names.update(value.__struct_fields__)
    return frozenset(n for n in names if "_" in n or re.search(r"[a-z][A-Z]", n))


def _plain_words_problems(text: str) -> list[str]:
    problems = [m.group(0) for m in _POINTER.finditer(text)]
    problems += [n for n in api_field_names() if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]
    return sorted(problems)


def test_prose_has_no_pointers_or_api_field_names() -> None:
    """The partner's part of the report (all but the appendix) speaks plain words."""
    assert len(api_field_names()) > 50  # the search is real
    text = "\n".join(prose(example()))
    assert _plain_words_problems(text) == []
    assert _plain_words_problems("see /qbo/Account/4 and DocNumber") == ["/qbo/", "DocNumber"]


def test_every_remedy_text_is_plain() -> None:
    """Every title, impact, step and template of the table avoids API field names (template
    placeholders aside), so any finding's prose is plain too."""
    for rule_id, remedy in load_table().remedies.items():
        texts = [remedy.title, remedy.impact, *remedy.finding]
        for step in remedy.steps:
            texts += [step.where(), step.do, *step.set]
        text = re.sub(r"\{[^}]*\}", "X", "\n".join(texts))
        assert _plain_words_problems(text) == [], rule_id


def test_glossary_lists_only_terms_the_report_uses() -> None:
    """IOLTA and phantom cash are explained; three-way reconciliation is not used here."""
    terms = [e.term for e in example().glossary]
    assert "IOLTA" in terms and "Phantom cash" in terms
    assert terms == sorted(terms, key=str.casefold)
    assert "Commingling" not in terms


def test_first_step_is_system_and_click_path_with_value() -> None:
    """The text output's hint: the first step's system, click-path and value."""
    report = lint([EXAMPLE], registry=registry())
    metas = {m.id: m for m in report.rules}
    finding = next(f for f in report.findings if f.rule_id == "CS001")
    hint = first_step(finding, metas, load_table())
    assert hint == (
        "Clio: Settings → Bill Syncing → QuickBooks Online → Configure Sync Settings; "
        "set Sync timing: batch"
    )


def test_clean_snapshot_is_ready() -> None:
    """Every check ran and found nothing: "ready", no plan."""
    (assessment,) = assess(run(fixture("clean.yaml")))
    assert assessment.verdict == READY and not assessment.plan and not assessment.groups


@pytest.mark.parametrize(
    ("drop", "verdict"),
    [
        ("bank", NOT_READY),  # error-level checks (RC001…) could not run: unverified
        (None, READY_WITH_WARNINGS),
    ],
)
def test_missing_data_is_never_ready(drop: str | None, verdict: str) -> None:
    """An error-level check that could not run blocks go-live; a warning-level one does not."""
    data = fixture("clean.yaml")
    if drop:
        del data[drop]
    else:
        del data["clio_bill_syncing"]["sync_expenses"]  # CS004, a warning, cannot run
    (assessment,) = assess(run(data))
    assert assessment.verdict == verdict
    assert "could not run in full for missing data" in assessment.sentence
    assert assessment.rules_run < assessment.rules_total


def test_missing_trust_liability_explains_its_downstream_findings() -> None:
    """No trust liability account: the Clio pairing that points at it (CS006) nests under it
    and gets no step of its own; the plan creates the account, then pairs it in Clio."""
    data = fixture("clean.yaml")
    liability = next(
        a["Id"]
        for a in data["qbo"]["Account"]
        if a.get("AccountSubType") == "TrustAccountsLiabilities" and not a.get("ParentRef")
    )
    data["qbo"]["Account"] = [
        a
        for a in data["qbo"]["Account"]
        if liability not in (a["Id"], (a.get("ParentRef") or {}).get("value"))
    ]
    (assessment,) = assess(run(data))
    (group,) = assessment.groups
    (root,) = group.items
    assert root.finding.rule_id == "QB012"
    assert [(c.finding.rule_id, c.cleared_by_cause) for c in root.children] == [("CS006", True)]
    assert [(s.rule_id, s.step.system) for s in assessment.plan] == [
        ("QB012", "QuickBooks"),
        ("QB012", "Clio"),
    ]
    assert assessment.plan[0].also_clears == (root.children[0].ref,)
