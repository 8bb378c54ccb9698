"""A plugin's rule directory with a malformed YAML rule beside a good one; a second hook
returns a path that is not a directory and a third returns a single path, not a list."""

from pathlib import Path

from ledgerlint.plugins import hookimpl

HERE = Path(__file__).parent / "files"
RUNS = ["XF502"]
EXPECTED = [
    'plugin "{plugin}": invalid rule file {files}/rules/XF501-broken.yaml: '
    "'severity' is a required property",
    'plugin "{plugin}": invalid rule file {files}/rules/XF503-bad-yaml.yaml: '
    "invalid YAML (line 4, column 1): could not find expected ':'",
    'plugin "{plugin}": ledgerlint_rule_paths returned {files}/missing, which is not a directory',
    'plugin "{plugin}": ledgerlint_jurisdiction_paths returned a PosixPath, '
    "not a list of directories",
]


@hookimpl
def ledgerlint_rule_paths():
    return [HERE / "rules", HERE / "missing"]


@hookimpl
def ledgerlint_jurisdiction_paths():
    return HERE / "jurisdictions"
