"""Reports (issue 7), the computation half: each report is a function

    report(ws: Workspace, params: ReportParams, clock: Clock | None = None) -> ReportResult

returning plain frozen data (`result.py`) that the screen, PDF and xlsx renderers walk
generically. `REPORTS` maps the CLI names (`funnel`, `forecast`, `won-lost`, `activity`,
`overdue`, `agenda`, `dossier`, `base`) to them; `run(name, …)` calls one by name.

Common rules: set-based queries (a handful per report, never one per row); money in
the base currency with the deals board's rates (`common.base_money`); local days cut
in `clock.tz`; trashed records never count; `params.pipeline_id` narrows deal reports
(funnel and forecast default to the first pipeline, won/lost and activity to all);
`owner_ids` narrow by responsible user; `tags`/`segment` by client.
"""

from __future__ import annotations

from collections.abc import Callable

from crm_desktop.domain.clock import Clock
from crm_desktop.services.reports.clients import base, dossier
from crm_desktop.services.reports.params import (
    Granularity,
    Period,
    RelativePeriod,
    ReportParams,
    relative_dates,
    resolve_period,
)
from crm_desktop.services.reports.result import (
    Cell,
    CellKind,
    Chart,
    ChartKind,
    Column,
    ReportResult,
    Series,
    Table,
)
from crm_desktop.services.reports.sales import forecast, funnel, won_lost
from crm_desktop.services.reports.work import activity, agenda, overdue
from crm_desktop.services.workspace import Workspace

Report = Callable[[Workspace, ReportParams, Clock | None], ReportResult]

REPORTS: dict[str, Report] = {
    "funnel": funnel,
    "forecast": forecast,
    "won-lost": won_lost,
    "activity": activity,
    "overdue": overdue,
    "agenda": agenda,
    "dossier": dossier,
    "base": base,
}


def run(name: str, ws: Workspace, params: ReportParams, clock: Clock | None = None) -> ReportResult:
    """Run the report called `name` (one of `REPORTS`); KeyError for an unknown name."""
    return REPORTS[name](ws, params, clock)


__all__ = [
    "REPORTS",
    "Cell",
    "CellKind",
    "Chart",
    "ChartKind",
    "Column",
    "Granularity",
    "Period",
    "RelativePeriod",
    "Report",
    "ReportParams",
    "ReportResult",
    "Series",
    "Table",
    "activity",
    "agenda",
    "base",
    "dossier",
    "forecast",
    "funnel",
    "overdue",
    "relative_dates",
    "resolve_period",
    "run",
    "won_lost",
]
