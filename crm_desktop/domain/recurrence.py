"""Recurring activities: the rule (RFC 5545 RRULE text) and its expansion.

A `RecurrenceRule` is what the "repeat" editor edits: daily, weekly on chosen
weekdays, monthly on a day of the month, yearly; every `interval` periods; ending
on a day (`until`, inclusive, local) or after `count` occurrences, or never.

Stored text is an RRULE value (`FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20250630`) in which
UNTIL is always a DATE — the last local day that may hold an occurrence — because
the series' wall-clock time lives in its DTSTART, not in the rule. Calendar export
writes UNTIL in the form RFC 5545 wants for the event (`to_rrule(until_value=…)`).

Monthly on day 29, 30 or 31 falls on the last day of a shorter month (as Outlook
does), not skipped as a bare BYMONTHDAY would: the rule is written
`BYMONTHDAY=28,29,30;BYSETPOS=-1`, which every RFC 5545 reader understands.

`Series` expands a rule from its first occurrence with python-dateutil, in wall
time of a zone: a weekly 10:00 meeting stays at 10:00 across daylight-saving
changes. A series of whole days (to-dos with a due date) uses UTC midnights as
its slots, so a day is the same day whatever the zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from dateutil import rrule as du

MAX_INTERVAL = 999
MAX_COUNT = 5000
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class RecurrenceError(ValueError):
    """A rule that cannot be: `field` names the editor's field ('interval', 'until', …)."""

    def __init__(self, message: str, field: str = "recurrence") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Frequency(StrEnum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


_DU_FREQ = {
    Frequency.DAILY: du.DAILY,
    Frequency.WEEKLY: du.WEEKLY,
    Frequency.MONTHLY: du.MONTHLY,
    Frequency.YEARLY: du.YEARLY,
}


@dataclass(frozen=True, slots=True)
class RecurrenceRule:
    freq: Frequency
    interval: int = 1  # every N days / weeks / months / years
    weekdays: tuple[int, ...] = ()  # WEEKLY: 0 = Monday … 6 = Sunday; empty: the first's
    month_day: int | None = None  # MONTHLY: 1..31; None: the first occurrence's day
    until: date | None = None  # the last local day that may hold an occurrence
    count: int | None = None  # or: this many occurrences in all

    def __post_init__(self) -> None:
        if not isinstance(self.freq, Frequency):
            raise RecurrenceError("Unknown repeat frequency.", "freq")
        if not 1 <= self.interval <= MAX_INTERVAL:
            raise RecurrenceError(f"Repeat every 1 to {MAX_INTERVAL} periods.", "interval")
        if self.weekdays:
            if self.freq is not Frequency.WEEKLY:
                raise RecurrenceError("Weekdays are chosen only for a weekly repeat.", "weekdays")
            if any(not 0 <= d <= 6 for d in self.weekdays):
                raise RecurrenceError("A weekday is 0 (Monday) to 6 (Sunday).", "weekdays")
            if len(set(self.weekdays)) != len(self.weekdays) or list(self.weekdays) != sorted(
                self.weekdays
            ):
                object.__setattr__(self, "weekdays", tuple(sorted(set(self.weekdays))))
        if self.month_day is not None:
            if self.freq is not Frequency.MONTHLY:
                raise RecurrenceError(
                    "A day of the month is only for a monthly repeat.", "month_day"
                )
            if not 1 <= self.month_day <= 31:
                raise RecurrenceError("A day of the month is 1 to 31.", "month_day")
        if self.count is not None and not 1 <= self.count <= MAX_COUNT:
            raise RecurrenceError(f"Repeat 1 to {MAX_COUNT} times.", "count")
        if self.count is not None and self.until is not None:
            raise RecurrenceError("End a repeat on a day or after a number of times, not both.")

    # ------------------------------------------------------------ text

    def to_rrule(self, *, until_value: str | None = None) -> str:
        """The RRULE value; `until_value` replaces the text of UNTIL (calendar export)."""
        parts = [f"FREQ={self.freq.value}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.weekdays:
            parts.append("BYDAY=" + ",".join(WEEKDAY_CODES[d] for d in self.weekdays))
        if self.month_day is not None:
            if self.month_day >= 29:
                days = ",".join(str(d) for d in range(28, self.month_day + 1))
                parts.append(f"BYMONTHDAY={days};BYSETPOS=-1")
            else:
                parts.append(f"BYMONTHDAY={self.month_day}")
        if self.until is not None:
            parts.append(f"UNTIL={until_value or self.until.strftime('%Y%m%d')}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)

    @classmethod
    def parse(cls, text: str) -> RecurrenceRule:
        """Read an RRULE value written by `to_rrule` (or a plain one of the same kinds)."""
        body = text.strip()
        if body.upper().startswith("RRULE:"):
            body = body[6:]
        fields: dict[str, str] = {}
        for part in body.split(";"):
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            if not sep:
                raise RecurrenceError(f"Cannot read the repeat rule “{text}”.")
            fields[key.strip().upper()] = value.strip().upper()
        try:
            freq = Frequency(fields.pop("FREQ", ""))
        except ValueError:
            raise RecurrenceError(f"Unsupported repeat rule “{text}”.", "freq") from None
        try:
            interval = int(fields.pop("INTERVAL", "1"))
            count = int(fields["COUNT"]) if "COUNT" in fields else None
            fields.pop("COUNT", None)
            weekdays = tuple(WEEKDAY_CODES.index(d) for d in _split(fields.pop("BYDAY", "")))
            month_days = [int(d) for d in _split(fields.pop("BYMONTHDAY", ""))]
            setpos = fields.pop("BYSETPOS", "")
            until = _parse_until(fields.pop("UNTIL")) if "UNTIL" in fields else None
        except ValueError:
            raise RecurrenceError(f"Cannot read the repeat rule “{text}”.") from None
        fields.pop("WKST", None)
        if fields:
            raise RecurrenceError(f"Unsupported repeat rule “{text}” ({', '.join(fields)}).")
        month_day: int | None = None
        if month_days:
            last_of = month_days == list(range(28, month_days[-1] + 1)) and setpos == "-1"
            if len(month_days) == 1 and not setpos:
                month_day = month_days[0]
            elif last_of and len(month_days) > 1:
                month_day = month_days[-1]
            else:
                raise RecurrenceError(f"Unsupported repeat rule “{text}”.", "month_day")
        elif setpos:
            raise RecurrenceError(f"Unsupported repeat rule “{text}”.")
        return cls(
            freq=freq,
            interval=interval,
            weekdays=weekdays,
            month_day=month_day,
            until=until,
            count=count,
        )

    # ---------------------------------------------------------- dateutil

    def to_dateutil(self, dtstart: datetime) -> du.rrule:
        """The dateutil rule from a naive wall-clock `dtstart` (whole seconds)."""
        kwargs: dict[str, object] = {"dtstart": dtstart, "interval": self.interval, "wkst": du.MO}
        if self.weekdays:
            kwargs["byweekday"] = [du.weekdays[d] for d in self.weekdays]
        if self.month_day is not None:
            if self.month_day >= 29:
                kwargs["bymonthday"] = list(range(28, self.month_day + 1))
                kwargs["bysetpos"] = -1
            else:
                kwargs["bymonthday"] = self.month_day
        if self.until is not None:
            kwargs["until"] = datetime.combine(self.until, time(23, 59, 59))
        if self.count is not None:
            kwargs["count"] = self.count
        return du.rrule(_DU_FREQ[self.freq], cache=True, **kwargs)  # type: ignore[arg-type]


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _parse_until(text: str) -> date:
    digits = text[:8]
    if len(digits) != 8 or not digits.isdigit():
        raise ValueError(text)
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


# ------------------------------------------------------------------ series


def day_slot(day: date) -> datetime:
    """The slot of a whole-day occurrence: the day's 00:00 UTC."""
    return datetime.combine(day, time(0), tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Split:
    """A series cut at one occurrence: what the old part keeps, what the new part gets."""

    before: RecurrenceRule | None  # None: no occurrence left before the cut
    after: RecurrenceRule  # the rule of the part that starts at the cut


class Series:
    """A rule anchored at its first occurrence `first` (aware), expanded in `tz` wall time.

    Slots are aware UTC datetimes: the start of each occurrence. For a series of
    whole days give `first = day_slot(first_day)` and `tz = UTC`.
    """

    __slots__ = ("_rule", "first", "rule", "tz")

    def __init__(self, rule: RecurrenceRule, first: datetime, tz: tzinfo) -> None:
        if first.tzinfo is None:
            raise ValueError("the first occurrence must be aware")
        self.rule = rule
        self.first = first.astimezone(UTC).replace(microsecond=0)
        self.tz = tz
        self._rule = rule.to_dateutil(self._wall(self.first))

    def _wall(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def _utc(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.tz, fold=0).astimezone(UTC)

    def __iter__(self) -> Iterator[datetime]:
        for wall in self._rule:
            yield self._utc(wall)

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Slots with `start <= slot < end` (aware bounds)."""
        margin = timedelta(days=1)  # wall time and UTC differ by less than a day
        walls = self._rule.between(self._wall(start) - margin, self._wall(end) + margin, inc=True)
        return [s for s in (self._utc(w) for w in walls) if start <= s < end]

    def overlapping(self, start: datetime, end: datetime, duration: timedelta) -> list[datetime]:
        """Slots of occurrences lasting `duration` that overlap [start, end)."""
        found = self.between(start - duration, end)
        if duration > timedelta(0):
            return [s for s in found if s + duration > start]
        return [s for s in found if s >= start]

    def after(self, moment: datetime, *, inc: bool = False) -> datetime | None:
        """The first slot after `moment` (at or after, with `inc`)."""
        wall = self._rule.after(self._wall(moment) - timedelta(days=1), inc=True)
        while wall is not None:
            slot = self._utc(wall)
            if slot > moment or (inc and slot == moment):
                return slot
            wall = self._rule.after(wall, inc=False)
        return None

    def before(self, moment: datetime, *, inc: bool = False) -> datetime | None:
        """The last slot before `moment` (at or before, with `inc`)."""
        wall = self._rule.before(self._wall(moment) + timedelta(days=1), inc=True)
        while wall is not None:
            slot = self._utc(wall)
            if slot < moment or (inc and slot == moment):
                return slot
            wall = self._rule.before(wall, inc=False)
        return None

    def contains(self, slot: datetime) -> bool:
        return self.after(slot, inc=True) == slot

    def last(self) -> datetime | None:
        """The last slot of a bounded series (None for an endless one)."""
        if self.rule.count is None and self.rule.until is None:
            return None
        found = None
        for found in self:  # noqa: B007 - bounded: COUNT <= MAX_COUNT or UNTIL
            pass
        return found

    def index(self, slot: datetime) -> int:
        """How many slots come before `slot`."""
        n = 0
        for s in self:
            if s >= slot:
                break
            n += 1
        return n

    def split(self, slot: datetime) -> Split:
        """Cut before `slot`: the old part ends at the slot before it, the rest starts at it."""
        n = self.index(slot)
        rule = self.rule
        after = replace(rule, count=rule.count - n) if rule.count is not None else rule
        if n == 0:
            return Split(before=None, after=after)
        if rule.count is not None:
            return Split(before=replace(rule, count=n), after=after)
        previous = self.before(slot)
        assert previous is not None
        return Split(before=replace(rule, until=self._wall(previous).date()), after=after)

    def with_rule(self, rule: RecurrenceRule) -> Series:
        return Series(rule, self.first, self.tz)

    def moved(self, first: datetime) -> Series:
        return Series(self.rule, first, self.tz)
