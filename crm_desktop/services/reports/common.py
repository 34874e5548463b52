"""What every report needs: money in the base currency, user names, the client filter,
the deal scope, local-day bucketing, and the parameter header.

Money uses the deals service's own conversion (`deals._money`: `rate` base units per
unit, a currency without a rate counted as is), through the public `base_money`
here, so the board and the reports never disagree on a sum.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Protocol

import sqlalchemy as sa

from crm_desktop.domain.clock import Clock, SystemClock, local_midnight, week_start
from crm_desktop.domain.kinds import StageKind
from crm_desktop.domain.names import fold
from crm_desktop.services import access, deals
from crm_desktop.services.reports.params import Granularity, Period, ReportParams, add_months
from crm_desktop.services.reports.result import Cell, day, label, text
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Deal,
    Organization,
    Person,
    Pipeline,
    Stage,
    Tag,
    User,
    organization_tags,
    person_tags,
)


class Money(Protocol):
    """Converts an amount in some currency to the base currency (minor units)."""

    @property
    def base(self) -> str: ...

    def to_base(self, amount_minor: int, currency: str) -> int: ...


def base_money(conn: sa.Connection, ws: Workspace) -> Money:
    """The base currency and the rates, exactly as the deals board converts."""
    return deals._money(conn, ws)


def weighted(amount_base_minor: int, probability: int) -> int:
    """An amount times a probability (percent), rounded half up as on the board."""
    return (amount_base_minor * probability + 50) // 100


def user_names(conn: sa.Connection) -> dict[int, str]:
    """Every user's display name (login when it has none)."""
    return {
        uid: display or login or ""
        for uid, display, login in conn.execute(sa.select(User.id, User.display_name, User.login))
    }


def utc(value: datetime | None) -> datetime | None:
    """A stored (naive or aware) UTC value as an aware UTC datetime."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# ------------------------------------------------------------------ clients


@dataclass(frozen=True, slots=True)
class ClientFilter:
    """Tags (any of) and a segment, resolved to SQL conditions on organization and person
    id columns. `empty` when nothing narrows."""

    tag_ids: tuple[int, ...] | None  # None: no tag criterion; (): tags that do not exist
    org_segments: tuple[str, ...] | None
    person_segments: tuple[str, ...] | None

    @property
    def empty(self) -> bool:
        return self.tag_ids is None and self.org_segments is None

    def organization(self, column: Any) -> sa.ColumnElement[bool]:
        """`column` (an organization id) is a matching organization."""
        where: list[sa.ColumnElement[bool]] = []
        if self.tag_ids is not None:
            link = organization_tags
            tagged = sa.select(link.c.organization_id).where(link.c.tag_id.in_(self.tag_ids))
            where.append(column.in_(tagged))
        if self.org_segments is not None:
            chosen = sa.select(Organization.id).where(Organization.segment.in_(self.org_segments))
            where.append(column.in_(chosen))
        return sa.and_(sa.true(), *where)

    def person(self, column: Any) -> sa.ColumnElement[bool]:
        """`column` (a person id) is a matching person."""
        where: list[sa.ColumnElement[bool]] = []
        if self.tag_ids is not None:
            link = person_tags
            tagged = sa.select(link.c.person_id).where(link.c.tag_id.in_(self.tag_ids))
            where.append(column.in_(tagged))
        if self.person_segments is not None:
            chosen = sa.select(Person.id).where(Person.segment.in_(self.person_segments))
            where.append(column.in_(chosen))
        return sa.and_(sa.true(), *where)

    def either(self, org_column: Any, person_column: Any) -> list[sa.ColumnElement[bool]]:
        """Conditions: the linked organization or the linked person matches."""
        if self.empty:
            return []
        return [sa.or_(self.organization(org_column), self.person(person_column))]


def _spellings(conn: sa.Connection, column: Any, value: str) -> tuple[str, ...]:
    """Stored values of a text column equal to `value` when folded (ё = е, any case)."""
    wanted = fold(value)
    stored = conn.execute(sa.select(column).where(column.is_not(None)).distinct()).scalars()
    return tuple(sorted(v for v in stored if fold(v) == wanted))


def client_filter(conn: sa.Connection, params: ReportParams) -> ClientFilter:
    tag_ids = None
    if params.tags:
        keys = [fold(t) for t in params.tags]
        tag_ids = tuple(conn.execute(sa.select(Tag.id).where(Tag.name_key.in_(keys))).scalars())
    org_segments = person_segments = None
    if params.segment is not None:
        org_segments = _spellings(conn, Organization.segment, params.segment)
        person_segments = _spellings(conn, Person.segment, params.segment)
    return ClientFilter(tag_ids, org_segments, person_segments)


# ------------------------------------------------------------------ deals


def default_pipeline(conn: sa.Connection, pipeline_id: int | None) -> tuple[int, str] | None:
    """The pipeline asked for, else the first live one: (id, name); None when none."""
    stmt = sa.select(Pipeline.id, Pipeline.name)
    if pipeline_id is not None:
        stmt = stmt.where(Pipeline.id == pipeline_id)
    else:
        stmt = stmt.where(sa.not_(Pipeline.is_archived)).order_by(Pipeline.position, Pipeline.id)
    row = conn.execute(stmt.limit(1)).first()
    return None if row is None else (row[0], row[1])


@dataclass(frozen=True, slots=True)
class StageRow:
    id: int
    name: str
    kind: StageKind
    probability: int
    position: int


def stages_of(conn: sa.Connection, pipeline_id: int) -> list[StageRow]:
    """A pipeline's stages by position."""
    return [
        StageRow(sid, name, StageKind(kind), probability, position)
        for sid, name, kind, probability, position in conn.execute(
            sa.select(Stage.id, Stage.name, Stage.kind, Stage.probability, Stage.position)
            .where(Stage.pipeline_id == pipeline_id)
            .order_by(Stage.position, Stage.id)
        )
    ]


def deal_scope(
    params: ReportParams, clients: ClientFilter, pipeline_id: int | None
) -> list[sa.ColumnElement[bool]]:
    """Live deals of the pipeline (all when None), owners and client filter applied."""
    where: list[sa.ColumnElement[bool]] = [Deal.deleted_at.is_(None), *access.where_here(Deal)]
    if pipeline_id is not None:
        where.append(Deal.pipeline_id == pipeline_id)
    if params.owner_ids:
        where.append(Deal.owner_id.in_(params.owner_ids))
    where += clients.either(Deal.organization_id, Deal.person_id)
    return where


# ------------------------------------------------------------------ time buckets


def granularity_of(params: ReportParams, period: Period) -> Granularity:
    if params.granularity is not None:
        return params.granularity
    return Granularity.DAY if period.days <= 31 else Granularity.WEEK


def bucket_of(granularity: Granularity) -> Callable[[date], date]:
    """The first local day of the bucket holding a day."""
    if granularity is Granularity.DAY:
        return lambda d: d
    if granularity is Granularity.WEEK:
        return week_start
    return lambda d: d.replace(day=1)


def buckets(period: Period, granularity: Granularity) -> list[date]:
    """Every bucket's first day that the period touches, in order."""
    first = bucket_of(granularity)(period.first)
    out: list[date] = []
    while first <= period.last:
        out.append(first)
        if granularity is Granularity.DAY:
            first += timedelta(days=1)
        elif granularity is Granularity.WEEK:
            first += timedelta(days=7)
        else:
            first = add_months(first, 1)
    return out


def _sql_int(value: int) -> sa.ColumnElement[int]:
    """An integer written into the SQL text (PostgreSQL then knows its type)."""
    return sa.literal_column(str(int(value)), sa.Integer)


def bucket_case(column: Any, starts: Sequence[date], tz: tzinfo) -> sa.ColumnElement[int]:
    """The index of the bucket (its first local day in `starts`) holding a UTC moment,
    computed by the database: local midnights are cut here, in `tz`, daylight saving
    included, so both engines group exactly like Python would."""
    edges = [local_midnight(first, tz) for first in starts[1:]]
    if not edges:
        return _sql_int(0)
    return sa.case(
        *((column < edge, _sql_int(i)) for i, edge in enumerate(edges)),
        else_=_sql_int(len(edges)),
    )


def count_groups(conn: sa.Connection, stmt: sa.Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """`stmt`'s distinct rows with how many times each occurs (its columns, then the count).

    Grouped over a subquery, so an expression column (a bucket index) is not repeated
    in GROUP BY with other bound parameters.
    """
    sub = stmt.subquery()
    columns = list(sub.c)
    grouped = sa.select(*columns, sa.func.count()).group_by(*columns)
    return [tuple(row) for row in conn.execute(grouped)]


# ------------------------------------------------------------------ header


def clock_or_system(clock: Clock | None) -> Clock:
    return clock or SystemClock()


def period_parameters(period: Period) -> list[tuple[str, Cell]]:
    """The header lines of a period: its name when relative, and its first/last day."""
    out: list[tuple[str, Cell]] = []
    if period.relative is not None:
        out.append(("Period", label(period.relative.label)))
    out += [("From", day(period.first)), ("To", day(period.last))]
    return out


def _pipeline_cell(
    conn: sa.Connection, params: ReportParams, pipeline: tuple[int, str] | None
) -> Cell:
    if pipeline is not None:
        return text(pipeline[1])
    if params.pipeline_id is None:
        return label("All pipelines")
    found = conn.scalar(sa.select(Pipeline.name).where(Pipeline.id == params.pipeline_id))
    return text(found or f"#{params.pipeline_id}")


def scope_parameters(
    conn: sa.Connection,
    params: ReportParams,
    names: dict[int, str],
    pipeline: tuple[int, str] | None = None,
    *,
    with_pipeline: bool = True,
) -> list[tuple[str, Cell]]:
    """Header lines for the pipeline (unless told not to), owners, tags and segment."""
    out: list[tuple[str, Cell]] = []
    if with_pipeline:
        out.append(("Pipeline", _pipeline_cell(conn, params, pipeline)))
    out.append(
        (
            "Owners",
            text(", ".join(names.get(i, f"#{i}") for i in params.owner_ids))
            if params.owner_ids
            else label("Everybody"),
        )
    )
    if params.tags:
        out.append(("Tags", text(", ".join(params.tags))))
    if params.segment:
        out.append(("Segment", text(params.segment)))
    return out
