"""Benchmark: a whole import into a fresh SQLite base, its undo, and its floor.

    .venv/bin/python -m tests.benchmarks.bench_import [--rows 100000] [--keep]

The file is the 12-column .xlsx of `bench_import_read` (cached under the temporary
directory). The floor is the bare calamine read of the file plus parsing each distinct
phone cell once; end to end is `run_import` (read, layout, values, identity, matching
against the base, insert, search index, history) into a fresh base; undo is
`undo_import` of it. Issue 6 targets: end to end <= 1.5x the floor, undo <= the import,
peak RSS <= 500 MB. Prints one JSON line, with the seconds of each phase (`phases_s`:
'rows' values and in-file identity, while a helper process parses the phones, 'phones'
the wait for the phones left when the rows are read, 'read' both plus opening the file,
'match' against the base, 'insert' (with the FTS rows of each batch, added on a thread),
search 'index' (the records merged into; an FTS rebuild if any), 'commit') and the safety backup
before the import apart ('backup_s': a safety feature, not in the issue's "read,
normalise, dedupe, insert, index"; the ratio is printed with and without it).
Also printed: `bare_parse_s`, `phonenumbers.parse` alone of each of those
numbers (the issue's planning figure counts a parse so), and the import's ratio to the
read plus that (`ratio_to_read_and_bare_parse`): the floor above also pays what our
cell parser adds (splitting, extensions, comments, validity, E.164).
The floor is measured before and after the import and the ratio taken
to their mean: the load of a shared machine varies during a run. The floor runs in a child
process, so that the peak memory printed (`peak_rss_mb`, this process: the import and its
undo) is the import's own, not the floor's heap left behind.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import sqlalchemy as sa

from crm_desktop.config import AppPaths
from crm_desktop.domain import names
from crm_desktop.services.importing import run_import, undo_import
from crm_desktop.services.workspace import Workspace
from tests.benchmarks.bench_import_read import (
    _cached_file,
    _clear_phone_caches,
    bare_parse,
    floor,
)

_NAME_CACHES = (
    names.split_person_name,
    names.person_name_tokens,
    names.person_name_key,
    names.person_names_match,
    names.org_name_key,
    names.org_legal_form,
    names.org_display_name,
)


def _cold() -> None:
    """Start every run with empty caches (the floor parses each phone once, cold)."""
    _clear_phone_caches()
    for function in _NAME_CACHES:
        function.cache_clear()


def _floor_apart(path: Path) -> tuple[float, float, int]:
    """`floor(path)` measured in a fresh child process (same code, same file)."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(floor, path).result()


def _bare_parse_apart(path: Path) -> tuple[float, int]:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(bare_parse, path).result()


def _rows(ws: Workspace) -> dict[str, int]:
    with ws.read() as uow:
        conn = uow.session.connection()
        return {
            table: int(conn.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)
            for table in ("organizations", "persons", "phones", "emails", "search_docs")
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the base (printed)")
    args = parser.parse_args()
    path = _cached_file(args.rows)
    read_s, phones_s, distinct = _floor_apart(path)
    folder = Path(tempfile.mkdtemp(prefix="crm-bench-import-"))
    db = folder / "crm.sqlite3"
    with Workspace.open(f"sqlite:///{db}", paths=AppPaths.resolve(folder), create=True) as ws:
        _cold()
        started = time.perf_counter()
        result = run_import(ws, path)
        import_s = time.perf_counter() - started
        imported = _rows(ws)
        started = time.perf_counter()
        undo_import(ws, result.import_id)
        undo_s = time.perf_counter() - started
        left = _rows(ws)
    # The floor again after the import: other work on a shared machine changes its speed
    # during the run; the ratio is taken to the mean of the two floors.
    read_after_s, phones_after_s, _ = _floor_apart(path)
    bare_s, numbers = _bare_parse_apart(path)
    floor_before_s, floor_after_s = read_s + phones_s, read_after_s + phones_after_s
    floor_s = (floor_before_s + floor_after_s) / 2
    summary = result.summary()
    backup_s = result.timings.get("backup", 0.0)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else ""
    print(
        json.dumps(
            {
                "benchmark": "import",
                "rows": args.rows,
                "file_mb": round(path.stat().st_size / 2**20, 1),
                "floor_read_s": round((read_s + read_after_s) / 2, 2),
                "floor_phones_s": round((phones_s + phones_after_s) / 2, 2),
                "distinct_phone_cells": distinct,
                "floor_before_s": round(floor_before_s, 2),
                "floor_after_s": round(floor_after_s, 2),
                "floor_s": round(floor_s, 2),
                "bare_parse_s": round(bare_s, 2),
                "numbers": numbers,
                "ratio_to_read_and_bare_parse": round(
                    import_s / ((read_s + read_after_s) / 2 + bare_s), 2
                ),
                "import_s": round(import_s, 2),
                "ratio_to_floor": round(import_s / floor_s, 2),
                "backup_s": round(backup_s, 2),
                "import_without_backup_s": round(import_s - backup_s, 2),
                "ratio_without_backup": round((import_s - backup_s) / floor_s, 2),
                "phases_s": {k: round(v, 2) for k, v in result.timings.items()},
                "undo_s": round(undo_s, 2),
                "undo_ratio_to_import": round(undo_s / import_s, 2),
                "rows_read": summary["rows_read"],
                "organizations": imported["organizations"],
                "persons": imported["persons"],
                "phones": imported["phones"],
                "emails": imported["emails"],
                "search_docs": imported["search_docs"],
                "warnings": len(summary["warnings"]),
                "rejected": len(summary["rejected"]),
                "left_after_undo": sum(left.values()),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "load_average": load,
                "python": platform.python_version(),
                "machine": platform.machine(),
                **({"base": str(db)} if args.keep else {}),
            }
        )
    )
    if not args.keep:
        for item in folder.rglob("*"):
            if item.is_file():
                item.unlink()


if __name__ == "__main__":
    main()
