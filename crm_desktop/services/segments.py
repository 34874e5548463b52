"""Saved segments: named filters of the contact tree, listed in the navigation.

A segment belongs to the current user (``ws.user_id``); the list shows the user's own
segments in their order, then segments other users shared (read-only here). The
contact tree's segments are stored with ``entity_kind = organization`` (the tree's
top level); `kind` lets other lists keep their own segments later.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.domain.names import fold
from crm_desktop.errors import NotFoundError, ValidationError
from crm_desktop.services.contact_list import ContactFilter
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import SavedSegment

CONTACTS = EntityKind.ORGANIZATION  # the kind the contact tree's segments are saved under
MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class Segment:
    id: int
    name: str
    filter: ContactFilter
    position: int


def _segment(row: SavedSegment) -> Segment:
    return Segment(
        id=row.id,
        name=row.name,
        filter=ContactFilter.from_json(row.filter_json),
        position=row.position,
    )


def _owned_by(user_id: int | None) -> sa.ColumnElement[bool]:
    if user_id is None:
        return SavedSegment.owner_id.is_(None)
    return SavedSegment.owner_id == user_id


def _own(session: Session, user_id: int | None, kind: EntityKind) -> list[SavedSegment]:
    return list(
        session.scalars(
            sa.select(SavedSegment)
            .where(_owned_by(user_id), SavedSegment.entity_kind == kind)
            .order_by(SavedSegment.position, SavedSegment.id)
        )
    )


def _clean_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("Enter a name for the segment.", field="name")
    if len(clean) > MAX_NAME:
        raise ValidationError(
            f"A segment name can be at most {MAX_NAME} characters long.", field="name"
        )
    return clean


def _find_own(session: Session, user_id: int | None, segment_id: int) -> SavedSegment:
    row = session.get(SavedSegment, segment_id)
    if row is None or row.owner_id != user_id:
        raise NotFoundError(f"Segment #{segment_id} does not exist (or is not yours to change).")
    return row


def list_segments(ws: Workspace, kind: EntityKind = CONTACTS) -> list[Segment]:
    """The user's segments in their order, then those shared by other users (by name)."""
    with ws.read() as uow:
        own = _own(uow.session, ws.user_id, kind)
        shared = uow.session.scalars(
            sa.select(SavedSegment).where(
                sa.not_(_owned_by(ws.user_id)),
                SavedSegment.is_shared.is_(True),
                SavedSegment.entity_kind == kind,
            )
        ).all()
        others = sorted(shared, key=lambda s: (fold(s.name), s.id))
        return [_segment(row) for row in [*own, *others]]


def save_segment(
    ws: Workspace, name: str, flt: ContactFilter, kind: EntityKind = CONTACTS
) -> Segment:
    """Save the filter under a name; the user's segment of the same name is replaced.

    Names compare case-insensitively ('VIP Москва' = 'vip москва'): saving again under
    a name the user already has gives that segment the new filter (and the name's new
    spelling) and keeps its place in the list — "save" means "keep this view under
    this name", not "add another". A new segment goes to the end of the list. An empty
    filter is refused: a segment showing everything is the unfiltered list itself.
    """
    clean = _clean_name(name)
    if flt.is_empty():
        raise ValidationError("Choose at least one filter before saving it as a segment.")
    with ws.write() as uow:
        own = _own(uow.session, ws.user_id, kind)
        row = next((s for s in own if fold(s.name) == fold(clean)), None)
        if row is None:
            row = SavedSegment(
                name=clean,
                entity_kind=kind,
                filter_json=flt.to_json(),
                owner_id=ws.user_id,
                is_shared=False,
                position=max((s.position for s in own), default=-1) + 1,
            )
            uow.session.add(row)
        else:
            row.name = clean
            row.filter_json = flt.to_json()
        uow.flush()
        segment = _segment(row)
        uow.commit()
        return segment


def rename_segment(ws: Workspace, segment_id: int, name: str) -> Segment:
    """Rename one of the user's segments; a name another of them has is refused."""
    clean = _clean_name(name)
    with ws.write() as uow:
        row = _find_own(uow.session, ws.user_id, segment_id)
        clash = any(
            s.id != row.id and fold(s.name) == fold(clean)
            for s in _own(uow.session, ws.user_id, row.entity_kind)
        )
        if clash:
            raise ValidationError(f"You already have a segment named “{clean}”.", field="name")
        row.name = clean
        segment = _segment(row)
        uow.commit()
        return segment


def delete_segment(ws: Workspace, segment_id: int) -> None:
    """Delete one of the user's segments (the contacts it showed are not touched)."""
    with ws.write() as uow:
        row = _find_own(uow.session, ws.user_id, segment_id)
        kind = row.entity_kind
        uow.session.delete(row)
        uow.flush()
        for position, other in enumerate(_own(uow.session, ws.user_id, kind)):
            other.position = position
        uow.commit()


def move_segment(ws: Workspace, segment_id: int, new_position: int) -> list[Segment]:
    """Move one of the user's segments to `new_position` (0 = first; clamped to the list).

    Returns the user's segments of that kind in their new order (positions 0, 1, …).
    """
    with ws.write() as uow:
        row = _find_own(uow.session, ws.user_id, segment_id)
        own = [s for s in _own(uow.session, ws.user_id, row.entity_kind) if s.id != row.id]
        own.insert(max(0, min(new_position, len(own))), row)
        for position, item in enumerate(own):
            item.position = position
        uow.flush()
        result = [_segment(s) for s in own]
        uow.commit()
        return result
