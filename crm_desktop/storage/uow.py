"""Unit of work: one transaction with its repositories; rolls back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crm_desktop.errors import ConcurrentEditError, UserError
from crm_desktop.storage.engine import Database, classify_error
from crm_desktop.storage.repositories import AuditRepository, ContactRepository, ReferenceRepository


class UnitOfWork:
    """``with UnitOfWork(db, write=True) as uow: …; uow.commit()``.

    A write unit starts with ``BEGIN IMMEDIATE`` on SQLite. Database errors a user
    can act on (locked, disk full, read-only) leave as `UserError`s; a record
    changed by someone else since it was read leaves as `ConcurrentEditError`.
    """

    session: Session
    contacts: ContactRepository
    references: ReferenceRepository
    audit: AuditRepository

    def __init__(
        self,
        db: Database,
        *,
        write: bool,
        user_id: int | None = None,
        guard: Callable[[Session], Callable[[], None]] | None = None,
    ) -> None:
        """`guard` binds the acting user to the session (access rights, see
        `services.access.install`) and returns what undoes that on exit; None: no
        access control."""
        self.db = db
        self.write = write
        self.user_id = user_id
        self.guard = guard
        self._release: Callable[[], None] | None = None
        self._committed = False

    def __enter__(self) -> Self:
        factory = self.db.write_sessions if self.write else self.db.read_sessions
        self.session = factory()
        if self.guard is not None:
            self._release = self.guard(self.session)
        self.contacts = ContactRepository(self.session)
        self.references = ReferenceRepository(self.session)
        self.audit = AuditRepository(self.session, self.user_id)
        self._committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()
            release = self._release
            self._release = None
            if release is not None:
                release()
        if exc is not None:
            self._reraise(exc)

    def _reraise(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            return  # already meant for the user (an access check in a flush, a validation)
        if isinstance(exc, StaleDataError):
            raise ConcurrentEditError(
                "This record was changed by someone else after you opened it. "
                "Reopen it to see the current version."
            ) from exc
        user_error = classify_error(exc, self.db.display_name)
        if user_error is not None:
            raise user_error from exc

    def flush(self) -> None:
        try:
            self.session.flush()
        except BaseException as exc:
            self._reraise(exc)
            raise

    def commit(self) -> None:
        if not self.write:
            raise RuntimeError("commit() on a read-only unit of work")
        try:
            self.session.commit()
        except BaseException as exc:
            self.session.rollback()  # a failed COMMIT leaves the transaction open
            self._reraise(exc)
            raise
        self._committed = True
