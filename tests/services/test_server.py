"""PostgreSQL server mode: connection settings, the password file, the connection test
(every finding), creating the schema, and the change marker other desktops move.

Tests marked `needs_pg` run against CRM_TEST_POSTGRES_URL, each in a database of its own
created for it and dropped afterwards."""

from __future__ import annotations

import json
import os
import stat
import sys
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm_desktop.config import AppPaths, Settings
from crm_desktop.errors import UserError, ValidationError
from crm_desktop.services.server import (
    CheckCode,
    PassFile,
    ServerSettings,
    change_marker,
    check_server,
    classify_connect_error,
    create_schema,
    judge_version,
    open_server,
    pass_file,
    server_from_settings,
    store_server,
)

PG = os.environ.get("CRM_TEST_POSTGRES_URL", "")
needs_pg = pytest.mark.skipif(not PG, reason="CRM_TEST_POSTGRES_URL is not set")


def _admin() -> sa.Engine:
    url = sa.make_url(PG).set(drivername="postgresql+psycopg")
    return sa.create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture
def scratch() -> Iterator[ServerSettings]:
    """An empty database of its own on the test server."""
    name = f"crm_srv_{uuid.uuid4().hex[:10]}"
    admin = _admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        server = ServerSettings.from_url(sa.make_url(PG).set(database=name))
        yield replace(server, sslmode="prefer")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _sql(server: ServerSettings, statement: str) -> None:
    engine = sa.create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(statement)
    engine.dispose()


# ------------------------------------------------------------------ settings


def test_problems_name_the_field() -> None:
    assert ServerSettings("").problems()[0][0] == "host"
    assert ServerSettings("db host").problems()[0][0] == "host"
    assert ServerSettings("srv", port=0).problems()[0][0] == "port"
    assert ServerSettings("srv", database=" ").problems()[0][0] == "database"
    assert ServerSettings("srv", user="").problems()[0][0] == "user"
    assert ServerSettings("srv", sslmode="maybe").problems()[0][0] == "sslmode"
    assert ServerSettings("crm-server.office.lan").problems() == []
    with pytest.raises(ValidationError) as caught:
        ServerSettings("", database="").validate()
    assert caught.value.field == "host"


def test_url_round_trip_and_display() -> None:
    server = ServerSettings("crm-server", 5433, "crm", "anna", "p@ss:word", "require")
    url = server.url()
    assert url.drivername == "postgresql+psycopg"
    assert url.query["sslmode"] == "require"
    assert server.display == "anna@crm-server:5433/crm"
    assert "p@ss" not in server.url(with_password=False).render_as_string(hide_password=False)
    back = ServerSettings.from_url(server.target())
    assert back == replace(server, connect_timeout=back.connect_timeout)


def test_pass_file_is_owner_only_and_escapes(tmp_path: Path) -> None:
    store = PassFile(tmp_path / "cfg" / "pgpass.conf")
    a = ServerSettings("crm-server", 5432, "crm", "anna")
    b = ServerSettings("crm-server", 5432, "crm", "boris")
    store.set(a, r"a:b\c")
    store.set(b, "second")
    assert store.get(a) == r"a:b\c"
    assert store.get(b) == "second"
    assert r"a\:b\\c" in store.path.read_text(encoding="utf-8")  # libpq's escaping
    if sys.platform != "win32":
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    store.set(a, "new")
    assert store.get(a) == "new"
    assert store.path.read_text(encoding="utf-8").count("anna") == 1
    store.set(a, "")  # forgotten
    assert store.get(a) == ""
    assert store.get(b) == "second"


def test_store_server_keeps_the_password_out_of_the_settings(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "data")
    settings = Settings()
    server = ServerSettings("crm-server", 5432, "crm", "anna", "secret-1", "require")
    store_server(settings, paths, server, enabled=True)
    saved = paths.settings_file.read_text(encoding="utf-8")
    assert "secret-1" not in saved
    assert json.loads(saved)["server_host"] == "crm-server"
    loaded = Settings.load(paths.settings_file)
    assert loaded.server_enabled and loaded.server_sslmode == "require"
    assert server_from_settings(loaded, paths) == server
    assert "secret-1" in pass_file(paths).read_text(encoding="utf-8")


# -------------------------------------------------------- the connection test


def test_nothing_listening_is_refused() -> None:
    check = check_server(ServerSettings("127.0.0.1", 1, "crm", "crm", "x"))
    assert check.code is CheckCode.REFUSED
    assert "port 1" in check.message
    assert not check.can_use and not check.can_create and not check.connected


def test_an_unknown_host_is_named() -> None:
    check = check_server(ServerSettings("no-such-host.invalid"))
    assert check.code is CheckCode.UNKNOWN_HOST
    assert "no-such-host.invalid" in check.message


def test_invalid_settings_are_not_sent() -> None:
    check = check_server(ServerSettings(""))
    assert check.code is CheckCode.INVALID


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('connection to server at "10.0.0.5", port 5432 failed: timeout expired', "unreachable"),
        ('connection failed: FATAL:  no pg_hba.conf entry for host "10.0.0.7"', "not_allowed"),
        ("server does not support SSL, but SSL was required", "ssl"),
        ('FATAL:  password authentication failed for user "anna"', "auth"),
        ('FATAL:  database "crm" does not exist', "no_database"),
        ("FATAL:  sorry, too many clients already", "failed"),
    ],
)
def test_libpq_messages_are_classified(text: str, code: str) -> None:
    check = classify_connect_error(Exception(text), ServerSettings("crm-server"))
    assert check.code == code
    assert check.detail


def test_an_old_server_is_refused_with_its_version() -> None:
    old = judge_version(120015, ServerSettings("srv"))
    assert old is not None and old.code is CheckCode.TOO_OLD
    assert "12.15" in old.message and "13" in old.message
    assert judge_version(130000, ServerSettings("srv")) is None


@needs_pg
def test_wrong_password_and_missing_database(scratch: ServerSettings) -> None:
    assert check_server(replace(scratch, password="wrong-password")).code is CheckCode.AUTH
    missing = check_server(replace(scratch, database=scratch.database + "_missing"))
    assert missing.code is CheckCode.NO_DATABASE


@needs_pg
def test_empty_database_then_schema_then_ready(scratch: ServerSettings, tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "data")
    empty = check_server(scratch)
    assert empty.code is CheckCode.EMPTY, empty.message
    assert empty.can_create and not empty.can_use and empty.server_version
    with pytest.raises(UserError):
        open_server(scratch, paths)  # nothing to use yet
    ready = create_schema(scratch, paths)
    assert ready.code is CheckCode.READY, ready.message
    assert ready.counts == {"organizations": 0, "persons": 0, "deals": 0}
    with pytest.raises(UserError, match="CRM Desktop base"):
        create_schema(scratch, paths)  # never over a base
    ws = open_server(scratch, paths)
    try:
        assert ws.backend == "postgresql"
    finally:
        ws.close()


@needs_pg
def test_foreign_tables_and_a_newer_base_are_refused(
    scratch: ServerSettings, tmp_path: Path
) -> None:
    _sql(scratch, "CREATE TABLE invoices (id serial PRIMARY KEY)")
    foreign = check_server(scratch)
    assert foreign.code is CheckCode.FOREIGN
    assert "invoices" in foreign.message
    assert not foreign.can_create and not foreign.can_use
    _sql(scratch, "DROP TABLE invoices")
    create_schema(scratch, AppPaths.resolve(tmp_path / "data"))
    _sql(scratch, "UPDATE alembic_version SET version_num = '9999'")
    newer = check_server(scratch)
    assert newer.code is CheckCode.TOO_NEW
    assert not newer.can_use


# ------------------------------------------------------------ the change marker


@needs_pg
def test_the_marker_moves_when_another_desktop_writes(
    scratch: ServerSettings, tmp_path: Path
) -> None:
    from crm_desktop.services.contacts import create_organization
    from crm_desktop.services.dto import OrganizationInput

    paths = AppPaths.resolve(tmp_path / "data")
    create_schema(scratch, paths)
    first, second = open_server(scratch, paths), open_server(scratch, paths)
    try:
        before = change_marker(first)
        assert change_marker(first) == before  # reading moves nothing
        create_organization(second, OrganizationInput(name="ООО «Ромашка»"))
        after = change_marker(first)
        assert after != before
        assert change_marker(first) == after
    finally:
        first.close()
        second.close()
