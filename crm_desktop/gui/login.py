"""Signing in to a team base: the dialog shown at start in team mode, and
Service → Switch user…. A wrong password is said on the dialog itself; the
password check (Argon2id, ~50 ms) runs off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import AuthenticationError, UserError
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.resources import icon
from crm_desktop.services.access import CurrentUser


class SignInDialog(QDialog):
    """Login and password; accepted once the workspace has signed the user in."""

    signed_in = Signal(object)  # CurrentUser

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, switching: bool = False
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Switch user") if switching else self.tr("Sign in"))
        self.setWindowIcon(icon("person"))
        self.setMinimumWidth(420)
        self._busy = False

        picture = QLabel(self)
        picture.setPixmap(icon("app").pixmap(48, 48))
        heading = QLabel(self.tr("CRM Desktop"), self)
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        heading.setFont(font)
        base = QLabel(
            self.tr("Base: %1").replace("%1", ctx.ws.display_name),
            self,
        )
        base.setObjectName("signInBase")
        base.setWordWrap(True)
        base.setStyleSheet("color: palette(placeholder-text);")
        self.login = QLineEdit(self)
        self.login.setObjectName("signInLogin")
        self.login.setMaxLength(100)
        self.password = QLineEdit(self)
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        self.message = QLabel(self)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Sign in"))
        self.ok_button.setObjectName("signInButton")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel") if switching else self.tr("Quit"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Login:"), self.login)
        form.addRow(self.tr("&Password:"), self.password)
        top = QVBoxLayout()
        top.addWidget(heading)
        top.addWidget(base)
        layout = QVBoxLayout(self)
        layout.addWidget(picture)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.login.textEdited.connect(self._hide_message)
        self.password.textEdited.connect(self._hide_message)
        self.login.setFocus()

    def _hide_message(self, _text: str = "") -> None:
        self.message.hide()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def submit(self) -> None:
        if self._busy:
            return
        login, password = self.login.text().strip(), self.password.text()
        if not login:
            self.show_message(self.tr("Enter your login."))
            self.login.setFocus()
            return
        if not password:
            self.show_message(self.tr("Enter your password."))
            self.password.setFocus()
            return
        self._set_busy(True)
        ws = self.ctx.ws
        self.ctx.run(
            lambda _p: ws.sign_in(login, password),
            self._done,
            write=False,
            on_failure=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)
        self.login.setEnabled(not busy)
        self.password.setEnabled(not busy)
        if busy:
            self.show_message(self.tr("Checking…"))
            self.message.setStyleSheet("color: palette(placeholder-text);")
        else:
            self.message.setStyleSheet("color: #c62828;")

    def _done(self, user: CurrentUser) -> None:
        self._set_busy(False)
        self.message.hide()
        self.signed_in.emit(user)
        self.accept()

    def _failed(self, exc: BaseException, details: str) -> None:
        self._set_busy(False)
        if isinstance(exc, UserError):
            self.show_message(
                self.tr("Wrong login or password, or the user is blocked. Try again.")
                if isinstance(exc, AuthenticationError)
                else exc.message
            )
            self.password.selectAll()
            self.password.setFocus()
            return
        self.ctx.show_error(exc, details)


def sign_in_at_start(ctx: AppContext) -> bool:
    """Team mode: ask for login and password before the window opens; False to quit."""
    if not ctx.ws.team_mode or ctx.ws.user is not None:
        return True
    dialog = SignInDialog(ctx)
    return dialog.exec() == QDialog.DialogCode.Accepted


def switch_user(ctx: AppContext, parent: QWidget | None) -> SignInDialog:
    """Service → Switch user…: sign in as someone else; every view reloads for them."""
    dialog = SignInDialog(ctx, parent, switching=True)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def changed(_user: CurrentUser) -> None:
        ctx.workspace_changed.emit()
        ctx.notify(Changes.everything())

    dialog.signed_in.connect(changed)
    dialog.open()
    return dialog
