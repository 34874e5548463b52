"""Opening a database: SQLite file or PostgreSQL server, checked and migrated.

`open_database` is the only way in. It refuses files that are not SQLite, bases
written by a newer program and bases that are locked, each with a one-line
message (`crm_desktop.errors`), and writes nothing in those cases. SQLite
connections get foreign keys, a busy timeout and full fsync; write transactions
start with ``BEGIN IMMEDIATE`` so that a reader never has to upgrade to a writer
halfway (which fails at once in WAL mode, whatever the timeout).

Data safety on open (an SQLite file, issue 9):

- Writing needs the single-writer lock beside the file (`storage.lock`); a second
  program gets `LockedError` (exit 4) and may open the base ``read_only=True``:
  then every connection is ``mode=ro`` with ``PRAGMA query_only``, no lock is taken,
  nothing is migrated, and any write fails with `DatabaseReadOnlyError`.
- A file on a network share is refused for writing (`storage.fs`).
- ``PRAGMA quick_check`` runs on every open; after an unclean exit (the lock of a
  dead process was found) the full ``integrity_check`` runs instead. A damaged file
  is never written to: `DamagedError` (exit 6) names the newest verified backup.
- Durability: ``synchronous=FULL`` on every connection. In WAL mode NORMAL may lose
  the last transactions on power loss; FULL fsyncs the WAL on every commit — the
  price of a commit (~ms on an SSD) is worth it for a client base.
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
from crm_desktop.storage.lock import BaseLock
from crm_desktop.storage.search_index import install_search_hooks

SQLITE_HEADER = b"SQLite format 3\x00"
Backend = Literal["sqlite", "postgresql"]

_WRITE_OPTION = "crm_write"
# "deferred": no check at open (the GUI runs `Workspace.verify()` in the background once
# its window shows — on a cold file cache it takes seconds): `quick_check`, or the full
# `integrity_check` after an unclean exit (`Database.lock.unclean`)
Verify = Literal["quick", "full", "none", "deferred"]


class DamagedError(DatabaseCorruptError):
    """The file failed its integrity check on open; it was not written to (exit 6)."""

    def __init__(self, message: str, path: Path, problems: list[str], backup: Any) -> None:
        super().__init__(message)
        self.path = path
        self.problems = problems
        self.backup = backup  # the newest verified BackupInfo, or None


@dataclass
class Database:
    """An open, migrated database with its session factories."""

    url: URL
    engine: Engine
    backend: Backend
    path: Path | None  # the SQLite file, None for PostgreSQL
    read_sessions: sessionmaker[Session]
    write_sessions: sessionmaker[Session]
    read_only: bool = False
    lock: BaseLock | None = None  # the single-writer lock (SQLite, write mode)
    backup_dir: Path | None = None

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()

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


def _on_sqlite_connect_read_only(dbapi_conn: sqlite3.Connection, record: Any) -> None:
    _on_sqlite_connect(dbapi_conn, record)
    dbapi_conn.execute("PRAGMA query_only=ON")


def read_only_message(name: str) -> str:
    return (
        f"{name} is open read-only (another CRM Desktop holds it, or you chose so): "
        "changes cannot be saved. Close the other window and reopen the base to edit."
    )


def _on_sqlite_begin_read_only(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE_OPTION):
        raise DatabaseReadOnlyError(read_only_message(str(conn.engine.url.database)))
    conn.exec_driver_sql("BEGIN")


def _on_sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_engine_for(url: URL, *, read_only: bool = False) -> Engine:
    """The engine with this product's connection settings (never at import time)."""
    if url.get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        if read_only and path is not None:
            uri = path.resolve().as_uri() + "?mode=ro"
            timeout = busy_timeout_ms() / 1000

            def connect() -> sqlite3.Connection:
                return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)

            engine = sa.create_engine(url, creator=connect)
            event.listen(engine, "connect", _on_sqlite_connect_read_only)
            event.listen(engine, "begin", _on_sqlite_begin_read_only)
            return engine
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
    read_only: bool = False,
    verify: Verify = "quick",
) -> Database:
    """Open, check and migrate the database at `target` (a SQLAlchemy URL).

    `create` allows a new SQLite file. A base whose schema is older is backed up
    into `backup_dir` (default: a `backups` folder beside the file) and migrated.
    An SQLite file is locked for this process (`storage.lock`), refused on a network
    share, and checked (`verify`: ``quick_check``; ``integrity_check`` after an unclean
    exit or with "full") before anything is written. `read_only` takes no lock and
    writes nothing (see the module docstring).
    """
    from crm_desktop.storage.fs import refuse_network_path
    from crm_desktop.storage.lock import acquire
    from crm_desktop.storage.migrate import MIGRATIONS_DIR, ensure_schema

    try:
        url = make_url(target)
    except sa.exc.ArgumentError as exc:
        raise DatabaseError(f"Cannot understand the database address {target!r}.") from exc
    backend = url.get_backend_name()
    path = _sqlite_path(url) if backend == "sqlite" else None
    lock: BaseLock | None = None
    if path is not None:
        check_sqlite_file(path, create=create and not read_only)
        if not read_only:
            refuse_network_path(path)
            lock = acquire(path)
            if lock.unclean and verify == "quick":
                verify = "full"
    try:
        engine = create_engine_for(url, read_only=read_only)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    db = Database(
        url=url,
        engine=engine,
        backend="sqlite" if backend == "sqlite" else "postgresql",
        path=path,
        read_sessions=sessionmaker(engine, expire_on_commit=False),
        write_sessions=sessionmaker(
            engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        ),
        read_only=read_only,
        lock=lock,
        backup_dir=backup_dir or (path.parent / "backups" if path is not None else None),
    )
    install_search_hooks(db.write_sessions)
    try:
        with db.translate_errors():
            checked = verify in ("quick", "full")
            if path is not None and checked and path.exists() and path.stat().st_size:
                verify_sqlite(db, full=verify == "full")
            if read_only:
                _check_read_only_schema(db)
            else:
                ensure_schema(
                    db,
                    create=create,
                    backup_dir=backup_dir,
                    migrations=migrations or MIGRATIONS_DIR,
                )
    except BaseException:
        db.dispose()
        raise
    return db


def verify_sqlite(db: Database, *, full: bool) -> None:
    """``quick_check`` (or ``integrity_check``); raise `DamagedError` naming a backup."""
    from crm_desktop.storage.backup import newest_verified

    assert db.path is not None
    pragma = "integrity_check" if full else "quick_check"
    try:
        with db.engine.connect() as conn:
            rows = [str(r[0]) for r in conn.exec_driver_sql(f"PRAGMA {pragma}(20)").all()]
            conn.rollback()
    except (sa.exc.DatabaseError, sqlite3.DatabaseError) as exc:
        if not isinstance(classify_error(exc, db.display_name), DatabaseCorruptError):
            raise
        rows = [str(getattr(exc, "orig", None) or exc)]
    if rows == ["ok"]:
        return
    backup = newest_verified(db.backup_dir, db.path.stem) if db.backup_dir else None
    offer = (
        f"The newest verified backup is {backup.path} ({backup.created:%Y-%m-%d %H:%M}; "
        f"{backup.describe_counts()}): restore it with 'crm-desktop restore {backup.path}'."
        if backup is not None
        else "No verified backup was found; keep the file and ask for help recovering it."
    )
    raise DamagedError(
        f"{db.path} is damaged ({'; '.join(rows[:2])}). It was not written to. {offer}",
        db.path,
        rows,
        backup,
    )


def _check_read_only_schema(db: Database) -> None:
    """A read-only base must already be at this program's schema (it cannot migrate)."""
    from crm_desktop.storage.migrate import SCHEMA_HEAD, current_revision

    with db.engine.connect() as conn:
        current = current_revision(conn)
        conn.rollback()
    if current == SCHEMA_HEAD:
        return
    if current is None:
        raise NotADatabaseError(f"{db.display_name} is not a CRM Desktop base.")
    raise DatabaseReadOnlyError(
        f"{db.display_name} has schema {current}; this program needs {SCHEMA_HEAD} and "
        "cannot upgrade a base opened read-only. Open it for writing once to upgrade it."
    )


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
