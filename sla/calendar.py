"""The working-time calendar: opening hours, holidays and working-time arithmetic.

A `Calendar` is immutable. Holidays and per-day opening tables are computed lazily, one year at
a time, the first time a date of that year is asked about, and cached on the calendar.

Service time is counted on the calendar's local wall clock (Indonesian zones have no daylight
saving time). An instant is open when `open <= t < close` for one of the day's intervals: the
office is open at its opening time and closed at its closing time.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Literal
from zoneinfo import ZoneInfo

from sla.errors import NaiveDatetimeError, SlaError
from sla.holiday_table import from_package, shipped_holidays
from sla.year_table import DayHours, WeekHours, YearTable, build_year_table

__all__ = ["Calendar", "HolidaySource", "Override", "require_aware"]

PlainHari = Literal["kerja", "kalender"]
_US = 1_000_000
_MAX_EMPTY_YEARS = 50


def require_aware(value: datetime, argument: str) -> datetime:
    """Return `value` if it carries a time zone, else raise `NaiveDatetimeError` naming it."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(argument, value)
    return value


def _delta(micros: int) -> timedelta:
    """A timedelta of `micros` microseconds (positional arguments: the fast constructor)."""
    seconds, micro = divmod(micros, _US)
    return timedelta(0, seconds, micro)


@dataclass(frozen=True)
class Override:
    """Hours replacing the regular ones on the named weekdays between two dates, inclusive."""

    start: date
    end: date
    hours: Mapping[int, DayHours]
    """Weekday (0 = senin) -> intervals; weekdays not named keep their regular hours."""


@dataclass(frozen=True)
class HolidaySource:
    """Where a calendar's closed days come from."""

    country: str | None = "ID"
    categories: tuple[str, ...] = ("public", "government")
    extra: Mapping[date, str] = field(default_factory=dict)
    remove: frozenset[date] = frozenset()


@functools.lru_cache(maxsize=512)
def _package_holidays(country: str, categories: tuple[str, ...], year: int) -> dict[date, str]:
    """The shipped table (`sla.holiday_table`) where it answers, else the `holidays` package."""
    shipped = shipped_holidays(country, categories, year)
    return shipped if shipped is not None else from_package(country, categories, year)


@dataclass(frozen=True, eq=False)
class Calendar:
    """Opening hours of an office in one time zone, with holidays and dated overrides."""

    name: str
    tz: ZoneInfo
    week: WeekHours
    holiday_source: HolidaySource = field(default_factory=HolidaySource)
    overrides: tuple[Override, ...] = ()
    description: str = ""
    plain_hari: PlainHari = "kerja"
    _years: dict[int, YearTable] = field(default_factory=dict, init=False, repr=False)

    # --- per-year tables -------------------------------------------------------------------

    def _table(self, year: int) -> YearTable:
        table = self._years.get(year)
        if table is not None:
            return table
        if not 1 <= year <= 9999:
            raise SlaError(f"kalender {self.name}: tahun di luar jangkauan: {year}")
        table = build_year_table(year, self.tz, self._hours_on, self._holidays(year))
        self._years[year] = table
        return table

    def _hours_on(self, day: date) -> DayHours:
        weekday = day.weekday()
        for override in reversed(self.overrides):
            if override.start <= day <= override.end and weekday in override.hours:
                return override.hours[weekday]
        return self.week[weekday]

    def _holidays(self, year: int) -> Mapping[date, str]:
        source = self.holiday_source
        found: dict[date, str] = {}
        if source.country:
            found.update(_package_holidays(source.country, source.categories, year))
        for day, name in source.extra.items():
            if day.year == year:
                found[day] = f"{found[day]}; {name}" if day in found else name
        for day in source.remove:
            found.pop(day, None)
        return MappingProxyType(found)

    def _next_table(self, table: YearTable, skipped: int) -> YearTable:
        if skipped > _MAX_EMPTY_YEARS:
            raise SlaError(f"kalender {self.name}: tidak ada jam buka dalam {skipped} tahun")
        return self._table(table.year + 1)

    def _locate(self, at: datetime, argument: str) -> tuple[YearTable, int, int]:
        """The year table, day index and microsecond of the day of instant `at`."""
        offset = at.utcoffset()  # None for a naive datetime
        if offset is None:
            raise NaiveDatetimeError(argument, at)
        table = self._years.get(at.year) or self._table(at.year)
        loc = at
        if offset != table.fixed_offset:  # same offset all year: `at` already shows local time
            loc = at.astimezone(self.tz)
            table = self._years.get(loc.year) or self._table(loc.year)
        micro = ((loc.hour * 60 + loc.minute) * 60 + loc.second) * _US + loc.microsecond
        return table, loc.toordinal() - table.first_ordinal, micro

    def _day(self, d: date) -> tuple[YearTable, int]:
        table = self._table(d.year)
        return table, d.toordinal() - table.first_ordinal

    # --- days --------------------------------------------------------------------------------

    def intervals_on(self, d: date) -> list[tuple[datetime, datetime]]:
        """The open intervals of day `d`, as aware datetimes in the calendar's time zone."""
        table, i = self._day(d)
        midnight = table.midnights[i]
        return [(midnight + _delta(s), midnight + _delta(e)) for s, e in table.days[i]]

    def is_working_day(self, d: date) -> bool:
        """True when the office opens at all on day `d`."""
        table, i = self._day(d)
        return bool(table.days[i])

    def holiday_name(self, d: date) -> str | None:
        """The holiday's name in Bahasa Indonesia, or None if `d` is not a holiday."""
        return self._table(d.year).holidays.get(d)

    def closing_time(self, d: date) -> datetime | None:
        """The end of the last open interval of day `d`, or None on a closed day."""
        table, i = self._day(d)
        hours = table.days[i]
        if not hours:
            return None
        return table.midnights[i] + _delta(hours[-1][1])

    def add_working_days(self, d: date, n: int) -> date:
        """The `n`-th working day after `d` (`d` itself not counted); `d` when `n` is 0."""
        if n < 0:
            raise ValueError(f"n must not be negative: {n}")
        if n == 0:
            return d
        table, i = self._day(d)
        j = self._nth_working(table, table.working[i + 1] + n)
        return date.fromordinal(j[0].first_ordinal + j[1])

    def count_working_days(self, after: date, through: date) -> int:
        """The number of working days d with `after` < d <= `through` (0 if none)."""
        if through <= after:
            return 0
        table_a, i = self._day(after)
        table_b, j = self._day(through)
        count = table_b.working[j + 1] - table_a.working[i + 1]
        for year in range(table_a.year, table_b.year):
            count += self._table(year).working[-1]
        return count

    def _nth_working(self, table: YearTable, target: int) -> tuple[YearTable, int]:
        """The day holding the `target`-th working day counted from the start of `table`."""
        skipped = 0
        while target > table.working[-1]:
            target -= table.working[-1]
            skipped = skipped + 1 if table.working[-1] == 0 else 0
            table = self._next_table(table, skipped)
        return table, bisect_left(table.working, target) - 1

    # --- instants ----------------------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        """True when `at` falls inside an open interval (opening included, closing excluded)."""
        table, i, micro = self._locate(at, "at")
        return any(s <= micro < e for s, e in table.days[i])

    def next_opening(self, at: datetime) -> datetime:
        """`at` itself (in the calendar's time zone) if open, else the next opening instant."""
        table, i, micro = self._locate(at, "at")
        for s, e in table.days[i]:
            if micro < e:
                if micro >= s:
                    return at.astimezone(self.tz)
                return table.midnights[i] + _delta(s)
        table, j = self._nth_working(table, table.working[i + 1] + 1)
        return table.midnights[j] + _delta(table.days[j][0][0])

    def working_days_deadline(self, start: datetime, n: int, same_time: bool = False) -> datetime:
        """The closing time of the `n`-th working day after the date of S' (see `sla.deadline`).

        S' is `start` if open, else the next opening. With `same_time`, the deadline is that
        day at the local time of S', or its closing time if it closes earlier.
        """
        table, i, micro = self._locate(start, "start")
        opening = None
        for s, e in table.days[i]:
            if micro < e:
                opening = max(s, micro)
                break
        if opening is None:
            table, i = self._nth_working(table, table.working[i + 1] + 1)
            opening = table.days[i][0][0]
        table, j = self._nth_working(table, table.working[i + 1] + n)
        closing = table.days[j][-1][1]
        return table.midnights[j] + _delta(min(opening, closing) if same_time else closing)

    def _position(self, at: datetime, argument: str) -> tuple[YearTable, int]:
        """Open microseconds from the start of the instant's year up to the instant."""
        table, i, micro = self._locate(at, argument)
        before = table.cum[i]
        for s, e in table.days[i]:
            if micro <= s:
                break
            if micro < e:
                return table, before + micro - s
            before += e - s
        return table, before

    def add_service_time(self, start: datetime, delta: timedelta) -> datetime:
        """The instant at which `delta` of open service time has elapsed from `start`.

        Completing exactly at a closing time gives that closing time. A zero `delta` gives
        `start` itself (in the calendar's time zone).
        """
        micros = (delta.days * 86_400 + delta.seconds) * _US + delta.microseconds
        if micros < 0:
            raise ValueError(f"delta must not be negative: {delta}")
        if micros == 0:
            return require_aware(start, "start").astimezone(self.tz)
        return self.add_service_micros(start, micros)

    def add_service_micros(self, start: datetime, micros: int) -> datetime:
        """`add_service_time` for a positive whole number of microseconds: the hot path.

        The same steps as `_position` and `_instant_at`, written out in one function because
        each Python call costs about a tenth of the whole; the rare year-crossing case is left
        to `_instant_at`.
        """
        offset = start.utcoffset()
        if offset is None:
            raise NaiveDatetimeError("start", start)
        table = self._years.get(start.year) or self._table(start.year)
        loc = start
        if offset != table.fixed_offset:
            loc = start.astimezone(self.tz)
            table = self._years.get(loc.year) or self._table(loc.year)
        i = loc.toordinal() - table.first_ordinal
        micro = ((loc.hour * 60 + loc.minute) * 60 + loc.second) * _US + loc.microsecond
        cum = table.cum
        target = cum[i] + micros
        for s, e in table.days[i]:
            if micro <= s:
                break
            if micro < e:
                target += micro - s
                break
            target += e - s
        if target > cum[-1]:
            return self._instant_at(table, target)
        # The in-year case of `_instant_at`, inlined: this is the deadline hot path.
        j = bisect_left(cum, target) - 1
        rest = target - cum[j]
        for s, e in table.days[j]:
            if rest <= e - s:
                seconds, micro = divmod(s + rest, _US)
                return table.midnights[j] + timedelta(0, seconds, micro)
            rest -= e - s
        raise AssertionError("prefix sums out of step with the day's intervals")

    def _instant_at(self, table: YearTable, target: int) -> datetime:
        """The instant at which the `target`-th open microsecond of `table`'s year ends."""
        skipped = 0
        while target > table.cum[-1]:
            target -= table.cum[-1]
            skipped = skipped + 1 if table.cum[-1] == 0 else 0
            table = self._next_table(table, skipped)
        j = bisect_left(table.cum, target) - 1
        rest = target - table.cum[j]
        for s, e in table.days[j]:
            if rest <= e - s:
                seconds, micro = divmod(s + rest, _US)
                return table.midnights[j] + timedelta(0, seconds, micro)
            rest -= e - s
        raise AssertionError("prefix sums out of step with the day's intervals")

    def service_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Open service time from `a` to `b`; negative when `b` is before `a`."""
        table_a, pos_a = self._position(a, "a")
        table_b, pos_b = self._position(b, "b")
        if table_a.year > table_b.year:
            return -self.service_time_between(b, a)
        for year in range(table_a.year, table_b.year):
            pos_b += self._table(year).cum[-1]
        return _delta(pos_b - pos_a)
