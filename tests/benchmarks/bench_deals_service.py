"""Benchmark: the deals board and moving a deal, on a demo base with many open deals.

    .venv/bin/python -m tests.benchmarks.bench_deals_service [--open-deals 10000] [--db PATH]

The demo generator makes the base (nine tenths of its deals go to the first pipeline,
about 72 % of those open); it is asked for enough deals to put at least `--open-deals`
open deals on the first pipeline's board. Measured: the whole board (won and lost
deals of all time too), the open deals only (`closed_since` tomorrow), the board with
won/lost deals of the last 30 days only, a
text + amount filtered board, and moving one deal back and forth (a write transaction
with its history row, audit and the card read back). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from crm_desktop.config import AppPaths
from crm_desktop.domain.kinds import StageKind
from crm_desktop.services import deals
from crm_desktop.services.deals import DealFilter
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Activity, Deal, Stage

OPEN_SHARE = 0.9 * 0.70  # first pipeline x open stages, with a margin


def _median_ms(runs: int, op: object) -> float:
    assert callable(op)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        op()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open-deals", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", help="a database URL or file to use (default: a temporary file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        target = args.db or str(Path(tmp) / "bench.sqlite3")
        ws = Workspace.open(target, paths=AppPaths.resolve(tmp), create=True)
        try:
            total = int(args.open_deals / OPEN_SHARE) + 1
            started = time.perf_counter()
            generate_demo(ws, DemoSpec(persons=20_000, deals=total, tasks=30_000))
            build_s = time.perf_counter() - started
            pipeline = deals.list_pipelines(ws)[0]
            open_stages = [s.id for s in pipeline.stages if s.kind is StageKind.OPEN]
            with ws.read() as uow:
                s = uow.session
                open_count = s.scalar(
                    sa.select(sa.func.count())
                    .select_from(Deal)
                    .join(Stage, Stage.id == Deal.stage_id)
                    .where(Deal.pipeline_id == pipeline.id, Stage.kind == StageKind.OPEN)
                )
                planned = s.scalar(
                    sa.select(sa.func.count()).where(
                        Activity.deal_id.is_not(None), Activity.done_at.is_(None)
                    )
                )
            deals.load_board(ws, pipeline.id)  # warm the caches
            board = deals.load_board(ws, pipeline.id)
            board_ms = _median_ms(args.runs, lambda: deals.load_board(ws, pipeline.id))
            open_only = DealFilter(closed_since=date.today() + timedelta(days=1))
            open_cards = len(deals.load_board(ws, pipeline.id, open_only).cards)
            open_ms = _median_ms(args.runs, lambda: deals.load_board(ws, pipeline.id, open_only))
            recent = DealFilter(closed_since=date.today() - timedelta(days=30))
            recent_cards = len(deals.load_board(ws, pipeline.id, recent).cards)
            recent_ms = _median_ms(args.runs, lambda: deals.load_board(ws, pipeline.id, recent))
            filtered_ms = _median_ms(
                args.runs,
                lambda: deals.load_board(
                    ws, pipeline.id, DealFilter(text="пост", amount_min_minor=1)
                ),
            )
            card = next(c for c in board.cards if c.stage_id == open_stages[0])
            targets = iter([open_stages[1], open_stages[0]] * (args.runs * 2))
            move_ms = _median_ms(args.runs * 2, lambda: deals.move_deal(ws, card.id, next(targets)))
        finally:
            ws.close()
    print(
        json.dumps(
            {
                "benchmark": "deals_service",
                "backend": "postgresql" if args.db and "://" in args.db else "sqlite",
                "open_deals": open_count,
                "board_cards": len(board.cards),
                "planned_deal_activities": planned,
                "build_seconds": round(build_s, 1),
                "load_board_median_ms": board_ms,
                "board_cards_open_only": open_cards,
                "load_board_open_only_median_ms": open_ms,
                "board_cards_closed_last_30_days": recent_cards,
                "load_board_closed_last_30_days_median_ms": recent_ms,
                "load_board_text_filter_median_ms": filtered_ms,
                "move_deal_median_ms": move_ms,
                "python": platform.python_version(),
                "machine": platform.machine(),
            }
        )
    )


if __name__ == "__main__":
    main()
