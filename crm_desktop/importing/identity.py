"""In-file identity: which rows are the same person or organization.

The rules (issue 6), as pure functions over `ImportRecord`s:

* A row with a person name becomes a person, linked to the organization of its
  company column; a row with only a company becomes an organization; organizations
  are also created from the company column of person rows.
* Two persons are one when their names match (`person_names_match`: 'Иванов И.' =
  'Иванов Иван') AND they share a valid phone (same E.164 and extension), an e-mail,
  or the organization. The same phone or e-mail with different names are different
  people (an office line, info@); the same name with nothing shared are namesakes.
  When a row matches two persons whose names do not match each other, it joins the
  first and is flagged `person_ambiguous`.
* Organizations: the same valid INN is the same; different INNs differ even with equal
  names; otherwise equal normalised names (`org_name_key`: ООО «Ромашка» = Ромашка,
  ООО). A row without an INN whose name fits several organizations joins the first and
  is flagged `organization_ambiguous`.
* A row with no name and no company but a phone or e-mail is IMPORTED as an unnamed
  contact (nothing the user typed is lost; a cold-call list is exactly that) and
  flagged `unnamed_contact`; it is never merged with anyone by its phone or e-mail,
  and nobody is merged into it.
* A row with neither name, company, phone nor e-mail is rejected (`no_identity`).

The lookups live in `IdentityIndex`, keyed by dicts (no pairwise comparison): the
resolver fills one from the file as it goes; the apply step fills another from the
base (refs are database ids) and asks it the same questions about each resolved
entity, so the base is matched by the same rules.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from crm_desktop.domain.inn import is_valid_inn as _is_valid_inn
from crm_desktop.domain.names import (
    org_display_name,
    org_name_key,
    person_name_tokens,
    person_names_match,
)
from crm_desktop.importing.problems import problem_text, quote
from crm_desktop.importing.records import ImportRecord, PartialDate, PhoneValue, RowRef, RowWarning

Ref = TypeVar("Ref", bound=Hashable)
PhoneKey = tuple[str, str | None]

_BUCKET_SPLIT = 64  # a bucket larger than this is split by name token
is_valid_inn = lru_cache(maxsize=65536)(_is_valid_inn)  # an INN repeats on its company's rows


# --- the index --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match(Generic[Ref]):
    ref: Ref
    reason: str  # 'inn', 'name', 'phone', 'email', 'organization'
    ambiguous: bool = False


class _Evidence(Generic[Ref]):
    """Refs by a shared key (a phone, an e-mail, an organization).

    A key shared by more than `_BUCKET_SPLIT` people (an office line, 'Частное лицо') is
    split by name word, and a lookup reads only the buckets of its less common words
    (or the smallest one): the cost per row stays bounded, at the price of not pairing
    two such people whose only equal word is a common first name. A key with one ref
    (most of them, in a large file) holds the ref itself rather than a list of one.
    """

    __slots__ = ("_small", "_split", "_tokens_of")

    def __init__(self, tokens_of: dict[Ref, frozenset[str]]) -> None:
        self._small: dict[Hashable, Ref | list[Ref]] = {}
        self._split: dict[Hashable, dict[str, list[Ref]]] = {}
        self._tokens_of = tokens_of

    def add(self, key: Hashable, ref: Ref) -> None:
        small = self._small
        refs = small.get(key, _NONE)
        if refs is _NONE:
            split = self._split.get(key)
            if split is None:
                small[key] = ref
                return
            for token in self._tokens_of[ref]:
                bucket = split.setdefault(token, [])
                if ref not in bucket:
                    bucket.append(ref)
            return
        if refs.__class__ is not list:  # one ref so far
            if refs != ref:
                small[key] = [refs, ref]  # type: ignore[list-item]
            return
        many: list[Ref] = refs  # type: ignore[assignment]
        if ref in many:
            return
        many.append(ref)
        if len(many) <= _BUCKET_SPLIT:
            return
        del small[key]
        split = self._split[key] = {}
        for old in many:
            for token in self._tokens_of[old]:
                split.setdefault(token, []).append(old)

    def candidates(self, key: Hashable, tokens: frozenset[str]) -> Sequence[Ref]:
        refs = self._small.get(key, _NONE)
        if refs is not _NONE:
            return refs if refs.__class__ is list else (refs,)  # type: ignore[return-value]
        split = self._split.get(key)
        if split is None:
            return ()
        buckets = sorted((split.get(t, []) for t in tokens), key=len)
        # Words many share (a common first name) are skipped unless nothing rarer is there.
        chosen = [b for b in buckets if len(b) <= _BUCKET_SPLIT] or buckets[:1]
        return [ref for bucket in chosen for ref in bucket]

    def any_owner(self, key: Hashable) -> Ref | None:
        refs = self._small.get(key, _NONE)
        if refs is not _NONE:
            return refs[0] if refs.__class__ is list else refs  # type: ignore[index,return-value]
        split = self._split.get(key)
        if split:
            return next((bucket[0] for bucket in split.values() if bucket), None)
        return None


_NONE: object = object()


def _phone_key(key: PhoneKey) -> Hashable:
    """The evidence key of a phone: its E.164 string alone when it has no extension (the
    string the phone holds anyway: no tuple per key in a large file's index)."""
    return key[0] if key[1] is None else key


class IdentityIndex(Generic[Ref]):
    """Known persons and organizations, found by the identity rules.

    Persons are matched by name AND (a phone key, an e-mail, or the organization ref);
    organizations by INN, then by normalised name unless both have different INNs.
    """

    def __init__(self) -> None:
        self._org_by_inn: dict[str, Ref] = {}
        self._org_by_key: dict[str, list[Ref]] = {}
        self._org_inn: dict[Ref, str | None] = {}
        self._names: dict[Ref, str] = {}
        self._tokens: dict[Ref, frozenset[str]] = {}
        # one index per kind of evidence (phones, e-mails, organizations): bare keys
        self._by_phone: _Evidence[Ref] = _Evidence(self._tokens)
        self._by_email: _Evidence[Ref] = _Evidence(self._tokens)
        self._by_org: _Evidence[Ref] = _Evidence(self._tokens)

    # organizations

    def add_organization(self, ref: Ref, *, name_key: str, inn: str | None) -> None:
        """Register (or update: an INN learnt later) an organization."""
        if inn:
            self._org_by_inn.setdefault(inn, ref)
        if self._org_inn.get(ref) is None:
            self._org_inn[ref] = inn
        if name_key:
            refs = self._org_by_key.setdefault(name_key, [])
            if ref not in refs:
                refs.append(ref)

    def find_organization(self, *, name_key: str, inn: str | None) -> Match[Ref] | None:
        if inn:
            found = self._org_by_inn.get(inn)
            if found is not None:
                return Match(found, "inn")
            for ref in self._org_by_key.get(name_key, ()):
                if self._org_inn.get(ref) is None:
                    return Match(ref, "name")
            return None  # the same name with another INN is another organization
        refs = self._org_by_key.get(name_key, [])
        if not refs:
            return None
        return Match(refs[0], "name", ambiguous=len(refs) > 1)

    # persons

    def add_person(
        self,
        ref: Ref,
        *,
        name: str,
        phones: Iterable[PhoneKey] = (),
        emails: Iterable[str] = (),
        organization: Hashable | None = None,
    ) -> None:
        """Register a named person with the keys that can identify it (call again to add)."""
        tokens = self._tokens.get(ref)
        if tokens is None:
            tokens = _full_tokens(name)
            self._names[ref] = name
            self._tokens[ref] = tokens
        for key in phones:
            self._by_phone.add(_phone_key(key), ref)
        for email in emails:
            self._by_email.add(email, ref)
        if organization is not None:
            self._by_org.add(organization, ref)

    def find_person(
        self,
        *,
        name: str,
        phones: Iterable[PhoneKey] = (),
        emails: Iterable[str] = (),
        organization: Hashable | None = None,
    ) -> Match[Ref] | None:
        tokens = _full_tokens(name)
        if not tokens:
            return None
        evidence: list[tuple[str, _Evidence[Ref], Hashable]] = [
            ("phone", self._by_phone, _phone_key(k)) for k in phones
        ]
        evidence += [("email", self._by_email, e) for e in emails]
        if organization is not None:
            evidence.append(("organization", self._by_org, organization))
        found: list[Match[Ref]] = []
        seen: set[Ref] = set()
        for reason, index, key in evidence:
            for ref in index.candidates(key, tokens):
                if ref in seen or not (tokens & self._tokens[ref]):
                    continue
                seen.add(ref)
                if person_names_match(name, self._names[ref]):
                    found.append(Match(ref, reason))
        if not found:
            return None
        first = found[0]
        ambiguous = any(
            not person_names_match(self._names[first.ref], self._names[m.ref]) for m in found[1:]
        )
        return Match(first.ref, first.reason, ambiguous)

    def contact_owner(
        self, phones: Iterable[PhoneKey] = (), emails: Iterable[str] = ()
    ) -> Ref | None:
        """Any person already known with one of these phones or e-mails (for messages)."""
        for key in phones:
            owner = self._by_phone.any_owner(_phone_key(key))
            if owner is not None:
                return owner
        for email in emails:
            owner = self._by_email.any_owner(email)
            if owner is not None:
                return owner
        return None


@lru_cache(maxsize=65536)  # names repeat across rows: the same few thousand in a large file
def _full_tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in person_name_tokens(name) if len(t) > 1)


# --- entities ---------------------------------------------------------------------------------


@dataclass(slots=True)
class OrganizationEntity:
    """An organization to create or match; `rows` are the rows that named it."""

    id: int
    name: str
    name_key: str
    inn: str | None = None  # valid INN only
    kpp: str | None = None
    ogrn: str | None = None
    phones: list[PhoneValue] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    address: str = ""
    city: str = ""
    website: str = ""
    industry: str = ""
    notes: str = ""
    owner: str = ""
    source: str = ""
    segment: str = ""
    tags: list[str] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)
    rows: list[RowRef] = field(default_factory=list)


@dataclass(slots=True)
class PersonEntity:
    """A person to create or match; `organization` is an `OrganizationEntity.id`."""

    id: int
    last_name: str
    first_name: str
    middle_name: str
    full_name: str
    organization: int | None = None
    unnamed: bool = False
    position: str = ""
    department: str = ""
    inn: str | None = None  # a 12-digit personal INN from a row without a company
    phones: list[PhoneValue] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    address: str = ""
    city: str = ""
    website: str = ""
    birthday: PartialDate | None = None
    notes: str = ""
    owner: str = ""
    source: str = ""
    segment: str = ""
    tags: list[str] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)
    rows: list[RowRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Rejection:
    sheet: str
    row: int
    reason: str  # stable code: 'no_identity'
    message: str  # in English; `text(language)` for the user's language

    def text(self, language: str) -> str:
        return problem_text(self.reason, (), language, fallback=self.message)


@dataclass(slots=True)
class Resolution:
    """The outcome of resolving a file: what to create, and what was left out and why."""

    organizations: list[OrganizationEntity] = field(default_factory=list)
    persons: list[PersonEntity] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    rows_read: int = 0


_SCALARS_ORG = ("address", "city", "website", "industry", "owner", "source", "segment")
_SCALARS_PERSON = (
    "position",
    "department",
    "address",
    "city",
    "website",
    "owner",
    "source",
    "segment",
)


def _merge_list(target: list[str], items: Iterable[str]) -> None:
    for item in items:
        if item not in target:
            target.append(item)


def _merge_phones(target: list[PhoneValue], items: Iterable[PhoneValue]) -> None:
    known = {p.key or p.raw for p in target}
    for phone in items:
        identity = phone.key or phone.raw
        if identity not in known:
            known.add(identity)
            target.append(phone)


class Resolver:
    """Resolves records one by one (streaming); `result` holds what is known so far."""

    def __init__(self) -> None:
        self.result = Resolution()
        self.index: IdentityIndex[int] = IdentityIndex()
        self._org_keys: dict[str, str] = {}  # company text -> org_name_key (texts repeat)

    def add(self, record: ImportRecord) -> None:
        result = self.result
        result.rows_read += 1
        org = self._organization(record) if record.organization else None
        if record.has_person_name:
            self._person(record, org)
        elif org is not None:
            self._org_row(record, org)
        elif record.has_contact:
            self._unnamed(record)
        else:
            result.rejected.append(
                Rejection(record.sheet, record.row, "no_identity", problem_text("no_identity"))
            )
        result.warnings.extend(record.warnings)

    # -- organizations --

    def _organization(self, record: ImportRecord) -> OrganizationEntity:
        inn = (
            record.inn
            if record.inn and is_valid_inn(record.inn) and len(record.inn) == 10
            else None
        )
        if inn is None and record.inn and is_valid_inn(record.inn) and not record.has_person_name:
            inn = record.inn  # a sole trader's 12-digit INN on a company row
        key = self._org_keys.get(record.organization)
        if key is None:
            key = self._org_keys[record.organization] = org_name_key(record.organization)
        match = self.index.find_organization(name_key=key, inn=inn)
        if match is None:
            org = OrganizationEntity(
                id=len(self.result.organizations),
                name=org_display_name(record.organization),
                name_key=key,
            )
            self.result.organizations.append(org)
        else:
            org = self.result.organizations[match.ref]
            if match.ambiguous:
                record.warn(
                    "organization", "organization_ambiguous", name=quote(record.organization, 60)
                )
        org.inn = org.inn or inn
        org.kpp = org.kpp or record.kpp
        org.ogrn = org.ogrn or record.ogrn
        if record.org_phones:
            _merge_phones(org.phones, record.org_phones)
        if record.org_emails:
            _merge_list(org.emails, record.org_emails)
        if record.org_address:
            org.address = org.address or record.org_address
        org.website = org.website or record.org_website
        org.industry = org.industry or record.industry
        org.rows.append(record.ref)
        self.index.add_organization(org.id, name_key=key, inn=org.inn)
        return org

    def _org_row(self, record: ImportRecord, org: OrganizationEntity) -> None:
        """A company-only row: its phones, e-mails and details belong to the organization."""
        _merge_phones(org.phones, record.phones)
        _merge_list(org.emails, record.emails)
        _merge_list(org.tags, record.tags)
        for name in _SCALARS_ORG:
            self._fill(org, name, getattr(record, name), record)
        org.notes = _join_notes(org.notes, record.notes)
        org.custom = {**record.custom, **org.custom}

    # -- persons --

    def _person(self, record: ImportRecord, org: OrganizationEntity | None) -> None:
        keys = [k for p in record.phones if (k := p.key)]
        org_id = org.id if org is not None else None
        match = self.index.find_person(
            name=record.full_name, phones=keys, emails=record.emails, organization=org_id
        )
        if match is None:
            person = PersonEntity(
                id=len(self.result.persons),
                last_name=record.last_name,
                first_name=record.first_name,
                middle_name=record.middle_name,
                full_name=record.full_name,
                organization=org_id,
            )
            self.result.persons.append(person)
        else:
            person = self.result.persons[match.ref]
            first_row = person.rows[0]
            record.warn("name", "duplicate_in_file", row=first_row[1], reason=match.reason)
            if match.ambiguous:
                record.warn("name", "person_ambiguous", row=first_row[1])
            self._better_name(person, record)
            if person.organization is None:
                person.organization = org_id
        if org is None and record.inn and len(record.inn) == 12:
            person.inn = person.inn or record.inn
        if record.phones:
            _merge_phones(person.phones, record.phones)
        if record.emails:
            _merge_list(person.emails, record.emails)
        if record.tags:
            _merge_list(person.tags, record.tags)
        for name in _SCALARS_PERSON:
            if value := getattr(record, name):
                self._fill(person, name, value, record)
        person.birthday = person.birthday or record.birthday
        person.notes = _join_notes(person.notes, record.notes)
        if record.custom:
            person.custom = {**record.custom, **person.custom}
        person.rows.append(record.ref)
        self.index.add_person(
            person.id,
            name=person.full_name,
            phones=keys,
            emails=record.emails,
            organization=person.organization,
        )

    def _better_name(self, person: PersonEntity, record: ImportRecord) -> None:
        """Keep the fuller form of a name ('Иванов Иван Петрович' over 'Иванов И.')."""
        if len(record.full_name.replace(".", "")) > len(person.full_name.replace(".", "")):
            person.last_name, person.first_name = record.last_name, record.first_name
            person.middle_name, person.full_name = record.middle_name, record.full_name

    def _unnamed(self, record: ImportRecord) -> None:
        keys = [k for p in record.phones if (k := p.key)]
        owner = self.index.contact_owner(keys, record.emails)
        if owner is not None:
            shared_row = self.result.persons[owner].rows[0][1]
            record.warn("name", "unnamed_contact", row=shared_row)
        else:
            record.warn("name", "unnamed_contact")
        person = PersonEntity(
            id=len(self.result.persons),
            last_name="",
            first_name="",
            middle_name="",
            full_name="",
            unnamed=True,
            phones=list(record.phones),
            emails=list(record.emails),
            tags=list(record.tags),
            birthday=record.birthday,
            notes=record.notes,
            custom=dict(record.custom),
            rows=[record.ref],
        )
        for name in _SCALARS_PERSON:
            setattr(person, name, getattr(record, name))
        self.result.persons.append(person)

    def _fill(
        self,
        entity: OrganizationEntity | PersonEntity,
        name: str,
        value: str,
        record: ImportRecord,
    ) -> None:
        """Fill an empty field; a different non-empty value is flagged `value_conflict`."""
        if not value:
            return
        current = getattr(entity, name)
        if not current:
            setattr(entity, name, value)
        elif current.casefold() != value.casefold():
            record.warn(
                name,
                "value_conflict",
                value=quote(value, 60),
                current=quote(current, 60),
                kind="person" if isinstance(entity, PersonEntity) else "organization_record",
                row=entity.rows[0][1] if entity.rows else record.row,
            )


def _join_notes(current: str, new: str) -> str:
    if not new or new in current:
        return current
    return f"{current}\n{new}" if current else new


def resolve(records: Iterable[ImportRecord]) -> Resolution:
    """Resolve the records of a file (see the module docstring for the rules)."""
    resolver = Resolver()
    for record in records:
        resolver.add(record)
    return resolver.result
