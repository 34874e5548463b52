"""Benchmark: each report's computation on a demo base of 100k persons, 10k deals and
50k activities (rendering is timed by the PDF benchmark of the next session).

    .venv/bin/python -m tests.benchmarks.bench_reports [--persons 100000] [--runs 3]

The demo base is generated once into bench-data/reports-N.sqlite3 (opened read-only
in spirit: reports never write). Each report runs `--runs` times with the parameters
of a Monday meeting (this quarter; the agenda: this week of the busiest owner; the
dossier: the organization with the most deals) and the median is reported in ms.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

import sqlalchemy as sa

from crm_desktop.config import AppPaths
from crm_desktop.domain.clock import SystemClock
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.reports import REPORTS, RelativePeriod, ReportParams, run
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Activity, Deal

ROOT = Path(__file__).resolve().parents[2] / "bench-data"
TARGET_MS = 3000.0  # the bound for a whole report (PDF included)


def _base(persons: int) -> Path:
    path = ROOT / f"reports-{persons}.sqlite3"
    if not path.exists():
        ROOT.mkdir(exist_ok=True)
        tmp = path.with_suffix(".partial")
        for leftover in ROOT.glob(tmp.name + "*"):
            leftover.unlink()
        ws = Workspace.open(str(tmp), paths=AppPaths.resolve(ROOT), create=True)
        try:
            generate_demo(ws, DemoSpec(persons=persons, deals=persons // 10, tasks=persons // 2))
        finally:
            ws.close()
        tmp.rename(path)
    return path


def _params(ws: Workspace) -> dict[str, ReportParams]:
    with ws.read() as uow:
        s = uow.session
        busiest = s.execute(
            sa.select(Activity.owner_id)
            .where(Activity.owner_id.is_not(None))
            .group_by(Activity.owner_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).scalar_one()
        org = s.execute(
            sa.select(Deal.organization_id)
            .where(Deal.organization_id.is_not(None))
            .group_by(Deal.organization_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).scalar_one()
    assert busiest is not None and org is not None
    quarter = ReportParams(relative=RelativePeriod.THIS_QUARTER)
    return {
        "funnel": quarter,
        "forecast": quarter,
        "won-lost": quarter,
        "activity": ReportParams(relative=RelativePeriod.LAST_30_DAYS),
        "overdue": ReportParams(),
        "agenda": ReportParams(relative=RelativePeriod.THIS_WEEK, owner_ids=(busiest,)),
        "dossier": ReportParams(client_kind=EntityKind.ORGANIZATION, client_id=org),
        "base": ReportParams(no_contact_days=90),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    path = _base(args.persons)
    prepared_s = time.perf_counter() - started
    clock = SystemClock()
    figures: dict[str, float] = {}
    rows: dict[str, int] = {}
    with Workspace.open(str(path), paths=AppPaths.resolve(ROOT)) as ws:
        params = _params(ws)
        for name in REPORTS:
            times = []
            for _ in range(max(1, args.runs)):
                t0 = time.perf_counter()
                result = run(name, ws, params[name], clock)
                times.append((time.perf_counter() - t0) * 1000)
            figures[name] = round(statistics.median(times), 1)
            rows[name] = sum(len(t.rows) for t in result.tables)
    print(
        json.dumps(
            {
                "bench": "reports",
                "persons": args.persons,
                "base_ready_s": round(prepared_s, 1),
                "ms": figures,
                "rows": rows,
                "target_ms": TARGET_MS,
                "python": platform.python_version(),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
