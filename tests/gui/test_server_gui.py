"""Server mode in the window: the Database page tested like a person uses it (type the
connection, test it, create the schema, use the server, go back to the local file), the
start-up choice when the server cannot be reached, and two desktops on one server seeing
each other's changes on focus and on the timer."""

from __future__ import annotations

import json
import os
import stat
import sys
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from crm_desktop.config import AppPaths, Settings
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.server import DatabasePage, ServerWatch, open_server_at_start
from crm_desktop.services.server import (
    ServerSettings,
    create_schema,
    open_server,
    pass_file,
    store_server,
)
from tests.gui.conftest import FakeDialogs, replace_text, show_window, type_text, wait_idle

PG = os.environ.get("CRM_TEST_POSTGRES_URL", "")
needs_pg = pytest.mark.skipif(not PG, reason="CRM_TEST_POSTGRES_URL is not set")


@pytest.fixture
def scratch() -> Iterator[ServerSettings]:
    """An empty database of its own on the test server, dropped afterwards."""
    name = f"crm_gui_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(
        sa.make_url(PG).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield replace(ServerSettings.from_url(sa.make_url(PG).set(database=name)), sslmode="prefer")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _page(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> DatabasePage:
    ctx.paths = AppPaths.resolve(tmp_path / "data")
    page = DatabasePage(ctx)
    qtbot.addWidget(page)
    page.resize(640, 520)
    page.show()
    qtbot.waitExposed(page)
    return page


def _fill(qtbot: QtBot, page: DatabasePage, server: ServerSettings) -> None:
    replace_text(qtbot, page.host, server.host)
    page.port.setFocus()
    page.port.selectAll()
    qtbot.keyClicks(page.port, str(server.port))
    replace_text(qtbot, page.database, server.database)
    replace_text(qtbot, page.user, server.user)
    replace_text(qtbot, page.password, server.password)


def _click_and_wait(qtbot: QtBot, page: DatabasePage, button: object, signal: object) -> None:
    with qtbot.waitSignal(signal, timeout=30_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_a_closed_port_is_explained_and_nothing_changes(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    page = _page(qtbot, ctx, tmp_path)
    assert "local file" in page.where.text()
    assert not page.local_button.isEnabled()  # already on the local file
    _fill(qtbot, page, ServerSettings("127.0.0.1", 1, "crm", "crm", "secret"))
    _click_and_wait(qtbot, page, page.test_button, page.checked)
    assert "does not listen on port 1" in page.result.text()
    assert not page.create_button.isEnabled()
    _click_and_wait(qtbot, page, page.use_button, page.checked)  # use: checked first, refused
    wait_idle(qtbot, ctx)
    assert ctx.ws.backend == "sqlite"
    assert "does not listen" in page.result.text()
    assert not (tmp_path / "data" / "settings.json").exists()  # nothing saved


def test_apply_points_at_the_missing_field(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    page = _page(qtbot, ctx, tmp_path)
    assert page.apply()  # nothing entered: the local file stays, nothing to save
    type_text(qtbot, page.host, "crm-server")
    replace_text(qtbot, page.database, "")
    assert not page.apply()
    assert "name of the database" in page.result.text()
    assert page.focusWidget() is page.database  # the field to fix has the focus
    type_text(qtbot, page.database, "crm")
    replace_text(qtbot, page.password, "pa:ss")
    assert page.apply()
    paths = AppPaths.resolve(tmp_path / "data")
    saved = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert saved["server_host"] == "crm-server" and not saved["server_enabled"]
    assert "pa:ss" not in paths.settings_file.read_text(encoding="utf-8")
    assert r"pa\:ss" in pass_file(paths).read_text(encoding="utf-8")
    if sys.platform != "win32":
        assert stat.S_IMODE(pass_file(paths).stat().st_mode) == 0o600


@needs_pg
def test_create_the_schema_use_the_server_and_go_back(
    qtbot: QtBot, ctx: AppContext, dialogs: FakeDialogs, tmp_path: Path, scratch: ServerSettings
) -> None:
    first = ctx.ws
    page = _page(qtbot, ctx, tmp_path)
    _fill(qtbot, page, scratch)
    _click_and_wait(qtbot, page, page.test_button, page.checked)
    assert "The database is empty" in page.result.text()
    assert page.create_button.isEnabled()
    _click_and_wait(qtbot, page, page.create_button, page.checked)
    assert "schema was created" in page.result.text()

    changed: list[object] = []
    ctx.changed.connect(changed.append)
    _click_and_wait(qtbot, page, page.use_button, page.switched)
    wait_idle(qtbot, ctx)
    assert ctx.ws.backend == "postgresql" and ctx.ws is not first
    assert scratch.database in page.where.text()
    assert changed  # every view was told to reload
    paths = AppPaths.resolve(tmp_path / "data")
    saved = Settings.load(paths.settings_file)
    assert saved.server_enabled and saved.server_database == scratch.database
    stored = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert not any("password" in key for key in stored)
    assert scratch.password not in [v for k, v in stored.items() if k != "server_user"]
    assert page.local_button.isEnabled()

    _click_and_wait(qtbot, page, page.local_button, page.switched)
    wait_idle(qtbot, ctx)
    assert ctx.ws.backend == "sqlite"
    assert ctx.ws.path == paths.default_database
    assert dialogs.confirms and "no local base yet" in dialogs.confirms[-1]
    assert not Settings.load(paths.settings_file).server_enabled
    assert Settings.load(paths.settings_file).server_host == scratch.host  # kept for later
    ctx.ws.close()
    ctx.ws = first


def test_file_menu_opens_the_page_in_a_dialog(
    qtbot: QtBot, ctx: AppContext, main_window: Any
) -> None:
    from crm_desktop.gui.server import ServerDialog

    action = main_window.actions["database_server"]
    assert action in main_window.file_menu.actions()
    action.trigger()
    dialog = main_window.findChild(ServerDialog, "serverDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.page.host.text() == ""  # nothing configured yet
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.ws.backend == "sqlite"


# ------------------------------------------------------------------ start-up


def test_an_unreachable_server_at_start_offers_retry_local_or_quit(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    paths = AppPaths.resolve(tmp_path / "data")
    prefs = Settings()
    store_server(prefs, paths, ServerSettings("127.0.0.1", 1, "crm", "crm"), enabled=True)
    asked: list[str] = []
    answers = ["retry", "local"]

    def ask(_parent: object, text: str) -> str:
        asked.append(text)
        return answers.pop(0)

    assert open_server_at_start(paths, prefs, ask=ask) == ("local", None)
    assert len(asked) == 2 and "port 1" in asked[0]
    assert open_server_at_start(paths, prefs, ask=lambda _p, _t: "quit") == ("quit", None)


@needs_pg
def test_a_ready_server_opens_at_start(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, scratch: ServerSettings
) -> None:
    paths = AppPaths.resolve(tmp_path / "data")
    create_schema(scratch, paths)
    prefs = Settings()
    store_server(prefs, paths, scratch, enabled=True)
    prefs = Settings.load(paths.settings_file)  # as the app finds them: password from the file
    choice, ws = open_server_at_start(paths, prefs, ask=lambda _p, _t: pytest.fail("asked"))
    assert choice == "server" and ws is not None
    try:
        assert ws.backend == "postgresql"
    finally:
        ws.close()


# ------------------------------------------------------------ two desktops


@needs_pg
def test_another_desktops_change_shows_on_focus_and_on_the_timer(
    qtbot: QtBot, dialogs: FakeDialogs, tmp_path: Path, scratch: ServerSettings
) -> None:
    from crm_desktop.services.contacts import create_organization
    from crm_desktop.services.dto import OrganizationInput

    paths = AppPaths.resolve(tmp_path / "data")
    create_schema(scratch, paths)
    mine, theirs = open_server(scratch, paths), open_server(scratch, paths)
    ctx = AppContext(mine, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat), dialogs)
    ctx.paths = paths
    try:
        window = show_window(qtbot, ctx)
        watch = window.findChild(ServerWatch, "serverWatch")
        assert isinstance(watch, ServerWatch) and watch.active
        assert f"{scratch.user}@{scratch.host}:{scratch.port}/{scratch.database}" in (
            window.windowTitle()
        )
        watch.focus_gap_s = 0
        qtbot.waitUntil(lambda: watch.marker is not None)
        page = window.show_page("contacts")
        wait_idle(qtbot, ctx)

        def names() -> list[str]:
            model = page.model  # type: ignore[attr-defined]
            return [str(model.index(r, 0).data()) for r in range(model.loaded_count())]

        # this desktop's own write: its views refresh themselves, the watch absorbs it
        create_organization(mine, OrganizationInput(name="ООО «Своя»"))
        from crm_desktop.domain.kinds import EntityKind
        from crm_desktop.gui.context import Changes

        ctx.notify(Changes.of(kinds=(EntityKind.ORGANIZATION,)))
        wait_idle(qtbot, ctx)
        refreshed: list[None] = []
        watch.refreshed.connect(lambda: refreshed.append(None))
        QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
        wait_idle(qtbot, ctx)
        assert refreshed == []  # nothing new from others

        # another desktop's write shows when the window is activated
        create_organization(theirs, OrganizationInput(name="ООО «Соседи»"))
        with qtbot.waitSignal(watch.refreshed, timeout=10_000):
            QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
        qtbot.waitUntil(lambda: any("Соседи" in n for n in names()), timeout=10_000)

        # … and on the timer, without any focus change
        watch.timer.setInterval(100)
        create_organization(theirs, OrganizationInput(name="ООО «Ещё соседи»"))
        with qtbot.waitSignal(watch.refreshed, timeout=10_000):
            pass
        qtbot.waitUntil(lambda: any("Ещё соседи" in n for n in names()), timeout=10_000)
        watch.timer.stop()
        wait_idle(qtbot, ctx)
    finally:
        ctx.runner.cancel_all()
        ctx.runner.wait()
        mine.close()
        theirs.close()
