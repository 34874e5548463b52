"""The global search finds deals: by their title and by their client's name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.services import contacts
from crm_desktop.services.checking import check
from crm_desktop.services.demo import DemoSpec, generate_demo
from crm_desktop.services.dto import OrganizationInput, PersonInput
from crm_desktop.services.search import search
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import Deal, Pipeline, Stage


@pytest.fixture
def base(ws: Workspace) -> dict[str, int]:
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
    person = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван", organization_id=org, position="Директор")
    ).id
    private = contacts.create_person(ws, PersonInput(full_name="Петров Пётр")).id
    with ws.write() as uow:
        stage = Stage(name="Переговоры")
        uow.session.add(Pipeline(name="Продажи", stages=[stage]))
        uow.flush()
        deals = [
            Deal(title=title, pipeline_id=stage.pipeline_id, stage_id=stage.id, **client)
            for title, client in (
                ("Поставка насосов", {"organization_id": org, "person_id": person}),
                ("Ремонт насосной станции", {"person_id": private}),
                ("Аренда склада", {"organization_id": org}),
            )
        ]
        uow.session.add_all(deals)
        uow.commit()
        ids = [d.id for d in deals]
    return {
        "org": org,
        "person": person,
        "private": private,
        "pumps": ids[0],
        "repair": ids[1],
        "storage": ids[2],
    }


def _hits(ws: Workspace, query: str) -> list[tuple[EntityKind, int, str]]:
    return [(h.kind, h.id, h.match) for h in search(ws, query)]


def test_deal_found_by_part_of_its_title_with_client_and_stage(
    ws: Workspace, base: dict[str, int]
) -> None:
    (hit,) = search(ws, "насосов")
    assert (hit.kind, hit.id, hit.match, hit.exact) == (
        EntityKind.DEAL,
        base["pumps"],
        "name",
        False,
    )
    assert hit.title == "Поставка насосов"
    assert hit.subtitle == "ООО «Ромашка», Иванов Иван, Переговоры"
    # a fragment inside a word, any case
    assert _hits(ws, "НАСОС") == [
        (EntityKind.DEAL, base["pumps"], "name"),
        (EntityKind.DEAL, base["repair"], "name"),
    ]


def test_short_query_finds_deal_titles_by_prefix(ws: Workspace, base: dict[str, int]) -> None:
    assert (EntityKind.DEAL, base["storage"], "name") in _hits(ws, "Ар")


def test_deals_found_by_their_clients_name_after_the_client(
    ws: Workspace, base: dict[str, int]
) -> None:
    assert _hits(ws, "Ромашка") == [
        (EntityKind.ORGANIZATION, base["org"], "name"),
        (EntityKind.DEAL, base["storage"], "client"),  # ties go alphabetically
        (EntityKind.DEAL, base["pumps"], "client"),
    ]
    assert _hits(ws, "петров") == [
        (EntityKind.PERSON, base["private"], "name"),
        (EntityKind.DEAL, base["repair"], "client"),
    ]
    # words of the title and of the client together
    assert _hits(ws, "аренда ромашка") == [(EntityKind.DEAL, base["storage"], "client")]


def test_trashed_deals_are_not_found(ws: Workspace, base: dict[str, int]) -> None:
    with ws.write() as uow:
        deal = uow.session.get(Deal, base["pumps"])
        assert deal is not None
        deal.deleted_at = datetime.now(UTC)
        uow.commit()
    assert _hits(ws, "насос") == [(EntityKind.DEAL, base["repair"], "name")]
    assert (EntityKind.DEAL, base["pumps"], "client") not in _hits(ws, "ромашка")


def test_demo_deals_are_indexed_and_found(ws: Workspace) -> None:
    counts = generate_demo(ws, DemoSpec(persons=200, deals=60, tasks=10))
    assert counts.deals == 60
    with ws.read() as uow:
        deals = uow.session.execute(
            sa.select(Deal.id, Deal.title).where(Deal.deleted_at.is_(None))
        ).all()
    assert len(deals) == 60
    for deal_id, title in deals[:10]:
        found = {(h.kind, h.id) for h in search(ws, title, limit=500)}
        assert (EntityKind.DEAL, deal_id) in found, title
    assert all(item.ok for item in check(ws)), check(ws)
