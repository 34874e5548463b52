"""Recurrence rules (RRULE text) and their expansion, and the injectable clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from crm_desktop.domain.clock import (
    FixedClock,
    ManualClock,
    SystemClock,
    at_local,
    local_day,
    local_midnight,
    week_start,
)
from crm_desktop.domain.recurrence import (
    Frequency,
    RecurrenceError,
    RecurrenceRule,
    Series,
    day_slot,
)

MSK = ZoneInfo("Europe/Moscow")
NY = ZoneInfo("America/New_York")


def _msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MSK).astimezone(UTC)  # type: ignore[misc]


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (RecurrenceRule(Frequency.DAILY), "FREQ=DAILY"),
        (RecurrenceRule(Frequency.DAILY, interval=3, count=10), "FREQ=DAILY;INTERVAL=3;COUNT=10"),
        (
            RecurrenceRule(Frequency.WEEKLY, weekdays=(2, 0), until=date(2025, 6, 30)),
            "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20250630",
        ),
        (RecurrenceRule(Frequency.MONTHLY, month_day=15), "FREQ=MONTHLY;BYMONTHDAY=15"),
        (
            RecurrenceRule(Frequency.MONTHLY, month_day=30),
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
        ),
        (RecurrenceRule(Frequency.YEARLY, interval=2), "FREQ=YEARLY;INTERVAL=2"),
    ],
)
def test_rule_text_round_trips(rule: RecurrenceRule, text: str) -> None:
    assert rule.to_rrule() == text
    assert RecurrenceRule.parse(text) == rule
    assert RecurrenceRule.parse("RRULE:" + text.lower()) == rule


def test_weekdays_are_sorted_and_unique() -> None:
    assert RecurrenceRule(Frequency.WEEKLY, weekdays=(4, 0, 4)).weekdays == (0, 4)


def test_parse_reads_a_foreign_until_and_wkst() -> None:
    rule = RecurrenceRule.parse("FREQ=WEEKLY;WKST=MO;BYDAY=FR;UNTIL=20250630T205959Z")
    assert rule == RecurrenceRule(Frequency.WEEKLY, weekdays=(4,), until=date(2025, 6, 30))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"freq": Frequency.DAILY, "interval": 0}, "interval"),
        ({"freq": Frequency.DAILY, "interval": 1000}, "interval"),
        ({"freq": Frequency.DAILY, "weekdays": (0,)}, "weekdays"),
        ({"freq": Frequency.WEEKLY, "weekdays": (7,)}, "weekdays"),
        ({"freq": Frequency.MONTHLY, "month_day": 32}, "month_day"),
        ({"freq": Frequency.MONTHLY, "month_day": 0}, "month_day"),
        ({"freq": Frequency.WEEKLY, "month_day": 3}, "month_day"),
        ({"freq": Frequency.DAILY, "count": 0}, "count"),
        ({"freq": Frequency.DAILY, "count": 3, "until": date(2025, 1, 1)}, "recurrence"),
    ],
)
def test_impossible_rules_are_refused_with_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(RecurrenceError) as info:
        RecurrenceRule(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    "text",
    [
        "",
        "FREQ=HOURLY",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "FREQ=DAILY;BYHOUR=10",
        "FREQ=DAILY;UNTIL=2025",
        "nonsense",
    ],
)
def test_unreadable_rules_are_refused(text: str) -> None:
    with pytest.raises(RecurrenceError):
        RecurrenceRule.parse(text)


# ---------------------------------------------------------------- expansion


def test_weekly_on_monday_and_wednesday_across_a_month() -> None:
    rule = RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 2))
    series = Series(rule, _msk(2025, 6, 2, 10, 0), MSK)
    slots = series.between(_msk(2025, 6, 1), _msk(2025, 7, 1))
    assert [s.astimezone(MSK).strftime("%a %d %H:%M") for s in slots] == [
        "Mon 02 10:00",
        "Wed 04 10:00",
        "Mon 09 10:00",
        "Wed 11 10:00",
        "Mon 16 10:00",
        "Wed 18 10:00",
        "Mon 23 10:00",
        "Wed 25 10:00",
        "Mon 30 10:00",
    ]


def test_wall_time_survives_daylight_saving() -> None:
    series = Series(RecurrenceRule(Frequency.DAILY), datetime(2025, 3, 7, 15, tzinfo=UTC), NY)
    slots = series.between(datetime(2025, 3, 7, tzinfo=UTC), datetime(2025, 3, 11, tzinfo=UTC))
    assert [s.astimezone(NY).hour for s in slots] == [10, 10, 10, 10]
    assert [s.hour for s in slots] == [15, 15, 14, 14]  # UTC moves, the wall clock does not


def test_monthly_on_the_31st_falls_on_the_last_day_of_short_months() -> None:
    rule = RecurrenceRule(Frequency.MONTHLY, month_day=31)
    series = Series(rule, day_slot(date(2024, 1, 31)), UTC)
    days = [
        s.date() for s in series.between(day_slot(date(2024, 1, 1)), day_slot(date(2024, 6, 1)))
    ]
    assert days == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]


def test_every_second_week_until_a_day_inclusive() -> None:
    rule = RecurrenceRule(Frequency.WEEKLY, interval=2, weekdays=(4,), until=date(2025, 7, 4))
    series = Series(rule, _msk(2025, 6, 6, 18, 0), MSK)
    assert [s.astimezone(MSK).date() for s in series] == [
        date(2025, 6, 6),
        date(2025, 6, 20),
        date(2025, 7, 4),  # UNTIL is the last local day, 18:00 included
    ]
    assert series.last() == _msk(2025, 7, 4, 18, 0)


def test_count_and_navigation() -> None:
    series = Series(RecurrenceRule(Frequency.DAILY, count=3), _msk(2025, 6, 2, 9, 0), MSK)
    first, second, third = list(series)
    assert series.after(first) == second
    assert series.after(first, inc=True) == first
    assert series.before(third) == second
    assert series.before(first) is None
    assert series.after(third) is None
    assert series.contains(second) and not series.contains(second + timedelta(minutes=1))
    assert series.index(third) == 2
    assert Series(RecurrenceRule(Frequency.DAILY), first, MSK).last() is None


def test_overlapping_counts_an_occurrence_running_into_the_window() -> None:
    series = Series(RecurrenceRule(Frequency.DAILY), _msk(2025, 6, 2, 23, 30), MSK)
    slots = series.overlapping(_msk(2025, 6, 3), _msk(2025, 6, 4), timedelta(hours=1))
    assert slots == [_msk(2025, 6, 2, 23, 30), _msk(2025, 6, 3, 23, 30)]


def test_split_before_an_occurrence() -> None:
    weekly = RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 2))
    series = Series(weekly, _msk(2025, 6, 2, 10, 0), MSK)
    split = series.split(_msk(2025, 6, 16, 10, 0))
    assert split.before == RecurrenceRule(
        Frequency.WEEKLY, weekdays=(0, 2), until=date(2025, 6, 11)
    )
    assert split.after == weekly
    counted = Series(RecurrenceRule(Frequency.DAILY, count=10), _msk(2025, 6, 2, 10, 0), MSK)
    split = counted.split(_msk(2025, 6, 5, 10, 0))
    assert (split.before, split.after) == (
        RecurrenceRule(Frequency.DAILY, count=3),
        RecurrenceRule(Frequency.DAILY, count=7),
    )
    assert counted.split(counted.first).before is None


# ---------------------------------------------------------------- clock


def test_clocks() -> None:
    moment = datetime(2025, 6, 2, 21, 30, tzinfo=UTC)
    fixed = FixedClock(moment, MSK)
    assert fixed.now() == moment and fixed.tz is MSK
    manual = ManualClock(moment)
    manual.advance(minutes=45)
    assert manual.now() == moment + timedelta(minutes=45)
    manual.set(datetime(2025, 1, 1, 12, tzinfo=MSK))
    assert manual.now() == datetime(2025, 1, 1, 9, tzinfo=UTC)
    assert SystemClock(MSK).now().tzinfo is UTC
    with pytest.raises(ValueError, match="aware"):
        FixedClock(datetime(2025, 1, 1))


def test_local_days() -> None:
    late = datetime(2025, 6, 2, 21, 30, tzinfo=UTC)  # 00:30 on the 3rd in Moscow
    assert local_day(late, MSK) == date(2025, 6, 3)
    assert local_midnight(date(2025, 6, 3), MSK) == datetime(2025, 6, 2, 21, tzinfo=UTC)
    assert at_local(date(2025, 6, 3), time(9), MSK) == datetime(2025, 6, 3, 6, tzinfo=UTC)
    assert week_start(date(2025, 6, 8)) == date(2025, 6, 2)  # Sunday -> Monday before
    assert week_start(date(2025, 6, 2)) == date(2025, 6, 2)
