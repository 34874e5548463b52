"""Sales reports: the funnel, the pipeline with its weighted forecast, won and lost.

Definitions (amounts are each deal's current amount in the base currency):

- Funnel: the open stages in order, then the won ones, form the funnel. A deal
  *reached* an open stage in the period when `deal_stage_changes` holds a move, at a
  moment of the period (local days), into that stage or into a later stage of the
  funnel — a deal moved straight from the lead stage to the contract passed the
  stages between; a won (lost) stage counts the deals moved into it in the period.
  Each deal counts once per stage, so a stage never counts more deals than the one
  before it, and conversion of a stage (deals that reached the next stage / deals
  that reached this one; after the last open stage the first won one) is at most
  100 %. Where lost deals dropped out: for each move into a lost stage in the
  period, the last open stage the deal had entered before that move ("Unknown"
  when none).
- Forecast: a snapshot of the open deals now (the period does not apply): by stage,
  by owner, and by month of expected close (deals without a date last). Weighted =
  amount × the deal's probability (its own, else its stage's), rounded per deal.
- Won / lost: deals in a won (lost) stage whose `closed_at` falls in the period.
  The summary's share is of all deals closed in the period (the win rate); the lost
  tables' shares are of the lost deals' count, deals lost to nobody named a row too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from crm_desktop.domain.clock import Clock, local_day
from crm_desktop.domain.kinds import StageKind
from crm_desktop.services.reports.common import (
    Money,
    StageRow,
    base_money,
    client_filter,
    clock_or_system,
    deal_scope,
    default_pipeline,
    period_parameters,
    scope_parameters,
    stages_of,
    user_names,
    utc,
    weighted,
)
from crm_desktop.services.reports.params import ReportParams, resolve_period
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
    day,
    integer,
    label,
    money,
    month,
    percent,
    text,
    total_row,
)
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Competitor, Deal, DealStageChange, LossReason, Stage

_KIND_LABELS = {StageKind.OPEN: "Open", StageKind.WON: "Won", StageKind.LOST: "Lost"}
_NOBODY = "No owner"


def _empty_result(report: str, title: str, base: str, clock: Clock) -> ReportResult:
    return ReportResult(
        report, title, (), (), base_currency=base, generated_at=clock.now(), notes=("No pipeline",)
    )


# ------------------------------------------------------------------ funnel


@dataclass(frozen=True, slots=True)
class _PipelineScope:
    """What the funnel and the forecast read first: one pipeline's stages and deals."""

    stages: list[StageRow]
    scope: list[sa.ColumnElement[bool]]  # live deals of the pipeline, params applied
    names: dict[int, str]
    header: list[tuple[str, Cell]]  # the scope's parameters for the report's header


def _pipeline_scope(conn: sa.Connection, params: ReportParams) -> _PipelineScope | None:
    """The pipeline asked for (else the first); None when the base has none."""
    pipeline = default_pipeline(conn, params.pipeline_id)
    if pipeline is None:
        return None
    names = user_names(conn)
    return _PipelineScope(
        stages_of(conn, pipeline[0]),
        deal_scope(params, client_filter(conn, params), pipeline[0]),
        names,
        list(scope_parameters(conn, params, names, pipeline)),
    )


def _next_stages(stages: list[StageRow]) -> dict[int, int]:
    """Each open stage's next stage: the next open one, after the last the first won."""
    opens = [s for s in stages if s.kind is StageKind.OPEN]
    won = next((s for s in stages if s.kind is StageKind.WON), None)
    chain = [*opens, *([won] if won else [])]
    return {a.id: b.id for a, b in pairwise(chain)}


def _reached(
    stages: list[StageRow], entered: Sequence[tuple[int, int, int, str]], cash: Money
) -> tuple[Counter[int], Counter[int]]:
    """Deals (count, amount) per stage: an open stage counts each deal that entered it
    or a later funnel stage in the period; won and lost stages the deals entered."""
    opens = [s.id for s in stages if s.kind is StageKind.OPEN]
    position = {stage_id: i for i, stage_id in enumerate(opens)}
    position.update((s.id, len(opens)) for s in stages if s.kind is StageKind.WON)
    closing = {s.id for s in stages if s.kind is not StageKind.OPEN}
    furthest: dict[int, int] = {}
    amounts: dict[int, int] = {}
    counts: Counter[int] = Counter()
    sums: Counter[int] = Counter()
    for stage_id, deal_id, amount, currency in entered:
        base = amounts.setdefault(deal_id, cash.to_base(amount, currency))
        if stage_id in closing:
            counts[stage_id] += 1
            sums[stage_id] += base
        if stage_id in position:
            furthest[deal_id] = max(furthest.get(deal_id, -1), position[stage_id])
    for deal_id, reach in furthest.items():
        for stage_id in opens[: reach + 1]:
            counts[stage_id] += 1
            sums[stage_id] += amounts[deal_id]
    return counts, sums


def funnel(ws: Workspace, params: ReportParams, clock: Clock | None = None) -> ReportResult:
    """Deals that reached each stage in the period, stage-to-stage conversion, and the
    open stage lost deals dropped out of (see the module's docstring)."""
    clock = clock_or_system(clock)
    period = resolve_period(params, clock)
    with ws.read() as uow:
        conn = uow.session.connection()
        cash = base_money(conn, ws)
        found = _pipeline_scope(conn, params)
        if found is None:
            return _empty_result("funnel", "Sales funnel", cash.base, clock)
        stages, scope = found.stages, found.scope
        c = DealStageChange
        in_period = [c.changed_at >= period.start, c.changed_at < period.end]
        entered = conn.execute(
            sa.select(c.to_stage_id, c.deal_id, Deal.amount_minor, Deal.currency)
            .join(Deal, Deal.id == c.deal_id)
            .where(*scope, *in_period)
            .distinct()
        ).all()
        # for each move into a lost stage: the last open stage entered before it
        earlier, open_stage = aliased(DealStageChange), aliased(Stage)
        last_open = (
            sa.select(earlier.to_stage_id)
            .join(open_stage, open_stage.id == earlier.to_stage_id)
            .where(
                earlier.deal_id == c.deal_id,
                open_stage.kind == StageKind.OPEN,
                sa.or_(
                    earlier.changed_at < c.changed_at,
                    sa.and_(earlier.changed_at == c.changed_at, earlier.id < c.id),
                ),
            )
            .order_by(earlier.changed_at.desc(), earlier.id.desc())
            .limit(1)
            .correlate(c)
            .scalar_subquery()
        )
        lost_stage = aliased(Stage)
        dropouts = conn.execute(
            sa.select(c.deal_id, last_open)
            .join(Deal, Deal.id == c.deal_id)
            .join(lost_stage, lost_stage.id == c.to_stage_id)
            .where(*scope, *in_period, lost_stage.kind == StageKind.LOST)
        ).all()
        header = [*period_parameters(period), *found.header]
    counts, sums = _reached(stages, entered, cash)
    following = _next_stages(stages)
    rows: list[Row] = []
    for s in stages:
        nxt = following.get(s.id)
        rows.append(
            (
                text(s.name),
                label(_KIND_LABELS[s.kind]),
                integer(counts[s.id]),
                money(sums[s.id], cash.base),
                percent(counts[nxt], counts[s.id]) if nxt is not None else EMPTY,
            )
        )
    first_open = next((s.id for s in stages if s.kind is StageKind.OPEN), None)
    won_ids = [s.id for s in stages if s.kind is StageKind.WON]
    won_count = sum(counts[i] for i in won_ids)
    stage_table = Table(
        "stages",
        "Deals that reached each stage",
        (
            Column("stage", "Stage", CellKind.TEXT),
            Column("kind", "Type", CellKind.LABEL),
            Column("reached", "Reached", CellKind.INT),
            Column("amount", "Amount", CellKind.MONEY),
            Column("conversion", "Conversion to next stage", CellKind.PERCENT),
        ),
        tuple(rows),
        (
            total_row(
                "Won of those that reached the first stage",
                (
                    EMPTY,
                    integer(won_count),
                    money(sum(sums[i] for i in won_ids), cash.base),
                    percent(won_count, counts[first_open]) if first_open is not None else EMPTY,
                ),
            ),
        ),
    )
    dropped: Counter[int | None] = Counter(stage_id for _deal, stage_id in dropouts)
    lost_total = sum(dropped.values())
    drop_rows: list[Row] = [
        (text(s.name), integer(dropped[s.id]), percent(dropped[s.id], lost_total))
        for s in stages
        if s.kind is StageKind.OPEN
    ]
    if dropped[None]:
        drop_rows.append(
            (label("Unknown"), integer(dropped[None]), percent(dropped[None], lost_total))
        )
    drop_table = Table(
        "dropouts",
        "Where lost deals dropped out",
        (
            Column("stage", "Last open stage", CellKind.TEXT),
            Column("lost", "Lost", CellKind.INT),
            Column("share", "Share", CellKind.PERCENT),
        ),
        tuple(drop_rows),
        (total_row("Total", (integer(lost_total), percent(lost_total, lost_total))),),
    )
    chart = Chart(
        "reached",
        "Deals that reached each stage",
        ChartKind.BAR,
        tuple(text(s.name) for s in stages),
        (Series("Reached", tuple(float(counts[s.id]) for s in stages)),),
    )
    return ReportResult(
        "funnel",
        "Sales funnel",
        tuple(header),
        (stage_table, drop_table),
        (chart,),
        base_currency=cash.base,
        generated_at=clock.now(),
    )


# ------------------------------------------------------------------ forecast


@dataclass(slots=True)
class _Sum:
    count: int = 0
    amount: int = 0
    weighted: int = 0

    def add(self, amount: int, weight: int) -> None:
        self.count += 1
        self.amount += amount
        self.weighted += weight

    def cells(self, currency: str) -> tuple[Cell, Cell, Cell]:
        return integer(self.count), money(self.amount, currency), money(self.weighted, currency)


def _sum_columns(first: Column) -> tuple[Column, ...]:
    return (
        first,
        Column("count", "Deals", CellKind.INT),
        Column("amount", "Amount", CellKind.MONEY),
        Column("weighted", "Weighted", CellKind.MONEY),
    )


def forecast(ws: Workspace, params: ReportParams, clock: Clock | None = None) -> ReportResult:
    """Open deals now by stage and by owner (count, amount, weighted), and the weighted
    forecast by month of expected close."""
    clock = clock_or_system(clock)
    with ws.read() as uow:
        conn = uow.session.connection()
        cash = base_money(conn, ws)
        found = _pipeline_scope(conn, params)
        if found is None:
            return _empty_result("forecast", "Pipeline and forecast", cash.base, clock)
        stages, scope, names = found.stages, found.scope, found.names
        open_ids = [s.id for s in stages if s.kind is StageKind.OPEN]
        deals = conn.execute(
            sa.select(
                Deal.stage_id,
                Deal.owner_id,
                Deal.amount_minor,
                Deal.currency,
                Deal.probability,
                Deal.expected_close_on,
            ).where(*scope, Deal.stage_id.in_(open_ids))
        ).all()
        header = found.header
    by_stage: dict[int, _Sum] = {i: _Sum() for i in open_ids}
    by_owner: dict[int | None, _Sum] = defaultdict(_Sum)
    by_month: dict[date | None, _Sum] = defaultdict(_Sum)
    total = _Sum()
    stage_p = {s.id: s.probability for s in stages}
    for stage_id, owner_id, amount, currency, own_p, close_on in deals:
        base = cash.to_base(amount, currency)
        weight = weighted(base, stage_p[stage_id] if own_p is None else own_p)
        close_month = None if close_on is None else close_on.replace(day=1)
        for bucket in (by_stage[stage_id], by_owner[owner_id], by_month[close_month], total):
            bucket.add(base, weight)
    cur = cash.base
    totals = (total_row("Total", total.cells(cur)),)
    stage_table = Table(
        "by_stage",
        "Open deals by stage",
        _sum_columns(Column("stage", "Stage", CellKind.TEXT)),
        tuple((text(s.name), *by_stage[s.id].cells(cur)) for s in stages if s.id in by_stage),
        totals,
    )
    owners = sorted(by_owner, key=lambda o: (o is None, names.get(o or 0, "").casefold(), o or 0))
    owner_table = Table(
        "by_owner",
        "Open deals by owner",
        _sum_columns(Column("owner", "Owner", CellKind.TEXT)),
        tuple((_owner_cell(o, names), *by_owner[o].cells(cur)) for o in owners),
        totals,
    )
    months = sorted(by_month, key=lambda m: (m is None, m or date.min))
    month_table = Table(
        "by_month",
        "Weighted forecast by month of expected close",
        _sum_columns(Column("month", "Month", CellKind.MONTH)),
        tuple(
            (month(m) if m is not None else label("No date"), *by_month[m].cells(cur))
            for m in months
        ),
        totals,
    )
    dated = [m for m in months if m is not None]
    chart = Chart(
        "forecast",
        "Weighted forecast by month",
        ChartKind.BAR,
        tuple(month(m) for m in dated),
        (
            Series("Amount", tuple(float(by_month[m].amount) for m in dated)),
            Series("Weighted", tuple(float(by_month[m].weighted) for m in dated)),
        ),
        currency=cur,
    )
    return ReportResult(
        "forecast",
        "Pipeline and forecast",
        (("As of", day(local_day(clock.now(), clock.tz))), *header),
        (stage_table, owner_table, month_table),
        (chart,),
        base_currency=cur,
        generated_at=clock.now(),
    )


def _owner_cell(owner_id: int | None, names: dict[int, str]) -> Cell:
    if owner_id is None:
        return label(_NOBODY)
    return text(names.get(owner_id, f"#{owner_id}"))


# ------------------------------------------------------------------ won / lost


def _share_table(
    table_id: str,
    title: str,
    first: Column,
    groups: dict[str | None, _Sum],
    none_label: str,
    cash: Money,
) -> Table:
    """Lost deals grouped by a name (None last), with each group's share of the count."""
    total = sum(g.count for g in groups.values())
    amount = sum(g.amount for g in groups.values())
    keys = sorted(groups, key=lambda k: (k is None, -groups[k].count, (k or "").casefold()))
    return Table(
        table_id,
        title,
        (
            first,
            Column("count", "Deals", CellKind.INT),
            Column("amount", "Amount", CellKind.MONEY),
            Column("share", "Share", CellKind.PERCENT),
        ),
        tuple(
            (
                text(k) if k is not None else label(none_label),
                integer(groups[k].count),
                money(groups[k].amount, cash.base),
                percent(groups[k].count, total),
            )
            for k in keys
        ),
        (total_row("Total", (integer(total), money(amount, cash.base), percent(total, total))),),
    )


def won_lost(ws: Workspace, params: ReportParams, clock: Clock | None = None) -> ReportResult:
    """Won amount and count by owner and by month; lost deals by reason and competitor."""
    clock = clock_or_system(clock)
    period = resolve_period(params, clock)
    tz = clock.tz
    with ws.read() as uow:
        conn = uow.session.connection()
        cash = base_money(conn, ws)
        names = user_names(conn)
        scope = deal_scope(params, client_filter(conn, params), params.pipeline_id)
        rows = conn.execute(
            sa.select(
                Stage.kind,
                Deal.owner_id,
                Deal.amount_minor,
                Deal.currency,
                Deal.closed_at,
                LossReason.name,
                Competitor.name,
            )
            .join(Stage, Stage.id == Deal.stage_id)
            .outerjoin(LossReason, LossReason.id == Deal.loss_reason_id)
            .outerjoin(Competitor, Competitor.id == Deal.competitor_id)
            .where(
                *scope,
                Stage.kind.in_([StageKind.WON, StageKind.LOST]),
                Deal.closed_at >= period.start,
                Deal.closed_at < period.end,
            )
        ).all()
        header = period_parameters(period) + scope_parameters(conn, params, names)
    won_owner: dict[int | None, _Sum] = defaultdict(_Sum)
    won_month: dict[date, _Sum] = defaultdict(_Sum)
    reasons: dict[str | None, _Sum] = defaultdict(_Sum)
    rivals: dict[str | None, _Sum] = defaultdict(_Sum)
    won, lost = _Sum(), _Sum()
    for kind, owner_id, amount, currency, closed_at, reason, competitor in rows:
        base = cash.to_base(amount, currency)
        if StageKind(kind) is StageKind.WON:
            closed = utc(closed_at)
            assert closed is not None
            for bucket in (
                won_owner[owner_id],
                won_month[local_day(closed, tz).replace(day=1)],
                won,
            ):
                bucket.add(base, 0)
        else:
            for bucket in (reasons[reason], rivals[competitor], lost):
                bucket.add(base, 0)
    cur = cash.base
    won_columns = (
        Column("count", "Won deals", CellKind.INT),
        Column("amount", "Won amount", CellKind.MONEY),
    )
    won_total = (total_row("Total", (integer(won.count), money(won.amount, cur))),)
    owners = sorted(won_owner, key=lambda o: (-won_owner[o].amount, o is None, o or 0))
    by_owner = Table(
        "won_by_owner",
        "Won by owner",
        (Column("owner", "Owner", CellKind.TEXT), *won_columns),
        tuple(
            (_owner_cell(o, names), integer(won_owner[o].count), money(won_owner[o].amount, cur))
            for o in owners
        ),
        won_total,
    )
    months = sorted(won_month)
    by_month = Table(
        "won_by_month",
        "Won by month",
        (Column("month", "Month", CellKind.MONTH), *won_columns),
        tuple(
            (month(m), integer(won_month[m].count), money(won_month[m].amount, cur)) for m in months
        ),
        won_total,
    )
    summary = Table(
        "summary",
        "Won and lost",
        (
            Column("outcome", "Outcome", CellKind.LABEL),
            Column("count", "Deals", CellKind.INT),
            Column("amount", "Amount", CellKind.MONEY),
            Column("share", "Share", CellKind.PERCENT),
        ),
        (
            (
                label("Won"),
                integer(won.count),
                money(won.amount, cur),
                percent(won.count, won.count + lost.count),
            ),
            (
                label("Lost"),
                integer(lost.count),
                money(lost.amount, cur),
                percent(lost.count, won.count + lost.count),
            ),
        ),
    )
    by_reason = _share_table(
        "lost_by_reason",
        "Lost by reason",
        Column("reason", "Loss reason", CellKind.TEXT),
        reasons,
        "No reason",
        cash,
    )
    by_rival = _share_table(
        "lost_by_competitor",
        "Lost by competitor",
        Column("competitor", "Competitor", CellKind.TEXT),
        rivals,
        "No competitor",
        cash,
    )
    named = sorted(
        (k for k in rivals if k is not None), key=lambda k: (-rivals[k].count, k.casefold())
    )
    charts = (
        Chart(
            "won_by_month",
            "Won by month",
            ChartKind.BAR,
            tuple(month(m) for m in months),
            (Series("Won amount", tuple(float(won_month[m].amount) for m in months)),),
            currency=cur,
        ),
        Chart(
            "lost_by_competitor",
            "Lost by competitor",
            ChartKind.PIE,
            tuple(text(k) for k in named),
            (Series("Deals", tuple(float(rivals[k].count) for k in named)),),
        ),
    )
    return ReportResult(
        "won-lost",
        "Won and lost deals",
        tuple(header),
        (summary, by_owner, by_month, by_reason, by_rival),
        charts,
        base_currency=cur,
        generated_at=clock.now(),
    )
