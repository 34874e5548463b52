"""Benchmark: the contact tree's pages and counts on a demo base.

    .venv/bin/python -m tests.benchmarks.bench_contact_list --persons 100000
    .venv/bin/python -m tests.benchmarks.bench_contact_list --db path/to/copy.sqlite3

Reuses the base of bench_search (bench-data/search-N.sqlite3, generated once). Each
operation runs `--repeat` times; the phone-format cache is emptied before every run,
so a page costs what it costs when it is first shown. Prints one JSON line: the
median milliseconds per operation, and the operations slower than 30 ms.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from crm_desktop.config import AppPaths
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.services import contact_list as cl
from crm_desktop.services.contact_list import ContactFilter, SortKey
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Person, Tag
from tests.benchmarks.bench_search import ROOT, _base

PAGE = 200
DEEP = 20_000
SLOW_MS = 30.0


def _time(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm the page cache and SQLAlchemy's statement cache
    runs = []
    for _ in range(repeat):
        cl._display_phone.cache_clear()
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(runs), 2)


def _facts(ws: Workspace) -> dict[str, Any]:
    with ws.read() as uow:
        s = uow.session
        big_org, members = s.execute(
            sa.select(Person.organization_id, sa.func.count())
            .where(Person.organization_id.is_not(None), Person.deleted_at.is_(None))
            .group_by(Person.organization_id)
            .order_by(sa.func.count().desc(), Person.organization_id)
            .limit(1)
        ).one()
        tag = s.scalar(sa.select(Tag.name).order_by(Tag.id).limit(1))
        member = s.scalar(
            sa.select(Person.id).where(Person.organization_id == big_org).order_by(Person.id)
        )
        city = s.scalar(
            sa.select(Person.city)
            .where(Person.city.is_not(None))
            .group_by(Person.city)
            .order_by(sa.func.count().desc())
            .limit(1)
        )
    every = ContactFilter()
    deep_private = cl.person_rows(ws, None, every, SortKey.NAME, False, DEEP, 1)
    private = deep_private[0].id if deep_private else member
    return {
        "big_org": big_org,
        "members": members,
        "member": member,
        "private": private,
        "tag": tag,
        "city": city or "",  # the biggest city: a broad filter
        "owner_id": cl.owners(ws)[-1][0],
        "segment": cl.segments_in_use(ws)[0],
    }


def run(ws: Workspace, repeat: int) -> dict[str, float]:
    f = _facts(ws)
    every = ContactFilter()
    ops: dict[str, Callable[[], Any]] = {
        "count_organizations": lambda: cl.count_organizations(ws, every),
        "count_private": lambda: cl.count_persons(ws, None, every),
        "count_big_org": lambda: cl.count_persons(ws, f["big_org"], every),
    }
    for sort in SortKey:
        for desc in (False, True):
            tag = f"{sort.value}{'_desc' if desc else ''}"
            ops[f"orgs_{tag}_first"] = partial(cl.organization_rows, ws, every, sort, desc, 0, PAGE)
            ops[f"orgs_{tag}_deep"] = partial(
                cl.organization_rows, ws, every, sort, desc, DEEP, PAGE
            )
        for offset, where in ((0, "first"), (DEEP, "deep")):
            ops[f"private_{sort.value}_{where}"] = partial(
                cl.person_rows, ws, None, every, sort, False, offset, PAGE
            )
        ops[f"big_org_{sort.value}"] = partial(
            cl.person_rows, ws, f["big_org"], every, sort, False, 0, PAGE
        )
    filters = {
        "tag": ContactFilter(tag=f["tag"]),
        "owner": ContactFilter(owner_id=f["owner_id"]),
        "city": ContactFilter(city=f["city"].upper()),
        "segment": ContactFilter(segment=f["segment"]),
        "no_contact_30d": ContactFilter(no_contact_days=30),
        "tag_and_city": ContactFilter(tag=f["tag"], city=f["city"]),
    }
    name_sort = (SortKey.NAME, False, 0, PAGE)
    for name, flt in filters.items():
        ops[f"filter_{name}_count_orgs"] = partial(cl.count_organizations, ws, flt)
        ops[f"filter_{name}_orgs_first"] = partial(cl.organization_rows, ws, flt, *name_sort)
        ops[f"filter_{name}_count_private"] = partial(cl.count_persons, ws, None, flt)
        ops[f"filter_{name}_private_first"] = partial(cl.person_rows, ws, None, flt, *name_sort)
        ops[f"filter_{name}_big_org"] = partial(cl.person_rows, ws, f["big_org"], flt, *name_sort)
    ops["locate_org"] = lambda: cl.locate(
        ws, EntityKind.ORGANIZATION, f["big_org"], every, SortKey.NAME, False
    )
    ops["locate_member"] = lambda: cl.locate(
        ws, EntityKind.PERSON, f["member"], every, SortKey.NAME, False
    )
    ops["locate_private"] = lambda: cl.locate(
        ws, EntityKind.PERSON, f["private"], every, SortKey.NAME, False
    )
    ops["values_owners"] = lambda: cl.owners(ws)
    ops["values_tags"] = lambda: cl.tags(ws)
    ops["values_cities"] = lambda: cl.cities(ws)
    ops["values_segments"] = lambda: cl.segments_in_use(ws)
    return {name: _time(fn, repeat) for name, fn in ops.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--db", help="a base (file or URL) to measure instead of the cached demo")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    target = args.db or str(_base(args.persons))
    label = Path(target).name
    if "://" in target:
        label = sa.make_url(target).render_as_string(hide_password=True)
    ws = Workspace.open(target, paths=AppPaths.resolve(ROOT))
    try:
        timings = run(ws, args.repeat)
        with ws.read() as uow:
            persons = uow.session.scalar(sa.select(sa.func.count()).select_from(Person)) or 0
        organizations = cl.count_organizations(ws, ContactFilter())
    finally:
        ws.close()
    print(
        json.dumps(
            {
                "benchmark": "contact_list",
                "base": label,
                "persons": persons,
                "organizations": organizations,
                "page": PAGE,
                "deep_offset": DEEP,
                "p50_ms": timings,
                "slow_over_30ms": sorted(k for k, v in timings.items() if v > SLOW_MS),
                "python": platform.python_version(),
                "machine": platform.machine(),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
