"""The installable program: build_installer.spec carries what the program loads at
run time, resources are found frozen and unfrozen, and `--self-test` works.

The spec is executed here with stand-ins for PyInstaller's build steps and hook
helpers, so these checks are fast and need no PyInstaller; scripts/build_bundle.py
builds for real.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from crm_desktop import __version__, config

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_installer.spec"
MIGRATIONS = ROOT / "crm_desktop" / "storage" / "migrations"

# what the hooks would hand the spec on Linux, Windows and macOS; (dest, kept?)
SAMPLE_BINARIES = [
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/lib/libQt6Charts.so.6", True),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/plugins/imageformats/qpdf.dll", False),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
    ("PySide6/Qt/lib/libQt6Quick.so.6", False),
    ("PySide6/Qt6Qml.dll", False),
    ("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
]
SAMPLE_DATAS = [
    ("PySide6/Qt/translations/qtbase_ru.qm", True),
    ("PySide6/Qt/translations/qtbase_en.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", False),
    ("babel/locale-data/root.dat", True),
    ("babel/locale-data/ru_RU.dat", True),
    ("babel/locale-data/en_US_POSIX.dat", True),
    ("babel/locale-data/de.dat", False),
    ("babel/global.dat", True),
    ("resources/translations/crm_desktop_ru.qm", True),
    ("resources/translations/crm_desktop_ru.ts", False),
]


class _Step:
    """Stands in for Analysis, PYZ, EXE, COLLECT and BUNDLE: remembers its arguments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs
        self.binaries = [(dest, "/src/" + dest, "BINARY") for dest, _ in SAMPLE_BINARIES]
        self.datas = [(dest, "/src/" + dest, "DATA") for dest, _ in SAMPLE_DATAS]
        self.pure: list[Any] = []
        self.scripts: list[Any] = []


def _fake_hooks() -> types.ModuleType:
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda *a, **k: []  # type: ignore[attr-defined]
    hooks.collect_submodules = lambda *a, **k: []  # type: ignore[attr-defined]
    return hooks


class _Record:
    """Stands in for PyInstaller's version-resource classes: keeps what it was given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.args!r}, {self.kwargs!r})"


def _fake_versioninfo() -> types.ModuleType:
    module = types.ModuleType("PyInstaller.utils.win32.versioninfo")
    for name in (
        "FixedFileInfo",
        "StringFileInfo",
        "StringStruct",
        "StringTable",
        "VarFileInfo",
        "VarStruct",
        "VSVersionInfo",
    ):
        setattr(module, name, type(name, (_Record,), {}))
    return module


def _run_spec(work: Path, platform: str) -> dict[str, Any]:
    """The spec's namespace after running it as on `platform` with stand-in build steps."""
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "SPECPATH": str(ROOT),
        "SPEC": str(SPEC),
        "workpath": str(work),
        "DISTPATH": str(work / "dist"),
        **{name: _Step for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")},
    }
    # PyInstaller's hook helpers import every submodule in a subprocess (minutes): the
    # spec's own logic is what is checked here, so they always answer "nothing more"
    fakes = {
        "PyInstaller": types.ModuleType("PyInstaller"),
        "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
        "PyInstaller.utils.hooks": _fake_hooks(),
        "PyInstaller.utils.win32": types.ModuleType("PyInstaller.utils.win32"),
        "PyInstaller.utils.win32.versioninfo": _fake_versioninfo(),
    }
    saved = {name: sys.modules.get(name) for name in fakes}
    sys.modules.update(fakes)
    path_before = list(sys.path)
    real_platform = sys.platform
    sys.platform = platform
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        sys.platform = real_platform
        sys.path[:] = path_before
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return namespace


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _run_spec(tmp_path_factory.mktemp("pyinstaller-work"), sys.platform)


def _datas(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return [(str(Path(src)), dest.replace("\\", "/")) for src, dest in spec["datas"]]


def test_spec_carries_every_resources_folder_and_the_forms(spec: dict[str, Any]) -> None:
    dests = {dest for _src, dest in _datas(spec)}
    folders = sorted(p.name for p in (ROOT / "resources").iterdir() if p.is_dir())
    assert folders, "resources/ has no subfolders?"
    for name in folders:
        assert f"resources/{name}" in dests, f"resources/{name} is not in the bundle"
    assert "ui" in dests
    assert any((ROOT / "ui").glob("*.ui"))


def test_spec_carries_every_migration_as_source(spec: dict[str, Any]) -> None:
    """Alembic loads env.py and the versions by path: they must be files in the bundle."""
    shipped = {Path(src).resolve() for src, _dest in _datas(spec)}
    sources = [p for p in MIGRATIONS.rglob("*.py") if "__pycache__" not in p.parts]
    assert MIGRATIONS / "env.py" in sources
    assert len([p for p in sources if p.parent.name == "versions"]) >= 2
    for path in sources:
        assert path.resolve() in shipped, f"{path.relative_to(ROOT)} is not in the bundle"
        dest = next(d for s, d in _datas(spec) if Path(s).resolve() == path.resolve())
        assert dest == path.parent.relative_to(ROOT).as_posix()  # where migrate.py looks


def test_spec_imports_what_the_migrations_import(spec: dict[str, Any]) -> None:
    hidden = set(spec["hiddenimports"])
    for path in MIGRATIONS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and node.module not in (None, "__future__")
            ):
                assert node.module in hidden, f"{path.name}: {node.module}"
    assert "alembic.op" in hidden


def _program_imports() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "crm_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def test_spec_excludes_nothing_the_program_imports(spec: dict[str, Any]) -> None:
    excludes = set(spec["excludes"])
    assert {"tkinter", "PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "pytest"} <= excludes
    clashes = sorted(
        name
        for name in _program_imports()
        if any(name == e or name.startswith(e + ".") for e in excludes)
    )
    assert clashes == []
    assert "PIL" not in excludes  # reportlab draws the PDF logo through Pillow


def test_spec_trims_unused_qt_parts_and_languages(spec: dict[str, Any]) -> None:
    analysis = spec["a"]
    kept_binaries = {dest for dest, _src, _kind in analysis.binaries}
    for dest, keep in SAMPLE_BINARIES:
        assert (dest in kept_binaries) == keep, dest
    kept_datas = {dest for dest, _src, _kind in analysis.datas}
    for dest, keep in SAMPLE_DATAS:
        assert (dest in kept_datas) == keep, dest


def test_spec_names_the_program_and_its_version(spec: dict[str, Any]) -> None:
    assert spec["VERSION"] == __version__
    exe = spec["exe"]
    assert exe.kwargs["name"] == "crm-desktop"
    assert exe.kwargs["console"] == (sys.platform not in ("win32", "darwin"))
    assert spec["coll"].kwargs["name"] == "crm-desktop"
    assert spec["APP_NAME"] == config.APP_NAME


def test_spec_on_windows_adds_a_console_twin_icon_and_version(tmp_path: Path) -> None:
    pytest.importorskip("PIL.Image")
    spec = _run_spec(tmp_path, "win32")
    names = [(e.kwargs["name"], e.kwargs["console"]) for e in spec["coll"].args[:2]]
    assert names == [("crm-desktop", False), ("crm-desktop-cli", True)]
    for executable in spec["coll"].args[:2]:
        assert executable.kwargs["icon"].endswith("app.ico")
        version = Path(executable.kwargs["version"]).read_text(encoding="utf-8")
        assert f"'ProductVersion', '{__version__}'" in version
        assert "'OriginalFilename', 'crm-desktop.exe'" in version


def test_spec_on_macos_makes_an_app_bundle(tmp_path: Path) -> None:
    pytest.importorskip("PIL.Image")
    spec = _run_spec(tmp_path, "darwin")
    assert spec["exe"].kwargs["console"] is False
    assert len(spec["coll"].args) == 3  # no console twin: one executable, binaries, datas
    app = spec["app"]
    assert app.kwargs["name"] == "CRM Desktop.app"
    assert app.kwargs["icon"].endswith("app.icns")
    assert app.kwargs["bundle_identifier"] == "org.crm-desktop.CRMDesktop"
    plist = app.kwargs["info_plist"]
    assert plist["CFBundleShortVersionString"] == __version__
    assert set(plist["CFBundleLocalizations"]) == set(config.SUPPORTED_LANGUAGES)


def test_spec_makes_the_windows_and_macos_icons(spec: dict[str, Any]) -> None:
    image = pytest.importorskip("PIL.Image")
    ico, icns = spec["ICO"], spec["ICNS"]
    assert ico and icns
    with image.open(ico) as im:
        sizes = im.info["sizes"]
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(sizes)
    assert Path(icns).read_bytes()[:4] == b"icns"


@pytest.mark.parametrize("frozen_by", ["pyinstaller", "other", "checkout"])
def test_resources_are_found_frozen_and_in_a_checkout(
    frozen_by: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    if frozen_by == "pyinstaller":
        monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
        monkeypatch.setattr(sys, "frozen", True, raising=False)
        expected = tmp_path / "_internal"
    elif frozen_by == "other":
        monkeypatch.setattr(sys, "frozen", True, raising=False)
        monkeypatch.setattr(sys, "executable", str(tmp_path / "crm-desktop"))
        expected = tmp_path
    else:
        monkeypatch.delattr(sys, "frozen", raising=False)
        expected = ROOT
        assert (config.resource_path("fonts") / "DejaVuSans.ttf").is_file()
    assert config.app_root() == expected
    assert config.resource_path("icons", "app-16.png") == expected / "resources/icons/app-16.png"


def _run_self_test(env_extra: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env_extra)
    env.pop("CRM_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1, proc.stdout + proc.stderr
    return proc, json.loads(lines[0])


@pytest.mark.slow
def test_self_test_passes_from_the_source_tree_and_leaves_user_data_alone(
    tmp_path: Path,
) -> None:
    user_data = tmp_path / "user-data"
    user_data.mkdir()
    (user_data / "crm.sqlite3").write_bytes(b"the user's base")
    proc, report = _run_self_test({"CRM_DATA_DIR": str(user_data)})
    assert proc.returncode == 0, report.get("reason")
    assert report["ok"] is True
    assert report["version"] == __version__
    assert report["frozen"] is False
    names = [c["name"] for c in report["checks"]]
    assert names == ["paths", "resources", "data_packages", "base", "demo", "qt", "window", "pdf"]
    assert all(c["ok"] for c in report["checks"])
    assert "kept" not in report  # the temporary folder is gone
    # the user's folder (even when named by CRM_DATA_DIR) is not touched
    assert sorted(p.name for p in user_data.iterdir()) == ["crm.sqlite3"]
    assert (user_data / "crm.sqlite3").read_bytes() == b"the user's base"


def test_a_failing_check_names_itself_and_the_reason(tmp_path: Path) -> None:
    from crm_desktop import selftest

    test = selftest.SelfTest(tmp_path)
    assert test.step("fine", lambda: "all good")

    def broken() -> str:
        raise selftest.CheckFailed("the fonts are missing")

    assert not test.step("resources", broken)
    assert not test.ok
    failed = [c.to_json() for c in test.checks if not c.ok]
    assert failed == [
        {"name": "resources", "ok": False, "s": failed[0]["s"], "detail": failed[0]["detail"]}
    ]
    assert "the fonts are missing" in failed[0]["detail"]
