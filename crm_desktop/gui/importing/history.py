"""File → Import history: the imports of the base, newest first, and "Undo import"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimeZone
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.gui.contacts.duplicates import MUTED
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.importing.models import RowsModel, TableRow
from crm_desktop.gui.importing.wizard import _table, run_for
from crm_desktop.gui.resources import icon
from crm_desktop.services.importing import ImportBatch, UndoResult, list_imports, undo_import


def _count(batch: ImportBatch, key: str) -> int:
    return int(batch.counts.get(key, 0) or 0)


class ImportHistoryDialog(QDialog):
    """The import history with "Undo import" (asks first, with the counts)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.batches: list[ImportBatch] = []
        self.setObjectName("importHistory")
        self.setWindowTitle(self.tr("Import history"))
        self.setWindowIcon(icon("undo"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setSizeGripEnabled(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        intro = QLabel(
            self.tr(
                "Undoing an import removes the records it created and puts back the "
                "fields, phones and emails it changed in existing ones."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(MUTED)
        self.model = RowsModel(
            [
                self.tr("Date"),
                self.tr("File"),
                self.tr("Rows"),
                self.tr("New people"),
                self.tr("New organizations"),
                self.tr("Matched"),
                self.tr("Status"),
            ]
        )
        self.model.numeric = frozenset({2, 3, 4, 5})
        self.view = _table(self, "importHistoryTable")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.status = QLabel(self)
        self.status.setObjectName("importHistoryStatus")
        self.status.setWordWrap(True)
        self.undo_button = QPushButton(icon("undo"), self.tr("Undo import"), self)
        self.undo_button.setObjectName("importUndo")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.resize(900, 460)
        self.reload()

    def reload(self) -> None:
        ws = self.ctx.ws
        run_for(self, lambda _p: list_imports(ws), self.show_batches, write=False)

    def _when(self, batch: ImportBatch) -> str:
        at = batch.at
        moment = QDateTime.fromSecsSinceEpoch(
            int(at.timestamp() if at.tzinfo else at.replace(tzinfo=UTC).timestamp()),
            QTimeZone.systemTimeZone(),
        )
        return QLocale().toString(moment, QLocale.FormatType.ShortFormat)

    def show_batches(self, batches: Sequence[ImportBatch]) -> None:
        self.batches = list(batches)
        locale = QLocale()
        rows = []
        for b in self.batches:
            undone = b.status == "undone"
            rows.append(
                TableRow(
                    [
                        self._when(b),
                        b.file_name,
                        locale.toString(_count(b, "rows_read")),
                        locale.toString(_count(b, "persons_created")),
                        locale.toString(_count(b, "organizations_created")),
                        locale.toString(
                            _count(b, "persons_matched") + _count(b, "organizations_matched")
                        ),
                        self.tr("Undone") if undone else self.tr("Imported"),
                    ],
                    icon="undo" if undone else "",
                )
            )
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setStretchLastSection(True)
        empty = self.tr("No file has been imported into this base yet.")
        if not rows:
            self.status.setText(empty)
        elif self.status.text() == empty:
            self.status.setText("")
        self._selected()

    def selected(self) -> ImportBatch | None:
        rows = self.view.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _selected(self, *_args: object) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and batch.status != "undone")

    def undo_selected(self) -> None:
        batch = self.selected()
        if batch is None or batch.status == "undone":
            return
        changed = _count(batch, "persons_matched") + _count(batch, "organizations_matched")
        question = (
            self.tr(
                "Undo the import of “%1”? %2 people and %3 organizations it created will be "
                "removed, and the existing records it matched (%4) will be put back as they "
                "were."
            )
            .replace("%1", batch.file_name)
            .replace("%2", QLocale().toString(_count(batch, "persons_created")))
            .replace("%3", QLocale().toString(_count(batch, "organizations_created")))
            .replace("%4", QLocale().toString(changed))
        )
        if not self.ctx.dialogs.confirm(self, self.tr("Undo import"), question):
            return
        ws, import_id = self.ctx.ws, batch.id
        self.undo_button.setEnabled(False)

        def done(result: UndoResult) -> None:
            self.status.setText(
                self.tr("Undone: %1 people and %2 organizations removed, %3 records restored.")
                .replace("%1", QLocale().toString(result.persons_removed))
                .replace("%2", QLocale().toString(result.organizations_removed))
                .replace("%3", QLocale().toString(result.records_restored))
            )
            self.ctx.notify(Changes.everything())
            self.reload()

        def failed(exc: BaseException, details: str) -> None:
            self._selected()
            self.ctx.show_error(exc, details)

        run_for(
            self,
            lambda progress: undo_import(ws, import_id, progress),
            done,
            title=self.tr("Undoing the import…"),
            write=True,
            on_failure=failed,
        )


def open_import_history(ctx: AppContext, parent: QWidget | None) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(ctx, parent)
    dialog.open()
    return dialog
