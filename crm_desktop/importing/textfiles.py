"""Text tables: encoding detection, delimited text (.csv/.txt/.tsv) and HTML tables.

Encoding (no third-party detector): a byte-order mark wins (UTF-8, UTF-16); then
strict UTF-8; then UTF-8 with a few damaged bytes replaced, when at least 90 % of the
non-ASCII bytes form valid UTF-8 sequences (a file glued from two sources); otherwise
Windows-1251 (what Russian Excel writes for "CSV (разделители - запятые)"). KOI8-R and
CP866 are not guessed; the caller may pass `encoding=` for them.

Delimiter: an Excel `sep=;` first line wins; otherwise each of tab ; , | is tried on
the first records and the one that splits them into the most consistent number of
fields (more than one) is taken; ties go to tab, then ';', then ','.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from crm_desktop.importing.cells import Cell, Row
from crm_desktop.importing.guards import ImportFileError, Limits

_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # bytes that could not be decoded and became U+FFFD


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a text file; see the module docstring for the order of guesses."""
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
        except (LookupError, UnicodeDecodeError) as error:
            raise ImportFileError(f"The file cannot be read as {encoding}: {error}") from error
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(name, errors="replace"), name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    high = len(_HIGH_BYTE.findall(data))
    in_sequences = sum(len(m) for m in _UTF8_SEQUENCE.findall(data))
    if high and in_sequences >= 0.9 * high:
        text = data.decode("utf-8", errors="replace")
        return Decoded(text, "utf-8", text.count("\ufffd"))
    text = data.decode("cp1251", errors="replace")
    return Decoded(text, "cp1251", text.count("\ufffd"))


# --- delimited text ---------------------------------------------------------------------------

_CANDIDATES = ("\t", ";", ",", "|")
_SAMPLE_CHARS = 64 * 1024
_SAMPLE_RECORDS = 50
_SEP_LINE = re.compile(r"\A\s*sep=(.)\s*?(?:\r\n|\n|\r)", re.IGNORECASE)


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _consistency(sample: str, delimiter: str) -> tuple[float, int]:
    counts: list[int] = []
    try:
        for record in _records(sample, delimiter):
            if any(cell.strip() for cell in record):
                counts.append(len(record))
            if len(counts) >= _SAMPLE_RECORDS:
                break
    except csv.Error:
        return 0.0, 0
    if len(counts) > 1 and counts[-1] != max(counts):
        counts.pop()  # the sample may cut the last record short
    if not counts:
        return 0.0, 0
    mode = max(set(counts), key=lambda n: (counts.count(n), n))
    if mode < 2:
        return 0.0, mode
    return counts.count(mode) / len(counts), mode


def detect_delimiter(text: str) -> str:
    """The field separator of delimited text (',' when nothing splits it)."""
    sample = text[:_SAMPLE_CHARS]
    best = ","
    best_score = (0.0, 0)
    for delimiter in _CANDIDATES:
        score = _consistency(sample, delimiter)
        if score[0] > best_score[0] + 1e-9:
            best, best_score = delimiter, score
    return best


@dataclass(slots=True)
class DelimitedText:
    rows: list[Row]
    delimiter: str


def read_delimited(text: str, limits: Limits, delimiter: str | None = None) -> DelimitedText:
    """Rows of delimited text; row numbers count records as Excel shows them."""
    sep_line = _SEP_LINE.match(text)
    if sep_line:
        delimiter = delimiter or sep_line.group(1)
        text = text[sep_line.end() :]
    delimiter = delimiter or detect_delimiter(text)
    rows: list[Row] = []
    reader = _records(text, delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            if number > limits.max_rows:
                raise ImportFileError(
                    f"The file has more than {limits.max_rows:,} rows; split it into parts."
                )
            rows.append((number, list[Cell](record)))
    except csv.Error as error:
        raise ImportFileError(
            f"Row {len(rows) + 1} cannot be read ({error}); the file is damaged or is not a table."
        ) from error
    return DelimitedText(rows, delimiter)


# --- HTML tables ("Excel" files that some CRMs write as HTML) ---------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_BLOCK_BREAKS = frozenset({"br", "p", "div", "li"})


def html_charset(data: bytes) -> str | None:
    """The charset declared in the first 4 KB of an HTML file, if any known one."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


@dataclass(slots=True)
class HtmlTable:
    rows: list[Row] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1


@dataclass(slots=True)
class _Open:
    table: HtmlTable
    row: list[Cell] | None = None
    row_number: int = 0
    cell: list[str] | None = None
    col: int = 0
    colspan: int = 1
    rowspan: int = 1
    pending: dict[int, int] = field(default_factory=dict)  # column -> rows still covered


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    for key, value in attrs:
        if key == name and value and value.strip().isdigit():
            return max(1, min(int(value.strip()), 1000))
    return 1


class _TableParser(HTMLParser):
    """Collects every <table> (nested tables give their text to the enclosing cell)."""

    def __init__(self, max_rows: int) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self._stack: list[_Open] = []
        self._skip = 0  # inside <script>/<style>
        self._max_rows = max_rows

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            table = HtmlTable()
            self.tables.append(table)
            self._stack.append(_Open(table))
        elif not self._stack:
            return
        elif tag == "tr":
            self._end_row()
            top = self._stack[-1]
            top.row_number += 1
            if top.row_number > self._max_rows:
                raise ImportFileError(f"The table has more than {self._max_rows:,} rows.")
            top.row, top.col = [], 0
        elif tag in ("td", "th"):
            top = self._stack[-1]
            if top.row is None:
                self.handle_starttag("tr", [])
            self._end_cell()
            top.cell = []
            top.colspan, top.rowspan = _span(attrs, "colspan"), _span(attrs, "rowspan")
        elif tag in _BLOCK_BREAKS:
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif not self._stack:
            return
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table":
            self._end_row()
            closed = self._stack.pop()
            if self._stack and self._stack[-1].cell is not None:
                text = "\n".join(" ".join(str(c) for c in r if c) for _, r in closed.table.rows)
                self._text(text)
                self.tables.remove(closed.table)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text(data)

    def _text(self, data: str) -> None:
        if self._stack and self._stack[-1].cell is not None:
            self._stack[-1].cell.append(data)

    def _skip_covered(self, top: _Open) -> None:
        assert top.row is not None
        while top.pending.get(top.col, 0) > 0:
            top.row.append("")
            top.col += 1

    def _end_cell(self) -> None:
        top = self._stack[-1]
        if top.cell is None or top.row is None:
            return
        self._skip_covered(top)
        text = "".join(top.cell)
        lines = [" ".join(line.split()) for line in text.replace("\xa0", " ").split("\n")]
        top.row.append("\n".join(line for line in lines if line))
        top.row.extend([""] * (top.colspan - 1))
        if top.colspan > 1 or top.rowspan > 1:
            top.table.merged.append(
                (
                    top.row_number,
                    top.col,
                    top.row_number + top.rowspan - 1,
                    top.col + top.colspan - 1,
                )
            )
        for c in range(top.col, top.col + top.colspan):
            top.pending[c] = max(top.pending.get(c, 0), top.rowspan)
        top.col += top.colspan
        top.cell = None

    def _end_row(self) -> None:
        if not self._stack:
            return
        top = self._stack[-1]
        self._end_cell()
        if top.row is None:
            return
        self._skip_covered(top)
        top.table.rows.append((top.row_number, top.row))
        top.pending = {c: n - 1 for c, n in top.pending.items() if n > 1}
        top.row = None


def read_html_tables(text: str, limits: Limits) -> list[HtmlTable]:
    """Every top-level table of an HTML document that holds at least one cell."""
    parser = _TableParser(limits.max_rows)
    parser.feed(text)
    parser.close()
    while parser._stack:
        parser.handle_endtag("table")
    return [t for t in parser.tables if any(cells for _, cells in t.rows)]
