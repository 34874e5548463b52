"""vCard 2.1 / 3.0 / 4.0 (.vcf) to rows with fixed column names.

Handles folded lines (a leading space or tab continues the previous line), quoted-
printable values with soft line breaks and a CHARSET (2.1), backslash escapes (3.0,
4.0), grouped properties (`item1.TEL`), bare 2.1 types (`TEL;CELL`), `TYPE=a,b` and
`tel:` URIs (4.0). Several phones of one kind share a cell separated by '; ' (the
phone rules split it again); so do several e-mails. The row number of a card is the
line of its BEGIN:VCARD; the header row is numbered 0.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

from crm_desktop.importing.cells import Cell, Row
from crm_desktop.importing.guards import ImportFileError, Limits

COLUMNS = (
    "Full name",
    "Last name",
    "First name",
    "Middle name",
    "Organization",
    "Department",
    "Job title",
    "Mobile phone",
    "Work phone",
    "Home phone",
    "Fax",
    "Other phone",
    "E-mail",
    "Address",
    "City",
    "Website",
    "Birthday",
    "Note",
    "Categories",
)
_INDEX = {name: i for i, name in enumerate(COLUMNS)}
_PHONE_COLUMN = {"cell": "Mobile phone", "work": "Work phone", "home": "Home phone", "fax": "Fax"}
_PROPERTY = re.compile(r"^(?:[\w-]+\.)?([\w-]+)((?:;[^:]*)?):(.*)$", re.DOTALL)
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _split_structured(value: str) -> list[str]:
    """Split on ';' not preceded by a backslash, then unescape each part."""
    return [_unescape(part) for part in re.split(r"(?<!\\);", value)]


@dataclass(slots=True)
class _Property:
    name: str
    params: dict[str, list[str]]
    value: str


def _params(text: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for item in filter(None, text.split(";")):
        key, sep, value = item.partition("=")
        if not sep:  # vCard 2.1 bare parameter: TEL;CELL;QUOTED-PRINTABLE
            upper = key.strip().upper()
            if upper in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT"):
                params.setdefault("ENCODING", []).append(upper)
            else:
                params.setdefault("TYPE", []).append(upper)
            continue
        values = [v.strip().strip('"').upper() for v in value.split(",")]
        params.setdefault(key.strip().upper(), []).extend(values)
    return params


def _decode(raw: str, params: dict[str, list[str]]) -> str:
    if "QUOTED-PRINTABLE" not in params.get("ENCODING", []):
        return raw
    charset = (params.get("CHARSET") or ["UTF-8"])[0]
    data = quopri.decodestring(raw.encode("latin-1", errors="replace"))
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


_NAME_CHARS = 4096  # a property's name and parameters (before ':') are never longer


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(line number, unfolded line), with quoted-printable soft breaks joined.

    Pieces are collected and joined once: a line folded a million times (a vCard
    bomb) costs linear time, not a copy of the whole line per continuation.
    """
    out: list[tuple[int, list[str]]] = []
    head = ""  # the current line up to its first ':' (or its first _NAME_CHARS)
    qp_open = False
    for number, line in enumerate(text.splitlines(), start=1):
        if out and (qp_open or line[:1] in (" ", "\t")):
            pieces = out[-1][1]
            if qp_open:  # drop the soft break's '=' (the last piece ends with it)
                pieces[-1] = pieces[-1][:-1]
                piece = line.lstrip(" \t")
            else:
                piece = line[1:]
            if piece:
                pieces.append(piece)
            if ":" not in head and len(head) < _NAME_CHARS:
                head = (head + piece[:_NAME_CHARS])[:_NAME_CHARS]
        else:
            out.append((number, [line]))
            head = line[:_NAME_CHARS]
        last = out[-1][1][-1]
        qp_open = "QUOTED-PRINTABLE" in head.split(":", 1)[0].upper() and last.endswith("=")
    return [(number, "".join(pieces)) for number, pieces in out]


_PERSON_NAME_COLUMNS = ("Full name", "Last name", "First name", "Middle name")
_COMPANY_KINDS = {"KIND": "org", "X-ADDRESSBOOKSERVER-KIND": "org", "X-ABSHOWAS": "company"}


@dataclass(slots=True)
class _Card:
    line: int
    cells: list[list[str]] = field(default_factory=lambda: [[] for _ in COLUMNS])
    company: bool = False  # KIND:org (4.0), X-ABShowAs:COMPANY (Apple), …-KIND:org

    def add(self, column: str, value: str) -> None:
        value = value.strip()
        bucket = self.cells[_INDEX[column]]
        if value and value not in bucket:
            bucket.append(value)

    def row(self) -> Row:
        if self.company:  # an organization's card: its name is the company, not a person
            organization = self.cells[_INDEX["Organization"]]
            if not organization:  # vCard 4.0 KIND:org names it in FN only
                organization.extend(self.cells[_INDEX["Full name"]])
            for column in _PERSON_NAME_COLUMNS:
                self.cells[_INDEX[column]].clear()
        cells: list[Cell] = [
            ("\n" if COLUMNS[i] in ("Note", "Address") else "; ").join(values)
            for i, values in enumerate(self.cells)
        ]
        return self.line, cells


def _birthday(value: str) -> str:
    value = value.strip()
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    if re.fullmatch(r"--\d{4}", value):
        return f"--{value[2:4]}-{value[4:]}"
    return value.split("T", 1)[0]


def _apply(card: _Card, prop: _Property) -> None:
    name, value, types = prop.name, prop.value, {t.lower() for t in prop.params.get("TYPE", [])}
    if _COMPANY_KINDS.get(name) == value.strip().lower():
        card.company = True
    elif name == "FN":
        card.add("Full name", _unescape(value))
    elif name == "N":
        parts = [*_split_structured(value), "", "", ""]
        card.add("Last name", parts[0])
        card.add("First name", parts[1])
        card.add("Middle name", parts[2].replace(",", " "))
    elif name == "ORG":
        parts = _split_structured(value)
        card.add("Organization", parts[0])
        card.add("Department", "; ".join(p for p in parts[1:] if p))
    elif name in ("TITLE", "ROLE"):
        card.add("Job title", _unescape(value))
    elif name == "TEL":
        number = value[4:] if value.lower().startswith("tel:") else _unescape(value)
        kind = next((k for k in ("fax", "cell", "work", "home") if k in types), None)
        card.add(_PHONE_COLUMN.get(kind or "", "Other phone"), number)
    elif name == "EMAIL":
        card.add("E-mail", _unescape(value))
    elif name == "ADR":
        parts = [*_split_structured(value), *[""] * 7]
        card.add("City", parts[3])
        card.add("Address", ", ".join(p for p in (parts[2], parts[5], parts[4], parts[6]) if p))
    elif name == "URL":
        card.add("Website", _unescape(value))
    elif name == "BDAY":
        card.add("Birthday", _birthday(_unescape(value)))
    elif name == "NOTE":
        card.add("Note", _unescape(value))
    elif name == "CATEGORIES":
        for tag in re.split(r"(?<!\\),", value):
            card.add("Categories", _unescape(tag))


def read_vcards(text: str, limits: Limits) -> tuple[list[Row], bool]:
    """The header row (numbered 0) and one row per card; True when the last card is cut off."""
    rows: list[Row] = [(0, list[Cell](COLUMNS))]
    card: _Card | None = None
    for number, line in _logical_lines(text):
        match = _PROPERTY.match(line.strip("\r"))
        if not match:
            continue
        name = match.group(1).upper()
        if name == "BEGIN" and match.group(3).strip().upper() == "VCARD":
            card = _Card(number)
        elif name == "END" and card is not None and match.group(3).strip().upper() == "VCARD":
            rows.append(card.row())
            card = None
            if len(rows) > limits.max_rows:
                raise ImportFileError(f"The file has more than {limits.max_rows:,} cards.")
        elif card is not None:
            params = _params(match.group(2))
            if "BASE64" in params.get("ENCODING", []) or "B" in params.get("ENCODING", []):
                continue  # PHOTO, LOGO, KEY
            _apply(card, _Property(name, params, _decode(match.group(3), params)))
    truncated = card is not None and any(card.cells)
    if truncated and card is not None:  # a truncated file: keep what the last card had
        rows.append(card.row())
    if len(rows) == 1:
        raise ImportFileError("No contact cards (BEGIN:VCARD … END:VCARD) were found in the file.")
    return rows, truncated
