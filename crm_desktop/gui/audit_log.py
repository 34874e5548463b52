"""The audit log: the administrator's view of every change (filters by user, period,
record kind and action, loaded page by page), and the "Changes" history of one
card or deal (`RecordHistoryView`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import AuditAction, EntityKind
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.resources import icon
from crm_desktop.services import audit
from crm_desktop.services.audit import AuditFilter, AuditPage, AuditRow

_INDEX = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def field_text(row: AuditRow) -> str:
    """The field's name in the interface language (the service's English one otherwise)."""
    names = {
        "name": QCoreApplication.translate("AuditLog", "Name"),
        "full_name": QCoreApplication.translate("AuditLog", "Full name"),
        "inn": QCoreApplication.translate("AuditLog", "INN"),
        "kpp": QCoreApplication.translate("AuditLog", "KPP"),
        "ogrn": QCoreApplication.translate("AuditLog", "OGRN"),
        "address": QCoreApplication.translate("AuditLog", "Address"),
        "city": QCoreApplication.translate("AuditLog", "City"),
        "website": QCoreApplication.translate("AuditLog", "Website"),
        "industry": QCoreApplication.translate("AuditLog", "Industry"),
        "segment": QCoreApplication.translate("AuditLog", "Segment"),
        "source": QCoreApplication.translate("AuditLog", "Source"),
        "interests": QCoreApplication.translate("AuditLog", "Interests"),
        "notes": QCoreApplication.translate("AuditLog", "Notes"),
        "is_key_client": QCoreApplication.translate("AuditLog", "Key client"),
        "owner_id": QCoreApplication.translate("AuditLog", "Responsible"),
        "organization_id": QCoreApplication.translate("AuditLog", "Organization"),
        "person_id": QCoreApplication.translate("AuditLog", "Person"),
        "position": QCoreApplication.translate("AuditLog", "Position"),
        "department": QCoreApplication.translate("AuditLog", "Department"),
        "phones": QCoreApplication.translate("AuditLog", "Phones"),
        "emails": QCoreApplication.translate("AuditLog", "Emails"),
        "tags": QCoreApplication.translate("AuditLog", "Tags"),
        "birthday": QCoreApplication.translate("AuditLog", "Birthday"),
        "merged_into": QCoreApplication.translate("AuditLog", "Merged into"),
        "title": QCoreApplication.translate("AuditLog", "Title"),
        "pipeline_id": QCoreApplication.translate("AuditLog", "Pipeline"),
        "stage_id": QCoreApplication.translate("AuditLog", "Stage"),
        "amount_minor": QCoreApplication.translate("AuditLog", "Amount"),
        "currency": QCoreApplication.translate("AuditLog", "Currency"),
        "probability": QCoreApplication.translate("AuditLog", "Probability"),
        "expected_close_on": QCoreApplication.translate("AuditLog", "Expected close"),
        "description": QCoreApplication.translate("AuditLog", "Description"),
        "closed_at": QCoreApplication.translate("AuditLog", "Closed"),
        "loss_reason_id": QCoreApplication.translate("AuditLog", "Loss reason"),
        "competitor_id": QCoreApplication.translate("AuditLog", "Competitor"),
        "loss_comment": QCoreApplication.translate("AuditLog", "Loss comment"),
        "kind": QCoreApplication.translate("AuditLog", "Type"),
        "subject": QCoreApplication.translate("AuditLog", "Subject"),
        "start_at": QCoreApplication.translate("AuditLog", "Start"),
        "end_at": QCoreApplication.translate("AuditLog", "End"),
        "due_on": QCoreApplication.translate("AuditLog", "Due"),
        "reminder_at": QCoreApplication.translate("AuditLog", "Reminder"),
        "done_at": QCoreApplication.translate("AuditLog", "Done"),
        "result": QCoreApplication.translate("AuditLog", "Result"),
        "priority": QCoreApplication.translate("AuditLog", "Priority"),
        "location": QCoreApplication.translate("AuditLog", "Location"),
        "deal_id": QCoreApplication.translate("AuditLog", "Deal"),
        "recurrence_rule": QCoreApplication.translate("AuditLog", "Repeats"),
        "stages": QCoreApplication.translate("AuditLog", "Stages"),
        "is_archived": QCoreApplication.translate("AuditLog", "Archived"),
        "login": QCoreApplication.translate("AuditLog", "Login"),
        "display_name": QCoreApplication.translate("AuditLog", "Display name"),
        "role": QCoreApplication.translate("AuditLog", "Role"),
        "email": QCoreApplication.translate("AuditLog", "Email"),
        "is_active": QCoreApplication.translate("AuditLog", "Active"),
        "may_export": QCoreApplication.translate("AuditLog", "May export"),
        "password": QCoreApplication.translate("AuditLog", "Password"),
        "team_mode": QCoreApplication.translate("AuditLog", "Team mode"),
    }
    return names.get(row.field or "", row.field_label)


def action_names() -> dict[AuditAction, str]:
    return {
        AuditAction.CREATE: QCoreApplication.translate("AuditLog", "Created"),
        AuditAction.UPDATE: QCoreApplication.translate("AuditLog", "Changed"),
        AuditAction.TRASH: QCoreApplication.translate("AuditLog", "Moved to trash"),
        AuditAction.RESTORE: QCoreApplication.translate("AuditLog", "Restored"),
        AuditAction.DELETE: QCoreApplication.translate("AuditLog", "Deleted"),
        AuditAction.MERGE: QCoreApplication.translate("AuditLog", "Merged"),
        AuditAction.IMPORT: QCoreApplication.translate("AuditLog", "Imported"),
        AuditAction.UNDO: QCoreApplication.translate("AuditLog", "Undone"),
        AuditAction.HANDOVER: QCoreApplication.translate("AuditLog", "Handed over"),
    }


def kind_names() -> dict[EntityKind, str]:
    return {
        EntityKind.ORGANIZATION: QCoreApplication.translate("AuditLog", "Organization"),
        EntityKind.PERSON: QCoreApplication.translate("AuditLog", "Person"),
        EntityKind.DEAL: QCoreApplication.translate("AuditLog", "Deal"),
        EntityKind.ACTIVITY: QCoreApplication.translate("AuditLog", "Activity"),
        EntityKind.NOTE: QCoreApplication.translate("AuditLog", "Note"),
        EntityKind.COMPETITOR: QCoreApplication.translate("AuditLog", "Competitor"),
        EntityKind.USER: QCoreApplication.translate("AuditLog", "User"),
        EntityKind.PIPELINE: QCoreApplication.translate("AuditLog", "Pipeline"),
        EntityKind.STAGE: QCoreApplication.translate("AuditLog", "Stage"),
    }


def _value_text(row: AuditRow, text: str) -> str:
    """Values the service spells in English ("yes", "(set)") in the interface language."""
    words = {
        "yes": QCoreApplication.translate("AuditLog", "yes"),
        "no": QCoreApplication.translate("AuditLog", "no"),
        "on": QCoreApplication.translate("AuditLog", "on"),
        "off": QCoreApplication.translate("AuditLog", "off"),
        "(set)": QCoreApplication.translate("AuditLog", "(set)"),
        "Administrator": QCoreApplication.translate("AuditLog", "Administrator"),
        "Manager": QCoreApplication.translate("AuditLog", "Manager"),
        "Assistant": QCoreApplication.translate("AuditLog", "Assistant"),
        "Read-only": QCoreApplication.translate("AuditLog", "Read-only"),
    }
    return words.get(text, text) if row.field else text


def _when(moment: datetime, *, short: bool = False) -> str:
    return moment.astimezone().strftime("%d.%m.%y %H:%M" if short else "%d.%m.%Y %H:%M:%S")


class AuditModel(QAbstractTableModel):
    """Audit rows; in log mode with the record column, loaded in pages as the view
    scrolls (`canFetchMore` / `fetchMore`), never the whole log at once."""

    WHEN, WHO, ACTION, RECORD, FIELD, OLD, NEW, CHANGE = range(8)

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, log: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.log = log
        self._rows: list[AuditRow] = []
        self._total = 0
        self._filter = AuditFilter()
        self._generation = 0
        self._fetching = False
        self._actions = action_names()
        self._kinds = kind_names()
        self.columns = (
            [self.WHEN, self.WHO, self.ACTION, self.RECORD, self.FIELD, self.OLD, self.NEW]
            if log
            else [self.WHEN, self.WHO, self.FIELD, self.CHANGE]
        )

    # -- loading

    @property
    def total(self) -> int:
        return self._total

    @property
    def rows(self) -> list[AuditRow]:
        return list(self._rows)

    def set_filter(self, flt: AuditFilter) -> None:
        """Start again with a new filter: the first page is fetched in the background."""
        self._filter = flt
        self._generation += 1
        self.beginResetModel()
        self._rows, self._total = [], 0
        self.endResetModel()
        self._fetch(0)

    def set_rows(self, rows: list[AuditRow]) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows, self._total = list(rows), len(rows)
        self.endResetModel()

    def _fetch(self, offset: int) -> None:
        generation, flt, ws = self._generation, self._filter, self.ctx.ws
        self._fetching = True
        self.ctx.run(
            lambda _p: audit.query_log(ws, flt, offset=offset),
            lambda page: self._arrived(generation, page),
            write=False,
            on_failure=lambda exc, details: self._failed(generation, exc, details),
        )

    def _failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation == self._generation:
            self._fetching = False
            self.ctx.show_error(exc, details)

    def _arrived(self, generation: int, page: AuditPage) -> None:
        if generation != self._generation:
            return  # an answer to an older filter
        self._fetching = False
        self._total = page.total
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.layoutChanged.emit()  # the count label listens

    def canFetchMore(self, parent: _INDEX = QModelIndex()) -> bool:  # noqa: B008
        return (
            self.log
            and not parent.isValid()
            and not self._fetching
            and len(self._rows) < self._total
        )

    def fetchMore(self, parent: _INDEX = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(len(self._rows))

    # -- the model

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def row_at(self, index: _INDEX) -> AuditRow | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def text(self, row: AuditRow, column: int) -> str:
        if column == self.WHEN:
            return _when(row.at, short=not self.log)
        if column == self.FIELD and not self.log:
            action = self._actions.get(row.action, row.action.value)
            return (
                field_text(row)
                if row.field and row.action is AuditAction.UPDATE
                else (f"{action}: {field_text(row)}" if row.field else action)
            )
        if column == self.CHANGE:
            old, new = _value_text(row, row.old_text), _value_text(row, row.new_text)
            if old and new:
                return f"{old} → {new}"
            return new or (f"{old} → —" if old else "")
        if column == self.WHO:
            return row.user_name or "—"
        if column == self.ACTION:
            return self._actions.get(row.action, row.action.value)
        if column == self.RECORD:
            kind = self._kinds.get(row.entity_kind, row.entity_kind.value)
            return f"{kind}: {row.entity_name}"
        if column == self.FIELD:
            return field_text(row)
        if column == self.OLD:
            return _value_text(row, row.old_text)
        return _value_text(row, row.new_text)

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.text(row, column)
            if role == Qt.ItemDataRole.DisplayRole:
                return text.replace("\n", " ⏎ ")
            return text if len(text) > 40 or "\n" in text else None
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DecorationRole and (
            column == self.ACTION or (column == self.FIELD and not self.log)
        ):
            name = {
                AuditAction.CREATE: "create",
                AuditAction.UPDATE: "edit",
                AuditAction.TRASH: "trash",
                AuditAction.DELETE: "delete",
                AuditAction.RESTORE: "restore",
                AuditAction.MERGE: "merge",
                AuditAction.UNDO: "undo",
                AuditAction.IMPORT: "open-base",
                AuditAction.HANDOVER: "move-right",
            }.get(row.action, "")
            return icon(name) if name else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.columns):
            return None
        titles = {
            self.WHEN: self.tr("When"),
            self.WHO: self.tr("Who"),
            self.ACTION: self.tr("Action"),
            self.RECORD: self.tr("Record"),
            self.FIELD: self.tr("Field"),
            self.OLD: self.tr("Old value"),
            self.NEW: self.tr("New value"),
            self.CHANGE: self.tr("Change"),
        }
        return titles[self.columns[section]]


def _table(parent: QWidget, model: AuditModel) -> QTreeView:
    view = QTreeView(parent)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
    view.setModel(model)
    header = view.header()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    widths = (
        {
            AuditModel.WHEN: 140,
            AuditModel.WHO: 130,
            AuditModel.ACTION: 130,
            AuditModel.RECORD: 220,
            AuditModel.FIELD: 120,
            AuditModel.OLD: 170,
        }
        if model.log
        else {AuditModel.WHEN: 105, AuditModel.WHO: 110, AuditModel.FIELD: 120}
    )
    for n, column in enumerate(model.columns):
        if column in widths:
            view.setColumnWidth(n, widths[column])
    return view


# ---------------------------------------------------------------- one record


class RecordHistoryView(QWidget):
    """The audit entries of one record (a card's or a deal's "Changes"), loaded when
    shown and again when the record changes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordHistory")
        self.ctx = ctx
        self.record: tuple[EntityKind, int] | None = None
        self._dirty = False
        self._generation = 0
        self.model = AuditModel(ctx, self, log=False)
        self.view = _table(self, self.model)
        self.view.setObjectName("recordHistoryTable")
        self.empty = QLabel(self.tr("No changes recorded yet."), self)
        self.empty.setObjectName("recordHistoryEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.in_log = QLabel(self)
        self.in_log.setObjectName("recordHistoryInLog")
        self.in_log.setText(
            '<a href="log">' + self.tr("Open in the audit log…").replace("&", "&amp;") + "</a>"
        )
        self.in_log.setTextFormat(Qt.TextFormat.RichText)
        self.in_log.linkActivated.connect(lambda _link: self.open_in_log())
        self.in_log.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        layout.addWidget(self.in_log)
        ctx.changed.connect(self._on_changed)
        ctx.workspace_changed.connect(self._update_link)
        self._update_link()

    def _update_link(self) -> None:
        user = self.ctx.ws.user
        self.in_log.setVisible(user is not None and user.is_admin)

    def open_in_log(self) -> AuditLogDialog | None:
        """The administrator's log, filtered to this record."""
        if self.record is None:
            return None
        kind, entity_id = self.record
        rows = self.model.rows
        name = rows[0].entity_name if rows else f"#{entity_id}"
        dialog = open_audit_log(self.ctx, self.window())
        dialog.show_record(kind, entity_id, name)
        return dialog

    def set_record(self, kind: EntityKind, entity_id: int) -> None:
        if self.record != (kind, entity_id):
            self.record = (kind, entity_id)
            self.model.set_rows([])
        self._dirty = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        if self.record is None:
            return
        self._dirty = False
        self._generation += 1
        generation, (kind, entity_id), ws = self._generation, self.record, self.ctx.ws
        self.ctx.run(
            lambda _p: audit.record_history(ws, kind, entity_id),
            lambda rows: self._arrived(generation, rows),
            write=False,
            on_failure=lambda _exc, _details: self._arrived(generation, []),
        )

    def _arrived(self, generation: int, rows: list[AuditRow]) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.view if rows else self.empty)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            QTimer.singleShot(0, self.reload)

    def _on_changed(self, changes: Changes) -> None:
        if self.record is None:
            return
        kind, entity_id = self.record
        if (
            (kind, entity_id) in changes.records
            or (changes.touches(kind) and not changes.records)
            or changes.touches(EntityKind.USER)
        ):
            self._dirty = True
            if self.isVisible():
                QTimer.singleShot(0, self.reload)


def add_history_tab(
    tabs: QTabWidget, ctx: AppContext, kind: EntityKind, entity_id: int
) -> RecordHistoryView:
    """A "Changes" tab with the record's audit entries (the deal editor's)."""
    view = RecordHistoryView(ctx, tabs)
    view.layout().setContentsMargins(6, 6, 6, 6)  # type: ignore[union-attr]
    tabs.addTab(view, QCoreApplication.translate("AuditLog", "Changes"))
    view.set_record(kind, entity_id)
    return view


# ---------------------------------------------------------------- the log


PERIODS = ("today", "week", "month", "all", "custom")


class AuditLogDialog(QDialog):
    """The administrator's audit log: filters above, the paged table below."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("auditLogDialog")
        self.setWindowTitle(self.tr("Audit log"))
        self.setWindowIcon(icon("checklist"))
        self.resize(1100, 640)
        self._record: tuple[EntityKind, int, str] | None = None

        self.user = QComboBox(self)
        self.user.setObjectName("auditUser")
        self.user.addItem(self.tr("Everyone"), None)
        self.period = QComboBox(self)
        self.period.setObjectName("auditPeriod")
        for key, text in zip(
            PERIODS,
            (
                self.tr("Today"),
                self.tr("Last 7 days"),
                self.tr("Last 30 days"),
                self.tr("All time"),
                self.tr("Dates…"),
            ),
            strict=True,
        ):
            self.period.addItem(text, key)
        self.period.setCurrentIndex(PERIODS.index("all"))
        self.since = QDateEdit(QDate.currentDate().addDays(-7), self)
        self.until = QDateEdit(QDate.currentDate(), self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setVisible(False)
        self.since.setObjectName("auditSince")
        self.until.setObjectName("auditUntil")
        self.kind = QComboBox(self)
        self.kind.setObjectName("auditKind")
        self.kind.addItem(self.tr("All records"), None)
        for kind in (
            EntityKind.ORGANIZATION,
            EntityKind.PERSON,
            EntityKind.DEAL,
            EntityKind.ACTIVITY,
            EntityKind.USER,
            EntityKind.PIPELINE,
            EntityKind.COMPETITOR,
        ):
            self.kind.addItem(kind_names()[kind], kind.value)
        self.action = QComboBox(self)
        self.action.setObjectName("auditAction")
        self.action.addItem(self.tr("All actions"), None)
        for act, text in action_names().items():
            self.action.addItem(text, act.value)
        self.only_record = QCheckBox(self)
        self.only_record.setObjectName("auditOnlyRecord")
        self.only_record.setVisible(False)

        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("User:"), self.user),
            (self.tr("Period:"), self.period),
            (None, self.since),
            (None, self.until),
            (self.tr("Records:"), self.kind),
            (self.tr("Action:"), self.action),
        ):
            if label:
                caption = QLabel(label, self)
                caption.setBuddy(widget)
                filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.only_record)
        filters.addStretch(1)

        self.model = AuditModel(ctx, self)
        self.view = _table(self, self.model)
        self.view.setObjectName("auditTable")
        self.view.doubleClicked.connect(self._open)
        self.count = QLabel(self)
        self.count.setObjectName("auditCount")
        self.model.layoutChanged.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        refresh = QPushButton(icon("restore"), self.tr("Refresh"), self)
        refresh.clicked.connect(self.apply)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(refresh)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        for combo in (self.user, self.kind, self.action):
            combo.currentIndexChanged.connect(self.apply)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.since.dateChanged.connect(self.apply)
        self.until.dateChanged.connect(self.apply)
        self.only_record.toggled.connect(self.apply)
        self._load_users()

    def _load_users(self) -> None:
        ws = self.ctx.ws
        self.ctx.run(lambda _p: audit.log_users(ws), self._users_arrived, write=False)

    def _users_arrived(self, people: list[tuple[int, str]]) -> None:
        current = self.user.currentData()
        self.user.blockSignals(True)
        for user_id, name in people:
            self.user.addItem(name, user_id)
        self.user.setCurrentIndex(max(0, self.user.findData(current)))
        self.user.blockSignals(False)

    def show_record(self, kind: EntityKind, entity_id: int, name: str) -> None:
        """Only this record's entries (a checkbox lets go of it)."""
        self._record = (kind, entity_id, name)
        self.only_record.setText(self.tr("Only “%1”").replace("%1", name))
        self.only_record.setVisible(True)
        self.only_record.blockSignals(True)
        self.only_record.setChecked(True)
        self.only_record.blockSignals(False)
        self.apply()

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        self.since.setVisible(custom)
        self.until.setVisible(custom)
        self.apply()

    def current_filter(self) -> AuditFilter:
        since = until = None
        period = self.period.currentData()
        today = datetime.combine(date.today(), time()).astimezone()
        if period == "today":
            since = today
        elif period == "week":
            since = today - timedelta(days=6)
        elif period == "month":
            since = today - timedelta(days=29)
        elif period == "custom":
            since = datetime.combine(self.since.date().toPython(), time()).astimezone()
            until = datetime.combine(self.until.date().toPython(), time()).astimezone()
            until += timedelta(days=1)
        kind_value = self.kind.currentData()
        action_value = self.action.currentData()
        entity_kind = EntityKind(kind_value) if kind_value else None
        entity_id = None
        if self._record is not None and self.only_record.isChecked():
            entity_kind, entity_id = self._record[0], self._record[1]
        return AuditFilter(
            user_id=self.user.currentData(),
            since=since.astimezone(UTC) if since else None,
            until=until.astimezone(UTC) if until else None,
            entity_kind=entity_kind,
            entity_id=entity_id,
            action=AuditAction(action_value) if action_value else None,
        )

    def apply(self) -> None:
        self.count.setText(self.tr("Loading…"))
        self.model.set_filter(self.current_filter())

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if total == 0 and shown == 0:
            self.count.setText(self.tr("No entries match these filters."))
        else:
            text = (
                self.tr("%n entries (the newest %1 shown; scroll for more)", "", total)
                if shown < total
                else self.tr("%n entries", "", total)
            )
            self.count.setText(text.replace("%1", str(shown)))

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is None or row.entity_kind not in (
            EntityKind.ORGANIZATION,
            EntityKind.PERSON,
            EntityKind.DEAL,
        ):
            return
        self.ctx.open_record.emit(row.entity_kind, row.entity_id)


def open_audit_log(ctx: AppContext, parent: QWidget | None) -> AuditLogDialog:
    dialog = AuditLogDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.apply()
    dialog.show()
    return dialog
