"""A report result on screen: a table view per table (one item model each, no widget per
cell) and a QtCharts view per chart, formatted by the one `CellFormatter` the PDF and
xlsx exports use, with the report's English labels translated in the "reports" context.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QMargins,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.gui import i18n
from crm_desktop.gui.theme import is_dark
from crm_desktop.services.reports.formatting import CellFormatter
from crm_desktop.services.reports.result import (
    Cell,
    CellKind,
    Chart,
    ChartKind,
    ReportResult,
    Table,
)

CONTEXT = "reports"
NUMERIC = frozenset({CellKind.INT, CellKind.MONEY, CellKind.PERCENT})
MAX_TABLE_HEIGHT = 380  # a table among others; a lone table takes the whole height
MAX_COLUMN_WIDTH = 320
CHART_HEIGHT = 320
RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's raw value (tests, copy)


def translate(text: str) -> str:
    """A report's English label in the UI language."""
    return QCoreApplication.translate(CONTEXT, text)


def ui_language() -> str:
    """The language the UI shows (i18n.install sets the default locale to it)."""
    name = QLocale().name()[:2]
    return name if name in i18n.SUPPORTED else "en"


def formatter() -> CellFormatter:
    return CellFormatter(ui_language(), translate)


def has_data(result: ReportResult) -> bool:
    """Whether anything was found: a listing with a row, or a count that is not zero
    (a funnel lists every stage even when no deal moved)."""
    for table in result.tables:
        numeric = any(c.kind in NUMERIC for c in table.columns)
        for row in table.rows:
            if not numeric or any(c.kind in NUMERIC and c.value for c in row):
                return True
    return False


# ------------------------------------------------------------------ table


class ReportTableModel(QAbstractTableModel):
    """One report table: its rows, then its totals rows (bold, shaded)."""

    def __init__(self, table: Table, fmt: CellFormatter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.headers = [translate(c.label) for c in table.columns]
        self.cells: list[tuple[Cell, ...]] = [*table.rows, *table.totals]
        self.texts = [[fmt.cell(c) for c in row] for row in self.cells]
        self.first_total = len(table.rows)
        self._numeric = [c.kind in NUMERIC for c in table.columns]
        self._bold = QFont()
        self._bold.setBold(True)
        self._shade = QPalette().color(QPalette.ColorRole.AlternateBase).darker(104)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def is_total(self, row: int) -> bool:
        return row >= self.first_total

    def _right(self, row: int, column: int) -> bool:
        kind = self.cells[row][column].kind
        return kind in NUMERIC or (kind is CellKind.EMPTY and self._numeric[column])

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if self._right(row, column)
                else Qt.AlignmentFlag.AlignLeft
            )
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and self.is_total(row):
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and self.is_total(row):
            return self._shade
        if role == Qt.ItemDataRole.ToolTipRole and len(self.texts[row][column]) > 40:
            return self.texts[row][column]
        if role == RAW_ROLE:
            return self.cells[row][column].value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = self._numeric[section]
            horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def table_view(model: ReportTableModel, parent: QWidget, *, alone: bool) -> QTableView:
    """A read-only grid over `model`, columns sized to their content; a table among
    others is as tall as its rows (up to `MAX_TABLE_HEIGHT`)."""
    view = QTableView(parent)
    view.setObjectName(f"reportTable_{model.table.id}")
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.resizeColumnsToContents()
    for column in range(model.columnCount()):
        width = min(max(view.columnWidth(column), 56) + 6, MAX_COLUMN_WIDTH)
        view.setColumnWidth(column, width)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if not alone:
        rows = model.rowCount()
        height = (
            header.sizeHint().height()
            + rows * view.verticalHeader().defaultSectionSize()
            + 2 * view.frameWidth()
            + view.horizontalScrollBar().sizeHint().height()
        )
        view.setFixedHeight(min(height, MAX_TABLE_HEIGHT))
    return view


# ------------------------------------------------------------------ chart


def _money_scale(spec: Chart) -> tuple[float, str, str]:
    """(divisor of the raw values, axis title, label format) for the value axis."""
    if spec.currency is None:
        return 1.0, "", "%.0f"
    biggest = max((abs(v) for s in spec.series for v in s.values), default=0.0) / 100
    currency = spec.currency
    if biggest >= 1_000_000:
        title = QCoreApplication.translate("ReportsView", "Millions, %1")
        return 100_000_000.0, title.replace("%1", currency), "%.1f"
    if biggest >= 10_000:
        title = QCoreApplication.translate("ReportsView", "Thousands, %1")
        return 100_000.0, title.replace("%1", currency), "%.0f"
    return 100.0, currency, "%.0f"


def _series_name(label: str, is_text: bool) -> str:
    return label if is_text else translate(label)


def build_chart(spec: Chart, fmt: CellFormatter) -> QChart:
    """A QChart for one report chart: bars, stacked bars, lines or a pie."""
    chart = QChart()
    if is_dark():  # the dark theme: a dark chart, not a white card on a dark window
        chart.setTheme(QChart.ChartTheme.ChartThemeDark)
        chart.setBackgroundBrush(QApplication.palette().color(QPalette.ColorRole.Base))
    chart.setTitle(translate(spec.title))
    title_font = chart.titleFont()
    title_font.setBold(True)
    title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
    chart.setTitleFont(title_font)
    chart.setLocalizeNumbers(True)
    chart.setLocale(QLocale())
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend_font = legend.font()
    legend_font.setPointSizeF(legend_font.pointSizeF() * 0.9)
    legend.setFont(legend_font)
    legend.setShowToolTips(True)  # the whole name of a cut legend entry
    categories = [fmt.cell(c) for c in spec.categories]
    if spec.kind is ChartKind.PIE:
        _fill_pie(chart, spec, categories)
        return chart
    divisor, axis_title, label_format = _money_scale(spec)
    # names (stages, users) read best as horizontal bars, first at the top; days and
    # months run left to right
    dated = any(c.kind in (CellKind.DATE, CellKind.MONTH) for c in spec.categories)
    horizontal = spec.kind is not ChartKind.LINE and not dated
    order = list(reversed(range(len(categories)))) if horizontal else list(range(len(categories)))
    category_axis = QBarCategoryAxis()
    category_axis.append([categories[i] for i in order])
    category_axis.setTruncateLabels(horizontal)  # names are cut with "…"; days never
    if not horizontal and (len(categories) > 4 or sum(len(c) for c in categories) > 40):
        category_axis.setLabelsAngle(-90)
    value_axis = QValueAxis()
    value_axis.setLabelFormat(label_format)
    if axis_title:
        value_axis.setTitleText(axis_title)
    chart.addAxis(
        category_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
    )
    chart.addAxis(
        value_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
    )
    top = 0.0
    if spec.kind is ChartKind.LINE:
        for s in spec.series:
            line = QLineSeries()
            line.setName(_series_name(s.label, s.label_is_text))
            line.setPointsVisible(True)
            for i, v in enumerate(s.values):
                line.append(i, v / divisor)
                top = max(top, v / divisor)
            chart.addSeries(line)
            line.attachAxis(category_axis)
            line.attachAxis(value_axis)
    else:
        stacked = spec.kind is ChartKind.STACKED_BAR
        bars: QAbstractBarSeries
        if horizontal:
            bars = QHorizontalStackedBarSeries() if stacked else QHorizontalBarSeries()
        else:
            bars = QStackedBarSeries() if stacked else QBarSeries()
        sums = [0.0] * len(categories)
        for s in spec.series:
            bar_set = QBarSet(_series_name(s.label, s.label_is_text))
            bar_set.append([s.values[i] / divisor for i in order])
            bars.append(bar_set)
            for i, v in enumerate(s.values):
                sums[i] = sums[i] + v / divisor if stacked else v / divisor
                top = max(top, sums[i])
        chart.addSeries(bars)
        bars.attachAxis(category_axis)
        bars.attachAxis(value_axis)
    y_axis = value_axis
    y_axis.setRange(0, top if top > 0 else 1)
    y_axis.applyNiceNumbers()
    chart.legend().setVisible(len(spec.series) > 1)
    return chart


def _fill_pie(chart: QChart, spec: Chart, categories: list[str]) -> None:
    """Slices with their share in the legend (labels around a pie get cut in a narrow view)."""
    pie = QPieSeries()
    values = spec.series[0].values if spec.series else ()
    whole = sum(v for v in values if v > 0)
    loc = QLocale()
    for name, value in zip(categories, values, strict=False):
        if value <= 0:
            continue
        share = loc.toString(100 * value / whole, "f", 0)
        pie.append(
            QCoreApplication.translate("ReportsView", "%1: %2 %")
            .replace("%1", name)
            .replace("%2", share),
            value,
        )
    pie.setPieSize(0.9)
    chart.addSeries(pie)
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignRight)
    legend.setVisible(True)


def chart_view(spec: Chart, fmt: CellFormatter, parent: QWidget) -> QChartView:
    view = QChartView(build_chart(spec, fmt), parent)
    view.setObjectName(f"reportChart_{spec.id}")
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(CHART_HEIGHT)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return view


# ------------------------------------------------------------------ the whole result


class ResultView(QWidget):
    """A message (nothing run yet, nothing found, running…) or a result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ReportResult | None = None
        self.models: list[ReportTableModel] = []
        self.charts: list[QChartView] = []
        self.message = QLabel(self)
        self.message.setObjectName("reportMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        font = self.message.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.message.setFont(font)
        self.message.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.notes = QLabel(self)
        self.notes.setObjectName("reportNotes")
        self.notes.setWordWrap(True)
        self.notes.hide()

        self.tables_area = QScrollArea(self)
        self.tables_area.setWidgetResizable(True)
        self.tables_area.setFrameShape(QFrame.Shape.NoFrame)
        self.charts_area = QScrollArea(self)
        self.charts_area.setWidgetResizable(True)
        self.charts_area.setFrameShape(QFrame.Shape.NoFrame)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("reportSplitter")
        self.splitter.addWidget(self.tables_area)
        self.splitter.addWidget(self.charts_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.tables_area.setMinimumWidth(320)
        self.charts_area.setMinimumWidth(280)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notes)
        layout.addWidget(self.stack, 1)

    def show_message(self, text: str) -> None:
        self.result = None
        self.notes.hide()
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def show_result(
        self, result: ReportResult, fmt: CellFormatter, empty_text: Callable[[str], str]
    ) -> None:
        """Show `result`; when it found nothing, `empty_text(report)` says so."""
        self.result = result
        notes = [translate(n) for n in result.notes]
        self.notes.setText("ⓘ " + " · ".join(notes) if notes else "")
        self.notes.setVisible(bool(notes))
        if not has_data(result):
            self.models, self.charts = [], []
            self.message.setText(empty_text(result.report))
            self.stack.setCurrentWidget(self.message)
            return
        natural = self._fill_tables(result, fmt)
        self._fill_charts(result, fmt)
        self.stack.setCurrentWidget(self.splitter)
        if self.charts:
            total = max(self.splitter.width(), self.width(), 800)
            tables = max(self.tables_area.minimumWidth(), min(natural, total - 280))
            self.splitter.setSizes([tables, total - tables])

    def _fill_tables(self, result: ReportResult, fmt: CellFormatter) -> int:
        """Build the tables; returns the width they would like."""
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 6, 0)
        self.models = []
        natural = 0
        alone = len(result.tables) == 1
        for table in result.tables:
            title = QLabel(translate(table.title), holder)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            layout.addWidget(title)
            if not table.rows and not table.totals:
                none = QLabel(QCoreApplication.translate("ReportsView", "Nothing here."), holder)
                none.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                layout.addWidget(none)
                layout.addSpacing(8)
                continue
            model = ReportTableModel(table, fmt, holder)
            self.models.append(model)
            view = table_view(model, holder, alone=alone)
            natural = max(
                natural,
                view.horizontalHeader().length()
                + 2 * view.frameWidth()
                + view.verticalScrollBar().sizeHint().width()
                + 36,  # the margins and the area's own scroll bar
            )
            layout.addWidget(view, 1 if alone else 0)
            if table.total_rows is not None and table.total_rows > len(table.rows):
                loc = QLocale()
                capped = QLabel(
                    QCoreApplication.translate("ReportsView", "The first %1 of %2 rows.")
                    .replace("%1", loc.toString(len(table.rows)))
                    .replace("%2", loc.toString(table.total_rows)),
                    holder,
                )
                capped.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                layout.addWidget(capped)
            layout.addSpacing(8)
        if not alone:
            layout.addStretch(1)
        self.tables_area.setWidget(holder)
        return natural

    def _fill_charts(self, result: ReportResult, fmt: CellFormatter) -> None:
        self.charts = []
        if not result.charts:
            self.charts_area.hide()
            return
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(6, 0, 0, 0)
        for spec in result.charts:
            view = chart_view(spec, fmt, holder)
            self.charts.append(view)
            layout.addWidget(view, 1)
        self.charts_area.setWidget(holder)
        self.charts_area.show()

    def model(self, table_id: str) -> ReportTableModel:
        return next(m for m in self.models if m.table.id == table_id)
