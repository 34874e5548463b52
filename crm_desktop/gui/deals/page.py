"""The deals page: the pipeline, the filters, the board (or the list) and the toolbar.

Moving a deal. A drop (or Ctrl+Left/Right) asks ``request_move``: into a won stage the
won dialog asks for the final amount and date, into a lost stage the lost dialog for
the reason; then the card moves at once on screen (optimistic: the stage's default
probability, 0 days in the stage) and ``deals.move_deal`` saves it on the writer
thread. The saved card replaces the optimistic one; a refusal (someone changed the deal
meanwhile, a rule) is explained and the board is read again. Moves of one deal made
before the previous one is saved are sent with the version that one produced — the
writer runs them in order — so quick keyboard moves do not refuse each other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from PySide6.QtCore import QDate, QPoint, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind, StageKind
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.deals.board import BoardView, DealsModel, money_text
from crm_desktop.gui.deals.close_dialogs import LostDialog, WonDialog
from crm_desktop.gui.deals.list_view import DealsTable
from crm_desktop.gui.pages import Page
from crm_desktop.gui.resources import icon
from crm_desktop.services import deals
from crm_desktop.services.deals import (
    Board,
    CompetitorView,
    DealCard,
    DealFilter,
    LostOutcome,
    PipelineView,
    ReferenceItem,
    StageView,
    WonOutcome,
)

PIPELINE_KEY = "deals/pipeline"
VIEW_KEY = "deals/view"
TYPING_DELAY_MS = 350
MAX_AMOUNT = 1e13
_BOARD_KINDS = frozenset(
    {
        EntityKind.DEAL,
        EntityKind.ORGANIZATION,
        EntityKind.PERSON,
        EntityKind.ACTIVITY,
        EntityKind.USER,
    }
)
_PIPELINE_KINDS = frozenset({EntityKind.PIPELINE, EntityKind.STAGE})


# ------------------------------------------------------------------ filters


class ClosePeriod:
    ANY, OVERDUE, THIS_MONTH, NEXT_MONTH, THIS_QUARTER, THIS_YEAR, CUSTOM = range(7)


class ClosedPeriod:
    DAYS_30, DAYS_90, THIS_YEAR, ALL = range(4)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def close_range(period: int, today: date) -> tuple[date | None, date | None]:
    """The expected close dates a preset of the filter means (inclusive)."""
    if period == ClosePeriod.OVERDUE:
        return None, today - timedelta(days=1)
    if period == ClosePeriod.THIS_MONTH:
        return _month_start(today), _next_month(today) - timedelta(days=1)
    if period == ClosePeriod.NEXT_MONTH:
        start = _next_month(today)
        return start, _next_month(start) - timedelta(days=1)
    if period == ClosePeriod.THIS_QUARTER:
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = _next_month(_next_month(_next_month(start))) - timedelta(days=1)
        return start, end
    if period == ClosePeriod.THIS_YEAR:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    return None, None


def closed_since(period: int, today: date) -> date | None:
    if period == ClosedPeriod.DAYS_30:
        return today - timedelta(days=30)
    if period == ClosedPeriod.DAYS_90:
        return today - timedelta(days=90)
    if period == ClosedPeriod.THIS_YEAR:
        return date(today.year, 1, 1)
    return None


class DealFilterBar(QWidget):
    """Owner, organization, expected close, amount range, won/lost period; the text box
    (`search`) is placed by the page. Emits `filter_changed(DealFilter)`."""

    filter_changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from crm_desktop.gui.contacts.contact_fields import OrganizationPicker

        self.ctx = ctx
        self.setObjectName("dealFilterBar")
        self.today: Callable[[], date] = date.today
        self._current = DealFilter()
        self._values_requested = False

        self.search = QLineEdit(self)
        self.search.setObjectName("dealSearch")
        self.search.setPlaceholderText(self.tr("Find deals: title, client…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(220)

        picture = QLabel(self)
        picture.setPixmap(icon("filter").pixmap(QSize(16, 16)))
        self.owner = QComboBox(self)
        self.owner.setObjectName("dealOwnerFilter")
        self.owner.addItem(self.tr("All owners"), None)
        self.owner.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # room for "All owners" in any language: a crowded filter row must not clip it
        self.owner.setMinimumContentsLength(max(10, len(self.owner.itemText(0))))
        self.owner.setToolTip(self.tr("Only the deals of this manager"))

        self.organization = QLineEdit(self)
        self.organization.setObjectName("dealOrganizationFilter")
        self.organization.setPlaceholderText(self.tr("Any organization"))
        self.organization.setMinimumWidth(170)
        self.organization.setToolTip(self.tr("Only the deals of this organization"))
        self.picker = OrganizationPicker(ctx, self.organization)

        self.close = QComboBox(self)
        self.close.setObjectName("dealCloseFilter")
        for text, period in (
            (self.tr("Closing: any time"), ClosePeriod.ANY),
            (self.tr("Closing date passed"), ClosePeriod.OVERDUE),
            (self.tr("Closing this month"), ClosePeriod.THIS_MONTH),
            (self.tr("Closing next month"), ClosePeriod.NEXT_MONTH),
            (self.tr("Closing this quarter"), ClosePeriod.THIS_QUARTER),
            (self.tr("Closing this year"), ClosePeriod.THIS_YEAR),
            (self.tr("Closing between…"), ClosePeriod.CUSTOM),
        ):
            self.close.addItem(text, period)
        self.close.setToolTip(self.tr("The expected close date of the deals"))
        today = QDate.currentDate()
        self.close_from = self._date_edit("dealCloseFrom", today.addDays(-today.day() + 1))
        self.close_to = self._date_edit("dealCloseTo", today.addMonths(3))
        self.dash = QLabel("–", self)

        self.amount_label = QLabel(self.tr("Amount"), self)
        self.amount_min = self._amount("dealAmountMin", self.tr("from any"))
        self.amount_max = self._amount("dealAmountMax", self.tr("to any"))
        self.amount_label.setBuddy(self.amount_min)

        self.closed = QComboBox(self)
        self.closed.setObjectName("dealClosedFilter")
        for text, period in (
            (self.tr("Won/lost: last 30 days"), ClosedPeriod.DAYS_30),
            (self.tr("Won/lost: last 90 days"), ClosedPeriod.DAYS_90),
            (self.tr("Won/lost: this year"), ClosedPeriod.THIS_YEAR),
            (self.tr("Won/lost: all time"), ClosedPeriod.ALL),
        ):
            self.closed.addItem(text, period)
        self.closed.setToolTip(self.tr("Which closed deals the won and lost columns show"))

        self.reset_button = QPushButton(icon("undo"), self.tr("Reset"), self)
        self.reset_button.setObjectName("dealResetFilter")
        self.reset_button.setToolTip(self.tr("Show every deal of the pipeline again"))

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self._emit)
        self.search.textEdited.connect(self._typing.start)
        self.search.returnPressed.connect(self._emit)
        self.owner.currentIndexChanged.connect(self._emit)
        self.close.currentIndexChanged.connect(self._close_changed)
        self.close_from.dateChanged.connect(self._emit)
        self.close_to.dateChanged.connect(self._emit)
        self.closed.currentIndexChanged.connect(self._emit)
        for spin in (self.amount_min, self.amount_max):
            spin.valueChanged.connect(self._typing.start)
            spin.editingFinished.connect(self._emit)
        self.picker.chosen.connect(self._emit)
        self.organization.textChanged.connect(self._organization_text)
        self.reset_button.clicked.connect(self.reset)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(picture)
        layout.addWidget(self.owner)
        layout.addWidget(self.organization)
        layout.addWidget(self.close)
        layout.addWidget(self.close_from)
        layout.addWidget(self.dash)
        layout.addWidget(self.close_to)
        layout.addSpacing(6)
        layout.addWidget(self.amount_label)
        layout.addWidget(self.amount_min)
        layout.addWidget(QLabel("–", self))
        layout.addWidget(self.amount_max)
        layout.addSpacing(6)
        layout.addWidget(self.closed)
        layout.addStretch(1)
        layout.addWidget(self.reset_button)
        self._show_custom(False)
        self._update_buttons()
        ctx.changed.connect(self._on_changed)

    def _date_edit(self, name: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDate(value)
        return edit

    def _amount(self, name: str, special: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setObjectName(name)
        spin.setDecimals(0)
        spin.setRange(0, MAX_AMOUNT)
        spin.setGroupSeparatorShown(True)
        spin.setSpecialValueText(special)
        spin.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setFixedWidth(96)
        spin.setToolTip(self.tr("In the deal's own currency; empty: no limit"))
        return spin

    # --------------------------------------------------------- values

    def load_values(self) -> None:
        """Fill the owners from the base (in the background)."""
        self._values_requested = True
        ws = self.ctx.ws
        self.ctx.run(lambda _p: deals.users_for_assignment(ws), self._show_owners, write=False)

    def _show_owners(self, owners: list[tuple[int, str]]) -> None:
        chosen = self.owner.currentData()
        self.owner.blockSignals(True)
        while self.owner.count() > 1:
            self.owner.removeItem(1)
        for owner_id, name in owners:
            self.owner.addItem(name, owner_id)
        found = self.owner.findData(chosen) if chosen is not None else 0
        self.owner.setCurrentIndex(max(0, found))
        self.owner.blockSignals(False)
        if chosen is not None and found < 0:
            self._emit()

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        if self._values_requested and changes.touches(EntityKind.USER):
            self.load_values()

    # --------------------------------------------------------- filter

    def current_filter(self) -> DealFilter:
        today = self.today()
        period = self.close.currentData()
        if period == ClosePeriod.CUSTOM:
            start: date | None = self.close_from.date().toPython()
            end: date | None = self.close_to.date().toPython()
        else:
            start, end = close_range(int(period), today)
        owner = self.owner.currentData()
        low = round(self.amount_min.value() * 100) or None
        high = round(self.amount_max.value() * 100) or None
        organization = self.picker.organization_id if self.organization.text().strip() else None
        return DealFilter(
            owner_ids=(owner,) if isinstance(owner, int) else (),
            organization_id=organization,
            close_from=start,
            close_to=end,
            amount_min_minor=low,
            amount_max_minor=high,
            text=self.search.text().strip(),
            closed_since=closed_since(int(self.closed.currentData()), today),
        )

    def is_narrowed(self) -> bool:
        """True when some filter hides deals (the won/lost period does not count)."""
        flt = self.current_filter()
        return replace(flt, closed_since=None) != DealFilter()

    def reset(self) -> None:
        widgets = (self.owner, self.close, self.closed, self.amount_min, self.amount_max)
        for widget in widgets:
            widget.blockSignals(True)
        self.owner.setCurrentIndex(0)
        self.close.setCurrentIndex(0)
        self.amount_min.setValue(0)
        self.amount_max.setValue(0)
        for widget in widgets:
            widget.blockSignals(False)
        self.search.clear()
        self.picker.set_organization(None, "")
        self._show_custom(False)
        self._emit()

    def set_organization(self, organization_id: int | None, name: str) -> None:
        self.picker.set_organization(organization_id, name)
        self._emit()

    def _organization_text(self, text: str) -> None:
        if not text.strip():
            self.picker.organization_id = None
            self._emit()

    def _close_changed(self, _index: int) -> None:
        self._show_custom(self.close.currentData() == ClosePeriod.CUSTOM)
        self._emit()

    def _show_custom(self, on: bool) -> None:
        for widget in (self.close_from, self.dash, self.close_to):
            widget.setVisible(on)

    @Slot()
    def _emit(self, *_args: object) -> None:
        self._typing.stop()
        flt = self.current_filter()
        self._update_buttons()
        if flt != self._current:
            self._current = flt
            self.filter_changed.emit(flt)

    def _update_buttons(self) -> None:
        self.reset_button.setEnabled(self.is_narrowed())


# ------------------------------------------------------------------ the page


def moved_card(
    card: DealCard,
    stage: StageView,
    outcome: WonOutcome | LostOutcome | None,
    base_currency: str,
    now: datetime | None = None,
) -> DealCard:
    """How the card looks once moved (shown before the base confirms it)."""
    now = now or datetime.now(UTC)
    amount, base = card.amount_minor, card.amount_base_minor
    closed_at: datetime | None = None
    if isinstance(outcome, WonOutcome):
        rate = card.amount_base_minor / card.amount_minor if card.amount_minor else 1.0
        amount = outcome.amount_minor
        base = round(amount * rate) if card.currency != base_currency else amount
        closed_at = datetime.combine(outcome.closed_on, time(12)).astimezone(UTC)
    elif isinstance(outcome, LostOutcome):
        closed_at = now
    probability = stage.probability
    is_open = stage.kind is StageKind.OPEN
    return replace(
        card,
        stage_id=stage.id,
        stage_kind=stage.kind,
        amount_minor=amount,
        amount_base_minor=base,
        probability=probability,
        weighted_base_minor=(base * probability + 50) // 100,
        stage_entered_at=now,
        days_in_stage=0,
        closed_at=closed_at,
        is_overdue=card.is_overdue and is_open,
    )


class DealsPage(Page):
    """The sales funnel: a kanban board of a pipeline's deals, or the same deals as a list."""

    board_shown = Signal()  # a board read from the base is on screen
    move_saved = Signal(int)  # deal id: a move was saved and the card shows the saved state
    move_failed = Signal(int)  # deal id: a move was refused (the board is read again)
    dialog_opened = Signal(object)  # the won or lost dialog, once open

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = self.tr("Deals")
        self.icon_name = "deals"
        self.setObjectName("dealsPage")
        self.pipelines: list[PipelineView] = []
        self.active_dialog: WonDialog | LostDialog | None = None
        self._started = False
        self._loaded = False
        self._generation = 0
        self._pipelines_generation = 0
        self._dirty_board = False
        self._dirty_pipelines = False
        self._own_changes: list[Changes] = []
        self._pending: dict[int, int] = {}  # deal id -> moves not saved yet
        self._saved_versions: dict[int, int] = {}  # written by the writer thread
        self._versions_lock = threading.Lock()

        self.model = DealsModel(self)
        self.filter_bar = DealFilterBar(ctx, self)
        self.board = BoardView(self.model, self)
        self.table = DealsTable(self.model, self)
        self.empty = QLabel(self)
        self.empty.setObjectName("dealsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.board)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.pipeline_combo = QComboBox(self)
        self.pipeline_combo.setObjectName("pipelineCombo")
        self.pipeline_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.pipeline_combo.setMinimumContentsLength(12)
        self.pipeline_combo.setToolTip(self.tr("The pipeline the board shows"))
        pipeline_label = QLabel(self.tr("&Pipeline:"), self)
        pipeline_label.setBuddy(self.pipeline_combo)

        self._build_actions()
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("dealsToolbar")
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (self.new_deal_action, self.pipelines_action, self.competitors_action):
            self.toolbar.addAction(act)
        self.board_button = self._toggle_button(self.board_action, "boardViewButton")
        self.list_button = self._toggle_button(self.list_action, "listViewButton")

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(pipeline_label)
        top.addWidget(self.pipeline_combo)
        top.addSpacing(6)
        top.addWidget(self.board_button)
        top.addWidget(self.list_button)
        top.addSpacing(10)
        top.addWidget(self.filter_bar.search, 1)
        top.addStretch(0)
        top.addWidget(self.toolbar)

        self.status_label = QLabel(self.tr("Loading…"), self)
        self.status_label.setObjectName("dealTotals")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status_label)

        self.pipeline_combo.activated.connect(self._pipeline_chosen)
        self.filter_bar.filter_changed.connect(lambda _flt: self.reload())
        self.model.move_requested.connect(self.request_move)
        self.board.move_requested.connect(self.request_move)
        self.board.open_requested.connect(self.open_deal)
        self.table.open_requested.connect(self.open_deal)
        self.board.context_menu_requested.connect(self._show_menu)
        self.table.context_menu_requested.connect(self._show_menu)
        self.board.current_changed.connect(self._update_actions)
        self.table.current_changed.connect(self._update_actions)
        self.model.totals_changed.connect(self._show_totals)
        ctx.changed.connect(self._on_changed)
        self.table.restore_state(ctx.settings)
        self._set_view(str(ctx.settings.value(VIEW_KEY, "board")) == "list")
        self._update_actions()

    def _toggle_button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        return button

    # ------------------------------------------------------------ page

    def activate(self) -> None:
        if not self._started:
            self._started = True
            self.filter_bar.load_values()
            self.reload_pipelines()
        elif self._dirty_pipelines:
            self.reload_pipelines()
        elif self._dirty_board:
            self.reload()

    def is_ready(self) -> bool:
        return self._loaded

    def command(self, name: str) -> None:
        if name == "new_deal":
            self.new_deal()

    def save_state(self, settings: QSettings) -> None:
        pipeline = self.current_pipeline_id()
        if pipeline is not None:
            settings.setValue(PIPELINE_KEY, pipeline)
        settings.setValue(VIEW_KEY, "list" if self.showing_list() else "board")
        self.table.save_state(settings)

    # ---------------------------------------------------------- actions

    def _build_actions(self) -> None:
        self.board_action = self._action(self.tr("Board"), "deals", self.show_board)
        self.board_action.setCheckable(True)
        self.board_action.setToolTip(self.tr("The deals as a kanban board, a column per stage"))
        self.list_action = self._action(self.tr("List"), "view-list", self.show_list)
        self.list_action.setCheckable(True)
        self.list_action.setToolTip(self.tr("The same deals as a sortable list"))
        group = QActionGroup(self)
        group.setExclusive(True)
        group.addAction(self.board_action)
        group.addAction(self.list_action)
        self.new_deal_action = self._action(self.tr("&New deal…"), "new-deal", self.new_deal)
        self.new_deal_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.new_deal_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.new_deal_action)
        self.pipelines_action = self._action(
            self.tr("P&ipelines…"), "pipelines", self.open_pipelines
        )
        self.pipelines_action.setToolTip(self.tr("Pipelines and their stages"))
        self.competitors_action = self._action(
            self.tr("&Competitors…"), "competitors", self.open_competitors
        )
        self.competitors_action.setToolTip(self.tr("Competitors and the deals lost to them"))
        self.open_action = self._action(self.tr("&Open…"), "edit", self.open_current)
        self.trash_action = self._action(
            self.tr("Move to the &trash…"), "delete", self.trash_current
        )
        self.trash_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.trash_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.stack.addAction(self.trash_action)
        self.previous_stage_action = self._action(
            self.tr("Move to the &previous stage"), "move-left", lambda: self.step_current(-1)
        )
        self.previous_stage_action.setShortcut(QKeySequence("Ctrl+Left"))
        self.next_stage_action = self._action(
            self.tr("Move to the &next stage"), "move-right", lambda: self.step_current(1)
        )
        self.next_stage_action.setShortcut(QKeySequence("Ctrl+Right"))
        for act in (self.previous_stage_action, self.next_stage_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the views handle keys

    def _action(self, text: str, icon_name: str, slot: Callable[[], object]) -> QAction:
        act = QAction(icon(icon_name) if icon_name else QIcon(), text, self)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _update_actions(self, *_args: object) -> None:
        has_pipeline = self.current_pipeline_id() is not None
        current = self.current_deal()
        self.new_deal_action.setEnabled(has_pipeline)
        self.open_action.setEnabled(current is not None)
        self.trash_action.setEnabled(current is not None)
        self.previous_stage_action.setEnabled(current is not None)
        self.next_stage_action.setEnabled(current is not None)

    def context_menu(self, deal_id: int) -> QMenu:
        card = self.model.card(deal_id)
        menu = QMenu(self)
        menu.addAction(self.open_action)
        if card is not None:
            move_menu = menu.addMenu(icon("stage"), self.tr("&Move to"))
            for stage in self.model.stages():
                act = move_menu.addAction(stage.name)
                act.setEnabled(stage.id != card.stage_id)
                act.triggered.connect(partial(self.request_move, card.id, card.version, stage.id))
            menu.addAction(self.previous_stage_action)
            menu.addAction(self.next_stage_action)
            menu.addSeparator()
            if card.organization_id is not None:
                act = menu.addAction(icon("organization"), self.tr("Open the &organization"))
                act.triggered.connect(
                    partial(
                        self.ctx.open_record.emit, EntityKind.ORGANIZATION, card.organization_id
                    )
                )
            if card.person_id is not None:
                act = menu.addAction(icon("person"), self.tr("Open the p&erson"))
                act.triggered.connect(
                    partial(self.ctx.open_record.emit, EntityKind.PERSON, card.person_id)
                )
        menu.addSeparator()
        menu.addAction(self.trash_action)
        return menu

    def _show_menu(self, deal_id: int, pos: QPoint) -> None:
        self._update_actions()
        menu = self.context_menu(deal_id)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(pos)

    # ------------------------------------------------------------ views

    def showing_list(self) -> bool:
        return self.stack.currentWidget() is self.table

    def show_board(self) -> None:
        self._set_view(False)

    def show_list(self) -> None:
        self._set_view(True)

    def _set_view(self, as_list: bool) -> None:
        current = self.current_deal()
        self.list_action.setChecked(as_list)
        self.board_action.setChecked(not as_list)
        if self.stack.currentWidget() is self.empty:
            return
        self.stack.setCurrentWidget(self.table if as_list else self.board)
        if current is not None:
            if as_list:
                self.table.select_deal(current)
            else:
                self.board.select_deal(current, focus=False)

    def current_deal(self) -> int | None:
        if self.stack.currentWidget() is self.table:
            return self.table.current_deal()
        return self.board.current_deal()

    # -------------------------------------------------------- pipelines

    def current_pipeline_id(self) -> int | None:
        data = self.pipeline_combo.currentData()
        return data if isinstance(data, int) else None

    def _wanted_pipeline(self) -> int | None:
        wanted = self.current_pipeline_id()
        if wanted is None:
            saved = self.ctx.settings.value(PIPELINE_KEY)
            wanted = int(saved) if isinstance(saved, int | str) and str(saved).isdigit() else None
        return wanted

    def reload_pipelines(self) -> None:
        """Read the pipelines and, in the same job, the board of the one to show."""
        self._dirty_pipelines = False
        self._dirty_board = False
        self._pipelines_generation += 1
        self._generation += 1
        generation, board_generation = self._pipelines_generation, self._generation
        ws = self.ctx.ws
        wanted = self._wanted_pipeline()
        flt = self.filter_bar.current_filter()

        def op(_progress: object) -> tuple[list[PipelineView], Board | None]:
            items = deals.list_pipelines(ws)
            ids = [p.id for p in items]
            chosen = wanted if wanted in ids else (ids[0] if ids else None)
            return items, deals.load_board(ws, chosen, flt) if chosen is not None else None

        self.ctx.run(
            op,
            lambda result: self._show_pipelines(generation, board_generation, *result),
            write=False,
            on_failure=partial(self._load_failed, board_generation),
        )

    def _show_pipelines(
        self,
        generation: int,
        board_generation: int,
        items: list[PipelineView],
        board: Board | None,
    ) -> None:
        if generation != self._pipelines_generation:
            return
        self.pipelines = list(items)
        wanted = self._wanted_pipeline()
        self.pipeline_combo.blockSignals(True)
        self.pipeline_combo.clear()
        for pipeline in items:
            self.pipeline_combo.addItem(pipeline.name, pipeline.id)
        index = self.pipeline_combo.findData(wanted) if wanted is not None else -1
        self.pipeline_combo.setCurrentIndex(max(0, index) if items else -1)
        self.pipeline_combo.blockSignals(False)
        self.pipeline_combo.setEnabled(len(items) > 1)
        self._update_actions()
        if not items:
            self._show_empty()
            return
        if (
            board is not None
            and board.pipeline.id == self.current_pipeline_id()
            and board_generation == self._generation  # no filter or reload since
        ):
            self._show_board(board_generation, board)
        else:
            self.reload()

    def _pipeline_chosen(self, _index: int) -> None:
        pipeline = self.current_pipeline_id()
        if pipeline is not None:
            self.ctx.settings.setValue(PIPELINE_KEY, pipeline)
        self.reload()

    def select_pipeline(self, pipeline_id: int) -> None:
        index = self.pipeline_combo.findData(pipeline_id)
        if index >= 0 and index != self.pipeline_combo.currentIndex():
            self.pipeline_combo.setCurrentIndex(index)
            self._pipeline_chosen(index)

    def _show_empty(self) -> None:
        self.model.clear()
        self.empty.setText(
            self.tr(
                "<h3>No pipeline yet</h3><p>A pipeline is the way a deal goes from the first "
                "contact to a contract. Create one with its stages in <b>Pipelines…</b>.</p>"
            )
        )
        self.stack.setCurrentWidget(self.empty)
        self.status_label.setText("")
        self._loaded = True
        self.board_shown.emit()

    # ------------------------------------------------------------- board

    def reload(self) -> None:
        """Read the board of the chosen pipeline with the filter (in the background)."""
        pipeline = self.current_pipeline_id()
        if pipeline is None:
            return
        self._dirty_board = False
        self._generation += 1
        generation = self._generation
        ws = self.ctx.ws
        flt = self.filter_bar.current_filter()
        self.ctx.run(
            lambda _p: deals.load_board(ws, pipeline, flt),
            lambda board: self._show_board(generation, board),
            write=False,
            on_failure=partial(self._load_failed, generation),
        )

    def _load_failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation != self._generation:
            return
        self.ctx.show_error(exc, details)
        if not self._loaded:
            self._loaded = True
            self.status_label.setText(self.tr("The deals could not be read."))

    def _show_board(self, generation: int, board: Board) -> None:
        if generation != self._generation:
            return
        if self._pending and self._loaded:
            # read before our own moves were saved: it would put their cards back for a
            # moment; read again once they are saved
            self._dirty_board = True
            return
        locale = self.locale()
        self.model.locale = locale
        self.board.set_locale(locale)
        current = self.current_deal()
        self.model.set_board(board)
        if self.stack.currentWidget() is self.empty:
            self.stack.setCurrentWidget(self.table if self.list_action.isChecked() else self.board)
        if current is not None and self.model.card(current) is not None:
            if self.showing_list():
                self.table.select_deal(current)
            else:
                self.board.select_deal(current, focus=False)
        self._loaded = True
        self._update_actions()
        self._show_totals()
        self.board_shown.emit()

    def _show_totals(self) -> None:
        if self.model.board is None:
            return
        loc = self.locale()
        currency = self.model.base_currency
        count = total = weighted = 0
        for stage in self.model.stages():
            if stage.kind is StageKind.OPEN:
                totals = self.model.totals(stage.id)
                count += totals.count
                total += totals.sum_base_minor
                weighted += totals.weighted_base_minor
        text = (
            self.tr("Filtered: %1 open deals for %2, weighted %3")
            if self.filter_bar.is_narrowed()
            else self.tr("%1 open deals for %2, weighted %3")
        )
        self.status_label.setText(
            text.replace("%1", loc.toString(count))
            .replace("%2", money_text(loc, total, currency))
            .replace("%3", money_text(loc, weighted, currency))
        )

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        if any(changes is own for own in self._own_changes):
            self._own_changes = [c for c in self._own_changes if c is not changes]
            return
        if changes.kinds & _PIPELINE_KINDS:
            self._dirty_pipelines = True
        if changes.kinds & _BOARD_KINDS:
            self._dirty_board = True
        if not (self._dirty_pipelines or self._dirty_board) or not self._started:
            return
        if self.isVisible():
            if self._dirty_pipelines:
                self.reload_pipelines()
            else:
                self.reload()

    def _notify_own(self, changes: Changes) -> None:
        self._own_changes.append(changes)
        self.ctx.notify(changes)

    # ------------------------------------------------------------- moves

    def request_move(self, deal_id: int, version: int, to_stage_id: int) -> None:
        """Move a deal to a stage: won and lost stages ask for the outcome first."""
        card = self.model.card(deal_id)
        stage = self.model.stage(to_stage_id)
        if card is None or stage is None or card.stage_id == to_stage_id:
            return
        if self.active_dialog is not None and self.active_dialog.isVisible():
            return  # one closing at a time
        if stage.kind is StageKind.WON:
            dialog = WonDialog(card, self)
            self._open_dialog(dialog, card, stage)
        elif stage.kind is StageKind.LOST:
            ws = self.ctx.ws
            self.ctx.run(
                lambda _p: (deals.list_loss_reasons(ws), deals.list_competitors(ws)),
                lambda lists: self._ask_lost(card.id, stage.id, *lists),
                write=False,
            )
        else:
            self.commit_move(card, stage, None)

    def _ask_lost(
        self,
        deal_id: int,
        stage_id: int,
        reasons: list[ReferenceItem],
        competitors: list[CompetitorView],
    ) -> None:
        card = self.model.card(deal_id)
        stage = self.model.stage(stage_id)
        if card is None or stage is None or card.stage_id == stage_id:
            return
        self._open_dialog(LostDialog(self.ctx, card, reasons, competitors, self), card, stage)

    def _open_dialog(
        self, dialog: WonDialog | LostDialog, card: DealCard, stage: StageView
    ) -> None:
        self.active_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            current = self.model.card(card.id)
            if current is not None and current.stage_id != stage.id:
                self.commit_move(current, stage, dialog.outcome())

        def finished(_result: int) -> None:
            if self.active_dialog is dialog:
                self.active_dialog = None

        dialog.accepted.connect(accepted)
        dialog.finished.connect(finished)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def commit_move(
        self, card: DealCard, stage: StageView, outcome: WonOutcome | LostOutcome | None
    ) -> None:
        """Show the move at once, save it in the background."""
        had_focus = self.board.current_deal() == card.id
        self.model.update_card(moved_card(card, stage, outcome, self.model.base_currency))
        if had_focus and not self.showing_list():
            self.board.select_deal(card.id)
        self._pending[card.id] = self._pending.get(card.id, 0) + 1
        ws = self.ctx.ws
        deal_id, version, stage_id = card.id, card.version, stage.id
        from_stage_id = card.stage_id  # moved meanwhile by someone else: refused, goes back

        def op(_progress: object) -> DealCard:
            with self._versions_lock:
                expected = max(version, self._saved_versions.get(deal_id, 0))
            saved = deals.move_deal(
                ws,
                deal_id,
                stage_id,
                expected_version=expected,
                outcome=outcome,
                from_stage_id=from_stage_id,
            )
            with self._versions_lock:
                self._saved_versions[deal_id] = saved.version
            return saved

        # Started on the next turn of the event loop, after the columns have repainted:
        # run at once, the write would share the interpreter with the painting and both
        # would finish later. Moves keep their order (timers of one interval fire in turn).
        QTimer.singleShot(
            0,
            self,
            lambda: self.ctx.run(
                op,
                self._move_saved,
                write=True,
                on_failure=partial(self._move_refused, deal_id),
            ),
        )

    def _settle(self, deal_id: int) -> bool:
        """One move of the deal is over; True when it was the last one on its way."""
        left = self._pending.get(deal_id, 1) - 1
        if left > 0:
            self._pending[deal_id] = left
            return False
        self._pending.pop(deal_id, None)
        return True

    def _move_saved(self, saved: DealCard) -> None:
        if self._settle(saved.id):
            self.model.update_card(saved)
            self._show_totals()
        self._notify_own(Changes.of((EntityKind.DEAL, saved.id)))
        self.move_saved.emit(saved.id)
        if not self._pending and self._dirty_board:
            self.reload()

    def _move_refused(self, deal_id: int, exc: BaseException, details: str) -> None:
        self._settle(deal_id)
        with self._versions_lock:
            self._saved_versions.pop(deal_id, None)
        self.ctx.show_error(exc, details)
        self.move_failed.emit(deal_id)
        self.reload()

    def step_current(self, step: int) -> None:
        deal_id = self.current_deal()
        card = self.model.card(deal_id) if deal_id is not None else None
        if card is None:
            return
        stages = self.model.stages()
        position = next((n for n, s in enumerate(stages) if s.id == card.stage_id), None)
        if position is not None and 0 <= position + step < len(stages):
            self.request_move(card.id, card.version, stages[position + step].id)

    # ------------------------------------------------------- other work

    def open_current(self) -> None:
        deal_id = self.current_deal()
        if deal_id is not None:
            self.open_deal(deal_id)

    def open_deal(self, deal_id: int) -> None:
        from crm_desktop.gui.deals import editor

        editor.edit_deal(self.ctx, self, deal_id)

    def new_deal(self) -> None:
        from crm_desktop.gui.deals import editor

        flt = self.filter_bar.current_filter()
        editor.new_deal(
            self.ctx,
            self,
            organization_id=flt.organization_id,
            pipeline_id=self.current_pipeline_id(),
        )

    def open_pipelines(self) -> None:
        from crm_desktop.gui.deals.pipelines import open_pipeline_settings

        open_pipeline_settings(self.ctx, self, self.current_pipeline_id())

    def open_competitors(self) -> None:
        from crm_desktop.gui.deals.competitors import open_competitors

        open_competitors(self.ctx, self)

    def trash_current(self) -> None:
        deal_id = self.current_deal()
        card = self.model.card(deal_id) if deal_id is not None else None
        if card is None:
            return
        if not self.ctx.dialogs.confirm(
            self,
            self.tr("Move to the trash"),
            self.tr("Move the deal “%1” to the trash? It can be restored from there.").replace(
                "%1", card.title
            ),
        ):
            return
        ws = self.ctx.ws

        def done(_result: None) -> None:
            self.model.remove_card(card.id)
            self._show_totals()
            self._notify_own(Changes.of((EntityKind.DEAL, card.id)))

        self.ctx.run(
            lambda _p: deals.move_deal_to_trash(ws, card.id),
            done,
            title=self.tr("Moving to the trash…"),
        )
