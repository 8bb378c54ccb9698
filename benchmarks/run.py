"""Benchmark `ledgerlint` on large synthetic snapshots; print a Markdown table.

    .venv/bin/python benchmarks/run.py [--sizes 10000,100000] [--repeat 3] [--profile]

For each size, a snapshot is generated with benchmarks/generate.py (cached in benchmarks/out/,
regenerated when generate.py changes), then every command runs `--repeat` times, each in a fresh
subprocess, so interpreter start-up, imports and peak RSS are real. Wall time is the median of the
repeats; peak RSS is the child's `ru_maxrss` from `os.wait4` (the maximum over the repeats).

`--profile` also runs `ledgerlint check --format json` in-process under cProfile on the largest
size and prints the top entries by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
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

PARSE_JSON = "import json, sys; json.loads(open(sys.argv[1], 'rb').read())"
PARSE_MSGSPEC = "import msgspec, sys; msgspec.json.decode(open(sys.argv[1], 'rb').read())"
PARSE_MSGSPEC_DECIMAL = (
    "import msgspec, sys; from decimal import Decimal; "
    "msgspec.json.Decoder(float_hook=Decimal).decode(open(sys.argv[1], 'rb').read())"
)
PARSE_ORJSON = "import orjson, sys; orjson.loads(open(sys.argv[1], 'rb').read())"


@dataclass
class Result:
    label: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kb: int = 0
    exit_codes: set[int] = field(default_factory=set)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def measure(
    argv: list[str], stdout: int | None = subprocess.DEVNULL
) -> tuple[float, float, int, int]:
    """Run argv in a fresh process: (wall s, CPU s (user + sys), peak RSS KiB, exit code)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    # wait4 reaps the child and returns its own rusage (ru_maxrss in KiB on Linux).
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if child.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited {child.returncode}: {err.strip()[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, child.returncode


def run(label: str, argv: list[str], repeat: int) -> Result:
    result = Result(label)
    for _ in range(repeat):
        elapsed, cpu, peak, code = measure(argv)
        result.times.append(elapsed)
        result.cpu.append(cpu)
        result.peak_kb = max(result.peak_kb, peak)
        result.exit_codes.add(code)
    print(
        f"  {label}: {result.median:.3f} s wall, {statistics.median(result.cpu):.3f} s CPU, "
        f"{result.peak_kb / 1024:.0f} MiB",
        file=sys.stderr,
    )
    return result


def snapshot_for(size: int, seed: int) -> Path:
    """The cached snapshot of `size` transactions, (re)generated when missing or stale."""
    path = OUT / f"snapshot-{size}-s{seed}.json"
    generator = HERE / "generate.py"
    if not path.exists() or path.stat().st_mtime < generator.stat().st_mtime:
        print(f"generating {path.name} ...", file=sys.stderr)
        subprocess.run(
            [PYTHON, str(generator), "--transactions", str(size), "--seed", str(seed),
             "--output", str(path)],
            check=True,
        )  # fmt: skip
    return path


def has_command(name: str) -> bool:
    probe = subprocess.run(
        [*LEDGERLINT, name, "--help"], capture_output=True, cwd=ROOT, check=False
    )
    return probe.returncode == 0


def has_module(name: str) -> bool:
    probe = subprocess.run([PYTHON, "-c", f"import {name}"], capture_output=True, check=False)
    return probe.returncode == 0


def report_counts(path: Path) -> tuple[int, int, int]:
    """(findings, notifications, rules run) from a JSON report."""
    report = json.loads(path.read_text())
    summary = report["summary"]
    return summary["findings"], len(report["notifications"]), summary["rules_run"]


def bench_size(size: int, seed: int, repeat: int) -> tuple[Path, list[Result], str]:
    snapshot = snapshot_for(size, seed)
    print(f"{snapshot.name}: {snapshot.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    file = str(snapshot)
    results = [
        run("parse: stdlib `json.loads`", [PYTHON, "-c", PARSE_JSON, file], repeat),
        run("parse: `msgspec.json.decode`", [PYTHON, "-c", PARSE_MSGSPEC, file], repeat),
        run(
            "parse: msgspec, numbers as Decimal (ledgerlint's decoder, GC on)",
            [PYTHON, "-c", PARSE_MSGSPEC_DECIMAL, file],
            repeat,
        ),
    ]
    if has_module("orjson"):
        results.append(run("parse: `orjson.loads`", [PYTHON, "-c", PARSE_ORJSON, file], repeat))
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        results.append(
            run(
                "`ledgerlint check --format json`",
                [*LEDGERLINT, "check", file, "--format", "json", "-o", str(report)],
                repeat,
            )
        )
        findings, notes, rules_run = report_counts(report)
        results.append(
            run(
                "`ledgerlint check --format sarif`",
                [*LEDGERLINT, "check", file, "--format", "sarif", "-o", str(Path(tmp) / "r.sarif")],
                repeat,
            )
        )
        if has_command("reconcile"):
            results.append(
                run(
                    "`ledgerlint reconcile --format json`",
                    [*LEDGERLINT, "reconcile", file, "--format", "json"],
                    repeat,
                )
            )
        else:
            results.append(Result("`ledgerlint reconcile`", note="not available: skipped"))
    summary = f"{findings} findings, {notes} notifications, {rules_run} rules run"
    return snapshot, results, summary


def startup(repeat: int) -> list[Result]:
    return [
        run("`python -c pass` (interpreter alone)", [PYTHON, "-c", "pass"], repeat),
        run("`ledgerlint --version`", [*LEDGERLINT, "--version"], repeat),
        run("`ledgerlint rules`", [*LEDGERLINT, "rules"], repeat),
    ]


def table(rows: list[tuple[str, str, Result]]) -> str:
    lines = [
        "| snapshot | command | wall (median) | wall (min) | CPU user+sys (median) | peak RSS |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for snapshot, _, r in rows:
        if not r.times:
            lines.append(f"| {snapshot} | {r.label} | {r.note} | | | |")
            continue
        lines.append(
            f"| {snapshot} | {r.label} | {r.median:.2f} s | {min(r.times):.2f} s "
            f"| {statistics.median(r.cpu):.2f} s | {r.peak_kb / 1024:.0f} MiB |"
        )
    return "\n".join(lines)


def load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average at the end {one:.1f} (1 min), {five:.1f} (5 min)"


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


def profile(path: Path, top: int) -> None:
    """`ledgerlint check --format json` in-process under cProfile."""
    sys.path.insert(0, str(ROOT / "src"))
    from ledgerlint.cli import cli

    with tempfile.TemporaryDirectory() as tmp:
        argv = ["check", str(path), "--format", "json", "-o", str(Path(tmp) / "report.json")]
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        try:
            cli.main(argv, standalone_mode=False)
        except SystemExit:
            pass
        finally:
            profiler.disable()
        elapsed = time.perf_counter() - started
    print(f"\n## Profile: `ledgerlint check --format json` on {path.name}")
    print(f"\n{elapsed:.1f} s under cProfile (profiling overhead included)\n")
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        text = buffer.getvalue()
        body = text[text.find("   ncalls") :] if "   ncalls" in text else text
        print(f"### top {top} by {order}\n\n```\n{body.rstrip()}\n```\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="transaction counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="also profile the largest size")
    parser.add_argument("--profile-only", action="store_true", help="only the profile")
    parser.add_argument("--top", type=int, default=25, help="profile entries to print")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    OUT.mkdir(exist_ok=True)

    if not args.profile_only:
        rows: list[tuple[str, str, Result]] = []
        details = []
        for r in startup(args.repeat):
            rows.append(("—", "", r))
        for size in sizes:
            snapshot, results, summary = bench_size(size, args.seed, args.repeat)
            mb = snapshot.stat().st_size / 1e6
            label = f"{size // 1000}k txns, {mb:.0f} MB"
            rows += [(label, "", r) for r in results]
            details.append(f"- {label} (`{snapshot.name}`): {summary}")
        print(f"Machine: {machine()}\n")
        print(f"Repeats: {args.repeat} (each in a fresh process); {load()}\n")
        print(table(rows))
        print()
        print("\n".join(details))
    if args.profile or args.profile_only:
        profile(snapshot_for(max(sizes), args.seed), args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
