"""When a step may say it happened: the backdating policy of `--at`.

A step recorded now may give an earlier effective time (it happened on paper
before it was typed in), within limits that keep an SLA result honest:

- not in the future, and not before the case's previous event;
- not more than `max_working_days` working days back (default 5, per
  institution): the limit is the start of the office day that many working
  days before today, on the workflow's own calendar (today counts as day 0, so
  with 5 on a Monday the earliest is the previous Monday, 00.00 local time);
- never before 2000-01-01, and with a UTC offset that is a whole quarter hour
  (WIB +07:00, WITA +08:00, WIT +09:00; `+07:07:12` is a typo, not a zone).

A step whose effective time is more than an hour before its recorded time is
*backdated*: history and JSON mark it so reports can show it.

The per-institution limit comes from ``ALUR_BACKDATE_DAYS``: one number for
every institution (``5``), or ``institution=days`` pairs with an optional
default (``5,ppu=3``).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, time, timedelta

from engine.errors import BadEffectiveTime
from sla import Calendar
from sla.calendar import require_aware

__all__ = ["BACKDATED_AFTER", "backdated", "effective_time", "max_backdate_days"]

DEFAULT_DAYS = 5
BACKDATED_AFTER = timedelta(hours=1)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
ENV = "ALUR_BACKDATE_DAYS"


def max_backdate_days(institution: str) -> int:
    days = DEFAULT_DAYS
    for part in filter(None, (p.strip() for p in os.environ.get(ENV, "").split(","))):
        name, _, value = part.rpartition("=")
        if name in ("", institution) and value.isdigit():
            days = int(value)
    return days


def backdated(effective_at: datetime, recorded_at: datetime) -> bool:
    return recorded_at - effective_at > BACKDATED_AFTER


def _earliest(calendar: Calendar, now: datetime, days: int) -> datetime:
    today = now.astimezone(calendar.tz).date()
    day = today
    for _ in range(days):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=calendar.tz)


def _local(value: datetime, calendar: Calendar) -> str:
    """An instant as staff read it, in the office's own zone."""
    from app.timefmt import long_time

    return long_time(value.astimezone(calendar.tz))


def effective_time(
    ref: str,
    at: datetime | None,
    now: datetime,
    *,
    calendar: Calendar,
    institution: str,
    previous: datetime | None = None,
) -> datetime:
    """The effective time of a step recorded at `now` that says it happened `at`."""
    require_aware(now, "now")
    if at is None:
        return now
    require_aware(at, "at")
    offset = at.utcoffset() or timedelta(0)
    if offset % timedelta(minutes=15):
        raise BadEffectiveTime(
            ref, at, "memakai zona waktu yang tidak dikenal (bukan kelipatan 15 menit)"
        )
    if at > now:
        raise BadEffectiveTime(ref, at, "ada di masa depan")
    if at < EARLIEST:
        raise BadEffectiveTime(ref, at, "sebelum tahun 2000")
    if previous is not None and at < previous:
        raise BadEffectiveTime(
            ref, at, f"lebih awal dari langkah sebelumnya ({_local(previous, calendar)})"
        )
    days = max_backdate_days(institution)
    limit = _earliest(calendar, now, days)
    if at < limit:
        raise BadEffectiveTime(
            ref,
            at,
            f"lebih dari {days} hari kerja yang lalu (paling awal {_local(limit, calendar)})",
        )
    return at
