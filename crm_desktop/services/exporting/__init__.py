"""The way out: contacts, organizations, deals and tasks to files.

    export_file(ws, "contacts", "xlsx", "clients.xlsx", language="ru", progress=…)

What and in which formats (`FORMATS`):
- contacts: one row per person with their organization's columns, and one row per
  organization without people (xlsx, csv); vCard 3.0 (vcf); the JSON of the CLI;
- organizations: one row per organization (xlsx, csv); organization cards (vcf);
- deals (xlsx, csv); tasks, i.e. all activities (xlsx, csv, and ics: the planned ones).

Headers are in the user's language (`headers.py`) and are the ones our importer maps
back by itself, so an exported contacts file imports again without manual mapping.
User text is never written as a formula (`safe_output`). Records in the trash are
never exported (`tables.visible`, the one filter per entity). Files are streamed in
batches (progress per batch; `Cancelled` stops it) and written under a temporary
name in the same folder, then renamed: a failed or cancelled export leaves no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.errors import UserError
from crm_desktop.services import access
from crm_desktop.services.exporting.files import suggested_filename
from crm_desktop.services.exporting.headers import LANGUAGES
from crm_desktop.services.exporting.jsonfile import export_json
from crm_desktop.services.exporting.tables import TABLE_KINDS, TABLES, TableKind, tasks_table
from crm_desktop.services.exporting.tabular import write_csv, write_xlsx
from crm_desktop.services.exporting.vcf import write_vcf_file
from crm_desktop.services.progress import Progress
from crm_desktop.services.safe_output import atomic_file, check_target
from crm_desktop.services.workspace import Workspace

__all__ = [
    "FORMATS",
    "LANGUAGES",
    "TABLE_KINDS",
    "ExportFormat",
    "ExportResult",
    "TableKind",
    "check_format",
    "check_target",
    "export_file",
    "export_json",
    "formats_for",
    "suggested_filename",
]

ExportFormat = Literal["xlsx", "csv", "vcf", "json", "ics"]
FORMATS: dict[TableKind, tuple[ExportFormat, ...]] = {
    "contacts": ("xlsx", "csv", "vcf", "json"),
    "organizations": ("xlsx", "csv", "vcf"),
    "deals": ("xlsx", "csv"),
    "tasks": ("xlsx", "csv", "ics"),
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    what: TableKind
    format: ExportFormat
    count: int  # rows (xlsx, csv), cards (vcf), events (ics), organizations + persons (json)


def _kind(what: str) -> TableKind:
    for kind in FORMATS:
        if kind == what:
            return kind
    raise UserError(f"Cannot export “{what}”; choose one of {', '.join(FORMATS)}.")


def formats_for(what: str) -> tuple[ExportFormat, ...]:
    """The formats `what` can be exported as; a `UserError` for an unknown `what`."""
    return FORMATS[_kind(what)]


def check_format(what: str, fmt: str) -> tuple[TableKind, ExportFormat]:
    """(`what`, `fmt`) when `what` can be exported as `fmt`, else a one-line `UserError`."""
    kind = _kind(what)
    for form in FORMATS[kind]:
        if form == fmt:
            return kind, form
    raise UserError(f"{what} cannot be exported as {fmt}; use {', '.join(FORMATS[kind])}.")


_EXPORTED = {
    "contacts": EntityKind.PERSON,
    "organizations": EntityKind.ORGANIZATION,
    "deals": EntityKind.DEAL,
    "tasks": EntityKind.ACTIVITY,
}


def export_file(
    ws: Workspace,
    what: str,
    fmt: str,
    path: str | Path,
    *,
    language: str = "en",
    owner_id: int | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Export `what` ('contacts', 'organizations', 'deals', 'tasks') as `fmt` to `path`.

    `language` ('en' or 'ru') names the columns and labels; `owner_id` limits tasks to
    one user's. A folder or a missing folder, an unwritable place: `UserError`.
    """
    kind, form = check_format(what, fmt)
    access.require(ws.user, access.Action.EXPORT, _EXPORTED[kind])
    language = "ru" if language.lower().startswith("ru") else "en"
    target = check_target(path)
    if form == "ics":
        from crm_desktop.services.activities import export_ics

        return ExportResult(target, kind, form, export_ics(ws, target, owner_id=owner_id))
    if form == "json":
        with atomic_file(target) as tmp, tmp.open("w", encoding="utf-8") as fh:
            counts = export_json(ws, fh)
        return ExportResult(target, kind, form, counts["organizations"] + counts["persons"])
    with atomic_file(target) as tmp, ws.read() as uow:
        session = uow.session
        if form == "vcf":
            count = write_vcf_file(
                session,
                tmp,
                language,
                organizations_only=kind == "organizations",
                progress=progress,
            )
        else:
            table = (
                tasks_table(session, language, owner_id)
                if kind == "tasks"
                else TABLES[kind](session, language)
            )
            writer = write_xlsx if form == "xlsx" else write_csv
            count = writer(table, tmp, language, progress)
    return ExportResult(target, kind, form, count)
