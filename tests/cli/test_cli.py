"""The command line, run as a user runs it (a child process where exit codes matter)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crm_desktop.cli import main
from crm_desktop.config import AppPaths, Settings
from crm_desktop.services import contacts, search
from crm_desktop.services.dto import EmailInput, OrganizationInput, PersonInput, PhoneInput
from crm_desktop.services.server import ServerSettings, store_server
from crm_desktop.services.workspace import Workspace
from tests.conftest import _empty_postgres


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in (
        "demo",
        "phones",
        "search",
        "export",
        "check",
        "screenshot",
        "gui",
        "import",
        "undo-import",
        "imports",
        "backup",
        "backups",
        "restore",
    ):
        assert command in out


def test_phones_prints_tsv_one_line_per_number() -> None:
    cells = "8 (912) 345-67-89\n+7 495 123-45-67 доб. 12, 8 916 000 11 22\n610-96-48\n\nнет\n"
    result = run("phones", stdin=cells)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1\t8 (912) 345-67-89\t+79123456789\t\tok",
        "2\t+7 495 123-45-67 доб. 12\t+74951234567\t12\tok",
        "2\t8 916 000 11 22\t+79160001122\t\tok",
        "3\t610-96-48\t\t\tinvalid",
        "4\t\t\t\tempty",
        "5\tнет\t\t\tempty",
    ]


def test_phones_reads_a_file_with_region(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text("050 123 4567\n", encoding="utf-8")
    result = run("phones", str(source), "--region", "UA")
    assert result.stdout == "1\t050 123 4567\t+380501234567\t\tok\n"


def test_phones_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = run("phones", str(tmp_path / "nope.txt"))
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "Cannot read" in result.stderr


@pytest.fixture
def small_base(tmp_path: Path) -> Path:
    path = tmp_path / "crm.sqlite3"
    ws = Workspace.open(str(path), create=True)
    try:
        org = contacts.create_organization(
            ws,
            OrganizationInput(
                name="ООО «Ромашка»",
                inn="7707083893",
                phones=[PhoneInput("+7 495 123-45-67 доб. 12")],
                emails=[EmailInput("info@romashka.ru")],
                tags=["VIP"],
            ),
        )
        contacts.create_person(
            ws,
            PersonInput(
                full_name="Иванов Иван",
                organization_id=org.id,
                position="Директор",
                phones=[PhoneInput("8 912 345 67 89")],
            ),
        )
        contacts.create_person(
            ws, PersonInput(full_name="Частный Клиент", emails=[EmailInput("client@mail.ru")])
        )
    finally:
        ws.close()
    return path


def test_search_text_and_json(small_base: Path) -> None:
    result = run("search", "912 345", "--db", str(small_base))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "person\t1\tИванов Иван\tДиректор, ООО «Ромашка»\tphone_fragment"
    ]
    result = run("search", "romashka", "--db", str(small_base), "--json", "--limit", "5")
    hits = json.loads(result.stdout)
    assert {(h["kind"], h["id"]) for h in hits} == {("organization", 1)}


def test_db_and_data_dir_given_before_the_command_are_kept(small_base: Path) -> None:
    data = small_base.parent / "data"
    result = run("--db", str(small_base), "--data-dir", str(data), "search", "Иванов")
    assert result.returncode == 0, result.stderr
    assert "Иванов Иван" in result.stdout


def test_search_uses_environment_database(small_base: Path) -> None:
    result = run("search", "Иванов", env={"CRM_DATABASE_URL": str(small_base)})
    assert result.returncode == 0 and "Иванов Иван" in result.stdout


def _settings_name_a_server(data: Path, server: ServerSettings) -> None:
    """The settings of `data` say (as *Use this server* leaves them): open `server`."""
    paths = AppPaths.resolve(str(data))
    store_server(Settings.load(paths.settings_file), paths, server, enabled=True)


def test_without_db_commands_use_the_server_the_settings_connect_to(
    small_base: Path, tmp_path: Path
) -> None:
    """Like the app at start: a command without --db goes to the settings' server (here
    one that does not answer: a one-line error, and no local base is made); --db and
    CRM_DATABASE_URL still win."""
    data = tmp_path / "data"
    _settings_name_a_server(data, ServerSettings(host="127.0.0.1", port=1, connect_timeout=2))
    for command in (["search", "x"], ["imports"], ["export", "--out", "-"]):
        result = run(*command, "--data-dir", str(data))
        assert result.returncode != 0
        assert result.stderr.count("\n") == 1 and "127.0.0.1" in result.stderr, result.stderr
    assert not AppPaths.resolve(str(data)).default_database.exists()
    result = run("search", "Иванов", "--data-dir", str(data), "--db", str(small_base))
    assert result.returncode == 0 and "Иванов Иван" in result.stdout
    result = run(
        "search", "Иванов", "--data-dir", str(data), env={"CRM_DATABASE_URL": str(small_base)}
    )
    assert result.returncode == 0 and "Иванов Иван" in result.stdout


@pytest.mark.skipif(not os.environ.get("CRM_TEST_POSTGRES_URL"), reason="no PostgreSQL")
def test_an_import_without_db_lands_on_the_settings_server(
    postgres_url: str, tmp_path: Path
) -> None:
    _empty_postgres(postgres_url)
    Workspace.open(postgres_url, create=True).close()  # the team's base, schema made
    data = tmp_path / "data"
    _settings_name_a_server(data, ServerSettings.from_url(postgres_url))
    source = tmp_path / "people.csv"
    source.write_text("ФИО;Телефон\nПетров Пётр;8 916 123-45-67\n", encoding="utf-8")
    result = run("import", str(source), "--json", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["persons_created"] == 1
    assert not AppPaths.resolve(str(data)).default_database.exists()
    with Workspace.open(postgres_url) as ws:
        assert [h.title for h in search.search(ws, "Петров")] == ["Петров Пётр"]


def test_export_json_shape(small_base: Path, tmp_path: Path) -> None:
    out = tmp_path / "base.json"
    result = run("export", "--format", "json", "--out", str(out), "--db", str(small_base))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    (org,) = data["organizations"]
    assert org["name"] == "ООО «Ромашка»" and org["inn"] == "7707083893"
    assert org["phones"][0] | {} == org["phones"][0]
    assert {k: org["phones"][0][k] for k in ("raw", "e164", "extension")} == {
        "raw": "+7 495 123-45-67 доб. 12",
        "e164": "+74951234567",
        "extension": "12",
    }
    assert org["emails"] == ["info@romashka.ru"] and org["tags"] == ["VIP"]
    (person,) = org["persons"]
    assert (person["full_name"], person["position"]) == ("Иванов Иван", "Директор")
    assert person["phones"][0]["e164"] == "+79123456789"
    (private,) = data["persons_without_organization"]
    assert private["emails"] == ["client@mail.ru"]
    stdout = run("export", "--out", "-", "--db", str(small_base))
    assert json.loads(stdout.stdout) == data


def test_check_passes_on_a_sound_base(small_base: Path) -> None:
    result = run("check", "--db", str(small_base))
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(line.startswith("ok\t") for line in result.stdout.splitlines())


def test_check_finds_a_stale_search_index(small_base: Path) -> None:
    con = sqlite3.connect(small_base)
    con.execute("DELETE FROM search_docs WHERE entity_kind = 'person'")
    con.commit()
    con.close()
    result = run("check", "--db", str(small_base))
    assert result.returncode == 1
    assert "PROBLEM\tsearch index\t1 of 3 live cards indexed" in result.stdout


@pytest.mark.parametrize("command", [["search", "x"], ["export", "--out", "-"], ["check"]])
def test_bad_db_is_one_line_error_and_nothing_written(tmp_path: Path, command: list[str]) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("just text\n", encoding="utf-8")
    missing = tmp_path / "missing.sqlite3"
    for target, fragment in ((text_file, "not a CRM Desktop database"), (missing, "no database")):
        before = sorted(tmp_path.iterdir())
        result = run(*command, "--db", str(target))
        assert result.returncode != 0
        assert result.stderr.count("\n") == 1, result.stderr
        assert fragment in result.stderr
        assert sorted(tmp_path.iterdir()) == before
    assert text_file.read_text(encoding="utf-8") == "just text\n"


def test_newer_schema_is_refused(small_base: Path) -> None:
    con = sqlite3.connect(small_base)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    result = run("search", "x", "--db", str(small_base))
    assert result.returncode == 5
    assert "newer version of CRM Desktop" in result.stderr and result.stderr.count("\n") == 1


def test_locked_base_is_refused_with_one_line(small_base: Path) -> None:
    con = sqlite3.connect(small_base, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("BEGIN EXCLUSIVE")
    try:
        result = run("search", "x", "--db", str(small_base), env={"CRM_BUSY_TIMEOUT_MS": "200"})
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert result.returncode == 4
    assert "locked by another program" in result.stderr and result.stderr.count("\n") == 1
