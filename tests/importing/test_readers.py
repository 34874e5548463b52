"""Readers: every file shape, and hostile or broken files refused with a clear message."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from crm_desktop.errors import UserError
from crm_desktop.importing import guards
from crm_desktop.importing.guards import DEFAULT_LIMITS, Limits
from crm_desktop.importing.readers import FileFormat, open_workbook
from crm_desktop.importing.textfiles import decode_text, detect_delimiter
from tests.importing import builders

HEADER = ["ФИО", "Телефон", "Email"]
ROWS = [HEADER, ["Иванов Иван", "8 912 345-67-89", "ivan@mail.ru"], ["Петрова Анна", "", ""]]


def _cells(path: Path, sheet: str | None = None) -> list[tuple[int, list[object]]]:
    with open_workbook(path) as book:
        return [(n, list(c)) for n, c in book.sheet(sheet).rows()]


def test_xlsx_rows_keep_file_numbers_and_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["B3"], sheet["C3"] = "Имя", "Телефон"
    sheet["B4"], sheet["C4"] = "Иван", 89123456789
    sheet["D4"] = dt.date(2020, 1, 5)
    book.save(tmp_path / "a.xlsx")
    rows = dict(_cells(tmp_path / "a.xlsx"))
    assert sorted(rows) == [1, 2, 3, 4]  # rows 1-2 are blank; numbers are the file's
    assert rows[3] == ["", "Имя", "Телефон", ""]  # column A kept as ''
    assert rows[4] == ["", "Иван", 89123456789.0, dt.date(2020, 1, 5)]


def test_xlsx_multiple_sheets_hidden_ones_last_in_default(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Скрытый"
    first.sheet_state = "hidden"
    first.append(["x"])
    second = book.create_sheet("Клиенты")
    second.append(["ФИО"])
    second.append(["Иванов"])
    book.save(tmp_path / "m.xlsx")
    with open_workbook(tmp_path / "m.xlsx") as opened:
        assert [(s.name, s.hidden) for s in opened.sheets] == [
            ("Скрытый", True),
            ("Клиенты", False),
        ]
        assert opened.sheet().name == "Клиенты"
        assert [c for _, c in opened.sheet("Скрытый").rows()] == [["x"]]
        with pytest.raises(UserError, match="no sheet named"):
            opened.sheet("Нет")


def test_formula_cells_are_never_evaluated(tmp_path: Path) -> None:
    # openpyxl writes the formula without a cached result: it must read as empty, with a
    # note, and nothing may compute it (no 3 anywhere).
    builders.xlsx(tmp_path / "f.xlsx", [["ФИО", "Сумма"], ["Иванов", "=1+2"]])
    with open_workbook(tmp_path / "f.xlsx") as book:
        sheet = book.sheet()
        rows = [c for _, c in sheet.rows()]
        assert rows[1] == ["Иванов", ""]
        assert [n.code for n in sheet.notes] == ["formulas_without_value"]


def test_formula_with_cached_value_reads_the_cached_value(tmp_path: Path) -> None:
    src = builders.xlsx(tmp_path / "f.xlsx", [["ФИО", "Сумма"], ["Иванов", "=1+2"]])
    with zipfile.ZipFile(src) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    # What Excel saves: the formula and its last result (deliberately not 1+2).
    xml = xml.replace(b"<f>1+2</f><v></v>", b"<f>1+2</f><v>42</v>").replace(
        b"<f>1+2</f><v />", b"<f>1+2</f><v>42</v>"
    )
    assert b"<v>42</v>" in xml
    builders.replace_member(src, tmp_path / "g.xlsx", "xl/worksheets/sheet1.xml", xml)
    assert _cells(tmp_path / "g.xlsx")[1][1] == ["Иванов", 42]


def test_ods_from_a_hand_written_zip(tmp_path: Path) -> None:
    body = builders.ods_body({"Клиенты": ROWS, "Второй": [["a", 1]]})
    path = builders.ods(tmp_path / "c.ods", body)
    with open_workbook(path) as book:
        assert book.format is FileFormat.ODS
        assert book.sheet_names == ["Клиенты", "Второй"]
        assert [c for _, c in book.sheet().rows()][1] == [
            "Иванов Иван",
            "8 912 345-67-89",
            "ivan@mail.ru",
        ]
        assert [c for _, c in book.sheet("Второй").rows()] == [["a", 1.0]]


def test_content_wins_over_the_name(tmp_path: Path) -> None:
    builders.xlsx(tmp_path / "real.xlsx", ROWS)
    (tmp_path / "renamed.xls").write_bytes((tmp_path / "real.xlsx").read_bytes())
    with open_workbook(tmp_path / "renamed.xls") as book:
        assert book.format is FileFormat.XLSX
        assert len(list(book.sheet().rows())) == 3


@pytest.mark.parametrize(
    ("encoding", "bom", "sep"),
    [
        ("utf-8", b"", ","),
        ("utf-8", b"\xef\xbb\xbf", ";"),
        ("cp1251", b"", ";"),
        ("cp1251", b"", "\t"),
    ],
)
def test_csv_encodings_and_separators(tmp_path: Path, encoding: str, bom: bytes, sep: str) -> None:
    lines = [sep.join(HEADER), sep.join(['"Иванов, Иван"', "8 912 345-67-89", "ivan@mail.ru"])]
    lines.append(sep.join(['"Многострочная\nзаметка"', "", ""]))
    path = tmp_path / "c.csv"
    path.write_bytes(bom + "\r\n".join(lines).encode(encoding))
    with open_workbook(path) as book:
        assert book.format is FileFormat.CSV
        assert book.delimiter == sep
        assert book.encoding in {encoding, "utf-8-sig"}
        rows = [(n, c) for n, c in book.sheet().rows()]
    assert rows[0] == (1, HEADER)
    assert rows[1] == (2, ["Иванов, Иван", "8 912 345-67-89", "ivan@mail.ru"])
    assert rows[2] == (3, ["Многострочная\nзаметка", "", ""])  # numbered as Excel shows it


def test_csv_decimal_commas_do_not_fool_the_separator() -> None:
    text = "Имя;Сумма;Город\nИван;1,5;Москва\nПётр;2,75;Казань\n"
    assert detect_delimiter(text) == ";"


def test_excel_sep_line_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("sep=|\nФИО|Телефон\nИванов|123\n", encoding="utf-8")
    assert _cells(path) == [(1, ["ФИО", "Телефон"]), (2, ["Иванов", "123"])]


def test_decode_mostly_utf8_with_a_damaged_byte_stays_utf8() -> None:
    data = "Иванов Иван Петрович; Москва".encode() + b"\xff" + "Казань".encode()
    decoded = decode_text(data)
    assert decoded.encoding == "utf-8" and decoded.replaced == 1
    assert "Иванов" in decoded.text and "Казань" in decoded.text


def test_decode_utf16_with_bom() -> None:
    decoded = decode_text("ФИО\tТелефон\r\n".encode("utf-16"))
    assert decoded.text.startswith("ФИО\t")


def test_html_table_saved_as_xls(tmp_path: Path) -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<style>td{mso-number-format:'\\@'}</style></head><body><table border=1>"
        "<tr><th colspan=2>Контакт</th><th rowspan=2>Email</th></tr>"
        "<tr><th>ФИО</th><th>Телефон</th></tr>"
        "<tr><td>Иванов&nbsp;Иван</td><td>8 912<br>8 913</td><td>i@x.ru</td></tr>"
        "</table></body></html>"
    )
    path = tmp_path / "bitrix.xls"
    path.write_bytes(html.encode("cp1251"))
    with open_workbook(path) as book:
        assert book.format is FileFormat.HTML
        sheet = book.sheet()
        rows = [(n, c) for n, c in sheet.rows()]
        merged = sheet.merged
    assert rows == [
        (1, ["Контакт", "", "Email"]),
        (2, ["ФИО", "Телефон", ""]),  # the rowspan cell is covered
        (3, ["Иванов Иван", "8 912\n8 913", "i@x.ru"]),
    ]
    assert {(m.first_row, m.first_col, m.last_row, m.last_col) for m in merged} == {
        (1, 0, 1, 1),
        (1, 2, 2, 2),
    }


def test_vcard_21_quoted_printable_folded_cyrillic(tmp_path: Path) -> None:
    qp_name = "=D0=98=D0=B2=D0=B0=D0=BD=D0=BE=D0=B2;=D0=98=D0=B2=D0=B0=D0=BD;;;"
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp_name}\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD=D0=BE=D0=B2 =\r\n"
        "=D0=98=D0=B2=D0=B0=D0=BD\r\n"
        "TEL;CELL:+7 912 345-67-89\r\nTEL;WORK;VOICE:8 (495) 123-45-67\r\n"
        "TEL;CELL:+7 913 000-00-00\r\n"
        "EMAIL;INTERNET:ivan@mail.ru\r\n"
        "ORG;CHARSET=windows-1251;ENCODING=QUOTED-PRINTABLE:"
        "=CE=CE=CE =AB=D0=EE=EC=E0=F8=EA=E0=BB\r\n"
        "NOTE:first line\r\n  continued\r\n"
        "BDAY:19800517\r\nCATEGORIES:vip,опт\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna Smith\r\nN:Smith;Anna;;;\r\n"
        'TEL;VALUE=uri;TYPE="voice,home":tel:+1-202-555-0100\r\nBDAY:--0517\r\n'
        "ADR;TYPE=work:;;ул. Ленина\\, 1;Москва;;101000;Россия\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "c.vcf"
    path.write_text(text, encoding="utf-8")
    with open_workbook(path) as book:
        assert book.format is FileFormat.VCARD
        rows = list(book.sheet().rows())
    header = rows[0][1]
    card = dict(zip(header, rows[1][1], strict=True))
    assert rows[1][0] == 1  # the line of BEGIN:VCARD
    assert card["Full name"] == "Иванов Иван"
    assert (card["Last name"], card["First name"]) == ("Иванов", "Иван")
    assert card["Mobile phone"] == "+7 912 345-67-89; +7 913 000-00-00"
    assert card["Work phone"] == "8 (495) 123-45-67"
    assert card["Organization"] == "ООО «Ромашка»"
    assert card["Note"] == "first line continued"
    assert card["Birthday"] == "1980-05-17"
    assert card["Categories"] == "vip; опт"
    second = dict(zip(header, rows[2][1], strict=True))
    assert second["Home phone"] == "+1-202-555-0100"
    assert second["Birthday"] == "--05-17"
    assert (second["City"], second["Address"]) == ("Москва", "ул. Ленина, 1, 101000, Россия")


# --- hostile and broken files -----------------------------------------------------------------


def test_zip_bomb_is_refused_fast(tmp_path: Path) -> None:
    src = builders.xlsx(tmp_path / "a.xlsx", ROWS)
    bomb = builders.zip_bomb(src, tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 1 << 20
    started = time.perf_counter()
    with pytest.raises(UserError, match="zip bomb"):
        open_workbook(bomb)
    assert time.perf_counter() - started < 2


def test_total_uncompressed_cap(tmp_path: Path) -> None:
    src = builders.xlsx(tmp_path / "a.xlsx", ROWS)
    with pytest.raises(UserError, match="too large to import"):
        open_workbook(src, limits=Limits(max_uncompressed_bytes=1000))


def test_sparse_sheet_that_would_abort_calamine_is_refused(tmp_path: Path) -> None:
    # A5 KB file with values in A1 and XFD1048576: calamine would allocate 550 GB and
    # abort the process; the pre-scan refuses it.
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"], sheet["XFD1048576"] = "x", "y"
    book.save(tmp_path / "sparse.xlsx")
    with (
        open_workbook(tmp_path / "sparse.xlsx") as opened,
        pytest.raises(UserError, match="too large"),
    ):
        opened.sheet()


def test_sparse_sheet_with_namespace_prefixes_is_refused(tmp_path: Path) -> None:
    src = builders.xlsx(tmp_path / "a.xlsx", [["x"]])
    with zipfile.ZipFile(src) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    far = (
        b'<x:row r="1048576" xmlns:x="urn:x"><x:c r="XFD1048576" t="inlineStr">'
        b"<x:is><x:t>y</x:t></x:is></x:c></x:row>"
    )
    xml = xml.replace(b"</sheetData>", far + b"</sheetData>")
    builders.replace_member(src, tmp_path / "p.xlsx", "xl/worksheets/sheet1.xml", xml)
    with open_workbook(tmp_path / "p.xlsx") as opened, pytest.raises(UserError, match="too large"):
        opened.sheet()


def test_ods_repeat_bomb_is_refused(tmp_path: Path) -> None:
    body = (
        '<table:table table:name="x"><table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    with pytest.raises(UserError, match="too large"):
        open_workbook(builders.ods(tmp_path / "b.ods", body))


def test_ods_trailing_empty_repeats_are_fine(tmp_path: Path) -> None:
    rows = "".join(
        "<table:table-row>" + '<table:table-cell office:value-type="string"><text:p>a</text:p>'
        '</table:table-cell><table:table-cell table:number-columns-repeated="1020"/>'
        "</table:table-row>"
        for _ in range(3)
    )
    tail = (
        '<table:table-row table:number-rows-repeated="1048573">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    path = builders.ods(
        tmp_path / "lo.ods", f'<table:table table:name="x">{rows}{tail}</table:table>'
    )
    assert [c for _, c in _cells(path)] == [["a"], ["a"], ["a"]]


def test_lying_zip_directory_is_refused(tmp_path: Path) -> None:
    src = builders.xlsx(tmp_path / "a.xlsx", ROWS)
    lying = builders.lying_zip(src, tmp_path / "lie.xlsx", "xl/worksheets/sheet1.xml")
    with open_workbook(lying) as book, pytest.raises(UserError, match="damaged"):
        book.sheet()


def test_password_protected_workbook(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="password"):
        open_workbook(builders.password_stub(tmp_path / "secret.xlsx"))


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_xlsx(tmp_path: Path, keep: float) -> None:
    src = builders.xlsx(tmp_path / "a.xlsx", ROWS * 50)
    with pytest.raises(UserError, match="damaged or incomplete"):
        open_workbook(builders.truncated(src, tmp_path / "t.xlsx", keep))


def test_truncated_vcard_keeps_the_last_card_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "t.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Иван\nTEL:123", encoding="utf-8")
    with open_workbook(path) as book:
        assert [n.code for n in book.notes] == ["truncated"]
        assert len(list(book.sheet().rows())) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00" * 100, "not a spreadsheet"),
        (b"PK\x05\x06" + b"\x00" * 18, "damaged"),
        (b"<html><body>no table</body></html>", "no table"),
        (b"BEGIN:VCARD\nEND:VCALENDAR", "No contact cards"),
    ],
)
def test_broken_files_give_a_clear_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.xls"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        open_workbook(path)


def test_csv_row_cap(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("a\n" * 20, encoding="utf-8")
    with pytest.raises(UserError, match="more than 10 rows"):
        open_workbook(path, limits=Limits(max_rows=10))


def test_xlsb_is_refused_with_advice(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "b.xlsb", "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x00")
    with pytest.raises(UserError, match=r"\.xlsx"):
        open_workbook(tmp_path / "b.xlsb")


@pytest.mark.parametrize(
    "marker", ["KIND:org", "X-ABShowAs:COMPANY", "X-ADDRESSBOOKSERVER-KIND:org"]
)
def test_vcard_organization_cards_name_a_company_not_a_person(tmp_path: Path, marker: str) -> None:
    path = tmp_path / "orgs.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\n"
        + marker
        + "\r\nFN:ООО «Ромашка»\r\nTEL;TYPE=work:+7 495 123-45-67\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    with open_workbook(path) as book:
        rows = list(book.sheet().rows())
    record = dict(zip(rows[0][1], rows[1][1], strict=True))
    assert record["Organization"] == "ООО «Ромашка»"
    assert record["Full name"] == "" and record["Last name"] == ""


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_a_sheet_with_prefixed_tags_is_measured_exactly(prefix: str) -> None:
    """The pre-scan's fast bound holds for plain `<c r="A1">` cells only; a sheet written
    with namespace prefixes (`<x:c>`) is measured cell by cell."""
    p = prefix
    xml = (
        f'<{p}worksheet><{p}sheetData><{p}row r="3"><{p}c r="B3"><{p}v>1</{p}v></{p}c>'
        f"</{p}row></{p}sheetData></{p}worksheet>"
    ).encode()
    scan = guards.check_xlsx_sheet(xml, Path("x.xlsx"), "Sheet1", DEFAULT_LIMITS)
    assert (scan.rows, scan.columns) == ((3, 2) if prefix else (200_000, 26))
