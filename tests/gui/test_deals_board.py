"""The deals board driven like a person: drag cards between columns, close deals as won
and lost through their dialogs, move cards with the keyboard, filter, sort the list —
then check what the columns show and what the base holds.

Dragging. Offscreen Qt has no window-system drag: ``QDrag.exec`` returns at once
(QOffscreenDrag), so a real drag cannot complete without a display. The tests therefore
(1) press and move the real mouse on a card and check that this starts a drag carrying
the card (``startDrag`` → ``QDrag.exec`` with our MIME data), and (2) play the window
system's part — ``QDragEnterEvent``/``QDragMoveEvent``/``QDropEvent`` with that data on
the target column's viewport — which is what Qt delivers on a desktop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import shiboken6
import sqlalchemy as sa
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import EntityKind, StageKind
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.deals import board as board_module
from crm_desktop.gui.deals.board import (
    AMOUNT,
    ID_ROLE,
    MIME_TYPE,
    ColumnView,
    DealsModel,
    decode_card,
    encode_card,
    money_text,
)
from crm_desktop.gui.deals.close_dialogs import LostDialog, WonDialog
from crm_desktop.gui.deals.page import DealsPage
from crm_desktop.services import contacts, deals
from crm_desktop.services.deals import (
    DealFilter,
    DealInput,
    PipelineEdit,
    ReferenceItem,
    StageEdit,
)
from crm_desktop.services.dto import OrganizationInput, PersonInput
from crm_desktop.storage.models import DealStageChange
from tests.gui.conftest import FakeDialogs, type_text, wait_idle

OPEN, WON, LOST = StageKind.OPEN, StageKind.WON, StageKind.LOST


@dataclass
class Base:
    pipeline: int
    lead: int
    talks: int
    contract: int
    won: int
    lost: int
    romashka: int
    vector: int
    deals: dict[str, int]
    reasons: dict[str, int]
    competitor: int


@pytest.fixture
def base(ctx: AppContext) -> Base:
    ws = ctx.ws
    view = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "Продажи",
            [
                StageEdit(None, "Новый лид", OPEN, 10),
                StageEdit(None, "Переговоры", OPEN, 50),
                StageEdit(None, "Договор", OPEN, 80),
                StageEdit(None, "Успешно", WON, 100),
                StageEdit(None, "Проиграно", LOST, 0),
            ],
        ),
    )
    stage = {s.name: s.id for s in view.stages}
    romashka = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
    vector = contacts.create_organization(ws, OrganizationInput(name="АО «Вектор»")).id
    petrov = contacts.create_person(ws, PersonInput(full_name="Петров Пётр")).id
    specs = [
        ("Поставка станков", stage["Новый лид"], romashka, None, 1_000_000_00),
        ("Сервисный договор", stage["Новый лид"], vector, None, 250_000_00),
        ("Монтаж линии", stage["Переговоры"], romashka, None, 400_000_00),
        ("Обучение персонала", stage["Переговоры"], None, petrov, 60_000_00),
        ("Запчасти", stage["Договор"], vector, None, 120_000_00),
    ]
    ids = {}
    for title, stage_id, org, person, amount in specs:
        card = deals.create_deal(
            ws,
            DealInput(
                title=title,
                pipeline_id=view.id,
                stage_id=stage_id,
                organization_id=org,
                person_id=person,
                amount_minor=amount,
            ),
        )
        ids[title] = card.id
    reasons = deals.save_loss_reasons(
        ws, [ReferenceItem(None, "Высокая цена"), ReferenceItem(None, "Нет бюджета")]
    )
    competitor = deals.save_competitor(ws, None, "ООО «ПромТехРесурс»", None, None)
    return Base(
        pipeline=view.id,
        lead=stage["Новый лид"],
        talks=stage["Переговоры"],
        contract=stage["Договор"],
        won=stage["Успешно"],
        lost=stage["Проиграно"],
        romashka=romashka,
        vector=vector,
        deals=ids,
        reasons={r.name: r.id for r in reasons if r.id is not None},
        competitor=competitor.id,
    )


def _page(qtbot: QtBot, ctx: AppContext) -> DealsPage:
    page = DealsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1500, 800)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.board_shown, timeout=10_000):
        page.activate()
    wait_idle(qtbot, ctx)
    return page


def _view(page: DealsPage, stage_id: int) -> ColumnView:
    view = page.board.view_of(stage_id)
    assert view is not None
    return view


def _column_ids(page: DealsPage, stage_id: int) -> list[int]:
    model = _view(page, stage_id).model()
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def _header(page: DealsPage, stage_id: int) -> tuple[str, str, str, str]:
    column = page.board.column(stage_id)
    assert column is not None
    return column.header.texts()


def _expected_header(page: DealsPage, name: str, count: int, total: int, weighted: int) -> tuple:
    loc = page.model.locale
    return (
        name,
        loc.toString(count),
        money_text(loc, total, "RUB"),
        money_text(loc, weighted, "RUB"),
    )


def _card_point(view: ColumnView, deal_id: int) -> QPoint:
    index = view.stage_model().index_of(deal_id)
    assert index.isValid()
    view.scrollTo(index)
    return view.visualRect(index).center()


def _history_rows(ctx: AppContext, deal_id: int) -> list[tuple[int | None, int, int | None, int]]:
    """(from stage, to stage, user, probability) of every stage change, oldest first."""
    with ctx.ws.read() as uow:
        rows = uow.session.execute(
            sa.select(
                DealStageChange.from_stage_id,
                DealStageChange.to_stage_id,
                DealStageChange.changed_by_id,
                DealStageChange.probability,
            )
            .where(DealStageChange.deal_id == deal_id)
            .order_by(DealStageChange.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


class _Drags:
    """Records the drags the board starts; a started drag can be dropped on a column the
    way the window system would deliver it (enter, move, drop on the viewport)."""

    def __init__(self) -> None:
        self.started: list[QMimeData] = []
        self.on_exec: Any = None

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        drags = self

        class RecordingDrag(QDrag):
            def exec(self, *args: Any, **kwargs: Any) -> Qt.DropAction:  # type: ignore[override]
                mime = self.mimeData()
                copy = QMimeData()
                copy.setData(MIME_TYPE, mime.data(MIME_TYPE))
                drags.started.append(copy)
                if drags.on_exec is not None:
                    return drags.on_exec(copy)
                return Qt.DropAction.IgnoreAction

        monkeypatch.setattr(board_module, "QDrag", RecordingDrag)


@pytest.fixture
def drags(monkeypatch: pytest.MonkeyPatch) -> _Drags:
    recorder = _Drags()
    recorder.install(monkeypatch)
    return recorder


def drop_on(view: ColumnView, mime: QMimeData, pos: QPoint | None = None) -> bool:
    """What the window system delivers when a drag is released over `view`: returns
    whether the column accepted the drop."""
    target = view.viewport()
    pos = pos or QPoint(target.width() // 2, 30)
    move = Qt.DropAction.MoveAction
    left = Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, move, mime, left, none)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(target, QDragMoveEvent(pos + QPoint(2, 4), move, mime, left, none))
    drop = QDropEvent(QPointF(pos + QPoint(2, 4)), move, mime, left, none)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def drag_card(
    qtbot: QtBot, drags: _Drags, source: ColumnView, deal_id: int, target: ColumnView
) -> None:
    """Press the mouse on a card, move it (a drag starts), release it over `target`."""
    start = _card_point(source, deal_id)
    drags.on_exec = lambda mime: (
        Qt.DropAction.MoveAction if drop_on(target, mime) else Qt.DropAction.IgnoreAction
    )
    qtbot.mousePress(source.viewport(), Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(source.viewport(), start + QPoint(8, 6))
    QTest.mouseMove(source.viewport(), start + QPoint(40, 30))
    qtbot.mouseRelease(source.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(40, 30))


def _open_dialog(qtbot: QtBot, page: DealsPage, cls: type) -> Any:
    qtbot.waitUntil(lambda: isinstance(page.active_dialog, cls) and page.active_dialog.isVisible())
    return page.active_dialog


def _closed(dialog: QWidget) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


# ------------------------------------------------------------------ models


def test_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, ctx: AppContext, base: Base
) -> None:
    model = DealsModel()
    model.set_board(deals.load_board(ctx.ws, base.pipeline))
    qtmodeltester.check(model)
    lead = model.stage_model(base.lead)
    talks = model.stage_model(base.talks)
    assert lead is not None and talks is not None
    qtmodeltester.check(lead)
    qtmodeltester.check(talks)
    assert lead.rowCount() == 2 and talks.rowCount() == 2
    # a move, a change in place, a sort, a new board with a deal gone: all checked live
    card = model.card(base.deals["Поставка станков"])
    assert card is not None
    model.update_card(deals.move_deal(ctx.ws, card.id, base.talks))
    assert lead.rowCount() == 1 and talks.rowCount() == 3
    assert talks.index(0, 0).data(ID_ROLE) == card.id  # moved cards go on top
    model.sort(AMOUNT, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data(ID_ROLE) == card.id
    deals.move_deal_to_trash(ctx.ws, base.deals["Запчасти"])
    model.set_board(deals.load_board(ctx.ws, base.pipeline))
    assert model.rowCount() == 4
    model.set_board(deals.load_board(ctx.ws, base.pipeline, DealFilter(text="монтаж")))
    assert talks.rowCount() == 1
    model.sort(-1)


def test_mime_data_carries_the_deal_and_its_version(ctx: AppContext, base: Base) -> None:
    board = deals.load_board(ctx.ws, base.pipeline)
    card = next(c for c in board.cards if c.title == "Монтаж линии")
    payload = decode_card(encode_card(card))
    assert payload is not None
    assert (payload.deal_id, payload.version, payload.stage_id) == (
        card.id,
        card.version,
        base.talks,
    )
    assert decode_card(QMimeData()) is None


# ------------------------------------------------------------------ the board


def test_the_board_shows_a_column_per_stage_with_counts_and_sums(
    qtbot: QtBot, ctx: AppContext, base: Base, main_window: Any
) -> None:
    page = main_window.show_page("deals")
    assert isinstance(page, DealsPage)
    qtbot.waitUntil(page.is_ready)
    wait_idle(qtbot, ctx)
    assert page.title == "Deals"
    assert [c.stage_id for c in page.board.columns] == [
        base.lead,
        base.talks,
        base.contract,
        base.won,
        base.lost,
    ]
    assert _header(page, base.lead) == _expected_header(
        page, "Новый лид", 2, 1_250_000_00, 125_000_00
    )
    assert _header(page, base.talks) == _expected_header(
        page, "Переговоры", 2, 460_000_00, 230_000_00
    )
    assert _header(page, base.won) == _expected_header(page, "Успешно", 0, 0, 0)
    assert set(_column_ids(page, base.lead)) == {
        base.deals["Поставка станков"],
        base.deals["Сервисный договор"],
    }
    view = _view(page, base.lead)
    assert view.uniformItemSizes()
    assert view.indexWidget(view.model().index(0, 0)) is None  # painted, not widgets
    assert "5 open deals" in page.status_label.text()


def test_a_real_mouse_press_and_move_starts_a_drag_of_the_card(
    qtbot: QtBot, ctx: AppContext, base: Base, drags: _Drags
) -> None:
    page = _page(qtbot, ctx)
    source = _view(page, base.lead)
    deal_id = base.deals["Поставка станков"]
    start = _card_point(source, deal_id)
    qtbot.mousePress(source.viewport(), Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(source.viewport(), start + QPoint(3, 2))
    assert drags.started == []  # not past the drag distance yet
    QTest.mouseMove(source.viewport(), start + QPoint(40, 30))
    qtbot.mouseRelease(source.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(40, 30))
    assert len(drags.started) == 1
    payload = decode_card(drags.started[0])
    assert payload is not None and payload.deal_id == deal_id
    assert payload.stage_id == base.lead
    assert deals.get_deal(ctx.ws, deal_id).card.stage_id == base.lead  # nothing dropped


def test_dragging_a_card_to_another_column_moves_the_deal(
    qtbot: QtBot, ctx: AppContext, base: Base, drags: _Drags
) -> None:
    page = _page(qtbot, ctx)
    deal_id = base.deals["Поставка станков"]
    before = _history_rows(ctx, deal_id)
    with qtbot.waitSignal(page.move_saved, timeout=10_000) as saved:
        drag_card(qtbot, drags, _view(page, base.lead), deal_id, _view(page, base.contract))
        # optimistic: on screen before the base has it
        assert _column_ids(page, base.contract)[0] == deal_id
    assert saved.args == [deal_id]
    wait_idle(qtbot, ctx)

    assert deal_id not in _column_ids(page, base.lead)
    assert _column_ids(page, base.contract)[0] == deal_id
    assert _header(page, base.lead) == _expected_header(page, "Новый лид", 1, 250_000_00, 25_000_00)
    assert _header(page, base.contract) == _expected_header(
        page, "Договор", 2, 1_120_000_00, 896_000_00
    )
    details = deals.get_deal(ctx.ws, deal_id)
    assert details.card.stage_id == base.contract
    assert details.card.probability == 80  # the stage's default
    assert details.own_probability is None
    assert details.history[0].to_stage_name == "Договор"
    assert details.history[0].from_stage_name == "Новый лид"
    rows = _history_rows(ctx, deal_id)
    assert rows[: len(before)] == before
    assert rows[len(before) :] == [(base.lead, base.contract, ctx.ws.user_id, 80)]
    card = page.model.card(deal_id)
    assert card is not None and card.version == details.card.version
    assert "5 open deals" in page.status_label.text()


def test_a_column_refuses_a_card_of_its_own_and_foreign_data(
    qtbot: QtBot, ctx: AppContext, base: Base
) -> None:
    page = _page(qtbot, ctx)
    card = page.model.card(base.deals["Монтаж линии"])
    assert card is not None
    assert not drop_on(_view(page, base.talks), encode_card(card))
    text = QMimeData()
    text.setText("Монтаж линии")
    assert not drop_on(_view(page, base.contract), text)
    wait_idle(qtbot, ctx)
    assert deals.get_deal(ctx.ws, card.id).card.stage_id == base.talks
    assert len(_history_rows(ctx, card.id)) == 1


def test_closing_as_won_asks_for_the_final_amount_and_date(
    qtbot: QtBot, ctx: AppContext, base: Base, drags: _Drags
) -> None:
    page = _page(qtbot, ctx)
    deal_id = base.deals["Монтаж линии"]
    drag_card(qtbot, drags, _view(page, base.talks), deal_id, _view(page, base.won))
    dialog = _open_dialog(qtbot, page, WonDialog)
    assert dialog.amount.value() == 400_000  # prefilled with the deal's amount
    assert dialog.closed_on.date().toPython() == date.today()
    assert deal_id in _column_ids(page, base.talks)  # nothing moves before OK
    dialog.amount.setFocus()
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "380000")
    with qtbot.waitSignal(page.move_saved, timeout=10_000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "wonOk"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert _closed(dialog)
    assert _column_ids(page, base.won) == [deal_id]
    assert _header(page, base.won) == _expected_header(page, "Успешно", 1, 380_000_00, 380_000_00)
    assert _header(page, base.talks) == _expected_header(
        page, "Переговоры", 1, 60_000_00, 30_000_00
    )
    details = deals.get_deal(ctx.ws, deal_id)
    assert details.card.stage_kind is WON
    assert details.card.amount_minor == 380_000_00
    assert details.card.probability == 100
    assert details.card.closed_at is not None
    assert details.card.closed_at.astimezone().date() == date.today()
    assert _history_rows(ctx, deal_id)[-1] == (base.talks, base.won, ctx.ws.user_id, 100)


def test_cancelling_the_won_dialog_leaves_the_deal(
    qtbot: QtBot, ctx: AppContext, base: Base, drags: _Drags
) -> None:
    page = _page(qtbot, ctx)
    deal_id = base.deals["Запчасти"]
    drag_card(qtbot, drags, _view(page, base.contract), deal_id, _view(page, base.won))
    dialog = _open_dialog(qtbot, page, WonDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _closed(dialog))
    wait_idle(qtbot, ctx)
    assert _column_ids(page, base.contract) == [deal_id]
    assert _column_ids(page, base.won) == []
    assert deals.get_deal(ctx.ws, deal_id).card.stage_id == base.contract
    assert len(_history_rows(ctx, deal_id)) == 1


def test_closing_as_lost_requires_a_reason_and_records_the_competitor(
    qtbot: QtBot, ctx: AppContext, base: Base, drags: _Drags, dialogs: FakeDialogs
) -> None:
    page = _page(qtbot, ctx)
    deal_id = base.deals["Сервисный договор"]
    drag_card(qtbot, drags, _view(page, base.lead), deal_id, _view(page, base.lost))
    dialog = _open_dialog(qtbot, page, LostDialog)
    error = dialog.findChild(QLabel, "lossReasonError")
    ok = dialog.findChild(QPushButton, "lostOk")
    assert not error.isVisible()

    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no reason chosen
    assert dialog.isVisible()
    assert error.isVisible() and "reason is required" in error.text()
    wait_idle(qtbot, ctx)
    assert deals.get_deal(ctx.ws, deal_id).card.stage_id == base.lead
    assert deal_id in _column_ids(page, base.lead)

    qtbot.keyClick(dialog.reason, Qt.Key.Key_Down)  # the first reason
    assert dialog.reason.currentText() == "Высокая цена"
    assert not error.isVisible()
    # a competitor not in the list yet: "Add a new competitor…" at the end of the list
    dialog.ask_name = lambda *_args: "ООО «Новый Поставщик»"
    with qtbot.waitSignal(dialog.item_added, timeout=10_000):
        qtbot.keyClick(dialog.competitor, Qt.Key.Key_End)
    assert dialog.competitor.currentText() == "ООО «Новый Поставщик»"
    type_text(qtbot, dialog.comment, "Выбрали дешевле")
    with qtbot.waitSignal(page.move_saved, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert _closed(dialog)
    assert dialogs.errors == []

    assert _column_ids(page, base.lost) == [deal_id]
    assert _header(page, base.lost) == _expected_header(page, "Проиграно", 1, 250_000_00, 0)
    assert _header(page, base.lead)[1] == page.model.locale.toString(1)
    details = deals.get_deal(ctx.ws, deal_id)
    assert details.card.stage_kind is LOST
    assert details.loss_reason == "Высокая цена"
    assert details.competitor_name == "ООО «Новый Поставщик»"
    assert details.loss_comment == "Выбрали дешевле"
    assert details.card.probability == 0
    assert _history_rows(ctx, deal_id)[-1] == (base.lead, base.lost, ctx.ws.user_id, 0)
    assert "ООО «Новый Поставщик»" in [c.name for c in deals.list_competitors(ctx.ws)]


def test_a_new_loss_reason_is_added_from_the_lost_dialog(
    qtbot: QtBot, ctx: AppContext, base: Base
) -> None:
    page = _page(qtbot, ctx)
    deal_id = base.deals["Запчасти"]
    card = page.model.card(deal_id)
    assert card is not None
    page.request_move(deal_id, card.version, base.lost)
    dialog = _open_dialog(qtbot, page, LostDialog)
    dialog.ask_name = lambda *_args: "Сорвали сроки"
    with qtbot.waitSignal(dialog.item_added, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_End)
    assert dialog.reason.currentText() == "Сорвали сроки"
    assert [r.name for r in deals.list_loss_reasons(ctx.ws)] == [
        "Высокая цена",
        "Нет бюджета",
        "Сорвали сроки",
    ]
    with qtbot.waitSignal(page.move_saved, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert deals.get_deal(ctx.ws, deal_id).loss_reason == "Сорвали сроки"


def test_ctrl_arrows_move_the_selected_card_between_stages(
    qtbot: QtBot, ctx: AppContext, base: Base
) -> None:
    page = _page(qtbot, ctx)
    deal_id = base.deals["Поставка станков"]
    lead = _view(page, base.lead)
    qtbot.mouseClick(lead.viewport(), Qt.MouseButton.LeftButton, pos=_card_point(lead, deal_id))
    assert page.current_deal() == deal_id
    # two quick moves: the second is sent before the first is saved
    with qtbot.waitSignals([page.move_saved, page.move_saved], timeout=10_000):
        qtbot.keyClick(lead, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
        talks = _view(page, base.talks)
        assert talks.hasFocus() and page.current_deal() == deal_id  # the focus follows
        qtbot.keyClick(talks, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)
    assert _column_ids(page, base.contract)[0] == deal_id
    assert deals.get_deal(ctx.ws, deal_id).card.stage_id == base.contract
    contract = _view(page, base.contract)
    with qtbot.waitSignal(page.move_saved, timeout=10_000):
        qtbot.keyClick(contract, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)
    details = deals.get_deal(ctx.ws, deal_id)
    assert details.card.stage_id == base.talks and details.card.probability == 50
    assert [r[:2] for r in _history_rows(ctx, deal_id)[1:]] == [
        (base.lead, base.talks),
        (base.talks, base.contract),
        (base.contract, base.talks),
    ]
    # plain arrows walk between the columns, Up/Down within one
    qtbot.keyClick(lead, Qt.Key.Key_Right)
    talks = _view(page, base.talks)
    assert talks.hasFocus() and talks.currentIndex().isValid()
    qtbot.keyClick(talks, Qt.Key.Key_Left)
    assert lead.hasFocus()
    # the first stage has no previous one: Ctrl+Left there does nothing
    lead_card = base.deals["Сервисный договор"]
    qtbot.mouseClick(lead.viewport(), Qt.MouseButton.LeftButton, pos=_card_point(lead, lead_card))
    qtbot.keyClick(lead, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)
    assert deals.get_deal(ctx.ws, lead_card).card.stage_id == base.lead


def test_a_move_of_a_deal_changed_elsewhere_is_refused_and_the_board_reloads(
    qtbot: QtBot, ctx: AppContext, base: Base, drags: _Drags, dialogs: FakeDialogs
) -> None:
    page = _page(qtbot, ctx)
    deal_id = base.deals["Монтаж линии"]
    deals.move_deal(ctx.ws, deal_id, base.contract)  # someone else, not notified
    with qtbot.waitSignal(page.move_failed, timeout=10_000):
        drag_card(qtbot, drags, _view(page, base.talks), deal_id, _view(page, base.lead))
    qtbot.waitUntil(lambda: deal_id in _column_ids(page, base.contract), timeout=10_000)
    wait_idle(qtbot, ctx)
    assert len(dialogs.errors) == 1
    assert deal_id not in _column_ids(page, base.lead)
    assert deals.get_deal(ctx.ws, deal_id).card.stage_id == base.contract


def test_enter_and_double_click_open_the_deal_and_the_toolbar_reaches_the_dialogs(
    qtbot: QtBot, ctx: AppContext, base: Base, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crm_desktop.gui.deals import competitors, editor, pipelines

    calls: list[tuple[str, Any]] = []
    monkeypatch.setattr(
        editor, "edit_deal", lambda _ctx, _parent, deal_id: calls.append(("edit", deal_id))
    )
    monkeypatch.setattr(editor, "new_deal", lambda _ctx, _parent, **kw: calls.append(("new", kw)))
    monkeypatch.setattr(
        pipelines,
        "open_pipeline_settings",
        lambda _c, _p, pid=None: calls.append(("pipes", pid)),
    )
    monkeypatch.setattr(
        competitors, "open_competitors", lambda _c, _p: calls.append(("competitors", None))
    )
    page = _page(qtbot, ctx)
    deal_id = base.deals["Запчасти"]
    view = _view(page, base.contract)
    point = _card_point(view, deal_id)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)  # a double click:
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)  # press, then this
    qtbot.keyClick(view, Qt.Key.Key_Return)
    page.new_deal_action.trigger()
    page.pipelines_action.trigger()
    page.competitors_action.trigger()
    assert calls == [
        ("edit", deal_id),
        ("edit", deal_id),
        (
            "new",
            {"organization_id": None, "pipeline_id": base.pipeline},
        ),
        ("pipes", base.pipeline),
        ("competitors", None),
    ]


def test_filters_narrow_the_board_and_the_list(qtbot: QtBot, ctx: AppContext, base: Base) -> None:
    page = _page(qtbot, ctx)
    bar = page.filter_bar
    with qtbot.waitSignal(page.board_shown, timeout=10_000):
        type_text(qtbot, bar.search, "ромаш")
    wait_idle(qtbot, ctx)
    assert page.model.rowCount() == 2
    assert set(_column_ids(page, base.lead)) == {base.deals["Поставка станков"]}
    assert "Filtered: 2 open deals" in page.status_label.text()
    with qtbot.waitSignal(page.board_shown, timeout=10_000):
        bar.search.clear()
        qtbot.keyClick(bar.search, Qt.Key.Key_Return)
    assert page.model.rowCount() == 5

    with qtbot.waitSignal(page.board_shown, timeout=10_000):
        bar.amount_min.setFocus()
        bar.amount_min.selectAll()
        qtbot.keyClicks(bar.amount_min, "200000")
        qtbot.keyClick(bar.amount_min, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    assert {page.model.index(r, 0).data(ID_ROLE) for r in range(page.model.rowCount())} == {
        base.deals["Поставка станков"],
        base.deals["Сервисный договор"],
        base.deals["Монтаж линии"],
    }
    with qtbot.waitSignal(page.board_shown, timeout=10_000):
        bar.set_organization(base.vector, "АО «Вектор»")
    wait_idle(qtbot, ctx)
    assert [c.stage_id for c in page.board.columns if _column_ids(page, c.stage_id)] == [base.lead]
    assert _column_ids(page, base.lead) == [base.deals["Сервисный договор"]]
    assert bar.reset_button.isEnabled()
    with qtbot.waitSignal(page.board_shown, timeout=10_000):
        qtbot.mouseClick(bar.reset_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert page.model.rowCount() == 5 and not bar.reset_button.isEnabled()


def test_the_list_shows_the_same_deals_sorted_by_a_header_click(
    qtbot: QtBot, ctx: AppContext, base: Base, qtmodeltester: Any
) -> None:
    page = _page(qtbot, ctx)
    qtbot.mouseClick(page.list_button, Qt.MouseButton.LeftButton)
    assert page.showing_list()
    table = page.table
    qtmodeltester.check(table.model())
    assert table.model().rowCount() == 5
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(AMOUNT) + header.sectionSize(AMOUNT) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    amounts = [table.model().index(r, AMOUNT).data(board_module.SORT_ROLE) for r in range(5)]
    assert amounts == sorted(amounts)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = table.model().index(0, 0)
    assert first.data(ID_ROLE) == base.deals["Поставка станков"]
    # the selection goes with the switch of view
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(first).center()
    )
    qtbot.mouseClick(page.board_button, Qt.MouseButton.LeftButton)
    assert not page.showing_list()
    assert page.board.current_deal() == base.deals["Поставка станков"]


def test_the_board_follows_changes_made_elsewhere(
    qtbot: QtBot, ctx: AppContext, base: Base
) -> None:
    page = _page(qtbot, ctx)
    card = deals.create_deal(
        ctx.ws,
        DealInput(
            title="Новая сделка",
            pipeline_id=base.pipeline,
            stage_id=base.talks,
            organization_id=base.romashka,
            amount_minor=10_000_00,
        ),
    )
    with qtbot.waitSignal(page.board_shown, timeout=10_000):
        ctx.notify(Changes.of((EntityKind.DEAL, card.id)))
    assert _column_ids(page, base.talks)[0] == card.id
    assert _header(page, base.talks)[1] == page.model.locale.toString(3)
    # a new stage in the pipeline: a new column
    view = deals.list_pipelines(ctx.ws)[0]
    edit = PipelineEdit(
        view.id,
        view.name,
        [StageEdit(s.id, s.name, s.kind, s.probability, s.color) for s in view.stages],
        expected_version=view.version,
    )
    edit.stages.insert(3, StageEdit(None, "Оплата", OPEN, 90))
    deals.save_pipeline(ctx.ws, edit)
    with qtbot.waitSignal(page.board_shown, timeout=10_000):
        ctx.notify(Changes.of(kinds=(EntityKind.PIPELINE,)))
    assert [c.header.texts()[0] for c in page.board.columns] == [
        "Новый лид",
        "Переговоры",
        "Договор",
        "Оплата",
        "Успешно",
        "Проиграно",
    ]


def test_a_base_without_pipelines_says_what_to_do(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    assert page.stack.currentWidget() is page.empty
    assert "No pipeline yet" in page.empty.text()
    assert not page.new_deal_action.isEnabled()


def test_trash_from_the_context_menu_takes_the_card_off_the_board(
    qtbot: QtBot, ctx: AppContext, base: Base, dialogs: FakeDialogs
) -> None:
    page = _page(qtbot, ctx)
    deal_id = base.deals["Обучение персонала"]
    view = _view(page, base.talks)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_card_point(view, deal_id))
    menu = page.context_menu(deal_id)
    titles = [a.text() for a in menu.actions()]
    assert "Open the p&erson" in titles
    page.trash_action.trigger()
    wait_idle(qtbot, ctx)
    assert dialogs.confirms and "Обучение персонала" in dialogs.confirms[0]
    assert deal_id not in _column_ids(page, base.talks)
    assert _header(page, base.talks)[1] == page.model.locale.toString(1)
    assert deal_id not in {c.id for c in deals.load_board(ctx.ws, base.pipeline).cards}
