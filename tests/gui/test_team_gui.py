"""Team mode in the GUI, driven like a person: the administrator switches team mode on
and adds a manager; the program starts again and the manager signs in (a wrong
password first) and sees only what he may; the audit log filters; a card's
"Changes" tab shows an edit."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.config import AppPaths
from crm_desktop.domain.kinds import EntityKind, Role
from crm_desktop.gui.audit_log import AuditLogDialog, AuditModel, open_audit_log
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.login import SignInDialog
from crm_desktop.gui.users import PasswordDialog, UserDialog, UsersDialog
from crm_desktop.services import contacts, users
from crm_desktop.services.dto import OrganizationInput
from crm_desktop.services.workspace import Workspace
from tests.gui.conftest import FakeDialogs, show_window, type_text, wait_idle


def _visible(cls: type[QWidget]) -> QWidget | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]
    return found[-1] if found else None


def _top_names(window: object) -> set[str]:
    page = window.show_page("contacts")  # type: ignore[attr-defined]
    model = page.model
    return {str(model.index(r, 0).data()) for r in range(model.rowCount())}


def test_team_mode_sign_in_and_what_a_manager_sees(
    qtbot: QtBot, ctx: AppContext, gui_ws: Workspace, tmp_path: Path
) -> None:
    admin_id = gui_ws.user_id
    contacts.create_organization(gui_ws, OrganizationInput(name="ООО Ключевой", is_key_client=True))
    contacts.create_organization(gui_ws, OrganizationInput(name="ООО Общий"))

    # the administrator: Service → Users… → Switch team mode on…
    window = show_window(qtbot, ctx)
    window.actions["users"].trigger()
    dialog = _visible(UsersDialog)
    assert isinstance(dialog, UsersDialog)
    wait_idle(qtbot, ctx)
    assert not gui_ws.team_mode
    qtbot.mouseClick(dialog.team_button, Qt.MouseButton.LeftButton)
    ask = _visible(PasswordDialog)
    assert isinstance(ask, PasswordDialog)
    ask.login.clear()
    type_text(qtbot, ask.login, "boss")
    type_text(qtbot, ask.password, "short")
    type_text(qtbot, ask.repeat, "short")
    ask.buttons.accepted.emit()
    wait_idle(qtbot, ctx)
    assert ask.isVisible() and "too short" in ask.message.text()  # said on the dialog
    assert not gui_ws.team_mode
    ask.password.clear()
    ask.repeat.clear()
    type_text(qtbot, ask.password, "boss-password")
    type_text(qtbot, ask.repeat, "boss-password")
    ask.buttons.accepted.emit()
    qtbot.waitUntil(lambda: gui_ws.team_mode)
    wait_idle(qtbot, ctx)
    assert "Team mode is on" in dialog.team_label.text()
    assert window.actions["switch_user"].isVisible()

    # … and adds a manager
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = _visible(UserDialog)
    assert isinstance(form, UserDialog)
    type_text(qtbot, form.login, "anna")
    type_text(qtbot, form.display_name, "Анна Петрова")
    form.role.setCurrentIndex(form.role.findData(Role.MANAGER.value))
    type_text(qtbot, form.password, "anna-password")
    type_text(qtbot, form.repeat, "anna-password")
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: any(u.login == "anna" for u in dialog.model.rows))
    anna = next(u for u in users.list_users(gui_ws) if u.login == "anna")
    assert anna.role is Role.MANAGER and anna.has_password
    dialog.close()
    window.close()
    ctx.runner.wait()

    # the program starts again: the base is in team mode, nobody is signed in
    gui_ws.close()  # the program quits (the fixture closing it again does no harm)
    ws2 = Workspace.open(str(gui_ws.path), paths=AppPaths.resolve(tmp_path / "data"))
    try:
        assert ws2.team_mode and ws2.user is None
        ctx2 = AppContext(
            ws2, QSettings(str(tmp_path / "w2.ini"), QSettings.Format.IniFormat), FakeDialogs()
        )
        sign_in = SignInDialog(ctx2)
        qtbot.addWidget(sign_in)
        sign_in.show()
        type_text(qtbot, sign_in.login, "anna")
        type_text(qtbot, sign_in.password, "wrong-password")
        qtbot.mouseClick(sign_in.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Wrong login or password" in sign_in.message.text())
        assert sign_in.isVisible() and sign_in.message.isVisible()
        assert ws2.user is None
        sign_in.password.clear()
        type_text(qtbot, sign_in.password, "anna-password")
        with qtbot.waitSignal(sign_in.accepted, timeout=10_000):
            qtbot.mouseClick(sign_in.ok_button, Qt.MouseButton.LeftButton)
        assert ws2.user is not None and ws2.user.login == "anna"
        window2 = show_window(qtbot, ctx2)
        names = _top_names(window2)
        assert "ООО Общий" in names
        assert "ООО Ключевой" not in names  # the administrator's key client
        assert not window2.actions["users"].isEnabled()
        assert not window2.actions["audit_log"].isEnabled()
        status = window2.findChild(QWidget, "signedInUser")
        assert status is not None and "Анна Петрова" in status.text()
        window2.close()
        ctx2.runner.cancel_all()
        ctx2.runner.wait()
    finally:
        ws2.close()
    assert admin_id is not None


def test_audit_log_filters_by_user(
    qtbot: QtBot, ctx: AppContext, gui_ws: Workspace, host: QWidget
) -> None:
    contacts.create_organization(gui_ws, OrganizationInput(name="ООО Первая", city="Омск"))
    users.create_user(gui_ws, users.UserInput("anna", "Анна"), "anna-password")
    dialog = open_audit_log(ctx, host)
    qtbot.addWidget(dialog)
    wait_idle(qtbot, ctx)
    assert isinstance(dialog, AuditLogDialog)
    model = dialog.model
    kinds = {r.entity_kind for r in model.rows}
    assert kinds == {EntityKind.ORGANIZATION, EntityKind.USER}
    # only organizations
    dialog.kind.setCurrentIndex(dialog.kind.findData(EntityKind.ORGANIZATION.value))
    wait_idle(qtbot, ctx)
    assert {r.entity_kind for r in model.rows} == {EntityKind.ORGANIZATION}
    assert {model.index(r, AuditModel.FIELD).data() for r in range(model.rowCount())} >= {
        "Name",
        "City",
    }
    # by a user who did nothing
    dialog.kind.setCurrentIndex(0)
    anna_row = dialog.user.findText("Анна")
    assert anna_row > 0
    dialog.user.setCurrentIndex(anna_row)
    wait_idle(qtbot, ctx)
    assert model.rowCount() == 0
    assert "No entries" in dialog.count.text()
    dialog.user.setCurrentIndex(0)
    dialog.period.setCurrentIndex(dialog.period.findData("today"))
    wait_idle(qtbot, ctx)
    assert model.rowCount() == model.total > 0


def test_card_changes_tab_shows_an_edit(qtbot: QtBot, ctx: AppContext, gui_ws: Workspace) -> None:
    org = contacts.create_organization(gui_ws, OrganizationInput(name="ООО Ромашка", city="Москва"))
    window = show_window(qtbot, ctx)
    page = window.show_page("contacts")
    page.show_record(EntityKind.ORGANIZATION, org.id)
    wait_idle(qtbot, ctx)
    card = page.card_view
    assert card is not None
    card.history_tabs.setCurrentWidget(card.changes_view)
    wait_idle(qtbot, ctx)
    model = card.changes_view.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    assert all(r.action.value == "create" for r in model.rows)
    current = contacts.get_organization(gui_ws, org.id)
    contacts.update_organization(
        gui_ws,
        org.id,
        OrganizationInput(name="ООО Ромашка", city="Казань"),
        expected_version=current.version,
    )
    from crm_desktop.gui.context import Changes

    ctx.notify(Changes.of((EntityKind.ORGANIZATION, org.id)))
    qtbot.waitUntil(
        lambda: any(r.field == "city" and r.action.value == "update" for r in model.rows)
    )
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first[2] == "City" and first[3] == "Москва → Казань"
    # the administrator goes on to the whole log, filtered to this card
    contacts.create_organization(gui_ws, OrganizationInput(name="ООО Другая"))
    assert card.changes_view.in_log.isVisible()
    log = card.changes_view.open_in_log()
    assert log is not None
    qtbot.addWidget(log)
    wait_idle(qtbot, ctx)
    assert log.only_record.isChecked() and "ООО Ромашка" in log.only_record.text()
    assert log.model.rowCount() == len(model.rows)
    assert {r.entity_id for r in log.model.rows} == {org.id}
    log.only_record.setChecked(False)
    wait_idle(qtbot, ctx)
    assert {r.entity_id for r in log.model.rows} > {org.id}


def test_hand_over_from_the_contacts_menu(qtbot: QtBot, ctx: AppContext, gui_ws: Workspace) -> None:
    from crm_desktop.gui.users import HandoverDialog

    org = contacts.create_organization(gui_ws, OrganizationInput(name="ООО Ромашка"))
    anna = users.create_user(gui_ws, users.UserInput("anna", "Анна"), "anna-password")
    window = show_window(qtbot, ctx)
    page = window.show_page("contacts")
    wait_idle(qtbot, ctx)
    row = next(
        r for r in range(page.model.rowCount()) if page.model.index(r, 0).data() == "ООО Ромашка"
    )
    page.view.setCurrentIndex(page.model.index(row, 0))
    action = window.findChild(QAction, "handoverAction")
    menu = page.context_menu()
    assert action is not None and action in menu.actions()
    menu.deleteLater()
    action.trigger()
    dialog = _visible(HandoverDialog)
    assert isinstance(dialog, HandoverDialog)
    qtbot.waitUntil(lambda: dialog.target.findData(anna.id) >= 0)
    dialog.target.setCurrentIndex(dialog.target.findData(anna.id))
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert "1 organization" in dialog.plan_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(partial(closed_dialog, dialog))
    wait_idle(qtbot, ctx)
    card = contacts.get_organization(gui_ws, org.id)
    assert card.owner_id == anna.id
    qtbot.waitUntil(lambda: page.model.index(row, 0).siblingAtColumn(3).data() == "Анна")


def closed_dialog(dialog: QWidget) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_switch_user_reloads_for_the_new_user(
    qtbot: QtBot, ctx: AppContext, gui_ws: Workspace
) -> None:
    contacts.create_organization(gui_ws, OrganizationInput(name="ООО Ключевой", is_key_client=True))
    users.enable_team_mode(gui_ws, "boss", "boss-password", "Начальник")
    users.create_user(gui_ws, users.UserInput("anna", "Анна"), "anna-password")
    window = show_window(qtbot, ctx)
    assert "ООО Ключевой" in _top_names(window)
    status = window.findChild(QWidget, "signedInUser")
    assert status is not None and "Начальник" in status.text()
    window.actions["switch_user"].trigger()
    dialog = _visible(SignInDialog)
    assert isinstance(dialog, SignInDialog)
    type_text(qtbot, dialog.login, "anna")
    type_text(qtbot, dialog.password, "anna-password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui_ws.user is not None and gui_ws.user.login == "anna")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: "ООО Ключевой" not in _top_names(window))
    assert "Анна" in status.text()
    assert not window.actions["users"].isEnabled()
