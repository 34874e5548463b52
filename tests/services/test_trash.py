"""Deleting cards for good from the trash, on every engine."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import AuditAction, EntityKind, KeyDateKind
from crm_desktop.errors import NotFoundError, ValidationError
from crm_desktop.services import contacts, trash
from crm_desktop.services.dto import EmailInput, OrganizationInput, PersonInput, PhoneInput
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    AuditEntry,
    CustomFieldDef,
    CustomFieldValue,
    Deal,
    Email,
    KeyDate,
    Note,
    Organization,
    Person,
    Phone,
    Pipeline,
    SearchDoc,
    Stage,
    utcnow,
)


def _add(ws: Workspace, *objs: Any) -> list[int]:
    with ws.write() as uow:
        uow.session.add_all(objs)
        uow.commit()
        return [o.id for o in objs]


def _deal(ws: Workspace, **owner: int) -> int:
    with ws.write() as uow:
        stage = Stage(name="Новая")
        uow.session.add(Pipeline(name="Продажи", stages=[stage]))
        uow.flush()
        deal = Deal(title="Сделка", pipeline_id=stage.pipeline_id, stage_id=stage.id, **owner)
        uow.session.add(deal)
        uow.commit()
        return deal.id


def _count(ws: Workspace, model: Any, *where: Any) -> int:
    with ws.read() as uow:
        return int(uow.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)))


def _person(ws: Workspace, name: str, **kw: Any) -> int:
    return contacts.create_person(ws, PersonInput(full_name=name, **kw)).id


def test_purge_person_takes_its_details_and_keeps_activities(ws: Workspace) -> None:
    field_id, *_ = _add(ws, CustomFieldDef(entity_kind=EntityKind.PERSON, name="Хобби"))
    person = _person(
        ws,
        "Иванов Иван",
        phones=[PhoneInput("+7 912 345-67-89")],
        emails=[EmailInput("ivan@example.com")],
        tags=["VIP"],
        city="Тула",
    )
    bystander = _person(ws, "Петров Пётр")
    other_deal = _deal(ws, person_id=bystander)
    activity, *_ = _add(ws, Activity(subject="Позвонить", person_id=person))
    only_person, with_deal = _add(
        ws,
        Note(text="Любит чай", person_id=person),
        Note(text="По сделке Петрова", person_id=person, deal_id=other_deal),
    )
    _add(
        ws,
        KeyDate(person_id=person, kind=KeyDateKind.OTHER, month=5, day=9),
        CustomFieldValue(field_id=field_id, person_id=person, value="рыбалка"),
    )
    contacts.move_to_trash(ws, EntityKind.PERSON, person)

    trash.purge(ws, EntityKind.PERSON, person)

    with pytest.raises(NotFoundError):
        contacts.get_person(ws, person)
    assert contacts.list_trash(ws) == []
    for model in (Phone, Email, KeyDate, CustomFieldValue):
        assert _count(ws, model) == 0, model
    assert _count(ws, sa.table("person_tags")) == 0
    with ws.read() as uow:
        act = uow.session.get(Activity, activity)
        assert act is not None and act.person_id is None  # history stays, unlinked
        assert uow.session.get(Note, only_person) is None
        note = uow.session.get(Note, with_deal)
        assert note is not None and (note.person_id, note.deal_id) == (None, other_deal)
        audit = uow.session.execute(
            sa.select(AuditEntry.field, AuditEntry.old_value).where(
                AuditEntry.action == AuditAction.DELETE, AuditEntry.entity_id == person
            )
        ).all()
    assert audit == [("full_name", "Иванов Иван")]
    assert (
        _count(
            ws, SearchDoc, SearchDoc.entity_kind == EntityKind.PERSON, SearchDoc.entity_id == person
        )
        == 0
    )
    assert contacts.get_person(ws, bystander).full_name == "Петров Пётр"


def test_purge_organization_takes_the_people_trashed_with_it(ws: Workspace) -> None:
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
    earlier = _person(ws, "Сидоров Семён", organization_id=org)
    contacts.move_to_trash(ws, EntityKind.PERSON, earlier)
    staff = _person(ws, "Кузнецова Анна", organization_id=org)
    (both_note,) = _add(ws, Note(text="Обоим", organization_id=org, person_id=staff))
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, org)

    trash.purge(ws, EntityKind.ORGANIZATION, org)

    with ws.read() as uow:
        assert uow.session.get(Organization, org) is None
        assert uow.session.get(Person, staff) is None
        assert uow.session.get(Note, both_note) is None
        kept = uow.session.get(Person, earlier)
        assert kept is not None and kept.organization_id is None
    assert [(t.kind, t.id) for t in contacts.list_trash(ws)] == [(EntityKind.PERSON, earlier)]
    assert _count(ws, AuditEntry, AuditEntry.action == AuditAction.DELETE) == 2


def test_purge_refuses_live_missing_and_referenced_cards(ws: Workspace) -> None:
    person = _person(ws, "Иванов Иван")
    with pytest.raises(ValidationError, match="not in the trash"):
        trash.purge(ws, EntityKind.PERSON, person)
    with pytest.raises(NotFoundError):
        trash.purge(ws, EntityKind.ORGANIZATION, 999)
    with pytest.raises(ValidationError):
        trash.purge(ws, EntityKind.USER, 1)

    _deal(ws, person_id=person)
    contacts.move_to_trash(ws, EntityKind.PERSON, person)
    with pytest.raises(ValidationError, match="has 1 deal; delete or reassign it first"):
        trash.purge(ws, EntityKind.PERSON, person)

    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
    staff = _person(ws, "Кузнецова Анна", organization_id=org)
    _deal(ws, organization_id=org)
    _deal(ws, person_id=staff)
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, org)
    with pytest.raises(ValidationError, match="and its people have 2 deals; delete or reassign"):
        trash.purge(ws, EntityKind.ORGANIZATION, org)
    assert len(contacts.list_trash(ws)) == 3


def test_empty_trash_skips_referenced_and_recent_cards(ws: Workspace) -> None:
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
    _person(ws, "Кузнецова Анна", organization_id=org)
    old = _person(ws, "Сидоров Семён")
    recent = _person(ws, "Петров Пётр")
    with_deal = _person(ws, "Иванов Иван")
    _deal(ws, person_id=with_deal)
    live = _person(ws, "Смирнов Олег")
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, org)
    for person in (old, recent, with_deal):
        contacts.move_to_trash(ws, EntityKind.PERSON, person)
    long_ago = utcnow() - timedelta(days=40)
    with ws.write() as uow:
        uow.session.execute(
            sa.update(Person)
            .where(Person.id != recent, Person.deleted_at.is_not(None))
            .values(deleted_at=long_ago)
        )
        uow.session.execute(sa.update(Organization).values(deleted_at=long_ago))
        uow.commit()

    assert trash.empty_trash(ws, older_than_days=30) == 3  # the organization, its person, old
    assert {t.id for t in contacts.list_trash(ws)} == {recent, with_deal}
    assert trash.empty_trash(ws) == 1
    assert [t.id for t in contacts.list_trash(ws)] == [with_deal]
    assert trash.empty_trash(ws) == 0
    assert contacts.get_person(ws, live).deleted_at is None
    with pytest.raises(ValidationError):
        trash.empty_trash(ws, older_than_days=-1)
