"""Contacts as vCard 3.0 (RFC 2426), UTF-8, CRLF lines folded at 75 octets.

A person is a card with N, FN, ORG (organization; department), TITLE, TEL (TYPE=CELL,
WORK, HOME, FAX or VOICE), EMAIL (TYPE=INTERNET), ADR (street part and city), BDAY
(`YYYY-MM-DD`, or `--MMDD` when the year is unknown), NOTE and CATEGORIES (tags).

An organization is exported as an organization-only card in the form Apple Contacts
writes and Google, Outlook and Thunderbird read as a company: `FN` and `ORG` hold the
name, `N` is empty, and `X-ABShowAs:COMPANY` marks it (vCard 3.0 has no `KIND`; that
is vCard 4.0). Organizations that have people are carried by their people's ORG; an
organization without people gets a card of its own (all of them with
`organizations_only`).

Text values escape backslash, comma, semicolon and newlines (`\\\\ \\, \\; \\n`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from crm_desktop.domain.kinds import EmailKind, PhoneKind
from crm_desktop.services.exporting.tables import (
    BATCH,
    ContactDetails,
    birthdays,
    chunks,
    contact_details,
    count_visible,
    keyset,
    organizations_query,
    persons_query,
)
from crm_desktop.services.progress import Progress
from crm_desktop.storage.models import Organization, Person

_TEL_TYPES: dict[PhoneKind, str] = {
    PhoneKind.MOBILE: "CELL",
    PhoneKind.WORK: "WORK",
    PhoneKind.HOME: "HOME",
    PhoneKind.FAX: "FAX",
    PhoneKind.OTHER: "VOICE",
}
_EMAIL_TYPES: dict[EmailKind, str] = {
    EmailKind.WORK: "INTERNET,WORK",
    EmailKind.PERSONAL: "INTERNET,HOME",
}


def escape(text: str) -> str:
    """A vCard text value: backslash, comma, semicolon and line breaks escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets (RFC 2426 2.6; a UTF-8
    character is never split), joined by CRLF + space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # do not cut a multi-byte character
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # a continuation line starts with one space
    return "\r\n ".join(parts)


class _Card:
    def __init__(self) -> None:
        self.lines = ["BEGIN:VCARD", "VERSION:3.0"]

    def add(self, name: str, value: str, *, raw: bool = False) -> None:
        self.lines.append(f"{name}:{value if raw else escape(value)}")

    def text(self) -> str:
        return "".join(fold(line) + "\r\n" for line in [*self.lines, "END:VCARD"])


def _bday(value: date | str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "--" + value[2:].replace("-", "")  # '--05-17' -> '--0517'


def _channels(card: _Card, details: ContactDetails, owner: int) -> None:
    for phone_kind, text in details.phones.get(owner, ()):
        card.add(f"TEL;TYPE={_TEL_TYPES.get(phone_kind, 'VOICE')}", text)
    for email_kind, address in details.emails.get(owner, ()):
        card.add(f"EMAIL;TYPE={_EMAIL_TYPES.get(email_kind, 'INTERNET')}", address)
    tags = details.tags.get(owner)
    if tags:
        card.add("CATEGORIES", ",".join(escape(t) for t in tags), raw=True)


def _address(card: _Card, address: str | None, city: str | None, kind: str) -> None:
    if address or city:
        parts = ["", "", escape(address or ""), escape(city or ""), "", "", ""]
        card.add(f"ADR;TYPE={kind}", ";".join(parts), raw=True)


def _person_cards(
    session: Session, persons: list[sa.Row[Any]], org_names: dict[int, str], language: str
) -> Iterator[str]:
    ids = [p.id for p in persons]
    details = contact_details(session, "person_id", ids, language)
    born = birthdays(session, ids)
    for p in persons:
        card = _Card()
        names = (p.last_name, p.first_name, p.middle_name, "", "")
        card.add("N", ";".join(escape(n) for n in names), raw=True)
        card.add("FN", p.full_name)
        org_name = org_names.get(p.organization_id) if p.organization_id else None
        if org_name or p.department:
            parts = [escape(org_name or "")] + ([escape(p.department)] if p.department else [])
            card.add("ORG", ";".join(parts), raw=True)
        if p.position:
            card.add("TITLE", p.position)
        _channels(card, details, p.id)
        _address(card, p.address, p.city, "HOME" if org_name is None else "WORK")
        if p.id in born:
            card.add("BDAY", _bday(born[p.id]), raw=True)
        if p.notes:
            card.add("NOTE", p.notes)
        yield card.text()


def _organization_cards(session: Session, orgs: list[sa.Row[Any]], language: str) -> Iterator[str]:
    details = contact_details(session, "organization_id", [o.id for o in orgs], language)
    for o in orgs:
        card = _Card()
        card.add("N", ";;;;", raw=True)
        card.add("FN", o.name)
        card.add("ORG", o.name)
        card.add("X-ABShowAs", "COMPANY", raw=True)
        _channels(card, details, o.id)
        _address(card, o.address, o.city, "WORK")
        if o.website:
            card.add("URL", o.website)
        if o.notes:
            card.add("NOTE", o.notes)
        yield card.text()


def write_vcards(
    session: Session,
    out: TextIO,
    language: str,
    *,
    organizations_only: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the cards to `out`; returns the number of cards."""
    total = count_visible(session, Organization) + (
        0 if organizations_only else count_visible(session, Person)
    )
    done = count = 0
    for orgs in keyset(session, organizations_query(), Organization.id, BATCH // 4):
        org_ids = [o.id for o in orgs]
        with_people: set[int] = set()
        if not organizations_only:
            names = {o.id: o.name for o in orgs}
            people: list[sa.Row[Any]] = []
            for chunk in chunks(org_ids):
                people.extend(
                    session.execute(
                        persons_query()
                        .where(Person.organization_id.in_(chunk))
                        .order_by(Person.organization_id, Person.id)
                    )
                )
            with_people = {p.organization_id for p in people}
            for text in _person_cards(session, people, names, language):
                out.write(text)
                count += 1
            done += len(people)
        alone = [o for o in orgs if o.id not in with_people]
        for text in _organization_cards(session, alone, language):
            out.write(text)
            count += 1
        done += len(orgs)
        if progress is not None:
            progress(min(done, total), total)
    if organizations_only:
        return count
    org = aliased(Organization)
    no_org = (
        persons_query()
        .outerjoin(org, org.id == Person.organization_id)
        .where(sa.or_(org.id.is_(None), org.deleted_at.is_not(None)))
    )
    for persons in keyset(session, no_org, Person.id):
        for text in _person_cards(session, persons, {}, language):
            out.write(text)
            count += 1
        done += len(persons)
        if progress is not None:
            progress(min(done, total), total)
    return count


def write_vcf_file(
    session: Session,
    path: Path,
    language: str,
    *,
    organizations_only: bool = False,
    progress: Progress | None = None,
) -> int:
    with path.open("w", encoding="utf-8", newline="") as fh:
        return write_vcards(
            session, fh, language, organizations_only=organizations_only, progress=progress
        )
