"""User-facing errors, shared by every layer.

A `UserError` carries a one-line message meant for the person at the keyboard
(the CLI prints it, the GUI shows it in a dialog). Anything else that escapes
is a bug and is reported as such.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can act on: bad input, a locked or foreign file."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseError(UserError):
    """The database cannot be opened or used."""

    exit_code = 3


class NotADatabaseError(DatabaseError):
    pass


class DatabaseMissingError(DatabaseError):
    pass


class DatabaseLockedError(DatabaseError):
    exit_code = 4


class DatabaseTooNewError(DatabaseError):
    exit_code = 5


class DatabaseCorruptError(DatabaseError):
    exit_code = 6


class DatabaseReadOnlyError(DatabaseError):
    pass


class DiskFullError(DatabaseError):
    pass


class ValidationError(UserError):
    """Input that breaks a rule; `field` names the input field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(UserError):
    pass


class ConcurrentEditError(UserError):
    """The record changed since it was read (optimistic locking)."""


class AccessDeniedError(UserError):
    """The current user's role or the record's owner does not allow this action."""


class AuthenticationError(UserError):
    """Team mode: no login given, an unknown login, a wrong password or a blocked user."""


def check_version(current: int, expected: int | None, what: str = "record") -> None:
    """Optimistic locking: refuse a write over a record changed since it was read.

    `expected` None: the caller read no version (a drag of a fresh board card, a script).
    """
    if expected is not None and current != expected:
        raise ConcurrentEditError(
            f"This {what} was changed by someone else after you opened it. "
            "Reopen it to see the current version."
        )
