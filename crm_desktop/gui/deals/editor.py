"""The deal editor (new and edit): a Designer form (``ui/deal_editor.ui``) in a dialog.

`new_deal` opens the dialog at once (the pipelines and the people who can own the
deal arrive from the background a moment later; Save waits for them); `edit_deal`
reads the deal first and opens the dialog filled in, with two more tabs: the
activities linked to the deal and its stage history.

The client is an organization and/or a person, each picked by searching as you
type (`OrganizationPicker` of the contact editors; `PersonPicker` is the same for
people). Choosing a person of an organization fills the organization when it is
still empty. The amount is typed in the locale's way (``1 500 000,50``) and kept in
minor units. A new deal can only be put on an open stage: won and lost are reached
through the board's close flow. The probability follows the stage unless "Follow
the stage" is unticked; then the deal keeps its own.

Errors show as a red line under the field (``error_<field>`` labels of the form, as
in the contact editors), a concurrent edit as a banner at the top; the dialog keeps
everything typed in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind, StageKind
from crm_desktop.errors import ConcurrentEditError, EditConflictError, UserError, ValidationError
from crm_desktop.gui.conflicts import ConflictDialog, conflict_banner_text, resolve_conflict
from crm_desktop.gui.contacts.contact_fields import ERROR_COLOR, DialogJobs, OrganizationPicker
from crm_desktop.gui.contacts.editors import (
    BANNER_ERROR,
    BANNER_INFO,
    SaveBar,
    _date_format,
)
from crm_desktop.gui.contacts.timeline import kind_label
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.deals.board import money_text
from crm_desktop.gui.forms import EditorDialog, _child, fit_to_screen, setup_form
from crm_desktop.gui.resources import icon
from crm_desktop.services import contacts, deals
from crm_desktop.services.deals import (
    DealCard,
    DealDetails,
    DealInput,
    LinkedActivity,
    PipelineView,
    StageChangeView,
    StageView,
)
from crm_desktop.services.dto import PersonCard
from crm_desktop.services.workspace import Workspace

T = TypeVar("T")
_INDEX = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record's id
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the raw value to sort by

CURRENCIES = ("RUB", "USD", "EUR", "CNY", "KZT", "BYN")
MAX_AMOUNT_MINOR = 10**17  # a thousand trillion: more is a typo, not a deal

# ValidationError.field of the deal service -> the form's field (its error_<field> label)
_FIELD_OF = {
    "title": "title",
    "organization": "organization",
    "organization_id": "organization",
    "person": "person",
    "person_id": "person",
    "client": "client",
    "amount": "amount",
    "amount_minor": "amount",
    "currency": "amount",
    "expected_close_on": "expected_close",
    "pipeline": "pipeline",
    "pipeline_id": "pipeline",
    "stage": "stage",
    "stage_id": "stage",
    "probability": "probability",
    "owner": "owner",
    "owner_id": "owner",
}


# ------------------------------------------------------------------ money


def parse_money(text: str, locale: QLocale | None = None) -> int | None:
    """Minor units of an amount typed by a person; None when it is not an amount.

    Group separators (spaces, the locale's own, apostrophes) are ignored; a comma or a
    point is the decimal separator when it is the locale's one or is followed by at
    most two digits ("1,5" and "1.50" are one and a half; "1,500,000" is a million).
    An empty text is zero.
    """
    locale = locale or QLocale()
    s = text.strip()
    for ch in (" ", "\u00a0", "\u202f", "'", "’", "_"):
        s = s.replace(ch, "")
    group = locale.groupSeparator()
    point = locale.decimalPoint()
    if group not in (",", ".") and group:
        s = s.replace(group, "")
    if not s:
        return 0
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    else:
        for sep in (",", "."):
            if sep not in s:
                continue
            tail = s.rsplit(sep, 1)[1]
            if s.count(sep) == 1 and (sep == point or len(tail) <= 2):
                s = s.replace(sep, ".")
            else:
                s = s.replace(sep, "")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    minor = value * 100
    if minor != minor.to_integral_value() or abs(minor) >= MAX_AMOUNT_MINOR:
        return None
    return int(minor)


def format_amount(minor: int, locale: QLocale | None = None, *, cents: bool = True) -> str:
    """'1 500 000,50' in the locale's way; without ',00' when `cents` is False and none."""
    locale = locale or QLocale()
    units, rest = divmod(abs(minor), 100)
    text = locale.toString(units)
    if cents or rest:
        text += f"{locale.decimalPoint()}{rest:02d}"
    return f"{locale.negativeSign()}{text}" if minor < 0 else text


# ------------------------------------------------------------------ small parts


def to_local(moment: datetime) -> QDateTime:
    """A stored moment (UTC) as local time."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second)
    )


def format_moment(moment: datetime | None, *, date_only: bool = False) -> str:
    if moment is None:
        return ""
    if date_only:
        return QLocale().toString(to_local(moment).date(), QLocale.FormatType.ShortFormat)
    return QLocale().toString(to_local(moment), QLocale.FormatType.ShortFormat)


def format_day(day: date | None) -> str:
    if day is None:
        return ""
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def swatch(color: str | None, size: int = 12) -> QIcon:
    """A small square of a stage's colour (an empty icon for the default colour)."""
    if not color or not QColor(color).isValid():
        return QIcon()
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class FieldErrors:
    """The red line under each field of a Designer form: its ``error_<field>`` labels,
    hidden until a message comes (the convention of the contact editors' forms)."""

    def __init__(self, form: QWidget) -> None:
        self.labels: dict[str, QLabel] = {}
        for label in form.findChildren(QLabel):
            name = label.objectName()
            if name.startswith("error_"):
                label.setStyleSheet(f"color: {ERROR_COLOR};")
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.hide()
                self.labels[name.removeprefix("error_")] = label

    def show(self, field: str, message: str) -> bool:
        """False when the form has no place for this field's message."""
        label = self.labels.get(field)
        if label is None:
            return False
        label.setText(message)
        label.show()
        return True

    def show_all(self, errors: dict[str, str], elsewhere: Callable[[str], None]) -> None:
        """Each message under its field; one the form has no place for goes `elsewhere`
        (the dialog's banner)."""
        for field, message in errors.items():
            if not self.show(field, message):
                elsewhere(message)

    def clear(self, field: str) -> None:
        label = self.labels.get(field)
        if label is not None and not label.isHidden():
            label.clear()
            label.hide()

    def clear_all(self) -> None:
        for field in self.labels:
            self.clear(field)

    def visible(self) -> dict[str, str]:
        return {f: label.text() for f, label in self.labels.items() if not label.isHidden()}


class Banner(QLabel):
    """A message across the top of a dialog: an error (red) or a note (blue)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.setStyleSheet(BANNER_ERROR if error else BANNER_INFO)
        self.setText(text)
        self.show()

    def dismiss(self) -> None:
        self.clear()
        self.hide()


class PersonPicker(OrganizationPicker):
    """Search-as-you-type choice of a person (`person_id`; the base class calls it
    `organization_id`)."""

    kind = EntityKind.PERSON
    icon_name = "person"

    @property
    def person_id(self) -> int | None:
        return self.organization_id

    def set_person(self, person_id: int | None, name: str) -> None:
        self.set_organization(person_id, name)

    def bring_organization(self, org_picker: OrganizationPicker, jobs: DialogJobs) -> None:
        """From now on a chosen person of an organization brings the organization along
        (into `org_picker`, when it is still empty; read in the background)."""

        def chosen(person_id: int | None) -> None:
            if person_id is None or org_picker.edit.text().strip():
                return
            ws = self.ctx.ws
            jobs.run(lambda _p: contacts.get_person(ws, person_id), loaded, write=False)

        def loaded(card: PersonCard) -> None:
            if (
                card.organization_id is not None
                and self.person_id == card.id
                and not org_picker.edit.text().strip()
            ):
                org_picker.set_organization(card.organization_id, card.organization_name or "")

        self.chosen.connect(chosen)


def fill_owners(
    combo: QComboBox,
    owners: list[tuple[int, str]],
    me: int | None,
    me_text: str,
    owner: tuple[int, str | None] | None,
    wanted: int | None = None,
) -> None:
    """The people who can own a record, "me" among them; `owner` (the record's, added
    when no longer in the list) is chosen, else `wanted`, else me."""
    combo.clear()
    for user_id, name in owners:
        combo.addItem(icon("person"), name, user_id)
    if me is not None and combo.findData(me) < 0:
        combo.insertItem(0, icon("person"), me_text, me)
    if owner is not None and combo.findData(owner[0]) < 0:
        combo.addItem(icon("person"), owner[1] or "", owner[0])
    if owner is not None:
        wanted = owner[0]
    combo.setCurrentIndex(max(combo.findData(wanted if wanted is not None else me), 0))


# ------------------------------------------------------------------ item models


class RowsModel(QAbstractTableModel, Generic[T]):
    """A short read-only table of dataclass rows (a dialog's list, not a big list):
    `ID_ROLE` gives the row's id, `SORT_ROLE` the raw value of the cell."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    # -- to override

    def headers(self) -> list[str]:
        raise NotImplementedError

    def text(self, row: T, column: int) -> str:
        raise NotImplementedError

    def sort_value(self, row: T, column: int) -> Any:
        return self.text(row, column)

    def row_id(self, row: T) -> int | None:
        return None

    def decoration(self, row: T, column: int) -> QIcon | None:
        return None

    def tooltip(self, row: T, column: int) -> str | None:
        return None

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return None

    def foreground(self, row: T, column: int) -> QColor | None:
        return None

    # -- the model

    def set_rows(self, rows: list[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, index: _INDEX) -> T | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < self.columnCount():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == ID_ROLE:
            return self.row_id(row)
        if role == SORT_ROLE:
            return self.sort_value(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.decoration(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = self.alignment(column)
            return None if align is None else int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers())
        ):
            return self.headers()[section]
        return None


class LinkedActivitiesModel(RowsModel[LinkedActivity]):
    """The calls, meetings and to-dos of a deal: planned first, then done."""

    SUBJECT, WHEN, STATUS, RESULT = range(4)

    def headers(self) -> list[str]:
        return [self.tr("Activity"), self.tr("When"), self.tr("Status"), self.tr("Result")]

    def row_id(self, row: LinkedActivity) -> int | None:
        return row.id

    def _date_only(self, row: LinkedActivity) -> bool:
        at = row.at
        return at is not None and at.astimezone(UTC).time() == datetime.min.time()

    def text(self, row: LinkedActivity, column: int) -> str:
        if column == self.SUBJECT:
            return row.subject or kind_label(row.kind.value)
        if column == self.WHEN:
            return format_moment(row.at, date_only=self._date_only(row))
        if column == self.STATUS:
            if row.done_at is not None:
                return self.tr("Done %1").replace("%1", format_moment(row.done_at))
            if self._overdue(row):
                return self.tr("Overdue")
            return self.tr("Planned")
        if column == self.RESULT:
            return " ".join((row.result or "").split())
        return ""

    def _overdue(self, row: LinkedActivity) -> bool:
        if row.done_at is not None or row.at is None:
            return False
        if self._date_only(row):
            return row.at.astimezone(UTC).date() < datetime.now(UTC).astimezone().date()
        return row.at < datetime.now(UTC)

    def sort_value(self, row: LinkedActivity, column: int) -> Any:
        if column == self.WHEN:
            return row.at.isoformat() if row.at else ""
        return self.text(row, column)

    def decoration(self, row: LinkedActivity, column: int) -> QIcon | None:
        return icon(row.kind.value) if column == self.SUBJECT else None

    def tooltip(self, row: LinkedActivity, column: int) -> str | None:
        if column == self.SUBJECT:
            return kind_label(row.kind.value)
        if column == self.RESULT and row.result:
            return row.result
        return None

    def foreground(self, row: LinkedActivity, column: int) -> QColor | None:
        if column == self.STATUS and self._overdue(row):
            return QColor(ERROR_COLOR)
        return None


class StageHistoryModel(RowsModel[StageChangeView]):
    """Every stage change of a deal, newest first: when, from → to, who, probability."""

    WHEN, CHANGE, WHO, PROBABILITY, AMOUNT = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.currency = "RUB"

    def headers(self) -> list[str]:
        return [
            self.tr("When"),
            self.tr("Stage"),
            self.tr("Who"),
            self.tr("Probability"),
            self.tr("Amount"),
        ]

    def text(self, row: StageChangeView, column: int) -> str:
        if column == self.WHEN:
            return format_moment(row.at)
        if column == self.CHANGE:
            if row.from_stage_name is None:
                return self.tr("Created in “%1”").replace("%1", row.to_stage_name)
            return f"{row.from_stage_name} → {row.to_stage_name}"
        if column == self.WHO:
            return row.user_name
        if column == self.PROBABILITY:
            return "" if row.probability is None else f"{row.probability} %"
        if column == self.AMOUNT:
            return (
                ""
                if row.amount_minor is None
                else money_text(QLocale(), row.amount_minor, self.currency)
            )
        return ""

    def sort_value(self, row: StageChangeView, column: int) -> Any:
        if column == self.WHEN:
            return row.at.isoformat()
        if column == self.PROBABILITY:
            return -1 if row.probability is None else row.probability
        if column == self.AMOUNT:
            return -1 if row.amount_minor is None else row.amount_minor
        return self.text(row, column)

    def decoration(self, row: StageChangeView, column: int) -> QIcon | None:
        if column != self.CHANGE:
            return None
        return icon(
            {StageKind.WON: "save", StageKind.LOST: "delete"}.get(row.to_stage_kind, "stage")
        )

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        if column in (self.PROBABILITY, self.AMOUNT):
            return Qt.AlignmentFlag.AlignRight
        return None


def table_view_setup(view: QTreeView, stretch_column: int) -> None:
    """A read-only list of a dialog: whole rows selected, one column takes the spare width."""
    view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
    view.setAllColumnsShowFocus(True)
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)


# ------------------------------------------------------------------ the dialog


@dataclass(frozen=True)
class _Setup:
    """What the dialog needs from the base, read in one go on a worker."""

    pipelines: list[PipelineView]
    owners: list[tuple[int, str]]
    details: DealDetails | None
    organization: tuple[int, str] | None
    person: tuple[int, str] | None


def _load_setup(
    ws: Workspace, deal_id: int | None, organization_id: int | None, person_id: int | None
) -> _Setup:
    details = deals.get_deal(ws, deal_id) if deal_id is not None else None
    pipelines = deals.list_pipelines(ws)
    if details is not None and all(p.id != details.card.pipeline_id for p in pipelines):
        # a deal of an archived pipeline: show that pipeline too
        pipelines += [
            p
            for p in deals.list_pipelines(ws, include_archived=True)
            if p.id == details.card.pipeline_id
        ]
    organization = person = None
    if person_id is not None:
        card = contacts.get_person(ws, person_id)
        person = (card.id, card.full_name)
        if organization_id is None and card.organization_id is not None:
            organization = (card.organization_id, card.organization_name or "")
    if organization_id is not None:
        org = contacts.get_organization(ws, organization_id)
        organization = (org.id, org.name)
    return _Setup(pipelines, deals.users_for_assignment(ws), details, organization, person)


class DealDialog(EditorDialog):
    """A deal's editor; `deal_id` None for a new deal."""

    saved = Signal(int)  # the deal's id
    merge_base: DealInput | None = None  # as loaded: changes saved meanwhile merge with it
    conflict_dialog: ConflictDialog | None = None

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        deal_id: int | None = None,
        *,
        organization_id: int | None = None,
        person_id: int | None = None,
        pipeline_id: int | None = None,
        stage_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.deal_id = deal_id
        self.version: int | None = None
        self.details: DealDetails | None = None
        self.pipelines: list[PipelineView] = []
        self._wanted = (pipeline_id, stage_id)
        self._given_client = (organization_id, person_id)
        self._initial: tuple[object, ...] | None = None
        self._ready = False
        self._writing = False
        self.jobs = DialogJobs(ctx, self)
        self.setWindowIcon(icon("deal"))
        self.setWindowTitle(self.tr("New deal"))
        form = self.form = setup_form(self, "deal_editor.ui", "dealDialog")
        self.tabs = _child(form, QTabWidget, "tabs")
        self.title = _child(form, QLineEdit, "title")
        self.organization = _child(form, QLineEdit, "organization")
        self.person = _child(form, QLineEdit, "person")
        self.amount = _child(form, QLineEdit, "amount")
        self.currency = _child(form, QComboBox, "currency")
        self.close_date_known = _child(form, QCheckBox, "close_date_known")
        self.expected_close = _child(form, QDateEdit, "expected_close")
        self.no_date = _child(form, QLabel, "no_date")
        self.pipeline = _child(form, QComboBox, "pipeline")
        self.stage = _child(form, QComboBox, "stage")
        self.probability = _child(form, QSpinBox, "probability")
        self.follow_stage = _child(form, QCheckBox, "follow_stage")
        self.owner = _child(form, QComboBox, "owner")
        self.source = _child(form, QLineEdit, "source")
        self.description = _child(form, QPlainTextEdit, "description")
        self.outcome = _child(form, QLabel, "outcome")
        self.activities = _child(form, QTreeView, "activities")
        self.activities_empty = _child(form, QLabel, "activities_empty")
        self.history = _child(form, QTreeView, "history")
        self.history_empty = _child(form, QLabel, "history_empty")
        self.funnel_box = _child(form, QWidget, "funnel_box")
        self.errors = FieldErrors(form)

        self.org_picker = OrganizationPicker(ctx, self.organization)
        self.person_picker = PersonPicker(ctx, self.person)
        self.person_picker.bring_organization(self.org_picker, self.jobs)
        self.amount.setMinimumWidth(140)
        self.amount.editingFinished.connect(self._reformat_amount)
        self.currency.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        base = ctx.ws.settings.base_currency or "RUB"
        for code in dict.fromkeys((base, *CURRENCIES)):
            self.currency.addItem(code, code)
        self.expected_close.setDisplayFormat(_date_format())
        self.expected_close.setDateRange(QDate(2000, 1, 1), QDate(2100, 12, 31))
        self.expected_close.setDate(QDate.currentDate().addDays(30))
        self.expected_close.setMinimumWidth(130)
        self.close_date_known.toggled.connect(self._close_known_toggled)
        self.pipeline.currentIndexChanged.connect(self._pipeline_changed)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        self.follow_stage.toggled.connect(self._follow_toggled)
        self.probability.setEnabled(False)
        self.probability.setMinimumWidth(80)
        for combo in (self.pipeline, self.stage, self.owner):
            combo.setMinimumContentsLength(16)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.description.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.description.setMinimumHeight(90)
        details_layout = _child(form, QWidget, "details_tab").layout()
        if isinstance(details_layout, QVBoxLayout):  # spare height goes to the description
            details_layout.setStretch(details_layout.count() - 1, 1)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.hide()

        self.activities_model = LinkedActivitiesModel(self)
        self.activities.setModel(self.activities_model)
        table_view_setup(self.activities, LinkedActivitiesModel.RESULT)
        self.history_model = StageHistoryModel(self)
        self.history.setModel(self.history_model)
        table_view_setup(self.history, StageHistoryModel.CHANGE)
        for label in (self.activities_empty, self.history_empty):
            label.setStyleSheet("color: palette(placeholder-text);")
        self.activities.doubleClicked.connect(self._open_activity)
        self.new_activity_button = QPushButton(icon("new-activity"), self.tr("New activity"), form)
        self.new_activity_button.setObjectName("dealNewActivity")
        self.new_activity_button.setToolTip(self.tr("Plan a call, meeting or task for this deal"))
        self.new_activity_button.clicked.connect(self._new_activity)
        activities_layout = _child(form, QWidget, "activities_tab").layout()
        if isinstance(activities_layout, QVBoxLayout):
            new_row = QHBoxLayout()
            new_row.addStretch(1)
            new_row.addWidget(self.new_activity_button)
            activities_layout.insertLayout(0, new_row)
        if deal_id is None:  # a new deal has no history yet: only the form
            while self.tabs.count() > 1:
                self.tabs.removeTab(1)
            self.tabs.tabBar().hide()
            self.tabs.setDocumentMode(True)
        else:  # who changed what, from the audit log
            from crm_desktop.gui.audit_log import add_history_tab

            self.changes_view = add_history_tab(self.tabs, ctx, EntityKind.DEAL, deal_id)

        self.banner = Banner(self)
        self.setup_button = QPushButton(icon("deals"), self.tr("Set up pipelines…"), self)
        self.setup_button.setObjectName("setupPipelines")
        self.setup_button.clicked.connect(self._open_pipeline_settings)
        self.setup_button.hide()
        bar = SaveBar(self, self.save)
        self.buttons, self.busy_label = bar.buttons, bar.busy_label
        self.save_button, self.cancel_button = bar.save_button, bar.cancel_button
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.setup_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(form, 1)
        layout.addLayout(bar.layout)

        for field, edit in (
            ("title", self.title),
            ("organization", self.organization),
            ("person", self.person),
            ("amount", self.amount),
        ):
            edit.textEdited.connect(lambda _t, f=field: self.errors.clear(f))
        for edit in (self.organization, self.person):
            edit.textEdited.connect(lambda _t: self.errors.clear("client"))
        self.stage.currentIndexChanged.connect(lambda _i: self.errors.clear("stage"))
        ctx.changed.connect(self._on_changed)
        self._size_to_screen()

    # ------------------------------------------------------------ loading

    def load(self) -> None:
        """Read what the dialog shows in the background; an edit opens once it is here."""
        ws, deal_id = self.ctx.ws, self.deal_id
        organization_id, person_id = self._given_client
        self._set_busy(self.tr("Loading…"))
        self.jobs.run(
            lambda _p: _load_setup(ws, deal_id, organization_id, person_id),
            self._loaded,
            write=False,
            on_failure=self._load_failed,
        )

    def _loaded(self, setup: _Setup) -> None:
        self.pipelines = setup.pipelines
        self._fill_owners(setup.owners, setup.details.card if setup.details else None)
        if setup.details is not None:
            self.fill(setup.details)
        else:
            if setup.organization is not None:
                self.org_picker.set_organization(*setup.organization)
            if setup.person is not None:
                self.person_picker.set_person(*setup.person)
            self._fill_pipelines(*self._wanted)
        self._ready = True
        self._set_busy("")
        self._check_pipelines()
        self._initial = self.snapshot()
        if setup.details is not None:
            self.merge_base = self.collect()
        if not self.isVisible():
            self.open()
            self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_owners(self, owners: list[tuple[int, str]], card: DealCard | None) -> None:
        owner = (card.owner_id, card.owner_name) if card and card.owner_id is not None else None
        fill_owners(self.owner, owners, self.ctx.ws.user_id, self.tr("Me"), owner)

    def fill(self, details: DealDetails) -> None:
        card = details.card
        self.details = details
        self.version = card.version
        self.setWindowTitle(self.tr("Deal — %1").replace("%1", card.title))
        self.title.setText(card.title)
        if card.organization_id is not None:
            self.org_picker.set_organization(card.organization_id, card.organization_name or "")
        if card.person_id is not None:
            self.person_picker.set_person(card.person_id, card.person_name or "")
        self.amount.setText(format_amount(card.amount_minor))
        if self.currency.findData(card.currency) < 0:
            self.currency.addItem(card.currency, card.currency)
        self.currency.setCurrentIndex(self.currency.findData(card.currency))
        self.close_date_known.setChecked(card.expected_close_on is not None)
        if card.expected_close_on is not None:
            d = card.expected_close_on
            self.expected_close.setDate(QDate(d.year, d.month, d.day))
        self._fill_pipelines(card.pipeline_id, card.stage_id)
        self.follow_stage.setChecked(details.own_probability is None)
        self.probability.setValue(card.probability)
        self.source.setText(details.source or "")
        self.description.setPlainText(details.description or "")
        self._fill_outcome(details)
        self.activities_model.set_rows(list(details.activities))
        self.history_model.currency = card.currency
        self.history_model.set_rows(list(details.history))
        for view, empty, rows in (
            (self.activities, self.activities_empty, details.activities),
            (self.history, self.history_empty, details.history),
        ):
            view.setVisible(bool(rows))
            empty.setVisible(not rows)
        self.tabs.setTabText(
            1, self.tr("Activities (%1)").replace("%1", str(len(details.activities)))
        )
        self.tabs.setTabText(
            2, self.tr("Stage history (%1)").replace("%1", str(len(details.history)))
        )

    def _fill_outcome(self, details: DealDetails) -> None:
        card = details.card
        when = format_moment(card.closed_at, date_only=True) if card.closed_at else ""
        lines: list[str] = []
        if card.stage_kind is StageKind.WON:
            lines.append(self.tr("Won on %1.").replace("%1", when) if when else self.tr("Won."))
        elif card.stage_kind is StageKind.LOST:
            lines.append(self.tr("Lost on %1.").replace("%1", when) if when else self.tr("Lost."))
            if details.loss_reason:
                lines.append(self.tr("Reason: %1").replace("%1", details.loss_reason))
            if details.competitor_name:
                lines.append(self.tr("Went to: %1").replace("%1", details.competitor_name))
            if details.loss_comment:
                lines.append(self.tr("Comment: %1").replace("%1", details.loss_comment))
        self.outcome.setText("\n".join(lines))
        self.outcome.setStyleSheet(
            BANNER_INFO
            if card.stage_kind is StageKind.WON
            else BANNER_ERROR.replace("#fdecea", "#fff4e5").replace("#f1b0ab", "#f5c98b")
        )
        self.outcome.setVisible(bool(lines))

    def _fill_pipelines(self, pipeline_id: int | None, stage_id: int | None) -> None:
        self.pipeline.blockSignals(True)
        self.pipeline.clear()
        for p in self.pipelines:
            name = p.name if not p.is_archived else self.tr("%1 (archived)").replace("%1", p.name)
            self.pipeline.addItem(name, p.id)
        self.pipeline.blockSignals(False)
        wanted = pipeline_id
        if wanted is None or self.pipeline.findData(wanted) < 0:
            wanted = next((p.id for p in self.pipelines if not p.is_archived), None)
        self.pipeline.setCurrentIndex(self.pipeline.findData(wanted) if wanted else -1)
        self._fill_stages(stage_id)

    def _current_pipeline(self) -> PipelineView | None:
        pid = self.pipeline.currentData()
        return next((p for p in self.pipelines if p.id == pid), None)

    def _current_stage(self) -> StageView | None:
        pipeline = self._current_pipeline()
        sid = self.stage.currentData()
        if pipeline is None or sid is None:
            return None
        return next((s for s in pipeline.stages if s.id == sid), None)

    def _fill_stages(self, stage_id: int | None) -> None:
        pipeline = self._current_pipeline()
        keep = stage_id if stage_id is not None else self.stage.currentData()
        current = self.details.card.stage_id if self.details is not None else None
        self.stage.blockSignals(True)
        self.stage.clear()
        for s in pipeline.stages if pipeline is not None else ():
            if s.kind is not StageKind.OPEN and s.id != current:
                continue  # won and lost are reached through the board's close flow
            self.stage.addItem(swatch(s.color), s.name, s.id)
        self.stage.blockSignals(False)
        index = self.stage.findData(keep) if keep is not None else -1
        self.stage.setCurrentIndex(index if index >= 0 else min(0, self.stage.count() - 1))
        self._stage_changed()

    @Slot()
    def _pipeline_changed(self) -> None:
        self.errors.clear("pipeline")
        self._fill_stages(None)

    @Slot()
    def _stage_changed(self) -> None:
        stage = self._current_stage()
        if stage is not None:
            self.follow_stage.setToolTip(
                self.tr(
                    "Use the stage's probability (%1 %); untick to set this deal's own"
                ).replace("%1", str(stage.probability))
            )
            if self.follow_stage.isChecked():
                self.probability.setValue(stage.probability)

    @Slot(bool)
    def _follow_toggled(self, follow: bool) -> None:
        self.probability.setEnabled(not follow)
        if follow:
            self._stage_changed()
        else:
            self.probability.setFocus(Qt.FocusReason.OtherFocusReason)
            self.probability.selectAll()

    @Slot(bool)
    def _close_known_toggled(self, known: bool) -> None:
        self.expected_close.setEnabled(known)
        self.no_date.setVisible(not known)

    def _check_pipelines(self) -> None:
        """No pipeline yet: say so and offer the settings."""
        if any(not p.is_archived for p in self.pipelines) or self.deal_id is not None:
            if self.setup_button.isVisible():
                self.banner.dismiss()
            self.setup_button.hide()
            return
        self.banner.show_message(
            self.tr(
                "There is no sales pipeline yet. Set one up with its stages, then save the deal."
            ),
            error=False,
        )
        self.setup_button.show()

    @Slot()
    def _open_pipeline_settings(self) -> None:
        from crm_desktop.gui.deals.pipelines import open_pipeline_settings

        open_pipeline_settings(self.ctx, self)

    @Slot()
    def _new_activity(self) -> None:
        """The activity editor, prefilled with this deal and its client."""
        if self.details is None:
            return
        from crm_desktop.gui.activities.actions import new_activity
        from crm_desktop.gui.activities.editor import planned_input

        card = self.details.card
        preset = planned_input(
            self.ctx,
            organization_id=card.organization_id,
            person_id=card.person_id,
            deal_id=card.id,
        )
        new_activity(self.ctx, self, preset)

    @Slot(QModelIndex)
    def _open_activity(self, index: QModelIndex) -> None:
        activity_id = index.data(ID_ROLE)
        if activity_id is not None:
            from crm_desktop.gui.activities.actions import open_activity

            open_activity(self.ctx, self, int(activity_id))

    def _reload_activities(self) -> None:
        """The deal's activities again (one was planned, edited or done meanwhile)."""
        if self.deal_id is None:
            return
        ws, deal_id = self.ctx.ws, self.deal_id
        self.jobs.run(
            lambda _p: deals.get_deal(ws, deal_id).activities,
            self._activities_reloaded,
            write=False,
        )

    def _activities_reloaded(self, rows: tuple[LinkedActivity, ...]) -> None:
        self.activities_model.set_rows(list(rows))
        self.activities.setVisible(bool(rows))
        self.activities_empty.setVisible(not rows)
        self.tabs.setTabText(1, self.tr("Activities (%1)").replace("%1", str(len(rows))))

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        if self._ready and self.details is not None and changes.touches(EntityKind.ACTIVITY):
            self._reload_activities()
        if not self._ready or not (
            changes.touches(EntityKind.PIPELINE) or changes.touches(EntityKind.STAGE)
        ):
            return
        ws = self.ctx.ws
        self.jobs.run(lambda _p: deals.list_pipelines(ws), self._pipelines_reloaded, write=False)

    def _pipelines_reloaded(self, pipelines: list[PipelineView]) -> None:
        current = self._current_pipeline()
        if self.details is not None and current is not None and current.is_archived:
            pipelines = [*pipelines, current]
        self.pipelines = pipelines
        self._fill_pipelines(self.pipeline.currentData(), self.stage.currentData())
        self._check_pipelines()

    @Slot()
    def _reformat_amount(self) -> None:
        minor = parse_money(self.amount.text())
        if minor is not None and self.amount.text().strip():
            self.amount.setText(format_amount(minor))

    def _size_to_screen(self) -> None:
        hint = self.form.sizeHint()
        least = 620 if self.deal_id is not None else 480  # the tabs of a deal need room
        width, height = max(hint.width() + 40, 900), max(hint.height() + 90, least)
        fit_to_screen(self, width, height)

    def _set_busy(self, text: str) -> None:
        """Say what is going on; Save waits, the form too while a write is on its way (the
        pipelines and owners wait for the first read)."""
        self.busy_label.setText(text)
        self.save_button.setEnabled(not text and self._ready)
        self.form.setEnabled(not (text and self._writing))
        self.funnel_box.setEnabled(self._ready)

    # ------------------------------------------------------------ saving

    def snapshot(self) -> tuple[object, ...]:
        """Everything the user can change, to tell whether anything was."""
        return (
            self.title.text(),
            self.organization.text(),
            self.org_picker.organization_id,
            self.person.text(),
            self.person_picker.person_id,
            self.amount.text(),
            self.currency.currentData(),
            self.close_date_known.isChecked(),
            self.expected_close.date().toString(Qt.DateFormat.ISODate),
            self.pipeline.currentData(),
            self.stage.currentData(),
            self.follow_stage.isChecked(),
            self.probability.value(),
            self.owner.currentData(),
            self.source.text(),
            self.description.toPlainText(),
        )

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.title.text().strip():
            errors["title"] = self._title_message()
        org_typed = bool(self.organization.text().strip())
        person_typed = bool(self.person.text().strip())
        if org_typed and self.org_picker.resolve() is None:
            errors["organization"] = self.tr(
                "Choose the organization from the list that opens as you type, or clear the field."
            )
        if person_typed and self.person_picker.resolve() is None:
            errors["person"] = self.tr(
                "Choose the person from the list that opens as you type, or clear the field."
            )
        if not org_typed and not person_typed:
            errors["client"] = self.tr("Choose the client: an organization, a person or both.")
        minor = parse_money(self.amount.text())
        if minor is None:
            errors["amount"] = self.tr("Type the amount as a number, e.g. %1.").replace(
                "%1", format_amount(15_000_000)
            )
        elif minor < 0:
            errors["amount"] = self.tr("The amount cannot be negative.")
        if self.pipeline.currentData() is None:
            errors["pipeline"] = self.tr("Set up a sales pipeline first.")
        elif self.stage.currentData() is None:
            errors["stage"] = self.tr("This pipeline has no open stage. Add one in its settings.")
        return errors

    def _title_message(self) -> str:
        return self.tr("Enter the deal's title: what is being sold.")

    def collect(self) -> DealInput:
        close: date | None = None
        if self.close_date_known.isChecked():
            d = self.expected_close.date()
            close = date(d.year(), d.month(), d.day())
        return DealInput(
            title=" ".join(self.title.text().split()),
            pipeline_id=int(self.pipeline.currentData()),
            stage_id=int(self.stage.currentData()),
            organization_id=self.org_picker.resolve() if self.organization.text().strip() else None,
            person_id=self.person_picker.resolve() if self.person.text().strip() else None,
            amount_minor=parse_money(self.amount.text()) or 0,
            currency=str(self.currency.currentData()),
            probability=None if self.follow_stage.isChecked() else self.probability.value(),
            expected_close_on=close,
            owner_id=self.owner.currentData(),
            source=self.source.text().strip() or None,
            description=self.description.toPlainText().strip() or None,
        )

    def _focus_field(self, field: str) -> None:
        widget = {
            "title": self.title,
            "organization": self.organization,
            "person": self.person,
            "client": self.organization,
            "amount": self.amount,
            "expected_close": self.expected_close,
            "pipeline": self.pipeline,
            "stage": self.stage,
            "probability": self.probability,
            "owner": self.owner,
        }.get(field)
        if widget is not None:
            self.tabs.setCurrentIndex(0)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def save(self) -> None:
        if self._writing or not self._ready:
            return
        self.errors.clear_all()
        if not self.setup_button.isVisible():
            self.banner.dismiss()
        errors = self.validate()
        if errors:
            self.errors.show_all(errors, self.banner.show_message)
            self._focus_field(next(iter(errors)))
            return
        self._write(self.collect())

    def _write(self, data: DealInput) -> None:
        ws, deal_id, version, base = self.ctx.ws, self.deal_id, self.version, self.merge_base

        def write(_progress: object) -> DealCard:
            if deal_id is None:
                return deals.create_deal(ws, data)
            assert version is not None
            return deals.update_deal(ws, deal_id, data, expected_version=version, base=base)

        self._writing = True
        self._set_busy(self.tr("Saving…"))
        self.jobs.run(write, self._saved, write=True, on_failure=self._save_failed)

    def _saved(self, card: DealCard) -> None:
        self._writing = False
        self._set_busy("")
        self.deal_id, self.version = card.id, card.version
        self.ctx.notify(Changes.of((EntityKind.DEAL, card.id)))
        self.saved.emit(card.id)
        self._initial = None
        self.done(QDialog.DialogCode.Accepted)

    def _resave(self, data: DealInput, base: DealInput, version: int) -> None:
        """Save what the conflict dialog resolved, against the deal as it is now."""
        self.merge_base, self.version = base, version
        self.banner.dismiss()
        self._write(data)

    def _save_failed(self, exc: BaseException, details: str) -> None:
        self._writing = False
        self._set_busy("")
        field = _FIELD_OF.get(exc.field or "") if isinstance(exc, ValidationError) else None
        if isinstance(exc, EditConflictError) and self.merge_base is not None:
            self.ctx.notify(Changes.of((EntityKind.DEAL, self.deal_id or 0)))
            self.banner.show_message(conflict_banner_text())
            self.conflict_dialog = resolve_conflict(self.ctx, self, exc, self._resave)
        elif isinstance(exc, ConcurrentEditError):
            if self.deal_id is not None:  # the board and lists show an old version: refresh
                self.ctx.notify(Changes.of((EntityKind.DEAL, self.deal_id)))
            self.banner.show_message(
                self.tr(
                    "Someone else changed this deal after you opened it (perhaps moved it on the "
                    "board), so your changes were not saved. They are still here: copy what you "
                    "need, close this window and open the deal again to see the current version."
                )
            )
        elif field is not None and self.errors.show(
            field, self._title_message() if field == "title" else exc.message
        ):
            self._focus_field(field)
        elif isinstance(exc, UserError):
            self.banner.show_message(exc.message)
        else:
            self.ctx.show_error(exc, details)

    # ------------------------------------------------------------ closing

    def discard_question(self) -> str:
        return self.tr("Close without saving? What you typed in this deal will be lost.")


# ------------------------------------------------------------------ opening


def new_deal(
    ctx: AppContext,
    parent: QWidget | None,
    *,
    organization_id: int | None = None,
    person_id: int | None = None,
    pipeline_id: int | None = None,
    stage_id: int | None = None,
) -> None:
    """Open the editor of a new deal, the client (and pipeline, stage) filled in if given."""
    dialog = DealDialog(
        ctx,
        parent,
        organization_id=organization_id,
        person_id=person_id,
        pipeline_id=pipeline_id,
        stage_id=stage_id,
    )
    dialog.load()
    dialog.open()
    dialog.title.setFocus(Qt.FocusReason.OtherFocusReason)


def edit_deal(ctx: AppContext, parent: QWidget | None, deal_id: int) -> None:
    """Open a deal's editor once the deal has been read (a deal that cannot be, is reported)."""
    dialog = DealDialog(ctx, parent, deal_id)
    dialog.load()


__all__ = [
    "DealDialog",
    "FieldErrors",
    "LinkedActivitiesModel",
    "StageHistoryModel",
    "edit_deal",
    "format_amount",
    "new_deal",
    "parse_money",
]
