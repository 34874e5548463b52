"""The reports views of `crm-desktop screenshot`, run as a user would run them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from crm_desktop.gui.context import AppContext
from crm_desktop.gui.main_window import MainWindow

VIEW_REPORTS = {"reports": "funnel", "reports-forecast": "forecast"}
PAGE_OF_VIEW = {"reports-forecast": "reports"}


def demo_view(view: str, ctx: AppContext, window: MainWindow) -> QWidget:
    """The reports page with its report run (the screenshot waits for the result)."""
    from crm_desktop.gui.reports.page import ReportsPage

    page = window.show_page("reports")
    assert isinstance(page, ReportsPage)
    page.view.choose_report(VIEW_REPORTS[view])
    page.view.run_report()
    return window
