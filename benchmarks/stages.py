"""Time the stages of one `ledgerlint check --format json`, in this process.

    .venv/bin/python benchmarks/stages.py benchmarks/out/snapshot-100000-s1.json

The same pipeline as `ledgerlint.api.lint_documents`, with a clock around each stage and each
rule: importing, building the registry (rule modules and YAML rule files), reading and scanning
the file, decoding it into the models, running the rules (the books' shared parts are built by
the first rule that asks for them, so their cost shows in that rule's row), placing the findings
(line and column) and rendering. The garbage collector is paused, as in the console script.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path
from typing import Any


def print_stages(path: Path, top: int = 12) -> None:
    gc.disable()
    clock = time.perf_counter
    stages: list[tuple[str, float]] = []
    started = clock()
    from ledgerlint.books import Books
    from ledgerlint.engine.registry import build_registry
    from ledgerlint.engine.run import evaluate
    from ledgerlint.engine.run import resolve_all_options
    from ledgerlint.models.config import Config
    from ledgerlint.models.findings import Finding
    from ledgerlint.models.report import Report
    from ledgerlint.reporters import renderer
    from ledgerlint.snapshot import load_document
    from ledgerlint.snapshot import place_findings
    from ledgerlint.snapshot import place_notifications
    from ledgerlint.snapshot import read_snapshot
    from ledgerlint.snapshot.regions import close_regions

    stages.append(("imports", clock() - started))
    mark = clock()
    registry = build_registry()
    stages.append(("registry (rule modules, YAML rule files)", clock() - mark))
    mark = clock()
    document = load_document(path)
    stages.append(("read and scan the file", clock() - mark))
    mark = clock()
    snapshot = read_snapshot(document)
    stages.append(("decode into the models (amounts checked)", clock() - mark))
    rules = registry.sorted_rules()
    config = Config()
    options = resolve_all_options(rules, config, registry.rules)
    per_rule: dict[str, float] = {}
    for rule in rules:
        check = rule.check

        def timed(ctx: Any, check: Any = check, rule_id: str = rule.id) -> list[Any]:
            begun = clock()
            found = list(check(ctx) or ())
            per_rule[rule_id] = clock() - begun
            return found

        object.__setattr__(rule, "check", timed)
    mark = clock()
    result = evaluate(
        document=document,
        books=Books(snapshot, registry.jurisdictions, options=options),
        rules=rules,
        config=config,
        options=options,
        jurisdictions=registry.jurisdictions,
    )
    stages.append((f"{len(rules)} rules (the books built on the way)", clock() - mark))
    mark = clock()
    findings = close_regions(document, place_findings(document, result.findings))
    notes = place_notifications(document, result.notifications)
    stages.append((f"place {len(findings)} findings (line, column)", clock() - mark))
    mark = clock()
    report = Report(
        files=(document.path,),
        rules=tuple(r.meta for r in rules),
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        notifications=tuple(notes),
    )
    renderer("json")(report)
    stages.append(("render JSON", clock() - mark))
    total = clock() - started
    print(f"\n## Stages of one `check --format json` on {path.name} (in-process)\n")
    print("| stage | time |\n|---|---:|")
    for name, seconds in stages:
        print(f"| {name} | {seconds:.2f} s |")
    print(f"| total (without interpreter start-up) | {total:.2f} s |\n")
    print("Slowest rules (each includes the shared parts of the books it built first):\n")
    for rule_id, seconds in sorted(per_rule.items(), key=lambda kv: -kv[1])[:top]:
        print(f"- {rule_id}: {seconds:.3f} s")


if __name__ == "__main__":
    print_stages(Path(sys.argv[1]))
