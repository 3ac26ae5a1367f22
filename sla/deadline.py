"""Deadline rules: when a service commitment started at an instant is due.

Let S be the start and S' = S if the office is open at S, else the next opening instant.

- menit / jam: the instant at which that much open service time has elapsed from S; completing
  exactly at a closing time gives that closing time.
- hari kerja, `Rule.END_OF_DAY`: the closing time of the N-th working day after the local date of
  S' (that date itself not counted).
- hari kerja, `Rule.SAME_TIME`: that same N-th working day at the local time of S', or at its
  closing time if it closes earlier.
- hari kalender: local midnight at the end of the N-th calendar day after the local date of S.
- bulan: local midnight at the end of the same day of the month N months after the local date of
  S, clamped to the last day of a shorter month.
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sla.calendar import Calendar, require_aware
from sla.duration import Duration, Unit

__all__ = ["Rule", "due"]


class Rule(StrEnum):
    """How a hari kerja deadline falls within its last day."""

    END_OF_DAY = "end_of_day"
    SAME_TIME = "same_time"


_JAM, _MENIT, _HARI_KERJA = Unit.JAM, Unit.MENIT, Unit.HARI_KERJA
_SAME_TIME, _END_OF_DAY = Rule.SAME_TIME, Rule.END_OF_DAY


def due(
    calendar: Calendar, start: datetime, duration: Duration, rule: Rule | str = Rule.END_OF_DAY
) -> datetime:
    """The deadline of `duration` started at `start`, aware, in the calendar's time zone."""
    unit = duration.unit  # compared by identity to module constants: the fast way
    if unit is _JAM:
        return calendar.add_service_micros(start, duration.value * 3_600_000_000)
    if unit is _MENIT:
        return calendar.add_service_micros(start, duration.value * 60_000_000)
    if unit is _HARI_KERJA:
        same_time = rule is _SAME_TIME or (rule is not _END_OF_DAY and Rule(rule) is _SAME_TIME)
        return calendar.working_days_deadline(start, duration.value, same_time)
    local = require_aware(start, "start").astimezone(calendar.tz).date()
    if unit is Unit.HARI_KALENDER:
        return _end_of(calendar, local + timedelta(days=duration.value))
    return _end_of(calendar, add_months(local, duration.value))


def _end_of(calendar: Calendar, day: date) -> datetime:
    """Local midnight at the end of `day` (00:00 of the next day)."""
    return datetime.combine(day + timedelta(days=1), time(), calendar.tz)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, clamped to that month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
