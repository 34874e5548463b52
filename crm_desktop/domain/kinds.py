"""Enumerations shared by every layer. Values are stored in the database as text."""

from __future__ import annotations

from enum import StrEnum


class EntityKind(StrEnum):
    ORGANIZATION = "organization"
    PERSON = "person"
    DEAL = "deal"
    ACTIVITY = "activity"
    NOTE = "note"
    COMPETITOR = "competitor"
    USER = "user"
    PIPELINE = "pipeline"
    STAGE = "stage"


class StageKind(StrEnum):
    """Won and lost are kinds of stage, not names: renaming a stage changes nothing."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"


class ActivityKind(StrEnum):
    CALL_IN = "call_in"
    CALL_OUT = "call_out"
    EMAIL = "email"
    FAX = "fax"
    LETTER = "letter"
    MEETING_PRESENTATION = "meeting_presentation"
    MEETING_NEGOTIATION = "meeting_negotiation"
    TODO = "todo"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    ASSISTANT = "assistant"
    READ_ONLY = "read_only"


class PhoneKind(StrEnum):
    MOBILE = "mobile"
    WORK = "work"
    HOME = "home"
    FAX = "fax"
    OTHER = "other"


class EmailKind(StrEnum):
    WORK = "work"
    PERSONAL = "personal"
    OTHER = "other"


class KeyDateKind(StrEnum):
    BIRTHDAY = "birthday"
    COMPANY_ANNIVERSARY = "company_anniversary"
    OTHER = "other"


class CustomFieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"
    CHOICE = "choice"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    TRASH = "trash"
    RESTORE = "restore"
    DELETE = "delete"
    MERGE = "merge"
    IMPORT = "import"
    UNDO = "undo"
    HANDOVER = "handover"


class ChangeSetKind(StrEnum):
    """An undoable multi-record operation."""

    IMPORT = "import"
    MERGE = "merge"
    HANDOVER = "handover"
    BULK_EDIT = "bulk_edit"


class ChangeSetStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    UNDONE = "undone"


class ChangeAction(StrEnum):
    """What an undoable operation did to one record."""

    CREATED = "created"
    UPDATED = "updated"
    MERGED_AWAY = "merged_away"
    DELETED = "deleted"
