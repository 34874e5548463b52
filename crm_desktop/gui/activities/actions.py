"""The activity commands every view shares (calendar, task list, Today page, cards,
reminders): plan, edit, complete with a result, reschedule, trash — each asks what it
must (which occurrences of a series, the result of a call), runs the service call in
the background and announces the change with `ctx.notify`.

OWNER: the activity-editor helper fills in new_activity / edit_activity / complete.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from crm_desktop.gui.activities.common import activity_changes
from crm_desktop.gui.context import AppContext
from crm_desktop.services import activities as svc
from crm_desktop.services.activities import ActivityInput, ActivityView, Scope

Done = Callable[[ActivityView], None] | None


def _tr(text: str) -> str:
    return QCoreApplication.translate("ActivityActions", text)


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
        _tr("“%1” repeats. Which occurrences?").replace("%1", view.subject),
        [_tr("This occurrence"), _tr("This and the following"), _tr("All occurrences")],
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
    scope = ask_scope(ctx, parent, view, _tr("Move the recurring activity"))
    if scope is None:
        return

    def saved(result: ActivityView) -> None:
        ctx.notify(activity_changes(view, result))
        if on_done is not None:
            on_done(result)

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
        ),
        saved,
    )


def trash(ctx: AppContext, parent: QWidget | None, view: ActivityView) -> None:
    """Move an activity (one occurrence, the following or the whole series) to the trash."""
    scope = ask_scope(ctx, parent, view, _tr("Delete the recurring activity"))
    if scope is None:
        return
    ctx.run(
        lambda _p: svc.move_activity_to_trash(
            ctx.ws, view.id, scope=scope, occurrence_start=view.occurrence_start, clock=ctx.clock
        ),
        lambda _id: ctx.notify(activity_changes(view)),
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
    raise NotImplementedError  # the editor helper writes this


def edit_activity(
    ctx: AppContext, parent: QWidget | None, view: ActivityView, on_saved: Done = None
) -> QWidget:
    """Open the editor of an activity (an occurrence: asks the scope when saving)."""
    raise NotImplementedError  # the editor helper writes this


def complete(
    ctx: AppContext, parent: QWidget | None, view: ActivityView, on_done: Done = None
) -> QWidget:
    """Ask for the result, mark done; for a call or meeting offer to plan the next step."""
    raise NotImplementedError  # the editor helper writes this
