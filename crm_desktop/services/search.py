"""One search over names, phones in any format, emails, INN and deals — ranked.

Deals are found by their title and by their client's name (organization, person).

Order of the results:
0. exact hits: the whole query is a valid phone, an email or an INN of the record;
1. the name equals the query;
2. every word of the query is a whole word of the name;
3. the name starts with the query;
4. a word of the name starts with the query's first word;
5. anything else that contains the query (a phone or INN fragment, part of a word);
6. deals found only by their client's name (after the client itself).
Ties go alphabetically by name.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_desktop.domain.emails import normalize_email
from crm_desktop.domain.inn import is_valid_inn, normalize_inn
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.domain.names import fold
from crm_desktop.domain.phones import exact_phone_e164, query_phone_digits
from crm_desktop.services import access
from crm_desktop.services.dto import SearchHit
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import search_index
from crm_desktop.storage.models import Deal, Organization, Person, Stage
from crm_desktop.storage.search_index import Candidate

MAX_LIMIT = 500


def _rank(c: Candidate, folded: str, words: list[str]) -> int:
    if c.exact:
        return 0
    if c.match == "client":
        return 6
    if c.title == folded:
        return 1
    title_words = c.title.split()
    if words and all(w in title_words for w in words):
        return 2
    if c.title.startswith(folded):
        return 3
    if words and any(t.startswith(words[0]) for t in title_words):
        return 4
    return 5


def search(ws: Workspace, query: str, limit: int = 20) -> list[SearchHit]:
    """The records matching `query`, best first (at most `limit`, at most 500)."""
    folded = fold(query)
    if not folded:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    words = folded.split()
    digits = query_phone_digits(query)
    email = normalize_email(query) if "@" in query else None
    inn = normalize_inn(query)
    inn = inn if inn and is_valid_inn(inn) else None
    pool = limit * 3
    with ws.read() as uow:
        session = uow.session
        found = search_index.exact_candidates(
            session, e164=exact_phone_e164(query, ws.region), email=email, inn=inn, limit=pool
        )
        if digits is None:
            found += search_index.prefix_candidates(session, folded, pool)
        if len(folded.replace(" ", "")) >= 3:
            found += search_index.substring_candidates(
                session,
                words=[] if digits else words,
                digit_variants=[digits] if digits else [],
                limit=pool,
            )
        found = _visible(session, found)
        best: dict[tuple[EntityKind, int], tuple[int, Candidate]] = {}
        for c in found:
            key = (c.kind, c.entity_id)
            rank = _rank(c, folded, words)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, c)
        ordered = sorted(best.values(), key=lambda rc: (rc[0], rc[1].title, rc[1].entity_id))
        top = [c for _, c in ordered[:limit]]
        subtitles = _subtitles(session, top)
    return [
        SearchHit(
            kind=c.kind,
            id=c.entity_id,
            title=subtitles.get((c.kind, c.entity_id), ("", ""))[0] or c.title,
            subtitle=subtitles.get((c.kind, c.entity_id), ("", ""))[1],
            match=c.match,
            exact=c.exact,
        )
        for c in top
    ]


def _visible(session: sa.orm.Session, found: list[Candidate]) -> list[Candidate]:
    """Team mode: drop the records the user may not see (colleagues' key clients)."""
    if not access.restricted(access.current_user()):
        return found
    keep = {
        kind: access.visible_ids(session, kind, {c.entity_id for c in found if c.kind is kind})
        for kind in {c.kind for c in found}
    }
    return [c for c in found if c.entity_id in keep[c.kind]]


def _subtitles(
    session: sa.orm.Session, hits: list[Candidate]
) -> dict[tuple[EntityKind, int], tuple[str, str]]:
    """Display name and a second line for each hit: position, organization, city of a
    person; city and INN of an organization; client and stage of a deal."""
    result: dict[tuple[EntityKind, int], tuple[str, str]] = {}
    person_ids = [c.entity_id for c in hits if c.kind is EntityKind.PERSON]
    org_ids = [c.entity_id for c in hits if c.kind is EntityKind.ORGANIZATION]
    if person_ids:
        rows = session.execute(
            sa.select(Person.id, Person.full_name, Person.position, Organization.name, Person.city)
            .outerjoin(Organization, Person.organization_id == Organization.id)
            .where(Person.id.in_(person_ids))
        )
        for pid, name, position, org_name, city in rows:
            parts = [p for p in (position, org_name, city) if p]
            result[(EntityKind.PERSON, pid)] = (name, ", ".join(parts))
    if org_ids:
        rows2 = session.execute(
            sa.select(
                Organization.id, Organization.name, Organization.city, Organization.inn
            ).where(Organization.id.in_(org_ids))
        )
        for oid, name, city, inn in rows2:
            parts = [p for p in (city, inn) if p]
            result[(EntityKind.ORGANIZATION, oid)] = (name, ", ".join(parts))
    deal_ids = [c.entity_id for c in hits if c.kind is EntityKind.DEAL]
    if deal_ids:
        rows3 = session.execute(
            sa.select(Deal.id, Deal.title, Organization.name, Person.full_name, Stage.name)
            .outerjoin(Organization, Deal.organization_id == Organization.id)
            .outerjoin(Person, Deal.person_id == Person.id)
            .join(Stage, Deal.stage_id == Stage.id)
            .where(Deal.id.in_(deal_ids))
        )
        for did, title, org_name, person_name, stage_name in rows3:
            parts = [p for p in (org_name, person_name, stage_name) if p]
            result[(EntityKind.DEAL, did)] = (title, ", ".join(parts))
    return result
