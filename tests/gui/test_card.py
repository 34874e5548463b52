"""The contact card: what it shows, what its clicks ask for, how it follows changes,
and its timeline model (order, paging, qtmodeltester) — on real services."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import ActivityKind, EmailKind, EntityKind, PhoneKind
from crm_desktop.gui.contacts.card import CardView, ElidedLabel
from crm_desktop.gui.contacts.timeline import (
    DETAIL_ROLE,
    HEADER_ROLE,
    PERSON_ROLE,
    STATUS_ROLE,
    TimelineModel,
)
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.services import contacts
from crm_desktop.services.dto import EmailInput, OrganizationInput, PersonInput, PhoneInput
from crm_desktop.services.timeline import timeline
from crm_desktop.storage.models import Activity, Note, Person
from tests.gui.conftest import FakeDialogs, wait_idle

INN = "7707083893"
INVALID_TEXT = "Not a valid number — kept as typed"


@dataclass
class Base:
    org: int
    person: int


def _base(ctx: AppContext) -> Base:
    org = contacts.create_organization(
        ctx.ws,
        OrganizationInput(
            name="ООО «Ромашка»",
            inn=INN,
            city="Москва",
            address="ул. Ленина, д. 1",
            website="romashka.ru",
            industry="Оптовая торговля",
            is_key_client=True,
            notes="Первая строка\n<b>не жирный</b>",
            phones=[
                PhoneInput("8 (495) 123-45-67", kind=PhoneKind.WORK, extension="123"),
                PhoneInput("610-96-48", kind=PhoneKind.OTHER),
            ],
            emails=[EmailInput("info@romashka.ru", kind=EmailKind.WORK)],
            tags=["VIP", "Опт"],
        ),
    )
    person = contacts.create_person(
        ctx.ws,
        PersonInput(
            full_name="Иванов Иван Петрович",
            organization_id=org.id,
            position="Директор <i>по закупкам</i>",
            city="Москва",
            birthday=date(1980, 5, 17),
            phones=[PhoneInput("+7 912 345-67-89", kind=PhoneKind.MOBILE)],
        ),
    )
    return Base(org.id, person.id)


def _add_history(ctx: AppContext, base: Base, calls: int = 3) -> list[datetime]:
    """Done calls an hour apart (newest first in the result), a note, a planned meeting."""
    now = datetime.now(UTC)
    moments = [now - timedelta(days=2, hours=n) for n in range(calls)]
    with ctx.ws.write() as uow:
        for n, at in enumerate(moments):
            uow.session.add(
                Activity(
                    kind=ActivityKind.CALL_OUT,
                    subject=f"Звонок {n}",
                    start_at=at,
                    end_at=at,
                    done_at=at,
                    result=f"Итог {n}",
                    organization_id=base.org,
                    person_id=base.person,
                )
            )
        uow.session.add(
            Activity(
                kind=ActivityKind.MEETING_NEGOTIATION,
                subject="Переговоры о поставке",
                start_at=now + timedelta(days=3),
                end_at=now + timedelta(days=3, hours=1),
                organization_id=base.org,
                person_id=base.person,
            )
        )
        uow.session.add(Note(text="Просили прайс до пятницы", organization_id=base.org))
        uow.commit()
    return moments


@pytest.fixture
def card(qtbot: QtBot, ctx: AppContext) -> CardView:
    view = CardView(ctx)
    qtbot.addWidget(view)
    view.resize(620, 860)
    view.show()
    qtbot.waitExposed(view)
    return view


def _show(qtbot: QtBot, ctx: AppContext, view: CardView, kind: EntityKind, entity_id: int) -> None:
    with qtbot.waitSignal(view.loaded, timeout=10_000) as shown:
        view.show_record(kind, entity_id)
    assert shown.args == [kind, entity_id]
    wait_idle(qtbot, ctx)


def _label(view: QWidget, name: str) -> QLabel:
    found = view.findChild(QLabel, name)
    assert found is not None, name
    return found


def _visible_labels(view: QWidget, name: str) -> list[QLabel]:
    return [w for w in view.findChildren(QLabel, name) if w.isVisibleTo(view)]


def test_empty_state_says_what_to_do(card: CardView) -> None:
    assert card.current() is None
    hint = _label(card, "cardEmptyHint")
    assert hint.isVisible()
    assert "Select an organization or a person" in hint.text()


def test_organization_card_shows_its_fields(qtbot: QtBot, ctx: AppContext, card: CardView) -> None:
    base = _base(ctx)
    _show(qtbot, ctx, card, EntityKind.ORGANIZATION, base.org)
    assert card.current() == (EntityKind.ORGANIZATION, base.org)
    assert _label(card, "cardTitle").text() == "ООО «Ромашка»"
    assert _label(card, "cardKeyClient").isVisible()
    subtitle = _label(card, "cardSubtitle").text()
    assert INN in subtitle and "ООО" in subtitle
    tags = [w.text() for w in card.findChildren(QWidget, "cardTag") if w.isVisibleTo(card)]
    assert sorted(tags) == ["VIP", "Опт"]

    phones = card.findChild(QWidget, "cardPhones")
    assert phones is not None and phones.isVisible()
    numbers = _visible_labels(phones, "cardPhone")
    assert [n.text() for n in numbers] == ["+7 495 123-45-67", "610-96-48"]
    assert "+74951234567" in numbers[0].toolTip()
    assert INVALID_TEXT in numbers[1].toolTip()
    warnings = _visible_labels(phones, "cardPhoneInvalid")
    assert len(warnings) == 1 and warnings[0].toolTip() == INVALID_TEXT
    metas = [m.text() for m in _visible_labels(phones, "cardPhoneMeta")]
    assert metas == ["work · ext. 123", "other"]

    emails = [e for e in card.findChildren(ElidedLabel, "cardEmail") if e.isVisibleTo(card)]
    assert [(e.full_text(), e.href()) for e in emails] == [
        ("info@romashka.ru", "mailto:info@romashka.ru")
    ]
    assert 'href="mailto:info@romashka.ru"' in emails[0].text()
    website = card.findChild(ElidedLabel, "cardWebsite")
    assert website is not None and website.href() == "https://romashka.ru"
    assert _label(card, "cardInn").text() == INN
    assert _label(card, "cardCity").text() == "Москва"
    assert _label(card, "cardIndustry").text() == "Оптовая торговля"
    notes = _label(card, "cardNotes")
    assert notes.textFormat() == Qt.TextFormat.PlainText  # user text is never markup
    assert notes.text() == "Первая строка\n<b>не жирный</b>"

    people = [w for w in card.findChildren(QWidget, "cardPerson") if w.isVisibleTo(card)]
    assert len(people) == 1
    name = people[0].findChild(ElidedLabel, "cardPersonName")
    assert name is not None and name.full_text() == "Иванов Иван Петрович"
    assert _label(people[0], "cardPersonPhone").text() == "+7 912 345-67-89"
    assert not card.banner.isVisible()
    assert card.edit_button.isEnabled()
    card.grab()  # paints header, chips, rows and the timeline without an error


def test_person_card_and_its_links(qtbot: QtBot, ctx: AppContext, card: CardView) -> None:
    base = _base(ctx)
    _show(qtbot, ctx, card, EntityKind.PERSON, base.person)
    assert _label(card, "cardTitle").text() == "Иванов Иван Петрович"
    assert not _label(card, "cardKeyClient").isVisible()
    subtitle = _label(card, "cardSubtitle").text()
    # user data in rich text is escaped: the position's markup shows as typed
    assert "Директор &lt;i&gt;по закупкам&lt;/i&gt;" in subtitle
    assert "ООО «Ромашка»" in subtitle and 'href="organization"' in subtitle
    assert "1980" in _label(card, "cardBirthday").text()
    assert card.findChild(QWidget, "cardPeople") is None
    with qtbot.waitSignal(card.open_requested) as opened:
        _label(card, "cardSubtitle").linkActivated.emit("organization")
    assert opened.args == [EntityKind.ORGANIZATION, base.org]


def test_clicking_a_person_of_the_organization_opens_them(
    qtbot: QtBot, ctx: AppContext, card: CardView
) -> None:
    base = _base(ctx)
    _show(qtbot, ctx, card, EntityKind.ORGANIZATION, base.org)
    row = card.findChild(QWidget, "cardPerson")
    assert row is not None
    card.details_scroll.ensureWidgetVisible(row)
    with qtbot.waitSignal(card.open_requested) as opened:
        qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert opened.args == [EntityKind.PERSON, base.person]


def test_edit_button_asks_to_edit_this_card(qtbot: QtBot, ctx: AppContext, card: CardView) -> None:
    base = _base(ctx)
    _show(qtbot, ctx, card, EntityKind.PERSON, base.person)
    with qtbot.waitSignal(card.edit_requested) as asked:
        qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    assert asked.args == [EntityKind.PERSON, base.person]


def test_card_follows_an_update_made_through_the_services(
    qtbot: QtBot, ctx: AppContext, card: CardView
) -> None:
    base = _base(ctx)
    _show(qtbot, ctx, card, EntityKind.PERSON, base.person)
    current = contacts.get_person(ctx.ws, base.person)
    contacts.update_person(
        ctx.ws,
        base.person,
        PersonInput(
            full_name="Иванов Иван Петрович",
            organization_id=base.org,
            position="Коммерческий директор",
            city="Тула",
            is_key_client=True,
            birthday=current.birthday,
            phones=[PhoneInput("+7 912 345-67-89", kind=PhoneKind.MOBILE)],
        ),
        expected_version=current.version,
    )
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        ctx.notify(Changes.of((EntityKind.PERSON, base.person)))
    wait_idle(qtbot, ctx)
    assert "Коммерческий директор" in _label(card, "cardSubtitle").text()
    assert _label(card, "cardCity").text() == "Тула"
    assert _label(card, "cardKeyClient").isVisible()
    model = card.timeline_model
    changes = {
        model.index(r, 0).data(): model.index(r, 0).data(DETAIL_ROLE)
        for r in range(model.rowCount())
    }
    assert changes["Changed city"] == "Москва → Тула"
    assert changes["Changed key client"] == "no → yes"


def test_an_unrelated_change_leaves_the_card_alone(
    qtbot: QtBot, ctx: AppContext, card: CardView
) -> None:
    base = _base(ctx)
    other = contacts.create_person(ctx.ws, PersonInput(full_name="Петров Пётр")).id
    _show(qtbot, ctx, card, EntityKind.PERSON, base.person)
    reloads: list[object] = []
    card.loaded.connect(lambda *args: reloads.append(args))
    ctx.notify(Changes.of((EntityKind.PERSON, other)))
    wait_idle(qtbot, ctx)
    assert reloads == []
    # the organization card lists this person: a change of them reloads it
    _show(qtbot, ctx, card, EntityKind.ORGANIZATION, base.org)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        ctx.notify(Changes.of((EntityKind.PERSON, base.person)))


def test_a_trashed_card_shows_a_banner(qtbot: QtBot, ctx: AppContext, card: CardView) -> None:
    base = _base(ctx)
    _show(qtbot, ctx, card, EntityKind.ORGANIZATION, base.org)
    assert not card.banner.isVisible()
    contacts.move_to_trash(ctx.ws, EntityKind.ORGANIZATION, base.org)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        ctx.notify(Changes.of((EntityKind.ORGANIZATION, base.org)))
    wait_idle(qtbot, ctx)
    assert card.banner.isVisible()
    assert "trash" in _label(card, "cardTrashText").text()
    assert not card.edit_button.isEnabled()
    # the banner's Restore takes the card (and its people) out of the trash
    assert card.restore_button.isVisible()
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.mouseClick(card.restore_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert not card.banner.isVisible()
    assert card.edit_button.isEnabled()
    assert contacts.get_organization(ctx.ws, base.org).deleted_at is None
    assert contacts.get_person(ctx.ws, base.person).deleted_at is None


def test_a_missing_card_shows_a_message_not_an_error(
    qtbot: QtBot, ctx: AppContext, card: CardView, dialogs: FakeDialogs
) -> None:
    card.show_record(EntityKind.PERSON, 987_654)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: card.current() is None)
    assert "no longer exists" in _label(card, "cardEmptyHint").text()
    assert dialogs.errors == []


def test_only_the_newest_request_is_shown(qtbot: QtBot, ctx: AppContext, card: CardView) -> None:
    base = _base(ctx)
    shown: list[tuple[EntityKind, int]] = []
    card.loaded.connect(lambda kind, entity_id: shown.append((kind, entity_id)))
    card.show_record(EntityKind.ORGANIZATION, base.org)
    card.show_record(EntityKind.PERSON, base.person)
    wait_idle(qtbot, ctx)
    assert shown == [(EntityKind.PERSON, base.person)]
    assert _label(card, "cardTitle").text() == "Иванов Иван Петрович"


def test_timeline_is_newest_first_with_planned_and_person_names(
    qtbot: QtBot, ctx: AppContext, card: CardView
) -> None:
    base = _base(ctx)
    _add_history(ctx, base)
    _show(qtbot, ctx, card, EntityKind.ORGANIZATION, base.org)
    model = card.timeline_model
    assert card.timeline_view.objectName() == "cardTimeline"
    assert card.timeline_view.isVisible()
    entries = model.entries()
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles[0] == "Переговоры о поставке"  # the planned meeting, in three days
    assert model.index(0, 0).data(STATUS_ROLE) == "planned"
    assert model.index(0, 0).data(HEADER_ROLE) == "Upcoming"
    assert {"Звонок 0", "Звонок 1", "Звонок 2", "Note"} <= set(titles)
    details = [model.index(r, 0).data(DETAIL_ROLE) for r in range(model.rowCount())]
    assert "Просили прайс до пятницы" in details
    call = titles.index("Звонок 0")
    assert model.index(call, 0).data(PERSON_ROLE) == "Иванов Иван Петрович"
    assert "Итог 0" in model.index(call, 0).data(Qt.ItemDataRole.ToolTipRole)
    card.timeline_view.grab()


def test_empty_timeline_says_so(qtbot: QtBot, ctx: AppContext, card: CardView) -> None:
    # a card loaded in bulk (an import, the demo) has no history at all
    with ctx.ws.write() as uow:
        person = Person(
            full_name="Сидоров Сидор",
            last_name="Сидоров",
            first_name="Сидор",
            name_key="сидоров сидор",
        )
        uow.session.add(person)
        uow.session.flush()
        person_id = person.id
        uow.commit()
    _show(qtbot, ctx, card, EntityKind.PERSON, person_id)
    assert card.timeline_model.rowCount() == 0
    assert _label(card, "cardTimelineEmpty").isVisible()
    assert not card.timeline_view.isVisible()
    assert _label(card, "cardNoContacts").isVisible()  # and no phones or emails yet
    # the first note makes the history appear
    with ctx.ws.write() as uow:
        uow.session.add(Note(text="Первый контакт", person_id=person_id))
        uow.commit()
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        ctx.notify(Changes.of(kinds=(EntityKind.NOTE,)))
    assert card.timeline_model.rowCount() == 1
    assert card.timeline_view.isVisible()
    assert not _label(card, "cardTimelineEmpty").isVisible()


def test_timeline_loads_more_when_asked(qtbot: QtBot, ctx: AppContext, card: CardView) -> None:
    base = _base(ctx)
    _add_history(ctx, base, calls=12)
    expected = timeline(ctx.ws, EntityKind.ORGANIZATION, base.org, limit=1000)
    assert len(expected) > 10
    card.timeline_model.page_size = 5
    _show(qtbot, ctx, card, EntityKind.ORGANIZATION, base.org)
    model = card.timeline_model
    wait_idle(qtbot, ctx)
    assert 0 < model.rowCount() < len(expected)
    for _ in range(20):
        if not model.canFetchMore(QModelIndex()):
            break
        with qtbot.waitSignal(model.page_loaded, timeout=10_000):
            model.fetchMore(QModelIndex())
        wait_idle(qtbot, ctx)
    assert not model.canFetchMore(QModelIndex())
    assert model.entries() == expected  # every entry once, newest first


def test_timeline_fetches_when_scrolled_to_the_bottom(
    qtbot: QtBot, ctx: AppContext, card: CardView
) -> None:
    base = _base(ctx)
    _add_history(ctx, base, calls=30)
    card.timeline_model.page_size = 8
    _show(qtbot, ctx, card, EntityKind.ORGANIZATION, base.org)
    model = card.timeline_model
    bar = card.timeline_view.verticalScrollBar()

    def scrolled_all() -> bool:
        bar.setValue(bar.maximum())
        return not model.has_more and not model.fetching

    qtbot.waitUntil(scrolled_all, timeout=10_000)
    wait_idle(qtbot, ctx)
    assert model.rowCount() == len(timeline(ctx.ws, EntityKind.ORGANIZATION, base.org, limit=999))


def test_timeline_model_passes_the_model_tester(
    qtbot: QtBot, ctx: AppContext, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    base = _base(ctx)
    _add_history(ctx, base, calls=6)
    model = TimelineModel(ctx)
    model.page_size = 4
    entries = timeline(ctx.ws, EntityKind.ORGANIZATION, base.org, limit=model.page_size)
    model.set_entries(EntityKind.ORGANIZATION, base.org, entries, show_person=True)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        model.fetchMore(QModelIndex())
    wait_idle(qtbot, ctx)
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_a_slow_load_shows_loading_then_the_card(
    qtbot: QtBot, ctx: AppContext, card: CardView, monkeypatch: pytest.MonkeyPatch
) -> None:
    import crm_desktop.gui.contacts.card as card_module

    base = _base(ctx)
    real = card_module._load
    release = threading.Event()

    def slow(*args: Any) -> Any:
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(card_module, "_load", slow)
    card.show_record(EntityKind.PERSON, base.person)
    qtbot.waitUntil(lambda: card.stack.currentWidget().objectName() == "cardLoading")
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        release.set()
    assert card.stack.currentWidget().objectName() == "cardContent"
    assert _label(card, "cardTitle").text() == "Иванов Иван Петрович"
