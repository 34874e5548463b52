"""The contacts page driven like a person: clicks, keys, filters, segments, columns."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTreeView, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.contacts.page import ContactsPage
from crm_desktop.gui.contacts.tree_model import ID_ROLE, ContactTreeModel
from crm_desktop.gui.context import AppContext
from crm_desktop.services import contact_list, contacts, segments
from crm_desktop.services.contact_list import ContactFilter, SortKey
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.dto import OrganizationInput, PersonInput
from tests.gui.conftest import FakeDialogs, wait_idle


def _org(ctx: AppContext, name: str, **fields: Any) -> int:
    return contacts.create_organization(ctx.ws, OrganizationInput(name=name, **fields)).id


def _person(ctx: AppContext, name: str, org: int | None = None, **fields: Any) -> int:
    return contacts.create_person(
        ctx.ws, PersonInput(full_name=name, organization_id=org, **fields)
    ).id


def _base(ctx: AppContext) -> dict[str, int]:
    ids = {
        "romashka": _org(ctx, "Ромашка", city="Казань", tags=["vip"]),
        "alpha": _org(ctx, "Альфа", city="Москва"),
        "vector": _org(ctx, "Вектор", city="Казань"),
    }
    ids["ivanov"] = _person(ctx, "Иванов Иван", ids["romashka"], position="Директор")
    ids["petrov"] = _person(ctx, "Петров Пётр", ids["romashka"])
    ids["lonely"] = _person(ctx, "Орлова Ольга", city="Казань")
    return ids


def _page(qtbot: QtBot, ctx: AppContext) -> ContactsPage:
    page = ContactsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(page.is_ready)
    wait_idle(qtbot, ctx)
    return page


def _top_ids(model: ContactTreeModel) -> list[int]:
    return [model.index(r, 0).data(ID_ROLE) for r in range(1, model.loaded_count())]


def _click(
    qtbot: QtBot,
    view: QTreeView,
    index: QModelIndex,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center()
    )


def _type(widget: QWidget, text: str) -> None:
    """Type like qtbot.keyClicks, Cyrillic included (QTest's keyClicks takes ASCII only)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def _cards_asked(page: ContactsPage) -> list[tuple[EntityKind, int]]:
    """Records which cards the page asks the card view to show (the card still shows them)."""
    card = page.card_view
    assert card is not None
    asked: list[tuple[EntityKind, int]] = []
    show = card.show_record

    def recording(kind: EntityKind, entity_id: int) -> None:
        asked.append((kind, entity_id))
        show(kind, entity_id)

    card.show_record = recording  # type: ignore[method-assign]
    return asked


def _focus(qtbot: QtBot, view: QTreeView) -> None:
    view.window().activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)


def test_the_page_in_the_window_shows_the_tree_and_the_counts(
    qtbot: QtBot,
    ctx: AppContext,
    main_window: Any,
) -> None:
    ids = _base(ctx)
    page = main_window.show_page("contacts")
    assert isinstance(page, ContactsPage)
    assert page.title == "Contacts"
    page.model.reload()
    qtbot.waitUntil(lambda: page.model.loaded_count() == 4)
    wait_idle(qtbot, ctx)
    assert page.is_ready()
    assert _top_ids(page.model) == [ids["alpha"], ids["vector"], ids["romashka"]]
    assert page.status_label.text() == "3 organizations, 1 private persons"
    view = page.view
    assert view.uniformRowHeights() and view.alternatingRowColors()
    assert view.selectionMode() is QTreeView.SelectionMode.ExtendedSelection
    assert view.header().sectionsMovable()
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Name",
        "City",
        "Phone",
        "Owner",
        "Last contact",
        "Tags",
    ]


def test_clicking_a_row_shows_its_card(qtbot: QtBot, ctx: AppContext) -> None:
    pytest.importorskip("crm_desktop.gui.contacts.card")
    ids = _base(ctx)
    page = _page(qtbot, ctx)
    asked = _cards_asked(page)
    model = page.model
    org = model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"])
    _click(qtbot, page.view, org)
    assert page.current_record() == (EntityKind.ORGANIZATION, ids["romashka"])
    assert asked == [(EntityKind.ORGANIZATION, ids["romashka"])]
    assert page.new_person_here_action.isEnabled()
    qtbot.mouseDClick(
        page.view.viewport(), Qt.MouseButton.LeftButton, pos=page.view.visualRect(org).center()
    )
    qtbot.waitUntil(lambda: model.loaded_count(org) == 2)
    ivanov = model.index(0, 0, org)
    _click(qtbot, page.view, ivanov)
    assert page.current_record() == (EntityKind.PERSON, ids["ivanov"])
    assert asked[-1] == (EntityKind.PERSON, ids["ivanov"])
    assert page.card_view is not None
    assert page.card_view.current() == (EntityKind.PERSON, ids["ivanov"])


def test_delete_asks_first_then_moves_to_the_trash_and_the_row_goes(
    qtbot: QtBot, ctx: AppContext, dialogs: FakeDialogs
) -> None:
    ids = _base(ctx)
    page = _page(qtbot, ctx)
    model, view = page.model, page.view
    org = model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"])
    view.expand(org)
    qtbot.waitUntil(lambda: model.loaded_count(org) == 2)
    petrov = model.index(1, 0, org)
    assert petrov.data() == "Петров Пётр"
    _click(qtbot, view, petrov)
    _focus(qtbot, view)
    dialogs.answers = [False]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    wait_idle(qtbot, ctx)
    assert dialogs.confirms == ["Move Петров Пётр to the trash?"]
    assert contacts.get_person(ctx.ws, ids["petrov"]).deleted_at is None
    assert model.rowCount(org) == 2

    dialogs.answers = [True]
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    wait_idle(qtbot, ctx)
    assert contacts.get_person(ctx.ws, ids["petrov"]).deleted_at is not None
    qtbot.waitUntil(lambda: model.rowCount(org) == 1)
    assert model.index(0, 0, org).data() == "Иванов Иван"
    assert view.isExpanded(org)
    assert not resets

    # an organization goes with its people, after a warning that says so
    _click(qtbot, view, org)
    _focus(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    wait_idle(qtbot, ctx)
    assert "people of an organization" in dialogs.confirms[-1]
    assert contacts.get_organization(ctx.ws, ids["romashka"]).deleted_at is not None
    assert contacts.get_person(ctx.ws, ids["ivanov"]).deleted_at is not None
    qtbot.waitUntil(lambda: ids["romashka"] not in _top_ids(model))
    assert page.status_label.text() == "2 organizations, 1 private persons"


def test_typing_a_city_and_choosing_a_tag_filter_the_tree(qtbot: QtBot, ctx: AppContext) -> None:
    ids = _base(ctx)
    page = _page(qtbot, ctx)
    bar, model = page.filter_bar, page.model
    qtbot.waitUntil(lambda: bar.tag_combo.count() > 1)  # values arrive in the background
    with qtbot.waitSignal(bar.filter_changed, timeout=3000) as changed:
        _type(bar.city_combo.lineEdit(), "Казань")
    assert changed.args[0].city == "Казань"
    qtbot.waitUntil(lambda: model.is_loaded() and model.filter().city == "Казань")
    wait_idle(qtbot, ctx)
    assert sorted(_top_ids(model)) == sorted([ids["romashka"], ids["vector"]])
    assert page.status_label.text() == "Filtered: 2 organizations, 1 private persons"
    assert bar.reset_button.isEnabled()

    bar.tag_combo.setFocus()
    with qtbot.waitSignal(bar.filter_changed, timeout=3000):
        qtbot.keyClicks(bar.tag_combo, "vip")
    qtbot.waitUntil(lambda: model.is_loaded() and model.filter().tag == "vip")
    wait_idle(qtbot, ctx)
    assert _top_ids(model) == [ids["romashka"]]

    with qtbot.waitSignal(bar.filter_changed, timeout=3000):
        qtbot.mouseClick(bar.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: model.is_loaded() and model.filter().is_empty())
    wait_idle(qtbot, ctx)
    assert len(_top_ids(model)) == 3
    assert bar.city_combo.currentText() == ""
    assert bar.tag_combo.currentIndex() == 0
    assert not bar.reset_button.isEnabled()


def test_days_without_contact_filter(qtbot: QtBot, ctx: AppContext) -> None:
    generate_demo(ctx.ws, DemoSpec(persons=200, organizations=80, seed=7))
    page = _page(qtbot, ctx)
    bar, model = page.filter_bar, page.model
    before = model.counts()
    spin = bar.days_spin
    spin.setFocus()
    spin.selectAll()
    with qtbot.waitSignal(bar.filter_changed, timeout=3000) as changed:
        qtbot.keyClicks(spin, "90")
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert changed.args[0].no_contact_days == 90
    qtbot.waitUntil(lambda: model.is_loaded() and model.filter().no_contact_days == 90)
    wait_idle(qtbot, ctx)
    flt = ContactFilter(no_contact_days=90)
    assert model.counts() == (
        contact_list.count_organizations(ctx.ws, flt),
        contact_list.count_persons(ctx.ws, None, flt),
    )
    assert model.counts() != before


def test_save_a_segment_and_apply_it_from_the_navigation(
    qtbot: QtBot, ctx: AppContext, main_window: Any
) -> None:
    ids = _base(ctx)
    page = main_window.show_page("contacts")
    wait_idle(qtbot, ctx)
    bar = page.filter_bar
    asked: list[tuple[str, str]] = []

    def answer(_parent: object, title: str, label: str, _text: str) -> str:
        asked.append((title, label))
        return "Казань"

    page.ask_name = answer
    with qtbot.waitSignal(bar.filter_changed, timeout=3000):
        _type(bar.city_combo.lineEdit(), "Казань")
    wait_idle(qtbot, ctx)
    with qtbot.waitSignal(page.segments_loaded, timeout=5000):
        qtbot.mouseClick(bar.save_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0][0] == "Save as segment"
    saved = segments.list_segments(ctx.ws)
    assert [s.name for s in saved] == ["Казань"]
    assert saved[0].filter.city == "Казань"

    nav = main_window.nav
    texts = [nav.item(r).text() for r in range(nav.count())]
    assert texts[-2:] == ["Segments", "Казань"]

    with qtbot.waitSignal(bar.filter_changed, timeout=3000):
        qtbot.mouseClick(bar.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.is_loaded() and page.model.filter().is_empty())
    main_window.show_page("trash")
    wait_idle(qtbot, ctx)

    entry = nav.item(nav.count() - 1)
    with qtbot.waitSignal(bar.filter_changed, timeout=3000):
        qtbot.mouseClick(
            nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(entry).center()
        )
    assert main_window.current_page is page
    assert bar.city_combo.currentText() == "Казань"
    qtbot.waitUntil(lambda: page.model.is_loaded() and page.model.filter().city == "Казань")
    wait_idle(qtbot, ctx)
    assert sorted(_top_ids(page.model)) == sorted([ids["romashka"], ids["vector"]])
    assert page.status_label.text().startswith("Segment “Казань”")

    # renamed, then deleted from the segment's menu in the filter bar
    assert bar.segment_button.isVisible()
    page.ask_name = lambda *_a: "Клиенты в Казани"
    with qtbot.waitSignal(page.segments_loaded, timeout=5000):
        page.rename_segment_action.trigger()
    assert [s.name for s in segments.list_segments(ctx.ws)] == ["Клиенты в Казани"]
    assert nav.item(nav.count() - 1).text() == "Клиенты в Казани"
    with qtbot.waitSignal(page.segments_loaded, timeout=5000):
        page.delete_segment_action.trigger()
    assert segments.list_segments(ctx.ws) == []
    assert "Segments" not in [nav.item(r).text() for r in range(nav.count())]
    assert not bar.segment_button.isVisible()
    assert page.model.filter().city == "Казань"  # what is on screen stays


def test_saving_without_a_filter_explains_instead(
    qtbot: QtBot, ctx: AppContext, dialogs: FakeDialogs
) -> None:
    page = _page(qtbot, ctx)
    page.ask_name = lambda *_a: pytest.fail("no name is asked for an empty filter")
    page.save_segment()
    assert dialogs.infos and "filter" in dialogs.infos[0]
    assert segments.list_segments(ctx.ws) == []


def test_show_record_finds_a_person_deep_down_and_selects_it(qtbot: QtBot, ctx: AppContext) -> None:
    generate_demo(
        ctx.ws, DemoSpec(persons=1_500, organizations=1_000, deals=0, tasks=0, language="en")
    )
    flt = ContactFilter()
    deep = contact_list.organization_rows(ctx.ws, flt, SortKey.NAME, False, 600, 50)
    org = next(r for r in deep if r.person_count > 0)
    person = contact_list.person_rows(ctx.ws, org.id, flt, SortKey.NAME, False, 0, 50)[-1]
    page = _page(qtbot, ctx)
    asked = _cards_asked(page) if page.card_view is not None else None
    assert page.model.rowCount() == 201  # the group and one page, not the thousand
    model, view = page.model, page.view
    view.scrollToBottom()  # the end of the list comes into view: one more page
    qtbot.waitUntil(lambda: model.loaded_count() == 401)
    wait_idle(qtbot, ctx)
    qtbot.wait(50)
    assert model.loaded_count() == 401
    assert model.rowCount() == 1_001  # the rest as placeholders, read when shown
    view.scrollToTop()
    with qtbot.waitSignal(page.record_shown, timeout=10_000):
        page.show_record(EntityKind.PERSON, person.id)
    wait_idle(qtbot, ctx)
    view = page.view
    current = view.currentIndex()
    assert current.data(ID_ROLE) == person.id
    assert current.parent().data(ID_ROLE) == org.id
    assert view.isExpanded(current.parent())
    assert view.selectionModel().isRowSelected(current.row(), current.parent())
    assert view.viewport().rect().intersects(view.visualRect(current))  # scrolled to it
    assert page.model.loaded_count() < 1_001  # up to it and a page for the scrolling
    if asked is not None:
        assert asked == [(EntityKind.PERSON, person.id)]  # once, not again on selecting


def test_show_record_hidden_by_the_filter_clears_the_filter(qtbot: QtBot, ctx: AppContext) -> None:
    ids = _base(ctx)
    page = _page(qtbot, ctx)
    page.filter_bar.set_filter(ContactFilter(city="Москва"))
    qtbot.waitUntil(lambda: page.model.is_loaded() and page.model.filter().city == "Москва")
    with qtbot.waitSignal(page.record_shown, timeout=10_000):
        page.show_record(EntityKind.PERSON, ids["lonely"])
    assert page.model.filter().is_empty()
    assert page.current_record() == (EntityKind.PERSON, ids["lonely"])
    assert page.view.isExpanded(page.model.index(0, 0))


def test_hidden_and_moved_columns_and_the_splitter_are_remembered(
    qtbot: QtBot, ctx: AppContext
) -> None:
    _base(ctx)
    page = _page(qtbot, ctx)
    header = page.view.header()
    menu = page.header_menu()
    city = next(a for a in menu.actions() if a.text() == "City")
    assert city.isChecked()
    city.trigger()  # as when the person unticks it in the header's menu
    assert header.isSectionHidden(1)
    assert "Name" not in [a.text() for a in menu.actions()]  # the name cannot be hidden
    header.moveSection(header.visualIndex(5), 1)  # "Tags" dragged next to the name
    assert header.visualIndex(5) == 1
    page.splitter.setSizes([900, 400])
    sizes = page.splitter.sizes()
    page.save_state(ctx.settings)

    again = _page(qtbot, ctx)
    header2 = again.view.header()
    assert header2.isSectionHidden(1)
    assert header2.visualIndex(5) == 1
    assert again.splitter.sizes() == sizes
    again_menu = again.header_menu()
    assert not next(a for a in again_menu.actions() if a.text() == "City").isChecked()


def test_sorting_by_clicking_the_header_keeps_open_organizations_open(
    qtbot: QtBot, ctx: AppContext
) -> None:
    ids = _base(ctx)
    page = _page(qtbot, ctx)
    model, view = page.model, page.view
    org = model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"])
    view.expand(org)
    qtbot.waitUntil(lambda: model.loaded_count(org) == 2)
    _click(qtbot, view, model.index(0, 0, org))
    header = view.header()
    x = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.waitUntil(lambda: model.is_loaded() and model.query.descending)
    wait_idle(qtbot, ctx)
    assert _top_ids(model) == [ids["romashka"], ids["vector"], ids["alpha"]]
    org = model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"])
    assert view.isExpanded(org)
    qtbot.waitUntil(lambda: model.loaded_count(org) == 2)
    assert [model.index(r, 0, org).data() for r in range(2)] == ["Петров Пётр", "Иванов Иван"]
    qtbot.waitUntil(lambda: page.current_record() == (EntityKind.PERSON, ids["ivanov"]))


def test_commands_and_actions_reach_the_editors_and_the_merge(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    editors = pytest.importorskip("crm_desktop.gui.contacts.editors")
    duplicates = pytest.importorskip("crm_desktop.gui.contacts.duplicates")
    ids = _base(ctx)
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        editors,
        "new_person",
        lambda c, p, organization_id=None: calls.append(("new", organization_id)),
    )
    monkeypatch.setattr(editors, "new_organization", lambda c, p: calls.append(("new_org",)))
    monkeypatch.setattr(editors, "edit_record", lambda c, p, k, i: calls.append(("edit", k, i)))
    monkeypatch.setattr(
        duplicates, "open_merge", lambda c, p, k, a, b: calls.append(("merge", k, a, b))
    )
    monkeypatch.setattr(duplicates, "undo_last_merge", lambda c, p: calls.append(("undo",)))
    page = _page(qtbot, ctx)
    model, view = page.model, page.view
    org = model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"])
    _click(qtbot, view, org)
    page.command("new_person")
    page.command("new_organization")
    _focus(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    view.expand(org)
    qtbot.waitUntil(lambda: model.loaded_count(org) == 2)
    _click(qtbot, view, model.index(0, 0, org))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not page.merge_action.isEnabled()
    _click(qtbot, view, model.index(1, 0, org), Qt.KeyboardModifier.ControlModifier)
    assert page.merge_action.isEnabled()
    page.merge_action.trigger()
    page.undo_merge_action.trigger()
    assert calls == [
        ("new", ids["romashka"]),
        ("new_org",),
        ("edit", EntityKind.ORGANIZATION, ids["romashka"]),
        ("edit", EntityKind.PERSON, ids["ivanov"]),
        ("merge", EntityKind.PERSON, ids["petrov"], ids["ivanov"]),
        ("undo",),
    ]


def test_an_open_group_of_many_private_persons_loads_page_by_page(
    qtbot: QtBot, ctx: AppContext
) -> None:
    for n in range(450):
        _person(ctx, f"Person {n:03}")
    page = _page(qtbot, ctx)
    model, view = page.model, page.view
    group = model.index(0, 0)
    assert "450" in group.data()
    view.expand(group)
    assert model.rowCount(group) == 450  # placeholders until their rows are read
    qtbot.waitUntil(lambda: model.loaded_count(group) == 200)
    wait_idle(qtbot, ctx)
    qtbot.wait(50)
    assert model.loaded_count(group) == 200  # the view does not pull in the rest by itself
    view.scrollTo(model.index(199, 0, group))
    qtbot.waitUntil(lambda: model.loaded_count(group) == 400)
    wait_idle(qtbot, ctx)
    qtbot.wait(50)
    assert model.loaded_count(group) == 400
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.loaded_count(group) == 450)
    assert len({model.index(r, 0, group).data(ID_ROLE) for r in range(450)}) == 450
