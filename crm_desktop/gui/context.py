"""What every window and view of the GUI shares: the open base, the runner, the
dialogs, the settings, the clock, and the signal that says what data changed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from crm_desktop.config import AppPaths
from crm_desktop.domain.clock import Clock, SystemClock
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.errors import DatabaseReadOnlyError, UserError
from crm_desktop.gui.runner import BackgroundRunner, Job
from crm_desktop.services.progress import Cancelled, Progress
from crm_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What a write changed: views refresh only what they show."""

    kinds: frozenset[EntityKind] = frozenset()
    records: frozenset[tuple[EntityKind, int]] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *records: tuple[EntityKind, int], kinds: tuple[EntityKind, ...] = ()) -> Changes:
        return cls(frozenset(kinds) | {k for k, _ in records}, frozenset(records))

    @classmethod
    def everything(cls) -> Changes:
        """After a bulk operation (demo, import, restore): every view reloads."""
        return cls(frozenset(EntityKind))

    def touches(self, kind: EntityKind) -> bool:
        return kind in self.kinds


class Dialogs:
    """Message boxes behind a small interface, so tests can answer them without a modal loop."""

    def error(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent
        )
        if details:
            box.setDetailedText(details)
        box.exec()

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose(
        self, parent: QWidget | None, title: str, text: str, options: list[str]
    ) -> int | None:
        """One of several answers ('This event', 'This and following', …); None: cancelled."""
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
        )
        buttons = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return next((n for n, b in enumerate(buttons) if b is clicked), None)

    def save_path(
        self, parent: QWidget | None, title: str, suggested: str, filters: str
    ) -> str | None:
        """Where to write a file (`suggested`: a full path); None: cancelled."""
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return path or None


class AppContext(QObject):
    """The open base and the means to work on it from the GUI."""

    changed = Signal(object)  # Changes
    open_record = Signal(object, int)  # EntityKind, id: show this card
    workspace_changed = Signal()  # another Workspace, or the read-only state changed
    settings_changed = Signal()  # the user's preferences (ws.settings) changed (gui/settings.py)

    def __init__(
        self,
        ws: Workspace,
        settings: QSettings,
        dialogs: Dialogs | None = None,
        parent: QObject | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.clock: Clock = clock or SystemClock()  # tests give a ManualClock
        self.settings = settings
        self.dialogs = dialogs or Dialogs()
        self.runner = BackgroundRunner(self)
        self.runner.default_failure = self._report_failure
        self.window: QWidget | None = None
        self.paths: AppPaths | None = None  # the app's folders (reopening, settings file)
        # why the base is read-only: "lock", "network", "damaged", "chosen" ('' = writable)
        # and the same in words for the banner and messages (gui/safety.py)
        self.read_only_kind = ""
        self.read_only_reason = ""

    def run(
        self,
        op: Callable[[Progress], T],
        on_success: Callable[[T], None],
        *,
        title: str = "",
        write: bool = True,
        on_failure: Callable[[BaseException, str], None] | None = None,
    ) -> Job[T]:
        """Run a service call in the background; failures show a clear message."""
        return self.runner.run(op, on_success, on_failure, title=title, write=write)

    def notify(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def set_read_only(self, kind: str, reason: str) -> None:
        """Record why the base is read-only (the banner shows it); '' when writable."""
        self.read_only_kind, self.read_only_reason = kind, reason
        self.workspace_changed.emit()

    def replace_workspace(self, ws: Workspace, kind: str = "", reason: str = "") -> Workspace:
        """Switch to `ws` (after a restore or a reopen) and reload every view; returns the
        previous workspace, which the caller closes."""
        old, self.ws = self.ws, ws
        self.set_read_only(kind if ws.read_only else "", reason if ws.read_only else "")
        self.notify(Changes.everything())
        return old

    def show_error(self, exc: BaseException, details: str = "") -> None:
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, DatabaseReadOnlyError) and self.ws.read_only and self.read_only_reason:
            text = self.tr("This base is open read-only: %1. Changes cannot be saved.")
            self.dialogs.error(
                self.window, self.tr("CRM Desktop"), text.replace("%1", self.read_only_reason)
            )
            return
        if isinstance(exc, UserError):
            self.dialogs.error(self.window, self.tr("CRM Desktop"), exc.message)
            return
        log.error("unexpected error:\n%s", details)
        self.dialogs.error(
            self.window,
            self.tr("CRM Desktop"),
            self.tr(
                "Something went wrong and the operation was not completed. Your data is safe: "
                "nothing was saved. Please report the details below."
            ),
            details or repr(exc),
        )

    def _report_failure(self, job: Job[Any], exc: BaseException, details: str) -> None:
        self.show_error(exc, details)
