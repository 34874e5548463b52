"""The search bar and the trash, driven from the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import EntityKind, StageKind
from crm_desktop.gui.context import AppContext
from crm_desktop.services import contacts
from crm_desktop.services.dto import OrganizationInput, PersonInput, PhoneInput
from tests.gui.conftest import FakeDialogs, type_text, wait_idle


def _people(ctx: AppContext) -> tuple[int, int]:
    org = contacts.create_organization(ctx.ws, OrganizationInput(name="ООО «Ромашка»"))
    ivanov = contacts.create_person(
        ctx.ws,
        PersonInput(
            full_name="Иванов Иван",
            organization_id=org.id,
            position="Директор",
            phones=[PhoneInput("8 (912) 345-67-89")],
        ),
    )
    return org.id, ivanov.id


def test_search_by_phone_fragment_in_another_format_opens_the_card(
    qtbot: QtBot,
    ctx: AppContext,
    main_window,  # type: ignore[no-untyped-def]
) -> None:
    _org, ivanov = _people(ctx)
    opened: list[tuple[EntityKind, int]] = []
    ctx.open_record.connect(lambda k, i: opened.append((k, i)))
    box = main_window.search_box
    qtbot.keyClick(main_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert main_window.focusWidget() is box  # Ctrl+K puts the cursor into the search box
    with qtbot.waitSignal(box.results_shown, timeout=5000) as shown:
        qtbot.keyClicks(box, "+7 912 345")
    wait_idle(qtbot, ctx)
    assert shown.args[1] >= 1
    assert box.popup.isVisible()
    rows = [box.model.index(r, 0).data() for r in range(box.model.rowCount())]
    assert "Иванов Иван" in rows
    chosen: list[tuple[EntityKind, int]] = []
    box.chosen.connect(lambda k, i: chosen.append((k, i)))
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert chosen == [(EntityKind.PERSON, ivanov)]
    assert not box.popup.isVisible()
    assert main_window.current_page is main_window.pages["contacts"]


def test_stale_results_are_dropped(
    qtbot: QtBot,
    ctx: AppContext,
    main_window,  # type: ignore[no-untyped-def]
) -> None:
    _people(ctx)
    box = main_window.search_box
    type_text(qtbot, box, "Ром")
    type_text(qtbot, box, "ашка")
    wait_idle(qtbot, ctx)
    assert box.last_query == "Ромашка"
    rows = [box.model.index(r, 0).data() for r in range(box.model.rowCount())]
    assert rows == ["Organizations", "ООО «Ромашка»"]


def test_trash_restore_and_purge(
    qtbot: QtBot,
    ctx: AppContext,
    main_window,
    dialogs: FakeDialogs,  # type: ignore[no-untyped-def]
) -> None:
    org, ivanov = _people(ctx)
    lonely = contacts.create_person(ctx.ws, PersonInput(full_name="Петров Пётр")).id
    contacts.move_to_trash(ctx.ws, EntityKind.PERSON, ivanov)
    contacts.move_to_trash(ctx.ws, EntityKind.PERSON, lonely)
    page = main_window.show_page("trash")
    wait_idle(qtbot, ctx)
    model = page.model
    assert sorted(model.index(r, 0).data() for r in range(model.rowCount())) == [
        "Иванов Иван",
        "Петров Пётр",
    ]
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Иванов Иван")
    qtbot.mouseClick(
        page.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.view.visualRect(model.index(row, 0)).center(),
    )
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert contacts.get_person(ctx.ws, ivanov).deleted_at is None
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, 0).data() == "Петров Пётр"
    qtbot.mouseClick(
        page.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.view.visualRect(model.index(0, 0)).center(),
    )
    dialogs.answers = [True]
    qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert dialogs.confirms and "Петров Пётр" in dialogs.confirms[-1]
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    assert page.empty_label.isVisible()
    assert org


def test_trash_names_each_kind(qtbot: QtBot, ctx: AppContext, main_window) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.services import activities, deals

    org, ivanov = _people(ctx)
    pipeline = deals.save_pipeline(
        ctx.ws,
        deals.PipelineEdit(
            None,
            "Продажи",
            [
                deals.StageEdit(None, "Новый лид"),
                deals.StageEdit(None, "Успешно", StageKind.WON, 100),
                deals.StageEdit(None, "Проиграно", StageKind.LOST),
            ],
        ),
    )
    deal = deals.create_deal(
        ctx.ws,
        deals.DealInput(
            title="Поставка станков",
            pipeline_id=pipeline.id,
            stage_id=pipeline.stages[0].id,
            organization_id=org,
        ),
    )
    call = activities.create_activity(ctx.ws, activities.ActivityInput(subject="Позвонить"))
    contacts.move_to_trash(ctx.ws, EntityKind.PERSON, ivanov)
    contacts.move_to_trash(ctx.ws, EntityKind.DEAL, deal.id)
    activities.move_activity_to_trash(ctx.ws, call.id)
    page = main_window.show_page("trash")
    wait_idle(qtbot, ctx)
    model = page.model
    kinds = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert kinds == {"Иванов Иван": "Person", "Поставка станков": "Deal", "Позвонить": "Activity"}
