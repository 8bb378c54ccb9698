"""Benchmark `ledgerlint check DIR --jobs N` on a folder of generated snapshots.

    .venv/bin/python benchmarks/jobs.py [--count 20] [--transactions 10000] [--clients 500]
                                        [--jobs 1,2,4] [--repeat 1] [--format text]

Generates `--count` snapshots with benchmarks/generate.py (seeds 1..count, kept in
benchmarks/out/jobs-<transactions>/ and reused), runs `check` on the folder once per `--jobs`
value (each a fresh process, output to a file), checks that every output is byte-identical to
the `--jobs 1` one, and prints a Markdown table: wall time (median of the repeats), CPU time of
the process and its workers, peak RSS of one process, and the speed-up over `--jobs 1`.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
_SCRIPT = Path(PYTHON).parent / "ledgerlint"
LEDGERLINT = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "ledgerlint"]


def generate(folder: Path, count: int, transactions: int, clients: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(1, count + 1):
        path = folder / f"firm-{seed:02d}.json"
        if not path.exists():
            print(f"generating {path.relative_to(ROOT)}", file=sys.stderr)
            subprocess.run(
                [
                    PYTHON,
                    str(HERE / "generate.py"),
                    "--transactions",
                    str(transactions),
                    "--clients",
                    str(clients),
                    "--seed",
                    str(seed),
                    "--output",
                    str(path),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        paths.append(path)
    return paths


def measure(argv: list[str]) -> tuple[float, float, int, int]:
    """(wall s, CPU s of the process and the workers it reaped, peak RSS KiB, exit code)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if code not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {err.strip()[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def control(workers: int, n: int = 10_000_000) -> float:
    """How much faster `workers` processes run a pure CPU loop than one process running it
    `workers` times, right now: what this machine (shared cores) can give any parallel run."""
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    for _ in range(workers):
        _spin(n)
    serial = time.perf_counter() - started
    with ProcessPoolExecutor(workers) as pool:
        started = time.perf_counter()
        list(pool.map(_spin, [n] * workers))
        parallel = time.perf_counter() - started
    return serial / parallel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--transactions", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--jobs", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--format", default="text")
    args = parser.parse_args(argv)
    folder = HERE / "out" / f"jobs-{args.transactions}"
    paths = generate(folder, args.count, args.transactions, args.clients)
    size = sum(p.stat().st_size for p in paths) / 1e6
    jobs = [int(j) for j in args.jobs.split(",")]
    rows = []
    outputs: dict[int, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in jobs:
            walls, cpus, peak = [], [], 0
            for _ in range(args.repeat):
                out = Path(tmp) / f"jobs-{n}.out"
                command = [
                    *LEDGERLINT,
                    "check",
                    str(folder.relative_to(ROOT)),
                    "--jobs",
                    str(n),
                    "--format",
                    args.format,
                    "-o",
                    str(out),
                ]
                print(f"running {' '.join(command[-7:])}", file=sys.stderr)
                wall, cpu, rss, _ = measure(command)
                walls.append(wall)
                cpus.append(cpu)
                peak = max(peak, rss)
                outputs.setdefault(n, out.read_bytes())
                assert out.read_bytes() == outputs[n], "a repeat changed the output"
            rows.append((n, statistics.median(walls), statistics.median(cpus), peak))
    cores = os.cpu_count() or 1
    machine = control(min(cores, max(jobs)))
    base = outputs[jobs[0]]
    identical = all(output == base for output in outputs.values())
    first = rows[0][1]
    print(f"{args.count} snapshots of {args.transactions} transactions ({size:.0f} MB in all), ")
    print(
        f"`check --format {args.format}`; {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print()
    print("| --jobs | wall (median) | CPU user+sys | peak RSS (one process) | speed-up |")
    print("|---:|---:|---:|---:|---:|")
    for n, wall, cpu, rss in rows:
        print(f"| {n} | {wall:.1f} s | {cpu:.1f} s | {rss // 1024} MiB | {first / wall:.2f}× |")
    print()
    verdict = "byte-identical" if identical else "DIFFERENT"
    print(f"Outputs of every --jobs value: {verdict} ({len(base):,} bytes).")
    print(
        f"Control: a pure CPU loop in {min(cores, max(jobs))} processes ran {machine:.2f}× "
        f"faster than in one, just after (load average {os.getloadavg()[0]:.2f}); on shared "
        "cores that is the ceiling for any --jobs speed-up."
    )
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
