from __future__ import annotations

import pytest
from openpyxl import Workbook

from crm_desktop.services.safe_output import csv_text, safe_filename, xlsx_text_cell


@pytest.mark.parametrize("text", ["=1+1", "+7 999", "-2", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_formula_like_text_gets_an_apostrophe_in_csv(text: str) -> None:
    assert csv_text(text) == "'" + text


def test_plain_text_is_left_alone() -> None:
    assert csv_text("Ромашка") == "Ромашка"
    assert csv_text("") == ""


def test_xlsx_cell_keeps_formula_text_as_a_string() -> None:
    cell = Workbook().active["A1"]
    xlsx_text_cell(cell, '=HYPERLINK("http://x")')
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Отчёт: продажи 01/2026", "Отчёт_ продажи 01_2026"),
        ("../../etc/passwd", "etc_passwd"),
        ("CON", "_CON"),
        ("lpt1.txt", "_lpt1.txt"),
        ("  . ", "export"),
        ("a\\b", "a_b"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected
