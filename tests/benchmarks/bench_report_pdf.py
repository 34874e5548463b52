"""Benchmark: report PDFs.

    .venv/bin/python -m tests.benchmarks.bench_report_pdf [--persons 100000] [--rows 10000]

(a) Each report computed and rendered to PDF on the demo base of bench_reports.py
    (100k persons, 10k deals, 50k activities; built once into bench-data/), with the
    parameters of a Monday meeting; target ≤ 3 s each, computation included (wall
    clock `report_s`, and this process's CPU time `report_cpu_s`).
(b) A table of `--rows` rows (name, city, owner, date, amount, share) rendered by our
    renderer (`export_report`, formatting included) and, in the same run, by a plain
    reportlab `LongTable` of the same, already formatted rows (repeated header, the
    same font); target ratio ≤ 1.0.

Prints one JSON line; `--persons 0` skips (a).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle  # type: ignore[import-untyped]

from crm_desktop.config import AppPaths
from crm_desktop.domain.clock import SystemClock
from crm_desktop.services.reports import REPORTS, run
from crm_desktop.services.reports.export import export_report
from crm_desktop.services.reports.formatting import CellFormatter
from crm_desktop.services.reports.pdf import FONT, FONT_BOLD, register_fonts
from crm_desktop.services.reports.result import (
    CellKind,
    Column,
    ReportResult,
    Table,
    day,
    integer,
    label,
    money,
    percent,
    text,
    total_row,
)
from crm_desktop.services.workspace import Workspace
from tests.benchmarks.bench_reports import ROOT, _base, _params

TARGET_S = 3.0
TARGET_RATIO = 1.0
CITIES = ["Москва", "Санкт-Петербург", "Екатеринбург", "Новосибирск", "Казань", "Тула"]
OWNERS = ["Анна Кузнецова", "Сергей Волков", "Дмитрий Соколов", "Екатерина Лебедева"]


def big_table(rows: int) -> ReportResult:
    rnd = random.Random(7)
    body = []
    for i in range(rows):
        body.append(
            (
                text(f"ООО «Клиент {i:05d}» {rnd.choice(['Альфа', 'Бета', 'Гамма-Трейд'])}"),
                text(rnd.choice(CITIES)),
                text(rnd.choice(OWNERS)),
                day(date(2026, 1, 1) + timedelta(days=rnd.randrange(300))),
                money(rnd.randrange(10**9), "RUB"),
                percent(rnd.randrange(100), 100),
            )
        )
    columns = (
        Column("name", "Name", CellKind.TEXT),
        Column("city", "City", CellKind.TEXT),
        Column("owner", "Owner", CellKind.TEXT),
        Column("day", "Date", CellKind.DATE),
        Column("amount", "Amount", CellKind.MONEY),
        Column("share", "Share", CellKind.PERCENT),
    )
    totals = (
        total_row("Total", [label(""), label(""), integer(rows), money(1, "RUB"), label("")]),
    )
    return ReportResult(
        report="base",
        title="Clients",
        parameters=(("Rows", integer(rows)),),
        tables=(Table("big", "Clients", columns, tuple(body), totals),),
    )


def plain_longtable(result: ReportResult, path: Path, fmt: CellFormatter) -> float:
    """The same rows, formatted beforehand, as one plain LongTable; seconds to build."""
    table = result.tables[0]
    data = [[fmt.label(c.label) for c in table.columns]]
    data += [[fmt.cell(c) for c in row] for row in (*table.rows, *table.totals)]
    started = time.perf_counter()
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    t = LongTable(data, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, "#5B6B7F"),
            ]
        )
    )
    doc.build([t])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--language", default="ru")
    args = parser.parse_args()
    register_fonts()
    out: dict[str, object] = {"bench": "report_pdf", "persons": args.persons}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.persons:
            started = time.perf_counter()
            path = _base(args.persons)
            out["base_ready_s"] = round(time.perf_counter() - started, 1)
            seconds: dict[str, float] = {}
            cpu: dict[str, float] = {}  # this process's CPU time: robust on a busy machine
            pages: dict[str, int] = {}
            with Workspace.open(str(path), paths=AppPaths.resolve(ROOT)) as ws:
                params = _params(ws)
                for name in REPORTS:
                    times, cpu_times = [], []
                    for _ in range(max(1, args.runs)):
                        t0, c0 = time.perf_counter(), time.process_time()
                        result = run(name, ws, params[name], SystemClock())
                        pdf = export_report(result, folder / f"{name}.pdf", language=args.language)
                        times.append(time.perf_counter() - t0)
                        cpu_times.append(time.process_time() - c0)
                    seconds[name] = round(statistics.median(times), 2)
                    cpu[name] = round(statistics.median(cpu_times), 2)
                    pages[name] = pdf.read_bytes().count(b"/Type /Page\n")
            out["report_s"] = seconds
            out["report_cpu_s"] = cpu
            out["report_pages"] = pages
            out["report_target_s"] = TARGET_S
        result = big_table(args.rows)
        fmt = CellFormatter(args.language)
        ours_t, plain_t = [], []
        for _ in range(max(1, args.runs)):
            t0 = time.perf_counter()
            ours = export_report(result, folder / "ours.pdf", language=args.language)
            ours_t.append(time.perf_counter() - t0)
            plain_t.append(plain_longtable(result, folder / "plain.pdf", fmt))
        ours_s, plain_s = statistics.median(ours_t), statistics.median(plain_t)
        out.update(
            rows=args.rows,
            ours_s=round(ours_s, 2),
            ours_pages=ours.read_bytes().count(b"/Type /Page\n"),
            longtable_s=round(plain_s, 2),
            longtable_pages=(folder / "plain.pdf").read_bytes().count(b"/Type /Page\n"),
            ratio=round(ours_s / plain_s, 2),
            ratio_target=TARGET_RATIO,
            python=platform.python_version(),
        )
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
