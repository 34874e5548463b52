"""`crm-desktop check`: is the file sound, the schema current, the index complete?"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.migrate import current_revision, head_revision
from crm_desktop.storage.models import Base, Deal, Organization, Person, SearchDoc


@dataclass(frozen=True, slots=True)
class CheckItem:
    name: str
    ok: bool
    detail: str


def _schema_differences(conn: sa.Connection) -> list[str]:
    def include(obj: object, name: str | None, type_: str, reflected: bool, _c: object) -> bool:
        # Search-index objects are engine-specific and written by hand in the migration.
        return not (name or "").startswith("search_fts") and not (name or "").endswith(
            ("_trgm", "_pattern")
        )

    ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include})
    return [str(d) for d in compare_metadata(ctx, Base.metadata)]


def check(ws: Workspace) -> list[CheckItem]:
    items: list[CheckItem] = []
    with ws.read() as uow:
        conn = uow.session.connection()
        if ws.backend == "sqlite":
            verdict = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
            items.append(CheckItem("integrity", verdict == ["ok"], "; ".join(verdict[:5])))
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            items.append(
                CheckItem(
                    "foreign keys",
                    not broken,
                    "ok" if not broken else f"{len(broken)} rows point to missing records",
                )
            )
        current, head = current_revision(conn), head_revision()
        items.append(CheckItem("schema version", current == head, f"{current} (program: {head})"))
        diffs = _schema_differences(conn)
        items.append(
            CheckItem(
                "schema matches the program",
                not diffs,
                "ok" if not diffs else "; ".join(diffs[:5]),
            )
        )
        live = sum(
            uow.session.scalar(sa.select(sa.func.count()).where(m.deleted_at.is_(None))) or 0
            for m in (Organization, Person, Deal)  # what search_index.refresh indexes
        )
        indexed = uow.session.scalar(sa.select(sa.func.count()).select_from(SearchDoc)) or 0
        items.append(
            CheckItem(
                "search index",
                live == indexed,
                f"{indexed} of {live} live cards indexed",
            )
        )
    return items
