"""Users of a team base and the team-mode switch.

Solo mode (the default) has one implicit administrator and no sign-in. An
administrator switches team mode on by giving that administrator a login and a
password first; from then on everyone signs in. Only an administrator manages
users and switches team mode off again. The base always keeps at least one active
administrator: the last one cannot be blocked or given another role.

Logins are compared case-insensitively and stored in lower case. Passwords are
stored as Argon2id hashes (`services.passwords`), never in plain text; the audit
log records that a password was set, never the password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from crm_desktop.domain.kinds import AuditAction, EntityKind, Role
from crm_desktop.errors import AccessDeniedError, NotFoundError, ValidationError, check_version
from crm_desktop.services import passwords
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import User
from crm_desktop.storage.uow import UnitOfWork

TEAM_MODE_KEY = "team_mode"
MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
MAX_PASSWORD_LENGTH = 256
MAX_LOGIN_LENGTH = 100
MAX_NAME_LENGTH = 255
PASSWORD_MARK = "(set)"  # what the audit log shows for a password change

ROLE_NAMES = {
    Role.ADMIN: "Administrator",
    Role.MANAGER: "Manager",
    Role.ASSISTANT: "Assistant",
    Role.READ_ONLY: "Read-only",
}

# the fields of a user the audit log compares, in the order a dialog shows them
_AUDITED = ("login", "display_name", "role", "email", "is_active", "may_export")


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    login: str
    display_name: str
    role: Role
    is_active: bool
    may_export: bool
    email: str | None
    has_password: bool
    last_login_at: datetime | None
    version: int

    @property
    def name(self) -> str:
        return self.display_name or self.login


@dataclass(frozen=True, slots=True)
class UserInput:
    login: str
    display_name: str
    role: Role = Role.MANAGER
    is_active: bool = True
    may_export: bool = True
    email: str | None = None


# ---------------------------------------------------------------- rules


def clean_login(text: str) -> str:
    """The login as stored: trimmed, lower case; refuses blanks, spaces and long ones."""
    login = (text or "").strip().lower()
    if not login:
        raise ValidationError("Enter a login.", field="login")
    if any(ch.isspace() for ch in login):
        raise ValidationError("A login cannot contain spaces.", field="login")
    if len(login) > MAX_LOGIN_LENGTH:
        raise ValidationError(
            f"A login can be at most {MAX_LOGIN_LENGTH} characters long.", field="login"
        )
    return login


def check_password(password: str, login: str = "") -> None:
    """Refuse a password that is too short, too long, blank or the login itself."""
    if not password or not password.strip():
        raise ValidationError("Enter a password.", field="password")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"The password is too short: use at least {MIN_PASSWORD_LENGTH} characters.",
            field="password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(
            f"The password is too long: use at most {MAX_PASSWORD_LENGTH} characters.",
            field="password",
        )
    if login and password.strip().lower() == login.strip().lower():
        raise ValidationError("The password cannot be the same as the login.", field="password")


def _clean_name(text: str, login: str) -> str:
    name = " ".join((text or "").split())
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            f"A name can be at most {MAX_NAME_LENGTH} characters long.", field="display_name"
        )
    return name or login


def _clean_email(text: str | None) -> str | None:
    email = (text or "").strip()
    if not email:
        return None
    if "@" not in email or " " in email or len(email) > MAX_NAME_LENGTH:
        raise ValidationError(f"“{email}” is not an email address.", field="email")
    return email


# ---------------------------------------------------------------- reading


def _view(user: User) -> UserView:
    return UserView(
        id=user.id,
        login=user.login,
        display_name=user.display_name,
        role=user.role,
        is_active=user.is_active,
        may_export=user.role is Role.ADMIN or user.may_export,
        email=user.email,
        has_password=bool(user.password_hash),
        last_login_at=user.last_login_at,
        version=user.version,
    )


def is_team_mode(ws: Workspace) -> bool:
    """As the base says now (another desktop may have switched it); `ws.team_mode` is
    what this workspace read at open (it works signed out, this does not)."""
    with ws.read() as uow:
        return _team_mode(uow)


def _team_mode(uow: UnitOfWork) -> bool:
    return uow.references.setting(TEAM_MODE_KEY) == "1"


def list_users(ws: Workspace, *, include_blocked: bool = True) -> list[UserView]:
    """Everyone, administrators first, then by name (anyone may see who is who)."""
    with ws.read() as uow:
        users = [_view(u) for u in uow.references.users()]
    if not include_blocked:
        users = [u for u in users if u.is_active]
    order = list(Role)
    return sorted(users, key=lambda u: (not u.is_active, order.index(u.role), u.name.lower()))


def get_user(ws: Workspace, user_id: int) -> UserView:
    with ws.read() as uow:
        return _view(uow.references.user(user_id))


# ---------------------------------------------------------------- rights


def _acting(uow: UnitOfWork) -> User | None:
    return uow.session.get(User, uow.user_id) if uow.user_id is not None else None


def _require_admin(uow: UnitOfWork, what: str) -> User | None:
    """Solo mode: the one user may do anything. Team mode: only an active administrator."""
    if not _team_mode(uow):
        return _acting(uow)
    me = _acting(uow)
    if me is None or not me.is_active or me.role is not Role.ADMIN:
        raise AccessDeniedError(f"Only an administrator can {what}.")
    return me


def _active_admins(uow: UnitOfWork, *, besides: int | None = None) -> int:
    stmt = sa.select(sa.func.count(User.id)).where(
        User.role == Role.ADMIN, User.is_active.is_(True)
    )
    if besides is not None:
        stmt = stmt.where(User.id != besides)
    return int(uow.session.scalar(stmt) or 0)


def _login_taken(uow: UnitOfWork, login: str, besides: int | None) -> bool:
    stmt = sa.select(User.id).where(sa.func.lower(User.login) == login)
    if besides is not None:
        stmt = stmt.where(User.id != besides)
    return uow.session.scalar(stmt.limit(1)) is not None


# ---------------------------------------------------------------- writing


def _snapshot(user: User) -> dict[str, str | None]:
    values: dict[str, object] = {
        "login": user.login,
        "display_name": user.display_name,
        "role": user.role.value,
        "email": user.email,
        "is_active": user.is_active,
        "may_export": user.may_export,
    }
    return {k: None if v is None else str(v) for k, v in values.items()}


def _diff(
    before: dict[str, str | None], after: dict[str, str | None]
) -> list[tuple[str, str | None, str | None]]:
    return [(k, before.get(k), after.get(k)) for k in _AUDITED if before.get(k) != after.get(k)]


def _apply(uow: UnitOfWork, user: User, data: UserInput) -> None:
    login = clean_login(data.login)
    if _login_taken(uow, login, user.id):
        raise ValidationError(f"The login “{login}” is already taken.", field="login")
    user.login = login
    user.display_name = _clean_name(data.display_name, login)
    user.email = _clean_email(data.email)
    user.role = Role(data.role)
    user.is_active = data.is_active
    user.may_export = data.may_export


def _guard_last_admin(uow: UnitOfWork, user: User, data: UserInput) -> None:
    was_admin = user.role is Role.ADMIN and user.is_active
    stays_admin = data.role is Role.ADMIN and data.is_active
    if was_admin and not stays_admin and _active_admins(uow, besides=user.id) == 0:
        what = "blocked" if not data.is_active else "given another role"
        raise ValidationError(
            f"{user.display_name or user.login} is the last active administrator and "
            f"cannot be {what}. Make someone else an administrator first.",
            field="is_active" if not data.is_active else "role",
        )


def create_user(ws: Workspace, data: UserInput, password: str) -> UserView:
    """A new user with a password (at least `MIN_PASSWORD_LENGTH` characters)."""
    with ws.write() as uow:
        _require_admin(uow, "add users")
        user = User(login="", display_name="")
        _apply(uow, user, data)
        check_password(password, user.login)
        user.password_hash = passwords.hash_password(password)
        uow.session.add(user)
        uow.flush()
        changes = _diff({}, _snapshot(user))
        changes.append(("password", None, PASSWORD_MARK))
        uow.audit.record(AuditAction.CREATE, EntityKind.USER, user.id, changes)
        uow.commit()
        return _view(user)


def update_user(
    ws: Workspace, user_id: int, data: UserInput, *, expected_version: int | None = None
) -> UserView:
    """Change login, name, role, email, blocked state or the export right."""
    with ws.write() as uow:
        me = _require_admin(uow, "change users")
        user = uow.references.user(user_id)
        check_version(user.version, expected_version, "user")
        if me is not None and me.id == user.id and not data.is_active:
            raise ValidationError("You cannot block yourself.", field="is_active")
        _guard_last_admin(uow, user, data)
        before = _snapshot(user)
        _apply(uow, user, data)
        changes = _diff(before, _snapshot(user))
        if changes:
            uow.flush()
            uow.audit.record(AuditAction.UPDATE, EntityKind.USER, user.id, changes)
        uow.commit()
        view = _view(user)
    if view.id == ws.user_id:
        ws.refresh_identity()  # my own role or name changed
    return view


def set_active(ws: Workspace, user_id: int, active: bool) -> UserView:
    """Block (`active` False) or unblock a user; a blocked user cannot sign in."""
    user = get_user(ws, user_id)
    data = UserInput(
        login=user.login,
        display_name=user.display_name,
        role=user.role,
        is_active=active,
        may_export=user.may_export,
        email=user.email,
    )
    return update_user(ws, user_id, data, expected_version=user.version)


def set_password(ws: Workspace, user_id: int, password: str) -> None:
    """An administrator sets (resets) anyone's password."""
    with ws.write() as uow:
        _require_admin(uow, "set other users' passwords")
        user = uow.references.user(user_id)
        check_password(password, user.login)
        _store_password(uow, user, password)
        uow.commit()


def change_own_password(ws: Workspace, old_password: str, new_password: str) -> None:
    """The signed-in user changes his own password, proving the old one."""
    with ws.write() as uow:
        me = _acting(uow)
        if me is None:
            raise AccessDeniedError("Sign in to change your password.")
        if me.password_hash and not passwords.verify_password(me.password_hash, old_password):
            raise ValidationError("The current password is wrong.", field="old_password")
        check_password(new_password, me.login)
        # Core, not the ORM: users are the administrator's to change, this one row apart
        uow.session.execute(
            sa.update(User)
            .where(User.id == me.id)
            .values(password_hash=passwords.hash_password(new_password), version=User.version + 1)
            .execution_options(synchronize_session=False)
        )
        uow.audit.record(
            AuditAction.UPDATE, EntityKind.USER, me.id, [("password", None, PASSWORD_MARK)]
        )
        uow.commit()


def _store_password(uow: UnitOfWork, user: User, password: str) -> None:
    user.password_hash = passwords.hash_password(password)
    uow.flush()
    uow.audit.record(
        AuditAction.UPDATE, EntityKind.USER, user.id, [("password", None, PASSWORD_MARK)]
    )


# ---------------------------------------------------------------- team mode


def enable_team_mode(
    ws: Workspace, login: str, password: str, display_name: str | None = None
) -> UserView:
    """Switch team mode on: the current administrator gets `login` and `password` first,
    so that someone can sign in afterwards."""
    with ws.write() as uow:
        if _team_mode(uow):
            raise ValidationError("Team mode is already on.")
        me = _acting(uow)
        if me is None or me.role is not Role.ADMIN or not me.is_active:
            raise AccessDeniedError("Only an administrator can switch team mode on.")
        before = _snapshot(me)
        clean = clean_login(login)
        if _login_taken(uow, clean, me.id):
            raise ValidationError(f"The login “{clean}” is already taken.", field="login")
        check_password(password, clean)
        me.login = clean
        if display_name is not None and display_name.strip():
            me.display_name = _clean_name(display_name, clean)
        me.password_hash = passwords.hash_password(password)
        uow.flush()
        changes = _diff(before, _snapshot(me))
        changes.append(("password", None, PASSWORD_MARK))
        uow.audit.record(AuditAction.UPDATE, EntityKind.USER, me.id, changes)
        uow.references.set_setting(TEAM_MODE_KEY, "1")
        uow.audit.record(AuditAction.UPDATE, EntityKind.USER, me.id, [("team_mode", "0", "1")])
        uow.commit()
        view = _view(me)
    ws.refresh_identity()  # signed in as this administrator from now on
    return view


def disable_team_mode(ws: Workspace) -> None:
    """Back to solo mode (an administrator only): no sign-in, users and passwords kept."""
    with ws.write() as uow:
        if not _team_mode(uow):
            return
        me = _require_admin(uow, "switch team mode off")
        uow.references.set_setting(TEAM_MODE_KEY, "0")
        if me is not None:
            uow.audit.record(AuditAction.UPDATE, EntityKind.USER, me.id, [("team_mode", "1", "0")])
        uow.commit()
    ws.refresh_identity()


def user_name(ws: Workspace, user_id: int | None) -> str:
    if user_id is None:
        return ""
    try:
        return get_user(ws, user_id).name
    except NotFoundError:
        return ""
