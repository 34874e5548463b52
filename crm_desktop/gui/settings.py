"""Edit → Settings… (Ctrl+,): the user's preferences on six pages, and the language
switch that applies at once.

Pages: General (company name and logo for the PDF headers), Phones & money (default
phone region, base currency), Calendar (working hours, first day of the week, the
reminder a new activity gets), Backups (the form of gui/safety.py), Database (the page
of gui/server.py when present) and Language. Nothing changes until OK or Apply; each
page checks its fields first and a problem is shown on its page, so Cancel leaves
everything as it was.

A new language is applied by rebuilding the main window: the translators and the
default QLocale are switched (i18n.install), the window's layout and every page's
state are saved, a new window is built (every text of every view, menu, toolbar and
status bar comes from `tr()` again, every date and number from the new locale), and
the current page, the selected contact and the calendar's date are restored.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import phonenumbers
import shiboken6
from babel import Locale as BabelLocale
from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, QTime, QTimer
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.config import AppPaths, Settings
from crm_desktop.gui import i18n
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.resources import icon

if TYPE_CHECKING:
    from crm_desktop.gui.main_window import MainWindow

log = logging.getLogger(__name__)

LOGO_STEM = "company-logo"  # the copy in the data folder: company-logo.png
LOGO_MAX_BYTES = 20 * 1024 * 1024
LOGO_MAX_SIDE = 800  # a bigger picture is scaled down before it is kept
COMMON_REGIONS = ("RU", "KZ", "BY", "UA", "UZ", "AM", "GE", "KG", "US", "GB", "DE")
CURRENCIES = (
    "RUB",
    "USD",
    "EUR",
    "CNY",
    "KZT",
    "BYN",
    "UAH",
    "UZS",
    "AMD",
    "GEL",
    "KGS",
    "AZN",
    "TRY",
    "AED",
    "GBP",
    "CHF",
    "JPY",
    "INR",
)
WEEK_STARTS = (0, 6, 5)  # Monday, Sunday, Saturday (date.weekday())
LANGUAGES = ("", "ru", "en")  # '' follows the system


def babel_locale() -> BabelLocale:
    """Country and currency names in the UI language."""
    return BabelLocale.parse("ru" if QLocale().language() == QLocale.Language.Russian else "en")


def open_image_file(parent: QWidget, title: str, start: str) -> str | None:
    """Ask for an image file (tests replace this function)."""
    formats = " ".join(
        f"*.{bytes(f.data()).decode()}" for f in QImageReader.supportedImageFormats()
    )
    path, _ = QFileDialog.getOpenFileName(
        parent,
        title,
        start,
        QCoreApplication.translate("SettingsDialog", "Images (%1)").replace("%1", formats),
    )
    return path or None


# ------------------------------------------------------------------ pages


class SettingsPage(QWidget):
    """One page of the dialog: its fields, what is wrong with them, how to apply them."""

    title = ""
    icon_name = ""
    key = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def problem(self) -> str:
        """Why the fields cannot be applied ('' when they can)."""
        return ""

    def apply(self, settings: Settings) -> None:
        """Put the fields into `settings` (called only when no page has a problem)."""


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class GeneralPage(SettingsPage):
    """The company's name and logo, as the PDF reports head every page with them."""

    key = "general"
    icon_name = "organization"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = self.tr("General")
        s = ctx.ws.settings
        self.company = QLineEdit(s.company_name, self)
        self.company.setObjectName("settingsCompany")
        self.company.setPlaceholderText(self.tr("e.g. Romashka LLC"))
        self.company.setMaxLength(200)
        self.logo_source: Path | None = None  # a newly chosen file (copied on Apply)
        self.logo_removed = False
        self.preview = QLabel(self)
        self.preview.setObjectName("settingsLogoPreview")
        self.preview.setFixedSize(QSize(220, 80))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.choose_button = QPushButton(self.tr("Choose…"), self)
        self.choose_button.setObjectName("settingsLogoChoose")
        self.choose_button.clicked.connect(self.choose_logo)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("settingsLogoRemove")
        self.remove_button.clicked.connect(self.remove_logo)
        self.logo_error = QLabel(self)
        self.logo_error.setObjectName("settingsLogoError")
        self.logo_error.setWordWrap(True)
        self.logo_error.setStyleSheet("color: #c62828;")
        self.logo_error.hide()
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.preview)
        logo_row.addLayout(buttons)
        logo_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Company &name:"), self.company)
        form.addRow(self.tr("Logo:"), logo_row)
        form.addRow("", self.logo_error)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            _note(
                self.tr(
                    "The name and the logo head every page of the PDF reports. The chosen "
                    "picture is copied into the program's data folder, so the original "
                    "file may be moved or deleted."
                ),
                self,
            )
        )
        layout.addStretch(1)
        self._show_logo()

    def current_logo(self) -> Path | None:
        """The picture the preview shows: a newly chosen one, else the kept one."""
        if self.logo_removed:
            return None
        if self.logo_source is not None:
            return self.logo_source
        kept = self.ctx.ws.settings.company_logo
        return Path(kept) if kept else None

    def _show_logo(self) -> None:
        path = self.current_logo()
        self.remove_button.setEnabled(path is not None)
        if path is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("No logo"))
            return
        image = QImage(str(path))
        if image.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("The logo file is missing or damaged"))
            return
        size = self.preview.size() - QSize(8, 8)
        self.preview.setPixmap(
            QPixmap.fromImage(image).scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def choose_logo(self) -> None:
        start = str(self.logo_source.parent) if self.logo_source else str(Path.home())
        chosen = open_image_file(self, self.tr("Company logo"), start)
        if chosen:
            self.set_logo_file(Path(chosen))

    def set_logo_file(self, path: Path) -> bool:
        """Take `path` as the new logo when it is a readable picture; else say why."""
        problem = self._image_problem(path)
        if problem:
            self.logo_error.setText(problem)
            self.logo_error.show()
            self.ctx.dialogs.error(self.window(), self.tr("Company logo"), problem)
            return False
        self.logo_error.hide()
        self.logo_source, self.logo_removed = path, False
        self._show_logo()
        return True

    def _image_problem(self, path: Path) -> str:
        name = path.name
        try:
            size = path.stat().st_size
        except OSError as exc:
            return (
                self.tr("“%1” cannot be read: %2.")
                .replace("%1", name)
                .replace("%2", exc.strerror or str(exc))
            )
        if size > LOGO_MAX_BYTES:
            return self.tr(
                "“%1” is too big for a logo (over 20 MB). Choose a smaller picture."
            ).replace("%1", name)
        reader = QImageReader(str(path))
        image = reader.read()
        if image.isNull():
            return self.tr(
                "“%1” is not a picture the program can read (the file is damaged or in "
                "another format). Choose a PNG, JPEG, GIF or BMP file."
            ).replace("%1", name)
        return ""

    def remove_logo(self) -> None:
        self.logo_source, self.logo_removed = None, True
        self.logo_error.hide()
        self._show_logo()

    def apply(self, settings: Settings) -> None:
        settings.company_name = self.company.text().strip()
        if self.logo_removed:
            settings.company_logo = ""
        elif self.logo_source is not None:
            settings.company_logo = str(keep_logo(self.logo_source, data_folder(self.ctx)))
            self.logo_source = None

    def problem(self) -> str:
        if self.logo_source is not None:
            found = self._image_problem(self.logo_source)
            if found:
                return found
            try:
                data_folder(self.ctx).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                return self.tr("The logo cannot be kept in the data folder: %1.").replace(
                    "%1", exc.strerror or str(exc)
                )
        return ""


def data_folder(ctx: AppContext) -> Path:
    return (ctx.paths or AppPaths.resolve()).data_dir


def keep_logo(source: Path, folder: Path) -> Path:
    """Copy the picture into `folder` as company-logo.png (scaled down when huge)."""
    image = QImageReader(str(source)).read()
    if image.isNull():
        raise OSError(f"{source.name} is not a readable picture")
    if max(image.width(), image.height()) > LOGO_MAX_SIDE:
        image = image.scaled(
            LOGO_MAX_SIDE,
            LOGO_MAX_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{LOGO_STEM}.png"
    tmp = folder / f"{LOGO_STEM}.tmp.png"
    if not image.save(str(tmp)):  # PNG, by the suffix
        raise OSError(f"cannot write {tmp}")
    tmp.replace(target)
    return target


class PhonesPage(SettingsPage):
    """The region a phone without a country code belongs to, and the base currency."""

    key = "phones"
    icon_name = "phone"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = self.tr("Phones & money")
        s = ctx.ws.settings
        names = babel_locale()
        self.region = QComboBox(self)
        self.region.setObjectName("settingsRegion")
        self.region.setEditable(True)
        self.region.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.region.setMaxVisibleItems(16)
        regions = sorted(r for r in phonenumbers.SUPPORTED_REGIONS if r.isalpha())
        first = [r for r in COMMON_REGIONS if r in regions]

        def label(code: str) -> str:
            name = names.territories.get(code, code)
            return f"{name} (+{phonenumbers.country_code_for_region(code)}) · {code}"

        rest = sorted((r for r in regions if r not in first), key=lambda r: label(r).casefold())
        for code in first:
            self.region.addItem(label(code), code)
        self.region.insertSeparator(len(first))
        for code in rest:
            self.region.addItem(label(code), code)
        completer = QCompleter(self.region.model(), self.region)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.region.setCompleter(completer)
        edit = self.region.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(self.tr("Type a country or its code"))
        self.region.setCurrentIndex(max(0, self.region.findData(s.phone_region.upper())))

        self.currency = QComboBox(self)
        self.currency.setObjectName("settingsCurrency")
        self.currency.setEditable(True)
        self.currency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        codes = list(dict.fromkeys((s.base_currency.upper(), *CURRENCIES)))
        for code in codes:
            self.currency.addItem(f"{code} — {names.currencies.get(code, code)}", code)
        self.currency.setCurrentIndex(0)
        self.example = QLabel(self)
        self.example.setObjectName("settingsPhoneExample")
        self.region.currentIndexChanged.connect(self._show_example)
        form = QFormLayout()
        form.addRow(self.tr("Default phone &region:"), self.region)
        form.addRow("", self.example)
        form.addRow(self.tr("Base &currency:"), self.currency)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            _note(
                self.tr(
                    "A phone written without a country code (8 912 345-67-89, 030 1234567) "
                    "is taken as a number of this region. Numbers already saved keep their "
                    "country. Reports total the money in the base currency."
                ),
                self,
            )
        )
        layout.addStretch(1)
        self._show_example()

    def chosen_region(self) -> str | None:
        """The region of the typed or chosen text (None: no such country)."""
        text = self.region.currentText().strip()
        index = self.region.findText(text)
        if index >= 0 and self.region.itemData(index):
            return str(self.region.itemData(index))
        upper = text.upper()
        if upper in phonenumbers.SUPPORTED_REGIONS:
            return upper
        folded = text.casefold()
        hits = {
            str(self.region.itemData(i))
            for i in range(self.region.count())
            if self.region.itemData(i) and folded and folded in self.region.itemText(i).casefold()
        }
        return hits.pop() if len(hits) == 1 else None

    def chosen_currency(self) -> str:
        text = self.currency.currentText().strip()
        index = self.currency.findText(text)
        if index >= 0:
            return str(self.currency.itemData(index))
        return text[:3].upper() if len(text) >= 3 else text.upper()

    def _show_example(self, *_args: object) -> None:
        region = self.chosen_region()
        if region is None:
            self.example.setText("")
            return
        sample = phonenumbers.example_number_for_type(
            region, phonenumbers.PhoneNumberType.MOBILE
        ) or phonenumbers.example_number(region)
        if sample is None:
            self.example.setText("")
            return
        national = phonenumbers.format_number(sample, phonenumbers.PhoneNumberFormat.NATIONAL)
        full = phonenumbers.format_number(sample, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        self.example.setText(
            self.tr("For example, %1 is saved as %2").replace("%1", national).replace("%2", full)
        )

    def problem(self) -> str:
        if self.chosen_region() is None:
            return self.tr(
                "“%1” is not a country of the list. Type a few letters of its name or its "
                "code (RU, KZ, DE…) and choose it."
            ).replace("%1", self.region.currentText().strip())
        code = self.chosen_currency()
        if not (len(code) == 3 and code.isalpha() and code in babel_locale().currencies):
            return self.tr(
                "“%1” is not a currency code. Use the three letters of ISO 4217: RUB, USD, EUR…"
            ).replace("%1", self.currency.currentText().strip())
        return ""

    def apply(self, settings: Settings) -> None:
        region = self.chosen_region()
        if region is not None:
            settings.phone_region = region
        settings.base_currency = self.chosen_currency()


def _minutes(t: QTime) -> int:
    return t.hour() * 60 + t.minute()


class CalendarSettingsPage(SettingsPage):
    """The working day, the first day of the week and the reminder of a new activity."""

    key = "calendar"
    icon_name = "calendar"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from crm_desktop.gui.activities.editor import REMINDERS, reminder_text

        self.title = self.tr("Calendar")
        s = ctx.ws.settings
        locale = QLocale()
        fmt = locale.timeFormat(QLocale.FormatType.ShortFormat)
        self.work_start = QTimeEdit(QTime(s.work_day_start // 60, s.work_day_start % 60), self)
        self.work_start.setObjectName("settingsWorkStart")
        self.work_end = QTimeEdit(QTime(s.work_day_end // 60 % 24, s.work_day_end % 60), self)
        self.work_end.setObjectName("settingsWorkEnd")
        for edit in (self.work_start, self.work_end):
            edit.setDisplayFormat(fmt)
            edit.setMinimumWidth(110)
        if s.work_day_end >= 24 * 60:
            self.work_end.setTime(QTime(23, 59))
        hours = QHBoxLayout()
        hours.addWidget(self.work_start)
        hours.addWidget(QLabel("–", self))
        hours.addWidget(self.work_end)
        hours.addStretch(1)
        self.week_start = QComboBox(self)
        self.week_start.setObjectName("settingsWeekStart")
        for weekday in WEEK_STARTS:
            name = locale.standaloneDayName(weekday + 1, QLocale.FormatType.LongFormat)
            self.week_start.addItem(name[:1].upper() + name[1:], weekday)
        self.week_start.setCurrentIndex(max(0, self.week_start.findData(s.first_weekday())))
        self.reminder = QComboBox(self)
        self.reminder.setObjectName("settingsReminder")
        for value in REMINDERS:
            self.reminder.addItem(
                self.tr("No reminder") if value is None else reminder_text(value),
                -1 if value is None else value,
            )
        index = self.reminder.findData(s.default_reminder)
        if index < 0:
            self.reminder.addItem(reminder_text(s.default_reminder), s.default_reminder)
            index = self.reminder.count() - 1
        self.reminder.setCurrentIndex(index)
        form = QFormLayout()
        form.addRow(self.tr("Working hours:"), hours)
        form.addRow(self.tr("&First day of the week:"), self.week_start)
        form.addRow(self.tr("&Reminder of a new activity:"), self.reminder)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            _note(
                self.tr(
                    "The calendar shades the hours outside the working day and opens at "
                    "its start. Weeks and months begin on the chosen day. A new call, "
                    "meeting or to-do gets the chosen reminder; it can be changed in the "
                    "activity itself."
                ),
                self,
            )
        )
        layout.addStretch(1)

    def problem(self) -> str:
        start, end = self.work_start.time(), self.work_end.time()
        if _minutes(end) <= _minutes(start):
            locale = QLocale()
            short = QLocale.FormatType.ShortFormat
            return (
                self.tr("The working day must end after it starts (now %1 – %2).")
                .replace("%1", locale.toString(start, short))
                .replace("%2", locale.toString(end, short))
            )
        return ""

    def apply(self, settings: Settings) -> None:
        settings.work_day_start = _minutes(self.work_start.time())
        end = _minutes(self.work_end.time())
        settings.work_day_end = 24 * 60 if end == 23 * 60 + 59 else end
        settings.week_start = int(self.week_start.currentData())
        settings.default_reminder = int(self.reminder.currentData())


class BackupsPage(SettingsPage):
    """The backup settings of gui/safety.py (the same form as File → Backup settings…)."""

    key = "backups"
    icon_name = "save"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from crm_desktop.gui.safety import BackupSettingsForm

        self.title = self.tr("Backups")
        self.form = BackupSettingsForm(ctx, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)

    def problem(self) -> str:
        return self.form.problem()

    def apply(self, settings: Settings) -> None:
        self.form.apply()  # into ctx.ws.settings, which is `settings`


class DatabaseSettingsPage(SettingsPage):
    """The base: the page of gui/server.py (a local file or a PostgreSQL server), or
    the current base read-only where that page is not there."""

    key = "database"
    icon_name = "open-base"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = self.tr("Database")
        self.inner: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        try:  # helper "server" builds it; until then, the current base read-only
            server = importlib.import_module("crm_desktop.gui.server")
        except ImportError:
            server = None
        factory = getattr(server, "DatabasePage", None)
        if factory is not None:
            self.inner = factory(ctx, self)
            layout.addWidget(self.inner)
            return
        where = QLineEdit(str(ctx.ws.path or ctx.ws.display_name), self)
        where.setObjectName("settingsDatabasePath")
        where.setReadOnly(True)
        form = QFormLayout()
        form.addRow(self.tr("Current base:"), where)
        layout.addLayout(form)
        layout.addWidget(
            _note(self.tr("Another base is opened with File → Open a base at start-up."), self)
        )
        layout.addStretch(1)

    def apply_base(self) -> bool:
        """Apply the database page's choice (it explains its own problems)."""
        apply: Callable[[], bool] | None = getattr(self.inner, "apply", None)
        return apply() if apply is not None else True


class LanguagePage(SettingsPage):
    """System / Русский / English: applied at once, without a restart."""

    key = "language"
    icon_name = "about"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = self.tr("Language")
        system = i18n.system_language()
        names = {"ru": "Русский", "en": "English"}
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The language of the program:"), self))
        for code in LANGUAGES:
            text = (
                self.tr("As the system (%1)").replace("%1", names[system])
                if not code
                else names[code]
            )
            button = QRadioButton(text, self)
            button.setObjectName(f"settingsLanguage_{code or 'system'}")
            self.buttons[code] = button
            layout.addWidget(button)
        current = ctx.ws.settings.language
        self.buttons[current if current in self.buttons else ""].setChecked(True)
        layout.addWidget(
            _note(
                self.tr(
                    "The window changes language at once: menus, views, dates, numbers and "
                    "money follow the language's customs. New demo data is made in it too."
                ),
                self,
            )
        )
        layout.addStretch(1)

    def chosen(self) -> str:
        return next((code for code, b in self.buttons.items() if b.isChecked()), "")

    def apply(self, settings: Settings) -> None:
        settings.language = self.chosen()


# ------------------------------------------------------------------ the dialog


class SettingsDialog(QDialog):
    """The pages on the left, the chosen one on the right; OK / Cancel / Apply."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.ctx = ctx
        self.nav = QListWidget(self)
        self.nav.setObjectName("settingsNavigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, SettingsPage] = {}
        for kind in (
            GeneralPage,
            PhonesPage,
            CalendarSettingsPage,
            BackupsPage,
            DatabaseSettingsPage,
            LanguagePage,
        ):
            page = kind(ctx, self)
            self.pages[page.key] = page
            item = QListWidgetItem(icon(page.icon_name), page.title)
            item.setSizeHint(QSize(0, 32))
            self.nav.addItem(item)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._clicked)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 520)

    def show_page(self, key: str) -> SettingsPage:
        page = self.pages[key]
        self.nav.setCurrentRow(self.stack.indexOf(page))
        return page

    def current_key(self) -> str:
        page = self.stack.currentWidget()
        return page.key if isinstance(page, SettingsPage) else "general"

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.apply_button:
            self.apply(keep_open=True)

    def accept(self) -> None:
        if self.apply(keep_open=False):
            super().accept()

    def apply(self, *, keep_open: bool = True) -> bool:
        """Check every page, then apply and save them all; False (and nothing changed)
        when a page has a problem, which is shown on its page."""
        for key, page in self.pages.items():
            problem = page.problem()
            if problem:
                self.show_page(key)
                self.ctx.dialogs.error(self, self.tr("Settings"), problem)
                return False
        ws = self.ctx.ws
        settings = ws.settings
        language_before = i18n.resolve_language(settings.language)
        try:
            for page in self.pages.values():
                page.apply(settings)
            paths = self.ctx.paths or AppPaths.resolve()
            settings.save(paths.settings_file)
        except OSError as exc:
            self.ctx.dialogs.error(
                self,
                self.tr("Settings"),
                self.tr("The settings cannot be saved: %1.").replace(
                    "%1", exc.strerror or str(exc)
                ),
            )
            return False
        database = self.pages["database"]
        assert isinstance(database, DatabaseSettingsPage)
        if not database.apply_base():
            self.show_page("database")
            return False
        self.ctx.settings_changed.emit()
        language = i18n.resolve_language(self.ctx.ws.settings.language)
        if language != language_before or language != current_language():
            reopen = self.current_key() if keep_open else None
            if keep_open:
                self.hide()
            QTimer.singleShot(0, lambda: _switch_after_dialog(self.ctx, language, reopen))
        return True


def current_language() -> str:
    """The language the UI shows now (i18n.install sets the default locale to it)."""
    return "ru" if QLocale().language() == QLocale.Language.Russian else "en"


def _switch_after_dialog(ctx: AppContext, language: str, reopen: str | None) -> None:
    window = switch_language(ctx, language)
    if reopen is not None and window is not None:
        open_settings(window, reopen)


# ------------------------------------------------------------------ the language switch


def switch_language(ctx: AppContext, language: str) -> MainWindow | None:
    """Show the program in `language` ('' follows the system) at once: new translators
    and locale, then the main window rebuilt in place (layout, current page, the selected
    contact and the calendar's date kept). Waits for a running background job first.
    Returns the new window (None while waiting)."""
    if ctx.runner.busy():  # the job's results go to the views it started from

        def retry(*_args: object) -> None:
            if not ctx.runner.busy():
                ctx.runner.job_finished.disconnect(retry)
                QTimer.singleShot(0, lambda: switch_language(ctx, language))

        ctx.runner.job_finished.connect(retry)
        return None
    from crm_desktop.gui.app import build_window
    from crm_desktop.gui.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = ctx.window
    i18n.install(app, language)
    if not isinstance(old, MainWindow) or not shiboken6.isValid(old):
        return None
    key = next((k for k, p in old.pages.items() if p is old.current_page), "")
    restore = _page_memory(old)
    old.save_state()
    was_visible, maximized, geometry = old.isVisible(), old.isMaximized(), old.geometry()
    window = build_window(ctx)  # sets ctx.window
    if key:
        window.show_page(key)
    if was_visible:
        if maximized:
            window.showMaximized()
        else:
            window.setGeometry(geometry)
            window.show()
    restore(window)
    # open editors and dialogs stay open (and keep their unsaved input) over the new window
    moved = [
        child
        for child in old.findChildren(QDialog)
        if child.isVisible() and not isinstance(child, SettingsDialog)
    ]
    for child in moved:
        child.setParent(window, child.windowFlags())
        child.show()
    old.hide()
    _dispose_later(ctx, old, moved)
    return window


def _dispose_later(ctx: AppContext, old: QWidget, moved: list[QDialog]) -> None:
    """Delete the replaced window once nothing can call back into it: no background job
    (their results go to the views that started them) and no moved dialog open (their
    "saved" callbacks refresh the old views)."""
    timer = QTimer(ctx)
    timer.setInterval(250)

    def check() -> None:
        if not shiboken6.isValid(old):
            timer.stop()
            timer.deleteLater()
            return
        if ctx.runner.busy() or any(shiboken6.isValid(d) and d.isVisible() for d in moved):
            return
        timer.stop()
        timer.deleteLater()
        old.deleteLater()

    timer.timeout.connect(check)
    timer.start()
    check()


def _page_memory(window: MainWindow) -> Callable[[MainWindow], None]:
    """What the pages show that the new window should show again."""
    contacts = window.pages.get("contacts")
    record = getattr(contacts, "current_record", lambda: None)()
    calendar = window.pages.get("calendar")
    day = getattr(calendar, "current_date", None)

    def restore(new: MainWindow) -> None:
        show_record = getattr(new.pages.get("contacts"), "show_record", None)
        if record is not None and show_record is not None:
            show_record(*record)
        set_date = getattr(new.pages.get("calendar"), "set_date", None)
        if day is not None and set_date is not None:
            set_date(day)

    return restore


# ------------------------------------------------------------------ wiring


def open_settings(window: QWidget, page: str | None = None) -> SettingsDialog:
    """The Settings dialog over `window` (the one already open, if any), on `page`."""
    shown = [d for d in window.findChildren(SettingsDialog) if d.isVisible()]
    if shown:
        shown[0].raise_()
        shown[0].activateWindow()
        if page:
            shown[0].show_page(page)
        return shown[0]
    dialog = SettingsDialog(window.ctx, window)  # type: ignore[attr-defined]
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if page:
        dialog.show_page(page)
    dialog.open()
    return dialog


def install_settings(window: MainWindow) -> None:
    """Service (or Edit) → Settings… (Ctrl+,)."""
    act = window.action(
        "settings",
        QCoreApplication.translate("SettingsDialog", "&Settings…"),
        lambda: open_settings(window),
        "Ctrl+,",
    )
    act.setMenuRole(act.MenuRole.PreferencesRole)
    # Service → Settings… where the team part made that menu (Сервис → Настройки is where
    # Russian programs keep it), else Edit → Settings…
    menu = window.findChild(QMenu, "serviceMenu") or window.edit_menu
    menu.addSeparator()
    menu.addAction(act)


# ------------------------------------------------------------------ screenshots

SCREENSHOT_PAGES = ("general", "phones", "calendar", "backups", "database", "language")


def demo_dialog(view: str, ctx: AppContext, window: MainWindow) -> QWidget:
    """For `crm-desktop screenshot settings-<page>`: the dialog on that page (General
    with a company name and a drawn logo chosen, not applied)."""
    key = view.removeprefix("settings-")
    if key not in SCREENSHOT_PAGES:
        raise ValueError(view)
    dialog = open_settings(window, key)
    page = dialog.pages["general"]
    if key == "general" and isinstance(page, GeneralPage):
        russian = current_language() == "ru"
        if not ctx.ws.settings.company_name:
            page.company.setText("ООО «Ромашка»" if russian else "Romashka Trading LLC")
        if not ctx.ws.settings.company_logo:
            page.set_logo_file(_demo_logo("Ромашка" if russian else "Romashka"))
    return dialog


def _demo_logo(name: str) -> Path:
    from tempfile import mkdtemp

    from PySide6.QtGui import QColor, QFont, QPainter

    image = QImage(360, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#2e7d32"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(8, 8, 104, 104)
    font = QFont()
    font.setPixelSize(64)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(8, 8, 104, 104, Qt.AlignmentFlag.AlignCenter, name[:1])
    painter.setPen(QColor("#2e7d32"))
    font.setPixelSize(36)
    painter.setFont(font)
    painter.drawText(128, 8, 232, 104, Qt.AlignmentFlag.AlignVCenter, name)
    painter.end()
    path = Path(mkdtemp(prefix="crm-logo-")) / "logo.png"
    image.save(str(path))
    return path
