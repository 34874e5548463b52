"""Benchmark: what the data-safety checks cost on a 100k-person base.

    .venv/bin/python -m tests.benchmarks.bench_open_checks [--persons 100000] [--runs 3]

Works on a copy of bench_search's cached base (bench-data/search-N.sqlite3) in a
temporary folder. Measures, warm page cache (the copy has just been read), medians:
opening with no check / ``quick_check`` / ``integrity_check`` (as after an unclean
exit), the bare pragmas, a verified backup (copy + integrity_check + counts + fsync)
and a restore. The first quick_check after the copy is reported apart ("first").
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from crm_desktop.services import backups
from crm_desktop.storage.engine import Verify, open_database
from tests.benchmarks.bench_search import _base


def _seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def _open(path: Path, verify: Verify) -> None:
    open_database(f"sqlite:///{path}", verify=verify).dispose()


def _pragma(path: Path, name: str) -> None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute(f"PRAGMA {name}").fetchone() == ("ok",)
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    source = _base(args.persons)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = work / "crm.sqlite3"
        shutil.copy2(source, path)
        first = _seconds(lambda: _pragma(path, "quick_check"), 1)
        result: dict[str, object] = {
            "bench": "open_checks",
            "persons": args.persons,
            "size_mb": round(path.stat().st_size / 1_048_576, 1),
            "quick_check_first_s": first,
            "quick_check_s": _seconds(lambda: _pragma(path, "quick_check"), args.runs),
            "integrity_check_s": _seconds(lambda: _pragma(path, "integrity_check"), args.runs),
            "open_none_s": _seconds(lambda: _open(path, "none"), args.runs),
            "open_quick_s": _seconds(lambda: _open(path, "quick"), args.runs),
            "open_full_s": _seconds(lambda: _open(path, "full"), args.runs),
        }
        made: list[backups.BackupInfo] = []
        result["backup_s"] = _seconds(
            lambda: made.append(backups.backup_now(path, work / "backups")), 1
        )
        result["backup_mb"] = round(made[0].size / 1_048_576, 1)
        result["restore_s"] = _seconds(
            lambda: backups.restore(made[0].path, path, backup_dir=work / "backups"), 1
        )
        result["python"] = platform.python_version()
        result["sqlite"] = sqlite3.sqlite_version
    print(json.dumps(result))


if __name__ == "__main__":
    main()
