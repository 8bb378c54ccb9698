"""Find, read, check and combine the configuration of a run, as Ruff does.

Found by walking up from the working directory to the repository root (the folder holding
`.git`; the filesystem root outside a repository), nearest folder first: `ledgerlint.yaml`,
`.ledgerlint.yaml`, or `[tool.ledgerlint]` in `pyproject.toml` (a pyproject.toml without it is
passed over). `--config FILE` replaces the search.

    extends: ../house-rules.yaml      # a base this file builds on (relative to this file)
    select: [ALL]                     # replaces the base's select
    ignore: [CS007]                   # adds to the base's ignore
    severity: {QB007: error}          # merged per rule ID or prefix
    options: {QB004: {max_classes: 40}}
    baseline: ledgerlint-baseline.json
    rule_timeout: 60                  # seconds per rule and snapshot; 0: no limit
    rule_dirs: [firm-rules]           # folders of YAML rules (added to the base's)
    jurisdiction_dirs: [jurisdictions]
    exemptions:                       # added to the base's
      - {rule: QB015, reason: "…", expires: 2027-01-31, pointer: /qbo/Preferences,
         file: clients/harbor-vale.yaml}  # a path or glob, relative to this file

Every error names the file, line and column of the value at fault; a command-line value that is
wrong is named by its flag instead.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import Any

from ledgerlint.config.baseline import read_baseline
from ledgerlint.config.sources import ConfigFile
from ledgerlint.config.sources import read_config_file
from ledgerlint.config.validation import check_rules
from ledgerlint.config.validation import check_schema
from ledgerlint.config.validation import config_json_schema
from ledgerlint.engine.registry import Registry
from ledgerlint.errors import ConfigError
from ledgerlint.models.config import Config
from ledgerlint.models.config import Exemption
from ledgerlint.models.findings import Finding
from ledgerlint.models.findings import Location
from ledgerlint.models.findings import Severity

CONFIG_NAMES = ("ledgerlint.yaml", ".ledgerlint.yaml", "pyproject.toml")

__all__ = [
    "CONFIG_NAMES",
    "RunSetup",
    "config_json_schema",
    "discover_config",
    "find_repository_root",
    "load_setup",
    "read_baseline",
]


@dataclass(frozen=True)
class RunSetup:
    """Everything a run needs before it reads a snapshot."""

    config: Config
    registry: Registry
    root: Path
    """The repository root (the working directory outside a repository): SARIF and GitLab paths
    are relative to it."""
    files: tuple[Path, ...] = ()
    """The configuration files read, the nearest first (then what it extends)."""
    baseline_path: Path | None = None
    """The baseline report read, if any (an output must never overwrite it)."""


def find_repository_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `.git` (a folder, or a worktree's file)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def discover_config(start: Path) -> Path | None:
    """The configuration file that applies in `start`: nearest folder first, up to the root."""
    start = start.resolve()
    stop = find_repository_root(start)
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _configures(candidate)):
                return candidate
        if folder == stop:
            break
    return None


def _configures(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a `[tool.ledgerlint…]` table (read properly later)."""
    import re

    try:
        text = pyproject.read_text("utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*\[\[?\s*tool\s*\.\s*ledgerlint\s*[\].]", text, re.MULTILINE) is not None


def load_setup(
    *,
    config_path: str | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    baseline: str | None = None,
    cwd: Path | None = None,
    today: date | None = None,
    rule_timeout: float | None = None,
    rules_only: bool = False,
    use_baseline: bool = True,
    before_reading: Callable[[list[Path]], None] | None = None,
) -> RunSetup:
    """Read the configuration (given or found), build the registry it asks for, check both.

    `rules_only` stops once the registry is built (`ledgerlint rules`, `ledgerlint rule`).
    `use_baseline=False` leaves a configured baseline unread, for the commands that have no use
    for one (`reconcile`, `report`, `diff`): a CI artefact absent on a laptop must not stop them.
    `before_reading` is called with the config files and the baseline before the baseline is
    read (the CLI refuses an `--output` that would overwrite one of them)."""
    if rule_timeout is not None and not rule_timeout >= 0:
        raise ConfigError(
            f"--rule-timeout should be a number of seconds (0: no limit), not {rule_timeout}"
        )
    from ledgerlint.engine.diagnostics import EXEMPTION_EXPIRED
    from ledgerlint.engine.registry import build_registry
    from ledgerlint.engine.selection import check_selectors
    from ledgerlint.engine.selection import matches_specifically

    cwd = cwd or Path.cwd()
    chain = _read_chain(config_path, cwd)
    settings = _Settings()
    for file in reversed(chain):  # the base first, the nearest file last
        settings.add(file)
    registry = build_registry(
        extra_rule_dirs=tuple(settings.rule_dirs),
        extra_jurisdiction_dirs=tuple(settings.jurisdiction_dirs),
    )
    root = find_repository_root(cwd) or cwd.resolve()
    if rules_only:
        return RunSetup(Config(), registry, root, tuple(c.real for c in chain))
    metas = [rule.meta for rule in registry.sorted_rules()]

    def options_of(rule_id: str) -> Any:
        rule = registry.rules.get(rule_id)
        return rule.meta.options if rule is not None else None

    for file in chain:
        check_rules(file, metas, options_of)
    cli_select, cli_ignore = _split(select), _split(ignore)
    check_selectors(cli_select, metas, "--select")
    check_selectors(cli_ignore, metas, "--ignore")
    if any(matches_specifically(s, EXEMPTION_EXPIRED) for s in cli_ignore):
        raise ConfigError("--ignore: LL001 (exemption-expired) cannot be ignored")
    if not use_baseline:
        baseline, settings.baseline = None, None
    baseline_path = Path(baseline) if baseline is not None else None
    if baseline_path is None and settings.baseline is not None:
        baseline_path = settings.baseline[0]
    if before_reading is not None:
        before_reading([*(c.real for c in chain), *([baseline_path] if baseline_path else [])])
    baseline_findings: tuple[Finding, ...] = ()
    if baseline is not None:
        baseline_findings = read_baseline(baseline, where="--baseline", cwd=cwd, root=root)
    elif settings.baseline is not None:
        path, holder = settings.baseline
        where = holder.where("/baseline")
        baseline_findings = read_baseline(path, where=where, cwd=cwd, root=root)
    config = Config(
        select=tuple(cli_select) or settings.select or ("ALL",),
        ignore=tuple(settings.ignore) + tuple(cli_ignore),
        severity={k: Severity(v) for k, v in settings.severity.items()},
        options=settings.options,
        baseline_findings=baseline_findings,
        root=root,
        exemptions=tuple(settings.exemptions),
        rule_timeout=float(rule_timeout if rule_timeout is not None else settings.rule_timeout),
        today=today,
        rule_dirs=tuple(settings.rule_dirs),
        jurisdiction_dirs=tuple(settings.jurisdiction_dirs),
    )
    return RunSetup(config, registry, root, tuple(c.real for c in chain), baseline_path)


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _display(path: Path, cwd: Path) -> Path:
    """A found file's path as the user would type it: relative to the working directory."""
    try:
        return Path(os.path.relpath(path, cwd.resolve()))
    except ValueError:  # another drive on Windows
        return path


def _read_chain(config_path: str | None, cwd: Path) -> list[ConfigFile]:
    """The configuration file and what it extends, nearest first; each checked by the schema."""
    if config_path is not None:
        first = read_config_file(Path(config_path))
        if first is None:
            raise ConfigError(f"{config_path}: has no [tool.ledgerlint] table")
    else:
        found = discover_config(cwd)
        if found is None:
            return []
        first = read_config_file(found, display=_display(found, cwd))
        assert first is not None  # discover_config only returns files with a configuration
    chain = [first]
    seen = [first.real.resolve()]
    while True:
        current = chain[-1]
        check_schema(current)
        target_text = current.data.get("extends")
        if target_text is None:
            return chain
        target = current.real.parent / target_text
        shown = current.path.parent / target_text
        if target.resolve() in seen:
            cycle = " -> ".join(str(p) for p in [*seen, target.resolve()])
            raise current.error("/extends", f"extends forms a cycle: {cycle}")
        if not target.is_file():
            raise current.error("/extends", f'extends "{target_text}": no such file ({shown})')
        base = read_config_file(target, display=shown)
        if base is None:
            raise current.error(
                "/extends", f'extends "{target_text}": it has no [tool.ledgerlint] table'
            )
        chain.append(base)
        seen.append(target.resolve())


@dataclass
class _Settings:
    """The combined values of a chain of files, each path resolved against its own file."""

    select: tuple[str, ...] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    baseline: tuple[Path, ConfigFile] | None = None
    rule_timeout: float = Config.rule_timeout
    rule_dirs: list[Path] = field(default_factory=list)
    jurisdiction_dirs: list[Path] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)

    def add(self, config: ConfigFile) -> None:
        data = config.data
        folder = config.real.parent
        if "select" in data:
            self.select = tuple(data["select"])
        self.ignore += data.get("ignore", [])
        self.severity.update(data.get("severity", {}))
        for rule_id, values in data.get("options", {}).items():
            self.options.setdefault(rule_id, {}).update(values)
        if "baseline" in data:
            self.baseline = (folder / data["baseline"], config)
        if "rule_timeout" in data:
            self.rule_timeout = data["rule_timeout"]
        for name, target in (
            ("rule_dirs", self.rule_dirs),
            ("jurisdiction_dirs", self.jurisdiction_dirs),
        ):
            for index, text in enumerate(data.get(name, [])):
                directory = folder / text
                if not directory.is_dir():
                    raise config.error(f"/{name}/{index}", f'{name}: "{text}" is not a folder')
                target.append(directory)
        for index, entry in enumerate(data.get("exemptions", [])):
            self.exemptions.append(_exemption(config, index, entry))


def _exemption(config: ConfigFile, index: int, entry: dict[str, Any]) -> Exemption:
    pointer = f"/exemptions/{index}"
    try:
        expires = date.fromisoformat(entry["expires"])
    except ValueError:
        raise config.error(
            f"{pointer}/expires", f'exemptions[{index}].expires: "{entry["expires"]}" is not a date'
        ) from None
    line, column = config.position(pointer)
    return Exemption(
        rule=entry["rule"],
        reason=entry["reason"].strip(),
        expires=expires,
        fingerprint=entry.get("fingerprint"),
        pointer=entry.get("pointer"),
        origin=Location(str(config.path), pointer, line, column),
        file=_file_pattern(config, entry["file"]) if "file" in entry else None,
    )


def _file_pattern(config: ConfigFile, text: str) -> str:
    """An exemption's `file` (relative to the file holding it) as an absolute real glob."""
    folder = Path(os.path.realpath(config.real.parent)).as_posix()
    return posixpath.normpath(posixpath.join(folder, text.replace("\\", "/")))
