"""Every error ledgerlint raises on purpose.

    LedgerlintError                 base: a message fit for one line on stderr, exit code 2
     ├── InputError                 a snapshot that cannot be read (file, line, column)
     │    └── SnapshotFormatError   readable, but not a ledgerlint snapshot (header, types)
     ├── RuleFileError              a malformed YAML rule or jurisdiction file (file, field)
     ├── ConfigError                bad options: --select of an unknown ID, a bad rule option
     ├── PatchError                 a JSON Patch that does not fit the file it edits (no such path)
     └── PullError                  `ledgerlint pull` could not complete (the API's own message)

Anything else escaping is a bug; the CLI prints it as one line with a request to report it.
"""

from __future__ import annotations

from pathlib import Path


class LedgerlintError(Exception):
    """Base class: `str(err)` is the whole one-line message."""

    exit_code = 2


class InputError(LedgerlintError):
    """A snapshot file that cannot be read or parsed."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.message = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class SnapshotFormatError(InputError):
    """The document parsed, but is not a valid ledgerlint snapshot."""


class RuleFileError(LedgerlintError):
    """A rule or jurisdiction file that is malformed; names the file and the field."""

    def __init__(self, path: str | Path, message: str, *, field: str | None = None) -> None:
        self.path = str(path)
        self.field = field
        where = f'{self.path}: field "{field}"' if field else self.path
        super().__init__(f"invalid rule file {where}: {message}")


class ConfigError(LedgerlintError):
    """Invalid command-line or configuration options."""


class PatchError(LedgerlintError):
    """A JSON Patch operation that cannot apply: a path that does not exist, a failed `test`."""


class PullError(LedgerlintError):
    """A pull that could not complete; never carries a token or secret."""
