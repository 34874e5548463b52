"""Write a new Alembic revision from the difference between the models and the head schema.

    .venv/bin/python scripts/new_migration.py "add something"

Builds a scratch SQLite base at the current head, then autogenerates against it.
Review the generated file: search-index objects (FTS5, pg_trgm) are written by hand.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from crm_desktop.storage.migrate import alembic_config


def main() -> None:
    message = sys.argv[1] if len(sys.argv) > 1 else "change"
    with tempfile.TemporaryDirectory() as tmp:
        engine = sa.create_engine(f"sqlite:///{Path(tmp) / 'scratch.sqlite3'}")
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        with engine.begin() as conn:
            versions = Path(alembic_config().get_main_option("script_location") or "") / "versions"
            number = len(list(versions.glob("[0-9][0-9][0-9][0-9]_*.py"))) + 1
            command.revision(
                alembic_config(conn), message=message, autogenerate=True, rev_id=f"{number:04d}"
            )


if __name__ == "__main__":
    main()
