"""The exported tables: which records, which columns, read in batches.

Every entity is read through one filter, `visible(model)`: the trash is left out
here, and team mode's access rules will be added here, once for every format.
Rows are read by keyset pagination in batches of `BATCH` records with set-based
queries for their phones, e-mails, tags and birthdays, so a 100k-person base is
written with bounded memory.

A row is a tuple of values: `str` is user text (the writers guard it), `int` and
`Decimal` are numbers, `date` and `datetime` (local, naive) are dates; None is empty.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from crm_desktop.domain.kinds import EmailKind, KeyDateKind, PhoneKind
from crm_desktop.services import access
from crm_desktop.services.exporting.headers import header, label
from crm_desktop.storage.models import (
    Activity,
    Deal,
    Email,
    KeyDate,
    LossReason,
    Organization,
    Person,
    Phone,
    Pipeline,
    Stage,
    Tag,
    User,
    organization_tags,
    person_tags,
)

BATCH = 1000
_CHUNK = 900  # ids per IN (...) list: under SQLite's parameter limit

Value = str | int | Decimal | date | datetime | None
Row = tuple[Value, ...]
TableKind = Literal["contacts", "organizations", "deals", "tasks"]
TABLE_KINDS: tuple[TableKind, ...] = ("contacts", "organizations", "deals", "tasks")


def visible(model: Any) -> sa.ColumnElement[bool]:
    """The records of `model` an export may include: never the trash.

    The one place for the access filter of team mode (an export shows what its user
    may see). The names joined onto a row (a deal's or task's client) are not filtered
    again: a deal the user may see names its client as the board does (see `access`)."""
    column: sa.ColumnElement[Any] = model.deleted_at
    return sa.and_(column.is_(None), *access.where_here(model))


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    width: int = 18
    number_format: str | None = None  # xlsx format of a number column

    def title(self, language: str) -> str:
        return header(self.key, language)


@dataclass(slots=True)
class Table:
    """Columns, an estimate of the records to write, and the rows in batches.

    `batches` yields (records done so far, rows); it is read once, inside the
    read transaction that made it."""

    kind: TableKind
    columns: tuple[Column, ...]
    total: int
    batches: Iterator[tuple[int, list[Row]]]


def chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _local(moment: datetime | None) -> datetime | None:
    """A stored UTC moment as local wall-clock time (spreadsheets have no zones)."""
    return moment.astimezone().replace(tzinfo=None) if moment is not None else None


def _text(value: str | None) -> str | None:
    return value if value else None


def count_visible(session: Session, model: Any, *where: sa.ColumnElement[bool]) -> int:
    query = sa.select(sa.func.count()).select_from(model).where(visible(model), *where)
    return int(session.scalar(query) or 0)


def keyset(
    session: Session, query: sa.Select[*tuple[Any, ...]], id_col: Any, size: int = BATCH
) -> Iterator[list[sa.Row[Any]]]:
    """The rows of `query` (ordered by `id_col`) in batches, by keyset pagination."""
    last = 0
    while True:
        rows = list(session.execute(query.where(id_col > last).order_by(id_col).limit(size)))
        if not rows:
            return
        yield rows
        last = rows[-1][0]


# --------------------------------------------------------------------- contact details


@dataclass(slots=True)
class ContactDetails:
    """Phones (kind, text), e-mails (kind, address) and tag names of a batch of owners."""

    phones: dict[int, list[tuple[PhoneKind, str]]]
    emails: dict[int, list[tuple[EmailKind, str]]]
    tags: dict[int, list[str]]

    def phones_text(self, owner: int) -> str | None:
        return "; ".join(text for _kind, text in self.phones.get(owner, ())) or None

    def emails_text(self, owner: int) -> str | None:
        return ", ".join(address for _kind, address in self.emails.get(owner, ())) or None

    def tags_text(self, owner: int) -> str | None:
        return ", ".join(self.tags.get(owner, ())) or None


def phone_text(
    e164: str | None, extension: str | None, raw: str, language: str, comment: str | None = None
) -> str:
    """A phone as exported: a valid number in E.164 with its extension ('+74951234567
    доб. 12': exact, read the same in any region, and fast: formatting with phonenumbers
    would take most of a 100k export), an invalid one as typed; a comment in brackets
    ('+79123456789 (после обеда)'). The importer reads each form back."""
    text = raw
    if e164:
        text = f"{e164} {'доб.' if language == 'ru' else 'ext.'} {extension}" if extension else e164
    return f"{text} ({comment})" if comment else text


def contact_details(
    session: Session, owner: str, ids: Sequence[int], language: str
) -> ContactDetails:
    """The phones, e-mails and tags of organizations (`owner` 'organization_id') or
    persons ('person_id') `ids`, in their order on the card."""
    details = ContactDetails(defaultdict(list), defaultdict(list), defaultdict(list))
    phone_owner = getattr(Phone, owner)
    email_owner = getattr(Email, owner)
    link = organization_tags if owner == "organization_id" else person_tags
    for chunk in chunks(ids):
        for oid, kind, e164, ext, raw, valid, comment in session.execute(
            sa.select(
                phone_owner,
                Phone.kind,
                Phone.e164,
                Phone.extension,
                Phone.raw,
                Phone.is_valid,
                Phone.comment,
            )
            .where(phone_owner.in_(chunk))
            .order_by(phone_owner, Phone.position, Phone.id)
        ):
            details.phones[oid].append(
                (kind, phone_text(e164 if valid else None, ext, raw, language, comment))
            )
        for oid, kind, address in session.execute(
            sa.select(email_owner, Email.kind, Email.address)
            .where(email_owner.in_(chunk))
            .order_by(email_owner, Email.position, Email.id)
        ):
            details.emails[oid].append((kind, address))
        for oid, name in session.execute(
            sa.select(link.c[owner], Tag.name)
            .join(Tag, Tag.id == link.c.tag_id)
            .where(link.c[owner].in_(chunk))
            .order_by(link.c[owner], Tag.name)
        ):
            details.tags[oid].append(name)
    return details


def birthday_value(year: int | None, month: int, day: int) -> date | str:
    """A birthday: a date, or '--MM-DD' when the year is unknown (read back by the importer)."""
    return date(year, month, day) if year else f"--{month:02d}-{day:02d}"


def birthdays(session: Session, ids: Sequence[int]) -> dict[int, date | str]:
    out: dict[int, date | str] = {}
    for chunk in chunks(ids):
        for pid, year, month, day in session.execute(
            sa.select(KeyDate.person_id, KeyDate.year, KeyDate.month, KeyDate.day).where(
                KeyDate.person_id.in_(chunk), KeyDate.kind == KeyDateKind.BIRTHDAY
            )
        ):
            if pid is not None:
                out.setdefault(pid, birthday_value(year, month, day))
    return out


# --------------------------------------------------------------------- contacts

_PERSON_COLUMNS = (
    Column("last_name", 16),
    Column("first_name", 14),
    Column("middle_name", 16),
    Column("position", 20),
    Column("department", 16),
    Column("phones", 24),
    Column("emails", 26),
    Column("city", 14),
    Column("address", 30),
    Column("birthday", 12),
    Column("tags", 16),
    Column("notes", 30),
)
_ORG_OF_PERSON_COLUMNS = (
    Column("organization", 28),
    Column("inn", 13),
    Column("org_city", 14),
    Column("org_address", 30),
    Column("org_phones", 24),
    Column("org_emails", 26),
    Column("org_tags", 16),
)
CONTACT_COLUMNS = _PERSON_COLUMNS + _ORG_OF_PERSON_COLUMNS
ORGANIZATION_COLUMNS = (
    Column("organization", 30),
    Column("inn", 13),
    Column("kpp", 11),
    Column("city", 14),
    Column("address", 30),
    Column("phones", 24),
    Column("emails", 26),
    Column("website", 20),
    Column("industry", 16),
    Column("tags", 16),
    Column("notes", 30),
)

_ORG_FIELDS = (
    Organization.id,
    Organization.name,
    Organization.inn,
    Organization.kpp,
    Organization.city,
    Organization.address,
    Organization.website,
    Organization.industry,
    Organization.notes,
)
_PERSON_FIELDS = (
    Person.id,
    Person.organization_id,
    Person.last_name,
    Person.first_name,
    Person.middle_name,
    Person.full_name,
    Person.position,
    Person.department,
    Person.city,
    Person.address,
    Person.notes,
)


def organizations_query() -> sa.Select[*tuple[Any, ...]]:
    query: sa.Select[*tuple[Any, ...]] = sa.select(*_ORG_FIELDS).where(visible(Organization))
    return query


def persons_query() -> sa.Select[*tuple[Any, ...]]:
    query: sa.Select[*tuple[Any, ...]] = sa.select(*_PERSON_FIELDS).where(visible(Person))
    return query


def _person_cells(session: Session, persons: list[sa.Row[Any]], language: str) -> list[Row]:
    ids = [p.id for p in persons]
    details = contact_details(session, "person_id", ids, language)
    born = birthdays(session, ids)
    rows: list[Row] = []
    for p in persons:
        last, first, middle = p.last_name, p.first_name, p.middle_name
        if not (last or first or middle) and p.full_name:
            first = p.full_name  # a name the rules could not split
        rows.append(
            (
                _text(last),
                _text(first),
                _text(middle),
                _text(p.position),
                _text(p.department),
                details.phones_text(p.id),
                details.emails_text(p.id),
                _text(p.city),
                _text(p.address),
                born.get(p.id),
                details.tags_text(p.id),
                _text(p.notes),
            )
        )
    return rows


def _org_of_person_cells(org: sa.Row[Any] | None, details: ContactDetails | None) -> Row:
    if org is None or details is None:
        return (None,) * len(_ORG_OF_PERSON_COLUMNS)
    return (
        org.name,
        _text(org.inn),
        _text(org.city),
        _text(org.address),
        details.phones_text(org.id),
        details.emails_text(org.id),
        details.tags_text(org.id),
    )


def _contact_batches(session: Session, language: str) -> Iterator[tuple[int, list[Row]]]:
    done = 0
    empty_person = (None,) * len(_PERSON_COLUMNS)
    for orgs in keyset(session, organizations_query(), Organization.id, BATCH // 4):
        org_ids = [o.id for o in orgs]
        org_details = contact_details(session, "organization_id", org_ids, language)
        staff: dict[int, list[sa.Row[Any]]] = defaultdict(list)
        for chunk in chunks(org_ids):
            for p in session.execute(
                persons_query()
                .where(Person.organization_id.in_(chunk))
                .order_by(Person.organization_id, Person.id)
            ):
                staff[p.organization_id].append(p)
        people = [p for o in orgs for p in staff.get(o.id, [])]
        person_rows = iter(_person_cells(session, people, language))
        rows: list[Row] = []
        for org in orgs:
            org_cells = _org_of_person_cells(org, org_details)
            members = staff.get(org.id, [])
            rows.extend(next(person_rows) + org_cells for _ in members)
            if not members:
                rows.append(empty_person + org_cells)
        done += len(orgs) + len(people)
        yield done, rows
    # people without a (visible) organization
    owner = aliased(Organization)
    alone = (
        persons_query()
        .outerjoin(owner, owner.id == Person.organization_id)
        .where(sa.or_(owner.id.is_(None), owner.deleted_at.is_not(None)))
    )
    no_org = _org_of_person_cells(None, None)
    for persons in keyset(session, alone, Person.id):
        done += len(persons)
        yield done, [cells + no_org for cells in _person_cells(session, persons, language)]


def contacts_table(session: Session, language: str) -> Table:
    """One row per person with their organization's columns; one row per organization
    without people."""
    total = count_visible(session, Organization) + count_visible(session, Person)
    return Table("contacts", CONTACT_COLUMNS, total, _contact_batches(session, language))


def _organization_batches(session: Session, language: str) -> Iterator[tuple[int, list[Row]]]:
    done = 0
    for orgs in keyset(session, organizations_query(), Organization.id):
        details = contact_details(session, "organization_id", [o.id for o in orgs], language)
        rows: list[Row] = [
            (
                o.name,
                _text(o.inn),
                _text(o.kpp),
                _text(o.city),
                _text(o.address),
                details.phones_text(o.id),
                details.emails_text(o.id),
                _text(o.website),
                _text(o.industry),
                details.tags_text(o.id),
                _text(o.notes),
            )
            for o in orgs
        ]
        done += len(orgs)
        yield done, rows


def organizations_table(session: Session, language: str) -> Table:
    return Table(
        "organizations",
        ORGANIZATION_COLUMNS,
        count_visible(session, Organization),
        _organization_batches(session, language),
    )


# --------------------------------------------------------------------- deals

_MONEY = "#,##0.00"
DEAL_COLUMNS = (
    Column("title", 30),
    Column("client", 28),
    Column("contact", 22),
    Column("pipeline", 16),
    Column("stage", 16),
    Column("amount", 14, _MONEY),
    Column("currency", 9),
    Column("owner", 18),
    Column("expected_close", 14),
    Column("status", 11),
    Column("lost_reason", 20),
    Column("closed", 16),
)


def _user_name() -> sa.ColumnElement[Any]:
    return sa.func.coalesce(User.display_name, User.login)


def deals_query() -> sa.Select[*tuple[Any, ...]]:
    org, person = aliased(Organization), aliased(Person)
    return (
        sa.select(
            Deal.id,
            Deal.title,
            org.name.label("org_name"),
            person.full_name.label("person_name"),
            Pipeline.name.label("pipeline"),
            Stage.name.label("stage"),
            Stage.kind.label("stage_kind"),
            Deal.amount_minor,
            Deal.currency,
            _user_name().label("owner"),
            Deal.expected_close_on,
            LossReason.name.label("lost_reason"),
            Deal.closed_at,
        )
        .join(Stage, Stage.id == Deal.stage_id)
        .join(Pipeline, Pipeline.id == Deal.pipeline_id)
        .outerjoin(org, org.id == Deal.organization_id)
        .outerjoin(person, person.id == Deal.person_id)
        .outerjoin(User, User.id == Deal.owner_id)
        .outerjoin(LossReason, LossReason.id == Deal.loss_reason_id)
        .where(visible(Deal))
    )


def amount_of(minor: int) -> Decimal:
    """Integer minor units (kopecks, cents) as an exact amount."""
    return Decimal(minor).scaleb(-2)


def _deal_batches(session: Session, language: str) -> Iterator[tuple[int, list[Row]]]:
    done = 0
    for deals in keyset(session, deals_query(), Deal.id):
        rows: list[Row] = [
            (
                d.title,
                d.org_name or d.person_name,
                d.person_name if d.org_name else None,
                d.pipeline,
                d.stage,
                amount_of(d.amount_minor),
                d.currency,
                _text(d.owner),
                d.expected_close_on,
                label(d.stage_kind.value, language),
                _text(d.lost_reason),
                _local(d.closed_at),
            )
            for d in deals
        ]
        done += len(deals)
        yield done, rows


def deals_table(session: Session, language: str) -> Table:
    return Table(
        "deals", DEAL_COLUMNS, count_visible(session, Deal), _deal_batches(session, language)
    )


# --------------------------------------------------------------------- tasks

TASK_COLUMNS = (
    Column("kind", 18),
    Column("subject", 32),
    Column("start", 16),
    Column("due", 12),
    Column("done", 16),
    Column("priority", 10),
    Column("client", 28),
    Column("deal", 24),
    Column("responsible", 18),
    Column("result", 30),
)


def activities_query(owner_id: int | None = None) -> sa.Select[*tuple[Any, ...]]:
    org, person = aliased(Organization), aliased(Person)
    query: sa.Select[*tuple[Any, ...]] = (
        sa.select(
            Activity.id,
            Activity.kind,
            Activity.subject,
            Activity.start_at,
            Activity.all_day,
            Activity.due_on,
            Activity.done_at,
            Activity.priority,
            org.name.label("org_name"),
            person.full_name.label("person_name"),
            Deal.title.label("deal"),
            _user_name().label("owner"),
            Activity.result,
        )
        .outerjoin(org, org.id == Activity.organization_id)
        .outerjoin(person, person.id == Activity.person_id)
        .outerjoin(Deal, Deal.id == Activity.deal_id)
        .outerjoin(User, User.id == Activity.owner_id)
        .where(visible(Activity))
    )
    if owner_id is not None:
        query = query.where(Activity.owner_id == owner_id)
    return query


def _client(org_name: str | None, person_name: str | None) -> str | None:
    if org_name and person_name:
        return f"{person_name} ({org_name})"
    return org_name or person_name or None


def _task_batches(
    session: Session, language: str, owner_id: int | None
) -> Iterator[tuple[int, list[Row]]]:
    done = 0
    for items in keyset(session, activities_query(owner_id), Activity.id):
        rows: list[Row] = []
        for a in items:
            start = _local(a.start_at)
            rows.append(
                (
                    label(a.kind.value, language),
                    a.subject,
                    start.date() if start is not None and a.all_day else start,
                    a.due_on,
                    _local(a.done_at),
                    label(a.priority.value, language),
                    _client(a.org_name, a.person_name),
                    _text(a.deal),
                    _text(a.owner),
                    _text(a.result),
                )
            )
        done += len(items)
        yield done, rows


def tasks_table(session: Session, language: str, owner_id: int | None = None) -> Table:
    where = [Activity.owner_id == owner_id] if owner_id is not None else []
    return Table(
        "tasks",
        TASK_COLUMNS,
        count_visible(session, Activity, *where),
        _task_batches(session, language, owner_id),
    )


TableMaker = Callable[[Session, str], Table]
TABLES: dict[TableKind, TableMaker] = {
    "contacts": contacts_table,
    "organizations": organizations_table,
    "deals": deals_table,
    "tasks": tasks_table,
}
