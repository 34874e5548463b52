"""What the calendar, the task list, the Today page, the reminders and the activity
editor share: kind colours and names, priorities, local time conversions, and the
`Changes` an activity write announces."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QSize, QTime, QTimeZone
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyle, QToolButton

from crm_desktop.domain.kinds import ActivityKind, EntityKind, Priority
from crm_desktop.gui.contacts.timeline import kind_label
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.pages import Page
from crm_desktop.services.activities import ActivityView

KINDS: tuple[ActivityKind, ...] = tuple(ActivityKind)

# One colour per kind: calls green/blue, messages grey-blue, meetings purple, to-dos amber.
_KIND_COLORS: dict[ActivityKind, str] = {
    ActivityKind.CALL_IN: "#2e9e5b",
    ActivityKind.CALL_OUT: "#2f6fd6",
    ActivityKind.EMAIL: "#5b7fa6",
    ActivityKind.FAX: "#7f8c8d",
    ActivityKind.LETTER: "#8d6e63",
    ActivityKind.MEETING_PRESENTATION: "#8e44ad",
    ActivityKind.MEETING_NEGOTIATION: "#c0398b",
    ActivityKind.TODO: "#d68910",
}
OVERDUE_COLOR = "#c0392b"
OVERDUE_COLOR_DARK = "#ff7b72"  # the same alarm, readable on a dark window


def overdue_color() -> QColor:
    """The overdue red for the current palette (light or dark theme)."""
    from crm_desktop.gui.theme import is_dark

    return QColor(OVERDUE_COLOR_DARK if is_dark() else OVERDUE_COLOR)


def kind_color(kind: ActivityKind) -> QColor:
    return QColor(_KIND_COLORS[kind])


def kind_text(kind: ActivityKind) -> str:
    """'Outgoing call', 'To-do' … (the same words as the timeline)."""
    return kind_label(kind.value)


def priority_text(priority: Priority) -> str:
    return {
        Priority.LOW: QCoreApplication.translate("Activities", "Low"),
        Priority.NORMAL: QCoreApplication.translate("Activities", "Normal"),
        Priority.HIGH: QCoreApplication.translate("Activities", "High"),
    }[priority]


def local(moment: datetime, tz: tzinfo) -> datetime:
    """An aware moment as the local wall clock of `tz` (still aware)."""
    return moment.astimezone(tz)


def to_qdatetime(moment: datetime, tz: tzinfo) -> QDateTime:
    """An aware moment as a QDateTime showing the local wall clock of `tz`.

    The QDateTime carries no zone of its own (Qt's local time is the computer's, and
    tests run with another zone in the clock): it is the wall clock, nothing more.
    """
    wall = moment.astimezone(tz)
    return QDateTime(
        QDate(wall.year, wall.month, wall.day),
        QTime(wall.hour, wall.minute, wall.second),
        QTimeZone.UTC,
    )


def from_qdatetime(value: QDateTime, tz: tzinfo) -> datetime:
    """A wall clock shown by an editor (see `to_qdatetime`) back to an aware UTC moment."""
    d, t = value.date(), value.time()
    wall = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=tz)
    # zoneinfo resolves a skipped or repeated wall time by `fold`; normalise through UTC
    return wall.astimezone(UTC)


def capitalized(text: str) -> str:
    """A heading made of a locale's words ('понедельник, 23 ноября' → 'Понедельник, …')."""
    return text[:1].upper() + text[1:]


def long_date(day: date, locale: QLocale) -> str:
    """'Monday, November 23, 2026' / 'Понедельник, 23 ноября 2026 г.'"""
    return capitalized(locale.toString(to_qdate(day), QLocale.FormatType.LongFormat))


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def activity_changes(*views: ActivityView | int) -> Changes:
    """What an activity write changed: the activity, and the timelines it shows in."""
    ids = [v if isinstance(v, int) else v.id for v in views]
    kinds = [EntityKind.ACTIVITY]
    for v in views:
        if isinstance(v, ActivityView):
            if v.organization_id is not None:
                kinds.append(EntityKind.ORGANIZATION)
            if v.person_id is not None:
                kinds.append(EntityKind.PERSON)
            if v.deal_id is not None:
                kinds.append(EntityKind.DEAL)
    return Changes.of(*((EntityKind.ACTIVITY, i) for i in ids), kinds=tuple(kinds))


class LivePage(Page):
    """A page of activities read in the background that keeps up with changes: the first
    showing reads (`reload`), only the newest read's answer is shown (`_next_read` gives
    its generation), and a change reads again at once when the page is seen, else at its
    next showing (`_stale`)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._started = False  # shown once: the first read is on its way
        self._loaded = False  # a read is on screen
        self._dirty = False  # what is shown is out of date: read at the next showing
        self._generation = 0  # the newest read

    def reload(self) -> None:
        raise NotImplementedError

    def is_ready(self) -> bool:
        return self._loaded

    def _next_read(self) -> int:
        """A new read starts: its generation (an older read's answer is dropped)."""
        self._dirty = False
        self._generation += 1
        return self._generation

    def _stale(self) -> None:
        """What the page shows is out of date: read again now if seen, else when shown."""
        if self._started and self.isVisible():
            self.reload()
        else:
            self._dirty = True


class MenuToolButton(QToolButton):
    """A tool button that opens its menu, wide enough that the style's menu arrow (drawn
    in its corner by Fusion) never covers the text."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        arrow = self.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, self)
        return QSize(hint.width() + 2 * arrow, hint.height())


__all__ = [
    "KINDS",
    "OVERDUE_COLOR",
    "LivePage",
    "MenuToolButton",
    "activity_changes",
    "capitalized",
    "from_qdate",
    "from_qdatetime",
    "kind_color",
    "kind_text",
    "local",
    "long_date",
    "overdue_color",
    "priority_text",
    "to_qdate",
    "to_qdatetime",
]
