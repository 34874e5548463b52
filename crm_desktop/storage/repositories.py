"""Repositories: the queries the services need, named after what they answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from crm_desktop.domain.kinds import AuditAction, EntityKind
from crm_desktop.domain.names import fold
from crm_desktop.errors import NotFoundError
from crm_desktop.storage.models import (
    AuditEntry,
    Deal,
    Email,
    Organization,
    Person,
    Phone,
    Setting,
    Tag,
    User,
    table_of,
    utcnow,
)

_PhoneOrEmail = TypeVar("_PhoneOrEmail", Phone, Email)


class ContactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, obj: Organization | Person) -> None:
        self.session.add(obj)

    def organization(self, org_id: int, *, include_trashed: bool = True) -> Organization:
        org = self.session.get(
            Organization,
            org_id,
            options=[
                selectinload(Organization.phones),
                selectinload(Organization.emails),
                selectinload(Organization.tags),
            ],
        )
        if org is None or (not include_trashed and org.deleted_at is not None):
            raise NotFoundError(f"Organization #{org_id} does not exist.")
        return org

    def person(self, person_id: int, *, include_trashed: bool = True) -> Person:
        person = self.session.get(
            Person,
            person_id,
            options=[
                selectinload(Person.phones),
                selectinload(Person.emails),
                selectinload(Person.tags),
                selectinload(Person.organization),
            ],
        )
        if person is None or (not include_trashed and person.deleted_at is not None):
            raise NotFoundError(f"Person #{person_id} does not exist.")
        return person

    def persons_of(self, org_id: int) -> Sequence[Person]:
        return self.session.scalars(
            sa.select(Person)
            .where(Person.organization_id == org_id, Person.deleted_at.is_(None))
            .order_by(Person.name_key)
        ).all()

    # -- lookups used by duplicate detection (live records only)

    def phones_with_e164(self, e164s: Iterable[str]) -> Sequence[Phone]:
        return self._live_contacts(Phone, Phone.e164, e164s)

    def emails_with_keys(self, keys: Iterable[str]) -> Sequence[Email]:
        return self._live_contacts(Email, Email.address_key, keys)

    def _live_contacts(
        self,
        model: type[_PhoneOrEmail],
        column: sa.orm.InstrumentedAttribute[Any],
        keys: Iterable[str],
    ) -> Sequence[_PhoneOrEmail]:
        """Phones or emails with one of `keys`, of persons and organizations not in the trash."""
        values = sorted(set(keys))
        if not values:
            return []
        return self.session.scalars(
            sa.select(model)
            .outerjoin(Person, model.person_id == Person.id)
            .outerjoin(Organization, model.organization_id == Organization.id)
            .where(
                column.in_(values),
                Person.deleted_at.is_(None),
                Organization.deleted_at.is_(None),
            )
        ).all()

    def organizations_by_inn(self, inn: str) -> Sequence[Organization]:
        return self.session.scalars(
            sa.select(Organization).where(
                Organization.inn == inn, Organization.deleted_at.is_(None)
            )
        ).all()

    def persons_by_inn(self, inn: str) -> Sequence[Person]:
        return self.session.scalars(
            sa.select(Person).where(Person.inn == inn, Person.deleted_at.is_(None))
        ).all()

    def organizations_by_name_key(self, key: str) -> Sequence[Organization]:
        return self.session.scalars(
            sa.select(Organization).where(
                Organization.name_key == key, Organization.deleted_at.is_(None)
            )
        ).all()

    def trashed(self) -> tuple[Sequence[Organization], Sequence[Person]]:
        orgs = self.session.scalars(
            sa.select(Organization)
            .where(Organization.deleted_at.is_not(None))
            .order_by(Organization.deleted_at.desc())
        ).all()
        persons = self.session.scalars(
            sa.select(Person)
            .where(Person.deleted_at.is_not(None))
            .order_by(Person.deleted_at.desc())
        ).all()
        return orgs, persons


class DealRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def deal(self, deal_id: int, *, include_trashed: bool = True) -> Deal:
        deal = self.session.get(Deal, deal_id)
        if deal is None or (not include_trashed and deal.deleted_at is not None):
            raise NotFoundError(f"Deal #{deal_id} does not exist.")
        return deal

    def trashed(self) -> Sequence[Deal]:
        return self.session.scalars(
            sa.select(Deal).where(Deal.deleted_at.is_not(None)).order_by(Deal.deleted_at.desc())
        ).all()


class ReferenceRepository:
    """Tags, users and base-wide settings."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def tags(self, names: Iterable[str]) -> list[Tag]:
        """The tags with these names, creating the missing ones (case-insensitive)."""
        wanted: dict[str, str] = {}
        for name in names:
            clean = " ".join(name.split())
            if clean:
                wanted.setdefault(fold(clean), clean)
        if not wanted:
            return []
        existing = {
            t.name_key: t
            for t in self.session.scalars(sa.select(Tag).where(Tag.name_key.in_(wanted)))
        }
        result = []
        for key, name in wanted.items():
            tag = existing.get(key)
            if tag is None:
                tag = Tag(name=name, name_key=key)
                self.session.add(tag)
            result.append(tag)
        return result

    def user(self, user_id: int) -> User:
        user = self.session.get(User, user_id)
        if user is None:
            raise NotFoundError(f"User #{user_id} does not exist.")
        return user

    def users(self) -> Sequence[User]:
        return self.session.scalars(sa.select(User).order_by(User.display_name)).all()

    def setting(self, key: str) -> str | None:
        row = self.session.get(Setting, key)
        return row.value if row else None

    def set_setting(self, key: str, value: str) -> None:
        self.session.merge(Setting(key=key, value=value))


class AuditRepository:
    def __init__(self, session: Session, user_id: int | None) -> None:
        self.session = session
        self.user_id = user_id

    def record(
        self,
        action: AuditAction,
        kind: EntityKind,
        entity_id: int,
        changes: Iterable[tuple[str, str | None, str | None]] = (),
        *,
        at: datetime | None = None,
    ) -> None:
        """One row per changed field, or a single row for an action without fields."""
        when = at or utcnow()
        rows = [
            AuditEntry(
                at=when,
                user_id=self.user_id,
                action=action,
                entity_kind=kind,
                entity_id=entity_id,
                field=name,
                old_value=old,
                new_value=new,
            )
            for name, old, new in changes
        ]
        if not rows:
            rows = [
                AuditEntry(
                    at=when,
                    user_id=self.user_id,
                    action=action,
                    entity_kind=kind,
                    entity_id=entity_id,
                )
            ]
        self.session.add_all(rows)

    def record_many(
        self,
        action: AuditAction,
        kind: EntityKind,
        changes: Iterable[tuple[int, str | None, str | None, str | None]],
        *,
        at: datetime | None = None,
    ) -> None:
        """Many rows at once, (entity id, field, old, new) each, by one Core executemany."""
        when = at or utcnow()
        rows = [
            {
                "at": when,
                "user_id": self.user_id,
                "action": action,
                "entity_kind": kind,
                "entity_id": entity_id,
                "field": name,
                "old_value": old,
                "new_value": new,
                "change_set_id": None,
            }
            for entity_id, name, old, new in changes
        ]
        if rows:
            self.session.execute(sa.insert(table_of(AuditEntry)), rows)

    def history(self, kind: EntityKind, entity_id: int) -> Sequence[AuditEntry]:
        return self.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.entity_kind == kind, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        ).all()
