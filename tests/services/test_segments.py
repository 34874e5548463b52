"""Saved segments on every engine: save, replace, rename, delete, reorder, sharing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import EntityKind, Role
from crm_desktop.errors import NotFoundError, ValidationError
from crm_desktop.services import segments
from crm_desktop.services.contact_list import ContactFilter
from crm_desktop.services.segments import Segment
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import SavedSegment, User

VIP = ContactFilter(tag="VIP")
MOSCOW = ContactFilter(city="Москва", no_contact_days=30)


def _names(items: list[Segment]) -> list[str]:
    return [s.name for s in items]


def test_save_and_list_in_order(ws: Workspace) -> None:
    assert segments.list_segments(ws) == []
    first = segments.save_segment(ws, "  VIP  клиенты ", VIP)
    second = segments.save_segment(ws, "Москва", MOSCOW)
    assert (first.name, first.filter, first.position) == ("VIP клиенты", VIP, 0)
    assert second.position == 1
    assert segments.list_segments(ws) == [first, second]
    with ws.read() as uow:
        row = uow.session.get(SavedSegment, first.id)
        assert row is not None
        assert (row.entity_kind, row.owner_id, row.is_shared) == (
            EntityKind.ORGANIZATION,
            ws.user_id,
            False,
        )


def test_same_name_replaces_the_filter_in_place(ws: Workspace) -> None:
    first = segments.save_segment(ws, "Мои", VIP)
    segments.save_segment(ws, "Другие", MOSCOW)
    again = segments.save_segment(ws, "МОИ", MOSCOW)
    assert (again.id, again.name, again.filter, again.position) == (first.id, "МОИ", MOSCOW, 0)
    assert _names(segments.list_segments(ws)) == ["МОИ", "Другие"]


@pytest.mark.parametrize(
    ("name", "flt", "field"),
    [("   ", VIP, "name"), ("x" * 201, VIP, "name"), ("Пустой", ContactFilter(), None)],
)
def test_bad_segments_are_refused(
    ws: Workspace, name: str, flt: ContactFilter, field: str | None
) -> None:
    with pytest.raises(ValidationError) as info:
        segments.save_segment(ws, name, flt)
    assert info.value.field == field
    assert segments.list_segments(ws) == []


def test_rename(ws: Workspace) -> None:
    a = segments.save_segment(ws, "Первый", VIP)
    b = segments.save_segment(ws, "Второй", MOSCOW)
    renamed = segments.rename_segment(ws, a.id, " Главный ")
    assert (renamed.id, renamed.name, renamed.filter) == (a.id, "Главный", VIP)
    assert segments.rename_segment(ws, a.id, "главный").name == "главный"  # its own name
    with pytest.raises(ValidationError, match="already have a segment named"):
        segments.rename_segment(ws, b.id, "ГЛАВНЫЙ")
    with pytest.raises(ValidationError):
        segments.rename_segment(ws, b.id, "")
    with pytest.raises(NotFoundError):
        segments.rename_segment(ws, 9999, "Нет")
    assert _names(segments.list_segments(ws)) == ["главный", "Второй"]


def test_delete_closes_the_gap(ws: Workspace) -> None:
    a, b, c = (segments.save_segment(ws, n, VIP) for n in ("A", "B", "C"))
    segments.delete_segment(ws, b.id)
    listed = segments.list_segments(ws)
    assert [(s.id, s.position) for s in listed] == [(a.id, 0), (c.id, 1)]
    with pytest.raises(NotFoundError):
        segments.delete_segment(ws, b.id)


def test_move(ws: Workspace) -> None:
    a, b, c, d = (segments.save_segment(ws, n, VIP) for n in ("A", "B", "C", "D"))
    assert _names(segments.move_segment(ws, d.id, 0)) == ["D", "A", "B", "C"]
    assert _names(segments.move_segment(ws, d.id, 2)) == ["A", "B", "D", "C"]
    assert _names(segments.move_segment(ws, a.id, 99)) == ["B", "D", "C", "A"]
    moved = segments.move_segment(ws, c.id, -5)
    assert [(s.name, s.position) for s in moved] == [("C", 0), ("B", 1), ("D", 2), ("A", 3)]
    assert segments.list_segments(ws) == moved
    assert segments.save_segment(ws, "E", VIP).position == 4
    with pytest.raises(NotFoundError):
        segments.move_segment(ws, 9999, 0)
    del b


def test_other_users_segments(ws: Workspace) -> None:
    mine = segments.save_segment(ws, "Мой", VIP)
    with ws.write() as uow:
        other = User(login="boris", display_name="Борис", role=Role.MANAGER)
        uow.session.add(other)
        uow.flush()
        uow.session.add_all(
            [
                SavedSegment(
                    name="Общий",
                    entity_kind=EntityKind.ORGANIZATION,
                    filter_json='{"city": "Тула", "future_key": 1}',
                    owner_id=other.id,
                    is_shared=True,
                ),
                SavedSegment(
                    name="Личный Бориса",
                    entity_kind=EntityKind.ORGANIZATION,
                    filter_json="{}",
                    owner_id=other.id,
                ),
                SavedSegment(
                    name="Сделки",
                    entity_kind=EntityKind.DEAL,
                    filter_json="{}",
                    owner_id=ws.user_id,
                ),
            ]
        )
        uow.commit()
    listed = segments.list_segments(ws)
    assert _names(listed) == ["Мой", "Общий"]
    assert listed[1].filter == ContactFilter(city="Тула")
    shared_id = listed[1].id
    for change in (
        lambda: segments.rename_segment(ws, shared_id, "Мой общий"),
        lambda: segments.delete_segment(ws, shared_id),
        lambda: segments.move_segment(ws, shared_id, 0),
    ):
        with pytest.raises(NotFoundError):
            change()
    # the same name as another user's segment is fine; a deal segment is another list
    assert segments.save_segment(ws, "Общий", VIP).id != shared_id
    assert segments.save_segment(ws, "Сделки", VIP).position == 2
    assert _names(segments.list_segments(ws, EntityKind.DEAL)) == ["Сделки"]
    with ws.read() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(SavedSegment)) == 6
    assert mine in segments.list_segments(ws)
