"""The table models of the import wizard and the import history: plain rows of text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon

from crm_desktop.gui.resources import icon

_Index = QModelIndex | QPersistentModelIndex
HEADER_BACKGROUND = QColor(240, 180, 0, 70)  # the header row(s) in the sheet preview
PROBLEM_BACKGROUND = QColor(229, 72, 77, 60)  # a rejected row


@dataclass(slots=True)
class TableRow:
    cells: Sequence[str]
    tooltip: str = ""
    icon: str = ""  # an icon name for the first column ('warning', 'error')
    highlight: QColor | None = None
    label: str = ""  # the vertical header ('' : none)


class RowsModel(QAbstractTableModel):
    """Read-only rows of text; the first column may carry an icon and a tooltip."""

    def __init__(self, headers: Sequence[str] = (), parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.headers = list(headers)
        self.rows: list[TableRow] = []
        self.numeric: frozenset[int] = frozenset()  # columns aligned right
        self._icons: dict[str, QIcon] = {}

    def set_rows(self, rows: Sequence[TableRow], headers: Sequence[str] | None = None) -> None:
        self.beginResetModel()
        if headers is not None:
            self.headers = list(headers)
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column] if column < len(row.cells) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.tooltip:
                return row.tooltip
            text = row.cells[column] if column < len(row.cells) else ""
            return text if len(text) > 40 else None
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and row.icon:
            if row.icon not in self._icons:
                self._icons[row.icon] = icon(row.icon)
            return self._icons[row.icon]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.highlight is not None:
            return QBrush(row.highlight)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if section < len(self.headers) else None
        return self.rows[section].label or None if section < len(self.rows) else None

    def text(self, row: int, column: int) -> str:
        return str(self.rows[row].cells[column])


def column_letters(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA' (as a spreadsheet names its columns)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out
