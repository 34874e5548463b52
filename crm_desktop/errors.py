"""User-facing errors, shared by every layer.

A `UserError` carries a one-line message meant for the person at the keyboard
(the CLI prints it, the GUI shows it in a dialog). Anything else that escapes
is a bug and is reported as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any


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


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One field both sides changed: its values as text when the editor opened (`base`),
    now (`theirs`) and in the editor (`mine`)."""

    name: str
    label: str
    base: str | None
    theirs: str | None
    mine: str | None


class EditConflictError(ConcurrentEditError):
    """Someone else changed the same fields differently (services/conflicts.py).

    Save `resolve(choices)` against `version`, with `theirs` as the new base."""

    def __init__(
        self,
        message: str,
        fields: tuple[FieldConflict, ...],
        *,
        version: int,
        changed_by: str | None = None,
        changed_at: datetime | None = None,
        theirs: Any = None,
        mine: Any = None,
        merged: Any = None,
        attrs: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        super().__init__(message)
        self.fields = fields
        self.version = version
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.theirs = theirs  # the input as the record is now
        self.mine = mine
        self.merged = merged  # theirs with my changes to other fields
        self.attrs = dict(attrs or {})  # field name -> the input's attributes

    def resolve(self, choices: Mapping[str, str]) -> Any:
        """The input to save next: per conflicting field 'mine' or 'theirs' (the default)."""
        updates = {
            attr: getattr(self.mine, attr)
            for name, attrs in self.attrs.items()
            if choices.get(name) == "mine"
            for attr in attrs
        }
        return replace(self.merged, **updates) if updates else self.merged


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
