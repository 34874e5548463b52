"""The organization and person editors, driven by typing and clicking like a person."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.errors import ValidationError
from crm_desktop.gui.contacts import editors
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.services import contacts, search
from crm_desktop.services.dto import OrganizationInput, PersonInput, PhoneInput
from tests.gui.conftest import FakeDialogs, closed, pick, type_text, wait_idle


def line(dialog: QWidget, name: str) -> QLineEdit:
    widget = dialog.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def label(dialog: QWidget, name: str) -> QLabel:
    widget = dialog.findChild(QLabel, name)
    assert widget is not None, name
    return widget


def button(dialog: QWidget, name: str) -> QPushButton:
    widget = dialog.findChild(QPushButton, name)
    assert widget is not None, name
    return widget


def type_in(qtbot: QtBot, dialog: QWidget, name: str, text: str) -> None:
    type_text(qtbot, line(dialog, name), text)


def click(qtbot: QtBot, dialog: QWidget, name: str) -> None:
    qtbot.mouseClick(button(dialog, name), Qt.MouseButton.LeftButton)


def tick(qtbot: QtBot, box: QCheckBox | None) -> None:
    """Click a check box on its indicator (the box may be wider than its text)."""
    assert box is not None
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def save(qtbot: QtBot, ctx: AppContext, dialog: QWidget) -> None:
    click(qtbot, dialog, "save")
    wait_idle(qtbot, ctx)


def pick_organization(
    qtbot: QtBot, ctx: AppContext, dialog: editors.PersonDialog, text: str
) -> None:
    """Type into the organization field and click the first suggestion."""
    pick(qtbot, ctx, dialog.picker, text)


def test_create_an_organization_and_two_people_by_typing(
    qtbot: QtBot, ctx: AppContext, host: QWidget, opened: list[tuple[EntityKind, int]]
) -> None:
    changes: list[Changes] = []
    ctx.changed.connect(changes.append)
    dialog = editors.new_organization(ctx, host)
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    type_in(qtbot, dialog, "name", "ООО «Ромашка»")
    type_in(qtbot, dialog, "inn", "7707083893")
    type_in(qtbot, dialog, "kpp", "770701001")
    type_in(qtbot, dialog, "city", "Москва")
    type_in(qtbot, dialog, "tags", "опт, vip, опт")
    type_in(qtbot, dialog, "phone_number_0", "8 (495) 123-45-67")
    type_in(qtbot, dialog, "email_address_0", "info@romashka.ru")
    tick(qtbot, dialog.findChild(QCheckBox, "key_client"))
    assert label(dialog, "phone_status_0").text() == "✓ +7 495 123-45-67"
    save(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))

    hits = search.search(ctx.ws, "Ромашка")
    assert [(h.kind, h.title) for h in hits] == [(EntityKind.ORGANIZATION, "ООО «Ромашка»")]
    org = contacts.get_organization(ctx.ws, hits[0].id)
    assert (org.inn, org.kpp, org.city, org.is_key_client) == (
        "7707083893",
        "770701001",
        "Москва",
        True,
    )
    assert sorted(org.tags) == ["vip", "опт"]
    assert [p.e164 for p in org.phones] == ["+74951234567"]
    assert [e.address for e in org.emails] == ["info@romashka.ru"]
    assert opened == [(EntityKind.ORGANIZATION, org.id)]
    assert changes[-1].records == frozenset({(EntityKind.ORGANIZATION, org.id)})

    # a person with phones in two formats and one number that cannot be recognised
    person = editors.new_person(ctx, host)
    type_in(qtbot, person, "last_name", "Иванов")
    type_in(qtbot, person, "first_name", "Иван")
    type_in(qtbot, person, "middle_name", "Петрович")
    pick_organization(qtbot, ctx, person, "Ромаш")
    assert person.organization.text() == "ООО «Ромашка»"
    assert person.picker.organization_id == org.id
    type_in(qtbot, person, "position", "Директор")
    type_in(qtbot, person, "phone_number_0", "8 (912) 345-67-89")
    click(qtbot, person, "add_phone")
    type_in(qtbot, person, "phone_number_1", "+7 495 123 45 67")
    type_in(qtbot, person, "phone_ext_1", "12")
    click(qtbot, person, "add_phone")
    type_in(qtbot, person, "phone_number_2", "610-96-48")
    assert label(person, "phone_status_0").text() == "✓ +7 912 345-67-89"
    assert label(person, "phone_status_1").text() == "✓ +7 495 123-45-67 ext. 12"
    assert label(person, "phone_status_2").text().startswith("⚠ Not recognised")
    save(qtbot, ctx, person)
    qtbot.waitUntil(lambda: closed(person))

    found = [h for h in search.search(ctx.ws, "912 345") if h.kind is EntityKind.PERSON]
    assert [h.title for h in found] == ["Иванов Иван Петрович"]
    card = contacts.get_person(ctx.ws, found[0].id)
    assert card.organization_id == org.id and card.position == "Директор"
    assert [(p.e164, p.extension, p.is_valid) for p in card.phones] == [
        ("+79123456789", None, True),
        ("+74951234567", "12", True),
        (None, None, False),
    ]
    assert card.phones[2].raw == "610-96-48"
    assert opened[-1] == (EntityKind.PERSON, card.id)
    assert (EntityKind.ORGANIZATION, org.id) in changes[-1].records

    # the second person: the whole name typed into "Last name" is split
    other = editors.new_person(ctx, host, organization_id=org.id)
    wait_idle(qtbot, ctx)
    assert other.organization.text() == "ООО «Ромашка»"
    type_in(qtbot, other, "last_name", "Петрова Анна Сергеевна")
    other.last_name.editingFinished.emit()
    assert (other.last_name.text(), other.first_name.text(), other.middle_name.text()) == (
        "Петрова",
        "Анна",
        "Сергеевна",
    )
    type_in(qtbot, other, "email_address_0", "anna@romashka.ru")
    tick(qtbot, other.birthday_known)
    assert other.birthday.isEnabled()
    save(qtbot, ctx, other)
    qtbot.waitUntil(lambda: closed(other))
    anna = contacts.get_person(ctx.ws, opened[-1][1])
    assert (anna.last_name, anna.first_name, anna.middle_name) == ("Петрова", "Анна", "Сергеевна")
    assert anna.organization_id == org.id
    assert [e.address for e in anna.emails] == ["anna@romashka.ru"]
    assert anna.birthday is not None
    assert {p.full_name for p in contacts.get_organization(ctx.ws, org.id).persons} == {
        "Иванов Иван Петрович",
        "Петрова Анна Сергеевна",
    }


def test_validation_shows_next_to_the_field_and_saves_nothing(
    qtbot: QtBot, ctx: AppContext, host: QWidget, opened: list[tuple[EntityKind, int]]
) -> None:
    dialog = editors.new_organization(ctx, host)
    type_in(qtbot, dialog, "inn", "1234567890")
    save(qtbot, ctx, dialog)
    assert dialog.isVisible()
    assert label(dialog, "error_name").isVisible()
    assert "name" in label(dialog, "error_name").text()
    assert label(dialog, "error_inn").isVisible()
    assert "INN" in label(dialog, "error_inn").text()

    type_in(qtbot, dialog, "name", "Вектор")  # typing into the field clears its message
    assert not label(dialog, "error_name").isVisible()
    type_in(qtbot, dialog, "kpp", "12")
    save(qtbot, ctx, dialog)
    assert dialog.visible_errors().keys() == {"inn", "kpp"}
    assert search.search(ctx.ws, "Вектор") == []
    assert opened == []

    line(dialog, "inn").clear()
    type_in(qtbot, dialog, "inn", "7707083893")
    line(dialog, "kpp").clear()
    save(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    assert [h.title for h in search.search(ctx.ws, "Вектор")] == ["Вектор"]

    person = editors.new_person(ctx, host)
    type_in(qtbot, person, "email_address_0", "ivanov@@mail")
    type_in(qtbot, person, "organization", "Нет такой")
    wait_idle(qtbot, ctx)
    assert label(person, "email_status_0").text() == "⚠ Not an email address"
    save(qtbot, ctx, person)
    assert person.visible_errors().keys() == {"name", "emails", "organization"}
    assert "ivanov@@mail" in label(person, "error_emails").text()
    assert person.isVisible()
    assert search.search(ctx.ws, "ivanov") == []


def test_a_rule_the_service_enforces_comes_back_under_the_field(
    qtbot: QtBot, ctx: AppContext, host: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ValidationError("not a valid INN", field="inn")

    monkeypatch.setattr(editors.contacts, "create_organization", refuse)
    dialog = editors.new_organization(ctx, host)
    type_in(qtbot, dialog, "name", "Альфа")
    type_in(qtbot, dialog, "city", "Тула")
    save(qtbot, ctx, dialog)
    assert dialog.isVisible()
    assert dialog.visible_errors().keys() == {"inn"}
    assert "INN" in label(dialog, "error_inn").text()
    assert line(dialog, "name").text() == "Альфа" and line(dialog, "city").text() == "Тула"
    assert dialog.save_button.isEnabled()


def _ivanov(ctx: AppContext) -> int:
    return contacts.create_person(
        ctx.ws,
        PersonInput(
            last_name="Иванов",
            first_name="Иван",
            city="Казань",
            position="Менеджер",
            phones=[PhoneInput("8 (912) 345-67-89")],
            tags=["опт"],
        ),
    ).id


def test_edit_a_person_and_see_the_change(
    qtbot: QtBot, ctx: AppContext, host: QWidget, opened: list[tuple[EntityKind, int]]
) -> None:
    ivanov = _ivanov(ctx)
    dialog = editors.edit_record(ctx, host, EntityKind.PERSON, ivanov)
    wait_idle(qtbot, ctx)
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert isinstance(dialog, editors.PersonDialog)
    assert line(dialog, "last_name").text() == "Иванов"
    assert line(dialog, "city").text() == "Казань"
    assert line(dialog, "tags").text() == "опт"
    assert line(dialog, "phone_number_0").text() == "8 (912) 345-67-89"
    assert "Иванов Иван" in dialog.windowTitle()
    line(dialog, "city").clear()
    type_in(qtbot, dialog, "city", "Самара")
    line(dialog, "position").clear()
    type_in(qtbot, dialog, "position", "Директор")
    save(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    card = contacts.get_person(ctx.ws, ivanov)
    assert (card.city, card.position) == ("Самара", "Директор")
    assert [p.e164 for p in card.phones] == ["+79123456789"]
    assert opened == [(EntityKind.PERSON, ivanov)]

    again = editors.edit_record(ctx, host, EntityKind.PERSON, ivanov)
    wait_idle(qtbot, ctx)
    assert line(again, "city").text() == "Самара"


def test_a_concurrent_edit_is_refused_clearly_and_the_input_is_kept(
    qtbot: QtBot, ctx: AppContext, host: QWidget, opened: list[tuple[EntityKind, int]]
) -> None:
    ivanov = _ivanov(ctx)
    dialog = editors.edit_record(ctx, host, EntityKind.PERSON, ivanov)
    wait_idle(qtbot, ctx)
    line(dialog, "position").clear()
    type_in(qtbot, dialog, "position", "Главный инженер")
    type_in(qtbot, dialog, "department", "ОКС")

    # someone else saves the card meanwhile
    card = contacts.get_person(ctx.ws, ivanov)
    contacts.update_person(
        ctx.ws,
        ivanov,
        PersonInput(last_name="Иванов", first_name="Иван", city="Уфа"),
        expected_version=card.version,
    )

    save(qtbot, ctx, dialog)
    assert dialog.isVisible()
    assert dialog.banner.isVisible()
    assert "Save again" in dialog.banner.text()  # the position changed on both sides:
    assert dialog.conflict_dialog is not None  # the conflict dialog asks (gui/conflicts.py)
    assert set(dialog.conflict_dialog.rows) == {"position"}
    assert line(dialog, "position").text() == "Главный инженер"
    assert line(dialog, "department").text() == "ОКС"
    assert line(dialog, "city").text() == "Казань"
    assert contacts.get_person(ctx.ws, ivanov).city == "Уфа"
    assert contacts.get_person(ctx.ws, ivanov).position is None
    assert opened == []


def test_closing_with_typed_input_asks_first(
    qtbot: QtBot, ctx: AppContext, host: QWidget, dialogs: FakeDialogs
) -> None:
    dialog = editors.new_person(ctx, host)
    type_in(qtbot, dialog, "last_name", "Сидоров")
    dialogs.answers = [False]
    click(qtbot, dialog, "cancel")
    assert dialog.isVisible() and len(dialogs.confirms) == 1
    assert line(dialog, "last_name").text() == "Сидоров"
    click(qtbot, dialog, "cancel")  # the fake answers yes from now on
    qtbot.waitUntil(lambda: closed(dialog))

    untouched = editors.new_organization(ctx, host)
    click(qtbot, untouched, "cancel")
    qtbot.waitUntil(lambda: closed(untouched))
    assert len(dialogs.confirms) == 2


def test_edit_of_an_organization_keeps_what_was_stored(
    qtbot: QtBot, ctx: AppContext, host: QWidget
) -> None:
    org = contacts.create_organization(
        ctx.ws,
        OrganizationInput(
            name="ООО «Вектор»",
            inn="7707083893",
            ogrn="1027700132195",
            phones=[PhoneInput("+7 495 123-45-67", extension="7", comment="ресепшн")],
            notes="Первая строка\nвторая строка",
        ),
    )
    dialog = editors.edit_record(ctx, host, EntityKind.ORGANIZATION, org.id)
    wait_idle(qtbot, ctx)
    assert not dialog.is_dirty()
    save(qtbot, ctx, dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    after = contacts.get_organization(ctx.ws, org.id)
    assert (after.name, after.inn, after.ogrn, after.notes) == (
        org.name,
        org.inn,
        org.ogrn,
        org.notes,
    )
    assert [(p.raw, p.extension, p.comment) for p in after.phones] == [
        ("+7 495 123-45-67", "7", "ресепшн")
    ]


def test_a_card_that_cannot_be_read_is_reported_and_no_editor_opens(
    qtbot: QtBot, ctx: AppContext, host: QWidget, dialogs: FakeDialogs
) -> None:
    dialog = editors.edit_record(ctx, host, EntityKind.PERSON, 999)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(dialog))
    assert len(dialogs.errors) == 1
