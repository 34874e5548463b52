"""The in-file identity rules of issue 6, one test per sentence."""

from __future__ import annotations

from typing import Any

import pytest

from crm_desktop.domain.kinds import PhoneKind
from crm_desktop.importing.identity import IdentityIndex, resolve
from crm_desktop.importing.records import ImportRecord, PhoneValue

_row = iter(range(2, 10**9))


def phone(e164: str, ext: str | None = None) -> PhoneValue:
    return PhoneValue(e164, PhoneKind.WORK, e164, ext, True)


def bad_phone(raw: str) -> PhoneValue:
    return PhoneValue(raw, PhoneKind.OTHER, None, None, False, "too_short")


def rec(name: str = "", org: str = "", *, inn: str | None = None, **kw: object) -> ImportRecord:
    parts = name.split()
    record = ImportRecord("Лист1", next(_row), full_name=name, organization=org, inn=inn)
    record.last_name = parts[0] if parts else ""
    for key, value in kw.items():
        setattr(record, key, value)
    return record


def test_person_row_with_company_creates_both_and_links_them() -> None:
    result = resolve([rec("Иванов Иван", "ООО «Ромашка»", phones=[phone("+79123456789")])])
    assert [o.name for o in result.organizations] == ["ООО «Ромашка»"]
    assert result.persons[0].organization == result.organizations[0].id
    assert result.persons[0].phones[0].e164 == "+79123456789"


def test_company_only_row_is_an_organization_with_the_row_contacts() -> None:
    result = resolve(
        [rec("", "Ромашка, ООО", phones=[phone("+74951234567")], emails=["info@r.ru"])]
    )
    assert result.persons == []
    org = result.organizations[0]
    assert org.name == "ООО «Ромашка»"
    assert org.phones[0].e164 == "+74951234567" and org.emails == ["info@r.ru"]


def test_matching_names_and_a_shared_phone_are_one_person() -> None:
    result = resolve(
        [
            rec("Иванов Иван", phones=[phone("+79123456789")]),
            rec("Иванов И.", phones=[phone("+79123456789")], emails=["i@x.ru"]),
        ]
    )
    assert len(result.persons) == 1
    assert result.persons[0].emails == ["i@x.ru"]
    assert "duplicate_in_file" in [w.code for w in result.warnings]


def test_the_extension_is_part_of_the_phone() -> None:
    result = resolve(
        [
            rec("Иванов Иван", phones=[phone("+74951234567", "12")]),
            rec("Иванов Иван", phones=[phone("+74951234567", "13")]),
        ]
    )
    assert len(result.persons) == 2


def test_matching_names_and_a_shared_email_are_one_person() -> None:
    result = resolve(
        [rec("Петрова Анна", emails=["a@x.ru"]), rec("Анна Петрова", emails=["a@x.ru"])]
    )
    assert len(result.persons) == 1


def test_matching_names_and_the_same_organization_are_one_person() -> None:
    result = resolve(
        [
            rec("Сидоров Олег", "ООО Ромашка", position="Директор"),
            rec("Сидоров Олег Петрович", "Ромашка ООО", phones=[phone("+79130000000")]),
        ]
    )
    assert len(result.persons) == 1 and len(result.organizations) == 1
    person = result.persons[0]
    assert person.full_name == "Сидоров Олег Петрович"  # the fuller form is kept
    assert person.position == "Директор" and person.phones


def test_invalid_phones_do_not_identify() -> None:
    result = resolve(
        [
            rec("Иванов Иван", phones=[bad_phone("610-96-48")]),
            rec("Иванов Иван", phones=[bad_phone("610-96-48")]),
        ]
    )
    assert len(result.persons) == 2


def test_same_contact_different_names_are_different_people() -> None:
    office = phone("+74951234567")
    result = resolve(
        [
            rec("Иванов Иван", phones=[office], emails=["info@r.ru"]),
            rec("Петров Пётр", phones=[office], emails=["info@r.ru"]),
        ]
    )
    assert len(result.persons) == 2


def test_same_name_with_nothing_shared_are_namesakes() -> None:
    result = resolve(
        [
            rec("Иванов Иван", "ООО Альфа", phones=[phone("+79120000001")]),
            rec("Иванов Иван", "ООО Бета", phones=[phone("+79120000002")]),
            rec("Иванов Иван"),
        ]
    )
    assert len(result.persons) == 3


def test_a_row_matching_two_different_people_is_flagged() -> None:
    result = resolve(
        [
            rec("Иванов Иван", phones=[phone("+79120000001")]),
            rec("Иванов Игорь", phones=[phone("+79120000002")]),
            rec("Иванов И.", phones=[phone("+79120000001"), phone("+79120000002")]),
        ]
    )
    assert len(result.persons) == 2
    assert "person_ambiguous" in [w.code for w in result.warnings]


def test_same_inn_is_the_same_organization_whatever_the_name() -> None:
    result = resolve(
        [rec("", "ООО Ромашка", inn="7707083893"), rec("", "Ромашка-Центр", inn="7707083893")]
    )
    assert len(result.organizations) == 1


def test_different_inns_differ_even_with_equal_names() -> None:
    result = resolve(
        [rec("", "ООО Ромашка", inn="7707083893"), rec("", "ООО «Ромашка»", inn="7736050003")]
    )
    assert len(result.organizations) == 2


def test_equal_normalised_names_without_inn_are_the_same_organization() -> None:
    result = resolve([rec("", "ООО «Ромашка»"), rec("", "Ромашка, ООО"), rec("", "ромашка")])
    assert len(result.organizations) == 1
    assert len(result.organizations[0].rows) == 3


def test_a_name_without_inn_joins_the_organization_and_gives_it_an_inn() -> None:
    result = resolve([rec("", "ООО Ромашка"), rec("", "Ромашка ООО", inn="7707083893")])
    assert len(result.organizations) == 1 and result.organizations[0].inn == "7707083893"


def test_an_invalid_inn_does_not_identify() -> None:
    result = resolve([rec("", "Альфа", inn="1234567890"), rec("", "Бета", inn="1234567890")])
    assert len(result.organizations) == 2


def test_ambiguous_organization_name_is_flagged() -> None:
    result = resolve(
        [
            rec("", "ООО Ромашка", inn="7707083893"),
            rec("", "ООО Ромашка", inn="7736050003"),
            rec("Иванов Иван", "ООО Ромашка"),
        ]
    )
    assert len(result.organizations) == 2
    assert "organization_ambiguous" in [w.code for w in result.warnings]


def test_row_with_only_a_phone_is_an_unnamed_contact_never_merged() -> None:
    shared = phone("+79123456789")
    result = resolve(
        [
            rec("Иванов Иван", phones=[shared]),
            rec("", phones=[shared]),
            rec("", phones=[shared]),
            rec("", emails=["x@y.ru"]),
            rec("", phones=[bad_phone("610-96-48")]),
        ]
    )
    assert len(result.persons) == 5
    unnamed = [p for p in result.persons if p.unnamed]
    assert len(unnamed) == 4 and all(len(p.rows) == 1 for p in unnamed)
    codes = [w for w in result.warnings if w.code == "unnamed_contact"]
    assert len(codes) == 4 and "also on row" in codes[0].message
    assert result.rejected == []


def test_a_named_row_never_merges_into_an_unnamed_contact() -> None:
    shared = phone("+79123456789")
    result = resolve([rec("", phones=[shared]), rec("Иванов Иван", phones=[shared])])
    assert len(result.persons) == 2


def test_a_row_with_nothing_usable_is_rejected_with_its_reason() -> None:
    result = resolve([rec("", city="Москва", notes="позвонить")])
    assert result.persons == [] and result.organizations == []
    assert [(r.reason, r.row) for r in result.rejected] == [("no_identity", result.rejected[0].row)]
    assert "no name, company, phone or e-mail" in result.rejected[0].message


def test_conflicting_values_keep_the_first_and_are_flagged() -> None:
    result = resolve(
        [
            rec("Иванов Иван", emails=["i@x.ru"], city="Москва"),
            rec("Иванов Иван", emails=["i@x.ru"], city="Казань"),
        ]
    )
    assert result.persons[0].city == "Москва"
    assert "value_conflict" in [w.code for w in result.warnings]


def test_the_index_answers_the_same_questions_about_the_base() -> None:
    base: IdentityIndex[int] = IdentityIndex()  # what the apply step fills from the DB
    base.add_organization(501, name_key="ромашка", inn="7707083893")
    base.add_person(
        9001, name="Иванов Иван Петрович", phones=[("+79123456789", None)], organization=501
    )
    assert base.find_organization(name_key="другая", inn="7707083893").ref == 501  # type: ignore[union-attr]
    assert base.find_organization(name_key="ромашка", inn="7736050003") is None
    match = base.find_person(name="Иванов И. П.", phones=[("+79123456789", None)])
    assert match is not None and (match.ref, match.reason) == (9001, "phone")
    assert base.find_person(name="Иванов Иван", organization=501).ref == 9001  # type: ignore[union-attr]
    assert base.find_person(name="Петров Пётр", phones=[("+79123456789", None)]) is None


def test_near_linear_on_a_shared_office_line_and_a_big_company(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 20,000 people share one office phone and one company ("Частное лицо"): lookups must
    # not scan everyone (buckets split by name token). Counted, not timed: the names
    # compared stay near one per record (a scan would compare ~200 million pairs).
    from crm_desktop.importing import identity

    compared = 0
    real = identity.person_names_match

    def counting(a: Any, b: Any) -> bool:
        nonlocal compared
        compared += 1
        return real(a, b)

    monkeypatch.setattr(identity, "person_names_match", counting)
    office = phone("+74950000000")
    letters = "абвгдежзиклмнопрстуфхцчшэюя"
    firsts = ["Иван", "Анна", "Олег", "Мария", "Пётр"]

    def surname(i: int) -> str:
        out = ""
        while True:
            i, digit = divmod(i, len(letters))
            out += letters[digit]
            if not i:
                return "Ф" + out

    records = [
        rec(f"{surname(i)} {firsts[i % 5]}", "Частное лицо", phones=[office], emails=[f"u{i}@x.ru"])
        for i in range(20000)
    ]
    result = resolve(records)
    assert len(result.persons) == 20000 and len(result.organizations) == 1
    assert compared < 10 * len(records)
