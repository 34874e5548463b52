"""A `Table` to `.csv` and `.xlsx`.

CSV: UTF-8 with a BOM (Excel then reads the Cyrillic right), `;` between values for
Russian (Excel in a Russian locale expects it, with a decimal comma) and `,` for
English, quoted by the csv module; user text passes `safe_output.csv_text`.

XLSX: openpyxl in write-only mode (rows streamed to the file), the header bold and
frozen, numbers and dates as typed cells, user text as string cells
(`safe_output.xlsx_text_cell`: never a formula). Characters XML cannot hold (control
characters other than tab, CR, LF) are dropped, and text is cut at Excel's 32,767
characters per cell.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from crm_desktop.services.exporting.headers import label
from crm_desktop.services.exporting.tables import Table, Value
from crm_desktop.services.progress import Progress
from crm_desktop.services.safe_output import csv_text, xlsx_text_cell

MAX_CELL_CHARS = 32767


def csv_delimiter(language: str) -> str:
    return ";" if language == "ru" else ","


def _date_text(value: date, language: str) -> str:
    if isinstance(value, datetime):
        pattern = "%d.%m.%Y %H:%M" if language == "ru" else "%Y-%m-%d %H:%M"
    else:
        pattern = "%d.%m.%Y" if language == "ru" else "%Y-%m-%d"
    return value.strftime(pattern)


def csv_value(value: Value, language: str) -> str:
    """One value as CSV text; user text formula-guarded."""
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, date):
        return _date_text(value, language)
    if isinstance(value, Decimal):
        text = f"{value:.2f}"
        return text.replace(".", ",") if language == "ru" else text
    return str(value)


def write_csv(table: Table, path: Path, language: str, progress: Progress | None = None) -> int:
    """Write `table` to `path`; returns the number of data rows."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=csv_delimiter(language), lineterminator="\r\n")
        writer.writerow([c.title(language) for c in table.columns])
        for done, rows in table.batches:
            writer.writerows([csv_value(v, language) for v in row] for row in rows)
            count += len(rows)
            if progress is not None:
                progress(min(done, table.total), table.total)
    return count


def _xlsx_formats(language: str) -> tuple[str, str]:
    if language == "ru":
        return "DD.MM.YYYY", "DD.MM.YYYY HH:MM"
    return "YYYY-MM-DD", "YYYY-MM-DD HH:MM"


def clean_xlsx_text(text: str) -> str:
    """Text an xlsx cell can hold: no XML-illegal control characters, at most 32,767."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:MAX_CELL_CHARS]


class XlsxSheet:
    """One write-only sheet: a bold frozen header, then typed rows."""

    def __init__(
        self,
        book: Any,
        title: str,
        headers: Sequence[str],
        widths: Sequence[int],
        number_formats: Sequence[str | None],
        language: str,
    ) -> None:
        from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
        from openpyxl.styles import Font  # type: ignore[import-untyped]
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

        self._cell = WriteOnlyCell
        self.sheet = book.create_sheet(title=clean_xlsx_text(title)[:31])
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = "A2"
        self._formats = list(number_formats)
        self._date_format, self._datetime_format = _xlsx_formats(language)
        bold = Font(bold=True)
        cells = []
        for text in headers:
            cell = self._cell(self.sheet)
            xlsx_text_cell(cell, clean_xlsx_text(text))
            cell.font = bold
            cells.append(cell)
        self.sheet.append(cells)

    def discard(self) -> None:
        """Close the sheet's stream and remove openpyxl's temporary file (after a failure)."""
        with contextlib.suppress(Exception):
            self.sheet.close()
        writer = getattr(self.sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()

    def append(self, row: Sequence[Value | float]) -> None:
        cells: list[Any] = []
        for index, value in enumerate(row):
            if value is None:
                cells.append(None)
            elif isinstance(value, str):
                cell = self._cell(self.sheet)
                xlsx_text_cell(cell, clean_xlsx_text(value))
                cells.append(cell)
            elif isinstance(value, date):
                cell = self._cell(self.sheet, value)
                cell.number_format = (
                    self._datetime_format if isinstance(value, datetime) else self._date_format
                )
                cells.append(cell)
            else:
                number_format = self._formats[index] if index < len(self._formats) else None
                if number_format:
                    cell = self._cell(self.sheet, value)
                    cell.number_format = number_format
                    cells.append(cell)
                else:
                    cells.append(value)
        self.sheet.append(cells)


def new_workbook() -> Any:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    return Workbook(write_only=True)


def write_xlsx(table: Table, path: Path, language: str, progress: Progress | None = None) -> int:
    """Write `table` to `path` as one sheet; returns the number of data rows."""
    book = new_workbook()
    sheet = XlsxSheet(
        book,
        label(table.kind, language),
        [c.title(language) for c in table.columns],
        [c.width for c in table.columns],
        [c.number_format for c in table.columns],
        language,
    )
    count = 0
    try:
        for done, rows in table.batches:
            for row in rows:
                sheet.append(row)
            count += len(rows)
            if progress is not None:
                progress(min(done, table.total), table.total)
    except BaseException:
        sheet.discard()
        raise
    book.save(path)
    return count
