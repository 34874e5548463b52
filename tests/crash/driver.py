"""Crash tests: SIGKILL an import, a merge and a backup at random moments (issue 9).

Each operation runs in a child process (`crm-desktop import|backup`, or `merge_child`)
on a copy of one base, and is killed at a moment drawn uniformly from [0, the
duration of a complete run] (a seeded RNG; the seed is printed). After every kill:

* `crm-desktop check` exits 0 (integrity, foreign keys, schema, search index);
* the base is exactly the base before the operation or exactly the base after a
  complete run (`fingerprint`: each table's row count, the owner of every row that
  belongs to a card, the live cards, the change sets by kind and status);
* every file under a final backup name is a verified, sound backup (partial copies
  only under temporary '.' names, which the next backup ignores and the sweep removes).

Then the pre-operation copy is put back (a file copy, no re-import) for the next round.
Sizes: CRM_CRASH_ROWS (default 5,000) rows in the import file, CRM_CRASH_ROUNDS
(default 3) kills per operation, CRM_CRASH_SEED to replay a run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from crm_desktop.config import AppPaths
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import backup as files
from crm_desktop.storage.lock import lock_path
from tests.benchmarks.bench_import_read import _cached_file

ROOT = Path(__file__).resolve().parents[2]
ROWS_ENV, ROUNDS_ENV, SEED_ENV = "CRM_CRASH_ROWS", "CRM_CRASH_ROUNDS", "CRM_CRASH_SEED"
Fingerprint = dict[str, Any]


def sizes() -> tuple[int, int, int]:
    """(rows, rounds, seed) from the environment; a fresh seed unless one is given."""
    rows = int(os.environ.get(ROWS_ENV) or 5_000)
    rounds = int(os.environ.get(ROUNDS_ENV) or 3)
    seed = int(os.environ.get(SEED_ENV) or random.SystemRandom().randrange(1 << 31))
    return rows, rounds, seed


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "crm_desktop", *args]


def run_check(db: Path, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli("check", "--db", str(db), "--data-dir", str(data)),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
    )


# --- the state of a base ---------------------------------------------------------------------


def _digest(rows: list[tuple[Any, ...]]) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def fingerprint(db: Path) -> Fingerprint:
    """What an operation changes, comparable between two copies of the same base.

    Every table's row count; for each table with a card owner column, the row count
    per owner; the live (not trashed) ids of each card table; change sets by kind and
    status. Ids are assigned the same way on every run, timestamps are left out.
    """
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out: Fingerprint = {}
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%' ORDER BY name"
            )
        ]
        for table in tables:
            columns = {r[1] for r in con.execute(f'PRAGMA table_info("{table}")')}
            out[table] = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for owner in ("organization_id", "person_id"):
                if owner in columns:
                    rows = con.execute(
                        f'SELECT {owner}, count(*) FROM "{table}" GROUP BY 1 ORDER BY 1'
                    ).fetchall()
                    out[f"{table}.{owner}"] = _digest(rows)
            if "deleted_at" in columns:
                live = con.execute(
                    f'SELECT id FROM "{table}" WHERE deleted_at IS NULL ORDER BY id'
                ).fetchall()
                out[f"{table}.live"] = _digest(live)
        out["change_sets.kinds"] = con.execute(
            "SELECT kind, status, count(*) FROM change_sets GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
        return out
    finally:
        con.close()


def differences(a: Fingerprint, b: Fingerprint) -> dict[str, tuple[Any, Any]]:
    return {k: (a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)}


# --- backups -----------------------------------------------------------------------------------


@dataclass
class BackupFolder:
    """A backup folder watched across rounds: final names verified once each."""

    path: Path
    verified: set[str] = field(default_factory=set)

    def finals(self) -> set[str]:
        if not self.path.is_dir():
            return set()
        return {
            p.name
            for p in self.path.iterdir()
            if not p.name.startswith(".") and p.name.endswith(files.SQLITE_SUFFIX)
        }

    def temporaries(self) -> set[str]:
        if not self.path.is_dir():
            return set()
        return {p.name for p in self.path.iterdir() if p.name.startswith(".")}

    def assert_sound(self) -> set[str]:
        """Every backup under a final name passes verification; return the new ones."""
        new = self.finals() - self.verified
        for name in sorted(new):
            path = self.path / name
            info = files.read_backup_info(path)
            assert info is not None and info.verified, f"unverified backup {path}"
            files.verify_backup(path)  # integrity_check and counts against the sidecar
        listed = {b.path.name for b in files.list_backups(self.path)}
        assert listed == self.finals(), (listed, self.finals())  # temporaries are ignored
        self.verified |= new
        return new


# --- one operation, killed again and again ------------------------------------------------------


@dataclass
class Scenario:
    """An operation on a base, with the base before it and after a complete run."""

    name: str
    db: Path
    data: Path
    pristine: Path  # the base before the operation (checkpointed, no -wal)
    command: list[str]
    backups: list[BackupFolder]
    before: Fingerprint = field(default_factory=dict)
    after: Fingerprint = field(default_factory=dict)
    duration: float = 0.0
    keep_after: Path | None = None  # where `measure` saves the base after a complete run
    # extra present/absent evidence from the backup folders (backup: one new file)
    judge_backups: Callable[[set[str]], str | None] | None = None


@dataclass
class Outcome:
    operation: str
    rounds: int = 0
    kills: int = 0  # rounds whose child was killed (not finished before the kill)
    present: int = 0
    absent: int = 0
    partial_backups_left: int = 0  # temporary copies left by a kill (allowed)
    kill_seconds: list[float] = field(default_factory=list)
    duration: float = 0.0
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "rounds": self.rounds,
            "kills": self.kills,
            "present": self.present,
            "absent": self.absent,
            "partial_backup_temporaries": self.partial_backups_left,
            "operation_s": round(self.duration, 2),
            "seconds": round(self.seconds, 1),
        }


def reset(scenario: Scenario) -> None:
    """Put the pre-operation copy back: the file, without a -wal, -shm or lock."""
    for leftover in (
        Path(f"{scenario.db}-wal"),
        Path(f"{scenario.db}-shm"),
        Path(f"{scenario.db}-journal"),
        lock_path(scenario.db),
    ):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(scenario.pristine, scenario.db)


def _start(scenario: Scenario, errors: IO[bytes]) -> subprocess.Popen[bytes]:
    # A session of its own: the kill takes its helper processes (the import's parsing
    # pool) too, as a crash or a power cut does; stderr to a file, not a pipe they hold.
    return subprocess.Popen(
        scenario.command,
        stdout=subprocess.DEVNULL,
        stderr=errors,
        cwd=ROOT,
        start_new_session=True,
    )


def _kill(child: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=60)


def measure(scenario: Scenario) -> None:
    """A complete run: its duration and the base after it; then the copy goes back."""
    reset(scenario)
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = _start(scenario, errors)
        child.wait(timeout=3600)
        scenario.duration = time.perf_counter() - started
        errors.seek(0)
        assert child.returncode == 0, errors.read().decode(errors="replace")
    assert run_check(scenario.db, scenario.data).returncode == 0
    scenario.after = fingerprint(scenario.db)
    if scenario.judge_backups is None:
        assert scenario.after != scenario.before, f"{scenario.name} changed nothing"
    for folder in scenario.backups:
        folder.assert_sound()
    if scenario.keep_after is not None:
        _checkpointed_copy(scenario.db, scenario.keep_after)
    reset(scenario)


def _judge(scenario: Scenario, state: Fingerprint, new_backups: set[str]) -> str:
    if scenario.judge_backups is not None:
        verdict = scenario.judge_backups(new_backups)
        assert verdict is not None, f"backups made: {sorted(new_backups)}"
        assert state == scenario.before, differences(scenario.before, state)
        return verdict
    if state == scenario.before:
        return "absent"
    assert state == scenario.after, (
        f"{scenario.name} is half done: differs from before in "
        f"{sorted(differences(scenario.before, state))}, from after in "
        f"{differences(scenario.after, state)}"
    )
    return "present"


def crash_rounds(scenario: Scenario, rounds: int, rng: random.Random) -> Outcome:
    """Kill the operation `rounds` times; assert after each kill (see the module doc)."""
    started = time.perf_counter()
    if not scenario.before:
        reset(scenario)
        scenario.before = fingerprint(scenario.db)
    if not scenario.after:
        measure(scenario)
    outcome = Outcome(scenario.name, duration=scenario.duration)
    for _ in range(rounds):
        reset(scenario)
        delay = rng.uniform(0.0, scenario.duration)
        with tempfile.TemporaryFile() as errors:
            child = _start(scenario, errors)
            try:
                child.wait(timeout=delay)
                errors.seek(0)  # finished before the kill
                assert child.returncode == 0, errors.read().decode(errors="replace")
            except subprocess.TimeoutExpired:
                _kill(child)  # SIGKILL
                outcome.kills += 1
        outcome.rounds += 1
        outcome.kill_seconds.append(round(delay, 2))
        temporaries = sum(len(f.temporaries()) for f in scenario.backups)
        check = run_check(scenario.db, scenario.data)
        assert check.returncode == 0, (
            f"{scenario.name} killed after {delay:.2f} s: check failed\n"
            f"{check.stdout}{check.stderr}"
        )
        assert not lock_path(scenario.db).exists(), "the stale lock was not cleared"
        new_backups: set[str] = set()
        for folder in scenario.backups:
            new_backups |= folder.assert_sound()
        verdict = _judge(scenario, fingerprint(scenario.db), new_backups)
        outcome.present += verdict == "present"
        outcome.absent += verdict == "absent"
        outcome.partial_backups_left = max(outcome.partial_backups_left, temporaries)
    for folder in scenario.backups:
        # The next complete backup ignores the temporaries; the sweep removes them.
        files.sweep_leftovers(folder.path, age=0)
        assert not folder.temporaries(), folder.temporaries()
    reset(scenario)
    outcome.seconds = time.perf_counter() - started
    return outcome


# --- bases and operations --------------------------------------------------------------------


def demo_base(db: Path, data: Path, persons: int) -> Path:
    with Workspace.open(str(db), paths=AppPaths.resolve(data), create=True) as ws:
        generate_demo(ws, DemoSpec(persons=persons, seed=9))
    return db


def _checkpointed_copy(src: Path, dst: Path) -> Path:
    con = sqlite3.connect(src)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    shutil.copyfile(src, dst)
    return dst


def import_scenario(folder: Path, rows: int, persons: int = 500) -> Scenario:
    """`crm-desktop import FILE --on-duplicate merge` of a 12-column .xlsx of `rows` rows
    (the benchmark's file) into a demo base of `persons`."""
    folder.mkdir(parents=True, exist_ok=True)
    db, data = folder / "crm.sqlite3", folder / "data"
    demo_base(db, data, persons)
    pristine = _checkpointed_copy(db, folder / "before-import.sqlite3")
    sheet = _cached_file(rows)
    command = cli(
        "import", str(sheet), "--db", str(db), "--data-dir", str(data), "--on-duplicate", "merge"
    )
    return Scenario("import", db, data, pristine, command, [BackupFolder(data / "backups")])


def _merge_pair(db: Path, share: int) -> tuple[int, int]:
    """Make two big duplicate organizations; (survivor, other).

    The other gets every `share`-th person, half the deals, and phones and emails
    (some the survivor has too, which the merge drops as duplicates).
    """
    con = sqlite3.connect(db, isolation_level=None)
    try:
        survivor, other = (
            r[0] for r in con.execute("SELECT id FROM organizations ORDER BY id LIMIT 2")
        )
        con.execute("BEGIN")
        con.execute("UPDATE persons SET organization_id = ? WHERE id % ? = 0", (other, share))
        con.execute("UPDATE deals SET organization_id = ? WHERE id % 2 = 0", (other,))
        for owner, limit in ((other, 200), (survivor, 20)):
            con.execute(
                "INSERT INTO phones (organization_id, person_id, kind, raw, e164, extension, "
                "is_valid, search_digits, comment, position) SELECT ?, NULL, kind, raw, e164, "
                "extension, is_valid, search_digits, comment, position FROM phones "
                "WHERE person_id IS NOT NULL ORDER BY id LIMIT ?",
                (owner, limit),
            )
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return survivor, other


def merge_scenario(folder: Path, source: Path, share: int = 10) -> Scenario:
    """Merge two organizations of a copy of `source` (one big duplicate into the other)."""
    folder.mkdir(parents=True, exist_ok=True)
    db, data = folder / "crm.sqlite3", folder / "data"
    _checkpointed_copy(source, db)
    survivor, other = _merge_pair(db, share)
    pristine = _checkpointed_copy(db, folder / "before-merge.sqlite3")
    command = [
        sys.executable,
        "-m",
        "tests.crash.merge_child",
        str(db),
        str(data),
        str(survivor),
        str(other),
    ]
    return Scenario("merge", db, data, pristine, command, [BackupFolder(data / "backups")])


def backup_scenario(folder: Path, source: Path) -> Scenario:
    """`crm-desktop backup --to DIR` of a copy of `source`."""
    folder.mkdir(parents=True, exist_ok=True)
    db, data = folder / "crm.sqlite3", folder / "data"
    _checkpointed_copy(source, db)
    pristine = _checkpointed_copy(db, folder / "before-backup.sqlite3")
    dest = BackupFolder(folder / "backups")
    command = cli("backup", "--db", str(db), "--data-dir", str(data), "--to", str(dest.path))

    def judge(new: set[str]) -> str | None:
        return {0: "absent", 1: "present"}.get(len(new))

    return Scenario("backup", db, data, pristine, command, [dest], judge_backups=judge)
