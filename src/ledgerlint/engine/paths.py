"""The name of a snapshot file that is the same from any working directory: its path relative
to the repository root. SARIF and GitLab report it; baselines and exemptions match by it, so
one firm's baseline never accepts another firm's findings."""

from __future__ import annotations

import os
from pathlib import Path
from pathlib import PurePosixPath

STDIN = "<stdin>"
"""The name of a snapshot read from standard input (`check -`)."""


def repository_path(path: str, root: Path | None) -> str | None:
    """`path` relative to the repository root, with `/` separators; None when outside it."""
    if root is None:
        return Path(path).as_posix()
    absolute = os.path.realpath(path)
    try:
        relative = os.path.relpath(absolute, os.path.realpath(root))
    except ValueError:  # another drive on Windows
        return None
    if relative == ".." or relative.startswith(".." + os.sep):
        return None
    return Path(relative).as_posix()


def real_path(path: str) -> str:
    """The absolute real path with `/` separators (symbolic links resolved); `<stdin>` stays."""
    if path == STDIN:
        return STDIN
    return Path(os.path.realpath(path)).as_posix()


def scope_path(path: str, root: Path | None) -> str:
    """Which file `path` is, the same however it was written (`./a.yaml`, `../repo/a.yaml`, an
    absolute path): relative to `root` (the working directory when None), or its absolute real
    path outside it. `<stdin>` is a name of its own, also when a baseline put it in a folder."""
    if path == STDIN or PurePosixPath(path).name == STDIN:
        return STDIN
    relative = repository_path(path, root if root is not None else Path.cwd())
    return relative if relative is not None else real_path(path)
