"""Applying a step's clock effect to a case's stored clock fields.

The engine says *what* a step does to the clock (start, pause, resume, reset,
stop); this module computes the new column values with the `sla` package, on
the calendar the workflow names.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from engine.case import ClockEffect
from engine.definition import Definition
from sla import Calendar, Clock, Duration, SlaStatus, due, load_calendar, parse_duration, status
from storage.schema import DERIVED_COLUMNS

TICK = timedelta(microseconds=1)
"""The resolution of stored instants: a clock due at D is late from D + TICK."""

__all__ = [
    "DERIVED_COLUMNS",
    "TICK",
    "ClockFields",
    "apply_effect",
    "at_risk_instant",
    "case_status",
    "commitment",
    "derived_columns",
    "sla_status",
    "step_due",
    "step_status",
    "stored_status",
]


@dataclass(frozen=True)
class ClockFields:
    started_at: datetime | None = None
    due_at: datetime | None = None
    paused_at: datetime | None = None
    stopped_at: datetime | None = None
    paused_seconds: int = 0

    @classmethod
    def from_row(cls, row: Any) -> ClockFields:
        return cls(
            row.clock_started_at,
            row.clock_due_at,
            row.clock_paused_at,
            row.clock_stopped_at,
            row.clock_paused_seconds,
        )

    def columns(self) -> dict[str, Any]:
        return {
            "clock_started_at": self.started_at,
            "clock_due_at": self.due_at,
            "clock_paused_at": self.paused_at,
            "clock_stopped_at": self.stopped_at,
            "clock_paused_seconds": self.paused_seconds,
        }


def _read(definition: Definition, text: str) -> tuple[Calendar, Duration | None]:
    """The workflow's calendar, and `text` read as a duration on it (None: no commitment)."""
    calendar = load_calendar(definition.sla.calendar)
    return calendar, parse_duration(text, calendar.plain_hari)


def commitment(definition: Definition, variant: str | None) -> tuple[Calendar, Duration | None]:
    return _read(definition, definition.sla_text(variant))


def _to_clock(fields: ClockFields) -> Clock | None:
    if fields.started_at is None or fields.due_at is None:
        return None
    paused = timedelta(seconds=fields.paused_seconds)
    return Clock(fields.started_at, fields.due_at, fields.paused_at, fields.stopped_at, paused)


def _from_clock(clock: Clock) -> ClockFields:
    seconds = int(clock.paused_total / timedelta(seconds=1))
    return ClockFields(clock.started_at, clock.due_at, clock.paused_at, clock.stopped_at, seconds)


def apply_effect(
    definition: Definition,
    variant: str | None,
    fields: ClockFields,
    effect: ClockEffect,
    at: datetime,
) -> ClockFields:
    """The clock after `effect` at instant `at` (see `sla.Clock` for each rule).

    A service without a commitment keeps a start and stop time but no deadline.
    """
    calendar, duration = commitment(definition, variant)
    if effect in (ClockEffect.START, ClockEffect.RESET):
        if duration is None:
            return ClockFields(started_at=at)
        return _from_clock(Clock.start(calendar, at, duration, definition.sla.rule))
    clock = _to_clock(fields)
    if clock is None:  # no commitment: only remember when the office stopped
        return replace(fields, stopped_at=at) if effect is ClockEffect.STOP else fields
    if effect is ClockEffect.PAUSE:
        return _from_clock(clock.pause(calendar, at))
    if effect is ClockEffect.RESUME:
        return _from_clock(clock.resume(calendar, at))
    if effect is ClockEffect.STOP:
        return _from_clock(clock.stop(at))
    return fields


def sla_status(
    definition: Definition, variant: str | None, fields: ClockFields, at: datetime
) -> dict[str, str | None]:
    """`sla` (the commitment as read), `status` and `detail` (Bahasa Indonesia) at `at`."""
    calendar, duration = commitment(definition, variant)
    sla = duration.describe() if duration else "tidak ditetapkan standar waktu"
    clock = _to_clock(fields)
    if duration is None:
        return {"sla": sla, "status": "none", "detail": "tanpa standar waktu"}
    if clock is None:
        return {"sla": sla, "status": "not_started", "detail": "jam SLA belum berjalan"}
    result = _status(calendar, clock, at, definition.sla.at_risk)
    return {"sla": sla, "status": result.state.value, "detail": result.describe(), **_late(result)}


def _status(calendar: Calendar, clock: Clock, at: datetime, threshold: float) -> SlaStatus:
    """`sla.status`; for a late clock from a cache: how late it is depends only on its
    deadline and the instant measured (and whether it stands paused or stopped), and many
    cases share a deadline (a day's closing), so a report of thousands of late cases works
    out each distinct lateness once."""
    measured = clock.measured_at(at)
    if measured <= clock.due_at:
        return status(calendar, clock, at, threshold)
    return _late_status(calendar, clock.due_at, clock.paused_at, clock.stopped_at, measured)


@lru_cache(maxsize=16384)
def _late_status(
    calendar: Calendar,
    due_at: datetime,
    paused_at: datetime | None,
    stopped_at: datetime | None,
    measured: datetime,
) -> SlaStatus:
    return status(calendar, Clock(due_at, due_at, paused_at, stopped_at), measured)


def _late(result: Any) -> dict[str, Any]:
    """How late, as numbers: whole working days and the open service time beyond them."""
    seconds = int(result.late_service_time.total_seconds())
    return {"late_days": result.late_working_days, "late_seconds": seconds}


def step_due(definition: Definition, state: str, at: datetime) -> datetime | None:
    """The deadline of the step just entered, where the decree gives one."""
    text = definition.states[state].sla
    if not text:
        return None
    calendar, duration = _read(definition, text)
    return due(calendar, at, duration, definition.sla.rule) if duration else None


_RANK = {"breached": 3, "at_risk": 2, "on_track": 1}


def step_status(definition: Definition, row: Any, at: datetime) -> dict[str, Any] | None:
    """The current step's own clock at `at`, where the decree gives the step a commitment:
    it runs from entering the step (`last_event_at`, the newest step) to `step_due_at`.
    None for a step without one, or a closed case."""
    if row.step_due_at is None or row.outcome is not None or row.last_event_at is None:
        return None
    calendar = load_calendar(definition.sla.calendar)
    clock = Clock(row.last_event_at, row.step_due_at, None, None, timedelta(0))
    result = _status(calendar, clock, at, definition.sla.at_risk)
    return {
        "status": result.state.value,
        "detail": result.describe(),
        "due": row.step_due_at,
        **_late(result),
    }


def case_status(definition: Definition, row: Any, at: datetime) -> dict[str, Any]:
    """The case's status at `at`: the worst of its whole-case clock and its current step's.

    Keys: `sla` (the commitment as read), `status` and `detail` (the worst of the two),
    `case_status`/`case_detail`, `step_status`/`step_detail` (None without a step
    commitment), `deadline` (the earlier of the two deadlines that apply) and `deadline_of`
    (``permohonan`` or ``tahap``)."""
    whole = sla_status(definition, row.variant, ClockFields.from_row(row), at)
    step = step_status(definition, row, at)
    result: dict[str, Any] = {
        **whole,
        "case_status": whole["status"],
        "case_detail": whole["detail"],
        "step_status": step["status"] if step else None,
        "step_detail": step["detail"] if step else None,
        "deadline": row.clock_due_at if row.clock_stopped_at is None else None,
        "deadline_of": "permohonan",
    }
    if step is None:
        return result
    if _RANK[step["status"]] > _RANK.get(str(whole["status"]), 0):
        result["status"], result["detail"] = step["status"], f"tahap ini {step['detail']}"
        result["late_days"], result["late_seconds"] = step["late_days"], step["late_seconds"]
    if result["deadline"] is None or step["due"] < result["deadline"]:
        result["deadline"], result["deadline_of"] = step["due"], "tahap"
    return result


# Columns derived from the others on every write of a case (migration 0009): the instants
# its status changes at, so that "late now" and "at risk now" are indexed range queries, and
# the service time it took once its clock stopped, so that compliance counts in SQL.
# (storage.schema.DERIVED_COLUMNS names them)


@lru_cache(maxsize=4096)
def at_risk_instant(calendar: Calendar, clock: Clock, threshold: float) -> datetime:
    """The first instant `sla.status` finds `clock` (running) at risk: the service time used
    reaches `threshold` of the budget (from the first opening at or after the start to the
    deadline, pauses excluded). A budget of nothing is at risk from its first opening.
    Cached: a sweep meets many clocks started at the same instant (monitoring)."""
    opening = calendar.next_opening(clock.started_at)
    budget = calendar.service_time_between(opening, clock.due_at) - clock.paused_total
    if budget <= timedelta(0):
        return opening
    return calendar.add_service_time(opening, clock.paused_total + budget * threshold)


def _instants(
    calendar: Calendar, clock: Clock, threshold: float
) -> tuple[datetime | None, datetime | None]:
    """When `clock` became (or becomes) at risk and late. A paused or stopped clock is
    measured at its pause or stop for good: only what had happened by then holds."""
    at_risk, late = at_risk_instant(calendar, clock, threshold), clock.due_at + TICK
    frozen = clock.paused_at or clock.stopped_at
    if frozen is None:
        return at_risk, late
    return (at_risk if at_risk <= frozen else None), (late if late <= frozen else None)


def _taken(calendar: Calendar, fields: ClockFields) -> tuple[int | None, int | None]:
    """Service seconds (pauses excluded, up to a pause it stopped in) and working days (after
    the start's day, through the stop's) a stopped clock took; None while it runs."""
    if fields.started_at is None or fields.stopped_at is None:
        return None, None
    measured = fields.paused_at or fields.stopped_at
    spent = calendar.service_time_between(calendar.next_opening(fields.started_at), measured)
    seconds = max(int(spent.total_seconds()) - fields.paused_seconds, 0)
    start_day = fields.started_at.astimezone(calendar.tz).date()
    days = calendar.count_working_days(start_day, fields.stopped_at.astimezone(calendar.tz).date())
    return seconds, days


def derived_columns(
    definition: Definition,
    variant: str | None,
    fields: ClockFields,
    step_due_at: datetime | None,
    step_since: datetime | None,
    outcome: str | None,
) -> dict[str, Any]:
    """DERIVED_COLUMNS of a case with these clock fields, current step deadline (entered at
    `step_since`) and outcome: `case_status` at any later instant `now` is late where an
    instant `*late_at <= now`, else at risk where an `*at_risk_at <= now` (the worst of the
    case's clock and its step's), and the service taken once the clock stopped."""
    calendar, duration = commitment(definition, variant)
    threshold = definition.sla.at_risk
    values: dict[str, Any] = dict.fromkeys(DERIVED_COLUMNS)
    clock = _to_clock(fields)
    if duration is not None and clock is not None:
        values["at_risk_at"], values["late_at"] = _instants(calendar, clock, threshold)
    if step_due_at is not None and step_since is not None and outcome is None:
        step = _instants(calendar, Clock(step_since, step_due_at), threshold)
        values["step_at_risk_at"], values["step_late_at"] = step
    values["service_seconds"], values["service_days"] = _taken(calendar, fields)
    return values


def _reached(row: Any, late: str, at_risk: str, now: datetime) -> str | None:
    if getattr(row, late) is not None and getattr(row, late) <= now:
        return "breached"
    if getattr(row, at_risk) is not None and getattr(row, at_risk) <= now:
        return "at_risk"
    return None


def stored_status(row: Any, now: datetime) -> tuple[str | None, str | None]:
    """`breached`, `at_risk` or None for the case's clock and its step's at `now`, read from
    the stored DERIVED_COLUMNS alone (no calendar); `case_status` agrees where it says
    either word (for `now` at or after the case's newest change)."""
    return (_reached(row, "late_at", "at_risk_at", now),
            _reached(row, "step_late_at", "step_at_risk_at", now))  # fmt: skip
