"""Merging two cards of the same client (two persons or two organizations), and undo.

The survivor takes the field values the user picked; the other record's phones and
emails move to it (exact duplicates are deleted), tags are united, and its deals,
activities, notes, key dates, custom field values (and, for an organization, its
people) are re-pointed to the survivor. The other record goes to the trash.

Everything is recorded in a `ChangeSet` (kind MERGE) whose items hold the state
before as JSON, so `undo_merge` puts back exactly what was there: the survivor's
columns (its version and update stamp included) and tags, the other record out of
the trash, every moved row under its old owner at its old position, every deleted
duplicate with its old id. Undo is refused once the survivor or the other record
has changed since the merge.

Conflicts that the dialog does not show: a birthday is a field (`birthday`) whose
losing key date stays with the other record or, when the survivor's loses, is
deleted; a custom field both records have keeps the survivor's value (the other's
stays with the other record). The responsible user (`owner_id`) is not a dialog
row but may be given in `choices`; by default the survivor's, or the other's when
the survivor has none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from crm_desktop.domain.kinds import (
    AuditAction,
    ChangeAction,
    ChangeSetKind,
    ChangeSetStatus,
    EntityKind,
    KeyDateKind,
)
from crm_desktop.errors import ConcurrentEditError, NotFoundError, ValidationError
from crm_desktop.services import access, contacts
from crm_desktop.services.dto import MergeField, MergePreview, MergeRecord
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import search_index
from crm_desktop.storage.models import (
    Activity,
    AuditEntry,
    ChangeSet,
    ChangeSetItem,
    CustomFieldValue,
    Deal,
    Email,
    KeyDate,
    Note,
    Organization,
    Person,
    Phone,
    Tag,
    UTCDateTime,
    organization_tags,
    person_tags,
    table_of,
    utcnow,
)
from crm_desktop.storage.uow import UnitOfWork

Card = Organization | Person

PERSON_FIELDS = (*contacts.PERSON_FIELDS, "birthday")
ORGANIZATION_FIELDS = contacts.ORGANIZATION_FIELDS
HIDDEN_FIELDS = ("owner_id",)  # may be chosen, but the dialog shows it elsewhere

# A field chosen as a whole carries the columns derived from it.
_COLUMNS_OF: dict[str, tuple[str, ...]] = {
    "full_name": ("last_name", "first_name", "middle_name", "full_name", "name_key"),
    "name": ("name", "name_key", "legal_form"),
    "birthday": (),
}
_STAMPS = ("updated_at", "updated_by_id", "version")
_TRASH_COLUMNS = ("deleted_at", "deleted_by_id", *_STAMPS)

_phones = table_of(Phone)
_emails = table_of(Email)
_key_dates = table_of(KeyDate)
_custom_values = table_of(CustomFieldValue)
_deals = table_of(Deal)
_activities = table_of(Activity)
_notes = table_of(Note)
_persons = table_of(Person)
_organizations = table_of(Organization)
_tags = table_of(Tag)
_items = table_of(ChangeSetItem)

_TABLES = {
    t.name: t
    for t in (
        _phones,
        _emails,
        _key_dates,
        _custom_values,
        _deals,
        _activities,
        _notes,
        _persons,
        _organizations,
    )
}
_VERSIONED = {_deals.name, _activities.name, _notes.name, _persons.name, _organizations.name}


# ------------------------------------------------------------------ helpers


def _fields(kind: EntityKind) -> tuple[str, ...]:
    return PERSON_FIELDS if kind is EntityKind.PERSON else ORGANIZATION_FIELDS


def _card_table(kind: EntityKind) -> sa.Table:
    return _persons if kind is EntityKind.PERSON else _organizations


def _owner_column(kind: EntityKind) -> str:
    return "person_id" if kind is EntityKind.PERSON else "organization_id"


def _title(obj: Card) -> str:
    return obj.full_name if isinstance(obj, Person) else obj.name


def _load(uow: UnitOfWork, kind: EntityKind, entity_id: int) -> Card:
    if kind is EntityKind.PERSON:
        return uow.contacts.person(entity_id)
    return uow.contacts.organization(entity_id)


def _load_pair(
    uow: UnitOfWork, kind: EntityKind, survivor_id: int, other_id: int
) -> tuple[Card, Card]:
    if kind not in (EntityKind.PERSON, EntityKind.ORGANIZATION):
        raise ValidationError(f"Only persons and organizations can be merged, not a {kind.value}.")
    if survivor_id == other_id:
        raise ValidationError("A card cannot be merged with itself.")
    survivor = _load(uow, kind, survivor_id)
    other = _load(uow, kind, other_id)
    for obj in (survivor, other):
        if obj.deleted_at is not None:
            raise ValidationError(f"“{_title(obj)}” is in the trash; restore it before merging.")
    return survivor, other


def _key_date_text(row: sa.RowMapping) -> str:
    if row["year"] is None:
        return f"--{row['month']:02d}-{row['day']:02d}"
    return f"{row['year']:04d}-{row['month']:02d}-{row['day']:02d}"


def _birthdays(conn: sa.Connection, person_id: int) -> list[sa.RowMapping]:
    return list(
        conn.execute(
            sa.select(_key_dates)
            .where(
                _key_dates.c.person_id == person_id,
                _key_dates.c.kind == KeyDateKind.BIRTHDAY.value,
            )
            .order_by(_key_dates.c.id)
        ).mappings()
    )


def _audit_snapshot(uow: UnitOfWork, obj: Card) -> dict[str, str | None]:
    snap = contacts.snapshot(obj)
    if isinstance(obj, Person):
        rows = _birthdays(uow.session.connection(), obj.id)
        snap["birthday"] = _key_date_text(rows[0]) if rows else None
    return snap


def _empty(value: object) -> bool:
    return value is None or value == "" or value is False


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _encode_row(row: dict[str, Any] | sa.RowMapping) -> dict[str, Any]:
    return {name: _encode(value) for name, value in row.items()}


def _decode_row(table: sa.Table, data: dict[str, Any]) -> dict[str, Any]:
    """JSON values back to what the columns take (datetimes and dates from ISO text)."""
    out: dict[str, Any] = {}
    for name, value in data.items():
        column_type = table.c[name].type
        if isinstance(value, str) and isinstance(column_type, UTCDateTime | sa.DateTime):
            out[name] = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(column_type, sa.Date):
            out[name] = date.fromisoformat(value)
        else:
            out[name] = value
    return out


def _read_row(
    conn: sa.Connection, table: sa.Table, row_id: int, columns: tuple[str, ...]
) -> dict[str, Any]:
    row = conn.execute(
        sa.select(*[table.c[c] for c in columns]).where(table.c.id == row_id)
    ).mappings()
    return dict(row.one())


def _audit_rows(
    uow: UnitOfWork,
    action: AuditAction,
    kind: EntityKind,
    entity_id: int,
    changes: list[tuple[str, str | None, str | None]],
    change_set_id: int,
    at: datetime,
) -> None:
    """Like AuditRepository.record, with the change set the rows belong to."""
    entries: list[tuple[str | None, str | None, str | None]] = [*changes] or [(None, None, None)]
    uow.session.add_all(
        AuditEntry(
            at=at,
            user_id=uow.user_id,
            action=action,
            entity_kind=kind,
            entity_id=entity_id,
            field=name,
            old_value=old,
            new_value=new,
            change_set_id=change_set_id,
        )
        for name, old, new in entries
    )


# ----------------------------------------------------------------- planning


@dataclass(slots=True)
class _Move:
    """A child row re-pointed to the survivor."""

    table: sa.Table
    row_id: int
    entity_kind: EntityKind  # for the change set item: the row's own kind, or its owner's
    entity_id: int
    before: dict[str, Any]  # owner column(s), position; version and updated_at if versioned
    after: dict[str, Any]


@dataclass(slots=True)
class _Drop:
    """A child row deleted by the merge (a duplicate, or a birthday that lost)."""

    table: sa.Table
    row: dict[str, Any]
    owner_id: int


@dataclass(slots=True)
class _Plan:
    kind: EntityKind
    values: dict[str, tuple[Any, Any]]  # field -> (survivor's, other's) raw values
    take_other: dict[str, bool]
    moves: list[_Move] = field(default_factory=list)
    drops: list[_Drop] = field(default_factory=list)
    new_tags: list[Tag] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)


def _raw_values(conn: sa.Connection, obj: Card, kind: EntityKind) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in (*_fields(kind), *HIDDEN_FIELDS):
        if name == "birthday":
            rows = _birthdays(conn, obj.id)
            values[name] = _key_date_text(rows[0]) if rows else None
        else:
            values[name] = getattr(obj, name)
    return values


def _resolve_choices(
    kind: EntityKind, values: dict[str, tuple[Any, Any]], choices: dict[str, str] | None
) -> dict[str, bool]:
    allowed = (*_fields(kind), *HIDDEN_FIELDS)
    choices = choices or {}
    for name, side in choices.items():
        if name not in allowed:
            raise ValidationError(f"“{name}” is not a field that can be chosen in a merge.")
        if side not in ("survivor", "other"):
            raise ValidationError(f"Choose 'survivor' or 'other' for “{name}”, not “{side}”.")
    take: dict[str, bool] = {}
    for name in allowed:
        mine, theirs = values[name]
        if name in choices:
            take[name] = choices[name] == "other"
        else:
            take[name] = _empty(mine) and not _empty(theirs)
    return take


def _phone_key(p: Phone) -> tuple[str, ...]:
    if p.is_valid and p.e164:
        return ("e164", p.e164, p.extension or "")
    return ("raw", p.raw)


def _row_of(obj: Phone | Email) -> dict[str, Any]:
    table = obj.__table__
    assert isinstance(table, sa.Table)
    return {c.name: getattr(obj, c.name) for c in table.columns}


def _plan(
    uow: UnitOfWork, kind: EntityKind, survivor: Card, other: Card, choices: dict[str, str] | None
) -> _Plan:
    conn = uow.session.connection()
    mine = _raw_values(conn, survivor, kind)
    theirs = _raw_values(conn, other, kind)
    values = {name: (mine[name], theirs[name]) for name in mine}
    plan = _Plan(kind, values, _resolve_choices(kind, values, choices))
    owner = _owner_column(kind)
    s_id, o_id = survivor.id, other.id

    # phones and emails: appended after the survivor's, exact duplicates deleted
    seen_phones = {_phone_key(p) for p in survivor.phones}
    plan.phones = [contacts.phone_view(p).display for p in survivor.phones]
    position = max((p.position for p in survivor.phones), default=-1) + 1
    for p in other.phones:
        key = _phone_key(p)
        if key in seen_phones:
            plan.drops.append(_Drop(_phones, _row_of(p), o_id))
            continue
        seen_phones.add(key)
        plan.moves.append(
            _Move(
                _phones,
                p.id,
                kind,
                o_id,
                {owner: o_id, "position": p.position},
                {owner: s_id, "position": position},
            )
        )
        plan.phones.append(contacts.phone_view(p).display)
        position += 1
    seen_emails = {e.address_key for e in survivor.emails}
    plan.emails = [e.address for e in survivor.emails]
    position = max((e.position for e in survivor.emails), default=-1) + 1
    for e in other.emails:
        if e.address_key in seen_emails:
            plan.drops.append(_Drop(_emails, _row_of(e), o_id))
            continue
        seen_emails.add(e.address_key)
        plan.moves.append(
            _Move(
                _emails,
                e.id,
                kind,
                o_id,
                {owner: o_id, "position": e.position},
                {owner: s_id, "position": position},
            )
        )
        plan.emails.append(e.address)
        position += 1

    # tags: united
    have = {t.id for t in survivor.tags}
    plan.new_tags = [t for t in other.tags if t.id not in have]

    # key dates: all move, except the birthday that lost
    key_date_ids = list(
        conn.execute(
            sa.select(_key_dates.c.id, _key_dates.c.kind).where(_key_dates.c[owner] == o_id)
        )
    )
    moving_dates = [row_id for row_id, kd_kind in key_date_ids if kd_kind != KeyDateKind.BIRTHDAY]
    if kind is EntityKind.PERSON:
        other_birthdays = [r["id"] for r in _birthdays(conn, o_id)]
        if plan.take_other["birthday"]:
            moving_dates += other_birthdays
            plan.drops += [_Drop(_key_dates, dict(r), s_id) for r in _birthdays(conn, s_id)]
    else:
        moving_dates = [row_id for row_id, _ in key_date_ids]
    plan.moves += [
        _Move(_key_dates, row_id, kind, o_id, {owner: o_id}, {owner: s_id})
        for row_id in sorted(moving_dates)
    ]

    # custom field values: those the survivor has no value for
    survivor_fields = set(
        conn.scalars(sa.select(_custom_values.c.field_id).where(_custom_values.c[owner] == s_id))
    )
    custom_ids = [
        row_id
        for row_id, field_id in conn.execute(
            sa.select(_custom_values.c.id, _custom_values.c.field_id)
            .where(_custom_values.c[owner] == o_id)
            .order_by(_custom_values.c.id)
        )
        if field_id not in survivor_fields
    ]
    plan.moves += [
        _Move(_custom_values, row_id, kind, o_id, {owner: o_id}, {owner: s_id})
        for row_id in custom_ids
    ]

    # deals, activities, notes (trashed ones too), and an organization's people
    linked: list[tuple[str, sa.Table, EntityKind, str]] = [
        ("deals", _deals, EntityKind.DEAL, owner),
        ("activities", _activities, EntityKind.ACTIVITY, owner),
        ("notes", _notes, EntityKind.NOTE, owner),
    ]
    if kind is EntityKind.ORGANIZATION:
        linked.append(("persons", _persons, EntityKind.PERSON, "organization_id"))
    counts = {"deals": 0, "activities": 0, "notes": 0}
    for label, table, row_kind, column in linked:
        rows = conn.execute(
            sa.select(table.c.id, table.c.version, table.c.updated_at)
            .where(table.c[column] == o_id)
            .order_by(table.c.id)
        ).all()
        for row_id, version, updated_at in rows:
            plan.moves.append(
                _Move(
                    table,
                    row_id,
                    row_kind,
                    row_id,
                    {column: o_id, "version": version, "updated_at": updated_at},
                    {column: s_id},
                )
            )
        counts[label] = len(rows)
    counts["key_dates"] = len(moving_dates)
    counts["custom_values"] = len(custom_ids)
    plan.moved = counts
    return plan


def _field_text(uow: UnitOfWork, name: str, value: Any) -> str | None:
    if value is None:
        return None
    if name == "organization_id":
        org = uow.session.get(Organization, value)
        return org.name if org is not None else f"#{value}"
    return str(value)


# ------------------------------------------------------------------ preview


def preview_merge(ws: Workspace, kind: EntityKind, survivor_id: int, other_id: int) -> MergePreview:
    """What merging `other_id` into `survivor_id` would give, for the side-by-side dialog."""
    with ws.read() as uow:
        survivor, other = _load_pair(uow, kind, survivor_id, other_id)
        plan = _plan(uow, kind, survivor, other, None)
        fields = tuple(
            MergeField(
                name=name,
                survivor_value=_field_text(uow, name, plan.values[name][0]),
                other_value=_field_text(uow, name, plan.values[name][1]),
                default="other" if plan.take_other[name] else "survivor",
            )
            for name in _fields(kind)
        )
        tags = sorted({t.name for t in survivor.tags} | {t.name for t in plan.new_tags})
        return MergePreview(
            kind=kind,
            survivor_id=survivor.id,
            other_id=other.id,
            survivor_title=_title(survivor),
            other_title=_title(other),
            fields=fields,
            phones=tuple(plan.phones),
            emails=tuple(plan.emails),
            tags=tuple(tags),
            moved=dict(plan.moved),
            survivor_version=survivor.version,
            other_version=other.version,
        )


# -------------------------------------------------------------------- merge


def merge(
    ws: Workspace,
    kind: EntityKind,
    survivor_id: int,
    other_id: int,
    choices: dict[str, str] | None = None,
    *,
    expected_versions: tuple[int, int] | None = None,
) -> int:
    """Merge `other_id` into `survivor_id`; returns the id of the MERGE change set.

    `choices`: field name -> 'survivor' | 'other' (default: the survivor's value, or
    the other's when the survivor's is empty). `expected_versions`: the versions of
    (survivor, other) the dialog showed; a record changed since is refused.
    """
    with ws.write() as uow:
        survivor, other = _load_pair(uow, kind, survivor_id, other_id)
        # team mode: a merge edits the survivor and deletes the other card
        for action, card in ((access.Action.EDIT, survivor), (access.Action.DELETE, other)):
            access.require(ws.user, action, kind, owner_id=card.owner_id, check_owner=True)
        if expected_versions is not None and expected_versions != (
            survivor.version,
            other.version,
        ):
            raise ConcurrentEditError(
                "One of these records was changed after you opened the merge. "
                "Reopen the merge to see the current versions."
            )
        plan = _plan(uow, kind, survivor, other, choices)
        conn = uow.session.connection()
        table = _card_table(kind)
        columns = tuple(
            dict.fromkeys(
                c
                for name in (*_fields(kind), *HIDDEN_FIELDS)
                for c in _COLUMNS_OF.get(name, (name,))
            )
        )
        survivor_before = _read_row(conn, table, survivor.id, (*columns, *_STAMPS))
        other_before = _read_row(conn, table, other.id, _TRASH_COLUMNS)
        tag_ids_before = [t.id for t in survivor.tags]
        audit_before = _audit_snapshot(uow, survivor)
        title = f"{_title(survivor)} ← {_title(other)}"[:500]
        now = utcnow()

        if (
            isinstance(other, Person)
            and plan.take_other["organization_id"]
            and other.organization_id is not None
        ):
            org = uow.contacts.organization(other.organization_id)
            if org.deleted_at is not None:
                raise ValidationError(
                    f"The organization “{org.name}” is in the trash; choose the other one."
                )
        for name, take in plan.take_other.items():
            if take:
                for column in _COLUMNS_OF.get(name, (name,)):
                    setattr(survivor, column, getattr(other, column))
        if plan.new_tags:
            survivor.tags = [*survivor.tags, *plan.new_tags]
        survivor.updated_at = now  # the survivor changed even when no field did
        survivor.updated_by_id = uow.user_id
        other.deleted_at = now
        other.deleted_by_id = uow.user_id
        change_set = ChangeSet(
            kind=ChangeSetKind.MERGE,
            status=ChangeSetStatus.RUNNING,
            title=title,
            user_id=uow.user_id,
            started_at=now,
        )
        uow.session.add(change_set)
        uow.flush()  # versions move on here; a concurrent edit fails here
        survivor_version_after = survivor.version
        other_version_after = other.version
        cs_id = change_set.id

        items: list[dict[str, Any]] = [
            _item(
                cs_id,
                kind,
                survivor.id,
                ChangeAction.UPDATED,
                role="survivor",
                table=table.name,
                id=survivor.id,
                before=_encode_row(survivor_before),
                tag_ids=tag_ids_before,
                version_after=survivor_version_after,
            ),
            _item(
                cs_id,
                kind,
                other.id,
                ChangeAction.MERGED_AWAY,
                role="other",
                table=table.name,
                id=other.id,
                before=_encode_row(other_before),
                version_after=other_version_after,
            ),
        ]
        for drop in plan.drops:
            conn.execute(drop.table.delete().where(drop.table.c.id == drop.row["id"]))
            items.append(
                _item(
                    cs_id,
                    kind,
                    drop.owner_id,
                    ChangeAction.DELETED,
                    role="deleted",
                    table=drop.table.name,
                    id=drop.row["id"],
                    row=_encode_row(drop.row),
                )
            )
        for move in plan.moves:
            values: dict[str, Any] = dict(move.after)
            extra: dict[str, Any] = {}
            if move.table.name in _VERSIONED:
                values["version"] = move.before["version"] + 1
                values["updated_at"] = now
                extra["version_after"] = values["version"]
            conn.execute(move.table.update().where(move.table.c.id == move.row_id).values(values))
            items.append(
                _item(
                    cs_id,
                    move.entity_kind,
                    move.entity_id,
                    ChangeAction.UPDATED,
                    role="moved",
                    table=move.table.name,
                    id=move.row_id,
                    before=_encode_row(move.before),
                    after=_encode_row(move.after),
                    **extra,
                )
            )
        conn.execute(_items.insert(), items)
        _refresh_index(conn, kind, survivor.id, other.id)

        uow.session.expire_all()
        survivor = _load(uow, kind, survivor_id)
        changes = contacts.diff(audit_before, _audit_snapshot(uow, survivor))
        _audit_rows(uow, AuditAction.MERGE, kind, survivor_id, changes, cs_id, now)
        _audit_rows(
            uow,
            AuditAction.MERGE,
            kind,
            other_id,
            [("merged_into", None, str(survivor_id))],
            cs_id,
            now,
        )
        change_set.status = ChangeSetStatus.DONE
        change_set.finished_at = utcnow()
        change_set.stats_json = json.dumps(plan.moved)
        uow.commit()
        return cs_id


def _item(
    change_set_id: int,
    kind: EntityKind,
    entity_id: int,
    action: ChangeAction,
    **before: Any,
) -> dict[str, Any]:
    return {
        "change_set_id": change_set_id,
        "entity_kind": kind.value,
        "entity_id": entity_id,
        "action": action.value,
        "before_json": json.dumps(before, ensure_ascii=False),
    }


def _refresh_index(conn: sa.Connection, kind: EntityKind, *ids: int) -> None:
    if kind is EntityKind.PERSON:
        search_index.refresh(conn, persons=ids)
    else:
        search_index.refresh(conn, organizations=ids)


# --------------------------------------------------------------------- undo


def undo_merge(ws: Workspace, change_set_id: int) -> None:
    """Put back exactly what the merge changed; refused once either record changed since."""
    with ws.write() as uow:
        change_set = uow.session.get(ChangeSet, change_set_id)
        if change_set is None or change_set.kind is not ChangeSetKind.MERGE:
            raise NotFoundError(f"Merge #{change_set_id} does not exist.")
        if change_set.status is ChangeSetStatus.UNDONE:
            raise ValidationError(f"The merge “{change_set.title}” has already been undone.")
        if change_set.status is not ChangeSetStatus.DONE:
            raise ValidationError(
                f"The merge “{change_set.title}” did not finish; nothing to undo."
            )
        entries = [
            (EntityKind(kind), json.loads(data or "{}"))
            for kind, data in uow.session.execute(
                sa.select(ChangeSetItem.entity_kind, ChangeSetItem.before_json)
                .where(ChangeSetItem.change_set_id == change_set_id)
                .order_by(ChangeSetItem.id)
            )
        ]
        by_role: dict[str, list[tuple[EntityKind, dict[str, Any]]]] = {}
        for kind, data in entries:
            by_role.setdefault(data["role"], []).append((kind, data))
        ((kind, survivor_data),) = by_role["survivor"]
        ((_, other_data),) = by_role["other"]
        survivor_id, other_id = int(survivor_data["id"]), int(other_data["id"])
        table = _card_table(kind)
        conn = uow.session.connection()
        _check_unchanged(conn, table, survivor_data, "the merged card")
        _check_unchanged(conn, table, other_data, "the card merged into it")

        survivor = _load(uow, kind, survivor_id)
        audit_before = _audit_snapshot(uow, survivor)
        now = utcnow()

        for data in (survivor_data, other_data):
            conn.execute(
                table.update()
                .where(table.c.id == data["id"], table.c.version == data["version_after"])
                .values(_decode_row(table, data["before"]))
            )
        _restore_tags(conn, kind, survivor_id, [int(t) for t in survivor_data["tag_ids"]])
        for _, data in by_role.get("deleted", []):
            _reinsert(conn, _TABLES[data["table"]], data["row"])
        for _, data in by_role.get("moved", []):
            _move_back(conn, _TABLES[data["table"]], data)
        _refresh_index(conn, kind, survivor_id, other_id)

        uow.session.expire_all()
        survivor = _load(uow, kind, survivor_id)
        changes = contacts.diff(audit_before, _audit_snapshot(uow, survivor))
        _audit_rows(uow, AuditAction.UNDO, kind, survivor_id, changes, change_set_id, now)
        _audit_rows(
            uow,
            AuditAction.UNDO,
            kind,
            other_id,
            [("merged_into", str(survivor_id), None)],
            change_set_id,
            now,
        )
        change_set.status = ChangeSetStatus.UNDONE
        change_set.undone_at = now
        change_set.undone_by_id = uow.user_id
        uow.commit()


def _check_unchanged(conn: sa.Connection, table: sa.Table, data: dict[str, Any], what: str) -> None:
    title_column = table.c.full_name if table is _persons else table.c.name
    row = conn.execute(
        sa.select(title_column, table.c.version).where(table.c.id == data["id"])
    ).first()
    if row is None:
        raise ValidationError(
            f"Cannot undo the merge: {what} (#{data['id']}) has been deleted permanently since."
        )
    if row[1] != data["version_after"]:
        raise ValidationError(
            f"Cannot undo the merge: “{row[0]}” has been changed since the merge "
            "(edited, trashed or restored)."
        )


def _restore_tags(conn: sa.Connection, kind: EntityKind, owner_id: int, tag_ids: list[int]) -> None:
    link = person_tags if kind is EntityKind.PERSON else organization_tags
    column = _owner_column(kind)
    conn.execute(link.delete().where(link.c[column] == owner_id))
    if not tag_ids:
        return
    existing = set(conn.scalars(sa.select(_tags.c.id).where(_tags.c.id.in_(tag_ids))))
    rows = [{column: owner_id, "tag_id": t} for t in tag_ids if t in existing]
    if rows:
        conn.execute(link.insert(), rows)


def _reinsert(conn: sa.Connection, table: sa.Table, data: dict[str, Any]) -> None:
    """A deleted row back under its old id (a new one if SQLite gave the id away since)."""
    row = _decode_row(table, data)
    taken = conn.scalar(sa.select(table.c.id).where(table.c.id == row["id"]))
    if taken is not None:
        del row["id"]
    conn.execute(table.insert().values(row))


def _move_back(conn: sa.Connection, table: sa.Table, data: dict[str, Any]) -> None:
    """A re-pointed row back to its old owner, unless it was moved elsewhere since."""
    after = _decode_row(table, data["after"])
    before = _decode_row(table, data["before"])
    owners = [c for c in after if c.endswith("_id")]
    current = conn.execute(sa.select(table).where(table.c.id == data["id"])).mappings().first()
    if current is None or any(current[c] != after[c] for c in owners):
        return
    if "version" in before and current["version"] != data["version_after"]:
        # edited since the merge: only the owner goes back, as a new change
        before = {c: before[c] for c in owners}
        before["version"] = current["version"] + 1
    conn.execute(table.update().where(table.c.id == data["id"]).values(before))


# -------------------------------------------------------------------- list


def list_merges(ws: Workspace, limit: int = 50) -> list[MergeRecord]:
    """The latest merges, newest first, for an "undo merge" list."""
    with ws.read() as uow:
        rows = uow.session.scalars(
            sa.select(ChangeSet)
            .where(ChangeSet.kind == ChangeSetKind.MERGE)
            .order_by(ChangeSet.started_at.desc(), ChangeSet.id.desc())
            .limit(max(1, limit))
        ).all()
        return [
            MergeRecord(id=cs.id, title=cs.title, at=cs.started_at, status=cs.status.value)
            for cs in rows
        ]
