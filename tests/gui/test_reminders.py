"""Reminders with a clock the test moves: on time (not a minute early), snooze, done,
dismiss, the ones missed while the program was closed, whose reminders show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from crm_desktop.domain.clock import ManualClock
from crm_desktop.domain.kinds import ActivityKind
from crm_desktop.gui.activities.reminders import (
    ReminderCenter,
    ReminderRow,
    demo_popup,
    reminder_center,
)
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.services import activities as svc
from crm_desktop.services.activities import ActivityView
from tests.gui.conftest import add_user, msk, show_window, wait_idle
from tests.gui.test_tasks_page import finish_completion, plan


def call_at_ten(
    ctx: AppContext, subject: str = "Call Romashka back", **fields: object
) -> ActivityView:
    """A call at 10:15 with its reminder at 10:00."""
    return plan(
        ctx,
        subject,
        kind=ActivityKind.CALL_OUT,
        start_at=msk(2026, 11, 23, 10, 15),
        end_at=msk(2026, 11, 23, 10, 30),
        reminder_minutes=15,
        **fields,
    )


def start(qtbot: QtBot, ctx: AppContext) -> tuple[MainWindow, ReminderCenter]:
    window = show_window(qtbot, ctx)
    center = reminder_center(window)
    assert center is not None
    return window, center


def check(qtbot: QtBot, ctx: AppContext, center: ReminderCenter) -> None:
    """What the timer does when it fires."""
    with qtbot.waitSignal(center.checked):
        center.check_now()
    wait_idle(qtbot, ctx)


def shown_subjects(center: ReminderCenter) -> list[str]:
    if not center.popup.isVisible():
        return []
    return [row.subject.text() for row in center.popup.rows]


def row_of(center: ReminderCenter, subject: str) -> ReminderRow:
    return next(r for r in center.popup.rows if r.subject.text() == subject)


def test_a_reminder_shows_on_time_not_a_minute_early(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock
) -> None:
    clock.set(msk(2026, 11, 23, 9, 0))
    call = call_at_ten(ctx)
    assert call.reminder_at == msk(2026, 11, 23, 10, 0)
    window, center = start(qtbot, ctx)
    clock.set(msk(2026, 11, 23, 9, 59))
    check(qtbot, ctx, center)
    assert shown_subjects(center) == []
    assert center.next_at == msk(2026, 11, 23, 10, 0)
    assert center.timer.isActive() and center.timer.interval() == 60_000  # a minute at most

    clock.set(msk(2026, 11, 23, 10, 0))
    with qtbot.waitSignal(center.shown):
        center.check_now()
    assert shown_subjects(center) == ["Call Romashka back"]
    row = row_of(center, "Call Romashka back")
    assert "in 15 min" in row.when.text()
    assert center.popup.section_titles() == []  # not missed: due while running
    # anchored at the bottom-right of the main window, inside it
    popup = center.popup.geometry()
    assert window.rect().contains(popup)
    assert window.width() - popup.right() < 40 and window.height() - popup.bottom() < 80

    # closing it hides it until another reminder is due
    qtbot.mouseClick(center.popup.close_button, Qt.MouseButton.LeftButton)
    check(qtbot, ctx, center)
    assert shown_subjects(center) == []


def click_snooze(qtbot: QtBot, row: ReminderRow, text: str) -> None:
    qtbot.mouseClick(row.snooze_button, Qt.MouseButton.LeftButton)
    menu = row.snooze_menu
    qtbot.waitUntil(menu.isVisible)
    action = next(a for a in menu.actions() if a.text() == text)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def test_snooze_fifteen_minutes_fires_again_later(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock
) -> None:
    call = call_at_ten(ctx)
    _window, center = start(qtbot, ctx)
    check(qtbot, ctx, center)
    assert shown_subjects(center) == ["Call Romashka back"]

    click_snooze(qtbot, row_of(center, "Call Romashka back"), "For 15 minutes")
    wait_idle(qtbot, ctx)
    assert svc.get_activity(ctx.ws, call.id, clock=clock).reminder_at == msk(2026, 11, 23, 10, 15)
    assert shown_subjects(center) == []
    assert center.next_at == msk(2026, 11, 23, 10, 15)

    clock.advance(minutes=14)
    check(qtbot, ctx, center)
    assert shown_subjects(center) == []
    clock.advance(minutes=1)
    with qtbot.waitSignal(center.shown):
        center.check_now()
    assert shown_subjects(center) == ["Call Romashka back"]


def test_snooze_until_tomorrow_morning(qtbot: QtBot, ctx: AppContext, clock: ManualClock) -> None:
    call = call_at_ten(ctx)
    _window, center = start(qtbot, ctx)
    check(qtbot, ctx, center)
    click_snooze(qtbot, row_of(center, "Call Romashka back"), "Until tomorrow morning")
    wait_idle(qtbot, ctx)
    assert svc.get_activity(ctx.ws, call.id, clock=clock).reminder_at == msk(2026, 11, 24, 9, 0)


def test_done_completes_with_the_result(qtbot: QtBot, ctx: AppContext, clock: ManualClock) -> None:
    call = call_at_ten(ctx)
    _window, center = start(qtbot, ctx)
    check(qtbot, ctx, center)
    qtbot.mouseClick(row_of(center, "Call Romashka back").done_button, Qt.MouseButton.LeftButton)
    finish_completion(qtbot, "They will pay on Friday")
    wait_idle(qtbot, ctx)
    saved = svc.get_activity(ctx.ws, call.id, clock=clock)
    assert saved.is_done and saved.result == "They will pay on Friday"
    qtbot.waitUntil(lambda: shown_subjects(center) == [])
    clock.advance(hours=1)
    check(qtbot, ctx, center)
    assert shown_subjects(center) == []  # a done item reminds no more


def test_dismiss_stops_the_reminder(qtbot: QtBot, ctx: AppContext, clock: ManualClock) -> None:
    call = call_at_ten(ctx)
    other = call_at_ten(ctx, "Send the invoice")
    _window, center = start(qtbot, ctx)
    check(qtbot, ctx, center)
    assert sorted(shown_subjects(center)) == ["Call Romashka back", "Send the invoice"]
    assert center.popup.heading.text() == "2 reminders"
    qtbot.mouseClick(row_of(center, "Call Romashka back").dismiss_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert svc.get_activity(ctx.ws, call.id, clock=clock).reminder_dismissed_at == clock.now()
    assert not svc.get_activity(ctx.ws, call.id, clock=clock).is_done  # still planned
    qtbot.waitUntil(lambda: shown_subjects(center) == ["Send the invoice"])
    clock.advance(minutes=30)
    check(qtbot, ctx, center)
    assert shown_subjects(center) == ["Send the invoice"]
    assert svc.get_activity(ctx.ws, other.id, clock=clock).reminder_dismissed_at is None


def test_open_shows_the_activity(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, edited: list[ActivityView]
) -> None:
    call = call_at_ten(ctx)
    _window, center = start(qtbot, ctx)
    check(qtbot, ctx, center)
    qtbot.mouseClick(row_of(center, "Call Romashka back").open_button, Qt.MouseButton.LeftButton)
    assert [v.id for v in edited] == [call.id]


def test_reminders_missed_while_closed_show_at_start(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock
) -> None:
    clock.set(msk(2026, 11, 23, 8, 0))
    call_at_ten(ctx, "Missed call")  # reminder at 10:00
    clock.set(msk(2026, 11, 23, 12, 0))  # the program starts at noon
    _window, center = start(qtbot, ctx)
    qtbot.waitUntil(lambda: shown_subjects(center) == ["Missed call"], timeout=5_000)
    assert center.popup.section_titles() == ["Missed while the program was closed"]

    # a reminder due later, while the program runs, is listed apart
    plan(ctx, "Afternoon call", start_at=msk(2026, 11, 23, 12, 30), reminder_minutes=10)
    wait_idle(qtbot, ctx)
    clock.set(msk(2026, 11, 23, 12, 20))
    with qtbot.waitSignal(center.shown):
        center.check_now()
    assert shown_subjects(center) == ["Missed call", "Afternoon call"]
    assert center.popup.section_titles() == ["Missed while the program was closed", "Now"]


def test_only_my_reminders_and_those_of_nobody(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock
) -> None:
    anna_id = add_user(ctx, "anna", "Anna")
    call_at_ten(ctx, "Mine")
    call_at_ten(ctx, "Anna's", owner_id=anna_id)
    _window, center = start(qtbot, ctx)
    check(qtbot, ctx, center)
    assert shown_subjects(center) == ["Mine"]


def test_a_series_reminds_of_its_occurrence(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock
) -> None:
    from crm_desktop.domain.recurrence import Frequency, RecurrenceRule

    plan(
        ctx,
        "Daily stand-up",
        kind=ActivityKind.MEETING_NEGOTIATION,
        start_at=msk(2026, 11, 24, 9, 30),
        end_at=msk(2026, 11, 24, 9, 45),
        reminder_minutes=10,
        recurrence=RecurrenceRule(Frequency.DAILY),
    )
    _window, center = start(qtbot, ctx)
    clock.set(msk(2026, 11, 25, 9, 20))
    with qtbot.waitSignal(center.shown):
        center.check_now()
    assert shown_subjects(center) == ["Daily stand-up"]
    click_snooze(qtbot, row_of(center, "Daily stand-up"), "For 5 minutes")
    wait_idle(qtbot, ctx)
    clock.advance(minutes=5)
    with qtbot.waitSignal(center.shown):
        center.check_now()
    (reminder,) = center.due
    assert reminder.activity.occurrence_start == msk(2026, 11, 25, 9, 30)
    assert reminder.remind_at == msk(2026, 11, 25, 9, 25)


def test_demo_popup_shows_a_reminder(qtbot: QtBot, ctx: AppContext, clock: ManualClock) -> None:
    plan(ctx, "Tomorrow's call", start_at=msk(2026, 11, 24, 11, 0), reminder_minutes=15)
    window = show_window(qtbot, ctx)
    shot = demo_popup(ctx, window)
    center = reminder_center(window)
    assert center is not None and center.paused
    assert shot is window and shown_subjects(center) == ["Tomorrow's call"]
    assert not shot.grab().isNull()


def test_snooze_menu_lists_the_choices(qtbot: QtBot, ctx: AppContext, clock: ManualClock) -> None:
    call_at_ten(ctx)
    _window, center = start(qtbot, ctx)
    check(qtbot, ctx, center)
    menu = row_of(center, "Call Romashka back").snooze_menu
    assert isinstance(menu, QMenu)
    assert [a.text() for a in menu.actions()] == [
        "For 5 minutes",
        "For 15 minutes",
        "For 1 hour",
        "Until tomorrow morning",
    ]
