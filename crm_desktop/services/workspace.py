"""The open base as the GUI and the CLI hold it: database, settings, current user."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from crm_desktop.config import AppPaths, Settings, os_user_name, resolve_database_url
from crm_desktop.domain.kinds import Role
from crm_desktop.errors import DatabaseReadOnlyError
from crm_desktop.storage.engine import (
    DamagedError,
    Database,
    Verify,
    open_database,
    read_only_message,
    verify_sqlite,
)
from crm_desktop.storage.models import User
from crm_desktop.storage.uow import UnitOfWork

SOLO_LOGIN = "owner"


class Workspace:
    """Hands out units of work; services take a workspace and return plain data."""

    def __init__(self, db: Database, settings: Settings, user_id: int | None) -> None:
        self.db = db
        self.settings = settings
        self.user_id = user_id

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
    ) -> Workspace:
        """Open (and migrate) the base named by `db`, `CRM_DATABASE_URL` or the default file.

        An SQLite base is locked for writing by this process until `close()`; another
        program gets `LockedError` (exit 4) and may pass `read_only=True` (no lock,
        writes refused with `DatabaseReadOnlyError`). `verify` is the check on open
        (see `storage.engine.open_database`).
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
            ws.user_id = ws._solo_user(create=create and not read_only)
        except BaseException:
            database.dispose()
            raise
        return ws

    def _solo_user(self, *, create: bool) -> int | None:
        """The one implicit user of solo mode (the first administrator)."""
        with self.read() as uow:
            user_id = uow.session.scalar(
                sa.select(User.id).where(User.role == Role.ADMIN).order_by(User.id).limit(1)
            )
        if user_id is not None or not create:
            return user_id
        with self.write() as uow:
            user = User(login=SOLO_LOGIN, display_name=os_user_name(), role=Role.ADMIN)
            uow.session.add(user)
            uow.commit()
            return user.id

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
        return UnitOfWork(self.db, write=False, user_id=self.user_id)

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
        return UnitOfWork(self.db, write=True, user_id=self.user_id)

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
