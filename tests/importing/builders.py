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


# --- hostile files (tests/importing/test_hostile.py) -----------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def raw_xlsx(
    path: Path,
    sheet_data: str,
    shared: str | None = None,
    *,
    sheet_prolog: str = "",
    shared_prolog: str = "",
) -> Path:
    """An .xlsx written part by part: `sheet_data` inside <sheetData>, `shared` inside
    <sst> (cells t="s" index it), each part's XML may start with a prolog (a DOCTYPE)."""
    types = "".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/>',
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>',
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>',
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
            if shared is not None
            else "",
            "</Types>",
        ]
    )
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    relation = '<Relationship Id="{}" Type="' + _REL + '/{}" Target="{}"/>'
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": f'{head}<Relationships xmlns="{_PKG}">'
        + relation.format("rId1", "officeDocument", "xl/workbook.xml")
        + "</Relationships>",
        "xl/workbook.xml": f'{head}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'{head}<Relationships xmlns="{_PKG}">'
        + relation.format("rId1", "worksheet", "worksheets/sheet1.xml")
        + (relation.format("rId2", "sharedStrings", "sharedStrings.xml") if shared else "")
        + "</Relationships>",
        "xl/worksheets/sheet1.xml": f'{head}{sheet_prolog}<worksheet xmlns="{_MAIN}">'
        f"<sheetData>{sheet_data}</sheetData></worksheet>",
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = f'{head}{shared_prolog}<sst xmlns="{_MAIN}">{shared}</sst>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def billion_laughs(levels: int = 10) -> str:
    """A DOCTYPE whose entity &lol{levels-1}; expands to 10**levels copies of "lol"."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    return f"<!DOCTYPE lolz [{''.join(entities)}]>"


def xxe(target: Path) -> str:
    """A DOCTYPE whose entity &xxe; is the content of a local file."""
    return f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{target.resolve().as_uri()}">]>'
