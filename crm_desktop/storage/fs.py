"""Is a path on a network share? SQLite must not be written there.

SQLite's locking relies on the file system's byte-range locks, which network file
systems (SMB/CIFS, NFS, AFP, WebDAV, sshfs…) implement badly or not at all; two
computers writing one file over a share is how bases get corrupted. So a base on
a share is refused for writing, with a pointer to PostgreSQL server mode (reading
a copy stays possible: ``read_only=True``).

`network_location` is the one detector; its inputs (platform, mount table, the
Windows drive type) are injectable, so every branch is unit-tested on any OS:

- Windows: UNC paths (``\\\\server\\share\\…``, ``\\\\?\\UNC\\…``) and mapped drives
  (``GetDriveTypeW`` = ``DRIVE_REMOTE``).
- Linux: the file system type of the longest mount point containing the path,
  from ``/proc/self/mounts``.
- macOS and other BSDs: the same from the output of ``mount``
  (``//user@server/share on /Volumes/share (smbfs, …)``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from crm_desktop.errors import DatabaseError

NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smbfs",
        "smb2",
        "smb3",
        "afpfs",
        "afs",
        "ncpfs",
        "webdav",
        "davfs",
        "fuse.davfs2",
        "fuse.sshfs",
        "sshfs",
        "fuse.rclone",
        "9p",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "lustre",
    }
)
DRIVE_REMOTE = 4


class NetworkShareError(DatabaseError):
    """A base on a network share opened for writing (exit code 3)."""


@dataclass(frozen=True, slots=True)
class Mount:
    point: str
    fs_type: str
    source: str = ""


def _unescape_mount(field: str) -> str:
    # /proc/mounts escapes space, tab, newline and backslash as \040, \011, \012, \134
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 3 < len(field) and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_proc_mounts(text: str) -> list[Mount]:
    """Entries of ``/proc/mounts`` (``source point type options 0 0``)."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append(Mount(_unescape_mount(parts[1]), parts[2], _unescape_mount(parts[0])))
    return mounts


def parse_bsd_mount_output(text: str) -> list[Mount]:
    """Entries of macOS/BSD ``mount`` output: ``SOURCE on POINT (TYPE, options)``."""
    mounts = []
    for line in text.splitlines():
        source, sep, rest = line.partition(" on ")
        if not sep or " (" not in rest:
            continue
        point, _, opts = rest.rpartition(" (")
        fs_type = opts.rstrip(")").split(",")[0].strip()
        mounts.append(Mount(point, fs_type, source))
    return mounts


def system_mounts(platform: str = sys.platform) -> list[Mount]:
    """The mount table of this computer (empty when it cannot be read)."""
    if platform.startswith("linux"):
        for name in ("/proc/self/mounts", "/proc/mounts"):
            try:
                return parse_proc_mounts(Path(name).read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
        return []
    try:
        result = subprocess.run(["mount"], capture_output=True, text=True, timeout=3, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_bsd_mount_output(result.stdout)


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _containing_mount(path: str, mounts: Sequence[Mount]) -> Mount | None:
    best: Mount | None = None
    for m in mounts:
        point = m.point.rstrip("/") or "/"
        inside = path == point or path.startswith(point + "/") or point == "/"
        if inside and (best is None or len(point) > len(best.point.rstrip("/") or "/")):
            best = m
    return best


def network_location(
    path: str | os.PathLike[str],
    *,
    platform: str = sys.platform,
    mounts: Sequence[Mount] | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> str | None:
    """A description of the network share holding `path`, or None for a local disk."""
    text = os.fspath(path)
    if platform == "win32" or text.startswith(("\\\\", "//")):
        win = PureWindowsPath(text)
        drive = win.drive
        upper = text.upper()
        if upper.startswith(("\\\\?\\UNC\\", "//?/UNC/")):
            return f"the network share {text}"
        if drive.startswith(("\\\\", "//")) and not drive.startswith(("\\\\?\\", "\\\\.\\")):
            return f"the network share {drive}"
        if platform == "win32" and len(drive) == 2 and drive[1] == ":":
            kind = (drive_type or _windows_drive_type)(drive + "\\")
            if kind == DRIVE_REMOTE:
                return f"the network drive {drive}"
        return None
    table = system_mounts(platform) if mounts is None else mounts
    mount = _containing_mount(text, table)
    if mount is None:
        return None
    fs = mount.fs_type.lower()
    if fs in NETWORK_FS_TYPES or fs.startswith(("nfs", "smb", "cifs")):
        return f"a network share ({mount.fs_type} at {mount.point})"
    return None


def refuse_network_path(path: Path) -> None:
    """Raise `NetworkShareError` if `path` is on a network share (opening for writing)."""
    where = network_location(os.path.realpath(path))
    if where is not None:
        raise NetworkShareError(
            f"{path} is on {where}. CRM Desktop does not write a base file over the "
            "network: two computers writing one file corrupt it. Keep the file on this "
            "computer's disk, or share the base through a PostgreSQL server "
            "(--db postgresql://…). The file can still be opened read-only."
        )
