"""Possible duplicates, with the reasons they matched."""

from __future__ import annotations

from crm_desktop.services import contacts
from crm_desktop.services.dto import EmailInput, OrganizationInput, PersonInput, PhoneInput
from crm_desktop.services.duplicates import (
    find_organization_duplicates,
    find_person_duplicates,
)
from crm_desktop.services.workspace import Workspace


def _reasons(found: list, entity_id: int) -> set[str]:  # type: ignore[type-arg]
    return {r.field for c in found if c.id == entity_id for r in c.reasons}


def test_same_phone_in_another_format_is_a_duplicate(ws: Workspace) -> None:
    existing = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван", phones=[PhoneInput("8 (912) 345-67-89")])
    )
    found = find_person_duplicates(
        ws, PersonInput(full_name="Сидоров Пётр", phones=[PhoneInput("+7 912 3456789")])
    )
    assert [c.id for c in found] == [existing.id]
    assert found[0].reasons[0].field == "phone"
    assert found[0].reasons[0].value == "+79123456789"


def test_same_number_other_extension_is_not_a_duplicate(ws: Workspace) -> None:
    contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван", phones=[PhoneInput("+7 495 123-45-67 доб. 101")])
    )
    found = find_person_duplicates(
        ws, PersonInput(full_name="Петров Пётр", phones=[PhoneInput("+7 495 123-45-67 доб. 102")])
    )
    assert found == []


def test_invalid_phones_never_match(ws: Workspace) -> None:
    contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван", phones=[PhoneInput("610-96-48")])
    )
    assert (
        find_person_duplicates(
            ws, PersonInput(full_name="Петров Пётр", phones=[PhoneInput("610-96-48")])
        )
        == []
    )


def test_email_matches_case_insensitively(ws: Workspace) -> None:
    existing = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван", emails=[EmailInput("I.Ivanov@Mail.ru")])
    )
    found = find_person_duplicates(
        ws, PersonInput(full_name="Иван Иванов", emails=[EmailInput("i.ivanov@mail.ru")])
    )
    assert _reasons(found, existing.id) == {"email", "name"}


def test_namesakes_with_nothing_shared_are_not_duplicates(ws: Workspace) -> None:
    contacts.create_person(ws, PersonInput(full_name="Иванов Иван Петрович"))
    assert find_person_duplicates(ws, PersonInput(full_name="Иван Иванов")) == []


def test_same_name_in_same_organization_is_a_duplicate(ws: Workspace) -> None:
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»"))
    existing = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван Петрович", organization_id=org.id)
    )
    contacts.create_person(ws, PersonInput(full_name="Петров Пётр", organization_id=org.id))
    found = find_person_duplicates(ws, PersonInput(full_name="Иван Иванов", organization_id=org.id))
    assert [(c.id, _reasons(found, c.id)) for c in found] == [(existing.id, {"name"})]


def test_editing_a_card_does_not_find_itself(ws: Workspace) -> None:
    card = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван", phones=[PhoneInput("89123456789")])
    )
    data = PersonInput(full_name="Иванов Иван", phones=[PhoneInput("89123456789")])
    assert find_person_duplicates(ws, data, exclude_id=card.id) == []


def test_trashed_records_are_not_offered(ws: Workspace) -> None:
    from crm_desktop.domain.kinds import EntityKind

    card = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван", phones=[PhoneInput("89123456789")])
    )
    contacts.move_to_trash(ws, EntityKind.PERSON, card.id)
    assert (
        find_person_duplicates(
            ws, PersonInput(full_name="Иванов Иван", phones=[PhoneInput("89123456789")])
        )
        == []
    )


def test_organization_by_normalised_name(ws: Workspace) -> None:
    existing = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»"))
    contacts.create_organization(ws, OrganizationInput(name="Ромашка-Плюс"))
    found = find_organization_duplicates(ws, OrganizationInput(name="Ромашка, ООО"))
    assert [(c.id, _reasons(found, c.id)) for c in found] == [(existing.id, {"name"})]


def test_organization_same_inn_is_duplicate_other_inn_is_not(ws: Workspace) -> None:
    sber = contacts.create_organization(
        ws, OrganizationInput(name="ПАО Сбербанк", inn="7707083893")
    )
    found = find_organization_duplicates(ws, OrganizationInput(name="Сбер", inn="7707083893"))
    assert [(c.id, _reasons(found, c.id)) for c in found] == [(sber.id, {"inn"})]
    # equal names with different INNs are different legal entities
    assert (
        find_organization_duplicates(ws, OrganizationInput(name="ПАО Сбербанк", inn="7736207543"))
        == []
    )


def test_organization_by_phone_and_email(ws: Workspace) -> None:
    org = contacts.create_organization(
        ws,
        OrganizationInput(
            name="АО «Техснаб»",
            phones=[PhoneInput("+7 (343) 222-33-44")],
            emails=[EmailInput("office@tehsnab.ru")],
        ),
    )
    found = find_organization_duplicates(
        ws,
        OrganizationInput(
            name="Техснаб Урал",
            phones=[PhoneInput("8 343 2223344")],
            emails=[EmailInput("OFFICE@tehsnab.ru")],
        ),
    )
    assert [(c.id, _reasons(found, c.id)) for c in found] == [(org.id, {"phone", "email"})]
