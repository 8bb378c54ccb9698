"""The wheel carries what a user and a type checker need: LICENSE, py.typed, the rules, the
schemas."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import ROOT


def test_wheel_contents(tmp_path: Path) -> None:
    """Built offline (no build isolation): license file, py.typed, shipped rules, schemas."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("ledgerlint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(metadata_name).decode()
        license_name = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
        assert archive.read(license_name) == (ROOT / "LICENSE").read_bytes()
    assert "ledgerlint/py.typed" in names
    assert "ledgerlint/config/schema.json" in names
    assert "ledgerlint/engine/rule_schema.json" in names
    assert "ledgerlint/_rules/jurisdictions/CA.yaml" in names
    assert "License-Expression: MIT" in metadata
    assert "License-File: LICENSE" in metadata
