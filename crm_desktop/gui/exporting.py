"""File → Export…: contacts, organizations, deals or tasks to a file.

The dialog asks what (contacts with their organization's columns, organizations only,
deals, tasks), the format (xlsx and csv for all; vCard for contacts and
organizations; iCalendar for tasks) and the file (a suggested, file-system-safe name
in the last folder used). The export runs in the background (`ctx.run`, a read)
with a progress bar and Cancel in the dialog; a cancelled export leaves no file.
The end is a message with the count and the path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.gui.context import AppContext
from crm_desktop.gui.forms import fit_to_screen
from crm_desktop.gui.reports.result_view import ui_language
from crm_desktop.gui.resources import icon
from crm_desktop.gui.runner import Job
from crm_desktop.services.exporting import (
    ExportResult,
    export_file,
    formats_for,
    suggested_filename,
)
from crm_desktop.services.progress import Cancelled, Progress

FOLDER_KEY = "export/folder"
WHAT = ("contacts", "organizations", "deals", "tasks")
FORMATS = ("xlsx", "csv", "vcf", "ics")


class ExportDialog(QDialog):
    """What, format and file; Export runs it with progress, Cancel stops it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: Job[ExportResult] | None = None
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.setWindowIcon(icon("export"))
        what_texts = {
            "contacts": self.tr("Contacts: one row per person, with the organization's columns"),
            "organizations": self.tr("Organizations only: one row per organization"),
            "deals": self.tr("Deals"),
            "tasks": self.tr("Tasks and activities"),
        }
        format_texts = {
            "xlsx": self.tr("Excel workbook (.xlsx)"),
            "csv": self.tr("CSV text, opens in Excel (.csv)"),
            "vcf": self.tr("vCard for phones and mail programs (.vcf)"),
            "ics": self.tr("iCalendar, the planned ones (.ics)"),
        }
        self.what_buttons: dict[str, QRadioButton] = {}
        self.format_buttons: dict[str, QRadioButton] = {}
        self.what_group = QButtonGroup(self)
        self.format_group = QButtonGroup(self)
        what_box = QGroupBox(self.tr("What to export"), self)
        what_layout = QVBoxLayout(what_box)
        for key in WHAT:
            button = QRadioButton(what_texts[key], what_box)
            button.setObjectName(f"what_{key}")
            self.what_group.addButton(button)
            what_layout.addWidget(button)
            self.what_buttons[key] = button
        format_box = QGroupBox(self.tr("Format"), self)
        format_layout = QVBoxLayout(format_box)
        for key in FORMATS:
            button = QRadioButton(format_texts[key], format_box)
            button.setObjectName(f"format_{key}")
            self.format_group.addButton(button)
            format_layout.addWidget(button)
            self.format_buttons[key] = button

        file_row = QGridLayout()
        file_label = QLabel(self.tr("&File:"), self)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("exportPath")
        file_label.setBuddy(self.path_edit)
        self.browse = QPushButton(self.tr("C&hoose…"), self)
        self.browse.setObjectName("exportBrowse")
        file_row.addWidget(file_label, 0, 0)
        file_row.addWidget(self.path_edit, 0, 1)
        file_row.addWidget(self.browse, 0, 2)
        file_row.setColumnStretch(1, 1)

        note = QLabel(
            self.tr(
                "Records in the trash are not exported. Column headers are in the language "
                "of the program, so the file can be imported again as it is."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("exportNote")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("exportRun")
        self.export_button.setIcon(icon("export"))
        self.export_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("exportCancel")

        choices = QHBoxLayout()
        choices.addWidget(what_box, 3)
        choices.addWidget(format_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addLayout(file_row)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)

        self.what_buttons["contacts"].setChecked(True)
        self.format_buttons["xlsx"].setChecked(True)
        self._suggested = ""
        self._update_formats()
        self.what_group.buttonToggled.connect(self._what_toggled)
        self.format_group.buttonToggled.connect(self._format_toggled)
        self.browse.clicked.connect(self.choose_file)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        ctx.runner.job_progress.connect(self._progressed)
        hint = self.sizeHint()
        fit_to_screen(self, max(760, hint.width()), hint.height() + 24)

    # ------------------------------------------------------------ choices

    @property
    def what(self) -> str:
        return next(k for k, b in self.what_buttons.items() if b.isChecked())

    @property
    def format(self) -> str:
        return next(k for k, b in self.format_buttons.items() if b.isChecked())

    def _what_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._update_formats()

    def _format_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._suggest_path()

    def _update_formats(self) -> None:
        allowed = formats_for(self.what)
        for key, button in self.format_buttons.items():
            button.setEnabled(key in allowed)
        if self.format not in allowed:
            self.format_buttons[allowed[0]].setChecked(True)  # suggests the path too
        else:
            self._suggest_path()

    def _folder(self) -> Path:
        current = self.path_edit.text().strip()
        if current:
            return Path(current).expanduser().parent
        return Path(str(self.ctx.settings.value(FOLDER_KEY, str(Path.home()))))

    def _suggest_path(self) -> None:
        """A fresh suggested name for the choice, unless the user typed a name of their own."""
        current = self.path_edit.text().strip()
        if current and current != self._suggested:
            path = Path(current)
            self.path_edit.setText(str(path.with_suffix("." + self.format)))
            self._suggested = self.path_edit.text()
            return
        name = suggested_filename(
            self.what, self.format, ui_language(), today=self.ctx.clock.now().date()
        )
        self._suggested = str(self._folder() / name)
        self.path_edit.setText(self._suggested)

    def choose_file(self) -> None:
        filters = {
            "xlsx": self.tr("Excel workbooks (*.xlsx)"),
            "csv": self.tr("CSV files (*.csv)"),
            "vcf": self.tr("vCard files (*.vcf)"),
            "ics": self.tr("iCalendar files (*.ics)"),
        }
        chosen = self.ctx.dialogs.save_path(
            self, self.tr("Export to"), self.path_edit.text().strip(), filters[self.format]
        )
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != "." + self.format:
                path = path.with_name(path.name + "." + self.format)
            self.path_edit.setText(str(path))

    # ------------------------------------------------------------ running

    def start(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText(self.tr("Choose the file to write."))
            self.path_edit.setFocus()
            return
        path = Path(text).expanduser()
        if path.suffix.lower() != "." + self.format and not path.is_dir():
            path = path.with_name(path.name + "." + self.format)
            self.path_edit.setText(str(path))
        ws, what, fmt, language = self.ctx.ws, self.what, self.format, ui_language()

        def op(progress: Progress) -> ExportResult:
            return export_file(ws, what, fmt, path, language=language, progress=progress)

        self._set_running(True)
        self.status.setText(self.tr("Exporting…"))
        self.job = self.ctx.run(
            op,
            self._done,
            title=self.tr("Exporting…"),
            write=False,
            on_failure=self._failed,
        )

    def _set_running(self, running: bool) -> None:
        for button in (*self.what_buttons.values(), *self.format_buttons.values()):
            button.setDisabled(running)
        if not running:
            self._update_formats()
        self.path_edit.setDisabled(running)
        self.browse.setDisabled(running)
        self.export_button.setDisabled(running)
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)

    def _progressed(self, job: Job[Any], done: int, total: int) -> None:
        if job is self.job and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _cancel_clicked(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def _done(self, result: ExportResult) -> None:
        self.job = None
        self._set_running(False)
        self.ctx.settings.setValue(FOLDER_KEY, str(result.path.parent))
        if result.format == "vcf":
            text = self.tr("%n card(s) exported to %1", "", result.count)
        elif result.format == "ics":
            text = self.tr("%n event(s) exported to %1", "", result.count)
        else:
            text = self.tr("%n row(s) exported to %1", "", result.count)
        self.accept()
        self.ctx.dialogs.info(
            self.parentWidget(), self.tr("Export"), text.replace("%1", str(result.path))
        )

    def _failed(self, exc: BaseException, details: str) -> None:
        self.job = None
        self._set_running(False)
        if isinstance(exc, Cancelled):
            self.status.setText(self.tr("The export was cancelled; no file was written."))
            return
        self.status.setText("")
        self.ctx.show_error(exc, details)

    def reject(self) -> None:
        if self.job is not None:  # Esc or closing while running: stop it first
            self._cancel_clicked()
            return
        super().reject()


def open_export_dialog(ctx: AppContext, parent: QWidget) -> ExportDialog:
    dialog = ExportDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install_exporting(window: Any) -> None:
    """File → Export…, after the import entries (before Quit when there are none)."""
    action = window.action(
        "export",
        QCoreApplication.translate("ExportMenu", "&Export…"),
        lambda: open_export_dialog(window.ctx, window),
        "Ctrl+E",
        "export",
    )
    entries = window.file_menu.actions()
    history = window.actions.get("import_history")
    if history in entries and entries.index(history) + 1 < len(entries):
        window.file_menu.insertAction(entries[entries.index(history) + 1], action)
    else:
        window.file_menu.insertAction(window.actions["quit"], action)


def demo_dialog(ctx: AppContext, window: QWidget) -> QWidget:
    """For `crm-desktop screenshot export-dialog`: the dialog as File → Export… opens it."""
    dialog = open_export_dialog(ctx, window)
    return dialog
