"""A `ReportResult` as an xlsx workbook (openpyxl, write-only: fast and lean).

One sheet per table: the report's title and parameters on top, then the table with
its header row bold and frozen. Numbers stay numbers (money in major units with two
decimals — or as many as the currency has —, percentages as ratios shown "0.0%"),
dates are dates, and user text is always a string cell (`safe_output.xlsx_text_cell`:
"=HYPERLINK(…)" in a name stays text, never a formula).
"""

from __future__ import annotations

import heapq
import re
from datetime import date, time
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]

from crm_desktop.services.progress import Progress, Ticker
from crm_desktop.services.reports.formatting import CellFormatter, currency_digits
from crm_desktop.services.reports.result import Cell, CellKind, ReportResult, Table
from crm_desktop.services.safe_output import xlsx_text_cell

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MUTED = Font(italic=True, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="E4E9F0")
WRAP = Alignment(wrap_text=True, vertical="bottom")
MAX_WIDTH = 60
SAMPLE = 60
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _date_format(fmt: CellFormatter) -> str:
    return "DD.MM.YYYY" if fmt.locale.language == "ru" else "M/D/YYYY"


def _money_format(currency: str) -> str:
    digits = currency_digits(currency)
    number = "#,##0" + ("." + "0" * digits if digits else "")
    return f'{number}\\ "{currency}"' if currency else number


class _Sheets:
    def __init__(self, result: ReportResult, fmt: CellFormatter) -> None:
        self.result = result
        self.fmt = fmt
        self.book = Workbook(write_only=True)
        self.names: set[str] = set()
        self.date_format = _date_format(fmt)

    def sheet_name(self, title: str) -> str:
        base = _BAD_SHEET_CHARS.sub(" ", title).strip().strip("'")[:31] or "Sheet"
        name, n = base, 2
        while name.casefold() in self.names:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        self.names.add(name.casefold())
        return name

    def cell(self, ws: WriteOnlyWorksheet, cell: Cell, *, bold: bool = False) -> WriteOnlyCell:
        """A typed worksheet cell for a report cell."""
        out = WriteOnlyCell(ws)
        kind, value = cell.kind, cell.value
        if value is None:
            pass
        elif kind is CellKind.TEXT:
            xlsx_text_cell(out, str(value))
        elif kind is CellKind.LABEL:
            xlsx_text_cell(out, self.fmt.label(str(value)))
        elif kind is CellKind.INT and isinstance(value, int):
            out.value = value
            out.number_format = "#,##0"
        elif kind is CellKind.MONEY and isinstance(value, int):
            currency = cell.currency or ""
            digits = currency_digits(currency)
            out.value = value / 10**digits if digits else value
            out.number_format = _money_format(currency)
        elif kind is CellKind.PERCENT and isinstance(value, (int, float)):
            out.value = float(value)
            out.number_format = "0.0%"
        elif kind is CellKind.DATE and isinstance(value, date):
            out.value = value
            out.number_format = self.date_format
        elif kind is CellKind.MONTH and isinstance(value, date):
            out.value = value
            out.number_format = "MMM YYYY"
        elif kind is CellKind.TIME and isinstance(value, time):
            out.value = value
            out.number_format = "HH:MM"
        else:
            xlsx_text_cell(out, self.fmt.cell(cell))
        if bold:
            out.font = BOLD
        return out

    def text(self, ws: WriteOnlyWorksheet, value: str, font: Font | None = None) -> WriteOnlyCell:
        out = WriteOnlyCell(ws)
        xlsx_text_cell(out, value)
        if font is not None:
            out.font = font
        return out

    def widths(self, table: Table) -> list[float]:
        """Column widths in characters from the formatted content (a sample of the longest)."""
        rows = [*table.rows, *table.totals]
        out: list[float] = []
        for j, column in enumerate(table.columns):
            texts = heapq.nlargest(SAMPLE, (self.fmt.cell(r[j]) for r in rows), key=len)
            longest = max((len(t) for t in texts), default=0)
            header = max((len(w) for w in self.fmt.label(column.label).split()), default=0)
            out.append(min(MAX_WIDTH, max(longest + 2, header + 2, 8)))
        if out:  # the first column also holds the parameter names
            names = [len(self.fmt.label(n)) + 2 for n, _ in self.result.parameters]
            out[0] = min(MAX_WIDTH, max([out[0], *names]))
        return out

    def add(self, table: Table, ticker: Ticker) -> None:
        fmt = self.fmt
        ws = self.book.create_sheet(self.sheet_name(fmt.label(table.title)))
        for i, width in enumerate(self.widths(table), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        head = 1 + 1 + len(self.result.parameters) + len(self.result.notes) + 1 + 1
        ws.freeze_panes = f"A{head + 1}"
        ws.append([self.text(ws, fmt.label(self.result.title), TITLE)])
        ws.append([self.text(ws, fmt.label(table.title), BOLD)])
        for name, value in self.result.parameters:
            ws.append([self.text(ws, fmt.label(name)), self.cell(ws, value)])
        for note in self.result.notes:
            ws.append([self.text(ws, fmt.label(note), MUTED)])
        ws.append([])
        header = []
        for column in table.columns:
            c = self.text(ws, fmt.label(column.label), BOLD)
            c.fill = HEADER_FILL
            c.alignment = WRAP
            header.append(c)
        ws.append(header)
        for row in table.rows:
            ws.append([self.cell(ws, c) for c in row])
            ticker.advance()
        for row in table.totals:
            ws.append([self.cell(ws, c, bold=True) for c in row])
            ticker.advance()
        if table.total_rows is not None and table.total_rows > len(table.rows):
            note = (
                fmt.label("Showing the first %1 of %2 rows.")
                .replace("%1", fmt.number(len(table.rows)))
                .replace("%2", fmt.number(table.total_rows))
            )
            ws.append([])
            ws.append([self.text(ws, note, MUTED)])


def write_xlsx(
    result: ReportResult, path: Path, fmt: CellFormatter, *, progress: Progress | None = None
) -> None:
    """Write `result` to the xlsx file `path` (overwritten)."""
    sheets = _Sheets(result, fmt)
    total = sum(len(t.rows) + len(t.totals) for t in result.tables)
    ticker = Ticker(progress, total)
    for table in result.tables:
        sheets.add(table, ticker)
    if not result.tables:
        ws = sheets.book.create_sheet(sheets.sheet_name(fmt.label(result.title)))
        ws.append([sheets.text(ws, fmt.label(result.title), TITLE)])
    sheets.book.save(str(path))
    ticker.finish()
