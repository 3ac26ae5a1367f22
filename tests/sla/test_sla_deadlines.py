"""Deadlines on the decrees' calendars across the edges (2026 holidays from the `holidays` package).

Calendar pekalongan-a: Senin-Kamis 07.30-12.00 and 13.00-15.45, Jumat 07.30-11.00 WIB.
Closed in 2026 among others: 18-24 March (Nyepi, Idul Fitri and cuti bersama), 24-25 December,
1 January 2027.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from sla import Duration, Rule, due, load_calendar, parse_duration

A = load_calendar("pekalongan-a")


def _at(text: str, calendar_name: str = "pekalongan-a") -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=load_calendar(calendar_name).tz)


@pytest.mark.parametrize(
    ("start", "sla", "expected"),
    [
        ("2026-03-16T10:00", "1 hari kerja", "2026-03-17T15:45"),
        ("2026-03-17T14:00", "4 hari kerja", "2026-03-30T15:45"),  # 18-24 Mar closed
        ("2026-03-16T07:30", "1 jam", "2026-03-16T08:30"),  # exactly at opening
        ("2026-03-16T10:00", "2 jam", "2026-03-16T12:00"),  # completes at break start: 12.00
        ("2026-03-16T12:00", "30 menit", "2026-03-16T13:30"),  # starts at break start
        ("2026-03-16T12:30", "30 menit", "2026-03-16T13:30"),  # starts inside the break
        ("2026-03-16T13:00", "1 jam", "2026-03-16T14:00"),  # starts at break end
        ("2026-03-16T15:00", "45 menit", "2026-03-16T15:45"),  # completes exactly at closing
        ("2026-03-16T15:45", "1 jam", "2026-03-17T08:30"),  # starts exactly at closing
        ("2026-03-16T20:00", "1 jam", "2026-03-17T08:30"),  # after hours
        ("2026-03-14T09:00", "1 jam", "2026-03-16T08:30"),  # Saturday
        ("2026-03-15T23:59", "kurang lebih 60 menit", "2026-03-16T08:30"),  # Sunday night
        ("2026-03-13T10:00", "2 jam", "2026-03-16T08:30"),  # short Friday: 1 h left on it
        ("2026-03-13T10:00", "1 hari kerja", "2026-03-16T15:45"),  # Friday morning counts as D0
        ("2026-03-13T14:00", "1 hari kerja", "2026-03-17T15:45"),  # Friday after closing
        ("2026-03-17T15:00", "1 jam", "2026-03-25T07:45"),  # 45 min, then over 18-24 Mar
        ("2026-03-19T09:00", "1 hari kerja", "2026-03-26T15:45"),  # on Nyepi: S' = 25 Mar
        ("2026-03-20T14:00", "3 (tiga) hari", "2026-03-30T15:45"),  # cuti bersama; bare hari
        ("2026-03-16T10:00", "45 jam", "2026-04-01T08:00"),
        ("2026-03-02T10:00", "14 Hari", "2026-03-27T11:00"),  # lands on a Friday: 11.00
        ("2026-03-16T10:00", "8 hari kalender (6 hari kerja)", "2026-03-31T15:45"),
        ("2026-12-23T10:00", "1 hari kerja", "2026-12-28T15:45"),  # 24-25 Dec closed
        ("2026-12-30T10:00", "2 hari kerja", "2027-01-04T15:45"),  # New Year
        ("2026-12-31T15:00", "2 jam", "2027-01-04T08:45"),  # across the year end
        ("2026-03-16T10:00", "8 hari kalender", "2026-03-25T00:00"),
        ("2026-03-14T22:00", "1 hari kalender", "2026-03-16T00:00"),  # calendar days ignore hours
        ("2026-01-31T10:00", "1 Bulan", "2026-03-01T00:00"),  # clamped to 28 Feb
        ("2026-03-16T10:00", "3 bulan", "2026-06-17T00:00"),
        ("2026-03-16T03:00+00:00", "1 hari kerja", "2026-03-17T15:45"),  # UTC start = 10.00 WIB
        ("2026-12-31T20:00+00:00", "1 jam", "2027-01-04T08:30"),  # UTC 2026 = 1 Jan 2027 WIB
    ],
)
def test_due_end_of_day_pekalongan_a(start: str, sla: str, expected: str) -> None:
    result = due(A, _at(start), _duration(sla))
    assert result == _at(expected)
    assert result.tzinfo == A.tz


@pytest.mark.parametrize(
    ("start", "sla", "expected"),
    [
        ("2026-03-16T10:00", "1 hari kerja", "2026-03-17T10:00"),
        ("2026-03-12T14:00", "1 hari kerja", "2026-03-13T11:00"),  # Friday closes earlier
        ("2026-03-16T20:00", "1 hari kerja", "2026-03-25T07:30"),  # S' = Tue 07.30
        ("2026-03-16T12:30", "1 hari kerja", "2026-03-17T13:00"),  # in the break: S' = 13.00
        ("2026-03-13T14:00", "2 hari kerja", "2026-03-25T07:30"),  # S' = Mon 07.30
        ("2026-03-16T10:00", "2 jam", "2026-03-16T12:00"),  # the rule only affects hari kerja
    ],
)
def test_due_same_time_pekalongan_a(start: str, sla: str, expected: str) -> None:
    assert due(A, _at(start), _duration(sla), Rule.SAME_TIME) == _at(expected)


@pytest.mark.parametrize(
    ("calendar", "start", "sla", "expected"),
    [
        ("pekalongan-b", "2026-03-16T15:30", "1 jam", "2026-03-17T08:00"),
        ("pekalongan-b", "2026-03-16T11:30", "1 jam", "2026-03-16T13:00"),  # break 12.00-12.30
        ("pekalongan-c", "2026-03-16T07:30", "1 jam", "2026-03-16T09:00"),  # opens at 08.00
        ("pekalongan-c", "2026-03-13T10:00", "1 hari kerja", "2026-03-16T15:45"),
        ("pasuruan-lpse", "2026-03-16T11:00", "2 jam", "2026-03-16T13:00"),  # no break
        ("pasuruan-lpse", "2026-03-13T14:00", "1 jam", "2026-03-16T08:00"),  # Friday to 14.30
        ("pasuruan-asn", "2026-03-13T11:00", "1 jam", "2026-03-13T13:30"),  # Friday prayer break
        ("pasuruan-asn", "2026-03-13T13:00", "1 hari kerja", "2026-03-16T16:00"),
        ("pasuruan-asn", "2026-03-16T07:00+07:00", "1 jam", "2026-03-16T08:30+07:00"),
        ("ppu-asn", "2026-03-16T07:00+07:00", "1 jam", "2026-03-16T09:00+08:00"),  # WITA: open
        ("pasuruan-asn", "2026-03-16T15:30+07:00", "1 hari kerja", "2026-03-17T16:00+07:00"),
        ("ppu-asn", "2026-03-16T15:30+07:00", "1 hari kerja", "2026-03-25T16:00+08:00"),  # closed
    ],
)
def test_due_other_calendars(calendar: str, start: str, sla: str, expected: str) -> None:
    result = due(load_calendar(calendar), _at(start, calendar), _duration(sla))
    assert result == _at(expected, calendar)
    assert result.utcoffset() == _at(expected, calendar).utcoffset()


def test_same_instant_differs_between_wib_and_wita() -> None:
    start = datetime.fromisoformat("2026-03-16T07:00+07:00")  # 08.00 WITA
    jakarta = due(load_calendar("pasuruan-asn"), start, _duration("1 jam"))
    makassar = due(load_calendar("ppu-asn"), start, _duration("1 jam"))
    assert jakarta.isoformat() == "2026-03-16T08:30:00+07:00"
    assert makassar.isoformat() == "2026-03-16T09:00:00+08:00"
    assert (jakarta - makassar).total_seconds() == 30 * 60  # the WITA office opened earlier


def test_rule_given_as_text() -> None:
    start = _at("2026-03-16T10:00")
    assert due(A, start, _duration("1 hari kerja"), "same_time") == _at("2026-03-17T10:00")
    with pytest.raises(ValueError, match="siang"):
        due(A, start, _duration("1 hari kerja"), "siang")


def _duration(text: str) -> Duration:
    parsed = parse_duration(text)
    assert parsed is not None
    return parsed
