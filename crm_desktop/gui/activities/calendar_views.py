"""The calendar's views: the time grid (day, week, work week), the month grid and the
agenda list.

Painting. The time grid and the month grid are single widgets painted with
``QPainter`` — no widget per activity. The layout of a load (which day an item falls
on, its minutes, its column inside a cluster of overlapping items) is computed once
in ``set_data``; a paint turns minutes into pixels for the items whose rows are
visible and elides their texts through a cache (cleared on a new load or a resize).
So a week with 500 items or a month with 5,000 costs what the visible ones cost.

Interactions. Both grids speak the same signals to the page: ``create_requested``
(an empty slot or day was clicked or swept), ``move_requested`` (a block was dragged
or its bottom edge pulled; the page saves it), ``open_requested`` (double click,
Enter), ``trash_requested`` (Delete), ``menu_requested`` (right click) and
``day_requested`` (a day's header, its number or its "+N more": show it in Day
mode). A drag is drawn as a ghost over the faded original and can be cancelled with
Esc; moves snap to 15 minutes.

Time. Items come as aware UTC moments; the views cut days and hours in ``tz``
(the page gives ``ctx.clock.tz``) and take "now" from the page's clock.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QLineF,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from crm_desktop.domain.clock import at_local, local_midnight
from crm_desktop.gui.activities.common import (
    OVERDUE_COLOR,
    capitalized,
    kind_color,
    kind_text,
    overdue_color,
    to_qdate,
)
from crm_desktop.gui.resources import icon
from crm_desktop.services.activities import ActivityView

_INDEX = QModelIndex | QPersistentModelIndex
ItemKey = tuple[int, datetime | None]  # (id, occurrence_start): one item of a load

DAY_MINUTES = 24 * 60
SLOT_MINUTES = 30  # a click on an empty slot plans this long
SNAP_MINUTES = 15  # drags move and resize in steps of this
MIN_BLOCK_MINUTES = 30  # a shorter item is drawn (and packed) this tall
EDGE_PX = 5  # the bottom edge of a block that resizes it
START_HOUR = 8  # the time grid opens scrolled here
NEW_ITEM_TIME = time(9)  # a click in a month's day plans at this time
ALLDAY_ROWS = {True: 6, False: 3}  # whole-day rows shown in the strip: (one day, several)

ACCENT = QColor("#2f6fd6")
NOW_COLOR = QColor("#e53935")
MUTED = QColor("#687483")


# ------------------------------------------------------------------ helpers


def item_key(view: ActivityView) -> ItemKey:
    return view.id, view.occurrence_start


def mix(a: QColor, b: QColor, share: float) -> QColor:
    """`share` of `a` over `b`."""
    return QColor.fromRgbF(
        a.redF() * share + b.redF() * (1 - share),
        a.greenF() * share + b.greenF() * (1 - share),
        a.blueF() * share + b.blueF() * (1 - share),
    )


def time_text(locale: QLocale, minute: int) -> str:
    """A wall-clock time of the locale ('09:30', '9:30 AM'); 1440 is midnight."""
    minute %= DAY_MINUTES
    return locale.toString(QTime(minute // 60, minute % 60), QLocale.FormatType.ShortFormat)


def hour_text(locale: QLocale, hour: int) -> str:
    """An hour label: '09:00', or '9 AM' where the locale counts in AM/PM."""
    short = locale.timeFormat(QLocale.FormatType.ShortFormat)
    if "a" in short.lower():
        spaced = "h\u202fAP" if "\u202f" in short else "h AP"
        return locale.toString(QTime(hour % 24, 0), spaced)
    return locale.toString(QTime(hour % 24, 0), QLocale.FormatType.ShortFormat)


def _wall(moment: datetime, tz: tzinfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def _minute_of(wall: datetime) -> int:
    return wall.hour * 60 + wall.minute


def _snap(minutes: float, step: int = SNAP_MINUTES) -> int:
    return round(minutes / step) * step


def when_text(view: ActivityView, tz: tzinfo, locale: QLocale) -> str:
    """'Mon, Nov 23, 2026, 09:30 – 10:00' or 'Mon, Nov 23, 2026, all day'."""
    if view.start_at is None:
        if view.due_on is None:
            return QCoreApplication.translate("CalendarViews", "No date")
        day = locale.toString(to_qdate(view.due_on), QLocale.FormatType.LongFormat)
        return QCoreApplication.translate("CalendarViews", "%1, all day").replace("%1", day)
    start = _wall(view.start_at, tz)
    text = locale.toString(to_qdate(start.date()), QLocale.FormatType.LongFormat)
    text += ", " + time_text(locale, _minute_of(start))
    if view.end_at is not None and view.end_at > view.start_at:
        end = _wall(view.end_at, tz)
        text += " – "
        if end.date() != start.date() and not (
            end.time() == time(0) and end.date() == start.date() + timedelta(1)
        ):
            text += locale.toString(to_qdate(end.date()), QLocale.FormatType.ShortFormat) + " "
        text += time_text(locale, _minute_of(end))
    return text


def tooltip_text(view: ActivityView, tz: tzinfo, locale: QLocale) -> str:
    """Everything about an item, for the tooltip (rich text)."""
    rows = [f"<b>{html.escape(view.subject)}</b>", html.escape(kind_text(view.kind))]
    rows.append(html.escape(when_text(view, tz, locale)))
    for label, value in (
        (QCoreApplication.translate("CalendarViews", "Client: %1"), view.client_name),
        (QCoreApplication.translate("CalendarViews", "Deal: %1"), view.deal_title),
        (QCoreApplication.translate("CalendarViews", "Responsible: %1"), view.owner_name),
        (QCoreApplication.translate("CalendarViews", "Where: %1"), view.location),
    ):
        if value:
            rows.append(html.escape(label.replace("%1", value)))
    if view.is_series:
        rows.append(html.escape(QCoreApplication.translate("CalendarViews", "Repeats")))
    if view.subtasks_total:
        rows.append(
            html.escape(
                QCoreApplication.translate("CalendarViews", "Checklist: %1 of %2 done")
                .replace("%1", locale.toString(view.subtasks_done))
                .replace("%2", locale.toString(view.subtasks_total))
            )
        )
    if view.is_done:
        rows.append(html.escape(QCoreApplication.translate("CalendarViews", "Done")))
        if view.result:
            result = QCoreApplication.translate("CalendarViews", "Result: %1")
            rows.append(html.escape(result.replace("%1", view.result)))
    elif view.is_overdue:
        overdue = html.escape(QCoreApplication.translate("CalendarViews", "Overdue"))
        rows.append(f"<span style='color:{OVERDUE_COLOR}'>{overdue}</span>")
    if view.description:
        text = view.description if len(view.description) <= 300 else view.description[:300] + "…"
        rows.append(f"<i>{html.escape(text)}</i>")
    return "<br>".join(rows)


@dataclass(frozen=True, slots=True)
class _Colors:
    fill: QColor
    bar: QColor
    text: QColor


class _Style:
    """Colours and fonts of a paint, derived from the palette and the font once per load."""

    def __init__(self, widget: QWidget) -> None:
        pal = widget.palette()
        self.base = pal.color(QPalette.ColorRole.Base)
        self.window = pal.color(QPalette.ColorRole.Window)
        self.text = pal.color(QPalette.ColorRole.Text)
        self.muted = mix(self.text, self.base, 0.55)
        self.line = mix(self.text, self.base, 0.16)
        self.half_line = mix(self.text, self.base, 0.07)
        self.weekend = mix(self.text, self.base, 0.025)
        self.off_hours = QColor(self.text)  # over the hours outside the working day
        self.off_hours.setAlpha(16)
        self.today = mix(ACCENT, self.base, 0.06)
        self.header = mix(self.window, self.base, 0.5)
        self.other_month = mix(self.window, self.base, 0.7)
        self.font = QFont(widget.font())
        self.fm = QFontMetrics(self.font)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.bold_fm = QFontMetrics(self.bold)
        self.small = QFont(self.font)
        self.small.setPointSizeF(max(6.0, self.font.pointSizeF() * 0.88))
        self.small_fm = QFontMetrics(self.small)
        self.small_bold = QFont(self.small)
        self.small_bold.setBold(True)
        self.small_bold_fm = QFontMetrics(self.small_bold)
        self.big = QFont(self.font)
        self.big.setPointSizeF(self.font.pointSizeF() * 1.35)
        self.big_fm = QFontMetrics(self.big)
        self._colors: dict[tuple[str, bool], _Colors] = {}
        self.overdue_pen = QPen(overdue_color(), 2)
        self._dots: dict[int, QPixmap] = {}
        self.selected_pen = QPen(ACCENT, 2)
        size = max(10, self.small_fm.height() - 3)
        self.icon_size = size
        self.icons: dict[str, QPixmap] = {
            name: icon(name).pixmap(QSize(size, size)) for name in ("warning", "done", "recurring")
        }

    def dot(self, color: QColor) -> QPixmap:
        """A small round mark of `color` (drawn once, then reused)."""
        key = color.rgba()
        found = self._dots.get(key)
        if found is None:
            ratio = 2.0
            found = QPixmap(int(7 * ratio), int(7 * ratio))
            found.setDevicePixelRatio(ratio)
            found.fill(Qt.GlobalColor.transparent)
            p = QPainter(found)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawEllipse(QRectF(0.5, 0.5, 6, 6))
            p.end()
            self._dots[key] = found
        return found

    def colors(self, view: ActivityView) -> _Colors:
        key = (view.kind.value, view.is_done)
        found = self._colors.get(key)
        if found is None:
            kc = kind_color(view.kind)
            if view.is_done:
                found = _Colors(mix(kc, self.base, 0.07), mix(kc, self.base, 0.4), self.muted)
            else:
                found = _Colors(mix(kc, self.base, 0.17), kc, mix(kc, self.text, 0.25).darker(135))
            self._colors[key] = found
        return found


def _draw_badges(painter: QPainter, style: _Style, view: ActivityView, rect: QRectF) -> float:
    """The overdue / done / recurring marks at the top right of `rect`; returns the width taken."""
    names = []
    if view.is_overdue and not view.is_done:
        names.append("warning")
    if view.is_done:
        names.append("done")
    if view.is_series:
        names.append("recurring")
    size = style.icon_size
    if not names or rect.width() < size * (len(names) + 2):
        return 0.0
    x = rect.right() - size
    y = rect.top() + max(0.0, (min(rect.height(), style.fm.height()) - size) / 2)
    for name in names:
        painter.drawPixmap(QPointF(x, y), style.icons[name])
        x -= size + 2
    return float(len(names) * (size + 2))


def _badge_count(view: ActivityView) -> int:
    return int(view.is_overdue and not view.is_done) + int(view.is_done) + int(view.is_series)


def _paint_item_box(
    painter: QPainter,
    style: _Style,
    view: ActivityView,
    rect: QRectF,
    colors: _Colors,
    selected: bool,
) -> None:
    """A block's or a bar's box: a light fill, a solid bar on the left, a red frame when
    overdue, a blue one when selected (square corners: plain fills paint fastest)."""
    painter.fillRect(rect, colors.fill)
    painter.fillRect(QRectF(rect.x(), rect.y(), 3, rect.height()), colors.bar)
    if view.is_overdue and not view.is_done:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(style.overdue_pen)
        painter.drawRect(rect.adjusted(0.5, 0.5, -1.5, -1.5))
    if selected:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(style.selected_pen)
        painter.drawRect(rect.adjusted(1, 1, -2, -2))


# ------------------------------------------------------------------ the time grid


@dataclass(slots=True)
class Block:
    """A timed item's part on one day of the grid."""

    view: ActivityView
    key: ItemKey
    day: int  # column
    start: int  # minutes from the day's midnight
    end: int
    shown_end: int  # at least start + MIN_BLOCK_MINUTES (and at most the day's end)
    first: bool  # holds the item's start
    last: bool  # holds the item's end
    col: int = 0
    cols: int = 1


def _pack(blocks: list[Block]) -> None:
    """Side by side: each cluster of overlapping blocks shares the day's width."""
    blocks.sort(key=lambda b: (b.start, -b.shown_end))
    cluster: list[Block] = []
    column_ends: list[int] = []
    cluster_end = -1
    for block in blocks:
        if cluster and block.start >= cluster_end:
            for member in cluster:
                member.cols = len(column_ends)
            cluster, column_ends = [], []
        for col, end in enumerate(column_ends):
            if end <= block.start:
                block.col = col
                column_ends[col] = block.shown_end
                break
        else:
            block.col = len(column_ends)
            column_ends.append(block.shown_end)
        cluster.append(block)
        cluster_end = max(cluster_end, block.shown_end) if len(cluster) > 1 else block.shown_end
    for member in cluster:
        member.cols = len(column_ends)


class DayClock:
    """Where aware moments fall on consecutive local days of `tz`: (day index, wall-clock
    minute). Days without a daylight-saving change (all but two a year) are answered by
    arithmetic on timestamps; the others through the zone."""

    def __init__(self, days: Sequence[date], tz: tzinfo) -> None:
        self.first = days[0]
        self.count = len(days)
        self.tz = tz
        self.edges = [
            local_midnight(days[0] + timedelta(days=n), tz).timestamp()
            for n in range(self.count + 1)
        ]
        self.plain = [self.edges[n + 1] - self.edges[n] == 86400 for n in range(self.count)]

    def locate(self, moment: datetime) -> tuple[int, int]:
        stamp = moment.timestamp()
        index = bisect_right(self.edges, stamp) - 1
        if 0 <= index < self.count and self.plain[index]:
            return index, int((stamp - self.edges[index]) // 60)
        wall = _wall(moment, self.tz)
        return (wall.date() - self.first).days, _minute_of(wall)

    def span(self, view: ActivityView) -> tuple[int, int, int, int]:
        """A timed item's first day and minute, last day and minute (an end at a midnight
        is minute 1440 of the day before)."""
        assert view.start_at is not None
        first, start = self.locate(view.start_at)
        if view.end_at is None or view.end_at <= view.start_at:
            return first, start, first, start
        last, end = self.locate(view.end_at)
        if end == 0:
            last, end = last - 1, DAY_MINUTES
        return first, start, last, end


def layout_days(
    days: Sequence[date], views: Sequence[ActivityView], tz: tzinfo
) -> tuple[list[list[Block]], list[list[ActivityView]]]:
    """Timed blocks (packed) and whole-day items per day of `days` (consecutive)."""
    timed: list[list[Block]] = [[] for _ in days]
    whole: list[list[ActivityView]] = [[] for _ in days]
    if not days:
        return timed, whole
    first = days[0]
    count = len(days)
    clock = DayClock(days, tz)
    for view in views:
        if view.start_at is None:
            if view.due_on is not None and 0 <= (view.due_on - first).days < count:
                whole[(view.due_on - first).days].append(view)
            continue
        si, sm, ei, em = clock.span(view)
        if ei < 0 or si >= count:
            continue
        key = item_key(view)
        for index in range(max(si, 0), min(ei, count - 1) + 1):
            s = sm if index == si else 0
            e = em if index == ei else DAY_MINUTES
            shown = min(DAY_MINUTES, max(e, s + MIN_BLOCK_MINUTES))
            timed[index].append(Block(view, key, index, s, e, shown, index == si, index == ei))
    for blocks in timed:
        _pack(blocks)
    return timed, whole


@dataclass(slots=True)
class _Hit:
    kind: str  # header, allday, more, allday_empty, block, edge, slot, none
    day: int = -1
    minute: int = 0
    block: Block | None = None
    view: ActivityView | None = None


@dataclass(slots=True)
class _Drag:
    mode: str  # create, move, resize, allday_click, day_click
    press: QPoint
    day: int
    minute: int = 0  # create: the anchor slot; move: minutes grabbed after the start
    view: ActivityView | None = None
    block: Block | None = None
    active: bool = False
    # the target
    to_day: int = -1
    to_start: int | None = None  # None: the all-day strip
    to_end: int = 0


class TimeGridView(QAbstractScrollArea):
    """Days side by side: a header, a strip of whole-day items, 24 hour rows."""

    create_requested = Signal(object, object)  # start (datetime | date), end (datetime | None)
    open_requested = Signal(object)  # ActivityView
    move_requested = Signal(object, object, object)  # view, new start (datetime | date), end
    trash_requested = Signal(object)  # ActivityView
    menu_requested = Signal(object, object, QPoint)  # view or None, slot (or None), global pos
    day_requested = Signal(object)  # date
    selection_changed = Signal(object)  # ActivityView or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarTimeGrid")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.days: list[date] = []
        self.tz: tzinfo = UTC
        self.now = datetime(2000, 1, 1, tzinfo=UTC)
        self.today = date(2000, 1, 1)
        self.locale_ = QLocale()
        self.timed: list[list[Block]] = []
        self.whole: list[list[ActivityView]] = []
        self.selected: ItemKey | None = None
        self._style = _Style(self)
        self._texts: dict[
            tuple[ItemKey, int, int, int], tuple[tuple[tuple[bool, str], ...], bool]
        ] = {}
        self._strip_texts: dict[tuple[ItemKey, int, int], str] = {}
        self._hour_labels: dict[int, str] = {}
        self._clock_texts: dict[int, str] = {}
        self._serial = -1
        self._allday_rows = 1
        self._drag: _Drag | None = None
        self._scrolled = False
        # the working day (minutes after midnight): the hours outside it are shaded and
        # the grid opens scrolled to its start (settings: work_day_start/_end)
        self.work_hours: tuple[int, int] = (9 * 60, 18 * 60)
        self.now_source: Callable[[], datetime] | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(60_000)
        self._tick.timeout.connect(self._tick_now)
        self._update_metrics()

    # ------------------------------------------------------------- data

    def set_data(
        self,
        days: Sequence[date],
        views: Sequence[ActivityView],
        tz: tzinfo,
        now: datetime,
        locale: QLocale | None = None,
        serial: int = -1,
    ) -> None:
        """Show `views` on `days` (laid out now, once). `serial` names the items' content:
        the texts drawn for the same serial are reused (-1: new content)."""
        locale = locale or self.locale()
        if serial < 0 or serial != self._serial or locale != self.locale_:
            self._texts.clear()
            self._strip_texts.clear()
            self._hour_labels.clear()
            self._clock_texts.clear()
        self._serial = serial
        self.days = list(days)
        self.tz = tz
        self.now = now
        self.today = now.astimezone(tz).date()
        self.locale_ = locale
        self.timed, self.whole = layout_days(self.days, views, tz)
        cap = ALLDAY_ROWS[len(self.days) == 1]
        most = max((len(w) for w in self.whole), default=0)
        self._allday_rows = max(1, min(most, cap))
        if self.selected is not None and self.find_item(self.selected) is None:
            self.selected = None
        self._update_metrics()
        self._update_scrollbar()
        if not self._scrolled:
            self._scrolled = True
            self.scroll_to_minute(max(0, min(START_HOUR * 60, self.work_hours[0]) - 15))
        self.viewport().update()

    def items(self) -> list[ActivityView]:
        """Every item shown (a whole-day item once, a timed one once), in day order."""
        seen: set[ItemKey] = set()
        out: list[ActivityView] = []
        for day in range(len(self.days)):
            for view in self.day_items(day):
                key = item_key(view)
                if key not in seen:
                    seen.add(key)
                    out.append(view)
        return out

    def day_items(self, day: int) -> list[ActivityView]:
        """A day's items: whole-day first, then by start (the keyboard's order)."""
        timed = sorted(self.timed[day], key=lambda b: (b.start, b.col))
        return [*self.whole[day], *(b.view for b in timed)]

    def find_item(self, key: ItemKey) -> ActivityView | None:
        for blocks in self.timed:
            for block in blocks:
                if block.key == key:
                    return block.view
        for views in self.whole:
            for view in views:
                if item_key(view) == key:
                    return view
        return None

    def selected_view(self) -> ActivityView | None:
        return self.find_item(self.selected) if self.selected is not None else None

    def select(self, view: ActivityView | None) -> None:
        _select(self, view)

    # --------------------------------------------------------- geometry

    def _update_metrics(self) -> None:
        s = self._style
        self.hour_h = max(40, 2 * (s.fm.height() + 7))
        self.line_h = s.fm.height() + 5
        self.header_h = s.small_fm.height() + s.big_fm.height() + 12
        label = max(
            s.small_fm.horizontalAdvance(hour_text(self.locale_, h)) for h in (0, 11, 12, 23)
        )
        all_day = s.small_fm.horizontalAdvance(
            QCoreApplication.translate("CalendarViews", "All day")
        )
        self.gutter = max(label + 16, all_day + 14, 52)
        self.allday_h = self._allday_rows * self.line_h + 6

    @property
    def top(self) -> int:
        return self.header_h + self.allday_h

    def day_width(self) -> float:
        return max(1.0, (self.viewport().width() - self.gutter) / max(1, len(self.days)))

    def day_x(self, day: int) -> float:
        return self.gutter + day * self.day_width()

    def y_of(self, minute: float) -> float:
        return self.top + minute * self.hour_h / 60 - self.verticalScrollBar().value()

    def minute_at(self, y: float) -> float:
        return (y - self.top + self.verticalScrollBar().value()) * 60 / self.hour_h

    def day_at(self, x: float) -> int:
        if not self.days:
            return -1
        return max(0, min(len(self.days) - 1, int((x - self.gutter) // self.day_width())))

    def _update_scrollbar(self) -> None:
        visible = max(0, self.viewport().height() - self.top)
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, 24 * self.hour_h - visible))
        bar.setPageStep(max(1, visible))
        bar.setSingleStep(max(1, self.hour_h // 2))

    def scroll_to_minute(self, minute: int) -> None:
        self.verticalScrollBar().setValue(int(minute * self.hour_h / 60))

    def ensure_minutes_visible(self, start: int, end: int) -> None:
        bar = self.verticalScrollBar()
        visible = max(1, self.viewport().height() - self.top)
        top = int(start * self.hour_h / 60)
        bottom = int(end * self.hour_h / 60)
        if top < bar.value():
            bar.setValue(top)
        elif bottom > bar.value() + visible:
            bar.setValue(min(top, bottom - visible))

    def block_rect(self, block: Block) -> QRectF:
        width = self.day_width() - 6
        col_w = width / max(1, block.cols)
        x = self.day_x(block.day) + 1 + block.col * col_w
        y = self.y_of(block.start)
        h = max(4.0, (block.shown_end - block.start) * self.hour_h / 60 - 1)
        return QRectF(x, y, max(2.0, col_w - 1), h)

    def allday_rect(self, day: int, row: int) -> QRectF:
        return QRectF(
            self.day_x(day) + 2,
            self.header_h + 3 + row * self.line_h,
            self.day_width() - 5,
            self.line_h - 2,
        )

    def _allday_shown(self, day: int) -> tuple[list[ActivityView], int]:
        """The whole-day items drawn in a day's strip and how many more there are."""
        views = self.whole[day]
        if len(views) <= self._allday_rows:
            return views, 0
        shown = self._allday_rows - 1
        return views[:shown], len(views) - shown

    # --------------------------------------------------------- for tests

    def slot_point(self, day: date, minute: int) -> QPoint:
        """The middle of the 15 minutes from `minute` on `day`, scrolled into view."""
        self.ensure_minutes_visible(minute, minute + SNAP_MINUTES)
        index = self.days.index(day)
        return QPoint(
            int(self.day_x(index) + self.day_width() / 2),
            int(self.y_of(minute + SNAP_MINUTES / 2)),
        )

    def allday_point(self, day: date) -> QPoint:
        """A point of the whole-day strip of `day` below its items."""
        index = self.days.index(day)
        rows = len(self._allday_shown(index)[0])
        y = self.header_h + 3 + rows * self.line_h + self.line_h // 2
        if rows >= self._allday_rows:  # full: the right end of the strip is empty of nothing
            y = self.header_h + self.allday_h - 2
        return QPoint(int(self.day_x(index) + self.day_width() / 2), min(y, self.top - 2))

    def item_rect(self, view: ActivityView) -> QRect:
        """Where an item is drawn (its first part), scrolled into view; empty if not shown."""
        key = item_key(view)
        for day, _views in enumerate(self.whole):
            shown, _more = self._allday_shown(day)
            for row, other in enumerate(shown):
                if item_key(other) == key:
                    return self.allday_rect(day, row).toAlignedRect()
        for blocks in self.timed:
            for block in blocks:
                if block.key == key:
                    self.ensure_minutes_visible(block.start, block.shown_end)
                    return self.block_rect(block).toAlignedRect()
        return QRect()

    def drag_preview(self) -> tuple[date, int | None, int] | None:
        """Where the item being dragged (or the range being swept) would go now: the day,
        the start minute (None: the whole-day strip) and the end minute."""
        drag = self._drag
        if drag is None or not drag.active or drag.to_day < 0:
            return None
        return self.days[drag.to_day], drag.to_start, drag.to_end

    def block_at_slot(self, day: date, minute: int) -> ActivityView | None:
        index = self.days.index(day)
        return next((b.view for b in self.timed[index] if b.start <= minute < b.shown_end), None)

    # ----------------------------------------------------------- hits

    def hit(self, pos: QPoint) -> _Hit:
        x, y = pos.x(), pos.y()
        if not self.days or x < self.gutter:
            return _Hit("none")
        day = self.day_at(x)
        if y < self.header_h:
            return _Hit("header", day)
        if y < self.top:
            shown, more = self._allday_shown(day)
            row = int((y - self.header_h - 3) // self.line_h)
            if 0 <= row < len(shown) and self.allday_rect(day, row).contains(QPointF(pos)):
                return _Hit("allday", day, view=shown[row])
            if more and row == len(shown):
                return _Hit("more", day)
            return _Hit("allday_empty", day)
        minute = self.minute_at(y)
        for block in reversed(self.timed[day]):
            rect = self.block_rect(block)
            if rect.contains(QPointF(pos)):
                edge = block.last and rect.height() >= 12 and rect.bottom() - y <= EDGE_PX
                return _Hit("edge" if edge else "block", day, int(minute), block, block.view)
        return _Hit("slot", day, max(0, min(DAY_MINUTES - 1, int(minute))))

    # ---------------------------------------------------------- events

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._texts.clear()
        self._strip_texts.clear()
        self._update_scrollbar()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._tick.start()

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self._tick.stop()

    def _tick_now(self) -> None:
        if self.now_source is not None:
            self.now = self.now_source()
            self.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._style = _Style(self)
            self._texts.clear()
            self._strip_texts.clear()
            self._update_metrics()
            self._update_scrollbar()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.hit(event.pos())
            _show_tooltip(self, event, found.view, found.kind == "more")
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        found = self.hit(pos)
        if found.kind in ("block", "edge") and found.block is not None:
            block = found.block
            self.select(block.view)
            if found.kind == "edge":
                self._drag = _Drag("resize", pos, block.day, view=block.view, block=block)
            else:
                assert block.view.start_at is not None
                grabbed = self._wall_at(found.day, found.minute) - _wall(
                    block.view.start_at, self.tz
                )
                minutes = int(grabbed.total_seconds() // 60)
                self._drag = _Drag("move", pos, found.day, minutes, block.view, block)
        elif found.kind == "allday" and found.view is not None:
            self.select(found.view)
            self._drag = _Drag("move", pos, found.day, 0, found.view)
        elif found.kind == "slot":
            anchor = found.minute // SLOT_MINUTES * SLOT_MINUTES
            self.select(None)
            self._drag = _Drag("create", pos, found.day, anchor, active=True)
            self._drag.to_day, self._drag.to_start = found.day, anchor
            self._drag.to_end = anchor + SLOT_MINUTES
            self.viewport().update()
        elif found.kind == "allday_empty":
            self.select(None)
            self._drag = _Drag("allday_click", pos, found.day)
        elif found.kind in ("header", "more"):
            self._drag = _Drag("day_click", pos, found.day)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        drag = self._drag
        if drag is None:
            found = self.hit(pos)
            shape = (
                Qt.CursorShape.SizeVerCursor
                if found.kind == "edge"
                else Qt.CursorShape.PointingHandCursor
                if found.kind in ("header", "more")
                else Qt.CursorShape.ArrowCursor
            )
            self.viewport().setCursor(shape)
            return
        if not drag.active:
            if (pos - drag.press).manhattanLength() < QApplication.startDragDistance():
                return
            if drag.mode not in ("move", "resize"):
                return
            drag.active = True
            self.viewport().setCursor(
                Qt.CursorShape.SizeVerCursor
                if drag.mode == "resize"
                else Qt.CursorShape.ClosedHandCursor
            )
        self._track(drag, pos)
        self.viewport().update()

    def _track(self, drag: _Drag, pos: QPoint) -> None:
        minute = self.minute_at(pos.y())
        edge = self.hour_h // 4
        if self.top <= pos.y() < self.top + edge:  # scroll along while dragging near the edges
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - edge)
        elif pos.y() > self.viewport().height() - edge:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + edge)
        if drag.mode == "create":
            current = max(0, min(DAY_MINUTES - 1, int(minute))) // SLOT_MINUTES * SLOT_MINUTES
            drag.to_day = drag.day
            drag.to_start = min(drag.minute, current)
            drag.to_end = max(drag.minute, current) + SLOT_MINUTES
        elif drag.mode == "resize" and drag.block is not None:
            block = drag.block
            low = block.start + SNAP_MINUTES if block.first else SNAP_MINUTES
            drag.to_day = block.day
            drag.to_start = block.start
            drag.to_end = max(low, min(DAY_MINUTES, _snap(minute)))
        elif drag.mode == "move" and drag.view is not None:
            day = self.day_at(pos.x())
            drag.to_day = day
            if self.header_h <= pos.y() < self.top:
                drag.to_start, drag.to_end = None, 0  # onto the whole-day strip
                return
            view = drag.view
            start = max(0, min(DAY_MINUTES - SNAP_MINUTES, _snap(minute - drag.minute)))
            drag.to_start = start
            if view.start_at is not None and view.end_at is not None:
                length = int((view.end_at - view.start_at).total_seconds() // 60)
            elif view.start_at is not None:
                length = 0
            else:
                length = SLOT_MINUTES  # a whole-day item dropped on a time gets 30 minutes
            drag.to_end = start + length

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        self.viewport().unsetCursor()
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        pos = event.position().toPoint()
        self.viewport().update()
        if drag.mode == "create":
            assert drag.to_start is not None
            day = self.days[drag.day]
            self.create_requested.emit(
                self._moment(day, drag.to_start), self._moment(day, drag.to_end)
            )
        elif drag.mode == "allday_click":
            if self.hit(pos).kind == "allday_empty" and self.day_at(pos.x()) == drag.day:
                self.create_requested.emit(self.days[drag.day], None)
        elif drag.mode == "day_click":
            found = self.hit(pos)
            if found.kind in ("header", "more") and found.day == drag.day:
                self.day_requested.emit(self.days[drag.day])
        elif drag.active and drag.view is not None:
            self._finish_move(drag)

    def _finish_move(self, drag: _Drag) -> None:
        view = drag.view
        assert view is not None
        day = self.days[drag.to_day]
        if drag.mode == "resize":
            assert view.start_at is not None
            end = self._moment(day, drag.to_end)
            if end != view.end_at:
                self.move_requested.emit(view, view.start_at, end)
            return
        if drag.to_start is None:
            if view.due_on != day or view.start_at is not None:
                self.move_requested.emit(view, day, None)
            return
        start = self._moment(day, drag.to_start)
        if view.start_at is None:
            self.move_requested.emit(view, start, None)
            return
        if start != view.start_at:
            length = view.end_at - view.start_at if view.end_at is not None else None
            self.move_requested.emit(view, start, start + length if length is not None else None)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        _double_click(self, event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        found = self.hit(event.pos())
        slot: datetime | date | None = None
        if found.view is not None:
            self.select(found.view)
        elif found.kind == "slot":
            slot = self._moment(self.days[found.day], found.minute // SLOT_MINUTES * SLOT_MINUTES)
        elif found.kind == "allday_empty":
            slot = self.days[found.day]
        else:
            return
        self.menu_requested.emit(found.view, slot, event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _key_pressed(self, event.key()):
            super().keyPressEvent(event)

    def reveal(self, view: ActivityView) -> None:
        if view.start_at is not None:
            key = item_key(view)
            for blocks in self.timed:
                for block in blocks:
                    if block.key == key:
                        self.ensure_minutes_visible(block.start, block.shown_end)
                        return

    def _order_minute(self, view: ActivityView) -> int:
        return _minute_of(_wall(view.start_at, self.tz)) if view.start_at is not None else -1

    # ---------------------------------------------------------- helpers

    def _wall_at(self, day: int, minute: int) -> datetime:
        return datetime.combine(self.days[day], time()) + timedelta(minutes=minute)

    def _moment(self, day: date, minute: int) -> datetime:
        """The aware UTC moment of a wall-clock minute of `day` (1440: the next midnight)."""
        if minute >= DAY_MINUTES:
            return local_midnight(day + timedelta(days=1), self.tz)
        return at_local(day, time(minute // 60, minute % 60), self.tz)

    # ------------------------------------------------------------ paint

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        try:
            self._paint(painter, event.rect())
        finally:
            painter.end()

    def _hour_label(self, hour: int) -> str:
        found = self._hour_labels.get(hour)
        if found is None:
            found = self._hour_labels[hour] = hour_text(self.locale_, hour)
        return found

    def _paint(self, painter: QPainter, exposed: QRect) -> None:
        s = self._style
        w, h = self.viewport().width(), self.viewport().height()
        top = self.top
        painter.fillRect(QRect(0, 0, w, h), s.base)
        if not self.days:
            return
        scroll = self.verticalScrollBar().value()
        ppm = self.hour_h / 60
        gutter = self.gutter
        dw = self.day_width()
        first_minute = max(0, int((max(top, exposed.top()) - top + scroll) / ppm) - 1)
        last_minute = min(DAY_MINUTES, int((exposed.bottom() - top + scroll) / ppm) + 1)
        painter.save()
        painter.setClipRect(QRect(0, top, w, h - top))
        for n, day in enumerate(self.days):  # weekends and today tinted
            tint = s.today if day == self.today else s.weekend if day.weekday() >= 5 else None
            if tint is not None:
                painter.fillRect(QRectF(gutter + n * dw, top, dw, h - top), tint)
        work_start, work_end = self.work_hours  # the hours outside the working day shaded
        for a, b in ((0, work_start), (work_end, DAY_MINUTES)):
            if b > a:
                y0, y1 = top + a * ppm - scroll, top + b * ppm - scroll
                painter.fillRect(QRectF(gutter, y0, w - gutter, y1 - y0), s.off_hours)
        hours = range(first_minute // 60, last_minute // 60 + 1)
        painter.setPen(s.line)
        painter.drawLines(
            [
                QLineF(gutter - 6, y, w, y)
                for y in (round(top + hour * self.hour_h - scroll) + 0.5 for hour in hours if hour)
            ]
        )
        painter.setPen(QPen(s.half_line, 1, Qt.PenStyle.DotLine))
        half = self.hour_h // 2
        painter.drawLines(
            [
                QLineF(gutter, y, w, y)
                for y in (round(top + hour * self.hour_h + half - scroll) + 0.5 for hour in hours)
            ]
        )
        painter.setPen(s.line)
        painter.drawLines(
            [
                QLineF(x, top, x, h)
                for x in (round(gutter + n * dw) + 0.5 for n in range(len(self.days) + 1))
            ]
        )
        painter.setFont(s.small)
        painter.setPen(s.muted)
        label_h = s.small_fm.height()
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for hour in hours:
            if hour:
                y = top + hour * self.hour_h - scroll
                painter.drawText(
                    QRectF(0, y - label_h / 2, gutter - 9, label_h), right, self._hour_label(hour)
                )
        # the blocks: only those whose minutes are exposed
        drag = self._drag
        moving = drag.view if drag is not None and drag.active else None
        moving_key = item_key(moving) if moving is not None else None
        room = dw - 6
        for column, blocks in enumerate(self.timed):
            x0 = gutter + column * dw + 1
            for block in blocks:
                if block.shown_end <= first_minute or block.start >= last_minute:
                    continue
                cw = room / block.cols
                rect = QRectF(
                    x0 + block.col * cw,
                    top + block.start * ppm - scroll,
                    max(2.0, cw - 1),
                    max(4.0, (block.shown_end - block.start) * ppm - 1),
                )
                self._paint_block(painter, block, rect, block.key == moving_key)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._paint_now(painter)
        if drag is not None and drag.active and drag.to_start is not None:
            self._paint_ghost(painter, drag)
        painter.restore()
        self._paint_header(painter, w)
        if drag is not None and drag.active and drag.to_start is None and drag.view is not None:
            rect = self.allday_rect(
                drag.to_day, min(len(self.whole[drag.to_day]), self._allday_rows - 1)
            )
            self._paint_ghost_rect(painter, rect, drag.view, drag.view.subject)

    def _paint_block(self, painter: QPainter, block: Block, rect: QRectF, faded: bool) -> None:
        s = self._style
        view = block.view
        colors = s.colors(view)
        if faded:
            painter.setOpacity(0.35)
        _paint_item_box(painter, s, view, rect, colors, block.key == self.selected)
        if rect.height() >= s.small_fm.height() - 2 and rect.width() > 12:
            lines, badges = self._text_lines(block, rect.width(), rect.height())
            if badges:
                _draw_badges(painter, s, view, rect.adjusted(6, 1, -3, -1))
            painter.setPen(colors.text)
            x = rect.x() + 6
            y = rect.y() + 1 + s.small_fm.ascent()
            line_h = s.small_fm.height()
            for bold, text in lines:
                painter.setFont(s.small_bold if bold else s.small)
                painter.drawText(QPointF(x, y), text)
                y += line_h
        if faded:
            painter.setOpacity(1.0)

    def _clock_text(self, minute: int) -> str:
        found = self._clock_texts.get(minute)
        if found is None:
            found = self._clock_texts[minute] = time_text(self.locale_, minute)
        return found

    def _block_lines(self, block: Block) -> tuple[str, str, str]:
        view = block.view
        start = self._clock_text(block.start) if block.first else "…"
        end = self._clock_text(block.end) if block.last else "…"
        span = start if block.end == block.start else f"{start} – {end}"
        return view.subject, span, view.client_name

    def _text_lines(
        self, block: Block, width: float, height: float
    ) -> tuple[tuple[tuple[bool, str], ...], bool]:
        """The elided lines a block of this size shows (bold?, text), and whether its marks
        fit; computed once per load and size."""
        key = (block.key, block.day, int(width), int(height))
        found = self._texts.get(key)
        if found is not None:
            return found
        s = self._style
        inner = int(width) - 9
        marks = _badge_count(block.view)
        badges = marks * (s.icon_size + 2) if marks and inner >= s.icon_size * (marks + 2) else 0
        subject, span, client = self._block_lines(block)
        line_h = s.small_fm.height()
        rows = max(1, int((height - 2) // line_h))
        elide = Qt.TextElideMode.ElideRight
        lines: list[tuple[bool, str]]
        if rows == 1 or (inner < 60 and rows < 3):
            first = f"{span.split(' – ')[0]} {subject}" if block.first else subject
            if client:
                first = f"{first} · {client}"
            lines = [(False, s.small_fm.elidedText(first, elide, inner - badges))]
        else:
            lines = [(True, s.small_bold_fm.elidedText(subject, elide, inner - badges))]
            for text in (span, client)[: rows - 1]:
                if text:
                    lines.append((False, s.small_fm.elidedText(text, elide, inner)))
        found = (tuple(lines), bool(badges))
        self._texts[key] = found
        return found

    def _paint_now(self, painter: QPainter) -> None:
        if self.today not in self.days:
            return
        index = self.days.index(self.today)
        minute = _minute_of(_wall(self.now, self.tz)) + self.now.astimezone(self.tz).second / 60
        y = self.y_of(minute)
        x = self.day_x(index)
        painter.setPen(QPen(NOW_COLOR, 2))
        painter.drawLine(QPointF(x, y), QPointF(x + self.day_width(), y))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(NOW_COLOR)
        painter.drawEllipse(QPointF(x, y), 4.5, 4.5)

    def _paint_ghost(self, painter: QPainter, drag: _Drag) -> None:
        assert drag.to_start is not None
        end = max(
            drag.to_end, drag.to_start + (SNAP_MINUTES if drag.mode != "create" else SLOT_MINUTES)
        )
        shown_end = min(DAY_MINUTES, max(end, drag.to_start + SNAP_MINUTES))
        rect = QRectF(
            self.day_x(drag.to_day) + 1,
            self.y_of(drag.to_start),
            self.day_width() - 6,
            max(4.0, (shown_end - drag.to_start) * self.hour_h / 60 - 1),
        )
        span = f"{time_text(self.locale_, drag.to_start)} – {time_text(self.locale_, drag.to_end)}"
        if drag.mode == "create":
            painter.setPen(QPen(ACCENT, 1.5))
            fill = QColor(ACCENT)
            fill.setAlpha(50)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(ACCENT.darker(130))
            painter.setFont(self._style.small)
            painter.drawText(
                rect.adjusted(6, 1, -3, -1),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                span,
            )
            return
        assert drag.view is not None
        self._paint_ghost_rect(painter, rect, drag.view, f"{span}  {drag.view.subject}")

    def _paint_ghost_rect(
        self, painter: QPainter, rect: QRectF, view: ActivityView, text: str
    ) -> None:
        s = self._style
        color = kind_color(view.kind)
        fill = QColor(color)
        fill.setAlpha(90)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(color.darker(120), 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(s.text)
        painter.setFont(s.small)
        painter.drawText(
            rect.adjusted(6, 1, -3, -1),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            s.small_fm.elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width() - 9)),
        )

    def _paint_header(self, painter: QPainter, w: int) -> None:
        s = self._style
        top = self.top
        painter.fillRect(QRect(0, 0, w, top), s.header)
        dw = self.day_width()
        for n, day in enumerate(self.days):
            x = self.day_x(n)
            today = day == self.today
            name = capitalized(
                self.locale_.dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)
            )
            painter.setFont(s.small)
            painter.setPen(ACCENT if today else s.muted)
            painter.drawText(
                QRectF(x, 4, dw, s.small_fm.height()), Qt.AlignmentFlag.AlignHCenter, name
            )
            number = self.locale_.toString(day.day)
            painter.setFont(s.big)
            ny = 6 + s.small_fm.height()
            if today:
                d = s.big_fm.height() + 2
                pill_w = max(d, s.big_fm.horizontalAdvance(number) + 12)
                circle = QRectF(x + dw / 2 - pill_w / 2, ny - 1, pill_w, d)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(ACCENT)
                painter.drawRoundedRect(circle, d / 2, d / 2)
                painter.setPen(QColor("white"))
                painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, number)
            else:
                painter.setPen(s.text)
                painter.drawText(
                    QRectF(x, ny, dw, s.big_fm.height()), Qt.AlignmentFlag.AlignHCenter, number
                )
            if today:
                painter.fillRect(QRectF(x, self.header_h, dw, self.allday_h), s.today)
            self._paint_allday(painter, n)
        # grid lines of the header
        painter.setPen(s.line)
        painter.drawLine(QPointF(self.gutter, self.header_h - 0.5), QPointF(w, self.header_h - 0.5))
        painter.drawLine(QPointF(0, top - 0.5), QPointF(w, top - 0.5))
        for n in range(len(self.days) + 1):
            x = round(self.day_x(n)) + 0.5
            painter.drawLine(QPointF(x, self.header_h), QPointF(x, top))
        painter.setFont(s.small)
        painter.setPen(s.muted)
        label = QCoreApplication.translate("CalendarViews", "All day")
        painter.drawText(
            QRectF(2, self.header_h, self.gutter - 6, self.line_h + 4),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            s.small_fm.elidedText(label, Qt.TextElideMode.ElideRight, self.gutter - 8),
        )

    def _paint_allday(self, painter: QPainter, day: int) -> None:
        s = self._style
        shown, more = self._allday_shown(day)
        moving = _moving_key(self._drag)
        for row, view in enumerate(shown):
            rect = self.allday_rect(day, row)
            colors = s.colors(view)
            if item_key(view) == moving:
                painter.setOpacity(0.35)
            _paint_item_box(painter, s, view, rect, colors, item_key(view) == self.selected)
            inner = rect.adjusted(6, 0, -3, 0)
            badges = _draw_badges(painter, s, view, inner) if _badge_count(view) else 0.0
            painter.setFont(s.small)
            painter.setPen(colors.text)
            width = int(inner.width() - badges)
            key = (item_key(view), day, width)
            text = self._strip_texts.get(key)
            if text is None:
                text = s.small_fm.elidedText(view.subject, Qt.TextElideMode.ElideRight, width)
                self._strip_texts[key] = text
            baseline = inner.top() + (inner.height() - s.small_fm.height()) / 2
            painter.drawText(QPointF(inner.left(), baseline + s.small_fm.ascent()), text)
            painter.setOpacity(1.0)
        if more:
            rect = self.allday_rect(day, len(shown))
            painter.setFont(s.small)
            painter.setPen(ACCENT)
            painter.drawText(
                rect.adjusted(6, 0, -3, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                QCoreApplication.translate("CalendarViews", "+%1 more").replace("%1", str(more)),
            )


def _key_action(view: TimeGridView | MonthView, key: int) -> bool:
    """Arrows move the selection, Enter opens it, Delete trashes it. True: handled."""
    current = view.selected_view()
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        if current is not None:
            view.open_requested.emit(current)
        return current is not None
    if key == Qt.Key.Key_Delete:
        if current is not None:
            view.trash_requested.emit(current)
        return current is not None
    if key == Qt.Key.Key_Escape and current is not None:
        view.select(None)
        return True
    if key not in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
        return False
    lists = [view.day_items(day) for day in range(len(view.days))]
    if not any(lists):
        return True
    if current is None:
        start = 0 if key in (Qt.Key.Key_Down, Qt.Key.Key_Right) else len(lists) - 1
        step = 1 if start == 0 else -1
        day = start
        while not lists[day]:
            day += step
        chosen = lists[day][0 if step == 1 else -1]
    else:
        ckey = item_key(current)
        day = next(d for d, items in enumerate(lists) if any(item_key(v) == ckey for v in items))
        pos = next(n for n, v in enumerate(lists[day]) if item_key(v) == ckey)
        chosen = current
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = 1 if key == Qt.Key.Key_Down else -1
            if 0 <= pos + step < len(lists[day]):
                chosen = lists[day][pos + step]
            else:
                d = day + step
                while 0 <= d < len(lists) and not lists[d]:
                    d += step
                if 0 <= d < len(lists):
                    chosen = lists[d][0 if step == 1 else -1]
        else:
            step = 1 if key == Qt.Key.Key_Right else -1
            d = day + step
            while 0 <= d < len(lists) and not lists[d]:
                d += step
            if 0 <= d < len(lists):
                minute = view._order_minute(current)
                chosen = min(lists[d], key=lambda v: abs(view._order_minute(v) - minute))
    view.select(chosen)
    view.reveal(chosen)
    return True


def _surface(view: TimeGridView | MonthView) -> QWidget:
    """What shows the items: the time grid's viewport, the month view itself."""
    return view.viewport() if isinstance(view, TimeGridView) else view


def _select(view: TimeGridView | MonthView, item: ActivityView | None) -> None:
    key = item_key(item) if item is not None else None
    if key != view.selected:
        view.selected = key
        _surface(view).update()
        view.selection_changed.emit(item)


def _show_tooltip(
    view: TimeGridView | MonthView, event: QHelpEvent, item: ActivityView | None, day_link: bool
) -> None:
    """An item's tooltip; over a link to the day (`day_link`), where it leads."""
    if item is not None:
        QToolTip.showText(event.globalPos(), tooltip_text(item, view.tz, view.locale_), view)
    elif day_link:
        QToolTip.showText(
            event.globalPos(),
            QCoreApplication.translate("CalendarViews", "Show the whole day"),
            view,
        )
    else:
        QToolTip.hideText()
        event.ignore()


def _double_click(view: TimeGridView | MonthView, event: QMouseEvent) -> None:
    """A double click opens the item under the mouse. Elsewhere the first click did its
    work (a new activity at an empty slot): the second one must not start another."""
    found = view.hit(event.position().toPoint())
    if found.view is not None and event.button() == Qt.MouseButton.LeftButton:
        view._drag = None
        view.select(found.view)
        view.open_requested.emit(found.view)
    event.accept()


def _key_pressed(view: TimeGridView | MonthView, key: int) -> bool:
    """Esc drops a drag on its way; other keys as `_key_action`. True: handled."""
    if key == Qt.Key.Key_Escape and view._drag is not None:
        view._drag = None
        surface = _surface(view)
        surface.unsetCursor()
        surface.update()
        return True
    return _key_action(view, key)


def _moving_key(drag: _Drag | _MonthDrag | None) -> ItemKey | None:
    """The item being dragged (drawn faded at its old place)."""
    if drag is not None and drag.active and drag.view is not None:
        return item_key(drag.view)
    return None


# ------------------------------------------------------------------ the month grid


# A line of a day: (the start minute on that day, -1 for a whole-day item; the item's
# index in MonthView.views; whether the day holds its start). Plain tuples of numbers:
# a month of 5,000 items leaves the garbage collector nothing to trace.
_Line = tuple[int, int, bool]


@dataclass(slots=True)
class _MonthHit:
    kind: str  # header, number, item, more, empty, none
    day: int = -1
    view: ActivityView | None = None


@dataclass(slots=True)
class _MonthDrag:
    mode: str  # move, create, day_click
    press: QPoint
    day: int
    view: ActivityView | None = None
    active: bool = False
    to_day: int = -1
    pos: QPoint | None = None


class MonthView(QWidget):
    """Six weeks from the Monday on or before the 1st: each day with its items as lines."""

    create_requested = Signal(object, object)
    open_requested = Signal(object)
    move_requested = Signal(object, object, object)
    trash_requested = Signal(object)
    menu_requested = Signal(object, object, QPoint)
    day_requested = Signal(object)
    selection_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarMonth")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.days: list[date] = []
        self.month = 1
        self.tz: tzinfo = UTC
        self.now = datetime(2000, 1, 1, tzinfo=UTC)
        self.today = date(2000, 1, 1)
        self.locale_ = QLocale()
        self.views: list[ActivityView] = []
        self.lines: list[list[_Line]] = []
        self.selected: ItemKey | None = None
        self._style = _Style(self)
        self._labels: dict[tuple[ItemKey, int], str] = {}
        self._elided: dict[tuple[ItemKey, int, int], str] = {}
        self._serial = -1
        self._drag: _MonthDrag | None = None

    # ------------------------------------------------------------- data

    def set_data(
        self,
        days: Sequence[date],
        month: int,
        views: Sequence[ActivityView],
        tz: tzinfo,
        now: datetime,
        locale: QLocale | None = None,
        serial: int = -1,
    ) -> None:
        """Show `views` on the grid's `days`; `serial` as in `TimeGridView.set_data`."""
        locale = locale or self.locale()
        if serial < 0 or serial != self._serial or locale != self.locale_:
            self._labels.clear()
            self._elided.clear()
        self._serial = serial
        self.days = list(days)
        self.month = month
        self.tz = tz
        self.now = now
        self.today = now.astimezone(tz).date()
        self.locale_ = locale
        self.views = list(views)
        self.lines = [[] for _ in self.days]
        if self.days:
            first, count = self.days[0], len(self.days)
            clock = DayClock(self.days, tz)
            lines = self.lines
            for index, view in enumerate(self.views):
                if view.start_at is None:
                    if view.due_on is not None and 0 <= (view.due_on - first).days < count:
                        lines[(view.due_on - first).days].append((-1, index, True))
                    continue
                si, sm, ei, _em = clock.span(view)
                if ei < 0 or si >= count:
                    continue
                if si >= 0:
                    lines[si].append((sm, index, True))
                for n in range(max(si + 1, 0), min(ei, count - 1) + 1):
                    lines[n].append((0, index, False))
            for day_lines in lines:
                day_lines.sort()
        if self.selected is not None and self.find_item(self.selected) is None:
            self.selected = None
        self.update()

    def day_items(self, day: int) -> list[ActivityView]:
        return [self.views[index] for _minute, index, _first in self.lines[day]]

    def items(self) -> list[ActivityView]:
        shown = sorted({index for lines in self.lines for _minute, index, _first in lines})
        return [self.views[index] for index in shown]

    def find_item(self, key: ItemKey) -> ActivityView | None:
        return next((v for v in self.items() if item_key(v) == key), None)

    def selected_view(self) -> ActivityView | None:
        return self.find_item(self.selected) if self.selected is not None else None

    def select(self, view: ActivityView | None) -> None:
        _select(self, view)

    def reveal(self, view: ActivityView) -> None:
        """Nothing to scroll: the month grid shows all its days at once."""

    def _order_minute(self, view: ActivityView) -> int:
        return _minute_of(_wall(view.start_at, self.tz)) if view.start_at is not None else -1

    # --------------------------------------------------------- geometry

    @property
    def header_h(self) -> int:
        return self._style.fm.height() + 10

    @property
    def line_h(self) -> int:
        return self._style.small_fm.height() + 3

    @property
    def number_h(self) -> int:
        return self._style.fm.height() + 8

    def cell_rect(self, day: int) -> QRectF:
        cw = self.width() / 7
        ch = (self.height() - self.header_h) / max(1, len(self.days) // 7)
        row, col = divmod(day, 7)
        return QRectF(col * cw, self.header_h + row * ch, cw, ch)

    def _capacity(self, day: int) -> tuple[int, int]:
        """How many lines a day's cell shows and how many items stay hidden."""
        rect = self.cell_rect(day)
        room = max(0, int((rect.height() - self.number_h - 2) // self.line_h))
        total = len(self.lines[day])
        if total <= room:
            return total, 0
        shown = max(0, room - 1)
        return shown, total - shown

    def line_rect(self, day: int, row: int) -> QRectF:
        rect = self.cell_rect(day)
        return QRectF(
            rect.left() + 3,
            rect.top() + self.number_h + row * self.line_h,
            rect.width() - 6,
            self.line_h - 1,
        )

    def day_at(self, pos: QPoint) -> int:
        if not self.days or pos.y() < self.header_h:
            return -1
        cw = self.width() / 7
        ch = (self.height() - self.header_h) / max(1, len(self.days) // 7)
        col = max(0, min(6, int(pos.x() // cw)))
        row = max(0, min(len(self.days) // 7 - 1, int((pos.y() - self.header_h) // ch)))
        return row * 7 + col

    def hit(self, pos: QPoint) -> _MonthHit:
        day = self.day_at(pos)
        if day < 0:
            return _MonthHit("header" if self.days else "none")
        rect = self.cell_rect(day)
        y = pos.y() - rect.top()
        if y < self.number_h:
            number = self._number_rect(day)
            return _MonthHit("number" if number.contains(QPointF(pos)) else "empty", day)
        row = int((y - self.number_h) // self.line_h)
        shown, more = self._capacity(day)
        if 0 <= row < shown:
            return _MonthHit("item", day, self.views[self.lines[day][row][1]])
        if more and row == shown:
            return _MonthHit("more", day)
        return _MonthHit("empty", day)

    def _number_rect(self, day: int) -> QRectF:
        rect = self.cell_rect(day)
        text = self._number_text(day)
        width = self._style.bold_fm.horizontalAdvance(text) + 12
        return QRectF(
            rect.left() + 3, rect.top() + 3, max(width, self.number_h - 6), self.number_h - 6
        )

    def _number_text(self, day: int) -> str:
        d = self.days[day]
        if d.day == 1:
            return self.locale_.toString(to_qdate(d), "d MMM")
        return self.locale_.toString(d.day)

    # --------------------------------------------------------- for tests

    def item_rect(self, view: ActivityView, day: date | None = None) -> QRect:
        key = item_key(view)
        for n, lines in enumerate(self.lines):
            if day is not None and self.days[n] != day:
                continue
            shown, _more = self._capacity(n)
            for row, (_minute, index, _first) in enumerate(lines[:shown]):
                if item_key(self.views[index]) == key:
                    return self.line_rect(n, row).toAlignedRect()
        return QRect()

    def empty_point(self, day: date) -> QPoint:
        """A point of `day`'s cell below its lines."""
        n = self.days.index(day)
        rect = self.cell_rect(n)
        return QPoint(int(rect.center().x()), int(rect.bottom() - 3))

    def more_rect(self, day: date) -> QRect:
        n = self.days.index(day)
        shown, more = self._capacity(n)
        return self.line_rect(n, shown).toAlignedRect() if more else QRect()

    def drag_target(self) -> date | None:
        """The day an item being dragged would move to now."""
        drag = self._drag
        if drag is None or not drag.active or drag.to_day < 0:
            return None
        return self.days[drag.to_day]

    def shown_count(self, day: date) -> tuple[int, int]:
        return self._capacity(self.days.index(day))

    # ---------------------------------------------------------- events

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elided.clear()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._style = _Style(self)
            self._elided.clear()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.hit(event.pos())
            _show_tooltip(self, event, found.view, found.kind in ("more", "number"))
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position().toPoint()
        found = self.hit(pos)
        if found.kind == "item" and found.view is not None:
            self.select(found.view)
            self._drag = _MonthDrag("move", pos, found.day, found.view)
        elif found.kind == "empty":
            self.select(None)
            self._drag = _MonthDrag("create", pos, found.day)
        elif found.kind in ("number", "more"):
            self._drag = _MonthDrag("day_click", pos, found.day)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        drag = self._drag
        if drag is None:
            found = self.hit(pos)
            self.setCursor(
                Qt.CursorShape.PointingHandCursor
                if found.kind in ("number", "more")
                else Qt.CursorShape.ArrowCursor
            )
            return
        if drag.mode != "move":
            return
        if not drag.active:
            if (pos - drag.press).manhattanLength() < QApplication.startDragDistance():
                return
            drag.active = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        drag.to_day = self.day_at(pos)
        drag.pos = pos
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        self.unsetCursor()
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        pos = event.position().toPoint()
        self.update()
        found = self.hit(pos)
        if drag.mode == "create":
            if found.kind == "empty" and found.day == drag.day:
                day = self.days[drag.day]
                start = at_local(day, NEW_ITEM_TIME, self.tz)
                self.create_requested.emit(start, start + timedelta(minutes=SLOT_MINUTES))
        elif drag.mode == "day_click":
            if found.kind in ("number", "more") and found.day == drag.day:
                self.day_requested.emit(self.days[drag.day])
        elif drag.active and drag.view is not None and drag.to_day >= 0:
            self._finish_move(drag.view, self.days[drag.to_day])

    def _finish_move(self, view: ActivityView, day: date) -> None:
        if view.start_at is None:
            if view.due_on != day:
                self.move_requested.emit(view, day, None)
            return
        start = _wall(view.start_at, self.tz)
        if start.date() == day:
            return
        new_start = at_local(day, start.time(), self.tz)
        new_end = new_start + (view.end_at - view.start_at) if view.end_at is not None else None
        self.move_requested.emit(view, new_start, new_end)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        _double_click(self, event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        found = self.hit(event.pos())
        slot: datetime | None = None
        if found.view is not None:
            self.select(found.view)
        elif found.kind == "empty":
            slot = at_local(self.days[found.day], NEW_ITEM_TIME, self.tz)
        else:
            return
        self.menu_requested.emit(found.view, slot, event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _key_pressed(self, event.key()):
            super().keyPressEvent(event)

    # ------------------------------------------------------------ paint

    def _label(self, view: ActivityView, key: ItemKey, minute: int, first: bool) -> str:
        """'09:30 Subject' (a timed item on its first day), else the subject."""
        cache_key = (key, 1 if first else 0)
        found = self._labels.get(cache_key)
        if found is None:
            if minute >= 0 and first:
                found = f"{time_text(self.locale_, minute)} {view.subject}"
            else:
                found = view.subject
            self._labels[cache_key] = found
        return found

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        s = self._style
        w, h = self.width(), self.height()
        painter.fillRect(QRect(0, 0, w, h), s.base)
        if not self.days:
            return
        cw = w / 7
        painter.fillRect(QRectF(0, 0, w, self.header_h), s.header)
        painter.setFont(s.small)
        painter.setPen(s.muted)
        for col in range(7):
            name = capitalized(self.locale_.dayName(col + 1, QLocale.FormatType.LongFormat))
            if s.small_fm.horizontalAdvance(name) > cw - 8:
                name = capitalized(self.locale_.dayName(col + 1, QLocale.FormatType.ShortFormat))
            painter.drawText(
                QRectF(col * cw, 0, cw, self.header_h), Qt.AlignmentFlag.AlignCenter, name
            )
        drag = self._drag
        moving = drag is not None and drag.active
        for n, day in enumerate(self.days):
            rect = self.cell_rect(n)
            if day == self.today:
                painter.fillRect(rect, s.today)
            elif day.month != self.month:
                painter.fillRect(rect, s.other_month)
            elif day.weekday() >= 5:
                painter.fillRect(rect, s.weekend)
            if moving and drag is not None and drag.to_day == n:
                painter.setPen(QPen(ACCENT, 2, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(2, 2, -2, -2))
            self._paint_day(painter, n, rect)
        painter.setPen(s.line)
        rows = len(self.days) // 7
        ch = (h - self.header_h) / max(1, rows)
        for row in range(rows + 1):
            y = round(self.header_h + row * ch) - 0.5 if row else self.header_h - 0.5
            painter.drawLine(QPointF(0, y), QPointF(w, y))
        for col in range(1, 7):
            x = round(col * cw) + 0.5
            painter.drawLine(QPointF(x, self.header_h), QPointF(x, h))
        if moving and drag is not None and drag.view is not None and drag.pos is not None:
            rect = QRectF(
                drag.pos.x() - cw / 2 + 6, drag.pos.y() - self.line_h / 2, cw - 12, self.line_h
            )
            color = kind_color(drag.view.kind)
            fill = QColor(color)
            fill.setAlpha(110)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(color.darker(120), 1.2))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(s.text)
            painter.setFont(s.small)
            text = self._label(drag.view, item_key(drag.view), self._order_minute(drag.view), True)
            painter.drawText(
                rect.adjusted(5, 0, -3, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                s.small_fm.elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width() - 8)),
            )

    def _paint_day(self, painter: QPainter, n: int, rect: QRectF) -> None:
        s = self._style
        day = self.days[n]
        number = self._number_rect(n)
        text = self._number_text(n)
        if day == self.today:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ACCENT)
            painter.drawRoundedRect(number, number.height() / 2, number.height() / 2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QColor("white"))
        else:
            painter.setPen(s.text if day.month == self.month else s.muted)
        painter.setFont(s.bold)
        painter.drawText(number, Qt.AlignmentFlag.AlignCenter, text)
        shown, more = self._capacity(n)
        moving = _moving_key(self._drag)
        painter.setFont(s.small)
        line_h = self.line_h
        x, y, w = rect.left() + 3, rect.top() + self.number_h, rect.width() - 6
        views = self.views
        for row, (minute, index, first) in enumerate(self.lines[n][:shown]):
            view = views[index]
            key = item_key(view)
            line_rect = QRectF(x, y + row * line_h, w, line_h - 1)
            self._paint_line(painter, line_rect, view, key, minute, first, key == moving)
        if more:
            painter.setPen(ACCENT)
            baseline = y + shown * line_h + (line_h - 1 - s.small_fm.height()) / 2
            painter.drawText(
                QPointF(x + 4, baseline + s.small_fm.ascent()),
                QCoreApplication.translate("CalendarViews", "+%1 more").replace("%1", str(more)),
            )

    def _paint_line(
        self,
        painter: QPainter,
        rect: QRectF,
        view: ActivityView,
        key: ItemKey,
        minute: int,
        first: bool,
        faded: bool,
    ) -> None:
        s = self._style
        colors = s.colors(view)
        selected = key == self.selected
        if faded:
            painter.setOpacity(0.35)
        if minute < 0 or not first:  # a whole-day item (or a continuation): a bar
            _paint_item_box(painter, s, view, rect, colors, selected)
        else:  # a timed item: a coloured dot before its time
            dot = s.dot(colors.bar)
            painter.drawPixmap(QPointF(rect.left() + 3, rect.top() + (rect.height() - 7) / 2), dot)
            if view.is_overdue and not view.is_done:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(s.overdue_pen)
                painter.drawRect(rect.adjusted(0.5, 0.5, -1.5, -1.5))
            if selected:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(s.selected_pen)
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
        inner = rect.adjusted(12, 0, -3, 0)
        badges = _draw_badges(painter, s, view, inner) if _badge_count(view) else 0.0
        width = int(inner.width() - badges)
        cache_key = (key, 1 if first else 0, width)
        text = self._elided.get(cache_key)
        if text is None:
            label = self._label(view, key, minute, first)
            text = s.small_fm.elidedText(label, Qt.TextElideMode.ElideRight, width)
            self._elided[cache_key] = text
        painter.setPen(colors.text if not view.is_done else s.muted)
        baseline = rect.top() + (rect.height() - s.small_fm.height()) / 2 + s.small_fm.ascent()
        painter.drawText(QPointF(inner.left(), baseline), text)
        if faded:
            painter.setOpacity(1.0)


# ------------------------------------------------------------------ the agenda


class AgendaModel(QAbstractTableModel):
    """The coming days' items in one flat list: a heading row per day with items, then
    its items (time, subject, client, responsible) — a table, so a long agenda costs
    only its visible rows."""

    TIME, SUBJECT, CLIENT, OWNER = range(4)
    VIEW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.days: list[date] = []  # the days shown (those with items)
        self.rows: list[date | ActivityView] = []  # a day's heading, or an item
        self.tz: tzinfo = UTC
        self.today = date(2000, 1, 1)
        self.locale = QLocale()
        self._bold = QFont()
        self._bold.setBold(True)
        self._icons: dict[str, QIcon] = {}
        self._texts: dict[int, tuple[str, str, str, str]] = {}  # row -> its cells, once read
        blank = QPixmap(16, 16)
        blank.fill(Qt.GlobalColor.transparent)
        self._blank = QIcon(blank)  # keeps the times aligned where no mark is shown

    def set_data(
        self,
        days: Sequence[date],
        views: Sequence[ActivityView],
        tz: tzinfo,
        today: date,
        locale: QLocale,
    ) -> None:
        self.beginResetModel()
        self._texts.clear()
        self.tz, self.today, self.locale = tz, today, locale
        by_day: dict[date, list[ActivityView]] = {d: [] for d in days}
        lists = list(by_day.values())
        clock = DayClock(days, tz) if days else None
        for view in views:
            if view.start_at is None:
                if view.due_on in by_day:
                    by_day[view.due_on].append(view)
                continue
            if clock is None:
                continue
            si, _sm, ei, _em = clock.span(view)
            if 0 <= si < len(lists):
                lists[si].append(view)
            elif si < 0 <= ei:  # began before the first day, still going on
                lists[0].append(view)
        far = datetime.min.replace(tzinfo=UTC)
        self.days = [d for d in days if by_day[d]]
        self.rows = []
        for day in self.days:
            ordered: list[ActivityView] = sorted(
                by_day[day], key=lambda v: (v.start_at is not None, v.start_at or far)
            )
            self.rows.append(day)
            self.rows.extend(ordered)
        self.endResetModel()

    def heading_rows(self) -> list[int]:
        return [n for n, row in enumerate(self.rows) if isinstance(row, date)]

    def items(self) -> list[ActivityView]:
        return [row for row in self.rows if isinstance(row, ActivityView)]

    def view_at(self, index: _INDEX) -> ActivityView | None:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        return row if isinstance(row, ActivityView) else None

    def index_of(self, view: ActivityView, column: int = 0) -> QModelIndex:
        key = item_key(view)
        for n, row in enumerate(self.rows):
            if isinstance(row, ActivityView) and item_key(row) == key:
                return self.index(n, column)
        return QModelIndex()

    # ---------------------------------------------------------- model

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self.rows[index.row()], date):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            QCoreApplication.translate("CalendarViews", "Time"),
            QCoreApplication.translate("CalendarViews", "Subject"),
            QCoreApplication.translate("CalendarViews", "Client"),
            QCoreApplication.translate("CalendarViews", "Responsible"),
        )[section]

    def day_title(self, day: date) -> str:
        text = self.locale.toString(to_qdate(day), QLocale.FormatType.LongFormat)
        if day == self.today:
            return QCoreApplication.translate("CalendarViews", "Today, %1").replace("%1", text)
        if day == self.today + timedelta(days=1):
            return QCoreApplication.translate("CalendarViews", "Tomorrow, %1").replace("%1", text)
        return capitalized(text)  # 'Среда, 25 ноября' opens the heading

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        row = self.rows[index.row()]
        if isinstance(row, date):
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return self.day_title(row)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.ForegroundRole and row == self.today:
                return ACCENT
            return None
        view = row
        if role == self.VIEW_ROLE:
            return view
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._texts.get(index.row())
            if texts is None:
                texts = (self._time(view), view.subject, view.client_name, view.owner_name)
                self._texts[index.row()] = texts
            return texts[column]
        if role == Qt.ItemDataRole.DecorationRole:
            if column == self.SUBJECT:
                return self._icon(view.kind.value)
            if column == self.TIME:
                if view.is_done:
                    return self._icon("done")
                if view.is_overdue:
                    return self._icon("warning")
                if view.is_series:
                    return self._icon("recurring")
                return self._blank
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if view.is_done:
                return MUTED
            if view.is_overdue and column in (self.TIME, self.SUBJECT):
                return overdue_color()
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_text(view, self.tz, self.locale)
        return None

    def _icon(self, name: str) -> QIcon:
        found = self._icons.get(name)
        if found is None:
            found = self._icons[name] = icon(name)
        return found

    def _time(self, view: ActivityView) -> str:
        if view.start_at is None:
            return QCoreApplication.translate("CalendarViews", "All day")
        start = _wall(view.start_at, self.tz)
        text = time_text(self.locale, _minute_of(start))
        if view.end_at is not None and view.end_at > view.start_at:
            end = _wall(view.end_at, self.tz)
            text += " – " + time_text(self.locale, _minute_of(end))
        return text


class _AgendaDelegate(QStyledItemDelegate):
    """A day's heading as a band across the list."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _INDEX) -> None:
        model = index.model()
        if not isinstance(model, AgendaModel) or not isinstance(model.rows[index.row()], date):
            super().paint(painter, option, index)
            return
        pal = option.palette  # type: ignore[attr-defined]
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        rect = QRect(option.rect)  # type: ignore[attr-defined]
        painter.save()
        painter.fillRect(rect, mix(text, base, 0.06))
        painter.setPen(mix(text, base, 0.2))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setBold(True)
        painter.setFont(font)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(foreground if isinstance(foreground, QColor) else text)
        painter.drawText(
            rect.adjusted(8, 0, -8, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
        )
        painter.restore()


class AgendaView(QTableView):
    """The coming days' items under day headings; double click or Enter opens one."""

    open_requested = Signal(object)
    trash_requested = Signal(object)
    menu_requested = Signal(object, object, QPoint)
    selection_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarAgenda")
        self.agenda = AgendaModel(self)
        self.setModel(self.agenda)
        self.setItemDelegate(_AgendaDelegate(self))
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setIconSize(QSize(16, 16))
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(AgendaModel.TIME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AgendaModel.SUBJECT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AgendaModel.CLIENT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AgendaModel.OWNER, QHeaderView.ResizeMode.Interactive)
        fm = self.fontMetrics()
        self.setColumnWidth(AgendaModel.TIME, fm.horizontalAdvance("00:00 AM – 00:00 AM") + 44)
        self.setColumnWidth(AgendaModel.CLIENT, fm.horizontalAdvance("x" * 34))
        self.setColumnWidth(AgendaModel.OWNER, fm.horizontalAdvance("x" * 24))
        self.doubleClicked.connect(self._double_clicked)
        self.customContextMenuRequested.connect(self._menu)
        self.selectionModel().currentChanged.connect(
            lambda current, _previous: self.selection_changed.emit(self.agenda.view_at(current))
        )

    def set_data(
        self,
        days: Sequence[date],
        views: Sequence[ActivityView],
        tz: tzinfo,
        now: datetime,
        locale: QLocale,
    ) -> None:
        current = self.selected_view()
        self.clearSpans()
        self.agenda.set_data(days, views, tz, now.astimezone(tz).date(), locale)
        for row in self.agenda.heading_rows():
            self.setSpan(row, 0, 1, 4)
        if current is not None:
            index = self.agenda.index_of(current)
            if index.isValid():
                self.setCurrentIndex(index)

    def items(self) -> list[ActivityView]:
        return self.agenda.items()

    def selected_view(self) -> ActivityView | None:
        return self.agenda.view_at(self.currentIndex())

    def select(self, view: ActivityView | None) -> None:
        index = self.agenda.index_of(view) if view is not None else QModelIndex()
        self.setCurrentIndex(index)

    def _double_clicked(self, index: QModelIndex) -> None:
        view = self.agenda.view_at(index)
        if view is not None:
            self.open_requested.emit(view)

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        view = self.agenda.view_at(index)
        if view is not None:
            self.setCurrentIndex(index)
            self.menu_requested.emit(view, None, self.viewport().mapToGlobal(pos))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        view = self.selected_view()
        if view is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit(view)
            return
        if view is not None and event.key() == Qt.Key.Key_Delete:
            self.trash_requested.emit(view)
            return
        super().keyPressEvent(event)


__all__ = [
    "AgendaModel",
    "AgendaView",
    "Block",
    "MonthView",
    "TimeGridView",
    "hour_text",
    "item_key",
    "layout_days",
    "time_text",
    "tooltip_text",
    "when_text",
]
