"""Header detection, two-level headers, and the rows a report adds around its data."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from crm_desktop.importing.cells import Cell, MergedRange, Row
from crm_desktop.importing.layout import RowFilter, SkipReason, detect_layout, layout_at
from crm_desktop.importing.readers import open_workbook


def _rows(*rows: list[Cell], start: int = 1) -> list[Row]:
    return [(start + i, list(r)) for i, r in enumerate(rows)]


def test_header_in_the_first_row() -> None:
    layout = detect_layout(_rows(["ФИО", "Телефон", "Email"], ["Иванов", "8912", "a@b.ru"]))
    assert layout.header_rows == (1,)
    assert layout.labels == ["ФИО", "Телефон", "Email"]


def test_header_below_a_report_title_and_blank_rows() -> None:
    rows = _rows(
        ["Отчёт по клиентам за март 2024", "", ""],
        ["Сформирован 01.04.2024", "", ""],
        ["", "", ""],
        ["Контрагент", "ИНН", "Телефон"],
        ["ООО Ромашка", "7707083893", "+7 495 123-45-67"],
    )
    layout = detect_layout(rows)
    assert layout.header_rows == (4,)
    assert layout.labels == ["Контрагент", "ИНН", "Телефон"]


def test_a_data_row_is_not_taken_for_the_header() -> None:
    rows = _rows(
        ["Иванов Иван", "+7 912 345-67-89", "ivan@mail.ru"],
        ["ФИО", "Телефон", "Email"],
    )
    assert detect_layout(rows).header_rows == (2,)


def test_merged_two_level_header_from_xlsx(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Клиенты на 01.04"])
    sheet.append(["Контакт", None, "Телефоны", None, "Email"])
    sheet.append(["ФИО", "Должность", "рабочий", "мобильный", None])
    sheet.append(["Иванов Иван", "Директор", "8 495 123-45-67", "8 912 345-67-89", "i@x.ru"])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    sheet.merge_cells("E2:E3")
    book.save(tmp_path / "two.xlsx")
    with open_workbook(tmp_path / "two.xlsx") as opened:
        s = opened.sheet()
        layout = detect_layout(s.head(), s.merged)
    assert layout.header_rows == (2, 3)
    assert layout.labels == [
        "Контакт: ФИО",
        "Контакт: Должность",
        "Телефоны: рабочий",
        "Телефоны: мобильный",
        "Email",
    ]


def test_two_level_header_without_merge_information() -> None:
    rows = _rows(
        ["Контакт", "", "Телефоны", ""],
        ["ФИО", "Должность", "рабочий", "мобильный"],
        ["Иванов", "Директор", "84951234567", "89123456789"],
    )
    layout = detect_layout(rows)
    assert layout.header_rows == (1, 2)
    assert layout.columns[3].parts == ("Телефоны", "мобильный")


def test_user_picks_the_header_row() -> None:
    rows = _rows(["a", "b"], ["ФИО", "Телефон"], ["x", "y"])
    assert layout_at(rows, 1).labels == ["a", "b"]
    assert layout_at(rows, 2, two_level=True).labels == ["a: ФИО", "b: Телефон"]


def _report() -> list[Row]:
    return _rows(
        ["Клиент", "Телефон", "Email", "Город"],
        ["", "", "", ""],
        ["Москва", "", "", ""],
        ["Иванов Иван", "8 912 345-67-89", "i@x.ru", "Москва"],
        ["Петров Пётр", "8 913 345-67-89", "p@x.ru", "Москва"],
        ["Итого по группе: 2", "", "", ""],
        ["Клиент", "Телефон", "Email", "Город"],
        ["Казань", "", "", ""],
        ["Сидоров Олег", "8 914 345-67-89", "s@x.ru", "Казань"],
        ["  ", None, "", ""],
        ["Всего", "3", "", ""],
        ["TOTAL", "", "", ""],
    )


def test_group_total_repeated_header_and_blank_rows_are_skipped() -> None:
    rows = _report()
    layout = detect_layout(rows)
    row_filter = RowFilter(layout)
    row_filter.calibrate(rows)
    data = list(row_filter(rows))
    assert [(d.row, d.group) for d in data] == [(4, "Москва"), (5, "Москва"), (9, "Казань")]
    assert [(s.row, s.reason) for s in row_filter.skipped] == [
        (3, SkipReason.GROUP),
        (6, SkipReason.TOTAL),
        (7, SkipReason.REPEATED_HEADER),
        (8, SkipReason.GROUP),
        (11, SkipReason.TOTAL),
        (12, SkipReason.TOTAL),
    ]
    assert row_filter.blank_rows == 2  # skipped silently
    assert "Москва" in row_filter.skipped[0].message


def test_group_rows_can_be_turned_off() -> None:
    rows = _report()
    row_filter = RowFilter(detect_layout(rows), detect_groups=False)
    row_filter.calibrate(rows)
    assert 3 in [d.row for d in row_filter(rows)]


def test_a_name_only_row_in_a_narrow_list_is_data() -> None:
    rows = _rows(
        ["ФИО", "Телефон"], ["Иванов Иван", "8912"], ["Петров Пётр", ""], ["Сидоров", "8913"]
    )
    row_filter = RowFilter(detect_layout(rows))
    row_filter.calibrate(rows)
    assert [d.row for d in row_filter(rows)] == [2, 3, 4]


def test_merged_single_cell_row_is_a_group_and_colon_too() -> None:
    rows = _rows(["ФИО", "Телефон"], ["Отдел продаж", ""], ["Иванов", "8912"], ["Регион:", ""])
    merged = [MergedRange(2, 0, 2, 1)]
    row_filter = RowFilter(detect_layout(rows), merged)
    assert [d.row for d in row_filter(rows)] == [3]
    assert [s.row for s in row_filter.skipped] == [2, 4]
