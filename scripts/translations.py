"""The Qt Linguist workflow for CRM Desktop's UI strings.

    .venv/bin/python scripts/translations.py update   # .py/.ui → resources/translations/*.ts
    .venv/bin/python scripts/translations.py release  # .ts → .qm (what the program loads)
    .venv/bin/python scripts/translations.py check    # fail on unfinished Russian strings

English is the source language; `crm_desktop_ru.ts` holds the Russian text.
Edit it in Qt Linguist (`pyside6-linguist`) or any XML editor.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("ru",)


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent))
    return found or f"pyside6-{name}"


def sources() -> list[str]:
    files = sorted((ROOT / "crm_desktop" / "gui").rglob("*.py")) + sorted(
        (ROOT / "ui").glob("*.ui")
    )
    return [str(p.relative_to(ROOT)) for p in files]


def _lupdate(ts: Path) -> None:
    """Bring `ts` up to date with the strings in the sources (new ones come unfinished)."""
    subprocess.run(
        [_tool("lupdate"), "-no-obsolete", "-locations", "none", *sources(), "-ts", str(ts)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def update() -> None:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        _lupdate(TS_DIR / f"crm_desktop_{lang}.ts")


def release() -> None:
    for ts in sorted(TS_DIR.glob("crm_desktop_*.ts")):
        subprocess.run(
            [_tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )


def unfinished(ts: Path) -> list[str]:
    """Source texts without a finished translation."""
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.get("type") == "vanished":
            continue
        done = (
            translation is not None
            and translation.get("type") != "unfinished"
            and bool(translation.text or translation.findall("numerusform"))
        )
        if not done:
            missing.append(message.findtext("source") or "")
    return missing


def check() -> int:
    """Fail on a string of the sources without a finished translation: the .ts is
    brought up to date in a scratch copy first, so a string never added to it counts."""
    problems = 0
    with tempfile.TemporaryDirectory() as scratch:
        for lang in LANGUAGES:
            ts = TS_DIR / f"crm_desktop_{lang}.ts"
            fresh = Path(scratch) / ts.name
            shutil.copyfile(ts, fresh)
            _lupdate(fresh)
            missing = unfinished(fresh)
            for text in missing:
                print(f"{ts.name}: unfinished: {text!r}")
            problems += len(missing)
    if not problems:
        print("Every string is translated.")
        return 0
    print(f"{problems} unfinished string(s): run 'scripts/translations.py update', translate them")
    return 1


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "release":
        release()
    elif command == "check":
        return check()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
