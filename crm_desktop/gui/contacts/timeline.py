"""The history of a card: calls, meetings, notes, deal events and edits in one list.

`TimelineModel` holds the entries newest first and loads older pages in the
background when the view scrolls to the bottom (``canFetchMore``/``fetchMore``
with ``before=`` the oldest loaded moment). `TimelineDelegate` paints each entry
with its icon on a vertical line, a title and a detail line, and a date group
header ("Today", "Yesterday", "This week", a month) above the first entry of a
group. Planned entries are outlined; overdue ones use a warning colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.resources import icon
from crm_desktop.services.timeline import ARROW, TimelineEntry, timeline

_INDEX = QModelIndex | QPersistentModelIndex

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the TimelineEntry
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2  # the second line
TIME_ROLE = Qt.ItemDataRole.UserRole + 3  # the short date/time at the right
HEADER_ROLE = Qt.ItemDataRole.UserRole + 4  # group title above this row, or ""
STATUS_ROLE = Qt.ItemDataRole.UserRole + 5  # "planned", "overdue" or ""
PERSON_ROLE = Qt.ItemDataRole.UserRole + 6  # the person's name on organization timelines
AT_ROLE = Qt.ItemDataRole.UserRole + 7  # the moment (aware datetime), for sorting and tests
STATUS_TEXT_ROLE = Qt.ItemDataRole.UserRole + 8  # "Planned" / "Overdue", translated

PAGE_SIZE = 100


def kind_label(icon_name: str) -> str:
    """What an entry is, for the tooltip ('Outgoing call', 'Note', 'Deal stage changed')."""
    labels = {
        "call_out": QCoreApplication.translate("TimelineModel", "Outgoing call"),
        "call_in": QCoreApplication.translate("TimelineModel", "Incoming call"),
        "email": QCoreApplication.translate("TimelineModel", "Email"),
        "fax": QCoreApplication.translate("TimelineModel", "Fax"),
        "letter": QCoreApplication.translate("TimelineModel", "Letter"),
        "meeting_presentation": QCoreApplication.translate("TimelineModel", "Presentation"),
        "meeting_negotiation": QCoreApplication.translate("TimelineModel", "Negotiations"),
        "todo": QCoreApplication.translate("TimelineModel", "To-do"),
        "note": QCoreApplication.translate("TimelineModel", "Note"),
        "deal": QCoreApplication.translate("TimelineModel", "New deal"),
        "stage": QCoreApplication.translate("TimelineModel", "Deal stage changed"),
        "edit": QCoreApplication.translate("TimelineModel", "Card changed"),
        "merge": QCoreApplication.translate("TimelineModel", "Cards merged"),
        "trash": QCoreApplication.translate("TimelineModel", "Moved to the trash"),
        "restore": QCoreApplication.translate("TimelineModel", "Restored from the trash"),
        "create": QCoreApplication.translate("TimelineModel", "Card created"),
    }
    return labels.get(icon_name, "")


def field_label(name: str) -> str:
    """The UI label of a field named as in the audit log ('city' → 'city')."""
    labels = {
        "name": QCoreApplication.translate("TimelineModel", "name"),
        "full_name": QCoreApplication.translate("TimelineModel", "name"),
        "last_name": QCoreApplication.translate("TimelineModel", "last name"),
        "first_name": QCoreApplication.translate("TimelineModel", "first name"),
        "middle_name": QCoreApplication.translate("TimelineModel", "middle name"),
        "organization_id": QCoreApplication.translate("TimelineModel", "organization"),
        "position": QCoreApplication.translate("TimelineModel", "position"),
        "department": QCoreApplication.translate("TimelineModel", "department"),
        "inn": QCoreApplication.translate("TimelineModel", "INN"),
        "kpp": QCoreApplication.translate("TimelineModel", "KPP"),
        "ogrn": QCoreApplication.translate("TimelineModel", "OGRN"),
        "address": QCoreApplication.translate("TimelineModel", "address"),
        "city": QCoreApplication.translate("TimelineModel", "city"),
        "website": QCoreApplication.translate("TimelineModel", "website"),
        "industry": QCoreApplication.translate("TimelineModel", "industry"),
        "segment": QCoreApplication.translate("TimelineModel", "segment"),
        "source": QCoreApplication.translate("TimelineModel", "source"),
        "interests": QCoreApplication.translate("TimelineModel", "interests"),
        "notes": QCoreApplication.translate("TimelineModel", "notes"),
        "is_key_client": QCoreApplication.translate("TimelineModel", "key client"),
        "owner_id": QCoreApplication.translate("TimelineModel", "responsible manager"),
        "phones": QCoreApplication.translate("TimelineModel", "phones"),
        "emails": QCoreApplication.translate("TimelineModel", "emails"),
        "tags": QCoreApplication.translate("TimelineModel", "tags"),
        "birthday": QCoreApplication.translate("TimelineModel", "birthday"),
    }
    return labels.get(name, name.replace("_", " "))


def entry_title(entry: TimelineEntry) -> str:
    """The first line: user data as it is, or a sentence for an edit of the card."""
    if entry.kind != "audit":
        return entry.title or kind_label(entry.icon)
    if entry.icon == "edit" and entry.title:
        return QCoreApplication.translate("TimelineModel", "Changed %1").replace(
            "%1", field_label(entry.title)
        )
    return kind_label(entry.icon) or entry.title


def _value_text(field: str, value: str) -> str:
    """An audit value as people read it: yes/no for flags, a local date for dates."""
    if not value:
        return "—"
    if field == "is_key_client" and value in ("True", "False"):
        return (
            QCoreApplication.translate("TimelineModel", "yes")
            if value == "True"
            else QCoreApplication.translate("TimelineModel", "no")
        )
    day = QDate.fromString(value, Qt.DateFormat.ISODate)
    if len(value) == 10 and day.isValid():
        return QLocale().toString(day, QLocale.FormatType.ShortFormat)
    return value


def entry_detail(entry: TimelineEntry) -> str:
    """The second line; a change of the card reads 'old → new' with '—' for nothing."""
    detail = entry.detail
    if entry.kind != "audit" or entry.icon != "edit" or ARROW.strip() not in detail:
        return detail
    old, _arrow, new = detail.partition(ARROW.strip())
    return f"{_value_text(entry.title, old.strip())}{ARROW}{_value_text(entry.title, new.strip())}"


def _local(at: datetime) -> datetime:
    return at.astimezone() if at.tzinfo is not None else at


def _qdatetime(at: datetime) -> QDateTime:
    local = _local(at)
    return QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second)
    )


@dataclass(frozen=True, slots=True)
class _Row:
    entry: TimelineEntry
    group: tuple[int, int, int]  # sortable group key
    header: str  # the group's title (shown above the first row of the group)
    time_text: str


class TimelineModel(QAbstractListModel):
    """The entries of one card's timeline, newest first, fetched a page at a time."""

    fetching_changed = Signal(bool)  # a page is being loaded in the background
    page_loaded = Signal(int)  # rows added by the last page

    def __init__(self, ctx: AppContext | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page_size = PAGE_SIZE
        self.show_person = False
        self._rows: list[_Row] = []
        self._source: tuple[EntityKind, int] | None = None
        self._has_more = False
        self._fetching = False
        self._generation = 0
        self._today = QDate.currentDate()
        self._now = datetime.now().astimezone()

    # ------------------------------------------------------------ filling

    def set_entries(
        self,
        kind: EntityKind | None,
        entity_id: int,
        entries: list[TimelineEntry],
        *,
        show_person: bool = False,
    ) -> None:
        """Replace the rows with the first page of a card's timeline."""
        self._generation += 1
        self._today = QDate.currentDate()
        self._now = datetime.now().astimezone()
        self.beginResetModel()  # another card, or a reload of this one
        self._source = None if kind is None else (kind, entity_id)
        self.show_person = show_person
        self._rows = self._make_rows(entries, [])
        # A page may be shorter than asked (the service ends it where one of its sources
        # was cut); only an empty page says for sure that there is nothing older.
        self._has_more = kind is not None and bool(entries)
        self.endResetModel()
        if self._fetching:
            self._fetching = False
            self.fetching_changed.emit(False)

    def clear(self) -> None:
        self.set_entries(None, 0, [])

    def entry(self, row: int) -> TimelineEntry | None:
        return self._rows[row].entry if 0 <= row < len(self._rows) else None

    def entries(self) -> list[TimelineEntry]:
        return [r.entry for r in self._rows]

    @property
    def fetching(self) -> bool:
        return self._fetching

    @property
    def has_more(self) -> bool:
        return self._has_more

    def _append(self, generation: int, entries: list[TimelineEntry]) -> None:
        if generation != self._generation:
            return  # the card was reloaded or changed meanwhile
        # strictly older than what is loaded (the service never splits one moment's
        # entries between pages, so nothing is repeated or skipped)
        oldest = self._rows[-1].entry.at if self._rows else None
        fresh = [e for e in entries if oldest is None or e.at < oldest]
        self._has_more = bool(fresh)
        if fresh:
            rows = self._make_rows(fresh, self._rows)
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._fetching = False
        self.fetching_changed.emit(False)
        self.page_loaded.emit(len(fresh))

    def _failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._has_more = False
        self.fetching_changed.emit(False)
        if self.ctx is not None:
            self.ctx.show_error(exc, details)

    # ------------------------------------------------------------ groups

    def _make_rows(self, entries: list[TimelineEntry], before: list[_Row]) -> list[_Row]:
        rows: list[_Row] = []
        previous = before[-1].group if before else None
        for entry in entries:
            group, title = self._group(entry)
            rows.append(
                _Row(
                    entry=entry,
                    group=group,
                    header=title if group != previous else "",
                    time_text=self._time_text(entry, group),
                )
            )
            previous = group
        return rows

    def _group(self, entry: TimelineEntry) -> tuple[tuple[int, int, int], str]:
        local = _local(entry.at)
        day = QDate(local.year, local.month, local.day)
        today = self._today
        if entry.at > self._now and day > today:
            return (9, 0, 0), self.tr("Upcoming")
        if day >= today:
            return (8, 0, 0), self.tr("Today")
        if day == today.addDays(-1):
            return (7, 0, 0), self.tr("Yesterday")
        if day >= today.addDays(1 - today.dayOfWeek()):
            return (6, 0, 0), self.tr("Earlier this week")
        locale = QLocale()
        month = locale.standaloneMonthName(day.month(), QLocale.FormatType.LongFormat)
        month = month[:1].upper() + month[1:]
        if day.year() == today.year():
            return (5, day.year(), day.month()), month
        return (5, day.year(), day.month()), self.tr("%1 %2").replace("%1", month).replace(
            "%2", str(day.year())
        )

    def _time_text(self, entry: TimelineEntry, group: tuple[int, int, int]) -> str:
        locale = QLocale()
        moment = _qdatetime(entry.at)
        time = locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
        date = moment.date()
        if group[0] in (7, 8):  # today, yesterday: the header says the day
            return time
        if group[0] == 9:
            if date == self._today.addDays(1):
                return self.tr("tomorrow, %1").replace("%1", time)
            pattern = "d MMM" if date.year() == self._today.year() else "d MMM yyyy"
            return (
                self.tr("%1, %2").replace("%1", locale.toString(date, pattern)).replace("%2", time)
            )
        if group[0] == 6:
            return self.tr("%1, %2").replace("%1", locale.toString(date, "ddd")).replace("%2", time)
        return self.tr("%1, %2").replace("%1", locale.toString(date, "d MMM")).replace("%2", time)

    # ------------------------------------------------------------ the model

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        entry = row.entry
        if role == Qt.ItemDataRole.DisplayRole:
            return entry_title(entry)
        if role == DETAIL_ROLE:
            return entry_detail(entry)
        if role == TIME_ROLE:
            return row.time_text
        if role == HEADER_ROLE:
            return row.header
        if role == STATUS_ROLE:
            return _status(entry)
        if role == STATUS_TEXT_ROLE:
            texts = {
                "overdue": self.tr("Overdue"),
                "planned": self.tr("Planned"),
                "won": self.tr("Won"),
                "lost": self.tr("Lost"),
            }
            return texts.get(_status(entry), "")
        if role == PERSON_ROLE:
            return entry.person_name if self.show_person else ""
        if role == AT_ROLE:
            return entry.at
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(entry.icon)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                self.tr("%1, %2: %3")
                .replace("%1", row.time_text)
                .replace("%2", kind_label(entry.icon))
                .replace("%3", entry_title(entry))
            )
        return None

    def _tooltip(self, entry: TimelineEntry) -> str:
        lines = [
            self.tr("%1 — %2")
            .replace("%1", kind_label(entry.icon))
            .replace("%2", QLocale().toString(_qdatetime(entry.at), QLocale.FormatType.LongFormat)),
            entry_title(entry),
        ]
        if entry.detail:
            lines.append(entry_detail(entry))
        if entry.person_name and self.show_person:
            lines.append(self.tr("Contact: %1").replace("%1", entry.person_name))
        if entry.owner:
            lines.append(self.tr("By %1").replace("%1", entry.owner))
        status = _status(entry)
        if status == "overdue":
            lines.append(self.tr("Overdue: planned and not done yet"))
        elif status == "planned":
            lines.append(self.tr("Planned"))
        return "\n".join(line for line in lines if line)

    # ---------------------------------------------------------- fetching

    def canFetchMore(self, parent: _INDEX) -> bool:
        return (
            not parent.isValid()
            and self._source is not None
            and self._has_more
            and not self._fetching
            and self.ctx is not None
            and bool(self._rows)
        )

    def fetchMore(self, parent: _INDEX) -> None:
        if not self.canFetchMore(parent) or self.ctx is None or self._source is None:
            return
        kind, entity_id = self._source
        before = self._rows[-1].entry.at  # the service returns entries strictly older
        limit = self.page_size
        generation = self._generation
        ws = self.ctx.ws
        self._fetching = True
        self.fetching_changed.emit(True)
        self.ctx.run(
            lambda _progress: timeline(ws, kind, entity_id, limit=limit, before=before),
            lambda entries: self._append(generation, entries),
            write=False,
            on_failure=lambda exc, details: self._failed(generation, exc, details),
        )


def _status(entry: TimelineEntry) -> str:
    """'overdue', 'planned', 'won', 'lost' (a deal closed by this entry) or ''."""
    if entry.overdue:
        return "overdue"
    if entry.planned:
        return "planned"
    if entry.kind in ("stage_change", "deal") and entry.stage_kind in ("won", "lost"):
        return entry.stage_kind
    return ""


def success_color(palette: QPalette) -> QColor:
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#58d68d") if dark else QColor("#1e8449")


def warning_color(palette: QPalette) -> QColor:
    """An orange-red readable on the palette's base (light or dark theme)."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#ff8a65") if dark else QColor("#c0392b")


def muted_color(palette: QPalette) -> QColor:
    color = palette.color(QPalette.ColorRole.PlaceholderText)
    text = palette.color(QPalette.ColorRole.Text)
    if abs(color.lightness() - palette.color(QPalette.ColorRole.Base).lightness()) < 60:
        color = QColor(text)
        color.setAlpha(150)
    return color


class TimelineDelegate(QStyledItemDelegate):
    """Icon on a vertical line, title and time, detail and person, a status chip."""

    PAD_X = 10
    PAD_Y = 7
    CIRCLE = 28
    ICON = 18
    GAP = 10

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        header = QFont(option.font)
        header.setBold(True)
        header.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        return title, small, header

    def _header_height(self, option: QStyleOptionViewItem) -> int:
        return QFontMetrics(self._fonts(option)[2]).height() + 18

    def _two_lines(self, index: _INDEX) -> bool:
        return bool(index.data(DETAIL_ROLE) or index.data(PERSON_ROLE) or index.data(STATUS_ROLE))

    def sizeHint(self, option: QStyleOptionViewItem, index: _INDEX) -> QSize:
        title, small, _header = self._fonts(option)
        text = QFontMetrics(title).height()
        if self._two_lines(index):
            text += 3 + QFontMetrics(small).height()
        height = max(self.CIRCLE, text) + 2 * self.PAD_Y
        if index.data(HEADER_ROLE):
            height += self._header_height(option)
        return QSize(240, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _INDEX) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        title_font, small_font, header_font = self._fonts(option)
        rect = QRect(option.rect)
        muted = muted_color(palette)
        warn = warning_color(palette)
        accent = palette.color(QPalette.ColorRole.Highlight)
        text_color = palette.color(QPalette.ColorRole.Text)

        header = str(index.data(HEADER_ROLE) or "")
        if header:
            height = self._header_height(option)
            band = QRect(rect.left(), rect.top(), rect.width(), height)
            painter.setFont(header_font)
            painter.setPen(muted)
            text_rect = band.adjusted(self.PAD_X + 2, 8, -self.PAD_X, -4)
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, header
            )
            used = QFontMetrics(header_font).horizontalAdvance(header)
            line_y = text_rect.center().y() + 1
            line_pen = QPen(palette.color(QPalette.ColorRole.Mid))
            line_pen.setWidthF(0.6)
            painter.setPen(line_pen)
            start = text_rect.left() + used + 10
            if start < text_rect.right():
                painter.drawLine(start, line_y, text_rect.right(), line_y)
            rect.setTop(rect.top() + height)

        status = str(index.data(STATUS_ROLE) or "")
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        card = QRectF(rect.adjusted(4, 2, -4, -2))
        if selected or hovered:
            fill = QColor(accent)
            fill.setAlpha(60 if selected else 22)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(card, 6, 6)
        tones = {
            "overdue": warn,
            "planned": accent,
            "won": success_color(palette),
            "lost": muted,
        }
        tone = tones.get(status, palette.color(QPalette.ColorRole.Mid))
        if status in ("planned", "overdue"):
            pen = QPen(tone)
            pen.setWidthF(1.0)
            if status == "planned":
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            if status == "overdue" and not selected:
                tint = QColor(warn)
                tint.setAlpha(18)
                painter.setBrush(tint)
            else:
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

        # the line of the timeline and the icon in its circle
        cx = rect.left() + self.PAD_X + self.CIRCLE // 2
        cy = rect.top() + self.PAD_Y + self.CIRCLE // 2
        line_pen = QPen(palette.color(QPalette.ColorRole.Mid))
        line_pen.setWidthF(1.0)
        painter.setPen(line_pen)
        if not header:
            painter.drawLine(cx, option.rect.top(), cx, cy)
        model = index.model()
        last = index.row() == model.rowCount() - 1
        if not last or (isinstance(model, TimelineModel) and model.has_more):
            painter.drawLine(cx, cy, cx, rect.bottom() + 1)
        circle = QRectF(
            cx - self.CIRCLE / 2, cy - self.CIRCLE / 2, self.CIRCLE, self.CIRCLE
        ).adjusted(0.5, 0.5, -0.5, -0.5)
        ring = QPen(tone)
        ring.setWidthF(1.2)
        if status == "planned":
            ring.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(ring)
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawEllipse(circle)
        decoration = index.data(Qt.ItemDataRole.DecorationRole)
        if decoration is not None and not decoration.isNull():
            half = self.ICON // 2
            decoration.paint(painter, QRect(cx - half, cy - half, self.ICON, self.ICON))

        # the text
        left = rect.left() + self.PAD_X + self.CIRCLE + self.GAP
        right = rect.right() - self.PAD_X
        width = max(0, right - left)
        title_fm = QFontMetrics(title_font)
        small_fm = QFontMetrics(small_font)
        two = self._two_lines(index)
        block = title_fm.height() + (3 + small_fm.height() if two else 0)
        top = rect.top() + self.PAD_Y + max(0, (max(self.CIRCLE, block) - block) // 2)

        time_text = str(index.data(TIME_ROLE) or "")
        time_width = small_fm.horizontalAdvance(time_text)
        painter.setFont(small_font)
        painter.setPen(warn if status == "overdue" else muted)
        time_rect = QRect(right - time_width, top, time_width, title_fm.height())
        painter.drawText(
            time_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, time_text
        )

        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.setFont(title_font)
        painter.setPen(warn if status == "overdue" else text_color)
        title_width = max(0, width - time_width - 12)
        painter.drawText(
            QRect(left, top, title_width, title_fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title_fm.elidedText(title, Qt.TextElideMode.ElideRight, title_width),
        )
        if not two:
            painter.restore()
            return

        line_top = top + title_fm.height() + 3
        line_right = right
        chip = str(index.data(STATUS_TEXT_ROLE) or "")
        painter.setFont(small_font)
        if chip:
            chip_width = small_fm.horizontalAdvance(chip) + 14
            chip_rect = QRectF(
                right - chip_width, line_top, chip_width, small_fm.height()
            ).adjusted(0, -1, 0, 1)
            color = tone
            pen = QPen(color)
            pen.setWidthF(1.0)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(chip_rect, chip_rect.height() / 2, chip_rect.height() / 2)
            painter.drawText(chip_rect, Qt.AlignmentFlag.AlignCenter, chip)
            line_right = right - chip_width - 8

        detail = str(index.data(DETAIL_ROLE) or "").replace("\n", " ")
        person = str(index.data(PERSON_ROLE) or "")
        x = left
        available = max(0, line_right - left)
        if person:
            person_text = small_fm.elidedText(
                person, Qt.TextElideMode.ElideRight, min(available, max(available // 2, 120))
            )
            person_font = QFont(small_font)
            person_font.setItalic(True)
            painter.setFont(person_font)
            painter.setPen(muted)
            person_width = QFontMetrics(person_font).horizontalAdvance(person_text)
            if detail:
                # the person goes at the end of the line, after the detail
                painter.drawText(
                    QRect(line_right - person_width, line_top, person_width, small_fm.height()),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    person_text,
                )
                available = max(0, available - person_width - 12)
            else:
                painter.drawText(
                    QRect(x, line_top, person_width, small_fm.height()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    person_text,
                )
            painter.setFont(small_font)
        if detail:
            painter.setPen(text_color if selected else muted)
            painter.drawText(
                QRect(x, line_top, available, small_fm.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                small_fm.elidedText(detail, Qt.TextElideMode.ElideRight, available),
            )
        painter.restore()


class TimelineView(QListView):
    """The list of a timeline: variable row heights, smooth scrolling, hover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(TimelineDelegate(self))
        self.setUniformItemSizes(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(False)
