"""`crm-desktop export …` and `import --report`, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.test_cli import run, small_base  # noqa: F401 - the fixture
from tests.cli.test_import_cli import ROWS
from tests.importing.builders import xlsx


def _one_line_error(result: object, text: str) -> None:
    assert result.returncode != 0  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith("crm-desktop: error:"), lines
    assert text in lines[0], lines


def test_export_each_kind_and_format(small_base: Path, tmp_path: Path) -> None:  # noqa: F811
    db = ["--db", str(small_base)]
    out = tmp_path / "contacts.xlsx"
    result = run("export", "--format", "xlsx", "--out", str(out), "--language", "ru", *db)
    assert result.returncode == 0, result.stderr
    assert f"Exported 2 contacts rows to {out}" in result.stderr
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "Фамилия" and sheet["A2"].value == "Иванов"

    out = tmp_path / "orgs.csv"  # the format from the extension
    result = run(
        "export", "contacts", "--organizations-only", "--out", str(out), "--language", "en", *db
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["Organization", "INN"] and rows[1][:2] == ["ООО «Ромашка»", "7707083893"]
    assert len(rows) == 2

    out = tmp_path / "people.vcf"
    result = run("export", "--format", "vcf", "--out", str(out), *db)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").count("BEGIN:VCARD") == 2

    for what in ("deals", "tasks"):
        out = tmp_path / f"{what}.csv"
        result = run("export", what, "--format", "csv", "--out", str(out), "--language", "ru", *db)
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")

    out = tmp_path / "base.json"  # the foundation's export is unchanged
    result = run("export", "--out", str(out), *db)
    assert result.returncode == 0, result.stderr
    assert (
        json.loads(out.read_text(encoding="utf-8"))["organizations"][0]["name"] == "ООО «Ромашка»"
    )


def test_wrong_combinations_and_places_fail_in_one_line(
    small_base: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    db = ["--db", str(small_base)]
    _one_line_error(
        run("export", "deals", "--format", "vcf", "--out", str(tmp_path / "d.vcf"), *db),
        "deals cannot be exported as vcf",
    )
    _one_line_error(
        run("export", "deals", "--out", str(tmp_path / "d.vcf"), *db), "deals cannot be exported"
    )
    _one_line_error(
        run("export", "tasks", "--organizations-only", "--out", str(tmp_path / "t.csv"), *db),
        "--organizations-only",
    )
    _one_line_error(run("export", "--format", "xlsx", "--out", str(tmp_path), *db), "is a folder")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    _one_line_error(
        run("export", "--format", "csv", "--out", str(blocker / "x.csv"), *db), "does not exist"
    )
    _one_line_error(run("export", "--format", "json", "--out", str(tmp_path), *db), "is a folder")
    _one_line_error(run("export", "--format", "xlsx", "--out", "-", *db), "--out -")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.sqlite3", "file.txt"]


def test_import_report(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite3"
    source = xlsx(tmp_path / "clients.xlsx", [*ROWS, ["", "", "", "", "", "лишнее"]])
    report = tmp_path / "report.xlsx"
    result = run("import", str(source), "--db", str(db), "--report", str(report), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    book = load_workbook(report)
    problems, totals = book.worksheets
    rows = [[c.value for c in row] for row in problems.iter_rows()]
    assert rows[0][:5] == ["Row", "Kind of problem", "Field", "Code", "Problem"]
    assert rows[0][5:10] == ROWS[0]  # the file's own headers over its original cells
    warning = next(r for r in rows[1:] if r[3] == "email_invalid")
    assert warning[0] == 3 and warning[1] == "Warning" and warning[2] == "email"
    assert [v or "" for v in warning[5:10]] == ROWS[2]
    assert len(rows) - 1 == len(summary["rejected"]) + len(summary["warnings"])
    counts = {r[0].value: r[1].value for r in totals.iter_rows(min_row=2)}
    assert counts["Persons created"] == summary["persons_created"] == 2
    assert counts["Import number"] == summary["import_id"]
    assert counts["Rows read"] == summary["rows_read"]


def test_import_report_to_a_folder_fails_before_importing(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite3"
    source = xlsx(tmp_path / "clients.xlsx", ROWS)
    result = run("import", str(source), "--db", str(db), "--report", str(tmp_path))
    _one_line_error(result, "is a folder")
    assert not db.exists()
