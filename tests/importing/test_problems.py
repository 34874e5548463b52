"""Every problem the import can report has its text in English and Russian, made from
its code and values; the English text is what the CLI's JSON carries."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from crm_desktop.importing.identity import Rejection
from crm_desktop.importing.problems import _TEMPLATES, codes, problem_text, words
from crm_desktop.importing.readers import ReadNote
from crm_desktop.importing.records import RowWarning

ROOT = Path(__file__).resolve().parents[2] / "crm_desktop"


def _codes_in_source() -> set[str]:
    """The literal codes given to warn(), RowWarning.of(), ReadNote.of(), _bad(), Rejection()."""
    found: set[str] = set()
    for path in [
        *(ROOT / "importing").glob("*.py"),
        *(ROOT / "services" / "importing").glob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            position = {"warn": 1, "of": None, "_bad": 3, "Rejection": 2}.get(name, -1)
            if position == -1:
                continue
            literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
            strings = [v for v in literals if isinstance(v, str) and v.islower() and "_" in v]
            found.update(s for s in strings if s not in {"name", "organization", "owner"})
    return found


def test_every_code_the_import_uses_has_a_text_in_both_languages() -> None:
    used = _codes_in_source() | {"date_invalid", "date_unreadable"}  # parse_date's codes
    assert used, "no codes found: the scan is broken"
    assert used <= codes(), sorted(used - codes())
    for code in codes():
        en, ru = _TEMPLATES[code]
        needed = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        assert needed == {f for _, f, _, _ in string.Formatter().parse(ru) if f}, code
        values = {name: "1" for name in needed}
        assert problem_text(code, values, "en") != problem_text(code, values, "ru"), code


def test_values_fill_the_text_and_coded_values_are_words() -> None:
    w = RowWarning.of("Лист1", 8, "phone", "phone_invalid", text="610-96-48", reason="too_short")
    assert w.message == "“610-96-48” is not a valid phone number (too short); kept as typed."
    assert (
        w.text("ru")
        == "«610-96-48» — неверный номер телефона (слишком короткий); сохранён как введён."
    )
    assert w.to_json()["message"] == w.message  # the CLI keeps English
    assert {"too_short", "phone", "person"} <= words()


def test_a_fuller_text_is_used_when_its_value_is_given() -> None:
    short = RowWarning.of("s", 3, "name", "unnamed_contact")
    full = RowWarning.of("s", 4, "name", "unnamed_contact", row=3)
    assert "row 3" not in short.message and "also on row 3" in full.message
    assert "в строке 3" in full.text("ru")


def test_rejections_and_file_notes_speak_both_languages() -> None:
    r = Rejection("s", 7, "no_identity", problem_text("no_identity"))
    assert "nothing to import" in r.message and "импортировать нечего" in r.text("ru")
    note = ReadNote.of("bytes_replaced", count=3, encoding="cp1251")
    assert "3 characters" in note.message and "cp1251" in note.text("ru")


def test_an_unknown_code_falls_back_to_its_message() -> None:
    w = RowWarning("s", 1, "x", "something_new", "Something new happened.")
    assert w.text("ru") == "Something new happened."
