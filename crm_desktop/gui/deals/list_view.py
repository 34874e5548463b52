"""The deals as a list: a sortable table over the board's own model (the same deals, the
same filters). Sorting happens in the model (one Python sort of the ids), not in a
proxy that would call back into Python for every comparison."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from crm_desktop.gui.deals.board import (
    AMOUNT,
    CLIENT,
    CLOSE_DATE,
    DAYS,
    NEXT,
    OWNER,
    PROBABILITY,
    STAGE,
    TITLE,
    WEIGHTED,
    DealsModel,
)

HEADER_KEY = "deals/list_header"
DEFAULT_WIDTHS = {
    TITLE: 240,
    CLIENT: 220,
    STAGE: 210,  # "Выявление потребностей" unelided
    AMOUNT: 120,
    PROBABILITY: 90,
    WEIGHTED: 120,
    OWNER: 140,
    CLOSE_DATE: 110,
    DAYS: 90,
    NEXT: 260,
}


class DealsTable(QTableView):
    """One row per deal; click a header to sort, double-click or Enter to open."""

    open_requested = Signal(int)  # deal id
    current_changed = Signal(object)  # deal id or None
    context_menu_requested = Signal(int, QPoint)  # deal id, global position

    def __init__(self, model: DealsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dealList")
        self.deals = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in DEFAULT_WIDTHS.items():
            # never narrower than the header's own text (Russian headers are longer)
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the order of the board
        self.setSortingEnabled(True)
        self.doubleClicked.connect(self._open_index)
        self.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.customContextMenuRequested.connect(self._menu)

    def current_deal(self) -> int | None:
        card = self.deals.card_at(self.currentIndex())
        return card.id if card is not None else None

    def select_deal(self, deal_id: int) -> bool:
        index = self.deals.index_of(deal_id)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    def _open_index(self, index: QModelIndex) -> None:
        card = self.deals.card_at(index)
        if card is not None:
            self.open_requested.emit(card.id)

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        card = self.deals.card_at(current)
        self.current_changed.emit(card.id if card is not None else None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            deal_id = self.current_deal()
            if deal_id is not None:
                self.open_requested.emit(deal_id)
                event.accept()
                return
        super().keyPressEvent(event)

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        card = self.deals.card_at(index)
        if card is None:
            return
        self.setCurrentIndex(index)
        self.context_menu_requested.emit(card.id, self.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------ state

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(HEADER_KEY, self.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(HEADER_KEY)
        if isinstance(state, QByteArray):
            self.horizontalHeader().restoreState(state)
        self.horizontalHeader().setSectionHidden(TITLE, False)
