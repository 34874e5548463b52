"""Possible duplicates of a card, each with the reasons it matched.

Persons: the same valid phone (E.164 and extension), the same email, the same
INN, or a matching name (`person_names_match`) together with a shared phone,
email or organization. A name alone never makes a duplicate (namesakes).

Organizations: the same INN; the same normalised name unless both have INNs and
they differ; the same valid phone (and extension) or email.
"""

from __future__ import annotations

from collections import defaultdict

from crm_desktop.domain.emails import normalize_email
from crm_desktop.domain.inn import is_valid_inn, normalize_inn
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.domain.names import org_name_key, person_names_match
from crm_desktop.domain.phones import PhoneStatus, parse_phone_cell
from crm_desktop.services.contacts import person_name_of
from crm_desktop.services.dto import (
    DuplicateCandidate,
    MatchReason,
    OrganizationInput,
    PersonInput,
    PhoneInput,
)
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Organization, Person

_STRENGTH = {"inn": 0, "phone": 1, "email": 2, "name": 3}


def _valid_phones(inputs: list[PhoneInput], region: str) -> set[tuple[str, str | None]]:
    keys: set[tuple[str, str | None]] = set()
    for item in inputs:
        parsed = parse_phone_cell(item.raw, region)
        for p in parsed:
            if p.status is PhoneStatus.OK and p.e164:
                ext = item.extension if item.extension and len(parsed) == 1 else p.extension
                keys.add((p.e164, ext or None))
    return keys


def _email_keys(data: PersonInput | OrganizationInput) -> set[str]:
    return {k for e in data.emails if (k := normalize_email(e.address))}


def _valid_inn(text: str | None) -> str | None:
    inn = normalize_inn(text or "")
    return inn if inn and is_valid_inn(inn) else None


class _Collector:
    def __init__(self) -> None:
        self.reasons: dict[int, list[MatchReason]] = defaultdict(list)
        self.titles: dict[int, str] = {}

    def add(self, entity_id: int, title: str, reason: MatchReason) -> None:
        if reason not in self.reasons[entity_id]:
            self.reasons[entity_id].append(reason)
        self.titles[entity_id] = title

    def result(self, kind: EntityKind, exclude: int | None) -> list[DuplicateCandidate]:
        found = [
            DuplicateCandidate(
                kind=kind,
                id=eid,
                title=self.titles[eid],
                reasons=tuple(sorted(reasons, key=lambda r: _STRENGTH[r.field])),
            )
            for eid, reasons in self.reasons.items()
            if eid != exclude
        ]
        found.sort(key=lambda c: (-len(c.reasons), _STRENGTH[c.reasons[0].field], c.title))
        return found


def find_person_duplicates(
    ws: Workspace, data: PersonInput, *, exclude_id: int | None = None
) -> list[DuplicateCandidate]:
    name = person_name_of(data).full
    phones = _valid_phones(data.phones, ws.region)
    emails = _email_keys(data)
    inn = _valid_inn(data.inn)
    found = _Collector()
    shared: dict[int, Person] = {}
    with ws.read() as uow:
        for phone in uow.contacts.phones_with_e164(e for e, _ in phones):
            person = phone.person
            if person is not None and (phone.e164, phone.extension or None) in phones:
                found.add(person.id, person.full_name, MatchReason("phone", phone.e164 or ""))
                shared[person.id] = person
        for email in uow.contacts.emails_with_keys(emails):
            person = email.person
            if person is not None:
                found.add(person.id, person.full_name, MatchReason("email", email.address))
                shared[person.id] = person
        if inn:
            for person in uow.contacts.persons_by_inn(inn):
                found.add(person.id, person.full_name, MatchReason("inn", inn))
        if data.organization_id is not None:
            for person in uow.contacts.persons_of(data.organization_id):
                shared[person.id] = person
        for person in shared.values():
            if person_names_match(name, person.full_name):
                found.add(person.id, person.full_name, MatchReason("name", person.full_name))
        # A bare shared phone or email is reported; a shared organization alone is not.
    return found.result(EntityKind.PERSON, exclude_id)


def find_organization_duplicates(
    ws: Workspace, data: OrganizationInput, *, exclude_id: int | None = None
) -> list[DuplicateCandidate]:
    phones = _valid_phones(data.phones, ws.region)
    emails = _email_keys(data)
    inn = _valid_inn(data.inn)
    key = org_name_key(data.name) if data.name.strip() else ""
    found = _Collector()
    with ws.read() as uow:
        if inn:
            for org in uow.contacts.organizations_by_inn(inn):
                found.add(org.id, org.name, MatchReason("inn", inn))
        if key:
            for org in uow.contacts.organizations_by_name_key(key):
                if not (inn and org.inn and org.inn != inn):
                    found.add(org.id, org.name, MatchReason("name", org.name))
        for phone in uow.contacts.phones_with_e164(e for e, _ in phones):
            owner: Organization | None = phone.organization
            if owner is not None and (phone.e164, phone.extension or None) in phones:
                found.add(owner.id, owner.name, MatchReason("phone", phone.e164 or ""))
        for email in uow.contacts.emails_with_keys(emails):
            if email.organization is not None:
                found.add(
                    email.organization.id,
                    email.organization.name,
                    MatchReason("email", email.address),
                )
    return found.result(EntityKind.ORGANIZATION, exclude_id)
