"""Activities: calls, messages, meetings and to-dos — plan, edit, complete, remind, export.

Time. Every decision a user sees (what is overdue, which reminder is due, what
"today" is) takes a `Clock` (`crm_desktop.domain.clock`): `clock.now()` is the
moment, `clock.tz` the local zone in which days, weeks and wall-clock hours are
cut. Times are stored in UTC. `clock=None` means the system clock.

Shape of an activity. A timed item has `start_at` (and usually `end_at`); an item
of a whole day has `due_on` (and `all_day` is true) and no times; an item with
neither is "no date". Reminders are an absolute `reminder_at`; the input may give
minutes before the start instead (for a whole-day item: before 09:00 that day).

Recurring series. A series is one row (the *master*) holding the RRULE text in
`recurrence_rule`; its `start_at`/`end_at` (or `due_on`) are the first occurrence,
its `reminder_at` the first occurrence's reminder (the offset repeats). Reading
functions expand the master into *generated* occurrences (views with
`is_generated=True`, `id` = the master's id, `occurrence_start` = the slot).
Changing one occurrence (edit, complete, snooze, a checklist) *materialises* it: a
row of its own with `series_id` = the master and `original_start_at` = its slot,
which replaces the generated one. Deleting one occurrence keeps such a row in the
trash (`deleted_at` set): it goes on hiding its slot, like an EXDATE, but is
never listed in the trash on its own (it goes and comes back with its series;
`move_activity_to_trash` returns its id, so "undo" can `restore_activity` it).
"All following" splits the series: the master ends (UNTIL, or a smaller COUNT)
before the occurrence and a new master starts there, taking the later
materialised occurrences with it. Only the latest past occurrence of a series can
be overdue: a daily task missed for a month is one overdue item, not thirty.

A mutating call on an occurrence takes `(view.id, occurrence_start=view.occurrence_start)`;
for a plain activity `occurrence_start` is None and ignored.

Subtasks are activity rows with `parent_id` (a checklist): no dates, no links, the
parent's owner. The schema has no position column, so the checklist is ordered by
id and `reorder_subtasks` rewrites the items' texts and states into the new order.

Speed. The calendar reads rows with set-based Core queries (one for timed items in
range, one for whole-day items, one for series masters, one for checklist counts),
never a query per row, and builds views positionally. An activity lasts at most
`MAX_DURATION`, which bounds how far before a window the range scan looks. Long
lists (overdue, undated, missed reminders) are capped with totals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from crm_desktop.domain.clock import (
    Clock,
    SystemClock,
    at_local,
    local_day,
    local_midnight,
    week_start,
)
from crm_desktop.domain.kinds import ActivityKind, AuditAction, EntityKind, Priority
from crm_desktop.domain.recurrence import RecurrenceError, RecurrenceRule, Series, day_slot
from crm_desktop.errors import NotFoundError, UserError, ValidationError, check_version
from crm_desktop.services import access, conflicts
from crm_desktop.services.dto import TrashItem
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    Deal,
    Organization,
    Person,
    User,
    table_of,
    utcnow,
)
from crm_desktop.storage.uow import UnitOfWork

Scope = Literal["this", "following", "all"]
SCOPES: tuple[Scope, ...] = ("this", "following", "all")

MAX_DURATION = timedelta(days=14)  # longer spans are refused (and bound the calendar query)
DEFAULT_DURATION = timedelta(minutes=30)  # a whole-day item dragged onto a time
WORKDAY_START = time(9)  # whole-day reminders count back from here; "tomorrow" snoozes to it
MAX_REMINDER_MINUTES = 60 * 24 * 60  # 60 days either way
MIN_YEAR, MAX_YEAR = 1900, 2999
SUBJECT_LIMIT = 500
FOLLOW_UP_KINDS = frozenset(
    {
        ActivityKind.CALL_IN,
        ActivityKind.CALL_OUT,
        ActivityKind.MEETING_PRESENTATION,
        ActivityKind.MEETING_NEGOTIATION,
    }
)

_A = table_of(Activity)
_ORGS = table_of(Organization)
_PERSONS = table_of(Person)
_DEALS = table_of(Deal)
_USERS = table_of(User)


# ------------------------------------------------------------------ data


@dataclass(frozen=True, slots=True)
class ActivityInput:
    """What the activity editor holds. Give `start_at` (+ `end_at`), or `due_on`, or neither.

    `all_day=True` with a `start_at` means the local day of that moment. A reminder is
    `reminder_minutes` before the start (before 09:00 of a whole-day item; negative:
    after) or an absolute `reminder_at`, not both. `owner_id=None`: the current user
    (on an edit: the owner stays).
    """

    subject: str
    kind: ActivityKind = ActivityKind.TODO
    start_at: datetime | None = None
    end_at: datetime | None = None
    due_on: date | None = None
    all_day: bool = False
    organization_id: int | None = None
    person_id: int | None = None
    deal_id: int | None = None
    owner_id: int | None = None
    priority: Priority = Priority.NORMAL
    reminder_minutes: int | None = None
    reminder_at: datetime | None = None
    description: str | None = None
    location: str | None = None
    recurrence: RecurrenceRule | None = None


@dataclass(frozen=True, slots=True)
class SubtaskView:
    id: int
    parent_id: int
    subject: str
    is_done: bool
    done_at: datetime | None


@dataclass(frozen=True, slots=True)
class ActivityView:
    """One item of the calendar, the task list, a card: a row, or an occurrence of a series."""

    id: int  # the row; for a generated occurrence: its series' master
    kind: ActivityKind
    subject: str
    description: str | None
    location: str | None
    priority: Priority
    start_at: datetime | None  # UTC
    end_at: datetime | None
    due_on: date | None  # a whole-day item's local day
    all_day: bool
    reminder_at: datetime | None
    reminder_dismissed_at: datetime | None
    done_at: datetime | None
    result: str | None
    organization_id: int | None
    organization_name: str | None
    person_id: int | None
    person_name: str | None
    deal_id: int | None
    deal_title: str | None
    owner_id: int | None
    owner_name: str  # display name (login when empty); "" when nobody
    is_done: bool
    is_overdue: bool
    subtasks_done: int
    subtasks_total: int
    series_id: int | None  # the master of the series it belongs to (a master: its own id)
    is_occurrence: bool  # one occurrence of a series (generated or materialised)
    is_generated: bool  # no row of its own yet
    occurrence_start: datetime | None  # its slot in the series (whole days: 00:00 UTC)
    recurrence: RecurrenceRule | None  # the series' rule
    version: int  # give as expected_version (a generated occurrence: the master's)

    @property
    def client_name(self) -> str:
        return self.organization_name or self.person_name or ""

    @property
    def is_series(self) -> bool:
        return self.series_id is not None


@dataclass(frozen=True, slots=True)
class CompletionResult:
    activity: ActivityView
    follow_up: ActivityInput | None  # calls and meetings: a prefilled next step to offer


@dataclass(frozen=True, slots=True)
class TaskList:
    """The task list's groups, each sorted by time (done: latest first)."""

    overdue: tuple[ActivityView, ...]
    today: tuple[ActivityView, ...]
    tomorrow: tuple[ActivityView, ...]
    this_week: tuple[ActivityView, ...]  # after tomorrow, up to Sunday
    later: tuple[ActivityView, ...]  # a series shows its next occurrence here
    no_date: tuple[ActivityView, ...]
    done: tuple[ActivityView, ...]
    overdue_total: int = 0  # overdue items in all (the list holds the latest `limit`)
    no_date_total: int = 0  # undated items in all (the list holds the newest `limit`)

    def groups(self) -> list[tuple[TaskBucket, tuple[ActivityView, ...]]]:
        return [(b, getattr(self, b.value)) for b in TaskBucket]


class TaskBucket(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    TOMORROW = "tomorrow"
    THIS_WEEK = "this_week"
    LATER = "later"
    NO_DATE = "no_date"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class TodayPanel:
    overdue: tuple[ActivityView, ...]
    today: tuple[ActivityView, ...]  # everything of today not overdue, done ones too, by time
    overdue_total: int = 0


@dataclass(frozen=True, slots=True)
class ReminderView:
    activity: ActivityView
    remind_at: datetime  # when it was due (earlier than now: missed while closed)


class SnoozeChoice(StrEnum):
    MINUTES_5 = "5m"
    MINUTES_15 = "15m"
    HOUR_1 = "1h"
    TOMORROW = "tomorrow"  # 09:00 local tomorrow


# ------------------------------------------------------------------ context


@dataclass(frozen=True, slots=True)
class _Ctx:
    now: datetime
    tz: tzinfo
    today: date

    @classmethod
    def of(cls, clock: Clock | None) -> _Ctx:
        clock = clock or SystemClock()
        now = clock.now()
        return cls(now=now, tz=clock.tz, today=local_day(now, clock.tz))


def _scope(value: str) -> Scope:
    if value not in SCOPES:
        raise ValidationError(f"Unknown scope “{value}”.", field="scope")
    return value


# ------------------------------------------------------------------ reading rows

# The columns of a view, read positionally (Row attribute access costs ~0.3 µs each;
# 5,000 rows x 27 columns matter). Times come back naive UTC and are made aware here.
_VIEW_COLUMNS: tuple[sa.ColumnElement[Any], ...] = (
    _A.c.id,
    _A.c.kind,
    _A.c.subject,
    _A.c.description,
    _A.c.location,
    _A.c.priority,
    sa.type_coerce(_A.c.start_at, sa.DateTime()),
    sa.type_coerce(_A.c.end_at, sa.DateTime()),
    _A.c.due_on,
    _A.c.all_day,
    sa.type_coerce(_A.c.reminder_at, sa.DateTime()),
    sa.type_coerce(_A.c.reminder_dismissed_at, sa.DateTime()),
    sa.type_coerce(_A.c.done_at, sa.DateTime()),
    _A.c.result,
    _A.c.organization_id,
    _ORGS.c.name,
    _A.c.person_id,
    _PERSONS.c.full_name,
    _A.c.deal_id,
    _DEALS.c.title,
    _A.c.owner_id,
    _USERS.c.display_name,
    _USERS.c.login,
    _A.c.series_id,
    _A.c.recurrence_rule,
    sa.type_coerce(_A.c.original_start_at, sa.DateTime()),
    _A.c.version,
)
_SERIES_COLUMN = 23


def _view_select() -> sa.Select[Any]:
    return (
        sa.select(*_VIEW_COLUMNS)
        .select_from(
            _A.outerjoin(_ORGS, _ORGS.c.id == _A.c.organization_id)
            .outerjoin(_PERSONS, _PERSONS.c.id == _A.c.person_id)
            .outerjoin(_DEALS, _DEALS.c.id == _A.c.deal_id)
            .outerjoin(_USERS, _USERS.c.id == _A.c.owner_id)
        )
        .where(*access.where_here(_A))
    )


def _filters(
    owner_ids: Iterable[int], kinds: Iterable[ActivityKind]
) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = [_LIVE, _TOP, *access.where_here(_A)]
    owners = sorted(set(owner_ids))
    if owners:
        where.append(_A.c.owner_id.in_(owners))
    wanted = sorted({ActivityKind(k) for k in kinds})
    if wanted:
        where.append(_A.c.kind.in_(wanted))
    return where


class _Unindexed(sa.sql.expression.ColumnElement[Any]):
    """A column SQLite must not pick an index for (`+col`); other engines see the column.

    Without ANALYZE statistics SQLite takes `parent_id IS NULL` or `deleted_at IS NULL`
    for a selective term and walks that index over nearly the whole table, instead of
    the range index (start_at, due_on, parent_id IN …) that answers the query.
    """

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]  # noqa: RUF012

    def __init__(self, column: sa.ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type


@compiles(_Unindexed)
def _compile_unindexed(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))


@compiles(_Unindexed, "sqlite")
def _compile_unindexed_sqlite(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.column, **kw))


_LIVE = _Unindexed(_A.c.deleted_at).is_(None)
_TOP = _Unindexed(_A.c.parent_id).is_(None)  # not a checklist item


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


_NO_COUNTS: tuple[int, int] = (0, 0)
# `_view_select()` columns stored as naive UTC: start, end, reminder, dismissed, done, slot
_UTC_COLUMNS = (6, 7, 10, 11, 12, 25)


def _view(
    row: Sequence[Any],
    ctx: _Ctx,
    rules: dict[int, RecurrenceRule | None],
    counts: dict[int, tuple[int, int]],
) -> ActivityView:
    """The view of a row (a plain activity, a materialised occurrence or a master)."""
    r = list(row)
    for i in _UTC_COLUMNS:
        if r[i] is not None:
            r[i] = r[i].replace(tzinfo=UTC)
    id_, start_at, end_at, due_on, done_at = r[0], r[6], r[7], r[8], r[12]
    series_id, rule_text = r[23], r[24]
    if rule_text is not None:
        rule = _parse_rule(rule_text)
        own_series: int | None = id_
        overdue = False
    else:
        rule = rules.get(series_id) if series_id is not None else None
        own_series = series_id
        if done_at is not None:
            overdue = False
        elif start_at is not None:
            overdue = (end_at or start_at) < ctx.now
        else:
            overdue = due_on is not None and due_on < ctx.today
    sub_done, sub_total = counts.get(id_, _NO_COUNTS)
    # positional: a frozen dataclass built from keywords costs half as much again;
    # the first 21 columns of `_view_select()` are the view's first 21 fields
    return ActivityView(  # type: ignore[call-arg]  # mypy cannot count a row's slice
        *r[:21],
        r[21] or r[22] or "",  # owner: display name, else login
        done_at is not None,  # is_done
        overdue,
        sub_done,
        sub_total,
        own_series,
        series_id is not None,  # is_occurrence
        False,  # is_generated
        r[25],  # original_start_at: the occurrence's slot
        rule,
        r[26],  # version
    )


def _views(session: sa.orm.Session, ctx: _Ctx, stmt: sa.Select[Any]) -> list[ActivityView]:
    """Run a `_view_select()` statement: views with their checklist counts and series rules."""
    rows = session.execute(stmt).all()
    if not rows:
        return []
    counts = _subtask_counts(session, [r[0] for r in rows])
    rules = _series_rules(session, {r[_SERIES_COLUMN] for r in rows} - {None})
    return [_view(r, ctx, rules, counts) for r in rows]


_IN_LIMIT = 100  # ids bound into one IN (…); above, count every checklist at once


def _subtask_counts(session: sa.orm.Session, ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Checklist counts (done, total) of these activities that have a checklist."""
    sub = _A
    stmt = sa.select(sub.c.parent_id, sa.func.count(sub.c.done_at), sa.func.count()).where(_LIVE)
    if len(ids) <= _IN_LIMIT:
        stmt = stmt.where(sub.c.parent_id.in_(sorted(set(ids))))
    else:
        stmt = stmt.where(sub.c.parent_id.is_not(None))
    return {
        parent: (done, total)
        for parent, done, total in session.execute(stmt.group_by(sub.c.parent_id))
    }


def _parse_rule(text: str | None) -> RecurrenceRule | None:
    if not text:
        return None
    try:
        return RecurrenceRule.parse(text)
    except RecurrenceError:
        return None  # a rule this version cannot read: the master shows as one activity


def _series_rules(session: sa.orm.Session, ids: Iterable[int]) -> dict[int, RecurrenceRule | None]:
    wanted = sorted(ids)
    if not wanted:
        return {}
    return {
        sid: _parse_rule(text)
        for sid, text in session.execute(
            sa.select(_A.c.id, _A.c.recurrence_rule).where(_A.c.id.in_(wanted))
        )
    }


@dataclass(slots=True)
class _Master:
    """A series master as read for expansion."""

    id: int
    rule: RecurrenceRule
    series: Series
    duration: timedelta
    reminder_offset: timedelta | None  # anchor - reminder
    whole_days: bool
    view: ActivityView | None = None  # the master's own view (template of generated ones)

    @classmethod
    def of(
        cls,
        activity_id: int,
        rule: RecurrenceRule | None,
        start_at: datetime | None,
        end_at: datetime | None,
        due_on: date | None,
        reminder_at: datetime | None,
        tz: tzinfo,
        view: ActivityView | None = None,
    ) -> _Master | None:
        if rule is None:
            return None
        if start_at is not None:
            series = Series(rule, start_at, tz)
            duration = (end_at - start_at) if end_at else timedelta(0)
            anchor = start_at
        elif due_on is not None:
            series = Series(rule, day_slot(due_on), UTC)
            duration = timedelta(0)
            anchor = at_local(due_on, WORKDAY_START, tz)
        else:
            return None
        offset = None if reminder_at is None else anchor - reminder_at
        return cls(activity_id, rule, series, duration, offset, start_at is None, view)

    @classmethod
    def of_view(cls, v: ActivityView, tz: tzinfo) -> _Master | None:
        return cls.of(v.id, v.recurrence, v.start_at, v.end_at, v.due_on, v.reminder_at, tz, v)

    @classmethod
    def of_row(cls, a: Activity, tz: tzinfo) -> _Master | None:
        return cls.of(
            a.id,
            _parse_rule(a.recurrence_rule),
            a.start_at,
            a.end_at,
            a.due_on,
            a.reminder_at,
            tz,
        )

    def anchor(self, slot: datetime, tz: tzinfo) -> datetime:
        return at_local(slot.date(), WORKDAY_START, tz) if self.whole_days else slot

    def reminder(self, slot: datetime, tz: tzinfo) -> datetime | None:
        if self.reminder_offset is None:
            return None
        return self.anchor(slot, tz) - self.reminder_offset

    def latest_past(self, ctx: _Ctx) -> datetime | None:
        """The slot of the latest occurrence that is over (the only one that can be overdue)."""
        if self.whole_days:
            return self.series.before(day_slot(ctx.today))
        return self.series.before(ctx.now - self.duration)

    def generated(self, slot: datetime, ctx: _Ctx, *, overdue: bool | None = None) -> ActivityView:
        assert self.view is not None
        if overdue is None:
            overdue = slot == self.latest_past(ctx)
        timed = not self.whole_days
        return replace(
            self.view,
            start_at=slot if timed else None,
            end_at=slot + self.duration if timed and self.view.end_at is not None else None,
            due_on=None if timed else slot.date(),
            all_day=not timed,
            reminder_at=self.reminder(slot, ctx.tz),
            reminder_dismissed_at=None,
            done_at=None,
            result=None,
            is_done=False,
            is_overdue=overdue,
            subtasks_done=0,
            is_occurrence=True,
            is_generated=True,
            occurrence_start=slot,
        )


def _masters(
    session: sa.orm.Session, ctx: _Ctx, where: Sequence[sa.ColumnElement[bool]]
) -> list[_Master]:
    stmt = _view_select().where(_A.c.recurrence_rule.is_not(None), *where).order_by(_A.c.id)
    found = (_Master.of_view(v, ctx.tz) for v in _views(session, ctx, stmt))
    return [m for m in found if m is not None]


def _taken_slots(
    session: sa.orm.Session, masters: Sequence[_Master], lo: datetime | None, hi: datetime | None
) -> set[tuple[int, datetime]]:
    """(series, slot) pairs that have a row of their own — live, done or deleted."""
    if not masters:
        return set()
    where: list[sa.ColumnElement[bool]] = [_A.c.series_id.in_([m.id for m in masters])]
    if lo is not None:
        where.append(_A.c.original_start_at >= lo)
    if hi is not None:
        where.append(_A.c.original_start_at <= hi)
    return {
        (sid, at)
        for sid, at in session.execute(
            sa.select(_A.c.series_id, _A.c.original_start_at).where(*where)
        )
        if at is not None
    }


def _sort_key(tz: tzinfo) -> Callable[[ActivityView], tuple[datetime, bool, int]]:
    far = datetime.max.replace(tzinfo=UTC)

    def key(v: ActivityView) -> tuple[datetime, bool, int]:
        if v.start_at is not None:
            return v.start_at, True, v.id
        if v.due_on is not None:
            return local_midnight(v.due_on, tz), False, v.id
        return far, True, v.id

    return key


# ------------------------------------------------------------------ queries


def activities_between(
    ws: Workspace,
    start: datetime,
    end: datetime,
    *,
    owner_ids: Iterable[int] = (),
    kinds: Iterable[ActivityKind] = (),
    include_done: bool = True,
    clock: Clock | None = None,
) -> list[ActivityView]:
    """What the calendar shows in [start, end): timed items overlapping it, whole-day items
    on its local days, and the occurrences of series there. Sorted by time."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be aware datetimes")
    ctx = _Ctx.of(clock)
    if end <= start:
        return []
    first_day = local_day(start, ctx.tz)
    last_day = local_day(end - timedelta(microseconds=1), ctx.tz)
    where = _filters(owner_ids, kinds)
    with ws.read() as uow:
        session = uow.session
        plain = [*where, _A.c.recurrence_rule.is_(None)]
        if not include_done:
            plain.append(_A.c.done_at.is_(None))
        timed = _view_select().where(
            *plain,
            _A.c.start_at >= start - MAX_DURATION,
            _A.c.start_at < end,
            sa.or_(_A.c.end_at > start, _A.c.start_at >= start),
        )
        dated = _view_select().where(*plain, _A.c.due_on.between(first_day, last_day))
        views = _views(session, ctx, timed)
        views += _views(session, ctx, dated)
        begun = sa.or_(_Unindexed(_A.c.start_at) < end, _Unindexed(_A.c.due_on) <= last_day)
        masters = _masters(session, ctx, [*where, begun])
        if masters:
            lo = min(start - MAX_DURATION, day_slot(first_day))
            hi = max(end, day_slot(last_day))
            taken = _taken_slots(session, masters, lo, hi)
            for m in masters:
                if m.whole_days:
                    slots = m.series.between(day_slot(first_day), day_slot(last_day) + timedelta(1))
                else:
                    slots = m.series.overlapping(start, end, m.duration)
                latest = m.latest_past(ctx) if slots else None
                views += [
                    m.generated(s, ctx, overdue=s == latest)
                    for s in slots
                    if (m.id, s) not in taken
                ]
    views.sort(key=_sort_key(ctx.tz))
    return views


def get_activity(
    ws: Workspace,
    activity_id: int,
    *,
    occurrence_start: datetime | None = None,
    clock: Clock | None = None,
) -> ActivityView:
    """One activity; with `occurrence_start`, that occurrence of the series `activity_id`."""
    ctx = _Ctx.of(clock)
    with ws.read() as uow:
        return _read_view(uow, activity_id, ctx, occurrence_start)


def _read_view(
    uow: UnitOfWork, activity_id: int, ctx: _Ctx, slot: datetime | None = None
) -> ActivityView:
    session = uow.session
    state = session.execute(
        sa.select(_A.c.parent_id, _A.c.deleted_at).where(
            _A.c.id == activity_id, *access.where_here(_A)
        )
    ).first()
    if state is None or state.parent_id is not None or state.deleted_at is not None:
        raise NotFoundError(f"Activity #{activity_id} does not exist.")
    (view,) = _views(session, ctx, _view_select().where(_A.c.id == activity_id))
    if view.recurrence is None or slot is None or view.series_id != view.id:
        return view
    master = _Master.of_view(view, ctx.tz)
    if master is None:
        return view
    slot = slot.astimezone(UTC)
    own = session.execute(
        sa.select(_A.c.id, _A.c.deleted_at).where(
            _A.c.series_id == view.id, _A.c.original_start_at == slot
        )
    ).first()
    if own is not None:
        if own.deleted_at is not None:
            raise NotFoundError("This occurrence was deleted.")
        (found,) = _views(session, ctx, _view_select().where(_A.c.id == own.id))
        return found
    if not master.series.contains(slot):
        raise NotFoundError("The series has no occurrence at this time.")
    return master.generated(slot, ctx)


def task_list(
    ws: Workspace,
    *,
    owner_ids: Iterable[int] = (),
    kinds: Iterable[ActivityKind] = (),
    include_done: bool = True,
    done_limit: int = 200,
    limit: int = 500,
    clock: Clock | None = None,
) -> TaskList:
    """The task list: planned items grouped by local day, and the latest done ones.

    Overdue and undated items are many in an old base: the lists hold the `limit` latest
    of them; `overdue_total` and `no_date_total` say how many there are."""
    ctx = _Ctx.of(clock)
    week_end = week_start(ctx.today) + timedelta(days=6)
    horizon = max(week_end, ctx.today + timedelta(days=1))
    groups: dict[TaskBucket, list[ActivityView]] = {b: [] for b in TaskBucket}
    where = _filters(owner_ids, kinds)
    with ws.read() as uow:
        planned, done, overdue_total, no_date_total = _planned_and_done(
            uow, ctx, where, horizon, done_limit if include_done else 0, max(1, limit)
        )
    tomorrow = ctx.today + timedelta(days=1)
    for v in planned:
        day = _day_of(v, ctx.tz)
        if day is None:
            bucket = TaskBucket.NO_DATE
        elif v.is_overdue:
            bucket = TaskBucket.OVERDUE
        elif day <= ctx.today:
            bucket = TaskBucket.TODAY
        elif day == tomorrow:
            bucket = TaskBucket.TOMORROW
        elif day <= week_end:
            bucket = TaskBucket.THIS_WEEK
        else:
            bucket = TaskBucket.LATER
        groups[bucket].append(v)
    key = _task_key(ctx.tz)
    for items in groups.values():
        items.sort(key=key)
    groups[TaskBucket.DONE] = done
    return TaskList(
        **{b.value: tuple(items) for b, items in groups.items()},
        overdue_total=overdue_total,
        no_date_total=no_date_total,
    )


def _task_key(tz: tzinfo) -> Callable[[ActivityView], tuple[datetime, bool, int, int]]:
    by_time = _sort_key(tz)
    rank = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}

    def key(v: ActivityView) -> tuple[datetime, bool, int, int]:
        at, timed, ident = by_time(v)
        return at, timed, rank.get(v.priority, 1), ident

    return key


def _day_of(v: ActivityView, tz: tzinfo) -> date | None:
    if v.start_at is not None:
        return local_day(v.start_at, tz)
    return v.due_on


def _overdue_rows(
    session: sa.orm.Session, ctx: _Ctx, where: Sequence[sa.ColumnElement[bool]], limit: int
) -> tuple[list[ActivityView], int]:
    """The `limit` latest overdue rows (series apart), and how many there are."""
    plain = [*where, _A.c.recurrence_rule.is_(None), _Unindexed(_A.c.done_at).is_(None)]
    ended = sa.func.coalesce(_A.c.end_at, _A.c.start_at)
    past_timed = [*plain, _A.c.start_at < ctx.now, ended < ctx.now]
    past_dated = [*plain, _A.c.due_on < ctx.today]
    overdue = _views(
        session,
        ctx,
        _view_select().where(*past_timed).order_by(_A.c.start_at.desc()).limit(limit),
    ) + _views(
        session, ctx, _view_select().where(*past_dated).order_by(_A.c.due_on.desc()).limit(limit)
    )
    total = len(overdue)
    if total >= limit:
        total = sum(
            int(session.scalar(sa.select(sa.func.count()).select_from(_A).where(*cond)) or 0)
            for cond in (past_timed, past_dated)
        )
        overdue.sort(key=_sort_key(ctx.tz), reverse=True)
        del overdue[limit:]
    return overdue, total


def _overdue_occurrences(
    session: sa.orm.Session, ctx: _Ctx, masters: Sequence[_Master]
) -> list[ActivityView]:
    """Each series' latest past occurrence, when it has no row of its own (not done)."""
    taken = _taken_slots(session, masters, None, None)
    out = []
    for m in masters:
        latest = m.latest_past(ctx)
        if latest is not None and (m.id, latest) not in taken:
            out.append(m.generated(latest, ctx, overdue=True))
    return out


def _planned_and_done(
    uow: UnitOfWork,
    ctx: _Ctx,
    where: Sequence[sa.ColumnElement[bool]],
    horizon: date,
    done_limit: int,
    limit: int,
) -> tuple[list[ActivityView], list[ActivityView], int, int]:
    """Planned rows (the `limit` latest overdue and undated ones, all upcoming); series
    occurrences up to `horizon` (plus each series' next one after it, and its overdue
    one); the `done_limit` latest done rows; how many overdue and undated rows there are."""
    session = uow.session
    plain = [*where, _A.c.recurrence_rule.is_(None), _Unindexed(_A.c.done_at).is_(None)]
    ended = sa.func.coalesce(_A.c.end_at, _A.c.start_at)
    undated = [*plain, _Unindexed(_A.c.start_at).is_(None), _Unindexed(_A.c.due_on).is_(None)]
    overdue, overdue_total = _overdue_rows(session, ctx, where, limit)
    no_date = _views(
        session, ctx, _view_select().where(*undated).order_by(_A.c.id.desc()).limit(limit)
    )
    no_date_total = len(no_date)
    if no_date_total >= limit:
        no_date_total = int(
            session.scalar(sa.select(sa.func.count()).select_from(_A).where(*undated)) or 0
        )
    upcoming = _views(
        session,
        ctx,
        _view_select().where(*plain, _A.c.start_at >= ctx.now - MAX_DURATION, ended >= ctx.now),
    ) + _views(session, ctx, _view_select().where(*plain, _A.c.due_on >= ctx.today))
    planned = overdue + upcoming + no_date
    done: list[ActivityView] = []
    if done_limit > 0:
        done = _views(
            session,
            ctx,
            _view_select()
            .where(*where, _A.c.recurrence_rule.is_(None), _A.c.done_at.is_not(None))
            .order_by(_A.c.done_at.desc(), _A.c.id.desc())
            .limit(done_limit),
        )
    masters = _masters(session, ctx, where)
    if masters:
        taken = _taken_slots(session, masters, None, None)
        start = local_midnight(ctx.today, ctx.tz)
        end = local_midnight(horizon + timedelta(days=1), ctx.tz)
        series_overdue = _overdue_occurrences(session, ctx, masters)
        planned += series_overdue
        overdue_total += len(series_overdue)
        for m in masters:
            latest = m.latest_past(ctx)
            if m.whole_days:
                slots = m.series.between(day_slot(ctx.today), day_slot(horizon) + timedelta(1))
                after = day_slot(horizon) + timedelta(days=1)
            else:
                slots = m.series.between(start, end)
                after = end
            slots = [s for s in slots if s != latest]
            nxt = m.series.after(after, inc=True)
            tries = 0
            while nxt is not None and (m.id, nxt) in taken and tries < 50:
                nxt = m.series.after(nxt)
                tries += 1
            if nxt is not None:
                slots.append(nxt)
            planned += [m.generated(s, ctx, overdue=False) for s in slots if (m.id, s) not in taken]
    return planned, done, overdue_total, no_date_total


def today_panel(
    ws: Workspace,
    *,
    owner_ids: Iterable[int] = (),
    kinds: Iterable[ActivityKind] = (),
    limit: int = 500,
    clock: Clock | None = None,
) -> TodayPanel:
    """Overdue items (the `limit` latest), and everything of today not overdue (done ones
    too), by time."""
    ctx = _Ctx.of(clock)
    where = _filters(owner_ids, kinds)
    with ws.read() as uow:
        overdue, total = _overdue_rows(uow.session, ctx, where, max(1, limit))
        series_overdue = _overdue_occurrences(uow.session, ctx, _masters(uow.session, ctx, where))
    overdue += series_overdue
    overdue.sort(key=_task_key(ctx.tz))
    start = local_midnight(ctx.today, ctx.tz)
    end = local_midnight(ctx.today + timedelta(days=1), ctx.tz)
    today = [
        v
        for v in activities_between(ws, start, end, owner_ids=owner_ids, kinds=kinds, clock=clock)
        if not v.is_overdue
    ]
    return TodayPanel(
        overdue=tuple(overdue), today=tuple(today), overdue_total=total + len(series_overdue)
    )


# ------------------------------------------------------------------ validation


@dataclass(slots=True)
class _Fields:
    """A validated input, in storage terms."""

    kind: ActivityKind
    subject: str
    start_at: datetime | None
    end_at: datetime | None
    due_on: date | None
    reminder_minutes: int | None
    reminder_at: datetime | None
    organization_id: int | None
    person_id: int | None
    deal_id: int | None
    owner_id: int | None
    priority: Priority
    description: str | None
    location: str | None
    recurrence: RecurrenceRule | None

    def reminder_for(
        self, start_at: datetime | None, due_on: date | None, tz: tzinfo
    ) -> datetime | None:
        if self.reminder_minutes is None:
            return self.reminder_at
        anchor = start_at if start_at is not None else None
        if anchor is None and due_on is not None:
            anchor = at_local(due_on, WORKDAY_START, tz)
        if anchor is None:
            return None
        return anchor - timedelta(minutes=self.reminder_minutes)


def _moment(value: datetime | None, name: str) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValidationError("A time without a time zone cannot be stored.", field=name)
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(f"The year {value.year} is not a plausible date.", field=name)
    return value.astimezone(UTC).replace(microsecond=0)


def _blank_to_none(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


def _validate(
    uow: UnitOfWork, data: ActivityInput, tz: tzinfo, current: Activity | None = None
) -> _Fields:
    subject = " ".join(data.subject.split())
    if not subject:
        raise ValidationError("Enter the subject.", field="subject")
    if len(subject) > SUBJECT_LIMIT:
        raise ValidationError(
            f"The subject is longer than {SUBJECT_LIMIT} characters.", field="subject"
        )
    try:
        kind = ActivityKind(data.kind)
    except ValueError:
        raise ValidationError(f"Unknown kind “{data.kind}”.", field="kind") from None
    try:
        priority = Priority(data.priority)
    except ValueError:
        raise ValidationError(f"Unknown priority “{data.priority}”.", field="priority") from None
    start_at = _moment(data.start_at, "start_at")
    end_at = _moment(data.end_at, "end_at")
    due_on = data.due_on
    if data.all_day and due_on is None and start_at is not None:
        due_on, start_at, end_at = local_day(start_at, tz), None, None
    if due_on is not None:
        if isinstance(due_on, datetime):
            raise ValidationError("A whole-day item takes a date, not a time.", field="due_on")
        if not MIN_YEAR <= due_on.year <= MAX_YEAR:
            raise ValidationError(
                f"The year {due_on.year} is not a plausible date.", field="due_on"
            )
        if start_at is not None or end_at is not None:
            raise ValidationError(
                "Give either a start time or a whole day, not both.", field="due_on"
            )
    if end_at is not None and start_at is None:
        raise ValidationError("Give the start as well as the end.", field="start_at")
    if start_at is not None and end_at is not None:
        if end_at < start_at:
            raise ValidationError("The end is before the start.", field="end_at")
        if end_at - start_at > MAX_DURATION:
            raise ValidationError("An activity cannot last more than 14 days.", field="end_at")
    minutes, reminder_at = data.reminder_minutes, _moment(data.reminder_at, "reminder_at")
    if minutes is not None and reminder_at is not None:
        raise ValidationError(
            "Give the reminder as minutes before or as a moment, not both.", field="reminder"
        )
    if minutes is not None:
        if abs(minutes) > MAX_REMINDER_MINUTES:
            raise ValidationError("A reminder is at most 60 days away.", field="reminder_minutes")
        if start_at is None and due_on is None:
            raise ValidationError(
                "A reminder “before” needs a date; give a moment instead.",
                field="reminder_minutes",
            )
    org_id = _linked(
        uow, Organization, data.organization_id, current.organization_id if current else None
    )
    person_id = _linked(uow, Person, data.person_id, current.person_id if current else None)
    deal_id = _linked(uow, Deal, data.deal_id, current.deal_id if current else None)
    owner_id = data.owner_id
    if owner_id is None:
        owner_id = current.owner_id if current is not None else uow.user_id
    elif uow.session.get(User, owner_id) is None:
        raise ValidationError(f"User #{owner_id} does not exist.", field="owner_id")
    if data.recurrence is not None and start_at is None and due_on is None:
        raise ValidationError("A repeating activity needs a date.", field="recurrence")
    return _Fields(
        kind=kind,
        subject=subject,
        start_at=start_at,
        end_at=end_at,
        due_on=due_on,
        reminder_minutes=minutes,
        reminder_at=reminder_at,
        organization_id=org_id,
        person_id=person_id,
        deal_id=deal_id,
        owner_id=owner_id,
        priority=priority,
        description=_blank_to_none(data.description),
        location=_blank_to_none(data.location),
        recurrence=data.recurrence,
    )


_LINK_FIELDS = {Organization: "organization_id", Person: "person_id", Deal: "deal_id"}
_LINK_NAMES = {Organization: "Organization", Person: "Person", Deal: "Deal"}


def _linked(
    uow: UnitOfWork,
    model: type[Organization] | type[Person] | type[Deal],
    wanted: int | None,
    current: int | None,
) -> int | None:
    """A link to a live record (an unchanged link may point into the trash)."""
    if wanted is None or wanted == current:
        return wanted
    found = uow.session.execute(
        sa.select(model.id).where(model.id == wanted, model.deleted_at.is_(None))
    ).first()
    if found is None:
        raise ValidationError(
            f"{_LINK_NAMES[model]} #{wanted} does not exist.", field=_LINK_FIELDS[model]
        )
    return wanted


# ------------------------------------------------------------------ writing rows


_AUDITED = (
    "kind",
    "subject",
    "start_at",
    "end_at",
    "due_on",
    "reminder_at",
    "done_at",
    "result",
    "priority",
    "description",
    "location",
    "organization_id",
    "person_id",
    "deal_id",
    "owner_id",
    "recurrence_rule",
)


def _snapshot(a: Activity) -> dict[str, str | None]:
    snap: dict[str, str | None] = {}
    for name in _AUDITED:
        value = getattr(a, name)
        if value is None:
            snap[name] = None
        elif isinstance(value, datetime | date):
            snap[name] = value.isoformat()
        else:
            snap[name] = str(value)
    return snap


def _diff(
    before: dict[str, str | None], after: dict[str, str | None]
) -> list[tuple[str, str | None, str | None]]:
    return [(k, before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)]


def _assign(a: Activity, f: _Fields, tz: tzinfo, *, start_at: datetime | None = None) -> None:
    """Put the fields on a row (a series' rule apart); `start_at` overrides the time."""
    a.kind = f.kind
    a.subject = f.subject
    a.priority = f.priority
    a.description = f.description
    a.location = f.location
    a.organization_id, a.person_id, a.deal_id = f.organization_id, f.person_id, f.deal_id
    a.owner_id = f.owner_id
    _set_time(a, f, tz, start_at)


def _set_time(a: Activity, f: _Fields, tz: tzinfo, start_at: datetime | None = None) -> None:
    if f.due_on is not None and start_at is None:
        a.start_at = a.end_at = None
        a.due_on, a.all_day = f.due_on, True
    else:
        start = start_at or f.start_at
        duration = (f.end_at - f.start_at) if f.end_at and f.start_at else None
        a.start_at = start
        a.end_at = start + duration if start is not None and duration is not None else None
        a.due_on, a.all_day = None, False
    reminder = f.reminder_for(a.start_at, a.due_on, tz)
    if f.reminder_minutes is None and f.reminder_at is not None and start_at is not None:
        reminder = f.reminder_at + (start_at - (f.start_at or start_at))  # moves with it
    if reminder != a.reminder_at:
        a.reminder_at = reminder
        a.reminder_dismissed_at = None


def _new_row(uow: UnitOfWork) -> Activity:
    return Activity(created_by_id=uow.user_id, updated_by_id=uow.user_id, version=1)


def _load(uow: UnitOfWork, activity_id: int, *, include_trashed: bool = False) -> Activity:
    a = uow.session.get(Activity, activity_id)
    if a is None or a.parent_id is not None or (not include_trashed and a.deleted_at is not None):
        raise NotFoundError(f"Activity #{activity_id} does not exist.")
    return a


def _series(a: Activity, tz: tzinfo) -> Series:
    rule = _parse_rule(a.recurrence_rule)
    if rule is None:
        raise ValidationError("This series' repeat rule cannot be read.", field="recurrence")
    if a.start_at is not None:
        return Series(rule, a.start_at, tz)
    if a.due_on is None:
        raise ValidationError("A repeating activity needs a date.", field="recurrence")
    return Series(rule, day_slot(a.due_on), UTC)


def _anchor_of(a: Activity, tz: tzinfo) -> datetime | None:
    if a.start_at is not None:
        return a.start_at
    if a.due_on is not None:
        return at_local(a.due_on, WORKDAY_START, tz)
    return None


def _exceptions(uow: UnitOfWork, master_id: int) -> list[Activity]:
    return list(
        uow.session.scalars(
            sa.select(Activity).where(Activity.series_id == master_id).order_by(Activity.id)
        )
    )


def _subtasks_of(uow: UnitOfWork, parent_id: int) -> list[Activity]:
    return list(
        uow.session.scalars(
            sa.select(Activity)
            .where(Activity.parent_id == parent_id, Activity.deleted_at.is_(None))
            .order_by(Activity.id)
        )
    )


def _copy_checklist(uow: UnitOfWork, source: Activity, target: Activity) -> None:
    for item in _subtasks_of(uow, source.id):
        copy = _new_row(uow)
        copy.kind, copy.subject, copy.owner_id = item.kind, item.subject, target.owner_id
        copy.parent_id = target.id
        uow.session.add(copy)


def _materialise(
    uow: UnitOfWork,
    master: Activity,
    slot: datetime,
    tz: tzinfo,
    *,
    deleted_at: datetime | None = None,
) -> Activity:
    """The row of one occurrence of a series (made from the master when it has none yet)."""
    slot = slot.astimezone(UTC).replace(microsecond=0)
    existing = uow.session.scalar(
        sa.select(Activity).where(
            Activity.series_id == master.id, Activity.original_start_at == slot
        )
    )
    if existing is not None:
        return existing
    series = _series(master, tz)
    if not series.contains(slot):
        raise ValidationError(
            "The series has no occurrence at this time.", field="occurrence_start"
        )
    occ = _new_row(uow)
    for name in ("kind", "subject", "description", "location", "priority", "owner_id"):
        setattr(occ, name, getattr(master, name))
    occ.organization_id, occ.person_id, occ.deal_id = (
        master.organization_id,
        master.person_id,
        master.deal_id,
    )
    occ.series_id, occ.original_start_at = master.id, slot
    if master.start_at is not None:
        occ.start_at = slot
        occ.end_at = slot + (master.end_at - master.start_at) if master.end_at else None
        occ.all_day = False
    else:
        occ.due_on, occ.all_day = slot.date(), True
    anchor, master_anchor = _anchor_of(occ, tz), _anchor_of(master, tz)
    if master.reminder_at is not None and anchor is not None and master_anchor is not None:
        occ.reminder_at = anchor - (master_anchor - master.reminder_at)
    occ.deleted_at = deleted_at
    occ.deleted_by_id = uow.user_id if deleted_at is not None else None
    uow.session.add(occ)
    uow.flush()
    if deleted_at is None:
        _copy_checklist(uow, master, occ)
    uow.audit.record(AuditAction.CREATE, EntityKind.ACTIVITY, occ.id, _diff({}, _snapshot(occ)))
    return occ


def _target(
    uow: UnitOfWork,
    activity_id: int,
    occurrence_start: datetime | None,
    tz: tzinfo,
    expected_version: int | None,
) -> Activity:
    """The row a one-item action works on (an occurrence gets its own row)."""
    a = _load(uow, activity_id)
    check_version(a.version, expected_version, "activity")
    if a.recurrence_rule is None:
        return a
    if occurrence_start is None:
        raise ValidationError(
            "This is a repeating activity: choose one of its occurrences.",
            field="occurrence_start",
        )
    occ = _materialise(uow, a, occurrence_start, tz)
    if occ.deleted_at is not None:
        raise NotFoundError("This occurrence was deleted.")
    return occ


def _start_series(a: Activity, rule: RecurrenceRule | None, tz: tzinfo) -> None:
    """Make `a` the master of `rule` (or a single activity), moved to its first occurrence."""
    if rule is None:
        a.recurrence_rule = None
        return
    text = rule.to_rrule()
    if len(text) > 500:
        raise ValidationError("The repeat rule is too long.", field="recurrence")
    a.recurrence_rule = text
    series = _series(a, tz)
    first = series.after(series.first, inc=True)
    if first is None:
        raise ValidationError("The repeat ends before its first occurrence.", field="until")
    if first != series.first:
        _move_to_slot(a, first, tz)


def _move_to_slot(a: Activity, slot: datetime, tz: tzinfo) -> None:
    """Move a row (its end and reminder with it) so that it starts at `slot`."""
    old_anchor = _anchor_of(a, tz)
    if a.start_at is not None:
        if a.end_at is not None:
            a.end_at = slot + (a.end_at - a.start_at)
        a.start_at = slot
    else:
        a.due_on = slot.date()
    new_anchor = _anchor_of(a, tz)
    if a.reminder_at is not None and old_anchor is not None and new_anchor is not None:
        a.reminder_at = a.reminder_at + (new_anchor - old_anchor)


def _audit_update(uow: UnitOfWork, a: Activity, before: dict[str, str | None]) -> None:
    changes = _diff(before, _snapshot(a))
    if changes:
        a.updated_by_id = uow.user_id
        uow.audit.record(AuditAction.UPDATE, EntityKind.ACTIVITY, a.id, changes)


# ------------------------------------------------------------------ create and edit


def create_activity(
    ws: Workspace, data: ActivityInput, *, clock: Clock | None = None
) -> ActivityView:
    """Plan an activity (a series when `data.recurrence` is given)."""
    ctx = _Ctx.of(clock)
    with ws.write() as uow:
        f = _validate(uow, data, ctx.tz)
        a = _new_row(uow)
        _assign(a, f, ctx.tz)
        _start_series(a, f.recurrence, ctx.tz)
        uow.session.add(a)
        uow.flush()
        uow.audit.record(AuditAction.CREATE, EntityKind.ACTIVITY, a.id, _diff({}, _snapshot(a)))
        uow.commit()
        return _read_view(uow, a.id, ctx)


def update_activity(
    ws: Workspace,
    activity_id: int,
    data: ActivityInput,
    *,
    expected_version: int,
    scope: Scope = "this",
    occurrence_start: datetime | None = None,
    clock: Clock | None = None,
    base: ActivityInput | None = None,
) -> ActivityView:
    """Save the editor. On an occurrence, `scope` says what changes: "this" occurrence
    (the rule in `data` is then ignored), "following" ones (the series splits) or "all".
    Returns the edited item (for "following"/"all": the occurrence at the edited time).
    `base`: what the editor showed when it opened; with it, changes saved meanwhile by
    someone else merge field by field (conflicts.py)."""
    ctx = _Ctx.of(clock)
    scope = _scope(scope)
    with ws.write() as uow:
        if base is not None:
            a = _load(uow, activity_id)
            data = conflicts.check_edit(
                uow.session,
                a,
                expected_version,
                base,
                data,
                lambda: input_from_view(
                    _read_view(uow, activity_id, ctx, occurrence_start), ctx.tz
                ),
                conflicts.ACTIVITY_SPEC,
                what="activity",
                title=a.subject,
            )
            expected_version = a.version
        row, slot = _update(uow, ctx, activity_id, data, scope, occurrence_start, expected_version)
        uow.commit()
        return _read_view(uow, row.id, ctx, slot)


def _update(
    uow: UnitOfWork,
    ctx: _Ctx,
    activity_id: int,
    data: ActivityInput,
    scope: Scope,
    occurrence_start: datetime | None,
    expected_version: int | None,
) -> tuple[Activity, datetime | None]:
    a = _load(uow, activity_id)
    check_version(a.version, expected_version, "activity")
    if a.series_id is not None:  # a materialised occurrence
        if scope == "this":
            return _edit_one(uow, ctx, a, data), None
        master = _load(uow, a.series_id)
        return _edit_series(uow, ctx, master, a.original_start_at or a.start_at, data, scope, a)
    if a.recurrence_rule is None:  # a plain activity
        before = _snapshot(a)
        f = _validate(uow, data, ctx.tz, a)
        _assign(a, f, ctx.tz)
        _start_series(a, f.recurrence, ctx.tz)
        uow.flush()
        _audit_update(uow, a, before)
        return a, None
    if occurrence_start is None:
        return _edit_series(uow, ctx, a, None, data, "all", None)
    if scope == "this":
        occ = _materialise(uow, a, occurrence_start, ctx.tz)
        if occ.deleted_at is not None:
            raise NotFoundError("This occurrence was deleted.")
        return _edit_one(uow, ctx, occ, data), None
    return _edit_series(uow, ctx, a, occurrence_start, data, scope, None)


def _edit_one(uow: UnitOfWork, ctx: _Ctx, a: Activity, data: ActivityInput) -> Activity:
    before = _snapshot(a)
    f = _validate(uow, replace(data, recurrence=None), ctx.tz, a)
    _assign(a, f, ctx.tz)
    uow.flush()
    _audit_update(uow, a, before)
    return a


@dataclass(frozen=True, slots=True)
class _Shift:
    """Where the slots of a series go when one of them (`slot`) is edited to `f`'s time."""

    whole_days_before: bool
    tz: tzinfo
    days: int
    wall: time | None  # None: the series becomes whole days

    @classmethod
    def of(cls, master: Activity, slot: datetime, f: _Fields, tz: tzinfo) -> _Shift:
        whole = master.start_at is None
        old_day = slot.date() if whole else local_day(slot, tz)
        if f.start_at is not None:
            new_day, wall = local_day(f.start_at, tz), f.start_at.astimezone(tz).time()
        elif f.due_on is not None:
            new_day, wall = f.due_on, None
        else:
            raise ValidationError("A repeating activity needs a date.", field="recurrence")
        return cls(whole, tz, (new_day - old_day).days, wall)

    def __call__(self, slot: datetime) -> datetime:
        day = slot.date() if self.whole_days_before else local_day(slot, self.tz)
        day += timedelta(days=self.days)
        return day_slot(day) if self.wall is None else at_local(day, self.wall, self.tz)


def _edit_series(
    uow: UnitOfWork,
    ctx: _Ctx,
    master: Activity,
    slot: datetime | None,
    data: ActivityInput,
    scope: Scope,
    edited: Activity | None,
) -> tuple[Activity, datetime | None]:
    series = _series(master, ctx.tz)
    slot = series.first if slot is None else slot.astimezone(UTC)
    f = _validate(uow, data, ctx.tz, edited or master)
    shift = _Shift.of(master, slot, f, ctx.tz)
    if scope == "following" and slot != series.first:
        if not series.contains(slot) and edited is None:
            raise ValidationError(
                "The series has no occurrence at this time.", field="occurrence_start"
            )
        split = series.split(slot)
        assert split.before is not None
        before = _snapshot(master)
        master.recurrence_rule = split.before.to_rrule()
        _audit_update(uow, master, before)
        rule = split.after if f.recurrence == series.rule else f.recurrence
        target = _new_row(uow)
        _assign(target, f, ctx.tz, start_at=shift(slot) if f.start_at else None)
        if f.start_at is None:
            target.due_on = shift(slot).date()
        _start_series(target, rule, ctx.tz)
        uow.session.add(target)
        uow.flush()
        _copy_checklist(uow, master, target)
        uow.audit.record(
            AuditAction.CREATE, EntityKind.ACTIVITY, target.id, _diff({}, _snapshot(target))
        )
        moved = [e for e in _exceptions(uow, master.id) if (e.original_start_at or slot) >= slot]
    else:
        target = master
        before = _snapshot(master)
        rule = f.recurrence
        _assign(master, f, ctx.tz, start_at=shift(series.first) if f.start_at else None)
        if f.start_at is None:
            master.due_on = shift(series.first).date()
        _start_series(master, rule, ctx.tz)
        uow.flush()
        _audit_update(uow, master, before)
        moved = _exceptions(uow, master.id)
    for e in moved:
        if target.recurrence_rule is None:  # the rest stops repeating
            if e.deleted_at is not None:
                uow.session.delete(e)
                continue
            e.series_id, e.original_start_at = None, None
        else:
            e.series_id = target.id
            if e.original_start_at is not None:
                e.original_start_at = shift(e.original_start_at)
    uow.flush()
    if edited is not None:
        return _edit_one(uow, ctx, edited, data), None
    if target.recurrence_rule is None:
        return target, None
    return target, shift(slot)


def reschedule(
    ws: Workspace,
    activity_id: int,
    new_start: datetime | date,
    new_end: datetime | None = None,
    *,
    scope: Scope = "this",
    occurrence_start: datetime | None = None,
    expected_version: int | None = None,
    clock: Clock | None = None,
    base: ActivityInput | None = None,
) -> ActivityView:
    """Drag and resize in the calendar. A `date` makes it a whole-day item; a time without
    `new_end` keeps the duration (a whole-day item gets 30 minutes). The reminder keeps
    its distance to the start. `base`: the item as the calendar showed it; with it, an
    item changed meanwhile still moves unless someone else moved it too."""
    ctx = _Ctx.of(clock)
    scope = _scope(scope)
    with ws.write() as uow:
        current = _read_view(uow, activity_id, ctx, occurrence_start)
        data = input_from_view(current, ctx.tz)
        if isinstance(new_start, datetime):
            if new_end is None:
                duration = (
                    current.end_at - current.start_at
                    if current.end_at is not None and current.start_at is not None
                    else timedelta(0)
                    if current.start_at is not None
                    else DEFAULT_DURATION
                )
                new_end = new_start + duration
            data = replace(data, start_at=new_start, end_at=new_end, due_on=None, all_day=False)
        else:
            data = replace(data, start_at=None, end_at=None, due_on=new_start, all_day=True)
        if base is not None:
            a = _load(uow, activity_id)
            theirs = input_from_view(current, ctx.tz)
            conflicts.check_reschedule(
                uow.session, a, expected_version, base, theirs, data, current.subject
            )
            expected_version = a.version
        row, slot = _update(uow, ctx, activity_id, data, scope, occurrence_start, expected_version)
        uow.commit()
        return _read_view(uow, row.id, ctx, slot)


def input_from_view(view: ActivityView, tz: tzinfo | None = None) -> ActivityInput:
    """The editor's input for an item (its reminder as minutes before, when it has a date)."""
    tz = tz or SystemClock().tz
    anchor = view.start_at
    if anchor is None and view.due_on is not None:
        anchor = at_local(view.due_on, WORKDAY_START, tz)
    minutes: int | None = None
    reminder_at = view.reminder_at
    if reminder_at is not None and anchor is not None:
        seconds = (anchor - reminder_at).total_seconds()
        if seconds % 60 == 0 and abs(seconds) <= MAX_REMINDER_MINUTES * 60:
            minutes, reminder_at = int(seconds // 60), None
    return ActivityInput(
        subject=view.subject,
        kind=view.kind,
        start_at=view.start_at,
        end_at=view.end_at,
        due_on=view.due_on,
        all_day=view.all_day,
        organization_id=view.organization_id,
        person_id=view.person_id,
        deal_id=view.deal_id,
        owner_id=view.owner_id,
        priority=view.priority,
        reminder_minutes=minutes,
        reminder_at=reminder_at,
        description=view.description,
        location=view.location,
        recurrence=view.recurrence,
    )


# ------------------------------------------------------------------ done / reopen


def complete_activity(
    ws: Workspace,
    activity_id: int,
    result: str | None = None,
    *,
    done_at: datetime | None = None,
    occurrence_start: datetime | None = None,
    expected_version: int | None = None,
    clock: Clock | None = None,
) -> CompletionResult:
    """Mark done with the result text; `done_at` defaults to the clock's now. Calls and
    meetings come back with a follow-up suggestion (a prefilled `ActivityInput`)."""
    ctx = _Ctx.of(clock)
    when = _moment(done_at, "done_at") or ctx.now.replace(microsecond=0)
    with ws.write() as uow:
        row = _load(uow, activity_id)
        if row.version != expected_version and expected_version is not None:
            current = _read_view(uow, activity_id, ctx, occurrence_start)
            if not conflicts.check_done(
                uow.session, row, expected_version, current, done=True, result=result
            ):
                return CompletionResult(current, None)  # someone else did it, same result
            expected_version = row.version
        a = _target(uow, activity_id, occurrence_start, ctx.tz, expected_version)
        before = _snapshot(a)
        a.done_at = when
        a.result = _blank_to_none(result)
        uow.flush()
        _audit_update(uow, a, before)
        _refresh_last_contact(uow, a)
        follow_up = _follow_up(a, ctx)
        uow.commit()
        return CompletionResult(_read_view(uow, a.id, ctx), follow_up)


def reopen_activity(
    ws: Workspace,
    activity_id: int,
    *,
    occurrence_start: datetime | None = None,
    expected_version: int | None = None,
    clock: Clock | None = None,
) -> ActivityView:
    """Undo "done" (the result text stays, for when it is done again)."""
    ctx = _Ctx.of(clock)
    with ws.write() as uow:
        row = _load(uow, activity_id)
        if row.version != expected_version and expected_version is not None:
            current = _read_view(uow, activity_id, ctx, occurrence_start)
            if not conflicts.check_done(
                uow.session, row, expected_version, current, done=False, result=None
            ):
                return current  # someone else reopened it
            expected_version = row.version
        a = _target(uow, activity_id, occurrence_start, ctx.tz, expected_version)
        if a.done_at is not None:
            before = _snapshot(a)
            a.done_at = None
            uow.flush()
            _audit_update(uow, a, before)
            _refresh_last_contact(uow, a)
        uow.commit()
        return _read_view(uow, a.id, ctx)


def _refresh_last_contact(uow: UnitOfWork, a: Activity) -> None:
    """The card's last contact: its latest done activity (Core: the card's version stays)."""
    conn = uow.session.connection()
    for table, column, value in (
        (_ORGS, _A.c.organization_id, a.organization_id),
        (_PERSONS, _A.c.person_id, a.person_id),
    ):
        if value is None:
            continue
        latest = sa.select(sa.func.max(_A.c.done_at)).where(
            column == value, _A.c.deleted_at.is_(None), _A.c.parent_id.is_(None)
        )
        conn.execute(
            sa.update(table)
            .where(table.c.id == value)
            .values(last_contact_at=latest.scalar_subquery())
        )


def _follow_up(a: Activity, ctx: _Ctx) -> ActivityInput | None:
    if a.kind not in FOLLOW_UP_KINDS:
        return None
    done_day = local_day(a.done_at or ctx.now, ctx.tz)
    day = done_day + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    wall = a.start_at.astimezone(ctx.tz).time() if a.start_at is not None else time(10)
    start = at_local(day, wall, ctx.tz)
    return ActivityInput(
        subject=a.subject,
        kind=ActivityKind.CALL_OUT,
        start_at=start,
        end_at=start + timedelta(minutes=15),
        organization_id=a.organization_id,
        person_id=a.person_id,
        deal_id=a.deal_id,
        owner_id=a.owner_id,
        priority=a.priority,
        reminder_minutes=15,
    )


# ------------------------------------------------------------------ trash


def move_activity_to_trash(
    ws: Workspace,
    activity_id: int,
    *,
    scope: Scope = "this",
    occurrence_start: datetime | None = None,
    clock: Clock | None = None,
) -> int:
    """Delete an activity (to the trash), one occurrence, the following ones or a series.

    Returns the id of the trashed row: `restore_activity(id)` undoes it.
    """
    ctx = _Ctx.of(clock)
    scope = _scope(scope)
    now = utcnow()
    with ws.write() as uow:
        a = _load(uow, activity_id)
        if a.series_id is not None and scope != "this":
            slot: datetime | None = a.original_start_at
            a = _load(uow, a.series_id)
        else:
            slot = occurrence_start
        if a.recurrence_rule is not None and slot is not None and scope == "this":
            a = _materialise(uow, a, slot, ctx.tz, deleted_at=now)
        elif a.recurrence_rule is not None and slot is not None and scope == "following":
            series = _series(a, ctx.tz)
            slot = slot.astimezone(UTC)
            if slot != series.first:
                split = series.split(slot)
                assert split.before is not None
                before = _snapshot(a)
                a.recurrence_rule = split.before.to_rrule()
                _audit_update(uow, a, before)
                for e in _exceptions(uow, a.id):
                    if e.deleted_at is None and (e.original_start_at or slot) >= slot:
                        e.deleted_at, e.deleted_by_id = now, uow.user_id
                uow.commit()
                return a.id
        result_id = a.id
        targets = [a]
        if a.recurrence_rule is not None:
            targets += [e for e in _exceptions(uow, a.id) if e.deleted_at is None]
        for t in targets:
            if t.deleted_at is None:
                t.deleted_at, t.deleted_by_id = now, uow.user_id
        uow.audit.record(AuditAction.TRASH, EntityKind.ACTIVITY, result_id, at=now)
        uow.commit()
        return result_id


def restore_activity(ws: Workspace, activity_id: int) -> None:
    """Out of the trash: a series with the occurrences deleted together with it, or one
    deleted occurrence (its series must be live)."""
    with ws.write() as uow:
        a = _load(uow, activity_id, include_trashed=True)
        if a.deleted_at is None:
            return
        targets = [a]
        if a.series_id is not None:
            master = uow.session.get(Activity, a.series_id)
            if master is not None and master.deleted_at is not None:
                raise ValidationError(
                    f"Restore the series “{master.subject}” first: this occurrence belongs to it."
                )
        if a.recurrence_rule is not None:
            targets += [e for e in _exceptions(uow, a.id) if e.deleted_at == a.deleted_at]
        for t in targets:
            t.deleted_at, t.deleted_by_id = None, None
        uow.audit.record(AuditAction.RESTORE, EntityKind.ACTIVITY, a.id)
        uow.commit()


def trashed_activities(ws: Workspace) -> list[TrashItem]:
    """Activities in the trash as the trash lists them: plain ones and whole series
    (deleted occurrences of a series are not listed; they go with the series)."""
    with ws.read() as uow:
        rows = uow.session.execute(
            sa.select(_A.c.id, _A.c.subject, _A.c.deleted_at).where(
                _A.c.deleted_at.is_not(None),
                _A.c.parent_id.is_(None),
                _A.c.series_id.is_(None),
                *access.where_here(_A),
            )
        ).all()
    return [TrashItem(EntityKind.ACTIVITY, i, s, d) for i, s, d in rows]


# ------------------------------------------------------------------ subtasks


def subtasks(ws: Workspace, parent_id: int) -> list[SubtaskView]:
    with ws.read() as uow:
        _load(uow, parent_id, include_trashed=True)
        return [_subtask_view(s) for s in _subtasks_of(uow, parent_id)]


def _subtask_view(s: Activity) -> SubtaskView:
    assert s.parent_id is not None
    return SubtaskView(
        id=s.id,
        parent_id=s.parent_id,
        subject=s.subject,
        is_done=s.done_at is not None,
        done_at=s.done_at,
    )


def _subject(text: str) -> str:
    subject = " ".join(text.split())
    if not subject:
        raise ValidationError("Enter the text of the item.", field="subject")
    if len(subject) > SUBJECT_LIMIT:
        raise ValidationError(
            f"The text is longer than {SUBJECT_LIMIT} characters.", field="subject"
        )
    return subject


def _subtask(uow: UnitOfWork, subtask_id: int) -> Activity:
    s = uow.session.get(Activity, subtask_id)
    if s is None or s.parent_id is None or s.deleted_at is not None:
        raise NotFoundError(f"Checklist item #{subtask_id} does not exist.")
    return s


def add_subtask(
    ws: Workspace,
    parent_id: int,
    subject: str,
    *,
    occurrence_start: datetime | None = None,
    clock: Clock | None = None,
) -> SubtaskView:
    """Add a checklist item. On a series without `occurrence_start`: to the series' own
    checklist, which every occurrence gets (unticked) when it is materialised."""
    ctx = _Ctx.of(clock)
    text = _subject(subject)
    with ws.write() as uow:
        parent = _load(uow, parent_id)
        if parent.recurrence_rule is not None and occurrence_start is not None:
            parent = _target(uow, parent_id, occurrence_start, ctx.tz, None)
        s = _new_row(uow)
        s.kind, s.subject, s.owner_id, s.parent_id = (
            ActivityKind.TODO,
            text,
            parent.owner_id,
            parent.id,
        )
        uow.session.add(s)
        uow.flush()
        uow.audit.record(AuditAction.CREATE, EntityKind.ACTIVITY, s.id, [("subject", None, text)])
        uow.commit()
        return _subtask_view(s)


def toggle_subtask(
    ws: Workspace, subtask_id: int, done: bool | None = None, *, clock: Clock | None = None
) -> SubtaskView:
    """Tick or untick an item (`done=None`: the other state)."""
    ctx = _Ctx.of(clock)
    with ws.write() as uow:
        s = _subtask(uow, subtask_id)
        want = (s.done_at is None) if done is None else done
        if want != (s.done_at is not None):
            before = _snapshot(s)
            s.done_at = ctx.now.replace(microsecond=0) if want else None
            uow.flush()
            _audit_update(uow, s, before)
        uow.commit()
        return _subtask_view(s)


def rename_subtask(ws: Workspace, subtask_id: int, subject: str) -> SubtaskView:
    text = _subject(subject)
    with ws.write() as uow:
        s = _subtask(uow, subtask_id)
        before = _snapshot(s)
        s.subject = text
        uow.flush()
        _audit_update(uow, s, before)
        uow.commit()
        return _subtask_view(s)


def delete_subtask(ws: Workspace, subtask_id: int) -> None:
    """Remove a checklist item for good (it is part of its task, not a record of its own)."""
    with ws.write() as uow:
        s = _subtask(uow, subtask_id)
        uow.audit.record(
            AuditAction.DELETE, EntityKind.ACTIVITY, s.id, [("subject", s.subject, None)]
        )
        uow.session.delete(s)
        uow.commit()


def reorder_subtasks(
    ws: Workspace, parent_id: int, ordered_ids: Sequence[int]
) -> list[SubtaskView]:
    """Put the checklist in this order (every item once). Items keep their ids by
    position: the texts and ticks move (there is no position column)."""
    with ws.write() as uow:
        _load(uow, parent_id)
        items = _subtasks_of(uow, parent_id)
        by_id = {s.id: s for s in items}
        if sorted(ordered_ids) != sorted(by_id):
            raise ValidationError("Give every item of the checklist once.", field="subtasks")
        contents = [(by_id[i].subject, by_id[i].done_at) for i in ordered_ids]
        befores = [_snapshot(s) for s in items]
        for s, (subject, done_at) in zip(items, contents, strict=True):
            s.subject, s.done_at = subject, done_at
        for s, before in zip(items, befores, strict=True):
            _audit_update(uow, s, before)  # the items whose text or tick moved
        uow.commit()
        return [_subtask_view(s) for s in items]


# ------------------------------------------------------------------ reminders


def due_reminders(
    ws: Workspace,
    *,
    owner_ids: Iterable[int] = (),
    limit: int = 100,
    clock: Clock | None = None,
) -> list[ReminderView]:
    """Reminders whose time has come, not dismissed, of items not done — those missed
    while the program was closed too (the `limit` latest), oldest first. A series reminds
    of its latest due occurrence."""
    ctx = _Ctx.of(clock)
    where = _filters(owner_ids, ())
    out: list[ReminderView] = []
    with ws.read() as uow:
        session = uow.session
        due = _views(
            session,
            ctx,
            _view_select()
            .where(
                *where,
                _A.c.recurrence_rule.is_(None),
                _A.c.reminder_at <= ctx.now,
                _Unindexed(_A.c.reminder_dismissed_at).is_(None),
                _Unindexed(_A.c.done_at).is_(None),
            )
            .order_by(_A.c.reminder_at.desc())
            .limit(max(1, limit)),
        )
        out += [ReminderView(v, v.reminder_at) for v in due if v.reminder_at is not None]
        masters = [
            m
            for m in _masters(session, ctx, [*where, _Unindexed(_A.c.reminder_at).is_not(None)])
            if m.reminder_offset is not None
        ]
        taken = _taken_slots(session, masters, None, None)
        for m in masters:
            slot = _latest_reminded(m, ctx)
            if slot is not None and (m.id, slot) not in taken:
                remind_at = m.reminder(slot, ctx.tz)
                assert remind_at is not None
                out.append(ReminderView(m.generated(slot, ctx), remind_at))
    out.sort(key=lambda r: (r.remind_at, r.activity.id))
    return out[-max(1, limit) :]


def _latest_reminded(m: _Master, ctx: _Ctx) -> datetime | None:
    """The latest slot whose reminder time has come."""
    assert m.reminder_offset is not None
    if m.whole_days:
        # a day's reminder: 09:00 local that day minus the offset
        limit_day = local_day(ctx.now + m.reminder_offset, ctx.tz) + timedelta(days=1)
        slot = m.series.before(day_slot(limit_day))
        while slot is not None:
            remind = m.reminder(slot, ctx.tz)
            if remind is not None and remind <= ctx.now:
                return slot
            slot = m.series.before(slot)
        return None
    return m.series.before(ctx.now + m.reminder_offset, inc=True)


def next_reminder_at(
    ws: Workspace, *, owner_ids: Iterable[int] = (), clock: Clock | None = None
) -> datetime | None:
    """When the next reminder is due (after now): the GUI sets its timer to it."""
    ctx = _Ctx.of(clock)
    where = _filters(owner_ids, ())
    with ws.read() as uow:
        session = uow.session
        found: list[datetime] = []
        plain = session.scalar(
            sa.select(sa.func.min(_A.c.reminder_at)).where(
                *where,
                _A.c.recurrence_rule.is_(None),
                _A.c.reminder_at > ctx.now,
                _Unindexed(_A.c.reminder_dismissed_at).is_(None),
                _Unindexed(_A.c.done_at).is_(None),
            )
        )
        if plain is not None:
            found.append(plain)
        masters = [
            m
            for m in _masters(session, ctx, [*where, _Unindexed(_A.c.reminder_at).is_not(None)])
            if m.reminder_offset is not None
        ]
        taken = _taken_slots(session, masters, None, None)
        for m in masters:
            assert m.reminder_offset is not None
            slot = m.series.after(ctx.now + m.reminder_offset - timedelta(days=2))
            tries = 0
            while slot is not None and tries < 400:
                remind = m.reminder(slot, ctx.tz)
                if remind is not None and remind > ctx.now and (m.id, slot) not in taken:
                    found.append(remind)
                    break
                slot = m.series.after(slot)
                tries += 1
    return min(found, default=None)


def snooze_until(choice: SnoozeChoice | str, clock: Clock | None = None) -> datetime:
    """The moment a snooze button means."""
    ctx = _Ctx.of(clock)
    now = ctx.now.replace(microsecond=0)
    match SnoozeChoice(choice):
        case SnoozeChoice.MINUTES_5:
            return now + timedelta(minutes=5)
        case SnoozeChoice.MINUTES_15:
            return now + timedelta(minutes=15)
        case SnoozeChoice.HOUR_1:
            return now + timedelta(hours=1)
        case SnoozeChoice.TOMORROW:
            return at_local(ctx.today + timedelta(days=1), WORKDAY_START, ctx.tz)


def snooze_reminder(
    ws: Workspace,
    activity_id: int,
    until: datetime,
    *,
    occurrence_start: datetime | None = None,
    clock: Clock | None = None,
) -> ActivityView:
    """Remind again at `until` (see `snooze_until`). The record's version does not change:
    a reminder's state is not an edit of the activity."""
    ctx = _Ctx.of(clock)
    when = _moment(until, "reminder_at")
    with ws.write() as uow:
        a = _target(uow, activity_id, occurrence_start, ctx.tz, None)
        uow.session.connection().execute(
            sa.update(_A)
            .where(_A.c.id == a.id)
            .values(reminder_at=when, reminder_dismissed_at=None)
        )
        uow.commit()
        uow.session.expire_all()
        return _read_view(uow, a.id, ctx)


def dismiss_reminder(
    ws: Workspace,
    activity_id: int,
    *,
    occurrence_start: datetime | None = None,
    clock: Clock | None = None,
) -> None:
    """Close the reminder for good (the activity stays planned)."""
    ctx = _Ctx.of(clock)
    with ws.write() as uow:
        a = _target(uow, activity_id, occurrence_start, ctx.tz, None)
        uow.session.connection().execute(
            sa.update(_A)
            .where(_A.c.id == a.id)
            .values(reminder_dismissed_at=ctx.now.replace(microsecond=0))
        )
        uow.commit()


# ------------------------------------------------------------------ calendar export


ICS_PRODID = "-//CRM Desktop//CRM Desktop//RU"
_ICS_PRIORITY = {Priority.HIGH: 1, Priority.NORMAL: 5, Priority.LOW: 9}


def ics_uid(activity_id: int) -> str:
    return f"activity-{activity_id}@crm-desktop"


def build_ics(
    ws: Workspace,
    *,
    owner_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    include_done: bool = False,
    clock: Clock | None = None,
) -> tuple[bytes, int]:
    """An iCalendar file of the planned activities (of one user, in [start, end)).

    Timed items are VEVENTs in UTC; whole-day items all-day VEVENTs (DATE, shown as
    free time), which Outlook and Apple Calendar import alike. A series is one VEVENT
    with RRULE in its local zone (with a VTIMEZONE), EXDATEs for deleted and done
    occurrences, and an overriding VEVENT (RECURRENCE-ID) per changed one. Reminders
    become VALARMs relative to the start. Returns the bytes and the number of VEVENTs.
    """
    from icalendar import Calendar

    ctx = _Ctx.of(clock)
    cal = Calendar()
    cal.add("prodid", ICS_PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    where = _filters([owner_id] if owner_id is not None else [], ())
    count = 0
    stamp = ctx.now.replace(microsecond=0)
    with ws.read() as uow:
        session = uow.session
        plain_where = [*where, _A.c.recurrence_rule.is_(None), _A.c.series_id.is_(None)]
        if not include_done:
            plain_where.append(_A.c.done_at.is_(None))
        if start is not None:
            plain_where.append(
                sa.or_(
                    sa.func.coalesce(_A.c.end_at, _A.c.start_at) >= start,
                    _A.c.due_on >= local_day(start, ctx.tz),
                )
            )
        if end is not None:
            plain_where.append(sa.or_(_A.c.start_at < end, _A.c.due_on < local_day(end, ctx.tz)))
        else:
            plain_where.append(sa.or_(_A.c.start_at.is_not(None), _A.c.due_on.is_not(None)))
        for v in _views(session, ctx, _view_select().where(*plain_where).order_by(_A.c.id)):
            cal.add_component(_vevent(v, stamp, ctx.tz))
            count += 1
        masters = _masters(session, ctx, where)
        for m in masters:
            if end is not None and m.series.first >= end:
                continue
            last = m.series.last()
            if start is not None and last is not None and last + m.duration < start:
                continue
            own = _A.c.series_id == m.id
            excluded = sorted(
                at
                for (at,) in session.execute(
                    sa.select(_A.c.original_start_at).where(
                        own,
                        _A.c.original_start_at.is_not(None),
                        sa.or_(
                            _A.c.deleted_at.is_not(None),
                            sa.false() if include_done else _A.c.done_at.is_not(None),
                        ),
                    )
                )
            )
            master_view = replace(
                m.generated(m.series.first, ctx, overdue=False), is_occurrence=False
            )
            event = _vevent(master_view, stamp, ctx.tz, rule=m.rule, whole_days=m.whole_days)
            if excluded:
                event.add("exdate", [_ics_time(s, ctx.tz, m.whole_days, event) for s in excluded])
            cal.add_component(event)
            count += 1
            overrides = _view_select().where(
                own, _A.c.deleted_at.is_(None), _A.c.original_start_at.is_not(None)
            )
            for o in _views(session, ctx, overrides.order_by(_A.c.original_start_at)):
                if o.occurrence_start is None or o.occurrence_start in excluded:
                    continue
                override = _vevent(o, stamp, ctx.tz, uid_of=m.id)
                override.add(
                    "recurrence-id", _ics_time(o.occurrence_start, ctx.tz, m.whole_days, event)
                )
                cal.add_component(override)
                count += 1
    cal.add_missing_timezones()
    return cal.to_ical(), count


def _named_zone(tz: tzinfo) -> bool:
    return bool(getattr(tz, "key", None))


def _ics_time(slot: datetime, tz: tzinfo, whole_days: bool, event: Any) -> datetime | date:
    """A slot in the form of the series' DTSTART (a date, local time in a named zone, UTC)."""
    if whole_days:
        return slot.date()
    dtstart = event.decoded("dtstart")
    return slot.astimezone(dtstart.tzinfo) if isinstance(dtstart, datetime) else slot


def _vevent(
    v: ActivityView,
    stamp: datetime,
    tz: tzinfo,
    *,
    rule: RecurrenceRule | None = None,
    whole_days: bool = False,
    uid_of: int | None = None,
) -> Any:
    from icalendar import Alarm, Event, vRecur

    event = Event()
    event.add("uid", ics_uid(uid_of if uid_of is not None else v.id))
    event.add("dtstamp", stamp)
    event.add("summary", v.subject)
    if v.start_at is not None:
        start: datetime = v.start_at
        zoned = rule is not None and _named_zone(tz)
        if zoned:
            start = v.start_at.astimezone(tz)
        event.add("dtstart", start)
        if v.end_at is not None:
            event.add("dtend", v.end_at.astimezone(start.tzinfo))
        anchor: datetime | None = v.start_at
    elif v.due_on is not None:
        event.add("dtstart", v.due_on)
        event.add("dtend", v.due_on + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        anchor = local_midnight(v.due_on, tz)
    else:
        anchor = None
    if v.description:
        event.add("description", v.description)
    if v.location:
        event.add("location", v.location)
    contact = ", ".join(x for x in (v.person_name, v.organization_name) if x)
    if contact:
        event.add("contact", contact)
    if v.priority is not Priority.NORMAL:
        event.add("priority", _ICS_PRIORITY[v.priority])
    if v.done_at is not None:
        event.add("status", "CONFIRMED")
    if rule is not None:
        until_value = None
        if rule.until is not None and not whole_days:
            # the end of the last local day, in UTC (RFC 5545 for a zoned or UTC DTSTART)
            until = local_midnight(rule.until + timedelta(days=1), tz) - timedelta(seconds=1)
            until_value = until.strftime("%Y%m%dT%H%M%SZ")
        export_rule = rule if whole_days or _named_zone(tz) else _utc_rule(rule, v, tz)
        event.add("rrule", vRecur.from_ical(export_rule.to_rrule(until_value=until_value)))
    if v.reminder_at is not None and anchor is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", v.subject)
        alarm.add("trigger", v.reminder_at - anchor)
        event.add_component(alarm)
    return event


def _utc_rule(rule: RecurrenceRule, v: ActivityView, tz: tzinfo) -> RecurrenceRule:
    """A rule for a DTSTART in UTC when the local zone has no name: weekdays and days of
    the month move with the date (daylight-saving changes are then not followed)."""
    assert v.start_at is not None
    shift = (v.start_at.date() - local_day(v.start_at, tz)).days
    if not shift:
        return rule
    weekdays = tuple(sorted((d + shift) % 7 for d in rule.weekdays))
    month_day = rule.month_day
    if month_day is not None:
        month_day = min(31, max(1, month_day + shift))
    return replace(rule, weekdays=weekdays, month_day=month_day)


def export_ics(
    ws: Workspace,
    path: str | Path,
    *,
    owner_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    include_done: bool = False,
    clock: Clock | None = None,
) -> int:
    """Write `build_ics` to a file (atomically). Returns the number of VEVENTs."""
    access.require(ws.user, access.Action.EXPORT, EntityKind.ACTIVITY)
    data, count = build_ics(
        ws, owner_id=owner_id, start=start, end=end, include_done=include_done, clock=clock
    )
    target = Path(path)
    tmp = target.with_name(target.name + ".partial")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"Cannot write {target}: {exc.strerror}.") from exc
    return count


def user_id_by_login(ws: Workspace, login: str) -> int:
    with ws.read() as uow:
        user_id = uow.session.scalar(sa.select(User.id).where(User.login == login))
    if user_id is None:
        raise NotFoundError(f"There is no user “{login}”.")
    return int(user_id)


def next_planned_slot(
    session: sa.orm.Session, master: Activity, now: datetime, tz: tzinfo
) -> datetime | None:
    """The first occurrence of a series that is not over and has no row of its own
    (for the timeline). Whole-day series: the day's 00:00 UTC."""
    m = _Master.of_row(master, tz)
    if m is None:
        return None
    if m.whole_days:
        slot = m.series.after(day_slot(local_day(now, tz)), inc=True)
    else:
        slot = m.series.after(now - m.duration, inc=m.duration > timedelta(0))
    taken = _taken_slots(session, [m], slot, None) if slot is not None else set()
    tries = 0
    while slot is not None and (master.id, slot) in taken and tries < 100:
        slot = m.series.after(slot)
        tries += 1
    return slot
