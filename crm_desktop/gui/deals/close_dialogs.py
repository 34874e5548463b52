"""Closing a deal: the won dialog (final amount and date) and the lost dialog (a required
loss reason, the competitor who won, a comment), with "add a new one" in both lists.

Both open with ``open()`` (window-modal, no nested event loop) and report through
``accepted``; ``outcome()`` gives what ``deals.move_deal`` needs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.domain.names import fold
from crm_desktop.errors import UserError
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.deals.board import client_text, currency_symbol, money_text
from crm_desktop.gui.resources import icon
from crm_desktop.services import deals
from crm_desktop.services.deals import (
    CompetitorView,
    DealCard,
    LostOutcome,
    ReferenceItem,
    WonOutcome,
)

ADD_NEW = "\x00add"  # the data of the "Add a new …" entry of a combo
MAX_AMOUNT = 1e13  # in major units
ERROR_COLOR = QColor("#c62828")

AskName = Callable[[QWidget, str, str], str | None]


def ask_name_dialog(parent: QWidget, title: str, label: str) -> str | None:
    """Ask for a name in a small dialog; None when cancelled or left blank."""
    name, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, "")
    name = " ".join(name.split())
    return name if ok and name else None


def _heading(card: DealCard, parent: QWidget) -> QLabel:
    client = client_text(card)
    text = f"<b>{_escape(card.title)}</b>"
    if client:
        text += f"<br><span style='color:#687483'>{_escape(client)}</span>"
    label = QLabel(text, parent)
    label.setObjectName("dealHeading")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOR)
    label.setPalette(palette)
    label.setWordWrap(True)
    label.hide()
    return label


class WonDialog(QDialog):
    """Close a deal as won: the final amount (prefilled with the deal's) and the date."""

    def __init__(
        self,
        card: DealCard,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wonDialog")
        self.card = card
        self.setWindowTitle(self.tr("Close the deal as won"))
        self.setWindowIcon(icon("won"))
        loc = QLocale()
        today = today or date.today()

        intro = QLabel(self.tr("Congratulations! Confirm the final amount and the closing date."))
        intro.setWordWrap(True)
        self.amount = QDoubleSpinBox(self)
        self.amount.setObjectName("wonAmount")
        self.amount.setLocale(loc)
        self.amount.setDecimals(2)
        self.amount.setRange(0, MAX_AMOUNT)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setSuffix(" " + currency_symbol(card.currency))
        self.amount.setValue(card.amount_minor / 100)
        self.amount.setMinimumWidth(200)
        self.amount.setToolTip(
            self.tr("Was %1 on the deal").replace(
                "%1", money_text(loc, card.amount_minor, card.currency)
            )
        )
        self.closed_on = QDateEdit(self)
        self.closed_on.setObjectName("wonDate")
        self.closed_on.setCalendarPopup(True)
        self.closed_on.setDisplayFormat(loc.dateFormat(QLocale.FormatType.ShortFormat))
        self.closed_on.setMaximumDate(QDate(today))
        self.closed_on.setDate(QDate(today))
        self.closed_on.setToolTip(self.tr("The day the deal was won (not later than today)"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("Final &amount:"), self.amount)
        form.addRow(self.tr("&Closed on:"), self.closed_on)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Close as &won"))
        ok.setIcon(icon("won"))
        ok.setObjectName("wonOk")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(_heading(card, self))
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.amount.setFocus()
        self.amount.selectAll()

    def outcome(self) -> WonOutcome:
        return WonOutcome(
            amount_minor=round(self.amount.value() * 100),
            closed_on=self.closed_on.date().toPython(),
        )


class LostDialog(QDialog):
    """Close a deal as lost: a loss reason (required), the competitor who won (optional,
    from an editable list), a comment."""

    item_added = Signal(str)  # "reason" or "competitor", once a new entry is saved

    def __init__(
        self,
        ctx: AppContext,
        card: DealCard,
        reasons: list[ReferenceItem],
        competitors: list[CompetitorView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lostDialog")
        self.ctx = ctx
        self.card = card
        self.ask_name: AskName = ask_name_dialog  # tests answer it without a dialog
        self.setWindowTitle(self.tr("Close the deal as lost"))
        self.setWindowIcon(icon("lost"))

        self.reason = QComboBox(self)
        self.reason.setObjectName("lossReason")
        self.reason.setMinimumContentsLength(28)
        self.reason.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.reason.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.reason.addItem(self.tr("Choose a reason…"), None)
        for item in reasons:
            if item.is_active and item.id is not None:
                self.reason.addItem(item.name, item.id)
        self.reason.insertSeparator(self.reason.count())
        self.reason.addItem(icon("create"), self.tr("Add a new reason…"), ADD_NEW)
        self.reason_error = _error_label(self, "lossReasonError")

        self.competitor = QComboBox(self)
        self.competitor.setObjectName("competitor")
        self.competitor.setMinimumContentsLength(28)
        self.competitor.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.competitor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.competitor.addItem(self.tr("Nobody / unknown"), None)
        for competitor in competitors:
            self.competitor.addItem(competitor.name, competitor.id)
        self.competitor.insertSeparator(self.competitor.count())
        self.competitor.addItem(icon("create"), self.tr("Add a new competitor…"), ADD_NEW)

        self.comment = QPlainTextEdit(self)
        self.comment.setObjectName("lossComment")
        self.comment.setPlaceholderText(self.tr("What happened, what to do better next time"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(84)

        self._last = {self.reason: 0, self.competitor: 0}
        self.reason.activated.connect(lambda _n: self._chosen(self.reason))
        self.competitor.activated.connect(lambda _n: self._chosen(self.competitor))
        self.reason.currentIndexChanged.connect(self._reason_changed)

        reason_box = QWidget(self)
        reason_layout = QVBoxLayout(reason_box)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        reason_layout.setSpacing(2)
        reason_layout.addWidget(self.reason)
        reason_layout.addWidget(self.reason_error)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        reason_label = QLabel(self.tr("Loss &reason: *"), self)
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, reason_box)
        form.addRow(self.tr("&Won by:"), self.competitor)
        form.addRow(self.tr("Co&mment:"), self.comment)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Close as &lost"))
        ok.setIcon(icon("lost"))
        ok.setObjectName("lostOk")
        self.ok_button: QPushButton = ok
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        intro = QLabel(
            self.tr("Why was the deal lost? The reasons and competitors add up to statistics.")
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(card, self))
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.reason.setFocus()

    # ----------------------------------------------------------- outcome

    def reason_id(self) -> int | None:
        data = self.reason.currentData()
        return data if isinstance(data, int) else None

    def competitor_id(self) -> int | None:
        data = self.competitor.currentData()
        return data if isinstance(data, int) else None

    def outcome(self) -> LostOutcome:
        reason = self.reason_id()
        assert reason is not None, "accept() refuses an empty reason"
        comment = self.comment.toPlainText().strip()
        return LostOutcome(reason, self.competitor_id(), comment or None)

    def accept(self) -> None:
        if self.reason_id() is None:
            self.reason_error.setText(
                self.tr("Choose why the deal was lost: the reason is required.")
            )
            self.reason_error.show()
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()

    def _reason_changed(self, _index: int) -> None:
        if self.reason_id() is not None:
            self.reason_error.hide()

    # ----------------------------------------------------------- add new

    def _chosen(self, combo: QComboBox) -> None:
        if combo.currentData() != ADD_NEW:
            self._last[combo] = combo.currentIndex()
            return
        combo.setCurrentIndex(self._last[combo])  # until the new entry is saved
        if combo is self.reason:
            name = self.ask_name(self, self.tr("New loss reason"), self.tr("Loss reason:"))
            if name:
                self.add_reason(name)
        else:
            name = self.ask_name(self, self.tr("New competitor"), self.tr("Competitor's name:"))
            if name:
                self.add_competitor(name)

    def _select_existing(self, combo: QComboBox, name: str) -> bool:
        for n in range(1, combo.count()):
            data = combo.itemData(n)
            if isinstance(data, int) and fold(combo.itemText(n)) == fold(name):
                self._select(combo, n)
                return True
        return False

    def _select(self, combo: QComboBox, n: int) -> None:
        combo.setCurrentIndex(n)
        self._last[combo] = n

    def _insert(self, combo: QComboBox, name: str, item_id: int) -> None:
        at = combo.count() - 2  # before the separator and "Add a new …"
        combo.insertItem(at, name, item_id)
        self._select(combo, at)

    def add_reason(self, name: str) -> None:
        """Save a new loss reason (at the end of the list) and choose it."""
        if self._select_existing(self.reason, name):
            return
        ws = self.ctx.ws

        def op(_progress: object) -> list[ReferenceItem]:
            items = deals.list_loss_reasons(ws, include_inactive=True)
            return deals.save_loss_reasons(ws, [*items, ReferenceItem(None, name)])

        def done(items: list[ReferenceItem]) -> None:
            found = next((i for i in items if fold(i.name) == fold(name) and i.id), None)
            if found is not None and found.id is not None:
                self._insert(self.reason, found.name, found.id)
            self.item_added.emit("reason")

        self.ctx.run(op, done, on_failure=self._failed)

    def add_competitor(self, name: str) -> None:
        """Save a new competitor and choose it."""
        if self._select_existing(self.competitor, name):
            return
        ws = self.ctx.ws

        def done(view: CompetitorView) -> None:
            self._insert(self.competitor, view.name, view.id)
            self.ctx.notify(Changes.of((EntityKind.COMPETITOR, view.id)))
            self.item_added.emit("competitor")

        self.ctx.run(
            lambda _p: deals.save_competitor(ws, None, name, None, None),
            done,
            on_failure=self._failed,
        )

    def _failed(self, exc: BaseException, details: str) -> None:
        if isinstance(exc, UserError):
            self.ctx.dialogs.error(self, self.windowTitle(), exc.message)
        else:
            self.ctx.show_error(exc, details)


def demo_dialog(view: str, ctx: AppContext, window: QWidget) -> QWidget:
    """For `crm-desktop screenshot --view deal-won|deal-lost`: the dialog over a real card."""
    ws = ctx.ws
    pipelines = deals.list_pipelines(ws)
    if not pipelines:
        raise UserError("The base has no pipeline; create the demo base first.")
    board = deals.load_board(ws, pipelines[0].id)
    open_cards = [c for c in board.cards if c.stage_kind.value == "open"]
    if not open_cards:
        raise UserError("The base has no open deal to show.")
    card = max(open_cards, key=lambda c: (c.organization_name is not None, c.amount_minor))
    dialog: QDialog
    if view == "deal-won":
        dialog = WonDialog(card, window)
    else:
        lost = LostDialog(
            ctx, card, deals.list_loss_reasons(ws), deals.list_competitors(ws), window
        )
        lost.accept()  # shows what an empty reason says
        dialog = lost
    dialog.show()
    return dialog
