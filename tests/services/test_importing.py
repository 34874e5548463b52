"""Importing files into the base, the duplicates policies, cancel and undo, on every engine."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm_desktop.config import AppPaths
from crm_desktop.domain.kinds import AuditAction, ChangeSetStatus, EntityKind
from crm_desktop.errors import NotFoundError, UserError, ValidationError
from crm_desktop.services import contacts, search
from crm_desktop.services.dto import (
    EmailInput,
    OrganizationInput,
    PersonInput,
    PhoneInput,
)
from crm_desktop.services.exporting import export_json
from crm_desktop.services.importing import (
    list_imports,
    plan_import,
    run_import,
    undo_import,
)
from crm_desktop.services.progress import Cancelled
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import AuditEntry, ChangeSet, Person
from tests.importing.builders import ods, ods_body, xlsx
from tests.services.test_merge import dump

HEADER = [
    "ФИО",
    "Компания",
    "ИНН",
    "Должность",
    "Телефон",
    "Email",
    "Город",
    "Теги",
    "День рождения",
]
INN = "7707083893"  # a valid 10-digit INN


def _csv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    text = "\n".join(";".join("" if v is None else str(v) for v in row) for row in rows)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _basic_file(tmp_path: Path) -> Path:
    return _csv(
        tmp_path / "clients.csv",
        [
            HEADER,
            [
                "Петров Пётр Иванович",
                "ООО «Ромашка»",
                INN,
                "Директор",
                "+7 912 345-67-89",
                "petrov@romashka.ru",
                "Москва",
                "vip",
                "17.05.1980",
            ],
            [
                "Сидорова Анна",
                "ООО «Ромашка»",
                INN,
                "Бухгалтер",
                "8 (912) 000-11-22",
                "",
                "",
                "vip, опт",
                "",
            ],
            ["Петров П. И.", "Ромашка, ООО", "", "", "89123456789", "", "", "", ""],  # same
            ["", "ИП Козлов", "", "", "+7 495 123-45-67", "", "Казань", "", ""],  # company only
            ["", "", "", "", "+7 903 111-22-33", "", "", "", ""],  # unnamed contact
            ["", "", "", "Менеджер", "", "", "Омск", "", ""],  # nothing to import it as
            ["", "", "", "", "", "", "", "", ""],  # blank: skipped silently
            ["Волков Олег", "", "", "", "610-96-48", "volkov@@mail", "", "", "31.02.1990"],
        ],
    )


def _codes(summary: dict[str, object]) -> set[tuple[object, str]]:
    warnings = summary["warnings"]
    assert isinstance(warnings, list)
    return {(w["row"], w["code"]) for w in warnings}


def test_import_counts_rejections_warnings_and_unnamed(ws: Workspace, tmp_path: Path) -> None:
    path = _basic_file(tmp_path)
    plan = plan_import(ws, path)
    preview = plan.summary()
    assert preview["import_id"] is None
    result = run_import(ws, path)
    summary = result.summary()
    for key in ("rows_read", "organizations_created", "persons_created", "rejected"):
        assert summary[key] == preview[key]
    assert summary["rows_read"] == 7
    assert summary["organizations_created"] == 2  # Ромашка, ИП Козлов
    assert summary["persons_created"] == 4  # Петров, Сидорова, unnamed, Волков
    assert summary["organizations_matched"] == summary["persons_matched"] == 0
    assert summary["rejected"] == [
        {"row": 7, "reason": summary["rejected"][0]["reason"], "code": "no_identity"}
    ]
    codes = _codes(summary)
    assert (4, "duplicate_in_file") in codes
    assert (6, "unnamed_contact") in codes
    assert {(9, "phone_invalid"), (9, "email_invalid"), (9, "date_invalid")} <= codes
    with ws.read() as uow:
        persons = {p.full_name: p for p in uow.session.scalars(sa.select(Person))}
        petrov = persons["Петров Пётр Иванович"]
        petrov_id = petrov.id
        assert petrov.organization is not None and petrov.organization.inn == INN
        assert [p.e164 for p in petrov.phones] == ["+79123456789"]
        assert [t.name for t in petrov.tags] == ["vip"]
        assert {t.name for t in persons["Сидорова Анна"].tags} == {"vip", "опт"}
        unnamed = persons[""]
        assert [p.e164 for p in unnamed.phones] == ["+79031112233"]
        volkov = persons["Волков Олег"]
        assert [(p.raw, p.is_valid) for p in volkov.phones] == [("610-96-48", False)]
        audit = uow.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.change_set_id == result.import_id)
        ).all()
        assert {a.action for a in audit} == {AuditAction.IMPORT}
        assert len(audit) == 6  # one per created record
    card = contacts.get_person(ws, petrov_id)
    assert card.birthday == date(1980, 5, 17)
    assert card.position == "Директор"


def test_search_finds_imported_people(ws: Workspace, tmp_path: Path) -> None:
    run_import(ws, _basic_file(tmp_path))
    hits = search.search(ws, "Сидорова")
    assert [h.title for h in hits if h.kind is EntityKind.PERSON] == ["Сидорова Анна"]
    assert any(h.kind is EntityKind.PERSON for h in search.search(ws, "9123456789"))
    assert any(h.kind is EntityKind.ORGANIZATION for h in search.search(ws, INN))


def _existing(ws: Workspace) -> tuple[int, int]:
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»", city="Тверь"))
    person = contacts.create_person(
        ws,
        PersonInput(
            full_name="Петров Пётр Иванович",
            organization_id=org.id,
            position="Менеджер",
            phones=[PhoneInput(raw="+7 912 345-67-89")],
            emails=[EmailInput(address="old@romashka.ru")],
            tags=["старый"],
            birthday=date(1979, 1, 1),
        ),
    )
    return org.id, person.id


def _matching_file(tmp_path: Path) -> Path:
    return xlsx(
        tmp_path / "update.xlsx",
        [
            HEADER,
            [
                "Петров Пётр",
                "Ромашка",
                INN,
                "Директор",
                "+7 912 345-67-89; +7 999 000-00-01",
                "petrov@romashka.ru",
                "Москва",
                "vip",
                "17.05.1980",
            ],
            ["Новикова Ольга", "Ромашка", "", "", "+7 999 000-00-02", "", "", "", ""],
        ],
    )


@pytest.mark.parametrize("policy", ["merge", "update", "skip", "create"])
def test_duplicates_policies(ws: Workspace, tmp_path: Path, policy: str) -> None:
    org_id, person_id = _existing(ws)
    summary = run_import(ws, _matching_file(tmp_path), on_duplicate=policy).summary()
    person = contacts.get_person(ws, person_id)
    org = contacts.get_organization(ws, org_id)
    if policy == "create":
        assert summary["persons_matched"] == summary["organizations_matched"] == 0
        assert summary["persons_created"] == 2 and summary["organizations_created"] == 1
    else:
        assert summary["persons_matched"] == 1 and summary["organizations_matched"] == 1
        assert summary["persons_created"] == 1 and summary["organizations_created"] == 0
    with ws.read() as uow:
        novikova = uow.session.scalars(
            sa.select(Person).where(Person.full_name == "Новикова Ольга")
        ).one()
        assert (novikova.organization_id == org_id) is (policy != "create")
    if policy in ("skip", "create"):
        assert person.position == "Менеджер" and person.city is None
        assert [p.e164 for p in person.phones] == ["+79123456789"]
        assert person.tags == ("старый",) and org.inn is None
        return
    assert [p.e164 for p in person.phones] == ["+79123456789", "+79990000001"]
    assert [e.address for e in person.emails] == ["old@romashka.ru", "petrov@romashka.ru"]
    assert set(person.tags) == {"старый", "vip"}
    assert person.city == "Москва"
    assert person.full_name == "Петров Пётр Иванович"  # the name is never changed
    assert org.inn == INN
    if policy == "merge":
        assert person.position == "Менеджер" and org.city == "Тверь"
        assert person.birthday == date(1979, 1, 1)
    else:
        assert person.position == "Директор" and person.birthday == date(1980, 5, 17)


def test_undo_after_merge_gives_the_base_back(ws: Workspace, tmp_path: Path) -> None:
    _existing(ws)
    contacts.create_person(ws, PersonInput(full_name="Иванов Иван", city="Пермь"))
    before = dump(ws)
    result = run_import(ws, _matching_file(tmp_path), on_duplicate="update")
    run_import(ws, _basic_file(tmp_path))  # a later import, undone first
    assert dump(ws) != before
    batches = list_imports(ws)
    assert [b.id for b in batches][1] == result.import_id
    undo_import(ws, batches[0].id)
    undone = undo_import(ws, result.import_id)
    assert undone.records_restored == 2 and undone.persons_removed == 1
    assert dump(ws) == before
    assert [b.status for b in list_imports(ws)] == ["undone", "undone"]
    with pytest.raises(ValidationError, match="already been undone"):
        undo_import(ws, result.import_id)
    with pytest.raises(NotFoundError):
        undo_import(ws, 9999)


def test_undo_is_refused_after_a_later_edit(ws: Workspace, tmp_path: Path) -> None:
    _, person_id = _existing(ws)
    result = run_import(ws, _matching_file(tmp_path))
    card = contacts.get_person(ws, person_id)
    contacts.update_person(
        ws,
        person_id,
        PersonInput(full_name=card.full_name, position="Главный"),
        expected_version=card.version,
    )
    with pytest.raises(ValidationError, match=r"Петров Пётр Иванович.*changed after the import"):
        undo_import(ws, result.import_id)


def test_undo_is_refused_when_a_created_record_was_edited(ws: Workspace, tmp_path: Path) -> None:
    result = run_import(ws, _basic_file(tmp_path))
    hits = [h for h in search.search(ws, "Сидорова") if h.kind is EntityKind.PERSON]
    card = contacts.get_person(ws, hits[0].id)
    contacts.update_person(
        ws, card.id, PersonInput(full_name="Сидорова Анна Петровна"), expected_version=card.version
    )
    with pytest.raises(ValidationError, match="Сидорова Анна Петровна"):
        undo_import(ws, result.import_id)
    assert list_imports(ws)[0].status == "done"


def test_cancel_midway_writes_nothing(ws: Workspace, tmp_path: Path) -> None:
    _existing(ws)
    before = dump(ws)
    letters = "абвгдежзиклмнопрстуфхцчшэюя"
    rows = [HEADER] + [
        [
            f"Клиентов {letters[i % 27]}{letters[i // 27 % 27]}{letters[i // 729]}ин",
            f"Фирма {i % 7}",
            "",
            "",
            f"+7 916 {i:03d}-00-00",
            "",
            "",
            "",
            "",
        ]
        for i in range(2500)
    ]
    path = _csv(tmp_path / "big.csv", rows)
    plan = plan_import(ws, path)
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        run_import(ws, plan, progress=progress)
    assert dump(ws) == before
    with ws.read() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(ChangeSet)) == 0


def test_multi_sheet_rows_are_named_by_sheet(ws: Workspace, tmp_path: Path) -> None:
    body = ods_body(
        {
            "Клиенты": [["ФИО", "Телефон"], ["Орлов Игорь", "+7 912 000-00-01"], ["", ""]],
            "Партнёры": [["Компания", "Email"], ["ООО «Вектор»", "bad@@x"], ["", "", ""]],
        }
    )
    path = ods(tmp_path / "two.ods", body)
    summary = run_import(ws, path).summary()
    assert summary["sheets"] == ["Клиенты", "Партнёры"]
    assert summary["persons_created"] == 1 and summary["organizations_created"] == 1
    assert ("Партнёры!2", "email_invalid") in _codes(summary)
    one = run_import(ws, path, sheet="Клиенты").summary()
    assert one["persons_matched"] == 1 and one["warnings"] == []


def test_bad_input_is_a_user_error_and_writes_nothing(ws: Workspace, tmp_path: Path) -> None:
    before = dump(ws)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(UserError):
        run_import(ws, broken)
    with pytest.raises(UserError, match="duplicates policy"):
        run_import(ws, _basic_file(tmp_path), on_duplicate="replace")
    no_columns = _csv(tmp_path / "x.csv", [["Сумма", "Дата"], ["1", "2"]])
    with pytest.raises(UserError, match="maps to a name"):
        plan_import(ws, no_columns)
    with pytest.raises(UserError, match="no mapping profile"):
        plan_import(ws, _basic_file(tmp_path), mapping="Битрикс")
    assert dump(ws) == before


def test_round_trip_export_then_import(ws: Workspace, tmp_path: Path) -> None:
    run_import(ws, _basic_file(tmp_path))
    exported = io.StringIO()
    export_json(ws, exported)
    data = json.loads(exported.getvalue())
    rows: list[list[object]] = [["ФИО", "Компания", "ИНН", "Должность", "Телефон", "Email"]]
    for org in data["organizations"]:
        phones = "; ".join(p["raw"] for p in org["phones"])
        rows.append(["", org["name"], org["inn"] or "", "", phones, ", ".join(org["emails"])])
        for person in org["persons"]:
            phones = "; ".join(p["raw"] for p in person["phones"])
            rows.append(
                [
                    person["full_name"],
                    org["name"],
                    org["inn"] or "",
                    person["position"] or "",
                    phones,
                    ", ".join(person["emails"]),
                ]
            )
    for person in data["persons_without_organization"]:
        if person["full_name"]:
            phones = "; ".join(p["raw"] for p in person["phones"])
            rows.append([person["full_name"], "", "", "", phones, ", ".join(person["emails"])])
    path = xlsx(tmp_path / "export.xlsx", rows)
    with Workspace.open(
        f"sqlite:///{tmp_path / 'copy.sqlite3'}",
        paths=AppPaths.resolve(tmp_path / "copy"),
        create=True,
    ) as copy:
        run_import(copy, path)
        again = io.StringIO()
        export_json(copy, again)
    second = json.loads(again.getvalue())

    def shape(doc: dict[str, list[dict[str, object]]]) -> list[object]:
        return sorted(
            (
                o["name"],
                o["inn"],
                sorted(
                    (p["full_name"], [ph["e164"] for ph in p["phones"]], p["emails"])
                    for p in o["persons"]
                ),
            )
            for o in doc["organizations"]
        )

    assert shape(second) == shape(data)
    # the same file into the base it came from matches everyone it can: all but Волков,
    # whose only phone is invalid (a namesake with nothing shared is another person)
    summary = run_import(ws, path).summary()
    assert summary["persons_created"] == 1 and summary["organizations_created"] == 0


def test_import_history_lists_counts(ws: Workspace, tmp_path: Path) -> None:
    result = run_import(ws, _basic_file(tmp_path))
    (batch,) = list_imports(ws)
    assert batch.id == result.import_id and batch.file_name == "clients.csv"
    assert batch.status == ChangeSetStatus.DONE.value
    assert batch.counts["persons_created"] == 4 and batch.counts["rows_read"] == 7
    assert batch.to_json()["import_id"] == result.import_id


def test_custom_fields_and_owner_are_imported_and_undone(ws: Workspace, tmp_path: Path) -> None:
    _existing(ws)
    before = dump(ws)
    profile = tmp_path / "profile.json"
    columns = {
        "фио": {"field": "full_name"},
        "телефон": {"field": "phone"},
        "канал": {"field": "custom", "name": "Канал"},
        "ответственный": {"field": "owner"},
    }
    profile.write_text(json.dumps({"version": 1, "name": "p", "columns": columns}), "utf-8")
    path = xlsx(
        tmp_path / "custom.xlsx",
        [
            ["ФИО", "Телефон", "Канал", "Ответственный"],
            ["Петров Пётр", "+7 912 345-67-89", "выставка", "Никто Такой"],
            ["Лебедев Олег", "+7 912 345-00-00", "сайт", ""],
        ],
    )
    result = run_import(ws, path, mapping=profile)
    summary = result.summary()
    assert summary["persons_matched"] == 1 and summary["persons_created"] == 1
    assert (2, "owner_unknown") in _codes(summary)
    with ws.read() as uow:
        values = uow.session.execute(
            sa.text(
                "SELECT d.name, v.value FROM custom_field_values v "
                "JOIN custom_field_defs d ON d.id = v.field_id ORDER BY v.value"
            )
        ).all()
    assert [tuple(v) for v in values] == [("Канал", "выставка"), ("Канал", "сайт")]
    undo_import(ws, result.import_id)
    assert dump(ws) == before


def test_an_import_into_a_file_base_is_preceded_by_a_verified_backup(
    tmp_path: Path,
) -> None:
    from crm_desktop.services.backups import list_backups

    ws = Workspace.open(
        str(tmp_path / "b.sqlite3"), paths=AppPaths.resolve(tmp_path / "data"), create=True
    )
    try:
        source = tmp_path / "people.csv"
        source.write_text("ФИО;Телефон\nИванов Иван;+7 912 345-67-89\n", encoding="utf-8")
        run_import(ws, source)
        assert ws.backup_dir is not None
        labels = [b.label for b in list_backups(ws.backup_dir)]
    finally:
        ws.close()
    assert "before-import" in labels
