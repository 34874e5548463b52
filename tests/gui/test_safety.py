"""Data safety in the GUI: a damaged base found on start and restored, a second
instance offered read-only, a stale lock cleared, Back up now / Restore / settings."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from crm_desktop.config import AppPaths, Settings
from crm_desktop.errors import UserError
from crm_desktop.gui.app import build_window, check_in_background, open_workspace
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.main_window import MainWindow
from crm_desktop.gui.safety import (
    BackupSettingsDialog,
    RestoreDialog,
    SafetyQuestion,
    StartUp,
    safety_of,
)
from crm_desktop.services import backups, contacts
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.dto import PersonInput
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import engine as engine_module
from crm_desktop.storage.lock import lock_path, read_lock
from tests.conftest import POSTGRES_ENV, _empty_postgres
from tests.gui.conftest import FakeDialogs, replace_text, wait_idle
from tests.storage.test_backups import _flip_byte_in_a_page
from tests.storage.test_lock import HOLDER, _write_lock


def _persons(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM persons").fetchone()[0])
    finally:
        con.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.resolve(tmp_path / "data")


@pytest.fixture
def base(tmp_path: Path, paths: AppPaths) -> Path:
    path = tmp_path / "crm.sqlite3"
    with Workspace.open(str(path), paths=paths, create=True) as ws:
        generate_demo(ws, DemoSpec(persons=40, seed=5))
    return path


Start = Callable[..., tuple[AppContext, MainWindow]]


@pytest.fixture
def start(qtbot: QtBot, tmp_path: Path, paths: AppPaths, dialogs: FakeDialogs) -> Iterator[Start]:
    """The program's start-up path (app.run without the event loop): open the base,
    build and show the window, check the base in the background."""
    contexts: list[AppContext] = []

    def started(
        base: Path, modal: Callable[[QDialog], object] | None = None
    ) -> tuple[AppContext, MainWindow]:
        questions = StartUp(str(base), paths, Settings(), modal=modal or _no_question)
        opened = open_workspace(str(base), paths, Settings(), ask_after_error=questions.ask)
        assert opened is not None
        ws, _demo = opened
        ctx = AppContext(
            ws, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat), dialogs
        )
        contexts.append(ctx)
        ctx.paths = paths
        if ws.read_only:
            ctx.set_read_only(questions.kind or "chosen", questions.reason)
        window = build_window(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        check_in_background(ctx)
        return ctx, window

    yield started
    for ctx in contexts:
        ctx.runner.cancel_all()
        ctx.runner.wait()
        ctx.ws.close()


def _no_question(dialog: QDialog) -> None:
    raise AssertionError(f"unexpected question: {dialog.windowTitle()}")


def _question(qtbot: QtBot, window: MainWindow) -> SafetyQuestion:
    found: list[SafetyQuestion] = []

    def shown() -> bool:
        found[:] = [q for q in window.findChildren(SafetyQuestion) if q.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=10_000)
    return found[0]


def test_a_flipped_byte_is_found_on_start_and_the_newest_backup_restored(
    qtbot: QtBot, base: Path, paths: AppPaths, start: Start, dialogs: FakeDialogs
) -> None:
    with Workspace.open(str(base), paths=paths) as ws:
        saved = backups.backup_now(ws)
        contacts.create_person(ws, PersonInput(full_name="Добавлен после копии"))
    assert _persons(base) == saved.main_counts["persons"] + 1
    _flip_byte_in_a_page(base)
    damaged = _digest(base)

    ctx, window = start(base)
    question = _question(qtbot, window)
    safety = safety_of(window)
    assert safety is not None
    assert ctx.ws.read_only and safety.banner.isVisible()
    assert "damaged" in safety.banner.label.text()
    assert "damaged" in question.heading.text() and "untouched" in question.text.text()
    restore = question.buttons["restore"]
    assert str(saved.main_counts["persons"]) in restore.text()
    assert _digest(base) == damaged  # nothing was written to the damaged file

    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert len(dialogs.confirms) == 1 and saved.path.name in dialogs.confirms[0]
    assert dialogs.errors == []
    assert not ctx.ws.read_only and not safety.banner.isVisible()
    assert _persons(base) == saved.main_counts["persons"]  # exactly the backup's content
    con = sqlite3.connect(f"file:{base}?mode=ro", uri=True)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    assert list(saved.path.parent.glob("*-damaged.sqlite3.aside"))  # the damaged file, kept
    contacts.create_person(ctx.ws, PersonInput(full_name="Записан после восстановления"))
    assert _persons(base) == saved.main_counts["persons"] + 1
    assert "Restored" in window.statusBar().currentMessage()


def _spawn_holder(base: Path, paths: AppPaths) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(base), str(paths.data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_a_second_instance_is_offered_read_only_and_cannot_write(
    qtbot: QtBot, base: Path, paths: AppPaths, start: Start, dialogs: FakeDialogs
) -> None:
    holder = _spawn_holder(base, paths)
    asked: list[SafetyQuestion] = []

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, SafetyQuestion)
        asked.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.mouseClick(dialog.buttons["read_only"], Qt.MouseButton.LeftButton)

    try:
        before = _digest(base)
        ctx, window = start(base, modal=answer)
        assert len(asked) == 1
        heading = asked[0].heading.text()
        assert "This base is open in CRM Desktop on" in heading
        lock = read_lock(base)
        assert lock is not None and lock.pid == holder.pid and lock.host in heading
        wait_idle(qtbot, ctx)
        safety = safety_of(window)
        assert safety is not None and ctx.ws.read_only
        assert safety.banner.isVisible() and safety.banner.button.text() == "Try again"
        assert "Read-only: it is open in CRM Desktop on" in safety.banner.label.text()

        ctx.run(
            lambda _p: contacts.create_person(ctx.ws, PersonInput(full_name="Не сохранится")),
            lambda _card: None,
        )
        wait_idle(qtbot, ctx)
        assert len(dialogs.errors) == 1
        assert "read-only" in dialogs.errors[0] and "Changes cannot be saved" in dialogs.errors[0]
        assert _digest(base) == before  # the file is unchanged

        # the other program closes the base: Try again opens it for writing
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
        qtbot.mouseClick(safety.banner.button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, ctx)
        assert not ctx.ws.read_only and not safety.banner.isVisible()
        contacts.create_person(ctx.ws, PersonInput(full_name="Теперь сохранится"))
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait(timeout=30)


def test_a_stale_lock_is_cleared_without_asking_and_the_full_check_runs(
    qtbot: QtBot, base: Path, start: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_lock(base)  # a program that died with the base open
    checks: list[bool] = []
    real = engine_module.verify_sqlite

    def spy(db: engine_module.Database, *, full: bool) -> None:
        checks.append(full)
        real(db, full=full)

    monkeypatch.setattr(engine_module, "verify_sqlite", spy)
    monkeypatch.setattr("crm_desktop.services.workspace.verify_sqlite", spy)
    ctx, window = start(base)  # _no_question: nothing is asked
    wait_idle(qtbot, ctx)
    assert checks == [True]  # integrity_check, in the background, after the crash
    assert not ctx.ws.read_only
    lock = read_lock(base)
    assert lock is not None and lock.user != "someone"
    safety = safety_of(window)
    assert safety is not None and not safety.banner.isVisible()
    # the check passed: the daily backup was made
    assert [b.kind for b in backups.list_backups(ctx.ws.backup_dir or Path(), "crm")] == ["auto"]


def test_back_up_now_and_restore_from_the_dialog(
    qtbot: QtBot, base: Path, start: Start, dialogs: FakeDialogs
) -> None:
    ctx, window = start(base)
    wait_idle(qtbot, ctx)
    folder = ctx.ws.backup_dir
    assert folder is not None
    window.actions["backup_now"].trigger()  # type: ignore[index]
    wait_idle(qtbot, ctx)
    manual = [b for b in backups.list_backups(folder, "crm") if b.kind == "manual"]
    assert len(manual) == 1 and manual[0].verified
    assert str(manual[0].path) in window.statusBar().currentMessage()
    persons = _persons(base)
    page = window.show_page("contacts")
    wait_idle(qtbot, ctx)
    shown_at_backup = page.status_label.text()  # type: ignore[attr-defined]
    contacts.create_person(ctx.ws, PersonInput(full_name="Лишний Человек"))
    contacts.create_person(ctx.ws, PersonInput(full_name="Ещё Один"))
    ctx.notify(Changes.everything())
    wait_idle(qtbot, ctx)
    assert page.status_label.text() != shown_at_backup  # type: ignore[attr-defined]

    window.actions["restore_backup"].trigger()  # type: ignore[index]
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None
    wait_idle(qtbot, ctx)
    table = dialog.table
    assert table.rowCount() == 2  # newest first: the manual one, then the daily one
    kinds = [table.item(r, 1).text() for r in range(2)]
    assert kinds == ["Manual", "Daily"]
    assert table.item(0, 3).text() == str(persons) and table.item(0, 6).text() == "✓"
    table.clearSelection()
    assert not dialog.restore_button.isEnabled()
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.restore_button.isEnabled()
    dialogs.answers = [False]  # first: changed my mind
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and _persons(base) == persons + 2
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert len(dialogs.confirms) == 2 and str(persons) in dialogs.confirms[1]
    assert not dialog.isVisible()
    assert _persons(base) == persons  # the backup's content
    assert not ctx.ws.read_only and dialogs.errors == []
    # the replaced base was kept as a backup too
    kept = [b for b in backups.list_backups(folder, "crm") if b.label == "before-restore"]
    assert len(kept) == 1 and kept[0].main_counts["persons"] == persons + 2
    # the views show the restored base
    assert page.status_label.text() == shown_at_backup  # type: ignore[attr-defined]


def test_backup_settings_are_saved_and_used_by_the_next_backup(
    qtbot: QtBot, base: Path, paths: AppPaths, start: Start, tmp_path: Path
) -> None:
    ctx, window = start(base)
    wait_idle(qtbot, ctx)
    window.actions["backup_settings"].trigger()  # type: ignore[index]
    dialog = window.findChild(BackupSettingsDialog)
    assert dialog is not None and dialog.isVisible()
    elsewhere = tmp_path / "usb-stick" / "crm-backups"
    replace_text(qtbot, dialog.folder, str(elsewhere))
    dialog.on_start.setChecked(False)
    dialog.manual.setValue(3)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    saved = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert saved["backup_dir"] == str(elsewhere) and saved["backup_keep_manual"] == 3
    assert saved["backup_on_start"] is False
    assert Settings.load(paths.settings_file).backup_folder(paths) == elsewhere

    window.actions["backup_now"].trigger()  # type: ignore[index]
    wait_idle(qtbot, ctx)
    made = backups.list_backups(elsewhere, "crm")
    assert len(made) == 1 and made[0].verified and made[0].kind == "manual"


def test_a_base_on_a_network_share_is_opened_read_only(
    qtbot: QtBot, base: Path, start: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A base on a network share is refused for writing; read-only is offered."""
    from crm_desktop.storage import fs

    def on_a_share(path: Path) -> None:
        raise fs.NetworkShareError(f"{path} is on a network share (cifs at /mnt/office).")

    asked: list[SafetyQuestion] = []

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, SafetyQuestion)
        asked.append(dialog)
        dialog.buttons["read_only"].click()

    monkeypatch.setattr(fs, "refuse_network_path", on_a_share)
    ctx, window = start(base, modal=answer)
    monkeypatch.undo()
    assert "PostgreSQL" in asked[0].text.text()
    wait_idle(qtbot, ctx)
    safety = safety_of(window)
    assert safety is not None and safety.banner.isVisible()
    assert "network share" in safety.banner.label.text()
    assert not safety.banner.button.isVisible()
    assert not lock_path(base).exists()  # read-only takes no lock
    with pytest.raises(UserError, match="read-only"):
        contacts.create_person(ctx.ws, PersonInput(full_name="Не сохранится"))


@pytest.mark.parametrize("damage", ["pages", "header"])
def test_a_base_too_damaged_to_open_is_restored_before_the_window(
    qtbot: QtBot, base: Path, paths: AppPaths, start: Start, damage: str
) -> None:
    with Workspace.open(str(base), paths=paths) as ws:
        saved = backups.backup_now(ws)
    data = bytearray(base.read_bytes())
    first = 4096 if damage == "pages" else 16  # keep the header (or only its magic)
    for offset in range(first, len(data), 7):
        data[offset] = (data[offset] * 31 + 7) % 256
    base.write_bytes(bytes(data))
    damaged = _digest(base)
    asked: list[SafetyQuestion] = []

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, SafetyQuestion)
        asked.append(dialog)
        dialog.buttons["restore"].click()

    ctx, _window = start(base, modal=answer)
    wait_idle(qtbot, ctx)
    assert len(asked) == 1 and "damaged" in asked[0].heading.text()
    assert not ctx.ws.read_only and _persons(base) == saved.main_counts["persons"]
    aside = list(saved.path.parent.glob("*-damaged.sqlite3.aside"))
    assert len(aside) == 1 and _digest(aside[0]) == damaged  # kept aside, untouched
    contacts.create_person(ctx.ws, PersonInput(full_name="Записан после восстановления"))


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason="needs CRM_TEST_POSTGRES_URL")
def test_postgres_back_up_now_and_restore_from_the_dialog(
    qtbot: QtBot,
    tmp_path: Path,
    paths: AppPaths,
    dialogs: FakeDialogs,
    request: pytest.FixtureRequest,
) -> None:
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    url: str = request.getfixturevalue("postgres_url")
    _empty_postgres(url)
    ws = Workspace.open(url, paths=paths, create=True)
    ctx = AppContext(ws, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat), dialogs)
    ctx.paths = paths
    try:
        for name in ("Первый Клиент", "Второй Клиент"):
            contacts.create_person(ws, PersonInput(full_name=name))
        window = build_window(ctx)
        qtbot.addWidget(window)
        window.show()
        window.actions["backup_now"].trigger()  # type: ignore[index]
        wait_idle(qtbot, ctx)
        assert dialogs.errors == []
        contacts.create_person(ctx.ws, PersonInput(full_name="Третий Лишний"))
        window.actions["restore_backup"].trigger()  # type: ignore[index]
        dialog = window.findChild(RestoreDialog)
        assert dialog is not None
        wait_idle(qtbot, ctx)
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "2"
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, ctx)
        assert dialogs.errors == [] and ctx.ws is not ws and not ctx.ws.read_only
        with ctx.ws.read() as uow:
            count = uow.session.connection().exec_driver_sql("SELECT count(*) FROM persons")
            assert count.scalar() == 2
    finally:
        ctx.runner.cancel_all()
        ctx.runner.wait()
        ctx.ws.close()
        ws.close()


@pytest.mark.parametrize("view", ["backups", "backup-settings", "locked", "damaged", "read-only"])
def test_the_safety_screenshots_render(qapp: object, base: Path, tmp_path: Path, view: str) -> None:
    from PySide6.QtGui import QImage

    from crm_desktop.gui import i18n
    from crm_desktop.gui.screenshot import take

    out = tmp_path / f"{view}.png"
    try:
        note = take(view, out, db=str(base), data_dir=str(tmp_path / "data"), language="ru")
    finally:
        i18n.install(qapp, "en")  # type: ignore[arg-type]
    assert note == ""
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 500 and image.height() >= 150
    if view == "backups":  # made at screenshot time, listed in the dialog
        assert len(backups.list_backups(tmp_path / "data" / "backups", "crm")) >= 4
