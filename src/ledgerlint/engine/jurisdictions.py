"""The jurisdiction table: one YAML file per jurisdiction, later directories overriding."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ledgerlint.errors import RuleFileError
from ledgerlint.models.jurisdiction import Jurisdiction

DEFAULT_CODE = "ABA"


def load_jurisdiction(path: Path) -> Jurisdiction:
    """One jurisdiction file; a malformed one raises `RuleFileError` naming file and field."""
    import msgspec
    import yaml

    from ledgerlint.snapshot.loader import safe_yaml

    try:
        data = safe_yaml(path.read_text("utf-8"))
        jurisdiction = msgspec.convert(data, Jurisdiction)
    except yaml.YAMLError as err:
        raise RuleFileError(path, f"invalid YAML: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(path, f"cannot read: {err}") from None
    except msgspec.ValidationError as err:
        text = str(err)
        message, _, where = text.partition(" - at `")
        field = where.rstrip("`").removeprefix("$").lstrip(".") or None
        missing = re.match(r"Object missing required field `([^`]+)`", message)
        if missing:
            field = ".".join(p for p in (field, missing.group(1)) if p)
            message = "Field required"
        raise RuleFileError(path, message, field=field) from None
    if jurisdiction.code != path.stem:
        raise RuleFileError(
            path, f"code {jurisdiction.code!r} differs from the file name", field="code"
        )
    return jurisdiction


def load_jurisdictions(directories: Iterable[Path]) -> dict[str, Jurisdiction]:
    table: dict[str, Jurisdiction] = {}
    for directory in directories:
        for path in sorted(Path(directory).glob("*.yaml")):
            jurisdiction = load_jurisdiction(path)
            table[jurisdiction.code] = jurisdiction
    if DEFAULT_CODE not in table:
        raise RuleFileError(
            next(iter(directories), Path(".")), "the ABA default jurisdiction is missing"
        )
    return table


def jurisdiction_schema() -> dict[str, Any]:
    """The JSON Schema of a jurisdiction file (`ledgerlint schema jurisdiction`)."""
    import msgspec

    _, components = msgspec.json.schema_components([Jurisdiction])
    schema = dict(components["Jurisdiction"])
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://ledgerlint.dev/schema/jurisdiction-1.json"
    schema["title"] = "ledgerlint jurisdiction file"
    return schema
