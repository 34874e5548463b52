"""Importing contact files into the base (issue 6, the apply half), with undo.

    plan = plan_import(ws, path, on_duplicate="merge")   # the dry run: counts, problems
    result = run_import(ws, plan)                        # one transaction, undoable
    undo_import(ws, result.import_id)                    # the base as it was before
    list_imports(ws)                                     # the history

Modules: `planning` reads the file and matches it against the base, `applying` writes
it (Core executemany, caller-assigned ids), `history` lists and undoes imports. The
history is the `change_sets` table (kind IMPORT) the merge uses too.
"""

from __future__ import annotations

import time
from pathlib import Path

from crm_desktop.importing.layout import Layout
from crm_desktop.importing.mapping import ProfileStore
from crm_desktop.services.importing.applying import ImportResult, apply_plan
from crm_desktop.services.importing.history import (
    ImportBatch,
    UndoResult,
    list_imports,
    undo_import,
)
from crm_desktop.services.importing.planning import (
    POLICIES,
    ImportPlan,
    MappingSpec,
    Policy,
    check_policy,
    match_base,
    read_file,
)
from crm_desktop.services.progress import Progress
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.bulk import collector_paused

__all__ = [
    "POLICIES",
    "ImportBatch",
    "ImportPlan",
    "ImportResult",
    "Policy",
    "UndoResult",
    "list_imports",
    "plan_import",
    "run_import",
    "undo_import",
]


def _read_plan(
    ws: Workspace,
    path: str | Path,
    *,
    sheet: str | None,
    header: Layout | None,
    mapping: MappingSpec,
    region: str | None,
    on_duplicate: str,
    profiles: ProfileStore | None,
    progress: Progress | None,
) -> ImportPlan:
    policy = check_policy(on_duplicate)
    region = (region or ws.region).upper()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with collector_paused():  # a large file's records hold no cycles (see bulk)
        resolution, sheets = read_file(
            path,
            sheet=sheet,
            header=header,
            mapping=mapping,
            region=region,
            profiles=profiles,
            progress=progress,
            timings=timings,
        )
    timings["read"] = time.perf_counter() - started
    return ImportPlan(Path(path), sheets, policy, region, resolution, timings=timings)


def plan_import(
    ws: Workspace,
    path: str | Path,
    *,
    sheet: str | None = None,
    header: Layout | None = None,
    mapping: MappingSpec = None,
    region: str | None = None,
    on_duplicate: str = "merge",
    profiles: ProfileStore | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read `path` and match it against the base, writing nothing (the preview, --dry-run).

    `mapping`: None or 'auto' (a saved profile that fits, else the headers' suggestion), a
    profile name (from `profiles`), a profile `.json` file, or a `Mapping`. `header`: the
    header rows a person chose (None: detected). `region`: for phones without a country
    code (default: the settings'). Bad files raise `UserError`.
    """
    plan = _read_plan(
        ws,
        path,
        sheet=sheet,
        header=header,
        mapping=mapping,
        region=region,
        on_duplicate=on_duplicate,
        profiles=profiles,
        progress=progress,
    )
    with ws.read() as uow:
        conn = uow.session.connection()
        plan.org_matches, plan.person_matches = match_base(
            conn, plan.resolution, plan.policy, ws.user
        )
    return plan


def run_import(
    ws: Workspace,
    plan_or_path: ImportPlan | str | Path,
    *,
    sheet: str | None = None,
    header: Layout | None = None,
    mapping: MappingSpec = None,
    region: str | None = None,
    on_duplicate: str = "merge",
    profiles: ProfileStore | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a planned file (or read one first), all or nothing; returns what was done.

    The file is read before the write transaction starts; an SQLite base is then backed
    up (label ``before-import``); matching against the base is done again inside the
    transaction. `progress` may raise `Cancelled`: nothing is written.
    """
    if isinstance(plan_or_path, ImportPlan):
        plan = plan_or_path
    else:
        plan = _read_plan(
            ws,
            plan_or_path,
            sheet=sheet,
            header=header,
            mapping=mapping,
            region=region,
            on_duplicate=on_duplicate,
            profiles=profiles,
            progress=progress,
        )
    backup_s = 0.0
    if ws.backend == "sqlite" and ws.path is not None:
        # the safety copy before a bulk change (a PostgreSQL server has its own dumps)
        from crm_desktop.services.backups import backup_before

        started = time.perf_counter()
        backup_before(ws, "import")
        backup_s = time.perf_counter() - started
    result = apply_plan(ws, plan, progress)
    result.timings["backup"] = backup_s
    return result
