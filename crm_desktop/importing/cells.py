"""Cell values as the readers give them, and their text form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

Cell = str | int | float | bool | date | datetime | time | timedelta | None
"""One cell. Readers give '' for an empty cell; None is accepted everywhere as empty too."""

Row = tuple[int, list[Cell]]
"""(row number as in the file, cells from column A on); a row may be shorter than others."""

MAX_CELL_CHARS = 32767  # Excel's own limit for one cell

_APOSTROPHES = ("'", "\u2019")


def is_blank(value: Cell) -> bool:
    """True for None, '' and whitespace-only text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value or value.isspace()
    return False


def cell_text(value: Cell) -> str:
    """The text of a cell as a person reads it: stripped, without Excel's leading apostrophe.

    Integral floats lose their '.0' (a phone typed as a number); dates become ISO text.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in _APOSTROPHES:
            text = text[1:].strip()
        return text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class MergedRange:
    """A merged block: rows are file row numbers, columns 0-based, both inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
