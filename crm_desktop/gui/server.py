"""PostgreSQL server mode in the GUI: the Database page (Settings → Database, and File →
Database server…), opening the server at start, and seeing other desktops' changes.

- `DatabasePage`: host, port, database, user, password, SSL mode; "Test connection",
  "Create the schema" (an empty database), "Use this server" (the workspace reopens on
  it, `AppContext.replace_workspace`), "Back to the local file". Every network call runs
  in the background runner with libpq's connect_timeout; the page says what it found
  in one line per case (`services.server.CheckCode`).
- `open_server_at_start`: when the settings name a server, the app opens it — connecting
  in a thread behind a small progress dialog; a server that cannot be used offers
  "Try again", "Open the local file" or "Quit".
- `ServerWatch`: in server mode, a cheap marker (`services.server.change_marker`) is read
  in the background on a timer and when the window is activated; when it moved, every
  view reloads (`Changes.everything()`). The desktop's own writes move it too: after
  each of them the marker is read again and absorbed, so they cause no second reload.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.config import AppPaths, Settings
from crm_desktop.errors import UserError
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.services.progress import Progress
from crm_desktop.services.server import (
    DEFAULT_PORT,
    SSL_MODES,
    CheckCode,
    Marker,
    ServerCheck,
    ServerSettings,
    change_marker,
    check_server,
    create_schema,
    open_server,
    pass_file,
    server_from_settings,
    store_server,
)
from crm_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)

POLL_MS = 30_000  # other desktops' changes: how often the marker is read
FOCUS_GAP_S = 2.0  # window activations closer than this read it once


def check_text(check: ServerCheck) -> str:
    """The connection test's finding in the user's language."""
    s = check.server
    texts = {
        CheckCode.READY: QCoreApplication.translate(
            "ServerPage",
            "Connected (PostgreSQL %1). A CRM Desktop base: %2 organizations, %3 persons, "
            "%4 deals. It can be used.",
        ),
        CheckCode.UPGRADE: QCoreApplication.translate(
            "ServerPage",
            "Connected (PostgreSQL %1). A base of an older CRM Desktop: it is upgraded when "
            "you use it. Back it up on the server first (pg_dump).",
        ),
        CheckCode.EMPTY: QCoreApplication.translate(
            "ServerPage",
            "Connected (PostgreSQL %1). The database is empty: create the schema to start "
            "a new base there, or copy your base into it with migrate-to-postgres.",
        ),
        CheckCode.FOREIGN: QCoreApplication.translate(
            "ServerPage",
            "The database holds tables of another program. CRM Desktop needs an empty "
            "database or its own; nothing was changed.",
        ),
        CheckCode.TOO_NEW: QCoreApplication.translate(
            "ServerPage",
            "The base on the server was written by a newer CRM Desktop. Install the newer "
            "version on this computer.",
        ),
        CheckCode.TOO_OLD: QCoreApplication.translate(
            "ServerPage",
            "The server runs PostgreSQL %1, which is too old: CRM Desktop needs PostgreSQL "
            "13 or newer.",
        ),
        CheckCode.NO_RIGHTS: QCoreApplication.translate(
            "ServerPage",
            "The database is empty, but the user %5 may not create tables in it. The "
            "administrator makes %5 the owner of the database.",
        ),
        CheckCode.NO_TRGM: QCoreApplication.translate(
            "ServerPage",
            "The search needs the pg_trgm extension, which this user cannot install. The "
            "administrator runs CREATE EXTENSION pg_trgm in the database.",
        ),
        CheckCode.STANDBY: QCoreApplication.translate(
            "ServerPage",
            "This server is a read-only replica: connect to the main server.",
        ),
        CheckCode.UNKNOWN_HOST: QCoreApplication.translate(
            "ServerPage", "The server %6 is unknown: check its name, or use its IP address."
        ),
        CheckCode.UNREACHABLE: QCoreApplication.translate(
            "ServerPage",
            "The server %6 cannot be reached (no answer): check the name, the network and "
            "the firewall.",
        ),
        CheckCode.REFUSED: QCoreApplication.translate(
            "ServerPage",
            "%6 answers, but PostgreSQL does not listen on port %7: check the port and "
            "that the server runs (listen_addresses).",
        ),
        CheckCode.AUTH: QCoreApplication.translate(
            "ServerPage", "The server refused the user name or the password of %5: check both."
        ),
        CheckCode.NO_DATABASE: QCoreApplication.translate(
            "ServerPage",
            "There is no database %8 on the server: check the name, or ask the "
            "administrator to create it.",
        ),
        CheckCode.NOT_ALLOWED: QCoreApplication.translate(
            "ServerPage",
            "The server does not accept connections from this computer: the administrator "
            "adds it to pg_hba.conf.",
        ),
        CheckCode.SSL: QCoreApplication.translate(
            "ServerPage",
            "The encrypted connection failed: choose another SSL mode, or ask the "
            "administrator about the server's certificate.",
        ),
    }
    text = texts.get(check.code)
    if text is None:  # INVALID, FAILED: the service's own words
        return check.message
    values = {
        "%1": check.server_version,
        "%2": str(check.counts.get("organizations", 0)),
        "%3": str(check.counts.get("persons", 0)),
        "%4": str(check.counts.get("deals", 0)),
        "%5": s.user,
        "%6": s.host,
        "%7": str(s.port),
        "%8": s.database,
    }
    for key in sorted(values, reverse=True):
        text = text.replace(key, values[key])
    if check.code in (CheckCode.READY, CheckCode.UPGRADE, CheckCode.EMPTY):
        text += " " + (
            QCoreApplication.translate("ServerPage", "The connection is encrypted (SSL).")
            if check.encrypted
            else QCoreApplication.translate("ServerPage", "The connection is not encrypted.")
        )
    return text


def _paths(ctx: AppContext) -> AppPaths:
    return ctx.paths or AppPaths.resolve()


def current_server(ctx: AppContext) -> ServerSettings | None:
    """The server the open workspace is on (None: a local file)."""
    if ctx.ws.backend != "postgresql":
        return None
    return ServerSettings.from_url(ctx.ws.db.url)


def base_description(ctx: AppContext) -> str:
    server = current_server(ctx)
    if server is not None:
        return QCoreApplication.translate("ServerPage", "PostgreSQL server %1").replace(
            "%1", server.display
        )
    return QCoreApplication.translate("ServerPage", "the local file %1").replace(
        "%1", str(ctx.ws.path or ctx.ws.display_name)
    )


# ------------------------------------------------------------------ the page


class DatabasePage(QWidget):
    """Where the base lives: the local file or a PostgreSQL server (the Database page of
    the Settings dialog; File → Database server… shows it alone)."""

    checked = Signal(object)  # ServerCheck: a test (or a schema creation) finished
    switched = Signal()  # the workspace was reopened on the server or the local file

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("databasePage")
        self.ctx = ctx
        self.last_check: ServerCheck | None = None
        self._busy = False

        self.where = QLabel(self)
        self.where.setObjectName("serverWhere")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        box = QGroupBox(self.tr("PostgreSQL server"), self)
        self.host = QLineEdit(box)
        self.host.setObjectName("serverHost")
        self.host.setPlaceholderText(self.tr("server name or IP address, e.g. crm-server"))
        self.port = QSpinBox(box)
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)
        self.database = QLineEdit(box)
        self.database.setObjectName("serverDatabase")
        self.user = QLineEdit(box)
        self.user.setObjectName("serverUser")
        self.password = QLineEdit(box)
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sslmode = QComboBox(box)
        self.sslmode.setObjectName("serverSslMode")
        labels = {
            "disable": self.tr("Off — no encryption"),
            "prefer": self.tr("Prefer — encrypt when the server can"),
            "require": self.tr("Require — always encrypt"),
            "verify-full": self.tr("Verify — encrypt and check the server's certificate"),
        }
        for mode in SSL_MODES:
            self.sslmode.addItem(labels[mode], mode)
        host_row = QHBoxLayout()
        host_row.addWidget(self.host, 1)
        host_row.addWidget(QLabel(self.tr("Port:"), box))
        host_row.addWidget(self.port)
        form = QFormLayout()
        form.addRow(self.tr("Server:"), host_row)
        form.addRow(self.tr("Database:"), self.database)
        form.addRow(self.tr("User:"), self.user)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("Encryption (SSL):"), self.sslmode)
        note = QLabel(
            self.tr(
                "The password is kept on this computer in %1, readable only by your "
                "user account — not in the settings file."
            ).replace("%1", str(pass_file(_paths(ctx)))),
            box,
        )
        note.setObjectName("serverPasswordNote")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")

        self.test_button = QPushButton(self.tr("&Test connection"), box)
        self.test_button.setObjectName("serverTest")
        self.create_button = QPushButton(self.tr("&Create the schema"), box)
        self.create_button.setObjectName("serverCreate")
        self.create_button.setEnabled(False)
        self.create_button.setToolTip(
            self.tr("Creates the tables of CRM Desktop in an empty database.")
        )
        self.use_button = QPushButton(self.tr("&Use this server"), box)
        self.use_button.setObjectName("serverUse")
        self.local_button = QPushButton(self.tr("&Back to the local file"), self)
        self.local_button.setObjectName("serverLocal")
        buttons = QHBoxLayout()
        for b in (self.test_button, self.create_button, self.use_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.progress = QProgressBar(box)
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(6)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.result = QLabel(box)
        self.result.setObjectName("serverResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setMinimumHeight(48)
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(note)
        inner.addLayout(buttons)
        inner.addWidget(self.progress)
        inner.addWidget(self.result)

        local_row = QHBoxLayout()
        local_hint = QLabel(
            self.tr("Work in the base file on this computer again (your own, not shared)."),
            self,
        )
        local_hint.setWordWrap(True)
        local_row.addWidget(local_hint, 1)
        local_row.addWidget(self.local_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(box)
        layout.addLayout(local_row)
        layout.addStretch(1)

        self.test_button.clicked.connect(self.test)
        self.create_button.clicked.connect(self.create_tables)
        self.use_button.clicked.connect(self.use)
        self.local_button.clicked.connect(self.back_to_local)
        for edit in (self.host, self.database, self.user, self.password):
            edit.textEdited.connect(self._edited)
        self.port.valueChanged.connect(self._edited)
        self.sslmode.currentIndexChanged.connect(self._edited)
        ctx.workspace_changed.connect(self._show_where)
        self._load()
        self._show_where()

    # ---------------------------------------------------------------- fields

    def _load(self) -> None:
        settings = self.ctx.ws.settings
        server = current_server(self.ctx) or server_from_settings(settings, _paths(self.ctx))
        self.host.setText(server.host)
        self.port.setValue(server.port or DEFAULT_PORT)
        self.database.setText(server.database)
        self.user.setText(server.user)
        self.password.setText(server.password)
        index = self.sslmode.findData(server.sslmode)
        self.sslmode.setCurrentIndex(max(index, 0))

    def server(self) -> ServerSettings:
        """The connection the fields describe."""
        return ServerSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            password=self.password.text(),
            sslmode=str(self.sslmode.currentData() or "prefer"),
        )

    def _field(self, name: str) -> QWidget:
        widgets: dict[str, QWidget] = {
            "host": self.host,
            "port": self.port,
            "database": self.database,
            "user": self.user,
            "sslmode": self.sslmode,
        }
        return widgets.get(name, self.host)

    def _valid_server(self) -> ServerSettings | None:
        """The fields' server, or None after pointing at the first bad field."""
        server = self.server()
        problems = server.problems()
        if not problems:
            return server
        name, _message = problems[0]
        texts = {
            "host": self.tr("Enter the server's name or IP address."),
            "port": self.tr("The port is a number from 1 to 65535 (usually 5432)."),
            "database": self.tr("Enter the name of the database on the server."),
            "user": self.tr("Enter the user name (the PostgreSQL role)."),
        }
        self._say(texts.get(name, _message), error=True)
        self._field(name).setFocus()
        return None

    def _edited(self, *_args: object) -> None:
        self.last_check = None
        self.create_button.setEnabled(False)

    def _show_where(self) -> None:
        self.where.setText(self.tr("Now in use: %1.").replace("%1", base_description(self.ctx)))
        on_server = self.ctx.ws.backend == "postgresql"
        self.local_button.setEnabled(on_server and not self._busy)
        font = self.where.font()
        font.setBold(True)
        self.where.setFont(font)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setText(text)
        self.result.setStyleSheet("color: #c62828;" if error else "")

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for b in (self.test_button, self.use_button):
            b.setEnabled(not busy)
        self.create_button.setEnabled(
            not busy and self.last_check is not None and self.last_check.can_create
        )
        self.local_button.setEnabled(not busy and self.ctx.ws.backend == "postgresql")
        if busy:
            self._say(text)

    @property
    def busy(self) -> bool:
        return self._busy

    # --------------------------------------------------------------- actions

    def test(self) -> None:
        """Test the connection in the background and say what was found."""
        server = self._valid_server()
        if server is None or self._busy:
            return
        self._set_busy(True, self.tr("Connecting to %1…").replace("%1", server.display))
        self.ctx.run(
            lambda _p: check_server(server), self._tested, write=False, on_failure=self._failed
        )

    def _tested(self, check: ServerCheck) -> None:
        self.last_check = check
        self._set_busy(False)
        self._say(check_text(check), error=not (check.can_use or check.can_create))
        self.checked.emit(check)

    def _failed(self, exc: BaseException, details: str) -> None:
        self._set_busy(False)
        if isinstance(exc, UserError):
            self._say(exc.message, error=True)
            return
        log.error("server page: %s", details)
        self._say(
            self.tr("Something went wrong: %1").replace("%1", str(exc) or type(exc).__name__),
            error=True,
        )

    def create_tables(self) -> None:
        """Create the schema (the migrations) in the empty database."""
        server = self._valid_server()
        if server is None or self._busy:
            return
        paths, settings = _paths(self.ctx), self.ctx.ws.settings
        self._set_busy(True, self.tr("Creating the tables in %1…").replace("%1", server.display))
        self.ctx.run(
            lambda _p: create_schema(server, paths, settings),
            self._created,
            write=False,
            on_failure=self._failed,
        )

    def _created(self, check: ServerCheck) -> None:
        self._tested(check)
        if check.can_use:
            self._say(
                self.tr(
                    "The schema was created: the base on the server is ready. Click "
                    "“Use this server” to work in it."
                )
            )

    def use(self) -> None:
        """Check the server, then reopen the workspace on it (asking before an upgrade)."""
        server = self._valid_server()
        if server is None or self._busy:
            return
        self._set_busy(True, self.tr("Connecting to %1…").replace("%1", server.display))

        def checked(check: ServerCheck) -> None:
            self.last_check = check
            if not check.can_use:
                self._set_busy(False)
                self._say(check_text(check), error=not check.can_create)
                self.checked.emit(check)
                return
            if check.code is CheckCode.UPGRADE and not self.ctx.dialogs.confirm(
                self,
                self.tr("Database server"),
                self.tr(
                    "The base on the server is of an older version and will be upgraded. "
                    "Other desktops with the older program cannot open it afterwards. "
                    "Continue?"
                ),
            ):
                self._set_busy(False)
                self._say(check_text(check))
                return
            self._open(server)

        self.ctx.run(lambda _p: check_server(server), checked, write=False, on_failure=self._failed)

    def _open(self, server: ServerSettings) -> None:
        paths, settings = _paths(self.ctx), self.ctx.ws.settings
        self._set_busy(True, self.tr("Opening the base on %1…").replace("%1", server.display))

        def op(_progress: Progress) -> Workspace:
            return open_server(server, paths, settings)

        def opened(ws: Workspace) -> None:
            try:
                store_server(settings, paths, server, enabled=True)
            except OSError as exc:
                log.warning("cannot save the server settings: %s", exc)
            self._switch(ws)
            self._say(
                self.tr(
                    "Now working on the server %1. Other desktops' changes show up "
                    "when this window is activated and every 30 seconds."
                ).replace("%1", server.display)
            )

        self.ctx.run(op, opened, write=True, on_failure=self._failed)

    def back_to_local(self) -> None:
        """Reopen the workspace on the local base file (the settings forget the server
        as the start-up base, but keep its connection for later)."""
        if self._busy or self.ctx.ws.backend != "postgresql":
            return
        paths, settings = _paths(self.ctx), self.ctx.ws.settings
        path = paths.default_database
        create = not path.exists()
        if create and not self.ctx.dialogs.confirm(
            self,
            self.tr("Database server"),
            self.tr("There is no local base yet (%1). Create an empty one?").replace(
                "%1", str(path)
            ),
        ):
            return
        self._set_busy(True, self.tr("Opening %1…").replace("%1", str(path)))

        def op(_progress: Progress) -> Workspace:
            return Workspace.open(str(path), paths=paths, settings=settings, create=create)

        def opened(ws: Workspace) -> None:
            settings.server_enabled = False
            try:
                settings.save(paths.settings_file)
            except OSError as exc:
                log.warning("cannot save the settings: %s", exc)
            self._switch(ws)
            self._say(self.tr("Now working in the local file again."))

        self.ctx.run(op, opened, write=True, on_failure=self._failed)

    def _switch(self, ws: Workspace) -> None:
        if ws.team_mode and ws.user is None:
            self._sign_in_then_switch(ws)
            return
        old = self.ctx.replace_workspace(ws)
        old.close()
        self._set_busy(False)
        self._show_where()
        self.switched.emit()

    def _sign_in_then_switch(self, ws: Workspace) -> None:
        """A team base: who is at the keyboard, before the views see it (cancelled: the
        base in use stays)."""
        from PySide6.QtCore import QSettings

        from crm_desktop.gui.login import SignInDialog

        helper = AppContext(ws, QSettings(), self.ctx.dialogs, parent=self)
        dialog = SignInDialog(helper, self, switching=True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def signed_in() -> None:
            helper.runner.wait()
            self._switch(ws)

        def cancelled() -> None:
            helper.runner.wait()
            ws.close()
            self._set_busy(False)
            self._say(self.tr("Not signed in: the base in use did not change."), error=True)

        dialog.accepted.connect(signed_in)
        dialog.rejected.connect(cancelled)
        dialog.open()

    # ----------------------------------------------------------------- apply

    def apply(self) -> bool:
        """Save the connection (the Settings dialog's OK); False, with the problem shown,
        when the fields cannot be used. While the app works on a server, changed fields
        reconnect (as “Use this server”)."""
        server = self.server()
        using = current_server(self.ctx)
        if not server.host and using is None:
            return True  # nothing entered, nothing in use: the local file stays
        if self._valid_server() is None:
            return False
        paths, settings = _paths(self.ctx), self.ctx.ws.settings
        if using is not None and server != replace(using, connect_timeout=server.connect_timeout):
            self.use()  # saved once the new server opens; the old stays until then
            return True
        try:
            store_server(settings, paths, server)
        except OSError as exc:
            self._say(
                self.tr("The settings cannot be saved: %1.").replace(
                    "%1", exc.strerror or str(exc)
                ),
                error=True,
            )
            return False
        return True


class ServerDialog(QDialog):
    """File → Database server…: the Database page on its own."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverDialog")
        self.setWindowTitle(self.tr("Database server"))
        self.page = DatabasePage(ctx, self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(self.buttons)
        self.resize(620, 520)

    def accept(self) -> None:
        if self.page.apply():
            super().accept()


# ------------------------------------------------------------ other desktops


class ServerWatch(QObject):
    """In server mode: reload every view when another desktop changed the base."""

    refreshed = Signal()  # the views were told to reload (tests, status)

    def __init__(
        self,
        ctx: AppContext,
        window: QWidget,
        interval_ms: int = POLL_MS,
        focus_gap_s: float = FOCUS_GAP_S,
    ) -> None:
        super().__init__(window)
        self.setObjectName("serverWatch")
        self.ctx = ctx
        self.window = window
        self.focus_gap_s = focus_gap_s
        self.marker: Marker | None = None
        self._ws: Workspace | None = None
        self._running = False
        self._again: bool | None = None  # a check asked for while one runs (absorb?)
        self._notifying = False
        self._last = 0.0
        self.failures = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.check(absorb=False))
        ctx.workspace_changed.connect(self._workspace_changed)
        ctx.changed.connect(self._changed_here)
        window.installEventFilter(self)
        self._workspace_changed()

    @property
    def active(self) -> bool:
        return self.ctx.ws.backend == "postgresql"

    def _workspace_changed(self) -> None:
        _retitle(self.window, self.ctx)
        if self.ctx.ws is self._ws:
            return
        self._ws, self.marker = self.ctx.ws, None
        if self.active:
            self.timer.start()
            self.check(absorb=True)  # the baseline
        else:
            self.timer.stop()

    def _changed_here(self, _changes: Changes) -> None:
        if not self._notifying and self.active:
            self.check(absorb=True)  # this desktop's own write: not a reason to reload

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.WindowActivate
            and self.active
            and time.monotonic() - self._last >= self.focus_gap_s
        ):
            self.check(absorb=False)
        return False

    def check(self, *, absorb: bool) -> None:
        """Read the marker in the background; reload the views when it moved (`absorb`:
        take the new value without reloading)."""
        if not self.active:
            return
        if self._running:
            self._again = absorb if self._again is None else (self._again and absorb)
            return
        self._running = True
        self._last = time.monotonic()
        ws = self.ctx.ws
        self.ctx.run(
            lambda _p: change_marker(ws),
            lambda marker: self._read(ws, marker, absorb),
            write=False,
            on_failure=self._failed,
        )

    def _read(self, ws: Workspace, marker: Marker, absorb: bool) -> None:
        self._running = False
        self.failures = 0
        if ws is self.ctx.ws:
            moved = self.marker is not None and marker != self.marker
            self.marker = marker
            if moved and not absorb:
                self._notifying = True
                try:
                    self.ctx.notify(Changes.everything())
                finally:
                    self._notifying = False
                self.refreshed.emit()
        self._follow_up()

    def _failed(self, exc: BaseException, _details: str) -> None:
        self._running = False
        self.failures += 1
        log.warning("server mode: cannot read the change marker: %s", exc)
        if self.failures == 1 and hasattr(self.window, "statusBar"):
            self.window.statusBar().showMessage(
                self.tr("The database server does not answer; trying again in a moment."),
                10_000,
            )
        self._follow_up()

    def _follow_up(self) -> None:
        again, self._again = self._again, None
        if again is not None:
            self.check(absorb=again)


def _retitle(window: QWidget, ctx: AppContext) -> None:
    """The window's title and status bar name the base (a server as user@host/db)."""
    name = (
        ServerSettings.from_url(ctx.ws.db.url).display
        if ctx.ws.backend == "postgresql"
        else ctx.ws.display_name
    )
    window.setWindowTitle(
        QCoreApplication.translate("MainWindow", "CRM Desktop — %1").replace("%1", name)
    )
    label = getattr(window, "base_label", None)
    if isinstance(label, QLabel):
        label.setText(name)


def open_server_dialog(window: Any) -> ServerDialog:
    dialog = ServerDialog(window.ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install_server(window: Any) -> ServerWatch:
    """File → Database server…, the window title naming the server, and the watch for
    other desktops' changes."""
    act = window.action(
        "database_server",
        QCoreApplication.translate("ServerPage", "Database &server…"),
        lambda: open_server_dialog(window),
        None,
        "open-base",
    )
    quit_action = window.actions["quit"]
    window.file_menu.insertAction(quit_action, act)
    window.file_menu.insertSeparator(quit_action)
    return ServerWatch(window.ctx, window)  # also names the base in the title


# ------------------------------------------------------------------ start-up


class _Done(QObject):
    finished = Signal()


def _in_thread(work: Callable[[], Any], parent: QWidget | None, text: str) -> Any:
    """Run `work` off the GUI thread behind a small busy dialog; its result or exception."""
    from PySide6.QtWidgets import QProgressDialog

    outcome: dict[str, Any] = {}
    done = _Done()
    loop = QEventLoop()
    done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            outcome["error"] = exc
        done.finished.emit()

    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setCancelButton(None)  # type: ignore[arg-type]
    dialog.setWindowTitle(QCoreApplication.translate("ServerPage", "CRM Desktop"))
    dialog.setMinimumDuration(300)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    thread = threading.Thread(target=run, name="crm-connect", daemon=True)
    thread.start()
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    thread.join()
    if "error" in outcome:
        return outcome["error"]
    return outcome.get("value")


AskAtStart = Callable[[QWidget | None, str], str]  # -> "retry" | "local" | "quit"


def ask_at_start(parent: QWidget | None, text: str) -> str:
    """The server cannot be used at start: try again, open the local file, or quit."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("ServerPage", "CRM Desktop"))
    box.setText(QCoreApplication.translate("ServerPage", "The database server cannot be used now."))
    box.setInformativeText(text)
    retry = box.addButton(
        QCoreApplication.translate("ServerPage", "Try again"), QMessageBox.ButtonRole.AcceptRole
    )
    local = box.addButton(
        QCoreApplication.translate("ServerPage", "Open the local file"),
        QMessageBox.ButtonRole.ActionRole,
    )
    box.addButton(
        QCoreApplication.translate("ServerPage", "Quit"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(retry)
    box.exec()
    clicked = box.clickedButton()
    return "retry" if clicked is retry else "local" if clicked is local else "quit"


def _connect_at_start(server: ServerSettings, paths: AppPaths, prefs: Settings) -> Workspace | str:
    """The workspace on the server, or the reason (translated) why not."""
    check = check_server(server)
    if not check.can_use:
        return check_text(check)
    return open_server(server, paths, prefs)


def open_server_at_start(
    paths: AppPaths,
    prefs: Settings,
    parent: QWidget | None = None,
    *,
    ask: AskAtStart | None = None,
) -> tuple[str, Workspace | None]:
    """Open the server the settings name: ("server", ws), ("local", None) or ("quit", None)."""
    ask = ask or ask_at_start
    server = server_from_settings(prefs, paths)
    while True:
        text = QCoreApplication.translate("ServerPage", "Connecting to %1…").replace(
            "%1", server.display
        )
        found = _in_thread(lambda: _connect_at_start(server, paths, prefs), parent, text)
        if isinstance(found, Workspace):
            return "server", found
        if isinstance(found, UserError):
            reason = found.message
        elif isinstance(found, BaseException):
            log.error("opening the server at start failed", exc_info=found)
            reason = str(found) or type(found).__name__
        else:
            reason = str(found)
        answer = ask(parent, reason)
        if answer != "retry":
            return answer if answer == "local" else "quit", None
