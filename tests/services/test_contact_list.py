"""The contact tree's pages on every engine: paging, sorting, filters, trash, locate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import EntityKind, Role
from crm_desktop.services import contact_list, contacts
from crm_desktop.services.contact_list import (
    ContactFilter,
    ContactRow,
    SortKey,
    cities,
    count_organizations,
    count_persons,
    locate,
    organization_rows,
    owners,
    person_rows,
    segments_in_use,
    tags,
)
from crm_desktop.services.dto import OrganizationInput, PersonInput, PhoneInput
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Organization, Person, User

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ALL = ContactFilter()


@dataclass
class Base:
    anna: int
    boris: int
    solo: int
    romashka: int  # Москва, VIP + Опт, Анна, +7 495, contacted 5 days ago
    alfa: int  # Тула, Борис, no phone, never contacted
    piramida: int  # no city, no owner, invalid phone, Розница
    solnce: int  # 'москва' (lower case), Анна, +7 812, contacted 100 days ago
    trashed_org: int
    ivanov: int  # Ромашка, contacted 2 days ago
    petrova: int  # Ромашка
    sidorov: int  # Альфа: VIP, Москва, Анна, contacted 1 day ago
    eliseev: int  # private persons: Елисеев, Ёлкин, Жуков
    yolkin: int
    zhukov: int
    trashed_person: int
    trashed_member: int


def _user(ws: Workspace, login: str, name: str) -> int:
    with ws.write() as uow:
        user = User(login=login, display_name=name, role=Role.MANAGER)
        uow.session.add(user)
        uow.commit()
        return user.id


def _set_user_name(ws: Workspace, user_id: int, name: str) -> None:
    with ws.write() as uow:
        uow.session.get_one(User, user_id).display_name = name
        uow.commit()


def _org(ws: Workspace, name: str, **kw: object) -> int:
    return contacts.create_organization(ws, OrganizationInput(name=name, **kw)).id  # type: ignore[arg-type]


def _person(ws: Workspace, name: str, **kw: object) -> int:
    return contacts.create_person(ws, PersonInput(full_name=name, **kw)).id  # type: ignore[arg-type]


def _set(
    ws: Workspace, model: type[Organization] | type[Person], row_id: int, **values: object
) -> None:
    with ws.write() as uow:
        uow.session.execute(sa.update(model).where(model.id == row_id).values(**values))
        uow.commit()


@pytest.fixture
def base(ws: Workspace) -> Base:
    assert ws.user_id is not None
    _set_user_name(ws, ws.user_id, "")  # a user without a display name shows its login
    anna = _user(ws, "anna", "Анна Кузнецова")
    boris = _user(ws, "boris", "Борис Волков")
    romashka = _org(
        ws,
        "ООО «Ромашка»",
        city="Москва",
        segment="Опт",
        tags=["Опт", "VIP"],
        owner_id=anna,
        phones=[PhoneInput("+7 (495) 123-45-67")],
    )
    alfa = _org(ws, "АО «Альфа»", city="Тула", owner_id=boris)
    piramida = _org(ws, "Пирамида", tags=["Розница"], phones=[PhoneInput("610-96-48")])
    solnce = _org(
        ws, "ООО «Солнце»", city="москва", owner_id=anna, phones=[PhoneInput("+7 812 000-00-01")]
    )
    trashed_org = _org(ws, "Удалённая", city="Омск", tags=["Архив"], segment="Архив")
    ivanov = _person(ws, "Иванов Иван", organization_id=romashka, position="Директор")
    petrova = _person(ws, "Петрова Анна", organization_id=romashka)
    sidorov = _person(
        ws, "Сидоров Пётр", organization_id=alfa, tags=["vip"], city="Москва", owner_id=anna
    )
    eliseev = _person(ws, "Елисеев Олег")
    yolkin = _person(ws, "Ёлкин Юрий", city="Тула", phones=[PhoneInput("8 912 345 67 89")])
    zhukov = _person(ws, "Жуков Павел")
    trashed_person = _person(ws, "Абрамов Борис", city="Омск")
    trashed_member = _person(ws, "Кузнецов Олег", organization_id=trashed_org)
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, trashed_org)
    contacts.move_to_trash(ws, EntityKind.PERSON, trashed_person)
    _set(ws, Organization, romashka, last_contact_at=NOW - timedelta(days=5))
    _set(ws, Organization, solnce, last_contact_at=NOW - timedelta(days=100))
    _set(ws, Organization, piramida, owner_id=None)
    _set(ws, Person, ivanov, last_contact_at=NOW - timedelta(days=2))
    _set(ws, Person, sidorov, last_contact_at=NOW - timedelta(days=1))
    _set(ws, Person, yolkin, last_contact_at=NOW - timedelta(days=3))
    return Base(
        anna, boris, ws.user_id, romashka, alfa, piramida, solnce, trashed_org, ivanov,
        petrova, sidorov, eliseev, yolkin, zhukov, trashed_person, trashed_member,
    )  # fmt: skip


def _orgs(
    ws: Workspace, flt: ContactFilter = ALL, sort: SortKey = SortKey.NAME, desc: bool = False
) -> list[int]:
    return [r.id for r in organization_rows(ws, flt, sort, desc, 0, 100, now=NOW)]


def _persons(
    ws: Workspace,
    org_id: int | None,
    flt: ContactFilter = ALL,
    sort: SortKey = SortKey.NAME,
    desc: bool = False,
) -> list[int]:
    return [r.id for r in person_rows(ws, org_id, flt, sort, desc, 0, 100, now=NOW)]


# ------------------------------------------------------------------ paging


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("desc", [False, True])
@pytest.mark.parametrize("size", [1, 3])
def test_pages_are_disjoint_and_cover_everything(
    ws: Workspace, base: Base, sort: SortKey, desc: bool, size: int
) -> None:
    def walk(fetch: Callable[[int, int], list[ContactRow]], total: int) -> list[int]:
        ids: list[int] = []
        for offset in range(0, total + size, size):
            ids += [r.id for r in fetch(offset, size)]
        return ids

    org_total = count_organizations(ws, ALL)
    assert org_total == 4
    org_ids = walk(lambda o, n: organization_rows(ws, ALL, sort, desc, o, n), org_total)
    assert org_ids == _orgs(ws, ALL, sort, desc)
    assert sorted(org_ids) == sorted([base.romashka, base.alfa, base.piramida, base.solnce])

    private_total = count_persons(ws, None, ALL)
    assert private_total == 3
    private = walk(lambda o, n: person_rows(ws, None, ALL, sort, desc, o, n), private_total)
    assert sorted(private) == sorted([base.eliseev, base.yolkin, base.zhukov])
    assert private == _persons(ws, None, ALL, sort, desc)

    members = walk(lambda o, n: person_rows(ws, base.romashka, ALL, sort, desc, o, n), 2)
    assert sorted(members) == sorted([base.ivanov, base.petrova])


def test_out_of_range_pages_are_empty(ws: Workspace, base: Base) -> None:
    assert organization_rows(ws, ALL, SortKey.NAME, False, 100, 10) == []
    assert organization_rows(ws, ALL, SortKey.NAME, False, 0, 0) == []
    assert person_rows(ws, None, ALL, SortKey.NAME, False, 3, 10) == []


# ------------------------------------------------------------------ sorting


@pytest.mark.parametrize(
    ("sort", "ascending"),
    [
        (SortKey.NAME, ["alfa", "piramida", "romashka", "solnce"]),
        # 'Москва' < 'москва' (binary and C collations); no city last
        (SortKey.CITY, ["romashka", "alfa", "solnce", "piramida"]),
        # digits of the first phone: '6109648' < '7495…' < '7812…'; no phone last
        (SortKey.PHONE, ["piramida", "romashka", "solnce", "alfa"]),
        # owners by name: Анна (two, by id), Борис; no owner last
        (SortKey.OWNER, ["romashka", "solnce", "alfa", "piramida"]),
        (SortKey.LAST_CONTACT, ["solnce", "romashka", "alfa", "piramida"]),
        # first tag: 'vip' < 'розница'; no tags last (by id)
        (SortKey.TAGS, ["romashka", "piramida", "alfa", "solnce"]),
    ],
)
def test_organizations_sort_both_ways_with_nulls_last(
    ws: Workspace, base: Base, sort: SortKey, ascending: list[str]
) -> None:
    names = {getattr(base, n): n for n in ("romashka", "alfa", "piramida", "solnce")}
    assert [names[i] for i in _orgs(ws, ALL, sort)] == ascending
    descending = [names[i] for i in _orgs(ws, ALL, sort, desc=True)]
    tail = {
        SortKey.NAME: 0,
        SortKey.CITY: 1,
        SortKey.PHONE: 1,
        SortKey.OWNER: 1,
        SortKey.LAST_CONTACT: 2,
        SortKey.TAGS: 2,
    }[sort]
    split = len(ascending) - tail
    # values reversed, NULLs still last (ties among them reversed by id too)
    assert descending == ascending[:split][::-1] + ascending[split:][::-1]


def test_organization_name_sorts_without_legal_form(ws: Workspace, base: Base) -> None:
    rows = organization_rows(ws, ALL, SortKey.NAME, False, 0, 10)
    assert [r.name for r in rows] == ["АО «Альфа»", "Пирамида", "ООО «Ромашка»", "ООО «Солнце»"]


def test_cyrillic_order_puts_yo_with_ye(ws: Workspace, base: Base) -> None:
    rows = person_rows(ws, None, ALL, SortKey.NAME, False, 0, 10)
    assert [r.name for r in rows] == ["Елисеев Олег", "Ёлкин Юрий", "Жуков Павел"]
    rows = person_rows(ws, None, ALL, SortKey.NAME, True, 0, 10)
    assert [r.name for r in rows] == ["Жуков Павел", "Ёлкин Юрий", "Елисеев Олег"]


def test_persons_sort_by_city_phone_and_last_contact(ws: Workspace, base: Base) -> None:
    assert _persons(ws, None, sort=SortKey.CITY) == [base.yolkin, base.eliseev, base.zhukov]
    assert _persons(ws, None, sort=SortKey.CITY, desc=True) == [
        base.yolkin, base.zhukov, base.eliseev,
    ]  # fmt: skip
    assert _persons(ws, None, sort=SortKey.PHONE)[0] == base.yolkin
    assert _persons(ws, None, sort=SortKey.LAST_CONTACT, desc=True)[0] == base.yolkin
    assert _persons(ws, base.romashka, sort=SortKey.LAST_CONTACT) == [base.ivanov, base.petrova]


# ------------------------------------------------------------------ rows


def test_rows_carry_display_values(ws: Workspace, base: Base) -> None:
    by_id = {r.id: r for r in organization_rows(ws, ALL, SortKey.NAME, False, 0, 10)}
    romashka = by_id[base.romashka]
    assert romashka.kind is EntityKind.ORGANIZATION
    assert romashka.phone.startswith("+7 495 123") and romashka.phone_e164 == "+74951234567"
    assert not romashka.phone_invalid
    assert romashka.tags == "VIP, Опт"
    assert romashka.owner == "Анна Кузнецова"
    assert romashka.person_count == 2
    assert romashka.last_contact_at == NOW - timedelta(days=5)
    assert romashka.subtitle == "" and romashka.organization_id is None
    piramida = by_id[base.piramida]
    assert (piramida.phone, piramida.phone_e164, piramida.phone_invalid) == ("610-96-48", "", True)
    assert piramida.owner == "" and piramida.city == ""
    alfa = by_id[base.alfa]
    assert (alfa.phone, alfa.phone_invalid, alfa.tags, alfa.person_count) == ("", False, "", 1)

    (ivanov, _) = person_rows(ws, base.romashka, ALL, SortKey.NAME, False, 0, 10)
    assert (ivanov.kind, ivanov.name, ivanov.subtitle) == (
        EntityKind.PERSON,
        "Иванов Иван",
        "Директор",
    )
    assert ivanov.organization_id == base.romashka and ivanov.person_count == 0
    assert ivanov.owner == "owner"  # the solo user has no display name: its login


# ------------------------------------------------------------------ filters


def test_tag_filter_lists_organizations_with_a_matching_person(ws: Workspace, base: Base) -> None:
    flt = ContactFilter(tag=" vip ")
    assert count_organizations(ws, flt) == 2
    assert _orgs(ws, flt) == [base.alfa, base.romashka]
    # Ромашка matches itself: all its persons; Альфа only through Сидоров
    assert count_persons(ws, base.romashka, flt) == 2
    assert _persons(ws, base.romashka, flt) == [base.ivanov, base.petrova]
    assert count_persons(ws, base.alfa, flt) == 1
    assert _persons(ws, base.alfa, flt) == [base.sidorov]
    assert count_persons(ws, None, flt) == 0
    assert count_organizations(ws, ContactFilter(tag="нет такого")) == 0


def test_owner_filter(ws: Workspace, base: Base) -> None:
    flt = ContactFilter(owner_id=base.anna)
    assert _orgs(ws, flt) == [base.alfa, base.romashka, base.solnce]
    assert _persons(ws, base.alfa, flt) == [base.sidorov]
    assert _persons(ws, base.romashka, flt) == [base.ivanov, base.petrova]
    assert count_persons(ws, None, flt) == 0
    assert count_persons(ws, None, ContactFilter(owner_id=base.solo)) == 3


def test_city_filter_is_case_insensitive(ws: Workspace, base: Base) -> None:
    for city in ("Москва", "МОСКВА", "москва"):
        flt = ContactFilter(city=city)
        assert _orgs(ws, flt) == [base.alfa, base.romashka, base.solnce], city
        assert count_persons(ws, base.alfa, flt) == 1
    assert _persons(ws, None, ContactFilter(city="тула")) == [base.yolkin]
    assert count_organizations(ws, ContactFilter(city="Омск")) == 0  # trashed only
    assert count_organizations(ws, ContactFilter(city="Казань")) == 0


def test_segment_filter(ws: Workspace, base: Base) -> None:
    flt = ContactFilter(segment="опт")
    assert _orgs(ws, flt) == [base.romashka]
    assert count_persons(ws, base.romashka, flt) == 2
    assert count_persons(ws, None, flt) == 0


def test_no_contact_days_includes_the_never_contacted(ws: Workspace, base: Base) -> None:
    flt = ContactFilter(no_contact_days=30)
    # Ромашка (5 days) only through Петрова, never contacted; the others by themselves
    assert count_organizations(ws, flt, now=NOW) == 4
    assert _orgs(ws, flt) == [base.alfa, base.piramida, base.romashka, base.solnce]
    assert _persons(ws, base.romashka, flt) == [base.petrova]
    assert count_persons(ws, base.romashka, flt, now=NOW) == 1
    assert _persons(ws, base.alfa, flt) == [base.sidorov]  # Альфа matches: all shown
    assert _persons(ws, None, flt) == [base.eliseev, base.zhukov]
    recent = ContactFilter(no_contact_days=1)
    assert _persons(ws, base.romashka, recent) == [base.ivanov, base.petrova]
    both = ContactFilter(no_contact_days=30, owner_id=base.anna)
    assert _orgs(ws, both) == [base.solnce]  # Ромашка was contacted, Сидоров too


def test_combined_filters_need_every_criterion(ws: Workspace, base: Base) -> None:
    flt = ContactFilter(tag="VIP", city="Москва")
    assert _orgs(ws, flt) == [base.alfa, base.romashka]
    assert _persons(ws, base.alfa, flt) == [base.sidorov]
    assert _orgs(ws, ContactFilter(tag="VIP", city="Тула")) == []


def test_filter_json_round_trip_and_tolerance() -> None:
    flt = ContactFilter(tag="VIP", owner_id=3, city="Москва", segment="Опт", no_contact_days=30)
    assert ContactFilter.from_json(flt.to_json()) == flt
    assert ContactFilter().to_json() == "{}"
    assert ContactFilter.from_json("{}").is_empty()
    odd = ContactFilter.from_json(
        '{"tag": "  ", "owner_id": "3", "city": 5, "no_contact_days": true, "colour": "red",'
        ' "segment": "Опт"}'
    )
    assert odd == ContactFilter(segment="Опт")
    with pytest.raises(ValueError):
        ContactFilter.from_json("[1, 2]")
    with pytest.raises(ValueError):
        ContactFilter.from_json("not json")
    assert ContactFilter(city="  ").is_empty()
    assert not ContactFilter(no_contact_days=0).is_empty()


# ------------------------------------------------------------------ trash


def test_trashed_records_never_appear(ws: Workspace, base: Base) -> None:
    org_ids = _orgs(ws)
    assert base.trashed_org not in org_ids
    assert base.trashed_person not in _persons(ws, None)
    assert count_persons(ws, base.trashed_org, ALL) == 0
    contacts.move_to_trash(ws, EntityKind.PERSON, base.petrova)
    assert _persons(ws, base.romashka) == [base.ivanov]
    row = next(
        r for r in organization_rows(ws, ALL, SortKey.NAME, False, 0, 10) if r.id == base.romashka
    )
    assert row.person_count == 1
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, base.alfa)
    assert count_organizations(ws, ContactFilter(tag="vip")) == 1


# ------------------------------------------------------------------ locate


def test_locate_finds_rows(ws: Workspace, base: Base) -> None:
    assert locate(ws, EntityKind.ORGANIZATION, base.romashka, ALL, SortKey.NAME, False) == (2, None)
    assert locate(ws, EntityKind.ORGANIZATION, base.romashka, ALL, SortKey.NAME, True) == (1, None)
    assert locate(ws, EntityKind.PERSON, base.petrova, ALL, SortKey.NAME, False) == (2, 1)
    assert locate(ws, EntityKind.PERSON, base.yolkin, ALL, SortKey.NAME, False) == (None, 1)
    assert locate(ws, EntityKind.PERSON, base.yolkin, ALL, SortKey.NAME, True) == (None, 1)


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("desc", [False, True])
def test_locate_agrees_with_the_pages(ws: Workspace, base: Base, sort: SortKey, desc: bool) -> None:
    orgs = _orgs(ws, ALL, sort, desc)
    for row, org_id in enumerate(orgs):
        assert locate(ws, EntityKind.ORGANIZATION, org_id, ALL, sort, desc) == (row, None)
        for person_row, person_id in enumerate(_persons(ws, org_id, ALL, sort, desc)):
            assert locate(ws, EntityKind.PERSON, person_id, ALL, sort, desc) == (row, person_row)
    for person_row, person_id in enumerate(_persons(ws, None, ALL, sort, desc)):
        assert locate(ws, EntityKind.PERSON, person_id, ALL, sort, desc) == (None, person_row)


def test_locate_hidden_records(ws: Workspace, base: Base) -> None:
    vip = ContactFilter(tag="vip")
    assert locate(ws, EntityKind.PERSON, base.petrova, vip, SortKey.NAME, False) == (1, 1)
    assert locate(ws, EntityKind.PERSON, base.sidorov, vip, SortKey.NAME, False) == (0, 0)
    assert locate(ws, EntityKind.PERSON, base.yolkin, vip, SortKey.NAME, False) == (None, None)
    boris = ContactFilter(owner_id=base.boris)
    assert locate(ws, EntityKind.PERSON, base.ivanov, boris, SortKey.NAME, False) == (None, None)
    assert locate(ws, EntityKind.ORGANIZATION, base.solnce, boris, SortKey.NAME, False) == (
        None,
        None,
    )
    for kind, entity_id in (
        (EntityKind.ORGANIZATION, base.trashed_org),
        (EntityKind.PERSON, base.trashed_person),
        (EntityKind.PERSON, base.trashed_member),
        (EntityKind.PERSON, 999_999),
        (EntityKind.DEAL, base.romashka),
    ):
        assert locate(ws, kind, entity_id, ALL, SortKey.NAME, False) == (None, None)


# ------------------------------------------------------------------ filter values


def test_filter_values_come_from_live_cards(ws: Workspace, base: Base) -> None:
    assert owners(ws) == [
        (base.solo, "owner"),
        (base.anna, "Анна Кузнецова"),
        (base.boris, "Борис Волков"),
    ]
    assert tags(ws) == ["VIP", "Опт", "Розница"]  # 'Архив' is on trashed cards only
    assert cities(ws) == ["Москва", "Тула"]  # 'москва' is the same city; Омск is trashed
    assert cities(ws, limit=1) == ["Москва"]
    assert segments_in_use(ws) == ["Опт"]
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, base.alfa)
    assert owners(ws) == [(base.solo, "owner"), (base.anna, "Анна Кузнецова")]


def test_empty_base(ws: Workspace) -> None:
    assert count_organizations(ws, ALL) == 0
    assert count_persons(ws, None, ContactFilter(city="Москва")) == 0
    assert organization_rows(ws, ALL, SortKey.OWNER, True, 0, 50) == []
    assert (owners(ws), tags(ws), cities(ws), segments_in_use(ws)) == ([], [], [], [])


@pytest.mark.parametrize("sort", [SortKey.OWNER, SortKey.TAGS])
def test_many_users_or_tags_sort_the_same_way(
    ws: Workspace, base: Base, sort: SortKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = (_orgs(ws, ALL, sort), _orgs(ws, ALL, sort, desc=True), _persons(ws, None, ALL, sort))
    monkeypatch.setattr(contact_list, "_MAX_CASE", 0)  # too many to rank in a CASE
    assert (
        _orgs(ws, ALL, sort),
        _orgs(ws, ALL, sort, desc=True),
        _persons(ws, None, ALL, sort),
    ) == ranked
    assert locate(ws, EntityKind.ORGANIZATION, base.alfa, ALL, sort, True) == (
        ranked[1].index(base.alfa),
        None,
    )
