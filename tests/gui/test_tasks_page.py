"""The task list: groups by due time (and regrouping when the clock passes midnight),
sorting by a header within the groups, ticking done (with the result dialog), reopening,
filters, delete, and the layout kept across reloads."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import pytest
from PySide6.QtCore import QDate, QLocale, QModelIndex, QPoint, Qt, QTime
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
)
from pytestqt.qtbot import QtBot

from crm_desktop.domain.clock import ManualClock
from crm_desktop.domain.kinds import ActivityKind, Priority
from crm_desktop.domain.recurrence import Frequency, RecurrenceRule
from crm_desktop.gui.activities.common import OVERDUE_COLOR, activity_changes
from crm_desktop.gui.activities.completion import CompletionDialog
from crm_desktop.gui.activities.tasks_page import (
    GROUP_ROLE,
    ActivityTreeModel,
    Column,
    TasksPage,
    item_key,
)
from crm_desktop.gui.activities.today_page import TodayPage
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.services import activities as svc
from crm_desktop.services.activities import ActivityInput, ActivityView
from tests.gui.conftest import (
    MONDAY_10,
    MSK,
    FakeDialogs,
    add_user,
    double_click,
    msk,
    show_window,
    type_text,
    wait_idle,
)

ListPage = TypeVar("ListPage", TasksPage, TodayPage)


def plan(ctx: AppContext, subject: str, **fields: object) -> ActivityView:
    return svc.create_activity(
        ctx.ws,
        ActivityInput(subject=subject, **fields),  # type: ignore[arg-type]
        clock=ctx.clock,
    )


def row_index(tree: QTreeView, view: ActivityView, column: Column) -> QModelIndex:
    model = tree.model()
    assert isinstance(model, ActivityTreeModel)
    index = model.index_of(item_key(view), model.column_of(column))
    assert index.isValid(), f"{view.subject} is not shown"
    tree.scrollTo(index)
    return index


def check_box_point(tree: QTreeView, view: ActivityView) -> QPoint:
    """The centre of a row's "done" box, as the style draws it."""
    index = row_index(tree, view, Column.DONE)
    option = QStyleOptionViewItem()
    option.rect = tree.visualRect(index)
    option.widget = tree
    tree.itemDelegateForIndex(index).initStyleOption(option, index)  # type: ignore[attr-defined]
    box = tree.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, tree)
    return box.center()


def cell_point(tree: QTreeView, view: ActivityView, column: Column = Column.SUBJECT) -> QPoint:
    return tree.visualRect(row_index(tree, view, column)).center()


def click_action(qtbot: QtBot, page: TasksPage, action: QAction) -> None:
    """Click the toolbar button of an action."""
    button = page.toolbar.widgetForAction(action)
    assert isinstance(button, QToolButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_check_box(qtbot: QtBot, tree: QTreeView, view: ActivityView) -> None:
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=check_box_point(tree, view))


def finish_completion(qtbot: QtBot, result: str) -> None:
    """Answer the result dialog the way a person does: type, click "Mark done"."""
    qtbot.waitUntil(lambda: find_completion() is not None)
    dialog = find_completion()
    assert dialog is not None
    text = dialog.findChild(QPlainTextEdit, "completionResult")
    assert text is not None
    type_text(qtbot, text, result)
    plan_next = dialog.findChild(QCheckBox, "completionPlanNext")
    if plan_next is not None and plan_next.isChecked():
        box = QPoint(8, plan_next.height() // 2)  # the box itself, at the left
        qtbot.mouseClick(plan_next, Qt.MouseButton.LeftButton, pos=box)  # no follow-up now
        assert not plan_next.isChecked()
    ok = dialog.findChild(QPushButton, "completionOk")
    assert ok is not None
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find_completion() is None)  # closed (and deleted)


def find_completion() -> CompletionDialog | None:
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, CompletionDialog) and w.isVisible()
    ]
    return found[-1] if found else None


def group_texts(page: TasksPage | TodayPage) -> dict[str, list[str]]:
    """What the tree shows: the subjects under each group key."""
    model = page.model
    shown: dict[str, list[str]] = {}
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        key = str(group.data(GROUP_ROLE))
        subject = model.column_of(Column.SUBJECT)
        shown[key] = [
            str(model.index(r, subject, group).data()) for r in range(model.rowCount(group))
        ]
    return shown


def heading(page: TasksPage | TodayPage, key: str) -> str:
    return str(page.model.group_index(key).data())


def open_list(
    qtbot: QtBot, ctx: AppContext, kind: type[ListPage], name: str | None = None
) -> tuple[MainWindow, ListPage]:
    """The main window on a list page (`name`; None: the start screen), once it is read."""
    window = show_window(qtbot, ctx)
    page = window.current_page if name is None else window.show_page(name)
    assert isinstance(page, kind)
    qtbot.waitUntil(page.is_ready)
    wait_idle(qtbot, ctx)
    return window, page


def open_tasks(qtbot: QtBot, ctx: AppContext) -> tuple[MainWindow, TasksPage]:
    return open_list(qtbot, ctx, TasksPage, "tasks")


def overdue_call(ctx: AppContext) -> ActivityView:
    """Friday's call not made: overdue on Monday."""
    return plan(
        ctx,
        "Call back Romashka",
        kind=ActivityKind.CALL_OUT,
        start_at=msk(2026, 11, 20, 15, 0),
        end_at=msk(2026, 11, 20, 15, 15),
    )


def plan_done(ctx: AppContext, subject: str, result: str, **fields: object) -> ActivityView:
    """An activity planned and completed with `result`, as the base holds it then."""
    view = plan(ctx, subject, **fields)
    svc.complete_activity(ctx.ws, view.id, result, clock=ctx.clock)
    return svc.get_activity(ctx.ws, view.id, clock=ctx.clock)


@pytest.fixture
def week(ctx: AppContext, clock: ManualClock) -> dict[str, ActivityView]:
    """One item for every group, around Monday 23 November 2026 (Moscow)."""
    items = {
        "overdue": overdue_call(ctx),
        "today_call": plan(
            ctx,
            "Call the buyer",
            kind=ActivityKind.CALL_OUT,
            start_at=msk(2026, 11, 23, 16, 0),
            end_at=msk(2026, 11, 23, 16, 15),
        ),
        "today_todo": plan(ctx, "Prepare the proposal", due_on=date(2026, 11, 23), all_day=True),
        "tomorrow": plan(
            ctx,
            "Negotiations",
            kind=ActivityKind.MEETING_NEGOTIATION,
            start_at=msk(2026, 11, 24, 11, 0),
            end_at=msk(2026, 11, 24, 12, 0),
        ),
        "this_week": plan(
            ctx,
            "Send the contract",
            kind=ActivityKind.EMAIL,
            due_on=date(2026, 11, 26),
            all_day=True,
        ),
        "later": plan(ctx, "Quarterly review", due_on=date(2026, 12, 10), all_day=True),
        "no_date": plan(ctx, "Tidy up the price list"),
    }
    items["done"] = plan_done(
        ctx, "Old call", "talked", kind=ActivityKind.CALL_IN, start_at=msk(2026, 11, 19, 10, 0)
    )
    return items


def test_tasks_land_in_their_groups_and_move_when_the_day_changes(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, week: dict[str, ActivityView]
) -> None:
    window, page = open_tasks(qtbot, ctx)
    assert window.current_page is page
    assert group_texts(page) == {
        "overdue": ["Call back Romashka"],
        "today": ["Prepare the proposal", "Call the buyer"],
        "tomorrow": ["Negotiations"],
        "this_week": ["Send the contract"],
        "later": ["Quarterly review"],
        "no_date": ["Tidy up the price list"],
    }
    assert heading(page, "today") == "Today (2)"
    overdue = row_index(page.tree, week["overdue"], Column.SUBJECT)
    assert overdue.data(Qt.ItemDataRole.ForegroundRole).name() == OVERDUE_COLOR
    when = row_index(page.tree, week["today_call"], Column.WHEN)
    locale = QLocale()
    short = QLocale.FormatType.ShortFormat
    assert when.data() == locale.toString(QTime(16, 0), short)  # today: the time only
    assert row_index(page.tree, week["today_todo"], Column.WHEN).data() == "All day"
    assert row_index(page.tree, week["tomorrow"], Column.WHEN).data() == (
        locale.toString(QDate(2026, 11, 24), "ddd d MMM")
        + " "
        + locale.toString(QTime(11, 0), short)
    )

    qtbot.mouseClick(page.show_done, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "done" in page.model.group_keys())
    assert group_texts(page)["done"] == ["Old call"]
    done_cell = row_index(page.tree, week["done"], Column.DONE)
    assert done_cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    # 00:05 on Tuesday: the list notices the new day by itself (its timer's check)
    clock.set(msk(2026, 11, 24, 0, 5))
    assert page.clock_watch.check()
    wait_idle(qtbot, ctx)
    shown = group_texts(page)
    assert shown["overdue"] == ["Call back Romashka", "Prepare the proposal", "Call the buyer"]
    assert shown["today"] == ["Negotiations"]
    assert "tomorrow" not in shown  # nothing on Wednesday but the week's group
    assert shown["this_week"] == ["Send the contract"]


def test_a_planned_call_turns_overdue_when_its_time_passes(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, week: dict[str, ActivityView]
) -> None:
    _window, page = open_tasks(qtbot, ctx)
    clock.set(msk(2026, 11, 23, 16, 10))
    assert not page.clock_watch.check()  # 16:00–16:15: still on
    clock.set(msk(2026, 11, 23, 16, 16))
    assert page.clock_watch.check()
    wait_idle(qtbot, ctx)
    assert "Call the buyer" in group_texts(page)["overdue"]


def click_header(qtbot: QtBot, tree: QTreeView, section: int) -> None:
    header = tree.header()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_header_click_sorts_within_groups(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock
) -> None:
    from crm_desktop.services.contacts import create_organization
    from crm_desktop.services.dto import OrganizationInput

    names = ["Vega LLC", "Alpha Ltd", "Mira JSC"]
    orgs = [create_organization(ctx.ws, OrganizationInput(name=n)).id for n in names]
    for n, org in enumerate(orgs):
        plan(
            ctx, f"Week task {n}", due_on=date(2026, 11, 25 + n), all_day=True, organization_id=org
        )
        plan(
            ctx, f"Later task {n}", due_on=date(2026, 12, 5 - n), all_day=True, organization_id=org
        )
    _window, page = open_tasks(qtbot, ctx)
    assert group_texts(page)["this_week"] == ["Week task 0", "Week task 1", "Week task 2"]
    client = page.model.column_of(Column.CLIENT)

    click_header(qtbot, page.tree, client)
    assert page.tree.header().sortIndicatorSection() == client
    shown = group_texts(page)
    assert list(shown) == ["this_week", "later"]  # the groups keep their order
    assert shown["this_week"] == ["Week task 1", "Week task 2", "Week task 0"]  # Alpha, Mira, Vega
    assert shown["later"] == ["Later task 1", "Later task 2", "Later task 0"]

    click_header(qtbot, page.tree, client)
    assert group_texts(page)["this_week"] == ["Week task 0", "Week task 2", "Week task 1"]

    # a reload (someone planned something) keeps the order the user chose
    extra = plan(
        ctx, "Week task 3", due_on=date(2026, 11, 27), all_day=True, organization_id=orgs[1]
    )
    ctx.notify(activity_changes(extra))
    qtbot.waitUntil(lambda: "Week task 3" in group_texts(page)["this_week"])
    assert group_texts(page)["this_week"][0] == "Week task 0"  # Vega first (descending)


def test_ticking_the_box_asks_the_result_and_completes(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, week: dict[str, ActivityView]
) -> None:
    _window, page = open_tasks(qtbot, ctx)
    call = week["today_call"]
    click_check_box(qtbot, page.tree, call)
    finish_completion(qtbot, "Agreed on a demo")
    wait_idle(qtbot, ctx)
    saved = svc.get_activity(ctx.ws, call.id, clock=clock)
    assert saved.is_done and saved.result == "Agreed on a demo"
    assert saved.done_at == MONDAY_10
    qtbot.waitUntil(lambda: "Call the buyer" not in group_texts(page).get("today", []))

    # with "Show done" the done call is listed; unticking plans it again
    qtbot.mouseClick(page.show_done, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Call the buyer" in group_texts(page).get("done", []))
    click_check_box(qtbot, page.tree, saved)
    wait_idle(qtbot, ctx)
    assert not svc.get_activity(ctx.ws, call.id, clock=clock).is_done
    qtbot.waitUntil(lambda: "Call the buyer" in group_texts(page).get("today", []))


def test_mark_done_button_and_space_key(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, week: dict[str, ActivityView]
) -> None:
    _window, page = open_tasks(qtbot, ctx)
    assert not page.done_action.isEnabled()  # nothing chosen yet
    qtbot.mouseClick(
        page.tree.viewport(), Qt.MouseButton.LeftButton, pos=cell_point(page.tree, week["tomorrow"])
    )
    assert page.tree.current_view() == week["tomorrow"]
    assert page.done_action.isEnabled()
    click_action(qtbot, page, page.done_action)
    finish_completion(qtbot, "Signed")
    wait_idle(qtbot, ctx)
    assert svc.get_activity(ctx.ws, week["tomorrow"].id, clock=clock).result == "Signed"

    qtbot.mouseClick(
        page.tree.viewport(), Qt.MouseButton.LeftButton, pos=cell_point(page.tree, week["later"])
    )
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    finish_completion(qtbot, "")
    wait_idle(qtbot, ctx)
    assert svc.get_activity(ctx.ws, week["later"].id, clock=clock).is_done


def test_double_click_and_enter_open_the_editor(
    qtbot: QtBot,
    ctx: AppContext,
    clock: ManualClock,
    week: dict[str, ActivityView],
    edited: list[ActivityView],
) -> None:
    _window, page = open_tasks(qtbot, ctx)
    double_click(qtbot, page.tree.viewport(), cell_point(page.tree, week["tomorrow"]))
    assert [v.id for v in edited] == [week["tomorrow"].id]
    qtbot.mouseClick(
        page.tree.viewport(), Qt.MouseButton.LeftButton, pos=cell_point(page.tree, week["later"])
    )
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert [v.id for v in edited] == [week["tomorrow"].id, week["later"].id]


def test_new_task_is_a_todo_for_today(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, presets: list[ActivityInput | None]
) -> None:
    _window, page = open_tasks(qtbot, ctx)
    click_action(qtbot, page, page.new_action)
    assert len(presets) == 1 and presets[0] is not None
    assert presets[0].kind is ActivityKind.TODO
    assert presets[0].due_on == date(2026, 11, 23) and presets[0].all_day


def test_delete_moves_the_task_to_the_trash(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, week: dict[str, ActivityView]
) -> None:
    _window, page = open_tasks(qtbot, ctx)
    qtbot.mouseClick(
        page.tree.viewport(), Qt.MouseButton.LeftButton, pos=cell_point(page.tree, week["later"])
    )
    click_action(qtbot, page, page.delete_action)
    wait_idle(qtbot, ctx)
    assert [t.title for t in svc.trashed_activities(ctx.ws)] == ["Quarterly review"]
    qtbot.waitUntil(lambda: "later" not in group_texts(page))


def test_a_series_and_a_checklist_are_marked(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock
) -> None:
    series = plan(
        ctx,
        "Daily stand-up",
        kind=ActivityKind.MEETING_PRESENTATION,
        start_at=msk(2026, 11, 24, 9, 0),
        end_at=msk(2026, 11, 24, 9, 15),
        recurrence=RecurrenceRule(Frequency.DAILY),
    )
    task = plan(ctx, "Prepare the contract", due_on=date(2026, 11, 24), all_day=True)
    for text in ("Draft", "Check", "Sign"):
        svc.add_subtask(ctx.ws, task.id, text)
    _window, page = open_tasks(qtbot, ctx)
    shown = group_texts(page)["tomorrow"]
    assert shown == ["Prepare the contract", "Daily stand-up"]
    tooltip = str(
        page.model.index_of((task.id, None), page.model.column_of(Column.SUBJECT)).data(
            Qt.ItemDataRole.ToolTipRole
        )
    )
    assert "0 of 3" in tooltip
    occurrence = page.model.items("tomorrow")[1]
    assert occurrence.is_series and occurrence.id == series.id
    assert "Repeats" in str(
        page.model.index_of(item_key(occurrence), page.model.column_of(Column.SUBJECT)).data(
            Qt.ItemDataRole.ToolTipRole
        )
    )
    page.tree.grab()  # the subject delegate paints the marks without error


def test_filters_by_responsible_and_kind(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, week: dict[str, ActivityView]
) -> None:
    anna_id = add_user(ctx, "anna", "Anna Kuznetsova")
    plan(
        ctx,
        "Anna's call",
        kind=ActivityKind.CALL_OUT,
        start_at=msk(2026, 11, 24, 15),
        owner_id=anna_id,
    )
    _window, page = open_tasks(qtbot, ctx)
    assert "Anna's call" in group_texts(page)["tomorrow"]
    combo = page.owner_filter
    qtbot.waitUntil(lambda: combo.findData(anna_id) > 0)
    combo.setCurrentIndex(combo.findData(anna_id))
    wait_idle(qtbot, ctx)
    assert group_texts(page) == {"tomorrow": ["Anna's call"]}
    combo.setCurrentIndex(0)  # all users
    wait_idle(qtbot, ctx)
    assert "Negotiations" in group_texts(page)["tomorrow"]

    # the kind menu: only the e-mails
    for kind, act in page.kind_filter.kind_actions.items():
        if kind is not ActivityKind.EMAIL:
            act.trigger()
            wait_idle(qtbot, ctx)
    assert page.kind_filter.kinds() == (ActivityKind.EMAIL,)
    assert group_texts(page) == {"this_week": ["Send the contract"]}
    page.kind_filter.kind_actions[ActivityKind.EMAIL].trigger()  # the last one stays on
    assert page.kind_filter.kind_actions[ActivityKind.EMAIL].isChecked()
    page.kind_filter.select_all()
    wait_idle(qtbot, ctx)
    assert len(group_texts(page)) == 6


def test_layout_is_kept_across_reloads_and_restarts(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, week: dict[str, ActivityView]
) -> None:
    window, page = open_tasks(qtbot, ctx)
    tomorrow = page.model.group_index("tomorrow")
    qtbot.mouseClick(
        page.tree.viewport(), Qt.MouseButton.LeftButton, pos=page.tree.visualRect(tomorrow).center()
    )
    assert not page.tree.isExpanded(tomorrow)
    deal_column = page.model.column_of(Column.DEAL)
    page.tree.header().resizeSection(deal_column, 123)
    click_header(qtbot, page.tree, page.model.column_of(Column.SUBJECT))

    extra = plan(ctx, "One more", due_on=date(2026, 11, 24), all_day=True, priority=Priority.HIGH)
    ctx.notify(activity_changes(extra))
    qtbot.waitUntil(lambda: "One more" in group_texts(page)["tomorrow"])
    assert not page.tree.isExpanded(page.model.group_index("tomorrow"))
    assert page.tree.isExpanded(page.model.group_index("today"))
    assert page.tree.header().sectionSize(deal_column) == 123
    assert group_texts(page)["tomorrow"] == ["Negotiations", "One more"]  # by subject

    window.save_state()
    again = TasksPage(ctx)
    qtbot.addWidget(again)
    again.show()
    again.activate()
    qtbot.waitUntil(again.is_ready)
    assert not again.tree.isExpanded(again.model.group_index("tomorrow"))
    assert again.tree.header().sectionSize(deal_column) == 123
    assert again.tree.header().sortIndicatorSection() == page.model.column_of(Column.SUBJECT)


def test_a_hidden_list_reloads_when_shown_again(
    qtbot: QtBot, ctx: AppContext, clock: ManualClock, dialogs: FakeDialogs
) -> None:
    window, page = open_tasks(qtbot, ctx)
    assert page.stack.currentWidget() is page.empty
    window.show_page("contacts")
    planned = plan(ctx, "Planned elsewhere", due_on=date(2026, 11, 23), all_day=True)
    ctx.notify(activity_changes(planned))
    wait_idle(qtbot, ctx)
    assert group_texts(page) == {}  # not read while hidden
    window.show_page("tasks")
    qtbot.waitUntil(lambda: group_texts(page) == {"today": ["Planned elsewhere"]})
    assert page.stack.currentWidget() is page.tree
    assert not dialogs.errors


def test_overdue_heading_says_when_the_list_is_capped(qapp: object) -> None:
    from PySide6.QtCore import QLocale

    from crm_desktop.gui.activities.tasks_page import group_heading

    locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert group_heading("Overdue", 500, 1234, locale) == "Overdue (showing 500 of 1,234)"
    assert group_heading("Today", 3, 0, locale) == "Today (3)"


def test_when_text_per_locale(qapp: object) -> None:
    from PySide6.QtCore import QLocale

    from crm_desktop.gui.activities.tasks_page import when_text

    ru = QLocale(QLocale.Language.Russian, QLocale.Country.Russia)
    call = replace_view(start_at=msk(2026, 11, 20, 15, 30))
    assert when_text(call, MSK, date(2026, 11, 23), ru) == "пт 20 нояб. 15:30"
    assert when_text(call, MSK, date(2027, 1, 5), ru) == "20.11.2026 15:30"
    whole = replace_view(due_on=date(2026, 11, 23), all_day=True)
    assert when_text(whole, MSK, date(2026, 11, 23), ru) != ""


def replace_view(**fields: object) -> ActivityView:
    base = ActivityView(
        1, ActivityKind.TODO, "x", None, None, Priority.NORMAL, None, None, None, False,
        None, None, None, None, None, None, None, None, None, None, None, "", False, False,
        0, 0, None, False, False, None, None, 1,
    )  # fmt: skip
    from dataclasses import replace

    return replace(base, **fields)  # type: ignore[arg-type]
