"""Phone number parsing, splitting, formatting and search terms for spreadsheet data.

Reason codes (``ParsedPhone.reason``):

* ``empty`` - nothing in the cell (EMPTY);
* ``placeholder`` - a filler such as ``нет``, ``-``, ``0``, ``n/a`` (EMPTY);
* ``scientific_notation`` - Excel turned the number into ``7.91234567E+10``, digits are lost;
* ``too_short`` - fewer than 7 digits, or too short for its country; this includes a
  7-digit local number typed without its area code (``610-96-48``);
* ``too_long`` - more than 15 digits, or too long for its country;
* ``not_a_number`` - text without a usable number (``abc``, ``звонить после 18``);
* ``invalid_number`` - right shape, but not a valid number (unknown country or range);
* ``multiple_numbers`` - ``parse_phone`` got a text holding several numbers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

__all__ = [
    "ParsedPhone",
    "PhoneStatus",
    "exact_phone_e164",
    "format_phone",
    "parse_phone",
    "parse_phone_cell",
    "phone_search_terms",
    "query_phone_digits",
    "split_phone_cell",
]

_CACHE_SIZE = 65536
_MIN_DIGITS = 7
_MAX_DIGITS = 15


class PhoneStatus(StrEnum):
    """Outcome of parsing one phone number."""

    OK = "ok"
    INVALID = "invalid"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class ParsedPhone:
    """One phone number as found in a cell; immutable."""

    raw: str
    status: PhoneStatus
    e164: str | None = None
    extension: str | None = None
    national: str | None = None
    region: str | None = None
    digits: str = ""
    comment: str | None = None
    reason: str | None = None
    national_format_digits: str | None = None  # digits of the national format: '89123456789'

    @property
    def is_valid(self) -> bool:
        """True when the number is a valid phone number."""
        return self.status is PhoneStatus.OK


# --- text normalisation -------------------------------------------------------------------

_ZERO_WIDTH = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e"
)
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


@lru_cache(maxsize=4096)
def _norm_char(ch: str) -> str:
    if ch in _ZERO_WIDTH:
        return ""
    if ch in _DASHES:
        return "-"
    if ch.isdecimal():
        return str(unicodedata.decimal(ch))
    if ch in "\r\n\t":
        return ch
    out = unicodedata.normalize("NFKC", ch)
    if out.isspace():
        return " "
    return "".join("-" if c in _DASHES else c for c in out)


_ASCII_ODD_SPACE = re.compile(r"[\x0b\x0c\x1c-\x1f]")


def _normalize(text: str) -> tuple[str, list[int]]:
    """Normalised text plus, for each of its characters, the index of its source character."""
    if text.isascii() and not _ASCII_ODD_SPACE.search(text):
        return text, list(range(len(text)))  # ASCII maps to itself (the common case)
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in _norm_char(ch):
            chars.append(c)
            origin.append(i)
    return "".join(chars), origin


# --- patterns -----------------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
_EXT_MARKER = (
    rf"(?<!{_LETTER})"
    r"(?:добавочн(?:ый|ого|ой)|доб|доп|внутренн(?:ий|его)|внутр|вн|ext(?:ension)?|x|х|#)"
    rf"(?!{_LETTER})"
)
_EXT_RE = re.compile(rf"{_EXT_MARKER}\s*[.:№#]*\s*(\d{{1,8}})", re.IGNORECASE)
_EXT_ONLY_RE = re.compile(rf"(?:{_EXT_MARKER}\s*[.:№#]*\s*)?\d[\d\s\-]*", re.IGNORECASE)
_SCI_RE = re.compile(r"\+?\d+(?:[.,]\d+)?\s*[eE]\s*[+-]?\s*\d+")
_SCI_TAIL_RE = re.compile(r"\d+\s*[eE]\s*[+-]?\s*\d")
_EXCEL_FLOAT_RE = re.compile(r"(\+?\d+)[.,]0+")
_PAREN_RE = re.compile(r"\(([^()]*)\)")
_EMPTY_PAREN_RE = re.compile(r"\(\s*\)")
_RUN_RE = re.compile(r"\+?[\s(]*\d[\d\s().\-/]*")
_QUERY_RE = re.compile(r"[\d+().\-\s]+")
_FILLER_RE = re.compile(r"[-_.?*\s]+|0+")

_PLACEHOLDERS = frozenset(
    {
        "нет",
        "нету",
        "нет телефона",
        "нет номера",
        "нет данных",
        "не указан",
        "не указано",
        "неизвестно",
        "отсутствует",
        "н/д",
        "#н/д",
        "n/a",
        "#n/a",
        "na",
        "none",
        "null",
        "nan",
        "nil",
    }
)

_STRIP_SEP = " \t\r\n;,/:"
_STRIP_MARKS = " \t'\"«»"
_STRIP_COMMENT = " \t:;,-"


def _has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _digits(text: str) -> str:
    return "".join(filter(str.isdigit, text))


def _clean(fragment: str) -> str:
    return fragment.strip(_STRIP_MARKS)


def _is_placeholder(text: str) -> bool:
    key = " ".join(text.casefold().split()).strip(" .")
    return key in _PLACEHOLDERS or _FILLER_RE.fullmatch(text.strip()) is not None


# --- splitting ----------------------------------------------------------------------------


def _hard_spans(s: str) -> list[tuple[int, int]]:
    """Spans between separators outside parentheses."""
    if _EXCEL_FLOAT_RE.fullmatch(_clean(s.strip())):
        return [(0, len(s))]
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        width = 0
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            if ch in ";\n\r":
                width = 1
            elif ch == ",":
                decimal = i > 0 and s[i - 1].isdigit() and _SCI_TAIL_RE.match(s, i + 1)
                width = 0 if decimal else 1
            elif ch == ":" and s.startswith(":::", i):
                width = 3
            elif ch == "/" and 0 < i < n - 1 and s[i - 1].isspace() and s[i + 1].isspace():
                width = 1
        if width:
            spans.append((start, i))
            start = i + width
            i += width
        else:
            i += 1
    spans.append((start, n))
    return spans


def _slash_spans(s: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split on bare '/' only when every piece is a full number."""
    cuts = [start]
    depth = 0
    for i in range(start, end):
        if s[i] == "(":
            depth += 1
        elif s[i] == ")":
            depth = max(depth - 1, 0)
        elif s[i] == "/" and depth == 0:
            cuts.append(i)
    if len(cuts) == 1:
        return [(start, end)]
    pieces = [(a + (a != start), b) for a, b in zip(cuts, [*cuts[1:], end], strict=True)]
    if all(len(_digits(s[a:b])) >= _MIN_DIGITS for a, b in pieces):
        return pieces
    return [(start, end)]


def _strip_span(s: str, start: int, end: int) -> tuple[int, int]:
    while start < end and s[start] in _STRIP_SEP:
        start += 1
    while end > start and s[end - 1] in _STRIP_SEP:
        end -= 1
    return start, end


def _fragment_spans(s: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in _hard_spans(s):
        for piece in _slash_spans(s, a, b):
            c, d = _strip_span(s, *piece)
            if c < d:
                out.append((c, d))
    return out


def _kind(fragment: str) -> str:
    """Classify a fragment: placeholder, sci, ext, number, text or other."""
    t = _clean(fragment)
    if not t or _is_placeholder(t):
        return "placeholder"
    if _SCI_RE.fullmatch(t):
        return "sci"
    count = len(_digits(t))
    if 0 < count < _MIN_DIGITS and _EXT_ONLY_RE.fullmatch(t.strip("()[] ")):
        return "ext"
    if count >= _MIN_DIGITS:
        return "number"
    if _has_letter(t):
        return "text"
    return "other"


@dataclass(slots=True)
class _Group:
    start: int
    end: int
    parts: list[tuple[str, str]]  # (kind, normalised text); the first is the main fragment
    has_ext: bool


def _groups(s: str) -> list[_Group]:
    groups: list[_Group] = []
    for a, b in _fragment_spans(s):
        text = s[a:b]
        kind = _kind(text)
        last = groups[-1] if groups else None
        if last is not None and last.parts[0][0] == "number":
            if kind == "ext" and not last.has_ext:
                last.parts.append((kind, text))
                last.end = b
                last.has_ext = True
                continue
            if kind == "text":
                last.parts.append((kind, text))
                last.end = b
                continue
        has_ext = kind == "number" and _EXT_RE.search(text) is not None
        groups.append(_Group(a, b, [(kind, text)], has_ext))
    return groups


def _source_slice(text: str, origin: list[int], start: int, end: int) -> str:
    return text[origin[start] : origin[end - 1] + 1]


def _cell_groups(cell: str) -> tuple[list[int], list[_Group], list[str]]:
    """(origin map, groups, their texts in the cell) of a cell's numbers."""
    s, origin = _normalize(cell)
    groups = _groups(s)
    return origin, groups, [_source_slice(cell, origin, g.start, g.end) for g in groups]


def split_phone_cell(cell: str) -> list[str]:
    """Fragments of a cell, one per number, with extension/comment fragments glued on."""
    return _cell_groups(cell)[2]


# --- parsing ------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _international_prefix_matches(region: str, prefix: str) -> bool:
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region.upper(), None)
    pattern = getattr(meta, "international_prefix", None) if meta is not None else None
    return isinstance(pattern, str) and re.fullmatch(pattern, prefix) is not None


def _possible_reason(number: phonenumbers.PhoneNumber) -> str:
    result = phonenumbers.is_possible_number_with_reason(number)
    reasons = phonenumbers.ValidationResult
    if result in (reasons.TOO_SHORT, reasons.IS_POSSIBLE_LOCAL_ONLY):
        return "too_short"
    if result == reasons.TOO_LONG:
        return "too_long"
    return "invalid_number"


def _parse_error_reason(error: NumberParseException) -> str:
    kind = error.error_type
    if kind == NumberParseException.NOT_A_NUMBER:
        return "not_a_number"
    if kind in (NumberParseException.TOO_SHORT_NSN, NumberParseException.TOO_SHORT_AFTER_IDD):
        return "too_short"
    if kind == NumberParseException.TOO_LONG:
        return "too_long"
    return "invalid_number"


def _comment_text(text: str) -> str:
    t = text.strip(_STRIP_COMMENT)
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1].strip(_STRIP_COMMENT)
    return t


def _join_comments(pieces: list[str]) -> str | None:
    kept = [p for p in pieces if p]
    return "; ".join(kept) if kept else None


def _plus7_number(digits: str, plus: bool, region: str) -> phonenumbers.PhoneNumber | None:
    """The common case without the general parser (about 10x faster): +7 XXX… or 8 XXX….

    Equivalent to `phonenumbers.parse` for these shapes (checked on 400k random numbers
    in tests/unit/test_phones.py); anything else goes through the general parser.
    """
    if len(digits) != 11 or digits[1] == "0" or digits.startswith("810"):
        return None
    international = plus and digits[0] == "7"
    national = not plus and digits[0] == "8" and region in _NATIONAL_PREFIX_8
    if not (international or national):
        return None
    return phonenumbers.PhoneNumber(country_code=7, national_number=int(digits[1:]))


_NATIONAL_PREFIX_8 = frozenset({"RU", "KZ"})


def _parse_number(raw: str, text: str, region: str) -> ParsedPhone:
    """Parse one fragment (normalised ``text``) holding at most one number."""
    t = _clean(text)
    if not t:
        return ParsedPhone(raw, PhoneStatus.EMPTY, reason="empty")
    if _is_placeholder(t):
        return ParsedPhone(raw, PhoneStatus.EMPTY, reason="placeholder")
    if _SCI_RE.fullmatch(t):
        return ParsedPhone(raw, PhoneStatus.INVALID, reason="scientific_notation")
    excel = _EXCEL_FLOAT_RE.fullmatch(t)
    if excel:
        t = excel.group(1)

    extension: str | None = None
    ext = _EXT_RE.search(t)
    if ext:
        extension = ext.group(1)
        t = _EMPTY_PAREN_RE.sub(" ", t[: ext.start()] + " " + t[ext.end() :])

    comments: list[tuple[int, str]] = []

    def _take_comment(m: re.Match[str]) -> str:
        if _has_letter(m.group(1)):
            comments.append((m.start(), m.group(1).strip()))
            return " " * len(m.group(0))
        return m.group(0)

    t = _PAREN_RE.sub(_take_comment, t)

    number_text = t
    if _has_letter(t):
        runs = [m for m in _RUN_RE.finditer(t) if len(_digits(m.group(0))) >= _MIN_DIGITS]
        if len(runs) != 1:
            reason = "multiple_numbers" if runs else "not_a_number"
            return ParsedPhone(raw, PhoneStatus.INVALID, extension=extension, reason=reason)
        run = runs[0]
        number_text = run.group(0)
        comments.append((run.start() - 1, _comment_text(t[: run.start()])))
        comments.append((run.end(), _comment_text(t[run.end() :])))
    comment = _join_comments([c for _, c in sorted(comments)])

    digits = _digits(number_text)
    first_digit = next((i for i, c in enumerate(number_text) if c.isdigit()), len(number_text))
    plus = "+" in number_text[:first_digit]
    if not plus:
        if digits.startswith("00") and len(digits) > 2:
            digits, plus = digits[2:], True
        elif digits.startswith("810") and _international_prefix_matches(region, "810"):
            digits, plus = digits[3:], True

    def invalid(reason: str, national: str | None = None) -> ParsedPhone:
        return ParsedPhone(
            raw,
            PhoneStatus.INVALID,
            extension=extension,
            national=national,
            digits=digits,
            comment=comment,
            reason=reason,
        )

    if not digits:
        return invalid("not_a_number")
    if len(digits) > _MAX_DIGITS:
        return invalid("too_long")
    if len(digits) < _MIN_DIGITS:
        return invalid("too_short")
    number = _plus7_number(digits, plus, region)
    if number is None:
        try:
            number = phonenumbers.parse(("+" if plus else "") + digits, region)
        except NumberParseException as error:
            return invalid(_parse_error_reason(error))
    national = str(phonenumbers.national_significant_number(number))
    # What is_valid_number does, keeping the region it finds (asked once, not twice).
    number_region = phonenumbers.region_code_for_number(number)
    if number_region is None or not phonenumbers.is_valid_number_for_region(number, number_region):
        return invalid(_possible_reason(number), national)
    if number.country_code == 7:
        national_format = "8" + national  # RU and KZ: national prefix 8, no leading zero
    else:
        national_format = _digits(
            str(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))
        )
    return ParsedPhone(
        raw,
        PhoneStatus.OK,
        national_format_digits=national_format,
        e164=str(phonenumbers.format_number(number, PhoneNumberFormat.E164)),
        extension=extension,
        national=national,
        region=str(number_region),
        digits=digits,
        comment=comment,
    )


def _parse_group(cell: str, origin: list[int], group: _Group, region: str) -> ParsedPhone:
    raw = _source_slice(cell, origin, group.start, group.end)
    main = _parse_number(raw, group.parts[0][1], region)
    if len(group.parts) == 1:  # no extension or comment fragment glued on
        return main
    extension = main.extension
    comments = [main.comment or ""]
    for kind, text in group.parts[1:]:
        if kind == "ext":
            extension = _digits(text)
        else:
            comments.append(_comment_text(text))
    return replace(main, extension=extension, comment=_join_comments(comments))


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_phone_cached(text: str, region: str) -> ParsedPhone:
    s, origin = _normalize(text)
    groups = _groups(s)
    if not groups:
        return ParsedPhone("", PhoneStatus.EMPTY, reason="empty")
    if len(groups) > 1:
        raw = _source_slice(text, origin, groups[0].start, groups[-1].end)
        return ParsedPhone(raw, PhoneStatus.INVALID, reason="multiple_numbers")
    return _parse_group(text, origin, groups[0], region)


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_cell_cached(cell: str, region: str) -> tuple[ParsedPhone, ...]:
    origin, groups, parts = _cell_groups(cell)
    if not groups:
        return (ParsedPhone("", PhoneStatus.EMPTY, reason="empty"),)
    if len(groups) == 1 and parts[0] == cell:
        # The cell is its one number: parsing it as a part would normalise and group
        # the same text again (a fifth of a number's cost) to the same group.
        return (_parse_group(cell, origin, groups[0], region),)
    return tuple(_parse_phone_cached(part, region) for part in parts)


def parse_phone(raw: str, region: str = "RU") -> ParsedPhone:
    """Parse ONE number (with optional extension and comment); cached."""
    return _parse_phone_cached(raw, region)


def parse_phone_cell(cell: str, region: str = "RU") -> list[ParsedPhone]:
    """Parse a spreadsheet cell that may hold several numbers; cached, returns a fresh list."""
    return list(_parse_cell_cached(cell, region))


# --- formatting and search ----------------------------------------------------------------

_FORMATS = {
    "international": PhoneNumberFormat.INTERNATIONAL,
    "national": PhoneNumberFormat.NATIONAL,
}


def format_phone(
    e164: str,
    extension: str | None = None,
    *,
    style: str = "international",
    ext_label: str = "доб.",
) -> str:
    """Display form: 'international' -> '+7 912 345-67-89', 'national' -> '8 (912) 345-67-89'."""
    if style not in _FORMATS:
        raise ValueError(f"unknown phone style: {style!r}")
    try:
        number = phonenumbers.parse(e164, None)
        text = str(phonenumbers.format_number(number, _FORMATS[style]))
    except NumberParseException:
        text = e164
    return f"{text} {ext_label} {extension}" if extension else text


def phone_search_terms(p: ParsedPhone) -> list[str]:
    """Digit strings for a substring index: E.164 and national-format digits (never the ext)."""
    if p.status is PhoneStatus.OK and p.e164:
        terms = [p.e164.lstrip("+"), p.national_format_digits or ""]
        return list(dict.fromkeys(t for t in terms if t))
    return [p.digits] if p.digits else []


def query_phone_digits(query: str) -> str | None:
    """Digits of a search query that looks like a phone fragment (3+ digits), else None."""
    s = _normalize(query)[0].strip()
    if not s or _QUERY_RE.fullmatch(s) is None:
        return None
    digits = _digits(s)
    return digits if len(digits) >= 3 else None


def exact_phone_e164(query: str, region: str = "RU") -> str | None:
    """E.164 of a query that is one whole valid number, else None."""
    p = parse_phone(query, region)
    if p.status is PhoneStatus.OK and p.comment is None:
        return p.e164
    return None
