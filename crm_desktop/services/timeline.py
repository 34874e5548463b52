"""The history of a card or a deal, newest first: activities, notes, deal events, changes.

An organization's timeline includes what happened with its persons (every person
linked to it, trashed ones too; `person_id`/`person_name` say whose entry it is), and
the activities and notes of its deals. Entries carry data, not sentences: the GUI
composes the text with tr() from `kind`, `icon`, `title` and `detail`. A deal's
timeline holds its activities, notes, stage changes and edits. A recurring activity
shows as its next planned occurrence; its done or changed occurrences as themselves.

Paging: `before` asks for entries strictly older than that moment. Entries that share
a moment are never split between pages (one audit row per changed field, a whole
organization trashed at once): a page holds the `limit` newest entries plus any
others at the same moment as the last of them, so it may be a little longer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_desktop.domain.clock import local_timezone
from crm_desktop.domain.kinds import AuditAction, EntityKind, StageKind
from crm_desktop.errors import NotFoundError
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    AuditEntry,
    Competitor,
    Deal,
    DealStageChange,
    LossReason,
    Note,
    Organization,
    Person,
    Stage,
    User,
)

MAX_LIMIT = 1000
_Stmt = TypeVar("_Stmt", bound="sa.Select[*tuple[Any, ...]]")
ARROW = " → "  # between an old and a new value (punctuation, not text to translate)
SEPARATOR = " · "  # between the parts of a detail (a loss reason, a competitor, …)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime  # sort key (activity: done, else start, else due date 00:00 UTC, else created)
    kind: str  # 'activity' | 'note' | 'deal' | 'stage_change' | 'audit'
    icon: str  # activity kind value, 'note', 'deal', 'stage', 'edit', 'create', 'merge', …
    title: str  # user data: the subject, the deal title, the changed field's name
    detail: str  # result / note text / 'Переговоры → Договор' / 'Москва → Тула'
    planned: bool  # an activity not done yet
    overdue: bool  # planned, and its time or due day has passed
    person_id: int | None  # the person the entry belongs to, when it belongs to one
    person_name: str
    deal_id: int | None
    activity_id: int | None
    owner: str = ""  # who: the activity's owner, the note's author, who changed the card
    stage_kind: str = ""  # stage changes and deals: 'open', 'won' or 'lost' (the new stage)
    loss_reason: str = ""  # a move into the deal's current lost stage: why it was lost
    competitor: str = ""  # … and to whom


_ACTION_ICONS = {
    AuditAction.CREATE: "create",
    AuditAction.UPDATE: "edit",
    AuditAction.MERGE: "merge",
    AuditAction.TRASH: "trash",
    AuditAction.RESTORE: "restore",
}


@dataclass
class _Item:
    """An entry before names are filled in, with what identifies it across queries."""

    at: datetime
    rank: int  # order of sources among entries of one moment
    key: tuple[Any, ...]
    kind: str
    icon: str
    title: str = ""
    detail: str = ""
    planned: bool = False
    overdue: bool = False
    person_id: int | None = None
    deal_id: int | None = None
    activity_id: int | None = None
    user_id: int | None = None
    stage_kind: str = ""
    loss_reason: str = ""
    competitor: str = ""
    value_refs: list[tuple[str, str | None, str | None]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Window:
    """Rows older than `before` (newest first, at most `limit`), or exactly at `at`."""

    before: datetime | None
    limit: int | None
    at: datetime | None = None

    def on(self, column: Any) -> list[sa.ColumnElement[bool]]:
        if self.at is not None:
            return [column == self.at]
        return [] if self.before is None else [column < self.before]


# ---------------------------------------------------------------- scope


@dataclass(frozen=True, slots=True)
class _Scope:
    org_id: int | None
    person_id: int | None
    deal_id: int | None = None  # a deal's own timeline

    def linked(self, model: Any) -> sa.ColumnElement[bool]:
        """Rows of `model` (organization_id/person_id columns) that belong to the card."""
        if self.deal_id is not None:
            return sa.and_(model.deal_id == self.deal_id)
        if self.org_id is None:
            return sa.and_(model.person_id == self.person_id)
        return sa.or_(model.organization_id == self.org_id, model.person_id.in_(self.persons()))

    def persons(self) -> sa.Select[int]:
        return sa.select(Person.id).where(Person.organization_id == self.org_id)

    def deals(self) -> sa.Select[int]:
        if self.deal_id is not None:
            return sa.select(Deal.id).where(Deal.id == self.deal_id)
        return sa.select(Deal.id).where(self.linked(Deal), Deal.deleted_at.is_(None))

    def audited(self) -> sa.ColumnElement[bool]:
        if self.deal_id is not None:
            return sa.and_(
                AuditEntry.entity_kind == EntityKind.DEAL, AuditEntry.entity_id == self.deal_id
            )
        if self.org_id is None:
            return sa.and_(
                AuditEntry.entity_kind == EntityKind.PERSON,
                AuditEntry.entity_id == self.person_id,
            )
        return sa.or_(
            sa.and_(
                AuditEntry.entity_kind == EntityKind.ORGANIZATION,
                AuditEntry.entity_id == self.org_id,
            ),
            sa.and_(
                AuditEntry.entity_kind == EntityKind.PERSON,
                AuditEntry.entity_id.in_(self.persons()),
            ),
        )


# ---------------------------------------------------------------- sources


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _first_day_not_before(moment: datetime) -> date:
    """The first day whose 00:00 UTC is at or after `moment` (due days before it are older)."""
    day = moment.astimezone(UTC).date()
    return day if _midnight(day) >= moment else day + timedelta(days=1)


def _activities(
    session: Session, scope: _Scope, window: _Window, now: datetime
) -> tuple[list[_Item], datetime | None]:
    """Four queries, one per column that dates an activity, each in that column's order."""
    done, start, due, created = (
        Activity.done_at,
        Activity.start_at,
        Activity.due_on,
        Activity.created_at,
    )
    on_due: list[sa.ColumnElement[bool]] = []
    if window.at is not None:
        exact = window.at == _midnight(window.at.astimezone(UTC).date())
        on_due.append(due == window.at.astimezone(UTC).date() if exact else sa.false())
    elif window.before is not None:
        on_due.append(due < _first_day_not_before(window.before))
    variants: list[tuple[list[sa.ColumnElement[bool]], Any]] = [
        ([done.is_not(None), *window.on(done)], done),
        ([done.is_(None), start.is_not(None), *window.on(start)], start),
        ([done.is_(None), start.is_(None), due.is_not(None), *on_due], due),
        ([done.is_(None), start.is_(None), due.is_(None), *window.on(created)], created),
    ]
    items: list[_Item] = []
    horizons: list[datetime] = []
    for where, column in variants:
        stmt = (
            sa.select(Activity)
            .where(
                Activity.deleted_at.is_(None),
                Activity.parent_id.is_(None),  # checklist items are part of their task
                Activity.recurrence_rule.is_(None),  # a series: see _series
                sa.or_(scope.linked(Activity), Activity.deal_id.in_(scope.deals())),
                *where,
            )
            .order_by(column.desc(), Activity.id.desc())
        )
        found = [_activity_item(a, now) for a in session.scalars(_limited(stmt, window))]
        items += found
        if window.limit is not None and len(found) == window.limit:
            horizons.append(found[-1].at)
    return items, max(horizons, default=None)


def _series(
    session: Session, scope: _Scope, window: _Window, now: datetime, tz: tzinfo
) -> list[_Item]:
    """A recurring activity shows as its next planned occurrence (done or changed
    occurrences have rows of their own and show as themselves)."""
    from crm_desktop.services.activities import next_planned_slot

    masters = session.scalars(
        sa.select(Activity).where(
            Activity.deleted_at.is_(None),
            Activity.parent_id.is_(None),
            Activity.recurrence_rule.is_not(None),
            sa.or_(scope.linked(Activity), Activity.deal_id.in_(scope.deals())),
        )
    ).all()
    items = []
    for a in masters:
        slot = next_planned_slot(session, a, now, tz)
        if slot is None:
            continue
        if window.at is not None and slot != window.at:
            continue
        if window.before is not None and slot >= window.before:
            continue
        item = _activity_item(a, now)
        item.at, item.overdue, item.key = slot, False, ("series", a.id, slot)
        items.append(item)
    return items


def _activity_item(a: Activity, now: datetime) -> _Item:
    if a.done_at is not None:
        at = a.done_at
    elif a.start_at is not None:
        at = a.start_at
    elif a.due_on is not None:
        at = _midnight(a.due_on)
    else:
        at = a.created_at
    planned = a.done_at is None
    if not planned:
        overdue = False
    elif a.start_at is not None:
        overdue = (a.end_at or a.start_at) < now
    elif a.due_on is not None:
        overdue = a.due_on < now.astimezone(UTC).date()
    else:
        overdue = False
    return _Item(
        at=at,
        rank=1,
        key=("activity", a.id),
        kind="activity",
        icon=a.kind.value,
        title=a.subject,
        detail=a.result or "",
        planned=planned,
        overdue=overdue,
        person_id=a.person_id,
        deal_id=a.deal_id,
        activity_id=a.id,
        user_id=a.owner_id,
    )


def _limited(stmt: _Stmt, window: _Window) -> _Stmt:
    return stmt if window.limit is None else stmt.limit(window.limit)


def _horizon(window: _Window, moments: list[datetime]) -> datetime | None:
    """When a query was cut at `limit` rows: the oldest moment it read (older may be missing)."""
    if window.limit is None or len(moments) < window.limit:
        return None
    return moments[-1]


def _notes(session: Session, scope: _Scope, window: _Window) -> tuple[list[_Item], datetime | None]:
    stmt = (
        sa.select(Note)
        .where(
            Note.deleted_at.is_(None),
            sa.or_(scope.linked(Note), Note.deal_id.in_(scope.deals())),
            *window.on(Note.created_at),
        )
        .order_by(Note.created_at.desc(), Note.id.desc())
    )
    rows = session.scalars(_limited(stmt, window)).all()
    items = [
        _Item(
            at=n.created_at,
            rank=2,
            key=("note", n.id),
            kind="note",
            icon="note",
            detail=n.text,
            person_id=n.person_id,
            deal_id=n.deal_id,
            user_id=n.created_by_id or n.owner_id,
        )
        for n in rows
    ]
    return items, _horizon(window, [n.created_at for n in rows])


def _deals(session: Session, scope: _Scope, window: _Window) -> tuple[list[_Item], datetime | None]:
    stmt = (
        sa.select(Deal)
        .where(Deal.id.in_(scope.deals()), *window.on(Deal.created_at))
        .order_by(Deal.created_at.desc(), Deal.id.desc())
    )
    rows = session.scalars(_limited(stmt, window)).all()
    first_stage: dict[int, int] = {}
    if rows:
        for deal_id, stage_id in session.execute(
            sa.select(DealStageChange.deal_id, DealStageChange.to_stage_id)
            .where(
                DealStageChange.deal_id.in_([d.id for d in rows]),
                DealStageChange.from_stage_id.is_(None),
            )
            .order_by(DealStageChange.changed_at.desc(), DealStageChange.id.desc())
        ):
            first_stage[deal_id] = stage_id  # the earliest wins (rows come newest first)
    items = [
        _Item(
            at=d.created_at,
            rank=3,
            key=("deal", d.id),
            kind="deal",
            icon="deal",
            title=d.title,
            person_id=d.person_id,
            deal_id=d.id,
            user_id=d.created_by_id or d.owner_id,
            value_refs=[("@stage", str(first_stage.get(d.id, d.stage_id)), None)],
        )
        for d in rows
    ]
    return items, _horizon(window, [d.created_at for d in rows])


def _stage_changes(
    session: Session, scope: _Scope, window: _Window
) -> tuple[list[_Item], datetime | None]:
    change = DealStageChange
    stmt = (
        sa.select(change, Deal)
        .join(Deal, Deal.id == change.deal_id)
        .where(
            change.deal_id.in_(scope.deals()),
            change.from_stage_id.is_not(None),
            *window.on(change.changed_at),
        )
        .order_by(change.changed_at.desc(), change.id.desc())
    )
    rows = session.execute(_limited(stmt, window)).all()
    latest: dict[int, int] = {}
    if rows:
        latest = {
            deal_id: last_id
            for deal_id, last_id in session.execute(
                sa.select(change.deal_id, sa.func.max(change.id))
                .where(change.deal_id.in_({d.id for _, d in rows}))
                .group_by(change.deal_id)
            )
        }
    items = []
    for c, d in rows:
        outcome = latest.get(d.id) == c.id and c.to_stage_id == d.stage_id
        items.append(
            _Item(
                at=c.changed_at,
                rank=4,
                key=("stage", c.id),
                kind="stage_change",
                icon="stage",
                title=d.title,
                person_id=d.person_id,
                deal_id=d.id,
                user_id=c.changed_by_id,
                value_refs=[
                    ("@stage", str(c.from_stage_id), str(c.to_stage_id)),
                    (
                        "@outcome",
                        str(d.loss_reason_id) if outcome and d.loss_reason_id else None,
                        str(d.competitor_id) if outcome and d.competitor_id else None,
                    ),
                    ("@comment", d.loss_comment if outcome else None, None),
                ],
            )
        )
    return items, _horizon(window, [c.changed_at for c, _ in rows])


def _audit(session: Session, scope: _Scope, window: _Window) -> tuple[list[_Item], datetime | None]:
    stmt = (
        sa.select(AuditEntry)
        .where(scope.audited(), *window.on(AuditEntry.at))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    rows = session.scalars(_limited(stmt, window)).all()
    items: list[_Item] = []
    grouped: dict[tuple[Any, ...], _Item] = {}
    for row in rows:
        person_id = row.entity_id if row.entity_kind is EntityKind.PERSON else None
        icon = _ACTION_ICONS.get(row.action, row.action.value)
        if row.action is AuditAction.UPDATE:
            items.append(
                _Item(
                    at=row.at,
                    rank=5,
                    key=("audit", row.id),
                    kind="audit",
                    icon=icon,
                    title=row.field or "",
                    person_id=person_id,
                    user_id=row.user_id,
                    value_refs=[(row.field or "", row.old_value, row.new_value)],
                )
            )
            continue
        # one entry per action on a record (a creation logs every field it was given)
        group = ("audit", row.action.value, row.entity_kind.value, row.entity_id, row.at)
        if group in grouped:
            continue
        grouped[group] = _Item(
            at=row.at,
            rank=5,
            key=group,
            kind="audit",
            icon=icon,
            title="" if row.action is AuditAction.CREATE else (row.field or ""),
            detail="" if row.action is AuditAction.CREATE else (row.new_value or ""),
            person_id=person_id,
            user_id=row.user_id,
        )
        items.append(grouped[group])
    return items, _horizon(window, [r.at for r in rows])


_SOURCES = (_notes, _deals, _stage_changes, _audit)


# ---------------------------------------------------------------- names


def _names(session: Session, items: Iterable[_Item]) -> dict[tuple[str, int], str]:
    """Names of the persons, users, stages, loss reasons, competitors, organizations used."""
    wanted: dict[str, set[int]] = {
        k: set() for k in ("person", "user", "stage", "reason", "competitor", "organization")
    }
    for item in items:
        if item.person_id is not None:
            wanted["person"].add(item.person_id)
        if item.user_id is not None:
            wanted["user"].add(item.user_id)
        for name, old, new in item.value_refs:
            target = {
                "@stage": ("stage", "stage"),
                "owner_id": ("user", "user"),
                "organization_id": ("organization", "organization"),
                "@outcome": ("reason", "competitor"),
            }.get(name)
            if target is None:
                continue
            for kind, value in zip(target, (old, new), strict=True):
                if value is not None and value.isdigit():
                    wanted[kind].add(int(value))
    queries = {
        "person": (Person.id, Person.full_name),
        "stage": (Stage.id, Stage.name),
        "reason": (LossReason.id, LossReason.name),
        "competitor": (Competitor.id, Competitor.name),
        "organization": (Organization.id, Organization.name),
    }
    names: dict[tuple[str, int], str] = {}
    for kind, (id_col, name_col) in queries.items():
        if wanted[kind]:
            for row_id, name in session.execute(
                sa.select(id_col, name_col).where(id_col.in_(sorted(wanted[kind])))
            ):
                names[(kind, row_id)] = name
    if wanted["user"]:
        for uid, display, login in session.execute(
            sa.select(User.id, User.display_name, User.login).where(
                User.id.in_(sorted(wanted["user"]))
            )
        ):
            names[("user", uid)] = display or login
    return names


def _value(names: dict[tuple[str, int], str], kind: str, value: str | None) -> str:
    if value is None:
        return ""
    if kind and value.isdigit():
        return names.get((kind, int(value)), value)
    return value


def _arrow(old: str, new: str) -> str:
    return f"{old}{ARROW}{new}".strip()


def _finish(item: _Item, names: dict[tuple[str, int], str]) -> TimelineEntry:
    detail = item.detail
    loss_reason = competitor = ""
    stage_kind = item.stage_kind
    for name, old, new in item.value_refs:
        if name == "@stage" and item.kind == "deal":
            detail = _value(names, "stage", old)
        elif name == "@stage":
            detail = _arrow(_value(names, "stage", old), _value(names, "stage", new))
        elif name == "@outcome":
            loss_reason = _value(names, "reason", old)
            competitor = _value(names, "competitor", new)
        elif name == "@comment":
            extras = [loss_reason, competitor, (old or "").strip()]
            detail = SEPARATOR.join([detail, *(e for e in extras if e)])
        else:
            kind = {"owner_id": "user", "organization_id": "organization"}.get(name, "")
            detail = _arrow(_value(names, kind, old), _value(names, kind, new))
    return TimelineEntry(
        at=item.at,
        kind=item.kind,
        icon=item.icon,
        title=item.title,
        detail=detail,
        planned=item.planned,
        overdue=item.overdue,
        person_id=item.person_id,
        person_name=names.get(("person", item.person_id), "") if item.person_id else "",
        deal_id=item.deal_id,
        activity_id=item.activity_id,
        owner=names.get(("user", item.user_id), "") if item.user_id else "",
        stage_kind=stage_kind,
        loss_reason=loss_reason,
        competitor=competitor,
    )


def _stage_kinds(session: Session, items: list[_Item]) -> None:
    """The kind of the stage a deal is created in / a change leads to."""
    ids = set()
    for item in items:
        for name, old, new in item.value_refs:
            if name == "@stage":
                value = old if item.kind == "deal" else new
                if value and value.isdigit():
                    ids.add(int(value))
    if not ids:
        return
    kinds: dict[int, StageKind] = {
        stage_id: kind
        for stage_id, kind in session.execute(
            sa.select(Stage.id, Stage.kind).where(Stage.id.in_(sorted(ids)))
        )
    }
    for item in items:
        for name, old, new in item.value_refs:
            if name == "@stage":
                value = old if item.kind == "deal" else new
                if value and value.isdigit() and int(value) in kinds:
                    item.stage_kind = StageKind(kinds[int(value)]).value


# ---------------------------------------------------------------- timeline


def _order_key(item: _Item) -> tuple[datetime, int, str]:
    return item.at, -item.rank, repr(item.key)


def timeline(
    ws: Workspace,
    kind: EntityKind,
    entity_id: int,
    limit: int = 200,
    before: datetime | None = None,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> list[TimelineEntry]:
    """The history of a card or a deal, newest first: `limit` entries older than `before`
    (and their ties).

    `now` decides what is overdue (default: the current time); `tz` is the local zone
    in which recurring activities repeat (default: this computer's).
    """
    if before is not None and before.tzinfo is None:
        raise ValueError("before must be an aware datetime")
    limit = max(1, min(limit, MAX_LIMIT))
    moment = now or datetime.now(UTC)
    with ws.read() as uow:
        session = uow.session
        if kind is EntityKind.ORGANIZATION:
            if session.get(Organization, entity_id) is None:
                raise NotFoundError(f"Organization #{entity_id} does not exist.")
            scope = _Scope(org_id=entity_id, person_id=None)
        elif kind is EntityKind.PERSON:
            if session.get(Person, entity_id) is None:
                raise NotFoundError(f"Person #{entity_id} does not exist.")
            scope = _Scope(org_id=None, person_id=entity_id)
        elif kind is EntityKind.DEAL:
            if session.get(Deal, entity_id) is None:
                raise NotFoundError(f"Deal #{entity_id} does not exist.")
            scope = _Scope(org_id=None, person_id=None, deal_id=entity_id)
        else:
            raise NotFoundError(f"A {kind.value} has no timeline of its own.")
        zone = tz or local_timezone()
        window = _Window(before=before, limit=limit)
        items, horizon = _activities(session, scope, window, moment)
        items += _series(session, scope, window, moment, zone)
        cut = {"activities": horizon}
        for source in _SOURCES:
            found, cut[source.__name__] = source(session, scope, window)
            items += found
        items.sort(key=_order_key, reverse=True)
        limits = [h for h in cut.values() if h is not None]
        if len(items) > limit:
            limits.append(items[limit - 1].at)
        if limits:
            # older entries may be missing from a query cut at `limit` rows: end the page
            # at the newest such moment, with everything at that moment
            cutoff = max(limits)
            ties = _Window(before=None, limit=None, at=cutoff)
            seen = {item.key for item in items}
            extra: list[_Item] = []
            if cut["activities"] is not None:
                extra += _activities(session, scope, ties, moment)[0]
            extra += _series(session, scope, ties, moment, zone)
            for source in _SOURCES:
                if cut[source.__name__] is not None:
                    extra += source(session, scope, ties)[0]
            items += [item for item in extra if item.key not in seen]
            items.sort(key=_order_key, reverse=True)
            items = [item for item in items if item.at >= cutoff]
        _stage_kinds(session, items)
        names = _names(session, items)
        return [_finish(item, names) for item in items]
