"""Checks that run before a spreadsheet parser sees a file (hostile and broken input).

Measured on python-calamine 0.9: it trusts the zip sizes only as far as the declared
size (a member that inflates past it is an error), but it builds every sheet as a
dense grid between its outermost non-empty cells. A 5 KB .xlsx with values in A1 and
XFD1048576 asks for 550 GB and aborts the process (Rust allocation failure: no
exception, no traceback); an .ods row repeated a million times does the same through
`table:number-rows-repeated`. So before calamine opens a sheet we bound that grid:

* the zip central directory: total uncompressed size and compression ratio;
* an .xlsx worksheet: its XML is inflated and its cell references scanned (a fast
  check for the common shape, an exact one otherwise);
* an .ods content.xml: the repeat attributes are expanded the way calamine would.

Every refusal is a `UserError` with a message the GUI can show.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.errors import UserError
from crm_desktop.importing.cells import MAX_CELL_CHARS


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps for one file; the defaults fit a 1M-row or 100-column contact list."""

    max_file_bytes: int = 1 << 30  # the file on disk
    max_text_bytes: int = 256 << 20  # csv / txt / html / vcf
    max_uncompressed_bytes: int = 1 << 30  # sum over the zip members
    max_ratio: int = 200  # per member, when it inflates to more than ratio_floor_bytes
    ratio_floor_bytes: int = 4 << 20
    max_cells: int = 16_000_000  # rows x columns of one sheet's grid
    max_rows: int = 1_048_576  # Excel's own limit
    max_repeated_cells: int = 1_000_000  # .ods values copied by repeat attributes
    # text files: a longer cell is cut here, before header detection and value parsing
    # scan it (the values layer then cuts it to Excel's 32,767 and warns)
    max_cell_chars: int = 2 * MAX_CELL_CHARS
    max_columns: int = 16_384  # Excel's own limit (text files)
    max_line_bytes: int = 4 << 20  # one line of a delimited text file


DEFAULT_LIMITS = Limits()


class ImportFileError(UserError):
    """The file cannot be read: damaged, protected, too large, or not a table."""


def _human(n: int) -> str:
    return f"{n / (1 << 20):.0f} MB" if n >= 1 << 20 else f"{n} bytes"


# --- zip containers ---------------------------------------------------------------------------


def open_zip(path: Path, limits: Limits) -> zipfile.ZipFile:
    """Open a zip container after checking its central directory; refuses bombs and damage."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise ImportFileError(
            f"“{path.name}” is damaged or incomplete (its zip directory cannot be read). "
            "If it was downloaded or copied, try to get the file again."
        ) from error
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.flag_bits & 0x1:
            archive.close()
            raise ImportFileError(f"“{path.name}” is encrypted; save it without a password.")
        big = info.file_size > limits.ratio_floor_bytes
        if big and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            archive.close()
            raise ImportFileError(
                f"“{path.name}” looks like a zip bomb: the part “{info.filename}” would "
                f"inflate {info.file_size // max(info.compress_size, 1)} times. "
                "It was not opened."
            )
    if total > limits.max_uncompressed_bytes:
        archive.close()
        raise ImportFileError(
            f"“{path.name}” is too large to import: it unpacks to {_human(total)} "
            f"(the limit is {_human(limits.max_uncompressed_bytes)})."
        )
    return archive


_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[")
_PROLOG_BYTES = 64 << 10


def check_xml_prologs(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a part declaring XML entities (a DOCTYPE with an internal subset).

    Office programs never write one (OPC forbids DTDs). python-calamine 0.9 does not
    expand entities (a part using one fails as damaged), so this guards the message
    and any future parser: billion laughs and XXE are refused by name, unread.
    """
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as member:
                head = member.read(_PROLOG_BYTES)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            continue  # damage is reported when the part is read
        if _INTERNAL_SUBSET.search(head):
            raise ImportFileError(
                f"“{path.name}” declares XML entities in “{info.filename}”, which spreadsheet "
                "programs never write (a billion-laughs or external-entity attack); "
                "it was not opened."
            )


def inflate(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """One member's bytes (the declared size was already capped); damage is a UserError."""
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ImportFileError(
            f"“{path.name}” is damaged or incomplete: the part “{name}” cannot be unpacked."
        ) from error


def _too_big(path: Path, what: str, rows: int, cols: int, limits: Limits) -> ImportFileError:
    return ImportFileError(
        f"The sheet “{what}” in “{path.name}” is too large to import: it spans "
        f"{rows:,} rows × {cols:,} columns (the limit is {limits.max_cells:,} cells "
        f"and {limits.max_rows:,} rows). Delete empty rows and columns, or split the file."
    )


# --- .xlsx worksheets -------------------------------------------------------------------------

# Fast path: every cell is written '<c r="A123"' with one letter and a row below 200,000
# (what Excel, LibreOffice and openpyxl write for a contact list of up to 26 columns).
_NONSTANDARD_CELL = re.compile(rb'<c(?! r="[A-Z]\d{1,5}"| r="[A-Z]1\d{5}")')
_PREFIXED_TAG = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|row)[\s/>]")
# Exact path.
_ANY_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_CELL_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]{1,4})(\d{1,8})")
_ROW_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\s[^>]*?\br\s*=\s*[\"'](\d{1,8})")
_ROW_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row>")
_FORMULA_NO_VALUE = re.compile(rb"<f(?:\s[^>]*)?>[^<]*</f>(?:<v\s*/>|<v></v>)?</c>")
_FAST_ROWS = 200_000
_FAST_COLS = 26


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _sheet_data(xml: bytes) -> bytes:
    start = xml.find(b"sheetData")
    end = xml.rfind(b"sheetData")
    return xml[start:end] if 0 <= start < end else xml


def _exact_grid(data: bytes) -> tuple[int, int]:
    """(rows, columns) bounding every cell calamine could place, references or counters."""
    refs = _CELL_REF.findall(data)
    row_refs = [int(r) for r in _ROW_REF.findall(data)]
    rows = max([int(d) for _, d in refs] + row_refs + [0])
    cols = max((_column_number(c) for c in {c for c, _ in refs}), default=0)
    if len(refs) < len(_ANY_CELL_TAG.findall(data)):  # cells placed by counters
        per_row = [len(_ANY_CELL_TAG.findall(chunk)) for chunk in _ROW_END.split(data)]
        cols += max(per_row, default=0)
        rows += len(per_row)
    return rows, cols


@dataclass(frozen=True, slots=True)
class SheetScan:
    """What the pre-scan learnt about one worksheet."""

    rows: int  # an upper bound on the grid, not the number of data rows
    columns: int
    formulas_without_value: int


def check_xlsx_sheet(xml: bytes, path: Path, sheet: str, limits: Limits) -> SheetScan:
    """Refuse a worksheet whose grid would exceed the caps; count formulas with no result."""
    data = _sheet_data(xml)
    prefixed = (b":c" in data or b":row" in data) and _PREFIXED_TAG.search(data) is not None
    if not prefixed and _NONSTANDARD_CELL.search(data) is None:
        rows, cols = _FAST_ROWS, _FAST_COLS  # a bound: at most 26 x 200,000 = 5.2M cells
    else:
        rows, cols = _exact_grid(data)
        if rows > limits.max_rows or rows * cols > limits.max_cells:
            raise _too_big(path, sheet, rows, cols, limits)
    formulas = len(_FORMULA_NO_VALUE.findall(data)) if b"<f" in data else 0
    return SheetScan(rows, cols, formulas)


# --- .ods content -----------------------------------------------------------------------------

_ROW_OPEN = re.compile(rb"<table:table-row\b([^>]*)>")
_REPEAT = re.compile(rb'table:number-(rows|columns)-repeated="(\d+)"')
_VALUED = re.compile(rb"office:value-type|table:formula")
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b")


def _ods_row(opening: re.Match[bytes], body: bytes) -> tuple[int, int, bool, int]:
    """(rows repeated, cells calamine pushes for the row, holds a value, copies of values)."""
    width = 0
    copies = 0
    valued_after = False
    # Right to left: an empty repeated run counts only when a valued cell follows it.
    for piece in reversed(_ODS_CELL.split(body)[1:]):
        tag = piece[: piece.find(b">") + 1 or len(piece)]
        valued = _VALUED.search(piece) is not None
        repeat = 1
        for kind, count in _REPEAT.findall(tag):
            if kind == b"columns":
                repeat = int(count)
        if valued or valued_after:
            width += repeat
        if valued:
            copies += repeat - 1
        valued_after = valued_after or valued
    repeat_rows = 1
    for kind, count in _REPEAT.findall(opening.group(1)):
        if kind == b"rows":
            repeat_rows = int(count)
    if valued_after:
        copies += (repeat_rows - 1) * width
    return repeat_rows, width, valued_after, copies


def check_ods_content(xml: bytes, path: Path, limits: Limits) -> None:
    """Bound what calamine materialises from repeated rows and cells (conservatively)."""
    if b"-repeated=" not in xml:
        return
    shapes = []
    for chunk in xml.split(b"</table:table-row>"):
        opening = _ROW_OPEN.search(chunk)
        if opening is not None:
            shapes.append(_ods_row(opening, chunk[opening.end() :]))
    rows = 0
    widest = 0
    copies = 0
    seen_value = False
    for repeat, width, valued, copied in reversed(shapes):
        seen_value = seen_value or valued
        # Rows after the last valued row are dropped; any before it are materialised.
        rows += repeat if seen_value else 1
        widest = max(widest, width)
        copies += copied
    if rows > limits.max_rows or rows * max(widest, 1) > limits.max_cells:
        raise _too_big(path, "content", rows, widest, limits)
    if copies > limits.max_repeated_cells:
        raise ImportFileError(
            f"“{path.name}” repeats cell values {copies:,} times (the limit is "
            f"{limits.max_repeated_cells:,}); it was not opened."
        )


# --- delimited text -------------------------------------------------------------------------


def check_line_lengths(data: bytes, path: Path, limits: Limits) -> None:
    """Refuse delimited text with a line longer than the cap, before it is decoded and
    parsed (a 50 MB cell would cost ten times its size in memory on the way)."""
    if len(data) <= limits.max_line_bytes:
        return
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - start > limits.max_line_bytes:
            raise ImportFileError(
                f"“{path.name}” has a line of {_human(end - start)} (the limit is "
                f"{_human(limits.max_line_bytes)}): it is damaged or is not a contact table."
            )
        start = end + 1


def check_width(width: int, path: Path, limits: Limits) -> None:
    if width > limits.max_columns:
        raise ImportFileError(
            f"“{path.name}” has {width:,} columns (the limit is {limits.max_columns:,}, "
            "as in Excel): it is damaged or is not a contact table."
        )


# --- sniffing ---------------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def ole_is_encrypted_ooxml(data: bytes) -> bool:
    """An OLE (CFB) container holding an encrypted Office Open XML package."""
    return _ENCRYPTED_PACKAGE in data or _ENCRYPTION_INFO in data
