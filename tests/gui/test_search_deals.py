"""Deals in the search bar: a group of their own; Enter asks for the deal to be opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.search import HEADER_ROLE, ID_ROLE, KIND_ROLE
from crm_desktop.services import contacts
from crm_desktop.services.dto import OrganizationInput
from crm_desktop.storage.models import Deal, Pipeline, Stage
from tests.gui.conftest import FakeDialogs, type_text, wait_idle


def _deal(ctx: AppContext) -> tuple[int, int]:
    org = contacts.create_organization(ctx.ws, OrganizationInput(name="ООО «Насосный завод»")).id
    with ctx.ws.write() as uow:
        stage = Stage(name="Переговоры")
        uow.session.add(Pipeline(name="Продажи", stages=[stage]))
        uow.flush()
        deal = Deal(
            title="Поставка насосов",
            organization_id=org,
            pipeline_id=stage.pipeline_id,
            stage_id=stage.id,
        )
        uow.session.add(deal)
        uow.commit()
        return org, deal.id


def test_typing_part_of_a_deal_title_shows_the_deals_group_and_enter_opens_it(
    qtbot: QtBot,
    ctx: AppContext,
    main_window,  # type: ignore[no-untyped-def]
    dialogs: FakeDialogs,
) -> None:
    org, deal = _deal(ctx)
    opened: list[tuple[EntityKind, int]] = []
    ctx.open_record.connect(lambda kind, entity_id: opened.append((kind, entity_id)))
    box = main_window.search_box
    qtbot.keyClick(main_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, box, "насос")
    qtbot.waitUntil(lambda: box.last_query == "насос", timeout=5000)
    wait_idle(qtbot, ctx)
    assert box.popup.isVisible()
    model = box.model
    rows = [
        (
            model.index(r, 0).data(),
            bool(model.index(r, 0).data(HEADER_ROLE)),
            model.index(r, 0).data(KIND_ROLE),
            model.index(r, 0).data(ID_ROLE),
        )
        for r in range(model.rowCount())
    ]
    assert rows == [
        ("Organizations", True, None, None),
        ("ООО «Насосный завод»", False, EntityKind.ORGANIZATION, org),
        ("Deals", True, None, None),
        ("Поставка насосов", False, EntityKind.DEAL, deal),
    ]
    # the popup paints the deal's client and stage under its title
    deal_index = model.index(3, 0)
    assert box.popup.visualRect(deal_index).isValid()
    assert "ООО «Насосный завод», Переговоры" in deal_index.data(Qt.ItemDataRole.ToolTipRole)

    qtbot.keyClick(box, Qt.Key.Key_Down)  # from the organization to the deal
    assert box.popup.currentIndex().row() == 3
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert opened == [(EntityKind.DEAL, deal)]
    assert not box.popup.isVisible()
    # the deals page comes up and opens the deal in its editor
    from crm_desktop.gui.deals.editor import DealDialog

    assert main_window.current_page is main_window.pages["deals"]
    qtbot.waitUntil(
        lambda: any(
            d.isVisible() and d.title.text() == "Поставка насосов"
            for d in main_window.findChildren(DealDialog)
        ),
        timeout=5000,
    )
    wait_idle(qtbot, ctx)
    assert dialogs.errors == []


def test_choosing_a_person_still_opens_the_contacts_page(
    qtbot: QtBot,
    ctx: AppContext,
    main_window,  # type: ignore[no-untyped-def]
) -> None:
    org, _deal_id = _deal(ctx)
    main_window.show_page("deals")
    box = main_window.search_box
    box.setFocus()
    type_text(qtbot, box, "Насосный")
    qtbot.waitUntil(lambda: box.last_query == "Насосный", timeout=5000)
    wait_idle(qtbot, ctx)
    assert box.model.hit_at(box.popup.currentIndex().row()).id == org
    with qtbot.waitSignal(main_window.pages["contacts"].record_shown, timeout=5000):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert main_window.current_page is main_window.pages["contacts"]


def test_a_deal_chosen_before_the_deals_page_exists_shows_its_placeholder(
    qtbot: QtBot, ctx: AppContext, dialogs: FakeDialogs
) -> None:
    from crm_desktop.gui.contacts.page import ContactsPage
    from crm_desktop.gui.main_window import MainWindow, planned
    from crm_desktop.gui.search import install_search

    window = MainWindow(
        ctx, [("contacts", ContactsPage), planned("deals", "Deals", "deals", "Later.")]
    )
    qtbot.addWidget(window)
    box = install_search(window)
    window.show()
    wait_idle(qtbot, ctx)
    _org, deal = _deal(ctx)
    box.setFocus()
    type_text(qtbot, box, "Поставка")
    qtbot.waitUntil(lambda: box.last_query == "Поставка", timeout=5000)
    hit = box.model.hit_at(box.popup.currentIndex().row())
    assert hit is not None and (hit.kind, hit.id) == (EntityKind.DEAL, deal)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.current_page is window.pages["deals"]
    wait_idle(qtbot, ctx)
    assert dialogs.errors == []
