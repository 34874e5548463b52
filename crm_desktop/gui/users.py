"""Team administration: the Users dialog (list, add, edit, block, reset password,
team mode on/off, hand over all clients of a user), handing one client over from
the contacts, and `install_team(window)` — the Service menu (Users…, Audit log…,
Switch user…, Change my password…) and the signed-in user in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind, Role
from crm_desktop.errors import UserError, ValidationError
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.resources import icon
from crm_desktop.services import handover, users
from crm_desktop.services.handover import HandoverPlan, HandoverResult
from crm_desktop.services.users import UserInput, UserView

_INDEX = QModelIndex | QPersistentModelIndex
ERROR_STYLE = "color: #c62828;"


def role_names() -> dict[Role, str]:
    return {
        Role.ADMIN: QCoreApplication.translate("Users", "Administrator"),
        Role.MANAGER: QCoreApplication.translate("Users", "Manager"),
        Role.ASSISTANT: QCoreApplication.translate("Users", "Assistant"),
        Role.READ_ONLY: QCoreApplication.translate("Users", "Read-only"),
    }


def _is_admin(ctx: AppContext) -> bool:
    user = ctx.ws.user
    return user is not None and user.is_admin


def _message_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("formMessage")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


# ---------------------------------------------------------------- the list


class UsersModel(QAbstractTableModel):
    NAME, LOGIN, ROLE, EXPORT, STATE, LAST = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UserView] = []
        self._roles = role_names()

    def set_rows(self, rows: list[UserView]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[UserView]:
        return list(self._rows)

    def row_at(self, index: _INDEX) -> UserView | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        user = self.row_at(index)
        if user is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return user.name
            if column == self.LOGIN:
                return user.login
            if column == self.ROLE:
                return self._roles[user.role]
            if column == self.EXPORT:
                return self.tr("yes") if user.may_export else self.tr("no")
            if column == self.STATE:
                if not user.is_active:
                    return self.tr("Blocked")
                return self.tr("Active") if user.has_password else self.tr("No password")
            if column == self.LAST and user.last_login_at is not None:
                return user.last_login_at.astimezone().strftime("%d.%m.%Y %H:%M")
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == self.NAME:
            return icon("person")
        if role == Qt.ItemDataRole.ForegroundRole and not user.is_active:
            return QColor("#9e9e9e")
        if role == Qt.ItemDataRole.UserRole:
            return user.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Name"),
            self.tr("Login"),
            self.tr("Role"),
            self.tr("May export"),
            self.tr("State"),
            self.tr("Last sign-in"),
        )
        return titles[section] if 0 <= section < len(titles) else None


# ---------------------------------------------------------------- editing one user


class _SaysProblems:
    """A dialog that says a service's refusal on itself (its `message` label) instead of
    in a message box; anything else is a bug report."""

    ctx: AppContext
    message: QLabel

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def say_failure(self, exc: BaseException, details: str) -> None:
        if isinstance(exc, UserError):
            self.show_message(exc.message)
        else:
            self.ctx.show_error(exc, details)


class UserDialog(_SaysProblems, QDialog):
    """Add (with a password) or edit a user; problems are shown on the dialog."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, user: UserView | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.saved: UserView | None = None
        self.setObjectName("userDialog")
        self.setWindowTitle(self.tr("New user") if user is None else self.tr("Edit user"))
        self.setMinimumWidth(440)
        self.login = QLineEdit(self)
        self.login.setObjectName("userLogin")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("userName")
        self.email = QLineEdit(self)
        self.email.setObjectName("userEmail")
        self.role = QComboBox(self)
        self.role.setObjectName("userRole")
        for role, text in role_names().items():
            self.role.addItem(text, role.value)
        self.may_export = QCheckBox(self.tr("May export lists and reports"), self)
        self.may_export.setObjectName("userMayExport")
        self.active = QCheckBox(self.tr("Active (may sign in)"), self)
        self.active.setObjectName("userActive")
        self.password = QLineEdit(self)
        self.password.setObjectName("userPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("userRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = _message_label(self)
        hint = QLabel(
            self.tr("At least %1 characters.").replace("%1", str(users.MIN_PASSWORD_LENGTH)),
            self,
        )
        hint.setStyleSheet("color: palette(placeholder-text);")

        form = QFormLayout()
        form.addRow(self.tr("&Login:"), self.login)
        form.addRow(self.tr("&Name:"), self.display_name)
        form.addRow(self.tr("&Email:"), self.email)
        form.addRow(self.tr("&Role:"), self.role)
        form.addRow("", self.may_export)
        form.addRow("", self.active)
        if user is None:
            form.addRow(self.tr("&Password:"), self.password)
            form.addRow(self.tr("&Repeat:"), self.repeat)
            form.addRow("", hint)
        else:
            self.password.hide()
            self.repeat.hide()
            hint.hide()
            self.login.setText(user.login)
            self.display_name.setText(user.display_name)
            self.email.setText(user.email or "")
            self.role.setCurrentIndex(self.role.findData(user.role.value))
            self.may_export.setChecked(user.may_export)
            self.active.setChecked(user.is_active)
        if user is None:
            self.role.setCurrentIndex(self.role.findData(Role.MANAGER.value))
            self.may_export.setChecked(True)
            self.active.setChecked(True)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _role_changed(self) -> None:
        admin = self.role.currentData() == Role.ADMIN.value
        read_only = self.role.currentData() in (Role.READ_ONLY.value, Role.ASSISTANT.value)
        self.may_export.setEnabled(not admin and not read_only)
        if admin:
            self.may_export.setChecked(True)

    def submit(self) -> None:
        data = UserInput(
            login=self.login.text(),
            display_name=self.display_name.text(),
            role=Role(self.role.currentData()),
            is_active=self.active.isChecked(),
            may_export=self.may_export.isChecked(),
            email=self.email.text() or None,
        )
        ws, user = self.ctx.ws, self.user
        if user is None:
            if self.password.text() != self.repeat.text():
                self.show_message(self.tr("The two passwords differ. Type the same one twice."))
                return
            password = self.password.text()

            def op(_p: object) -> UserView:
                return users.create_user(ws, data, password)

        else:
            version = user.version

            def op(_p: object) -> UserView:
                return users.update_user(ws, user.id, data, expected_version=version)

        self.buttons.setEnabled(False)
        self.ctx.run(op, self._saved, on_failure=self._failed)

    def _saved(self, view: UserView) -> None:
        self.buttons.setEnabled(True)
        self.saved = view
        if view.id == self.ctx.ws.user_id:  # my own role or name: menus follow
            self.ctx.workspace_changed.emit()
        self.ctx.notify(Changes.of((EntityKind.USER, view.id)))
        self.accept()

    def _failed(self, exc: BaseException, details: str) -> None:
        self.buttons.setEnabled(True)
        self.say_failure(exc, details)


class PasswordDialog(_SaysProblems, QDialog):
    """A new password, twice (reset by an administrator, or turning team mode on)."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        title: str,
        intro: str,
        *,
        with_login: str | None = None,
        with_old: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("passwordDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        text = QLabel(intro, self)
        text.setWordWrap(True)
        self.login = QLineEdit(self)
        self.login.setObjectName("passwordLogin")
        self.old = QLineEdit(self)
        self.old.setObjectName("passwordOld")
        self.old.setEchoMode(QLineEdit.EchoMode.Password)
        self.password = QLineEdit(self)
        self.password.setObjectName("passwordNew")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("passwordRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = _message_label(self)
        form = QFormLayout()
        if with_login is not None:
            self.login.setText(with_login)
            form.addRow(self.tr("&Login:"), self.login)
        else:
            self.login.hide()
        if with_old:
            form.addRow(self.tr("&Current password:"), self.old)
        else:
            self.old.hide()
        form.addRow(self.tr("&New password:"), self.password)
        form.addRow(self.tr("&Repeat:"), self.repeat)
        hint = QLabel(
            self.tr("At least %1 characters.").replace("%1", str(users.MIN_PASSWORD_LENGTH)),
            self,
        )
        hint.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.action: Callable[[str, str, str], object] | None = None

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.show_message(self.tr("The two passwords differ. Type the same one twice."))
            return
        if self.action is None:
            self.accept()
            return
        action = self.action
        login, old, new = self.login.text(), self.old.text(), self.password.text()
        self.buttons.setEnabled(False)
        self.ctx.run(lambda _p: action(login, old, new), self._done, on_failure=self._failed)

    def _done(self, _result: object) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException, details: str) -> None:
        self.buttons.setEnabled(True)
        self.say_failure(exc, details)


# ---------------------------------------------------------------- handover


class HandoverDialog(_SaysProblems, QDialog):
    """Whom to give one client (or all clients of a user) to, with what will move."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        *,
        client: tuple[EntityKind, int, str] | None = None,
        from_user: UserView | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client = client
        self.from_user = from_user
        self.result_value: HandoverResult | None = None
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("Hand over"))
        self.setWindowIcon(icon("move-right"))
        self.setMinimumWidth(480)
        if client is not None:
            what = self.tr("Hand over “%1” with its people, open deals and open tasks.").replace(
                "%1", client[2]
            )
        else:
            assert from_user is not None
            what = self.tr(
                "Hand over all clients of %1 with their open deals and open tasks."
            ).replace("%1", from_user.name)
        intro = QLabel(what, self)
        intro.setWordWrap(True)
        keep = QLabel(
            self.tr(
                "Won and lost deals, done tasks, notes and the change history stay as they are."
            ),
            self,
        )
        keep.setWordWrap(True)
        keep.setStyleSheet("color: palette(placeholder-text);")
        self.target = QComboBox(self)
        self.target.setObjectName("handoverTarget")
        self.plan_label = QLabel(self)
        self.plan_label.setObjectName("handoverPlan")
        self.plan_label.setWordWrap(True)
        self.message = _message_label(self)
        form = QFormLayout()
        form.addRow(self.tr("&To:"), self.target)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Hand over"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(keep)
        layout.addLayout(form)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.target.currentIndexChanged.connect(self._preview)
        ws = ctx.ws
        ctx.run(lambda _p: users.list_users(ws, include_blocked=False), self._users, write=False)

    def _users(self, people: list[UserView]) -> None:
        skip = self.from_user.id if self.from_user is not None else None
        self.target.blockSignals(True)
        for u in people:
            if u.id != skip and u.role is not Role.READ_ONLY:
                self.target.addItem(icon("person"), u.name, u.id)
        self.target.setCurrentIndex(-1 if self.target.count() != 1 else 0)
        self.target.blockSignals(False)
        if self.target.count() == 0:
            self.plan_label.setText(self.tr("There is nobody to hand over to: add a user first."))
        else:
            self._preview()

    def _preview(self) -> None:
        to_user = self.target.currentData()
        if to_user is None:
            self.ok_button.setEnabled(False)
            return
        ws, client, source = self.ctx.ws, self.client, self.from_user
        if client is not None:

            def op(_p: object) -> HandoverPlan:
                return handover.preview_client(ws, client[0], client[1], to_user)

        else:
            assert source is not None

            def op(_p: object) -> HandoverPlan:
                return handover.preview_user(ws, source.id, to_user)

        self.ctx.run(op, self._planned, write=False, on_failure=self._failed)

    def _planned(self, plan: HandoverPlan) -> None:
        parts = [
            self.tr("%n organizations", "", len(plan.organizations)),
            self.tr("%n persons", "", len(plan.persons)),
            self.tr("%n open deals", "", len(plan.deals)),
            self.tr("%n open tasks", "", len(plan.activities)),
        ]
        self.plan_label.setText(self.tr("Will move: %1").replace("%1", ", ".join(parts)))
        self.ok_button.setEnabled(plan.total > 0)
        if plan.total == 0:
            self.plan_label.setText(self.tr("Nothing to move: it all belongs to them already."))

    def submit(self) -> None:
        to_user = self.target.currentData()
        if to_user is None:
            self.message.setText(self.tr("Choose who takes the clients over."))
            self.message.show()
            return
        ws, client, source = self.ctx.ws, self.client, self.from_user
        if client is not None:

            def op(_p: object) -> HandoverResult:
                return handover.hand_over_client(ws, client[0], client[1], to_user)

        else:
            assert source is not None

            def op(_p: object) -> HandoverResult:
                return handover.hand_over_all(ws, source.id, to_user)

        self.ok_button.setEnabled(False)
        self.ctx.run(op, self._done, on_failure=self._failed)

    def _done(self, result: HandoverResult) -> None:
        self.result_value = result
        window = self.ctx.window
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(
                self.tr("Handed over to %1: %2")
                .replace("%1", self.target.currentText())
                .replace(
                    "%2",
                    self.tr("%n records", "", result.total),
                ),
                10_000,
            )
        self.ctx.notify(
            Changes.of(
                kinds=(
                    EntityKind.ORGANIZATION,
                    EntityKind.PERSON,
                    EntityKind.DEAL,
                    EntityKind.ACTIVITY,
                )
            )
        )
        self.accept()

    def _failed(self, exc: BaseException, details: str) -> None:
        self.ok_button.setEnabled(self.target.currentData() is not None)
        self.say_failure(exc, details)


def hand_over_client(
    ctx: AppContext, parent: QWidget | None, kind: EntityKind, entity_id: int, name: str
) -> HandoverDialog:
    dialog = HandoverDialog(ctx, parent, client=(kind, entity_id, name))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# ---------------------------------------------------------------- the Users dialog


class UsersDialog(_SaysProblems, QDialog):
    """Everyone who works in the base; an administrator's tool."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("usersDialog")
        self.setWindowTitle(self.tr("Users"))
        self.setWindowIcon(icon("person"))
        self.resize(980, 520)

        # team mode
        self.team_box = QFrame(self)
        self.team_box.setObjectName("teamModeBox")
        self.team_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.team_label = QLabel(self.team_box)
        self.team_label.setObjectName("teamModeLabel")
        self.team_label.setWordWrap(True)
        self.team_button = QPushButton(self.team_box)
        self.team_button.setObjectName("teamModeButton")
        self.team_button.clicked.connect(self._toggle_team_mode)
        team_row = QHBoxLayout(self.team_box)
        team_row.addWidget(self.team_label, 1)
        team_row.addWidget(self.team_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.model = UsersModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("usersTable")
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setModel(self.model)
        header = self.view.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((0, 180), (1, 110), (2, 120), (3, 90), (4, 110), (5, 120)):
            # never narrower than the (translated) header itself
            self.view.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        self.view.doubleClicked.connect(lambda _i: self.edit_user())
        self.view.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())

        self.add_button = QPushButton(icon("new-person"), self.tr("&Add…"), self)
        self.add_button.setObjectName("usersAdd")
        self.edit_button = QPushButton(icon("edit"), self.tr("&Edit…"), self)
        self.edit_button.setObjectName("usersEdit")
        self.block_button = QPushButton(icon("private"), self.tr("&Block"), self)
        self.block_button.setObjectName("usersBlock")
        self.password_button = QPushButton(self.tr("Reset &password…"), self)
        self.password_button.setObjectName("usersPassword")
        self.handover_button = QPushButton(
            icon("move-right"), self.tr("&Hand over all clients…"), self
        )
        self.handover_button.setObjectName("usersHandover")
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_user)
        self.block_button.clicked.connect(self.toggle_block)
        self.password_button.clicked.connect(self.reset_password)
        self.handover_button.clicked.connect(self.hand_over_all)
        side = QVBoxLayout()
        for b in (
            self.add_button,
            self.edit_button,
            self.block_button,
            self.password_button,
            self.handover_button,
        ):
            side.addWidget(b)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addLayout(side)

        self.message = _message_label(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.team_box)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        ctx.changed.connect(self._on_changed)
        self._fill_team_box()
        self.reload()

    # -- state

    def reload(self) -> None:
        ws = self.ctx.ws
        self.ctx.run(lambda _p: users.list_users(ws), self._arrived, write=False)

    def _arrived(self, people: list[UserView]) -> None:
        current = self.selected()
        self.model.set_rows(people)
        row = next((n for n, u in enumerate(people) if current and u.id == current.id), 0)
        if people:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(EntityKind.USER):
            self.reload()

    def selected(self) -> UserView | None:
        return self.model.row_at(self.view.currentIndex())

    def _update_buttons(self) -> None:
        user = self.selected()
        admin = _is_admin(self.ctx)
        for b in (self.edit_button, self.block_button, self.password_button):
            b.setEnabled(admin and user is not None)
        self.add_button.setEnabled(admin)
        self.handover_button.setEnabled(admin and user is not None)
        self.block_button.setText(
            self.tr("Un&block") if user is not None and not user.is_active else self.tr("&Block")
        )

    def _fill_team_box(self) -> None:
        if self.ctx.ws.team_mode:
            self.team_label.setText(
                self.tr(
                    "<b>Team mode is on.</b> Everyone signs in with a login and password "
                    "and sees what their role allows."
                )
            )
            self.team_button.setText(self.tr("Switch team mode off…"))
        else:
            self.team_label.setText(
                self.tr(
                    "<b>Solo mode.</b> Nobody signs in. Switch team mode on to give each "
                    "person a login, a role and their own clients."
                )
            )
            self.team_button.setText(self.tr("Switch team mode on…"))
        self.team_button.setEnabled(_is_admin(self.ctx))

    # -- actions

    def add_user(self) -> UserDialog:
        dialog = UserDialog(self.ctx, self, None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_user(self) -> UserDialog | None:
        user = self.selected()
        if user is None or not _is_admin(self.ctx):
            return None
        dialog = UserDialog(self.ctx, self, user)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def toggle_block(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.is_active and not self.ctx.dialogs.confirm(
            self,
            self.tr("Block user"),
            self.tr("Block %1? They will not be able to sign in; their records stay.").replace(
                "%1", user.name
            ),
        ):
            return
        ws, active = self.ctx.ws, not user.is_active
        self.show_message("")
        self.ctx.run(
            lambda _p: users.set_active(ws, user.id, active),
            lambda view: self.ctx.notify(Changes.of((EntityKind.USER, view.id))),
            on_failure=self.say_failure,
        )

    def reset_password(self) -> PasswordDialog | None:
        user = self.selected()
        if user is None:
            return None
        dialog = PasswordDialog(
            self.ctx,
            self,
            self.tr("Reset password"),
            self.tr("A new password for %1. Tell it to them; they can change it later.").replace(
                "%1", user.name
            ),
        )
        ws = self.ctx.ws
        dialog.action = lambda _login, _old, new: users.set_password(ws, user.id, new)
        dialog.accepted.connect(lambda: self.ctx.notify(Changes.of((EntityKind.USER, user.id))))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def hand_over_all(self) -> HandoverDialog | None:
        user = self.selected()
        if user is None:
            return None
        dialog = HandoverDialog(self.ctx, self, from_user=user)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _toggle_team_mode(self) -> QDialog | None:
        ws = self.ctx.ws
        if ws.team_mode:
            if not self.ctx.dialogs.confirm(
                self,
                self.tr("Team mode"),
                self.tr(
                    "Switch team mode off? Nobody will need to sign in and everyone using this "
                    "base will see every record. Users and passwords are kept."
                ),
            ):
                return None
            self.ctx.run(
                lambda _p: users.disable_team_mode(ws),
                self._mode_changed,
                on_failure=self.say_failure,
            )
            return None
        me = ws.user
        dialog = PasswordDialog(
            self.ctx,
            self,
            self.tr("Switch team mode on"),
            self.tr(
                "Set your own login and password first: you are the administrator and will "
                "sign in with them. Then add the people of your team."
            ),
            with_login=me.login if me is not None and me.login != "owner" else "",
        )
        dialog.action = lambda login, _old, new: users.enable_team_mode(ws, login, new)
        dialog.accepted.connect(lambda: self._mode_changed(None))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _mode_changed(self, _result: object) -> None:
        self._fill_team_box()
        self.ctx.workspace_changed.emit()
        self.ctx.notify(Changes.everything())


def open_users(ctx: AppContext, parent: QWidget | None) -> UsersDialog | None:
    if not _is_admin(ctx):
        ctx.dialogs.error(
            parent,
            QCoreApplication.translate("Users", "Users"),
            QCoreApplication.translate("Users", "Only an administrator can manage users."),
        )
        return None
    dialog = UsersDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def change_own_password(ctx: AppContext, parent: QWidget | None) -> PasswordDialog:
    dialog = PasswordDialog(
        ctx,
        parent,
        QCoreApplication.translate("Users", "Change my password"),
        QCoreApplication.translate("Users", "Type your current password, then the new one twice."),
        with_old=True,
    )
    ws = ctx.ws
    dialog.action = lambda _login, old, new: users.change_own_password(ws, old, new)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# ---------------------------------------------------------------- wiring


class TeamMenu(QObject):
    """The Service menu and the status-bar user; they follow the signed-in user."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("teamMenu")
        self.window = window
        ctx: AppContext = window.ctx
        self.ctx = ctx
        self.users_action = window.action(
            "users",
            QCoreApplication.translate("Team", "&Users…"),
            lambda: open_users(ctx, window),
            None,
            "person",
        )
        self.audit_action = window.action(
            "audit_log",
            QCoreApplication.translate("Team", "&Audit log…"),
            self.open_audit_log,
            None,
            "checklist",
        )
        self.switch_action = window.action(
            "switch_user",
            QCoreApplication.translate("Team", "&Switch user…"),
            self.switch_user,
            None,
            "reopen",
        )
        self.password_action = window.action(
            "change_password",
            QCoreApplication.translate("Team", "Change my &password…"),
            lambda: change_own_password(ctx, window),
        )
        self.menu = window.menuBar().addMenu(QCoreApplication.translate("Team", "&Service"))
        self.menu.setObjectName("serviceMenu")
        help_menu = next(
            (
                a
                for a in window.menuBar().actions()
                if window.actions["about"] in (a.menu().actions() if a.menu() else [])
            ),
            None,
        )
        if help_menu is not None:
            window.menuBar().insertMenu(help_menu, self.menu)
        for act in (self.users_action, self.audit_action):
            self.menu.addAction(act)
        self.undo_handover_action = window.action(
            "undo_handover",
            QCoreApplication.translate("Team", "Undo the last &handover…"),
            self.undo_last_handover,
            None,
            "undo",
        )
        self.menu.addAction(self.undo_handover_action)
        self.menu.addSeparator()
        self.menu.addAction(self.switch_action)
        self.menu.addAction(self.password_action)
        self.user_label = QLabel(window)
        self.user_label.setObjectName("signedInUser")
        window.statusBar().addPermanentWidget(self.user_label)
        self.handover_action = QAction(
            icon("move-right"), QCoreApplication.translate("Team", "&Hand over…"), window
        )
        self.handover_action.setObjectName("handoverAction")
        self.handover_action.triggered.connect(self.hand_over_current)
        contacts = getattr(window, "pages", {}).get("contacts")
        if contacts is not None:
            contacts.handover_action = self.handover_action
        ctx.workspace_changed.connect(self.update)
        self.update()

    def update(self) -> None:
        ws = self.ctx.ws
        admin = _is_admin(self.ctx)
        self.users_action.setEnabled(admin)
        self.audit_action.setEnabled(admin)
        self.undo_handover_action.setEnabled(admin)
        self.switch_action.setVisible(ws.team_mode)
        self.password_action.setVisible(ws.team_mode)
        user = ws.user
        if ws.team_mode and user is not None:
            self.user_label.setText(
                QCoreApplication.translate("Team", "%1 (%2)")
                .replace("%1", user.display_name or user.login)
                .replace("%2", role_names()[user.role])
            )
            self.user_label.show()
        else:
            self.user_label.hide()
        self.window.setWindowTitle(
            QCoreApplication.translate("Team", "CRM Desktop — %1").replace("%1", ws.display_name)
            + (f" — {user.display_name or user.login}" if ws.team_mode and user else "")
        )

    def open_audit_log(self) -> QDialog | None:
        if not _is_admin(self.ctx):
            self.ctx.dialogs.error(
                self.window,
                QCoreApplication.translate("Team", "Audit log"),
                QCoreApplication.translate("Team", "Only an administrator can read the audit log."),
            )
            return None
        from crm_desktop.gui.audit_log import open_audit_log

        return open_audit_log(self.ctx, self.window)

    def undo_last_handover(self) -> None:
        ws, ctx = self.ctx.ws, self.ctx

        def found(done: list[handover.HandoverRecord]) -> None:
            last = next((h for h in done if h.status.value == "done"), None)
            if last is None:
                ctx.dialogs.info(
                    self.window,
                    QCoreApplication.translate("Team", "Undo handover"),
                    QCoreApplication.translate("Team", "There is no handover to undo."),
                )
                return
            when = last.at.astimezone().strftime("%d.%m.%Y %H:%M")
            if not ctx.dialogs.confirm(
                self.window,
                QCoreApplication.translate("Team", "Undo handover"),
                QCoreApplication.translate(
                    "Team", "Undo “%1” of %2? Records handed on again since stay where they are."
                )
                .replace("%1", last.title)
                .replace("%2", when),
            ):
                return
            ctx.run(
                lambda _p: handover.undo_handover(ws, last.change_set_id),
                lambda _n: ctx.notify(Changes.everything()),
            )

        ctx.run(lambda _p: handover.list_handovers(ws, limit=20), found, write=False)

    def switch_user(self) -> QDialog:
        from crm_desktop.gui.login import switch_user

        return switch_user(self.ctx, self.window)

    def hand_over_current(self) -> HandoverDialog | None:
        page = getattr(self.window, "pages", {}).get("contacts")
        if page is None:
            return None
        row = page.model.record(page.view.currentIndex())
        if row is None or row.kind not in (EntityKind.ORGANIZATION, EntityKind.PERSON):
            return None
        return hand_over_client(self.ctx, self.window, row.kind, row.id, row.name or f"#{row.id}")


def install_team(window: Any) -> TeamMenu:
    """Service → Users…, Audit log…, Switch user…, Change my password…; Hand over… in the
    contacts' context menu; the signed-in user in the status bar."""
    return TeamMenu(window)


__all__ = ["ValidationError", "install_team"]


def demo_dialog(view: str, ctx: AppContext, window: QWidget) -> QWidget:
    """For `crm-desktop screenshot users|sign-in` (the base is left as it is)."""
    if view == "users":
        dialog = UsersDialog(ctx, window)
        dialog.show()
        return dialog
    if view == "sign-in":
        from crm_desktop.gui.login import SignInDialog

        sign_in = SignInDialog(ctx, window)
        sign_in.login.setText("anna")
        sign_in.password.setText("not-her-password")
        sign_in.show_message(
            QCoreApplication.translate(
                "SignInDialog", "Wrong login or password, or the user is blocked. Try again."
            )
        )
        sign_in.show()
        return sign_in
    raise ValueError(view)
