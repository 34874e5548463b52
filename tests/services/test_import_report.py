"""The import's problem report (.xlsx): rejected and flagged rows with their original
cells and the counts, for a preview and for a done import, on every engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from crm_desktop.errors import UserError
from crm_desktop.services.importing import plan_import, run_import
from crm_desktop.services.importing.report import write_import_report
from crm_desktop.services.workspace import Workspace
from tests.importing.builders import ods, ods_body

HEADER = ["ФИО", "Компания", "Телефон", "Email", "Примечание"]
MOSCOW = [
    HEADER,
    ["Петров Пётр", "ООО «Ромашка»", "+7 912 345-67-89", "petrov@romashka.ru", "=1+1"],
    ["", "", "", "", "только примечание"],  # rejected: nothing to import it as
    ["Сидорова Анна", "", "12", "bad@@mail", "@SUM(1)"],  # two warnings
]
TVER = [
    HEADER,
    ["Кузнецов Иван", "ИП Кузнецов", "+7 4822 55-66-77", "", ""],
    ["", "", "", "", '=HYPERLINK("http://evil")'],  # rejected
]


def _file(tmp_path: Path) -> Path:
    return ods(tmp_path / "клиенты.ods", ods_body({"Москва": MOSCOW, "Тверь": TVER}))


def _sheets(path: Path) -> tuple[list[list[Any]], dict[str, Any]]:
    book = load_workbook(path)
    problems, summary = book.worksheets
    for row in problems.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    rows = [[c.value for c in row] for row in problems.iter_rows()]
    counts = {r[0].value: r[1].value for r in summary.iter_rows(min_row=2)}
    return rows, counts


def test_preview_report_lists_rejected_and_flagged_rows(ws: Workspace, tmp_path: Path) -> None:
    plan = plan_import(ws, _file(tmp_path))
    out = write_import_report(plan, tmp_path / "report.xlsx", language="ru")
    assert out == tmp_path / "report.xlsx"
    rows, counts = _sheets(out)
    assert rows[0][:5] == ["Строка", "Тип проблемы", "Поле", "Код", "Проблема"]
    assert rows[0][5:] == HEADER
    by_row = {}
    for row in rows[1:]:
        by_row.setdefault(row[0], []).append(row)
    assert set(by_row) == {"Москва!3", "Москва!4", "Тверь!3"}
    (rejected,) = by_row["Москва!3"]
    assert rejected[1] == "Отклонена" and rejected[3] == "no_identity"
    assert rejected[9] == "только примечание"
    flagged = by_row["Москва!4"]
    assert {r[3] for r in flagged} == {"phone_invalid", "email_invalid"}
    assert all(r[1] == "Предупреждение" for r in flagged)
    assert flagged[0][5:10] == ["Сидорова Анна", None, "12", "bad@@mail", "@SUM(1)"]
    (tver,) = by_row["Тверь!3"]
    assert tver[9] == '=HYPERLINK("http://evil")'  # a string cell, not a formula
    assert counts["Прочитано строк"] == plan.rows_read
    assert counts["Создано людей"] == plan.persons_new == 3
    assert counts["Отклонено строк"] == 2 and counts["Предупреждений"] == 2
    assert "Только просмотр (ничего не импортировано)" in counts


def test_result_report_and_a_single_sheet(ws: Workspace, tmp_path: Path) -> None:
    path = ods(tmp_path / "one.ods", ods_body({"Лист1": MOSCOW}))
    result = run_import(ws, path)
    rows, counts = _sheets(write_import_report(result, tmp_path / "r.xlsx"))
    assert rows[0][:5] == ["Row", "Kind of problem", "Field", "Code", "Problem"]
    assert sorted({r[0] for r in rows[1:]}) == [3, 4]  # the file's own row numbers
    assert counts["Import number"] == result.import_id
    assert counts["Persons created"] == result.persons_created == 2
    assert counts["Duplicates"] == "merge"


def test_report_without_the_file_keeps_the_problems(ws: Workspace, tmp_path: Path) -> None:
    source = _file(tmp_path)
    plan = plan_import(ws, source)
    source.unlink()
    rows, _counts = _sheets(write_import_report(plan, tmp_path / "r.xlsx"))
    assert len(rows[0]) == 5 and len(rows) == 1 + 4


def test_report_of_a_clean_file_and_bad_places(ws: Workspace, tmp_path: Path) -> None:
    path = ods(tmp_path / "clean.ods", ods_body({"Лист1": MOSCOW[:2]}))
    plan = plan_import(ws, path)
    rows, counts = _sheets(write_import_report(plan, tmp_path / "r.xlsx"))
    assert len(rows) == 1 and counts["Rows read"] == 1
    with pytest.raises(UserError, match="is a folder"):
        write_import_report(plan, tmp_path)
