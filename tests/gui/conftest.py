"""GUI fixtures: a fresh SQLite base, an application context with dialogs answered by
the test, and the main window — driven with pytest-qt like a person would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.config import AppPaths
from crm_desktop.gui.context import AppContext, Dialogs
from crm_desktop.services.workspace import Workspace


class FakeDialogs(Dialogs):
    """Records every message and answers confirmations from a queue (default: yes)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.confirms: list[str] = []
        self.answers: list[bool] = []
        self.questions: list[tuple[str, list[str]]] = []  # choose(): text and options
        self.choices: list[int | None] = []  # answers to choose() (default: the first option)

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


@pytest.fixture
def main_window(qtbot: QtBot, ctx: AppContext):  # type: ignore[no-untyped-def]
    from crm_desktop.gui.app import build_window

    window = build_window(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, ctx)
    return window
