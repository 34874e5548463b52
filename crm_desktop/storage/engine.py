"""Opening a database: SQLite file or PostgreSQL server, checked and migrated.

`open_database` is the only way in. It refuses files that are not SQLite, bases
written by a newer program and bases that are locked, each with a one-line
message (`crm_desktop.errors`), and writes nothing in those cases. SQLite
connections get foreign keys, a busy timeout and full fsync; write transactions
start with ``BEGIN IMMEDIATE`` so that a reader never has to upgrade to a writer
halfway (which fails at once in WAL mode, whatever the timeout).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.config import busy_timeout_ms
from crm_desktop.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseMissingError,
    DatabaseReadOnlyError,
    DiskFullError,
    NotADatabaseError,
    UserError,
)
from crm_desktop.storage.search_index import install_search_hooks

SQLITE_HEADER = b"SQLite format 3\x00"
Backend = Literal["sqlite", "postgresql"]

_WRITE_OPTION = "crm_write"


@dataclass
class Database:
    """An open, migrated database with its session factories."""

    url: URL
    engine: Engine
    backend: Backend
    path: Path | None  # the SQLite file, None for PostgreSQL
    read_sessions: sessionmaker[Session]
    write_sessions: sessionmaker[Session]

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        with translate_errors(self.display_name):
            yield


def _describe(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _sqlite_path(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def check_sqlite_file(path: Path, *, create: bool) -> None:
    """Refuse a missing, unreadable or non-SQLite file before SQLite touches it."""
    if path.is_dir():
        raise NotADatabaseError(f"{path} is a folder, not a CRM Desktop database file.")
    if not path.exists():
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(
                    f"Cannot create the folder {path.parent}: {exc.strerror}."
                ) from exc
            return
        raise DatabaseMissingError(
            f"There is no database at {path}. Check the path, or create a base with "
            "'crm-desktop demo --db PATH' or by starting the app."
        )
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"Cannot read {path}: {exc.strerror}.") from exc
    if header and header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path} is not a CRM Desktop database (not an SQLite file); it was left untouched."
        )


def _on_sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself, see _on_sqlite_begin
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def _on_sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_engine_for(url: URL) -> Engine:
    """The engine with this product's connection settings (never at import time)."""
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(
            url,
            connect_args={"timeout": busy_timeout_ms() / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if url.get_backend_name() == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    raise DatabaseError(f"Unsupported database {_describe(url)}: use an SQLite file or PostgreSQL.")


def open_database(
    target: str,
    *,
    create: bool = False,
    backup_dir: Path | None = None,
    migrations: Path | None = None,
) -> Database:
    """Open, check and migrate the database at `target` (a SQLAlchemy URL).

    `create` allows a new SQLite file. A base whose schema is older is backed up
    into `backup_dir` (default: a `backups` folder beside the file) and migrated.
    """
    from crm_desktop.storage.migrate import MIGRATIONS_DIR, ensure_schema

    try:
        url = make_url(target)
    except sa.exc.ArgumentError as exc:
        raise DatabaseError(f"Cannot understand the database address {target!r}.") from exc
    backend = url.get_backend_name()
    path = _sqlite_path(url) if backend == "sqlite" else None
    if path is not None:
        check_sqlite_file(path, create=create)
    engine = create_engine_for(url)
    db = Database(
        url=url,
        engine=engine,
        backend="sqlite" if backend == "sqlite" else "postgresql",
        path=path,
        read_sessions=sessionmaker(engine, expire_on_commit=False),
        write_sessions=sessionmaker(
            engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        ),
    )
    install_search_hooks(db.write_sessions)
    try:
        with db.translate_errors():
            ensure_schema(
                db, create=create, backup_dir=backup_dir, migrations=migrations or MIGRATIONS_DIR
            )
    except BaseException:
        engine.dispose()
        raise
    return db


_SQLITE_MESSAGES: list[tuple[str, type[DatabaseError], str]] = [
    (
        r"database is locked|database table is locked",
        DatabaseLockedError,
        "{name} is locked by another program (another CRM Desktop window or an import in "
        "progress). Close it or wait, then try again.",
    ),
    (
        r"file is not a database|file is encrypted",
        NotADatabaseError,
        "{name} is not a CRM Desktop database; it was left untouched.",
    ),
    (
        r"malformed|corrupt",
        DatabaseCorruptError,
        "{name} is damaged (the database image is malformed). Do not write to it; "
        "restore the newest backup.",
    ),
    (
        r"readonly|read-only",
        DatabaseReadOnlyError,
        "{name} is read-only: check the file's permissions or open a copy.",
    ),
    (
        r"disk is full|database or disk is full",
        DiskFullError,
        "The disk holding {name} is full: free some space and try again; nothing was saved.",
    ),
    (
        r"unable to open database file",
        DatabaseError,
        "Cannot open {name}: the folder does not exist or is not accessible.",
    ),
]


def classify_error(exc: BaseException, name: str) -> UserError | None:
    """The user-facing error for a database exception, or None for a bug."""
    text = str(getattr(exc, "orig", None) or exc)
    for pattern, cls, message in _SQLITE_MESSAGES:
        if re.search(pattern, text, re.IGNORECASE):
            return cls(message.format(name=name))
    if isinstance(exc, sa.exc.OperationalError) and re.search(
        r"connection|could not connect|server closed|timeout expired|password authentication",
        text,
        re.IGNORECASE,
    ):
        first_line = text.strip().splitlines()[0] if text.strip() else ""
        return DatabaseError(f"Cannot connect to the database server {name}: {first_line}")
    return None


@contextmanager
def translate_errors(name: str) -> Iterator[None]:
    """Turn database exceptions a user can act on into `UserError`s; re-raise bugs."""
    try:
        yield
    except (sa.exc.OperationalError, sa.exc.DatabaseError, sqlite3.Error) as exc:
        user_error = classify_error(exc, name)
        if user_error is None:
            raise
        raise user_error from exc
