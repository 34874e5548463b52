"""The search bar (Ctrl+K / Ctrl+F): search as you type, results grouped by kind
(organizations, people, deals).

Each keystroke starts a search on the runner's read lane at once (no debounce: a
search takes a few milliseconds at 100k cards); only the newest query's results are
shown (an older one that finishes late is dropped). Up/Down move in the results,
Enter opens the record: `ctx.open_record(kind, id)`, which the contacts page answers
for people and organizations and the deals page for deals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.resources import icon
from crm_desktop.services.dto import SearchHit
from crm_desktop.services.search import search

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 3
HEADER_ROLE = Qt.ItemDataRole.UserRole + 4
LIMIT = 30

_INDEX = QModelIndex | QPersistentModelIndex
_ICONS = {
    EntityKind.ORGANIZATION: "organization",
    EntityKind.PERSON: "person",
    EntityKind.DEAL: "deal",
}
CONTACT_KINDS = (EntityKind.PERSON, EntityKind.ORGANIZATION)


@dataclass(frozen=True)
class _Row:
    header: str = ""
    hit: SearchHit | None = None


class SearchResultsModel(QAbstractListModel):
    """Hits grouped under a header per kind (organizations, people, deals)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        groups = [
            (EntityKind.ORGANIZATION, self.tr("Organizations")),
            (EntityKind.PERSON, self.tr("People")),
            (EntityKind.DEAL, self.tr("Deals")),
        ]
        rows: list[_Row] = []
        for kind, title in groups:
            mine = [h for h in hits if h.kind is kind]
            if mine:
                rows.append(_Row(header=title))
                rows.extend(_Row(hit=h) for h in mine)
        self.beginResetModel()  # a new query replaces every row
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].hit is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        hit = row.hit
        if role == HEADER_ROLE:
            return hit is None
        if hit is None:
            return row.header if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == SUBTITLE_ROLE:
            return hit.subtitle
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.title}\n{hit.subtitle}" if hit.subtitle else hit.title
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(_ICONS.get(hit.kind, "person"))
        if role == KIND_ROLE:
            return hit.kind
        if role == ID_ROLE:
            return hit.id
        return None

    def first_hit_row(self) -> int:
        return next((i for i, r in enumerate(self._rows) if r.hit is not None), -1)

    def hit_at(self, row: int) -> SearchHit | None:
        return self._rows[row].hit if 0 <= row < len(self._rows) else None


class _ResultDelegate(QStyledItemDelegate):
    """Two lines per hit (name, then position/organization/city); small caps headers."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _INDEX) -> QSize:
        height = option.fontMetrics.height()
        return QSize(320, height + 8 if index.data(HEADER_ROLE) else 2 * height + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _INDEX) -> None:
        painter.save()
        rect: QRect = option.rect
        palette = option.palette
        if index.data(HEADER_ROLE):
            font = QFont(option.font)
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.85)
            painter.setFont(font)
            painter.setPen(palette.placeholderText().color())
            painter.drawText(
                rect.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter, str(index.data()).upper()
            )
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.highlight())
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        decoration = index.data(Qt.ItemDataRole.DecorationRole)
        if decoration is not None:
            decoration.paint(painter, QRect(rect.left() + 8, rect.top() + 6, 20, 20))
        left = rect.adjusted(36, 4, -8, -4)
        line = option.fontMetrics.height()
        painter.setPen(text_color)
        painter.drawText(
            QRect(left.left(), left.top(), left.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            option.fontMetrics.elidedText(
                str(index.data()), Qt.TextElideMode.ElideRight, left.width()
            ),
        )
        sub = str(index.data(SUBTITLE_ROLE) or "")
        if sub:
            painter.setPen(text_color if selected else palette.placeholderText().color())
            painter.drawText(
                QRect(left.left(), left.top() + line + 2, left.width(), line),
                Qt.AlignmentFlag.AlignLeft,
                option.fontMetrics.elidedText(sub, Qt.TextElideMode.ElideRight, left.width()),
            )
        painter.restore()


class SearchBox(QLineEdit):
    """The line edit with its result list; emits `chosen(kind, id)`."""

    chosen = Signal(object, int)
    results_shown = Signal(str, int)  # query, number of hits (for tests and the status bar)

    def __init__(self, ctx: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Search: name, phone, email, INN, deal  (Ctrl+K)"))
        self.setMinimumWidth(340)
        self.setMaximumWidth(560)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.model = SearchResultsModel(self)
        self.popup = QListView(window)
        self.popup.setObjectName("searchResults")
        self.popup.setModel(self.model)
        self.popup.setItemDelegate(_ResultDelegate(self.popup))
        self.popup.setUniformItemSizes(False)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.popup.hide()
        self.popup.clicked.connect(self._open_index)
        self._generation = 0
        self.last_query = ""
        self.textEdited.connect(self._on_text)
        self.installEventFilter(self)

    @Slot(str)
    def _on_text(self, text: str) -> None:
        self._generation += 1
        generation = self._generation
        query = text.strip()
        if not query:
            self.model.set_hits([])
            self.popup.hide()
            return
        ws = self.ctx.ws
        self.ctx.run(
            lambda _progress: search(ws, query, limit=LIMIT),
            lambda hits: self._show(generation, query, hits),
            write=False,
        )

    def _show(self, generation: int, query: str, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return  # a newer keystroke is on its way
        self.last_query = query
        self.model.set_hits(hits)
        if not hits:
            self.popup.hide()
        else:
            self._place_popup()
            row = self.model.first_hit_row()
            self.popup.setCurrentIndex(self.model.index(row, 0))
        self.results_shown.emit(query, len(hits))

    def _place_popup(self) -> None:
        parent = self.popup.parentWidget()
        assert parent is not None
        top_left = self.mapTo(parent, QPoint(0, self.height()))
        rows = self.model.rowCount()
        height = min(480, sum(self.popup.sizeHintForRow(r) for r in range(rows)) + 6)
        self.popup.setGeometry(top_left.x(), top_left.y(), max(self.width(), 420), height)
        self.popup.show()
        self.popup.raise_()

    def _move(self, step: int) -> None:
        rows = self.model.rowCount()
        row = self.popup.currentIndex().row()
        for _ in range(rows):
            row = (row + step) % rows
            if self.model.hit_at(row) is not None:
                self.popup.setCurrentIndex(self.model.index(row, 0))
                return

    def _open_index(self, index: QModelIndex) -> None:
        hit = self.model.hit_at(index.row())
        if hit is not None:
            self.popup.hide()
            self.chosen.emit(hit.kind, hit.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress and self.popup.isVisible():
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down:
                self._move(1)
                return True
            if key == Qt.Key.Key_Up:
                self._move(-1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_index(self.popup.currentIndex())
                return True
            if key == Qt.Key.Key_Escape:
                self.popup.hide()
                return True
        if watched is self and event.type() == QEvent.Type.FocusOut:
            focus = QApplication.focusWidget()
            if focus is not self.popup:
                self.popup.hide()
        return super().eventFilter(watched, event)


def install_search(window: Any) -> SearchBox:
    """Put the search box into the main window's toolbar and wire it to the cards.

    A chosen hit goes out as `ctx.open_record(kind, id)`. People and organizations
    open on the contacts page, deals in their editor over the deals page.
    """
    box = SearchBox(window.ctx, window)
    window.toolbar.addSeparator()
    window.toolbar.addWidget(box)
    window.search_box = box

    def open_record(kind: EntityKind, entity_id: int) -> None:
        if window.ctx.window is not window:  # replaced (a language switch rebuilds it)
            return
        if kind in CONTACT_KINDS:
            page = window.show_page("contacts")
            page.show_record(kind, entity_id)
        elif kind is EntityKind.DEAL:
            page = window.show_page("deals")
            if hasattr(page, "open_deal"):
                page.open_deal(entity_id)

    box.chosen.connect(window.ctx.open_record)
    window.ctx.open_record.connect(open_record)
    return box
