"""Named report templates: a report and its parameters, saved to rerun in one click.

A template belongs to the current user (``ws.user_id``) and is stored in the
``report_templates`` table as the report's name plus `ReportParams.to_json()`. A
relative period stays relative: a "last week" template reruns on the week that is
"last week" when it runs, not on the week it was saved in. Names compare
case-insensitively; saving under a name the user already has replaces that template.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from crm_desktop.domain.names import fold
from crm_desktop.errors import NotFoundError, ValidationError
from crm_desktop.services.reports import REPORTS
from crm_desktop.services.reports.params import ReportParams
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import ReportTemplate as TemplateRow

MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class ReportTemplateView:
    """A saved template: `report` is a `REPORTS` name ('funnel', 'won-lost', …)."""

    id: int
    name: str
    report: str
    params: ReportParams


ReportTemplate = ReportTemplateView


def _view(row: TemplateRow) -> ReportTemplateView:
    try:
        params = ReportParams.from_json(row.params_json)
    except (ValueError, TypeError, KeyError):
        params = ReportParams()  # a damaged row still lists (and can be deleted or resaved)
    return ReportTemplateView(id=row.id, name=row.name, report=row.report_kind, params=params)


def _owned_by(user_id: int | None) -> sa.ColumnElement[bool]:
    if user_id is None:
        return TemplateRow.owner_id.is_(None)
    return TemplateRow.owner_id == user_id


def _own(session: Session, user_id: int | None) -> list[TemplateRow]:
    rows = session.scalars(sa.select(TemplateRow).where(_owned_by(user_id))).all()
    return sorted(rows, key=lambda r: (fold(r.name), r.id))


def _clean_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("Enter a name for the report template.", field="name")
    if len(clean) > MAX_NAME:
        raise ValidationError(
            f"A template name can be at most {MAX_NAME} characters long.", field="name"
        )
    return clean


def list_templates(ws: Workspace) -> list[ReportTemplateView]:
    """The user's templates, by name."""
    with ws.read() as uow:
        return [_view(row) for row in _own(uow.session, ws.user_id)]


def save_template(
    ws: Workspace, name: str, report: str, params: ReportParams
) -> ReportTemplateView:
    """Save `report` with `params` under `name`; the user's template of that name is replaced."""
    clean = _clean_name(name)
    if report not in REPORTS:
        raise ValidationError(f"Unknown report “{report}”.", field="report")
    with ws.write() as uow:
        row = next((r for r in _own(uow.session, ws.user_id) if fold(r.name) == fold(clean)), None)
        if row is None:
            row = TemplateRow(owner_id=ws.user_id)
            uow.session.add(row)
        row.name = clean
        row.report_kind = report
        row.params_json = params.to_json()
        uow.flush()
        view = _view(row)
        uow.commit()
        return view


def delete_template(ws: Workspace, template_id: int) -> None:
    """Delete one of the user's templates."""
    with ws.write() as uow:
        row = uow.session.get(TemplateRow, template_id)
        if row is None or row.owner_id != ws.user_id:
            raise NotFoundError(f"Report template #{template_id} does not exist.")
        uow.session.delete(row)
        uow.commit()


def find_template(ws: Workspace, name: str) -> ReportTemplateView:
    """The user's template called `name` (case-insensitive); NotFoundError if none."""
    wanted = fold(" ".join(name.split()))
    with ws.read() as uow:
        for row in _own(uow.session, ws.user_id):
            if fold(row.name) == wanted:
                return _view(row)
    raise NotFoundError(f"There is no report template named “{name.strip()}”.")
