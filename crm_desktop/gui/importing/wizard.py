"""The import wizard: file → sheet and header → columns → preview → duplicates → import.

Every read of the file runs in the background (`services.importing.preview`); the
import itself is `run_import` on the writer thread with its progress bar and Cancel on
the last page (cancelled: nothing is written). The wizard keeps what the pages decided
(`head`, `layout`, `mapping`, `plan`, `policy`, `region`) and each page recomputes only
what changed before it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from crm_desktop.errors import UserError
from crm_desktop.gui import i18n
from crm_desktop.gui.contacts.duplicates import MUTED
from crm_desktop.gui.contacts.editors import BANNER_ERROR, BANNER_INFO
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.importing.models import (
    HEADER_BACKGROUND,
    PROBLEM_BACKGROUND,
    RowsModel,
    TableRow,
    column_letters,
)
from crm_desktop.gui.resources import icon
from crm_desktop.gui.runner import Job
from crm_desktop.importing.cells import cell_text
from crm_desktop.importing.fields import EMAIL_FIELDS, NAME_FIELDS, PHONE_FIELDS, Field, Target
from crm_desktop.importing.layout import Layout
from crm_desktop.importing.mapping import Mapping, ProfileStore
from crm_desktop.importing.readers import FileFormat
from crm_desktop.services.importing import ImportPlan, ImportResult, plan_import, run_import
from crm_desktop.services.importing.preview import (
    FileHead,
    PlanCounts,
    PreviewRow,
    group_headings,
    plan_counts,
    preview_rows,
    read_head,
    suggest,
)
from crm_desktop.services.progress import Cancelled, Progress
from crm_desktop.services.workspace import Workspace

IDENTITY_FIELDS = frozenset({*NAME_FIELDS, Field.ORGANIZATION, *PHONE_FIELDS, *EMAIL_FIELDS})
FILE_FILTER_EXTS = "*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.tsv *.vcf *.html *.htm"
GRID_ROWS = 30  # rows of the sheet shown on the header page
SAMPLES = 3  # sample values per column on the mapping page
REGIONS = ("RU", "KZ", "BY", "UA", "UZ", "KG", "AM", "GE", "AZ", "MD", "DE", "US", "GB")

T = TypeVar("T")
RunOp = Callable[[Workspace, ImportPlan, Progress], ImportResult]


def _run(ws: Workspace, plan: ImportPlan, progress: Progress) -> ImportResult:
    return run_import(ws, plan, progress=progress)


def profile_store(ctx: AppContext) -> ProfileStore:
    """The saved mapping profiles: `import-profiles` in the configuration folder, where the
    CLI keeps them too (without the app's folders: next to the window settings file)."""
    folder = ctx.paths.config_dir if ctx.paths else Path(ctx.settings.fileName()).parent
    return ProfileStore(folder / "import-profiles")


def format_names() -> dict[FileFormat, str]:
    return {
        FileFormat.XLSX: QCoreApplication.translate("ImportWizard", "Excel workbook"),
        FileFormat.XLS: QCoreApplication.translate("ImportWizard", "Excel 97–2003 workbook"),
        FileFormat.ODS: QCoreApplication.translate("ImportWizard", "OpenDocument spreadsheet"),
        FileFormat.CSV: QCoreApplication.translate("ImportWizard", "Text file (CSV)"),
        FileFormat.HTML: QCoreApplication.translate("ImportWizard", "Web page saved as Excel"),
        FileFormat.VCARD: QCoreApplication.translate("ImportWizard", "vCard contacts"),
    }


def target_choices() -> list[tuple[Target | None, str]]:
    """What a column can become, in the order of the combo (None: not imported)."""
    return [
        (None, QCoreApplication.translate("ImportFields", "— do not import —")),
        (Target(Field.FULL_NAME), QCoreApplication.translate("ImportFields", "Full name")),
        (Target(Field.LAST_NAME), QCoreApplication.translate("ImportFields", "Last name")),
        (Target(Field.FIRST_NAME), QCoreApplication.translate("ImportFields", "First name")),
        (Target(Field.MIDDLE_NAME), QCoreApplication.translate("ImportFields", "Middle name")),
        (Target(Field.ORGANIZATION), QCoreApplication.translate("ImportFields", "Company")),
        (Target(Field.POSITION), QCoreApplication.translate("ImportFields", "Position")),
        (Target(Field.DEPARTMENT), QCoreApplication.translate("ImportFields", "Department")),
        (Target(Field.PHONE), QCoreApplication.translate("ImportFields", "Phone")),
        (
            Target(Field.PHONE, "mobile"),
            QCoreApplication.translate("ImportFields", "Phone: mobile"),
        ),
        (Target(Field.PHONE, "work"), QCoreApplication.translate("ImportFields", "Phone: work")),
        (Target(Field.PHONE, "home"), QCoreApplication.translate("ImportFields", "Phone: home")),
        (Target(Field.PHONE, "fax"), QCoreApplication.translate("ImportFields", "Phone: fax")),
        (Target(Field.PHONE, "other"), QCoreApplication.translate("ImportFields", "Phone: other")),
        (Target(Field.EMAIL), QCoreApplication.translate("ImportFields", "Email")),
        (Target(Field.EMAIL, "work"), QCoreApplication.translate("ImportFields", "Email: work")),
        (
            Target(Field.EMAIL, "personal"),
            QCoreApplication.translate("ImportFields", "Email: personal"),
        ),
        (Target(Field.BIRTHDAY), QCoreApplication.translate("ImportFields", "Birthday")),
        (Target(Field.ADDRESS), QCoreApplication.translate("ImportFields", "Address")),
        (Target(Field.CITY), QCoreApplication.translate("ImportFields", "City")),
        (Target(Field.WEBSITE), QCoreApplication.translate("ImportFields", "Website")),
        (Target(Field.TAGS), QCoreApplication.translate("ImportFields", "Tags")),
        (Target(Field.NOTES), QCoreApplication.translate("ImportFields", "Notes")),
        (Target(Field.OWNER), QCoreApplication.translate("ImportFields", "Owner (manager)")),
        (Target(Field.SOURCE), QCoreApplication.translate("ImportFields", "Source")),
        (Target(Field.SEGMENT), QCoreApplication.translate("ImportFields", "Segment")),
        (Target(Field.INN), QCoreApplication.translate("ImportFields", "INN")),
        (Target(Field.KPP), QCoreApplication.translate("ImportFields", "KPP")),
        (Target(Field.OGRN), QCoreApplication.translate("ImportFields", "OGRN")),
        (Target(Field.INDUSTRY), QCoreApplication.translate("ImportFields", "Industry")),
        (Target(Field.ORG_PHONE), QCoreApplication.translate("ImportFields", "Company phone")),
        (Target(Field.ORG_EMAIL), QCoreApplication.translate("ImportFields", "Company email")),
        (Target(Field.ORG_ADDRESS), QCoreApplication.translate("ImportFields", "Company address")),
        (Target(Field.ORG_WEBSITE), QCoreApplication.translate("ImportFields", "Company website")),
    ]


def _same(a: Target | None, b: Target | None) -> bool:
    """The same choice in the combo (a paired label column does not make another one)."""
    if a is None or b is None:
        return a is b
    return (a.field, a.kind, a.name) == (b.field, b.kind, b.name)


def target_label(target: Target, choices: list[tuple[Target | None, str]]) -> str:
    """The combo text of a target that is not among the choices (a custom field …)."""
    if target.field is Field.CUSTOM:
        return QCoreApplication.translate("ImportFields", "Custom field: %1").replace(
            "%1", target.name or ""
        )
    base = next((label for t, label in choices if _same(t, replace(target, kind=None))), "")
    return base or target.field.value


def field_label(code: str) -> str:
    """A warning's field ('phone', 'birthday', 'name' …) as the user reads it."""
    if code == "name":
        return QCoreApplication.translate("ImportFields", "Name")
    try:
        wanted = Target(Field(code))
    except ValueError:
        return code
    return next((label for t, label in target_choices() if _same(t, wanted)), code)


def has_identity(mapping: Mapping) -> bool:
    return bool(mapping.fields() & IDENTITY_FIELDS)


def copy_mapping(mapping: Mapping) -> Mapping:
    return Mapping(
        dict(mapping.columns), dict(mapping.labels), mapping.day_first, mapping.group_target
    )


def _mapping_key(mapping: Mapping) -> tuple[Any, ...]:
    return (tuple(mapping.items()), mapping.day_first, mapping.group_target)


def _heading_font(widget: QWidget, scale: float = 1.6) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font


def _table(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    return view


def _banner(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _show_banner(label: QLabel, text: str, *, error: bool) -> None:
    label.setStyleSheet(BANNER_ERROR if error else BANNER_INFO)
    label.setText(text)
    label.setVisible(bool(text))


def run_for(
    widget: QWidget,
    op: Callable[[Progress], T],
    on_success: Callable[[T], None],
    *,
    write: bool,
    on_failure: Callable[[BaseException, str], None] | None = None,
    title: str = "",
) -> Job[T]:
    """`ctx.run` for a page or dialog that may be closed (and deleted) before the answer:
    a late answer is dropped; a late failure other than a cancel is still reported."""
    ctx: AppContext = widget.ctx  # type: ignore[attr-defined]

    def succeeded(result: T) -> None:
        if shiboken6.isValid(widget):
            on_success(result)

    def failed(exc: BaseException, details: str) -> None:
        if shiboken6.isValid(widget) and on_failure is not None:
            on_failure(exc, details)
        elif not isinstance(exc, Cancelled):
            ctx.show_error(exc, details)

    return ctx.run(op, succeeded, write=write, on_failure=failed, title=title)


def _number(value: int) -> str:
    return QLocale().toString(value)


_Planned = tuple[ImportPlan, list[PreviewRow], PlanCounts]


@dataclass(frozen=True, slots=True)
class _PlanKey:
    path: Path
    sheet: str | None  # None: every sheet, each mapped by its own headers
    header: Layout | None
    mapping: tuple[Any, ...]
    region: str


# ------------------------------------------------------------------ the wizard


class ImportWizard(QWizard):
    """Import a contact file into the base (see the module docstring)."""

    FILE, SHEET, MAPPING, PREVIEW, DUPLICATES, RUN = range(6)

    imported = Signal(object)  # ImportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import contacts"))
        self.setWindowIcon(icon("open-base"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.profiles = profile_store(ctx)
        self.run_op: RunOp = _run  # tests and screenshots put another one in
        # what the pages decided
        self.head: FileHead | None = None
        self.sheet_layout: Layout | None = None  # the header in use
        self.mapping: Mapping | None = None
        self.all_sheets = False  # every sheet of the file, each mapped by its headers
        self.mapping_layout: Layout | None = None  # the layout `mapping` was made for
        self.profile_name: str | None = None  # the saved profile applied automatically
        self.plan: ImportPlan | None = None
        self.plan_key: _PlanKey | None = None
        self.preview_rows: list[PreviewRow] = []  # the plan's first records, for the preview
        self.counts: PlanCounts | None = None
        self.policy = "merge"
        self.region = ctx.ws.region.upper()
        self.language = i18n.resolve_language(ctx.ws.settings.language)  # of problem texts
        self.outcome: ImportResult | None = None
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.duplicates_page = DuplicatesPage(self)
        self.run_page = RunPage(self)
        for page_id, page in enumerate(
            (
                self.file_page,
                self.sheet_page,
                self.mapping_page,
                self.preview_page,
                self.duplicates_page,
                self.run_page,
            )
        ):
            self.setPage(page_id, page)
        self.setStartId(self.FILE)
        self.setMinimumSize(820, 560)
        self.resize(1040, 680)

    # the header the user chose, None when it is the detected one
    @property
    def chosen_header(self) -> Layout | None:
        if (
            self.head is None
            or self.sheet_layout is None
            or self.sheet_layout == self.head.detected
        ):
            return None
        return self.sheet_layout

    def current_plan_key(self) -> _PlanKey | None:
        if self.head is None:
            return None
        if self.all_sheets:
            return _PlanKey(self.head.path, None, None, (), self.region)
        if self.mapping is None:
            return None
        return _PlanKey(
            self.head.path,
            self.head.sheet,
            self.chosen_header,
            _mapping_key(self.mapping),
            self.region,
        )

    def set_head(self, head: FileHead) -> None:
        self.head = head
        self.sheet_layout = head.detected
        self.plan = None

    def reject(self) -> None:
        """Cancel during the import stops it (nothing is written) instead of closing."""
        if self.run_page.running:
            self.run_page.cancel()
            return
        self.preview_page.cancel()
        self.duplicates_page.cancel()
        super().reject()


class _Page(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.ctx = wizard.ctx


# ------------------------------------------------------------------ 1. file


class FilePage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("importFilePage")
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(
            self.tr(
                "Excel (.xlsx, .xls), OpenDocument (.ods), CSV or vCard (.vcf): an export "
                "from Excel, 1C, amoCRM, Bitrix24, Google Contacts or Outlook."
            )
        )
        self.setAcceptDrops(True)
        self._loading = ""
        self._token = 0
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(self.tr("The file to import"))
        self.path_edit.setClearButtonEnabled(True)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setObjectName("importBrowse")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.drop = QLabel(self.tr("Drop a file here"), self)
        self.drop.setObjectName("importDrop")
        self.drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop.setMinimumHeight(150)
        self.drop.setStyleSheet(
            "QLabel { border: 2px dashed palette(mid); border-radius: 8px;"
            " color: palette(placeholder-text); }"
        )
        self.drop.setFont(_heading_font(self.drop, 1.2))
        self.status = _banner(self, "importFileStatus")
        hint = QLabel(
            self.tr(
                "Nothing is written to the base until the last step; every import can be "
                "undone later from File → Import history."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(MUTED)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.drop, 1)
        layout.addWidget(self.status)
        layout.addWidget(hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._load_typed)
        self.path_edit.textChanged.connect(self._typed)
        self.path_edit.returnPressed.connect(self._load_typed)

    # -- choosing
    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Import contacts from a file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [
                self.tr("Contact files (%1)").replace("%1", FILE_FILTER_EXTS),
                self.tr("All files (*)"),
            ]
        )
        dialog.fileSelected.connect(self.set_path)
        dialog.open()

    def set_path(self, path: str) -> None:
        """Take a file (chosen, dropped or typed) and read its first rows."""
        self.path_edit.setText(path)
        self._timer.stop()
        self.load(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.set_path(urls[0].toLocalFile())

    def _typed(self, _text: str) -> None:
        self.completeChanged.emit()
        self._timer.start()

    def _load_typed(self) -> None:
        path = self.path_edit.text().strip()
        if path and Path(path).is_file():
            self.load(path)

    # -- reading
    def load(self, path: str) -> None:
        head = self.wiz.head
        if head is not None and str(head.path) == path:
            return
        self._token += 1
        token = self._token
        self._loading = path
        _show_banner(self.status, self.tr("Reading the file…"), error=False)
        self.completeChanged.emit()

        def done(head: FileHead) -> None:
            if token != self._token:
                return
            self._loading = ""
            self.wiz.set_head(head)
            self._describe(head)
            self.completeChanged.emit()

        def failed(exc: BaseException, details: str) -> None:
            if token != self._token:
                return
            self._loading = ""
            self.wiz.head = None
            if isinstance(exc, UserError):
                _show_banner(self.status, exc.message, error=True)
            else:
                _show_banner(self.status, self.tr("The file could not be read."), error=True)
                self.ctx.show_error(exc, details)
            self.completeChanged.emit()

        run_for(self, lambda _p: read_head(path), done, write=False, on_failure=failed)

    def _describe(self, head: FileHead) -> None:
        parts = [format_names().get(head.format, head.format.value)]
        if len(head.sheets) > 1:
            parts.append(self.tr("%n sheets", "", len(head.sheets)))
        parts.append(self.tr("%n rows", "", head.row_count))
        text = self.tr("“%1” is ready: %2.").replace("%1", head.path.name)
        text = text.replace("%2", ", ".join(parts))
        if head.notes:
            text += "\n" + "\n".join(n.text(self.wiz.language) for n in head.notes)
        _show_banner(self.status, text, error=False)
        self.drop.setText(head.path.name)

    def isComplete(self) -> bool:
        head = self.wiz.head
        return (
            not self._loading
            and head is not None
            and str(head.path) == self.path_edit.text().strip()
        )


# ------------------------------------------------------------------ 2. sheet and header


class SheetPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("importSheetPage")
        self.setTitle(self.tr("Sheet and header row"))
        self.setSubTitle(
            self.tr(
                "The highlighted row holds the column headers. Rows above it (a report "
                "title) are left out; group and total rows of a report are skipped."
            )
        )
        self._loading = False
        self._filling = False
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("importSheet")
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sheet_combo.currentTextChanged.connect(self._sheet_chosen)
        self.header_spin = QSpinBox(self)
        self.header_spin.setObjectName("importHeaderRow")
        self.header_spin.setMinimum(1)
        self.header_spin.valueChanged.connect(self._header_chosen)
        self.two_level = QCheckBox(
            self.tr("Two-level header (the row above names groups of columns)"), self
        )
        self.two_level.setObjectName("importTwoLevel")
        self.two_level.toggled.connect(self._header_chosen)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.sheet_label = QLabel(self.tr("Sheet:"), self)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_combo)
        self.all_sheets = QCheckBox(self)
        self.all_sheets.setObjectName("importAllSheets")
        self.all_sheets.toggled.connect(self._all_sheets_toggled)
        sheet_row.addWidget(self.all_sheets)
        sheet_row.addStretch(1)
        form.addRow(self.sheet_label, sheet_row)
        header_row = QHBoxLayout()
        header_row.addWidget(self.header_spin)
        header_row.addWidget(self.two_level)
        header_row.addStretch(1)
        form.addRow(self.tr("Header row:"), header_row)
        self.model = RowsModel()
        self.grid = _table(self, "importSheetGrid")
        self.grid.setModel(self.model)
        self.grid.setAlternatingRowColors(False)
        self.grid.horizontalHeader().setDefaultSectionSize(130)
        self.grid.clicked.connect(self._row_clicked)
        self.status = _banner(self, "importSheetStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.status)

    def initializePage(self) -> None:
        head = self.wiz.head
        assert head is not None
        self._filling = True
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(head.sheets))
        self.sheet_combo.setCurrentText(head.sheet)
        several = len(head.sheets) > 1
        self.sheet_combo.setVisible(several)
        self.sheet_label.setVisible(several)
        self.all_sheets.setVisible(several)
        self.all_sheets.setText(
            self.tr(
                "Import all %n sheets (the columns of each are matched by its headers)",
                "",
                len(head.sheets),
            )
        )
        self.all_sheets.setChecked(several and self.wiz.all_sheets)
        self.wiz.all_sheets = self.all_sheets.isChecked()
        self._filling = False
        self._show_head()

    def _all_sheets_toggled(self, on: bool) -> None:
        self.wiz.all_sheets = on
        for widget in (self.sheet_combo, self.header_spin, self.two_level, self.grid):
            widget.setEnabled(not on)
        self.completeChanged.emit()

    def nextId(self) -> int:
        """Every sheet: each sheet's columns are matched by its headers, so no mapping page."""
        return ImportWizard.PREVIEW if self.wiz.all_sheets else super().nextId()

    def _show_head(self) -> None:
        head = self.wiz.head
        layout = self.wiz.sheet_layout
        assert head is not None and layout is not None
        self._filling = True
        rows = head.rows[:GRID_ROWS]
        self.header_spin.setMaximum(max((n for n, _ in rows), default=1))
        self.header_spin.setValue(layout.last_header_row or 1)
        self.two_level.setChecked(len(layout.header_rows) > 1)
        self._filling = False
        self._paint()

    def _paint(self) -> None:
        head = self.wiz.head
        layout = self.wiz.sheet_layout
        assert head is not None and layout is not None
        width = head.width
        table: list[TableRow] = []
        for number, cells in head.rows[:GRID_ROWS]:
            texts = [cell_text(c) for c in cells] + [""] * (width - len(cells))
            table.append(
                TableRow(
                    texts,
                    highlight=HEADER_BACKGROUND if number in layout.header_rows else None,
                    label=str(number),
                )
            )
        self.model.set_rows(table, [column_letters(i) for i in range(width)])
        self.grid.clearSpans()
        shown = {number: i for i, (number, _) in enumerate(head.rows[:GRID_ROWS])}
        for m in head.merged:  # merged cells of the file (a two-level header's groups)
            if m.first_row in shown and m.first_col < width:
                rows = sum(1 for r in range(m.first_row, m.last_row + 1) if r in shown)
                cols = min(m.last_col, width - 1) - m.first_col + 1
                if rows * cols > 1:
                    self.grid.setSpan(shown[m.first_row], m.first_col, rows, cols)
        for i, (_row, cells) in enumerate(head.rows[:GRID_ROWS]):
            filled = [c for c, value in enumerate(cells) if cell_text(value)]
            if filled == [0] and width > 1 and self.grid.columnSpan(i, 0) == 1:
                self.grid.setSpan(i, 0, 1, min(width, 4))  # a title or a total: readable
        if not layout.header_rows:
            _show_banner(self.status, self.tr("No header row was found."), error=True)
        else:
            self.status.hide()
        self.completeChanged.emit()

    def _row_clicked(self, index: Any) -> None:
        label = self.model.rows[index.row()].label
        if label:
            self.header_spin.setValue(int(label))

    def _header_chosen(self, *_args: object) -> None:
        head = self.wiz.head
        if self._filling or head is None:
            return
        row = self.header_spin.value()
        if row not in {n for n, _ in head.rows}:
            return
        self.wiz.sheet_layout = head.layout_at(row, two_level=self.two_level.isChecked())
        self._paint()

    def _sheet_chosen(self, name: str) -> None:
        head = self.wiz.head
        if self._filling or head is None or not name or name == head.sheet:
            return
        self._loading = True
        self.completeChanged.emit()
        path = head.path

        def done(new: FileHead) -> None:
            self._loading = False
            self.wiz.set_head(new)
            self._show_head()

        def failed(exc: BaseException, details: str) -> None:
            self._loading = False
            message = exc.message if isinstance(exc, UserError) else str(exc)
            _show_banner(self.status, message, error=True)
            self.completeChanged.emit()

        run_for(self, lambda _p: read_head(path, sheet=name), done, write=False, on_failure=failed)

    def isComplete(self) -> bool:
        if self.wiz.all_sheets:
            return not self._loading
        layout = self.wiz.sheet_layout
        return not self._loading and layout is not None and bool(layout.header_rows)


# ------------------------------------------------------------------ 3. mapping


class MappingPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("importMappingPage")
        self.setTitle(self.tr("Columns"))
        self.setSubTitle(
            self.tr(
                "Choose what each column becomes. The choice is suggested from the headers; "
                "a saved profile that fits the file is applied by itself."
            )
        )
        self.choices = target_choices()
        self.profile_combo = QComboBox(self)
        self.profile_combo.setObjectName("importProfiles")
        self.profile_combo.setMinimumContentsLength(18)
        self.profile_combo.activated.connect(self._profile_chosen)
        self.save_button = QPushButton(icon("save"), self.tr("Save as profile…"), self)
        self.save_button.setObjectName("importSaveProfile")
        self.save_button.clicked.connect(self._ask_profile_name)
        self.profile_note = QLabel(self)
        self.profile_note.setObjectName("importProfileNote")
        self.profile_note.setStyleSheet(MUTED)
        top = QHBoxLayout()
        top.addWidget(self.profile_combo)
        top.addWidget(self.save_button)
        top.addWidget(self.profile_note, 1)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("importMappingTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column of the file"), self.tr("Sample values"), self.tr("Import as")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 240)
        self.hint = _banner(self, "importMappingHint")
        self.dates = QComboBox(self)
        self.dates.setObjectName("importDateOrder")
        self.dates.addItem(self.tr("as the values show (day first when unsure)"), None)
        self.dates.addItem(self.tr("day first: 31.12.2026"), True)
        self.dates.addItem(self.tr("month first: 12/31/2026"), False)
        self.dates.activated.connect(self._date_order)
        self.groups = QComboBox(self)
        self.groups.setObjectName("importGroupTarget")
        self.groups.addItem(self.tr("— do not import —"), None)
        for field, label in (
            (Field.TAGS, self.tr("Tags")),
            (Field.OWNER, self.tr("Owner (manager)")),
            (Field.SEGMENT, self.tr("Segment")),
            (Field.SOURCE, self.tr("Source")),
            (Field.CITY, self.tr("City")),
            (Field.ORGANIZATION, self.tr("Company")),
        ):
            self.groups.addItem(label, Target(field))
        self.groups.activated.connect(self._group_target)
        self.groups_label = QLabel(self)
        dates_row = QHBoxLayout()
        dates_row.addWidget(QLabel(self.tr("Dates are written:"), self))
        dates_row.addWidget(self.dates)
        dates_row.addSpacing(24)
        dates_row.addWidget(self.groups_label)
        dates_row.addWidget(self.groups)
        dates_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(dates_row)
        layout.addWidget(self.hint)
        self.combos: list[tuple[int, QComboBox]] = []

    def initializePage(self) -> None:
        wiz = self.wiz
        assert wiz.sheet_layout is not None
        if wiz.mapping is None or wiz.mapping_layout != wiz.sheet_layout:
            wiz.mapping, wiz.profile_name = suggest(wiz.sheet_layout, wiz.profiles)
            wiz.mapping_layout = wiz.sheet_layout
        self._fill_profiles()
        self._fill()

    def _fill_profiles(self) -> None:
        self.profile_combo.clear()
        self.profile_combo.addItem(self.tr("Apply profile…"))
        names = self.wiz.profiles.names()
        for name in names:
            self.profile_combo.addItem(name, name)
        self.profile_combo.setEnabled(bool(names))
        if self.wiz.profile_name:
            self.profile_note.setText(
                self.tr("Profile “%1” applied.").replace("%1", self.wiz.profile_name)
            )
        else:
            self.profile_note.setText("")

    def _samples(self, index: int) -> str:
        head = self.wiz.head
        layout = self.wiz.sheet_layout
        assert head is not None and layout is not None
        out: list[str] = []
        for number, cells in head.rows:
            if number <= layout.last_header_row or index >= len(cells):
                continue
            text = cell_text(cells[index])
            if text and text not in out:
                out.append(text)
            if len(out) >= SAMPLES:
                break
        return " · ".join(out)

    def _fill(self) -> None:
        layout = self.wiz.sheet_layout
        mapping = self.wiz.mapping
        assert layout is not None and mapping is not None
        self.dates.setCurrentIndex(self.dates.findData(mapping.day_first))
        head = self.wiz.head
        assert head is not None
        headings = group_headings(head, layout)
        self.groups_label.setText(
            self.tr("Group headings (“%1” …) go to:").replace("%1", headings[0][:30])
            if headings
            else ""
        )
        self.groups_label.setVisible(bool(headings))
        self.groups.setVisible(bool(headings))
        self.groups.setCurrentIndex(
            next(
                (i for i in range(self.groups.count())
                 if self.groups.itemData(i) == mapping.group_target),
                0,
            )
        )  # fmt: skip
        columns = [c for c in layout.columns if c.label or self._samples(c.index)]
        self.table.setRowCount(len(columns))
        self.combos = []
        for row, column in enumerate(columns):
            name = f"{column_letters(column.index)}  {column.label}".rstrip()
            self.table.setItem(row, 0, QTableWidgetItem(name))
            sample = QTableWidgetItem(self._samples(column.index))
            sample.setToolTip(sample.text())
            self.table.setItem(row, 1, sample)
            combo = QComboBox(self.table)
            combo.setObjectName(f"importTarget{column.index}")
            self._fill_combo(combo, mapping.target(column.index))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, index=column.index: self._assign(index, c)
            )
            self.table.setCellWidget(row, 2, combo)
            self.combos.append((column.index, combo))
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(0, min(max(self.table.columnWidth(0), 160), 320))
        self._check()

    def _fill_combo(self, combo: QComboBox, current: Target | None) -> None:
        combo.blockSignals(True)
        combo.clear()
        choices = list(self.choices)
        if current is not None and not any(_same(t, current) for t, _ in choices):
            choices.insert(1, (current, target_label(current, self.choices)))
        for target, label in choices:
            combo.addItem(label, target)
        found = next(
            (i for i, (t, _) in enumerate(choices) if _same(t, current) and t is not None), 0
        )
        combo.setCurrentIndex(found)
        if current is not None:
            combo.setItemData(found, current)  # keeps a paired label column
        combo.blockSignals(False)

    def _group_target(self, index: int) -> None:
        mapping = self.wiz.mapping
        assert mapping is not None
        mapping.group_target = self.groups.itemData(index)
        self.wiz.profile_name = None
        self.profile_note.setText("")
        self._check()

    def _date_order(self, index: int) -> None:
        mapping = self.wiz.mapping
        assert mapping is not None
        mapping.day_first = self.dates.itemData(index)
        self.wiz.profile_name = None
        self.profile_note.setText("")

    def combo_for(self, column: int) -> QComboBox:
        return next(c for i, c in self.combos if i == column)

    def _assign(self, index: int, combo: QComboBox) -> None:
        mapping = self.wiz.mapping
        assert mapping is not None
        mapping.assign(index, combo.currentData())
        self.wiz.profile_name = None
        self.profile_note.setText("")
        self._check()

    def _check(self) -> None:
        mapping = self.wiz.mapping
        ok = mapping is not None and has_identity(mapping)
        _show_banner(
            self.hint,
            ""
            if ok
            else self.tr("Map at least one column to a name, a company, a phone or an email."),
            error=True,
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.wiz.mapping is not None and has_identity(self.wiz.mapping)

    # -- profiles
    def _profile_chosen(self, index: int) -> None:
        name = self.profile_combo.itemData(index)
        self.profile_combo.setCurrentIndex(0)
        if name:
            self.apply_profile(str(name))

    def apply_profile(self, name: str) -> None:
        store = self.wiz.profiles
        layout = self.wiz.sheet_layout
        assert layout is not None

        def done(mapping: Mapping) -> None:
            self.wiz.mapping = mapping
            self.wiz.mapping_layout = layout
            self.wiz.profile_name = name
            self._fill_profiles()
            self._fill()

        run_for(self, lambda _p: store.load(name).apply(layout), done, write=False)

    def _ask_profile_name(self) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("importProfileName")
        dialog.setWindowTitle(self.tr("Save the mapping as a profile"))
        dialog.setLabelText(self.tr("Profile name (for example, “Bitrix24 contacts”):"))
        dialog.setTextValue(self.wiz.profile_name or "")
        dialog.textValueSelected.connect(self.save_profile)
        dialog.open()

    def save_profile(self, name: str) -> None:
        name = name.strip()
        mapping = self.wiz.mapping
        if not name or mapping is None:
            return
        store = self.wiz.profiles
        if name in store.names() and not self.ctx.dialogs.confirm(
            self,
            self.tr("Save the mapping as a profile"),
            self.tr("A profile named “%1” exists. Replace it?").replace("%1", name),
        ):
            return
        profile = copy_mapping(mapping).to_profile(name)

        def done(_path: object) -> None:
            self.wiz.profile_name = name
            self._fill_profiles()
            self.profile_note.setText(self.tr("Saved as profile “%1”.").replace("%1", name))

        run_for(self, lambda _p: store.save(profile), done, write=False)


# ------------------------------------------------------------------ planning (pages 4, 5)


class _Planner(QObject):
    """Plans the file in the background for a page, with a progress bar on it (a child
    of the page: its connection to the runner goes with it)."""

    def __init__(self, page: _Page, bar: QProgressBar, status: QLabel) -> None:
        super().__init__(page)
        self.page = page
        self.bar = bar
        self.status = status
        self.job: Job[_Planned] | None = None
        page.ctx.runner.job_progress.connect(self._progress)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def ensure(self, on_ready: Callable[[], None]) -> None:
        """Plan unless the wizard's plan is for what the pages now say."""
        wiz = self.page.wiz
        key = wiz.current_plan_key()
        if key is None:
            return
        if wiz.plan is not None and wiz.plan_key == key:
            on_ready()
            return
        self.cancel()
        head, mapping = wiz.head, wiz.mapping
        assert head is not None
        path, sheet, header = head.path, key.sheet, key.header
        frozen = copy_mapping(mapping) if mapping is not None and key.sheet else None
        region, ws, language = wiz.region, wiz.ctx.ws, wiz.language
        profiles = wiz.profiles if key.sheet is None else None
        wiz.plan = None
        self.bar.setRange(0, 0)
        self.bar.show()
        _show_banner(
            self.status,
            QCoreApplication.translate("ImportWizard", "Reading the whole file…"),
            error=False,
        )

        def op(progress: Progress) -> _Planned:
            plan = plan_import(
                ws, path, sheet=sheet, header=header, mapping=frozen, region=region,
                profiles=profiles, progress=progress,
            )  # fmt: skip
            rows = preview_rows(plan, language=language)  # the first ones: 100k are not shown
            return plan, rows, plan_counts(plan)

        def done(planned: _Planned) -> None:
            if job is not self.job:
                return
            self.job = None
            self.bar.hide()
            self.status.hide()
            wiz.plan, wiz.preview_rows, wiz.counts = planned
            wiz.plan_key = key
            on_ready()
            self.page.completeChanged.emit()

        def failed(exc: BaseException, details: str) -> None:
            if job is not self.job:
                return
            self.job = None
            self.bar.hide()
            if isinstance(exc, Cancelled):
                self.status.hide()
            elif isinstance(exc, UserError):
                _show_banner(self.status, exc.message, error=True)
            else:
                text = QCoreApplication.translate("ImportWizard", "The file could not be read.")
                _show_banner(self.status, text, error=True)
                self.page.ctx.show_error(exc, details)
            self.page.completeChanged.emit()

        job = run_for(self.page, op, done, write=False, on_failure=failed)
        self.job = job
        self.page.completeChanged.emit()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None
            self.bar.hide()

    def _progress(self, job: Job[Any], done: int, total: int) -> None:
        if job is self.job and total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)


def _progress_bar(parent: QWidget, name: str) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setObjectName(name)
    bar.hide()
    return bar


# ------------------------------------------------------------------ 4. preview


class PreviewPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("importPreviewPage")
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(
            self.tr(
                "The first records as they will be stored; rows with a problem are marked "
                "(hover for the reason). Nothing is written yet."
            )
        )
        self.counts: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        captions = {
            "new": self.tr("New"),
            "matched": self.tr("Already in the base"),
            "rejected": self.tr("Rejected rows"),
            "flagged": self.tr("Rows with warnings"),
        }
        for column, (key, caption) in enumerate(captions.items()):
            number = QLabel("—", self)
            number.setObjectName(f"importCount_{key}")
            number.setFont(_heading_font(number, 1.5))
            text = QLabel(caption, self)
            text.setStyleSheet(MUTED)
            text.setWordWrap(True)
            grid.addWidget(number, 0, column)
            grid.addWidget(text, 1, column)
            self.counts[key] = number
        self.detail = QLabel(self)
        self.detail.setObjectName("importCountDetail")
        self.detail.setWordWrap(True)
        self.model = RowsModel(
            [
                self.tr("Row"),
                self.tr("Status"),
                self.tr("Person"),
                self.tr("Organization"),
                self.tr("Position"),
                self.tr("Phones"),
                self.tr("Emails"),
                self.tr("Problem"),
            ]
        )
        self.view = _table(self, "importPreviewTable")
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.bar = _progress_bar(self, "importPreviewProgress")
        self.status = _banner(self, "importPreviewStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.detail)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.planner = _Planner(self, self.bar, self.status)

    def initializePage(self) -> None:
        self.model.set_rows([])
        for label in self.counts.values():
            label.setText("—")
        self.detail.setText("")
        self.planner.ensure(self._show)

    def cleanupPage(self) -> None:
        self.cancel()

    def cancel(self) -> None:
        self.planner.cancel()

    def status_text(self, status: str) -> str:
        return {
            "new": self.tr("New"),
            "matched": self.tr("In the base"),
            "rejected": self.tr("Rejected"),
        }[status]

    def _no_name(self, r: PreviewRow) -> str:
        return self.tr("(no name)") if r.status != "rejected" and not r.organization else ""

    def _row(self, r: PreviewRow) -> TableRow:
        tooltip = "\n".join(r.problems)
        return TableRow(
            [
                str(r.row),
                self.status_text(r.status),
                r.person or self._no_name(r),
                r.organization,
                r.position,
                ", ".join(r.phones),
                ", ".join(r.emails),
                r.problems[0] if r.problems else "",
            ],
            tooltip=tooltip,
            icon="error" if r.status == "rejected" else ("warning" if r.problems else ""),
            highlight=PROBLEM_BACKGROUND if r.status == "rejected" else None,
        )  # fmt: skip

    def _show(self) -> None:
        plan, counts = self.wiz.plan, self.wiz.counts
        assert plan is not None and counts is not None
        self.counts["new"].setText(_number(counts.new))
        self.counts["matched"].setText(_number(counts.matched))
        self.counts["rejected"].setText(_number(counts.rejected))
        self.counts["flagged"].setText(_number(counts.flagged))
        self.detail.setText(
            self.tr(
                "%1 rows read: %2 new people and %3 new organizations; %4 people and %5 "
                "organizations are already in the base."
            )
            .replace("%1", _number(plan.rows_read))
            .replace("%2", _number(counts.persons_new))
            .replace("%3", _number(counts.organizations_new))
            .replace("%4", _number(counts.persons_matched))
            .replace("%5", _number(counts.organizations_matched))
        )
        self.model.set_rows([self._row(r) for r in self.wiz.preview_rows])
        self.view.resizeColumnsToContents()
        last = self.model.columnCount() - 1
        for column in range(last):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 200))
            empty = not any(row.cells[column] for row in self.model.rows)
            self.view.setColumnHidden(column, empty and column >= 2)  # no position in the file…

    def isComplete(self) -> bool:
        return self.wiz.plan is not None and not self.planner.busy


# ------------------------------------------------------------------ 5. duplicates


class DuplicatesPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("importDuplicatesPage")
        self.setTitle(self.tr("Records already in the base"))
        self.setSubTitle(
            self.tr(
                "People match by name and a shared phone, email or company; organizations "
                "by INN or name."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.found = QLabel(self)
        self.found.setObjectName("importMatches")
        self.found.setWordWrap(True)
        self.found.setFont(_heading_font(self.found, 1.1))
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        options = [
            (
                "merge",
                self.tr("Merge"),
                self.tr(
                    "Fill the empty fields of the existing card and add new phones and emails; "
                    "nothing already filled changes."
                ),
            ),
            (
                "update",
                self.tr("Update"),
                self.tr("Overwrite the fields of the existing card with the values of the file."),
            ),
            ("skip", self.tr("Skip"), self.tr("Leave the existing card as it is.")),
            (
                "create",
                self.tr("Create anyway"),
                self.tr("Add every record of the file as a new card, even if it is a duplicate."),
            ),
        ]
        box = QVBoxLayout()
        for key, title, text in options:
            button = QRadioButton(title, self)
            button.setObjectName(f"importPolicy_{key}")
            note = QLabel(text, self)
            note.setWordWrap(True)
            note.setStyleSheet(MUTED)
            note.setContentsMargins(26, 0, 0, 6)
            self.group.addButton(button)
            self.buttons[key] = button
            box.addWidget(button)
            box.addWidget(note)
            button.toggled.connect(lambda on, k=key: self._policy(k) if on else None)
        self.buttons["merge"].setChecked(True)
        self.region_combo = QComboBox(self)
        self.region_combo.setObjectName("importRegion")
        self.region_combo.activated.connect(self._region_chosen)
        region_row = QFormLayout()
        region_row.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        region_row.addRow(self.tr("Phones without a country code are from:"), self.region_combo)
        self.bar = _progress_bar(self, "importDuplicatesProgress")
        self.status = _banner(self, "importDuplicatesStatus")
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.addWidget(self.found)
        layout.addSpacing(6)
        layout.addLayout(box)
        layout.addWidget(line)
        layout.addLayout(region_row)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.planner = _Planner(self, self.bar, self.status)

    def region_names(self) -> dict[str, str]:
        return {
            "RU": self.tr("Russia"),
            "KZ": self.tr("Kazakhstan"),
            "BY": self.tr("Belarus"),
            "UA": self.tr("Ukraine"),
            "UZ": self.tr("Uzbekistan"),
            "KG": self.tr("Kyrgyzstan"),
            "AM": self.tr("Armenia"),
            "GE": self.tr("Georgia"),
            "AZ": self.tr("Azerbaijan"),
            "MD": self.tr("Moldova"),
            "DE": self.tr("Germany"),
            "US": self.tr("United States"),
            "GB": self.tr("United Kingdom"),
        }

    def initializePage(self) -> None:
        names = self.region_names()
        self.region_combo.clear()
        codes = list(REGIONS)
        if self.wiz.region not in codes:
            codes.insert(0, self.wiz.region)
        for code in codes:
            self.region_combo.addItem(f"{names.get(code, code)} ({code})", code)
        self.region_combo.setCurrentIndex(codes.index(self.wiz.region))
        self.buttons[self.wiz.policy].setChecked(True)
        self.planner.ensure(self._show)

    def cleanupPage(self) -> None:
        self.cancel()

    def cancel(self) -> None:
        self.planner.cancel()

    def _policy(self, key: str) -> None:
        self.wiz.policy = key

    def _region_chosen(self, _index: int) -> None:
        code = self.region_combo.currentData()
        if code and code != self.wiz.region:
            self.wiz.region = str(code)
            self.found.setText("")
            self.planner.ensure(self._show)

    def _show(self) -> None:
        plan = self.wiz.plan
        assert plan is not None
        persons, orgs = len(plan.person_matches), len(plan.org_matches)
        if persons or orgs:
            text = (
                self.tr("Found in the base: %1 of the people and %2 of the organizations.")
                .replace("%1", _number(persons))
                .replace("%2", _number(orgs))
            )
        else:
            text = self.tr("None of the records of the file is in the base yet.")
        self.found.setText(text)

    def isComplete(self) -> bool:
        return self.wiz.plan is not None and not self.planner.busy


# ------------------------------------------------------------------ 6. run and result


class RunPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("importRunPage")
        self.setTitle(self.tr("Import"))
        self.job: Job[ImportResult] | None = None
        self.finished = False
        self.stack = QStackedWidget(self)
        # running
        running = QWidget(self.stack)
        self.run_label = QLabel(running)
        self.run_label.setWordWrap(True)
        self.bar = QProgressBar(running)
        self.bar.setObjectName("importRunProgress")
        self.cancel_button = QPushButton(self.tr("Cancel the import"), running)
        self.cancel_button.setObjectName("importRunCancel")
        self.cancel_button.clicked.connect(self.cancel)
        note = QLabel(
            self.tr("The import is written all at once: cancelled, it leaves nothing behind."),
            running,
        )
        note.setWordWrap(True)
        note.setStyleSheet(MUTED)
        box = QVBoxLayout(running)
        box.setContentsMargins(0, 0, 0, 0)
        box.addStretch(1)
        box.addWidget(self.run_label)
        box.addWidget(self.bar)
        cancel_row = QHBoxLayout()
        cancel_row.addStretch(1)
        cancel_row.addWidget(self.cancel_button)
        box.addLayout(cancel_row)
        box.addWidget(note)
        box.addStretch(2)
        # stopped (cancelled or failed)
        stopped = QWidget(self.stack)
        self.stopped_label = QLabel(stopped)
        self.stopped_label.setObjectName("importStopped")
        self.stopped_label.setWordWrap(True)
        self.stopped_label.setStyleSheet(BANNER_INFO)
        sbox = QVBoxLayout(stopped)
        sbox.setContentsMargins(0, 0, 0, 0)
        sbox.addWidget(self.stopped_label)
        sbox.addStretch(1)
        # done
        done = QWidget(self.stack)
        self.summary = QLabel(done)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setFont(_heading_font(self.summary, 1.1))
        self.counts = QLabel(done)
        self.counts.setObjectName("importResultCounts")
        self.counts.setWordWrap(True)
        self.problems_label = QLabel(done)
        self.problems_label.setWordWrap(True)
        self.model = RowsModel(
            [self.tr("Row"), self.tr("Result"), self.tr("Field"), self.tr("Reason")]
        )
        self.view = _table(done, "importProblems")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.save_button = QPushButton(icon("export"), self.tr("Save as Excel…"), done)
        self.save_button.setObjectName("importSaveReport")
        self.save_button.clicked.connect(self._ask_report_path)
        self.saved = QLabel(done)
        self.saved.setObjectName("importReportSaved")
        self.saved.setStyleSheet(MUTED)
        save_row = QHBoxLayout()
        save_row.addWidget(self.problems_label, 1)
        save_row.addWidget(self.saved)
        save_row.addWidget(self.save_button)
        dbox = QVBoxLayout(done)
        dbox.setContentsMargins(0, 0, 0, 0)
        dbox.addWidget(self.summary)
        dbox.addWidget(self.counts)
        dbox.addLayout(save_row)
        dbox.addWidget(self.view, 1)
        self.stack.addWidget(running)
        self.stack.addWidget(stopped)
        self.stack.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.ctx.runner.job_progress.connect(self._progress)

    @property
    def running(self) -> bool:
        return self.job is not None

    def initializePage(self) -> None:
        plan = self.wiz.plan
        assert plan is not None
        policy = self.wiz.policy
        if policy == "create":
            plan = replace(plan, policy="create", org_matches={}, person_matches={})
        else:
            plan = replace(plan, policy=policy)  # type: ignore[arg-type]
        self.finished = False
        self.stack.setCurrentIndex(0)
        self.setSubTitle(self.tr("The records are being written into the base."))
        self.run_label.setText(self.tr("Importing “%1”…").replace("%1", plan.file_name))
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        ws, run_op = self.ctx.ws, self.wiz.run_op
        self.job = run_for(
            self,
            lambda progress: run_op(ws, plan, progress),
            self._done,
            write=True,
            on_failure=self._failed,
        )
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.run_label.setText(self.tr("Cancelling…"))

    def _progress(self, job: Job[Any], done: int, total: int) -> None:
        if job is self.job and total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _done(self, result: ImportResult) -> None:
        self.job = None
        self.finished = True
        self.wiz.outcome = result
        self.show_result(result)
        if result.import_id:
            self.ctx.notify(Changes.everything())
        self.wiz.imported.emit(result)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException, details: str) -> None:
        self.job = None
        self.finished = True
        if isinstance(exc, Cancelled):
            text = self.tr("The import was cancelled. Nothing was written to the base.")
        elif isinstance(exc, UserError):
            text = self.tr("The import failed and nothing was written: %1").replace(
                "%1", exc.message
            )
        else:
            text = self.tr("The import failed and nothing was written.")
            self.ctx.show_error(exc, details)
        self.stopped_label.setText(text)
        self.setSubTitle(self.tr("The base is as it was before the import."))
        self.stack.setCurrentIndex(1)
        self.completeChanged.emit()

    def show_result(self, result: ImportResult) -> None:
        plan = result.plan
        self.stack.setCurrentIndex(2)
        self.setSubTitle(
            self.tr("The import is done. It can be undone from File → Import history.")
        )
        self.summary.setText(
            self.tr("%1 rows of “%2” imported.")
            .replace("%1", _number(plan.rows_read))
            .replace("%2", plan.file_name)
        )
        lines = [
            self.tr("People: %1 new, %2 already in the base (%3 updated).")
            .replace("%1", _number(result.persons_created))
            .replace("%2", _number(result.persons_matched))
            .replace("%3", _number(result.persons_updated)),
            self.tr("Organizations: %1 new, %2 already in the base (%3 updated).")
            .replace("%1", _number(result.organizations_created))
            .replace("%2", _number(result.organizations_matched))
            .replace("%3", _number(result.organizations_updated)),
            self.tr("Phones added: %1; emails added: %2.")
            .replace("%1", _number(result.phones_added))
            .replace("%2", _number(result.emails_added)),
        ]
        self.counts.setText("\n".join(lines))
        rows: list[tuple[tuple[int, int], TableRow]] = []
        order = {name: i for i, name in enumerate(plan.sheets)}
        language = self.wiz.language
        for r in plan.resolution.rejected:
            reason = r.text(language)
            rows.append(
                (
                    (order.get(r.sheet, 0), r.row),
                    TableRow(
                        [str(plan.row_label(r.sheet, r.row)), self.tr("Rejected"), "", reason],
                        icon="error",
                        tooltip=reason,
                    ),
                )
            )
        for w in result.warnings:
            text = w.text(language)
            rows.append(
                (
                    (order.get(w.sheet, 0), w.row),
                    TableRow(
                        [
                            str(plan.row_label(w.sheet, w.row)),
                            self.tr("Flagged"),
                            field_label(w.field),
                            text,
                        ],
                        icon="warning",
                        tooltip=text,
                    ),
                )
            )
        rows.sort(key=lambda item: item[0])
        rejected = len(plan.resolution.rejected)
        flagged = len({(w.sheet, w.row) for w in result.warnings})
        self.problems_label.setText(
            self.tr("Rejected rows: %1; rows with warnings: %2.")
            .replace("%1", _number(rejected))
            .replace("%2", _number(flagged))
        )
        self.model.set_rows([row for _, row in rows])
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.save_button.setEnabled(bool(rows))

    def isComplete(self) -> bool:
        return self.finished

    # -- the report
    def _ask_report_path(self) -> None:
        result = self.wiz.outcome
        if result is None:
            return
        source = result.plan.path
        suggested = str(source.with_name(f"{source.stem} - import report.xlsx"))
        path = self.ctx.dialogs.save_path(
            self,
            self.tr("Save the import report"),
            suggested,
            self.tr("Excel workbook (*.xlsx)"),
        )
        if path:
            self.save_report(path)

    def save_report(self, path: str) -> None:
        result = self.wiz.outcome
        if result is None or not path:
            return
        language = self.wiz.language

        def op(_progress: Progress) -> object:
            from crm_desktop.services.importing.report import write_import_report

            return write_import_report(result, path, language=language)

        def done(_result: object) -> None:
            self.saved.setText(self.tr("Saved to “%1”.").replace("%1", Path(path).name))

        run_for(self, op, done, write=False)


def open_import_wizard(ctx: AppContext, parent: QWidget | None, path: str = "") -> ImportWizard:
    """Open the wizard (window-modal, not blocking); with `path` it starts reading that file."""
    wizard = ImportWizard(ctx, parent)
    wizard.open()
    if path:
        wizard.file_page.set_path(path)
    return wizard
