"""The open base as the GUI and the CLI hold it: database, settings, current user."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import sqlalchemy as sa

from crm_desktop.config import AppPaths, Settings, os_user_name, resolve_database_url
from crm_desktop.domain.kinds import Role
from crm_desktop.errors import AuthenticationError, DatabaseReadOnlyError
from crm_desktop.services import access
from crm_desktop.services.access import CurrentUser
from crm_desktop.services.passwords import hash_password, needs_rehash, verify_password
from crm_desktop.storage.engine import (
    DamagedError,
    Database,
    Verify,
    open_database,
    read_only_message,
    verify_sqlite,
)
from crm_desktop.storage.models import Setting, User, utcnow
from crm_desktop.storage.uow import UnitOfWork

SOLO_LOGIN = "owner"
TEAM_MODE_KEY = "team_mode"


@cache
def _dummy_hash() -> str:
    """Checked against when the login is unknown, so that a wrong login takes as long
    as a wrong password (no telling which logins exist)."""
    return hash_password("not the password of anybody")


class Workspace:
    """Hands out units of work; services take a workspace and return plain data."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        user_id: int | None,
        *,
        user: CurrentUser | None = None,
        team_mode: bool = False,
    ) -> None:
        self.db = db
        self.settings = settings
        self.user_id = user_id
        # solo mode: the implicit administrator; team mode: the signed-in user or None
        self.user: CurrentUser | None = user
        self.team_mode = team_mode

    @classmethod
    def open(
        cls,
        db: str | None = None,
        *,
        paths: AppPaths | None = None,
        create: bool = False,
        settings: Settings | None = None,
        read_only: bool = False,
        verify: Verify = "quick",
        login: str | None = None,
        password: str | None = None,
    ) -> Workspace:
        """Open (and migrate) the base named by `db`, `CRM_DATABASE_URL` or the default file.

        An SQLite base is locked for writing by this process until `close()`; another
        program gets `LockedError` (exit 4) and may pass `read_only=True` (no lock,
        writes refused with `DatabaseReadOnlyError`). `verify` is the check on open
        (see `storage.engine.open_database`).

        Team mode (the base's setting "team_mode" = "1"): with `login` and `password`
        the user is signed in (`AuthenticationError` if they do not match); without
        them the workspace opens signed out and every `read()`/`write()` raises
        `AuthenticationError` until `sign_in`. Solo mode ignores both.
        """
        paths = paths or AppPaths.resolve()
        settings = settings or Settings.load(paths.settings_file)
        url = resolve_database_url(db, paths)
        database = open_database(
            url,
            create=create and not read_only,
            backup_dir=settings.backup_folder(paths),
            read_only=read_only,
            verify=verify,
        )
        ws = cls(database, settings, None)
        try:
            ws.team_mode = ws._read_team_mode()
            if not ws.team_mode:
                ws._set_user(ws._solo_user(create=create and not read_only))
            elif login is not None:
                ws.sign_in(login, password or "")
        except BaseException:
            database.dispose()
            raise
        return ws

    def _system_read(self) -> UnitOfWork:
        """A unit without access control: signing in, reading the mode."""
        return UnitOfWork(self.db, write=False)

    def _read_team_mode(self) -> bool:
        with self._system_read() as uow:
            row = uow.session.get(Setting, TEAM_MODE_KEY)
            return row is not None and row.value == "1"

    def _set_user(self, user: CurrentUser | None) -> None:
        self.user = user
        self.user_id = user.id if user is not None else None

    def _solo_user(self, *, create: bool) -> CurrentUser | None:
        """The one implicit user of solo mode (the first administrator)."""
        with self._system_read() as uow:
            row = uow.session.scalars(
                sa.select(User).where(User.role == Role.ADMIN).order_by(User.id).limit(1)
            ).first()
            if row is not None or not create:
                return CurrentUser.of(row) if row is not None else None
        with UnitOfWork(self.db, write=True) as uow:
            user = User(login=SOLO_LOGIN, display_name=os_user_name(), role=Role.ADMIN)
            uow.session.add(user)
            uow.commit()
            return CurrentUser.of(user)

    def sign_in(self, login: str, password: str) -> CurrentUser:
        """Team mode: check `login` and `password` and act as that user from now on.

        An unknown login, a wrong password and a blocked user all raise the same
        `AuthenticationError` (nothing tells which logins exist). Records the time of
        the sign-in (`last_login_at`); on a read-only base it is not recorded."""
        clean = (login or "").strip()
        with self._system_read() as uow:
            row = uow.session.scalars(
                sa.select(User).where(sa.func.lower(User.login) == clean.lower())
            ).first()
            stored = row.password_hash if row is not None else None
            ok = verify_password(stored or _dummy_hash(), password) and stored is not None
            if row is None or not ok or not row.is_active:
                raise AuthenticationError(access.BAD_LOGIN_MESSAGE)
            user = CurrentUser.of(row)
        if not self.db.read_only:
            with UnitOfWork(self.db, write=True) as wuow:
                db_user = wuow.session.get(User, user.id)
                if db_user is not None:
                    db_user.last_login_at = utcnow()
                    if stored and needs_rehash(stored):
                        db_user.password_hash = hash_password(password)
                    wuow.commit()
        self._set_user(user)
        return user

    def sign_out(self) -> None:
        """Team mode: forget the user (reads and writes need a new `sign_in`)."""
        if self.team_mode:
            self._set_user(None)

    def refresh_identity(self) -> None:
        """Re-read the team-mode switch and the current user's row (after an
        administrator changed the mode, a role, a right or blocked the user).

        Switching team mode on keeps the current user signed in; a user who was
        blocked or deleted meanwhile is signed out."""
        self.team_mode = self._read_team_mode()
        if self.user is None:
            if not self.team_mode:
                self._set_user(self._solo_user(create=False))
            return
        with self._system_read() as uow:
            row = uow.session.get(User, self.user.id)
            fresh = CurrentUser.of(row) if row is not None and row.is_active else None
        if fresh is None and not self.team_mode:
            fresh = self._solo_user(create=False)
        self._set_user(fresh)

    def _guard(self) -> partial[Callable[[], None]]:
        if self.team_mode and self.user is None:
            raise AuthenticationError(access.SIGN_IN_MESSAGE)
        return partial(access.install, user=self.user)

    @property
    def region(self) -> str:
        return self.settings.phone_region or "RU"

    @property
    def display_name(self) -> str:
        return self.db.display_name

    @property
    def path(self) -> Path | None:
        return self.db.path

    @property
    def backend(self) -> str:
        return self.db.backend

    def read(self) -> UnitOfWork:
        return UnitOfWork(self.db, write=False, user_id=self.user_id, guard=self._guard())

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @property
    def backup_dir(self) -> Path | None:
        return self.db.backup_dir

    def verify(self) -> None:
        """`quick_check` of an SQLite base (after a "deferred" open; the full
        `integrity_check` after an unclean exit): on damage the base turns read-only —
        nothing more is written to it — and `DamagedError` names the newest verified
        backup. A PostgreSQL server checks its own pages."""
        if self.db.path is None:
            return
        unclean = self.db.lock is not None and self.db.lock.unclean
        try:
            verify_sqlite(self.db, full=unclean)
        except DamagedError:
            self.db.read_only = True
            raise

    def write(self) -> UnitOfWork:
        if self.db.read_only:
            raise DatabaseReadOnlyError(read_only_message(self.display_name))
        guard = self._guard()
        return UnitOfWork(self.db, write=True, user_id=self.user_id, guard=guard)

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
