"""The fast arithmetic agrees with a plain day-by-day reference on random calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from sla import Calendar, Duration, HolidaySource, Rule, Unit, due

WIB = ZoneInfo("Asia/Jakarta")
MINUTE_US = 60_000_000
FIRST = datetime(2026, 1, 1)

Week = list[list[tuple[int, int]]]  # per weekday, (open, close) in minutes from midnight


@st.composite
def weeks(draw: st.DrawFn) -> Week:
    week = []
    for _ in range(7):
        bounds = draw(st.lists(st.integers(0, 1440), unique=True, max_size=6))
        bounds = sorted(bounds)[: len(bounds) // 2 * 2]
        week.append(list(zip(bounds[::2], bounds[1::2], strict=True)))
    return week


holiday_sets = st.sets(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=60)
starts = st.integers(0, 640 * 24 * 60).map(lambda m: FIRST + timedelta(minutes=m))
settings_ = settings(max_examples=200, deadline=None)


def _calendar(week: Week, holidays: set[date]) -> Calendar:
    hours = tuple(tuple((s * MINUTE_US, e * MINUTE_US) for s, e in day) for day in week)
    source = HolidaySource(None, (), {d: "Libur" for d in holidays})
    return Calendar("acak", WIB, hours, source)


def _ref_intervals(week: Week, holidays: set[date], day: date) -> list[tuple[datetime, datetime]]:
    if day in holidays:
        return []
    midnight = datetime.combine(day, datetime.min.time())
    return [
        (midnight + timedelta(minutes=s), midnight + timedelta(minutes=e))
        for s, e in week[day.weekday()]
    ]


def _ref_add(week: Week, holidays: set[date], start: datetime, minutes: int) -> datetime:
    left, day, now = timedelta(minutes=minutes), start.date(), start
    while True:
        for s, e in _ref_intervals(week, holidays, day):
            s = max(s, now)
            if e > s:
                if left <= e - s:
                    return s + left
                left -= e - s
        day += timedelta(days=1)


def _ref_opening(week: Week, holidays: set[date], start: datetime) -> datetime:
    day = start.date()
    while True:
        for s, e in _ref_intervals(week, holidays, day):
            if e > start:
                return max(s, start)
        day += timedelta(days=1)


def _ref_working_day(week: Week, holidays: set[date], start: datetime, n: int) -> date:
    day = _ref_opening(week, holidays, start).date()
    while n:
        day += timedelta(days=1)
        n -= 1 if _ref_intervals(week, holidays, day) else 0
    return day


@settings_
@given(weeks().filter(lambda w: any(w)), holiday_sets, starts, st.integers(1, 3000))
def test_service_time_matches_reference(
    week: Week, holidays: set[date], start: datetime, minutes: int
) -> None:
    calendar = _calendar(week, holidays)
    aware = start.replace(tzinfo=WIB)
    result = due(calendar, aware, Duration(minutes, Unit.MENIT, f"{minutes} menit"))
    assert result == _ref_add(week, holidays, start, minutes).replace(tzinfo=WIB)
    assert calendar.service_time_between(aware, result) == timedelta(minutes=minutes)
    assert calendar.next_opening(aware) == _ref_opening(week, holidays, start).replace(tzinfo=WIB)


@settings_
@given(weeks().filter(lambda w: any(w)), holiday_sets, starts, st.integers(1, 40))
def test_working_days_match_reference(
    week: Week, holidays: set[date], start: datetime, n: int
) -> None:
    calendar = _calendar(week, holidays)
    aware = start.replace(tzinfo=WIB)
    day = _ref_working_day(week, holidays, start, n)
    closing = _ref_intervals(week, holidays, day)[-1][1]
    duration = Duration(n, Unit.HARI_KERJA, f"{n} hari kerja")
    assert due(calendar, aware, duration) == closing.replace(tzinfo=WIB)
    same_time = min(datetime.combine(day, _ref_opening(week, holidays, start).time()), closing)
    assert due(calendar, aware, duration, Rule.SAME_TIME) == same_time.replace(tzinfo=WIB)
