"""Contacts: organizations and persons — create, edit, trash, restore, read cards."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

import sqlalchemy as sa

from crm_desktop.domain.emails import normalize_email
from crm_desktop.domain.inn import is_valid_inn, normalize_inn
from crm_desktop.domain.kinds import AuditAction, EntityKind, KeyDateKind
from crm_desktop.domain.names import (
    PersonName,
    org_legal_form,
    org_name_key,
    person_name_key,
    split_person_name,
)
from crm_desktop.domain.phones import (
    PhoneStatus,
    format_phone,
    parse_phone_cell,
    phone_search_terms,
)
from crm_desktop.errors import NotFoundError, ValidationError, check_version
from crm_desktop.services import conflicts
from crm_desktop.services.dto import (
    EmailInput,
    EmailView,
    OrganizationCard,
    OrganizationInput,
    PersonCard,
    PersonInput,
    PersonSummary,
    PhoneInput,
    PhoneView,
    TrashItem,
)
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Deal, Email, KeyDate, Organization, Person, Phone, utcnow
from crm_desktop.storage.repositories import DealRepository
from crm_desktop.storage.uow import UnitOfWork

# ------------------------------------------------------------------ building


def build_phones(inputs: Iterable[PhoneInput], region: str) -> list[Phone]:
    """Phones as typed plus normalised; invalid ones kept and marked, blanks skipped."""
    phones: list[Phone] = []
    for item in inputs:
        parsed = [
            p for p in parse_phone_cell(item.raw, region) if p.status is not PhoneStatus.EMPTY
        ]
        for p in parsed:
            extension = item.extension if item.extension and len(parsed) == 1 else p.extension
            phones.append(
                Phone(
                    kind=item.kind,
                    raw=p.raw[:255],
                    e164=p.e164,
                    extension=extension,
                    is_valid=p.is_valid,
                    search_digits=" ".join(phone_search_terms(p))[:100],
                    comment=item.comment or p.comment,
                    position=len(phones),
                )
            )
    return phones


def build_emails(inputs: Iterable[EmailInput]) -> list[Email]:
    emails: list[Email] = []
    seen: set[str] = set()
    for item in inputs:
        text = item.address.strip()
        if not text:
            continue
        key = normalize_email(text)
        if key is None:
            raise ValidationError(f"“{text}” is not an email address.", field="emails")
        if key in seen:
            continue
        seen.add(key)
        emails.append(Email(kind=item.kind, address=text, address_key=key, position=len(emails)))
    return emails


def clean_inn(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    inn = normalize_inn(text)
    if inn is None or not is_valid_inn(inn):
        raise ValidationError(
            f"“{text.strip()}” is not a valid INN (10 or 12 digits with a correct checksum).",
            field="inn",
        )
    return inn


def _blank_to_none(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


def person_name_of(data: PersonInput) -> PersonName:
    if not (data.last_name.strip() or data.first_name.strip() or data.middle_name.strip()):
        return split_person_name(data.full_name)
    return PersonName(
        last=data.last_name.strip(), first=data.first_name.strip(), middle=data.middle_name.strip()
    )


# ---------------------------------------------------------------- snapshots


def _phones_text(phones: Sequence[Phone]) -> str:
    return "; ".join(p.raw + (f" доб. {p.extension}" if p.extension else "") for p in phones)


# The fields of a card that the editor and the merge dialog show, in their order
ORGANIZATION_FIELDS = (
    "name",
    "inn",
    "kpp",
    "ogrn",
    "address",
    "city",
    "website",
    "industry",
    "segment",
    "source",
    "interests",
    "notes",
    "is_key_client",
)
PERSON_FIELDS = (
    "full_name",
    "organization_id",
    "position",
    "department",
    "inn",
    "address",
    "city",
    "website",
    "segment",
    "source",
    "interests",
    "notes",
    "is_key_client",
)
_ORG_FIELDS = (*ORGANIZATION_FIELDS, "owner_id")
_PERSON_FIELDS = (*PERSON_FIELDS, "owner_id")


def snapshot(obj: Organization | Person) -> dict[str, str | None]:
    """The card's fields as text: for the audit log and for undo."""
    names = _ORG_FIELDS if isinstance(obj, Organization) else _PERSON_FIELDS
    snap: dict[str, str | None] = {}
    for name in names:
        value = getattr(obj, name)
        snap[name] = None if value is None else str(value)
    snap["phones"] = _phones_text(obj.phones) or None
    snap["emails"] = "; ".join(e.address for e in obj.emails) or None
    snap["tags"] = ", ".join(sorted(t.name for t in obj.tags)) or None
    return snap


def diff(
    before: dict[str, str | None], after: dict[str, str | None]
) -> list[tuple[str, str | None, str | None]]:
    return [(k, before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)]


# -------------------------------------------------------------------- cards


def phone_view(p: Phone) -> PhoneView:
    display = format_phone(p.e164, p.extension) if p.is_valid and p.e164 else p.raw
    return PhoneView(
        id=p.id,
        kind=p.kind,
        raw=p.raw,
        e164=p.e164,
        extension=p.extension,
        is_valid=p.is_valid,
        display=display,
        comment=p.comment,
    )


def _email_views(emails: Sequence[Email]) -> tuple[EmailView, ...]:
    return tuple(EmailView(id=e.id, kind=e.kind, address=e.address) for e in emails)


def _organization_card(uow: UnitOfWork, org: Organization) -> OrganizationCard:
    persons = uow.contacts.persons_of(org.id)
    return OrganizationCard(
        id=org.id,
        name=org.name,
        legal_form=org.legal_form,
        inn=org.inn,
        kpp=org.kpp,
        ogrn=org.ogrn,
        address=org.address,
        city=org.city,
        website=org.website,
        industry=org.industry,
        segment=org.segment,
        source=org.source,
        interests=org.interests,
        notes=org.notes,
        is_key_client=org.is_key_client,
        owner_id=org.owner_id,
        phones=tuple(phone_view(p) for p in org.phones),
        emails=_email_views(org.emails),
        tags=tuple(t.name for t in org.tags),
        persons=tuple(
            PersonSummary(
                id=p.id,
                full_name=p.full_name,
                position=p.position,
                organization_id=p.organization_id,
            )
            for p in persons
        ),
        version=org.version,
        created_at=org.created_at,
        updated_at=org.updated_at,
        deleted_at=org.deleted_at,
    )


def _birthday(uow: UnitOfWork, person_id: int) -> date | None:
    kd = uow.session.scalar(
        sa.select(KeyDate).where(
            KeyDate.person_id == person_id, KeyDate.kind == KeyDateKind.BIRTHDAY
        )
    )
    if kd is None or kd.year is None:
        return None
    return date(kd.year, kd.month, kd.day)


def _person_card(uow: UnitOfWork, person: Person) -> PersonCard:
    return PersonCard(
        id=person.id,
        full_name=person.full_name,
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name,
        organization_id=person.organization_id,
        organization_name=person.organization.name if person.organization else None,
        position=person.position,
        department=person.department,
        inn=person.inn,
        address=person.address,
        city=person.city,
        website=person.website,
        segment=person.segment,
        source=person.source,
        interests=person.interests,
        notes=person.notes,
        is_key_client=person.is_key_client,
        owner_id=person.owner_id,
        phones=tuple(phone_view(p) for p in person.phones),
        emails=_email_views(person.emails),
        tags=tuple(t.name for t in person.tags),
        birthday=_birthday(uow, person.id),
        version=person.version,
        created_at=person.created_at,
        updated_at=person.updated_at,
        deleted_at=person.deleted_at,
    )


def get_organization(ws: Workspace, org_id: int) -> OrganizationCard:
    with ws.read() as uow:
        return _organization_card(uow, uow.contacts.organization(org_id))


def get_person(ws: Workspace, person_id: int) -> PersonCard:
    with ws.read() as uow:
        return _person_card(uow, uow.contacts.person(person_id))


# ------------------------------------------------------------ organizations


def _apply_shared(
    uow: UnitOfWork,
    record: Organization | Person,
    data: OrganizationInput | PersonInput,
    region: str,
    text_fields: tuple[str, ...],
) -> None:
    """What organizations and persons share: free-text fields, owner, phones, emails, tags."""
    for attr in text_fields:
        setattr(record, attr, _blank_to_none(getattr(data, attr)))
    record.is_key_client = data.is_key_client
    record.owner_id = data.owner_id if data.owner_id is not None else record.owner_id or uow.user_id
    record.emails = build_emails(data.emails)
    record.phones = build_phones(data.phones, region)
    record.tags = uow.references.tags(data.tags)


def _apply_organization(
    uow: UnitOfWork, org: Organization, data: OrganizationInput, region: str
) -> None:
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("Enter the organization's name.", field="name")
    org.name = name
    org.name_key = org_name_key(name)
    org.legal_form = org_legal_form(name)
    org.inn = clean_inn(data.inn)
    org.kpp = _blank_to_none(data.kpp)
    org.ogrn = _blank_to_none(data.ogrn)
    _apply_shared(
        uow,
        org,
        data,
        region,
        ("address", "city", "website", "industry", "segment", "source", "interests", "notes"),
    )


def _apply_person(uow: UnitOfWork, person: Person, data: PersonInput, region: str) -> None:
    name = person_name_of(data)
    if not name.full:
        raise ValidationError("Enter the person's name.", field="name")
    if data.organization_id is not None:
        uow.contacts.organization(data.organization_id, include_trashed=False)
    person.last_name, person.first_name, person.middle_name = name.last, name.first, name.middle
    person.full_name = name.full
    person.name_key = person_name_key(name.full)[:500]
    person.organization_id = data.organization_id
    person.inn = clean_inn(data.inn)
    _apply_shared(
        uow,
        person,
        data,
        region,
        (
            "position",
            "department",
            "address",
            "city",
            "website",
            "segment",
            "source",
            "interests",
            "notes",
        ),
    )


def _set_birthday(uow: UnitOfWork, person_id: int, birthday: date | None) -> None:
    uow.session.execute(
        sa.delete(KeyDate).where(
            KeyDate.person_id == person_id, KeyDate.kind == KeyDateKind.BIRTHDAY
        )
    )
    if birthday is not None:
        uow.session.add(
            KeyDate(
                person_id=person_id,
                kind=KeyDateKind.BIRTHDAY,
                month=birthday.month,
                day=birthday.day,
                year=birthday.year,
            )
        )


def _audited(uow: UnitOfWork, record: Organization | Person) -> dict[str, str | None]:
    """What the audit log compares: the card's fields, and a person's birthday."""
    fields = snapshot(record)
    if isinstance(record, Person):
        fields["birthday"] = _iso(_birthday(uow, record.id))
    return fields


def _save_contact(
    uow: UnitOfWork,
    record: Organization | Person,
    data: OrganizationInput | PersonInput,
    region: str,
    expected_version: int | None,
) -> None:
    """Create (`expected_version` None: `record` is new) or update a card, with its audit."""
    kind = EntityKind.ORGANIZATION if isinstance(record, Organization) else EntityKind.PERSON
    creating = expected_version is None
    check_version(record.version, expected_version)
    before = {} if creating else _audited(uow, record)
    version, details = record.version, conflicts.list_details(record)
    if isinstance(record, Organization) and isinstance(data, OrganizationInput):
        _apply_organization(uow, record, data, region)
    elif isinstance(record, Person) and isinstance(data, PersonInput):
        _apply_person(uow, record, data, region)
    else:
        raise TypeError("a card and its input must be of the same kind")
    if creating:
        uow.contacts.add(record)
    uow.flush()
    if isinstance(data, PersonInput):
        _set_birthday(uow, record.id, data.birthday)
        uow.flush()
    changes = diff(before, _audited(uow, record))
    if creating:
        uow.audit.record(AuditAction.CREATE, kind, record.id, changes)
    elif changes:
        record.updated_by_id = uow.user_id
        if record.version == version:  # only phones, emails, tags or the birthday changed
            record.updated_at = utcnow()  # a new version all the same (no lost update)
        uow.audit.record(AuditAction.UPDATE, kind, record.id, changes)
    if not creating and record.version == version and conflicts.list_details(record) != details:
        record.updated_at = utcnow()  # a phone's comment or kind changed: a new version too
    uow.commit()
    uow.session.expire_all()


def create_organization(ws: Workspace, data: OrganizationInput) -> OrganizationCard:
    with ws.write() as uow:
        org = Organization(created_by_id=uow.user_id, updated_by_id=uow.user_id)
        _save_contact(uow, org, data, ws.region, None)
        return _organization_card(uow, uow.contacts.organization(org.id))


def update_organization(
    ws: Workspace,
    org_id: int,
    data: OrganizationInput,
    *,
    expected_version: int,
    base: OrganizationInput | None = None,
) -> OrganizationCard:
    """`base`: what the editor showed when it opened; with it, changes saved meanwhile by
    someone else merge field by field (conflicts.py) instead of refusing the save."""
    with ws.write() as uow:
        org = uow.contacts.organization(org_id, include_trashed=False)
        data = conflicts.check_edit(
            uow.session,
            org,
            expected_version,
            base,
            data,
            lambda: conflicts.organization_input(_organization_card(uow, org)),
            conflicts.ORGANIZATION_SPEC,
            what="organization",
            title=org.name,
        )
        _save_contact(uow, org, data, ws.region, org.version)
        return _organization_card(uow, uow.contacts.organization(org_id))


def create_person(ws: Workspace, data: PersonInput) -> PersonCard:
    with ws.write() as uow:
        person = Person(created_by_id=uow.user_id, updated_by_id=uow.user_id)
        _save_contact(uow, person, data, ws.region, None)
        return _person_card(uow, uow.contacts.person(person.id))


def update_person(
    ws: Workspace,
    person_id: int,
    data: PersonInput,
    *,
    expected_version: int,
    base: PersonInput | None = None,
) -> PersonCard:
    """`base`: as for `update_organization`."""
    with ws.write() as uow:
        person = uow.contacts.person(person_id, include_trashed=False)
        data = conflicts.check_edit(
            uow.session,
            person,
            expected_version,
            base,
            data,
            lambda: conflicts.person_input(_person_card(uow, person)),
            conflicts.PERSON_SPEC,
            what="person",
            title=person.full_name,
        )
        _save_contact(uow, person, data, ws.region, person.version)
        return _person_card(uow, uow.contacts.person(person_id))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# -------------------------------------------------------------------- trash

_Trashable = Organization | Person | Deal


def _trash_targets(
    uow: UnitOfWork, kind: EntityKind, entity_id: int
) -> list[tuple[EntityKind, _Trashable]]:
    """A live card or deal and what goes to the trash with it (an organization's people)."""
    if kind is EntityKind.ORGANIZATION:
        org = uow.contacts.organization(entity_id, include_trashed=False)
        return [(kind, org), *((EntityKind.PERSON, p) for p in uow.contacts.persons_of(org.id))]
    if kind is EntityKind.PERSON:
        return [(kind, uow.contacts.person(entity_id, include_trashed=False))]
    if kind is EntityKind.DEAL:
        return [(kind, DealRepository(uow.session).deal(entity_id, include_trashed=False))]
    raise NotFoundError(f"Cannot move a {kind.value} to the trash here.")


def _restore_targets(
    uow: UnitOfWork, kind: EntityKind, entity_id: int
) -> list[tuple[EntityKind, _Trashable]]:
    """A trashed card or deal and what comes back with it; [] when it is not in the trash."""
    if kind is EntityKind.ORGANIZATION:
        org = uow.contacts.organization(entity_id)
        if org.deleted_at is None:
            return []
        people = uow.session.scalars(
            sa.select(Person).where(
                Person.organization_id == org.id, Person.deleted_at == org.deleted_at
            )
        ).all()
        return [(kind, org), *((EntityKind.PERSON, p) for p in people)]
    if kind is EntityKind.PERSON:
        person = uow.contacts.person(entity_id)
        if person.deleted_at is None:
            return []
        if person.organization is not None and person.organization.deleted_at is not None:
            raise ValidationError(
                f"Restore the organization “{person.organization.name}” first: "
                "this person belongs to it."
            )
        return [(kind, person)]
    if kind is EntityKind.DEAL:
        deal = DealRepository(uow.session).deal(entity_id)
        if deal.deleted_at is None:
            return []
        clients: list[tuple[str, datetime | None]] = []
        if deal.organization_id is not None:
            client_org = uow.contacts.organization(deal.organization_id)
            clients.append((client_org.name, client_org.deleted_at))
        if deal.person_id is not None:
            client = uow.contacts.person(deal.person_id)
            clients.append((client.full_name, client.deleted_at))
        for name, deleted_at in clients:
            if deleted_at is not None:
                raise ValidationError(f"Restore “{name}” first: this deal belongs to it.")
        return [(kind, deal)]
    raise NotFoundError(f"Cannot restore a {kind.value} here.")


def move_to_trash(ws: Workspace, kind: EntityKind, entity_id: int) -> None:
    """Move a card or a deal to the trash; an organization takes its live people with it."""
    if kind is EntityKind.ACTIVITY:  # a whole series, or one occurrence by its row id
        from crm_desktop.services.activities import move_activity_to_trash

        move_activity_to_trash(ws, entity_id)
        return
    with ws.write() as uow:
        now = utcnow()
        for obj_kind, obj in _trash_targets(uow, kind, entity_id):
            obj.deleted_at = now
            obj.deleted_by_id = uow.user_id
            uow.audit.record(AuditAction.TRASH, obj_kind, obj.id, at=now)
        uow.commit()


def restore(ws: Workspace, kind: EntityKind, entity_id: int) -> None:
    """Take a card or a deal out of the trash (an organization with the people trashed
    with it). A deal comes back only when its organization and person are not trashed."""
    if kind is EntityKind.ACTIVITY:
        from crm_desktop.services.activities import restore_activity

        restore_activity(ws, entity_id)
        return
    with ws.write() as uow:
        for obj_kind, obj in _restore_targets(uow, kind, entity_id):
            obj.deleted_at = None
            obj.deleted_by_id = None
            uow.audit.record(AuditAction.RESTORE, obj_kind, obj.id)
        uow.commit()


def list_trash(ws: Workspace) -> list[TrashItem]:
    """Trashed organizations, persons, deals and activities, the most recently trashed first."""
    with ws.read() as uow:
        orgs, persons = uow.contacts.trashed()
        deals = DealRepository(uow.session).trashed()
        items = (
            [
                TrashItem(EntityKind.ORGANIZATION, o.id, o.name, o.deleted_at)
                for o in orgs
                if o.deleted_at
            ]
            + [
                TrashItem(EntityKind.PERSON, p.id, p.full_name, p.deleted_at)
                for p in persons
                if p.deleted_at
            ]
            + [
                TrashItem(EntityKind.DEAL, d.id, d.title, d.deleted_at)
                for d in deals
                if d.deleted_at
            ]
        )
    from crm_desktop.services.activities import trashed_activities

    items += trashed_activities(ws)
    return sorted(items, key=lambda i: i.deleted_at, reverse=True)
