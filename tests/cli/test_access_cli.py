"""Team mode from the command line: `--user LOGIN` (password from $CRM_PASSWORD), on
every engine. The base is tests/services/test_access.py's: Boris's key client "Key B"
must not reach Anna, Vera or Rita through any command."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from crm_desktop.cli import main
from tests.services.test_access import PASSWORD, Team, team  # noqa: F401 - the fixture

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(team: Team, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Cli:  # noqa: F811
    """Run the CLI in this process on the team base: (exit code, stdout, stderr)."""
    team.ws.close()  # the command opens the base itself
    monkeypatch.setenv("CRM_PASSWORD", PASSWORD)

    def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
        code = main([*args, "--db", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _one_line_error(err: str, text: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crm-desktop: error:"), lines
    assert text in lines[0], lines


def test_team_mode_needs_user(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli("search", "Shared", capsys=capsys)
    assert code == 2 and out == ""
    _one_line_error(err, "team mode: sign in with --user LOGIN")


def test_wrong_password_and_unknown_user(
    cli: Cli, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = cli("--user", "nobody", "search", "Shared", capsys=capsys)
    assert code == 2
    _one_line_error(err, "Wrong login or password, or the user is blocked.")
    monkeypatch.setenv("CRM_PASSWORD", "not it")
    code, _, err = cli("search", "Shared", "--user", "anna", capsys=capsys)
    assert code == 2
    _one_line_error(err, "Wrong login or password")


@pytest.mark.parametrize(
    ("login", "sees_key"), [("anna", False), ("rita", False), ("boris", True), ("owner", True)]
)
def test_search_obeys_the_rights(
    cli: Cli, capsys: pytest.CaptureFixture[str], login: str, sees_key: bool
) -> None:
    code, out, err = cli("--user", login, "search", "Key", capsys=capsys)
    assert code == 0, err
    titles = {line.split("\t")[2] for line in out.splitlines()}
    assert ("Key B" in titles) is sees_key
    assert ("Key deal" in titles) is sees_key
    code, out, _ = cli("--user", login, "search", "Shared", capsys=capsys)
    assert "Shared B" in out


@pytest.mark.parametrize(
    ("login", "allowed"), [("anna", True), ("max", False), ("vera", False), ("rita", False)]
)
def test_export_obeys_the_rights(
    cli: Cli, capsys: pytest.CaptureFixture[str], tmp_path: Path, login: str, allowed: bool
) -> None:
    out_file = tmp_path / "deals.csv"
    code, _, err = cli(
        "export",
        "deals",
        "--out",
        str(out_file),
        "--language",
        "en",
        "--user",
        login,
        capsys=capsys,
    )
    if not allowed:
        assert code == 2 and not out_file.exists()
        _one_line_error(err, "export")
        return
    assert code == 0, err
    titles = {row[0] for row in csv.reader(out_file.read_text(encoding="utf-8-sig").splitlines())}
    assert "Shared deal" in titles and "Key deal" not in titles


@pytest.mark.parametrize(("login", "allowed"), [("anna", True), ("rita", False)])
def test_report_file_obeys_the_rights(
    cli: Cli, capsys: pytest.CaptureFixture[str], tmp_path: Path, login: str, allowed: bool
) -> None:
    out_file = tmp_path / "funnel.xlsx"
    code, _, err = cli("--user", login, "report", "funnel", "--out", str(out_file), capsys=capsys)
    assert (code == 0) is allowed, err
    assert out_file.exists() is allowed


@pytest.mark.parametrize(("login", "allowed"), [("anna", True), ("vera", False)])
def test_import_obeys_the_rights(
    cli: Cli, capsys: pytest.CaptureFixture[str], tmp_path: Path, login: str, allowed: bool
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("Организация,Город\nImported Co,Town\n", encoding="utf-8")
    code, _, err = cli("--user", login, "import", str(src), capsys=capsys)
    assert (code == 0) is allowed, err
    if not allowed:
        _one_line_error(err, "import")
    code, out, _ = cli("--user", "owner", "search", "Imported", capsys=capsys)
    assert ("Imported Co" in out) is allowed


def test_user_in_solo_mode_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "solo.sqlite3")
    assert main(["demo", "--persons", "5", "--db", db]) == 0
    capsys.readouterr()
    assert main(["search", "x", "--db", db, "--user", "anna"]) == 2
    _one_line_error(capsys.readouterr().err, "not in team mode")
