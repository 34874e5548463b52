"""The language switch of Settings applies at once: English → Russian → English, every
main view, the menus, the toolbar and the status bar in the chosen language, dates and
money by its locale, Russian plurals right — and the page and the selection kept.

The base holds only English (Latin) data, so any Cyrillic text a view shows comes from
the translation or the Russian locale."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from crm_desktop.config import AppPaths
from crm_desktop.domain.clock import ManualClock
from crm_desktop.domain.kinds import EntityKind, StageKind
from crm_desktop.gui import i18n
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.gui.settings import LanguagePage, SettingsDialog, current_language
from crm_desktop.services import contacts, deals, search
from crm_desktop.services.deals import DealInput, PipelineEdit, StageEdit
from crm_desktop.services.dto import OrganizationInput, PersonInput
from tests.gui.conftest import wait_idle

CYRILLIC = re.compile("[А-Яа-яЁё]")
MAIN_VIEWS = ("today", "contacts", "deals", "calendar", "tasks", "reports", "trash")
# titles already translated in resources/translations/crm_desktop_ru.ts
RUSSIAN_TITLES = {
    "today": "Сегодня",
    "contacts": "Контакты",
    "deals": "Сделки",
    "calendar": "Календарь",
    "tasks": "Задачи",
    "reports": "Отчёты",
    "trash": "Корзина",
}


@pytest.fixture(autouse=True)
def _english_again(qapp: QApplication) -> Iterator[None]:
    """English to start with; afterwards the translators and the default locale as the
    other tests expect them."""
    before = QLocale()
    i18n.install(qapp, "en")
    yield
    i18n.install(qapp, "en")  # removes the Russian translators (there is no English .qm)
    QLocale.setDefault(before)


@pytest.fixture
def window(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, clock: ManualClock
) -> Iterator[MainWindow]:
    ctx.paths = AppPaths.resolve(tmp_path / "data")
    ws = ctx.ws
    view = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "Sales",
            [
                StageEdit(None, "Lead", StageKind.OPEN, 10),
                StageEdit(None, "Talks", StageKind.OPEN, 50),
                StageEdit(None, "Contract", StageKind.OPEN, 80),
                StageEdit(None, "Won", StageKind.WON, 100),
                StageEdit(None, "Lost", StageKind.LOST, 0),
            ],
        ),
    )
    org = contacts.create_organization(ws, OrganizationInput(name="Acme Tools LLC")).id
    contacts.create_person(ws, PersonInput(full_name="John Smith", organization_id=org))
    stages = {s.name: s.id for s in view.stages}
    for stage, count in (("Lead", 1), ("Talks", 2), ("Contract", 5)):
        for n in range(count):
            deals.create_deal(
                ws,
                DealInput(
                    title=f"Order {stage} {n}",
                    pipeline_id=view.id,
                    stage_id=stages[stage],
                    organization_id=org,
                    amount_minor=1_250_000_00,
                ),
            )
    from crm_desktop.gui.app import build_window

    first = build_window(ctx)  # not given to qtbot: the switch deletes it
    first.resize(1280, 800)
    first.show()
    qtbot.waitExposed(first)
    wait_idle(qtbot, ctx)
    yield first
    shown = ctx.window
    if shown is not None and shiboken6.isValid(shown):
        shown.close()
        shown.deleteLater()


def texts_of(widget: QWidget) -> list[str]:
    """What a person reads in `widget`: labels, buttons, fields' hints, combo entries,
    actions, and the visible rows and headers of its lists, tables and trees."""
    found: list[str] = []
    widgets = [widget, *widget.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(widget) and w is not widget:
            continue
        found += [a.text() for a in w.actions()] + [w.toolTip()]
        if isinstance(w, QLabel | QAbstractButton):
            found.append(w.text())
        elif isinstance(w, QLineEdit):
            found += [w.text(), w.placeholderText()]
        elif isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            root = QModelIndex()
            try:
                columns = model.columnCount(root)
            except TypeError:  # a list model keeps columnCount private
                columns = 1
            for section in range(columns):
                found.append(str(model.headerData(section, Qt.Orientation.Horizontal) or ""))
            for row in range(min(model.rowCount(root), 30)):
                for column in range(columns):
                    found.append(str(model.index(row, column, root).data() or ""))
    return [t for t in found if t]


def russian(texts: list[str]) -> list[str]:
    return [t for t in texts if CYRILLIC.search(t)]


def switch_to(qtbot: QtBot, ctx: AppContext, language: str) -> MainWindow:
    """Settings → Language → the language → OK, as a person does; the rebuilt window."""
    old = ctx.window
    assert isinstance(old, MainWindow)
    old.actions["settings"].trigger()
    (dialog,) = [d for d in old.findChildren(SettingsDialog) if d.isVisible()]
    page = dialog.show_page("language")
    assert isinstance(page, LanguagePage)
    qtbot.waitExposed(dialog)
    radio = page.buttons[language]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert page.buttons[language].isChecked()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctx.window is not old, timeout=10_000)
    window = ctx.window
    assert isinstance(window, MainWindow)
    qtbot.waitExposed(window)
    wait_idle(qtbot, ctx)
    assert ctx.ws.settings.language == language
    return window


def show(qtbot: QtBot, ctx: AppContext, window: MainWindow, key: str) -> QWidget:
    page = window.show_page(key)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(page.is_ready, timeout=10_000)
    wait_idle(qtbot, ctx)
    return page


def nav_texts(window: MainWindow) -> dict[str, str]:
    nav = window.nav
    return {
        str(nav.item(r).data(Qt.ItemDataRole.UserRole)): nav.item(r).text()
        for r in range(nav.count())
        if nav.item(r).data(Qt.ItemDataRole.UserRole)
    }


def chrome(window: MainWindow) -> list[str]:
    """The menus (with their entries), the toolbar and the status bar."""
    found: list[str] = []
    for act in window.menuBar().actions():
        found.append(act.text())
        menu = act.menu()
        if menu is not None:
            found += [a.text() for a in menu.actions() if a.text()]
    found += [a.text() for a in window.toolbar.actions() if a.text()]
    found.append(window.toolbar.windowTitle())
    return found


def stage_details(qtbot: QtBot, ctx: AppContext, window: MainWindow) -> list[str]:
    """The deal counts the pipeline settings show per stage ("2 сделки")."""
    from crm_desktop.gui.deals.pipelines import (
        DETAIL_ROLE,
        PipelineSettingsDialog,
        open_pipeline_settings,
    )

    open_pipeline_settings(ctx, window)
    dialog = window.findChild(PipelineSettingsDialog)
    assert dialog is not None
    model = dialog.stages_model
    qtbot.waitUntil(lambda: model.rowCount() == 5, timeout=10_000)
    wait_idle(qtbot, ctx)
    details = [str(model.index(r, 0).data(DETAIL_ROLE)) for r in range(model.rowCount())]
    dialog.reject()
    return details


def test_english_russian_english_at_runtime_in_every_main_view(
    qtbot: QtBot, ctx: AppContext, window: MainWindow
) -> None:
    assert current_language() == "en"
    for key in MAIN_VIEWS:
        page = show(qtbot, ctx, window, key)
        assert russian(texts_of(page)) == [], key
    assert russian(chrome(window)) == []
    # where the user was: the contacts page with John Smith selected
    contacts_page = show(qtbot, ctx, window, "contacts")
    hit = next(h for h in search.search(ctx.ws, "John Smith") if h.kind is EntityKind.PERSON)
    contacts_page.show_record(hit.kind, hit.id)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: contacts_page.current_record() == (hit.kind, hit.id))  # type: ignore[attr-defined]
    geometry = window.geometry()

    # ---------------------------------------------------------------- Russian
    window = switch_to(qtbot, ctx, "ru")
    assert current_language() == "ru"
    assert QLocale().language() == QLocale.Language.Russian
    assert window.geometry().size() == geometry.size()
    assert window.current_page is window.pages["contacts"]  # the page kept
    assert window.pages["contacts"].current_record() == (hit.kind, hit.id)  # type: ignore[attr-defined]
    assert nav_texts(window) == {k: RUSSIAN_TITLES[k] for k in MAIN_VIEWS}
    menus = chrome(window)
    assert "&Файл" in menus and "&Правка" in menus and "Новый &контакт…" in menus
    assert window.toolbar.windowTitle() == "Основная панель инструментов"
    status = window.statusBar()
    assert "Отмена" in [b.text() for b in status.findChildren(QAbstractButton)]
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"  # qtbase_ru
    for key in MAIN_VIEWS:
        page = show(qtbot, ctx, window, key)
        found = russian(texts_of(page))
        assert found, f"no Russian text in the {key} view"
    calendar = show(qtbot, ctx, window, "calendar")
    assert "ноября" in calendar.period_label.text() or "Ноябрь" in calendar.period_label.text()  # type: ignore[attr-defined]
    # money and numbers by the Russian locale
    from crm_desktop.gui.deals.board import money_text

    assert money_text(QLocale(), 1_250_000_00, "RUB") == "1\xa0250\xa0000\xa0₽"
    # plurals: 1 сделка, 2 сделки, 5 сделок
    details = stage_details(qtbot, ctx, window)
    assert any(d.endswith("1 сделка") for d in details), details
    assert any(d.endswith("2 сделки") for d in details), details
    assert any(d.endswith("5 сделок") for d in details), details

    # ---------------------------------------------------------------- English again
    window = switch_to(qtbot, ctx, "en")
    assert current_language() == "en" and QLocale().language() == QLocale.Language.English
    assert nav_texts(window) == {
        "today": "Today",
        "contacts": "Contacts",
        "deals": "Deals",
        "calendar": "Calendar",
        "tasks": "Tasks",
        "reports": "Reports",
        "trash": "Trash",
    }
    assert russian(chrome(window)) == []
    assert "&File" in chrome(window)
    for key in MAIN_VIEWS:
        page = show(qtbot, ctx, window, key)
        assert russian(texts_of(page)) == [], key
    details = stage_details(qtbot, ctx, window)
    assert any(d.endswith("1 deal") for d in details) and any(
        d.endswith("5 deals") for d in details
    ), details


def test_the_switch_waits_for_a_running_job_and_keeps_an_open_editor(
    qtbot: QtBot, ctx: AppContext, window: MainWindow
) -> None:
    """A background job's results go to the views that asked; an open editor keeps
    what was typed into it."""
    import threading

    from crm_desktop.gui.contacts import editors

    editor = editors.new_person(ctx, window)
    last_name = editor.findChild(QLineEdit, "last_name")
    assert last_name is not None
    last_name.setText("Smithson")
    release = threading.Event()
    done: list[int] = []
    ctx.run(lambda _p: release.wait(10) and 1, done.append, write=False)
    old = ctx.window
    from crm_desktop.gui.settings import switch_language

    assert switch_language(ctx, "ru") is None  # waits for the job
    assert ctx.window is old and current_language() == "en"
    release.set()
    qtbot.waitUntil(lambda: ctx.window is not old, timeout=10_000)
    assert done == [1] and current_language() == "ru"
    assert editor.isVisible() and editor.parent() is ctx.window
    assert last_name.text() == "Smithson"
    editor.reject()


def test_apply_switches_and_reopens_the_settings_on_the_same_page(
    qtbot: QtBot, ctx: AppContext, window: MainWindow
) -> None:
    window.actions["settings"].trigger()
    (dialog,) = [d for d in window.findChildren(SettingsDialog) if d.isVisible()]
    page = dialog.show_page("language")
    assert isinstance(page, LanguagePage)
    qtbot.waitExposed(dialog)
    radio = page.buttons["ru"]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctx.window is not window, timeout=10_000)
    new = ctx.window
    assert isinstance(new, MainWindow)
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in new.findChildren(SettingsDialog)), timeout=5_000
    )
    (again,) = [d for d in new.findChildren(SettingsDialog) if d.isVisible()]
    assert again.current_key() == "language"
    cancel = again.cancel_button
    assert cancel.text() == "Отмена"  # the dialog itself in Russian now (qtbase_ru)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert ctx.ws.settings.language == "ru" and current_language() == "ru"
