"""Pipeline settings: the pipelines, their stages and the loss reasons, in one dialog.

The dialog (``ui/pipeline_settings.ui``) edits a copy: nothing is written until Save,
and Cancel asks before it throws edits away. Pipelines, stages and loss reasons are
lists reordered by dragging (`ReorderableListModel`). A drag inside a list moves the
row with the model's ``moveRows`` (what ``QListView`` does for its own rows); the
drag data carries the model's identity, so a list accepts only its own rows. The
views use ``DragDrop`` mode rather than ``InternalMove`` because ``InternalMove``
ignores any drop whose source Qt cannot name — a drop delivered as events (by an
accessibility tool or a test) would do nothing; here it goes to ``dropMimeData``.

A stage is edited in the panel below the list: name, type (open / won / lost: kinds,
not names, so renaming "Won" keeps it won), default probability and colour (a swatch
button opening `QColorDialog`). Removing a stage that holds deals asks where they go
(`MoveDealsDialog`: a stage of the same type this pipeline keeps).

Save writes in the background, in steps: loss reasons, deleted pipelines, each
changed pipeline (`deals.save_pipeline` with the version it was read at), archive
flags, the order. A step that fails stops the rest; what was written before it stays
written and the dialog shows it so, with the error next to the field.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind, StageKind
from crm_desktop.domain.names import fold
from crm_desktop.errors import ConcurrentEditError, UserError, ValidationError
from crm_desktop.gui.contacts.contact_fields import DialogJobs
from crm_desktop.gui.contacts.editors import SaveBar
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.deals.board import stage_color
from crm_desktop.gui.deals.editor import ID_ROLE, Banner, FieldErrors
from crm_desktop.gui.forms import EditorDialog, _child, setup_form
from crm_desktop.gui.resources import icon
from crm_desktop.services import deals
from crm_desktop.services.deals import (
    PipelineEdit,
    PipelineView,
    ReferenceItem,
    StageEdit,
    StageView,
)
from crm_desktop.services.workspace import Workspace

T = TypeVar("T")
_INDEX = QModelIndex | QPersistentModelIndex

ROWS_MIME = "application/x-crm-desktop-rows"
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 10  # a stage's "Won · 100 % · 3 deals"
KIND_ROLE = Qt.ItemDataRole.UserRole + 11  # a stage's StageKind value


def kind_labels() -> list[tuple[StageKind, str]]:
    return [
        (StageKind.OPEN, QCoreApplication.translate("PipelineSettings", "Open")),
        (StageKind.WON, QCoreApplication.translate("PipelineSettings", "Won")),
        (StageKind.LOST, QCoreApplication.translate("PipelineSettings", "Lost")),
    ]


def kind_label(kind: StageKind) -> str:
    return dict(kind_labels())[kind]


# ------------------------------------------------------------------ the rows


@dataclass(eq=False)
class StageRow:
    id: int | None  # None: new
    name: str
    kind: StageKind
    probability: int
    color: str | None
    deal_count: int = 0  # live deals in it now
    moved_in: int = 0  # deals of removed stages that will move here

    @classmethod
    def of(cls, view: StageView) -> StageRow:
        return cls(view.id, view.name, view.kind, view.probability, view.color, view.deal_count)

    def edit(self) -> StageEdit:
        return StageEdit(self.id, self.name, self.kind, self.probability, self.color)

    @property
    def deals(self) -> int:
        return self.deal_count + self.moved_in


@dataclass(eq=False)
class PipelineState:
    """One pipeline as the dialog edits it."""

    key: int  # stable while the dialog is open (a new pipeline has no id yet)
    id: int | None
    name: str
    version: int | None
    archived: bool
    stages: list[StageRow]
    moves: dict[int, int] = field(default_factory=dict)  # removed stage id -> target id
    removed: dict[int, StageKind] = field(default_factory=dict)  # removed stage id -> kind
    saved_shape: PipelineEdit | None = None  # as read (None: never saved)
    saved_archived: bool = False

    @classmethod
    def of(cls, key: int, view: PipelineView) -> PipelineState:
        state = cls(key, None, "", None, False, [])
        state.apply(view)
        return state

    def apply(self, view: PipelineView) -> None:
        """Take what was read or written as the new starting point."""
        self.id, self.name, self.version = view.id, view.name, view.version
        self.archived = self.saved_archived = view.is_archived
        self.stages = [StageRow.of(s) for s in view.stages]
        self.moves.clear()
        self.removed.clear()
        self.saved_shape = self._shape()

    def _shape(self) -> PipelineEdit:
        return PipelineEdit(self.id, self.name, [s.edit() for s in self.stages])

    def changed(self) -> bool:
        return self.saved_shape is None or self._shape() != self.saved_shape or bool(self.removed)

    def deal_count(self) -> int:
        return sum(s.deals for s in self.stages)

    def edit(self) -> PipelineEdit:
        """What `deals.save_pipeline` gets: moves resolved to stages that stay."""
        kept = {s.id: s for s in self.stages if s.id is not None}
        moves: dict[int, int] = {}
        for removed_id, kind in self.removed.items():
            target = self.moves.get(removed_id)
            seen = {removed_id}
            while target is not None and target not in kept and target not in seen:
                seen.add(target)
                target = self.moves.get(target)
            if target is None or target not in kept:  # no deals shown: any stage of its kind
                target = next((i for i, s in kept.items() if s.kind is kind), None)
            if target is not None:
                moves[removed_id] = target
        return PipelineEdit(
            self.id,
            " ".join(self.name.split()),
            [s.edit() for s in self.stages],
            moves=moves,
            expected_version=self.version,
        )


@dataclass(eq=False)
class ReasonRow:
    id: int | None
    name: str


# ------------------------------------------------------------------ models


class ReorderableListModel(QAbstractListModel, Generic[T]):
    """A short list reordered by dragging: the list view moves its own rows with
    `moveRows`; a drop Qt cannot trace to the view comes through `dropMimeData`. Either
    way only rows of this very model are accepted (the drag data names the model)."""

    reordered = Signal()
    edited = Signal(object)  # the row renamed in place

    editable = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    # -- to override

    def display(self, row: T) -> str:
        raise NotImplementedError

    def decoration(self, row: T) -> QIcon | None:
        return None

    def tooltip(self, row: T) -> str | None:
        return None

    def foreground(self, row: T) -> QColor | None:
        return None

    def font(self, row: T) -> QFont | None:
        return None

    def row_id(self, row: T) -> int | None:
        return getattr(row, "id", None)

    def extra(self, row: T, role: int) -> Any:
        return None

    def rename(self, row: T, text: str) -> None:
        raise NotImplementedError

    # -- rows

    def set_rows(self, rows: list[T]) -> None:
        """Show `rows` — the list itself: moves and edits change it in place."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[T]:
        return self._rows

    def row_at(self, index: _INDEX) -> T | None:
        if not index.isValid() or index.parent().isValid():
            return None
        return self._rows[index.row()] if 0 <= index.row() < len(self._rows) else None

    def index_of(self, row: T) -> QModelIndex:
        for i, r in enumerate(self._rows):
            if r is row:
                return self.index(i, 0)
        return QModelIndex()

    def insert(self, position: int, row: T) -> QModelIndex:
        position = max(0, min(position, len(self._rows)))
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self.endInsertRows()
        return self.index(position, 0)

    def remove(self, row: T) -> None:
        index = self.index_of(row)
        if not index.isValid():
            return
        self.beginRemoveRows(QModelIndex(), index.row(), index.row())
        del self._rows[index.row()]
        self.endRemoveRows()

    def refresh(self, row: T) -> None:
        index = self.index_of(row)
        if index.isValid():
            self.dataChanged.emit(index, index)

    # -- the model

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row)
        if role == Qt.ItemDataRole.EditRole and self.editable:
            return self.display(row)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.decoration(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        if role == Qt.ItemDataRole.FontRole:
            return self.font(row)
        if role == ID_ROLE:
            return self.row_id(row)
        return self.extra(row, role)

    def setData(self, index: _INDEX, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index)
        if row is None or not self.editable or role != Qt.ItemDataRole.EditRole:
            return False
        text = " ".join(str(value or "").split())
        if not text:
            return False
        self.rename(row, text)
        self.dataChanged.emit(index, index)
        self.edited.emit(row)
        return True

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops land between rows
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        return flags | Qt.ItemFlag.ItemIsEditable if self.editable else flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        payload = f"{id(self)}:{','.join(map(str, rows))}"
        mime.setData(ROWS_MIME, QByteArray(payload.encode()))
        return mime

    def _dragged_rows(self, data: QMimeData | None) -> list[int] | None:
        """The rows a drag carries, when it carries rows of this model."""
        if data is None or not data.hasFormat(ROWS_MIME):
            return None
        owner, _sep, text = bytes(data.data(ROWS_MIME).data()).decode().partition(":")
        try:
            rows = [int(r) for r in text.split(",") if r]
        except ValueError:
            return None
        if owner != str(id(self)) or not all(0 <= r < len(self._rows) for r in rows):
            return None
        return rows

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _INDEX
    ) -> bool:
        return action == Qt.DropAction.MoveAction and bool(self._dragged_rows(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _INDEX
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        rows = self._dragged_rows(data)
        if action != Qt.DropAction.MoveAction or rows is None or len(rows) != 1:
            return False
        target = parent.row() if parent.isValid() else row
        if target < 0:
            target = len(self._rows)
        self.moveRows(QModelIndex(), rows[0], 1, QModelIndex(), target)
        return True  # nothing to remove afterwards: removeRows is not supported

    def moveRows(
        self,
        sourceParent: _INDEX,
        sourceRow: int,
        count: int,
        destinationParent: _INDEX,
        destinationChild: int,
    ) -> bool:
        size = len(self._rows)
        if (
            sourceParent.isValid()
            or destinationParent.isValid()
            or count <= 0
            or sourceRow < 0
            or sourceRow + count > size
            or not 0 <= destinationChild <= size
            or sourceRow <= destinationChild <= sourceRow + count
        ):
            return False
        if not self.beginMoveRows(
            QModelIndex(), sourceRow, sourceRow + count - 1, QModelIndex(), destinationChild
        ):
            return False
        block = self._rows[sourceRow : sourceRow + count]
        del self._rows[sourceRow : sourceRow + count]
        at = destinationChild - count if destinationChild > sourceRow else destinationChild
        self._rows[at:at] = block
        self.endMoveRows()
        self.reordered.emit()
        return True


def _muted(palette: QPalette | None = None) -> QColor:
    """Secondary text: the text colour, lighter but still readable."""
    palette = palette or QApplication.palette()
    color = QColor(palette.color(QPalette.ColorRole.Text))
    color.setAlphaF(0.62)
    return color


class PipelinesModel(ReorderableListModel[PipelineState]):
    def display(self, row: PipelineState) -> str:
        name = " ".join(row.name.split()) or self.tr("(no name)")
        return self.tr("%1 (archived)").replace("%1", name) if row.archived else name

    def decoration(self, row: PipelineState) -> QIcon | None:
        return icon("deals")

    def tooltip(self, row: PipelineState) -> str | None:
        if row.archived:
            return self.tr("Archived: not on the board; its deals are kept")
        return self.tr("Drag to change the order")

    def foreground(self, row: PipelineState) -> QColor | None:
        return _muted() if row.archived else None

    def font(self, row: PipelineState) -> QFont | None:
        if not row.archived:
            return None
        font = QFont(QApplication.font())
        font.setItalic(True)
        return font


class StagesModel(ReorderableListModel[StageRow]):
    """The stages of the pipeline being edited; `DETAIL_ROLE` says type, probability, deals."""

    def display(self, row: StageRow) -> str:
        return " ".join(row.name.split()) or self.tr("(no name)")

    def effective_color(self, row: StageRow) -> QColor:
        """The colour the board shows: the stage's own, else the default for its place."""
        opened = 0
        for r in self._rows:
            if r is row:
                break
            if r.kind is StageKind.OPEN:
                opened += 1
        view = StageView(
            row.id or 0, 0, row.name, row.kind, row.probability, 0, row.color, row.deal_count
        )
        return stage_color(view, opened)

    def decoration(self, row: StageRow) -> QIcon | None:
        return color_icon(self.effective_color(row), 14)

    def detail(self, row: StageRow) -> str:
        parts = [kind_label(row.kind), f"{row.probability} %"]
        if row.deals:
            n = row.deals
            parts.append(self.tr("1 deal") if n == 1 else self.tr("%n deals", "", n))
        return " · ".join(parts)

    def tooltip(self, row: StageRow) -> str | None:
        return self.tr("Drag to change the order")

    def font(self, row: StageRow) -> QFont | None:
        if row.name.strip():
            return None
        font = QFont(QApplication.font())
        font.setItalic(True)
        return font

    def extra(self, row: StageRow, role: int) -> Any:
        if role == DETAIL_ROLE:
            return self.detail(row)
        if role == KIND_ROLE:
            return row.kind.value
        return None


class ReasonsModel(ReorderableListModel[ReasonRow]):
    editable = True

    def display(self, row: ReasonRow) -> str:
        return row.name

    def rename(self, row: ReasonRow, text: str) -> None:
        row.name = text

    def tooltip(self, row: ReasonRow) -> str | None:
        return self.tr("Double-click to rename, drag to change the order")


def color_icon(color: QColor, size: int = 16) -> QIcon:
    """A swatch with a thin darker border."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(color.darker(140))
    painter.setBrush(color)
    painter.drawRoundedRect(0, 0, size - 1, size - 1, 3, 3)
    painter.end()
    return QIcon(pixmap)


class RoomyDelegate(QStyledItemDelegate):
    """Rows with some air: easier to aim at when dragging."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _INDEX) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height() + 8, 26))


class StageDelegate(QStyledItemDelegate):
    """A stage row: swatch and name at the left, "Won · 100 % · 3 deals" at the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _INDEX) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 160, max(size.height() + 8, 28))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _INDEX) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        detail = str(index.data(DETAIL_ROLE) or "")
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        rect = QRect(opt.rect)
        fm = opt.fontMetrics
        detail_width = min(fm.horizontalAdvance(detail) + 12, rect.width() * 3 // 5)
        painter.save()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        opt.rect = rect.adjusted(0, 0, -detail_width, 0)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        kind = index.data(KIND_ROLE)
        color = (
            opt.palette.color(QPalette.ColorRole.HighlightedText)
            if selected
            else QColor("#2e7d32")
            if kind == StageKind.WON.value
            else QColor("#c62828")
            if kind == StageKind.LOST.value
            else _muted(opt.palette)
        )
        painter.setPen(color)
        painter.setFont(opt.font)
        painter.drawText(
            rect.adjusted(0, 0, -8, 0),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            fm.elidedText(detail, Qt.TextElideMode.ElideLeft, detail_width),
        )
        painter.restore()


def _setup_drag_list(view: QListView) -> None:
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setDragEnabled(True)
    view.setAcceptDrops(True)
    view.setDropIndicatorShown(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)  # see the module's notes
    view.setDragDropOverwriteMode(False)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)
    view.setUniformItemSizes(True)


# ------------------------------------------------------------------ moving deals


class MoveDealsDialog(QDialog):
    """Where the deals of a stage being removed go: a stage of the same type that stays."""

    chosen = Signal(int)  # the target stage's id

    def __init__(
        self,
        parent: QWidget,
        stage: StageRow,
        targets: list[tuple[int, str, QIcon]],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("moveDealsDialog")
        self.setWindowTitle(self.tr("Remove stage “%1”").replace("%1", stage.name))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        text = QLabel(
            (
                self.tr("“%1” holds 1 deal. Move it to:")
                if stage.deals == 1
                else self.tr("“%1” holds %n deals. Move them to:", "", stage.deals)
            ).replace("%1", stage.name),
            self,
        )
        text.setObjectName("message")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        self.message = text
        self.target = QComboBox(self)
        self.target.setObjectName("target")
        for stage_id, name, swatch_icon in targets:
            self.target.addItem(swatch_icon, name, stage_id)
        note = QLabel(
            self.tr(
                "Each move is written to the deal's stage history. Nothing changes until you "
                "save the settings."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        ok.setObjectName("ok")
        ok.setText(self.tr("Move and remove"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Stage:"), self.target)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        target = self.target.currentData()
        super().accept()
        if target is not None:
            self.chosen.emit(int(target))


# ------------------------------------------------------------------ saving


@dataclass
class _Plan:
    reasons: list[ReferenceItem] | None
    deletions: list[int]
    edits: list[tuple[int, PipelineEdit]]  # (state key, edit)
    known_ids: dict[int, int]  # state key -> id, for pipelines saved before
    archive: list[tuple[int, bool]]  # (state key, archived)
    order: list[int] | None  # state keys


@dataclass
class _Outcome:
    reasons: list[ReferenceItem] | None = None
    deleted: list[int] = field(default_factory=list)
    saved: dict[int, PipelineView] = field(default_factory=dict)
    archived: list[int] = field(default_factory=list)  # state keys done
    ordered: bool = False
    error: UserError | None = None
    failed_key: int | None = None  # the pipeline whose save failed
    failed_step: str = ""  # "reasons", "delete", "pipeline", "archive", "order"
    pipelines: list[PipelineView] = field(default_factory=list)
    active_reasons: list[ReferenceItem] = field(default_factory=list)


def _apply_plan(ws: Workspace, plan: _Plan) -> _Outcome:
    """Runs on the writer: each step its own transaction; a user error stops the rest."""
    out = _Outcome()
    try:
        out.failed_step = "reasons"
        if plan.reasons is not None:
            out.reasons = deals.save_loss_reasons(ws, plan.reasons)
        out.failed_step = "delete"
        for pipeline_id in plan.deletions:
            deals.delete_pipeline(ws, pipeline_id)
            out.deleted.append(pipeline_id)
        out.failed_step = "pipeline"
        for key, edit in plan.edits:
            out.failed_key = key
            out.saved[key] = deals.save_pipeline(ws, edit)
        out.failed_key = None
        ids = {**plan.known_ids, **{k: v.id for k, v in out.saved.items()}}
        out.failed_step = "archive"
        for key, archived in plan.archive:
            deals.set_pipeline_archived(ws, ids[key], archived)
            out.archived.append(key)
        out.failed_step = "order"
        if plan.order is not None:
            deals.reorder_pipelines(ws, [ids[k] for k in plan.order if k in ids])
            out.ordered = True
        out.failed_step = ""
    except UserError as exc:
        out.error = exc
    out.pipelines = deals.list_pipelines(ws, include_archived=True)
    out.active_reasons = deals.list_loss_reasons(ws)
    return out


# ------------------------------------------------------------------ the dialog


class PipelineSettingsDialog(EditorDialog):
    """Pipelines with their stages, and the loss reasons."""

    saved = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, pipeline_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._wanted = pipeline_id
        self._keys = itertools.count(1)
        self._loaded_order: list[int] = []
        self._deleted: list[int] = []  # ids of saved pipelines removed from the list
        self._saved_reasons: list[tuple[int | None, str]] = []
        self._ready = False
        self._writing = False
        self._filling = False
        self.stage: StageRow | None = None
        self.color_dialog: QColorDialog | None = None
        self.move_dialog: MoveDealsDialog | None = None
        self.jobs = DialogJobs(ctx, self)
        self.setWindowTitle(self.tr("Pipelines and stages"))
        self.setWindowIcon(icon("deals"))
        form = self.form = setup_form(self, "pipeline_settings.ui", "pipelineSettings")
        self.tabs = _child(form, QTabWidget, "tabs")
        self.pipelines_view = _child(form, QListView, "pipelines")
        self.add_pipeline = _child(form, QPushButton, "add_pipeline")
        self.archive_pipeline = _child(form, QPushButton, "archive_pipeline")
        self.delete_pipeline = _child(form, QPushButton, "delete_pipeline")
        self.pipeline_box = _child(form, QWidget, "pipeline_box")
        self.pipeline_name = _child(form, QLineEdit, "pipeline_name")
        self.stages_view = _child(form, QListView, "stages")
        self.add_stage = _child(form, QPushButton, "add_stage")
        self.remove_stage = _child(form, QPushButton, "remove_stage")
        self.stage_box = _child(form, QWidget, "stage_box")
        self.stage_name = _child(form, QLineEdit, "stage_name")
        self.stage_kind = _child(form, QComboBox, "stage_kind")
        self.stage_kind_hint = _child(form, QLabel, "stage_kind_hint")
        self.stage_probability = _child(form, QSpinBox, "stage_probability")
        self.stage_color = _child(form, QToolButton, "stage_color")
        self.stage_color_reset = _child(form, QToolButton, "stage_color_reset")
        self.reasons_view = _child(form, QListView, "reasons")
        self.add_reason = _child(form, QPushButton, "add_reason")
        self.rename_reason = _child(form, QPushButton, "rename_reason")
        self.remove_reason = _child(form, QPushButton, "remove_reason")
        self.errors = FieldErrors(form)
        for hint_name in ("pipelines_hint", "reasons_hint"):
            _child(form, QLabel, hint_name).setStyleSheet("color: palette(placeholder-text);")
        self.stage_kind_hint.setStyleSheet("color: palette(placeholder-text);")

        self.pipelines_model = PipelinesModel(self)
        self.stages_model = StagesModel(self)
        self.reasons_model = ReasonsModel(self)
        self.pipelines_view.setModel(self.pipelines_model)
        self.stages_view.setModel(self.stages_model)
        self.reasons_view.setModel(self.reasons_model)
        for view in (self.pipelines_view, self.stages_view, self.reasons_view):
            _setup_drag_list(view)
        self.pipelines_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stages_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reasons_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.stages_view.setItemDelegate(StageDelegate(self.stages_view))
        self.pipelines_view.setItemDelegate(RoomyDelegate(self.pipelines_view))
        self.reasons_view.setItemDelegate(RoomyDelegate(self.reasons_view))
        self.stages_view.setUniformItemSizes(True)
        self.stages_view.setMinimumHeight(200)
        self.pipelines_view.setMinimumWidth(200)
        tab_layout = _child(form, QWidget, "pipelines_tab").layout()
        if isinstance(tab_layout, QHBoxLayout):  # the stages need the room
            tab_layout.setStretch(0, 2)
            tab_layout.setStretch(1, 5)
        for kind, text in kind_labels():
            self.stage_kind.addItem(text, kind.value)
        self.stage_color.setIconSize(QSize(36, 16))
        self.stage_color.setMinimumWidth(56)
        self.add_pipeline.setIcon(icon("create"))
        self.delete_pipeline.setIcon(icon("delete"))
        self.add_stage.setIcon(icon("create"))
        self.remove_stage.setIcon(icon("delete"))
        self.add_reason.setIcon(icon("create"))
        self.rename_reason.setIcon(icon("edit"))
        self.remove_reason.setIcon(icon("delete"))

        self.banner = Banner(self)
        bar = SaveBar(self, self.save)
        self.buttons, self.busy_label = bar.buttons, bar.busy_label
        self.save_button, self.cancel_button = bar.save_button, bar.cancel_button
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(form, 1)
        layout.addLayout(bar.layout)

        pipelines_selection = self.pipelines_view.selectionModel()
        stages_selection = self.stages_view.selectionModel()
        reasons_selection = self.reasons_view.selectionModel()
        assert pipelines_selection and stages_selection and reasons_selection
        pipelines_selection.currentChanged.connect(self._pipeline_selected)
        stages_selection.currentChanged.connect(self._stage_selected)
        reasons_selection.currentChanged.connect(self._update_buttons)
        self.stages_model.reordered.connect(self._stages_reordered)
        self.reasons_model.edited.connect(lambda _row: self.errors.clear("reasons"))
        self.reasons_model.reordered.connect(lambda: self.errors.clear("reasons"))
        self.stages_view.doubleClicked.connect(self._focus_stage_name)
        self.add_pipeline.clicked.connect(self._add_pipeline)
        self.archive_pipeline.clicked.connect(self._toggle_archived)
        self.delete_pipeline.clicked.connect(self._delete_pipeline)
        self.pipeline_name.textEdited.connect(self._pipeline_renamed)
        self.add_stage.clicked.connect(self._add_stage)
        self.remove_stage.clicked.connect(self._remove_stage)
        self.stage_name.textEdited.connect(self._stage_renamed)
        self.stage_kind.currentIndexChanged.connect(self._stage_kind_changed)
        self.stage_probability.valueChanged.connect(self._stage_probability_changed)
        self.stage_color.clicked.connect(self._choose_color)
        self.stage_color_reset.clicked.connect(lambda: self._set_color(None))
        self.add_reason.clicked.connect(self._add_reason)
        self.rename_reason.clicked.connect(self._rename_reason)
        self.remove_reason.clicked.connect(self._remove_reason)
        self.resize(900, 620)
        self._update_buttons()

    # ------------------------------------------------------------ loading

    def load(self) -> None:
        ws = self.ctx.ws
        self.form.setEnabled(False)
        self.busy_label.setText(self.tr("Loading…"))
        self.save_button.setEnabled(False)
        self.jobs.run(
            lambda _p: (
                deals.list_pipelines(ws, include_archived=True),
                deals.list_loss_reasons(ws),
            ),
            lambda result: self._loaded(*result),
            write=False,
            on_failure=self._load_failed,
        )

    def _loaded(self, pipelines: list[PipelineView], reasons: list[ReferenceItem]) -> None:
        self._show_pipelines(pipelines, select=self._wanted)
        self._show_reasons(reasons)
        self._ready = True
        self.form.setEnabled(True)
        self.busy_label.clear()
        self.save_button.setEnabled(True)
        self._update_buttons()

    def _load_failed(self, exc: BaseException, details: str) -> None:
        self.ctx.show_error(exc, details)
        self._ready = False
        self.done(QDialog.DialogCode.Rejected)

    def _show_pipelines(self, pipelines: list[PipelineView], *, select: int | None) -> None:
        states = [PipelineState.of(next(self._keys), p) for p in pipelines]
        self._loaded_order = [s.key for s in states]
        self._deleted = []
        self.pipelines_model.set_rows(states)
        chosen = next((s for s in states if s.id == select), None) or next(
            (s for s in states if not s.archived), states[0] if states else None
        )
        if chosen is not None:
            self.pipelines_view.setCurrentIndex(self.pipelines_model.index_of(chosen))
        else:
            self._pipeline_selected(QModelIndex())

    def _show_reasons(self, reasons: list[ReferenceItem]) -> None:
        rows = [ReasonRow(r.id, r.name) for r in reasons if r.is_active]
        self._saved_reasons = [(r.id, r.name) for r in rows]
        self.reasons_model.set_rows(rows)

    # ------------------------------------------------------------ pipelines

    def current_pipeline(self) -> PipelineState | None:
        return self.pipelines_model.row_at(self.pipelines_view.currentIndex())

    @Slot(QModelIndex, QModelIndex)
    def _pipeline_selected(
        self, current: QModelIndex, _previous: QModelIndex | None = None
    ) -> None:
        state = self.pipelines_model.row_at(current)
        self.errors.clear("name")
        self.errors.clear("stages")
        self._filling = True
        self.pipeline_name.setText(state.name if state else "")
        self._filling = False
        self.stages_model.set_rows(state.stages if state else [])
        self.pipeline_box.setEnabled(state is not None)
        if state is not None and state.stages:
            self.stages_view.setCurrentIndex(self.stages_model.index(0, 0))
        else:
            self._stage_selected(QModelIndex())
        self._update_buttons()

    @Slot(str)
    def _pipeline_renamed(self, text: str) -> None:
        state = self.current_pipeline()
        if state is None:
            return
        state.name = text
        self.errors.clear("name")
        self.pipelines_model.refresh(state)

    @Slot()
    def _add_pipeline(self) -> None:
        stages = [
            StageRow(None, self.tr("New lead"), StageKind.OPEN, 10, None),
            StageRow(None, self.tr("Proposal"), StageKind.OPEN, 40, None),
            StageRow(None, self.tr("Negotiation"), StageKind.OPEN, 70, None),
            StageRow(None, self.tr("Won"), StageKind.WON, 100, None),
            StageRow(None, self.tr("Lost"), StageKind.LOST, 0, None),
        ]
        taken = {fold(s.name) for s in self.pipelines_model.rows()}
        name = self.tr("New pipeline")
        for n in itertools.count(2):
            if fold(name) not in taken:
                break
            name = self.tr("New pipeline %1").replace("%1", str(n))
        state = PipelineState(next(self._keys), None, name, None, False, stages)
        index = self.pipelines_model.insert(len(self.pipelines_model.rows()), state)
        self.pipelines_view.setCurrentIndex(index)
        self.pipeline_name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.pipeline_name.selectAll()

    @Slot()
    def _toggle_archived(self) -> None:
        state = self.current_pipeline()
        if state is None:
            return
        state.archived = not state.archived
        self.pipelines_model.refresh(state)
        self._update_buttons()

    @Slot()
    def _delete_pipeline(self) -> None:
        state = self.current_pipeline()
        if state is None or state.deal_count():
            return
        if state.id is not None and not self.ctx.dialogs.confirm(
            self,
            self.windowTitle(),
            self.tr("Delete the pipeline “%1” with its stages?").replace("%1", state.name),
        ):
            return
        if state.id is not None:
            self._deleted.append(state.id)
        row = self.pipelines_view.currentIndex().row()
        self.pipelines_model.remove(state)
        rows = self.pipelines_model.rowCount()
        if rows:
            self.pipelines_view.setCurrentIndex(self.pipelines_model.index(min(row, rows - 1), 0))
        else:
            self._pipeline_selected(QModelIndex())

    # ------------------------------------------------------------ stages

    @Slot(QModelIndex, QModelIndex)
    def _stage_selected(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        self.stage = self.stages_model.row_at(current)
        row = self.stage
        self._filling = True
        self.stage_name.setText(row.name if row else "")
        self.stage_kind.setCurrentIndex(self.stage_kind.findData(row.kind.value) if row else 0)
        self.stage_probability.setValue(row.probability if row else 0)
        self._filling = False
        self.stage_box.setEnabled(row is not None)
        self._show_color()
        locked = row is not None and row.id is not None and row.deals > 0
        self.stage_kind.setEnabled(not locked)
        self.stage_kind_hint.setText(self.tr("has deals: type kept") if locked else "")
        self.stage_kind.setToolTip(
            self.tr(
                "This stage holds deals, so its type cannot change: won and lost deals carry "
                "an outcome, open ones do not"
            )
            if locked
            else self.tr("Open stages make the funnel; a won or lost stage closes the deal")
        )
        self._update_buttons()

    def _show_color(self) -> None:
        row = self.stage
        if row is None:
            self.stage_color.setIcon(QIcon())
            return
        color = self.stages_model.effective_color(row)
        pixmap = QPixmap(36, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setPen(color.darker(140))
        painter.setBrush(color)
        painter.drawRoundedRect(0, 0, 35, 15, 3, 3)
        painter.end()
        self.stage_color.setIcon(QIcon(pixmap))
        self.stage_color.setText(row.color or "")
        self.stage_color_reset.setEnabled(row.color is not None)

    def _stage_changed(self, row: StageRow) -> None:
        self.errors.clear("stages")
        self.stages_model.refresh(row)

    @Slot()
    def _focus_stage_name(self) -> None:
        self.stage_name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.stage_name.selectAll()

    @Slot(str)
    def _stage_renamed(self, text: str) -> None:
        if self.stage is not None and not self._filling:
            self.stage.name = text
            self._stage_changed(self.stage)

    @Slot(int)
    def _stage_kind_changed(self, _index: int) -> None:
        row = self.stage
        if row is None or self._filling:
            return
        row.kind = StageKind(self.stage_kind.currentData())
        if row.kind is StageKind.WON:
            self.stage_probability.setValue(100)
        elif row.kind is StageKind.LOST:
            self.stage_probability.setValue(0)
        self._stage_changed(row)
        for other in self.stages_model.rows():  # default colours follow the open stages
            self.stages_model.refresh(other)
        self._show_color()

    @Slot(int)
    def _stage_probability_changed(self, value: int) -> None:
        if self.stage is not None and not self._filling:
            self.stage.probability = value
            self._stage_changed(self.stage)

    @Slot()
    def _stages_reordered(self) -> None:
        self.errors.clear("stages")
        self._show_color()

    @Slot()
    def _choose_color(self) -> None:
        row = self.stage
        if row is None:
            return
        dialog = QColorDialog(self.stages_model.effective_color(row), self)
        dialog.setObjectName("stageColorDialog")
        dialog.setWindowTitle(self.tr("Colour of “%1”").replace("%1", row.name))
        dialog.setOption(QColorDialog.ColorDialogOption.DontUseNativeDialog, True)
        dialog.colorSelected.connect(lambda color: self._set_color(color.name(), row))
        dialog.finished.connect(dialog.deleteLater)
        self.color_dialog = dialog
        dialog.open()

    def _set_color(self, color: str | None, row: StageRow | None = None) -> None:
        row = row or self.stage
        if row is None:
            return
        row.color = color
        self._stage_changed(row)
        if row is self.stage:
            self._show_color()

    @Slot()
    def _add_stage(self) -> None:
        state = self.current_pipeline()
        if state is None:
            return
        rows = state.stages
        current = self.stage
        if current is not None and current.kind is StageKind.OPEN:
            position = rows.index(current) + 1
        else:  # after the last open stage, before won and lost
            opens = [i for i, r in enumerate(rows) if r.kind is StageKind.OPEN]
            position = opens[-1] + 1 if opens else 0
        before = rows[position - 1].probability if position > 0 else 0
        following = rows[position] if position < len(rows) else None
        after = following.probability if following and following.kind is StageKind.OPEN else 100
        probability = (before + after) // 2  # between its neighbours in the funnel
        taken = {fold(r.name) for r in rows}
        name = self.tr("New stage")
        for n in itertools.count(2):
            if fold(name) not in taken:
                break
            name = self.tr("New stage %1").replace("%1", str(n))
        row = StageRow(None, name, StageKind.OPEN, min(max(probability, 0), 100), None)
        index = self.stages_model.insert(position, row)
        self.stages_view.setCurrentIndex(index)
        self.errors.clear("stages")
        self._focus_stage_name()

    @Slot()
    def _remove_stage(self) -> None:
        state, row = self.current_pipeline(), self.stage
        if state is None or row is None:
            return
        if row.id is None or row.deals == 0:
            self._drop_stage(state, row, None)
            return
        targets = [
            (s.id, s.name, color_icon(self.stages_model.effective_color(s), 14))
            for s in state.stages
            if s is not row and s.id is not None and s.kind is row.kind
        ]
        if not targets:
            self.ctx.dialogs.info(
                self,
                self.windowTitle(),
                self.tr(
                    "“%1” holds deals, and they can only move to another %2 stage that is "
                    "already saved. Add one, save, and then remove this stage."
                )
                .replace("%1", row.name)
                .replace("%2", kind_label(row.kind).lower()),
            )
            return
        dialog = MoveDealsDialog(self, row, targets)
        dialog.chosen.connect(lambda target: self._drop_stage(state, row, target))
        dialog.finished.connect(dialog.deleteLater)
        self.move_dialog = dialog
        dialog.open()

    def _drop_stage(self, state: PipelineState, row: StageRow, target_id: int | None) -> None:
        position = state.stages.index(row) if row in state.stages else 0
        if row.id is not None:
            state.removed[row.id] = row.kind
            if target_id is not None:
                state.moves[row.id] = target_id
                for removed_id, target in list(state.moves.items()):
                    if target == row.id:  # deals that were to come here go on
                        state.moves[removed_id] = target_id
                target = next((s for s in state.stages if s.id == target_id), None)
                if target is not None:
                    target.moved_in += row.deals
                    self.stages_model.refresh(target)
        if state is self.current_pipeline():
            self.stages_model.remove(row)
        else:
            state.stages.remove(row)
        self.errors.clear("stages")
        rows = self.stages_model.rowCount()
        if rows:
            self.stages_view.setCurrentIndex(self.stages_model.index(min(position, rows - 1), 0))
        else:
            self._stage_selected(QModelIndex())

    # ------------------------------------------------------------ loss reasons

    def current_reason(self) -> ReasonRow | None:
        return self.reasons_model.row_at(self.reasons_view.currentIndex())

    @Slot()
    def _add_reason(self) -> None:
        taken = {fold(r.name) for r in self.reasons_model.rows()}
        name = self.tr("New reason")
        for n in itertools.count(2):
            if fold(name) not in taken:
                break
            name = self.tr("New reason %1").replace("%1", str(n))
        index = self.reasons_model.insert(len(self.reasons_model.rows()), ReasonRow(None, name))
        self.reasons_view.setCurrentIndex(index)
        self.reasons_view.edit(index)
        self.errors.clear("reasons")

    @Slot()
    def _rename_reason(self) -> None:
        index = self.reasons_view.currentIndex()
        if index.isValid():
            self.reasons_view.edit(index)

    @Slot()
    def _remove_reason(self) -> None:
        row = self.current_reason()
        if row is None:
            return
        position = self.reasons_view.currentIndex().row()
        self.reasons_model.remove(row)
        self.errors.clear("reasons")
        count = self.reasons_model.rowCount()
        if count:
            self.reasons_view.setCurrentIndex(self.reasons_model.index(min(position, count - 1), 0))
        self._update_buttons()

    # ------------------------------------------------------------ buttons

    @Slot()
    def _update_buttons(self) -> None:
        state = self.current_pipeline()
        self.archive_pipeline.setEnabled(state is not None)
        self.archive_pipeline.setText(
            self.tr("Restore") if state is not None and state.archived else self.tr("Archive")
        )
        self.archive_pipeline.setToolTip(
            self.tr("Put the pipeline back on the board")
            if state is not None and state.archived
            else self.tr("Take the pipeline off the board; its deals are kept")
        )
        deletable = state is not None and state.deal_count() == 0
        self.delete_pipeline.setEnabled(deletable)
        self.delete_pipeline.setToolTip(
            self.tr("Delete the pipeline (only one that holds no deals)")
            if deletable or state is None
            else self.tr("This pipeline holds deals: archive it instead")
        )
        self.remove_stage.setEnabled(self.stage is not None)
        has_reason = self.current_reason() is not None
        self.rename_reason.setEnabled(has_reason)
        self.remove_reason.setEnabled(has_reason)

    # ------------------------------------------------------------ saving

    def _reasons_changed(self) -> bool:
        return [(r.id, r.name) for r in self.reasons_model.rows()] != self._saved_reasons

    def _order(self) -> list[int]:
        return [s.key for s in self.pipelines_model.rows()]

    def _order_changed(self) -> bool:
        deleted_keys = {
            k for k in self._loaded_order if k not in {s.key for s in self.pipelines_model.rows()}
        }
        before = [k for k in self._loaded_order if k not in deleted_keys]
        new = [s.key for s in self.pipelines_model.rows() if s.key not in self._loaded_order]
        return self._order() != before + new

    def is_dirty(self) -> bool:
        states = self.pipelines_model.rows()
        return self._ready and (
            bool(self._deleted)
            or any(s.changed() or s.archived != s.saved_archived for s in states)
            or self._order_changed()
            or self._reasons_changed()
        )

    def validate(self) -> tuple[str, str, PipelineState | None] | None:
        """The first problem: (field, message, pipeline) — checked here, said in the user's
        language; the service checks the same rules again."""
        names: set[str] = set()
        for state in self.pipelines_model.rows():
            name = fold(state.name)
            if not name:
                return "name", self.tr("Enter the pipeline's name."), state
            if name in names:
                return (
                    "name",
                    self.tr("Two pipelines are called “%1”; give them different names.").replace(
                        "%1", state.name.strip()
                    ),
                    state,
                )
            names.add(name)
            stage_names: set[str] = set()
            for row in state.stages:
                if not fold(row.name):
                    return "stages", self.tr("Every stage needs a name."), state
                if fold(row.name) in stage_names:
                    return (
                        "stages",
                        self.tr("Two stages are called “%1”; give them different names.").replace(
                            "%1", row.name.strip()
                        ),
                        state,
                    )
                stage_names.add(fold(row.name))
            kinds = {row.kind for row in state.stages}
            for kind, message in (
                (StageKind.OPEN, self.tr("A pipeline needs at least one open stage.")),
                (StageKind.WON, self.tr("A pipeline needs a won stage.")),
                (StageKind.LOST, self.tr("A pipeline needs a lost stage.")),
            ):
                if kind not in kinds:
                    return "stages", message, state
        seen: set[str] = set()
        for reason in self.reasons_model.rows():
            key = fold(reason.name)
            if not key:
                return "reasons", self.tr("Every loss reason needs a name."), None
            if key in seen:
                return (
                    "reasons",
                    self.tr("“%1” is in the list twice.").replace("%1", reason.name),
                    None,
                )
            seen.add(key)
        return None

    def _show_problem(self, field_name: str, message: str, state: PipelineState | None) -> None:
        if field_name == "reasons":
            self.tabs.setCurrentIndex(1)
            self.errors.show("reasons", message)
            self.reasons_view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.tabs.setCurrentIndex(0)
        if state is not None and state is not self.current_pipeline():
            self.pipelines_view.setCurrentIndex(self.pipelines_model.index_of(state))
        if field_name in self.errors.labels and self.errors.show(field_name, message):
            focus = self.pipeline_name if field_name == "name" else self.stages_view
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.banner.show_message(message)

    @Slot()
    def save(self) -> None:
        if self._writing or not self._ready:
            return
        self.errors.clear_all()
        self.banner.dismiss()
        problem = self.validate()
        if problem is not None:
            self._show_problem(*problem)
            return
        if not self.is_dirty():
            self.done(QDialog.DialogCode.Accepted)
            return
        states = self.pipelines_model.rows()
        plan = _Plan(
            reasons=[
                ReferenceItem(r.id, " ".join(r.name.split())) for r in self.reasons_model.rows()
            ]
            if self._reasons_changed()
            else None,
            deletions=list(self._deleted),
            edits=[(s.key, s.edit()) for s in states if s.changed()],
            known_ids={s.key: s.id for s in states if s.id is not None},
            archive=[(s.key, s.archived) for s in states if s.archived != s.saved_archived],
            order=self._order() if self._order_changed() else None,
        )
        ws = self.ctx.ws
        self._writing = True
        self.busy_label.setText(self.tr("Saving…"))
        self.save_button.setEnabled(False)
        self.form.setEnabled(False)
        self.jobs.run(
            lambda _p: _apply_plan(ws, plan),
            lambda out: self._saved(plan, out),
            write=True,
            on_failure=self._save_failed,
        )

    def _changes(self, plan: _Plan, out: _Outcome) -> Changes:
        ids = {v.id for v in out.saved.values()} | set(out.deleted)
        ids |= {plan.known_ids[k] for k in out.archived if k in plan.known_ids}
        kinds = [EntityKind.PIPELINE, EntityKind.STAGE]
        if any(edit.moves for key, edit in plan.edits if key in out.saved):
            kinds.append(EntityKind.DEAL)  # deals moved out of removed stages
        return Changes.of(*((EntityKind.PIPELINE, i) for i in sorted(ids)), kinds=tuple(kinds))

    def _saved(self, plan: _Plan, out: _Outcome) -> None:
        self._writing = False
        self.busy_label.clear()
        self.save_button.setEnabled(True)
        self.form.setEnabled(True)
        wrote = bool(
            out.reasons is not None or out.deleted or out.saved or out.archived or out.ordered
        )
        if wrote:
            self.ctx.notify(self._changes(plan, out))
        if out.error is None:
            self.saved.emit()
            self._ready = False  # nothing left to ask about
            self.done(QDialog.DialogCode.Accepted)
            return
        # a step failed: what was written before it is now the starting point
        if out.reasons is not None:
            self._show_reasons(out.reasons)
        self._deleted = [i for i in self._deleted if i not in out.deleted]
        by_key = {s.key: s for s in self.pipelines_model.rows()}
        for key, view in out.saved.items():
            state = by_key[key]
            state.apply(view)
            self.pipelines_model.refresh(state)
        for key in out.archived:
            by_key[key].saved_archived = by_key[key].archived
        if out.ordered:
            self._loaded_order = self._order()
        current = self.current_pipeline()
        if current is not None and current.key in out.saved:
            self._pipeline_selected(self.pipelines_view.currentIndex())
        self._report(out)

    def _report(self, out: _Outcome) -> None:
        exc = out.error
        assert exc is not None
        state = next((s for s in self.pipelines_model.rows() if s.key == out.failed_key), None)
        if isinstance(exc, ConcurrentEditError):
            self._show_problem(
                "",
                self.tr(
                    "Someone else changed the pipeline “%1” after you opened these settings, so "
                    "it was not saved. Close this window and open the settings again to see the "
                    "current stages."
                ).replace("%1", state.name if state else ""),
                state,
            )
            return
        field_name = exc.field if isinstance(exc, ValidationError) else None
        if out.failed_step == "reasons":
            self._show_problem("reasons", exc.message, None)
        elif out.failed_step == "pipeline" and field_name in ("name", "stages", "moves"):
            self._show_problem("name" if field_name == "name" else "stages", exc.message, state)
        else:
            self._show_problem("", exc.message, state)

    def _save_failed(self, exc: BaseException, details: str) -> None:
        self._writing = False
        self.busy_label.clear()
        self.save_button.setEnabled(True)
        self.form.setEnabled(True)
        self.ctx.show_error(exc, details)

    # ------------------------------------------------------------ closing

    def discard_question(self) -> str:
        return self.tr("Close without saving? Your changes to the pipelines will be lost.")


def open_pipeline_settings(
    ctx: AppContext, parent: QWidget | None, pipeline_id: int | None = None
) -> None:
    """Open the pipeline settings, `pipeline_id` (or the first pipeline) selected."""
    dialog = PipelineSettingsDialog(ctx, parent, pipeline_id)
    dialog.load()
    dialog.open()


__all__ = [
    "MoveDealsDialog",
    "PipelineSettingsDialog",
    "PipelinesModel",
    "ReasonsModel",
    "ReorderableListModel",
    "StagesModel",
    "open_pipeline_settings",
]
