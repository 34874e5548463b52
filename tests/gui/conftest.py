"""GUI fixtures: a fresh SQLite base, an application context with dialogs answered by
the test, and the main window — driven with pytest-qt like a person would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.config import AppPaths
from crm_desktop.domain.clock import ManualClock
from crm_desktop.domain.kinds import EntityKind, Role
from crm_desktop.gui.context import AppContext, Dialogs
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import User

if TYPE_CHECKING:
    from crm_desktop.gui.contacts.contact_fields import OrganizationPicker
    from crm_desktop.gui.main_window import MainWindow
    from crm_desktop.services.activities import ActivityInput, ActivityView

MSK = ZoneInfo("Europe/Moscow")


class FakeDialogs(Dialogs):
    """Records every message and answers confirmations from a queue (default: yes)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.confirms: list[str] = []
        self.answers: list[bool] = []
        self.questions: list[tuple[str, list[str]]] = []  # choose(): text and options
        self.choices: list[int | None] = []  # answers to choose() (default: the first option)
        self.saves: list[str] = []  # save_path(): the suggested paths
        self.paths: list[str | None] = []  # answers to save_path() (default: cancelled)

    def error(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        self.errors.append(text + (f"\n{details}" if details else ""))

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.infos.append(text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.confirms.append(text)
        return self.answers.pop(0) if self.answers else True

    def choose(
        self, parent: QWidget | None, title: str, text: str, options: list[str]
    ) -> int | None:
        self.questions.append((text, options))
        return self.choices.pop(0) if self.choices else 0

    def save_path(
        self, parent: QWidget | None, title: str, suggested: str, filters: str
    ) -> str | None:
        self.saves.append(suggested)
        return self.paths.pop(0) if self.paths else None


@pytest.fixture
def gui_ws(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(
        str(tmp_path / "crm.sqlite3"), paths=AppPaths.resolve(tmp_path / "data"), create=True
    )
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def ctx(
    qapp: object, gui_ws: Workspace, tmp_path: Path, dialogs: FakeDialogs
) -> Iterator[AppContext]:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    context = AppContext(gui_ws, settings, dialogs)
    try:
        yield context
    finally:
        context.runner.cancel_all()
        context.runner.wait()


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a person, Cyrillic included.

    QTest.keyClicks asserts on non-ASCII characters (qasciikey.cpp) and aborts the run,
    so every character is sent as a key press/release carrying its text.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def wait_idle(qtbot: QtBot, ctx: AppContext, timeout: int = 10_000) -> None:
    """Until every background job has finished and reported back."""
    qtbot.waitUntil(lambda: not ctx.runner.busy(), timeout=timeout)


def show_window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    """The main window as the program builds it (after the test set the clock)."""
    from crm_desktop.gui.app import build_window

    window = build_window(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, ctx)
    return window


@pytest.fixture
def main_window(qtbot: QtBot, ctx: AppContext):  # type: ignore[no-untyped-def]
    return show_window(qtbot, ctx)


def msk(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """A Moscow wall time as an aware UTC moment."""
    return datetime(y, m, d, hh, mm, tzinfo=MSK).astimezone(UTC)


MONDAY_10 = msk(2026, 11, 23, 10, 0)  # Monday 23 November 2026, 10:00 in Moscow


def set_clock(ctx: AppContext) -> ManualClock:
    """Monday 23 November 2026, 10:00 in Moscow, on a clock the test moves."""
    clock = ManualClock(MONDAY_10, tz=MSK)
    ctx.clock = clock
    return clock


@pytest.fixture
def clock(ctx: AppContext) -> ManualClock:
    """`set_clock`: Monday 23 November 2026, 10:00 in Moscow."""
    return set_clock(ctx)


def add_user(ctx: AppContext, login: str, display_name: str, role: Role = Role.MANAGER) -> int:
    """Another user of the base (a manager by default): its id."""
    with ctx.ws.write() as uow:
        user = User(login=login, display_name=display_name, role=role)
        uow.session.add(user)
        uow.commit()
        return user.id


def double_click(qtbot: QtBot, widget: QWidget, pos: QPoint) -> None:
    """Press, release, press again (the double click), release: what a mouse sends (QTest's
    double click alone starts with no press of its own)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


# ------------------------------------------------------------------ dialogs


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """The window the dialogs are opened over."""
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1200, 900)
    window.show()
    return window


@pytest.fixture
def opened(ctx: AppContext) -> list[tuple[EntityKind, int]]:
    """The records asked to be opened (`ctx.open_record`), in order."""
    shown: list[tuple[EntityKind, int]] = []
    ctx.open_record.connect(lambda kind, entity_id: shown.append((kind, entity_id)))
    return shown


def closed(dialog: QWidget) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def replace_text(qtbot: QtBot, edit: QWidget, text: str) -> None:
    """Select what the field holds and type over it."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(qtbot, edit, text)


def pick(qtbot: QtBot, ctx: AppContext, picker: OrganizationPicker, text: str) -> None:
    """Type into a search-as-you-type field and click the first suggestion."""
    edit = picker.edit
    edit.window().activateWindow()
    edit.setFocus()
    with qtbot.waitSignal(picker.results_shown, timeout=5000):
        type_text(qtbot, edit, text)
    wait_idle(qtbot, ctx)
    popup = picker.completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    index = popup.model().index(0, 0)
    qtbot.mouseClick(
        popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center()
    )


# ------------------------------------------------------------------ activities


@pytest.fixture
def presets(monkeypatch: pytest.MonkeyPatch) -> list[ActivityInput | None]:
    """Records what a page asks the activity editor to open for a new activity (and
    opens nothing)."""
    from crm_desktop.gui.activities import actions

    found: list[ActivityInput | None] = []

    def record(
        ctx: AppContext,
        parent: object,
        preset: ActivityInput | None = None,
        on_saved: object = None,
    ) -> None:
        found.append(preset)

    monkeypatch.setattr(actions, "new_activity", record)
    return found


@pytest.fixture
def edited(monkeypatch: pytest.MonkeyPatch) -> list[ActivityView]:
    """Records the activities a page asks the editor to open (and opens nothing)."""
    from crm_desktop.gui.activities import actions

    found: list[ActivityView] = []
    monkeypatch.setattr(
        actions, "edit_activity", lambda ctx, parent, view, on_saved=None: found.append(view)
    )
    return found
