"""Two desktops, one PostgreSQL base: two processes with their own sessions edit the same
persons 1,000 times in total, random fields each time, and nobody's accepted edit is
silently lost.

Every accepted write is logged per field with the version it produced. At the end each
text field of each record must hold the value of the last accepted write that touched
it (a later write that merged around it keeps it; one that replaced it was accepted and
logged itself); a list (phones, tags: merged item by item) must hold exactly the items
the accepted writes added and did not remove later, replayed in version order.
Conflicts (both changed the same field) are counted and resolved — half "use mine",
half "keep theirs" — and edits to different fields merge.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import POSTGRES_ENV, _empty_postgres

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"),
]

RECORDS = 6
EDITS_PER_PROCESS = int(os.environ.get("CRM_TEST_CONCURRENT_EDITS", "500"))  # per process
TEXT_FIELDS = ("city", "position", "department", "notes", "segment", "source", "website")
LIST_FIELDS = ("phones", "tags")


def _value(field: str, worker: int, n: int) -> Any:
    from crm_desktop.services.dto import PhoneInput

    if field == "phones":
        return [PhoneInput(f"+7 9{worker:02d} {n // 10000:03d}-{n // 100 % 100:02d}-{n % 100:02d}")]
    if field == "tags":
        return [f"w{worker}-{n}"]
    return f"w{worker}-{n}"


def _items(field: str, value: Any) -> set[str]:
    """A list field as a set of item keys (phones: as typed; all are distinct here)."""
    if field == "phones":
        return {p.raw for p in value}
    return set(value)


def _logged(field: str, base: Any, data: Any) -> Any:
    """What an accepted write did to a field: a text its value; a list (merged item by
    item) the items it added and removed."""
    if field in LIST_FIELDS:
        before, after = _items(field, getattr(base, field)), _items(field, getattr(data, field))
        return (frozenset(after - before), frozenset(before - after))
    return getattr(data, field)


def _worker(url: str, data_dir: str, worker: int, user_id: int, ids: list[int], out: Any) -> None:
    """One desktop (a process of its own): its report, or the error that stopped it."""
    try:
        out.put(_edit(url, data_dir, worker, user_id, ids))
    except BaseException:
        import traceback

        out.put((worker, traceback.format_exc()))
        raise


def _edit(url: str, data_dir: str, worker: int, user_id: int, ids: list[int]) -> tuple[Any, ...]:
    """Read a card, change 1–2 random fields, save against what it read; a report."""
    from crm_desktop.config import AppPaths
    from crm_desktop.errors import ConcurrentEditError, EditConflictError
    from crm_desktop.services import conflicts, contacts
    from crm_desktop.services.workspace import Workspace

    rng = random.Random(worker * 7919)
    ws = Workspace.open(url, paths=AppPaths.resolve(Path(data_dir)))
    ws.user_id = user_id
    log: list[tuple[int, str, Any, int]] = []  # record, field, value, version produced
    produced: list[tuple[int, int]] = []  # record, version of each accepted change
    known: dict[int, Any] = {}  # record -> the card as this desktop last saw it
    counts = dict(accepted=0, merged=0, conflicts=0, resolved_mine=0, resolved_theirs=0, stale=0)
    started = time.perf_counter()
    try:
        for n in range(EDITS_PER_PROCESS):
            record = rng.choice(ids)
            fields = rng.sample(TEXT_FIELDS + LIST_FIELDS, rng.choice((1, 1, 2)))
            card = known.get(record)
            if card is None or rng.random() < 0.5:  # else edit what this desktop saw last
                card = contacts.get_person(ws, record)
            base = conflicts.person_input(card)
            mine = replace(base, **{f: _value(f, worker, n) for f in fields})
            time.sleep(rng.random() * 0.004)  # the user typing: the other desktop saves meanwhile
            version, send_base, data, written = card.version, base, mine, list(fields)
            for _attempt in range(10):
                try:
                    saved = contacts.update_person(
                        ws, record, data, expected_version=version, base=send_base
                    )
                except EditConflictError as exc:
                    counts["conflicts"] += 1
                    side = "mine" if rng.random() < 0.5 else "theirs"
                    counts[f"resolved_{side}"] += 1
                    names = {f.name for f in exc.fields}
                    if side == "theirs":
                        written = [f for f in written if f not in names]
                    data = exc.resolve({name: side for name in names})
                    version, send_base = exc.version, exc.theirs
                    continue
                except ConcurrentEditError:  # the other committed between our read and write
                    counts["stale"] += 1
                    continue
                counts["accepted"] += 1
                known[record] = saved
                now = conflicts.person_input(saved)
                untouched = [
                    f for f in TEXT_FIELDS + LIST_FIELDS if f not in fields
                ]  # someone else's changes kept next to mine: a merge
                if any(
                    conflicts.canon(getattr(now, f)) != conflicts.canon(getattr(base, f))
                    for f in untouched
                ):
                    counts["merged"] += 1
                for f in written:
                    log.append((record, f, _logged(f, send_base, data), saved.version))
                if written:
                    produced.append((record, saved.version))
                break
            else:
                raise AssertionError("an edit could not be saved in 10 attempts")
    finally:
        ws.close()
    return (worker, counts, log, produced, time.perf_counter() - started)


def test_two_processes_lose_no_update(tmp_path: Path) -> None:
    import sqlalchemy as sa

    from crm_desktop.config import AppPaths
    from crm_desktop.domain.kinds import Role
    from crm_desktop.services import conflicts, contacts
    from crm_desktop.services.dto import PersonInput
    from crm_desktop.services.workspace import Workspace
    from crm_desktop.storage.models import User

    base = sa.make_url(os.environ[POSTGRES_ENV]).set(drivername="postgresql+psycopg")
    name = f"crm_conc_{os.getpid()}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        _empty_postgres(url)
        ws = Workspace.open(url, paths=AppPaths.resolve(tmp_path / "data"), create=True)
        try:
            users = []
            with ws.write() as uow:
                for login, display in (("ivanov", "Иван Иванов"), ("petrova", "Анна Петрова")):
                    user = User(login=login, display_name=display, role=Role.MANAGER)
                    uow.session.add(user)
                    users.append(user)
                uow.commit()
                user_ids = [u.id for u in users]
            ids = [
                contacts.create_person(ws, PersonInput(full_name=f"Клиент {i}")).id
                for i in range(RECORDS)
            ]
        finally:
            ws.close()

        mp = multiprocessing.get_context("spawn")
        out = mp.Queue()
        procs = [
            mp.Process(target=_worker, args=(url, str(tmp_path / "data"), w, user_ids[w], ids, out))
            for w in (0, 1)
        ]
        started = time.perf_counter()
        for p in procs:
            p.start()
        results = [out.get(timeout=240) for _ in procs]
        failed = [r[1] for r in results if len(r) == 2]
        assert not failed, failed[0]
        for p in procs:
            p.join(timeout=60)
            assert p.exitcode == 0
        elapsed = time.perf_counter() - started

        # a text field holds the last accepted write of it; a list holds what the accepted
        # writes added and did not remove later, replayed in the order of their versions
        expected: dict[tuple[int, str], Any] = {}
        history: list[tuple[int, int, str, Any]] = []
        produced: list[tuple[int, int]] = []
        totals: dict[str, int] = {}
        for _worker_no, counts, log, versions, _seconds in results:
            produced += versions
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
            history += [(record, version, field, value) for record, field, value, version in log]
        for record, _version, field, value in sorted(history, key=lambda h: h[:2]):
            if field in LIST_FIELDS:
                added, removed = value
                items = expected.get((record, field), set())
                expected[record, field] = (items - removed) | added
            else:
                expected[record, field] = value
        ws = Workspace.open(url, paths=AppPaths.resolve(tmp_path / "data"))
        try:
            lost = []
            for (record, field), value in sorted(expected.items()):
                card = contacts.get_person(ws, record)
                now = getattr(card, field)
                if field in LIST_FIELDS:
                    now = _items(field, getattr(conflicts.person_input(card), field))
                if now != value:
                    lost.append((record, field, value, now))
        finally:
            ws.close()
        print(
            f"\n2 processes × {EDITS_PER_PROCESS} edits on {RECORDS} persons (PostgreSQL) in "
            f"{elapsed:.1f} s: accepted {totals['accepted']}, merged with the other's changes "
            f"{totals['merged']}, conflicts {totals['conflicts']} (resolved mine "
            f"{totals['resolved_mine']}, theirs {totals['resolved_theirs']}), refused by "
            f"the version check at commit and retried {totals['stale']}, silent overwrites "
            f"{len(lost)}"
        )
        assert lost == []
        assert totals["accepted"] == 2 * EDITS_PER_PROCESS
        assert len(produced) == len(set(produced))  # no two accepted changes made one version
        assert totals["conflicts"] > 0
        assert totals["merged"] > 0
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
