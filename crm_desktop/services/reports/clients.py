"""Client reports: one client's dossier, and the client base in numbers.

Dossier: the card (from the contacts service), an organization's live people with
their first phone and e-mail, the open deals (an organization's own and its people's),
the recent history and the planned work (both from the timeline service, split by
`planned`). Base: live organizations and persons counted by segment, tag, city and
owner (owners and tags/segment narrow them), and the clients not contacted for
`no_contact_days` days — `last_contact_at` older than now minus N days, or never,
as in the contact list's filter — the longest-forgotten first, capped at
`FORGOTTEN_LIMIT` rows with the full count in `Table.total_rows`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta, tzinfo
from typing import Any

import sqlalchemy as sa

from crm_desktop.domain.clock import Clock, local_day
from crm_desktop.domain.kinds import ActivityKind, EntityKind, StageKind
from crm_desktop.domain.names import fold
from crm_desktop.errors import NotFoundError, ValidationError
from crm_desktop.services import access, contacts
from crm_desktop.services.dto import OrganizationCard, PersonCard
from crm_desktop.services.reports.common import (
    ClientFilter,
    base_money,
    client_filter,
    clock_or_system,
    scope_parameters,
    user_names,
    utc,
)
from crm_desktop.services.reports.params import ReportParams
from crm_desktop.services.reports.result import (
    EMPTY,
    Cell,
    CellKind,
    Chart,
    ChartKind,
    Column,
    ReportResult,
    Row,
    Series,
    Table,
    day,
    integer,
    label,
    money,
    text,
    total_row,
)
from crm_desktop.services.reports.work import KIND_LABELS
from crm_desktop.services.timeline import TimelineEntry, timeline
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Deal,
    Email,
    Organization,
    Person,
    Phone,
    Stage,
    Tag,
    organization_tags,
    person_tags,
)

HISTORY_LIMIT = 50  # timeline entries read for the dossier (planned and past together)
FORGOTTEN_LIMIT = 500

_ENTRY_LABELS = {"note": "Note", "deal": "Deal", "stage_change": "Stage change", "audit": "Change"}


# ------------------------------------------------------------------ dossier


def _card_rows(card: OrganizationCard | PersonCard, owner: str) -> list[Row]:
    """(field, value) rows of a card; empty fields left out."""
    fields: list[tuple[str, str | None]] = []
    if isinstance(card, OrganizationCard):
        fields += [("Name", card.name), ("INN", card.inn), ("KPP", card.kpp)]
        fields += [("Industry", card.industry)]
    else:
        fields += [("Name", card.full_name), ("Organization", card.organization_name)]
        fields += [("Position", card.position), ("Department", card.department)]
        fields += [("INN", card.inn)]
    fields += [
        (
            "Phones",
            ", ".join(
                p.display + (f" ({p.extension})" if p.extension else "") for p in card.phones
            ),
        ),
        ("E-mails", ", ".join(e.address for e in card.emails)),
        ("Address", card.address),
        ("City", card.city),
        ("Website", card.website),
        ("Segment", card.segment),
        ("Source", card.source),
        ("Tags", ", ".join(card.tags)),
        ("Owner", owner),
        ("Interests", card.interests),
        ("Notes", card.notes),
    ]
    rows: list[Row] = [(label(name), text(value)) for name, value in fields if value]
    if isinstance(card, PersonCard) and card.birthday is not None:
        rows.append((label("Birthday"), day(card.birthday)))
    if card.is_key_client:
        rows.append((label("Key client"), label("Yes")))
    return rows


def _first_contacts(conn: sa.Connection, person_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Per person: the first phone (as typed) and the first e-mail, '' when none."""
    out: dict[int, list[str]] = {i: ["", ""] for i in person_ids}
    if not person_ids:
        return {}
    for column, model, slot in ((Phone.raw, Phone, 0), (Email.address, Email, 1)):
        for person_id, value in conn.execute(
            sa.select(model.person_id, column)
            .where(model.person_id.in_(person_ids))
            .order_by(model.person_id, model.position.desc(), model.id.desc())
        ):
            if person_id is not None:  # the last written is the first by position
                out[person_id][slot] = value
    return {i: (phone, email) for i, (phone, email) in out.items()}


def _entry_cells(entry: TimelineEntry, tz: tzinfo) -> Row:
    if entry.kind == "activity":
        activity_kind = _activity_kind(entry.icon)
        kind = KIND_LABELS[activity_kind] if activity_kind is not None else "Activity"
    else:
        kind = _ENTRY_LABELS.get(entry.kind, "Change")
    return (
        day(local_day(entry.at, tz)),
        label(kind),
        text(entry.title),
        text(entry.detail or None),
        text(entry.person_name or None),
        text(entry.owner or None),
    )


def _activity_kind(icon: str) -> ActivityKind | None:
    try:
        return ActivityKind(icon)
    except ValueError:
        return None


_ENTRY_COLUMNS = (
    Column("day", "Date", CellKind.DATE),
    Column("kind", "Type", CellKind.LABEL),
    Column("title", "Subject", CellKind.TEXT),
    Column("detail", "Details", CellKind.TEXT),
    Column("person", "Person", CellKind.TEXT),
    Column("user", "User", CellKind.TEXT),
)


def dossier(ws: Workspace, params: ReportParams, clock: Clock | None = None) -> ReportResult:
    """One organization or person (`params.client_kind`, `params.client_id`)."""
    clock = clock_or_system(clock)
    kind, client_id = params.client_kind, params.client_id
    if client_id is None or kind not in (EntityKind.ORGANIZATION, EntityKind.PERSON):
        raise ValidationError("Choose an organization or a person.", "client")
    card: OrganizationCard | PersonCard = (
        contacts.get_organization(ws, client_id)
        if kind is EntityKind.ORGANIZATION
        else contacts.get_person(ws, client_id)
    )
    if card.deleted_at is not None:
        raise NotFoundError("This client is in the trash.")
    people = card.persons if isinstance(card, OrganizationCard) else ()
    with ws.read() as uow:
        conn = uow.session.connection()
        names = user_names(conn)
        cash = base_money(conn, ws)
        reach = _first_contacts(conn, [p.id for p in people])
        if isinstance(card, OrganizationCard):
            whose = sa.or_(
                Deal.organization_id == client_id, Deal.person_id.in_([p.id for p in people])
            )
        else:
            whose = Deal.person_id == client_id
        open_deals = conn.execute(
            sa.select(
                Deal.title,
                Stage.name,
                Deal.amount_minor,
                Deal.currency,
                Deal.expected_close_on,
                Deal.owner_id,
            )
            .join(Stage, Stage.id == Deal.stage_id)
            .where(whose, Deal.deleted_at.is_(None), Stage.kind == StageKind.OPEN)
            .order_by(Deal.expected_close_on.is_(None), Deal.expected_close_on, Deal.id)
        ).all()
    entries = timeline(ws, kind, client_id, HISTORY_LIMIT, now=clock.now(), tz=clock.tz)
    owner = names.get(card.owner_id, "") if card.owner_id is not None else ""
    tables = [
        Table(
            "card",
            "Card",
            (Column("field", "Field", CellKind.LABEL), Column("value", "Value", CellKind.TEXT)),
            tuple(_card_rows(card, owner)),
        )
    ]
    if isinstance(card, OrganizationCard):
        tables.append(
            Table(
                "people",
                "People",
                (
                    Column("name", "Name", CellKind.TEXT),
                    Column("position", "Position", CellKind.TEXT),
                    Column("phone", "Phone", CellKind.TEXT),
                    Column("email", "E-mail", CellKind.TEXT),
                ),
                tuple(
                    (
                        text(p.full_name),
                        text(p.position),
                        text(reach[p.id][0] or None),
                        text(reach[p.id][1] or None),
                    )
                    for p in people
                ),
            )
        )
    deal_rows: list[Row] = []
    total = 0
    for title, stage, amount, currency, close_on, owner_id in open_deals:
        base = cash.to_base(amount, currency)
        total += base
        deal_rows.append(
            (
                text(title),
                text(stage),
                money(amount, currency),
                money(base, cash.base),
                day(close_on),
                text(names.get(owner_id, "") or None) if owner_id is not None else EMPTY,
            )
        )
    tables.append(
        Table(
            "open_deals",
            "Open deals",
            (
                Column("title", "Deal", CellKind.TEXT),
                Column("stage", "Stage", CellKind.TEXT),
                Column("amount", "Amount", CellKind.MONEY),
                Column("amount_base", "Amount in base currency", CellKind.MONEY),
                Column("close_on", "Expected close", CellKind.DATE),
                Column("owner", "Owner", CellKind.TEXT),
            ),
            tuple(deal_rows),
            (total_row("Total", (EMPTY, EMPTY, money(total, cash.base), EMPTY, EMPTY)),),
        )
    )
    planned = sorted((e for e in entries if e.planned), key=lambda e: e.at)
    history = [e for e in entries if not e.planned]
    tables.append(
        Table(
            "planned",
            "Planned work",
            _ENTRY_COLUMNS,
            tuple(_entry_cells(e, clock.tz) for e in planned),
        )
    )
    tables.append(
        Table(
            "history",
            "Recent history",
            _ENTRY_COLUMNS,
            tuple(_entry_cells(e, clock.tz) for e in history),
        )
    )
    name = card.name if isinstance(card, OrganizationCard) else card.full_name
    what = "Organization" if isinstance(card, OrganizationCard) else "Person"
    return ReportResult(
        "dossier",
        "Client dossier",
        ((what, text(name)), ("As of", day(local_day(clock.now(), clock.tz)))),
        tuple(tables),
        base_currency=cash.base,
        generated_at=clock.now(),
    )


# ------------------------------------------------------------------ client base


def _narrowing(
    model: type[Organization] | type[Person], params: ReportParams, clients: ClientFilter
) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = [model.deleted_at.is_(None), *access.where_here(model)]
    if params.owner_ids:
        where.append(model.owner_id.in_(params.owner_ids))
    if not clients.empty:
        matches = clients.organization if model is Organization else clients.person
        where.append(matches(model.id))
    return where


def _keys(counts: dict[Any, list[int]], name: Any = str) -> list[Any]:
    """Values by count (most first), then by name; None last."""
    return sorted(
        counts, key=lambda k: (k is None, -sum(counts[k]), fold(name(k)) if k is not None else "")
    )


def _count_table(
    table_id: str,
    title: str,
    first: Column,
    counts: dict[Any, list[int]],
    none_label: str,
    name_of: Any = None,
) -> Table:
    """Organizations and persons per value (None last, as `none_label`), most first."""

    def name(key: Any) -> str:
        return str(name_of(key) if name_of else key)

    keys = _keys(counts, name)
    orgs = sum(c[0] for c in counts.values())
    persons = sum(c[1] for c in counts.values())
    return Table(
        table_id,
        title,
        (
            first,
            Column("organizations", "Organizations", CellKind.INT),
            Column("persons", "Persons", CellKind.INT),
            Column("total", "Total", CellKind.INT),
        ),
        tuple(
            (
                text(name(k)) if k is not None else label(none_label),
                integer(counts[k][0]),
                integer(counts[k][1]),
                integer(sum(counts[k])),
            )
            for k in keys
        ),
        (total_row("Total", (integer(orgs), integer(persons), integer(orgs + persons))),),
    )


def base(ws: Workspace, params: ReportParams, clock: Clock | None = None) -> ReportResult:
    """The client base by segment, tag, city and owner; clients not contacted lately."""
    clock = clock_or_system(clock)
    now, tz = clock.now(), clock.tz
    cutoff = now - timedelta(days=params.no_contact_days)
    grouped: dict[str, dict[Any, list[int]]] = {
        k: defaultdict(lambda: [0, 0]) for k in ("segment", "city", "owner", "tag")
    }
    forgotten: list[tuple[bool, str, str, int | None, Any]] = []
    forgotten_total = 0
    spellings: dict[str, str] = {}

    def spelling(value: Any) -> Any:
        """Texts equal when folded ("Опт", "опт") count as one, shown as first met."""
        return spellings.setdefault(fold(value), value) if isinstance(value, str) else value

    with ws.read() as uow:
        conn = uow.session.connection()
        names = user_names(conn)
        clients = client_filter(conn, params)
        for slot, model, link, link_col, name_col in (
            (
                0,
                Organization,
                organization_tags,
                organization_tags.c.organization_id,
                Organization.name,
            ),
            (1, Person, person_tags, person_tags.c.person_id, Person.full_name),
        ):
            where = _narrowing(model, params, clients)
            for key, column in (
                ("segment", model.segment),
                ("city", model.city),
                ("owner", model.owner_id),
            ):
                for value, count in conn.execute(
                    sa.select(column, sa.func.count()).where(*where).group_by(column)
                ):
                    grouped[key][spelling(value)][slot] += count
            for tag_name, count in conn.execute(
                sa.select(Tag.name, sa.func.count())
                .select_from(link)
                .join(Tag, Tag.id == link.c.tag_id)
                .join(model, model.id == link_col)
                .where(*where)
                .group_by(Tag.name)
            ):
                grouped["tag"][spelling(tag_name)][slot] += count
            stale = [
                *where,
                sa.or_(model.last_contact_at.is_(None), model.last_contact_at < cutoff),
            ]
            forgotten_total += int(
                conn.scalar(sa.select(sa.func.count()).select_from(model).where(*stale)) or 0
            )
            forgotten += [
                (slot == 0, name, city or "", owner_id, last)
                for name, city, owner_id, last in conn.execute(
                    sa.select(name_col, model.city, model.owner_id, model.last_contact_at)
                    .where(*stale)
                    .order_by(model.last_contact_at.is_not(None), model.last_contact_at, model.id)
                    .limit(FORGOTTEN_LIMIT)
                )
            ]
        header = scope_parameters(conn, params, names, with_pipeline=False)
    forgotten.sort(key=lambda r: (r[4] is not None, utc(r[4]) or now, fold(r[1])))
    del forgotten[FORGOTTEN_LIMIT:]
    owner_name = names.get
    tables = (
        _count_table(
            "by_segment",
            "Clients by segment",
            Column("segment", "Segment", CellKind.TEXT),
            grouped["segment"],
            "No segment",
        ),
        _count_table(
            "by_tag",
            "Clients by tag",
            Column("tag", "Tag", CellKind.TEXT),
            grouped["tag"],
            "No tag",
        ),
        _count_table(
            "by_city",
            "Clients by city",
            Column("city", "City", CellKind.TEXT),
            grouped["city"],
            "No city",
        ),
        _count_table(
            "by_owner",
            "Clients by owner",
            Column("owner", "Owner", CellKind.TEXT),
            grouped["owner"],
            "No owner",
            lambda uid: owner_name(uid, f"#{uid}"),
        ),
        Table(
            "not_contacted",
            "Clients not contacted lately",
            (
                Column("kind", "Type", CellKind.LABEL),
                Column("name", "Name", CellKind.TEXT),
                Column("city", "City", CellKind.TEXT),
                Column("owner", "Owner", CellKind.TEXT),
                Column("last_contact", "Last contact", CellKind.DATE),
            ),
            tuple(
                (
                    label("Organization" if is_org else "Person"),
                    text(name),
                    text(city or None),
                    text(owner_name(owner_id, "") or None) if owner_id is not None else EMPTY,
                    _last_contact(last, tz),
                )
                for is_org, name, city, owner_id, last in forgotten
            ),
            total_rows=forgotten_total,
        ),
    )
    segment_table = tables[0]
    chart = Chart(
        "by_segment",
        "Clients by segment",
        ChartKind.PIE,
        tuple(r[0] for r in segment_table.rows),
        (
            Series(
                "Total", tuple(float(sum(grouped["segment"][k])) for k in _keys(grouped["segment"]))
            ),
        ),
    )
    return ReportResult(
        "base",
        "Client base",
        (
            ("As of", day(local_day(now, tz))),
            ("Not contacted for, days", integer(params.no_contact_days)),
            *header,
        ),
        tables,
        (chart,),
        generated_at=now,
    )


def _last_contact(value: Any, tz: tzinfo) -> Cell:
    moment = utc(value)
    return day(local_day(moment, tz)) if moment is not None else label("Never")
