"""The problem report of an import (or of its preview) as an `.xlsx` file.

    write_import_report(plan_or_result, "report.xlsx", language="ru")

Sheet "Problems": one row per rejected row and per warning: the file's own row
number (`Sheet!row` when several sheets were read), whether the row was rejected or
only flagged, the field, the stable code, the message, and then the row's original
cells under the file's own headers (read again from the file, streamed; when the
file can no longer be read the report is written without them). Sheet "Summary":
the counts of the import. User text is written as string cells, never formulas
(`safe_output.xlsx_text_cell`); the file is written atomically.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from crm_desktop.errors import UserError
from crm_desktop.importing.cells import Cell, cell_text
from crm_desktop.importing.guards import ImportFileError
from crm_desktop.importing.layout import detect_layout
from crm_desktop.importing.readers import open_workbook
from crm_desktop.services.exporting.headers import header, label
from crm_desktop.services.exporting.tables import Value
from crm_desktop.services.exporting.tabular import XlsxSheet, new_workbook
from crm_desktop.services.importing.applying import ImportResult
from crm_desktop.services.importing.planning import ImportPlan
from crm_desktop.services.safe_output import atomic_file, check_target

log = logging.getLogger(__name__)

_FIXED = ("row", "severity", "field", "code", "message")
_WIDTHS = (10, 16, 14, 20, 60)
_SUMMARY_KEYS = (
    "rows_read",
    "organizations_created",
    "organizations_matched",
    "persons_created",
    "persons_matched",
    "organizations_updated",
    "persons_updated",
    "phones_added",
    "emails_added",
)
_Problem = tuple[str, int, str, str, str, str]  # sheet, row, severity, field, code, message


def _problems(
    plan: ImportPlan, outcome: ImportPlan | ImportResult, language: str
) -> list[_Problem]:
    warnings = outcome.warnings if isinstance(outcome, ImportResult) else plan.resolution.warnings
    items: list[_Problem] = [
        (r.sheet, r.row, "rejected", "", r.reason, r.text(language))
        for r in plan.resolution.rejected
    ]
    items += [(w.sheet, w.row, "warning", w.field, w.code, w.text(language)) for w in warnings]
    order = {name: n for n, name in enumerate(plan.sheets)}
    items.sort(key=lambda p: (order.get(p[0], len(order)), p[1], p[2] != "rejected"))
    return items


def _original_rows(
    plan: ImportPlan, wanted: dict[str, set[int]]
) -> tuple[list[str], dict[tuple[str, int], list[Cell]]]:
    """(column headers, cells of the wanted rows) read again from the file."""
    found: dict[tuple[str, int], list[Cell]] = {}
    labels: list[list[str]] = []
    try:
        with open_workbook(plan.path) as book:
            for name in plan.sheets:
                sheet = book.sheet(name)
                layout = detect_layout(sheet.head(50), sheet.merged)
                labels.append(layout.labels)
                rows = wanted.get(name)
                if not rows:
                    continue
                last = max(rows)
                for number, cells in sheet.rows():
                    if number in rows:
                        found[(name, number)] = list(cells)
                    if number >= last:
                        break
    except (ImportFileError, UserError, OSError) as exc:
        log.info("import report without the original cells: %s", exc)
        return [], {}
    width = max((len(c) for c in found.values()), default=0)
    if labels and all(lab == labels[0] for lab in labels):
        heads = [lab or _letters(n) for n, lab in enumerate(labels[0])]
    else:
        heads = []
    heads += [_letters(n) for n in range(len(heads), width)]
    return heads, found


def _letters(index: int) -> str:
    """Spreadsheet column letters: 0 -> 'A', 27 -> 'AB'."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def _value(cell: Cell) -> Value | float | bool:
    if cell is None or cell == "":
        return None
    if isinstance(cell, time | timedelta):
        return cell_text(cell)
    if isinstance(cell, str | int | float | date | datetime):
        return cell
    return str(cell)


def write_import_report(
    outcome: ImportPlan | ImportResult, path: str | Path, *, language: str = "en"
) -> Path:
    """Write the rejected and flagged rows and the counts of `outcome` to `path` (.xlsx)."""
    language = "ru" if language.lower().startswith("ru") else "en"
    target = check_target(path)
    plan = outcome.plan if isinstance(outcome, ImportResult) else outcome
    problems = _problems(plan, outcome, language)
    wanted: dict[str, set[int]] = defaultdict(set)
    for sheet_name, row, *_rest in problems:
        wanted[sheet_name].add(row)
    original_heads, originals = _original_rows(plan, wanted) if problems else ([], {})
    book = new_workbook()
    sheet = XlsxSheet(
        book,
        label("problems", language),
        [header(k, language) for k in _FIXED] + original_heads,
        [*_WIDTHS, *[16] * len(original_heads)],
        [],
        language,
    )
    for sheet_name, row, severity, field, code, message in problems:
        cells = originals.get((sheet_name, row), [])
        values: list[Any] = [
            plan.row_label(sheet_name, row),
            label(severity, language),
            field or None,
            code,
            message,
        ]
        sheet.append(values + [_value(c) for c in cells])
    _summary(book, outcome, language)
    with atomic_file(target) as tmp:
        book.save(tmp)
    return target


def _summary(book: Any, outcome: ImportPlan | ImportResult, language: str) -> None:
    data = outcome.summary()
    sheet = XlsxSheet(
        book,
        label("summary", language),
        [header("what", language), header("count", language)],
        [40, 30],
        [],
        language,
    )
    rows: list[Sequence[Any]] = [(label("file", language), data["file"])]
    if data.get("import_id") is not None:
        rows.append((label("import_id", language), data["import_id"]))
    else:
        rows.append((label("dry_run", language), None))
    rows.append((label("on_duplicate", language), label(str(data["on_duplicate"]), language)))
    rows += [(label(key, language), data[key]) for key in _SUMMARY_KEYS if key in data]
    rows.append((label("rejected_rows", language), len(data["rejected"])))
    rows.append((label("warnings", language), len(data["warnings"])))
    for row in rows:
        sheet.append(list(row))
