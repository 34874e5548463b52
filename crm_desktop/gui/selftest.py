"""The GUI half of `crm-desktop --self-test` (see crm_desktop/selftest.py).

Qt lives here (the package root must not import PySide6): the application object
with the Russian translations and the bundled fonts, and the main window rendered
offscreen over the self-test's temporary base. Message boxes are recorded instead
of shown — a modal box would wait forever with nobody to click it — and any error
one reports fails the check.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QSettings
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from crm_desktop.config import AppPaths
from crm_desktop.gui import i18n
from crm_desktop.gui.app import application, build_window
from crm_desktop.gui.context import AppContext, Dialogs
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.gui.screenshot import settle
from crm_desktop.services.workspace import Workspace

CYRILLIC = range(0x0400, 0x0500)
WINDOW_SIZE = (1280, 720)
PAGES = ("today", "contacts", "deals", "calendar", "tasks", "reports")


class GuiCheckFailed(Exception):
    """The GUI is broken; the message says how."""


class RecordingDialogs(Dialogs):
    """Message boxes written down instead of shown; questions answered 'no'/'cancel'."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        last = details.strip().splitlines()[-1] if details.strip() else ""
        self.errors.append(text + (f" [{last}]" if last else ""))

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        return None

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        return False

    def choose(
        self, parent: QWidget | None, title: str, text: str, options: list[str]
    ) -> int | None:
        return None

    def save_path(
        self, parent: QWidget | None, title: str, suggested: str, filters: str
    ) -> str | None:
        return None


def has_cyrillic(text: str) -> bool:
    return any(ord(ch) in CYRILLIC for ch in text)


def check_qt() -> tuple[QApplication, str]:
    """The application in Russian with the bundled fonts; (app, what was seen)."""
    app = application()
    language = i18n.install(app, "ru")
    ours = QCoreApplication.translate("MainWindow", "Main toolbar")
    if language != "ru" or not has_cyrillic(ours):
        raise GuiCheckFailed(f"the Russian translation did not load (got {ours!r})")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_text = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if not has_cyrillic(qt_text):
        raise GuiCheckFailed(f"Qt's own qtbase_ru.qm did not load from {qt_dir}")
    if "DejaVu Sans" not in QFontDatabase.families():
        raise GuiCheckFailed("the bundled DejaVu Sans font is not registered")
    return app, (
        f"ru: {ours!r}, Qt: {qt_text!r}; DejaVu Sans registered; platform {app.platformName()}"
    )


class WindowCheck:
    """The main window over `ws`, each main page shown, then grabbed into a PNG."""

    def __init__(self, ws: Workspace, root: Path) -> None:
        self.root = root
        self.dialogs = RecordingDialogs()
        ini = QSettings(str(root / "window.ini"), QSettings.Format.IniFormat)
        self.ctx = AppContext(ws, ini, self.dialogs)
        self.ctx.paths = AppPaths.resolve(root)
        self.window: MainWindow | None = None

    def run(self) -> str:
        window = self.window = build_window(self.ctx)
        window.resize(*WINDOW_SIZE)
        window.show()
        shown = []
        for key in PAGES:
            window.show_page(key)
            settle(self.ctx)
            shown.append(key)
        window.show_page("contacts")
        settle(self.ctx)
        if self.dialogs.errors:
            raise GuiCheckFailed("the window reported: " + " | ".join(self.dialogs.errors))
        image = window.grab().toImage()
        out = self.root / "main-window.png"
        if image.isNull() or not image.save(str(out)):
            raise GuiCheckFailed("the main window did not render to an image")
        step_x, step_y = max(1, image.width() // 160), max(1, image.height() // 90)
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), step_x)
            for y in range(0, image.height(), step_y)
        }
        if len(colours) < 8:
            raise GuiCheckFailed(f"the rendered window looks empty ({len(colours)} colours)")
        title = window.windowTitle()
        menus = [a.text() for a in window.menuBar().actions()]
        if not has_cyrillic(" ".join(menus)):
            raise GuiCheckFailed(f"the window's menus are not in Russian: {menus}")
        return (
            f"{image.width()}x{image.height()} PNG, {len(colours)} colours; "
            f"pages {', '.join(shown)}; title {title!r}"
        )

    def close(self) -> None:
        self.ctx.runner.cancel_all()
        self.ctx.runner.wait(10_000)
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        app = QApplication.instance()
        if app is not None:
            app.processEvents()


__all__ = ["GuiCheckFailed", "WindowCheck", "check_qt"]
