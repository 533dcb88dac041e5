"""Working-time arithmetic: when is a desk open, and when is work due.

A calendar is either round the clock or business hours: open week days,
opening periods within a day (several, to leave out a lunch break), a time
zone, public holidays from the ``holidays`` package and extra closed days.

Opening hours are wall-clock times in the calendar's zone and are turned into
instants day by day, so a daylight-saving change shortens or lengthens that
day's opening exactly as a clock on the wall would. All arithmetic happens
on aware datetimes; results come back in UTC.

Durations are working time: ``add(start, 4 h)`` is the instant at which four
hours of open (and not paused) time have passed since ``start``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

Period = tuple[datetime, datetime]

ZERO = timedelta(0)
# Far enough for any target, near enough to stay a valid datetime.
FOREVER = datetime(9000, 1, 1, tzinfo=UTC)
# A business calendar that finds no open day in this many days is broken.
MAX_CLOSED_DAYS = 3660
DEFAULT_HOURS = ((time(9), time(18)),)
WEEK_DAYS = frozenset(range(5))


@dataclass(frozen=True)
class WorkCalendar:
    """When the desk works. ``hours`` ends may be ``None`` for midnight."""

    is_round_the_clock: bool = True
    time_zone: str = "Europe/Paris"
    weekdays: frozenset[int] = WEEK_DAYS
    hours: tuple[tuple[time, time | None], ...] = DEFAULT_HOURS
    holiday_country: str = "FR"
    holiday_subdivision: str = ""
    closed_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.is_round_the_clock:
            return
        if not self.weekdays or not self.hours:
            raise ValueError("A business-hours calendar needs open days and hours.")
        for start, end in self.hours:
            if end is not None and end <= start:
                raise ValueError("Each opening period must end after it starts.")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() in self.weekdays
            and day not in self.closed_days
            and not is_public_holiday(
                self.holiday_country, self.holiday_subdivision, day
            )
        )

    def day_periods(self, day: date) -> list[Period]:
        """The open periods of one local day, as UTC instants."""
        if not self.is_working_day(day):
            return []
        zone = self.zone
        periods = []
        for start, end in sorted(self.hours, key=lambda period: period[0]):
            opens = datetime.combine(day, start, tzinfo=zone)
            if end is None:
                closes = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
            else:
                closes = datetime.combine(day, end, tzinfo=zone)
            periods.append((opens.astimezone(UTC), closes.astimezone(UTC)))
        return periods

    def open_periods(self, start: datetime) -> Iterator[Period]:
        """Open periods from ``start`` on, clipped to it, in order, endless."""
        start = start.astimezone(UTC)
        if self.is_round_the_clock:
            yield start, FOREVER
            return
        # The day before too: its last period may run past local midnight.
        day = start.astimezone(self.zone).date() - timedelta(days=1)
        closed_run = 0
        while True:
            periods = [p for p in self.day_periods(day) if p[1] > start]
            closed_run = 0 if periods else closed_run + 1
            if closed_run > MAX_CLOSED_DAYS:
                raise ValueError("This calendar is never open.")
            for opens, closes in periods:
                yield max(opens, start), closes
            day += timedelta(days=1)

    def is_open(self, moment: datetime, pauses: Iterable[Period] = ()) -> bool:
        """True when ``moment`` lies in an open period and in no pause."""
        moment = moment.astimezone(UTC)
        if any(a <= moment < b for a, b in pauses):
            return False
        opens, closes = next(self.open_periods(moment))
        return opens <= moment < closes

    def add(
        self, start: datetime, duration: timedelta, pauses: Iterable[Period] = ()
    ) -> datetime:
        """The instant when ``duration`` of working, unpaused time has passed."""
        if duration < ZERO:
            raise ValueError("A duration to add cannot be negative.")
        remaining = duration
        cursor = start.astimezone(UTC)
        for opens, closes in self.working_periods(start, pauses):
            cursor = opens
            length = closes - opens
            if remaining <= length:
                return opens + remaining
            remaining -= length
        return cursor  # unreachable: working periods never run out

    def elapsed(
        self, start: datetime, end: datetime, pauses: Iterable[Period] = ()
    ) -> timedelta:
        """Working, unpaused time between two instants (zero if end <= start)."""
        end = end.astimezone(UTC)
        total = ZERO
        if end <= start:
            return total
        for opens, closes in self.working_periods(start, pauses):
            if opens >= end:
                break
            total += min(closes, end) - opens
        return total

    def working_periods(
        self, start: datetime, pauses: Iterable[Period] = ()
    ) -> Iterator[Period]:
        """Open periods from ``start`` with the paused stretches cut out."""
        return subtract(self.open_periods(start), merge(pauses))


ROUND_THE_CLOCK = WorkCalendar()


@lru_cache(maxsize=32)
def _holiday_table(country: str, subdivision: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision or None)


def is_public_holiday(country: str, subdivision: str, day: date) -> bool:
    if not country:
        return False
    return day in _holiday_table(country, subdivision)


def merge(periods: Iterable[Period]) -> list[Period]:
    """Sort and join overlapping periods; drop empty ones."""
    merged: list[Period] = []
    for start, end in sorted(
        (a.astimezone(UTC), b.astimezone(UTC)) for a, b in periods
    ):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract(periods: Iterator[Period], holes: list[Period]) -> Iterator[Period]:
    """Cut sorted, merged ``holes`` out of the ordered ``periods``."""
    index = 0
    for start, end in periods:
        while index < len(holes) and holes[index][1] <= start:
            index += 1
        cursor = start
        probe = index
        while probe < len(holes) and holes[probe][0] < end:
            hole_start, hole_end = holes[probe]
            if hole_start > cursor:
                yield cursor, hole_start
            cursor = max(cursor, hole_end)
            if hole_end >= end:
                break
            probe += 1
        if cursor < end:
            yield cursor, end
