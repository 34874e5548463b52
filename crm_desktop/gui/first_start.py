"""The first start on a machine: an empty base, a demo base, or an existing file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.gui.resources import icon


class FirstStartChoice(Enum):
    EMPTY = "empty"
    DEMO = "demo"
    OPEN = "open"


@dataclass(frozen=True)
class Choice:
    kind: FirstStartChoice
    path: Path | None = None


class FirstStartDialog(QDialog):
    def __init__(self, default_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: Choice | None = None
        self.setWindowTitle(self.tr("Welcome to CRM Desktop"))
        self.setWindowIcon(icon("app"))
        heading = QLabel(self.tr("<h2>Welcome to CRM Desktop</h2>"), self)
        intro = QLabel(
            self.tr(
                "Your client base will be kept in a file on this computer:\n%1\n"
                "How would you like to start?"
            ).replace("%1", str(default_path)),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_button = QCommandLinkButton(
            self.tr("Start with an empty base"),
            self.tr("Add your clients by hand or import them from Excel."),
            self,
        )
        self.demo_button = QCommandLinkButton(
            self.tr("Open a demo base"),
            self.tr("Try the program on sample organizations, people, deals and tasks."),
            self,
        )
        self.open_button = QCommandLinkButton(
            self.tr("Open an existing base…"),
            self.tr("A base file copied from another computer or a backup."),
            self,
        )
        for button, name in (
            (self.empty_button, "new-base"),
            (self.demo_button, "demo"),
            (self.open_button, "open-base"),
        ):
            button.setIcon(icon(name))
            button.setIconSize(QSize(32, 32))
        self.empty_button.clicked.connect(lambda: self._choose(Choice(FirstStartChoice.EMPTY)))
        self.demo_button.clicked.connect(lambda: self._choose(Choice(FirstStartChoice.DEMO)))
        self.open_button.clicked.connect(self._open_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(8)
        for w in (self.empty_button, self.demo_button, self.open_button):
            layout.addWidget(w)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _choose(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()

    def _open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a client base"),
            str(Path.home()),
            self.tr("CRM Desktop bases (*.sqlite3 *.sqlite *.db);;All files (*)"),
        )
        if path:
            self._choose(Choice(FirstStartChoice.OPEN, Path(path)))


def ask_first_start(parent: QWidget | None, default_path: Path) -> Choice | None:
    dialog = FirstStartDialog(default_path, parent)
    dialog.exec()
    return dialog.choice
