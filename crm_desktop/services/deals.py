"""Deals: pipelines and their stages, the board, moving and closing deals, competitors.

Won and lost are kinds of stage, never names. Money is integer minor units (kopecks);
sums on the board are in the base currency (`ws.settings.base_currency`, converted with
`currency_rates`). Every stage change writes a `deal_stage_changes` row with the time,
the user, the probability and the amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from crm_desktop.domain.kinds import ActivityKind, StageKind

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
