"""The one formatter of report cells: screen table, PDF and xlsx captions use it.

`CellFormatter(language, translate)` turns the typed cells of a `ReportResult` into
text per the UI language with babel: Russian "1 234 567,50 ₽", "05.03.2026", "25,6 %";
English "RUB 1,234,567.50", "3/5/2026", "25.6%". `LABEL` cells, column headers and
titles are English source strings passed through `translate` (identity when None);
`TEXT` cells are user data and come back exactly as they are.

Babel's patterns are parsed once per formatter and dates are memoised, so formatting
tens of thousands of cells stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date as Date
from datetime import datetime as DateTime
from datetime import time as Time
from datetime import tzinfo
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_date_format, get_time_format
from babel.numbers import NumberPattern, get_currency_precision, parse_pattern

from crm_desktop.services.reports.result import Cell, CellKind

NO_VALUE = "—"  # a percentage of nothing (zero denominator)
_BARE_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?=[-\d])")


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_") or "en")
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en")


@lru_cache(maxsize=32)
def currency_digits(currency: str) -> int:
    return int(get_currency_precision(currency))  # unknown codes: 2, like most


class CellFormatter:
    """Formats report cells for `language` ('ru', 'en', 'ru_RU', …)."""

    def __init__(self, language: str, translate: Callable[[str], str] | None = None) -> None:
        self.language = language
        self.locale = _locale(language)
        self._translate = translate
        self._labels: dict[str, str] = {}
        self._decimal: NumberPattern = parse_pattern(self.locale.decimal_formats[None])
        self._percent: NumberPattern = parse_pattern("#,##0.0%")
        if self.locale.language == "ru":  # Russian typography: "25,6 %"
            self._percent = parse_pattern("#,##0.0\u00a0%")
        self._currency: NumberPattern = parse_pattern(self.locale.currency_formats["standard"])
        short = get_date_format("short", locale=self.locale).pattern
        if "yyyy" not in short:  # four-digit years on paper: 3/5/2026, not 3/5/26
            short = re.sub(r"y+", "y", short)
        self._date_pattern = short
        self._time_pattern = get_time_format("short", locale=self.locale).pattern
        symbols = self.locale.number_symbols.get("latn", self.locale.number_symbols)
        self._group = str(symbols["group"])
        self._decimal_sign = str(symbols["decimal"])
        self._minus = str(symbols["minusSign"])
        self._fast = self._decimal.grouping == (3, 3) and self._currency.grouping == (3, 3)
        self._affixes: dict[str, tuple[str, str, str, str] | None] = {}
        self._dates: dict[Date, str] = {}
        self._times: dict[Time, str] = {}

    # ------------------------------------------------------------------ text

    def label(self, text: str) -> str:
        """A fixed English word of a report, in the UI language."""
        if self._translate is None:
            return text
        cached = self._labels.get(text)
        if cached is None:
            cached = self._translate(text) or text
            self._labels[text] = cached
        return cached

    # ------------------------------------------------------------------ numbers

    def _digits(self, whole: int, frac: int, digits: int) -> str:
        """Unsigned digits with the locale's grouping and decimal sign (fast path)."""
        text = f"{whole:,}".replace(",", self._group)
        return f"{text}{self._decimal_sign}{frac:0{digits}d}" if digits else text

    def number(self, n: int | float | Decimal) -> str:
        """A count or an amount with grouping: 1 234 567 / 1,234,567."""
        if isinstance(n, int) and self._fast:
            return self._digits(n, 0, 0) if n >= 0 else self._minus + self._digits(-n, 0, 0)
        return str(self._decimal.apply(n, self.locale))

    def money(self, minor: int, currency: str) -> str:
        """Integer minor units of `currency` as money: 1 234 567,50 ₽ / RUB 1,234,567.50."""
        digits = currency_digits(currency)
        affixes = self._affixes.get(currency)
        if affixes is None:
            affixes = self._affixes[currency] = self._money_affixes(currency, digits)
        if affixes is not None:
            whole, frac = divmod(abs(minor), 10**digits)
            prefix, suffix = affixes[2:] if minor < 0 else affixes[:2]
            return f"{prefix}{self._digits(whole, frac, digits)}{suffix}"
        text = str(
            self._currency.apply(Decimal(minor).scaleb(-digits), self.locale, currency=currency)
        )
        return _BARE_CODE.sub("\\1\u00a0", text)

    def _money_affixes(self, currency: str, digits: int) -> tuple[str, str, str, str] | None:
        """What babel puts around the digits of a positive and a negative amount."""
        if not self._fast:
            return None
        one = self._digits(1, 0, digits)
        result: list[str] = []
        for sign in (1, -1):
            text = str(self._currency.apply(Decimal(sign), self.locale, currency=currency))
            text = _BARE_CODE.sub("\\1\u00a0", text)
            at = text.find(one)
            if at < 0:
                return None
            result += [text[:at], text[at + len(one) :]]
        return result[0], result[1], result[2], result[3]

    def percent(self, ratio: float | None) -> str:
        """A ratio (0.256) as a percentage with one decimal; "—" when undefined."""
        if ratio is None:
            return NO_VALUE
        return str(self._percent.apply(ratio, self.locale))

    # ------------------------------------------------------------------ dates

    def date(self, d: Date) -> str:
        """A calendar day: 05.03.2026 / 3/5/2026."""
        text = self._dates.get(d)
        if text is None:
            text = format_date(d, self._date_pattern, locale=self.locale)
            self._dates[d] = text
        return text

    def month(self, d: Date) -> str:
        """The month of a day: "мар. 2026" / "Mar 2026" (`CellKind.MONTH`)."""
        return str(format_date(d, "LLL y", locale=self.locale))

    def time(self, t: Time) -> str:
        """A wall-clock time: 09:05 / 9:05 AM."""
        text = self._times.get(t)
        if text is None:
            text = format_time(t, self._time_pattern, locale=self.locale)
            self._times[t] = text
        return text

    def datetime(self, dt: DateTime, tz: tzinfo | None = None) -> str:
        """A moment as local date and time in `tz` (naive values are taken as they are)."""
        local = dt.astimezone(tz) if tz is not None and dt.tzinfo is not None else dt
        return (
            f"{self.date(local.date())} {self.time(local.time().replace(second=0, microsecond=0))}"
        )

    # ------------------------------------------------------------------ cells

    def cell(self, cell: Cell) -> str:
        """The text of one report cell."""
        kind, value = cell.kind, cell.value
        if value is None:
            return NO_VALUE if kind is CellKind.PERCENT else ""
        if kind is CellKind.TEXT:
            return str(value)
        if kind is CellKind.LABEL:
            return self.label(str(value))
        if kind is CellKind.INT:
            return self.number(value)  # type: ignore[arg-type]
        if kind is CellKind.MONEY:
            return self.money(int(value), cell.currency or "")  # type: ignore[arg-type]
        if kind is CellKind.PERCENT:
            return self.percent(float(value))  # type: ignore[arg-type]
        if kind is CellKind.DATE and isinstance(value, Date):
            return self.date(value)
        if kind is CellKind.MONTH and isinstance(value, Date):
            return self.month(value)
        if kind is CellKind.TIME and isinstance(value, Time):
            return self.time(value)
        return str(value)
