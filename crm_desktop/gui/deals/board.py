"""The kanban board of deals: one model holding the board, a thin model per stage
column, one delegate painting every card, and the column widgets.

Shape. ``DealsModel`` is a table model over every deal of the loaded board (the list
view shows it as it is, sortable). It also keeps, per stage, the ids of its deals in
column order, and owns one ``StageModel`` (a list model) per stage that reads through
those ids: the columns of the board are ``QListView``s over the stage models, painted
by one ``CardDelegate`` with ``QPainter`` — no widget per card, fixed card height and
``uniformItemSizes``, so 10k cards cost what the visible ones cost.

Updates. A new board from the base (after a filter, a reload, an edit elsewhere) is
applied as a difference: the same deals in the same places give ``dataChanged`` only;
a column whose deals changed is reset alone; the columns are rebuilt only when the
pipeline's stages changed. A moved card (optimistic on drop, then the saved card from
the base) leaves its old column with ``beginRemoveRows`` and enters the top of the new
one with ``beginInsertRows``; the column totals are adjusted by the difference.

Drag and drop. A card travels as ``MIME_TYPE`` data (deal id, version, stage it left);
a column accepts it when it comes from another column and asks for the move through
``DealsModel.move_requested`` — the page decides (won/lost stages ask for the outcome
first) and saves it in the background.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListView,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import ActivityKind, StageKind
from crm_desktop.gui.resources import icon
from crm_desktop.services.deals import Board, ColumnTotals, DealCard, PipelineView, StageView

_INDEX = QModelIndex | QPersistentModelIndex

CARD_ROLE = Qt.ItemDataRole.UserRole + 1  # the DealCard
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the deal id
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # the raw value the list sorts by
STAGE_ROLE = Qt.ItemDataRole.UserRole + 4  # the id of the deal's stage

MIME_TYPE = "application/x-crm-desktop-deal"
COLUMN_WIDTH = 264
COLUMN_SPACING = 10

TITLE, CLIENT, STAGE, AMOUNT, PROBABILITY, WEIGHTED, OWNER, CLOSE_DATE, DAYS, NEXT = range(10)
COLUMN_COUNT = 10
_NUMERIC = frozenset({AMOUNT, PROBABILITY, WEIGHTED, DAYS})
_LAST = 10**9  # sorts a missing date or activity after every real one

MUTED = QColor("#687483")
AMBER = QColor("#a86400")
RED = QColor("#c62828")
GREEN = QColor("#2e7d32")
ACCENT = QColor("#2f6fd6")
OPEN_COLORS = (
    "#5b8def",
    "#3fa4dd",
    "#2fb3bd",
    "#39ad8c",
    "#68b84f",
    "#a2b83c",
    "#d3a92f",
    "#e0853a",
)
WON_COLOR = "#2e9d5b"
LOST_COLOR = "#d64545"
_AVATAR_COLORS = ("#5b8def", "#8e6bd6", "#d6732f", "#2f9c8f", "#c2477c", "#6a8a2f", "#3f7fb8")

_SYMBOLS = {
    "RUB": "₽",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "CNY": "¥",
    "JPY": "¥",
    "KZT": "₸",
    "UAH": "₴",
    "BYN": "Br",
}


# ------------------------------------------------------------------ helpers


def currency_symbol(currency: str) -> str:
    """'₽' for RUB, '$' for USD …; the code itself for a currency without a sign."""
    return _SYMBOLS.get(currency, currency)


def money_text(locale: QLocale, minor: int, currency: str) -> str:
    """An amount in minor units as money of the locale: '1 250 000 ₽', '$1,250.50'."""
    symbol = currency_symbol(currency)
    return locale.toCurrencyString(minor / 100, symbol, 0 if minor % 100 == 0 else 2)


def stage_color(stage: StageView, open_position: int = 0) -> QColor:
    """The stage's own colour, else green for won, red for lost, a hue along the funnel."""
    if stage.color and QColor.isValidColorName(stage.color):
        return QColor(stage.color)
    if stage.kind is StageKind.WON:
        return QColor(WON_COLOR)
    if stage.kind is StageKind.LOST:
        return QColor(LOST_COLOR)
    return QColor(OPEN_COLORS[open_position % len(OPEN_COLORS)])


def stage_colors(stages: Sequence[StageView]) -> dict[int, QColor]:
    colors: dict[int, QColor] = {}
    opened = 0
    for stage in stages:
        colors[stage.id] = stage_color(stage, opened)
        if stage.kind is StageKind.OPEN:
            opened += 1
    return colors


def client_text(card: DealCard) -> str:
    """'Organization · Person', or whichever of the two the deal has."""
    parts = [p for p in (card.organization_name, card.person_name) if p]
    return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class DragPayload:
    deal_id: int
    version: int
    stage_id: int


def encode_card(card: DealCard) -> QMimeData:
    mime = QMimeData()
    payload = {"deal": card.id, "version": card.version, "stage": card.stage_id}
    mime.setData(MIME_TYPE, QByteArray(json.dumps(payload).encode()))
    mime.setText(card.title)
    return mime


def decode_card(mime: QMimeData | None) -> DragPayload | None:
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    try:
        raw = json.loads(bytes(mime.data(MIME_TYPE).data()).decode())
        return DragPayload(int(raw["deal"]), int(raw["version"]), int(raw["stage"]))
    except (ValueError, KeyError, TypeError):
        return None


def _fold(text: str | None) -> str:
    return (text or "").casefold()


def _totals_of(cards: Iterable[DealCard], stage_id: int) -> ColumnTotals:
    count = total = weighted = 0
    for card in cards:
        count += 1
        total += card.amount_base_minor
        weighted += card.weighted_base_minor
    return ColumnTotals(stage_id, count, total, weighted)


# ------------------------------------------------------------------ models


class DealsModel(QAbstractTableModel):
    """Every deal of the loaded board (a table for the list), and its columns by stage."""

    stages_changed = Signal()  # the pipeline's stages changed: the columns are rebuilt
    totals_changed = Signal()  # counts or sums of some column changed
    move_requested = Signal(int, int, int)  # deal id, version, stage id (a card was dropped)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._board: Board | None = None
        self._stages: tuple[StageView, ...] = ()
        self._stage_by_id: dict[int, StageView] = {}
        self._colors: dict[int, QColor] = {}
        self._cards: dict[int, DealCard] = {}
        self._order: list[int] = []  # deal ids in table order
        self._row_of: dict[int, int] = {}
        self._board_order: dict[int, int] = {}  # deal id -> its place on the loaded board
        self._columns: dict[int, list[int]] = {}  # stage id -> deal ids, top first
        self._totals: dict[int, ColumnTotals] = {}
        self._stage_models: dict[int, StageModel] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.locale = QLocale()
        self._bold = QFont()
        self._bold.setBold(True)

    # ----------------------------------------------------------- board

    @property
    def board(self) -> Board | None:
        return self._board

    @property
    def pipeline(self) -> PipelineView | None:
        return self._board.pipeline if self._board is not None else None

    @property
    def base_currency(self) -> str:
        return self._board.base_currency if self._board is not None else "RUB"

    def stages(self) -> tuple[StageView, ...]:
        return self._stages

    def stage(self, stage_id: int) -> StageView | None:
        return self._stage_by_id.get(stage_id)

    def color(self, stage_id: int) -> QColor:
        return self._colors.get(stage_id, QColor(OPEN_COLORS[0]))

    def stage_model(self, stage_id: int) -> StageModel | None:
        return self._stage_models.get(stage_id)

    def totals(self, stage_id: int) -> ColumnTotals:
        return self._totals.get(stage_id, ColumnTotals(stage_id, 0, 0, 0))

    def card(self, deal_id: int) -> DealCard | None:
        return self._cards.get(deal_id)

    def card_count(self) -> int:
        return len(self._order)

    def column_ids(self, stage_id: int) -> list[int]:
        """The deal ids of a column, top first (a copy)."""
        return list(self._columns.get(stage_id, ()))

    def index_of(self, deal_id: int, column: int = 0) -> QModelIndex:
        row = self._row_of.get(deal_id)
        return self.index(row, column) if row is not None else QModelIndex()

    def set_board(self, board: Board) -> None:
        """Show a board read from the base, changing only what differs from the shown one."""
        old_stage_ids = [s.id for s in self._stages]
        stages = board.pipeline.stages
        new_stage_ids = [s.id for s in stages]
        same_pipeline = self._board is not None and self._board.pipeline.id == board.pipeline.id
        rebuild = not same_pipeline or old_stage_ids != new_stage_ids
        known = set(new_stage_ids)
        cards = {c.id: c for c in board.cards if c.stage_id in known}
        columns: dict[int, list[int]] = {sid: [] for sid in new_stage_ids}
        for card in board.cards:
            if card.id in cards:
                columns[card.stage_id].append(card.id)
        old_cards = self._cards
        same_rows = set(cards) == set(old_cards)

        reset_columns: list[StageModel] = []
        changed_columns: list[tuple[StageModel, list[int]]] = []
        if not rebuild:
            for sid in new_stage_ids:
                model = self._stage_models[sid]
                if columns[sid] != self._columns[sid]:
                    reset_columns.append(model)
                else:
                    rows = [
                        row
                        for row, deal_id in enumerate(columns[sid])
                        if cards[deal_id] != old_cards.get(deal_id)
                    ]
                    if rows:
                        changed_columns.append((model, rows))
        else:
            for model in self._stage_models.values():
                model.detach()
        if not same_rows:
            self.beginResetModel()

        self._board = board
        self._stages = stages
        self._stage_by_id = {s.id: s for s in stages}
        self._colors = stage_colors(stages)
        changed_ids = [i for i, c in cards.items() if old_cards.get(i) != c] if same_rows else []
        self._cards = cards
        self._columns = columns
        self._board_order = {card_id: n for n, card_id in enumerate(cards)}
        self._totals = {sid: board.totals.get(sid, _totals_of((), sid)) for sid in new_stage_ids}
        if not same_rows:
            self._order = self._sorted(list(cards))
            self._reindex()
            self.endResetModel()
        elif changed_ids:
            rows = [self._row_of[i] for i in changed_ids]
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), COLUMN_COUNT - 1))
        elif rebuild:  # the same deals, but the stage names or colours may differ
            self.dataChanged.emit(
                self.index(0, STAGE), self.index(max(0, len(self._order) - 1), STAGE)
            )

        if rebuild:
            old_models = self._stage_models
            self._stage_models = {sid: StageModel(self, sid, columns[sid]) for sid in new_stage_ids}
            self.stages_changed.emit()
            for model in old_models.values():
                model.deleteLater()
        else:
            for model in reset_columns:
                model.show_ids(columns[model.stage_id])
            for model, rows in changed_columns:
                model.rows_changed(rows)
        self.totals_changed.emit()

    def clear(self) -> None:
        """Show no board (no pipeline in the base)."""
        for model in self._stage_models.values():
            model.detach()
        self.beginResetModel()
        self._board = None
        self._stages = ()
        self._stage_by_id = {}
        self._colors = {}
        self._cards = {}
        self._order = []
        self._row_of = {}
        self._columns = {}
        self._totals = {}
        self.endResetModel()
        old_models, self._stage_models = self._stage_models, {}
        self.stages_changed.emit()
        for model in old_models.values():
            model.deleteLater()
        self.totals_changed.emit()

    def update_card(self, card: DealCard) -> None:
        """Show a changed deal: its row repainted, and its card in its stage's column (on
        top when it changed column); gone from the board when it left the pipeline."""
        old = self._cards.get(card.id)
        if old is None:
            return
        if card.stage_id not in self._stage_models:
            self.remove_card(card.id)
            return
        self._cards[card.id] = card
        row = self._row_of[card.id]
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))
        if old.stage_id == card.stage_id:
            model = self._stage_models[card.stage_id]
            model.rows_changed([self._columns[card.stage_id].index(card.id)])
        else:
            self._take_from_column(old)
            self._stage_models[card.stage_id].put_top(card.id)
            self._columns[card.stage_id].insert(0, card.id)
        self._adjust_totals(old, -1)
        self._adjust_totals(card, +1)
        self.totals_changed.emit()

    def remove_card(self, deal_id: int) -> None:
        card = self._cards.get(deal_id)
        if card is None:
            return
        row = self._row_of[deal_id]
        self._take_from_column(card)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._order[row]
        del self._cards[deal_id]
        self._reindex()
        self.endRemoveRows()
        self._adjust_totals(card, -1)
        self.totals_changed.emit()

    def _take_from_column(self, card: DealCard) -> None:
        model = self._stage_models.get(card.stage_id)
        ids = self._columns.get(card.stage_id)
        if model is None or ids is None or card.id not in ids:
            return
        pos = ids.index(card.id)
        model.take(pos)
        del ids[pos]

    def _adjust_totals(self, card: DealCard, sign: int) -> None:
        old = self._totals.get(card.stage_id)
        if old is None:
            return
        self._totals[card.stage_id] = ColumnTotals(
            card.stage_id,
            old.count + sign,
            old.sum_base_minor + sign * card.amount_base_minor,
            old.weighted_base_minor + sign * card.weighted_base_minor,
        )

    def _reindex(self) -> None:
        self._row_of = {deal_id: row for row, deal_id in enumerate(self._order)}

    # ----------------------------------------------------------- table

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def column_titles(self) -> list[str]:
        return [
            self.tr("Deal"),
            self.tr("Client"),
            self.tr("Stage"),
            self.tr("Amount"),
            self.tr("Probability"),
            self.tr("Weighted"),
            self.tr("Owner"),
            self.tr("Expected close"),
            self.tr("Days in stage"),
            self.tr("Next activity"),
        ]

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.column_titles()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def card_at(self, index: _INDEX) -> DealCard | None:
        if not index.isValid() or not 0 <= index.row() < len(self._order):
            return None
        return self._cards.get(self._order[index.row()])

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        card = self.card_at(index)
        if card is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(card, column)
        if role == CARD_ROLE:
            return card
        if role == ID_ROLE:
            return card.id
        if role == STAGE_ROLE:
            return card.stage_id
        if role == SORT_ROLE:
            return self._sort_value(card, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(card, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(card, column)
        if role == Qt.ItemDataRole.FontRole and column == TITLE:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return card_tooltip(card, self.locale, self._stage_name(card.stage_id))
        return None

    def _stage_name(self, stage_id: int) -> str:
        stage = self._stage_by_id.get(stage_id)
        return stage.name if stage is not None else ""

    def _display(self, card: DealCard, column: int) -> str:
        loc = self.locale
        if column == TITLE:
            return card.title
        if column == CLIENT:
            return client_text(card)
        if column == STAGE:
            return self._stage_name(card.stage_id)
        if column == AMOUNT:
            return money_text(loc, card.amount_minor, card.currency)
        if column == PROBABILITY:
            return loc.toString(card.probability) + " %"
        if column == WEIGHTED:
            return money_text(loc, card.weighted_base_minor, self.base_currency)
        if column == OWNER:
            return card.owner_name
        if column == CLOSE_DATE:
            if card.expected_close_on is None:
                return ""
            return loc.toString(QDate(card.expected_close_on), QLocale.FormatType.ShortFormat)
        if column == DAYS:
            return loc.toString(card.days_in_stage)
        if column == NEXT:
            if card.stage_kind is not StageKind.OPEN:
                return ""
            if card.next_activity_at is None:
                return self.tr("No planned activity")
            when, _late = when_text(card.next_activity_at, loc)
            return f"{when} · {card.next_activity_subject or ''}"
        return ""

    def _sort_value(self, card: DealCard, column: int) -> Any:
        if column == TITLE:
            return _fold(card.title)
        if column == CLIENT:
            return _fold(client_text(card))
        if column == STAGE:
            stage = self._stage_by_id.get(card.stage_id)
            return stage.position if stage is not None else _LAST
        if column == AMOUNT:
            return card.amount_base_minor
        if column == PROBABILITY:
            return card.probability
        if column == WEIGHTED:
            return card.weighted_base_minor
        if column == OWNER:
            return _fold(card.owner_name)
        if column == CLOSE_DATE:
            return card.expected_close_on.toordinal() if card.expected_close_on else _LAST
        if column == DAYS:
            return card.days_in_stage
        if column == NEXT:
            at = card.next_activity_at
            return int(at.timestamp()) if at is not None else _LAST
        return 0

    def _foreground(self, card: DealCard, column: int) -> QColor | None:
        is_open = card.stage_kind is StageKind.OPEN
        if column == NEXT and is_open:
            if card.next_activity_at is None:
                return AMBER
            _when, late = when_text(card.next_activity_at, self.locale)
            return RED if late else None
        if column == CLOSE_DATE and is_open and card.expected_close_on is not None:
            return RED if card.expected_close_on < date.today() else None
        if column in (CLIENT, OWNER, DAYS):
            return MUTED
        return None

    def _decoration(self, card: DealCard, column: int) -> Any:
        if column == STAGE:
            return self.color(card.stage_id)
        if column == NEXT and card.stage_kind is StageKind.OPEN:
            if card.next_activity_kind is not None:
                return icon(card.next_activity_kind.value)
            return icon("warning")
        if column == TITLE and card.is_overdue:
            return icon("error")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the list (column -1: the order of the board)."""
        self._sort_column = column if 0 <= column < COLUMN_COUNT else -1
        self._sort_order = order
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self._order[i.row()] if i.isValid() else None for i in old_persistent]
        self._order = self._sorted(self._order)
        self._reindex()
        new_persistent = []
        for old, deal_id in zip(old_persistent, old_ids, strict=True):
            row = self._row_of.get(deal_id) if deal_id is not None else None
            new_persistent.append(
                self.index(row, old.column()) if row is not None else QModelIndex()
            )
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    def _sorted(self, ids: list[int]) -> list[int]:
        place = self._board_order
        if self._sort_column < 0:
            if len(ids) != len(place) or any(place.get(i) != n for n, i in enumerate(ids)):
                ids = sorted(ids, key=lambda i: place.get(i, _LAST))
            else:
                ids = list(ids)
            if self._sort_order == Qt.SortOrder.DescendingOrder:
                ids.reverse()
            return ids
        column = self._sort_column
        cards = self._cards
        return sorted(
            ids,
            key=lambda i: (self._sort_value(cards[i], column), place.get(i, _LAST)),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )


class StageModel(QStringListModel):
    """The cards of one stage, top first.

    The rows live in C++ (a QStringListModel of deal ids): the list view asks
    ``index()`` for every row whenever it lays the column out (QListViewPrivate::isHidden),
    and a ``rowCount`` in Python would cost one Python call per card per layout — 10k
    calls to show the board, thousands per moved card. Only ``data`` and ``flags``,
    asked for the visible cards, are Python. ``DealsModel`` keeps a Python copy of the
    ids (its ``_columns``) in step with every change made here.
    """

    def __init__(self, deals: DealsModel, stage_id: int, ids: Sequence[int] = ()) -> None:
        super().__init__([str(i) for i in ids], deals)
        self.deals = deals
        self.stage_id = stage_id

    def show_ids(self, ids: Sequence[int]) -> None:
        """Show these deals (one reset)."""
        self.setStringList([str(i) for i in ids])

    def detach(self) -> None:
        """Show nothing any more (the stage left the board)."""
        self.setStringList([])

    def take(self, row: int) -> None:
        self.removeRows(row, 1)

    def put_top(self, deal_id: int) -> None:
        self.insertRows(0, 1)
        self.setData(self.index(0, 0), str(deal_id), Qt.ItemDataRole.EditRole)

    def rows_changed(self, rows: Sequence[int]) -> None:
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), 0))

    def row_of(self, deal_id: int) -> int:
        try:
            return self.deals._columns.get(self.stage_id, []).index(deal_id)
        except ValueError:
            return -1

    def index_of(self, deal_id: int) -> QModelIndex:
        row = self.row_of(deal_id)
        return self.index(row, 0) if 0 <= row < self.rowCount() else QModelIndex()

    def deal_id_at(self, index: _INDEX) -> int | None:
        raw = QStringListModel.data(self, index, Qt.ItemDataRole.EditRole)
        return int(raw) if raw else None

    def card_at(self, index: _INDEX) -> DealCard | None:
        deal_id = self.deal_id_at(index)
        return self.deals.card(deal_id) if deal_id is not None else None

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        card = self.card_at(index)
        if card is None:
            return None
        if role == CARD_ROLE:
            return card
        if role == Qt.ItemDataRole.DisplayRole:
            return card.title
        if role == ID_ROLE:
            return card.id
        if role == STAGE_ROLE:
            return card.stage_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return card_tooltip(card, self.deals.locale, self.deals._stage_name(card.stage_id))
        return None

    # ------------------------------------------------------- drag and drop

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        cards = [c for c in (self.card_at(i) for i in indexes) if c is not None]
        return encode_card(cards[0]) if cards else QMimeData()

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _INDEX,
    ) -> bool:
        payload = decode_card(data)
        return payload is not None and payload.stage_id != self.stage_id

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _INDEX,
    ) -> bool:
        """Ask for the move; the board changes once the page has decided."""
        payload = decode_card(data)
        if payload is None or payload.stage_id == self.stage_id:
            return False
        self.deals.move_requested.emit(payload.deal_id, payload.version, self.stage_id)
        return True


# ------------------------------------------------------------------ texts


def days_label(days: int) -> str:
    """'1 day', '12 days' (Russian: '1 день', '12 дн.', right for every number)."""
    return (
        QCoreApplication.translate("DealCards", "1 day")
        if days == 1
        else QCoreApplication.translate("DealCards", "%1 days").replace("%1", str(days))
    )


def _is_date_only(at: datetime) -> bool:
    offset = at.utcoffset()
    return (
        (offset is None or offset == timedelta(0))
        and at.hour == 0
        and at.minute == 0
        and at.second == 0
    )


def when_text(at: datetime, locale: QLocale, now: datetime | None = None) -> tuple[str, bool]:
    """When a planned activity is ('Today 14:30', 'Tomorrow', '5 Mar'), and whether it is
    already past. A due date without a time is kept at 00:00 UTC and shown as a date."""
    now = now or datetime.now(UTC)
    today = now.astimezone().date()
    if _is_date_only(at):
        day = at.date()
        late = day < today
        clock = ""
    else:
        aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
        local = aware.astimezone()
        day = local.date()
        late = aware < now
        clock = locale.toString(local.time(), QLocale.FormatType.ShortFormat)
    if day == today:
        text = QCoreApplication.translate("DealCards", "Today")
    elif day == today + timedelta(days=1):
        text = QCoreApplication.translate("DealCards", "Tomorrow")
    elif day == today - timedelta(days=1):
        text = QCoreApplication.translate("DealCards", "Yesterday")
    elif day.year == today.year:
        text = locale.toString(QDate(day), "d MMM")
    else:
        text = locale.toString(QDate(day), QLocale.FormatType.ShortFormat)
    return (f"{text} {clock}" if clock else text), late


def card_tooltip(card: DealCard, locale: QLocale, stage_name: str) -> str:
    lines = [card.title]
    client = client_text(card)
    if client:
        lines.append(client)
    lines.append(
        QCoreApplication.translate("DealCards", "%1 · probability %2 %")
        .replace("%1", money_text(locale, card.amount_minor, card.currency))
        .replace("%2", locale.toString(card.probability))
    )
    if stage_name:
        lines.append(
            QCoreApplication.translate("DealCards", "Stage: %1 (%2)")
            .replace("%1", stage_name)
            .replace("%2", days_label(card.days_in_stage))
        )
    if card.owner_name:
        lines.append(
            QCoreApplication.translate("DealCards", "Owner: %1").replace("%1", card.owner_name)
        )
    if card.expected_close_on is not None:
        lines.append(
            QCoreApplication.translate("DealCards", "Expected close: %1").replace(
                "%1", locale.toString(QDate(card.expected_close_on), QLocale.FormatType.LongFormat)
            )
        )
    if card.is_overdue:
        lines.append(
            QCoreApplication.translate(
                "DealCards", "Overdue: the next activity or the expected close date is past"
            )
        )
    return "\n".join(lines)


# ------------------------------------------------------------------ delegate


@dataclass(frozen=True)
class _Fonts:
    title: QFont
    text: QFont
    small: QFont
    title_fm: QFontMetrics
    text_fm: QFontMetrics
    small_fm: QFontMetrics


class CardDelegate(QStyledItemDelegate):
    """Paints a deal card: title, client, days in the stage, owner, amount, and the next
    planned activity (or a warning that there is none); overdue cards carry a red mark."""

    MARGIN_X = 6
    MARGIN_Y = 4
    PAD = 9
    GAP = 3
    RADIUS = 6.0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: tuple[str, _Fonts] | None = None
        self._pixmaps: dict[str, QPixmap] = {}
        self._backgrounds: dict[tuple[Any, ...], QPixmap] = {}
        self.locale = QLocale()
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)

    def _fonts_for(self, base: QFont) -> _Fonts:
        key = base.key()
        if self._fonts is not None and self._fonts[0] == key:
            return self._fonts[1]
        title = QFont(base)
        title.setBold(True)
        text = QFont(base)
        small = QFont(base)
        if base.pointSizeF() > 0:
            small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        fonts = _Fonts(
            title, text, small, QFontMetrics(title), QFontMetrics(text), QFontMetrics(small)
        )
        self._fonts = (key, fonts)
        return fonts

    def card_height(self, base: QFont) -> int:
        f = self._fonts_for(base)
        inner = f.title_fm.height() + 2 * f.text_fm.height() + f.small_fm.height() + 3 * self.GAP
        return inner + 2 * self.PAD + 2 * self.MARGIN_Y

    def sizeHint(self, option: QStyleOptionViewItem, index: _INDEX) -> QSize:
        return QSize(COLUMN_WIDTH - 40, self.card_height(option.font))

    def _pixmap(self, name: str, size: int) -> QPixmap:
        key = f"{name}@{size}"
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = icon(name).pixmap(size, size)
            self._pixmaps[key] = pixmap
        return pixmap

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _INDEX) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, DealCard):
            return
        state = option.state
        self.paint_card(
            painter,
            QRect(option.rect),
            card,
            option.font,
            option.palette,
            selected=bool(state & QStyle.StateFlag.State_Selected),
            hovered=bool(state & QStyle.StateFlag.State_MouseOver),
            focused=bool(state & QStyle.StateFlag.State_HasFocus),
        )

    def paint_card(
        self,
        painter: QPainter,
        rect: QRect,
        card: DealCard,
        font: QFont,
        palette: QPalette,
        *,
        selected: bool = False,
        hovered: bool = False,
        focused: bool = False,
    ) -> None:
        f = self._fonts_for(font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        box = self._card_box(QRectF(rect))
        base = palette.color(QPalette.ColorRole.Base)
        text_color = palette.color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128
        border = QColor("#4a5361") if dark else QColor("#d3d9e1")
        if selected:
            highlight = palette.color(QPalette.ColorRole.Highlight)
            border = highlight
            base = QColor(highlight).darker(260) if dark else QColor("#eef4ff")
        elif hovered:
            border = QColor("#7f8ea3") if dark else QColor("#aab5c3")
        stripe = self._stripe_color(card)
        painter.drawPixmap(
            rect.topLeft(),
            self._background(rect.size(), base, border, stripe, selected, painter),
        )

        inner = box.toRect().adjusted(self.PAD + 2, self.PAD - 1, -self.PAD, -self.PAD + 1)
        x, y, w = inner.left(), inner.top(), inner.width()
        loc = self.locale

        # line 1: the title, and the overdue badge
        h = f.title_fm.height()
        title_w = w
        if card.is_overdue:
            badge = QCoreApplication.translate("DealCards", "Overdue")
            bw = f.small_fm.horizontalAdvance(badge) + 10
            bh = f.small_fm.height() + 1
            badge_rect = QRectF(x + w - bw, y + (h - bh) / 2, bw, bh)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(RED)
            painter.drawRoundedRect(badge_rect, bh / 2, bh / 2)
            painter.setFont(f.small)
            painter.setPen(QColor("white"))
            painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge)
            title_w = w - bw - 6
        painter.setFont(f.title)
        painter.setPen(text_color)
        painter.drawText(
            QRect(x, y, title_w, h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f.title_fm.elidedText(card.title, Qt.TextElideMode.ElideRight, title_w),
        )
        y += h + self.GAP

        # line 2: the client, and the days in the stage
        h = f.text_fm.height()
        days = days_label(card.days_in_stage)
        days_w = f.small_fm.horizontalAdvance(days)
        painter.setFont(f.small)
        painter.setPen(MUTED)
        painter.drawText(
            QRect(x + w - days_w, y, days_w, h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            days,
        )
        painter.setFont(f.text)
        painter.setPen(QColor("#aeb7c2") if dark else QColor("#4f5b69"))
        client = client_text(card) or QCoreApplication.translate("DealCards", "No client")
        client_w = w - days_w - 8
        painter.drawText(
            QRect(x, y, client_w, h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f.text_fm.elidedText(client, Qt.TextElideMode.ElideRight, client_w),
        )
        y += h + self.GAP

        # line 3: the owner, and the amount on the right
        amount = money_text(loc, card.amount_minor, card.currency)
        amount_w = f.title_fm.horizontalAdvance(amount)
        painter.setFont(f.title)
        painter.setPen(text_color)
        painter.drawText(
            QRect(x + w - amount_w, y, amount_w, h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            amount,
        )
        owner_w = w - amount_w - 8
        if card.owner_name and owner_w > 30:
            d = min(h - 1, 17)
            self._avatar(painter, QRectF(x, y + (h - d) / 2, d, d), card.owner_name, f)
            painter.setFont(f.text)
            painter.setPen(MUTED)
            painter.drawText(
                QRect(x + d + 5, y, owner_w - d - 5, h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f.text_fm.elidedText(card.owner_name, Qt.TextElideMode.ElideRight, owner_w - d - 5),
            )
        y += h + self.GAP

        # line 4: the next planned activity, a warning, or how the deal closed
        h = f.small_fm.height()
        icon_name, text, color = self._activity_line(card)
        tx = x
        if icon_name:
            size = min(16, h)
            painter.drawPixmap(
                QRect(x, y + (h - size) // 2, size, size), self._pixmap(icon_name, size)
            )
            tx = x + size + 4
        painter.setFont(f.small)
        painter.setPen(color or MUTED)
        painter.drawText(
            QRect(tx, y, x + w - tx, h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f.small_fm.elidedText(text, Qt.TextElideMode.ElideRight, x + w - tx),
        )
        if focused and selected:
            painter.setPen(QPen(QColor(ACCENT), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(2, 2, -2, -2), self.RADIUS - 2, self.RADIUS - 2)
        painter.restore()

    def _card_box(self, rect: QRectF) -> QRectF:
        return rect.adjusted(
            self.MARGIN_X + 0.5, self.MARGIN_Y + 0.5, -self.MARGIN_X - 0.5, -self.MARGIN_Y - 0.5
        )

    def _background(
        self,
        size: QSize,
        base: QColor,
        border: QColor,
        stripe: QColor | None,
        selected: bool,
        painter: QPainter,
    ) -> QPixmap:
        """The card's shadow, body, border and stripe: antialiased rounded rectangles are
        the dearest part of a card to paint, and every card of a column has the same size,
        so they are drawn once per look and blitted."""
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        key = (
            size.width(),
            size.height(),
            base.rgba(),
            border.rgba(),
            stripe.rgba() if stripe is not None else 0,
            selected,
            ratio,
        )
        pixmap = self._backgrounds.get(key)
        if pixmap is not None:
            return pixmap
        if len(self._backgrounds) > 64:
            self._backgrounds.clear()
        pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        box = self._card_box(QRectF(0, 0, size.width(), size.height()))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 22))
        p.drawRoundedRect(box.translated(0, 1.2), self.RADIUS, self.RADIUS)
        p.setBrush(base)
        p.setPen(QPen(border, 1.6 if selected else 1.0))
        p.drawRoundedRect(box, self.RADIUS, self.RADIUS)
        if stripe is not None:
            path = QPainterPath()
            path.addRoundedRect(box, self.RADIUS, self.RADIUS)
            p.setClipPath(path)
            p.fillRect(QRectF(box.left(), box.top(), 4, box.height()), stripe)
        p.end()
        self._backgrounds[key] = pixmap
        return pixmap

    def _stripe_color(self, card: DealCard) -> QColor | None:
        if card.stage_kind is StageKind.WON:
            return QColor(WON_COLOR)
        if card.stage_kind is StageKind.LOST:
            return QColor("#9aa4b1")
        if card.is_overdue:
            return RED
        return None

    def _activity_line(self, card: DealCard) -> tuple[str, str, QColor | None]:
        loc = self.locale
        if card.stage_kind is not StageKind.OPEN:
            when = ""
            if card.closed_at is not None:
                when = loc.toString(
                    QDate(card.closed_at.astimezone().date()), QLocale.FormatType.ShortFormat
                )
            if card.stage_kind is StageKind.WON:
                return (
                    "create",
                    QCoreApplication.translate("DealCards", "Won %1").replace("%1", when).strip(),
                    GREEN,
                )
            return (
                "error",
                QCoreApplication.translate("DealCards", "Lost %1").replace("%1", when).strip(),
                MUTED,
            )
        if card.next_activity_at is None:
            return "warning", QCoreApplication.translate("DealCards", "No planned activity"), AMBER
        when, late = when_text(card.next_activity_at, loc, self.now())
        kind = card.next_activity_kind or ActivityKind.TODO
        subject = card.next_activity_subject or ""
        text = f"{when} · {subject}" if subject else when
        return kind.value, text, RED if late else None

    def _avatar(self, painter: QPainter, rect: QRectF, name: str, f: _Fonts) -> None:
        words = [w for w in name.replace(".", " ").split() if w]
        initials = "".join(w[0] for w in words[:2]).upper() or "?"
        color = QColor(_AVATAR_COLORS[sum(map(ord, name)) % len(_AVATAR_COLORS)])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(rect)
        small = QFont(f.small)
        small.setPixelSize(max(7, int(rect.height() * 0.45)))
        small.setBold(True)
        painter.setFont(small)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials)

    def render(self, card: DealCard, width: int, font: QFont, palette: QPalette) -> QPixmap:
        """The card as a picture (what a drag carries under the cursor)."""
        height = self.card_height(font)
        pixmap = QPixmap(width, height)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setOpacity(0.92)
        self.paint_card(painter, QRect(0, 0, width, height), card, font, palette, selected=True)
        painter.end()
        return pixmap


# ------------------------------------------------------------------ widgets


def column_background(palette: QPalette) -> QColor:
    window = palette.color(QPalette.ColorRole.Window)
    return QColor("#eceff3") if window.lightness() > 128 else window.lighter(125)


_THIN_SCROLLBAR = """
QScrollBar:vertical { width: 8px; background: transparent; margin: 2px 1px 2px 0; }
QScrollBar::handle:vertical { background: rgba(80, 96, 116, 0.35); border-radius: 3px;
    min-height: 28px; }
QScrollBar::handle:vertical:hover { background: rgba(80, 96, 116, 0.6); }
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: transparent; }
"""


class ColumnView(QListView):
    """One column of cards: drags cards out, takes cards from other columns, moves the
    current card with Ctrl+Left/Right, opens it with Enter or a double click."""

    open_requested = Signal(int)  # deal id
    step_requested = Signal(int, int)  # deal id, -1 (previous stage) or +1 (next stage)
    focus_step = Signal(int)  # -1/+1: go to the neighbouring column
    drag_started = Signal(int)  # deal id

    def __init__(
        self, model: StageModel, delegate: CardDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dealColumnView")
        self.stage_id = model.stage_id
        self.delegate = delegate
        self.drop_target = False
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.verticalScrollBar().setStyleSheet(_THIN_SCROLLBAR)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAttribute(Qt.WidgetAttribute.WA_MacShowFocusRect, False)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, column_background(palette))
        self.setPalette(palette)
        self.setItemDelegate(delegate)
        self.setModel(model)  # last: the settings above would each lay the cards out again
        self.doubleClicked.connect(self._open_index)

    def stage_model(self) -> StageModel:
        model = self.model()
        assert isinstance(model, StageModel)
        return model

    def current_card(self) -> DealCard | None:
        return self.stage_model().card_at(self.currentIndex())

    def _open_index(self, index: QModelIndex) -> None:
        card = self.stage_model().card_at(index)
        if card is not None:
            self.open_requested.emit(card.id)

    # ------------------------------------------------------------- keys

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                card = self.current_card()
                if card is not None:
                    self.step_requested.emit(card.id, step)
                event.accept()
                return
            if mods == Qt.KeyboardModifier.NoModifier:
                self.focus_step.emit(step)
                event.accept()
                return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            card = self.current_card()
            if card is not None:
                self.open_requested.emit(card.id)
                event.accept()
                return
        super().keyPressEvent(event)

    # ---------------------------------------------------- drag and drop

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        index = self.currentIndex()
        card = self.stage_model().card_at(index)
        if card is None:
            return
        mime = self.stage_model().mimeData([index])
        drag = QDrag(self)
        drag.setMimeData(mime)
        width = self.viewport().width()
        pixmap = self.delegate.render(card, width, self.font(), self.palette())
        drag.setPixmap(pixmap)
        press = self.viewport().mapFromGlobal(self.cursor().pos())
        rect = self.visualRect(index)
        hot = press - rect.topLeft()
        if not QRect(0, 0, pixmap.width(), pixmap.height()).contains(hot):
            hot = QPoint(pixmap.width() // 2, pixmap.height() // 2)
        drag.setHotSpot(hot)
        self.drag_started.emit(card.id)
        drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)

    def _accepts(self, mime: QMimeData | None) -> bool:
        payload = decode_card(mime)
        return payload is not None and payload.stage_id != self.stage_id

    def _set_drop_target(self, on: bool) -> None:
        if on != self.drop_target:
            self.drop_target = on
            self.viewport().update()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self._set_drop_target(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_target(False)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_target(False)
        mime = event.mimeData()
        if not self._accepts(mime):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.stage_model().dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())

    # ------------------------------------------------------------- paint

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        empty = self.model() is not None and self.model().rowCount() == 0
        if not (empty or self.drop_target):
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        area = QRectF(self.viewport().rect()).adjusted(5, 4, -5, -4)
        if self.drop_target:
            painter.setPen(QPen(ACCENT, 2, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(47, 111, 214, 18))
            painter.drawRoundedRect(area, 8, 8)
        if empty:
            painter.setPen(MUTED)
            text = (
                QCoreApplication.translate("DealCards", "Drop the deal here")
                if self.drop_target
                else QCoreApplication.translate("DealCards", "No deals")
            )
            painter.drawText(area.adjusted(0, 24, 0, 0), Qt.AlignmentFlag.AlignHCenter, text)
        painter.end()


class StageHeader(QWidget):
    """Above a column: a colour stripe, the stage name, the number of deals, the sum and
    the weighted sum (sum × probability) in the base currency."""

    def __init__(self, model: DealsModel, stage_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageHeader")
        self.model = model
        self.stage_id = stage_id
        fm = self.fontMetrics()
        self.setFixedHeight(6 + 8 + fm.height() + 4 + fm.height() + 8)

    def texts(self) -> tuple[str, str, str, str]:
        """What the header shows: name, count, sum, weighted sum."""
        stage = self.model.stage(self.stage_id)
        totals = self.model.totals(self.stage_id)
        loc = self.model.locale
        currency = self.model.base_currency
        return (
            stage.name if stage is not None else "",
            loc.toString(totals.count),
            money_text(loc, totals.sum_base_minor, currency),
            money_text(loc, totals.weighted_base_minor, currency),
        )

    def refresh(self) -> None:
        name, count, total, weighted = self.texts()
        stage = self.model.stage(self.stage_id)
        probability = stage.probability if stage is not None else 0
        self.setToolTip(
            QCoreApplication.translate(
                "DealCards",
                "%1: %2 deals\nSum: %3\nWeighted sum (sum × probability): %4\nProbability "
                "of the stage: %5 %",
            )
            .replace("%1", name)
            .replace("%2", count)
            .replace("%3", total)
            .replace("%4", weighted)
            .replace("%5", self.model.locale.toString(probability))
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        name, count, total, weighted = self.texts()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = QRectF(self.rect())
        color = self.model.color(self.stage_id)
        painter.setPen(Qt.PenStyle.NoPen)
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect.left(), rect.top(), rect.width(), 12), 6, 6)
        painter.setClipPath(path)
        painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), 5), color)
        painter.setClipping(False)
        fm = self.fontMetrics()
        left, right = 10, int(rect.width()) - 10
        y = 13
        h = fm.height()
        bold = QFont(self.font())
        bold.setBold(True)
        bfm = QFontMetrics(bold)
        # the count in a pill on the right
        pill_w = bfm.horizontalAdvance(count) + 14
        pill = QRectF(right - pill_w, y, pill_w, h)
        painter.setBrush(QColor(color.red(), color.green(), color.blue(), 40))
        painter.drawRoundedRect(pill, h / 2, h / 2)
        painter.setFont(bold)
        painter.setPen(QColor(color).darker(150))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, count)
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text_color)
        name_w = int(pill.left()) - left - 6
        painter.drawText(
            QRect(left, y, name_w, h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            bfm.elidedText(name, Qt.TextElideMode.ElideRight, name_w),
        )
        y += h + 4
        painter.drawText(
            QRect(left, y, right - left, h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            total,
        )
        total_w = bfm.horizontalAdvance(total)
        painter.setFont(self.font())
        painter.setPen(MUTED)
        room = right - left - total_w - 10
        label = QCoreApplication.translate("DealCards", "weighted %1").replace("%1", weighted)
        if fm.horizontalAdvance(label) > room:
            label = "≈ " + weighted
        painter.drawText(
            QRect(right - room, y, room, h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(label, Qt.TextElideMode.ElideLeft, room),
        )
        painter.end()


class StageColumn(QFrame):
    """A stage's header above its cards, on a rounded panel."""

    def __init__(
        self,
        model: DealsModel,
        stage_model: StageModel,
        delegate: CardDelegate,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dealColumn")
        self.stage_id = stage_model.stage_id
        self.setFixedWidth(COLUMN_WIDTH)
        self.header = StageHeader(model, self.stage_id, self)
        self.view = ColumnView(stage_model, delegate, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        self.header.refresh()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(column_background(self.palette())))
        painter.drawRoundedRect(QRectF(self.rect()), 8, 8)
        painter.end()


class BoardView(QScrollArea):
    """The columns side by side, scrolled sideways when they do not fit."""

    open_requested = Signal(int)  # deal id
    move_requested = Signal(int, int, int)  # deal id, version, stage id (keyboard)
    current_changed = Signal(object)  # deal id or None
    context_menu_requested = Signal(int, QPoint)  # deal id, global position

    def __init__(self, model: DealsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dealBoard")
        self.model = model
        self.delegate = CardDelegate(self)
        self.columns: list[StageColumn] = []
        self._current: int | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.container = QWidget(self)
        self.container.setObjectName("dealBoardColumns")
        self.row = QHBoxLayout(self.container)
        self.row.setContentsMargins(2, 4, 8, 4)
        self.row.setSpacing(COLUMN_SPACING)
        self.row.addStretch(1)
        self.setWidget(self.container)
        model.stages_changed.connect(self.rebuild)
        model.totals_changed.connect(self._refresh_headers)

    def set_locale(self, locale: QLocale) -> None:
        self.delegate.locale = locale

    def rebuild(self) -> None:
        """One column per stage of the model's pipeline."""
        for column in self.columns:
            self.row.removeWidget(column)
            column.hide()
            column.deleteLater()
        self.columns = []
        self._current = None
        for n, stage in enumerate(self.model.stages()):
            stage_model = self.model.stage_model(stage.id)
            if stage_model is None:
                continue
            column = StageColumn(self.model, stage_model, self.delegate, self.container)
            view = column.view
            view.open_requested.connect(self.open_requested)
            view.step_requested.connect(self._step)
            view.focus_step.connect(lambda step, n=n: self._focus_column(n + step))
            view.selectionModel().currentChanged.connect(
                lambda current, _previous, v=view: self._current_in(v, current)
            )
            view.customContextMenuRequested.connect(lambda pos, v=view: self._menu(v, pos))
            self.row.insertWidget(self.row.count() - 1, column)
            self.columns.append(column)
        # lay the new columns out now, not on the next turn of the event loop
        for column in self.columns:
            column.show()
            layout = column.layout()
            if layout is not None:
                layout.activate()
        self.row.activate()
        self.current_changed.emit(None)

    def _refresh_headers(self) -> None:
        for column in self.columns:
            column.header.refresh()

    def column(self, stage_id: int) -> StageColumn | None:
        return next((c for c in self.columns if c.stage_id == stage_id), None)

    def view_of(self, stage_id: int) -> ColumnView | None:
        column = self.column(stage_id)
        return column.view if column is not None else None

    # ---------------------------------------------------------- current

    def current_deal(self) -> int | None:
        if self._current is not None and self.model.card(self._current) is None:
            self._current = None
        return self._current

    def _current_in(self, view: ColumnView, current: QModelIndex) -> None:
        card = view.stage_model().card_at(current)
        if card is None:
            return
        for column in self.columns:
            if column.view is not view:
                column.view.clearSelection()
        if card.id != self._current:
            self._current = card.id
            self.current_changed.emit(card.id)

    def select_deal(self, deal_id: int, *, focus: bool = True) -> bool:
        """Select the card of a deal in its column, scroll to it, focus it."""
        card = self.model.card(deal_id)
        if card is None:
            return False
        view = self.view_of(card.stage_id)
        if view is None:
            return False
        index = view.stage_model().index_of(deal_id)
        if not index.isValid():
            return False
        view.setCurrentIndex(index)
        view.scrollTo(index)
        self.ensureWidgetVisible(view.parentWidget(), 20, 0)
        if focus:
            view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._current_in(view, index)
        return True

    def _focus_column(self, position: int) -> None:
        if not 0 <= position < len(self.columns):
            return
        source = self.focusWidget()
        target = self.columns[position].view
        row = 0
        if isinstance(source, ColumnView):
            current = source.currentIndex()
            if current.isValid():
                y = source.visualRect(current).center().y()
                hit = target.indexAt(QPoint(20, y))
                row = hit.row() if hit.isValid() else target.model().rowCount() - 1
        self.ensureWidgetVisible(target.parentWidget(), 20, 0)
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if target.model().rowCount() > 0:
            index = target.model().index(max(0, row), 0)
            target.setCurrentIndex(index)
            target.scrollTo(index)

    def _step(self, deal_id: int, step: int) -> None:
        card = self.model.card(deal_id)
        if card is None:
            return
        stages = self.model.stages()
        position = next((n for n, s in enumerate(stages) if s.id == card.stage_id), None)
        if position is None or not 0 <= position + step < len(stages):
            return
        self.move_requested.emit(card.id, card.version, stages[position + step].id)

    def _menu(self, view: ColumnView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        card = view.stage_model().card_at(index)
        if card is None:
            return
        view.setCurrentIndex(index)
        self.context_menu_requested.emit(card.id, view.viewport().mapToGlobal(pos))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LocaleChange:
            self.delegate.locale = self.locale()
        return super().event(event)
