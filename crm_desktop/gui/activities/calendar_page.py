"""The calendar page: day, week, work week, month and agenda views of the activities,
with the period's navigation, filters by responsible user and kind, and the commands
of an item (open, mark done, reopen, move to the trash, drag to reschedule).

Data. The page reads `activities_between` for the days the view shows, in the
background, with a generation counter so a late answer of an older period or filter
is dropped. A new period or mode first shows what is already loaded for those days
(switching week → day shows at once), then the fresh read replaces it. Writes made
anywhere (`ctx.changed` touching activities or the names they show) reload the page
when it is visible, or when it is shown next.

Moving. A drag shows the block in its new place at once (the item is replaced in the
loaded list); `actions.reschedule` then asks the scope of a series and saves in the
background. A cancelled question puts the block back; a refusal reloads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import partial
from time import monotonic

from PySide6.QtCore import QDate, QLocale, QPoint, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
)

from crm_desktop.domain.clock import at_local, local_day, local_midnight, week_start
from crm_desktop.domain.kinds import ActivityKind, EntityKind
from crm_desktop.gui.activities import actions
from crm_desktop.gui.activities.calendar_views import (
    SLOT_MINUTES,
    AgendaView,
    MonthView,
    TimeGridView,
    item_key,
)
from crm_desktop.gui.activities.common import (
    KINDS,
    LivePage,
    MenuToolButton,
    capitalized,
    from_qdate,
    kind_text,
    long_date,
    to_qdate,
)
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.resources import icon
from crm_desktop.services import activities as svc
from crm_desktop.services import deals as deals_svc
from crm_desktop.services.activities import ActivityInput, ActivityView

MODES = ("day", "week", "work_week", "month", "agenda")
MODE_KEY = "calendar/mode"
OWNER_KEY = "calendar/owner"
HIDDEN_KINDS_KEY = "calendar/hidden_kinds"
AGENDA_DAYS = 30
CACHE_SECONDS = 120.0  # items read longer ago are read again when the period changes
MONTH_WEEKS = 6
_RELOAD_KINDS = frozenset(
    {
        EntityKind.ACTIVITY,
        EntityKind.ORGANIZATION,
        EntityKind.PERSON,
        EntityKind.DEAL,
        EntityKind.USER,
    }
)

Filter = tuple[int | None, frozenset[ActivityKind] | None]  # owner (None: all), kinds (None: all)


# ------------------------------------------------------------------ periods


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    first = date(year, month + 1, 1)
    following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first.replace(day=min(day.day, (following - first).days))


def period_days(mode: str, day: date, first_weekday: int = 0) -> list[date]:
    """The days a mode shows around `day` (weeks start on `first_weekday`, 0 = Monday;
    a work week is the Monday to Friday of that week)."""
    if mode == "day":
        return [day]
    if mode in ("week", "work_week"):
        first = week_start(day, first_weekday)
        week = [first + timedelta(days=n) for n in range(7)]
        return week if mode == "week" else [d for d in week if d.weekday() < 5]
    if mode == "month":
        first = week_start(day.replace(day=1), first_weekday)
        return [first + timedelta(days=n) for n in range(7 * MONTH_WEEKS)]
    return [day + timedelta(days=n) for n in range(AGENDA_DAYS)]


def step_date(mode: str, day: date, step: int) -> date:
    """The date one period before (-1) or after (+1)."""
    if mode == "day":
        return day + timedelta(days=step)
    if mode in ("week", "work_week"):
        return day + timedelta(days=7 * step)
    if mode == "month":
        return _add_months(day, step)
    return day + timedelta(days=AGENDA_DAYS * step)


def _long_format(locale: QLocale) -> str:
    """The locale's long date without the weekday: 'MMMM d, yyyy', 'd MMMM yyyy 'г'.'."""
    fmt = locale.dateFormat(QLocale.FormatType.LongFormat)
    return re.sub(r"d{4}[,.]?[\s\u202f]*", "", fmt).strip()


def range_text(first: date, last: date, locale: QLocale) -> str:
    """'23 – 29 November 2026', 'November 23 – 29, 2026', '30 ноября – 6 декабря 2026 г.'."""
    fmt = _long_format(locale)
    a, b = to_qdate(first), to_qdate(last)
    if first == last:
        return locale.toString(a, fmt)
    if first.year != last.year:
        return f"{locale.toString(a, fmt)} – {locale.toString(b, fmt)}"
    no_year = re.sub(r"[\s,\u202f.]*y+(?:[\s\u202f]*'[^']*'\.?)?", "", fmt).strip(" ,")
    if first.month != last.month:
        return f"{locale.toString(a, no_year)} – {locale.toString(b, fmt)}"
    if fmt.find("d") < fmt.find("M"):  # 23 – 29 November 2026
        day = re.match(r"d+\.?", fmt[fmt.find("d") :])
        return f"{locale.toString(a, day.group(0) if day else 'd')} – {locale.toString(b, fmt)}"
    no_month = re.sub(r"M+[\s\u202f.]*", "", fmt).strip()  # November 23 – 29, 2026
    return f"{locale.toString(a, no_year)} – {locale.toString(b, no_month)}"


def period_text(mode: str, day: date, locale: QLocale, first_weekday: int = 0) -> str:
    """The period label of the toolbar, in the words of the locale."""
    if mode == "day":
        return long_date(day, locale)
    if mode == "month":
        name = locale.standaloneMonthName(day.month, QLocale.FormatType.LongFormat)
        return f"{capitalized(name)} {locale.toString(to_qdate(day), 'yyyy')}"
    days = period_days(mode, day, first_weekday)
    return range_text(days[0], days[-1], locale)


# ------------------------------------------------------------------ the page


class CalendarPage(LivePage):
    """Planned and done activities on a calendar: Day, Week, Work week, Month, Agenda."""

    data_shown = Signal()  # a read from the base is on screen

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.title = self.tr("Calendar")
        self.icon_name = "calendar"
        self.setObjectName("calendarPage")
        settings = ctx.settings
        mode = str(settings.value(MODE_KEY, "week"))
        self._mode = mode if mode in MODES else "week"
        self._date = self.today()
        owner = settings.value(OWNER_KEY, None)
        self._owner_id: int | None = (
            int(owner) if isinstance(owner, int | str) and str(owner).isdigit() else None
        )
        hidden = str(settings.value(HIDDEN_KINDS_KEY, "") or "")
        hidden_kinds = {k for k in KINDS if k.value in hidden.split(",")}
        self._items: list[ActivityView] = []
        self._loaded_key: tuple[date, date, Filter] | None = None  # what _items holds
        self._loaded_at = 0.0  # monotonic() of that read
        self._epoch = 0  # counts the changes announced: a read of an older epoch is stale
        self._loaded_epoch = -1
        self._moves = 0  # drags shown but not saved (or put back) yet
        self._serial = 0  # counts the changes of _items' content (the views keep their texts)

        self.grid = TimeGridView(self)
        self.grid.now_source = self.ctx.clock.now
        self.grid.work_hours = ctx.ws.settings.working_hours()
        self.month = MonthView(self)
        self.agenda = AgendaView(self)
        self.stack = QStackedWidget(self)
        for view in (self.grid, self.month, self.agenda):
            self.stack.addWidget(view)
            view.open_requested.connect(self.open_item)
            view.trash_requested.connect(self.trash_item)
            view.menu_requested.connect(self._show_menu)
        for view in (self.grid, self.month):
            view.create_requested.connect(self.create_at)
            view.move_requested.connect(self.move_item)
            view.day_requested.connect(self.show_day)

        # ------------------------------------------------------- toolbar
        self.today_button = QPushButton(icon("today"), self.tr("Today"), self)
        self.today_button.setObjectName("calendarToday")
        self.today_button.setToolTip(self.tr("Go to today (Ctrl+T)"))
        self.today_button.clicked.connect(self.go_today)
        self.previous_button = self._tool_button("calendarPrevious", "previous", self.go_previous)
        self.next_button = self._tool_button("calendarNext", "next", self.go_next)
        self.period_label = QLabel(self)
        self.period_label.setObjectName("calendarPeriod")
        font = self.period_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.period_label.setFont(font)
        self.period_label.setMinimumWidth(120)

        self.mode_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        mode_row = QHBoxLayout()
        mode_row.setSpacing(0)
        for n, (mode_name, text, icon_name, tip) in enumerate(
            (
                ("day", self.tr("Day"), "day-view", self.tr("One day by the hour")),
                ("week", self.tr("Week"), "week-view", self.tr("Monday to Sunday by the hour")),
                ("work_week", self.tr("Work week"), "week-view", self.tr("Monday to Friday")),
                ("month", self.tr("Month"), "month-view", self.tr("Six weeks around the month")),
                ("agenda", self.tr("Agenda"), "agenda", self.tr("A list of the coming 30 days")),
            ),
            start=1,
        ):
            act = QAction(icon(icon_name), text, self)
            act.setCheckable(True)
            act.setToolTip(f"{tip} (Ctrl+{n})")
            act.setShortcut(QKeySequence(f"Ctrl+{n}"))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(partial(self.set_mode, mode_name))
            group.addAction(act)
            self.addAction(act)
            self.mode_actions[mode_name] = act
            button = QToolButton(self)
            button.setObjectName(f"calendarMode_{mode_name}")
            button.setDefaultAction(act)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.setIconSize(QSize(18, 18))
            mode_row.addWidget(button)

        self.new_button = QPushButton(icon("new-activity"), self.tr("New activity…"), self)
        self.new_button.setObjectName("calendarNew")
        self.new_button.setToolTip(self.tr("Plan a call, a meeting or a to-do"))
        self.new_button.clicked.connect(self.new_activity)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("calendarDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setToolTip(self.tr("Go to a date"))
        calendar = self.date_edit.calendarWidget()
        calendar.setFirstDayOfWeek(Qt.DayOfWeek(self.first_weekday() + 1))
        self.date_edit.dateChanged.connect(self._date_chosen)
        date_label = QLabel(self.tr("&Go to:"), self)
        date_label.setBuddy(self.date_edit)

        filter_picture = QLabel(self)
        filter_picture.setPixmap(icon("filter").pixmap(QSize(16, 16)))
        self.owner_combo = QComboBox(self)
        self.owner_combo.setObjectName("calendarOwner")
        self.owner_combo.setToolTip(self.tr("Only the activities of this user"))
        self.owner_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.owner_combo.setMinimumContentsLength(12)
        self.owner_combo.addItem(self.tr("All users"), None)
        self.owner_combo.currentIndexChanged.connect(self._owner_chosen)
        self.kinds_button = MenuToolButton(self)
        self.kinds_button.setObjectName("calendarKinds")
        self.kinds_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.kinds_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.kinds_button.setToolTip(self.tr("Which kinds of activities to show"))
        self.kinds_menu = QMenu(self.kinds_button)
        self.all_kinds_action = self.kinds_menu.addAction(self.tr("Show all kinds"))
        self.all_kinds_action.triggered.connect(self.show_all_kinds)
        self.kinds_menu.addSeparator()
        self.kind_actions: dict[ActivityKind, QAction] = {}
        for kind in KINDS:
            act = self.kinds_menu.addAction(icon(kind.value), kind_text(kind))
            act.setCheckable(True)
            act.setChecked(kind not in hidden_kinds)
            act.toggled.connect(self._kinds_changed)
            self.kind_actions[kind] = act
        self.kinds_button.setMenu(self.kinds_menu)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("calendarStatus")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

        self._build_shortcuts()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.today_button)
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        top.addSpacing(8)
        top.addWidget(self.period_label, 1)
        top.addLayout(mode_row)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        second.addWidget(self.new_button)
        second.addSpacing(12)
        second.addWidget(date_label)
        second.addWidget(self.date_edit)
        second.addSpacing(12)
        second.addWidget(self.status_label, 1)
        second.addWidget(filter_picture)
        second.addWidget(self.owner_combo)
        second.addWidget(self.kinds_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.stack, 1)

        self.mode_actions[self._mode].setChecked(True)
        self._update_kinds_button()
        self._show_mode_widget()
        self._show_period()
        ctx.changed.connect(self._on_changed)
        ctx.settings_changed.connect(self._settings_changed)

    def _settings_changed(self) -> None:
        """Week start or working hours changed (the Settings dialog): show them."""
        calendar = self.date_edit.calendarWidget()
        calendar.setFirstDayOfWeek(Qt.DayOfWeek(self.first_weekday() + 1))
        self.grid.work_hours = self.ctx.ws.settings.working_hours()
        self._show_period()

    def first_weekday(self) -> int:
        """The first day of the week from the settings (0 = Monday … 6 = Sunday)."""
        return self.ctx.ws.settings.first_weekday()

    def _tool_button(self, name: str, icon_name: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setIcon(icon(icon_name))
        button.setAutoRaise(True)
        button.setIconSize(QSize(18, 18))
        button.clicked.connect(slot)
        return button

    def _build_shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+T", self.go_today),
            ("Alt+Left", self.go_previous),
            ("Alt+Right", self.go_next),
            ("Ctrl+Shift+A", self.new_activity),
        ):
            act = QAction(self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)

    # ------------------------------------------------------------ page

    def activate(self) -> None:
        if not self._started:
            self._started = True
            self._load_owners()
            if self._date != self.today():  # built before midnight, or before its clock
                self._date = self.today()
                self._show_period(read=False)
            self.reload()
        elif self._dirty or not self._covers(self.days(), self._filter()):
            self.reload()  # changed meanwhile, or read too long ago

    def command(self, name: str) -> None:
        if name == "new_activity":
            self.new_activity()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(MODE_KEY, self._mode)
        settings.setValue(OWNER_KEY, "all" if self._owner_id is None else self._owner_id)
        hidden = [k.value for k, act in self.kind_actions.items() if not act.isChecked()]
        settings.setValue(HIDDEN_KINDS_KEY, ",".join(hidden))

    # ------------------------------------------------------------ state

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def current_date(self) -> date:
        return self._date

    def today(self) -> date:
        return local_day(self.ctx.clock.now(), self.ctx.clock.tz)

    def days(self) -> list[date]:
        return period_days(self._mode, self._date, self.first_weekday())

    def current_view(self) -> TimeGridView | MonthView | AgendaView:
        if self._mode == "month":
            return self.month
        if self._mode == "agenda":
            return self.agenda
        return self.grid

    def shown_items(self) -> list[ActivityView]:
        """The items the current view shows (each once)."""
        return self.current_view().items()

    def set_mode(self, mode: str, *_args: object) -> None:
        """Show 'day', 'week', 'work_week', 'month' or 'agenda'."""
        if mode not in MODES:
            raise ValueError(f"unknown calendar mode {mode!r}")
        self.mode_actions[mode].setChecked(True)
        if mode == self._mode:
            return
        self._mode = mode
        self.ctx.settings.setValue(MODE_KEY, mode)
        self._show_mode_widget()
        self._show_period()

    def set_date(self, day: date) -> None:
        """Show the period holding `day` (the agenda: from `day` on)."""
        if day == self._date:
            return
        self._date = day
        self._show_period()

    def go_today(self) -> None:
        self.set_date(self.today())

    def go_previous(self) -> None:
        self.set_date(step_date(self._mode, self._date, -1))

    def go_next(self) -> None:
        self.set_date(step_date(self._mode, self._date, +1))

    def show_day(self, day: date) -> None:
        self.set_date(day)
        self.set_mode("day")

    def _show_mode_widget(self) -> None:
        self.stack.setCurrentWidget(self.current_view())

    def _show_period(self, *, read: bool = True) -> None:
        """Label, date box, what is already loaded for these days; then read them."""
        self.period_label.setText(
            period_text(self._mode, self._date, self.locale(), self.first_weekday())
        )
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(to_qdate(self._date))
        self.date_edit.blockSignals(False)
        steps = {
            "day": (self.tr("Previous day"), self.tr("Next day")),
            "week": (self.tr("Previous week"), self.tr("Next week")),
            "work_week": (self.tr("Previous week"), self.tr("Next week")),
            "month": (self.tr("Previous month"), self.tr("Next month")),
            "agenda": (self.tr("The 30 days before"), self.tr("The 30 days after")),
        }[self._mode]
        self.previous_button.setToolTip(steps[0] + " (Alt+Left)")
        self.next_button.setToolTip(steps[1] + " (Alt+Right)")
        self._apply()
        if not read or self._covers(self.days(), self._filter()):
            return
        self._stale()

    def _date_chosen(self, value: QDate) -> None:
        if value.isValid():
            self.set_date(from_qdate(value))

    # ---------------------------------------------------------- filters

    def _filter(self) -> Filter:
        checked = frozenset(k for k, act in self.kind_actions.items() if act.isChecked())
        return self._owner_id, (None if len(checked) == len(KINDS) else checked)

    def set_owner(self, owner_id: int | None) -> None:
        index = self.owner_combo.findData(owner_id)
        if index >= 0:
            self.owner_combo.setCurrentIndex(index)
        else:
            self._owner_id = owner_id
            self._filter_changed()

    def set_kinds(self, kinds: Sequence[ActivityKind] | None) -> None:
        """Show only these kinds (None: all)."""
        for kind, act in self.kind_actions.items():
            act.blockSignals(True)
            act.setChecked(kinds is None or kind in kinds)
            act.blockSignals(False)
        self._kinds_changed()

    def show_all_kinds(self) -> None:
        self.set_kinds(None)

    def _owner_chosen(self, _index: int) -> None:
        data = self.owner_combo.currentData()
        owner = int(data) if isinstance(data, int) else None
        if owner != self._owner_id:
            self._owner_id = owner
            self._filter_changed()

    def _kinds_changed(self, *_args: object) -> None:
        self._update_kinds_button()
        self._filter_changed()

    def _update_kinds_button(self) -> None:
        checked = [k for k, act in self.kind_actions.items() if act.isChecked()]
        if len(checked) == len(KINDS):
            self.kinds_button.setText(self.tr("All kinds"))
            self.kinds_button.setIcon(icon("filter"))
        elif len(checked) == 1:
            self.kinds_button.setText(kind_text(checked[0]))
            self.kinds_button.setIcon(icon(checked[0].value))
        else:
            self.kinds_button.setText(
                self.tr("Kinds: %1 of %2")
                .replace("%1", self.locale().toString(len(checked)))
                .replace("%2", self.locale().toString(len(KINDS)))
            )
            self.kinds_button.setIcon(icon("filter"))
        self.all_kinds_action.setEnabled(len(checked) != len(KINDS))

    def _filter_changed(self) -> None:
        self._apply()
        if self._covers(self.days(), self._filter()):
            return
        self._stale()

    def _load_owners(self) -> None:
        ws = self.ctx.ws
        self.ctx.run(lambda _p: deals_svc.users_for_assignment(ws), self._show_owners, write=False)

    def _show_owners(self, owners: list[tuple[int, str]]) -> None:
        self.owner_combo.blockSignals(True)
        while self.owner_combo.count() > 1:
            self.owner_combo.removeItem(1)
        for owner_id, name in owners:
            self.owner_combo.addItem(icon("person"), name, owner_id)
        found = self.owner_combo.findData(self._owner_id) if self._owner_id is not None else 0
        self.owner_combo.setCurrentIndex(max(0, found))
        self.owner_combo.blockSignals(False)
        if self._owner_id is not None and found < 0:  # the user is gone: show everybody's
            self._owner_id = None
            self._filter_changed()

    # ------------------------------------------------------------- data

    def reload(self) -> None:
        """Read the shown days' activities with the filters (in the background)."""
        generation = self._next_read()
        days = self.days()
        flt = self._filter()
        epoch = self._epoch
        if flt[1] is not None and not flt[1]:  # every kind unticked: nothing to read
            self._show_loaded(generation, epoch, (days[0], days[-1], flt), [])
            return
        self.ctx.run(
            self._reader(days, flt),
            partial(self._show_loaded, generation, epoch, (days[0], days[-1], flt)),
            write=False,
            on_failure=partial(self._load_failed, generation),
        )

    def _reader(self, days: list[date], flt: Filter) -> Callable[[object], list[ActivityView]]:
        """The background read of `days` under `flt` (all of the clock's local days)."""
        owner, kinds = flt
        ws, clock = self.ctx.ws, self.ctx.clock
        start = local_midnight(days[0], clock.tz)
        end = local_midnight(days[-1] + timedelta(days=1), clock.tz)
        return lambda _progress: svc.activities_between(
            ws,
            start,
            end,
            owner_ids=() if owner is None else (owner,),
            kinds=kinds or (),
            clock=clock,
        )

    def _load_failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation != self._generation:
            return
        self.ctx.show_error(exc, details)
        self._loaded = True

    def _show_loaded(
        self,
        generation: int,
        epoch: int,
        key: tuple[date, date, Filter],
        views: list[ActivityView],
    ) -> None:
        if generation != self._generation:
            return
        self._keep(epoch, key, views)
        self._loaded = True
        self._apply()
        self.data_shown.emit()
        self._prefetch()

    def _keep(self, epoch: int, key: tuple[date, date, Filter], views: list[ActivityView]) -> None:
        self._serial += 1
        self._items = views
        self._loaded_key = key
        self._loaded_at = monotonic()
        self._loaded_epoch = epoch

    def _covers(self, days: list[date], flt: Filter) -> bool:
        """True when the items in hand hold every item of `days` under `flt`, and are fresh:
        no change announced since they were read, not older than CACHE_SECONDS."""
        key = self._loaded_key
        if key is None or self._loaded_epoch != self._epoch:
            return False
        if monotonic() - self._loaded_at > CACHE_SECONDS:
            return False
        first, last, (owner, kinds) = key
        if not (first <= days[0] and days[-1] <= last):
            return False
        want_owner, want_kinds = flt
        if owner is not None and owner != want_owner:
            return False
        return kinds is None or (want_kinds is not None and want_kinds <= kinds)

    def neighbourhood(self) -> list[date]:
        """The days every mode may show around the current date: the month's six weeks
        and the agenda's 30 days (read ahead, so switching modes needs no read)."""
        first_weekday = self.first_weekday()
        days = {*period_days("month", self._date, first_weekday)}
        days.update(period_days("agenda", self._date))
        days.update(period_days("week", self._date, first_weekday))
        first, last = min(days), max(days)
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def _prefetch(self) -> None:
        """Read the neighbourhood of the shown period in the background (once shown)."""
        if CACHE_SECONDS <= 0 or not self.isVisible():
            return
        days = self.neighbourhood()
        flt = self._filter()
        if self._covers(days, flt):
            return
        if flt[1] is not None and not flt[1]:
            return
        epoch = self._epoch
        key = (days[0], days[-1], flt)

        def arrived(views: list[ActivityView]) -> None:
            loaded = self._loaded_key
            if (
                epoch == self._epoch
                and flt == self._filter()
                and not self._moves
                and loaded is not None
                and days[0] <= loaded[0]
                and loaded[1] <= days[-1]
            ):
                self._keep(epoch, key, views)  # the same items on screen: nothing to redraw

        self.ctx.run(
            self._reader(days, flt),
            arrived,
            write=False,
            on_failure=lambda _exc, _details: None,  # a read ahead: the views read on demand
        )

    def _visible(self, days: list[date], flt: Filter) -> list[ActivityView]:
        """The loaded items that fall on `days` and pass the filter."""
        key = (days[0], days[-1], flt)
        if self._loaded_key == key:
            return self._items
        if self._loaded_key is None:
            return []
        tz = self.ctx.clock.tz
        start = local_midnight(days[0], tz)
        end = local_midnight(days[-1] + timedelta(days=1), tz)
        first, last = days[0], days[-1]
        owner, kinds = flt
        out = []
        for v in self._items:
            if owner is not None and v.owner_id != owner:
                continue
            if kinds is not None and v.kind not in kinds:
                continue
            if v.start_at is None:
                if v.due_on is not None and first <= v.due_on <= last:
                    out.append(v)
            elif v.start_at < end and (
                v.start_at >= start or (v.end_at is not None and v.end_at > start)
            ):
                out.append(v)
        return out

    def _apply(self) -> None:
        """Show what is loaded for the current days and filters in the current view."""
        days = self.days()
        views = self._visible(days, self._filter())
        clock = self.ctx.clock
        now, tz, locale = clock.now(), clock.tz, self.locale()
        if self._mode == "month":
            self.month.set_data(days, self._date.month, views, tz, now, locale, self._serial)
        elif self._mode == "agenda":
            self.agenda.set_data(days, views, tz, now, locale)
        else:
            self.grid.set_data(days, views, tz, now, locale, self._serial)
        self._show_status(views)

    def _show_status(self, views: list[ActivityView]) -> None:
        if self._loaded_key is None:
            self.status_label.setText(self.tr("Loading…"))
            return
        count = len(views)
        overdue = sum(1 for v in views if v.is_overdue and not v.is_done)
        text = (
            self.tr("%n activities", "", count)
            if count
            else self.tr("No activities in this period")
        )
        if overdue:
            text += " · " + self.tr("%n overdue", "", overdue)
        self.status_label.setText(text)

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(EntityKind.USER) and self._started:
            self._load_owners()
        if not changes.kinds & _RELOAD_KINDS:
            return
        self._epoch += 1
        self._stale()

    # ---------------------------------------------------------- commands

    def _owner_for_new(self) -> int | None:
        return self._owner_id

    def _kind_for_new(self) -> ActivityKind:
        _owner, kinds = self._filter()
        return next(iter(kinds)) if kinds is not None and len(kinds) == 1 else ActivityKind.TODO

    def create_at(self, start: datetime | date, end: datetime | None = None) -> None:
        """Open the editor of a new activity at a slot (a moment) or on a day (a date)."""
        if isinstance(start, datetime):
            preset = ActivityInput(
                subject="",
                kind=self._kind_for_new(),
                start_at=start,
                end_at=end or start + timedelta(minutes=SLOT_MINUTES),
                owner_id=self._owner_for_new(),
            )
        else:
            preset = ActivityInput(
                subject="",
                kind=self._kind_for_new(),
                due_on=start,
                all_day=True,
                owner_id=self._owner_for_new(),
            )
        actions.new_activity(self.ctx, self, preset)

    def new_activity(self) -> None:
        """The toolbar's command: the next whole hour today, or 09:00 of the shown day."""
        clock = self.ctx.clock
        now = clock.now()
        if self._date == self.today():
            wall = now.astimezone(clock.tz)
            start = at_local(self._date, time(wall.hour), clock.tz) + timedelta(hours=1)
        else:
            start = at_local(self._date, time(9), clock.tz)
        self.create_at(start, start + timedelta(minutes=SLOT_MINUTES))

    def open_item(self, view: ActivityView) -> None:
        actions.edit_activity(self.ctx, self, view)

    def complete_item(self, view: ActivityView) -> None:
        actions.complete(self.ctx, self, view)

    def reopen_item(self, view: ActivityView) -> None:
        actions.reopen(self.ctx, self, view)

    def trash_item(self, view: ActivityView) -> None:
        if not view.is_series and not self.ctx.dialogs.confirm(
            self,
            self.tr("Move to the trash"),
            self.tr("Move “%1” to the trash? It can be restored from there.").replace(
                "%1", view.subject
            ),
        ):
            return
        actions.trash(self.ctx, self, view)

    def context_menu(self, view: ActivityView | None, slot: datetime | date | None) -> QMenu:
        menu = QMenu(self)
        if view is not None:
            opened = menu.addAction(icon("edit"), self.tr("&Open…"))
            opened.triggered.connect(partial(self.open_item, view))
            menu.setDefaultAction(opened)
            if view.is_done:
                act = menu.addAction(icon("reopen"), self.tr("&Reopen"))
                act.triggered.connect(partial(self.reopen_item, view))
            else:
                act = menu.addAction(icon("done"), self.tr("Mark &done…"))
                act.triggered.connect(partial(self.complete_item, view))
            menu.addSeparator()
            act = menu.addAction(icon("delete"), self.tr("Move to the &trash…"))
            act.triggered.connect(partial(self.trash_item, view))
        elif slot is not None:
            act = menu.addAction(icon("new-activity"), self.tr("&New activity here…"))
            act.triggered.connect(partial(self.create_at, slot, None))
        return menu

    def _show_menu(
        self, view: ActivityView | None, slot: datetime | date | None, pos: QPoint
    ) -> None:
        menu = self.context_menu(view, slot)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(pos)

    # ------------------------------------------------------------- moves

    def move_item(self, view: ActivityView, start: datetime | date, end: datetime | None) -> None:
        """Show the item in its new place now; ask the scope and save it next."""
        moved = self._moved(view, start, end)
        key = item_key(view)
        self._items = [moved if item_key(v) == key else v for v in self._items]
        self._serial += 1
        self._apply()
        self._moves += 1
        QTimer.singleShot(0, self, partial(self._save_move, view, start, end))

    def is_moving(self) -> bool:
        """True while a dragged item waits for its scope question or its save."""
        return self._moves > 0

    def _moved(
        self, view: ActivityView, start: datetime | date, end: datetime | None
    ) -> ActivityView:
        clock = self.ctx.clock
        if isinstance(start, datetime):
            if end is None:
                if view.start_at is not None:
                    end = start + (view.end_at - view.start_at) if view.end_at else None
                else:
                    end = start + svc.DEFAULT_DURATION
            overdue = not view.is_done and (end or start) < clock.now()
            return replace(
                view, start_at=start, end_at=end, due_on=None, all_day=False, is_overdue=overdue
            )
        overdue = not view.is_done and start < self.today()
        return replace(
            view, start_at=None, end_at=None, due_on=start, all_day=True, is_overdue=overdue
        )

    def _save_move(self, view: ActivityView, start: datetime | date, end: datetime | None) -> None:
        runner = self.ctx.runner
        before = set(runner.jobs)
        saved: list[ActivityView] = []
        actions.reschedule(self.ctx, self, view, start, end, on_done=saved.append)
        started = [job for job in runner.jobs if job not in before]
        if not started:  # the scope question was cancelled: put it back
            self._moves -= 1
            key = item_key(view)
            self._items = [view if item_key(v) == key else v for v in self._items]
            self._serial += 1
            self._apply()
            return
        job = started[0]

        def settled() -> None:
            self._moves -= 1
            if not saved:  # refused (changed meanwhile, a rule): show the base's state
                self.reload()

        def finished(done: object) -> None:
            if done is not job:
                return
            runner.job_finished.disconnect(finished)
            # on_success runs right after job_finished: look on the next turn
            QTimer.singleShot(0, self, settled)

        runner.job_finished.connect(finished)


__all__ = ["MODES", "CalendarPage", "period_days", "period_text", "range_text", "step_date"]
