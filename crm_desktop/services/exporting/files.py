"""Export file names (writing goes through `safe_output.atomic_file`)."""

from __future__ import annotations

from datetime import date

from crm_desktop.services.exporting.headers import label
from crm_desktop.services.safe_output import safe_filename


def suggested_filename(
    what: str, fmt: str, language: str, *, today: date | None = None, title: str = ""
) -> str:
    """'Contacts 2026-11-23.xlsx' ('Контакты …' in Russian); `title` (user text, such as
    a segment's name) replaces the kind and is made safe for every file system."""
    stem = safe_filename(f"{title or label(what, language)} {(today or date.today()).isoformat()}")
    return f"{stem}.{fmt}"
