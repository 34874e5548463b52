"""`crm-desktop import`, `imports` and `undo-import`, run as a user runs them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.test_cli import run
from tests.importing.builders import xlsx

ROWS = [
    ["ФИО", "Компания", "ИНН", "Телефон", "Email"],
    ["Петров Пётр Иванович", "ООО «Ромашка»", "7707083893", "+7 912 345-67-89", "p@romashka.ru"],
    ["Сидорова Анна", "ООО «Ромашка»", "", "8 912 000 11 22", "bad@@mail"],
    ["", "", "", "", ""],
    ["", "", "", "", ""],
    ["", "Отдел", "", "", ""],
]


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_import_json_then_list_then_undo(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite3"
    path = xlsx(tmp_path / "clients.xlsx", ROWS)
    missing = run("import", str(path), "--db", str(db), "--dry-run")
    assert missing.returncode == 3 and not db.exists()  # a dry run creates no base

    result = run("import", str(path), "--db", str(db), "--json", "--on-duplicate", "merge")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["rows_read"] == 3
    assert summary["organizations_created"] == 2  # Ромашка, Отдел
    assert summary["persons_created"] == 2 and summary["persons_matched"] == 0
    assert summary["warnings"] == [
        {
            "row": 3,
            "field": "email",
            "code": "email_invalid",
            "message": summary["warnings"][0]["message"],
        }
    ]
    assert _count(db, "persons") == 2

    dry = run("import", str(path), "--db", str(db), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    preview = json.loads(dry.stdout)
    assert preview["import_id"] is None and preview["dry_run"] is True
    assert preview["persons_created"] == 0 and preview["persons_matched"] == 2
    assert preview["organizations_matched"] == 2 and preview["warnings"] == summary["warnings"]
    assert _count(db, "change_sets") == 1

    again = run("import", str(path), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "0 persons new, 2 matched (merge)" in again.stdout
    assert "warning\t3\temail\temail_invalid" in again.stdout

    listed = run("imports", "--db", str(db), "--json")
    assert listed.returncode == 0, listed.stderr
    batches = json.loads(listed.stdout)
    assert [b["import_id"] for b in batches] == [summary["import_id"] + 1, summary["import_id"]]
    tsv = run("imports", "--db", str(db)).stdout.splitlines()
    assert tsv[0].split("\t")[2:4] == ["done", "clients.xlsx"]

    for batch in batches:
        undone = run("undo-import", str(batch["import_id"]), "--db", str(db))
        assert undone.returncode == 0, undone.stderr
    assert _count(db, "persons") == _count(db, "organizations") == 0
    assert _count(db, "search_docs") == 0
    twice = run("undo-import", str(summary["import_id"]), "--db", str(db))
    assert twice.returncode == 2 and "already been undone" in twice.stderr


def test_bad_file_is_one_line_exit_2_and_base_untouched(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite3"
    good = xlsx(tmp_path / "ok.xlsx", ROWS)
    assert run("import", str(good), "--db", str(db)).returncode == 0
    before = _count(db, "persons")
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    for args in (
        [str(bad)],
        [str(tmp_path / "missing.csv")],
        [str(good), "--mapping", "Нет такого"],
        [str(good), "--sheet", "Лист9"],
    ):
        result = run("import", *args, "--db", str(db))
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("crm-desktop: error:")
        assert result.stdout == ""
    assert _count(db, "persons") == before
    assert _count(db, "change_sets") == 1
    unknown = run("undo-import", "99", "--db", str(db))
    assert unknown.returncode == 2 and "does not exist" in unknown.stderr


def test_mapping_file_and_region(tmp_path: Path) -> None:
    db = tmp_path / "crm.sqlite3"
    profile = tmp_path / "map.json"
    profile.write_text(
        json.dumps(
            {
                "version": 1,
                "name": "мой",
                "columns": {"клиент": {"field": "full_name"}, "номер": {"field": "phone"}},
            }
        ),
        encoding="utf-8",
    )
    path = xlsx(tmp_path / "x.xlsx", [["Клиент", "Номер"], ["Орлов Игорь", "050 123 4567"]])
    result = run(
        "import", str(path), "--db", str(db), "--mapping", str(profile), "--region", "UA", "--json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["persons_created"] == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT e164 FROM phones").fetchall() == [("+380501234567",)]
