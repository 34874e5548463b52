"""Tests for crm_desktop.domain.inn."""

from __future__ import annotations

import pytest

from crm_desktop.domain.inn import inn_kind, is_valid_inn, normalize_inn

# Checked by hand against the ФНС weights as well as by the implementation.
VALID_LEGAL = [
    "7707083893",  # ПАО Сбербанк
    "7736207543",  # ООО «Яндекс»
    "7728168971",  # АО «Альфа-Банк»
    "7710140679",  # АО «Т-Банк» (Тинькофф)
    "7736050003",  # ПАО «Газпром»
    "7701000080",  # synthetic: weighted sum % 11 == 10, so the check digit is 0
]
VALID_INDIVIDUAL = [
    "500100732259",
    "771234567070",  # synthetic: the 12th digit comes from a remainder of 10
]


@pytest.mark.parametrize("inn", VALID_LEGAL)
def test_valid_legal_entity_inn(inn: str) -> None:
    assert is_valid_inn(inn)
    assert inn_kind(inn) == "legal"


@pytest.mark.parametrize("inn", VALID_INDIVIDUAL)
def test_valid_individual_inn(inn: str) -> None:
    assert is_valid_inn(inn)
    assert inn_kind(inn) == "individual"


@pytest.mark.parametrize(
    "inn",
    [
        "7707083894",  # last digit changed
        "7707083839",  # two digits swapped
        "7701000081",
        "500100732258",  # 12th digit wrong
        "500100732269",  # 11th digit wrong
        "500100732250",
        "771234567071",
        "0000000000",  # placeholder passes the arithmetic, rejected anyway
        "000000000000",
    ],
)
def test_bad_checksum_is_invalid(inn: str) -> None:
    assert not is_valid_inn(inn)
    assert inn_kind(inn) is None


@pytest.mark.parametrize(
    "inn",
    [
        "",
        "770708389",
        "77070838931",
        "5001007322590",
        "77O7083893",
        "7707 083893",
        "７７０７０８３８９３",
    ],
)
def test_wrong_shape_is_invalid(inn: str) -> None:
    assert not is_valid_inn(inn)
    assert inn_kind(inn) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7707083893", "7707083893"),
        (" 7707083893 ", "7707083893"),
        ("7707 083 893", "7707083893"),
        ("7707\u00a0083\u00a0893", "7707083893"),  # non-breaking spaces from Excel formatting
        ("'7707083893", "7707083893"),  # Excel text marker
        ("7707083893.0", "7707083893"),  # number cell read as float
        ("500100732259", "500100732259"),
        ("5001 0073 2259", "500100732259"),
        ("7707083894", "7707083894"),  # checksum is not this function's business
        ("７７０７０８３８９３", "7707083893"),  # full-width digits
    ],
)
def test_normalize_inn_accepts(raw: str, expected: str) -> None:
    assert normalize_inn(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "770708389",  # 9 digits (lost a leading zero or a typo)
        "77070838931",  # 11 digits
        "7707-083-893",
        "ИНН 7707083893",
        "77070838９３x",
        "7707083893.5",
        "7,707083893E9",
        "нет",
    ],
)
def test_normalize_inn_rejects(raw: str) -> None:
    assert normalize_inn(raw) is None


def test_normalize_then_validate_pipeline() -> None:
    normalized = normalize_inn("'7736 207 543")
    assert normalized == "7736207543"
    assert inn_kind(normalized) == "legal"
