"""Reports on paper: the formatter, the PDF (text read back with pypdf) and the xlsx
(re-read with openpyxl), on hand-made results and on the hand-built base of
test_reports.py."""

# ruff: noqa: F811  (the `base` fixture of test_reports.py, imported, is a parameter name)
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]

from crm_desktop.errors import UserError
from crm_desktop.gui.i18n import translator
from crm_desktop.services.progress import Cancelled
from crm_desktop.services.reports import REPORTS, run
from crm_desktop.services.reports.export import export_report
from crm_desktop.services.reports.formatting import CellFormatter
from crm_desktop.services.reports.result import (
    EMPTY,
    Cell,
    CellKind,
    Chart,
    ChartKind,
    Column,
    ReportResult,
    Series,
    Table,
    clock_time,
    day,
    integer,
    label,
    money,
    percent,
    text,
    total_row,
)
from crm_desktop.services.workspace import Workspace
from tests.services.test_reports import CLOCK, MARCH, Ids, base  # noqa: F401 (fixture)

RU = {
    "Page %1 of %2": "Страница %1 из %2",
    "Clients": "Клиенты",
    "Total": "Итого",
    "Name": "Название",
    "Amount": "Сумма",
}
NASTY = "<b>Ромашка & Co</b>"
IMG = '<img src="/etc/passwd"/> & <font size=40>x</font>'


def ru(text: str) -> str:
    return RU.get(text, text)


def flat(s: str) -> str:
    """Extracted PDF text with the no-break spaces made plain."""
    return s.replace("\u00a0", " ").replace("\u202f", " ")


def pdf_pages(path: Path) -> list[str]:
    return [flat(p.extract_text() or "") for p in PdfReader(path).pages]


def clients_result(rows: int = 3, *, columns: int = 6) -> ReportResult:
    names = ["ООО «Ромашка»", NASTY, IMG] + [f"Клиент № {i:04d}" for i in range(3, rows)]
    cols = [
        Column("name", "Name", CellKind.TEXT),
        Column("count", "Deals", CellKind.INT),
        Column("amount", "Amount", CellKind.MONEY),
        Column("share", "Share", CellKind.PERCENT),
        Column("day", "Date", CellKind.DATE),
        Column("at", "Time", CellKind.TIME),
    ]
    extra = [Column(f"x{i}", f"Wide column {i}", CellKind.TEXT) for i in range(columns - 6)]
    cols = (cols + extra)[:columns]
    body = []
    for i, name in enumerate(names[:rows]):
        cells = [
            text(name),
            integer(i + 1),
            money(123_456_750 + i, "RUB"),
            percent(i, rows),
            day(date(2026, 3, 5) + timedelta(days=i % 20)),
            clock_time(time(9, 5)),
            *(text(f"длинный текст ячейки {name} номер {i} " * 2) for _ in extra),
        ]
        body.append(tuple(cells[:columns]))
    totals = (
        total_row("Total", [integer(rows), money(987_654_321, "RUB"), *[EMPTY] * (columns - 3)]),
    )
    return ReportResult(
        report="base",
        title="Clients",
        parameters=(
            ("Period", label("This month")),
            ("From", day(date(2026, 3, 1))),
            ("Owner", text(NASTY)),
        ),
        tables=(Table("clients", "Clients", tuple(cols), tuple(body), totals),),
        charts=(
            Chart(
                "amounts",
                "Amount",
                ChartKind.BAR,
                tuple(text(n) for n in names[:3]),
                (Series("Amount", (100.0, 250.0, 75.0)),),
            ),
        ),
        generated_at=datetime(2026, 3, 18, 9, 0, tzinfo=UTC),
    )


# ---------------------------------------------------------------------- formatter


def test_cells_are_formatted_per_language() -> None:
    ru_fmt = CellFormatter("ru", ru)
    en = CellFormatter("en")
    assert flat(ru_fmt.money(123_456_750, "RUB")) == "1 234 567,50 ₽"
    assert flat(en.money(123_456_750, "RUB")) == "RUB 1,234,567.50"
    assert flat(en.money(-5_000, "USD")) == "-$50.00"
    assert flat(ru_fmt.money(1_234, "JPY")) == "1 234 ¥"  # no minor units
    assert flat(ru_fmt.number(1_234_567)) == "1 234 567" and en.number(-1_234_567) == "-1,234,567"
    assert flat(ru_fmt.percent(0.256)) == "25,6 %" and en.percent(0.256) == "25.6%"
    assert ru_fmt.percent(None) == en.percent(None) == "—"
    assert ru_fmt.date(date(2026, 3, 5)) == "05.03.2026" and en.date(date(2026, 3, 5)) == "3/5/2026"
    assert ru_fmt.time(time(9, 5)) == "09:05" and flat(en.time(time(9, 5))) == "9:05 AM"
    moment = datetime(2026, 3, 5, 21, 30, tzinfo=UTC)
    assert ru_fmt.datetime(moment, timezone(timedelta(hours=3))) == "06.03.2026 00:30"
    assert ru_fmt.cell(label("Total")) == "Итого" and en.cell(label("Total")) == "Total"
    assert ru_fmt.cell(text("Total")) == "Total"  # user data is never translated
    assert ru_fmt.cell(EMPTY) == "" and ru_fmt.cell(Cell(CellKind.PERCENT)) == "—"


def test_translator_works_without_an_application() -> None:
    from PySide6.QtCore import QCoreApplication

    tr = translator("ru")
    assert tr("No such source text") == "No such source text"
    assert translator("en")("Sales funnel") == "Sales funnel"
    if QCoreApplication.instance() is None:  # no application was needed
        assert tr("Total") in ("Total", "Итого")


# ---------------------------------------------------------------------- PDF


def test_pdf_prints_cyrillic_totals_pages_and_markup_literally(tmp_path: Path) -> None:
    out = export_report(
        clients_result(),
        tmp_path / "r.pdf",
        language="ru",
        translate=ru,
        company="ООО «Тест» & <i>Ко</i>",
    )
    assert out == tmp_path / "r.pdf"
    (page,) = pdf_pages(out)
    for expected in (
        "ООО «Ромашка»",
        NASTY,  # printed literally, not bold markup
        '<img src="/etc/passwd"/> & <font size=40>x</font>',
        "ООО «Тест» & <i>Ко</i>",
        "Клиенты",
        "Итого",
        "9 876 543,21 ₽",  # the total, formatted in Russian
        "1 234 567,50 ₽",
        "05.03.2026",
        "Страница 1 из 1",
    ):
        assert expected in page, expected
    resources: Any = PdfReader(out).pages[0]["/Resources"]
    fonts = {str(f.get_object()["/BaseFont"]) for f in resources["/Font"].values()}
    assert any("DejaVuSans" in f for f in fonts)  # the TTF is embedded (subset)

    en = export_report(clients_result(), tmp_path / "en.pdf", language="en")
    (page,) = pdf_pages(en)
    assert "RUB 9,876,543.21" in page and "Page 1 of 1" in page and "3/5/2026" in page


def _text_boxes(path: Path) -> list[tuple[int, float, float, float]]:
    """(page, left, right, page width) of every text run drawn."""
    boxes: list[tuple[int, float, float, float]] = []
    for number, page in enumerate(PdfReader(path).pages):
        width = float(page.mediabox.width)

        def visit(
            txt: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            number: int = number,
            width: float = width,
        ) -> None:
            if not txt.strip():
                return
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            w = pdfmetrics.stringWidth(txt, "DejaVuSans", size * (tm[0] or 1)) * cm[0]
            boxes.append((number, x, x + w, width))

        page.extract_text(visitor_text=visit)
    return boxes


def test_a_wide_table_turns_the_page_and_stays_inside_it(tmp_path: Path) -> None:
    out = export_report(clients_result(12, columns=14), tmp_path / "wide.pdf", language="ru")
    reader = PdfReader(out)
    for page in reader.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    boxes = _text_boxes(out)
    assert boxes
    for _page, left, right, width in boxes:
        assert left >= 0 and right <= width - 20, (left, right, width)
    narrow = export_report(clients_result(12), tmp_path / "narrow.pdf", language="ru")
    page = PdfReader(narrow).pages[0]
    assert float(page.mediabox.width) < float(page.mediabox.height)  # portrait


def test_a_long_table_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    out = export_report(clients_result(300), tmp_path / "long.pdf", language="ru", translate=ru)
    pages = pdf_pages(out)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Страница {number} из {len(pages)}" in page
    for page in pages[1:]:
        assert "Название" in page and "Сумма" in page  # the header row again
    everything = "\n".join(pages)
    assert all(everything.count(f"Клиент № {i:04d}") == 1 for i in range(3, 300))
    assert everything.index("Клиент № 0100") < everything.index("Клиент № 0200")
    assert "Итого" in pages[-1]


def test_every_report_of_the_base_prints(ws: Workspace, base: Ids, tmp_path: Path) -> None:
    from crm_desktop.domain.kinds import EntityKind
    from crm_desktop.services.reports import ReportParams

    for name in REPORTS:
        params = (
            ReportParams(client_kind=EntityKind.ORGANIZATION, client_id=base.o1)
            if name == "dossier"
            else MARCH
        )
        result = run(name, ws, params, CLOCK)
        for language in ("ru", "en"):
            pages = pdf_pages(export_report(result, tmp_path / f"{name}.pdf", language=language))
            assert pages and pages[-1].rstrip().endswith(f"{len(pages)}"), name
    won = run("won-lost", ws, MARCH, CLOCK)
    page = "\n".join(pdf_pages(export_report(won, tmp_path / "won.pdf", language="ru")))
    assert "Конкурент А" in page and "Борис" in page
    assert "90 000,00 ₽" in page  # won: 9 000 000 minor units
    dossier = run(
        "dossier", ws, ReportParams(client_kind=EntityKind.ORGANIZATION, client_id=base.o1), CLOCK
    )
    text_ = "\n".join(pdf_pages(export_report(dossier, tmp_path / "d.pdf", language="en")))
    assert "ООО «Ромашка»" in text_ and "Петров Пётр" in text_ and "Поставка" in text_


# ---------------------------------------------------------------------- xlsx


def test_xlsx_keeps_numbers_dates_and_text(tmp_path: Path) -> None:
    result = clients_result(5)
    table = result.tables[0]
    formula_rows = (
        (text('=HYPERLINK("http://evil","x")'), *table.rows[0][1:]),
        (text("+7 912 345"), *table.rows[1][1:]),
        (text("@SUM(A1)"), *table.rows[2][1:]),
    )
    result = ReportResult(
        result.report,
        result.title,
        result.parameters,
        (Table(table.id, table.title, table.columns, formula_rows + table.rows[3:], table.totals),),
    )
    out = export_report(result, tmp_path / "r.xlsx", language="ru", translate=ru)
    book = openpyxl.load_workbook(out)
    (sheet,) = book.worksheets
    assert sheet.title == "Клиенты"
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Название")
    assert sheet.freeze_panes == f"A{header_at + 2}"
    assert sheet.cell(header_at + 1, 1).font.b
    body = rows[header_at + 1 : header_at + 1 + 5]
    assert [r[0] for r in body[:3]] == ['=HYPERLINK("http://evil","x")', "+7 912 345", "@SUM(A1)"]
    for r in range(header_at + 2, header_at + 5):
        assert sheet.cell(r, 1).data_type == "s"  # text, never a formula
    records = result.tables[0].records()
    for got, want in zip(body, records, strict=True):
        assert got[1] == want["count"]
        assert round(got[2] * 100) == want["amount"]
        assert got[3] == pytest.approx(want["share"])
        assert got[4].date() == want["day"]
    first = header_at + 2
    assert sheet.cell(first, 3).number_format.startswith("#,##0.00")
    assert sheet.cell(first, 4).number_format == "0.0%"
    total = rows[header_at + 6]
    assert total[0] == "Итого" and total[1] == 5 and round(total[2] * 100) == 987_654_321
    assert sheet.cell(header_at + 7, 2).font.b
    assert ("Owner", NASTY) in [(r[0], r[1]) for r in rows[:header_at]]


def test_xlsx_of_a_report_re_reads_the_same_numbers(
    ws: Workspace, base: Ids, tmp_path: Path
) -> None:
    result = run("won-lost", ws, MARCH, CLOCK)
    out = export_report(result, tmp_path / "won.xlsx", language="en")
    book = openpyxl.load_workbook(out)
    assert len(book.worksheets) == len(result.tables)
    for sheet, table in zip(book.worksheets, result.tables, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        at = next(i for i, r in enumerate(rows) if r[0] == table.columns[0].label)
        for got, want in zip(rows[at + 1 :], table.rows, strict=False):
            for value, cell in zip(got, want, strict=False):
                if cell.kind is CellKind.MONEY:
                    assert round(value * 100) == cell.value
                elif cell.kind in (CellKind.INT, CellKind.TEXT):
                    assert value == cell.value


# ---------------------------------------------------------------------- files


def test_bad_suffix_and_cancel_leave_nothing(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"\.pdf or \.xlsx"):
        export_report(clients_result(), tmp_path / "r.docx", language="en")
    old = tmp_path / "keep.pdf"
    old.write_bytes(b"old")

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    for name in ("keep.pdf", "new.xlsx", "new.pdf"):
        with pytest.raises(Cancelled):
            export_report(clients_result(300), tmp_path / name, language="en", progress=cancel)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.pdf"]
    assert old.read_bytes() == b"old"
    seen: list[tuple[int, int]] = []
    export_report(
        clients_result(300),
        tmp_path / "done.pdf",
        language="en",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen and seen[-1][0] == seen[-1][1] and all(re.match(r"\d", str(d)) for d, _ in seen)


def test_an_unwritable_target_is_a_user_error(tmp_path: Path) -> None:
    folder = tmp_path / "taken.pdf"
    folder.mkdir()  # a folder where the file should go: os.replace fails
    with pytest.raises(UserError, match="is a folder"):
        export_report(clients_result(), folder, language="en")
    with pytest.raises(UserError, match="does not exist"):
        export_report(clients_result(), tmp_path / "nowhere" / "r.pdf", language="en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.pdf"]


def test_the_language_without_qt(monkeypatch: pytest.MonkeyPatch) -> None:
    from crm_desktop.config import resolve_language, system_language

    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert system_language() == "ru"
    assert resolve_language("") == "ru" and resolve_language("en") == "en"
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert system_language() == "en"  # unsupported: English
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert system_language() == "ru"  # "C" says nothing; LANG decides
    assert resolve_language("xx", lambda: "ru") == "ru"
