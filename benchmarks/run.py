"""Benchmark `ledgerlint` on large synthetic snapshots; print a Markdown table.

    .venv/bin/python benchmarks/run.py [--sizes 10000,100000,1000000] [--repeat 3] [--stages]

For each size a snapshot is generated with benchmarks/generate.py (cached in benchmarks/out/,
regenerated when generate.py changes). Every command runs `--repeat` times in a fresh process,
the commands of a size interleaved (one round of every command, then the next round), so a
change of machine load touches all of them alike. Wall time is the median of the rounds; peak
RSS is the child's `ru_maxrss` from `os.wait4` (the maximum over the rounds). The reference is a
bare parse of the same file with orjson and the garbage collector paused: the cost of reading
the file at all; every ledgerlint row also shows its ratio to that.

When `npm` is reachable, Spectral 6 (`@stoplight/spectral-cli`, installed into benchmarks/out/)
lints the 10k and 100k files with `benchmarks/spectral-ruleset.yaml`, five rules equivalent to
five of ledgerlint's (CS001, CS002, CS004, QB001, QB015), as the peer column.

The ledgerlint package is byte-compiled first, as `pip install` does for a regular install: an
editable install (or `PYTHONDONTWRITEBYTECODE`) would otherwise compile every module from source
on each start-up and add about 0.1 s to every ledgerlint row.

`--stages` also times the stages of one `check` in this process on the largest size: read,
decode, each rule, placing the findings, rendering.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PYTHON = sys.executable
_SCRIPT = Path(PYTHON).parent / "ledgerlint"  # the console script, as users run it
LEDGERLINT = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "ledgerlint"]
SPECTRAL_DIR = OUT / "spectral"
SPECTRAL = SPECTRAL_DIR / "node_modules" / ".bin" / "spectral"
SPECTRAL_SIZES = (10_000, 100_000)

PARSE_ORJSON = "import gc, sys, orjson; gc.disable(); orjson.loads(open(sys.argv[1], 'rb').read())"


@dataclass
class Result:
    label: str
    times: list[float] = field(default_factory=list)
    peak_kb: int = 0
    exit_codes: set[int] = field(default_factory=set)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def measure(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Run argv in a fresh process: (wall seconds, peak RSS KiB, exit code)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env
    )
    # wait4 reaps the child and returns its own rusage (ru_maxrss in KiB on Linux).
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if code not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {err.strip()[-500:]}")
    return elapsed, usage.ru_maxrss, code


def run_interleaved(
    commands: list[tuple[str, list[str], dict[str, str] | None]], repeat: int
) -> list[Result]:
    results = [Result(label) for label, _, _ in commands]
    for round_number in range(repeat):
        for result, (label, argv, env) in zip(results, commands, strict=True):
            elapsed, peak, code = measure(argv, env)
            result.times.append(elapsed)
            result.peak_kb = max(result.peak_kb, peak)
            result.exit_codes.add(code)
            print(
                f"  round {round_number + 1}: {label}: {elapsed:.2f} s, {peak / 1024:.0f} MiB",
                file=sys.stderr,
            )
    return results


def snapshot_for(size: int, seed: int) -> Path:
    """The cached snapshot of `size` transactions, (re)generated when missing or stale."""
    path = OUT / f"snapshot-{size}-s{seed}.json"
    generator = HERE / "generate.py"
    if not path.exists() or path.stat().st_mtime < generator.stat().st_mtime:
        print(f"generating {path.name} ...", file=sys.stderr)
        subprocess.run(
            [PYTHON, str(generator), "--transactions", str(size), "--clients",
             str(min(max(size // 20, 10), 30_000)), "--seed", str(seed), "--output", str(path)],
            check=True,
        )  # fmt: skip
    return path


def has_module(name: str) -> bool:
    probe = subprocess.run([PYTHON, "-c", f"import {name}"], capture_output=True, check=False)
    return probe.returncode == 0


def spectral() -> Path | None:
    """Spectral 6, installed into benchmarks/out/spectral with npm the first time."""
    if SPECTRAL.exists():
        return SPECTRAL
    npm = shutil.which("npm")
    if npm is None:
        return None
    SPECTRAL_DIR.mkdir(parents=True, exist_ok=True)
    print("installing @stoplight/spectral-cli@6 with npm ...", file=sys.stderr)
    done = subprocess.run(
        [npm, "install", "--silent", "--prefix", str(SPECTRAL_DIR), "@stoplight/spectral-cli@6"],
        capture_output=True,
        check=False,
    )
    return SPECTRAL if done.returncode == 0 and SPECTRAL.exists() else None


def report_counts(path: Path) -> str:
    report = json.loads(path.read_text())
    summary = report["summary"]
    return (
        f"{summary['findings']} findings, {len(report['notifications'])} notifications, "
        f"{summary['rules_run']} rules run"
    )


def bench_size(size: int, seed: int, repeat: int, peer: Path | None) -> tuple[list[Result], str]:
    snapshot = snapshot_for(size, seed)
    file = str(snapshot)
    print(f"{snapshot.name}: {snapshot.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        commands: list[tuple[str, list[str], dict[str, str] | None]] = [
            ("parse: `orjson.loads`, GC paused (the reference)", [PYTHON, "-c", PARSE_ORJSON, file], None),
            ("`ledgerlint check --format json`", [*LEDGERLINT, "check", file, "--format", "json", "-o", str(report)], None),
            ("`ledgerlint check --format sarif`", [*LEDGERLINT, "check", file, "--format", "sarif", "-o", str(Path(tmp) / "r.sarif")], None),
            ("`ledgerlint reconcile --format json`", [*LEDGERLINT, "reconcile", file, "--format", "json", "-o", str(Path(tmp) / "rec.json")], None),
        ]  # fmt: skip
        if peer is not None and size in SPECTRAL_SIZES:
            env = {**os.environ, "NODE_OPTIONS": "--max-old-space-size=16384"}
            ruleset = str(HERE / "spectral-ruleset.yaml")
            commands.append(
                (
                    "Spectral 6, five equivalent rules (peer)",
                    [str(peer), "lint", "--ruleset", ruleset, "--format", "json", "--quiet", file],
                    env,
                )
            )
        results = run_interleaved(commands, repeat)
        summary = report_counts(report)
    return results, summary


def startup(repeat: int) -> list[Result]:
    return run_interleaved(
        [
            ("`python -c pass` (interpreter alone)", [PYTHON, "-c", "pass"], None),
            ("`ledgerlint --version`", [*LEDGERLINT, "--version"], None),
            ("`ledgerlint rules`", [*LEDGERLINT, "rules"], None),
        ],
        repeat,
    )


def table(rows: list[tuple[str, Result, float | None]]) -> str:
    lines = [
        "| snapshot | command | wall (median) | × orjson parse | peak RSS |",
        "|---|---|---:|---:|---:|",
    ]
    for snapshot, r, reference in rows:
        if not r.times:
            lines.append(f"| {snapshot} | {r.label} | {r.note} | | |")
            continue
        ratio = f"{r.median / reference:.1f}×" if reference else ""
        lines.append(
            f"| {snapshot} | {r.label} | {r.median:.2f} s | {ratio} | {r.peak_kb / 1024:.0f} MiB |"
        )
    return "\n".join(lines)


def compile_package() -> None:
    """Write the package's bytecode (see the module docstring)."""
    import compileall

    import ledgerlint

    compileall.compile_dir(Path(ledgerlint.__file__).parent, quiet=1)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run(
        [*LEDGERLINT, "--version"], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout.strip()
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {version}"
    )


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average at the end {one:.1f} (1 min), {five:.1f} (5 min)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="transaction counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-spectral", action="store_true", help="skip the peer column")
    parser.add_argument("--stages", action="store_true", help="also time the stages in-process")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    OUT.mkdir(exist_ok=True)
    compile_package()
    if not has_module("orjson"):
        parser.error("the reference parse needs orjson: .venv/bin/pip install orjson")
    peer = None if args.no_spectral else spectral()

    rows: list[tuple[str, Result, float | None]] = [("—", r, None) for r in startup(args.repeat)]
    details = []
    for size in sizes:
        snapshot = snapshot_for(size, args.seed)
        label = f"{size // 1000}k txns, {snapshot.stat().st_size / 1e6:.0f} MB"
        results, summary = bench_size(size, args.seed, args.repeat, peer)
        reference = results[0].median
        rows += [(label, r, reference if i else None) for i, r in enumerate(results)]
        details.append(f"- {label} (`{snapshot.name}`): {summary}")
    print(f"Machine: {machine()}\n")
    print(f"Rounds: {args.repeat}, commands interleaved, each in a fresh process; {load()}\n")
    print(table(rows))
    print()
    print("\n".join(details))
    if args.stages:
        from stages import print_stages

        print_stages(snapshot_for(max(sizes), args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
