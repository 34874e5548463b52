"""Deals: pipelines and their stages, the board, moving and closing deals, competitors.

Won and lost are kinds of stage, never names. Money is integer minor units (kopecks);
sums on the board are in the base currency (`ws.settings.base_currency`, converted with
`currency_rates`: `rate` base units per one unit; a currency without a rate is counted
as is). Every stage change writes a `deal_stage_changes` row with the time, the user,
the probability and the amount.

Closing: a won deal's `closed_at` is local noon of the day given (`WON_CLOSING_TIME`:
the same calendar day in any time zone within ±12 h of UTC); a lost deal's is the
moment it was moved. Moving a deal makes its probability follow the new stage.

Removing a stage from a pipeline moves its deals (trashed ones too) to a kept stage
of the same kind. The schema has no way to keep a removed stage (no archived flag)
and `deal_stage_changes.to_stage_id` is RESTRICT, so history rows leading into the
removed stage are re-pointed to the stage its deals moved to; rows leaving it lose
their origin (`from_stage_id` SET NULL).

Errors are `ValidationError`s with a user-facing sentence; `field` names the input:
'title', 'client', 'organization', 'person', 'pipeline', 'stage', 'amount',
'currency', 'probability', 'owner', 'source', 'outcome' (won without `WonOutcome`),
'loss_reason', 'competitor', 'name', 'website', 'stages', 'moves'. A stale
`expected_version` raises `ConcurrentEditError`; a missing record `NotFoundError`.
"""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, make_dataclass
from datetime import UTC, date, datetime, time
from operator import attrgetter
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from crm_desktop.domain.kinds import ActivityKind, AuditAction, EntityKind, StageKind
from crm_desktop.domain.names import fold, org_name_key
from crm_desktop.errors import NotFoundError, ValidationError, check_version
from crm_desktop.services import access, conflicts, contacts
from crm_desktop.services.contacts import diff
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
    Pipeline,
    Stage,
    User,
    table_of,
    utcnow,
)
from crm_desktop.storage.repositories import DealRepository
from crm_desktop.storage.uow import UnitOfWork

# ------------------------------------------------------------------ read models


@dataclass(frozen=True, slots=True)
class StageView:
    id: int
    pipeline_id: int
    name: str
    kind: StageKind
    probability: int  # the stage's default, 0..100
    position: int
    color: str | None  # "#RRGGBB" or None for the default
    deal_count: int  # live deals in the stage (open and closed), for "move them where?"


@dataclass(frozen=True, slots=True)
class PipelineView:
    id: int
    name: str
    position: int
    is_archived: bool
    stages: tuple[StageView, ...]  # by position
    version: int


@dataclass(frozen=True, slots=True)
class DealCard:
    """One card of the board, one row of the deals list."""

    id: int
    title: str
    pipeline_id: int
    stage_id: int
    stage_kind: StageKind
    organization_id: int | None
    organization_name: str | None
    person_id: int | None
    person_name: str | None
    amount_minor: int
    currency: str
    amount_base_minor: int  # in the base currency
    probability: int  # effective: the deal's own or its stage's default
    weighted_base_minor: int  # amount_base_minor * probability / 100, rounded
    owner_id: int | None
    owner_name: str  # the user's display name (login when empty), "" when nobody
    expected_close_on: date | None
    stage_entered_at: datetime  # UTC
    days_in_stage: int
    closed_at: datetime | None
    next_activity_id: int | None  # the earliest planned (not done) activity of the deal
    next_activity_subject: str | None
    next_activity_kind: ActivityKind | None
    next_activity_at: datetime | None  # its start (UTC) or its due date at 00:00 UTC
    is_overdue: bool  # an open deal whose next activity or expected close date is past
    version: int


@dataclass(frozen=True, slots=True)
class ColumnTotals:
    stage_id: int
    count: int
    sum_base_minor: int
    weighted_base_minor: int


@dataclass(frozen=True, slots=True)
class DealFilter:
    owner_ids: tuple[int, ...] = ()  # empty: everybody
    organization_id: int | None = None
    close_from: date | None = None  # expected close date range (inclusive)
    close_to: date | None = None
    amount_min_minor: int | None = None  # in the deal's own currency
    amount_max_minor: int | None = None
    text: str = ""  # title, organization or person name, case-insensitive fragment
    closed_since: date | None = None  # won/lost columns: only deals closed on or after


@dataclass(frozen=True, slots=True)
class Board:
    pipeline: PipelineView
    cards: tuple[DealCard, ...]  # grouped by stage position, within a stage newest first
    totals: dict[int, ColumnTotals]  # per stage id, every stage present (zeros when empty)
    base_currency: str


@dataclass(frozen=True, slots=True)
class StageChangeView:
    at: datetime
    from_stage_name: str | None
    to_stage_name: str
    to_stage_kind: StageKind
    user_name: str
    probability: int | None
    amount_minor: int | None


@dataclass(frozen=True, slots=True)
class LinkedActivity:
    id: int
    kind: ActivityKind
    subject: str
    at: datetime | None  # start, or due date at 00:00 UTC
    done_at: datetime | None
    result: str | None


@dataclass(frozen=True, slots=True)
class DealDetails:
    card: DealCard
    pipeline_name: str
    stage_name: str
    own_probability: int | None  # None: follows the stage's default
    source: str | None
    description: str | None
    loss_reason_id: int | None
    loss_reason: str | None
    competitor_id: int | None
    competitor_name: str | None
    loss_comment: str | None
    history: tuple[StageChangeView, ...]  # newest first
    activities: tuple[LinkedActivity, ...]  # planned first (soonest first), then done
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ReferenceItem:
    """A loss reason: editable list entry."""

    id: int | None  # None: new
    name: str
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class CompetitorView:
    id: int
    name: str
    website: str | None
    notes: str | None
    won_count: int  # deals lost to this competitor
    won_sum_base_minor: int
    version: int


@dataclass(frozen=True, slots=True)
class LostDealView:
    deal_id: int
    title: str
    client: str  # organization name, else person name
    amount_minor: int
    currency: str
    closed_at: datetime | None
    loss_reason: str | None
    loss_comment: str | None
    owner_name: str


@dataclass(frozen=True, slots=True)
class CompetitorCard:
    competitor: CompetitorView
    lost_deals: tuple[LostDealView, ...]  # newest first


# ------------------------------------------------------------------ inputs


@dataclass(slots=True)
class DealInput:
    title: str
    pipeline_id: int
    stage_id: int
    organization_id: int | None = None
    person_id: int | None = None
    amount_minor: int = 0
    currency: str = "RUB"
    probability: int | None = None  # None: the stage's default
    expected_close_on: date | None = None
    owner_id: int | None = None  # None: the current user
    source: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class WonOutcome:
    amount_minor: int  # the final amount, in the deal's currency
    closed_on: date


@dataclass(frozen=True, slots=True)
class LostOutcome:
    loss_reason_id: int  # required: the loss-reason dialog refuses an empty reason
    competitor_id: int | None = None
    comment: str | None = None


@dataclass(slots=True)
class StageEdit:
    id: int | None  # None: a new stage
    name: str
    kind: StageKind = StageKind.OPEN
    probability: int = 0
    color: str | None = None


@dataclass(slots=True)
class PipelineEdit:
    """The whole pipeline as the settings dialog shows it; stages in their new order."""

    id: int | None  # None: a new pipeline
    name: str
    stages: list[StageEdit] = field(default_factory=list)
    # stage id removed from `stages` -> stage id (of this pipeline, kept) its deals move to
    moves: dict[int, int] = field(default_factory=dict)
    expected_version: int | None = None  # the pipeline's version when the dialog opened


# ------------------------------------------------------------------ helpers

_TITLE_MAX = 500
_NAME_MAX = 200
_TEXT_MAX = 255
_COLOR_RE = re.compile(r"#[0-9A-Fa-f]{6}")
WON_CLOSING_TIME = time(12)  # a deal won on a day is closed at local noon of that day
_KIND_WORDS = {StageKind.OPEN: "an open", StageKind.WON: "a won", StageKind.LOST: "a lost"}


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _blank_to_none(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


def _too_long(text: str | None, limit: int, what: str, field_name: str) -> None:
    if text is not None and len(text) > limit:
        raise ValidationError(f"The {what} is too long: at most {limit} characters.", field_name)


def local_moment(day: date, at: time) -> datetime:
    """`day` at `at` on this computer's clock, as an aware UTC datetime."""
    return datetime.combine(day, at).astimezone().astimezone(UTC)


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _user_name(display: str | None, login: str | None) -> str:
    return display or login or ""


def _live() -> sa.ColumnElement[bool]:
    """Not in the trash, and visible to the current user (team mode: access rights)."""
    return sa.and_(Deal.deleted_at.is_(None), *access.where_here(Deal))


@dataclass(frozen=True, slots=True)
class _Money:
    """Conversion to the base currency: `rate` base units per one unit of the currency.

    A currency without a (positive) rate is counted as is, unconverted: the board
    stays usable before rates are entered, and a sum in mixed currencies is better
    than a deal silently left out.
    """

    base: str
    rates: dict[str, float]

    def to_base(self, amount_minor: int, currency: str) -> int:
        if currency == self.base:
            return amount_minor
        rate = self.rates.get(currency)
        if rate is None or not rate > 0:
            return amount_minor
        return round(amount_minor * rate)


def _money(conn: sa.Connection, ws: Workspace) -> _Money:
    rates = {
        str(currency).upper(): float(rate)
        for currency, rate in conn.execute(sa.select(CurrencyRate.currency, CurrencyRate.rate))
    }
    return _Money((ws.settings.base_currency or "RUB").upper(), rates)


@dataclass(frozen=True, slots=True)
class _Clock:
    today: date  # local
    now: datetime  # UTC
    today_start: datetime  # today's local midnight, in UTC


def _clock(today: date | None) -> _Clock:
    day = today or date.today()
    return _Clock(day, utcnow(), local_moment(day, time(0)))


# ------------------------------------------------------------------ pipelines (read)


def _pipeline_views(
    conn: sa.Connection,
    *,
    ids: Sequence[int] | None = None,
    include_archived: bool = True,
    counts: Mapping[int, int] | None = None,
) -> list[PipelineView]:
    """Pipelines with their stages; `counts` (live deals per stage) when already known."""
    stmt = sa.select(
        Pipeline.id, Pipeline.name, Pipeline.position, Pipeline.is_archived, Pipeline.version
    ).order_by(Pipeline.position, Pipeline.id)
    if ids is not None:
        stmt = stmt.where(Pipeline.id.in_(list(ids)))
    if not include_archived:
        stmt = stmt.where(sa.not_(Pipeline.is_archived))
    pipelines = conn.execute(stmt).all()
    if not pipelines:
        return []
    pipeline_ids = [p.id for p in pipelines]
    if counts is None:
        counts = {
            stage_id: count
            for stage_id, count in conn.execute(
                sa.select(Deal.stage_id, sa.func.count())
                .where(Deal.pipeline_id.in_(pipeline_ids), _live())
                .group_by(Deal.stage_id)
            )
        }
    stages: dict[int, list[StageView]] = defaultdict(list)
    for s in conn.execute(
        sa.select(
            Stage.id,
            Stage.pipeline_id,
            Stage.name,
            Stage.kind,
            Stage.probability,
            Stage.position,
            Stage.color,
        )
        .where(Stage.pipeline_id.in_(pipeline_ids))
        .order_by(Stage.pipeline_id, Stage.position, Stage.id)
    ):
        stages[s.pipeline_id].append(
            StageView(
                id=s.id,
                pipeline_id=s.pipeline_id,
                name=s.name,
                kind=StageKind(s.kind),
                probability=s.probability,
                position=s.position,
                color=s.color,
                deal_count=counts.get(s.id, 0),
            )
        )
    return [
        PipelineView(
            id=p.id,
            name=p.name,
            position=p.position,
            is_archived=bool(p.is_archived),
            stages=tuple(stages[p.id]),
            version=p.version,
        )
        for p in pipelines
    ]


def _pipeline_view(
    conn: sa.Connection, pipeline_id: int, counts: Mapping[int, int] | None = None
) -> PipelineView:
    views = _pipeline_views(conn, ids=[pipeline_id], counts=counts)
    if not views:
        raise NotFoundError(f"Pipeline #{pipeline_id} does not exist.")
    return views[0]


def list_pipelines(ws: Workspace, *, include_archived: bool = False) -> list[PipelineView]:
    """Pipelines in their order, each with its stages and live deal counts per stage."""
    with ws.read() as uow:
        return _pipeline_views(uow.session.connection(), include_archived=include_archived)


# ------------------------------------------------------------------ cards
#
# The board reads thousands of rows, so the card path avoids per-value work: stages
# and users come from small lookups instead of joins, date and time columns are read
# as the driver gives them (ISO text on SQLite, naive values on PostgreSQL) and turned
# into aware UTC values here, and cards are built positionally (fields checked below).

_CARD_FIELDS = (
    "id",
    "title",
    "pipeline_id",
    "stage_id",
    "stage_kind",
    "organization_id",
    "organization_name",
    "person_id",
    "person_name",
    "amount_minor",
    "currency",
    "amount_base_minor",
    "probability",
    "weighted_base_minor",
    "owner_id",
    "owner_name",
    "expected_close_on",
    "stage_entered_at",
    "days_in_stage",
    "closed_at",
    "next_activity_id",
    "next_activity_subject",
    "next_activity_kind",
    "next_activity_at",
    "is_overdue",
    "version",
)
if tuple(f.name for f in fields(DealCard)) != _CARD_FIELDS:  # pragma: no cover
    raise RuntimeError("DealCard's fields changed: update _CARD_FIELDS and _card_maker()")

# A frozen dataclass sets each field through object.__setattr__: about 3 µs for a
# card's 26 fields, the largest single cost of a 10k-card board. Cards are built as
# an unfrozen twin with the very same slots, then given their real class (allowed
# between classes of identical layout): 0.5 µs, and the result is an ordinary frozen,
# hashable DealCard (tests/services/test_deals.py checks it against DealCard(...)).
_DealCardDraft = make_dataclass(
    "_DealCardDraft", _CARD_FIELDS, slots=True, eq=False, repr=False, match_args=False
)

_from_iso = datetime.fromisoformat


def _raw(column: Any) -> Any:
    """A date/time column as the driver returns it, without SQLAlchemy's conversion."""
    return sa.type_coerce(column, sa.String())


def _utc(value: str | datetime | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite: ISO text of a UTC moment
        return _from_iso(value + "+00:00")
    return value.replace(tzinfo=UTC)


def _day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


@dataclass(frozen=True, slots=True)
class _StageInfo:
    kind: StageKind
    probability: int  # the stage's default


def _stage_infos(conn: sa.Connection, pipeline_id: int) -> dict[int, _StageInfo]:
    return {
        sid: _StageInfo(StageKind(kind), probability)
        for sid, kind, probability in conn.execute(
            sa.select(Stage.id, Stage.kind, Stage.probability).where(
                Stage.pipeline_id == pipeline_id
            )
        )
    }


def _user_names(conn: sa.Connection) -> dict[int, str]:
    return {
        uid: _user_name(display, login)
        for uid, display, login in conn.execute(sa.select(User.id, User.display_name, User.login))
    }


_CARD_COLUMNS = (
    Deal.id,
    Deal.title,
    Deal.stage_id,
    Deal.organization_id,
    Organization.name,
    Deal.person_id,
    Person.full_name,
    Deal.amount_minor,
    Deal.currency,
    Deal.probability,
    Deal.owner_id,
    _raw(Deal.expected_close_on),
    _raw(Deal.stage_entered_at),
    _raw(Deal.closed_at),
    Deal.version,
)


def _card_query(where: Sequence[sa.ColumnElement[bool]]) -> sa.Select[*tuple[Any, ...]]:
    """One row per deal with the names its card shows; no order (sorted in Python)."""
    return (
        sa.select(*_CARD_COLUMNS)
        .select_from(Deal)
        .outerjoin(Organization, Organization.id == Deal.organization_id)
        .outerjoin(Person, Person.id == Deal.person_id)
        .where(*where, *access.where_here(Deal))
    )


_NextActivity = tuple[int, str, ActivityKind, datetime | None, date | None]


def _next_activities(
    conn: sa.Connection, deals: Sequence[sa.ColumnElement[bool]]
) -> dict[int, _NextActivity]:
    """Per deal matching `deals`, its earliest planned activity: (id, subject, kind,
    start_at, due_on).

    One window query over the planned activities (not done, not trashed) joined to
    their deals, ranked per deal by start or due day (undated ones last). Joining
    costs a lookup per planned activity, where ``deal_id IN (deals…)`` would build the
    list of every deal of the board first.
    """
    a = Activity
    # ISO text on SQLite (a due day sorts as its midnight), timestamp on PostgreSQL
    when = sa.case((a.start_at.is_not(None), a.start_at), else_=a.due_on)
    rank = (
        sa.func.row_number()
        .over(partition_by=a.deal_id, order_by=(when.is_(None), when, a.id))
        .label("rank")
    )
    planned = (
        sa.select(a.deal_id, a.id, a.subject, a.kind, _raw(a.start_at), _raw(a.due_on), rank)
        .join(Deal, Deal.id == a.deal_id)
        .where(*deals, a.done_at.is_(None), a.deleted_at.is_(None))
        .subquery()
    )
    rows = conn.execute(sa.select(*list(planned.c)[:6]).where(planned.c.rank == 1)).all()
    return {
        deal_id: (act_id, subject, ActivityKind(kind), _utc(start_at), _day(due_on))
        for deal_id, act_id, subject, kind, start_at, due_on in rows
    }


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while thousands of acyclic rows and cards are built.

    Building a board allocates a few objects per deal and none of them form cycles, yet
    every 700 allocations wake the collector and every hundred of those walk the whole
    heap: about 15 % of a 10k-deal board. Collection resumes right after (process-wide:
    another thread's cycles wait for a fraction of a second, nothing else changes).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _card_maker(
    pipeline_id: int,
    stages: dict[int, _StageInfo],
    users: dict[int, str],
    money: _Money,
    clock: _Clock,
    nexts: dict[int, _NextActivity],
) -> Callable[[sa.Row[*tuple[Any, ...]]], DealCard]:
    """Turns card rows into `DealCard`s for one pipeline, base currency and moment.

    Hot path (a row per card): everything it needs is bound here, once.
    """
    base, to_base = money.base, money.to_base
    today, now, today_start = clock.today, clock.now, clock.today_start
    next_of, user_of = nexts.get, users.get
    from_iso, day_from_iso = datetime.fromisoformat, date.fromisoformat
    open_kind = StageKind.OPEN
    draft, deal_card = _DealCardDraft, DealCard

    def make(row: sa.Row[*tuple[Any, ...]]) -> DealCard:
        (
            deal_id,
            title,
            stage_id,
            org_id,
            org_name,
            person_id,
            person_name,
            amount,
            currency,
            own_probability,
            owner_id,
            close_on,
            entered,
            closed_at,
            version,
        ) = row
        stage = stages[stage_id]
        probability = stage.probability if own_probability is None else own_probability
        amount_base = amount if currency == base else to_base(amount, currency)
        # the driver's values: ISO text on SQLite, naive UTC values on PostgreSQL
        if type(entered) is str:
            entered = from_iso(entered + "+00:00")
            if closed_at is not None:
                closed_at = from_iso(closed_at + "+00:00")
            if close_on is not None:
                close_on = day_from_iso(close_on[:10])
        else:
            entered = entered.replace(tzinfo=UTC)
            if closed_at is not None:
                closed_at = closed_at.replace(tzinfo=UTC)
        overdue = close_on is not None and close_on < today
        nxt = next_of(deal_id)
        next_at: datetime | None = None
        if nxt is not None:
            next_at = nxt[3]
            if next_at is not None:
                overdue = overdue or next_at < now
            elif nxt[4] is not None:
                next_at = _midnight_utc(nxt[4])
                overdue = overdue or nxt[4] < today
        # whole local days since the day it entered the stage (24-hour days back from
        # today's local midnight: a daylight-saving change may shift it by an hour)
        days = 0 if entered >= today_start else (today_start - entered).days + 1
        card: Any = draft(
            deal_id,
            title,
            pipeline_id,
            stage_id,
            stage.kind,
            org_id,
            org_name,
            person_id,
            person_name,
            amount,
            currency,
            amount_base,
            probability,
            (amount_base * probability + 50) // 100,  # rounded half up (never negative)
            owner_id,
            user_of(owner_id, "") if owner_id is not None else "",
            close_on,
            entered,
            days,
            closed_at,
            nxt[0] if nxt else None,
            nxt[1] if nxt else None,
            nxt[2] if nxt else None,
            next_at,
            overdue and stage.kind is open_kind,
            version,
        )
        card.__class__ = deal_card  # frozen from here on (see _DealCardDraft)
        return cast(DealCard, card)

    return make


def _card_of(ws: Workspace, conn: sa.Connection, deal_id: int) -> DealCard:
    row = conn.execute(_card_query([Deal.id == deal_id])).first()
    pipeline_id = conn.scalar(sa.select(Deal.pipeline_id).where(Deal.id == deal_id))
    if row is None or pipeline_id is None:
        raise NotFoundError(f"Deal #{deal_id} does not exist.")
    make = _card_maker(
        pipeline_id,
        _stage_infos(conn, pipeline_id),
        _user_names(conn),
        _money(conn, ws),
        _clock(None),
        _next_activities(conn, [Deal.id == deal_id]),
    )
    return make(row)


# ------------------------------------------------------------------ the board


def _filter_where(flt: DealFilter) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if flt.owner_ids:
        where.append(Deal.owner_id.in_(sorted(set(flt.owner_ids))))
    if flt.organization_id is not None:
        where.append(Deal.organization_id == flt.organization_id)
    if flt.close_from is not None:
        where.append(Deal.expected_close_on >= flt.close_from)
    if flt.close_to is not None:
        where.append(Deal.expected_close_on <= flt.close_to)
    if flt.amount_min_minor is not None:
        where.append(Deal.amount_minor >= flt.amount_min_minor)
    if flt.amount_max_minor is not None:
        where.append(Deal.amount_minor <= flt.amount_max_minor)
    return where


def _closed_before(flt: DealFilter, pipeline_id: int) -> list[sa.ColumnElement[bool]]:
    """Won and lost deals closed before `flt.closed_since` stay off the board."""
    if flt.closed_since is None:
        return []
    closed = sa.select(Stage.id).where(
        Stage.pipeline_id == pipeline_id, Stage.kind != StageKind.OPEN
    )
    since = local_moment(flt.closed_since, time(0))
    return [sa.or_(Deal.stage_id.not_in(closed), Deal.closed_at >= since)]


def _text_matcher(text: str) -> Callable[[str, str | None, str | None], bool] | None:
    needle = fold(text)
    if not needle:
        return None

    def matches(title: str, org: str | None, person: str | None) -> bool:
        return any(value and needle in fold(value) for value in (title, org, person))

    return matches


def load_board(
    ws: Workspace,
    pipeline_id: int,
    flt: DealFilter = DealFilter(),
    *,
    today: date | None = None,
) -> Board:
    """The live deals of a pipeline that match `flt`, grouped by stage, with column totals.

    Open stages show all their matching deals; won and lost stages only those closed on
    or after `flt.closed_since` (local day; all when None). Within a stage the deal
    that entered it last comes first. Sums are in the base currency (a currency
    without a rate is counted as is, see `_Money`). `today` (local) dates
    `days_in_stage` and overdue expected close dates; activity start times compare
    with the current moment. The text filter folds case and ё (SQLite's LIKE cannot).

    A few set-based queries whatever the number of deals: the pipeline with its
    stages, the users, the rates, the cards with their client names, the next planned
    activity per deal (a window query).
    """
    clock = _clock(today)
    with _cycle_collector_paused():
        with ws.read() as uow:
            conn = uow.session.connection()
            money = _money(conn, ws)
            narrowing = [*_filter_where(flt), *_closed_before(flt, pipeline_id)]
            where = [Deal.pipeline_id == pipeline_id, _live(), *narrowing]
            rows = conn.execute(_card_query(where)).all()
            # unnarrowed, the rows are every live deal: count them instead of asking again
            counts = None if narrowing else Counter(row[2] for row in rows)
            pipeline = _pipeline_view(conn, pipeline_id, counts)
            nexts = _next_activities(conn, where) if rows else {}
            users = _user_names(conn) if rows else {}
        matches = _text_matcher(flt.text)
        if matches is not None:
            rows = [r for r in rows if matches(r[1], r[4], r[6])]
        stages = {s.id: _StageInfo(s.kind, s.probability) for s in pipeline.stages}
        make = _card_maker(pipeline_id, stages, users, money, clock, nexts)
        columns: dict[int, list[DealCard]] = {s.id: [] for s in pipeline.stages}
        for row in rows:
            columns[row[2]].append(make(row))
    cards: list[DealCard] = []
    totals: dict[int, ColumnTotals] = {}
    newest_first = attrgetter("stage_entered_at", "id")
    for s in pipeline.stages:
        column = columns[s.id]
        column.sort(key=newest_first, reverse=True)
        cards += column
        totals[s.id] = ColumnTotals(
            s.id,
            len(column),
            sum(c.amount_base_minor for c in column),
            sum(c.weighted_base_minor for c in column),
        )
    return Board(pipeline=pipeline, cards=tuple(cards), totals=totals, base_currency=money.base)


# ------------------------------------------------------------------ one deal


def get_deal(ws: Workspace, deal_id: int) -> DealDetails:
    """A deal with its history and linked activities (a trashed deal too)."""
    with ws.read() as uow:
        conn = uow.session.connection()
        card = _card_of(ws, conn, deal_id)
        d = conn.execute(
            sa.select(
                Pipeline.name,
                Stage.name,
                Deal.probability,
                Deal.source,
                Deal.description,
                Deal.loss_reason_id,
                LossReason.name,
                Deal.competitor_id,
                Competitor.name,
                Deal.loss_comment,
                Deal.created_at,
                Deal.updated_at,
            )
            .select_from(Deal)
            .join(Pipeline, Pipeline.id == Deal.pipeline_id)
            .join(Stage, Stage.id == Deal.stage_id)
            .outerjoin(LossReason, LossReason.id == Deal.loss_reason_id)
            .outerjoin(Competitor, Competitor.id == Deal.competitor_id)
            .where(Deal.id == deal_id)
        ).one()
        history = _history(conn, deal_id)
        activities = _linked_activities(conn, deal_id)
    return DealDetails(
        card=card,
        pipeline_name=d[0],
        stage_name=d[1],
        own_probability=d[2],
        source=d[3],
        description=d[4],
        loss_reason_id=d[5],
        loss_reason=d[6],
        competitor_id=d[7],
        competitor_name=d[8],
        loss_comment=d[9],
        history=history,
        activities=activities,
        created_at=d[10],
        updated_at=d[11],
    )


def _history(conn: sa.Connection, deal_id: int) -> tuple[StageChangeView, ...]:
    change = DealStageChange
    source = aliased(Stage)
    target = aliased(Stage)
    rows = conn.execute(
        sa.select(
            change.changed_at,
            source.name,
            target.name,
            target.kind,
            User.display_name,
            User.login,
            change.probability,
            change.amount_minor,
        )
        .select_from(change)
        .join(target, target.id == change.to_stage_id)
        .outerjoin(source, source.id == change.from_stage_id)
        .outerjoin(User, User.id == change.changed_by_id)
        .where(change.deal_id == deal_id)
        .order_by(change.changed_at.desc(), change.id.desc())
    )
    return tuple(
        StageChangeView(
            at=at,
            from_stage_name=from_name,
            to_stage_name=to_name,
            to_stage_kind=StageKind(kind),
            user_name=_user_name(display, login),
            probability=probability,
            amount_minor=amount,
        )
        for at, from_name, to_name, kind, display, login, probability, amount in rows
    )


def _linked_activities(conn: sa.Connection, deal_id: int) -> tuple[LinkedActivity, ...]:
    a = Activity
    rows = conn.execute(
        sa.select(a.id, a.kind, a.subject, a.start_at, a.due_on, a.done_at, a.result).where(
            a.deal_id == deal_id, a.deleted_at.is_(None)
        )
    ).all()
    items = [
        LinkedActivity(
            id=act_id,
            kind=ActivityKind(kind),
            subject=subject,
            at=start_at if start_at is not None else _midnight_utc(due) if due else None,
            done_at=done_at,
            result=result,
        )
        for act_id, kind, subject, start_at, due, done_at, result in rows
    ]
    never = datetime.max.replace(tzinfo=UTC)
    planned = sorted((i for i in items if i.done_at is None), key=lambda i: (i.at or never, i.id))
    done = sorted(
        (i for i in items if i.done_at is not None),
        key=lambda i: (i.done_at or never, i.id),
        reverse=True,
    )
    return (*planned, *done)


# ------------------------------------------------------------------ writing deals

_DEAL_FIELDS = (
    "title",
    "pipeline_id",
    "stage_id",
    "organization_id",
    "person_id",
    "amount_minor",
    "currency",
    "probability",
    "expected_close_on",
    "owner_id",
    "source",
    "description",
    "closed_at",
    "loss_reason_id",
    "competitor_id",
    "loss_comment",
)


def _snapshot(deal: Deal) -> dict[str, str | None]:
    """The deal's fields as text, for the audit log."""
    snap: dict[str, str | None] = {}
    for name in _DEAL_FIELDS:
        value = getattr(deal, name)
        if value is None:
            snap[name] = None
        elif isinstance(value, date):  # datetimes too
            snap[name] = value.isoformat()
        else:
            snap[name] = str(value)
    return snap


def _client_check(uow: UnitOfWork, data: DealInput) -> None:
    if data.organization_id is None and data.person_id is None:
        raise ValidationError("Choose the client: an organization, a person or both.", "client")
    if data.organization_id is not None:
        org = uow.session.get(Organization, data.organization_id)
        if org is None or org.deleted_at is not None:
            raise ValidationError(
                "The chosen organization no longer exists or is in the trash.", "organization"
            )
    if data.person_id is not None:
        person = uow.session.get(Person, data.person_id)
        if person is None or person.deleted_at is not None:
            raise ValidationError(
                "The chosen person no longer exists or is in the trash.", "person"
            )


def _apply_input(uow: UnitOfWork, deal: Deal, data: DealInput) -> Stage:
    """Check `data` and copy it onto `deal`, all but the stage; returns the chosen stage."""
    title = _clean(data.title)
    if not title:
        raise ValidationError("Enter the deal's title.", "title")
    _too_long(title, _TITLE_MAX, "title", "title")
    _client_check(uow, data)
    pipeline = uow.session.get(Pipeline, data.pipeline_id)
    if pipeline is None:
        raise ValidationError("Choose a pipeline.", "pipeline")
    stage = uow.session.get(Stage, data.stage_id)
    if stage is None or stage.pipeline_id != pipeline.id:
        raise ValidationError(f"Choose a stage of the pipeline “{pipeline.name}”.", "stage")
    if data.amount_minor < 0:
        raise ValidationError("The amount cannot be negative.", "amount")
    currency = data.currency.strip().upper()
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        raise ValidationError(
            "The currency is a three-letter code such as RUB, USD or EUR.", "currency"
        )
    if data.probability is not None and not 0 <= data.probability <= 100:
        raise ValidationError("The probability is a whole number from 0 to 100.", "probability")
    if data.owner_id is not None and uow.session.get(User, data.owner_id) is None:
        raise ValidationError("The chosen user does not exist.", "owner")
    source = _blank_to_none(data.source)
    _too_long(source, _TEXT_MAX, "source", "source")
    deal.title = title
    deal.organization_id = data.organization_id
    deal.person_id = data.person_id
    deal.amount_minor = data.amount_minor
    deal.currency = currency
    deal.probability = data.probability
    deal.expected_close_on = data.expected_close_on
    deal.owner_id = data.owner_id if data.owner_id is not None else deal.owner_id or uow.user_id
    deal.source = source
    deal.description = _blank_to_none(data.description)
    return stage


def _record_move(
    uow: UnitOfWork, deal: Deal, from_stage_id: int | None, to: Stage, at: datetime
) -> None:
    uow.session.add(
        DealStageChange(
            deal_id=deal.id,
            from_stage_id=from_stage_id,
            to_stage_id=to.id,
            changed_at=at,
            changed_by_id=uow.user_id,
            probability=to.probability if deal.probability is None else deal.probability,
            amount_minor=deal.amount_minor,
        )
    )


def _reopen(deal: Deal) -> None:
    deal.closed_at = None
    _clear_loss(deal)


def _clear_loss(deal: Deal) -> None:
    deal.loss_reason_id = None
    deal.competitor_id = None
    deal.loss_comment = None


def _finish(ws: Workspace, uow: UnitOfWork, deal: Deal) -> DealCard:
    """Flush, read the card back inside the transaction, commit."""
    uow.flush()
    card = _card_of(ws, uow.session.connection(), deal.id)
    uow.commit()
    return card


def create_deal(ws: Workspace, data: DealInput) -> DealCard:
    """A new deal in an open stage, with its first history row and an audit entry."""
    with ws.write() as uow:
        now = utcnow()
        deal = Deal(created_by_id=uow.user_id, updated_by_id=uow.user_id)
        stage = _apply_input(uow, deal, data)
        if stage.pipeline.is_archived:
            raise ValidationError(
                f"The pipeline “{stage.pipeline.name}” is archived; choose another one.",
                "pipeline",
            )
        if stage.kind is not StageKind.OPEN:
            raise ValidationError(
                "A new deal starts in an open stage; close it as won or lost afterwards.",
                "stage",
            )
        deal.pipeline_id = stage.pipeline_id
        deal.stage_id = stage.id
        deal.stage_entered_at = now
        deal.created_at = deal.updated_at = now
        uow.session.add(deal)
        uow.flush()
        _record_move(uow, deal, None, stage, now)
        uow.audit.record(AuditAction.CREATE, EntityKind.DEAL, deal.id, diff({}, _snapshot(deal)))
        return _finish(ws, uow, deal)


def update_deal(
    ws: Workspace,
    deal_id: int,
    data: DealInput,
    *,
    expected_version: int,
    base: DealInput | None = None,
) -> DealCard:
    """Edit a live deal. A change of stage must lead to an open stage (closing a deal as
    won or lost asks for the outcome: `move_deal`); it is recorded in the history, and a
    closed deal taken back to an open stage is reopened. `data.probability` is kept as
    given (None: follows the stage). `base`: what the editor showed when it opened; with
    it, changes saved meanwhile by someone else merge field by field (conflicts.py)."""
    with ws.write() as uow:
        deal = DealRepository(uow.session).deal(deal_id, include_trashed=False)
        data = conflicts.check_edit(
            uow.session,
            deal,
            expected_version,
            base,
            data,
            lambda: conflicts.deal_input(deal),
            conflicts.DEAL_SPEC,
            what="deal",
            title=deal.title,
        )
        before = _snapshot(deal)
        old_stage_id = deal.stage_id
        stage = _apply_input(uow, deal, data)
        if stage.id != old_stage_id:
            if stage.kind is not StageKind.OPEN:
                raise ValidationError(
                    "To close a deal as won or lost, move it to that stage: "
                    "closing asks for the outcome.",
                    "stage",
                )
            now = utcnow()
            deal.pipeline_id = stage.pipeline_id
            deal.stage_id = stage.id
            deal.stage_entered_at = now
            _reopen(deal)
            _record_move(uow, deal, old_stage_id, stage, now)
        changes = diff(before, _snapshot(deal))
        if changes:
            deal.updated_by_id = uow.user_id
            uow.audit.record(AuditAction.UPDATE, EntityKind.DEAL, deal.id, changes)
        return _finish(ws, uow, deal)


def _close_as_won(deal: Deal, outcome: WonOutcome | LostOutcome | None) -> None:
    if not isinstance(outcome, WonOutcome):
        raise ValidationError(
            "Enter the final amount and the closing date to close the deal as won.", "outcome"
        )
    if outcome.amount_minor < 0:
        raise ValidationError("The amount cannot be negative.", "amount")
    deal.amount_minor = outcome.amount_minor
    deal.closed_at = local_moment(outcome.closed_on, WON_CLOSING_TIME)
    _clear_loss(deal)


def _close_as_lost(
    uow: UnitOfWork, deal: Deal, outcome: WonOutcome | LostOutcome | None, now: datetime
) -> None:
    if not isinstance(outcome, LostOutcome):
        raise ValidationError("Choose a loss reason.", "loss_reason")
    reason = uow.session.get(LossReason, outcome.loss_reason_id)
    if reason is None:
        raise ValidationError("Choose a loss reason.", "loss_reason")
    if not reason.is_active:
        raise ValidationError(
            f"Choose a loss reason: “{reason.name}” is no longer in use.", "loss_reason"
        )
    if outcome.competitor_id is not None:
        competitor = uow.session.get(Competitor, outcome.competitor_id)
        if competitor is None or competitor.deleted_at is not None:
            raise ValidationError("The chosen competitor no longer exists.", "competitor")
    deal.loss_reason_id = reason.id
    deal.competitor_id = outcome.competitor_id
    deal.loss_comment = _blank_to_none(outcome.comment)
    deal.closed_at = now


def move_deal(
    ws: Workspace,
    deal_id: int,
    to_stage_id: int,
    *,
    expected_version: int | None = None,
    outcome: WonOutcome | LostOutcome | None = None,
    from_stage_id: int | None = None,
) -> DealCard:
    """Move a live deal to another stage of its pipeline, recording the change.

    The deal's probability follows the new stage's default afterwards. Into a won
    stage: `WonOutcome` required; the amount becomes the final amount and `closed_at`
    local noon of `closed_on` (`WON_CLOSING_TIME`: the same calendar day in any time
    zone within ±12 h). Into a lost stage: `LostOutcome` with an active loss reason
    required; `closed_at` is now. Into an open stage: reopened (closing date and loss
    fields cleared). The same stage: nothing changes. `from_stage_id`: the stage the card
    showed; with it, a deal changed meanwhile still moves unless someone else moved it.
    """
    with ws.write() as uow:
        deal = DealRepository(uow.session).deal(deal_id, include_trashed=False)
        conflicts.check_deal_move(uow.session, deal, expected_version, from_stage_id, to_stage_id)
        if deal.stage_id == to_stage_id:
            return _card_of(ws, uow.session.connection(), deal.id)
        stage = uow.session.get(Stage, to_stage_id)
        if stage is None or stage.pipeline_id != deal.pipeline_id:
            raise ValidationError("Choose a stage of the deal's own pipeline.", "stage")
        before = _snapshot(deal)
        from_stage_id = deal.stage_id
        now = utcnow()
        if stage.kind is StageKind.WON:
            _close_as_won(deal, outcome)
        elif stage.kind is StageKind.LOST:
            _close_as_lost(uow, deal, outcome, now)
        else:
            _reopen(deal)
        deal.stage_id = stage.id
        deal.probability = None
        deal.stage_entered_at = now
        deal.updated_by_id = uow.user_id
        _record_move(uow, deal, from_stage_id, stage, now)
        uow.audit.record(
            AuditAction.UPDATE, EntityKind.DEAL, deal.id, diff(before, _snapshot(deal)), at=now
        )
        return _finish(ws, uow, deal)


def move_deal_to_trash(ws: Workspace, deal_id: int) -> None:
    """To the trash: off the board; `contacts.restore`/`trash.purge` take it from there."""
    contacts.move_to_trash(ws, EntityKind.DEAL, deal_id)


# ------------------------------------------------------------------ pipelines (write)


def _check_stages(stages: Sequence[StageEdit]) -> list[tuple[str, str | None]]:
    """Clean names and colours of the edited stages; the pipeline-wide rules."""
    cleaned: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for edit in stages:
        name = _clean(edit.name)
        if not name:
            raise ValidationError("Every stage needs a name.", "stages")
        _too_long(name, _NAME_MAX, "stage name", "stages")
        key = fold(name)
        if key in seen:
            raise ValidationError(
                f"Two stages are called “{name}”; give them different names.", "stages"
            )
        seen.add(key)
        if not 0 <= edit.probability <= 100:
            raise ValidationError(f"The probability of “{name}” must be from 0 to 100.", "stages")
        color = _blank_to_none(edit.color)
        if color is not None and not _COLOR_RE.fullmatch(color):
            raise ValidationError(f"The colour of “{name}” is not a #RRGGBB colour.", "stages")
        cleaned.append((name, color))
    kinds = {StageKind(e.kind) for e in stages}
    if StageKind.OPEN not in kinds:
        raise ValidationError("A pipeline needs at least one open stage.", "stages")
    if StageKind.WON not in kinds:
        raise ValidationError("A pipeline needs a won stage.", "stages")
    if StageKind.LOST not in kinds:
        raise ValidationError("A pipeline needs a lost stage.", "stages")
    return cleaned


def _stages_text(stages: Iterable[Stage]) -> str:
    return "; ".join(f"{s.name} ({StageKind(s.kind).value}, {s.probability}%)" for s in stages)


def _deals_per_stage(conn: sa.Connection, stage_ids: Sequence[int]) -> dict[int, int]:
    """Deals (live and trashed) per stage."""
    if not stage_ids:
        return {}
    return {
        stage_id: count
        for stage_id, count in conn.execute(
            sa.select(Deal.stage_id, sa.func.count())
            .where(Deal.stage_id.in_(list(stage_ids)))
            .group_by(Deal.stage_id)
        )
    }


def _move_stage_deals(uow: UnitOfWork, removed: Stage, target: Stage, now: datetime) -> None:
    """Move every deal (live and trashed) of a removed stage to `target`, with history.

    The removed stage's history rows that lead into it are re-pointed to `target`
    (deal_stage_changes.to_stage_id is RESTRICT); rows leaving it lose their origin
    when it is deleted (from_stage_id SET NULL), and so do the rows written here.
    """
    conn = uow.session.connection()
    moved = conn.execute(
        sa.select(Deal.id, Deal.probability, Deal.amount_minor).where(Deal.stage_id == removed.id)
    ).all()
    changes = table_of(DealStageChange)
    conn.execute(
        sa.update(changes).where(changes.c.to_stage_id == removed.id).values(to_stage_id=target.id)
    )
    if not moved:
        return
    conn.execute(
        sa.insert(changes),
        [
            {
                "deal_id": deal_id,
                "from_stage_id": removed.id,
                "to_stage_id": target.id,
                "changed_at": now,
                "changed_by_id": uow.user_id,
                "probability": target.probability if probability is None else probability,
                "amount_minor": amount,
            }
            for deal_id, probability, amount in moved
        ],
    )
    conn.execute(
        sa.update(table_of(Deal))
        .where(table_of(Deal).c.stage_id == removed.id)
        .values(
            stage_id=target.id,
            stage_entered_at=now,
            updated_at=now,
            updated_by_id=uow.user_id,
            version=table_of(Deal).c.version + 1,
        )
    )
    uow.audit.record_many(
        AuditAction.UPDATE,
        EntityKind.DEAL,
        [(deal_id, "stage_id", str(removed.id), str(target.id)) for deal_id, _, _ in moved],
        at=now,
    )


def save_pipeline(ws: Workspace, edit: PipelineEdit) -> PipelineView:
    """Create or update a pipeline with its stages, in the given order.

    A stage left out of `edit.stages` is removed; its deals (live and trashed) move to
    `edit.moves[stage_id]`, a kept stage of the same kind, each with a history row. A
    removed stage without deals but with history has that history re-pointed to the
    move target when given, else to the first stage of the same kind. A stage that
    holds deals keeps its kind (won and lost deals carry an outcome; open ones do not).
    """
    name = _clean(edit.name)
    if not name:
        raise ValidationError("Enter the pipeline's name.", "name")
    _too_long(name, _NAME_MAX, "pipeline name", "name")
    cleaned = _check_stages(edit.stages)
    with ws.write() as uow:
        s = uow.session
        now = utcnow()
        if edit.id is None:
            last = s.scalar(sa.select(sa.func.max(Pipeline.position)))
            pipeline = Pipeline(position=0 if last is None else last + 1)
            before_name, before_stages = None, ""
        else:
            found = s.get(Pipeline, edit.id)
            if found is None:
                raise NotFoundError(f"Pipeline #{edit.id} does not exist.")
            pipeline = found
            if edit.expected_version is not None:
                check_version(pipeline.version, edit.expected_version)
            before_name, before_stages = pipeline.name, _stages_text(pipeline.stages)
        others = s.scalars(sa.select(Pipeline.name).where(Pipeline.id != (edit.id or -1))).all()
        if fold(name) in {fold(n) for n in others}:
            raise ValidationError(f"A pipeline named “{name}” already exists.", "name")
        existing = {st.id: st for st in pipeline.stages} if edit.id is not None else {}
        kept_ids = [e.id for e in edit.stages if e.id is not None]
        if len(set(kept_ids)) != len(kept_ids) or not set(kept_ids) <= set(existing):
            raise ValidationError("A stage of another pipeline was given.", "stages")
        new_kinds = {e.id: StageKind(e.kind) for e in edit.stages if e.id is not None}
        removed = [st for st_id, st in existing.items() if st_id not in new_kinds]
        counts = _deals_per_stage(s.connection(), list(existing))
        for st_id, kind in new_kinds.items():
            st = existing[st_id]
            if kind is not st.kind and counts.get(st_id):
                raise ValidationError(
                    f"“{st.name}” holds deals, so it cannot become {_KIND_WORDS[kind]} stage; "
                    "move its deals first.",
                    "stages",
                )
        for st in removed:
            target_id = edit.moves.get(st.id)
            if target_id is None:
                if counts.get(st.id):
                    raise ValidationError(
                        f"Choose the stage the deals of “{st.name}” move to.", "moves"
                    )
                continue
            if target_id not in new_kinds:
                raise ValidationError(
                    f"The deals of “{st.name}” must move to a stage this pipeline keeps.",
                    "moves",
                )
            if new_kinds[target_id] is not st.kind:
                raise ValidationError(
                    f"The deals of “{st.name}” can only move to {_KIND_WORDS[st.kind]} stage.",
                    "moves",
                )
        # the edits, new stages included, then the moves, then the removals
        pipeline.name = name
        pipeline.updated_at = now  # a new version even when only the stages change
        ordered: list[Stage] = []
        for position, (e, (stage_name, color)) in enumerate(zip(edit.stages, cleaned, strict=True)):
            st = existing[e.id] if e.id is not None else Stage()
            st.name, st.kind, st.probability = stage_name, StageKind(e.kind), e.probability
            st.color, st.position = color, position
            ordered.append(st)
        pipeline.stages = ordered + removed
        if edit.id is None:
            s.add(pipeline)
        uow.flush()
        for st in removed:
            target_id = edit.moves.get(st.id)
            target = (
                existing[target_id]
                if target_id is not None
                else next((o for o in ordered if o.kind is st.kind), ordered[0])
            )
            _move_stage_deals(uow, st, target, now)
        pipeline.stages = ordered
        uow.flush()
        after_stages = _stages_text(ordered)
        changes = [
            (field_name, old, new)
            for field_name, old, new in (
                ("name", before_name, name),
                ("stages", before_stages or None, after_stages),
            )
            if old != new
        ]
        action = AuditAction.CREATE if edit.id is None else AuditAction.UPDATE
        uow.audit.record(action, EntityKind.PIPELINE, pipeline.id, changes, at=now)
        uow.flush()
        view = _pipeline_view(s.connection(), pipeline.id)
        uow.commit()
        return view


def reorder_pipelines(ws: Workspace, ids: list[int]) -> None:
    """Put the pipelines in this order; pipelines not listed follow, in their old order."""
    if len(set(ids)) != len(ids):
        raise ValidationError("A pipeline is listed twice.")
    with ws.write() as uow:
        pipelines = {
            p.id: p
            for p in uow.session.scalars(
                sa.select(Pipeline).order_by(Pipeline.position, Pipeline.id)
            )
        }
        for pipeline_id in ids:
            if pipeline_id not in pipelines:
                raise NotFoundError(f"Pipeline #{pipeline_id} does not exist.")
        order = [*ids, *(p for p in pipelines if p not in set(ids))]
        for position, pipeline_id in enumerate(order):
            if pipelines[pipeline_id].position != position:
                pipelines[pipeline_id].position = position
        uow.commit()


def _pipeline(uow: UnitOfWork, pipeline_id: int) -> Pipeline:
    pipeline = uow.session.get(Pipeline, pipeline_id)
    if pipeline is None:
        raise NotFoundError(f"Pipeline #{pipeline_id} does not exist.")
    return pipeline


def set_pipeline_archived(ws: Workspace, pipeline_id: int, archived: bool) -> None:
    """Archive (off the board, deals kept) or bring back a pipeline."""
    with ws.write() as uow:
        pipeline = _pipeline(uow, pipeline_id)
        if pipeline.is_archived == archived:
            return
        pipeline.is_archived = archived
        uow.audit.record(
            AuditAction.UPDATE,
            EntityKind.PIPELINE,
            pipeline.id,
            [("is_archived", str(not archived), str(archived))],
        )
        uow.commit()


def delete_pipeline(ws: Workspace, pipeline_id: int) -> None:
    """Delete a pipeline that has never held a deal (trashed deals count)."""
    with ws.write() as uow:
        pipeline = _pipeline(uow, pipeline_id)
        count = (
            uow.session.scalar(sa.select(sa.func.count()).where(Deal.pipeline_id == pipeline_id))
            or 0
        )
        if count:
            deals = "1 deal" if count == 1 else f"{count} deals"
            raise ValidationError(
                f"“{pipeline.name}” holds {deals} (the trash included), so it cannot be "
                "deleted; archive it instead."
            )
        uow.audit.record(
            AuditAction.DELETE, EntityKind.PIPELINE, pipeline.id, [("name", pipeline.name, None)]
        )
        uow.session.delete(pipeline)
        uow.commit()


# ------------------------------------------------------------------ loss reasons


def _loss_reasons(uow: UnitOfWork, *, include_inactive: bool) -> list[ReferenceItem]:
    stmt = sa.select(LossReason.id, LossReason.name, LossReason.is_active).order_by(
        LossReason.position, LossReason.id
    )
    if not include_inactive:
        stmt = stmt.where(LossReason.is_active)
    return [
        ReferenceItem(id=rid, name=name, is_active=bool(active))
        for rid, name, active in uow.session.execute(stmt)
    ]


def list_loss_reasons(ws: Workspace, *, include_inactive: bool = False) -> list[ReferenceItem]:
    with ws.read() as uow:
        return _loss_reasons(uow, include_inactive=include_inactive)


def save_loss_reasons(ws: Workspace, items: list[ReferenceItem]) -> list[ReferenceItem]:
    """Save the edited list in its order; returns the whole list, inactive ones included.

    A reason left out is deleted when no deal (trashed ones included) names it, else it
    is deactivated and kept at the end. A new item named like a left-out reason brings
    that reason back instead of making a second one.
    """
    cleaned: list[tuple[int | None, str, bool]] = []
    seen: set[str] = set()
    for item in items:
        name = _clean(item.name)
        if not name:
            raise ValidationError("Every loss reason needs a name.", "name")
        _too_long(name, _NAME_MAX, "loss reason", "name")
        if fold(name) in seen:
            raise ValidationError(f"“{name}” is in the list twice.", "name")
        seen.add(fold(name))
        cleaned.append((item.id, name, item.is_active))
    with ws.write() as uow:
        s = uow.session
        existing = {r.id: r for r in s.scalars(sa.select(LossReason))}
        given = [rid for rid, _, _ in cleaned if rid is not None]
        if len(set(given)) != len(given):
            raise ValidationError("A loss reason is in the list twice.", "name")
        for missing in set(given) - set(existing):
            raise NotFoundError(f"Loss reason #{missing} does not exist.")
        left_out = {fold(r.name): r for rid, r in existing.items() if rid not in given}
        resolved = [
            (
                rid if rid is not None else getattr(left_out.pop(fold(name), None), "id", None),
                name,
                on,
            )
            for rid, name, on in cleaned
        ]
        used = set(
            s.scalars(
                sa.select(Deal.loss_reason_id)
                .where(Deal.loss_reason_id.in_([r.id for r in left_out.values()]))
                .distinct()
            )
        )
        kept = [r for r in left_out.values() if r.id in used]
        for r in kept:
            if fold(r.name) in seen:
                raise ValidationError(
                    f"“{r.name}” is still named by deals and stays (inactive); "
                    "give the other reason another name.",
                    "name",
                )
        for r in left_out.values():
            if r.id not in used:
                s.delete(r)
        for rid, name, _ in resolved:  # dodge the unique name index while renaming
            if rid is not None and existing[rid].name != name:
                existing[rid].name = f"\u2063{rid}"
        uow.flush()
        for position, (rid, name, active) in enumerate(resolved):
            reason = existing[rid] if rid is not None else LossReason()
            reason.name, reason.position, reason.is_active = name, position, active
            if rid is None:
                s.add(reason)
        for offset, r in enumerate(sorted(kept, key=lambda r: (r.position, r.id))):
            r.is_active = False
            r.position = len(resolved) + offset
        uow.flush()
        result = _loss_reasons(uow, include_inactive=True)
        uow.commit()
        return result


# ------------------------------------------------------------------ competitors


def _lost_to(
    conn: sa.Connection, money: _Money, competitor_ids: Sequence[int] | None
) -> dict[int, tuple[int, int]]:
    """Per competitor: how many live deals were lost to it, and their sum (base currency)."""
    stmt = (
        sa.select(
            Deal.competitor_id, Deal.currency, sa.func.count(), sa.func.sum(Deal.amount_minor)
        )
        .join(Stage, Stage.id == Deal.stage_id)
        .where(Stage.kind == StageKind.LOST, _live(), Deal.competitor_id.is_not(None))
        .group_by(Deal.competitor_id, Deal.currency)
    )
    if competitor_ids is not None:
        stmt = stmt.where(Deal.competitor_id.in_(list(competitor_ids)))
    stats: dict[int, tuple[int, int]] = {}
    for competitor_id, currency, count, total in conn.execute(stmt):
        if competitor_id is None:
            continue
        n, base = stats.get(competitor_id, (0, 0))
        stats[competitor_id] = (n + count, base + money.to_base(int(total or 0), currency))
    return stats


def _competitor_views(
    conn: sa.Connection, ws: Workspace, where: Sequence[sa.ColumnElement[bool]]
) -> list[CompetitorView]:
    rows = conn.execute(
        sa.select(
            Competitor.id, Competitor.name, Competitor.website, Competitor.notes, Competitor.version
        )
        .where(*where)
        .order_by(Competitor.name_key, Competitor.id)
    ).all()
    stats = _lost_to(conn, _money(conn, ws), [r.id for r in rows]) if rows else {}
    return [
        CompetitorView(
            id=r.id,
            name=r.name,
            website=r.website,
            notes=r.notes,
            won_count=stats.get(r.id, (0, 0))[0],
            won_sum_base_minor=stats.get(r.id, (0, 0))[1],
            version=r.version,
        )
        for r in rows
    ]


def list_competitors(ws: Workspace) -> list[CompetitorView]:
    """Live competitors by name, with what was lost to them."""
    with ws.read() as uow:
        return _competitor_views(uow.session.connection(), ws, [Competitor.deleted_at.is_(None)])


def save_competitor(
    ws: Workspace,
    competitor_id: int | None,
    name: str,
    website: str | None,
    notes: str | None,
    *,
    expected_version: int | None = None,
) -> CompetitorView:
    """Create (`competitor_id` None) or edit a competitor; names are unique among live ones
    (compared like organization names: 'ООО «Вектор»' and 'Вектор' are the same)."""
    clean_name = _clean(name)
    if not clean_name:
        raise ValidationError("Enter the competitor's name.", "name")
    _too_long(clean_name, _TITLE_MAX, "name", "name")
    site = _blank_to_none(website)
    _too_long(site, _TEXT_MAX, "website", "website")
    key = org_name_key(clean_name)[:500]
    with ws.write() as uow:
        s = uow.session
        if competitor_id is None:
            competitor = Competitor(
                owner_id=uow.user_id, created_by_id=uow.user_id, updated_by_id=uow.user_id
            )
            before: dict[str, str | None] = {}
        else:
            found = s.get(Competitor, competitor_id)
            if found is None or found.deleted_at is not None:
                raise NotFoundError(f"Competitor #{competitor_id} does not exist.")
            competitor = found
            if expected_version is not None:
                check_version(competitor.version, expected_version)
            before = {
                "name": competitor.name,
                "website": competitor.website,
                "notes": competitor.notes,
            }
        clash = s.scalar(
            sa.select(Competitor.name).where(
                Competitor.name_key == key,
                Competitor.deleted_at.is_(None),
                Competitor.id != (competitor_id or -1),
            )
        )
        if clash is not None:
            raise ValidationError(f"The competitor “{clash}” already exists.", "name")
        competitor.name, competitor.name_key = clean_name, key
        competitor.website, competitor.notes = site, _blank_to_none(notes)
        if competitor_id is None:
            s.add(competitor)
        uow.flush()
        after = {"name": competitor.name, "website": competitor.website, "notes": competitor.notes}
        changes = diff(before, after)
        if competitor_id is None or changes:
            competitor.updated_by_id = uow.user_id
            action = AuditAction.CREATE if competitor_id is None else AuditAction.UPDATE
            uow.audit.record(action, EntityKind.COMPETITOR, competitor.id, changes)
            uow.flush()
        (view,) = _competitor_views(s.connection(), ws, [Competitor.id == competitor.id])
        uow.commit()
        return view


def delete_competitor(ws: Workspace, competitor_id: int) -> None:
    """Soft delete: off the lists; the deals lost to it keep naming it."""
    with ws.write() as uow:
        competitor = uow.session.get(Competitor, competitor_id)
        if competitor is None:
            raise NotFoundError(f"Competitor #{competitor_id} does not exist.")
        if competitor.deleted_at is not None:
            return
        competitor.deleted_at = utcnow()
        competitor.deleted_by_id = uow.user_id
        uow.audit.record(AuditAction.TRASH, EntityKind.COMPETITOR, competitor.id)
        uow.commit()


def competitor_card(ws: Workspace, competitor_id: int) -> CompetitorCard:
    """A competitor (a deleted one too) with the live deals lost to it, newest first."""
    with ws.read() as uow:
        conn = uow.session.connection()
        views = _competitor_views(conn, ws, [Competitor.id == competitor_id])
        if not views:
            raise NotFoundError(f"Competitor #{competitor_id} does not exist.")
        rows = conn.execute(
            sa.select(
                Deal.id,
                Deal.title,
                Organization.name,
                Person.full_name,
                Deal.amount_minor,
                Deal.currency,
                Deal.closed_at,
                LossReason.name,
                Deal.loss_comment,
                User.display_name,
                User.login,
            )
            .select_from(Deal)
            .join(Stage, Stage.id == Deal.stage_id)
            .outerjoin(Organization, Organization.id == Deal.organization_id)
            .outerjoin(Person, Person.id == Deal.person_id)
            .outerjoin(LossReason, LossReason.id == Deal.loss_reason_id)
            .outerjoin(User, User.id == Deal.owner_id)
            .where(Deal.competitor_id == competitor_id, Stage.kind == StageKind.LOST, _live())
            .order_by(Deal.closed_at.is_(None), Deal.closed_at.desc(), Deal.id.desc())
        ).all()
    return CompetitorCard(
        competitor=views[0],
        lost_deals=tuple(
            LostDealView(
                deal_id=deal_id,
                title=title,
                client=org or person or "",
                amount_minor=amount,
                currency=currency,
                closed_at=closed_at,
                loss_reason=reason,
                loss_comment=comment,
                owner_name=_user_name(display, login),
            )
            for (
                deal_id,
                title,
                org,
                person,
                amount,
                currency,
                closed_at,
                reason,
                comment,
                display,
                login,
            ) in rows
        ),
    )


# ------------------------------------------------------------------ users


def open_deals_of(
    ws: Workspace, *, organization_id: int | None = None, person_id: int | None = None
) -> list[tuple[int, str]]:
    """A client's live deals in open stages, (id, title) by title: the organization's when
    given, else the person's. One query."""
    if organization_id is not None:
        whose = Deal.organization_id == organization_id
    elif person_id is not None:
        whose = Deal.person_id == person_id
    else:
        return []
    with ws.read() as uow:
        rows = uow.session.execute(
            sa.select(Deal.id, Deal.title)
            .join(Stage, Stage.id == Deal.stage_id)
            .where(whose, _live(), Stage.kind == StageKind.OPEN)
        ).all()
    return sorted(((i, t) for i, t in rows), key=lambda item: (fold(item[1]), item[0]))


def users_for_assignment(ws: Workspace) -> list[tuple[int, str]]:
    """Active users a deal can be given to: (id, display name or login), by name.

    (`contact_list.owners` lists only users who already own a card.)
    """
    with ws.read() as uow:
        rows = uow.session.execute(
            sa.select(User.id, User.display_name, User.login).where(User.is_active)
        ).all()
    named = [(uid, _user_name(display, login)) for uid, display, login in rows]
    return sorted(named, key=lambda item: (fold(item[1]), item[1], item[0]))
