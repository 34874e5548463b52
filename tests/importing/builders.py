"""Files of every shape the importer meets, built in a temporary folder."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def xlsx(path: Path, rows: Sequence[Sequence[object]], *, title: str = "Лист1") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
        "</text:p></table:table-cell>"
    )


def ods_body(sheets: dict[str, Sequence[Sequence[object]]]) -> str:
    out = []
    for name, rows in sheets.items():
        body = "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        out.append(f'<table:table table:name="{escape(name)}">{body}</table:table>')
    return "".join(out)


def ods(path: Path, body: str) -> Path:
    """A minimal OpenDocument spreadsheet: mimetype, manifest and content.xml."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        f'manifest:media-type="{ODS_MIME}"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIME)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def replace_member(src: Path, dst: Path, member: str, data: bytes) -> Path:
    """A copy of a zip with one member's content replaced."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == member else zin.read(info))
    return dst


def zip_bomb(src: Path, dst: Path) -> Path:
    """An .xlsx whose sheet part inflates ~1000 times (64 MB of spaces in the XML)."""
    with zipfile.ZipFile(src) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    cut = sheet.index(b"<sheetData")
    return replace_member(
        src, dst, "xl/worksheets/sheet1.xml", sheet[:cut] + b" " * (64 << 20) + sheet[cut:]
    )


def password_stub(path: Path) -> Path:
    """What Excel writes for a password-protected .xlsx: an OLE container (stub)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    names = (
        "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")
    )
    path.write_bytes(header + names + b"\x00" * 1024)
    return path


def truncated(src: Path, dst: Path, keep: float = 0.6) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * keep)])
    return dst


def lying_zip(src: Path, dst: Path, member: str) -> Path:
    """A zip whose directory says a member is smaller than it inflates to."""
    raw = bytearray(src.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", raw, info.header_offset + 22, 10)
    name = member.encode()
    pos = raw.find(b"PK\x01\x02")
    while pos != -1:
        length = struct.unpack_from("<H", raw, pos + 28)[0]
        if raw[pos + 46 : pos + 46 + length] == name:
            struct.pack_into("<I", raw, pos + 24, 10)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    dst.write_bytes(bytes(raw))
    return dst
