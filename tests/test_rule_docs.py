"""`ledgerlint rule ID`: the documentation laid out for a terminal, found without building the
registry."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import registry

from ledgerlint.engine.lookup import builtin_rule_meta
from ledgerlint.reporters.markdown_terminal import render_markdown

DOC = """# QB001 class-tracking-off

Severity: `error`
Tags: quickbooks, classes

## What it finds

Class tracking is off: **neither** `ClassTrackingPerTxn` nor `ClassTrackingPerTxnLine` is true, which
is a long sentence that has to wrap somewhere.

- one item
  continued here
- two `code span`

```
a: 1
```
"""


def test_plain_layout_without_a_terminal() -> None:
    """Headings underlined, paragraphs and list items re-wrapped with a hanging indent, code
    kept in backticks, bold marks dropped, code blocks indented."""
    text = render_markdown(DOC, width=60)
    assert text == (
        "QB001 class-tracking-off\n"
        "========================\n"
        "\n"
        "Severity: `error`\n"
        "Tags: quickbooks, classes\n"
        "\n"
        "What it finds\n"
        "-------------\n"
        "\n"
        "Class tracking is off: neither `ClassTrackingPerTxn` nor\n"
        "`ClassTrackingPerTxnLine` is true, which is a long sentence\n"
        "that has to wrap somewhere.\n"
        "\n"
        "  • one item continued here\n"
        "  • two `code span`\n"
        "\n"
        "    a: 1\n"
    )


def test_colour_sets_off_headings_and_code() -> None:
    """On a terminal: bold headings (the title underlined), cyan code, no Markdown marks."""
    text = render_markdown(DOC, colour=True)
    assert text.startswith("\x1b[1;4mQB001 class-tracking-off\x1b[0m\n\nSeverity: \x1b[36merror")
    assert "\x1b[1mWhat it finds\x1b[0m" in text and "**" not in text and "`" not in text


@pytest.mark.parametrize("rule", registry().sorted_rules(), ids=lambda r: r.id)
def test_fast_lookup_finds_what_the_registry_has(rule: object) -> None:
    """By ID (any case) and by name, the metadata equals the registry's."""
    meta = rule.meta  # type: ignore[attr-defined]
    assert builtin_rule_meta(meta.id) == meta
    assert builtin_rule_meta(meta.id.lower()) == meta
    assert builtin_rule_meta(meta.name) == meta


def test_unknown_rule_is_left_to_the_registry() -> None:
    assert builtin_rule_meta("XX999") is None and builtin_rule_meta("no-such-rule") is None


def test_rule_command_builds_no_registry() -> None:
    """Showing a YAML rule reads one file: no registry, no JSON Schema, no JSONPath."""
    code = (
        "import sys; from ledgerlint.cli import cli\n"
        "try:\n    cli.main(['rule', 'QB001'], standalone_mode=False)\n"
        "except SystemExit: pass\n"
        "heavy = ('ledgerlint.engine.registry', 'jsonschema', 'jsonpath', 'pluggy')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "[]"
    assert result.stdout.startswith("QB001 class-tracking-off\n")
