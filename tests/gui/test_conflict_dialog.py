"""Get and resolve a conflict: a card is changed by another user while its editor is open.

Different fields merge without a word; the same field changed on both sides opens the
conflict dialog with the three values, and what is chosen there is saved."""

# ruff: noqa: F811  (the board's fixtures, imported, are taken as arguments)
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.conflicts import ConflictDialog
from crm_desktop.gui.contacts import editors
from crm_desktop.gui.context import AppContext
from crm_desktop.services import conflicts, contacts
from crm_desktop.services.dto import OrganizationInput, PersonInput, PhoneInput
from tests.gui.conftest import FakeDialogs, add_user, closed, replace_text, wait_idle
from tests.gui.test_deals_board import base as board_base  # noqa: F401
from tests.gui.test_deals_board import drags  # noqa: F401


@contextmanager
def as_user(ctx: AppContext, user_id: int) -> Iterator[None]:
    """Another desktop saving into the same base (its own user)."""
    saved = ctx.ws.user_id
    ctx.ws.user_id = user_id
    try:
        yield
    finally:
        ctx.ws.user_id = saved


@pytest.fixture
def petrova(ctx: AppContext) -> int:
    return add_user(ctx, "petrova", "Анна Петрова")


def line(dialog: QWidget, name: str) -> QLineEdit:
    widget = dialog.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def _ivanov(ctx: AppContext) -> int:
    return contacts.create_person(
        ctx.ws,
        PersonInput(
            last_name="Иванов",
            first_name="Иван",
            city="Казань",
            position="Менеджер",
            phones=[PhoneInput("8 (912) 345-67-89")],
        ),
    ).id


def _change_behind(ctx: AppContext, user_id: int, person_id: int, **changes: object) -> None:
    card = contacts.get_person(ctx.ws, person_id)
    with as_user(ctx, user_id):
        contacts.update_person(
            ctx.ws,
            person_id,
            replace(conflicts.person_input(card), **changes),  # type: ignore[arg-type]
            expected_version=card.version,
        )


def _open(qtbot: QtBot, ctx: AppContext, host: QWidget, person_id: int) -> editors.PersonDialog:
    dialog = editors.edit_record(ctx, host, EntityKind.PERSON, person_id)
    wait_idle(qtbot, ctx)
    assert isinstance(dialog, editors.PersonDialog) and dialog.isVisible()
    return dialog


def _save(qtbot: QtBot, ctx: AppContext, dialog: QWidget) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    wait_idle(qtbot, ctx)


def _conflict(qtbot: QtBot, dialog: editors.PersonDialog) -> ConflictDialog:
    qtbot.waitUntil(
        lambda: dialog.conflict_dialog is not None and dialog.conflict_dialog.isVisible()
    )
    assert dialog.conflict_dialog is not None
    return dialog.conflict_dialog


def _texts(widget: QWidget) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [label.text() for label in widget.findChildren(QLabel)]


def test_a_change_to_another_field_merges_silently(
    qtbot: QtBot, ctx: AppContext, host: QWidget, petrova: int
) -> None:
    ivanov = _ivanov(ctx)
    dialog = _open(qtbot, ctx, host, ivanov)
    replace_text(qtbot, line(dialog, "position"), "Директор")
    _change_behind(ctx, petrova, ivanov, city="Уфа")
    _save(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    assert dialog.conflict_dialog is None
    card = contacts.get_person(ctx.ws, ivanov)
    assert (card.city, card.position) == ("Уфа", "Директор")


def test_the_same_field_opens_the_dialog_and_the_choice_is_saved(
    qtbot: QtBot, ctx: AppContext, host: QWidget, petrova: int
) -> None:
    ivanov = _ivanov(ctx)
    dialog = _open(qtbot, ctx, host, ivanov)
    replace_text(qtbot, line(dialog, "phone_number_0"), "+7 903 111-22-33")
    replace_text(qtbot, line(dialog, "position"), "Директор")
    replace_text(qtbot, line(dialog, "city"), "Самара")
    # she notes that this very phone is a mobile one; I replaced it: a conflict on phones
    _change_behind(
        ctx,
        petrova,
        ivanov,
        phones=[PhoneInput("8 (912) 345-67-89", comment="мобильный")],
        city="Уфа",
    )

    _save(qtbot, ctx, dialog)
    conflict = _conflict(qtbot, dialog)
    assert set(conflict.rows) == {"phones", "city"}  # the position merges without asking
    shown = _texts(conflict)
    for text in ("8 (912) 345-67-89", "8 (912) 345-67-89 (мобильный)", "+7 903 111-22-33"):
        assert text in shown  # when opened, theirs, mine
    assert "Казань" in shown and "Уфа" in shown and "Самара" in shown
    assert any("Анна Петрова" in t for t in shown)
    assert dialog.isVisible()  # nothing saved yet
    assert contacts.get_person(ctx.ws, ivanov).position == "Менеджер"

    qtbot.mouseClick(conflict.rows["phones"].theirs, Qt.MouseButton.LeftButton)
    assert conflict.choices() == {"phones": "theirs", "city": "mine"}
    qtbot.mouseClick(conflict.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))
    card = contacts.get_person(ctx.ws, ivanov)
    assert [(p.raw, p.comment) for p in card.phones] == [("8 (912) 345-67-89", "мобильный")]
    assert (card.city, card.position) == ("Самара", "Директор")


def test_a_phone_she_added_and_the_one_i_typed_are_both_kept(
    qtbot: QtBot, ctx: AppContext, host: QWidget, petrova: int
) -> None:
    ivanov = _ivanov(ctx)
    dialog = _open(qtbot, ctx, host, ivanov)
    replace_text(qtbot, line(dialog, "phone_number_0"), "+7 903 111-22-33")
    _change_behind(
        ctx,
        petrova,
        ivanov,
        phones=[PhoneInput("8 (912) 345-67-89"), PhoneInput("+7 495 765-43-21")],
    )
    _save(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    assert dialog.conflict_dialog is None
    card = contacts.get_person(ctx.ws, ivanov)
    assert [p.raw for p in card.phones] == ["+7 495 765-43-21", "+7 903 111-22-33"]


def test_use_all_theirs_and_a_second_conflict(
    qtbot: QtBot, ctx: AppContext, host: QWidget, petrova: int
) -> None:
    ivanov = _ivanov(ctx)
    dialog = _open(qtbot, ctx, host, ivanov)
    replace_text(qtbot, line(dialog, "city"), "Самара")
    _change_behind(ctx, petrova, ivanov, city="Уфа")
    _save(qtbot, ctx, dialog)
    first = _conflict(qtbot, dialog)
    # while the dialog is open, she changes the city once more
    _change_behind(ctx, petrova, ivanov, city="Тверь")
    qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)  # "mine" by default
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: dialog.conflict_dialog is not first and closed(first))
    second = _conflict(qtbot, dialog)
    shown = _texts(second)
    assert "Уфа" in shown and "Тверь" in shown and "Самара" in shown
    qtbot.mouseClick(second.all_theirs_button, Qt.MouseButton.LeftButton)
    assert second.choices() == {"city": "theirs"}
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))
    assert contacts.get_person(ctx.ws, ivanov).city == "Тверь"


def test_back_to_editing_saves_nothing_and_save_asks_again(
    qtbot: QtBot, ctx: AppContext, host: QWidget, petrova: int
) -> None:
    org = contacts.create_organization(ctx.ws, OrganizationInput(name="ООО Ромашка", city="Москва"))
    dialog = editors.edit_record(ctx, host, EntityKind.ORGANIZATION, org.id)
    wait_idle(qtbot, ctx)
    replace_text(qtbot, line(dialog, "city"), "Калуга")
    with as_user(ctx, petrova):
        contacts.update_organization(
            ctx.ws,
            org.id,
            replace(conflicts.organization_input(org), city="Тула"),
            expected_version=org.version,
        )
    _save(qtbot, ctx, dialog)
    conflict = _conflict(qtbot, dialog)  # type: ignore[arg-type]
    qtbot.mouseClick(conflict.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(conflict))
    assert dialog.isVisible() and "Save again" in dialog.banner.text()
    assert contacts.get_organization(ctx.ws, org.id).city == "Тула"
    _save(qtbot, ctx, dialog)
    again = _conflict(qtbot, dialog)  # type: ignore[arg-type]
    qtbot.mouseClick(again.all_mine_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))
    assert contacts.get_organization(ctx.ws, org.id).city == "Калуга"


# ------------------------------------------------------------------ the board


def test_a_drag_over_another_change_of_the_deal_just_moves(
    qtbot: QtBot, ctx: AppContext, board_base: Any, drags: Any, dialogs: FakeDialogs
) -> None:
    from crm_desktop.services import deals
    from tests.gui import test_deals_board as board

    page = board._page(qtbot, ctx)
    deal_id = board_base.deals["Монтаж линии"]
    card = deals.get_deal(ctx.ws, deal_id).card
    with ctx.ws.read() as uow:
        from crm_desktop.storage.models import Deal

        row = uow.session.get(Deal, deal_id)
        assert row is not None
        data = conflicts.deal_input(row)
    deals.update_deal(  # someone else, not notified: the amount, not the stage
        ctx.ws, deal_id, replace(data, amount_minor=777_00), expected_version=card.version
    )
    with qtbot.waitSignal(page.move_saved, timeout=10_000):
        board.drag_card(
            qtbot,
            drags,
            board._view(page, board_base.talks),
            deal_id,
            board._view(page, board_base.contract),
        )
    wait_idle(qtbot, ctx)
    assert dialogs.errors == []
    moved = deals.get_deal(ctx.ws, deal_id).card
    assert (moved.stage_id, moved.amount_minor) == (board_base.contract, 777_00)


def test_a_drag_of_a_deal_moved_elsewhere_says_who_and_goes_back(
    qtbot: QtBot,
    ctx: AppContext,
    board_base: Any,
    drags: Any,
    dialogs: FakeDialogs,
    petrova: int,
) -> None:
    from crm_desktop.services import deals
    from tests.gui import test_deals_board as board

    page = board._page(qtbot, ctx)
    deal_id = board_base.deals["Монтаж линии"]
    with as_user(ctx, petrova):
        deals.move_deal(ctx.ws, deal_id, board_base.contract)  # not notified
    with qtbot.waitSignal(page.move_failed, timeout=10_000):
        board.drag_card(
            qtbot,
            drags,
            board._view(page, board_base.talks),
            deal_id,
            board._view(page, board_base.lead),
        )
    qtbot.waitUntil(lambda: deal_id in board._column_ids(page, board_base.contract), timeout=10_000)
    wait_idle(qtbot, ctx)
    assert len(dialogs.errors) == 1
    assert "Анна Петрова moved the deal" in dialogs.errors[0]
    assert deal_id not in board._column_ids(page, board_base.lead)
    assert deals.get_deal(ctx.ws, deal_id).card.stage_id == board_base.contract
