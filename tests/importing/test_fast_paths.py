"""The fast paths of a large import give what the plain paths give.

Phones parsed up front (in a helper process) equal phones parsed one by one; the raw
SQLite executemany of `storage.bulk` stores what Core's executemany stores; indexes
deferred during a load come back exactly as they were.
"""

from __future__ import annotations

import contextlib
import multiprocessing.process as mp_process
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm_desktop.config import AppPaths
from crm_desktop.domain.kinds import AuditAction, EntityKind
from crm_desktop.domain.phones import parse_phone_cell
from crm_desktop.importing import values
from crm_desktop.importing.identity import IdentityIndex, Resolution
from crm_desktop.importing.values import parse_phone_cells, wire_phones
from crm_desktop.services import contacts, search
from crm_desktop.services.dto import OrganizationInput
from crm_desktop.services.importing import applying, planning, run_import
from crm_desktop.services.progress import Cancelled
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import bulk, search_index
from crm_desktop.storage.models import AuditEntry, Phone, SearchDoc, table_of

CELLS = [
    "8 (916) 123-45-67",
    "+7 916 1234567 доб. 123",
    "+7 916 111-22-33; 8 495 765-43-21",
    "звонить после 18",
    "123",
    "нет",
    "+7 916 123-45-67",  # the same number written another way: its own cell text
    "8 (916) 123-45-67",  # a repeat
    "",
    "+44 20 7946 0958",
]


@pytest.mark.parametrize("processes", [1, 2])
def test_phones_parsed_up_front_equal_one_by_one(processes: int) -> None:
    chunks: list[int] = []
    texts = [f"+7 916 {i:03d}-{i % 100:02d}-00" for i in range(9000)] + CELLS
    parsed = parse_phone_cells(
        texts, "RU", processes=processes, parallel_from=1, on_chunk=chunks.append
    )
    expected = {t: wire_phones(parse_phone_cell(t, "RU")) for t in texts if t}
    assert parsed == expected
    assert sum(chunks) == len(expected)  # every chunk reported (progress, cancel)


def test_a_failing_progress_stops_the_parse() -> None:
    def cancel(_n: int) -> None:
        raise KeyboardInterrupt

    texts = [f"+7 916 {i:03d}-00-00" for i in range(9000)]
    with pytest.raises(KeyboardInterrupt):
        parse_phone_cells(texts, "RU", processes=2, parallel_from=1, on_chunk=cancel)


def _rows(
    n: int, org_id: int, at: datetime
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    start = 1000
    phones: list[dict[str, object]] = [
        {
            "id": start + i,
            "organization_id": org_id,
            "person_id": None,
            "kind": ("mobile", "work")[i % 2],
            "raw": f"8916{i:07d}",
            "e164": f"+7916{i:07d}" if i % 3 else None,
            "extension": "12" if i % 5 == 0 else None,
            "is_valid": bool(i % 3),
            "search_digits": f"7916{i:07d}",
            "comment": None,
            "position": i % 4,
        }
        for i in range(n)
    ]
    audit: list[dict[str, object]] = [
        {
            "at": at,
            "user_id": None,
            "action": AuditAction.IMPORT.value,
            "entity_kind": EntityKind.PERSON.value,
            "entity_id": start + i,
            "field": None,
            "old_value": None,
            "new_value": str(i) if i % 2 else None,
            "change_set_id": None,
        }
        for i in range(n)
    ]
    return phones, audit


def test_raw_sqlite_inserts_store_what_core_stores(tmp_path: Path) -> None:
    phones_t, audit_t = table_of(Phone), table_of(AuditEntry)
    at = datetime(2024, 5, 17, 10, 30, 15, 123456, tzinfo=UTC)
    paths = AppPaths.resolve(tmp_path / "data")
    stored = []
    for raw in (True, False):
        with Workspace.open(f"sqlite:///{tmp_path / f'{raw}.db'}", paths=paths, create=True) as ws:
            org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
            phones, audit = _rows(7000, org, at)  # more than one chunk
            with ws.write() as uow:
                conn = uow.session.connection()
                if raw:
                    bulk.insert_rows(conn, phones_t, phones)
                    bulk.insert_rows(conn, audit_t, audit)
                else:
                    conn.execute(phones_t.insert(), phones)
                    conn.execute(audit_t.insert(), audit)
                uow.commit()
            with ws.read() as uow:
                conn = uow.session.connection()
                audit_columns = [c for c in audit_t.c if c.name != "id"]
                stored.append(
                    (
                        conn.execute(sa.select(phones_t).order_by(phones_t.c.id)).all(),
                        conn.execute(
                            sa.select(*audit_columns)
                            .where(audit_t.c.action == AuditAction.IMPORT.value)
                            .order_by(audit_t.c.id)
                        ).all(),
                        conn.exec_driver_sql(
                            "SELECT a.at, p.kind, p.is_valid FROM audit_log a, phones p "
                            "WHERE a.entity_id = 1001 AND p.id = 1001"
                        ).all(),  # as stored: text time stamp, enum value, 0/1
                    )
                )
    assert stored[0] == stored[1]
    assert stored[0][1][-1].at == at


def test_shared_values_and_long_text_are_stored_alike_on_every_engine(ws: Workspace) -> None:
    """`insert_rows(cut=True, same=...)`: the shared values in every row, text cut to
    its column (by SQLite's substr(), by Python for PostgreSQL), as `fit` cuts it."""
    audit_t = table_of(AuditEntry)
    at = datetime(2024, 5, 17, 10, 30, 15, 123456, tzinfo=UTC)
    same = {"at": at, "action": AuditAction.IMPORT, "user_id": None, "change_set_id": None}
    rows = [
        {
            "entity_kind": EntityKind.PERSON.value,
            "entity_id": i,
            "field": ("поле " * 40) if i % 2 else "name",  # 200 characters > String(100)
            "old_value": None,
            "new_value": "х" * 5000,  # Text: never cut
        }
        for i in range(250)  # three statements of 100 rows on SQLite
    ]
    with ws.write() as uow:
        bulk.insert_rows(uow.session.connection(), audit_t, rows, cut=True, same=same)
        uow.commit()
    with ws.read() as uow:
        stored = uow.session.connection().execute(
            sa.select(audit_t).where(audit_t.c.entity_id < 1000).order_by(audit_t.c.id)
        )
        got = [
            (r.at, r.action, r.entity_id, r.field, len(r.new_value)) for r in stored.all()[-250:]
        ]
    expected = [
        (at, AuditAction.IMPORT, i, bulk.fit(audit_t, dict(row))["field"], 5000)
        for i, row in enumerate(rows)
    ]
    assert got == expected
    assert len(expected[1][3]) == 100 and expected[1][3] != rows[1]["field"]


def _indexes(conn: sa.Connection) -> list[tuple[str, str]]:
    return sorted(
        (str(name), str(sql))
        for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
    )


def test_deferred_indexes_come_back_as_they_were(tmp_path: Path) -> None:
    phones_t = table_of(Phone)
    paths = AppPaths.resolve(tmp_path / "data")
    with Workspace.open(f"sqlite:///{tmp_path / 'crm.db'}", paths=paths, create=True) as ws:
        org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
        with ws.write() as uow:
            conn = uow.session.connection()
            before = _indexes(conn)
            phones, _ = _rows(3000, org, datetime.now(UTC))
            with bulk.indexes_deferred(conn, [(phones_t, len(phones))]):
                assert len(_indexes(conn)) < len(before)  # the plain phone indexes are gone
                bulk.insert_rows(conn, phones_t, phones)
            assert _indexes(conn) == before
            plan = conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM phones WHERE e164 = '+79160000001'"
            ).all()
            assert "ix_phones_e164" in str(plan)
            found = conn.execute(
                sa.select(phones_t.c.id).where(phones_t.c.e164 == "+79160000001")
            ).scalar_one()
            assert found == 1001
            uow.commit()


def _read_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Resolution]:
    monkeypatch.setattr(planning, "_POLL_ROWS", 1)  # records wait, are resolved, chunks taken
    monkeypatch.setattr(planning, "_PHONES_LAG", 1)
    results = []
    for first in (10**9, 1):  # row by row; phones parsed by the helper as rows are read
        monkeypatch.setattr(planning, "_PHONES_FIRST", first)
        resolution, _ = planning.read_file(path)
        results.append(resolution)
    return results


@pytest.mark.parametrize("chunk", [4000, 3])  # 3: most chunks go to the helper process
def test_phones_parsed_first_read_as_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(values, "_PHONE_CHUNK", chunk)
    path = tmp_path / "clients.csv"
    lines = ["ФИО;Телефон;Мобильный"] + [
        f"Иванов Иван {i};{cell};+7 916 {i:03d}-11-22" for i, cell in enumerate(CELLS * 3)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = _read_both_ways(path, monkeypatch)
    assert results[0] == results[1]
    assert any(not phone.valid for p in results[0].persons for phone in p.phones)


def test_deferred_phone_warnings_keep_their_place_among_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phone warnings come between the warnings of the columns around them, as row by row;
    the same person by phone across rows, an organization's phone, a repeated bad cell."""
    monkeypatch.setattr(values, "_PHONE_CHUNK", 2)
    path = tmp_path / "clients.csv"
    lines = ["ФИО;E-mail;Телефон;ИНН;Мобильный;Компания;Телефон компании"]
    for i, cell in enumerate(CELLS * 2):
        lines.append(
            f"Петров Пётр {i % 4};bad{i}@;{cell};12345;нет {i % 3};ООО Ромашка {i % 2};"
            f"{CELLS[(i + 3) % len(CELLS)]}"
        )
    lines.append(";;;;;;")  # blank: skipped
    lines.append(";;звонить;;;;")  # no name, no company: flagged or rejected
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = _read_both_ways(path, monkeypatch)
    assert results[0] == results[1]
    codes = [w.code for w in results[0].warnings]
    assert "phone_invalid" in codes and "email_invalid" in codes and "inn_invalid" in codes


def test_cancel_while_the_helper_parses_ends_the_helper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(planning, "_PHONES_FIRST", 1)
    monkeypatch.setattr(values, "_PHONE_CHUNK", 50)
    path = tmp_path / "clients.csv"
    lines = ["ФИО;Телефон"] + [f"Иванов Иван {i};+7 916 {i:07d}" for i in range(6000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calls: list[int] = []

    def progress(done: int, _total: int) -> None:
        calls.append(done)
        if len(calls) == 3:
            raise Cancelled

    with pytest.raises(Cancelled):
        planning.read_file(path, progress=progress)
    deadline = time.monotonic() + 60  # a wait bound, not a speed assert
    while mp_process.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not mp_process.active_children(), "the phone helper outlived the cancelled read"


_ORPHAN_CHILD = """
import os, sys, threading
import multiprocessing.process as mp_process
from crm_desktop.importing import values

def report_helpers():  # print the helper's pid once it runs, then wait to be killed
    import time
    while True:
        kids = [c.pid for c in mp_process.active_children()]
        if kids:
            print(kids[0], flush=True)
            return
        time.sleep(0.05)

threading.Thread(target=report_helpers, daemon=True).start()
texts = [f"+7 916 {i:07d}" for i in range(2_000_000)]
values.parse_phone_cells(texts, "RU", processes=2, parallel_from=1)
"""


@pytest.mark.skipif(os.name != "posix", reason="orphans are re-parented on POSIX only")
def test_the_phone_helper_ends_when_the_import_is_killed(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_CHILD],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert child.stdout is not None
        helper = int(child.stdout.readline())
        child.send_signal(signal.SIGKILL)
        child.wait()
        deadline = time.monotonic() + 60  # a wait bound, not a speed assert

        def alive() -> bool:
            try:
                os.kill(helper, 0)
            except ProcessLookupError:
                return False
            with contextlib.suppress(OSError):  # a zombie no one reaps counts as gone
                state = Path(f"/proc/{helper}/stat").read_text().split()[2]
                return state != "Z"
            return True

        while alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(), "the phone helper outlived the killed import"
    finally:
        child.kill()


_DOC_COLUMNS = (
    "entity_kind",
    "entity_id",
    "title",
    "title_key",
    "phones",
    "emails",
    "inn",
    "related",
)


def _documents(conn: sa.Connection) -> list[tuple[object, ...]]:
    docs = table_of(SearchDoc)
    return [
        tuple(row)
        for row in conn.execute(
            sa.select(*(docs.c[c] for c in _DOC_COLUMNS)).order_by(
                docs.c.entity_kind, docs.c.entity_id
            )
        )
    ]


def ws_is_sqlite(ws: Workspace) -> bool:
    with ws.read() as uow:
        return uow.session.connection().dialect.name == "sqlite"


def _assert_fts_as_rebuilt(ws: Workspace) -> None:
    """SQLite: the FTS index holds every trigram of every index row where a full rebuild
    puts it (fts5vocab's instances; FTS5's integrity-check does not compare an external
    content table's rows here)."""
    with ws.write() as uow:
        conn = uow.session.connection()
        if conn.dialect.name != "sqlite":
            return
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms "
            "USING fts5vocab(main, search_fts, instance)"
        )
        query = "SELECT term, doc, col, offset FROM temp.fts_terms ORDER BY 1, 2, 3, 4"
        indexed = conn.exec_driver_sql(query).all()
        conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        assert conn.exec_driver_sql(query).all() == indexed  # (not committed)
        assert indexed


@pytest.mark.parametrize("fts_in_one_pass", [False, True])
def test_index_rows_built_by_the_import_equal_a_rebuild(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fts_in_one_pass: bool
) -> None:
    """The import writes the index rows of the records it creates from the rows it
    inserts (no read back); they are what `refresh` builds from the base tables, on a
    first import and on one that merges into existing records."""
    rebuilds: list[object] = []
    if fts_in_one_pass:  # the path of a large import: FTS triggers off, filled in batches
        monkeypatch.setattr(search_index, "BULK_THRESHOLD", 1)
        monkeypatch.setattr(applying, "_BATCH", 2)  # many batches, each caught up on the thread
        rebuild = search_index._rebuild_fts
        monkeypatch.setattr(
            search_index, "_rebuild_fts", lambda conn: (rebuilds.append(conn), rebuild(conn))
        )
    long_name = "Очень " * 60 + "Длинное Имя"  # cut to the column's length
    path = tmp_path / "clients.csv"
    lines = [
        "ФИО;Компания;ИНН;Телефон;Мобильный;Email",
        "Иванов Иван Петрович;ООО «Ромашка»;7707083893;8 (916) 123-45-67;+7 916 765-43-21;"
        "ivanov@romashka.ru, i@ya.ru",
        "Петрова Анна;Ромашка, ООО;;+7 495 111-22-33 доб. 12;звонить после 18;",
        ";АО «Лютик»;;+7 495 222-33-44;;info@lutik.ru",
        f"{long_name};;;;;long@x.ru",
        ";;;8 916 000-00-01;;",  # an unnamed contact
        "Сидоров Пётр;;500100732259;;;petr@x.ru",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = run_import(ws, path)
    _assert_fts_as_rebuilt(ws)  # a large first import: FTS filled batch by batch
    assert not rebuilds  # ... with no rebuild at the end
    if ws_is_sqlite(ws):
        with ws.read() as uow:
            merge_every = uow.session.connection().exec_driver_sql(
                "SELECT v FROM search_fts_config WHERE k = 'automerge'"
            )
            assert merge_every.scalar() in (None, 4)  # FTS5's default, as before the import
    path.write_text(
        "\n".join([*lines, "Иванов Иван Петрович;ООО «Ромашка»;;+7 916 999-88-77;;new@r.ru"])
        + "\n",
        encoding="utf-8",
    )
    second = run_import(ws, path)  # merges a new phone and e-mail into Иванов
    _assert_fts_as_rebuilt(ws)  # merged into records: their rows replaced, FTS rebuilt
    assert len(rebuilds) == (1 if fts_in_one_pass and ws_is_sqlite(ws) else 0)
    assert second.persons_matched >= 3 and second.phones_added >= 1
    with ws.write() as uow:
        conn = uow.session.connection()
        imported = _documents(conn)
        search_index.rebuild_all(conn)
        assert _documents(conn) == imported  # (not committed)
    created = [r.persons_created + r.organizations_created for r in (first, second)]
    assert len(imported) == sum(created)  # the unnamed contact is created again
    found = search.search(ws, "999-88")  # the merged phone, through the FTS / trigram index
    assert any("иванов" in hit.title.casefold() for hit in found)
    found = search.search(ws, "лютик")
    assert found


def test_the_collector_pause_nests_and_restores() -> None:
    import gc

    assert gc.isenabled()
    with bulk.collector_paused():
        with bulk.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk.collector_paused():
            pass
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()


def test_evidence_keys_tell_an_extension_and_several_owners_apart() -> None:
    index: IdentityIndex[int] = IdentityIndex()
    line, ext = ("+74951234567", None), ("+74951234567", "12")
    index.add_person(1, name="Иванов Иван", phones=[line])
    index.add_person(2, name="Иванов Иван", phones=[ext])
    index.add_person(3, name="Иванов Иван Петрович", phones=[line], emails=["i@x.ru"])
    index.add_person(3, name="Иванов Иван Петрович", phones=[line])  # again: no repeat
    found = index.find_person(name="Иванов Иван", phones=[ext])
    assert found is not None and found.ref == 2
    found = index.find_person(name="Иванов Иван", phones=[line])
    assert found is not None and (found.ref, found.reason) == (1, "phone")
    assert index.contact_owner(phones=[ext]) == 2
    assert index.contact_owner(emails=["i@x.ru"]) == 3
    assert index.contact_owner(phones=[("+74950000000", None)]) is None
    assert index.find_person(name="Петров Пётр", phones=[line]) is None
