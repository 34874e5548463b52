"""Loading translations: Qt's own (qtbase_ru.qm) and ours (resources/translations)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from crm_desktop.gui.resources import resource_path

SUPPORTED = ("en", "ru")
_installed: list[QTranslator] = []


def system_language() -> str:
    name = QLocale.system().name()[:2]
    return name if name in SUPPORTED else "en"


def resolve_language(preference: str) -> str:
    return preference if preference in SUPPORTED else system_language()


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
