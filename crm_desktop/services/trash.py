"""The trash, emptied: cards deleted for good.

`services.contacts` moves cards to the trash and back; here they leave it for good.
An organization takes with it the people trashed together with it (same
`deleted_at`). A card that deals still reference (deals.person_id and
deals.organization_id are RESTRICT) is refused: its deals must go first.

What goes with a card follows the foreign keys: phones, emails, tags, key dates
and custom field values are deleted (CASCADE); activities stay, unlinked (SET
NULL); notes are deleted (CASCADE), except a note also linked to a deal or to a
card that stays, which only loses the link. People trashed on their own before
their organization stay in the trash, without the organization. The audit log
keeps a DELETE row (with the card's name) for every card.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from crm_desktop.domain.kinds import AuditAction, EntityKind
from crm_desktop.errors import NotFoundError, ValidationError
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import search_index
from crm_desktop.storage.models import Deal, Note, Organization, Person, table_of, utcnow
from crm_desktop.storage.uow import UnitOfWork

CHUNK = search_index.CHUNK

_orgs = table_of(Organization)
_persons = table_of(Person)
_deals = table_of(Deal)
_notes = table_of(Note)


@dataclass(slots=True)
class _Group:
    """Cards that leave together: a person, or an organization with its trashed people."""

    title: str
    org_id: int | None = None
    persons: dict[int, str] = field(default_factory=dict)  # id -> full name

    @property
    def size(self) -> int:
        return len(self.persons) + (self.org_id is not None)


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    values = sorted(set(ids))
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _organization_group(conn: sa.Connection, org_id: int, name: str, at: datetime) -> _Group:
    people = conn.execute(
        sa.select(_persons.c.id, _persons.c.full_name).where(
            _persons.c.organization_id == org_id, _persons.c.deleted_at == at
        )
    ).all()
    return _Group(title=name, org_id=org_id, persons={pid: fn for pid, fn in people})


def _group_of(conn: sa.Connection, kind: EntityKind, entity_id: int) -> _Group:
    if kind is EntityKind.ORGANIZATION:
        org = conn.execute(
            sa.select(_orgs.c.name, _orgs.c.deleted_at).where(_orgs.c.id == entity_id)
        ).first()
        if org is None:
            raise NotFoundError(f"Organization #{entity_id} does not exist.")
        name, deleted_at = org
        if deleted_at is None:
            raise ValidationError(f"“{name}” is not in the trash; move it to the trash first.")
        return _organization_group(conn, entity_id, name, deleted_at)
    if kind is EntityKind.PERSON:
        person = conn.execute(
            sa.select(_persons.c.full_name, _persons.c.deleted_at).where(_persons.c.id == entity_id)
        ).first()
        if person is None:
            raise NotFoundError(f"Person #{entity_id} does not exist.")
        full_name, deleted_at = person
        if deleted_at is None:
            raise ValidationError(f"“{full_name}” is not in the trash; move it to the trash first.")
        return _Group(title=full_name, persons={entity_id: full_name})
    raise ValidationError(f"Only persons and organizations are deleted here, not a {kind.value}.")


def _deal_count(conn: sa.Connection, group: _Group) -> int:
    conds: list[sa.ColumnElement[bool]] = []
    if group.org_id is not None:
        conds.append(_deals.c.organization_id == group.org_id)
    if group.persons:
        conds.append(_deals.c.person_id.in_(list(group.persons)))
    return int(conn.scalar(sa.select(sa.func.count()).where(sa.or_(*conds))) or 0)


def _refuse_if_deals(conn: sa.Connection, group: _Group) -> None:
    count = _deal_count(conn, group)
    if count == 0:
        return
    who = f"“{group.title}”"
    if group.org_id is not None and group.persons:
        who += " and its people"
    have = "have" if group.org_id is not None and group.persons else "has"
    deals, them = ("deal", "it") if count == 1 else ("deals", "them")
    raise ValidationError(f"{who} {have} {count} {deals}; delete or reassign {them} first.")


def _delete(uow: UnitOfWork, groups: Sequence[_Group]) -> int:
    """Delete these cards for good (one transaction); returns how many."""
    conn = uow.session.connection()
    org_ids = [g.org_id for g in groups if g.org_id is not None]
    person_ids = [pid for g in groups for pid in g.persons]
    # A note linked to something that stays (a deal, another card) loses only its link.
    # People go first: a note of a purged person and a purged organization is unlinked
    # from the person, then deleted with the organization.
    for batch in _chunks(person_ids):
        keep = _notes.c.deal_id.is_not(None) | _notes.c.organization_id.is_not(None)
        conn.execute(
            _notes.update().where(_notes.c.person_id.in_(batch), keep).values(person_id=None)
        )
        conn.execute(_persons.delete().where(_persons.c.id.in_(batch)))
    for batch in _chunks(org_ids):
        keep = _notes.c.deal_id.is_not(None) | _notes.c.person_id.is_not(None)
        conn.execute(
            _notes.update()
            .where(_notes.c.organization_id.in_(batch), keep)
            .values(organization_id=None)
        )
        conn.execute(_orgs.delete().where(_orgs.c.id.in_(batch)))
    search_index.refresh(conn, persons=person_ids, organizations=org_ids)
    now = utcnow()
    for group in groups:
        if group.org_id is not None:
            uow.audit.record(
                AuditAction.DELETE,
                EntityKind.ORGANIZATION,
                group.org_id,
                [("name", group.title, None)],
                at=now,
            )
        for pid, full_name in group.persons.items():
            uow.audit.record(
                AuditAction.DELETE, EntityKind.PERSON, pid, [("full_name", full_name, None)], at=now
            )
    return sum(g.size for g in groups)


def purge(ws: Workspace, kind: EntityKind, entity_id: int) -> None:
    """Delete for good a card that is in the trash (an organization with its trashed people)."""
    with ws.write() as uow:
        conn = uow.session.connection()
        group = _group_of(conn, kind, entity_id)
        _refuse_if_deals(conn, group)
        _delete(uow, [group])
        uow.commit()


def empty_trash(ws: Workspace, older_than_days: int | None = None) -> int:
    """Delete for good every card in the trash (trashed more than `older_than_days` ago).

    Cards that deals still reference stay in the trash. Returns how many were deleted.
    """
    if older_than_days is not None and older_than_days < 0:
        raise ValidationError("The number of days cannot be negative.")
    with ws.write() as uow:
        conn = uow.session.connection()
        cutoff = None if older_than_days is None else utcnow() - timedelta(days=older_than_days)

        def trashed(table: sa.Table) -> sa.ColumnElement[bool]:
            cond = table.c.deleted_at.is_not(None)
            return cond if cutoff is None else cond & (table.c.deleted_at <= cutoff)

        org_deals = set(
            conn.scalars(
                sa.select(_deals.c.organization_id)
                .join(_orgs, _orgs.c.id == _deals.c.organization_id)
                .where(trashed(_orgs))
                .distinct()
            )
        )
        person_deals = set(
            conn.scalars(
                sa.select(_deals.c.person_id)
                .join(_persons, _persons.c.id == _deals.c.person_id)
                .where(trashed(_persons))
                .distinct()
            )
        )
        groups: list[_Group] = []
        grouped: set[int] = set()
        for org_id, name, deleted_at in conn.execute(
            sa.select(_orgs.c.id, _orgs.c.name, _orgs.c.deleted_at)
            .where(trashed(_orgs))
            .order_by(_orgs.c.id)
        ):
            group = _organization_group(conn, org_id, name, deleted_at)
            grouped.update(group.persons)
            if org_id not in org_deals and not person_deals.intersection(group.persons):
                groups.append(group)
        for person_id, full_name in conn.execute(
            sa.select(_persons.c.id, _persons.c.full_name)
            .where(trashed(_persons))
            .order_by(_persons.c.id)
        ):
            if person_id not in grouped and person_id not in person_deals:
                groups.append(_Group(title=full_name, persons={person_id: full_name}))
        count = _delete(uow, groups) if groups else 0
        uow.commit()
        return count
