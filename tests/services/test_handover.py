"""Handing a client, or all clients of a user, over to another user: everything moves,
the history stays, the log says so, and it can be undone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import AuditAction, ChangeSetStatus, EntityKind, Role, StageKind
from crm_desktop.errors import ValidationError
from crm_desktop.services import activities, audit, contacts, deals, handover, users
from crm_desktop.services.activities import ActivityInput
from crm_desktop.services.deals import DealInput, PipelineEdit, StageEdit, WonOutcome
from crm_desktop.services.dto import OrganizationInput, PersonInput
from crm_desktop.services.users import UserInput
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import (
    Activity,
    AuditEntry,
    Deal,
    DealStageChange,
    Organization,
    Person,
)


@dataclass
class Client:
    org: int
    people: tuple[int, int]
    open_deal: int
    won_deal: int
    open_task: int
    done_task: int
    subtask: int


def _client(ws: Workspace, owner: int, name: str) -> Client:
    org = contacts.create_organization(ws, OrganizationInput(name=name, owner_id=owner)).id
    people = tuple(
        contacts.create_person(ws, PersonInput(full_name=n, organization_id=org, owner_id=owner)).id
        for n in (f"Директор {name}", f"Бухгалтер {name}")
    )
    found = deals.list_pipelines(ws)
    pipeline = (
        found[0]
        if found
        else deals.save_pipeline(
            ws,
            PipelineEdit(
                None,
                "Продажи",
                [
                    StageEdit(None, "Лид", StageKind.OPEN, 10),
                    StageEdit(None, "Успешно", StageKind.WON, 100),
                    StageEdit(None, "Проиграно", StageKind.LOST, 0),
                ],
            ),
        )
    )
    first = pipeline.stages[0].id
    won = next(s.id for s in pipeline.stages if s.kind is StageKind.WON)
    open_deal = deals.create_deal(
        ws, DealInput("Поставка", pipeline.id, first, organization_id=org, owner_id=owner)
    ).id
    won_deal = deals.create_deal(
        ws, DealInput("Прошлый заказ", pipeline.id, first, person_id=people[0], owner_id=owner)
    ).id
    deals.move_deal(ws, won_deal, won, outcome=WonOutcome(1_000_00, date(2024, 5, 1)))
    open_task = activities.create_activity(
        ws, ActivityInput("Позвонить", deal_id=open_deal, organization_id=org, owner_id=owner)
    ).id
    subtask = activities.add_subtask(ws, open_task, "Подготовить КП").id
    done_task = activities.create_activity(
        ws, ActivityInput("Встреча", person_id=people[1], owner_id=owner)
    ).id
    activities.complete_activity(ws, done_task, "Договорились")
    return Client(org, people, open_deal, won_deal, open_task, done_task, subtask)  # type: ignore[arg-type]


def _owners(ws: Workspace) -> dict[tuple[str, int], int | None]:
    out: dict[tuple[str, int], int | None] = {}
    with ws.read() as uow:
        for model in (Organization, Person, Deal, Activity):
            for row_id, owner in uow.session.execute(sa.select(model.id, model.owner_id)):
                out[(model.__tablename__, row_id)] = owner
    return out


@pytest.fixture
def team(ws: Workspace) -> tuple[int, int]:
    anna = users.create_user(ws, UserInput("anna", "Анна", Role.MANAGER), "anna-password").id
    boris = users.create_user(ws, UserInput("boris", "Борис", Role.MANAGER), "boris-password").id
    return anna, boris


def test_one_client_moves_with_open_work_and_keeps_history(
    ws: Workspace, team: tuple[int, int]
) -> None:
    anna, boris = team
    client = _client(ws, anna, "Ромашка")
    other = _client(ws, anna, "Лютик")
    with ws.read() as uow:
        stage_changes = uow.session.scalar(sa.select(sa.func.count(DealStageChange.id)))
        audit_before = uow.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    plan = handover.preview_client(ws, EntityKind.ORGANIZATION, client.org, boris)
    assert plan.total == 1 + 2 + 1 + 2

    result = handover.hand_over_client(ws, EntityKind.ORGANIZATION, client.org, boris)
    assert result.counts == {"organization": 1, "person": 2, "deal": 1, "activity": 2}
    owners = _owners(ws)
    moved = [
        ("organizations", client.org),
        ("persons", client.people[0]),
        ("persons", client.people[1]),
        ("deals", client.open_deal),
        ("activities", client.open_task),
        ("activities", client.subtask),
    ]
    assert {k: owners[k] for k in moved} == dict.fromkeys(moved, boris)
    # the history keeps who did it: the won deal, the done meeting
    assert owners[("deals", client.won_deal)] == anna
    assert owners[("activities", client.done_task)] == anna
    # the other client is untouched
    assert {
        v
        for (t, i), v in owners.items()
        if i in (other.org, other.open_deal) and t in ("organizations", "deals")
    } == {anna}
    with ws.read() as uow:
        assert uow.session.scalar(sa.select(sa.func.count(DealStageChange.id))) == stage_changes
        rows = uow.session.execute(
            sa.select(
                AuditEntry.action,
                AuditEntry.entity_kind,
                AuditEntry.entity_id,
                AuditEntry.field,
                AuditEntry.old_value,
                AuditEntry.new_value,
                AuditEntry.change_set_id,
            ).order_by(AuditEntry.id)
        ).all()
    assert len(rows) == audit_before + 6  # nothing of the old log went away
    logged = [r for r in rows if r.action is AuditAction.HANDOVER]
    assert {(r.entity_kind, r.entity_id) for r in logged} == {
        (EntityKind.ORGANIZATION, client.org),
        (EntityKind.PERSON, client.people[0]),
        (EntityKind.PERSON, client.people[1]),
        (EntityKind.DEAL, client.open_deal),
        (EntityKind.ACTIVITY, client.open_task),
        (EntityKind.ACTIVITY, client.subtask),
    }
    assert {(r.field, r.old_value, r.new_value, r.change_set_id) for r in logged} == {
        ("owner_id", str(anna), str(boris), result.change_set_id)
    }
    history = audit.record_history(ws, EntityKind.ORGANIZATION, client.org)
    assert (history[0].field_label, history[0].old_text, history[0].new_text) == (
        "Responsible",
        "Анна",
        "Борис",
    )
    # an editor opened before the handover sees the change (the version moved on)
    card = contacts.get_organization(ws, client.org)
    assert card.version == 2

    # undo gives everything back
    assert handover.undo_handover(ws, result.change_set_id or 0) == 6
    assert _owners(ws) == {**owners, **dict.fromkeys(moved, anna)}
    assert handover.list_handovers(ws)[0].status is ChangeSetStatus.UNDONE
    with pytest.raises(ValidationError, match="already been undone"):
        handover.undo_handover(ws, result.change_set_id or 0)


def test_all_clients_of_a_user(ws: Workspace, team: tuple[int, int]) -> None:
    anna, boris = team
    first = _client(ws, anna, "Ромашка")
    second = _client(ws, anna, "Лютик")
    borises = _client(ws, boris, "Василёк")
    loose = activities.create_activity(ws, ActivityInput("Личное дело", owner_id=anna)).id
    result = handover.hand_over_all(ws, anna, boris)
    assert result.counts == {"organization": 2, "person": 4, "deal": 2, "activity": 4}
    owners = _owners(ws)
    for c in (first, second):
        for key in (
            ("organizations", c.org),
            ("persons", c.people[0]),
            ("persons", c.people[1]),
            ("deals", c.open_deal),
            ("activities", c.open_task),
            ("activities", c.subtask),
        ):
            assert owners[key] == boris, key
        assert owners[("deals", c.won_deal)] == anna
        assert owners[("activities", c.done_task)] == anna
    assert owners[("activities", loose)] == anna  # a personal to-do is not a client's
    assert owners[("organizations", borises.org)] == boris
    again = handover.hand_over_all(ws, anna, boris)
    assert again.change_set_id is None and again.total == 0


def test_refusals(ws: Workspace, team: tuple[int, int]) -> None:
    anna, boris = team
    client = _client(ws, anna, "Ромашка")
    with pytest.raises(ValidationError, match="another user"):
        handover.hand_over_all(ws, anna, anna)
    users.set_active(ws, boris, False)
    with pytest.raises(ValidationError, match="blocked"):
        handover.hand_over_client(ws, EntityKind.ORGANIZATION, client.org, boris)
    with pytest.raises(ValidationError, match="Choose who"):
        handover.hand_over_client(ws, EntityKind.ORGANIZATION, client.org, 9999)
    assert _owners(ws)[("organizations", client.org)] == anna
