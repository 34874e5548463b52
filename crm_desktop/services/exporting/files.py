"""Writing an export file safely: checked target, temporary name, atomic rename."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from crm_desktop.errors import UserError
from crm_desktop.services.exporting.headers import label
from crm_desktop.services.safe_output import safe_filename


def check_target(path: str | Path) -> Path:
    """The file to write, or a `UserError` when it is a folder or its folder is missing."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError(f"{target} is a folder; give the name of a file to write.")
    if not target.parent.is_dir():
        raise UserError(f"Cannot write {target}: the folder {target.parent} does not exist.")
    return target


@contextmanager
def atomic_file(path: str | Path) -> Iterator[Path]:
    """A temporary path in the target's folder, renamed over `path` when the block ends
    normally; removed when it fails or is cancelled (no partial file is ever left)."""
    target = check_target(path)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        tmp.open("xb").close()
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def suggested_filename(
    what: str, fmt: str, language: str, *, today: date | None = None, title: str = ""
) -> str:
    """'Contacts 2026-11-23.xlsx' ('Контакты …' in Russian); `title` (user text, such as
    a segment's name) replaces the kind and is made safe for every file system."""
    stem = safe_filename(f"{title or label(what, language)} {(today or date.today()).isoformat()}")
    return f"{stem}.{fmt}"
