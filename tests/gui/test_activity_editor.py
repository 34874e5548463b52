"""The activity editor and the completion flow, driven by typing and clicking, then
checked in the database (through the services) and on screen: a weekly call planned
from scratch and expanded over a month, one occurrence and the following ones edited,
validation, completing a call with a result and the next step, the checklist, a
concurrent edit, and the editor opened from a card and from a deal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from crm_desktop.domain.clock import ManualClock, at_local
from crm_desktop.domain.kinds import ActivityKind, EntityKind, StageKind
from crm_desktop.domain.recurrence import Frequency, RecurrenceRule
from crm_desktop.errors import NotFoundError
from crm_desktop.gui.activities import actions
from crm_desktop.gui.activities.completion import CompletionDialog
from crm_desktop.gui.activities.editor import ActivityDialog
from crm_desktop.gui.contacts.card import CardView
from crm_desktop.gui.contacts.timeline import DETAIL_ROLE
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.deals import editor as deal_editor
from crm_desktop.gui.deals.editor import DealDialog
from crm_desktop.services import activities as svc
from crm_desktop.services import contacts, deals
from crm_desktop.services.activities import ActivityInput, ActivityView
from crm_desktop.services.deals import DealInput, PipelineEdit, StageEdit
from crm_desktop.services.dto import OrganizationInput, PersonInput
from crm_desktop.services.timeline import timeline
from tests.gui.conftest import (
    FakeDialogs,
    closed,
    double_click,
    pick,
    replace_text,
    type_text,
    wait_idle,
)

MSK = ZoneInfo("Europe/Moscow")
MONDAY = date(2025, 3, 3)  # the clock's day: Monday, 3 March 2025
NOW = at_local(MONDAY, datetime.min.time().replace(hour=9), MSK)  # 09:00 Moscow


@dataclass
class Base:
    org: int
    person: int
    deal: int


@pytest.fixture
def base(ctx: AppContext) -> Base:
    ctx.clock = ManualClock(NOW, tz=MSK)
    ws = ctx.ws
    pipeline = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "Продажи",
            [
                StageEdit(None, "Лид", StageKind.OPEN, 10),
                StageEdit(None, "Успех", StageKind.WON, 100),
                StageEdit(None, "Провал", StageKind.LOST, 0),
            ],
        ),
    )
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»"))
    person = contacts.create_person(
        ws, PersonInput(full_name="Иванов Пётр Сергеевич", organization_id=org.id)
    )
    deal = deals.create_deal(
        ws,
        DealInput(
            title="Поставка 20 ноутбуков",
            pipeline_id=pipeline.id,
            stage_id=pipeline.stages[0].id,
            organization_id=org.id,
            person_id=person.id,
            amount_minor=1_500_000_00,
        ),
    )
    return Base(org.id, person.id, deal.id)


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    return window


# ------------------------------------------------------------------ helpers


def moscow(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=MSK).astimezone(UTC)


def opened(qtbot: QtBot, ctx: AppContext, dialog: QWidget | None) -> ActivityDialog:
    assert isinstance(dialog, ActivityDialog)
    qtbot.waitUntil(dialog.isVisible)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(dialog.save_button.isEnabled)
    return dialog


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Open a combo box with the mouse, go to the item showing `text` with the arrow keys
    and press Enter (a click right after the popup opens is ignored by Qt)."""
    index = combo.findText(text)
    assert index >= 0, (text, [combo.itemText(i) for i in range(combo.count())])
    click(qtbot, combo)
    view = combo.view()
    assert view is not None
    qtbot.waitUntil(view.isVisible)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(index):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentIndex() == index


def type_time(qtbot: QtBot, edit: QWidget, hour: int, minute: int) -> None:
    """Type a time into a time edit the way it shows times."""
    from PySide6.QtWidgets import QTimeEdit

    assert isinstance(edit, QTimeEdit)
    edit.window().setFocus()
    edit.setFocus(Qt.FocusReason.TabFocusReason)  # tabbed into: its first part is selected
    qtbot.keyClicks(edit, QTime(hour, minute).toString(edit.displayFormat()))
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.time() == QTime(hour, minute)


def type_date(qtbot: QtBot, edit: QWidget, day: date) -> None:
    """Type a date into a date edit the way it shows dates."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit

    assert isinstance(edit, QDateEdit)
    edit.window().setFocus()
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    fmt = edit.displayFormat()
    parts = sorted(
        [
            (fmt.find("d"), f"{day.day:02d}"),
            (fmt.find("M"), f"{day.month:02d}"),
            (fmt.find("y"), f"{day.year:04d}"),
        ]
    )
    # the digits of each part in the order shown: a full part moves on to the next one
    qtbot.keyClicks(edit, "".join(digits for _, digits in parts))
    wanted = QDate(day.year, day.month, day.day)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.date() == wanted


def save(qtbot: QtBot, ctx: AppContext, dialog: ActivityDialog) -> None:
    """Ctrl+Enter, as a person saves (in the active window: offscreen, a closed popup
    can leave no window active)."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)


def month(ctx: AppContext) -> list[ActivityView]:
    return svc.activities_between(
        ctx.ws, moscow(date(2025, 3, 1), 0), moscow(date(2025, 4, 1), 0), clock=ctx.clock
    )


def weekly_call(ctx: AppContext, base: Base, subject: str = "Еженедельный звонок") -> ActivityView:
    start = moscow(MONDAY, 10)
    return svc.create_activity(
        ctx.ws,
        ActivityInput(
            subject=subject,
            kind=ActivityKind.CALL_OUT,
            start_at=start,
            end_at=start + timedelta(minutes=30),
            organization_id=base.org,
            person_id=base.person,
            reminder_minutes=15,
            recurrence=RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 3)),
        ),
        clock=ctx.clock,
    )


def occurrence(ctx: AppContext, day: date) -> ActivityView:
    (found,) = [
        v for v in month(ctx) if v.start_at is not None and v.start_at.astimezone(MSK).date() == day
    ]
    return found


def check_rect_pos(view: QListWidget, row: int) -> QPoint:
    """Where a person clicks to tick a checklist item: its check box."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    rect = view.visualItemRect(view.item(row))
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = rect
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    check = view.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view
    )
    return check.center() if check.isValid() else QPoint(rect.left() + 10, rect.center().y())


# ------------------------------------------------------------------ planning


def test_plan_a_weekly_call_by_typing_and_clicking(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = opened(qtbot, ctx, actions.new_activity(ctx, host))
    assert dialog.windowTitle() == "New activity"
    assert dialog.when_timed.isChecked()
    assert dialog.start_time.time() == QTime(9, 30)  # the next half hour of the clock

    type_text(qtbot, dialog.subject, "Звонок по поставке")
    choose(qtbot, dialog.kind, "Outgoing call")
    type_time(qtbot, dialog.start_time, 10, 0)
    assert dialog.end_time.time() == QTime(10, 30)  # the end keeps the duration
    choose(qtbot, dialog.duration, "1 h")
    assert dialog.end_time.time() == QTime(11, 0)
    pick(qtbot, ctx, dialog.org_picker, "Ромашка")
    pick(qtbot, ctx, dialog.person_picker, "Иванов")
    wait_idle(qtbot, ctx)
    choose(qtbot, dialog.deal, "Поставка 20 ноутбуков")  # the client's open deals
    choose(qtbot, dialog.reminder, "15 min before")
    choose(qtbot, dialog.repeat, "Weekly on chosen days")
    monday, thursday = dialog.day_buttons[0], dialog.day_buttons[3]
    assert monday.isVisible() and monday.isChecked()  # the start's weekday
    click(qtbot, thursday)
    assert thursday.isChecked()
    type_text(qtbot, dialog.location, "Офис клиента")
    # a checklist on a new activity is saved right after it is created
    dialog.new_item.setFocus()
    type_text(qtbot, dialog.new_item, "Подготовить цены")
    qtbot.keyClick(dialog.new_item, Qt.Key.Key_Return)
    type_text(qtbot, dialog.new_item, "Уточнить сроки")
    click(qtbot, dialog.add_item)
    assert dialog.checklist.count() == 2
    assert dialog.isVisible()  # Enter in the checklist added an item, it did not save

    save(qtbot, ctx, dialog)
    assert closed(dialog)
    assert dialog.saved_view is not None

    found = [v for v in month(ctx) if v.subject == "Звонок по поставке"]
    starts = [v.start_at.astimezone(MSK) for v in found if v.start_at is not None]
    assert [s.day for s in starts] == [3, 6, 10, 13, 17, 20, 24, 27, 31]  # Mondays, Thursdays
    assert {(s.hour, s.minute) for s in starts} == {(10, 0)}
    first = found[0]
    assert first.kind is ActivityKind.CALL_OUT
    assert first.end_at is not None and first.end_at - first.start_at == timedelta(hours=1)  # type: ignore[operator]
    assert first.organization_id == base.org and first.person_id == base.person
    assert first.deal_id == base.deal
    assert first.location == "Офис клиента"
    assert first.reminder_at == moscow(MONDAY, 9, 45)
    assert first.recurrence == RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 3))
    items = svc.subtasks(ctx.ws, first.id)
    assert [(s.subject, s.is_done) for s in items] == [
        ("Подготовить цены", False),
        ("Уточнить сроки", False),
    ]


def test_validation_shows_at_the_fields_and_saves_nothing(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = opened(qtbot, ctx, actions.new_activity(ctx, host))
    type_time(qtbot, dialog.start_time, 14, 0)
    type_time(qtbot, dialog.end_time, 13, 0)  # before the start
    type_text(qtbot, dialog.location, "Переговорная 3")
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, ctx)

    shown = dialog.errors.visible()
    assert shown["subject"] == "Enter the subject: what is to be done."
    assert shown["when"] == "The end is before the start."
    assert dialog.isVisible()
    assert dialog.location.text() == "Переговорная 3"  # nothing typed is lost
    assert month(ctx) == []
    assert svc.task_list(ctx.ws, clock=ctx.clock).no_date == ()

    # fixing both saves
    type_text(qtbot, dialog.subject, "Встреча")
    assert "subject" not in dialog.errors.visible()
    choose(qtbot, dialog.duration, "30 min")
    assert dialog.end_time.time() == QTime(14, 30)
    save(qtbot, ctx, dialog)
    assert closed(dialog)
    assert [v.subject for v in month(ctx)] == ["Встреча"]


def test_a_service_error_shows_at_its_field(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    """A weekly repeat on Thursdays that ends on Tuesday never happens: the service says
    so (ValidationError on "until"), the message shows under the repeat, nothing saved."""
    dialog = opened(qtbot, ctx, actions.new_activity(ctx, host))
    type_text(qtbot, dialog.subject, "Планёрка")
    choose(qtbot, dialog.repeat, "Weekly on chosen days")
    click(qtbot, dialog.day_buttons[3])
    click(qtbot, dialog.day_buttons[0])  # Thursdays only
    choose(qtbot, dialog.ends, "On a date")
    type_date(qtbot, dialog.until, MONDAY + timedelta(days=1))
    save(qtbot, ctx, dialog)
    assert dialog.isVisible()
    assert dialog.errors.visible() == {"recurrence": "The repeat ends before its first occurrence."}
    assert month(ctx) == []
    choose(qtbot, dialog.ends, "Never")
    save(qtbot, ctx, dialog)
    assert closed(dialog)
    assert [v.start_at.astimezone(MSK).day for v in month(ctx) if v.start_at] == [6, 13, 20, 27]


def test_escape_asks_before_dropping_changes(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget, dialogs: FakeDialogs
) -> None:
    dialog = opened(qtbot, ctx, actions.new_activity(ctx, host))
    type_text(qtbot, dialog.subject, "Черновик")
    dialogs.answers = [False]
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Escape)
    assert dialogs.confirms and dialog.isVisible()
    dialogs.answers = [True]
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Escape)
    assert closed(dialog)
    wait_idle(qtbot, ctx)
    assert month(ctx) == []


# ------------------------------------------------------------------ occurrences


def test_edit_one_occurrence_then_the_following(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget, dialogs: FakeDialogs
) -> None:
    weekly_call(ctx, base)
    tenth = occurrence(ctx, date(2025, 3, 10))
    assert tenth.is_generated

    dialog = opened(qtbot, ctx, actions.edit_activity(ctx, host, tenth))
    assert dialog.occurrence_note.isVisible()
    assert "Occurrence of a recurring activity" in dialog.occurrence_note.text()
    replace_text(qtbot, dialog.subject, "Перенесённый звонок")
    type_time(qtbot, dialog.start_time, 11, 0)
    dialogs.choices = [0]  # this occurrence
    save(qtbot, ctx, dialog)
    assert closed(dialog)
    assert dialogs.questions[-1][1] == [
        "This occurrence",
        "This and the following",
        "All occurrences",
    ]
    by_day = {v.start_at.astimezone(MSK).date(): v for v in month(ctx) if v.start_at}
    moved = by_day[date(2025, 3, 10)]
    assert moved.subject == "Перенесённый звонок" and not moved.is_generated
    assert moved.start_at.astimezone(MSK).hour == 11  # type: ignore[union-attr]
    assert by_day[date(2025, 3, 13)].subject == "Еженедельный звонок"
    assert len(by_day) == 9

    seventeenth = occurrence(ctx, date(2025, 3, 17))
    dialog = opened(qtbot, ctx, actions.edit_activity(ctx, host, seventeenth))
    replace_text(qtbot, dialog.subject, "Звонок по новому договору")
    dialogs.choices = [1]  # this and the following
    save(qtbot, ctx, dialog)
    assert closed(dialog)
    subjects = {
        v.start_at.astimezone(MSK).day: v.subject for v in month(ctx) if v.start_at is not None
    }
    assert subjects == {
        3: "Еженедельный звонок",
        6: "Еженедельный звонок",
        10: "Перенесённый звонок",
        13: "Еженедельный звонок",
        17: "Звонок по новому договору",
        20: "Звонок по новому договору",
        24: "Звонок по новому договору",
        27: "Звонок по новому договору",
        31: "Звонок по новому договору",
    }


# ------------------------------------------------------------------ done


def test_complete_a_call_with_a_result_and_plan_the_next_step(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    start = moscow(MONDAY, 10)
    call = svc.create_activity(
        ctx.ws,
        ActivityInput(
            subject="Обсудить условия",
            kind=ActivityKind.CALL_OUT,
            start_at=start,
            end_at=start + timedelta(minutes=15),
            organization_id=base.org,
            person_id=base.person,
        ),
        clock=ctx.clock,
    )
    assert isinstance(ctx.clock, ManualClock)
    ctx.clock.set(moscow(MONDAY, 10, 20))

    dialog = opened(qtbot, ctx, actions.edit_activity(ctx, host, call))
    assert dialog.done_button.isVisible() and not dialog.reopen_button.isVisible()
    click(qtbot, dialog.done_button)
    completion = dialog.completion
    assert isinstance(completion, CompletionDialog)
    qtbot.waitUntil(completion.isVisible)
    assert completion.plan_next.isVisible() and completion.plan_next.isChecked()
    completion.result_edit.setFocus()
    type_text(qtbot, completion.result_edit, "Договорились о встрече в среду")
    click(qtbot, completion.ok_button)
    wait_idle(qtbot, ctx)
    assert closed(completion) and closed(dialog)

    done = svc.get_activity(ctx.ws, call.id, clock=ctx.clock)
    assert done.is_done and done.done_at == moscow(MONDAY, 10, 20)
    assert done.result == "Договорились о встрече в среду"

    follow = completion.follow_up_dialog
    assert isinstance(follow, ActivityDialog)
    follow = opened(qtbot, ctx, follow)
    assert follow.view is None  # a new activity, prefilled
    assert follow.subject.text() == "Обсудить условия"
    assert follow.kind.currentData() == ActivityKind.CALL_OUT
    assert follow.organization.text() == "ООО «Ромашка»"
    assert follow.person.text() == "Иванов Пётр Сергеевич"
    assert follow.start_date.date().toPython() == date(2025, 3, 4)  # the next working day
    assert follow.start_time.time() == QTime(10, 0)
    assert follow.reminder.currentData() == 15
    save(qtbot, ctx, follow)
    assert closed(follow)
    planned = [v for v in month(ctx) if not v.is_done]
    assert [(v.subject, v.start_at) for v in planned] == [
        ("Обсудить условия", moscow(date(2025, 3, 4), 10))
    ]

    # the client's history has the call with its result: the service and the card
    entries = timeline(ctx.ws, EntityKind.ORGANIZATION, base.org, now=ctx.clock.now(), tz=MSK)
    (entry,) = [e for e in entries if e.activity_id == call.id]
    assert entry.detail == "Договорились о встрече в среду" and not entry.planned
    card = CardView(ctx, host)
    card.resize(900, 700)
    card.show()
    with qtbot.waitSignal(card.loaded, timeout=5000):
        card.show_record(EntityKind.ORGANIZATION, base.org)
    wait_idle(qtbot, ctx)
    model = card.timeline_model
    rows = [r for r in range(model.rowCount()) if model.entry(r).activity_id == call.id]  # type: ignore[union-attr]
    assert len(rows) == 1
    index = model.index(rows[0], 0)
    assert "Договорились о встрече в среду" in str(index.data(DETAIL_ROLE))

    # a double click on it opens it in the editor, done, with Reopen
    view = card.timeline_view
    view.scrollTo(index)
    double_click(qtbot, view.viewport(), view.visualRect(index).center())
    wait_idle(qtbot, ctx)
    editors = [d for d in card.findChildren(ActivityDialog) if d.isVisible()]
    assert len(editors) == 1
    editor = opened(qtbot, ctx, editors[0])
    assert editor.view is not None and editor.view.id == call.id
    assert editor.done_note.isVisible() and "Договорились" in editor.done_note.text()
    assert editor.reopen_button.isVisible() and not editor.done_button.isVisible()


def test_completing_a_todo_does_not_offer_a_next_step(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    todo = svc.create_activity(
        ctx.ws, ActivityInput(subject="Подготовить КП", due_on=MONDAY), clock=ctx.clock
    )
    completion = actions.complete(ctx, host, todo)
    assert isinstance(completion, CompletionDialog)
    qtbot.waitUntil(completion.isVisible)
    assert not completion.plan_next.isVisible() and not completion.plan_next.isChecked()
    edit = completion.result_edit
    type_text(qtbot, edit, "Отправлено")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # a new line
    type_text(qtbot, edit, "по почте")
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # done
    wait_idle(qtbot, ctx)
    assert closed(completion) and completion.follow_up_dialog is None
    done = svc.get_activity(ctx.ws, todo.id, clock=ctx.clock)
    assert done.is_done and done.result == "Отправлено\nпо почте"
    assert done.done_at == NOW


# ------------------------------------------------------------------ checklist


def test_checklist_add_tick_rename_reorder_delete_persist(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    task = svc.create_activity(
        ctx.ws, ActivityInput(subject="Подготовить договор", due_on=MONDAY), clock=ctx.clock
    )
    for text in ("Реквизиты", "Спецификация", "Лишний пункт"):
        svc.add_subtask(ctx.ws, task.id, text)
    dialog = opened(qtbot, ctx, actions.edit_activity(ctx, host, task))
    view = dialog.checklist
    assert [view.item(n).text() for n in range(view.count())] == [
        "Реквизиты",
        "Спецификация",
        "Лишний пункт",
    ]
    # tick the first by its check box
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=check_rect_pos(view, 0))
    assert view.item(0).checkState() == Qt.CheckState.Checked
    # add one
    dialog.new_item.setFocus()
    type_text(qtbot, dialog.new_item, "Подписи")
    qtbot.keyClick(dialog.new_item, Qt.Key.Key_Return)
    # rename the second inline
    double_click(qtbot, view.viewport(), view.visualItemRect(view.item(1)).center())
    assert view.state() == QAbstractItemView.State.EditingState
    (editor,) = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, editor, "Спецификация товаров")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # commits on the next turn of the event loop
    qtbot.waitUntil(lambda: view.item(1).text() == "Спецификация товаров")
    # delete the third
    rect = view.visualItemRect(view.item(2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(qtbot, dialog.remove_item)
    # move the new one (now third) to the top
    rect = view.visualItemRect(view.item(2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(qtbot, dialog.move_up)
    click(qtbot, dialog.move_up)
    assert not dialog.move_up.isEnabled()
    assert [view.item(n).text() for n in range(view.count())] == [
        "Подписи",
        "Реквизиты",
        "Спецификация товаров",
    ]
    save(qtbot, ctx, dialog)
    assert closed(dialog)
    items = svc.subtasks(ctx.ws, task.id)
    assert [(s.subject, s.is_done) for s in items] == [
        ("Подписи", False),
        ("Реквизиты", True),
        ("Спецификация товаров", False),
    ]
    after = svc.get_activity(ctx.ws, task.id, clock=ctx.clock)
    assert (after.subtasks_done, after.subtasks_total) == (1, 3)
    assert after.version == task.version  # only the checklist changed


def test_ticking_the_checklist_of_a_generated_occurrence_gives_it_its_own(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget, dialogs: FakeDialogs
) -> None:
    series = weekly_call(ctx, base)
    for text in ("Цены", "Сроки"):
        svc.add_subtask(ctx.ws, series.id, text)  # the series' checklist
    tenth = occurrence(ctx, date(2025, 3, 10))
    assert tenth.is_generated and tenth.occurrence_start is not None
    dialog = opened(qtbot, ctx, actions.edit_activity(ctx, host, tenth))
    view = dialog.checklist
    assert [view.item(n).text() for n in range(view.count())] == ["Цены", "Сроки"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=check_rect_pos(view, 1))
    assert view.item(1).checkState() == Qt.CheckState.Checked
    save(qtbot, ctx, dialog)
    assert closed(dialog)
    assert dialogs.questions == []  # only the checklist changed: nothing to ask

    own = svc.get_activity(
        ctx.ws, series.id, occurrence_start=tenth.occurrence_start, clock=ctx.clock
    )
    assert not own.is_generated and own.id != series.id
    assert [(s.subject, s.is_done) for s in svc.subtasks(ctx.ws, own.id)] == [
        ("Цены", False),
        ("Сроки", True),
    ]
    assert [(s.subject, s.is_done) for s in svc.subtasks(ctx.ws, series.id)] == [
        ("Цены", False),
        ("Сроки", False),
    ]
    assert occurrence(ctx, date(2025, 3, 13)).is_generated  # the others are untouched


def test_mark_done_saves_first_then_reopen_and_delete(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget, dialogs: FakeDialogs
) -> None:
    task = svc.create_activity(
        ctx.ws, ActivityInput(subject="Отправить КП", due_on=MONDAY), clock=ctx.clock
    )
    dialog = opened(qtbot, ctx, actions.edit_activity(ctx, host, task))
    assert dialog.when_all_day.isChecked() and not dialog.start_time.isVisible()
    replace_text(qtbot, dialog.subject, "Отправить КП и прайс")
    click(qtbot, dialog.done_button)
    wait_idle(qtbot, ctx)
    assert closed(dialog)  # saved, then the result is asked
    completion = dialog.completion
    assert isinstance(completion, CompletionDialog)
    qtbot.waitUntil(completion.isVisible)
    click(qtbot, completion.ok_button)
    wait_idle(qtbot, ctx)
    done = svc.get_activity(ctx.ws, task.id, clock=ctx.clock)
    assert done.subject == "Отправить КП и прайс" and done.is_done

    dialog = opened(qtbot, ctx, actions.edit_activity(ctx, host, done))
    assert dialog.done_note.isVisible() and not dialog.done_button.isVisible()
    click(qtbot, dialog.reopen_button)
    wait_idle(qtbot, ctx)
    assert not svc.get_activity(ctx.ws, task.id, clock=ctx.clock).is_done
    assert dialog.done_button.isVisible() and not dialog.done_note.isVisible()

    click(qtbot, dialog.delete_button)
    wait_idle(qtbot, ctx)
    assert closed(dialog)
    with pytest.raises(NotFoundError):
        svc.get_activity(ctx.ws, task.id, clock=ctx.clock)


# ------------------------------------------------------------------ conflicts


def test_a_concurrent_edit_merges_or_asks_in_the_conflict_dialog(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    task = svc.create_activity(
        ctx.ws, ActivityInput(subject="Отправить счёт", due_on=MONDAY), clock=ctx.clock
    )
    dialog = opened(qtbot, ctx, actions.edit_activity(ctx, host, task))
    # someone else renames it meanwhile: another field than mine, so it merges
    svc.update_activity(
        ctx.ws,
        task.id,
        replace_subject(svc.input_from_view(task, MSK), "Отправить счёт и акт"),
        expected_version=task.version,
        clock=ctx.clock,
    )
    dialog.description.setFocus()
    type_text(qtbot, dialog.description, "Счёт на 50% предоплаты")
    save(qtbot, ctx, dialog)
    assert closed(dialog)
    stored = svc.get_activity(ctx.ws, task.id, clock=ctx.clock)
    assert stored.subject == "Отправить счёт и акт"
    assert stored.description == "Счёт на 50% предоплаты"

    # the same field on both sides: the conflict dialog shows both, mine is kept
    dialog = opened(qtbot, ctx, actions.edit_activity(ctx, host, stored))
    svc.update_activity(
        ctx.ws,
        task.id,
        replace_subject(svc.input_from_view(stored, MSK), "Отправить только акт"),
        expected_version=stored.version,
        clock=ctx.clock,
    )
    dialog.subject.setFocus()
    type_text(qtbot, dialog.subject, " сегодня")
    save(qtbot, ctx, dialog)
    assert dialog.isVisible() and "Save again" in dialog.banner.text()
    conflict = dialog.conflict_dialog
    assert conflict is not None and set(conflict.rows) == {"subject"}
    row = conflict.rows["subject"].field
    assert (row.base, row.theirs, row.mine) == (
        "Отправить счёт и акт",
        "Отправить только акт",
        "Отправить счёт и акт сегодня",
    )
    click(qtbot, conflict.save_button)
    wait_idle(qtbot, ctx)
    assert closed(dialog)
    stored = svc.get_activity(ctx.ws, task.id, clock=ctx.clock)
    assert stored.subject == "Отправить счёт и акт сегодня"


def replace_subject(data: ActivityInput, subject: str) -> ActivityInput:
    from dataclasses import replace

    return replace(data, subject=subject)


# ------------------------------------------------------------------ from a card, from a deal


def test_card_plan_activity_opens_the_editor_for_the_client(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    card = CardView(ctx, host)
    card.resize(1000, 700)
    card.show()
    with qtbot.waitSignal(card.loaded, timeout=5000):
        card.show_record(EntityKind.PERSON, base.person)
    wait_idle(qtbot, ctx)
    assert card.plan_button.text() == "Plan activity"
    click(qtbot, card.plan_button)
    dialog = opened(qtbot, ctx, card.findChild(ActivityDialog))
    assert dialog.person.text() == "Иванов Пётр Сергеевич"
    assert dialog.organization.text() == "ООО «Ромашка»"  # the person's organization
    assert dialog.deal.findData(base.deal) > 0
    type_text(qtbot, dialog.subject, "Поздравить с новым офисом")
    save(qtbot, ctx, dialog)
    assert closed(dialog)
    (planned,) = month(ctx)
    assert planned.person_id == base.person and planned.organization_id == base.org
    assert planned.start_at == moscow(MONDAY, 9, 30)
    qtbot.waitUntil(lambda: any(e.activity_id == planned.id for e in card.timeline_model.entries()))


def test_deal_editor_plans_and_opens_its_activities(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    deal_editor.edit_deal(ctx, host, base.deal)
    wait_idle(qtbot, ctx)
    deal_dialog = host.findChild(DealDialog)
    assert deal_dialog is not None
    qtbot.waitUntil(deal_dialog.isVisible)
    deal_dialog.tabs.setCurrentIndex(1)
    click(qtbot, deal_dialog.new_activity_button)
    dialog = opened(qtbot, ctx, deal_dialog.findChild(ActivityDialog))
    assert dialog.deal.currentData() == base.deal
    assert dialog.organization.text() == "ООО «Ромашка»"
    type_text(qtbot, dialog.subject, "Согласовать спецификацию")
    save(qtbot, ctx, dialog)
    assert closed(dialog)
    wait_idle(qtbot, ctx)
    model = deal_dialog.activities_model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.rows()[0].subject == "Согласовать спецификацию"
    assert deal_dialog.tabs.tabText(1) == "Activities (1)"

    view = deal_dialog.activities
    double_click(qtbot, view.viewport(), view.visualRect(model.index(0, 0)).center())
    wait_idle(qtbot, ctx)
    editors = [d for d in deal_dialog.findChildren(ActivityDialog) if d.isVisible()]
    assert len(editors) == 1
    editor = opened(qtbot, ctx, editors[0])
    assert editor.subject.text() == "Согласовать спецификацию"
    assert editor.deal.currentData() == base.deal
