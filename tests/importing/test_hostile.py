"""Hostile and broken files through the public paths: `plan_import` and `crm-desktop import`.

Each file is opened in a child process whose own peak memory (ru_maxrss, from
`os.wait4`) and wall time are measured. A file is refused with one clear line (or
read safely) within a generous time bound and a memory cap, and the base is
untouched (row counts and the file's hash). The issue asks for 2 s: the times are
printed (`-s`); the assert is a generous bound so a busy machine does not fail it.

Measured on python-calamine 0.9: it does not expand XML entities (neither internal
nor external): a part using a declared entity is an "unrecognized entity" XmlError
(pinned below). `guards.check_xml_prologs` refuses a DOCTYPE with an internal subset
in any part before calamine opens the file anyway: a clear message, and safe with a
parser that would expand them.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import python_calamine

from crm_desktop.config import AppPaths
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.workspace import Workspace
from tests.importing import builders

ROOT = Path(__file__).resolve().parents[2]
SECRET = "TOP-SECRET-4f1c9a"
MEMORY_CAP_MB = 300
TIME_BOUND_S = 10.0  # the 2 s is reported (-s), not asserted (shared machines)
CLI_TIME_BOUND_S = 60.0  # wall time, interpreter start included
# A runaway child fails (SIGXCPU, MemoryError) instead of hanging or swapping the machine.
ADDRESS_SPACE_LIMIT = 4 << 30
CPU_LIMIT_S = 60

# The public service path, as the GUI's import dialog calls it. Prints one JSON line:
# the UserError's message or the summary, and the seconds plan_import took; on success
# every cell it can see follows (the secret must not be among them).
PLAN_CHILD = """
import json, sys, time
from crm_desktop.config import AppPaths
from crm_desktop.errors import UserError
from crm_desktop.importing.readers import open_workbook
from crm_desktop.services.importing import plan_import
from crm_desktop.services.workspace import Workspace
db, data, path = sys.argv[1:4]
with Workspace.open(db, paths=AppPaths.resolve(data), read_only=True) as ws:
    started = time.perf_counter()
    try:
        summary, error = plan_import(ws, path).summary(), None
    except UserError as exc:
        summary, error = None, exc.message
    seconds = time.perf_counter() - started
    print(json.dumps({"error": error, "seconds": seconds, "summary": summary}, ensure_ascii=False))
    sys.stdout.flush()
    if error is None:
        with open_workbook(path) as book:
            for name in book.sheet_names:
                for _number, cells in book.sheet(name).rows():
                    print(json.dumps(cells, ensure_ascii=False, default=str))
"""


# `crm-desktop` itself, writing its peak memory to a side file when it ends.
CLI_CHILD = """
import os, sys
from crm_desktop.cli import main
try:
    code = main(sys.argv[1:])
finally:
    with open("/proc/self/status", encoding="ascii") as status, open(
        os.environ["CRM_PEAK_FILE"], "w", encoding="ascii"
    ) as peak:
        peak.write(next(line for line in status if line.startswith("VmHWM:")))
sys.exit(code)
"""
# ... and the service child, the same way (atexit: after everything it printed).
PEAK_HOOK = """
import atexit, os
def _peak():
    with open("/proc/self/status", encoding="ascii") as status, open(
        os.environ["CRM_PEAK_FILE"], "w", encoding="ascii"
    ) as peak:
        peak.write(next(line for line in status if line.startswith("VmHWM:")))
atexit.register(_peak)
"""


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def _limit(pid: int) -> None:
    resource.prlimit(pid, resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))
    resource.prlimit(pid, resource.RLIMIT_CPU, (CPU_LIMIT_S, CPU_LIMIT_S))


def run_measured(args: list[str]) -> Run:
    """Run a child to its end: its wall time and peak memory (VmHWM of its own
    address space: a child's ru_maxrss on Linux starts at the parent's RSS)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as scratch,
    ):
        peak_file = Path(scratch) / "peak"
        env = {**os.environ, "CRM_PEAK_FILE": str(peak_file)}
        started = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err, cwd=ROOT, env=env)
        try:
            _limit(child.pid)  # before the interpreter has even imported the program
        finally:
            child.wait()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        peak = peak_file.read_text(encoding="ascii").split() if peak_file.exists() else []
        return Run(
            child.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            int(peak[1]) / 1024 if peak else float("inf"),  # "VmHWM: 123 kB"
        )


# --- the files ---------------------------------------------------------------------------------

ROWS = [["ФИО", "Телефон", "Email"], ["Иванов Иван", "+7 916 123-45-67", "ivan@example.ru"]]


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_and(cell_a2: str) -> str:
    return (
        f'<row r="1">{_cell("A1", "ФИО")}{_cell("B1", "Телефон")}</row>'
        f'<row r="2">{cell_a2}{_cell("B2", "+7 916 123-45-67")}</row>'
    )


def laughs_in_shared_strings(folder: Path) -> Path:
    return builders.raw_xlsx(
        folder / "laughs-shared.xlsx",
        _header_and('<c r="A2" t="s"><v>0</v></c>'),
        "<si><t>&lol9;</t></si>",
        shared_prolog=builders.billion_laughs(),
    )


def laughs_in_sheet(folder: Path) -> Path:
    return builders.raw_xlsx(
        folder / "laughs-sheet.xlsx",
        _header_and(_cell("A2", "&lol9;")),
        sheet_prolog=builders.billion_laughs(),
    )


def _secret(folder: Path) -> Path:
    path = folder / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def xxe_in_shared_strings(folder: Path) -> Path:
    return builders.raw_xlsx(
        folder / "xxe-shared.xlsx",
        _header_and('<c r="A2" t="s"><v>0</v></c>'),
        "<si><t>Иванов &xxe;</t></si>",
        shared_prolog=builders.xxe(_secret(folder)),
    )


def xxe_in_sheet(folder: Path) -> Path:
    return builders.raw_xlsx(
        folder / "xxe-sheet.xlsx",
        _header_and(_cell("A2", "Иванов &xxe;")),
        sheet_prolog=builders.xxe(_secret(folder)),
    )


def zip_bomb(folder: Path) -> Path:
    return builders.zip_bomb(builders.xlsx(folder / "plain.xlsx", ROWS), folder / "bomb.xlsx")


def encrypted(folder: Path) -> Path:
    return builders.password_stub(folder / "protected.xlsx")


def truncated(folder: Path) -> Path:
    rows = ROWS + [[f"Петров {i}", f"+7 916 {i:07d}", f"p{i}@example.ru"] for i in range(3000)]
    return builders.truncated(builders.xlsx(folder / "whole.xlsx", rows), folder / "cut.xlsx")


def ods_repeats(folder: Path) -> Path:
    body = (
        '<table:table table:name="x"><table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    return builders.ods(folder / "repeats.ods", body)


def csv_huge_cell(folder: Path) -> Path:
    path = folder / "huge-cell.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("ФИО;Телефон;Комментарий\nИванов Иван;+79161234567;")
        chunk = "x" * (1 << 20)
        for _ in range(50):
            fh.write(chunk)
        fh.write("\n")
    return path


def csv_many_columns(folder: Path) -> Path:
    path = folder / "wide.csv"
    columns = 100_000  # a 600 KB line: under the line cap, over Excel's 16,384 columns
    with path.open("w", encoding="utf-8") as fh:
        fh.write("ФИО;Телефон;" + ";".join(f"c{i}" for i in range(columns)) + "\n")
        fh.write("Иванов Иван;+79161234567;" + ";".join("1" for _ in range(columns)) + "\n")
    return path


def vcard_folded(folder: Path) -> Path:
    path = folder / "bomb.vcf"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Иванов;Иван;;;\r\nFN:Иванов Иван\r\nNOTE:")
        line = "\r\n " + "x" * 74
        fh.write(line * ((20 << 20) // 76))
        fh.write("\r\nTEL:+79161234567\r\nEND:VCARD\r\n")
    return path


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "billion-laughs-sharedStrings": laughs_in_shared_strings,
    "billion-laughs-sheet": laughs_in_sheet,
    "xxe-sharedStrings": xxe_in_shared_strings,
    "xxe-sheet": xxe_in_sheet,
    "zip-bomb": zip_bomb,
    "password-protected": encrypted,
    "truncated": truncated,
    "ods-repeat-counts": ods_repeats,
    "csv-50mb-cell": csv_huge_cell,
    "csv-100k-columns": csv_many_columns,
    "vcard-folded-line": vcard_folded,
}


# Read, not refused: the folded megabytes are cut to a cell (with the values layer's
# "longer than 32,767 characters" warning) and the card is imported.
READ_SAFELY = {"vcard-folded-line"}
REFUSED = sorted(set(HOSTILE) - READ_SAFELY)


# --- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-base")
    db = folder / "crm.sqlite3"
    with Workspace.open(str(db), paths=AppPaths.resolve(folder / "data"), create=True) as ws:
        generate_demo(ws, DemoSpec(persons=40, seed=3))
    return db


@pytest.fixture
def base(template: Path, tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "crm.sqlite3"
    shutil.copyfile(template, db)
    return db, tmp_path / "data"


def _state(db: Path) -> tuple[str, dict[str, int]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        counts = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("organizations", "persons", "phones", "emails", "change_sets", "audit_log")
        }
    finally:
        con.close()
    return hashlib.sha256(db.read_bytes()).hexdigest(), counts


def _report(kind: str, how: str, run: Run, inside: float | None = None) -> None:
    own = f" (plan_import {inside:.2f} s)" if inside is not None else ""
    print(
        f"hostile {kind:<28} {how:<11} {run.seconds:5.2f} s{own} "
        f"peak {run.peak_mb:4.0f} MB rc={run.returncode}"
    )


def _assert_bounded(run: Run, seconds: float, bound: float = TIME_BOUND_S) -> None:
    """`seconds`: plan_import's own time (a refusal is far under the issue's 2 s), or
    the CLI's wall time, which on a loaded machine is mostly the interpreter starting."""
    assert seconds < bound, run
    assert run.peak_mb < MEMORY_CAP_MB, run
    assert SECRET not in run.stdout + run.stderr


def _plan(kind: str, base: tuple[Path, Path], folder: Path) -> tuple[Run, dict[str, Any]]:
    db, data = base
    path = HOSTILE[kind](folder)
    child = PEAK_HOOK + PLAN_CHILD
    run = run_measured([sys.executable, "-c", child, str(db), str(data), str(path)])
    assert run.returncode == 0 and run.stderr == "", run
    head: dict[str, Any] = json.loads(run.stdout.partition("\n")[0])
    _report(kind, "plan_import", run, head["seconds"])
    _assert_bounded(run, head["seconds"])
    return run, head


def _cli(kind: str, base: tuple[Path, Path], folder: Path) -> Run:
    db, data = base
    path = HOSTILE[kind](folder)
    run = run_measured(
        [
            *(sys.executable, "-c", CLI_CHILD, "import", str(path)),
            *("--db", str(db), "--data-dir", str(data), "--on-duplicate", "merge"),
        ]
    )
    _report(kind, "cli import", run)
    _assert_bounded(run, run.seconds, CLI_TIME_BOUND_S)
    return run


@pytest.mark.parametrize("kind", REFUSED)
def test_plan_import_refuses_a_hostile_file(
    kind: str, base: tuple[Path, Path], tmp_path: Path
) -> None:
    run, head = _plan(kind, base, tmp_path)
    assert head["error"] and "\n" not in head["error"] and head["summary"] is None
    assert run.stdout.count("\n") == 1  # nothing was read


@pytest.mark.parametrize("kind", REFUSED)
def test_cli_import_refuses_a_hostile_file_with_one_line_and_leaves_the_base(
    kind: str, base: tuple[Path, Path], tmp_path: Path
) -> None:
    db, data = base
    before = _state(db)
    run = _cli(kind, base, tmp_path)
    assert run.returncode != 0, run
    assert run.stderr.startswith("crm-desktop: error: ") and run.stderr.count("\n") == 1
    assert run.stdout == ""
    assert _state(db) == before
    assert not (data / "backups").exists()  # refused before the safety backup


def test_a_folded_vcard_bomb_is_read_safely(base: tuple[Path, Path], tmp_path: Path) -> None:
    _run, head = _plan("vcard-folded-line", base, tmp_path)
    assert head["error"] is None
    assert head["summary"]["persons_created"] == 1
    cut = [w for w in head["summary"]["warnings"] if w["code"] == "value_truncated"]
    assert cut and "32,767" in cut[0]["message"]


def test_a_folded_vcard_bomb_imports_one_cut_card(base: tuple[Path, Path], tmp_path: Path) -> None:
    db, _data = base
    before = _state(db)[1]
    run = _cli("vcard-folded-line", base, tmp_path)
    assert run.returncode == 0 and run.stderr == "", run
    assert "32,767 characters and was cut" in run.stdout
    after = _state(db)[1]
    assert after["persons"] == before["persons"] + 1
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    longest = con.execute(
        "SELECT max(length(notes)), max(length(full_name)) FROM persons"
    ).fetchone()
    con.close()
    assert 32_000 < longest[0] <= 32_767  # the note, cut
    assert longest[1] < 100


ENTITY_FILES = [k for k in REFUSED if k.startswith(("billion-laughs", "xxe"))]


@pytest.mark.parametrize("kind", ENTITY_FILES)
def test_entity_declarations_are_refused_by_name(kind: str, tmp_path: Path) -> None:
    from crm_desktop.errors import UserError
    from crm_desktop.importing.readers import open_workbook

    with pytest.raises(UserError, match="declares XML entities") as refused:
        open_workbook(HOSTILE[kind](tmp_path))
    assert SECRET not in str(refused.value)


@pytest.mark.parametrize("kind", ENTITY_FILES)
def test_calamine_itself_does_not_expand_entities(kind: str, tmp_path: Path) -> None:
    # Without the guard: calamine fails on the entity instead of expanding it.
    with pytest.raises(python_calamine.CalamineError) as failed:
        book = python_calamine.CalamineWorkbook.from_path(str(HOSTILE[kind](tmp_path)))
        book.get_sheet_by_index(0).to_python()
    assert SECRET not in str(failed.value) and "lol" * 100 not in str(failed.value)


def test_a_doctype_without_entities_is_read(tmp_path: Path) -> None:
    from crm_desktop.importing.readers import open_workbook

    path = builders.raw_xlsx(
        tmp_path / "doctype.xlsx",
        _header_and('<c r="A2" t="s"><v>0</v></c>'),
        "<si><t>Иванов &amp; Иван</t></si>",
        shared_prolog="<!DOCTYPE sst>",
    )
    with open_workbook(path) as book:
        assert [cells for _, cells in book.sheet().rows()][1] == [
            "Иванов & Иван",
            "+7 916 123-45-67",
        ]
