"""A plugin's jurisdiction directory with a malformed file: reported, the shipped table stays."""

from pathlib import Path

from ledgerlint.plugins import hookimpl

EXPECTED = [
    'plugin "{plugin}": invalid rule file {files}/jurisdictions/OR.yaml: field "code": '
    "Field required",
]


@hookimpl
def ledgerlint_jurisdiction_paths():
    return [Path(__file__).parent / "files" / "jurisdictions"]
