"""Reports on a small hand-built base whose right answers are worked out by hand.

The base (see `base`): pipeline "Продажи" (Лид 10 %, Переговоры 50 %, Договор 80 %,
Успех won, Отказ lost) and pipeline "Другая" (Икс 20 %, Икс-успех won, Икс-отказ lost);
users Анна and Борис; the clock at 2026-03-18 12:00 Moscow (09:00 UTC), a Wednesday.
Amounts: 1 USD = 90 RUB. Every expected number below is written out, not recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.kinds import ActivityKind, EntityKind, StageKind
from crm_desktop.domain.names import fold
from crm_desktop.errors import NotFoundError, ValidationError
from crm_desktop.services.reports import (
    REPORTS,
    CellKind,
    Granularity,
    RelativePeriod,
    ReportParams,
    ReportResult,
    relative_dates,
    resolve_period,
    run,
)
from crm_desktop.services.reports.result import CellValue, records_by
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    Competitor,
    CurrencyRate,
    Deal,
    DealStageChange,
    LossReason,
    Organization,
    Person,
    Phone,
    Pipeline,
    Stage,
    Tag,
    User,
    organization_tags,
    person_tags,
)

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
CLOCK = FixedClock(NOW, MOSCOW)
MARCH = ReportParams(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A UTC moment in 2026."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Ids:
    admin: int
    anna: int
    boris: int
    main: int
    other: int
    o1: int
    o2: int
    p1: int
    p2: int
    d1: int
    a12: int


@pytest.fixture
def base(ws: Workspace) -> Ids:
    with ws.write() as uow:
        s = uow.session
        admin = s.get(User, ws.user_id)
        assert admin is not None
        admin.display_name = "Админ"
        anna = User(login="anna", display_name="Анна")
        boris = User(login="boris", display_name="Борис")
        s.add_all([anna, boris])
        s.add(CurrencyRate(currency="USD", rate=90.0))
        s.flush()

        def pipeline(
            name: str, position: int, stages: list[tuple[str, StageKind, int]]
        ) -> list[int]:
            p = Pipeline(name=name, position=position)
            s.add(p)
            s.flush()
            rows = [
                Stage(pipeline_id=p.id, name=n, kind=k, probability=pr, position=i)
                for i, (n, k, pr) in enumerate(stages)
            ]
            s.add_all(rows)
            s.flush()
            return [p.id, *(r.id for r in rows)]

        main, lead, talks, contract, won, lost = pipeline(
            "Продажи",
            0,
            [
                ("Лид", StageKind.OPEN, 10),
                ("Переговоры", StageKind.OPEN, 50),
                ("Договор", StageKind.OPEN, 80),
                ("Успех", StageKind.WON, 100),
                ("Отказ", StageKind.LOST, 0),
            ],
        )
        other, x, x_won, _x_lost = pipeline(
            "Другая",
            1,
            [
                ("Икс", StageKind.OPEN, 20),
                ("Икс-успех", StageKind.WON, 100),
                ("Икс-отказ", StageKind.LOST, 0),
            ],
        )
        vip = Tag(name="VIP", name_key=fold("VIP"))
        s.add(vip)
        price, late = LossReason(name="Цена"), LossReason(name="Сроки")
        rival = Competitor(name="Конкурент А", name_key=fold("Конкурент А"))
        s.add_all([price, late, rival])

        def org(name: str, **kw: object) -> Organization:
            o = Organization(name=name, name_key=fold(name), **kw)
            s.add(o)
            return o

        def person(name: str, **kw: object) -> Person:
            p = Person(full_name=name, name_key=fold(name), **kw)
            s.add(p)
            return p

        o1 = org(
            "ООО «Ромашка»",
            city="Москва",
            segment="Опт",
            owner_id=anna.id,
            created_by_id=anna.id,
            created_at=at(2, 10),
            last_contact_at=at(10, 9),
        )
        o2 = org(
            "Вектор",
            city="Тула",
            segment="Розница",
            owner_id=boris.id,
            created_by_id=boris.id,
            created_at=at(10, 10, month=2),
        )
        org(
            "Корзина",
            city="Москва",
            segment="Опт",
            owner_id=anna.id,
            created_by_id=anna.id,
            created_at=at(3, 10),
            deleted_at=at(4, 10),
        )
        s.flush()
        p1 = person(
            "Петров Пётр",
            organization_id=o1.id,
            city="Москва",
            owner_id=anna.id,
            created_by_id=anna.id,
            created_at=at(2, 11),
            last_contact_at=at(5, 9, month=1),
        )
        # created 00:30 on the 17th in Moscow, still the 16th in UTC
        p2 = person(
            "Сидорова Анна",
            city="Тула",
            segment="опт",
            owner_id=boris.id,
            created_by_id=boris.id,
            created_at=at(16, 21, 30),
            last_contact_at=at(17, 9),
        )
        person(
            "Удалённый Иван",
            city="Москва",
            owner_id=anna.id,
            created_by_id=anna.id,
            created_at=at(3, 12),
            deleted_at=at(4, 12),
        )
        s.flush()
        s.add(Phone(person_id=p1.id, raw="+7 912 345-67-89", e164="+79123456789", is_valid=True))
        s.execute(sa.insert(organization_tags).values(organization_id=o1.id, tag_id=vip.id))
        s.execute(sa.insert(person_tags).values(person_id=p2.id, tag_id=vip.id))

        def deal(
            title: str,
            stage: int,
            amount: int,
            owner: User,
            history: list[tuple[int | None, int, datetime]],
            **kw: object,
        ) -> Deal:
            d = Deal(
                title=title,
                pipeline_id=kw.pop("pipeline_id", main),
                stage_id=stage,
                amount_minor=amount,
                owner_id=owner.id,
                **kw,
            )
            s.add(d)
            s.flush()
            s.add_all(
                DealStageChange(
                    deal_id=d.id,
                    from_stage_id=src,
                    to_stage_id=dst,
                    changed_at=when,
                    changed_by_id=owner.id,
                )
                for src, dst, when in history
            )
            return d

        d1 = deal(
            "Поставка",
            contract,
            10_000_000,
            anna,
            [(None, lead, at(2, 10)), (lead, talks, at(5, 10)), (talks, contract, at(10, 10))],
            organization_id=o1.id,
            expected_close_on=date(2026, 4, 15),
        )
        deal(
            "Лицензии",
            talks,
            100_000,
            boris,
            [(None, lead, at(20, 10, month=2)), (lead, talks, at(4, 10))],
            person_id=p2.id,
            currency="USD",
            probability=30,
            expected_close_on=date(2026, 3, 31),
        )
        # entered the lead stage at 01:00 on March 1st in Moscow (still February in UTC)
        deal(
            "Ремонт",
            won,
            5_000_000,
            boris,
            [(None, lead, at(28, 22, month=2)), (lead, talks, at(3, 10)), (talks, won, at(12, 9))],
            organization_id=o2.id,
            closed_at=at(12, 9),
        )
        deal(
            "Обучение",
            lost,
            2_000_000,
            anna,
            [(None, lead, at(6, 10)), (lead, talks, at(8, 10)), (talks, lost, at(14, 12))],
            organization_id=o1.id,
            closed_at=at(14, 12),
            loss_reason_id=price.id,
            competitor_id=rival.id,
        )
        deal(
            "Сервис",
            lost,
            1_000_000,
            anna,
            [(None, lead, at(7, 10)), (lead, lost, at(16, 10))],
            person_id=p1.id,
            closed_at=at(16, 10),
            loss_reason_id=price.id,
        )
        deal(
            "Аудит",
            lost,
            3_000_000,
            boris,
            [(None, lead, at(1, 10, month=2)), (lead, lost, at(20, 10, month=2))],
            organization_id=o2.id,
            closed_at=at(20, 10, month=2),
            loss_reason_id=late.id,
            competitor_id=rival.id,
        )
        deal(
            "Удалённая",
            lead,
            50_000_000,
            anna,
            [(None, lead, at(5, 10))],
            organization_id=o1.id,
            deleted_at=at(6, 10),
        )
        deal(
            "Другая воронка",
            x,
            7_000_000,
            anna,
            [(None, x, at(5, 10))],
            organization_id=o1.id,
            pipeline_id=other,
        )
        deal(
            "Другая победа",
            x_won,
            4_000_000,
            anna,
            [(None, x, at(2, 10)), (x, x_won, at(10, 9))],
            organization_id=o1.id,
            pipeline_id=other,
            closed_at=at(10, 9),
        )

        def act(kind: ActivityKind, subject: str, owner: User, **kw: object) -> Activity:
            a = Activity(kind=kind, subject=subject, owner_id=owner.id, **kw)
            s.add(a)
            return a

        act(ActivityKind.CALL_OUT, "Звонок 1", anna, done_at=at(16, 7), person_id=p2.id)
        act(ActivityKind.CALL_IN, "Звонок 2", anna, done_at=at(16, 20, 30))
        act(ActivityKind.CALL_IN, "Звонок 3", anna, done_at=at(16, 21, 30))  # 17th in Moscow
        act(ActivityKind.EMAIL, "Письмо КП", anna, done_at=at(17, 8), organization_id=o1.id)
        act(ActivityKind.MEETING_NEGOTIATION, "Переговоры", boris, done_at=at(17, 10))
        act(ActivityKind.TODO, "Счёт", anna, due_on=date(2026, 3, 16), all_day=True)
        act(ActivityKind.TODO, "Отчёт", boris, start_at=at(17, 6), end_at=at(17, 7))
        act(
            ActivityKind.TODO,
            "Акт",
            anna,
            due_on=date(2026, 3, 15),
            all_day=True,
            done_at=at(17, 9),
        )
        act(ActivityKind.LETTER, "Удалённое", anna, done_at=at(16, 9), deleted_at=at(16, 10))
        act(ActivityKind.FAX, "Факс", anna, start_at=at(18, 8), done_at=at(18, 8))
        a12 = act(
            ActivityKind.MEETING_PRESENTATION,
            "Презентация",
            anna,
            start_at=at(19, 7),
            end_at=at(19, 8),
            organization_id=o1.id,
            deal_id=d1.id,
            location="Офис",
        )
        act(ActivityKind.CALL_OUT, "Через неделю", anna, due_on=date(2026, 3, 25), all_day=True)
        act(ActivityKind.TODO, "Шестой день", boris, due_on=date(2026, 3, 24), all_day=True)
        act(
            ActivityKind.TODO,
            "Планёрка",
            anna,
            due_on=date(2026, 3, 2),
            all_day=True,
            recurrence_rule="FREQ=WEEKLY",
        )
        s.flush()
        ids = Ids(
            admin.id, anna.id, boris.id, main, other, o1.id, o2.id, p1.id, p2.id, d1.id, a12.id
        )
        uow.commit()
    return ids


def rows(result: ReportResult, table: str, key: str) -> dict[CellValue, dict[str, CellValue]]:
    return records_by(result.table(table), key)


# ------------------------------------------------------------------ periods


def test_relative_periods_across_a_year_boundary_in_moscow() -> None:
    clock = FixedClock(datetime(2025, 12, 31, 21, 30, tzinfo=UTC), MOSCOW)  # Jan 1st 00:30
    expected = {
        RelativePeriod.TODAY: (date(2026, 1, 1), date(2026, 1, 1)),
        RelativePeriod.THIS_WEEK: (date(2025, 12, 29), date(2026, 1, 4)),
        RelativePeriod.LAST_WEEK: (date(2025, 12, 22), date(2025, 12, 28)),
        RelativePeriod.THIS_MONTH: (date(2026, 1, 1), date(2026, 1, 31)),
        RelativePeriod.LAST_MONTH: (date(2025, 12, 1), date(2025, 12, 31)),
        RelativePeriod.THIS_QUARTER: (date(2026, 1, 1), date(2026, 3, 31)),
        RelativePeriod.THIS_YEAR: (date(2026, 1, 1), date(2026, 12, 31)),
        RelativePeriod.LAST_30_DAYS: (date(2025, 12, 3), date(2026, 1, 1)),
    }
    for relative, (first, last) in expected.items():
        period = resolve_period(ReportParams(relative=relative), clock)
        assert (period.first, period.last) == (first, last), relative
    month = resolve_period(ReportParams(relative=RelativePeriod.THIS_MONTH), clock)
    assert month.start == datetime(2025, 12, 31, 21, 0, tzinfo=UTC)
    assert month.end == datetime(2026, 1, 31, 21, 0, tzinfo=UTC)
    # the same moment in UTC is still December 31st
    utc_clock = FixedClock(clock.now(), UTC)
    assert resolve_period(ReportParams(relative=RelativePeriod.THIS_YEAR), utc_clock).first == date(
        2025, 1, 1
    )
    assert relative_dates(RelativePeriod.LAST_MONTH, date(2026, 3, 31)) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
    )
    assert relative_dates(RelativePeriod.THIS_QUARTER, date(2026, 11, 5)) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )


def test_a_week_across_the_daylight_saving_change_in_berlin() -> None:
    clock = FixedClock(datetime(2026, 3, 27, 12, tzinfo=UTC), BERLIN)
    week = resolve_period(ReportParams(relative=RelativePeriod.THIS_WEEK), clock)
    assert (week.first, week.last) == (date(2026, 3, 23), date(2026, 3, 29))
    assert week.start == datetime(2026, 3, 22, 23, 0, tzinfo=UTC)  # CET, +1
    assert week.end == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # CEST, +2
    assert week.end - week.start == (week.end - week.start)  # 6 days 23 hours:
    assert (week.end - week.start).total_seconds() == 7 * 86400 - 3600


def test_params_round_trip_through_json() -> None:
    params = ReportParams(
        relative=RelativePeriod.LAST_WEEK,
        pipeline_id=3,
        owner_ids=(5, 2, 5),
        tags=(" VIP ", "Опт"),
        segment=" Опт ",
        granularity=Granularity.WEEK,
        client_kind=EntityKind.PERSON,
        client_id=7,
        no_contact_days=45,
    )
    assert params.owner_ids == (2, 5) and params.tags == ("VIP", "Опт") and params.segment == "Опт"
    assert ReportParams.from_json(params.to_json()) == params
    assert ReportParams.from_json(ReportParams().to_json()) == ReportParams()
    with pytest.raises(ValueError, match="ends before"):
        ReportParams(date_from=date(2026, 3, 2), date_to=date(2026, 3, 1))


# ------------------------------------------------------------------ sales


def test_funnel_counts_deals_reaching_each_stage_conversions_and_dropouts(
    ws: Workspace, base: Ids
) -> None:
    result = run("funnel", ws, MARCH, CLOCK)
    stages = rows(result, "stages", "stage")
    # "Лицензии" entered the lead stage in February but reached "Переговоры" in March;
    # "Ремонт" went from "Переговоры" straight to won: it passed "Договор"
    assert {k: (v["reached"], v["amount"], v["conversion"]) for k, v in stages.items()} == {
        "Лид": (5, 27_000_000, 0.8),
        "Переговоры": (4, 26_000_000, 0.5),
        "Договор": (2, 15_000_000, 0.5),
        "Успех": (1, 5_000_000, None),
        "Отказ": (2, 3_000_000, None),
    }
    (total,) = result.table("stages").records(totals=True)
    assert (total["reached"], total["amount"], total["conversion"]) == (1, 5_000_000, 0.2)
    drops = rows(result, "dropouts", "stage")
    assert {k: (v["lost"], v["share"]) for k, v in drops.items()} == {
        "Лид": (1, 0.5),
        "Переговоры": (1, 0.5),
        "Договор": (0, 0.0),
    }
    assert result.chart("reached").series[0].values == (5.0, 4.0, 2.0, 1.0, 2.0)
    assert ("Pipeline", "Продажи") in [(k, c.value) for k, c in result.parameters]


def test_funnel_cuts_days_in_the_clock_zone(ws: Workspace, base: Ids) -> None:
    # "Ремонт" entered the lead stage at 01:00 March 1st in Moscow, 22:00 Feb 28th in UTC
    february = ReportParams(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    moscow = run("funnel", ws, february, CLOCK)
    assert rows(moscow, "stages", "stage")["Лид"]["reached"] == 2
    utc = run("funnel", ws, february, FixedClock(NOW, UTC))
    assert rows(utc, "stages", "stage")["Лид"]["reached"] == 3


def test_funnel_of_another_pipeline_and_owner(ws: Workspace, base: Ids) -> None:
    other = run(
        "funnel",
        ws,
        ReportParams(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31), pipeline_id=base.other),
        CLOCK,
    )
    assert {k: v["reached"] for k, v in rows(other, "stages", "stage").items()} == {
        "Икс": 2,
        "Икс-успех": 1,
        "Икс-отказ": 0,
    }
    boris = run(
        "funnel",
        ws,
        ReportParams(relative=RelativePeriod.THIS_MONTH, owner_ids=(base.boris,)),
        CLOCK,
    )
    assert {k: v["reached"] for k, v in rows(boris, "stages", "stage").items()} == {
        "Лид": 2,
        "Переговоры": 2,
        "Договор": 1,
        "Успех": 1,
        "Отказ": 0,
    }


def test_forecast_by_stage_owner_and_month(ws: Workspace, base: Ids) -> None:
    result = run("forecast", ws, ReportParams(), CLOCK)
    by_stage = rows(result, "by_stage", "stage")
    assert {k: (v["count"], v["amount"], v["weighted"]) for k, v in by_stage.items()} == {
        "Лид": (0, 0, 0),
        "Переговоры": (1, 9_000_000, 2_700_000),
        "Договор": (1, 10_000_000, 8_000_000),
    }
    by_owner = rows(result, "by_owner", "owner")
    assert {k: (v["count"], v["weighted"]) for k, v in by_owner.items()} == {
        "Анна": (1, 8_000_000),
        "Борис": (1, 2_700_000),
    }
    by_month = rows(result, "by_month", "month")
    assert {k: (v["count"], v["amount"], v["weighted"]) for k, v in by_month.items()} == {
        date(2026, 3, 1): (1, 9_000_000, 2_700_000),
        date(2026, 4, 1): (1, 10_000_000, 8_000_000),
    }
    (total,) = result.table("by_stage").records(totals=True)
    assert (total["count"], total["amount"], total["weighted"]) == (2, 19_000_000, 10_700_000)
    assert result.chart("forecast").series[1].values == (2_700_000.0, 8_000_000.0)


def test_won_lost_by_owner_month_reason_and_competitor(ws: Workspace, base: Ids) -> None:
    result = run("won-lost", ws, MARCH, CLOCK)
    summary = rows(result, "summary", "outcome")
    assert {k: (v["count"], v["amount"], v["share"]) for k, v in summary.items()} == {
        "Won": (2, 9_000_000, 0.5),
        "Lost": (2, 3_000_000, 0.5),
    }
    assert [
        (r["owner"], r["count"], r["amount"]) for r in result.table("won_by_owner").records()
    ] == [
        ("Борис", 1, 5_000_000),
        ("Анна", 1, 4_000_000),
    ]
    assert [
        (r["month"], r["count"], r["amount"]) for r in result.table("won_by_month").records()
    ] == [(date(2026, 3, 1), 2, 9_000_000)]
    assert [
        (r["reason"], r["count"], r["amount"], r["share"])
        for r in result.table("lost_by_reason").records()
    ] == [("Цена", 2, 3_000_000, 1.0)]
    rivals = result.table("lost_by_competitor")
    assert [(r["competitor"], r["count"], r["amount"], r["share"]) for r in rivals.records()] == [
        ("Конкурент А", 1, 2_000_000, 0.5),
        ("No competitor", 1, 1_000_000, 0.5),
    ]
    assert rivals.rows[1][0].kind is CellKind.LABEL and rivals.rows[0][0].kind is CellKind.TEXT
    assert result.chart("lost_by_competitor").series[0].values == (1.0,)


def test_won_lost_narrowed_by_pipeline_and_segment(ws: Workspace, base: Ids) -> None:
    main = run(
        "won-lost",
        ws,
        ReportParams(relative=RelativePeriod.THIS_MONTH, pipeline_id=base.main),
        CLOCK,
    )
    assert rows(main, "summary", "outcome")["Won"]["amount"] == 5_000_000
    # segment "ОПТ" matches "Опт" (Ромашка) and "опт" (Сидорова): deals of Ромашка only here
    wholesale = run(
        "won-lost", ws, ReportParams(relative=RelativePeriod.THIS_MONTH, segment="ОПТ"), CLOCK
    )
    summary = rows(wholesale, "summary", "outcome")
    assert (summary["Won"]["amount"], summary["Lost"]["amount"]) == (4_000_000, 2_000_000)


# ------------------------------------------------------------------ work


ACTIVITY_WEEK = ReportParams(
    date_from=date(2026, 3, 16), date_to=date(2026, 3, 18), granularity=Granularity.DAY
)
METRICS = (
    "calls_in",
    "calls_out",
    "meetings",
    "messages",
    "todos_done",
    "overdue",
    "deals_moved",
    "new_clients",
)


def metrics(record: Mapping[str, object]) -> tuple[object, ...]:
    return tuple(record[m] for m in METRICS)


def test_activity_per_user_and_local_day(ws: Workspace, base: Ids) -> None:
    result = run("activity", ws, ACTIVITY_WEEK, CLOCK)
    detail = {
        (r["user"], r["bucket"]): metrics(r) for r in result.table("by_user_and_day").records()
    }
    assert detail == {
        ("Анна", date(2026, 3, 16)): (1, 1, 0, 0, 0, 2, 1, 0),
        ("Анна", date(2026, 3, 17)): (1, 0, 0, 1, 1, 1, 0, 0),
        ("Анна", date(2026, 3, 18)): (0, 0, 0, 1, 0, 1, 0, 0),
        ("Борис", date(2026, 3, 17)): (0, 0, 1, 0, 0, 1, 0, 1),
        ("Борис", date(2026, 3, 18)): (0, 0, 0, 0, 0, 1, 0, 0),
    }
    by_user = {r["user"]: metrics(r) for r in result.table("by_user").records()}
    assert by_user == {
        "Админ": (0, 0, 0, 0, 0, 0, 0, 0),
        "Анна": (2, 1, 0, 2, 1, 1, 1, 0),
        "Борис": (0, 0, 1, 0, 0, 1, 0, 1),
    }
    (total,) = result.table("by_user").records(totals=True)
    assert metrics(total) == (2, 1, 1, 2, 1, 2, 1, 1)


def test_activity_in_utc_moves_the_late_call_and_the_new_client(ws: Workspace, base: Ids) -> None:
    result = run("activity", ws, ACTIVITY_WEEK, FixedClock(NOW, UTC))
    detail = {(r["user"], r["bucket"]): r for r in result.table("by_user_and_day").records()}
    assert detail["Анна", date(2026, 3, 16)]["calls_in"] == 2
    assert detail["Борис", date(2026, 3, 16)]["new_clients"] == 1


def test_activity_by_week_and_by_client_segment(ws: Workspace, base: Ids) -> None:
    weekly = run(
        "activity",
        ws,
        ReportParams(relative=RelativePeriod.THIS_WEEK, granularity=Granularity.WEEK),
        CLOCK,
    )
    detail = {
        (r["user"], r["bucket"]): metrics(r) for r in weekly.table("by_user_and_day").records()
    }
    assert detail[("Анна", date(2026, 3, 16))] == (2, 1, 0, 2, 1, 1, 1, 0)
    wholesale = run(
        "activity",
        ws,
        ReportParams(date_from=date(2026, 3, 16), date_to=date(2026, 3, 18), segment="опт"),
        CLOCK,
    )
    anna = records_by(wholesale.table("by_user"), "user")["Анна"]
    assert (anna["calls_out"], anna["messages"], anna["calls_in"], anna["overdue"]) == (1, 1, 0, 0)


def test_activity_cuts_days_across_daylight_saving_in_berlin(ws: Workspace, base: Ids) -> None:
    with ws.write() as uow:
        # 00:30 on March 30th in Berlin (CEST, +2); in CET it would still be the 29th
        uow.session.add(
            Activity(
                kind=ActivityKind.CALL_OUT,
                subject="После перевода",
                owner_id=base.boris,
                done_at=at(29, 22, 30),
            )
        )
        # 00:30 on March 29th (CET, +1), before the change
        uow.session.add(
            Activity(
                kind=ActivityKind.CALL_IN,
                subject="До перевода",
                owner_id=base.boris,
                done_at=at(28, 23, 30),
            )
        )
        uow.commit()
    clock = FixedClock(datetime(2026, 4, 1, 10, tzinfo=UTC), BERLIN)
    params = ReportParams(
        date_from=date(2026, 3, 28), date_to=date(2026, 3, 30), owner_ids=(base.boris,)
    )
    detail = {
        r["bucket"]: (r["calls_in"], r["calls_out"])
        for r in run("activity", ws, params, clock).table("by_user_and_day").records()
    }
    # the 28th shows only Борис's overdue "Отчёт"
    assert detail == {
        date(2026, 3, 28): (0, 0),
        date(2026, 3, 29): (1, 0),
        date(2026, 3, 30): (0, 1),
    }


def test_overdue_and_upcoming_per_user_with_series(ws: Workspace, base: Ids) -> None:
    result = run("overdue", ws, ReportParams(), CLOCK)
    summary = {r["user"]: (r["overdue"], r["upcoming"]) for r in result.table("by_user").records()}
    assert summary == {"Анна": (2, 2), "Борис": (1, 1)}
    late = [(r["user"], r["day"], r["subject"]) for r in result.table("overdue").records()]
    assert late == [
        ("Анна", date(2026, 3, 16), "Счёт"),
        ("Анна", date(2026, 3, 16), "Планёрка"),
        ("Борис", date(2026, 3, 17), "Отчёт"),
    ]
    soon = [
        (r["user"], r["day"], r["time"], r["subject"]) for r in result.table("upcoming").records()
    ]
    assert soon == [
        ("Анна", date(2026, 3, 19), time(10, 0), "Презентация"),
        ("Анна", date(2026, 3, 23), None, "Планёрка"),
        ("Борис", date(2026, 3, 24), None, "Шестой день"),
    ]
    only_boris = run("overdue", ws, ReportParams(owner_ids=(base.boris,)), CLOCK)
    assert [r["user"] for r in only_boris.table("by_user").records()] == ["Борис"]


def test_agenda_of_a_day_and_a_week(ws: Workspace, base: Ids) -> None:
    day = run(
        "agenda",
        ws,
        ReportParams(
            date_from=date(2026, 3, 19), date_to=date(2026, 3, 19), owner_ids=(base.anna,)
        ),
        CLOCK,
    )
    (row,) = day.table("agenda").records()
    assert row == {
        "day": date(2026, 3, 19),
        "start": time(10, 0),
        "end": time(11, 0),
        "kind": "Presentation",
        "subject": "Презентация",
        "client": "ООО «Ромашка»",
        "deal": "Поставка",
        "location": "Офис",
        "state": None,
        "user": "Анна",
    }
    today = run("agenda", ws, ReportParams(owner_ids=(base.anna,)), CLOCK)
    assert [(r["subject"], r["start"], r["state"]) for r in today.table("agenda").records()] == [
        ("Факс", time(11, 0), "Done")
    ]
    week = run(
        "agenda", ws, ReportParams(relative=RelativePeriod.THIS_WEEK, owner_ids=(base.anna,)), CLOCK
    )
    assert [(r["day"], r["subject"]) for r in week.table("agenda").records()] == [
        (date(2026, 3, 16), "Счёт"),
        (date(2026, 3, 16), "Планёрка"),
        (date(2026, 3, 18), "Факс"),
        (date(2026, 3, 19), "Презентация"),
    ]


# ------------------------------------------------------------------ clients


def test_dossier_of_an_organization(ws: Workspace, base: Ids) -> None:
    result = run(
        "dossier", ws, ReportParams(client_kind=EntityKind.ORGANIZATION, client_id=base.o1), CLOCK
    )
    card = rows(result, "card", "field")
    assert (
        card["Name"]["value"],
        card["City"]["value"],
        card["Tags"]["value"],
        card["Owner"]["value"],
    ) == (
        "ООО «Ромашка»",
        "Москва",
        "VIP",
        "Анна",
    )
    assert [(r["name"], r["phone"]) for r in result.table("people").records()] == [
        ("Петров Пётр", "+7 912 345-67-89")
    ]
    deals = [(r["title"], r["amount_base"]) for r in result.table("open_deals").records()]
    assert deals == [("Поставка", 10_000_000), ("Другая воронка", 7_000_000)]
    assert result.table("open_deals").records(totals=True)[0]["amount_base"] == 17_000_000
    assert [r["title"] for r in result.table("planned").records()] == ["Презентация"]
    assert "Письмо КП" in [r["title"] for r in result.table("history").records()]


def test_dossier_of_a_person(ws: Workspace, base: Ids) -> None:
    result = run(
        "dossier", ws, ReportParams(client_kind=EntityKind.PERSON, client_id=base.p2), CLOCK
    )
    assert [(r["title"], r["amount"]) for r in result.table("open_deals").records()] == [
        ("Лицензии", 100_000)
    ]
    assert result.table("open_deals").rows[0][2].currency == "USD"
    assert [t.id for t in result.tables] == ["card", "open_deals", "planned", "history"]


def test_client_base_counts_and_forgotten_clients(ws: Workspace, base: Ids) -> None:
    result = run("base", ws, ReportParams(), CLOCK)

    def counts(table: str, key: str) -> list[tuple[object, ...]]:
        return [
            (r[key], r["organizations"], r["persons"], r["total"])
            for r in result.table(table).records()
        ]

    assert counts("by_segment", "segment") == [
        ("Опт", 1, 1, 2),
        ("Розница", 1, 0, 1),
        ("No segment", 0, 1, 1),
    ]
    assert counts("by_city", "city") == [("Москва", 1, 1, 2), ("Тула", 1, 1, 2)]
    assert counts("by_tag", "tag") == [("VIP", 1, 1, 2)]
    assert counts("by_owner", "owner") == [("Анна", 1, 1, 2), ("Борис", 1, 1, 2)]
    forgotten = result.table("not_contacted")
    assert [(r["kind"], r["name"], r["last_contact"]) for r in forgotten.records()] == [
        ("Organization", "Вектор", "Never"),
        ("Person", "Петров Пётр", date(2026, 1, 5)),
    ]
    assert forgotten.total_rows == 2
    tagged = run("base", ws, ReportParams(tags=("vip",), no_contact_days=5), CLOCK)
    assert [
        (r["city"], r["organizations"], r["persons"]) for r in tagged.table("by_city").records()
    ] == [
        ("Москва", 1, 0),
        ("Тула", 0, 1),
    ]
    # Ромашка last contacted on March 10th: more than 5 days ago
    assert [r["name"] for r in tagged.table("not_contacted").records()] == ["ООО «Ромашка»"]


def test_every_report_runs_on_an_empty_base(ws: Workspace) -> None:
    for name in REPORTS:
        if name == "dossier":
            continue
        result = run(name, ws, ReportParams(), CLOCK)
        assert result.report == name


def test_dossier_needs_a_live_client(ws: Workspace, base: Ids) -> None:
    with pytest.raises(ValidationError):
        run("dossier", ws, ReportParams(), CLOCK)
    with ws.read() as uow:
        trashed = uow.session.scalar(
            sa.select(Organization.id).where(Organization.name == "Корзина")
        )
    assert trashed is not None
    with pytest.raises(NotFoundError):
        run(
            "dossier",
            ws,
            ReportParams(client_kind=EntityKind.ORGANIZATION, client_id=trashed),
            CLOCK,
        )


ALL = {
    "funnel": MARCH,
    "forecast": ReportParams(),
    "won-lost": MARCH,
    "activity": ACTIVITY_WEEK,
    "overdue": ReportParams(),
    "agenda": ReportParams(relative=RelativePeriod.THIS_WEEK),
    "dossier": ReportParams(client_kind=EntityKind.ORGANIZATION, client_id=1),
    "base": ReportParams(),
}


def test_every_cell_fits_its_column_for_a_generic_renderer(ws: Workspace, base: Ids) -> None:
    """A renderer formats by the column's kind: a cell is of that kind, empty, or a
    translated word standing in for a missing value ("No owner", "Never")."""
    assert set(ALL) == set(REPORTS)
    for name, params in ALL.items():
        result = run(name, ws, params, CLOCK)
        assert result.title and result.parameters and result.generated_at == NOW
        for table in result.tables:
            for row in (*table.rows, *table.totals):
                for column, cell in zip(table.columns, row, strict=True):
                    assert cell.kind in (column.kind, CellKind.EMPTY, CellKind.LABEL), (
                        name,
                        table.id,
                        column.id,
                    )
                    assert (cell.kind is CellKind.MONEY) == (cell.currency is not None)
        for chart in result.charts:
            assert all(len(s.values) == len(chart.categories) for s in chart.series)
