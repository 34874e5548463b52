"""Plain data that crosses the service boundary: inputs and read models.

Services take these and return these; no ORM object leaves the service layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from crm_desktop.domain.kinds import EmailKind, EntityKind, PhoneKind


@dataclass(frozen=True, slots=True)
class PhoneInput:
    raw: str
    kind: PhoneKind = PhoneKind.OTHER
    extension: str | None = None  # overrides an extension written inside `raw`
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class EmailInput:
    address: str
    kind: EmailKind = EmailKind.WORK


@dataclass(frozen=True, slots=True)
class PhoneView:
    id: int
    kind: PhoneKind
    raw: str
    e164: str | None
    extension: str | None
    is_valid: bool
    display: str  # formatted for reading; the raw text when invalid
    comment: str | None


@dataclass(frozen=True, slots=True)
class EmailView:
    id: int
    kind: EmailKind
    address: str


@dataclass(slots=True)
class OrganizationInput:
    name: str
    inn: str | None = None
    kpp: str | None = None
    ogrn: str | None = None
    address: str | None = None
    city: str | None = None
    website: str | None = None
    industry: str | None = None
    segment: str | None = None
    source: str | None = None
    interests: str | None = None
    notes: str | None = None
    is_key_client: bool = False
    owner_id: int | None = None
    phones: list[PhoneInput] = field(default_factory=list)
    emails: list[EmailInput] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PersonInput:
    """A person; give the name parts, or only `full_name` to have it split."""

    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    full_name: str = ""
    organization_id: int | None = None
    position: str | None = None
    department: str | None = None
    inn: str | None = None
    address: str | None = None
    city: str | None = None
    website: str | None = None
    segment: str | None = None
    source: str | None = None
    interests: str | None = None
    notes: str | None = None
    is_key_client: bool = False
    owner_id: int | None = None
    phones: list[PhoneInput] = field(default_factory=list)
    emails: list[EmailInput] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    birthday: date | None = None


@dataclass(frozen=True, slots=True)
class PersonSummary:
    id: int
    full_name: str
    position: str | None
    organization_id: int | None


@dataclass(frozen=True, slots=True)
class OrganizationCard:
    id: int
    name: str
    legal_form: str | None
    inn: str | None
    kpp: str | None
    ogrn: str | None
    address: str | None
    city: str | None
    website: str | None
    industry: str | None
    segment: str | None
    source: str | None
    interests: str | None
    notes: str | None
    is_key_client: bool
    owner_id: int | None
    phones: tuple[PhoneView, ...]
    emails: tuple[EmailView, ...]
    tags: tuple[str, ...]
    persons: tuple[PersonSummary, ...]
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@dataclass(frozen=True, slots=True)
class PersonCard:
    id: int
    full_name: str
    last_name: str
    first_name: str
    middle_name: str
    organization_id: int | None
    organization_name: str | None
    position: str | None
    department: str | None
    inn: str | None
    address: str | None
    city: str | None
    website: str | None
    segment: str | None
    source: str | None
    interests: str | None
    notes: str | None
    is_key_client: bool
    owner_id: int | None
    phones: tuple[PhoneView, ...]
    emails: tuple[EmailView, ...]
    tags: tuple[str, ...]
    birthday: date | None
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@dataclass(frozen=True, slots=True)
class TrashItem:
    kind: EntityKind
    id: int
    title: str
    deleted_at: datetime


@dataclass(frozen=True, slots=True)
class MatchReason:
    """Why a record looks like a duplicate: 'phone', 'email', 'inn' or 'name'."""

    field: str
    value: str


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    kind: EntityKind
    id: int
    title: str
    reasons: tuple[MatchReason, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: EntityKind
    id: int
    title: str
    subtitle: str
    match: str  # 'phone', 'email', 'inn', 'name', 'phone_fragment', ...
    exact: bool


@dataclass(frozen=True, slots=True)
class MergeField:
    """One row of the merge dialog: a card field and both records' values as text."""

    name: str  # as in contacts.snapshot(): 'full_name', 'city', 'inn', ... and 'birthday'
    survivor_value: str | None
    other_value: str | None
    default: str = "survivor"  # the side `merge` takes when no choice is given: or 'other'


@dataclass(frozen=True, slots=True)
class MergePreview:
    kind: EntityKind
    survivor_id: int
    other_id: int
    survivor_title: str
    other_title: str
    fields: tuple[MergeField, ...]
    phones: tuple[str, ...]  # what the survivor will have (display text)
    emails: tuple[str, ...]
    tags: tuple[str, ...]
    moved: dict[str, int]  # 'deals', 'activities', 'notes', 'persons', 'key_dates', ...
    survivor_version: int  # give both to merge(expected_versions=...)
    other_version: int


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """A merge in the "undo merge" list."""

    id: int  # the change set
    title: str  # 'Иванов Иван ← Иванов И. П.'
    at: datetime
    status: str  # 'done' or 'undone'
