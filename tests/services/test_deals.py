"""Deals service on every engine: the board, moves and outcomes, pipelines, references."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import ActivityKind, AuditAction, EntityKind, Role, StageKind
from crm_desktop.domain.names import fold
from crm_desktop.errors import ConcurrentEditError, NotFoundError, ValidationError
from crm_desktop.services import contacts, deals, trash
from crm_desktop.services.deals import (
    DealFilter,
    DealInput,
    LostOutcome,
    PipelineEdit,
    ReferenceItem,
    StageEdit,
    WonOutcome,
)
from crm_desktop.services.dto import OrganizationInput, PersonInput
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    AuditEntry,
    CurrencyRate,
    Deal,
    DealStageChange,
    LossReason,
    Note,
    Stage,
    User,
    utcnow,
)

OPEN, WON, LOST = StageKind.OPEN, StageKind.WON, StageKind.LOST


@dataclass
class Base:
    pipeline_id: int
    lead: int
    talks: int
    contract: int
    won: int
    lost: int
    org: int
    person: int


def _stages(view: deals.PipelineView) -> dict[str, int]:
    return {s.name: s.id for s in view.stages}


@pytest.fixture
def base(ws: Workspace) -> Base:
    view = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "Продажи",
            [
                StageEdit(None, "Новый лид", OPEN, 10),
                StageEdit(None, "Переговоры", OPEN, 50),
                StageEdit(None, "Договор", OPEN, 80),
                StageEdit(None, "Успешно", WON, 100),
                StageEdit(None, "Проиграно", LOST, 0),
            ],
        ),
    )
    ids = _stages(view)
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
    person = contacts.create_person(ws, PersonInput(full_name="Петров Пётр")).id
    return Base(
        pipeline_id=view.id,
        lead=ids["Новый лид"],
        talks=ids["Переговоры"],
        contract=ids["Договор"],
        won=ids["Успешно"],
        lost=ids["Проиграно"],
        org=org,
        person=person,
    )


def _input(base: Base, title: str = "Поставка", **kw: Any) -> DealInput:
    values: dict[str, Any] = {
        "title": title,
        "pipeline_id": base.pipeline_id,
        "stage_id": base.lead,
        "organization_id": base.org,
        "amount_minor": 100_000_00,
    }
    values.update(kw)
    return DealInput(**values)


def _deal(ws: Workspace, base: Base, title: str = "Поставка", **kw: Any) -> deals.DealCard:
    return deals.create_deal(ws, _input(base, title, **kw))


def _add(ws: Workspace, *objs: Any) -> list[int]:
    with ws.write() as uow:
        uow.session.add_all(objs)
        uow.commit()
        return [getattr(o, "id", 0) for o in objs]


def _db_deal(ws: Workspace, deal_id: int) -> Deal:
    with ws.read() as uow:
        deal = uow.session.get(Deal, deal_id)
        assert deal is not None
        uow.session.expunge(deal)
        return deal


def _history(ws: Workspace, deal_id: int) -> list[DealStageChange]:
    with ws.read() as uow:
        rows = uow.session.scalars(
            sa.select(DealStageChange)
            .where(DealStageChange.deal_id == deal_id)
            .order_by(DealStageChange.id)
        ).all()
        for row in rows:
            uow.session.expunge(row)
        return list(rows)


def _count(ws: Workspace, model: Any, *where: Any) -> int:
    with ws.read() as uow:
        return int(uow.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)))


def _me(ws: Workspace) -> str:
    """The current user's name as cards show it."""
    with ws.read() as uow:
        user = uow.session.get(User, ws.user_id)
        assert user is not None
        return user.display_name or user.login


def _reason(ws: Workspace, name: str = "Высокая цена", active: bool = True) -> int:
    (rid,) = _add(ws, LossReason(name=name, is_active=active))
    return rid


def _set_entered(ws: Workspace, deal_id: int, at: datetime) -> None:
    with ws.write() as uow:
        uow.session.execute(sa.update(Deal).where(Deal.id == deal_id).values(stage_entered_at=at))
        uow.commit()


# ------------------------------------------------------------------ creating


def test_create_deal_records_first_history_row_and_audit(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base, "  Поставка   станков ", person_id=base.person, currency="usd")
    assert card.title == "Поставка станков"
    assert card.currency == "USD"
    assert (card.stage_id, card.stage_kind, card.probability) == (base.lead, OPEN, 10)
    assert card.organization_name == "ООО «Ромашка»" and card.person_name == "Петров Пётр"
    assert card.owner_id == ws.user_id and card.owner_name == _me(ws) != ""
    assert card.version == 1 and card.days_in_stage == 0
    (row,) = _history(ws, card.id)
    assert (row.from_stage_id, row.to_stage_id, row.changed_by_id) == (None, base.lead, ws.user_id)
    assert (row.probability, row.amount_minor) == (10, 100_000_00)
    with ws.read() as uow:
        audit = dict(
            uow.session.execute(
                sa.select(AuditEntry.field, AuditEntry.new_value).where(
                    AuditEntry.entity_kind == EntityKind.DEAL,
                    AuditEntry.entity_id == card.id,
                    AuditEntry.action == AuditAction.CREATE,
                )
            ).all()
        )
    assert audit["title"] == "Поставка станков" and audit["stage_id"] == str(base.lead)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"organization_id": None}, "client"),
        ({"stage_id": "won"}, "stage"),
        ({"stage_id": "foreign"}, "stage"),
        ({"amount_minor": -1}, "amount"),
        ({"currency": "RU"}, "currency"),
        ({"currency": "РУБ"}, "currency"),
        ({"probability": 101}, "probability"),
        ({"probability": -5}, "probability"),
        ({"organization_id": "trashed"}, "organization"),
        ({"person_id": 9999}, "person"),
        ({"owner_id": 9999}, "owner"),
    ],
)
def test_create_deal_validation(
    ws: Workspace, base: Base, change: dict[str, Any], field: str
) -> None:
    other = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "Другая",
            [StageEdit(None, "A", OPEN), StageEdit(None, "W", WON), StageEdit(None, "L", LOST)],
        ),
    )
    if change.get("stage_id") == "won":
        change["stage_id"] = base.won
    if change.get("stage_id") == "foreign":
        change["stage_id"] = other.stages[0].id
    if change.get("organization_id") == "trashed":
        trashed = contacts.create_organization(ws, OrganizationInput(name="ООО «Ушли»")).id
        contacts.move_to_trash(ws, EntityKind.ORGANIZATION, trashed)
        change["organization_id"] = trashed
    with pytest.raises(ValidationError) as err:
        _deal(ws, base, **change)
    assert err.value.field == field
    assert err.value.message.endswith(".")
    assert _count(ws, Deal) == 0 and _count(ws, DealStageChange) == 0


def test_a_person_alone_is_a_client(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base, organization_id=None, person_id=base.person)
    assert card.organization_id is None and card.person_id == base.person


# ------------------------------------------------------------------ the board


def test_board_columns_count_sum_and_weigh_in_the_base_currency(ws: Workspace, base: Base) -> None:
    _add(ws, CurrencyRate(currency="USD", rate=90.5))
    rub = _deal(ws, base, "Рубли", amount_minor=1000_00)  # 10 %
    usd = _deal(ws, base, "Доллары", amount_minor=100_00, currency="USD", probability=55)
    eur = _deal(ws, base, "Евро без курса", amount_minor=50_00, currency="EUR")
    talks = _deal(ws, base, "Переговоры", stage_id=base.talks, amount_minor=333_33)
    _set_entered(ws, rub.id, utcnow() - timedelta(days=3))
    _set_entered(ws, usd.id, utcnow() - timedelta(days=1))
    _set_entered(ws, eur.id, utcnow() - timedelta(days=2))

    board = deals.load_board(ws, base.pipeline_id)

    assert board.base_currency == "RUB"
    assert [c.id for c in board.cards] == [usd.id, eur.id, rub.id, talks.id]
    by_id = {c.id: c for c in board.cards}
    assert by_id[usd.id].amount_base_minor == 9050_00
    assert by_id[usd.id].probability == 55
    assert by_id[usd.id].weighted_base_minor == 4977_50
    assert by_id[eur.id].amount_base_minor == 50_00  # no rate: counted as is
    assert by_id[rub.id].days_in_stage == 3 or by_id[rub.id].days_in_stage == 2  # local midnight
    lead = board.totals[base.lead]
    assert (lead.count, lead.sum_base_minor) == (3, 1000_00 + 9050_00 + 50_00)
    assert lead.weighted_base_minor == 100_00 + 4977_50 + 5_00
    talks_total = board.totals[base.talks]
    assert (talks_total.count, talks_total.sum_base_minor) == (1, 333_33)
    assert talks_total.weighted_base_minor == 166_67  # 166.665 rounded half up
    assert set(board.totals) == {base.lead, base.talks, base.contract, base.won, base.lost}
    assert board.totals[base.won] == deals.ColumnTotals(base.won, 0, 0, 0)
    assert [s.deal_count for s in board.pipeline.stages] == [3, 1, 0, 0, 0]


def test_board_cards_are_ordinary_frozen_deal_cards(ws: Workspace, base: Base) -> None:
    _deal(ws, base)
    (card,) = deals.load_board(ws, base.pipeline_id).cards
    assert type(card) is deals.DealCard
    rebuilt = deals.DealCard(**{f.name: getattr(card, f.name) for f in dataclasses.fields(card)})
    assert card == rebuilt and hash(card) == hash(rebuilt) and repr(card) == repr(rebuilt)
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.title = "changed"  # type: ignore[misc]
    assert dataclasses.replace(card, title="x").title == "x"
    assert pickle.loads(pickle.dumps(card)) == card


def test_board_days_in_stage_follow_today(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base)
    entered = deals.local_moment(date(2024, 3, 1), time(10))
    _set_entered(ws, card.id, entered)
    board = deals.load_board(ws, base.pipeline_id, today=date(2024, 3, 11))
    assert board.cards[0].days_in_stage == 10


def test_board_filters(ws: Workspace, base: Base) -> None:
    (manager,) = _add(ws, User(login="anna", display_name="Анна Смирнова", role=Role.MANAGER))
    other_org = contacts.create_organization(ws, OrganizationInput(name="АО «Вектор»")).id
    a = _deal(ws, base, "Станки", amount_minor=500_00, expected_close_on=date(2030, 1, 10))
    b = _deal(
        ws,
        base,
        "Ёлочные игрушки",
        organization_id=other_org,
        owner_id=manager,
        amount_minor=50_000_00,
        expected_close_on=date(2030, 2, 10),
    )
    c = _deal(ws, base, "Сервис", organization_id=None, person_id=base.person, amount_minor=0)
    reason = _reason(ws)
    old_won = _deal(ws, base, "Давняя победа")
    deals.move_deal(ws, old_won.id, base.won, outcome=WonOutcome(1_00, date(2020, 5, 1)))
    new_lost = _deal(ws, base, "Свежий отказ")
    deals.move_deal(ws, new_lost.id, base.lost, outcome=LostOutcome(reason))

    def ids(**kw: Any) -> set[int]:
        return {card.id for card in deals.load_board(ws, base.pipeline_id, DealFilter(**kw)).cards}

    everything = {a.id, b.id, c.id, old_won.id, new_lost.id}
    assert ids() == everything
    assert ids(owner_ids=(manager,)) == {b.id}
    assert ids(owner_ids=(manager, ws.user_id)) == everything
    assert ids(organization_id=other_org) == {b.id}
    assert ids(close_from=date(2030, 1, 1), close_to=date(2030, 1, 31)) == {a.id}
    assert ids(close_from=date(2030, 2, 10)) == {b.id}
    assert ids(amount_min_minor=400_00, amount_max_minor=600_00) == {a.id}
    assert ids(amount_max_minor=0) == {c.id}
    assert ids(text="ЁЛОЧ") == {b.id}  # Cyrillic case and ё folded
    assert ids(text="елочные") == {b.id}
    assert ids(text="ромаш") == {a.id, old_won.id, new_lost.id}  # the organization's name
    assert ids(text="петров") == {c.id}  # the person's name
    since = ids(closed_since=date.today() - timedelta(days=30))
    assert since == {a.id, b.id, c.id, new_lost.id}  # open ones stay; the old win goes
    board = deals.load_board(ws, base.pipeline_id, DealFilter(text="станки"))
    assert board.totals[base.lead] == deals.ColumnTotals(base.lead, 1, 500_00, 50_00)
    assert board.totals[base.won].count == 0
    assert board.pipeline.stages[0].deal_count == 3  # unfiltered: live deals in the stage


def test_board_skips_trashed_and_other_pipelines(ws: Workspace, base: Base) -> None:
    kept = _deal(ws, base)
    gone = _deal(ws, base, "В корзине")
    deals.move_deal_to_trash(ws, gone.id)
    other = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "Повторные продажи",
            [StageEdit(None, "A", OPEN), StageEdit(None, "W", WON), StageEdit(None, "L", LOST)],
        ),
    )
    _deal(ws, base, "Чужая", pipeline_id=other.id, stage_id=other.stages[0].id)
    assert [c.id for c in deals.load_board(ws, base.pipeline_id).cards] == [kept.id]
    with pytest.raises(NotFoundError):
        deals.load_board(ws, 9999)


def test_next_activity_and_overdue(ws: Workspace, base: Base) -> None:
    now = utcnow()
    planned = _deal(ws, base, "С планом")
    late = _deal(ws, base, "Просрочена встреча")
    late_close = _deal(ws, base, "Просрочен срок", expected_close_on=date.today() - timedelta(1))
    due_today = _deal(ws, base, "Задача на сегодня")
    won = _deal(ws, base, "Выиграна")
    _add(
        ws,
        Activity(subject="Сделано", deal_id=planned.id, start_at=now - timedelta(days=9),
                 done_at=now - timedelta(days=9)),
        Activity(subject="Потом", deal_id=planned.id, start_at=now + timedelta(days=5)),
        Activity(subject="Завтра", kind=ActivityKind.CALL_OUT, deal_id=planned.id,
                 start_at=now + timedelta(days=1)),
        Activity(subject="Удалено", deal_id=planned.id, start_at=now + timedelta(hours=1),
                 deleted_at=now),
        Activity(subject="Без даты", deal_id=planned.id),
        Activity(subject="Вчерашняя встреча", deal_id=late.id, start_at=now - timedelta(days=1)),
        Activity(subject="Сегодня", deal_id=due_today.id, due_on=date.today()),
        Activity(subject="Давно", deal_id=won.id, start_at=now - timedelta(days=3)),
    )  # fmt: skip
    deals.move_deal(ws, won.id, base.won, outcome=WonOutcome(1_00, date.today()))

    cards = {c.id: c for c in deals.load_board(ws, base.pipeline_id).cards}

    p = cards[planned.id]
    assert (p.next_activity_subject, p.next_activity_kind) == ("Завтра", ActivityKind.CALL_OUT)
    assert p.next_activity_at is not None
    assert abs(p.next_activity_at - (now + timedelta(days=1))) < timedelta(seconds=1)
    assert not p.is_overdue
    assert cards[late.id].next_activity_subject == "Вчерашняя встреча"
    assert cards[late.id].is_overdue
    assert cards[late_close.id].next_activity_id is None and cards[late_close.id].is_overdue
    t = cards[due_today.id]
    assert t.next_activity_at == datetime.combine(date.today(), time(0), tzinfo=UTC)
    assert not t.is_overdue
    assert cards[won.id].next_activity_subject == "Давно" and not cards[won.id].is_overdue
    tomorrow = deals.load_board(ws, base.pipeline_id, today=date.today() + timedelta(days=1))
    assert {c.id for c in tomorrow.cards if c.is_overdue} == {late.id, late_close.id, due_today.id}
    undated = _deal(ws, base, "Только без даты")
    _add(ws, Activity(subject="Когда-нибудь", deal_id=undated.id))
    card = deals.get_deal(ws, undated.id).card
    assert card.next_activity_subject == "Когда-нибудь" and card.next_activity_at is None


# ------------------------------------------------------------------ moving


def test_move_records_history_and_follows_the_stage_probability(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base, probability=35)
    before = utcnow()
    moved = deals.move_deal(ws, card.id, base.talks, expected_version=card.version)
    assert (moved.stage_id, moved.probability, moved.version) == (base.talks, 50, 2)
    db = _db_deal(ws, card.id)
    assert db.probability is None  # follows the stage from now on
    assert db.stage_entered_at >= before - timedelta(seconds=1)
    first, move = _history(ws, card.id)
    assert (first.to_stage_id, first.probability) == (base.lead, 35)
    assert (move.from_stage_id, move.to_stage_id) == (base.lead, base.talks)
    assert (move.changed_by_id, move.probability, move.amount_minor) == (ws.user_id, 50, 100_000_00)
    assert before - timedelta(seconds=1) <= move.changed_at <= utcnow()
    with ws.read() as uow:
        changed = uow.session.execute(
            sa.select(AuditEntry.field, AuditEntry.old_value, AuditEntry.new_value).where(
                AuditEntry.entity_id == card.id, AuditEntry.action == AuditAction.UPDATE
            )
        ).all()
    assert ("stage_id", str(base.lead), str(base.talks)) in changed
    assert ("probability", "35", None) in changed


def test_moving_to_the_same_stage_changes_nothing(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base)
    same = deals.move_deal(ws, card.id, base.lead)
    assert same.version == card.version
    assert len(_history(ws, card.id)) == 1


def test_move_refuses_a_stage_of_another_pipeline(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base)
    other = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "B",
            [StageEdit(None, "A", OPEN), StageEdit(None, "W", WON), StageEdit(None, "L", LOST)],
        ),
    )
    with pytest.raises(ValidationError) as err:
        deals.move_deal(ws, card.id, other.stages[0].id)
    assert err.value.field == "stage"
    assert _db_deal(ws, card.id).stage_id == base.lead


def test_won_requires_an_outcome_and_sets_amount_and_closing_day(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base)
    for outcome in (None, LostOutcome(_reason(ws))):
        with pytest.raises(ValidationError) as err:
            deals.move_deal(ws, card.id, base.won, outcome=outcome)
        assert err.value.field == "outcome"
    assert _db_deal(ws, card.id).stage_id == base.lead

    won = deals.move_deal(ws, card.id, base.won, outcome=WonOutcome(123_456_78, date(2024, 6, 3)))

    assert (won.stage_kind, won.amount_minor, won.probability) == (WON, 123_456_78, 100)
    assert won.closed_at == deals.local_moment(date(2024, 6, 3), deals.WON_CLOSING_TIME)
    assert won.closed_at is not None and won.closed_at.astimezone().date() == date(2024, 6, 3)
    db = _db_deal(ws, card.id)
    assert (db.amount_minor, db.closed_at) == (123_456_78, won.closed_at)
    last = _history(ws, card.id)[-1]
    assert (last.to_stage_id, last.amount_minor, last.probability) == (base.won, 123_456_78, 100)


def test_lost_requires_an_active_reason(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base)
    inactive = _reason(ws, "Старая причина", active=False)
    reason = _reason(ws)
    competitor = deals.save_competitor(ws, None, "ООО «Вектор-М»", None, None).id
    refusals: list[tuple[Any, str]] = [
        (None, "Choose a loss reason."),
        (WonOutcome(1, date.today()), "Choose a loss reason."),
        (LostOutcome(9999), "Choose a loss reason."),
        (LostOutcome(inactive), "no longer in use"),
        (LostOutcome(reason, competitor_id=9999), "competitor"),
    ]
    for outcome, message in refusals:
        with pytest.raises(ValidationError, match=message):
            deals.move_deal(ws, card.id, base.lost, outcome=outcome)
    assert _db_deal(ws, card.id).stage_id == base.lead and len(_history(ws, card.id)) == 1

    before = utcnow()
    lost = deals.move_deal(
        ws, card.id, base.lost, outcome=LostOutcome(reason, competitor, "  Дорого  ")
    )

    db = _db_deal(ws, card.id)
    assert (db.stage_id, db.loss_reason_id, db.competitor_id) == (base.lost, reason, competitor)
    assert db.loss_comment == "Дорого"
    assert db.closed_at is not None and db.closed_at >= before - timedelta(seconds=1)
    assert lost.closed_at == db.closed_at and lost.probability == 0
    details = deals.get_deal(ws, card.id)
    assert (details.loss_reason, details.competitor_name) == ("Высокая цена", "ООО «Вектор-М»")


def test_reopening_clears_the_outcome(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base)
    reason = _reason(ws)
    competitor = deals.save_competitor(ws, None, "Вектор", None, None).id
    deals.move_deal(ws, card.id, base.lost, outcome=LostOutcome(reason, competitor, "Дорого"))
    reopened = deals.move_deal(ws, card.id, base.talks)
    db = _db_deal(ws, card.id)
    assert reopened.closed_at is None and reopened.stage_kind is OPEN
    assert (db.closed_at, db.loss_reason_id, db.competitor_id, db.loss_comment) == (
        None,
        None,
        None,
        None,
    )
    deals.move_deal(ws, card.id, base.won, outcome=WonOutcome(5_00, date.today()))
    deals.move_deal(ws, card.id, base.lead)
    assert _db_deal(ws, card.id).closed_at is None
    assert [h.to_stage_id for h in _history(ws, card.id)] == [
        base.lead,
        base.lost,
        base.talks,
        base.won,
        base.lead,
    ]


def test_stale_versions_are_refused(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base)
    deals.update_deal(ws, card.id, _input(base, "Новое имя"), expected_version=card.version)
    with pytest.raises(ConcurrentEditError):
        deals.update_deal(ws, card.id, _input(base, "Затрёт"), expected_version=card.version)
    with pytest.raises(ConcurrentEditError):
        deals.move_deal(ws, card.id, base.talks, expected_version=card.version)
    db = _db_deal(ws, card.id)
    assert (db.title, db.stage_id, db.version) == ("Новое имя", base.lead, 2)


# ------------------------------------------------------------------ editing


def test_update_deal_audits_fields_and_records_stage_changes(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base)
    updated = deals.update_deal(
        ws,
        card.id,
        _input(base, "Поставка v2", stage_id=base.talks, amount_minor=7_00, probability=40),
        expected_version=card.version,
    )
    assert (updated.title, updated.stage_id, updated.probability) == ("Поставка v2", base.talks, 40)
    move = _history(ws, card.id)[-1]
    assert (move.from_stage_id, move.to_stage_id, move.probability, move.amount_minor) == (
        base.lead,
        base.talks,
        40,
        7_00,
    )
    with ws.read() as uow:
        fields = set(
            uow.session.scalars(
                sa.select(AuditEntry.field).where(
                    AuditEntry.entity_id == card.id, AuditEntry.action == AuditAction.UPDATE
                )
            )
        )
    assert fields == {"title", "stage_id", "amount_minor", "probability"}

    with pytest.raises(ValidationError) as err:
        deals.update_deal(
            ws, card.id, _input(base, stage_id=base.won), expected_version=updated.version
        )
    assert err.value.field == "stage" and "won or lost" in err.value.message

    deals.move_deal(ws, card.id, base.won, outcome=WonOutcome(9_00, date.today()))
    closed = deals.get_deal(ws, card.id).card
    edited = deals.update_deal(
        ws, card.id, _input(base, "Выиграна", stage_id=base.won, amount_minor=9_00),
        expected_version=closed.version,
    )  # fmt: skip
    assert edited.closed_at == closed.closed_at  # editing a closed deal keeps it closed
    reopened = deals.update_deal(
        ws, card.id, _input(base, stage_id=base.contract), expected_version=edited.version
    )
    assert reopened.closed_at is None and reopened.stage_id == base.contract


def test_get_deal_history_and_activities(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base, source=" Сайт ", description="Нужно 5 станков")
    deals.move_deal(ws, card.id, base.talks)
    now = utcnow()
    _add(
        ws,
        Activity(subject="Звонок", deal_id=card.id, start_at=now - timedelta(days=2),
                 done_at=now - timedelta(days=2), result="Договорились"),
        Activity(subject="Письмо", deal_id=card.id, start_at=now - timedelta(days=1),
                 done_at=now - timedelta(days=1)),
        Activity(subject="Встреча", deal_id=card.id, start_at=now + timedelta(days=2)),
        Activity(subject="КП", deal_id=card.id, due_on=date.today() + timedelta(days=1)),
    )  # fmt: skip
    details = deals.get_deal(ws, card.id)
    assert (details.pipeline_name, details.stage_name, details.own_probability) == (
        "Продажи",
        "Переговоры",
        None,
    )
    assert (details.source, details.description) == ("Сайт", "Нужно 5 станков")
    assert [(h.from_stage_name, h.to_stage_name, h.user_name) for h in details.history] == [
        ("Новый лид", "Переговоры", _me(ws)),
        (None, "Новый лид", _me(ws)),
    ]
    assert [a.subject for a in details.activities] == ["КП", "Встреча", "Письмо", "Звонок"]
    with pytest.raises(NotFoundError):
        deals.get_deal(ws, 9999)


# ------------------------------------------------------------------ pipelines


def _edit(view: deals.PipelineView, **kw: Any) -> PipelineEdit:
    stages = [StageEdit(s.id, s.name, s.kind, s.probability, s.color) for s in view.stages]
    values: dict[str, Any] = {
        "id": view.id,
        "name": view.name,
        "stages": stages,
        "expected_version": view.version,
    }
    values.update(kw)
    return PipelineEdit(**values)


def _view(ws: Workspace, base: Base) -> deals.PipelineView:
    (view,) = [
        p for p in deals.list_pipelines(ws, include_archived=True) if p.id == base.pipeline_id
    ]
    return view


def test_pipeline_reorder_recolour_and_rename_a_won_stage(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base)
    deals.move_deal(ws, card.id, base.won, outcome=WonOutcome(1_00, date.today()))
    view = _view(ws, base)
    lead, talks, contract, won, lost = (
        StageEdit(s.id, s.name, s.kind, s.probability, s.color) for s in view.stages
    )
    won.name = "Won"
    talks.probability, talks.color = 60, "#AABBCC"
    saved = deals.save_pipeline(
        ws, _edit(view, name="Продажи 2025", stages=[talks, lead, contract, lost, won])
    )
    assert saved.name == "Продажи 2025" and saved.version == view.version + 1
    assert [(s.name, s.kind, s.position) for s in saved.stages] == [
        ("Переговоры", OPEN, 0),
        ("Новый лид", OPEN, 1),
        ("Договор", OPEN, 2),
        ("Проиграно", LOST, 3),
        ("Won", WON, 4),
    ]
    assert (saved.stages[0].probability, saved.stages[0].color) == (60, "#AABBCC")
    assert saved.stages[4].id == base.won and saved.stages[4].deal_count == 1
    board = deals.load_board(ws, base.pipeline_id)
    assert [c.stage_kind for c in board.cards] == [WON]
    with ws.read() as uow:
        assert uow.session.get(Stage, base.won).kind is WON  # type: ignore[union-attr]
    with pytest.raises(ConcurrentEditError):
        deals.save_pipeline(ws, _edit(view))  # the version it was opened at


def test_pipeline_adds_stages(ws: Workspace, base: Base) -> None:
    view = _view(ws, base)
    edit = _edit(view)
    edit.stages.insert(2, StageEdit(None, "Встреча", OPEN, 30, "#112233"))
    saved = deals.save_pipeline(ws, edit)
    assert [s.name for s in saved.stages][:4] == ["Новый лид", "Переговоры", "Встреча", "Договор"]
    assert saved.stages[2].probability == 30


def test_removing_a_stage_with_deals_needs_a_target_and_moves_them_with_history(
    ws: Workspace, base: Base
) -> None:
    card = _deal(ws, base, stage_id=base.talks)
    trashed = _deal(ws, base, "В корзине", stage_id=base.talks)
    passed = _deal(ws, base, "Прошла")
    deals.move_deal(ws, passed.id, base.talks)
    deals.move_deal(ws, passed.id, base.contract)  # history through the removed stage
    deals.move_deal_to_trash(ws, trashed.id)
    reason = _reason(ws)
    lost = _deal(ws, base, "Проиграна")
    deals.move_deal(ws, lost.id, base.lost, outcome=LostOutcome(reason))
    view = _view(ws, base)
    without_talks = [s for s in _edit(view).stages if s.id != base.talks]

    for moves, message in [
        ({}, "Choose the stage the deals of “Переговоры” move to."),
        ({base.talks: base.talks}, "a stage this pipeline keeps"),
        ({base.talks: 9999}, "a stage this pipeline keeps"),
        ({base.talks: base.won}, "can only move to an open stage"),
    ]:
        with pytest.raises(ValidationError, match=message) as err:
            deals.save_pipeline(ws, _edit(view, stages=without_talks, moves=moves))
        assert err.value.field == "moves"
    assert _count(ws, Stage, Stage.id == base.talks) == 1

    before = utcnow()
    saved = deals.save_pipeline(
        ws, _edit(view, stages=without_talks, moves={base.talks: base.contract})
    )

    assert base.talks not in {s.id for s in saved.stages}
    assert _count(ws, Stage, Stage.id == base.talks) == 0
    for deal_id in (card.id, trashed.id):
        db = _db_deal(ws, deal_id)
        assert db.stage_id == base.contract and db.version == 2 + (deal_id == trashed.id)
        move = _history(ws, deal_id)[-1]
        assert move.to_stage_id == base.contract and move.changed_by_id == ws.user_id
        assert move.changed_at >= before - timedelta(seconds=1)
        assert move.probability == 80  # the target's default
    assert _count(ws, DealStageChange, DealStageChange.to_stage_id == base.talks) == 0
    assert [h.to_stage_id for h in _history(ws, passed.id)] == [
        base.lead,
        base.contract,  # was the removed stage
        base.contract,
    ]
    assert saved.stages[1].deal_count == 2  # live ones: the moved card and `passed`
    with ws.read() as uow:
        audited = uow.session.execute(
            sa.select(AuditEntry.entity_id, AuditEntry.old_value, AuditEntry.new_value).where(
                AuditEntry.entity_kind == EntityKind.DEAL,
                AuditEntry.field == "stage_id",
                AuditEntry.at >= before,
            )
        ).all()
    assert sorted(audited) == sorted(
        (deal_id, str(base.talks), str(base.contract)) for deal_id in (card.id, trashed.id)
    )


def test_removing_a_stage_with_history_only_keeps_the_history(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base)
    deals.move_deal(ws, card.id, base.contract)
    deals.move_deal(ws, card.id, base.talks)  # `contract` now holds no deal, only history
    view = _view(ws, base)
    deals.save_pipeline(
        ws, _edit(view, stages=[s for s in _edit(view).stages if s.id != base.contract])
    )
    history = _history(ws, card.id)
    assert [(h.from_stage_id, h.to_stage_id) for h in history] == [
        (None, base.lead),
        (base.lead, base.lead),  # was “Договор”: the first open stage takes its history
        (None, base.talks),  # it left the removed stage: origin unknown
    ]
    assert _db_deal(ws, card.id).stage_id == base.talks


def _three(name: str = "Новая") -> PipelineEdit:
    return PipelineEdit(
        None,
        name,
        [
            StageEdit(None, "Лид", OPEN, 10),
            StageEdit(None, "Да", WON, 100),
            StageEdit(None, "Нет", LOST),
        ],
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter the pipeline's name."),
        ({"name": "ПРОДАЖИ"}, "name", "already exists"),
        ({"stages": [StageEdit(None, "", OPEN)]}, "stages", "Every stage needs a name."),
        ({"stages": "dup"}, "stages", "Two stages are called"),
        ({"stages": "prob"}, "stages", "from 0 to 100"),
        ({"stages": "colour"}, "stages", "#RRGGBB"),
        ({"stages": [StageEdit(None, "W", WON), StageEdit(None, "L", LOST)]}, "stages", "open"),
        ({"stages": [StageEdit(None, "O", OPEN), StageEdit(None, "L", LOST)]}, "stages", "won"),
        ({"stages": [StageEdit(None, "O", OPEN), StageEdit(None, "W", WON)]}, "stages", "lost"),
    ],
)
def test_pipeline_validation(
    ws: Workspace, base: Base, change: dict[str, Any], field: str, message: str
) -> None:
    edit = _three()
    if change.get("stages") == "dup":
        edit.stages.append(StageEdit(None, " лид ", OPEN))
    elif change.get("stages") == "prob":
        edit.stages[0].probability = 101
    elif change.get("stages") == "colour":
        edit.stages[0].color = "red"
    elif "stages" in change:
        edit.stages = change["stages"]
    if "name" in change:
        edit.name = change["name"]
    with pytest.raises(ValidationError, match=message) as err:
        deals.save_pipeline(ws, edit)
    assert err.value.field == field
    assert [p.id for p in deals.list_pipelines(ws, include_archived=True)] == [base.pipeline_id]


def test_a_stage_with_deals_keeps_its_kind(ws: Workspace, base: Base) -> None:
    _deal(ws, base, stage_id=base.contract)
    view = _view(ws, base)
    edit = _edit(view)
    edit.stages[2].kind = WON
    with pytest.raises(ValidationError, match="“Договор” holds deals") as err:
        deals.save_pipeline(ws, edit)
    assert err.value.field == "stages"
    edit = _edit(view)
    edit.stages[0].kind = WON  # an empty stage may change its kind
    assert deals.save_pipeline(ws, edit).stages[0].kind is WON


def test_removing_an_empty_stage_needs_no_target(ws: Workspace, base: Base) -> None:
    view = _view(ws, base)
    saved = deals.save_pipeline(
        ws, _edit(view, stages=[s for s in _edit(view).stages if s.id != base.contract])
    )
    assert [s.name for s in saved.stages] == ["Новый лид", "Переговоры", "Успешно", "Проиграно"]
    assert _count(ws, Stage, Stage.id == base.contract) == 0


def test_stage_ids_of_another_pipeline_are_refused(ws: Workspace, base: Base) -> None:
    other = deals.save_pipeline(ws, _three())
    edit = _edit(_view(ws, base))
    edit.stages.append(StageEdit(other.stages[0].id, "Чужая", OPEN))
    with pytest.raises(ValidationError) as err:
        deals.save_pipeline(ws, edit)
    assert err.value.field == "stages"


def test_pipelines_reorder_archive_and_delete(ws: Workspace, base: Base) -> None:
    second = deals.save_pipeline(ws, _three("Повторные продажи"))
    third = deals.save_pipeline(ws, _three("Тендеры"))
    assert [p.name for p in deals.list_pipelines(ws)] == ["Продажи", "Повторные продажи", "Тендеры"]

    deals.reorder_pipelines(ws, [third.id, base.pipeline_id])
    assert [p.id for p in deals.list_pipelines(ws)] == [third.id, base.pipeline_id, second.id]
    with pytest.raises(NotFoundError):
        deals.reorder_pipelines(ws, [9999])

    deals.set_pipeline_archived(ws, second.id, True)
    assert [p.id for p in deals.list_pipelines(ws)] == [third.id, base.pipeline_id]
    archived = [p for p in deals.list_pipelines(ws, include_archived=True) if p.is_archived]
    assert [p.id for p in archived] == [second.id]
    with pytest.raises(ValidationError) as err:
        deals.create_deal(ws, _input(base, pipeline_id=second.id, stage_id=second.stages[0].id))
    assert err.value.field == "pipeline"
    deals.set_pipeline_archived(ws, second.id, False)

    card = _deal(ws, base, pipeline_id=second.id, stage_id=second.stages[0].id)
    deals.move_deal_to_trash(ws, card.id)
    with pytest.raises(ValidationError, match="archive it instead"):
        deals.delete_pipeline(ws, second.id)  # a trashed deal counts
    deals.delete_pipeline(ws, third.id)
    assert [p.id for p in deals.list_pipelines(ws)] == [base.pipeline_id, second.id]
    assert _count(ws, Stage, Stage.pipeline_id == third.id) == 0
    with pytest.raises(NotFoundError):
        deals.delete_pipeline(ws, third.id)


# ------------------------------------------------------------------ loss reasons


def _reasons(ws: Workspace) -> list[tuple[str, bool]]:
    return [(r.name, r.is_active) for r in deals.list_loss_reasons(ws, include_inactive=True)]


def test_loss_reasons_list_editing(ws: Workspace, base: Base) -> None:
    saved = deals.save_loss_reasons(
        ws,
        [
            ReferenceItem(None, " Цена "),
            ReferenceItem(None, "Сроки"),
            ReferenceItem(None, "Конкурент"),
        ],
    )
    price, terms, rival = (r.id for r in saved)
    assert _reasons(ws) == [("Цена", True), ("Сроки", True), ("Конкурент", True)]

    # swapped names (the unique index must not trip), one reordered
    deals.save_loss_reasons(
        ws,
        [
            ReferenceItem(rival, "Конкурент"),
            ReferenceItem(price, "Сроки"),
            ReferenceItem(terms, "Цена"),
        ],
    )
    assert _reasons(ws) == [("Конкурент", True), ("Сроки", True), ("Цена", True)]

    card = _deal(ws, base)
    deals.move_deal(ws, card.id, base.lost, outcome=LostOutcome(rival))
    result = deals.save_loss_reasons(ws, [ReferenceItem(terms, "Цена")])  # two left out
    assert [(r.name, r.is_active) for r in result] == [("Цена", True), ("Конкурент", False)]
    assert _count(ws, LossReason, LossReason.id == price) == 0  # unused: deleted
    assert _db_deal(ws, card.id).loss_reason_id == rival  # used: deactivated, kept
    assert [r.name for r in deals.list_loss_reasons(ws)] == ["Цена"]

    back = deals.save_loss_reasons(
        ws, [ReferenceItem(None, "конкурент"), ReferenceItem(terms, "Цена", is_active=False)]
    )
    assert [(r.id, r.name, r.is_active) for r in back] == [
        (rival, "конкурент", True),  # the left-out reason came back
        (terms, "Цена", False),
    ]

    for items, message in [
        ([ReferenceItem(None, "  ")], "needs a name"),
        ([ReferenceItem(None, "А"), ReferenceItem(None, "а")], "twice"),
    ]:
        with pytest.raises(ValidationError, match=message):
            deals.save_loss_reasons(ws, items)
    with pytest.raises(NotFoundError):
        deals.save_loss_reasons(ws, [ReferenceItem(9999, "Нет такой")])
    with pytest.raises(ValidationError, match="still named by deals"):
        deals.save_loss_reasons(  # renamed like the used reason left out
            ws, [ReferenceItem(None, "Другое"), ReferenceItem(terms, "КОНКУРЕНТ")]
        )
    deals.save_loss_reasons(ws, [])
    assert _reasons(ws) == [("конкурент", False)]


# ------------------------------------------------------------------ competitors


def test_competitors_and_their_card(ws: Workspace, base: Base) -> None:
    _add(ws, CurrencyRate(currency="USD", rate=100.0))
    vector = deals.save_competitor(ws, None, " ООО  «Вектор» ", "vector.ru", "  ")
    assert (vector.name, vector.website, vector.notes, vector.won_count) == (
        "ООО «Вектор»",
        "vector.ru",
        None,
        0,
    )
    alfa = deals.save_competitor(ws, None, "Альфа", None, "Демпингуют")
    with pytest.raises(ValidationError, match="already exists") as err:
        deals.save_competitor(ws, None, "Вектор", None, None)  # same name without the form
    assert err.value.field == "name"
    with pytest.raises(ValidationError):
        deals.save_competitor(ws, None, " ", None, None)

    renamed = deals.save_competitor(
        ws, vector.id, "АО «Вектор»", None, "Сильны в Сибири", expected_version=vector.version
    )
    assert renamed.version == vector.version + 1 and renamed.website is None
    with pytest.raises(ConcurrentEditError):
        deals.save_competitor(ws, vector.id, "X", None, None, expected_version=vector.version)

    reason = _reason(ws)
    first = _deal(ws, base, "Первая", amount_minor=1_000_00)
    second = _deal(ws, base, "Вторая", amount_minor=10_00, currency="USD", person_id=base.person)
    still_open = _deal(ws, base, "Открытая")
    deals.move_deal(ws, first.id, base.lost, outcome=LostOutcome(reason, vector.id, "Дешевле"))
    deals.move_deal(ws, second.id, base.lost, outcome=LostOutcome(reason, vector.id))
    with ws.write() as uow:  # the second was lost later
        uow.session.execute(
            sa.update(Deal)
            .where(Deal.id == first.id)
            .values(closed_at=utcnow() - timedelta(days=2))
        )
        uow.session.execute(
            sa.update(Deal).where(Deal.id == still_open.id).values(competitor_id=vector.id)
        )
        uow.commit()

    listed = deals.list_competitors(ws)
    assert [c.name for c in listed] == ["Альфа", "АО «Вектор»"]
    assert (listed[1].won_count, listed[1].won_sum_base_minor) == (2, 1_000_00 + 1_000_00)
    card = deals.competitor_card(ws, vector.id)
    assert [d.deal_id for d in card.lost_deals] == [second.id, first.id]
    assert (
        card.lost_deals[1].client == "ООО «Ромашка»"
        and card.lost_deals[1].loss_comment == "Дешевле"
    )
    assert card.lost_deals[0].loss_reason == "Высокая цена" and card.lost_deals[
        0
    ].owner_name == _me(ws)

    deals.delete_competitor(ws, vector.id)
    assert [c.id for c in deals.list_competitors(ws)] == [alfa.id]
    assert _db_deal(ws, first.id).competitor_id == vector.id
    assert len(deals.competitor_card(ws, vector.id).lost_deals) == 2
    with pytest.raises(ValidationError, match="competitor"):
        deals.move_deal(ws, still_open.id, base.lost, outcome=LostOutcome(reason, vector.id))
    assert deals.save_competitor(ws, None, "Вектор", None, None).name == "Вектор"  # name is free
    with pytest.raises(NotFoundError):
        deals.competitor_card(ws, 9999)


# ------------------------------------------------------------------ trash


def test_deal_trash_restore_and_purge(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base, person_id=base.person)
    (activity, note) = _add(
        ws,
        Activity(subject="Звонок", deal_id=card.id),
        Note(text="О сделке и о Петрове", deal_id=card.id, person_id=base.person),
    )
    deals.move_deal_to_trash(ws, card.id)
    assert deals.load_board(ws, base.pipeline_id).cards == ()
    assert [(t.kind, t.id, t.title) for t in contacts.list_trash(ws)] == [
        (EntityKind.DEAL, card.id, "Поставка")
    ]
    with pytest.raises(NotFoundError):
        deals.move_deal(ws, card.id, base.talks)
    with pytest.raises(NotFoundError):
        deals.move_deal_to_trash(ws, card.id)

    contacts.restore(ws, EntityKind.DEAL, card.id)
    assert [c.id for c in deals.load_board(ws, base.pipeline_id).cards] == [card.id]
    assert contacts.list_trash(ws) == []

    deals.move_deal_to_trash(ws, card.id)
    contacts.move_to_trash(ws, EntityKind.PERSON, base.person)
    with pytest.raises(ValidationError, match="Restore “Петров Пётр” first"):
        contacts.restore(ws, EntityKind.DEAL, card.id)
    with pytest.raises(ValidationError, match="has 1 deal"):
        trash.purge(ws, EntityKind.PERSON, base.person)

    trash.purge(ws, EntityKind.DEAL, card.id)

    assert _count(ws, Deal) == 0 and _count(ws, DealStageChange) == 0
    with ws.read() as uow:
        act = uow.session.get(Activity, activity)
        assert act is not None and act.deal_id is None
        kept = uow.session.get(Note, note)
        assert kept is not None and (kept.deal_id, kept.person_id) == (None, base.person)
        actions = uow.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity_kind == EntityKind.DEAL)
            .order_by(AuditEntry.id)
        ).all()
    assert actions[-4:] == [
        AuditAction.TRASH,
        AuditAction.RESTORE,
        AuditAction.TRASH,
        AuditAction.DELETE,
    ]
    trash.purge(ws, EntityKind.PERSON, base.person)  # free now
    with pytest.raises(ValidationError, match="not in the trash"):
        trash.purge(ws, EntityKind.DEAL, _deal(ws, base).id)


def test_empty_trash_purges_deals_first(ws: Workspace, base: Base) -> None:
    card = _deal(ws, base, organization_id=None, person_id=base.person)
    live = _deal(ws, base, "Живая")
    deals.move_deal_to_trash(ws, card.id)
    contacts.move_to_trash(ws, EntityKind.PERSON, base.person)
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, base.org)  # held by a live deal
    assert trash.empty_trash(ws) == 2  # the deal, then its person
    assert _count(ws, Deal) == 1 and _db_deal(ws, live.id).title == "Живая"
    assert [(t.kind, t.id) for t in contacts.list_trash(ws)] == [
        (EntityKind.ORGANIZATION, base.org)
    ]


# ------------------------------------------------------------------ users


def test_users_for_assignment(ws: Workspace) -> None:
    _add(
        ws,
        User(login="zed", display_name="", role=Role.MANAGER),
        User(login="anna", display_name="Анна", role=Role.MANAGER),
        User(login="gone", display_name="Уволен", role=Role.MANAGER, is_active=False),
    )
    users = deals.users_for_assignment(ws)
    names = [name for _, name in users]
    assert sorted(names) == sorted(["zed", "Анна", _me(ws)])  # the login when no name
    assert names == sorted(names, key=fold)
    assert (ws.user_id, _me(ws)) in users


def test_open_deals_of_a_client(ws: Workspace, base: Base) -> None:
    talks = _deal(ws, base, "Переговоры о поставке", stage_id=base.talks)
    lead = _deal(ws, base, "Аренда")
    won = _deal(ws, base, "Закрыта")
    deals.move_deal(ws, won.id, base.won, outcome=deals.WonOutcome(1_00, date(2026, 1, 5)))
    trashed = _deal(ws, base, "В корзине")
    deals.move_deal_to_trash(ws, trashed.id)
    own = _deal(ws, base, "Личная", organization_id=None, person_id=base.person)
    assert deals.open_deals_of(ws, organization_id=base.org) == [
        (lead.id, "Аренда"),
        (talks.id, "Переговоры о поставке"),
    ]
    assert deals.open_deals_of(ws, person_id=base.person) == [(own.id, "Личная")]
    assert deals.open_deals_of(ws) == []
