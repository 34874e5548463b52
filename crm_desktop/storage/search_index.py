"""The search index: one folded text row per live organization, person and deal.

`search_docs` is rebuilt from the base tables for the records a transaction
touched (`refresh`), so it can never drift from what the cards say. The ORM path
marks records automatically (see `install_search_hooks`); bulk Core inserts
(demo, import) and Core updates (trash, merge) call `refresh` themselves.

A deal's row holds its title and, in `related`, the names of its live client
(organization and person), so "Ромашка" finds the deals of ООО «Ромашка» too.
The client's name lives in the deal's row, so refreshing a client refreshes its
deals as well (a renamed, trashed or restored client; the demo's bulk refresh of
every card indexes every deal). Code that changes deals with Core statements
passes their ids as `refresh(deals=…)`.

Queries (`find_candidates`) use, per engine:
- SQLite: an FTS5 trigram table kept in step by triggers (substring match on
  names, phone digit strings, emails, INN); a range scan on `title_key` for
  queries of one or two characters, which trigrams cannot answer.
- PostgreSQL: pg_trgm GIN indexes answering ``LIKE '%…%'``, and a
  ``text_pattern_ops`` index for prefixes.
Exact phone (E.164), email and INN hits come from the base tables' b-tree
indexes. Candidates are limited before they are ranked (ranking all FTS hits
of a common word costs tens of milliseconds at 100k records).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.domain.names import fold, org_name_key
from crm_desktop.storage import bulk
from crm_desktop.storage.models import (
    Deal,
    Email,
    Organization,
    Person,
    Phone,
    SearchDoc,
    table_of,
)

CHUNK = 900  # ids per IN (...) list: below SQLite's variable limit on every build

docs = table_of(SearchDoc)
persons_t = table_of(Person)
orgs_t = table_of(Organization)
phones_t = table_of(Phone)
emails_t = table_of(Email)
deals_t = table_of(Deal)


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    batch: list[int] = []
    for i in ids:
        batch.append(i)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _contact_details(
    conn: sa.Connection, owner_col: str, ids: Sequence[int]
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    phones: dict[int, list[str]] = defaultdict(list)
    for owner, digits in conn.execute(
        sa.select(phones_t.c[owner_col], phones_t.c.search_digits)
        .where(phones_t.c[owner_col].in_(ids))
        .order_by(phones_t.c.position, phones_t.c.id)
    ):
        if digits:
            phones[owner].append(digits)
    emails: dict[int, list[str]] = defaultdict(list)
    for owner, key in conn.execute(
        sa.select(emails_t.c[owner_col], emails_t.c.address_key)
        .where(emails_t.c[owner_col].in_(ids))
        .order_by(emails_t.c.position, emails_t.c.id)
    ):
        emails[owner].append(key)
    return phones, emails


def _deal_rows(conn: sa.Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Live deals: the title, and the names of their live client in `related`."""
    org = orgs_t.alias("client_org")
    person = persons_t.alias("client_person")
    rows = conn.execute(
        sa.select(deals_t.c.id, deals_t.c.title, org.c.name, person.c.full_name)
        .outerjoin(org, (org.c.id == deals_t.c.organization_id) & org.c.deleted_at.is_(None))
        .outerjoin(person, (person.c.id == deals_t.c.person_id) & person.c.deleted_at.is_(None))
        .where(deals_t.c.id.in_(ids), deals_t.c.deleted_at.is_(None))
    ).all()
    docs_rows = []
    for deal_id, title, org_name, person_name in rows:
        folded = fold(title)
        docs_rows.append(
            {
                "entity_kind": EntityKind.DEAL.value,
                "entity_id": deal_id,
                "title": folded,
                "title_key": folded[:500],
                "phones": "",
                "emails": "",
                "inn": "",
                "related": " ".join(fold(n) for n in (org_name, person_name) if n),
            }
        )
    return docs_rows


def _rows_for(conn: sa.Connection, kind: EntityKind, ids: Sequence[int]) -> list[dict[str, Any]]:
    if kind is EntityKind.DEAL:
        return _deal_rows(conn, ids)
    if kind is EntityKind.PERSON:
        base = conn.execute(
            sa.select(persons_t.c.id, persons_t.c.full_name, persons_t.c.inn).where(
                persons_t.c.id.in_(ids), persons_t.c.deleted_at.is_(None)
            )
        ).all()
        phones, emails = _contact_details(conn, "person_id", ids)
    else:
        base = conn.execute(
            sa.select(orgs_t.c.id, orgs_t.c.name, orgs_t.c.inn).where(
                orgs_t.c.id.in_(ids), orgs_t.c.deleted_at.is_(None)
            )
        ).all()
        phones, emails = _contact_details(conn, "organization_id", ids)
    return [
        document(kind, entity_id, name, inn, phones.get(entity_id, ()), emails.get(entity_id, ()))
        for entity_id, name, inn in base
    ]


def document(
    kind: EntityKind,
    entity_id: int,
    name: str,
    inn: str | None,
    phones: Iterable[str],
    emails: Iterable[str],
) -> dict[str, Any]:
    """The index row of a live person or organization.

    `phones`: their non-empty `search_digits`, `emails`: their `address_key`s, both in
    (position, id) order. A bulk load (the import) builds the rows of the records it
    creates with this from what it inserts, rather than reading them back.
    """
    title = fold(name)
    key = title if kind is EntityKind.PERSON else (org_name_key(name) or title)
    return {
        "entity_kind": kind.value,
        "entity_id": entity_id,
        "title": title,
        "title_key": key[:500],
        "phones": " ".join(phones),
        "emails": " ".join(emails),
        "inn": inn or "",
        "related": "",
    }


def _deals_of_clients(
    conn: sa.Connection, persons: Sequence[int], organizations: Sequence[int]
) -> set[int]:
    """Deals (live or trashed) of these persons and organizations (their rows hold the
    client's name)."""
    found: set[int] = set()
    for column, ids in (
        (deals_t.c.person_id, persons),
        (deals_t.c.organization_id, organizations),
    ):
        for batch in _chunks(ids):
            found.update(conn.scalars(sa.select(deals_t.c.id).where(column.in_(batch))))
    return found


BULK_THRESHOLD = 5000  # records; above it (and a quarter of the index) rebuild FTS in one pass


def refresh(
    conn: sa.Connection,
    *,
    persons: Iterable[int] = (),
    organizations: Iterable[int] = (),
    deals: Iterable[int] = (),
    on_batch: Callable[[int], None] | None = None,
) -> None:
    """Rebuild the index rows of these records (removing the trashed or deleted).

    The deals of these persons and organizations are refreshed with them (their rows
    hold the client's name). `on_batch(n)` is called after each batch of n records
    (progress, cancellation). On SQLite a large refresh suspends the FTS triggers and
    rebuilds the FTS table in one pass at the end: about 8x faster than row-by-row
    trigger inserts.
    """
    person_ids = sorted(set(persons))
    org_ids = sorted(set(organizations))
    deal_ids = set(deals) | _deals_of_clients(conn, person_ids, org_ids)
    work = [
        (EntityKind.PERSON, person_ids),
        (EntityKind.ORGANIZATION, org_ids),
        (EntityKind.DEAL, sorted(deal_ids)),
    ]
    total = sum(len(ids) for _, ids in work)
    with _fts_suspended_if_large(conn, total) as catch_up:
        outer = conn.info.get(_SUSPENDED)
        if total and outer is not None and outer is not catch_up:
            outer.replaced = True  # rows of an outer block's FTS replaced: it rebuilds
        for kind, ids in work:
            for batch in _chunks(ids):
                conn.execute(
                    docs.delete().where(
                        docs.c.entity_kind == kind.value, docs.c.entity_id.in_(batch)
                    )
                )
                bulk.insert_rows(conn, docs, _rows_for(conn, kind, batch))
                if on_batch is not None:
                    on_batch(len(batch))


_SUSPENDED = "crm_search_fts_suspended"  # conn.info: the FtsCatchUp of an outer block
_FTS_COLUMNS = "title, phones, emails, inn"  # the migration's SEARCH_COLUMNS


@dataclass
class FtsCatchUp:
    """The FTS triggers are off for a bulk block: its rows get into FTS by a catch-up.

    `statement(conn)` gives the FTS insert of the `search_docs` rows added since the
    last call (None: none), for the caller to run now or on a thread while it builds
    its next rows (SQLite indexes without holding Python's GIL: see
    `bulk.Background`). At the block's end FTS is rebuilt in one pass only when rows
    were left out of the catch-ups or `replaced` (deleted, refreshed).
    """

    indexed_to: int  # search_docs ids up to this one are in FTS
    replaced: bool = False

    def statement(self, conn: sa.Connection) -> tuple[str, tuple[int, int]] | None:
        last = _last_id(conn)
        if last <= self.indexed_to:
            return None
        span = (self.indexed_to, last)
        self.indexed_to = last
        return (
            f"INSERT INTO search_fts(rowid, {_FTS_COLUMNS}) SELECT id, {_FTS_COLUMNS} "
            "FROM search_docs WHERE id > ? AND id <= ? ORDER BY id",
            span,
        )


def _last_id(conn: sa.Connection) -> int:
    return int(conn.scalar(sa.select(sa.func.coalesce(sa.func.max(docs.c.id), 0))) or 0)


@contextmanager
def deferred(conn: sa.Connection, records: int) -> Iterator[FtsCatchUp | None]:
    """A block that writes the index rows of about `records` records in bulk.

    On SQLite, when `records` is large (see `refresh`), the FTS triggers are suspended
    for the block and the block gives an `FtsCatchUp` (else None: the triggers index
    as rows come); `refresh` calls inside it leave FTS to the block. Rows inserted
    straight into `search_docs` (`document`) inside the block are indexed too: by the
    catch-ups the caller runs, else by a rebuild at the end.
    """
    with _fts_suspended_if_large(conn, records) as catch_up:
        yield catch_up


def drop_stale_documents(conn: sa.Connection) -> None:
    """Delete index rows of ids past the last organization / person (left by an old bug
    or a hand edit): they would collide with the rows of records about to be created."""
    for kind, table in ((EntityKind.ORGANIZATION, orgs_t), (EntityKind.PERSON, persons_t)):
        deleted = conn.execute(
            docs.delete().where(
                docs.c.entity_kind == kind.value, docs.c.entity_id >= bulk.next_id(conn, table)
            )
        ).rowcount
        outer = conn.info.get(_SUSPENDED)
        if deleted and outer is not None:
            outer.replaced = True


@contextmanager
def _fts_suspended_if_large(conn: sa.Connection, records: int) -> Iterator[FtsCatchUp | None]:
    if conn.dialect.name != "sqlite" or records < BULK_THRESHOLD or conn.info.get(_SUSPENDED):
        yield None
        return
    indexed = conn.scalar(sa.select(sa.func.count()).select_from(docs)) or 0
    if records * 4 < indexed:
        yield None
        return
    triggers = conn.execute(
        sa.text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'search_docs'"
        )
    ).all()
    for name, _ in triggers:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    catch_up = conn.info[_SUSPENDED] = FtsCatchUp(_last_id(conn))
    # FTS5 merges its segments as they come, 4 per level by default: a bulk catch-up
    # merges less often with 16 (the most; a third less time for 100k rows, queries as
    # fast). The setting lives in the index's config table: restored at the end.
    merge_every = conn.exec_driver_sql(
        "SELECT v FROM search_fts_config WHERE k = 'automerge'"
    ).scalar()
    _fts_setting(conn, "automerge", 16)
    try:
        yield catch_up  # the same transaction: on an error everything, drops included, rolls back
    finally:
        conn.info.pop(_SUSPENDED, None)
    _fts_setting(conn, "automerge", _DEFAULT_AUTOMERGE if merge_every is None else merge_every)
    for _, sql in triggers:
        conn.exec_driver_sql(sql)
    if catch_up.replaced or _last_id(conn) > catch_up.indexed_to:
        _rebuild_fts(conn)


_DEFAULT_AUTOMERGE = 4  # FTS5's


def _fts_setting(conn: sa.Connection, name: str, value: int) -> None:
    conn.exec_driver_sql("INSERT INTO search_fts(search_fts, rank) VALUES (?, ?)", (name, value))


def _rebuild_fts(conn: sa.Connection) -> None:
    conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def rebuild_all(conn: sa.Connection) -> None:
    """Rebuild the whole index (after a bulk load, or by `crm-desktop check --repair`)."""
    conn.execute(docs.delete())
    person_ids = conn.execute(sa.select(persons_t.c.id)).scalars().all()
    org_ids = conn.execute(sa.select(orgs_t.c.id)).scalars().all()
    deal_ids = conn.execute(sa.select(deals_t.c.id)).scalars().all()
    refresh(conn, persons=person_ids, organizations=org_ids, deals=deal_ids)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


# ------------------------------------------------------------------ ORM hooks

_PENDING = "crm_search_pending"


@dataclass
class _Pending:
    persons: set[int] = field(default_factory=set)
    organizations: set[int] = field(default_factory=set)
    deals: set[int] = field(default_factory=set)


def _note_flushed(session: Session, _ctx: Any) -> None:
    pending: _Pending = session.info.setdefault(_PENDING, _Pending())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Person):
            pending.persons.add(obj.id)
        elif isinstance(obj, Organization):
            pending.organizations.add(obj.id)
        elif isinstance(obj, Deal):
            pending.deals.add(obj.id)
        elif isinstance(obj, (Phone, Email)):
            if obj.person_id is not None:
                pending.persons.add(obj.person_id)
            if obj.organization_id is not None:
                pending.organizations.add(obj.organization_id)


def _refresh_before_commit(session: Session) -> None:
    session.flush()
    pending: _Pending | None = session.info.pop(_PENDING, None)
    if pending and (pending.persons or pending.organizations or pending.deals):
        refresh(
            session.connection(),
            persons=pending.persons,
            organizations=pending.organizations,
            deals=pending.deals,
        )


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_PENDING, None)


def install_search_hooks(session_factory: Any) -> None:
    """Keep the index in step with every ORM transaction of this session factory."""
    sa.event.listen(session_factory, "after_flush", _note_flushed)
    sa.event.listen(session_factory, "before_commit", _refresh_before_commit)
    sa.event.listen(session_factory, "after_rollback", _forget)


# -------------------------------------------------------------------- queries


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: EntityKind
    entity_id: int
    title: str
    # 'phone', 'email', 'inn' (exact) or 'name', 'phone_fragment', 'email_fragment',
    # 'inn_fragment', 'client' (a deal found by its client's name)
    match: str
    exact: bool


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def exact_candidates(
    session: Session, *, e164: str | None, email: str | None, inn: str | None, limit: int
) -> list[Candidate]:
    """Records with exactly this phone, email or INN (b-tree lookups)."""
    found: list[Candidate] = []
    if e164:
        rows = session.execute(
            sa.select(phones_t.c.person_id, phones_t.c.organization_id)
            .where(phones_t.c.e164 == e164)
            .limit(limit)
        ).all()
        found += _owners_to_candidates(session, rows, "phone")
    if email:
        rows = session.execute(
            sa.select(emails_t.c.person_id, emails_t.c.organization_id)
            .where(emails_t.c.address_key == email)
            .limit(limit)
        ).all()
        found += _owners_to_candidates(session, rows, "email")
    if inn:
        for kind, table in ((EntityKind.ORGANIZATION, orgs_t), (EntityKind.PERSON, persons_t)):
            ids = session.execute(
                sa.select(table.c.id).where(table.c.inn == inn).limit(limit)
            ).scalars()
            found += _docs_to_candidates(session, kind, list(ids), "inn", exact=True)
    return found


def _owners_to_candidates(
    session: Session, rows: Sequence[sa.Row[Any, Any]], match: str
) -> list[Candidate]:
    persons = [p for p, _ in rows if p is not None]
    orgs = [o for _, o in rows if o is not None]
    return _docs_to_candidates(
        session, EntityKind.PERSON, persons, match, exact=True
    ) + _docs_to_candidates(session, EntityKind.ORGANIZATION, orgs, match, exact=True)


def _docs_to_candidates(
    session: Session, kind: EntityKind, ids: list[int], match: str, *, exact: bool
) -> list[Candidate]:
    if not ids:
        return []
    rows = session.execute(
        sa.select(docs.c.entity_id, docs.c.title).where(
            docs.c.entity_kind == kind.value, docs.c.entity_id.in_(ids[:CHUNK])
        )
    ).all()
    return [Candidate(kind, eid, title, match, exact) for eid, title in rows]


def prefix_candidates(session: Session, folded: str, limit: int) -> list[Candidate]:
    """Records whose name key starts with `folded` (an index range scan)."""
    cond: sa.ColumnElement[bool]
    if session.get_bind().dialect.name == "postgresql":
        cond = docs.c.title_key.like(_escape_like(folded) + "%", escape="\\")
    else:
        cond = sa.and_(docs.c.title_key >= folded, docs.c.title_key < folded + "\U0010ffff")
    rows = session.execute(
        sa.select(docs.c.entity_kind, docs.c.entity_id, docs.c.title)
        .where(cond)
        .order_by(docs.c.title_key)
        .limit(limit)
    ).all()
    return [Candidate(EntityKind(k), eid, title, "name", False) for k, eid, title in rows]


def substring_candidates(
    session: Session,
    *,
    words: Sequence[str],
    digit_variants: Sequence[str],
    limit: int,
) -> list[Candidate]:
    """Records whose text holds every word (names, emails) or a digit fragment (phones, INN).

    Words and digit fragments shorter than three characters are not searched here.
    """
    words = [w for w in words if len(w) >= 3]
    digit_variants = [d for d in digit_variants if len(d) >= 3]
    found: list[Candidate] = []
    if session.get_bind().dialect.name == "sqlite":
        queries: list[tuple[str, str]] = []
        if words:
            text_match = " AND ".join("{title emails related}: " + _fts_phrase(w) for w in words)
            queries.append((text_match, "text"))
        if digit_variants:
            digit_match = " OR ".join(
                "{phones inn}: " + _fts_phrase(d) for d in dict.fromkeys(digit_variants)
            )
            queries.append((digit_match, "digits"))
        for match_expr, what in queries:
            rows = session.execute(
                sa.text(
                    "SELECT d.entity_kind, d.entity_id, d.title, d.phones, d.inn, d.emails, "
                    "d.related "
                    "FROM search_docs d WHERE d.id IN "
                    "(SELECT rowid FROM search_fts WHERE search_fts MATCH :m LIMIT :n)"
                ),
                {"m": match_expr, "n": limit},
            ).all()
            found += [_classify(row, what, words, digit_variants) for row in rows]
        return found
    conds = []
    if words:
        conds.append(
            sa.and_(
                *[
                    sa.or_(
                        docs.c.title.like(f"%{_escape_like(w)}%", escape="\\"),
                        docs.c.emails.like(f"%{_escape_like(w)}%", escape="\\"),
                        docs.c.related.like(f"%{_escape_like(w)}%", escape="\\"),
                    )
                    for w in words
                ]
            )
        )
    for d in dict.fromkeys(digit_variants):
        conds.append(docs.c.phones.like(f"%{d}%"))
        conds.append(docs.c.inn.like(f"%{d}%"))
    if not conds:
        return []
    rows = session.execute(
        sa.select(
            docs.c.entity_kind,
            docs.c.entity_id,
            docs.c.title,
            docs.c.phones,
            docs.c.inn,
            docs.c.emails,
            docs.c.related,
        )
        .where(sa.or_(*conds))
        .limit(limit)
    ).all()
    return [
        _classify(row, "digits" if not words else "text", words, digit_variants) for row in rows
    ]


def _classify(
    row: sa.Row[Any, Any, Any, Any, Any, Any, Any],
    what: str,
    words: Sequence[str],
    digit_variants: Sequence[str],
) -> Candidate:
    kind, eid, title, phones, inn, emails, related = row
    if what == "digits":
        match = "inn_fragment" if any(d in inn for d in digit_variants) else "phone_fragment"
        if any(d in phones for d in digit_variants):
            match = "phone_fragment"
    elif all(w in title for w in words):
        match = "name"
    elif any(w in emails for w in words):
        match = "email_fragment"
    elif any(w in related for w in words):
        match = "client"
    else:
        match = "name"
    return Candidate(EntityKind(kind), eid, title, match, False)
