"""The documentation tells the truth: hooks documented, links resolve, README commands exist."""

from __future__ import annotations

import inspect
import re

from helpers import ROOT

from ledgerlint.plugins import hookspecs


def test_every_hook_is_documented() -> None:
    """Each hookspec has a docstring: it is the plugin contract."""
    hooks = [
        f
        for name, f in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("ledgerlint_")
    ]
    assert hooks
    for hook in hooks:
        assert (hook.__doc__ or "").strip(), hook.__name__


def test_readme_links_resolve() -> None:
    """Every relative link in README.md and docs/*.md points at a file that exists."""
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.name}: broken link {target}"


def test_readme_quick_start_commands_are_the_ci_commands() -> None:
    """The README's test command is the one .ci/run runs; its install command installs the test extra."""
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert ".venv/bin/python -m pytest" in readme and ".venv/bin/python -m pytest" in ci
    assert "pip install -e '.[test]'" in readme and "-e '.[test]'" in ci
