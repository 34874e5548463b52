"""Open a contact file into sheets of rows of cell values.

Formats are recognised by content, not by the file name: .xlsx/.xlsm/.xls/.ods go to
python-calamine (formula cells give their cached result; nothing is evaluated),
delimited text to `textfiles`, an HTML table saved with an .xls name to the stdlib
HTML parser, vCard to `vcard`. Before calamine parses anything the `guards` bound the
work it will do. Rows keep their numbers as in the file; columns are 0-based list
indexes (column A is 0). Empty cells are ''.

    with open_workbook(path) as book:
        sheet = book.sheet()              # the first visible sheet, or by name
        for number, cells in sheet.rows():
            ...
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, cast

import python_calamine as calamine

from crm_desktop.importing import guards, textfiles, vcard
from crm_desktop.importing.cells import Cell, MergedRange, Row
from crm_desktop.importing.guards import DEFAULT_LIMITS, ImportFileError, Limits
from crm_desktop.importing.problems import Args, make_args, problem_text

__all__ = [
    "FileFormat",
    "MergedRange",
    "ReadNote",
    "Sheet",
    "SheetInfo",
    "Workbook",
    "open_workbook",
]


class FileFormat(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"
    HTML = "html"
    VCARD = "vcard"


@dataclass(frozen=True, slots=True)
class ReadNote:
    """Something the user should know about the file as a whole (not about one row)."""

    code: str  # stable: bytes_replaced, formulas_without_value, truncated
    message: str  # in English; `text(language)` for the user's language
    args: Args = ()

    @classmethod
    def of(cls, code: str, /, **values: object) -> ReadNote:
        args = make_args(**values)
        return cls(code, problem_text(code, args), args)

    def text(self, language: str) -> str:
        return problem_text(self.code, self.args, language, fallback=self.message)


@dataclass(frozen=True, slots=True)
class SheetInfo:
    name: str
    hidden: bool = False


class Sheet:
    """One sheet's rows; `rows()` may be iterated more than once."""

    def __init__(
        self,
        name: str,
        rows: Sequence[Row] | None = None,
        *,
        merged: Sequence[MergedRange] = (),
        notes: Sequence[ReadNote] = (),
    ) -> None:
        self.name = name
        self.merged = tuple(merged)
        self.notes = tuple(notes)
        self._rows: Sequence[Row] = rows or ()

    @property
    def row_count(self) -> int:
        """Rows in the sheet (blank ones included); for progress bars."""
        return len(self._rows)

    def rows(self) -> Iterator[Row]:
        return iter(self._rows)

    def head(self, count: int = 50) -> list[Row]:
        """The first `count` rows (for header detection and previews)."""
        out: list[Row] = []
        for row in self.rows():
            if len(out) >= count:
                break
            out.append(row)
        return out


class _CalamineSheet(Sheet):
    def __init__(self, name: str, sheet: calamine.CalamineSheet, notes: Sequence[ReadNote]):
        merged = [
            MergedRange(r0 + 1, c0, r1 + 1, c1)
            for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []
        ]
        super().__init__(name, merged=merged, notes=notes)
        self._sheet = sheet
        start = sheet.start
        self._pad: list[Cell] = [""] * (start[1] if start else 0)

    @property
    def row_count(self) -> int:
        end = self._sheet.end
        return end[0] + 1 if end else 0

    def rows(self) -> Iterator[Row]:
        # python-calamine's iter_rows() starts at the sheet's first row (A1's row) but at
        # the first used column; tests/importing pins this.
        if self._sheet.start is None:
            return
        pad = self._pad
        for number, cells in enumerate(self._sheet.iter_rows(), start=1):
            row = cast(list[Cell], cells)
            yield number, (pad + row if pad else row)


class Workbook:
    """An opened file: its sheets and what was learnt while opening it."""

    def __init__(
        self,
        path: Path,
        file_format: FileFormat,
        sheets: Sequence[SheetInfo],
        *,
        notes: Sequence[ReadNote] = (),
        encoding: str | None = None,
        delimiter: str | None = None,
    ) -> None:
        self.path = path
        self.format = file_format
        self.sheets = tuple(sheets)
        self.notes = list(notes)
        self.encoding = encoding
        self.delimiter = delimiter

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheet(self, name: str | None = None) -> Sheet:
        """A sheet by name; by default the first visible one."""
        if name is None:
            visible = [s for s in self.sheets if not s.hidden] or list(self.sheets)
            name = visible[0].name
        if name not in self.sheet_names:
            raise ImportFileError(f"The file has no sheet named “{name}”.")
        return self._load(name)

    def _load(self, name: str) -> Sheet:
        raise NotImplementedError

    def close(self) -> None:
        """Release the file; sheets already loaded stay readable."""

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _MemoryWorkbook(Workbook):
    def __init__(
        self,
        path: Path,
        file_format: FileFormat,
        sheets: Sequence[Sheet],
        *,
        notes: Sequence[ReadNote] = (),
        encoding: str | None = None,
        delimiter: str | None = None,
    ) -> None:
        infos = [SheetInfo(s.name) for s in sheets]
        super().__init__(
            path, file_format, infos, notes=notes, encoding=encoding, delimiter=delimiter
        )
        self._sheets = {s.name: s for s in sheets}

    def _load(self, name: str) -> Sheet:
        return self._sheets[name]


class _CalamineWorkbook(Workbook):
    def __init__(
        self,
        path: Path,
        file_format: FileFormat,
        handle: BinaryIO,
        archive: zipfile.ZipFile | None,
        limits: Limits,
    ) -> None:
        try:
            book = calamine.CalamineWorkbook.from_filelike(handle)
        except calamine.PasswordError as error:
            handle.close()
            raise _password_error(path) from error
        except calamine.CalamineError as error:
            handle.close()
            raise _damaged(path, error) from error
        sheets = [
            SheetInfo(m.name, m.visible != calamine.SheetVisibleEnum.Visible)
            for m in book.sheets_metadata
            if m.typ == calamine.SheetTypeEnum.WorkSheet
        ]
        if not sheets:
            raise ImportFileError(f"“{path.name}” has no worksheets.")
        super().__init__(path, file_format, sheets)
        self._book = book
        self._handle = handle
        self._archive = archive
        self._limits = limits
        self._sheet_parts = _xlsx_sheet_parts(archive) if file_format is FileFormat.XLSX else {}
        self._loaded: dict[str, Sheet] = {}

    def _load(self, name: str) -> Sheet:
        if name not in self._loaded:
            self._loaded[name] = self._open_sheet(name)
        return self._loaded[name]

    def _open_sheet(self, name: str) -> Sheet:
        notes: list[ReadNote] = []
        if self._archive is not None and self.format is FileFormat.XLSX:
            # A sheet whose part is not found through the relations: check every part.
            part = self._sheet_parts.get(name)
            formulas = 0
            for member in [part] if part else _worksheet_parts(self._archive):
                xml = guards.inflate(self._archive, member, self.path)
                formulas += guards.check_xlsx_sheet(
                    xml, self.path, name, self._limits
                ).formulas_without_value
                del xml
            if formulas:
                notes.append(ReadNote.of("formulas_without_value", count=formulas, sheet=name))
        try:
            sheet = self._book.get_sheet_by_name(name)
        except calamine.PasswordError as error:
            raise _password_error(self.path) from error
        except calamine.CalamineError as error:
            raise _damaged(self.path, error) from error
        if sheet.start is not None and sheet.height > self._limits.max_rows:
            raise ImportFileError(
                f"The sheet “{name}” has more than {self._limits.max_rows:,} rows; split it."
            )
        return _CalamineSheet(name, sheet, notes)

    def close(self) -> None:
        if self._handle.closed:
            return
        self._book.close()
        self._handle.close()
        if self._archive is not None:
            self._archive.close()


def _password_error(path: Path) -> ImportFileError:
    return ImportFileError(
        f"“{path.name}” is protected with a password. Open it in Excel, remove the "
        "password (File → Info → Protect Workbook) and save it, then import again."
    )


def _damaged(path: Path, error: Exception) -> ImportFileError:
    return ImportFileError(
        f"“{path.name}” cannot be read: it is damaged, incomplete, or not a spreadsheet "
        f"({str(error).splitlines()[0][:200]})."
    )


_TAG_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_TAG_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(text: bytes) -> dict[str, str]:
    return {
        k.decode("utf-8", "replace").split(":")[-1]: html.unescape(
            (a if a is not None else b).decode("utf-8", "replace")
        )
        for k, a, b in ((m.group(1), m.group(2), m.group(3)) for m in _ATTR.finditer(text))
    }


def _xlsx_sheet_parts(archive: zipfile.ZipFile | None) -> dict[str, str]:
    """Sheet name -> its worksheet XML part in the zip, through workbook.xml and its rels."""
    if archive is None:
        return {}
    names = archive.namelist()
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError):
        book = rels = b""
    targets = {}
    for match in _TAG_REL.finditer(rels):
        attrs = _attrs(match.group(1))
        target = attrs.get("Target", "").lstrip("/")
        targets[attrs.get("Id", "")] = target if target.startswith("xl/") else "xl/" + target
    parts: dict[str, str] = {}
    for match in _TAG_SHEET.finditer(book):
        attrs = _attrs(match.group(1))
        target = targets.get(attrs.get("id", ""), "")
        if target in names:
            parts[attrs.get("name", "")] = target
    return parts


def _worksheet_parts(archive: zipfile.ZipFile) -> list[str]:
    return [n for n in archive.namelist() if n.startswith("xl/") and n.endswith(".xml")]


# --- opening ----------------------------------------------------------------------------------


def _sniff_text(head: bytes) -> FileFormat | None:
    sample = head[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\r\n\t ").lower()
    if b"\x00" in sample:
        sample = sample.replace(b"\x00", b"")
    if b"urn:schemas-microsoft-com:office:spreadsheet" in sample and b"<workbook" in sample:
        raise ImportFileError(
            "This is an Excel 2003 XML spreadsheet, which cannot be imported directly. "
            "Open it in Excel or LibreOffice and save it as .xlsx."
        )
    if sample.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or (
        sample.startswith(b"<") and b"<table" in sample
    ):
        return FileFormat.HTML
    if sample.startswith(b"begin:vcard"):
        return FileFormat.VCARD
    return None


def _read_bytes(path: Path, limit: int, what: str) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise ImportFileError(
            f"“{path.name}” is too large to import as {what} "
            f"({size / (1 << 20):.0f} MB; the limit is {limit / (1 << 20):.0f} MB)."
        )
    return path.read_bytes()


def _bound_cells(rows: Sequence[Row], path: Path, limits: Limits) -> None:
    """Refuse too many columns; cut text cells longer than the cap in place (a vCard
    bomb's folded megabytes) before header detection and value parsing scan them."""
    width = 0
    limit = limits.max_cell_chars
    for _number, cells in rows:
        width = max(width, len(cells))
        # text readers give str cells only: one C-speed pass per row
        if cells and max(map(len, cast(list[str], cells))) > limit:
            cells[:] = [cast(str, cell)[:limit] for cell in cells]
    guards.check_width(width, path, limits)


def _text_workbook(
    path: Path, limits: Limits, encoding: str | None, delimiter: str | None, kind: FileFormat | None
) -> Workbook:
    data = _read_bytes(path, limits.max_text_bytes, "text")
    if kind is FileFormat.HTML:
        encoding = encoding or textfiles.html_charset(data)
    elif kind is None:
        guards.check_line_lengths(data, path, limits)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            f"“{path.name}” is not a spreadsheet or a text table that can be imported."
        )
    decoded = textfiles.decode_text(data, encoding)
    del data
    notes: list[ReadNote] = []
    if decoded.replaced:
        notes.append(
            ReadNote.of("bytes_replaced", count=decoded.replaced, encoding=decoded.encoding)
        )
    if kind is FileFormat.HTML:
        tables = textfiles.read_html_tables(decoded.text, limits)
        if not tables:
            raise ImportFileError(f"“{path.name}” is a web page with no table in it.")
        names = (
            [path.stem] if len(tables) == 1 else [f"Table {i}" for i in range(1, len(tables) + 1)]
        )
        for t in tables:
            _bound_cells(t.rows, path, limits)
        sheets = [
            Sheet(n, t.rows, merged=[MergedRange(*m) for m in t.merged])
            for n, t in zip(names, tables, strict=True)
        ]
        return _MemoryWorkbook(
            path, FileFormat.HTML, sheets, notes=notes, encoding=decoded.encoding
        )
    if kind is FileFormat.VCARD:
        rows, truncated = vcard.read_vcards(decoded.text, limits)
        _bound_cells(rows, path, limits)
        if truncated:
            notes.append(ReadNote.of("truncated"))
        sheets = [Sheet(path.stem, rows)]
        return _MemoryWorkbook(
            path, FileFormat.VCARD, sheets, notes=notes, encoding=decoded.encoding
        )
    table = textfiles.read_delimited(decoded.text, limits, delimiter)
    _bound_cells(table.rows, path, limits)
    return _MemoryWorkbook(
        path,
        FileFormat.CSV,
        [Sheet(path.stem, table.rows)],
        notes=notes,
        encoding=decoded.encoding,
        delimiter=table.delimiter,
    )


def _zip_format(archive: zipfile.ZipFile, path: Path) -> FileFormat:
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return FileFormat.XLSX
    if "xl/workbook.bin" in names:
        raise ImportFileError(
            f"“{path.name}” is a binary Excel workbook (.xlsb); save it as .xlsx and try again."
        )
    if "content.xml" in names:
        return FileFormat.ODS
    raise ImportFileError(f"“{path.name}” is a zip file, but not a spreadsheet.")


def open_workbook(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Workbook:
    """Open a file for import. Every problem is an `ImportFileError` (a `UserError`).

    `encoding` and `delimiter` override detection for text files.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as error:
        raise ImportFileError(f"“{path.name}” cannot be opened: {error.strerror}.") from error
    if size == 0:
        raise ImportFileError(f"“{path.name}” is empty.")
    if size > limits.max_file_bytes:
        raise ImportFileError(f"“{path.name}” is too large to import ({size >> 20} MB).")
    if head.startswith(guards.ZIP_MAGIC):
        archive = guards.open_zip(path, limits)
        try:
            file_format = _zip_format(archive, path)
            guards.check_xml_prologs(archive, path)
            if file_format is FileFormat.ODS:
                guards.check_ods_content(guards.inflate(archive, "content.xml", path), path, limits)
            return _CalamineWorkbook(path, file_format, path.open("rb"), archive, limits)
        except BaseException:
            archive.close()
            raise
    if head.startswith(guards.OLE_MAGIC):
        data = _read_bytes(path, limits.max_file_bytes, "a workbook")
        if guards.ole_is_encrypted_ooxml(data):
            raise _password_error(path)
        return _CalamineWorkbook(path, FileFormat.XLS, path.open("rb"), None, limits)
    if head.startswith(b"PK"):
        raise _damaged(path, ValueError("broken zip header"))
    return _text_workbook(path, limits, encoding, delimiter, _sniff_text(head))
