"""Benchmark: `migrate-to-postgres` of a 100k-person demo base into an empty database.

    CRM_TEST_POSTGRES_URL=postgresql://postgres:postgres@localhost:5432/postgres \\
        .venv/bin/python -m tests.benchmarks.bench_migrate [--persons 100000]

The source is a 100k-person demo base from bench-data/ (reports-N.sqlite3 or
search-N.sqlite3 when another benchmark made one, else migrate-N.sqlite3 made here with
the defaults of ``crm-desktop demo --persons N``), copied to a temporary folder first (the
copy is opened for writing: it is locked, checked and may be migrated). A scratch
database is created on the server and dropped afterwards. Prints one JSON line: rows,
seconds (the whole command: checks, schema, copy, sequences, ANALYZE, recount), rows/s
and whether every table's counts are equal.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from crm_desktop.config import AppPaths
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.server import migrate_to_postgres
from crm_desktop.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2] / "bench-data"


def _source(persons: int) -> Path:
    for name in (f"migrate-{persons}", f"reports-{persons}", f"search-{persons}"):
        path = ROOT / f"{name}.sqlite3"
        if path.exists():
            return path
    path = ROOT / f"migrate-{persons}.sqlite3"
    ROOT.mkdir(exist_ok=True)
    tmp = path.with_suffix(".partial")
    ws = Workspace.open(str(tmp), paths=AppPaths.resolve(ROOT), create=True)
    try:
        generate_demo(ws, DemoSpec(persons=persons))
    finally:
        ws.close()
    tmp.rename(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    args = parser.parse_args()
    admin_url = os.environ.get("CRM_TEST_POSTGRES_URL")
    if not admin_url:
        print("set CRM_TEST_POSTGRES_URL to a server where databases may be created")
        return 2
    base = sa.make_url(admin_url).set(drivername="postgresql+psycopg")
    name = f"crm_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    source = _source(args.persons)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "crm.sqlite3"
        shutil.copyfile(source, copy)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            target = base.set(database=name).render_as_string(hide_password=False)
            started = time.perf_counter()
            result = migrate_to_postgres(
                target,
                str(copy),
                paths=AppPaths.resolve(Path(folder) / "data"),
                say=lambda text: print(text, file=sys.stderr, flush=True),
            )
            seconds = time.perf_counter() - started
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()
    counts = {t.table: t.target for t in result.tables}
    print(
        json.dumps(
            {
                "bench": "migrate_to_postgres",
                "source": source.name,
                "size_mb": round(source.stat().st_size / 1_048_576, 1),
                "persons": counts.get("persons"),
                "organizations": counts.get("organizations"),
                "deals": counts.get("deals"),
                "activities": counts.get("activities"),
                "rows": result.rows,
                "seconds": round(seconds, 1),
                "copy_seconds": round(result.copy_seconds, 1),
                "rows_per_second": round(result.rows / seconds),
                "all_counts_equal": result.ok,
                "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
            }
        )
    )
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
