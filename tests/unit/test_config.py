"""Preferences and the computer user's name."""

from __future__ import annotations

from pathlib import Path

from crm_desktop.config import Settings, os_user_name


def test_os_user_name_is_a_name() -> None:
    name = os_user_name()
    assert name and name == name.strip() and len(name) <= 200


def test_settings_survive_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path) == Settings()
    Settings(language="ru", company_name="ООО «Ромашка»").save(path)
    assert Settings.load(path).company_name == "ООО «Ромашка»"
