"""`crm-desktop backup | backups | restore`, run as a user runs them, and a crash test."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from crm_desktop.config import AppPaths
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import backup as files
from crm_desktop.storage.lock import lock_path
from tests.cli.test_cli import run


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return files.table_counts(con)
    finally:
        con.close()


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "crm.sqlite3"
    with Workspace.open(str(path), paths=AppPaths.resolve(tmp_path / "data"), create=True) as ws:
        generate_demo(ws, DemoSpec(persons=80, seed=5))
    return path


def test_help_lists_the_backup_commands() -> None:
    result = run("--help")
    for command in ("backup", "backups", "restore"):
        assert command in result.stdout


def test_backup_list_restore_round_trip(base: Path, tmp_path: Path) -> None:
    made = run("backup", "--db", str(base))
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Backup ") and "80 persons" in made.stdout
    assert "verified" in made.stdout
    listed = run("backups", "--db", str(base), "--json")
    assert listed.returncode == 0, listed.stderr
    (entry,) = json.loads(listed.stdout)
    assert entry["label"] == "manual" and entry["verified"] and entry["counts"]["persons"] == 80
    saved = Path(entry["path"])
    assert saved.parent == tmp_path / "data" / "backups"

    with Workspace.open(str(base), paths=AppPaths.resolve(tmp_path / "data")) as ws:
        generate_demo_more(ws)
    changed = _counts(base)

    refused = run("restore", str(saved), "--db", str(base))  # no terminal, no --yes
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert _counts(base) == changed

    done = run("restore", str(saved), "--db", str(base), "--yes")
    assert done.returncode == 0, done.stderr
    assert "80 persons" in done.stdout and "before-restore" in done.stdout
    assert _counts(base) == entry["counts"]

    rows = run("backups", "--db", str(base)).stdout.splitlines()
    assert len(rows) == 2
    fields = rows[0].split("\t")  # newest first: the backup of the replaced base
    assert fields[1] == "before-restore" and fields[4] == "verified"
    assert f"persons={changed['persons']}" in fields[3]
    assert run("check", "--db", str(base)).returncode == 0


def generate_demo_more(ws: Workspace) -> None:
    from crm_desktop.services import contacts
    from crm_desktop.services.dto import PersonInput

    for i in range(4):
        contacts.create_person(ws, PersonInput(full_name=f"Соколова Анна {i}"))


def test_backup_to_a_folder_while_the_app_has_the_base_open(base: Path, tmp_path: Path) -> None:
    with Workspace.open(str(base), paths=AppPaths.resolve(tmp_path / "data")):
        assert lock_path(base).exists()
        result = run("backup", "--db", str(base), "--to", str(tmp_path / "usb"))
    assert result.returncode == 0, result.stderr
    (made,) = (tmp_path / "usb").glob("*.sqlite3")
    assert _counts(made)["persons"] == 80


HOLD = textwrap.dedent(
    """
    import sys
    from crm_desktop.services.workspace import Workspace
    ws = Workspace.open(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()
    """
)


def test_restore_while_another_program_holds_the_base_exits_4(base: Path, tmp_path: Path) -> None:
    saved = files.make_sqlite_backup(base, tmp_path / "bk", "manual")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(base)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = run("restore", str(saved.path), "--db", str(base), "--yes")
        assert result.returncode == 4
        assert result.stderr.count("\n") == 1 and "open in another CRM Desktop" in result.stderr
        second = run("demo", "--db", str(base), "--persons", "1")
        assert second.returncode == 4 and "read-only" in second.stderr
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_a_damaged_base_exits_6_and_names_the_backup(base: Path, tmp_path: Path) -> None:
    assert run("backup", "--db", str(base)).returncode == 0
    con = sqlite3.connect(base)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    page = con.execute(
        "SELECT max(pageno) FROM dbstat WHERE name = 'persons' AND pagetype = 'leaf'"
    ).fetchone()[0]
    con.close()
    with base.open("r+b") as fh:
        fh.seek((page - 1) * page_size + 8)
        fh.write(b"\xff")
    result = run("check", "--db", str(base))
    assert result.returncode == 6
    assert "damaged" in result.stderr and "crm-desktop restore" in result.stderr
    assert run("backups", "--db", str(base)).returncode == 0  # listing needs no open


def test_restore_of_a_missing_file_is_one_line(base: Path, tmp_path: Path) -> None:
    result = run("restore", str(tmp_path / "nope.sqlite3"), "--db", str(base), "--yes")
    assert result.returncode == 2 and result.stderr.count("\n") == 1


SLOW_BACKUP = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from crm_desktop.storage.backup import make_sqlite_backup
    print("started", flush=True)
    make_sqlite_backup(
        Path(sys.argv[1]), Path(sys.argv[2]), "manual",
        pages_per_step=16, progress=lambda *a: time.sleep(0.002),
    )
    print("done", flush=True)
    """
)


def _backup_child(path: Path, dest: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_BACKUP, str(path), str(dest)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started"
    return child


@pytest.mark.slow
def test_a_backup_killed_at_random_points_never_leaves_a_partial_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "crm.sqlite3"
    with Workspace.open(str(path), paths=AppPaths.resolve(tmp_path / "data"), create=True) as ws:
        generate_demo(ws, DemoSpec(persons=1500, seed=9))
    source = _counts(path)
    dest = tmp_path / "backups"
    whole = _backup_child(path, tmp_path / "timing")
    started = time.perf_counter()
    assert whole.wait(timeout=60) == 0
    duration = time.perf_counter() - started  # the kills fall anywhere in such a run
    rng = random.Random(20261123)
    killed_mid_copy = 0
    leftovers: set[str] = set()
    for _ in range(20):
        child = _backup_child(path, dest)
        time.sleep(rng.uniform(0.0, duration))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        partials = {p.name for p in dest.glob(".*.partial")} if dest.is_dir() else set()
        killed_mid_copy += bool(partials - leftovers)
        leftovers |= partials
        for final in dest.glob("*.sqlite3") if dest.is_dir() else []:
            info = files.read_backup_info(final)
            assert info is not None and info.verified, final
            assert _counts(final) == source
            con = sqlite3.connect(f"file:{final}?mode=ro", uri=True)
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            con.close()
    finished = len(list(dest.glob("*.sqlite3"))) if dest.is_dir() else 0
    print(f"killed mid-copy {killed_mid_copy}, completed {finished}, of 20")
    assert killed_mid_copy >= 5  # the kills really hit copies in progress
    assert files.sweep_leftovers(dest, age=0) >= len(leftovers) >= killed_mid_copy
    assert not [p for p in dest.iterdir() if p.name.startswith(".")]
    assert not lock_path(path).exists()  # a backup takes no write lock
    check = run("check", "--db", str(path))
    assert check.returncode == 0, check.stdout + check.stderr
