"""The start screen: today's date, what is overdue and what is planned for today.

One cheap read (`today_panel`: the overdue items, capped, and today's), shown in the
task list's tree (`tasks_page.ActivityTreeModel`) as two sections; done items of today
stay, struck through. Ticking completes (asking the result), double-click opens. The
page reloads when activities change and when the local day rolls over.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QLocale, QSettings, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.clock import local_day
from crm_desktop.domain.kinds import ActivityKind
from crm_desktop.gui.activities import actions
from crm_desktop.gui.activities.common import long_date
from crm_desktop.gui.activities.tasks_page import (
    ActivityListPage,
    ActivityTreeModel,
    Column,
    Group,
    OwnerFilter,
    TaskTree,
    item_key,
)
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.resources import icon
from crm_desktop.services import activities as svc
from crm_desktop.services.activities import ActivityInput, ActivityView, TodayPanel

TODAY_COLUMNS = (Column.DONE, Column.WHEN, Column.SUBJECT, Column.CLIENT, Column.DEAL)
TODAY_WIDTHS = {Column.WHEN: 0.13, Column.CLIENT: 0.23, Column.DEAL: 0.21}


class TodayPage(ActivityListPage):
    """What to do today: overdue items first, then today's by time."""

    owners_at_start = False  # after the first paint: the start stays cheap

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.title = self.tr("Today")
        self.icon_name = "today"
        self.setObjectName("todayPage")
        self.panel: TodayPanel | None = None

        self.date_label = QLabel(self)
        self.date_label.setObjectName("todayDate")
        font = self.date_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.date_label.setFont(font)
        self.owner_filter = OwnerFilter(ctx, "today/owner", self)
        self.owner_filter.setObjectName("todayOwnerFilter")
        self.new_button = QPushButton(icon("new-activity"), self.tr("&New activity…"), self)
        self.new_button.setObjectName("todayNewActivity")
        self.new_button.setToolTip(self.tr("Plan a call, a meeting or a to-do"))

        self.model = ActivityTreeModel(TODAY_COLUMNS, self)
        self.model.strike_done = True
        self.model.alarm_columns = frozenset({Column.WHEN})  # the section heading says it
        self.tree = TaskTree(self.model, self)
        self.tree.setObjectName("todayTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setIndentation(0)
        self.tree.header().resizeSection(self.model.column_of(Column.DONE), 34)
        self.tree.set_widths(TODAY_WIDTHS)
        self.tree.restore_state(ctx.settings, "today")
        self.tree.collapsed_groups.clear()  # both sections always open

        self.empty = self._build_empty()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)

        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 4)
        top.addWidget(self.date_label)
        top.addStretch(1)
        top.addWidget(self.owner_filter)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.new_button.clicked.connect(lambda _checked=False: self.new_activity())
        self.owner_filter.owner_changed.connect(self.reload)
        self.tree.open_requested.connect(self.open_view)
        self.tree.toggle_requested.connect(self.toggle_view)
        self._show_date(local_day(ctx.clock.now(), ctx.clock.tz))

    def _build_empty(self) -> QWidget:
        box = QWidget(self)
        box.setObjectName("todayEmpty")
        picture = QLabel(box)
        picture.setPixmap(icon("today").pixmap(QSize(64, 64)))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel(self.tr("Nothing planned for today"), box)
        heading.setObjectName("todayEmptyHeading")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            self.tr("No calls, meetings or tasks are waiting. A good moment to call a client."),
            box,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plan_call_button = QPushButton(icon("call_out"), self.tr("&Plan a call…"), box)
        self.plan_call_button.setObjectName("todayPlanCall")
        self.plan_call_button.clicked.connect(lambda: self.new_activity(ActivityKind.CALL_OUT))
        layout = QVBoxLayout(box)
        layout.addStretch(1)
        layout.addWidget(picture)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addSpacing(8)
        layout.addWidget(self.plan_call_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return box

    # ------------------------------------------------------------ page

    def command(self, name: str) -> None:
        if name == "new_activity":
            self.new_activity()

    def save_state(self, settings: QSettings) -> None:
        self.tree.save_state(settings, "today")

    def showing_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    # ---------------------------------------------------------- actions

    def new_activity(self, kind: ActivityKind = ActivityKind.TODO) -> QWidget:
        """The editor of a new activity at the next half hour of today."""
        now = self.ctx.clock.now()
        start = now.replace(second=0, microsecond=0) + timedelta(minutes=30 - now.minute % 30)
        minutes = 15 if kind in (ActivityKind.CALL_IN, ActivityKind.CALL_OUT) else 30
        preset = ActivityInput(
            subject="",
            kind=kind,
            start_at=start,
            end_at=start + timedelta(minutes=minutes),
            owner_id=self.owner_filter.owner_id(),
        )
        return actions.new_activity(self.ctx, self, preset)

    def open_view(self, view: ActivityView) -> QWidget:
        return actions.edit_activity(self.ctx, self, view)

    # ------------------------------------------------------------ data

    def reload(self) -> None:
        """Read the panel again (in the background); a newer request wins."""
        generation = self._next_read()
        ws, clock = self.ctx.ws, self.ctx.clock
        owners = self.owner_filter.owner_ids()

        def op(_p: object) -> tuple[TodayPanel, datetime]:
            now = clock.now()
            return svc.today_panel(ws, owner_ids=owners, clock=clock), now

        self.ctx.run(op, lambda result: self._show(generation, *result), write=False)

    def _show(self, generation: int, panel: TodayPanel, now: datetime) -> None:
        if not self._shown(generation):
            return
        first = not self._loaded
        current = self.tree.current_view()
        self.panel = panel
        tz = self.ctx.clock.tz
        self.model.set_groups(
            [
                Group(
                    "overdue", self.tr("Overdue"), list(panel.overdue), panel.overdue_total, True
                ),
                Group("today", self.tr("Today"), list(panel.today)),
            ],
            tz=tz,
            now=now,
        )
        if current is not None:
            self.tree.select_key(item_key(current))
        self._show_date(local_day(now, tz))
        self.stack.setCurrentWidget(self.tree if self.model.rowCount() else self.empty)
        self.clock_watch.watch(now, self.model.moments_of_change())
        self._loaded = True
        self.loaded.emit()
        if first:
            self.owner_filter.load()  # after the first paint: the start stays cheap

    def _show_date(self, day: date) -> None:
        self.date_label.setText(long_date(day, QLocale()))


__all__ = ["TodayPage"]
