"""The page interface of the main window, and the page of a part still to come."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from crm_desktop.gui.resources import icon


class Page(QWidget):
    """A view in the main window's navigation (contacts, deals, trash …)."""

    title: str = ""
    icon_name: str = ""

    def activate(self) -> None:
        """Called when the page is shown: load or refresh what it displays."""

    def command(self, name: str) -> None:
        """A window-level command ('new_person', …) addressed to this page."""

    def save_state(self, settings: QSettings) -> None:
        """Remember column layout, splitter positions …"""

    def is_ready(self) -> bool:
        """True once the page shows its data (the start-up benchmark waits for it)."""
        return True


class PlannedPage(Page):
    """Says plainly that this part of the program arrives in a later version."""

    def __init__(self, title: str, icon_name: str, description: str) -> None:
        super().__init__()
        self.title = title
        self.icon_name = icon_name
        self.planned = True
        picture = QLabel(self)
        picture.setPixmap(icon(icon_name).pixmap(64, 64))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel(f"<h2>{title}</h2>", self)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(description, self)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(520)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(picture)
        layout.addWidget(heading)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
