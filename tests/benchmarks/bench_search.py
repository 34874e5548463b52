"""Benchmark: search latency over 1,000 mixed queries on a demo base.

    .venv/bin/python -m tests.benchmarks.bench_search --persons 100000
    .venv/bin/python -m tests.benchmarks.bench_search --persons 1000000

The base is generated once into bench-data/ (git-ignored) and reused. The queries
are drawn from the base itself: surnames, two-letter prefixes, "first last",
phone fragments in several formats, whole and partial emails. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from pathlib import Path

import sqlalchemy as sa

from crm_desktop.config import AppPaths
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.search import search
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Email, Person, Phone

ROOT = Path(__file__).resolve().parents[2] / "bench-data"


def _base(persons: int) -> Path:
    path = ROOT / f"search-{persons}.sqlite3"
    if not path.exists():
        ROOT.mkdir(exist_ok=True)
        tmp = path.with_suffix(".partial")
        for leftover in ROOT.glob(tmp.name + "*"):
            leftover.unlink()
        ws = Workspace.open(str(tmp), paths=AppPaths.resolve(ROOT), create=True)
        try:
            generate_demo(ws, DemoSpec(persons=persons, deals=1000, tasks=1000))
        finally:
            ws.close()
        tmp.rename(path)
    return path


def _phone_formats(e164: str, rng: random.Random) -> str:
    n = e164[2:]  # national number of a +7 number
    return rng.choice(
        [
            f"{n[3:6]}-{n[6:8]}-{n[8:]}",  # 345-67-89
            f"{n[:3]} {n[3:6]}",  # 912 345
            f"8{n[:6]}",  # 8912345
            f"+7 ({n[:3]}) {n[3:5]}",  # +7 (912) 34
            f"8 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}",  # whole number
            n[-4:],  # last four digits
        ]
    )


def _queries(ws: Workspace, count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    with ws.read() as uow:
        s = uow.session
        max_id = s.scalar(sa.select(sa.func.max(Person.id))) or 1
        ids = [rng.randint(1, max_id) for _ in range(count * 2)]
        people = {
            pid: (last, first)
            for pid, last, first in s.execute(
                sa.select(Person.id, Person.last_name, Person.first_name).where(Person.id.in_(ids))
            )
        }
        phones = s.scalars(
            sa.select(Phone.e164).where(Phone.person_id.in_(ids), Phone.e164.like("+7%"))
        ).all()
        emails = s.scalars(sa.select(Email.address).where(Email.person_id.in_(ids))).all()
    names = list(people.values())
    out: list[tuple[str, str]] = []
    for _ in range(count):
        kind = rng.choices(
            ["surname", "prefix2", "first_last", "phone", "email", "email_part"],
            [20, 10, 10, 35, 12, 13],
        )[0]
        last, first = rng.choice(names)
        if kind == "surname":
            q = last.lower() if rng.random() < 0.5 else last
        elif kind == "prefix2":
            q = last[:2]
        elif kind == "first_last":
            q = f"{first} {last}"
        elif kind == "phone":
            q = _phone_formats(rng.choice(phones), rng)
        elif kind == "email":
            q = rng.choice(emails)
        else:
            q = rng.choice(emails).split("@")[0][:8]
        out.append((kind, q))
    return out


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    path = _base(args.persons)
    ws = Workspace.open(str(path), paths=AppPaths.resolve(ROOT))
    try:
        queries = _queries(ws, args.queries, args.seed)
        for _, q in queries[:50]:  # warm the page cache
            search(ws, q)
        timings: dict[str, list[float]] = {}
        empty = 0
        for kind, q in queries:
            started = time.perf_counter()
            hits = search(ws, q, limit=20)
            timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
            empty += not hits
    finally:
        ws.close()
    every = [t for ts in timings.values() for t in ts]
    print(
        json.dumps(
            {
                "benchmark": "search",
                "persons": args.persons,
                "queries": len(every),
                "p50_ms": round(statistics.median(every), 2),
                "p95_ms": round(_pct(every, 95), 2),
                "p99_ms": round(_pct(every, 99), 2),
                "max_ms": round(max(every), 2),
                "no_hits": empty,
                "p95_ms_by_kind": {k: round(_pct(v, 95), 2) for k, v in sorted(timings.items())},
                "python": platform.python_version(),
                "machine": platform.machine(),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
