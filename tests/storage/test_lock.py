"""Single writer: the lock file, read-only mode, stale locks, network shares."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_desktop.config import AppPaths
from crm_desktop.errors import DatabaseReadOnlyError
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import engine as engine_module
from crm_desktop.storage import fs
from crm_desktop.storage.engine import open_database
from crm_desktop.storage.fs import Mount, NetworkShareError, network_location
from crm_desktop.storage.lock import (
    LockedError,
    LockInfo,
    acquire,
    held_here,
    lock_path,
    pid_alive,
    read_lock,
)

HOLDER = textwrap.dedent(
    """
    import sys
    from crm_desktop.config import AppPaths
    from crm_desktop.services.workspace import Workspace
    ws = Workspace.open(sys.argv[1], paths=AppPaths.resolve(sys.argv[2]))
    print("ready", flush=True)
    sys.stdin.readline()
    ws.close()
    print("closed", flush=True)
    """
)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "crm.sqlite3"
    Workspace.open(str(path), paths=AppPaths.resolve(tmp_path / "data"), create=True).close()
    assert not lock_path(path).exists()
    return path


def _paths(tmp_path: Path) -> AppPaths:
    return AppPaths.resolve(tmp_path / "data")


@pytest.fixture
def holder(base: Path, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another program with the base open for writing."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(base), str(tmp_path / "data")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _write_lock(base: Path, **fields: object) -> None:
    info = {
        "host": socket.gethostname(),
        "user": "someone",
        "pid": _dead_pid(),
        "started": "2026-01-01T00:00:00+00:00",
        "program": "crm-desktop test",
    }
    info.update(fields)
    lock_path(base).write_text(json.dumps(info), encoding="utf-8")


def test_the_lock_records_host_user_pid_and_start(base: Path, tmp_path: Path) -> None:
    with Workspace.open(str(base), paths=_paths(tmp_path)):
        info = read_lock(base)
        assert info is not None
        assert info.pid == os.getpid() and info.host == socket.gethostname()
        assert info.user and info.started.startswith("20")
        assert held_here(base)
    assert not lock_path(base).exists()


def test_a_second_writer_is_refused_and_offered_read_only(
    base: Path, tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(LockedError) as caught:
        Workspace.open(str(base), paths=_paths(tmp_path))
    err = caught.value
    assert err.exit_code == 4 and err.read_only_possible
    assert err.holder is not None and err.holder.pid == holder.pid
    assert "read-only" in err.message and str(holder.pid) in err.message

    with Workspace.open(str(base), paths=_paths(tmp_path), read_only=True) as ro:
        assert ro.read_only
        with ro.read() as uow:
            assert uow.session.connection().exec_driver_sql("SELECT count(*) FROM users").scalar()
        with pytest.raises(DatabaseReadOnlyError, match="read-only"):
            ro.write()
        # even a write that bypasses the workspace is refused by the connection
        with (
            pytest.raises(DatabaseReadOnlyError),
            ro.db.translate_errors(),
            ro.db.engine.connect() as conn,
        ):
            conn.exec_driver_sql("INSERT INTO tags (name, name_key) VALUES ('x', 'x')")
    assert read_lock(base) is not None and read_lock(base).pid == holder.pid  # type: ignore[union-attr]

    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "closed"
    holder.wait(timeout=30)
    assert not lock_path(base).exists()
    Workspace.open(str(base), paths=_paths(tmp_path)).close()


def test_the_same_process_shares_its_lock(base: Path, tmp_path: Path) -> None:
    first = Workspace.open(str(base), paths=_paths(tmp_path))
    second = Workspace.open(str(base), paths=_paths(tmp_path))
    first.close()
    assert lock_path(base).exists()  # the second still holds it
    with pytest.raises(LockedError, match="already open in this program"):
        acquire(base, exclusive=True)
    second.close()
    assert not lock_path(base).exists()
    acquire(base, exclusive=True).release()


def test_a_stale_lock_is_cleared_and_triggers_a_full_check(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_lock(base)
    checks: list[bool] = []
    real = engine_module.verify_sqlite

    def spy(db: engine_module.Database, *, full: bool) -> None:
        checks.append(full)
        real(db, full=full)

    monkeypatch.setattr(engine_module, "verify_sqlite", spy)
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws:
        assert ws.db.lock is not None and ws.db.lock.unclean
        assert ws.db.lock.stale is not None and ws.db.lock.stale.user == "someone"
        assert read_lock(base) is not None and read_lock(base).pid == os.getpid()  # type: ignore[union-attr]
    with Workspace.open(str(base), paths=_paths(tmp_path)) as ws:
        assert ws.db.lock is not None and not ws.db.lock.unclean
    assert checks == [True, False]  # integrity_check after the crash, then quick_check


def test_a_killed_writer_leaves_a_lock_that_the_next_start_clears(
    base: Path, tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert read_lock(base) is not None  # left behind
    db = open_database(f"sqlite:///{base}")
    try:
        assert db.lock is not None and db.lock.unclean
    finally:
        db.dispose()


def test_a_lock_from_another_host_is_respected(base: Path, tmp_path: Path) -> None:
    _write_lock(base, host="accounting-pc", pid=1, user="olga")
    with pytest.raises(LockedError, match="olga on accounting-pc"):
        Workspace.open(str(base), paths=_paths(tmp_path))
    assert read_lock(base) is not None and read_lock(base).host == "accounting-pc"  # type: ignore[union-attr]


def test_a_garbled_lock_is_treated_as_stale(base: Path) -> None:
    lock_path(base).write_bytes(b"\x00\x01not json")
    lock = acquire(base)
    try:
        assert lock.unclean and read_lock(base) == lock.info
    finally:
        lock.release()


def test_a_live_pid_on_this_host_is_respected(base: Path) -> None:
    _write_lock(base, pid=12345)
    with pytest.raises(LockedError):
        acquire(base, alive=lambda pid, started: True)
    lock = acquire(base, alive=lambda pid, started: False)
    lock.release()


def test_pid_alive() -> None:
    assert pid_alive(os.getpid(), LockInfo.current().started)
    assert not pid_alive(_dead_pid())
    assert not pid_alive(0) and not pid_alive(-5)


# --- network shares ----------------------------------------------------------------

LINUX_MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
server:/export/crm /mnt/crm nfs4 rw,relatime,vers=4.2 0 0
//nas/office /home/olga/Office\\040Share cifs rw,vers=3.0 0 0
/dev/sdb1 /mnt/crm/local-disk ext4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""

MAC_MOUNT = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
//olga@nas._smb._tcp.local/Office on /Volumes/Office (smbfs, nodev, nosuid, mounted by olga)
/dev/disk5s1 on /Volumes/USB Stick (msdos, local, nodev, nosuid, noowners)
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/home/olga/crm.sqlite3", False),
        ("/mnt/crm/crm.sqlite3", True),
        ("/mnt/crm/local-disk/crm.sqlite3", False),  # the longest mount point wins
        ("/mnt/crmx/crm.sqlite3", False),  # a prefix of the name is not the mount
        ("/home/olga/Office Share/crm.sqlite3", True),  # \040 unescaped
        ("/tmp/crm.sqlite3", False),
    ],
)
def test_linux_mount_table(path: str, network: bool) -> None:
    mounts = fs.parse_proc_mounts(LINUX_MOUNTS)
    found = network_location(path, platform="linux", mounts=mounts)
    assert (found is not None) == network, found


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/Users/olga/crm.sqlite3", False),
        ("/Volumes/Office/crm.sqlite3", True),
        ("/Volumes/USB Stick/crm.sqlite3", False),
    ],
)
def test_macos_mount_output(path: str, network: bool) -> None:
    mounts = fs.parse_bsd_mount_output(MAC_MOUNT)
    assert (network_location(path, platform="darwin", mounts=mounts) is not None) == network


@pytest.mark.parametrize(
    ("path", "drive_type", "network"),
    [
        (r"\\server\share\crm.sqlite3", 3, True),
        (r"\\?\UNC\server\share\crm.sqlite3", 3, True),
        (r"\\?\C:\Users\olga\crm.sqlite3", 3, False),
        (r"C:\Users\olga\crm.sqlite3", 3, False),  # DRIVE_FIXED
        (r"Z:\crm\crm.sqlite3", 4, True),  # DRIVE_REMOTE: a mapped network drive
    ],
)
def test_windows_paths(path: str, drive_type: int, network: bool) -> None:
    asked: list[str] = []

    def kind(root: str) -> int:
        asked.append(root)
        return drive_type

    found = network_location(path, platform="win32", drive_type=kind)
    assert (found is not None) == network, found
    if path[1] == ":":
        assert asked == [path[:2] + "\\"]


def test_a_base_on_a_network_share_is_refused_for_writing_only(
    base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = [Mount(str(tmp_path), "cifs", "//nas/office")]
    monkeypatch.setattr(fs, "system_mounts", lambda platform=sys.platform: share)
    with pytest.raises(NetworkShareError, match="PostgreSQL") as caught:
        Workspace.open(str(base), paths=_paths(tmp_path))
    assert caught.value.exit_code == 3
    assert not lock_path(base).exists()
    with Workspace.open(str(base), paths=_paths(tmp_path), read_only=True) as ro:
        assert ro.read_only


def test_this_machines_temp_folder_is_local(tmp_path: Path) -> None:
    # The real detector on the real mount table: the test folder is not a share.
    assert network_location(tmp_path.resolve()) is None
