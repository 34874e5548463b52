"""Deals in the search index: rows kept in step by the ORM hooks, by bulk refreshes
(with their clients), and built by migration 0002 for a base written at 0001."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from crm_desktop.config import AppPaths
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.services import contacts
from crm_desktop.services.checking import check
from crm_desktop.services.dto import OrganizationInput, PersonInput
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage import search_index
from crm_desktop.storage.migrate import SCHEMA_HEAD, alembic_config, current_revision
from crm_desktop.storage.models import Deal, Pipeline, SearchDoc, Stage, table_of


def _stage(ws: Workspace) -> tuple[int, int]:
    with ws.write() as uow:
        stage = Stage(name="Переговоры")
        uow.session.add(Pipeline(name="Продажи", stages=[stage]))
        uow.flush()
        uow.commit()
        return stage.pipeline_id, stage.id


def _deal(ws: Workspace, title: str, **client: int) -> int:
    pipeline_id, stage_id = _stage(ws)
    with ws.write() as uow:
        deal = Deal(title=title, pipeline_id=pipeline_id, stage_id=stage_id, **client)
        uow.session.add(deal)
        uow.commit()
        return deal.id


def _docs(ws: Workspace) -> dict[int, tuple[str, str, str]]:
    """Deal rows of the index: id -> (title, title_key, related)."""
    with ws.read() as uow:
        rows = uow.session.execute(
            sa.select(
                SearchDoc.entity_id, SearchDoc.title, SearchDoc.title_key, SearchDoc.related
            ).where(SearchDoc.entity_kind == EntityKind.DEAL)
        ).all()
    return {i: (t, k, r) for i, t, k, r in rows}


def _found(ws: Workspace, word: str) -> set[tuple[EntityKind, int, str]]:
    """(kind, id, match) of the substring search for one word."""
    with ws.read() as uow:
        hits = search_index.substring_candidates(
            uow.session, words=[word], digit_variants=[], limit=50
        )
    return {(c.kind, c.entity_id, c.match) for c in hits}


def _set_deleted(ws: Workspace, deal_id: int, at: datetime | None) -> None:
    with ws.write() as uow:
        deal = uow.session.get(Deal, deal_id)
        assert deal is not None
        deal.deleted_at = at
        uow.commit()


def test_orm_keeps_deal_rows_in_step(ws: Workspace) -> None:
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
    person = contacts.create_person(
        ws, PersonInput(full_name="Иванов Иван", organization_id=org)
    ).id
    deal = _deal(ws, "Поставка Ёлок", organization_id=org, person_id=person)
    assert _docs(ws) == {deal: ("поставка елок", "поставка елок", "ооо «ромашка» иванов иван")}
    assert _found(ws, "елок") == {(EntityKind.DEAL, deal, "name")}
    assert (EntityKind.DEAL, deal, "client") in _found(ws, "ромашка")

    with ws.write() as uow:
        row = uow.session.get(Deal, deal)
        assert row is not None
        row.title = "Монтаж"
        uow.commit()
    assert _docs(ws)[deal][0] == "монтаж"

    _set_deleted(ws, deal, datetime.now(UTC))  # the trash: not found any more
    assert _docs(ws) == {}
    assert not {f for f in _found(ws, "монтаж") if f[0] is EntityKind.DEAL}
    _set_deleted(ws, deal, None)  # restored
    assert list(_docs(ws)) == [deal]

    with ws.write() as uow:  # deleted for good
        row = uow.session.get(Deal, deal)
        uow.session.delete(row)
        uow.commit()
    assert _docs(ws) == {}


def test_client_changes_refresh_their_deals(ws: Workspace) -> None:
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»"))
    deal = _deal(ws, "Поставка", organization_id=org.id)
    contacts.update_organization(
        ws, org.id, OrganizationInput(name="ООО «Лютик»"), expected_version=org.version
    )
    assert _docs(ws)[deal][2] == "ооо «лютик»"
    assert (EntityKind.DEAL, deal, "client") in _found(ws, "лютик")
    assert not _found(ws, "ромашка")
    # a client in the trash is not found, nor are its deals by its name; by their title they are
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, org.id)
    assert _docs(ws)[deal][2] == ""
    assert not _found(ws, "лютик")
    assert _found(ws, "поставка") == {(EntityKind.DEAL, deal, "name")}
    contacts.restore(ws, EntityKind.ORGANIZATION, org.id)
    assert _docs(ws)[deal][2] == "ооо «лютик»"


def _core_deals(ws: Workspace, org_id: int, titles: list[str]) -> list[int]:
    """Deals written with Core statements, as the demo and imports do (no ORM hooks)."""
    pipeline_id, stage_id = _stage(ws)
    now = datetime.now(UTC)
    deals = table_of(Deal)
    with ws.write() as uow:
        conn = uow.session.connection()
        ids = [
            conn.execute(
                deals.insert()
                .values(
                    title=t,
                    organization_id=org_id,
                    pipeline_id=pipeline_id,
                    stage_id=stage_id,
                    amount_minor=0,
                    currency="RUB",
                    stage_entered_at=now,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
                .returning(deals.c.id)
            ).scalar_one()
            for t in titles
        ]
        uow.commit()
    return ids


@pytest.mark.parametrize("large", [False, True], ids=["row-by-row", "fts-rebuild"])
def test_bulk_refresh_of_clients_indexes_their_deals(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    if large:  # the path of the demo: FTS triggers suspended, one rebuild at the end
        monkeypatch.setattr(search_index, "BULK_THRESHOLD", 2)
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
    first, second = _core_deals(ws, org, ["Поставка насосов", "Сервис насосов"])
    assert _docs(ws) == {}  # Core writes are not seen by the hooks
    batches: list[int] = []
    with ws.write() as uow:
        search_index.refresh(uow.session.connection(), organizations=[org], on_batch=batches.append)
        uow.commit()
    assert sorted(_docs(ws)) == [first, second]
    assert sum(batches) == 3  # the organization and its two deals
    assert {i for k, i, _ in _found(ws, "насосов")} == {first, second}

    deals = table_of(Deal)
    with ws.write() as uow:  # trashed with a Core update: the caller names the deal
        conn = uow.session.connection()
        conn.execute(deals.update().where(deals.c.id == first).values(deleted_at=datetime.now(UTC)))
        search_index.refresh(conn, deals=[first])
        uow.commit()
    assert {i for k, i, _ in _found(ws, "насосов")} == {second}

    with ws.write() as uow:
        conn = uow.session.connection()
        conn.execute(sa.delete(table_of(SearchDoc)))
        search_index.rebuild_all(conn)
        uow.commit()
    assert sorted(_docs(ws)) == [second]
    assert {i for k, i, _ in _found(ws, "насосов")} == {second}
    assert all(item.ok for item in check(ws)), check(ws)


def _at_revision(ws: Workspace, revision: str) -> None:
    with ws.db.engine.execution_options(crm_write=True).begin() as conn:
        command.downgrade(alembic_config(conn), revision)


def _revision(ws: Workspace) -> str | None:
    with ws.db.engine.connect() as conn:
        return current_revision(conn)


def test_migration_0002_indexes_the_deals_of_a_0001_base(
    ws: Workspace, db_url: str, tmp_path: Any
) -> None:
    org = contacts.create_organization(ws, OrganizationInput(name="ООО «Ромашка»")).id
    trashed_org = contacts.create_organization(ws, OrganizationInput(name="ЗАО «Лютик»")).id
    person = contacts.create_person(ws, PersonInput(full_name="Петров Пётр")).id
    live = _deal(ws, "Поставка труб", organization_id=org)
    private = _deal(ws, "Ремонт крыши", person_id=person)
    of_trashed = _deal(ws, "Аренда склада", organization_id=trashed_org)
    in_trash = _deal(ws, "Старая сделка", organization_id=org)
    _set_deleted(ws, in_trash, datetime.now(UTC))
    contacts.move_to_trash(ws, EntityKind.ORGANIZATION, trashed_org)
    expected = _docs(ws)
    assert sorted(expected) == [live, private, of_trashed]

    _at_revision(ws, "0001")  # the base as the previous version wrote it
    try:
        assert _revision(ws) == "0001"
        with ws.db.engine.connect() as conn:
            kinds = conn.execute(sa.text("SELECT DISTINCT entity_kind FROM search_docs")).all()
            columns = {c["name"] for c in sa.inspect(conn).get_columns("search_docs")}
        assert sorted(k for (k,) in kinds) == ["organization", "person"]
        assert "related" not in columns
        ws.close()
        # opening it with this program migrates it (SQLite: after a backup)
        ws2 = Workspace.open(db_url, paths=AppPaths.resolve(tmp_path / "data"))
    except BaseException:
        with ws.db.engine.execution_options(crm_write=True).begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        raise
    try:
        assert _revision(ws2) == SCHEMA_HEAD  # 0002 and every later migration
        assert _docs(ws2) == expected
        assert _found(ws2, "труб") == {(EntityKind.DEAL, live, "name")}
        assert (EntityKind.DEAL, live, "client") in _found(ws2, "ромашка")
        assert (EntityKind.DEAL, private, "client") in _found(ws2, "петров")
        assert not _found(ws2, "лютик")  # the trashed client's name is not searched
        assert _found(ws2, "склада") == {(EntityKind.DEAL, of_trashed, "name")}
        assert not _found(ws2, "старая")
        assert all(item.ok for item in check(ws2)), check(ws2)
        # the new FTS triggers keep working after the migration
        contacts.update_organization(
            ws2,
            org,
            OrganizationInput(name="ООО «Василёк»"),
            expected_version=contacts.get_organization(ws2, org).version,
        )
        assert (EntityKind.DEAL, live, "client") in _found(ws2, "василек")
    finally:
        ws2.close()
