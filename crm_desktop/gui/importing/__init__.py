"""Importing contact files from the GUI (issue 6): the wizard and the import history.

`install_importing(window)` adds File → Import… (Ctrl+I) and File → Import history…; the
wizard (`wizard.ImportWizard`) and the history (`history.ImportHistoryDialog`) are loaded
when first opened, not at start-up.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def install_importing(window: Any) -> None:
    """File → Import… (Ctrl+I, also on the toolbar) and File → Import history…, before Quit."""
    ctx = window.ctx

    def open_wizard() -> None:
        from crm_desktop.gui.importing.wizard import open_import_wizard

        open_import_wizard(ctx, window)

    def open_history() -> None:
        from crm_desktop.gui.importing.history import open_import_history

        open_import_history(ctx, window)

    wizard = window.action(
        "import",
        QCoreApplication.translate("ImportMenu", "&Import…"),
        open_wizard,
        "Ctrl+I",
        "open-base",
    )
    history = window.action(
        "import_history",
        QCoreApplication.translate("ImportMenu", "Import &history…"),
        open_history,
        None,
        "undo",
    )
    quit_action = window.actions["quit"]
    window.file_menu.insertAction(quit_action, wizard)
    window.file_menu.insertAction(quit_action, history)
    window.file_menu.insertSeparator(quit_action)
    # on the toolbar, after the "new" actions of the contacts
    shown = window.toolbar.actions()
    after = (
        shown.index(window.actions["new_person"]) + 1
        if window.actions.get("new_person") in shown
        else len(shown)
    )
    if after < len(shown):
        window.toolbar.insertAction(shown[after], wizard)
    else:
        window.toolbar.addAction(wizard)


__all__ = ["install_importing"]
