"""The competitors directory: who wins deals from us, how many and for how much.

`CompetitorsDialog` (``ui/competitors.ui``) lists the competitors with the deals they
won against us and their sum (in the base currency), sortable and filtered as you
type; the selected one's card shows its website, notes and every deal lost to it with
the loss reason, the comment, the amount and the date. Double-clicking a deal opens
it in the deal editor. `CompetitorDialog` (``ui/competitor_editor.ui``) adds or edits
one (name, website, notes); deleting asks first and keeps the deals naming it.

Everything is read and written in the background; the dialog follows `ctx.changed`
(a competitor edited, a deal closed as lost on the board meanwhile).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.errors import ConcurrentEditError, NotFoundError, UserError, ValidationError
from crm_desktop.gui.contacts.contact_fields import DialogJobs
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.deals.board import money_text
from crm_desktop.gui.deals.editor import (
    ID_ROLE,
    SORT_ROLE,
    Banner,
    FieldErrors,
    RowsModel,
    edit_deal,
    format_moment,
    table_view_setup,
)
from crm_desktop.gui.forms import EditorDialog, _child, load_form, setup_form
from crm_desktop.gui.resources import icon
from crm_desktop.services import deals
from crm_desktop.services.deals import CompetitorCard, CompetitorView, LostDealView

_INDEX = QModelIndex | QPersistentModelIndex


# ------------------------------------------------------------------ models


class CompetitorsModel(RowsModel[CompetitorView]):
    """The competitors: name, deals they won from us, the sum of those deals."""

    NAME, WON, SUM = range(3)

    def __init__(self, base_currency: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base_currency = base_currency

    def headers(self) -> list[str]:
        return [self.tr("Competitor"), self.tr("Deals won"), self.tr("Sum")]

    def row_id(self, row: CompetitorView) -> int | None:
        return row.id

    def text(self, row: CompetitorView, column: int) -> str:
        if column == self.NAME:
            return row.name
        if column == self.WON:
            return QLocale().toString(row.won_count)
        if column == self.SUM:
            return money_text(QLocale(), row.won_sum_base_minor, self.base_currency)
        return ""

    def sort_value(self, row: CompetitorView, column: int) -> Any:
        if column == self.WON:
            return row.won_count
        if column == self.SUM:
            return row.won_sum_base_minor
        return row.name.casefold()

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return Qt.AlignmentFlag.AlignRight if column in (self.WON, self.SUM) else None

    def tooltip(self, row: CompetitorView, column: int) -> str | None:
        return row.notes or None

    def index_of_id(self, competitor_id: int) -> QModelIndex:
        for i, row in enumerate(self._rows):
            if row.id == competitor_id:
                return self.index(i, 0)
        return QModelIndex()


class LostDealsModel(RowsModel[LostDealView]):
    """The deals lost to one competitor, newest first."""

    DATE, DEAL, CLIENT, AMOUNT, REASON, COMMENT, OWNER = range(7)

    def headers(self) -> list[str]:
        return [
            self.tr("Lost on"),
            self.tr("Deal"),
            self.tr("Client"),
            self.tr("Amount"),
            self.tr("Reason"),
            self.tr("Comment"),
            self.tr("Manager"),
        ]

    def row_id(self, row: LostDealView) -> int | None:
        return row.deal_id

    def text(self, row: LostDealView, column: int) -> str:
        if column == self.DATE:
            return format_moment(row.closed_at, date_only=True)
        if column == self.DEAL:
            return row.title
        if column == self.CLIENT:
            return row.client
        if column == self.AMOUNT:
            return money_text(QLocale(), row.amount_minor, row.currency)
        if column == self.REASON:
            return row.loss_reason or "—"
        if column == self.COMMENT:
            return " ".join((row.loss_comment or "").split())
        if column == self.OWNER:
            return row.owner_name
        return ""

    def sort_value(self, row: LostDealView, column: int) -> Any:
        if column == self.DATE:
            return row.closed_at.isoformat() if row.closed_at else ""
        if column == self.AMOUNT:
            return row.amount_minor
        return self.text(row, column).casefold()

    def decoration(self, row: LostDealView, column: int) -> QIcon | None:
        return icon("deal") if column == self.DEAL else None

    def tooltip(self, row: LostDealView, column: int) -> str | None:
        if column == self.DEAL:
            return f"{row.title}\n{self.tr('Double-click to open the deal')}"
        if column in (self.CLIENT, self.REASON, self.COMMENT):
            return (row.loss_comment if column == self.COMMENT else self.text(row, column)) or None
        return None

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return Qt.AlignmentFlag.AlignRight if column == self.AMOUNT else None

    def foreground(self, row: LostDealView, column: int) -> QColor | None:
        return QColor("#6b6b6b") if column == self.REASON and not row.loss_reason else None


# ------------------------------------------------------------------ one competitor


class CompetitorDialog(EditorDialog):
    """Add (`competitor` None) or edit a competitor: name, website, notes."""

    saved = Signal(int)  # the competitor's id

    def __init__(
        self, ctx: AppContext, parent: QWidget | None, competitor: CompetitorView | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.competitor = competitor
        self._writing = False
        self.jobs = DialogJobs(ctx, self)
        self.setObjectName("competitorDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(
            self.tr("Competitor — %1").replace("%1", competitor.name)
            if competitor
            else self.tr("New competitor")
        )
        form = self.form = load_form("competitor_editor.ui", self)
        self.name = _child(form, QLineEdit, "name")
        self.website = _child(form, QLineEdit, "website")
        self.notes = _child(form, QPlainTextEdit, "notes")
        self.errors = FieldErrors(form)
        self.banner = Banner(self)
        if competitor is not None:
            self.name.setText(competitor.name)
            self.website.setText(competitor.website or "")
            self.notes.setPlainText(competitor.notes or "")
        self._initial = self._values()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save_button is not None
        self.save_button: QPushButton = save_button
        self.save_button.setObjectName("save")
        self.save_button.setIcon(icon("save"))
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.name.textEdited.connect(lambda _t: self.errors.clear("name"))
        self.website.textEdited.connect(lambda _t: self.errors.clear("website"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(form, 1)
        layout.addWidget(self.buttons)
        self.resize(480, 320)

    def _values(self) -> tuple[str, str, str]:
        return (self.name.text(), self.website.text(), self.notes.toPlainText())

    @Slot()
    def save(self) -> None:
        if self._writing:
            return
        self.errors.clear_all()
        self.banner.dismiss()
        name, website, notes = self._values()
        if not name.strip():
            self.errors.show("name", self.tr("Enter the competitor's name."))
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        ws = self.ctx.ws
        competitor_id = self.competitor.id if self.competitor else None
        version = self.competitor.version if self.competitor else None
        self._writing = True
        self.save_button.setEnabled(False)
        self.jobs.run(
            lambda _p: deals.save_competitor(
                ws,
                competitor_id,
                name,
                website.strip() or None,
                notes.strip() or None,
                expected_version=version,
            ),
            self._saved,
            write=True,
            on_failure=self._failed,
        )

    def _saved(self, view: CompetitorView) -> None:
        self._writing = False
        self.competitor = view
        self.ctx.notify(Changes.of((EntityKind.COMPETITOR, view.id)))
        self.saved.emit(view.id)
        self._initial = self._values()
        self.done(QDialog.DialogCode.Accepted)

    def _failed(self, exc: BaseException, details: str) -> None:
        self._writing = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ConcurrentEditError):
            if self.competitor is not None:  # what is shown elsewhere is out of date
                self.ctx.notify(Changes.of((EntityKind.COMPETITOR, self.competitor.id)))
            self.banner.show_message(
                self.tr(
                    "Someone else changed this competitor after you opened it, so your changes "
                    "were not saved. Close this window and open it again to see the current one."
                )
            )
        elif (
            isinstance(exc, ValidationError)
            and exc.field in ("name", "website")
            and self.errors.show(exc.field, exc.message)
        ):
            (self.name if exc.field == "name" else self.website).setFocus()
        elif isinstance(exc, UserError):
            self.banner.show_message(exc.message)
        else:
            self.ctx.show_error(exc, details)

    def is_dirty(self) -> bool:
        return self._values() != self._initial

    def discard_question(self) -> str:
        return self.tr("Close without saving? What you typed will be lost.")


# ------------------------------------------------------------------ the directory


class CompetitorsDialog(QDialog):
    """The competitors and, for the selected one, the deals it won from us."""

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0  # a newer card request drops an older one's answer
        self._list_generation = 0  # and a newer list request, an older list
        self.card: CompetitorCard | None = None
        self.editor: CompetitorDialog | None = None
        self.jobs = DialogJobs(ctx, self)
        self.setWindowTitle(self.tr("Competitors"))
        self.setWindowIcon(icon("deals"))
        form = self.form = setup_form(self, "competitors.ui", "competitorsDialog")
        self.splitter = _child(form, QSplitter, "splitter")
        self.filter = _child(form, QLineEdit, "filter")
        self.view = _child(form, QTreeView, "competitors")
        self.add_button = _child(form, QPushButton, "add_competitor")
        self.edit_button = _child(form, QPushButton, "edit_competitor")
        self.delete_button = _child(form, QPushButton, "delete_competitor")
        self.card_title = _child(form, QLabel, "card_title")
        self.card_website = _child(form, QLabel, "card_website")
        self.card_summary = _child(form, QLabel, "card_summary")
        self.card_notes = _child(form, QLabel, "card_notes")
        self.lost_heading = _child(form, QLabel, "lost_heading")
        self.lost_view = _child(form, QTreeView, "lost_deals")
        self.lost_empty = _child(form, QLabel, "lost_empty")
        self.card_empty = _child(form, QLabel, "card_empty")
        self.add_button.setIcon(icon("create"))
        self.edit_button.setIcon(icon("edit"))
        self.delete_button.setIcon(icon("delete"))
        self.filter.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        title_font = QFont(self.card_title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        self.card_title.setFont(title_font)
        for label in (self.card_title, self.card_summary, self.card_notes):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.card_website.setTextFormat(Qt.TextFormat.RichText)
        for label in (self.lost_empty, self.card_empty, self.card_notes):
            label.setStyleSheet("color: palette(placeholder-text);")

        self.model = CompetitorsModel(ctx.ws.settings.base_currency or "RUB", self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(CompetitorsModel.NAME)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view.setModel(self.proxy)
        table_view_setup(self.view, CompetitorsModel.NAME)
        self.view.sortByColumn(CompetitorsModel.WON, Qt.SortOrder.DescendingOrder)
        self.lost_model = LostDealsModel(self)
        self.lost_view.setModel(self.lost_model)
        table_view_setup(self.lost_view, LostDealsModel.COMMENT)
        header = self.lost_view.header()
        for column, width in (
            (LostDealsModel.DEAL, 150),
            (LostDealsModel.CLIENT, 130),
            (LostDealsModel.REASON, 120),
            (LostDealsModel.OWNER, 110),
        ):  # long texts are elided, the comment takes what is left
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setMinimumSectionSize(60)

        self.banner = Banner(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.busy_label = QLabel(self)
        self.busy_label.setStyleSheet("color: palette(placeholder-text);")
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy_label, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(form, 1)
        layout.addLayout(bottom)

        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        selection = self.view.selectionModel()
        assert selection is not None
        selection.currentRowChanged.connect(self._current_changed)
        self.view.doubleClicked.connect(lambda _i: self._edit())
        self.lost_view.doubleClicked.connect(self._open_deal)
        self.add_button.clicked.connect(self._add)
        self.edit_button.clicked.connect(self._edit)
        self.delete_button.clicked.connect(self._delete)
        ctx.changed.connect(self._on_changed)
        self.resize(1140, 620)
        self.splitter.setSizes([350, 790])
        self._show_card(None)

    # ------------------------------------------------------------ reading

    def load(self, select: int | None = None) -> None:
        ws = self.ctx.ws
        keep = select if select is not None else self.current_id()
        self._list_generation += 1
        generation = self._list_generation
        self.busy_label.setText(self.tr("Loading…"))
        self.jobs.run(
            lambda _p: deals.list_competitors(ws),
            lambda rows: self._loaded(generation, rows, keep),
            write=False,
        )

    def _loaded(self, generation: int, rows: list[CompetitorView], keep: int | None) -> None:
        if generation != self._list_generation:
            return  # a newer list is on its way
        self.busy_label.clear()
        self.model.set_rows(rows)
        index = self.proxy.mapFromSource(self.model.index_of_id(keep)) if keep else QModelIndex()
        if not index.isValid() and self.proxy.rowCount():
            index = self.proxy.index(0, 0)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        else:
            self._current_changed(QModelIndex())
        self._update_buttons()

    def current(self) -> CompetitorView | None:
        return self.model.row_at(self.proxy.mapToSource(self.view.currentIndex()))

    def current_id(self) -> int | None:
        current = self.current()
        return current.id if current else None

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        self._update_buttons()
        competitor = self.current()
        self._generation += 1
        if competitor is None:
            self._show_card(None)
            return
        generation, ws, competitor_id = self._generation, self.ctx.ws, competitor.id
        self.jobs.run(
            lambda _p: deals.competitor_card(ws, competitor_id),
            lambda card: self._card_loaded(generation, card),
            write=False,
            on_failure=lambda exc, details: self._card_failed(generation, exc, details),
        )

    def _card_loaded(self, generation: int, card: CompetitorCard) -> None:
        if generation == self._generation:
            self._show_card(card)

    def _card_failed(self, generation: int, exc: BaseException, details: str) -> None:
        if generation != self._generation:
            return
        if isinstance(exc, NotFoundError):
            self.load()
        else:
            self.ctx.show_error(exc, details)

    def _show_card(self, card: CompetitorCard | None) -> None:
        self.card = card
        shown = card is not None
        for widget in (
            self.card_title,
            self.card_summary,
            self.lost_heading,
            self.lost_view,
        ):
            widget.setVisible(shown)
        self.card_empty.setVisible(not shown)
        if card is None:
            self.card_website.hide()
            self.card_notes.hide()
            self.lost_empty.hide()
            self.lost_model.set_rows([])
            return
        c = card.competitor
        self.card_title.setText(c.name)
        if c.website:
            href = c.website if "://" in c.website else f"https://{c.website}"
            self.card_website.setText(
                f'<a href="{html.escape(href, quote=True)}">{html.escape(c.website)}</a>'
            )
        self.card_website.setVisible(bool(c.website))
        self.card_notes.setText(c.notes or "")
        self.card_notes.setVisible(bool(c.notes))
        if c.won_count:
            total = money_text(QLocale(), c.won_sum_base_minor, self.model.base_currency)
            summary = (
                self.tr("Won 1 deal from us, worth %1.")
                if c.won_count == 1
                else self.tr("Won %n deals from us, worth %1 in all.", "", c.won_count)
            )
            self.card_summary.setText(summary.replace("%1", total))
        else:
            self.card_summary.setText(self.tr("Has not won a deal from us yet."))
        self.lost_model.set_rows(list(card.lost_deals))
        self.lost_view.setVisible(bool(card.lost_deals))
        self.lost_empty.setVisible(not card.lost_deals)

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(EntityKind.COMPETITOR) or changes.touches(EntityKind.DEAL):
            self.load()

    # ------------------------------------------------------------ acting

    def _update_buttons(self) -> None:
        has = self.current() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    @Slot()
    def _add(self) -> None:
        self._open_editor(None)

    @Slot()
    def _edit(self) -> None:
        competitor = self.current()
        if competitor is not None:
            self._open_editor(competitor)

    def _open_editor(self, competitor: CompetitorView | None) -> None:
        dialog = CompetitorDialog(self.ctx, self, competitor)
        dialog.saved.connect(lambda competitor_id: self.load(select=competitor_id))
        self.editor = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.name.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _delete(self) -> None:
        competitor = self.current()
        if competitor is None:
            return
        question = (
            self.tr("Delete the competitor “%1”? The deal lost to it keeps its name.")
            if competitor.won_count == 1
            else self.tr(
                "Delete the competitor “%1”? The %n deals lost to it keep its name.",
                "",
                competitor.won_count,
            )
            if competitor.won_count
            else self.tr("Delete the competitor “%1”?")
        ).replace("%1", competitor.name)
        if not self.ctx.dialogs.confirm(self, self.windowTitle(), question):
            return
        ws, competitor_id = self.ctx.ws, competitor.id
        self.jobs.run(
            lambda _p: deals.delete_competitor(ws, competitor_id),
            lambda _r: self.ctx.notify(Changes.of((EntityKind.COMPETITOR, competitor_id))),
            write=True,
        )

    @Slot(QModelIndex)
    def _open_deal(self, index: QModelIndex) -> None:
        deal_id = index.data(ID_ROLE)
        if deal_id is not None:
            edit_deal(self.ctx, self, int(deal_id))


def open_competitors(ctx: AppContext, parent: QWidget | None) -> None:
    """Open the competitors directory."""
    dialog = CompetitorsDialog(ctx, parent)
    dialog.load()
    dialog.open()


__all__ = [
    "CompetitorDialog",
    "CompetitorsDialog",
    "CompetitorsModel",
    "LostDealsModel",
    "open_competitors",
]
