"""Single writer: a lock file beside an SQLite base, naming who holds it.

``crm.sqlite3.crm-lock`` is a small JSON document (host, user, PID, start time,
program version) created atomically: it is written under a temporary name,
fsynced, then *linked* to the final name, which fails if the name exists — so
two programs starting at once cannot both win, and nobody ever reads a
half-written lock.

Rules:

- A lock held by a live process is respected: `acquire` raises `LockedError`
  (exit code 4), whose message offers opening the base read-only.
- A lock of a process that is gone (same host, dead PID — or a PID that now
  belongs to a process started after the lock was written) is stale: it is
  cleared, and the new holder learns that the last session ended uncleanly
  (`BaseLock.unclean`), so the caller runs a full ``integrity_check``.
- A lock written on another host is always respected: its PID means nothing here.
- The lock belongs to a *process*: opening the same base again in the same
  process (a second `Workspace` in the GUI, a test fixture) shares it, counted;
  the file goes away when the last holder releases it. SQLite's own locking
  orders the transactions of those connections. `acquire(..., exclusive=True)`
  (restore) refuses even a holder in this process.

The PID check never signals a process: POSIX uses ``os.kill(pid, 0)`` (and
``/proc`` on Linux to tell zombies and reused PIDs); Windows uses
``OpenProcess``/``GetExitCodeProcess`` (``os.kill`` would terminate it there).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crm_desktop.errors import DatabaseLockedError

LOCK_SUFFIX = ".crm-lock"


@dataclass(frozen=True, slots=True)
class LockInfo:
    """Who holds a base: written into the lock file."""

    host: str
    user: str
    pid: int
    started: str  # ISO 8601, UTC
    program: str = "crm-desktop"

    @classmethod
    def current(cls) -> LockInfo:
        from crm_desktop import __version__

        try:
            user = getpass.getuser()
        except (OSError, KeyError, ImportError):
            user = ""
        return cls(
            host=socket.gethostname(),
            user=user,
            pid=os.getpid(),
            started=datetime.now(UTC).isoformat(timespec="seconds"),
            program=f"crm-desktop {__version__}",
        )

    @classmethod
    def from_json(cls, raw: Any) -> LockInfo | None:
        if not isinstance(raw, dict):
            return None
        try:
            return cls(
                host=str(raw["host"]),
                user=str(raw.get("user", "")),
                pid=int(raw["pid"]),
                started=str(raw.get("started", "")),
                program=str(raw.get("program", "")),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def describe(self) -> str:
        when = self.started.replace("T", " ")[:16]
        who = f"{self.user} on {self.host}" if self.user else self.host
        return f"{who} (process {self.pid}, since {when} UTC)"


class LockedError(DatabaseLockedError):
    """The base is open for writing in another program; read-only is still possible."""

    def __init__(self, message: str, holder: LockInfo | None, base: Path) -> None:
        super().__init__(message)
        self.holder = holder
        self.base = base
        self.read_only_possible = True


def lock_path(base: Path) -> Path:
    return base.with_name(base.name + LOCK_SUFFIX)


def read_lock(base: Path) -> LockInfo | None:
    """The holder recorded beside `base`, or None (no lock, or an unreadable one)."""
    try:
        raw = json.loads(lock_path(base).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return LockInfo.from_json(raw)


# --- is a process alive? -------------------------------------------------------------


def _linux_proc_stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: split after the last ')'
    return text[text.rfind(")") + 2 :].split()


def _linux_started_after(pid: int, moment: datetime) -> bool:
    """True if process `pid` started after `moment` (so it is not the lock's writer)."""
    fields = _linux_proc_stat(pid)
    if fields is None or len(fields) < 20:
        return False
    try:
        btime = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text(encoding="ascii").splitlines()
            if line.startswith("btime ")
        )
        ticks = int(fields[19])  # field 22: starttime, clock ticks after boot
        started = btime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, StopIteration, ValueError, IndexError):
        return False
    return started > moment.timestamp() + 2  # start times are rounded to the second


def _windows_pid_alive(pid: int) -> bool:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.OpenProcess.restype = wintypes.HANDLE
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        error: int = ctypes.get_last_error()  # type: ignore[attr-defined,unused-ignore]
        return error == 5  # access denied: it exists
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def pid_alive(pid: int, started: str = "") -> bool:
    """Whether `pid` is a live process that may have written a lock at `started`."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    if sys.platform.startswith("linux"):
        fields = _linux_proc_stat(pid)
        if fields and fields[0] in ("Z", "X"):  # a zombie: dead, not yet reaped
            return False
        try:
            moment = datetime.fromisoformat(started)
        except ValueError:
            return True
        if _linux_started_after(pid, moment):
            return False  # the PID was reused by a newer process
    return True


# --- the lock ------------------------------------------------------------------------


@dataclass
class _Held:
    info: LockInfo
    count: int


_held: dict[Path, _Held] = {}  # bases this process holds, with how many holders
_held_guard = threading.Lock()


class BaseLock:
    """A held lock on one base; `release()` is idempotent."""

    def __init__(self, base: Path, info: LockInfo, *, unclean: bool, stale: LockInfo | None):
        self.base = base
        self.info = info
        self.unclean = unclean  # a stale lock was cleared: the last session crashed
        self.stale = stale
        self._released = False

    @property
    def path(self) -> Path:
        return lock_path(self.base)

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        key = _key(self.base)
        with _held_guard:
            held = _held.get(key)
            if held is None:
                return
            held.count -= 1
            if held.count > 0:
                return
            del _held[key]
            if read_lock(self.base) == held.info:
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()

    def __enter__(self) -> BaseLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _key(base: Path) -> Path:
    return base.resolve()


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _create_exclusive(target: Path, info: LockInfo) -> None:
    """Create `target` holding `info`, complete, or raise FileExistsError."""
    data = json.dumps(asdict(info), ensure_ascii=False).encode("utf-8")
    tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, target)  # atomic, and fails if the lock exists
        except FileExistsError:
            raise
        except OSError:
            # a file system without hard links (FAT, some shares): exclusive create
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync_dir(target.parent)


def _clear_stale(target: Path, seen: LockInfo | None) -> None:
    """Remove the stale lock we read, never a fresh one another process just made."""
    aside = target.with_name(f"{target.name}.{os.getpid()}.stale")
    try:
        os.replace(target, aside)
    except FileNotFoundError:
        return
    try:
        raw = json.loads(aside.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = None
    if LockInfo.from_json(raw) != seen:  # someone replaced it meanwhile: put it back
        with contextlib.suppress(OSError):
            os.link(aside, target)
    with contextlib.suppress(OSError):
        aside.unlink()


def _locked_message(base: Path, holder: LockInfo | None, *, here: bool) -> str:
    if here:
        return f"{base} is already open in this program; close it first (or open it read-only)."
    who = holder.describe() if holder else "another program"
    return (
        f"{base} is open in another CRM Desktop: {who}. Close it there, or open the base read-only."
    )


def acquire(
    base: Path,
    *,
    exclusive: bool = False,
    alive: Callable[[int, str], bool] = pid_alive,
    host: str | None = None,
) -> BaseLock:
    """Take the write lock on `base` (an SQLite file path) or raise `LockedError`.

    `alive` and `host` are injectable for tests. A lock the process already holds is
    shared unless `exclusive`.
    """
    key = _key(base)
    me = LockInfo.current()
    this_host = host or me.host
    target = lock_path(base)
    with _held_guard:
        held = _held.get(key)
        if held is not None:
            if exclusive:
                raise LockedError(_locked_message(base, held.info, here=True), held.info, base)
            held.count += 1
            return BaseLock(base, held.info, unclean=False, stale=None)
        stale: LockInfo | None = None
        unclean = False
        for _attempt in range(5):
            try:
                _create_exclusive(target, me)
            except FileExistsError:
                holder = read_lock(base)
                if holder is None and target.exists():
                    # unreadable: not ours (ours are complete); treat as a crashed writer's
                    _clear_stale(target, None)
                    unclean = True
                    continue
                if holder is None:
                    continue  # vanished meanwhile: try again
                if holder.host != this_host:
                    raise LockedError(
                        _locked_message(base, holder, here=False), holder, base
                    ) from None
                if holder.pid != me.pid and alive(holder.pid, holder.started):
                    raise LockedError(
                        _locked_message(base, holder, here=False), holder, base
                    ) from None
                # dead writer (or our own PID from a previous life): stale
                _clear_stale(target, holder)
                stale, unclean = holder, True
                continue
            except OSError as exc:
                from crm_desktop.errors import DatabaseError

                raise DatabaseError(
                    f"Cannot create the lock file {target}: {exc.strerror}. "
                    "Check that the folder is writable, or open the base read-only."
                ) from exc
            _held[key] = _Held(me, 1)
            return BaseLock(base, me, unclean=unclean, stale=stale)
    holder = read_lock(base)
    raise LockedError(_locked_message(base, holder, here=False), holder, base)


def held_here(base: Path) -> bool:
    """Whether this process holds the lock on `base`."""
    with _held_guard:
        return _key(base) in _held
