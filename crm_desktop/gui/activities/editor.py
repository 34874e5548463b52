"""The activity editor (new and edit): a Designer form (``ui/activity_editor.ui``) in a dialog.

What it edits is an `ActivityInput`: subject, kind, priority; when (at a time with an end
or a duration, a whole day, or no date); the client (organization and/or person, picked
as in the deal editor) and one of the client's open deals; who is responsible; a
reminder (minutes before the start; a whole day counts from 09:00); a repeat rule
(`RecurrenceRule`); location and description. Times are the wall clock of `ctx.clock.tz`.

The checklist is part of the form: ticks, new items, renames, deletions and the order
are kept in the dialog and written after the activity itself on Save (a new activity
first has to exist). An occurrence of a series says so; Save asks which occurrences
change (`actions.ask_scope`). A generated occurrence's checklist is its series'; saving
"this occurrence" gives it a copy of its own, which then gets the changes.

Errors show under their field (``error_<field>`` labels, `FieldErrors` of the deal
editor), a concurrent edit as a banner with Reload; nothing typed is lost. Ctrl+Enter
saves, Esc cancels (asking when something was changed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QObject,
    Qt,
    QTime,
    Slot,
)
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import ActivityKind, Priority
from crm_desktop.domain.recurrence import Frequency, RecurrenceError, RecurrenceRule
from crm_desktop.errors import (
    ConcurrentEditError,
    EditConflictError,
    NotFoundError,
    UserError,
    ValidationError,
)
from crm_desktop.gui.activities import actions
from crm_desktop.gui.activities.common import (
    KINDS,
    activity_changes,
    from_qdate,
    kind_text,
    local,
    priority_text,
    to_qdate,
    to_qdatetime,
)
from crm_desktop.gui.conflicts import ConflictDialog, conflict_banner_text, resolve_conflict
from crm_desktop.gui.contacts.contact_fields import DialogJobs, OrganizationPicker
from crm_desktop.gui.contacts.editors import BANNER_INFO, SaveBar, _date_format
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.deals.editor import Banner, FieldErrors, PersonPicker, fill_owners
from crm_desktop.gui.forms import EditorDialog, _child, fit_to_screen, setup_form
from crm_desktop.gui.resources import icon
from crm_desktop.services import activities as svc
from crm_desktop.services import contacts, deals
from crm_desktop.services.activities import WORKDAY_START, ActivityInput, ActivityView, SubtaskView
from crm_desktop.services.workspace import Workspace

REMINDERS: tuple[int | None, ...] = (None, 0, 5, 15, 30, 60, 120, 1440)  # minutes before
DURATIONS: tuple[int, ...] = (0, 15, 30, 45, 60, 90, 120, 180, 240, 480)  # minutes
DEFAULT_DURATION = 30
ABSOLUTE_REMINDER = "at"  # the reminder combo's data for a reminder at a given moment
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # a checklist item's id (None: new)
TEXT_ROLE = Qt.ItemDataRole.UserRole + 2  # its last accepted text (an empty rename reverts)
CUSTOM_ROLE = Qt.ItemDataRole.UserRole + 3  # a combo's extra item (a value no preset has)

# ValidationError.field of the activity service (and RecurrenceError.field) -> the form
_FIELD_OF = {
    "subject": "subject",
    "kind": "subject",
    "priority": "subject",
    "start_at": "when",
    "end_at": "when",
    "due_on": "when",
    "reminder": "reminder",
    "reminder_minutes": "reminder",
    "reminder_at": "reminder",
    "organization_id": "organization",
    "person_id": "person",
    "deal_id": "deal",
    "owner_id": "owner",
    "recurrence": "recurrence",
    "freq": "recurrence",
    "interval": "recurrence",
    "weekdays": "recurrence",
    "month_day": "recurrence",
    "until": "recurrence",
    "count": "recurrence",
    "subtasks": "checklist",
}

# the repeat combo's modes and the units of "every N …"
NO_REPEAT, DAILY, WEEKDAYS, WEEKLY, MONTHLY, YEARLY, CUSTOM = (
    "none",
    "daily",
    "weekdays",
    "weekly",
    "monthly",
    "yearly",
    "custom",
)
UNITS = (Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY)
ENDS_NEVER, ENDS_ON, ENDS_AFTER = "never", "until", "count"
WORK_WEEK = (0, 1, 2, 3, 4)


def span_text(minutes: int) -> str:
    """'15 min', '1 h', '1 h 30 min', '2 days' (a duration or how long before)."""
    minutes = abs(minutes)
    if minutes and minutes % 1440 == 0:
        days = minutes // 1440
        return (
            QCoreApplication.translate("ActivityDialog", "1 day")
            if days == 1
            else QCoreApplication.translate("ActivityDialog", "%1 days").replace("%1", str(days))
        )
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return (
            QCoreApplication.translate("ActivityDialog", "%1 h %2 min")
            .replace("%1", str(hours))
            .replace("%2", str(rest))
        )
    if hours:
        return QCoreApplication.translate("ActivityDialog", "%1 h").replace("%1", str(hours))
    return QCoreApplication.translate("ActivityDialog", "%1 min").replace("%1", str(rest))


def reminder_text(minutes: int) -> str:
    if minutes == 0:
        return QCoreApplication.translate("ActivityDialog", "At the start")
    if minutes < 0:
        return QCoreApplication.translate("ActivityDialog", "%1 after the start").replace(
            "%1", span_text(minutes)
        )
    return QCoreApplication.translate("ActivityDialog", "%1 before").replace(
        "%1", span_text(minutes)
    )


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _pytime(value: QTime) -> time:
    return time(value.hour(), value.minute())


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    """One line of the checklist as the dialog holds it (`id` None: not saved yet)."""

    id: int | None
    text: str
    done: bool


def planned_input(
    ctx: AppContext,
    *,
    organization_id: int | None = None,
    person_id: int | None = None,
    deal_id: int | None = None,
    kind: ActivityKind = ActivityKind.CALL_OUT,
) -> ActivityInput:
    """A new activity at the next half hour of the clock, half an hour long, linked as given
    (what "Plan activity" of a card or a deal opens the editor with)."""
    now = local(ctx.clock.now(), ctx.clock.tz).replace(second=0, microsecond=0)
    start = now.replace(minute=0) + timedelta(minutes=30 if now.minute < 30 else 60)
    return ActivityInput(
        subject="",
        kind=kind,
        start_at=start,
        end_at=start + timedelta(minutes=DEFAULT_DURATION),
        organization_id=organization_id,
        person_id=person_id,
        deal_id=deal_id,
    )


# ------------------------------------------------------------------ background work


@dataclass(frozen=True)
class _Setup:
    """What the dialog needs from the base besides the activity, read in one go."""

    owners: list[tuple[int, str]]
    subtasks: list[SubtaskView]
    organization: tuple[int, str] | None
    person: tuple[int, str] | None
    deal: tuple[int, str] | None
    deals: list[tuple[int, str]]


def client_deals(
    ws: Workspace, organization_id: int | None, person_id: int | None
) -> list[tuple[int, str]]:
    """The open deals of a client (an organization's, else a person's): (id, title)."""
    return deals.open_deals_of(ws, organization_id=organization_id, person_id=person_id)


def _load_setup(
    ws: Workspace,
    activity_id: int | None,
    organization_id: int | None,
    person_id: int | None,
    deal_id: int | None,
    names_known: bool,
) -> _Setup:
    subtasks = svc.subtasks(ws, activity_id) if activity_id is not None else []
    organization = person = deal = None
    if not names_known:
        if deal_id is not None:
            card = deals.get_deal(ws, deal_id).card
            deal = (card.id, card.title)
            if organization_id is None and person_id is None:
                organization_id, person_id = card.organization_id, card.person_id
        if person_id is not None:
            p = contacts.get_person(ws, person_id)
            person = (p.id, p.full_name)
            if organization_id is None and p.organization_id is not None:
                organization_id = p.organization_id
        if organization_id is not None:
            o = contacts.get_organization(ws, organization_id)
            organization = (o.id, o.name)
    return _Setup(
        owners=deals.users_for_assignment(ws),
        subtasks=subtasks,
        organization=organization,
        person=person,
        deal=deal,
        deals=client_deals(ws, organization_id, person_id),
    )


def save_checklist(
    ws: Workspace,
    parent_id: int,
    before: Sequence[SubtaskView],
    rows: Sequence[ChecklistRow],
) -> None:
    """Bring the checklist of `parent_id` to `rows`. `before` is what the dialog loaded;
    when it belongs to another row (the series' checklist of an occurrence that has just
    got a copy of its own) its items are matched with the copy's by position."""
    current = svc.subtasks(ws, parent_id)
    if all(b.parent_id == parent_id for b in before):
        mapping = {b.id: b.id for b in before}
    elif len(current) == len(before):
        mapping = {b.id: c.id for b, c in zip(before, current, strict=True)}
    else:
        mapping = {}
    state = {c.id: c for c in current}
    kept = {mapping[r.id] for r in rows if r.id is not None and r.id in mapping}
    for b in before:
        target = mapping.get(b.id)
        if target is not None and target not in kept and target in state:
            svc.delete_subtask(ws, target)
    order: list[int] = []
    for row in rows:
        target = mapping.get(row.id) if row.id is not None else None
        if target is None or target not in state:
            item = svc.add_subtask(ws, parent_id, row.text)
            if row.done:
                svc.toggle_subtask(ws, item.id, True)
            order.append(item.id)
            continue
        now = state[target]
        if now.subject != row.text:
            svc.rename_subtask(ws, target, row.text)
        if now.is_done != row.done:
            svc.toggle_subtask(ws, target, row.done)
        order.append(target)
    if order != sorted(order):
        svc.reorder_subtasks(ws, parent_id, order)


# ------------------------------------------------------------------ the dialog


class ActivityDialog(EditorDialog):
    """An activity's editor: `view` None for a new one (prefilled from `preset`)."""

    merge_base: ActivityInput | None = None  # as loaded: changes saved meanwhile merge with it
    conflict_dialog: ConflictDialog | None = None
    _resolved: ActivityInput | None = None  # what the conflict dialog chose, to save next

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        *,
        view: ActivityView | None = None,
        preset: ActivityInput | None = None,
        on_saved: Callable[[ActivityView], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.preset = preset
        self.on_saved = on_saved
        self.saved_view: ActivityView | None = None
        self.completion: QWidget | None = None  # the result dialog of "Mark done"
        self._subtasks: list[SubtaskView] = []  # the checklist as loaded
        self._initial: tuple[object, ...] | None = None
        self._ready = False
        self._writing = False
        self._after_save: Callable[[ActivityView], None] | None = None
        self._duration = DEFAULT_DURATION  # minutes from the start to the end (as typed)
        self._reminder_at: datetime | None = None  # a reminder at a moment (not "before")
        self._deal_generation = 0
        self._client_key: tuple[int | None, int | None] = (None, None)
        self.jobs = DialogJobs(ctx, self)
        self.setWindowIcon(icon("new-activity"))
        self.setWindowTitle(self.tr("New activity"))
        form = self.form = setup_form(self, "activity_editor.ui", "activityDialog")
        self.subject = _child(form, QLineEdit, "subject")
        self.kind = _child(form, QComboBox, "kind")
        self.priority = _child(form, QComboBox, "priority")
        self.when_timed = _child(form, QRadioButton, "when_timed")
        self.when_all_day = _child(form, QRadioButton, "when_all_day")
        self.when_none = _child(form, QRadioButton, "when_none")
        self.start_date = _child(form, QDateEdit, "start_date")
        self.start_time = _child(form, QTimeEdit, "start_time")
        self.time_dash = _child(form, QLabel, "time_dash")
        self.end_time = _child(form, QTimeEdit, "end_time")
        self.duration = _child(form, QComboBox, "duration")
        self.organization = _child(form, QLineEdit, "organization")
        self.person = _child(form, QLineEdit, "person")
        self.deal = _child(form, QComboBox, "deal")
        self.owner = _child(form, QComboBox, "owner")
        self.location = _child(form, QLineEdit, "location")
        self.reminder = _child(form, QComboBox, "reminder")
        self.reminder_hint = _child(form, QLabel, "reminder_hint")
        self.repeat = _child(form, QComboBox, "repeat")
        self.interval = _child(form, QSpinBox, "interval")
        self.interval_unit = _child(form, QComboBox, "interval_unit")
        self.weekdays_box = _child(form, QWidget, "weekdays_box")
        self.month_day = _child(form, QSpinBox, "month_day")
        self.ends = _child(form, QComboBox, "ends")
        self.until = _child(form, QDateEdit, "until")
        self.count = _child(form, QSpinBox, "count")
        self.checklist = _child(form, QListWidget, "checklist")
        self.new_item = _child(form, QLineEdit, "new_item")
        self.add_item = _child(form, QToolButton, "add_item")
        self.move_up = _child(form, QToolButton, "move_up")
        self.move_down = _child(form, QToolButton, "move_down")
        self.remove_item = _child(form, QToolButton, "remove_item")
        self.description = _child(form, QPlainTextEdit, "description")
        self.occurrence_note = _child(form, QLabel, "occurrence_note")
        self.done_note = _child(form, QLabel, "done_note")
        self.activity_form = _child(form, QFormLayout, "activity_form")
        self.date_row = _child(form, QHBoxLayout, "date_row")
        self.interval_row = _child(form, QHBoxLayout, "interval_row")
        self.month_day_row = _child(form, QHBoxLayout, "month_day_row")
        self.ends_row = _child(form, QHBoxLayout, "ends_row")
        self.schedule_form = _child(form, QFormLayout, "schedule_form")
        self.errors = FieldErrors(form)
        self.org_picker = OrganizationPicker(ctx, self.organization)
        self.person_picker = PersonPicker(ctx, self.person)
        self.day_buttons: list[QToolButton] = []

        self._build_choices()
        self._build_checklist()
        self._build_buttons()
        self._connect()
        self._size_to_screen()

    # ------------------------------------------------------------ building

    def _build_choices(self) -> None:
        for kind in KINDS:
            self.kind.addItem(icon(kind.value), kind_text(kind), kind)
        for priority in Priority:
            self.priority.addItem(priority_text(priority), priority)
        self.priority.setCurrentIndex(self.priority.findData(Priority.NORMAL))
        date_format = _date_format()
        time_format = QLocale().timeFormat(QLocale.FormatType.ShortFormat)
        for edit in (self.start_date, self.until):
            edit.setDisplayFormat(date_format)
            edit.setDateRange(QDate(1900, 1, 1), QDate(2999, 12, 31))
            edit.setMinimumWidth(120)
        for t in (self.start_time, self.end_time):
            t.setDisplayFormat(time_format)
            t.setMinimumWidth(80)
        for minutes in DURATIONS:
            self.duration.addItem(
                span_text(minutes) if minutes else self.tr("No duration"), minutes
            )
        self.duration.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for value in REMINDERS:
            self.reminder.addItem(
                self.tr("No reminder") if value is None else reminder_text(value), value
            )
        self.reminder_hint.setStyleSheet("color: palette(placeholder-text);")
        self.reminder_hint.setText(
            self.tr("A whole day reminds from %1 that day.").replace(
                "%1", QLocale().toString(_qtime(WORKDAY_START), QLocale.FormatType.ShortFormat)
            )
        )
        self.reminder.setItemIcon(0, icon("reminder"))
        for mode, text in (
            (NO_REPEAT, self.tr("Does not repeat")),
            (DAILY, self.tr("Every day")),
            (WEEKDAYS, self.tr("Every working day (Monday to Friday)")),
            (WEEKLY, self.tr("Weekly on chosen days")),
            (MONTHLY, self.tr("Monthly on a day")),
            (YEARLY, self.tr("Every year")),
            (CUSTOM, self.tr("Every N days, weeks or months")),
        ):
            self.repeat.addItem(text, mode)
        self.repeat.setItemIcon(0, icon("recurring"))
        for unit, text in zip(
            UNITS,
            (self.tr("days"), self.tr("weeks"), self.tr("months"), self.tr("years")),
            strict=True,
        ):
            self.interval_unit.addItem(text, unit)
        self.interval.setValue(2)
        for mode, text in (
            (ENDS_NEVER, self.tr("Never")),
            (ENDS_ON, self.tr("On a date")),
            (ENDS_AFTER, self.tr("After a number of times")),
        ):
            self.ends.addItem(text, mode)
        self.count.setValue(10)
        self.count.setSuffix(self.tr(" times"))
        layout = self.weekdays_box.layout()
        locale = QLocale()
        for day in range(7):
            button = QToolButton(self.weekdays_box)
            button.setObjectName(f"day_{day}")
            button.setCheckable(True)
            button.setText(locale.dayName(day + 1, QLocale.FormatType.ShortFormat))
            button.setToolTip(locale.dayName(day + 1, QLocale.FormatType.LongFormat))
            button.setMinimumWidth(34)
            button.toggled.connect(lambda _on: self.errors.clear("recurrence"))
            if layout is not None:
                layout.addWidget(button)
            self.day_buttons.append(button)
        if isinstance(layout, QHBoxLayout):
            layout.addStretch(1)
        self.weekdays_box.setStyleSheet(  # a chosen day stands out
            "QToolButton { border: 1px solid palette(mid); border-radius: 4px;"
            " padding: 2px 6px; background: palette(base); }"
            " QToolButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); border-color: palette(highlight); }"
        )
        for combo in (self.deal, self.owner):
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.deal.addItem(icon("deal"), self.tr("No deal"), None)
        # spare height goes to the description and the checklist
        self.description.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.description.setMinimumHeight(72)
        form_layout = self.form.layout()
        if isinstance(form_layout, QVBoxLayout):
            form_layout.setStretch(form_layout.count() - 1, 1)
        for note in (self.occurrence_note, self.done_note):
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setStyleSheet(BANNER_INFO)
            note.hide()
        self.done_note.setStyleSheet(  # done: the green of success
            BANNER_INFO.replace("#e8f1fb", "#e9f6ec")
            .replace("#0d3c61", "#1e4620")
            .replace("#b3d3f2", "#a8d5b1")
        )

    def _build_checklist(self) -> None:
        view = self.checklist
        view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        view.setMinimumHeight(90)
        view.setAccessibleName(self.tr("Checklist"))
        view.setStyleSheet("QListWidget#checklist::item { min-height: 24px; }")
        self.checklist_empty = QLabel(
            self.tr("No steps yet. Add them below: they are ticked off one by one."),
            view.viewport(),
        )
        self.checklist_empty.setObjectName("checklistEmpty")
        self.checklist_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.checklist_empty.setWordWrap(True)
        self.checklist_empty.setStyleSheet("color: palette(placeholder-text); padding: 12px;")
        self.checklist_empty.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        view.viewport().installEventFilter(self)
        for button, name in (
            (self.add_item, "create"),
            (self.move_up, "previous"),
            (self.move_down, "next"),
            (self.remove_item, "delete"),
        ):
            button.setIcon(icon(name))
            button.setAutoRaise(True)
        self.move_up.setArrowType(Qt.ArrowType.UpArrow)
        self.move_down.setArrowType(Qt.ArrowType.DownArrow)
        self.new_item.installEventFilter(self)
        self.add_item.clicked.connect(self._add_checklist_item)
        self.move_up.clicked.connect(lambda: self._move_checklist_item(-1))
        self.move_down.clicked.connect(lambda: self._move_checklist_item(1))
        self.remove_item.clicked.connect(self._remove_checklist_item)
        view.itemChanged.connect(self._checklist_item_changed)
        view.currentRowChanged.connect(lambda _row: self._update_checklist_buttons())
        self._update_checklist_buttons()

    def _build_buttons(self) -> None:
        self.banner = Banner(self)
        self.reload_button = QPushButton(icon("undo"), self.tr("Reload"), self)
        self.reload_button.setObjectName("reloadActivity")
        self.reload_button.setToolTip(
            self.tr("Show the current version of the activity (what you changed here is lost)")
        )
        self.reload_button.clicked.connect(self.reload)
        self.reload_button.hide()
        bar = SaveBar(self, self.save)
        self.buttons, self.busy_label = bar.buttons, bar.busy_label
        self.save_button, self.cancel_button = bar.save_button, bar.cancel_button
        self.save_button.setToolTip(self.tr("Save (Ctrl+Enter)"))
        self.done_button = QPushButton(icon("done"), self.tr("Mark done"), self)
        self.done_button.setObjectName("markDone")
        self.done_button.setToolTip(self.tr("Record the result and mark the activity done"))
        self.done_button.clicked.connect(self.mark_done)
        self.reopen_button = QPushButton(icon("reopen"), self.tr("Reopen"), self)
        self.reopen_button.setObjectName("reopen")
        self.reopen_button.setToolTip(self.tr("Mark the activity as planned again"))
        self.reopen_button.clicked.connect(self.reopen)
        self.delete_button = QPushButton(icon("trash"), self.tr("Delete"), self)
        self.delete_button.setObjectName("delete")
        self.delete_button.setToolTip(self.tr("Move the activity to the trash"))
        self.delete_button.clicked.connect(self.delete)
        for button in (self.done_button, self.reopen_button, self.delete_button):
            button.setAutoDefault(False)
            button.hide()
        bar.layout.insertWidget(0, self.done_button)
        bar.layout.insertWidget(1, self.reopen_button)
        bar.layout.insertWidget(2, self.delete_button)
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form, 1)
        layout.addLayout(bar.layout)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.save)

    def _connect(self) -> None:
        self.subject.textEdited.connect(lambda _t: self.errors.clear("subject"))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for radio in (self.when_timed, self.when_all_day, self.when_none):
            radio.toggled.connect(self._when_changed)
        self.start_date.dateChanged.connect(self._start_changed)
        self.start_time.timeChanged.connect(self._start_changed)
        self.end_time.timeChanged.connect(self._end_changed)
        self.duration.activated.connect(self._duration_chosen)
        for edit, field in ((self.organization, "organization"), (self.person, "person")):
            edit.textEdited.connect(lambda _t, f=field: self.errors.clear(f))
            edit.textChanged.connect(self._client_changed)
        self.org_picker.chosen.connect(self._client_changed)
        self.person_picker.chosen.connect(self._client_changed)
        self.person_picker.bring_organization(self.org_picker, self.jobs)
        self.deal.currentIndexChanged.connect(lambda _i: self.errors.clear("deal"))
        self.reminder.currentIndexChanged.connect(lambda _i: self.errors.clear("reminder"))
        self.repeat.currentIndexChanged.connect(self._repeat_changed)
        self.interval_unit.currentIndexChanged.connect(self._repeat_changed)
        self.ends.currentIndexChanged.connect(self._repeat_changed)
        for spin in (self.interval, self.month_day, self.count):
            spin.valueChanged.connect(lambda _v: self.errors.clear("recurrence"))
        self.until.dateChanged.connect(lambda _d: self.errors.clear("recurrence"))

    def _size_to_screen(self) -> None:
        hint = self.form.sizeHint()
        width, height = max(hint.width() + 40, 940), max(hint.height() + 60, 560)
        fit_to_screen(self, width, height)

    # ------------------------------------------------------------ loading

    def load(self) -> None:
        """Fill in what is known now; read the owners, the checklist, the client's names
        and open deals in the background (Save waits for them)."""
        view, preset = self.view, self.preset
        if view is not None:
            self.fill(view)
            data = svc.input_from_view(view, self.ctx.clock.tz)
            names_known = True
        else:
            data = preset or planned_input(self.ctx)
            default = self.ctx.ws.settings.default_reminder  # Settings → Calendar
            if default >= 0 and data.reminder_minutes is None and data.reminder_at is None:
                data = replace(data, reminder_minutes=default)
            self._fill_input(data)
            names_known = data.organization_id is None and data.person_id is None
            names_known = names_known and data.deal_id is None
        ws = self.ctx.ws
        activity_id = view.id if view is not None else None
        self._set_busy(self.tr("Loading…"))
        self.jobs.run(
            lambda _p: _load_setup(
                ws,
                activity_id,
                data.organization_id,
                data.person_id,
                data.deal_id,
                names_known,
            ),
            self._loaded,
            write=False,
            on_failure=self._load_failed,
        )

    def _loaded(self, setup: _Setup) -> None:
        self._fill_owners(setup.owners)
        if setup.organization is not None:
            self.org_picker.set_organization(*setup.organization)
        if setup.person is not None:
            self.person_picker.set_person(*setup.person)
        wanted = self.view.deal_id if self.view is not None else None
        if self.preset is not None and self.view is None:
            wanted = self.preset.deal_id
        current = setup.deal
        if current is None and self.view is not None and self.view.deal_id is not None:
            current = (self.view.deal_id, self.view.deal_title or "")
        self._client_key = self._client()
        self._fill_deals(setup.deals, current, wanted)
        self._subtasks = list(setup.subtasks)
        self._fill_checklist(setup.subtasks)
        self._ready = True
        self._set_busy("")
        self._initial = self.snapshot()
        self.merge_base = self.collect() if self.view is not None else None

    def fill(self, view: ActivityView) -> None:
        """Show an activity (its checklist comes with the background read)."""
        self.view = view
        self.setWindowTitle(self.tr("Activity — %1").replace("%1", view.subject))
        self.setWindowIcon(icon(view.kind.value))
        self._fill_input(svc.input_from_view(view, self.ctx.clock.tz))
        if view.organization_id is not None:
            self.org_picker.set_organization(view.organization_id, view.organization_name or "")
        else:
            self.org_picker.set_organization(None, "")
        if view.person_id is not None:
            self.person_picker.set_person(view.person_id, view.person_name or "")
        else:
            self.person_picker.set_person(None, "")
        if view.is_occurrence:
            self.occurrence_note.setText(
                self.tr(
                    "Occurrence of a recurring activity. Saving asks whether to change this "
                    "occurrence, this and the following ones, or all of them."
                )
            )
        elif view.is_series:
            self.occurrence_note.setText(
                self.tr(
                    "A recurring activity: what you change here applies to all its occurrences."
                )
            )
        self.occurrence_note.setVisible(view.is_series)
        self._show_state(view)

    def _show_state(self, view: ActivityView) -> None:
        """Done or planned: the note at the top and the buttons at the bottom."""
        if view.done_at is not None:
            when = QLocale().toString(_wall(view.done_at, self.ctx), QLocale.FormatType.ShortFormat)
            text = self.tr("Done %1.").replace("%1", when)
            if view.result:
                text += "\n" + self.tr("Result: %1").replace("%1", view.result)
            self.done_note.setText(text)
        self.done_note.setVisible(view.done_at is not None)
        master = view.is_series and not view.is_occurrence  # done is for one occurrence
        self.done_button.setVisible(view.done_at is None and not master)
        self.reopen_button.setVisible(view.done_at is not None and not master)
        self.delete_button.show()

    def _fill_input(self, data: ActivityInput) -> None:
        tz = self.ctx.clock.tz
        self.subject.setText(data.subject)
        self.kind.setCurrentIndex(max(0, self.kind.findData(ActivityKind(data.kind))))
        self.priority.setCurrentIndex(max(0, self.priority.findData(Priority(data.priority))))
        start: datetime | None = None
        if data.start_at is not None:
            start = local(data.start_at, tz)
        day: date | None = data.due_on
        if data.all_day and day is None and start is not None:
            day, start = start.date(), None
        if start is not None:
            self.when_timed.setChecked(True)
            self.start_date.setDate(to_qdate(start.date()))
            self.start_time.setTime(_qtime(start.time()))
            end = local(data.end_at, tz) if data.end_at is not None else start
            self._duration = int((end - start).total_seconds() // 60)
        elif day is not None:
            self.when_all_day.setChecked(True)
            self.start_date.setDate(to_qdate(day))
            self.start_time.setTime(QTime(10, 0))
            self._duration = DEFAULT_DURATION
        else:
            self.when_none.setChecked(True)
            today = local(self.ctx.clock.now(), tz).date()
            self.start_date.setDate(to_qdate(today + timedelta(days=1)))
            self.start_time.setTime(QTime(10, 0))
            self._duration = DEFAULT_DURATION
        self._show_end()
        self._when_changed()
        self._reminder_at = None
        if data.reminder_minutes is not None:
            self._select_reminder(data.reminder_minutes)
        elif data.reminder_at is not None:
            self._reminder_at = data.reminder_at
            text = QLocale().toString(
                _wall(data.reminder_at, self.ctx), QLocale.FormatType.ShortFormat
            )
            self._select_custom(
                self.reminder, ABSOLUTE_REMINDER, self.tr("At %1").replace("%1", text)
            )
        else:
            self.reminder.setCurrentIndex(0)
        self.location.setText(data.location or "")
        self.description.setPlainText(data.description or "")
        self._fill_rule(data.recurrence)

    def _select_reminder(self, minutes: int) -> None:
        index = self.reminder.findData(minutes)
        if index >= 0 and minutes in REMINDERS:
            self.reminder.setCurrentIndex(index)
        else:
            self._select_custom(self.reminder, minutes, reminder_text(minutes))

    @staticmethod
    def _select_custom(combo: QComboBox, value: object, text: str) -> None:
        """Choose a value the presets lack: one more item at the end, replacing the
        previous such item."""
        last = combo.count() - 1
        if combo.itemData(last, CUSTOM_ROLE):
            combo.removeItem(last)
        combo.addItem(text, value)
        combo.setItemData(combo.count() - 1, True, CUSTOM_ROLE)
        combo.setCurrentIndex(combo.count() - 1)

    def _fill_rule(self, rule: RecurrenceRule | None) -> None:
        start_day = from_qdate(self.start_date.date())
        self.month_day.setValue(start_day.day)
        for button in self.day_buttons:
            button.setChecked(False)
        self.ends.setCurrentIndex(0)
        self.until.setDate(to_qdate(start_day + timedelta(days=90)))
        if rule is None:
            mode = NO_REPEAT
        else:
            weekdays = rule.weekdays or (start_day.weekday(),)
            if rule.freq is Frequency.WEEKLY:
                for d in weekdays:
                    self.day_buttons[d].setChecked(True)
            if rule.month_day is not None:
                self.month_day.setValue(rule.month_day)
            if rule.interval != 1:
                mode = CUSTOM
                self.interval.setValue(rule.interval)
                self.interval_unit.setCurrentIndex(self.interval_unit.findData(rule.freq))
            elif rule.freq is Frequency.DAILY:
                mode = DAILY
            elif rule.freq is Frequency.WEEKLY:
                mode = WEEKDAYS if tuple(weekdays) == WORK_WEEK else WEEKLY
            elif rule.freq is Frequency.MONTHLY:
                mode = MONTHLY
            else:
                mode = YEARLY
            if rule.until is not None:
                self.ends.setCurrentIndex(self.ends.findData(ENDS_ON))
                self.until.setDate(to_qdate(rule.until))
            elif rule.count is not None:
                self.ends.setCurrentIndex(self.ends.findData(ENDS_AFTER))
                self.count.setValue(rule.count)
        self.repeat.setCurrentIndex(self.repeat.findData(mode))
        self._repeat_changed()

    def _fill_owners(self, owners: list[tuple[int, str]]) -> None:
        view, preset = self.view, self.preset
        owner = (view.owner_id, view.owner_name) if view and view.owner_id is not None else None
        wanted = preset.owner_id if preset is not None else None
        fill_owners(self.owner, owners, self.ctx.ws.user_id, self.tr("Me"), owner, wanted)

    def _fill_deals(
        self,
        found: list[tuple[int, str]],
        current: tuple[int, str] | None,
        wanted: int | None,
    ) -> None:
        """The client's open deals (and the deal the activity is linked to, whatever its
        stage), keeping the choice when it is still there."""
        self.deal.blockSignals(True)
        while self.deal.count() > 1:
            self.deal.removeItem(1)
        for deal_id, title in found:
            self.deal.addItem(icon("deal"), title, deal_id)
        if current is not None and self.deal.findData(current[0]) < 0:
            self.deal.addItem(icon("deal"), current[1], current[0])
        self.deal.blockSignals(False)
        index = self.deal.findData(wanted) if wanted is not None else 0
        self.deal.setCurrentIndex(max(index, 0))
        self.deal.setEnabled(self.deal.count() > 1)

    # ------------------------------------------------------------ the client and deal

    def _client(self) -> tuple[int | None, int | None]:
        org = self.org_picker.organization_id if self.organization.text().strip() else None
        person = self.person_picker.person_id if self.person.text().strip() else None
        return org, person

    @Slot()
    def _client_changed(self) -> None:
        """Another client: its open deals (read in the background; the newest read wins)."""
        if not self._ready:
            return
        key = self._client()
        if key == self._client_key:
            return
        self._client_key = key
        self._deal_generation += 1
        generation = self._deal_generation
        ws = self.ctx.ws
        keep = self.deal.currentData()
        current = (keep, self.deal.currentText()) if keep is not None else None
        self.jobs.run(
            lambda _p: client_deals(ws, *key),
            lambda found: self._deals_loaded(generation, found, current),
            write=False,
        )

    def _deals_loaded(
        self, generation: int, found: list[tuple[int, str]], current: tuple[int, str] | None
    ) -> None:
        if generation != self._deal_generation:
            return
        keep = current if current is not None and any(d == current[0] for d, _ in found) else None
        self._fill_deals(found, keep, keep[0] if keep else None)

    # ------------------------------------------------------------ when

    def _mode(self) -> str:
        if self.when_timed.isChecked():
            return "timed"
        return "all_day" if self.when_all_day.isChecked() else "none"

    @Slot()
    def _when_changed(self) -> None:
        mode = self._mode()
        timed = mode == "timed"
        self.activity_form.setRowVisible(self.date_row, mode != "none")  # shows the row's all
        for widget in (self.start_time, self.time_dash, self.end_time, self.duration):
            widget.setVisible(timed)
        self.reminder_hint.setVisible(mode == "all_day")
        dated = mode != "none"
        self.reminder.setEnabled(dated)
        self.repeat.setEnabled(dated)
        tip = "" if dated else self.tr("Give the activity a date to remind of it or repeat it")
        self.reminder.setToolTip(tip)
        self.repeat.setToolTip(tip)
        self.errors.clear("when")
        self._repeat_changed()

    def _start_wall(self) -> datetime:
        return datetime.combine(from_qdate(self.start_date.date()), _pytime(self.start_time.time()))

    def _show_end(self) -> None:
        """The end time and the duration combo from `_duration`."""
        end = self._start_wall() + timedelta(minutes=self._duration)
        self.end_time.blockSignals(True)
        self.end_time.setTime(_qtime(end.time()))
        self.end_time.blockSignals(False)
        index = self.duration.findData(self._duration)
        if index >= 0 and self._duration in DURATIONS:
            self.duration.setCurrentIndex(index)
        else:
            text = span_text(self._duration) if self._duration > 0 else "—"
            if self._duration >= 1440 and self._duration % 1440:
                text = self.tr("until %1").replace(
                    "%1", QLocale().toString(to_qdate(end.date()), QLocale.FormatType.ShortFormat)
                )
            self._select_custom(self.duration, self._duration, text)

    @Slot()
    def _start_changed(self) -> None:
        """A new start keeps the duration (the end moves along)."""
        self.errors.clear("when")
        self._show_end()
        if self.repeat.currentData() in (WEEKLY, CUSTOM) and not any(
            b.isChecked() for b in self.day_buttons
        ):
            self.day_buttons[from_qdate(self.start_date.date()).weekday()].setChecked(True)

    @Slot()
    def _end_changed(self) -> None:
        """A typed end time: the duration follows (on the end's own day)."""
        self.errors.clear("when")
        days = (self._start_wall().hour * 60 + self._start_wall().minute + self._duration) // 1440
        start = self._start_wall()
        end_day = start.date() + timedelta(days=max(0, days))
        end = datetime.combine(end_day, _pytime(self.end_time.time()))
        self._duration = int((end - start).total_seconds() // 60)
        index = self.duration.findData(self._duration)
        if index >= 0 and self._duration in DURATIONS:
            self.duration.setCurrentIndex(index)
        else:
            self._select_custom(
                self.duration,
                self._duration,
                span_text(self._duration) if self._duration > 0 else "—",
            )

    @Slot(int)
    def _duration_chosen(self, index: int) -> None:
        value = self.duration.itemData(index)
        if isinstance(value, int):
            self._duration = value
            self.errors.clear("when")
            self._show_end()

    @Slot()
    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        if isinstance(kind, ActivityKind) and self.view is None:
            self.setWindowIcon(icon(kind.value))

    # ------------------------------------------------------------ repeat

    @Slot()
    def _repeat_changed(self) -> None:
        mode = self.repeat.currentData()
        repeats = mode != NO_REPEAT and self.repeat.isEnabled()
        unit = Frequency(self.interval_unit.currentData())
        weekly = mode == WEEKLY or (mode == CUSTOM and unit is Frequency.WEEKLY)
        monthly = mode == MONTHLY or (mode == CUSTOM and unit is Frequency.MONTHLY)
        form = self.schedule_form
        form.setRowVisible(self.weekdays_box, repeats and weekly)
        form.setRowVisible(self.month_day_row, repeats and monthly)
        form.setRowVisible(self.interval_row, repeats and mode == CUSTOM)
        form.setRowVisible(self.ends_row, repeats)
        if weekly and not any(b.isChecked() for b in self.day_buttons):
            self.day_buttons[from_qdate(self.start_date.date()).weekday()].setChecked(True)
        ends = self.ends.currentData()
        self.until.setVisible(ends == ENDS_ON)
        self.count.setVisible(ends == ENDS_AFTER)
        self.errors.clear("recurrence")

    def rule(self) -> RecurrenceRule | None:
        """The repeat rule the controls describe (RecurrenceError when it cannot be)."""
        mode = self.repeat.currentData()
        if mode == NO_REPEAT or self._mode() == "none":
            return None
        until: date | None = None
        count: int | None = None
        if self.ends.currentData() == ENDS_ON:
            until = from_qdate(self.until.date())
        elif self.ends.currentData() == ENDS_AFTER:
            count = self.count.value()
        days = tuple(d for d, b in enumerate(self.day_buttons) if b.isChecked())
        month_day = self.month_day.value()
        if mode == DAILY:
            return RecurrenceRule(Frequency.DAILY, until=until, count=count)
        if mode == WEEKDAYS:
            return RecurrenceRule(Frequency.WEEKLY, weekdays=WORK_WEEK, until=until, count=count)
        if mode == WEEKLY:
            return RecurrenceRule(Frequency.WEEKLY, weekdays=days, until=until, count=count)
        if mode == MONTHLY:
            return RecurrenceRule(Frequency.MONTHLY, month_day=month_day, until=until, count=count)
        if mode == YEARLY:
            return RecurrenceRule(Frequency.YEARLY, until=until, count=count)
        unit = Frequency(self.interval_unit.currentData())
        return RecurrenceRule(
            unit,
            interval=self.interval.value(),
            weekdays=days if unit is Frequency.WEEKLY else (),
            month_day=month_day if unit is Frequency.MONTHLY else None,
            until=until,
            count=count,
        )

    # ------------------------------------------------------------ checklist

    def _fill_checklist(self, items: Sequence[SubtaskView]) -> None:
        self.checklist.blockSignals(True)
        self.checklist.clear()
        for s in items:
            self._append_checklist(s.id, s.subject, s.is_done)
        self.checklist.blockSignals(False)
        self._update_checklist_buttons()

    def _append_checklist(self, item_id: int | None, text: str, done: bool) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
        )
        item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
        item.setData(ID_ROLE, item_id)
        item.setData(TEXT_ROLE, text)
        self._style_checklist_item(item)
        self.checklist.addItem(item)
        return item

    def checklist_rows(self) -> list[ChecklistRow]:
        rows = []
        for n in range(self.checklist.count()):
            item = self.checklist.item(n)
            item_id = item.data(ID_ROLE)
            rows.append(
                ChecklistRow(
                    int(item_id) if item_id is not None else None,
                    " ".join(item.text().split()),
                    item.checkState() == Qt.CheckState.Checked,
                )
            )
        return rows

    def _checklist_before(self) -> list[ChecklistRow]:
        return [ChecklistRow(s.id, s.subject, s.is_done) for s in self._subtasks]

    @Slot()
    def _add_checklist_item(self) -> None:
        text = " ".join(self.new_item.text().split())
        if not text:
            self.new_item.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.errors.clear("checklist")
        item = self._append_checklist(None, text, False)
        self.checklist.setCurrentItem(item)
        self.new_item.clear()
        self.new_item.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_checklist_buttons()

    def _move_checklist_item(self, step: int) -> None:
        row = self.checklist.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.checklist.count():
            return
        item = self.checklist.takeItem(row)
        self.checklist.insertItem(target, item)
        self.checklist.setCurrentRow(target)

    @Slot()
    def _remove_checklist_item(self) -> None:
        row = self.checklist.currentRow()
        if row >= 0:
            self.checklist.takeItem(row)
        self._update_checklist_buttons()

    @Slot(QListWidgetItem)
    def _checklist_item_changed(self, item: QListWidgetItem) -> None:
        """A rename (blank goes back to the old text, spaces are tidied) or a tick."""
        text = " ".join(item.text().split())
        if not text:
            text = str(item.data(TEXT_ROLE) or "")
        self.checklist.blockSignals(True)
        if text != item.text():
            item.setText(text)
        item.setData(TEXT_ROLE, text)
        self._style_checklist_item(item)
        self.checklist.blockSignals(False)

    def _style_checklist_item(self, item: QListWidgetItem) -> None:
        """A ticked step is struck through and muted."""
        done = item.checkState() == Qt.CheckState.Checked
        font = self.checklist.font()
        font.setStrikeOut(done)
        item.setFont(font)
        if done:
            item.setForeground(self.checklist.palette().brush(QPalette.ColorRole.PlaceholderText))
        else:
            item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def _update_checklist_buttons(self) -> None:
        row = self.checklist.currentRow()
        count = self.checklist.count()
        self.move_up.setEnabled(row > 0)
        self.move_down.setEnabled(0 <= row < count - 1)
        self.remove_item.setEnabled(row >= 0)
        self.checklist_empty.setVisible(count == 0)
        self.checklist_empty.setGeometry(self.checklist.viewport().rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the new checklist item adds it (and does not save the dialog)."""
        if watched is self.checklist.viewport() and event.type() == QEvent.Type.Resize:
            self.checklist_empty.setGeometry(self.checklist.viewport().rect())
        if (
            watched is self.new_item
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._add_checklist_item()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ saving

    def _form_snapshot(self) -> tuple[object, ...]:
        return (
            self.subject.text(),
            self.kind.currentData(),
            self.priority.currentData(),
            self._mode(),
            self.start_date.date().toString(Qt.DateFormat.ISODate),
            self.start_time.time().toString(Qt.DateFormat.ISODate),
            self._duration,
            self.organization.text(),
            self.org_picker.organization_id,
            self.person.text(),
            self.person_picker.person_id,
            self.deal.currentData(),
            self.owner.currentData(),
            self.location.text(),
            self.description.toPlainText(),
            self.reminder.currentData(),
            self.repeat.currentData(),
            self.interval.value(),
            self.interval_unit.currentData(),
            tuple(b.isChecked() for b in self.day_buttons),
            self.month_day.value(),
            self.ends.currentData(),
            self.until.date().toString(Qt.DateFormat.ISODate),
            self.count.value(),
        )

    def snapshot(self) -> tuple[object, ...]:
        """Everything the user can change, to tell whether anything was."""
        return (*self._form_snapshot(), tuple(self.checklist_rows()))

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.subject.text().strip():
            errors["subject"] = self.tr("Enter the subject: what is to be done.")
        if self._mode() == "timed" and self._duration < 0:
            errors["when"] = self.tr("The end is before the start.")
        elif self._mode() == "timed" and self._duration > 14 * 1440:
            errors["when"] = self.tr("An activity cannot last more than 14 days.")
        if self.organization.text().strip() and self.org_picker.resolve() is None:
            errors["organization"] = self.tr(
                "Choose the organization from the list that opens as you type, or clear the field."
            )
        if self.person.text().strip() and self.person_picker.resolve() is None:
            errors["person"] = self.tr(
                "Choose the person from the list that opens as you type, or clear the field."
            )
        try:
            rule = self.rule()
        except RecurrenceError:
            rule = None
            errors["recurrence"] = self.tr("Check the repeat settings.")
        if rule is not None:
            if rule.freq is Frequency.WEEKLY and not rule.weekdays:
                errors["recurrence"] = self.tr("Choose at least one day of the week.")
            elif rule.until is not None and rule.until < from_qdate(self.start_date.date()):
                errors["recurrence"] = self.tr("The repeat ends before the activity starts.")
        return errors

    def collect(self) -> ActivityInput:
        tz = self.ctx.clock.tz
        mode = self._mode()
        start_at = end_at = None
        due_on: date | None = None
        if mode == "timed":
            wall = self._start_wall()
            start_at = datetime.combine(wall.date(), wall.time(), tzinfo=tz)
            if self._duration:
                end_wall = wall + timedelta(minutes=self._duration)
                end_at = datetime.combine(end_wall.date(), end_wall.time(), tzinfo=tz)
        elif mode == "all_day":
            due_on = from_qdate(self.start_date.date())
        reminder = self.reminder.currentData() if mode != "none" else None
        minutes = reminder if isinstance(reminder, int) else None
        reminder_at = self._reminder_at if reminder == ABSOLUTE_REMINDER else None
        owner = self.owner.currentData()
        return ActivityInput(
            subject=" ".join(self.subject.text().split()),
            kind=ActivityKind(self.kind.currentData()),
            start_at=start_at,
            end_at=end_at,
            due_on=due_on,
            all_day=mode == "all_day",
            organization_id=self.org_picker.resolve() if self.organization.text().strip() else None,
            person_id=self.person_picker.resolve() if self.person.text().strip() else None,
            deal_id=self.deal.currentData(),
            owner_id=int(owner) if owner is not None else None,
            priority=Priority(self.priority.currentData()),
            reminder_minutes=minutes,
            reminder_at=reminder_at,
            description=self.description.toPlainText().strip() or None,
            location=self.location.text().strip() or None,
            recurrence=self.rule(),
        )

    def _focus_field(self, field: str) -> None:
        widget: QWidget | None = {
            "subject": self.subject,
            "when": self.end_time if self._mode() == "timed" else self.start_date,
            "organization": self.organization,
            "person": self.person,
            "deal": self.deal,
            "owner": self.owner,
            "reminder": self.reminder,
            "recurrence": self.repeat,
            "checklist": self.new_item,
        }.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def save(self) -> None:
        if self._writing or not self._ready:
            return
        self.errors.clear_all()
        self.banner.dismiss()
        self.reload_button.hide()
        errors = self.validate()
        if errors:
            self.errors.show_all(errors, self.banner.show_message)
            self._focus_field(next(iter(errors)))
            self._after_save = None
            return
        data, self._resolved = self._resolved or self.collect(), None
        view, base = self.view, self.merge_base
        rows = self.checklist_rows()
        checklist_changed = rows != self._checklist_before()
        form = self._form_snapshot()
        fields_changed = self._initial is None or form != self._initial[: len(form)]
        scope: svc.Scope = "this"
        if view is not None and view.is_occurrence and fields_changed:
            answer = actions.ask_scope(self.ctx, self, view, self.tr("Save the recurring activity"))
            if answer is None:
                self._after_save = None
                return
            scope = answer
        elif view is not None and view.is_series and not view.is_occurrence:
            scope = "all"  # the series itself (its master)
        if (
            view is not None
            and not fields_changed
            and not checklist_changed
            and self._after_save is None
        ):
            self._initial = None
            self.done(QDialog.DialogCode.Accepted)
            return
        ws, clock = self.ctx.ws, self.ctx.clock
        before = list(self._subtasks)
        update = view is not None and (fields_changed or (view.is_generated and checklist_changed))

        def write(_progress: object) -> ActivityView:
            if view is None:
                result = svc.create_activity(ws, data, clock=clock)
            elif update:
                result = svc.update_activity(
                    ws,
                    view.id,
                    data,
                    expected_version=view.version,
                    scope=scope,
                    occurrence_start=view.occurrence_start,
                    clock=clock,
                    base=base,
                )
            else:
                result = view
            if checklist_changed:
                save_checklist(ws, result.id, before, rows)
                result = svc.get_activity(
                    ws,
                    result.id,
                    occurrence_start=result.occurrence_start if result.is_generated else None,
                    clock=clock,
                )
            return result

        self._writing = True
        self._set_busy(self.tr("Saving…"))
        self.jobs.run(write, self._saved, write=True, on_failure=self._save_failed)

    def _saved(self, result: ActivityView) -> None:
        self._writing = False
        self._set_busy("")
        before = self.view
        self.saved_view = result
        self.ctx.notify(activity_changes(*(v for v in (before, result) if v is not None)))
        if self.on_saved is not None:
            self.on_saved(result)
        after, self._after_save = self._after_save, None
        self._initial = None
        self.done(QDialog.DialogCode.Accepted)
        if after is not None:
            after(result)

    def _save_failed(self, exc: BaseException, details: str) -> None:
        self._writing = False
        self._set_busy("")
        self._after_save = None
        field = None
        if isinstance(exc, ValidationError):
            field = _FIELD_OF.get(exc.field or "")
        if isinstance(exc, EditConflictError) and self.merge_base is not None:
            if self.view is not None:
                self.ctx.notify(activity_changes(self.view))
            self.banner.show_message(conflict_banner_text())
            self.conflict_dialog = resolve_conflict(self.ctx, self, exc, self._resave)
        elif isinstance(exc, ConcurrentEditError):
            if self.view is not None:  # the calendar and lists show an old version: refresh
                self.ctx.notify(activity_changes(self.view))
            self.banner.show_message(
                self.tr(
                    "Someone else changed this activity after you opened it, so your changes "
                    "were not saved. They are still here: copy what you need, then press Reload "
                    "to see the current version."
                )
            )
            self.reload_button.show()
        elif isinstance(exc, NotFoundError):
            self.banner.show_message(
                self.tr(
                    "This activity no longer exists (perhaps it was deleted). What you typed is "
                    "still here: copy what you need."
                )
            )
        elif (
            isinstance(exc, ValidationError)
            and field is not None
            and self.errors.show(field, exc.message)
        ):
            self._focus_field(field)
        elif isinstance(exc, UserError):
            self.banner.show_message(exc.message)
        else:
            self.ctx.show_error(exc, details)

    def _resave(self, data: ActivityInput, base: ActivityInput, version: int) -> None:
        """Save what the conflict dialog resolved, against the activity as it is now."""
        if self.view is None:
            return
        self.merge_base, self.view = base, replace(self.view, version=version)
        self._resolved = data
        self.save()

    @Slot()
    def reload(self) -> None:
        """Read the activity again and show it (after a concurrent edit)."""
        view = self.view
        if view is None or self._writing:
            return
        ws, clock = self.ctx.ws, self.ctx.clock
        occurrence = view.occurrence_start if view.is_generated else None
        self._set_busy(self.tr("Loading…"))

        def reloaded(fresh: ActivityView) -> None:
            self.banner.dismiss()
            self.reload_button.hide()
            self.errors.clear_all()
            self._ready = False
            self.view = fresh
            self.load()

        def failed(exc: BaseException, details: str) -> None:
            self._set_busy("")
            if isinstance(exc, UserError):
                self.banner.show_message(exc.message)
            else:
                self.ctx.show_error(exc, details)

        self.jobs.run(
            lambda _p: svc.get_activity(ws, view.id, occurrence_start=occurrence, clock=clock),
            reloaded,
            write=False,
            on_failure=failed,
        )

    def _set_busy(self, text: str) -> None:
        self.busy_label.setText(text)
        self.save_button.setEnabled(not text and self._ready)
        self.form.setEnabled(not (text and self._writing))
        for button in (self.done_button, self.reopen_button, self.delete_button):
            button.setEnabled(not text and self._ready)

    # ------------------------------------------------------------ done, reopen, delete

    @Slot()
    def mark_done(self) -> None:
        """Ask for the result (the completion dialog); unsaved changes are saved first."""
        if self.view is None or self._writing or not self._ready:
            return
        if self.is_dirty():
            self._after_save = self._open_completion
            self.save()
            return
        self._open_completion(self.view)

    def _open_completion(self, view: ActivityView) -> None:
        parent = self.parentWidget()
        self.completion = actions.complete(self.ctx, parent, view, self._completed)

    def _completed(self, done: ActivityView) -> None:
        if shiboken6.isValid(self) and self.isVisible():
            self._initial = None
            self.done(QDialog.DialogCode.Accepted)

    @Slot()
    def reopen(self) -> None:
        if self.view is None or self._writing:
            return
        actions.reopen(self.ctx, self, self.view, self._reopened)

    def _reopened(self, view: ActivityView) -> None:
        if not shiboken6.isValid(self) or self.view is None:
            return
        self.view = replace(self.view, done_at=None, is_done=False, version=view.version)
        if view.id != self.view.id:  # a generated occurrence got a row of its own
            self.view = view
        self._show_state(self.view)

    @Slot()
    def delete(self) -> None:
        if self.view is None or self._writing:
            return
        actions.trash(self.ctx, self, self.view, self._deleted)

    def _deleted(self) -> None:
        if shiboken6.isValid(self) and self.isVisible():
            self._initial = None
            self.done(QDialog.DialogCode.Accepted)

    # ------------------------------------------------------------ closing

    def discard_question(self) -> str:
        return self.tr("Close without saving? What you typed in this activity will be lost.")


def _wall(moment: datetime, ctx: AppContext) -> QDateTime:
    """An aware moment as a QDateTime of the clock's wall time (for QLocale)."""
    return to_qdatetime(moment, ctx.clock.tz)


# ------------------------------------------------------------------ screenshot


def demo_dialog(ctx: AppContext, window: QWidget) -> QWidget:
    """The editor on a planned activity of the demo base with a client, a deal and a
    checklist (the best there is), loaded — for `crm-desktop screenshot activity-editor`."""
    from crm_desktop.gui.screenshot import settle

    now = ctx.clock.now()
    found = svc.activities_between(
        ctx.ws, now - timedelta(days=7), now + timedelta(days=30), clock=ctx.clock
    )
    planned = [v for v in found if not v.is_done]
    if not planned:
        planned = list(found)
    if not planned:
        raise UserError("The base has no activity to show in the editor.")

    def score(v: ActivityView) -> tuple[bool, ...]:
        return (
            v.deal_id is not None,
            v.organization_id is not None or v.person_id is not None,
            v.subtasks_total > 0,
            v.start_at is not None,
            v.start_at is not None and v.start_at >= now,
            v.is_occurrence,  # shows the repeat as well
        )

    best = max(planned, key=score)
    dialog = actions.edit_activity(ctx, window, best)
    settle(ctx)
    if isinstance(dialog, QDialog):
        size = window.size()
        dialog.resize(
            min(max(dialog.width(), 980), int(size.width() * 0.95)),
            min(max(dialog.height(), 600), int(size.height() * 0.95)),
        )
    settle(ctx, 600)
    return dialog


__all__ = [
    "ActivityDialog",
    "ChecklistRow",
    "client_deals",
    "demo_dialog",
    "planned_input",
    "save_checklist",
]
