"""Configuration: found like Ruff's, extended, read from pyproject.toml, and every error located
in the config file (issue 7: never a traceback, never blamed on a flag)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT
from helpers import run_cli as ledgerlint

from ledgerlint.config import discover_config
from ledgerlint.config import find_repository_root
from ledgerlint.config import load_setup
from ledgerlint.errors import ConfigError

CLEAN = ROOT / "tests" / "fixtures" / "clean.yaml"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """Run `ledgerlint ARGS` in this process (no interpreter start-up): (exit code, out, err)."""
    from ledgerlint import cli as command

    def invoke(*args: str, cwd: Path) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "argv", ["ledgerlint", *args])
        monkeypatch.setenv("NO_COLOR", "1")
        capsys.readouterr()
        # `run` returns the exit code where `main` (the console script) ends the process.
        run = getattr(command, "run", None)
        try:
            code = run() if callable(run) else command.main()
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return int(code or 0), out, err

    return invoke


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A scratch repository: .git, snapshots/, a sub/folder to run from."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(CLEAN, tmp_path / "snapshots" / "firm.yaml")
    return tmp_path


def test_config_is_found_walking_up_to_the_repository_root(repo: Path) -> None:
    """From a subfolder, the repository's ledgerlint.yaml applies."""
    (repo / "ledgerlint.yaml").write_text("select: [CS]\n")
    found = discover_config(repo / "sub" / "deeper")
    assert found == (repo / "ledgerlint.yaml").resolve()
    assert find_repository_root(repo / "sub" / "deeper") == repo.resolve()
    assert load_setup(cwd=repo / "sub" / "deeper").config.select == ("CS",)


def test_search_stops_at_the_repository_root(repo: Path) -> None:
    """A config above the repository root does not apply inside it."""
    inner = repo / "inner"
    (inner / ".git").mkdir(parents=True)
    (repo / "ledgerlint.yaml").write_text("select: [CS]\n")
    assert discover_config(inner) is None
    assert load_setup(cwd=inner).config.select == ("ALL",)


def test_nearest_folder_and_name_order_win(repo: Path) -> None:
    """Nearest folder first; in one folder ledgerlint.yaml, then .ledgerlint.yaml, then pyproject."""
    (repo / "ledgerlint.yaml").write_text("select: [CS]\n")
    (repo / "sub" / ".ledgerlint.yaml").write_text("select: [QB]\n")
    (repo / "sub" / "pyproject.toml").write_text('[tool.ledgerlint]\nselect = ["TR"]\n')
    assert load_setup(cwd=repo / "sub").config.select == ("QB",)
    (repo / "sub" / ".ledgerlint.yaml").unlink()
    assert load_setup(cwd=repo / "sub").config.select == ("TR",)


def test_pyproject_without_a_ledgerlint_table_is_passed_over(repo: Path) -> None:
    """A pyproject.toml that does not configure ledgerlint does not stop the search (as Ruff)."""
    (repo / "sub" / "pyproject.toml").write_text('[project]\nname = "books"\n')
    (repo / ".ledgerlint.yaml").write_text("select: [SY]\n")
    assert load_setup(cwd=repo / "sub").config.select == ("SY",)


def test_config_flag_overrides_the_search(repo: Path) -> None:
    """--config names the file; nothing is searched."""
    (repo / "ledgerlint.yaml").write_text("select: [CS]\n")
    other = repo / "other.yaml"
    other.write_text("select: [QB]\n")
    assert load_setup(config_path=str(other), cwd=repo).config.select == ("QB",)


def test_extends_merges_a_base_with_paths_relative_to_each_file(repo: Path) -> None:
    """A client's config extends the firm's house rules: lists add up, mappings merge,
    select replaces, and each file's paths resolve against that file."""
    house = repo / "house"
    (house / "rules").mkdir(parents=True)
    shutil.copy(
        ROOT
        / "plugins/ledgerlint-example-firm/src/ledgerlint_example_firm/rules/XF002-firm-name-missing.yaml",
        house / "rules",
    )
    (house / "base.yaml").write_text(
        "select: [ALL]\nignore: [CS007]\nseverity: {QB007: error, CS001: info}\n"
        "options: {QB004: {max_classes: 30}}\nrule_dirs: [rules]\n"
        "exemptions:\n  - {rule: QB015, reason: base, expires: 2099-01-01}\n"
    )
    (repo / "ledgerlint.yaml").write_text(
        "extends: house/base.yaml\nselect: [QB, XF]\nignore: [QB016]\n"
        "severity: {CS001: error}\n"
        "exemptions:\n  - {rule: QB001, reason: client, expires: 2099-01-01}\n"
    )
    setup = load_setup(cwd=repo / "sub")
    config = setup.config
    assert config.select == ("QB", "XF")
    assert config.ignore == ("CS007", "QB016")
    assert {k: v.value for k, v in config.severity.items()} == {"QB007": "error", "CS001": "error"}
    assert config.options == {"QB004": {"max_classes": 30}}
    assert config.rule_timeout == 60.0
    assert [e.reason for e in config.exemptions] == ["base", "client"]
    assert config.exemptions[0].origin is not None
    assert config.exemptions[0].origin.file.endswith("base.yaml")
    assert "XF002" in setup.registry.rules


def test_extends_cycle_is_an_error(repo: Path) -> None:
    """a extends b extends a: one line naming the cycle."""
    (repo / "ledgerlint.yaml").write_text("extends: b.yaml\n")
    (repo / "b.yaml").write_text("extends: ledgerlint.yaml\n")
    with pytest.raises(ConfigError, match=r"b\.yaml:1:10: invalid config: extends forms a cycle"):
        load_setup(cwd=repo)


def test_jurisdiction_dirs_override_the_shipped_table(repo: Path, tmp_path: Path) -> None:
    """A firm's jurisdiction folder overrides a shipped file of the same code."""
    folder = repo / "jurisdictions"
    folder.mkdir()
    text = (ROOT / "rules" / "jurisdictions" / "CA.yaml").read_text()
    (folder / "CA.yaml").write_text(text.replace("retention_years: 5", "retention_years: 9"))
    (repo / "ledgerlint.yaml").write_text("jurisdiction_dirs: [jurisdictions]\n")
    assert load_setup(cwd=repo).registry.jurisdictions["CA"].retention_years == 9


def test_from_a_subfolder_the_cli_uses_the_repository_config(repo: Path) -> None:
    """`ledgerlint check ../snapshots/firm.yaml` from a subfolder applies the root's config."""
    (repo / "ledgerlint.yaml").write_text("select: [QB015]\n")
    text = (repo / "snapshots" / "firm.yaml").read_text()
    (repo / "snapshots" / "firm.yaml").write_text(
        text.replace("CustomTxnNumbers: true", "CustomTxnNumbers: false")
    )
    result = ledgerlint("check", "../snapshots/firm.yaml", cwd=repo / "sub")
    assert result.returncode == 1, result.stderr
    assert "QB015" in result.stdout and "CS001" not in result.stdout


# Issue 7, item 6: every malformed shape gives exit 2 and file:line:col of the config file.
BAD_YAML = [
    ("- TR\n", "1:1", "expected a mapping of settings (key: value), found a list"),
    ("42\n", "1:1", "found a int value"),
    ("select: TR\n", "1:9", 'select should be a list, not the string "TR" (write [TR])'),
    ("select: [TR]\nignore: CS007\n", "2:9", "ignore should be a list"),
    ("sellect: [TR]\n", "1:1", 'unknown key "sellect" (did you mean "select"?)'),
    ("select: [ALL]\nbaseline: {a: 1}\n", "2:11", "baseline should be a string, not a mapping"),
    ("severity: [QB001]\n", "1:11", "severity should be a mapping, not a list"),
    ("rule_timeout: soon\n", "1:15", 'rule_timeout should be a number, not the string "soon"'),
    ("rule_timeout: -1\n", "1:15", "rule_timeout: -1 is less than the minimum of 0"),
    ("severity:\n  QB999: error\n", "2:3", 'severity: "QB999" matches no rule'),
    ("severity:\n  QB007: fatal\n", "2:10", "severity.QB007 should be one of error, warning, info"),
    ("options: {QB004: 40}\n", "1:18", "options.QB004 should be a mapping, not int 40"),
    ("options:\n  QB004: {max_clases: 4}\n", "2:11", 'QB004 has no option "max_clases"'),
    ("options:\n  QB004: {max_classes: many}\n", "2:24", 'option "max_classes" of QB004'),
    ("options:\n  ZZ001: {x: 1}\n", "2:3", 'options for unknown rule "ZZ001"'),
    ("select: [ZZ]\n", "1:10", 'select: "ZZ" matches no rule'),
    ("ignore: [CS007, ZZ9]\n", "1:17", 'ignore: "ZZ9" matches no rule'),
    ("ignore: [LL001]\n", "1:10", "LL001 (exemption-expired) cannot be ignored"),
    ("select: [TR]\nselect: [QB]\n", "2:1", 'duplicate key "select"'),
    ("select: [TR\n", "2:1", "invalid YAML"),
    ("exemptions: {rule: QB015}\n", "1:13", "exemptions should be a list, not a mapping"),
    (
        "exemptions:\n  - rule: QB015\n    expires: 2027-01-31\n",
        "2:5",
        'exemptions[0] is missing "reason" (every exemption needs rule, reason and expires)',
    ),
    (
        "exemptions:\n  - {rule: QB015, reason: x}\n",
        "2:5",
        'exemptions[0] is missing "expires"',
    ),
    (
        "exemptions:\n  - {rule: QB015, reason: x, expires: soon}\n",
        "2:39",
        "exemptions[0].expires should be a date written YYYY-MM-DD",
    ),
    (
        "exemptions:\n  - {rule: QB015, reason: x, expires: 2027-02-30}\n",
        "2:39",
        '"2027-02-30" is not a date',
    ),
    (
        "exemptions:\n  - {rule: QB999, reason: x, expires: 2027-01-31}\n",
        "2:12",
        'exemption for unknown rule "QB999"',
    ),
    (
        "exemptions:\n  - {rule: QB015, reason: '  ', expires: 2027-01-31}\n",
        "2:27",
        "exemptions[0].reason should say why",
    ),
    (
        "exemptions:\n  - {rule: QB015, reason: x, expires: 2027-01-31, until: x}\n",
        "2:51",
        'unknown key "until" in exemptions[0]',
    ),
    ("rule_dirs: [missing]\n", "1:13", 'rule_dirs: "missing" is not a folder'),
    ("extends: nowhere.yaml\n", "1:10", 'extends "nowhere.yaml": no such file'),
    ("baseline: nowhere.json\n", "1:11", "no such baseline file"),
]


@pytest.mark.parametrize(("content", "where", "message"), BAD_YAML, ids=[b[0] for b in BAD_YAML])
def test_malformed_config_is_one_located_line(
    cli: Any, repo: Path, content: str, where: str, message: str
) -> None:
    """Exit 2, one line `ledgerlint.yaml:line:col: …`, no traceback, no flag blamed."""
    (repo / "ledgerlint.yaml").write_text(content)
    code, out, err = cli("check", "snapshots/firm.yaml", cwd=repo)
    assert code == 2, out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"ledgerlint: error: ledgerlint.yaml:{where}: "), lines[0]
    assert message in lines[0]
    assert "--" not in lines[0] and "internal error" not in lines[0]


BAD_TOML = [
    ('[tool.ledgerlint]\nselect = "TR"\n', "2:10", 'select should be a list, not the string "TR"'),
    ('[tool.ledgerlint]\nselect = ["TR", "ZZ"]\n', "2:17", 'select: "ZZ" matches no rule'),
    ('[tool.ledgerlint]\nseverity = {QB007 = "fatal"}\n', "2:21", "should be one of"),
    ('[tool.ledgerlint]\nsellect = ["TR"]\n', "2:1", 'unknown key "sellect"'),
    (
        '[tool.ledgerlint.options.QB004]\nmax_classes = "many"\n',
        "2:15",
        'option "max_classes" of QB004',
    ),
    (
        '[tool.ledgerlint]\nselect = ["ALL"]\n\n[[tool.ledgerlint.exemptions]]\nrule = "QB015"\n'
        "expires = 2027-01-31\n",
        "4:3",
        'exemptions[0] is missing "reason"',
    ),
    ('[tool.ledgerlint]\nselect = ["TR"\n', "3:1", "invalid TOML"),
]


@pytest.mark.parametrize(("content", "where", "message"), BAD_TOML, ids=[b[0] for b in BAD_TOML])
def test_malformed_pyproject_config_is_located_too(
    cli: Any, repo: Path, content: str, where: str, message: str
) -> None:
    """[tool.ledgerlint] errors name pyproject.toml's line and column."""
    (repo / "pyproject.toml").write_text('[project]\nname = "books"\n\n' + content)
    line, column = where.split(":")
    where = f"{int(line) + 3}:{column}"
    code, out, err = cli("check", "snapshots/firm.yaml", cwd=repo / "sub")
    assert code == 2, out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"ledgerlint: error: ../pyproject.toml:{where}: "), lines[0]
    assert message in lines[0]


def test_pyproject_config_applies(repo: Path) -> None:
    """[tool.ledgerlint] is read: select, severity and an exemption with a TOML date."""
    (repo / "pyproject.toml").write_text(
        '[tool.ledgerlint]\nselect = ["QB015"]\nseverity = {QB015 = "warning"}\n\n'
        '[[tool.ledgerlint.exemptions]]\nrule = "QB015"\nreason = "bank"\n'
        "expires = 2099-01-31\n"
    )
    setup = load_setup(cwd=repo / "sub")
    assert setup.config.select == ("QB015",)
    assert setup.config.exemptions[0].expires.isoformat() == "2099-01-31"
    origin = setup.config.exemptions[0].origin
    assert origin is not None and (origin.line, origin.column) == (5, 3)


def test_flag_errors_name_the_flag_not_the_file(repo: Path) -> None:
    """A wrong --select is the flag's fault; the file's own values are fine."""
    (repo / "ledgerlint.yaml").write_text("select: [CS]\n")
    result = ledgerlint("check", "snapshots/firm.yaml", "--select", "ZZ9", cwd=repo)
    assert result.returncode == 2
    assert "--select: 'ZZ9' matches no rule" in result.stderr
    assert "ledgerlint.yaml" not in result.stderr
    result = ledgerlint("check", "snapshots/firm.yaml", "--baseline", "none.json", cwd=repo)
    assert result.returncode == 2 and "--baseline: no such baseline file" in result.stderr


def test_config_schema_accepts_a_full_config_and_is_published() -> None:
    """`ledgerlint schema config` is schema/config.schema.json, and it accepts every key."""
    from jsonschema import Draft202012Validator

    printed = json.loads(ledgerlint("schema", "config", cwd=ROOT).stdout)
    assert printed == json.loads((ROOT / "schema" / "config.schema.json").read_text())
    full = {
        "extends": "../house.yaml",
        "select": ["ALL"],
        "ignore": ["CS007"],
        "severity": {"QB007": "error"},
        "options": {"QB004": {"max_classes": 40}},
        "baseline": "baseline.json",
        "rule_timeout": 30,
        "rule_dirs": ["rules"],
        "jurisdiction_dirs": ["jurisdictions"],
        "exemptions": [
            {
                "rule": "QB015",
                "reason": "waiting for the bank",
                "expires": "2027-01-31",
                "fingerprint": "0" * 32,
                "pointer": "/qbo/Preferences",
            }
        ],
    }
    assert list(Draft202012Validator(printed).iter_errors(full)) == []


def test_rule_timeout_from_file_or_flag(repo: Path) -> None:
    """`rule_timeout` in the file, `--rule-timeout` over it; negative values are errors."""
    assert load_setup(cwd=repo).config.rule_timeout == 60.0
    (repo / "ledgerlint.yaml").write_text("rule_timeout: 5\n")
    assert load_setup(cwd=repo).config.rule_timeout == 5.0
    assert load_setup(cwd=repo, rule_timeout=0).config.rule_timeout == 0.0
    with pytest.raises(ConfigError, match="--rule-timeout should be a number of seconds"):
        load_setup(cwd=repo, rule_timeout=-1)


def test_paths_to_be_read_are_announced_before_the_baseline_is_read(repo: Path) -> None:
    """The CLI can refuse an --output over the config or baseline before anything is read."""
    (repo / "ledgerlint.yaml").write_text("baseline: old.json\n")
    seen: list[list[Path]] = []

    def refuse(paths: list[Path]) -> None:
        seen.append(paths)
        raise ConfigError("refused")

    with pytest.raises(ConfigError, match="refused"):
        load_setup(cwd=repo, before_reading=refuse)  # old.json does not exist: not read yet
    assert [p.name for p in seen[0]] == ["ledgerlint.yaml", "old.json"]
