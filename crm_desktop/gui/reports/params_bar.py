"""The parameter bar of the reports view: only the parameters the chosen report reads.

`USES` says which ones each report reads. The bar turns its fields into
`ReportParams` (a relative period stays relative: "last week" is saved as last week,
not as its dates) and shows saved parameters again (`set_params`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QToolButton,
    QWidget,
)

from crm_desktop.domain.clock import local_day
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.contacts.card import FlowLayout
from crm_desktop.gui.contacts.contact_fields import OrganizationPicker
from crm_desktop.gui.contacts.editors import _date_format
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.deals.editor import PersonPicker
from crm_desktop.gui.reports.result_view import translate
from crm_desktop.gui.resources import icon
from crm_desktop.services import contact_list, contacts, deals
from crm_desktop.services.reports import Granularity, RelativePeriod, ReportParams
from crm_desktop.services.reports.params import relative_dates
from crm_desktop.services.workspace import Workspace

PERIOD, PIPELINE, ALL_PIPELINES, OWNERS, CLIENTS, GRANULARITY, CLIENT, DAYS = (
    "period",
    "pipeline",
    "all_pipelines",
    "owners",
    "clients",
    "granularity",
    "client",
    "days",
)
USES: dict[str, frozenset[str]] = {
    "funnel": frozenset({PERIOD, PIPELINE, OWNERS, CLIENTS}),
    "forecast": frozenset({PIPELINE, OWNERS, CLIENTS}),
    "won-lost": frozenset({PERIOD, ALL_PIPELINES, OWNERS, CLIENTS}),
    "activity": frozenset({PERIOD, ALL_PIPELINES, OWNERS, CLIENTS, GRANULARITY}),
    "overdue": frozenset({OWNERS}),
    "agenda": frozenset({PERIOD, OWNERS}),
    "dossier": frozenset({CLIENT}),
    "base": frozenset({OWNERS, CLIENTS, DAYS}),
}
CUSTOM = "custom"
PERIODS = (
    RelativePeriod.TODAY,
    RelativePeriod.THIS_WEEK,
    RelativePeriod.LAST_WEEK,
    RelativePeriod.THIS_MONTH,
    RelativePeriod.LAST_MONTH,
    RelativePeriod.THIS_QUARTER,
    RelativePeriod.THIS_YEAR,
    RelativePeriod.LAST_30_DAYS,
)
MAX_DAYS = 3650


def default_params(report: str) -> ReportParams:
    """What a report starts with: this month (the agenda: today)."""
    if report == "agenda":
        return ReportParams(relative=RelativePeriod.TODAY)
    return ReportParams(relative=RelativePeriod.THIS_MONTH)


@dataclass(frozen=True)
class Choices:
    """What the fields offer, read in the background."""

    users: list[tuple[int, str]]
    pipelines: list[tuple[int, str]]
    tags: list[str]
    segments: list[str]


def load_choices(ws: Workspace) -> Choices:
    return Choices(
        deals.users_for_assignment(ws),
        [(p.id, p.name) for p in deals.list_pipelines(ws)],
        contact_list.tags(ws),
        contact_list.segments_in_use(ws),
    )


class CheckMenuButton(QToolButton):
    """Several values ticked in a drop-down menu; none ticked means all of them."""

    changed = Signal()

    def __init__(self, parent: QWidget, object_name: str, all_text: str) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.all_text = all_text
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMinimumWidth(150)
        self.setMaximumWidth(300)
        self.setMenu(QMenu(self))
        self.items: list[tuple[object, str]] = []
        self._chosen: list[object] = []
        self._all = QAction(self)
        self._rebuild()

    def set_items(self, items: Sequence[tuple[object, str]]) -> None:
        self.items = list(items)
        self._rebuild()

    def values(self) -> list[object]:
        return list(self._chosen)

    def set_values(self, values: Sequence[object]) -> None:
        self._chosen = list(values)
        self._rebuild()

    def set_all_text(self, text: str) -> None:
        self.all_text = text
        self._rebuild()

    def action_for(self, value: object) -> QAction:
        menu = self.menu()
        return next(a for a in menu.actions() if a.data() == value and a.isCheckable())

    def _rebuild(self) -> None:
        menu = self.menu()
        menu.clear()
        self._all = menu.addAction(self.all_text)
        self._all.setCheckable(True)
        self._all.triggered.connect(self._clear)
        menu.addSeparator()
        known = {v for v, _ in self.items}
        extra = [(v, self._name(v)) for v in self._chosen if v not in known]
        for value, text in [*self.items, *extra]:
            act = menu.addAction(text)
            act.setCheckable(True)
            act.setData(value)
            act.setChecked(value in self._chosen)
            act.toggled.connect(lambda on, v=value: self._toggle(v, on))
        self._update()

    def _name(self, value: object) -> str:
        names = dict(self.items)
        return names.get(value, f"#{value}" if isinstance(value, int) else str(value))

    def _update(self) -> None:
        """The check of "all" and the button's text (the menu's actions stay: one of
        them may be the one being triggered)."""
        self._all.setChecked(not self._chosen)
        text = ", ".join(self._name(v) for v in self._chosen) or self.all_text
        self.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, 260))
        self.setToolTip(text)

    def _toggle(self, value: object, on: bool) -> None:
        if on and value not in self._chosen:
            self._chosen.append(value)
        elif not on and value in self._chosen:
            self._chosen.remove(value)
        self._update()
        self.changed.emit()

    def _clear(self) -> None:
        self._chosen = []
        for act in self.menu().actions():
            if act is not self._all and act.isChecked():
                blocker = QSignalBlocker(act)
                act.setChecked(False)
                del blocker
        self._update()
        self.changed.emit()


class ParamsBar(QWidget):
    """Emits `changed` whenever the user changes a parameter."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportParams")
        self.report = "funnel"
        self.choices = Choices([], [], [], [])
        self._pipeline_id: int | None = None
        self._loading = False

        # period
        self.period = QComboBox(self)
        self.period.setObjectName("reportPeriod")
        for p in PERIODS:
            self.period.addItem(translate(p.label), p.value)
        self.period.addItem(self.tr("Custom dates"), CUSTOM)
        self.period.setCurrentIndex(self.period.findData(RelativePeriod.THIS_MONTH.value))
        self.date_from = self._date_edit("reportFrom")
        self.date_to = self._date_edit("reportTo")
        self.dash = QLabel("–", self)
        self.period_box = self._group(
            self.tr("Period:"), self.period, self.date_from, self.dash, self.date_to
        )
        # activity step
        self.granularity = QComboBox(self)
        self.granularity.setObjectName("reportGranularity")
        self.granularity.addItem(self.tr("Automatic"), None)
        self.granularity.addItem(self.tr("Days"), Granularity.DAY.value)
        self.granularity.addItem(self.tr("Weeks"), Granularity.WEEK.value)
        self.granularity.addItem(self.tr("Months"), Granularity.MONTH.value)
        self.granularity_box = self._group(self.tr("Step:"), self.granularity)
        # dossier's client
        self.client_kind = QComboBox(self)
        self.client_kind.setObjectName("reportClientKind")
        self.client_kind.addItem(icon("organization"), self.tr("Organization"), "organization")
        self.client_kind.addItem(icon("person"), self.tr("Person"), "person")
        self.organization = QLineEdit(self)
        self.organization.setObjectName("reportOrganization")
        self.organization.setPlaceholderText(self.tr("Type a name to search…"))
        self.organization.setMinimumWidth(280)
        self.person = QLineEdit(self)
        self.person.setObjectName("reportPerson")
        self.person.setPlaceholderText(self.tr("Type a name to search…"))
        self.person.setMinimumWidth(280)
        self.org_picker = OrganizationPicker(ctx, self.organization)
        self.person_picker = PersonPicker(ctx, self.person)
        self.client_box = self._group(
            self.tr("Client:"), self.client_kind, self.organization, self.person
        )
        # pipeline, owners, client filter, days
        self.pipeline = QComboBox(self)
        self.pipeline.setObjectName("reportPipeline")
        self.pipeline.setMinimumContentsLength(14)
        self.pipeline.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.pipeline_box = self._group(self.tr("Pipeline:"), self.pipeline)
        self.owners = CheckMenuButton(self, "reportOwners", self.tr("Everybody"))
        self.owners_box = self._group(self.tr("Owners:"), self.owners)
        self.owners_label = self.owners_box.findChild(QLabel)
        self.tags = CheckMenuButton(self, "reportTags", self.tr("Any tag"))
        self.segment = QComboBox(self)
        self.segment.setObjectName("reportSegment")
        self.segment.addItem(self.tr("Any segment"), None)
        self.segment.setMinimumContentsLength(12)
        self.segment.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tags_box = self._group(self.tr("Tags:"), self.tags)
        self.segment_box = self._group(self.tr("Segment:"), self.segment)
        self.days = QSpinBox(self)
        self.days.setObjectName("reportDays")
        self.days.setRange(0, MAX_DAYS)
        self.days.setValue(30)
        self.days.setSingleStep(7)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccelerated(True)
        self.days_box = self._group(self.tr("Not contacted for:"), self.days)

        flow = FlowLayout(self, spacing=4)
        for box in (
            self.period_box,
            self.granularity_box,
            self.client_box,
            self.pipeline_box,
            self.owners_box,
            self.tags_box,
            self.segment_box,
            self.days_box,
        ):
            flow.add_widget(box)

        self.period.currentIndexChanged.connect(self._period_changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._emit)
        for combo in (self.granularity, self.pipeline, self.segment):
            combo.currentIndexChanged.connect(self._emit)
        self.client_kind.currentIndexChanged.connect(self._client_kind_changed)
        self.org_picker.chosen.connect(self._emit)
        self.person_picker.chosen.connect(self._emit)
        self.owners.changed.connect(self._emit)
        self.tags.changed.connect(self._emit)
        self.days.valueChanged.connect(self._emit)
        self._client_kind_changed()
        self.set_report("funnel", default_params("funnel"))

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(_date_format())
        edit.setDate(QDate.currentDate())
        return edit

    def _group(self, caption: str, *widgets: QWidget) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 10, 0)
        row.setSpacing(4)
        label = QLabel(caption, box)
        label.setBuddy(widgets[0])
        row.addWidget(label)
        for w in widgets:
            row.addWidget(w)
        return box

    # ------------------------------------------------------------ values

    def set_choices(self, choices: Choices) -> None:
        """The users, pipelines, tags and segments of the base (read in the background);
        what is chosen stays chosen."""
        self.choices = choices
        self.owners.set_items(choices.users)
        self.tags.set_items([(t, t) for t in choices.tags])
        segment = self.segment.currentData()
        blocker = QSignalBlocker(self.segment)
        while self.segment.count() > 1:
            self.segment.removeItem(1)
        for s in choices.segments:
            self.segment.addItem(s, s)
        if segment is not None and self.segment.findData(segment) < 0:
            self.segment.addItem(segment, segment)
        self.segment.setCurrentIndex(max(self.segment.findData(segment), 0))
        del blocker
        self._fill_pipelines()

    def _fill_pipelines(self) -> None:
        blocker = QSignalBlocker(self.pipeline)
        self.pipeline.clear()
        if ALL_PIPELINES in USES[self.report]:
            self.pipeline.addItem(self.tr("All pipelines"), None)
        for pipeline_id, name in self.choices.pipelines:
            self.pipeline.addItem(icon("pipelines"), name, pipeline_id)
        found = self.pipeline.findData(self._pipeline_id)
        self.pipeline.setCurrentIndex(max(found, 0))
        del blocker

    # ------------------------------------------------------------ report

    def set_report(self, report: str, params: ReportParams) -> None:
        """Show the fields `report` reads, filled from `params`."""
        self.report = report
        uses = USES[report]
        self.period_box.setVisible(PERIOD in uses)
        self.granularity_box.setVisible(GRANULARITY in uses)
        self.client_box.setVisible(CLIENT in uses)
        self.pipeline_box.setVisible(bool({PIPELINE, ALL_PIPELINES} & uses))
        self.owners_box.setVisible(OWNERS in uses)
        self.tags_box.setVisible(CLIENTS in uses)
        self.segment_box.setVisible(CLIENTS in uses)
        self.days_box.setVisible(DAYS in uses)
        agenda = report == "agenda"  # whose agenda; elsewhere whose deals, clients, work
        self.owners.set_all_text(self.tr("Me") if agenda else self.tr("Everybody"))
        if isinstance(self.owners_label, QLabel):
            self.owners_label.setText(self.tr("Users:") if agenda else self.tr("Owners:"))
        loading, self._loading = self._loading, True
        self._fill_pipelines()
        self._show(params)
        self._loading = loading

    def _show(self, params: ReportParams) -> None:
        loading, self._loading = self._loading, True
        today = local_day(self.ctx.clock.now(), self.ctx.clock.tz)
        if params.relative is not None:
            self.period.setCurrentIndex(self.period.findData(params.relative.value))
            first, last = relative_dates(params.relative, today)
        elif params.date_from is not None or params.date_to is not None:
            self.period.setCurrentIndex(self.period.findData(CUSTOM))
            last = params.date_to or max(today, params.date_from or today)
            first = params.date_from or last.replace(day=1)
        else:
            default = default_params(self.report).relative or RelativePeriod.THIS_MONTH
            self.period.setCurrentIndex(self.period.findData(default.value))
            first, last = relative_dates(default, today)
        self.date_from.setDate(QDate(first.year, first.month, first.day))
        self.date_to.setDate(QDate(last.year, last.month, last.day))
        self._show_dates()
        grain = params.granularity.value if params.granularity else None
        self.granularity.setCurrentIndex(max(self.granularity.findData(grain), 0))
        self._pipeline_id = params.pipeline_id
        self.pipeline.setCurrentIndex(max(self.pipeline.findData(params.pipeline_id), 0))
        self.owners.set_values(list(params.owner_ids))
        self.tags.set_values(list(params.tags))
        if params.segment and self.segment.findData(params.segment) < 0:
            self.segment.addItem(params.segment, params.segment)
        self.segment.setCurrentIndex(max(self.segment.findData(params.segment), 0))
        self.days.setValue(params.no_contact_days)
        if params.client_id is not None and params.client_kind is not None:
            self.set_client(params.client_kind, params.client_id, "…")  # the name follows
            self._load_client(params.client_kind, params.client_id)
        self._loading = loading

    def _load_client(self, kind: EntityKind, client_id: int) -> None:
        ws = self.ctx.ws

        def read(_progress: object) -> str:
            if kind is EntityKind.ORGANIZATION:
                return contacts.get_organization(ws, client_id).name
            return contacts.get_person(ws, client_id).full_name

        self.ctx.run(read, lambda name: self.set_client(kind, client_id, name), write=False)

    def set_client(self, kind: EntityKind, client_id: int, name: str) -> None:
        """Choose the dossier's organization or person."""
        loading, self._loading = self._loading, True
        self.client_kind.setCurrentIndex(self.client_kind.findData(kind.value))
        if kind is EntityKind.ORGANIZATION:
            self.org_picker.set_organization(client_id, name)
        else:
            self.person_picker.set_person(client_id, name)
        self._loading = loading

    # ------------------------------------------------------------ reading

    def params(self) -> ReportParams:
        """The parameters shown (those the report reads; the others at their defaults).

        Raises ValueError when the custom period ends before it starts."""
        uses = USES[self.report]
        out = ReportParams()
        if PERIOD in uses:
            chosen = self.period.currentData()
            if chosen == CUSTOM:
                first: date = self.date_from.date().toPython()  # type: ignore[assignment]
                last: date = self.date_to.date().toPython()  # type: ignore[assignment]
                out = replace(out, date_from=first, date_to=last)
                if first > last:
                    raise ValueError("the period ends before it starts")
            else:
                out = replace(out, relative=RelativePeriod(chosen))
        if GRANULARITY in uses and self.granularity.currentData():
            out = replace(out, granularity=Granularity(self.granularity.currentData()))
        if {PIPELINE, ALL_PIPELINES} & uses:
            out = replace(out, pipeline_id=self.pipeline.currentData())
        if OWNERS in uses:
            out = replace(out, owner_ids=tuple(int(str(v)) for v in self.owners.values()))
        if CLIENTS in uses:
            out = replace(
                out,
                tags=tuple(str(t) for t in self.tags.values()),
                segment=self.segment.currentData(),
            )
        if DAYS in uses:
            out = replace(out, no_contact_days=self.days.value())
        if CLIENT in uses:
            kind = EntityKind(self.client_kind.currentData())
            picker = self.org_picker if kind is EntityKind.ORGANIZATION else self.person_picker
            chosen_id = picker.resolve()
            if chosen_id is not None:
                out = replace(out, client_kind=kind, client_id=chosen_id)
        return out

    def problem(self) -> str | None:
        """What keeps the report from running, in words for the user; None: nothing."""
        try:
            params = self.params()
        except ValueError:
            return self.tr("The period ends before it starts: check the dates.")
        if CLIENT in USES[self.report] and params.client_id is None:
            return self.tr("Choose the organization or the person for the dossier.")
        return None

    # ------------------------------------------------------------ reactions

    def _show_dates(self) -> None:
        custom = self.period.currentData() == CUSTOM
        for w in (self.date_from, self.dash, self.date_to):
            w.setVisible(custom)

    @Slot()
    def _period_changed(self) -> None:
        self._show_dates()
        self._emit()

    @Slot()
    def _client_kind_changed(self) -> None:
        organization = self.client_kind.currentData() == EntityKind.ORGANIZATION.value
        self.organization.setVisible(organization)
        self.person.setVisible(not organization)
        self._emit()

    @Slot()
    def _emit(self, *_args: object) -> None:
        if self.pipeline.currentIndex() >= 0 and not self._loading:
            self._pipeline_id = self.pipeline.currentData()
        if not self._loading:
            self.changed.emit()
