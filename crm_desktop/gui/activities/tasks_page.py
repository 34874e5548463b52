"""Tasks page. (Skeleton: the helper that owns this file replaces it.)"""

from __future__ import annotations

from crm_desktop.gui.context import AppContext
from crm_desktop.gui.pages import Page


class TasksPage(Page):
    icon_name = "tasks"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = self.tr("Tasks")
