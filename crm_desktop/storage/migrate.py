"""Schema migrations on open (Alembic), with a backup before any change.

Opening a base at the current schema is the common case and must be quick: it reads
`alembic_version` with one query and compares it with `SCHEMA_HEAD`, without importing
Alembic (≈0.15 s of start-up). Alembic is loaded only to create, migrate or judge an
unknown revision.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from crm_desktop.errors import DatabaseMissingError, DatabaseTooNewError, NotADatabaseError
from crm_desktop.storage.backup import backup_sqlite_file
from crm_desktop.storage.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest revision in MIGRATIONS_DIR; a test keeps it equal to Alembic's head.
SCHEMA_HEAD = "0003"


def alembic_config(
    connection: sa.Connection | None = None, location: Path = MIGRATIONS_DIR
) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(location))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: sa.Connection) -> str | None:
    if "alembic_version" not in sa.inspect(conn).get_table_names():
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _state(conn: sa.Connection) -> tuple[list[str], str | None]:
    tables = sa.inspect(conn).get_table_names()
    return tables, current_revision(conn) if "alembic_version" in tables else None


def ensure_schema(
    db: Database,
    *,
    create: bool,
    backup_dir: Path | None = None,
    migrations: Path = MIGRATIONS_DIR,
) -> None:
    """Create or upgrade the schema; refuse foreign and newer bases, writing nothing."""
    with db.engine.connect() as conn:
        tables, current = _state(conn)
    if current == SCHEMA_HEAD and migrations == MIGRATIONS_DIR:
        if db.backend == "sqlite":
            _use_wal(db)
        return
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    script = ScriptDirectory.from_config(alembic_config(location=migrations))
    head = script.get_current_head()
    if tables and current is None:
        raise NotADatabaseError(
            f"{db.display_name} holds a database of another program, not CRM Desktop; "
            "it was left untouched."
        )
    if current is not None:
        try:
            known = script.get_revision(current) is not None
        except CommandError:
            known = False
        if not known:
            raise DatabaseTooNewError(
                f"{db.display_name} was written by a newer version of CRM Desktop "
                f"(schema {current}); this program knows up to {head}. "
                "Install the newer version to open it."
            )
    if not tables and not create:
        raise DatabaseMissingError(
            f"{db.display_name} is empty: it is not a CRM Desktop base yet. "
            "Create one with 'crm-desktop demo' or by starting the app."
        )
    if db.backend == "sqlite":
        _use_wal(db)
    if current == head:
        return
    if current is not None and db.path is not None:
        backup_sqlite_file(
            db.path, backup_dir or db.path.parent / "backups", f"before-migration-{current}"
        )
    with db.engine.execution_options(crm_write=True).begin() as conn:
        _, current = _state(conn)  # another process may have migrated meanwhile
        if current != head:
            command.upgrade(alembic_config(conn, migrations), "head")


def _use_wal(db: Database) -> None:
    """Write-ahead logging: readers never block the writer (set once, kept in the file)."""
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        mode = cur.execute("PRAGMA journal_mode").fetchone()
        if not mode or str(mode[0]).lower() != "wal":
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()
    finally:
        raw.close()
