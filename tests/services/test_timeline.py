"""Card timelines on every engine: content, order, persons of an organization, paging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from crm_desktop.config import os_user_name
from crm_desktop.domain.kinds import ActivityKind, EntityKind, Role, StageKind
from crm_desktop.errors import NotFoundError
from crm_desktop.services import contacts
from crm_desktop.services.dto import OrganizationInput, PersonInput
from crm_desktop.services.timeline import TimelineEntry, timeline
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    Competitor,
    Deal,
    DealStageChange,
    LossReason,
    Note,
    Pipeline,
    Stage,
    User,
)

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)  # the history below happens after this


@dataclass
class Card:
    org: int
    other_org: int
    ivanov: int
    petrova: int
    anna: int
    deal: int
    lost_deal: int
    call: int
    meeting: int
    todo: int
    started: datetime  # when the service calls (audit rows) began


def _at(days: float) -> datetime:
    return T0 + timedelta(days=days)


@pytest.fixture
def card(ws: Workspace) -> Card:
    started = datetime.now(UTC)
    with ws.write() as uow:
        anna = User(login="anna", display_name="Анна Кузнецова", role=Role.MANAGER)
        stages = [
            Stage(name="Первичный контакт", kind=StageKind.OPEN, position=0),
            Stage(name="Переговоры", kind=StageKind.OPEN, position=1),
            Stage(name="Успешно", kind=StageKind.WON, position=2, probability=100),
            Stage(name="Отказ", kind=StageKind.LOST, position=3),
        ]
        uow.session.add_all(
            [
                anna,
                Pipeline(name="Продажи", stages=stages),
                LossReason(name="Дорого"),
                Competitor(name="ООО «Конкурент»", name_key="конкурент"),
            ]
        )
        uow.commit()
        anna_id = anna.id
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»", city="Москва"))
    other = contacts.create_organization(ws, OrganizationInput(name="ООО «Другая»"))
    ivanov = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван", organization_id=org.id)
    )
    petrova = contacts.create_person(
        ws, PersonInput(full_name="Петрова Анна", organization_id=org.id)
    )
    data = OrganizationInput(name="ООО «Ромашка»", city="Тула", owner_id=anna_id)
    contacts.update_organization(ws, org.id, data, expected_version=org.version)
    contacts.move_to_trash(ws, EntityKind.PERSON, petrova.id)
    contacts.restore(ws, EntityKind.PERSON, petrova.id)
    with ws.write() as uow:
        s = uow.session
        first, talks, _won, lost = s.scalars(sa.select(Stage).order_by(Stage.position)).all()
        reason = s.scalars(sa.select(LossReason)).one()
        rival = s.scalars(sa.select(Competitor)).one()
        pipeline_id = first.pipeline_id
        deal = Deal(
            title="Поставка бумаги",
            organization_id=org.id,
            pipeline_id=pipeline_id,
            stage_id=talks.id,
            created_at=_at(1),
            owner_id=anna_id,
        )
        lost_deal = Deal(
            title="Картриджи",
            person_id=ivanov.id,
            pipeline_id=pipeline_id,
            stage_id=lost.id,
            created_at=_at(2),
            loss_reason_id=reason.id,
            competitor_id=rival.id,
            loss_comment="Нашли дешевле",
        )
        other_deal = Deal(
            title="Чужая сделка", organization_id=other.id, pipeline_id=pipeline_id,
            stage_id=first.id, created_at=_at(2),
        )  # fmt: skip
        s.add_all([deal, lost_deal, other_deal])
        s.flush()
        s.add_all(
            [
                DealStageChange(deal_id=deal.id, to_stage_id=first.id, changed_at=_at(1)),
                DealStageChange(
                    deal_id=deal.id,
                    from_stage_id=first.id,
                    to_stage_id=talks.id,
                    changed_at=_at(3),
                    changed_by_id=anna_id,
                ),
                DealStageChange(deal_id=lost_deal.id, to_stage_id=talks.id, changed_at=_at(2)),
                DealStageChange(
                    deal_id=lost_deal.id,
                    from_stage_id=talks.id,
                    to_stage_id=lost.id,
                    changed_at=_at(4),
                ),
            ]
        )
        call = Activity(
            kind=ActivityKind.CALL_OUT,
            subject="Уточнить объём",
            person_id=ivanov.id,
            organization_id=org.id,
            start_at=_at(5),
            done_at=_at(5.01),
            result="Договорились о встрече",
            owner_id=anna_id,
        )
        meeting = Activity(
            kind=ActivityKind.MEETING_NEGOTIATION,
            subject="Переговоры в офисе",
            organization_id=org.id,
            deal_id=deal.id,
            start_at=_at(40),
            end_at=_at(40.05),
        )
        todo = Activity(
            kind=ActivityKind.TODO,
            subject="Отправить КП",
            person_id=petrova.id,
            due_on=date(2025, 6, 20),
        )
        trashed = Activity(
            kind=ActivityKind.CALL_IN, subject="Удалённый звонок", organization_id=org.id,
            start_at=_at(6), deleted_at=_at(7),
        )  # fmt: skip
        foreign = Activity(
            kind=ActivityKind.CALL_IN, subject="Чужой звонок", organization_id=other.id,
            start_at=_at(6),
        )  # fmt: skip
        s.add_all([call, meeting, todo, trashed, foreign])
        s.add_all(
            [
                Note(organization_id=org.id, text="Любят скидки", created_at=_at(8)),
                Note(person_id=ivanov.id, text="Звонить после обеда", created_at=_at(9)),
                Note(deal_id=deal.id, text="Нужен договор", created_at=_at(10)),
                Note(organization_id=other.id, text="Чужая заметка", created_at=_at(8)),
            ]
        )
        uow.commit()
        return Card(
            org.id, other.id, ivanov.id, petrova.id, anna_id, deal.id, lost_deal.id,
            call.id, meeting.id, todo.id, started,
        )  # fmt: skip


def _entry(entries: list[TimelineEntry], **match: object) -> TimelineEntry:
    found = [e for e in entries if all(getattr(e, k) == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


NOW = T0 + timedelta(days=30)  # the meeting (day 40) is ahead, the to-do (June 20) is late


def test_organization_timeline(ws: Workspace, card: Card) -> None:
    entries = timeline(ws, EntityKind.ORGANIZATION, card.org, now=NOW)
    moments = [e.at for e in entries]
    assert moments == sorted(moments, reverse=True)
    assert all(e.at.tzinfo is not None for e in entries)
    assert not [e for e in entries if "Чуж" in e.title + e.detail or "Удалённ" in e.title]

    meeting = _entry(entries, activity_id=card.meeting)
    assert (meeting.kind, meeting.icon, meeting.title) == (
        "activity",
        "meeting_negotiation",
        "Переговоры в офисе",
    )
    assert (meeting.at, meeting.planned, meeting.overdue, meeting.deal_id) == (
        _at(40),
        True,
        False,
        card.deal,
    )
    todo = _entry(entries, activity_id=card.todo)
    assert todo.at == datetime(2025, 6, 20, tzinfo=UTC)
    assert (todo.planned, todo.overdue, todo.person_id, todo.person_name) == (
        True,
        True,
        card.petrova,
        "Петрова Анна",
    )
    call = _entry(entries, activity_id=card.call)
    assert (call.icon, call.at, call.detail, call.planned, call.overdue) == (
        "call_out",
        _at(5.01),
        "Договорились о встрече",
        False,
        False,
    )
    assert (call.person_name, call.owner) == ("Иванов Иван", "Анна Кузнецова")

    notes = [e for e in entries if e.kind == "note"]
    assert [(n.detail, n.person_name, n.deal_id) for n in notes] == [
        ("Нужен договор", "", card.deal),
        ("Звонить после обеда", "Иванов Иван", None),
        ("Любят скидки", "", None),
    ]
    assert all(n.icon == "note" and n.title == "" for n in notes)

    deals = [e for e in entries if e.kind == "deal"]
    assert [(d.title, d.detail, d.at, d.stage_kind) for d in deals] == [
        ("Картриджи", "Переговоры", _at(2), "open"),
        ("Поставка бумаги", "Первичный контакт", _at(1), "open"),
    ]
    assert deals[0].person_name == "Иванов Иван"
    lost = _entry(entries, kind="stage_change", deal_id=card.lost_deal)
    assert lost.icon == "stage" and lost.title == "Картриджи"
    assert lost.detail == "Переговоры → Отказ · Дорого · ООО «Конкурент» · Нашли дешевле"
    assert (lost.stage_kind, lost.loss_reason, lost.competitor) == (
        "lost",
        "Дорого",
        "ООО «Конкурент»",
    )
    moved = _entry(entries, kind="stage_change", deal_id=card.deal)
    assert (moved.detail, moved.stage_kind, moved.owner, moved.loss_reason) == (
        "Первичный контакт → Переговоры",
        "open",
        "Анна Кузнецова",
        "",
    )

    audit = [e for e in entries if e.kind == "audit"]
    assert all(e.at >= card.started for e in audit)
    created = [e for e in audit if e.icon == "create"]
    assert sorted(e.person_name for e in created) == ["", "Иванов Иван", "Петрова Анна"]
    city = _entry(audit, icon="edit", title="city")
    me = os_user_name()  # the solo user is named after the computer user
    assert (city.detail, city.person_id, city.owner) == ("Москва → Тула", None, me)
    owner = _entry(audit, icon="edit", title="owner_id")
    assert owner.detail == f"{me} → Анна Кузнецова"
    assert _entry(audit, icon="trash").person_id == card.petrova
    assert _entry(audit, icon="restore").person_name == "Петрова Анна"
    assert audit[0].icon == "restore"  # the newest change


def test_person_timeline_holds_only_the_person(ws: Workspace, card: Card) -> None:
    entries = timeline(ws, EntityKind.PERSON, card.ivanov, now=NOW)
    assert [(e.kind, e.icon, e.title or e.detail) for e in entries] == [
        ("audit", "create", ""),
        ("note", "note", "Звонить после обеда"),
        ("activity", "call_out", "Уточнить объём"),
        ("stage_change", "stage", "Картриджи"),
        ("deal", "deal", "Картриджи"),
    ]
    assert all(e.person_id == card.ivanov for e in entries)
    assert all(e.person_name == "Иванов Иван" for e in entries)


def test_overdue_depends_on_the_clock(ws: Workspace, card: Card) -> None:
    def flags(now: datetime) -> tuple[bool, bool]:
        entries = timeline(ws, EntityKind.ORGANIZATION, card.org, now=now)
        return (
            _entry(entries, activity_id=card.meeting).overdue,
            _entry(entries, activity_id=card.todo).overdue,
        )

    assert flags(datetime(2025, 6, 20, 23, 0, tzinfo=UTC)) == (False, False)  # due today
    assert flags(datetime(2025, 6, 21, 0, 0, tzinfo=UTC)) == (False, True)
    assert flags(_at(40.01)) == (False, True)  # the meeting is still going on
    assert flags(_at(41)) == (True, True)


def test_paging_with_before(ws: Workspace, card: Card) -> None:
    everything = timeline(ws, EntityKind.ORGANIZATION, card.org, limit=1000, now=NOW)
    for size in (1, 2, 5):
        pages: list[TimelineEntry] = []
        before: datetime | None = None
        while True:
            page = timeline(ws, EntityKind.ORGANIZATION, card.org, size, before, now=NOW)
            if not page:
                break
            assert before is None or all(e.at < before for e in page)
            pages += page
            before = page[-1].at
        assert pages == everything, size


def test_a_moment_is_never_split(ws: Workspace, card: Card) -> None:
    data = OrganizationInput(name="ООО «Ромашка»", city="Омск", segment="Опт", industry="Бумага")
    version = contacts.get_organization(ws, card.org).version
    contacts.update_organization(ws, card.org, data, expected_version=version)
    first = timeline(ws, EntityKind.ORGANIZATION, card.org, limit=1, now=NOW)
    assert sorted(e.title for e in first) == ["city", "industry", "segment"]
    assert len({e.at for e in first}) == 1
    rest = timeline(ws, EntityKind.ORGANIZATION, card.org, limit=1, before=first[0].at, now=NOW)
    assert [e.icon for e in rest] == ["restore"]


def test_before_is_exclusive(ws: Workspace, card: Card) -> None:
    entries = timeline(ws, EntityKind.ORGANIZATION, card.org, before=_at(5.01), now=NOW)
    assert entries[0].kind == "stage_change" and entries[0].at == _at(4)
    whole = timeline(ws, EntityKind.PERSON, card.petrova, now=NOW)
    due = datetime(2025, 6, 20, tzinfo=UTC)
    older = timeline(ws, EntityKind.PERSON, card.petrova, before=due, now=NOW)
    assert older == [e for e in whole if e.at < due] == []
    just_after = due + timedelta(microseconds=1)
    assert timeline(ws, EntityKind.PERSON, card.petrova, before=just_after, now=NOW) == [
        _entry(whole, activity_id=card.todo)
    ]


def test_unknown_cards(ws: Workspace, card: Card) -> None:
    with pytest.raises(NotFoundError):
        timeline(ws, EntityKind.ORGANIZATION, 99_999)
    with pytest.raises(NotFoundError):
        timeline(ws, EntityKind.PERSON, 99_999)
    with pytest.raises(NotFoundError):
        timeline(ws, EntityKind.DEAL, 99_999)
    with pytest.raises(NotFoundError):
        timeline(ws, EntityKind.NOTE, card.deal)  # notes have no timeline of their own
    with pytest.raises(ValueError):
        timeline(ws, EntityKind.ORGANIZATION, card.org, before=datetime(2025, 1, 1))


def test_trashed_card_keeps_its_history(ws: Workspace, card: Card) -> None:
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, card.org)
    entries = timeline(ws, EntityKind.ORGANIZATION, card.org, now=NOW)
    trashed = [e for e in entries if e.icon == "trash"]
    assert {e.person_name for e in trashed} >= {"", "Иванов Иван"}
    assert any(e.activity_id == card.call for e in entries)
