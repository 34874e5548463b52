"""Contacts service on every engine: create, edit, trash, restore, audit, versions."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import AuditAction, EntityKind, PhoneKind
from crm_desktop.errors import ConcurrentEditError, NotFoundError, ValidationError
from crm_desktop.services import contacts
from crm_desktop.services.dto import EmailInput, OrganizationInput, PersonInput, PhoneInput
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import AuditEntry, SearchDoc


def _org(ws: Workspace, name: str = "ООО «Ромашка»", **kw: object) -> int:
    data = OrganizationInput(name=name, **kw)  # type: ignore[arg-type]
    return contacts.create_organization(ws, data).id


def test_create_organization_normalises_name_inn_phones(ws: Workspace) -> None:
    card = contacts.create_organization(
        ws,
        OrganizationInput(
            name="  ООО  «Ромашка» ",
            inn="7707083893",
            city="Москва",
            phones=[PhoneInput("8 (495) 123-45-67 доб. 12; 8 912 345 67 89", PhoneKind.WORK)],
            emails=[EmailInput("Info@Romashka.RU")],
            tags=["Опт", "VIP", "опт"],
        ),
    )
    assert card.name == "ООО «Ромашка»"
    assert card.legal_form == "ООО"
    assert card.inn == "7707083893"
    assert [(p.e164, p.extension, p.is_valid) for p in card.phones] == [
        ("+74951234567", "12", True),
        ("+79123456789", None, True),
    ]
    assert card.phones[0].display.startswith("+7 495 123")
    assert [e.address for e in card.emails] == ["Info@Romashka.RU"]
    assert sorted(card.tags) == ["VIP", "Опт"]
    assert card.version == 1


def test_invalid_phone_is_kept_and_marked(ws: Workspace) -> None:
    card = contacts.create_person(
        ws, PersonInput(full_name="Петров Пётр", phones=[PhoneInput("610-96-48")])
    )
    (phone,) = card.phones
    assert phone.raw == "610-96-48"
    assert phone.e164 is None and not phone.is_valid
    assert phone.display == "610-96-48"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (OrganizationInput(name="   "), "name"),
        (OrganizationInput(name="Ромашка", inn="7707083894"), "inn"),
        (OrganizationInput(name="Ромашка", emails=[EmailInput("not an email")]), "emails"),
    ],
)
def test_bad_organization_input_is_refused_and_nothing_saved(
    ws: Workspace, data: OrganizationInput, field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        contacts.create_organization(ws, data)
    assert info.value.field == field
    with ws.read() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(SearchDoc)) == 0


def test_person_name_is_split_and_linked_to_organization(ws: Workspace) -> None:
    org_id = _org(ws)
    card = contacts.create_person(
        ws,
        PersonInput(
            full_name="Иванов Иван Петрович",
            organization_id=org_id,
            position="Директор",
            birthday=date(1980, 2, 29),
        ),
    )
    assert (card.last_name, card.first_name, card.middle_name) == ("Иванов", "Иван", "Петрович")
    assert card.organization_name == "ООО «Ромашка»"
    assert card.birthday == date(1980, 2, 29)
    org = contacts.get_organization(ws, org_id)
    assert [p.full_name for p in org.persons] == ["Иванов Иван Петрович"]


def test_person_in_missing_organization_is_refused(ws: Workspace) -> None:
    with pytest.raises(NotFoundError):
        contacts.create_person(ws, PersonInput(full_name="Иван Иванов", organization_id=999))


def test_update_records_audit_and_bumps_version(ws: Workspace) -> None:
    card = contacts.create_person(ws, PersonInput(full_name="Иван Иванов", city="Тула"))
    updated = contacts.update_person(
        ws,
        card.id,
        PersonInput(
            last_name="Иванов",
            first_name="Иван",
            city="Москва",
            phones=[PhoneInput("+7 912 345-67-89")],
        ),
        expected_version=card.version,
    )
    assert updated.city == "Москва"
    assert updated.version == card.version + 1
    with ws.read() as uow:
        rows = uow.session.execute(
            sa.select(
                AuditEntry.action, AuditEntry.field, AuditEntry.old_value, AuditEntry.new_value
            )
            .where(AuditEntry.entity_id == card.id, AuditEntry.action == AuditAction.UPDATE)
            .order_by(AuditEntry.field)
        ).all()
    assert ("update", "city", "Тула", "Москва") in [(a.value, f, o, n) for a, f, o, n in rows]
    assert any(f == "phones" and n == "+7 912 345-67-89" for _, f, _, n in rows)


def test_stale_edit_is_refused(ws: Workspace) -> None:
    card = contacts.create_person(ws, PersonInput(full_name="Иван Иванов"))
    contacts.update_person(
        ws,
        card.id,
        PersonInput(full_name="Иван Иванов", city="Омск"),
        expected_version=card.version,
    )
    with pytest.raises(ConcurrentEditError):
        contacts.update_person(
            ws,
            card.id,
            PersonInput(full_name="Иван Иванов", city="Тверь"),
            expected_version=card.version,
        )
    assert contacts.get_person(ws, card.id).city == "Омск"


def test_trash_and_restore_organization_with_its_people(ws: Workspace) -> None:
    org_id = _org(ws)
    person = contacts.create_person(
        ws, PersonInput(full_name="Иван Иванов", organization_id=org_id)
    )
    private = contacts.create_person(ws, PersonInput(full_name="Пётр Петров"))
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, org_id)
    trash = contacts.list_trash(ws)
    assert {(t.kind, t.id) for t in trash} == {
        (EntityKind.ORGANIZATION, org_id),
        (EntityKind.PERSON, person.id),
    }
    with pytest.raises(ValidationError, match="Restore the organization"):
        contacts.restore(ws, EntityKind.PERSON, person.id)
    contacts.restore(ws, EntityKind.ORGANIZATION, org_id)
    assert contacts.list_trash(ws) == []
    assert contacts.get_person(ws, person.id).deleted_at is None
    assert contacts.get_person(ws, private.id).deleted_at is None


def test_search_index_follows_edits_and_trash(ws: Workspace) -> None:
    card = contacts.create_person(
        ws, PersonInput(full_name="Семёнов Пётр", phones=[PhoneInput("89123456789")])
    )

    def indexed() -> list[tuple[str, str]]:
        with ws.read() as uow:
            return [
                (t, p)
                for t, p in uow.session.execute(
                    sa.select(SearchDoc.title, SearchDoc.phones).where(
                        SearchDoc.entity_id == card.id
                    )
                )
            ]

    assert indexed() == [("семенов петр", "79123456789 89123456789")]
    contacts.update_person(
        ws, card.id, PersonInput(full_name="Семёнов Пётр Ильич"), expected_version=card.version
    )
    assert indexed() == [("семенов петр ильич", "")]
    contacts.move_to_trash(ws, EntityKind.PERSON, card.id)
    assert indexed() == []
    contacts.restore(ws, EntityKind.PERSON, card.id)
    assert indexed() == [("семенов петр ильич", "")]
