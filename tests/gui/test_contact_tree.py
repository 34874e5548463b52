"""The lazy contact tree model: paging, branches, sorting, filters, targeted updates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QLocale, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QTreeView
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.contacts.tree_model import (
    GROUP_ROLE,
    ID_ROLE,
    INVALID_PHONE_COLOR,
    KIND_ROLE,
    PAGE,
    SORT_ROLE,
    ContactTreeModel,
)
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.services import contact_list, contacts
from crm_desktop.services.contact_list import ContactFilter, SortKey
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.dto import OrganizationInput, PersonInput, PhoneInput
from tests.gui.conftest import wait_idle


def _org(ctx: AppContext, name: str, **fields: object) -> int:
    return contacts.create_organization(ctx.ws, OrganizationInput(name=name, **fields)).id  # type: ignore[arg-type]


def _person(ctx: AppContext, name: str, org: int | None = None, **fields: object) -> int:
    data = PersonInput(full_name=name, organization_id=org, **fields)  # type: ignore[arg-type]
    return contacts.create_person(ctx.ws, data).id


def _loaded(qtbot: QtBot, ctx: AppContext) -> ContactTreeModel:
    model = ContactTreeModel(ctx)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.reload()
    wait_idle(qtbot, ctx)
    return model


def _fetch(qtbot: QtBot, ctx: AppContext, model: ContactTreeModel, parent: QModelIndex) -> None:
    assert model.canFetchMore(parent)
    model.fetchMore(parent)
    wait_idle(qtbot, ctx)


def _column(model: ContactTreeModel, column: int = 0, parent: QModelIndex | None = None) -> list:
    parent = parent or QModelIndex()
    first = 0 if parent.isValid() else 1  # the top level starts with the private group
    rows = range(first, model.loaded_count(parent))
    return [model.index(r, column, parent).data() for r in rows]


def _ids(model: ContactTreeModel, parent: QModelIndex | None = None) -> list[int]:
    parent = parent or QModelIndex()
    first = 0 if parent.isValid() else 1
    rows = range(first, model.loaded_count(parent))
    return [model.index(r, 0, parent).data(ID_ROLE) for r in rows]


def _small_base(ctx: AppContext) -> dict[str, int]:
    ids = {
        "romashka": _org(
            ctx,
            "Ромашка",
            city="Казань",
            tags=["vip"],
            phones=[PhoneInput("+7 912 345-67-89")],
        ),
        "alpha": _org(ctx, "Альфа", city="Москва", phones=[PhoneInput("610-96-48")]),
        "vector": _org(ctx, "Вектор", city="Самара", tags=["vip", "опт"]),
    }
    ids["ivanov"] = _person(ctx, "Иванов Иван", ids["romashka"], position="Директор")
    ids["petrov"] = _person(ctx, "Петров Пётр", ids["romashka"])
    ids["sidorov"] = _person(ctx, "Сидоров Сидор", ids["alpha"])
    ids["lonely"] = _person(ctx, "Орлова Ольга", city="Казань")
    ids["alone"] = _person(ctx, "Белов Борис")
    return ids


def test_first_page_then_pages_of_200_never_everything_at_once(
    qtbot: QtBot, ctx: AppContext
) -> None:
    generate_demo(
        ctx.ws, DemoSpec(persons=1_200, organizations=1_000, deals=0, tasks=0, language="en")
    )
    model = _loaded(qtbot, ctx)
    assert model.counts()[0] == 1_000
    assert model.rowCount() == 1 + PAGE  # the private group, then one page of organizations
    assert model.canFetchMore(QModelIndex())
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last, _roles: changed.append((first.row(), last.row())))
    _fetch(qtbot, ctx, model, QModelIndex())
    # asked for more, the view gets every organization counted at once, those not read
    # yet as placeholders (one layout of the tree); the next page then takes their place
    assert model.rowCount() == 1 + 1_000
    assert inserted == [(1 + PAGE, 1_000)]
    assert model.loaded_count() == 1 + 2 * PAGE
    assert changed == [(1 + PAGE, 2 * PAGE)]
    waiting = model.index(1 + 2 * PAGE, 0)
    assert model.is_placeholder(waiting) and waiting.data(ID_ROLE) is None
    assert not model.is_placeholder(model.index(2 * PAGE, 0))
    fetches = 1
    while model.canFetchMore(QModelIndex()):
        _fetch(qtbot, ctx, model, QModelIndex())
        fetches += 1
    assert fetches == 1_000 // PAGE - 1
    assert model.loaded_count() == model.rowCount() == 1 + 1_000
    assert inserted == [(1 + PAGE, 1_000)]  # pages replace placeholders: no more inserts
    assert max(last - first + 1 for first, last in changed) == PAGE
    everything = contact_list.organization_rows(
        ctx.ws, ContactFilter(), SortKey.NAME, False, 0, 1_000
    )
    assert _ids(model) == [r.id for r in everything]


def test_expanding_an_organization_loads_its_persons(qtbot: QtBot, ctx: AppContext) -> None:
    ids = _small_base(ctx)
    model = _loaded(qtbot, ctx)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    org = model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"])
    assert org.isValid()
    assert model.hasChildren(org)
    assert model.loaded_count(org) == 0  # nothing read before it is opened
    assert model.rowCount(org) == 2  # but the view knows how many (placeholders)
    assert model.is_placeholder(model.index(0, 0, org))
    assert not model.hasChildren(model.find_loaded(EntityKind.ORGANIZATION, ids["vector"]))
    view.setCurrentIndex(org)
    view.setFocus()
    inserted: list[int] = []
    model.rowsInserted.connect(lambda *_a: inserted.append(1))
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Plus)  # expand, as on the keyboard
    qtbot.waitUntil(lambda: model.loaded_count(org) == 2)
    assert not inserted  # the placeholders were replaced: no layout of the whole tree
    assert view.isExpanded(org)
    assert _column(model, 0, org) == ["Иванов Иван", "Петров Пётр"]
    assert [model.index(r, 0, org).data(KIND_ROLE) for r in range(2)] == [EntityKind.PERSON] * 2
    ivanov = model.index(0, 0, org)
    assert ivanov.data(ID_ROLE) == ids["ivanov"]
    assert ivanov.parent() == org
    assert ivanov.data(Qt.ItemDataRole.ToolTipRole) and "Директор" in ivanov.data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert not model.hasChildren(ivanov)
    assert not model.canFetchMore(org)


def test_private_persons_are_one_group_at_the_top(qtbot: QtBot, ctx: AppContext) -> None:
    ids = _small_base(ctx)
    model = _loaded(qtbot, ctx)
    group = model.index(0, 0)
    assert group.data(GROUP_ROLE) is True
    assert model.is_group(group)
    assert "2" in group.data()
    assert group.data(KIND_ROLE) is None
    assert not group.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.counts() == (3, 2)
    _fetch(qtbot, ctx, model, group)
    assert sorted(_ids(model, group)) == sorted([ids["lonely"], ids["alone"]])
    assert _column(model, 0, group) == ["Белов Борис", "Орлова Ольга"]
    assert _column(model, 1, group) == ["", "Казань"]
    # organizations follow the group, in name order
    assert _column(model) == ["Альфа", "Вектор", "Ромашка"]


def test_phone_column_shows_e164_and_warns_about_invalid_numbers(
    qtbot: QtBot, ctx: AppContext
) -> None:
    ids = _small_base(ctx)
    model = _loaded(qtbot, ctx)
    good = model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"]).siblingAtColumn(2)
    bad = model.find_loaded(EntityKind.ORGANIZATION, ids["alpha"]).siblingAtColumn(2)
    assert good.data(Qt.ItemDataRole.ToolTipRole) == "+79123456789"
    assert good.data(Qt.ItemDataRole.ForegroundRole) is None
    assert good.data(SORT_ROLE) == "+79123456789"
    assert "610-96-48" in bad.data()
    assert "not a valid phone number" in bad.data(Qt.ItemDataRole.ToolTipRole)
    assert bad.data(Qt.ItemDataRole.ForegroundRole) == INVALID_PHONE_COLOR
    name = model.find_loaded(EntityKind.ORGANIZATION, ids["vector"])
    assert name.data(SORT_ROLE) == "Вектор"
    assert name.siblingAtColumn(5).data() and "vip" in name.siblingAtColumn(5).data()


_SORT_KEYS = (
    SortKey.NAME,
    SortKey.CITY,
    SortKey.PHONE,
    SortKey.OWNER,
    SortKey.LAST_CONTACT,
    SortKey.TAGS,
)


@pytest.mark.parametrize("column", range(6))
def test_sorting_by_each_column_both_ways_through_the_header(
    qtbot: QtBot, ctx: AppContext, column: int
) -> None:
    generate_demo(
        ctx.ws, DemoSpec(persons=300, organizations=260, tasks=900, seed=3, language="en")
    )
    model = ContactTreeModel(ctx)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    header = view.header()
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)  # the view asks the model to sort, and so to load
    view.resize(1400, 500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(model.is_loaded)
    wait_idle(qtbot, ctx)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    seen: set[bool] = set()
    for _click in range(2):
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        wanted_desc = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        qtbot.waitUntil(
            lambda want=wanted_desc: (
                model.is_loaded()
                and model.query.sort is _SORT_KEYS[column]
                and model.query.descending is want
            )
        )
        wait_idle(qtbot, ctx)
        desc = model.query.descending
        seen.add(desc)
        loaded = model.loaded_count() - 1  # a tree view's layout may fetch one page more
        assert PAGE <= loaded <= 2 * PAGE
        expected = contact_list.organization_rows(
            ctx.ws, ContactFilter(), _SORT_KEYS[column], desc, 0, loaded
        )
        assert _ids(model) == [r.id for r in expected]
        if column in (1, 4):  # cities and dates: check the order independently too
            values = [
                model.index(r, column).data(SORT_ROLE) for r in range(1, model.loaded_count())
            ]
            present = [_sort_key(v) for v in values if v not in (None, "")]
            assert len(present) > 10
            assert present == sorted(present, reverse=desc)
    assert seen == {False, True}
    assert len(resets) == 2  # one re-query per click, never more


def _sort_key(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def test_filters_by_tag_city_and_days_without_contact(qtbot: QtBot, ctx: AppContext) -> None:
    ids = _small_base(ctx)
    model = _loaded(qtbot, ctx)
    with qtbot.waitSignal(model.loaded):
        model.set_filter(ContactFilter(tag="vip"))
    assert sorted(_ids(model)) == sorted([ids["romashka"], ids["vector"]])
    with qtbot.waitSignal(model.loaded):
        model.set_filter(ContactFilter(city="Казань"))
    assert _ids(model) == [ids["romashka"]]
    group = model.index(0, 0)
    _fetch(qtbot, ctx, model, group)
    assert _ids(model, group) == [ids["lonely"]]
    assert model.counts() == (1, 1)
    with qtbot.waitSignal(model.loaded):
        model.set_filter(ContactFilter())
    assert model.counts() == (3, 2)


def test_filter_by_days_without_contact_on_the_demo(qtbot: QtBot, ctx: AppContext) -> None:
    generate_demo(ctx.ws, DemoSpec(persons=400, organizations=150, seed=5))
    model = _loaded(qtbot, ctx)
    everything = model.counts()
    with qtbot.waitSignal(model.loaded):
        model.set_filter(ContactFilter(no_contact_days=60))
    assert model.counts()[0] < everything[0]
    limit = datetime.now(UTC) - timedelta(days=60)
    while model.canFetchMore(QModelIndex()):
        _fetch(qtbot, ctx, model, QModelIndex())
    assert model.rowCount() - 1 == model.counts()[0]
    dated = [model.index(r, 4) for r in range(1, model.rowCount())]
    dated = [i for i in dated if i.data(SORT_ROLE) is not None]
    assert dated
    for index in dated:
        day = index.data(SORT_ROLE).astimezone().date()
        assert index.data() == QLocale().toString(
            QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat
        )
    listed_for_people = 0
    for r in range(1, model.rowCount()):
        org = model.index(r, 0)
        last = org.siblingAtColumn(4).data(SORT_ROLE)
        if last is None or last <= limit:
            continue
        # contacted lately itself, so listed for its people: only they are shown
        listed_for_people += 1
        _fetch(qtbot, ctx, model, org)
        people = [model.index(p, 4, org).data(SORT_ROLE) for p in range(model.rowCount(org))]
        assert people
        assert all(p is None or p <= limit for p in people)
    assert listed_for_people > 0


def test_qtmodeltester_loaded_expanded_filtered_and_edited(
    qtbot: QtBot,
    ctx: AppContext,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    ids = _small_base(ctx)
    for n in range(12):
        _org(ctx, f"Компания {n:02}", city="Казань" if n % 2 else "Пермь", tags=["vip"])
    model = _loaded(qtbot, ctx)
    qtmodeltester.check(model)  # the first page; the tester fetches the branches it meets
    wait_idle(qtbot, ctx)
    assert model.rowCount(model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"])) == 2
    assert model.rowCount(model.index(0, 0)) == 2
    qtmodeltester.check(model)  # with every branch loaded
    with qtbot.waitSignal(model.loaded):
        model.set_filter(ContactFilter(tag="vip", city="Казань"))
    wait_idle(qtbot, ctx)
    qtmodeltester.check(model)
    contacts.move_to_trash(ctx.ws, EntityKind.ORGANIZATION, ids["romashka"])
    ctx.notify(Changes.of((EntityKind.ORGANIZATION, ids["romashka"])))
    wait_idle(qtbot, ctx)
    qtmodeltester.check(model)
    assert ids["romashka"] not in _ids(model)
    with qtbot.waitSignal(model.loaded):
        model.sort(0, Qt.SortOrder.DescendingOrder)
    wait_idle(qtbot, ctx)
    qtmodeltester.check(model, force_py=True)


def test_an_edit_updates_only_its_rows_never_resets(qtbot: QtBot, ctx: AppContext) -> None:
    ids = _small_base(ctx)
    model = _loaded(qtbot, ctx)
    romashka = model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"])
    _fetch(qtbot, ctx, model, romashka)
    alpha = model.find_loaded(EntityKind.ORGANIZATION, ids["alpha"])
    _fetch(qtbot, ctx, model, alpha)
    events: list[str] = []
    model.modelReset.connect(lambda: events.append("reset"))
    model.rowsInserted.connect(lambda *_a: events.append("insert"))
    model.rowsRemoved.connect(lambda *_a: events.append("remove"))
    model.rowsMoved.connect(lambda *_a: events.append("move"))
    model.dataChanged.connect(lambda *_a: events.append("data"))

    # a new person in an open organization appears in it, in name order
    new_id = _person(ctx, "Абрамов Адам", ids["romashka"])
    ctx.notify(Changes.of((EntityKind.PERSON, new_id)))
    wait_idle(qtbot, ctx)
    romashka = model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"])
    assert _column(model, 0, romashka) == ["Абрамов Адам", "Иванов Иван", "Петров Пётр"]
    assert "insert" in events and "reset" not in events

    # renaming an organization moves it to its new place with its people loaded
    card = contacts.get_organization(ctx.ws, ids["romashka"])
    contacts.update_organization(
        ctx.ws,
        ids["romashka"],
        OrganizationInput(name="Аврора", city="Казань", tags=["vip"]),
        expected_version=card.version,
    )
    events.clear()
    ctx.notify(Changes.of((EntityKind.ORGANIZATION, ids["romashka"])))
    wait_idle(qtbot, ctx)
    assert _column(model) == ["Аврора", "Альфа", "Вектор"]
    aurora = model.index(1, 0)
    assert aurora.data(ID_ROLE) == ids["romashka"]
    assert model.rowCount(aurora) == 3
    assert "reset" not in events and "move" in events

    # a person moved to another organization leaves one branch and enters the other
    card_p = contacts.get_person(ctx.ws, ids["sidorov"])
    contacts.update_person(
        ctx.ws,
        ids["sidorov"],
        PersonInput(full_name="Сидоров Сидор", organization_id=ids["romashka"]),
        expected_version=card_p.version,
    )
    events.clear()
    ctx.notify(Changes.of((EntityKind.PERSON, ids["sidorov"])))
    wait_idle(qtbot, ctx)
    alpha = model.find_loaded(EntityKind.ORGANIZATION, ids["alpha"])
    aurora = model.find_loaded(EntityKind.ORGANIZATION, ids["romashka"])
    assert model.rowCount(alpha) == 0
    assert not model.hasChildren(alpha)
    assert ids["sidorov"] in _ids(model, aurora)
    assert "reset" not in events

    # a person in the trash disappears
    contacts.move_to_trash(ctx.ws, EntityKind.PERSON, ids["petrov"])
    events.clear()
    ctx.notify(Changes.of((EntityKind.PERSON, ids["petrov"])))
    wait_idle(qtbot, ctx)
    assert ids["petrov"] not in _ids(model, aurora)
    assert events.count("remove") == 1 and "reset" not in events

    # a bulk change re-reads everything at once
    events.clear()
    with qtbot.waitSignal(model.loaded):
        ctx.notify(Changes.everything())
    assert events.count("reset") == 1


def test_index_of_loads_what_is_needed_to_reach_a_deep_row(qtbot: QtBot, ctx: AppContext) -> None:
    generate_demo(
        ctx.ws, DemoSpec(persons=1_500, organizations=1_000, deals=0, tasks=0, language="en")
    )
    rows = contact_list.organization_rows(ctx.ws, ContactFilter(), SortKey.NAME, False, 900, 50)
    org = next(r for r in rows if r.person_count > 0)
    people = contact_list.person_rows(ctx.ws, org.id, ContactFilter(), SortKey.NAME, False, 0, 50)
    person = people[-1]
    model = _loaded(qtbot, ctx)
    index = model.index_of(EntityKind.PERSON, person.id)
    assert index.isValid()
    assert index.data(ID_ROLE) == person.id
    assert index.data() == person.name
    assert index.parent().data(ID_ROLE) == org.id
    assert 900 < model.loaded_count() - 1 < 1_000  # loaded up to it, not everything
    # and in the background, for the page
    model2 = _loaded(qtbot, ctx)
    found: list[QModelIndex] = []
    model2.locate(EntityKind.ORGANIZATION, org.id, found.append)
    qtbot.waitUntil(lambda: bool(found))
    assert found[0].data(ID_ROLE) == org.id
    missing: list[QModelIndex] = []
    contacts.move_to_trash(ctx.ws, EntityKind.PERSON, person.id)
    model2.locate(EntityKind.PERSON, person.id, missing.append)
    qtbot.waitUntil(lambda: bool(missing))
    assert not missing[0].isValid()
