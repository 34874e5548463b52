"""Where the program's resources are: beside the package in a checkout, or in the bundle."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFontDatabase, QIcon, QPainter, QPixmap

from crm_desktop.config import app_root, resource_path

__all__ = ["ICON_SIZES", "icon", "load_fonts", "resource_path", "ui_path"]

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 128/256: the application icon only


def ui_path(name: str) -> Path:
    """A Qt Designer form under `ui/` (beside `resources/`, see `config.app_root`)."""
    return app_root() / "ui" / name


@cache
def icon(name: str) -> QIcon:
    """An icon of the program's set (resources/icons/NAME-SIZE.png); empty if missing.

    The set's colours are mid tones that keep 3:1 contrast on light and dark windows, so
    one set serves both themes (scripts/make_icons.py)."""
    result = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"{name}-{size}.png")
        if path.exists():
            result.addFile(str(path), QSize(size, size))
            if name != "app":
                # on a selected row (the highlight is the set's blue) the glyph turns white
                result.addPixmap(_white(QPixmap(str(path))), QIcon.Mode.Selected)
    return result


def _white(pixmap: QPixmap) -> QPixmap:
    """The same glyph in white (its alpha kept)."""
    painter = QPainter(pixmap)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), QColor("white"))
    painter.end()
    return pixmap


def load_fonts() -> None:
    """Register the bundled fonts so the UI and PDFs look the same on every machine."""
    folder = resource_path("fonts")
    if folder.is_dir():
        for path in sorted(folder.glob("*.ttf")):
            QFontDatabase.addApplicationFont(str(path))
