"""The one shape every report returns, for any renderer (screen table, chart, PDF, xlsx).

A `ReportResult` is plain frozen data: a title, the parameters it ran with, tables
and chart series. Renderers walk it generically and never know which report it is.

Text and translation. Fixed words (titles, column headers, parameter names, row
labels such as "Total" or "No reason") are **English source strings**, translated
at display time by the GUI/PDF with ``QCoreApplication.translate("reports", text)``
(the rendering session lists them for Linguist). Keys would need a second table
to keep in step; English sources are what ``tr()`` already expects. They appear as
`CellKind.LABEL` cells and as `Column.label`, `Table.title`, `ReportResult.title`.
User data (names, subjects, cities) appears as `CellKind.TEXT` cells: printed
literally, never translated, always escaped.

Numbers are raw: integers, money as integer minor units plus the currency code,
percentages as a ratio (0.25 is 25 %; None when the denominator is zero), dates and
local wall-clock times as `date`/`time` already cut in the report's zone. The
renderer formats them per the UI language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum


class CellKind(StrEnum):
    TEXT = "text"  # user data: print as is (escaped), never translate
    LABEL = "label"  # an English source string: translate, then print
    INT = "int"
    MONEY = "money"  # value: int minor units; currency: ISO code
    PERCENT = "percent"  # value: float ratio (0.25 = 25 %) or None (undefined)
    DATE = "date"  # a local calendar day
    MONTH = "month"  # a calendar month: value is its first day ("Mar 2026")
    TIME = "time"  # a local wall-clock time
    EMPTY = "empty"


CellValue = str | int | float | date | time | None


@dataclass(frozen=True, slots=True)
class Cell:
    """One typed value of a table or of the parameters."""

    kind: CellKind
    value: CellValue = None
    currency: str | None = None  # MONEY only


EMPTY = Cell(CellKind.EMPTY)


def text(value: str | None) -> Cell:
    """User data; None prints as an empty cell."""
    return EMPTY if value is None else Cell(CellKind.TEXT, value)


def label(value: str) -> Cell:
    """A fixed English word the renderer translates."""
    return Cell(CellKind.LABEL, value)


def integer(value: int) -> Cell:
    return Cell(CellKind.INT, int(value))


def money(minor: int, currency: str) -> Cell:
    return Cell(CellKind.MONEY, int(minor), currency)


def percent(part: float, whole: float) -> Cell:
    """`part / whole` as a ratio; undefined (None) when `whole` is zero."""
    return Cell(CellKind.PERCENT, part / whole if whole else None)


def day(value: date | None) -> Cell:
    return EMPTY if value is None else Cell(CellKind.DATE, value)


def month(value: date) -> Cell:
    """A calendar month (monthly buckets), given by any of its days."""
    return Cell(CellKind.MONTH, value.replace(day=1))


def clock_time(value: time | None) -> Cell:
    return EMPTY if value is None else Cell(CellKind.TIME, value)


Row = tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Column:
    id: str  # stable key (xlsx header comments, tests, chart bindings)
    label: str  # English header, translated by the renderer
    kind: CellKind  # the kind of its cells (alignment, number formats); EMPTY cells may occur


@dataclass(frozen=True, slots=True)
class Table:
    """A titled grid: `rows` then `totals` (rendered bold, after a rule)."""

    id: str
    title: str  # English, translated by the renderer
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    totals: tuple[Row, ...] = ()
    total_rows: int | None = None  # when `rows` was capped: how many there are in all

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in (*self.rows, *self.totals):
            if len(row) != width:
                raise ValueError(f"table {self.id}: a row of {len(row)} cells, {width} columns")

    def column_index(self, column_id: str) -> int:
        for i, column in enumerate(self.columns):
            if column.id == column_id:
                return i
        raise KeyError(column_id)

    def records(self, *, totals: bool = False) -> list[dict[str, CellValue]]:
        """The rows (or the totals rows) as {column id: raw value}: for tests and exports."""
        ids = [c.id for c in self.columns]
        return [
            {i: cell.value for i, cell in zip(ids, row, strict=True)}
            for row in (self.totals if totals else self.rows)
        ]


@dataclass(frozen=True, slots=True)
class Series:
    label: str  # English, translated (a metric name) — or user data when `label_is_text`
    values: tuple[float, ...]  # one per category; money in minor units
    label_is_text: bool = False


class ChartKind(StrEnum):
    BAR = "bar"  # grouped bars, one group per category
    STACKED_BAR = "stacked_bar"
    LINE = "line"
    PIE = "pie"  # one series only


@dataclass(frozen=True, slots=True)
class Chart:
    """Series over categories (x axis); money series are minor units of `currency`."""

    id: str
    title: str  # English
    kind: ChartKind
    categories: tuple[Cell, ...]  # TEXT, LABEL or DATE cells
    series: tuple[Series, ...]
    currency: str | None = None  # set when the values are money


@dataclass(frozen=True, slots=True)
class ReportResult:
    """What a report computed: enough for a screen, a PDF or an xlsx file."""

    report: str  # the report's name: 'funnel', 'forecast', 'won-lost', …
    title: str  # English, translated by the renderer
    parameters: tuple[tuple[str, Cell], ...]  # (English label, value) for the header
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...] = ()
    base_currency: str = "RUB"
    generated_at: datetime | None = None  # aware UTC, from the clock
    notes: tuple[str, ...] = field(default=())  # English remarks (e.g. "rates missing: USD")

    def table(self, table_id: str) -> Table:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def chart(self, chart_id: str) -> Chart:
        for c in self.charts:
            if c.id == chart_id:
                return c
        raise KeyError(chart_id)


def records_by(table: Table, key: str) -> dict[CellValue, dict[str, CellValue]]:
    """Rows keyed by one column's raw value (unique per row): handy for lookups."""
    return {r[key]: r for r in table.records()}


def total_row(first_label: str, values: Sequence[Cell]) -> Row:
    """A totals row: a translated label in the first column, then the values."""
    return (label(first_label), *values)
