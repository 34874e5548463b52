"""Loading translations: Qt's own (qtbase_ru.qm) and ours (resources/translations)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from crm_desktop import config
from crm_desktop.config import SUPPORTED_LANGUAGES
from crm_desktop.gui.resources import resource_path

SUPPORTED = SUPPORTED_LANGUAGES
_installed: list[QTranslator] = []


def system_language() -> str:
    name = QLocale.system().name()[:2]
    return name if name in SUPPORTED else "en"


def resolve_language(preference: str) -> str:
    return config.resolve_language(preference, system_language)


def translator(language: str) -> Callable[[str], str]:
    """The program's translation of report labels into `language`, outside the GUI.

    Loads resources/translations/crm_desktop_<language>.qm into a QTranslator (no
    QApplication needed); texts without a translation come back unchanged.
    """
    return _translator(resolve_language(language))


@cache
def _translator(language: str) -> Callable[[str], str]:
    tr = QTranslator()
    name = f"crm_desktop_{language}"
    folder = str(resource_path("translations"))
    if not (Path(folder, name + ".qm").exists() and tr.load(name, folder)):
        return lambda text: text
    return lambda text: tr.translate("reports", text) or text


def install(app: QCoreApplication, language: str) -> str:
    """Switch the application's translators to `language` ('' follows the system)."""
    language = resolve_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Russian if language == "ru" else QLocale.Language.English,
            QLocale.Country.Russia if language == "ru" else QLocale.Country.UnitedStates,
        )
    )
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [
        (f"qtbase_{language}", qt_dir),
        (f"crm_desktop_{language}", str(resource_path("translations"))),
    ]
    for name, folder in candidates:
        translator = QTranslator(app)
        if Path(folder, name + ".qm").exists() and translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
    return language
