"""The dialogs around the deal board — the deal editor, the pipeline settings and the
competitors directory — driven by typing, clicking and dragging, then checked in the
database (through the services) and on screen.

Dragging: the offscreen platform the suite runs on has no drag and drop (its QDrag
returns at once), so the drags here send the drag-enter, drag-move and drop events a
real drag delivers to the list's viewport. One test runs a child process on Qt's
"minimal" platform, which has a real drag loop, and drags a stage with the mouse.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QColorDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import ActivityKind, EntityKind, StageKind
from crm_desktop.gui.contacts.card import CardView
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.deals import competitors, editor, pipelines
from crm_desktop.gui.deals.editor import DealDialog, format_amount, parse_money
from crm_desktop.gui.deals.pipelines import MoveDealsDialog, PipelineSettingsDialog
from crm_desktop.services import contacts, deals
from crm_desktop.services.deals import (
    DealInput,
    LostOutcome,
    PipelineEdit,
    ReferenceItem,
    StageEdit,
)
from crm_desktop.services.dto import OrganizationInput, PersonInput
from crm_desktop.storage.models import Activity
from tests.gui.conftest import FakeDialogs, closed, pick, replace_text, type_text, wait_idle

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Base:
    pipeline: int
    stages: dict[str, int]  # name -> id
    org: int
    person: int  # of the organization
    private: int  # a private person
    reasons: dict[str, int]
    competitor: int


def _base(ctx: AppContext) -> Base:
    ws = ctx.ws
    view = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "Продажи",
            [
                StageEdit(None, "Лид", StageKind.OPEN, 10),
                StageEdit(None, "Переговоры", StageKind.OPEN, 50),
                StageEdit(None, "Договор", StageKind.OPEN, 80),
                StageEdit(None, "Успех", StageKind.WON, 100),
                StageEdit(None, "Провал", StageKind.LOST, 0),
            ],
        ),
    )
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»"))
    person = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван Петрович", organization_id=org.id)
    )
    private = contacts.create_person(ws, PersonInput(full_name="Петрова Анна"))
    reasons = deals.save_loss_reasons(
        ws, [ReferenceItem(None, "Дорого"), ReferenceItem(None, "Ушли к конкуренту")]
    )
    rival = deals.save_competitor(ws, None, "ООО «Вектор»", "vector.ru", "Демпингуют")
    return Base(
        view.id,
        {s.name: s.id for s in view.stages},
        org.id,
        person.id,
        private.id,
        {r.name: r.id for r in reasons if r.id is not None},
        rival.id,
    )


@pytest.fixture
def base(ctx: AppContext) -> Base:
    return _base(ctx)


def _deal(ctx: AppContext, base: Base, title: str, stage: str = "Лид", **kw: object) -> int:
    data = DealInput(
        title=title,
        pipeline_id=base.pipeline,
        stage_id=base.stages[stage],
        organization_id=base.org,
        amount_minor=100_000_00,
        **kw,  # type: ignore[arg-type]
    )
    return deals.create_deal(ctx.ws, data).id


def find(parent: QWidget, cls: type, name: str = "") -> QWidget:
    found = parent.findChild(cls, name) if name else parent.findChild(cls)
    assert found is not None, f"{cls.__name__} {name}"
    return found


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its indicator."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def opened_deal(qtbot: QtBot, ctx: AppContext, host: QWidget) -> DealDialog:
    wait_idle(qtbot, ctx)
    dialog = host.findChild(DealDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def changes_of(ctx: AppContext) -> list[Changes]:
    seen: list[Changes] = []
    ctx.changed.connect(seen.append)
    return seen


# ------------------------------------------------------------------ money


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("", 0),
        ("0", 0),
        ("1500", 150_000),
        ("1 500 000,50", 150_000_050),
        ("1\u00a0500\u00a0000.5", 150_000_050),
        ("1,500,000", 150_000_000),
        ("1.500.000,25", 150_000_025),
        ("1,500.25", 150_025),
        ("12,5", 1_250),
        ("-10", -1_000),
        ("abc", None),
        ("1.234", None),  # three decimals after the locale's (C) point: not money
        ("1e400", None),
        ("NaN", None),
        ("99999999999999999999", None),
    ],
)
def test_parse_money_reads_what_people_type(text: str, minor: int | None) -> None:
    assert parse_money(text) == minor


def test_format_amount_round_trips() -> None:
    for minor in (0, 5, 100, 150_000_050, 99_999_999_99):
        assert parse_money(format_amount(minor)) == minor
    assert parse_money(format_amount(150_000_000, cents=False)) == 150_000_000


# ------------------------------------------------------------------ the deal editor


def test_new_deal_typed_like_a_person(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    seen = changes_of(ctx)
    editor.new_deal(ctx, host)
    dialog = opened_deal(qtbot, ctx, host)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.title.hasFocus()
    # only open stages, the first one chosen; the probability follows it
    assert [dialog.stage.itemText(i) for i in range(dialog.stage.count())] == [
        "Лид",
        "Переговоры",
        "Договор",
    ]
    assert dialog.pipeline.currentText() == "Продажи"
    assert not dialog.probability.isEnabled() and dialog.probability.value() == 10
    assert dialog.tabs.count() == 1  # no history for a new deal

    type_text(qtbot, dialog.title, "Поставка ноутбуков")
    pick(qtbot, ctx, dialog.org_picker, "Ромаш")
    assert dialog.organization.text() == "ООО «Ромашка»"
    type_text(qtbot, dialog.amount, "1 500 000,50")
    dialog.amount.editingFinished.emit()
    assert dialog.amount.text() == format_amount(150_000_050)
    dialog.stage.setCurrentIndex(dialog.stage.findText("Переговоры"))
    assert dialog.probability.value() == 50
    tick(qtbot, dialog.close_date_known)
    assert dialog.expected_close.isEnabled()
    type_text(qtbot, dialog.source, "Выставка")
    saved: list[int] = []
    dialog.saved.connect(saved.append)
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))

    details = deals.get_deal(ctx.ws, saved[0])
    card = details.card
    assert (card.title, card.organization_id, card.person_id) == (
        "Поставка ноутбуков",
        base.org,
        None,
    )
    assert (card.amount_minor, card.currency) == (150_000_050, "RUB")
    assert card.stage_id == base.stages["Переговоры"]
    assert details.own_probability is None and card.probability == 50
    assert card.expected_close_on == date.today() + timedelta(days=30)
    assert card.owner_id == ctx.ws.user_id
    assert details.source == "Выставка"
    assert seen[-1].records == frozenset({(EntityKind.DEAL, card.id)})


def test_a_person_of_an_organization_brings_it_along(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    editor.new_deal(ctx, host)
    dialog = opened_deal(qtbot, ctx, host)
    type_text(qtbot, dialog.title, "Сервисный контракт")
    pick(qtbot, ctx, dialog.person_picker, "Иванов")
    wait_idle(qtbot, ctx)
    assert dialog.person.text() == "Иванов Иван Петрович"
    assert dialog.organization.text() == "ООО «Ромашка»"
    saved: list[int] = []
    dialog.saved.connect(saved.append)
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, ctx)
    card = deals.get_deal(ctx.ws, saved[0]).card
    assert (card.person_id, card.organization_id, card.amount_minor) == (
        base.person,
        base.org,
        0,
    )


def test_new_deal_from_the_board_and_the_card_gets_its_defaults(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    editor.new_deal(
        ctx,
        host,
        person_id=base.private,
        pipeline_id=base.pipeline,
        stage_id=base.stages["Договор"],
    )
    dialog = opened_deal(qtbot, ctx, host)
    assert dialog.person.text() == "Петрова Анна"
    assert dialog.organization.text() == ""
    assert dialog.stage.currentText() == "Договор"
    assert dialog.probability.value() == 80
    # a won stage asked for is not offered: the first open stage is chosen instead
    dialog.reject()
    editor.new_deal(ctx, host, organization_id=base.org, stage_id=base.stages["Успех"])
    qtbot.waitUntil(lambda: closed(dialog))
    other = opened_deal(qtbot, ctx, host)
    assert other.organization.text() == "ООО «Ромашка»"
    assert other.stage.currentText() == "Лид"


def test_an_empty_title_and_no_client_are_said_next_to_the_fields(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    editor.new_deal(ctx, host)
    dialog = opened_deal(qtbot, ctx, host)
    type_text(qtbot, dialog.amount, "сто рублей")
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, ctx)
    assert dialog.isVisible()
    errors = dialog.errors.visible()
    assert set(errors) == {"title", "client", "amount"}
    title_error = find(dialog, QLabel, "error_title")
    assert title_error.isVisible() and "title" in title_error.text()
    # right under the title field, in the same column
    below = title_error.mapTo(dialog, QPoint(0, 0))
    field = dialog.title.mapTo(dialog, QPoint(0, 0))
    assert below.x() == field.x() and 0 < below.y() - field.y() <= dialog.title.height() + 12
    assert dialog.title.hasFocus()
    assert deals.load_board(ctx.ws, base.pipeline).cards == ()
    # typing clears the line; a name typed but not chosen from the list is refused
    type_text(qtbot, dialog.title, "Т")
    assert "title" not in dialog.errors.visible()
    type_text(qtbot, dialog.organization, "Нет такой")
    click(qtbot, dialog.save_button)
    assert "organization" in dialog.errors.visible()
    assert "client" not in dialog.errors.visible()


def test_edit_saves_a_probability_of_its_own_and_gives_it_back(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    deal_id = _deal(ctx, base, "Лицензии", stage="Переговоры")
    editor.edit_deal(ctx, host, deal_id)
    dialog = opened_deal(qtbot, ctx, host)
    assert dialog.windowTitle().endswith("Лицензии")
    assert dialog.title.text() == "Лицензии"
    assert dialog.follow_stage.isChecked() and dialog.probability.value() == 50
    tick(qtbot, dialog.follow_stage)
    assert dialog.probability.isEnabled() and dialog.probability.hasFocus()
    replace_text(qtbot, dialog.probability, "35")
    assert dialog.probability.value() == 35
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))
    details = deals.get_deal(ctx.ws, deal_id)
    assert details.own_probability == 35 and details.card.probability == 35

    # opened again: its own probability; following the stage again clears it
    editor.edit_deal(ctx, host, deal_id)
    again = opened_deal(qtbot, ctx, host)
    assert not again.follow_stage.isChecked() and again.probability.value() == 35
    tick(qtbot, again.follow_stage)
    assert again.probability.value() == 50
    click(qtbot, again.save_button)
    wait_idle(qtbot, ctx)
    assert deals.get_deal(ctx.ws, deal_id).own_probability is None


def test_edit_shows_activities_and_stage_history(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    deal_id = _deal(ctx, base, "Проект склада")
    deals.move_deal(ctx.ws, deal_id, base.stages["Переговоры"])
    deals.move_deal(
        ctx.ws,
        deal_id,
        base.stages["Провал"],
        outcome=LostOutcome(base.reasons["Дорого"], base.competitor, "Цена выше на 20 %"),
    )
    now = datetime.now(UTC)
    with ctx.ws.write() as uow:
        uow.session.add(
            Activity(
                kind=ActivityKind.CALL_OUT,
                subject="Обсудить скидку",
                start_at=now - timedelta(days=1),
                done_at=now - timedelta(days=1),
                result="Скидки не будет",
                deal_id=deal_id,
            )
        )
        uow.session.add(Activity(kind=ActivityKind.TODO, subject="Отправить КП", deal_id=deal_id))
        uow.commit()
    editor.edit_deal(ctx, host, deal_id)
    dialog = opened_deal(qtbot, ctx, host)
    assert dialog.tabs.count() == 4
    assert dialog.tabs.tabText(1) == "Activities (2)"
    assert dialog.tabs.tabText(2) == "Stage history (3)"
    assert dialog.tabs.tabText(3) == "Changes"  # the audit log of the deal
    # a lost deal says why, and keeps its closed stage in the list
    assert dialog.outcome.isVisible()
    assert "Дорого" in dialog.outcome.text() and "ООО «Вектор»" in dialog.outcome.text()
    assert dialog.stage.currentText() == "Провал"
    history = dialog.history_model
    assert [history.index(r, 1).data() for r in range(history.rowCount())] == [
        "Переговоры → Провал",
        "Лид → Переговоры",
        "Created in “Лид”",
    ]
    assert history.index(0, 3).data() == "0 %" and history.index(1, 3).data() == "50 %"
    activities = dialog.activities_model
    subjects = [activities.index(r, 0).data() for r in range(activities.rowCount())]
    assert subjects == ["Отправить КП", "Обсудить скидку"]
    assert activities.index(1, 3).data() == "Скидки не будет"
    assert activities.index(0, 2).data() == "Planned"
    dialog.tabs.setCurrentIndex(2)
    assert dialog.history.isVisible()
    qtmodeltester.check(history)
    qtmodeltester.check(activities)


def test_a_concurrent_edit_is_said_clearly_and_nothing_is_lost(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    deal_id = _deal(ctx, base, "Кассы")
    seen = changes_of(ctx)
    editor.edit_deal(ctx, host, deal_id)
    dialog = opened_deal(qtbot, ctx, host)
    card = deals.get_deal(ctx.ws, deal_id).card
    deals.update_deal(
        ctx.ws,
        deal_id,
        DealInput(
            title="Кассы и весы",
            pipeline_id=base.pipeline,
            stage_id=card.stage_id,
            organization_id=base.org,
            amount_minor=card.amount_minor,
        ),
        expected_version=card.version,
    )
    replace_text(qtbot, dialog.title, "Кассы (моё)")
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, ctx)
    assert dialog.isVisible()
    assert dialog.banner.isVisible() and "Save again" in dialog.banner.text()
    conflict = dialog.conflict_dialog  # both changed the title: the conflict dialog asks
    assert conflict is not None and conflict.isVisible() and set(conflict.rows) == {"title"}
    assert dialog.title.text() == "Кассы (моё)" and dialog.title.isEnabled()
    assert seen[-1].records == frozenset({(EntityKind.DEAL, deal_id)})  # the board refreshes
    assert deals.get_deal(ctx.ws, deal_id).card.title == "Кассы и весы"
    click(qtbot, conflict.save_button)  # "use mine" is the default choice
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))
    assert deals.get_deal(ctx.ws, deal_id).card.title == "Кассы (моё)"


def test_a_rule_of_the_service_shows_next_to_its_field(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    editor.new_deal(ctx, host)
    dialog = opened_deal(qtbot, ctx, host)
    type_text(qtbot, dialog.title, "Поставка")
    pick(qtbot, ctx, dialog.org_picker, "Ромаш")
    contacts.move_to_trash(ctx.ws, EntityKind.ORGANIZATION, base.org)  # meanwhile
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, ctx)
    assert dialog.isVisible() and dialog.form.isEnabled() and dialog.save_button.isEnabled()
    assert "trash" in dialog.errors.visible()["organization"]


def test_cancel_asks_before_dropping_what_was_typed(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget, dialogs: FakeDialogs
) -> None:
    editor.new_deal(ctx, host)
    dialog = opened_deal(qtbot, ctx, host)
    dialog.reject()
    assert closed(dialog) and dialogs.confirms == []  # nothing typed: no question
    editor.new_deal(ctx, host)
    qtbot.waitUntil(lambda: closed(dialog))
    dialog = opened_deal(qtbot, ctx, host)
    type_text(qtbot, dialog.title, "Черновик")
    dialogs.answers.append(False)
    dialog.reject()
    assert dialog.isVisible() and len(dialogs.confirms) == 1


def test_no_pipeline_yet_offers_the_settings(qtbot: QtBot, ctx: AppContext, host: QWidget) -> None:
    org = contacts.create_organization(ctx.ws, OrganizationInput(name="ООО «Ромашка»"))
    editor.new_deal(ctx, host, organization_id=org.id)
    dialog = opened_deal(qtbot, ctx, host)
    assert dialog.banner.isVisible() and "no sales pipeline" in dialog.banner.text()
    click(qtbot, dialog.setup_button)
    settings = find(dialog, PipelineSettingsDialog)
    wait_idle(qtbot, ctx)
    click(qtbot, settings.add_pipeline)
    click(qtbot, settings.save_button)
    wait_idle(qtbot, ctx)
    wait_idle(qtbot, ctx)  # the editor reloads the pipelines it was told about
    assert not dialog.setup_button.isVisible() and not dialog.banner.isVisible()
    assert dialog.stage.currentText() == "New lead"
    type_text(qtbot, dialog.title, "Первая сделка")
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))
    (pipeline,) = deals.list_pipelines(ctx.ws)
    assert [c.title for c in deals.load_board(ctx.ws, pipeline.id).cards] == ["Первая сделка"]


def test_new_deal_from_the_contact_card(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    card = CardView(ctx, host)
    card.resize(700, 600)
    card.show()
    card.show_record(EntityKind.PERSON, base.person)
    wait_idle(qtbot, ctx)
    button = find(card, QPushButton, "cardNewDeal")
    assert button.isVisible() and button.text() == "New deal"
    click(qtbot, button)
    dialog = opened_deal(qtbot, ctx, card)
    assert dialog.person.text() == "Иванов Иван Петрович"
    assert dialog.organization.text() == "ООО «Ромашка»"
    dialog.reject()
    card.show_record(EntityKind.ORGANIZATION, base.org)
    wait_idle(qtbot, ctx)
    click(qtbot, button)
    qtbot.waitUntil(lambda: closed(dialog))
    other = opened_deal(qtbot, ctx, card)
    assert other.organization.text() == "ООО «Ромашка»" and other.person.text() == ""


# ------------------------------------------------------------------ pipeline settings


def drag_row(view: QListView, source: int, target: int) -> None:
    """Drag row `source` onto the gap above row `target` (the end when == rowCount), by
    the events a drag delivers to the view."""
    model = view.model()
    view.setCurrentIndex(model.index(source, 0))
    if target < model.rowCount():
        rect = view.visualRect(model.index(target, 0))
        point = QPoint(rect.center().x(), rect.top() + 2)
    else:
        rect = view.visualRect(model.index(model.rowCount() - 1, 0))
        point = QPoint(rect.center().x(), rect.bottom() - 2)
    mime = model.mimeData([model.index(source, 0)])
    move = Qt.DropAction.MoveAction
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    for event in (
        QDragEnterEvent(point, move, mime, left, none),
        QDragMoveEvent(point, move, mime, left, none),
        QDropEvent(QPointF(point), move, mime, left, none),
    ):
        QApplication.sendEvent(viewport, event)
        assert event.isAccepted(), type(event).__name__


def names(view: QListView) -> list[str]:
    model = view.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def open_settings(
    qtbot: QtBot, ctx: AppContext, host: QWidget, pipeline_id: int | None = None
) -> PipelineSettingsDialog:
    pipelines.open_pipeline_settings(ctx, host, pipeline_id)
    wait_idle(qtbot, ctx)
    dialog = host.findChild(PipelineSettingsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def qtbot_click_row(view: QListView, row: int) -> None:
    """Click a row of a list (QTest directly: the helpers have no qtbot at hand)."""
    from PySide6.QtTest import QTest

    rect = view.visualRect(view.model().index(row, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def select_stage(dialog: PipelineSettingsDialog, name: str) -> None:
    view = dialog.stages_view
    index = view.model().index(names(view).index(name), 0)
    qtbot_click_row(view, index.row())
    assert dialog.stage_name.text() == name


def save_settings(qtbot: QtBot, ctx: AppContext, dialog: PipelineSettingsDialog) -> None:
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, ctx)


def stages_in_db(ctx: AppContext, pipeline_id: int) -> list[tuple[str, StageKind, int]]:
    (view,) = [
        p for p in deals.list_pipelines(ctx.ws, include_archived=True) if p.id == pipeline_id
    ]
    return [(s.name, s.kind, s.probability) for s in view.stages]


def test_reorder_stages_by_dragging(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = open_settings(qtbot, ctx, host)
    view = dialog.stages_view
    assert view.dragDropMode() == QAbstractItemView.DragDropMode.DragDrop
    assert names(view) == ["Лид", "Переговоры", "Договор", "Успех", "Провал"]
    drag_row(view, 2, 0)  # Договор to the top
    assert names(view) == ["Договор", "Лид", "Переговоры", "Успех", "Провал"]
    drag_row(view, 1, 5)  # Лид to the end
    assert names(view) == ["Договор", "Переговоры", "Успех", "Провал", "Лид"]
    assert dialog.stage_name.text() == "Лид"  # the dragged stage stays selected
    save_settings(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    assert [n for n, _k, _p in stages_in_db(ctx, base.pipeline)] == [
        "Договор",
        "Переговоры",
        "Успех",
        "Провал",
        "Лид",
    ]


def test_a_drag_from_another_list_is_refused(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = open_settings(qtbot, ctx, host)
    mime = dialog.reasons_model.mimeData([dialog.reasons_model.index(0, 0)])
    model = dialog.stages_model
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, model.index(-1, 0))
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, model.index(-1, 0))
    assert names(dialog.stages_view)[0] == "Лид"


_REAL_DRAG = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget
    from crm_desktop.config import AppPaths
    from crm_desktop.domain.kinds import StageKind
    from crm_desktop.gui.context import AppContext
    from crm_desktop.gui.deals.pipelines import PipelineSettingsDialog, open_pipeline_settings
    from crm_desktop.services import deals
    from crm_desktop.services.deals import PipelineEdit, StageEdit
    from crm_desktop.services.workspace import Workspace

    tmp = Path(sys.argv[1])
    app = QApplication([])
    ws = Workspace.open(str(tmp / "x.sqlite3"), paths=AppPaths.resolve(tmp / "d"), create=True)
    stages = [("A", StageKind.OPEN), ("B", StageKind.OPEN), ("W", StageKind.WON),
              ("L", StageKind.LOST)]
    edit = PipelineEdit(None, "P", [StageEdit(None, n, k) for n, k in stages])
    view = deals.save_pipeline(ws, edit)
    ctx = AppContext(ws, QSettings(str(tmp / "w.ini"), QSettings.Format.IniFormat))

    def idle():
        QTest.qWait(50)
        while ctx.runner.busy():
            QTest.qWait(20)

    host = QWidget(); host.resize(1000, 800); host.show()
    open_pipeline_settings(ctx, host)
    idle()
    dialog = host.findChild(PipelineSettingsDialog)
    list_view = dialog.stages_view
    viewport, model = list_view.viewport(), dialog.stages_model
    start = list_view.visualRect(model.index(0, 0)).center()
    below_b = list_view.visualRect(model.index(1, 0))
    end = QPoint(start.x(), below_b.bottom() - 2)
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    def finish():  # runs inside the drag's own event loop
        for step in range(1, 6):
            y = start.y() + (end.y() - start.y()) * step // 5
            QTest.mouseMove(viewport, QPoint(start.x(), y))
        QTest.mouseRelease(viewport, left, none, end)

    QTimer.singleShot(100, finish)
    QTest.mousePress(viewport, left, none, start)
    for dy in (4, 12, 24):
        QTest.mouseMove(viewport, start + QPoint(0, dy))
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    QTest.mouseClick(dialog.save_button, left)
    idle()
    saved = [s.name for s in deals.list_pipelines(ws)[0].stages]
    print(json.dumps({"shown": shown, "saved": saved}))
    ws.close()
    """
)


@pytest.mark.slow
def test_reorder_stages_with_the_real_mouse_on_a_platform_that_can_drag(tmp_path: Path) -> None:
    """Qt's "minimal" platform runs a real drag loop (offscreen does not): press, move
    and release the mouse on the stage list, in a child process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "minimal", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _REAL_DRAG, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"shown": ["B", "A", "W", "L"], "saved": ["B", "A", "W", "L"]}


def test_rename_a_won_stage_it_stays_won_and_set_a_probability(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = open_settings(qtbot, ctx, host)
    select_stage(dialog, "Успех")
    assert dialog.stage_kind.currentText() == "Won"
    replace_text(qtbot, dialog.stage_name, "Оплачено")
    assert names(dialog.stages_view)[3] == "Оплачено"
    select_stage(dialog, "Переговоры")
    replace_text(qtbot, dialog.stage_probability, "55")
    detail = dialog.stages_model.index(1, 0).data(pipelines.DETAIL_ROLE)
    assert detail == "Open · 55 %"
    save_settings(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    assert stages_in_db(ctx, base.pipeline) == [
        ("Лид", StageKind.OPEN, 10),
        ("Переговоры", StageKind.OPEN, 55),
        ("Договор", StageKind.OPEN, 80),
        ("Оплачено", StageKind.WON, 100),
        ("Провал", StageKind.LOST, 0),
    ]


def test_a_stage_colour_is_chosen_with_the_colour_dialog(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = open_settings(qtbot, ctx, host)
    select_stage(dialog, "Договор")
    assert not dialog.stage_color_reset.isEnabled()  # the default colour
    click(qtbot, dialog.stage_color)
    chooser = find(dialog, QColorDialog)
    assert chooser.isVisible()
    chooser.setCurrentColor(QColor("#8a5cc7"))
    chooser.accept()
    assert dialog.stage_color.text() == "#8a5cc7" and dialog.stage_color_reset.isEnabled()
    save_settings(qtbot, ctx, dialog)
    (view,) = deals.list_pipelines(ctx.ws)
    assert {s.name: s.color for s in view.stages}["Договор"] == "#8a5cc7"


def test_removing_a_stage_with_deals_asks_where_they_go(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    first = _deal(ctx, base, "Первая", stage="Переговоры")
    second = _deal(ctx, base, "Вторая", stage="Переговоры")
    seen = changes_of(ctx)
    dialog = open_settings(qtbot, ctx, host)
    select_stage(dialog, "Переговоры")
    assert not dialog.stage_kind.isEnabled()  # it holds deals: its kind stays
    click(qtbot, dialog.remove_stage)
    move = find(dialog, MoveDealsDialog)
    assert move.isVisible() and move.message.text() == "“Переговоры” holds 2 deals. Move them to:"
    targets = [move.target.itemText(i) for i in range(move.target.count())]
    assert targets == ["Лид", "Договор"]  # open stages that stay; not won or lost
    move.target.setCurrentIndex(1)
    click(qtbot, find(move, QPushButton, "ok"))
    assert names(dialog.stages_view) == ["Лид", "Договор", "Успех", "Провал"]
    assert dialog.stages_model.index(1, 0).data(pipelines.DETAIL_ROLE) == "Open · 80 % · 2 deals"
    assert deals.get_deal(ctx.ws, first).card.stage_id == base.stages["Переговоры"]  # not yet
    save_settings(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    for deal_id in (first, second):
        details = deals.get_deal(ctx.ws, deal_id)
        assert details.card.stage_id == base.stages["Договор"]
        assert details.history[0].to_stage_name == "Договор"
    assert [n for n, _k, _p in stages_in_db(ctx, base.pipeline)] == [
        "Лид",
        "Договор",
        "Успех",
        "Провал",
    ]
    assert seen[-1].touches(EntityKind.DEAL) and seen[-1].touches(EntityKind.PIPELINE)


def test_removing_the_only_won_stage_with_deals_explains_why_not(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget, dialogs: FakeDialogs
) -> None:
    deal_id = _deal(ctx, base, "Выиграна")
    deals.move_deal(
        ctx.ws,
        deal_id,
        base.stages["Успех"],
        outcome=deals.WonOutcome(100_000_00, date.today()),
    )
    dialog = open_settings(qtbot, ctx, host)
    select_stage(dialog, "Успех")
    click(qtbot, dialog.remove_stage)
    assert dialog.findChild(MoveDealsDialog) is None
    assert len(dialogs.infos) == 1 and "another won stage" in dialogs.infos[0]
    assert "Успех" in names(dialog.stages_view)


def test_stage_and_pipeline_rules_are_said_before_saving(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = open_settings(qtbot, ctx, host)
    select_stage(dialog, "Провал")
    click(qtbot, dialog.remove_stage)  # no deals: removed without a question
    assert "Провал" not in names(dialog.stages_view)
    save_settings(qtbot, ctx, dialog)
    assert dialog.isVisible()
    assert dialog.errors.visible() == {"stages": "A pipeline needs a lost stage."}
    click(qtbot, dialog.add_stage)
    assert dialog.stage_name.hasFocus()
    replace_text(qtbot, dialog.stage_name, "Отказ")
    dialog.stage_kind.setCurrentIndex(dialog.stage_kind.findText("Lost"))
    assert dialog.stage_probability.value() == 0
    assert "stages" not in dialog.errors.visible()
    replace_text(qtbot, dialog.pipeline_name, " ")
    save_settings(qtbot, ctx, dialog)
    assert dialog.errors.visible() == {"name": "Enter the pipeline's name."}
    assert dialog.pipeline_name.hasFocus()
    replace_text(qtbot, dialog.pipeline_name, "Опт")
    save_settings(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    (view,) = deals.list_pipelines(ctx.ws)
    assert view.name == "Опт"
    # a new stage goes in after the open ones, before won and lost
    assert [(s.name, s.kind) for s in view.stages][-2:] == [
        ("Отказ", StageKind.LOST),
        ("Успех", StageKind.WON),
    ]
    assert "Провал" not in [s.name for s in view.stages]


def test_a_service_rule_comes_back_next_to_the_field(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = open_settings(qtbot, ctx, host)
    replace_text(qtbot, dialog.pipeline_name, "Другая")
    deals.save_pipeline(  # meanwhile someone takes that name
        ctx.ws,
        PipelineEdit(
            None,
            "Другая",
            [
                StageEdit(None, "A", StageKind.OPEN),
                StageEdit(None, "W", StageKind.WON),
                StageEdit(None, "L", StageKind.LOST),
            ],
        ),
    )
    save_settings(qtbot, ctx, dialog)
    assert dialog.isVisible()
    assert "already exists" in dialog.errors.visible()["name"]


def test_add_archive_reorder_and_delete_pipelines(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    _deal(ctx, base, "Держит воронку")
    dialog = open_settings(qtbot, ctx, host)
    assert not dialog.delete_pipeline.isEnabled()  # it holds a deal
    click(qtbot, dialog.add_pipeline)
    assert dialog.pipeline_name.hasFocus()
    type_text(qtbot, dialog.pipeline_name, "Тендеры")
    click(qtbot, dialog.add_pipeline)
    type_text(qtbot, dialog.pipeline_name, "Пустая")
    assert names(dialog.pipelines_view) == ["Продажи", "Тендеры", "Пустая"]
    assert names(dialog.stages_view) == ["New lead", "Proposal", "Negotiation", "Won", "Lost"]
    click(qtbot, dialog.delete_pipeline)  # a new one: just gone
    drag_row(dialog.pipelines_view, 1, 0)
    assert names(dialog.pipelines_view) == ["Тендеры", "Продажи"]
    dialog.pipelines_view.setCurrentIndex(dialog.pipelines_model.index(1, 0))
    click(qtbot, dialog.archive_pipeline)
    assert names(dialog.pipelines_view) == ["Тендеры", "Продажи (archived)"]
    assert dialog.archive_pipeline.text() == "Restore"
    save_settings(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    everything = deals.list_pipelines(ctx.ws, include_archived=True)
    assert [(p.name, p.is_archived) for p in everything] == [
        ("Тендеры", False),
        ("Продажи", True),
    ]
    assert [s.kind for s in everything[0].stages] == [
        StageKind.OPEN,
        StageKind.OPEN,
        StageKind.OPEN,
        StageKind.WON,
        StageKind.LOST,
    ]

    # an empty saved pipeline is deleted after a question
    dialog = open_settings(qtbot, ctx, host, everything[0].id)
    assert dialog.pipeline_name.text() == "Тендеры"
    click(qtbot, dialog.delete_pipeline)
    assert names(dialog.pipelines_view) == ["Продажи (archived)"]
    save_settings(qtbot, ctx, dialog)
    assert [p.name for p in deals.list_pipelines(ctx.ws, include_archived=True)] == ["Продажи"]


def test_loss_reasons_are_added_renamed_reordered_and_removed(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = open_settings(qtbot, ctx, host)
    dialog.tabs.setCurrentIndex(1)
    view = dialog.reasons_view
    assert names(view) == ["Дорого", "Ушли к конкуренту"]
    click(qtbot, dialog.add_reason)  # a new row, its name open for typing
    editor_line = view.viewport().findChild(QLineEdit)
    assert editor_line is not None and editor_line.isVisible()
    assert editor_line.text() == "New reason"
    replace_text(qtbot, editor_line, "Нет бюджета")
    qtbot.keyClick(editor_line, Qt.Key.Key_Return)  # the view commits on its next turn
    qtbot.waitUntil(lambda: names(view) == ["Дорого", "Ушли к конкуренту", "Нет бюджета"])
    # rename by double-click
    index = view.model().index(0, 0)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor_line = next(e for e in view.viewport().findChildren(QLineEdit) if e.isVisible())
    assert editor_line.text() == "Дорого"
    replace_text(qtbot, editor_line, "Высокая цена")
    qtbot.keyClick(editor_line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: names(view)[0] == "Высокая цена")
    drag_row(view, 2, 0)
    assert names(view) == ["Нет бюджета", "Высокая цена", "Ушли к конкуренту"]
    view.setCurrentIndex(view.model().index(2, 0))
    click(qtbot, dialog.remove_reason)
    assert names(view) == ["Нет бюджета", "Высокая цена"]
    save_settings(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    reasons = deals.list_loss_reasons(ctx.ws)
    assert [r.name for r in reasons] == ["Нет бюджета", "Высокая цена"]
    assert [r.id for r in reasons][1] == base.reasons["Дорого"]  # renamed, not replaced


def test_two_reasons_of_one_name_are_refused(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = open_settings(qtbot, ctx, host)
    dialog.tabs.setCurrentIndex(1)
    index = dialog.reasons_model.index(1, 0)
    assert dialog.reasons_model.setData(index, "  дорого ")
    save_settings(qtbot, ctx, dialog)
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 1
    assert dialog.errors.visible() == {"reasons": "“дорого” is in the list twice."}


def test_settings_models_pass_the_model_tester(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    _deal(ctx, base, "Одна", stage="Переговоры")
    dialog = open_settings(qtbot, ctx, host)
    for model in (dialog.pipelines_model, dialog.stages_model, dialog.reasons_model):
        qtmodeltester.check(model)
    drag_row(dialog.stages_view, 0, 3)
    click(qtbot, dialog.add_stage)
    qtmodeltester.check(dialog.stages_model)
    click(qtbot, dialog.add_pipeline)
    qtmodeltester.check(dialog.pipelines_model)
    qtmodeltester.check(dialog.stages_model)


# ------------------------------------------------------------------ competitors


def open_directory(qtbot: QtBot, ctx: AppContext, host: QWidget) -> competitors.CompetitorsDialog:
    competitors.open_competitors(ctx, host)
    wait_idle(qtbot, ctx)
    dialog = host.findChild(competitors.CompetitorsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def shown_competitors(dialog: competitors.CompetitorsDialog) -> list[tuple[str, str]]:
    model = dialog.view.model()
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def test_add_a_competitor(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget, dialogs: FakeDialogs
) -> None:
    dialog = open_directory(qtbot, ctx, host)
    assert shown_competitors(dialog) == [("ООО «Вектор»", "0")]
    click(qtbot, dialog.add_button)
    editor_dialog = find(dialog, competitors.CompetitorDialog)
    qtbot.waitUntil(editor_dialog.name.hasFocus)
    click(qtbot, editor_dialog.save_button)
    assert editor_dialog.errors.visible() == {"name": "Enter the competitor's name."}
    type_text(qtbot, editor_dialog.name, "Вектор")  # the same name as an existing one
    click(qtbot, editor_dialog.save_button)
    wait_idle(qtbot, ctx)
    assert "already exists" in editor_dialog.errors.visible()["name"]
    replace_text(qtbot, editor_dialog.name, "АО «Альфа-Трейд»")
    type_text(qtbot, editor_dialog.website, "alfa-trade.ru")
    type_text(qtbot, editor_dialog.notes, "Сильны в регионах")
    click(qtbot, editor_dialog.save_button)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(editor_dialog))
    wait_idle(qtbot, ctx)
    views = {c.name: c for c in deals.list_competitors(ctx.ws)}
    alfa = views["АО «Альфа-Трейд»"]
    assert (alfa.website, alfa.notes) == ("alfa-trade.ru", "Сильны в регионах")
    assert ("АО «Альфа-Трейд»", "0") in shown_competitors(dialog)
    assert dialog.current_id() == alfa.id  # the new one is selected
    assert dialog.card_title.text() == "АО «Альфа-Трейд»"
    # delete after a question
    click(qtbot, dialog.delete_button)
    wait_idle(qtbot, ctx)
    assert dialogs.confirms and "АО «Альфа-Трейд»" in dialogs.confirms[-1]
    assert [c.name for c in deals.list_competitors(ctx.ws)] == ["ООО «Вектор»"]
    assert shown_competitors(dialog) == [("ООО «Вектор»", "0")]


def test_the_card_lists_the_deals_lost_to_the_competitor(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    lost = _deal(ctx, base, "Оборудование цеха")
    deals.move_deal(
        ctx.ws,
        lost,
        base.stages["Провал"],
        outcome=LostOutcome(base.reasons["Дорого"], base.competitor, "Дали скидку 15 %"),
    )
    dialog = open_directory(qtbot, ctx, host)
    assert shown_competitors(dialog) == [("ООО «Вектор»", "1")]
    assert dialog.card_title.text() == "ООО «Вектор»"
    assert dialog.card_summary.text().startswith("Won 1 deal from us")
    model = dialog.lost_model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[1:3] == ["Оборудование цеха", "ООО «Ромашка»"]
    assert row[4:6] == ["Дорого", "Дали скидку 15 %"]
    assert "100" in row[3]
    assert dialog.lost_view.isVisible() and not dialog.lost_empty.isVisible()
    qtmodeltester.check(model)
    qtmodeltester.check(dialog.model)

    # another deal lost to it on the board meanwhile: the directory follows
    other = _deal(ctx, base, "Вторая линия")
    deals.move_deal(
        ctx.ws,
        other,
        base.stages["Провал"],
        outcome=LostOutcome(base.reasons["Ушли к конкуренту"], base.competitor),
    )
    ctx.notify(Changes.of((EntityKind.DEAL, other)))
    wait_idle(qtbot, ctx)
    wait_idle(qtbot, ctx)
    assert shown_competitors(dialog) == [("ООО «Вектор»", "2")]
    assert model.rowCount() == 2

    # double-click a deal: its editor opens
    index = model.index(0, 1)
    rect = dialog.lost_view.visualRect(index)
    qtbot.mouseClick(dialog.lost_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.lost_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    deal_dialog = opened_deal(qtbot, ctx, dialog)
    assert deal_dialog.deal_id == model.index(0, 0).data(editor.ID_ROLE)
    assert deal_dialog.outcome.isVisible()


def test_edit_a_competitor_and_a_concurrent_edit(
    qtbot: QtBot, ctx: AppContext, base: Base, host: QWidget
) -> None:
    dialog = open_directory(qtbot, ctx, host)
    click(qtbot, dialog.edit_button)
    editor_dialog = find(dialog, competitors.CompetitorDialog)
    assert editor_dialog.name.text() == "ООО «Вектор»"
    assert editor_dialog.website.text() == "vector.ru"
    deals.save_competitor(
        ctx.ws, base.competitor, "ООО «Вектор»", "vector.com", None, expected_version=1
    )
    type_text(qtbot, editor_dialog.notes, " и быстро возят")
    click(qtbot, editor_dialog.save_button)
    wait_idle(qtbot, ctx)
    assert editor_dialog.isVisible() and "Someone else" in editor_dialog.banner.text()
    editor_dialog._initial = editor_dialog._values()  # leave without the question
    editor_dialog.reject()
    click(qtbot, dialog.edit_button)
    wait_idle(qtbot, ctx)
    fresh = next(d for d in dialog.findChildren(competitors.CompetitorDialog) if d.isVisible())
    assert fresh.website.text() == "vector.com"
    type_text(qtbot, fresh.notes, "Возят быстро")
    click(qtbot, fresh.save_button)
    wait_idle(qtbot, ctx)
    (view,) = deals.list_competitors(ctx.ws)
    assert view.notes == "Возят быстро"
