"""Progress reporting and cancellation for long operations.

A long service takes `progress: Progress | None`. It calls ``progress(done, total)``
now and then; the caller (the GUI's background runner, the CLI) shows it, and
raises `Cancelled` from inside the call to stop the operation, which then rolls
back its transaction: a cancelled operation leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """Raised from a progress callback to stop the operation; nothing is saved."""


class Ticker:
    """Counts work done and reports at most every `step` units."""

    def __init__(self, progress: Progress | None, total: int, step: int = 1000) -> None:
        self.progress = progress
        self.total = max(total, 1)
        self.step = step
        self.done = 0
        self._reported = 0

    def advance(self, units: int = 1) -> None:
        self.done += units
        if self.progress is not None and self.done - self._reported >= self.step:
            self._reported = self.done
            self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)
