"""Work reports: manager activity, overdue and upcoming work, a user's agenda.

Manager activity, per user (the activity's owner) and per local day or week:
- calls in / out, meetings (presentations, negotiations), messages (email, fax,
  letter) and to-dos *done* in the bucket (by `done_at`); a series counts the
  occurrences that were done (each has a row of its own);
- overdue: the user's plain activities not done at the end of the bucket (or now,
  if earlier) whose time had passed (timed: end, else start; whole-day: the day) —
  a level, not a flow: its total is the value at the end of the period. Recurring
  series are left out of this column (only their latest missed occurrence is ever
  overdue, which the overdue report shows);
- deals moved: stage changes made by the user (`changed_by_id`);
- new clients: organizations and persons the user created (`created_by_id`).
Tags/segment narrow activities and deals to those of matching clients, and new
clients to matching ones. Trashed records never count.

Overdue and upcoming work and the agenda reuse the activities service
(`today_panel`, `activities_between`), so series are expanded exactly as in the
calendar. Upcoming = not done, not overdue, from now to the end of the 7th local day
(today included). The lists hold each user's `ITEMS_PER_USER` latest overdue and first
upcoming items (`Table.total_rows` says how many there are); the counts are complete.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

import sqlalchemy as sa

from crm_desktop.domain.clock import Clock, local_day, local_midnight
from crm_desktop.domain.kinds import ActivityKind
from crm_desktop.services import access, activities
from crm_desktop.services.activities import ActivityView
from crm_desktop.services.reports.common import (
    bucket_case,
    buckets,
    client_filter,
    clock_or_system,
    count_groups,
    deal_scope,
    granularity_of,
    period_parameters,
    scope_parameters,
    user_names,
    utc,
)
from crm_desktop.services.reports.params import (
    Granularity,
    Period,
    RelativePeriod,
    ReportParams,
    resolve_period,
)
from crm_desktop.services.reports.result import (
    EMPTY,
    Cell,
    CellKind,
    Chart,
    ChartKind,
    Column,
    ReportResult,
    Row,
    Series,
    Table,
    clock_time,
    day,
    integer,
    label,
    month,
    text,
    total_row,
)
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Activity, Deal, DealStageChange, Organization, Person, User

KIND_LABELS = {
    ActivityKind.CALL_IN: "Incoming call",
    ActivityKind.CALL_OUT: "Outgoing call",
    ActivityKind.EMAIL: "Email",
    ActivityKind.FAX: "Fax",
    ActivityKind.LETTER: "Letter",
    ActivityKind.MEETING_PRESENTATION: "Presentation",
    ActivityKind.MEETING_NEGOTIATION: "Negotiation",
    ActivityKind.TODO: "To-do",
}

# metric id -> header; the order of the columns
METRICS = {
    "calls_in": "Incoming calls",
    "calls_out": "Outgoing calls",
    "meetings": "Meetings",
    "messages": "Messages",
    "todos_done": "To-dos done",
    "overdue": "Overdue",
    "deals_moved": "Deals moved",
    "new_clients": "New clients",
}
_FLOWS = [m for m in METRICS if m != "overdue"]
_KIND_METRIC = {
    ActivityKind.CALL_IN: "calls_in",
    ActivityKind.CALL_OUT: "calls_out",
    ActivityKind.EMAIL: "messages",
    ActivityKind.FAX: "messages",
    ActivityKind.LETTER: "messages",
    ActivityKind.MEETING_PRESENTATION: "meetings",
    ActivityKind.MEETING_NEGOTIATION: "meetings",
    ActivityKind.TODO: "todos_done",
}
_NOBODY = "No owner"
ITEMS_PER_USER = 100  # overdue / upcoming items listed per user (counts are complete)
_GRAIN_LABELS = {  # bucket column header, detail table title (whole sentences: no concatenation)
    Granularity.DAY: ("Day", "Activity by user and day"),
    Granularity.WEEK: ("Week", "Activity by user and week"),
    Granularity.MONTH: ("Month", "Activity by user and month"),
}


def _user_cell(user_id: int | None, names: dict[int, str]) -> Cell:
    return label(_NOBODY) if user_id is None else text(names.get(user_id, f"#{user_id}"))


@dataclass(frozen=True, slots=True)
class _UserKey:
    """Sorts user ids by name, nobody last."""

    names: dict[int, str]

    def __call__(self, user_id: int | None) -> tuple[bool, str, int]:
        if user_id is None:
            return True, "", 0
        return False, self.names.get(user_id, "").casefold(), user_id


# ------------------------------------------------------------------ activity


@dataclass(frozen=True, slots=True)
class _Planned:
    owner_id: int | None
    due: datetime | None  # timed: overdue once this moment has passed
    due_day: date | None  # whole-day: overdue once this local day has passed
    done_at: datetime | None


def _overdue_levels(
    planned: Sequence[_Planned],
    starts: Sequence[date],
    period: Period,
    now: datetime,
    tz: tzinfo,
    cells: dict[tuple[int | None, date], Counter[str]],
) -> Counter[int | None]:
    """Add to `cells` each user's overdue count at each bucket's end (or now, if earlier);
    return the counts at the period's end.

    An item is overdue at moment B when its time passed before B (a whole-day item:
    its day is before B's local day) and it was not done before B: a run of
    consecutive buckets, found by bisection and added through a difference array,
    so the cost is one pass over the items plus one over the buckets per user.
    """
    ends = [*starts[1:], period.last + timedelta(days=1)]
    moments = [min(local_midnight(after, tz), now) for after in ends]
    days = [local_day(m, tz) for m in moments]
    steps: dict[int | None, list[int]] = defaultdict(lambda: [0] * (len(moments) + 1))
    for item in planned:
        if item.due is not None:
            first = bisect_right(moments, item.due)
        elif item.due_day is not None:
            first = bisect_right(days, item.due_day)
        else:
            continue
        last = len(moments) if item.done_at is None else bisect_right(moments, item.done_at)
        if first < last:
            step = steps[item.owner_id]
            step[first] += 1
            step[last] -= 1
    final: Counter[int | None] = Counter()
    for owner_id, step in steps.items():
        level = 0
        for i, bucket_start in enumerate(starts):
            level += step[i]
            if level:
                cells[owner_id, bucket_start]["overdue"] = level
        final[owner_id] = level
    return final


def _activity_where(conn: sa.Connection, params: ReportParams) -> list[sa.ColumnElement[bool]]:
    a = Activity
    where: list[sa.ColumnElement[bool]] = [
        a.deleted_at.is_(None),
        a.parent_id.is_(None),
        *access.where_here(a),
    ]
    if params.owner_ids:
        where.append(a.owner_id.in_(params.owner_ids))
    return where + client_filter(conn, params).either(a.organization_id, a.person_id)


def _planned(
    conn: sa.Connection, where: Sequence[sa.ColumnElement[bool]], period: Period
) -> list[_Planned]:
    """The plain activities that may be overdue at some bucket's end: due before the
    period ends and not done before it starts."""
    a = Activity
    rows = conn.execute(
        sa.select(a.owner_id, a.start_at, a.end_at, a.due_on, a.done_at).where(
            *where,
            a.recurrence_rule.is_(None),
            sa.or_(a.done_at.is_(None), a.done_at >= period.start),
            sa.or_(a.start_at < period.end, a.due_on <= period.last),
        )
    ).all()
    return [
        _Planned(owner, utc(end or start), due_on if start is None else None, utc(done_at))
        for owner, start, end, due_on, done_at in rows
    ]


def _flows(
    conn: sa.Connection,
    params: ReportParams,
    where: Sequence[sa.ColumnElement[bool]],
    period: Period,
    starts: Sequence[date],
    tz: tzinfo,
) -> list[tuple[int | None, int, str, int]]:
    """(user, bucket index, metric, count) of the work done, deals moved and clients
    created in the period, counted by the database."""
    a, c = Activity, DealStageChange
    out: list[tuple[int | None, int, str, int]] = [
        (owner, index, _KIND_METRIC[ActivityKind(kind)], count)
        for owner, kind, index, count in count_groups(
            conn,
            sa.select(a.owner_id, a.kind, bucket_case(a.done_at, starts, tz).label("bucket")).where(
                *where, a.done_at >= period.start, a.done_at < period.end
            ),
        )
    ]
    clients = client_filter(conn, params)
    moved = [
        *deal_scope(ReportParams(), clients, params.pipeline_id),
        c.changed_at >= period.start,
        c.changed_at < period.end,
    ]
    if params.owner_ids:
        moved.append(c.changed_by_id.in_(params.owner_ids))
    out += [
        (user, index, "deals_moved", count)
        for user, index, count in count_groups(
            conn,
            sa.select(c.changed_by_id, bucket_case(c.changed_at, starts, tz).label("bucket"))
            .join(Deal, Deal.id == c.deal_id)
            .where(*moved),
        )
    ]
    for model, matches in (
        (Organization, clients.organization(Organization.id)),
        (Person, clients.person(Person.id)),
    ):
        new = [
            model.deleted_at.is_(None),
            *access.where_here(model),
            model.created_at >= period.start,
            model.created_at < period.end,
            matches,
        ]
        if params.owner_ids:
            new.append(model.created_by_id.in_(params.owner_ids))
        out += [
            (user, index, "new_clients", count)
            for user, index, count in count_groups(
                conn,
                sa.select(
                    model.created_by_id, bucket_case(model.created_at, starts, tz).label("bucket")
                ).where(*new),
            )
        ]
    return out


def activity(ws: Workspace, params: ReportParams, clock: Clock | None = None) -> ReportResult:
    """Per user and per local day (or week): work done, overdue, deals moved, new clients."""
    clock = clock_or_system(clock)
    period = resolve_period(params, clock)
    tz, now = clock.tz, clock.now()
    grain = granularity_of(params, period)
    starts = buckets(period, grain)
    with ws.read() as uow:
        conn = uow.session.connection()
        names = user_names(conn)
        where = _activity_where(conn, params)
        flows = _flows(conn, params, where, period, starts, tz)
        planned = _planned(conn, where, period)
        active = set(conn.execute(sa.select(User.id).where(User.is_active)).scalars())
        header = period_parameters(period) + scope_parameters(conn, params, names)
    header.append(("Step", label(_GRAIN_LABELS[grain][0])))
    cells: dict[tuple[int | None, date], Counter[str]] = defaultdict(Counter)
    for user_id, index, metric, count in flows:
        cells[user_id, starts[index]][metric] += count
    final = _overdue_levels(planned, starts, period, now, tz, cells)
    users: set[int | None] = {u for u, _ in cells}
    users |= set(params.owner_ids) if params.owner_ids else active
    order = _UserKey(names)
    columns = tuple(Column(m, header_text, CellKind.INT) for m, header_text in METRICS.items())
    detail_rows: list[Row] = []
    per_user: dict[int | None, Counter[str]] = defaultdict(Counter)
    for (user_id, first), counter in sorted(
        cells.items(), key=lambda kv: (order(kv[0][0]), kv[0][1])
    ):
        if not any(counter.values()):
            continue
        detail_rows.append(
            (
                _user_cell(user_id, names),
                month(first) if grain is Granularity.MONTH else day(first),
                *(integer(counter[m]) for m in METRICS),
            )
        )
        for m in _FLOWS:
            per_user[user_id][m] += counter[m]
    for user_id in users:
        per_user[user_id]["overdue"] = final[user_id]
    grand = Counter({m: sum(per_user[u][m] for u in per_user) for m in METRICS})
    totals = (total_row("Total", (EMPTY, *(integer(grand[m]) for m in METRICS))),)
    bucket_label, detail_title = _GRAIN_LABELS[grain]
    detail = Table(
        "by_user_and_day",
        detail_title,
        (
            Column("user", "User", CellKind.TEXT),
            Column(
                "bucket",
                bucket_label,
                CellKind.MONTH if grain is Granularity.MONTH else CellKind.DATE,
            ),
            *columns,
        ),
        tuple(detail_rows),
        totals,
    )
    ordered = sorted(users, key=order)
    summary = Table(
        "by_user",
        "Activity by user",
        (Column("user", "User", CellKind.TEXT), *columns),
        tuple((_user_cell(u, names), *(integer(per_user[u][m]) for m in METRICS)) for u in ordered),
        (total_row("Total", tuple(integer(grand[m]) for m in METRICS)),),
    )
    chart = Chart(
        "by_user",
        "Activity by user",
        ChartKind.STACKED_BAR,
        tuple(_user_cell(u, names) for u in ordered),
        tuple(
            Series(METRICS[m], tuple(float(per_user[u][m]) for u in ordered))
            for m in ("calls_in", "calls_out", "meetings", "messages", "todos_done")
        ),
    )
    return ReportResult(
        "activity",
        "Manager activity",
        tuple(header),
        (summary, detail),
        (chart,),
        generated_at=now,
    )


# ------------------------------------------------------------------ lists of work


def _when(v: ActivityView, tz: tzinfo) -> tuple[Cell, Cell]:
    """The local day and start time of an item (whole-day items: no time)."""
    if v.start_at is not None:
        local = v.start_at.astimezone(tz)
        return day(local.date()), clock_time(local.time().replace(tzinfo=None))
    return day(v.due_on), EMPTY


_ITEM_COLUMNS = (
    Column("user", "User", CellKind.TEXT),
    Column("day", "Date", CellKind.DATE),
    Column("time", "Time", CellKind.TIME),
    Column("kind", "Type", CellKind.LABEL),
    Column("subject", "Subject", CellKind.TEXT),
    Column("client", "Client", CellKind.TEXT),
    Column("deal", "Deal", CellKind.TEXT),
)


def _item_row(v: ActivityView, tz: tzinfo, names: dict[int, str]) -> Row:
    return (
        _user_cell(v.owner_id, names),
        *_when(v, tz),
        label(KIND_LABELS[v.kind]),
        text(v.subject),
        text(v.client_name or None),
        text(v.deal_title),
    )


def _owner_names(views: Iterable[ActivityView]) -> dict[int, str]:
    return {v.owner_id: v.owner_name for v in views if v.owner_id is not None}


def overdue(ws: Workspace, params: ReportParams, clock: Clock | None = None) -> ReportResult:
    """Per user: overdue work now, and work planned for the next 7 local days."""
    clock = clock_or_system(clock)
    tz, now = clock.tz, clock.now()
    today = local_day(now, tz)
    horizon = local_midnight(today + timedelta(days=7), tz)
    late = list(
        activities.today_panel(ws, owner_ids=params.owner_ids, limit=1_000_000, clock=clock).overdue
    )
    soon = [
        v
        for v in activities.activities_between(
            ws, now, horizon, owner_ids=params.owner_ids, include_done=False, clock=clock
        )
        if not v.is_overdue
    ]
    names = _owner_names([*late, *soon])
    order = _UserKey(names)
    late_by: Counter[int | None] = Counter(v.owner_id for v in late)
    soon_by: Counter[int | None] = Counter(v.owner_id for v in soon)
    users = sorted(set(late_by) | set(soon_by), key=order)
    summary = Table(
        "by_user",
        "Overdue and upcoming work by user",
        (
            Column("user", "User", CellKind.TEXT),
            Column("overdue", "Overdue", CellKind.INT),
            Column("upcoming", "Next 7 days", CellKind.INT),
        ),
        tuple((_user_cell(u, names), integer(late_by[u]), integer(soon_by[u])) for u in users),
        (total_row("Total", (integer(len(late)), integer(len(soon)))),),
    )

    def listing(table_id: str, title: str, views: Sequence[ActivityView], *, latest: bool) -> Table:
        """Each user's items by time: the `ITEMS_PER_USER` latest (overdue) or first."""
        mine: dict[int | None, list[ActivityView]] = defaultdict(list)
        for v in sorted(views, key=lambda v: _at(v, tz)):
            mine[v.owner_id].append(v)
        kept = [
            v
            for u in sorted(mine, key=order)
            for v in (mine[u][-ITEMS_PER_USER:] if latest else mine[u][:ITEMS_PER_USER])
        ]
        return Table(
            table_id,
            title,
            _ITEM_COLUMNS,
            tuple(_item_row(v, tz, names) for v in kept),
            total_rows=len(views),
        )

    chart = Chart(
        "by_user",
        "Overdue and upcoming work by user",
        ChartKind.BAR,
        tuple(_user_cell(u, names) for u in users),
        (
            Series("Overdue", tuple(float(late_by[u]) for u in users)),
            Series("Next 7 days", tuple(float(soon_by[u]) for u in users)),
        ),
    )
    return ReportResult(
        "overdue",
        "Overdue and upcoming work",
        (("As of", day(today)),),
        (
            summary,
            listing("overdue", "Overdue", late, latest=True),
            listing("upcoming", "Next 7 days", soon, latest=False),
        ),
        (chart,),
        generated_at=now,
    )


def _at(v: ActivityView, tz: tzinfo) -> datetime:
    """When an item is planned (undated ones last)."""
    if v.start_at is not None:
        return v.start_at
    if v.due_on is not None:
        return local_midnight(v.due_on, tz)
    return datetime.max.replace(tzinfo=UTC)


def agenda(ws: Workspace, params: ReportParams, clock: Clock | None = None) -> ReportResult:
    """A user's day or week by time (default: today; users: the current one)."""
    clock = clock_or_system(clock)
    tz = clock.tz
    period = resolve_period(params.with_default_period(RelativePeriod.TODAY), clock)
    owners = params.owner_ids or ((ws.user_id,) if ws.user_id is not None else ())
    views = activities.activities_between(
        ws, period.start, period.end, owner_ids=owners, clock=clock
    )
    with ws.read() as uow:
        names = user_names(uow.session.connection())
    rows = []
    for v in views:
        when_day, when_time = _when(v, tz)
        end_time = EMPTY
        if v.end_at is not None:
            end_time = clock_time(v.end_at.astimezone(tz).time().replace(tzinfo=None))
        state = "Done" if v.is_done else "Overdue" if v.is_overdue else ""
        rows.append(
            (
                when_day,
                when_time,
                end_time,
                label(KIND_LABELS[v.kind]),
                text(v.subject),
                text(v.client_name or None),
                text(v.deal_title),
                text(v.location),
                label(state) if state else EMPTY,
                _user_cell(v.owner_id, names),
            )
        )
    table = Table(
        "agenda",
        "Agenda",
        (
            Column("day", "Date", CellKind.DATE),
            Column("start", "Start", CellKind.TIME),
            Column("end", "End", CellKind.TIME),
            Column("kind", "Type", CellKind.LABEL),
            Column("subject", "Subject", CellKind.TEXT),
            Column("client", "Client", CellKind.TEXT),
            Column("deal", "Deal", CellKind.TEXT),
            Column("location", "Location", CellKind.TEXT),
            Column("state", "State", CellKind.LABEL),
            Column("user", "User", CellKind.TEXT),
        ),
        tuple(rows),
    )
    who = ", ".join(names.get(u, f"#{u}") for u in owners)
    return ReportResult(
        "agenda",
        "Agenda",
        (*period_parameters(period), ("Users", text(who))),
        (table,),
        generated_at=clock.now(),
    )
