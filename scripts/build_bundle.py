#!/usr/bin/env python3
"""Build the one-folder program with PyInstaller, then run its self-test.

    python3 scripts/build_bundle.py              set up .venv, build dist/, self-test it
    python3 scripts/build_bundle.py --no-test    build only
    python3 scripts/build_bundle.py --test-only  self-test an existing dist/ build

Windows: `py scripts\\build_bundle.py`. Sets up .venv like `scripts/dev.py setup`,
installs the build tools (PyInstaller, Pillow for the .ico/.icns) into it when
missing, builds `build_installer.spec` into dist/ (Linux and Windows:
dist/crm-desktop/crm-desktop[.exe]; macOS: dist/CRM Desktop.app as well), runs the
built program with `--self-test` under QT_QPA_PLATFORM=offscreen and prints the
build time, the bundle's size and file count, and the self-test's time. Exits
non-zero when the build or the self-test fails. Only the standard library is used
here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_installer.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
NAME = "crm-desktop"
APP_BUNDLE = "CRM Desktop.app"
# build-time only; never a dependency of the program itself
BUILD_TOOLS = {"PyInstaller": "pyinstaller>=6.10", "PIL": "pillow>=10"}
SELF_TEST_TIMEOUT_S = 300


def _venv_python() -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    import dev  # the README's set-up: creates .venv and installs the program

    return dev.setup()


def _ensure_build_tools(py: Path) -> None:
    missing = [
        spec
        for module, spec in BUILD_TOOLS.items()
        if subprocess.call(
            [str(py), "-c", f"import {module}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        != 0
    ]
    if missing:
        print(f"Installing the build tools into .venv: {', '.join(missing)} …", flush=True)
        if subprocess.call([str(py), "-m", "pip", "install", "--quiet", *missing]) != 0:
            sys.exit("Installing the build tools failed; see the messages above.")


def bundle_dir() -> Path:
    return DIST / NAME


def executable() -> Path:
    """The program to self-test (on Windows its console twin, which can print)."""
    if sys.platform == "darwin" and (DIST / APP_BUNDLE).is_dir():
        return DIST / APP_BUNDLE / "Contents" / "MacOS" / NAME
    if os.name == "nt":
        return bundle_dir() / (NAME + "-cli.exe")
    return bundle_dir() / NAME


def _size(folder: Path) -> tuple[int, int]:
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def build(py: Path) -> float:
    started = time.perf_counter()
    code = subprocess.call(
        [
            str(py),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
            str(SPEC),
        ],
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    if code != 0:
        sys.exit(f"PyInstaller failed (exit {code}) after {elapsed:.0f} s; see the messages above.")
    return elapsed


def self_test(exe: Path) -> tuple[dict[str, Any], float]:
    """Run the bundle's self-test from a neutral folder; (its JSON, wall time)."""
    if not exe.is_file():
        sys.exit(f"There is no built program at {exe}; build first.")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for key in ("CRM_DATA_DIR", "CRM_DATABASE_URL", "PYTHONPATH", "PYTHONHOME"):
        env.pop(key, None)
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [str(exe), "--self-test"],
            cwd=str(Path.home()),  # not the checkout: nothing may come from the source tree
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=SELF_TEST_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        sys.exit(f"The self-test did not finish in {SELF_TEST_TIMEOUT_S} s.")
    elapsed = time.perf_counter() - started
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    try:
        report: dict[str, Any] = json.loads(lines[-1])
    except (IndexError, ValueError):
        sys.stderr.write(proc.stdout + proc.stderr)
        sys.exit(f"The self-test printed no JSON report (exit {proc.returncode}).")
    if proc.returncode != 0 or not report.get("ok"):
        sys.stderr.write(proc.stderr)
        print(json.dumps(report, ensure_ascii=False, indent=2))
        sys.exit(f"The self-test failed (exit {proc.returncode}): {report.get('reason', '?')}")
    return report, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-test", action="store_true", help="build only")
    parser.add_argument("--test-only", action="store_true", help="self-test the existing build")
    args = parser.parse_args()

    build_s = None
    if not args.test_only:
        py = _venv_python()
        _ensure_build_tools(py)
        for folder in (bundle_dir(), DIST / APP_BUNDLE):
            shutil.rmtree(folder, ignore_errors=True)
        print(f"Building {SPEC.name} into {DIST} …", flush=True)
        build_s = build(py)
    size, files = _size(bundle_dir())
    print(f"Bundle: {bundle_dir()}: {size / 1_048_576:.1f} MB in {files} files")
    if build_s is not None:
        print(f"Build time: {build_s:.1f} s")
    if args.no_test:
        return 0
    report, wall_s = self_test(executable())
    checks = ", ".join(f"{c['name']} {c['s']:.2f} s" for c in report["checks"])
    print(f"Self-test passed in {wall_s:.1f} s (wall, with start-up; checks: {checks})")
    print(f"  user data folder of a normal start: {report.get('user_data_dir')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
