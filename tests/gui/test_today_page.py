"""The Today page, the start screen: the date, overdue items and today's (done ones
struck through), ticking done, opening, the empty state, the day rolling over."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot

from crm_desktop.domain.clock import ManualClock
from crm_desktop.domain.kinds import ActivityKind
from crm_desktop.gui.activities.common import OVERDUE_COLOR, activity_changes, long_date
from crm_desktop.gui.activities.tasks_page import Column
from crm_desktop.gui.activities.today_page import TodayPage
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.services import activities as svc
from crm_desktop.services.activities import ActivityInput, ActivityView
from tests.gui.conftest import add_user, double_click, msk, wait_idle
from tests.gui.test_tasks_page import (
    cell_point,
    click_check_box,
    finish_completion,
    group_texts,
    heading,
    open_list,
    overdue_call,
    plan,
    plan_done,
    row_index,
)


def open_today(qtbot: QtBot, ctx: AppContext) -> tuple[MainWindow, TodayPage]:
    return open_list(qtbot, ctx, TodayPage)  # the start screen


@pytest.fixture
def day(ctx: AppContext, clock: ManualClock) -> dict[str, ActivityView]:
    return {
        "overdue": overdue_call(ctx),
        "morning": plan_done(
            ctx,
            "Morning call",
            "done early",
            kind=ActivityKind.CALL_IN,
            start_at=msk(2026, 11, 23, 9, 0),
            end_at=msk(2026, 11, 23, 9, 15),
        ),
        "meeting": plan(
            ctx,
            "Presentation at Vega",
            kind=ActivityKind.MEETING_PRESENTATION,
            start_at=msk(2026, 11, 23, 14, 0),
            end_at=msk(2026, 11, 23, 15, 0),
        ),
        "todo": plan(ctx, "Prepare the proposal", due_on=date(2026, 11, 23), all_day=True),
        "tomorrow": plan(ctx, "Tomorrow's call", start_at=msk(2026, 11, 24, 10, 0)),
    }


def test_today_is_the_start_screen_with_overdue_and_today(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, day: dict[str, ActivityView]
) -> None:
    window, page = open_today(qtbot, ctx)
    assert window.nav.currentRow() == 0 and window.nav.currentItem().text() == "Today"
    assert page.date_label.text() == long_date(date(2026, 11, 23), QLocale())
    assert "2026" in page.date_label.text() and page.date_label.text()[0].isupper()
    assert group_texts(page) == {
        "overdue": ["Call back Romashka"],
        "today": ["Prepare the proposal", "Morning call", "Presentation at Vega"],
    }
    assert heading(page, "overdue") == "Overdue (1)"
    when = row_index(page.tree, day["overdue"], Column.WHEN)
    assert when.data(Qt.ItemDataRole.ForegroundRole).name() == OVERDUE_COLOR
    done = row_index(page.tree, day["morning"], Column.SUBJECT)
    font = done.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.strikeOut()
    assert not page.showing_empty()


def test_ticking_completes_and_double_click_opens(
    qtbot: QtBot,
    ctx: AppContext,
    clock: ManualClock,
    day: dict[str, ActivityView],
    edited: list[ActivityView],
) -> None:
    _window, page = open_today(qtbot, ctx)
    click_check_box(qtbot, page.tree, day["meeting"])
    finish_completion(qtbot, "They liked it")
    wait_idle(qtbot, ctx)
    saved = svc.get_activity(ctx.ws, day["meeting"].id, clock=clock)
    assert saved.is_done and saved.result == "They liked it"
    qtbot.waitUntil(
        lambda: (
            row_index(page.tree, saved, Column.DONE).data(Qt.ItemDataRole.CheckStateRole)
            == Qt.CheckState.Checked
        )
    )

    double_click(qtbot, page.tree.viewport(), cell_point(page.tree, day["todo"]))
    assert [v.id for v in edited] == [day["todo"].id]


def test_the_page_follows_changes_and_the_day_rolling_over(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, day: dict[str, ActivityView]
) -> None:
    _window, page = open_today(qtbot, ctx)
    added = plan(ctx, "Evening call", start_at=msk(2026, 11, 23, 18, 0))
    ctx.notify(activity_changes(added))
    qtbot.waitUntil(lambda: "Evening call" in group_texts(page)["today"])

    clock.set(msk(2026, 11, 24, 0, 1))
    assert page.clock_watch.check()
    wait_idle(qtbot, ctx)
    assert page.date_label.text() == long_date(date(2026, 11, 24), QLocale())
    shown = group_texts(page)
    assert shown["today"] == ["Tomorrow's call"]
    assert shown["overdue"] == [
        "Call back Romashka",
        "Prepare the proposal",
        "Presentation at Vega",
        "Evening call",
    ]


def test_empty_day_offers_to_plan_a_call(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, presets: list[ActivityInput | None]
) -> None:
    _window, page = open_today(qtbot, ctx)
    assert page.showing_empty() and page.is_ready()
    assert page.plan_call_button.isVisible()
    qtbot.mouseClick(page.plan_call_button, Qt.MouseButton.LeftButton)
    assert len(presets) == 1 and presets[0] is not None
    call = presets[0]
    assert call.kind is ActivityKind.CALL_OUT
    assert call.start_at == msk(2026, 11, 23, 10, 30)  # the next half hour
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert len(presets) == 2 and presets[1] is not None
    assert presets[1].start_at == msk(2026, 11, 23, 10, 30)


def test_owner_filter_shows_one_persons_day(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, day: dict[str, ActivityView]
) -> None:
    anna_id = add_user(ctx, "anna", "Anna Kuznetsova")
    plan(ctx, "Anna's meeting", start_at=msk(2026, 11, 23, 17, 0), owner_id=anna_id)
    _window, page = open_today(qtbot, ctx)
    combo = page.owner_filter
    qtbot.waitUntil(lambda: combo.findData(anna_id) > 0)  # loaded after the first paint
    combo.setCurrentIndex(combo.findData(anna_id))
    wait_idle(qtbot, ctx)
    assert group_texts(page) == {"today": ["Anna's meeting"]}
    assert ctx.settings.value("today/owner") == anna_id
