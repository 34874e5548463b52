"""The calendar driven like a person: click and sweep empty slots to plan, drag blocks to
another day and time, pull a block's bottom edge, cancel a drag with Esc, move one
occurrence of a series, see a weekly task across the month, filter by user and kind,
navigate the periods, open a day from the month — then check what the base holds
(through the services) and what the views show.

The clock is a ManualClock in Moscow: Wednesday 25 November 2026, 12:00. The page's
views expose the geometry a person sees (`slot_point`, `item_rect`, `y_of`) so the
tests press, move and release the mouse at the right pixels.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crm_desktop.domain.clock import ManualClock
from crm_desktop.domain.kinds import ActivityKind
from crm_desktop.domain.recurrence import Frequency, RecurrenceRule
from crm_desktop.errors import NotFoundError
from crm_desktop.gui.activities import actions
from crm_desktop.gui.activities.calendar_page import CalendarPage, period_text, range_text
from crm_desktop.gui.activities.calendar_views import AgendaModel, TimeGridView
from crm_desktop.gui.activities.common import activity_changes
from crm_desktop.gui.context import AppContext
from crm_desktop.services import activities as svc
from crm_desktop.services.activities import ActivityInput, ActivityView
from tests.gui.conftest import FakeDialogs, add_user, double_click, type_text, wait_idle

MSK = ZoneInfo("Europe/Moscow")
MON, TUE, WED, THU, FRI = (date(2026, 11, 23) + timedelta(days=n) for n in range(5))
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=MSK).astimezone(UTC)
LEFT = Qt.MouseButton.LeftButton


def msk(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=MSK).astimezone(UTC)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Dates in the words of the app's English (en_US), whatever the machine's locale."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def users(ctx: AppContext) -> dict[str, int]:
    ctx.clock = ManualClock(NOW, tz=MSK)
    return {
        "anna": add_user(ctx, "anna", "Анна Кузнецова"),
        "boris": add_user(ctx, "boris", "Борис Петров"),
    }


def plan(
    ctx: AppContext,
    subject: str,
    start: datetime | date,
    end: datetime | None = None,
    **fields: Any,
) -> ActivityView:
    if isinstance(start, datetime):
        data = ActivityInput(subject=subject, start_at=start, end_at=end, **fields)
    else:
        data = ActivityInput(subject=subject, due_on=start, all_day=True, **fields)
    return svc.create_activity(ctx.ws, data, clock=ctx.clock)


def stored(ctx: AppContext, view: ActivityView) -> ActivityView:
    return svc.get_activity(ctx.ws, view.id, clock=ctx.clock)


def week_items(ctx: AppContext, monday: date = MON) -> list[ActivityView]:
    return svc.activities_between(
        ctx.ws, msk(monday, 0), msk(monday + timedelta(days=7), 0), clock=ctx.clock
    )


def open_page(qtbot: QtBot, ctx: AppContext, mode: str = "week") -> CalendarPage:
    ctx.settings.setValue("calendar/mode", mode)
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    qtbot.waitExposed(page)
    page.activate()
    settle(qtbot, ctx, page)
    return page


def settle(qtbot: QtBot, ctx: AppContext, page: CalendarPage) -> None:
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(page.is_ready)
    wait_idle(qtbot, ctx)


def saved_move(qtbot: QtBot, ctx: AppContext, page: CalendarPage) -> None:
    """Until a dropped item's scope is asked and its move saved (or put back)."""
    qtbot.waitUntil(lambda: not page.is_moving())
    wait_idle(qtbot, ctx)


def subjects(views: list[ActivityView]) -> list[str]:
    return sorted(v.subject for v in views)


def drag(qtbot: QtBot, grid: TimeGridView, start: QPoint, end: QPoint) -> None:
    """Press, move past the drag distance, move to `end` (the drop is left to the test)."""
    viewport = grid.viewport()
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(0, QApplication.startDragDistance() + 2))
    qtbot.mouseMove(viewport, end)


def grabbed_to(grid: TimeGridView, rect_top: int, press: QPoint, day: date, minute: int) -> QPoint:
    """Where to move a block grabbed at `press` so that its top lands on `minute` of `day`."""
    grid.ensure_minutes_visible(minute, minute + 60)
    x = grid.day_x(grid.days.index(day)) + grid.day_width() / 2
    return QPoint(int(x), round(grid.y_of(minute)) + (press.y() - rect_top) + 1)


# ------------------------------------------------------------------ creating


def test_click_an_empty_slot_opens_the_editor_there_and_the_block_appears(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from crm_desktop.gui.activities.editor import ActivityDialog

    asked: list[ActivityInput | None] = []
    original = actions.new_activity

    def recording(
        ctx: AppContext, parent: Any, preset: ActivityInput | None = None, on_saved: Any = None
    ) -> Any:
        asked.append(preset)
        return original(ctx, parent, preset, on_saved)

    monkeypatch.setattr(actions, "new_activity", recording)
    page = open_page(qtbot, ctx)
    grid = page.grid
    assert grid.days == [MON + timedelta(days=n) for n in range(7)]

    qtbot.mouseClick(grid.viewport(), LEFT, pos=grid.slot_point(WED, 14 * 60))
    assert asked == [ActivityInput(subject="", start_at=msk(WED, 14), end_at=msk(WED, 14, 30))]
    dialog = page.findChild(ActivityDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(dialog.save_button.isEnabled)
    type_text(qtbot, dialog.subject, "Позвонить в «Ромашку»")
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())

    [saved] = [v for v in week_items(ctx) if v.subject == "Позвонить в «Ромашку»"]
    assert (saved.start_at, saved.end_at) == (msk(WED, 14), msk(WED, 14, 30))
    settle(qtbot, ctx, page)
    shown = grid.block_at_slot(WED, 14 * 60 + 10)
    assert shown is not None and shown.id == saved.id
    assert not grid.item_rect(saved).isEmpty()


def test_sweeping_slots_picks_a_longer_range_and_the_strip_plans_a_whole_day(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int], presets: list[ActivityInput | None]
) -> None:
    page = open_page(qtbot, ctx)
    grid = page.grid
    viewport = grid.viewport()
    grid.ensure_minutes_visible(10 * 60, 12 * 60)
    start = grid.slot_point(THU, 10 * 60)
    end = grid.slot_point(THU, 11 * 60 + 15)
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(0, 12))
    qtbot.mouseMove(viewport, end)
    assert grid.drag_preview() == (THU, 10 * 60, 11 * 60 + 30)  # shown while sweeping
    qtbot.mouseRelease(viewport, LEFT, pos=end)
    assert presets == [ActivityInput(subject="", start_at=msk(THU, 10), end_at=msk(THU, 11, 30))]

    qtbot.mouseClick(viewport, LEFT, pos=grid.allday_point(FRI))
    assert presets[1] == ActivityInput(subject="", due_on=FRI, all_day=True)
    slot = grid.slot_point(MON, 16 * 60)
    double_click(qtbot, viewport, slot)  # one editor, not two
    qtbot.mouseRelease(viewport, LEFT, pos=slot)  # the release after the second press
    assert presets[2:] == [
        ActivityInput(subject="", start_at=msk(MON, 16), end_at=msk(MON, 16, 30))
    ]
    del presets[2:]

    # with a user and a single kind chosen, the new activity is theirs and of that kind
    page.set_owner(users["anna"])
    page.set_kinds([ActivityKind.MEETING_NEGOTIATION])
    settle(qtbot, ctx, page)
    qtbot.mouseClick(viewport, LEFT, pos=grid.slot_point(TUE, 9 * 60))
    assert presets[2] == ActivityInput(
        subject="",
        kind=ActivityKind.MEETING_NEGOTIATION,
        start_at=msk(TUE, 9),
        end_at=msk(TUE, 9, 30),
        owner_id=users["anna"],
    )


def test_month_click_in_an_empty_day_plans_at_nine(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int], presets: list[ActivityInput | None]
) -> None:
    page = open_page(qtbot, ctx, "month")
    month = page.month
    assert month.days[0] == date(2026, 10, 26) and len(month.days) == 42  # Monday first
    qtbot.mouseClick(month, LEFT, pos=month.empty_point(FRI))
    assert presets == [ActivityInput(subject="", start_at=msk(FRI, 9), end_at=msk(FRI, 9, 30))]
    double_click(qtbot, month, month.empty_point(THU))  # one editor, not two
    qtbot.mouseRelease(month, LEFT, pos=month.empty_point(THU))
    assert presets[1:] == [ActivityInput(subject="", start_at=msk(THU, 9), end_at=msk(THU, 9, 30))]


# ------------------------------------------------------------------ moving


def test_drag_a_block_to_another_day_and_time(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int]
) -> None:
    meeting = plan(ctx, "Встреча с ЛПР", msk(TUE, 10), msk(TUE, 11))
    page = open_page(qtbot, ctx)
    grid = page.grid
    rect = grid.item_rect(meeting)
    assert not rect.isEmpty()
    press = QPoint(rect.center().x(), rect.top() + 10)
    target = grabbed_to(grid, rect.top(), press, THU, 14 * 60 + 30)
    drag(qtbot, grid, press, target)
    assert grid.drag_preview() == (THU, 14 * 60 + 30, 15 * 60 + 30)  # the ghost follows
    qtbot.mouseRelease(grid.viewport(), LEFT, pos=target)

    moved = grid.block_at_slot(THU, 14 * 60 + 40)  # shown there at once
    assert moved is not None and moved.id == meeting.id
    assert grid.block_at_slot(TUE, 10 * 60 + 10) is None
    saved_move(qtbot, ctx, page)
    saved = stored(ctx, meeting)
    assert (saved.start_at, saved.end_at) == (msk(THU, 14, 30), msk(THU, 15, 30))
    settle(qtbot, ctx, page)
    shown = grid.block_at_slot(THU, 14 * 60 + 40)
    assert shown is not None and shown.version == saved.version  # the base's copy now


def test_drag_the_bottom_edge_changes_the_end(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int]
) -> None:
    meeting = plan(ctx, "Презентация", msk(TUE, 10), msk(TUE, 11))
    page = open_page(qtbot, ctx)
    grid = page.grid
    viewport = grid.viewport()
    rect = grid.item_rect(meeting)
    edge = QPoint(rect.center().x(), rect.bottom() - 2)
    qtbot.mouseMove(viewport, edge)
    assert viewport.cursor().shape() == Qt.CursorShape.SizeVerCursor
    qtbot.mouseMove(viewport, rect.center())
    assert viewport.cursor().shape() == Qt.CursorShape.ArrowCursor

    target = QPoint(edge.x(), round(grid.y_of(12 * 60 + 20)))  # snaps to 12:15
    drag(qtbot, grid, edge, target)
    assert grid.drag_preview() == (TUE, 10 * 60, 12 * 60 + 15)
    qtbot.mouseRelease(viewport, LEFT, pos=target)
    saved_move(qtbot, ctx, page)
    saved = stored(ctx, meeting)
    assert (saved.start_at, saved.end_at) == (msk(TUE, 10), msk(TUE, 12, 15))
    settle(qtbot, ctx, page)
    assert grid.block_at_slot(TUE, 12 * 60 + 5) is not None


def test_escape_cancels_a_drag(qtbot: QtBot, ctx: AppContext, users: dict[str, int]) -> None:
    call = plan(ctx, "Звонок", msk(MON, 15), msk(MON, 15, 30), kind=ActivityKind.CALL_OUT)
    page = open_page(qtbot, ctx)
    grid = page.grid
    rect = grid.item_rect(call)
    press = rect.center()
    target = grabbed_to(grid, rect.top(), press, FRI, 9 * 60)
    drag(qtbot, grid, press, target)
    assert grid.drag_preview() is not None
    qtbot.keyClick(grid, Qt.Key.Key_Escape)
    assert grid.drag_preview() is None
    qtbot.mouseRelease(grid.viewport(), LEFT, pos=target)
    saved_move(qtbot, ctx, page)
    assert stored(ctx, call).start_at == msk(MON, 15)
    assert grid.block_at_slot(MON, 15 * 60 + 5) is not None


def test_whole_day_item_dragged_onto_a_time_and_back(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int]
) -> None:
    todo = plan(ctx, "Подготовить КП", WED)
    page = open_page(qtbot, ctx)
    grid = page.grid
    rect = grid.item_rect(todo)
    press = QPoint(rect.left() + 20, rect.center().y())
    grid.ensure_minutes_visible(11 * 60, 12 * 60)
    target = grid.slot_point(THU, 11 * 60)
    drag(qtbot, grid, press, target)
    qtbot.mouseRelease(grid.viewport(), LEFT, pos=target)
    saved_move(qtbot, ctx, page)
    saved = stored(ctx, todo)
    assert (saved.start_at, saved.end_at, saved.due_on) == (msk(THU, 11), msk(THU, 11, 30), None)
    settle(qtbot, ctx, page)

    rect = grid.item_rect(saved)
    drag(qtbot, grid, rect.center(), grid.allday_point(MON))
    assert grid.drag_preview() == (MON, None, 0)
    qtbot.mouseRelease(grid.viewport(), LEFT, pos=grid.allday_point(MON))
    saved_move(qtbot, ctx, page)
    again = stored(ctx, todo)
    assert (again.start_at, again.due_on, again.all_day) == (None, MON, True)


def test_dragging_an_occurrence_asks_which_ones(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int], dialogs: FakeDialogs
) -> None:
    series = plan(
        ctx,
        "Планёрка",
        msk(date(2026, 11, 2), 9),
        msk(date(2026, 11, 2), 9, 30),
        kind=ActivityKind.MEETING_NEGOTIATION,
        recurrence=RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 3)),
    )
    page = open_page(qtbot, ctx)
    grid = page.grid
    thursday = grid.block_at_slot(THU, 9 * 60 + 5)
    assert thursday is not None and thursday.is_generated and thursday.id == series.id

    # cancelled: the block goes back and nothing is saved
    dialogs.choices = [None]
    rect = grid.item_rect(thursday)
    target = grabbed_to(grid, rect.top(), rect.center(), THU, 11 * 60)
    drag(qtbot, grid, rect.center(), target)
    qtbot.mouseRelease(grid.viewport(), LEFT, pos=target)
    qtbot.waitUntil(lambda: len(dialogs.questions) == 1)
    text, options = dialogs.questions[0]
    assert "Планёрка" in text
    assert options == ["This occurrence", "This and the following", "All occurrences"]
    qtbot.waitUntil(lambda: grid.block_at_slot(THU, 9 * 60 + 5) is not None)
    assert grid.block_at_slot(THU, 11 * 60 + 5) is None
    saved_move(qtbot, ctx, page)

    # this occurrence only
    dialogs.choices = [0]
    rect = grid.item_rect(thursday)
    target = grabbed_to(grid, rect.top(), rect.center(), THU, 11 * 60)
    drag(qtbot, grid, rect.center(), target)
    qtbot.mouseRelease(grid.viewport(), LEFT, pos=target)
    qtbot.waitUntil(lambda: len(dialogs.questions) == 2)
    saved_move(qtbot, ctx, page)
    starts = sorted(
        v.start_at for v in week_items(ctx) if v.subject == "Планёрка" and v.start_at is not None
    )
    assert starts == [msk(MON, 9), msk(THU, 11)]
    next_week = [v.start_at for v in week_items(ctx, MON + timedelta(days=7))]
    assert msk(THU + timedelta(days=7), 9) in next_week  # the series itself stays
    settle(qtbot, ctx, page)
    assert grid.block_at_slot(THU, 11 * 60 + 5) is not None
    assert grid.block_at_slot(THU, 9 * 60 + 5) is None


def test_month_drag_moves_to_another_day_keeping_the_time(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int]
) -> None:
    call = plan(ctx, "Звонок клиенту", msk(TUE, 16, 45), msk(TUE, 17), kind=ActivityKind.CALL_OUT)
    todo = plan(ctx, "Счёт", TUE)
    page = open_page(qtbot, ctx, "month")
    month = page.month
    for view, day in ((call, date(2026, 12, 3)), (todo, date(2026, 11, 30))):
        rect = month.item_rect(view)
        assert not rect.isEmpty()
        target = month.empty_point(day)
        qtbot.mousePress(month, LEFT, pos=rect.center())
        qtbot.mouseMove(month, rect.center() + QPoint(10, 10))
        qtbot.mouseMove(month, target)
        assert month.drag_target() == day
        qtbot.mouseRelease(month, LEFT, pos=target)
        assert view.subject in subjects(month.day_items(month.days.index(day)))  # at once
        saved_move(qtbot, ctx, page)
    moved_call = stored(ctx, call)
    assert (moved_call.start_at, moved_call.end_at) == (
        msk(date(2026, 12, 3), 16, 45),
        msk(date(2026, 12, 3), 17),
    )
    assert stored(ctx, todo).due_on == date(2026, 11, 30)


def test_a_weekly_recurring_task_across_the_month(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int]
) -> None:
    first = date(2026, 11, 2)
    plan(
        ctx,
        "Отчёт руководителю",
        msk(first, 10),
        msk(first, 10, 30),
        recurrence=RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 3)),
    )
    page = open_page(qtbot, ctx, "month")
    month = page.month
    expected = [d for d in month.days if d >= first and d.weekday() in (0, 3)]
    assert len(expected) == 10  # Mondays and Thursdays from 2 November to 6 December
    for n, day in enumerate(month.days):
        items = [v for v in month.day_items(n) if v.subject == "Отчёт руководителю"]
        assert len(items) == (1 if day in expected else 0), day
        if items:
            assert items[0].start_at == msk(day, 10)
            assert not month.item_rect(items[0], day).isEmpty()  # drawn in the cell
    assert page.period_label.text() == "November 2026"


# ------------------------------------------------------------------ filters, navigation


def test_filters_by_user_and_kind_hide_blocks(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int]
) -> None:
    plan(
        ctx,
        "Звонок Анны",
        msk(MON, 10),
        msk(MON, 10, 30),
        kind=ActivityKind.CALL_OUT,
        owner_id=users["anna"],
    )
    plan(
        ctx,
        "Встреча Анны",
        msk(TUE, 10),
        msk(TUE, 11),
        kind=ActivityKind.MEETING_PRESENTATION,
        owner_id=users["anna"],
    )
    plan(
        ctx,
        "Звонок Бориса",
        msk(WED, 10),
        msk(WED, 10, 30),
        kind=ActivityKind.CALL_OUT,
        owner_id=users["boris"],
    )
    page = open_page(qtbot, ctx)
    grid = page.grid
    assert subjects(grid.items()) == ["Встреча Анны", "Звонок Анны", "Звонок Бориса"]

    combo = page.owner_combo
    combo.setCurrentIndex(combo.findText("Борис Петров"))
    settle(qtbot, ctx, page)
    assert subjects(grid.items()) == ["Звонок Бориса"]
    assert grid.block_at_slot(MON, 10 * 60 + 5) is None

    combo.setCurrentIndex(combo.findText("Анна Кузнецова"))
    settle(qtbot, ctx, page)
    assert subjects(grid.items()) == ["Встреча Анны", "Звонок Анны"]
    page.kind_actions[ActivityKind.CALL_OUT].trigger()  # untick "Outgoing call"
    settle(qtbot, ctx, page)
    assert subjects(grid.items()) == ["Встреча Анны"]
    assert page.kinds_button.text() == "Kinds: 7 of 8"

    combo.setCurrentIndex(0)  # all users
    settle(qtbot, ctx, page)
    assert subjects(grid.items()) == ["Встреча Анны"]
    page.all_kinds_action.trigger()
    settle(qtbot, ctx, page)
    assert subjects(grid.items()) == ["Встреча Анны", "Звонок Анны", "Звонок Бориса"]
    assert page.kinds_button.text() == "All kinds"


def test_today_previous_next_and_jump_change_the_period(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int]
) -> None:
    page = open_page(qtbot, ctx)
    label = page.period_label
    assert label.text() == "November 23 – 29, 2026"
    qtbot.mouseClick(page.next_button, LEFT)
    assert label.text() == "November 30 – December 6, 2026"
    assert page.grid.days[0] == date(2026, 11, 30)
    qtbot.mouseClick(page.previous_button, LEFT)
    qtbot.mouseClick(page.previous_button, LEFT)
    assert label.text() == "November 16 – 22, 2026"
    qtbot.mouseClick(page.today_button, LEFT)
    assert label.text() == "November 23 – 29, 2026" and page.current_date == WED

    qtbot.mouseClick(page.findChild(type(page.next_button), "calendarMode_month"), LEFT)
    assert page.mode == "month" and label.text() == "November 2026"
    qtbot.mouseClick(page.next_button, LEFT)
    assert label.text() == "December 2026" and page.current_date == date(2026, 12, 25)
    page.set_mode("day")
    assert label.text() == "Friday, December 25, 2026"

    page.date_edit.setDate(QDate(2027, 1, 14))  # picked in the calendar popup
    assert label.text() == "Thursday, January 14, 2027"
    page.set_mode("work_week")
    assert label.text() == "January 11 – 15, 2027"
    assert page.grid.days == [date(2027, 1, 11) + timedelta(days=n) for n in range(5)]
    page.set_mode("agenda")
    assert label.text() == "January 14 – February 12, 2027"
    page.set_date(date(2026, 12, 28))
    page.set_mode("week")
    assert label.text() == "December 28, 2026 – January 3, 2027"
    settle(qtbot, ctx, page)


def test_period_labels_in_russian() -> None:
    ru = QLocale(QLocale.Language.Russian, QLocale.Country.Russia)
    assert range_text(MON, date(2026, 11, 29), ru) == "23 – 29 ноября 2026\u202fг."
    assert range_text(date(2026, 11, 30), date(2026, 12, 6), ru) == (
        "30 ноября – 6 декабря 2026\u202fг."
    )
    assert period_text("day", WED, ru) == "Среда, 25 ноября 2026\u202fг."
    assert period_text("month", WED, ru) == "Ноябрь 2026"
    assert period_text("work_week", date(2026, 12, 30), ru) == (
        "28 декабря 2026\u202fг. – 1 января 2027\u202fг."
    )


def test_month_more_and_week_header_open_the_day(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int]
) -> None:
    for n in range(12):
        plan(ctx, f"Звонок {n}", msk(WED, 9 + n % 9, 15), kind=ActivityKind.CALL_OUT)
    page = open_page(qtbot, ctx, "month")
    month = page.month
    shown, more = month.shown_count(WED)
    assert shown + more == 12 and more > 0
    rect = month.more_rect(WED)
    assert not rect.isEmpty()
    qtbot.mouseClick(month, LEFT, pos=rect.center())
    assert page.mode == "day" and page.current_date == WED
    settle(qtbot, ctx, page)
    assert len(page.grid.items()) == 12

    page.set_mode("week")
    grid = page.grid
    header = QPoint(int(grid.day_x(grid.days.index(FRI)) + 20), grid.header_h // 2)
    qtbot.mouseClick(grid.viewport(), LEFT, pos=header)
    assert page.mode == "day" and page.current_date == FRI


# ------------------------------------------------------------------ the items


def test_overlapping_blocks_side_by_side_with_marks(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int]
) -> None:
    late = plan(ctx, "Просроченный звонок", msk(MON, 10), msk(MON, 11), kind=ActivityKind.CALL_OUT)
    other = plan(
        ctx, "Встреча", msk(MON, 10, 30), msk(MON, 11, 30), kind=ActivityKind.MEETING_NEGOTIATION
    )
    later = plan(ctx, "После", msk(MON, 12), msk(MON, 13))
    svc.complete_activity(ctx.ws, later.id, "Сделано", clock=ctx.clock)
    page = open_page(qtbot, ctx)
    grid = page.grid
    blocks = {b.view.subject: b for b in grid.timed[0]}
    assert (blocks["Просроченный звонок"].cols, blocks["Встреча"].cols) == (2, 2)
    assert {blocks["Просроченный звонок"].col, blocks["Встреча"].col} == {0, 1}
    assert blocks["После"].cols == 1
    first, second = grid.item_rect(late), grid.item_rect(other)
    assert not first.intersects(second) and first.top() < second.top()
    assert blocks["Просроченный звонок"].view.is_overdue
    assert blocks["После"].view.is_done
    grid.grab()  # paints every mark without failing


def test_context_menu_keyboard_and_double_click(
    qtbot: QtBot,
    ctx: AppContext,
    users: dict[str, int],
    dialogs: FakeDialogs,
    edited: list[ActivityView],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    completed: list[ActivityView] = []
    monkeypatch.setattr(
        actions, "complete", lambda ctx, parent, view, on_done=None: completed.append(view)
    )
    call = plan(ctx, "Звонок", msk(MON, 9), msk(MON, 9, 30), kind=ActivityKind.CALL_OUT)
    done = plan(ctx, "Письмо", msk(TUE, 9), msk(TUE, 9, 30), kind=ActivityKind.EMAIL)
    svc.complete_activity(ctx.ws, done.id, "Отправлено", clock=ctx.clock)
    todo = plan(ctx, "Договор", msk(WED, 15), msk(WED, 16))
    page = open_page(qtbot, ctx)
    grid = page.grid
    viewport = grid.viewport()

    def texts(view: ActivityView) -> list[str]:
        return [a.text() for a in page.context_menu(view, None).actions() if a.text()]

    assert texts(call) == ["&Open…", "Mark &done…", "Move to the &trash…"]
    assert texts(stored(ctx, done)) == ["&Open…", "&Reopen", "Move to the &trash…"]
    menu = page.context_menu(call, None)
    next(a for a in menu.actions() if a.text() == "Mark &done…").trigger()
    assert [v.id for v in completed] == [call.id]
    reopen = next(
        a for a in page.context_menu(stored(ctx, done), None).actions() if a.text() == "&Reopen"
    )
    reopen.trigger()
    wait_idle(qtbot, ctx)
    assert not stored(ctx, done).is_done

    double_click(qtbot, viewport, grid.item_rect(call).center())
    assert [v.id for v in edited] == [call.id]

    # the arrows move the selection; Enter opens it, Delete moves it to the trash
    def selected() -> str:
        view = grid.selected_view()
        return view.subject if view is not None else ""

    assert selected() == "Звонок"
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert selected() == "Письмо"
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert selected() == "Договор"
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    assert selected() == "Письмо"
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert [v.id for v in edited] == [call.id, todo.id]
    dialogs.answers = [True]
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert dialogs.confirms and "Договор" in dialogs.confirms[-1]
    wait_idle(qtbot, ctx)
    with pytest.raises(NotFoundError):
        stored(ctx, todo)
    settle(qtbot, ctx, page)
    assert "Договор" not in subjects(grid.items())


def test_agenda_lists_the_coming_days_and_opens_an_item(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int], edited: list[ActivityView]
) -> None:
    plan(ctx, "Вчерашний звонок", msk(TUE, 9), msk(TUE, 9, 30), kind=ActivityKind.CALL_OUT)
    call = plan(
        ctx,
        "Звонок",
        msk(WED, 15),
        msk(WED, 15, 30),
        kind=ActivityKind.CALL_OUT,
        owner_id=users["anna"],
    )
    plan(ctx, "Подготовить КП", THU)
    plan(ctx, "Встреча", msk(date(2026, 12, 20), 11), msk(date(2026, 12, 20), 12))
    plan(ctx, "Через месяц", msk(date(2026, 12, 28), 11), msk(date(2026, 12, 28), 12))
    page = open_page(qtbot, ctx, "agenda")
    model = page.agenda.agenda
    assert model.days == [WED, THU, date(2026, 12, 20)]  # 30 days from today, only busy ones

    def shown(row: int) -> list[str]:
        return [str(model.data(model.index(row, column)) or "") for column in range(4)]

    assert [shown(n) for n in range(model.rowCount())] == [
        ["Today, Wednesday, November 25, 2026", "", "", ""],
        ["3:00\u202fPM – 3:30\u202fPM", "Звонок", "", "Анна Кузнецова"],
        ["Tomorrow, Thursday, November 26, 2026", "", "", ""],
        ["All day", "Подготовить КП", "", shown(3)[3]],
        ["Sunday, December 20, 2026", "", "", ""],
        ["11:00\u202fAM – 12:00\u202fPM", "Встреча", "", shown(5)[3]],
    ]
    assert shown(3)[3]  # the current user's name
    assert page.agenda.columnSpan(0, 0) == 4  # a heading spans the row
    row = model.index(1, AgendaModel.TIME)
    view = page.agenda
    view.scrollTo(row)
    double_click(qtbot, view.viewport(), view.visualRect(row).center())
    assert [v.id for v in edited] == [call.id]


# ------------------------------------------------------------------ the page


def test_reloads_on_changes_and_keeps_the_mode(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int]
) -> None:
    page = open_page(qtbot, ctx, "work_week")
    assert page.mode == "work_week" and len(page.grid.days) == 5
    made = plan(ctx, "Новая задача", msk(THU, 11), msk(THU, 12))
    ctx.notify(activity_changes(made))
    settle(qtbot, ctx, page)
    assert "Новая задача" in subjects(page.grid.items())

    page.hide()
    other = plan(ctx, "Пока скрыт", msk(FRI, 11), msk(FRI, 12))
    ctx.notify(activity_changes(other))
    wait_idle(qtbot, ctx)
    assert "Пока скрыт" not in subjects(page.grid.items())  # not read while hidden
    page.show()
    page.activate()
    settle(qtbot, ctx, page)
    assert "Пока скрыт" in subjects(page.grid.items())

    page.set_mode("month")
    page.save_state(ctx.settings)
    again = CalendarPage(ctx)
    qtbot.addWidget(again)
    assert again.mode == "month" and again.month.isVisibleTo(again)


def test_the_calendar_in_the_main_window(
    qtbot: QtBot, ctx: AppContext, users: dict[str, int], main_window: Any
) -> None:
    plan(ctx, "Встреча в окне", msk(WED, 13), msk(WED, 14))
    page = main_window.show_page("calendar")
    assert isinstance(page, CalendarPage)
    assert page.title == "Calendar"
    settle(qtbot, ctx, page)
    assert subjects(page.grid.items()) == ["Встреча в окне"]
    for mode in ("day", "week", "work_week", "month", "agenda", "week"):
        page.set_mode(mode)
        settle(qtbot, ctx, page)
        assert subjects(page.shown_items()) == ["Встреча в окне"], mode
