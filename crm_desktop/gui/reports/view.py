"""The reports view: the eight reports and the saved templates on the left; on the right
the chosen report's parameters, Run / Export / Save as template, and the result.

Running. A report runs through `ctx.run` (a read) with the status bar's progress and
Cancel. Each run takes a generation number; a result that arrives after the
parameters changed (or after another run started) is dropped, never shown under
parameters it was not computed for.

Exporting runs the report again unless the result on screen was computed for exactly
these parameters, then writes the file (`services.reports.export`) off the GUI thread.

Templates. "Save as template…" stores the report and its parameters under a name;
a relative period ("last week") stays relative. Double-click or Enter on a template
(or its context menu) reruns it; the context menu also renames and deletes.
"""

from __future__ import annotations

import contextlib
import html
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSettings,
    QSize,
    Qt,
    Slot,
)
from PySide6.QtGui import QFont, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.domain.names import fold
from crm_desktop.gui.contacts.page import AskName, ask_name_dialog
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.reports.params_bar import (
    PERIOD,
    USES,
    Choices,
    ParamsBar,
    default_params,
    load_choices,
)
from crm_desktop.gui.reports.result_view import ResultView, formatter, translate, ui_language
from crm_desktop.gui.resources import icon
from crm_desktop.gui.runner import Job
from crm_desktop.services import reports
from crm_desktop.services.progress import Cancelled, Progress
from crm_desktop.services.reports import ReportParams, ReportResult, resolve_period
from crm_desktop.services.reports import templates as tpl
from crm_desktop.services.reports.export import export_report
from crm_desktop.services.reports.templates import ReportTemplateView
from crm_desktop.services.safe_output import safe_filename

REPORT_ROLE = Qt.ItemDataRole.UserRole + 1
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 2
TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 3
SPLITTER_KEY = "reports/splitter"
FOLDER_KEY = "reports/folder"
_CHOICE_KINDS = frozenset(
    {EntityKind.USER, EntityKind.PIPELINE, EntityKind.ORGANIZATION, EntityKind.PERSON}
)


@dataclass(frozen=True)
class ReportInfo:
    key: str  # the `REPORTS` name
    name: str  # translated
    description: str  # translated, one line
    icon_name: str


def catalog() -> list[ReportInfo]:
    """The eight reports in the order of the list (names as their results title them)."""
    return [
        ReportInfo(
            "funnel",
            QCoreApplication.translate("reports", "Sales funnel"),
            QCoreApplication.translate("ReportsView", "Stages reached, conversion, losses"),
            "deals",
        ),
        ReportInfo(
            "forecast",
            QCoreApplication.translate("reports", "Pipeline and forecast"),
            QCoreApplication.translate("ReportsView", "Open deals and the weighted forecast"),
            "stage",
        ),
        ReportInfo(
            "won-lost",
            QCoreApplication.translate("reports", "Won and lost deals"),
            QCoreApplication.translate("ReportsView", "Won by owner, lost by reason"),
            "won",
        ),
        ReportInfo(
            "activity",
            QCoreApplication.translate("reports", "Manager activity"),
            QCoreApplication.translate("ReportsView", "Calls, meetings, to-dos per user"),
            "call_out",
        ),
        ReportInfo(
            "overdue",
            QCoreApplication.translate("reports", "Overdue and upcoming work"),
            QCoreApplication.translate("ReportsView", "Overdue work and the next 7 days"),
            "reminder",
        ),
        ReportInfo(
            "agenda",
            QCoreApplication.translate("reports", "Agenda"),
            QCoreApplication.translate("ReportsView", "A day or a week, to print"),
            "agenda",
        ),
        ReportInfo(
            "dossier",
            QCoreApplication.translate("reports", "Client dossier"),
            QCoreApplication.translate("ReportsView", "Card, people, deals, history"),
            "organization",
        ),
        ReportInfo(
            "base",
            QCoreApplication.translate("reports", "Client base"),
            QCoreApplication.translate("ReportsView", "Segments, tags, forgotten clients"),
            "contacts",
        ),
    ]


def empty_text(report: str) -> str:
    """What to say when a report found nothing."""
    texts = {
        "funnel": QCoreApplication.translate(
            "ReportsView", "No deal reached a stage of this pipeline in this period."
        ),
        "forecast": QCoreApplication.translate(
            "ReportsView", "There are no open deals to forecast."
        ),
        "won-lost": QCoreApplication.translate(
            "ReportsView", "No deal was won or lost in this period."
        ),
        "activity": QCoreApplication.translate(
            "ReportsView", "No calls, meetings, messages or to-dos in this period."
        ),
        "overdue": QCoreApplication.translate("ReportsView", "No overdue or upcoming work."),
        "agenda": QCoreApplication.translate("ReportsView", "Nothing is planned for this period."),
        "dossier": QCoreApplication.translate(
            "ReportsView", "Nothing is known about this client yet."
        ),
        "base": QCoreApplication.translate("ReportsView", "No clients match these parameters."),
    }
    return texts.get(report, QCoreApplication.translate("ReportsView", "The report found nothing."))


class TwoLineDelegate(QStyledItemDelegate):
    """A report's name in bold and its one-line description under it."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = option.fontMetrics.height()  # type: ignore[attr-defined]
        return QSize(220, 2 * height + 14)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # type: ignore[attr-defined]
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = opt.rect  # type: ignore[attr-defined]
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette: QPalette = opt.palette  # type: ignore[attr-defined]
        left = rect.left() + 8 + opt.decorationSize.width() + 8  # type: ignore[attr-defined]
        width = rect.right() - left - 6
        painter.save()
        name_font = QFont(opt.font)  # type: ignore[attr-defined]
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(
            palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            )
        )
        metrics = painter.fontMetrics()
        top = rect.top() + 5
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.drawText(
            QRect(left, top, width, metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(name, Qt.TextElideMode.ElideRight, width),
        )
        small = QFont(opt.font)  # type: ignore[attr-defined]
        small.setPointSizeF(small.pointSizeF() * 0.9)
        painter.setFont(small)
        if not selected:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        description = str(index.data(DESCRIPTION_ROLE) or "")
        line = painter.fontMetrics()
        painter.drawText(
            QRect(left, top + metrics.height() + 2, width, line.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            line.elidedText(description, Qt.TextElideMode.ElideRight, width),
        )
        painter.restore()


class ReportsView(QWidget):
    """Pick a report, set its parameters, see it, export it, save it as a template."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportsView")
        self.ask_name: AskName = ask_name_dialog  # tests answer it without a dialog
        self.reports = catalog()
        self.templates: list[ReportTemplateView] = []
        self.results: dict[str, tuple[ReportParams, ReportResult]] = {}  # the last of each
        self.job: Job[ReportResult] | None = None
        self.generation = 0
        self._params: dict[str, ReportParams] = {}
        self._started = False
        self._ready = False

        # left: reports, templates
        self.report_list = QListWidget(self)
        self.report_list.setObjectName("reportList")
        self.report_list.setItemDelegate(TwoLineDelegate(self.report_list))
        self.report_list.setToolTip(self.tr("Double-click (or Enter) runs the report"))
        self.report_list.setIconSize(QSize(24, 24))
        for info in self.reports:
            item = QListWidgetItem(icon(info.icon_name), info.name)
            item.setData(REPORT_ROLE, info.key)
            item.setData(DESCRIPTION_ROLE, info.description)
            item.setToolTip(info.description)
            self.report_list.addItem(item)
        self.template_list = QListWidget(self)
        self.template_list.setObjectName("reportTemplates")
        self.template_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.template_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.template_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.template_list.setToolTip(
            self.tr("Double-click (or Enter) reruns a template; right-click to rename or delete")
        )
        self.no_templates = QLabel(
            self.tr("No templates yet: set the parameters, then “Save as template…”."), self
        )
        self.no_templates.setWordWrap(True)
        self.no_templates.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.report_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.report_list.setMinimumWidth(200)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self._heading(self.tr("Reports")))
        left_layout.addWidget(self.report_list, 3)
        left_layout.addWidget(self._heading(self.tr("Saved templates")))
        left_layout.addWidget(self.template_list, 1)
        left_layout.addWidget(self.no_templates)

        # right: title, parameters, actions, result
        self.heading = QLabel(self)
        self.heading.setObjectName("reportHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.description = QLabel(self)
        self.description.setMinimumWidth(100)
        self.description.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.bar = ParamsBar(ctx, self)
        self.run_button = QPushButton(icon("next"), self.tr("Run"), self)
        self.run_button.setObjectName("runReport")
        self.run_button.setDefault(True)
        self.run_button.setShortcut(QKeySequence("Ctrl+R"))
        self.run_button.setToolTip(self.tr("Compute the report with these parameters (Ctrl+R)"))
        self.pdf_button = QPushButton(icon("export"), self.tr("Export PDF…"), self)
        self.pdf_button.setObjectName("exportPdf")
        self.xlsx_button = QPushButton(icon("export"), self.tr("Export Excel…"), self)
        self.xlsx_button.setObjectName("exportXlsx")
        self.save_button = QPushButton(icon("save"), self.tr("Save as template…"), self)
        self.save_button.setObjectName("saveTemplate")
        self.status = QLabel(self)
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.status.setOpenExternalLinks(True)  # the saved file opens in its program
        self.status.setTextFormat(Qt.TextFormat.RichText)  # plain words go through `say`
        actions = QHBoxLayout()
        for button in (self.run_button, self.pdf_button, self.xlsx_button, self.save_button):
            actions.addWidget(button)
        actions.addWidget(self.status, 1)
        self.summary = QLabel(self)
        self.summary.setObjectName("reportSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_view = ResultView(self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.heading)
        title_row.addSpacing(12)
        title_row.addWidget(self.description, 1, Qt.AlignmentFlag.AlignBottom)
        right_layout.addLayout(title_row)
        right_layout.addWidget(self.bar)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.result_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("reportsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([240, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        saved = ctx.settings.value(SPLITTER_KEY)
        if saved is not None:
            self.splitter.restoreState(saved)  # type: ignore[arg-type]

        self.report_list.currentItemChanged.connect(self._report_chosen)
        self.report_list.itemActivated.connect(lambda _item: self.run_report())
        self.template_list.itemActivated.connect(self._template_activated)
        self.template_list.customContextMenuRequested.connect(self._template_menu)
        self.run_button.clicked.connect(self.run_report)
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.save_button.clicked.connect(self.save_template)
        self.bar.changed.connect(self._params_changed)
        ctx.changed.connect(self._on_changed)
        self.report_list.setCurrentRow(0)
        self._show_templates([])

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    # ------------------------------------------------------------ page

    def activate(self) -> None:
        """Shown: read the choices and the templates the first time."""
        if not self._started:
            self._started = True
            self.load_choices()
            self.load_templates()

    def is_ready(self) -> bool:
        return self._ready

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        if self._started and any(changes.touches(k) for k in _CHOICE_KINDS):
            self.load_choices()

    def load_choices(self) -> None:
        ws = self.ctx.ws
        self.ctx.run(lambda _p: load_choices(ws), self._choices_loaded, write=False)

    def _choices_loaded(self, choices: Choices) -> None:
        self.bar.set_choices(choices)
        self._ready = True

    # ------------------------------------------------------------ report

    @property
    def report(self) -> str:
        return self.bar.report

    @property
    def result(self) -> ReportResult | None:
        """The chosen report's last result (None before it ran)."""
        found = self.results.get(self.report)
        return found[1] if found else None

    @property
    def result_for(self) -> tuple[str, ReportParams] | None:
        """The report and the parameters `result` was computed with."""
        found = self.results.get(self.report)
        return (self.report, found[0]) if found else None

    def info(self, report: str) -> ReportInfo:
        return next(i for i in self.reports if i.key == report)

    def choose_report(self, report: str, params: ReportParams | None = None) -> None:
        """Select `report` in the list (with `params`, else its last parameters)."""
        if params is not None:
            self._params[report] = params
        for row in range(self.report_list.count()):
            if self.report_list.item(row).data(REPORT_ROLE) == report:
                if self.report_list.currentRow() == row:
                    self._show_report(report)
                else:
                    self.report_list.setCurrentRow(row)
                return
        raise KeyError(report)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _report_chosen(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        if previous is not None:
            self._remember()
        self._show_report(str(current.data(REPORT_ROLE)))

    def _remember(self) -> None:
        with contextlib.suppress(ValueError):  # reversed dates are not worth keeping
            self._params[self.bar.report] = self.bar.params()

    def _show_report(self, report: str) -> None:
        info = self.info(report)
        self.heading.setText(info.name)
        self.description.setText(info.description)
        self.bar.set_report(report, self._params.get(report, default_params(report)))
        self._invalidate()
        result = self.result
        if result is not None:
            self._display(result)
            self._params_changed()
            return
        self.summary.clear()
        self.result_view.show_message(self.tr("Set the parameters and press Run."))

    # ------------------------------------------------------------ running

    def _invalidate(self) -> None:
        """The parameters changed: a run under way is for other parameters now."""
        if self.job is not None and not self.job.finished:
            self.job.cancel()
            self.job = None
            self.generation += 1
            self.result_view.show_message(
                self.tr("The parameters changed while the report ran: press Run again.")
            )
        self.status.clear()

    @Slot()
    def _params_changed(self) -> None:
        self._invalidate()
        if self.result is not None and self.result_for is not None:
            current = self._current()
            if current != self.result_for:
                self.say(self.tr("The parameters changed: press Run to update."))

    def say(self, text: str, link: str = "", *, error: bool = False) -> None:
        """A line next to the buttons (`link`, markup, replaces %1); errors in red."""
        words = html.escape(text)
        if link:
            words = words.replace("%1", link)
        self.status.setText(f'<span style="color:#b3261e">{words}</span>' if error else words)

    def _current(self) -> tuple[str, ReportParams] | None:
        try:
            return self.bar.report, self.bar.params()
        except ValueError:
            return None

    def _problem(self) -> bool:
        problem = self.bar.problem()
        if problem:
            self.say(problem, error=True)
            return True
        return False

    def run_report(self) -> None:
        """Compute the chosen report with the parameters shown."""
        if self._problem():
            return
        report, params = self.bar.report, self.bar.params()
        self._params[report] = params
        if self.job is not None and not self.job.finished:
            self.job.cancel()
        self.generation += 1
        ws, clock = self.ctx.ws, self.ctx.clock

        def op(progress: Progress) -> ReportResult:
            progress(0, 1)
            result = reports.run(report, ws, params, clock)
            progress(1, 1)
            return result

        self.status.clear()
        self.result_view.show_message(self.tr("Running the report…"))
        self.job = self.ctx.run(
            op,
            partial(self._shown, self.generation, report, params),
            title=self.tr("Running the report “%1”…").replace("%1", self.info(report).name),
            write=False,
            on_failure=partial(self._failed, self.generation),
        )

    def _shown(
        self, generation: int, report: str, params: ReportParams, result: ReportResult
    ) -> None:
        if generation != self.generation:
            return  # computed for parameters no longer shown
        self.job = None
        self.results[report] = (params, result)
        self._display(result)

    def _display(self, result: ReportResult) -> None:
        fmt = formatter()
        parts = [f"{translate(name)}: {fmt.cell(value)}" for name, value in result.parameters]
        self.summary.setText(" · ".join(parts))
        self.result_view.show_result(result, fmt, empty_text)

    def _failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation != self.generation:
            return
        self.job = None
        if isinstance(exc, Cancelled):
            self.result_view.show_message(self.tr("The report was cancelled."))
            return
        self.result_view.show_message(self.tr("The report could not be computed."))
        self.ctx.show_error(exc, details)

    # ------------------------------------------------------------ export

    def suggested_name(self, report: str, params: ReportParams, suffix: str) -> str:
        """The report's translated title and its days: "Sales funnel 2026-03-01 – 2026-03-31"."""
        period = resolve_period(params, self.ctx.clock)
        days = period.first.isoformat()
        if period.last != period.first and self._uses_period(report):
            days += f" – {period.last.isoformat()}"
        return safe_filename(f"{self.info(report).name} {days}", "report") + suffix

    def _uses_period(self, report: str) -> bool:
        return PERIOD in USES[report]

    def export(self, suffix: str) -> None:
        """Ask where, then write the report as PDF or xlsx in the background."""
        if self._problem():
            return
        report, params = self.bar.report, self.bar.params()
        folder = Path(str(self.ctx.settings.value(FOLDER_KEY, str(Path.home()))))
        pdf = suffix == ".pdf"
        chosen = self.ctx.dialogs.save_path(
            self,
            self.tr("Export the report to PDF") if pdf else self.tr("Export the report to Excel"),
            str(folder / self.suggested_name(report, params, suffix)),
            self.tr("PDF documents (*.pdf)") if pdf else self.tr("Excel workbooks (*.xlsx)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self.ctx.settings.setValue(FOLDER_KEY, str(path.parent))
        ready = self.result if self.result_for == (report, params) else None
        ws, clock = self.ctx.ws, self.ctx.clock
        language, company = ui_language(), ws.settings.company_name
        logo = ws.settings.company_logo  # Settings → General

        def op(progress: Progress) -> Path:
            result = ready or reports.run(report, ws, params, clock)
            return export_report(
                result,
                path,
                language=language,
                translate=translate,
                company=company,
                logo=logo or None,
                progress=progress,
            )

        self.say(self.tr("Exporting…"))
        self.ctx.run(
            op,
            self._exported,
            title=self.tr("Exporting the report…"),
            write=False,
            on_failure=self._export_failed,
        )

    def _exported(self, path: Path) -> None:
        link = f'<a href="{html.escape(path.as_uri())}">{html.escape(str(path))}</a>'
        self.say(self.tr("Saved: %1"), link)

    def _export_failed(self, exc: BaseException, details: str) -> None:
        self.say(self.tr("The export was cancelled.") if isinstance(exc, Cancelled) else "")
        self.ctx.show_error(exc, details)

    # ------------------------------------------------------------ templates

    def load_templates(self, select: int | None = None) -> None:
        ws = self.ctx.ws
        self.ctx.run(
            lambda _p: tpl.list_templates(ws),
            lambda found: self._show_templates(found, select),
            write=False,
        )

    def _show_templates(self, found: list[ReportTemplateView], select: int | None = None) -> None:
        self.templates = found
        self.template_list.clear()
        for t in found:
            item = QListWidgetItem(icon(self.info(t.report).icon_name), t.name)
            item.setData(TEMPLATE_ROLE, t.id)
            item.setToolTip(f"{t.name}\n{self.info(t.report).name}")
            self.template_list.addItem(item)
            if t.id == select:
                self.template_list.setCurrentItem(item)
        self.no_templates.setVisible(not found)
        self.template_list.setVisible(bool(found))

    def template(self, template_id: int) -> ReportTemplateView:
        return next(t for t in self.templates if t.id == template_id)

    def _named(self, name: str) -> ReportTemplateView | None:
        return next((t for t in self.templates if fold(t.name) == fold(name)), None)

    def save_template(self) -> None:
        """Ask for a name and save the report with its parameters under it."""
        if self._problem():
            return
        report, params = self.bar.report, self.bar.params()
        name = self.ask_name(
            self, self.tr("Save as template"), self.tr("Template name:"), self.info(report).name
        )
        if not name:
            return
        existing = self._named(name)
        if existing is not None and not self.ctx.dialogs.confirm(
            self,
            self.tr("Save as template"),
            self.tr("A template named “%1” exists. Replace it?").replace("%1", existing.name),
        ):
            return
        ws = self.ctx.ws
        self.ctx.run(
            lambda _p: tpl.save_template(ws, name, report, params),
            self._template_saved,
        )

    def _template_saved(self, view: ReportTemplateView) -> None:
        self.say(self.tr("Template “%1” saved.").replace("%1", view.name))
        self.load_templates(select=view.id)

    def run_template(self, template_id: int) -> None:
        """Show the template's report with its parameters and run it."""
        t = self.template(template_id)
        self.choose_report(t.report, t.params)
        self.run_report()

    @Slot(QListWidgetItem)
    def _template_activated(self, item: QListWidgetItem) -> None:
        self.run_template(int(item.data(TEMPLATE_ROLE)))

    @Slot(QPoint)
    def _template_menu(self, pos: QPoint) -> None:
        item = self.template_list.itemAt(pos)
        if item is None:
            return
        template_id = int(item.data(TEMPLATE_ROLE))
        menu = QMenu(self)
        menu.addAction(icon("next"), self.tr("Run"), lambda: self.run_template(template_id))
        menu.addAction(icon("edit"), self.tr("Rename…"), lambda: self.rename_template(template_id))
        menu.addAction(icon("delete"), self.tr("Delete"), lambda: self.delete_template(template_id))
        menu.popup(self.template_list.viewport().mapToGlobal(pos))

    def rename_template(self, template_id: int) -> None:
        t = self.template(template_id)
        name = self.ask_name(
            self, self.tr("Rename the template"), self.tr("Template name:"), t.name
        )
        if not name or name == t.name:
            return
        other = self._named(name)
        if (
            other is not None
            and other.id != t.id
            and not self.ctx.dialogs.confirm(
                self,
                self.tr("Rename the template"),
                self.tr("A template named “%1” exists. Replace it?").replace("%1", other.name),
            )
        ):
            return
        ws = self.ctx.ws

        def op(_progress: Progress) -> ReportTemplateView:
            view = tpl.save_template(ws, name, t.report, t.params)
            if view.id != t.id:
                tpl.delete_template(ws, t.id)
            return view

        self.ctx.run(op, lambda view: self.load_templates(select=view.id))

    def delete_template(self, template_id: int) -> None:
        t = self.template(template_id)
        if not self.ctx.dialogs.confirm(
            self,
            self.tr("Delete the template"),
            self.tr("Delete the template “%1”? The reports themselves stay.").replace("%1", t.name),
        ):
            return
        ws = self.ctx.ws
        self.ctx.run(
            lambda _p: tpl.delete_template(ws, template_id), lambda _n: self.load_templates()
        )
