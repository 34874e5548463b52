"""Benchmark: scrolling the contact tree from top to bottom at 100k persons / 25k
organizations, page by page, in the real main window.

    .venv/bin/python -m tests.benchmarks.bench_tree_scroll [--persons 100000] [--sample 25]

The main window is built offscreen on the cached base of bench_search (as in
bench_search_typing), 1280×800, the contacts page loaded. The tree is lazy: 200 rows a
page, fetched on the runner's read lane when the last loaded row of a parent comes
within a screen of the viewport (`ContactsPage._fetch_what_shows`). Two passes:

    collapsed   every organization closed: page down (the scroll bar's page step) from
                the first row to the last of the 25,000 organizations;
    expanded    back at the top, the "Private persons" group opened (25,000 people,
                paged in as they come into view) and, as the scroll goes, every
                `--sample`-th organization that comes into view opened too; page down
                to the very end.

One step is one page down (or one opening of the organizations that came into view).
Its frame time runs from the scroll (or `expand()`) to the first paint of the tree's
viewport after which the viewport is complete: the scroll position reached (when the
rows to reach it were not loaded yet, the scroll continues when they arrive), and no
parent with rows still to load shows its last loaded row above the bottom of the
viewport (a page being fetched is waited for, opened organizations included). The end
is read inside the viewport's paint event, after the view has painted.

Reports per pass and overall: steps, p50/p95/max frame ms, stalls (frames > 100 ms) and
which steps they were, steps that had to wait for rows from the background, total
seconds. Prints one JSON line.

`--gc-freeze` calls `gc.freeze()` once the window is up (what the program does not do
yet): Python's full garbage collections walk every object of the process, and with
tens of thousands of rows loaded one takes 100–250 ms on this machine class.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint
from PySide6.QtWidgets import QAbstractSlider, QApplication

from crm_desktop.gui.contacts.page import ContactsPage
from tests.benchmarks.bench_search import _pct
from tests.benchmarks.bench_search_typing import PaintProbe, main_window, wait_until

STALL_MS = 100.0


@dataclass
class _Pass:
    name: str
    frames: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # scroll position after each step
    waited: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        frames = self.frames
        return {
            "steps": len(frames),
            "p50_ms": round(statistics.median(frames), 2),
            "p95_ms": round(_pct(frames, 95), 2),
            "max_ms": round(max(frames), 2),
            "stalls": sum(f > STALL_MS for f in frames),
            "waited_for_rows": self.waited,
            "total_s": round(self.seconds, 2),
            # step number, what it did, scroll position (rows from the top), ms
            "stall_steps": [
                [i, self.kinds[i], self.rows[i], round(f)]
                for i, f in enumerate(frames)
                if f > STALL_MS
            ][:12],
        }


class _Scroller:
    def __init__(self, page: ContactsPage, sample: int) -> None:
        self.page = page
        self.view = page.view
        self.model = page.model
        self.bar = self.view.verticalScrollBar()
        self.sample = sample
        self.expanded: list[QPersistentModelIndex] = []
        self.target: int | None = None
        self.started = 0.0
        self.done_at: float | None = None
        self.last_paint: float | None = None
        self.complete_since: float | None = None
        self.waited = False
        PaintProbe(self.view.viewport(), self._painted)
        self.bar.rangeChanged.connect(self._range_changed)

    # ---------------------------------------------------------------- state

    def _total(self, parent: QModelIndex) -> int:
        if not parent.isValid():
            return self.model.counts()[0] + 1  # the group row, then the organizations
        if self.model.is_group(parent):
            return self.model.counts()[1]
        record = self.model.record(parent)
        return record.person_count if record is not None else 0

    def _parents(self) -> list[QModelIndex]:
        parents = [QModelIndex()]
        parents += [QModelIndex(p) for p in self.expanded if p.isValid()]
        return parents

    def _viewport_complete(self) -> bool:
        height = self.view.viewport().height()
        for parent in self._parents():
            rows = self.model.rowCount(parent)
            if rows >= self._total(parent):
                continue
            last = (
                self.view.visualRect(self.model.index(rows - 1, 0, parent))
                if rows
                else self.view.visualRect(parent)
            )
            if last.isValid() and last.bottom() < height - 1:
                return False  # rows still to come would show below it
        return True

    def all_loaded(self) -> bool:
        return all(self.model.rowCount(p) >= self._total(p) for p in self._parents())

    def _at_target(self) -> bool:
        if self.target is None:
            return True
        if self.bar.value() >= self.target:
            return True
        return self.bar.value() == self.bar.maximum() and self.all_loaded()

    def _complete(self) -> bool:
        return self._at_target() and self._viewport_complete()

    # ------------------------------------------------------------ signals

    def _painted(self, at: float) -> None:
        self.last_paint = at
        if self.done_at is None and self.started:
            if self._complete():
                self.done_at = at
            else:
                self.waited = True  # painted with rows still to come (placeholders, a gap)

    def _range_changed(self, _low: int, high: int) -> None:
        if self.target is not None and self.done_at is None and self.bar.value() < self.target:
            self.waited = True
            self.bar.setValue(min(self.target, high))

    # -------------------------------------------------------------- steps

    def _finish(self) -> bool:
        if self.done_at is not None:
            return True
        if not self._complete():
            self.complete_since = None
            if self.target is not None and self.bar.value() < self.target:
                if self.bar.maximum() > self.bar.value():
                    self.bar.setValue(min(self.target, self.bar.maximum()))
                else:
                    self.waited = True
            return False
        now = time.perf_counter()
        if self.complete_since is None:
            self.complete_since = now
        # complete without a paint after it (nothing on screen changed): done when quiet
        if now - self.complete_since > 0.2:
            self.done_at = self.complete_since
            return True
        return False

    def step(self, action: Any, kind: str, result: _Pass) -> None:
        self.done_at = None
        self.complete_since = None
        self.waited = False
        self.started = time.perf_counter()
        if kind == "scroll":
            self.target = min(self.bar.value() + self.bar.pageStep(), 1 << 30)
        else:
            self.target = None
        action()
        wait_until(self._finish, timeout_ms=60_000, poll_ms=1)
        assert self.done_at is not None
        result.frames.append((self.done_at - self.started) * 1000)
        result.kinds.append(kind)
        result.rows.append(self.bar.value())
        result.waited += self.waited
        self.started = 0.0

    def page_down(self, result: _Pass) -> None:
        self.step(
            lambda: self.bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd),
            "scroll",
            result,
        )

    def at_end(self) -> bool:
        return self.bar.value() >= self.bar.maximum() and self.all_loaded()

    def sampled_in_view(self) -> list[QModelIndex]:
        """Organizations in the viewport whose row number is a multiple of `sample`."""
        found = []
        viewport = self.view.viewport().rect()
        y = 0
        while y < viewport.height():
            index = self.view.indexAt(QPoint(2, y))
            if not index.isValid():
                break
            rect = self.view.visualRect(index)
            if (
                not index.parent().isValid()
                and index.row() > 0
                and index.row() % self.sample == 0
                and not self.view.isExpanded(index)
                and self.model.hasChildren(index)
            ):
                found.append(index.siblingAtColumn(0))
            y = rect.bottom() + 1
        return found

    def expand(self, indexes: list[QModelIndex], result: _Pass) -> None:
        def act() -> None:
            for index in indexes:
                self.expanded.append(QPersistentModelIndex(index))
                self.view.expand(index)

        self.step(act, "expand", result)


def _run_pass(scroller: _Scroller, result: _Pass, *, open_sample: bool) -> None:
    started = time.perf_counter()
    guard = 0
    while not scroller.at_end():
        scroller.page_down(result)
        if open_sample:
            sampled = scroller.sampled_in_view()
            if sampled:
                scroller.expand(sampled, result)
        guard += 1
        if guard > 200_000:
            raise RuntimeError("the end never came")
    result.seconds = time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=25, help="open every N-th organization")
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after start-up")
    args = parser.parse_args()
    with main_window(args.persons) as window:
        if args.gc_freeze:
            gc.collect()
            gc.freeze()
        page = window.show_page("contacts")
        assert isinstance(page, ContactsPage)
        wait_until(lambda: page.model.is_loaded() and not window.ctx.runner.busy())
        scroller = _Scroller(page, args.sample)
        organizations, private = page.model.counts()

        collapsed = _Pass("collapsed")
        _run_pass(scroller, collapsed, open_sample=False)
        top_rows = page.model.rowCount()

        expanded = _Pass("expanded")
        scroller.step(lambda: scroller.bar.setValue(0), "top", _Pass("ignored"))
        group = page.model.index(0, 0)
        scroller.expand([group], expanded)
        _run_pass(scroller, expanded, open_sample=True)
        opened = len(scroller.expanded) - 1
        persons_loaded = sum(page.model.rowCount(QModelIndex(p)) for p in scroller.expanded)
        QApplication.processEvents()

    every = collapsed.frames + expanded.frames
    print(
        json.dumps(
            {
                "benchmark": "tree_scroll",
                "persons": args.persons,
                "organizations": organizations,
                "private_persons": private,
                "rows_loaded": {"organizations": top_rows - 1, "persons": persons_loaded},
                "organizations_opened": opened,
                "steps": len(every),
                "p50_ms": round(statistics.median(every), 2),
                "p95_ms": round(_pct(every, 95), 2),
                "max_ms": round(max(every), 2),
                "stalls": sum(f > STALL_MS for f in every),
                "stall_ms": STALL_MS,
                "gc_freeze": args.gc_freeze,
                "total_s": round(collapsed.seconds + expanded.seconds, 2),
                "collapsed": collapsed.summary(),
                "expanded": expanded.summary(),
                "python": platform.python_version(),
                "machine": platform.machine(),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
