"""The Reports entry of the main window.

The view itself (`view.ReportsView`: QtCharts, the report services, babel's number
formats) is built the first time the page is shown, so starting the program does not
pay for a part the user may not open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QVBoxLayout

from crm_desktop.gui.context import AppContext
from crm_desktop.gui.pages import Page

if TYPE_CHECKING:
    from crm_desktop.gui.reports.view import ReportsView


class ReportsPage(Page):
    """Reports: pick one, set its parameters, see it, export it, save it as a template."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = self.tr("Reports")
        self.icon_name = "reports"
        self.setObjectName("reportsPage")
        self._view: ReportsView | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def view(self) -> ReportsView:
        """The reports view (built on first use)."""
        if self._view is None:
            from crm_desktop.gui.reports.view import ReportsView

            self._view = ReportsView(self.ctx, self)
            self._layout.addWidget(self._view)
        return self._view

    def activate(self) -> None:
        self.view.activate()

    def is_ready(self) -> bool:
        return self._view is not None and self._view.is_ready()

    def save_state(self, settings: QSettings) -> None:
        if self._view is not None:
            self._view.save_state(settings)
