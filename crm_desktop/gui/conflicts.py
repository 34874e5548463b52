"""The conflict dialog: someone else changed the same fields of a record while it was open
in an editor (services/conflicts.py merged everything else).

Per field it shows the value when the editor opened, the current one (the other user's)
and the one typed here, with a choice per field — keep theirs / use mine — and "Use all
mine" / "Use all theirs". Saving goes against the new version, so it may conflict again
(the editor then shows this dialog again with the newest values).

An editor calls `resolve_conflict(ctx, self, error, save)` from its failure handler; the
dialog opens window-modal without a nested event loop, so tests click it like a person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import EditConflictError, FieldConflict
from crm_desktop.gui.context import AppContext

MINE = "mine"
THEIRS = "theirs"

# (save(data, base, version)): the editor's write of the resolved input
Resave = Callable[[Any, Any, int], None]


def field_label(name: str, fallback: str) -> str:
    """A field's name in the user's language (the service gives English)."""
    labels = {
        "name": QCoreApplication.translate("ConflictDialog", "Name"),
        "inn": QCoreApplication.translate("ConflictDialog", "INN"),
        "kpp": QCoreApplication.translate("ConflictDialog", "KPP"),
        "ogrn": QCoreApplication.translate("ConflictDialog", "OGRN"),
        "address": QCoreApplication.translate("ConflictDialog", "Address"),
        "city": QCoreApplication.translate("ConflictDialog", "City"),
        "website": QCoreApplication.translate("ConflictDialog", "Website"),
        "industry": QCoreApplication.translate("ConflictDialog", "Industry"),
        "segment": QCoreApplication.translate("ConflictDialog", "Segment"),
        "source": QCoreApplication.translate("ConflictDialog", "Source"),
        "interests": QCoreApplication.translate("ConflictDialog", "Interests"),
        "notes": QCoreApplication.translate("ConflictDialog", "Notes"),
        "is_key_client": QCoreApplication.translate("ConflictDialog", "Key client"),
        "owner_id": QCoreApplication.translate("ConflictDialog", "Responsible"),
        "phones": QCoreApplication.translate("ConflictDialog", "Phones"),
        "emails": QCoreApplication.translate("ConflictDialog", "Emails"),
        "tags": QCoreApplication.translate("ConflictDialog", "Tags"),
        "organization_id": QCoreApplication.translate("ConflictDialog", "Organization"),
        "person_id": QCoreApplication.translate("ConflictDialog", "Person"),
        "deal_id": QCoreApplication.translate("ConflictDialog", "Deal"),
        "position": QCoreApplication.translate("ConflictDialog", "Position"),
        "department": QCoreApplication.translate("ConflictDialog", "Department"),
        "birthday": QCoreApplication.translate("ConflictDialog", "Birthday"),
        "title": QCoreApplication.translate("ConflictDialog", "Title"),
        "stage": QCoreApplication.translate("ConflictDialog", "Stage"),
        "amount": QCoreApplication.translate("ConflictDialog", "Amount"),
        "probability": QCoreApplication.translate("ConflictDialog", "Probability"),
        "expected_close_on": QCoreApplication.translate("ConflictDialog", "Expected close"),
        "description": QCoreApplication.translate("ConflictDialog", "Description"),
        "subject": QCoreApplication.translate("ConflictDialog", "Subject"),
        "kind": QCoreApplication.translate("ConflictDialog", "Type"),
        "when": QCoreApplication.translate("ConflictDialog", "Date and time"),
        "priority": QCoreApplication.translate("ConflictDialog", "Priority"),
        "reminder": QCoreApplication.translate("ConflictDialog", "Reminder"),
        "location": QCoreApplication.translate("ConflictDialog", "Location"),
        "recurrence": QCoreApplication.translate("ConflictDialog", "Repeats"),
        "done": QCoreApplication.translate("ConflictDialog", "Done"),
    }
    return labels.get(name, fallback)


def _value_text(text: str | None, name: str = "") -> str:
    if text is not None and name in ("phones", "emails"):
        return text.replace("; ", "\n")  # one per line
    if text is None:
        return QCoreApplication.translate("ConflictDialog", "(empty)")
    if text == "yes":
        return QCoreApplication.translate("ConflictDialog", "yes")
    if text == "no":
        return QCoreApplication.translate("ConflictDialog", "no")
    return text


def _cell(text: str, *, bold: bool = False, muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(140)
    style = []
    if bold:
        style.append("font-weight: bold")
    if muted:
        style.append("color: palette(mid)")
    if style:
        label.setStyleSheet("; ".join(style))
    return label


class ConflictRow:
    """One field of the dialog: its values and the two choices."""

    def __init__(self, field: FieldConflict, theirs: QRadioButton, mine: QRadioButton) -> None:
        self.field = field
        self.theirs = theirs
        self.mine = mine

    @property
    def choice(self) -> str:
        return MINE if self.mine.isChecked() else THEIRS


class ConflictDialog(QDialog):
    """Choose, per field both sides changed, whose value to save."""

    resolved = Signal(object)  # dict field name -> 'mine' | 'theirs'

    def __init__(self, ctx: AppContext, parent: QWidget | None, error: EditConflictError) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.error = error
        self.setObjectName("conflict_dialog")
        self.setWindowTitle(self.tr("Someone else changed this record"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)

        who = error.changed_by or self.tr("Another user")
        when = ""
        if error.changed_at is not None:
            when = error.changed_at.astimezone(ctx.clock.tz).strftime("%d.%m.%Y %H:%M")
        intro = (
            self.tr("%1 saved this record at %2, after you opened it.")
            .replace("%1", who)
            .replace("%2", when)
            if when
            else self.tr("%1 saved this record after you opened it.").replace("%1", who)
        )
        count = len(error.fields)
        self.intro = QLabel(
            intro
            + " "
            + self.tr(
                "Both of you changed %n fields. Your other changes will be saved as well; "
                "choose which value to keep here.",
                "",
                count,
            )
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        headers = (
            self.tr("Field"),
            self.tr("When you opened it"),
            self.tr("Now (%1)").replace("%1", who),
            self.tr("Yours"),
            self.tr("Keep"),
        )
        for column, text in enumerate(headers):
            grid.addWidget(_cell(text, bold=True), 0, column)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        grid.addWidget(line, 1, 0, 1, len(headers))
        self.rows: dict[str, ConflictRow] = {}
        self._groups: list[QButtonGroup] = []
        for n, field in enumerate(error.fields, start=2):
            top = Qt.AlignmentFlag.AlignTop
            label = _cell(field_label(field.name, field.label), bold=True)
            grid.addWidget(label, n, 0, top)
            grid.addWidget(_cell(_value_text(field.base, field.name), muted=True), n, 1, top)
            grid.addWidget(_cell(_value_text(field.theirs, field.name)), n, 2, top)
            grid.addWidget(_cell(_value_text(field.mine, field.name)), n, 3, top)
            theirs = QRadioButton(self.tr("Theirs"))
            mine = QRadioButton(self.tr("Mine"))
            theirs.setObjectName(f"theirs_{field.name}")
            mine.setObjectName(f"mine_{field.name}")
            group = QButtonGroup(self)
            group.addButton(theirs)
            group.addButton(mine)
            self._groups.append(group)
            mine.setChecked(True)
            choice = QHBoxLayout()
            choice.addWidget(theirs)
            choice.addWidget(mine)
            holder = QWidget()
            holder.setLayout(choice)
            choice.setContentsMargins(0, 0, 0, 0)
            grid.addWidget(holder, n, 4, Qt.AlignmentFlag.AlignTop)
            self.rows[field.name] = ConflictRow(field, theirs, mine)
        grid.setRowStretch(len(error.fields) + 2, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)

        bulk = QHBoxLayout()
        self.all_theirs_button = QPushButton(self.tr("Use all theirs"))
        self.all_mine_button = QPushButton(self.tr("Use all mine"))
        self.all_theirs_button.clicked.connect(lambda: self.choose_all(THEIRS))
        self.all_mine_button.clicked.connect(lambda: self.choose_all(MINE))
        bulk.addWidget(self.all_theirs_button)
        bulk.addWidget(self.all_mine_button)
        bulk.addStretch(1)
        layout.addLayout(bulk)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(
            self.tr("Back to editing"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button.setDefault(True)
        layout.addWidget(buttons)
        self.resize(860, min(560, 220 + 60 * count))

    def choose_all(self, side: str) -> None:
        for row in self.rows.values():
            (row.mine if side == MINE else row.theirs).setChecked(True)

    def choices(self) -> dict[str, str]:
        return {name: row.choice for name, row in self.rows.items()}

    def accept(self) -> None:
        self.resolved.emit(self.choices())
        super().accept()


def resolve_conflict(
    ctx: AppContext, parent: QWidget, error: EditConflictError, save: Resave
) -> ConflictDialog:
    """Show the conflict over `parent` (an editor); on "Save" call `save` with the resolved
    input, the new base (the record as it is now) and the version to save against."""
    dialog = ConflictDialog(ctx, parent, error)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.resolved.connect(
        lambda choices: save(error.resolve(choices), error.theirs, error.version)
    )
    dialog.open()
    return dialog


def conflict_banner_text() -> str:
    """What an editor says after the conflict dialog was closed without saving."""
    return QCoreApplication.translate(
        "ConflictDialog",
        "Not saved: someone else changed the same fields. Press Save again to choose "
        "whose values to keep.",
    )
