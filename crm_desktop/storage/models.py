"""The data model of the whole product (SQLAlchemy 2.x typed models).

Conventions:
- Money is stored as integer minor units (kopecks, cents) in `*_minor` columns:
  exact on SQLite and PostgreSQL alike, no float rounding, no Decimal warnings.
- Every timestamp is stored as UTC and comes back timezone-aware (`UTCDateTime`).
- Enumerations are stored as their text value (`StageKind.WON` -> 'won').
- Main entities carry `version` (optimistic locking through SQLAlchemy's
  `version_id_col`: an UPDATE that finds another version raises StaleDataError),
  `deleted_at` (the trash), `owner_id` (the responsible user) and audit stamps.
- Phones, emails, tags, key dates and custom values belong to either an
  organization or a person (a CHECK keeps exactly one owner).
- `search_docs` holds one folded text row per organization and person; on SQLite
  an FTS5 trigram table mirrors it through triggers, on PostgreSQL pg_trgm GIN
  indexes cover it (both created by the migration, see migrations/versions).
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from crm_desktop.domain.kinds import (
    ActivityKind,
    AuditAction,
    ChangeAction,
    ChangeSetKind,
    ChangeSetStatus,
    CustomFieldType,
    EmailKind,
    EntityKind,
    KeyDateKind,
    PhoneKind,
    Priority,
    Role,
    StageKind,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC; refuses naive datetimes on the way in."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _enum_type() -> sa.Enum:
    return sa.Enum(
        enum.Enum,
        native_enum=False,
        values_callable=lambda e: [m.value for m in e],
        length=32,
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        enum.Enum: _enum_type(),
        str: sa.String(255),
    }


Text = sa.Text


def table_of(model: type[Base]) -> sa.Table:
    """The Core table of a mapped class (typed as such, for bulk statements)."""
    table = model.__table__
    assert isinstance(table, sa.Table)
    return table


def fk(target: str, ondelete: str = "RESTRICT", *, index: bool = True) -> Any:
    return mapped_column(sa.ForeignKey(target, ondelete=ondelete), index=index)


class Stamped:
    """Creation/update stamps."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MainEntity(Stamped):
    """Owner, key-client flag, trash and optimistic-locking version."""

    version: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(index=True)

    @declared_attr
    def owner_id(cls) -> Mapped[int | None]:
        return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:
        return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr
    def deleted_by_id(cls) -> Mapped[int | None]:
        return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def _one_owner(*columns: str) -> sa.CheckConstraint:
    """Exactly one of the owner columns is set."""
    expr = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns)
    return sa.CheckConstraint(f"{expr} = 1", name="one_owner")


# --------------------------------------------------------------------------- users


class User(Stamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(sa.String(100), unique=True)
    display_name: Mapped[str]
    password_hash: Mapped[str | None] = mapped_column(Text)
    role: Mapped[Role] = mapped_column(default=Role.MANAGER)
    is_active: Mapped[bool] = mapped_column(default=True)
    # a manager may export lists and reports only with this right (migration 0003)
    may_export: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    email: Mapped[str | None]
    last_login_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Setting(Base):
    """Settings that belong to the base (company name, team mode), not to one desktop."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# ---------------------------------------------------------------- contacts


class Organization(MainEntity, Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(500))
    name_key: Mapped[str] = mapped_column(sa.String(500), index=True)
    legal_form: Mapped[str | None] = mapped_column(sa.String(20))
    inn: Mapped[str | None] = mapped_column(sa.String(12), index=True)
    kpp: Mapped[str | None] = mapped_column(sa.String(9))
    ogrn: Mapped[str | None] = mapped_column(sa.String(15))
    address: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(index=True)
    website: Mapped[str | None]
    industry: Mapped[str | None]
    segment: Mapped[str | None] = mapped_column(index=True)
    source: Mapped[str | None]
    interests: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    is_key_client: Mapped[bool] = mapped_column(default=False)
    last_contact_at: Mapped[datetime | None] = mapped_column(index=True)

    persons: Mapped[list[Person]] = relationship(back_populates="organization")
    phones: Mapped[list[Phone]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Phone.position"
    )
    emails: Mapped[list[Email]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Email.position"
    )
    tags: Mapped[list[Tag]] = relationship(secondary="organization_tags", order_by="Tag.name")


class Person(MainEntity, Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = fk("organizations.id", "SET NULL")
    last_name: Mapped[str] = mapped_column(default="")
    first_name: Mapped[str] = mapped_column(default="")
    middle_name: Mapped[str] = mapped_column(default="")
    full_name: Mapped[str] = mapped_column(sa.String(500))
    name_key: Mapped[str] = mapped_column(sa.String(500), index=True)
    position: Mapped[str | None]
    department: Mapped[str | None]
    inn: Mapped[str | None] = mapped_column(sa.String(12), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(index=True)
    website: Mapped[str | None]
    segment: Mapped[str | None] = mapped_column(index=True)
    source: Mapped[str | None]
    interests: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    is_key_client: Mapped[bool] = mapped_column(default=False)
    last_contact_at: Mapped[datetime | None] = mapped_column(index=True)

    organization: Mapped[Organization | None] = relationship(back_populates="persons")
    phones: Mapped[list[Phone]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Phone.position"
    )
    emails: Mapped[list[Email]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Email.position"
    )
    tags: Mapped[list[Tag]] = relationship(secondary="person_tags", order_by="Tag.name")


class Phone(Base):
    """A phone as typed plus its normalised form; invalid ones are kept, marked."""

    __tablename__ = "phones"
    __table_args__ = (_one_owner("organization_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = fk("organizations.id", "CASCADE")
    person_id: Mapped[int | None] = fk("persons.id", "CASCADE")
    kind: Mapped[PhoneKind] = mapped_column(default=PhoneKind.OTHER)
    raw: Mapped[str] = mapped_column(sa.String(255))
    e164: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    extension: Mapped[str | None] = mapped_column(sa.String(20))
    is_valid: Mapped[bool] = mapped_column(default=False)
    search_digits: Mapped[str] = mapped_column(sa.String(100), default="")
    comment: Mapped[str | None]
    position: Mapped[int] = mapped_column(default=0)

    organization: Mapped[Organization | None] = relationship(back_populates="phones")
    person: Mapped[Person | None] = relationship(back_populates="phones")


class Email(Base):
    __tablename__ = "emails"
    __table_args__ = (_one_owner("organization_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = fk("organizations.id", "CASCADE")
    person_id: Mapped[int | None] = fk("persons.id", "CASCADE")
    kind: Mapped[EmailKind] = mapped_column(default=EmailKind.WORK)
    address: Mapped[str] = mapped_column(sa.String(320))
    address_key: Mapped[str] = mapped_column(sa.String(320), index=True)
    position: Mapped[int] = mapped_column(default=0)
    marketing_consent: Mapped[bool | None]

    organization: Mapped[Organization | None] = relationship(back_populates="emails")
    person: Mapped[Person | None] = relationship(back_populates="emails")


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    name_key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    color: Mapped[str | None] = mapped_column(sa.String(9))


organization_tags = sa.Table(
    "organization_tags",
    Base.metadata,
    sa.Column(
        "organization_id",
        sa.ForeignKey("organizations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)

person_tags = sa.Table(
    "person_tags",
    Base.metadata,
    sa.Column("person_id", sa.ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CustomFieldDef(Stamped, Base):
    """A user-defined field of organizations, persons or deals."""

    __tablename__ = "custom_field_defs"
    __table_args__ = (sa.UniqueConstraint("entity_kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_kind: Mapped[EntityKind]
    name: Mapped[str] = mapped_column(sa.String(200))
    field_type: Mapped[CustomFieldType] = mapped_column(default=CustomFieldType.TEXT)
    choices_json: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)


class CustomFieldValue(Base):
    """A value as text in a canonical form (ISO dates, '.' decimals, 'true'/'false')."""

    __tablename__ = "custom_field_values"
    __table_args__ = (
        _one_owner("organization_id", "person_id", "deal_id"),
        sa.UniqueConstraint("field_id", "organization_id", "person_id", "deal_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    field_id: Mapped[int] = fk("custom_field_defs.id", "CASCADE")
    organization_id: Mapped[int | None] = fk("organizations.id", "CASCADE")
    person_id: Mapped[int | None] = fk("persons.id", "CASCADE")
    deal_id: Mapped[int | None] = fk("deals.id", "CASCADE")
    value: Mapped[str] = mapped_column(Text)


class KeyDate(Base):
    """Birthday, company anniversary or another date to remember; the year may be unknown."""

    __tablename__ = "key_dates"
    __table_args__ = (
        _one_owner("organization_id", "person_id"),
        sa.CheckConstraint("month BETWEEN 1 AND 12 AND day BETWEEN 1 AND 31", name="valid_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = fk("organizations.id", "CASCADE")
    person_id: Mapped[int | None] = fk("persons.id", "CASCADE")
    kind: Mapped[KeyDateKind] = mapped_column(default=KeyDateKind.BIRTHDAY)
    label: Mapped[str | None]
    month: Mapped[int] = mapped_column(sa.SmallInteger)
    day: Mapped[int] = mapped_column(sa.SmallInteger)
    year: Mapped[int | None] = mapped_column(sa.SmallInteger)
    remind: Mapped[bool] = mapped_column(default=True)


class Note(MainEntity, Base):
    __tablename__ = "notes"
    __table_args__ = (
        sa.CheckConstraint(
            "organization_id IS NOT NULL OR person_id IS NOT NULL OR deal_id IS NOT NULL",
            name="linked",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = fk("organizations.id", "CASCADE")
    person_id: Mapped[int | None] = fk("persons.id", "CASCADE")
    deal_id: Mapped[int | None] = fk("deals.id", "CASCADE")
    text: Mapped[str] = mapped_column(Text)
    is_pinned: Mapped[bool] = mapped_column(default=False)


# ------------------------------------------------------------------- deals


class Pipeline(Stamped, Base):
    __tablename__ = "pipelines"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)
    is_archived: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)

    stages: Mapped[list[Stage]] = relationship(
        back_populates="pipeline", order_by="Stage.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Stage(Base):
    __tablename__ = "stages"
    __table_args__ = (
        sa.CheckConstraint("probability BETWEEN 0 AND 100", name="probability_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pipeline_id: Mapped[int] = fk("pipelines.id", "CASCADE")
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[StageKind] = mapped_column(default=StageKind.OPEN)
    probability: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    position: Mapped[int] = mapped_column(default=0)
    color: Mapped[str | None] = mapped_column(sa.String(9))

    pipeline: Mapped[Pipeline] = relationship(back_populates="stages")


class LossReason(Base):
    __tablename__ = "loss_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)


class Competitor(MainEntity, Base):
    __tablename__ = "competitors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(500))
    name_key: Mapped[str] = mapped_column(sa.String(500), index=True)
    website: Mapped[str | None]
    notes: Mapped[str | None] = mapped_column(Text)


class CurrencyRate(Base):
    """How many units of the base currency one unit of `currency` is worth."""

    __tablename__ = "currency_rates"

    currency: Mapped[str] = mapped_column(sa.String(3), primary_key=True)
    rate: Mapped[float] = mapped_column(sa.Float)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Deal(MainEntity, Base):
    __tablename__ = "deals"
    __table_args__ = (
        sa.CheckConstraint(
            "organization_id IS NOT NULL OR person_id IS NOT NULL", name="has_client"
        ),
        sa.CheckConstraint(
            "probability IS NULL OR probability BETWEEN 0 AND 100", name="probability_range"
        ),
        sa.Index("ix_deals_pipeline_stage", "pipeline_id", "stage_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    organization_id: Mapped[int | None] = fk("organizations.id", "RESTRICT")
    person_id: Mapped[int | None] = fk("persons.id", "RESTRICT")
    pipeline_id: Mapped[int] = fk("pipelines.id", "RESTRICT", index=False)
    stage_id: Mapped[int] = fk("stages.id", "RESTRICT")
    amount_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    currency: Mapped[str] = mapped_column(sa.String(3), default="RUB")
    probability: Mapped[int | None] = mapped_column(sa.SmallInteger)  # None: the stage's
    expected_close_on: Mapped[date | None] = mapped_column(index=True)
    stage_entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    loss_reason_id: Mapped[int | None] = fk("loss_reasons.id", "SET NULL")
    competitor_id: Mapped[int | None] = fk("competitors.id", "SET NULL")
    loss_comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None]
    description: Mapped[str | None] = mapped_column(Text)

    stage: Mapped[Stage] = relationship()


class DealStageChange(Base):
    """Every move of a deal between stages, with who and when."""

    __tablename__ = "deal_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = fk("deals.id", "CASCADE")
    from_stage_id: Mapped[int | None] = fk("stages.id", "SET NULL", index=False)
    to_stage_id: Mapped[int] = fk("stages.id", "RESTRICT")
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    changed_by_id: Mapped[int | None] = fk("users.id", "SET NULL", index=False)
    probability: Mapped[int | None] = mapped_column(sa.SmallInteger)
    amount_minor: Mapped[int | None] = mapped_column(sa.BigInteger)


# -------------------------------------------------------------- activities


class Activity(MainEntity, Base):
    """A call, message, meeting or to-do: planned, then done with a result."""

    __tablename__ = "activities"
    __table_args__ = (
        sa.CheckConstraint("end_at IS NULL OR start_at IS NULL OR end_at >= start_at", name="span"),
        sa.Index("ix_activities_owner_start", "owner_id", "start_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ActivityKind] = mapped_column(default=ActivityKind.TODO)
    subject: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None]
    priority: Mapped[Priority] = mapped_column(default=Priority.NORMAL)
    start_at: Mapped[datetime | None] = mapped_column(index=True)
    end_at: Mapped[datetime | None]
    due_on: Mapped[date | None] = mapped_column(index=True)  # a to-do with a date, no time
    all_day: Mapped[bool] = mapped_column(default=False)
    reminder_at: Mapped[datetime | None] = mapped_column(index=True)
    reminder_dismissed_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None] = mapped_column(index=True)
    result: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = fk("activities.id", "CASCADE")  # subtask of
    series_id: Mapped[int | None] = fk("activities.id", "SET NULL")  # occurrence of
    recurrence_rule: Mapped[str | None] = mapped_column(sa.String(500))  # RFC 5545 RRULE
    original_start_at: Mapped[datetime | None]  # an edited occurrence's slot in its series
    organization_id: Mapped[int | None] = fk("organizations.id", "SET NULL")
    person_id: Mapped[int | None] = fk("persons.id", "SET NULL")
    deal_id: Mapped[int | None] = fk("deals.id", "SET NULL")


# ------------------------------------------------------------- audit, undo


class AuditEntry(Base):
    """Who changed what, when: one row per changed field (or per action)."""

    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_entity", "entity_kind", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = fk("users.id", "SET NULL")
    action: Mapped[AuditAction]
    entity_kind: Mapped[EntityKind]
    entity_id: Mapped[int]
    field: Mapped[str | None] = mapped_column(sa.String(100))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    change_set_id: Mapped[int | None] = fk("change_sets.id", "SET NULL")


class ChangeSet(Base):
    """An undoable operation over many records: an import, a merge, a handover."""

    __tablename__ = "change_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ChangeSetKind]
    status: Mapped[ChangeSetStatus] = mapped_column(default=ChangeSetStatus.RUNNING)
    title: Mapped[str] = mapped_column(sa.String(500), default="")
    source_name: Mapped[str | None] = mapped_column(sa.String(1000))
    user_id: Mapped[int | None] = fk("users.id", "SET NULL")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = fk("users.id", "SET NULL", index=False)
    stats_json: Mapped[str | None] = mapped_column(Text)
    report_json: Mapped[str | None] = mapped_column(Text)


class ChangeSetItem(Base):
    """One record touched by a change set, with its state before (JSON) for undo."""

    __tablename__ = "change_set_items"
    __table_args__ = (sa.Index("ix_change_set_items_entity", "entity_kind", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    change_set_id: Mapped[int] = fk("change_sets.id", "CASCADE")
    entity_kind: Mapped[EntityKind]
    entity_id: Mapped[int]
    action: Mapped[ChangeAction]
    before_json: Mapped[str | None] = mapped_column(Text)


# ---------------------------------------------------- saved views and profiles


class SavedSegment(Stamped, Base):
    """A named filter of a list, shown in the navigation."""

    __tablename__ = "saved_segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    entity_kind: Mapped[EntityKind]
    filter_json: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = fk("users.id", "CASCADE")
    is_shared: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)


class ReportTemplate(Stamped, Base):
    __tablename__ = "report_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    report_kind: Mapped[str] = mapped_column(sa.String(50))
    params_json: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = fk("users.id", "CASCADE")


class ImportProfile(Stamped, Base):
    """A saved column mapping for the import wizard."""

    __tablename__ = "import_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    mapping_json: Mapped[str] = mapped_column(Text)


# ------------------------------------------------------------------ search


class SearchDoc(Base):
    """Folded searchable text of one live organization, person or deal."""

    __tablename__ = "search_docs"
    __table_args__ = (sa.UniqueConstraint("entity_kind", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_kind: Mapped[EntityKind]
    entity_id: Mapped[int]
    title: Mapped[str] = mapped_column(Text)  # folded display name
    title_key: Mapped[str] = mapped_column(sa.String(500), index=True)  # for prefix search
    phones: Mapped[str] = mapped_column(Text, default="")  # digit strings, space separated
    emails: Mapped[str] = mapped_column(Text, default="")
    inn: Mapped[str] = mapped_column(sa.String(40), default="")
    # a deal's client names (organization, person): "Ромашка" finds its deals too
    related: Mapped[str] = mapped_column(Text, default="", server_default="")
