"""The contact tree, page by page: organizations, their persons and the private persons.

The GUI's tree model fetches rows as they become visible, so every function here
answers one page (`offset`, `limit`) or one count, and never reads a whole table.

Filter rule (`ContactFilter`): a person matches when it matches every criterion
that is set. An organization is listed when it matches itself, or when at least one
of its live persons matches. Under a listed organization that matches itself all its
persons are shown; under one listed only for its persons, only the matching persons.
Trashed records (``deleted_at`` set) never appear.

Sorting: a key, then the id in the same direction (stable pages); NULLs (no city, no
phone, never contacted, no owner, no tags) last in both directions. Names sort by
folded keys (lower case, ё→е, `domain.names.fold`), so the order is alphabetical in
Russian on SQLite's binary collation too: organizations by ``name_key`` (the name
without its legal form: 'ООО «Ромашка»' sorts under Р), persons by the folded full
name kept in ``search_docs.title_key`` (``persons.name_key`` holds the name's words
sorted, for duplicate detection, which does not sort like the displayed name).

How the queries stay cheap (figures: tests/benchmarks/bench_contact_list.py):
- on SQLite "live" is written ``id NOT IN (SELECT id … WHERE deleted_at IS NOT NULL)``:
  the trash is small, and SQLite then walks the sort key's index alone (``name_key``,
  ``city``, ``last_contact_at`` and ``owner_id`` indexes hold the rowid), so a deep page
  costs an index scan, not a table lookup per skipped row. ``deleted_at IS NULL`` would
  also tempt SQLite (no statistics) into the ``deleted_at`` index, which selects
  everything. PostgreSQL has statistics and gets the plain ``deleted_at IS NULL``.
- a page is one query for the ids in order, one for their columns, and one each for
  their first phones, tags, owners and (organizations) person counts — no N+1.
- sort by owner ranks the few users in Python (``CASE owner_id WHEN …``); sort by
  phone (first phone's digits) and by tags (first tag) use correlated subqueries and
  sort the whole level: slower, still paged.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, aliased

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.domain.names import fold
from crm_desktop.domain.phones import format_phone
from crm_desktop.services import access
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Organization,
    Person,
    Phone,
    SearchDoc,
    Tag,
    User,
    organization_tags,
    person_tags,
)

MAX_LIMIT = 5000  # rows per page at most
_SCAN_CAP = 20_000  # distinct values read by one loose index scan

_Expr = sa.ColumnElement[Any] | InstrumentedAttribute[Any]
_T = TypeVar("_T")
_Stmt = TypeVar("_Stmt", bound="sa.Select[*tuple[Any, ...]]")


class SortKey(StrEnum):
    NAME = "name"
    CITY = "city"
    PHONE = "phone"
    OWNER = "owner"
    LAST_CONTACT = "last_contact"
    TAGS = "tags"


def _clean_text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _clean_int(value: object, *, minimum: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        return None
    return value


@dataclass(frozen=True, slots=True)
class ContactFilter:
    """What the contact tree shows; every field left None means "any".

    Text is tidied on creation (outer and repeated spaces removed, blank → None).
    """

    tag: str | None = None  # tag name, case-insensitive
    owner_id: int | None = None
    city: str | None = None  # exact city, case-insensitive (compared folded: ё = е)
    segment: str | None = None  # exact segment, case-insensitive like the city
    no_contact_days: int | None = None  # last contact older than N days, or never

    def __post_init__(self) -> None:
        for name in ("tag", "city", "segment"):
            object.__setattr__(self, name, _clean_text(getattr(self, name)))
        if self.no_contact_days is not None and self.no_contact_days < 0:
            raise ValueError("no_contact_days cannot be negative")

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def to_json(self) -> str:
        """The criteria that are set, as a JSON object (saved segments)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return json.dumps(
            {k: v for k, v in data.items() if v is not None}, ensure_ascii=False, sort_keys=True
        )

    @classmethod
    def from_json(cls, text: str) -> ContactFilter:
        """The filter saved by `to_json`; unknown keys and ill-typed values are ignored.

        Raises ValueError when `text` is not a JSON object at all.
        """
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a contact filter is a JSON object")
        return cls(
            tag=_clean_text(data.get("tag")),
            owner_id=_clean_int(data.get("owner_id"), minimum=1),
            city=_clean_text(data.get("city")),
            segment=_clean_text(data.get("segment")),
            no_contact_days=_clean_int(data.get("no_contact_days"), minimum=0),
        )


@dataclass(frozen=True, slots=True)
class ContactRow:
    """One line of the contact tree."""

    kind: EntityKind  # ORGANIZATION or PERSON
    id: int
    name: str  # organization name / person full name
    subtitle: str  # person: position; organization: ''
    city: str
    phone: str  # first phone for display (formatted when valid, as typed when not), or ''
    phone_e164: str  # '' when none or invalid
    phone_invalid: bool
    owner: str  # the owner's display name (login when it has none), '' when no owner
    last_contact_at: datetime | None
    tags: str  # 'VIP, Опт': sorted case-insensitively
    person_count: int  # organizations: live persons; persons: 0
    is_key_client: bool
    organization_id: int | None  # persons: their organization


# ----------------------------------------------------------------- predicates

_TRASHED_ORGS = (
    sa.select(Organization.id).where(Organization.deleted_at.is_not(None)).correlate(None)
)
_TRASHED_PERSONS = sa.select(Person.id).where(Person.deleted_at.is_not(None)).correlate(None)


def _live_org(sqlite: bool) -> sa.ColumnElement[bool]:
    """Not in the trash. SQLite: ``id NOT IN (trashed ids)`` (see the module's docstring);
    PostgreSQL knows from its statistics that ``deleted_at IS NULL`` selects nearly all."""
    if sqlite:
        return Organization.id.not_in(_TRASHED_ORGS)
    return Organization.deleted_at.is_(None)


def _live_person(sqlite: bool) -> sa.ColumnElement[bool]:
    if sqlite:
        return Person.id.not_in(_TRASHED_PERSONS)
    return Person.deleted_at.is_(None)


def _is_sqlite(conn: sa.Connection) -> bool:
    return conn.dialect.name == "sqlite"


def _first_letters(text: str) -> set[str]:
    first = text[0]
    letters = {first, first.upper(), first.lower()}
    if fold(first) == "е":
        letters |= {"е", "Е", "ё", "Ё"}
    return {ch for ch in letters if len(ch) == 1}


def _distinct_values(
    conn: sa.Connection,
    table: str,
    column: str,
    *,
    low: str | None = None,
    high: str | None = None,
    live_only: bool = False,
    cap: int = _SCAN_CAP,
) -> list[str]:
    """Distinct non-null values of an indexed text column in [low, high), by index seeks.

    A loose index scan (one recursive query): each step seeks the next greater value,
    so the cost grows with the number of distinct values, not of rows.
    """
    bounds = []
    params: dict[str, Any] = {"cap": cap}
    if high is not None:
        bounds.append(f"{column} < :high")
        params["high"] = high
    if live_only and _is_sqlite(conn):
        bounds.append(f"id NOT IN (SELECT id FROM {table} WHERE deleted_at IS NOT NULL)")
    elif live_only:
        bounds.append("deleted_at IS NULL")
    start = [*bounds, f"{column} >= :low" if low is not None else f"{column} IS NOT NULL"]
    if low is not None:
        params["low"] = low
    step = [*bounds, f"{column} > v.value"]
    sql = (
        "WITH RECURSIVE v(value, n) AS ("
        f" SELECT (SELECT MIN({column}) FROM {table} WHERE {' AND '.join(start)}), 1"
        " UNION ALL"
        f" SELECT (SELECT MIN({column}) FROM {table} WHERE {' AND '.join(step)}), n + 1"
        " FROM v WHERE v.value IS NOT NULL AND n < :cap"
        ") SELECT value FROM v WHERE value IS NOT NULL"
    )
    return [str(v) for v in conn.execute(sa.text(sql), params).scalars()]


def _spellings(conn: sa.Connection, value: str, table: str, column: str) -> list[str]:
    """The stored values of `column` equal to `value` when folded (case-insensitive)."""
    wanted = fold(value)
    found: set[str] = set()
    for letter in _first_letters(value):
        for stored in _distinct_values(conn, table, column, low=letter, high=chr(ord(letter) + 1)):
            if fold(stored) == wanted:
                found.add(stored)
    return sorted(found)


def _no_index(column: InstrumentedAttribute[_T]) -> sa.ColumnElement[_T]:
    """The column's value in a form no index can answer (``coalesce(c, c)``).

    SQLite has no statistics here and takes any indexed equality for a selective one:
    among a few persons of one organization it would rather walk the 16,000 persons
    of an owner. Wrapping the other columns leaves it only the organization's index.
    """
    return sa.func.coalesce(column, column)


@dataclass(frozen=True, slots=True)
class _Resolved:
    """A filter with its values looked up: what makes a card match by itself."""

    empty: bool
    sqlite: bool
    tag_id: int | None = None
    tag_missing: bool = False
    owner_id: int | None = None
    org_cities: tuple[str, ...] | None = None
    person_cities: tuple[str, ...] | None = None
    org_segments: tuple[str, ...] | None = None
    person_segments: tuple[str, ...] | None = None
    cutoff: datetime | None = None

    def _conditions(
        self, model: type[Organization] | type[Person], indexed: bool
    ) -> list[sa.ColumnElement[bool]]:
        def col(
            column: InstrumentedAttribute[_T],
        ) -> InstrumentedAttribute[_T] | sa.ColumnElement[_T]:
            return column if indexed else _no_index(column)

        is_org = model is Organization
        out: list[sa.ColumnElement[bool]] = []
        if self.tag_missing:
            out.append(sa.false())
        elif self.tag_id is not None:
            link = organization_tags if is_org else person_tags
            owner_col = link.c.organization_id if is_org else link.c.person_id
            out.append(model.id.in_(sa.select(owner_col).where(link.c.tag_id == self.tag_id)))
        if self.owner_id is not None:
            out.append(col(model.owner_id) == self.owner_id)
        cities = self.org_cities if is_org else self.person_cities
        if cities is not None:
            out.append(col(model.city).in_(cities) if cities else sa.false())
        segments = self.org_segments if is_org else self.person_segments
        if segments is not None:
            out.append(col(model.segment).in_(segments) if segments else sa.false())
        if self.cutoff is not None:
            last = col(model.last_contact_at)
            out.append(sa.or_(last.is_(None), last < self.cutoff))
        return out

    def org_self(self) -> sa.ColumnElement[bool]:
        return sa.and_(sa.true(), *self._conditions(Organization, True))

    def person_self(self, *, indexed: bool = True) -> sa.ColumnElement[bool]:
        return sa.and_(sa.true(), *self._conditions(Person, indexed))

    def org_listed(self) -> sa.ColumnElement[bool]:
        """The organization matches, or one of its live persons does."""
        if self.empty:
            return sa.true()
        if self.cutoff is not None and self.broad():
            # Nearly every organization matches by itself (not contacted lately): look at
            # the persons of the few contacted ones only, found by the last-contact index,
            # rather than collect the organizations of most persons.
            contacted = aliased(Organization, name="contacted")
            persons = (
                sa.select(Person.organization_id)
                .join(contacted, contacted.id == Person.organization_id)
                .where(
                    contacted.last_contact_at >= self.cutoff,
                    _live_person(self.sqlite),
                    self.person_self(indexed=False),
                )
                .correlate(None)
            )
            return sa.or_(self.org_self(), Organization.id.in_(persons))
        matching_persons = (
            sa.select(Person.organization_id)
            .where(
                Person.organization_id.is_not(None), _live_person(self.sqlite), self.person_self()
            )
            .correlate(None)
        )
        return sa.or_(self.org_self(), Organization.id.in_(matching_persons))

    def broad(self) -> bool:
        """Only "not contacted for N days": a criterion most cards meet."""
        return self.cutoff is not None and (
            self.tag_id,
            self.tag_missing,
            self.owner_id,
            self.org_cities,
            self.org_segments,
        ) == (None, False, None, None, None)


def _resolve(conn: sa.Connection, flt: ContactFilter, now: datetime | None) -> _Resolved:
    if flt.is_empty():
        return _Resolved(True, _is_sqlite(conn))
    tag_id = None
    if flt.tag is not None:
        tag_id = conn.scalar(sa.select(Tag.id).where(Tag.name_key == fold(flt.tag)))

    def spell(value: str | None, table: str, column: str) -> tuple[str, ...] | None:
        return None if value is None else tuple(_spellings(conn, value, table, column))

    cutoff = None
    if flt.no_contact_days is not None:
        cutoff = (now or datetime.now(UTC)) - timedelta(days=flt.no_contact_days)
    return _Resolved(
        empty=False,
        sqlite=_is_sqlite(conn),
        tag_id=tag_id,
        tag_missing=flt.tag is not None and tag_id is None,
        owner_id=flt.owner_id,
        org_cities=spell(flt.city, "organizations", "city"),
        person_cities=spell(flt.city, "persons", "city"),
        org_segments=spell(flt.segment, "organizations", "segment"),
        person_segments=spell(flt.segment, "persons", "segment"),
        cutoff=cutoff,
    )


# -------------------------------------------------------------------- sorting


@dataclass(frozen=True, slots=True)
class _Order:
    key: _Expr
    nullable: bool
    tie: InstrumentedAttribute[int]
    join: tuple[Any, sa.ColumnElement[bool]] | None = None  # outer join needed by the key

    def clauses(self, descending: bool) -> list[sa.ColumnElement[Any]]:
        key = self.key.desc() if descending else self.key.asc()
        if self.nullable:
            key = key.nulls_last()
        return [key, self.tie.desc() if descending else self.tie.asc()]

    def before(self, value: Any, entity_id: int, descending: bool) -> sa.ColumnElement[bool]:
        """Rows that come before the row with key `value` and id `entity_id`."""
        tie_before = self.tie > entity_id if descending else self.tie < entity_id
        if value is None:
            return sa.or_(self.key.is_not(None), sa.and_(self.key.is_(None), tie_before))
        key_before = self.key > value if descending else self.key < value
        return sa.or_(key_before, sa.and_(self.key == value, tie_before))

    def apply(self, stmt: _Stmt) -> _Stmt:
        if self.join is not None:
            stmt = stmt.outerjoin(self.join[0], self.join[1])
        return stmt


_MAX_CASE = 300  # users / tags ranked in a CASE expression at most


def _owner_rank(
    conn: sa.Connection, owner_id: InstrumentedAttribute[int | None]
) -> sa.ColumnElement[Any]:
    users = conn.execute(sa.select(User.id, User.display_name, User.login)).all()
    ranked = sorted(users, key=lambda u: (fold(u.display_name or u.login), u.id))
    if not ranked or len(ranked) > _MAX_CASE:
        name = sa.select(sa.func.coalesce(sa.func.nullif(User.display_name, ""), User.login))
        return name.where(User.id == owner_id).scalar_subquery()
    return sa.case({u.id: rank for rank, u in enumerate(ranked)}, value=owner_id, else_=None)


def _first_tag(
    conn: sa.Connection, link: sa.Table, owner: InstrumentedAttribute[int]
) -> sa.ColumnElement[Any]:
    """The card's alphabetically first tag: its rank among the tags, read from the link
    table's primary key alone (joining the tags costs ~40% more at 25,000 rows)."""
    owner_col = link.c.organization_id if "organization_id" in link.c else link.c.person_id
    tag_ids = list(conn.scalars(sa.select(Tag.id).order_by(Tag.name_key, Tag.id)))
    if not tag_ids or len(tag_ids) > _MAX_CASE:
        first = sa.select(sa.func.min(Tag.name_key)).join(link, link.c.tag_id == Tag.id)
    else:
        ranks = sa.case({tag_id: rank for rank, tag_id in enumerate(tag_ids)}, value=link.c.tag_id)
        first = sa.select(sa.func.min(ranks)).select_from(link)
    return first.where(owner_col == owner).scalar_subquery()


def _org_order(conn: sa.Connection, sort: SortKey) -> _Order:
    tie = Organization.id
    if sort is SortKey.NAME:
        return _Order(Organization.name_key, False, tie)
    if sort is SortKey.CITY:
        return _Order(Organization.city, True, tie)
    if sort is SortKey.LAST_CONTACT:
        return _Order(Organization.last_contact_at, True, tie)
    if sort is SortKey.OWNER:
        return _Order(_owner_rank(conn, Organization.owner_id), True, tie)
    if sort is SortKey.PHONE:
        first_phone = (
            sa.select(Phone.search_digits)
            .where(Phone.organization_id == Organization.id)
            .order_by(Phone.position, Phone.id)
            .limit(1)
            .scalar_subquery()
        )
        return _Order(first_phone, True, tie)
    return _Order(_first_tag(conn, organization_tags, Organization.id), True, tie)


def _person_order(conn: sa.Connection, sort: SortKey) -> _Order:
    tie = Person.id
    if sort is SortKey.NAME:
        doc = aliased(SearchDoc, name="name_doc")
        on = sa.and_(doc.entity_kind == EntityKind.PERSON, doc.entity_id == Person.id)
        return _Order(doc.title_key, True, tie, (doc, on))
    if sort is SortKey.CITY:
        return _Order(Person.city, True, tie)
    if sort is SortKey.LAST_CONTACT:
        return _Order(Person.last_contact_at, True, tie)
    if sort is SortKey.OWNER:
        return _Order(_owner_rank(conn, Person.owner_id), True, tie)
    if sort is SortKey.PHONE:
        first_phone = (
            sa.select(Phone.search_digits)
            .where(Phone.person_id == Person.id)
            .order_by(Phone.position, Phone.id)
            .limit(1)
            .scalar_subquery()
        )
        return _Order(first_phone, True, tie)
    return _Order(_first_tag(conn, person_tags, Person.id), True, tie)


def _page_ids(
    conn: sa.Connection,
    order: _Order,
    where: Iterable[sa.ColumnElement[bool]],
    descending: bool,
    offset: int,
    limit: int,
) -> list[int]:
    limit = min(limit, MAX_LIMIT)
    if limit <= 0:
        return []
    stmt = order.apply(sa.select(order.tie)).where(*where)
    stmt = stmt.order_by(*order.clauses(descending)).offset(max(0, offset)).limit(limit)
    return [int(i) for i in conn.scalars(stmt)]


def _count(
    conn: sa.Connection,
    model: type[Organization] | type[Person],
    where: Iterable[sa.ColumnElement[bool]],
) -> int:
    return conn.scalar(sa.select(sa.func.count(model.id)).where(*where)) or 0


# ------------------------------------------------------------ tree levels


def _org_where(resolved: _Resolved) -> list[sa.ColumnElement[bool]]:
    where = [_live_org(resolved.sqlite), *access.where_here(Organization)]
    if not resolved.empty:
        where.append(resolved.org_listed())
    return where


def _org_matches(conn: sa.Connection, org_id: int, resolved: _Resolved) -> bool:
    if resolved.empty:
        return True
    found = conn.scalar(
        sa.select(Organization.id).where(Organization.id == org_id, resolved.org_self())
    )
    return found is not None


def _person_where(
    conn: sa.Connection, organization_id: int | None, resolved: _Resolved
) -> list[sa.ColumnElement[bool]]:
    """The persons shown under an organization (None: the private persons)."""
    if organization_id is None:
        where = [
            Person.organization_id.is_(None),
            _live_person(resolved.sqlite),
            *access.where_here(Person),
        ]
        if not resolved.empty:  # a broad criterion: better walk the private persons
            where.append(resolved.person_self(indexed=not resolved.broad()))
        return where
    where = [
        Person.organization_id == organization_id,
        _live_person(resolved.sqlite),
        *access.where_here(Person),
    ]
    if not _org_matches(conn, organization_id, resolved):
        where.append(resolved.person_self(indexed=False))
    return where


def count_organizations(ws: Workspace, flt: ContactFilter, *, now: datetime | None = None) -> int:
    """How many organizations the top level lists."""
    with ws.read() as uow:
        conn = uow.session.connection()
        return _count(conn, Organization, _org_where(_resolve(conn, flt, now)))


def organization_rows(
    ws: Workspace,
    flt: ContactFilter,
    sort: SortKey,
    descending: bool,
    offset: int,
    limit: int,
    *,
    now: datetime | None = None,
) -> list[ContactRow]:
    """One page of the top level (at most `MAX_LIMIT` rows)."""
    with ws.read() as uow:
        conn = uow.session.connection()
        where = _org_where(_resolve(conn, flt, now))
        ids = _page_ids(conn, _org_order(conn, sort), where, descending, offset, limit)
        return _organization_rows(conn, ids)


def count_persons(
    ws: Workspace,
    organization_id: int | None,
    flt: ContactFilter,
    *,
    now: datetime | None = None,
) -> int:
    """How many persons are shown under an organization (None: the private persons)."""
    with ws.read() as uow:
        conn = uow.session.connection()
        resolved = _resolve(conn, flt, now)
        return _count(conn, Person, _person_where(conn, organization_id, resolved))


def person_rows(
    ws: Workspace,
    organization_id: int | None,
    flt: ContactFilter,
    sort: SortKey,
    descending: bool,
    offset: int,
    limit: int,
    *,
    now: datetime | None = None,
) -> list[ContactRow]:
    """One page of the persons under an organization (None: the private persons)."""
    with ws.read() as uow:
        conn = uow.session.connection()
        where = _person_where(conn, organization_id, _resolve(conn, flt, now))
        ids = _page_ids(conn, _person_order(conn, sort), where, descending, offset, limit)
        return _person_rows(conn, ids)


def _position(
    conn: sa.Connection,
    order: _Order,
    where: list[sa.ColumnElement[bool]],
    entity_id: int,
    descending: bool,
) -> int | None:
    """The row of `entity_id` among the rows selected by `where`, or None if not among them."""
    found = conn.execute(
        order.apply(sa.select(order.tie, order.key)).where(order.tie == entity_id, *where)
    ).first()
    if found is None:
        return None
    before = order.before(found[1], entity_id, descending)
    stmt = order.apply(sa.select(sa.func.count(order.tie))).where(*where, before)
    return conn.scalar(stmt) or 0


def locate(
    ws: Workspace,
    kind: EntityKind,
    entity_id: int,
    flt: ContactFilter,
    sort: SortKey,
    descending: bool,
    *,
    now: datetime | None = None,
) -> tuple[int | None, int | None]:
    """Where a record sits in the tree, to select a search hit.

    Returns (row of the organization at the top level, row of the person under it):
    an organization gives (row, None); a person of an organization (org row, person
    row); a private person (None, row among the private persons). A record the tree
    does not show (trashed, filtered out, unknown) gives (None, None).
    """
    with ws.read() as uow:
        conn = uow.session.connection()
        resolved = _resolve(conn, flt, now)
        if kind is EntityKind.ORGANIZATION:
            row = _position(
                conn, _org_order(conn, sort), _org_where(resolved), entity_id, descending
            )
            return row, None
        if kind is not EntityKind.PERSON:
            return None, None
        org_id = conn.scalar(
            sa.select(Person.organization_id).where(
                Person.id == entity_id, _live_person(resolved.sqlite)
            )
        )
        org_row: int | None = None
        if org_id is not None:
            org_row = _position(
                conn, _org_order(conn, sort), _org_where(resolved), org_id, descending
            )
            if org_row is None:
                return None, None
        person_row = _position(
            conn,
            _person_order(conn, sort),
            _person_where(conn, org_id, resolved),
            entity_id,
            descending,
        )
        if person_row is None:
            return None, None
        return org_row, person_row


# ------------------------------------------------------------ building rows


_IDS: sa.BindParameter[list[int]] = sa.bindparam(
    "ids", expanding=True
)  # a list of ids bound at execution: no per-id compiling


@lru_cache(maxsize=65_536)
def _display_phone(e164: str, extension: str | None) -> str:
    """`format_phone`, remembered: formatting costs ~40 µs, most of a page's time."""
    return format_phone(e164, extension)


@dataclass(frozen=True, slots=True)
class _PhoneText:
    display: str
    e164: str
    invalid: bool


def _first_phones(
    conn: sa.Connection, owner: InstrumentedAttribute[int | None], ids: Sequence[int]
) -> dict[int, _PhoneText]:
    rows = conn.execute(
        sa.select(owner, Phone.raw, Phone.e164, Phone.extension, Phone.is_valid)
        .where(owner.in_(_IDS))
        .order_by(owner, Phone.position, Phone.id),
        {"ids": list(ids)},
    )
    first: dict[int, _PhoneText] = {}
    for owner_id, raw, e164, extension, is_valid in rows:
        if owner_id is None or owner_id in first:
            continue
        valid = bool(is_valid and e164)
        first[owner_id] = _PhoneText(
            display=_display_phone(e164, extension) if valid and e164 else raw,
            e164=e164 if valid and e164 else "",
            invalid=not valid,
        )
    return first


def _tag_texts(
    conn: sa.Connection, link: sa.Table, owner_col: str, ids: Sequence[int]
) -> dict[int, str]:
    names: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for owner_id, name, key in conn.execute(
        sa.select(link.c[owner_col], Tag.name, Tag.name_key)
        .join(Tag, Tag.id == link.c.tag_id)
        .where(link.c[owner_col].in_(_IDS)),
        {"ids": list(ids)},
    ):
        names[owner_id].append((key, name))
    return {k: ", ".join(name for _, name in sorted(v)) for k, v in names.items()}


_NO_PHONE = _PhoneText("", "", False)


def _organization_rows(conn: sa.Connection, ids: list[int]) -> list[ContactRow]:
    person_count = (
        sa.select(sa.func.count(Person.id))
        .where(Person.organization_id == Organization.id, _live_person(_is_sqlite(conn)))
        .scalar_subquery()
    )
    stmt = (
        sa.select(
            Organization.id,
            Organization.name,
            sa.literal("").label("subtitle"),
            Organization.city,
            User.display_name,
            User.login,
            Organization.last_contact_at,
            person_count.label("person_count"),
            Organization.is_key_client,
            sa.null().label("organization_id"),
        )
        .outerjoin(User, User.id == Organization.owner_id)
        .where(Organization.id.in_(_IDS))
    )
    return _rows(conn, EntityKind.ORGANIZATION, stmt, ids)


def _person_rows(conn: sa.Connection, ids: list[int]) -> list[ContactRow]:
    stmt = (
        sa.select(
            Person.id,
            Person.full_name,
            Person.position,
            Person.city,
            User.display_name,
            User.login,
            Person.last_contact_at,
            sa.literal(0).label("person_count"),
            Person.is_key_client,
            Person.organization_id,
        )
        .outerjoin(User, User.id == Person.owner_id)
        .where(Person.id.in_(_IDS))
    )
    return _rows(conn, EntityKind.PERSON, stmt, ids)


def _rows(
    conn: sa.Connection, kind: EntityKind, stmt: sa.Select[*tuple[Any, ...]], ids: list[int]
) -> list[ContactRow]:
    """The rows of `ids` in this order: `stmt` reads their columns; phones and tags follow."""
    if not ids:
        return []
    found = {r[0]: r for r in conn.execute(stmt, {"ids": ids})}
    if kind is EntityKind.ORGANIZATION:
        phones = _first_phones(conn, Phone.organization_id, ids)
        tags = _tag_texts(conn, organization_tags, "organization_id", ids)
    else:
        phones = _first_phones(conn, Phone.person_id, ids)
        tags = _tag_texts(conn, person_tags, "person_id", ids)
    rows = []
    for entity_id in ids:
        r = found.get(entity_id)
        if r is None:  # purged between the queries
            continue
        _, name, subtitle, city, display, login, last, count, key_client, org_id = r
        phone = phones.get(entity_id, _NO_PHONE)
        rows.append(
            ContactRow(
                kind=kind,
                id=entity_id,
                name=name,
                subtitle=subtitle or "",
                city=city or "",
                phone=phone.display,
                phone_e164=phone.e164,
                phone_invalid=phone.invalid,
                owner=display or login or "",
                last_contact_at=last,
                tags=tags.get(entity_id, ""),
                person_count=int(count or 0),
                is_key_client=bool(key_client),
                organization_id=org_id,
            )
        )
    return rows


# ------------------------------------------------------------ filter values


def owners(ws: Workspace) -> list[tuple[int, str]]:
    """Users responsible for at least one live card: (id, name), by name."""
    with ws.read() as uow:
        conn = uow.session.connection()
        sqlite = _is_sqlite(conn)
        owns_org = sa.select(Organization.id).where(
            Organization.owner_id == User.id, _live_org(sqlite), *access.where_here(Organization)
        )
        owns_person = sa.select(Person.id).where(
            Person.owner_id == User.id, _live_person(sqlite), *access.where_here(Person)
        )
        rows = conn.execute(
            sa.select(User.id, User.display_name, User.login).where(
                sa.or_(owns_org.exists(), owns_person.exists())
            )
        ).all()
    named = [(uid, display or login) for uid, display, login in rows]
    return sorted(named, key=lambda item: (fold(item[1]), item[1], item[0]))


def _tag_used(link: sa.Table, model: type[Organization] | type[Person], sqlite: bool) -> sa.Exists:
    owner_col = link.c.organization_id if model is Organization else link.c.person_id
    used = sa.select(link.c.tag_id).where(link.c.tag_id == Tag.id)
    hidden_possible = access.where_here(model)
    if hidden_possible:  # team mode: only tags of cards this user may see
        return (
            used.join(model, model.id == owner_col)
            .where(model.deleted_at.is_(None), *hidden_possible)
            .exists()
        )
    if sqlite:
        trashed = _TRASHED_ORGS if model is Organization else _TRASHED_PERSONS
        return used.where(owner_col.not_in(trashed)).exists()
    return used.join(model, model.id == owner_col).where(model.deleted_at.is_(None)).exists()


def tags(ws: Workspace) -> list[str]:
    """Tags on at least one live card, alphabetically (case-insensitive)."""
    with ws.read() as uow:
        conn = uow.session.connection()
        sqlite = _is_sqlite(conn)
        used = sa.or_(
            _tag_used(organization_tags, Organization, sqlite),
            _tag_used(person_tags, Person, sqlite),
        )
        return list(conn.scalars(sa.select(Tag.name).where(used).order_by(Tag.name_key)))


def _used_values(ws: Workspace, column: str, limit: int) -> list[str]:
    with ws.read() as uow:
        conn = uow.session.connection()
        if access.where_here(Organization):  # team mode: values of visible cards only
            values = [
                str(v)
                for model in (Organization, Person)
                for v in conn.scalars(
                    sa.select(getattr(model, column))
                    .where(
                        getattr(model, column).is_not(None),
                        model.deleted_at.is_(None),
                        *access.where_here(model),
                    )
                    .distinct()
                )
            ]
        else:  # by index seeks: the cost grows with the distinct values, not the rows
            values = [
                *_distinct_values(conn, "organizations", column, live_only=True),
                *_distinct_values(conn, "persons", column, live_only=True),
            ]
    unique: dict[str, str] = {}
    for value in sorted(values):  # binary order: 'Москва' is kept before 'москва'
        if value.strip():
            unique.setdefault(fold(value), value)
    return [unique[key] for key in sorted(unique)][: max(0, limit)]


def cities(ws: Workspace, limit: int = 500) -> list[str]:
    """Cities of live cards, alphabetically; one spelling per case-insensitive value."""
    return _used_values(ws, "city", limit)


def segments_in_use(ws: Workspace) -> list[str]:
    """Segments of live cards, alphabetically; one spelling per case-insensitive value."""
    return _used_values(ws, "segment", _SCAN_CAP)
