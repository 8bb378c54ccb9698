"""The jurisdiction table: one YAML file per jurisdiction, later directories overriding."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ledgerlint.errors import RuleFileError
from ledgerlint.models.jurisdiction import Jurisdiction

DEFAULT_CODE = "ABA"


def load_jurisdiction(path: Path) -> Jurisdiction:
    """One jurisdiction file; a malformed one raises `RuleFileError` naming file and field."""
    import yaml
    from pydantic import ValidationError

    from ledgerlint.snapshot.loader import safe_yaml

    try:
        data = safe_yaml(path.read_text("utf-8"))
        jurisdiction = Jurisdiction.model_validate(data)
    except yaml.YAMLError as err:
        raise RuleFileError(path, f"invalid YAML: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(path, f"cannot read: {err}") from None
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise RuleFileError(path, first["msg"], field=field) from None
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
