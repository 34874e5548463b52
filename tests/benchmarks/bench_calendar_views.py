"""Benchmark: switching the calendar's views in the real main window — a month with
5,000 activities, a week with 500 of them.

    .venv/bin/python -m tests.benchmarks.bench_calendar_views [--rounds 10] [--history 50000]

The base is bench_activities' (generated once into bench-data/ and reused: a demo, then
`--history` activities over the year before, June 2025's 5,000 — 500 in the week of 9
June — and 20 weekly series). The MainWindow runs offscreen at 1440×900 with a clock
fixed on Wednesday 11 June 2025, 12:00 in Moscow, shows the calendar, lets its start-up
work finish (the reminders' first check, 1.5 s after start, pops up the base's missed
reminders) and cycles

    week → month → week → day → month → work week → agenda → week …

Each switch is timed from `page.set_mode(mode)` to the view painted with its data:
the background read (`activities_between` for the view's days, all users) has come
back and been laid out — the event loop runs until the runner is idle — and then the
view is repainted (``repaint()``, synchronous). Reported: p50 / p95 / max per switch
(ms); the CPU time the GUI thread spent in them (the same work without the time it
waited for a processor on a busy machine); the same per target mode; and the medians of
the parts (the read on the reader thread, the layout in ``set_data``, the paint). A
switch into which one of Python's full garbage collections fell (they stop every thread
for 80–200 ms with the application's ~130k objects) is listed apart.
Prints one JSON line. Target: every switch ≤ 200 ms.

The page reads ahead: after the first read of a period it reads the period's
neighbourhood (the month's six weeks and the agenda's 30 days) once in the background,
so a switch within it shows items already in hand (valid until a change is announced,
2 minutes at most). The figures are taken as the application runs (the read ahead done
before the first switch) and then cold (`"cold"`: the read ahead off, every switch
waits for its own read of the base), which shows what a switch costs after a change or
out of the neighbourhood.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from crm_desktop.config import AppPaths
from crm_desktop.domain.clock import FixedClock, at_local
from crm_desktop.gui.activities import calendar_page
from crm_desktop.gui.activities.calendar_page import CalendarPage
from crm_desktop.gui.activities.calendar_views import AgendaView, MonthView, TimeGridView
from crm_desktop.gui.app import application, build_window
from crm_desktop.gui.context import AppContext
from crm_desktop.services import activities as act
from crm_desktop.services.workspace import Workspace
from tests.benchmarks.bench_activities import TZ, _base

TARGET_MS = 200.0
CYCLE = ("week", "month", "week", "day", "month", "work_week", "agenda")
SHOWN_DAY = date(2025, 6, 11)  # Wednesday of the measured week
SETTLE_MS = 2_500  # past the reminders' first check (1.5 s after start)


def _until_idle(ctx: AppContext, timeout_ms: int = 30_000) -> None:
    """Run the event loop until every background job has reported back."""
    if not ctx.runner.busy():  # shown from the items in hand: nothing to wait for
        return
    loop = QEventLoop()

    def finished(_job: object) -> None:
        # the job's callback runs right after this signal, before the loop returns
        if not ctx.runner.busy():
            loop.quit()

    ctx.runner.job_finished.connect(finished)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    ctx.runner.job_finished.disconnect(finished)
    if ctx.runner.busy():
        _until_idle(ctx, timeout_ms)


def _settle(ctx: AppContext, ms: int) -> None:
    """Run the event loop for `ms`, then until the runner is idle (a tool's wait)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    _until_idle(ctx)
    QApplication.processEvents()


def _timed(times: list[float], fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            times.append((time.perf_counter() - started) * 1000)

    return wrapper


def _painted(view: QWidget) -> QWidget:
    return view.viewport() if isinstance(view, TimeGridView | AgendaView) else view


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(p95, 1),
        "max": round(ordered[-1], 1),
    }


def _p50(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


class _FullCollections:
    """Notes when Python's full garbage collections (generation 2) run: they stop every
    thread, and one that falls into a switch is most of a slow switch."""

    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.spans.append((self._started, time.perf_counter()))

    def within(self, start: float, end: float) -> bool:
        return any(a < end and b > start for a, b in self.spans)


def _cycle(base: str, rounds: int, work: Path, freeze: bool = False) -> dict[str, Any]:
    """One window, `rounds` cycles of switches; the figures of one setting."""
    app = application()
    collections = _FullCollections()
    clock = FixedClock(at_local(SHOWN_DAY, datetime.min.time().replace(hour=12), TZ), TZ)
    query_ms: list[float] = []
    layout_ms: list[float] = []
    paint_by_mode: dict[str, list[float]] = {}
    original_query = act.activities_between
    calendar_page.svc.activities_between = _timed(query_ms, original_query)  # type: ignore[attr-defined]
    layouts = {cls: cls.set_data for cls in (TimeGridView, MonthView, AgendaView)}
    for cls, method in layouts.items():
        cls.set_data = _timed(layout_ms, method)  # type: ignore[method-assign]
    ws = Workspace.open(base, paths=AppPaths.resolve(work / "data"))
    try:
        ctx = AppContext(ws, QSettings(str(work / "w.ini"), QSettings.Format.IniFormat))
        ctx.clock = clock
        window = build_window(ctx)
        window.resize(1440, 900)
        window.show()
        page = window.show_page("calendar")
        assert isinstance(page, CalendarPage)
        page.set_date(SHOWN_DAY)
        page.set_mode("week")
        _until_idle(ctx)
        _settle(ctx, SETTLE_MS)  # the window's start-up work (the missed reminders) done
        if freeze:  # start-up objects out of every full collection, as `gc.freeze()` does
            gc.collect()
            gc.freeze()
        query_ms.clear()
        layout_ms.clear()
        switches: list[tuple[str, float, int]] = []
        cpu: list[float] = []
        collected: list[float] = []  # the switches a full collection fell into
        gc.callbacks.append(collections)
        previous = page.mode
        for _ in range(rounds):
            for mode in CYCLE:
                if mode == previous:
                    continue
                started = time.perf_counter()
                cpu_started = time.thread_time()
                page.set_mode(mode)
                _until_idle(ctx)
                painted = time.perf_counter()
                _painted(page.current_view()).repaint()
                done = time.perf_counter()
                cpu.append((time.thread_time() - cpu_started) * 1000)
                paint_by_mode.setdefault(mode, []).append((done - painted) * 1000)
                switches.append((mode, (done - started) * 1000, len(page.shown_items())))
                if collections.within(started, done):
                    collected.append((done - started) * 1000)
                previous = mode
                app.processEvents()  # what the event loop does between two clicks
        window.close()
        ctx.runner.wait()
    finally:
        if collections in gc.callbacks:
            gc.callbacks.remove(collections)
        gc.unfreeze()
        ws.close()
        calendar_page.svc.activities_between = original_query  # type: ignore[attr-defined]
        for cls, method in layouts.items():
            cls.set_data = method  # type: ignore[method-assign]
    times = [ms for _mode, ms, _n in switches]
    return {
        "shown": {mode: count for mode, _ms, count in switches},
        "switches": len(times),
        "switch_ms": _stats(times),
        "gui_thread_cpu_ms": _stats(cpu),
        "with_full_gc_ms": [round(ms, 1) for ms in collected],
        "switch_ms_without_full_gc": _stats([ms for ms in times if ms not in collected]),
        "by_mode_ms": {
            mode: _stats([ms for m, ms, _n in switches if m == mode])
            for mode in dict.fromkeys(CYCLE)
        },
        "reads": len(query_ms),
        "read_ms_p50": _p50(query_ms),
        "layout_ms_p50": _p50(layout_ms),
        "paint_ms_p50": {mode: _p50(ms) for mode, ms in paint_by_mode.items()},
    }


def run(base: str, rounds: int, freeze: bool = False) -> dict[str, Any]:
    """As the application runs (the neighbourhood read ahead once), then cold: every
    switch reads the base (`CACHE_SECONDS = 0`)."""
    work = Path(tempfile.mkdtemp(prefix="crm-bench-calendar-"))
    warm = _cycle(base, rounds, work, freeze)
    saved = calendar_page.CACHE_SECONDS
    calendar_page.CACHE_SECONDS = 0.0
    try:
        cold = _cycle(base, max(1, rounds // 2), work, freeze)
    finally:
        calendar_page.CACHE_SECONDS = saved
    shown = warm.pop("shown")
    cold.pop("shown")
    result: dict[str, Any] = {
        "benchmark": "calendar_views",
        "base": Path(base).name,
        "week_shown": shown.get("week"),
        "month_shown": shown.get("month"),
        "day_shown": shown.get("day"),
        "agenda_shown": shown.get("agenda"),
        **warm,
        "cold": cold,
        "gc_freeze": freeze,
        "window": "1440x900",
        "target_ms": TARGET_MS,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    result["over_target"] = warm["switch_ms"]["max"] > TARGET_MS
    result["over_target_without_full_gc"] = warm["switch_ms_without_full_gc"]["max"] > TARGET_MS
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--history", type=int, default=50_000, help="activities before the month")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() once the window is up (what the application could do at start)",
    )
    parser.add_argument("--db", help="a base to measure instead of bench_activities' cached one")
    args = parser.parse_args()
    base = _base(args.db, args.history)
    print(json.dumps(run(base, args.rounds, args.gc_freeze), ensure_ascii=False))


if __name__ == "__main__":
    main()
