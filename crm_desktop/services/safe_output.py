"""What every file the program writes does with user text: no formulas, no paths.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and
some a tab, CR or LF first) as a formula, so text a client typed into a card could
turn into a command when a colleague opens the export (OWASP, "CSV Injection").

- In ``.csv`` such text is written with a leading apostrophe (`csv_text`): Excel and
  LibreOffice show it as text, and our own importer drops a leading apostrophe, so
  an export → import round trip gives the text back unchanged.
- In ``.xlsx`` a user-text cell is stored as a string cell (`xlsx_text_cell`), never
  a formula; the text itself is kept as typed.

`atomic_file` is how every export is written: a hidden temporary name in the target's
folder, renamed over the target when complete — a failure or a cancel leaves no
half-written file and an existing file of that name untouched.

`safe_filename` turns a title ("Отчёт: продажи 01/2026") into a file name that
every system accepts: no path separators, no reserved device names.
"""

from __future__ import annotations

import os
import re
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crm_desktop.errors import UserError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """`text` for a CSV cell: a leading apostrophe when it would start a formula."""
    return "'" + text if is_formula_like(text) else text


def xlsx_text_cell(cell: Any, text: str) -> None:
    """Store `text` in an openpyxl cell as a string, whatever it starts with."""
    cell.value = text
    cell.data_type = "s"


_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
MAX_NAME = 120


def safe_filename(name: str, default: str = "export") -> str:
    """A file name (without folder) made from `name`: separators, reserved characters
    and Windows device names (``CON``, ``LPT1`` …) replaced, dots and spaces trimmed
    from the ends, at most `MAX_NAME` characters; `default` when nothing is left."""
    text = unicodedata.normalize("NFC", name)
    text = _BAD_CHARS.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" ._")
    text = text[:MAX_NAME].rstrip(" .")
    stem = text.split(".", 1)[0].upper()
    if stem in _RESERVED:
        text = "_" + text
    return text or default


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
    normally; removed when it fails or is cancelled (no partial file is ever left).
    The file gets the usual permissions of a new file (the umask), like any export."""
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
