"""Values read the way people write them, and a row turned into an `ImportRecord`.

Dates: ДД.ММ.ГГГГ and ДД.ММ.ГГ, ISO (with or without time), YYYYMMDD, Outlook's M/D/YYYY
(`0/0/00` is empty), Google's `--MM-DD` (no year), '17.05' (no year), '17 мая 1980',
Excel serial numbers and date cells. Slashed dates are read day-first or month-first
per column: a value such as 25/03 or 03/25 decides; otherwise the mapping's
`day_first`, else day-first (Russian files). An impossible date (31.02.2020, month 13)
is flagged `date_invalid`; text that is no date at all `date_unreadable`; both keep
the text in `unparsed`.

E-mails: trimmed, `mailto:` and `<>` stripped, split on , ; | whitespace and ':::';
Unicode domains (`@ромашка.рф`) are valid; a piece with '@' that is not an address is
flagged `email_invalid` and kept in `unparsed`. Phones: the domain rules
(`parse_phone_cell`) with the region; an unparseable one is kept as typed with
`valid=False` and flagged `phone_invalid`. Names: the domain split; a name cell
holding a company (a legal form such as ООО) becomes the organization, flagged
`name_is_organization`. A leading apostrophe (Excel's text marker) is ignored
everywhere.

Warning codes: phone_invalid, email_invalid, date_invalid, date_unreadable,
inn_invalid, inn_checksum, kpp_invalid, ogrn_invalid, value_truncated,
name_is_organization.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from crm_desktop.domain.emails import normalize_email
from crm_desktop.domain.inn import normalize_inn
from crm_desktop.domain.kinds import PhoneKind
from crm_desktop.domain.names import PersonName, org_legal_form, split_person_name
from crm_desktop.domain.phones import ParsedPhone, PhoneStatus, parse_phone_cell
from crm_desktop.importing.cells import MAX_CELL_CHARS, Cell, cell_text, is_blank
from crm_desktop.importing.fields import (
    EMAIL_FIELDS,
    JOINED_FIELDS,
    NAME_FIELDS,
    PHONE_FIELDS,
    Field,
    Target,
)
from crm_desktop.importing.identity import is_valid_inn
from crm_desktop.importing.layout import DataRow
from crm_desktop.importing.mapping import Mapping
from crm_desktop.importing.problems import quote
from crm_desktop.importing.records import ImportRecord, PartialDate, PhoneValue
from crm_desktop.importing.vocabulary import phone_kind

# --- dates ------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_BASIC = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NO_YEAR = re.compile(r"--(\d{2})-?(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})([./-])(\d{1,2})(?:\2(\d{2}|\d{4}))?\.?(?:\s*г\.?)?(?:\s+\d.*)?")
_WORDS = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?,?\s*(\d{4})?(?:\s*г\.?)?")
_EMPTY_DATES = frozenset({"0/0/00", "0/0/0000", "00.00.0000", "00.00.00", "0000-00-00", "-"})
_MONTHS = {
    **dict.fromkeys(("янв", "jan"), 1),
    **dict.fromkeys(("фев", "feb"), 2),
    **dict.fromkeys(("мар", "mar"), 3),
    **dict.fromkeys(("апр", "apr"), 4),
    **dict.fromkeys(("мая", "май", "may"), 5),
    **dict.fromkeys(("июн", "jun"), 6),
    **dict.fromkeys(("июл", "jul"), 7),
    **dict.fromkeys(("авг", "aug"), 8),
    **dict.fromkeys(("сен", "sep"), 9),
    **dict.fromkeys(("окт", "oct"), 10),
    **dict.fromkeys(("ноя", "nov"), 11),
    **dict.fromkeys(("дек", "dec"), 12),
}
_MIN_YEAR = 1850
_MAX_YEAR = 2100


@dataclass(frozen=True, slots=True)
class DateResult:
    value: PartialDate | None
    code: str | None = None  # None: read (or empty); 'date_invalid'; 'date_unreadable'


def _full_year(year: int, today: date) -> int:
    if year >= 100:
        return year
    pivot = today.year % 100
    return (1900 if year > pivot else 2000) + year


def _make(year: int | None, month: int, day: int) -> DateResult:
    if year is not None and not _MIN_YEAR <= year <= _MAX_YEAR:
        return DateResult(None, "date_invalid")
    try:
        return DateResult(PartialDate(year, month, day))
    except ValueError:
        return DateResult(None, "date_invalid")


def _slash_order(text: str) -> tuple[int, int] | None:
    """(first, second) numbers of a slashed or dashed date, for day/month inference."""
    match = _NUMERIC.fullmatch(text)
    if match and match.group(2) in "/-":
        return int(match.group(1)), int(match.group(3))
    return None


def parse_date(value: Cell, *, day_first: bool = True, today: date | None = None) -> DateResult:
    """Read a date cell; empty and placeholder values give DateResult(None)."""
    today = today or date.today()
    if isinstance(value, datetime):
        return _make(value.year, value.month, value.day)
    if isinstance(value, date):
        return _make(value.year, value.month, value.day)
    if isinstance(value, bool) or value is None:
        return DateResult(None, None if value is None else "date_unreadable")
    if isinstance(value, int | float):
        if 19000101 <= value <= 21001231 and float(value).is_integer():  # 19800517
            n = int(value)
            return _make(n // 10000, n // 100 % 100, n % 100)
        if 1 <= value < 2958466:  # Excel serial day (1900 date system)
            day = _EXCEL_EPOCH + timedelta(days=int(value))
            return _make(day.year, day.month, day.day)
        return DateResult(None, "date_unreadable")
    if not isinstance(value, str):
        return DateResult(None, "date_unreadable")
    text = cell_text(value)
    if not text or text in _EMPTY_DATES:
        return DateResult(None)
    if match := _ISO.fullmatch(text):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _BASIC.fullmatch(text):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _NO_YEAR.fullmatch(text):
        return _make(None, int(match.group(1)), int(match.group(2)))
    if match := _NUMERIC.fullmatch(text):
        a, b = int(match.group(1)), int(match.group(3))
        year = _full_year(int(match.group(4)), today) if match.group(4) else None
        if year is not None and year % 100 == 0 and a == 0 and b == 0:
            return DateResult(None)  # Outlook's 0/0/00
        if match.group(2) == "." or day_first:
            return _make(year, b, a)
        return _make(year, a, b)
    if match := _WORDS.fullmatch(text):
        month = _MONTHS.get(match.group(2).casefold()[:3])
        if month is None:
            return DateResult(None, "date_unreadable")
        year = int(match.group(3)) if match.group(3) else None
        return _make(year, month, int(match.group(1)))
    return DateResult(None, "date_unreadable")


def infer_day_first(values: Iterable[Cell]) -> bool | None:
    """True/False when some slashed date settles the order (25/03 or 03/25), else None."""
    day_first = month_first = False
    for value in values:
        if not isinstance(value, str):
            continue
        order = _slash_order(value.strip())
        if order is None:
            continue
        a, b = order
        day_first = day_first or (a > 12 >= b)
        month_first = month_first or (b > 12 >= a)
        if day_first and month_first:
            return None
    if day_first != month_first:
        return day_first
    return None


# --- e-mails ----------------------------------------------------------------------------------

_EMAIL_SPLIT = re.compile(r":::|[;,|\s]+")


def split_emails(text: str) -> tuple[list[str], list[str]]:
    """(valid addresses, malformed pieces that contain '@') of one cell."""
    valid: list[str] = []
    bad: list[str] = []
    for piece in _EMAIL_SPLIT.split(text):
        if not piece:
            continue
        address = normalize_email(piece)
        if address:
            if address not in valid:
                valid.append(address)
        elif "@" in piece:
            bad.append(piece)
    return valid, bad


# --- phones, in two processes -----------------------------------------------------------------

_OK, _EMPTY = PhoneStatus.OK.value, PhoneStatus.EMPTY.value
PARALLEL_PHONES = 20_000  # distinct phone cells from which a second process pays off
_PHONE_CHUNK = 1000  # small: at the end this process waits for the helper's last 2
# A parsed phone as it crosses between the processes and waits for its record: a plain
# tuple (raw, status value, e164, extension, comment, reason). Pickling the `ParsedPhone`
# dataclasses themselves cost the importing process ~2 s per 155k cells; tuples ~0.2 s.
WirePhone = tuple[str, str, str | None, str | None, str | None, str | None]
ParsedCells = dict[str, tuple[WirePhone, ...]]
# A phone cell read later (`RecordReader.read_deferred`): the number of the record's
# warnings before it, its target, its text and its kind.
DeferredPhone = tuple[int, Target, str, PhoneKind]


def _exit_with_parent(parent: int) -> None:
    """In the helper process: leave when the importing process is gone (killed, crashed).

    A pool worker waits on a queue it also holds the writing end of, so it would never
    notice its parent's death by itself. POSIX re-parents an orphan (`getppid` changes);
    Windows does not, and there the helper ends when its queue breaks.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def wire_phones(phones: Iterable[ParsedPhone]) -> tuple[WirePhone, ...]:
    return tuple((p.raw, p.status.value, p.e164, p.extension, p.comment, p.reason) for p in phones)


def _parse_chunk(texts: list[str], region: str) -> list[tuple[WirePhone, ...]]:
    """The phones of each cell text (run in the helper process too)."""
    return [wire_phones(parse_phone_cell(text, region)) for text in texts]


class _Chunk:
    __slots__ = ("done", "future", "texts")

    def __init__(
        self, texts: list[str], future: Future[list[tuple[WirePhone, ...]]] | None
    ) -> None:
        self.texts = texts
        self.future = future  # None: to be parsed in this process
        self.done = False


class PhoneParser:
    """Parses each distinct phone cell text fed to it once, in two processes.

    Texts are fed one by one (`add`), e.g. as the rows of a sheet stream by, in chunks.
    From `parallel_from` distinct texts on, chunks go to a helper process (spawned: safe
    from a GUI's worker thread, and the same on every OS) which parses them in order;
    `poll` takes in what it has finished (`parsed`, as `WirePhone` tuples; `ready`
    chunks from the front are in) and parses here the oldest chunks it has not begun
    when it falls behind; `result()` takes the chunks it has not begun from the back. A
    helper that cannot start or dies leaves its chunks to this process. `on_chunk(n)` is
    called after each chunk parsed here or taken in (progress, cancellation). `start()`
    spawns the helper ahead of the first chunk (its start-up overlaps other work);
    `close()` (or leaving the `with` block) ends it.
    """

    def __init__(
        self,
        region: str,
        *,
        processes: int = 2,
        parallel_from: int = PARALLEL_PHONES,
        on_chunk: Callable[[int], None] | None = None,
    ) -> None:
        self.region = region
        self.parallel_from = parallel_from
        self.on_chunk = on_chunk
        self.parsed: ParsedCells = {}
        self.ready = 0  # chunks from the front whose phones are all in `parsed`
        self._seen: set[str] = set()
        self._pending: list[str] = []
        self._chunks: list[_Chunk] = []
        self._pool: ProcessPoolExecutor | None = None
        self._use_pool = processes > 1
        self._processes = processes

    def __enter__(self) -> PhoneParser:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def needed(self) -> int:
        """`ready` must reach this for every text added so far to be in `parsed`."""
        return len(self._chunks) + (1 if self._pending else 0)

    def start(self) -> None:
        """Spawn the helper now (it imports the phone rules while this process works)."""
        if self._use_pool and self._pool is None:
            try:
                self._spawn().submit(_parse_chunk, ["8 916 000-00-00"], self.region)
            except (OSError, RuntimeError):  # no processes here: parse in this one
                self._use_pool = False

    def _spawn(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self._processes - 1,
                mp_context=context,
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
        return self._pool

    def _local(self, chunk: _Chunk) -> None:
        self.parsed.update(zip(chunk.texts, _parse_chunk(chunk.texts, self.region), strict=True))
        self._done(chunk)

    def _collect(self, chunk: _Chunk) -> None:
        assert chunk.future is not None
        try:
            result = chunk.future.result()
        except (BrokenExecutor, OSError):  # the helper died: parse here
            self._local(chunk)
            return
        self.parsed.update(zip(chunk.texts, result, strict=True))
        self._done(chunk)

    def _done(self, chunk: _Chunk) -> None:
        count = len(chunk.texts)
        chunk.done, chunk.texts, chunk.future = True, [], None
        while self.ready < len(self._chunks) and self._chunks[self.ready].done:
            self.ready += 1
        if self.on_chunk is not None:
            self.on_chunk(count)

    def add(self, text: str) -> None:
        if not text or text in self._seen:
            return
        self._seen.add(text)
        self._pending.append(text)
        if len(self._pending) < _PHONE_CHUNK:
            return
        pending, self._pending = self._pending, []
        future = None
        if self._use_pool and len(self._seen) >= self.parallel_from:
            try:
                future = self._spawn().submit(_parse_chunk, pending, self.region)
            except (OSError, RuntimeError):  # no processes here: parse in this one
                self._use_pool = False
        chunk = _Chunk(pending, future)
        self._chunks.append(chunk)
        if not self._use_pool:
            self._local(chunk)

    def poll(self, lag: int) -> None:
        """Take in the chunks the helper has finished; while more than `lag` chunks
        wait, parse here the oldest it has not begun."""
        waiting: list[_Chunk] = []
        for chunk in self._chunks[self.ready :]:
            if chunk.done:
                continue
            if chunk.future is not None and chunk.future.done():
                self._collect(chunk)
            else:
                waiting.append(chunk)
        excess = len(waiting) - lag
        for chunk in waiting:
            if excess <= 0:
                break
            if chunk.future is None or chunk.future.cancel():
                self._local(chunk)
                excess -= 1

    def result(self) -> ParsedCells:
        """{text: its phones} for every text added (call once, after the last `add`)."""
        self._seen.clear()
        if self._pending:
            chunk = _Chunk(self._pending, None)
            self._pending = []
            self._chunks.append(chunk)
            self._local(chunk)
        for chunk in reversed(self._chunks):  # take what the helper has not begun
            if not chunk.done and (chunk.future is None or chunk.future.cancel()):
                self._local(chunk)
        for chunk in self._chunks:
            if not chunk.done:
                self._collect(chunk)
        return self.parsed

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def parse_phone_cells(
    texts: Iterable[str],
    region: str,
    *,
    processes: int = 2,
    parallel_from: int = PARALLEL_PHONES,
    on_chunk: Callable[[int], None] | None = None,
) -> ParsedCells:
    """Parse each distinct phone cell text once: {text: its phones} (see `PhoneParser`)."""
    with PhoneParser(
        region, processes=processes, parallel_from=parallel_from, on_chunk=on_chunk
    ) as parser:
        for text in texts:
            parser.add(text)
        return parser.result()


# --- the row ----------------------------------------------------------------------------------

_KPP = re.compile(r"\d{4}[\dA-Z]{2}\d{3}")
_OGRN = re.compile(r"\d{13}|\d{15}")
_INN_KPP = re.compile(r"(\d{10}|\d{12})\s*[/\\|,;]\s*(\d{4}[\dA-Z]{2}\d{3})")
_TAG_SPLIT = re.compile(r"[,;|\n]+|:::")
_PHONE_LABEL_KINDS = {k.value: k for k in PhoneKind}
# Cheap test before the domain's legal-form parser: a short form (ООО, ИП, LLC; Latin
# look-alikes too), a long form's stem, or quotes around a company name.
_LEGAL_HINT = re.compile(
    r"(?<![^\W\d_])([оo]{3}|[оoаa][аaоo]о|зао|zao|пао|pao|ао|нао|ип|тоо|одо|тов|чп|гуп|муп|"
    r"фгуп|нко|ано|пк|спк|кфх|llc|ltd|inc|gmbh|llp|jsc)(?![^\W\d_])|обществ|акционерн|"
    r"предпр|товарищ|кооператив|хозяйств|некоммерч|limited|incorporated|company|gesellschaft|[«»\"]",
    re.IGNORECASE,
)


# How one cell of a column is read: (record, column, target, value, row cells, name parts,
# joined texts), and the text of a non-empty text cell: (record, target, value, text, ...).
_ReadCell = Callable[
    [ImportRecord, int, Target, Cell, Sequence[Cell], dict[str, list[str]], dict[str, list[str]]],
    None,
]
_ReadText = Callable[
    [ImportRecord, Target, Cell, str, dict[str, list[str]], dict[str, list[str]]], None
]
_SHARED_STRINGS = 50_000  # distinct repeated values kept per sheet (see `_shared`)
_normalize_inn = lru_cache(maxsize=65536)(normalize_inn)  # a company's INN repeats


@lru_cache(maxsize=65536)
def _split_name(text: str) -> PersonName:
    return split_person_name(text)


def _legal_form(text: str) -> str | None:
    return org_legal_form(text) if _LEGAL_HINT.search(text) else None


@dataclass(frozen=True, slots=True)
class ValueOptions:
    region: str = "RU"  # default region for phones written without a country code
    day_first: bool = True  # for slashed dates nothing else settles
    today: date | None = None  # for two-digit years; None: the current date


def _digits_of_number(value: Cell, width: int) -> str | None:
    """A tax id typed as a number loses its leading zero: give it back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = cell_text(value)
        if text.isdigit() and len(text) < width:
            return text.zfill(width)
    return None


class RecordReader:
    """Reads data rows of one sheet into `ImportRecord`s by a `Mapping`.

    Call `prepare(rows)` first with the sheet's data rows (or a large sample) so that
    slashed dates are read in the order the column itself shows. `phones`: cell texts
    already parsed (`parse_phone_cells`); other texts are parsed as they come.
    """

    def __init__(
        self,
        mapping: Mapping,
        sheet: str,
        options: ValueOptions | None = None,
        phones: ParsedCells | None = None,
    ):
        self.mapping = mapping
        self.sheet = sheet
        self.options = options or ValueOptions()
        self.parsed_phones: ParsedCells = phones if phones is not None else {}
        self._items = mapping.items()
        self._plan = [(index, target, self._handler(target.field)) for index, target in self._items]
        self._day_first: dict[int, bool] = {}
        self._default_day_first = (
            mapping.day_first if mapping.day_first is not None else self.options.day_first
        )
        self._today = self.options.today or date.today()
        self._strings: dict[str, str] = {}
        self._deferred: list[DeferredPhone] | None = None
        self._phone_parser: PhoneParser | None = None

    def prepare(self, rows: Iterable[DataRow]) -> None:
        columns = [i for i, t in self._items if t.field is Field.BIRTHDAY]
        if not columns or self.mapping.day_first is not None:
            return
        rows = list(rows) if not isinstance(rows, Sequence) else rows
        for index in columns:
            found = infer_day_first(r.cells[index] for r in rows if index < len(r.cells))
            if found is not None:
                self._day_first[index] = found

    def read(self, data: DataRow) -> ImportRecord:
        record = ImportRecord(self.sheet, data.row)
        cells = data.cells
        width = len(cells)
        names: dict[str, list[str]] = {}
        texts: dict[str, list[str]] = {}
        for index, target, handler in self._plan:
            if index >= width:
                continue
            value = cells[index]
            if value == "" or value is None:
                continue
            handler(record, index, target, value, cells, names, texts)
        group = self.mapping.group_target
        if group and data.group:
            self._handler(group.field)(record, -1, group, data.group, cells, names, texts)
        if names:
            self._finish_names(record, names)
        for attribute, parts in texts.items():
            setattr(record, attribute, ("\n" if attribute == "notes" else ", ").join(parts))
        return record

    def read_deferred(
        self, data: DataRow, parser: PhoneParser | None = None
    ) -> tuple[ImportRecord, list[DeferredPhone]]:
        """`read` with the phone cells left for `attach_phones` (once they are parsed):
        the record and its deferred phone cells; their texts are fed to `parser`."""
        deferred: list[DeferredPhone] = []
        self._deferred, self._phone_parser = deferred, parser
        try:
            return self.read(data), deferred
        finally:
            self._deferred = self._phone_parser = None

    def attach_phones(self, record: ImportRecord, deferred: list[DeferredPhone]) -> None:
        """The deferred phone cells of a `read_deferred` record, read as `read` reads them:
        the same phones, and their warnings in the same places among the others."""
        others = record.warnings
        if not deferred or deferred[0][0] == len(others):  # no other warning after them
            for _, target, text, kind in deferred:
                self._add_phones(record, target, text, kind)
            return
        record.warnings = []
        taken = 0
        for position, target, text, kind in deferred:
            record.warnings.extend(others[taken:position])
            taken = max(taken, position)
            self._add_phones(record, target, text, kind)
        record.warnings.extend(others[taken:])

    # -- one value --

    def _handler(self, field_name: Field) -> _ReadCell:
        """The reading of a cell of this field (chosen once per column, not per cell)."""
        if field_name in PHONE_FIELDS:
            return self._phones
        if field_name is Field.BIRTHDAY:
            return self._birthday
        read = self._text_reader(field_name)
        attribute = field_name.value

        def read_text(
            record: ImportRecord,
            _index: int,
            target: Target,
            value: Cell,
            _cells: Sequence[Cell],
            names: dict[str, list[str]],
            texts: dict[str, list[str]],
        ) -> None:
            text = cell_text(value)
            if not text:
                return
            if len(text) > MAX_CELL_CHARS:
                record.warn(attribute, "value_truncated", limit=f"{MAX_CELL_CHARS:,}")
                text = text[:MAX_CELL_CHARS]
            read(record, target, value, text, names, texts)

        return read_text

    def _text_reader(self, field_name: Field) -> _ReadText:
        attribute = field_name.value
        if field_name in EMAIL_FIELDS:
            org = field_name is Field.ORG_EMAIL
            return lambda record, _t, _v, text, _n, _x: self._emails(record, field_name, text, org)
        if field_name in NAME_FIELDS:
            return lambda _r, _t, _v, text, names, _x: names.setdefault(attribute, []).append(text)
        if field_name is Field.INN:
            return lambda record, _t, value, text, _n, _x: self._inn(record, value, text)
        if field_name is Field.KPP:
            return lambda record, _t, value, text, _n, _x: self._kpp(record, value, text)
        if field_name is Field.OGRN:
            return lambda record, _t, _v, text, _n, _x: self._ogrn(record, text)
        if field_name is Field.TAGS:
            return lambda record, _t, _v, text, _n, _x: self._tags(record, text)
        if field_name is Field.CUSTOM:
            return lambda record, target, _v, text, _n, _x: self._custom(record, target, text)
        if field_name in JOINED_FIELDS:
            return lambda _r, _t, _v, text, _n, texts: texts.setdefault(attribute, []).append(text)

        def scalar(
            record: ImportRecord,
            _target: Target,
            _value: Cell,
            text: str,
            _names: dict[str, list[str]],
            _texts: dict[str, list[str]],
        ) -> None:
            if not getattr(record, attribute):
                setattr(record, attribute, self._shared(text))

        return scalar

    def _ogrn(self, record: ImportRecord, text: str) -> None:
        if _OGRN.fullmatch(text):
            record.ogrn = record.ogrn or text
        else:
            self._bad(record, Field.OGRN, text, "ogrn_invalid")

    def _tags(self, record: ImportRecord, text: str) -> None:
        known = {t.casefold() for t in record.tags}
        for piece in _TAG_SPLIT.split(text):
            tag = piece.strip()
            if tag and tag.casefold() not in known:
                known.add(tag.casefold())
                record.tags.append(self._shared(tag))

    def _custom(self, record: ImportRecord, target: Target, text: str) -> None:
        key = target.name or "custom"
        record.custom[key] = f"{record.custom[key]}, {text}" if key in record.custom else text

    def _shared(self, text: str) -> str:
        """One string object for a value many rows repeat (a city, a position, a company):
        the records of a large file keep one copy, not one per row."""
        found = self._strings.get(text)
        if found is not None:
            return found
        if len(self._strings) < _SHARED_STRINGS:
            self._strings[text] = text
        return text

    def _bad(self, record: ImportRecord, field_name: Field, text: str, code: str) -> None:
        record.unparsed.append((field_name.value, text))
        record.warn(field_name.value, code, text=quote(text))

    def _phones(
        self,
        record: ImportRecord,
        _index: int,
        target: Target,
        value: Cell,
        cells: Sequence[Cell],
        _names: dict[str, list[str]],
        _texts: dict[str, list[str]],
    ) -> None:
        text = cell_text(value)
        if not text:
            return
        kind = self._phone_kind(target, cells)
        if self._deferred is not None:  # parsed later: see `read_deferred`
            self._deferred.append((len(record.warnings), target, text, kind))
            if self._phone_parser is not None:
                self._phone_parser.add(text)
            return
        self._add_phones(record, target, text, kind)

    def _add_phones(self, record: ImportRecord, target: Target, text: str, kind: PhoneKind) -> None:
        out = record.org_phones if target.field is Field.ORG_PHONE else record.phones
        seen = {p.key or p.raw for p in out}
        found = self.parsed_phones.get(text)  # kept: the same text may come again
        if found is None:
            found = wire_phones(parse_phone_cell(text, self.options.region))
        for raw, status, e164, extension, comment, reason in found:
            if status == _EMPTY:
                continue
            valid = status == _OK
            phone = PhoneValue(
                raw=raw,
                kind=kind,
                e164=e164 if valid else None,
                extension=extension,
                valid=valid,
                reason=reason,
                comment=comment,
            )
            identity = phone.key or phone.raw
            if identity in seen:
                continue
            seen.add(identity)
            out.append(phone)
            if not valid:
                record.warn(
                    target.field.value,
                    "phone_invalid",
                    text=quote(raw, 60),
                    reason=reason or "invalid",
                )

    def _phone_kind(self, target: Target, cells: Sequence[Cell]) -> PhoneKind:
        if target.label_column is not None and target.label_column < len(cells):
            label = cell_text(cells[target.label_column])
            if label:
                return phone_kind(label) or PhoneKind.OTHER
        if target.kind in _PHONE_LABEL_KINDS:
            return _PHONE_LABEL_KINDS[target.kind]
        return PhoneKind.OTHER

    def _emails(self, record: ImportRecord, field_name: Field, text: str, org: bool) -> None:
        valid, bad = split_emails(text)
        out = record.org_emails if org else record.emails
        out.extend(a for a in valid if a not in out)
        for piece in bad:
            self._bad(record, field_name, piece, "email_invalid")

    def _birthday(
        self,
        record: ImportRecord,
        index: int,
        _target: Target,
        value: Cell,
        _cells: Sequence[Cell],
        _names: dict[str, list[str]],
        _texts: dict[str, list[str]],
    ) -> None:
        if is_blank(value):
            return
        day_first = self._day_first.get(index, self._default_day_first)
        result = parse_date(value, day_first=day_first, today=self._today)
        if result.value is not None:
            record.birthday = record.birthday or result.value
        elif result.code:
            text = cell_text(value)
            record.unparsed.append((Field.BIRTHDAY.value, text))
            record.warn(Field.BIRTHDAY.value, result.code, text=quote(text, 40))

    def _inn(self, record: ImportRecord, value: Cell, text: str) -> None:
        pair = _INN_KPP.fullmatch(text)
        if pair:
            text, kpp = pair.group(1), pair.group(2)
            record.kpp = record.kpp or kpp
        inn = _normalize_inn(text)
        if inn is None:
            padded = _digits_of_number(value, 10 if len(text) < 10 else 12)
            inn = padded if padded and is_valid_inn(padded) else None
        if inn is None:
            self._bad(record, Field.INN, text, "inn_invalid")
            return
        if not is_valid_inn(inn):
            record.warn(Field.INN.value, "inn_checksum", inn=inn)
        record.inn = record.inn or inn

    def _kpp(self, record: ImportRecord, value: Cell, text: str) -> None:
        kpp = _digits_of_number(value, 9) or text.replace(" ", "").upper()
        if _KPP.fullmatch(kpp):
            record.kpp = record.kpp or kpp
        else:
            self._bad(record, Field.KPP, text, "kpp_invalid")

    # -- names --

    def _finish_names(self, record: ImportRecord, names: dict[str, list[str]]) -> None:
        def joined(attribute: str) -> str:
            parts = names.get(attribute)
            return " ".join(parts) if parts else ""

        last, first, middle = joined("last_name"), joined("first_name"), joined("middle_name")
        full = joined("full_name")
        if last or first or middle:
            parts = [p for p in (last, first, middle) if p]
            if len(parts) == 1 and " " in parts[0].strip():
                name = _split_name(parts[0])  # the whole name in one of the columns
            else:
                name = PersonName(last.strip(), first.strip(), middle.strip())
        elif full:
            if not record.organization and _legal_form(full) is not None:
                record.organization = full
                record.warn(Field.FULL_NAME.value, "name_is_organization", text=quote(full, 60))
                return
            name = _split_name(full)
        else:
            return
        record.last_name, record.first_name, record.middle_name = name.last, name.first, name.middle
        record.full_name = self._shared(name.full or full)
