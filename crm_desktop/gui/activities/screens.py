"""The activity views of `crm-desktop screenshot`, opened as a user would open them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.gui.context import AppContext
from crm_desktop.gui.main_window import MainWindow

VIEW_MODES = {
    "calendar": "week",
    "calendar-month": "month",
    "calendar-day": "day",
    "agenda": "agenda",
}
PAGE_OF_VIEW = {
    "calendar-month": "calendar",
    "calendar-day": "calendar",
    "agenda": "calendar",
    "activity-editor": "calendar",
    "reminder": "today",
}


def demo_view(view: str, ctx: AppContext, window: MainWindow) -> QWidget:
    """What to photograph for `view`: the window in a calendar mode, or a dialog/popup."""
    if view in VIEW_MODES:
        from crm_desktop.gui.activities.calendar_page import CalendarPage

        page = window.pages["calendar"]
        assert isinstance(page, CalendarPage)
        page.set_mode(VIEW_MODES[view])
        return window
    if view == "activity-editor":
        from crm_desktop.gui.activities import editor

        return editor.demo_dialog(ctx, window)
    if view == "reminder":
        from crm_desktop.gui.activities import reminders

        return reminders.demo_popup(ctx, window)
    raise ValueError(view)
