"""Reading a file into a resolved, base-matched `ImportPlan` (the dry run).

The file is read by the importing library (`crm_desktop.importing`): workbook, layout,
mapping, values, in-file identity. The resolved organizations and persons are then
matched against the base by the same identity rules: an `IdentityIndex` is filled
from the database with set-based queries for the keys present in the file only
(INNs and normalised names of organizations; phones by E.164 and extension, e-mails
by key and the people of matched organizations for persons).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

import sqlalchemy as sa

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.errors import UserError, ValidationError
from crm_desktop.importing.cells import Row
from crm_desktop.importing.fields import EMAIL_FIELDS, NAME_FIELDS, PHONE_FIELDS, Field
from crm_desktop.importing.identity import IdentityIndex, Resolution, Resolver
from crm_desktop.importing.layout import DataRow, Layout, RowFilter, detect_layout
from crm_desktop.importing.mapping import Mapping, ProfileStore, profile_from_file, suggest_mapping
from crm_desktop.importing.readers import Sheet, open_workbook
from crm_desktop.importing.records import ImportRecord
from crm_desktop.importing.values import DeferredPhone, PhoneParser, RecordReader, ValueOptions
from crm_desktop.services import access
from crm_desktop.services.access import CurrentUser
from crm_desktop.services.progress import Progress, Ticker
from crm_desktop.storage.models import Email, Organization, Person, Phone, table_of

Policy = Literal["merge", "update", "skip", "create"]
POLICIES: tuple[str, ...] = get_args(Policy)
MappingSpec = Mapping | str | Path | None

_IDENTITY_FIELDS = frozenset({*NAME_FIELDS, Field.ORGANIZATION, *PHONE_FIELDS, *EMAIL_FIELDS})
_SAMPLE_ROWS = 5000  # data rows that decide a date column's day/month order
HEAD_ROWS = 50  # the first rows header detection looks at (and the wizard shows)
_CHUNK = 900  # ids or keys per IN (...) list: under SQLite's parameter limit
_PHONES_FIRST = 10_000  # rows from which a sheet's phones are parsed by a helper process
_PHONES_LAG = 12  # phone chunks the helper may be behind before this process takes some
_POLL_ROWS = 256  # rows between looks at what the helper has parsed

_orgs = table_of(Organization)
_persons = table_of(Person)
_phones = table_of(Phone)
_emails = table_of(Email)

T = TypeVar("T")


class Timings:
    """Seconds per phase, added up into an optional dict (the benchmark prints them)."""

    def __init__(self, into: dict[str, float] | None) -> None:
        self.into = into
        self._started: dict[str, float] = {}

    def start(self, phase: str) -> None:
        self._started[phase] = time.perf_counter()

    def stop(self, phase: str) -> None:
        started = self._started.pop(phase, None)
        if self.into is not None and started is not None:
            self.into[phase] = self.into.get(phase, 0.0) + time.perf_counter() - started

    @contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        self.start(phase)
        try:
            yield
        finally:
            self.stop(phase)


def chunks(items: Iterable[T], size: int = _CHUNK) -> Iterator[list[T]]:
    """Consecutive lists of at most `size` items."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(slots=True)
class ImportPlan:
    """What an import would do: the resolved file and its matches in the base.

    `org_matches` / `person_matches` map an entity id of the resolution to the id of the
    base record it matched (empty with the 'create' policy).
    """

    path: Path
    sheets: tuple[str, ...]
    policy: Policy
    region: str
    resolution: Resolution
    org_matches: dict[int, int] = field(default_factory=dict)
    person_matches: dict[int, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase of reading

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def multi_sheet(self) -> bool:
        return len(self.sheets) > 1

    @property
    def rows_read(self) -> int:
        return self.resolution.rows_read

    @property
    def organizations_new(self) -> int:
        return len(self.resolution.organizations) - len(self.org_matches)

    @property
    def persons_new(self) -> int:
        return len(self.resolution.persons) - len(self.person_matches)

    def row_label(self, sheet: str, row: int) -> int | str:
        """The file's own row number; `Sheet!row` when several sheets were read."""
        return f"{sheet}!{row}" if self.multi_sheet else row

    def rejected_json(self) -> list[dict[str, Any]]:
        return [
            {"row": self.row_label(r.sheet, r.row), "reason": r.message, "code": r.reason}
            for r in self.resolution.rejected
        ]

    def warnings_json(self) -> list[dict[str, Any]]:
        return [w.to_json(self.multi_sheet) for w in self.resolution.warnings]

    def summary(self) -> dict[str, Any]:
        """The JSON summary of the issue, as a dry run (import_id None)."""
        return {
            "import_id": None,
            "dry_run": True,
            "file": self.file_name,
            "sheets": list(self.sheets),
            "on_duplicate": self.policy,
            "rows_read": self.rows_read,
            "organizations_created": self.organizations_new,
            "organizations_matched": len(self.org_matches),
            "persons_created": self.persons_new,
            "persons_matched": len(self.person_matches),
            "rejected": self.rejected_json(),
            "warnings": self.warnings_json(),
        }


# ------------------------------------------------------------------ reading


def _mapping_for(spec: MappingSpec, profiles: ProfileStore | None) -> Any:
    """A function layout -> Mapping for the `--mapping` value (auto, profile, file)."""
    if isinstance(spec, Mapping):
        return lambda _layout: spec
    if spec is None or spec == "auto":
        if profiles is None:
            return suggest_mapping
        store = profiles

        def auto(layout: Any) -> Mapping:
            profile = store.best_match(layout)
            return profile.apply(layout) if profile is not None else suggest_mapping(layout)

        return auto
    text = str(spec)
    if isinstance(spec, Path) or text.lower().endswith(".json"):
        return profile_from_file(text).apply
    if profiles is None:
        raise UserError(f"There is no mapping profile named “{text}”.")
    return profiles.load(text).apply


def _data_rows(layout: Layout, sheet: Sheet, head: list[Row]) -> Iterator[DataRow]:
    row_filter = RowFilter(layout, sheet.merged)
    row_filter.calibrate(head)
    return row_filter(sheet.rows())


def _read_rows(
    rows: Iterator[DataRow], reader: RecordReader, resolver: Resolver, ticker: Ticker
) -> int:
    """Row by row: each row's values, phones parsed as they come, and identity."""
    read = 0
    for row in rows:
        resolver.add(reader.read(row))
        read += 1
        ticker.advance()
    return read


def _read_rows_overlapped(
    rows: Iterator[DataRow],
    reader: RecordReader,
    resolver: Resolver,
    ticker: Ticker,
    parser: PhoneParser,
    clock: Timings,
) -> int:
    """A large sheet: the helper process of `parser` parses the distinct phone cells
    while this one reads the other values of the rows (the two overlap); a record waits
    for its phones, then they are attached and the record resolved, in row order. When
    the helper falls behind, this process parses its oldest chunks (the records waiting
    are the memory). Gives what `_read_rows` gives."""
    waiting: deque[tuple[int, ImportRecord, list[DeferredPhone]]] = deque()
    reader.parsed_phones = parser.parsed

    def resolve(ready: int) -> None:
        while waiting and waiting[0][0] <= ready:
            _, record, deferred = waiting.popleft()
            reader.attach_phones(record, deferred)
            resolver.add(record)

    read = 0
    for row in rows:
        record, deferred = reader.read_deferred(row, parser)
        waiting.append((parser.needed, record, deferred))
        read += 1
        ticker.advance()
        if not read % _POLL_ROWS:
            parser.poll(_PHONES_LAG)
            resolve(parser.ready)
    clock.stop("rows")
    with clock("phones"):
        parser.result()
    clock.start("rows")
    resolve(parser.needed)
    return read


def read_file(
    path: str | Path,
    *,
    sheet: str | None = None,
    header: Layout | None = None,
    mapping: MappingSpec = None,
    region: str = "RU",
    profiles: ProfileStore | None = None,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[Resolution, tuple[str, ...]]:
    """Read and resolve a file: (resolution, names of the sheets read).

    Without `sheet` every sheet whose columns map to a name, company, phone or e-mail is
    read; a given `Mapping` (column indexes) or `header` (the header rows a person chose
    instead of the detected ones) needs a single sheet. `timings` gets the seconds spent
    on 'rows' (values and identity) and 'phones' (waiting for the phones a helper process
    parses while the rows are read, on a large sheet).
    """
    clock = Timings(timings)
    mapping_of = _mapping_for(mapping, profiles)
    with open_workbook(path) as book:
        names = [sheet] if sheet is not None else book.sheet_names
        if (isinstance(mapping, Mapping) or header is not None) and len(names) > 1:
            names = [book.sheet().name]
        loaded = [book.sheet(name) for name in names]
        ticker = Ticker(progress, sum(s.row_count for s in loaded))

        def check(_n: int) -> None:
            if progress is not None:  # lets the user cancel
                progress(min(ticker.done, ticker.total), ticker.total)

        resolver = Resolver()
        used: list[str] = []
        for current in loaded:
            head = current.head(HEAD_ROWS)
            layout = header if header is not None else detect_layout(head, current.merged)
            chosen: Mapping = mapping_of(layout)
            if not chosen.fields() & _IDENTITY_FIELDS:
                if sheet is not None or len(loaded) == 1:
                    raise ValidationError(
                        f"No column of “{current.name}” maps to a name, company, phone or "
                        "e-mail: choose the mapping of the columns."
                    )
                ticker.advance(current.row_count)
                continue
            clock.start("rows")
            phones = any(t.field in PHONE_FIELDS for _, t in chosen.items())
            with ExitStack() as stack:
                parser = None
                if phones and current.row_count >= _PHONES_FIRST:
                    parser = stack.enter_context(
                        PhoneParser(region, parallel_from=1, on_chunk=check)
                    )
                    parser.start()  # the helper starts up while the first rows are read
                reader = RecordReader(chosen, current.name, ValueOptions(region=region))
                # Dates are read in the order a sample of the column shows; the rows are
                # streamed (no list of the sheet's rows is kept).
                reader.prepare(list(islice(_data_rows(layout, current, head), _SAMPLE_ROWS)))
                rows = _data_rows(layout, current, head)
                if parser is not None:
                    read = _read_rows_overlapped(rows, reader, resolver, ticker, parser, clock)
                else:
                    read = _read_rows(rows, reader, resolver, ticker)
            ticker.advance(max(0, current.row_count - read))  # header, blank, total rows
            del reader
            clock.stop("rows")
            used.append(current.name)
    if not used:
        raise ValidationError("No sheet of the file has columns to import.")
    return resolver.result, tuple(used)


# ------------------------------------------------------------------ matching


def match_base(
    conn: sa.Connection, resolution: Resolution, policy: Policy, user: CurrentUser | None
) -> tuple[dict[int, int], dict[int, int]]:
    """(organization matches, person matches): entity id -> base id, by the identity rules.

    In team mode only records `user` may edit are matched: the others (a colleague's,
    or hidden from the user) get new cards, and the dry run counts them so, never
    revealing a hidden record by its match."""
    if policy == "create":
        return {}, {}
    org_matches = _match_organizations(conn, resolution) if _any_live(conn, _orgs) else {}
    person_matches = (
        _match_persons(conn, resolution, org_matches) if _any_live(conn, _persons) else {}
    )  # (none: a first import, nothing to look up)
    if access.restricted(user):
        for kind, matches in (
            (EntityKind.ORGANIZATION, org_matches),
            (EntityKind.PERSON, person_matches),
        ):
            editable = access.editable_ids(conn, kind, matches.values())
            for ref in [r for r, base_id in matches.items() if base_id not in editable]:
                del matches[ref]
    return org_matches, person_matches


def _any_live(conn: sa.Connection, table: sa.Table) -> bool:
    return (
        conn.scalar(sa.select(table.c.id).where(table.c.deleted_at.is_(None)).limit(1)) is not None
    )


def _match_organizations(conn: sa.Connection, resolution: Resolution) -> dict[int, int]:
    inns = sorted({o.inn for o in resolution.organizations if o.inn})
    keys = sorted({o.name_key for o in resolution.organizations if o.name_key})
    rows: dict[int, tuple[str, str | None]] = {}
    live = _orgs.c.deleted_at.is_(None)
    for column, values in ((_orgs.c.inn, inns), (_orgs.c.name_key, keys)):
        for batch in chunks(values):
            for org_id, name_key, inn in conn.execute(
                sa.select(_orgs.c.id, _orgs.c.name_key, _orgs.c.inn).where(live, column.in_(batch))
            ):
                rows[org_id] = (name_key, inn)
    if not rows:
        return {}
    index: IdentityIndex[int] = IdentityIndex()
    for org_id in sorted(rows):
        name_key, inn = rows[org_id]
        index.add_organization(org_id, name_key=name_key, inn=inn)
    found: dict[int, int] = {}
    for org in resolution.organizations:
        match = index.find_organization(name_key=org.name_key, inn=org.inn)
        if match is not None:
            found[org.id] = match.ref
    return found


def _match_persons(
    conn: sa.Connection, resolution: Resolution, org_matches: dict[int, int]
) -> dict[int, int]:
    named = [p for p in resolution.persons if not p.unnamed]
    phone_keys = {k for p in named for ph in p.phones if (k := ph.key)}
    emails = sorted({e for p in named for e in p.emails})
    live = _persons.c.deleted_at.is_(None)
    names: dict[int, str] = {}
    evidence: list[tuple[int, str, Any]] = []  # (person id, 'p'|'e'|'o', key)
    for batch in chunks(sorted({k[0] for k in phone_keys})):
        query = (
            sa.select(
                _phones.c.person_id, _persons.c.full_name, _phones.c.e164, _phones.c.extension
            )
            .join(_persons, _persons.c.id == _phones.c.person_id)
            .where(live, _phones.c.is_valid.is_(True), _phones.c.e164.in_(batch))
        )
        for person_id, full_name, e164, extension in conn.execute(query):
            names[person_id] = full_name
            evidence.append((person_id, "p", (e164, extension or None)))
    for email_batch in chunks(emails):
        email_query = (
            sa.select(_emails.c.person_id, _persons.c.full_name, _emails.c.address_key)
            .join(_persons, _persons.c.id == _emails.c.person_id)
            .where(live, _emails.c.address_key.in_(email_batch))
        )
        for person_id, full_name, address_key in conn.execute(email_query):
            names[person_id] = full_name
            evidence.append((person_id, "e", address_key))
    for org_batch in chunks(sorted(set(org_matches.values()))):
        for person_id, full_name, org_id in conn.execute(
            sa.select(_persons.c.id, _persons.c.full_name, _persons.c.organization_id).where(
                live, _persons.c.organization_id.in_(org_batch)
            )
        ):
            names[person_id] = full_name
            evidence.append((person_id, "o", org_id))
    if not evidence:
        return {}
    index: IdentityIndex[int] = IdentityIndex()
    for person_id, kind, key in sorted(evidence, key=lambda e: e[0]):
        name = names[person_id]
        if kind == "p":
            index.add_person(person_id, name=name, phones=[key])
        elif kind == "e":
            index.add_person(person_id, name=name, emails=[key])
        else:
            index.add_person(person_id, name=name, organization=key)
    found: dict[int, int] = {}
    for person in named:
        org = org_matches.get(person.organization) if person.organization is not None else None
        match = index.find_person(
            name=person.full_name,
            phones=[k for ph in person.phones if (k := ph.key)],
            emails=person.emails,
            organization=org,
        )
        if match is not None:
            found[person.id] = match.ref
    return found


def check_policy(policy: str) -> Policy:
    if policy not in POLICIES:
        raise ValidationError(
            f"“{policy}” is not a duplicates policy; use one of {', '.join(POLICIES)}."
        )
    return policy  # type: ignore[return-value]
