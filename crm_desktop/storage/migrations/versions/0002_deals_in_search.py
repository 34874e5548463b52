"""deals in the search index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:40:00

`search_docs` gains `related` (a deal's client names) and one row per live deal.
On SQLite the FTS5 table gets the new column: FTS5 tables cannot be altered, so the
table and its triggers are dropped, the deals are added, then the table is created
again and filled in one pass ('rebuild'). On PostgreSQL `related` gets a pg_trgm
index like the other searchable columns.

Self-contained on purpose: it does not call the program's `search_index` (which
follows the newest schema) but only the folding rule of `domain.names`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from crm_desktop.domain.names import fold

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD_COLUMNS = ("title", "phones", "emails", "inn")
NEW_COLUMNS = (*OLD_COLUMNS, "related")
TRIGGERS = ("search_docs_ai", "search_docs_ad", "search_docs_au")
BATCH = 900


def _drop_fts() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS search_fts")


def _create_fts(columns: Sequence[str]) -> None:
    """The FTS5 trigram table over `columns` of search_docs, its triggers, filled."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    op.execute(
        f"CREATE VIRTUAL TABLE search_fts USING fts5({cols}, content='search_docs', "
        "content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN "
        f"INSERT INTO search_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN "
        f"INSERT INTO search_fts(search_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN "
        f"INSERT INTO search_fts(search_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO search_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def _deal_docs(conn: sa.Connection) -> Iterator[list[dict[str, Any]]]:
    """Index rows of the live deals, in batches: folded title, live client names."""
    result = conn.execute(
        sa.text(
            "SELECT d.id, d.title, o.name, p.full_name FROM deals d "
            "LEFT JOIN organizations o ON o.id = d.organization_id AND o.deleted_at IS NULL "
            "LEFT JOIN persons p ON p.id = d.person_id AND p.deleted_at IS NULL "
            "WHERE d.deleted_at IS NULL ORDER BY d.id"
        )
    )
    batch: list[dict[str, Any]] = []
    for deal_id, title, org_name, person_name in result.all():
        folded = fold(title)
        batch.append(
            {
                "entity_kind": "deal",
                "entity_id": deal_id,
                "title": folded,
                "title_key": folded[:500],
                "phones": "",
                "emails": "",
                "inn": "",
                "related": " ".join(fold(n) for n in (org_name, person_name) if n),
            }
        )
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _index_deals(conn: sa.Connection) -> None:
    insert = sa.text(
        "INSERT INTO search_docs "
        "(entity_kind, entity_id, title, title_key, phones, emails, inn, related) "
        "VALUES (:entity_kind, :entity_id, :title, :title_key, :phones, :emails, :inn, "
        ":related)"
    )
    for batch in _deal_docs(conn):
        conn.execute(insert, batch)


def upgrade() -> None:
    conn = op.get_bind()
    dialect = conn.dialect.name
    if dialect == "sqlite":
        _drop_fts()  # triggers off while the deals go in: one FTS pass at the end
    op.add_column("search_docs", sa.Column("related", sa.Text(), nullable=False, server_default=""))
    conn.execute(sa.text("DELETE FROM search_docs WHERE entity_kind = 'deal'"))
    _index_deals(conn)
    if dialect == "sqlite":
        _create_fts(NEW_COLUMNS)
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_search_docs_related_trgm ON search_docs "
            "USING gin (related gin_trgm_ops)"
        )


def downgrade() -> None:
    conn = op.get_bind()
    dialect = conn.dialect.name
    if dialect == "sqlite":
        _drop_fts()
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_docs_related_trgm")
    conn.execute(sa.text("DELETE FROM search_docs WHERE entity_kind = 'deal'"))
    with op.batch_alter_table("search_docs", schema=None) as batch_op:
        batch_op.drop_column("related")
    if dialect == "sqlite":
        _create_fts(OLD_COLUMNS)
