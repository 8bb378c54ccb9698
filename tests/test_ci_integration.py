"""The pre-commit hook and the GitHub Action, exercised: pre-commit's own `try-repo` in a scratch
repository, and the Action's steps run as the runner would run them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT

CLEAN = ROOT / "tests" / "fixtures" / "clean.yaml"
BIN = Path(sys.executable).parent


def _hook() -> dict[str, Any]:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return dict(hook)


def _broken() -> str:
    return CLEAN.read_text().replace("CustomTxnNumbers: true", "CustomTxnNumbers: false")


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A git repository with a clean and a broken snapshot, and files that are not snapshots."""
    repo = tmp_path / "books"
    (repo / "snapshots").mkdir(parents=True)
    (repo / "snapshots" / "clean.yaml").write_text(CLEAN.read_text())
    (repo / "snapshots" / "broken.yaml").write_text(_broken())
    (repo / "snapshots" / "snapshot.schema.json").write_text("{}\n")
    (repo / "package.json").write_text("{}\n")
    (repo / "ledgerlint.yaml").write_text("ignore: [CS007]\n")
    git = ["git", "-c", "user.email=ci@example.com", "-c", "user.name=CI"]
    subprocess.run([*git, "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "-C", str(repo), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(repo), "commit", "-q", "-m", "books"], check=True)
    return repo


@pytest.mark.parametrize(
    ("path", "matched"),
    [
        ("snapshots/firm.json", True),
        ("clients/acme/snapshots/2026-11.yaml", True),
        ("snapshot/firm.yml", True),
        ("firm.snapshot.yaml", True),
        ("snapshots/snapshot.schema.json", False),
        ("package.json", False),
        ("ledgerlint.yaml", False),
        (".github/workflows/ci.yml", False),
        ("snapshots/README.md", False),
    ],
)
def test_hook_files_pattern(path: str, matched: bool) -> None:
    """The hook runs on snapshot files and nothing else (pre-commit uses `re.search`)."""
    hook = _hook()
    found = re.search(hook["files"], path) is not None and not re.search(hook["exclude"], path)
    assert found == matched


def test_hook_definition_runs_as_pre_commit_runs_it(scratch: Path) -> None:
    """`entry` is the installed console script; with the file names appended it gates."""
    hook = _hook()
    assert (hook["id"], hook["language"]) == ("ledgerlint", "python")
    script = hook["entry"].split()[0]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert script in scripts
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    command = [*hook["entry"].split(), *hook.get("args", [])]
    good = subprocess.run(
        [*command, "snapshots/clean.yaml"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run(
        [*command, "snapshots/clean.yaml", "snapshots/broken.yaml"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1 and "QB015" in bad.stdout


def test_pre_commit_try_repo(scratch: Path, tmp_path: Path) -> None:
    """pre-commit installs this repository as a hook and runs it: the broken snapshot fails,
    and only snapshot files are passed (package.json, the schema and the config are not)."""
    pre_commit = shutil.which("pre-commit", path=str(BIN))
    assert pre_commit, "pre-commit is a test dependency (pip install -e '.[test]')"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("LEDGERLINT_LOAD_PLUGINS", None)
    result = subprocess.run(
        [pre_commit, "try-repo", str(ROOT), "ledgerlint", "--all-files", "--verbose"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "ledgerlint" in output and "Failed" in output
    assert "snapshots/broken.yaml" in output and "QB015" in output
    assert "not a ledgerlint snapshot" not in output  # nothing but snapshots was passed
    assert "Found 1 problem" in output


# --- the Action ---------------------------------------------------------------------------

_EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


def _lookup(context: dict[str, Any], path: str) -> Any:
    value: Any = context
    for part in path.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def _evaluate(expression: str, context: dict[str, Any]) -> Any:
    """The few expression forms action.yml uses: paths, 'strings', ==, !=, &&, !cancelled()."""
    python = expression.replace("!cancelled()", "True").replace("&&", " and ").replace("||", " or ")

    def value(match: re.Match[str]) -> str:
        return repr(_lookup(context, match.group(0)))

    python = re.sub(r"(?<!['\w])(?:inputs|steps|github)(?:\.[\w-]+)+", value, python)
    # Only action.yml's own `if:` expressions, translated above, with no builtins.
    return eval(python, {"__builtins__": {}}, {"True": True})


def _substitute(text: str, context: dict[str, Any]) -> str:
    return _EXPRESSION.sub(lambda m: str(_evaluate(m.group(1), context)), text)


def run_action(inputs: dict[str, str], cwd: Path, runner_temp: Path) -> dict[str, Any]:
    """Run action.yml's steps as the runner would: `run` steps in bash with their `env`, outputs
    through $GITHUB_OUTPUT. Steps that `uses` another action are recorded, not run; the install
    step is replaced by this test environment's ledgerlint."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(inputs)
    context: dict[str, Any] = {"inputs": values, "github": {"action_path": str(ROOT)}, "steps": {}}
    used: list[dict[str, Any]] = []
    exit_code = 0
    for step in action["runs"]["steps"]:
        step_id = step.get("id", "")
        condition = step.get("if")
        if condition and not _evaluate(_EXPRESSION.sub(r"\1", condition), context):
            continue
        if "uses" in step:
            used.append(
                {
                    "uses": step["uses"],
                    "with": {
                        k: _substitute(str(v), context) for k, v in step.get("with", {}).items()
                    },
                }
            )
            continue
        if step_id == "install":
            context["steps"]["install"] = {"outputs": {"ledgerlint": str(BIN / "ledgerlint")}}
            continue
        assert step["shell"] == "bash"
        output_file = runner_temp / f"output-{step_id}"
        output_file.write_text("")
        env = {
            **os.environ,
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_OUTPUT": str(output_file),
            "NO_COLOR": "1",
            **{k: _substitute(str(v), context) for k, v in step.get("env", {}).items()},
        }
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        outputs = dict(
            line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line
        )
        context["steps"][step_id] = {
            "outputs": outputs,
            "stdout": result.stdout,
            "stderr": result.stderr,
        }
        if result.returncode != 0:
            exit_code = result.returncode
            break
    return {"exit_code": exit_code, "steps": context["steps"], "used": used}


def test_action_uploads_sarif_and_fails_on_findings(scratch: Path, tmp_path: Path) -> None:
    """report: sarif: a redacted SARIF file, uploaded by upload-sarif; the job fails with 1."""
    ran = run_action({"snapshots": "snapshots/*.yaml", "category": "books"}, scratch, tmp_path)
    assert ran["exit_code"] == 1
    check = ran["steps"]["check"]
    assert check["outputs"]["exit-code"] == "1", check["stderr"]
    sarif_path = Path(check["outputs"]["sarif-file"])
    run = json.loads(sarif_path.read_text())["runs"][0]
    assert run["properties"]["redacted"] is True
    assert run["automationDetails"]["id"] == "books/"
    assert [r["ruleId"] for r in run["results"]] == ["QB015"]
    assert ran["used"][-1] == {
        "uses": "github/codeql-action/upload-sarif@v3",
        "with": {"sarif_file": str(sarif_path)},
    }


def test_action_annotates_without_code_scanning(scratch: Path, tmp_path: Path) -> None:
    """report: annotations: workflow commands in the log; a clean snapshot passes."""
    ran = run_action(
        {"snapshots": "snapshots/broken.yaml", "report": "annotations"}, scratch, tmp_path
    )
    assert ran["exit_code"] == 1
    assert "::error file=snapshots/broken.yaml,line=47" in ran["steps"]["check"]["stdout"]
    assert not [u for u in ran["used"] if "upload-sarif" in u["uses"]]
    clean = run_action(
        {"snapshots": "snapshots/clean.yaml", "report": "annotations"}, scratch, tmp_path
    )
    assert clean["exit_code"] == 0 and "::error" not in clean["steps"]["check"]["stdout"]


def test_action_passes_options_and_rejects_a_bad_report(scratch: Path, tmp_path: Path) -> None:
    """fail-on and args reach ledgerlint; an unknown report value fails with exit 2."""
    lenient = run_action(
        {"snapshots": "snapshots/broken.yaml", "fail-on": "never", "args": "--select QB015"},
        scratch,
        tmp_path,
    )
    assert lenient["exit_code"] == 0
    wrong = run_action({"snapshots": "snapshots/clean.yaml", "report": "html"}, scratch, tmp_path)
    assert wrong["exit_code"] == 2
    assert (
        "::error title=ledgerlint::report must be sarif or annotations"
        in wrong["steps"]["check"]["stdout"]
    )


def test_action_install_step_installs_this_checkout_by_default() -> None:
    """The install step installs `version`, else the action's own path, into its own venv."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    install = next(s for s in action["runs"]["steps"] if s.get("id") == "install")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"${LEDGERLINT_REQUIREMENT:-$ACTION_PATH}"' in install["run"]
    python = next(s for s in action["runs"]["steps"] if s.get("id") == "python")
    assert python["with"]["update-environment"] is False
