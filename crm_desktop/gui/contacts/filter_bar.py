"""The filter row above the contact tree: tag, owner, city, segment, days without contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QWidget,
)

from crm_desktop.domain.kinds import EntityKind
from crm_desktop.gui.context import AppContext, Changes
from crm_desktop.gui.resources import icon
from crm_desktop.services import contact_list
from crm_desktop.services.contact_list import ContactFilter
from crm_desktop.services.workspace import Workspace

TYPING_DELAY_MS = 350  # the city and the days apply once typing pauses
MAX_DAYS = 3650
_VALUE_KINDS = frozenset({EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.USER})


@dataclass(frozen=True)
class FilterValues:
    """What the combos offer, read in the background."""

    owners: list[tuple[int, str]]
    tags: list[str]
    cities: list[str]
    segments: list[str]


def load_values(ws: Workspace) -> FilterValues:
    return FilterValues(
        contact_list.owners(ws),
        contact_list.tags(ws),
        contact_list.cities(ws),
        contact_list.segments_in_use(ws),
    )


class FilterBar(QWidget):
    """Emits `filter_changed(ContactFilter)` whenever the chosen filter changes."""

    filter_changed = Signal(object)
    save_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("contactFilterBar")
        self._current = ContactFilter()
        self._values_requested = False

        picture = QLabel(self)
        picture.setPixmap(icon("filter").pixmap(QSize(16, 16)))
        self.tag_combo = self._combo("tagFilter", self.tr("All tags"))
        self.owner_combo = self._combo("ownerFilter", self.tr("All owners"))
        self.segment_combo = self._combo("segmentFilter", self.tr("All segments"))
        self.city_combo = QComboBox(self)
        self.city_combo.setObjectName("cityFilter")
        self.city_combo.setEditable(True)
        self.city_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.city_combo.setMinimumContentsLength(12)
        self.city_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        line = self.city_combo.lineEdit()
        line.setPlaceholderText(self.tr("Any city"))
        line.setClearButtonEnabled(True)
        completer = QCompleter(self.city_combo.model(), self.city_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.city_combo.setCompleter(completer)
        self.city_combo.setToolTip(self.tr("Only contacts in this city"))

        self.days_label = QLabel(self.tr("No contact for"), self)
        self.days_spin = QSpinBox(self)
        self.days_spin.setObjectName("noContactDays")
        self.days_spin.setRange(0, MAX_DAYS)
        self.days_spin.setSingleStep(7)
        self.days_spin.setSpecialValueText(self.tr("any time"))
        self.days_spin.setSuffix(self.tr(" days"))
        self.days_spin.setToolTip(
            self.tr("Only contacts with no call, meeting or letter for this many days (0: off)")
        )
        self.days_spin.setAccelerated(True)
        self.days_label.setBuddy(self.days_spin)

        self.reset_button = QPushButton(icon("undo"), self.tr("Reset"), self)
        self.reset_button.setObjectName("resetFilter")
        self.reset_button.setToolTip(self.tr("Show all contacts again"))
        self.save_button = QPushButton(icon("save"), self.tr("Save as segment…"), self)
        self.save_button.setObjectName("saveSegment")
        self.save_button.setToolTip(
            self.tr("Remember this filter under a name in the navigation on the left")
        )
        self.segment_button = QToolButton(self)
        self.segment_button.setObjectName("segmentMenu")
        self.segment_button.setText(self.tr("Segment"))
        self.segment_button.setIcon(icon("segment"))
        self.segment_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.segment_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.segment_button.setToolTip(self.tr("Rename or delete the segment shown"))
        self.segment_button.hide()

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self._emit)
        for combo in (self.tag_combo, self.owner_combo, self.segment_combo):
            combo.currentIndexChanged.connect(self._emit)
        self.city_combo.lineEdit().textEdited.connect(self._typing.start)
        self.city_combo.activated.connect(self._emit)
        self.city_combo.lineEdit().returnPressed.connect(self._emit)
        self.days_spin.valueChanged.connect(self._typing.start)
        self.days_spin.editingFinished.connect(self._emit)
        self.reset_button.clicked.connect(self.reset)
        self.save_button.clicked.connect(self.save_requested)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(picture)
        for widget in (self.tag_combo, self.owner_combo, self.city_combo, self.segment_combo):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addWidget(self.days_label)
        layout.addWidget(self.days_spin)
        layout.addStretch(1)
        layout.addWidget(self.reset_button)
        layout.addWidget(self.save_button)
        layout.addWidget(self.segment_button)
        self._update_buttons()
        ctx.changed.connect(self._on_changed)

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(everything, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMinimumContentsLength(10)
        return combo

    # --------------------------------------------------------- values

    def load_values(self) -> None:
        """Fill the combos from the base (in the background)."""
        self._values_requested = True
        ws = self.ctx.ws
        self.ctx.run(lambda _p: load_values(ws), self._show_values, write=False)

    def _show_values(self, values: FilterValues) -> None:
        flt = self._current
        self._fill(self.tag_combo, [(t, t) for t in values.tags])
        self._fill(self.owner_combo, [(name, owner_id) for owner_id, name in values.owners])
        self._fill(self.segment_combo, [(s, s) for s in values.segments])
        text = self.city_combo.currentText()
        self.city_combo.blockSignals(True)
        self.city_combo.clear()
        self.city_combo.addItems(values.cities)
        self.city_combo.setCurrentIndex(-1)
        self.city_combo.setEditText(text)
        self.city_combo.blockSignals(False)
        self._show(flt)

    def _fill(self, combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, value in items:
            combo.addItem(text, value)
        combo.blockSignals(False)

    @Slot(object)
    def _on_changed(self, changes: Changes) -> None:
        if self._values_requested and changes.kinds & _VALUE_KINDS:
            self.load_values()

    # --------------------------------------------------------- filter

    def current_filter(self) -> ContactFilter:
        """The filter the widgets show now."""
        city = self.city_combo.currentText().strip()
        days = self.days_spin.value()
        return ContactFilter(
            tag=self.tag_combo.currentData(),
            owner_id=self.owner_combo.currentData(),
            city=city or None,
            segment=self.segment_combo.currentData(),
            no_contact_days=days or None,
        )

    def set_filter(self, flt: ContactFilter) -> None:
        """Show `flt` in the widgets (values not offered yet are added) and apply it."""
        self._typing.stop()
        self._show(flt)
        self._emit()

    def shown_filter(self, flt: ContactFilter) -> ContactFilter:
        """`flt` as the widgets will show it (a tag in the spelling the list offers)."""
        return ContactFilter(
            tag=self._offered(self.tag_combo, flt.tag),
            owner_id=flt.owner_id,
            city=flt.city,
            segment=self._offered(self.segment_combo, flt.segment),
            no_contact_days=flt.no_contact_days or None,
        )

    @staticmethod
    def _offered(combo: QComboBox, value: str | None) -> str | None:
        index = _find(combo, value)
        return combo.itemData(index) if index > 0 else value

    def reset(self) -> None:
        self.set_filter(ContactFilter())

    def _show(self, flt: ContactFilter) -> None:
        widgets = (
            self.tag_combo,
            self.owner_combo,
            self.segment_combo,
            self.city_combo,
            self.days_spin,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self._select(self.tag_combo, flt.tag, flt.tag)
        self._select(self.owner_combo, flt.owner_id, self.tr("Owner #%1"))
        self._select(self.segment_combo, flt.segment, flt.segment)
        self.city_combo.setEditText(flt.city or "")
        self.days_spin.setValue(flt.no_contact_days or 0)
        for widget in widgets:
            widget.blockSignals(False)

    @staticmethod
    def _select(combo: QComboBox, value: Any, text: str | None) -> None:
        if value is None:
            combo.setCurrentIndex(0)
            return
        index = _find(combo, value)
        if index < 0:
            combo.addItem((text or "").replace("%1", str(value)), value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    @Slot()
    def _emit(self, *_args: object) -> None:
        self._typing.stop()
        flt = self.current_filter()
        self._update_buttons()
        if flt != self._current:
            self._current = flt
            self.filter_changed.emit(flt)

    def _update_buttons(self) -> None:
        empty = self.current_filter().is_empty()
        self.reset_button.setEnabled(not empty)
        self.save_button.setEnabled(not empty)


def _find(combo: QComboBox, value: Any) -> int:
    """The item holding `value` (text compared case-insensitively, like the filter does)."""
    if value is None:
        return 0
    for index in range(1, combo.count()):
        data = combo.itemData(index)
        if data == value or (
            isinstance(data, str) and isinstance(value, str) and data.casefold() == value.casefold()
        ):
            return index
    return -1
