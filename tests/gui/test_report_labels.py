"""Every English word a report shows is listed for translation (gui/reports/labels.py).

Two nets: every report is run on the small hand-built base of the service tests and
each label, title, column, parameter name, note and series name it produced must be
listed; and the report modules' source is scanned for the literal words they pass to
`label()`, `Column`, `Table`, `Chart`, `Series`, `total_row`, `fmt.label` … (words a
run on this base does not reach). A label added to a service without an entry fails.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.reports.labels import LABELS
from crm_desktop.services import reports
from crm_desktop.services.reports import Granularity, RelativePeriod, ReportParams, ReportResult
from crm_desktop.services.reports.result import CellKind
from crm_desktop.services.workspace import Workspace
from tests.services.test_reports import CLOCK, MARCH, NOW, Ids, base

__all__ = ["base"]  # the hand-built base, a fixture

SERVICES = Path(reports.__file__).parent
CELL_MAKERS = {"text", "label", "integer", "money", "percent", "day", "clock_time"}


@pytest.fixture
def ws(gui_ws: Workspace) -> Workspace:
    return gui_ws


def produced(result: ReportResult) -> Iterator[str]:
    """The English words of a result (user data left out)."""
    yield result.title
    yield from result.notes
    for name, value in result.parameters:
        yield name
        if value.kind is CellKind.LABEL:
            yield str(value.value)
    for table in result.tables:
        yield table.title
        for column in table.columns:
            yield column.label
        for row in (*table.rows, *table.totals):
            yield from (str(c.value) for c in row if c.kind is CellKind.LABEL)
    for chart in result.charts:
        yield chart.title
        yield from (s.label for s in chart.series if not s.label_is_text)
        yield from (str(c.value) for c in chart.categories if c.kind is CellKind.LABEL)


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _text(node: ast.expr | None) -> list[str]:
    """The literal string(s) of an argument (a string, or a tuple/conditional of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple):
        return [t for e in node.elts for t in _text(e)]
    if isinstance(node, ast.IfExp):
        return _text(node.body) + _text(node.orelse)
    return []


def scanned(source: str) -> set[str]:
    """The words a report module passes to the places the renderers translate."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name, args = _name(node.func), node.args
            if isinstance(node.func, ast.Attribute) and _name(node.func.value) != "fmt":
                name = ""  # sa's column.label("bucket") and the like: not a report word
            if name in {"label", "total_row", "Series", "_empty_result"} and args:
                found.update(_text(args[1] if name == "_empty_result" else args[0]))
            if name in {"Column", "Table", "Chart", "ReportResult", "_count_table", "listing"}:
                found.update(t for a in args[1:2] for t in _text(a))
            if name == "_count_table" and len(args) > 4:
                found.update(_text(args[4]))
            for keyword in node.keywords:
                if keyword.arg in {"notes", "title"}:
                    found.update(_text(keyword.value))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            targets = [_name(t) for t in node.targets]
            if any(t.endswith("LABELS") or t == "METRICS" for t in targets):
                for value in node.value.values:
                    found.update(_text(value))
        elif (
            isinstance(node, ast.Tuple)
            and len(node.elts) == 2
            and isinstance(node.elts[1], ast.Call)
            and _name(node.elts[1].func) in CELL_MAKERS
        ):
            found.update(_text(node.elts[0]))  # a ("Parameter", cell) header line
    return found


def test_every_label_a_report_produces_is_listed(ws: Workspace, base: Ids) -> None:
    runs = [(name, MARCH) for name in reports.REPORTS if name != "dossier"]
    runs += [
        ("dossier", ReportParams(client_kind=EntityKind.ORGANIZATION, client_id=base.o1)),
        ("dossier", ReportParams(client_kind=EntityKind.PERSON, client_id=base.p2)),
        ("activity", ReportParams(relative=RelativePeriod.THIS_YEAR)),
        (
            "activity",
            ReportParams(relative=RelativePeriod.LAST_WEEK, granularity=Granularity.MONTH),
        ),
        ("won-lost", ReportParams(relative=RelativePeriod.LAST_30_DAYS, pipeline_id=base.other)),
        ("agenda", ReportParams(date_from=date(2026, 3, 16), date_to=date(2026, 3, 22))),
        ("funnel", ReportParams(tags=("VIP",), segment="Опт", owner_ids=(base.anna,))),
    ]
    runs += [("funnel", ReportParams(relative=p)) for p in RelativePeriod]
    words: set[str] = set()
    for name, params in runs:
        words.update(produced(reports.run(name, ws, params, CLOCK)))
    assert "Total" in words and "Sales funnel" in words and "Last week" in words
    assert sorted(words - set(LABELS)) == []


def test_an_empty_base_produces_only_listed_labels(gui_ws: Workspace) -> None:
    words: set[str] = set()
    for name in reports.REPORTS:
        if name != "dossier":
            words.update(produced(reports.run(name, gui_ws, ReportParams(), FixedClock(NOW))))
    assert "No pipeline" in words  # the funnel of a base with no pipeline says so
    assert sorted(words - set(LABELS)) == []


def test_the_report_modules_pass_only_listed_words() -> None:
    words: set[str] = set()
    for path in sorted(SERVICES.glob("*.py")):
        words |= scanned(path.read_text(encoding="utf-8"))
    assert {"Sales funnel", "Won of those that reached the first stage", "Page %1 of %2"} <= words
    assert sorted(words - set(LABELS)) == []


def test_the_scan_sees_a_new_label() -> None:
    source = 'def f():\n    return [label("Brand new"), Column("x", "Fresh column", K)]\n'
    assert scanned(source) == {"Brand new", "Fresh column"}
