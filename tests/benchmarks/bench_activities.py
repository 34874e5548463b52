"""Benchmark: the calendar's query — a month with 5,000 activities, a week with 500.

    .venv/bin/python -m tests.benchmarks.bench_activities
    .venv/bin/python -m tests.benchmarks.bench_activities --history 200000 --db postgresql://…

The base (a demo with 2,000 persons, then `--history` activities spread over the year
before, the month's 5,000 — 500 of them in the measured week — and 20 weekly series
with reminders) is generated once into bench-data/ and reused. Each figure is the
median of `--repeat` runs of `activities_between` as the calendar calls it (all users,
done ones included), plus the task list, the Today panel and the reminder check.
SQLite runs without ANALYZE statistics (as the program leaves it); PostgreSQL is
analyzed after the load (as autovacuum would).
Prints one JSON line. Target: a view switch (query + views) within 200 ms, the month
query within ~80 ms on SQLite.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from crm_desktop.config import AppPaths
from crm_desktop.domain.clock import FixedClock, at_local, local_midnight
from crm_desktop.domain.kinds import ActivityKind
from crm_desktop.domain.recurrence import Frequency, RecurrenceRule
from crm_desktop.services import activities as act
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import bulk
from crm_desktop.storage.models import Activity, Organization, Person, User, table_of

ROOT = Path(__file__).resolve().parents[2] / "bench-data"
TZ = ZoneInfo("Europe/Moscow")
MONTH = date(2025, 6, 1)  # June 2025: Sunday 1st .. Monday 30th
WEEK = date(2025, 6, 9)  # the measured week (Monday)
MONTH_ROWS = 5000
WEEK_ROWS = 500
KINDS = list(ActivityKind)


def _rows(
    rng: random.Random,
    count: int,
    first: date,
    days: int,
    ids: dict[str, list[int]],
    start_id: int,
    done_before: datetime,
) -> list[dict[str, Any]]:
    rows = []
    for n in range(count):
        day = first + timedelta(days=rng.randrange(days))
        whole_day = rng.random() < 0.1
        start = at_local(day, datetime.min.time().replace(hour=rng.randint(8, 18)), TZ)
        start += timedelta(minutes=rng.choice((0, 15, 30, 45)))
        done = start < done_before and rng.random() < 0.8
        owner = rng.choice(ids["users"])
        rows.append(
            {
                "id": start_id + n,
                "kind": rng.choice(KINDS).value,
                "subject": f"Задача {start_id + n}",
                "description": None,
                "location": None,
                "priority": "normal",
                "start_at": None if whole_day else start,
                "end_at": None if whole_day else start + timedelta(minutes=30),
                "due_on": day if whole_day else None,
                "all_day": whole_day,
                "reminder_at": None if whole_day else start - timedelta(minutes=15),
                "reminder_dismissed_at": start if done else None,
                "done_at": start + timedelta(minutes=30) if done else None,
                "result": "ok" if done else None,
                "parent_id": None,
                "series_id": None,
                "recurrence_rule": None,
                "original_start_at": None,
                "organization_id": rng.choice(ids["orgs"]) if rng.random() < 0.6 else None,
                "person_id": rng.choice(ids["persons"]) if rng.random() < 0.5 else None,
                "deal_id": None,
                "created_at": start,
                "updated_at": start,
                "version": 1,
                "deleted_at": None,
                "owner_id": owner,
                "created_by_id": owner,
                "updated_by_id": owner,
                "deleted_by_id": None,
            }
        )
    return rows


def _base(db: str | None, history: int) -> str:
    if db is not None:
        return db
    path = ROOT / f"activities-{history}.sqlite3"
    if not path.exists():
        ROOT.mkdir(exist_ok=True)
        tmp = path.with_suffix(".partial")
        for leftover in ROOT.glob(tmp.name + "*"):
            leftover.unlink()
        _fill(str(tmp), history)
        tmp.rename(path)
    return str(path)


def _fill(target: str, history: int) -> None:
    ws = Workspace.open(target, paths=AppPaths.resolve(ROOT), create=True)
    clock = FixedClock(at_local(date(2025, 6, 11), datetime.min.time().replace(hour=12), TZ), TZ)
    try:
        generate_demo(ws, DemoSpec(persons=2000, deals=200, tasks=0))
        rng = random.Random(7)
        with ws.write() as uow:
            conn = uow.session.connection()
            ids = {
                "users": list(conn.scalars(sa.select(table_of(User).c.id))),
                "orgs": list(conn.scalars(sa.select(table_of(Organization).c.id))),
                "persons": list(conn.scalars(sa.select(table_of(Person).c.id))),
            }
            table = table_of(Activity)
            next_id = bulk.next_id(conn, table)
            now = clock.now()
            batches = [
                _rows(rng, history, MONTH - timedelta(days=365), 365, ids, next_id, now),
                _rows(rng, WEEK_ROWS, WEEK, 7, ids, next_id + history, now),
            ]
            others = [d for d in range(30) if not 8 <= d < 15]  # the month outside the week
            rest = _rows(rng, MONTH_ROWS - WEEK_ROWS, MONTH, 30, ids, 0, now)
            for n, row in enumerate(rest):
                day = MONTH + timedelta(days=rng.choice(others))
                shift = day - (row["due_on"] or row["start_at"].astimezone(TZ).date())
                for key in ("start_at", "end_at", "reminder_at", "done_at", "created_at"):
                    if row[key] is not None:
                        row[key] += shift
                if row["due_on"] is not None:
                    row["due_on"] = day
                row["id"] = next_id + history + WEEK_ROWS + n
            batches.append(rest)
            for rows in batches:
                bulk.insert_rows(conn, table, rows)
            bulk.finish(conn, [table])
            uow.commit()
        for i in range(20):  # weekly series: 20 x ~9 occurrences a month
            act.create_activity(
                ws,
                act.ActivityInput(
                    subject=f"Планёрка {i}",
                    kind=ActivityKind.MEETING_NEGOTIATION,
                    start_at=at_local(date(2025, 1, 6), datetime.min.time().replace(hour=9), TZ)
                    + timedelta(minutes=30 * i),
                    end_at=at_local(date(2025, 1, 6), datetime.min.time().replace(hour=10), TZ)
                    + timedelta(minutes=30 * i),
                    owner_id=ids["users"][i % len(ids["users"])],
                    reminder_minutes=10,
                    recurrence=RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 2)),
                ),
                clock=clock,
            )
        if ws.backend == "postgresql":  # what autovacuum does soon after a bulk load
            with ws.db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    finally:
        ws.close()


_BEST: dict[int, float] = {}


def _median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The median of `repeat` runs (after a warm-up); the best run goes to _BEST."""
    result = fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    _BEST[id(fn)] = round(min(times), 1)
    return round(statistics.median(times), 1), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a database URL instead of the SQLite file in bench-data/")
    parser.add_argument("--history", type=int, default=50000, help="activities before the month")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    target = _base(args.db, args.history)
    if args.db is not None:
        with (
            Workspace.open(target, paths=AppPaths.resolve(ROOT), create=True) as probe,
            probe.read() as uow,
        ):
            empty = not uow.session.scalar(sa.select(sa.func.count()).select_from(Activity))
        if empty:
            _fill(target, args.history)
    clock = FixedClock(at_local(date(2025, 6, 11), datetime.min.time().replace(hour=12), TZ), TZ)
    month = (local_midnight(MONTH, TZ), local_midnight(date(2025, 7, 1), TZ))
    week = (local_midnight(WEEK, TZ), local_midnight(WEEK + timedelta(days=7), TZ))
    with Workspace.open(target, paths=AppPaths.resolve(ROOT)) as ws:
        with ws.read() as uow:
            total = uow.session.scalar(sa.select(sa.func.count()).select_from(Activity))

        def month_view() -> list[act.ActivityView]:
            return act.activities_between(ws, *month, clock=clock)

        def week_view() -> list[act.ActivityView]:
            return act.activities_between(ws, *week, clock=clock)

        month_ms, month_views = _median_ms(month_view, args.repeat)
        week_ms, week_views = _median_ms(week_view, args.repeat)

        def switch() -> None:
            act.activities_between(ws, *week, clock=clock)
            act.activities_between(ws, *month, clock=clock)

        switch_ms, _ = _median_ms(switch, args.repeat)
        tasks_ms, _ = _median_ms(lambda: act.task_list(ws, clock=clock), args.repeat)
        today_ms, _ = _median_ms(lambda: act.today_panel(ws, clock=clock), args.repeat)
        reminders_ms, _ = _median_ms(lambda: act.due_reminders(ws, clock=clock), args.repeat)
        backend = ws.backend
    assert isinstance(month_views, list) and isinstance(week_views, list)
    print(
        json.dumps(
            {
                "benchmark": "activities",
                "backend": backend,
                "activities_total": total,
                "month_shown": len(month_views),
                "month_generated": sum(v.is_generated for v in month_views),
                "month_ms": month_ms,
                "month_best_ms": _BEST[id(month_view)],
                "week_shown": len(week_views),
                "week_ms": week_ms,
                "week_best_ms": _BEST[id(week_view)],
                "switch_week_then_month_ms": switch_ms,
                "task_list_ms": tasks_ms,
                "today_panel_ms": today_ms,
                "due_reminders_ms": reminders_ms,
                "repeat": args.repeat,
                "python": platform.python_version(),
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
