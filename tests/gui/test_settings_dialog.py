"""Edit → Settings…: each page typed into like a person, saved with OK or Apply, and its
effect seen where it matters — the PDF's logo, a new contact's phone, the calendar's
week and working hours, a new activity's reminder; Cancel and bad input change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, QPoint, Qt, QTime
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.config import AppPaths, Settings
from crm_desktop.domain.clock import ManualClock
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui import settings as settings_gui
from crm_desktop.gui.activities.calendar_page import CalendarPage
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.gui.settings import (
    CalendarSettingsPage,
    GeneralPage,
    LanguagePage,
    PhonesPage,
    SettingsDialog,
)
from crm_desktop.services import contacts, search
from tests.gui.conftest import FakeDialogs, closed, replace_text, show_window, wait_idle


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, tmp_path: Path, clock: ManualClock) -> MainWindow:
    ctx.paths = AppPaths.resolve(tmp_path / "data")
    return show_window(qtbot, ctx)


def open_dialog(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    """Service → Settings… as the menu (and Ctrl+,) opens it."""
    act = window.actions["settings"]
    assert act.shortcut().toString() == "Ctrl+,"
    service = window.findChild(QMenu, "serviceMenu")
    assert act in (service or window.edit_menu).actions()
    act.trigger()
    (dialog,) = [d for d in window.findChildren(SettingsDialog) if d.isVisible()]
    return dialog


def go_to(qtbot: QtBot, dialog: SettingsDialog, key: str) -> QWidget:
    """Click the page's entry in the dialog's list."""
    page = dialog.pages[key]
    item = dialog.nav.item(dialog.stack.indexOf(page))
    rect = dialog.nav.visualItemRect(item)
    qtbot.mouseClick(dialog.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.stack.currentWidget() is page
    return page


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def saved(ctx: AppContext) -> dict[str, object]:
    assert ctx.paths is not None
    loaded: dict[str, object] = json.loads(ctx.paths.settings_file.read_text(encoding="utf-8"))
    return loaded


def picture(path: Path, color: str = "#1565c0", size: tuple[int, int] = (240, 80)) -> Path:
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path))
    return path


# ------------------------------------------------------------------ general


def test_company_name_and_logo_reach_every_page_of_the_pdf(
    qtbot: QtBot,
    ctx: AppContext,
    window: MainWindow,
    dialogs: FakeDialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pypdf import PdfReader

    original = picture(tmp_path / "Логотип.png")
    monkeypatch.setattr(settings_gui, "open_image_file", lambda *_a: str(original))
    dialog = open_dialog(qtbot, window)
    page = go_to(qtbot, dialog, "general")
    assert isinstance(page, GeneralPage)
    assert page.preview.text() == "No logo" and not page.remove_button.isEnabled()
    replace_text(qtbot, page.company, "ООО «Ромашка»")
    click(qtbot, page.choose_button)
    assert page.preview.pixmap() is not None and not page.preview.pixmap().isNull()
    assert ctx.ws.settings.company_logo == ""  # nothing applied before OK
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog))

    kept = Path(ctx.ws.settings.company_logo)
    assert kept.parent == tmp_path / "data" and kept.name == "company-logo.png"
    original.unlink()  # the copy is what counts
    assert not QImage(str(kept)).isNull()
    assert saved(ctx)["company_name"] == "ООО «Ромашка»"
    assert saved(ctx)["company_logo"] == str(kept)

    reports = window.show_page("reports")
    view = reports.view  # type: ignore[attr-defined]
    wait_idle(qtbot, ctx)
    click(qtbot, view.run_button)
    wait_idle(qtbot, ctx)
    dialogs.paths = [str(tmp_path / "funnel.pdf")]
    click(qtbot, view.pdf_button)
    wait_idle(qtbot, ctx)
    assert not dialogs.errors
    pdf = PdfReader(tmp_path / "funnel.pdf")
    for number, pdf_page in enumerate(pdf.pages, start=1):
        assert "ООО «Ромашка»" in pdf_page.extract_text(), number
        assert len(pdf_page.images) == 1, number  # the logo beside the name
    assert pdf.pages[0].images[0].image.size[0] > 0


def test_a_broken_picture_is_refused_clearly_and_the_logo_stays(
    qtbot: QtBot,
    ctx: AppContext,
    window: MainWindow,
    dialogs: FakeDialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = picture(tmp_path / "logo.png")
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really a picture")
    chosen = [str(good), str(broken)]
    monkeypatch.setattr(settings_gui, "open_image_file", lambda *_a: chosen.pop(0))
    dialog = open_dialog(qtbot, window)
    page = go_to(qtbot, dialog, "general")
    assert isinstance(page, GeneralPage)
    click(qtbot, page.choose_button)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog))
    kept = ctx.ws.settings.company_logo
    assert kept and Path(kept).exists()

    dialog = open_dialog(qtbot, window)
    page = go_to(qtbot, dialog, "general")
    assert isinstance(page, GeneralPage)
    click(qtbot, page.choose_button)
    assert len(dialogs.errors) == 1
    assert "“broken.png” is not a picture the program can read" in dialogs.errors[0]
    assert page.logo_error.isVisible() and "broken.png" in page.logo_error.text()
    assert page.current_logo() == Path(kept)  # the preview still shows the kept logo
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog))
    assert ctx.ws.settings.company_logo == kept
    assert not QImage(kept).isNull()

    # a logo damaged later on disk: the PDF export says so instead of failing obscurely
    Path(kept).write_bytes(b"garbage")
    from crm_desktop.errors import UserError
    from crm_desktop.services.reports.pdf import load_logo

    with pytest.raises(UserError, match=r"company logo .* cannot be read"):
        load_logo(kept)


# ------------------------------------------------------------------ phones & money


def test_the_phone_region_is_used_by_a_new_contact_and_the_currency_is_saved(
    qtbot: QtBot, ctx: AppContext, window: MainWindow, dialogs: FakeDialogs
) -> None:
    from crm_desktop.gui.contacts import editors

    dialog = open_dialog(qtbot, window)
    page = go_to(qtbot, dialog, "phones")
    assert isinstance(page, PhonesPage)
    assert page.region.currentData() == "RU"
    assert page.region.currentText() == "Russia (+7) · RU"
    # a country nobody has: a clear message, nothing saved, the page shown
    edit = page.region.lineEdit()
    assert edit is not None
    replace_text(qtbot, edit, "Atlantis")
    go_to(qtbot, dialog, "general")
    click(qtbot, dialog.apply_button)
    assert dialogs.errors[-1].startswith("“Atlantis” is not a country of the list")
    assert dialog.stack.currentWidget() is page and ctx.ws.settings.phone_region == "RU"
    # typing part of the name finds it
    replace_text(qtbot, edit, "German")
    assert page.chosen_region() == "DE"
    currency = page.currency.lineEdit()
    assert currency is not None
    replace_text(qtbot, currency, "XYZ")
    click(qtbot, dialog.apply_button)
    assert "“XYZ” is not a currency code" in dialogs.errors[-1]
    assert ctx.ws.settings.phone_region == "RU"
    replace_text(qtbot, currency, "eur")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog))
    assert (ctx.ws.settings.phone_region, ctx.ws.settings.base_currency) == ("DE", "EUR")
    assert (saved(ctx)["phone_region"], saved(ctx)["base_currency"]) == ("DE", "EUR")

    person = editors.new_person(ctx, window)
    replace_text(qtbot, person.findChild(QWidget, "last_name"), "Müller")  # type: ignore[arg-type]
    replace_text(qtbot, person.findChild(QWidget, "phone_number_0"), "030 1234567")  # type: ignore[arg-type]
    click(qtbot, person.findChild(QWidget, "save"))  # type: ignore[arg-type]
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: closed(person))
    (hit,) = [h for h in search.search(ctx.ws, "Müller") if h.kind is EntityKind.PERSON]
    card = contacts.get_person(ctx.ws, hit.id)
    assert [p.e164 for p in card.phones] == ["+49301234567"]


# ------------------------------------------------------------------ calendar


def test_week_start_working_hours_and_reminder_reach_the_calendar_and_the_editor(
    qtbot: QtBot, ctx: AppContext, window: MainWindow, dialogs: FakeDialogs
) -> None:
    calendar = window.show_page("calendar")
    assert isinstance(calendar, CalendarPage)
    calendar.set_mode("week")
    wait_idle(qtbot, ctx)
    assert calendar.days()[0].isoweekday() == 1  # Monday 23 November 2026 by default
    grid = calendar.grid

    def shade(minute: int) -> QColor:
        """The grid's colour at `minute` of the third day (scrolled into view)."""
        grid.scroll_to_minute(max(0, minute - 60))
        image = grid.viewport().grab().toImage()
        y = round(grid.y_of(minute))
        assert 0 <= y < image.height()
        x = round(grid.day_x(2) + grid.day_width() / 2)
        return image.pixelColor(QPoint(x, y))

    assert shade(7 * 60 + 15) != shade(12 * 60 + 15)  # 07:15 is outside 09:00–18:00

    dialog = open_dialog(qtbot, window)
    page = go_to(qtbot, dialog, "calendar")
    assert isinstance(page, CalendarSettingsPage)
    page.work_start.setTime(QTime(10, 0))
    page.work_end.setTime(QTime(9, 0))
    click(qtbot, dialog.apply_button)
    short = QLocale.FormatType.ShortFormat
    ten, nine = (QLocale().toString(QTime(h, 0), short) for h in (10, 9))
    assert dialogs.errors[-1] == (f"The working day must end after it starts (now {ten} – {nine}).")
    assert ctx.ws.settings.work_day_start == 9 * 60  # nothing applied
    page.work_start.setTime(QTime(7, 0))
    page.work_end.setTime(QTime(20, 0))
    page.week_start.setCurrentIndex(page.week_start.findData(6))
    assert page.week_start.currentText() == "Sunday"
    page.reminder.setCurrentIndex(page.reminder.findData(30))
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog))
    wait_idle(qtbot, ctx)
    s = ctx.ws.settings
    assert (s.work_day_start, s.work_day_end, s.week_start, s.default_reminder) == (
        7 * 60,
        20 * 60,
        6,
        30,
    )
    assert Settings.load(ctx.paths.settings_file).week_start == 6  # type: ignore[union-attr]

    # the week starts on Sunday 22 November now; the month grid too
    days = calendar.days()
    assert days[0] == days[0].fromisoformat("2026-11-22") and len(days) == 7
    assert "22 – 28" in calendar.period_label.text()
    assert calendar.date_edit.calendarWidget().firstDayOfWeek() == Qt.DayOfWeek.Sunday
    calendar.set_mode("month")
    assert all(d.isoweekday() == 7 for d in calendar.days()[::7])
    calendar.set_mode("work_week")
    assert [d.isoweekday() for d in calendar.days()] == [1, 2, 3, 4, 5]
    calendar.set_mode("week")
    wait_idle(qtbot, ctx)
    assert shade(7 * 60 + 15) == shade(12 * 60 + 15)  # inside 07:00–20:00 now
    assert shade(6 * 60 + 15) != shade(12 * 60 + 15)
    assert shade(20 * 60 + 15) != shade(12 * 60 + 15)

    # a new activity gets the 30-minute reminder
    from crm_desktop.gui.activities import actions
    from crm_desktop.gui.activities.editor import ActivityDialog

    editor = actions.new_activity(ctx, window)
    assert isinstance(editor, ActivityDialog)
    wait_idle(qtbot, ctx)
    assert editor.reminder.currentData() == 30
    assert editor.reminder.currentText() == "30 min before"
    editor.reject()


# ------------------------------------------------------------------ cancel


def test_cancel_changes_nothing(
    qtbot: QtBot,
    ctx: AppContext,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = Settings(**vars(ctx.ws.settings))
    monkeypatch.setattr(
        settings_gui, "open_image_file", lambda *_a: str(picture(tmp_path / "l.png"))
    )
    dialog = open_dialog(qtbot, window)
    general = go_to(qtbot, dialog, "general")
    assert isinstance(general, GeneralPage)
    replace_text(qtbot, general.company, "Другое название")
    click(qtbot, general.choose_button)
    phones = go_to(qtbot, dialog, "phones")
    assert isinstance(phones, PhonesPage)
    phones.region.setCurrentIndex(phones.region.findData("KZ"))
    cal = go_to(qtbot, dialog, "calendar")
    assert isinstance(cal, CalendarSettingsPage)
    cal.week_start.setCurrentIndex(cal.week_start.findData(5))
    cal.work_start.setTime(QTime(6, 0))
    backups = go_to(qtbot, dialog, "backups")
    backups.form.manual.setValue(9)  # type: ignore[attr-defined]
    language = go_to(qtbot, dialog, "language")
    assert isinstance(language, LanguagePage)
    radio = language.buttons["ru"]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()
    click(qtbot, dialog.cancel_button)
    qtbot.waitUntil(lambda: closed(dialog))

    assert ctx.ws.settings == before
    assert ctx.paths is not None and not ctx.paths.settings_file.exists()
    assert not (tmp_path / "data" / "company-logo.png").exists()
    assert window.actions["settings"].text() == "&Settings…"  # still English
    calendar = window.show_page("calendar")
    assert isinstance(calendar, CalendarPage)
    assert calendar.days()[0].isoweekday() == 1
    assert calendar.date_edit.date() == QDate(2026, 11, 23)


def test_backups_page_is_the_backup_form_and_saves_with_the_rest(
    qtbot: QtBot, ctx: AppContext, window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    from crm_desktop.gui.safety import BackupSettingsForm

    dialog = open_dialog(qtbot, window)
    page = go_to(qtbot, dialog, "backups")
    form = page.findChild(BackupSettingsForm)
    assert form is not None
    a_file = tmp_path / "not-a-folder.txt"
    a_file.write_text("x")
    replace_text(qtbot, form.folder, str(a_file))
    click(qtbot, dialog.ok_button)
    assert "is a file, not a folder" in dialogs.errors[-1] and dialog.isVisible()
    elsewhere = tmp_path / "usb" / "backups"
    replace_text(qtbot, form.folder, str(elsewhere))
    form.daily.setValue(3)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog))
    assert saved(ctx)["backup_dir"] == str(elsewhere) and saved(ctx)["backup_keep_daily"] == 3
    assert ctx.ws.db.backup_dir == elsewhere
