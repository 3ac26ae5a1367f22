"""The calendar model: days, holidays, openings, overrides, working-time arithmetic."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sla import (
    Calendar,
    HolidaySource,
    NaiveDatetimeError,
    UnknownCalendarError,
    load_calendar,
    shipped_calendar_names,
)

A = load_calendar("pekalongan-a")
WIB = ZoneInfo("Asia/Jakarta")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def test_shipped_names() -> None:
    assert shipped_calendar_names() == [
        "pasuruan-asn",
        "pasuruan-lpse",
        "pekalongan-a",
        "pekalongan-b",
        "pekalongan-c",
        "ppu-asn",
    ]


@pytest.mark.parametrize("name", shipped_calendar_names())
def test_shipped_calendars_load_and_are_cached(name: str) -> None:
    calendar = load_calendar(name)
    assert calendar is load_calendar(name)
    assert calendar.name == name
    assert calendar.plain_hari == "kerja"
    assert calendar.description


@pytest.mark.parametrize(
    ("name", "weekly_hours", "tz"),
    [
        ("pekalongan-a", 4 * 7.25 + 3.5, "Asia/Jakarta"),
        ("pekalongan-b", 4 * 8 + 3.5, "Asia/Jakarta"),
        ("pekalongan-c", 4 * 7.25 + 3, "Asia/Jakarta"),
        ("pasuruan-lpse", 4 * 8 + 7, "Asia/Jakarta"),
        ("pasuruan-asn", 37.5, "Asia/Jakarta"),  # Perpres 21/2023
        ("ppu-asn", 37.5, "Asia/Makassar"),
    ],
)
def test_weekly_service_hours(name: str, weekly_hours: float, tz: str) -> None:
    calendar = load_calendar(name)
    monday = datetime(2026, 3, 9, tzinfo=calendar.tz)  # a week without holidays
    week = calendar.service_time_between(monday, monday + timedelta(days=7))
    assert week == timedelta(hours=weekly_hours)
    assert calendar.tz == ZoneInfo(tz)


def test_unknown_calendar_lists_known_names() -> None:
    with pytest.raises(UnknownCalendarError) as info:
        load_calendar("pekalongan-z")
    assert "pekalongan-z" in str(info.value)
    assert "pekalongan-a" in str(info.value)
    assert info.value.known == shipped_calendar_names()


def test_intervals_on() -> None:
    assert A.intervals_on(date(2026, 3, 16)) == [
        (_at("2026-03-16T07:30"), _at("2026-03-16T12:00")),
        (_at("2026-03-16T13:00"), _at("2026-03-16T15:45")),
    ]
    assert A.intervals_on(date(2026, 3, 13)) == [(_at("2026-03-13T07:30"), _at("2026-03-13T11:00"))]
    assert A.intervals_on(date(2026, 3, 14)) == []  # Saturday
    assert A.intervals_on(date(2026, 3, 19)) == []  # Nyepi


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2026-03-18", "Cuti Bersama Hari Suci Nyepi"),
        ("2026-03-19", "Hari Suci Nyepi"),
        ("2026-03-20", "Cuti Bersama Hari Raya Idul Fitri"),
        ("2026-03-21", "Hari Raya Idul Fitri"),  # a Saturday
        ("2026-03-22", "Hari kedua dari Hari Raya Idul Fitri"),  # a Sunday
        ("2026-03-23", "Cuti Bersama Hari Raya Idul Fitri"),
        ("2026-03-24", "Cuti Bersama Hari Raya Idul Fitri"),
        ("2026-12-24", "Cuti Bersama Hari Raya Natal"),
        ("2026-12-25", "Hari Raya Natal"),
        ("2027-01-01", "Tahun Baru Masehi"),
        ("2026-03-25", None),
        ("2026-03-14", None),  # a plain Saturday
    ],
)
def test_holiday_names_in_bahasa_indonesia(day: str, name: str | None) -> None:
    assert A.holiday_name(date.fromisoformat(day)) == name


def test_nyepi_and_idul_fitri_week_is_closed() -> None:
    days = [date(2026, 3, 18) + timedelta(days=i) for i in range(7)]
    assert not any(A.is_working_day(d) for d in days)
    assert all(A.holiday_name(d) for d in days)
    assert A.is_working_day(date(2026, 3, 17))
    assert A.is_working_day(date(2026, 3, 25))


@pytest.mark.parametrize(
    ("at", "is_open", "next_opening"),
    [
        ("2026-03-16T07:29:59", False, "2026-03-16T07:30"),
        ("2026-03-16T07:30", True, "2026-03-16T07:30"),  # opening included
        ("2026-03-16T12:00", False, "2026-03-16T13:00"),  # break start excluded
        ("2026-03-16T13:00", True, "2026-03-16T13:00"),
        ("2026-03-16T15:45", False, "2026-03-17T07:30"),  # closing excluded
        ("2026-03-13T11:00", False, "2026-03-16T07:30"),  # Friday closing
        ("2026-03-17T16:00", False, "2026-03-25T07:30"),  # before Nyepi and Idul Fitri
        ("2026-12-23T16:00", False, "2026-12-28T07:30"),  # Christmas
        ("2026-12-31T16:00", False, "2027-01-04T07:30"),  # New Year
    ],
)
def test_is_open_and_next_opening(at: str, is_open: bool, next_opening: str) -> None:
    assert A.is_open(_at(at)) is is_open
    assert A.next_opening(_at(at)) == _at(next_opening)


def test_closing_time() -> None:
    assert A.closing_time(date(2026, 3, 16)) == _at("2026-03-16T15:45")
    assert A.closing_time(date(2026, 3, 13)) == _at("2026-03-13T11:00")
    assert A.closing_time(date(2026, 3, 15)) is None


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        ("2026-03-16", 0, "2026-03-16"),
        ("2026-03-16", 1, "2026-03-17"),
        ("2026-03-17", 1, "2026-03-25"),
        ("2026-03-14", 1, "2026-03-16"),  # from a Saturday
        ("2026-03-19", 1, "2026-03-25"),  # from a holiday
        ("2026-12-23", 1, "2026-12-28"),
        ("2026-12-31", 1, "2027-01-04"),
        ("2026-01-02", 239, "2026-12-31"),  # 2026 has 240 working days, 2 Jan the first
        ("2026-01-02", 240, "2027-01-04"),
    ],
)
def test_add_working_days(day: str, n: int, expected: str) -> None:
    assert A.add_working_days(date.fromisoformat(day), n) == date.fromisoformat(expected)


def test_count_working_days() -> None:
    assert A.count_working_days(date(2026, 3, 16), date(2026, 3, 31)) == 6
    assert A.count_working_days(date(2026, 3, 16), date(2026, 3, 16)) == 0
    assert A.count_working_days(date(2026, 12, 30), date(2027, 1, 4)) == 2


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2026-03-16T10:00", "2026-03-16T14:00", timedelta(hours=3)),  # the break is skipped
        ("2026-03-16T00:00", "2026-03-17T00:00", timedelta(hours=7, minutes=15)),
        ("2026-03-13T10:00", "2026-03-16T08:00", timedelta(hours=1, minutes=30)),
        ("2026-03-17T15:00", "2026-03-25T08:00", timedelta(minutes=75)),
        ("2026-03-16T14:00", "2026-03-16T10:00", -timedelta(hours=3)),  # negative when reversed
        ("2026-12-31T15:00", "2027-01-04T08:00", timedelta(minutes=75)),  # across the year end
    ],
)
def test_service_time_between(a: str, b: str, expected: timedelta) -> None:
    assert A.service_time_between(_at(a), _at(b)) == expected


def test_add_service_time_zero_and_negative() -> None:
    start = _at("2026-03-16T12:30")
    assert A.add_service_time(start, timedelta(0)) == start
    with pytest.raises(ValueError, match="negative"):
        A.add_service_time(start, -timedelta(minutes=1))


def test_add_service_time_over_several_years() -> None:
    start = _at("2026-03-16T10:00")
    end = A.add_service_time(start, timedelta(hours=5000))
    assert end.year == 2029
    assert A.service_time_between(start, end) == timedelta(hours=5000)


@pytest.mark.parametrize(
    "call",
    [
        lambda: A.is_open(datetime(2026, 3, 16, 10)),
        lambda: A.next_opening(datetime(2026, 3, 16, 10)),
        lambda: A.add_service_time(datetime(2026, 3, 16, 10), timedelta(hours=1)),
        lambda: A.service_time_between(_at("2026-03-16T10:00"), datetime(2026, 3, 16, 12)),
    ],
)
def test_naive_datetimes_are_refused(call: object) -> None:
    with pytest.raises(NaiveDatetimeError, match="tanpa zona waktu"):
        call()  # type: ignore[operator]


def test_naive_error_names_the_argument() -> None:
    with pytest.raises(NaiveDatetimeError) as info:
        A.service_time_between(_at("2026-03-16T10:00"), datetime(2026, 3, 16, 12))
    assert info.value.argument == "b"


def test_ten_year_calendar_is_quick() -> None:
    started = time.perf_counter()
    calendar = load_calendar(Path(__file__).parent / "calendars" / "ramadan.yaml")
    start = datetime(2026, 1, 1, tzinfo=calendar.tz)
    calendar.service_time_between(start, start.replace(year=2035, month=12, day=31))
    assert time.perf_counter() - started < 1.0


def _ramadan() -> Calendar:
    return load_calendar(Path(__file__).parent / "calendars" / "ramadan.yaml")


def test_override_replaces_named_weekdays_only() -> None:
    calendar = _ramadan()
    assert [
        (a.time().isoformat("minutes"), b.time().isoformat("minutes"))
        for a, b in calendar.intervals_on(date(2026, 2, 23))
    ] == [("08:00", "15:00")]
    assert calendar.closing_time(date(2026, 2, 27)) == _at("2026-02-27T15:30")  # Friday
    assert calendar.closing_time(date(2026, 2, 24)) == _at("2026-02-24T15:45")  # Tuesday kept
    assert calendar.closing_time(date(2026, 3, 30)) == _at("2026-03-30T15:45")  # after the end
    assert calendar.closing_time(date(2026, 2, 19)) == _at("2026-02-19T15:45")  # a Thursday


def test_override_in_arithmetic() -> None:
    calendar = _ramadan()
    # Monday 23 Feb 10.00-15.00 (5 h), then Tuesday's regular hours from 07.30.
    assert calendar.add_service_time(_at("2026-02-23T10:00"), timedelta(hours=6)) == _at(
        "2026-02-24T08:30"
    )
    assert calendar.next_opening(_at("2026-02-23T07:45")) == _at("2026-02-23T08:00")


def test_extra_and_removed_holidays() -> None:
    calendar = _ramadan()
    assert calendar.holiday_name(date(2026, 4, 1)) == "Hari Jadi Kota"
    assert not calendar.is_working_day(date(2026, 4, 1))
    assert calendar.holiday_name(date(2026, 3, 18)) is None  # cuti bersama served after all
    assert calendar.is_working_day(date(2026, 3, 18))
    assert not calendar.is_working_day(date(2026, 3, 19))  # Nyepi itself still closed


def test_calendar_without_government_category_serves_on_cuti_bersama() -> None:
    calendar = Calendar(
        "publik-saja", WIB, A.week, HolidaySource("ID", ("public",)), description="uji"
    )
    assert calendar.is_working_day(date(2026, 3, 18))  # cuti bersama
    assert not calendar.is_working_day(date(2026, 3, 19))  # Nyepi


def test_zone_with_daylight_saving_time() -> None:
    amsterdam = ZoneInfo("Europe/Amsterdam")
    week = tuple(((9 * 3600 * 10**6, 17 * 3600 * 10**6),) if d < 5 else () for d in range(7))
    calendar = Calendar("uji-dst", amsterdam, week, HolidaySource(None, ()))
    summer = datetime.fromisoformat("2026-07-06T07:00+00:00")  # 09.00 CEST
    assert calendar.add_service_time(summer, timedelta(hours=1)).isoformat() == (
        "2026-07-06T10:00:00+02:00"
    )
    winter = datetime.fromisoformat("2026-01-05T09:00+02:00")  # 08.00 CET: not yet open
    assert calendar.next_opening(winter).isoformat() == "2026-01-05T09:00:00+01:00"
