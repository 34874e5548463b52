"""`crm-desktop report NAME … --out FILE` on the hand-built base of test_reports.py."""

# ruff: noqa: F811  (the `base` fixture of test_reports.py, imported, is a parameter name)
from __future__ import annotations

import re
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from pypdf import PdfReader

from crm_desktop.cli import main
from crm_desktop.config import AppPaths, Settings
from crm_desktop.services.reports import REPORTS, RelativePeriod, ReportParams
from crm_desktop.services.reports.templates import find_template, save_template
from crm_desktop.services.workspace import Workspace
from tests.services.test_reports import Ids, base  # noqa: F401 (fixture)


@pytest.fixture
def db(ws: Workspace, base: Ids, db_url: str, tmp_path: Path) -> str:
    """The hand-built base, closed so that the command can open it; settings saved."""
    save_template(ws, "Март", "won-lost", ReportParams(date_from=_d(3, 1), date_to=_d(3, 31)))
    ws.close()
    Settings(company_name="ООО «Тест» & <Ко>", language="ru").save(
        AppPaths.resolve(tmp_path / "data").settings_file
    )
    return db_url


def _d(month: int, day: int):  # type: ignore[no-untyped-def]
    from datetime import date

    return date(2026, month, day)


def report(tmp_path: Path, *args: str) -> int:
    return main(["report", *args, "--data-dir", str(tmp_path / "data")])


def pdf_text(path: Path) -> str:
    text = "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_every_report_through_the_command_line(
    db: str,
    base: Ids,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in REPORTS:
        out = tmp_path / f"{name}.pdf"
        extra = ["--client", str(base.o1)] if name == "dossier" else []
        code = report(
            tmp_path,
            name,
            "--db",
            db,
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            *extra,
            "--out",
            str(out),
        )
        printed = capsys.readouterr()
        assert code == 0, printed.err
        assert printed.out.strip() == str(out)
        text = pdf_text(out)
        assert "ООО «Тест» & <Ко>" in text  # the company from the settings, literally
        assert re.search(r"(Page|Страница) 1 (of|из) \d", text)
    assert "Договор" in pdf_text(tmp_path / "forecast.pdf")
    assert "ООО «Ромашка»" in pdf_text(tmp_path / "dossier.pdf")
    assert "90 000,00 ₽" in pdf_text(tmp_path / "won-lost.pdf")  # Russian, from the settings

    out = tmp_path / "won.xlsx"
    code = report(
        tmp_path,
        "won-lost",
        "--db",
        db,
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--owner",
        "boris",
        "--language",
        "en",
        "--out",
        str(out),
    )
    assert code == 0, capsys.readouterr().err
    rows = list(openpyxl.load_workbook(out).worksheets[1].iter_rows(values_only=True))
    assert ("Борис", 1, 50_000) in [r[:3] for r in rows]  # won by owner: Борис only
    assert "Анна" not in [r[0] for r in rows]

    person = tmp_path / "person.pdf"
    assert (
        report(
            tmp_path,
            "dossier",
            "--db",
            db,
            "--client",
            str(base.p1),
            "--person",
            "--language",
            "en",
            "--out",
            str(person),
        )
        == 0
    )
    assert "Петров Пётр" in pdf_text(person)


def test_bad_input_is_one_line_and_a_non_zero_exit(
    db: str,
    base: Ids,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = str(tmp_path / "x.pdf")
    cases = {
        ("dossier",): "needs --client",
        ("funnel", "--owner", "nobody"): "no user “nobody”",
        ("funnel", "--pipeline", "Нет такой"): "no pipeline “Нет такой”",
        ("--template", "Нет такого"): "no report template named “Нет такого”",
        ("funnel", "--template", "Март"): "is a won-lost report",
        ("funnel", "--from", "2026-04-01", "--to", "2026-03-01"): "ends before it starts",
        ("dossier", "--client", "999"): "",
    }
    for args, message in cases.items():
        code = report(tmp_path, *args, "--db", db, "--out", out)
        err = capsys.readouterr().err
        assert code != 0, args
        assert len(err.strip().splitlines()) == 1 and message in err, (args, err)
    assert report(tmp_path, "funnel", "--db", db, "--out", str(tmp_path / "x.docx")) == 2
    assert not list(tmp_path.glob("x.*"))


def test_templates_save_and_rerun(
    db: str,
    base: Ids,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "march.pdf"
    assert report(tmp_path, "--template", "Март", "--db", db, "--out", str(out)) == 0
    text = pdf_text(out)
    assert "Конкурент А" in text and "01.03.2026" in text and "31.03.2026" in text

    saved = tmp_path / "saved.pdf"
    code = report(
        tmp_path,
        "activity",
        "--db",
        db,
        "--period",
        "last_week",
        "--owner",
        "anna",
        "--save-template",
        "Неделя Анны",
        "--out",
        str(saved),
    )
    assert code == 0, capsys.readouterr().err
    with Workspace.open(db, paths=AppPaths.resolve(tmp_path / "data")) as ws:
        template = find_template(ws, "неделя анны")
    assert template.report == "activity"
    assert (
        template.params.relative is RelativePeriod.LAST_WEEK and template.params.date_from is None
    )
    assert template.params.owner_ids == (base.anna,)

    again = tmp_path / "again.xlsx"
    assert report(tmp_path, "--template", "Неделя Анны", "--db", db, "--out", str(again)) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(again)
    assert openpyxl.load_workbook(again).worksheets
