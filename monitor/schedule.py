"""A case's alert state at an instant, and the next instant that state can change.

Pure: the case row, its definition and the policy come in, nothing is read or written.

The instants that matter (each on the workflow's office calendar):

- *at risk*: the service time used reaches the threshold share of the budget (the budget
  as `sla.status` counts it: from the first opening at or after the start to the deadline,
  pauses excluded);
- *late*: the first instant after the deadline (at the deadline itself a case is on time);
- *late for more than N working days* (`asisten_after`, `sekda_after`): from the close of
  the N-th working day after the deadline's day (a deadline of Tuesday 15.45 is late for
  more than 1 working day from Wednesday's closing, so the Asisten hears on Thursday);
- *waiting on the applicant*: `chase_applicant_after` working days after the last step
  (the close of that working day), and the lapse time of `sla.lapse_after`;
- *the next working day*: while a level holds, it repeats once per working day, so the
  next opening of the office after today's closing.

`next_alert_at` is the earliest of these after `now`; `NEVER` when nothing can change
(no commitment, or a paused clock: any step that resumes it moves the case's version, and
the database then clears the schedule, see migration 0006).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from app.clockwork import at_risk_instant
from app.lifecycle import lapse_rule
from app.timefmt import long_time
from engine.definition import Definition
from monitor.policy import Level, Policy
from sla import Calendar, Clock, due, load_calendar, parse_duration, status

__all__ = ["NEVER", "ActiveLevel", "Assessment", "assess", "next_working_opening"]

NEVER = datetime(9999, 1, 1, tzinfo=UTC)
_TICK = timedelta(seconds=1)
_DAY = timedelta(hours=8)  # a working day's weight when sorting by lateness only


@dataclass(frozen=True)
class ActiveLevel:
    level: Level
    status: str  # at_risk | breached | menunggu_pemohon
    deadline: datetime | None
    deadline_of: str  # permohonan | tahap | pemohon
    detail: str  # e.g. "terlambat 2 hari kerja 3 jam"
    late: timedelta  # open service time past the deadline (sorting: most late first)
    holder_only: bool = False  # a step commitment: only the step's holder hears


@dataclass(frozen=True)
class Assessment:
    levels: list[ActiveLevel] = field(default_factory=list)
    lapse_due: bool = False
    next_at: datetime = NEVER


@lru_cache(maxsize=256)
def next_working_opening(calendar: Calendar, now: datetime) -> datetime:
    """The office's first opening after today's closing (or after `now` if closed already)."""
    closing = calendar.closing_time(now.astimezone(calendar.tz).date())
    base = closing if closing is not None and now < closing else now
    return calendar.next_opening(base if base > now else now + _TICK)


def _days(calendar: Calendar, n: int) -> Any:
    return parse_duration(f"{n} hari kerja", calendar.plain_hari)


@lru_cache(maxsize=4096)
def _escalation_at(calendar: Calendar, deadline: datetime, n: int) -> datetime:
    """Cached: under the end-of-day rule many cases share a deadline (a day's closing)."""
    day = calendar.add_working_days(deadline.astimezone(calendar.tz).date(), n)
    closing = calendar.closing_time(day)
    assert closing is not None  # a working day has opening hours
    return closing if n else deadline


def _clock_levels(
    calendar: Calendar,
    clock: Clock,
    now: datetime,
    threshold: float,
    policy: Policy,
    step: bool,
) -> tuple[list[ActiveLevel], list[datetime]]:
    """The levels of one clock at `now` and its next marks. Only what can matter is computed:
    before the deadline the marks are the at-risk instant and the deadline (escalations come
    later still); after it, the escalation instants."""
    late_at = clock.due_at + _TICK
    if now >= late_at:
        escalations = None if step else _escalations(policy)
        levels, marks = _breached(calendar, clock.due_at, now, escalations)
        return list(levels), list(marks)
    at_risk_at = at_risk_instant(calendar, clock, threshold)
    if now < at_risk_at:
        return [], [at_risk_at, late_at]
    result = status(calendar, clock, now, threshold)
    of, text = _wording(result.describe(), step)
    level = ActiveLevel(
        Level.AT_RISK, "at_risk", clock.due_at, of, text, timedelta(0), holder_only=step
    )
    return [level], [late_at]


def _wording(described: str, step: bool) -> tuple[str, str]:
    return ("tahap", f"tahap ini {described}") if step else ("permohonan", described)


@lru_cache(maxsize=4096)
def _breached(
    calendar: Calendar, due_at: datetime, now: datetime, escalations: tuple[int, int] | None
) -> tuple[tuple[ActiveLevel, ...], tuple[datetime, ...]]:
    """The levels of a clock past its deadline, and its next escalation marks. They depend
    on the deadline alone, not on the case (`escalations` None: a step's clock, which only
    its holder hears of). Cached: under the end-of-day rule a deadline is a day's closing,
    shared by every case started that day, so a catch-up sweep over 100,000 late cases
    computes each distinct deadline once."""
    described, late = _late(calendar, due_at, now)
    of, text = _wording(described, escalations is None)
    step = escalations is None

    def active(level: Level) -> ActiveLevel:
        return ActiveLevel(level, "breached", due_at, of, text, late, holder_only=step)

    levels, marks = [active(Level.BREACHED)], []
    if escalations is not None:
        for n, higher in zip(escalations, (Level.ASISTEN, Level.SEKDA), strict=True):
            mark = _escalation_at(calendar, due_at, n) + _TICK
            if now >= mark:
                levels.append(active(higher))
            else:
                marks.append(mark)
    return tuple(levels), tuple(marks)


@lru_cache(maxsize=4096)
def _late(calendar: Calendar, due_at: datetime, now: datetime) -> tuple[str, timedelta]:
    """How late a running clock due at `due_at` is at `now` (it depends on nothing else),
    and the open time past the deadline, for sorting. Cached: many cases share a deadline."""
    result = status(calendar, Clock(due_at, due_at), now)
    return result.describe(), result.late_service_time + _DAY * result.late_working_days


def _escalations(policy: Policy) -> tuple[int, int]:
    return policy.asisten_after, policy.sekda_after


def _case_clock(row: Any) -> Clock | None:
    if row.clock_started_at is None or row.clock_due_at is None:
        return None
    if row.clock_paused_at is not None or row.clock_stopped_at is not None:
        return None
    paused = timedelta(seconds=row.clock_paused_seconds or 0)
    return Clock(row.clock_started_at, row.clock_due_at, None, None, paused)


def _waiting(
    d: Definition, row: Any, calendar: Calendar, now: datetime, policy: Policy
) -> Assessment:
    since = row.last_event_at or row.received_at
    chase_at = due(calendar, since, _days(calendar, policy.chase_applicant_after), d.sla.rule)
    marks = [chase_at]
    levels = []
    if now >= chase_at:
        detail = (
            f"menunggu pemohon lebih dari {policy.chase_applicant_after} hari kerja "
            f"(sejak {long_time(since.astimezone(calendar.tz))}); mohon hubungi pemohon"
        )
        levels.append(
            ActiveLevel(Level.APPLICANT, "menunggu_pemohon", None, "pemohon", detail, timedelta(0))
        )
    if row.step_due_at is not None and row.last_event_at is not None:
        # the applicant's step has its own commitment (e.g. return a borrowed file in 3
        # days): its holder, the staff recording the applicant's steps, hears of it
        step_levels, step_marks = _clock_levels(
            calendar,
            Clock(row.last_event_at, row.step_due_at),
            now,
            policy.threshold(d.sla.at_risk),
            policy,
            step=True,
        )
        levels += step_levels
        marks += step_marks
    lapse_due = False
    rule = lapse_rule(d)
    duration = parse_duration(rule, calendar.plain_hari) if rule else None
    if duration is not None:
        lapse_at = due(calendar, since, duration, d.sla.rule)
        lapse_due = now >= lapse_at
        marks.append(lapse_at)
    return _finish(calendar, now, levels, marks, lapse_due)


def _finish(
    calendar: Calendar, now: datetime, levels: list[ActiveLevel], marks: list[datetime], lapse: bool
) -> Assessment:
    if levels:
        marks.append(next_working_opening(calendar, now))
    later = [m for m in marks if m > now]
    return Assessment(levels, lapse, min(later, default=NEVER))


def assess(d: Definition, row: Any, policy: Policy, now: datetime) -> Assessment:
    """The levels that hold for open case `row` at `now`, and when to look again."""
    calendar = load_calendar(d.sla.calendar)
    if row.outcome is not None:
        return Assessment()
    if row.role is not None and d.roles[row.role].applicant:
        return _waiting(d, row, calendar, now, policy)
    threshold = policy.threshold(d.sla.at_risk)
    levels: list[ActiveLevel] = []
    marks: list[datetime] = []
    clock = _case_clock(row)
    if clock is not None:
        levels, marks = _clock_levels(calendar, clock, now, threshold, policy, step=False)
    if row.step_due_at is not None and row.last_event_at is not None:
        step_clock = Clock(row.last_event_at, row.step_due_at)
        step_levels, step_marks = _clock_levels(
            calendar, step_clock, now, threshold, policy, step=True
        )
        marks += step_marks
        have = {a.level for a in levels}
        levels += [a for a in step_levels if a.level not in have]
    return _finish(calendar, now, levels, marks, False)
