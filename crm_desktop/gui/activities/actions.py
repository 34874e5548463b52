"""The activity commands every view shares (calendar, task list, Today page, cards,
reminders): plan, edit, complete with a result, reschedule, trash — each asks what it
must (which occurrences of a series, the result of a call), runs the service call in
the background and announces the change with `ctx.notify`.

`open_activity` opens the editor from an id (timeline entries, a deal's activities).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from crm_desktop.errors import NotFoundError
from crm_desktop.gui.activities.common import activity_changes
from crm_desktop.gui.context import AppContext
from crm_desktop.services import activities as svc
from crm_desktop.services.activities import ActivityInput, ActivityView, Scope

Done = Callable[[ActivityView], None] | None


def ask_scope(
    ctx: AppContext, parent: QWidget | None, view: ActivityView, verb: str
) -> Scope | None:
    """For an occurrence of a series: this one, this and the following, or all? None: cancel.

    `verb` is the question ('Move the recurring activity', 'Delete …'); a plain activity
    is 'this' without asking.
    """
    if not view.is_series:
        return "this"
    answer = ctx.dialogs.choose(
        parent,
        verb,
        QCoreApplication.translate("ActivityActions", "“%1” repeats. Which occurrences?").replace(
            "%1", view.subject
        ),
        [
            QCoreApplication.translate("ActivityActions", "This occurrence"),
            QCoreApplication.translate("ActivityActions", "This and the following"),
            QCoreApplication.translate("ActivityActions", "All occurrences"),
        ],
    )
    return None if answer is None else svc.SCOPES[answer]


def reschedule(
    ctx: AppContext,
    parent: QWidget | None,
    view: ActivityView,
    start: datetime | date,
    end: datetime | None = None,
    on_done: Done = None,
) -> None:
    """Move (and/or resize) an activity: a drag in the calendar. A series asks which occurrences."""
    scope = ask_scope(
        ctx,
        parent,
        view,
        QCoreApplication.translate("ActivityActions", "Move the recurring activity"),
    )
    if scope is None:
        return

    def saved(result: ActivityView) -> None:
        ctx.notify(activity_changes(view, result))
        if on_done is not None:
            on_done(result)

    base = svc.input_from_view(view, ctx.clock.tz)
    ctx.run(
        lambda _p: svc.reschedule(
            ctx.ws,
            view.id,
            start,
            end,
            scope=scope,
            occurrence_start=view.occurrence_start,
            expected_version=view.version,
            clock=ctx.clock,
            base=base,  # changed meanwhile: still moves, unless someone else moved it too
        ),
        saved,
    )


def trash(
    ctx: AppContext,
    parent: QWidget | None,
    view: ActivityView,
    on_done: Callable[[], None] | None = None,
) -> None:
    """Move an activity (one occurrence, the following or the whole series) to the trash.

    `on_done` is called once it is there (not when the question is cancelled)."""
    scope = ask_scope(
        ctx,
        parent,
        view,
        QCoreApplication.translate("ActivityActions", "Delete the recurring activity"),
    )
    if scope is None:
        return

    def trashed() -> None:
        ctx.notify(activity_changes(view))
        if on_done is not None:
            on_done()

    ctx.run(
        lambda _p: svc.move_activity_to_trash(
            ctx.ws, view.id, scope=scope, occurrence_start=view.occurrence_start, clock=ctx.clock
        ),
        lambda _id: trashed(),
    )


def reopen(
    ctx: AppContext, parent: QWidget | None, view: ActivityView, on_done: Done = None
) -> None:
    """Mark a done activity as planned again."""

    def saved(result: ActivityView) -> None:
        ctx.notify(activity_changes(result))
        if on_done is not None:
            on_done(result)

    ctx.run(
        lambda _p: svc.reopen_activity(
            ctx.ws,
            view.id,
            occurrence_start=view.occurrence_start,
            expected_version=view.version,
            clock=ctx.clock,
        ),
        saved,
    )


def new_activity(
    ctx: AppContext,
    parent: QWidget | None,
    preset: ActivityInput | None = None,
    on_saved: Done = None,
) -> QWidget:
    """Open the editor of a new activity, prefilled from `preset` (a slot, a client, a deal)."""
    return _open_editor(ctx, parent, on_saved, preset=preset)


def edit_activity(
    ctx: AppContext, parent: QWidget | None, view: ActivityView, on_saved: Done = None
) -> QWidget:
    """Open the editor of an activity (an occurrence: asks the scope when saving)."""
    return _open_editor(ctx, parent, on_saved, view=view)


def _open_editor(
    ctx: AppContext,
    parent: QWidget | None,
    on_saved: Done,
    *,
    view: ActivityView | None = None,
    preset: ActivityInput | None = None,
) -> QWidget:
    from crm_desktop.gui.activities.editor import ActivityDialog

    dialog = ActivityDialog(ctx, parent, view=view, preset=preset, on_saved=on_saved)
    dialog.load()
    dialog.open()
    dialog.subject.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog


def open_activity(
    ctx: AppContext,
    parent: QWidget | None,
    activity_id: int,
    at: datetime | None = None,
    on_opened: Callable[[QWidget], None] | None = None,
) -> None:
    """Read an activity by id and open its editor (a timeline entry, a deal's list).

    A series' master with `at` (the slot a timeline shows) opens that occurrence.
    """
    ws, clock = ctx.ws, ctx.clock

    def read(_p: object) -> ActivityView:
        view = svc.get_activity(ws, activity_id, clock=clock)
        if at is not None and view.recurrence is not None and view.series_id == view.id:
            try:
                return svc.get_activity(ws, activity_id, occurrence_start=at, clock=clock)
            except NotFoundError:
                return view
        return view

    def opened(view: ActivityView) -> None:
        dialog = edit_activity(ctx, parent, view)
        if on_opened is not None:
            on_opened(dialog)

    ctx.run(read, opened, write=False)


def complete(
    ctx: AppContext, parent: QWidget | None, view: ActivityView, on_done: Done = None
) -> QWidget:
    """Ask for the result, mark done; for a call or meeting offer to plan the next step."""
    from crm_desktop.gui.activities.completion import CompletionDialog

    dialog = CompletionDialog(ctx, parent, view, on_done)
    dialog.open()
    dialog.result_edit.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog
