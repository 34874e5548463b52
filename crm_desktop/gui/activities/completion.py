"""Marking an activity done: a small dialog asking for the result (optional, several
lines) and, for calls and meetings, whether to plan the next step — ticked by default;
on OK the activity is completed in the background and, when asked, the editor of the
follow-up the service suggests opens prefilled."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import ConcurrentEditError, NotFoundError, UserError
from crm_desktop.gui.activities.common import activity_changes, kind_text
from crm_desktop.gui.contacts.contact_fields import DialogJobs
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.deals.editor import Banner
from crm_desktop.gui.resources import icon
from crm_desktop.services import activities as svc
from crm_desktop.services.activities import FOLLOW_UP_KINDS, ActivityView, CompletionResult

RESULT_LIMIT = 4000


class CompletionDialog(QDialog):
    """Ask for the result of `view` and mark it done; `completed` carries the done view."""

    completed = Signal(object)  # ActivityView

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        view: ActivityView,
        on_done: Callable[[ActivityView], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.on_done = on_done
        self.follow_up_dialog: QWidget | None = None  # the next step's editor, once opened
        self._writing = False
        self.jobs = DialogJobs(ctx, self)
        self.setObjectName("completionDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowIcon(icon("done"))
        self.setWindowTitle(self.tr("Mark as done"))

        heading = QLabel(self)
        heading.setObjectName("completionSubject")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setText(f"{kind_text(view.kind)}: {view.subject}")
        self.banner = Banner(self)
        prompt = QLabel(self.tr("&Result (what was agreed, what happened):"), self)
        self.result_edit = QPlainTextEdit(self)
        self.result_edit.setObjectName("completionResult")
        self.result_edit.setTabChangesFocus(True)
        self.result_edit.setPlaceholderText(
            self.tr("e.g. Agreed to send the proposal by Friday. Optional.")
        )
        self.result_edit.setMinimumSize(420, 110)
        if view.result:
            self.result_edit.setPlainText(view.result)
        self.result_edit.installEventFilter(self)
        prompt.setBuddy(self.result_edit)
        self.plan_next = QCheckBox(self.tr("&Plan the next step"), self)
        self.plan_next.setObjectName("completionPlanNext")
        self.plan_next.setToolTip(self.tr("Open a new call with this client after saving"))
        offers = view.kind in FOLLOW_UP_KINDS
        self.plan_next.setChecked(offers)
        self.plan_next.setVisible(offers)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        self.ok_button: QPushButton = ok
        self.ok_button.setObjectName("completionOk")
        self.ok_button.setText(self.tr("Mark done"))
        self.ok_button.setIcon(icon("done"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.banner)
        layout.addWidget(prompt)
        layout.addWidget(self.result_edit, 1)
        layout.addWidget(self.plan_next)
        layout.addWidget(self.buttons)
        self.result_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the result finishes (Enter alone is a new line)."""
        if (
            watched is self.result_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def accept(self) -> None:
        if self._writing:
            return
        text = self.result_edit.toPlainText().strip()
        if len(text) > RESULT_LIMIT:
            self.banner.show_message(
                self.tr("The result is longer than %1 characters.").replace("%1", str(RESULT_LIMIT))
            )
            return
        ws, view, clock = self.ctx.ws, self.view, self.ctx.clock
        self._writing = True
        self.banner.dismiss()
        self.ok_button.setEnabled(False)
        self.jobs.run(
            lambda _p: svc.complete_activity(
                ws,
                view.id,
                text or None,
                occurrence_start=view.occurrence_start,
                expected_version=view.version,
                clock=clock,
            ),
            self._completed,
            write=True,
            on_failure=self._failed,
        )

    def _completed(self, outcome: CompletionResult) -> None:
        self._writing = False
        done = outcome.activity
        self.ctx.notify(activity_changes(self.view, done))
        self.completed.emit(done)
        if self.on_done is not None:
            self.on_done(done)
        follow_up = outcome.follow_up if self.plan_next.isChecked() else None
        parent = self.parentWidget()
        super().accept()
        if follow_up is not None:
            from crm_desktop.gui.activities.actions import new_activity

            self.follow_up_dialog = new_activity(self.ctx, parent, follow_up)

    def _failed(self, exc: BaseException, details: str) -> None:
        self._writing = False
        self.ok_button.setEnabled(True)
        if isinstance(exc, ConcurrentEditError):
            self.ctx.notify(activity_changes(self.view))
            self.banner.show_message(
                self.tr(
                    "Someone else changed this activity after it was shown here, so it was not "
                    "marked done. Close this window and open the activity again."
                )
            )
        elif isinstance(exc, NotFoundError):
            self.ctx.notify(activity_changes(self.view))
            self.banner.show_message(
                self.tr("This activity no longer exists (perhaps it was deleted).")
            )
        elif isinstance(exc, UserError):
            self.banner.show_message(exc.message)
        else:
            self.ctx.show_error(exc, details)

    def reject(self) -> None:
        if not self._writing:
            super().reject()


__all__ = ["CompletionDialog"]
