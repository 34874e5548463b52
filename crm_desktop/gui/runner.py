"""The one background runner: long work off the GUI thread, with progress and cancel.

``runner.run(op, on_success, on_failure, title=…)`` runs ``op(progress)`` on a
worker thread and calls ``on_success(result)`` or ``on_failure(error)`` back on
the GUI thread. Writes go to a single writer thread, one after another (SQLite
has one writer); reads may run two at a time. ``op`` must not touch widgets.
A job with a title shows in the status bar with a progress bar and a Cancel
button; cancelling makes the next ``progress(done, total)`` call raise
`Cancelled`, and the service rolls its transaction back.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from crm_desktop.services.progress import Cancelled, Progress

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(eq=False)
class Job(Generic[T]):
    """A handle on submitted work."""

    title: str
    write: bool
    cancel_event: threading.Event = field(default_factory=threading.Event)
    done: int = 0
    total: int = 0
    finished: bool = False

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class _Signals(QObject):
    succeeded = Signal(object, object)  # job, result
    failed = Signal(object, object, str)  # job, exception, formatted traceback
    progressed = Signal(object, int, int)  # job, done, total


class _Task(QRunnable):
    def __init__(self, job: Job[Any], op: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.job = job
        self.op = op
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        job = self.job

        def progress(done: int, total: int) -> None:
            if job.cancelled:
                raise Cancelled
            self.signals.progressed.emit(job, done, total)

        try:
            if job.cancelled:
                raise Cancelled
            result = self.op(progress)
        except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread
            self.signals.failed.emit(job, exc, traceback.format_exc())
        else:
            self.signals.succeeded.emit(job, result)


class BackgroundRunner(QObject):
    """Runs service calls on worker threads; one writer, two readers."""

    job_started = Signal(object)
    job_progress = Signal(object, int, int)
    job_finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._reader = QThreadPool(self)
        self._reader.setMaxThreadCount(2)
        self._signals = _Signals(self)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.failed.connect(self._on_failed)
        self._signals.progressed.connect(self._on_progress)
        self._callbacks: dict[
            Job[Any], tuple[Callable[[Any], None], Callable[[BaseException, str], None] | None]
        ] = {}
        self.default_failure: Callable[[Job[Any], BaseException, str], None] | None = None

    def run(
        self,
        op: Callable[[Progress], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException, str], None] | None = None,
        *,
        title: str = "",
        write: bool = True,
    ) -> Job[T]:
        """Submit `op`; `title` (translated) makes it visible with progress and Cancel."""
        job: Job[T] = Job(title=title, write=write)
        self._callbacks[job] = (on_success, on_failure)
        (self._writer if write else self._reader).start(_Task(job, op, self._signals))
        self.job_started.emit(job)
        return job

    @property
    def jobs(self) -> list[Job[Any]]:
        return list(self._callbacks)

    def busy(self) -> bool:
        return bool(self._callbacks)

    def cancel_all(self) -> None:
        for job in self._callbacks:
            job.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the workers are idle (shutdown and tests only)."""
        return self._writer.waitForDone(msecs) and self._reader.waitForDone(msecs)

    @Slot(object, int, int)
    def _on_progress(self, job: Job[Any], done: int, total: int) -> None:
        job.done, job.total = done, total
        self.job_progress.emit(job, done, total)

    @Slot(object, object)
    def _on_succeeded(self, job: Job[Any], result: object) -> None:
        on_success, _ = self._finish(job)
        on_success(result)

    @Slot(object, object, str)
    def _on_failed(self, job: Job[Any], exc: BaseException, details: str) -> None:
        _, on_failure = self._finish(job)
        if isinstance(exc, Cancelled):
            log.info("cancelled: %s", job.title)
            if on_failure is not None:
                on_failure(exc, details)
            return
        if on_failure is not None:
            on_failure(exc, details)
        elif self.default_failure is not None:
            self.default_failure(job, exc, details)
        else:
            log.error("background job %r failed:\n%s", job.title, details)

    def _finish(
        self, job: Job[Any]
    ) -> tuple[Callable[[Any], None], Callable[[BaseException, str], None] | None]:
        job.finished = True
        callbacks = self._callbacks.pop(job)
        self.job_finished.emit(job)
        return callbacks
