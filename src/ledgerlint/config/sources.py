"""Read one configuration file into plain data and a map of where each value is written.

YAML (`ledgerlint.yaml`, `.ledgerlint.yaml`): PyYAML's node marks give the line and column of
every key and value. TOML (`[tool.ledgerlint]` in `pyproject.toml`): `tomllib` reads the values
and a line scan finds the keys (`key = value`, `[table]` and `[[array]]` headers) — enough to
point at the line of any value, and at the element for one-line arrays and inline tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any

from ledgerlint.errors import ConfigError

Position = tuple[int, int]


@dataclass
class ConfigFile:
    """One configuration file: its values and where each is written."""

    path: Path
    """As shown in messages: relative to the working directory when the file was found."""
    data: dict[str, Any]
    real: Path = Path()
    """Where it is read from (the process's working directory may differ from the run's)."""
    values: dict[str, Position] = field(default_factory=dict)
    """JSON pointer -> (line, column) of the value."""
    keys: dict[str, Position] = field(default_factory=dict)
    """JSON pointer -> (line, column) of the key naming it, for members of mappings."""
    root: Position = (1, 1)

    def where(self, pointer: str, *, key: bool = False) -> str:
        """`path:line:column` of a pointer (its key with `key=True`), else its nearest ancestor."""
        line, column = self.position(pointer, key=key)
        return f"{self.path}:{line}:{column}"

    def position(self, pointer: str, *, key: bool = False) -> Position:
        if key and pointer in self.keys:
            return self.keys[pointer]
        while pointer:
            if pointer in self.values:
                return self.values[pointer]
            if pointer in self.keys:
                return self.keys[pointer]
            pointer = pointer.rsplit("/", 1)[0]
        return self.root

    def error(self, pointer: str, message: str, *, key: bool = False) -> ConfigError:
        return ConfigError(f"{self.where(pointer, key=key)}: invalid config: {message}")


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def read_config_file(path: Path, *, display: Path | None = None) -> ConfigFile | None:
    """The file's configuration; None for a pyproject.toml without `[tool.ledgerlint]`.

    `display` is the path messages show (default: `path`)."""
    shown = display or path
    config = _read(shown, path)
    if config is not None:
        config.real = path
    return config


def _read(path: Path, real: Path) -> ConfigFile | None:
    try:
        raw = real.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a config file") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read config file: {err.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid config: not valid UTF-8") from None
    if path.suffix.lower() == ".toml":
        return _read_toml(path, text)
    return _read_yaml(path, text)


def _plain(value: Any) -> Any:
    """Dates (YAML and TOML read them as such) as ISO text, so the schema sees strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _read_yaml(path: Path, text: str) -> ConfigFile:
    import yaml

    loader = _yaml_loader()
    try:
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: invalid YAML: {err}") from None
    config = ConfigFile(path, {})
    if node is None:
        return config
    config.root = (node.start_mark.line + 1, node.start_mark.column + 1)
    _walk_yaml(config, node, "")
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a {type(data).__name__} value"
        raise config.error("", f"expected a mapping of settings (key: value), found {found}")
    config.data = _plain(data)
    return config


def _yaml_loader() -> type:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class ConfigLoader(base):  # type: ignore[valid-type,misc]  # base is chosen at run time
        """Safe loading with dates kept as text: `expires: 2027-02-30` is then an error located
        by the checks, not a crash inside PyYAML."""

    ConfigLoader.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: str(loader.construct_scalar(node))
    )
    return ConfigLoader


def _walk_yaml(config: ConfigFile, node: Any, pointer: str) -> None:
    import yaml

    config.values[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{pointer}/{escape(key)}"
            config.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in seen:
                raise config.error(child, f'duplicate key "{key}"', key=True)
            seen.add(key)
            _walk_yaml(config, value_node, child)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk_yaml(config, item, f"{pointer}/{index}")


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(
    r"""^(\s*)((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*"""
)
_PREFIX = "/tool/ledgerlint"


def _dotted(text: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", text)
    return [part[1:-1] if part[:1] in "\"'" else part for part in parts]


def _read_toml(path: Path, text: str) -> ConfigFile | None:
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = _TOML_POSITION.search(str(err))
        where = f":{found.group(1)}:{found.group(2)}" if found else ""
        if "at end of document" in str(err):
            where = f":{text.count(chr(10)) + 1}:1"
        message = _TOML_POSITION.sub("", str(err)).replace("(at end of document)", "").strip()
        raise ConfigError(f"{path}{where}: invalid TOML: {message}") from None
    tool = document.get("tool")
    if not isinstance(tool, dict) or "ledgerlint" not in tool:
        return None
    config = ConfigFile(path, {})
    _locate_toml(config, text)
    data = tool["ledgerlint"]
    if not isinstance(data, dict):
        raise config.error("", "expected a table of settings ([tool.ledgerlint])")
    config.data = _plain(data)
    return config


def _locate_toml(config: ConfigFile, text: str) -> None:
    """Record the position of every key this line scan can see, under `/tool/ledgerlint`."""
    table: list[str] = []
    arrays: dict[tuple[str, ...], int] = {}
    positions: dict[str, Position] = {}
    keys: dict[str, Position] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            names = _dotted(header.group(2))
            column = line.index(header.group(2)) + 1
            if header.group(1) == "[[":
                index = arrays.get(tuple(names), -1) + 1
                arrays[tuple(names)] = index
                table = [*names, str(index)]
                keys.setdefault("/" + "/".join(map(escape, names)), (number, column))
            else:
                table = names
            keys["/" + "/".join(map(escape, table))] = (number, column)
            continue
        assignment = _KEY_LINE.match(line)
        if not assignment:
            continue
        pointer = "/" + "/".join(map(escape, [*table, *_dotted(assignment.group(2))]))
        keys[pointer] = (number, len(assignment.group(1)) + 1)
        positions[pointer] = (number, assignment.end() + 1)
        _locate_inline(positions, keys, pointer, line, assignment.end(), number)
    for source, target in ((positions, config.values), (keys, config.keys)):
        for pointer, position in source.items():
            if pointer == _PREFIX:
                config.root = position
            elif pointer.startswith(_PREFIX + "/"):
                target[pointer[len(_PREFIX) :]] = position


_INLINE_TOKEN = re.compile(r"""#.*|"(?:[^"\\]|\\.)*"|'[^']*'|[{}\[\],=]|[^\s{}\[\],=#]+""")


def _locate_inline(
    positions: dict[str, Position],
    keys: dict[str, Position],
    pointer: str,
    line: str,
    start: int,
    number: int,
) -> None:
    """Positions inside a one-line value: array elements (`["TR", "QB"]`) and inline-table
    keys (`{QB004 = {max_classes = 40}}`), nested as written."""
    tokens = [(m.group(), m.start()) for m in _INLINE_TOKEN.finditer(line, start)]
    frames: list[list[Any]] = []  # [pointer, "table" | "array", element index]
    expect: str | None = pointer
    for index, (token, column) in enumerate(tokens):
        if token.startswith("#"):
            return
        if token == "=":
            continue
        if token in ("]", "}"):
            if frames:
                frames.pop()
            expect = None
        elif expect is not None:
            positions.setdefault(expect, (number, column + 1))
            if token == "{":
                frames.append([expect, "table", 0])
                expect = None
            elif token == "[":
                frames.append([expect, "array", 0])
                expect = f"{expect}/0"
            else:
                expect = None
        elif token == "," and frames and frames[-1][1] == "array":
            frames[-1][2] += 1
            expect = f"{frames[-1][0]}/{frames[-1][2]}"
        elif frames and frames[-1][1] == "table" and token not in ",=":
            following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
            if following == "=":
                name = token[1:-1] if token[:1] in "\"'" else token
                expect = f"{frames[-1][0]}/{escape(name)}"
                keys[expect] = (number, column + 1)
