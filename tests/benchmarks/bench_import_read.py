"""Benchmark: the reading half of an import (read, layout, values, identity) vs its floor.

    .venv/bin/python -m tests.benchmarks.bench_import_read [--rows 100000]

A 12-column .xlsx (ФИО, Компания, ИНН, Должность, two phone columns — some cells hold
two numbers or an extension —, Email, Город, Адрес, Теги, День рождения, Комментарий;
3 % of the rows repeat an earlier person) is written once with openpyxl (write-only)
and cached under the temporary directory. The floor is the bare calamine read of the
same file plus parsing each distinct phone cell once; the pipeline is everything this
layer does, minus the database insert. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import platform
import random
import resource
import tempfile
import time
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import phonenumbers
import python_calamine

from crm_desktop.domain import phones as phone_rules
from crm_desktop.importing.cells import cell_text
from crm_desktop.importing.identity import Resolver
from crm_desktop.importing.layout import RowFilter, detect_layout
from crm_desktop.importing.mapping import suggest_mapping
from crm_desktop.importing.readers import open_workbook
from crm_desktop.importing.values import RecordReader

HEADER = [
    "ФИО",
    "Компания",
    "ИНН",
    "Должность",
    "Рабочий телефон",
    "Мобильный телефон",
    "Email",
    "Город",
    "Адрес",
    "Теги",
    "День рождения",
    "Комментарий",
]
PHONE_COLUMNS = (4, 5)
_SURNAMES = [
    "Иванов",
    "Петров",
    "Сидоров",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
]
_MALE = [
    "Иван",
    "Пётр",
    "Сергей",
    "Алексей",
    "Андрей",
    "Дмитрий",
    "Михаил",
    "Николай",
    "Владимир",
    "Олег",
]
_FEMALE = [
    "Анна",
    "Мария",
    "Елена",
    "Ольга",
    "Наталья",
    "Ирина",
    "Татьяна",
    "Светлана",
    "Екатерина",
    "Юлия",
]
_FATHERS = ["Иван", "Пётр", "Сергей", "Алексей", "Андрей", "Дмитрий", "Михаил", "Николай"]
_CITIES = [
    "Москва",
    "Санкт-Петербург",
    "Казань",
    "Екатеринбург",
    "Новосибирск",
    "Самара",
    "Омск",
    "Пермь",
]


def _inn(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(9)]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def _phone(rng: random.Random) -> str | int:
    n = f"9{rng.randrange(10**9):09d}"
    shape = rng.randrange(5)
    if shape == 0:
        return f"8 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
    if shape == 1:
        return f"+7 {n[:3]} {n[3:]}"
    if shape == 2:
        return f"8{n}"
    if shape == 3:
        return f"+7 ({n[:3]}) {n[3:6]}-{n[6:]} доб. {rng.randrange(100, 999)}"
    return int(f"8{n}")  # a phone typed as a number


def _name(rng: random.Random) -> str:
    male = rng.random() < 0.6
    surname = rng.choice(_SURNAMES) + ("" if male else "а")
    father = rng.choice(_FATHERS).replace("ё", "е")
    patronymic = father + ("ович" if male else "овна")
    return f"{surname} {rng.choice(_MALE if male else _FEMALE)} {patronymic}"


def generate(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Клиенты")
    sheet.append(HEADER)
    orgs = [(f"ООО «Компания {i}»", _inn(rng)) for i in range(rows // 5)]
    earlier: list[list[object]] = []
    for i in range(rows):
        if earlier and rng.random() < 0.03:
            sheet.append(rng.choice(earlier))
            continue
        org, inn = rng.choice(orgs) if rng.random() < 0.8 else ("", "")
        work: str | int = _phone(rng)
        if isinstance(work, str) and "доб" not in work and rng.random() < 0.3:
            work = f"{work}; {_phone(rng)}"
        birthday: object = None
        if rng.random() < 0.5:
            birthday = dt.date(1950 + rng.randrange(50), rng.randrange(1, 13), rng.randrange(1, 29))
        elif rng.random() < 0.5:
            birthday = (
                f"{rng.randrange(1, 29):02d}.{rng.randrange(1, 13):02d}.19{rng.randrange(50, 99)}"
            )
        row: list[object] = [
            _name(rng),
            org,
            inn,
            rng.choice(["Директор", "Бухгалтер", "Менеджер", "Закупщик", ""]),
            work,
            _phone(rng) if rng.random() < 0.6 else "",
            f"user{i}@example{i % 97}.ru",
            rng.choice(_CITIES),
            f"ул. Ленина, д. {rng.randrange(1, 200)}",
            rng.choice(["vip", "опт, розница", "", "партнёр"]),
            birthday,
            "" if rng.random() < 0.7 else f"Комментарий {i}",
        ]
        sheet.append(row)
        if len(earlier) < 5000 and rng.random() < 0.1:
            earlier.append(row)
    book.save(path)


def _cached_file(rows: int) -> Path:
    folder = Path(tempfile.gettempdir()) / "crm-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"import-read-{rows}.xlsx"
    if not path.exists():
        partial = path.with_suffix(".partial.xlsx")
        generate(partial, rows)
        partial.rename(path)
    return path


def _clear_phone_caches() -> None:
    phone_rules._parse_cell_cached.cache_clear()
    phone_rules._parse_phone_cached.cache_clear()


def _phone_cells(path: Path) -> set[str]:
    """The distinct non-empty phone cell texts of the file, read bare with calamine."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    sheet = book.get_sheet_by_index(0)
    cells: set[str] = set()
    for row in sheet.iter_rows():
        for index in PHONE_COLUMNS:
            if index < len(row):
                cells.add(cell_text(row[index]))
    book.close()
    cells.discard("")
    return cells


def floor(path: Path) -> tuple[float, float, int]:
    """(bare calamine read seconds, distinct phone parse seconds, distinct phone cells)."""
    started = time.perf_counter()
    cells = _phone_cells(path)
    read = time.perf_counter() - started
    _clear_phone_caches()
    started = time.perf_counter()
    for text in cells:
        phone_rules.parse_phone_cell(text, "RU")
    return read, time.perf_counter() - started, len(cells)


def bare_parse(path: Path) -> tuple[float, int]:
    """(seconds, numbers): `phonenumbers.parse` alone of each number of the distinct phone
    cells, as the issue's planning figure (~38 µs a number) counts a parse. Our cell
    parser also splits cells, finds extensions and comments, checks validity and
    formats E.164, which the floor above includes; this shows what that costs."""
    numbers = [part for text in _phone_cells(path) for part in phone_rules.split_phone_cell(text)]
    started = time.perf_counter()
    for number in numbers:
        with contextlib.suppress(phonenumbers.NumberParseException):
            phonenumbers.parse(number, "RU")
    return time.perf_counter() - started, len(numbers)


def pipeline(path: Path) -> dict[str, float | int]:
    _clear_phone_caches()
    marks = [time.perf_counter()]
    with open_workbook(path) as book:
        sheet = book.sheet()
        head = sheet.head(50)
        layout = detect_layout(head, sheet.merged)
        mapping = suggest_mapping(layout)
        row_filter = RowFilter(layout, sheet.merged)
        row_filter.calibrate(head)
        rows = list(row_filter(sheet.rows()))
    marks.append(time.perf_counter())
    reader = RecordReader(mapping, sheet.name)
    reader.prepare(rows)
    resolver = Resolver()
    values_s = 0.0
    clock = time.perf_counter
    for row in rows:  # streamed, as the apply step will: no list of records is kept
        started = clock()
        record = reader.read(row)
        middle = clock()
        resolver.add(record)
        values_s += middle - started
    marks.append(marks[1] + values_s)
    marks.append(time.perf_counter())
    result = resolver.result
    return {
        "read_layout_s": round(marks[1] - marks[0], 2),
        "values_s": round(marks[2] - marks[1], 2),
        "identity_s": round(marks[3] - marks[2], 2),
        "pipeline_s": round(marks[3] - marks[0], 2),
        "rows": len(rows),
        "persons": len(result.persons),
        "organizations": len(result.organizations),
        "phones": sum(len(p.phones) for p in result.persons),
        "warnings": len(result.warnings),
        "rejected": len(result.rejected),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    path = _cached_file(args.rows)
    read_s, phones_s, distinct = floor(path)
    figures = pipeline(path)
    floor_s = read_s + phones_s
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else ""
    print(
        json.dumps(
            {
                "benchmark": "import_read",
                "file_mb": round(path.stat().st_size / 2**20, 1),
                "floor_read_s": round(read_s, 2),
                "floor_phones_s": round(phones_s, 2),
                "distinct_phone_cells": distinct,
                "floor_s": round(floor_s, 2),
                **figures,
                "ratio_to_floor": round(float(figures["pipeline_s"]) / floor_s, 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "load_average": load,
                "python": platform.python_version(),
                "machine": platform.machine(),
            }
        )
    )


if __name__ == "__main__":
    main()
