"""Merging two cards and undoing the merge, on every engine."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import AuditAction, ChangeAction, EntityKind, KeyDateKind
from crm_desktop.errors import ConcurrentEditError, NotFoundError, ValidationError
from crm_desktop.services import contacts, merge, search
from crm_desktop.services.dto import EmailInput, OrganizationInput, PersonInput, PhoneInput
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    AuditEntry,
    ChangeSetItem,
    CustomFieldDef,
    CustomFieldValue,
    Deal,
    KeyDate,
    Note,
    Pipeline,
    Stage,
)

DUMPED = (
    "organizations",
    "persons",
    "phones",
    "emails",
    "tags",
    "person_tags",
    "organization_tags",
    "key_dates",
    "custom_field_defs",
    "custom_field_values",
    "deals",
    "activities",
    "notes",
)


def dump(ws: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a merge touches, in key order (search docs without ids)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with ws.read() as uow:
        meta = sa.MetaData()
        meta.reflect(uow.session.connection(), only=[*DUMPED, "search_docs"])
        for name in DUMPED:
            table = meta.tables[name]
            key = list(table.primary_key.columns)
            out[name] = [tuple(r) for r in uow.session.execute(sa.select(table).order_by(*key))]
        docs = meta.tables["search_docs"]
        cols = [c for c in docs.columns if c.name != "id"]
        # The index is a bag of words: the order of the phone and email strings in a row
        # follows the engine's row order (PostgreSQL's changes when rows are updated).
        out["search_docs"] = [
            tuple(
                sorted(v.split()) if c.name in ("phones", "emails") else v
                for c, v in zip(cols, r, strict=True)
            )
            for r in uow.session.execute(
                sa.select(*cols).order_by(docs.c.entity_kind, docs.c.entity_id)
            )
        ]
    return out


def _pipeline(ws: Workspace) -> tuple[int, int]:
    with ws.write() as uow:
        stage = Stage(name="Новая")
        pipeline = Pipeline(name="Продажи", stages=[stage])
        uow.session.add(pipeline)
        uow.commit()
        return pipeline.id, stage.id


def _add(ws: Workspace, *objs: Any) -> list[int]:
    with ws.write() as uow:
        uow.session.add_all(objs)
        uow.commit()
        return [o.id for o in objs]


def _custom_field(ws: Workspace, name: str) -> int:
    (field_id,) = _add(ws, CustomFieldDef(entity_kind=EntityKind.PERSON, name=name))
    return field_id


class Persons:
    """Two cards of one client, with everything a merge moves pointing to the second."""

    def __init__(self, ws: Workspace, suffix: str = "") -> None:
        self.org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
        self.survivor = contacts.create_person(
            ws,
            PersonInput(
                full_name="Иванов Иван",
                position="Директор",
                phones=[PhoneInput("+7 912 345-67-89"), PhoneInput("610-96-48")],
                emails=[EmailInput("ivan@example.com")],
                tags=["VIP"],
                birthday=date(1980, 1, 2),
            ),
        ).id
        self.other = contacts.create_person(
            ws,
            PersonInput(
                full_name="Иванов Иван Петрович",
                position="Менеджер",
                city="Москва",
                organization_id=self.org,
                phones=[
                    PhoneInput("8 912 345 67 89"),  # the survivor's mobile again
                    PhoneInput("+7 495 123-45-67 доб. 12"),
                    PhoneInput("610-96-48"),  # the same invalid text
                    PhoneInput("+7 495 123-45-67 доб. 13"),  # another extension: kept
                ],
                emails=[EmailInput("IVAN@example.com"), EmailInput("ivanov@work.ru")],
                tags=["vip", "Опт"],
                birthday=date(1980, 1, 3),
            ),
        ).id
        self.bystander = contacts.create_person(ws, PersonInput(full_name="Петров Пётр")).id
        pipeline_id, stage_id = _pipeline(ws)
        both = _custom_field(ws, "Размер обуви" + suffix)
        only_other = _custom_field(ws, "Хобби" + suffix)
        self.deals = _add(
            ws,
            Deal(
                title="Поставка", person_id=self.other, pipeline_id=pipeline_id, stage_id=stage_id
            ),
            Deal(
                title="Сервис",
                person_id=self.other,
                organization_id=self.org,
                pipeline_id=pipeline_id,
                stage_id=stage_id,
            ),
        )
        self.activities = _add(
            ws,
            Activity(subject="Позвонить", person_id=self.other),
            Activity(subject="Встреча", person_id=self.bystander),
        )
        self.notes = _add(
            ws,
            Note(text="Любит чай", person_id=self.other),
            Note(text="Про Петрова", person_id=self.bystander),
        )
        self.key_dates = _add(
            ws,
            KeyDate(person_id=self.other, kind=KeyDateKind.OTHER, label="Свадьба", month=6, day=1),
        )
        self.custom = _add(
            ws,
            CustomFieldValue(field_id=both, person_id=self.survivor, value="42"),
            CustomFieldValue(field_id=both, person_id=self.other, value="43"),
            CustomFieldValue(field_id=only_other, person_id=self.other, value="рыбалка"),
        )


def _owners(ws: Workspace, model: Any, ids: list[int]) -> list[int | None]:
    with ws.read() as uow:
        return [uow.session.get(model, i).person_id for i in ids]


def test_preview_shows_both_sides_and_what_moves(ws: Workspace) -> None:
    p = Persons(ws)
    preview = merge.preview_merge(ws, EntityKind.PERSON, p.survivor, p.other)
    assert (preview.survivor_title, preview.other_title) == ("Иванов Иван", "Иванов Иван Петрович")
    fields = {f.name: f for f in preview.fields}
    assert "phones" not in fields and "owner_id" not in fields and "tags" not in fields
    assert (fields["city"].survivor_value, fields["city"].other_value) == (None, "Москва")
    assert fields["city"].default == "other"
    assert fields["position"].default == "survivor"
    assert fields["organization_id"].other_value == "ООО «Ромашка»"
    assert (fields["birthday"].survivor_value, fields["birthday"].other_value) == (
        "1980-01-02",
        "1980-01-03",
    )
    assert len(preview.phones) == 4
    assert preview.phones[1] == "610-96-48"
    assert preview.emails == ("ivan@example.com", "ivanov@work.ru")
    assert preview.tags == ("VIP", "Опт")
    assert preview.moved == {
        "deals": 2,
        "activities": 1,
        "notes": 1,
        "key_dates": 1,
        "custom_values": 1,
    }


def test_merge_persons_then_undo_restores_everything_exactly(ws: Workspace) -> None:
    p = Persons(ws)
    before = dump(ws)

    cs_id = merge.merge(
        ws, EntityKind.PERSON, p.survivor, p.other, {"full_name": "other", "position": "survivor"}
    )

    card = contacts.get_person(ws, p.survivor)
    assert card.full_name == "Иванов Иван Петрович"
    assert (card.last_name, card.first_name, card.middle_name) == ("Иванов", "Иван", "Петрович")
    assert card.position == "Директор"
    assert card.city == "Москва"  # the survivor had none
    assert card.organization_id == p.org
    assert card.birthday == date(1980, 1, 2)
    assert card.version == 2
    assert [(ph.raw, ph.e164, ph.extension) for ph in card.phones] == [
        ("+7 912 345-67-89", "+79123456789", None),
        ("610-96-48", None, None),
        ("+7 495 123-45-67 доб. 12", "+74951234567", "12"),
        ("+7 495 123-45-67 доб. 13", "+74951234567", "13"),
    ]
    assert [e.address for e in card.emails] == ["ivan@example.com", "ivanov@work.ru"]
    assert card.tags == ("VIP", "Опт")
    with ws.read() as uow:
        positions = uow.session.scalars(
            sa.text("SELECT position FROM phones WHERE person_id = :p ORDER BY position"),
            {"p": p.survivor},
        ).all()
        assert positions == [0, 1, 2, 3]
        assert uow.session.scalar(sa.text("SELECT count(*) FROM phones")) == 4
        custom = dict(
            uow.session.execute(sa.select(CustomFieldValue.id, CustomFieldValue.person_id)).all()
        )
        key_dates = uow.session.execute(
            sa.select(KeyDate.person_id, KeyDate.kind, KeyDate.day).order_by(KeyDate.id)
        ).all()
    assert _owners(ws, Deal, p.deals) == [p.survivor, p.survivor]
    assert _owners(ws, Activity, p.activities) == [p.survivor, p.bystander]
    assert _owners(ws, Note, p.notes) == [p.survivor, p.bystander]
    assert custom == {p.custom[0]: p.survivor, p.custom[1]: p.other, p.custom[2]: p.survivor}
    assert key_dates == [
        (p.survivor, KeyDateKind.BIRTHDAY, 2),
        (p.other, KeyDateKind.BIRTHDAY, 3),  # lost to the survivor's: stays with the other
        (p.survivor, KeyDateKind.OTHER, 1),
    ]

    other = contacts.get_person(ws, p.other)
    assert other.deleted_at is not None
    assert (EntityKind.PERSON, p.other) in {(t.kind, t.id) for t in contacts.list_trash(ws)}
    (first, *rest) = [(h.kind, h.id) for h in search.search(ws, "Иванов")]
    assert first == (EntityKind.PERSON, p.survivor)
    # the deals moved to the survivor are found by the client's name
    assert sorted(rest) == sorted((EntityKind.DEAL, d) for d in p.deals)
    assert [h.id for h in search.search(ws, "+7 495 123-45-67")] == [p.survivor]

    with ws.read() as uow:
        audit = uow.session.execute(
            sa.select(AuditEntry.entity_id, AuditEntry.field, AuditEntry.new_value).where(
                AuditEntry.action == AuditAction.MERGE, AuditEntry.change_set_id == cs_id
            )
        ).all()
        actions = uow.session.scalars(
            sa.select(ChangeSetItem.action).where(ChangeSetItem.change_set_id == cs_id)
        ).all()
    assert (p.other, "merged_into", str(p.survivor)) in audit
    assert (p.survivor, "city", "Москва") in audit
    assert (p.survivor, "full_name", "Иванов Иван Петрович") in audit
    assert ChangeAction.MERGED_AWAY in actions and ChangeAction.DELETED in actions

    (record,) = merge.list_merges(ws)
    assert (record.id, record.title, record.status) == (
        cs_id,
        "Иванов Иван ← Иванов Иван Петрович",
        "done",
    )

    merge.undo_merge(ws, cs_id)

    assert dump(ws) == before
    assert merge.list_merges(ws)[0].status == "undone"
    hits = [(h.kind, h.id) for h in search.search(ws, "Иванов")]
    assert hits == sorted((EntityKind.PERSON, i) for i in (p.survivor, p.other)) + sorted(
        (EntityKind.DEAL, d) for d in p.deals
    )
    with ws.read() as uow:
        undo_rows = uow.session.execute(
            sa.select(AuditEntry.entity_id, AuditEntry.field).where(
                AuditEntry.action == AuditAction.UNDO, AuditEntry.change_set_id == cs_id
            )
        ).all()
    assert (p.other, "merged_into") in undo_rows
    assert (p.survivor, "city") in undo_rows

    with pytest.raises(ValidationError, match="already been undone"):
        merge.undo_merge(ws, cs_id)


def test_birthday_and_key_client_choices(ws: Workspace) -> None:
    p = Persons(ws)
    with ws.write() as uow:
        uow.contacts.person(p.other).is_key_client = True
        uow.commit()
    before = dump(ws)
    cs_id = merge.merge(ws, EntityKind.PERSON, p.survivor, p.other, {"birthday": "other"})
    card = contacts.get_person(ws, p.survivor)
    assert card.birthday == date(1980, 1, 3)
    assert card.is_key_client  # a key client on either card stays one
    with ws.read() as uow:
        birthdays = uow.session.scalars(
            sa.select(KeyDate.person_id).where(KeyDate.kind == KeyDateKind.BIRTHDAY)
        ).all()
    assert birthdays == [p.survivor]  # the survivor's own was deleted
    merge.undo_merge(ws, cs_id)
    assert dump(ws) == before


def test_undo_refused_after_the_survivor_or_the_other_changed(ws: Workspace) -> None:
    p = Persons(ws)
    cs_id = merge.merge(ws, EntityKind.PERSON, p.survivor, p.other)
    card = contacts.get_person(ws, p.survivor)
    contacts.update_person(
        ws,
        p.survivor,
        PersonInput(full_name="Иванов Иван", city="Тула"),
        expected_version=card.version,
    )
    with pytest.raises(ValidationError, match="changed since the merge"):
        merge.undo_merge(ws, cs_id)
    assert merge.list_merges(ws)[0].status == "done"

    q = Persons(ws, " 2")
    cs2 = merge.merge(ws, EntityKind.PERSON, q.survivor, q.other)
    contacts.restore(ws, EntityKind.PERSON, q.other)
    with pytest.raises(ValidationError, match="changed since the merge"):
        merge.undo_merge(ws, cs2)


def test_a_moved_deal_edited_after_the_merge_still_goes_back(ws: Workspace) -> None:
    p = Persons(ws)
    cs_id = merge.merge(ws, EntityKind.PERSON, p.survivor, p.other)
    with ws.write() as uow:
        deal = uow.session.get(Deal, p.deals[0])
        assert deal is not None
        version = deal.version
        deal.title = "Поставка 2"
        uow.commit()
    merge.undo_merge(ws, cs_id)
    with ws.read() as uow:
        deal = uow.session.get(Deal, p.deals[0])
        assert deal is not None
        assert (deal.person_id, deal.title, deal.version) == (p.other, "Поставка 2", version + 2)


def test_merge_organizations_moves_their_people(ws: Workspace) -> None:
    survivor = contacts.create_organization(
        ws, OrganizationInput(name="ООО «Ромашка»", inn="7707083893", tags=["Опт"])
    ).id
    other = contacts.create_organization(
        ws,
        OrganizationInput(
            name="Ромашка ООО",
            city="Тверь",
            phones=[PhoneInput("+7 495 123-45-67")],
            emails=[EmailInput("info@romashka.ru")],
        ),
    ).id
    people = [
        contacts.create_person(ws, PersonInput(full_name=n, organization_id=other)).id
        for n in ("Сидоров Семён", "Кузнецова Анна")
    ]
    pipeline_id, stage_id = _pipeline(ws)
    (deal,) = _add(
        ws, Deal(title="Опт", organization_id=other, pipeline_id=pipeline_id, stage_id=stage_id)
    )
    preview = merge.preview_merge(ws, EntityKind.ORGANIZATION, survivor, other)
    assert preview.moved["persons"] == 2 and preview.moved["deals"] == 1
    before = dump(ws)

    cs_id = merge.merge(ws, EntityKind.ORGANIZATION, survivor, other)

    card = contacts.get_organization(ws, survivor)
    assert (card.name, card.inn, card.city) == ("ООО «Ромашка»", "7707083893", "Тверь")
    assert sorted(s.id for s in card.persons) == sorted(people)
    assert [ph.e164 for ph in card.phones] == ["+74951234567"]
    assert [e.address for e in card.emails] == ["info@romashka.ru"]
    with ws.read() as uow:
        assert uow.session.get(Deal, deal).organization_id == survivor  # type: ignore[union-attr]
    assert [(h.kind, h.id) for h in search.search(ws, "ромашка")] == [
        (EntityKind.ORGANIZATION, survivor),
        (EntityKind.DEAL, deal),  # found by its client's name
    ]

    merge.undo_merge(ws, cs_id)
    assert dump(ws) == before
    assert sorted(s.id for s in contacts.get_organization(ws, other).persons) == sorted(people)


@pytest.mark.parametrize("what", ["itself", "trashed", "missing", "deal", "bad choice"])
def test_bad_merges_are_refused(ws: Workspace, what: str) -> None:
    a = contacts.create_person(ws, PersonInput(full_name="Иванов Иван")).id
    b = contacts.create_person(ws, PersonInput(full_name="Иванов Иван Петрович")).id
    before = dump(ws)
    error: type[Exception] = ValidationError
    kind, choices = EntityKind.PERSON, None
    if what == "itself":
        b, message = a, "with itself"
    elif what == "trashed":
        contacts.move_to_trash(ws, EntityKind.PERSON, b)
        before = dump(ws)
        message = "in the trash"
    elif what == "missing":
        b, error, message = 999, NotFoundError, "does not exist"
    elif what == "deal":
        kind, message = EntityKind.DEAL, "Only persons and organizations"
    else:
        choices, message = {"city": "both"}, "'survivor' or 'other'"
    with pytest.raises(error, match=message):
        merge.merge(ws, kind, a, b, choices)
    assert dump(ws) == before
    assert merge.list_merges(ws) == []


def test_stale_dialog_is_refused(ws: Workspace) -> None:
    p = Persons(ws)
    preview = merge.preview_merge(ws, EntityKind.PERSON, p.survivor, p.other)
    card = contacts.get_person(ws, p.other)
    contacts.update_person(
        ws,
        p.other,
        PersonInput(full_name=card.full_name, city="Омск"),
        expected_version=card.version,
    )
    with pytest.raises(ConcurrentEditError):
        merge.merge(
            ws,
            EntityKind.PERSON,
            p.survivor,
            p.other,
            expected_versions=(preview.survivor_version, preview.other_version),
        )
    assert merge.list_merges(ws) == []


def test_undo_of_unknown_merge(ws: Workspace) -> None:
    with pytest.raises(NotFoundError):
        merge.undo_merge(ws, 12345)


def test_undo_when_a_deleted_duplicates_id_was_given_away(ws: Workspace) -> None:
    """SQLite reuses the largest id once its row is gone; undo then takes a new one."""
    a = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван", phones=[PhoneInput("+7 912 345-67-89")])
    ).id
    b = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван П.", phones=[PhoneInput("89123456789")])
    ).id
    cs_id = merge.merge(ws, EntityKind.PERSON, a, b)
    c = contacts.create_person(
        ws, PersonInput(full_name="Петров Пётр", phones=[PhoneInput("+7 495 123-45-67")])
    )
    merge.undo_merge(ws, cs_id)
    assert [ph.raw for ph in contacts.get_person(ws, b).phones] == ["89123456789"]
    assert [ph.id for ph in contacts.get_person(ws, c.id).phones] == [c.phones[0].id]
