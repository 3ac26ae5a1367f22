"""Applying a step's clock effect to a case's stored clock fields.

The engine says *what* a step does to the clock (start, pause, resume, reset,
stop); this module computes the new column values with the `sla` package, on
the calendar the workflow names.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from engine.case import ClockEffect
from engine.definition import Definition
from sla import Calendar, Clock, Duration, due, load_calendar, parse_duration, status

__all__ = [
    "ClockFields",
    "apply_effect",
    "case_status",
    "commitment",
    "sla_status",
    "step_due",
    "step_status",
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
    result = status(calendar, clock, at, definition.sla.at_risk)
    return {"sla": sla, "status": result.state.value, "detail": result.describe(), **_late(result)}


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
    result = status(calendar, clock, at, definition.sla.at_risk)
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
