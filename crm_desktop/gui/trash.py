"""The Trash: deleted cards, restored or purged."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.pages import Page
from crm_desktop.gui.resources import icon
from crm_desktop.services import contacts, trash
from crm_desktop.services.dto import TrashItem

_INDEX = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2


class TrashModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[TrashItem] = []

    def set_items(self, items: list[TrashItem]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Name"), self.tr("Kind"), self.tr("Deleted")][section]
        return None

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return item.title
            if col == 1:
                return self._kind_text(item.kind)
            return QLocale().toString(
                QDateTime.fromSecsSinceEpoch(int(item.deleted_at.timestamp())),
                QLocale.FormatType.ShortFormat,
            )
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return icon(_KIND_ICONS.get(item.kind, "trash"))
        if role == ID_ROLE:
            return item.id
        if role == KIND_ROLE:
            return item.kind
        return None

    def _kind_text(self, kind: EntityKind) -> str:
        return {
            EntityKind.ORGANIZATION: self.tr("Organization"),
            EntityKind.PERSON: self.tr("Person"),
            EntityKind.DEAL: self.tr("Deal"),
            EntityKind.ACTIVITY: self.tr("Activity"),
        }.get(kind, kind.value)


_KIND_ICONS = {
    EntityKind.ORGANIZATION: "organization",
    EntityKind.PERSON: "person",
    EntityKind.DEAL: "deal",
    EntityKind.ACTIVITY: "todo",
}


class TrashPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = self.tr("Trash")
        self.icon_name = "trash"
        self.model = TrashModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("trashTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.view.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.ResizeToContents
        )
        self.restore_button = QPushButton(icon("restore"), self.tr("Restore"), self)
        self.purge_button = QPushButton(icon("delete"), self.tr("Delete permanently…"), self)
        self.empty_label = QLabel(self.tr("The trash is empty."), self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        hint = QLabel(
            self.tr(
                "Deleted cards stay here with their history until you delete them permanently."
            ),
            self,
        )
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.title}</h2>", self))
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        ctx.changed.connect(self._on_changed)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def activate(self) -> None:
        self.reload()

    def reload(self) -> None:
        ws = self.ctx.ws
        self.ctx.run(lambda _p: contacts.list_trash(ws), self._show, write=False)

    def _show(self, items: list[TrashItem]) -> None:
        self.model.set_items(items)
        self.empty_label.setVisible(not items)
        self.view.setVisible(bool(items))
        self._update_buttons()

    @Slot(object)
    def _on_changed(self, _changes: Changes) -> None:
        if self.isVisible():
            self.reload()

    def _selected(self) -> list[tuple[EntityKind, int, str]]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [
            (self.model.items[r].kind, self.model.items[r].id, self.model.items[r].title)
            for r in rows
        ]

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        chosen = bool(self._selected())
        self.restore_button.setEnabled(chosen)
        self.purge_button.setEnabled(chosen)

    @Slot()
    def restore_selected(self) -> None:
        ws = self.ctx.ws
        selected = self._selected()

        def op(_progress: object) -> None:
            for kind, entity_id, _title in selected:
                contacts.restore(ws, kind, entity_id)

        self.ctx.run(op, lambda _r: self.ctx.notify(Changes.of(*[(k, i) for k, i, _ in selected])))

    @Slot()
    def purge_selected(self) -> None:
        selected = self._selected()
        if not selected:
            return
        names = ", ".join(t for _, _, t in selected[:3]) + ("…" if len(selected) > 3 else "")
        if not self.ctx.dialogs.confirm(
            self,
            self.tr("Delete permanently"),
            self.tr("Delete %1 permanently? This cannot be undone.").replace("%1", names),
        ):
            return
        ws = self.ctx.ws

        def op(_progress: object) -> None:
            for kind, entity_id, _title in selected:
                trash.purge(ws, kind, entity_id)

        self.ctx.run(op, lambda _r: self.ctx.notify(Changes.of(*[(k, i) for k, i, _ in selected])))
