"""What the import wizard shows before anything is written.

    head = read_head(path)                       # sheets, first rows, detected header
    layout = head.layout_at(4, two_level=True)   # the header the user picked instead
    mapping, profile = suggest(layout, profiles) # a saved profile that fits, else the headers'
    plan = plan_import(ws, path, sheet=..., header=layout, mapping=mapping)  # None: detected
    rows = preview_rows(plan, language="ru"); counts = plan_counts(plan)

`read_head` opens the file only for its first rows (the sheet/header and mapping pages).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from crm_desktop.domain.phones import format_phone
from crm_desktop.importing.cells import MergedRange, Row
from crm_desktop.importing.layout import (
    Layout,
    RowFilter,
    SkipReason,
    detect_layout,
    layout_at,
)
from crm_desktop.importing.mapping import Mapping, ProfileStore, suggest_mapping
from crm_desktop.importing.readers import FileFormat, ReadNote, open_workbook
from crm_desktop.importing.records import PhoneValue
from crm_desktop.services.importing import ImportPlan
from crm_desktop.services.importing.planning import HEAD_ROWS

PREVIEW_ROWS = 100


@dataclass(frozen=True, slots=True)
class FileHead:
    """The first rows of one sheet of a file and the header found in them."""

    path: Path
    format: FileFormat
    sheets: tuple[str, ...]
    sheet: str
    rows: tuple[Row, ...]
    merged: tuple[MergedRange, ...]
    row_count: int  # rows in the sheet, blank ones included
    detected: Layout
    notes: tuple[ReadNote, ...] = ()  # what the reader noticed about the file (encoding …)

    @property
    def width(self) -> int:
        return max((len(cells) for _, cells in self.rows), default=0)

    def layout_at(self, header_row: int, *, two_level: bool = False) -> Layout:
        """The layout with the header the user picked (a file row number)."""
        if self.detected.header_rows == (
            (header_row - 1, header_row) if two_level else (header_row,)
        ):
            return self.detected
        return layout_at(self.rows, header_row, two_level=two_level)


def read_head(path: str | Path, *, sheet: str | None = None) -> FileHead:
    """Open `path` for its first rows: the sheets, the rows and the detected header.

    Bad files raise `UserError` (the reader's clear message)."""
    with open_workbook(path) as book:
        current = book.sheet(sheet)
        rows = tuple(current.head(HEAD_ROWS))
        return FileHead(
            path=Path(path),
            format=book.format,
            sheets=tuple(book.sheet_names),
            sheet=current.name,
            rows=rows,
            merged=current.merged,
            row_count=current.row_count,
            detected=detect_layout(rows, current.merged),
            notes=(*book.notes, *current.notes),
        )


def group_headings(head: FileHead, layout: Layout) -> list[str]:
    """The group headings of a report among the first rows ('Менеджер: Орлов' above its
    clients), as the row filter of the import will skip them."""
    rows = list(head.rows)
    row_filter = RowFilter(layout, head.merged)
    row_filter.calibrate(rows)
    for _ in row_filter(rows):
        pass
    return [s.text for s in row_filter.skipped if s.reason is SkipReason.GROUP]


def suggest(layout: Layout, profiles: ProfileStore | None = None) -> tuple[Mapping, str | None]:
    """(mapping, name of the saved profile used): a profile that fits, else the headers'."""
    profile = profiles.best_match(layout) if profiles is not None else None
    if profile is not None:
        return profile.apply(layout), profile.name
    return suggest_mapping(layout), None


# ------------------------------------------------------------------ what the preview shows


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One record as it will be stored (or a rejected row), with the problems of its rows."""

    row: int | str  # the file's row number ('Sheet!row' for several sheets)
    status: str  # 'new', 'matched' or 'rejected'
    person: str
    organization: str
    position: str
    phones: tuple[str, ...]  # valid ones in international form, the others as typed
    emails: tuple[str, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlanCounts:
    persons_new: int
    persons_matched: int
    organizations_new: int
    organizations_matched: int
    rejected: int  # rows
    flagged: int  # rows with a warning

    @property
    def new(self) -> int:
        return self.persons_new + self.organizations_new

    @property
    def matched(self) -> int:
        return self.persons_matched + self.organizations_matched


def plan_counts(plan: ImportPlan) -> PlanCounts:
    res = plan.resolution
    return PlanCounts(
        persons_new=plan.persons_new,
        persons_matched=len(plan.person_matches),
        organizations_new=plan.organizations_new,
        organizations_matched=len(plan.org_matches),
        rejected=len(res.rejected),
        flagged=len({(w.sheet, w.row) for w in res.warnings}),
    )


def phone_text(phone: PhoneValue) -> str:
    if phone.valid and phone.e164:
        return format_phone(phone.e164, phone.extension)
    return phone.raw


def preview_rows(
    plan: ImportPlan, limit: int = PREVIEW_ROWS, *, language: str = "en"
) -> list[PreviewRow]:
    """The first `limit` records in file order: persons (with their organization),
    organizations no person row named, and rejected rows. Only those are formatted
    (a plan may hold 100k records)."""
    res = plan.resolution
    order = {name: i for i, name in enumerate(plan.sheets)}
    with_people = {p.organization for p in res.persons if p.organization is not None}
    candidates: Iterator[tuple[int, int, int, int]] = chain(  # (sheet, row, kind, index)
        ((order.get(p.rows[0][0], 0), p.rows[0][1], 0, i) for i, p in enumerate(res.persons)),
        (
            (order.get(o.rows[0][0], 0), o.rows[0][1], 1, i)
            for i, o in enumerate(res.organizations)
            if o.rows and o.id not in with_people
        ),
        ((order.get(r.sheet, 0), r.row, 2, i) for i, r in enumerate(res.rejected)),
    )
    first = heapq.nsmallest(limit, candidates)
    wanted = {
        ref
        for _, _, kind, i in first
        for ref in (
            res.persons[i].rows
            if kind == 0
            else res.organizations[i].rows
            if kind == 1
            else [(res.rejected[i].sheet, res.rejected[i].row)]
        )
    }
    problems: dict[tuple[str, int], list[str]] = {}
    for w in res.warnings:
        if (w.sheet, w.row) in wanted:
            problems.setdefault((w.sheet, w.row), []).append(w.text(language))

    def notes(refs: list[tuple[str, int]]) -> tuple[str, ...]:
        return tuple(m for ref in refs for m in problems.get(ref, ()))

    orgs = {o.id: o for o in res.organizations}
    out: list[PreviewRow] = []
    for _, _, kind, i in first:
        if kind == 0:
            p = res.persons[i]
            org = orgs.get(p.organization) if p.organization is not None else None
            out.append(
                PreviewRow(
                    row=plan.row_label(*p.rows[0]),
                    status="matched" if p.id in plan.person_matches else "new",
                    person=p.full_name,
                    organization=org.name if org else "",
                    position=p.position,
                    phones=tuple(phone_text(ph) for ph in p.phones),
                    emails=tuple(p.emails),
                    problems=notes(p.rows),
                )
            )
        elif kind == 1:
            o = res.organizations[i]
            out.append(
                PreviewRow(
                    row=plan.row_label(*o.rows[0]),
                    status="matched" if o.id in plan.org_matches else "new",
                    person="",
                    organization=o.name,
                    position="",
                    phones=tuple(phone_text(ph) for ph in o.phones),
                    emails=tuple(o.emails),
                    problems=notes(o.rows),
                )
            )
        else:
            r = res.rejected[i]
            ref = (r.sheet, r.row)
            out.append(
                PreviewRow(
                    row=plan.row_label(*ref),
                    status="rejected",
                    person="",
                    organization="",
                    position="",
                    phones=(),
                    emails=(),
                    problems=(r.text(language), *problems.get(ref, ())),
                )
            )
    return out
