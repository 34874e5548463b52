"""The trash, emptied: cards and deals deleted for good.

`services.contacts` moves cards and deals to the trash and back; here they leave it
for good. An organization takes with it the people trashed together with it (same
`deleted_at`). A card that deals still reference (deals.person_id and
deals.organization_id are RESTRICT) is refused: its deals must go first (a trashed
deal too: purge it first; emptying the whole trash purges deals before cards).

A deal takes with it its stage history and custom field values (CASCADE); its
activities stay, unlinked (SET NULL); its notes are deleted, except a note also
linked to a card, which only loses the link.

An activity (see `services.activities`) takes with it its checklist (CASCADE) and,
for a series, every occurrence that has a row of its own. Deleted occurrences of a
live series are not in the trash list: they stay while their series lives, since
they are what hides those occurrences.

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
from crm_desktop.services import access
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import search_index
from crm_desktop.storage.models import (
    Activity,
    Deal,
    Note,
    Organization,
    Person,
    table_of,
    utcnow,
)
from crm_desktop.storage.uow import UnitOfWork

CHUNK = search_index.CHUNK

_orgs = table_of(Organization)
_persons = table_of(Person)
_deals = table_of(Deal)
_notes = table_of(Note)
_activities = table_of(Activity)


@dataclass(slots=True)
class _Group:
    """What leaves together: a person, an organization with its trashed people, a deal."""

    title: str
    org_id: int | None = None
    persons: dict[int, str] = field(default_factory=dict)  # id -> full name
    deals: dict[int, str] = field(default_factory=dict)  # id -> title
    activities: dict[int, str] = field(default_factory=dict)  # id -> subject

    @property
    def size(self) -> int:
        return (
            len(self.persons) + len(self.deals) + len(self.activities) + (self.org_id is not None)
        )


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


def _trashed_title(
    conn: sa.Connection, table: sa.Table, title: sa.Column[str], what: str, entity_id: int
) -> tuple[str, datetime]:
    """The title and deletion time of a record in the trash; a clear error otherwise."""
    row = conn.execute(sa.select(title, table.c.deleted_at).where(table.c.id == entity_id)).first()
    if row is None:
        raise NotFoundError(f"{what} #{entity_id} does not exist.")
    name, deleted_at = row
    if deleted_at is None:
        raise ValidationError(f"“{name}” is not in the trash; move it to the trash first.")
    return name, deleted_at


def _group_of(conn: sa.Connection, kind: EntityKind, entity_id: int) -> _Group:
    if kind is EntityKind.ORGANIZATION:
        name, deleted_at = _trashed_title(conn, _orgs, _orgs.c.name, "Organization", entity_id)
        return _organization_group(conn, entity_id, name, deleted_at)
    if kind is EntityKind.PERSON:
        name, _ = _trashed_title(conn, _persons, _persons.c.full_name, "Person", entity_id)
        return _Group(title=name, persons={entity_id: name})
    if kind is EntityKind.DEAL:
        name, _ = _trashed_title(conn, _deals, _deals.c.title, "Deal", entity_id)
        return _Group(title=name, deals={entity_id: name})
    if kind is EntityKind.ACTIVITY:
        activity = conn.execute(
            sa.select(
                _activities.c.subject, _activities.c.deleted_at, _activities.c.series_id
            ).where(_activities.c.id == entity_id, _activities.c.parent_id.is_(None))
        ).first()
        if activity is None:
            raise NotFoundError(f"Activity #{entity_id} does not exist.")
        subject, deleted_at, series_id = activity
        if deleted_at is None:
            raise ValidationError(f"“{subject}” is not in the trash; move it to the trash first.")
        if series_id is not None:
            raise ValidationError(
                f"“{subject}” is a deleted occurrence of a series: it goes with the series."
            )
        return _Group(title=subject, activities={entity_id: subject})
    raise ValidationError(
        f"Only persons, organizations, deals and activities are deleted here, not a {kind.value}."
    )


def _deal_count(conn: sa.Connection, group: _Group) -> int:
    conds: list[sa.ColumnElement[bool]] = []
    if group.org_id is not None:
        conds.append(_deals.c.organization_id == group.org_id)
    if group.persons:
        conds.append(_deals.c.person_id.in_(list(group.persons)))
    if not conds:
        return 0
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
    """Delete these cards and deals for good (one transaction); returns how many."""
    conn = uow.session.connection()
    org_ids = [g.org_id for g in groups if g.org_id is not None]
    person_ids = [pid for g in groups for pid in g.persons]
    deal_ids = [did for g in groups for did in g.deals]
    activity_ids = [aid for g in groups for aid in g.activities]
    for batch in _chunks(activity_ids):  # a series' own occurrences go with it
        conn.execute(_activities.delete().where(_activities.c.series_id.in_(batch)))
        conn.execute(_activities.delete().where(_activities.c.id.in_(batch)))
    # Deals go first: a card still referenced by a deal purged here is free after it.
    for batch in _chunks(deal_ids):
        keep = _notes.c.organization_id.is_not(None) | _notes.c.person_id.is_not(None)
        conn.execute(_notes.update().where(_notes.c.deal_id.in_(batch), keep).values(deal_id=None))
        conn.execute(_deals.delete().where(_deals.c.id.in_(batch)))
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
    search_index.refresh(conn, persons=person_ids, organizations=org_ids, deals=deal_ids)
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
        for deal_id, title in group.deals.items():
            uow.audit.record(
                AuditAction.DELETE, EntityKind.DEAL, deal_id, [("title", title, None)], at=now
            )
        for activity_id, subject in group.activities.items():
            uow.audit.record(
                AuditAction.DELETE,
                EntityKind.ACTIVITY,
                activity_id,
                [("subject", subject, None)],
                at=now,
            )
    return sum(g.size for g in groups)


def purge(ws: Workspace, kind: EntityKind, entity_id: int) -> None:
    """Delete for good a card or a deal that is in the trash (an organization with its
    trashed people)."""
    with ws.write() as uow:
        conn = uow.session.connection()
        table = {EntityKind.ORGANIZATION: _orgs, EntityKind.PERSON: _persons}.get(kind, _deals)
        owner = conn.scalar(sa.select(table.c.owner_id).where(table.c.id == entity_id))
        access.require(ws.user, access.Action.DELETE, kind, owner_id=owner, check_owner=True)
        group = _group_of(conn, kind, entity_id)
        _refuse_if_deals(conn, group)
        _delete(uow, [group])
        uow.commit()


def empty_trash(ws: Workspace, older_than_days: int | None = None) -> int:
    """Delete for good every card and deal in the trash (trashed more than
    `older_than_days` ago).

    Deals go first; cards that deals still reference (live ones, or trashed ones that
    stay) stay in the trash. Returns how many cards and deals were deleted.
    """
    if older_than_days is not None and older_than_days < 0:
        raise ValidationError("The number of days cannot be negative.")
    access.require(ws.user, access.Action.MANAGE)  # everyone's trash: administrators only
    with ws.write() as uow:
        conn = uow.session.connection()
        cutoff = None if older_than_days is None else utcnow() - timedelta(days=older_than_days)

        def trashed(table: sa.Table) -> sa.ColumnElement[bool]:
            cond = table.c.deleted_at.is_not(None)
            return cond if cutoff is None else cond & (table.c.deleted_at <= cutoff)

        groups: list[_Group] = [
            _Group(title=title, deals={deal_id: title})
            for deal_id, title in conn.execute(
                sa.select(_deals.c.id, _deals.c.title).where(trashed(_deals)).order_by(_deals.c.id)
            )
        ]
        staying = sa.not_(trashed(_deals))  # deals that still hold their cards
        org_deals = set(
            conn.scalars(
                sa.select(_deals.c.organization_id)
                .join(_orgs, _orgs.c.id == _deals.c.organization_id)
                .where(trashed(_orgs), staying)
                .distinct()
            )
        )
        person_deals = set(
            conn.scalars(
                sa.select(_deals.c.person_id)
                .join(_persons, _persons.c.id == _deals.c.person_id)
                .where(trashed(_persons), staying)
                .distinct()
            )
        )
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
        groups += [
            _Group(title=subject, activities={activity_id: subject})
            for activity_id, subject in conn.execute(
                sa.select(_activities.c.id, _activities.c.subject)
                .where(
                    trashed(_activities),
                    _activities.c.parent_id.is_(None),
                    _activities.c.series_id.is_(None),  # occurrences stay with their series
                )
                .order_by(_activities.c.id)
            )
        ]
        count = _delete(uow, groups) if groups else 0
        uow.commit()
        return count
