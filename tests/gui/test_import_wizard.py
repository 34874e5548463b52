"""The import wizard and the import history, driven like a person: File → Import…,
Next through the pages, one column remapped, merge, the result's table of problems,
cancel midway, a broken file, mapping profiles, and undo from the history."""

from __future__ import annotations

import threading
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel
from pytestqt.qtbot import QtBot

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.importing.history import ImportHistoryDialog
from crm_desktop.gui.importing.wizard import ImportWizard, open_import_wizard, profile_store
from crm_desktop.importing.fields import Field, Target
from crm_desktop.services import contacts
from crm_desktop.services.dto import EmailInput, PersonCard, PersonInput, PhoneInput
from crm_desktop.services.importing import ImportPlan, ImportResult, run_import
from crm_desktop.services.importing.preview import plan_counts
from crm_desktop.services.progress import Progress
from crm_desktop.services.search import search
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Organization, Person
from tests.gui.conftest import FakeDialogs, wait_idle
from tests.importing.builders import password_stub, truncated, zip_bomb

INN = "7707083893"

TITLE_AND_TWO_LEVEL_HEADER: list[list[object]] = [
    ["Клиенты на 20.11.2026 (выгрузка из 1С)"],
    [],
    ["Контакт", None, "Компания", None, "Телефоны", None, "Почта", "Комментарий"],
    ["Фамилия", "Имя", "Название", "ИНН", "рабочий", "мобильный", None, None],
    ["Петров", "Пётр", "ООО «Ромашка»", INN, "+7 495 100-20-30", "8 912 345-67-89",
     "petrov@romashka.ru", "Директор"],
    ["Сидорова", "Анна", "ООО «Ромашка»", INN, "", "8 (912) 000-11-22", "", "Бухгалтер"],
    ["", "", "", "", "", "", "", "Менеджер"],  # nothing to import it as: rejected
    ["Волков", "Олег", "", "", "", "610-96-48", "volkov@@mail", ""],  # two bad values
    ["Иванов", "Иван", "", "", "", "+7 903 111-22-33", "ivanov@new.ru", ""],  # in the base
]  # fmt: skip


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Клиенты"
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A3:B3")
    sheet.merge_cells("C3:D3")
    sheet.merge_cells("E3:F3")
    book.save(path)
    return path


@pytest.fixture
def client_file(tmp_path: Path) -> Path:
    return _xlsx(tmp_path / "clients.xlsx", TITLE_AND_TWO_LEVEL_HEADER)


def _existing_ivanov(ws: Workspace) -> int:
    card = contacts.create_person(
        ws,
        PersonInput(
            last_name="Иванов",
            first_name="Иван",
            phones=[PhoneInput("+7 903 111-22-33")],
            emails=[EmailInput("ivanov@old.ru")],
        ),
    )
    return card.id


def _count(ws: Workspace, model: type[Person] | type[Organization]) -> int:
    with ws.read() as uow:
        return int(
            uow.session.scalar(
                sa.select(sa.func.count()).select_from(model).where(model.deleted_at.is_(None))
            )
            or 0
        )


def _person(ws: Workspace, name: str) -> PersonCard:
    hits = [h for h in search(ws, name) if h.kind is EntityKind.PERSON]
    assert hits, name
    return contacts.get_person(ws, hits[0].id)


def _open(qtbot: QtBot, ctx: AppContext, path: Path | None = None) -> ImportWizard:
    wizard = open_import_wizard(ctx, None)
    qtbot.addWidget(wizard)
    if path is not None:
        _choose_file(qtbot, ctx, wizard, path)
    return wizard


def _choose_file(qtbot: QtBot, ctx: AppContext, wizard: ImportWizard, path: Path) -> None:
    edit = wizard.file_page.path_edit
    edit.clear()
    qtbot.keyClicks(edit, str(path))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)


def _next(qtbot: QtBot, ctx: AppContext, wizard: ImportWizard) -> None:
    button = wizard.button(ImportWizard.WizardButton.NextButton)
    if wizard.currentPage().isCommitPage():
        button = wizard.button(ImportWizard.WizardButton.CommitButton)
    qtbot.waitUntil(button.isEnabled)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)


def _walk_to_duplicates(qtbot: QtBot, ctx: AppContext, wizard: ImportWizard) -> None:
    while wizard.currentId() < ImportWizard.DUPLICATES:
        _next(qtbot, ctx, wizard)


def _cell(wizard: ImportWizard, row: int, column: int) -> str:
    return wizard.run_page.model.text(row, column)


def test_the_wizard_imports_a_report_with_a_title_and_a_two_level_header(
    qtbot: QtBot, ctx: AppContext, dialogs: FakeDialogs, main_window: object, client_file: Path
) -> None:
    ws = ctx.ws
    ivanov_id = _existing_ivanov(ws)
    main_window.actions["import"].trigger()  # type: ignore[attr-defined]
    wizard = main_window.findChild(ImportWizard)  # type: ignore[attr-defined]
    assert wizard is not None and wizard.isVisible()
    _choose_file(qtbot, ctx, wizard, client_file)
    assert "clients.xlsx" in wizard.file_page.status.text()

    _next(qtbot, ctx, wizard)  # the sheet and its header: found below the title, two rows
    page = wizard.sheet_page
    assert wizard.currentPage() is page
    assert page.header_spin.value() == 4 and page.two_level.isChecked()
    highlighted = [r.label for r in page.model.rows if r.highlight is not None]
    assert highlighted == ["3", "4"]

    _next(qtbot, ctx, wizard)  # the columns, suggested from the two-level header
    mapping_page = wizard.mapping_page
    assert wizard.mapping is not None
    assert wizard.mapping.target(0) == Target(Field.LAST_NAME)
    assert wizard.mapping.target(5) == Target(Field.PHONE, "mobile")
    comment = mapping_page.combo_for(7)
    assert comment.currentData() == Target(Field.NOTES)
    comment.setCurrentIndex(comment.findText("Position"))  # the comment holds the position
    assert wizard.mapping.target(7) == Target(Field.POSITION)

    _next(qtbot, ctx, wizard)  # the preview
    preview = wizard.preview_page
    plan = wizard.plan
    assert plan is not None
    counts = plan_counts(plan)
    shown = {k: label.text() for k, label in preview.counts.items()}
    assert shown == {
        "new": str(counts.new),
        "matched": str(counts.matched),
        "rejected": str(counts.rejected),
        "flagged": str(counts.flagged),
    }
    assert (counts.persons_new, counts.persons_matched, counts.organizations_new) == (3, 1, 1)
    assert counts.rejected == 1
    model = preview.model
    rows = {model.text(r, 0): r for r in range(model.rowCount())}
    assert model.text(rows["5"], 2) == "Петров Пётр"
    assert model.text(rows["5"], 4) == "Директор"
    assert model.text(rows["5"], 5) == "+7 495 100-20-30, +7 912 345-67-89"
    assert model.rows[rows["8"]].icon == "warning"
    assert "610-96-48" in model.rows[rows["8"]].tooltip
    assert model.rows[rows["7"]].icon == "error"

    _next(qtbot, ctx, wizard)  # duplicates: one person of the file is in the base
    duplicates = wizard.duplicates_page
    assert "1" in duplicates.found.text()
    qtbot.mouseClick(duplicates.buttons["update"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(duplicates.buttons["merge"], Qt.MouseButton.LeftButton)
    assert wizard.policy == "merge"

    with qtbot.waitSignal(ctx.changed, timeout=10_000):
        _next(qtbot, ctx, wizard)  # Import
    run_page = wizard.run_page
    qtbot.waitUntil(lambda: run_page.finished)
    assert wizard.outcome is not None and wizard.outcome.import_id

    petrov = _person(ws, "Петров Пётр")
    assert petrov.position == "Директор"
    assert petrov.organization_name == "ООО «Ромашка»"
    assert sorted(p.e164 for p in petrov.phones) == ["+74951002030", "+79123456789"]
    ivanov = contacts.get_person(ws, ivanov_id)  # merged: the new email added
    assert sorted(e.address for e in ivanov.emails) == ["ivanov@new.ru", "ivanov@old.ru"]
    assert _count(ws, Person) == 4 and _count(ws, Organization) == 1

    results = {(_cell(wizard, r, 0), _cell(wizard, r, 1)) for r in range(run_page.model.rowCount())}
    assert ("7", "Rejected") in results and ("8", "Flagged") in results
    reasons = {_cell(wizard, r, 0) + ":" + _cell(wizard, r, 2): _cell(wizard, r, 3)
               for r in range(run_page.model.rowCount())}  # fmt: skip
    assert "nothing to import" in reasons["7:"]
    assert "610-96-48" in reasons["8:Phone"] and "volkov@@mail" in reasons["8:Email"]
    assert "People: 3 new, 1 already in the base" in run_page.counts.text()

    # "Save as Excel…": the rejected and flagged rows with their reasons, in a workbook
    report = client_file.with_name("report.xlsx")
    dialogs.paths.append(str(report))
    qtbot.mouseClick(run_page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert dialogs.saves == [str(client_file.with_name("clients - import report.xlsx"))]
    assert report.exists() and "report.xlsx" in run_page.saved.text()
    book = openpyxl.load_workbook(report, read_only=True)
    texts = {str(v) for ws_ in book.worksheets for row in ws_.iter_rows(values_only=True)
             for v in row if v is not None}  # fmt: skip
    assert any("610-96-48" in t for t in texts) and any("nothing to import" in t for t in texts)


def test_cancel_midway_writes_nothing(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    rows: list[list[object]] = [["ФИО", "Телефон"]]
    rows += [[f"Клиентов Клиент {n}", f"+7 912 {n // 10000:03d}-{n % 10000:04d}"]
             for n in range(1500)]  # fmt: skip
    path = tmp_path / "big.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    reached, gate = threading.Event(), threading.Event()

    def held_run(ws: Workspace, plan: ImportPlan, progress: Progress) -> ImportResult:
        def held(done: int, total: int) -> None:
            progress(done, total)
            reached.set()
            gate.wait(10)
            progress(done, total)  # raises Cancelled once the user cancelled

        return run_import(ws, plan, progress=held)

    wizard = _open(qtbot, ctx, path)
    wizard.run_op = held_run
    _walk_to_duplicates(qtbot, ctx, wizard)
    import_button = wizard.button(ImportWizard.WizardButton.CommitButton)
    qtbot.mouseClick(import_button, Qt.MouseButton.LeftButton)  # the run is held: no wait
    qtbot.waitUntil(reached.is_set, timeout=20_000)
    run_page = wizard.run_page
    assert run_page.running and run_page.bar.isVisible()
    qtbot.mouseClick(run_page.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: run_page.finished, timeout=20_000)
    assert "cancelled" in run_page.stopped_label.text()
    assert "Nothing was written" in run_page.stopped_label.text()
    assert _count(ctx.ws, Person) == 0


@pytest.mark.parametrize("kind", ["truncated", "password", "zip bomb"])
def test_a_broken_file_shows_the_message_and_the_wizard_goes_on(
    qtbot: QtBot,
    ctx: AppContext,
    dialogs: FakeDialogs,
    client_file: Path,
    tmp_path: Path,
    kind: str,
) -> None:
    broken = tmp_path / "broken.xlsx"
    if kind == "truncated":
        truncated(client_file, broken)
    elif kind == "password":
        password_stub(broken)
    else:
        zip_bomb(client_file, broken)
    wizard = _open(qtbot, ctx, broken)
    status = wizard.file_page.status
    assert status.isVisible() and "broken.xlsx" in status.text()
    expected = {"truncated": "", "password": "password", "zip bomb": "zip bomb"}[kind]
    assert expected in status.text().lower()
    assert not wizard.button(ImportWizard.WizardButton.NextButton).isEnabled()
    assert dialogs.errors == []  # a clear message on the page, not a crash dialog
    _choose_file(qtbot, ctx, wizard, client_file)  # another file: the wizard is usable
    assert wizard.button(ImportWizard.WizardButton.NextButton).isEnabled()
    _next(qtbot, ctx, wizard)
    assert wizard.currentId() == ImportWizard.SHEET


def test_a_mapping_saved_as_a_profile_is_applied_again(
    qtbot: QtBot, ctx: AppContext, client_file: Path, tmp_path: Path
) -> None:
    wizard = _open(qtbot, ctx, client_file)
    _next(qtbot, ctx, wizard)
    _next(qtbot, ctx, wizard)
    page = wizard.mapping_page
    comment = page.combo_for(7)
    comment.setCurrentIndex(comment.findText("Tags"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    ask = page.findChild(QInputDialog, "importProfileName")
    assert ask is not None and ask.isVisible()
    ask.setTextValue("1С клиенты")
    ask.accept()
    wait_idle(qtbot, ctx)
    store = profile_store(ctx)
    assert store.names() == ["1С клиенты"]
    assert store.folder == tmp_path / "import-profiles"  # where the CLI keeps them too

    comment.setCurrentIndex(comment.findText("Notes"))
    assert wizard.mapping is not None and wizard.mapping.target(7) == Target(Field.NOTES)
    combo = page.profile_combo
    index = combo.findText("1С клиенты")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    wait_idle(qtbot, ctx)
    assert page.combo_for(7).currentText() == "Tags"
    assert wizard.mapping.target(7) == Target(Field.TAGS)

    again = _open(qtbot, ctx, client_file)  # the same headers: the profile applies itself
    _next(qtbot, ctx, again)
    _next(qtbot, ctx, again)
    assert again.mapping is not None and again.mapping.target(7) == Target(Field.TAGS)
    assert "1С клиенты" in again.mapping_page.profile_note.text()


def test_undo_from_the_history_restores_the_base(
    qtbot: QtBot, ctx: AppContext, dialogs: FakeDialogs, main_window: object, client_file: Path
) -> None:
    ws = ctx.ws
    ivanov_id = _existing_ivanov(ws)
    wizard = _open(qtbot, ctx, client_file)
    _walk_to_duplicates(qtbot, ctx, wizard)
    _next(qtbot, ctx, wizard)
    qtbot.waitUntil(lambda: wizard.run_page.finished)
    assert _count(ws, Person) == 4

    main_window.actions["import_history"].trigger()  # type: ignore[attr-defined]
    history = main_window.findChild(ImportHistoryDialog)  # type: ignore[attr-defined]
    assert history is not None
    wait_idle(qtbot, ctx)
    assert history.model.rowCount() == 1
    assert history.model.text(0, 1) == "clients.xlsx"
    assert history.model.text(0, 6) == "Imported"
    assert not history.undo_button.isEnabled()
    history.view.selectRow(0)
    assert history.undo_button.isEnabled()
    with qtbot.waitSignal(ctx.changed, timeout=10_000):
        qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert "3 people" in dialogs.confirms[-1] and "clients.xlsx" in dialogs.confirms[-1]
    assert _count(ws, Person) == 1 and _count(ws, Organization) == 0
    ivanov = contacts.get_person(ws, ivanov_id)
    assert [e.address for e in ivanov.emails] == ["ivanov@old.ru"]
    assert history.model.text(0, 6) == "Undone"
    assert "removed" in history.status.text()
    assert not history.undo_button.isEnabled()


def test_declining_the_undo_changes_nothing(
    qtbot: QtBot, ctx: AppContext, dialogs: FakeDialogs, client_file: Path
) -> None:
    run_import(ctx.ws, client_file)
    history = ImportHistoryDialog(ctx, None)
    qtbot.addWidget(history)
    history.show()
    wait_idle(qtbot, ctx)
    history.view.selectRow(0)
    dialogs.answers.append(False)
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert dialogs.confirms and _count(ctx.ws, Person) == 4
    assert history.model.text(0, 6) == "Imported"
    assert isinstance(history.status, QLabel) and "removed" not in history.status.text()


def test_a_file_dropped_on_the_page_is_read(
    qtbot: QtBot, ctx: AppContext, client_file: Path
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    wizard = _open(qtbot, ctx)
    page = wizard.file_page
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(client_file))])
    drop = QDropEvent(
        QPointF(page.drop.geometry().center()),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(drop)
    wait_idle(qtbot, ctx)
    assert page.path_edit.text() == str(client_file)
    assert wizard.head is not None and wizard.head.sheet == "Клиенты"
    assert wizard.button(ImportWizard.WizardButton.NextButton).isEnabled()


def test_another_header_row_chosen_by_hand_is_the_one_imported(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    # a header the detection cannot tell from data: two rows of names above the table
    path = tmp_path / "people.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [
        ["Отчёт по клиентам", "ноябрь"],
        ["Кто", "Куда звонить"],
        ["Петров Пётр", "+7 912 345-67-89"],
        ["Сидорова Анна", "+7 912 000-11-22"],
    ]:
        sheet.append(row)
    book.save(path)
    wizard = _open(qtbot, ctx, path)
    _next(qtbot, ctx, wizard)
    page = wizard.sheet_page
    assert wizard.head is not None and wizard.head.detected.header_rows == (1,)
    page.header_spin.setValue(1)  # the user points at the wrong row first …
    assert [r.label for r in page.model.rows if r.highlight is not None] == ["1"]
    page.grid.clicked.emit(page.model.index(1, 0))  # … then clicks the right one
    assert page.header_spin.value() == 2
    assert wizard.sheet_layout is not None and wizard.sheet_layout.header_rows == (2,)
    assert wizard.chosen_header is not None  # not the detected one
    _next(qtbot, ctx, wizard)
    mapping_page = wizard.mapping_page
    mapping_page.combo_for(0).setCurrentIndex(mapping_page.combo_for(0).findText("Full name"))
    mapping_page.combo_for(1).setCurrentIndex(mapping_page.combo_for(1).findText("Phone: mobile"))
    _next(qtbot, ctx, wizard)
    plan = wizard.plan
    assert plan is not None and plan.rows_read == 2
    names = [wizard.preview_page.model.text(r, 2) for r in range(2)]
    assert names == ["Петров Пётр", "Сидорова Анна"]
    _walk_to_duplicates(qtbot, ctx, wizard)
    _next(qtbot, ctx, wizard)
    qtbot.waitUntil(lambda: wizard.run_page.finished)
    assert _count(ctx.ws, Person) == 2
    assert [p.e164 for p in _person(ctx.ws, "Сидорова Анна").phones] == ["+79120001122"]


@pytest.mark.parametrize("view", ["import-mapping", "import-result", "import-history"])
def test_the_screenshot_views_render_without_writing(
    qapp: object, tmp_path: Path, view: str
) -> None:
    from PySide6.QtGui import QImage

    from crm_desktop.config import AppPaths
    from crm_desktop.gui.screenshot import take
    from crm_desktop.services.importing import list_imports

    base = tmp_path / "demo.sqlite3"
    Workspace.open(str(base), paths=AppPaths.resolve(tmp_path / "data"), create=True).close()
    out = tmp_path / f"{view}.png"
    assert take(view, out, db=str(base), data_dir=str(tmp_path / "data"), language="en") == ""
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 800 and image.height() >= 400
    ws = Workspace.open(str(base), paths=AppPaths.resolve(tmp_path / "data"))
    try:
        assert _count(ws, Person) == 0 and list_imports(ws) == []
    finally:
        ws.close()


def test_another_sheet_is_chosen_and_only_it_is_imported(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "branches.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Москва"
    for row in [["ФИО", "Телефон"], ["Петров Пётр", "+7 495 100-20-30"]]:
        first.append(row)
    second = book.create_sheet("Казань")
    for row in [["ФИО", "Телефон"], ["Галиев Ринат", "+7 843 200-10-10"], ["Исаева Лейла", ""]]:
        second.append(row)
    book.save(path)
    wizard = _open(qtbot, ctx, path)
    assert "2 sheets" in wizard.file_page.status.text()
    _next(qtbot, ctx, wizard)
    page = wizard.sheet_page
    assert page.sheet_combo.isVisible() and page.sheet_combo.currentText() == "Москва"
    page.sheet_combo.setCurrentText("Казань")
    wait_idle(qtbot, ctx)
    assert wizard.head is not None and wizard.head.sheet == "Казань"
    assert page.model.text(1, 0) == "Галиев Ринат"
    _walk_to_duplicates(qtbot, ctx, wizard)
    _next(qtbot, ctx, wizard)
    qtbot.waitUntil(lambda: wizard.run_page.finished)
    assert _count(ctx.ws, Person) == 2
    assert search(ctx.ws, "Петров") == []


def test_the_date_order_chosen_on_the_mapping_page_is_used(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    from datetime import date

    path = tmp_path / "birthdays.csv"
    path.write_text("ФИО;Телефон;День рождения\nПетров Пётр;+7 912 345-67-89;05/06/1980\n")
    wizard = _open(qtbot, ctx, path)
    _next(qtbot, ctx, wizard)
    _next(qtbot, ctx, wizard)
    dates = wizard.mapping_page.dates
    assert dates.currentData() is None  # read as the values show
    dates.setCurrentIndex(dates.findData(False))
    dates.activated.emit(dates.currentIndex())
    assert wizard.mapping is not None and wizard.mapping.day_first is False
    _walk_to_duplicates(qtbot, ctx, wizard)
    _next(qtbot, ctx, wizard)
    qtbot.waitUntil(lambda: wizard.run_page.finished)
    assert _person(ctx.ws, "Петров Пётр").birthday == date(1980, 5, 6)


def test_group_headings_of_a_report_can_become_tags(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    path = _xlsx_plain(
        tmp_path / "grouped.xlsx",
        [
            ["ФИО", "Телефон", "Город"],
            ["Оптовые клиенты:"],
            ["Петров Пётр", "+7 912 345-67-89", "Москва"],
            ["Розница:"],
            ["Сидорова Анна", "+7 912 000-11-22", "Казань"],
        ],
    )
    wizard = _open(qtbot, ctx, path)
    _next(qtbot, ctx, wizard)
    _next(qtbot, ctx, wizard)
    page = wizard.mapping_page
    assert page.groups.isVisible() and "Оптовые клиенты" in page.groups_label.text()
    index = page.groups.findText("Tags")
    page.groups.setCurrentIndex(index)
    page.groups.activated.emit(index)
    assert wizard.mapping is not None and wizard.mapping.group_target == Target(Field.TAGS)
    _walk_to_duplicates(qtbot, ctx, wizard)
    _next(qtbot, ctx, wizard)
    qtbot.waitUntil(lambda: wizard.run_page.finished)
    petrov, sidorova = _person(ctx.ws, "Петров Пётр"), _person(ctx.ws, "Сидорова Анна")
    assert any("Оптовые клиенты" in t for t in petrov.tags)
    assert any("Розница" in t for t in sidorova.tags)


def _xlsx_plain(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_problems_are_told_in_the_language_of_the_program(
    qtbot: QtBot, ctx: AppContext, client_file: Path
) -> None:
    ctx.ws.settings.language = "ru"
    wizard = _open(qtbot, ctx, client_file)
    while wizard.currentId() < ImportWizard.PREVIEW:
        _next(qtbot, ctx, wizard)
    model = wizard.preview_page.model
    rows = {model.text(r, 0): r for r in range(model.rowCount())}
    assert "неверный номер телефона (слишком короткий)" in model.rows[rows["8"]].tooltip
    assert "импортировать нечего" in model.rows[rows["7"]].tooltip
    _walk_to_duplicates(qtbot, ctx, wizard)
    _next(qtbot, ctx, wizard)  # Import
    qtbot.waitUntil(lambda: wizard.run_page.finished)
    reasons = {_cell(wizard, r, 0) + ":" + _cell(wizard, r, 2): _cell(wizard, r, 3)
               for r in range(wizard.run_page.model.rowCount())}  # fmt: skip
    assert "неверный адрес e-mail" in reasons["8:Email"]
    assert "«volkov@@mail»" in reasons["8:Email"]


def test_every_sheet_is_imported_at_once_each_by_its_own_headers(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "branches.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Москва"
    for row in [["ФИО", "Телефон"], ["Петров Пётр", "+7 495 100-20-30"]]:
        first.append(row)
    second = book.create_sheet("Казань")  # other columns, in another order
    for row in [
        ["Телефон", "Фамилия", "Имя", "Компания"],
        ["+7 843 200-10-10", "Галиев", "Ринат", "ООО «Казань-Опт»"],
        ["", "", "", ""],
        ["610-96-48", "Сидоров", "", ""],  # no area code: flagged, kept as typed
    ]:
        second.append(row)
    book.save(path)
    wizard = _open(qtbot, ctx, path)
    _next(qtbot, ctx, wizard)
    page = wizard.sheet_page
    assert page.all_sheets.isVisible() and "2 sheets" in page.all_sheets.text()
    qtbot.mouseClick(page.all_sheets, Qt.MouseButton.LeftButton)
    assert not page.sheet_combo.isEnabled() and not page.header_spin.isEnabled()
    _next(qtbot, ctx, wizard)  # straight to the preview: no mapping page for many sheets
    assert wizard.currentId() == ImportWizard.PREVIEW
    assert wizard.plan is not None and wizard.plan.sheets == ("Москва", "Казань")
    model = wizard.preview_page.model
    labels = {model.text(r, 0): model.text(r, 2) for r in range(model.rowCount())}
    assert labels["Москва!2"] == "Петров Пётр" and labels["Казань!2"] == "Галиев Ринат"
    _next(qtbot, ctx, wizard)
    _next(qtbot, ctx, wizard)  # Import
    qtbot.waitUntil(lambda: wizard.run_page.finished)
    assert _count(ctx.ws, Person) == 3 and _count(ctx.ws, Organization) == 1
    galiev = _person(ctx.ws, "Галиев")
    assert galiev.organization_name == "ООО «Казань-Опт»"
    rows = {_cell(wizard, r, 0) for r in range(wizard.run_page.model.rowCount())}
    assert "Казань!4" in rows
