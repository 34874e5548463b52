"""Users, passwords and the team-mode switch, on every engine."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import AuditAction, EntityKind, Role
from crm_desktop.errors import (
    AccessDeniedError,
    AuthenticationError,
    ConcurrentEditError,
    ValidationError,
)
from crm_desktop.services import audit, passwords, users
from crm_desktop.services.users import UserInput
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import User


def _hash_of(ws: Workspace, user_id: int) -> str | None:
    with ws.read() as uow:
        return uow.session.scalar(sa.select(User.password_hash).where(User.id == user_id))


def test_create_edit_block_and_reset_password(ws: Workspace) -> None:
    anna = users.create_user(
        ws, UserInput(" Anna ", "Анна  Петрова", Role.MANAGER, email="anna@firm.ru"), "s3cret-pass"
    )
    assert (anna.login, anna.display_name, anna.role, anna.is_active) == (
        "anna",
        "Анна Петрова",
        Role.MANAGER,
        True,
    )
    stored = _hash_of(ws, anna.id)
    assert stored is not None and stored.startswith("$argon2id$")
    assert "s3cret-pass" not in stored
    assert passwords.verify_password(stored, "s3cret-pass")

    changed = users.update_user(
        ws,
        anna.id,
        UserInput("anna", "Анна Сергеевна", Role.ASSISTANT, may_export=True),
        expected_version=anna.version,
    )
    assert (changed.display_name, changed.role) == ("Анна Сергеевна", Role.ASSISTANT)
    with pytest.raises(ConcurrentEditError):
        users.update_user(ws, anna.id, UserInput("anna", "X"), expected_version=anna.version)

    blocked = users.set_active(ws, anna.id, False)
    assert not blocked.is_active
    assert [u.login for u in users.list_users(ws, include_blocked=False)] == ["owner"]

    users.set_password(ws, anna.id, "another-pass")
    assert passwords.verify_password(_hash_of(ws, anna.id), "another-pass")
    assert not passwords.verify_password(_hash_of(ws, anna.id), "s3cret-pass")

    log = audit.record_history(ws, EntityKind.USER, anna.id)
    fields = [(r.action, r.field, r.old_text, r.new_text) for r in reversed(log)]
    assert (AuditAction.CREATE, "login", "", "anna") in fields
    assert (AuditAction.UPDATE, "role", "Manager", "Assistant") in fields
    assert (AuditAction.UPDATE, "is_active", "yes", "no") in fields
    assert fields.count((AuditAction.UPDATE, "password", "", "(set)")) == 1
    assert all("pass" not in (r.new_value or "") for r in log)  # never the password


@pytest.mark.parametrize(
    ("login", "password", "message"),
    [
        ("", "long-enough", "Enter a login."),
        ("two words", "long-enough", "A login cannot contain spaces."),
        ("boris", "short", "The password is too short: use at least 8 characters."),
        ("boris", "        ", "Enter a password."),
        ("boris", "BORIS", "The password is too short: use at least 8 characters."),
        ("borisboris", "BorisBoris", "The password cannot be the same as the login."),
        ("boris", "x" * 300, "The password is too long: use at most 256 characters."),
    ],
)
def test_bad_input_is_refused_clearly(
    ws: Workspace, login: str, password: str, message: str
) -> None:
    with pytest.raises(ValidationError) as err:
        users.create_user(ws, UserInput(login, "Борис"), password)
    assert err.value.message == message
    assert len(users.list_users(ws)) == 1  # nothing saved


def test_logins_are_unique_whatever_the_case(ws: Workspace) -> None:
    users.create_user(ws, UserInput("Boris", "Борис"), "long-enough")
    with pytest.raises(ValidationError, match="already taken") as err:
        users.create_user(ws, UserInput("BORIS", "Другой Борис"), "long-enough")
    assert err.value.field == "login"


def test_the_last_active_admin_stays(ws: Workspace) -> None:
    owner = users.list_users(ws)[0]
    assert owner.role is Role.ADMIN
    demote = UserInput(owner.login, owner.display_name, Role.MANAGER)
    with pytest.raises(ValidationError, match="last active administrator"):
        users.update_user(ws, owner.id, demote)
    with pytest.raises(ValidationError, match="cannot block yourself"):
        users.set_active(ws, owner.id, False)
    second = users.create_user(ws, UserInput("chief", "Шеф", Role.ADMIN), "long-enough")
    users.update_user(ws, owner.id, demote)  # another admin exists now
    with pytest.raises(ValidationError, match="last active administrator"):
        users.update_user(ws, second.id, UserInput("chief", "Шеф", Role.MANAGER))


def test_team_mode_needs_the_admins_login_and_password(ws: Workspace) -> None:
    assert not users.is_team_mode(ws)
    with pytest.raises(ValidationError, match="too short"):
        users.enable_team_mode(ws, "boss", "short")
    assert not users.is_team_mode(ws)
    admin = users.enable_team_mode(ws, "Boss", "boss-password", "Иван Начальник")
    assert users.is_team_mode(ws)
    assert (admin.login, admin.display_name, admin.has_password) == (
        "boss",
        "Иван Начальник",
        True,
    )
    with pytest.raises(ValidationError, match="already on"):
        users.enable_team_mode(ws, "boss", "boss-password")
    users.disable_team_mode(ws)
    assert not users.is_team_mode(ws)
    log = audit.record_history(ws, EntityKind.USER, admin.id)
    assert [(r.field, r.old_text, r.new_text) for r in log if r.field == "team_mode"] == [
        ("team_mode", "on", "off"),
        ("team_mode", "off", "on"),
    ]


def test_own_password_needs_the_old_one(ws: Workspace) -> None:
    users.enable_team_mode(ws, "boss", "boss-password")
    with pytest.raises(ValidationError, match="current password is wrong"):
        users.change_own_password(ws, "wrong-one", "new-password")
    users.change_own_password(ws, "boss-password", "new-password")
    assert ws.user_id is not None
    assert passwords.verify_password(_hash_of(ws, ws.user_id), "new-password")


def test_in_team_mode_only_an_administrator_manages_users(ws: Workspace) -> None:
    users.enable_team_mode(ws, "boss", "boss-password")
    assert ws.team_mode and ws.user is not None and ws.user.login == "boss"
    anna = users.create_user(ws, UserInput("anna", "Анна", Role.MANAGER), "anna-password")
    ws.sign_out()
    ws.sign_in("ANNA", "anna-password")
    assert ws.user is not None and ws.user.id == anna.id
    assert {u.login for u in users.list_users(ws)} == {"boss", "anna"}
    with pytest.raises(AccessDeniedError, match="administrator"):
        users.create_user(ws, UserInput("eve", "Ева"), "eve-password")
    with pytest.raises(AccessDeniedError):
        users.set_password(ws, anna.id - 1, "hijacked-pass")
    with pytest.raises(AccessDeniedError):
        users.update_user(ws, anna.id, UserInput("anna", "Анна", Role.ADMIN))
    with pytest.raises(AccessDeniedError):
        users.disable_team_mode(ws)
    with pytest.raises(AccessDeniedError):
        audit.query_log(ws)
    users.change_own_password(ws, "anna-password", "anna-new-pass")  # her own: yes
    ws.sign_out()
    ws.sign_in("anna", "anna-new-pass")
    ws.sign_out()
    ws.sign_in("boss", "boss-password")
    users.set_active(ws, anna.id, False)
    with pytest.raises(AuthenticationError):
        ws.sign_in("anna", "anna-new-pass")
    users.disable_team_mode(ws)
    assert not ws.team_mode
