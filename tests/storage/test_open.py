"""Opening bases: new, migrated, foreign, newer, locked, corrupt — nothing written on refusal."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from crm_desktop.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseMissingError,
    DatabaseTooNewError,
    NotADatabaseError,
)
from crm_desktop.storage.engine import open_database
from crm_desktop.storage.migrate import MIGRATIONS_DIR, SCHEMA_HEAD, head_revision


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_base_is_created_at_head_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "crm.sqlite3"
    db = open_database(_url(path), create=True)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                head_revision()
            )
    finally:
        db.dispose()


def test_schema_head_constant_is_alembics_head() -> None:
    # Opening a base at SCHEMA_HEAD skips Alembic; a new revision must move it.
    assert head_revision() == SCHEMA_HEAD


def test_missing_file_is_not_created_without_create(tmp_path: Path) -> None:
    path = tmp_path / "nothing.sqlite3"
    with pytest.raises(DatabaseMissingError, match="no database"):
        open_database(_url(path))
    assert not path.exists()


def test_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Иванов 8 912 345-67-89\n", encoding="utf-8")
    before = _digest(path)
    with pytest.raises(NotADatabaseError, match="not a CRM Desktop database"):
        open_database(_url(path), create=True)
    assert _digest(path) == before
    assert not (tmp_path / "notes.txt-wal").exists()


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotADatabaseError, match="folder"):
        open_database(_url(tmp_path), create=True)


def test_sqlite_base_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE stuff (x)")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(NotADatabaseError, match="another program"):
        open_database(_url(path), create=True)
    assert _digest(path) == before


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite3"
    open_database(_url(path), create=True).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(DatabaseTooNewError, match="newer version"):
        open_database(_url(path))
    assert _digest(path) == before


NEXT_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tags", sa.Column("description", sa.Text()))


def downgrade() -> None:
    op.drop_column("tags", "description")
"""


def test_older_schema_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite3"
    open_database(_url(path), create=True).dispose()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO tags (name, name_key) VALUES ('VIP', 'vip')")
    con.commit()
    con.close()
    # The program of tomorrow: today's migrations plus one more.
    newer = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "0999_next.py").write_text(
        NEXT_REVISION.format(head=head_revision()), encoding="utf-8"
    )
    db = open_database(_url(path), backup_dir=tmp_path / "backups", migrations=newer)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                "0999"
            )
            assert conn.exec_driver_sql("SELECT name, description FROM tags").one() == ("VIP", None)
    finally:
        db.dispose()
    backups = list((tmp_path / "backups").glob("*.sqlite3"))
    assert len(backups) == 1 and f"before-migration-{head_revision()}" in backups[0].name
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
    assert con.execute("SELECT name FROM tags").fetchall() == [("VIP",)]
    con.close()
    # and today's program now refuses the migrated base instead of damaging it
    with pytest.raises(DatabaseTooNewError):
        open_database(_url(path))


def test_locked_base_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite3"
    open_database(_url(path), create=True).dispose()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLockedError, match="locked by another program"):
            open_database(_url(path))
    finally:
        con.execute("ROLLBACK")
        con.close()


def test_corrupt_base_is_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite3"
    open_database(_url(path), create=True).dispose()
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 7):  # keep the header, scramble the pages
        data[offset] = (data[offset] * 31 + 7) % 256
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with pytest.raises((DatabaseCorruptError, NotADatabaseError)):
        open_database(_url(path))
