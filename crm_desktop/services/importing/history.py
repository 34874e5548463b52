"""The import history: list the batches, and undo one (even days later).

Undo removes the records the import created (their phones, e-mails, tags, key dates,
custom values and search rows go with them), puts back the previous values of the
existing records it merged into or updated, removes the phones, e-mails, tags, birthdays
and custom values it added to them, and deletes the tags and custom fields it created
when nothing else uses them. It is refused, naming the record, when one of them has
been changed since (edited, trashed, merged) or has been linked to since (a deal, a
task, a note, a person of another import).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from crm_desktop.domain.kinds import AuditAction, ChangeSetKind, ChangeSetStatus, EntityKind
from crm_desktop.errors import NotFoundError, ValidationError
from crm_desktop.services.importing.applying import (
    AUDIT,
    EMAILS,
    FIELD_DEFS,
    FIELD_VALUES,
    KEY_DATES,
    ORGS,
    OWNER_COLUMNS,
    PERSONS,
    PHONES,
    STAMPS,
    TAGS,
    audit_row,
    created_ids,
)
from crm_desktop.services.importing.planning import chunks
from crm_desktop.services.merge import _decode_row
from crm_desktop.services.progress import Progress, Ticker
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import bulk, search_index
from crm_desktop.storage.models import (
    Activity,
    ChangeSet,
    ChangeSetItem,
    Deal,
    Note,
    User,
    organization_tags,
    person_tags,
    table_of,
    utcnow,
)

_ITEMS = table_of(ChangeSetItem)
_LINKED = (table_of(Deal), table_of(Activity), table_of(Note))
_LINK_WHAT = {"deals": "a deal", "activities": "a task or activity", "notes": "a note"}


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """One import in the history."""

    id: int
    file_name: str
    at: datetime
    user: str | None
    status: str  # 'done', 'undone' (a failed or cancelled import leaves no batch)
    counts: dict[str, int] = field(default_factory=dict)
    undone_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "import_id": self.id,
            "file": self.file_name,
            "at": self.at.isoformat(),
            "user": self.user,
            "status": self.status,
            "undone_at": self.undone_at.isoformat() if self.undone_at else None,
            **self.counts,
        }


@dataclass(frozen=True, slots=True)
class UndoResult:
    import_id: int
    organizations_removed: int
    persons_removed: int
    records_restored: int


def list_imports(ws: Workspace, limit: int = 100) -> list[ImportBatch]:
    """The latest imports, newest first."""
    with ws.read() as uow:
        rows = uow.session.execute(
            sa.select(ChangeSet, User.display_name)
            .outerjoin(User, User.id == ChangeSet.user_id)
            .where(ChangeSet.kind == ChangeSetKind.IMPORT)
            .order_by(ChangeSet.started_at.desc(), ChangeSet.id.desc())
            .limit(max(1, limit))
        ).all()
        out = []
        for cs, user in rows:
            stats = json.loads(cs.stats_json or "{}")
            out.append(
                ImportBatch(
                    id=cs.id,
                    file_name=(cs.source_name or "").replace("\\", "/").rsplit("/", 1)[-1],
                    at=cs.started_at,
                    user=user,
                    status=cs.status.value,
                    counts=dict(stats.get("counts", {})),
                    undone_at=cs.undone_at,
                )
            )
        return out


def _refuse(import_id: int, what: str) -> ValidationError:
    return ValidationError(f"Cannot undo import #{import_id}: {what}.")


def _check_created(
    conn: sa.Connection,
    import_id: int,
    stamp: datetime,
    persons: tuple[int, int] | None,
    orgs: tuple[int, int] | None,
) -> None:
    """Refuse when a created record changed since, or something else now points to it."""
    for table, span, title in (
        (PERSONS, persons, PERSONS.c.full_name),
        (ORGS, orgs, ORGS.c.name),
    ):
        if span is None:
            continue
        row = conn.execute(
            sa.select(table.c.id, title)
            .where(
                table.c.id.between(*span),
                sa.or_(table.c.version != 1, table.c.created_at != stamp),
            )
            .order_by(table.c.id)
            .limit(1)
        ).first()
        if row is not None:
            raise _refuse(
                import_id, f"“{row[1] or '#' + str(row[0])}” was changed after the import"
            )
        owner = "person_id" if table is PERSONS else "organization_id"
        for linked in _LINKED:
            hit = conn.execute(
                sa.select(linked.c[owner], title)
                .join(table, table.c.id == linked.c[owner])
                .where(linked.c[owner].between(*span))
                .limit(1)
            ).first()
            if hit is not None:
                raise _refuse(
                    import_id,
                    f"“{hit[1] or '#' + str(hit[0])}” has {_LINK_WHAT[linked.name]} since",
                )
    if orgs is not None:
        outside: sa.ColumnElement[bool] = PERSONS.c.organization_id.between(*orgs)
        if persons is not None:
            outside = sa.and_(outside, sa.not_(PERSONS.c.id.between(*persons)))
        hit = conn.execute(
            sa.select(PERSONS.c.full_name, ORGS.c.name)
            .join(ORGS, ORGS.c.id == PERSONS.c.organization_id)
            .where(outside)
            .limit(1)
        ).first()
        if hit is not None:
            raise _refuse(import_id, f"“{hit[0]}” has been added to “{hit[1]}” since")


def _check_touched(
    conn: sa.Connection, import_id: int, items: list[tuple[EntityKind, int, dict[str, Any]]]
) -> None:
    for kind, table in ((EntityKind.ORGANIZATION, ORGS), (EntityKind.PERSON, PERSONS)):
        expected = {i: data["version_after"] for k, i, data in items if k is kind}
        title = ORGS.c.name if table is ORGS else PERSONS.c.full_name
        for batch in chunks(sorted(expected)):
            found = {
                row_id: (version, name)
                for row_id, version, name in conn.execute(
                    sa.select(table.c.id, table.c.version, title).where(table.c.id.in_(batch))
                )
            }
            for row_id in batch:
                if row_id not in found:
                    raise _refuse(import_id, f"record #{row_id} has been deleted since")
                version, name = found[row_id]
                if version != expected[row_id]:
                    raise _refuse(import_id, f"“{name}” was changed after the import")


def undo_import(ws: Workspace, import_id: int, progress: Progress | None = None) -> UndoResult:
    """Put the base back as it was before import `import_id` (see the module docstring)."""
    with ws.write() as uow:
        cs = uow.session.get(ChangeSet, import_id)
        if cs is None or cs.kind is not ChangeSetKind.IMPORT:
            raise NotFoundError(f"Import #{import_id} does not exist.")
        if cs.status is ChangeSetStatus.UNDONE:
            raise ValidationError(f"Import #{import_id} has already been undone.")
        if cs.status is not ChangeSetStatus.DONE:
            raise ValidationError(f"Import #{import_id} did not finish; nothing to undo.")
        stats = json.loads(cs.stats_json or "{}")
        ranges = stats.get("created", {})
        stamp = datetime.fromisoformat(stats["stamp"])
        conn = uow.session.connection()
        items = [
            (EntityKind(kind), entity_id, json.loads(data or "{}"))
            for kind, entity_id, data in conn.execute(
                sa.select(_ITEMS.c.entity_kind, _ITEMS.c.entity_id, _ITEMS.c.before_json)
                .where(_ITEMS.c.change_set_id == import_id)
                .order_by(_ITEMS.c.id)
            )
        ]
        persons = created_ids(ranges, PERSONS)
        orgs = created_ids(ranges, ORGS)
        _check_created(conn, import_id, stamp, persons, orgs)
        _check_touched(conn, import_id, items)
        ticker = Ticker(progress, len(items) + 10, step=1)
        now = utcnow()
        audit: list[dict[str, Any]] = []

        # existing records: values back, added children removed
        touched: dict[EntityKind, list[int]] = {EntityKind.ORGANIZATION: [], EntityKind.PERSON: []}
        for kind, entity_id, data in items:
            table = ORGS if kind is EntityKind.ORGANIZATION else PERSONS
            before = _decode_row(table, data["before"])
            conn.execute(
                table.update()
                .where(table.c.id == entity_id, table.c.version == data["version_after"])
                .values(before)
            )
            link = organization_tags if kind is EntityKind.ORGANIZATION else person_tags
            owner = "organization_id" if kind is EntityKind.ORGANIZATION else "person_id"
            if data["tags_added"]:
                conn.execute(
                    link.delete().where(
                        link.c[owner] == entity_id, link.c.tag_id.in_(data["tags_added"])
                    )
                )
            birthday = data.get("birthday_before")
            if birthday:
                conn.execute(
                    KEY_DATES.update()
                    .where(KEY_DATES.c.id == birthday["id"])
                    .values(year=birthday["year"], month=birthday["month"], day=birthday["day"])
                )
            touched[kind].append(entity_id)
            changed = [c for c in data["before"] if c not in STAMPS]
            audit += [
                audit_row(uow.user_id, now, AuditAction.UNDO, kind, entity_id, import_id, c)
                for c in changed
            ] or [audit_row(uow.user_id, now, AuditAction.UNDO, kind, entity_id, import_id)]
            ticker.advance()
        for table in (PHONES, EMAILS, KEY_DATES, FIELD_VALUES):
            span = created_ids(ranges, table)
            if span is None:
                continue
            for kind, owner in OWNER_COLUMNS:
                for batch in chunks(touched[kind]):
                    conn.execute(
                        table.delete().where(table.c.id.between(*span), table.c[owner].in_(batch))
                    )
        ticker.advance()

        # created records: children first (cheap deletes by owner range), then the records
        for span, owner, parent in (
            (persons, "person_id", PERSONS),
            (orgs, "organization_id", ORGS),
        ):
            if span is None:
                continue
            link = person_tags if parent is PERSONS else organization_tags
            for child in (PHONES, EMAILS, KEY_DATES, FIELD_VALUES, link):
                conn.execute(child.delete().where(child.c[owner].between(*span)))
            conn.execute(parent.delete().where(parent.c.id.between(*span)))
            ticker.advance()
        for table, used_by in (
            (TAGS, (person_tags, organization_tags)),
            (FIELD_DEFS, (FIELD_VALUES,)),
        ):
            span = created_ids(ranges, table)
            if span is None:
                continue
            column = "tag_id" if table is TAGS else "field_id"
            in_use = sa.or_(*[sa.exists().where(link.c[column] == table.c.id) for link in used_by])
            conn.execute(table.delete().where(table.c.id.between(*span), sa.not_(in_use)))
        ticker.advance()

        person_ids = [
            *touched[EntityKind.PERSON],
            *(range(persons[0], persons[1] + 1) if persons else ()),
        ]
        org_ids = [
            *touched[EntityKind.ORGANIZATION],
            *(range(orgs[0], orgs[1] + 1) if orgs else ()),
        ]
        search_index.refresh(conn, persons=person_ids, organizations=org_ids)
        ticker.advance()
        for kind, span in ((EntityKind.PERSON, persons), (EntityKind.ORGANIZATION, orgs)):
            if span is not None:
                audit += [
                    audit_row(uow.user_id, now, AuditAction.DELETE, kind, i, import_id)
                    for i in range(span[0], span[1] + 1)
                ]
        bulk.insert_rows(conn, AUDIT, audit)
        cs.status = ChangeSetStatus.UNDONE
        cs.undone_at = now
        cs.undone_by_id = uow.user_id
        uow.commit()
    ticker.finish()
    return UndoResult(
        import_id=import_id,
        organizations_removed=(orgs[1] - orgs[0] + 1) if orgs else 0,
        persons_removed=(persons[1] - persons[0] + 1) if persons else 0,
        records_restored=len(items),
    )
