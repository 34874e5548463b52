"""`crm-desktop screenshot`: render a view of the main window offscreen into a PNG."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QWidget

from crm_desktop.config import AppPaths, Settings
from crm_desktop.errors import UserError
from crm_desktop.gui import i18n
from crm_desktop.gui.activities.screens import PAGE_OF_VIEW as ACTIVITY_PAGES
from crm_desktop.gui.activities.screens import VIEW_MODES, demo_view
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.gui.pages import PlannedPage
from crm_desktop.gui.reports.screens import PAGE_OF_VIEW as REPORT_PAGES
from crm_desktop.gui.reports.screens import VIEW_REPORTS
from crm_desktop.gui.reports.screens import demo_view as report_view
from crm_desktop.gui_views import SCREENSHOT_VIEWS as VIEWS
from crm_desktop.services.search import search
from crm_desktop.services.workspace import Workspace

PAGE_OF_VIEW = {
    "card": "contacts",
    "duplicates": "contacts",
    "merge": "contacts",
    "deal-won": "deals",
    "deal-lost": "deals",
    "deal-editor": "deals",
    "pipelines": "deals",
    "competitors": "deals",
    **REPORT_PAGES,
    **{v: "contacts" for v in VIEWS if v.startswith("import-")},
    **dict.fromkeys(("backups", "backup-settings", "locked", "damaged", "read-only"), "contacts"),
    "export-dialog": "contacts",
    "deals-list": "deals",
    "users": "contacts",
    "sign-in": "contacts",
    **{v: "contacts" for v in VIEWS if v.startswith("settings-")},
}


def settle(ctx: AppContext | None, timeout_ms: int = 15_000) -> None:
    """Let queued work and background jobs finish (a tool's wait, not the app's)."""
    loop = QEventLoop()
    idle_ticks = 0

    def check() -> None:
        nonlocal idle_ticks
        idle_ticks = idle_ticks + 1 if ctx is None or not ctx.runner.busy() else 0
        if idle_ticks >= 3:
            loop.quit()

    timer = QTimer()
    timer.setInterval(40)
    timer.timeout.connect(check)
    timer.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x", 1))
    except ValueError as exc:
        raise UserError(f"--size must look like 1440x900, not {text!r}.") from exc
    if not (320 <= w <= 7680 and 240 <= h <= 4320):
        raise UserError(f"--size {text} is out of range (320x240 … 7680x4320).")
    return w, h


def take(
    view: str,
    out: Path,
    *,
    db: str | None,
    data_dir: str | None,
    size: str = "1440x900",
    language: str = "",
    select: str = "",
    theme: str = "",
) -> str:
    """Save the PNG; returns a note for the user ('' when the view is fully built).

    `size` is the main window's size (a dialog keeps its own); `theme` is light, dark
    or '' for the system's scheme."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from crm_desktop.gui.app import application, build_window
    from crm_desktop.gui.theme import MODES, install_theme

    if view not in VIEWS:
        raise UserError(f"Unknown view {view!r}; choose one of: {', '.join(VIEWS)}.")
    width, height = _size(size)
    if theme and theme not in MODES:
        raise UserError(f"--theme must be one of {', '.join(MODES)}, not {theme!r}.")
    app = application()
    install_theme(app, theme or None)
    paths = AppPaths.resolve(data_dir)
    prefs = Settings.load(paths.settings_file)
    prefs.language = language or prefs.language
    i18n.install(app, prefs.language)
    if view == "first-start":
        from crm_desktop.gui.first_start import FirstStartDialog

        dialog = FirstStartDialog(paths.default_database)
        dialog.show()
        settle(None, 500)
        _save(dialog, out)
        return ""
    ws = Workspace.open(db, paths=paths, settings=prefs)
    state_dir = tempfile.mkdtemp(prefix="crm-shot-")
    before = set(app.topLevelWidgets())
    try:
        ctx = AppContext(ws, QSettings(str(Path(state_dir) / "w.ini"), QSettings.Format.IniFormat))
        ctx.paths = paths  # the --data-dir folders (settings pages show them)
        window = build_window(ctx)
        window.resize(width, height)
        window.show()
        page = window.show_page(PAGE_OF_VIEW.get(view, ACTIVITY_PAGES.get(view, view)))
        settle(ctx)
        pick = "ООО" if i18n.resolve_language(prefs.language) == "ru" else "LLC"
        target = select or (pick if view in ("card", "merge", "duplicates") else "")
        if target and hasattr(page, "show_record"):
            hits = search(ws, target, limit=1)
            if hits:
                page.show_record(hits[0].kind, hits[0].id)
                settle(ctx)
        shot: QWidget = window
        extra = _dialog_for(view, ctx, window)
        if extra is not None:
            shot = extra()
            settle(ctx)
        _save(shot, out)
        note = ""
        if isinstance(page, PlannedPage):
            note = f"the {view} view is not built yet: the screenshot shows its placeholder page"
        return note
    finally:
        for widget in app.topLevelWidgets():  # the window and the dialogs it opened
            if widget not in before and widget.isVisible():
                widget.close()
        ws.close()


def _dialog_for(view: str, ctx: AppContext, window: MainWindow) -> Callable[[], QWidget] | None:
    if view == "deals-list":
        return lambda: _deals_list(ctx, window)
    if view.startswith("settings-"):
        from crm_desktop.gui import settings

        return lambda: settings.demo_dialog(view, ctx, window)
    if view in ("users", "sign-in"):
        from crm_desktop.gui import users

        return lambda: users.demo_dialog(view, ctx, window)
    if view == "export-dialog":
        from crm_desktop.gui import exporting

        return lambda: exporting.demo_dialog(ctx, window)
    if view.startswith("import-"):
        from crm_desktop.gui.importing import screens as import_screens

        return lambda: import_screens.demo_view(view, ctx, window)
    if view in VIEW_REPORTS:
        return lambda: report_view(view, ctx, window)
    if view in VIEW_MODES or view in ACTIVITY_PAGES:
        return lambda: demo_view(view, ctx, window)
    if view in ("backups", "backup-settings", "locked", "damaged", "read-only"):
        from crm_desktop.gui import safety

        return lambda: safety.demo_view(view, ctx, window)
    if view in ("deal-won", "deal-lost"):
        from crm_desktop.gui.deals import close_dialogs

        return lambda: close_dialogs.demo_dialog(view, ctx, window)
    if view in ("deal-editor", "pipelines", "competitors"):
        return lambda: _deals_dialog(view, ctx, window)
    if view not in ("duplicates", "merge"):
        return None
    from crm_desktop.gui.contacts import duplicates

    return lambda: duplicates.demo_dialog(view, ctx, window)


def _deals_list(ctx: AppContext, window: MainWindow) -> QWidget:
    """The deals page switched from the board to the list, as its toolbar button does."""
    page = window.show_page("deals")
    show_list = getattr(page, "show_list", None)
    if show_list is None:
        raise UserError("The deals page has no list view.")
    show_list()
    settle(ctx)
    return window


def _deals_dialog(view: str, ctx: AppContext, window: QWidget) -> QWidget:
    """A dialog of the deals part, opened over the board as a user would open it."""
    from crm_desktop.gui.deals import competitors, editor, pipelines
    from crm_desktop.services.deals import list_pipelines, load_board

    kind: type[QWidget]
    if view == "pipelines":
        pipelines.open_pipeline_settings(ctx, window)
        kind = pipelines.PipelineSettingsDialog
    elif view == "competitors":
        competitors.open_competitors(ctx, window)
        kind = competitors.CompetitorsDialog
    else:
        found = list_pipelines(ctx.ws)
        cards = load_board(ctx.ws, found[0].id).cards if found else ()
        if not cards:
            raise UserError("The base has no deal to show in the editor.")
        editor.edit_deal(ctx, window, cards[0].id)
        kind = editor.DealDialog
    settle(ctx)
    dialog = window.findChild(kind)
    if dialog is None:
        raise UserError(f"The {view} dialog did not open.")
    dialog.resize(max(dialog.width(), 980), max(dialog.height(), 640))
    settle(ctx)
    return dialog


def _save(widget: QWidget, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(out), "PNG"):
        raise UserError(f"Cannot write {out}.")
