"""Activities on every engine: plan, validate, complete, reschedule, series, task list,
reminders, trash, checklist, timeline and the calendar (.ics) export."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from crm_desktop.domain.clock import FixedClock, ManualClock
from crm_desktop.domain.kinds import ActivityKind, AuditAction, EntityKind, Priority, Role
from crm_desktop.domain.recurrence import Frequency, RecurrenceRule
from crm_desktop.errors import ConcurrentEditError, NotFoundError, ValidationError
from crm_desktop.services import activities as act
from crm_desktop.services import contacts, trash
from crm_desktop.services.activities import ActivityInput, ActivityView
from crm_desktop.services.dto import OrganizationInput, PersonInput
from crm_desktop.services.timeline import timeline
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    AuditEntry,
    Deal,
    Organization,
    Pipeline,
    Stage,
    User,
)

MSK = ZoneInfo("Europe/Moscow")
WEEKLY_MON_WED = RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 2))


def msk(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """A Moscow wall time as an aware UTC moment."""
    return datetime(y, m, d, hh, mm, tzinfo=MSK).astimezone(UTC)


def clock_at(*args: int) -> FixedClock:
    return FixedClock(msk(*args), MSK)


JUNE = clock_at(2025, 6, 10, 12, 0)  # Tuesday 10 June 2025, noon in Moscow


@dataclass
class Base:
    org: int
    person: int
    deal: int
    anna: int
    owner: int


@pytest.fixture
def base(ws: Workspace) -> Base:
    with ws.write() as uow:
        anna = User(login="anna", display_name="Анна Кузнецова", role=Role.MANAGER)
        stage = Stage(name="Переговоры")
        uow.session.add_all([anna, Pipeline(name="Продажи", stages=[stage])])
        uow.commit()
        anna_id, stage_id, pipeline_id = anna.id, stage.id, stage.pipeline_id
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»"))
    person = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван Петрович", organization_id=org.id)
    )
    with ws.write() as uow:
        deal = Deal(
            title="Поставка бумаги",
            organization_id=org.id,
            pipeline_id=pipeline_id,
            stage_id=stage_id,
        )
        uow.session.add(deal)
        uow.commit()
        deal_id = deal.id
    assert ws.user_id is not None
    return Base(org=org.id, person=person.id, deal=deal_id, anna=anna_id, owner=ws.user_id)


def _call(**kw: object) -> ActivityInput:
    data = ActivityInput(
        subject="Позвонить по договору",
        kind=ActivityKind.CALL_OUT,
        start_at=msk(2025, 6, 11, 10, 0),
        end_at=msk(2025, 6, 11, 10, 30),
    )
    return replace(data, **kw)  # type: ignore[arg-type]


def _series(ws: Workspace, **kw: object) -> ActivityView:
    data = ActivityInput(
        subject="Планёрка",
        kind=ActivityKind.MEETING_NEGOTIATION,
        start_at=msk(2025, 6, 2, 10, 0),
        end_at=msk(2025, 6, 2, 11, 0),
        recurrence=WEEKLY_MON_WED,
    )
    return act.create_activity(ws, replace(data, **kw), clock=JUNE)  # type: ignore[arg-type]


def _june(ws: Workspace, **kw: object) -> list[ActivityView]:
    return act.activities_between(ws, msk(2025, 6, 1), msk(2025, 7, 1), clock=JUNE, **kw)  # type: ignore[arg-type]


def _wall(views: list[ActivityView]) -> list[str]:
    out = []
    for v in views:
        if v.start_at is not None:
            out.append(v.start_at.astimezone(MSK).strftime("%m-%d %H:%M"))
        else:
            assert v.due_on is not None
            out.append(v.due_on.strftime("%m-%d"))
    return out


# ---------------------------------------------------------------- create, validate


def test_create_returns_the_full_view(ws: Workspace, base: Base) -> None:
    view = act.create_activity(
        ws,
        _call(
            organization_id=base.org,
            person_id=base.person,
            deal_id=base.deal,
            owner_id=base.anna,
            priority=Priority.HIGH,
            reminder_minutes=15,
            description="  Уточнить сроки  ",
            location="  ",
        ),
        clock=JUNE,
    )
    assert view.subject == "Позвонить по договору"
    assert (view.organization_name, view.person_name, view.deal_title) == (
        "ООО «Ромашка»",
        "Иванов Иван Петрович",
        "Поставка бумаги",
    )
    assert view.client_name == "ООО «Ромашка»"
    assert (view.owner_id, view.owner_name) == (base.anna, "Анна Кузнецова")
    assert view.reminder_at == msk(2025, 6, 11, 9, 45)
    assert (view.description, view.location) == ("Уточнить сроки", None)
    assert not view.is_done and not view.is_overdue and not view.is_series
    assert view.version == 1
    assert act.get_activity(ws, view.id, clock=JUNE) == view
    with ws.read() as uow:
        audit = [(a.action, a.field) for a in uow.audit.history(EntityKind.ACTIVITY, view.id)]
    assert {action for action, _ in audit} == {AuditAction.CREATE}
    assert {name for _, name in audit} >= {"subject", "start_at", "owner_id"}


def test_default_owner_is_the_current_user_and_all_day_takes_the_local_day(
    ws: Workspace, base: Base
) -> None:
    view = act.create_activity(
        ws,
        ActivityInput(subject="Подготовить КП", start_at=msk(2025, 6, 12, 0, 30), all_day=True),
        clock=JUNE,
    )
    assert view.owner_id == base.owner
    assert (view.due_on, view.start_at, view.all_day) == (date(2025, 6, 12), None, True)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"subject": "   "}, "subject"),
        ({"subject": "x" * 501}, "subject"),
        ({"end_at": msk(2025, 6, 11, 9, 0)}, "end_at"),
        ({"end_at": msk(2025, 7, 20, 9, 0)}, "end_at"),
        ({"start_at": None}, "start_at"),
        ({"start_at": datetime(2025, 6, 11, 10, 0)}, "start_at"),
        ({"start_at": datetime(3100, 1, 1, tzinfo=UTC), "end_at": None}, "start_at"),
        ({"start_at": None, "end_at": None, "due_on": date(1, 1, 1)}, "due_on"),
        ({"due_on": date(2025, 6, 11)}, "due_on"),
        ({"organization_id": 999}, "organization_id"),
        ({"person_id": 999}, "person_id"),
        ({"deal_id": 999}, "deal_id"),
        ({"owner_id": 999}, "owner_id"),
        ({"reminder_minutes": 15, "reminder_at": msk(2025, 6, 11, 9)}, "reminder"),
        ({"start_at": None, "end_at": None, "reminder_minutes": 15}, "reminder_minutes"),
        ({"reminder_minutes": 10**7}, "reminder_minutes"),
        ({"start_at": None, "end_at": None, "recurrence": WEEKLY_MON_WED}, "recurrence"),
        (
            {"recurrence": RecurrenceRule(Frequency.DAILY, until=date(2025, 6, 1))},
            "until",
        ),
    ],
)
def test_invalid_input_names_the_field(
    ws: Workspace, base: Base, change: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        act.create_activity(ws, _call(**change), clock=JUNE)
    assert info.value.field == field
    with ws.read() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 0


def test_a_link_to_a_trashed_card_is_refused_but_kept_on_edit(ws: Workspace, base: Base) -> None:
    view = act.create_activity(ws, _call(organization_id=base.org), clock=JUNE)
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, base.org)
    with pytest.raises(ValidationError) as info:
        act.create_activity(ws, _call(organization_id=base.org), clock=JUNE)
    assert info.value.field == "organization_id"
    edited = act.update_activity(
        ws,
        view.id,
        replace(act.input_from_view(view, MSK), subject="Новое"),
        expected_version=view.version,
        clock=JUNE,
    )
    assert (edited.subject, edited.organization_id, edited.version) == ("Новое", base.org, 2)


def test_stale_edits_are_refused(ws: Workspace, base: Base) -> None:
    view = act.create_activity(ws, _call(), clock=JUNE)
    data = act.input_from_view(view, MSK)
    act.update_activity(ws, view.id, replace(data, subject="A"), expected_version=1, clock=JUNE)
    with pytest.raises(ConcurrentEditError):
        act.update_activity(ws, view.id, replace(data, subject="B"), expected_version=1, clock=JUNE)
    # "done" over someone else's change of another field goes through (services/conflicts.py)
    done = act.complete_activity(ws, view.id, "ok", expected_version=1, clock=JUNE).activity
    assert done.is_done and done.subject == "A"


# ---------------------------------------------------------------- complete, follow-up


def test_complete_records_the_clock_time_and_result_and_offers_a_follow_up(
    ws: Workspace, base: Base
) -> None:
    friday = clock_at(2025, 6, 13, 16, 20)
    view = act.create_activity(
        ws,
        _call(organization_id=base.org, person_id=base.person, deal_id=base.deal),
        clock=friday,
    )
    done = act.complete_activity(
        ws, view.id, "  Договорились о встрече  ", expected_version=1, clock=friday
    )
    assert done.activity.done_at == msk(2025, 6, 13, 16, 20)
    assert done.activity.result == "Договорились о встрече"
    assert done.activity.is_done and not done.activity.is_overdue
    follow = done.follow_up
    assert follow is not None
    assert follow.kind is ActivityKind.CALL_OUT
    assert follow.start_at == msk(2025, 6, 16, 10, 0)  # Monday, at the call's hour
    assert (follow.organization_id, follow.person_id, follow.deal_id) == (
        base.org,
        base.person,
        base.deal,
    )
    assert follow.subject == view.subject and follow.reminder_minutes == 15
    planned = act.create_activity(ws, follow, clock=friday)  # the editor saves it as is
    assert planned.start_at == msk(2025, 6, 16, 10, 0)
    with ws.read() as uow:
        org = uow.session.get(Organization, base.org)
        assert org is not None and org.last_contact_at == msk(2025, 6, 13, 16, 20)
        assert org.version == 1  # the card itself was not edited
    reopened = act.reopen_activity(ws, view.id, clock=friday)
    assert (reopened.done_at, reopened.result) == (None, "Договорились о встрече")
    assert reopened.version == done.activity.version + 1
    with ws.read() as uow:
        org = uow.session.get(Organization, base.org)
        assert org is not None and org.last_contact_at is None


def test_explicit_done_time_and_no_follow_up_for_a_to_do(ws: Workspace, base: Base) -> None:
    view = act.create_activity(
        ws, ActivityInput(subject="Подготовить договор", due_on=date(2025, 6, 9)), clock=JUNE
    )
    assert view.is_overdue
    at = msk(2025, 6, 9, 18, 0)
    done = act.complete_activity(ws, view.id, "", done_at=at, clock=JUNE)
    assert (done.activity.done_at, done.activity.result, done.follow_up) == (at, None, None)


# ---------------------------------------------------------------- reschedule


def test_reschedule_keeps_duration_and_reminder_distance(ws: Workspace, base: Base) -> None:
    view = act.create_activity(ws, _call(reminder_minutes=10), clock=JUNE)
    moved = act.reschedule(ws, view.id, msk(2025, 6, 12, 15, 0), expected_version=1, clock=JUNE)
    assert (moved.start_at, moved.end_at) == (msk(2025, 6, 12, 15, 0), msk(2025, 6, 12, 15, 30))
    assert moved.reminder_at == msk(2025, 6, 12, 14, 50)
    resized = act.reschedule(
        ws, view.id, msk(2025, 6, 12, 15, 0), msk(2025, 6, 12, 17, 0), clock=JUNE
    )
    assert resized.end_at == msk(2025, 6, 12, 17, 0)
    whole = act.reschedule(ws, view.id, date(2025, 6, 13), clock=JUNE)
    assert (whole.start_at, whole.end_at, whole.due_on, whole.all_day) == (
        None,
        None,
        date(2025, 6, 13),
        True,
    )
    assert whole.reminder_at is not None
    timed = act.reschedule(ws, view.id, msk(2025, 6, 13, 11, 0), clock=JUNE)
    assert timed.end_at == msk(2025, 6, 13, 11, 30)  # the default half hour
    with pytest.raises(ValidationError) as info:
        act.reschedule(ws, view.id, msk(2025, 6, 13, 11, 0), msk(2025, 6, 13, 10, 0), clock=JUNE)
    assert info.value.field == "end_at"
    with pytest.raises(ConcurrentEditError):
        act.reschedule(ws, view.id, msk(2025, 6, 14, 11, 0), expected_version=1, clock=JUNE)


# ---------------------------------------------------------------- series


def test_weekly_series_expands_across_a_month(ws: Workspace, base: Base) -> None:
    series = _series(ws, reminder_minutes=15, organization_id=base.org)
    assert series.recurrence == WEEKLY_MON_WED and series.series_id == series.id
    views = _june(ws)
    assert _wall(views) == [
        "06-02 10:00",
        "06-04 10:00",
        "06-09 10:00",
        "06-11 10:00",
        "06-16 10:00",
        "06-18 10:00",
        "06-23 10:00",
        "06-25 10:00",
        "06-30 10:00",
    ]
    assert all(v.is_generated and v.id == series.id and v.series_id == series.id for v in views)
    assert [v.occurrence_start for v in views] == [v.start_at for v in views]
    assert all(
        v.end_at - v.start_at == timedelta(hours=1) for v in views if v.end_at and v.start_at
    )
    assert views[3].reminder_at == msk(2025, 6, 11, 9, 45)
    # only the latest past occurrence is overdue (now: Tuesday 10 June)
    assert [v.is_overdue for v in views][:4] == [False, False, True, False]
    assert all(v.organization_name == "ООО «Ромашка»" for v in views)
    week = act.activities_between(ws, msk(2025, 6, 9), msk(2025, 6, 16), clock=JUNE)
    assert _wall(week) == ["06-09 10:00", "06-11 10:00"]


def test_a_series_starting_off_its_weekdays_moves_to_the_first_one(ws: Workspace) -> None:
    view = _series(ws, start_at=msk(2025, 6, 3, 10, 0), end_at=msk(2025, 6, 3, 11, 0))
    assert view.start_at == msk(2025, 6, 4, 10, 0)  # a Tuesday start: the Wednesday after


def test_whole_day_series_and_count(ws: Workspace) -> None:
    act.create_activity(
        ws,
        ActivityInput(
            subject="Отчёт",
            due_on=date(2025, 6, 30),
            recurrence=RecurrenceRule(Frequency.MONTHLY, month_day=31, count=3),
        ),
        clock=JUNE,
    )
    views = act.activities_between(ws, msk(2025, 6, 1), msk(2025, 10, 1), clock=JUNE)
    # the 30th of June is June's last day, so it counts as "the 31st"
    assert [v.due_on for v in views] == [date(2025, 6, 30), date(2025, 7, 31), date(2025, 8, 31)]
    assert all(v.all_day and v.occurrence_start is not None for v in views)


def test_edit_this_occurrence_only(ws: Workspace) -> None:
    series = _series(ws)
    june_11 = next(v for v in _june(ws) if v.start_at == msk(2025, 6, 11, 10, 0))
    data = act.input_from_view(june_11, MSK)
    edited = act.update_activity(
        ws,
        june_11.id,
        replace(
            data,
            subject="Планёрка с директором",
            start_at=msk(2025, 6, 11, 15, 0),
            end_at=msk(2025, 6, 11, 16, 0),
        ),
        expected_version=june_11.version,
        scope="this",
        occurrence_start=june_11.occurrence_start,
        clock=JUNE,
    )
    assert edited.id != series.id and edited.is_occurrence and not edited.is_generated
    assert (edited.series_id, edited.occurrence_start) == (series.id, msk(2025, 6, 11, 10, 0))
    assert edited.recurrence == WEEKLY_MON_WED
    views = _june(ws)
    assert _wall(views)[2:5] == ["06-09 10:00", "06-11 15:00", "06-16 10:00"]
    assert [v.subject for v in views].count("Планёрка с директором") == 1
    # editing it again needs no occurrence_start: it is a row now
    again = act.update_activity(
        ws,
        edited.id,
        replace(act.input_from_view(edited, MSK), location="Переговорная"),
        expected_version=edited.version,
        clock=JUNE,
    )
    assert again.location == "Переговорная" and again.id == edited.id
    assert (
        act.get_activity(ws, series.id, occurrence_start=msk(2025, 6, 11, 10, 0), clock=JUNE)
        == again
    )


def test_edit_all_following_splits_the_series(ws: Workspace) -> None:
    series = _series(ws)
    views = _june(ws)
    done_4 = act.complete_activity(
        ws, series.id, "ok", occurrence_start=msk(2025, 6, 4, 10, 0), clock=JUNE
    ).activity
    done_18 = act.complete_activity(
        ws, series.id, "позже", occurrence_start=msk(2025, 6, 18, 10, 0), clock=JUNE
    ).activity
    june_16 = next(v for v in views if v.start_at == msk(2025, 6, 16, 10, 0))
    result = act.update_activity(
        ws,
        series.id,
        replace(
            act.input_from_view(june_16, MSK),
            subject="Планёрка отдела",
            start_at=msk(2025, 6, 16, 11, 0),
            end_at=msk(2025, 6, 16, 12, 0),
        ),
        expected_version=june_16.version,
        scope="following",
        occurrence_start=june_16.occurrence_start,
        clock=JUNE,
    )
    assert result.series_id not in (None, series.id)
    assert (result.start_at, result.subject) == (msk(2025, 6, 16, 11, 0), "Планёрка отдела")
    old = act.get_activity(ws, series.id, clock=JUNE)
    assert old.recurrence == RecurrenceRule(
        Frequency.WEEKLY, weekdays=(0, 2), until=date(2025, 6, 11)
    )
    assert old.version == series.version + 1
    views = _june(ws)
    assert _wall(views) == [
        "06-02 10:00",
        "06-04 10:00",
        "06-09 10:00",
        "06-11 10:00",
        "06-16 11:00",
        "06-18 10:00",  # the done occurrence keeps its time, moved into the new series
        "06-23 11:00",
        "06-25 11:00",
        "06-30 11:00",
    ]
    assert [v.subject for v in views[:4]] == ["Планёрка"] * 4
    assert {v.subject for v in views[6:]} == {"Планёрка отдела"}
    moved = next(v for v in views if v.id == done_18.id)
    assert moved.series_id == result.series_id and moved.occurrence_start == msk(2025, 6, 18, 11)
    assert next(v for v in views if v.id == done_4.id).series_id == series.id


def test_edit_all_moves_the_series_and_its_occurrences(ws: Workspace) -> None:
    series = _series(ws)
    act.complete_activity(ws, series.id, "ok", occurrence_start=msk(2025, 6, 4, 10), clock=JUNE)
    june_9 = _june(ws)[2]
    act.update_activity(
        ws,
        june_9.id,
        replace(
            act.input_from_view(june_9, MSK),
            start_at=msk(2025, 6, 9, 9, 0),
            end_at=msk(2025, 6, 9, 9, 30),
        ),
        expected_version=june_9.version,
        scope="all",
        occurrence_start=june_9.occurrence_start,
        clock=JUNE,
    )
    views = _june(ws)
    assert _wall(views)[:4] == ["06-02 09:00", "06-04 10:00", "06-09 09:00", "06-11 09:00"]
    assert len(views) == 9  # the done occurrence of the 4th still hides its (moved) slot
    assert all(v.end_at - v.start_at == timedelta(minutes=30) for v in views if v.is_generated)  # type: ignore[operator]


def test_stop_repeating(ws: Workspace) -> None:
    series = _series(ws)
    act.complete_activity(ws, series.id, "ok", occurrence_start=msk(2025, 6, 4, 10), clock=JUNE)
    act.move_activity_to_trash(ws, series.id, occurrence_start=msk(2025, 6, 9, 10), clock=JUNE)
    act.update_activity(
        ws,
        series.id,
        replace(act.input_from_view(series, MSK), recurrence=None),
        expected_version=series.version,
        clock=JUNE,
    )
    assert _wall(_june(ws)) == ["06-02 10:00", "06-04 10:00"]  # the first, and the done one


def test_delete_one_occurrence_and_undo(ws: Workspace) -> None:
    series = _series(ws)
    trashed_id = act.move_activity_to_trash(
        ws, series.id, occurrence_start=msk(2025, 6, 9, 10, 0), clock=JUNE
    )
    assert "06-09 10:00" not in _wall(_june(ws)) and len(_june(ws)) == 8
    assert contacts.list_trash(ws) == []  # an occurrence is part of its series
    with pytest.raises(NotFoundError):
        act.get_activity(ws, series.id, occurrence_start=msk(2025, 6, 9, 10, 0), clock=JUNE)
    assert trash.empty_trash(ws) == 0 and len(_june(ws)) == 8  # it keeps hiding its slot
    with pytest.raises(ValidationError, match="goes with the series"):
        trash.purge(ws, EntityKind.ACTIVITY, trashed_id)
    act.restore_activity(ws, trashed_id)
    assert len(_june(ws)) == 9
    with pytest.raises(ValidationError) as info:
        act.move_activity_to_trash(ws, series.id, occurrence_start=msk(2025, 6, 9, 11), clock=JUNE)
    assert info.value.field == "occurrence_start"


def test_delete_following_occurrences(ws: Workspace) -> None:
    series = _series(ws)
    act.complete_activity(ws, series.id, "ok", occurrence_start=msk(2025, 6, 18, 10), clock=JUNE)
    act.move_activity_to_trash(
        ws, series.id, scope="following", occurrence_start=msk(2025, 6, 16, 10), clock=JUNE
    )
    assert _wall(_june(ws)) == ["06-02 10:00", "06-04 10:00", "06-09 10:00", "06-11 10:00"]


def test_a_whole_series_goes_to_the_trash_and_back(ws: Workspace) -> None:
    series = _series(ws)
    act.complete_activity(ws, series.id, "ok", occurrence_start=msk(2025, 6, 4, 10), clock=JUNE)
    cancelled = act.move_activity_to_trash(
        ws, series.id, occurrence_start=msk(2025, 6, 9, 10), clock=JUNE
    )
    contacts.move_to_trash(ws, EntityKind.ACTIVITY, series.id)
    assert _june(ws) == []
    items = contacts.list_trash(ws)
    assert [(i.kind, i.id, i.title) for i in items] == [
        (EntityKind.ACTIVITY, series.id, "Планёрка")
    ]
    with pytest.raises(ValidationError, match="Restore the series"):
        act.restore_activity(ws, cancelled)
    contacts.restore(ws, EntityKind.ACTIVITY, series.id)
    views = _june(ws)
    assert len(views) == 8 and "06-09 10:00" not in _wall(views)  # still deleted
    assert sum(v.is_done for v in views) == 1
    contacts.move_to_trash(ws, EntityKind.ACTIVITY, series.id)
    trash.purge(ws, EntityKind.ACTIVITY, series.id)
    with ws.read() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 0
        deleted = uow.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == AuditAction.DELETE)
        ).all()
        assert [(d.entity_kind, d.entity_id) for d in deleted] == [(EntityKind.ACTIVITY, series.id)]


def test_plain_activity_trash_and_empty_trash(ws: Workspace, base: Base) -> None:
    view = act.create_activity(ws, _call(), clock=JUNE)
    act.add_subtask(ws, view.id, "Найти договор")
    returned = act.move_activity_to_trash(ws, view.id, clock=JUNE)
    assert returned == view.id and _june(ws) == []
    with pytest.raises(NotFoundError):
        act.get_activity(ws, view.id, clock=JUNE).subject  # noqa: B018
    assert [i.id for i in contacts.list_trash(ws)] == [view.id]
    with pytest.raises(ValidationError):
        trash.purge(ws, EntityKind.ACTIVITY, act.create_activity(ws, _call(), clock=JUNE).id)
    assert trash.empty_trash(ws) == 1
    with ws.read() as uow:  # its checklist went with it
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 1


# ---------------------------------------------------------------- task list, today


def _plan(ws: Workspace, subject: str, **kw: object) -> ActivityView:
    return act.create_activity(ws, ActivityInput(subject=subject, **kw), clock=JUNE)  # type: ignore[arg-type]


def _names(items: tuple[ActivityView, ...]) -> list[str]:
    return [v.subject for v in items]


def test_task_buckets_on_sunday_just_before_midnight(ws: Workspace) -> None:
    hour = timedelta(hours=1)
    _plan(ws, "late tonight", start_at=msk(2025, 6, 15, 23, 45))
    _plan(ws, "missed tonight", start_at=msk(2025, 6, 15, 22, 0), end_at=msk(2025, 6, 15, 23, 0))
    _plan(ws, "monday night", start_at=msk(2025, 6, 16, 0, 15))
    _plan(ws, "tuesday", start_at=msk(2025, 6, 17, 10, 0), end_at=msk(2025, 6, 17, 10) + hour)
    _plan(ws, "sunday's to-do", due_on=date(2025, 6, 15))
    _plan(ws, "saturday's to-do", due_on=date(2025, 6, 14))
    _plan(ws, "someday")
    done = _plan(ws, "done call", start_at=msk(2025, 6, 15, 9, 0))
    sunday = clock_at(2025, 6, 15, 23, 30)
    act.complete_activity(ws, done.id, "ok", clock=sunday)
    lists = act.task_list(ws, clock=sunday)
    assert _names(lists.overdue) == ["saturday's to-do", "missed tonight"]
    assert _names(lists.today) == ["sunday's to-do", "late tonight"]
    assert _names(lists.tomorrow) == ["monday night"]
    assert _names(lists.this_week) == []  # Sunday ends the week
    assert _names(lists.later) == ["tuesday"]
    assert _names(lists.no_date) == ["someday"]
    assert _names(lists.done) == ["done call"]
    assert next(b for b, _ in lists.groups()) is act.TaskBucket.OVERDUE
    # Monday 00:05 in Moscow is still Sunday in UTC: days are local
    monday = clock_at(2025, 6, 16, 0, 5)
    lists = act.task_list(ws, clock=monday, include_done=False)
    assert _names(lists.overdue) == [
        "saturday's to-do",
        "sunday's to-do",
        "missed tonight",
        "late tonight",
    ]
    assert _names(lists.today) == ["monday night"]
    assert _names(lists.tomorrow) == ["tuesday"]
    assert lists.done == ()


def test_task_buckets_mid_week_and_filters(ws: Workspace, base: Base) -> None:
    _plan(ws, "thursday", start_at=msk(2025, 6, 12, 10, 0), kind=ActivityKind.EMAIL)
    _plan(ws, "sunday", due_on=date(2025, 6, 15), owner_id=base.anna)
    _plan(ws, "next monday", start_at=msk(2025, 6, 16, 9, 0))
    _plan(ws, "high today", start_at=msk(2025, 6, 10, 18, 0), priority=Priority.HIGH)
    _plan(ws, "low today", start_at=msk(2025, 6, 10, 18, 0), priority=Priority.LOW)
    lists = act.task_list(ws, clock=JUNE)
    assert _names(lists.today) == ["high today", "low today"]
    assert _names(lists.this_week) == ["thursday", "sunday"]
    assert _names(lists.later) == ["next monday"]
    mine = act.task_list(ws, owner_ids=[base.anna], clock=JUNE)
    assert _names(mine.this_week) == ["sunday"] and mine.today == ()
    emails = act.task_list(ws, kinds=[ActivityKind.EMAIL], clock=JUNE)
    assert _names(emails.this_week) == ["thursday"]


def test_series_in_the_task_list_and_today_panel(ws: Workspace) -> None:
    series = _series(ws)
    lists = act.task_list(ws, clock=JUNE)
    assert [v.start_at for v in lists.overdue] == [msk(2025, 6, 9, 10)]  # only the latest
    assert [v.start_at for v in lists.tomorrow] == [msk(2025, 6, 11, 10)]
    assert [v.start_at for v in lists.later] == [msk(2025, 6, 16, 10)]  # the next one
    assert all(v.id == series.id for v in lists.overdue + lists.tomorrow + lists.later)
    act.complete_activity(ws, series.id, "ok", occurrence_start=msk(2025, 6, 9, 10), clock=JUNE)
    assert act.task_list(ws, clock=JUNE).overdue == ()
    wednesday = clock_at(2025, 6, 11, 12, 0)
    _plan(ws, "tomorrow's", start_at=msk(2025, 6, 12, 10, 0))
    panel = act.today_panel(ws, clock=wednesday)
    assert [v.start_at for v in panel.overdue] == [msk(2025, 6, 11, 10)]
    assert panel.today == ()  # over and not done: it is in the overdue part only
    act.complete_activity(
        ws, series.id, "ok", occurrence_start=msk(2025, 6, 11, 10), clock=wednesday
    )
    panel = act.today_panel(ws, clock=wednesday)
    assert panel.overdue == ()
    assert [(v.start_at, v.is_done) for v in panel.today] == [(msk(2025, 6, 11, 10), True)]


# ---------------------------------------------------------------- reminders


def test_reminder_due_snooze_dismiss(ws: Workspace) -> None:
    clock = ManualClock(msk(2025, 6, 11, 9, 40), MSK)
    view = act.create_activity(ws, _call(reminder_minutes=15), clock=clock)
    assert act.due_reminders(ws, clock=clock) == []
    assert act.next_reminder_at(ws, clock=clock) == msk(2025, 6, 11, 9, 45)
    clock.set(msk(2025, 6, 11, 9, 46))
    (due,) = act.due_reminders(ws, clock=clock)
    assert (due.activity.id, due.remind_at) == (view.id, msk(2025, 6, 11, 9, 45))
    until = act.snooze_until(act.SnoozeChoice.MINUTES_5, clock)
    assert until == msk(2025, 6, 11, 9, 51)
    snoozed = act.snooze_reminder(ws, view.id, until, clock=clock)
    assert snoozed.version == view.version  # not an edit: an open editor can still save
    assert act.due_reminders(ws, clock=clock) == []
    assert act.next_reminder_at(ws, clock=clock) == until
    clock.advance(minutes=6)
    assert [r.activity.id for r in act.due_reminders(ws, clock=clock)] == [view.id]
    act.dismiss_reminder(ws, view.id, clock=clock)
    assert act.due_reminders(ws, clock=clock) == []
    assert act.next_reminder_at(ws, clock=clock) is None
    assert act.snooze_until("tomorrow", clock) == msk(2025, 6, 12, 9, 0)
    assert act.snooze_until(act.SnoozeChoice.HOUR_1, clock) == clock.now() + timedelta(hours=1)


def test_missed_reminders_show_at_start_until_done(ws: Workspace) -> None:
    early = clock_at(2025, 6, 1, 9, 0)
    view = act.create_activity(ws, _call(reminder_minutes=30), clock=early)
    whole_day = act.create_activity(
        ws,
        ActivityInput(subject="Отчёт", due_on=date(2025, 6, 5), reminder_minutes=0),
        clock=early,
    )
    assert whole_day.reminder_at == msk(2025, 6, 5, 9, 0)
    later = clock_at(2025, 6, 20, 8, 0)  # the program was closed meanwhile
    assert [r.activity.id for r in act.due_reminders(ws, clock=later)] == [whole_day.id, view.id]
    act.complete_activity(ws, view.id, "ok", clock=later)
    assert [r.activity.id for r in act.due_reminders(ws, clock=later)] == [whole_day.id]
    act.update_activity(
        ws,
        whole_day.id,
        replace(act.input_from_view(whole_day, MSK), due_on=date(2025, 6, 25)),
        expected_version=whole_day.version,
        clock=later,
    )
    assert act.due_reminders(ws, clock=later) == []  # a new reminder time, not yet due


def test_series_reminders(ws: Workspace) -> None:
    series = _series(ws, reminder_minutes=15)
    clock = ManualClock(msk(2025, 6, 11, 9, 50), MSK)
    (due,) = act.due_reminders(ws, clock=clock)
    assert due.activity.is_generated and due.activity.occurrence_start == msk(2025, 6, 11, 10)
    assert due.remind_at == msk(2025, 6, 11, 9, 45)
    act.dismiss_reminder(ws, series.id, occurrence_start=msk(2025, 6, 11, 10), clock=clock)
    assert act.due_reminders(ws, clock=clock) == []
    assert act.next_reminder_at(ws, clock=clock) == msk(2025, 6, 16, 9, 45)
    clock.set(msk(2025, 6, 16, 9, 46))
    (due,) = act.due_reminders(ws, clock=clock)
    assert due.activity.occurrence_start == msk(2025, 6, 16, 10)
    act.snooze_reminder(
        ws, series.id, msk(2025, 6, 16, 10, 0), occurrence_start=msk(2025, 6, 16, 10), clock=clock
    )
    assert act.due_reminders(ws, clock=clock) == []
    clock.set(msk(2025, 6, 16, 10, 1))
    (due,) = act.due_reminders(ws, clock=clock)
    assert not due.activity.is_generated and due.remind_at == msk(2025, 6, 16, 10, 0)


# ---------------------------------------------------------------- checklist


def test_checklist(ws: Workspace) -> None:
    view = act.create_activity(ws, _call(), clock=JUNE)
    a = act.add_subtask(ws, view.id, "  Найти   договор ")
    b = act.add_subtask(ws, view.id, "Проверить цены")
    c = act.add_subtask(ws, view.id, "Отправить КП")
    assert a.subject == "Найти договор" and not a.is_done
    ticked = act.toggle_subtask(ws, b.id, clock=JUNE)
    assert ticked.is_done and ticked.done_at == JUNE.now()
    got = act.get_activity(ws, view.id, clock=JUNE)
    assert (got.subtasks_done, got.subtasks_total, got.version) == (1, 3, 1)
    assert act.rename_subtask(ws, c.id, "Отправить КП клиенту").subject == "Отправить КП клиенту"
    order = act.reorder_subtasks(ws, view.id, [c.id, a.id, b.id])
    assert [(s.subject, s.is_done) for s in order] == [
        ("Отправить КП клиенту", False),
        ("Найти договор", False),
        ("Проверить цены", True),
    ]
    with pytest.raises(ValidationError):
        act.reorder_subtasks(ws, view.id, [a.id, b.id])
    act.delete_subtask(ws, order[1].id)  # ids follow positions after a reorder
    left = act.subtasks(ws, view.id)
    assert [s.subject for s in left] == ["Отправить КП клиенту", "Проверить цены"]
    assert act.toggle_subtask(ws, left[1].id, done=False, clock=JUNE).is_done is False
    with pytest.raises(ValidationError):
        act.add_subtask(ws, view.id, "   ")
    with pytest.raises(NotFoundError):
        act.toggle_subtask(ws, view.id)  # an activity is not a checklist item
    assert [v.id for v in _june(ws)] == [view.id]  # items are not calendar entries


def test_a_series_checklist_is_copied_to_each_occurrence(ws: Workspace) -> None:
    series = _series(ws)
    act.add_subtask(ws, series.id, "Повестка")
    assert all(v.subtasks_total == 1 and v.subtasks_done == 0 for v in _june(ws))
    item = act.add_subtask(ws, series.id, "Протокол", occurrence_start=msk(2025, 6, 11, 10))
    occurrence = act.get_activity(ws, item.parent_id, clock=JUNE)
    assert occurrence.series_id == series.id
    assert [s.subject for s in act.subtasks(ws, occurrence.id)] == ["Повестка", "Протокол"]
    assert [s.subject for s in act.subtasks(ws, series.id)] == ["Повестка"]


# ---------------------------------------------------------------- filters, timeline


def test_calendar_filters_by_owner_kind_and_done(ws: Workspace, base: Base) -> None:
    call = act.create_activity(ws, _call(), clock=JUNE)
    mail = act.create_activity(
        ws, _call(kind=ActivityKind.EMAIL, owner_id=base.anna, subject="Письмо"), clock=JUNE
    )
    whole = act.create_activity(
        ws, ActivityInput(subject="КП", due_on=date(2025, 6, 11), owner_id=base.anna), clock=JUNE
    )
    act.complete_activity(ws, call.id, "ok", clock=JUNE)
    day = (msk(2025, 6, 11), msk(2025, 6, 12))
    assert [v.id for v in act.activities_between(ws, *day, clock=JUNE)] == [
        whole.id,
        call.id,
        mail.id,
    ]
    assert [v.id for v in act.activities_between(ws, *day, owner_ids=[base.anna], clock=JUNE)] == [
        whole.id,
        mail.id,
    ]
    assert [
        v.id for v in act.activities_between(ws, *day, kinds=[ActivityKind.EMAIL], clock=JUNE)
    ] == [mail.id]
    assert [v.id for v in act.activities_between(ws, *day, include_done=False, clock=JUNE)] == [
        whole.id,
        mail.id,
    ]
    # a whole-day item belongs to its local day, an event to every day it touches
    assert act.activities_between(ws, msk(2025, 6, 12), msk(2025, 6, 13), clock=JUNE) == []
    assert [
        v.id
        for v in act.activities_between(
            ws, msk(2025, 6, 11, 10, 15), msk(2025, 6, 11, 11), clock=JUNE
        )
    ] == [whole.id, call.id, mail.id]


def test_planned_and_done_activities_in_the_client_and_deal_timelines(
    ws: Workspace, base: Base
) -> None:
    done = act.create_activity(ws, _call(person_id=base.person), clock=JUNE)
    act.complete_activity(ws, done.id, "Договорились", clock=JUNE)
    planned = act.create_activity(
        ws,
        _call(deal_id=base.deal, subject="Встреча", start_at=msk(2025, 6, 20, 10), end_at=None),
        clock=JUNE,
    )
    series = _series(ws, organization_id=base.org, deal_id=base.deal)
    act.add_subtask(ws, planned.id, "Не в истории")
    org_entries = [
        e
        for e in timeline(ws, EntityKind.ORGANIZATION, base.org, now=JUNE.now(), tz=MSK)
        if e.kind == "activity"
    ]
    assert [(e.activity_id, e.planned, e.title) for e in org_entries] == [
        (planned.id, True, "Встреча"),
        (series.id, True, "Планёрка"),  # its next occurrence
        (done.id, False, "Позвонить по договору"),
    ]
    assert org_entries[1].at == msk(2025, 6, 11, 10)
    assert org_entries[2].detail == "Договорились"
    assert org_entries[2].person_name == "Иванов Иван Петрович"
    deal_entries = timeline(ws, EntityKind.DEAL, base.deal, now=JUNE.now(), tz=MSK)
    assert [e.activity_id for e in deal_entries if e.kind == "activity"] == [planned.id, series.id]
    assert any(e.kind == "deal" for e in deal_entries)
    with pytest.raises(NotFoundError):
        timeline(ws, EntityKind.DEAL, 999)


# ---------------------------------------------------------------- calendar export


def _events(data: bytes) -> dict[str, list[object]]:
    cal = Calendar.from_ical(data)
    out: dict[str, list[object]] = {}
    for event in cal.walk("VEVENT"):
        out.setdefault(str(event["uid"]), []).append(event)
    return out


def test_ics_export_re_parses_and_matches(ws: Workspace, base: Base, tmp_path: Path) -> None:
    tricky = "Звонок: «Ромашка», счёт; договор \\ 5%"
    call = act.create_activity(
        ws,
        _call(
            subject=tricky,
            description="Строка 1\nСтрока 2, с запятой; и точкой с запятой",
            location="Москва, ул. Ленина; офис 5",
            organization_id=base.org,
            person_id=base.person,
            reminder_minutes=15,
            priority=Priority.HIGH,
        ),
        clock=JUNE,
    )
    todo = act.create_activity(
        ws, ActivityInput(subject="Подготовить КП", due_on=date(2025, 6, 12)), clock=JUNE
    )
    series = _series(
        ws,
        reminder_minutes=10,
        recurrence=RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 2), until=date(2025, 6, 30)),
    )
    act.complete_activity(ws, series.id, "ok", occurrence_start=msk(2025, 6, 4, 10), clock=JUNE)
    act.move_activity_to_trash(ws, series.id, occurrence_start=msk(2025, 6, 9, 10), clock=JUNE)
    june_11 = act.get_activity(ws, series.id, occurrence_start=msk(2025, 6, 11, 10), clock=JUNE)
    moved = act.reschedule(
        ws, series.id, msk(2025, 6, 11, 15), occurrence_start=msk(2025, 6, 11, 10), clock=JUNE
    )
    assert moved.id != june_11.id
    done = act.create_activity(ws, _call(subject="Уже сделано"), clock=JUNE)
    act.complete_activity(ws, done.id, "ok", clock=JUNE)
    anna = act.create_activity(ws, _call(subject="Чужое", owner_id=base.anna), clock=JUNE)

    out = tmp_path / "tasks.ics"
    count = act.export_ics(ws, out, clock=JUNE)
    events = _events(out.read_bytes())
    assert count == 5 == sum(len(v) for v in events.values())
    assert act.ics_uid(done.id) not in events
    assert set(events) == {act.ics_uid(i) for i in (call.id, todo.id, series.id, anna.id)}

    (ev,) = events[act.ics_uid(call.id)]
    assert str(ev["summary"]) == tricky  # type: ignore[index]
    assert str(ev["description"]) == "Строка 1\nСтрока 2, с запятой; и точкой с запятой"  # type: ignore[index]
    assert str(ev["location"]) == "Москва, ул. Ленина; офис 5"  # type: ignore[index]
    assert str(ev["contact"]) == "Иванов Иван Петрович, ООО «Ромашка»"  # type: ignore[index]
    assert ev.decoded("dtstart") == msk(2025, 6, 11, 10)  # type: ignore[attr-defined]
    assert ev.decoded("dtend") == msk(2025, 6, 11, 10, 30)  # type: ignore[attr-defined]
    assert ev.decoded("dtstamp") == JUNE.now()  # type: ignore[attr-defined]
    assert int(ev["priority"]) == 1  # type: ignore[index]
    (alarm,) = ev.walk("VALARM")  # type: ignore[attr-defined]
    assert alarm.decoded("trigger") == timedelta(minutes=-15)
    assert str(alarm["action"]) == "DISPLAY"

    (ev,) = events[act.ics_uid(todo.id)]
    assert ev.decoded("dtstart") == date(2025, 6, 12)  # type: ignore[attr-defined]
    assert ev.decoded("dtend") == date(2025, 6, 13)  # type: ignore[attr-defined]
    assert str(ev["transp"]) == "TRANSPARENT"  # type: ignore[index]

    master, override = sorted(
        events[act.ics_uid(series.id)],
        key=lambda e: "recurrence-id" in e,  # type: ignore[operator]
    )
    start = master.decoded("dtstart")  # type: ignore[attr-defined]
    assert start == msk(2025, 6, 2, 10) and str(start.tzinfo) == "Europe/Moscow"
    rrule = master["rrule"]  # type: ignore[index]
    assert rrule["FREQ"] == ["WEEKLY"] and rrule["BYDAY"] == ["MO", "WE"]
    assert rrule["UNTIL"] == [msk(2025, 7, 1) - timedelta(seconds=1)]
    exdates = sorted(d.dt for d in master["exdate"].dts)  # type: ignore[index]
    assert exdates == [msk(2025, 6, 4, 10), msk(2025, 6, 9, 10)]  # done and deleted
    assert override.decoded("recurrence-id") == msk(2025, 6, 11, 10)  # type: ignore[attr-defined]
    assert override.decoded("dtstart") == msk(2025, 6, 11, 15)  # type: ignore[attr-defined]
    (alarm,) = master.walk("VALARM")  # type: ignore[attr-defined]
    assert alarm.decoded("trigger") == timedelta(minutes=-10)
    cal = Calendar.from_ical(out.read_bytes())
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Moscow"]

    # one user's, within a window
    data, count = act.build_ics(
        ws, owner_id=base.anna, start=msk(2025, 6, 1), end=msk(2025, 7, 1), clock=JUNE
    )
    assert count == 1 and set(_events(data)) == {act.ics_uid(anna.id)}
    data, count = act.build_ics(ws, start=msk(2025, 8, 1), clock=JUNE)
    assert count == 0


def test_cli_exports_tasks_as_ics(ws: Workspace, base: Base, tmp_path: Path, db_url: str) -> None:
    act.create_activity(ws, _call(owner_id=base.anna), clock=JUNE)
    act.create_activity(ws, _call(subject="Моё"), clock=JUNE)
    ws.close()
    out = tmp_path / "anna.ics"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "crm_desktop", "export", "tasks", "--db", db_url, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    result = run("--format", "ics", "--out", str(out), "--user", "anna")
    assert result.returncode == 0, result.stderr
    assert "Exported 1 calendar events" in result.stderr
    events = _events(out.read_bytes())
    assert [str(e["summary"]) for v in events.values() for e in v] == ["Позвонить по договору"]  # type: ignore[index]
    result = run("--out", str(tmp_path / "all.ics"))
    assert result.returncode == 0 and len(_events((tmp_path / "all.ics").read_bytes())) == 2
    result = run("--format", "json", "--out", str(tmp_path / "x"))
    assert result.returncode == 2 and "cannot be exported as json" in result.stderr
    result = run("--out", str(tmp_path / "x.ics"), "--user", "nobody")
    assert result.returncode == 2 and "nobody" in result.stderr
    assert not (tmp_path / "x.ics").exists()
    result = run("--out", str(tmp_path / "missing" / "x.ics"))
    assert result.returncode == 2 and result.stderr.startswith("crm-desktop: error: Cannot write")


def test_view_fields_keep_their_order() -> None:
    """`_view` builds ActivityView positionally (for speed): a reordering must show here."""
    assert list(ActivityView.__dataclass_fields__) == [
        "id",
        "kind",
        "subject",
        "description",
        "location",
        "priority",
        "start_at",
        "end_at",
        "due_on",
        "all_day",
        "reminder_at",
        "reminder_dismissed_at",
        "done_at",
        "result",
        "organization_id",
        "organization_name",
        "person_id",
        "person_name",
        "deal_id",
        "deal_title",
        "owner_id",
        "owner_name",
        "is_done",
        "is_overdue",
        "subtasks_done",
        "subtasks_total",
        "series_id",
        "is_occurrence",
        "is_generated",
        "occurrence_start",
        "recurrence",
        "version",
    ]


def test_long_lists_are_capped_with_totals(ws: Workspace) -> None:
    for day in range(1, 6):
        _plan(
            ws,
            f"missed {day}",
            start_at=msk(2025, 6, day, 10),
            reminder_minutes=0,
        )
    lists = act.task_list(ws, limit=2, clock=JUNE)
    assert _names(lists.overdue) == ["missed 4", "missed 5"] and lists.overdue_total == 5
    panel = act.today_panel(ws, limit=2, clock=JUNE)
    assert _names(panel.overdue) == ["missed 4", "missed 5"] and panel.overdue_total == 5
    reminders = act.due_reminders(ws, limit=2, clock=JUNE)
    assert [r.activity.subject for r in reminders] == ["missed 4", "missed 5"]


def test_ics_series_in_a_zone_without_a_name(ws: Workspace, tmp_path: Path) -> None:
    """A fixed-offset local zone: the series is written in UTC, its weekdays moved."""
    from dateutil.rrule import rrulestr

    plus3 = timezone(timedelta(hours=3))
    clock = FixedClock(datetime(2025, 6, 1, tzinfo=UTC), plus3)
    act.create_activity(
        ws,
        ActivityInput(
            subject="Ночной созвон",
            start_at=datetime(2025, 6, 2, 1, 0, tzinfo=plus3),  # Monday 01:00 = Sunday 22:00 UTC
            recurrence=RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 3), until=date(2025, 6, 30)),
        ),
        clock=clock,
    )
    data, _ = act.build_ics(ws, clock=clock)
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime(2025, 6, 1, 22, 0, tzinfo=UTC)
    assert event["rrule"]["BYDAY"] == ["WE", "SU"]
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    exported = [d.astimezone(plus3) for d in rule]
    expected = [
        v.start_at.astimezone(plus3)
        for v in act.activities_between(
            ws, datetime(2025, 6, 1, tzinfo=UTC), datetime(2025, 7, 2, tzinfo=UTC), clock=clock
        )
        if v.start_at is not None
    ]
    assert exported == expected and len(expected) == 9
