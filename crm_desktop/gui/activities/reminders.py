"""Reminders while the app runs.

One `ReminderCenter` per main window (`install_reminders`). It sleeps on a single-shot
timer until the next reminder (`next_reminder_at`), at most a minute at a time — so a
laptop waking from sleep or a changed system clock is noticed — and plans again after
every change of activities. When reminders are due (`due_reminders`) it shows them in
a `ReminderPopup`: a non-modal panel at the bottom-right of the main window, one row per
reminder with Open / Done / Snooze ▾ / Dismiss, and a system tray message where the
desktop has a tray. The reminders due when the program starts were missed while it was
closed: they come first, under their own heading.

The reminders are the current user's (`Workspace.user_id`) and those of nobody. A
reminder shows itself once: closing the popup hides it until another one is due; the
Today page still lists the item. Time is `ctx.clock`: tests move a `ManualClock` and
call `check_now()`.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QLocale, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsDropShadowEffect,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSystemTrayIcon,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.clock import FixedClock, local_day
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.errors import UserError
from crm_desktop.gui.activities import actions
from crm_desktop.gui.activities.common import OVERDUE_COLOR, activity_changes, kind_text
from crm_desktop.gui.activities.tasks_page import alive, when_text
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.gui.resources import icon
from crm_desktop.services import activities as svc
from crm_desktop.services.activities import ActivityView, ReminderView, SnoozeChoice

MAX_SLEEP_MS = 60_000  # wake at least once a minute (sleep, clock changes)
MIN_SLEEP_MS = 250
START_DELAY_MS = 1_500  # the start screen first, then what was missed
DUE_LIMIT = 500
POPUP_WIDTH = 420
MARGIN = 16

ReminderKey = tuple[int, datetime | None, datetime]


def reminder_key(reminder: ReminderView) -> ReminderKey:
    """One reminder of one item: a snoozed one comes back as a new reminder."""
    v = reminder.activity
    return v.id, v.occurrence_start, reminder.remind_at


class ReminderRow(QFrame):
    """One reminder: kind icon, subject, time, client; Open / Done / Snooze ▾ / Dismiss."""

    open_clicked = Signal(object)  # ReminderView
    done_clicked = Signal(object)
    snooze_chosen = Signal(object, object)  # ReminderView, SnoozeChoice
    dismiss_clicked = Signal(object)

    def __init__(
        self, reminder: ReminderView, ctx: AppContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reminder = reminder
        view = reminder.activity
        self.setObjectName("reminderRow")
        picture = QLabel(self)
        picture.setPixmap(icon(view.kind.value).pixmap(QSize(32, 32)))
        picture.setToolTip(kind_text(view.kind))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        picture.setFixedWidth(40)
        self.subject = QLabel(view.subject, self)
        self.subject.setObjectName("reminderSubject")
        self.subject.setTextFormat(Qt.TextFormat.PlainText)
        self.subject.setWordWrap(True)
        font = QFont(self.subject.font())
        font.setBold(True)
        self.subject.setFont(font)
        self.when = QLabel(self.when_text(view, ctx), self)
        self.when.setObjectName("reminderWhen")
        self.when.setTextFormat(Qt.TextFormat.PlainText)
        if view.is_overdue:
            self.when.setStyleSheet(f"color: {OVERDUE_COLOR};")
        client = " · ".join(x for x in (view.client_name, view.deal_title or "") if x)
        self.client = QLabel(client, self)
        self.client.setObjectName("reminderClient")
        self.client.setTextFormat(Qt.TextFormat.PlainText)
        self.client.setWordWrap(True)
        self.client.setVisible(bool(client))

        self.open_button = self._button(self.tr("Open"), "edit", "reminderOpen")
        self.done_button = self._button(self.tr("Done"), "done", "reminderDone")
        self.snooze_button = self._button(self.tr("Snooze ▾"), "snooze", "reminderSnooze")
        self.dismiss_button = self._button(self.tr("Dismiss"), "", "reminderDismiss")
        self.snooze_menu = QMenu(self)
        self.snooze_menu.setObjectName("reminderSnoozeMenu")
        self.snooze_actions: dict[SnoozeChoice, QAction] = {}
        for choice, text in (
            (SnoozeChoice.MINUTES_5, self.tr("For 5 minutes")),
            (SnoozeChoice.MINUTES_15, self.tr("For 15 minutes")),
            (SnoozeChoice.HOUR_1, self.tr("For 1 hour")),
            (SnoozeChoice.TOMORROW, self.tr("Until tomorrow morning")),
        ):
            act = self.snooze_menu.addAction(text)
            act.triggered.connect(
                lambda _checked=False, c=choice: self.snooze_chosen.emit(self.reminder, c)
            )
            self.snooze_actions[choice] = act
        self.open_button.clicked.connect(lambda: self.open_clicked.emit(self.reminder))
        self.done_button.clicked.connect(lambda: self.done_clicked.emit(self.reminder))
        self.dismiss_button.clicked.connect(lambda: self.dismiss_clicked.emit(self.reminder))
        self.snooze_button.clicked.connect(self.show_snooze_menu)
        self.open_button.setToolTip(self.tr("Open the activity"))
        self.done_button.setToolTip(self.tr("Mark the activity done (asks for the result)"))
        self.snooze_button.setToolTip(self.tr("Remind again later"))
        self.dismiss_button.setToolTip(self.tr("No more reminders; the activity stays planned"))

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 4, 0, 0)
        buttons.setSpacing(4)
        for b in (self.open_button, self.done_button, self.snooze_button, self.dismiss_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lines = QVBoxLayout()
        lines.setSpacing(2)
        lines.addWidget(self.subject)
        lines.addWidget(self.when)
        lines.addWidget(self.client)
        lines.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(picture)
        layout.addLayout(lines, 1)

    def _button(self, text: str, icon_name: str, name: str) -> QPushButton:
        button = QPushButton(icon(icon_name) if icon_name else QIcon(), text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def when_text(self, view: ActivityView, ctx: AppContext) -> str:
        """'Today, 14:30 — in 15 min', 'Fri 20 Nov 10:00', 'Today (all day)'."""
        now = ctx.clock.now()
        tz = ctx.clock.tz
        today = local_day(now, tz)
        locale = QLocale()
        text = when_text(view, tz, today, locale)
        if view.start_at is not None and local_day(view.start_at, tz) == today:
            text = self.tr("Today, %1").replace("%1", text)
            minutes = round((view.start_at - now).total_seconds() / 60)
            if 0 < minutes < 120:
                text = self.tr("%1 — in %n min", "", minutes).replace("%1", text)
            elif view.end_at is not None and view.start_at <= now < view.end_at:
                text = self.tr("%1 — now").replace("%1", text)
        elif view.start_at is None and view.due_on == today:
            text = self.tr("Today (all day)")
        return text

    def show_snooze_menu(self) -> None:
        """Non-blocking, under the button."""
        self.snooze_menu.popup(
            self.snooze_button.mapToGlobal(QPoint(0, self.snooze_button.height()))
        )


class ReminderPopup(QFrame):
    """The due reminders, at the bottom-right of the main window (non-modal)."""

    closed = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("reminderPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#reminderPopup { background: palette(base); border: 1px solid palette(mid);"
            " border-radius: 8px; }"
            " #reminderRow { border-top: 1px solid palette(midlight); }"
            " #reminderSection { color: palette(placeholder-text); font-style: italic; }"
        )
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(24)
        shadow.setOffset(0, 4)
        shadow.setColor(QColor(0, 0, 0, 90))
        self.setGraphicsEffect(shadow)
        self.rows: list[ReminderRow] = []
        self.sections: list[QLabel] = []

        bell = QLabel(self)
        bell.setPixmap(icon("reminder").pixmap(QSize(20, 20)))
        self.heading = QLabel(self)
        self.heading.setObjectName("reminderHeading")
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("reminderClose")
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Hide the reminders"))
        self.close_button.clicked.connect(self.close_popup)
        top = QHBoxLayout()
        top.setContentsMargins(12, 8, 6, 6)
        top.setSpacing(8)
        top.addWidget(bell)
        top.addWidget(self.heading, 1)
        top.addWidget(self.close_button)

        self.body = QWidget(self)
        self.body.setObjectName("reminderBody")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(4, 0, 4, 4)
        self.body_layout.setSpacing(0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.body)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.viewport().setAutoFillBackground(False)
        self.body.setAutoFillBackground(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, 1)
        self.setFixedWidth(POPUP_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.hide()

    def keys(self) -> list[ReminderKey]:
        return [reminder_key(r.reminder) for r in self.rows]

    def set_reminders(
        self, reminders: list[ReminderView], missed_before: datetime, ctx: AppContext
    ) -> None:
        """Rows for `reminders`: those due before `missed_before` under the 'missed' heading."""
        for widget in [*self.rows, *self.sections]:
            self.body_layout.removeWidget(widget)
            widget.deleteLater()
        self.rows, self.sections = [], []
        missed = [r for r in reminders if r.remind_at < missed_before]
        current = [r for r in reminders if r.remind_at >= missed_before]
        for title, group in (
            (self.tr("Missed while the program was closed"), missed),
            (self.tr("Now") if missed else "", current),
        ):
            if not group:
                continue
            if title:
                section = QLabel(title, self.body)
                section.setObjectName("reminderSection")
                section.setContentsMargins(10, 8, 8, 2)
                self.body_layout.addWidget(section)
                self.sections.append(section)
            for reminder in group:
                row = ReminderRow(reminder, ctx, self.body)
                self.body_layout.addWidget(row)
                self.rows.append(row)
        self._update_heading()

    def remove(self, key: ReminderKey) -> None:
        """A reminder dealt with goes at once (the base confirms it a moment later)."""
        for row in list(self.rows):
            if reminder_key(row.reminder) == key:
                self.rows.remove(row)
                self.body_layout.removeWidget(row)
                row.deleteLater()
        if not self.rows:
            self.hide()
        else:
            self._update_heading()
            self.place()

    def _update_heading(self) -> None:
        n = len(self.rows)
        self.heading.setText(self.tr("Reminder") if n == 1 else self.tr("%n reminders", "", n))

    def section_titles(self) -> list[str]:
        return [s.text() for s in self.sections]

    def place(self) -> None:
        """Size to the rows (up to most of the window) and sit at its bottom-right."""
        window = self.parentWidget()
        if window is None:
            return
        bottom = window.height()
        if hasattr(window, "statusBar"):
            bar = window.statusBar()
            if bar.isVisible():
                bottom = bar.geometry().top()
        top = 0
        if hasattr(window, "menuBar"):
            top = window.menuBar().geometry().bottom()
        self.body.adjustSize()
        wanted = self.body.sizeHint().height() + self.heading.sizeHint().height() + 24
        height = max(120, min(wanted, bottom - top - 2 * MARGIN))
        self.setFixedHeight(height)
        self.move(window.width() - POPUP_WIDTH - MARGIN, bottom - height - MARGIN)
        self.raise_()

    def close_popup(self) -> None:
        self.hide()
        self.closed.emit()


class ReminderCenter(QObject):
    """Watches the clock for the window's reminders; see the module docstring."""

    shown = Signal()  # the popup came up with new reminders
    checked = Signal()  # a check is done (the popup is up to date)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("reminderCenter")
        self.window = window
        self.ctx = window.ctx
        self.started_at = self.ctx.clock.now()
        self.due: list[ReminderView] = []
        self.next_at: datetime | None = None
        self.paused = False
        self._seen: set[ReminderKey] = set()
        self._generation = 0
        self.tray: QSystemTrayIcon | None = None
        self.popup = ReminderPopup(window)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check_now)
        self.start_timer = QTimer(self)
        self.start_timer.setSingleShot(True)
        self.start_timer.timeout.connect(self.check_now)
        self.start_timer.start(START_DELAY_MS)
        self.ctx.changed.connect(self._on_changed)
        window.installEventFilter(self)

    # ------------------------------------------------------------ checks

    def is_mine(self, view: ActivityView) -> bool:
        me = self.ctx.ws.user_id
        return me is None or view.owner_id is None or view.owner_id == me

    def check_now(self) -> None:
        """Read what is due now and when the next reminder is; show the new ones."""
        if self.paused:
            return
        self.start_timer.stop()
        self._generation += 1
        generation = self._generation
        ws, clock = self.ctx.ws, self.ctx.clock

        def op(_p: object) -> tuple[list[ReminderView], datetime | None]:
            due = svc.due_reminders(ws, limit=DUE_LIMIT, clock=clock)
            return due, svc.next_reminder_at(ws, clock=clock)

        self.ctx.run(op, lambda result: self._apply(generation, *result), write=False)

    def _apply(self, generation: int, due: list[ReminderView], next_at: datetime | None) -> None:
        if not alive(self.popup) or generation != self._generation or self.paused:
            return
        mine = [r for r in due if self.is_mine(r.activity)]
        new = [r for r in mine if reminder_key(r) not in self._seen]
        self._seen.update(reminder_key(r) for r in new)
        self.due = mine
        if new:
            self.show_reminders(mine)
            self._tell_tray(new)
            self.shown.emit()
        elif self.popup.isVisible() and self.popup.keys() != [reminder_key(r) for r in mine]:
            if mine:
                self.show_reminders(mine)
            else:
                self.popup.hide()
        self._arm(next_at)
        self.checked.emit()

    def _arm(self, next_at: datetime | None) -> None:
        self.next_at = next_at
        ms = float(MAX_SLEEP_MS)
        if next_at is not None:
            ms = (next_at - self.ctx.clock.now()).total_seconds() * 1000 + 20
        self.timer.start(int(min(MAX_SLEEP_MS, max(MIN_SLEEP_MS, ms))))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(EntityKind.ACTIVITY) and not self.start_timer.isActive():
            self.check_now()

    # ------------------------------------------------------------ showing

    def show_reminders(self, reminders: list[ReminderView]) -> None:
        """Fill the popup and bring it up at the bottom-right of the window."""
        self.popup.set_reminders(reminders, self.started_at, self.ctx)
        for row in self.popup.rows:
            row.open_clicked.connect(self.open)
            row.done_clicked.connect(self.done)
            row.snooze_chosen.connect(self.snooze)
            row.dismiss_clicked.connect(self.dismiss)
        self.popup.show()
        self.popup.place()
        if not self.window.isActiveWindow():
            QApplication.alert(self.window)

    def _tell_tray(self, new: list[ReminderView]) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self.tray is None:
            self.tray = QSystemTrayIcon(icon("app"), self)
            self.tray.setToolTip(self.tr("CRM Desktop"))
            self.tray.messageClicked.connect(self._bring_up)
            self.tray.activated.connect(lambda _reason: self._bring_up())
            self.tray.show()
        first = new[-1].activity
        title = self.tr("Reminder") if len(new) == 1 else self.tr("%n reminders", "", len(new))
        text = first.subject
        if first.client_name:
            text += f" — {first.client_name}"
        if len(new) > 1:
            text += "\n" + self.tr("and %n more", "", len(new) - 1)
        self.tray.showMessage(title, text, icon("reminder"), 15_000)

    def _bring_up(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        if self.due:
            self.show_reminders(self.due)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self.window and event.type() == QEvent.Type.Resize
        if resized and self.popup.isVisible():
            self.popup.place()
        return False

    # ------------------------------------------------------------ buttons

    def open(self, reminder: ReminderView) -> None:
        actions.edit_activity(self.ctx, self.window, reminder.activity)

    def done(self, reminder: ReminderView) -> None:
        actions.complete(self.ctx, self.window, reminder.activity)

    def snooze(self, reminder: ReminderView, choice: SnoozeChoice) -> None:
        view = reminder.activity
        ws, clock = self.ctx.ws, self.ctx.clock
        until = svc.snooze_until(choice, clock)
        self.popup.remove(reminder_key(reminder))
        self.ctx.run(
            lambda _p: svc.snooze_reminder(
                ws, view.id, until, occurrence_start=view.occurrence_start, clock=clock
            ),
            lambda result: self.ctx.notify(activity_changes(view, result)),
        )

    def dismiss(self, reminder: ReminderView) -> None:
        view = reminder.activity
        ws, clock = self.ctx.ws, self.ctx.clock
        self.popup.remove(reminder_key(reminder))
        self.ctx.run(
            lambda _p: svc.dismiss_reminder(
                ws, view.id, occurrence_start=view.occurrence_start, clock=clock
            ),
            lambda _none: self.ctx.notify(activity_changes(view)),
        )

    def pause(self) -> None:
        """Stop watching (the screenshot tool shows a chosen set)."""
        self.paused = True
        self.timer.stop()
        self.start_timer.stop()


def install_reminders(window: MainWindow) -> ReminderCenter:
    """Start watching for due reminders (and show those missed while the app was closed)."""
    return ReminderCenter(window)


def reminder_center(window: QWidget) -> ReminderCenter | None:
    return window.findChild(ReminderCenter)


def demo_popup(ctx: AppContext, window: MainWindow) -> QWidget:
    """For `crm-desktop screenshot reminder`: the popup over the window, with the demo
    base's real due reminders (shown as missed) and the nearest planned one shown as due."""
    center = reminder_center(window) or install_reminders(window)
    center.pause()
    me = ctx.ws.user_id
    due = [r for r in svc.due_reminders(ctx.ws, clock=ctx.clock) if center.is_mine(r.activity)]
    shown = due[-2:]
    if len(shown) < 2:
        at = svc.next_reminder_at(ctx.ws, owner_ids=[me] if me else (), clock=ctx.clock)
        if at is not None:
            ahead = svc.due_reminders(ctx.ws, clock=FixedClock(at, ctx.clock.tz))
            known = {reminder_key(r) for r in shown}
            shown += [
                r for r in ahead if center.is_mine(r.activity) and reminder_key(r) not in known
            ][-1:]
    if not shown:
        raise UserError("The base has no activity with a reminder to show.")
    center.started_at = ctx.clock.now()  # the real due ones were missed; the next is due
    center.show_reminders(shown)
    return window


__all__ = [
    "ReminderCenter",
    "ReminderPopup",
    "ReminderRow",
    "demo_popup",
    "install_reminders",
    "reminder_center",
]
