"""Reminders while the app runs. (Skeleton: the helper that owns this file replaces it.)"""

from __future__ import annotations

from crm_desktop.gui.main_window import MainWindow


def install_reminders(window: MainWindow) -> None:
    """Start watching for due reminders (and show those missed while the app was closed)."""
