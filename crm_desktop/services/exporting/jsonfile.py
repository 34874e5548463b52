"""Export of the contact base as JSON (the CLI's `export --format json`), streamed."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, TextIO

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.services import access
from crm_desktop.services.exporting.tables import visible
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Email,
    Organization,
    Person,
    Phone,
    Tag,
    organization_tags,
    person_tags,
)

BATCH = 2000


def _details(
    session: Session, owner: str, ids: list[int]
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, list[str]], dict[int, list[str]]]:
    phones: dict[int, list[dict[str, Any]]] = defaultdict(list)
    owner_col = getattr(Phone, owner)
    for row in session.execute(
        sa.select(owner_col, Phone.raw, Phone.e164, Phone.extension, Phone.kind, Phone.is_valid)
        .where(owner_col.in_(ids))
        .order_by(owner_col, Phone.position, Phone.id)
    ):
        phones[row[0]].append(
            {
                "raw": row[1],
                "e164": row[2],
                "extension": row[3],
                "kind": row[4].value,
                "valid": row[5],
            }
        )
    emails: dict[int, list[str]] = defaultdict(list)
    email_col = getattr(Email, owner)
    for oid, address in session.execute(
        sa.select(email_col, Email.address)
        .where(email_col.in_(ids))
        .order_by(email_col, Email.position, Email.id)
    ):
        emails[oid].append(address)
    tags: dict[int, list[str]] = defaultdict(list)
    link = organization_tags if owner == "organization_id" else person_tags
    link_col = link.c[owner]
    for oid, name in session.execute(
        sa.select(link_col, Tag.name)
        .join(Tag, Tag.id == link.c.tag_id)
        .where(link_col.in_(ids))
        .order_by(link_col, Tag.name)
    ):
        tags[oid].append(name)
    return phones, emails, tags


def _person_dicts(session: Session, persons: list[Person]) -> list[dict[str, Any]]:
    ids = [p.id for p in persons]
    phones, emails, tags = _details(session, "person_id", ids)
    return [
        {
            "id": p.id,
            "full_name": p.full_name,
            "last_name": p.last_name,
            "first_name": p.first_name,
            "middle_name": p.middle_name,
            "position": p.position,
            "city": p.city,
            "phones": phones.get(p.id, []),
            "emails": emails.get(p.id, []),
            "tags": tags.get(p.id, []),
        }
        for p in persons
    ]


def _batches(
    session: Session, stmt: sa.Select[*tuple[Any, ...]], id_col: Any
) -> Iterator[list[Any]]:
    """Rows of `stmt` (ordered by id) in batches, by keyset pagination."""
    last_id = 0
    while True:
        rows = list(session.scalars(stmt.where(id_col > last_id).limit(BATCH)))
        if not rows:
            return
        yield rows
        last_id = rows[-1].id


def export_json(ws: Workspace, out: TextIO) -> dict[str, int]:
    """Stream the live contact base to `out`; returns the counts written."""
    access.require(ws.user, access.Action.EXPORT, EntityKind.PERSON)
    counts = {"organizations": 0, "persons": 0}
    with ws.read() as uow:
        s = uow.session
        out.write('{\n"organizations": [')
        first = True
        for orgs in _batches(
            s,
            sa.select(Organization).where(visible(Organization)).order_by(Organization.id),
            Organization.id,
        ):
            ids = [o.id for o in orgs]
            phones, emails, tags = _details(s, "organization_id", ids)
            staff: dict[int, list[Person]] = defaultdict(list)
            for p in s.scalars(
                sa.select(Person)
                .where(Person.organization_id.in_(ids), visible(Person))
                .order_by(Person.id)
            ):
                assert p.organization_id is not None
                staff[p.organization_id].append(p)
            for o in orgs:
                people = _person_dicts(s, staff.get(o.id, []))
                item = {
                    "id": o.id,
                    "name": o.name,
                    "inn": o.inn,
                    "city": o.city,
                    "address": o.address,
                    "website": o.website,
                    "phones": phones.get(o.id, []),
                    "emails": emails.get(o.id, []),
                    "tags": tags.get(o.id, []),
                    "persons": people,
                }
                out.write(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
                first = False
                counts["organizations"] += 1
                counts["persons"] += len(people)
        out.write('\n],\n"persons_without_organization": [')
        first = True
        for persons in _batches(
            s,
            sa.select(Person)
            .where(Person.organization_id.is_(None), visible(Person))
            .order_by(Person.id),
            Person.id,
        ):
            for item in _person_dicts(s, persons):
                out.write(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
                first = False
                counts["persons"] += 1
        out.write("\n]\n}\n")
    return counts
