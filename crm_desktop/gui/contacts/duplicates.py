"""Duplicates: the warning before saving a look-alike card, the merge dialog, undo.

`DuplicatesDialog` lists the cards that look like the one being saved, each with
why it matched, and reports the user's decision (`decided`): open the existing
card, merge, save anyway or cancel. It knows nothing of the editor behind it.

`MergeDialog` puts two cards side by side (`services.merge.preview_merge`): a
choice per differing field, the phones, emails and tags the kept card will have,
and what moves to it; ⇄ swaps which card is kept. Merging runs in the background
and passes the versions it showed, so a card changed meanwhile is refused and the
comparison reloaded. `undo_last_merge` undoes the newest merge that is not undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.domain.phones import format_phone
from crm_desktop.errors import ConcurrentEditError, UserError
from crm_desktop.gui.contacts.contact_fields import ERROR_COLOR, DialogJobs
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.resources import icon
from crm_desktop.services import contacts, duplicates, merge, search
from crm_desktop.services.dto import (
    DuplicateCandidate,
    MatchReason,
    MergeField,
    MergePreview,
    MergeRecord,
    OrganizationCard,
    PersonCard,
    PersonInput,
    PhoneInput,
)
from crm_desktop.services.workspace import Workspace

BANNER_ERROR = (
    "QLabel { background: #fdecea; color: #5f1512; border: 1px solid #f1b0ab;"
    " border-radius: 4px; padding: 8px; }"
)
MUTED = "color: palette(placeholder-text);"


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _kind_icon(kind: EntityKind) -> str:
    return "organization" if kind is EntityKind.ORGANIZATION else "person"


def reason_text(kind: EntityKind, reason: MatchReason) -> str:
    """'Same phone +7 912 345-67-89' and the like."""
    if reason.field == "phone":
        shown = format_phone(reason.value) if reason.value.startswith("+") else reason.value
        return QCoreApplication.translate("Duplicates", "Same phone %1").replace("%1", shown)
    if reason.field == "email":
        return QCoreApplication.translate("Duplicates", "Same email %1").replace("%1", reason.value)
    if reason.field == "inn":
        return QCoreApplication.translate("Duplicates", "Same INN %1").replace("%1", reason.value)
    if reason.field == "name" and kind is EntityKind.ORGANIZATION:
        return QCoreApplication.translate("Duplicates", "Same name: %1").replace("%1", reason.value)
    if reason.field == "name":
        return QCoreApplication.translate("Duplicates", "Similar name")
    return f"{reason.field}: {reason.value}"


def _card_summary(card: OrganizationCard | PersonCard) -> str:
    """Position, organization, city, first phone: enough to recognise the card."""
    parts: list[str | None]
    if isinstance(card, PersonCard):
        parts = [card.position, card.organization_name, card.city]
    else:
        parts = [card.city, card.inn]
    parts += [p.display for p in card.phones[:2]]
    parts += [e.address for e in card.emails[:1]]
    return " · ".join(p for p in parts if p)


# --------------------------------------------------------------- duplicates


class DuplicatesDialog(QDialog):
    """ "This looks like a card that already exists": what to do about the look-alikes."""

    OPEN = "open"
    MERGE = "merge"
    SAVE = "save"
    CANCEL = "cancel"

    decided = Signal(str, object)  # action, DuplicateCandidate | None

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        kind: EntityKind,
        candidates: Sequence[DuplicateCandidate],
        new_title: str,
        *,
        new: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.candidates = list(candidates)
        self.jobs = DialogJobs(ctx, self)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle(self.tr("Possible duplicate"))
        self.setWindowIcon(icon("warning"))
        self.setWindowModality(Qt.WindowModality.WindowModal)

        picture = QLabel(self)
        picture.setPixmap(icon("warning").pixmap(48, 48))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = _heading(self.tr("This looks like a card that already exists"), self)
        intro = QLabel(self)
        intro.setObjectName("intro")
        intro.setWordWrap(True)
        intro.setText(
            self.tr(
                "“%1” shares a phone, email, INN or name with a card already in the base. "
                "Open the existing card, merge the two, or save a new card anyway."
            ).replace("%1", new_title)
        )
        texts = QVBoxLayout()
        texts.addWidget(heading)
        texts.addWidget(intro)
        top = QHBoxLayout()
        top.addWidget(picture)
        top.addLayout(texts, 1)

        self.list = QListWidget(self)
        self.list.setObjectName("candidates")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSpacing(2)
        self.list.setStyleSheet(
            "QListWidget::item { border: 1px solid transparent; border-radius: 4px; }"
            "QListWidget::item:selected { background: rgba(25, 118, 210, 28);"
            " border: 1px solid palette(highlight); }"
        )
        self.list.setMinimumHeight(120)
        self.summaries: list[QLabel] = []
        self.reason_labels: list[QLabel] = []
        for row, candidate in enumerate(self.candidates):
            self._add_candidate(row, candidate)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self._decide(self.OPEN))

        self.open_button = QPushButton(icon(_kind_icon(kind)), self.tr("Open existing"), self)
        self.open_button.setObjectName("open_existing")
        self.open_button.setToolTip(
            self.tr("Close this card without saving and open the chosen one")
        )
        self.merge_button = QPushButton(icon("merge"), self.tr("Save and merge…"), self)
        self.merge_button.setObjectName("merge")
        self.merge_button.setToolTip(
            self.tr("Save this card, then merge it into the chosen one, field by field")
        )
        self.save_button = QPushButton(icon("save"), self.tr("Save anyway"), self)
        self.save_button.setObjectName("save_anyway")
        self.save_button.setToolTip(self.tr("These are different clients: save the card as it is"))
        self.cancel_button = QPushButton(self.tr("Back to the card"), self)
        self.cancel_button.setObjectName("cancel")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self._decide(self.OPEN))
        self.merge_button.clicked.connect(lambda: self._decide(self.MERGE))
        self.save_button.clicked.connect(lambda: self._decide(self.SAVE))
        self.cancel_button.clicked.connect(self.reject)
        self.list.currentRowChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        rows = sum(self.list.sizeHintForRow(r) + 6 for r in range(min(4, self.list.count())))
        self.resize(max(680, self.sizeHint().width()), min(560, 170 + rows))
        self._load_summaries()

    def _add_candidate(self, row: int, candidate: DuplicateCandidate) -> None:
        item = QListWidgetItem(self.list)
        item.setData(Qt.ItemDataRole.UserRole, candidate.id)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, candidate.title)
        box = QWidget(self.list)
        box.setObjectName(f"candidate_{row}")
        picture = QLabel(box)
        picture.setPixmap(icon(_kind_icon(candidate.kind)).pixmap(32, 32))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        name = QLabel(candidate.title, box)
        name.setObjectName(f"candidate_name_{row}")
        name.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(name.font())
        font.setBold(True)
        name.setFont(font)
        summary = QLabel(box)
        summary.setObjectName(f"candidate_summary_{row}")
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setStyleSheet(MUTED)
        summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        summary.hide()
        reasons = QLabel(" · ".join(reason_text(candidate.kind, r) for r in candidate.reasons), box)
        reasons.setObjectName(f"candidate_reasons_{row}")
        reasons.setTextFormat(Qt.TextFormat.PlainText)
        reasons.setWordWrap(True)
        reasons.setStyleSheet(f"color: {ERROR_COLOR};")
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(name)
        texts.addWidget(summary)
        texts.addWidget(reasons)
        line = QHBoxLayout(box)
        line.setContentsMargins(8, 6, 8, 6)
        line.addWidget(picture)
        line.addLayout(texts, 1)
        self.summaries.append(summary)
        self.reason_labels.append(reasons)
        item.setSizeHint(box.sizeHint().expandedTo(box.minimumSizeHint()) + QSize(0, 4))
        self.list.setItemWidget(item, box)

    def _load_summaries(self) -> None:
        ws, kind = self.ctx.ws, self.kind
        ids = [c.id for c in self.candidates[:10]]

        def fetch(_progress: object) -> list[str]:
            getter = contacts.get_person if kind is EntityKind.PERSON else contacts.get_organization
            return [_card_summary(getter(ws, i)) for i in ids]

        self.jobs.run(fetch, self._show_summaries, write=False, on_failure=lambda *_a: None)

    def _show_summaries(self, texts: list[str]) -> None:
        for row, text in enumerate(texts):
            label = self.summaries[row]
            width = max(200, self.list.viewport().width() - 80)
            metrics = label.fontMetrics()
            label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
            label.setToolTip(text)
            label.setVisible(bool(text))
            item = self.list.item(row)
            box = self.list.itemWidget(item)
            item.setSizeHint(box.sizeHint() + QSize(0, 4))

    def current(self) -> DuplicateCandidate | None:
        row = self.list.currentRow()
        return self.candidates[row] if 0 <= row < len(self.candidates) else None

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        chosen = self.current() is not None
        self.open_button.setEnabled(chosen)
        self.merge_button.setEnabled(chosen)

    def _decide(self, action: str) -> None:
        candidate = self.current()
        if action in (self.OPEN, self.MERGE) and candidate is None:
            return
        self.accept()
        self.decided.emit(action, candidate)

    def reject(self) -> None:
        super().reject()
        self.decided.emit(self.CANCEL, None)


# -------------------------------------------------------------------- merge


def field_label(name: str) -> str:
    labels = {
        "full_name": QCoreApplication.translate("Duplicates", "Name"),
        "name": QCoreApplication.translate("Duplicates", "Name"),
        "organization_id": QCoreApplication.translate("Duplicates", "Organization"),
        "position": QCoreApplication.translate("Duplicates", "Position"),
        "department": QCoreApplication.translate("Duplicates", "Department"),
        "inn": QCoreApplication.translate("Duplicates", "INN"),
        "kpp": QCoreApplication.translate("Duplicates", "KPP"),
        "ogrn": QCoreApplication.translate("Duplicates", "OGRN"),
        "address": QCoreApplication.translate("Duplicates", "Address"),
        "city": QCoreApplication.translate("Duplicates", "City"),
        "website": QCoreApplication.translate("Duplicates", "Website"),
        "industry": QCoreApplication.translate("Duplicates", "Industry"),
        "segment": QCoreApplication.translate("Duplicates", "Segment"),
        "source": QCoreApplication.translate("Duplicates", "Source"),
        "interests": QCoreApplication.translate("Duplicates", "Interests and needs"),
        "notes": QCoreApplication.translate("Duplicates", "Notes"),
        "is_key_client": QCoreApplication.translate("Duplicates", "Key client"),
        "birthday": QCoreApplication.translate("Duplicates", "Birthday"),
    }
    return labels.get(name, name)


def field_value(name: str, value: str | None) -> str:
    """A merge field's value as a person reads it ('' for none)."""
    if value is None:
        return ""
    if name == "is_key_client":
        return (
            QCoreApplication.translate("Duplicates", "Yes")
            if value in ("True", "1", "true")
            else QCoreApplication.translate("Duplicates", "No")
        )
    if name == "birthday":
        if value.startswith("--"):
            month, day = int(value[2:4]), int(value[5:7])
            return QLocale().toString(QDate(2000, month, day), "d MMMM")
        try:
            d = date.fromisoformat(value)
        except ValueError:
            return value
        return QLocale().toString(QDate(d.year, d.month, d.day), QLocale.FormatType.LongFormat)
    return " ".join(value.split())


def moved_lines(moved: dict[str, int]) -> list[str]:
    """'deals: 3', 'people: 2' … for what moves to the kept card (none: empty list).

    Worded without plural forms: English has no .qm to pick "1 deal" / "3 deals"."""
    texts = {
        "deals": lambda n: QCoreApplication.translate("Duplicates", "deals: %1").replace(
            "%1", str(n)
        ),
        "activities": lambda n: QCoreApplication.translate(
            "Duplicates", "tasks and activities: %1"
        ).replace("%1", str(n)),
        "notes": lambda n: QCoreApplication.translate("Duplicates", "notes: %1").replace(
            "%1", str(n)
        ),
        "persons": lambda n: QCoreApplication.translate("Duplicates", "people: %1").replace(
            "%1", str(n)
        ),
        "key_dates": lambda n: QCoreApplication.translate("Duplicates", "key dates: %1").replace(
            "%1", str(n)
        ),
        "custom_values": lambda n: QCoreApplication.translate(
            "Duplicates", "custom field values: %1"
        ).replace("%1", str(n)),
    }
    return [texts[key](n) for key, n in moved.items() if n and key in texts]


class MergeDialog(QDialog):
    """Two cards side by side: pick the values to keep, see what moves, merge."""

    merged = Signal(object, int, int)  # kind, survivor id, change set id

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        kind: EntityKind,
        survivor_id: int,
        other_id: int,
        preview: MergePreview | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.survivor_id = survivor_id
        self.other_id = other_id
        self.preview: MergePreview | None = None
        self.picked: dict[str, int] = {}  # field -> the id of the card whose value the user took
        self.groups: dict[str, QButtonGroup] = {}
        self.radios: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self._merging = False
        self._sized = False
        self.jobs = DialogJobs(ctx, self)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Merge two cards"))
        self.setWindowIcon(icon("merge"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setSizeGripEnabled(True)

        heading = _heading(self.tr("Merge two cards into one"), self)
        intro = QLabel(
            self.tr(
                "Where the cards differ, choose the value to keep. The kept card receives the "
                "other card's phones, emails, tags, deals, tasks and history; the other card goes "
                "to the trash. You can undo the merge later."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_ERROR)
        self.banner.hide()

        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll_area.setWidget(self.grid_host)

        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.moves = QLabel(self)
        self.moves.setObjectName("moves")
        self.moves.setWordWrap(True)
        self.moves.setTextFormat(Qt.TextFormat.PlainText)

        self.swap_button = QPushButton(self.tr("⇄ Keep the other card"), self)
        self.swap_button.setObjectName("swap")
        self.swap_button.setToolTip(
            self.tr("Swap the cards: keep the right one, trash the left one")
        )
        self.swap_button.clicked.connect(self.swap)
        self.merge_button = QPushButton(icon("merge"), self.tr("Merge"), self)
        self.merge_button.setObjectName("merge")
        self.merge_button.setDefault(True)
        self.merge_button.clicked.connect(self.do_merge)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.busy_label = QLabel(self)
        self.busy_label.setStyleSheet(MUTED)
        buttons = QHBoxLayout()
        buttons.addWidget(self.swap_button)
        buttons.addWidget(self.busy_label, 1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addWidget(self.scroll_area, 1)
        summary_box = QFrame(self)
        summary_box.setFrameShape(QFrame.Shape.StyledPanel)
        summary_layout = QVBoxLayout(summary_box)
        summary_layout.addWidget(self.summary)
        summary_layout.addWidget(self.moves)
        layout.addWidget(summary_box)
        layout.addLayout(buttons)
        self.resize(900, 420)
        if preview is not None:
            self.show_preview(preview)
        else:
            self.reload()

    # ------------------------------------------------------------- preview

    def reload(self) -> None:
        ws, kind, s, o = self.ctx.ws, self.kind, self.survivor_id, self.other_id
        self._busy(self.tr("Comparing the cards…"))
        self.jobs.run(
            lambda _p: merge.preview_merge(ws, kind, s, o),
            self.show_preview,
            write=False,
            on_failure=self._preview_failed,
        )

    def _busy(self, text: str) -> None:
        self.busy_label.setText(text)
        enabled = not text and self.preview is not None
        self.merge_button.setEnabled(enabled)
        self.swap_button.setEnabled(enabled)

    def _preview_failed(self, exc: BaseException, details: str) -> None:
        self._busy("")
        self.merge_button.setEnabled(False)
        if isinstance(exc, UserError):
            self.banner.setText(exc.message)
            self.banner.show()
        else:
            self.ctx.show_error(exc, details)

    def show_preview(self, preview: MergePreview) -> None:
        self.preview = preview
        self.survivor_id, self.other_id = preview.survivor_id, preview.other_id
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setObjectName("")  # the new rows take these names
                widget.hide()
                widget.deleteLater()
        for group in self.groups.values():
            group.deleteLater()
        self.groups.clear()
        self.radios.clear()
        self._header(preview)
        row = 3
        for f in preview.fields:
            if f.survivor_value is None and f.other_value is None:
                continue
            self._field_row(row, f)
            row += 1
        self.grid.setRowStretch(row, 1)
        self._show_summary(preview)
        self._busy("")
        if not self._sized:
            self._sized = True
            self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the comparison needs (no empty box, no needless scrolling)."""
        screen = self.screen()
        limit = int(screen.availableGeometry().height() * 0.55) if screen is not None else 520
        wanted = self.grid_host.sizeHint().height() + 2 * self.scroll_area.frameWidth()
        self.scroll_area.setMinimumHeight(min(wanted, limit))
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), self.sizeHint().height())
        self.scroll_area.setMinimumHeight(120)  # the user may still make the window smaller

    def _header(self, preview: MergePreview) -> None:
        for column, (caption, title, name) in enumerate(
            (
                (self.tr("KEPT CARD"), preview.survivor_title, "left_title"),
                (self.tr("MERGED INTO IT, THEN TRASHED"), preview.other_title, "right_title"),
            ),
            start=1,
        ):
            small = QLabel(caption, self.grid_host)
            small.setStyleSheet(MUTED)
            big = QLabel(title, self.grid_host)
            big.setObjectName(name)
            big.setTextFormat(Qt.TextFormat.PlainText)
            big.setWordWrap(True)
            font = QFont(big.font())
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.1)
            big.setFont(font)
            self.grid.addWidget(small, 0, column)
            self.grid.addWidget(big, 1, column)
        line = QFrame(self.grid_host)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.grid.addWidget(line, 2, 0, 1, 3)

    def _field_row(self, row: int, f: MergeField) -> None:
        label = QLabel(field_label(f.name), self.grid_host)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setStyleSheet(MUTED)
        self.grid.addWidget(label, row, 0)
        left, right = field_value(f.name, f.survivor_value), field_value(f.name, f.other_value)
        if left == right:
            for column, text in ((1, left), (2, right)):
                value = QLabel(text, self.grid_host)
                value.setObjectName(f"{'left' if column == 1 else 'right'}_{f.name}")
                value.setTextFormat(Qt.TextFormat.PlainText)
                value.setWordWrap(True)
                value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                self.grid.addWidget(value, row, column)
            return
        group = QButtonGroup(self.grid_host)
        radios: list[QRadioButton] = []
        for column, text, entity_id in ((1, left, self.survivor_id), (2, right, self.other_id)):
            radio = QRadioButton(self.grid_host)
            radio.setObjectName(f"{'left' if column == 1 else 'right'}_{f.name}")
            shown = text or self.tr("(empty)")
            radio.setText(self._elide(radio, shown))
            radio.setToolTip(shown)
            radio.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            radio.setProperty("entity_id", entity_id)
            radio.toggled.connect(
                lambda on, name=f.name, eid=entity_id: self._picked(name, eid) if on else None
            )
            group.addButton(radio)
            self.grid.addWidget(radio, row, column)
            radios.append(radio)
        chosen = self.picked.get(f.name)
        if chosen == self.survivor_id or (chosen is None and f.default == "survivor"):
            radios[0].setChecked(True)
        else:
            radios[1].setChecked(True)
        self.groups[f.name] = group
        self.radios[f.name] = (radios[0], radios[1])

    def _elide(self, widget: QWidget, text: str) -> str:
        return widget.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, 360)

    def _picked(self, name: str, entity_id: int) -> None:
        self.picked[name] = entity_id

    def _show_summary(self, preview: MergePreview) -> None:
        none = self.tr("none")

        def listed(items: tuple[str, ...]) -> str:
            return ", ".join(_html(i) for i in items) if items else none

        self.summary.setText(
            self.tr("<b>The kept card will have</b><br>Phones: %1<br>Email: %2<br>Tags: %3")
            .replace("%1", listed(preview.phones))
            .replace("%2", listed(preview.emails))
            .replace("%3", listed(preview.tags))
        )
        lines = moved_lines(preview.moved)
        if lines:
            self.moves.setText(
                self.tr("Moves to the kept card: %1").replace("%1", " · ".join(lines))
            )
        else:
            self.moves.setText(
                self.tr(
                    "No deals, tasks or notes are linked to the other card: nothing else moves."
                )
            )

    def choices(self) -> dict[str, str]:
        """Field -> 'survivor' | 'other', for every field where the cards differ."""
        return {
            name: "survivor" if left.isChecked() else "other"
            for name, (left, _right) in self.radios.items()
        }

    # -------------------------------------------------------------- actions

    @Slot()
    def swap(self) -> None:
        if self.preview is None or self.busy_label.text():
            return
        self.survivor_id, self.other_id = self.other_id, self.survivor_id
        self.reload()

    @Slot()
    def do_merge(self) -> None:
        preview = self.preview
        if preview is None or self._merging or self.busy_label.text():
            return
        ws, kind = self.ctx.ws, self.kind
        s, o = preview.survivor_id, preview.other_id
        versions = (preview.survivor_version, preview.other_version)
        choices = self.choices()
        self._merging = True
        self.banner.hide()
        self._busy(self.tr("Merging…"))
        self.jobs.run(
            lambda _p: merge.merge(ws, kind, s, o, choices, expected_versions=versions),
            lambda change_set: self._merged(preview, change_set),
            write=True,
            on_failure=self._merge_failed,
        )

    def _merged(self, preview: MergePreview, change_set: int) -> None:
        self._merging = False
        self._busy("")
        kinds = [EntityKind.DEAL, EntityKind.ACTIVITY, EntityKind.NOTE]
        if self.kind is EntityKind.ORGANIZATION:
            kinds.append(EntityKind.PERSON)
        self.ctx.notify(
            Changes.of(
                (self.kind, preview.survivor_id), (self.kind, preview.other_id), kinds=tuple(kinds)
            )
        )
        self.ctx.open_record.emit(self.kind, preview.survivor_id)
        self.merged.emit(self.kind, preview.survivor_id, change_set)
        self.accept()

    def _merge_failed(self, exc: BaseException, details: str) -> None:
        self._merging = False
        self._busy("")
        if isinstance(exc, ConcurrentEditError):
            self.banner.setText(
                self.tr(
                    "One of the cards was changed while this window was open, so nothing was "
                    "merged. The comparison below has been refreshed: check it and merge again."
                )
            )
            self.banner.show()
            self.reload()
        elif isinstance(exc, UserError):
            self.banner.setText(exc.message)
            self.banner.show()
        else:
            self.ctx.show_error(exc, details)

    def reject(self) -> None:
        if not self._merging:
            super().reject()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def open_merge(
    ctx: AppContext, parent: QWidget | None, kind: EntityKind, survivor_id: int, other_id: int
) -> MergeDialog:
    """The merge dialog for two cards (the contacts page's two selected rows)."""
    dialog = MergeDialog(ctx, parent, kind, survivor_id, other_id)
    dialog.open()
    return dialog


def undo_last_merge(ctx: AppContext, parent: QWidget | None) -> None:
    """Undo the newest merge that has not been undone, after asking."""
    ws = ctx.ws
    title = QCoreApplication.translate("Duplicates", "Undo merge")

    def failed(exc: BaseException, details: str) -> None:
        if isinstance(exc, UserError):
            ctx.dialogs.error(parent, title, exc.message)
        else:
            ctx.show_error(exc, details)

    def undone(_result: object) -> None:
        ctx.notify(
            Changes.of(
                kinds=(
                    EntityKind.PERSON,
                    EntityKind.ORGANIZATION,
                    EntityKind.DEAL,
                    EntityKind.ACTIVITY,
                    EntityKind.NOTE,
                )
            )
        )

    def listed(records: list[MergeRecord]) -> None:
        record = next((r for r in records if r.status == "done"), None)
        if record is None:
            ctx.dialogs.info(
                parent,
                title,
                QCoreApplication.translate("Duplicates", "There is no merge to undo."),
            )
            return
        question = QCoreApplication.translate(
            "Duplicates",
            "Undo the merge “%1”? Both cards come back exactly as they were before it.",
        ).replace("%1", record.title)
        if not ctx.dialogs.confirm(parent, title, question):
            return
        ctx.run(
            lambda _p: merge.undo_merge(ws, record.id),
            undone,
            write=True,
            title=title,
            on_failure=failed,
        )

    ctx.run(lambda _p: merge.list_merges(ws, limit=50), listed, write=False, on_failure=failed)


# -------------------------------------------------------------- screenshots


def _demo_people(ws: Workspace) -> list[tuple[OrganizationCard, list[PersonCard]]]:
    """A few organizations of the open base with their people (read synchronously)."""
    found: list[tuple[OrganizationCard, list[PersonCard]]] = []
    seen: set[int] = set()
    for query in ("ООО", "LLC", "Ltd", "Inc"):  # the legal forms of the demo's languages
        for hit in search.search(ws, query, limit=40):
            if hit.kind is not EntityKind.ORGANIZATION or hit.id in seen:
                continue
            seen.add(hit.id)
            org = contacts.get_organization(ws, hit.id)
            if len(org.persons) >= 2:
                found.append((org, [contacts.get_person(ws, p.id) for p in org.persons[:4]]))
            if len(found) >= 3:
                return found
    return found


def demo_dialog(view: str, ctx: AppContext, window: QWidget) -> QWidget:
    """For `crm-desktop screenshot --view duplicates|merge`: a dialog over real demo cards."""
    ws = ctx.ws
    groups = _demo_people(ws)
    if not groups:
        raise UserError("The base has no organization with two people to show.")
    if view == "merge":
        _org, people = groups[0]
        preview = merge.preview_merge(ws, EntityKind.PERSON, people[0].id, people[1].id)
        dialog: QDialog = MergeDialog(
            ctx, window, EntityKind.PERSON, people[0].id, people[1].id, preview
        )
    else:
        person = next(p for _org, people in groups for p in people if any(x.e164 for x in p.phones))
        phone = next(x for x in person.phones if x.e164)
        assert phone.e164 is not None
        look_alike = PersonInput(
            last_name=person.first_name,  # the name order swapped, as people type it
            first_name=person.last_name,
            phones=[PhoneInput(format_phone(phone.e164, phone.extension, style="national"))],
        )
        found = duplicates.find_person_duplicates(ws, look_alike)
        title = f"{person.first_name} {person.last_name}"
        dialog = DuplicatesDialog(ctx, window, EntityKind.PERSON, found, title)
    dialog.show()
    return dialog
