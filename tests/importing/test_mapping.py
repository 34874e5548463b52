"""Column suggestions for the common exports, the editable mapping, and profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crm_desktop.errors import UserError
from crm_desktop.importing.cells import Row
from crm_desktop.importing.fields import Field, Target
from crm_desktop.importing.layout import Layout, detect_layout
from crm_desktop.importing.mapping import Profile, ProfileStore, profile_from_file, suggest_mapping
from crm_desktop.importing.vcard import COLUMNS as VCARD_COLUMNS


def _layout(*headers: str) -> Layout:
    rows: list[Row] = [(1, list(headers))]
    return detect_layout(rows)


def _suggested(*headers: str) -> dict[str, tuple[str, str | None] | None]:
    layout = _layout(*headers)
    mapping = suggest_mapping(layout)
    out: dict[str, tuple[str, str | None] | None] = {}
    for column in layout.columns:
        target = mapping.target(column.index)
        out[column.label] = (target.field.value, target.kind) if target else None
    return out


def test_hand_made_russian_headers() -> None:
    assert _suggested(
        "ФИО", "Компания", "Должность", "Тел.", "Моб. телефон", "e-mail", "ИНН", "КПП",
        "Адрес", "Город", "Сайт", "Теги", "Примечание", "ДР", "Ответственный", "Источник",
        "Сегмент", "№",
    ) == {
        "ФИО": ("full_name", None),
        "Компания": ("organization", None),
        "Должность": ("position", None),
        "Тел.": ("phone", None),
        "Моб. телефон": ("phone", "mobile"),
        "e-mail": ("email", None),
        "ИНН": ("inn", None),
        "КПП": ("kpp", None),
        "Адрес": ("address", None),
        "Город": ("city", None),
        "Сайт": ("website", None),
        "Теги": ("tags", None),
        "Примечание": ("notes", None),
        "ДР": ("birthday", None),
        "Ответственный": ("owner", None),
        "Источник": ("source", None),
        "Сегмент": ("segment", None),
        "№": None,
    }  # fmt: skip


def test_bitrix24_contact_export() -> None:
    got = _suggested(
        "ID", "Обращение", "Имя", "Фамилия", "Отчество", "Дата рождения", "Должность",
        "Компания", "Рабочий телефон", "Мобильный телефон", "Номер факса", "Домашний телефон",
        "Номер пейджера", "Рабочий e-mail", "Частный e-mail", "Корпоративный сайт",
        "Реквизит (Россия): ИНН", "Комментарий", "Тип контакта", "Дата создания",
    )  # fmt: skip
    assert got["ID"] is None and got["Обращение"] is None and got["Дата создания"] is None
    assert got["Имя"] == ("first_name", None)
    assert got["Фамилия"] == ("last_name", None)
    assert got["Отчество"] == ("middle_name", None)
    assert got["Рабочий телефон"] == ("phone", "work")
    assert got["Номер факса"] == ("phone", "fax")
    assert got["Домашний телефон"] == ("phone", "home")
    assert got["Номер пейджера"] is None
    assert got["Рабочий e-mail"] == ("email", "work")
    assert got["Частный e-mail"] == ("email", "personal")
    assert got["Реквизит (Россия): ИНН"] == ("inn", None)
    assert got["Тип контакта"] == ("segment", None)


def test_amocrm_export() -> None:
    got = _suggested(
        "Полное имя контакта", "Название компании", "Ответственный", "Теги", "Примечание 1",
        "Рабочий телефон", "Мобильный телефон", "Рабочий email", "Личный email", "Должность",
    )  # fmt: skip
    assert got["Полное имя контакта"] == ("full_name", None)
    assert got["Название компании"] == ("organization", None)
    assert got["Примечание 1"] == ("notes", None)
    assert got["Личный email"] == ("email", "personal")


def test_outlook_english_export_is_month_first() -> None:
    headers = (
        "First Name", "Middle Name", "Last Name", "Title", "Company", "Department", "Job Title",
        "Business Street", "Business City", "Home Street", "Business Fax", "Business Phone",
        "Company Main Phone", "Home Phone", "Mobile Phone", "Pager", "Assistant's Phone",
        "Birthday", "Categories", "E-mail Address", "E-mail Display Name", "E-mail 2 Address",
        "Manager's Name", "Notes", "Web Page",
    )  # fmt: skip
    got = _suggested(*headers)
    assert got["Title"] is None  # a courtesy title, not the job
    assert got["Job Title"] == ("position", None)
    assert got["Business City"] == ("city", None)
    assert got["Business Street"] == ("address", None)
    assert got["Home Street"] is None
    assert got["Business Fax"] == ("phone", "fax")
    assert got["Company Main Phone"] == ("org_phone", "work")
    assert got["Pager"] is None and got["Assistant's Phone"] is None
    assert got["E-mail Display Name"] is None
    assert got["E-mail 2 Address"] == ("email", None)
    assert got["Manager's Name"] is None
    assert got["Categories"] == ("tags", None)
    assert suggest_mapping(_layout(*headers)).day_first is False


def test_outlook_russian_export() -> None:
    got = _suggested(
        "Имя", "Отчество", "Фамилия", "Организация", "Улица (раб. адрес)", "Город (раб. адрес)",
        "Улица (дом. адрес)", "Рабочий телефон", "Телефон раб. 2", "Телефон переносной",
        "Основной телефон организации", "Адрес эл. почты", "Краткое имя эл. почты",
        "День рождения", "Заметки", "Категории", "Веб-страница",
    )  # fmt: skip
    assert got["Улица (раб. адрес)"] == ("address", None)
    assert got["Город (раб. адрес)"] == ("city", None)
    assert got["Улица (дом. адрес)"] is None
    assert got["Телефон переносной"] == ("phone", "mobile")
    assert got["Телефон раб. 2"] == ("phone", "work")
    assert got["Основной телефон организации"][0] == "org_phone"  # type: ignore[index]
    assert got["Адрес эл. почты"] == ("email", None)
    assert got["Краткое имя эл. почты"] is None
    assert got["Веб-страница"] == ("website", None)


def test_google_contacts_pairs_label_columns() -> None:
    layout = _layout(
        "Name", "Given Name", "Family Name", "Birthday", "Group Membership",
        "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value",
        "Phone 2 - Label", "Phone 2 - Value", "Organization 1 - Name", "Organization 1 - Title",
        "Address 1 - Formatted", "Address 1 - Street", "Website 1 - Value",
    )  # fmt: skip
    mapping = suggest_mapping(layout)
    label = {c.label: c.index for c in layout.columns}
    assert mapping.target(label["Phone 1 - Value"]) == Target(
        Field.PHONE, None, label["Phone 1 - Type"]
    )
    assert mapping.target(label["Phone 2 - Value"]).label_column == label["Phone 2 - Label"]  # type: ignore[union-attr]
    assert mapping.target(label["Phone 1 - Type"]) is None
    assert mapping.target(label["Organization 1 - Name"]).field is Field.ORGANIZATION  # type: ignore[union-attr]
    assert mapping.target(label["Organization 1 - Title"]).field is Field.POSITION  # type: ignore[union-attr]
    assert mapping.target(label["Address 1 - Formatted"]).field is Field.ADDRESS  # type: ignore[union-attr]
    assert mapping.target(label["Address 1 - Street"]) is None
    assert mapping.target(label["Group Membership"]).field is Field.TAGS  # type: ignore[union-attr]
    assert mapping.day_first is False


def test_1c_counterparty_list() -> None:
    got = _suggested(
        "Наименование", "Полное наименование", "ИНН", "КПП", "ОГРН", "Юридический адрес",
        "Фактический адрес", "Телефон", "Адрес электронной почты", "Контактное лицо",
        "Основной менеджер", "Комментарий",
    )  # fmt: skip
    assert got["Наименование"] == ("organization", None)
    assert got["Полное наименование"] == ("organization", None)
    assert got["ОГРН"] == ("ogrn", None)
    assert got["Юридический адрес"] == ("org_address", None)
    assert got["Адрес электронной почты"] == ("email", None)
    assert got["Контактное лицо"] == ("full_name", None)
    assert got["Основной менеджер"] == ("owner", None)


def test_vcard_columns_are_all_recognised() -> None:
    got = _suggested(*VCARD_COLUMNS)
    assert all(got[c] is not None for c in VCARD_COLUMNS), got
    assert got["Job title"] == ("position", None) and got["Fax"] == ("phone", "fax")


def test_two_level_labels_use_both_parts() -> None:
    rows: list[Row] = [
        (1, ["Контакт", "", "Телефоны", ""]),
        (2, ["ФИО", "Должность", "рабочий", "мобильный"]),
        (3, ["Иванов", "Директор", "8495", "8912"]),
    ]
    mapping = suggest_mapping(detect_layout(rows))
    assert [(t.field.value, t.kind) for _, t in mapping.items()] == [
        ("full_name", None),
        ("position", None),
        ("phone", "work"),
        ("phone", "mobile"),
    ]


def test_user_changes_a_column_and_saves_a_profile(tmp_path: Path) -> None:
    layout = _layout("Клиент", "Тел", "Phone 1 - Label", "Phone 1 - Value", "Странное")
    mapping = suggest_mapping(layout)
    mapping.assign(4, Target(Field.CUSTOM, name="Странное поле"))
    mapping.assign(1, None)
    store = ProfileStore(tmp_path / "profiles")
    path = store.save(mapping.to_profile("Мой/формат: 1"))
    assert path.parent == tmp_path / "profiles" and "/" not in path.name[:-5]
    assert store.names() == ["Мой/формат: 1"]
    loaded = store.load("Мой/формат: 1")
    # The same headers in another order: the profile follows the labels, not positions.
    other = _layout("Странное", "Phone 1 - Value", "Клиент", "Phone 1 - Label")
    assert store.best_match(other) == loaded
    again = loaded.apply(other)
    assert again.target(0) == Target(Field.CUSTOM, name="Странное поле")
    assert again.target(1) == Target(Field.PHONE, None, 3)
    assert again.target(2) == Target(Field.FULL_NAME)
    assert store.best_match(_layout("Совсем", "другие", "колонки")) is None
    store.delete("Мой/формат: 1")
    assert store.names() == []


def test_bad_profiles_are_user_errors(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text(json.dumps({"version": 99}), encoding="utf-8")
    with pytest.raises(UserError):
        profile_from_file(tmp_path / "p.json")
    (tmp_path / "q.json").write_text(
        json.dumps({"version": 1, "name": "q", "columns": {"x": {"field": "nonsense"}}}),
        encoding="utf-8",
    )
    with pytest.raises((UserError, ValueError)):
        Profile.from_json(json.loads((tmp_path / "q.json").read_text(encoding="utf-8")))
    assert ProfileStore(tmp_path).profiles() == []  # unreadable files are skipped
    with pytest.raises(UserError, match="no mapping profile"):
        ProfileStore(tmp_path).load("missing")
