"""Every rule's examples are its tests: `cases/<ID>.yaml` holds patches to a base fixture and
the findings each must produce (exact messages). They run through the same harness as
`ledgerlint test` (ledgerlint.casefiles), one pytest case each."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES
from helpers import registry

from ledgerlint.casefiles import Case
from ledgerlint.casefiles import load_case_file
from ledgerlint.casefiles import run_case

CASES_DIR = Path(__file__).parent / "cases"
CASES = [
    case
    for path in sorted(CASES_DIR.glob("*.yaml"))
    for case in load_case_file(path, default_base=FIXTURES / "clean.yaml")
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_case(case: Case) -> None:
    """Each case: patch the base fixture, run the rule, compare findings and notices."""
    outcome = run_case(case, registry())
    assert outcome.passed, f"{case.file.name}: {case.name}\n{outcome.explain()}"


def test_fixtures_exist() -> None:
    """The shared base fixture is present."""
    assert (FIXTURES / "clean.yaml").is_file()
