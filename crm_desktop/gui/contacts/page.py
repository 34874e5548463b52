"""The contacts page: filters on top, the organization/person tree, the card beside it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.contacts.filter_bar import FilterBar
from crm_desktop.gui.contacts.tree_model import NAME, ContactTreeModel
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.pages import Page
from crm_desktop.gui.resources import icon
from crm_desktop.services import contacts, segments
from crm_desktop.services.contact_list import ContactFilter, ContactRow
from crm_desktop.services.segments import Segment

if TYPE_CHECKING:
    from crm_desktop.gui.contacts.card import CardView

HEADER_KEY = "contacts/header"
SPLITTER_KEY = "contacts/splitter"
DEFAULT_WIDTHS = (280, 120, 130, 140, 130, 100)  # the last column stretches

AskName = Callable[[QWidget, str, str, str], str | None]


def ask_name_dialog(parent: QWidget, title: str, label: str, text: str) -> str | None:
    """Ask for a name in a small dialog; None when cancelled or left blank."""
    name, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    name = name.strip()
    return name if ok and name else None


Record = tuple[EntityKind, int]


class ContactsPage(Page):
    """Organizations and people: a lazy tree with filters and saved segments, and the card."""

    record_shown = Signal(object, int)  # after show_record selected the row (or found none)
    segments_loaded = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = self.tr("Contacts")
        self.icon_name = "contacts"
        self.setObjectName("contactsPage")
        self.ask_name: AskName = ask_name_dialog  # tests answer it without a dialog
        self.saved_segments: list[Segment] = []
        self.active_segment: Segment | None = None
        self._segment_filter = ContactFilter()  # the active segment's filter, as shown
        self._started = False
        self._wanted: Record | None = None
        self._expanded: list[int | None] = []
        self._reselect: Record | None = None
        self._card_asked: Record | None = None  # what the card was last asked to show

        self.filter_bar = FilterBar(ctx, self)
        self.model = ContactTreeModel(ctx, self)
        self.model.hold_paging = True  # more rows come when they come near the viewport
        self.view = QTreeView(self)
        self.view.setObjectName("contactTree")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setIconSize(QSize(16, 16))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setSectionsMovable(True)
        header.setFirstSectionMovable(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        for column, width in enumerate(DEFAULT_WIDTHS):
            header.resizeSection(column, width)
        header.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        self.status_label = QLabel(self.tr("Loading…"), self)
        self.status_label.setObjectName("contactCounts")

        self.card_view: CardView | None = None
        self.card = self._make_card()
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.status_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.card)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([900, 370])

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)

        self._build_actions()
        self._restore_layout()
        # clicking a header section sorts (the model re-queries); this also starts loading
        self.view.setSortingEnabled(True)

        header.customContextMenuRequested.connect(self._show_header_menu)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.view.doubleClicked.connect(self._double_clicked)
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.timeout.connect(self._fetch_what_shows)
        self.view.verticalScrollBar().valueChanged.connect(self._schedule_fetch)
        self.view.expanded.connect(self._schedule_fetch)
        self.model.rowsInserted.connect(self._schedule_fetch)
        self.model.modelReset.connect(self._schedule_fetch)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.counts_changed.connect(self._show_counts)
        self.model.modelAboutToBeReset.connect(self._remember_view)
        self.model.modelReset.connect(self._restore_view)
        self.filter_bar.filter_changed.connect(self._filter_changed)
        self.filter_bar.save_requested.connect(self.save_segment)
        self._update_actions()
        QTimer.singleShot(0, self._start)

    def _make_card(self) -> QWidget:
        try:
            from crm_desktop.gui.contacts.card import CardView
        except ModuleNotFoundError as exc:  # the card arrives with its own issue
            if exc.name != "crm_desktop.gui.contacts.card":
                raise
            placeholder = QLabel(self.tr("Select a contact to see its card."), self)
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            placeholder.setWordWrap(True)
            return placeholder
        card = CardView(self.ctx, self)
        card.edit_requested.connect(self._edit_record)
        card.open_requested.connect(self.show_record)
        self.card_view = card
        return card

    # ------------------------------------------------------------ page

    def activate(self) -> None:
        self._start()

    def _start(self) -> None:
        """The first showing: filter values and saved segments (the tree loads itself)."""
        if self._started:
            return
        self._started = True
        self.filter_bar.load_values()
        self.refresh_segments()

    def is_ready(self) -> bool:
        return self.model.is_loaded()

    def command(self, name: str) -> None:
        from crm_desktop.gui.contacts import editors

        if name == "new_organization":
            editors.new_organization(self.ctx, self)
        elif name == "new_person":
            editors.new_person(self.ctx, self, organization_id=self._current_organization_id())

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(HEADER_KEY, self.view.header().saveState())
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())

    def _restore_layout(self) -> None:
        header_state = self.ctx.settings.value(HEADER_KEY)
        if isinstance(header_state, QByteArray):
            self.view.header().restoreState(header_state)
        self.view.header().setSectionHidden(NAME, False)
        splitter_state = self.ctx.settings.value(SPLITTER_KEY)
        if isinstance(splitter_state, QByteArray):
            self.splitter.restoreState(splitter_state)

    # --------------------------------------------------------- actions

    def _build_actions(self) -> None:
        self.edit_action = self._action(
            self.tr("&Edit…"),
            "edit",
            self.edit_current,
            [
                QKeySequence(Qt.Key.Key_F2),
                QKeySequence(Qt.Key.Key_Return),
                QKeySequence(Qt.Key.Key_Enter),
            ],
        )
        self.delete_action = self._action(
            self.tr("Move to the &trash…"),
            "delete",
            self.delete_selected,
            [QKeySequence(QKeySequence.StandardKey.Delete)],
        )
        self.new_person_here_action = self._action(
            self.tr("New &person in this organization…"),
            "new-person",
            self.new_person_here,
        )
        self.merge_action = self._action(
            self.tr("&Merge the two selected…"), "merge", self.merge_selected
        )
        self.undo_merge_action = self._action(
            self.tr("&Undo the last merge…"), "undo", self.undo_last_merge
        )
        self.rename_segment_action = QAction(icon("edit"), self.tr("&Rename segment…"), self)
        self.rename_segment_action.triggered.connect(self.rename_segment)
        self.delete_segment_action = QAction(icon("delete"), self.tr("&Delete segment…"), self)
        self.delete_segment_action.triggered.connect(self.delete_segment)
        self.filter_bar.segment_button.addAction(self.rename_segment_action)
        self.filter_bar.segment_button.addAction(self.delete_segment_action)

    def _action(
        self,
        text: str,
        icon_name: str,
        slot: Callable[[], object],
        shortcuts: list[QKeySequence] | None = None,
    ) -> QAction:
        act = QAction(icon(icon_name) if icon_name else QIcon(), text, self)
        if shortcuts:
            act.setShortcuts(shortcuts)
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(lambda _checked=False: slot())
        self.view.addAction(act)
        return act

    def _update_actions(self, *_args: object) -> None:
        selected = self.selected_records()
        current = self.current_record()
        self.edit_action.setEnabled(current is not None)
        self.delete_action.setEnabled(bool(selected))
        self.new_person_here_action.setEnabled(self._current_organization_id() is not None)
        self.merge_action.setEnabled(len(selected) == 2 and selected[0][0] is selected[1][0])

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addAction(self.new_person_here_action)
        menu.addSeparator()
        menu.addAction(self.merge_action)
        menu.addAction(self.undo_merge_action)
        handover = getattr(self, "handover_action", None)  # gui/users.py: team mode
        if handover is not None:
            menu.addAction(handover)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        return menu

    def _show_context_menu(self, pos: QPoint) -> None:
        self._update_actions()
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def header_menu(self) -> QMenu:
        """Which columns to show (the name always stays)."""
        header = self.view.header()
        menu = QMenu(self)
        for column, title in enumerate(self.model.column_titles()):
            if column == NAME:
                continue
            act = menu.addAction(title)
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(column))
            act.toggled.connect(partial(self._set_column_shown, column))
        return menu

    def _set_column_shown(self, column: int, shown: bool) -> None:
        self.view.header().setSectionHidden(column, not shown)

    def _show_header_menu(self, pos: QPoint) -> None:
        menu = self.header_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.header().mapToGlobal(pos))

    # ------------------------------------------------------- selection

    def current_record(self) -> Record | None:
        row = self.model.record(self.view.currentIndex())
        return (row.kind, row.id) if row is not None else None

    def selected_records(self) -> list[Record]:
        rows = [self.model.record(i) for i in self.view.selectionModel().selectedRows(0)]
        return [(r.kind, r.id) for r in rows if r is not None]

    def _current_organization_id(self) -> int | None:
        index = self.view.currentIndex()
        row = self.model.record(index)
        if row is None:
            return None
        if row.kind is EntityKind.ORGANIZATION:
            return row.id
        return row.organization_id

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        row = self.model.record(current)
        if row is not None:
            self._show_card(row.kind, row.id)

    def _show_card(self, kind: EntityKind, entity_id: int) -> None:
        card = self.card_view
        if card is not None and self._card_asked != (kind, entity_id):
            self._card_asked = (kind, entity_id)
            card.show_record(kind, entity_id)

    def show_record(self, kind: EntityKind, entity_id: int, *, _retry: bool = True) -> None:
        """Find the record in the tree (loading pages up to it), expand its organization,
        select it, scroll to it and show its card."""
        self._show_card(kind, entity_id)
        self._wanted = (kind, entity_id)
        self.model.locate(kind, entity_id, partial(self._select_located, kind, entity_id, _retry))

    def _select_located(
        self, kind: EntityKind, entity_id: int, retry: bool, index: QModelIndex
    ) -> None:
        if self._wanted != (kind, entity_id):
            return  # another record was asked for meanwhile
        if not index.isValid() and retry and not self.model.filter().is_empty():
            # hidden by the filter: show everything so the record can be shown
            self.filter_bar.reset()
            self.show_record(kind, entity_id, _retry=False)
            return
        self._wanted = None
        if index.isValid():
            self._select(index)
        self.record_shown.emit(kind, entity_id)

    def _select(self, index: QModelIndex) -> None:
        parent = index.parent()
        if parent.isValid():
            self.view.expand(parent)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _schedule_fetch(self, *_args: object) -> None:
        self._fetch_timer.start(0)  # once the view has laid the new rows out

    def _fetch_what_shows(self) -> None:
        """Fetch the next page of every parent whose last loaded row is on screen or less
        than a screen below it (the view does not ask, see ContactTreeModel.hold_paging)."""
        viewport = self.view.viewport().rect()
        ahead = viewport.adjusted(0, 0, 0, viewport.height())
        for parent in self.model.parents_with_more():
            rows = self.model.rowCount(parent)
            if rows == 0:
                continue
            last = self.view.visualRect(self.model.index(rows - 1, 0, parent))
            if last.isValid() and last.intersects(ahead):
                self.model.fetch_more(parent)

    def _double_clicked(self, index: QModelIndex) -> None:
        row = self.model.record(index)
        if row is not None and row.kind is EntityKind.PERSON:
            self._edit_record(row.kind, row.id)

    # ---------------------------------------------------- after resets

    def _remember_view(self) -> None:
        """Before a re-query (sort, filter): which organizations are open, what is chosen."""
        self._expanded = []
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if self.view.isExpanded(index):
                record = self.model.record(index)
                self._expanded.append(record.id if record is not None else None)
        self._reselect = self.current_record()

    def _restore_view(self) -> None:
        for key in self._expanded:
            index = (
                self.model.index(0, 0)
                if key is None
                else self.model.find_loaded(EntityKind.ORGANIZATION, key)
            )
            if index.isValid():
                self.view.expand(index)
        chosen, self._reselect = self._reselect, None
        if chosen is not None and self._wanted is None:
            self.model.locate(*chosen, self._reselected)

    def _reselected(self, index: QModelIndex) -> None:
        if index.isValid() and self.current_record() is None and self._wanted is None:
            self._select(index)

    # ---------------------------------------------------------- filter

    def _filter_changed(self, flt: ContactFilter) -> None:
        if self.active_segment is not None and flt != self._segment_filter:
            self.active_segment = None  # the filter was changed by hand
        if flt == self.model.filter():
            self._show_counts(*self.model.counts())
            return
        self.status_label.setText(self.tr("Loading…"))
        self.model.set_filter(flt)

    def _show_counts(self, organizations: int, private: int) -> None:
        self.filter_bar.segment_button.setVisible(self.active_segment is not None)
        loc = self.locale()
        if self.active_segment is not None:
            text = self.tr("Segment “%3”: %1 organizations, %2 private persons")
            text = text.replace("%3", self.active_segment.name)
        elif not self.model.filter().is_empty():
            text = self.tr("Filtered: %1 organizations, %2 private persons")
        else:
            text = self.tr("%1 organizations, %2 private persons")
        self.status_label.setText(
            text.replace("%1", loc.toString(organizations)).replace("%2", loc.toString(private))
        )

    # -------------------------------------------------------- segments

    def refresh_segments(self) -> None:
        """Read the saved segments and list them in the window's navigation."""
        ws = self.ctx.ws
        self.ctx.run(lambda _p: segments.list_segments(ws), self._show_segments, write=False)

    def _show_segments(self, items: list[Segment]) -> None:
        self.saved_segments = list(items)
        window: Any = self.ctx.window
        if window is not None and hasattr(window, "set_extra_entries"):
            if getattr(window, "current_page", None) is self:
                window.show_page("contacts")  # the entry being rebuilt may be the current one
            window.set_extra_entries(
                self.tr("Segments"),
                [(s.name, "segment", partial(self.apply_segment, s.id)) for s in items],
            )
        self.segments_loaded.emit()

    def apply_segment(self, segment_id: int) -> None:
        """Show the contacts page filtered by a saved segment."""
        segment = next((s for s in self.saved_segments if s.id == segment_id), None)
        if segment is None:
            return
        window: Any = self.ctx.window
        stack = getattr(window, "stack", None)
        if stack is not None and stack.currentWidget() is not self:
            stack.setCurrentWidget(self)  # keep the segment's entry highlighted
            self.activate()
        self.active_segment = segment
        self._segment_filter = self.filter_bar.shown_filter(segment.filter)
        self.filter_bar.set_filter(segment.filter)

    def save_segment(self) -> None:
        """Remember the current filter under a name (the same name replaces it)."""
        flt = self.filter_bar.current_filter()
        if flt.is_empty():
            self.ctx.dialogs.info(
                self,
                self.tr("Save as segment"),
                self.tr("Choose a filter first: a segment remembers the filter under a name."),
            )
            return
        default = self.active_segment.name if self.active_segment is not None else ""
        name = self.ask_name(
            self, self.tr("Save as segment"), self.tr("Name of the segment:"), default
        )
        if not name:
            return
        ws = self.ctx.ws
        self.ctx.run(
            lambda _p: segments.save_segment(ws, name, flt),
            self._segment_saved,
            title=self.tr("Saving the segment…"),
        )

    def rename_segment(self) -> None:
        """Give the segment shown another name."""
        segment = self.active_segment
        if segment is None:
            return
        name = self.ask_name(
            self, self.tr("Rename segment"), self.tr("Name of the segment:"), segment.name
        )
        if not name or name == segment.name:
            return
        ws = self.ctx.ws
        self.ctx.run(lambda _p: segments.rename_segment(ws, segment.id, name), self._segment_saved)

    def delete_segment(self) -> None:
        """Forget the segment shown (its contacts stay, and so does the filter on screen)."""
        segment = self.active_segment
        if segment is None:
            return
        if not self.ctx.dialogs.confirm(
            self,
            self.tr("Delete segment"),
            self.tr("Delete the segment “%1”? The contacts it shows are not touched.").replace(
                "%1", segment.name
            ),
        ):
            return
        ws = self.ctx.ws

        def deleted(_result: None) -> None:
            if self.active_segment is not None and self.active_segment.id == segment.id:
                self.active_segment = None
            self._show_counts(*self.model.counts())
            self.refresh_segments()

        self.ctx.run(lambda _p: segments.delete_segment(ws, segment.id), deleted)

    def _segment_saved(self, segment: Segment) -> None:
        self.active_segment = segment
        self._segment_filter = self.filter_bar.current_filter()
        self._show_counts(*self.model.counts())
        self.refresh_segments()

    # ---------------------------------------------------------- editing

    def edit_current(self) -> None:
        current = self.current_record()
        if current is not None:
            self._edit_record(*current)

    def _edit_record(self, kind: EntityKind, entity_id: int) -> None:
        from crm_desktop.gui.contacts import editors

        editors.edit_record(self.ctx, self, kind, entity_id)

    def new_person_here(self) -> None:
        from crm_desktop.gui.contacts import editors

        org_id = self._current_organization_id()
        if org_id is not None:
            editors.new_person(self.ctx, self, organization_id=org_id)

    def delete_selected(self) -> None:
        """Move the selected cards to the trash after a confirmation."""
        indexes = self.view.selectionModel().selectedRows(0)
        rows = [r for r in (self.model.record(i) for i in indexes) if r is not None]
        if not rows:
            return
        names = ", ".join(r.name for r in rows[:3]) + ("…" if len(rows) > 3 else "")
        has_org = any(r.kind is EntityKind.ORGANIZATION for r in rows)
        text = (
            self.tr("Move %1 to the trash? The people of an organization go to the trash with it.")
            if has_org
            else self.tr("Move %1 to the trash?")
        )
        if not self.ctx.dialogs.confirm(
            self, self.tr("Move to the trash"), text.replace("%1", names)
        ):
            return
        org_ids = {r.id for r in rows if r.kind is EntityKind.ORGANIZATION}
        # a person goes with their organization; trash the persons first, the rest after
        targets = _trash_order(rows, org_ids)
        ws = self.ctx.ws

        def op(_progress: object) -> None:
            for kind, entity_id in targets:
                contacts.move_to_trash(ws, kind, entity_id)

        def done(_result: None) -> None:
            card = self.card_view
            if card is not None and card.current() in targets:
                card.clear()
                self._card_asked = None
            self.ctx.notify(Changes.of(*targets))

        self.ctx.run(op, done, title=self.tr("Moving to the trash…"))

    def merge_selected(self) -> None:
        selected = self.selected_records()
        if len(selected) != 2 or selected[0][0] is not selected[1][0]:
            return
        from crm_desktop.gui.contacts import duplicates

        current = self.current_record()
        survivor, other = selected if current != selected[1] else selected[::-1]
        duplicates.open_merge(self.ctx, self, survivor[0], survivor[1], other[1])

    def undo_last_merge(self) -> None:
        from crm_desktop.gui.contacts import duplicates

        duplicates.undo_last_merge(self.ctx, self)


def _trash_order(rows: list[ContactRow], org_ids: set[int]) -> list[Record]:
    persons = [
        (r.kind, r.id)
        for r in rows
        if r.kind is EntityKind.PERSON and r.organization_id not in org_ids
    ]
    orgs = [(r.kind, r.id) for r in rows if r.kind is EntityKind.ORGANIZATION]
    return persons + orgs
