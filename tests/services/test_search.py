"""One search over names, phones in any format, emails and INN — ranked."""

from __future__ import annotations

import pytest

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.services import contacts
from crm_desktop.services.dto import EmailInput, OrganizationInput, PersonInput, PhoneInput
from crm_desktop.services.search import search
from crm_desktop.services.workspace import Workspace


@pytest.fixture
def base(ws: Workspace) -> dict[str, int]:
    org = contacts.create_organization(
        ws,
        OrganizationInput(
            name="ООО «Ромашка»",
            inn="7707083893",
            city="Москва",
            phones=[PhoneInput("+7 (495) 123-45-67")],
            emails=[EmailInput("info@romashka.ru")],
        ),
    )
    ivanov = contacts.create_person(
        ws,
        PersonInput(
            full_name="Иванов Иван Петрович",
            organization_id=org.id,
            position="Директор",
            phones=[PhoneInput("8 (912) 345-67-89")],
            emails=[EmailInput("i.ivanov@romashka.ru")],
        ),
    )
    ivanova = contacts.create_person(
        ws, PersonInput(full_name="Иванова Мария", phones=[PhoneInput("+7 916 000-11-22")])
    )
    semenov = contacts.create_person(ws, PersonInput(full_name="Семёнов Пётр"))
    petrov = contacts.create_person(
        ws, PersonInput(full_name="Петров Сергей", emails=[EmailInput("petrov@ivanov-group.ru")])
    )
    return {
        "org": org.id,
        "ivanov": ivanov.id,
        "ivanova": ivanova.id,
        "semenov": semenov.id,
        "petrov": petrov.id,
    }


def _ids(ws: Workspace, query: str) -> list[int]:
    return [h.id for h in search(ws, query)]


@pytest.mark.parametrize(
    "query",
    [
        "912 345",
        "8912345",
        "+7 (912) 34",
        "89123456789",
        "+79123456789",
        "345-67-89",
        "9123456789",
        "7 912 345 67 89",
    ],
)
def test_phone_found_by_any_fragment_in_any_format(
    ws: Workspace, base: dict[str, int], query: str
) -> None:
    assert base["ivanov"] in _ids(ws, query)
    assert base["ivanova"] not in _ids(ws, query)


def test_whole_phone_is_an_exact_top_hit(ws: Workspace, base: dict[str, int]) -> None:
    (hit, *_) = search(ws, "8 (912) 345-67-89")
    assert (hit.kind, hit.id, hit.match, hit.exact) == (
        EntityKind.PERSON,
        base["ivanov"],
        "phone",
        True,
    )
    assert hit.subtitle == "Директор, ООО «Ромашка»"


def test_cyrillic_name_any_case_and_yo(ws: Workspace, base: dict[str, int]) -> None:
    assert _ids(ws, "ПЕТРОВИЧ") == [base["ivanov"]]
    assert _ids(ws, "семенов") == [base["semenov"]]
    # a whole word first, then a name starting with it, then a word starting with it
    assert _ids(ws, "Пётр") == [base["semenov"], base["petrov"], base["ivanov"]]


def test_name_prefix_ranks_before_substring(ws: Workspace, base: dict[str, int]) -> None:
    assert _ids(ws, "иванов") == [base["ivanov"], base["ivanova"]]
    # the Latin word is inside two emails only
    assert sorted(_ids(ws, "ivanov")) == sorted([base["ivanov"], base["petrov"]])


def test_short_queries_use_prefixes(ws: Workspace, base: dict[str, int]) -> None:
    assert _ids(ws, "Ив") == [base["ivanov"], base["ivanova"]]
    assert _ids(ws, "р") == [base["org"]]  # 'ООО «Ромашка»' is keyed without its legal form


def test_email_exact_and_fragment(ws: Workspace, base: dict[str, int]) -> None:
    hits = search(ws, "I.Ivanov@Romashka.ru")
    assert (hits[0].id, hits[0].match, hits[0].exact) == (base["ivanov"], "email", True)
    assert set(_ids(ws, "romashka.ru")) == {base["org"], base["ivanov"]}


def test_inn_exact_and_fragment(ws: Workspace, base: dict[str, int]) -> None:
    hits = search(ws, "7707083893")
    assert (hits[0].kind, hits[0].id, hits[0].match) == (
        EntityKind.ORGANIZATION,
        base["org"],
        "inn",
    )
    assert _ids(ws, "770708") == [base["org"]]


def test_two_words_must_both_match(ws: Workspace, base: dict[str, int]) -> None:
    assert _ids(ws, "иван петрович") == [base["ivanov"]]
    assert _ids(ws, "иван сергей") == []


def test_special_characters_are_literal(ws: Workspace, base: dict[str, int]) -> None:
    for query in ['"', "%", "_", 'a"b OR c', "NEAR(", "*", "«Ромашка»"]:
        search(ws, query)  # never a syntax error
    assert _ids(ws, "«Ромашка»") == [base["org"]]


def test_trashed_records_are_not_found(ws: Workspace, base: dict[str, int]) -> None:
    contacts.move_to_trash(ws, EntityKind.PERSON, base["semenov"])
    assert _ids(ws, "семенов") == []


def test_limit(ws: Workspace, base: dict[str, int]) -> None:
    assert len(search(ws, "и", limit=1)) == 1
    assert search(ws, "   ") == []
