"""The reports page driven like a person: choose a report, type a period, run it, read
the table and the chart, export PDF and xlsx, save a template and rerun it, cancel a
run, and change a parameter while a report runs.

The base is the hand-built one of tests/services/test_reports.py (its right answers
are worked out there); the clock is Wednesday 18 March 2026, 12:00 in Moscow.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from crm_desktop.domain.clock import ManualClock
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.main_window import JobIndicator, MainWindow
from crm_desktop.gui.reports.page import ReportsPage
from crm_desktop.gui.reports.params_bar import CUSTOM
from crm_desktop.gui.reports.result_view import RAW_ROLE, ReportTableModel, formatter
from crm_desktop.gui.reports.view import ReportsView
from crm_desktop.services import reports
from crm_desktop.services.reports import RelativePeriod, ReportParams
from crm_desktop.services.reports.templates import list_templates
from crm_desktop.services.workspace import Workspace
from tests.gui.conftest import (
    FakeDialogs,
    double_click,
    pick,
    show_window,
    wait_idle,
)
from tests.gui.test_activity_editor import type_date
from tests.services.test_reports import MOSCOW, NOW, Ids, base

__all__ = ["base"]  # the hand-built base, a fixture


@pytest.fixture
def ws(gui_ws: Workspace) -> Workspace:
    """The base the window shows (the service tests' `ws`, here the GUI's SQLite base)."""
    return gui_ws


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, base: Ids) -> ReportsView:
    """The reports view, opened from the window's navigation."""
    ctx.clock = ManualClock(NOW, MOSCOW)
    window = show_window(qtbot, ctx)
    shown = window.show_page("reports")
    assert isinstance(shown, ReportsPage)
    view = shown.view
    qtbot.waitUntil(lambda: view.bar.pipeline.count() == 2)  # the choices are read
    wait_idle(qtbot, ctx)
    return view


def click_item(qtbot: QtBot, widget: QListWidget, text: str) -> None:
    (item,) = widget.findItems(text, Qt.MatchFlag.MatchExactly)
    widget.scrollToItem(item)
    qtbot.mouseClick(
        widget.viewport(), Qt.MouseButton.LeftButton, pos=widget.visualItemRect(item).center()
    )


def choose(qtbot: QtBot, combo: object, text: str) -> None:
    """Open a combo box's list and click the entry that starts with `text`."""
    from PySide6.QtWidgets import QComboBox

    assert isinstance(combo, QComboBox)
    row = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentIndex() == row


def set_custom_period(qtbot: QtBot, page: ReportsView, first: date, last: date) -> None:
    choose(qtbot, page.bar.period, "Custom")
    assert page.bar.period.currentData() == CUSTOM
    assert page.bar.date_from.isVisible()
    type_date(qtbot, page.bar.date_from, first)
    type_date(qtbot, page.bar.date_to, last)


def run(qtbot: QtBot, ctx: AppContext, page: ReportsView) -> None:
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)


def table_rows(model: ReportTableModel) -> dict[str, list[object]]:
    """Each row by its first column's text: the raw values of the other columns."""
    return {
        model.texts[r][0]: [model.index(r, c).data(RAW_ROLE) for c in range(1, model.columnCount())]
        for r in range(model.rowCount())
    }


def funnel_in_march(qtbot: QtBot, ctx: AppContext, page: ReportsView) -> None:
    click_item(qtbot, page.report_list, "Sales funnel")
    assert page.report == "funnel" and page.heading.text() == "Sales funnel"
    set_custom_period(qtbot, page, date(2026, 3, 1), date(2026, 3, 31))
    run(qtbot, ctx, page)


def test_choose_a_report_type_a_period_and_read_table_and_chart(
    qtbot: QtBot, ctx: AppContext, page: ReportsView, qtmodeltester: ModelTester
) -> None:
    # fields the funnel does not read stay hidden
    click_item(qtbot, page.report_list, "Client base")
    assert page.bar.days.isVisible() and not page.bar.period_box.isVisible()
    funnel_in_march(qtbot, ctx, page)

    assert page.result is not None and page.result.report == "funnel"
    model = page.result_view.model("stages")
    qtmodeltester.check(model)
    assert model.headers == ["Stage", "Type", "Reached", "Amount", "Conversion to next stage"]
    rows = table_rows(model)
    assert rows["Лид"] == ["Open", 5, 27_000_000, 0.8]
    assert rows["Переговоры"][1:3] == [4, 26_000_000]
    assert rows["Отказ"][1] == 2
    fmt = formatter()
    lead = next(r for r in range(model.rowCount()) if model.texts[r][0] == "Лид")
    assert model.index(lead, 3).data() == fmt.money(27_000_000, "RUB")
    assert model.index(lead, 4).data() == fmt.percent(0.8)
    right = model.index(lead, 2).data(Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight
    total = model.rowCount() - 1
    assert model.is_total(total) and model.index(total, 2).data(RAW_ROLE) == 1
    font = model.index(total, 0).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert "From: " + fmt.date(date(2026, 3, 1)) in page.summary.text()
    assert "Pipeline: Продажи" in page.summary.text()

    (view,) = page.result_view.charts
    chart = view.chart()
    assert chart.title() == "Deals that reached each stage"
    (series,) = chart.series()
    bars = series.barSets()  # type: ignore[attr-defined]
    assert [b.label() for b in bars] == ["Reached"]
    values = [bars[0].at(i) for i in range(bars[0].count())]
    assert values == [2.0, 1.0, 2.0, 4.0, 5.0]  # top to bottom: Лид first (drawn last)


def test_another_pipeline_and_owner_narrow_the_funnel(
    qtbot: QtBot, ctx: AppContext, page: ReportsView, base: Ids
) -> None:
    funnel_in_march(qtbot, ctx, page)
    choose(qtbot, page.bar.pipeline, "Другая")
    assert "press Run" in page.status.text()  # the numbers shown are for the old pipeline
    run(qtbot, ctx, page)
    assert {k: v[1] for k, v in table_rows(page.result_view.model("stages")).items()} == {
        "Икс": 2,
        "Икс-успех": 1,
        "Икс-отказ": 0,
        "Won of those that reached the first stage": 1,
    }
    choose(qtbot, page.bar.pipeline, "Продажи")
    page.bar.owners.action_for(base.boris).trigger()  # ticked in the drop-down menu
    assert page.bar.owners.text() == "Борис"
    run(qtbot, ctx, page)
    assert table_rows(page.result_view.model("stages"))["Переговоры"][1] == 2
    everybody = page.bar.owners.menu().actions()[0]
    everybody.trigger()
    assert page.bar.owners.values() == [] and page.bar.owners.text() == "Everybody"
    assert not page.bar.owners.action_for(base.boris).isChecked()


def test_an_empty_period_says_so(qtbot: QtBot, ctx: AppContext, page: ReportsView) -> None:
    click_item(qtbot, page.report_list, "Sales funnel")
    set_custom_period(qtbot, page, date(2025, 1, 1), date(2025, 1, 31))
    run(qtbot, ctx, page)
    assert page.result_view.stack.currentWidget() is page.result_view.message
    assert "No deal reached a stage" in page.result_view.message.text()


def test_reversed_dates_and_a_dossier_without_client_are_explained(
    qtbot: QtBot, ctx: AppContext, page: ReportsView
) -> None:
    click_item(qtbot, page.report_list, "Sales funnel")
    set_custom_period(qtbot, page, date(2026, 3, 31), date(2026, 3, 1))
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert "ends before it starts" in page.status.text()
    assert not ctx.runner.busy() and page.result is None

    click_item(qtbot, page.report_list, "Client dossier")
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert "Choose the organization" in page.status.text()
    pick(qtbot, ctx, page.bar.org_picker, "Ромашка")
    run(qtbot, ctx, page)
    card = table_rows(page.result_view.model("card"))
    assert card["Name"] == ["ООО «Ромашка»"]


def test_export_to_pdf_and_xlsx(
    qtbot: QtBot, ctx: AppContext, page: ReportsView, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    funnel_in_march(qtbot, ctx, page)
    dialogs.paths = [str(tmp_path / "funnel"), str(tmp_path / "funnel.xlsx")]
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert Path(dialogs.saves[0]).name == "Sales funnel 2026-03-01 – 2026-03-31.pdf"
    pdf = tmp_path / "funnel.pdf"  # the suffix is added when the name has none
    assert pdf.stat().st_size > 0
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Sales funnel" in text and "Продажи" in text and "Переговоры" in text

    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert dialogs.saves[1].endswith(".xlsx")
    book = load_workbook(tmp_path / "funnel.xlsx", read_only=True)
    cells = [
        v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
    ]
    assert "Лид" in cells and "Переговоры" in cells
    assert not dialogs.errors
    assert "funnel.xlsx" in page.status.text()

    dialogs.paths = [None]  # the file dialog cancelled: nothing written, nothing said
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert not ctx.runner.busy() and not dialogs.errors


def test_a_template_reruns_in_one_go_with_its_relative_period(
    qtbot: QtBot, ctx: AppContext, page: ReportsView, base: Ids
) -> None:
    click_item(qtbot, page.report_list, "Sales funnel")
    choose(qtbot, page.bar.period, "This month")
    page.bar.owners.action_for(base.boris).trigger()
    page.ask_name = lambda *_args: "Понедельник"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    (saved,) = list_templates(ctx.ws)
    assert (saved.name, saved.report) == ("Понедельник", "funnel")
    assert saved.params.relative is RelativePeriod.THIS_MONTH
    assert saved.params.date_from is None and saved.params.owner_ids == (base.boris,)
    assert [page.template_list.item(i).text() for i in range(page.template_list.count())] == [
        "Понедельник"
    ]

    # later: another report with other parameters, and a month on
    click_item(qtbot, page.report_list, "Client base")
    clock = ctx.clock
    assert isinstance(clock, ManualClock)
    clock.set(NOW + timedelta(days=20))  # 7 April 2026
    item = page.template_list.item(0)
    double_click(
        qtbot, page.template_list.viewport(), page.template_list.visualItemRect(item).center()
    )
    wait_idle(qtbot, ctx)
    assert page.report == "funnel" and page.report_list.currentItem().text() == "Sales funnel"
    assert page.bar.period.currentData() == RelativePeriod.THIS_MONTH.value
    assert page.result_for is not None and page.result_for[0] == "funnel"
    assert page.result_for[1].relative is RelativePeriod.THIS_MONTH
    fmt = formatter()
    assert "From: " + fmt.date(date(2026, 4, 1)) in page.summary.text()  # April, not March
    assert "Owners: Борис" in page.summary.text()


def test_rename_and_delete_a_template(
    qtbot: QtBot, ctx: AppContext, page: ReportsView, dialogs: FakeDialogs
) -> None:
    click_item(qtbot, page.report_list, "Client base")
    page.ask_name = lambda *_args: "Забытые"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    (saved,) = list_templates(ctx.ws)
    page.ask_name = lambda *_args: "Забытые клиенты"
    page.rename_template(saved.id)
    wait_idle(qtbot, ctx)
    assert [t.name for t in list_templates(ctx.ws)] == ["Забытые клиенты"]
    assert page.template_list.item(0).text() == "Забытые клиенты"
    dialogs.answers = [False]
    page.delete_template(page.templates[0].id)
    wait_idle(qtbot, ctx)
    assert len(list_templates(ctx.ws)) == 1  # "No" keeps it
    page.delete_template(page.templates[0].id)
    wait_idle(qtbot, ctx)
    assert list_templates(ctx.ws) == [] and page.no_templates.isVisible()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """Reports wait for `release()` before they compute (so a test can act meanwhile)."""
    gate = threading.Event()
    real = reports.run

    def slow(name: str, ws: Workspace, params: ReportParams, clock: object = None) -> object:
        assert gate.wait(10)
        return real(name, ws, params, clock)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "run", slow)
    yield gate.set
    gate.set()


def test_cancel_a_running_report(
    qtbot: QtBot,
    ctx: AppContext,
    page: ReportsView,
    dialogs: FakeDialogs,
    held: Callable[[], None],
) -> None:
    click_item(qtbot, page.report_list, "Sales funnel")
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    window = page.window()
    assert isinstance(window, MainWindow)
    indicator = window.findChild(JobIndicator)
    assert indicator is not None
    qtbot.waitUntil(indicator.isVisible)
    assert "Sales funnel" in indicator.label.text()
    qtbot.mouseClick(indicator.cancel, Qt.MouseButton.LeftButton)
    held()
    wait_idle(qtbot, ctx)
    assert page.result is None
    assert page.result_view.message.text() == "The report was cancelled."
    assert not dialogs.errors and not indicator.isVisible()


def test_a_parameter_changed_while_running_drops_the_stale_result(
    qtbot: QtBot, ctx: AppContext, page: ReportsView, held: Callable[[], None]
) -> None:
    click_item(qtbot, page.report_list, "Sales funnel")
    set_custom_period(qtbot, page, date(2026, 3, 1), date(2026, 3, 31))
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert ctx.runner.busy()
    type_date(qtbot, page.bar.date_from, date(2026, 3, 10))  # while it runs
    held()
    wait_idle(qtbot, ctx)
    assert page.result is None  # computed for 1 March: not shown under 10 March
    assert "changed while the report ran" in page.result_view.message.text()
    run(qtbot, ctx, page)
    assert page.result is not None
    assert page.result_for is not None and page.result_for[1].date_from == date(2026, 3, 10)
    assert table_rows(page.result_view.model("stages"))["Лид"][1] == 2


def test_the_dossier_remembers_its_client_in_a_template(
    qtbot: QtBot, ctx: AppContext, page: ReportsView, base: Ids
) -> None:
    click_item(qtbot, page.report_list, "Client dossier")
    page.bar.set_client(EntityKind.PERSON, base.p1, "Петров Пётр")
    page.ask_name = lambda *_args: "Досье Петрова"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    (saved,) = list_templates(ctx.ws)
    assert (saved.params.client_kind, saved.params.client_id) == (EntityKind.PERSON, base.p1)
    page.bar.person.clear()
    click_item(qtbot, page.report_list, "Sales funnel")
    page.run_template(saved.id)
    wait_idle(qtbot, ctx)
    assert page.bar.person.text() == "Петров Пётр" and page.bar.person.isVisible()
    assert table_rows(page.result_view.model("card"))["Name"] == ["Петров Пётр"]


@pytest.mark.parametrize("view", ["reports", "reports-forecast"])
def test_the_screenshot_views_show_a_report(
    qapp: object, tmp_path: Path, view: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QImage

    from crm_desktop.config import AppPaths
    from crm_desktop.gui import i18n
    from crm_desktop.gui.reports import view as view_module
    from crm_desktop.gui.screenshot import take
    from crm_desktop.services.demo import DemoSpec, generate_demo

    db = tmp_path / "demo.sqlite3"
    demo = Workspace.open(str(db), paths=AppPaths.resolve(tmp_path / "data"), create=True)
    try:
        generate_demo(demo, DemoSpec(persons=60, seed=3, language="ru"))
    finally:
        demo.close()
    shown: list[str] = []
    real = view_module.ReportsView._shown

    def spy(self: ReportsView, generation: int, report: str, *args: object) -> None:
        shown.append(report)
        real(self, generation, report, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(view_module.ReportsView, "_shown", spy)
    out = tmp_path / f"{view}.png"
    try:
        note = take(view, out, db=str(db), data_dir=str(tmp_path / "data"), size="1280x720")
    finally:
        i18n.install(qapp, "en")  # type: ignore[arg-type]
    assert note == ""
    assert shown == ["funnel" if view == "reports" else "forecast"]
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)


def test_each_report_keeps_its_parameters_and_its_last_result(
    qtbot: QtBot, ctx: AppContext, page: ReportsView
) -> None:
    funnel_in_march(qtbot, ctx, page)
    click_item(qtbot, page.report_list, "Agenda")
    assert page.bar.period.currentData() == RelativePeriod.TODAY.value  # its own default
    assert page.result is None and "press Run" in page.result_view.message.text()
    click_item(qtbot, page.report_list, "Sales funnel")
    assert page.bar.period.currentData() == CUSTOM
    assert page.bar.date_from.date().toPython() == date(2026, 3, 1)
    assert page.result_view.stack.currentWidget() is page.result_view.splitter
    assert table_rows(page.result_view.model("stages"))["Лид"][1] == 5
    # Enter on a report in the list runs it
    click_item(qtbot, page.report_list, "Client base")
    qtbot.keyClick(page.report_list, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    assert page.result is not None and page.result.report == "base"
