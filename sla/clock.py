"""The SLA clock of one case: start, pause, resume, reset, stop, and its status at an instant.

A `Clock` is an immutable value of plain fields (persisted as columns); every operation returns
a new one. Time does not run while a clock is paused: on resume the deadline moves later by the
open service time spent paused, and that service time is added to `paused_total`.

How late (or how much is left) is given in whole working days plus service time: the whole
working days are the working days whose entire opening hours (first opening to last closing)
lie between the deadline and the instant measured (or between that instant and the deadline);
the service time is the rest of the open time in that span. So a deadline of Tuesday 15.45
measured on Thursday 10.00 (calendar pekalongan-a) is "terlambat 1 hari kerja 2 jam 30 menit":
all of Wednesday, plus Thursday 07.30-10.00.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from sla.calendar import Calendar, require_aware
from sla.deadline import Rule, due
from sla.duration import Duration
from sla.errors import ClockStateError

__all__ = ["Clock", "SlaStatus", "State", "due", "format_service_time", "status"]

_ZERO = timedelta(0)
RuleName = Rule | str


class State(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"

    @property
    def label(self) -> str:
        """The state in Bahasa Indonesia, for people."""
        return _LABELS[self]


_LABELS = {State.ON_TRACK: "sesuai jadwal", State.AT_RISK: "berisiko", State.BREACHED: "terlambat"}


@dataclass(frozen=True)
class Clock:
    """One case's SLA clock; `paused_total` is the open service time spent paused."""

    started_at: datetime
    due_at: datetime
    paused_at: datetime | None = None
    stopped_at: datetime | None = None
    paused_total: timedelta = _ZERO

    @classmethod
    def start(
        cls, calendar: Calendar, at: datetime, duration: Duration, rule: RuleName = Rule.END_OF_DAY
    ) -> Clock:
        """A running clock started at `at`, due by `duration` under `rule`."""
        return cls(require_aware(at, "at"), due(calendar, at, duration, rule))

    def pause(self, calendar: Calendar, at: datetime) -> Clock:
        """Paused at `at` (e.g. waiting on the applicant)."""
        self._check_running("pause", calendar, at)
        return replace(self, paused_at=at)

    def resume(self, calendar: Calendar, at: datetime) -> Clock:
        """Running again; the deadline moves later by the service time spent paused."""
        require_aware(at, "at")
        if self.paused_at is None:
            raise ClockStateError("resume", "jam SLA tidak sedang dijeda")
        if at < self.paused_at:
            raise ClockStateError("resume", f"waktu {at.isoformat()} sebelum jeda dimulai")
        spent = calendar.service_time_between(self.paused_at, at)
        return replace(
            self,
            due_at=calendar.add_service_time(self.due_at, spent),
            paused_at=None,
            paused_total=self.paused_total + spent,
        )

    def reset(
        self, calendar: Calendar, at: datetime, duration: Duration, rule: RuleName = Rule.END_OF_DAY
    ) -> Clock:
        """A fresh clock started at `at` (e.g. a returned file came back complete)."""
        return Clock.start(calendar, at, duration, rule)

    def stop(self, at: datetime) -> Clock:
        """Stopped at `at`; a clock stopped while paused keeps measuring to its pause."""
        require_aware(at, "at")
        if self.stopped_at is not None:
            raise ClockStateError("stop", "jam SLA sudah berhenti")
        return replace(self, stopped_at=at)

    def _check_running(self, action: str, calendar: Calendar, at: datetime) -> None:
        require_aware(at, "at")
        if self.stopped_at is not None:
            raise ClockStateError(action, "jam SLA sudah berhenti")
        if self.paused_at is not None:
            raise ClockStateError(action, "jam SLA sudah dijeda")
        if at < self.started_at:
            raise ClockStateError(action, f"waktu {at.isoformat()} sebelum jam SLA dimulai")

    def measured_at(self, at: datetime) -> datetime:
        """The instant the clock is measured at when asked at `at` (its pause, stop, or `at`)."""
        return self.paused_at or self.stopped_at or at


@dataclass(frozen=True)
class SlaStatus:
    """Where a clock stands at an instant."""

    state: State
    due_at: datetime
    measured_at: datetime
    elapsed: timedelta
    """Open service time used, pauses excluded."""
    budget: timedelta
    """Open service time from the first opening at or after the start to the deadline."""
    remaining_working_days: int
    remaining_service_time: timedelta
    """Open service time left beyond `remaining_working_days`; zero when breached."""
    late_working_days: int
    late_service_time: timedelta
    """Open service time overdue beyond `late_working_days`; zero when not breached."""
    paused: bool = False
    stopped: bool = False

    def describe(self) -> str:
        """E.g. "terlambat 2 hari kerja 3 jam 15 menit", "sisa 1 hari kerja 2 jam"."""
        if self.state is State.BREACHED:
            if not self.late_working_days and self.late_service_time < timedelta(minutes=1):
                return "terlambat, tenggat sudah lewat"
            text = "terlambat " + _days_and_time(self.late_working_days, self.late_service_time)
        elif self.stopped:
            return "tepat waktu"
        else:
            left = _days_and_time(self.remaining_working_days, self.remaining_service_time)
            text = f"sisa {left}"
        return f"{text} (dijeda)" if self.paused and not self.stopped else text


def status(calendar: Calendar, clock: Clock, at: datetime, at_risk: float = 0.75) -> SlaStatus:
    """The status of `clock` at `at`; a paused or stopped clock is measured at its pause/stop."""
    require_aware(at, "at")
    measured = clock.measured_at(at)
    opening = calendar.next_opening(clock.started_at)
    budget = calendar.service_time_between(opening, clock.due_at) - clock.paused_total
    elapsed = max(calendar.service_time_between(opening, measured) - clock.paused_total, _ZERO)
    late = measured > clock.due_at
    if late:
        state = State.BREACHED
    elif budget <= _ZERO or elapsed >= budget * at_risk:
        state = State.AT_RISK
    else:
        state = State.ON_TRACK
    span = (clock.due_at, measured) if late else (measured, clock.due_at)
    days, rest = whole_days_and_rest(calendar, *span)
    return SlaStatus(
        state=state,
        due_at=clock.due_at,
        measured_at=measured,
        elapsed=elapsed,
        budget=budget,
        remaining_working_days=0 if late else days,
        remaining_service_time=_ZERO if late else rest,
        late_working_days=days if late else 0,
        late_service_time=rest if late else _ZERO,
        paused=clock.paused_at is not None,
        stopped=clock.stopped_at is not None,
    )


def whole_days_and_rest(calendar: Calendar, a: datetime, b: datetime) -> tuple[int, timedelta]:
    """Working days lying wholly within [a, b], and the rest of the open time between them."""
    total = calendar.service_time_between(a, b)
    if total <= _ZERO:
        return 0, _ZERO
    first_day = a.astimezone(calendar.tz).date()
    intervals = calendar.intervals_on(first_day)
    opens_after_a = bool(intervals) and a <= intervals[0][0]
    before_first = first_day - timedelta(days=1) if opens_after_a else first_day
    last_day = b.astimezone(calendar.tz).date()
    count = calendar.count_working_days(before_first, last_day)
    closing = calendar.closing_time(last_day)
    if count and closing is not None and b < closing:
        count -= 1
    if count == 0:
        return 0, total
    return count, total - _service_time_of_days(calendar, before_first, count)


def _service_time_of_days(calendar: Calendar, before_first: date, count: int) -> timedelta:
    first = calendar.add_working_days(before_first, 1)
    last = calendar.add_working_days(before_first, count)
    opening = calendar.intervals_on(first)[0][0]
    closing = calendar.closing_time(last)
    assert closing is not None
    return calendar.service_time_between(opening, closing)


def format_service_time(value: timedelta) -> str:
    """Hours and minutes in Bahasa Indonesia ("2 jam 15 menit"), rounded down to the minute."""
    minutes = int(value.total_seconds() // 60)
    if minutes <= 0:
        return "kurang dari 1 menit" if value > _ZERO else "0 menit"
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} jam"] if hours else []
    parts += [f"{minutes} menit"] if minutes else []
    return " ".join(parts)


def _days_and_time(days: int, rest: timedelta) -> str:
    if days and rest < timedelta(minutes=1):
        return f"{days} hari kerja"
    time_text = format_service_time(rest)
    return f"{days} hari kerja {time_text}" if days else time_text
