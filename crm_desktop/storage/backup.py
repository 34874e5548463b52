"""Verified copies of an SQLite base (the SQLite online backup API)."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime
from pathlib import Path

from crm_desktop.errors import DatabaseError


def backup_sqlite_file(source: Path, dest_dir: Path, label: str) -> Path:
    """Copy `source` into `dest_dir` under a temporary name, verify it, then rename it.

    Returns the final path. Raises `DatabaseError` if the copy cannot be made or
    fails its integrity check; a failed copy never takes a final name.
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    final = dest_dir / f"{source.stem}-{stamp}-{label}.sqlite3"
    tmp = final.with_suffix(".partial")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                verdict = dst.execute("PRAGMA integrity_check").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
        if not verdict or verdict[0] != "ok":
            raise DatabaseError(f"The backup of {source} failed its integrity check: {verdict}.")
        tmp.replace(final)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise DatabaseError(f"Cannot back up {source} into {dest_dir}: {exc}.") from exc
    return final
