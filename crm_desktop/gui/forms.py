"""What the editing dialogs share: closing safely and a size that fits the screen.

`EditorDialog` is the base of a dialog that writes in the background: while a write
is on its way the dialog stays open (its answer closes it), and closing with changes
asks first. A subclass says what counts as a change (`is_dirty`) and how to ask
(`discard_question`, its own translated text).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QDialog, QWidget

from crm_desktop.gui.context import AppContext
from crm_desktop.gui.resources import ui_path

T = TypeVar("T")


def load_form(name: str, parent: QWidget) -> QWidget:
    """A Designer form from ui/, its strings translated in the form's class context."""
    loader = QUiLoader()
    form = loader.load(str(ui_path(name)), parent)
    if form is None:  # a broken installation, not a user error
        raise RuntimeError(f"cannot load {name}: {loader.errorString()}")
    return form


def _child(form: QWidget, cls: type[T], name: str) -> T:
    found = form.findChild(cls, name)  # type: ignore[type-var]
    if found is None:
        raise RuntimeError(f"{name} ({cls.__name__}) missing in {form.objectName()}")
    return found  # type: ignore[no-any-return]


def setup_form(dialog: QDialog, ui_name: str, object_name: str) -> QWidget:
    """An editing window the house way (window-modal, resizable); returns its Designer form."""
    dialog.setObjectName(object_name)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setSizeGripEnabled(True)
    return load_form(ui_name, dialog)


class EditorDialog(QDialog):
    """A dialog that saves in the background and asks before losing typed changes."""

    ctx: AppContext
    _writing: bool = False
    _initial: object = None  # the snapshot when loaded (None: nothing to lose)

    def snapshot(self) -> object:
        """Everything the user can change, to tell whether anything was."""
        raise NotImplementedError

    def is_dirty(self) -> bool:
        return self._initial is not None and self.snapshot() != self._initial

    def discard_question(self) -> str:
        """The question before closing with changes (each dialog words its own)."""
        raise NotImplementedError

    def reject(self) -> None:
        if self._writing:
            return  # the write is on its way; its answer closes the dialog
        if self.is_dirty() and not self.ctx.dialogs.confirm(
            self, self.windowTitle(), self.discard_question()
        ):
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._writing:
            event.ignore()
            return
        super().closeEvent(event)

    def _load_failed(self, exc: BaseException, details: str) -> None:
        """The first read failed: say why and close (there is nothing to lose)."""
        self.ctx.show_error(exc, details)
        self._initial = None
        self.done(QDialog.DialogCode.Rejected)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to `width` x `height`, but no larger than most of the screen it is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, int(available.width() * 0.95))
        height = min(height, int(available.height() * 0.92))
    widget.resize(width, height)


__all__ = ["EditorDialog", "fit_to_screen", "load_form", "setup_form"]
