"""access rights

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 22:46:40

Team mode: `users.may_export` — whether a manager may export lists and reports
(on by default, as before). Roles, key clients and owners were already in 0001.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("may_export", sa.Boolean(), server_default=sa.true(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("may_export")
