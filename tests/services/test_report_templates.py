"""Named report templates: saved, replaced by name, listed, found, deleted; relative
periods stay relative."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crm_desktop.domain.clock import FixedClock
from crm_desktop.errors import NotFoundError, ValidationError
from crm_desktop.services.reports import RelativePeriod, ReportParams, resolve_period
from crm_desktop.services.reports.templates import (
    delete_template,
    find_template,
    list_templates,
    save_template,
)
from crm_desktop.services.workspace import Workspace
from crm_desktop.storage.models import ReportTemplate as TemplateRow
from crm_desktop.storage.models import User


def test_save_list_replace_find_delete(ws: Workspace) -> None:
    weekly = ReportParams(relative=RelativePeriod.LAST_WEEK, owner_ids=(1,), tags=("VIP",))
    a = save_template(ws, "  Планёрка   понедельник ", "activity", weekly)
    assert a.name == "Планёрка понедельник" and a.report == "activity" and a.params == weekly
    b = save_template(ws, "Воронка", "funnel", ReportParams(date_from=date(2026, 3, 1)))
    assert [t.name for t in list_templates(ws)] == ["Воронка", "Планёрка понедельник"]

    again = save_template(ws, "ПЛАНЁРКА понедельник", "won-lost", ReportParams())
    assert again.id == a.id  # the same name (any case) replaces, keeps the row
    assert find_template(ws, "планёрка  понедельник") == again
    assert again.report == "won-lost" and again.params == ReportParams()
    assert len(list_templates(ws)) == 2

    delete_template(ws, b.id)
    assert [t.name for t in list_templates(ws)] == ["ПЛАНЁРКА понедельник"]
    with pytest.raises(NotFoundError):
        find_template(ws, "Воронка")
    with pytest.raises(NotFoundError):
        delete_template(ws, b.id)


def test_bad_names_and_reports_are_refused(ws: Workspace) -> None:
    with pytest.raises(ValidationError) as empty:
        save_template(ws, "   ", "funnel", ReportParams())
    assert empty.value.field == "name"
    with pytest.raises(ValidationError) as unknown:
        save_template(ws, "X", "sales-magic", ReportParams())
    assert unknown.value.field == "report"
    with pytest.raises(ValidationError):
        save_template(ws, "x" * 201, "funnel", ReportParams())
    assert list_templates(ws) == []


def test_a_relative_period_reruns_on_the_current_week(ws: Workspace) -> None:
    save_template(ws, "Last week", "activity", ReportParams(relative=RelativePeriod.LAST_WEEK))
    with ws.read() as uow:
        (row,) = uow.session.query(TemplateRow).all()
        assert "last_week" in row.params_json and "2026" not in row.params_json
    params = find_template(ws, "last week").params
    march = resolve_period(params, FixedClock(datetime(2026, 3, 18, 9, tzinfo=UTC), UTC))
    april = resolve_period(params, FixedClock(datetime(2026, 4, 8, 9, tzinfo=UTC), UTC))
    assert (march.first, march.last) == (date(2026, 3, 9), date(2026, 3, 15))
    assert (april.first, april.last) == (date(2026, 3, 30), date(2026, 4, 5))


def test_templates_are_per_user(ws: Workspace) -> None:
    mine = save_template(ws, "Мой", "funnel", ReportParams())
    with ws.write() as uow:
        other = User(login="other", display_name="Другой")
        uow.session.add(other)
        uow.flush()
        other_id = other.id
        uow.commit()
    me = ws.user_id
    ws.user_id = other_id
    try:
        assert list_templates(ws) == []
        with pytest.raises(NotFoundError):
            find_template(ws, "Мой")
        with pytest.raises(NotFoundError):
            delete_template(ws, mine.id)
        theirs = save_template(ws, "Мой", "base", ReportParams())
        assert theirs.id != mine.id
    finally:
        ws.user_id = me
    assert [(t.name, t.report) for t in list_templates(ws)] == [("Мой", "funnel")]


def test_a_damaged_template_still_lists(ws: Workspace) -> None:
    with ws.write() as uow:
        uow.session.add(
            TemplateRow(
                name="Broken", report_kind="funnel", params_json="{oops", owner_id=ws.user_id
            )
        )
        uow.commit()
    (broken,) = list_templates(ws)
    assert broken.params == ReportParams()
    delete_template(ws, broken.id)
    assert list_templates(ws) == []
