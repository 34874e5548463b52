"""The task list: planned work grouped by when it is due (overdue, today, tomorrow, this
week, later, no date, done), with filters and the done check box.

`ActivityTreeModel` (groups of `ActivityView` rows under header rows) and `TaskTree`
(the view, with its delegates) serve both this page and the Today page. Sorting by a
header sorts the rows *within* each group (one Python sort per group in the model, no
proxy); the groups keep their order. A reload replaces the rows (the lists are short:
the service caps the long groups) and the view keeps what the user set: expanded
groups, sort column, column widths, the current row.

`ClockWatch` says when what a list shows goes stale with the time alone: the local day
rolls over (today's items become yesterday's) or a planned item's time passes (it turns
overdue). It wakes at that moment, and at least once a minute (a sleeping laptop, a
changed system clock).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.clock import local_day, local_midnight
from crm_desktop.domain.kinds import ActivityKind, EntityKind, Priority
from crm_desktop.gui.activities import actions
from crm_desktop.gui.activities.common import (
    KINDS,
    LivePage,
    MenuToolButton,
    kind_text,
    overdue_color,
    priority_text,
)
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.resources import icon
from crm_desktop.services import activities as svc
from crm_desktop.services.activities import ActivityInput, ActivityView, TaskBucket, TaskList

_INDEX = QModelIndex | QPersistentModelIndex

VIEW_ROLE = Qt.ItemDataRole.UserRole + 1  # the ActivityView of an item row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the raw value of a cell
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3  # the key of a group row

_GROUP_ID = 0  # internalId of a group row; an item row holds its group's number + 1
_FAR = datetime.max.replace(tzinfo=UTC)
_RANK = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}
# what a list shows besides the activities themselves: names of clients, deals, users
_SHOWN_KINDS = (
    EntityKind.ACTIVITY,
    EntityKind.ORGANIZATION,
    EntityKind.PERSON,
    EntityKind.DEAL,
    EntityKind.USER,
)
ROW_HEIGHT_EXTRA = 12  # pixels above the font's height


class Column(IntEnum):
    DONE = 0
    SUBJECT = 1
    WHEN = 2
    CLIENT = 3
    DEAL = 4
    OWNER = 5
    PRIORITY = 6


def column_title(column: Column) -> str:
    return {
        Column.DONE: "",
        Column.SUBJECT: QCoreApplication.translate("Tasks", "Subject"),
        Column.WHEN: QCoreApplication.translate("Tasks", "When"),
        Column.CLIENT: QCoreApplication.translate("Tasks", "Client"),
        Column.DEAL: QCoreApplication.translate("Tasks", "Deal"),
        Column.OWNER: QCoreApplication.translate("Tasks", "Responsible"),
        Column.PRIORITY: QCoreApplication.translate("Tasks", "Priority"),
    }[column]


def bucket_title(bucket: TaskBucket) -> str:
    return {
        TaskBucket.OVERDUE: QCoreApplication.translate("Tasks", "Overdue"),
        TaskBucket.TODAY: QCoreApplication.translate("Tasks", "Today"),
        TaskBucket.TOMORROW: QCoreApplication.translate("Tasks", "Tomorrow"),
        TaskBucket.THIS_WEEK: QCoreApplication.translate("Tasks", "This week"),
        TaskBucket.LATER: QCoreApplication.translate("Tasks", "Later"),
        TaskBucket.NO_DATE: QCoreApplication.translate("Tasks", "No date"),
        TaskBucket.DONE: QCoreApplication.translate("Tasks", "Done"),
    }[bucket]


def group_heading(title: str, shown: int, total: int, locale: QLocale) -> str:
    """'Today (5)', or 'Overdue (showing 500 of 1,234)' when the list is capped."""
    if total > shown:
        return (
            QCoreApplication.translate("Tasks", "%1 (showing %2 of %3)")
            .replace("%1", title)
            .replace("%2", locale.toString(shown))
            .replace("%3", locale.toString(total))
        )
    return (
        QCoreApplication.translate("Tasks", "%1 (%2)")
        .replace("%1", title)
        .replace("%2", locale.toString(shown))
    )


def item_key(view: ActivityView) -> tuple[int, datetime | None]:
    """What identifies a row across reloads: the activity, and the occurrence of a series."""
    return view.id, view.occurrence_start


def moment_of(view: ActivityView, tz: Any) -> datetime:
    """When an item is (its start; a whole day: its local midnight; undated: far)."""
    if view.start_at is not None:
        return view.start_at
    if view.due_on is not None:
        return local_midnight(view.due_on, tz)
    return _FAR


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def when_text(view: ActivityView, tz: Any, today: date, locale: QLocale) -> str:
    """When an item is, per the locale: on today only the time ('14:30', 'All day');
    another day its date (and time): 'Fri 20 Nov 14:30'; a whole-day item a date only."""
    if view.start_at is not None:
        wall = view.start_at.astimezone(tz)
        day: date = wall.date()
        clock = locale.toString(QTime(wall.hour, wall.minute), QLocale.FormatType.ShortFormat)
    elif view.due_on is not None:
        day, clock = view.due_on, ""
    else:
        return ""
    if day == today:
        return clock or QCoreApplication.translate("Tasks", "All day")
    if day.year == today.year:
        text = locale.toString(_qdate(day), "ddd d MMM")
    else:
        text = locale.toString(_qdate(day), QLocale.FormatType.ShortFormat)
    return f"{text} {clock}" if clock else text


def alive(obj: QObject) -> bool:
    """False once the C++ side of a widget is gone: a background result may arrive after
    its window was closed and deleted."""
    return bool(shiboken6.isValid(obj))


def _muted() -> QColor:
    return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


# ------------------------------------------------------------------ the model


@dataclass(slots=True)
class Group:
    key: str  # TaskBucket value ('overdue', 'today' …)
    title: str
    items: list[ActivityView]
    total: int = 0  # all such items when `items` is capped (0: just these)
    alarm: bool = False  # the heading in the overdue colour
    natural: list[ActivityView] | None = None  # the order the service gave


class ActivityTreeModel(QAbstractItemModel):
    """Groups of activities: a header row per group, the activities under it."""

    toggle_requested = Signal(object)  # ActivityView: the user ticked/unticked "done"

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.strike_done = False  # done rows struck through (Today) or only muted (Tasks)
        self.alarm_columns: frozenset[Column] | None = None  # overdue colour: None = all
        self.tz: Any = UTC
        self.today = date.today()
        self.now = datetime.now(UTC)
        self.locale = QLocale()
        self._groups: list[Group] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- content

    def set_groups(self, groups: Iterable[Group], *, tz: Any, now: datetime) -> None:
        """Replace the rows (sorted as the header says); empty groups are left out."""
        self.beginResetModel()
        self.tz, self.now, self.today = tz, now, local_day(now, tz)
        self.locale = QLocale()
        self._groups = [g for g in groups if g.items]
        for g in self._groups:
            g.natural = list(g.items)
            self._sort_group(g)
        self.endResetModel()

    def groups(self) -> list[Group]:
        return list(self._groups)

    def group_keys(self) -> list[str]:
        return [g.key for g in self._groups]

    def items(self, key: str) -> list[ActivityView]:
        """The rows of a group as shown (sorted)."""
        return next((list(g.items) for g in self._groups if g.key == key), [])

    def view_at(self, index: _INDEX) -> ActivityView | None:
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return None
        group = self._groups[index.internalId() - 1]
        return group.items[index.row()] if 0 <= index.row() < len(group.items) else None

    def group_index(self, key: str) -> QModelIndex:
        for row, g in enumerate(self._groups):
            if g.key == key:
                return self.createIndex(row, 0, _GROUP_ID)
        return QModelIndex()

    def index_of(self, key: tuple[int, datetime | None], column: int = 0) -> QModelIndex:
        for number, g in enumerate(self._groups):
            for row, v in enumerate(g.items):
                if item_key(v) == key:
                    return self.createIndex(row, column, number + 1)
        return QModelIndex()

    def column_of(self, column: Column) -> int:
        return self.columns.index(column) if column in self.columns else -1

    def moments_of_change(self) -> list[datetime]:
        """When a shown item turns overdue (its end passes): the list is stale then."""
        out = []
        for g in self._groups:
            for v in g.items:
                if not v.is_done and not v.is_overdue and v.start_at is not None:
                    out.append(v.end_at or v.start_at)
        return out

    # -- the tree

    def index(self, row: int, column: int, parent: _INDEX = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(self.columns) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return (
                self.createIndex(row, column, _GROUP_ID)
                if row < len(self._groups)
                else (QModelIndex())
            )
        if parent.internalId() != _GROUP_ID or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if group >= len(self._groups) or row >= len(self._groups[group].items):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    def parent(self, index: _INDEX = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP_ID)

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP_ID and parent.column() == 0:
            return len(self._groups[parent.row()].items)
        return 0

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return len(self.columns)

    def hasChildren(self, parent: _INDEX = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _GROUP_ID:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()] is Column.DONE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.WHEN and Column.OWNER not in self.columns:
                return QCoreApplication.translate("Tasks", "Time")
            return column_title(column)
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.DONE:
            return QCoreApplication.translate("Tasks", "Done: tick to mark an activity done")
        return None

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP_ID:
            return self._group_data(self._groups[index.row()], index.column(), role)
        view = self.view_at(index)
        if view is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(view, column)
        if role == VIEW_ROLE:
            return view
        if role == SORT_ROLE:
            return self._sort_value(view, column)
        if role == Qt.ItemDataRole.CheckStateRole and column is Column.DONE:
            return Qt.CheckState.Checked if view.is_done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and column is Column.SUBJECT:
            return icon(view.kind.value)
        if role == Qt.ItemDataRole.ForegroundRole:
            if view.is_done:
                return _muted()
            if view.is_overdue and (self.alarm_columns is None or column in self.alarm_columns):
                return overdue_color()
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._font(view, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(view, column)
        return None

    def _group_data(self, group: Group, column: int, role: int) -> Any:
        if role == GROUP_ROLE:
            return group.key
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return group_heading(group.title, len(group.items), group.total, self.locale)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and group.alarm:
            return overdue_color()
        return None

    def _text(self, view: ActivityView, column: Column) -> str:
        if column is Column.SUBJECT:
            return view.subject
        if column is Column.WHEN:
            return when_text(view, self.tz, self.today, self.locale)
        if column is Column.CLIENT:
            return view.client_name
        if column is Column.DEAL:
            return view.deal_title or ""
        if column is Column.OWNER:
            return view.owner_name
        if column is Column.PRIORITY:
            return "" if view.priority is Priority.NORMAL else priority_text(view.priority)
        return ""

    def _sort_value(self, view: ActivityView, column: Column) -> Any:
        if column is Column.DONE:
            return (view.is_done, moment_of(view, self.tz))
        if column is Column.WHEN:
            return (moment_of(view, self.tz), view.start_at is not None)
        if column is Column.PRIORITY:
            return _RANK.get(view.priority, 1)
        text = self._text(view, column)
        return (not text, text.casefold())

    def _font(self, view: ActivityView, column: Column) -> QFont | None:
        strike = self.strike_done and view.is_done
        bold = column is Column.PRIORITY and view.priority is Priority.HIGH
        if not strike and not bold:
            return None
        font = QFont()
        font.setStrikeOut(strike and column is not Column.DONE)
        font.setBold(bold)
        return font

    def _tooltip(self, view: ActivityView, column: Column) -> str | None:
        if column is Column.DONE:
            return (
                QCoreApplication.translate("Tasks", "Mark as planned again")
                if view.is_done
                else QCoreApplication.translate("Tasks", "Mark as done")
            )
        if column is not Column.SUBJECT:
            return None
        lines = [f"{kind_text(view.kind)}: {view.subject}"]
        if view.is_series:
            lines.append(QCoreApplication.translate("Tasks", "Repeats"))
        if view.subtasks_total:
            lines.append(
                QCoreApplication.translate("Tasks", "Checklist: %1 of %2 done")
                .replace("%1", str(view.subtasks_done))
                .replace("%2", str(view.subtasks_total))
            )
        if view.description:
            lines.append(view.description.strip()[:300])
        if view.is_done and view.result:
            lines.append(
                QCoreApplication.translate("Tasks", "Result: %1").replace(
                    "%1", view.result.strip()[:300]
                )
            )
        return "\n".join(lines)

    def setData(self, index: _INDEX, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Ticking "done" asks (the result, the scope …): the row changes once it is saved."""
        view = self.view_at(index)
        if view is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if self.columns[index.column()] is not Column.DONE:
            return False
        self.toggle_requested.emit(view)
        return False

    # -- sorting (within each group; the groups keep their order)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        if not self._groups:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        keys = [(self.view_at(i), i.column()) for i in old]
        for g in self._groups:
            self._sort_group(g)
        new = [self.index_of(item_key(v), c) if v is not None else QModelIndex() for v, c in keys]
        kept = [(o, n) for o, n, (v, _c) in zip(old, new, keys, strict=True) if v is not None]
        if kept:
            self.changePersistentIndexList([o for o, _ in kept], [n for _, n in kept])
        self.layoutChanged.emit()

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    def _sort_group(self, group: Group) -> None:
        natural = group.natural if group.natural is not None else group.items
        if not 0 <= self._sort_column < len(self.columns):
            group.items = list(natural)
            return
        column = self.columns[self._sort_column]
        position = {id(v): n for n, v in enumerate(natural)}
        group.items = sorted(
            natural,
            key=lambda v: (self._sort_value(v, column), position[id(v)]),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )


# ------------------------------------------------------------------ the view


class RowDelegate(QStyledItemDelegate):
    """Rows a little taller than the font, so a list of the day reads easily."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _INDEX) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(
            size.width(), max(size.height(), option.fontMetrics.height() + ROW_HEIGHT_EXTRA)
        )


class SubjectDelegate(RowDelegate):
    """The subject with its kind icon, and at the right a repeat mark and the checklist
    progress ('2/5')."""

    GAP = 6

    def _adornments(self, view: ActivityView, option: QStyleOptionViewItem) -> tuple[str, int]:
        checklist = f"{view.subtasks_done}/{view.subtasks_total}" if view.subtasks_total else ""
        width = 0
        if view.is_series:
            width += 16 + self.GAP
        if checklist:
            width += 16 + 2 + option.fontMetrics.horizontalAdvance(checklist) + self.GAP
        return checklist, width

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _INDEX) -> None:
        view = index.data(VIEW_ROLE)
        if not isinstance(view, ActivityView):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        checklist, extra = self._adornments(view, opt)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        if not extra:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
            return
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        full = QRect(opt.rect)
        opt.rect = QRect(full.left(), full.top(), max(0, full.width() - extra), full.height())
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        # the marks follow the text (an elided text: at the right)
        text_width = opt.fontMetrics.horizontalAdvance(opt.text) + 2 * self.GAP
        x = text_rect.left() + min(text_width, max(0, text_rect.width()))
        top = full.top() + (full.height() - 16) // 2
        mode = (
            QIcon.Mode.Selected
            if opt.state & QStyle.StateFlag.State_Selected
            else QIcon.Mode.Normal
        )
        painter.save()
        if view.is_series:
            icon("recurring").paint(painter, QRect(x, top, 16, 16), mode=mode)
            x += 16 + self.GAP
        if checklist:
            icon("checklist").paint(painter, QRect(x, top, 16, 16), mode=mode)
            x += 18
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            painter.setPen(opt.palette.color(role))
            painter.setFont(opt.font)
            painter.drawText(
                QRect(x, full.top(), full.right() - x, full.height()),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                checklist,
            )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _INDEX) -> QSize:
        size = super().sizeHint(option, index)
        view = index.data(VIEW_ROLE)
        if isinstance(view, ActivityView):
            size.setWidth(size.width() + self._adornments(view, option)[1])
        return size


class TaskTree(QTreeView):
    """Groups of activities: double-click or Enter opens, Space or the box ticks done."""

    open_requested = Signal(object)  # ActivityView
    toggle_requested = Signal(object)  # ActivityView
    current_changed = Signal(object)  # ActivityView or None

    def __init__(self, model: ActivityTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.activities = model
        self.setModel(model)
        self.collapsed_groups: set[str] = set()
        self._shares: dict[Column, float] = {}
        self.setUniformRowHeights(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAllColumnsShowFocus(True)
        self.setWordWrap(False)
        self.setIndentation(14)
        self.setExpandsOnDoubleClick(False)
        self.setItemDelegate(RowDelegate(self))
        subject = model.column_of(Column.SUBJECT)
        if subject >= 0:
            self.setItemDelegateForColumn(subject, SubjectDelegate(self))
        header = self.header()
        header.setHighlightSections(False)
        header.setSortIndicatorClearable(True)  # a third click: back to the order by time
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        done = model.column_of(Column.DONE)
        if done >= 0:
            header.setSectionResizeMode(done, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(done, 2 * self.indentation() + 28 if done == 0 else 34)
        if subject >= 0:
            header.setSectionResizeMode(subject, QHeaderView.ResizeMode.Stretch)
        model.modelReset.connect(self._after_reset)
        model.toggle_requested.connect(self.toggle_requested)
        self.doubleClicked.connect(self._double_clicked)
        self.clicked.connect(self._clicked)
        self.expanded.connect(lambda index: self._remember(index, True))
        self.collapsed.connect(lambda index: self._remember(index, False))
        self.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.current_changed.emit(self.activities.view_at(current))
        )

    def set_widths(self, shares: dict[Column, float]) -> None:
        """The first widths, as shares of the view's width (the subject takes the rest);
        applied once the view has its size, unless the user's layout was restored."""
        self._shares = dict(shares)
        self._apply_shares()

    def _apply_shares(self) -> None:
        width = self.viewport().width()
        if not self._shares or width < 300 or not self.isVisible():
            return
        locale = QLocale()
        longest = (
            locale.toString(QDate(2026, 9, 30), "ddd d MMM")
            + " "
            + locale.toString(QTime(12, 45), QLocale.FormatType.ShortFormat)
        )
        for column, share in self._shares.items():
            section = self.activities.column_of(column)
            least = 60
            if column is Column.WHEN:  # a date and a time are never cut
                least = self.fontMetrics().horizontalAdvance(longest) + 24
            if section >= 0:
                self.header().resizeSection(section, max(least, int(width * share)))
        self._shares = {}

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_shares()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._apply_shares()

    def current_view(self) -> ActivityView | None:
        return self.activities.view_at(self.currentIndex())

    def select_key(self, key: tuple[int, datetime | None]) -> bool:
        index = self.activities.index_of(key)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    def visual_rect_of(self, key: tuple[int, datetime | None], column: Column) -> QRect:
        """Where a row's cell is on the viewport (tests click there)."""
        return self.visualRect(self.activities.index_of(key, self.activities.column_of(column)))

    def _after_reset(self) -> None:
        root = QModelIndex()
        for row in range(self.activities.rowCount()):
            self.setFirstColumnSpanned(row, root, True)
            index = self.activities.index(row, 0)
            key = str(index.data(GROUP_ROLE))
            self.setExpanded(index, key not in self.collapsed_groups)

    def _remember(self, index: QModelIndex, expanded: bool) -> None:
        key = index.data(GROUP_ROLE)
        if not isinstance(key, str):
            return
        if expanded:
            self.collapsed_groups.discard(key)
        else:
            self.collapsed_groups.add(key)

    def _double_clicked(self, index: QModelIndex) -> None:
        view = self.activities.view_at(index)
        if view is not None:
            self.open_requested.emit(view)

    def _clicked(self, index: QModelIndex) -> None:
        if index.data(GROUP_ROLE) is not None and self.itemsExpandable():
            self.setExpanded(index, not self.isExpanded(index))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        view = self.current_view()
        if view is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit(view)
            event.accept()
            return
        if view is not None and event.key() == Qt.Key.Key_Space:
            self.toggle_requested.emit(view)
            event.accept()
            return
        super().keyPressEvent(event)

    # -- state

    def save_state(self, settings: QSettings, prefix: str) -> None:
        settings.setValue(f"{prefix}/header", self.header().saveState())
        settings.setValue(f"{prefix}/collapsed", sorted(self.collapsed_groups))

    def restore_state(self, settings: QSettings, prefix: str) -> None:
        state = settings.value(f"{prefix}/header")
        if isinstance(state, QByteArray) and self.header().restoreState(state):
            self._shares = {}  # the user's widths
        collapsed = settings.value(f"{prefix}/collapsed")
        if isinstance(collapsed, str):
            collapsed = [collapsed]
        if isinstance(collapsed, list):
            self.collapsed_groups = {str(k) for k in collapsed}
        header = self.header()
        if self.isSortingEnabled():
            self.activities.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())


def toggle_done(ctx: AppContext, parent: QWidget | None, view: ActivityView) -> None:
    """The done box: ticking asks for the result; unticking plans the item again."""
    if view.is_done:
        actions.reopen(ctx, parent, view)
    else:
        actions.complete(ctx, parent, view)


# ------------------------------------------------------------------ time


class ClockWatch(QObject):
    """Emits `stale` when what a list shows changes with the time alone: the local day
    rolls over, or one of the watched moments (a planned item ends: it turns overdue)
    passes. Wakes at that moment and at least every `MAX_SLEEP_MS`."""

    stale = Signal()
    MAX_SLEEP_MS = 60_000
    MIN_SLEEP_MS = 500

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.day: date | None = None
        self.next_change: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)

    def watch(self, now: datetime, moments: Iterable[datetime]) -> None:
        """What a load showed: the day it was cut at `now`, the moments that change it."""
        self.day = local_day(now, self.ctx.clock.tz)
        self.next_change = min((m for m in moments if m > now), default=None)
        self._arm()

    @Slot()
    def check(self) -> bool:
        """Is what was loaded stale now? (Emits `stale`; otherwise sleeps again.)"""
        if self.day is None:
            return False
        now = self.ctx.clock.now()
        if local_day(now, self.ctx.clock.tz) != self.day or (
            self.next_change is not None and now >= self.next_change
        ):
            self.day = None
            self.timer.stop()
            self.stale.emit()
            return True
        self._arm()
        return False

    def _arm(self) -> None:
        if self.day is None:
            return
        now = self.ctx.clock.now()
        target = local_midnight(self.day + timedelta(days=1), self.ctx.clock.tz)
        if self.next_change is not None:
            target = min(target, self.next_change)
        ms = (target - now).total_seconds() * 1000 + 50
        self.timer.start(int(min(self.MAX_SLEEP_MS, max(self.MIN_SLEEP_MS, ms))))


# ------------------------------------------------------------------ filters


class OwnerFilter(QComboBox):
    """All users, or one: the responsible person whose activities a list shows."""

    owner_changed = Signal()

    def __init__(self, ctx: AppContext, settings_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings_key = settings_key
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(10)
        self.setToolTip(self.tr("Whose activities to show"))
        self.addItem(icon("contacts"), self.tr("All users"), None)
        saved = ctx.settings.value(settings_key)
        self._wanted: int | None = int(saved) if str(saved or "").isdigit() else None
        self._loaded = False
        self.setVisible(False)  # until the users are read: shown when there are several
        self.currentIndexChanged.connect(self._chosen)

    def owner_id(self) -> int | None:
        data = self.currentData()
        if isinstance(data, int):
            return data
        return None if self._loaded else self._wanted

    def owner_ids(self) -> tuple[int, ...]:
        owner = self.owner_id()
        return () if owner is None else (owner,)

    def load(self) -> None:
        """Read the users (in the background)."""
        from crm_desktop.services import deals

        ws = self.ctx.ws
        self.ctx.run(lambda _p: deals.users_for_assignment(ws), self._show, write=False)

    def _show(self, users: list[tuple[int, str]]) -> None:
        if not alive(self):
            return
        chosen = self.owner_id()
        self.blockSignals(True)
        while self.count() > 1:
            self.removeItem(1)
        for user_id, name in users:
            self.addItem(icon("person"), name, user_id)
        found = self.findData(chosen) if chosen is not None else 0
        self.setCurrentIndex(max(0, found))
        self.blockSignals(False)
        self._loaded = True
        self.setVisible(len(users) > 1)  # a sole trader has no one else to choose
        if chosen is not None and found < 0:
            self._chosen()

    def _chosen(self, *_args: object) -> None:
        self._loaded = True
        owner = self.owner_id()
        self.ctx.settings.setValue(self.settings_key, "" if owner is None else owner)
        self.owner_changed.emit()


class KindFilter(MenuToolButton):
    """A menu of the activity kinds to show, each checkable; at least one stays on."""

    kinds_changed = Signal()

    def __init__(self, ctx: AppContext, settings_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings_key = settings_key
        self.setIcon(icon("filter"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolTip(self.tr("Which kinds of activities to show"))
        saved = ctx.settings.value(settings_key)
        wanted = {str(v) for v in saved} if isinstance(saved, list) else None
        if isinstance(saved, str) and saved:
            wanted = {saved}
        self.menu_ = QMenu(self)
        self.kind_actions: dict[ActivityKind, QAction] = {}
        for kind in KINDS:
            act = self.menu_.addAction(icon(kind.value), kind_text(kind))
            act.setCheckable(True)
            act.setChecked(wanted is None or kind.value in wanted)
            act.toggled.connect(partial(self._toggled, act))
            self.kind_actions[kind] = act
        self.menu_.addSeparator()
        self.menu_.addAction(self.tr("Show all kinds"), self.select_all)
        self.setMenu(self.menu_)
        self._update_text()

    def kinds(self) -> tuple[ActivityKind, ...]:
        """The kinds chosen; () when all are (no filter)."""
        chosen = tuple(k for k, act in self.kind_actions.items() if act.isChecked())
        return () if len(chosen) == len(self.kind_actions) else chosen

    def set_kinds(self, kinds: Iterable[ActivityKind]) -> None:
        wanted = set(kinds)
        for kind, act in self.kind_actions.items():
            act.blockSignals(True)
            act.setChecked(not wanted or kind in wanted)
            act.blockSignals(False)
        self._changed()

    def select_all(self) -> None:
        self.set_kinds(())

    def _toggled(self, act: QAction, checked: bool) -> None:
        if not checked and not any(a.isChecked() for a in self.kind_actions.values()):
            act.blockSignals(True)
            act.setChecked(True)  # nothing at all is never what one means
            act.blockSignals(False)
            return
        self._changed()

    def _changed(self) -> None:
        chosen = self.kinds()
        self.ctx.settings.setValue(self.settings_key, [k.value for k in chosen])
        self._update_text()
        self.kinds_changed.emit()

    def _update_text(self) -> None:
        chosen = self.kinds()
        if not chosen:
            self.setText(self.tr("All kinds"))
        elif len(chosen) == 1:
            self.setText(kind_text(chosen[0]))
        else:
            self.setText(self.tr("%n kinds", "", len(chosen)))


# ------------------------------------------------------------------ the page

TASK_COLUMNS = (
    Column.DONE,
    Column.SUBJECT,
    Column.WHEN,
    Column.CLIENT,
    Column.DEAL,
    Column.OWNER,
    Column.PRIORITY,
)
TASK_WIDTHS = {
    Column.WHEN: 0.13,
    Column.CLIENT: 0.18,
    Column.DEAL: 0.16,
    Column.OWNER: 0.12,
    Column.PRIORITY: 0.07,
}
SHOW_DONE_KEY = "tasks/show_done"


def groups_of(tasks: TaskList) -> list[Group]:
    """The task list's groups as the tree shows them."""
    totals = {TaskBucket.OVERDUE: tasks.overdue_total, TaskBucket.NO_DATE: tasks.no_date_total}
    return [
        Group(
            bucket.value,
            bucket_title(bucket),
            list(items),
            totals.get(bucket, 0),
            alarm=bucket is TaskBucket.OVERDUE,
        )
        for bucket, items in tasks.groups()
    ]


class ActivityListPage(LivePage):
    """What the task list and Today share: a tree of activities (`tree`) whose owner
    filter (`owner_filter`) reads the users at the first showing (`owners_at_start`) or
    after the first list; it reads again when the activities or the names they show
    change, and when the clock passes a moment that changes a row (`clock_watch`)."""

    loaded = Signal()  # a list read from the base is on screen
    owners_at_start = True
    owner_filter: OwnerFilter
    tree: TaskTree

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.clock_watch = ClockWatch(ctx, self)
        self.clock_watch.stale.connect(self._stale)
        ctx.changed.connect(self._on_changed)

    def activate(self) -> None:
        if not self._started:
            self._started = True
            if self.owners_at_start:
                self.owner_filter.load()
            self.reload()
        elif self._dirty:
            self.reload()
        else:
            self.clock_watch.check()

    def toggle_view(self, view: ActivityView) -> None:
        toggle_done(self.ctx, self, view)

    def _shown(self, generation: int) -> bool:
        """Whether a read's answer is still wanted (the newest, the page still there)."""
        return alive(self) and generation == self._generation

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        owners_read = self._started if self.owners_at_start else self._loaded
        if changes.touches(EntityKind.USER) and owners_read:
            self.owner_filter.load()
        if any(changes.touches(kind) for kind in _SHOWN_KINDS):
            self._stale()


class TasksPage(ActivityListPage):
    """Every planned task, grouped by when it is due; done ones on request."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.title = self.tr("Tasks")
        self.icon_name = "tasks"
        self.setObjectName("tasksPage")
        self.tasks: TaskList | None = None
        self._select_after_load: tuple[int, datetime | None] | None = None

        self.model = ActivityTreeModel(TASK_COLUMNS, self)
        self.tree = TaskTree(self.model, self)
        self.tree.setObjectName("taskTree")
        self.tree.set_widths(TASK_WIDTHS)
        self.tree.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # by time
        self.tree.setSortingEnabled(True)
        self.tree.restore_state(ctx.settings, "tasks")
        self.empty = QLabel(self)
        self.empty.setObjectName("tasksEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)

        self._build_actions()
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("tasksToolbar")
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (self.new_action, self.open_action, self.done_action, self.delete_action):
            self.toolbar.addAction(act)

        self.owner_filter = OwnerFilter(ctx, "tasks/owner", self)
        self.owner_filter.setObjectName("tasksOwnerFilter")
        self.kind_filter = KindFilter(ctx, "tasks/kinds", self)
        self.kind_filter.setObjectName("tasksKindFilter")
        self.show_done = QCheckBox(self.tr("Show &done"), self)
        self.show_done.setObjectName("tasksShowDone")
        self.show_done.setToolTip(self.tr("Also list the tasks done lately"))
        self.show_done.setChecked(str(ctx.settings.value(SHOW_DONE_KEY, "false")) == "true")

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toolbar)
        top.addStretch(1)
        top.addWidget(self.owner_filter)
        top.addWidget(self.kind_filter)
        top.addSpacing(6)
        top.addWidget(self.show_done)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.owner_filter.owner_changed.connect(self.reload)
        self.kind_filter.kinds_changed.connect(self.reload)
        self.show_done.toggled.connect(self._show_done_toggled)
        self.tree.open_requested.connect(self.open_view)
        self.tree.toggle_requested.connect(self.toggle_view)
        self.tree.current_changed.connect(self._update_actions)
        self._update_actions()

    # ------------------------------------------------------------ page

    def command(self, name: str) -> None:
        if name in ("new_task", "new_activity"):
            self.new_task()

    def save_state(self, settings: QSettings) -> None:
        self.tree.save_state(settings, "tasks")

    # ---------------------------------------------------------- actions

    def _build_actions(self) -> None:
        self.new_action = self._action(self.tr("&New task…"), "new-activity", self.new_task)
        self.new_action.setToolTip(self.tr("Plan a task for today"))
        self.open_action = self._action(self.tr("&Open…"), "edit", self.open_current)
        self.done_action = self._action(self.tr("Mark &done…"), "done", self.done_current)
        self.delete_action = self._action(self.tr("&Delete…"), "delete", self.delete_current)
        self.delete_action.setShortcut(Qt.Key.Key_Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.tree.addAction(self.delete_action)

    def _action(self, text: str, icon_name: str, slot: Callable[[], object]) -> QAction:
        act = QAction(icon(icon_name), text, self)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _update_actions(self, *_args: object) -> None:
        view = self.tree.current_view()
        self.open_action.setEnabled(view is not None)
        self.done_action.setEnabled(view is not None and not view.is_done)
        self.delete_action.setEnabled(view is not None)

    def new_task(self) -> QWidget:
        today = local_day(self.ctx.clock.now(), self.ctx.clock.tz)
        preset = ActivityInput(
            subject="",
            kind=ActivityKind.TODO,
            due_on=today,
            all_day=True,
            owner_id=self.owner_filter.owner_id(),
        )
        return actions.new_activity(self.ctx, self, preset, self._saved)

    def open_view(self, view: ActivityView) -> QWidget:
        return actions.edit_activity(self.ctx, self, view, self._saved)

    def open_current(self) -> None:
        view = self.tree.current_view()
        if view is not None:
            self.open_view(view)

    def done_current(self) -> None:
        view = self.tree.current_view()
        if view is not None and not view.is_done:
            actions.complete(self.ctx, self, view)

    def delete_current(self) -> None:
        view = self.tree.current_view()
        if view is not None:
            actions.trash(self.ctx, self, view)

    def _saved(self, view: ActivityView) -> None:
        self._select_after_load = item_key(view)

    # ------------------------------------------------------------ data

    def _show_done_toggled(self, on: bool) -> None:
        self.ctx.settings.setValue(SHOW_DONE_KEY, "true" if on else "false")
        self.reload()

    def reload(self) -> None:
        """Read the list again (in the background); a newer request wins."""
        generation = self._next_read()
        ws, clock = self.ctx.ws, self.ctx.clock
        owners = self.owner_filter.owner_ids()
        kinds = self.kind_filter.kinds()
        include_done = self.show_done.isChecked()

        def op(_p: object) -> tuple[TaskList, datetime]:
            now = clock.now()
            return svc.task_list(
                ws, owner_ids=owners, kinds=kinds, include_done=include_done, clock=clock
            ), now

        self.ctx.run(op, lambda result: self._show(generation, *result), write=False)

    def _show(self, generation: int, tasks: TaskList, now: datetime) -> None:
        if not self._shown(generation):
            return
        current = self.tree.current_view()
        wanted = self._select_after_load or (item_key(current) if current is not None else None)
        self._select_after_load = None
        scroll = self.tree.verticalScrollBar().value()
        self.tasks = tasks
        self.model.set_groups(groups_of(tasks), tz=self.ctx.clock.tz, now=now)
        self.tree.verticalScrollBar().setValue(scroll)
        if wanted is not None:
            self.tree.select_key(wanted)
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.tree)
        else:
            self.empty.setText(self._empty_text())
            self.stack.setCurrentWidget(self.empty)
        self._update_actions()
        self.clock_watch.watch(now, self.model.moments_of_change())
        self._loaded = True
        self.loaded.emit()

    def _empty_text(self) -> str:
        if self.owner_filter.owner_ids() or self.kind_filter.kinds():
            return self.tr("No tasks match the filter.")
        return self.tr("No tasks planned. Plan one with “New task”.")


__all__ = [
    "ActivityListPage",
    "ActivityTreeModel",
    "ClockWatch",
    "Column",
    "Group",
    "KindFilter",
    "OwnerFilter",
    "TaskTree",
    "TasksPage",
    "alive",
    "toggle_done",
    "when_text",
]
