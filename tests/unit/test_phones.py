"""Tests for crm_desktop.domain.phones."""

from __future__ import annotations

import dataclasses

import phonenumbers
import pytest

from crm_desktop.domain import phones
from crm_desktop.domain.phones import (
    ParsedPhone,
    PhoneStatus,
    exact_phone_e164,
    format_phone,
    parse_phone,
    parse_phone_cell,
    phone_search_terms,
    query_phone_digits,
    split_phone_cell,
)

MOBILE = "+79123456789"
MOSCOW = "+74951234567"


# --- rule 1: the same number in many formats ------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "8 (912) 345-67-89",
        "+7 912 3456789",
        "89123456789",
        "79123456789",
        "9123456789",
        "+7(912)345-67-89",
        "8-912-345-67-89",
        "+7 (912) 345 67 89",
        "8 912 345 67 89",
        "+79123456789",
    ],
)
def test_same_number_in_common_formats(raw: str) -> None:
    p = parse_phone(raw)
    assert p.status is PhoneStatus.OK
    assert p.is_valid
    assert p.e164 == MOBILE
    assert p.national == "9123456789"
    assert p.region == "RU"
    assert p.raw == raw
    assert p.reason is None


def test_digits_are_the_typed_digits() -> None:
    assert parse_phone("8 (912) 345-67-89").digits == "89123456789"
    assert parse_phone("+7 912 3456789").digits == "79123456789"


def test_raw_is_stripped_of_outer_whitespace() -> None:
    assert parse_phone("  8 912 345 67 89 ;").raw == "8 912 345 67 89"


# --- rule 2: several numbers in one cell ----------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("89123456789; 84951234567", [MOBILE, MOSCOW]),
        ("89123456789, 84951234567", [MOBILE, MOSCOW]),
        ("89123456789\n84951234567", [MOBILE, MOSCOW]),
        ("89123456789\r\n84951234567", [MOBILE, MOSCOW]),
        ("8 (912) 345-67-89 / 8 (495) 123-45-67", [MOBILE, MOSCOW]),
        ("89123456789/84951234567", [MOBILE, MOSCOW]),
        ("+7 912 345-67-89 ::: +7 495 123-45-67", [MOBILE, MOSCOW]),
        ("89123456789;;  ,84951234567;", [MOBILE, MOSCOW]),
        ("89123456789, 84951234567, +375 29 123-45-67", [MOBILE, MOSCOW, "+375291234567"]),
    ],
)
def test_several_numbers_in_a_cell(cell: str, expected: list[str]) -> None:
    assert [p.e164 for p in parse_phone_cell(cell)] == expected


@pytest.mark.parametrize(
    ("cell", "extension"),
    [
        ("+7 495 123-45-67, 123", "123"),
        ("+7 495 123-45-67; 45", "45"),
        ("+7 495 123-45-67 / 123", "123"),
        ("+7 495 123-45-67, доб. 123", "123"),
        ("8 (495) 123-45-67,\n12-34", "1234"),
    ],
)
def test_short_fragment_is_extension_of_previous(cell: str, extension: str) -> None:
    result = parse_phone_cell(cell)
    assert len(result) == 1
    assert result[0].e164 == MOSCOW
    assert result[0].extension == extension
    assert result[0].raw == cell


def test_short_fragment_first_is_its_own_invalid_number() -> None:
    first, second = parse_phone_cell("123, +7 495 123-45-67")
    assert first.status is PhoneStatus.INVALID
    assert first.reason == "too_short"
    assert first.raw == "123"
    assert first.digits == "123"
    assert second.e164 == MOSCOW
    assert second.extension is None


def test_second_short_fragment_is_not_a_second_extension() -> None:
    first, second = parse_phone_cell("+7 495 123-45-67, 123, 456")
    assert first.extension == "123"
    assert second.reason == "too_short"
    assert second.raw == "456"


def test_text_fragment_after_number_is_its_comment() -> None:
    (p,) = parse_phone_cell("89123456789, WhatsApp")
    assert p.e164 == MOBILE
    assert p.comment == "WhatsApp"


def test_placeholder_after_number_is_kept_as_empty_item() -> None:
    first, second = parse_phone_cell("89123456789; нет")
    assert first.e164 == MOBILE
    assert second.status is PhoneStatus.EMPTY
    assert second.reason == "placeholder"


def test_parse_phone_on_several_numbers_is_invalid() -> None:
    p = parse_phone("89123456789, 84951234567")
    assert p.status is PhoneStatus.INVALID
    assert p.reason == "multiple_numbers"
    assert p.raw == "89123456789, 84951234567"


def test_numbers_joined_by_words_are_not_silently_merged() -> None:
    (p,) = parse_phone_cell("89123456789 или 84951234567")
    assert p.status is PhoneStatus.INVALID
    assert p.reason == "multiple_numbers"


# --- split_phone_cell -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "fragments"),
    [
        ("", []),
        ("   ", []),
        (" ; , ", []),
        ("89123456789", ["89123456789"]),
        ("89123456789; 84951234567", ["89123456789", "84951234567"]),
        ("89123456789,84951234567", ["89123456789", "84951234567"]),
        ("+7 495 123-45-67, 123", ["+7 495 123-45-67, 123"]),
        ("+7 495 123-45-67, 123; 89123456789", ["+7 495 123-45-67, 123", "89123456789"]),
        ("123, 84951234567", ["123", "84951234567"]),
        ("8 (912) 345-67-89 (Иван, бухгалтер)", ["8 (912) 345-67-89 (Иван, бухгалтер)"]),
        ("89123456789 ::: 84951234567", ["89123456789", "84951234567"]),
        ("89123456789/84951234567", ["89123456789", "84951234567"]),
        ("030/12345678", ["030/12345678"]),
        ("7,91235E+10", ["7,91235E+10"]),
        ("79123456789,0", ["79123456789,0"]),
        ("89123456789\u00a0;\u00a084951234567", ["89123456789", "84951234567"]),
    ],
)
def test_split_phone_cell(cell: str, fragments: list[str]) -> None:
    assert split_phone_cell(cell) == fragments


@pytest.mark.parametrize(
    "cell",
    [
        "89123456789",
        " 89123456789 ",
        "+7 (912) 345-67-89 доб. 123",
        "8 (912) 345-67-89 (Иван, бухгалтер)",
        "+7\u00a0912\u00a0345-67-89",
        "тел. 8 912 345 67 89, моб.",
        "89123456789; 84951234567",
        "+7 495 123-45-67, 123; 89123456789",
        "030/12345678",
        "7,91235E+10",
        "12345",
        "нет телефона",
        "+44 20 7946 0958 ext 12",
    ],
)
def test_a_cell_parses_as_its_fragments_do(cell: str) -> None:
    """The cell parser's shortcut for a cell that is one number gives what parsing each
    fragment on its own gives."""
    phones._parse_cell_cached.cache_clear()
    phones._parse_phone_cached.cache_clear()
    expected = [parse_phone(part) for part in split_phone_cell(cell)] or [
        ParsedPhone("", PhoneStatus.EMPTY, reason="empty")
    ]
    phones._parse_phone_cached.cache_clear()
    assert parse_phone_cell(cell) == expected


# --- rule 3: extensions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "extension"),
    [
        ("+7 (495) 123-45-67 доб. 123", "123"),
        ("+7 (495) 123-45-67 доб 123", "123"),
        ("+7 (495) 123-45-67 доб.123", "123"),
        ("+7 (495) 123-45-67 ДОБ. 123", "123"),
        ("+7 (495) 123-45-67 добавочный 123", "123"),
        ("+7 (495) 123-45-67 (доб. 123)", "123"),
        ("84951234567x12", "12"),
        ("84951234567 X 12", "12"),
        ("84951234567х12", "12"),  # Cyrillic 'х'
        ("+7 495 1234567 ext. 77", "77"),
        ("+7 495 1234567 EXT77", "77"),
        ("+7 495 1234567 #45", "45"),
        ("(495)123-45-67 вн.12", "12"),
        ("8 495 123 45 67 внутр. 3301", "3301"),
        ("8 495 123 45 67 доп. 5", "5"),
        ("8 495 123 45 67 доб: 5", "5"),
    ],
)
def test_extension_markers(raw: str, extension: str) -> None:
    p = parse_phone(raw)
    assert p.e164 == MOSCOW
    assert p.extension == extension
    assert p.comment is None
    assert p.digits.endswith("4951234567")


# --- rule 4: international prefixes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "e164", "region"),
    [
        ("8-10-49-30-12345678", "+493012345678", "DE"),
        ("810 49 30 12345678", "+493012345678", "DE"),
        ("810 375 29 123-45-67", "+375291234567", "BY"),
        ("8~10 375 29 123-45-67", "+375291234567", "BY"),
        ("0049 30 12345678", "+493012345678", "DE"),
        ("00 44 20 7946 0958", "+442079460958", "GB"),
    ],
)
def test_international_prefixes(raw: str, e164: str, region: str) -> None:
    p = parse_phone(raw)
    assert p.e164 == e164
    assert p.region == region


# --- rules 5-7: Excel artefacts -------------------------------------------------------------


@pytest.mark.parametrize("raw", ["79123456789.0", "79123456789.00", "79123456789,0"])
def test_excel_float_suffix_is_removed(raw: str) -> None:
    assert parse_phone(raw).e164 == MOBILE


@pytest.mark.parametrize("raw", ["7.91234567E+10", "7,91235E+10", "9.12346e9", "7.9E10"])
def test_scientific_notation_is_never_expanded(raw: str) -> None:
    p = parse_phone(raw)
    assert p.status is PhoneStatus.INVALID
    assert p.reason == "scientific_notation"
    assert p.e164 is None
    assert p.raw == raw
    assert p.digits == ""


def test_scientific_notation_cell_is_one_item() -> None:
    result = parse_phone_cell("7,91235E+10")
    assert [(p.raw, p.reason) for p in result] == [("7,91235E+10", "scientific_notation")]


@pytest.mark.parametrize("raw", ["'+79123456789", "'89123456789", "' 8 912 345 67 89"])
def test_leading_apostrophe_is_removed(raw: str) -> None:
    p = parse_phone(raw)
    assert p.e164 == MOBILE
    assert p.raw == raw.strip()


# --- rule 8: unicode clean-up ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "+7\u00a0912\u00a0345-67-89",
        "+7\u202f912\u202f345\u202f67\u202f89",
        "8\u2011912\u2011345\u201167\u201189",
        "8 912 345\u201367\u201489",
        "8 912 345\u221267\u201289",
        "８９１２３４５６７８９",
        "＋７（９１２）３４５－６７－８９",
        "\u200b8912\u200c345\u200d67\ufeff89\u2060",
        "\u200e+7 912 345 67 89\u200f",
    ],
)
def test_unicode_cleanup(raw: str) -> None:
    p = parse_phone(raw)
    assert p.e164 == MOBILE


def test_unicode_raw_is_kept_as_typed() -> None:
    assert parse_phone("８９１２３４５６７８９").raw == "８９１２３４５６７８９"


# --- rule 9: comments -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "comment", "extension"),
    [
        ("8 912 345-67-89 (WhatsApp)", "WhatsApp", None),
        ("8 912 345-67-89 (моб.)", "моб.", None),
        ("(Иван, бухгалтер) 8 912 345-67-89", "Иван, бухгалтер", None),
        ("+79123456789 Telegram", "Telegram", None),
        ("+79123456789 - звонить после 18", "звонить после 18", None),
        ("моб. +7 912 345-67-89", "моб.", None),
        ("Иван: 89123456789", "Иван", None),
        ("8 912 345-67-89 доб 12 (Иван, бухгалтер)", "Иван, бухгалтер", "12"),
        ("8 (912) 345-67-89", None, None),
        ("8 912 345-67-89 доб. 12", None, "12"),
    ],
)
def test_comments(raw: str, comment: str | None, extension: str | None) -> None:
    p = parse_phone(raw)
    assert p.e164 == MOBILE
    assert p.comment == comment
    assert p.extension == extension


def test_digit_only_parentheses_are_an_area_code() -> None:
    p = parse_phone("(495) 123-45-67")
    assert p.e164 == MOSCOW
    assert p.comment is None


# --- rule 10: placeholders ------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "нет",
        "Нет",
        "НЕТ.",
        "-",
        "—",
        "–",
        "0",
        "нет телефона",
        "n/a",
        "N/A",
        "none",
        "null",
        "NULL",
        "nan",
        "не указан",
        "---",
        "000",
        "#Н/Д",
        "#N/A",
    ],
)
def test_placeholders_are_empty(raw: str) -> None:
    p = parse_phone(raw)
    assert p.status is PhoneStatus.EMPTY
    assert p.reason == "placeholder"
    assert p.raw == raw
    assert p.digits == ""
    assert not p.is_valid
    assert parse_phone_cell(raw) == [p]


@pytest.mark.parametrize("cell", ["", "   ", "\n", "\u00a0", "\u200b"])
def test_empty_cell(cell: str) -> None:
    expected = ParsedPhone("", PhoneStatus.EMPTY, reason="empty")
    assert parse_phone_cell(cell) == [expected]
    assert parse_phone(cell) == expected


# --- rules 11-12: invalid numbers are kept as typed -----------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("610-96-48", "too_short"),  # 7-digit local number without area code
        ("6109648", "too_short"),
        ("123456", "too_short"),
        ("12", "too_short"),
        ("+7 912 345 67 8", "too_short"),
        ("1234567890123456", "too_long"),
        ("8 912 345 67 89 123 456 7", "too_long"),
        ("abc", "not_a_number"),
        ("звонить после 18", "not_a_number"),
        ("+", "not_a_number"),
        ("+8 912 345 67 89", "invalid_number"),  # a typo is never "fixed" into +7
        ("8 800 000 00 00 00", "invalid_number"),
        ("030/12345678", "invalid_number"),
    ],
)
def test_invalid_numbers(raw: str, reason: str) -> None:
    p = parse_phone(raw)
    assert p.status is PhoneStatus.INVALID
    assert p.reason == reason
    assert p.raw == raw
    assert p.e164 is None
    assert p.region is None
    assert not p.is_valid


def test_local_number_keeps_its_digits_and_national() -> None:
    p = parse_phone("610-96-48")
    assert p.digits == "6109648"
    assert p.national == "6109648"


def test_invalid_number_is_not_dropped_from_cell() -> None:
    result = parse_phone_cell("abc; 89123456789; 610-96-48, Петров")
    assert [(p.raw, p.status, p.reason, p.comment) for p in result] == [
        ("abc", PhoneStatus.INVALID, "not_a_number", None),
        ("89123456789", PhoneStatus.OK, None, None),
        ("610-96-48, Петров", PhoneStatus.INVALID, "too_short", "Петров"),
    ]


# --- rules 13-14: foreign numbers and regions -----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "region", "e164", "number_region"),
    [
        ("+44 20 7946 0958", "RU", "+442079460958", "GB"),
        ("+375 29 123-45-67", "RU", "+375291234567", "BY"),
        ("+49 30 12345678", "RU", "+493012345678", "DE"),
        ("+44 20 7946 0958", "UA", "+442079460958", "GB"),
        ("+7 912 345-67-89", "DE", MOBILE, "RU"),
        ("050 123 4567", "UA", "+380501234567", "UA"),
        ("030 12345678", "DE", "+493012345678", "DE"),
        ("+7 701 234 5678", "KZ", "+77012345678", "KZ"),
        ("8 701 234 5678", "KZ", "+77012345678", "KZ"),
        # +7 is shared: with the default RU region a KZ range still resolves to KZ.
        ("8 701 234 5678", "RU", "+77012345678", "KZ"),
        ("8 (912) 345-67-89", "KZ", MOBILE, "RU"),
    ],
)
def test_foreign_and_regional_numbers(raw: str, region: str, e164: str, number_region: str) -> None:
    p = parse_phone(raw, region)
    assert p.e164 == e164
    assert p.region == number_region


def test_region_matters_for_national_numbers() -> None:
    assert parse_phone("050 123 4567", "RU").status is PhoneStatus.INVALID


# --- rule 15: caching -----------------------------------------------------------------------


def test_parse_phone_is_cached() -> None:
    phones._parse_phone_cached.cache_clear()
    first = parse_phone("8 (495) 123-45-67 доб. 1")
    second = parse_phone("8 (495) 123-45-67 доб. 1")
    assert first == second
    info = phones._parse_phone_cached.cache_info()
    assert info.hits >= 1
    assert info.maxsize is not None


def test_parse_phone_cell_is_cached_and_returns_fresh_lists() -> None:
    phones._parse_cell_cached.cache_clear()
    first = parse_phone_cell("89123456789; 84951234567")
    first.append(ParsedPhone("x", PhoneStatus.INVALID))
    second = parse_phone_cell("89123456789; 84951234567")
    assert len(second) == 2
    assert first is not second
    assert phones._parse_cell_cached.cache_info().hits == 1


def test_cache_key_includes_region() -> None:
    assert parse_phone("050 123 4567", "UA").is_valid
    assert not parse_phone("050 123 4567", "RU").is_valid


def test_parsed_phone_is_immutable() -> None:
    p = parse_phone("89123456789")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.e164 = "+70000000000"  # type: ignore[misc]


# --- format_phone ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("e164", "extension", "style", "expected"),
    [
        (MOBILE, None, "international", "+7 912 345-67-89"),
        (MOBILE, None, "national", "8 (912) 345-67-89"),
        (MOSCOW, "123", "international", "+7 495 123-45-67 доб. 123"),
        (MOSCOW, "123", "national", "8 (495) 123-45-67 доб. 123"),
        ("+442079460958", None, "international", "+44 20 7946 0958"),
        ("+442079460958", None, "national", "020 7946 0958"),
        ("+375291234567", None, "national", "8 029 123-45-67"),
        ("+77012345678", None, "international", "+7 701 234 5678"),
        (MOBILE, "", "international", "+7 912 345-67-89"),
    ],
)
def test_format_phone(e164: str, extension: str | None, style: str, expected: str) -> None:
    assert format_phone(e164, extension, style=style) == expected


def test_format_phone_ext_label() -> None:
    assert format_phone(MOSCOW, "12", ext_label="ext.") == "+7 495 123-45-67 ext. 12"


def test_format_phone_default_style_is_international() -> None:
    assert format_phone(MOBILE) == "+7 912 345-67-89"


def test_format_phone_unknown_style() -> None:
    with pytest.raises(ValueError, match="style"):
        format_phone(MOBILE, style="fancy")


def test_format_phone_garbage_is_returned_as_is() -> None:
    assert format_phone("abc") == "abc"


# --- phone_search_terms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "terms"),
    [
        ("8 (912) 345-67-89", ["79123456789", "89123456789"]),
        ("+7 495 123-45-67 доб. 555", ["74951234567", "84951234567"]),
        ("+44 20 7946 0958", ["442079460958", "02079460958"]),
        ("+375 29 123-45-67", ["375291234567", "80291234567"]),
        ("610-96-48", ["6109648"]),
        ("+8 912 345 67 89", ["89123456789"]),
        ("нет", []),
        ("7.91234567E+10", []),
        ("abc", []),
    ],
)
def test_phone_search_terms(raw: str, terms: list[str]) -> None:
    assert phone_search_terms(parse_phone(raw)) == terms


def test_search_terms_find_fragments_in_any_format() -> None:
    terms = phone_search_terms(parse_phone("+7 912 345-67-89"))
    for query in ["+7 (912) 34", "8912345", "912 345", "345-67-89", "8 912"]:
        digits = query_phone_digits(query)
        assert digits is not None
        assert any(digits in term for term in terms), query


def test_search_terms_never_contain_extension() -> None:
    terms = phone_search_terms(parse_phone("+7 495 123-45-67 доб. 999"))
    assert all("999" not in term for term in terms)


# --- query_phone_digits / exact_phone_e164 --------------------------------------------------


@pytest.mark.parametrize(
    ("query", "digits"),
    [
        ("+7 (912) 34", "791234"),
        ("8912345", "8912345"),
        ("912 345", "912345"),
        ("912-345", "912345"),
        ("912.345", "912345"),
        ("8\u00a0912", "8912"),
        ("８９１", "891"),
        ("Иванов", None),
        ("12", None),
        ("", None),
        ("   ", None),
        ("Иванов 912", None),
        ("ООО 123", None),
    ],
)
def test_query_phone_digits(query: str, digits: str | None) -> None:
    assert query_phone_digits(query) == digits


@pytest.mark.parametrize(
    ("query", "region", "e164"),
    [
        ("+7 912 345-67-89", "RU", MOBILE),
        ("89123456789", "RU", MOBILE),
        ("  8 (495) 123-45-67 ", "RU", MOSCOW),
        ("050 123 4567", "UA", "+380501234567"),
        ("8912345", "RU", None),
        ("610-96-48", "RU", None),
        ("Иванов", "RU", None),
        ("89123456789 Иван", "RU", None),
        ("89123456789, 84951234567", "RU", None),
        ("", "RU", None),
    ],
)
def test_exact_phone_e164(query: str, region: str, e164: str | None) -> None:
    assert exact_phone_e164(query, region) == e164


def test_plus7_fast_path_agrees_with_the_general_parser() -> None:
    """The shortcut for '+7…'/'8…' numbers must give what phonenumbers.parse gives."""
    import random

    from crm_desktop.domain.phones import _plus7_number

    rng = random.Random(11)
    checked = 0
    for _ in range(20_000):
        national = str(rng.randint(10**9, 10**10 - 1))
        for digits, plus in (("8" + national, False), ("7" + national, True)):
            fast = _plus7_number(digits, plus, "RU")
            if fast is None:
                continue
            slow = phonenumbers.parse(("+" if plus else "") + digits, "RU")
            assert fast.national_number == slow.national_number, digits
            assert phonenumbers.is_valid_number(fast) == phonenumbers.is_valid_number(slow)
            checked += 1
    assert checked > 30_000
