"""Demo client base generator: determinism, shape, realism and validity of the data."""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice

import phonenumbers
import pytest

from crm_desktop.services import demo_data
from crm_desktop.services.demo_data import (
    DemoOrganization,
    DemoPerson,
    generate_contacts,
    vocabulary,
)

ACTIVITY_KINDS = {
    "call_out",
    "call_in",
    "email",
    "meeting_presentation",
    "meeting_negotiation",
    "todo",
    "letter",
    "fax",
}


def _sample(
    seed: int, persons: int, organizations: int, language: str = "ru"
) -> tuple[list[DemoOrganization], list[DemoPerson]]:
    orgs, people = generate_contacts(seed, persons, organizations, language)
    return orgs, list(people)


@pytest.fixture(scope="module")
def ru_base() -> tuple[list[DemoOrganization], list[DemoPerson]]:
    return _sample(2024, 4000, 900)


@pytest.fixture(scope="module")
def en_base() -> tuple[list[DemoOrganization], list[DemoPerson]]:
    return _sample(7, 2500, 550, "en")


# --- determinism and shape -------------------------------------------------------------------


def test_same_seed_gives_identical_output() -> None:
    assert _sample(11, 700, 160) == _sample(11, 700, 160)
    assert _sample(11, 300, 60, "en") == _sample(11, 300, 60, "en")


def test_other_seed_gives_other_output() -> None:
    orgs_a, people_a = _sample(1, 200, 50)
    orgs_b, people_b = _sample(2, 200, 50)
    assert [o.name for o in orgs_a] != [o.name for o in orgs_b]
    assert people_a != people_b


def test_counts_keys_and_private_share(
    ru_base: tuple[list[DemoOrganization], list[DemoPerson]],
) -> None:
    orgs, people = ru_base
    assert len(orgs) == 900
    assert [o.key for o in orgs] == list(range(900))
    assert len(people) == 4000
    private = sum(p.org_key is None for p in people)
    assert 0.22 <= private / len(people) <= 0.28
    assert all(p.org_key is None or 0 <= p.org_key < 900 for p in people)
    assert all(p.position == "" for p in people if p.org_key is None)
    assert all(p.position for p in people if p.org_key is not None)


def test_people_per_organization_are_skewed(
    ru_base: tuple[list[DemoOrganization], list[DemoPerson]],
) -> None:
    orgs, people = ru_base
    per_org = Counter(p.org_key for p in people if p.org_key is not None)
    sizes = [per_org.get(o.key, 0) for o in orgs]
    assert max(sizes) <= 14
    assert sum(1 for s in sizes if 1 <= s <= 3) / len(sizes) >= 0.55
    assert sum(1 for s in sizes if s >= 1) / len(sizes) >= 0.95
    assert sizes.count(1) > sizes.count(4) > sizes.count(10)


def test_no_organizations_means_only_private_clients() -> None:
    orgs, people = _sample(5, 300, 0)
    assert orgs == []
    assert len(people) == 300
    assert all(p.org_key is None for p in people)


def test_empty_and_invalid_sizes() -> None:
    orgs, people = _sample(5, 0, 3)
    assert len(orgs) == 3
    assert people == []
    with pytest.raises(ValueError):
        generate_contacts(1, -1, 0)
    with pytest.raises(ValueError):
        generate_contacts(1, 1, -1)


def test_persons_are_lazy() -> None:
    # ten million persons would not fit a test's memory if they were built up front
    orgs, people = generate_contacts(1, 10**7, 10)
    assert not isinstance(people, list | tuple)
    first = list(islice(people, 10))
    assert len(orgs) == 10
    assert len(first) == 10
    assert all(p.org_key is None or 0 <= p.org_key < 10 for p in first)


def test_every_requested_person_is_generated() -> None:
    # speed is measured by tests/benchmarks/bench_demo.py, not asserted here
    _orgs, people = generate_contacts(3, 20_000, 4_500)
    assert sum(1 for _ in people) == 20_000


# --- names ------------------------------------------------------------------------------------


def test_name_pools_are_large_enough() -> None:
    assert len(demo_data._RU_MALE) >= 140
    assert len(demo_data._RU_FEMALE) >= 140
    assert len(demo_data._RU_SURNAMES) >= 380
    assert len(demo_data._RU_CITIES) >= 80
    assert not set(demo_data._RU_MALE) & set(demo_data._RU_FEMALE)


@pytest.mark.parametrize(
    ("male", "female"),
    [
        ("Иванов", "Иванова"),
        ("Соловьев", "Соловьева"),
        ("Ильин", "Ильина"),
        ("Синицын", "Синицына"),
        ("Вишневский", "Вишневская"),
        ("Высоцкий", "Высоцкая"),
        ("Толстой", "Толстая"),
        ("Шевченко", "Шевченко"),
        ("Бойко", "Бойко"),
        ("Черных", "Черных"),
        ("Шевчук", "Шевчук"),
        ("Акопян", "Акопян"),
        ("Хабибуллин", "Хабибуллина"),
    ],
)
def test_feminine_surnames(male: str, female: str) -> None:
    assert demo_data._feminine_surname(male) == female


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Иван", ("Иванович", "Ивановна")),
        ("Пётр", ("Петрович", "Петровна")),
        ("Илья", ("Ильич", "Ильинична")),
        ("Никита", ("Никитич", "Никитична")),
        ("Кузьма", ("Кузьмич", "Кузьминична")),
        ("Сергей", ("Сергеевич", "Сергеевна")),
        ("Николай", ("Николаевич", "Николаевна")),
        ("Василий", ("Васильевич", "Васильевна")),
        ("Юрий", ("Юрьевич", "Юрьевна")),
        ("Дмитрий", ("Дмитриевич", "Дмитриевна")),
        ("Игорь", ("Игоревич", "Игоревна")),
        ("Лев", ("Львович", "Львовна")),
        ("Павел", ("Павлович", "Павловна")),
        ("Михаил", ("Михайлович", "Михайловна")),
        ("Яков", ("Яковлевич", "Яковлевна")),
    ],
)
def test_patronymics(name: str, forms: tuple[str, str]) -> None:
    assert demo_data._patronymic(name) == forms


def test_every_father_name_has_a_patronymic() -> None:
    for name in demo_data._RU_FATHERS + demo_data._RU_MALE:
        male, female = demo_data._patronymic(name)
        assert male.endswith(("ович", "евич", "ич")), name
        assert female.endswith(("овна", "евна", "ична", "инична")), name


MALE_SURNAME_ENDINGS = ("ов", "ев", "ин", "ын", "ский", "цкий", "ой")
FEMALE_SURNAME_ENDINGS = ("ова", "ева", "ина", "ына", "ская", "цкая", "ая")


def test_gender_agreement(ru_base: tuple[list[DemoOrganization], list[DemoPerson]]) -> None:
    _orgs, people = ru_base
    male_names, female_names = set(demo_data._RU_MALE), set(demo_data._RU_FEMALE)
    genders: Counter[str] = Counter()
    for p in people[:3000]:
        assert p.last and p.first and p.middle, p
        if p.middle.endswith("на"):
            genders["f"] += 1
            assert p.first in female_names, p
            assert not p.last.endswith(MALE_SURNAME_ENDINGS), p
        else:
            genders["m"] += 1
            assert p.middle.endswith("ич"), p
            assert p.first in male_names, p
            assert not p.last.endswith(FEMALE_SURNAME_ENDINGS), p
    assert genders["f"] > 800
    assert genders["m"] > 800


def test_sole_proprietor_is_the_first_contact(
    ru_base: tuple[list[DemoOrganization], list[DemoPerson]],
) -> None:
    orgs, people = ru_base
    first_contact: dict[int, DemoPerson] = {}
    for p in people:
        if p.org_key is not None:
            first_contact.setdefault(p.org_key, p)
    sole = [o for o in orgs if o.name.startswith("ИП ")]
    assert len(sole) > 60
    checked = 0
    for org in sole:
        person = first_contact.get(org.key)
        if person is None:
            continue
        assert org.name == f"ИП {person.last} {person.first} {person.middle}"
        assert person.position == "Индивидуальный предприниматель"
        checked += 1
    assert checked > 50


# --- organizations ----------------------------------------------------------------------------

ORG_NAME = re.compile(r"^(ООО|АО|ЗАО|ПАО|ОАО|АНО) «[^«»\"]+»$")
SOLE_NAME = re.compile(r"^ИП [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+$")


def test_organization_names_and_fields(
    ru_base: tuple[list[DemoOrganization], list[DemoPerson]],
) -> None:
    orgs, _people = ru_base
    voc = vocabulary("ru")
    for org in orgs:
        assert ORG_NAME.match(org.name) or SOLE_NAME.match(org.name), org.name
        assert org.address.startswith("г. ") or re.match(r"^\d{6}, г\. ", org.address)
        assert f"г. {org.city}, " in org.address
        assert org.industry in voc.industries
        assert org.segment in voc.segments[:3]
        assert org.source in voc.sources
        assert set(org.tags) <= set(voc.tags)
        assert len(set(org.tags)) == len(org.tags)
    names = [o.name for o in orgs]
    assert len(set(names)) / len(names) >= 0.98
    forms = Counter(name.split()[0] for name in names)
    assert forms["ООО"] > forms["ИП"] > forms["АО"] > 0
    key_share = sum(o.is_key_client for o in orgs) / len(orgs)
    assert 0.01 <= key_share <= 0.06


def test_websites_and_org_emails_match(
    ru_base: tuple[list[DemoOrganization], list[DemoPerson]],
) -> None:
    orgs, _people = ru_base
    with_site = [o for o in orgs if o.website]
    assert 0.3 <= len(with_site) / len(orgs) <= 0.75
    for org in with_site:
        assert org.website is not None
        host = re.sub(r"^(https?://)?(www\.)?", "", org.website)
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host), org.website
        for email in org.emails:
            if not email.endswith(demo_data._RU_PUBLIC_DOMAINS):
                assert email.endswith("@" + host), (org.website, email)


# --- INN --------------------------------------------------------------------------------------


def _inn_ok(inn: str) -> bool:
    """Independent checksum check of a Russian INN."""

    def digit(weights: list[int]) -> int:
        return sum(int(c) * w for c, w in zip(inn, weights, strict=False)) % 11 % 10

    if not inn.isdigit():
        return False
    if len(inn) == 10:
        return digit([2, 4, 10, 3, 5, 9, 4, 6, 8]) == int(inn[9])
    if len(inn) == 12:
        first = digit([7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
        second = digit([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
        return first == int(inn[10]) and second == int(inn[11])
    return False


def test_inn_validator_itself() -> None:
    assert _inn_ok("7707083893")  # a well-known public legal entity INN
    assert not _inn_ok("7707083894")
    assert not _inn_ok("123")


def test_inns_are_valid(ru_base: tuple[list[DemoOrganization], list[DemoPerson]]) -> None:
    orgs, _people = ru_base
    missing = 0
    for org in orgs:
        if org.inn is None:
            missing += 1
            continue
        assert _inn_ok(org.inn), org.inn
        assert len(org.inn) == (12 if org.name.startswith("ИП ") else 10), org
        assert org.inn[:2] != "00"
    assert 0.08 <= missing / len(orgs) <= 0.25


def test_many_generated_inns_are_valid() -> None:
    import random

    rng = random.Random(3)
    for _ in range(2000):
        assert _inn_ok(demo_data._inn_legal(rng, "66"))
        assert _inn_ok(demo_data._inn_person(rng, "77"))


# --- phones -----------------------------------------------------------------------------------

_LABEL_BEFORE = re.compile(r"^(?:моб\.|тел\./факс|тел\.|т/ф|сот\.|Tel:|Mobile:)\s*")
_LABEL_AFTER = re.compile(r"\s*(?:\((?:моб\.|раб\.|факс|дом\.|cell|office|fax|main)\)|- сотовый)$")
_EXTENSION = re.compile(r"\s*\(?(?:доб\.?|вн\.|доп\.|ext\.?|x)\s*\d+\)?$")


def _numbers(cell: str) -> list[tuple[str, bool]]:
    """Split a raw phone cell into numbers: (number text, had an extension)."""
    out = []
    for part in re.split(r"[,;]", cell):
        text = _LABEL_AFTER.sub("", _LABEL_BEFORE.sub("", part.strip()))
        bare = _EXTENSION.sub("", text)
        out.append((bare, bare != text))
    return out


def _e164(text: str, region: str) -> str:
    parsed = phonenumbers.parse(text, region)
    assert phonenumbers.is_valid_number_for_region(parsed, region), (text, region)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def test_every_russian_phone_is_valid(
    ru_base: tuple[list[DemoOrganization], list[DemoPerson]],
) -> None:
    orgs, people = ru_base
    cells = [c for o in orgs for c in o.phones] + [c for p in people[:2500] for c in p.phones]
    assert len(cells) > 3000
    shapes: Counter[str] = Counter()
    extensions = two_in_one = 0
    for cell in cells:
        numbers = _numbers(cell)
        two_in_one += len(numbers) > 1
        for text, had_extension in numbers:
            extensions += had_extension
            _e164(text, "RU")
            shapes[re.sub(r"\d", "d", text)] += 1
    assert len(shapes) >= 15  # many human formats
    assert extensions > 100
    assert two_in_one > 20


def test_staff_share_office_lines(
    ru_base: tuple[list[DemoOrganization], list[DemoPerson]],
) -> None:
    orgs, people = ru_base
    holders: dict[str, set[int]] = {}
    for index, person in enumerate(people):
        for cell in person.phones:
            for text, _ext in _numbers(cell):
                holders.setdefault(_e164(text, "RU"), set()).add(index)
    shared = [number for number, who in holders.items() if len(who) > 1]
    assert len(shared) > 150
    org_numbers = {_e164(t, "RU") for o in orgs for c in o.phones for t, _ in _numbers(c)}
    assert len(org_numbers & set(shared)) > 100


def test_mobile_and_landline_mix(ru_base: tuple[list[DemoOrganization], list[DemoPerson]]) -> None:
    _orgs, people = ru_base
    kinds: Counter[int] = Counter()
    for person in people[:1500]:
        for cell in person.phones:
            for text, _ext in _numbers(cell):
                kind = phonenumbers.number_type(phonenumbers.parse(text, "RU"))
                kinds[kind] += 1
    assert kinds[phonenumbers.PhoneNumberType.MOBILE] > 1000
    assert kinds[phonenumbers.PhoneNumberType.FIXED_LINE] > 200


def test_english_phones_are_valid(
    en_base: tuple[list[DemoOrganization], list[DemoPerson]],
) -> None:
    orgs, people = en_base
    country = {c.name: c.country for c in demo_data._EN_CITIES}
    org_country = {o.key: country[o.city] for o in orgs}
    checked: Counter[str] = Counter()
    for org in orgs:
        for cell in org.phones:
            for text, _ext in _numbers(cell):
                _e164(text, country[org.city])
                checked[country[org.city]] += 1
    for person in people:
        region = country[person.city]
        if person.org_key is not None:
            assert org_country[person.org_key] == region
        for cell in person.phones:
            for text, _ext in _numbers(cell):
                _e164(text, region)
                checked[region] += 1
    assert checked["US"] > 1000
    assert checked["GB"] > 300


# --- emails -----------------------------------------------------------------------------------

EMAIL = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*@[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9-]+)+$")


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("Щукин", "shchukin"),
        ("Жуков", "zhukov"),
        ("Хабибуллин", "khabibullin"),
        ("Цветков", "tsvetkov"),
        ("Чернышев", "chernyshev"),
        ("Юлия", "yuliya"),
        ("Наталья", "natalya"),
        ("Алексей", "aleksey"),
        ("Артём", "artem"),
        ("Подъячев", "podyachev"),
    ],
)
def test_transliteration(text: str, latin: str) -> None:
    assert demo_data._translit(text) == latin


def test_company_slug() -> None:
    assert demo_data._slug("Северный ветер") == "severny-veter"
    assert demo_data._slug("Урал-Сервис") == "ural-servis"
    assert demo_data._slug("СтройИнвест") == "stroyinvest"


def test_emails_are_ascii_and_plausible(
    ru_base: tuple[list[DemoOrganization], list[DemoPerson]],
) -> None:
    orgs, people = ru_base
    public = set(demo_data._RU_PUBLIC_DOMAINS)
    domains = {o.key: re.sub(r"^(https?://)?(www\.)?", "", o.website) for o in orgs if o.website}
    corporate = private = 0
    for email in [e for o in orgs for e in o.emails] + [e for p in people for e in p.emails]:
        assert email.isascii() and EMAIL.match(email), email
    for person in people:
        surname = demo_data._translit(person.last)
        for email in person.emails:
            local, domain = email.split("@")
            if domain in public:
                private += 1
            else:
                corporate += 1
                assert person.org_key is not None
                if person.org_key in domains:
                    assert domain == domains[person.org_key]
            assert surname in local or demo_data._translit(person.first) in local, email
    assert corporate > 800
    assert private > 500


def test_example_email_shapes() -> None:
    _orgs, people = _sample(9, 3000, 600)
    emails = [e for p in people for e in p.emails]
    assert any(re.fullmatch(r"[a-z]\.[a-z]+@[a-z0-9-]+\.[a-z]+", e) for e in emails)
    assert any(re.fullmatch(r"[a-z]+\.[a-z]@(mail|yandex|bk|inbox|list)\.ru", e) for e in emails)


# --- other fields -----------------------------------------------------------------------------


def test_birthdays_notes_tags(ru_base: tuple[list[DemoOrganization], list[DemoPerson]]) -> None:
    _orgs, people = ru_base
    with_birthday = [p.birthday for p in people if p.birthday is not None]
    assert 0.25 <= len(with_birthday) / len(people) <= 0.35
    assert all(1950 <= d.year <= 2006 for d in with_birthday)
    noted = [p.notes for p in people if p.notes]
    assert 0.05 <= len(noted) / len(people) <= 0.25
    voc_tags = set(vocabulary("ru").tags)
    assert all(set(p.tags) <= voc_tags for p in people)
    cities = {c.name for c in demo_data._RU_CITIES}
    assert all(p.city in cities for p in people)
    assert len({p.city for p in people}) > 60


# --- vocabulary and English -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "en"])
def test_vocabulary(language: str) -> None:
    voc = vocabulary(language)
    assert voc.pipeline_name == ("Продажи" if language == "ru" else "Sales")
    kinds = [kind for _name, kind, _p in voc.stages]
    assert kinds.count("won") == 1 and kinds.count("lost") == 1
    open_probabilities = [p for _n, kind, p in voc.stages if kind == "open"]
    assert open_probabilities == sorted(open_probabilities)
    assert all(0 <= p <= 100 for _n, _k, p in voc.stages)
    assert set(voc.task_subjects) == ACTIVITY_KINDS
    assert all(voc.task_subjects[kind] for kind in ACTIVITY_KINDS)
    for words in (voc.loss_reasons, voc.competitors, voc.deal_titles, voc.task_results):
        assert len(words) >= 5
        assert len(set(words)) == len(words)
    assert len(voc.segments) == 4
    assert len(voc.user_names) == 5
    assert len(voc.industries) >= 10


def test_russian_vocabulary_contents() -> None:
    voc = vocabulary("ru")
    assert voc.stages[0] == ("Первичный контакт", "open", 10)
    assert ("Успешно", "won", 100) in voc.stages
    assert ("Отказ", "lost", 0) in voc.stages
    assert {"VIP", "Опт", "Розница", "Партнёр", "Дилер", "Новый"} <= set(voc.tags)
    assert voc.segments == ("Крупный бизнес", "Средний бизнес", "Малый бизнес", "Частные клиенты")
    assert {"Сайт", "Рекомендация", "Выставка", "Холодный звонок", "Реклама"} <= set(voc.sources)
    assert "Высокая цена" in voc.loss_reasons


def test_unknown_language_falls_back_to_russian() -> None:
    assert vocabulary("de") == vocabulary("ru")
    assert _sample(4, 50, 10, "de") == _sample(4, 50, 10, "ru")


def test_english_base(en_base: tuple[list[DemoOrganization], list[DemoPerson]]) -> None:
    orgs, people = en_base
    voc = vocabulary("en")
    for org in orgs:
        assert org.name.isascii(), org.name
        assert org.inn is None
        assert org.industry in voc.industries
        assert org.segment in voc.segments[:3]
        assert all(e.isascii() and EMAIL.match(e) for e in org.emails)
    assert sum(o.name.endswith((" LLC", " Inc.", " Ltd")) for o in orgs) > len(orgs) / 2
    for person in people:
        assert person.middle == ""
        assert person.first.isascii() and person.last.isascii()
        assert all(e.isascii() and EMAIL.match(e) for e in person.emails)
    assert len({o.name for o in orgs}) / len(orgs) >= 0.98
