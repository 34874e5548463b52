"""Verified backups: made, listed, rotated, restored; damage detected on open."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from crm_desktop.config import AppPaths, Settings
from crm_desktop.domain.clock import FixedClock
from crm_desktop.errors import DatabaseError, UserError
from crm_desktop.services import backups
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import backup as files
from crm_desktop.storage.backup import BackupInfo, RotationPolicy, plan_rotation
from crm_desktop.storage.engine import DamagedError, open_database
from crm_desktop.storage.lock import LockedError, lock_path

TZ = datetime.now().astimezone().tzinfo


def _paths(tmp_path: Path) -> AppPaths:
    return AppPaths.resolve(tmp_path / "data")


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return files.table_counts(con)
    finally:
        con.close()


def _final_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.sqlite3"))


def _add_persons(ws: Workspace, n: int) -> None:
    from crm_desktop.services import contacts
    from crm_desktop.services.dto import PersonInput

    for i in range(n):
        contacts.create_person(ws, PersonInput(full_name=f"Новиков Пётр {i}"))


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "crm.sqlite3"
    with Workspace.open(str(path), paths=_paths(tmp_path), create=True) as ws:
        generate_demo(ws, DemoSpec(persons=120, seed=3))
    return path


def test_backup_is_verified_complete_and_self_contained(base: Path, tmp_path: Path) -> None:
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws:
        info = backups.backup_now(ws)
        source_counts = _counts(base)
    assert info.path.parent == tmp_path / "data" / "backups"
    assert info.path.name.startswith("crm-") and info.path.name.endswith("-manual.sqlite3")
    assert info.verified and info.counts == source_counts == _counts(info.path)
    assert info.main_counts["persons"] == 120
    con = sqlite3.connect(info.path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    con.close()
    sidecar = json.loads(files.sidecar_of(info.path).read_text(encoding="utf-8"))
    assert sidecar["counts"] == source_counts and sidecar["size"] == info.path.stat().st_size
    assert [p.name for p in info.path.parent.iterdir() if not p.name.startswith("crm-")] == []
    listed = backups.list_backups(info.path.parent, "crm")
    assert [b.path for b in listed] == [info.path] and listed[0].verified
    assert listed[0].counts == source_counts


def test_a_copy_that_fails_midway_leaves_nothing_under_a_final_name(
    base: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "out"
    steps: list[int] = []

    def fail_midway(status: int, remaining: int, total: int) -> None:
        steps.append(remaining)
        if len(steps) == 3:
            raise OSError(28, "No space left on device")

    with pytest.raises(DatabaseError, match="disk is full"):
        files.make_sqlite_backup(base, dest, "manual", progress=fail_midway, pages_per_step=4)
    assert len(steps) == 3 and steps[-1] > 0  # it really stopped in the middle
    assert list(dest.iterdir()) == []  # no final name, no sidecar, no temporary file


def test_a_copy_whose_counts_differ_is_not_kept(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = files.table_counts
    calls: list[int] = []

    def lying(conn: sqlite3.Connection) -> dict[str, int]:
        counts = real(conn)
        calls.append(1)
        if len(calls) == 2:  # the copy's counts
            counts["persons"] -= 1
        return counts

    monkeypatch.setattr(files, "table_counts", lying)
    with pytest.raises(DatabaseError, match="does not match"):
        files.make_sqlite_backup(base, tmp_path / "out", "manual")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_backup_while_another_connection_writes_is_consistent(base: Path, tmp_path: Path) -> None:
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws:
        added = 0

        def write_between_steps(status: int, remaining: int, total: int) -> None:
            nonlocal added
            if added < 3:
                _add_persons(ws, 1)
                added += 1

        info = files.make_sqlite_backup(
            base, tmp_path / "out", "manual", progress=write_between_steps, pages_per_step=8
        )
        assert added == 3
    assert info.counts["persons"] == 120  # the snapshot when the copy started
    assert _counts(info.path) == info.counts


def _fake(folder: Path, moment: datetime, label: str) -> BackupInfo:
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    return BackupInfo(
        folder / f"crm-{stamp}-{label}.sqlite3", moment, label, 1, {}, "crm", "", None, True
    )


def test_rotation_keeps_7_daily_4_weekly_12_monthly_and_events_apart(tmp_path: Path) -> None:
    start = datetime(2025, 1, 1, 9, 0, tzinfo=TZ)
    autos = [_fake(tmp_path, start + timedelta(days=d), "auto") for d in range(500)]
    autos += [_fake(tmp_path, start + timedelta(days=499, hours=h), "auto") for h in (1, 2)]
    events = [
        _fake(tmp_path, start + timedelta(days=d, hours=3), "before-import") for d in range(15)
    ]
    manual = [
        _fake(tmp_path, start + timedelta(days=d, hours=4), "manual") for d in range(0, 500, 50)
    ]
    removed = {b.path for b in plan_rotation(autos + events + manual, RotationPolicy())}
    kept = [b for b in autos if b.path not in removed]
    kept_days = sorted({b.created.date() for b in kept})
    last = (start + timedelta(days=499)).date()
    # the 7 newest days, one each (the newest of the last day)
    assert [d for d in kept_days if d > last - timedelta(days=7)] == [
        last - timedelta(days=i) for i in range(6, -1, -1)
    ]
    assert sum(1 for b in kept if b.created.date() == last) == 1
    assert max(b.created for b in kept) == start + timedelta(days=499, hours=2)
    weeks = {b.created.isocalendar()[:2] for b in kept}
    months = {(b.created.year, b.created.month) for b in kept}
    assert len(weeks) >= 4 and len(months) == 12
    assert len(kept) <= 7 + 4 + 12
    assert {b.path for b in events} - removed == {b.path for b in events[-10:]}
    assert not ({b.path for b in manual} & removed)  # manual backups are the user's


def test_rotate_deletes_files_and_sidecars_per_base(base: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    day = datetime(2026, 3, 1, 12, 0, tzinfo=TZ)
    made = [
        files.make_sqlite_backup(base, folder, "auto", now=day + timedelta(days=i))
        for i in range(4)
    ]
    other = tmp_path / "other.sqlite3"
    shutil.copy(base, other)
    theirs = files.make_sqlite_backup(other, folder, "auto", now=day)
    (folder / ".crm-x.sqlite3.1.partial").write_bytes(b"half")
    os.utime(folder / ".crm-x.sqlite3.1.partial", (0, 0))
    removed = backups.rotate(folder, RotationPolicy(daily=2, weekly=0, monthly=0), base="crm")
    assert sorted(b.path for b in removed) == sorted(b.path for b in made[:2])
    assert _final_files(folder) == sorted([made[2].path, made[3].path, theirs.path])
    assert sorted(folder.glob("*.json")) == sorted(
        files.sidecar_of(p) for p in _final_files(folder)
    )
    assert not (folder / ".crm-x.sqlite3.1.partial").exists()


def test_the_policy_comes_from_settings() -> None:
    settings = Settings(backup_keep_daily=3, backup_keep_weekly=2, backup_keep_monthly=6)
    assert backups.policy_from_settings(settings) == RotationPolicy(3, 2, 6, 10, 0)


def test_auto_backup_runs_at_most_once_a_day(base: Path, tmp_path: Path) -> None:
    monday = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws:
        first = backups.auto_backup_on_start(ws, FixedClock(monday, TZ))  # type: ignore[arg-type]
        assert first is not None and first.label == "auto"
        again = backups.auto_backup_on_start(ws, FixedClock(monday + timedelta(hours=9), TZ))  # type: ignore[arg-type]
        assert again is None
        backups.backup_now(ws)  # a manual backup does not count as the daily one
        tuesday = backups.auto_backup_on_start(ws, FixedClock(monday + timedelta(days=1), TZ))  # type: ignore[arg-type]
        assert tuesday is not None
        ws.settings.backup_on_start = False
        assert backups.auto_backup_on_start(ws, FixedClock(monday + timedelta(days=2), TZ)) is None  # type: ignore[arg-type]
    labels = sorted(b.label for b in backups.list_backups(tmp_path / "data" / "backups"))
    assert labels == ["auto", "auto", "manual"]


def test_restore_round_trip_keeps_the_replaced_base(base: Path, tmp_path: Path) -> None:
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws:
        saved = backups.backup_now(ws)
        _add_persons(ws, 5)
    changed = _counts(base)
    assert changed["persons"] == 125
    interrupted = [base.with_name(f".{base.name}.999.restore.partial{s}") for s in ("", "-journal")]
    for leftover in interrupted:
        leftover.write_bytes(b"half a restore")
    result = backups.restore(saved.path, base, backup_dir=tmp_path / "data" / "backups")
    assert _counts(base) == saved.counts
    assert not any(p.exists() for p in interrupted)
    assert sorted(p.name for p in base.parent.glob(".*")) == []
    assert result.previous is not None and result.previous.label == "before-restore"
    assert _counts(result.previous.path) == changed
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws, ws.read() as uow:
        conn = uow.session.connection()
        assert conn.exec_driver_sql("SELECT count(*) FROM persons").scalar() == 120
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sqlite3, sys
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("BEGIN IMMEDIATE")
    for i in range(50):
        con.execute("INSERT INTO tags (name, name_key) VALUES (?, ?)", (f"wal{i}", f"wal{i}"))
    con.execute("COMMIT")
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_restore_over_a_stale_wal_gives_exactly_the_backup(base: Path, tmp_path: Path) -> None:
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws:
        saved = backups.backup_now(ws)
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(base)], check=False)
    assert proc.returncode == -signal.SIGKILL
    wal = Path(str(base) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # committed frames not checkpointed
    result = backups.restore(saved.path, base, backup_dir=tmp_path / "data" / "backups")
    assert not wal.exists() and not Path(str(base) + "-shm").exists()
    assert _counts(base) == saved.counts
    # the replaced base was backed up with what its WAL held
    assert result.previous is not None
    assert result.previous.counts["tags"] == saved.counts["tags"] + 50
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws, ws.read() as uow:
        names = uow.session.connection().exec_driver_sql("SELECT name FROM tags").scalars()
        assert not [n for n in names if n.startswith("wal")]


def test_restore_is_refused_while_the_base_is_open(base: Path, tmp_path: Path) -> None:
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws:
        saved = backups.backup_now(ws)
        before = hashlib.sha256(base.read_bytes()).hexdigest()
        with pytest.raises(LockedError):
            backups.restore(saved.path, base)
        assert hashlib.sha256(base.read_bytes()).hexdigest() == before
    assert not lock_path(base).exists()


def test_a_damaged_backup_is_not_restored(base: Path, tmp_path: Path) -> None:
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws:
        saved = backups.backup_now(ws)
    _flip_byte_in_a_page(saved.path)
    before = hashlib.sha256(base.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError, match="damaged"):
        backups.restore(saved.path, base)
    assert hashlib.sha256(base.read_bytes()).hexdigest() == before
    with pytest.raises(UserError, match="not a CRM Desktop backup"):
        text = tmp_path / "notes.sqlite3"
        text.write_text("hello", encoding="utf-8")
        backups.restore(text, base)


def _flip_byte_in_a_page(path: Path) -> int:
    """Flip a byte in the cell-pointer array of a leaf page of `persons`; its number."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    page = con.execute(
        "SELECT max(pageno) FROM dbstat WHERE name = 'persons' AND pagetype = 'leaf'"
    ).fetchone()[0]
    con.close()
    assert not Path(str(path) + "-wal").exists()
    with path.open("r+b") as fh:
        fh.seek((page - 1) * page_size + 8)
        byte = fh.read(1)
        fh.seek((page - 1) * page_size + 8)
        fh.write(bytes([byte[0] ^ 0xFF]))
    return int(page)


def test_a_flipped_byte_is_detected_on_open_and_the_backup_offered(
    base: Path, tmp_path: Path
) -> None:
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws:
        saved = backups.backup_now(ws)
    page = _flip_byte_in_a_page(base)
    damaged = hashlib.sha256(base.read_bytes()).hexdigest()
    with pytest.raises(DamagedError) as caught:
        Workspace.open(str(base), paths=_paths(tmp_path))
    err = caught.value
    assert err.exit_code == 6
    assert err.backup is not None and err.backup.path == saved.path
    assert str(saved.path) in err.message and "restore" in err.message
    assert f"page {page}" in " ".join(err.problems) or "malformed" in " ".join(err.problems)
    assert hashlib.sha256(base.read_bytes()).hexdigest() == damaged  # never written to
    assert not lock_path(base).exists()

    # the offer works: the damaged file is set aside untouched, the backup takes its place
    result = backups.restore(err.backup.path, base, backup_dir=tmp_path / "data" / "backups")
    assert result.previous is None and result.set_aside is not None
    assert hashlib.sha256(result.set_aside.read_bytes()).hexdigest() == damaged
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws, ws.read() as uow:
        count = uow.session.connection().exec_driver_sql("SELECT count(*) FROM persons").scalar()
    assert count == 120


def test_damage_without_a_backup_says_so(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite3"
    with Workspace.open(str(path), paths=_paths(tmp_path), create=True) as ws:
        generate_demo(ws, DemoSpec(persons=120, seed=3))
    _flip_byte_in_a_page(path)
    with pytest.raises(DamagedError, match="No verified backup"):
        open_database(f"sqlite:///{path}", backup_dir=tmp_path / "none")


def test_migration_backups_are_verified_with_a_sidecar(base: Path, tmp_path: Path) -> None:
    path = files.backup_sqlite_file(base, tmp_path / "bk", "before-migration-0001")
    info = files.read_backup_info(path)
    assert info is not None and info.verified and info.kind == "event"


def test_labels_are_checked(base: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="label"):
        files.make_sqlite_backup(base, tmp_path / "bk", "../evil")


def test_pg_tools_missing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(files.ToolMissingError, match="pg_dump is not installed") as caught:
        files.pg_tool("pg_dump")
    assert caught.value.exit_code == 3


@pytest.mark.postgres
def test_postgres_backup_and_restore_round_trip(ws: Workspace, db_url: str, tmp_path: Path) -> None:
    if ws.backend != "postgresql":
        pytest.skip("PostgreSQL only")
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    _add_persons(ws, 3)
    folder = tmp_path / "pg-backups"
    try:
        info = backups.backup_now(ws, folder)
    except DatabaseError as exc:
        if "version mismatch" in exc.message:
            pytest.skip(exc.message)
        raise
    assert info.path.suffix == ".dump" and info.verified and info.counts["persons"] == 3
    _add_persons(ws, 2)
    ws.close()
    result = backups.restore(info.path, db_url, backup_dir=folder)
    assert result.previous is not None and result.previous.counts["persons"] == 5
    with Workspace.open(db_url, paths=_paths(tmp_path)) as again, again.read() as uow:
        count = uow.session.connection().exec_driver_sql("SELECT count(*) FROM persons").scalar()
    assert count == 3


def test_a_deferred_open_checks_later_and_a_damaged_base_turns_read_only(
    base: Path, tmp_path: Path
) -> None:
    """The GUI opens with verify="deferred" and runs `ws.verify()` in the background."""
    _flip_byte_in_a_page(base)
    damaged = hashlib.sha256(base.read_bytes()).hexdigest()
    with Workspace.open(str(base), paths=_paths(tmp_path), verify="deferred") as ws:
        assert not ws.read_only
        with pytest.raises(DamagedError):
            ws.verify()
        assert ws.read_only
        with pytest.raises(UserError):
            ws.write()
    assert hashlib.sha256(base.read_bytes()).hexdigest() == damaged
