"""Starting the GUI: the application object, translations, opening the base (with the
first-start choice and clear messages for a base that cannot be opened), the window."""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from crm_desktop import __version__
from crm_desktop.config import (
    APP_AUTHOR,
    APP_NAME,
    AppPaths,
    Settings,
)
from crm_desktop.errors import UserError
from crm_desktop.gui import i18n
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.first_start import Choice, FirstStartChoice, ask_first_start
from crm_desktop.gui.main_window import MainWindow, PageFactory
from crm_desktop.gui.resources import icon, load_fonts
from crm_desktop.gui.runner import Job
from crm_desktop.gui.safety import OpenAgain, StartUp, base_check_failed, base_checked
from crm_desktop.services.server import explicit_target, server_in_use
from crm_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)
DEMO_PERSONS = 400


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (created on first call, never at import time)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icon("app"))
    load_fonts()
    from crm_desktop.gui.theme import install_theme

    install_theme(app)  # light/dark as the system says, following its changes
    return app


def window_settings(paths: AppPaths) -> QSettings:
    """Window and column layout (apart from user preferences, which are in Settings)."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    return QSettings(str(paths.config_dir / "window.ini"), QSettings.Format.IniFormat)


def page_factories() -> list[tuple[str, PageFactory]]:
    from crm_desktop.gui.activities.calendar_page import CalendarPage
    from crm_desktop.gui.activities.tasks_page import TasksPage
    from crm_desktop.gui.activities.today_page import TodayPage
    from crm_desktop.gui.contacts.page import ContactsPage
    from crm_desktop.gui.deals.page import DealsPage
    from crm_desktop.gui.reports.page import ReportsPage
    from crm_desktop.gui.trash import TrashPage

    return [
        ("today", TodayPage),
        ("contacts", ContactsPage),
        ("deals", DealsPage),
        ("calendar", CalendarPage),
        ("tasks", TasksPage),
        ("reports", ReportsPage),
        ("trash", TrashPage),
    ]


def build_window(ctx: AppContext) -> MainWindow:
    from crm_desktop.gui.activities.reminders import install_reminders
    from crm_desktop.gui.importing import install_importing
    from crm_desktop.gui.safety import install_safety
    from crm_desktop.gui.search import install_search

    window = MainWindow(ctx, page_factories())
    install_safety(window)
    install_search(window)
    install_reminders(window)
    install_importing(window)
    from crm_desktop.gui.exporting import install_exporting

    install_exporting(window)
    from crm_desktop.gui.users import install_team

    install_team(window)
    from crm_desktop.gui.settings import install_settings

    install_settings(window)
    from crm_desktop.gui.server import install_server

    install_server(window)
    return window


AskAfterError = Callable[[QWidget | None, UserError], str | OpenAgain | None]
AskFirstStart = Callable[[QWidget | None, Path], Choice | None]


def open_workspace(
    db: str | None,
    paths: AppPaths,
    prefs: Settings,
    parent: QWidget | None = None,
    *,
    ask_after_error: AskAfterError | None = None,
    ask_first: AskFirstStart | None = None,
) -> tuple[Workspace, bool] | None:
    """Open the base, asking on first start; (workspace, wants demo) or None to quit.

    A base that cannot be opened (not a base, locked, damaged, newer) is explained in a
    dialog offering another file or quitting — never a traceback; a locked one, one on a
    network share or a damaged one may also be opened read-only (`safety.OpenAgain`).
    """
    ask_after_error = ask_after_error or _ask_after_open_error
    ask_first = ask_first or ask_first_start
    want_demo = False
    target = db
    create = False
    read_only = False
    if not explicit_target(db) and not paths.default_database.exists():
        choice = ask_first(parent, paths.default_database)
        if choice is None:
            return None
        if choice.kind == FirstStartChoice.OPEN:
            target = str(choice.path)
        else:
            create = True
            want_demo = choice.kind == FirstStartChoice.DEMO
    while True:
        try:
            ws = Workspace.open(
                target,
                paths=paths,
                create=create,
                settings=prefs,
                read_only=read_only,
                verify="deferred",
            )
            return ws, want_demo
        except UserError as exc:
            answer = ask_after_error(parent, exc)
            if answer is None:
                return None
            if isinstance(answer, OpenAgain):
                target, read_only = answer.target or target, answer.read_only
            else:
                target, read_only = answer, False
            create = False


def _ask_after_open_error(parent: QWidget | None, exc: UserError) -> str | None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("App", "CRM Desktop"))
    box.setText(QCoreApplication.translate("App", "The client base cannot be opened."))
    box.setInformativeText(
        exc.message
        + "\n\n"
        + QCoreApplication.translate("App", "Open another base file, or quit and try again later.")
    )
    open_other = box.addButton(
        QCoreApplication.translate("App", "Open another base…"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QCoreApplication.translate("App", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not open_other:
        return None
    return choose_base_file(parent)


def choose_base_file(parent: QWidget | None) -> str | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("App", "Open a client base"),
        str(Path.home()),
        QCoreApplication.translate(
            "App", "CRM Desktop bases (*.sqlite3 *.sqlite *.db);;All files (*)"
        ),
    )
    return path or None


def start_demo(ctx: AppContext, persons: int = DEMO_PERSONS) -> None:
    """Fill the new base with a demo in the background, then refresh the views."""
    from crm_desktop.services.demo import DemoSpec, generate_demo  # only on a first start

    language = i18n.resolve_language(ctx.ws.settings.language)
    spec = DemoSpec(persons=persons, language=language)
    ctx.run(
        lambda progress: generate_demo(ctx.ws, spec, progress),
        lambda _counts: ctx.notify(Changes.everything()),
        title=QCoreApplication.translate("App", "Creating the demo base…"),
    )


FREEZE_AFTER_MS = 3000


def _freeze_heap() -> None:
    gc.collect()
    gc.freeze()


def check_in_background(ctx: AppContext) -> Job[None]:
    """The base's `quick_check` (`integrity_check` after an unclean exit), on the writer
    thread so that no write goes before it; a damaged base turns read-only and the user
    is offered the newest verified backup; a sound one gets its daily backup (safety.py)."""
    return ctx.run(
        lambda _progress: ctx.ws.verify(),
        lambda _none: base_checked(ctx),
        on_failure=lambda exc, details: base_check_failed(ctx, exc, details),
    )


ENV_EXIT_WHEN_READY = "CRM_EXIT_WHEN_READY"


def _exit_when_ready(
    app: QApplication, ctx: AppContext, window: MainWindow, base_check: Job[None]
) -> None:
    """For the start-up benchmark: print 'ready' once the first page shows its data (the
    base's background check may still run: it shows nothing), then 'checked' and quit."""
    timer = QTimer(window)
    ready = False

    def check() -> None:
        nonlocal ready
        loading = [j for j in ctx.runner.jobs if j is not base_check]
        if not ready and window.isVisible() and not loading and window.current_page.is_ready():
            ready = True
            window.repaint()
            print("ready", flush=True)
        if ready and not ctx.runner.busy():
            timer.stop()
            print("checked", flush=True)
            QTimer.singleShot(0, window.close)

    timer.timeout.connect(check)
    timer.start(5)


def run(db: str | None = None, data_dir: str | None = None, language: str | None = None) -> int:
    """`crm-desktop` with no command: the application until its window closes."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = application()
    paths = AppPaths.resolve(data_dir)
    prefs = Settings.load(paths.settings_file)
    if language:
        prefs.language = language
    i18n.install(app, prefs.language)
    start = StartUp(db, paths, prefs)
    opened: tuple[Workspace, bool] | None = None
    if not explicit_target(db) and server_in_use(prefs):
        from crm_desktop.gui.server import open_server_at_start  # the settings name a server

        choice, server_ws = open_server_at_start(paths, prefs)
        if choice == "quit":
            return 1
        opened = (server_ws, False) if server_ws is not None else None
    if opened is None:
        opened = open_workspace(db, paths, prefs, ask_after_error=start.ask)
    if opened is None:
        return 1
    ws, want_demo = opened
    ctx = AppContext(ws, window_settings(paths))
    ctx.paths = paths
    if ws.read_only:
        ctx.set_read_only(start.kind or "chosen", start.reason)
    from crm_desktop.gui.login import sign_in_at_start

    if not sign_in_at_start(ctx):  # team mode: who is at the keyboard (Quit: leave)
        ctx.runner.wait()
        ws.close()
        return 1
    window = build_window(ctx)
    window.show()
    # what start-up built lives as long as the window: out of the collector's way, a
    # full collection takes ~0 ms instead of ~90 ms (a stall in a drag or a view switch);
    # done once the first page has had its time, not in the way of showing it
    QTimer.singleShot(FREEZE_AFTER_MS, _freeze_heap)
    check = check_in_background(ctx)
    if want_demo:
        start_demo(ctx)
    if os.environ.get(ENV_EXIT_WHEN_READY):
        _exit_when_ready(app, ctx, window, check)
    try:
        return app.exec()
    finally:
        ctx.runner.cancel_all()
        ctx.runner.wait()
        ctx.ws.close()  # the base as last reopened (a restore replaces the workspace)
        ws.close()
