"""Benchmark: demo generation (bulk load + phone rules + search index).

    .venv/bin/python -m tests.benchmarks.bench_demo [--persons 100000]

Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from crm_desktop.config import AppPaths
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--db", help="keep the base at this path (default: a temporary file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        ws = Workspace.open(str(path), paths=AppPaths.resolve(tmp), create=True)
        try:
            counts = generate_demo(ws, DemoSpec(persons=args.persons))
        finally:
            ws.close()
        seconds = time.perf_counter() - started
        size_mb = path.stat().st_size / 2**20
    print(
        json.dumps(
            {
                "benchmark": "demo",
                "persons": counts.persons,
                "organizations": counts.organizations,
                "phones": counts.phones,
                "deals": counts.deals,
                "tasks": counts.tasks,
                "seconds": round(seconds, 2),
                "persons_per_second": round(counts.persons / seconds),
                "file_mb": round(size_mb, 1),
                "python": platform.python_version(),
                "machine": platform.machine(),
            }
        )
    )


if __name__ == "__main__":
    main()
