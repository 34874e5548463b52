"""Writing an `ImportPlan` into the base: one transaction, Core executemany, undoable.

Created rows get caller-assigned ids (`storage.bulk`), so each table's new rows form
one id range; the change set (`change_sets`, kind IMPORT) keeps those ranges and the
import's time stamp in `stats_json`, and one `change_set_items` row per existing record
the import changed, with the previous values of its changed columns, its version after
the import, the tags it gained and its birthday before. `history.undo_import` reads
them back.

Policies for a file entity that matched a base record: 'merge' fills empty fields and
adds new phones, e-mails, tags, a missing birthday and custom values; 'update' also
overwrites fields (and the birthday) with the file's non-empty values; 'skip' leaves
the record alone; 'create' does not match at all. Names are never changed (they are
what matched), phones, e-mails and tags are only ever added.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from crm_desktop.domain.kinds import (
    AuditAction,
    ChangeAction,
    ChangeSetKind,
    ChangeSetStatus,
    CustomFieldType,
    EntityKind,
    KeyDateKind,
)
from crm_desktop.domain.names import fold, org_legal_form, person_name_key
from crm_desktop.domain.phones import parse_phone, phone_search_terms
from crm_desktop.importing.identity import OrganizationEntity, PersonEntity
from crm_desktop.importing.problems import quote
from crm_desktop.importing.records import PartialDate, PhoneValue, RowWarning
from crm_desktop.services import access
from crm_desktop.services.importing.planning import ImportPlan, Timings, chunks, match_base
from crm_desktop.services.merge import _encode_row
from crm_desktop.services.progress import Progress, Ticker
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import bulk, search_index
from crm_desktop.storage.models import (
    AuditEntry,
    ChangeSet,
    ChangeSetItem,
    CustomFieldDef,
    CustomFieldValue,
    Email,
    KeyDate,
    Organization,
    Person,
    Phone,
    SearchDoc,
    Tag,
    User,
    organization_tags,
    person_tags,
    table_of,
    utcnow,
)

ORGS = table_of(Organization)
PERSONS = table_of(Person)
PHONES = table_of(Phone)
EMAILS = table_of(Email)
KEY_DATES = table_of(KeyDate)
TAGS = table_of(Tag)
FIELD_DEFS = table_of(CustomFieldDef)
FIELD_VALUES = table_of(CustomFieldValue)
ITEMS = table_of(ChangeSetItem)
AUDIT = table_of(AuditEntry)
USERS = table_of(User)
DOCS = table_of(SearchDoc)

# Tables whose new rows form an id range, in insert order (parents first).
CREATED_TABLES = (TAGS, FIELD_DEFS, ORGS, PERSONS, PHONES, EMAILS, KEY_DATES, FIELD_VALUES)
_LOAD_ORDER = (ORGS, PERSONS, PHONES, EMAILS, organization_tags, person_tags, KEY_DATES, DOCS)
_BATCH = 5000

# Fields a matched record takes from the file (names never change: they matched).
ORG_FIELDS = ("inn", "kpp", "ogrn", "address", "city", "website", "industry", "source", "segment")
PERSON_FIELDS = (
    "organization_id",
    "position",
    "department",
    "inn",
    "address",
    "city",
    "website",
    "source",
    "segment",
)
STAMPS = ("version", "updated_at", "updated_by_id")
OWNER_COLUMNS = ((EntityKind.ORGANIZATION, "organization_id"), (EntityKind.PERSON, "person_id"))


def _none(text: str | None) -> str | None:
    return text or None


def search_digits(phone: PhoneValue, region: str) -> str:
    """The search index digits of a phone the reader parsed (re-parsing only rare cases)."""
    if phone.valid and phone.e164 and phone.e164.startswith("+7"):
        return f"{phone.e164[1:]} 8{phone.e164[2:]}"  # RU/KZ: E.164 and '8' + national
    return " ".join(phone_search_terms(parse_phone(phone.raw, region)))[:100]


@dataclass(slots=True)
class ImportResult:
    """What an import did; `summary()` is the JSON of the issue."""

    import_id: int
    plan: ImportPlan
    organizations_created: int
    organizations_matched: int
    persons_created: int
    persons_matched: int
    organizations_updated: int
    persons_updated: int
    phones_added: int
    emails_added: int
    warnings: list[RowWarning]
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase

    def summary(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "import_id": self.import_id,
            "dry_run": False,
            "file": plan.file_name,
            "sheets": list(plan.sheets),
            "on_duplicate": plan.policy,
            "rows_read": plan.rows_read,
            "organizations_created": self.organizations_created,
            "organizations_matched": self.organizations_matched,
            "persons_created": self.persons_created,
            "persons_matched": self.persons_matched,
            "organizations_updated": self.organizations_updated,
            "persons_updated": self.persons_updated,
            "phones_added": self.phones_added,
            "emails_added": self.emails_added,
            "rejected": plan.rejected_json(),
            "warnings": [w.to_json(plan.multi_sheet) for w in self.warnings],
        }


# ------------------------------------------------------------------ the writer


class _Touched:
    """An existing record the import changes: its row as it was and as it becomes."""

    __slots__ = ("before", "birthday_before", "current", "tags_added")

    def __init__(self, row: dict[str, Any]) -> None:
        self.before = dict(row)
        self.current = dict(row)
        self.tags_added: list[int] = []
        self.birthday_before: dict[str, Any] | None = None

    def changed(self) -> list[str]:
        return [k for k, v in self.current.items() if self.before[k] != v]


class _Writer:
    """Builds and inserts the rows of one import inside the caller's transaction."""

    def __init__(
        self, conn: sa.Connection, plan: ImportPlan, user_id: int | None, ticker: Ticker
    ) -> None:
        self._conn = conn
        # While a statement runs in `background` (see `flush`), the connection is its.
        self.background: bulk.Background | None = None
        self.fts: search_index.FtsCatchUp | None = None
        self.plan = plan
        self.user_id = user_id
        self.ticker = ticker
        self.now = utcnow()
        self.region = plan.region
        self.merge_fields = plan.policy in ("merge", "update")
        self.overwrite = plan.policy == "update"
        self.pending: dict[sa.Table, list[dict[str, Any]]] = {}
        self.first_id: dict[sa.Table, int] = {}
        self.next_ids: dict[sa.Table, int] = {}
        self.tag_ids: dict[str, int] = {}  # folded name -> id
        self.tag_keys: dict[str, str] = {}  # tag text as in the file -> folded name
        self.field_ids: dict[tuple[str, str], int] = {}
        self.user_by_name: dict[str, int] | None = None
        self.org_ids: dict[int, int] = {}  # entity id -> base id (created or matched)
        self.created_orgs: list[int] = []
        self.created_persons: list[int] = []
        self.touched: dict[tuple[EntityKind, int], _Touched] = {}
        self.phones_added = 0
        self.emails_added = 0
        self.warnings: list[RowWarning] = list(plan.resolution.warnings)
        self.existing: dict[EntityKind, dict[str, Any]] = {}

    # -- ids and batches --

    @property
    def conn(self) -> sa.Connection:
        """The connection, once a statement running in the background has ended."""
        if self.background is not None:
            self.background.wait()
        return self._conn

    def new_id(self, table: sa.Table) -> int:
        if table not in self.next_ids:
            self.next_ids[table] = self.first_id[table] = bulk.next_id(self.conn, table)
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def add(self, table: sa.Table, row: dict[str, Any]) -> None:
        batch = self.pending.setdefault(table, [])
        batch.append(row)
        if len(batch) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Insert the pending rows; then the new index rows go into FTS in the background
        while the next rows are built (on SQLite, when the FTS triggers are off)."""
        conn = self.conn
        others = [t for t in self.pending if t not in _LOAD_ORDER]
        for table in (*_LOAD_ORDER, *others):
            rows = self.pending.pop(table, [])
            if rows:
                same = self.same() if table in (ORGS, PERSONS) else None
                bulk.insert_rows(conn, table, rows, cut=True, same=same)
        statement = self.fts.statement(conn) if self.fts is not None else None
        if statement is not None and self.background is not None:
            self.background.start(*statement)

    def ranges(self) -> dict[str, list[int]]:
        return {t.name: [self.first_id[t], self.next_ids[t] - 1] for t in self.first_id}

    def same(self) -> dict[str, Any]:
        """The columns every organization and person the import creates has alike."""
        return {
            "created_at": self.now,
            "updated_at": self.now,
            "version": 1,
            "deleted_at": None,
            "created_by_id": self.user_id,
            "updated_by_id": self.user_id,
            "deleted_by_id": None,
            "interests": None,
            "is_key_client": False,
            "last_contact_at": None,
        }

    # -- references: tags, custom fields, users --

    def prepare_references(self) -> None:
        res = self.plan.resolution
        names: dict[str, str] = {}
        fields: set[tuple[str, str]] = set()
        entities: list[tuple[OrganizationEntity | PersonEntity, EntityKind]] = [
            *((o, EntityKind.ORGANIZATION) for o in res.organizations),
            *((p, EntityKind.PERSON) for p in res.persons),
        ]
        for entity, kind in entities:
            for tag in entity.tags:
                if tag not in self.tag_keys:  # a tag text repeats on many rows
                    clean = " ".join(tag.split())
                    self.tag_keys[tag] = fold(clean) if clean else ""
                    if clean:
                        names.setdefault(self.tag_keys[tag], clean)
            if entity.custom:
                fields.update((kind.value, name) for name in entity.custom)
        for batch in chunks(sorted(names)):
            for tag_id, key in self.conn.execute(
                sa.select(TAGS.c.id, TAGS.c.name_key).where(TAGS.c.name_key.in_(batch))
            ):
                self.tag_ids[key] = tag_id
        new_tags = [
            bulk.fit(TAGS, {"id": self.new_id(TAGS), "name": name, "name_key": key, "color": None})
            for key, name in names.items()
            if key not in self.tag_ids
        ]
        self.tag_ids.update({row["name_key"]: row["id"] for row in new_tags})
        bulk.insert_rows(self.conn, TAGS, new_tags)
        if fields:
            for field_id, kind_value, name in self.conn.execute(
                sa.select(FIELD_DEFS.c.id, FIELD_DEFS.c.entity_kind, FIELD_DEFS.c.name)
            ):
                self.field_ids[(str(kind_value), str(name))] = int(field_id)
            new_defs: list[dict[str, Any]] = []
            for kind_name, name in sorted(fields - set(self.field_ids)):
                row: dict[str, Any] = {
                    "id": self.new_id(FIELD_DEFS),
                    "entity_kind": kind_name,
                    "name": name,
                    "field_type": CustomFieldType.TEXT.value,
                    "choices_json": None,
                    "position": len(self.field_ids) + len(new_defs),
                    "is_active": True,
                    "created_at": self.now,
                    "updated_at": self.now,
                }
                new_defs.append(bulk.fit(FIELD_DEFS, row))
                self.field_ids[(kind_name, name)] = row["id"]
            bulk.insert_rows(self.conn, FIELD_DEFS, new_defs)

    def owner_or_me(self, entity: OrganizationEntity | PersonEntity) -> int | None:
        found = self.owner_id(entity)
        return found if found is not None else self.user_id

    def owner_id(self, entity: OrganizationEntity | PersonEntity) -> int | None:
        """The user named in the file's owner column; unknown names are flagged."""
        if not entity.owner:
            return None
        if self.user_by_name is None:
            self.user_by_name = {}
            for user_id, login, display in self.conn.execute(
                sa.select(USERS.c.id, USERS.c.login, USERS.c.display_name).order_by(USERS.c.id)
            ):
                self.user_by_name.setdefault(fold(login), user_id)
                self.user_by_name.setdefault(fold(display), user_id)
        found = self.user_by_name.get(fold(entity.owner))
        if found is None and entity.rows:
            sheet, row = entity.rows[0]
            self.warnings.append(
                RowWarning.of(sheet, row, "owner", "owner_unknown", name=quote(entity.owner, 60))
            )
        return found

    # -- children --

    def phones(
        self, owner: str, owner_id: int, phones: Iterable[PhoneValue], start: int = 0
    ) -> list[str]:
        """Add the phones; returns their (non-empty) search digits, for the index row."""
        digits: list[str] = []
        for position, phone in enumerate(phones, start):
            row: dict[str, Any] = {
                "id": self.new_id(PHONES),
                "organization_id": None,
                "person_id": None,
                "kind": phone.kind.value,
                "raw": phone.raw,
                "e164": phone.e164,
                "extension": phone.extension,
                "is_valid": phone.valid,
                "search_digits": search_digits(phone, self.region),
                "comment": phone.comment,
                "position": position,
            }
            row[owner] = owner_id
            self.add(PHONES, row)
            self.phones_added += 1
            if row["search_digits"]:
                digits.append(row["search_digits"])
        return digits

    def emails(self, owner: str, owner_id: int, emails: Iterable[str], start: int = 0) -> list[str]:
        """Add the e-mails; returns their keys, for the index row."""
        kind = "work" if owner == "organization_id" else "personal"
        keys: list[str] = []
        for position, address in enumerate(emails, start):
            row: dict[str, Any] = {
                "id": self.new_id(EMAILS),
                "organization_id": None,
                "person_id": None,
                "kind": kind,
                "address": address,
                "address_key": address,  # the reader keeps normalised addresses
                "position": position,
                "marketing_consent": None,
            }
            row[owner] = owner_id
            self.add(EMAILS, row)
            self.emails_added += 1
            keys.append(bulk.fitted(EMAILS.c.address_key, address))
        return keys

    def tags(self, owner: str, owner_id: int, tags: Iterable[str], have: set[int]) -> list[int]:
        link = person_tags if owner == "person_id" else organization_tags
        added = []
        for tag in tags:
            key = self.tag_keys.get(tag)
            if key is None:
                key = self.tag_keys[tag] = fold(" ".join(tag.split()))
            tag_id = self.tag_ids.get(key)
            if tag_id is None or tag_id in have:
                continue
            have.add(tag_id)
            added.append(tag_id)
            self.add(link, {owner: owner_id, "tag_id": tag_id})
        return added

    def birthday(self, person_id: int, value: PartialDate) -> None:
        self.add(
            KEY_DATES,
            {
                "id": self.new_id(KEY_DATES),
                "organization_id": None,
                "person_id": person_id,
                "kind": KeyDateKind.BIRTHDAY.value,
                "label": None,
                "month": value.month,
                "day": value.day,
                "year": value.year,
                "remind": True,
            },
        )

    def custom(
        self, kind: EntityKind, owner: str, owner_id: int, values: dict[str, str], have: set[int]
    ) -> int:
        """Values for the fields the owner has none of; returns how many were added."""
        added = 0
        for name, value in values.items():
            field_id = self.field_ids[(kind.value, name)]
            if field_id in have or not value:
                continue
            have.add(field_id)
            row = {
                "id": self.new_id(FIELD_VALUES),
                "field_id": field_id,
                "organization_id": None,
                "person_id": None,
                "deal_id": None,
                "value": value,
            }
            row[owner] = owner_id
            self.add(FIELD_VALUES, row)
            added += 1
        return added

    # -- organizations --

    def organizations(self) -> None:
        res = self.plan.resolution
        matched = self.plan.org_matches
        existing = self.existing[EntityKind.ORGANIZATION]
        for org in res.organizations:
            self.ticker.advance()
            base_id = matched.get(org.id)
            if base_id is None:
                self.org_ids[org.id] = self._create_org(org)
            else:
                self.org_ids[org.id] = base_id
                if self.merge_fields:
                    self._update(EntityKind.ORGANIZATION, base_id, org, existing)
        self.flush()

    def _create_org(self, org: OrganizationEntity) -> int:
        org_id = self.new_id(ORGS)
        row = {
            "id": org_id,
            "name": org.name,
            "name_key": org.name_key,
            "legal_form": org_legal_form(org.name),
            "inn": org.inn,
            "kpp": org.kpp,
            "ogrn": org.ogrn,
            "address": _none(org.address),
            "city": _none(org.city),
            "website": _none(org.website),
            "industry": _none(org.industry),
            "segment": _none(org.segment),
            "source": _none(org.source),
            "notes": _none(org.notes),
            "owner_id": self.owner_or_me(org),
        }
        self.add(ORGS, row)
        self.created_orgs.append(org_id)
        digits = self.phones("organization_id", org_id, org.phones)
        keys = self.emails("organization_id", org_id, org.emails)
        self.add(
            DOCS,
            search_index.document(
                EntityKind.ORGANIZATION,
                org_id,
                bulk.fitted(ORGS.c.name, org.name),
                org.inn,
                digits,
                keys,
            ),
        )
        self.tags("organization_id", org_id, org.tags, set())
        self.custom(EntityKind.ORGANIZATION, "organization_id", org_id, org.custom, set())
        return org_id

    # -- persons --

    def persons(self) -> None:
        res = self.plan.resolution
        matched = self.plan.person_matches
        existing = self.existing[EntityKind.PERSON]
        for person in res.persons:
            self.ticker.advance()
            base_id = matched.get(person.id)
            if base_id is None:
                self._create_person(person)
            elif self.merge_fields:
                self._update(EntityKind.PERSON, base_id, person, existing)
        self.flush()

    def _create_person(self, person: PersonEntity) -> None:
        person_id = self.new_id(PERSONS)
        org_id = self.org_ids.get(person.organization) if person.organization is not None else None
        row = {
            "id": person_id,
            "organization_id": org_id,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "middle_name": person.middle_name,
            "full_name": person.full_name,
            "name_key": person_name_key(person.full_name) if person.full_name else "",
            "position": _none(person.position),
            "department": _none(person.department),
            "inn": person.inn,
            "address": _none(person.address),
            "city": _none(person.city),
            "website": _none(person.website),
            "segment": _none(person.segment),
            "source": _none(person.source),
            "notes": _none(person.notes),
            "owner_id": self.owner_or_me(person),
        }
        self.add(PERSONS, row)
        self.created_persons.append(person_id)
        digits = self.phones("person_id", person_id, person.phones)
        keys = self.emails("person_id", person_id, person.emails)
        self.add(
            DOCS,
            search_index.document(
                EntityKind.PERSON,
                person_id,
                bulk.fitted(PERSONS.c.full_name, person.full_name),
                person.inn,
                digits,
                keys,
            ),
        )
        self.tags("person_id", person_id, person.tags, set())
        if person.birthday is not None:
            self.birthday(person_id, person.birthday)
        self.custom(EntityKind.PERSON, "person_id", person_id, person.custom, set())

    # -- matched records --

    def load_existing(self) -> None:
        """Read the matched records and their children (before the load: see bulk)."""
        plan = self.plan
        for kind, matched in (
            (EntityKind.ORGANIZATION, plan.org_matches),
            (EntityKind.PERSON, plan.person_matches),
        ):
            self.existing[kind] = self._existing(kind, set(matched.values()))

    def _existing(self, kind: EntityKind, ids: set[int]) -> dict[str, Any]:
        """Rows and children of the matched records, by set-based queries."""
        table = ORGS if kind is EntityKind.ORGANIZATION else PERSONS
        owner = "organization_id" if kind is EntityKind.ORGANIZATION else "person_id"
        fields = ORG_FIELDS if kind is EntityKind.ORGANIZATION else PERSON_FIELDS
        link = organization_tags if kind is EntityKind.ORGANIZATION else person_tags
        found: dict[str, Any] = {
            "rows": {},
            "phones": {},
            "emails": {},
            "tags": {},
            "custom": {},
            "birthdays": {},
        }
        if not ids or not self.merge_fields:
            return found
        columns = [table.c[c] for c in ("id", *fields, "notes", "owner_id", *STAMPS)]
        for batch in chunks(sorted(ids)):
            for row in self.conn.execute(sa.select(*columns).where(table.c.id.in_(batch))):
                found["rows"][row.id] = dict(row._mapping)
            for owner_id, e164, ext, raw, pos in self.conn.execute(
                sa.select(
                    PHONES.c[owner],
                    PHONES.c.e164,
                    PHONES.c.extension,
                    PHONES.c.raw,
                    PHONES.c.position,
                ).where(PHONES.c[owner].in_(batch))
            ):
                keys, top = found["phones"].setdefault(owner_id, (set(), [-1]))
                keys.add((e164, ext or None) if e164 else raw)
                keys.add(raw)
                top[0] = max(top[0], pos)
            for owner_id, key, pos in self.conn.execute(
                sa.select(EMAILS.c[owner], EMAILS.c.address_key, EMAILS.c.position).where(
                    EMAILS.c[owner].in_(batch)
                )
            ):
                keys, top = found["emails"].setdefault(owner_id, (set(), [-1]))
                keys.add(key)
                top[0] = max(top[0], pos)
            for owner_id, tag_id in self.conn.execute(
                sa.select(link.c[owner], link.c.tag_id).where(link.c[owner].in_(batch))
            ):
                found["tags"].setdefault(owner_id, set()).add(tag_id)
            for owner_id, field_id in self.conn.execute(
                sa.select(FIELD_VALUES.c[owner], FIELD_VALUES.c.field_id).where(
                    FIELD_VALUES.c[owner].in_(batch)
                )
            ):
                found["custom"].setdefault(owner_id, set()).add(field_id)
            if kind is EntityKind.PERSON:
                for row in self.conn.execute(
                    sa.select(
                        KEY_DATES.c.id,
                        KEY_DATES.c.person_id,
                        KEY_DATES.c.year,
                        KEY_DATES.c.month,
                        KEY_DATES.c.day,
                    )
                    .where(
                        KEY_DATES.c.person_id.in_(batch),
                        KEY_DATES.c.kind == KeyDateKind.BIRTHDAY.value,
                    )
                    .order_by(KEY_DATES.c.id)
                ):
                    found["birthdays"].setdefault(row.person_id, dict(row._mapping))
        return found

    def _update(
        self,
        kind: EntityKind,
        base_id: int,
        entity: OrganizationEntity | PersonEntity,
        existing: dict[str, Any],
    ) -> None:
        """Merge or update one matched record from one file entity."""
        key = (kind, base_id)
        touched = self.touched.get(key)
        if touched is None:
            touched = self.touched[key] = _Touched(existing["rows"][base_id])
        row = touched.current
        owner = "organization_id" if kind is EntityKind.ORGANIZATION else "person_id"
        values: dict[str, Any] = {
            name: getattr(entity, name) or None
            for name in (ORG_FIELDS if kind is EntityKind.ORGANIZATION else PERSON_FIELDS)
            if name != "organization_id"
        }
        if isinstance(entity, PersonEntity) and entity.organization is not None:
            values["organization_id"] = self.org_ids.get(entity.organization)
        owner_id = self.owner_id(entity)
        if owner_id is not None:
            values["owner_id"] = owner_id
        for name, value in values.items():
            if value is not None and (self.overwrite or row[name] in (None, "")):
                row[name] = value
        if entity.notes and entity.notes not in (row["notes"] or ""):
            row["notes"] = f"{row['notes']}\n{entity.notes}" if row["notes"] else entity.notes
        bulk.fit(ORGS if kind is EntityKind.ORGANIZATION else PERSONS, row)

        keys, top = existing["phones"].setdefault(base_id, (set(), [-1]))
        new_phones = []
        for phone in entity.phones:
            identity = phone.key or phone.raw
            if identity not in keys and phone.raw not in keys:
                keys.update((identity, phone.raw))
                new_phones.append(phone)
        self.phones(owner, base_id, new_phones, top[0] + 1)
        top[0] += len(new_phones)
        email_keys, email_top = existing["emails"].setdefault(base_id, (set(), [-1]))
        new_emails = [e for e in dict.fromkeys(entity.emails) if e not in email_keys]
        email_keys.update(new_emails)
        self.emails(owner, base_id, new_emails, email_top[0] + 1)
        email_top[0] += len(new_emails)
        touched.tags_added += self.tags(
            owner, base_id, entity.tags, existing["tags"].setdefault(base_id, set())
        )
        custom_added = self.custom(
            kind, owner, base_id, entity.custom, existing["custom"].setdefault(base_id, set())
        )
        if isinstance(entity, PersonEntity) and entity.birthday is not None:
            self._birthday(touched, base_id, entity.birthday, existing["birthdays"])
        row["_children"] = row.get("_children", False) or bool(
            new_phones or new_emails or touched.tags_added or custom_added
        )

    def _birthday(
        self,
        touched: _Touched,
        person_id: int,
        value: PartialDate,
        birthdays: dict[int, dict[str, Any]],
    ) -> None:
        current = birthdays.get(person_id)
        if current is None:
            self.birthday(person_id, value)
            birthdays[person_id] = {
                "id": None,
                "year": value.year,
                "month": value.month,
                "day": value.day,
            }
            touched.current["_children"] = True
            return
        wanted = {"year": value.year, "month": value.month, "day": value.day}
        if not self.overwrite or current["id"] is None:
            return
        if all(current[k] == v for k, v in wanted.items()):
            return
        if touched.birthday_before is None:
            touched.birthday_before = {k: current[k] for k in ("id", "year", "month", "day")}
        self.conn.execute(KEY_DATES.update().where(KEY_DATES.c.id == current["id"]).values(wanted))
        current.update(wanted)
        touched.current["_children"] = True

    def write_updates(self, change_set_id: int) -> tuple[list[dict[str, Any]], int, int]:
        """UPDATE the touched records (executemany per set of changed columns).

        Returns (audit rows, organizations updated, persons updated).
        """
        groups: dict[tuple[sa.Table, tuple[str, ...]], list[dict[str, Any]]] = {}
        items: list[dict[str, Any]] = []
        audit: list[dict[str, Any]] = []
        counts = {EntityKind.ORGANIZATION: 0, EntityKind.PERSON: 0}
        for (kind, base_id), touched in self.touched.items():
            children = touched.current.pop("_children", False)
            changed = [c for c in touched.changed() if c not in STAMPS]
            if not changed and not children and touched.birthday_before is None:
                continue
            counts[kind] += 1
            table = ORGS if kind is EntityKind.ORGANIZATION else PERSONS
            version_after = touched.before["version"] + 1
            params = {f"v_{c}": touched.current[c] for c in changed}
            params.update(
                {
                    "b_id": base_id,
                    "v_version": version_after,
                    "v_updated_at": self.now,
                    "v_updated_by_id": self.user_id,
                }
            )
            groups.setdefault((table, tuple(changed)), []).append(params)
            before = {c: touched.before[c] for c in (*changed, *STAMPS)}
            items.append(
                {
                    "change_set_id": change_set_id,
                    "entity_kind": kind.value,
                    "entity_id": base_id,
                    "action": ChangeAction.UPDATED.value,
                    "before_json": json.dumps(
                        {
                            "table": table.name,
                            "before": _encode_row(before),
                            "version_after": version_after,
                            "tags_added": touched.tags_added,
                            "birthday_before": touched.birthday_before,
                        },
                        ensure_ascii=False,
                    ),
                }
            )
            entries: list[tuple[str | None, str | None, str | None]] = [
                (c, _text(touched.before[c]), _text(touched.current[c])) for c in changed
            ] or [(None, None, None)]
            audit += [
                audit_row(
                    self.user_id, self.now, AuditAction.IMPORT, kind, base_id, change_set_id, *entry
                )
                for entry in entries
            ]
        for (table, columns), rows in groups.items():
            values: dict[str, Any] = {c: sa.bindparam(f"v_{c}") for c in (*columns, *STAMPS)}
            self.conn.execute(
                table.update().where(table.c.id == sa.bindparam("b_id")).values(values), rows
            )
        bulk.insert_rows(self.conn, ITEMS, items)
        return audit, counts[EntityKind.ORGANIZATION], counts[EntityKind.PERSON]


def audit_row(
    user_id: int | None,
    at: datetime,
    action: AuditAction,
    kind: EntityKind,
    entity_id: int,
    change_set_id: int,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
) -> dict[str, Any]:
    """One audit_log row of an import or its undo, for a Core executemany."""
    return {
        "at": at,
        "user_id": user_id,
        "action": action.value,
        "entity_kind": kind.value,
        "entity_id": entity_id,
        "field": field,
        "old_value": old,
        "new_value": new,
        "change_set_id": change_set_id,
    }


def _audit_created(conn: sa.Connection, writer: _Writer, change_set_id: int) -> None:
    """The IMPORT audit row of each record the import created, written by the database
    from the id ranges (one statement per table instead of a row each from here)."""
    for kind, table, ids in (
        (EntityKind.ORGANIZATION, ORGS, writer.created_orgs),
        (EntityKind.PERSON, PERSONS, writer.created_persons),
    ):
        if not ids:
            continue
        c = AUDIT.c
        conn.execute(
            AUDIT.insert().from_select(
                ["at", "user_id", "action", "entity_kind", "entity_id", "change_set_id"],
                sa.select(
                    sa.literal(writer.now, c.at.type),
                    sa.literal(writer.user_id, c.user_id.type),
                    sa.literal(AuditAction.IMPORT, c.action.type),
                    sa.literal(kind, c.entity_kind.type),
                    table.c.id,
                    sa.literal(change_set_id, c.change_set_id.type),
                )
                .where(table.c.id.between(ids[0], ids[-1]))
                .order_by(table.c.id),
            )
        )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# ------------------------------------------------------------------ the run


def _expected_loads(plan: ImportPlan) -> list[tuple[sa.Table, int]]:
    """Rows the import will insert per table, at most (matched records add fewer)."""
    res = plan.resolution
    orgs = len(res.organizations) - len(plan.org_matches)
    persons = len(res.persons) - len(plan.person_matches)
    phones = sum(len(o.phones) for o in res.organizations) + sum(len(p.phones) for p in res.persons)
    emails = sum(len(o.emails) for o in res.organizations) + sum(len(p.emails) for p in res.persons)
    return [
        (ORGS, orgs),
        (PERSONS, persons),
        (PHONES, phones),
        (EMAILS, emails),
        (AUDIT, orgs + persons),
        (DOCS, orgs + persons),
    ]


def apply_plan(ws: Workspace, plan: ImportPlan, progress: Progress | None = None) -> ImportResult:
    """Write `plan` into the base in one transaction (matched again inside it).

    `progress` may raise `Cancelled`: the transaction rolls back and nothing is written.
    """
    access.require(ws.user, access.Action.IMPORT, EntityKind.PERSON)
    res = plan.resolution
    timings: dict[str, float] = dict(plan.timings)
    clock = Timings(timings)
    with bulk.collector_paused(), ws.write() as uow:
        conn = uow.session.connection()
        with clock("match"):
            plan.org_matches, plan.person_matches = match_base(conn, res, plan.policy, ws.user)
        clock.start("insert")
        total = len(res.organizations) + len(res.persons)
        ticker = Ticker(progress, 2 * total + 1)
        writer = _Writer(conn, plan, uow.user_id, ticker)
        change_set = ChangeSet(
            kind=ChangeSetKind.IMPORT,
            status=ChangeSetStatus.RUNNING,
            title=f"Import of {plan.file_name}"[:500],
            source_name=str(plan.path)[:1000],
            user_id=uow.user_id,
            started_at=writer.now,
        )
        uow.session.add(change_set)
        uow.flush()
        cs_id = change_set.id
        writer.load_existing()
        loads = _expected_loads(plan)
        # The index rows of created records are built from the rows inserted (no read
        # back); on a large load SQLite's FTS triggers are off and the writer puts each
        # batch's rows into FTS on a thread while it builds the next batch.
        matched = len(plan.org_matches) + len(plan.person_matches)
        with (
            search_index.deferred(conn, loads[-1][1] + matched) as fts,
            bulk.Background(conn) as background,
        ):
            writer.fts, writer.background = fts, background
            search_index.drop_stale_documents(conn)
            with bulk.indexes_deferred(conn, loads):
                writer.prepare_references()
                writer.organizations()
                writer.persons()
                audit, orgs_updated, persons_updated = writer.write_updates(cs_id)
                background.wait()  # the connection is this thread's again
                bulk.finish(conn, CREATED_TABLES)
                bulk.insert_rows(conn, AUDIT, audit)
                _audit_created(conn, writer, cs_id)  # one IMPORT row per created record
            clock.stop("insert")
            ticker.advance(len(writer.created_orgs) + len(writer.created_persons))
            clock.start("index")
            search_index.refresh(  # the records it merged into or updated
                conn,
                persons=[i for k, i in writer.touched if k is EntityKind.PERSON],
                organizations=[i for k, i in writer.touched if k is EntityKind.ORGANIZATION],
                on_batch=ticker.advance,
            )
        clock.stop("index")
        result = ImportResult(
            import_id=cs_id,
            plan=plan,
            organizations_created=len(writer.created_orgs),
            organizations_matched=len(plan.org_matches),
            persons_created=len(writer.created_persons),
            persons_matched=len(plan.person_matches),
            organizations_updated=orgs_updated,
            persons_updated=persons_updated,
            phones_added=writer.phones_added,
            emails_added=writer.emails_added,
            warnings=writer.warnings,
            timings=timings,
        )
        summary = result.summary()
        stats = {
            "stamp": writer.now.isoformat(),
            "created": writer.ranges(),
            "counts": {k: v for k, v in summary.items() if isinstance(v, int | bool)},
        }
        change_set.status = ChangeSetStatus.DONE
        change_set.finished_at = utcnow()
        change_set.stats_json = json.dumps(stats)
        change_set.report_json = json.dumps(
            {"rejected": summary["rejected"], "warnings": summary["warnings"]},
            ensure_ascii=False,
        )
        ticker.advance()
        with clock("commit"):
            uow.commit()
    ticker.finish()
    return result


def created_ids(ranges: dict[str, Sequence[int]], table: sa.Table) -> tuple[int, int] | None:
    """(first, last) id of the rows an import created in `table`, if any."""
    pair = ranges.get(table.name)
    if not pair or pair[1] < pair[0]:
        return None
    return int(pair[0]), int(pair[1])
