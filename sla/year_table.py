"""Per-year precomputed opening tables, the basis of fast working-time arithmetic.

A `YearTable` holds, for every day of one year, the open intervals as microsecond offsets from
local midnight, and two prefix sums: open microseconds before each day (`cum`) and working
days before each day (`working`). Adding service time or working days is then one `bisect`
in a prefix sum plus a walk over at most a few intervals of a single day.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["DayHours", "Interval", "WeekHours", "YearTable", "build_year_table"]

Interval = tuple[int, int]
"""An open interval [open, close) in microseconds from local midnight."""
DayHours = tuple[Interval, ...]
WeekHours = tuple[DayHours, ...]
"""Seven `DayHours`, Monday (senin) first."""


@dataclass(frozen=True, slots=True)
class YearTable:
    """Opening hours of one calendar year, day by day, with prefix sums."""

    year: int
    first_ordinal: int
    days: tuple[DayHours, ...]
    cum: list[int]
    """`cum[i]` = open microseconds in days 0..i-1; `cum[-1]` is the year's total."""
    working: list[int]
    """`working[i]` = working days among days 0..i-1; `working[-1]` is the year's total."""
    midnights: tuple[datetime, ...]
    holidays: Mapping[date, str]
    fixed_offset: timedelta | None
    """The zone's UTC offset if the same at every midnight of the year (no DST), else None."""


def build_year_table(
    year: int,
    tz: ZoneInfo,
    hours_on: Callable[[date], DayHours],
    holidays: Mapping[date, str],
) -> YearTable:
    """Build the table of `year`; `hours_on` gives a day's hours before holidays apply."""
    first = date(year, 1, 1).toordinal()
    count = date(year + 1, 1, 1).toordinal() - first if year < 9999 else 365
    days: list[DayHours] = []
    cum = [0]
    working = [0]
    for ordinal in range(first, first + count):
        day = date.fromordinal(ordinal)
        hours = () if day in holidays else hours_on(day)
        days.append(hours)
        cum.append(cum[-1] + sum(e - s for s, e in hours))
        working.append(working[-1] + (1 if hours else 0))
    midnights = tuple(
        datetime.combine(date.fromordinal(o), datetime.min.time(), tz)
        for o in range(first, first + count)
    )
    offsets = {midnight.utcoffset() for midnight in midnights}
    fixed = offsets.pop() if len(offsets) == 1 else None
    return YearTable(year, first, tuple(days), cum, working, midnights, holidays, fixed)
