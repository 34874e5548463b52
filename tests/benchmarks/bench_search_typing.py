"""Benchmark: search as you type in the real main window — from a keystroke in the search
box to the results popup repainted with that query's results.

    .venv/bin/python -m tests.benchmarks.bench_search_typing [--persons 100000] [--queries 40]

The main window is built offscreen (as `crm-desktop gui` builds it) on the cached base
of bench_search (bench-data/search-N.sqlite3), shown at 1280×800, the contacts page
loaded; then the search box gets the focus and queries drawn from the base (surnames,
"first last", phone fragments in several formats, whole and partial emails) are typed
one character at a time, as key events carrying their text. Between queries the box is
emptied with Ctrl+A, Backspace (not measured).

What one keystroke measures (`latency_ms`): the key press sent to the line edit →
`textEdited` → the search dispatched to the runner's read lane → `services.search` on a
worker thread → the result back on the GUI thread → the model reset, the popup placed →
the popup's viewport painted. The end is taken inside the viewport's own paint event,
right after the view has painted the new rows (an event filter lets the view paint, then
reads the clock). A query with no hits hides the popup: it ends at `results_shown`.

Typing is closed-loop: the next key is pressed once the previous one's results are on
screen and after a pause (`--gap-ms`, default 60 ms: a fast typist's rhythm), so each
figure is one keystroke's own latency, not a queue.

`gui/search.py` has no debounce: each keystroke starts its search at once and a late
result of an older keystroke is dropped. So the latency including and excluding the
debounce are the same figure (`debounce_ms: 0`); the issue's "results update within
50 ms of a keystroke" is this keystroke-to-repainted-results time, and the target is
p95 ≤ 50 ms. `to_results_ms` is the part up to the model holding the new rows (before
painting); `search_ms` is the service call alone, timed on the worker.

Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

import crm_desktop.gui.search as gui_search
from crm_desktop.config import AppPaths
from crm_desktop.gui.app import application, build_window
from crm_desktop.gui.context import AppContext, Dialogs
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.services.workspace import Workspace
from tests.benchmarks.bench_search import ROOT, _base, _pct, _queries

TARGET_P95_MS = 50.0
KINDS = ("surname", "first_last", "phone", "email", "email_part")


# ---------------------------------------------------------------- shared with bench_tree_scroll


def wait_until(done: Callable[[], bool], timeout_ms: int = 60_000, poll_ms: int = 2) -> None:
    """Run the event loop until `done()` (a benchmark's wait, not the app's)."""
    if done():
        return
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(poll_ms)
    timer.timeout.connect(lambda: loop.quit() if done() else None)
    timer.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()
    if not done():
        raise RuntimeError("timed out")


def pause(ms: int) -> None:
    """Let the event loop run for `ms` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


@contextmanager
def main_window(persons: int, size: tuple[int, int] = (1280, 800)) -> Iterator[MainWindow]:
    """The application's main window on the cached demo base, shown, its first page loaded."""
    application()
    base = _base(persons)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(str(base), paths=AppPaths.resolve(ROOT))
        settings = QSettings(str(Path(tmp) / "window.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(ws, settings, Dialogs())
        window = build_window(ctx)
        try:
            window.resize(*size)
            window.show()
            wait_until(lambda: window.current_page.is_ready() and not ctx.runner.busy())
            yield window
        finally:
            ctx.runner.cancel_all()
            ctx.runner.wait()
            window.close()
            window.deleteLater()
            ws.close()


class PaintProbe(QObject):
    """Lets a widget paint, then calls `painted()` with the clock read right after."""

    def __init__(self, widget: QWidget, painted: Callable[[float], None]) -> None:
        super().__init__(widget)
        self._painted = painted
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        parent = watched.parent()  # the item view owning this viewport
        if isinstance(parent, QWidget) and hasattr(parent, "viewportEvent"):
            parent.viewportEvent(event)  # paint now
        else:
            watched.event(event)
        self._painted(time.perf_counter())
        return True  # painted already


# ---------------------------------------------------------------------------- this benchmark


def _key(widget: QWidget, key: Qt.Key, text: str = "", mods: Any = None) -> None:
    modifiers = mods if mods is not None else Qt.KeyboardModifier.NoModifier
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))


def _key_of(ch: str) -> Qt.Key:
    if ch.isascii() and (ch.isalnum() or ch in " +-()@._"):
        code = ord(ch.upper())
        try:
            return Qt.Key(code)
        except ValueError:
            return Qt.Key.Key_unknown
    return Qt.Key.Key_unknown


class _Keystroke:
    def __init__(self, query: str, started: float) -> None:
        self.query = query
        self.started = started
        self.results_at: float | None = None
        self.painted_at: float | None = None
        self.hits = -1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--min-keystrokes", type=int, default=300)
    parser.add_argument("--gap-ms", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    search_ms: list[float] = []
    original_search = gui_search.search

    def timed_search(*a: Any, **kw: Any) -> Any:  # the service call, on the worker thread
        started = time.perf_counter()
        try:
            return original_search(*a, **kw)
        finally:
            search_ms.append((time.perf_counter() - started) * 1000)

    gui_search.search = timed_search  # type: ignore[assignment]

    latencies: list[float] = []
    to_results: list[float] = []
    by_kind: dict[str, list[float]] = {}
    no_hit_keys = 0
    with main_window(args.persons) as window:
        ctx = window.ctx
        box = window.search_box
        rng = random.Random(args.seed)
        pool = [q for q in _queries(ctx.ws, args.queries * 10 + 200, args.seed) if q[0] in KINDS]
        rng.shuffle(pool)
        warm_up, pool = pool[:5], pool[5:]
        queries: list[tuple[str, str]] = []
        current: list[_Keystroke] = []

        def shown(query: str, hits: int) -> None:
            if current and current[0].query == query and current[0].results_at is None:
                current[0].results_at = time.perf_counter()
                current[0].hits = hits

        def painted(at: float) -> None:
            if current and current[0].results_at is not None and current[0].painted_at is None:
                current[0].painted_at = at

        box.results_shown.connect(shown)
        PaintProbe(box.popup.viewport(), painted)
        window.activateWindow()
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        QApplication.processEvents()

        def done() -> bool:
            k = current[0]
            return k.results_at is not None and (k.hits == 0 or k.painted_at is not None)

        def type_query(kind: str, text: str, measure: bool) -> None:
            nonlocal no_hit_keys
            _key(box, Qt.Key.Key_A, "", Qt.KeyboardModifier.ControlModifier)
            _key(box, Qt.Key.Key_Backspace)
            pause(args.gap_ms)
            typed = ""
            for ch in text:
                typed += ch
                stroke = _Keystroke(typed.strip(), time.perf_counter())
                current[:] = [stroke]
                _key(box, _key_of(ch), ch)
                if not stroke.query:
                    pause(args.gap_ms)
                    continue
                wait_until(done, timeout_ms=10_000, poll_ms=1)
                assert stroke.results_at is not None
                end = stroke.painted_at if stroke.hits else stroke.results_at
                assert end is not None
                if measure:
                    ms = (end - stroke.started) * 1000
                    latencies.append(ms)
                    to_results.append((stroke.results_at - stroke.started) * 1000)
                    by_kind.setdefault(kind, []).append(ms)
                    no_hit_keys += stroke.hits == 0
                pause(args.gap_ms)
            assert box.text() == text, (box.text(), text)

        for kind, text in warm_up:  # not measured
            type_query(kind, text, measure=False)
        search_ms.clear()
        for kind, text in pool:
            if len(queries) >= args.queries and len(latencies) >= args.min_keystrokes:
                break
            queries.append((kind, text))
            type_query(kind, text, measure=True)
        popup_rows = box.model.rowCount()
    gui_search.search = original_search  # type: ignore[assignment]

    print(
        json.dumps(
            {
                "benchmark": "search_typing",
                "persons": args.persons,
                "queries": len(queries),
                "keystrokes": len(latencies),
                "debounce_ms": 0,
                "p50_ms": round(statistics.median(latencies), 2),
                "p95_ms": round(_pct(latencies, 95), 2),
                "max_ms": round(max(latencies), 2),
                "target_p95_ms": TARGET_P95_MS,
                "within_target": _pct(latencies, 95) <= TARGET_P95_MS,
                "to_results_p95_ms": round(_pct(to_results, 95), 2),
                "search_p50_ms": round(statistics.median(search_ms), 2),
                "search_p95_ms": round(_pct(search_ms, 95), 2),
                "keystrokes_without_hits": no_hit_keys,
                "p95_ms_by_kind": {k: round(_pct(v, 95), 2) for k, v in sorted(by_kind.items())},
                "last_popup_rows": popup_rows,
                "python": platform.python_version(),
                "machine": platform.machine(),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
