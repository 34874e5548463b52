"""The organization and person editors (new and edit), with the duplicate check on save.

Each dialog is a Qt Designer form (``ui/person_dialog.ui``,
``ui/organization_dialog.ui``) in a scroll area, with the phone and email grids of
`contact_fields` put into the form's empty group boxes. The dialogs are
window-modal and opened with ``open()``; the functions below return them.

Saving: the input is checked here first (required name, INN checksum, email
addresses — a red line under the field); then the duplicate search runs in the
background (an edit leaves out the card itself and the look-alikes the card
already had when it was opened); if it finds look-alikes, `DuplicatesDialog`
asks what to do; then the card is created or updated in the background, an
update passing the version the dialog loaded. Whatever goes wrong, the dialog
stays open with everything typed in it: a rule the service enforces comes back
as the same red line, a concurrent edit as a banner at the top.

Names: three fields (last, first, middle) because the card stores them apart and
an edit must give back exactly what was stored; typing a whole name into "Last
name" with the other two empty splits it (`domain.names.split_person_name`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.inn import is_valid_inn, normalize_inn
from crm_desktop.domain.kinds import EntityKind
from crm_desktop.domain.names import split_person_name
from crm_desktop.errors import ConcurrentEditError, EditConflictError, UserError, ValidationError
from crm_desktop.gui.conflicts import ConflictDialog, conflict_banner_text, resolve_conflict
from crm_desktop.gui.contacts.contact_fields import (
    ERROR_COLOR,
    DialogJobs,
    EmailsEditor,
    OrganizationPicker,
    PhonesEditor,
)
from crm_desktop.gui.contacts.duplicates import DuplicatesDialog, open_merge
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.forms import EditorDialog, _child, fit_to_screen, setup_form
from crm_desktop.gui.resources import icon
from crm_desktop.services import contacts, duplicates
from crm_desktop.services.conflicts import organization_input, person_input
from crm_desktop.services.dto import (
    DuplicateCandidate,
    OrganizationCard,
    OrganizationInput,
    PersonCard,
    PersonInput,
)
from crm_desktop.services.workspace import Workspace

T = TypeVar("T")
Card = TypeVar("Card", bound=OrganizationCard | PersonCard)
Data = TypeVar("Data", bound=OrganizationInput | PersonInput)

_KPP_RE = re.compile(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}")
_OGRN_RE = re.compile(r"[0-9]{13}|[0-9]{15}")

BANNER_ERROR = (
    "QLabel { background: #fdecea; color: #5f1512; border: 1px solid #f1b0ab;"
    " border-radius: 4px; padding: 8px; }"
)
BANNER_INFO = (
    "QLabel { background: #e8f1fb; color: #0d3c61; border: 1px solid #b3d3f2;"
    " border-radius: 4px; padding: 8px; }"
)


def _tags(text: str) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


def _date_format() -> str:
    fmt = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return fmt if "yyyy" in fmt else fmt.replace("yy", "yyyy")


class SaveBar:
    """Save and Cancel at the bottom of an editor, a busy note on their left.

    `layout` goes under the form; Save calls `save`, Cancel rejects the dialog.
    """

    def __init__(self, dialog: QDialog, save: Callable[[], object]) -> None:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert save_button is not None and cancel_button is not None
        self.save_button: QPushButton = save_button
        self.cancel_button: QPushButton = cancel_button
        self.save_button.setObjectName("save")
        self.cancel_button.setObjectName("cancel")
        self.save_button.setIcon(icon("save"))
        self.save_button.clicked.connect(save)
        self.buttons.rejected.connect(dialog.reject)
        self.busy_label = QLabel(dialog)
        self.busy_label.setObjectName("busy")
        self.busy_label.setStyleSheet("color: palette(placeholder-text);")
        self.layout = QHBoxLayout()
        self.layout.addWidget(self.busy_label, 1)
        self.layout.addWidget(self.buttons)


class CardDialog(EditorDialog, Generic[Card, Data]):
    """What both editors share: loading, validation display, duplicate check, saving."""

    kind: EntityKind
    ui_name = ""
    saved = Signal(object, int)  # kind, id
    merge_base: Any = None  # the input as loaded: changes saved meanwhile merge with it
    conflict_dialog: ConflictDialog | None = None

    def __init__(self, ctx: AppContext, parent: QWidget | None, entity_id: int | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entity_id = entity_id
        self.version: int | None = None
        self.card: Card | None = None
        self.duplicates_dialog: DuplicatesDialog | None = None
        self._baseline: frozenset[int] = frozenset()  # look-alikes the card had when opened
        self._initial: Data | None = None
        self._writing = False
        self.jobs = DialogJobs(ctx, self)
        self.form = setup_form(self, self.ui_name, f"{self.kind.value}Dialog")
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        self.phones = PhonesEditor(ctx.ws.region, self.form)
        self._layout_of("phones_box").addWidget(self.phones)
        self.emails = EmailsEditor(self.form)
        self._layout_of("emails_box").insertWidget(0, self.emails)
        self.inn = self._line("inn")
        self.city = self._line("city")
        self.address = self._line("address")
        self.website = self._line("website")
        self.segment = self._line("segment")
        self.source = self._line("source")
        self.tags = self._line("tags")
        self.key_client = _child(self.form, QCheckBox, "key_client")
        self.key_client.setIcon(icon("key-client"))
        self.interests = _child(self.form, QPlainTextEdit, "interests")
        self.notes = _child(self.form, QPlainTextEdit, "notes")
        for box in (self.interests, self.notes):
            # grow with the window, but ask for little: no scroll bar on a laptop screen
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            box.setMinimumHeight(72)
        root = self.form.layout()
        if isinstance(root, QVBoxLayout):  # spare height goes to the notes, not the grids
            for i in range(root.count()):
                item = root.itemAt(i)
                inner = item.layout() if item is not None else None
                if inner is not None and inner.objectName() == "notes_row":
                    root.setStretch(i, 1)
        self.errors: dict[str, QLabel] = {}
        for label in self.form.findChildren(QLabel):
            if label.objectName().startswith("error_"):
                label.setStyleSheet(f"color: {ERROR_COLOR};")
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.hide()
                self.errors[label.objectName().removeprefix("error_")] = label

        scroll = QScrollArea(self)
        scroll.setObjectName("scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        bar = SaveBar(self, self.save)
        self.buttons, self.busy_label = bar.buttons, bar.busy_label
        self.save_button, self.cancel_button = bar.save_button, bar.cancel_button
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar.layout)

        for field, widgets in self._field_inputs().items():
            for widget in widgets:
                if isinstance(widget, QLineEdit):
                    widget.textEdited.connect(lambda _t, f=field: self.clear_error(f))
        self.emails.changed.connect(lambda: self.clear_error("emails"))
        self.phones.changed.connect(self._fix_tab_order)
        self.emails.changed.connect(self._fix_tab_order)

    # ------------------------------------------------------------ the form

    def _line(self, name: str) -> QLineEdit:
        return _child(self.form, QLineEdit, name)

    def _layout_of(self, box_name: str) -> QVBoxLayout:
        layout = _child(self.form, QWidget, box_name).layout()
        assert isinstance(layout, QVBoxLayout)
        return layout

    def _size_to_screen(self) -> None:
        hint = self.form.sizeHint()
        width, height = max(hint.width() + 40, 900), hint.height() + 110
        fit_to_screen(self, width, height)

    def _fix_tab_order(self) -> None:
        chain = [
            *self._tab_chain(),
            *self.phones.input_widgets(),
            *self.emails.input_widgets(),
            self.interests,
            self.notes,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _tab_chain(self) -> list[QWidget]:
        raise NotImplementedError

    def _field_inputs(self) -> dict[str, list[QWidget]]:
        """Field name (as in ValidationError.field) -> its inputs; the first gets the focus."""
        raise NotImplementedError

    def _fill_common(self, card: OrganizationCard | PersonCard) -> None:
        for edit, value in (
            (self.inn, card.inn),
            (self.city, card.city),
            (self.address, card.address),
            (self.website, card.website),
            (self.segment, card.segment),
            (self.source, card.source),
        ):
            edit.setText(value or "")
        self.tags.setText(", ".join(card.tags))
        self.key_client.setChecked(card.is_key_client)
        self.interests.setPlainText(card.interests or "")
        self.notes.setPlainText(card.notes or "")
        self.phones.set_phones(card.phones)
        self.emails.set_emails(card.emails)

    def _collect_common(self) -> dict[str, Any]:
        """What `_fill_common` shows, as the input's fields (both kinds of card have them)."""
        return {
            "inn": self.inn.text(),
            "address": self.address.text(),
            "city": self.city.text(),
            "website": self.website.text(),
            "segment": self.segment.text(),
            "source": self.source.text(),
            "interests": self.interests.toPlainText(),
            "notes": self.notes.toPlainText(),
            "is_key_client": self.key_client.isChecked(),
            "phones": self.phones.phones(),
            "emails": self.emails.emails(),
            "tags": _tags(self.tags.text()),
        }

    # ------------------------------------------------------------- errors

    def show_error(self, field: str, message: str) -> bool:
        """Show `message` under the field; False when the form has no place for it."""
        label = self.errors.get(field)
        if label is None:
            return False
        label.setText(message)
        label.show()
        return True

    def clear_error(self, field: str) -> None:
        label = self.errors.get(field)
        if label is not None and label.isVisible():
            label.clear()
            label.hide()

    def clear_errors(self) -> None:
        for field in self.errors:
            self.clear_error(field)
        self.hide_banner()

    def visible_errors(self) -> dict[str, str]:
        return {f: label.text() for f, label in self.errors.items() if not label.isHidden()}

    def show_banner(self, text: str, *, error: bool = True) -> None:
        self.banner.setStyleSheet(BANNER_ERROR if error else BANNER_INFO)
        self.banner.setText(text)
        self.banner.show()

    def hide_banner(self) -> None:
        self.banner.clear()
        self.banner.hide()

    def _focus_field(self, field: str) -> None:
        widgets = self._field_inputs().get(field)
        if field == "emails":
            bad = self.emails.invalid_addresses()
            if bad:
                widgets = [self.emails.rows[bad[0][0]].address]
        if widgets:
            widgets[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _validate_common(self, errors: dict[str, str]) -> None:
        inn = self.inn.text().strip()
        if inn:
            cleaned = normalize_inn(inn)
            if cleaned is None or not is_valid_inn(cleaned):
                errors["inn"] = self._inn_message()
        bad = self.emails.invalid_addresses()
        if bad:
            errors["emails"] = QCoreApplication.translate(
                "CardDialog", "“%1” is not an email address."
            ).replace("%1", bad[0][1])

    def _inn_message(self) -> str:
        return QCoreApplication.translate(
            "CardDialog",
            "Not a valid INN: 10 digits for a company, 12 for a person, "
            "with a correct check digit.",
        )

    def _server_message(self, exc: ValidationError) -> str:
        """The translated line for a rule the service enforced (its own text otherwise)."""
        if exc.field == "inn":
            return self._inn_message()
        if exc.field == "name":
            return self._name_message()
        return exc.message

    # ---------------------------------------------------------- background

    def _set_busy(self, text: str) -> None:
        self.busy_label.setText(text)
        self.save_button.setEnabled(not text)
        self.form.setEnabled(not text)

    # -------------------------------------------------------------- loading

    def load(self) -> None:
        """Fetch the card (and the look-alikes it already has) in the background."""
        assert self.entity_id is not None
        ws, entity_id = self.ctx.ws, self.entity_id
        fetch = self._fetch
        self._set_busy(QCoreApplication.translate("CardDialog", "Loading the card…"))
        self.save_button.setEnabled(False)
        self.jobs.run(
            lambda _p: fetch(ws, entity_id), self._loaded, write=False, on_failure=self._load_failed
        )

    def _fetch(self, ws: Workspace, entity_id: int) -> tuple[Card, frozenset[int]]:
        raise NotImplementedError

    def _loaded(self, result: tuple[Card, frozenset[int]]) -> None:
        card, baseline = result
        self.card = card
        self.version = card.version
        self._baseline = baseline
        self.fill(card)
        self._set_busy("")
        self._initial = self.collect()
        self.merge_base = self._initial
        self._fix_tab_order()
        if not self.isVisible():
            self.open()
        self._focus_first()

    def fill(self, card: Card) -> None:
        raise NotImplementedError

    def _focus_first(self) -> None:
        chain = self._tab_chain()
        if chain:
            chain[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # --------------------------------------------------------------- saving

    def collect(self) -> Data:
        raise NotImplementedError

    def validate(self) -> dict[str, str]:
        raise NotImplementedError

    def _name_message(self) -> str:
        raise NotImplementedError

    def _find(self, ws: Workspace, data: Data, exclude_id: int | None) -> list[DuplicateCandidate]:
        raise NotImplementedError

    def _write(self, ws: Workspace, data: Data) -> Card:
        raise NotImplementedError

    def _title_of(self, data: Data) -> str:
        raise NotImplementedError

    def _changes(self, card: Card) -> Changes:
        return Changes.of((self.kind, card.id))

    def _before_save(self) -> None:
        """Last touches to the input (the person's whole name split)."""

    @Slot()
    def save(self) -> None:
        """Check, look for duplicates, then write — each step in the background."""
        if self._writing or self.busy_label.text():
            return
        self.clear_errors()
        self._before_save()
        errors = self.validate()
        if errors:
            for field, message in errors.items():
                if not self.show_error(field, message):
                    self.show_banner(message)
            self._focus_field(next(iter(errors)))
            return
        data = self.collect()
        ws, exclude, find = self.ctx.ws, self.entity_id, self._find
        self._set_busy(QCoreApplication.translate("CardDialog", "Looking for cards like this one…"))
        self.jobs.run(
            lambda _p: find(ws, data, exclude),
            lambda found: self._checked(data, found),
            write=False,
            on_failure=self._check_failed,
        )

    def _check_failed(self, exc: BaseException, details: str) -> None:
        self._set_busy("")
        self.ctx.show_error(exc, details)

    def _checked(self, data: Data, found: list[DuplicateCandidate]) -> None:
        self._set_busy("")
        fresh = [c for c in found if c.id not in self._baseline]
        if not fresh:
            self._save(data)
            return
        dialog = DuplicatesDialog(
            self.ctx, self, self.kind, fresh, self._title_of(data), new=self.entity_id is None
        )
        dialog.decided.connect(lambda action, candidate: self._decided(data, action, candidate))
        self.duplicates_dialog = dialog
        dialog.open()

    def _decided(self, data: Data, action: str, candidate: DuplicateCandidate | None) -> None:
        if action == DuplicatesDialog.OPEN and candidate is not None:
            self._initial = None  # the user chose to leave: no "discard?" question
            self.done(QDialog.DialogCode.Rejected)
            self.ctx.open_record.emit(candidate.kind, candidate.id)
        elif action == DuplicatesDialog.MERGE and candidate is not None:
            ctx, parent, kind = self.ctx, self.parentWidget(), self.kind
            self._save(
                data,
                then=lambda card: open_merge(ctx, parent, kind, candidate.id, card.id),
            )
        elif action == DuplicatesDialog.SAVE:
            self._save(data)
        else:
            self._focus_first()

    def _save(self, data: Data, then: Callable[[Card], object] | None = None) -> None:
        ws, write = self.ctx.ws, self._write
        self._writing = True
        self._set_busy(QCoreApplication.translate("CardDialog", "Saving…"))
        self.jobs.run(
            lambda _p: write(ws, data),
            lambda card: self._saved(card, then),
            write=True,
            on_failure=self._save_failed,
        )

    def _saved(self, card: Card, then: Callable[[Card], object] | None) -> None:
        self._writing = False
        self._set_busy("")
        self.entity_id, self.version, self.card = card.id, card.version, card
        self.ctx.notify(self._changes(card))
        self.ctx.open_record.emit(self.kind, card.id)
        self.saved.emit(self.kind, card.id)
        self._initial = None
        self.done(QDialog.DialogCode.Accepted)
        if then is not None:
            then(card)

    def _save_failed(self, exc: BaseException, details: str) -> None:
        self._writing = False
        self._set_busy("")
        if isinstance(exc, EditConflictError) and self.merge_base is not None:
            self.ctx.notify(Changes.of((self.kind, self.entity_id or 0)))
            self.show_banner(conflict_banner_text())
            self.conflict_dialog = resolve_conflict(self.ctx, self, exc, self._resave)
        elif isinstance(exc, ConcurrentEditError):
            self.show_banner(
                QCoreApplication.translate(
                    "CardDialog",
                    "Someone else changed this card after you opened it, so your changes were "
                    "not saved. They are still here: copy what you need, close this window and "
                    "open the card again to see the current version.",
                )
            )
        elif isinstance(exc, ValidationError) and exc.field and exc.field in self.errors:
            self.show_error(exc.field, self._server_message(exc))
            self._focus_field(exc.field)
        elif isinstance(exc, UserError):
            self.show_banner(exc.message)
        else:
            self.ctx.show_error(exc, details)

    def _resave(self, data: Data, base: Data, version: int) -> None:
        """Save what the conflict dialog resolved, against the record as it is now."""
        self.hide_banner()
        self.merge_base, self.version = base, version
        self._save(data)

    # -------------------------------------------------------------- closing

    def is_dirty(self) -> bool:
        return self._initial is not None and self.collect() != self._initial

    def discard_question(self) -> str:
        return QCoreApplication.translate(
            "CardDialog", "Close without saving? What you typed in this card will be lost."
        )


# ----------------------------------------------------------------- organization


class OrganizationDialog(CardDialog[OrganizationCard, OrganizationInput]):
    kind = EntityKind.ORGANIZATION
    ui_name = "organization_dialog.ui"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, entity_id: int | None = None
    ) -> None:
        super().__init__(ctx, parent, entity_id)
        self.name = self._line("name")
        self.kpp = self._line("kpp")
        self.ogrn = self._line("ogrn")
        self.industry = self._line("industry")
        self.setWindowIcon(icon("organization"))
        self.setWindowTitle(self.tr("New organization"))
        self._fix_tab_order()
        self._size_to_screen()
        if entity_id is None:
            self._initial = self.collect()

    def _tab_chain(self) -> list[QWidget]:
        return [
            self.name,
            self.inn,
            self.kpp,
            self.ogrn,
            self.industry,
            self.key_client,
            self.city,
            self.address,
            self.website,
            self.segment,
            self.source,
            self.tags,
        ]

    def _field_inputs(self) -> dict[str, list[QWidget]]:
        return {
            "name": [self._line("name")],
            "inn": [self.inn],
            "kpp": [self._line("kpp")],
            "ogrn": [self._line("ogrn")],
            "emails": [self.emails],
        }

    def _fetch(self, ws: Workspace, entity_id: int) -> tuple[OrganizationCard, frozenset[int]]:
        card = contacts.get_organization(ws, entity_id)
        found = duplicates.find_organization_duplicates(
            ws, organization_input(card), exclude_id=entity_id
        )
        return card, frozenset(c.id for c in found)

    def fill(self, card: OrganizationCard) -> None:
        self.setWindowTitle(self.tr("Organization — %1").replace("%1", card.name))
        self.name.setText(card.name)
        self.kpp.setText(card.kpp or "")
        self.ogrn.setText(card.ogrn or "")
        self.industry.setText(card.industry or "")
        self._fill_common(card)

    def collect(self) -> OrganizationInput:
        return OrganizationInput(
            name=self.name.text(),
            kpp=self.kpp.text().strip().upper(),
            ogrn=self.ogrn.text().strip(),
            industry=self.industry.text(),
            **self._collect_common(),
        )

    def _name_message(self) -> str:
        return self.tr("Enter the organization's name.")

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.name.text().strip():
            errors["name"] = self._name_message()
        self._validate_common(errors)
        kpp = self.kpp.text().strip().upper()
        if kpp and not _KPP_RE.fullmatch(kpp):
            errors["kpp"] = self.tr(
                "A KPP has 9 characters: digits, with letters A–Z allowed in the 5th and 6th."
            )
        ogrn = self.ogrn.text().strip()
        if ogrn and not _OGRN_RE.fullmatch(ogrn):
            errors["ogrn"] = self.tr("An OGRN has 13 digits (an OGRNIP of a sole trader has 15).")
        return errors

    def _find(
        self, ws: Workspace, data: OrganizationInput, exclude_id: int | None
    ) -> list[DuplicateCandidate]:
        return duplicates.find_organization_duplicates(ws, data, exclude_id=exclude_id)

    def _write(self, ws: Workspace, data: OrganizationInput) -> OrganizationCard:
        if self.entity_id is None:
            return contacts.create_organization(ws, data)
        assert self.version is not None
        return contacts.update_organization(
            ws, self.entity_id, data, expected_version=self.version, base=self.merge_base
        )

    def _title_of(self, data: OrganizationInput) -> str:
        return " ".join(data.name.split())


# ----------------------------------------------------------------------- person


class PersonDialog(CardDialog[PersonCard, PersonInput]):
    kind = EntityKind.PERSON
    ui_name = "person_dialog.ui"

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        entity_id: int | None = None,
        organization_id: int | None = None,
    ) -> None:
        super().__init__(ctx, parent, entity_id)
        self.last_name = self._line("last_name")
        self.first_name = self._line("first_name")
        self.middle_name = self._line("middle_name")
        self.organization = self._line("organization")
        self.position = self._line("position")
        self.department = self._line("department")
        self.birthday_known = _child(self.form, QCheckBox, "birthday_known")
        self.birthday = _child(self.form, QDateEdit, "birthday")
        self.birthday.setDisplayFormat(_date_format())
        self.birthday.setDateRange(QDate(1900, 1, 1), QDate.currentDate())
        self.birthday.setDate(QDate(1980, 1, 1))
        self.birthday.setEnabled(False)
        self.birthday.setMinimumWidth(130)
        self.birthday_known.toggled.connect(self.birthday.setEnabled)
        self.picker = OrganizationPicker(ctx, self.organization)
        self.organization.textEdited.connect(lambda _t: self.clear_error("organization"))
        self.last_name.editingFinished.connect(self._split_whole_name)
        for edit in (self.first_name, self.middle_name):
            edit.textEdited.connect(lambda _t: self.clear_error("name"))
        self.setWindowIcon(icon("person"))
        self.setWindowTitle(self.tr("New person"))
        self._fix_tab_order()
        self._size_to_screen()
        if organization_id is not None and entity_id is None:
            self.picker.organization_id = organization_id
            ws = ctx.ws
            self.jobs.run(
                lambda _p: contacts.get_organization(ws, organization_id),
                self._organization_loaded,
                write=False,
            )
        if entity_id is None:
            self._initial = self.collect()

    def _organization_loaded(self, org: OrganizationCard) -> None:
        if self.picker.organization_id == org.id:
            self.picker.set_organization(org.id, org.name)

    def _before_save(self) -> None:
        self._split_whole_name()

    @Slot()
    def _split_whole_name(self) -> None:
        text = self.last_name.text().strip()
        if " " not in text or self.first_name.text().strip() or self.middle_name.text().strip():
            return
        name = split_person_name(text)
        if name.first or name.middle:
            self.last_name.setText(name.last)
            self.first_name.setText(name.first)
            self.middle_name.setText(name.middle)

    def _tab_chain(self) -> list[QWidget]:
        return [
            self.last_name,
            self.first_name,
            self.middle_name,
            self.organization,
            self.position,
            self.department,
            self.birthday_known,
            self.birthday,
            self.inn,
            self.city,
            self.address,
            self.website,
            self.segment,
            self.source,
            self.tags,
            self.key_client,
        ]

    def _field_inputs(self) -> dict[str, list[QWidget]]:
        return {
            "name": [self._line("last_name")],
            "organization": [self._line("organization")],
            "inn": [self.inn],
            "emails": [self.emails],
        }

    def _fetch(self, ws: Workspace, entity_id: int) -> tuple[PersonCard, frozenset[int]]:
        card = contacts.get_person(ws, entity_id)
        found = duplicates.find_person_duplicates(ws, person_input(card), exclude_id=entity_id)
        return card, frozenset(c.id for c in found)

    def fill(self, card: PersonCard) -> None:
        self.setWindowTitle(self.tr("Person — %1").replace("%1", card.full_name))
        self.last_name.setText(card.last_name)
        self.first_name.setText(card.first_name)
        self.middle_name.setText(card.middle_name)
        self.picker.set_organization(card.organization_id, card.organization_name or "")
        self.position.setText(card.position or "")
        self.department.setText(card.department or "")
        self.birthday_known.setChecked(card.birthday is not None)
        if card.birthday is not None:
            b = card.birthday
            self.birthday.setDate(QDate(b.year, b.month, b.day))
        self._fill_common(card)

    def collect(self) -> PersonInput:
        birthday: date | None = None
        if self.birthday_known.isChecked():
            d = self.birthday.date()
            birthday = date(d.year(), d.month(), d.day())
        return PersonInput(
            last_name=self.last_name.text(),
            first_name=self.first_name.text(),
            middle_name=self.middle_name.text(),
            organization_id=self.picker.resolve() if self.organization.text().strip() else None,
            position=self.position.text(),
            department=self.department.text(),
            birthday=birthday,
            **self._collect_common(),
        )

    def _name_message(self) -> str:
        return self.tr("Enter the person's name: at least the last or the first name.")

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not any(e.text().strip() for e in (self.last_name, self.first_name, self.middle_name)):
            errors["name"] = self._name_message()
        if self.organization.text().strip() and self.picker.resolve() is None:
            errors["organization"] = self.tr(
                "Choose the organization from the list that opens as you type, or clear the field."
            )
        self._validate_common(errors)
        return errors

    def _find(
        self, ws: Workspace, data: PersonInput, exclude_id: int | None
    ) -> list[DuplicateCandidate]:
        return duplicates.find_person_duplicates(ws, data, exclude_id=exclude_id)

    def _write(self, ws: Workspace, data: PersonInput) -> PersonCard:
        if self.entity_id is None:
            return contacts.create_person(ws, data)
        assert self.version is not None
        return contacts.update_person(
            ws, self.entity_id, data, expected_version=self.version, base=self.merge_base
        )

    def _title_of(self, data: PersonInput) -> str:
        return contacts.person_name_of(data).full

    def _changes(self, card: PersonCard) -> Changes:
        records = {(EntityKind.PERSON, card.id)}
        for org_id in (card.organization_id, self.card.organization_id if self.card else None):
            if org_id is not None:
                records.add((EntityKind.ORGANIZATION, org_id))
        return Changes.of(*records)


# -------------------------------------------------------------------- opening


def new_organization(ctx: AppContext, parent: QWidget | None) -> OrganizationDialog:
    dialog = OrganizationDialog(ctx, parent)
    dialog.open()
    dialog.name.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog


def new_person(
    ctx: AppContext, parent: QWidget | None, organization_id: int | None = None
) -> PersonDialog:
    dialog = PersonDialog(ctx, parent, organization_id=organization_id)
    dialog.open()
    dialog.last_name.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog


def edit_record(
    ctx: AppContext, parent: QWidget | None, kind: EntityKind, entity_id: int
) -> OrganizationDialog | PersonDialog:
    """The editor of a card: it opens, filled in, once the card has been read in the background.

    Returned at once (not yet shown); a card that cannot be read is reported instead."""
    dialog: OrganizationDialog | PersonDialog
    if kind is EntityKind.ORGANIZATION:
        dialog = OrganizationDialog(ctx, parent, entity_id)
    elif kind is EntityKind.PERSON:
        dialog = PersonDialog(ctx, parent, entity_id)
    else:
        raise ValueError(f"no editor for {kind}")
    dialog.load()
    return dialog


__all__ = [
    "CardDialog",
    "OrganizationDialog",
    "PersonDialog",
    "edit_record",
    "new_organization",
    "new_person",
]
