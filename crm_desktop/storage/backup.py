"""Verified backups of a base: make, list, rotate, restore (SQLite; PostgreSQL via pg_dump).

A backup never lies under its final name unless it is complete and verified:

1. The copy is made with SQLite's online backup API into a hidden temporary name in
   the backup folder (``.crm-….sqlite3.<pid>.partial``), inside one read
   transaction on the source, so the row counts read from the source and the pages
   copied are the same snapshot. The copy is switched to ``journal_mode=DELETE`` —
   one self-contained file.
2. It is verified: ``PRAGMA integrity_check`` is ``ok`` and the row count of every
   table equals the source's.
3. The file is fsynced, a sidecar ``<backup>.json`` (date, label, size, counts,
   schema) is written atomically (temporary name, fsync, rename), then the backup
   is renamed to its final name and the folder fsynced.

A crash at any point leaves at most a ``.partial`` file (swept by `rotate`) or a
sidecar without its backup (ignored, swept). Names: ``<base>-YYYYmmdd-HHMMSS-<label>``
with ``.sqlite3`` (SQLite) or ``.dump`` (PostgreSQL custom-format dump); labels are
``auto`` (daily, on start), ``manual``, and ``before-…`` (before a migration, an
import, a restore).

Restore verifies the backup, backs up the current file (or, when it is damaged,
copies it aside untouched as ``…-damaged.sqlite3.aside``), copies the backup next
to the target under a temporary name and verifies it, removes the target's
``-wal``/``-shm`` (a stale WAL replayed onto another file would corrupt it), then
renames the copy over the target — all under the exclusive write lock.

Durability: the live base runs with ``synchronous=FULL`` (engine.py), so a
committed transaction survives power loss in WAL mode; backups are fsynced
before their rename and the folder after it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from crm_desktop.errors import DatabaseCorruptError, DatabaseError, DiskFullError, UserError

SQLITE_SUFFIX = ".sqlite3"
DUMP_SUFFIX = ".dump"
SIDECAR_SUFFIX = ".json"
PARTIAL_SUFFIX = ".partial"
ASIDE_SUFFIX = ".aside"
MAIN_TABLES = ("organizations", "persons", "deals", "activities", "notes")
SIDECAR_FORMAT = 1

_NAME = re.compile(
    r"^(?P<stem>.+?)-(?P<stamp>\d{8}-\d{6})-(?P<label>[A-Za-z0-9_.-]+?)"
    r"(?P<ext>\.sqlite3|\.dump)$"
)
_LABEL_OK = re.compile(r"^[a-z0-9][a-z0-9._-]{0,60}$")

Progress = Callable[[int, int, int], object]  # sqlite3 backup progress (status, remaining, total)
BackupKind = Literal["auto", "manual", "event"]


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file, as listed and as the restore dialog shows it."""

    path: Path
    created: datetime  # aware
    label: str
    size: int
    counts: dict[str, int] = field(default_factory=dict)  # every table's row count
    base: str = ""  # the stem of the base it copies
    source: str = ""  # the base's file or (password-free) URL
    schema: str | None = None
    verified: bool = False  # made and verified by this program (sidecar present)
    backend: Literal["sqlite", "postgresql"] = "sqlite"

    @property
    def kind(self) -> BackupKind:
        if self.label == "auto":
            return "auto"
        if self.label.startswith("before-"):
            return "event"
        return "manual"

    @property
    def main_counts(self) -> dict[str, int]:
        return {t: self.counts[t] for t in MAIN_TABLES if t in self.counts}

    def describe_counts(self) -> str:
        return ", ".join(f"{n} {t}" for t, n in self.main_counts.items())

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.path.name,
            "path": str(self.path),
            "created": self.created.isoformat(timespec="seconds"),
            "label": self.label,
            "kind": self.kind,
            "size": self.size,
            "counts": dict(self.counts),
            "base": self.base,
            "source": self.source,
            "schema": self.schema,
            "verified": self.verified,
            "backend": self.backend,
        }


@dataclass(frozen=True, slots=True)
class RotationPolicy:
    """How many backups rotation keeps.

    Automatic daily backups (label ``auto``) rotate grandfather-father-son: the newest
    backup of each of the last `daily` days that have one, of the last `weekly` ISO
    weeks, of the last `monthly` months. Backups made before a migration, an import or
    a restore (``before-…``) are kept apart: the newest `events`. Manual backups are a
    deliberate act: the newest `manual` are kept. For `events` and `manual`, 0 keeps
    all; for the periods, 0 keeps none. The newest verified backup is never removed.
    """

    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    events: int = 10
    manual: int = 0


# --- small file helpers --------------------------------------------------------------


def fsync_file(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_json_atomically(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        remove_temporary(tmp)
        raise


def remove_temporary(tmp: Path) -> None:
    """Remove a temporary copy and SQLite's files beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(tmp) + suffix).unlink()


def sidecar_of(backup: Path) -> Path:
    return backup.with_name(backup.name + SIDECAR_SUFFIX)


def _ro_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def _local(moment: datetime | None) -> datetime:
    return (moment or datetime.now(UTC)).astimezone()


def _os_error(exc: OSError, what: str) -> DatabaseError:
    if getattr(exc, "errno", None) == 28:  # ENOSPC
        return DiskFullError(f"The disk is full: {what} was not made; free some space.")
    return DatabaseError(f"{what} failed: {exc.strerror or exc}.")


def _final_name(dest_dir: Path, stem: str, moment: datetime, label: str, ext: str) -> Path:
    """A free final name; the seconds are bumped on a clash (two backups in a second)."""
    for step in range(0, 600):
        stamp = (moment + timedelta(seconds=step)).strftime("%Y%m%d-%H%M%S")
        final = dest_dir / f"{stem}-{stamp}-{label}{ext}"
        if not final.exists() and not sidecar_of(final).exists():
            return final
    raise DatabaseError(f"Too many backups in {dest_dir} for one moment.")


def check_label(label: str) -> str:
    if not _LABEL_OK.match(label):
        raise UserError(
            f"Bad backup label {label!r}: use lowercase letters, digits, '.', '-' or '_'."
        )
    return label


# --- reading an SQLite file ----------------------------------------------------------


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Row counts of every ordinary table (virtual tables are counted via their shadows)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def _schema_of(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def integrity_problems(conn: sqlite3.Connection, pragma: str = "integrity_check") -> list[str]:
    """[] when sound, else SQLite's first complaints."""
    rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}(20)").fetchall()]
    return [] if rows == ["ok"] else rows


@dataclass(frozen=True, slots=True)
class FileVerdict:
    problems: list[str]
    counts: dict[str, int]
    schema: str | None


def inspect_sqlite_file(path: Path, *, full: bool = True) -> FileVerdict:
    """Check an SQLite file read-only: integrity (full or quick), counts, schema."""
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True)
    except sqlite3.Error as exc:
        return FileVerdict([str(exc)], {}, None)
    try:
        try:
            problems = integrity_problems(conn, "integrity_check" if full else "quick_check")
            counts = table_counts(conn) if not problems else {}
            schema = _schema_of(conn)
        except sqlite3.Error as exc:
            return FileVerdict([str(exc)], {}, None)
    finally:
        conn.close()
    return FileVerdict(problems, counts, schema)


# --- making a backup -----------------------------------------------------------------


def make_sqlite_backup(
    source: Path,
    dest_dir: Path,
    label: str,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    pages_per_step: int = 1024,
) -> BackupInfo:
    """Copy `source` into `dest_dir`, verified; return the backup (see module docstring).

    `progress(status, remaining, total)` is called between steps (and may raise, which
    abandons the copy). Raises `DatabaseError` (or `DiskFullError`) when the copy cannot
    be made or fails verification; nothing is then left under a final name.
    """
    check_label(label)
    moment = _local(now)
    what = f"The backup of {source}"
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, what) from exc
    final = _final_name(dest_dir, source.stem, moment, label, SQLITE_SUFFIX)
    tmp = dest_dir / f".{final.name}.{os.getpid()}{PARTIAL_SUFFIX}"
    sidecar = sidecar_of(final)
    try:
        src = sqlite3.connect(_ro_uri(source), uri=True, isolation_level=None, timeout=10)
        try:
            src.execute("BEGIN")
            counts = table_counts(src)  # opens the read snapshot the copy will use
            dst = sqlite3.connect(tmp, isolation_level=None)
            try:
                src.backup(dst, pages=pages_per_step, progress=progress)
                dst.execute("PRAGMA journal_mode=DELETE")
                problems = integrity_problems(dst)
                copied = table_counts(dst) if not problems else {}
                schema = _schema_of(dst)
            finally:
                dst.close()
            src.execute("COMMIT")
        finally:
            src.close()
        if problems:
            raise DatabaseCorruptError(
                f"{what} failed its integrity check ({'; '.join(problems[:3])}): the base "
                "itself may be damaged. Nothing was saved under a backup name."
            )
        if copied != counts:
            diff = sorted(t for t in counts if copied.get(t) != counts[t])
            raise DatabaseError(f"{what} does not match the base (tables {diff}); not kept.")
        fsync_file(tmp)
        info = BackupInfo(
            path=final,
            created=moment,
            label=label,
            size=tmp.stat().st_size,
            counts=counts,
            base=source.stem,
            source=str(source),
            schema=schema,
            verified=True,
        )
        write_json_atomically(sidecar, _sidecar_json(info))
        os.replace(tmp, final)
        fsync_dir(dest_dir)
    except BaseException as exc:
        remove_temporary(tmp)
        if not final.exists():
            with contextlib.suppress(OSError):
                sidecar.unlink()
        if isinstance(exc, OSError):
            raise _os_error(exc, what) from exc
        if isinstance(exc, sqlite3.Error):
            text = str(exc)
            if "full" in text:
                raise DiskFullError(f"The disk is full: {what} was not made.") from exc
            if "malformed" in text or "corrupt" in text:
                raise DatabaseCorruptError(f"{what} failed: the base is damaged ({text}).") from exc
            raise DatabaseError(f"{what} failed: {text}.") from exc
        raise
    return info


def backup_sqlite_file(source: Path, dest_dir: Path, label: str) -> Path:
    """`make_sqlite_backup` returning the final path (kept for migrate.py)."""
    return make_sqlite_backup(source, dest_dir, label).path


def _sidecar_json(info: BackupInfo) -> dict[str, Any]:
    data = info.to_json()
    data["format"] = SIDECAR_FORMAT
    data["integrity"] = "ok"
    del data["path"]
    return data


# --- listing ---------------------------------------------------------------------------


def _parse_name(path: Path) -> tuple[str, datetime, str] | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    try:
        naive = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return m["stem"], naive.astimezone(), m["label"]


def read_backup_info(path: Path, *, read_counts: bool = True) -> BackupInfo | None:
    """A backup's description from its sidecar, else from its name (and file)."""
    parsed = _parse_name(path)
    if parsed is None or not path.is_file():
        return None
    stem, created, label = parsed
    size = path.stat().st_size
    backend: Literal["sqlite", "postgresql"] = (
        "postgresql" if path.suffix == DUMP_SUFFIX else "sqlite"
    )
    try:
        raw = json.loads(sidecar_of(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = None
    if isinstance(raw, dict) and raw.get("file") == path.name:
        with contextlib.suppress(TypeError, ValueError):
            created = datetime.fromisoformat(str(raw["created"]))
        counts = raw.get("counts") if isinstance(raw.get("counts"), dict) else {}
        return BackupInfo(
            path=path,
            created=created,
            label=str(raw.get("label", label)),
            size=size,
            counts={str(k): int(v) for k, v in (counts or {}).items()},
            base=str(raw.get("base", stem)),
            source=str(raw.get("source", "")),
            schema=raw.get("schema"),
            verified=raw.get("integrity") == "ok" and int(raw.get("size", -1)) == size,
            backend=backend,
        )
    counts = {}
    schema = None
    if read_counts and backend == "sqlite":
        with contextlib.suppress(sqlite3.Error):
            conn = sqlite3.connect(_ro_uri(path), uri=True)
            try:
                for t in MAIN_TABLES:
                    with contextlib.suppress(sqlite3.Error):
                        counts[t] = int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
                schema = _schema_of(conn)
            finally:
                conn.close()
    return BackupInfo(path, created, label, size, counts, stem, "", schema, False, backend)


def list_backups(folder: Path, base: str | None = None) -> list[BackupInfo]:
    """The backups in `folder` (of the base with stem `base`, or all), newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if path.name.startswith(".") or path.suffix not in (SQLITE_SUFFIX, DUMP_SUFFIX):
            continue
        info = read_backup_info(path)
        if info is not None and (base is None or info.base == base):
            found.append(info)
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return found


def newest_verified(folder: Path, base: str | None = None) -> BackupInfo | None:
    return next((b for b in list_backups(folder, base) if b.verified), None)


# --- rotation ----------------------------------------------------------------------


def _keep_newest_per_period(
    backups: list[BackupInfo], periods: int, key: Callable[[date], object]
) -> set[Path]:
    kept: set[Path] = set()
    seen: list[object] = []
    for b in backups:  # newest first
        period = key(b.created.astimezone().date())
        if period in seen:
            continue
        if len(seen) >= periods:
            break
        seen.append(period)
        kept.add(b.path)
    return kept


def plan_rotation(backups: Iterable[BackupInfo], policy: RotationPolicy) -> list[BackupInfo]:
    """The backups `policy` removes (input and output newest first)."""
    ordered = sorted(backups, key=lambda b: (b.created, b.path.name), reverse=True)
    keep: set[Path] = set()
    auto = [b for b in ordered if b.kind == "auto"]
    keep |= _keep_newest_per_period(auto, policy.daily, lambda d: d)
    keep |= _keep_newest_per_period(auto, policy.weekly, lambda d: d.isocalendar()[:2])
    keep |= _keep_newest_per_period(auto, policy.monthly, lambda d: (d.year, d.month))
    for kind, limit in (("event", policy.events), ("manual", policy.manual)):
        group = [b for b in ordered if b.kind == kind]
        keep |= {b.path for b in (group if limit <= 0 else group[:limit])}
    newest = next((b for b in ordered if b.verified), None)
    if newest is not None:
        keep.add(newest.path)
    return [b for b in ordered if b.path not in keep]


def sweep_leftovers(folder: Path, *, now: datetime | None = None, age: float = 3600) -> int:
    """Remove temporary files of interrupted backups (older than `age` seconds)."""
    if not folder.is_dir():
        return 0
    limit = (now or datetime.now(UTC)).timestamp() - age
    removed = 0
    for path in folder.iterdir():
        orphan_sidecar = path.name.endswith(SQLITE_SUFFIX + SIDECAR_SUFFIX) or path.name.endswith(
            DUMP_SUFFIX + SIDECAR_SUFFIX
        )
        temporary = path.name.startswith(".") and (
            PARTIAL_SUFFIX in path.name or path.name.endswith(".tmp")
        )
        stray = orphan_sidecar and not path.with_name(path.name[: -len(SIDECAR_SUFFIX)]).exists()
        leftover = temporary or stray
        with contextlib.suppress(OSError):
            if leftover and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
    return removed


def remove_backup(info: BackupInfo) -> None:
    info.path.unlink(missing_ok=True)
    sidecar_of(info.path).unlink(missing_ok=True)


# --- restoring ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored: BackupInfo  # the backup that is now the base
    previous: BackupInfo | None  # the verified backup of the replaced base
    set_aside: Path | None  # the replaced base copied untouched (when it was damaged)


def verify_backup(path: Path) -> BackupInfo:
    """Check a backup before it is used: integrity, counts (against its sidecar)."""
    if not path.is_file():
        raise UserError(f"There is no backup at {path}.")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseError(f"Cannot read {path}: {exc.strerror}.") from exc
    if header != b"SQLite format 3\x00":
        raise DatabaseError(f"{path} is not a CRM Desktop backup (not an SQLite file).")
    verdict = inspect_sqlite_file(path, full=True)
    if verdict.problems:
        raise DatabaseCorruptError(
            f"The backup {path} is damaged ({'; '.join(verdict.problems[:3])}); choose another one."
        )
    if verdict.schema is None:
        raise DatabaseError(f"{path} is not a CRM Desktop backup (no schema version).")
    info = read_backup_info(path, read_counts=False)
    if info is not None and info.verified and info.counts and info.counts != verdict.counts:
        raise DatabaseCorruptError(
            f"The backup {path} does not hold what was recorded when it was made; "
            "choose another one."
        )
    created = info.created if info else datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    return BackupInfo(
        path=path,
        created=created,
        label=info.label if info else "file",
        size=path.stat().st_size,
        counts=verdict.counts,
        base=info.base if info else path.stem,
        source=info.source if info else "",
        schema=verdict.schema,
        verified=True,
    )


def set_aside(target: Path, dest_dir: Path, *, now: datetime | None = None) -> Path:
    """Copy `target` (with its -wal) untouched into `dest_dir`; return the copy."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = _local(now).strftime("%Y%m%d-%H%M%S")
    aside = dest_dir / f"{target.stem}-{stamp}-damaged{SQLITE_SUFFIX}{ASIDE_SUFFIX}"
    n = 1
    while aside.exists():
        n += 1
        aside = dest_dir / f"{target.stem}-{stamp}-damaged-{n}{SQLITE_SUFFIX}{ASIDE_SUFFIX}"
    shutil.copy2(target, aside)
    wal = Path(str(target) + "-wal")
    if wal.exists():
        shutil.copy2(wal, Path(str(aside) + "-wal"))
    fsync_file(aside)
    fsync_dir(dest_dir)
    return aside


def restore_sqlite_file(
    backup: Path,
    target: Path,
    backup_dir: Path,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Replace `target` by `backup` (see module docstring). Refused while the base is open."""
    from crm_desktop.storage.lock import acquire

    if backup.resolve() == target.resolve():
        raise UserError("A base cannot be restored from itself.")
    with acquire(target, exclusive=True):
        info = verify_backup(backup)
        previous: BackupInfo | None = None
        aside: Path | None = None
        if target.exists() and target.stat().st_size > 0:
            try:
                previous = make_sqlite_backup(target, backup_dir, "before-restore", now=now)
            except (DatabaseCorruptError, DatabaseError) as exc:
                if isinstance(exc, DiskFullError):
                    raise
                aside = set_aside(target, backup_dir, now=now)
        target.parent.mkdir(parents=True, exist_ok=True)
        for leftover in target.parent.glob(f".{target.name}.*.restore{PARTIAL_SUFFIX}*"):
            with contextlib.suppress(OSError):  # an interrupted restore's copy (we hold the lock)
                leftover.unlink()
        tmp = target.with_name(f".{target.name}.{os.getpid()}.restore{PARTIAL_SUFFIX}")
        try:
            src = sqlite3.connect(_ro_uri(backup), uri=True)
            try:
                dst = sqlite3.connect(tmp, isolation_level=None)
                try:
                    src.backup(dst, progress=progress)
                    dst.execute("PRAGMA journal_mode=DELETE")
                    problems = integrity_problems(dst)
                    copied = table_counts(dst) if not problems else {}
                finally:
                    dst.close()
            finally:
                src.close()
            if problems or copied != info.counts:
                raise DatabaseError(f"The copy of {backup} did not verify; the base is unchanged.")
            fsync_file(tmp)
            # A stale WAL left beside the target would be replayed onto the restored file.
            for suffix in ("-wal", "-shm", "-journal"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            os.replace(tmp, target)
            fsync_dir(target.parent)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            if isinstance(exc, OSError):
                raise _os_error(exc, f"The restore of {backup}") from exc
            if isinstance(exc, sqlite3.Error):
                raise DatabaseError(f"The restore of {backup} failed: {exc}.") from exc
            raise
    return RestoreResult(info, previous, aside)


# --- PostgreSQL: pg_dump / pg_restore ------------------------------------------------


class ToolMissingError(UserError):
    """pg_dump/pg_restore are not installed (exit code 3)."""

    exit_code = 3


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program, or a clear `ToolMissingError`."""
    found = shutil.which(name)
    if found is None:
        raise ToolMissingError(
            f"{name} is not installed (or not on PATH): backups of a PostgreSQL base use "
            "the PostgreSQL client programs pg_dump and pg_restore. Install them "
            "(e.g. the 'postgresql-client' package) or ask your administrator."
        )
    return found


def _libpq(url: Any) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment carrying it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run_tool(cmd: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    except OSError as exc:
        raise DatabaseError(f"{what} failed: {exc.strerror}.") from exc
    if result.returncode != 0:
        lines = [ln for ln in result.stderr.strip().splitlines() if ln.strip()]
        raise DatabaseError(
            f"{what} failed: {lines[0] if lines else 'exit ' + str(result.returncode)}"
        )
    return result


def make_pg_backup(
    engine: Any, dest_dir: Path, label: str, *, now: datetime | None = None
) -> BackupInfo:
    """pg_dump (custom format) of the base behind `engine`, verified with pg_restore --list.

    The dump and the recorded counts share one exported snapshot.
    """
    check_label(label)
    dump, lister = pg_tool("pg_dump"), pg_tool("pg_restore")
    moment = _local(now)
    url = engine.url
    stem = f"{url.database or 'postgres'}"
    dest_dir.mkdir(parents=True, exist_ok=True)
    final = _final_name(dest_dir, stem, moment, label, DUMP_SUFFIX)
    tmp = dest_dir / f".{final.name}.{os.getpid()}{PARTIAL_SUFFIX}"
    conninfo, env = _libpq(url)
    what = f"The backup of {url.render_as_string(hide_password=True)}"
    try:
        repeatable = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        with repeatable as conn, conn.begin():
            snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
            names = (
                conn.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "ORDER BY tablename"
                )
                .scalars()
                .all()
            )
            counts = {
                n: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{n}"').scalar() or 0)
                for n in names
            }
            schema = (
                counts and conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            )
            _run_tool(
                [
                    dump,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={tmp}",
                    f"--dbname={conninfo}",
                ],
                env,
                what,
            )
        listing = _run_tool([lister, "--list", str(tmp)], env, f"{what} (check)").stdout
        missing = [n for n in names if f"TABLE DATA public {n} " not in listing]
        if missing:
            raise DatabaseError(f"{what} is incomplete (no data for {missing[:3]}); not kept.")
        fsync_file(tmp)
        info = BackupInfo(
            path=final,
            created=moment,
            label=label,
            size=tmp.stat().st_size,
            counts=counts,
            base=stem,
            source=url.render_as_string(hide_password=True),
            schema=str(schema) if schema else None,
            verified=True,
            backend="postgresql",
        )
        write_json_atomically(sidecar_of(final), _sidecar_json(info))
        os.replace(tmp, final)
        fsync_dir(dest_dir)
    except BaseException:
        remove_temporary(tmp)
        if not final.exists():
            with contextlib.suppress(OSError):
                sidecar_of(final).unlink()
        raise
    return info


def restore_pg_backup(dump_file: Path, engine: Any, backup_dir: Path) -> RestoreResult:
    """Back up the current PostgreSQL base, then pg_restore `dump_file` in one transaction."""
    restorer = pg_tool("pg_restore")
    info = read_backup_info(dump_file, read_counts=False)
    if info is None or info.backend != "postgresql":
        raise UserError(f"{dump_file} is not a CRM Desktop PostgreSQL backup (.dump).")
    conninfo, env = _libpq(engine.url)
    _run_tool([restorer, "--list", str(dump_file)], env, f"Reading {dump_file}")
    previous = make_pg_backup(engine, backup_dir, "before-restore")
    engine.dispose()
    _run_tool(
        [
            restorer,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={conninfo}",
            str(dump_file),
        ],
        env,
        f"The restore of {dump_file}",
    )
    return RestoreResult(info, previous, None)
