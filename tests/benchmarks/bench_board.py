"""Benchmark: the deals board with 10k open deals — time to show it, time from a drop to
the move saved and repainted, and the memory the board adds.

    .venv/bin/python -m tests.benchmarks.bench_board [--deals 16000] [--runs 5] [--moves 20]

The demo base (bench-data/board-N.sqlite3, generated once; about 65 % of the demo's
deals are open and in the main pipeline) is copied to a temporary folder, so the moves
do not change the cached base. The page runs offscreen in this process, at 1440×900,
driven the way the tests drive it:

    show_ms     page.activate() → pipelines and board read in the background, the model
                filled, the columns built → the page painted (``repaint()``) — median of
                `--runs` fresh pages
    load_ms     of which deals.load_board alone (median, called directly)
    drop_ms     drag enter/move/drop events on the next column → the card moved on screen
                at once, deals.move_deal saved on the writer thread, the saved card
                applied → the target column painted again by the event loop (median of
                `--moves`, alternating two open columns)
    drop_shown_ms   of which the drop → the target column's first paint (the card shown
                in its new column before the base has it)
    move_deal_ms    of which deals.move_deal on the writer thread (median)
    added_mb    resident memory after the first board is on screen minus before the page
                was created (after a warm-up load_board, so the service's own caches and
                imports are not counted as the board's)

Prints one JSON line.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from crm_desktop.config import AppPaths
from crm_desktop.domain.kinds import StageKind
from crm_desktop.gui.app import application
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.deals.board import encode_card
from crm_desktop.gui.deals.page import DealsPage
from crm_desktop.services import deals
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2] / "bench-data"
TARGETS = {"show_ms": 300.0, "drop_ms": 50.0, "added_mb": 50.0}


def _base(n_deals: int) -> Path:
    path = ROOT / f"board-{n_deals}.sqlite3"
    if not path.exists():
        ROOT.mkdir(exist_ok=True)
        tmp = path.with_suffix(".partial")
        for leftover in ROOT.glob(tmp.name + "*"):
            leftover.unlink()
        ws = Workspace.open(str(tmp), paths=AppPaths.resolve(ROOT), create=True)
        try:
            generate_demo(ws, DemoSpec(persons=20_000, deals=n_deals, tasks=8_000))
        finally:
            ws.close()
        tmp.rename(path)
    return path


def _rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _wait(signal: Any, timeout_ms: int = 30_000) -> None:
    """Run the event loop until `signal` fires (a tool's wait, not the app's)."""
    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(done)
    if not fired:
        raise RuntimeError("timed out")


def _idle(ctx: AppContext) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: None if ctx.runner.busy() else loop.quit())
    timer.start()
    loop.exec()
    timer.stop()


def _main_pipeline(ws: Workspace) -> tuple[int, int]:
    """The pipeline with the most open deals, and how many."""
    best = (0, -1)
    for pipeline in deals.list_pipelines(ws):
        board = deals.load_board(ws, pipeline.id)
        count = sum(1 for c in board.cards if c.stage_kind is StageKind.OPEN)
        if count > best[1]:
            best = (pipeline.id, count)
    return best


def _ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _new_page(ctx: AppContext, pipeline_id: int) -> DealsPage:
    ctx.settings.setValue("deals/pipeline", pipeline_id)
    ctx.settings.setValue("deals/view", "board")
    page = DealsPage(ctx)
    page.resize(1440, 900)
    page.show()
    QApplication.processEvents()
    return page


def _show(page: DealsPage) -> float:
    started = time.perf_counter()
    page.activate()
    _wait(page.board_shown)
    page.repaint()
    return (time.perf_counter() - started) * 1000


class _Paints(QObject):
    """Notes when a widget paints (the event loop's own paint, not a forced one)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        self.times: list[float] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.times.append(time.perf_counter())
        return False

    def remove(self) -> None:
        self.widget.removeEventFilter(self)


def _drop(page: DealsPage, card_id: int, to_stage: int) -> tuple[float, float]:
    """(drop → saved and repainted, drop → shown in the new column) in ms, as the
    application paints: the drop events are sent, then the event loop runs until the
    target column has painted the saved card."""
    card = page.model.card(card_id)
    target = page.board.view_of(to_stage)
    assert card is not None and target is not None
    mime = encode_card(card)
    viewport = target.viewport()
    pos = QPoint(viewport.width() // 2, 40)
    move, left, none = (
        Qt.DropAction.MoveAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    paints = _Paints(viewport)
    saved_at: list[float] = []
    loop = QEventLoop()

    def saved(_deal_id: int) -> None:
        saved_at.append(time.perf_counter())

    def check() -> None:
        if saved_at and any(t > saved_at[0] for t in paints.times):
            loop.quit()

    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(check)
    page.move_saved.connect(saved)
    started = time.perf_counter()
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, move, mime, left, none))
    QApplication.sendEvent(viewport, QDragMoveEvent(pos, move, mime, left, none))
    QApplication.sendEvent(viewport, QDropEvent(QPointF(pos), move, mime, left, none))
    timer.start()
    QTimer.singleShot(30_000, loop.quit)
    loop.exec()
    timer.stop()
    page.move_saved.disconnect(saved)
    paints.remove()
    if not saved_at:
        raise RuntimeError("the move was not saved")
    repainted = next(t for t in paints.times if t > saved_at[0])
    return (repainted - started) * 1000, (paints.times[0] - started) * 1000


def _timed_moves(times: list[float]) -> Callable[[], None]:
    """Record how long deals.move_deal takes (on the writer thread); returns the undo."""
    original = deals.move_deal

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            times.append((time.perf_counter() - started) * 1000)

    deals.move_deal = timed  # type: ignore[assignment]

    def undo() -> None:
        deals.move_deal = original  # type: ignore[assignment]

    return undo


def run(base: Path, runs: int, moves: int) -> dict[str, Any]:
    app = application()
    work = Path(tempfile.mkdtemp(prefix="crm-bench-board-"))
    try:
        db = work / "board.sqlite3"
        shutil.copy(base, db)
        ws = Workspace.open(str(db), paths=AppPaths.resolve(work / "data"))
        try:
            pipeline_id, open_deals = _main_pipeline(ws)
            load_times = [_ms(lambda: deals.load_board(ws, pipeline_id)) for _ in range(runs)]
            board = deals.load_board(ws, pipeline_id)
            ctx = AppContext(ws, QSettings(str(work / "w.ini"), QSettings.Format.IniFormat))
            app.processEvents()
            gc.collect()
            before = _rss_mb()
            show_times = []
            added = 0.0
            page: DealsPage | None = None
            for n in range(runs):
                if page is not None:
                    page.close()
                    page.deleteLater()
                    app.processEvents()
                page = _new_page(ctx, pipeline_id)
                show_times.append(_show(page))
                _idle(ctx)
                if n == 0:
                    gc.collect()
                    added = _rss_mb() - before
            assert page is not None
            stages = [s for s in page.model.stages() if s.kind is StageKind.OPEN]
            first, second = stages[0].id, stages[1].id
            drop_times, shown_times, commit_times = [], [], []
            undo = _timed_moves(commit_times)
            for n in range(moves):
                source, target = (first, second) if n % 2 == 0 else (second, first)
                ids = page.model.column_ids(source)
                total, shown = _drop(page, ids[0], target)
                drop_times.append(total)
                shown_times.append(shown)
                _idle(ctx)
            undo()
            cards_on_board = page.model.card_count()
            page.close()
            ctx.runner.wait()
        finally:
            ws.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "benchmark": "deals_board",
        "base": base.name,
        "open_deals": open_deals,
        "cards_on_board": cards_on_board,
        "stages": len(board.pipeline.stages),
        "show_ms": round(statistics.median(show_times), 1),
        "show_first_ms": round(show_times[0], 1),
        "load_ms": round(statistics.median(load_times), 1),
        "drop_ms": round(statistics.median(drop_times), 1),
        "drop_max_ms": round(max(drop_times), 1),
        "drop_shown_ms": round(statistics.median(shown_times), 1),
        "move_deal_ms": round(statistics.median(commit_times), 1),
        "added_mb": round(added, 1),
        "runs": runs,
        "moves": moves,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    result["over_target"] = sorted(k for k, limit in TARGETS.items() if result[k] > limit)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deals", type=int, default=16_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--db", help="a base to measure instead of the cached demo")
    args = parser.parse_args()
    base = Path(args.db) if args.db else _base(args.deals)
    print(json.dumps(run(base, args.runs, args.moves), ensure_ascii=False))


if __name__ == "__main__":
    main()
