"""Editors shared by the card dialogs: phones, emails and the organization picker.

The phone and email editors are small grids of ordinary widgets (a card has a
handful of numbers, not thousands), one row per number, each input named so a
test or a screen reader can find it: ``phone_number_0``, ``email_address_1`` …
Every number says at once whether it was recognised and how it will be stored
(`domain.phones.parse_phone_cell`); nothing is dropped: a number that cannot be
recognised is kept as typed and marked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from crm_desktop.domain.emails import normalize_email
from crm_desktop.domain.kinds import EmailKind, EntityKind, PhoneKind
from crm_desktop.domain.phones import ParsedPhone, PhoneStatus, format_phone, parse_phone_cell
from crm_desktop.gui.context import AppContext
from crm_desktop.gui.resources import icon
from crm_desktop.services.dto import EmailInput, EmailView, PhoneInput, PhoneView, SearchHit
from crm_desktop.services.progress import Cancelled
from crm_desktop.services.search import search

T = TypeVar("T")

OK_COLOR = "#2e7d32"
WARNING_COLOR = "#b26a00"
ERROR_COLOR = "#c62828"


class DialogJobs:
    """A dialog's background work, counted: the dialog is deleted once it has been closed
    and no answer is on its way, and an answer that comes after it closed is dropped
    (a failure is still reported)."""

    def __init__(self, ctx: AppContext, dialog: QDialog) -> None:
        self.ctx = ctx
        self.dialog = dialog
        self.pending = 0
        self.closed = False
        dialog.finished.connect(self._finished)

    def run(
        self,
        op: Callable[[Any], T],
        on_success: Callable[[T], None],
        *,
        write: bool,
        on_failure: Callable[[BaseException, str], None] | None = None,
    ) -> None:
        self.pending += 1

        def succeeded(result: T) -> None:
            self.pending -= 1
            if not self.closed:
                on_success(result)
            self._delete_if_done()

        def failed(exc: BaseException, details: str) -> None:
            self.pending -= 1
            if on_failure is not None and not self.closed:
                on_failure(exc, details)
            elif not isinstance(exc, Cancelled):
                self.ctx.show_error(exc, details)
            self._delete_if_done()

        self.ctx.run(op, succeeded, write=write, on_failure=failed)

    def _finished(self, _result: int) -> None:
        self.closed = True
        self._delete_if_done()

    def _delete_if_done(self) -> None:
        if self.closed and self.pending == 0 and shiboken6.isValid(self.dialog):
            self.dialog.deleteLater()


def phone_kind_labels() -> list[tuple[PhoneKind, str]]:
    return [
        (PhoneKind.MOBILE, QCoreApplication.translate("ContactFields", "Mobile")),
        (PhoneKind.WORK, QCoreApplication.translate("ContactFields", "Work")),
        (PhoneKind.HOME, QCoreApplication.translate("ContactFields", "Home")),
        (PhoneKind.FAX, QCoreApplication.translate("ContactFields", "Fax")),
        (PhoneKind.OTHER, QCoreApplication.translate("ContactFields", "Other")),
    ]


def email_kind_labels() -> list[tuple[EmailKind, str]]:
    return [
        (EmailKind.WORK, QCoreApplication.translate("ContactFields", "Work")),
        (EmailKind.PERSONAL, QCoreApplication.translate("ContactFields", "Personal")),
        (EmailKind.OTHER, QCoreApplication.translate("ContactFields", "Other")),
    ]


def phone_problem(reason: str | None) -> str:
    """Why a number was not recognised, for a person (domain reason codes)."""
    texts = {
        "too_short": QCoreApplication.translate("ContactFields", "too short, no area code?"),
        "too_long": QCoreApplication.translate("ContactFields", "too many digits"),
        "not_a_number": QCoreApplication.translate("ContactFields", "not a phone number"),
        "invalid_number": QCoreApplication.translate("ContactFields", "no such number"),
        "scientific_notation": QCoreApplication.translate(
            "ContactFields", "digits lost (Excel's 7.9E+10 form)"
        ),
        "multiple_numbers": QCoreApplication.translate("ContactFields", "several numbers"),
    }
    return texts.get(reason or "", QCoreApplication.translate("ContactFields", "not recognised"))


def display_phone(p: ParsedPhone, extension: str | None = None) -> str:
    """'+7 912 345-67-89 ext. 12' for a recognised number."""
    assert p.e164 is not None
    return format_phone(
        p.e164,
        extension or p.extension,
        ext_label=QCoreApplication.translate("ContactFields", "ext."),
    )


def _select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _tool_button(parent: QWidget, icon_name: str, tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setIcon(icon(icon_name))
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


def _status_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(160)
    return label


def _set_status(label: QLabel, text: str, color: str, tip: str = "") -> None:
    label.setText(text)
    label.setToolTip(tip or text)
    label.setStyleSheet(f"color: {color};" if text else "")


# --------------------------------------------------------------------- rows


@dataclass(eq=False)
class _Row:
    """A row of a `_RowsEditor`: its widgets left to right, named after `PARTS`."""

    PARTS: ClassVar[tuple[str, ...]]
    kind: QComboBox
    status: QLabel
    remove: QToolButton

    def widgets(self) -> list[QWidget]:
        raise NotImplementedError

    def entry(self) -> QLineEdit:
        """What gets the focus in a new row."""
        raise NotImplementedError


R = TypeVar("R", bound=_Row)
V = TypeVar("V")


class _RowsEditor(QWidget, Generic[R, V]):
    """Rows of a card's values (phones, emails) in a grid, added and removed; a row's
    widgets are named ``<prefix>_<part>_<n>`` after its place."""

    changed = Signal()
    prefix = ""

    def __init__(self, parent: QWidget | None, stretch: dict[int, int]) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.prefix}s")
        self.rows: list[R] = []
        self._headers: list[QLabel] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(4)
        for column, factor in stretch.items():
            self._grid.setColumnStretch(column, factor)
        self.add_button = QPushButton(icon("create"), "", self)
        self.add_button.setObjectName(f"add_{self.prefix}")
        self.add_button.setFlat(True)
        self.add_button.clicked.connect(self._add_clicked)

    def add_row(self, value: V | None = None) -> R:
        raise NotImplementedError

    def _update_status(self, row: R) -> None:
        raise NotImplementedError

    def _kind_combo(self, labels: Sequence[tuple[Any, str]], value: object) -> QComboBox:
        kind = QComboBox(self)
        for choice, text in labels:
            kind.addItem(text, choice.value)
        _select_data(kind, value)
        return kind

    def _adopt(self, row: R) -> R:
        """A new row's widgets in place and wired (its edits' own signals are the caller's)."""
        row.kind.currentIndexChanged.connect(self.changed)
        row.remove.clicked.connect(lambda _checked=False, r=row: self.remove_row(r))
        self.rows.append(row)
        self._relayout()
        self._update_status(row)
        self.changed.emit()
        return row

    def remove_row(self, row: R) -> None:
        self.rows.remove(row)
        for widget in row.widgets():
            self._grid.removeWidget(widget)
            widget.setObjectName("")  # its name goes to the row that takes its place
            widget.hide()
            widget.deleteLater()
        self._relayout()
        self.changed.emit()

    def _set_values(self, values: Sequence[V]) -> None:
        for row in list(self.rows):
            self.remove_row(row)
        for value in values:
            self.add_row(value)
        if not self.rows:
            self.add_row()

    @Slot()
    def _add_clicked(self) -> None:
        row = self.add_row()
        row.entry().setFocus(Qt.FocusReason.OtherFocusReason)

    def _relayout(self) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        for column, header in enumerate(self._headers):
            self._grid.addWidget(header, 0, column)
            header.setVisible(bool(self.rows))
        top = 1 if self._headers else 0
        for n, row in enumerate(self.rows):
            for column, (widget, part) in enumerate(zip(row.widgets(), row.PARTS, strict=True)):
                self._grid.addWidget(widget, n + top, column)
                widget.setObjectName(f"{self.prefix}_{part}_{n}")
        self._grid.addWidget(
            self.add_button, len(self.rows) + top, 0, 1, 2, Qt.AlignmentFlag.AlignLeft
        )

    def input_widgets(self) -> list[QWidget]:
        """In tab order."""
        out: list[QWidget] = []
        for row in self.rows:
            out += [w for w in row.widgets() if w is not row.status]
        return [*out, self.add_button]


# --------------------------------------------------------------------- phones


@dataclass(eq=False)
class _PhoneRow(_Row):
    PARTS = ("kind", "number", "ext", "comment", "status", "remove")
    number: QLineEdit
    extension: QLineEdit
    comment: QLineEdit

    def widgets(self) -> list[QWidget]:
        return [self.kind, self.number, self.extension, self.comment, self.status, self.remove]

    def entry(self) -> QLineEdit:
        return self.number


class PhonesEditor(_RowsEditor[_PhoneRow, PhoneInput]):
    """Several phones of a card: kind, number, extension, comment; add and remove rows."""

    prefix = "phone"

    def __init__(self, region: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, {1: 3, 3: 2, 4: 3})
        self.region = region
        self._headers = [
            QLabel(self.tr("Type"), self),
            QLabel(self.tr("Number"), self),
            QLabel(self.tr("Ext."), self),
            QLabel(self.tr("Comment"), self),
            QLabel(self.tr("Will be saved as"), self),
        ]
        for header in self._headers:
            header.setStyleSheet("color: palette(placeholder-text);")
        self.add_button.setText(self.tr("Add phone"))
        self.add_row()

    # -- rows

    def add_row(self, phone: PhoneInput | None = None) -> _PhoneRow:
        kind = self._kind_combo(
            phone_kind_labels(), (phone.kind if phone else PhoneKind.MOBILE).value
        )
        number = QLineEdit(self)
        number.setPlaceholderText(self.tr("+7 912 345-67-89"))
        number.setMinimumWidth(150)
        extension = QLineEdit(self)
        extension.setMaximumWidth(64)
        extension.setToolTip(self.tr("Extension"))
        comment = QLineEdit(self)
        comment.setPlaceholderText(self.tr("e.g. after 2 pm"))
        status = _status_label(self)
        remove = _tool_button(self, "delete", self.tr("Remove this phone"))
        row = _PhoneRow(kind, status, remove, number, extension, comment)
        if phone is not None:
            number.setText(phone.raw)
            extension.setText(phone.extension or "")
            comment.setText(phone.comment or "")
        for edit in (number, extension):
            edit.textChanged.connect(lambda _text, r=row: self._update_status(r))
        for edit in (number, extension, comment):
            edit.textChanged.connect(self.changed)
        return self._adopt(row)

    def _update_status(self, row: _PhoneRow) -> None:
        text = row.number.text()
        parsed = [
            p for p in parse_phone_cell(text, self.region) if p.status is not PhoneStatus.EMPTY
        ]
        ext = row.extension.text().strip() or None
        if not parsed:
            _set_status(row.status, "", "")
            return
        if len(parsed) > 1:
            shown = "; ".join(display_phone(p) if p.e164 else p.raw for p in parsed)
            bad = any(not p.is_valid for p in parsed)
            _set_status(
                row.status,
                self.tr("Several numbers: %1").replace("%1", shown),
                WARNING_COLOR if bad else OK_COLOR,
            )
            return
        p = parsed[0]
        if p.is_valid and p.e164:
            _set_status(row.status, "✓ " + display_phone(p, ext), OK_COLOR)
        else:
            problem = phone_problem(p.reason)
            _set_status(
                row.status,
                self.tr("⚠ Not recognised: %1").replace("%1", problem),
                WARNING_COLOR,
                self.tr(
                    "Not recognised as a phone number (%1). It will be saved as typed and "
                    "marked, so you can correct it later."
                ).replace("%1", problem),
            )

    # -- values

    def set_phones(self, phones: Sequence[PhoneView]) -> None:
        self._set_values([PhoneInput(p.raw, p.kind, p.extension, p.comment) for p in phones])

    def phones(self) -> list[PhoneInput]:
        result: list[PhoneInput] = []
        for row in self.rows:
            raw = row.number.text().strip()
            if not raw:
                continue
            result.append(
                PhoneInput(
                    raw=raw,
                    kind=PhoneKind(row.kind.currentData()),
                    extension=row.extension.text().strip() or None,
                    comment=row.comment.text().strip() or None,
                )
            )
        return result


# --------------------------------------------------------------------- emails


@dataclass(eq=False)
class _EmailRow(_Row):
    PARTS = ("kind", "address", "status", "remove")
    address: QLineEdit

    def widgets(self) -> list[QWidget]:
        return [self.kind, self.address, self.status, self.remove]

    def entry(self) -> QLineEdit:
        return self.address


class EmailsEditor(_RowsEditor[_EmailRow, EmailInput]):
    """Several email addresses of a card: kind and address."""

    prefix = "email"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, {1: 5, 2: 3})
        self.add_button.setText(self.tr("Add email"))
        self.add_row()

    def add_row(self, email: EmailInput | None = None) -> _EmailRow:
        kind = self._kind_combo(
            email_kind_labels(), (email.kind if email else EmailKind.WORK).value
        )
        address = QLineEdit(self)
        address.setPlaceholderText(self.tr("name@example.com"))
        address.setMinimumWidth(220)
        status = _status_label(self)
        remove = _tool_button(self, "delete", self.tr("Remove this address"))
        row = _EmailRow(kind, status, remove, address)
        if email is not None:
            address.setText(email.address)
        address.textChanged.connect(lambda _text, r=row: self._update_status(r))
        address.textChanged.connect(self.changed)
        return self._adopt(row)

    def _update_status(self, row: _EmailRow) -> None:
        text = row.address.text().strip()
        if not text or normalize_email(text) is not None:
            _set_status(row.status, "", "")
        else:
            _set_status(row.status, self.tr("⚠ Not an email address"), ERROR_COLOR)

    def set_emails(self, emails: Sequence[EmailView]) -> None:
        self._set_values([EmailInput(e.address, e.kind) for e in emails])

    def emails(self) -> list[EmailInput]:
        return [
            EmailInput(row.address.text().strip(), EmailKind(row.kind.currentData()))
            for row in self.rows
            if row.address.text().strip()
        ]

    def invalid_addresses(self) -> list[tuple[int, str]]:
        """(row, text) of every address that is not an email address."""
        return [
            (i, row.address.text().strip())
            for i, row in enumerate(self.rows)
            if row.address.text().strip() and normalize_email(row.address.text()) is None
        ]


# -------------------------------------------------------- organization picker

ORG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ORG_SEARCH_LIMIT = 60  # search() mixes people in; organizations are filtered out of it


class OrganizationPicker(QObject):
    """Turns a line edit into a search-as-you-type choice of an organization.

    Each keystroke searches in the background (the newest query wins); the hits
    show in a completer popup and choosing one sets `organization_id`. Typing
    again forgets the choice, so the text and the id never disagree. A subclass
    with another `kind` (and `icon_name`) picks records of that kind instead.
    """

    kind = EntityKind.ORGANIZATION
    icon_name = "organization"

    chosen = Signal(object)  # int | None
    results_shown = Signal(str, int)

    def __init__(self, ctx: AppContext, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.ctx = ctx
        self.edit = edit
        self.organization_id: int | None = None
        self.hits: list[SearchHit] = []
        self._generation = 0
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(edit)  # not setCompleter: we decide when the popup shows
        self.completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        edit.setClearButtonEnabled(True)
        edit.addAction(icon(self.icon_name), QLineEdit.ActionPosition.LeadingPosition)
        edit.textEdited.connect(self._on_text)

    def set_organization(self, organization_id: int | None, name: str) -> None:
        self.organization_id = organization_id
        self.edit.setText(name)

    @Slot(str)
    def _on_text(self, text: str) -> None:
        self.organization_id = None
        self.chosen.emit(None)
        self._generation += 1
        generation = self._generation
        query = text.strip()
        if not query:
            self.model.clear()
            self._hide_popup()
            return
        ws = self.ctx.ws
        self.ctx.run(
            lambda _progress: search(ws, query, limit=ORG_SEARCH_LIMIT),
            lambda hits: self._show(generation, query, hits),
            write=False,
        )

    def _show(self, generation: int, query: str, hits: list[SearchHit]) -> None:
        if generation != self._generation or not self.edit.isVisible():
            return
        self.hits = [h for h in hits if h.kind is self.kind][:15]
        self.model.clear()
        for hit in self.hits:
            item = QStandardItem(icon(self.icon_name), hit.title)
            item.setData(hit.id, ORG_ID_ROLE)
            item.setToolTip(hit.subtitle)
            self.model.appendRow(item)
        if self.hits and self.edit.hasFocus():
            self.completer.complete()
        else:
            self._hide_popup()
        self.results_shown.emit(query, len(self.hits))

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        entity_id = index.data(ORG_ID_ROLE)
        if entity_id is None:
            return
        self.organization_id = int(entity_id)
        self.edit.setText(str(index.data(Qt.ItemDataRole.DisplayRole)))
        self.chosen.emit(self.organization_id)

    def _hide_popup(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()

    def resolve(self) -> int | None:
        """The chosen organization, or the one hit whose name is exactly what was typed."""
        if self.organization_id is not None:
            return self.organization_id
        text = " ".join(self.edit.text().split()).casefold()
        exact = [h for h in self.hits if " ".join(h.title.split()).casefold() == text]
        if text and len(exact) == 1:
            self.organization_id = exact[0].id
        return self.organization_id
