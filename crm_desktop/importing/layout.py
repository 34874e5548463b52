"""Where the table is in a sheet: its header row(s), its columns, and which rows are data.

`detect_layout` scores the first non-blank rows of a sheet as header candidates (known
header words count most, text cells count, values such as phones, e-mails, numbers and
dates count against) and also tries each pair of adjacent rows as a two-level header
("Контакт | Телефоны" over "ФИО | рабочий | мобильный"): the upper labels are carried
over the columns they span (merged cells when the reader knows them, otherwise up to
the next upper label) and a column is labelled "upper: lower". A report title above
the header is simply left out.

`RowFilter` then walks the data rows: blank rows are skipped silently; total rows
("Итого", "Всего", "Total" …), repeats of the header (page breaks of a printed
report) and group rows (one filled cell that heads a group: merged across the table,
ending with ':', or a lone first-column cell in a table whose rows usually hold three
or more values) are skipped with a reason. The last group label is passed on with
each data row, so it can be mapped like a column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from statistics import median
from typing import NamedTuple

from crm_desktop.importing.cells import Cell, MergedRange, Row, cell_text, is_blank
from crm_desktop.importing.vocabulary import is_known_header, suggest_target

_SCAN_ROWS = 30
_VALUE_LIKE = re.compile(
    r"@|^[+\d(][\d\s()+\-.]{5,}$|^\d+([.,]\d+)?$|^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$"
)
_TOTAL = re.compile(
    r"^\s*(итого|итог|всего|total|grand total|subtotal|sum total|общий итог|итого по)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Column:
    index: int  # 0-based column index in the row
    label: str  # "Телефоны: рабочий"; '' for a column with no header
    parts: tuple[str, ...]  # ("Телефоны", "рабочий")


@dataclass(frozen=True, slots=True)
class Layout:
    header_rows: tuple[int, ...]  # file row numbers of the header (one or two)
    columns: tuple[Column, ...]

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def last_header_row(self) -> int:
        return self.header_rows[-1] if self.header_rows else 0


class SkipReason(StrEnum):
    GROUP = "group_row"
    TOTAL = "total_row"
    REPEATED_HEADER = "repeated_header"


_SKIP_MESSAGES = {
    SkipReason.GROUP: "A group heading of a report, not a contact: “{text}”.",
    SkipReason.TOTAL: "A total row of a report: “{text}”.",
    SkipReason.REPEATED_HEADER: "The column headers repeated (a page break of a report).",
}


@dataclass(frozen=True, slots=True)
class SkippedRow:
    row: int
    reason: SkipReason
    text: str

    @property
    def message(self) -> str:
        return _SKIP_MESSAGES[self.reason].format(text=self.text[:80])


class DataRow(NamedTuple):
    row: int
    cells: Sequence[Cell]
    group: str | None


# --- header detection -------------------------------------------------------------------------


def _texts(cells: Sequence[Cell]) -> list[str]:
    return [cell_text(c) for c in cells]


def _is_value_like(value: Cell) -> bool:
    if isinstance(value, str):
        return bool(_VALUE_LIKE.search(value.strip()))
    return not is_blank(value)  # numbers, dates, booleans


def _score(labels: Sequence[str], raw: Sequence[Cell]) -> float:
    filled = [t for t in labels if t]
    if not filled:
        return float("-inf")
    known = sum(1 for t in filled if is_known_header(t))
    values = sum(1 for c in raw if _is_value_like(c))
    texts = len(filled) - values
    if len(filled) < 2 and not known:
        return float("-inf")
    return 3 * known + texts - 3 * values


def _spans(row: int, labels: list[str], merged: Sequence[MergedRange], width: int) -> list[str]:
    """Upper-row labels carried over the columns they span."""
    out = list(labels) + [""] * (width - len(labels))
    covering = [m for m in merged if m.first_row <= row <= m.last_row and m.last_col > m.first_col]
    if covering:
        for m in covering:
            text = out[m.first_col] if m.first_col < width else ""
            for c in range(m.first_col, min(m.last_col + 1, width)):
                out[c] = out[c] or text
        return out
    current = ""
    for c in range(width):
        current = out[c] or current
        out[c] = current
    return out


def _pair_labels(
    upper_row: int, upper: list[str], lower: list[str], merged: Sequence[MergedRange]
) -> list[tuple[str, ...]]:
    width = max(len(upper), len(lower))
    carried = _spans(upper_row, upper, merged, width)
    lower = lower + [""] * (width - len(lower))
    parts: list[tuple[str, ...]] = []
    for c in range(width):
        top, bottom = carried[c], lower[c]
        if not bottom:
            top = upper[c] if c < len(upper) else ""  # a lone upper label: itself only
        parts.append(tuple(p for p in (top, bottom) if p))
    return parts


def _join(parts: tuple[str, ...]) -> str:
    return ": ".join(" ".join(p.split()) for p in parts)


def _recognised(parts: Sequence[tuple[str, ...]]) -> int:
    count = 0
    for p in parts:
        if p and (suggest_target(p[-1]) or suggest_target(" ".join(p))):
            count += 1
    return count


def _columns(parts: Sequence[tuple[str, ...]]) -> tuple[Column, ...]:
    return tuple(Column(i, _join(p), p) for i, p in enumerate(parts))


def layout_at(head: Sequence[Row], header_row: int, *, two_level: bool = False) -> Layout:
    """The layout with the header at `header_row` (as the user picked it)."""
    by_number = {n: cells for n, cells in head}
    if header_row not in by_number:
        raise ValueError(f"row {header_row} is not in the sample")
    lower = _texts(by_number[header_row])
    if two_level:
        numbers = [n for n, _ in head]
        previous = numbers[numbers.index(header_row) - 1] if numbers.index(header_row) else None
        if previous is not None:
            upper = _texts(by_number[previous])
            return Layout(
                (previous, header_row), _columns(_pair_labels(previous, upper, lower, ()))
            )
    return Layout((header_row,), _columns([(t,) if t else () for t in lower]))


def detect_layout(head: Sequence[Row], merged: Sequence[MergedRange] = ()) -> Layout:
    """Find the header row(s) among the first rows of a sheet (see the module docstring)."""
    rows = [(n, cells) for n, cells in head if any(not is_blank(c) for c in cells)][:_SCAN_ROWS]
    if not rows:
        return Layout((), ())
    best: tuple[float, Layout] | None = None
    for i, (number, cells) in enumerate(rows):
        labels = _texts(cells)
        score = _score(labels, cells)
        single = Layout((number,), _columns([(t,) if t else () for t in labels]))
        if best is None or score > best[0]:
            best = (score, single)
        if i == 0:
            continue
        upper_number, upper_cells = rows[i - 1]
        if upper_number != number - 1 or any(_is_value_like(c) for c in upper_cells):
            continue
        upper = _texts(upper_cells)
        parts = _pair_labels(upper_number, upper, labels, merged)
        gained = _recognised(parts) - _recognised([(t,) for t in labels])
        spans = any(
            m.first_row == upper_number and m.last_col > m.first_col for m in merged
        ) or sum(1 for t in upper if t) < sum(1 for t in labels if t)
        if gained > 0 and spans and score + 3 * gained > best[0]:
            best = (score + 3 * gained, Layout((upper_number, number), _columns(parts)))
    assert best is not None
    return best[1]


# --- data rows --------------------------------------------------------------------------------


@dataclass(slots=True)
class RowFilter:
    """Turns a sheet's rows into data rows; skipped ones are collected in `skipped`."""

    layout: Layout
    merged: Sequence[MergedRange] = ()
    detect_groups: bool = True
    typical_width: float = 0.0  # median filled cells of data rows (see `calibrate`)
    skipped: list[SkippedRow] = field(default_factory=list)
    blank_rows: int = 0

    def calibrate(self, head: Sequence[Row]) -> None:
        """Learn how many cells a data row usually fills (rows of two or more cells after
        the header; single-cell rows are what is being judged)."""
        widths = [
            sum(1 for c in cells if not is_blank(c))
            for n, cells in head
            if n > self.layout.last_header_row
        ]
        widths = [w for w in widths if w >= 2]
        self.typical_width = median(widths) if widths else 0.0

    def __call__(self, rows: Iterable[Row]) -> Iterator[DataRow]:
        last_header = self.layout.last_header_row
        header_first = next((c.label for c in self.layout.columns if c.label), "")
        first_column = next((c.index for c in self.layout.columns if c.label), 0)
        merged_rows = {
            r: m
            for m in self.merged
            if m.last_col > m.first_col
            for r in range(m.first_row, m.last_row + 1)
        }
        group: str | None = None
        for number, cells in rows:
            if number <= last_header:
                continue
            first = -1
            second = False
            for i, value in enumerate(cells):
                if value == "" or value is None or (isinstance(value, str) and value.isspace()):
                    continue
                if first < 0:
                    first = i
                else:
                    second = True
                    break
            if first < 0:
                self.blank_rows += 1
                continue
            lead = cells[first]
            if isinstance(lead, str):
                if _TOTAL.match(lead):
                    self.skipped.append(SkippedRow(number, SkipReason.TOTAL, lead.strip()))
                    continue
                if header_first and lead.strip() == header_first and self._repeats_header(cells):
                    self.skipped.append(SkippedRow(number, SkipReason.REPEATED_HEADER, ""))
                    continue
                if (
                    not second
                    and self.detect_groups
                    and self._is_group(number, first, lead, first_column, merged_rows)
                ):
                    group = cell_text(lead)
                    self.skipped.append(SkippedRow(number, SkipReason.GROUP, group))
                    continue
            yield DataRow(number, cells, group)

    def _repeats_header(self, cells: Sequence[Cell]) -> bool:
        labels = [c for c in self.layout.columns if c.parts]
        same = sum(
            1
            for c in labels
            if c.index < len(cells) and cell_text(cells[c.index]) == c.parts[-1].strip()
        )
        return same >= max(1, int(0.8 * len(labels)))

    def _is_group(
        self,
        number: int,
        column: int,
        text: str,
        first_column: int,
        merged_rows: dict[int, MergedRange],
    ) -> bool:
        if number in merged_rows:
            return True
        if text.rstrip().endswith(":"):
            return True
        if column < first_column:  # left of the table
            return True
        return column == first_column and self.typical_width >= 3
