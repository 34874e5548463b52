"""The open base as the GUI and the CLI hold it: database, settings, current user."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from crm_desktop.config import AppPaths, Settings, os_user_name, resolve_database_url
from crm_desktop.domain.kinds import Role
from crm_desktop.storage.engine import Database, open_database
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
    ) -> Workspace:
        """Open (and migrate) the base named by `db`, `CRM_DATABASE_URL` or the default file."""
        paths = paths or AppPaths.resolve()
        url = resolve_database_url(db, paths)
        database = open_database(url, create=create, backup_dir=paths.backup_dir)
        ws = cls(database, settings or Settings.load(paths.settings_file), None)
        try:
            ws.user_id = ws._solo_user(create=create)
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

    def write(self) -> UnitOfWork:
        return UnitOfWork(self.db, write=True, user_id=self.user_id)

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
