"""Data safety in the GUI (issue 9): the start-up questions (a base locked by another
CRM Desktop, on a network share, damaged), the read-only banner, and File → Back up
now / Restore from backup… / Backup settings….

Start-up (`StartUp.ask`, before the window exists): a base held by another program
offers read-only or quitting; a base on a network share is refused for writing with a
pointer to PostgreSQL server mode; a base that cannot be read because it is damaged
offers the newest verified backup. The answers come back to `app.open_workspace` as
`OpenAgain`.

In the window (`install_safety`): the background check (`app.check_in_background`)
reports here — a damaged base turns read-only and `DamagedQuestion` offers the
newest verified backup; a sound one gets the daily automatic backup (silent unless it
fails). A restore runs on the writer thread: the base is closed, `services.backups.restore`
puts the backup in place (the current file is kept as a backup, or copied aside when
damaged; stale -wal/-shm removed), the base is reopened and every view reloads
(`AppContext.replace_workspace`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.config import AppPaths, Settings, resolve_database_url
from crm_desktop.errors import DatabaseCorruptError, NotADatabaseError, UserError
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.forms import fit_to_screen
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.gui.resources import icon
from crm_desktop.gui.runner import Job
from crm_desktop.services import backups
from crm_desktop.services.backups import (
    BackupInfo,
    DamagedError,
    LockedError,
    LockInfo,
    NetworkShareError,
    RestoreResult,
)
from crm_desktop.services.progress import Cancelled, Progress
from crm_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)

STATUS_MS = 20_000  # how long a status-bar message stays


# ------------------------------------------------------------------ words


def local_time(moment: datetime) -> str:
    """An aware moment as the user's locale writes a date and time."""
    when = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    return QLocale().toString(when, QLocale.FormatType.ShortFormat)


def lock_since(holder: LockInfo) -> str:
    try:
        started = datetime.fromisoformat(holder.started)
    except ValueError:
        return holder.started
    return local_time(started if started.tzinfo else started.replace(tzinfo=UTC))


def lock_reason(holder: LockInfo | None) -> str:
    """Why a base is read-only when another program holds it (the banner's words)."""
    if holder is None:
        return QCoreApplication.translate("Safety", "it is open in another CRM Desktop")
    return (
        QCoreApplication.translate("Safety", "it is open in CRM Desktop on %1 by %2")
        .replace("%1", holder.host)
        .replace("%2", holder.user or "?")
    )


def counts_text(info: BackupInfo) -> str:
    """'N persons, M organizations, K deals' of a backup."""
    counts = info.main_counts
    parts = [
        QCoreApplication.translate("Safety", "%n persons", "", counts.get("persons", 0)),
        QCoreApplication.translate(
            "Safety", "%n organizations", "", counts.get("organizations", 0)
        ),
        QCoreApplication.translate("Safety", "%n deals", "", counts.get("deals", 0)),
    ]
    return ", ".join(parts)


def describe(info: BackupInfo) -> str:
    """'DATE TIME, N persons, M organizations, K deals'."""
    return local_time(info.created) + ", " + counts_text(info)


def kind_text(info: BackupInfo) -> str:
    """What made a backup: daily (automatic), before an import …, manual."""
    if info.kind == "auto":
        return QCoreApplication.translate("Safety", "Daily")
    if info.kind == "manual":
        return QCoreApplication.translate("Safety", "Manual")
    event = info.label.removeprefix("before-")
    if event.startswith("import"):
        return QCoreApplication.translate("Safety", "Before an import")
    if event.startswith("migrat"):  # before-migration-<revision>
        return QCoreApplication.translate("Safety", "Before an upgrade")
    if event.startswith("restore"):
        return QCoreApplication.translate("Safety", "Before a restore")
    if event.startswith("merge"):
        return QCoreApplication.translate("Safety", "Before a merge")
    return QCoreApplication.translate("Safety", "Before: %1").replace("%1", event)


def base_stem(ws: Workspace) -> str:
    """The name the backups of this base start with."""
    return ws.path.stem if ws.path is not None else (ws.db.url.database or "postgres")


def base_target(ws: Workspace) -> str:
    """What `Workspace.open` and `backups.restore` take for this base."""
    if ws.path is not None:
        return str(ws.path)
    return ws.db.url.render_as_string(hide_password=False)


# ------------------------------------------------------------------ a question


class SafetyQuestion(QDialog):
    """A plain question: an icon, a heading, an explanation, one button per answer.

    `answer` is the key of the button pressed ('' when closed); `answered` says it too.
    """

    answered = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        heading: str,
        text: str,
        answers: list[tuple[str, str]],
        *,
        critical: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("safetyQuestion")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.answer = ""
        pixmap = QStyle.StandardPixmap.SP_MessageBoxCritical
        if not critical:
            pixmap = QStyle.StandardPixmap.SP_MessageBoxWarning
        sign = QLabel(self)
        sign.setPixmap(self.style().standardIcon(pixmap).pixmap(48, 48))
        sign.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(heading, self)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        words = QVBoxLayout()
        words.addWidget(self.heading)
        words.addWidget(self.text)
        words.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(sign)
        top.addLayout(words, 1)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        for n, (key, label) in enumerate(answers):
            button = QPushButton(label, self)
            button.setObjectName(f"answer_{key}")
            button.setAutoDefault(n == 0)
            button.setDefault(n == 0)
            button.clicked.connect(lambda _checked=False, k=key: self._answer(k))
            column.addWidget(button)
            self.buttons[key] = button
        self.setMinimumWidth(640)

    def _answer(self, key: str) -> None:
        self.answer = key
        self.accept()
        self.answered.emit(key)


def lock_question(parent: QWidget | None, holder: LockInfo | None) -> SafetyQuestion:
    """A second instance: read-only, another base, or quit."""
    if holder is not None:
        heading = (
            QCoreApplication.translate(
                "Safety", "This base is open in CRM Desktop on %1 by %2 since %3."
            )
            .replace("%1", holder.host)
            .replace("%2", holder.user or "?")
            .replace("%3", lock_since(holder))
        )
    else:
        heading = QCoreApplication.translate("Safety", "This base is open in another CRM Desktop.")
    text = QCoreApplication.translate(
        "Safety",
        "Two programs writing one base would damage it. Close the base there and start "
        "again, or open it read-only here: you see everything, but changes cannot be saved.",
    )
    return SafetyQuestion(
        parent,
        QCoreApplication.translate("Safety", "CRM Desktop"),
        heading,
        text,
        [
            ("read_only", QCoreApplication.translate("Safety", "Open read-only")),
            ("other", QCoreApplication.translate("Safety", "Open another base…")),
            ("quit", QCoreApplication.translate("Safety", "Quit")),
        ],
    )


def network_question(parent: QWidget | None, exc: UserError) -> SafetyQuestion:
    return SafetyQuestion(
        parent,
        QCoreApplication.translate("Safety", "CRM Desktop"),
        QCoreApplication.translate("Safety", "This base is on a network share."),
        QCoreApplication.translate(
            "Safety",
            "CRM Desktop does not write a base file over the network: two computers writing "
            "one file corrupt it. Keep the file on this computer's disk, or let several "
            "computers share one base through a PostgreSQL server (server mode). The file "
            "can be opened read-only.",
        )
        + "\n\n"
        + exc.message,
        [
            ("read_only", QCoreApplication.translate("Safety", "Open read-only")),
            ("other", QCoreApplication.translate("Safety", "Open another base…")),
            ("quit", QCoreApplication.translate("Safety", "Quit")),
        ],
    )


def damaged_question(
    parent: QWidget | None, path: Path | None, backup: BackupInfo | None, *, at_start: bool
) -> SafetyQuestion:
    """The base failed its integrity check: restore the newest verified backup, choose
    another one, or keep the damaged base read-only (`at_start`: or quit)."""
    text = QCoreApplication.translate(
        "Safety",
        "%1 failed its integrity check. Nothing more is written to it: the damaged file is "
        "kept untouched (a restore keeps a copy of it aside in the backup folder), and until "
        "then the base is open read-only.",
    ).replace("%1", str(path) if path else QCoreApplication.translate("Safety", "The base"))
    answers: list[tuple[str, str]] = []
    if backup is not None:
        answers.append(
            (
                "restore",
                QCoreApplication.translate("Safety", "Restore the newest verified backup\n(%1, %2)")
                .replace("%1", local_time(backup.created))
                .replace("%2", counts_text(backup)),
            )
        )
    else:
        text += "\n\n" + QCoreApplication.translate(
            "Safety", "No verified backup of this base was found in the backup folder."
        )
    answers.append(("choose", QCoreApplication.translate("Safety", "Choose another backup…")))
    answers.append(("read_only", QCoreApplication.translate("Safety", "Keep it read-only")))
    if at_start:
        answers.append(("quit", QCoreApplication.translate("Safety", "Quit")))
    return SafetyQuestion(
        parent,
        QCoreApplication.translate("Safety", "CRM Desktop"),
        QCoreApplication.translate("Safety", "The client base is damaged."),
        text,
        answers,
        critical=True,
    )


# ------------------------------------------------------------------ start-up


@dataclass(frozen=True)
class OpenAgain:
    """An answer to a base that could not be opened: open `target` (None: the same)."""

    target: str | None = None
    read_only: bool = False


def choose_backup_file(parent: QWidget | None, folder: Path | None) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("Safety", "Choose a backup"),
        str(folder or Path.home()),
        QCoreApplication.translate(
            "Safety", "CRM Desktop backups (*.sqlite3 *.dump);;All files (*)"
        ),
    )
    return Path(path) if path else None


class StartUp:
    """The questions of `app.open_workspace` about a base that cannot be opened for
    writing; remembers why the base ended up read-only (for the banner)."""

    def __init__(
        self,
        db: str | None,
        paths: AppPaths,
        prefs: Settings,
        modal: Callable[[QDialog], object] | None = None,
    ) -> None:
        self.db = db
        self.paths = paths
        self.prefs = prefs
        self.modal = modal or (lambda dialog: dialog.exec())
        self.kind = ""
        self.reason = ""

    def ask(self, parent: QWidget | None, exc: UserError) -> str | OpenAgain | None:
        from crm_desktop.gui.app import _ask_after_open_error, choose_base_file

        if isinstance(exc, LockedError):
            question = lock_question(parent, exc.holder)
            kind, reason = "lock", lock_reason(exc.holder)
        elif isinstance(exc, NetworkShareError):
            question = network_question(parent, exc)
            kind = "network"
            reason = QCoreApplication.translate("Safety", "the base is on a network share")
        elif isinstance(exc, DatabaseCorruptError) or self._was_a_base(exc):
            return self._ask_damaged(parent, exc)
        else:
            return _ask_after_open_error(parent, exc)
        self.modal(question)
        if question.answer == "read_only":
            self.kind, self.reason = kind, reason
            return OpenAgain(read_only=True)
        if question.answer == "other":
            return self._other(choose_base_file(parent))
        return None

    def _other(self, path: str | None) -> str | None:
        if path:
            self.db = path
        return path

    def _target(self, exc: UserError) -> Path | None:
        if isinstance(exc, DamagedError):
            return exc.path
        url = resolve_database_url(self.db, self.paths)
        return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None

    def _newest(self, path: Path) -> BackupInfo | None:
        folder = self.prefs.backup_folder(self.paths)
        return next((b for b in backups.list_backups(folder, path.stem) if b.verified), None)

    def _was_a_base(self, exc: UserError) -> bool:
        """A file that is no base now but has verified backups was one: it is damaged."""
        path = self._target(exc)
        return (
            isinstance(exc, NotADatabaseError)
            and path is not None
            and path.is_file()
            and self._newest(path) is not None
        )

    def _ask_damaged(self, parent: QWidget | None, exc: UserError) -> str | OpenAgain | None:
        from crm_desktop.gui.app import _ask_after_open_error, choose_base_file

        path = self._target(exc)
        if path is None:  # a server: nothing to restore from here
            return _ask_after_open_error(parent, exc)
        folder = self.prefs.backup_folder(self.paths)
        newest = exc.backup if isinstance(exc, DamagedError) else None
        newest = newest or self._newest(path)
        question = damaged_question(parent, path, newest, at_start=True)
        self.modal(question)
        answer = question.answer
        if answer == "read_only":
            self.kind = "damaged"
            self.reason = QCoreApplication.translate("Safety", "the base is damaged")
            return OpenAgain(read_only=True)
        if answer in ("restore", "choose"):
            chosen = newest.path if answer == "restore" and newest else None
            chosen = chosen or choose_backup_file(parent, folder)
            if chosen is None:
                return OpenAgain()  # asked again
            try:
                backups.restore(chosen, path, backup_dir=folder)
            except UserError as failed:
                QMessageBox.critical(
                    parent, QCoreApplication.translate("Safety", "CRM Desktop"), failed.message
                )
            return OpenAgain()
        if answer == "other":
            return self._other(choose_base_file(parent))
        return None


# ------------------------------------------------------------------ the banner


class ReadOnlyBanner(QFrame):
    """Under the toolbar while the base is read-only: why, and what can be done."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(
            "#readOnlyBanner { background: #fff4ce; border-bottom: 1px solid #e0c060; }"
            "#readOnlyBanner QLabel { color: #4a3b00; }"
        )
        sign = QLabel(self)
        sign.setPixmap(icon("warning").pixmap(20, 20))
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.button = QPushButton(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(sign)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.setVisible(False)


# ------------------------------------------------------------------ in the window


@dataclass(frozen=True)
class _Reopened:
    ws: Workspace | None
    kind: str
    reason: str
    result: RestoreResult | None = None
    error: BaseException | None = None


def _sqlite_progress(progress: Progress) -> Callable[[int, int, int], None]:
    return lambda _status, remaining, total: progress(max(total - remaining, 0), total)


class Safety(QObject):
    """The safety part of a main window: banner, backup actions, the damage offer."""

    def __init__(self, window: MainWindow, ctx: AppContext) -> None:
        super().__init__(window)
        self.setObjectName("safety")
        self.window = window
        self.ctx = ctx
        self.banner = ReadOnlyBanner(window)
        window.banner_area.addWidget(self.banner)
        self.banner.button.clicked.connect(self._banner_action)
        ctx.workspace_changed.connect(self.refresh)
        self.refresh()

    # ---------------------------------------------------------- banner

    def refresh(self) -> None:
        ctx = self.ctx
        read_only = ctx.ws.read_only
        self.banner.setVisible(read_only)
        if not read_only:
            return
        reason = ctx.read_only_reason or self.tr("the base was opened read-only")
        self.banner.label.setText(
            self.tr("Read-only: %1. Changes cannot be saved.").replace("%1", reason)
        )
        button = {
            "damaged": self.tr("Restore…"),
            "lock": self.tr("Try again"),
        }.get(ctx.read_only_kind, "")
        self.banner.button.setText(button)
        self.banner.button.setVisible(bool(button))

    def _banner_action(self) -> None:
        if self.ctx.read_only_kind == "damaged":
            self.open_restore_dialog()
        elif self.ctx.read_only_kind == "lock":
            self.try_again()

    def status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MS)

    # ---------------------------------------------------------- start-up check

    def base_checked(self) -> Job[BackupInfo | None]:
        """The base passed its check: the automatic daily backup, silent unless it fails."""
        ctx = self.ctx
        ws = ctx.ws

        def done(info: BackupInfo | None) -> None:
            if info is not None:
                log.info("daily backup %s", info.path)

        def failed(exc: BaseException, details: str) -> None:
            if isinstance(exc, Cancelled):
                return
            if not isinstance(exc, UserError):
                log.error("the daily backup failed:\n%s", details)
            message = exc.message if isinstance(exc, UserError) else repr(exc)
            self.status(self.tr("The daily backup was not made: %1").replace("%1", message))

        return ctx.run(
            lambda _progress: backups.auto_backup_on_start(ws, ctx.clock), done, on_failure=failed
        )

    def base_damaged(self, exc: DamagedError) -> SafetyQuestion:
        """The background check found damage: the base is read-only now; offer a backup."""
        self.ctx.set_read_only("damaged", self.tr("the base is damaged"))
        question = damaged_question(self.window, exc.path, exc.backup, at_start=False)
        backup = exc.backup

        def answered(key: str) -> None:
            if key == "restore" and backup is not None:
                self.restore(backup.path, describe(backup))
            elif key == "choose":
                self.open_restore_dialog()

        question.answered.connect(answered)
        question.open()
        return question

    # ---------------------------------------------------------- actions

    def back_up_now(self) -> Job[BackupInfo]:
        ctx = self.ctx
        ws = ctx.ws

        def done(info: BackupInfo) -> None:
            size = QLocale().formattedDataSize(info.size)
            self.status(
                self.tr("Backup saved: %1 (%2)").replace("%1", str(info.path)).replace("%2", size)
            )

        return ctx.run(
            lambda progress: backups.backup_now(ws, progress=_sqlite_progress(progress)),
            done,
            title=self.tr("Backing up…"),
        )

    def open_restore_dialog(self) -> RestoreDialog:
        dialog = RestoreDialog(self, self.window)
        dialog.open()
        return dialog

    def open_settings(self) -> BackupSettingsDialog:
        dialog = BackupSettingsDialog(self.ctx, self.window)
        dialog.open()
        return dialog

    def restore(self, backup: Path, what: str) -> Job[_Reopened] | None:
        """Put `backup` in place of the base after the user confirms, then reopen it."""
        ctx = self.ctx
        question = (
            self.tr(
                "Replace the base with the backup %1 (%2)? What is in the base now is kept "
                "as a backup too."
            )
            .replace("%1", backup.name)
            .replace("%2", what)
        )
        if not ctx.dialogs.confirm(self.window, self.tr("Restore from backup"), question):
            return None
        old = ctx.ws
        target, folder = base_target(old), old.backup_dir
        paths, settings = ctx.paths, old.settings

        def op(_progress: Progress) -> _Reopened:
            old.db.read_only = True  # nothing more goes through the old handle
            old.close()
            try:
                result = backups.restore(backup, target, backup_dir=folder)
            except BaseException as exc:  # noqa: BLE001 - reported after reopening
                return reopen(target, settings, paths, folder, error=exc)
            return reopen(target, settings, paths, folder, result=result)

        return ctx.run(op, self._reopened, title=self.tr("Restoring the backup…"))

    def _reopened(self, outcome: _Reopened) -> None:
        ctx = self.ctx
        if outcome.ws is not None:
            ctx.replace_workspace(outcome.ws, outcome.kind, outcome.reason)
        if outcome.error is not None:
            ctx.show_error(outcome.error)
            return
        result = outcome.result
        if result is not None:
            text = self.tr("Restored the backup of %1: %2.").replace(
                "%1", local_time(result.restored.created)
            )
            text = text.replace("%2", counts_text(result.restored))
            if result.set_aside is not None:
                text += " " + self.tr("The damaged file was kept as %1.").replace(
                    "%1", str(result.set_aside)
                )
            self.status(text)

    def try_again(self) -> Job[_Reopened]:
        """Reopen a base that another program held, for writing if it is free now."""
        ctx = self.ctx
        old = ctx.ws
        target, folder = base_target(old), old.backup_dir
        paths, settings = ctx.paths, old.settings

        def op(_progress: Progress) -> _Reopened:
            opened = reopen(target, settings, paths, folder, writable_only=True)
            if opened.ws is not None:
                old.close()
            return opened

        def done(outcome: _Reopened) -> None:
            if outcome.ws is not None:
                ctx.replace_workspace(outcome.ws)
                self.status(self.tr("The base is open for writing again."))
                return
            if outcome.kind == "lock":
                ctx.set_read_only("lock", outcome.reason)
            self.status(
                self.tr("The base is still read-only: %1.").replace(
                    "%1", outcome.reason or ctx.read_only_reason
                )
            )

        return ctx.run(op, done)


def reopen(
    target: str,
    settings: Settings,
    paths: AppPaths | None,
    folder: Path | None,
    *,
    result: RestoreResult | None = None,
    error: BaseException | None = None,
    writable_only: bool = False,
) -> _Reopened:
    """Open the base again for writing; read-only (saying why) when that is refused."""

    def opened(read_only: bool) -> Workspace:
        ws = Workspace.open(
            target, paths=paths, settings=settings, read_only=read_only, verify="quick"
        )
        if paths is None and folder is not None:
            ws.db.backup_dir = folder  # the same folder as before the reopen
        return ws

    try:
        return _Reopened(opened(False), "", "", result, error)
    except LockedError as exc:
        kind, reason = "lock", lock_reason(exc.holder)
    except NetworkShareError:
        kind, reason = (
            "network",
            QCoreApplication.translate("Safety", "the base is on a network share"),
        )
    except DatabaseCorruptError:
        kind, reason = "damaged", QCoreApplication.translate("Safety", "the base is damaged")
    if writable_only:
        return _Reopened(None, kind, reason)
    return _Reopened(opened(True), kind, reason, result, error)


# ------------------------------------------------------------------ restore dialog


class RestoreDialog(QDialog):
    """File → Restore from backup…: the backups of this base, newest first."""

    COLUMNS = 7

    def __init__(self, safety: Safety, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore from backup"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setSizeGripEnabled(True)
        self.safety = safety
        self.ctx = safety.ctx
        self.backups: list[BackupInfo] = []
        ws = self.ctx.ws
        self.folder = ws.backup_dir
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setText(
            self.tr(
                "Choose the backup to put in place of the base. What is in the base now is "
                "kept as a backup too. Backups are in %1."
            ).replace("%1", str(self.folder) if self.folder else "—")
        )
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Date and time"),
                self.tr("Kind"),
                self.tr("Size"),
                self.tr("Persons"),
                self.tr("Organizations"),
                self.tr("Deals"),
                self.tr("Verified"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._restore())
        self.empty = QLabel(self.tr("Loading…"), self)
        self.restore_button = QPushButton(icon("restore"), self.tr("Restore…"), self)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        self.other_button = QPushButton(self.tr("Other file…"), self)
        self.other_button.clicked.connect(self._other_file)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.intro)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        column.addWidget(box)
        fit_to_screen(self, 880, 460)
        self.load()

    def load(self) -> Job[list[BackupInfo]] | None:
        folder, stem = self.folder, base_stem(self.ctx.ws)
        if folder is None:
            self._show([])
            return None
        return self.ctx.run(
            lambda _progress: backups.list_backups(folder, stem), self._show, write=False
        )

    def _show(self, found: list[BackupInfo]) -> None:
        self.backups = list(found)
        locale = QLocale()
        self.table.setRowCount(len(found))
        for row, info in enumerate(found):
            counts = info.main_counts
            values = [
                local_time(info.created),
                kind_text(info),
                locale.formattedDataSize(info.size),
                locale.toString(counts.get("persons", 0)),
                locale.toString(counts.get("organizations", 0)),
                locale.toString(counts.get("deals", 0)),
                "✓" if info.verified else "—",
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        if col < 6
                        else Qt.AlignmentFlag.AlignCenter
                    )
                self.table.setItem(row, col, item)
        self.empty.setText(
            self.tr("There are no backups of this base yet: use File → Back up now.")
            if not found
            else ""
        )
        self.empty.setVisible(not found)
        if found and not self.table.selectedIndexes():
            self.table.selectRow(0)  # the newest
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.backups[min(rows)] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _restore(self) -> None:
        info = self.selected()
        if info is None:
            return
        if self.safety.restore(info.path, describe(info)) is not None:
            self.accept()

    def _other_file(self) -> None:
        path = choose_backup_file(self, self.folder)
        if path is not None and self.safety.restore(path, path.name) is not None:
            self.accept()


# ------------------------------------------------------------------ settings dialog


class BackupSettingsForm(QWidget):
    """The backup settings' fields: the dialog below and the Settings dialog's Backups page."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupSettingsForm")
        self.ctx = ctx
        s = ctx.ws.settings
        self.folder = QLineEdit(s.backup_dir, self)
        default = ctx.paths.backup_dir if ctx.paths else ctx.ws.backup_dir
        self.folder.setPlaceholderText(str(default or ""))
        browse = QPushButton(self.tr("Choose…"), self)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.on_start = QCheckBox(self.tr("Back up when the program starts (once a day)"), self)
        self.on_start.setChecked(s.backup_on_start)

        def spin(value: int, zero: str, suffix: str) -> QSpinBox:
            box = QSpinBox(self)
            box.setRange(0, 999)
            box.setValue(value)
            box.setSpecialValueText(zero)
            box.setSuffix(suffix)
            return box

        none, all_ = self.tr("none"), self.tr("all")
        self.daily = spin(s.backup_keep_daily, none, self.tr(" days"))
        self.weekly = spin(s.backup_keep_weekly, none, self.tr(" weeks"))
        self.monthly = spin(s.backup_keep_monthly, none, self.tr(" months"))
        self.events = spin(s.backup_keep_events, all_, "")
        self.manual = spin(s.backup_keep_manual, all_, "")
        form = QFormLayout()
        form.addRow(self.tr("Backup folder:"), folder_row)
        form.addRow("", self.on_start)
        form.addRow(self.tr("Daily backups kept:"), self.daily)
        form.addRow(self.tr("Weekly backups kept:"), self.weekly)
        form.addRow(self.tr("Monthly backups kept:"), self.monthly)
        form.addRow(self.tr("Backups before an import, upgrade or restore:"), self.events)
        form.addRow(self.tr("Manual backups:"), self.manual)
        note = QLabel(
            self.tr(
                "Every backup is checked (integrity and row counts) before it gets its name. "
                "The newest verified backup is never removed."
            ),
            self,
        )
        note.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(note)

    def _browse(self) -> None:
        start = self.folder.text() or self.folder.placeholderText()
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Backup folder"), start)
        if chosen:
            self.folder.setText(chosen)

    def problem(self) -> str:
        """Why the fields cannot be saved ('' when they can)."""
        text = self.folder.text().strip()
        if text and Path(text).expanduser().exists() and not Path(text).expanduser().is_dir():
            return self.tr("The backup folder “%1” is a file, not a folder.").replace("%1", text)
        return ""

    def apply(self) -> None:
        """Put the fields into the workspace's settings (the caller writes the file)."""
        ws = self.ctx.ws
        s = ws.settings
        s.backup_dir = self.folder.text().strip()
        s.backup_on_start = self.on_start.isChecked()
        s.backup_keep_daily = self.daily.value()
        s.backup_keep_weekly = self.weekly.value()
        s.backup_keep_monthly = self.monthly.value()
        s.backup_keep_events = self.events.value()
        s.backup_keep_manual = self.manual.value()
        paths = self.ctx.paths
        if paths is not None:
            ws.db.backup_dir = s.backup_folder(paths)
        elif s.backup_dir:
            ws.db.backup_dir = Path(s.backup_dir).expanduser()


class BackupSettingsDialog(QDialog):
    """File → Backup settings…: the folder, the daily backup, how many are kept."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupSettings")
        self.setWindowTitle(self.tr("Backup settings"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.ctx = ctx
        self.form = BackupSettingsForm(ctx, self)
        self.folder, self.on_start = self.form.folder, self.form.on_start
        self.daily, self.weekly = self.form.daily, self.form.weekly
        self.monthly, self.events = self.form.monthly, self.form.events
        self.manual = self.form.manual
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        column = QVBoxLayout(self)
        column.addWidget(self.form)
        column.addWidget(buttons)
        self.setMinimumWidth(620)

    def save(self) -> Job[None] | None:
        ctx = self.ctx
        problem = self.form.problem()
        if problem:
            ctx.dialogs.error(self, self.windowTitle(), problem)
            return None
        self.form.apply()
        s, paths = ctx.ws.settings, ctx.paths

        def write(_progress: Progress) -> None:
            if paths is not None:
                s.save(paths.settings_file)

        self.accept()
        return ctx.run(write, lambda _none: None, write=False)


# ------------------------------------------------------------------ wiring


def install_safety(window: MainWindow) -> Safety:
    """The banner and File → Back up now / Restore from backup… / Backup settings…."""
    safety = Safety(window, window.ctx)
    actions = [
        window.action(
            "backup_now",
            QCoreApplication.translate("Safety", "&Back up now"),
            safety.back_up_now,
            None,
            "save",
        ),
        window.action(
            "restore_backup",
            QCoreApplication.translate("Safety", "&Restore from backup…"),
            safety.open_restore_dialog,
            None,
            "restore",
        ),
        window.action(
            "backup_settings",
            QCoreApplication.translate("Safety", "Backup &settings…"),
            safety.open_settings,
        ),
    ]
    quit_action = window.actions["quit"]  # type: ignore[index]
    window.file_menu.insertActions(quit_action, actions)
    window.file_menu.insertSeparator(actions[0])
    window.file_menu.insertSeparator(quit_action)
    return safety


def safety_of(window: QWidget | None) -> Safety | None:
    return window.findChild(Safety, "safety") if window is not None else None


def base_checked(ctx: AppContext) -> None:
    """The background check passed (app.check_in_background)."""
    safety = safety_of(ctx.window)
    if safety is not None:
        safety.base_checked()


def base_check_failed(ctx: AppContext, exc: BaseException, details: str) -> None:
    """The background check failed: damage is offered a restore; anything else is shown."""
    safety = safety_of(ctx.window)
    if isinstance(exc, DamagedError) and safety is not None:
        safety.base_damaged(exc)
        return
    ctx.show_error(exc, details)


# ------------------------------------------------------------------ screenshots


SCREENSHOT_VIEWS = ("backups", "backup-settings", "locked", "damaged", "read-only")


def _demo_backups(ws: Workspace) -> BackupInfo:
    """A few backups of the demo base as days of use leave them; the newest."""
    now = datetime.now(UTC)
    made = [
        backups.backup_now(ws, label=label, now=now - timedelta(days=days, hours=hours))
        for label, days, hours in (
            ("auto", 3, 2),
            ("auto", 2, 1),
            ("before-import", 1, 5),
            ("auto", 0, 3),
            ("manual", 0, 1),
        )
    ]
    return made[-1]


def demo_view(view: str, ctx: AppContext, window: MainWindow) -> QWidget:
    """For `crm-desktop screenshot`: the safety dialogs over the demo base."""
    safety = safety_of(window) or install_safety(window)
    holder = LockInfo(
        host="reception-pc",
        user="anna",
        pid=4242,
        started=(datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="seconds"),
    )
    if view == "backups":
        _demo_backups(ctx.ws)
        return safety.open_restore_dialog()
    if view == "backup-settings":
        return safety.open_settings()
    if view == "locked":
        question = lock_question(window, holder)
        question.open()
        return question
    if view == "damaged":
        newest = _demo_backups(ctx.ws)
        question = damaged_question(window, ctx.ws.path, newest, at_start=False)
        question.open()
        return question
    if view == "read-only":
        ctx.ws.db.read_only = True  # the picture only: the screenshot base stays as it is
        ctx.set_read_only("lock", lock_reason(holder))
        return window
    raise ValueError(view)
