"""No lost updates: an edit saved over a record someone else changed since the editor
opened merges different fields and reports the same field changed differently
(services/conflicts.py), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from crm_desktop.domain.clock import ManualClock
from crm_desktop.domain.kinds import ActivityKind, EmailKind, Role, StageKind
from crm_desktop.errors import ConcurrentEditError, EditConflictError
from crm_desktop.services import activities, conflicts, contacts, deals
from crm_desktop.services.deals import DealInput, PipelineEdit, StageEdit
from crm_desktop.services.dto import (
    EmailInput,
    OrganizationInput,
    PersonCard,
    PersonInput,
    PhoneInput,
)
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import User

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


@contextmanager
def as_user(ws: Workspace, user_id: int) -> Iterator[None]:
    """The same base, saved by another user (what another desktop does)."""
    saved = ws.user_id
    ws.user_id = user_id
    try:
        yield
    finally:
        ws.user_id = saved


@pytest.fixture
def other(ws: Workspace) -> int:
    with ws.write() as uow:
        user = User(login="petrova", display_name="Анна Петрова", role=Role.MANAGER)
        uow.session.add(user)
        uow.commit()
        return user.id


def _person(ws: Workspace) -> PersonCard:
    return contacts.create_person(
        ws,
        PersonInput(
            last_name="Иванов",
            first_name="Иван",
            city="Москва",
            position="Менеджер",
            phones=[PhoneInput("+7 495 123-45-67")],
            emails=[EmailInput("ivanov@example.ru")],
            tags=["vip"],
        ),
    )


# ------------------------------------------------------------------ the merge itself


def test_merge_rules_per_field() -> None:
    base = OrganizationInput(name="Ромашка", city="Москва", notes="a", kpp=None)
    theirs = replace(base, city="Казань", notes="b", kpp="770101001")
    mine = replace(base, city="Казань", notes="c", website="romashka.ru")
    result = conflicts.merge(base, theirs, mine, conflicts.ORGANIZATION_SPEC)
    assert [f.name for f in result.conflicts] == ["notes"]  # both, differently
    assert result.mine_applied == ("website",)
    assert set(result.theirs_kept) == {"kpp", "city"}  # city: the same change on both sides
    assert result.merged.website == "romashka.ru" and result.merged.kpp == "770101001"


def test_blank_and_none_and_tag_order_are_no_change() -> None:
    base = PersonInput(last_name="Иванов", city=None, tags=["a", "B"])
    mine = replace(base, city="  ", tags=["b", "a"], full_name="")
    theirs = replace(base, position="Директор")
    result = conflicts.merge(base, theirs, mine, conflicts.PERSON_SPEC)
    assert not result.conflicts and not result.mine_applied
    assert result.merged.position == "Директор"


# ------------------------------------------------------------------ persons, organizations


def test_person_different_fields_merge(ws: Workspace, other: int) -> None:
    card = _person(ws)
    base = conflicts.person_input(card)
    with as_user(ws, other):
        contacts.update_person(
            ws, card.id, replace(base, city="Казань"), expected_version=card.version
        )
    saved = contacts.update_person(
        ws, card.id, replace(base, position="Директор"), expected_version=card.version, base=base
    )
    assert (saved.city, saved.position) == ("Казань", "Директор")
    assert saved.version > card.version + 1  # theirs, then mine


def test_person_same_field_conflict_and_resolution(ws: Workspace, other: int) -> None:
    card = _person(ws)
    base = conflicts.person_input(card)
    with as_user(ws, other):
        contacts.update_person(
            ws,
            card.id,
            replace(
                base, city="Казань", phones=[PhoneInput("+7 495 123-45-67", comment="мобильный")]
            ),
            expected_version=card.version,
        )
    mine = replace(
        base,
        city="Самара",
        phones=[PhoneInput("+7 495 123-45-67", comment="рабочий")],  # the same phone
        notes="звонил",
    )
    with pytest.raises(EditConflictError) as caught:
        contacts.update_person(ws, card.id, mine, expected_version=card.version, base=base)
    error = caught.value
    assert isinstance(error, ConcurrentEditError)
    rows = {f.name: f for f in error.fields}
    assert set(rows) == {"city", "phones"}
    assert (rows["city"].base, rows["city"].theirs, rows["city"].mine) == (
        "Москва",
        "Казань",
        "Самара",
    )
    assert rows["phones"].base == "+7 495 123-45-67"
    assert rows["phones"].theirs == "+7 495 123-45-67 (мобильный)"
    assert rows["phones"].mine == "+7 495 123-45-67 (рабочий)"
    assert error.changed_by == "Анна Петрова" and "Анна Петрова" in error.message
    # nothing was written
    now = contacts.get_person(ws, card.id)
    assert (now.city, now.notes, now.version) == ("Казань", None, error.version)
    # keep their phone, use my city; my notes merged without asking
    resolved = error.resolve({"city": "mine", "phones": "theirs"})
    saved = contacts.update_person(
        ws, card.id, resolved, expected_version=error.version, base=error.theirs
    )
    assert (saved.city, saved.notes) == ("Самара", "звонил")
    assert [p.comment for p in saved.phones] == ["мобильный"]


def test_resolution_can_conflict_again(ws: Workspace, other: int) -> None:
    card = _person(ws)
    base = conflicts.person_input(card)
    with as_user(ws, other):
        contacts.update_person(
            ws, card.id, replace(base, city="Казань"), expected_version=card.version
        )
    with pytest.raises(EditConflictError) as first:
        contacts.update_person(
            ws, card.id, replace(base, city="Самара"), expected_version=card.version, base=base
        )
    with as_user(ws, other):  # changed again while the dialog was open
        contacts.update_person(
            ws,
            card.id,
            replace(first.value.theirs, city="Уфа"),
            expected_version=first.value.version,
        )
    with pytest.raises(EditConflictError) as second:
        contacts.update_person(
            ws,
            card.id,
            first.value.resolve({"city": "mine"}),
            expected_version=first.value.version,
            base=first.value.theirs,
        )
    row = second.value.fields[0]
    assert (row.base, row.theirs, row.mine) == ("Казань", "Уфа", "Самара")


@pytest.mark.parametrize("field", ["phones", "emails", "tags"])
def test_lists_merge_item_by_item(ws: Workspace, other: int, field: str) -> None:
    card = _person(ws)
    base = conflicts.person_input(card)
    theirs_added = {
        "phones": [PhoneInput("+7 495 123-45-67"), PhoneInput("+7 903 000-00-01")],
        "emails": [EmailInput("ivanov@example.ru"), EmailInput("i@corp.ru")],
        "tags": ["vip", "опт"],
    }[field]
    mine_added = {
        "phones": [PhoneInput("+7 495 123-45-67"), PhoneInput("+7 999 555-44-33")],
        "emails": [EmailInput("ivanov@example.ru"), EmailInput("new@example.ru")],
        "tags": ["vip", "розница"],
    }[field]
    with as_user(ws, other):
        contacts.update_person(
            ws, card.id, replace(base, **{field: theirs_added}), expected_version=card.version
        )
    merged = contacts.update_person(
        ws, card.id, replace(base, **{field: mine_added}), expected_version=card.version,
        base=base,
    )  # fmt: skip
    assert len(getattr(merged, field)) == 3  # the old item, theirs and mine


@pytest.mark.parametrize("field", ["phones", "emails"])  # a tag has nothing to change
def test_a_list_item_changed_on_one_side_and_removed_on_the_other_conflicts(
    ws: Workspace, other: int, field: str
) -> None:
    card = _person(ws)
    base = conflicts.person_input(card)
    theirs_changed = {
        "phones": [PhoneInput("+7 495 123-45-67", comment="мобильный")],
        "emails": [EmailInput("ivanov@example.ru", EmailKind.PERSONAL)],
    }[field]
    mine_replaced = {
        "phones": [PhoneInput("+7 999 555-44-33")],
        "emails": [EmailInput("new@example.ru")],
    }[field]
    with as_user(ws, other):
        contacts.update_person(
            ws, card.id, replace(base, **{field: theirs_changed}), expected_version=card.version
        )
    # my change to another list merges, and keeps their change of this one
    merged = contacts.update_person(
        ws, card.id, replace(base, tags=["новый"]), expected_version=card.version, base=base
    )
    assert getattr(conflicts.person_input(merged), field) == theirs_changed
    with pytest.raises(EditConflictError) as caught:
        contacts.update_person(
            ws, card.id, replace(base, **{field: mine_replaced}), expected_version=card.version,
            base=base,
        )  # fmt: skip
    assert [f.name for f in caught.value.fields] == [field]


def test_phones_only_change_makes_a_new_version(ws: Workspace) -> None:
    card = _person(ws)
    base = conflicts.person_input(card)
    saved = contacts.update_person(
        ws, card.id, replace(base, phones=[PhoneInput("+7 903 000-00-01")]),
        expected_version=card.version,
    )  # fmt: skip
    assert saved.version == card.version + 1
    with pytest.raises(ConcurrentEditError):  # without a base: refused as before
        contacts.update_person(ws, card.id, base, expected_version=card.version)


def test_organization_merge_and_conflict(ws: Workspace, other: int) -> None:
    org = contacts.create_organization(ws, OrganizationInput(name="ООО Ромашка", city="Москва"))
    base = conflicts.organization_input(org)
    with as_user(ws, other):
        contacts.update_organization(
            ws, org.id, replace(base, industry="Опт", city="Тверь"), expected_version=org.version
        )
    saved = contacts.update_organization(
        ws, org.id, replace(base, website="romashka.ru"), expected_version=org.version, base=base
    )
    assert (saved.industry, saved.city, saved.website) == ("Опт", "Тверь", "romashka.ru")
    with pytest.raises(EditConflictError) as caught:
        contacts.update_organization(
            ws, org.id, replace(base, city="Калуга"), expected_version=org.version, base=base
        )
    assert [(f.label, f.theirs, f.mine) for f in caught.value.fields] == [
        ("City", "Тверь", "Калуга")
    ]


# ------------------------------------------------------------------ deals


@pytest.fixture
def pipeline(ws: Workspace) -> dict[str, int]:
    view = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "Продажи",
            [
                StageEdit(None, "Новый лид", StageKind.OPEN, 10),
                StageEdit(None, "Переговоры", StageKind.OPEN, 50),
                StageEdit(None, "Договор", StageKind.OPEN, 80),
                StageEdit(None, "Успешно", StageKind.WON, 100),
                StageEdit(None, "Проиграно", StageKind.LOST, 0),
            ],
        ),
    )
    ids = {s.name: s.id for s in view.stages}
    ids["pipeline"] = view.id
    return ids


def _deal(ws: Workspace, pipeline: dict[str, int]) -> tuple[deals.DealCard, DealInput]:
    org = contacts.create_organization(ws, OrganizationInput(name="ООО Ромашка"))
    data = DealInput(
        title="Поставка",
        pipeline_id=pipeline["pipeline"],
        stage_id=pipeline["Новый лид"],
        organization_id=org.id,
        amount_minor=100_000,
    )
    return deals.create_deal(ws, data), data


def test_deal_editor_merge_and_conflict(
    ws: Workspace, other: int, pipeline: dict[str, int]
) -> None:
    card, _data = _deal(ws, pipeline)
    base = deals_input(ws, card.id)
    with as_user(ws, other):
        deals.update_deal(
            ws, card.id, replace(base, amount_minor=250_000), expected_version=card.version
        )
    saved = deals.update_deal(
        ws, card.id, replace(base, source="Выставка"), expected_version=card.version, base=base
    )
    assert (saved.amount_minor, deals.get_deal(ws, card.id).source) == (250_000, "Выставка")
    with pytest.raises(EditConflictError) as caught:
        deals.update_deal(
            ws,
            card.id,
            replace(base, amount_minor=90_000),
            expected_version=card.version,
            base=base,
        )
    row = caught.value.fields[0]
    assert row.name == "amount"
    assert (row.base, row.theirs, row.mine) == ("1 000.00 RUB", "2 500.00 RUB", "900.00 RUB")


def deals_input(ws: Workspace, deal_id: int) -> DealInput:
    with ws.read() as uow:
        from crm_desktop.storage.models import Deal

        deal = uow.session.get(Deal, deal_id)
        assert deal is not None
        return conflicts.deal_input(deal)


def test_board_move_over_another_field_change_moves(
    ws: Workspace, other: int, pipeline: dict[str, int]
) -> None:
    card, _ = _deal(ws, pipeline)
    with as_user(ws, other):
        deals.update_deal(
            ws,
            card.id,
            replace(deals_input(ws, card.id), title="Поставка труб"),
            expected_version=card.version,
        )
    moved = deals.move_deal(
        ws,
        card.id,
        pipeline["Переговоры"],
        expected_version=card.version,
        from_stage_id=card.stage_id,
    )
    assert (moved.stage_id, moved.title) == (pipeline["Переговоры"], "Поставка труб")


def test_board_move_over_another_move_conflicts(
    ws: Workspace, other: int, pipeline: dict[str, int]
) -> None:
    card, _ = _deal(ws, pipeline)
    with as_user(ws, other):
        deals.move_deal(ws, card.id, pipeline["Договор"], expected_version=card.version)
    with pytest.raises(EditConflictError) as caught:
        deals.move_deal(
            ws,
            card.id,
            pipeline["Переговоры"],
            expected_version=card.version,
            from_stage_id=card.stage_id,
        )
    row = caught.value.fields[0]
    assert (row.name, row.base, row.theirs, row.mine) == (
        "stage",
        "Новый лид",
        "Договор",
        "Переговоры",
    )
    assert "Анна Петрова moved the deal" in caught.value.message
    assert deals.get_deal(ws, card.id).card.stage_id == pipeline["Договор"]
    # the same move on both sides is no conflict
    same = deals.move_deal(
        ws, card.id, pipeline["Договор"], expected_version=card.version, from_stage_id=card.stage_id
    )
    assert same.stage_id == pipeline["Договор"]


# ------------------------------------------------------------------ activities


def _activity(ws: Workspace, clock: ManualClock) -> activities.ActivityView:
    return activities.create_activity(
        ws,
        activities.ActivityInput(
            subject="Позвонить",
            kind=ActivityKind.CALL_OUT,
            start_at=NOW + timedelta(hours=2),
            end_at=NOW + timedelta(hours=3),
        ),
        clock=clock,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW, tz=UTC)


def test_activity_editor_merge_and_conflict(ws: Workspace, other: int, clock: ManualClock) -> None:
    view = _activity(ws, clock)
    base = activities.input_from_view(view, clock.tz)
    with as_user(ws, other):
        activities.update_activity(
            ws, view.id, replace(base, location="Офис"), expected_version=view.version, clock=clock
        )
    saved = activities.update_activity(
        ws, view.id, replace(base, description="Про договор"), expected_version=view.version,
        clock=clock, base=base,
    )  # fmt: skip
    assert (saved.location, saved.description) == ("Офис", "Про договор")
    with pytest.raises(EditConflictError) as caught:
        activities.update_activity(
            ws, view.id, replace(base, location="Склад"), expected_version=view.version,
            clock=clock, base=base,
        )  # fmt: skip
    assert [(f.name, f.theirs, f.mine) for f in caught.value.fields] == [
        ("location", "Офис", "Склад")
    ]


def test_activity_drag_over_other_change_moves_and_over_a_move_conflicts(
    ws: Workspace, other: int, clock: ManualClock
) -> None:
    view = _activity(ws, clock)
    base = activities.input_from_view(view, clock.tz)
    with as_user(ws, other):
        activities.update_activity(
            ws, view.id, replace(base, subject="Позвонить Иванову"), expected_version=view.version,
            clock=clock,
        )  # fmt: skip
    later = NOW + timedelta(days=1)
    moved = activities.reschedule(
        ws, view.id, later, expected_version=view.version, clock=clock, base=base
    )
    assert (moved.subject, moved.start_at) == ("Позвонить Иванову", later)
    moved_base = activities.input_from_view(moved, clock.tz)
    with as_user(ws, other):
        activities.reschedule(
            ws, view.id, later + timedelta(hours=4), expected_version=moved.version, clock=clock
        )
    with pytest.raises(EditConflictError) as caught:
        activities.reschedule(
            ws, view.id, later + timedelta(hours=1), expected_version=moved.version, clock=clock,
            base=moved_base,
        )  # fmt: skip
    assert caught.value.fields[0].name == "when"
    assert caught.value.message.startswith("Анна Петрова moved “Позвонить Иванову” to ")


def test_activity_done_and_reopen_over_other_changes(
    ws: Workspace, other: int, clock: ManualClock
) -> None:
    view = _activity(ws, clock)
    base = activities.input_from_view(view, clock.tz)
    with as_user(ws, other):
        activities.update_activity(
            ws, view.id, replace(base, location="Офис"), expected_version=view.version, clock=clock
        )
    done = activities.complete_activity(
        ws, view.id, "Договорились", expected_version=view.version, clock=clock
    ).activity
    assert done.is_done and done.location == "Офис"
    # they reopened it meanwhile; my reopen of the old version is simply done already
    with as_user(ws, other):
        activities.reopen_activity(ws, view.id, expected_version=done.version, clock=clock)
    again = activities.reopen_activity(ws, view.id, expected_version=done.version, clock=clock)
    assert not again.is_done
    # they completed with one result, I complete the old version with another: conflict
    with as_user(ws, other):
        activities.complete_activity(
            ws, view.id, "Отказ", expected_version=again.version, clock=clock
        )
    with pytest.raises(EditConflictError) as caught:
        activities.complete_activity(
            ws, view.id, "Согласен", expected_version=again.version, clock=clock
        )
    row = caught.value.fields[0]
    assert (row.name, row.theirs, row.mine) == ("done", "done: Отказ", "done: Согласен")
    assert "Анна Петрова marked “Позвонить” as done" in caught.value.message
    assert "“Отказ”" in caught.value.message and "“Согласен”" in caught.value.message
