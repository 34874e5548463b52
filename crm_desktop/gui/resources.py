"""Where the program's resources are: beside the package in a checkout, or in the bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontDatabase, QIcon

from crm_desktop.config import resource_path

__all__ = ["icon", "load_fonts", "resource_path", "ui_path"]


def ui_path(name: str) -> Path:
    """A Qt Designer form under `ui/`."""
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parents[2]
    return root / "ui" / name


@cache
def icon(name: str) -> QIcon:
    """An icon of the program's set (resources/icons/NAME-SIZE.png); empty if missing."""
    result = QIcon()
    for size in (16, 24, 32, 48, 64):
        path = resource_path("icons", f"{name}-{size}.png")
        if path.exists():
            result.addFile(str(path), QSize(size, size))
    return result


def load_fonts() -> None:
    """Register the bundled fonts so the UI and PDFs look the same on every machine."""
    folder = resource_path("fonts")
    if folder.is_dir():
        for path in sorted(folder.glob("*.ttf")):
            QFontDatabase.addApplicationFont(str(path))
