"""File → Export… driven like a person: choose what, the format and the file, export,
cancel midway; the file on disk and what the dialog says are checked."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from crm_desktop.gui import exporting as export_gui
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.exporting import ExportDialog
from crm_desktop.services import contacts
from crm_desktop.services.dto import OrganizationInput, PersonInput, PhoneInput
from tests.gui.conftest import FakeDialogs, closed, type_text, wait_idle


def _base(ctx: AppContext, persons: int = 3) -> None:
    org = contacts.create_organization(ctx.ws, OrganizationInput(name="ООО «Ромашка»")).id
    for n in range(persons):
        contacts.create_person(
            ctx.ws,
            PersonInput(
                full_name=f"Петров{'а' * (n % 3)} Пётр {n}",
                organization_id=org,
                phones=[PhoneInput(f"+7 912 345-{n // 100 % 100:02d}-{n % 100:02d}")],
            ),
        )


def _open(qtbot: QtBot, window: Any) -> ExportDialog:
    window.actions["export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _click(qtbot: QtBot, widget: Any) -> None:
    """Click a button; a radio button on its circle (the row past its text is no target)."""
    if isinstance(widget, QRadioButton):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_menu_entry_follows_the_import_entries(main_window: Any) -> None:
    entries = [a for a in main_window.file_menu.actions() if not a.isSeparator()]
    names = {id(a): n for n, a in main_window.actions.items()}
    order = [names.get(id(a)) for a in entries]
    assert "export" in order
    assert order.index("export") < order.index("quit")
    if "import_history" in order:
        assert order.index("export") == order.index("import_history") + 1


def test_deals_to_csv_through_the_choose_button(
    qtbot: QtBot, ctx: AppContext, main_window: Any, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    _base(ctx)
    dialog = _open(qtbot, main_window)
    _click(qtbot, dialog.what_buttons["deals"])
    assert not dialog.format_buttons["vcf"].isEnabled()
    assert dialog.format_buttons["xlsx"].isChecked()
    _click(qtbot, dialog.format_buttons["csv"])
    assert dialog.path_edit.text().endswith(".csv")
    target = tmp_path / "сделки.csv"
    dialogs.paths.append(str(tmp_path / "сделки"))  # the suffix is added
    _click(qtbot, dialog.browse)
    assert dialogs.saves and dialogs.saves[0].endswith(".csv")
    assert dialog.path_edit.text() == str(target)
    _click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    wait_idle(qtbot, ctx)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert dialogs.infos and str(target) in dialogs.infos[-1] and "0" in dialogs.infos[-1]


def test_contacts_typed_path_xlsx(
    qtbot: QtBot, ctx: AppContext, main_window: Any, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _base(ctx)
    dialog = _open(qtbot, main_window)
    assert dialog.what_buttons["contacts"].isChecked() and dialog.format_buttons["xlsx"].isChecked()
    assert dialog.path_edit.text().endswith(" 2026-11-23.xlsx") or dialog.path_edit.text().endswith(
        ".xlsx"
    )
    dialog.path_edit.selectAll()
    type_text(qtbot, dialog.path_edit, str(tmp_path / "Клиенты.xlsx"))
    _click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    out = tmp_path / "Клиенты.xlsx"
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][0] == "Петров"
    assert "3 row" in dialogs.infos[-1] and str(out) in dialogs.infos[-1]


def test_vcard_for_contacts_and_calendar_for_tasks_only(
    qtbot: QtBot, ctx: AppContext, main_window: Any, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    _base(ctx)
    dialog = _open(qtbot, main_window)
    assert dialog.format_buttons["vcf"].isEnabled()
    assert not dialog.format_buttons["ics"].isEnabled()
    _click(qtbot, dialog.what_buttons["tasks"])
    assert dialog.format_buttons["ics"].isEnabled() and not dialog.format_buttons["vcf"].isEnabled()
    _click(qtbot, dialog.what_buttons["contacts"])
    _click(qtbot, dialog.format_buttons["vcf"])
    assert dialog.path_edit.text().endswith(".vcf")
    dialog.path_edit.setText(str(tmp_path / "cards"))
    _click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    text = (tmp_path / "cards.vcf").read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 3 and "ORG:ООО «Ромашка»" in text


def test_cancel_midway_leaves_no_file(
    qtbot: QtBot,
    ctx: AppContext,
    main_window: Any,
    dialogs: FakeDialogs,
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    _base(ctx, persons=5)
    gate = threading.Event()
    real = export_gui.export_file

    def held(*args: Any, progress: Any, **kw: Any) -> Any:
        def tick(done: int, total: int) -> None:
            gate.wait(10)  # the worker waits here until the user has clicked Cancel
            progress(done, total)

        return real(*args, progress=tick, **kw)

    monkeypatch.setattr(export_gui, "export_file", held)
    dialog = _open(qtbot, main_window)
    out = tmp_path / "big.xlsx"
    dialog.path_edit.setText(str(out))
    _click(qtbot, dialog.export_button)
    assert dialog.progress.isVisible() and not dialog.export_button.isEnabled()
    _click(qtbot, dialog.cancel_button)
    gate.set()
    wait_idle(qtbot, ctx)
    assert not closed(dialog) and dialog.export_button.isEnabled()
    assert "cancelled" in dialog.status.text()
    assert list(tmp_path.glob("*big*")) == []
    assert not dialogs.errors and not dialogs.infos
    _click(qtbot, dialog.cancel_button)  # now it closes
    qtbot.waitUntil(lambda: closed(dialog))


def test_a_folder_as_the_file_is_a_clear_message(
    qtbot: QtBot, ctx: AppContext, main_window: Any, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    dialog = _open(qtbot, main_window)
    _click(qtbot, dialog.format_buttons["csv"])
    dialog.path_edit.setText(str(tmp_path))
    _click(qtbot, dialog.export_button)
    wait_idle(qtbot, ctx)
    assert not closed(dialog)
    assert dialogs.errors and "folder" in dialogs.errors[-1]
    QApplication.processEvents()
    dialog.reject()


def test_screenshot_view_renders(qapp: QApplication, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from crm_desktop.config import AppPaths
    from crm_desktop.gui import i18n
    from crm_desktop.gui.screenshot import take
    from crm_desktop.services.workspace import Workspace

    db = tmp_path / "shot.sqlite3"
    Workspace.open(str(db), paths=AppPaths.resolve(tmp_path / "data"), create=True).close()
    out = tmp_path / "export-dialog.png"
    try:
        note = take(
            "export-dialog", out, db=str(db), data_dir=str(tmp_path / "data"), language="en"
        )
    finally:
        i18n.install(qapp, "en")
    assert note == ""
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 600 and 200 <= image.height() <= 500
