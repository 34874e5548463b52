"""The audit log records a scripted sequence exactly, and reads back filtered and paged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crm_desktop.domain.kinds import AuditAction, EntityKind
from crm_desktop.services import audit, contacts, merge, trash
from crm_desktop.services.audit import AuditFilter
from crm_desktop.services.dto import OrganizationInput
from crm_desktop.services.importing import run_import
from crm_desktop.services.workspace import Workspace

INN = "7707083893"


def _step(ws: Workspace, action: object) -> tuple[datetime, datetime]:
    """Run one step; the moments just before and after it."""
    before = datetime.now(UTC) - timedelta(seconds=1)
    assert callable(action)
    action()
    return before, datetime.now(UTC) + timedelta(seconds=1)


def test_scripted_sequence_is_recorded_exactly(ws: Workspace, tmp_path: Path) -> None:
    me = ws.user_id
    ids: dict[str, int] = {}

    def create() -> None:
        ids["org"] = contacts.create_organization(
            ws, OrganizationInput(name="ООО Ромашка", city="Москва")
        ).id

    def edit() -> None:
        card = contacts.get_organization(ws, ids["org"])
        data = OrganizationInput(name="ООО Ромашка", city="Казань", website="romashka.ru")
        contacts.update_organization(ws, ids["org"], data, expected_version=card.version)

    def merge_twin() -> None:
        ids["twin"] = contacts.create_organization(
            ws, OrganizationInput(name="Ромашка, ООО", inn=INN)
        ).id
        ids["merge"] = merge.merge(ws, EntityKind.ORGANIZATION, ids["org"], ids["twin"])

    def import_file() -> None:
        path = tmp_path / "clients.csv"
        path.write_text(
            "ФИО;Компания;Телефон\nПетров Пётр;ООО Ромашка;+7 912 345-67-89\n", encoding="utf-8"
        )
        result = run_import(ws, path)
        assert result.import_id is not None
        ids["import"] = result.import_id
        page = audit.query_log(ws, AuditFilter(action=AuditAction.IMPORT))
        ids["person"] = page.rows[0].entity_id

    def delete() -> None:
        contacts.move_to_trash(ws, EntityKind.PERSON, ids["person"])
        trash.purge(ws, EntityKind.PERSON, ids["person"])

    windows = [_step(ws, s) for s in (create, edit, merge_twin, import_file, delete)]
    org, twin, person = ids["org"], ids["twin"], ids["person"]
    o, p = EntityKind.ORGANIZATION, EntityKind.PERSON
    expected = [
        # step, action, kind, id, field, old, new, change set
        (0, AuditAction.CREATE, o, org, "name", None, "ООО Ромашка", None),
        (0, AuditAction.CREATE, o, org, "city", None, "Москва", None),
        (0, AuditAction.CREATE, o, org, "is_key_client", None, "False", None),
        (0, AuditAction.CREATE, o, org, "owner_id", None, str(me), None),
        (1, AuditAction.UPDATE, o, org, "city", "Москва", "Казань", None),
        (1, AuditAction.UPDATE, o, org, "website", None, "romashka.ru", None),
        (2, AuditAction.CREATE, o, twin, "name", None, "Ромашка, ООО", None),
        (2, AuditAction.CREATE, o, twin, "inn", None, INN, None),
        (2, AuditAction.CREATE, o, twin, "is_key_client", None, "False", None),
        (2, AuditAction.CREATE, o, twin, "owner_id", None, str(me), None),
        (2, AuditAction.MERGE, o, org, "inn", None, INN, ids["merge"]),
        (2, AuditAction.MERGE, o, twin, "merged_into", None, str(org), ids["merge"]),
        (3, AuditAction.IMPORT, p, person, None, None, None, ids["import"]),
        (4, AuditAction.TRASH, p, person, None, None, None, None),
        (4, AuditAction.DELETE, p, person, "full_name", "Петров Пётр", None, None),
    ]
    rows = list(reversed(audit.query_log(ws).rows))
    got = [
        (r.action, r.entity_kind, r.entity_id, r.field, r.old_value, r.new_value, r.change_set_id)
        for r in rows
    ]
    assert got == [e[1:] for e in expected]
    for row, (step, *_rest) in zip(rows, expected, strict=True):
        assert row.user_id == me  # who
        since, until = windows[step]
        assert since <= row.at <= until  # when
    # read as a person reads it
    by_field = {(r.entity_id, r.field): r for r in rows if r.action is AuditAction.UPDATE}
    city = by_field[(org, "city")]
    assert (city.field_label, city.old_text, city.new_text) == ("City", "Москва", "Казань")
    owner = next(r for r in rows if r.field == "owner_id")
    assert owner.field_label == "Responsible" and owner.new_text == rows[0].user_name
    gone = rows[-1]
    assert gone.entity_name == "Петров Пётр"  # purged: named from the log itself
    merged = next(r for r in rows if r.field == "merged_into")
    assert merged.new_text == "ООО Ромашка"


def test_filters_and_paging(ws: Workspace) -> None:
    for n in range(12):
        contacts.create_organization(ws, OrganizationInput(name=f"Фирма {n}"))
    first = contacts.create_organization(ws, OrganizationInput(name="Первая", city="Омск"))
    everything = audit.query_log(ws)
    assert everything.total == 13 * 3 + 1  # name, key client, owner (+ city)
    page = audit.query_log(ws, offset=5, limit=7)
    assert page.total == everything.total
    assert [r.id for r in page.rows] == [r.id for r in everything.rows[5:12]]
    own = audit.query_log(ws, AuditFilter(entity_kind=EntityKind.ORGANIZATION, entity_id=first.id))
    assert {r.field for r in own.rows} == {"name", "city", "is_key_client", "owner_id"}
    assert audit.query_log(ws, AuditFilter(user_id=ws.user_id)).total == everything.total
    assert audit.query_log(ws, AuditFilter(user_id=(ws.user_id or 0) + 99)).total == 0
    future = datetime.now(UTC) + timedelta(days=1)
    assert audit.query_log(ws, AuditFilter(since=future)).total == 0
    assert audit.query_log(ws, AuditFilter(until=future)).total == everything.total
    assert audit.query_log(ws, AuditFilter(action=AuditAction.UPDATE)).total == 0
    assert audit.query_log(ws, AuditFilter(entity_kind=EntityKind.DEAL)).rows == []
    history = audit.record_history(ws, EntityKind.ORGANIZATION, first.id)
    assert [r.id for r in history] == [r.id for r in own.rows]


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("amount_minor", "12345600", "123 456"),
        ("amount_minor", "150", "1.50"),
        ("is_key_client", "True", "yes"),
        ("probability", "40", "40 %"),
        ("role", "read_only", "Read-only"),
        ("expected_close_on", "2026-03-01", "2026-03-01"),
        ("subject", "Позвонить", "Позвонить"),
        ("owner_id", "999", "#999"),
    ],
)
def test_values_read_as_a_person_reads_them(field: str, value: str, text: str) -> None:
    assert audit.readable(field, value, {}) == text


def test_reordering_a_checklist_is_recorded(ws: Workspace) -> None:
    from crm_desktop.services import activities
    from crm_desktop.services.activities import ActivityInput

    task = activities.create_activity(ws, ActivityInput("Подготовить договор")).id
    first = activities.add_subtask(ws, task, "Реквизиты").id
    second = activities.add_subtask(ws, task, "Печать").id
    activities.reorder_subtasks(ws, task, [second, first])
    changed = audit.query_log(ws, AuditFilter(action=AuditAction.UPDATE)).rows
    assert {(r.entity_id, r.field, r.old_value, r.new_value) for r in changed} == {
        (first, "subject", "Реквизиты", "Печать"),
        (second, "subject", "Печать", "Реквизиты"),
    }
