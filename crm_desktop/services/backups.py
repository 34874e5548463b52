"""Backups as the GUI and the CLI use them: back up now, list, rotate, restore, daily.

The file work (verified copy, sidecar, rotation plan, atomic restore) lives in
`crm_desktop.storage.backup`; this module picks the folder, the policy and the
backend (SQLite file, or PostgreSQL through pg_dump/pg_restore).

For the GUI (run every call off the GUI thread, through the background runner):

- `backup_now(ws)` → `BackupInfo` ("Back up now"), then rotation.
- `auto_backup_on_start(ws, clock)` → `BackupInfo | None`: at most one ``auto``
  backup per local day (setting `backup_on_start`).
- `backup_before(ws, "import")` → the safety backup before a risky operation.
- `list_backups(folder, base)` → newest first, each with `created`, `label`,
  `kind`, `size`, `main_counts`, `verified` (the restore dialog's rows).
- `restore(backup, target)` → `RestoreResult`; the base must be closed first
  (the restore takes the exclusive lock and refuses otherwise), then reopened.
- Errors on open, re-exported here for the GUI: `LockedError` (``.holder``: `LockInfo`,
  ``.read_only_possible``; reopen with ``Workspace.open(..., read_only=True)``),
  `DamagedError` (``.backup``: the newest verified `BackupInfo` to offer, ``.problems``),
  `NetworkShareError` (read-only still possible).

Rotation policy: see `storage.backup.RotationPolicy` (automatic backups GFS 7 daily /
4 weekly / 12 monthly; ``before-…`` backups the newest 10; manual ones kept), set in
`Settings.backup_keep_*`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from crm_desktop.config import Settings
from crm_desktop.domain.clock import Clock
from crm_desktop.errors import DatabaseError, UserError
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import backup as files
from crm_desktop.storage.backup import (
    BackupInfo,
    Progress,
    RestoreResult,
    RotationPolicy,
    list_backups,
)
from crm_desktop.storage.engine import SQLITE_HEADER, DamagedError, create_engine_for
from crm_desktop.storage.fs import NetworkShareError
from crm_desktop.storage.lock import LockedError, LockInfo

__all__ = [  # the GUI imports these from here (gui may not import storage)
    "BackupInfo",
    "DamagedError",
    "LockInfo",
    "LockedError",
    "NetworkShareError",
    "RestoreResult",
    "RotationPolicy",
    "auto_backup_on_start",
    "backup_before",
    "backup_now",
    "list_backups",
    "policy_from_settings",
    "restore",
    "rotate",
]


def policy_from_settings(settings: Settings) -> RotationPolicy:
    return RotationPolicy(
        daily=max(0, settings.backup_keep_daily),
        weekly=max(0, settings.backup_keep_weekly),
        monthly=max(0, settings.backup_keep_monthly),
        events=max(0, settings.backup_keep_events),
        manual=max(0, settings.backup_keep_manual),
    )


def _folder(ws: Workspace, dest_dir: Path | None) -> Path:
    if dest_dir is not None:
        return dest_dir
    if ws.backup_dir is None:  # PostgreSQL without a data folder: cannot happen via open
        raise UserError("No backup folder is configured; pass one (--to DIR).")
    return ws.backup_dir


def _sqlite_source(path: Path) -> Path:
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"Cannot read {path}: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a CRM Desktop base (not an SQLite file).")
    return path


def backup_now(
    target: Workspace | Path | str,
    dest_dir: Path | None = None,
    label: str = "manual",
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    policy: RotationPolicy | None = None,
) -> BackupInfo:
    """Make a verified backup of the open base (or of an SQLite file) and rotate.

    `dest_dir` defaults to the workspace's backup folder (a file's: ``backups`` beside
    it). Rotation runs after the backup with `policy` (default: the workspace's
    settings; none for a bare file unless given).
    """
    if isinstance(target, Workspace):
        folder = _folder(target, dest_dir)
        policy = policy or policy_from_settings(target.settings)
        if target.backend == "postgresql":
            info = files.make_pg_backup(target.db.engine, folder, label, now=now)
        else:
            assert target.path is not None
            info = files.make_sqlite_backup(target.path, folder, label, now=now, progress=progress)
    else:
        source = _sqlite_source(Path(target))
        folder = dest_dir or source.parent / "backups"
        info = files.make_sqlite_backup(source, folder, label, now=now, progress=progress)
    if policy is not None:
        rotate(folder, policy, base=info.base, now=now)
    return info


def backup_before(ws: Workspace, event: str, *, now: datetime | None = None) -> BackupInfo:
    """The safety backup before `event` (``import``, ``merge``, …): label ``before-EVENT``."""
    return backup_now(ws, label=f"before-{event}", now=now)


def rotate(
    folder: Path,
    policy: RotationPolicy | None = None,
    *,
    base: str | None = None,
    now: datetime | None = None,
) -> list[BackupInfo]:
    """Remove the backups `policy` does not keep (per base); return what was removed.

    Also sweeps temporary files of interrupted backups older than an hour.
    """
    policy = policy or RotationPolicy()
    backups = list_backups(folder)
    removed: list[BackupInfo] = []
    for stem in sorted({b.base for b in backups} if base is None else {base}):
        for info in files.plan_rotation([b for b in backups if b.base == stem], policy):
            files.remove_backup(info)
            removed.append(info)
    files.sweep_leftovers(folder, now=now)
    return removed


def auto_backup_on_start(ws: Workspace, clock: Clock | None = None) -> BackupInfo | None:
    """The automatic daily backup: made unless one exists for today (local date).

    Skipped when the setting `backup_on_start` is off or the base is open read-only
    (the program holding it makes its own).
    """
    if not ws.settings.backup_on_start or ws.read_only:
        return None
    now = clock.now().astimezone(clock.tz) if clock else datetime.now().astimezone()
    folder = _folder(ws, None)
    base = _base_stem(ws)
    today = now.astimezone().date()
    if any(
        b.kind == "auto" and b.created.astimezone().date() == today
        for b in list_backups(folder, base)
    ):
        return None
    return backup_now(ws, label="auto", now=now)


def _base_stem(ws: Workspace) -> str:
    if ws.path is not None:
        return ws.path.stem
    return ws.db.url.database or "postgres"


def restore(
    backup: Path,
    target: Path | str,
    *,
    backup_dir: Path | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Put `backup` in place of the base `target` (an SQLite path or a database URL).

    The current base is backed up first (or, when damaged, copied aside untouched) into
    `backup_dir` (default: the backup's folder). SQLite: refused while any program —
    this one included — has the base open (`LockedError`, exit 4).
    """
    folder = backup_dir or backup.parent
    text = str(target)
    if "://" in text and not text.startswith("sqlite"):
        engine = create_engine_for(make_url(text))
        try:
            return files.restore_pg_backup(backup, engine, folder)
        finally:
            engine.dispose()
    if backup.suffix == files.DUMP_SUFFIX:
        raise UserError(f"{backup} is a PostgreSQL backup; restore it into a PostgreSQL base.")
    path = Path(text.removeprefix("sqlite:///")) if text.startswith("sqlite") else Path(text)
    return files.restore_sqlite_file(backup, path, folder, now=now, progress=progress)
