"""Values read the way people write them; a row becomes a record with warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_desktop.importing.cells import Cell
from crm_desktop.importing.fields import Field, Target
from crm_desktop.importing.layout import DataRow
from crm_desktop.importing.mapping import Mapping
from crm_desktop.importing.records import ImportRecord, PartialDate
from crm_desktop.importing.values import (
    RecordReader,
    ValueOptions,
    infer_day_first,
    parse_date,
    split_emails,
)

TODAY = dt.date(2024, 6, 1)


@pytest.mark.parametrize(
    ("value", "day_first", "expected"),
    [
        ("17.05.1980", True, "1980-05-17"),
        ("17.05.80", True, "1980-05-17"),
        ("05.06.07", True, "2007-06-05"),
        ("1980-05-17", True, "1980-05-17"),
        ("1980-05-17T00:00:00Z", True, "1980-05-17"),
        ("19800517", True, "1980-05-17"),
        ("5/17/1980", False, "1980-05-17"),  # Outlook
        ("03/04/1980", True, "1980-04-03"),  # ambiguous: day-first for Russian files
        ("03/04/1980", False, "1980-03-04"),
        ("--05-17", True, "--05-17"),  # Google, no year
        ("17.05", True, "--05-17"),
        ("17 мая 1980 г.", True, "1980-05-17"),
        ("17 May 1980", True, "1980-05-17"),
        ("'17.05.1980", True, "1980-05-17"),  # Excel's text apostrophe
        (dt.datetime(1980, 5, 17, 12, 0), True, "1980-05-17"),
        (dt.date(1980, 5, 17), True, "1980-05-17"),
        (29358, True, "1980-05-17"),  # an Excel serial number
        (19800517, True, "1980-05-17"),
        ("29.02.2000", True, "2000-02-29"),
        ("29.02", True, "--02-29"),
    ],
)
def test_dates_read(value: Cell, day_first: bool, expected: str) -> None:
    result = parse_date(value, day_first=day_first, today=TODAY)
    assert result.code is None
    assert str(result.value) == expected


@pytest.mark.parametrize("value", ["0/0/00", "", "  ", "00.00.0000", None])
def test_empty_dates(value: Cell) -> None:
    assert parse_date(value, today=TODAY) == parse_date("", today=TODAY)
    assert parse_date(value, today=TODAY).value is None and parse_date(value).code is None


@pytest.mark.parametrize(
    "value", ["31.02.2020", "13/13/2020", "32.01.1990", "29.02.2001", "1.1.1700"]
)
def test_impossible_dates_are_flagged(value: str) -> None:
    assert parse_date(value, today=TODAY).code == "date_invalid"


@pytest.mark.parametrize("value", ["вчера", "скоро", "1980/99", True])
def test_unreadable_dates_are_flagged(value: Cell) -> None:
    assert parse_date(value, today=TODAY).code == "date_unreadable"


def test_day_month_order_inferred_from_the_column() -> None:
    assert infer_day_first(["03/04/1980", "25/12/1990"]) is True
    assert infer_day_first(["03/04/1980", "12/25/1990"]) is False
    assert infer_day_first(["03/04/1980", "01/02/1990"]) is None
    assert infer_day_first(["25/12/1990", "12/25/1990"]) is None  # contradictory


def test_emails_split_trimmed_and_flagged() -> None:
    valid, bad = split_emails(
        " Иван <Ivan@Mail.RU>; mailto:sales@ромашка.рф?subject=hi, info@x.ru\n"
        "info@x.ru ::: broken@ "
    )
    assert valid == ["ivan@mail.ru", "sales@ромашка.рф", "info@x.ru"]
    assert bad == ["broken@"]


def _reader(**targets: Target) -> tuple[RecordReader, list[str]]:
    mapping = Mapping()
    names = list(targets)
    for i, target in enumerate(targets.values()):
        mapping.assign(i, target)
    return RecordReader(mapping, "Лист1", ValueOptions(today=TODAY)), names


def _read(reader: RecordReader, *cells: Cell, group: str | None = None) -> ImportRecord:
    return reader.read(DataRow(7, list(cells), group))


def test_a_full_row() -> None:
    reader, _ = _reader(
        name=Target(Field.FULL_NAME),
        org=Target(Field.ORGANIZATION),
        phone=Target(Field.PHONE, "work"),
        mobile=Target(Field.PHONE, "mobile"),
        email=Target(Field.EMAIL),
        inn=Target(Field.INN),
        birthday=Target(Field.BIRTHDAY),
        tags=Target(Field.TAGS),
        note1=Target(Field.NOTES),
        note2=Target(Field.NOTES),
        custom=Target(Field.CUSTOM, name="Размер"),
    )
    record = _read(
        reader,
        "Иванов Иван Петрович",
        "ООО «Ромашка»",
        "8 (495) 123-45-67 доб. 12, +7 912 345-67-89",
        89123456789.0,  # a phone typed as a number: the same number as above
        "ivan@mail.ru; IVAN@mail.ru",
        7707083893,
        "17.05.1980",
        "vip, опт; VIP",
        "первая",
        "вторая",
        "L",
    )
    assert (record.sheet, record.row) == ("Лист1", 7)
    assert (record.last_name, record.first_name, record.middle_name) == (
        "Иванов",
        "Иван",
        "Петрович",
    )
    assert record.full_name == "Иванов Иван Петрович"
    assert record.organization == "ООО «Ромашка»"
    assert [(p.e164, p.extension, p.kind.value) for p in record.phones] == [
        ("+74951234567", "12", "work"),
        ("+79123456789", None, "work"),
    ]
    assert record.emails == ["ivan@mail.ru"]
    assert record.inn == "7707083893"
    assert record.birthday == PartialDate(1980, 5, 17)
    assert record.tags == ["vip", "опт"]
    assert record.notes == "первая\nвторая"
    assert record.custom == {"Размер": "L"}
    assert record.warnings == []


def test_unparseable_phone_is_kept_and_flagged() -> None:
    reader, _ = _reader(phone=Target(Field.PHONE))
    record = _read(reader, "610-96-48; +7 912 345-67-89; нет")
    assert [(p.raw, p.valid, p.reason) for p in record.phones] == [
        ("610-96-48", False, "too_short"),  # a local number without its area code
        ("+7 912 345-67-89", True, None),
    ]
    assert [w.code for w in record.warnings] == ["phone_invalid"]  # 'нет' is a placeholder
    assert record.warnings[0].row == 7 and record.warnings[0].field == "phone"
    text = _read(reader, "звонить после 18")
    assert [(p.raw, p.valid, p.reason) for p in text.phones] == [
        ("звонить после 18", False, "not_a_number")
    ]


def test_region_is_used_for_local_numbers() -> None:
    mapping = Mapping(columns={0: Target(Field.PHONE)})
    reader = RecordReader(mapping, "s", ValueOptions(region="KZ"))
    assert reader.read(DataRow(1, ["8 701 234 5678"], None)).phones[0].e164 == "+77012345678"


def test_flags_for_every_bad_value_and_nothing_lost() -> None:
    reader, _ = _reader(
        email=Target(Field.EMAIL),
        birthday=Target(Field.BIRTHDAY),
        inn=Target(Field.INN),
        kpp=Target(Field.KPP),
        ogrn=Target(Field.OGRN),
    )
    record = _read(reader, "ivan@@mail", "31.02.1980", "12345", "77A", "123")
    assert [w.code for w in record.warnings] == [
        "email_invalid",
        "date_invalid",
        "inn_invalid",
        "kpp_invalid",
        "ogrn_invalid",
    ]
    assert record.unparsed == [
        ("email", "ivan@@mail"),
        ("birthday", "31.02.1980"),
        ("inn", "12345"),
        ("kpp", "77A"),
        ("ogrn", "123"),
    ]
    assert record.emails == [] and record.inn is None and record.birthday is None


def test_inn_details() -> None:
    reader, _ = _reader(inn=Target(Field.INN), kpp=Target(Field.KPP))
    assert _read(reader, "'7707083893", "").inn == "7707083893"
    both = _read(reader, "7707083893/770701001", "")
    assert (both.inn, both.kpp) == ("7707083893", "770701001")
    bad_sum = _read(reader, "7707083894", "")
    assert bad_sum.inn == "7707083894" and [w.code for w in bad_sum.warnings] == ["inn_checksum"]
    # 0274062111 (Башкортостан) typed as a number lost its leading zero
    assert _read(reader, 274062111, 27401001).inn == "0274062111"
    assert _read(reader, 274062111, 27401001).kpp == "027401001"


def test_name_parts_and_whole_name_in_one_part() -> None:
    reader, _ = _reader(
        last=Target(Field.LAST_NAME),
        first=Target(Field.FIRST_NAME),
        middle=Target(Field.MIDDLE_NAME),
    )
    record = _read(reader, "Петрова", "Анна", "Сергеевна")
    assert record.full_name == "Петрова Анна Сергеевна"
    whole = _read(reader, "", "Иванов Иван Петрович", "")
    assert (whole.last_name, whole.first_name, whole.middle_name) == ("Иванов", "Иван", "Петрович")


def test_a_company_in_the_name_column_becomes_the_organization() -> None:
    reader, _ = _reader(name=Target(Field.FULL_NAME))
    record = _read(reader, "ООО «Ромашка»")
    assert record.organization == "ООО «Ромашка»" and record.full_name == ""
    assert [w.code for w in record.warnings] == ["name_is_organization"]
    assert _read(reader, "Ипатьев Олег").full_name == "Ипатьев Олег"


def test_google_phone_labels_give_the_kind_row_by_row() -> None:
    mapping = Mapping(columns={1: Target(Field.PHONE, label_column=0)})
    reader = RecordReader(mapping, "s")
    assert (
        reader.read(DataRow(2, ["Mobile", "+7 912 345-67-89"], None)).phones[0].kind.value
        == "mobile"
    )
    assert (
        reader.read(DataRow(3, ["Work Fax", "+7 495 123-45-67"], None)).phones[0].kind.value
        == "fax"
    )
    assert reader.read(DataRow(4, ["", "+7 495 123-45-67"], None)).phones[0].kind.value == "other"


def test_group_heading_can_be_mapped() -> None:
    mapping = Mapping(columns={0: Target(Field.FULL_NAME)}, group_target=Target(Field.SEGMENT))
    record = RecordReader(mapping, "s").read(DataRow(5, ["Иванов Иван"], "Оптовики"))
    assert record.segment == "Оптовики"


def test_column_order_of_slashed_dates_is_learnt() -> None:
    mapping = Mapping(columns={0: Target(Field.BIRTHDAY)})
    reader = RecordReader(mapping, "s", ValueOptions(today=TODAY))
    rows = [DataRow(2, ["03/04/1980"], None), DataRow(3, ["12/25/1990"], None)]
    reader.prepare(rows)
    assert reader.read(rows[0]).birthday == PartialDate(1980, 3, 4)


def test_overlong_text_is_cut_with_a_warning() -> None:
    reader, _ = _reader(notes=Target(Field.NOTES))
    record = _read(reader, "x" * 40000)
    assert len(record.notes) == 32767 and record.warnings[0].code == "value_truncated"
