"""`crm-desktop migrate-to-postgres URL --db SQLITE`: a demo base copied into an empty
PostgreSQL database has every table's rows, answers searches and reports the same, and
takes new records; a database that is not empty is refused, untouched."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm_desktop.cli import main
from crm_desktop.config import AppPaths
from crm_desktop.domain.clock import ManualClock
from crm_desktop.services.workspace import Workspace

PG = os.environ.get("CRM_TEST_POSTGRES_URL", "")
pytestmark = pytest.mark.skipif(not PG, reason="CRM_TEST_POSTGRES_URL is not set")


def _admin() -> sa.Engine:
    return sa.create_engine(
        sa.make_url(PG).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )


@pytest.fixture
def target() -> Iterator[str]:
    """The URL of an empty database of its own, dropped afterwards."""
    name = f"crm_mig_{uuid.uuid4().hex[:10]}"
    admin = _admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(PG).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo base, with a subtask whose parent has a larger id (copied later)."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "crm.sqlite3"
    assert main(["demo", "--persons", "120", "--seed", "7", "--db", str(path)]) == 0
    with sqlite3.connect(path) as conn:
        low, high = conn.execute("SELECT min(id), max(id) FROM activities").fetchone()
        conn.execute("UPDATE activities SET parent_id = ? WHERE id = ?", (high, low))
    return path


def _sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%' "
                "AND name != 'alembic_version'"
            )
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _pg_counts(url: str, names: list[str]) -> dict[str, int]:
    engine = sa.create_engine(sa.make_url(url).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        counts = {
            n: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{n}"').scalar() or 0) for n in names
        }
    engine.dispose()
    return counts


def _copy(
    demo_base: Path, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    data = str(tmp_path / "data")
    code = main(
        ["migrate-to-postgres", target, "--db", str(demo_base), "--json", "--data-dir", data]
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_the_copy_has_every_row_and_answers_the_same(
    demo_base: Path, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _copy(demo_base, target, tmp_path, capsys)
    assert code == 0, err
    result = json.loads(out)
    expected = _sqlite_counts(demo_base)
    printed = {t["table"]: (t["source"], t["target"]) for t in result["tables"]}
    assert set(printed) == set(expected)
    assert {n: s for n, (s, _) in printed.items()} == expected
    assert _pg_counts(target, list(expected)) == expected  # counted again, independently
    assert result["ok"] and result["rows"] == sum(expected.values())
    assert expected["persons"] == 120 and expected["activities"] > 0
    assert "persons" in err and "All counts equal" in err  # progress on stderr

    paths = AppPaths.resolve(tmp_path / "data")
    local = Workspace.open(str(demo_base), paths=paths)
    server = Workspace.open(target, paths=paths)
    try:
        _same_answers(local, server)
        _takes_new_records(server)
    finally:
        local.close()
        server.close()
    with sqlite3.connect(demo_base) as conn:
        low, high = conn.execute("SELECT min(id), max(id) FROM activities").fetchone()
    engine = sa.create_engine(sa.make_url(target).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        parent = conn.exec_driver_sql(f"SELECT parent_id FROM activities WHERE id = {low}")
        assert parent.scalar() == high  # the reference to a row copied later was kept
    engine.dispose()


def _same_answers(local: Workspace, server: Workspace) -> None:
    from crm_desktop.services.reports import ReportParams, run
    from crm_desktop.services.search import search

    with local.read() as uow:
        name = uow.session.execute(sa.text("SELECT full_name FROM persons LIMIT 1")).scalar()
        phone = uow.session.execute(
            sa.text("SELECT search_digits FROM phones WHERE search_digits != '' LIMIT 1")
        ).scalar()
    assert name and phone
    queries = [str(name).split()[0], str(name)[:2], str(phone)[-6:], "ооо"]
    for query in queries:
        here = [(h.kind, h.id, h.title, h.match) for h in search(local, query, limit=50)]
        there = [(h.kind, h.id, h.title, h.match) for h in search(server, query, limit=50)]
        assert sorted(here) == sorted(there), query
        assert here or query == "ооо"
    clock = ManualClock(datetime(2026, 11, 23, 7, 0, tzinfo=UTC))
    params = ReportParams(date_from=date(2020, 1, 1), date_to=date(2030, 12, 31))
    for report in ("funnel", "base", "won-lost"):
        a, b = run(report, local, params, clock), run(report, server, params, clock)
        assert a.tables == b.tables, report
        assert a.charts == b.charts, report


def _takes_new_records(server: Workspace) -> None:
    """The sequences continue after the copied ids: a new card gets a fresh id."""
    from crm_desktop.services.contacts import create_organization
    from crm_desktop.services.dto import OrganizationInput

    with server.read() as uow:
        highest = uow.session.execute(sa.text("SELECT max(id) FROM organizations")).scalar()
    card = create_organization(server, OrganizationInput(name="ООО «После переезда»"))
    assert card.id > int(highest or 0)


def _schema(url: str) -> tuple[set[str], set[str]]:
    """The indexes and the constraints of a database, by definition."""
    engine = sa.create_engine(sa.make_url(url).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        indexes = {
            str(r[0])
            for r in conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            )
        }
        constraints = {
            f"{r[0]} {r[1]} {r[2]}"
            for r in conn.exec_driver_sql(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
            )
        }
    engine.dispose()
    return indexes, constraints


def test_the_copy_has_the_schema_of_a_new_base(
    demo_base: Path, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Indexes and references are set aside during the copy and rebuilt: all of them."""
    from crm_desktop.storage.engine import open_database

    fresh_name = f"crm_fresh_{uuid.uuid4().hex[:10]}"
    admin = _admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{fresh_name}"')
    try:
        fresh = sa.make_url(PG).set(database=fresh_name).render_as_string(hide_password=False)
        open_database(fresh, create=True).dispose()
        assert _copy(demo_base, target, tmp_path, capsys)[0] == 0
        indexes, constraints = _schema(target)
        assert (indexes, constraints) == _schema(fresh)
        assert any("gin" in i and "search_docs" in i for i in indexes)  # the search index
        assert any("FOREIGN KEY" in c for c in constraints)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{fresh_name}" WITH (FORCE)')
        admin.dispose()


def test_a_base_is_never_copied_over_another(
    demo_base: Path, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _copy(demo_base, target, tmp_path, capsys)[0] == 0
    names = list(_sqlite_counts(demo_base))
    before = _pg_counts(target, names)
    code, out, err = _copy(demo_base, target, tmp_path, capsys)
    assert code != 0
    assert "not empty" in err and "nothing was written" in err
    assert out == ""
    assert _pg_counts(target, names) == before


def test_another_programs_tables_are_refused(
    demo_base: Path, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = sa.create_engine(sa.make_url(target).set(drivername="postgresql+psycopg"))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE invoices (id serial PRIMARY KEY)")
    code, _out, err = _copy(demo_base, target, tmp_path, capsys)
    assert code != 0
    assert "another program" in err and "invoices" in err
    with engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == ["invoices"]  # nothing created
    engine.dispose()


def test_the_target_must_be_postgresql(
    demo_base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _copy(demo_base, f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path, capsys)
    assert code != 0
    assert "not a PostgreSQL address" in err


def test_a_wrong_password_is_explained(
    demo_base: Path, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = sa.make_url(target).set(password="not-the-password")
    code, _out, err = _copy(
        demo_base, wrong.render_as_string(hide_password=False), tmp_path, capsys
    )
    assert code != 0
    assert "user name or password" in err
    assert "Traceback" not in err
