#!/usr/bin/env python3
"""Set up and run CRM Desktop from a source checkout — the README's two commands.

    python3 scripts/dev.py start [ARGS…]   set up .venv, then start the app
    python3 scripts/dev.py test  [ARGS…]   set up .venv, then ruff, mypy and the whole pytest suite

Only the standard library is used here, so it runs on a fresh Python 3.11+
(Windows: `py scripts\\dev.py start`). The virtual environment is (re)installed
when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
STAMP = VENV / ".crm-desktop-installed"


def _python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def _run(*args: str | os.PathLike[str]) -> int:
    return subprocess.call([str(a) for a in args], cwd=ROOT)


def setup() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may run on an old Python
        sys.exit(f"CRM Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not _python().exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        print("Installing CRM Desktop and its dependencies …", flush=True)
        py = _python()
        if _run(py, "-m", "pip", "install", "--quiet", "--upgrade", "pip") != 0:
            sys.exit("pip could not upgrade itself; see the messages above.")
        if _run(py, "-m", "pip", "install", "--quiet", "-e", ".[test]") != 0:
            sys.exit("Installing the dependencies failed; see the messages above.")
        STAMP.write_text(wanted)
    return _python()


def main() -> int:
    command, *rest = sys.argv[1:] or ["start"]
    if command not in {"start", "test", "setup"}:
        print(__doc__)
        return 2
    py = setup()
    if command == "setup":
        return 0
    if command == "start":
        return _run(py, "-m", "crm_desktop", *rest)
    for step in (
        [py, "-m", "ruff", "check", "crm_desktop", "tests", "scripts"],
        [py, "-m", "ruff", "format", "--check", "crm_desktop", "tests", "scripts"],
        [py, "-m", "mypy"],
        [py, "scripts/translations.py", "check"],
    ):
        if (code := _run(*step)) != 0:
            return code
    return _run(py, "-m", "pytest", *(rest or ["-n", "2"]))


if __name__ == "__main__":
    raise SystemExit(main())
