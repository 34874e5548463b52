"""One injectable clock: the current moment (aware UTC) and the local time zone.

Services never call `datetime.now()` for a decision that a user can see (what is
overdue, which reminder is due, which day "today" is): they take a `Clock`. The
GUI holds one `SystemClock`; tests hold a `FixedClock` or a `ManualClock` and so
control both the moment and the zone in which days and weeks are cut.

Times are stored in UTC; days, weeks and wall-clock hours are local (`clock.tz`).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@runtime_checkable
class Clock(Protocol):
    """What time it is and where: `now()` is aware UTC, `tz` the local zone."""

    @property
    def tz(self) -> tzinfo: ...

    def now(self) -> datetime: ...


def local_timezone() -> tzinfo:
    """The zone of this computer: a named `ZoneInfo` when it can be found.

    A named zone (`Europe/Moscow`) matters for calendar export, where a recurring
    event's zone is written by name. Order: `$TZ`, `/etc/localtime` (Linux,
    macOS), then dateutil's view of the system zone (Windows), which has no name
    but follows daylight saving time.
    """
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        target = ""
    marker = "zoneinfo/"
    if marker in target:
        try:
            return ZoneInfo(target.split(marker, 1)[1])
        except (ZoneInfoNotFoundError, ValueError):
            pass
    from dateutil import tz as dateutil_tz

    return dateutil_tz.tzlocal()


def _aware_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a clock needs an aware datetime")
    return moment.astimezone(UTC)


class SystemClock:
    """The real time, in the zone of this computer (or the zone given)."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self._tz = tz or local_timezone()

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """Always the same moment: for tests and for a consistent snapshot."""

    def __init__(self, at: datetime, tz: tzinfo = UTC) -> None:
        self._at = _aware_utc(at)
        self._tz = tz

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def now(self) -> datetime:
        return self._at


class ManualClock:
    """A clock a test moves by hand: `advance(minutes=5)`, `set(moment)`."""

    def __init__(self, at: datetime, tz: tzinfo = UTC) -> None:
        self._at = _aware_utc(at)
        self._tz = tz

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = _aware_utc(at)

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        self._at += delta if delta is not None else timedelta(**parts)
        return self._at


# ------------------------------------------------------------ local days


def local_day(moment: datetime, tz: tzinfo) -> date:
    """The local calendar day of an aware moment."""
    return moment.astimezone(tz).date()


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The moment (aware UTC) the local `day` begins."""
    return at_local(day, time(0), tz)


def at_local(day: date, wall: time, tz: tzinfo) -> datetime:
    """The moment (aware UTC) a wall clock in `tz` shows `wall` on `day`.

    A wall time skipped by a daylight-saving jump is read with the offset before
    the jump (so it lands just after it); a repeated one means its first instance.
    """
    return datetime.combine(day, wall).replace(tzinfo=tz, fold=0).astimezone(UTC)


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of the week holding `day` (weeks start on Monday unless told)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)
