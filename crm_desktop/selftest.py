"""`crm-desktop --self-test`: prove that this installation works, without touching user data.

Runs in a fresh temporary data folder (removed afterwards; `CRM_DATA_DIR` and
`CRM_DATABASE_URL` point there while it runs, so nothing can reach the user's base):
creates a base through the Alembic migrations, fills a small demo, renders the main
window offscreen to a PNG, writes a PDF report with the bundled fonts, and checks that
the Russian translations (ours and Qt's own) and the phone and locale data load.

Prints one JSON line — ``{"ok": …, "version": …, "frozen": …, "checks": [...],
"total_s": …}`` with each check's name, result, detail and time — and returns 0 when
every check passed, 1 otherwise (the JSON names the failed check and why). The same
flag works on the PyInstaller bundle: that is how the build script checks a build.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm_desktop import __version__
from crm_desktop.config import ENV_DATA_DIR, ENV_DATABASE_URL, AppPaths, app_root, resource_path

DEMO_PERSONS = 40
# a check that hangs (a modal box nobody can click, a lock) must not hang a build
TIME_LIMIT_S = 180.0


_RUNNING: dict[str, Any] = {}  # the check under way, for the watchdog


class CheckFailed(Exception):
    """A check found the installation broken; the message says what is wrong."""


@dataclass
class Check:
    name: str
    ok: bool
    seconds: float
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ok": self.ok,
            "s": round(self.seconds, 3),
            "detail": self.detail,
        }


@dataclass
class SelfTest:
    """The checks in order; a failed check stops the ones that depend on it."""

    root: Path
    checks: list[Check] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def step(self, name: str, fn: Callable[[], str]) -> bool:
        started = time.perf_counter()
        _RUNNING["check"] = name
        try:
            detail = fn()
            ok = True
        except Exception as exc:  # noqa: BLE001 - every failure is reported, not raised
            ok = False
            detail = f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, CheckFailed):
                tb = traceback.extract_tb(exc.__traceback__)[-1]
                detail += f" (at {Path(tb.filename).name}:{tb.lineno})"
        self.checks.append(Check(name, ok, time.perf_counter() - started, detail))
        return ok


@contextlib.contextmanager
def _isolated_environment(root: Path) -> Iterator[None]:
    """Point every way of finding the data folder and the base at `root`."""
    saved = {k: os.environ.get(k) for k in (ENV_DATA_DIR, ENV_DATABASE_URL, "QT_QPA_PLATFORM")}
    os.environ[ENV_DATA_DIR] = str(root)
    os.environ.pop(ENV_DATABASE_URL, None)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _program_dir() -> Path:
    """The folder the program runs from (the bundle folder, or the source checkout)."""
    if getattr(sys, "frozen", False):
        folder = Path(sys.executable).resolve().parent
        app = next((p for p in folder.parents if p.suffix == ".app"), None)  # macOS bundle
        return app or folder
    return Path(__file__).resolve().parents[1]


def _check_paths(test: SelfTest) -> str:
    """The normal data folder is the OS user data folder, not the program's folder."""
    saved = os.environ.pop(ENV_DATA_DIR, None)
    try:
        normal = AppPaths.resolve(None)
    finally:
        if saved is not None:
            os.environ[ENV_DATA_DIR] = saved
    program = _program_dir()
    for folder in (normal.data_dir, normal.config_dir):
        if folder.resolve().is_relative_to(program):
            raise CheckFailed(f"the data folder {folder} is inside the program folder {program}")
    test.state["user_data_dir"] = str(normal.data_dir)
    test.state["program_dir"] = str(program)
    return f"user data: {normal.data_dir}; program: {program}; this test: {test.root}"


def _check_resources() -> str:
    def ui_path(name: str) -> Path:
        return app_root() / "ui" / name

    missing = [
        str(p)
        for p in (
            resource_path("fonts", "DejaVuSans.ttf"),
            resource_path("fonts", "DejaVuSans-Bold.ttf"),
            resource_path("icons", "app-64.png"),
            resource_path("translations", "crm_desktop_ru.qm"),
            ui_path("deal_editor.ui"),
        )
        if not p.is_file()
    ]
    if missing:
        raise CheckFailed("missing: " + ", ".join(missing))
    icons = len(list(resource_path("icons").glob("*.png")))
    forms = len(list((app_root() / "ui").glob("*.ui")))
    return f"{icons} icons, {forms} forms under {app_root()}"


def _check_base(test: SelfTest) -> str:
    from crm_desktop.config import Settings
    from crm_desktop.services.workspace import Workspace
    from crm_desktop.storage.migrate import MIGRATIONS_DIR, current_revision, head_revision

    if not (MIGRATIONS_DIR / "env.py").is_file():
        raise CheckFailed(f"the migrations are missing at {MIGRATIONS_DIR}")
    paths = AppPaths.resolve(test.root)
    settings = Settings(language="ru", backup_on_start=False)
    db_file = test.root / "selftest.sqlite3"
    ws = Workspace.open(str(db_file), paths=paths, create=True, settings=settings)
    test.state["ws"] = ws
    with ws.db.engine.connect() as conn:
        revision = current_revision(conn)
    head = head_revision()  # what the shipped migrations lead to
    if revision != head:
        raise CheckFailed(f"schema at {revision}, the migrations' head is {head}")
    return f"{db_file.name} created at schema {revision}"


def _check_demo(test: SelfTest) -> str:
    from crm_desktop.services.demo import DemoSpec, generate_demo

    counts = generate_demo(test.state["ws"], DemoSpec(persons=DEMO_PERSONS, language="ru"))
    if counts.persons == 0 or counts.deals == 0:
        raise CheckFailed(f"the demo came out empty: {counts}")
    return (
        f"{counts.organizations} organizations, {counts.persons} persons, "
        f"{counts.deals} deals, {counts.tasks} tasks"
    )


def _check_data_packages() -> str:
    import phonenumbers
    from babel.numbers import format_currency

    number = phonenumbers.parse("8 (495) 123-45-67", "RU")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if e164 != "+74951234567":
        raise CheckFailed(f"phonenumbers gave {e164}")
    money = format_currency(1234.5, "RUB", locale="ru_RU")
    if "234" not in money or "₽" not in money:
        raise CheckFailed(f"babel gave {money!r}")
    return f"{e164}, {money}"


def _check_qt(test: SelfTest) -> str:
    from crm_desktop.gui import selftest as gui

    test.state["app"], detail = gui.check_qt()
    return detail


def _check_window(test: SelfTest) -> str:
    from crm_desktop.gui import selftest as gui

    check = test.state["window"] = gui.WindowCheck(test.state["ws"], test.root)
    return check.run()


def _check_pdf(test: SelfTest) -> str:
    from crm_desktop.gui.i18n import translator
    from crm_desktop.services.reports import ReportParams, run
    from crm_desktop.services.reports.export import export_report

    ws = test.state["ws"]
    result = run("funnel", ws, ReportParams())
    out = export_report(
        result,
        test.root / "funnel.pdf",
        language="ru",
        translate=translator("ru"),
        company="Self-test",
        logo=resource_path("icons", "app-64.png"),  # drawn through Pillow
    )
    data = out.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise CheckFailed(f"{out.name} is not a complete PDF ({len(data)} bytes)")
    if b"DejaVuSans" not in data or b"/FontFile2" not in data:
        raise CheckFailed("the PDF does not embed the DejaVu Sans font")
    if b"/Subtype /Image" not in data:
        raise CheckFailed("the PDF lacks the logo image")
    return f"{out.name}: {len(data) // 1024} KB, DejaVu Sans embedded, logo drawn"


def _close(test: SelfTest) -> None:
    window = test.state.pop("window", None)
    if window is not None:
        window.close()
    ws = test.state.pop("ws", None)
    if ws is not None:
        ws.close()


def run_self_test(keep: bool = False) -> tuple[int, dict[str, Any]]:
    """Run every check; (exit code, the JSON report)."""
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="crm-selftest-")).resolve()
    test = SelfTest(root)
    _RUNNING["root"] = str(root)
    with _isolated_environment(root):
        try:
            test.step("paths", lambda: _check_paths(test))
            test.step("resources", _check_resources)
            test.step("data_packages", _check_data_packages)
            if test.step("base", lambda: _check_base(test)):
                test.step("demo", lambda: _check_demo(test))
            if test.step("qt", lambda: _check_qt(test)) and "ws" in test.state:
                test.step("window", lambda: _check_window(test))
            if "ws" in test.state:
                test.step("pdf", lambda: _check_pdf(test))
        finally:
            _close(test)
    failed = [c for c in test.checks if not c.ok]
    report: dict[str, Any] = {
        "ok": not failed,
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": sys.version.split()[0],
        "checks": [c.to_json() for c in test.checks],
        "total_s": round(time.perf_counter() - started, 3),
        "user_data_dir": test.state.get("user_data_dir", ""),
    }
    if failed:
        report["reason"] = "; ".join(f"{c.name}: {c.detail}" for c in failed)
    if keep or failed:
        report["kept"] = str(root)  # the base, PNG and PDF, to look at
    else:
        shutil.rmtree(root, ignore_errors=True)
    return (0 if not failed else 1), report


def main(keep: bool | None = None) -> int:
    """Print the report; `CRM_SELFTEST_KEEP=1` keeps the temporary folder to look at."""
    if keep is None:
        keep = os.environ.get("CRM_SELFTEST_KEEP", "") not in ("", "0")
    watchdog = threading.Timer(TIME_LIMIT_S, _time_out)
    watchdog.daemon = True
    watchdog.start()
    try:
        code, report = run_self_test(keep=keep)
    finally:
        watchdog.cancel()
    _emit(report)
    return code


def _emit(report: dict[str, Any]) -> None:
    line = json.dumps(report, ensure_ascii=False) + "\n"
    stream = sys.stdout or sys.stderr  # a windowed build started without a console has neither
    if stream is not None:
        stream.write(line)
        stream.flush()


def _time_out() -> None:
    """The watchdog: report which check hung, then leave at once (exit 1)."""
    check = _RUNNING.get("check", "?")
    _emit(
        {
            "ok": False,
            "version": __version__,
            "frozen": bool(getattr(sys, "frozen", False)),
            "reason": f"{check}: did not finish within {TIME_LIMIT_S:.0f} s",
            "kept": _RUNNING.get("root", ""),
        }
    )
    os._exit(1)


__all__ = ["main", "run_self_test"]
