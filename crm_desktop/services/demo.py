"""A realistic demo base: organizations, people, messy-but-valid phones, deals, tasks.

Used on first start ("open a demo base") and by the benchmarks (100k and 1M
persons). Everything goes in one transaction through Core bulk inserts; phones go
through the same phone rules as typed input, so the demo exercises them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import sqlalchemy as sa

from crm_desktop.domain.clock import at_local, local_day, local_timezone, week_start
from crm_desktop.domain.emails import normalize_email
from crm_desktop.domain.kinds import ActivityKind, PhoneKind, Priority, Role, StageKind
from crm_desktop.domain.names import fold, org_legal_form, org_name_key, person_name_key
from crm_desktop.domain.phones import PhoneStatus, parse_phone_cell, phone_search_terms
from crm_desktop.domain.recurrence import Frequency, RecurrenceRule, Series, day_slot
from crm_desktop.errors import ValidationError
from crm_desktop.services.demo_data import (
    DemoOrganization,
    DemoPerson,
    DemoVocabulary,
    generate_contacts,
    vocabulary,
)
from crm_desktop.services.progress import Progress, Ticker
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import bulk, search_index
from crm_desktop.storage.models import (
    Activity,
    Competitor,
    Deal,
    DealStageChange,
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
    table_of,
)

BATCH = 5000
MINOR = 100  # kopecks per rouble


@dataclass(frozen=True, slots=True)
class DemoSpec:
    persons: int = 300
    organizations: int | None = None  # default: a quarter of the persons
    # default: a tenth of the persons, at least 150 (a full board) or one per person when
    # fewer, never under 20; a tenth of them go to the second pipeline (repeat sales)
    deals: int | None = None
    tasks: int | None = None  # default: a fifth of the persons (at least 40)
    seed: int = 1
    language: str = "ru"

    def resolved(self) -> tuple[int, int, int, int]:
        persons = self.persons
        orgs = self.organizations if self.organizations is not None else persons // 4
        deals = (
            self.deals
            if self.deals is not None
            else (max(20, min(150, persons), persons // 10) if persons else 0)
        )
        tasks = self.tasks if self.tasks is not None else (max(40, persons // 5) if persons else 0)
        if persons + orgs == 0:
            deals = tasks = 0
        return persons, orgs, deals, tasks


@dataclass(frozen=True, slots=True)
class DemoCounts:
    organizations: int
    persons: int
    phones: int
    deals: int
    tasks: int


class _Loader:
    """Collects rows per table and flushes them in batches."""

    def __init__(self, conn: sa.Connection, region: str, now: datetime, ticker: Ticker) -> None:
        self.ticker = ticker
        self.conn = conn
        self.region = region
        self.now = now
        self.rows: dict[sa.Table, list[dict[str, Any]]] = {}
        self.ids: dict[sa.Table, int] = {}
        self.phone_count = 0

    def new_id(self, table: sa.Table) -> int:
        if table not in self.ids:
            self.ids[table] = bulk.next_id(self.conn, table)
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def add(self, table: sa.Table, row: dict[str, Any]) -> None:
        if table in _COUNTED:
            self.ticker.advance()
        batch = self.rows.setdefault(table, [])
        batch.append(row)
        if len(batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Insert every pending row, parents before children."""
        for t in LOAD_ORDER:
            rows = self.rows.pop(t, [])
            if rows:
                bulk.insert_rows(self.conn, t, rows)

    def stamps(self, owner_id: int | None) -> dict[str, Any]:
        return {
            "created_at": self.now,
            "updated_at": self.now,
            "version": 1,
            "deleted_at": None,
            "owner_id": owner_id,
            "created_by_id": owner_id,
            "updated_by_id": owner_id,
            "deleted_by_id": None,
        }

    def phones(self, owner: str, owner_id: int, cells: Iterable[str], kind: PhoneKind) -> None:
        position = 0
        for cell in cells:
            for p in parse_phone_cell(cell, self.region):
                if p.status is PhoneStatus.EMPTY:
                    continue
                row = {
                    "id": self.new_id(PHONES),
                    "organization_id": None,
                    "person_id": None,
                    "kind": kind.value,
                    "raw": p.raw,
                    "e164": p.e164,
                    "extension": p.extension,
                    "is_valid": p.is_valid,
                    "search_digits": " ".join(phone_search_terms(p)),
                    "comment": p.comment,
                    "position": position,
                }
                row[owner] = owner_id
                self.add(PHONES, row)
                position += 1
                self.phone_count += 1

    def emails(self, owner: str, owner_id: int, addresses: Iterable[str]) -> None:
        for position, address in enumerate(addresses):
            key = normalize_email(address)
            if key is None:
                continue
            row = {
                "id": self.new_id(EMAILS),
                "organization_id": None,
                "person_id": None,
                "kind": "work" if owner == "organization_id" else "personal",
                "address": address,
                "address_key": key,
                "position": position,
                "marketing_consent": None,
            }
            row[owner] = owner_id
            self.add(EMAILS, row)


ORGS = table_of(Organization)
PERSONS = table_of(Person)
PHONES = table_of(Phone)
EMAILS = table_of(Email)
TAGS = table_of(Tag)
DEALS = table_of(Deal)
CHANGES = table_of(DealStageChange)
ACTIVITIES = table_of(Activity)
KEY_DATES = table_of(KeyDate)
_COUNTED = frozenset({ORGS, PERSONS, DEALS, ACTIVITIES})
LOAD_ORDER = [
    ORGS,
    PERSONS,
    PHONES,
    EMAILS,
    organization_tags,
    person_tags,
    KEY_DATES,
    DEALS,
    CHANGES,
    ACTIVITIES,
]


def generate_demo(ws: Workspace, spec: DemoSpec, progress: Progress | None = None) -> DemoCounts:
    """Fill an empty base with a demo; refuses a base that already holds cards.

    All or nothing: one transaction; `progress` may raise `Cancelled` to stop.
    """
    n_persons, n_orgs, n_deals, n_tasks = spec.resolved()
    ticker = Ticker(progress, 2 * (n_persons + n_orgs) + n_deals + n_tasks, step=2000)
    vocab = vocabulary(spec.language)
    rng = random.Random(spec.seed)
    now = datetime.now(UTC).replace(microsecond=0)
    with ws.write() as uow:
        conn = uow.session.connection()
        existing = sum(
            conn.scalar(sa.select(sa.func.count()).select_from(t)) or 0 for t in (ORGS, PERSONS)
        )
        if existing:
            raise ValidationError(
                f"{ws.display_name} already holds {existing} cards: the demo goes into a new "
                "or empty base (give another --db)."
            )
        loader = _Loader(conn, ws.region, now, ticker)
        users = _users(conn, vocab, ws.user_id)
        stages, repeat_stages, reasons, competitors = _references(conn, vocab)
        tag_ids = _tags(conn, vocab)
        orgs, persons_iter = generate_contacts(spec.seed, n_persons, n_orgs, spec.language)
        org_ids = _load_organizations(loader, orgs, users, tag_ids, rng)
        person_ids = _load_persons(loader, persons_iter, org_ids, users, tag_ids, rng)
        loader.flush()
        n_repeat = n_deals // 10
        deals = _load_deals(
            loader,
            rng,
            vocab.deal_titles,
            vocab,
            stages,
            reasons,
            competitors,
            users,
            org_ids,
            person_ids,
            n_deals - n_repeat,
        )
        clients = _repeat_clients(deals, org_ids, person_ids)
        deals += _load_deals(
            loader,
            rng,
            vocab.repeat_deal_titles,
            vocab,
            repeat_stages,
            reasons,
            competitors,
            users,
            *clients,
            n_repeat,
        )
        tasks = _load_tasks(loader, rng, vocab, users, org_ids, person_ids, deals, n_tasks)
        loader.flush()
        _set_last_contact(conn)
        bulk.finish(conn, [ORGS, PERSONS, PHONES, EMAILS, DEALS, CHANGES, ACTIVITIES, KEY_DATES])
        search_index.refresh(
            conn,
            persons=person_ids.values(),
            organizations=org_ids.values(),
            on_batch=ticker.advance,
        )
        uow.commit()
    ticker.finish()
    return DemoCounts(
        organizations=len(org_ids),
        persons=len(person_ids),
        phones=loader.phone_count,
        deals=len(deals),
        tasks=tasks,
    )


def _users(conn: sa.Connection, vocab: DemoVocabulary, solo_id: int | None) -> list[int]:
    ids = [] if solo_id is None else [solo_id]
    for i, name in enumerate(vocab.user_names, start=1):
        ids.append(
            conn.execute(
                sa.insert(table_of(User))
                .values(
                    login=f"manager{i}",
                    display_name=name,
                    role=Role.MANAGER.value,
                    is_active=True,
                    created_at=datetime.now(UTC),
                    updated_at=datetime.now(UTC),
                    version=1,
                )
                .returning(table_of(User).c.id)
            ).scalar_one()
        )
    return ids


_StageRef = tuple[int, StageKind, int]  # id, kind, probability


def _pipeline(
    conn: sa.Connection, name: str, position: int, specs: Iterable[tuple[str, str, int]]
) -> list[_StageRef]:
    now = datetime.now(UTC)
    pipeline_id = conn.execute(
        sa.insert(table_of(Pipeline))
        .values(
            name=name,
            position=position,
            is_archived=False,
            created_at=now,
            updated_at=now,
            version=1,
        )
        .returning(table_of(Pipeline).c.id)
    ).scalar_one()
    stages = []
    for stage_position, (stage_name, kind, probability) in enumerate(specs):
        stage_id = conn.execute(
            sa.insert(table_of(Stage))
            .values(
                pipeline_id=pipeline_id,
                name=stage_name,
                kind=kind,
                probability=probability,
                position=stage_position,
            )
            .returning(table_of(Stage).c.id)
        ).scalar_one()
        stages.append((stage_id, StageKind(kind), probability))
    return stages


def _references(
    conn: sa.Connection, vocab: DemoVocabulary
) -> tuple[list[_StageRef], list[_StageRef], list[int], list[int]]:
    """The sales pipeline, the repeat-sales pipeline, loss reasons, competitors."""
    now = datetime.now(UTC)
    stages = _pipeline(conn, vocab.pipeline_name, 0, vocab.stages)
    repeat = _pipeline(conn, vocab.repeat_pipeline_name, 1, vocab.repeat_stages)
    reasons = [
        conn.execute(
            sa.insert(table_of(LossReason))
            .values(name=name, position=i, is_active=True)
            .returning(table_of(LossReason).c.id)
        ).scalar_one()
        for i, name in enumerate(vocab.loss_reasons)
    ]
    competitors = [
        conn.execute(
            sa.insert(table_of(Competitor))
            .values(
                name=name, name_key=org_name_key(name), created_at=now, updated_at=now, version=1
            )
            .returning(table_of(Competitor).c.id)
        ).scalar_one()
        for name in vocab.competitors
    ]
    return stages, repeat, reasons, competitors


def _repeat_clients(
    deals: list[tuple[int, int | None, int | None, int]],
    org_ids: dict[int, int],
    person_ids: dict[int, int],
) -> tuple[dict[int, int], dict[int, int]]:
    """Repeat sales go to clients of the first pipeline (everybody when it has none)."""
    orgs = {org: org for _, org, _, _ in deals if org is not None}
    persons = {person: person for _, _, person, _ in deals if person is not None}
    return (orgs, persons) if orgs or persons else (org_ids, person_ids)


def _tags(conn: sa.Connection, vocab: DemoVocabulary) -> dict[str, int]:
    ids = {}
    for name in vocab.tags:
        ids[name] = conn.execute(
            sa.insert(TAGS).values(name=name, name_key=fold(name)).returning(TAGS.c.id)
        ).scalar_one()
    return ids


def _load_organizations(
    loader: _Loader,
    orgs: list[DemoOrganization],
    users: list[int],
    tag_ids: dict[str, int],
    rng: random.Random,
) -> dict[int, int]:
    ids: dict[int, int] = {}
    for org in orgs:
        org_id = loader.new_id(ORGS)
        ids[org.key] = org_id
        loader.add(
            ORGS,
            {
                "id": org_id,
                "name": org.name,
                "name_key": org_name_key(org.name),
                "legal_form": org_legal_form(org.name),
                "inn": org.inn,
                "kpp": None,
                "ogrn": None,
                "address": org.address,
                "city": org.city,
                "website": org.website,
                "industry": org.industry,
                "segment": org.segment,
                "source": org.source,
                "interests": None,
                "notes": None,
                "is_key_client": org.is_key_client,
                "last_contact_at": None,
                **loader.stamps(rng.choice(users)),
            },
        )
        loader.phones("organization_id", org_id, org.phones, PhoneKind.WORK)
        loader.emails("organization_id", org_id, org.emails)
        for tag in org.tags:
            loader.add(organization_tags, {"organization_id": org_id, "tag_id": tag_ids[tag]})
    return ids


def _load_persons(
    loader: _Loader,
    persons: Iterator[DemoPerson],
    org_ids: dict[int, int],
    users: list[int],
    tag_ids: dict[str, int],
    rng: random.Random,
) -> dict[int, int]:
    ids: dict[int, int] = {}
    for index, person in enumerate(persons):
        person_id = loader.new_id(PERSONS)
        ids[index] = person_id
        full = " ".join(p for p in (person.last, person.first, person.middle) if p)
        org_id = org_ids[person.org_key] if person.org_key is not None else None
        loader.add(
            PERSONS,
            {
                "id": person_id,
                "organization_id": org_id,
                "last_name": person.last,
                "first_name": person.first,
                "middle_name": person.middle,
                "full_name": full,
                "name_key": person_name_key(full),
                "position": person.position or None,
                "department": None,
                "inn": None,
                "address": None,
                "city": person.city,
                "website": None,
                "segment": None,
                "source": None,
                "interests": None,
                "notes": person.notes or None,
                "is_key_client": False,
                "last_contact_at": None,
                **loader.stamps(rng.choice(users)),
            },
        )
        kind = PhoneKind.WORK if org_id else PhoneKind.MOBILE
        loader.phones("person_id", person_id, person.phones, kind)
        loader.emails("person_id", person_id, person.emails)
        for tag in person.tags:
            loader.add(person_tags, {"person_id": person_id, "tag_id": tag_ids[tag]})
        if person.birthday is not None:
            b = person.birthday
            loader.add(
                KEY_DATES,
                {
                    "id": loader.new_id(KEY_DATES),
                    "organization_id": None,
                    "person_id": person_id,
                    "kind": "birthday",
                    "label": None,
                    "month": b.month,
                    "day": b.day,
                    "year": b.year,
                    "remind": True,
                },
            )
    return ids


def _load_deals(
    loader: _Loader,
    rng: random.Random,
    titles: tuple[str, ...],
    vocab: DemoVocabulary,
    stages: list[tuple[int, StageKind, int]],
    reasons: list[int],
    competitors: list[int],
    users: list[int],
    org_ids: dict[int, int],
    person_ids: dict[int, int],
    count: int,
) -> list[tuple[int, int | None, int | None, int]]:
    """Deals spread over the stages; returns (deal id, org id, person id, owner id)."""
    if not count or not stages:
        return []
    open_stages = [s for s in stages if s[1] is StageKind.OPEN]
    won = [s for s in stages if s[1] is StageKind.WON]
    lost = [s for s in stages if s[1] is StageKind.LOST]
    orgs = list(org_ids.values())
    persons = list(person_ids.values())
    today = loader.now.date()
    pipeline_id = loader.conn.scalar(sa.select(Stage.pipeline_id).where(Stage.id == stages[0][0]))
    result = []
    for _ in range(count):
        roll = rng.random()
        stage = (
            rng.choice(won)
            if roll < 0.15 and won
            else rng.choice(lost)
            if roll < 0.27 and lost
            else rng.choice(open_stages)
        )
        org_id = rng.choice(orgs) if orgs and (not persons or rng.random() < 0.8) else None
        person_id = None if org_id else rng.choice(persons)
        owner = rng.choice(users)
        deal_id = loader.new_id(DEALS)
        created = loader.now - timedelta(days=rng.randint(5, 400))
        entered = created + (loader.now - created) * rng.random()
        closed = entered if stage[1] is not StageKind.OPEN else None
        amount = rng.choice((15, 25, 40, 60, 90, 120, 180, 250, 400, 750, 1200, 2500)) * 1000
        loader.add(
            DEALS,
            {
                "id": deal_id,
                "title": rng.choice(titles),
                "organization_id": org_id,
                "person_id": person_id,
                "pipeline_id": pipeline_id,
                "stage_id": stage[0],
                "amount_minor": amount * MINOR,
                "currency": "RUB",
                "probability": None,
                "expected_close_on": today + timedelta(days=rng.randint(-30, 180)),
                "stage_entered_at": entered,
                "closed_at": closed,
                "loss_reason_id": rng.choice(reasons) if stage[1] is StageKind.LOST else None,
                "competitor_id": (
                    rng.choice(competitors)
                    if stage[1] is StageKind.LOST and competitors and rng.random() < 0.5
                    else None
                ),
                "loss_comment": None,
                "source": rng.choice(vocab.sources),
                "description": None,
                **loader.stamps(owner),
                "created_at": created,
                "updated_at": entered,
            },
        )
        _stage_history(loader, deal_id, stage, stages, created, entered, owner, amount)
        result.append((deal_id, org_id, person_id, owner))
    return result


def _stage_history(
    loader: _Loader,
    deal_id: int,
    stage: tuple[int, StageKind, int],
    stages: list[tuple[int, StageKind, int]],
    created: datetime,
    entered: datetime,
    owner: int,
    amount: int,
) -> None:
    """The path a deal took: through the open stages up to its own."""
    open_path = [s for s in stages if s[1] is StageKind.OPEN]
    if stage[1] is StageKind.OPEN:
        path = open_path[: open_path.index(stage) + 1]
    else:
        path = [*open_path[: max(1, len(open_path) * 2 // 3)], stage]
    previous: int | None = None
    for i, (stage_id, _, probability) in enumerate(path):
        when = created + (entered - created) * (i / max(1, len(path) - 1))
        loader.add(
            CHANGES,
            {
                "id": loader.new_id(CHANGES),
                "deal_id": deal_id,
                "from_stage_id": previous,
                "to_stage_id": stage_id,
                "changed_at": when,
                "changed_by_id": owner,
                "probability": probability,
                "amount_minor": amount * MINOR,
            },
        )
        previous = stage_id


_KINDS = [
    (ActivityKind.CALL_OUT, 30),
    (ActivityKind.CALL_IN, 12),
    (ActivityKind.EMAIL, 15),
    (ActivityKind.MEETING_PRESENTATION, 7),
    (ActivityKind.MEETING_NEGOTIATION, 8),
    (ActivityKind.TODO, 22),
    (ActivityKind.LETTER, 4),
    (ActivityKind.FAX, 2),
]


def _load_tasks(
    loader: _Loader,
    rng: random.Random,
    vocab: DemoVocabulary,
    users: list[int],
    org_ids: dict[int, int],
    person_ids: dict[int, int],
    deals: list[tuple[int, int | None, int | None, int]],
    count: int,
) -> int:
    """Work around today for the calendar: this week and the next dense, the past two
    months mostly done (with results, some overdue), the coming month lighter; working
    hours in the local zone; to-dos partly due on a day; reminders on planned items; a
    few recurring series and a checklist. Exactly `count` rows."""
    orgs = list(org_ids.values())
    persons = list(person_ids.values())
    if not count or not (orgs or persons):
        return 0
    tz = local_timezone()
    today = local_day(loader.now, tz)
    monday = week_start(today)

    def client() -> tuple[int | None, int | None, int | None, int]:
        if deals and rng.random() < 0.4:
            return rng.choice(deals)
        if orgs and (not persons or rng.random() < 0.5):
            return None, rng.choice(orgs), None, rng.choice(users)
        return None, None, rng.choice(persons), rng.choice(users)

    made = _load_series(loader, rng, vocab, users, client, tz, monday, count)
    checklist_parent: int | None = None
    kinds = [k for k, _ in _KINDS]
    weights = [w for _, w in _KINDS]
    while made < count:
        kind = rng.choices(kinds, weights)[0]
        deal_id, org_id, person_id, owner = client()
        roll = rng.random()
        if roll < 0.45:  # this week and the next
            day = monday + timedelta(days=rng.randrange(14))
        elif roll < 0.8:  # the past two months
            day = today - timedelta(days=rng.randint(1, 60))
        else:  # the coming month
            day = today + timedelta(days=rng.randint(1, 30))
        if day.weekday() >= 5 and rng.random() < 0.85:
            day -= timedelta(days=day.weekday() - 4)  # office work: mostly weekdays
        undated = kind is ActivityKind.TODO and day >= today and rng.random() < 0.15
        whole_day = kind is ActivityKind.TODO and rng.random() < 0.5
        start = _work_time(day, rng, tz)
        duration = timedelta(
            minutes=rng.choice((60, 90)) if kind.value.startswith("meeting") else 15
        )
        end = start + duration
        past = not undated and ((day < today) if whole_day else end < loader.now)
        done = past and rng.random() < 0.85
        reminder = None
        if undated:
            pass
        elif not whole_day and (not past or done) and rng.random() < 0.4:
            reminder = start - timedelta(minutes=rng.choice((5, 15, 30)))
        elif whole_day and not past and rng.random() < 0.3:
            reminder = at_local(day, time(9), tz)
        subject = rng.choice(vocab.task_subjects.get(kind.value) or vocab.task_subjects["todo"])
        row_id = loader.new_id(ACTIVITIES)
        loader.add(
            ACTIVITIES,
            {
                **_activity_row(row_id, kind, subject, owner, loader),
                "priority": (Priority.HIGH if rng.random() < 0.1 else Priority.NORMAL).value,
                "start_at": None if whole_day or undated else start,
                "end_at": None if whole_day or undated else end,
                "due_on": day if whole_day and not undated else None,
                "all_day": whole_day and not undated,
                "reminder_at": reminder,
                "reminder_dismissed_at": reminder if reminder is not None and done else None,
                "done_at": (end if not whole_day else at_local(day, time(17), tz))
                if done
                else None,
                "result": rng.choice(vocab.task_results) if done else None,
                "organization_id": org_id,
                "person_id": person_id,
                "deal_id": deal_id,
            },
        )
        made += 1
        # a checklist under some planned to-dos, those of a deal first ("prepare the offer")
        wants_checklist = checklist_parent is None or (deal_id is not None and rng.random() < 0.25)
        if kind is ActivityKind.TODO and not past and wants_checklist and made < count:
            checklist_parent = row_id
            items = rng.sample(vocab.task_subjects["todo"], k=min(3, count - made))
            for n, text in enumerate(items):
                loader.add(
                    ACTIVITIES,
                    {
                        **_activity_row(
                            loader.new_id(ACTIVITIES), ActivityKind.TODO, text, owner, loader
                        ),
                        "parent_id": row_id,
                        "done_at": loader.now if n == 0 else None,
                    },
                )
                made += 1
    return made


def _activity_row(
    row_id: int, kind: ActivityKind, subject: str, owner: int | None, loader: _Loader
) -> dict[str, Any]:
    """Every column of an activity row, empty."""
    return {
        "id": row_id,
        "kind": kind.value,
        "subject": subject,
        "description": None,
        "location": None,
        "priority": Priority.NORMAL.value,
        "start_at": None,
        "end_at": None,
        "due_on": None,
        "all_day": False,
        "reminder_at": None,
        "reminder_dismissed_at": None,
        "done_at": None,
        "result": None,
        "parent_id": None,
        "series_id": None,
        "recurrence_rule": None,
        "original_start_at": None,
        "organization_id": None,
        "person_id": None,
        "deal_id": None,
        **loader.stamps(owner),
    }


def _load_series(
    loader: _Loader,
    rng: random.Random,
    vocab: DemoVocabulary,
    users: list[int],
    client: Callable[[], tuple[int | None, int | None, int | None, int]],
    tz: tzinfo,
    monday: date,
    count: int,
) -> int:
    """A few recurring activities begun some weeks ago (one row each): a daily round of
    calls on weekdays, a weekly meeting, a call every other week, a monthly to-do."""
    if count < 20:
        return 0
    subjects = vocab.task_subjects
    plans = [
        (
            ActivityKind.CALL_OUT,
            RecurrenceRule(Frequency.WEEKLY, weekdays=(0, 1, 2, 3, 4)),
            time(9, 30),
            30,
        ),
        (
            ActivityKind.MEETING_NEGOTIATION,
            RecurrenceRule(Frequency.WEEKLY, weekdays=(0,)),
            time(11),
            60,
        ),
        (
            ActivityKind.CALL_OUT,
            RecurrenceRule(Frequency.WEEKLY, interval=2, weekdays=(1, 3)),
            time(15),
            15,
        ),
        (ActivityKind.TODO, RecurrenceRule(Frequency.MONTHLY, month_day=25), None, 0),
    ]
    made = 0
    for kind, rule, wall, minutes in plans[: max(1, min(len(plans), count // 40))]:
        deal_id, org_id, person_id, owner = client()
        first_day = monday - timedelta(weeks=rng.randint(3, 8))
        if wall is None:
            first = Series(rule, day_slot(first_day), UTC).after(day_slot(first_day), inc=True)
        else:
            begin = at_local(first_day, wall, tz)
            first = Series(rule, begin, tz).after(begin, inc=True)
        if first is None:
            continue
        row = _activity_row(
            loader.new_id(ACTIVITIES), kind, rng.choice(subjects[kind.value]), owner, loader
        )
        if wall is None:
            row.update(
                due_on=first.date(), all_day=True, reminder_at=at_local(first.date(), time(9), tz)
            )
        else:
            row.update(
                start_at=first,
                end_at=first + timedelta(minutes=minutes),
                reminder_at=first - timedelta(minutes=10),
            )
        row.update(
            recurrence_rule=rule.to_rrule(),
            organization_id=org_id if kind is not ActivityKind.MEETING_NEGOTIATION else None,
            person_id=person_id if kind is not ActivityKind.MEETING_NEGOTIATION else None,
            deal_id=deal_id if kind is not ActivityKind.MEETING_NEGOTIATION else None,
        )
        loader.add(ACTIVITIES, row)
        made += 1
    return made


def _work_time(day: date, rng: random.Random, tz: tzinfo) -> datetime:
    """A start within office hours, local time, as UTC."""
    return at_local(day, time(rng.randint(9, 17), rng.choice((0, 15, 30, 45))), tz)


def _set_last_contact(conn: sa.Connection) -> None:
    a = ACTIVITIES
    for table, column in ((PERSONS, a.c.person_id), (ORGS, a.c.organization_id)):
        latest = (
            sa.select(sa.func.max(a.c.done_at))
            .where(column == table.c.id, a.c.done_at.is_not(None))
            .scalar_subquery()
        )
        conn.execute(sa.update(table).values(last_contact_at=latest))
