"""Starting the program: first-start choice, and bases that cannot be opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crm_desktop.config import AppPaths, Settings
from crm_desktop.errors import UserError
from crm_desktop.gui.app import open_workspace
from crm_desktop.gui.first_start import Choice, FirstStartChoice, FirstStartDialog


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.resolve(tmp_path / "data")


def test_first_start_offers_a_choice_and_creates_the_base(qapp: object, paths: AppPaths) -> None:
    asked: list[Path] = []

    def first(_parent: object, path: Path) -> Choice:
        asked.append(path)
        return Choice(FirstStartChoice.DEMO)

    opened = open_workspace(None, paths, Settings(), ask_first=first)
    assert opened is not None
    ws, want_demo = opened
    try:
        assert asked == [paths.default_database]
        assert want_demo and paths.default_database.exists()
    finally:
        ws.close()
    # the second start opens the base without asking
    again = open_workspace(None, paths, Settings(), ask_first=first)
    assert again is not None and len(asked) == 1
    again[0].close()


def test_cancelled_first_start_quits(qapp: object, paths: AppPaths) -> None:
    assert open_workspace(None, paths, Settings(), ask_first=lambda *_: None) is None
    assert not paths.default_database.exists()


@pytest.mark.parametrize("damage", ["text", "newer", "locked"])
def test_a_base_that_cannot_be_opened_is_explained(
    qapp: object, paths: AppPaths, tmp_path: Path, damage: str
) -> None:
    from crm_desktop.services.workspace import Workspace

    bad = tmp_path / "bad.sqlite3"
    holder = None
    if damage == "text":
        bad.write_text("not a base", encoding="utf-8")
    else:
        Workspace.open(str(bad), paths=paths, create=True).close()
        con = sqlite3.connect(bad, isolation_level=None)
        if damage == "newer":
            con.execute("UPDATE alembic_version SET version_num = '9999'")
            con.close()
        else:
            con.execute("PRAGMA journal_mode=DELETE")
            con.execute("BEGIN EXCLUSIVE")
            holder = con
    messages: list[str] = []

    def after_error(_parent: object, exc: UserError) -> None:
        messages.append(exc.message)
        # the user chooses Quit

    try:
        assert open_workspace(str(bad), paths, Settings(), ask_after_error=after_error) is None
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
    expected = {
        "text": "not a CRM Desktop database",
        "newer": "newer version",
        "locked": "locked by another program",
    }[damage]
    assert len(messages) == 1 and expected in messages[0]


def test_after_an_error_the_user_can_open_another_file(
    qapp: object, paths: AppPaths, tmp_path: Path
) -> None:
    from crm_desktop.services.workspace import Workspace

    good = tmp_path / "good.sqlite3"
    Workspace.open(str(good), paths=paths, create=True).close()
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    opened = open_workspace(str(bad), paths, Settings(), ask_after_error=lambda *_: str(good))
    assert opened is not None
    assert opened[0].path == good
    opened[0].close()


def test_first_start_dialog_buttons(qtbot, paths: AppPaths) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    dialog = FirstStartDialog(paths.default_database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == Choice(FirstStartChoice.DEMO)


def test_a_damaged_base_is_found_after_the_window_shows_and_turns_read_only(
    qtbot, paths: AppPaths, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from crm_desktop.gui.app import check_in_background
    from crm_desktop.gui.context import AppContext
    from crm_desktop.services.demo import DemoSpec, generate_demo
    from crm_desktop.services.workspace import Workspace
    from tests.gui.conftest import FakeDialogs, wait_idle
    from tests.storage.test_backups import _flip_byte_in_a_page

    db = tmp_path / "crm.sqlite3"
    with Workspace.open(str(db), paths=paths, create=True) as ws:
        generate_demo(ws, DemoSpec(persons=120, seed=3))
    _flip_byte_in_a_page(db)
    opened = open_workspace(str(db), paths, Settings())
    assert opened is not None
    ws, _demo = opened
    dialogs = FakeDialogs()
    ctx = AppContext(ws, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat), dialogs)
    try:
        check_in_background(ctx)
        wait_idle(qtbot, ctx)
        assert dialogs.errors and "damaged" in dialogs.errors[0]
        assert ws.read_only
    finally:
        ws.close()
