"""The Qt Linguist workflow for CRM Desktop's UI strings.

    .venv/bin/python scripts/translations.py update   # .py/.ui → resources/translations/*.ts
    .venv/bin/python scripts/translations.py release  # .ts → .qm (what the program loads)
    .venv/bin/python scripts/translations.py check    # fail on unfinished Russian strings
    .venv/bin/python scripts/translations.py todo OUT.json  # the unfinished ones, to translate
    .venv/bin/python scripts/translations.py fill IN.json   # put translated ones back

`todo` writes [{"context", "source", "numerus", "translation"}]; fill in "translation"
(a list of forms for numerus messages: one, few, many) and give the file to `fill`.

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


def _unfinished_messages(root: ET.Element) -> list[tuple[str, ET.Element]]:
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") == "unfinished":
                found.append((name, message))
    return found


def todo(out: Path) -> None:
    """Write the unfinished Russian messages as JSON for a translator."""
    import json

    ts = TS_DIR / "crm_desktop_ru.ts"
    items = [
        {
            "context": name,
            "source": message.findtext("source") or "",
            "numerus": message.get("numerus") == "yes",
            "translation": "",
        }
        for name, message in _unfinished_messages(ET.parse(ts).getroot())
    ]
    out.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(items)} unfinished message(s) written to {out}")


def fill(source: Path) -> None:
    """Put the translations of a `todo` file (filled in) into the Russian .ts."""
    import json

    done = {
        (item["context"], item["source"]): item["translation"]
        for item in json.loads(source.read_text(encoding="utf-8"))
        if item.get("translation")
    }
    ts = TS_DIR / "crm_desktop_ru.ts"
    tree = ET.parse(ts)
    filled = 0
    for name, message in _unfinished_messages(tree.getroot()):
        text = done.get((name, message.findtext("source") or ""))
        if text is None:
            continue
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        if isinstance(text, list):
            translation.text = None
            for form in translation.findall("numerusform"):
                translation.remove(form)
            for form_text in text:
                ET.SubElement(translation, "numerusform").text = form_text
        else:
            translation.text = text
        filled += 1
    ET.indent(tree, "    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", "utf-8")
    print(f"{filled} message(s) translated in {ts.name}")


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
    elif command == "todo" and len(sys.argv) > 2:
        todo(Path(sys.argv[2]))
    elif command == "fill" and len(sys.argv) > 2:
        fill(Path(sys.argv[2]))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
