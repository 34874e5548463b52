"""Handing clients over from one manager to another.

One client — an organization with its people, or a private person — or all clients
of a user move to another user: the cards, their open deals and their open tasks
get the new responsible user. History stays as it was: notes, done activities,
won and lost deals keep who did them (the manager reports stay true), and the
audit log gains one "handed over" row per record moved.

A handover is one change set (kind HANDOVER), so it can be undone: every record
whose responsible user is still the one the handover gave goes back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from crm_desktop.domain.kinds import (
    AuditAction,
    ChangeAction,
    ChangeSetKind,
    ChangeSetStatus,
    EntityKind,
    Role,
    StageKind,
)
from crm_desktop.errors import AccessDeniedError, NotFoundError, ValidationError
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    AuditEntry,
    ChangeSet,
    ChangeSetItem,
    Deal,
    Organization,
    Person,
    Stage,
    User,
    table_of,
    utcnow,
)
from crm_desktop.storage.uow import UnitOfWork

_TABLES = {
    EntityKind.ORGANIZATION: table_of(Organization),
    EntityKind.PERSON: table_of(Person),
    EntityKind.DEAL: table_of(Deal),
    EntityKind.ACTIVITY: table_of(Activity),
}
_ORDER = (EntityKind.ORGANIZATION, EntityKind.PERSON, EntityKind.DEAL, EntityKind.ACTIVITY)
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class HandoverPlan:
    """What a handover would move (ids per kind; records already with the target left out)."""

    organizations: tuple[int, ...] = ()
    persons: tuple[int, ...] = ()
    deals: tuple[int, ...] = ()
    activities: tuple[int, ...] = ()

    @property
    def total(self) -> int:
        return len(self.organizations) + len(self.persons) + len(self.deals) + len(self.activities)

    def ids(self, kind: EntityKind) -> tuple[int, ...]:
        return {
            EntityKind.ORGANIZATION: self.organizations,
            EntityKind.PERSON: self.persons,
            EntityKind.DEAL: self.deals,
            EntityKind.ACTIVITY: self.activities,
        }[kind]


@dataclass(frozen=True, slots=True)
class HandoverResult:
    change_set_id: int | None  # None: nothing to move
    to_user_id: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# ---------------------------------------------------------------- rights and users


def _team_mode(uow: UnitOfWork) -> bool:
    return uow.references.setting("team_mode") == "1"


def _me(uow: UnitOfWork) -> User | None:
    return uow.session.get(User, uow.user_id) if uow.user_id is not None else None


def _may_hand_over(uow: UnitOfWork, owners: Iterable[int | None]) -> None:
    """Team mode: an administrator hands over anything; a manager only his own clients."""
    if not _team_mode(uow):
        return
    me = _me(uow)
    if me is None or not me.is_active:
        raise AccessDeniedError("Sign in to hand clients over.")
    if me.role is Role.ADMIN:
        return
    if me.role is Role.MANAGER and all(o == me.id for o in owners):
        return
    raise AccessDeniedError(
        "Only an administrator or the client's responsible manager can hand it over."
    )


def _target(uow: UnitOfWork, user_id: int) -> User:
    try:
        user = uow.references.user(user_id)
    except NotFoundError as exc:
        raise ValidationError("Choose who takes the clients over.", field="to_user") from exc
    if not user.is_active:
        raise ValidationError(
            f"{user.display_name or user.login} is blocked and cannot take clients over.",
            field="to_user",
        )
    if user.role in (Role.READ_ONLY,):
        raise ValidationError(
            f"{user.display_name or user.login} has read-only access and cannot be "
            "responsible for clients.",
            field="to_user",
        )
    return user


# ---------------------------------------------------------------- planning


def _open_deal() -> sa.ColumnElement[bool]:
    return sa.and_(Deal.deleted_at.is_(None), Stage.kind == StageKind.OPEN)


def _ids(uow: UnitOfWork, stmt: sa.Select[Any]) -> tuple[int, ...]:
    return tuple(sorted({int(i) for i in uow.session.scalars(stmt).all()}))


def _client_plan(uow: UnitOfWork, kind: EntityKind, entity_id: int, to_user: int) -> HandoverPlan:
    if kind is EntityKind.ORGANIZATION:
        org = uow.contacts.organization(entity_id, include_trashed=False)
        org_ids: tuple[int, ...] = (org.id,)
        person_ids = _ids(
            uow,
            sa.select(Person.id).where(
                Person.organization_id == org.id, Person.deleted_at.is_(None)
            ),
        )
    elif kind is EntityKind.PERSON:
        person = uow.contacts.person(entity_id, include_trashed=False)
        org_ids, person_ids = (), (person.id,)
    else:
        raise ValidationError("Only an organization or a person can be handed over.")
    return _plan(uow, org_ids, person_ids, to_user)


def _plan(
    uow: UnitOfWork,
    org_ids: tuple[int, ...],
    person_ids: tuple[int, ...],
    to_user: int,
    *,
    extra_deals: sa.ColumnElement[bool] | None = None,
    extra_activities: sa.ColumnElement[bool] | None = None,
) -> HandoverPlan:
    """The clients' open deals and open tasks (linked to the clients or to those deals)."""
    client = sa.or_(Deal.organization_id.in_(org_ids), Deal.person_id.in_(person_ids))
    if extra_deals is not None:
        client = sa.or_(client, extra_deals)
    deal_ids = _ids(
        uow, sa.select(Deal.id).join(Stage, Deal.stage_id == Stage.id).where(client, _open_deal())
    )
    linked = sa.or_(
        Activity.organization_id.in_(org_ids),
        Activity.person_id.in_(person_ids),
        Activity.deal_id.in_(deal_ids),
    )
    if extra_activities is not None:
        linked = sa.or_(linked, extra_activities)
    activity_ids = _ids(
        uow,
        sa.select(Activity.id).where(
            linked,
            Activity.done_at.is_(None),
            Activity.deleted_at.is_(None),
            Activity.parent_id.is_(None),  # a checklist item belongs to its task
        ),
    )
    subtask_ids = (
        _ids(
            uow,
            sa.select(Activity.id).where(
                Activity.parent_id.in_(activity_ids), Activity.deleted_at.is_(None)
            ),
        )
        if activity_ids
        else ()
    )
    plan = HandoverPlan(
        organizations=org_ids,
        persons=person_ids,
        deals=deal_ids,
        activities=tuple(sorted(set(activity_ids) | set(subtask_ids))),
    )
    return _without_target(uow, plan, to_user)


def _without_target(uow: UnitOfWork, plan: HandoverPlan, to_user: int) -> HandoverPlan:
    """Leave out what already belongs to the target."""
    kept: dict[EntityKind, tuple[int, ...]] = {}
    for kind in _ORDER:
        ids = plan.ids(kind)
        table = _TABLES[kind]
        taken: set[int] = set()
        for chunk in _chunks(ids):
            taken.update(
                uow.session.execute(
                    sa.select(table.c.id).where(table.c.id.in_(chunk), table.c.owner_id == to_user)
                ).scalars()
            )
        kept[kind] = tuple(i for i in ids if i not in taken)
    return HandoverPlan(
        kept[EntityKind.ORGANIZATION],
        kept[EntityKind.PERSON],
        kept[EntityKind.DEAL],
        kept[EntityKind.ACTIVITY],
    )


def _user_plan(uow: UnitOfWork, from_user: int, to_user: int) -> HandoverPlan:
    org_ids = _ids(
        uow,
        sa.select(Organization.id).where(
            Organization.owner_id == from_user, Organization.deleted_at.is_(None)
        ),
    )
    person_ids = _ids(
        uow,
        sa.select(Person.id).where(
            sa.or_(
                Person.owner_id == from_user,
                # the people of his organizations go with them
                sa.and_(Person.organization_id.in_(org_ids), Person.owner_id.is_(None)),
            ),
            Person.deleted_at.is_(None),
        ),
    )
    return _plan(
        uow,
        org_ids,
        person_ids,
        to_user,
        extra_deals=Deal.owner_id == from_user,
        extra_activities=sa.and_(
            Activity.owner_id == from_user,
            sa.or_(
                Activity.organization_id.is_not(None),
                Activity.person_id.is_not(None),
                Activity.deal_id.is_not(None),
            ),
        ),
    )


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    batch: list[int] = []
    for i in ids:
        batch.append(i)
        if len(batch) >= _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------- applying


def _apply(uow: UnitOfWork, plan: HandoverPlan, to_user: User, title: str) -> HandoverResult:
    counts = {kind.value: len(plan.ids(kind)) for kind in _ORDER}
    if plan.total == 0:
        return HandoverResult(None, to_user.id, counts)
    now = utcnow()
    change_set = ChangeSet(
        kind=ChangeSetKind.HANDOVER,
        status=ChangeSetStatus.RUNNING,
        title=title,
        user_id=uow.user_id,
        started_at=now,
    )
    uow.session.add(change_set)
    uow.flush()
    conn = uow.session.connection()
    items: list[dict[str, object]] = []
    audits: list[dict[str, object]] = []
    for kind in _ORDER:
        table = _TABLES[kind]
        for chunk in _chunks(plan.ids(kind)):
            rows = conn.execute(
                sa.select(table.c.id, table.c.owner_id).where(table.c.id.in_(chunk))
            ).all()
            for row_id, owner in rows:
                items.append(
                    {
                        "change_set_id": change_set.id,
                        "entity_kind": kind,
                        "entity_id": row_id,
                        "action": ChangeAction.UPDATED,
                        "before_json": json.dumps({"owner_id": owner, "to": to_user.id}),
                    }
                )
                audits.append(
                    {
                        "at": now,
                        "user_id": uow.user_id,
                        "action": AuditAction.HANDOVER,
                        "entity_kind": kind,
                        "entity_id": row_id,
                        "field": "owner_id",
                        "old_value": None if owner is None else str(owner),
                        "new_value": str(to_user.id),
                        "change_set_id": change_set.id,
                    }
                )
            conn.execute(
                sa.update(table)
                .where(table.c.id.in_(chunk))
                .values(
                    owner_id=to_user.id,
                    updated_at=now,
                    updated_by_id=uow.user_id,
                    version=table.c.version + 1,
                )
            )
    if items:
        conn.execute(sa.insert(table_of(ChangeSetItem)), items)
        conn.execute(sa.insert(table_of(AuditEntry)), audits)
    change_set.status = ChangeSetStatus.DONE
    change_set.finished_at = utcnow()
    change_set.stats_json = json.dumps(counts)
    uow.flush()
    return HandoverResult(change_set.id, to_user.id, counts)


def preview_client(
    ws: Workspace, kind: EntityKind, entity_id: int, to_user_id: int
) -> HandoverPlan:
    """What `hand_over_client` would move."""
    with ws.read() as uow:
        return _client_plan(uow, kind, entity_id, to_user_id)


def preview_user(ws: Workspace, from_user_id: int, to_user_id: int) -> HandoverPlan:
    with ws.read() as uow:
        return _user_plan(uow, from_user_id, to_user_id)


def hand_over_client(
    ws: Workspace, kind: EntityKind, entity_id: int, to_user_id: int
) -> HandoverResult:
    """An organization (with its people) or a person, their open deals and open tasks."""
    with ws.write() as uow:
        to_user = _target(uow, to_user_id)
        plan = _client_plan(uow, kind, entity_id, to_user_id)
        _may_hand_over(uow, _owners(uow, plan))
        name = (
            uow.contacts.organization(entity_id).name
            if kind is EntityKind.ORGANIZATION
            else uow.contacts.person(entity_id).full_name
        )
        result = _apply(
            uow, plan, to_user, f"Handover of {name} to {to_user.display_name or to_user.login}"
        )
        uow.commit()
        return result


def hand_over_all(ws: Workspace, from_user_id: int, to_user_id: int) -> HandoverResult:
    """Every client of `from_user_id` (an administrator only in team mode)."""
    if from_user_id == to_user_id:
        raise ValidationError("Choose another user to take the clients over.", field="to_user")
    with ws.write() as uow:
        if _team_mode(uow):
            me = _me(uow)
            if me is None or me.role is not Role.ADMIN or not me.is_active:
                raise AccessDeniedError(
                    "Only an administrator can hand over all clients of a user."
                )
        source = uow.references.user(from_user_id)
        to_user = _target(uow, to_user_id)
        plan = _user_plan(uow, from_user_id, to_user_id)
        result = _apply(
            uow,
            plan,
            to_user,
            f"Handover of all clients of {source.display_name or source.login} "
            f"to {to_user.display_name or to_user.login}",
        )
        uow.commit()
        return result


def _owners(uow: UnitOfWork, plan: HandoverPlan) -> set[int | None]:
    owners: set[int | None] = set()
    for kind in (EntityKind.ORGANIZATION, EntityKind.PERSON):
        table = _TABLES[kind]
        for chunk in _chunks(plan.ids(kind)):
            owners.update(
                uow.session.execute(
                    sa.select(table.c.owner_id).where(table.c.id.in_(chunk))
                ).scalars()
            )
    return owners


# ---------------------------------------------------------------- undo


@dataclass(frozen=True, slots=True)
class HandoverRecord:
    change_set_id: int
    title: str
    at: datetime
    status: ChangeSetStatus
    counts: dict[str, int]


def list_handovers(ws: Workspace, limit: int = 50) -> list[HandoverRecord]:
    with ws.read() as uow:
        sets = uow.session.scalars(
            sa.select(ChangeSet)
            .where(ChangeSet.kind == ChangeSetKind.HANDOVER)
            .order_by(ChangeSet.started_at.desc(), ChangeSet.id.desc())
            .limit(limit)
        ).all()
        return [
            HandoverRecord(
                cs.id, cs.title, cs.started_at, cs.status, json.loads(cs.stats_json or "{}")
            )
            for cs in sets
        ]


def undo_handover(ws: Workspace, change_set_id: int) -> int:
    """Give the records back to their former users; returns how many went back. A record
    handed on again since (its responsible user changed) is left where it is."""
    with ws.write() as uow:
        change_set = uow.session.get(ChangeSet, change_set_id)
        if change_set is None or change_set.kind is not ChangeSetKind.HANDOVER:
            raise NotFoundError(f"Handover #{change_set_id} does not exist.")
        if change_set.status is ChangeSetStatus.UNDONE:
            raise ValidationError("This handover has already been undone.")
        if _team_mode(uow):
            me = _me(uow)
            if (
                me is None
                or not me.is_active
                or (me.role is not Role.ADMIN and me.id != change_set.user_id)
            ):
                raise AccessDeniedError(
                    "Only an administrator or the user who made it can undo a handover."
                )
        now = utcnow()
        conn = uow.session.connection()
        items = uow.session.scalars(
            sa.select(ChangeSetItem).where(ChangeSetItem.change_set_id == change_set_id)
        ).all()
        # grouped by kind and by (former user, user given): one UPDATE per chunk
        groups: dict[tuple[EntityKind, int | None, int | None], list[int]] = {}
        for item in items:
            data = json.loads(item.before_json or "{}")
            key = (item.entity_kind, data.get("owner_id"), data.get("to"))
            groups.setdefault(key, []).append(item.entity_id)
        back = 0
        audits: list[dict[str, object]] = []
        for (kind, former, given), ids in groups.items():
            table = _TABLES[kind]
            for chunk in _chunks(ids):
                # only what still belongs to the user it was given to
                still = list(
                    conn.execute(
                        sa.select(table.c.id).where(
                            table.c.id.in_(chunk), table.c.owner_id == given
                        )
                    ).scalars()
                )
                if not still:
                    continue
                conn.execute(
                    sa.update(table)
                    .where(table.c.id.in_(still))
                    .values(
                        owner_id=former,
                        updated_at=now,
                        updated_by_id=uow.user_id,
                        version=table.c.version + 1,
                    )
                )
                back += len(still)
                audits.extend(
                    {
                        "at": now,
                        "user_id": uow.user_id,
                        "action": AuditAction.UNDO,
                        "entity_kind": kind,
                        "entity_id": row_id,
                        "field": "owner_id",
                        "old_value": None if given is None else str(given),
                        "new_value": None if former is None else str(former),
                        "change_set_id": change_set_id,
                    }
                    for row_id in still
                )
        if audits:
            conn.execute(sa.insert(table_of(AuditEntry)), audits)
        change_set.status = ChangeSetStatus.UNDONE
        change_set.undone_at = now
        change_set.undone_by_id = uow.user_id
        uow.commit()
        return back
