"""No lost updates: a three-way merge of an edit with what others saved meanwhile.

An editor remembers what it showed when it opened (the *base*: the input it was filled
with) and sends it with its edits (*mine*) and the version it read. When the record's
version has moved on, the service reads the record as it is now (*theirs*) and compares
the three per field:

- a field only I changed is applied onto the current record;
- a field only they changed keeps their value;
- a field both changed to the same value is fine;
- a field both changed differently is a conflict: `EditConflictError` lists each such
  field with the three values as text, the current version and who changed it last. Its
  `resolve(choices)` gives the input to save next, against `error.version` with
  `error.theirs` as the new base (which may conflict again).

A list (phones, emails, tags) merges item by item: a phone, email or tag one side added
or removed is added or removed, and only the same item changed on both sides (or
removed on one, changed on the other) makes the list a conflict — shown as one field.
The parts of one value count as one field (a person's name, a deal's stage and
pipeline, an activity's time, a deal's amount and currency).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from crm_desktop.domain.clock import SystemClock
from crm_desktop.errors import EditConflictError, FieldConflict, check_version
from crm_desktop.services.dto import (
    EmailInput,
    OrganizationCard,
    OrganizationInput,
    PersonCard,
    PersonInput,
    PhoneInput,
)
from crm_desktop.storage.models import (
    Deal,
    MainEntity,
    Organization,
    Person,
    Pipeline,
    Stage,
    User,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from crm_desktop.services.activities import ActivityInput, ActivityView
    from crm_desktop.services.deals import DealInput

T = TypeVar("T")
Names = Callable[[str, int], str]  # ("organization", 5) -> "ООО Ромашка"


# ------------------------------------------------------------------ comparing


def canon(value: Any) -> Hashable:
    """A value as the merge compares it: blank text is None, text is stripped, a list of
    phones or emails is a tuple of their canonical parts (blank items skipped)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, EmailInput):
        address = value.address.strip()
        return (address.casefold(), canon(value.kind)) if address else None
    if isinstance(value, PhoneInput):
        raw = value.raw.strip()
        if not raw:
            return None
        return (raw, canon(value.kind), canon(value.extension), canon(value.comment))
    if is_dataclass(value) and not isinstance(value, type):
        return tuple(canon(getattr(value, f.name)) for f in fields(value))
    if isinstance(value, list | tuple):
        items = [canon(v) for v in value]
        return tuple(i for i in items if i is not None)
    if isinstance(value, set | frozenset):
        return tuple(sorted(str(v) for v in value))
    return value  # type: ignore[no-any-return]


def _tags_key(tags: Sequence[str]) -> Hashable:
    return tuple(sorted({t.strip().casefold() for t in tags if t.strip()}))


@dataclass(frozen=True, slots=True)
class Field:
    """One field of an editor as the merge sees it: its name, its English label and the
    input attributes it is made of."""

    name: str
    label: str
    attrs: tuple[str, ...]
    key: Callable[[Any], Hashable] | None = None  # canonical value of the whole input
    show: Callable[[Any, Names], str | None] | None = None  # display text of the input
    ref: str | None = None  # the attribute is the id of: 'organization', 'user', ...
    item: Callable[[Any], Hashable] | None = None  # a list: the key of one item (see below)

    def value(self, data: Any) -> Hashable:
        if self.key is not None:
            return self.key(data)
        return tuple(canon(getattr(data, a)) for a in self.attrs)

    def text(self, data: Any, names: Names) -> str | None:
        if self.show is not None:
            return self.show(data, names)
        parts = [_text(getattr(data, a), self.ref, names) for a in self.attrs]
        shown = [p for p in parts if p]
        return " ".join(shown) if shown else None


def _text(value: Any, ref: str | None, names: Names) -> str | None:
    if value is None or value in ("", []):
        return None
    if ref is not None and isinstance(value, int):
        return names(ref, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.astimezone(SystemClock().tz).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        items = [_item_text(v) for v in value]
        return "; ".join(i for i in items if i) or None
    if isinstance(value, str):
        return value.strip() or None
    return str(value)


def _item_text(value: Any) -> str:
    if isinstance(value, PhoneInput):
        text = value.raw.strip() + (f" ext. {value.extension}" if value.extension else "")
        comment = (value.comment or "").strip()
        return text + (f" ({comment})" if comment else "")
    if isinstance(value, EmailInput) and value.kind.value != "work":
        return f"{value.address.strip()} ({value.kind.value})"
    if isinstance(value, EmailInput):
        return value.address.strip()
    return str(value).strip()


@dataclass(frozen=True, slots=True)
class MergeResult:
    merged: Any  # theirs with the fields only I changed applied
    conflicts: tuple[Field, ...]  # changed differently on both sides
    mine_applied: tuple[str, ...]  # field names taken from mine
    theirs_kept: tuple[str, ...]  # field names only they changed


def merge(base: T, theirs: T, mine: T, spec: Sequence[Field]) -> MergeResult:
    """The three-way merge of inputs of one kind, field by field (see the module doc)."""
    updates: dict[str, Any] = {}
    conflicts: list[Field] = []
    applied: list[str] = []
    kept: list[str] = []
    for f in spec:
        b, t, m = f.value(base), f.value(theirs), f.value(mine)
        if m in (b, t):
            if t != b:
                kept.append(f.name)
            continue
        if t == b:
            updates.update({a: getattr(mine, a) for a in f.attrs})
            applied.append(f.name)
            continue
        if f.item is not None:
            (attr,) = f.attrs
            items = merge_items(
                getattr(base, attr), getattr(theirs, attr), getattr(mine, attr), f.item
            )
            if items is not None:
                updates[attr] = items
                applied.append(f.name)
                continue
        conflicts.append(f)
    merged = replace(theirs, **updates) if updates else theirs  # type: ignore[type-var]
    return MergeResult(merged, tuple(conflicts), tuple(applied), tuple(kept))


def merge_items(
    base: Sequence[Any], theirs: Sequence[Any], mine: Sequence[Any], key: Callable[[Any], Hashable]
) -> list[Any] | None:
    """A list both sides changed, merged item by item (an item is known by `key`: a phone
    by its number, an email by its address, a tag by its name): theirs, without what I
    removed, with what I changed and added. None (a conflict) when one side changed or
    removed an item the other changed, or both added the same item differently."""

    def keyed(items: Sequence[Any]) -> dict[Hashable, Any]:
        found: dict[Hashable, Any] = {}
        for i in items:
            k = key(i)
            if k is not None and k not in found:
                found[k] = i
        return found

    b, t, m = keyed(base), keyed(theirs), keyed(mine)
    removed = b.keys() - m.keys()
    changed = {k: i for k, i in m.items() if k in b and canon(i) != canon(b[k])}
    for k in removed:
        if k in t and canon(t[k]) != canon(b[k]):
            return None  # I removed what they changed
    for k, i in changed.items():
        if k not in t or canon(t[k]) not in (canon(b[k]), canon(i)):
            return None  # I changed what they removed or changed differently
    result = [changed.get(k, i) for k, i in t.items() if k not in removed]
    for k, i in m.items():
        if k in b:
            continue
        if k not in t:
            result.append(i)
        elif canon(t[k]) != canon(i):
            return None  # both added it, differently
    return result


def _phone_key(p: PhoneInput) -> Hashable:
    digits = "".join(ch for ch in p.raw if ch.isdigit())
    return (digits[-10:] or p.raw.strip() or None), canon(p.extension)


def _email_key(e: EmailInput) -> Hashable:
    return e.address.strip().casefold() or None


def _tag_key(tag: str) -> Hashable:
    return tag.strip().casefold() or None


# ------------------------------------------------------------------ names


def names_of(session: Session) -> Names:
    """Display names of the records a field may point to (cached for one merge)."""
    models: dict[str, Any] = {
        "organization": (Organization, "name"),
        "person": (Person, "full_name"),
        "deal": (Deal, "title"),
        "stage": (Stage, "name"),
        "pipeline": (Pipeline, "name"),
    }
    cache: dict[tuple[str, int], str] = {}

    def name(ref: str, entity_id: int) -> str:
        if (ref, entity_id) in cache:
            return cache[ref, entity_id]
        text = f"#{entity_id}"
        if ref == "user":
            user = session.get(User, entity_id)
            if user is not None:
                text = user.display_name or user.login
        elif ref == "activity":
            from crm_desktop.storage.models import Activity

            row = session.get(Activity, entity_id)
            text = row.subject if row is not None else text
        elif ref in models:
            model, attr = models[ref]
            row = session.get(model, entity_id)
            if row is not None:
                text = getattr(row, attr)
        cache[ref, entity_id] = text
        return text

    return name


def last_editor(session: Session, record: MainEntity) -> str | None:
    """Who saved the record last (display name, login when empty); None when unknown."""
    user_id = record.updated_by_id
    if user_id is None:
        return None
    user = session.get(User, user_id)
    if user is None:
        return None
    return user.display_name or user.login


# ------------------------------------------------------------------ versions


def list_details(record: Organization | Person) -> Hashable:
    """What the audit's snapshot leaves out of a card's phones and emails (kind, comment):
    a change of only these must still make a new version."""
    return (
        tuple((p.raw, str(p.kind), p.extension, p.comment) for p in record.phones),
        tuple((e.address, str(e.kind)) for e in record.emails),
    )


# ------------------------------------------------------------------ the check


def lock(session: Session, record: MainEntity) -> None:
    """On a server, hold the record's row until the commit and read it again, so two
    desktops saving the same record take turns and each merges with the other's saved
    state (SQLite needs no more: one writer at a time, `BEGIN IMMEDIATE`)."""
    if session.get_bind().dialect.name != "sqlite":
        session.refresh(record, with_for_update=True)


def check_edit(
    session: Session,
    record: MainEntity,
    expected_version: int | None,
    base: T | None,
    mine: T,
    theirs: Callable[[], T],
    spec: Sequence[Field],
    *,
    what: str,
    title: str,
) -> T:
    """What to save: `mine` when the record is as the editor read it; otherwise the merge of
    `mine` with the record as it is now (`theirs()`), or `EditConflictError`. Without a
    `base` a changed record refuses the write as before (`ConcurrentEditError`)."""
    lock(session, record)
    if expected_version is None or record.version == expected_version:
        return mine
    if base is None:
        check_version(record.version, expected_version, what)
    current = theirs()
    result = merge(base, current, mine, spec)
    if result.conflicts:
        raise conflict_error(session, record, what, title, result, base, current, mine)
    return result.merged  # type: ignore[no-any-return]


def conflict_error(
    session: Session,
    record: MainEntity,
    what: str,
    title: str,
    result: MergeResult,
    base: Any,
    theirs: Any,
    mine: Any,
) -> EditConflictError:
    names = names_of(session)
    rows = tuple(
        FieldConflict(
            f.name, f.label, f.text(base, names), f.text(theirs, names), f.text(mine, names)
        )
        for f in result.conflicts
    )
    who = last_editor(session, record)
    labels = ", ".join(f.label.lower() for f in result.conflicts)
    by = f" by {who}" if who else " by someone else"
    message = (
        f"The {what} “{title}” was changed{by} after you opened it, and you both changed: "
        f"{labels}. Choose whose values to keep."
    )
    return EditConflictError(
        message,
        rows,
        version=record.version,
        changed_by=who,
        changed_at=record.updated_at,
        theirs=theirs,
        mine=mine,
        merged=result.merged,
        attrs={f.name: f.attrs for f in result.conflicts},
    )


def refuse_field(
    session: Session,
    record: MainEntity,
    *,
    what: str,
    title: str,
    field: Field,
    base: Any,
    theirs: Any,
    mine: Any,
    message: str | None = None,
) -> EditConflictError:
    """A conflict on one field (a drag on the board or in the calendar)."""
    result = MergeResult(theirs, (field,), (), ())
    error = conflict_error(session, record, what, title, result, base, theirs, mine)
    if message is not None:
        error.message = message
        error.args = (message,)
    return error


# ------------------------------------------------------------------ contacts


def _person_name(data: PersonInput) -> Hashable:
    from crm_desktop.services.contacts import person_name_of

    name = person_name_of(data)
    return (name.last, name.first, name.middle)


def _person_name_text(data: PersonInput, _names: Names) -> str | None:
    from crm_desktop.services.contacts import person_name_of

    return person_name_of(data).full or None


_COMMON_TAIL = (
    Field("address", "Address", ("address",)),
    Field("city", "City", ("city",)),
    Field("website", "Website", ("website",)),
)
_CARD_TAIL = (
    Field("segment", "Segment", ("segment",)),
    Field("source", "Source", ("source",)),
    Field("interests", "Interests", ("interests",)),
    Field("notes", "Notes", ("notes",)),
    Field("is_key_client", "Key client", ("is_key_client",)),
    Field("owner_id", "Responsible", ("owner_id",), ref="user"),
    Field("phones", "Phones", ("phones",), item=_phone_key),
    Field("emails", "Emails", ("emails",), item=_email_key),
    Field(
        "tags",
        "Tags",
        ("tags",),
        key=lambda d: _tags_key(d.tags),
        show=lambda d, _n: ", ".join(t.strip() for t in d.tags if t.strip()) or None,
        item=_tag_key,
    ),
)

ORGANIZATION_SPEC: tuple[Field, ...] = (
    Field("name", "Name", ("name",), key=lambda d: " ".join(d.name.split()) or None),
    Field("inn", "INN", ("inn",)),
    Field("kpp", "KPP", ("kpp",)),
    Field("ogrn", "OGRN", ("ogrn",)),
    *_COMMON_TAIL,
    Field("industry", "Industry", ("industry",)),
    *_CARD_TAIL,
)

PERSON_SPEC: tuple[Field, ...] = (
    Field(
        "name",
        "Name",
        ("last_name", "first_name", "middle_name", "full_name"),
        key=_person_name,
        show=_person_name_text,
    ),
    Field("organization_id", "Organization", ("organization_id",), ref="organization"),
    Field("position", "Position", ("position",)),
    Field("department", "Department", ("department",)),
    Field("birthday", "Birthday", ("birthday",)),
    Field("inn", "INN", ("inn",)),
    *_COMMON_TAIL,
    *_CARD_TAIL,
)


def _phones(card: OrganizationCard | PersonCard) -> list[PhoneInput]:
    return [PhoneInput(p.raw, p.kind, p.extension, p.comment) for p in card.phones]


def _emails(card: OrganizationCard | PersonCard) -> list[EmailInput]:
    return [EmailInput(e.address, e.kind) for e in card.emails]


def organization_input(card: OrganizationCard) -> OrganizationInput:
    """Every field of an organization's card as its editor's input."""
    return OrganizationInput(
        name=card.name,
        inn=card.inn,
        kpp=card.kpp,
        ogrn=card.ogrn,
        address=card.address,
        city=card.city,
        website=card.website,
        industry=card.industry,
        segment=card.segment,
        source=card.source,
        interests=card.interests,
        notes=card.notes,
        is_key_client=card.is_key_client,
        owner_id=card.owner_id,
        phones=_phones(card),
        emails=_emails(card),
        tags=list(card.tags),
    )


def person_input(card: PersonCard) -> PersonInput:
    """Every field of a person's card as its editor's input."""
    return PersonInput(
        last_name=card.last_name,
        first_name=card.first_name,
        middle_name=card.middle_name,
        organization_id=card.organization_id,
        position=card.position,
        department=card.department,
        inn=card.inn,
        address=card.address,
        city=card.city,
        website=card.website,
        segment=card.segment,
        source=card.source,
        interests=card.interests,
        notes=card.notes,
        is_key_client=card.is_key_client,
        owner_id=card.owner_id,
        phones=_phones(card),
        emails=_emails(card),
        tags=list(card.tags),
        birthday=card.birthday,
    )


# ------------------------------------------------------------------ deals


def _money_text(d: DealInput, _names: Names) -> str | None:
    whole, cents = divmod(d.amount_minor, 100)
    return f"{whole:,}".replace(",", " ") + f".{cents:02d} {d.currency}"


def _stage_text(d: Any, names: Names) -> str | None:
    return names("stage", d.stage_id)


DEAL_STAGE = Field("stage", "Stage", ("pipeline_id", "stage_id"), show=_stage_text)


DEAL_SPEC: tuple[Field, ...] = (
    Field("title", "Title", ("title",), key=lambda d: " ".join(d.title.split()) or None),
    Field("organization_id", "Organization", ("organization_id",), ref="organization"),
    Field("person_id", "Person", ("person_id",), ref="person"),
    DEAL_STAGE,
    Field(
        "amount",
        "Amount",
        ("amount_minor", "currency"),
        key=lambda d: (d.amount_minor, d.currency.strip().upper()),
        show=_money_text,
    ),
    Field("probability", "Probability", ("probability",)),
    Field("expected_close_on", "Expected close", ("expected_close_on",)),
    Field("owner_id", "Responsible", ("owner_id",), ref="user"),
    Field("source", "Source", ("source",)),
    Field("description", "Description", ("description",)),
)


def deal_input(deal: Deal) -> DealInput:
    """A deal as it is stored, as the editor's input."""
    from crm_desktop.services.deals import DealInput

    return DealInput(
        title=deal.title,
        pipeline_id=deal.pipeline_id,
        stage_id=deal.stage_id,
        organization_id=deal.organization_id,
        person_id=deal.person_id,
        amount_minor=deal.amount_minor,
        currency=deal.currency,
        probability=deal.probability,
        expected_close_on=deal.expected_close_on,
        owner_id=deal.owner_id,
        source=deal.source,
        description=deal.description,
    )


def check_deal_move(
    session: Session,
    deal: Deal,
    expected_version: int | None,
    from_stage_id: int | None,
    to_stage_id: int,
) -> None:
    """A drag on the board: refused only when someone else moved the deal meanwhile
    (another stage than the one the card showed). Other changes do not stop a move."""
    lock(session, deal)
    if expected_version is None or deal.version == expected_version:
        return
    if from_stage_id is None:
        check_version(deal.version, expected_version, "deal")
        return
    if deal.stage_id in (from_stage_id, to_stage_id):
        return
    theirs = deal_input(deal)
    base = replace(theirs, stage_id=from_stage_id)
    mine = replace(theirs, stage_id=to_stage_id)
    names = names_of(session)
    who = last_editor(session, deal)
    message = (
        f"{who or 'Someone else'} moved the deal “{deal.title}” to "
        f"“{names('stage', deal.stage_id)}” after you saw it, so your move to "
        f"“{names('stage', to_stage_id)}” was not saved."
    )
    raise refuse_field(
        session,
        deal,
        what="deal",
        title=deal.title,
        field=DEAL_STAGE,
        base=base,
        theirs=theirs,
        mine=mine,
        message=message,
    )


# ------------------------------------------------------------------ activities


def _when_key(d: ActivityInput) -> Hashable:
    if d.start_at is not None:
        return ("at", d.start_at, d.end_at, d.all_day)
    return ("on", d.due_on)


def when_text(d: ActivityInput, _names: Names, tz: tzinfo | None = None) -> str | None:
    tz = tz or SystemClock().tz
    if d.start_at is not None:
        start = d.start_at.astimezone(tz)
        if d.all_day:
            return start.date().isoformat()
        text = start.strftime("%Y-%m-%d %H:%M")
        if d.end_at is not None:
            end = d.end_at.astimezone(tz)
            text += "–" + end.strftime("%H:%M" if end.date() == start.date() else "%Y-%m-%d %H:%M")
        return text
    return d.due_on.isoformat() if d.due_on is not None else None


def _reminder_text(d: ActivityInput, _names: Names) -> str | None:
    if d.reminder_minutes is not None:
        return f"{d.reminder_minutes} min before"
    return _text(d.reminder_at, None, _names)


ACTIVITY_WHEN = Field(
    "when",
    "Date and time",
    ("start_at", "end_at", "due_on", "all_day"),
    key=_when_key,
    show=when_text,
)

ACTIVITY_SPEC: tuple[Field, ...] = (
    Field("subject", "Subject", ("subject",), key=lambda d: " ".join(d.subject.split()) or None),
    Field("kind", "Type", ("kind",)),
    ACTIVITY_WHEN,
    Field("priority", "Priority", ("priority",)),
    Field(
        "reminder",
        "Reminder",
        ("reminder_minutes", "reminder_at"),
        show=_reminder_text,
    ),
    Field("organization_id", "Organization", ("organization_id",), ref="organization"),
    Field("person_id", "Person", ("person_id",), ref="person"),
    Field("deal_id", "Deal", ("deal_id",), ref="deal"),
    Field("owner_id", "Responsible", ("owner_id",), ref="user"),
    Field("location", "Location", ("location",)),
    Field("description", "Description", ("description",)),
    Field(
        "recurrence",
        "Repeats",
        ("recurrence",),
        show=lambda d, _n: d.recurrence.to_rrule() if d.recurrence is not None else None,
    ),
)

ACTIVITY_DONE = Field(
    "done",
    "Done",
    ("done_at", "result"),
    key=lambda v: (v.done_at is not None, canon(v.result) if v.done_at is not None else None),
    show=lambda v, _n: (
        ("done" + (f": {v.result}" if v.result else "")) if v.done_at is not None else "planned"
    ),
)


def check_done(
    session: Session,
    row: MainEntity,
    expected_version: int | None,
    current: ActivityView,
    *,
    done: bool,
    result: str | None,
) -> bool:
    """Done / reopen over a changed activity: other fields never stop it. Returns False when
    the activity is already as wanted (someone else did the same); a different result text
    of someone else's "done" is a conflict."""
    if expected_version is None or row.version == expected_version:
        return True
    if not done:
        return current.done_at is not None
    if current.done_at is None:
        return True
    if canon(current.result) == canon(result):
        return False
    mine = replace(current, result=result)
    base = replace(current, done_at=None, result=None)
    who = last_editor(session, row) or "Someone else"
    theirs_result = (current.result or "").strip() or "no result"
    raise refuse_field(
        session,
        row,
        what="activity",
        title=current.subject,
        field=ACTIVITY_DONE,
        base=base,
        theirs=current,
        mine=mine,
        message=(
            f"{who} marked “{current.subject}” as done after you saw it, with the result "
            f"“{theirs_result}”, so yours was not saved: “{(result or '').strip()}”."
        ),
    )


def check_reschedule(
    session: Session,
    row: MainEntity,
    expected_version: int | None,
    base: ActivityInput | None,
    theirs: ActivityInput,
    mine: ActivityInput,
    title: str,
) -> None:
    """A drag in the calendar over a changed activity: refused only when someone else moved
    it too (to another time); other changes do not stop a move."""
    if expected_version is None or row.version == expected_version:
        return
    if base is None:
        check_version(row.version, expected_version, "activity")
        return
    b, t, m = (ACTIVITY_WHEN.value(x) for x in (base, theirs, mine))
    if t in (b, m):
        return
    names = names_of(session)
    who = last_editor(session, row) or "Someone else"
    raise refuse_field(
        session,
        row,
        what="activity",
        title=title,
        field=ACTIVITY_WHEN,
        base=base,
        theirs=theirs,
        mine=mine,
        message=(
            f"{who} moved “{title}” to {when_text(theirs, names) or 'no date'} after you saw "
            f"it, so your move to {when_text(mine, names) or 'no date'} was not saved."
        ),
    )
