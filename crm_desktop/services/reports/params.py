"""Report parameters: what a template saves, and how they resolve against a clock.

A period is either explicit local dates (`date_from`..`date_to`, both included) or a
relative period ("last week") resolved when the report runs, so a saved template
reruns on the current week. Days and weeks are local to `clock.tz`; weeks start
on Monday; quarters are calendar quarters. The resolved period is the half-open
UTC range [start, end) between the local midnights that bound it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from crm_desktop.domain.clock import Clock, SystemClock, local_day, local_midnight, week_start
from crm_desktop.domain.kinds import EntityKind


class RelativePeriod(StrEnum):
    TODAY = "today"
    THIS_WEEK = "this_week"
    LAST_WEEK = "last_week"
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    THIS_QUARTER = "this_quarter"
    THIS_YEAR = "this_year"
    LAST_30_DAYS = "last_30_days"

    @property
    def label(self) -> str:
        """The English name the GUI translates ("last week")."""
        return self.value.replace("_", " ").capitalize()


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


def _month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def relative_dates(period: RelativePeriod, today: date) -> tuple[date, date]:
    """The first and last local day (both included) of `period` seen from `today`."""
    if period is RelativePeriod.TODAY:
        return today, today
    if period is RelativePeriod.THIS_WEEK:
        first = week_start(today)
        return first, first + timedelta(days=6)
    if period is RelativePeriod.LAST_WEEK:
        first = week_start(today) - timedelta(days=7)
        return first, first + timedelta(days=6)
    if period is RelativePeriod.THIS_MONTH:
        first = _month_start(today)
        return first, add_months(first, 1) - timedelta(days=1)
    if period is RelativePeriod.LAST_MONTH:
        first = add_months(today, -1)
        return first, _month_start(today) - timedelta(days=1)
    if period is RelativePeriod.THIS_QUARTER:
        first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        return first, add_months(first, 3) - timedelta(days=1)
    if period is RelativePeriod.THIS_YEAR:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    # LAST_30_DAYS: today and the 29 days before it
    return today - timedelta(days=29), today


@dataclass(frozen=True, slots=True)
class ReportParams:
    """Everything a report can be asked for; each report reads what it needs.

    - period: `relative` wins over `date_from`/`date_to`; with neither, each report
      uses its own default (usually this month).
    - `pipeline_id`: None means the first pipeline (funnel, forecast) or all of them.
    - `owner_ids`: responsible users (deals, clients, activities); empty: everybody.
      Agenda: the users whose agenda to print (empty: the current user).
    - `tags` (any of them, case-insensitive) and `segment` narrow the clients: a deal
      or an activity counts when its organization or its person matches.
    - `granularity`: activity buckets (None: days up to 31 days, else weeks).
    - `client_kind`/`client_id`: the dossier's organization or person.
    - `no_contact_days`: the client base's "not contacted for N days".
    """

    relative: RelativePeriod | None = None
    date_from: date | None = None
    date_to: date | None = None
    pipeline_id: int | None = None
    owner_ids: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    segment: str | None = None
    granularity: Granularity | None = None
    client_kind: EntityKind | None = None
    client_id: int | None = None
    no_contact_days: int = 30

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("the period ends before it starts")
        if self.no_contact_days < 0:
            raise ValueError("no_contact_days cannot be negative")
        object.__setattr__(self, "owner_ids", tuple(sorted(set(self.owner_ids))))
        tags = tuple(dict.fromkeys(t.strip() for t in self.tags if t.strip()))
        object.__setattr__(self, "tags", tags)
        segment = (self.segment or "").strip() or None
        object.__setattr__(self, "segment", segment)

    def with_default_period(self, period: RelativePeriod) -> ReportParams:
        """These parameters, with `period` when none is set."""
        if self.relative or self.date_from or self.date_to:
            return self
        return replace(self, relative=period)

    def to_json(self) -> str:
        """The parameters for a saved report template (dates ISO, enums by value)."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value in ((), f.default):
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            data[f.name] = value
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ReportParams:
        """Parameters saved by `to_json`; raises ValueError on malformed input."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("report parameters are a JSON object")

        def opt(name: str, conv: Any) -> Any:
            value = data.get(name)
            return None if value is None else conv(value)

        return cls(
            relative=opt("relative", RelativePeriod),
            date_from=opt("date_from", date.fromisoformat),
            date_to=opt("date_to", date.fromisoformat),
            pipeline_id=opt("pipeline_id", int),
            owner_ids=tuple(int(i) for i in data.get("owner_ids", ())),
            tags=tuple(str(t) for t in data.get("tags", ())),
            segment=opt("segment", str),
            granularity=opt("granularity", Granularity),
            client_kind=opt("client_kind", EntityKind),
            client_id=opt("client_id", int),
            no_contact_days=int(data.get("no_contact_days", 30)),
        )


@dataclass(frozen=True, slots=True)
class Period:
    """A resolved period: local days `first`..`last` (included), UTC [start, end)."""

    first: date
    last: date
    start: datetime
    end: datetime
    relative: RelativePeriod | None = None

    @classmethod
    def of_days(
        cls, first: date, last: date, tz: tzinfo, relative: RelativePeriod | None = None
    ) -> Period:
        return cls(
            first,
            last,
            local_midnight(first, tz),
            local_midnight(last + timedelta(days=1), tz),
            relative,
        )

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def resolve_period(params: ReportParams, clock: Clock | None = None) -> Period:
    """The period of `params` seen from the clock's current local day.

    Only `date_from`: up to today (or that day, if later); only `date_to`: from the
    first day of its month. Nothing set: this month.
    """
    clock = clock or SystemClock()
    tz = clock.tz
    today = local_day(clock.now(), tz)
    if params.relative is not None:
        first, last = relative_dates(params.relative, today)
        return Period.of_days(first, last, tz, params.relative)
    if params.date_from is None and params.date_to is None:
        first, last = relative_dates(RelativePeriod.THIS_MONTH, today)
        return Period.of_days(first, last, tz, RelativePeriod.THIS_MONTH)
    last = params.date_to or max(today, params.date_from or today)
    first = params.date_from or _month_start(last)
    return Period.of_days(first, last, tz)
