"""A `ReportResult` as a PDF (reportlab): A4, DejaVu fonts embedded, "page X of Y".

Layout. The page turns landscape when a table's natural width does not fit a portrait
page. Each page has a header (company, report title) and a footer (when it was made,
"Page X of Y", drawn after the last page is known). The first page starts with the
title and the parameters; then the charts (vector graphics) and the tables.

Tables never overflow the page: column widths come from the content (numbers keep
their full width, text columns share what is left) and a text that does not fit its
column wraps. Speed: a table is not one big platypus `Table` but a `_TableRun` that
cuts exactly one page worth of rows at a time, with row heights computed up front
(plain strings in one line, a `Paragraph` only for a cell that must wrap), so
reportlab never measures or splits a long table itself. Every user text that goes
into a `Paragraph` is escaped; plain strings are drawn as they are.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart  # type: ignore[import-untyped]
from reportlab.graphics.charts.legends import Legend  # type: ignore[import-untyped]
from reportlab.graphics.charts.linecharts import HorizontalLineChart  # type: ignore[import-untyped]
from reportlab.graphics.charts.piecharts import Pie  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_LEFT, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from crm_desktop.config import resource_path
from crm_desktop.errors import UserError
from crm_desktop.services.progress import Progress
from crm_desktop.services.reports.formatting import CellFormatter, currency_digits
from crm_desktop.services.reports.result import CellKind, Chart, ChartKind, ReportResult
from crm_desktop.services.reports.result import Table as ReportTable

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_SIZE = 8.0
LEADING = 10.0
PAD_X = 3.0
PAD_Y = 1.5
ROW_HEIGHT = LEADING + 2 * PAD_Y
ASCENT = FONT_SIZE  # top padding to baseline, as a Paragraph does (paraFontSizeHeightOffset)
MARGIN_X = 14 * mm
FRAME_PAD = 6.0  # platypus' default Frame padding
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 15 * mm
MIN_TEXT_WIDTH = 56.0  # a text column narrower than this would wrap every word
COMFORT = 0.65  # a text column may wrap down to this share of its natural width
MAX_CELL = 1500  # characters of one cell printed
MAX_LINES = 30  # about as many lines of one cell at most (a row must fit a page)
SAMPLE = 60  # the longest texts of a column measured for its width
MAX_BARS = 25  # categories of a horizontal bar chart (the first ones)

NUMERIC = frozenset({CellKind.INT, CellKind.MONEY, CellKind.PERCENT})
FIXED = NUMERIC | {CellKind.DATE, CellKind.MONTH, CellKind.TIME}  # columns that never wrap
HEADER_BG = colors.HexColor("#E4E9F0")
STRIPE_BG = colors.HexColor("#F5F7FA")
RULE = colors.HexColor("#5B6B7F")
GRID = colors.HexColor("#C9D1DB")
PALETTE = [
    colors.HexColor(c)
    for c in (
        "#3E7CB1",
        "#F39237",
        "#55A868",
        "#C44E52",
        "#8172B2",
        "#64B5CD",
        "#CCB974",
        "#8C8C8C",
        "#DA8BC3",
        "#4C9F70",
    )
]


@cache
def register_fonts() -> None:
    """Register (once) the bundled DejaVu fonts; they are embedded in every PDF."""
    pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def _style(name: str, size: float = FONT_SIZE, *, bold: bool = False, **kw: Any) -> ParagraphStyle:
    kw.setdefault("leading", size * 1.25)
    kw.setdefault("alignment", TA_LEFT)
    return ParagraphStyle(name, fontName=FONT_BOLD if bold else FONT, fontSize=size, **kw)


def _width(text: str, font: str = FONT, size: float = FONT_SIZE) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def _markup(text: str) -> str:
    """User text for a Paragraph: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


# ---------------------------------------------------------------------- tables


@dataclass
class _Grid:
    """One report table laid out for the page: texts, widths, row heights."""

    header: list[Paragraph]
    header_height: float
    col_widths: list[float]
    cells: list[list[str | Paragraph]]  # body rows then totals rows
    heights: list[float]
    bottoms: list[float]  # running sums of `heights`
    numeric: list[bool]
    first_total: int  # index of the first totals row (len(cells) when none)
    progress: Callable[[int], None]

    @property
    def width(self) -> float:
        return sum(self.col_widths)

    def span(self, start: int, end: int) -> float:
        return (
            self.bottoms[end - 1] - (self.bottoms[start - 1] if start else 0.0)
            if end > start
            else 0.0
        )

    def fit(self, start: int, height: float) -> int:
        """The end of the longest run of rows from `start` whose height fits `height`."""
        base = self.bottoms[start - 1] if start else 0.0
        return bisect_right(self.bottoms, base + height + 0.01, lo=start)

    def draw(self, canv: Canvas, start: int, end: int, top: float) -> None:
        """Rows `start`..`end` under the header row, the header's top edge at `top`.

        Drawn straight on the canvas (no platypus `Table`): backgrounds and rules,
        then all plain texts of the page in one text object."""
        width = self.width
        lefts = [0.0, *accumulate(self.col_widths)]
        hh = self.header_height
        canv.saveState()
        canv.setFillColor(HEADER_BG)
        canv.rect(0, top - hh, width, hh, stroke=0, fill=1)
        y = top - hh
        row_tops: list[float] = []
        canv.setFillColor(STRIPE_BG)
        for i in range(start, end):
            row_tops.append(y)
            h = self.heights[i]
            if i % 2 == 1 and i < self.first_total:
                canv.rect(0, y - h, width, h, stroke=0, fill=1)
            y -= h
        bottom = y
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.line(0, bottom, width, bottom)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.8)
        canv.line(0, top - hh, width, top - hh)
        if start <= self.first_total < end:
            rule = row_tops[self.first_total - start]
            canv.line(0, rule, width, rule)
        for p, left, w in zip(self.header, lefts, self.col_widths, strict=False):
            p.wrap(w - 2 * PAD_X, hh)
            p.drawOn(canv, left + PAD_X, top - hh + PAD_Y)
        canv.setFillColor(colors.black)
        text = canv.beginText()
        bold = False
        text.setFont(FONT, FONT_SIZE)
        paragraphs: list[tuple[Paragraph, float, float]] = []
        for i, row_top in zip(range(start, end), row_tops, strict=True):
            if (i >= self.first_total) != bold:
                bold = not bold
                text.setFont(FONT_BOLD if bold else FONT, FONT_SIZE)
            font = FONT_BOLD if bold else FONT
            baseline = row_top - PAD_Y - ASCENT
            for cell, left, w, numeric in zip(
                self.cells[i], lefts, self.col_widths, self.numeric, strict=False
            ):
                if not cell:
                    continue
                if isinstance(cell, str):
                    x = left + w - PAD_X - _width(cell, font) if numeric else left + PAD_X
                    text.setTextOrigin(x, baseline)
                    text.textOut(cell)
                else:
                    paragraphs.append((cell, left + PAD_X, row_top - PAD_Y))
        canv.drawText(text)
        for p, x, row_top in paragraphs:  # wrapped to their column by `_Renderer.table`
            p.drawOn(canv, x, row_top - p.height)
        canv.restoreState()


class _TableRun(Flowable):  # type: ignore[misc]
    """Rows `start`.. of a grid: draws what fits, hands the rest to the next page.

    The first piece carries the table's title, so a title never ends a page alone."""

    def __init__(self, grid: _Grid, title: Paragraph | None, start: int = 0) -> None:
        super().__init__()
        self.grid = grid
        self.title = title
        self.start = start
        self.end = len(grid.cells)
        self.title_height = 0.0

    def _title_height(self, aw: float) -> float:
        if self.title is None:
            return 0.0
        style = self.title.style
        return float(self.title.wrap(aw, 1e6)[1] + style.spaceBefore + style.spaceAfter)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.title_height = self._title_height(aw)
        self.width = self.grid.width
        self.height = (
            self.title_height + self.grid.header_height + self.grid.span(self.start, self.end)
        )
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        title_height = self._title_height(aw)
        end = self.grid.fit(self.start, ah - title_height - self.grid.header_height)
        at_least = min(3 if self.title else 1, self.end - self.start)
        if end - self.start < at_least:
            return []  # too little room here: start on the next page
        if end < self.end and self.end - end < 2 <= end - self.start - 1:
            end -= 1  # no lonely last row on a page of its own
        head = _TableRun(self.grid, self.title, self.start)
        head.end = end
        return [head, _TableRun(self.grid, None, end)]

    def draw(self) -> None:
        self.grid.progress(self.end)
        self.grid.draw(self.canv, self.start, self.end, self.height - self.title_height)
        if self.title is not None:
            style = self.title.style
            h = self.title_height - style.spaceBefore - style.spaceAfter
            self.title.drawOn(self.canv, 0, self.height - style.spaceBefore - h)


@dataclass
class _Layout:
    texts: list[list[str]]  # body rows then totals rows
    mins: list[float]  # each column's narrowest sensible width
    prefs: list[float]  # and its natural width


def _layout(table: ReportTable, fmt: CellFormatter) -> _Layout:
    """Cell texts and each column's minimum and natural widths."""
    all_rows = [*table.rows, *table.totals]
    texts_by_col = [[fmt.cell(row[j]) for row in all_rows] for j in range(len(table.columns))]
    mins: list[float] = []
    prefs: list[float] = []
    for column, texts in zip(table.columns, texts_by_col, strict=True):
        header = fmt.label(column.label)
        longest = heapq.nlargest(SAMPLE, texts, key=len)
        content = max((_width(t, FONT_BOLD) for t in longest), default=0.0) + 2 * PAD_X
        word = max((_width(w, FONT_BOLD) for w in header.split()), default=0.0) + 2 * PAD_X
        head = _width(header, FONT_BOLD) + 2 * PAD_X
        if column.kind in FIXED:
            low = max(content, word)
            high = max(low, min(head, max(low, 90.0)))
        else:
            high = max(content, word, min(head, 110.0))
            low = max(word, min(high, MIN_TEXT_WIDTH))
        mins.append(low)
        prefs.append(high)
    rows = [list(r) for r in zip(*texts_by_col, strict=True)] if texts_by_col else []
    return _Layout(rows, mins, prefs)


def _comfortable_width(table: ReportTable, layout: _Layout) -> float:
    """The width a table needs without squeezing text columns below ~2/3 of their text."""
    return sum(
        pref if c.kind in FIXED else max(low, pref * COMFORT)
        for c, low, pref in zip(table.columns, layout.mins, layout.prefs, strict=True)
    )


def _fit_widths(
    table: ReportTable, mins: list[float], prefs: list[float], width: float
) -> list[float]:
    """Column widths that fill `width`: text columns grow or shrink, numbers keep theirs.

    Too wide: the text columns are capped at one common width (short ones keep
    their whole text, long ones wrap; none below its minimum); when even the
    minimums do not fit, every column shrinks alike.
    """
    flexible = [c.kind not in FIXED for c in table.columns]
    total = sum(prefs)
    if not any(flexible):
        if total <= width:
            return list(prefs)  # numbers only: as narrow as they are
        flexible = [True] * len(prefs)
    if total <= width:
        grow = sum(p for p, f in zip(prefs, flexible, strict=True) if f)
        extra = width - total
        return [p + (extra * p / grow if f else 0.0) for p, f in zip(prefs, flexible, strict=True)]
    floor = [m if f else p for m, p, f in zip(mins, prefs, flexible, strict=True)]
    if sum(floor) >= width:  # even the minimums do not fit: shrink everything alike
        scale = width / sum(floor)
        return [m * scale for m in floor]
    # water-filling: short text columns keep their whole text, long ones share the rest
    low, high = 0.0, max(prefs)
    for _ in range(40):
        level = (low + high) / 2
        used = sum(max(m, min(p, level)) for m, p in zip(floor, prefs, strict=True))
        low, high = (level, high) if used <= width else (low, level)
    widths = [max(m, min(p, low)) for m, p in zip(floor, prefs, strict=True)]
    spare = width - sum(widths)  # what rounding left: to the widest text column
    widest = max(range(len(widths)), key=lambda i: widths[i] if flexible[i] else -1.0)
    widths[widest] += spare
    return widths


class _Renderer:
    def __init__(self, result: ReportResult, fmt: CellFormatter, progress: Progress | None) -> None:
        self.result = result
        self.fmt = fmt
        self.progress = progress
        self.total_rows = max(1, sum(len(t.rows) + len(t.totals) for t in result.tables))
        self.done_before = 0
        self.cell_style = _style("cell", leading=LEADING)
        self.bold_cell_style = _style("cell-bold", bold=True, leading=LEADING)
        self.header_style = _style("header", bold=True, leading=LEADING)
        self.header_right_style = _style("header-r", bold=True, leading=LEADING, alignment=TA_RIGHT)
        self.title_style = _style("title", 16, bold=True, spaceAfter=4)
        self.params_style = _style("params", 8.5, leading=12, textColor=colors.HexColor("#333333"))
        self.section_style = _style("section", 11, bold=True, spaceBefore=10, spaceAfter=4)
        self.note_style = _style("note", 7.5, textColor=colors.HexColor("#555555"), spaceBefore=2)
        self.layouts = [_layout(t, fmt) for t in result.tables]
        portrait_width = A4[0] - 2 * MARGIN_X
        wide = any(
            _comfortable_width(t, layout) > portrait_width + 0.5
            for t, layout in zip(result.tables, self.layouts, strict=True)
        )
        self.pagesize = landscape(A4) if wide else A4
        self.frame_width = self.pagesize[0] - 2 * MARGIN_X

    def report_progress(self, done: int) -> None:
        if self.progress is not None:
            self.progress(min(self.done_before + done, self.total_rows), self.total_rows)

    # -------------------------------------------------------------- story

    def story(self) -> list[Flowable]:
        fmt = self.fmt
        story: list[Flowable] = [Paragraph(_markup(fmt.label(self.result.title)), self.title_style)]
        params = [
            f"<b>{_markup(fmt.label(name))}:</b>\u00a0{_markup(fmt.cell(value))}"
            for name, value in self.result.parameters
        ]
        if params:
            story.append(Paragraph("&nbsp;&nbsp;&nbsp; ".join(params), self.params_style))
        for note in self.result.notes:
            story.append(Paragraph(_markup(fmt.label(note)), self.note_style))
        for chart in self.result.charts:
            drawing = self.chart(chart)
            if drawing is not None:
                title = Paragraph(_markup(fmt.label(chart.title)), self.section_style)
                story.append(KeepTogether([title, drawing]))
        for table, layout in zip(self.result.tables, self.layouts, strict=True):
            story.extend(self.table(table, layout))
        return story

    def table(self, table: ReportTable, layout: _Layout) -> list[Flowable]:
        fmt = self.fmt
        texts, mins, prefs = layout.texts, layout.mins, layout.prefs
        title = Paragraph(_markup(fmt.label(table.title)), self.section_style)
        if not table.rows:
            return [
                KeepTogether([title, Paragraph(_markup(fmt.label("No data")), self.note_style)])
            ]
        flow: list[Flowable] = []
        widths = _fit_widths(table, mins, prefs, self.frame_width)
        header = [
            Paragraph(
                _markup(fmt.label(c.label)),
                self.header_right_style if c.kind in NUMERIC else self.header_style,
            )
            for c in table.columns
        ]
        header_height = max(
            p.wrap(w - 2 * PAD_X, 1e6)[1] for p, w in zip(header, widths, strict=True)
        )
        first_total = len(table.rows)
        cells: list[list[str | Paragraph]] = []
        heights: list[float] = []
        for i, row in enumerate(texts):
            style = self.bold_cell_style if i >= first_total else self.cell_style
            font = FONT_BOLD if i >= first_total else FONT
            out: list[str | Paragraph] = []
            height = ROW_HEIGHT
            for value, w in zip(row, widths, strict=True):
                room = w - 2 * PAD_X
                if "\n" in value or (len(value) * FONT_SIZE > room and _width(value, font) > room):
                    most = min(MAX_CELL, int(MAX_LINES * room / 5.0))  # a row fits a page
                    clipped = value if len(value) <= most else value[: most - 1] + "…"
                    p = Paragraph(_markup(clipped), style)
                    height = max(height, p.wrap(room, 1e6)[1] + 2 * PAD_Y)
                    out.append(p)
                else:
                    out.append(value)
            cells.append(out)
            heights.append(height)
        done_before = self.done_before
        self.done_before += len(cells)

        def progress(done: int) -> None:
            if self.progress is not None:
                self.progress(min(done_before + done, self.total_rows), self.total_rows)

        grid = _Grid(
            header=header,
            header_height=header_height + 2 * PAD_Y,
            col_widths=widths,
            cells=cells,
            heights=heights,
            bottoms=list(accumulate(heights)),
            numeric=[c.kind in NUMERIC for c in table.columns],
            first_total=first_total,
            progress=progress,
        )
        flow.append(_TableRun(grid, title))
        if table.total_rows is not None and table.total_rows > len(table.rows):
            note = (
                fmt.label("Showing the first %1 of %2 rows.")
                .replace("%1", fmt.number(len(table.rows)))
                .replace("%2", fmt.number(table.total_rows))
            )
            flow.append(Paragraph(_markup(note), self.note_style))
        return flow

    # -------------------------------------------------------------- charts

    def _series_label(self, label: str, is_text: bool) -> str:
        return label if is_text else self.fmt.label(label)

    def chart(self, chart: Chart) -> Drawing | None:
        """The chart as vector graphics; None when there is nothing to draw."""
        if not chart.categories or not chart.series:
            return None
        if not any(v for s in chart.series for v in s.values):
            return None
        scale = float(10 ** currency_digits(chart.currency)) if chart.currency else 1.0
        dates = all(c.kind in (CellKind.DATE, CellKind.MONTH) for c in chart.categories)
        names = [self.fmt.cell(c) for c in chart.categories]
        data = [[v / scale for v in s.values] for s in chart.series]
        width = min(self.frame_width, 520.0)
        if chart.kind is ChartKind.PIE:
            return self._pie(names, data[0], width)
        series = [self._series_label(s.label, s.label_is_text) for s in chart.series]
        stacked = chart.kind is ChartKind.STACKED_BAR
        if chart.kind is ChartKind.LINE or dates:
            return self._columns(
                names, data, series, width, stacked, line=chart.kind is ChartKind.LINE
            )
        return self._bars(names, data, series, width, stacked)

    def _value_axis(self, axis: Any) -> None:
        fmt = self.fmt
        axis.valueMin = 0
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7
        axis.labelTextFormat = lambda v: fmt.number(round(v)) if v == round(v) else fmt.number(v)
        axis.gridStrokeColor = GRID
        axis.visibleGrid = True
        axis.strokeColor = RULE

    def _legend(self, drawing: Drawing, series: list[str], x: float, width: float) -> float:
        """A legend of the series under the chart; returns the height it takes."""
        if len(series) < 2:
            return 0.0
        item = max(_width(s, FONT, 7) for s in series) + 24
        per_row = max(1, int((width - x) // item))
        rows = (len(series) + per_row - 1) // per_row
        legend = Legend()
        legend.fontName = FONT
        legend.fontSize = 7
        legend.x = x
        legend.y = 12.0 * rows
        legend.alignment = "right"
        legend.columnMaximum = rows
        legend.deltax = item
        legend.deltay = 12
        legend.dxTextSpace = 4
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], s) for i, s in enumerate(series)]
        drawing.add(legend)
        return 12.0 * rows + 6

    def _top(self, data: list[list[float]], stacked: bool) -> float:
        if stacked:
            return max((sum(col) for col in zip(*data, strict=True)), default=1.0)
        return max((max(s, default=0.0) for s in data), default=1.0)

    def _bars(
        self,
        names: list[str],
        data: list[list[float]],
        series: list[str],
        width: float,
        stacked: bool,
    ) -> Drawing:
        """Horizontal bars: named categories (stages, users, reasons) read best down a list."""
        names, data = names[:MAX_BARS], [s[:MAX_BARS] for s in data]
        band = (13.0 if stacked else 6.0 + 7.0 * len(data)) + 4
        label_width = min(max(_width(n, FONT, 7) for n in names) + 6, width * 0.35)
        drawing = Drawing(width, 0)
        legend_height = self._legend(drawing, series, label_width, width)
        axis_height = 16.0
        plot = HorizontalBarChart()
        plot.x = label_width
        plot.y = legend_height + axis_height
        plot.width = width - plot.x - 12
        plot.height = band * len(names)
        drawing.height = plot.y + plot.height + 6
        # the first category on top, and in a group the first series on top
        order = list(range(len(data))) if stacked else list(reversed(range(len(data))))
        plot.data = [list(reversed(data[i])) for i in order]
        self._value_axis(plot.valueAxis)
        plot.categoryAxis.labels.fontName = FONT
        plot.categoryAxis.labels.fontSize = 7
        plot.categoryAxis.labels.boxAnchor = "e"
        plot.categoryAxis.labels.dx = -3
        plot.categoryAxis.strokeColor = RULE
        plot.categoryAxis.categoryNames = [
            _clip(n, FONT, 7, label_width - 6) for n in reversed(names)
        ]
        if stacked:
            plot.categoryAxis.style = "stacked"
        plot.barSpacing = 0.5
        plot.groupSpacing = 4
        for i, series_index in enumerate(order):
            plot.bars[i].fillColor = PALETTE[series_index % len(PALETTE)]
            plot.bars[i].strokeColor = None
        drawing.add(plot)
        return drawing

    def _columns(
        self,
        names: list[str],
        data: list[list[float]],
        series: list[str],
        width: float,
        stacked: bool,
        *,
        line: bool,
    ) -> Drawing:
        """Vertical bars or lines over time (days, weeks, months) from left to right."""
        height = 180.0
        drawing = Drawing(width, height)
        many = len(names) > 8 or max(len(n) for n in names) > 10
        top = self._top(data, stacked)
        axis_width = _width(self.fmt.number(int(top)), FONT, 7) + 10
        legend_height = self._legend(drawing, series, axis_width, width)
        plot: Any = HorizontalLineChart() if line else VerticalBarChart()
        plot.x = axis_width + 4
        plot.y = legend_height + (44.0 if many else 16.0)
        plot.width = width - plot.x - 8
        plot.height = height - plot.y - 8
        plot.data = data
        self._value_axis(plot.valueAxis)
        labels = plot.categoryAxis.labels
        labels.fontName = FONT
        labels.fontSize = 7
        plot.categoryAxis.strokeColor = RULE
        step = max(1, (len(names) + 39) // 40)  # at most 40 labels on the axis
        plot.categoryAxis.categoryNames = [n if i % step == 0 else "" for i, n in enumerate(names)]
        if many:
            labels.angle = 35
            labels.boxAnchor = "ne"
            labels.dx = 2
            labels.dy = -2
        if stacked:
            plot.categoryAxis.style = "stacked"
        for i in range(len(data)):
            color = PALETTE[i % len(PALETTE)]
            if line:
                plot.lines[i].strokeColor = color
                plot.lines[i].strokeWidth = 1.5
            else:
                plot.bars[i].fillColor = color
                plot.bars[i].strokeColor = None
        if not line:
            plot.barSpacing = 0.5
            plot.groupSpacing = 4
        drawing.add(plot)
        return drawing

    def _amount(self, v: float) -> str:
        return self.fmt.number(round(v) if v == round(v) else v)

    def _pie(self, names: list[str], values: list[float], width: float) -> Drawing | None:
        pairs = [(n, v) for n, v in zip(names, values, strict=True) if v > 0]
        if not pairs:
            return None
        pairs.sort(key=lambda p: -p[1])
        if len(pairs) > 8:
            rest = sum(v for _, v in pairs[7:])
            pairs = [*pairs[:7], (self.fmt.label("Other"), rest)]
        total = sum(v for _, v in pairs)
        height = max(150.0, 14.0 * len(pairs) + 20)
        drawing = Drawing(width, height)
        pie = Pie()
        pie.x, pie.y = 10, 10
        pie.width = pie.height = height - 20
        pie.data = [v for _, v in pairs]
        pie.labels = None
        pie.slices.strokeColor = colors.white
        pie.slices.strokeWidth = 0.8
        for i in range(len(pairs)):
            pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
        drawing.add(pie)
        legend = Legend()
        legend.fontName = FONT
        legend.fontSize = 7.5
        legend.x = pie.x + pie.width + 24
        legend.y = height / 2 + 7.0 * len(pairs)
        legend.alignment = "right"
        legend.columnMaximum = len(pairs)
        legend.deltay = 14
        room = (width - legend.x - 20) / 4.6
        legend.colorNamePairs = [
            (
                PALETTE[i % len(PALETTE)],
                f"{n if len(n) <= room else n[: int(room) - 1] + '…'} — "
                f"{self._amount(v)} ({self.fmt.percent(v / total)})",
            )
            for i, (n, v) in enumerate(pairs)
        ]
        drawing.add(legend)
        return drawing

    # -------------------------------------------------------------- page furniture

    def canvas_class(self, company: str, logo: Logo | None = None) -> type[Canvas]:
        fmt = self.fmt
        title = fmt.label(self.result.title)
        made = ""
        if self.result.generated_at is not None:
            moment = self.result.generated_at
            made = fmt.datetime(
                moment.astimezone() if moment.tzinfo else moment.replace(tzinfo=UTC).astimezone()
            )
        page_label = fmt.label("Page %1 of %2")
        pagesize = self.pagesize

        class NumberedCanvas(Canvas):  # type: ignore[misc]
            """Holds the pages until the end, then draws header and "page X of Y"."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []

            def showPage(self) -> None:
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                count = len(self._pages)
                for number, state in enumerate(self._pages, start=1):
                    self.__dict__.update(state)
                    self._furniture(number, count)
                    super().showPage()
                super().save()

            def _furniture(self, number: int, count: int) -> None:
                w, h = pagesize
                self.saveState()
                self.setStrokeColor(GRID)
                self.setLineWidth(0.5)
                y = h - MARGIN_TOP + 6 * mm
                self.setFont(FONT_BOLD, 8.5)
                self.setFillColor(colors.HexColor("#222222"))
                left, x = company, MARGIN_X
                if logo is not None:  # the logo at the left, the company's name beside it
                    self.drawImage(logo.image, x, y - 1.5, logo.width, logo.height, mask="auto")
                    x += logo.width + 2.5 * mm
                room = (w - 2 * MARGIN_X) * 0.5 - (x - MARGIN_X)
                self.drawString(x, y, _clip(left, FONT_BOLD, 8.5, room))
                self.setFont(FONT, 8.5)
                self.drawRightString(
                    w - MARGIN_X, y, _clip(title, FONT, 8.5, (w - 2 * MARGIN_X) * 0.45)
                )
                self.line(MARGIN_X, y - 4, w - MARGIN_X, y - 4)
                fy = MARGIN_BOTTOM - 8 * mm
                self.line(MARGIN_X, fy + 10, w - MARGIN_X, fy + 10)
                self.setFont(FONT, 7.5)
                self.setFillColor(colors.HexColor("#555555"))
                if made:
                    self.drawString(MARGIN_X, fy, made)
                text = page_label.replace("%1", str(number)).replace("%2", str(count))
                self.drawRightString(w - MARGIN_X, fy, text)
                self.restoreState()

        return NumberedCanvas


LOGO_MAX_HEIGHT = 8 * mm
LOGO_MAX_WIDTH = 36 * mm


@dataclass(frozen=True)
class Logo:
    """The company logo as the page header draws it: the image and its size in points."""

    image: Any  # reportlab ImageReader
    width: float
    height: float


def load_logo(path: str | Path) -> Logo:
    """Read the logo image for the page headers; a clear `UserError` when it cannot be read."""
    from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]

    target = Path(path)
    try:
        image = ImageReader(str(target))
        iw, ih = image.getSize()
    except Exception as exc:  # reportlab/PIL raise many kinds for a broken file
        raise UserError(
            f"The company logo “{target.name}” cannot be read: the file is missing, damaged "
            "or not a PNG, JPEG, GIF or BMP image. Choose another logo in Settings → General, "
            "or remove it."
        ) from exc
    if iw <= 0 or ih <= 0:
        raise UserError(f"The company logo “{target.name}” is an empty image.")
    scale = min(LOGO_MAX_HEIGHT / ih, LOGO_MAX_WIDTH / iw)
    return Logo(image, iw * scale, ih * scale)


def _clip(text: str, font: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` points."""
    if _width(text, font, size) <= width:
        return text
    while text and _width(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def write_pdf(
    result: ReportResult,
    path: Path,
    fmt: CellFormatter,
    *,
    company: str = "",
    logo: str | Path | None = None,
    progress: Progress | None = None,
) -> None:
    """Render `result` into the PDF file `path` (overwritten); `logo`: an image file drawn
    beside `company` on every page (a broken one raises a `UserError`)."""
    register_fonts()
    header_logo = load_logo(logo) if logo else None
    renderer = _Renderer(result, fmt, progress)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=renderer.pagesize,
        leftMargin=MARGIN_X - FRAME_PAD,  # the frame's own padding brings content to MARGIN_X
        rightMargin=MARGIN_X - FRAME_PAD,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=fmt.label(result.title),
        author=company,
        creator="CRM Desktop",
    )
    story = renderer.story()
    story.append(Spacer(1, 1))
    doc.build(story, canvasmaker=renderer.canvas_class(company, header_logo))
    if progress is not None:
        progress(renderer.total_rows, renderer.total_rows)
